"""``newsdesk write`` and ``newsdesk demo`` end to end; the no-German error; the verifier hook."""

from __future__ import annotations

import json
import re
from collections.abc import Mapping
from pathlib import Path

import pytest
from typer.testing import CliRunner

from newsdesk.cli import app
from newsdesk.config import LLMSettings, WriteSettings
from newsdesk.errors import WriteError
from newsdesk.models import Article, Document, Passage, Verdict
from newsdesk.render.html import to_html
from newsdesk.render.markdown import to_markdown
from newsdesk.store import open_store
from newsdesk.verify import Verifier
from newsdesk.write import create_writer

ROOT = Path(__file__).resolve().parents[1]
ENGLISH_ONLY = ROOT / "tests" / "fixtures" / "write" / "english-only"
runner = CliRunner()


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path, str]:
    folder = tmp_path_factory.mktemp("demo")
    db, out = folder / "demo.db", folder / "articles"
    result = runner.invoke(app, ["demo", "--db", str(db), "-o", str(out)])
    assert result.exit_code == 0, result.output
    return db, out, result.output


def test_demo_writes_every_multi_outlet_story_in_three_formats(demo: tuple[Path, Path, str]) -> None:
    _, out, output = demo
    files = sorted(out.iterdir())
    assert len(files) == 9  # three events × md, html, json
    assert {f.suffix for f in files} == {".md", ".html", ".json"}
    for path in out.glob("*.json"):
        assert path.name in output and json.loads(path.read_text())["schema"] == "newsdesk.article/1"
    assert "14 example reports" in output


def test_demo_runs_again_on_the_same_store(demo: tuple[Path, Path, str]) -> None:
    db, out, first = demo
    result = runner.invoke(app, ["demo", "--db", str(db), "-o", str(out)])
    assert result.exit_code == 0, result.output
    assert "(0 new)" in result.output
    lines = [line for line in result.output.splitlines() if line.startswith("story ")]
    assert lines == [line for line in first.splitlines() if line.startswith("story ")]


def test_write_story_json_on_stdout(demo: tuple[Path, Path, str]) -> None:
    db, _, _ = demo
    result = runner.invoke(app, ["write", "--story", "2", "--db", str(db), "--json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert data["schema"] == "newsdesk.article/1" and data["story_id"] == 2 and data["writer"] == "extractive"
    assert data["sections"] and data["sources"] and data["dropped"] == []


def test_write_story_markdown_and_html_files(demo: tuple[Path, Path, str], tmp_path: Path) -> None:
    db, _, _ = demo
    result = runner.invoke(
        app, ["write", "--story", "3", "--db", str(db), "-o", str(tmp_path), "--format", "md,html"]
    )
    assert result.exit_code == 0, result.output
    assert sorted(p.suffix for p in tmp_path.iterdir()) == [".html", ".md"]
    markdown = next(tmp_path.glob("*.md")).read_text()
    assert markdown.startswith("# ") and "## Quellen" in markdown and re.search(r"\[\d\]", markdown)


def test_write_without_story_or_sources_is_a_usage_error(tmp_path: Path) -> None:
    result = runner.invoke(app, ["write", "--db", str(tmp_path / "x.db")])
    assert result.exit_code == 2
    assert "--story" in result.output


@pytest.mark.parametrize(("flag", "value"), [("--writer", "nonsense"), ("--format", "docx")])
def test_unavailable_writer_or_format_is_a_usage_error(tmp_path: Path, flag: str, value: str) -> None:
    result = runner.invoke(app, ["write", "--story", "1", "--db", str(tmp_path / "x.db"), flag, value])
    assert result.exit_code == 2, result.output


def test_unknown_story_is_one_clear_line(demo: tuple[Path, Path, str]) -> None:
    db, _, _ = demo
    result = runner.invoke(app, ["write", "--story", "99", "--db", str(db)])
    assert result.exit_code == 1
    assert "story 99: no story 99" in result.output and "newsdesk stories" in result.output


def test_sources_without_german_point_to_the_llm_writer(tmp_path: Path) -> None:
    db = tmp_path / "en.db"
    result = runner.invoke(app, ["write", str(ENGLISH_ONLY), "--db", str(db)])
    assert result.exit_code == 1, result.output
    assert "no usable passage in 'de'" in result.output and "--writer llm" in result.output
    with open_store(db) as store:
        [story] = store.list_stories()
        with pytest.raises(WriteError, match="does not translate"):
            create_writer(WriteSettings(), store).write(story.id)


def test_write_sources_ingests_clusters_and_writes(tmp_path: Path) -> None:
    source = ROOT / "examples" / "sources" / "donau-hochwasser"
    result = runner.invoke(app, ["write", str(source), "--db", str(tmp_path / "w.db"), "--json"])
    assert result.exit_code == 0, result.output
    [article] = json.loads(result.stdout)
    assert "Passau" in article["headline"] or "Donau" in article["headline"]
    outlets = [s["outlet"] for s in article["sources"]]
    assert len(outlets) == len(set(outlets)) == 3  # dpa copy in SZ, t-online and Zeit listed once
    syndicated = next(s for s in article["sources"] if s["republished_by"])
    assert set(syndicated["republished_by"]) == {"Die Zeit", "t-online"}


def test_renderings_escape_source_text(demo: tuple[Path, Path, str]) -> None:
    db, _, _ = demo
    with open_store(db) as store:
        article = create_writer(WriteSettings(), store).write(1)
    article.sections[0].paragraphs[0].sentences[0].text = "<script>alert(1)</script> *fett* [x](y)"
    page = to_html(article)
    assert "<script>" not in page and "&lt;script&gt;" in page
    markdown = to_markdown(article)
    assert "\\*fett\\*" in markdown and "\\[x\\]" in markdown


class _NumberVerifier:
    """A stand-in verifier (the verify stage is built separately): rejects sentences with a given number."""

    def __init__(self, number: str) -> None:
        self.number = number
        self.calls = 0

    def verify_article(
        self,
        article: Article,
        documents: Mapping[int, Document],
        passages: Mapping[tuple[int, int], Passage],
    ) -> Article:
        self.calls += 1
        for section in article.sections:
            for paragraph in section.paragraphs:
                for sentence in paragraph.sentences:
                    assert all((c.source, c.passage) in passages for c in sentence.citations)
                    label = "unsupported" if self.number in sentence.text else "supported"
                    sentence.verdict = Verdict(label, 0.0 if label == "unsupported" else 1.0)
        return article


def test_verifier_drops_unsupported_sentences_and_records_them(demo: tuple[Path, Path, str]) -> None:
    db, _, _ = demo
    with open_store(db) as store:
        plain = create_writer(WriteSettings(), store).write(2)
        body = [s.text for sec in plain.sections for p in sec.paragraphs for s in p.sentences]
        number = next(m.group() for text in body[1:] if (m := re.search(r"\d+(,\d+)?", text)))
        verifier = _NumberVerifier(number)
        checked = create_writer(WriteSettings(), store, verifier=verifier).write(2)
    texts = [s.text for sec in checked.sections for p in sec.paragraphs for s in p.sentences]
    before = [s.text for sec in plain.sections for p in sec.paragraphs for s in p.sentences]
    assert any(number in t for t in before)
    assert checked.dropped and all(number in s.text for s in checked.dropped)
    assert all(s.verdict is not None and s.verdict.label == "unsupported" for s in checked.dropped)
    assert not any(number in t for t in texts) and texts
    assert all(
        s.verdict is not None and s.verdict.label == "supported"
        for sec in checked.sections
        for p in sec.paragraphs
        for s in p.sentences
    )
    assert checked.to_dict()["dropped"]
    assert "## Vom Prüfer entfernt" in to_markdown(checked) and "Vom Prüfer entfernt" in to_html(checked)
    assert verifier.calls == 2  # once, and once more after the attribution is re-planned


def test_html_is_well_formed_with_unique_sentence_ids(demo: tuple[Path, Path, str]) -> None:
    from lxml import html as lxml_html

    _, out, _ = demo
    for path in out.glob("*.html"):
        tree = lxml_html.fromstring(path.read_bytes())
        ids = [e.get("id") for e in tree.iter() if e.get("id")]
        assert len(ids) == len(set(ids)), path.name
        assert tree.findtext(".//h1") and tree.find(".//ol/li") is not None
        sentences = tree.xpath('//span[contains(concat(" ", @class, " "), " nd-sentence ")]')
        assert sentences and all(s.get("data-citations") for s in sentences)


def test_every_registered_writer_writes_a_cited_article(
    demo: tuple[Path, Path, str], llm_settings: LLMSettings
) -> None:
    from dataclasses import replace

    from newsdesk.write import WRITERS

    db, _, _ = demo
    with open_store(db) as store:
        for name in WRITERS:
            # The llm writer uses the session's llama.cpp server (tests/conftest.py).
            writer = create_writer(
                replace(WriteSettings(), writer=name), store, verifier=Verifier(), llm=llm_settings
            )
            article = writer.write(3)
            assert article.writer == name and article.language == "de"
            assert all(s.citations for sec in article.sections for p in sec.paragraphs for s in p.sentences)
