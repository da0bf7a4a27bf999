"""A small news site on loopback for the fetch tests and the watch benchmark.

Everything it serves was written for this project and is synthetic: the article texts are
invented short conflict reports (real place names so the extractor finds events, invented
facts), wrapped in the menus, scripts, share buttons and reader comments of a real news page.
The marker words MENUTOKEN, SCRIPTTOKEN and COMMENTTOKEN must never reach the stored text.

The server is a real ``http.server.ThreadingHTTPServer`` on 127.0.0.1, port 0. It answers
conditional GETs (ETag, Last-Modified) with 304, gzips pages when asked, and keeps a log of
every request (path and the request headers) so tests can tell what was fetched again.
"""

from __future__ import annotations

import gzip
import hashlib
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from email.utils import formatdate
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

LAST_MODIFIED = formatdate(1_700_000_000, usegmt=True)

ARTICLES: dict[str, dict[str, Any]] = {
    "fr-idleb": {
        "lang": "fr", "site": "Le Courrier du Levant (synthétique)", "date": "2019-05-14",
        "title": "Syrie : trois civils tués dans une frappe de drone dans la province d'Idleb",
        "paras": [
            "Trois civils ont été tués mardi dans une frappe de drone sur le village de "
            "Kafranbel, dans la province d'Idleb, selon l'Observatoire syrien des droits de "
            "l'homme (OSDH).",
            "Selon l'ONG, qui dispose d'un vaste réseau de sources dans le pays, la frappe a "
            "visé une maison à la périphérie du village en fin de matinée. Les secouristes ont "
            "dégagé les corps des décombres pendant plusieurs heures.",
            "La région est le théâtre de bombardements réguliers depuis la fin du mois "
            "d'avril, malgré l'accord de désescalade conclu à l'automne précédent.",
        ],
    },
    "fr-maarat": {
        "lang": "fr", "site": "Le Courrier du Levant (synthétique)", "date": "2019-05-16",
        "title": "Cinq morts dans des tirs d'artillerie sur Maarat al-Nouman",
        "paras": [
            "Cinq personnes, dont deux enfants, ont été tuées jeudi par des tirs d'artillerie "
            "des forces du régime sur la ville de Maarat al-Nouman, dans le sud de la province "
            "d'Idleb, a indiqué l'OSDH.",
            "Une dizaine d'autres habitants ont été blessés, dont plusieurs grièvement, "
            "d'après la même source. Les obus sont tombés près d'un marché du centre-ville "
            "à l'heure où les commerçants ouvraient leurs échoppes.",
            "Maarat al-Nouman, tenue par des groupes rebelles et jihadistes, se trouve sur "
            "l'autoroute qui relie Damas à Alep.",
        ],
    },
    "fr-mali": {
        "lang": "fr", "site": "Sahel Matin (synthétique)", "date": "2019-10-02",
        "title": "Mali : douze soldats tués dans l'attaque d'un camp militaire à Boulkessi",
        "paras": [
            "Au moins douze soldats ont été tués dimanche dans l'attaque d'un camp militaire à "
            "Boulkessi, dans le centre du Mali, près de la frontière avec le Burkina Faso, "
            "selon l'armée malienne.",
            "Des hommes armés à moto ont pris d'assaut le camp à l'aube, a précisé l'armée "
            "dans un communiqué, ajoutant que des renforts avaient été dépêchés sur place.",
            "Le centre du pays est en proie depuis plusieurs années à des violences qui ont "
            "fait des centaines de morts parmi les civils et les militaires.",
        ],
    },
    "en-ariha": {
        "lang": "en", "site": "Levant Wire (synthetic)", "date": "2019-06-05",
        "title": "Six killed in air strike on Ariha in Syria's Idlib province",
        "paras": [
            "Six people were killed on Wednesday in an air strike on the town of Ariha in "
            "Idlib province, the Syrian Observatory for Human Rights said.",
            "The monitor said the strike hit a residential building near the town centre in "
            "the early afternoon and that rescue workers were still searching the rubble for "
            "survivors late in the day.",
            "The province has been under heavy bombardment since late April despite a "
            "ceasefire deal agreed by Russia and Turkey last year.",
        ],
    },
    "en-aleppo": {
        "lang": "en", "site": "Levant Wire (synthetic)", "date": "2019-06-07",
        "title": "Shelling kills four in Aleppo",
        "paras": [
            "Four civilians were killed on Friday when rebel shells hit a residential "
            "district of Aleppo, Syrian state media reported.",
            "Eleven other people were wounded in the shelling, which struck the western "
            "neighbourhood of the city in the morning, according to the same reports.",
            "Aleppo has been under government control since the end of 2016 but its western "
            "districts are still within range of rebel positions.",
        ],
    },
}  # fmt: skip

# The same wire dispatch (fr-idleb) retold by another outlet: copy detection must link it.
ARTICLES["fr-idleb-copy"] = dict(
    ARTICLES["fr-idleb"], site="La Gazette du Nord (synthétique)",
    paras=["(AFP) Dépêche reprise par notre rédaction.", *ARTICLES["fr-idleb"]["paras"]],
)  # fmt: skip

PAGE = """<!DOCTYPE html>
<html lang="{lang}"><head><meta charset="utf-8">
<title>{title} | {site}</title>
<link rel="canonical" href="{canonical}">
<meta property="og:site_name" content="{site}">
<meta property="article:published_time" content="{date}T09:30:00+00:00">
<script>var SCRIPTTOKEN = "tracking"; window.dataLayer = [{{"page": "article"}}];</script>
<style>.menu {{ color: red }}</style>
</head><body>
<header><nav class="menu"><ul><li><a href="/">Accueil</a></li><li><a href="/monde">Monde</a></li>
<li><a href="/sport">MENUTOKEN Sport</a></li><li><a href="/culture">Culture</a></li></ul></nav></header>
<main><article>
<h1>{title}</h1>
<p class="byline">Par la rédaction, publié le {date}</p>
{paras}
</article>
<aside class="share">Partager sur les réseaux MENUTOKEN</aside>
<section id="comments" class="comments"><h2>Commentaires</h2>
<div class="comment"><p>COMMENTTOKEN Quelle horreur, encore des victimes civiles, quand est-ce que cela va s'arrêter ? Il faut que la communauté internationale réagisse enfin.</p></div>
<div class="comment"><p>COMMENTTOKEN Merci pour cet article très complet sur la situation dans la région.</p></div>
</section></main>
<script>document.write("SCRIPTTOKEN");</script>
<footer><p>MENUTOKEN Mentions légales - Contact - Plan du site</p></footer>
</body></html>
"""

NAV_PAGE = """<!DOCTYPE html><html><head><title>Rubriques</title></head><body>
<nav><a href="/monde">Monde</a> <a href="/sport">Sport</a> <a href="/culture">Culture</a></nav>
<ul><li><a href="/a">Lire</a></li><li><a href="/b">Lire aussi</a></li></ul></body></html>
"""

ROBOTS = "User-agent: *\nDisallow: /private/\n"


def article_page(key: str, canonical: str, article: dict[str, Any] | None = None) -> str:
    a = article or ARTICLES[key]
    paras = "\n".join(f"<p>{p}</p>" for p in a["paras"])
    return PAGE.format(
        lang=a["lang"], title=a["title"], site=a["site"], date=a["date"], canonical=canonical,
        paras=paras,
    )  # fmt: skip


def rss(base: str, items: list[tuple[str, str, str]], title: str = "Synthetic feed") -> str:
    """RSS 2.0 with ``(title, link, guid)`` items."""
    body = "".join(
        f"<item><title>{t}</title><link>{base}{link}</link><guid>{guid}</guid>"
        "<pubDate>Tue, 14 May 2019 10:00:00 GMT</pubDate></item>"
        for t, link, guid in items
    )
    return (
        '<?xml version="1.0" encoding="utf-8"?>\n<rss version="2.0"><channel>'
        f"<title>{title}</title><link>{base}/</link><description>synthetic</description>"
        f"{body}</channel></rss>"
    )


def atom(base: str, items: list[tuple[str, str, str]], title: str = "Synthetic Atom") -> str:
    body = "".join(
        f'<entry><title>{t}</title><link href="{base}{link}"/><id>{guid}</id>'
        "<updated>2019-06-05T10:00:00Z</updated></entry>"
        for t, link, guid in items
    )
    return (
        '<?xml version="1.0" encoding="utf-8"?>\n<feed xmlns="http://www.w3.org/2005/Atom">'
        f"<title>{title}</title><id>urn:synthetic:feed</id><updated>2019-06-05T10:00:00Z</updated>"
        f"{body}</feed>"
    )


@dataclass
class Route:
    body: bytes | Callable[[BaseHTTPRequestHandler], None]
    content_type: str = "text/html; charset=utf-8"
    status: int = 200
    headers: dict[str, str] = field(default_factory=dict)
    validators: bool = True  # send ETag and Last-Modified, answer 304 when they match


@dataclass
class Hit:
    path: str
    headers: dict[str, str]
    status: int = 0

    @property
    def conditional(self) -> bool:
        return "if-none-match" in self.headers or "if-modified-since" in self.headers


class Site:
    """Routes by path (query included), and the log of requests."""

    def __init__(self) -> None:
        self.routes: dict[str, Route] = {}
        self.log: list[Hit] = []
        self.lock = threading.Lock()
        self.server = ThreadingHTTPServer(("127.0.0.1", 0), _handler(self))
        self.server.daemon_threads = True
        self.base = f"http://127.0.0.1:{self.server.server_address[1]}"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def start(self) -> Site:
        self.thread.start()
        return self

    def stop(self) -> None:
        self.server.shutdown()
        self.server.server_close()

    def add(self, path: str, body: str | bytes | Callable[[BaseHTTPRequestHandler], None],
            **kw: Any) -> None:  # fmt: skip
        self.routes[path] = Route(body.encode("utf-8") if isinstance(body, str) else body, **kw)

    def add_article(self, key: str, path: str | None = None,
                    article: dict[str, Any] | None = None) -> str:  # fmt: skip
        path = path or f"/articles/{key}.html"
        self.add(path, article_page(key, self.base + path, article))
        return path

    def hits(self, prefix: str = "") -> list[Hit]:
        with self.lock:
            return [h for h in self.log if h.path.startswith(prefix)]

    def clear_log(self) -> None:
        with self.lock:
            self.log.clear()


def _handler(site: Site) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        def log_message(self, *args: Any) -> None:  # quiet
            pass

        def do_GET(self) -> None:
            hit = Hit(self.path, {k.lower(): v for k, v in self.headers.items()})
            with site.lock:
                site.log.append(hit)
            route = site.routes.get(self.path) or site.routes.get(self.path.split("?")[0])
            try:
                if route is None:
                    hit.status = 404
                    self._send(404, b"<html><body>Not found</body></html>", "text/html")
                elif callable(route.body):
                    hit.status = route.status
                    route.body(self)
                else:
                    hit.status = self._serve(route, hit)
            except (BrokenPipeError, ConnectionResetError):
                pass

        def _serve(self, route: Route, hit: Hit) -> int:
            body = route.body
            assert isinstance(body, bytes)
            headers = dict(route.headers)
            if route.validators and route.status == 200:
                etag = '"' + hashlib.sha1(body).hexdigest()[:16] + '"'
                headers.update({"ETag": etag, "Last-Modified": LAST_MODIFIED})
                if hit.headers.get("if-none-match") == etag or (
                    "if-none-match" not in hit.headers
                    and hit.headers.get("if-modified-since") == LAST_MODIFIED
                ):
                    self._send(304, b"", None, headers)
                    return 304
            if "gzip" in hit.headers.get("accept-encoding", "") and len(body) > 512:
                body = gzip.compress(body)
                headers["Content-Encoding"] = "gzip"
            self._send(route.status, body, route.content_type, headers)
            return route.status

        def _send(self, status: int, body: bytes, ctype: str | None,
                  headers: dict[str, str] | None = None) -> None:  # fmt: skip
            self.send_response(status)
            if ctype:
                self.send_header("Content-Type", ctype)
            for k, v in (headers or {}).items():
                self.send_header(k, v)
            if status != 304:
                self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            if body:
                self.wfile.write(body)

    return Handler


def redirect(to: str, status: int = 301) -> Callable[[BaseHTTPRequestHandler], None]:
    def send(h: BaseHTTPRequestHandler) -> None:
        h.send_response(status)
        h.send_header("Location", to)
        h.send_header("Content-Length", "0")
        h.end_headers()

    return send


def slow(seconds: float, body: bytes = b"<rss version='2.0'></rss>") -> Callable[[BaseHTTPRequestHandler], None]:
    def send(h: BaseHTTPRequestHandler) -> None:
        time.sleep(seconds)
        h.send_response(200)
        h.send_header("Content-Type", "application/rss+xml")
        h.send_header("Content-Length", str(len(body)))
        h.end_headers()
        h.wfile.write(body)

    return send


def endless(total: int = 50 * 1024 * 1024) -> Callable[[BaseHTTPRequestHandler], None]:
    """A page of ``total`` bytes sent without Content-Length: only a cap applied while
    streaming stops it."""

    def send(h: BaseHTTPRequestHandler) -> None:
        h.send_response(200)
        h.send_header("Content-Type", "text/html; charset=utf-8")
        h.send_header("Connection", "close")
        h.end_headers()
        chunk = b"<p>" + b"x" * 65_000 + b"</p>\n"
        sent = 0
        while sent < total:
            h.wfile.write(chunk)
            sent += len(chunk)

    return send
