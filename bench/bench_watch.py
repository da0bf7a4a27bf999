"""``veille watch`` throughput on a local feed of generated article pages (printed, never
asserted): articles/s for fetch + text extraction + pipeline (extract, store) + resolution (copies,
incidents), with the time split between them.

The pages are generated here and synthetic: short invented conflict reports (real place names,
invented facts) inside a news page's menus, scripts and comments, served by a
``ThreadingHTTPServer`` on 127.0.0.1 with no per-host delay (politeness is measured elsewhere:
with the default 1 s delay a single host caps watch at one page a second).

Run: ``make bench`` or ``.venv/bin/python bench/bench_watch.py [--pages N]``.
"""

from __future__ import annotations

import argparse
import random
import tempfile
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

from veille.fetch.config import FeedSpec
from veille.fetch.http import FetchOptions
from veille.store.sqlite import SQLiteStore
from veille.watch import Harvester, PollReport

PLACES = [
    ("Kafranbel", "la province d'Idleb"), ("Maarat al-Nouman", "la province d'Idleb"),
    ("Ariha", "la province d'Idleb"), ("Saraqeb", "la province d'Idleb"),
    ("Khan Cheikhoun", "la province d'Idleb"), ("Jisr al-Choughour", "la province d'Idleb"),
    ("Douma", "la Ghouta orientale"), ("Deir ez-Zor", "l'est de la Syrie"),
    ("Boulkessi", "le centre du Mali"), ("Ménaka", "l'est du Mali"),
]  # fmt: skip
NUMBERS = ["Deux", "Trois", "Quatre", "Cinq", "Six", "Sept", "Huit", "Neuf", "Dix", "Onze"]
DAYS = ["lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi", "dimanche"]
WEAPONS = ["une frappe de drone", "une frappe aérienne", "des tirs d'artillerie",
           "l'explosion d'une voiture piégée", "des tirs de roquettes"]  # fmt: skip
SOURCES = ["selon l'OSDH", "a indiqué l'Observatoire syrien des droits de l'homme",
           "selon des sources locales", "a annoncé l'armée"]  # fmt: skip

SECOND = [
    "Selon la même source, {n} autres personnes ont été blessées et transportées vers un "
    "hôpital de la région (dépêche {i}).",
    "Les secouristes ont fouillé les décombres de {place} pendant {n} heures, ont rapporté des "
    "habitants joints par téléphone (réf. {i}).",
    "Un correspondant local fait état de {n} bâtiments détruits et de familles déplacées vers "
    "les villages voisins ({i}).",
    "Aucun groupe n'a revendiqué l'attaque dans l'immédiat ; une enquête a été ouverte, selon "
    "un responsable qui a requis l'anonymat (n° {i}, {n}).",
]
THIRD = [
    "{region} est le théâtre de violences régulières depuis {y}, malgré les appels répétés à "
    "un cessez-le-feu.",
    "Les habitants de {place} avaient déjà fui une première fois en {y} avant de revenir.",
    "Plusieurs ONG dénoncent depuis {y} l'absence de protection des civils dans {region}.",
    "La localité de {place} se trouvait jusqu'ici à l'écart des combats, selon des témoins.",
]

PAGE = """<!DOCTYPE html><html lang="fr"><head><meta charset="utf-8"><title>{title}</title>
<link rel="canonical" href="{url}"><meta property="og:site_name" content="Bench Matin">
<meta property="article:published_time" content="2019-05-{day:02d}T08:00:00Z">
<script>var analytics = {{"page": {n}}};</script></head><body>
<nav><a href="/">Accueil</a> <a href="/monde">Monde</a> <a href="/sport">Sport</a></nav>
<article><h1>{title}</h1><p>{lead}</p><p>{second}</p><p>{third}</p></article>
<section class="comments"><p>Un commentaire de lecteur sans rapport avec l'article.</p></section>
<footer>Mentions légales - Contact</footer></body></html>"""


def make_pages(n: int, base: str) -> dict[str, bytes]:
    """``n`` generated pages and the RSS feed listing them, by path."""
    rng = random.Random(7)
    pages: dict[str, bytes] = {}
    items = []
    for i in range(n):
        place, region = rng.choice(PLACES)
        num, day, weapon = rng.choice(NUMBERS), rng.choice(DAYS), rng.choice(WEAPONS)
        title = f"{num} civils tués à {place} ({i})"
        lead = (f"{num} civils ont été tués {day} dans {weapon} sur la localité de {place}, "
                f"dans {region}, {rng.choice(SOURCES)}.")  # fmt: skip
        second = rng.choice(SECOND).format(n=rng.randint(2, 40), place=place, i=i)
        third = rng.choice(THIRD).format(place=place, region=region, y=rng.randint(2012, 2020))
        path = f"/articles/{i}.html"
        pages[path] = PAGE.format(title=title, url=base + path, day=1 + i % 28, n=i, lead=lead,
                                  second=second, third=third).encode("utf-8")  # fmt: skip
        items.append(f"<item><title>{title}</title><link>{base}{path}</link>"
                     f"<guid>bench-{i}</guid></item>")  # fmt: skip
    pages["/feed.xml"] = (
        '<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel><title>bench</title>'
        + "".join(items) + "</channel></rss>"
    ).encode("utf-8")
    return pages


def serve(pages: dict[str, bytes], server: ThreadingHTTPServer) -> None:
    class Handler(BaseHTTPRequestHandler):
        def log_message(self, *args: object) -> None:
            pass

        def do_GET(self) -> None:
            body = pages.get(self.path)
            self.send_response(200 if body else 404)
            self.send_header("Content-Type", "application/rss+xml" if self.path == "/feed.xml"
                             else "text/html; charset=utf-8")  # fmt: skip
            self.send_header("Content-Length", str(len(body or b"")))
            self.end_headers()
            self.wfile.write(body or b"")

    server.RequestHandlerClass = Handler
    threading.Thread(target=server.serve_forever, daemon=True).start()


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--pages", type=int, default=1000)
    args = ap.parse_args()
    server = ThreadingHTTPServer(("127.0.0.1", 0), BaseHTTPRequestHandler)
    base = f"http://127.0.0.1:{server.server_address[1]}"
    serve(make_pages(args.pages, base), server)
    options = FetchOptions(host_delay=0.0, retries=0, respect_robots=True)
    with tempfile.TemporaryDirectory() as tmp, SQLiteStore(str(Path(tmp) / "w.sqlite")) as store:
        with Harvester(store, options) as warm:  # load spaCy and the gazetteer outside the timing
            warm.take(base + "/articles/0.html", PollReport())
        start = time.perf_counter()
        with Harvester(store, options) as harvester:
            report = harvester.poll([FeedSpec(base + "/feed.xml")])
        wall = time.perf_counter() - start
    server.shutdown()
    c, t = report.counts, report.timing
    stored = c.added + report.duplicates
    print(f"== veille watch --once on a local feed of {args.pages} pages (one process)")
    print(f"   articles stored: {c.added} (+1 warm-up), events: {c.events}, incidents: "
          f"{report.resolution.incidents_created}, errors: {len(report.errors)}")  # fmt: skip
    print(f"   {stored / wall:.1f} articles/s ({wall:.1f} s wall)")
    total = sum(t.values()) or 1.0
    for name, label in (("fetch", "fetching (HTTP, loopback)"),
                        ("text", "text extraction (trafilatura)"),
                        ("pipeline", "pipeline (normalise, extract events, store)"),
                        ("resolve", "resolution (copy detection, incident merging)")):  # fmt: skip
        print(f"   {label:46} {t[name]:7.2f} s  {100 * t[name] / total:5.1f}%")


if __name__ == "__main__":
    main()
