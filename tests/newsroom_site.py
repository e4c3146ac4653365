"""A synthetic news site for the watch-mode tests and the pipeline benchmark.

Three outlets (two German, one English) publish reports on a handful of invented events, all in
our own wording (synthetic test data); each outlet has an RSS feed. The site is served by a real HTTP server on
127.0.0.1 that counts every request per path, answers conditional GETs of the feeds with 304, can
make a path slow (to kill or disconnect a worker mid-task) or hang (a feed that times out), and
can publish more reports while running (a feed that changes).
"""

from __future__ import annotations

import hashlib
import threading
import time
from collections import Counter
from dataclasses import dataclass, field
from email.utils import formatdate
from html import escape
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

OUTLETS = {  # key: (site name, language, domain); real outlets so attribution has known names
    "donaubote": ("Süddeutsche Zeitung", "de", "sueddeutsche.de"),
    "tagblatt": ("Der Tagesspiegel", "de", "tagesspiegel.de"),
    "courier": ("The Guardian", "en", "theguardian.com"),
}

# Each event: the facts, then one report per outlet (title, sentences), all invented.
EVENTS: list[dict[str, object]] = [
    {
        "slug": "faehre-straubing",
        "day": "2025-05-06",
        "reports": {
            "donaubote": (
                "Neue Donaufähre in Straubing nimmt den Betrieb auf",
                [
                    "Straubing - Die neue Elektrofähre zwischen Straubing und Sand hat am Dienstag den Betrieb aufgenommen.",
                    "Das Schiff bietet Platz für 120 Fahrgäste und 18 Autos und fährt ohne Abgase über die Donau.",
                    "Nach Angaben der Stadtwerke kostete die Fähre 4,2 Millionen Euro, der Freistaat übernahm die Hälfte.",
                    "„Wir verbinden die beiden Ufer jetzt leise und sauber“, sagte Oberbürgermeisterin Renate Kellermann.",
                    "Die Fähre verkehrt werktags von 5.30 Uhr bis 22 Uhr im Halbstundentakt.",
                ],
            ),
            "tagblatt": (
                "Straubing: Elektrofähre ersetzt alte Dieselfähre",
                [
                    "Straubing - Zwischen Straubing und Sand pendelt seit Dienstag eine Elektrofähre über die Donau.",
                    "Die Stadtwerke haben für das neue Schiff 4,2 Millionen Euro ausgegeben, die Hälfte zahlte der Freistaat.",
                    "Oberbürgermeisterin Renate Kellermann sprach von einem Gewinn für Pendler und Radfahrer.",
                    "Die alte Dieselfähre aus dem Jahr 1978 wird an einen Verein in Passau verkauft.",
                    "Bis zu 120 Fahrgäste und 18 Autos finden auf der neuen Fähre Platz.",
                ],
            ),
            "courier": (
                "Bavarian town launches electric Danube ferry",
                [
                    "Straubing - An electric ferry linking Straubing and Sand across the Danube entered service on Tuesday.",
                    "The vessel cost 4.2 million euros, half of it paid by the Bavarian state, the local utility said.",
                    "Mayor Renate Kellermann said the crossing was now quiet and clean.",
                ],
            ),
        },
    },
    {
        "slug": "kliniken-rosenheim",
        "day": "2025-05-07",
        "reports": {
            "donaubote": (
                "Warnstreik an den Kliniken Rosenheim: Operationen verschoben",
                [
                    "Rosenheim - Rund 900 Pflegekräfte der Kliniken Rosenheim haben am Mittwoch die Arbeit niedergelegt.",
                    "Die Gewerkschaft fordert 8,5 Prozent mehr Lohn und zusätzliche Stellen auf den Intensivstationen.",
                    "Nach Angaben der Klinikleitung wurden 46 geplante Operationen verschoben, Notfälle wurden versorgt.",
                    "„Die Kolleginnen arbeiten seit Monaten am Limit“, sagte Gewerkschaftssekretär Tobias Reiter.",
                    "Die nächste Verhandlungsrunde ist für den 21. Mai angesetzt.",
                ],
            ),
            "tagblatt": (
                "Pflegekräfte in Rosenheim streiken für mehr Personal",
                [
                    "Rosenheim - An den Kliniken Rosenheim haben am Mittwoch etwa 900 Pflegekräfte gestreikt.",
                    "Die Klinikleitung verschob 46 planbare Operationen, die Notaufnahme blieb geöffnet.",
                    "Gewerkschaftssekretär Tobias Reiter verlangte 8,5 Prozent mehr Lohn und neue Stellen.",
                    "Geschäftsführerin Sabine Wallner nannte die Forderungen nicht finanzierbar.",
                    "Am 21. Mai wollen beide Seiten erneut verhandeln.",
                ],
            ),
        },
    },
    {
        "slug": "bibliothek-landshut",
        "day": "2025-05-08",
        "reports": {
            "donaubote": (
                "Landshut eröffnet Stadtbibliothek im alten Salzstadel",
                [
                    "Landshut - Die Stadt Landshut hat am Donnerstag ihre neue Bibliothek im umgebauten Salzstadel eröffnet.",
                    "Der Umbau des 500 Jahre alten Speichers dauerte vier Jahre und kostete 11,3 Millionen Euro.",
                    "Auf drei Etagen stehen 85.000 Bücher, Spiele und Filme sowie 60 Arbeitsplätze bereit.",
                    "„Das ist jetzt das Wohnzimmer der Stadt“, sagte Bibliotheksleiterin Carla Huber.",
                    "Die Bibliothek ist auch sonntags von 10 bis 17 Uhr geöffnet.",
                ],
            ),
            "courier": (
                "Medieval salt store in Landshut becomes a library",
                [
                    "Landshut - The Bavarian city of Landshut opened a library in its 500-year-old salt store on Thursday.",
                    "The conversion took four years and cost 11.3 million euros.",
                    "Library director Carla Huber called it the living room of the city.",
                ],
            ),
            "tagblatt": (
                "Salzstadel in Landshut wird zur Bibliothek",
                [
                    "Landshut - Im historischen Salzstadel in Landshut hat am Donnerstag die neue Stadtbibliothek eröffnet.",
                    "Die Stadt investierte 11,3 Millionen Euro in den Umbau des 500 Jahre alten Gebäudes.",
                    "Bibliotheksleiterin Carla Huber rechnet mit 1.200 Besuchern am Tag.",
                    "Die Sammlung umfasst 85.000 Medien auf drei Etagen.",
                    "Sonntags öffnet die Bibliothek von 10 bis 17 Uhr.",
                ],
            ),
        },
    },
]


@dataclass(frozen=True)
class Report:
    """One page: an outlet's report on an event."""

    outlet: str
    slug: str
    day: str
    title: str
    sentences: tuple[str, ...]

    @property
    def path(self) -> str:
        return f"/{self.outlet}/{self.slug}.html"

    @property
    def canonical(self) -> str:
        return f"https://www.{OUTLETS[self.outlet][2]}/synthetisch/{self.day.replace('-', '/')}/{self.slug}"


def reports(events: list[dict[str, object]] = EVENTS) -> list[Report]:
    """Every report of the given events."""
    found = []
    for event in events:
        for outlet, (title, sentences) in event["reports"].items():  # type: ignore[attr-defined]
            found.append(Report(outlet, str(event["slug"]), str(event["day"]), title, tuple(sentences)))
    return found


def page(report: Report) -> bytes:
    """The report as an HTML article page with metadata and a canonical URL on the outlet's domain."""
    name, language, _domain = OUTLETS[report.outlet]
    body = "\n".join(f"<p>{escape(s)}</p>" for s in report.sentences)
    return f"""<!DOCTYPE html>
<html lang="{language}"><head><meta charset="utf-8">
<title>{escape(report.title)} | {escape(name)}</title>
<meta property="og:site_name" content="{escape(name)}">
<meta property="og:title" content="{escape(report.title)}">
<meta property="article:published_time" content="{report.day}T09:30:00+02:00">
<link rel="canonical" href="{report.canonical}">
</head><body><header><a href="/">{escape(name)}</a></header>
<main><article><h1>{escape(report.title)}</h1>
{body}
</article></main><footer>Synthetische Testdaten</footer></body></html>""".encode()


@dataclass
class NewsroomSite:
    """The running site. ``published`` are the reports its feeds list; add more with :meth:`publish`."""

    base: str = ""
    published: list[Report] = field(default_factory=list)
    requests: Counter[str] = field(default_factory=Counter)
    slow: dict[str, float] = field(default_factory=dict)  # path -> seconds to wait before answering
    entered: dict[str, threading.Event] = field(default_factory=dict)  # path -> set when requested
    lock: threading.Lock = field(default_factory=threading.Lock)

    def feed_url(self, outlet: str) -> str:
        return f"{self.base}/feeds/{outlet}.xml"

    def url(self, path: str) -> str:
        return self.base + path

    def publish(self, *more: Report) -> None:
        with self.lock:
            self.published.extend(more)

    def watch(self, path: str) -> threading.Event:
        """An event set as soon as ``path`` is requested."""
        event = self.entered[path] = threading.Event()
        return event

    def feed(self, outlet: str) -> bytes:
        with self.lock:
            items = [r for r in self.published if r.outlet == outlet]
        name, language, _ = OUTLETS[outlet]
        entries = "".join(
            f"<item><title>{escape(r.title)}</title><link>{self.base}{r.path}</link>"
            f"<guid>{r.canonical}</guid><pubDate>{formatdate(time.mktime(time.strptime(r.day, '%Y-%m-%d')))}"
            f"</pubDate></item>"
            for r in items
        )
        return (
            f'<?xml version="1.0" encoding="UTF-8"?><rss version="2.0"><channel><title>{escape(name)}</title>'
            f"<link>{self.base}/</link><language>{language}</language>{entries}</channel></rss>"
        ).encode()

    def page_for(self, path: str) -> bytes | None:
        with self.lock:
            found = next((r for r in self.published if r.path == path), None)
        return page(found) if found else None


def _handler(site: NewsroomSite) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def log_message(self, format: str, *args: object) -> None:
            pass

        def _send(
            self, status: int, body: bytes, content_type: str, headers: dict[str, str] | None = None
        ) -> None:
            self.send_response(status)
            self.send_header("Content-Type", content_type)
            self.send_header("Content-Length", str(len(body)))
            for key, value in (headers or {}).items():
                self.send_header(key, value)
            self.end_headers()
            try:
                self.wfile.write(body)
            except (BrokenPipeError, ConnectionResetError):
                self.close_connection = True

        def do_GET(self) -> None:
            path = self.path.split("?", 1)[0]
            with site.lock:
                site.requests[path] += 1
            if path in site.entered:
                site.entered[path].set()
            if path in site.slow:
                time.sleep(site.slow[path])
            if path.startswith("/feeds/") and path.endswith(".xml"):
                body = site.feed(path[len("/feeds/") : -len(".xml")])
                etag = '"' + hashlib.sha1(body).hexdigest()[:16] + '"'
                if self.headers.get("If-None-Match") == etag:
                    return self._send(304, b"", "application/rss+xml", {"ETag": etag})
                return self._send(200, body, "application/rss+xml", {"ETag": etag})
            body_or_none = site.page_for(path)
            if body_or_none is None:
                return self._send(404, b"<h1>Not Found</h1>", "text/html")
            return self._send(200, body_or_none, "text/html; charset=utf-8")

    return Handler


def serve(site: NewsroomSite) -> ThreadingHTTPServer:
    """Start serving ``site`` on 127.0.0.1 in a thread; sets ``site.base``. Call ``shutdown()`` after."""
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), _handler(site))
    httpd.daemon_threads = True
    site.base = f"http://127.0.0.1:{httpd.server_address[1]}"
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    return httpd
