"""The repair loop step by step, with a scripted model on 127.0.0.1 (the answers are fixed, the
rest is newsdesk: packing, citations, verifier, repair prompt, assembly).

The real model (tests/test_llm_writer.py) cannot be made to repair a sentence on purpose; a server
that answers like a good model can. It reads the numbered passages from the prompt, so its
citations are right whatever the numbering.
"""

from __future__ import annotations

import json
import re
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any, ClassVar

import pytest
from typer.testing import CliRunner

from newsdesk.cli import app
from newsdesk.config import LLMSettings, WriteSettings
from newsdesk.models import Article, Citation
from newsdesk.store import open_store
from newsdesk.verify import Verifier
from newsdesk.write import create_writer
from newsdesk.write.extractive import ExtractiveWriter
from newsdesk.write.llm_article import label_translated_quote

FIXTURES = Path(__file__).parent / "fixtures" / "llm"
runner = CliRunner()
LEAD = "Ein Frachtschiff hat am Montagmorgen einen Pfeiler der Nibelungenbrücke in Regensburg gerammt."
WRONG = "Das Schiff hatte 9.999 Tonnen Getreide geladen."
RIGHT = "Das 110 Meter lange Schiff hatte 2.400 Tonnen Getreide geladen."
UNSUPPORTED = "Die Brücke wurde bei dem Unfall vollständig zerstört."
ENGLISH = "No one was injured, police said."


def number_of(prompt: str, start: str) -> int:
    match = re.search(rf"^\[(\d+)\] {re.escape(start)}", prompt, re.MULTILINE)
    assert match, start
    return int(match.group(1))


def sentence(text: str, *numbers: int) -> dict[str, Any]:
    return {"text": text, "passages": list(numbers), "quote_translated": False}


class _Model(BaseHTTPRequestHandler):
    """Answers the draft with one good, one wrong and one unsupported sentence; repairs the wrong one."""

    seen: ClassVar[list[dict[str, Any]]] = []
    fail_repairs: ClassVar[bool] = False

    def do_POST(self) -> None:
        body = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
        _Model.seen.append(body)
        prompt = body["messages"][-1]["content"]
        lead, cargo = number_of(prompt, "Ein Frachtschiff"), number_of(prompt, "Das 110 Meter")
        injured = number_of(prompt, ENGLISH)
        if "fact checker" not in prompt:
            answer: dict[str, Any] = {
                "headline": "Frachtschiff rammt Nibelungenbrücke in Regensburg",
                "headline_passages": [lead],
                "subheadline": LEAD,
                "subheadline_passages": [lead],
                "dateline_place": "Regensburg",
                "sections": [
                    {
                        "heading": "",
                        "paragraphs": [
                            {
                                "sentences": [
                                    sentence(LEAD, lead),
                                    sentence(WRONG, cargo),
                                    sentence(ENGLISH, injured),
                                ]
                            }
                        ],
                    },
                    {"heading": "Folgen", "paragraphs": [{"sentences": [sentence(UNSUPPORTED, lead)]}]},
                ],
            }
        elif self.fail_repairs:
            data = b'{"error": {"message": "the GPU caught fire"}}'
            self.send_response(503)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)
            return
        else:
            ids = re.findall(r'id "(s\d+)": "([^"]*)"', prompt)
            fixes = {WRONG: sentence(RIGHT, cargo), UNSUPPORTED: sentence(UNSUPPORTED, lead)}
            answer = {"sentences": [{"id": i, **fixes[t]} for i, t in ids if t in fixes]}
        data = json.dumps(
            {
                "choices": [
                    {"message": {"content": json.dumps(answer, ensure_ascii=False)}, "finish_reason": "stop"}
                ]
            }
        ).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def do_GET(self) -> None:
        data = json.dumps({"object": "list", "data": [{"id": "scripted"}]}).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture(scope="module")
def model_url() -> Iterator[str]:
    server = ThreadingHTTPServer(("127.0.0.1", 0), _Model)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}/v1"
    server.shutdown()
    server.server_close()


@pytest.fixture(scope="module")
def bridge_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    db = tmp_path_factory.mktemp("repair") / "bridge.db"
    result = runner.invoke(app, ["ingest", str(FIXTURES / "bridge"), "--db", str(db)])
    assert result.exit_code == 0, result.output
    return db


@pytest.fixture(scope="module")
def repaired(bridge_db: Path, model_url: str) -> Article:
    _Model.seen.clear()
    with open_store(bridge_db) as store:
        writer = create_writer(
            WriteSettings(writer="llm"),
            store,
            verifier=Verifier(),
            llm=LLMSettings(base_url=model_url, model="scripted", retries=0),
        )
        return writer.write(1)


def texts(article: Article) -> list[str]:
    return [s.text for section in article.sections for p in section.paragraphs for s in p.sentences]


def test_a_repaired_sentence_is_verified_again_and_published(repaired: Article) -> None:
    assert texts(repaired)[:2] == [LEAD, RIGHT]
    counts = repaired.metadata["llm"]["sentences"]
    assert counts == {
        "proposed": 4, "duplicates_removed": 0, "published": 2, "recited": 0, "repaired": 1, "dropped": 2,
        "invalid_citations": 0,
    }  # fmt: skip


def test_an_english_sentence_is_not_published_even_where_its_source_supports_it(repaired: Article) -> None:
    [english] = [s for s in repaired.dropped if s.text == ENGLISH]
    assert english.verdict is not None and ("language", "not written in 'de'") in [
        (p.kind, p.detail) for p in english.verdict.problems
    ]


def test_a_sentence_that_still_fails_is_dropped_with_its_verdict(repaired: Article) -> None:
    [dropped] = [s for s in repaired.dropped if s.id.startswith("s") and s.text != ENGLISH]
    assert dropped.text == UNSUPPORTED and dropped.verdict is not None
    assert dropped.verdict.label != "supported" and dropped.verdict.problems
    assert UNSUPPORTED not in " ".join(texts(repaired))
    assert [s.heading for s in repaired.sections] == [""]  # "Folgen" lost its only sentence


def test_the_loop_is_bounded_and_stops_when_the_model_has_nothing_new(repaired: Article) -> None:
    prompts = [b["messages"][-1]["content"] for b in _Model.seen]
    repairs = [p for p in prompts if "fact checker" in p]
    # Round 1 sends the wrong and the unsupported sentence; round 2 only the unsupported one, and
    # the model answers it unchanged, so there is no round 3 (the default allows 2).
    assert len(repairs) == 2 and WRONG in repairs[0] and UNSUPPORTED in repairs[0]
    assert WRONG not in repairs[1] and UNSUPPORTED in repairs[1]
    assert repaired.metadata["llm"]["repair_rounds"] == 2
    assert "relevance:" in repairs[0] or "number:" in repairs[0]


def test_headline_subheadline_dateline_and_sources_are_assembled(repaired: Article) -> None:
    assert repaired.headline == "Frachtschiff rammt Nibelungenbrücke in Regensburg"
    assert repaired.headline_source is None and repaired.metadata["llm"]["headline"] == "model"
    assert repaired.subheadline == ""  # it repeats the lead sentence
    assert repaired.dateline.place == "Regensburg" and repaired.dateline.date == "3. März 2025"
    cited = [s for s in repaired.sources if s.cited]
    assert [s.outlet for s in cited] == ["Bayerischer Rundfunk"]
    assert len(repaired.sources) == 3


def test_a_quote_from_an_english_report_is_labelled_as_translated(bridge_db: Path) -> None:
    with open_store(bridge_db) as store:
        evidence = ExtractiveWriter(WriteSettings(), store).evidence(1)
    english = next(k for k, p in evidence.passages.items() if "steering error" in p.text)
    german = next(k for k, p in evidence.passages.items() if "Steuerfehler" in p.text)
    quote = "„Wir gehen von einem Steuerfehler aus“, sagte ein Sprecher der Polizei."
    from_english = [Citation(*english, evidence.passages[english].text)]
    from_german = [Citation(*german, evidence.passages[german].text)]
    labelled = label_translated_quote(quote, False, from_english, evidence)
    label = "(übersetzt aus dem Englischen)"
    assert labelled == f"„Wir gehen von einem Steuerfehler aus“ {label}, sagte ein Sprecher der Polizei."
    assert label_translated_quote(quote, False, from_german, evidence) == quote  # verbatim German quote
    assert label_translated_quote(quote, False, from_german + from_english, evidence) == quote
    assert label_translated_quote(
        "Die Polizei vermutet einen Steuerfehler.", True, from_english, evidence
    ).endswith("Steuerfehler.")


def test_a_failed_repair_request_keeps_the_verified_draft(bridge_db: Path, model_url: str) -> None:
    _Model.fail_repairs = True
    try:
        with open_store(bridge_db) as store:
            llm = LLMSettings(base_url=model_url, model="scripted", retries=0)
            article = create_writer(WriteSettings(writer="llm"), store, verifier=Verifier(), llm=llm).write(1)
    finally:
        _Model.fail_repairs = False
    assert texts(article) == [LEAD]
    [repair] = [e for e in article.metadata["llm"]["stages"] if e["stage"] == "repair"]
    assert "HTTP 503" in repair["error"] and "GPU caught fire" in repair["error"]
    assert {s.text for s in article.dropped} >= {WRONG, UNSUPPORTED, ENGLISH}
