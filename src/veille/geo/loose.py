"""Per-country indexes of every name's loose frame (:mod:`veille.geo.translit`), built on first
use.

The gazetteer file indexes folded names (primary and alternate) for the exact pass, but its
skeleton index holds primary names only, to stay small. Once the country is known, a lookup can
afford more: every name of every place in that country, primary or alternate (Who's On First
``all_names``, GeoNames alternates), under its loose frame, plus the frames grouped by first letter
and length for an edit-distance pass. Building one country's index scans the gazetteer's keys once (well
under a second); a process only pays for the countries it is asked about.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from veille.geo.gazetteer import Gazetteer, entries
from veille.geo.translit import loose_keys


@dataclass(slots=True)
class CountryIndex:
    """Loose frames of one country's names."""

    frames: dict[str, str | tuple[str, ...]]  # frame -> folded key(s) naming a place there
    by_length: dict[tuple[str, int], list[str]]  # (first letter, length) -> frames
    position: int  # the country's position in the gazetteer's cc_table

    def keys_of(self, frame: str) -> tuple[str, ...]:
        """Folded keys naming a place of the country under ``frame``."""
        found = self.frames.get(frame, ())
        return (found,) if isinstance(found, str) else found


@dataclass
class LooseIndexes:
    """The per-country indexes of one gazetteer, each built when first asked for."""

    gz: Gazetteer
    _built: dict[str, CountryIndex] = field(default_factory=dict)
    _keys: dict[int, list[str]] | None = None
    names: bytearray = field(default_factory=bytearray)
    """Row -> number of distinct names (up to 255), filled for the countries built so far: a
    town known under many spellings and languages is a prominent one."""

    def names_of(self, row: int) -> int:
        return self.names[row] if row < len(self.names) else 0

    def country(self, cc: str) -> CountryIndex | None:
        """The index of country ``cc``; None when the gazetteer has no such country."""
        if cc in self._built:
            return self._built[cc]
        if cc not in self.gz.cc_table:
            return None
        pos = self.gz.cc_table.index(cc)
        ccs = self.gz.ccs
        frames: dict[str, list[str]] = defaultdict(list)
        if not self.names:
            self.names = bytearray(len(self.gz))
        names = self.names
        for key in self._keys_by_country().get(pos, ()):
            for e in entries(self.gz.index.get(key)):
                if ccs[e >> 1] == pos and names[e >> 1] < 255:
                    names[e >> 1] += 1
            for frame in loose_keys(key):
                frames[frame].append(key)
        by_length: dict[tuple[str, int], list[str]] = defaultdict(list)
        for frame in frames:
            by_length[(frame[0], len(frame))].append(frame)
        compact = {f: keys[0] if len(keys) == 1 else tuple(keys) for f, keys in frames.items()}
        index = CountryIndex(compact, dict(by_length), pos)
        self._built[cc] = index
        return index

    def _keys_by_country(self) -> dict[int, list[str]]:
        """Country position -> keys naming a place there; one scan of the index, kept (the
        lists share the index's strings)."""
        if self._keys is None:
            out: dict[int, list[str]] = defaultdict(list)
            ccs = self.gz.ccs
            for key, value in self.gz.index.items():
                if isinstance(value, int):
                    out[ccs[value >> 1]].append(key)
                else:
                    for pos in {ccs[e >> 1] for e in value}:
                        out[pos].append(key)
            self._keys = dict(out)
        return self._keys
