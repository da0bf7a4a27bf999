"""The packaged gazetteer ``data/gazetteer.pkl.xz``: columns of places and indexes of their
folded names.

The file is written by ``scripts/build_gazetteer.py`` (which also writes a readable
``gazetteer.tsv.gz`` beside it only when asked). It is an xz-compressed pickle of plain containers and
arrays, read with an unpickler that refuses any other object, because parsing half a million TSV
lines takes seconds while this loads in about one. It records ``fold_version``: keys are folded at
build time, so a change in :mod:`veille.geo.fold` needs a rebuild, and loading refuses a mismatch.

Per place: ``level`` (country, admin1, admin2, locality, neighbourhood); ``status`` 1 current,
0 not current, -1 unknown, -2 deprecated; index entries carry a PRIMARY bit when the key is one of
the place's English, French or own names rather than a name in another language or script.
"""

from __future__ import annotations

import io
import lzma
import pickle
from array import array
from collections import defaultdict
from dataclasses import dataclass
from functools import cached_property
from importlib import resources
from pathlib import Path

from veille.errors import GazetteerError
from veille.geo.fold import FOLD_VERSION, skeleton

DATA_PACKAGE = "veille.geo.data"
GAZETTEER_FILE = "gazetteer.pkl.xz"
FORMAT = 2
"""2: ``admin2s`` and ``admin2_table`` (the district of towns and neighbourhoods)."""
COORD_SCALE = 100_000
LEVELS = ("neighbourhood", "locality", "admin2", "admin1", "country")
"""Level names; a row stores the position, so a higher number is a larger place."""
FIELDS = (
    "ids",
    "levels",
    "lats",
    "lons",
    "ccs",
    "admin1s",
    "admin2s",
    "pops",
    "statuses",
    "canonicals",
    "cc_table",
    "admin1_table",
    "admin2_table",
    "index",
    "skeletons",
    "admin1_index",
    "country_index",
)
PRIMARY = 1
"""Bit set in an index entry when the key is one of the place's primary (English, French or
own) names rather than a name in another language."""


@dataclass
class Gazetteer:
    """Columns of the gazetteer (row ``i`` is a place) and three indexes of folded names.

    Index values are an entry ``row * 2 + PRIMARY-bit`` or a tuple of entries: one int per
    key keeps the index small, since most keys name one place.
    """

    ids: list[str]
    levels: bytes  # LEVELS code per row
    lats: array  # degrees * COORD_SCALE, as int32
    lons: array
    ccs: array  # index into cc_table
    admin1s: array  # index into admin1_table
    admin2s: array  # index into admin2_table ("" when the district is not known)
    pops: array
    statuses: bytes  # status + 2 (0 deprecated, 1 unknown, 2 not current, 3 current)
    canonicals: list[str]
    cc_table: list[str]
    admin1_table: list[str]
    admin2_table: list[str]
    index: dict[str, int | tuple[int, ...]]
    skeletons: dict[str, int | tuple[int, ...]]
    admin1_index: dict[tuple[str, str], int]
    country_index: dict[str, int]
    fold_version: int = FOLD_VERSION

    def __len__(self) -> int:
        return len(self.ids)

    def lat(self, row: int) -> float:
        return self.lats[row] / COORD_SCALE

    def lon(self, row: int) -> float:
        return self.lons[row] / COORD_SCALE

    @cached_property
    def buckets(self) -> dict[tuple[str, int], list[str]]:
        """(first letter, length) -> primary keys of 4+ letters, so fuzzy matching compares a
        query with a few thousand keys, not a million. Built on first use (about 0.5 s)."""
        out: dict[tuple[str, int], list[str]] = defaultdict(list)
        for key, value in self.index.items():
            if len(key) >= 4 and any(e & PRIMARY for e in entries(value)):
                out[(key[0], len(key))].append(key)
        return dict(out)

    def level(self, row: int) -> str:
        return LEVELS[self.levels[row]]

    def status(self, row: int) -> int:
        return self.statuses[row] - 2

    def cc(self, row: int) -> str:
        return self.cc_table[self.ccs[row]]

    def admin1(self, row: int) -> str:
        return self.admin1_table[self.admin1s[row]]

    def admin2(self, row: int) -> str:
        """English name of the district (WOF county) that holds a town or neighbourhood, or of
        the district itself; "" when unknown."""
        return self.admin2_table[self.admin2s[row]]

    @cached_property
    def row_of_id(self) -> dict[str, int]:
        """Gazetteer id -> row, built on first use."""
        return {gid: row for row, gid in enumerate(self.ids)}

    def admin1_row(self, cc: str, admin1: str) -> int | None:
        """Row of the admin1 region named ``admin1`` in country ``cc``, if any."""
        return self.admin1_index.get((cc, admin1))

    def country_row(self, cc: str) -> int | None:
        return self.country_index.get(cc)


def entries(value: int | tuple[int, ...] | None) -> tuple[int, ...]:
    """The entries of one index value."""
    if value is None:
        return ()
    if isinstance(value, int):
        return (value,)
    return value


def build_gazetteer(rows: list[dict]) -> Gazetteer:
    """Make a :class:`Gazetteer` from row dicts with keys id, level, lat, lon, cc, admin1, pop,
    status, canonical, keys (primary folded names), keys2 (other folded names) and optionally
    admin2 (district name)."""
    cc_table: list[str] = []
    admin1_table: list[str] = [""]
    admin2_table: list[str] = [""]
    cc_pos: dict[str, int] = {}
    a1_pos: dict[str, int] = {"": 0}
    a2_pos: dict[str, int] = {"": 0}
    index: dict[str, list[int]] = defaultdict(list)
    gz = Gazetteer(
        ids=[],
        levels=b"",
        lats=array("i"),
        lons=array("i"),
        ccs=array("H"),
        admin1s=array("H"),
        admin2s=array("H"),
        pops=array("q"),
        statuses=b"",
        canonicals=[],
        cc_table=cc_table,
        admin1_table=admin1_table,
        admin2_table=admin2_table,
        index={},
        skeletons={},
        admin1_index={},
        country_index={},
    )
    levels = bytearray()
    statuses = bytearray()
    for row, r in enumerate(rows):
        gz.ids.append(r["id"])
        levels.append(LEVELS.index(r["level"]))
        gz.lats.append(round(r["lat"] * COORD_SCALE))
        gz.lons.append(round(r["lon"] * COORD_SCALE))
        gz.ccs.append(cc_pos.setdefault(r["cc"], len(cc_pos)))
        if len(cc_table) < len(cc_pos):
            cc_table.append(r["cc"])
        gz.admin1s.append(a1_pos.setdefault(r["admin1"], len(a1_pos)))
        if len(admin1_table) < len(a1_pos):
            admin1_table.append(r["admin1"])
        admin2 = r.get("admin2") or ""
        gz.admin2s.append(a2_pos.setdefault(admin2, len(a2_pos)))
        if len(admin2_table) < len(a2_pos):
            admin2_table.append(admin2)
        gz.pops.append(r["pop"])
        statuses.append(r["status"] + 2)
        gz.canonicals.append(r["canonical"])
        for key in r["keys"]:
            index[key].append(row * 2 + PRIMARY)
        for key in r["keys2"]:
            index[key].append(row * 2)
    gz.levels = bytes(levels)
    gz.statuses = bytes(statuses)
    skeletons: dict[str, list[int]] = defaultdict(list)
    for key, found in index.items():
        prim = [e for e in found if e & PRIMARY]
        if prim and len(key) >= 4:
            skeletons[skeleton(key)].extend(prim)
    gz.index = {k: v[0] if len(v) == 1 else tuple(v) for k, v in index.items()}
    gz.skeletons = {k: v[0] if len(v) == 1 else tuple(v) for k, v in skeletons.items()}
    for i, r in enumerate(rows):
        if r["level"] == "admin1":
            key = (r["cc"], r["admin1"])
            prev = gz.admin1_index.get(key)
            if prev is None or gz.statuses[i] > gz.statuses[prev]:
                gz.admin1_index[key] = i
        elif r["level"] == "country":
            prev = gz.country_index.get(r["cc"])
            if prev is None or gz.statuses[i] > gz.statuses[prev]:
                gz.country_index[r["cc"]] = i
    return gz


def default_path() -> Path:
    return Path(str(resources.files(DATA_PACKAGE) / GAZETTEER_FILE))


def save_gazetteer(gz: Gazetteer, path: Path) -> None:
    """Write the gazetteer as a gzip'd pickle of plain containers (no classes), with a header."""
    payload = {
        "format": FORMAT,
        "fold_version": gz.fold_version,
        "fields": {name: getattr(gz, name) for name in FIELDS},
    }
    path.parent.mkdir(parents=True, exist_ok=True)
    with lzma.open(path, "wb", preset=9 | lzma.PRESET_EXTREME) as fh:
        pickle.dump(payload, fh, protocol=pickle.HIGHEST_PROTOCOL)


def load_gazetteer(path: Path | None = None) -> Gazetteer:
    """Read a gazetteer file. Raises :class:`GazetteerError` when it is missing, corrupt, or
    was built with another folding version."""
    path = path or default_path()
    try:
        with lzma.open(path, "rb") as fh:
            payload = _SafeUnpickler(io.BytesIO(fh.read())).load()
    except FileNotFoundError:
        raise GazetteerError(
            f"{path}: gazetteer file is missing; build it with scripts/build_gazetteer.py"
        ) from None
    except (
        OSError,
        EOFError,
        ValueError,
        lzma.LZMAError,
        pickle.UnpicklingError,
        AttributeError,
    ) as exc:
        raise GazetteerError(f"{path}: gazetteer file is corrupt: {exc}") from None
    if not isinstance(payload, dict) or payload.get("format") != FORMAT:
        raise GazetteerError(f"{path}: not a veille gazetteer file (format {FORMAT})")
    if payload.get("fold_version") != FOLD_VERSION:
        raise GazetteerError(
            f"{path}: built with fold_version {payload.get('fold_version')}, code has "
            f"{FOLD_VERSION}; rebuild it with scripts/build_gazetteer.py"
        )
    return Gazetteer(**payload["fields"], fold_version=FOLD_VERSION)


class _SafeUnpickler(pickle.Unpickler):
    """Only plain containers and ``array.array`` may come out of the file."""

    ALLOWED = frozenset({("array", "array"), ("array", "_array_reconstructor")})

    def find_class(self, module: str, name: str):  # type: ignore[no-untyped-def]
        if (module, name) in self.ALLOWED:
            return super().find_class(module, name)
        raise pickle.UnpicklingError(f"forbidden object {module}.{name}")
