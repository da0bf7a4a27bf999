"""Support for the API and web tests: a real database and a real server on loopback.

``build_api_db`` writes a small, fully known database through the store's own write API
(``write_document`` for articles and their events, ``save_incidents`` for incident profiles)
plus a bulk of synthetic incidents from :mod:`veille.store.synthetic` (dated 2015-2024), so
tests can page through many rows and still assert exact facts about the four hand-made
incidents (dated 2025-2026, after every synthetic one).

``ServerProcess`` starts ``python -m veille.api`` (``veille serve`` without the other CLI
commands) on a free loopback port and stops it.
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx

from veille.model import Article, DocResult, Event
from veille.store import open_store
from veille.store.synthetic import fill_incidents

SYNTHETIC_INCIDENTS = 150


@dataclass
class Report:
    """One article reporting one event (the evidence sentence sits inside the text)."""

    doc_id: str
    source: str
    published: str
    before: str
    evidence: str
    after: str
    event: dict[str, Any]

    def document(self) -> DocResult:
        text = f"{self.before}{self.evidence}{self.after}"
        start = len(self.before)
        ev = Event.from_dict(
            {
                **self.event,
                "evidence": self.evidence,
                "evidence_start": start,
                "evidence_end": start + len(self.evidence),
            }
        )
        article = Article(
            id=self.doc_id,
            text=text,
            published=self.published,
            source=self.source,
            url=f"https://example.invalid/{self.doc_id}",
            lang="fr",
            origin=f"tests:{self.doc_id}",
        )
        return DocResult(article=article, events=[ev])


@dataclass
class KnownIncident:
    key: str
    reports: list[Report]
    profile: dict[str, Any]
    id: int = 0
    event_ids: list[int] = field(default_factory=list)


def _place(
    location: str, admin1: str, country: str, cc: str, lat: float, lon: float
) -> dict[str, Any]:
    return {
        "location": location,
        "admin1": admin1,
        "country": country,
        "country_code": cc,
        "lat": lat,
        "lon": lon,
        "geo_precision": 1,
    }


def known_incidents() -> list[KnownIncident]:
    ariha = {**_place("Ariha", "Idlib", "Syria", "SY", 35.8134, 36.6106), "admin2": "Ariha"}
    baqouba = _place("Baqouba", "Diyala", "Iraq", "IQ", 33.7466, 44.6436)
    boulkessi = _place("Boulkessi", "Mopti", "Mali", "ML", 14.6, -1.53)
    kramatorsk = _place("Kramatorsk", "Donetsk", "Ukraine", "UA", 48.7233, 37.5563)
    strike = {"event_type": "Explosions/Remote violence", "sub_event_type": "Air/drone strike"}
    return [
        KnownIncident(
            "ariha",
            [
                Report(
                    "test-ariha-1", "Agence test A", "2025-03-13",
                    "Syrie : frappes sur la province d'Idleb.\n\n",
                    "Au moins huit civils, dont trois enfants, ont été tués mardi dans des frappes "
                    "aériennes du régime syrien sur la ville d'Ariha, selon l'OSDH.",
                    " Une dizaine d'autres personnes ont été blessées.",
                    {**strike, **ariha, "date": "2025-03-12", "actor1": "Syrian government",
                     "actor2": "Civilians", "fatalities": 8, "civilian_fatalities": 8,
                     "women_fatalities": 2, "claimed_by": ["OSDH"]},
                ),
                Report(
                    "test-ariha-2", "Journal test B", "2025-03-13",
                    "Idleb.\n\n",
                    "Onze personnes ont péri dans le bombardement d'Ariha mardi, selon la "
                    "Défense civile.",
                    " Le bilan pourrait s'alourdir.",
                    {**strike, **ariha, "date": "2025-03-12", "actor1": "Syrian government",
                     "fatalities": 11, "women_fatalities": 3, "claimed_by": ["Défense civile"]},
                ),
            ],
            {**strike, **ariha, "date": "2025-03-12", "date_max": "2025-03-12",
             "actor1": "Syrian government", "actor2": "Civilians", "fatalities_best": 8,
             "fatalities_min": 8, "fatalities_max": 11, "civilian_fatalities": 8,
             "n_reports": 2, "n_articles": 2, "independent_sources": 2,
             "claimants": ["Défense civile", "OSDH"], "sources": ["Agence test A", "Journal test B"],
             "disputed_figures": True, "disputed_attribution": False, "grade": "fair"},
        ),
        KnownIncident(
            "baqouba",
            [
                Report(
                    "test-baqouba-1", "Agence test A", "2025-05-08",
                    "Irak.\n\n",
                    "Un kamikaze s'est fait exploser dimanche sur un marché de Baqouba, tuant "
                    "douze personnes, selon la police.",
                    " Une trentaine de personnes ont été blessées.",
                    {"event_type": "Explosions/Remote violence", "sub_event_type": "Suicide bomb",
                     **baqouba, "date": "2025-05-07", "actor1": "Islamic State", "fatalities": 12,
                     "injured": 30, "claimed_by": ["police"]},
                ),
            ],
            {"event_type": "Explosions/Remote violence", "sub_event_type": "Suicide bomb",
             **baqouba, "date": "2025-05-07", "date_max": "2025-05-07", "actor1": "Islamic State",
             "fatalities_best": 12, "fatalities_min": 12, "fatalities_max": 12, "n_reports": 1,
             "n_articles": 1, "independent_sources": 1, "claimants": ["police"],
             "sources": ["Agence test A"], "disputed_figures": False,
             "disputed_attribution": False, "grade": "weak"},
        ),
        KnownIncident(
            "boulkessi",
            [
                Report(
                    "test-boulkessi-1", "Radio test C", "2025-11-04",
                    "Mali.\n\n",
                    "Dix-sept soldats ont été tués jeudi près de Boulkessi dans une embuscade "
                    "revendiquée par le JNIM.",
                    "",
                    {"event_type": "Battles", "sub_event_type": "Armed clash", **boulkessi,
                     "date": "2025-11-03", "actor1": "JNIM", "actor2": "Military Forces of Mali",
                     "fatalities": 17, "claimed_by": ["JNIM"]},
                ),
                Report(
                    "test-boulkessi-2", "Journal test B", "2025-11-04",
                    "Sahel.\n\n",
                    "Des hommes armés non identifiés ont tué dix-sept militaires près de "
                    "Boulkessi jeudi, selon l'armée.",
                    "",
                    {"event_type": "Battles", "sub_event_type": "Armed clash", **boulkessi,
                     "date": "2025-11-03", "actor1": "Unidentified",
                     "actor2": "Military Forces of Mali", "fatalities": 17,
                     "claimed_by": ["armée malienne"]},
                ),
            ],
            {"event_type": "Battles", "sub_event_type": "Armed clash", **boulkessi,
             "date": "2025-11-03", "date_max": "2025-11-03", "actor1": "JNIM",
             "actor2": "Military Forces of Mali", "fatalities_best": 17, "fatalities_min": 17,
             "fatalities_max": 17, "n_reports": 2, "n_articles": 2, "independent_sources": 2,
             "claimants": ["JNIM", "armée malienne"], "sources": ["Journal test B", "Radio test C"],
             "disputed_figures": False, "disputed_attribution": True, "grade": "contested"},
        ),
        KnownIncident(
            "kramatorsk",
            [
                Report(
                    "test-kramatorsk-1", "Agence test A", "2026-02-18",
                    "Ukraine.\n\n",
                    "Une frappe de missile russe a tué quatre personnes à Kramatorsk mardi.",
                    "",
                    {"event_type": "Explosions/Remote violence",
                     "sub_event_type": "Shelling/artillery/missile attack", **kramatorsk,
                     "date": "2026-02-17", "actor1": "Russia", "fatalities": 4},
                ),
            ],
            {"event_type": "Explosions/Remote violence",
             "sub_event_type": "Shelling/artillery/missile attack", **kramatorsk,
             "date": "2026-02-17", "date_max": "2026-02-17", "actor1": "Russia",
             "fatalities_best": 4, "fatalities_min": 4, "fatalities_max": 4, "n_reports": 1,
             "n_articles": 1, "independent_sources": 1, "claimants": [],
             "sources": ["Agence test A"], "disputed_figures": False,
             "disputed_attribution": False, "grade": "weak"},
        ),
    ]  # fmt: skip


def build_api_db(path: Path) -> dict[str, KnownIncident]:
    """Write the test database at ``path``; returns the known incidents by key, with ids."""
    known = known_incidents()
    with open_store(str(path)) as store:
        fill_incidents(store, SYNTHETIC_INCIDENTS, seed=7, with_articles=20)
        for inc in known:
            for report in inc.reports:
                store.write_document(report.document())
        by_doc = {e["article_doc_id"]: e["id"] for e in store.pending_events()}
        items = []
        for inc in known:
            inc.event_ids = [by_doc[r.doc_id] for r in inc.reports]
            profile = {**inc.profile, "span_start": inc.profile["date"],
                       "span_end": inc.profile["date_max"], "date_estimated": False}  # fmt: skip
            items.append((None, inc.event_ids, profile))
        for inc, iid in zip(known, store.save_incidents(items), strict=True):
            inc.id = iid
    return {inc.key: inc for inc in known}


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


class ServerProcess:
    """``veille serve`` in a child process on 127.0.0.1; a context manager."""

    def __init__(self, db: Path, *extra: str, startup_timeout: float = 20.0) -> None:
        self.db = db
        self.extra = extra
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.startup_timeout = startup_timeout
        self.proc: subprocess.Popen[str] | None = None
        self.log = db.with_suffix(f".serve-{self.port}.log")

    def __enter__(self) -> ServerProcess:
        self.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop()

    def start(self) -> None:
        cmd = [sys.executable, "-m", "veille.api", "--db", str(self.db),
               "--host", "127.0.0.1", "--port", str(self.port), "--log-level", "warning",
               *self.extra]  # fmt: skip
        env = {**os.environ, "PYTHONUNBUFFERED": "1"}
        with self.log.open("w") as log:
            self.proc = subprocess.Popen(
                cmd, stdout=log, stderr=subprocess.STDOUT, text=True, env=env
            )
        deadline = time.monotonic() + self.startup_timeout
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise RuntimeError(
                    f"veille serve exited with {self.proc.returncode}:\n{self.log.read_text()}"
                )
            try:
                if httpx.get(f"{self.url}/api/health", timeout=1.0).status_code == 200:
                    return
            except httpx.TransportError:
                pass
            time.sleep(0.1)
        self.stop()
        raise RuntimeError(
            f"veille serve did not answer within {self.startup_timeout}s:\n{self.log.read_text()}"
        )

    def stop(self) -> None:
        if self.proc is None or self.proc.poll() is not None:
            return
        self.proc.terminate()
        try:
            self.proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait(timeout=5)
