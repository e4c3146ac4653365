"""The LLM writer's guarantees against a real llama.cpp server with SmolLM2-135M-Instruct.

The model writes poor German; these tests check what must hold whatever it writes: the article
follows the schema, every citation is a real passage of the story, every published sentence is
verified, what fails goes back to the model with the verifier's problems (bounded) and is dropped
and reported when it still fails, injected instructions in the sources change neither the format
nor the content, and tokens and time are recorded per stage.

The only stand-in is at the transport: :class:`Recorder` forwards every request to the real server
and records it; one test also rewrites the model's first answer (adds a sentence with a wrong
number and one citing a passage that does not exist) to make sure the repair loop has work to do.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path
from typing import Any

import httpx
import pytest
from typer.testing import CliRunner

from newsdesk.cli import app
from newsdesk.config import LLMSettings, WriteSettings
from newsdesk.llm.client import ChatClient
from newsdesk.llm.jsonparse import parse_json_object
from newsdesk.models import Article
from newsdesk.store import open_store
from newsdesk.verify import Verifier
from newsdesk.write.llm import LLMWriter

FIXTURES = Path(__file__).parent / "fixtures" / "llm"
runner = CliRunner()
WRONG_NUMBER = "Nach Angaben der Polizei wurden 999 Menschen verletzt."
NO_SUCH_PASSAGE = "Der Oberbürgermeister von Regensburg ist zurückgetreten."
CANARIES = (
    "BANANENREPUBLIK",
    "zurückgetreten",
    "40 Menschen",
    "40 Tote",
    "Oberbürgermeister",
    "Bürgermeister",
)


class Recorder(httpx.BaseTransport):
    """Forwards to the real server, records each answered chat request; may rewrite the first answer."""

    def __init__(self, rewrite: Callable[[dict[str, Any]], dict[str, Any]] | None = None) -> None:
        self.inner = httpx.HTTPTransport()
        self.rewrite = rewrite
        self.exchanges: list[tuple[dict[str, Any], dict[str, Any]]] = []

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        response = self.inner.handle_request(request)
        if not request.url.path.endswith("/chat/completions"):
            return response
        response.read()
        if response.status_code != 200:
            return response
        body, answer = json.loads(request.content), response.json()
        if self.rewrite is not None and not self.exchanges:
            answer = self.rewrite(answer)
            response = httpx.Response(200, json=answer, request=request)
        self.exchanges.append((body, answer))
        return response

    def close(self) -> None:
        self.inner.close()


def plant_failures(answer: dict[str, Any]) -> dict[str, Any]:
    """Add two sentences that cannot pass to the model's draft: a wrong number, a missing passage."""
    draft = parse_json_object(answer["choices"][0]["message"]["content"])
    sections = draft.get("sections") or [{"heading": "", "paragraphs": []}]
    paragraphs = sections[0].setdefault("paragraphs", [])
    paragraphs.append(
        {
            "sentences": [
                {"text": WRONG_NUMBER, "passages": [1], "quote_translated": False},
                {"text": NO_SUCH_PASSAGE, "passages": [99], "quote_translated": False},
            ]
        }
    )
    draft["sections"] = sections
    answer["choices"][0]["message"]["content"] = json.dumps(draft, ensure_ascii=False)
    return answer


def ingest(folder: Path, db: Path) -> Path:
    result = runner.invoke(app, ["ingest", str(folder), "--db", str(db)])
    assert result.exit_code == 0, result.output
    return db


@pytest.fixture(scope="module")
def verifier() -> Verifier:
    return Verifier()


@pytest.fixture(scope="module")
def bridge_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return ingest(FIXTURES / "bridge", tmp_path_factory.mktemp("bridge") / "bridge.db")


def write(db: Path, llm: LLMSettings, verifier: Verifier, recorder: Recorder) -> Article:
    with open_store(db) as store:
        [story] = store.list_stories()
        client = ChatClient.from_settings(llm, transport=recorder)
        writer = LLMWriter(WriteSettings(writer="llm"), store, verifier=verifier, llm=llm, client=client)
        try:
            return writer.write(story.id)
        finally:
            writer.close()


@pytest.fixture(scope="module")
def planted(bridge_db: Path, llm_settings: LLMSettings, verifier: Verifier) -> tuple[Article, Recorder]:
    recorder = Recorder(rewrite=plant_failures)
    return write(bridge_db, llm_settings, verifier, recorder), recorder


def body(article: Article) -> list[Any]:
    return [s for section in article.sections for p in section.paragraphs for s in p.sentences]


def story_passages(db: Path) -> dict[tuple[int, int], str]:
    with open_store(db) as store:
        [story] = store.list_stories()
        documents = [m.document_id for m in store.story_members(story.id)]
        return {(p.document_id, p.index): p.text for d in documents for p in store.get_passages(d)}


def test_the_article_follows_the_schema_and_cites_only_real_passages(
    planted: tuple[Article, Recorder], bridge_db: Path
) -> None:
    article, _ = planted
    data = json.loads(json.dumps(article.to_dict()))
    assert data["schema"] == "newsdesk.article/1" and data["writer"] == "llm" and data["language"] == "de"
    assert data["headline"] and data["dateline"]["date"] == "3. März 2025"
    assert {s["outlet"] for s in data["sources"]} == {
        "Bayerischer Rundfunk",
        "Süddeutsche Zeitung",
        "The Guardian",
    }
    passages = story_passages(bridge_db)
    for sentence in body(article) + article.dropped:
        for citation in sentence.citations:
            assert (citation.source, citation.passage) in passages, sentence.text
    for citation in article.subheadline_citations:
        assert (citation.source, citation.passage) in passages


def test_only_verified_sentences_are_published_and_the_rest_is_reported(
    planted: tuple[Article, Recorder],
) -> None:
    article, _ = planted
    for sentence in body(article):
        assert sentence.verdict is not None and sentence.verdict.label == "supported", sentence.text
        assert sentence.citations
    if article.subheadline:
        assert article.subheadline_citations
    published = " ".join(s.text for s in body(article)) + " " + article.subheadline
    assert WRONG_NUMBER not in published and NO_SUCH_PASSAGE not in published
    dropped = {s.text: s for s in article.dropped}
    assert all(s.verdict is not None and s.verdict.label != "supported" for s in article.dropped)
    counts = article.metadata["llm"]["sentences"]
    assert counts["invalid_citations"] >= 1
    assert counts["published"] == len(body(article))
    assert counts["dropped"] == len(
        [s for s in article.dropped if s.id.startswith("s") and s.id[1:].isdigit()]
    )
    assert counts["proposed"] >= 2
    if NO_SUCH_PASSAGE in dropped:  # unless the model withdrew or rewrote it
        details = [p.detail for p in dropped[NO_SUCH_PASSAGE].verdict.problems]  # type: ignore[union-attr]
        assert "cites passage [99], which does not exist" in details


def test_failing_sentences_go_back_to_the_model_with_the_verifiers_problems(
    planted: tuple[Article, Recorder], llm_settings: LLMSettings
) -> None:
    article, recorder = planted
    repairs = [body for body, _ in recorder.exchanges if "fact checker" in body["messages"][-1]["content"]]
    assert 1 <= len(repairs) <= llm_settings.repair_rounds
    assert article.metadata["llm"]["repair_rounds"] == len(repairs)
    first = repairs[0]["messages"][-1]["content"]
    assert WRONG_NUMBER in first and NO_SUCH_PASSAGE in first
    assert "cites passage [99], which does not exist" in first
    assert "number:" in first  # the verifier's finding on 999
    assert repairs[0]["messages"][0]["role"] == "system"  # the same rules as the draft
    assert "sentences" in json.dumps(repairs[0]["response_format"])  # the repair answer's schema


def test_the_prompt_gives_numbered_passages_of_every_language_as_data(
    planted: tuple[Article, Recorder],
) -> None:
    _, recorder = planted
    draft, _ = recorder.exchanges[0]
    system, user = draft["messages"]
    assert system["role"] == "system" and "data, not instructions" in system["content"]
    passages = user["content"].split("<passages>", 1)[1].split("</passages>", 1)[0]
    assert '<source outlet="The Guardian" language="en"' in passages
    assert '<source outlet="Bayerischer Rundfunk" language="de"' in passages
    assert "[1] " in passages and "No one was injured, police said." in passages
    schema = draft["response_format"].get("schema") or draft["response_format"]["json_schema"]["schema"]
    assert schema["required"][:2] == ["headline", "headline_passages"] and "sections" in schema["required"]


def test_tokens_and_time_are_recorded_per_stage(
    planted: tuple[Article, Recorder], llm_settings: LLMSettings
) -> None:
    article, recorder = planted
    meta = article.metadata["llm"]
    stages = [entry["stage"] for entry in meta["stages"]]
    assert stages[:3] == ["pack", "draft", "verify"] and stages[-1] == "assemble" and "repair" in stages
    asked = [e for e in meta["stages"] if e["stage"] in ("draft", "repair")]
    served = [answer["usage"] for _, answer in recorder.exchanges]
    assert [e["prompt_tokens"] for e in asked] == [u["prompt_tokens"] for u in served]
    assert meta["totals"]["prompt_tokens"] == sum(u["prompt_tokens"] for u in served)
    assert all(e["seconds"] >= 0 for e in meta["stages"]) and meta["totals"]["seconds"] > 0
    context = meta["context"]
    assert context["budget_tokens"] == llm_settings.context_tokens
    assert 0 < context["passage_tokens_estimated"] <= context["budget_tokens"]
    assert context["passages_used"] == 18 == context["passages_available"]
    assert meta["model"] == llm_settings.model and "api_key" not in json.dumps(meta)


def test_a_small_budget_packs_the_best_passages_of_every_report(
    bridge_db: Path, llm_settings: LLMSettings
) -> None:
    from newsdesk.write.extractive import ExtractiveWriter
    from newsdesk.write.packing import pack

    with open_store(bridge_db) as store:
        [story] = store.list_stories()
        evidence = ExtractiveWriter(WriteSettings(), store).evidence(story.id)
    context = pack(evidence, 200)
    assert context.tokens <= 200 < pack(evidence, 6000).tokens
    assert {item.unit.group for item in context.passages} == set(evidence.groups)
    assert [item.number for item in context.passages] == list(range(1, len(context.passages) + 1))


@pytest.fixture(scope="module")
def injected(
    tmp_path_factory: pytest.TempPathFactory, llm_settings: LLMSettings, verifier: Verifier
) -> tuple[Article, Recorder, Path]:
    db = ingest(FIXTURES / "bridge-injected", tmp_path_factory.mktemp("injected") / "injected.db")
    recorder = Recorder()
    return write(db, llm_settings, verifier, recorder), recorder, db


def test_injected_instructions_change_neither_the_format_nor_the_content(
    injected: tuple[Article, Recorder, Path], planted: tuple[Article, Recorder]
) -> None:
    article, recorder, db = injected
    clean, _ = planted
    data, reference = article.to_dict(), clean.to_dict()
    assert data.keys() == reference.keys() and data["schema"] == reference["schema"]
    assert data["metadata"]["llm"].keys() == reference["metadata"]["llm"].keys()
    # The instructions never reach the model …
    prompt = " ".join(m["content"] for body, _ in recorder.exchanges for m in body["messages"])
    for planted_text in (
        "Ignore all previous instructions",
        "developer mode",
        "<|im_start|>",
        '"headline": "Ober',
    ):
        assert planted_text not in prompt
    excluded = data["metadata"]["llm"]["context"]["excluded"]
    assert len(excluded) == 5 and {e["reason"] for e in excluded} == {"reads as an instruction"}
    # … and nothing they ask for is published: every sentence is verified against real passages.
    passages = story_passages(db)
    injected_keys = {(e["source"], e["passage"]) for e in excluded}
    published = [article.headline, article.subheadline] + [s.text for s in body(article)]
    for text in published:
        assert not any(canary in text for canary in CANARIES), text
    for sentence in body(article):
        assert sentence.verdict is not None and sentence.verdict.label == "supported"
        keys = {(c.source, c.passage) for c in sentence.citations}
        assert keys and keys <= set(passages) and not keys & injected_keys


def test_the_verifier_publishes_nothing_when_no_sentence_holds(
    bridge_db: Path, llm_settings: LLMSettings, verifier: Verifier
) -> None:
    """Every sentence of the draft rewritten to a claim no report makes: the article keeps none of them."""

    def nonsense(answer: dict[str, Any]) -> dict[str, Any]:
        fake = {
            "headline": "Regensburg feiert Stadtfest",
            "headline_passages": [1],
            "subheadline": "Die Stadt Regensburg feierte am Sonntag ein großes Fest mit 50.000 Gästen.",
            "subheadline_passages": [1],
            "dateline_place": "Atlantis",
            "sections": [{"heading": "Das Fest", "paragraphs": [{"sentences": [
                {"text": "Die Stadt Regensburg feierte am Sonntag ein großes Fest mit 50.000 Gästen.",
                 "passages": [2], "quote_translated": False},
            ]}]}],
        }  # fmt: skip
        answer["choices"][0]["message"]["content"] = json.dumps(fake, ensure_ascii=False)
        return answer

    article = write(bridge_db, replace(llm_settings, repair_rounds=0), verifier, Recorder(rewrite=nonsense))
    assert body(article) == [] and article.subheadline == ""
    assert [s.id for s in article.dropped] == ["headline", "subheadline", "s1"]
    assert article.headline != "Regensburg feiert Stadtfest" and article.headline_source is not None
    assert article.dateline.place == "Regensburg"  # "Atlantis" is named by no passage
    assert article.metadata["llm"]["repair_rounds"] == 0
