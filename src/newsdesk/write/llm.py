"""The LLM writer: an abstractive German article over any OpenAI-compatible chat API, verified sentence
by sentence.

One story, five stages (each timed; the model's tokens counted), recorded in
``Article.metadata["llm"]``:

1. **pack** (:mod:`newsdesk.write.packing`): the story's passages in every language, ranked and
   packed into ``llm.context_tokens``, numbered 1…N and delimited as data;
2. **draft**: the model answers with the article as JSON (schema in :mod:`newsdesk.write.draft`,
   prompt ``prompts/article_<llm.prompt_language>.txt``); every sentence lists the numbers of
   the passages it rests on, which are mapped back to citations (document, passage). A sentence
   that cites a number that does not exist is rejected;
3. **verify**: every sentence, the headline and the sub-headline go through the verifier;
4. **repair** (at most ``llm.repair_rounds``): the sentences that failed go back to the model
   with the verifier's problems (prompt ``prompts/repair_<lang>.txt``) and the rewrites are
   verified again;
5. **assemble** (:mod:`newsdesk.write.llm_article`): only supported sentences are published;
   the rest are in ``Article.dropped`` with their verdicts. A headline that fails is replaced by
   the title of a cited German report.

Facts from English reports are translated by the model; a quote from a report in another
language is labelled "(übersetzt aus dem Englischen)" after its closing mark, and the verifier
checks it against the original quote.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any

from newsdesk.config import LLMSettings, WriteSettings
from newsdesk.errors import ConfigError, LLMError, LLMResponseError, LLMUnavailableError, WriteError
from newsdesk.ingest.langid import guess_language
from newsdesk.llm.client import ChatClient, Reply
from newsdesk.llm.jsonparse import parse_json_object
from newsdesk.llm.prompts import load_prompt
from newsdesk.models import Article, Dateline, Paragraph, Problem, Section, Sentence, Verdict, utc_now
from newsdesk.store.sql import SQLStore
from newsdesk.write.base import ArticleVerifier
from newsdesk.write.draft import Draft, draft_schema, read_draft, read_repairs, repair_schema
from newsdesk.write.evidence import Evidence
from newsdesk.write.extractive import ExtractiveWriter
from newsdesk.write.llm_article import assemble, headline_problem, problem_lines, sentence_for
from newsdesk.write.packing import Context, pack, render_passages
from newsdesk.write.recite import citations_for
from newsdesk.write.slot import Slot

log = logging.getLogger(__name__)
_NO_DATELINE = Dateline("", "")


@dataclass
class Stages:
    """Seconds and tokens per stage, for the article's metadata."""

    entries: list[dict[str, Any]] = field(default_factory=list)

    @contextmanager
    def stage(self, name: str, **extra: Any) -> Iterator[dict[str, Any]]:
        """Time the block; the yielded entry takes the stage's other figures (tokens, counts)."""
        entry: dict[str, Any] = {"stage": name, **extra}
        started = time.monotonic()
        try:
            yield entry
        finally:
            entry["seconds"] = round(time.monotonic() - started, 3)
            self.entries.append(entry)

    def totals(self) -> dict[str, Any]:
        """Tokens and seconds over all stages."""
        return {
            "prompt_tokens": sum(e.get("prompt_tokens", 0) for e in self.entries),
            "completion_tokens": sum(e.get("completion_tokens", 0) for e in self.entries),
            "seconds": round(sum(e["seconds"] for e in self.entries), 3),
        }


class LLMWriter:
    """Writes a story with a language model and keeps only verified sentences (module docstring)."""

    name = "llm"

    def __init__(
        self,
        settings: WriteSettings,
        store: SQLStore,
        *,
        verifier: ArticleVerifier | None = None,
        llm: LLMSettings | None = None,
        client: ChatClient | None = None,
    ) -> None:
        self.settings = settings
        self.store = store
        self.llm = llm or LLMSettings()
        self._verifier = verifier
        self._client = client
        self._owns_client = client is None
        self._checked = False

    @property
    def client(self) -> ChatClient:
        """The chat client; on first use the server is asked whether it serves the model."""
        if self._client is None:
            self._client = ChatClient.from_settings(self.llm)
        if not self._checked:
            self._checked = True
            if not self._client.model:
                listed = self._client.models() or []
                if len(listed) == 1:
                    self._client.model = listed[0]
            self._client.check_model()
        return self._client

    @property
    def verifier(self) -> ArticleVerifier:
        """The verifier given (no sentence is published unverified, so there must be one)."""
        if self._verifier is None:
            raise ConfigError(
                "the LLM writer needs a verifier: it publishes only the sentences the verifier supports",
                hint="write through the newsroom service, which builds the verifier from [verify]",
            )
        return self._verifier

    def close(self) -> None:
        """Close the client's connections."""
        if self._client is not None:
            self._client.close()

    # -- the stages --------------------------------------------------------------------------------

    def write(self, story_id: int) -> Article:
        """The story's article (see the module docstring); connections are closed afterwards."""
        try:
            return self._write(story_id)
        finally:
            if self._owns_client:
                self.close()

    def _write(self, story_id: int) -> Article:
        evidence = ExtractiveWriter(self.settings, self.store).evidence(story_id)
        stages = Stages()
        with stages.stage("pack") as entry:
            context = pack(evidence, self.llm.context_tokens)
            passages = render_passages(context, evidence)
            entry.update(passages=len(context.passages), tokens_estimated=context.tokens)
        if not context.passages:
            raise WriteError(f"story {story_id} has no passage a model could use")
        client = self.client
        with stages.stage("draft") as entry:
            draft = self._draft(context, passages, entry)
        slots, duplicates = self._slots(draft, context, evidence)
        proposed = [s for s in slots if s.place is not None]
        rejected = sum(1 for s in proposed if s.invalid)
        with stages.stage("verify", round=0) as entry:
            self._settle(slots, context, evidence, entry)
        rounds = 0
        for number in range(1, self.llm.repair_rounds + 1):
            failing = [s for s in slots if not s.ok and not s.withdrawn]
            if not failing:
                break
            rounds = number
            with stages.stage("repair", round=number) as entry:
                try:
                    changed = self._repair(failing, context, passages, evidence, entry)
                except LLMUnavailableError:
                    raise
                except LLMError as exc:  # keep the verified draft; the failures are dropped
                    entry["error"] = str(exc)
                    log.warning("story %d: repair round %d failed: %s", story_id, number, exc)
                    changed = []
            if not changed:
                break  # the same failures would go back in the same prompt: nothing new to learn
            with stages.stage("verify", round=number) as entry:
                self._settle(changed, context, evidence, entry)
        with stages.stage("assemble"):
            article = assemble(self.settings, self.name, evidence, context, draft, slots)
        article.metadata["llm"] = {
            **article.metadata.get("llm", {}),
            "model": client.model,
            "endpoint": client.endpoint,
            "prompt_language": self.llm.prompt_language,
            "context": context.report(),
            "stages": stages.entries,
            "totals": stages.totals(),
            "repair_rounds": rounds,
            "sentences": {
                "proposed": len(proposed),
                "duplicates_removed": duplicates,
                "published": sum(1 for s in proposed if s.ok),
                "recited": sum(1 for s in proposed if s.ok and s.recited),
                "repaired": sum(1 for s in proposed if s.ok and s.repaired),
                "dropped": sum(1 for s in proposed if not s.ok),
                "invalid_citations": rejected,
            },
        }
        log.info(
            "story %d: %d sentences proposed, %d published after %d repair round(s)",
            story_id, len(proposed), article.metadata["llm"]["sentences"]["published"], rounds,
        )  # fmt: skip
        return article

    def _ask(
        self,
        messages: list[dict[str, str]],
        schema: dict[str, Any],
        entry: dict[str, Any],
        max_tokens: int = 0,
    ) -> Reply:
        reply = self.client.chat(
            messages,
            schema=schema,
            schema_name="article",
            max_tokens=max_tokens or self.llm.max_tokens,
            temperature=self.llm.temperature,
        )
        entry.update(reply.usage())
        return reply

    def _messages(self, context: Context, passages: str) -> list[dict[str, str]]:
        prompt = load_prompt("newsdesk.write", f"prompts/article_{self.llm.prompt_language}.txt")
        return prompt.render(
            passages=passages,
            count=len(context.passages),
            max_sentences=self.settings.max_sentences,
            max_words=self.settings.max_words,
        )

    def _draft(self, context: Context, passages: str, entry: dict[str, Any]) -> Draft:
        schema = draft_schema(
            len(context.passages),
            sentence_chars=self.settings.max_sentence_chars,
            headline_chars=self.settings.headline_max_chars + 30,
        )
        reply = self._ask(self._messages(context, passages), schema, entry)
        try:
            data = parse_json_object(reply.content)
        except ValueError:
            raise LLMResponseError(
                "the model's answer contains no JSON object",
                source=self.client.endpoint,
                hint="a model that follows instructions better, or llm.response_format = 'json_object'",
            ) from None
        draft = read_draft(data)
        if not draft.proposals():
            raise LLMResponseError(
                "the model's answer contains no article sentences", source=self.client.endpoint
            )
        return draft

    def _slots(self, draft: Draft, context: Context, evidence: Evidence) -> tuple[list[Slot], int]:
        """Numbered sentences (the body limited to ``write.max_sentences``); exact repeats removed."""

        slots = []
        for key, proposal in (("headline", draft.headline), ("subheadline", draft.subheadline)):
            if proposal.text:
                sentence, invalid = sentence_for(
                    key,
                    proposal,
                    context,
                    evidence,
                    headline=key == "headline",
                    max_chars=self.settings.headline_max_chars,
                )
                slots.append(Slot(key, proposal, sentence, invalid))
        seen: set[str] = set()
        duplicates = 0
        for index, (_, paragraphs) in enumerate(draft.sections):
            for position, paragraph in enumerate(paragraphs):
                for proposal in paragraph:
                    folded = proposal.text.casefold()
                    if folded in seen:
                        duplicates += 1
                        continue
                    if len(seen) >= self.settings.max_sentences:
                        return slots, duplicates
                    seen.add(folded)
                    sentence, invalid = sentence_for(f"s{len(seen)}", proposal, context, evidence)
                    slots.append(Slot(sentence.id, proposal, sentence, invalid, place=(index, position)))
        return slots, duplicates

    def _settle(self, slots: list[Slot], context: Context, evidence: Evidence, entry: dict[str, Any]) -> None:
        """Verify ``slots``; a failing one whose words other passages state is verified again citing those."""

        self._verify(slots, evidence)
        recited = []
        for slot in slots:
            if slot.ok or slot.withdrawn:
                continue
            found = citations_for(slot.sentence.text, context, self.settings.language)
            if found and set(found) != set(slot.sentence.citations):
                slot.sentence = Sentence(slot.id, slot.sentence.text, found)
                slot.invalid = []
                slot.recited = True
                recited.append(slot)
        self._verify(recited, evidence)
        entry.update(sentences=len(slots), recited=len(recited))

    def _verify(self, slots: list[Slot], evidence: Evidence) -> None:
        """Verdicts for ``slots``; a sentence citing a passage number that does not exist fails."""
        if not slots:
            return
        body = [Section("", [Paragraph([s.sentence for s in slots])])]
        probe = Article(
            id="probe", story_id=evidence.story_id, language=self.settings.language, writer=self.name,
            headline="", subheadline="", dateline=_NO_DATELINE, sections=body, sources=[],
            generated_at=utc_now(),
        )  # fmt: skip
        self.verifier.verify_article(probe, evidence.documents, evidence.passages)
        for slot in slots:
            verdict = slot.sentence.verdict or Verdict("unsupported", 0.0)
            extra = [Problem("citation", f"cites passage [{n}], which does not exist") for n in slot.invalid]
            if guess_language(slot.sentence.text, self.settings.language) != self.settings.language:
                extra.append(Problem("language", f"not written in {self.settings.language!r}"))
            if slot.id == "headline":
                reason = headline_problem(slot.sentence.text, evidence)
                extra += [Problem("headline", reason)] if reason else []
            if extra:
                label = "unsupported" if verdict.label == "supported" else verdict.label
                verdict = Verdict(
                    label, min(verdict.score, 0.49), verdict.evidence, verdict.problems + tuple(extra)
                )
            slot.sentence.verdict = verdict

    def _repair(
        self, failing: list[Slot], context: Context, passages: str, evidence: Evidence, entry: dict[str, Any]
    ) -> list[Slot]:
        """Ask the model to rewrite the failing sentences; the rewritten slots (to verify again)."""

        prompt = load_prompt("newsdesk.write", f"prompts/repair_{self.llm.prompt_language}.txt")
        system = [m for m in self._messages(context, passages) if m["role"] == "system"]
        messages = system + prompt.render(
            passages=passages, count=len(context.passages), problems=problem_lines(failing, context)
        )
        budget = min(self.llm.max_tokens, 200 + 150 * len(failing))
        schema = repair_schema(len(context.passages), sentence_chars=self.settings.max_sentence_chars)
        reply = self._ask(messages, schema, entry, max_tokens=budget)
        try:
            repairs = read_repairs(parse_json_object(reply.content))
        except ValueError:
            entry["unusable_answer"] = True
            return []
        changed = []
        for slot in failing:
            if slot.id not in repairs:
                continue
            proposal = repairs[slot.id]
            if proposal is None:
                slot.withdrawn = True
                continue
            if proposal.text == slot.proposal.text and proposal.passages == slot.proposal.passages:
                continue
            headline = slot.id == "headline"
            sentence, invalid = sentence_for(
                slot.id,
                proposal,
                context,
                evidence,
                headline=headline,
                max_chars=self.settings.headline_max_chars,
            )
            slot.proposal, slot.sentence, slot.invalid = proposal, sentence, invalid
            slot.repaired += 1
            slot.recited = False
            changed.append(slot)
        entry["rewritten"] = len(changed)
        return changed
