# ruff: noqa: F811  (pytest fixtures imported from hostile_site are test parameters)
"""``check`` limits: sentences per article and sources per audit, the same for the command line and
the API, each one clear line, before anything is fetched or verified (issue: finding 7)."""

from __future__ import annotations

import random
import time
from dataclasses import replace
from pathlib import Path

import httpx
from hostile_site import HostileSite, hostile_site, load_reports, serve_app  # noqa: F401 (fixtures)
from typer.testing import CliRunner

from conftest import EDITOR, PASSWORD
from newsdesk.cli import app
from newsdesk.config import IngestSettings, Settings, VerifySettings

LOCAL = IngestSettings(allow_private=True, respect_robots=False, per_host_delay=0.0, retries=0)
SENTENCE_LINE = "the article has more than {limit:,} sentences (verify.max_sentences)"


def long_article(sentences: int) -> str:
    """A (synthetic) German live blog that never ends: ``sentences`` sentences in paragraphs of five."""
    rng = random.Random(7)
    names = ["Anna Berger", "Thomas Huber", "Maria Wagner", "Stefan Gruber"]
    places = ["Linz", "Passau", "Krems", "Melk"]
    lines = [
        f"{rng.choice(names)} meldete um {i % 24}.{i % 60:02d} Uhr aus {rng.choice(places)}, "
        f"der Pegel sei um {i % 50 + 3} Zentimeter gestiegen."
        for i in range(sentences)
    ]
    body = "\n\n".join(" ".join(lines[i : i + 5]) for i in range(0, sentences, 5))
    return f"Liveblog: Das Hochwasser an der Donau\n\n{body}\n"


def check(*args: str, env: dict[str, str] | None = None) -> tuple[int, list[str]]:
    result = CliRunner().invoke(app, ["check", *args], env=env)
    assert isinstance(result.exception, SystemExit), result.exception
    return result.exit_code, result.stderr.splitlines()


def test_twenty_thousand_sentences_are_one_line_in_seconds(tmp_path: Path) -> None:
    article = tmp_path / "liveblog.txt"
    article.write_text(long_article(20_000), encoding="utf-8")
    started = time.monotonic()
    code, lines = check(str(article), "--offline")
    assert time.monotonic() - started < 30
    assert code == 1
    assert lines == [
        f"error: {article}: {SENTENCE_LINE.format(limit=500)}",
        "hint: raise verify.max_sentences (NEWSDESK_VERIFY_MAX_SENTENCES) to audit it",
    ]


def test_a_thousand_cited_urls_are_one_line_and_none_is_fetched(
    hostile_site: HostileSite, tmp_path: Path
) -> None:
    report = load_reports()[0]
    cited = "\n".join(hostile_site.url(f"/quelle/{n}") for n in range(1000))
    article = tmp_path / "quellen.txt"
    article.write_text(f"{report.title}\n\n{report.text()}\n\nQuellen:\n{cited}\n", encoding="utf-8")
    code, lines = check(str(article), "--allow-private")
    assert code == 1
    assert lines[0] == (
        f"error: {article}: the audit has 1,000 sources (cited URLs and given sources), "
        "more than 100 (verify.max_sources)"
    )
    assert hostile_site.connections == 0


def test_the_limits_are_settings_shared_by_the_command_line_and_the_api(
    hostile_site: HostileSite, web_settings: Settings, tmp_path: Path
) -> None:
    text = long_article(40)
    article = tmp_path / "kurz.txt"
    article.write_text(text, encoding="utf-8")
    code, lines = check(str(article), "--offline", env={"NEWSDESK_VERIFY_MAX_SENTENCES": "30"})
    assert code == 1 and lines[0] == f"error: {article}: {SENTENCE_LINE.format(limit=30)}"
    code, lines = check(str(article), "--offline", env={"NEWSDESK_VERIFY_MAX_SENTENCES": "60"})
    assert SENTENCE_LINE.format(limit=60) not in "\n".join(lines)
    assert any("sentences:" in line for line in lines)  # the audit ran
    cited = "\n".join(hostile_site.url(f"/quelle/{n}") for n in range(101))
    settings = replace(
        web_settings, ingest=LOCAL, verify=replace(VerifySettings(), max_sentences=30, offline=True)
    )
    with serve_app(settings) as base:
        token = httpx.post(base + "/api/login", json={"name": EDITOR, "password": PASSWORD}).json()["token"]
        auth = {"Authorization": f"Bearer {token}"}
        too_long = httpx.post(base + "/api/audit", json={"text": text}, headers=auth, timeout=120)
        too_many = httpx.post(
            base + "/api/audit",
            json={"text": f"{load_reports()[0].title}\n\n{load_reports()[0].text()}\n\n{cited}"},
            headers=auth,
            timeout=120,
        )
        extra = httpx.post(
            base + "/api/audit",
            json={
                "text": long_article(10),
                "sources": [hostile_site.url(f"/q/{n}") for n in range(150)],
            },
            headers=auth,
            timeout=120,
        )
    assert too_long.status_code == 400 and SENTENCE_LINE.format(limit=30) in too_long.json()["detail"]
    assert too_many.status_code == 400
    assert too_many.json()["detail"].endswith(
        "the audit has 101 sources (cited URLs and given sources), more than 100 (verify.max_sources)"
    )
    assert extra.status_code == 400 and extra.json()["detail"] == (
        "eingefügter Text: the audit has 150 sources (cited URLs and given sources), "
        "more than 100 (verify.max_sources)"
    )
    assert (
        too_long.json()["detail"] == f"eingefügter Text: {SENTENCE_LINE.format(limit=30)}"
    )  # no server path
    assert hostile_site.connections == 0
