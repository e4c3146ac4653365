"""The review trail as tracked changes: who changed what, when and why, with word-level diffs.

Every change of a version (:mod:`newsdesk.newsroom.desk`, :mod:`newsdesk.newsroom.arrange`) and
every decision (:mod:`newsdesk.newsroom.decisions`) is one row of ``article_events``;
:func:`changes` reads those rows as an editor reads suggestion mode: what was deleted and what was
inserted (:class:`Piece`), the sentence or part of the article it touched, the editor, the time, the
reason given, and what followed (the new verdict, the headline check's findings). The web page and
the API show the same :class:`Change` objects. Rows of actions this module does not know are shown
with their raw action name and details, never dropped.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any, Literal

from newsdesk.models import Dateline
from newsdesk.render.text import VERDICT_LABELS, dateline_text
from newsdesk.store.articles import ArticleEvent

PieceKind = Literal["same", "del", "ins"]
_WORDS = re.compile(r"\S+")

TITLES = {
    "write": "geschrieben",
    "rewrite": "neu geschrieben",
    "edit_sentence": "Satz geändert",
    "strike_sentence": "Satz gestrichen",
    "reject_sentence": "Satz gestrichen",
    "restore_sentence": "Satz wieder eingefügt",
    "add_sentence": "Satz hinzugefügt",
    "move_sentence": "Satz verschoben",
    "move_paragraph": "Absatz verschoben",
    "edit_headline": "Überschrift geändert",
    "edit_subheadline": "Unterzeile geändert",
    "edit_dateline": "Ortsmarke geändert",
    "edit_heading": "Zwischenüberschrift geändert",
    "insert_heading": "Zwischenüberschrift eingefügt",
    "resolve_conflict": "Widerspruch entschieden",
    "verify": "neu geprüft",
    "approved": "freigegeben",
    "rejected": "abgelehnt",
    "draft": "zurück in den Entwurf",
    "published": "veröffentlicht",
    "withdrawn": "zurückgezogen",
}
DIRECTIONS = {"up": "nach oben", "down": "nach unten"}


@dataclass(frozen=True)
class Piece:
    """A run of words that stayed (``same``), went (``del``) or came (``ins``)."""

    kind: PieceKind
    text: str


@dataclass(frozen=True)
class Change:
    """One row of the trail as a tracked change (see the module docstring)."""

    at: str
    actor: str
    action: str
    title: str  # German: "Satz geändert"
    subject: str  # what it touched: "Satz s3", "Überschrift", "" for the whole version
    diff: tuple[Piece, ...]
    reason: str
    notes: tuple[str, ...]  # what followed: "Prüfung: nicht belegt", the headline check's findings

    def to_dict(self) -> dict[str, Any]:
        return {
            "at": self.at,
            "actor": self.actor,
            "action": self.action,
            "title": self.title,
            "subject": self.subject,
            "diff": [{"kind": p.kind, "text": p.text} for p in self.diff],
            "reason": self.reason,
            "notes": list(self.notes),
        }


def word_diff(old: str, new: str) -> tuple[Piece, ...]:
    """``old`` → ``new`` as runs of kept, deleted and inserted words."""
    before, after = _WORDS.findall(old), _WORDS.findall(new)
    pieces: list[Piece] = []
    matcher = difflib.SequenceMatcher(a=before, b=after, autojunk=False)
    for op, a1, a2, b1, b2 in matcher.get_opcodes():
        if op == "equal":
            pieces.append(Piece("same", " ".join(before[a1:a2])))
            continue
        if a2 > a1:
            pieces.append(Piece("del", " ".join(before[a1:a2])))
        if b2 > b1:
            pieces.append(Piece("ins", " ".join(after[b1:b2])))
    return tuple(pieces)


def _verdict(label: object) -> str:
    return f"Prüfung: {VERDICT_LABELS.get(str(label), 'nicht geprüft')}"


def _dateline(value: object) -> str:
    if not isinstance(value, dict):
        return ""
    return dateline_text(Dateline(str(value.get("place", "")), str(value.get("date", ""))))


def _text_change(detail: dict[str, Any]) -> tuple[Piece, ...]:
    return word_diff(str(detail.get("old") or ""), str(detail.get("new") or ""))


def _describe(action: str, detail: dict[str, Any]) -> tuple[str, tuple[Piece, ...], list[str]]:
    """The subject, the diff and the notes of one trail row."""
    sentence = f"Satz {detail['sentence']}" if "sentence" in detail else ""
    notes: list[str] = []
    if "verdict" in detail:
        notes.append(_verdict(detail["verdict"]))
    if action == "edit_sentence":
        return sentence, _text_change(detail), notes
    if action in ("strike_sentence", "reject_sentence"):
        return sentence, (Piece("del", str(detail.get("text", ""))),), notes
    if action in ("restore_sentence", "add_sentence"):
        return sentence, (Piece("ins", str(detail.get("text", ""))),), notes
    if action == "move_sentence":
        where = f"vor Satz {detail['before']}" if detail.get("before") else "ans Ende"
        return sentence, (Piece("same", str(detail.get("text", ""))),), [f"verschoben {where}", *notes]
    if action == "move_paragraph":
        direction = DIRECTIONS.get(str(detail.get("direction")), "")
        return "Absatz", (Piece("same", str(detail.get("text", ""))),), [f"verschoben {direction}".strip()]
    if action in ("edit_headline", "edit_subheadline"):
        notes += [str(p) for p in detail.get("problems", ())]
        return ("Überschrift" if action == "edit_headline" else "Unterzeile"), _text_change(detail), notes
    if action == "edit_dateline":
        return "Ortsmarke", word_diff(_dateline(detail.get("old")), _dateline(detail.get("new"))), notes
    if action in ("edit_heading", "insert_heading"):
        return f"Abschnitt {int(detail.get('section', 0)) + 1}", _text_change(detail), notes
    if action == "resolve_conflict":
        old = str(detail.get("old") or "beide Angaben")
        new = str(detail.get("new") or "beide Angaben")
        notes.append(str(detail.get("resolution", "")))
        return str(detail.get("about", "Widerspruch")), word_diff(old, new), [n for n in notes if n]
    if action == "verify":
        changed = detail.get("changed") or {}
        return (
            "",
            (),
            [f"Satz {sid}: {VERDICT_LABELS.get(str(label), label)}" for sid, label in changed.items()],
        )
    if action == "write":
        return f"Version {detail.get('version', '')}".strip(), (), []
    return _decision(action, detail)


def _decision(action: str, detail: dict[str, Any]) -> tuple[str, tuple[Piece, ...], list[str]]:
    notes = []
    if detail.get("note"):
        notes.append(f"Notiz: {detail['note']}")
    if detail.get("forced"):
        blocking = ", ".join(str(b) for b in detail.get("blocking", ()))
        notes.append(f"trotz nicht belegter Sätze freigegeben ({blocking}): {detail['forced']}")
    if detail.get("superseded_by"):
        notes.append(f"ersetzt durch Artikel {detail['superseded_by']}")
    if action not in TITLES:
        notes += [f"{key}: {value}" for key, value in detail.items() if key != "reason"]
    return "", (), notes


def changes(events: Iterable[ArticleEvent], *, newest_first: bool = True) -> list[Change]:
    """The trail rows as tracked changes (see the module docstring)."""
    found = []
    for event in events:
        detail = event.detail if isinstance(event.detail, dict) else {}
        subject, diff, notes = _describe(event.action, detail)
        reason = str(detail.get("reason") or "")
        if event.action == "draft" and reason == "changed after approval":
            reason, notes = "", ["nach der Freigabe geändert"]
        found.append(
            Change(
                at=event.at,
                actor=event.actor,
                action=event.action,
                title=TITLES.get(event.action, event.action),
                subject=subject,
                diff=diff,
                reason=reason,
                notes=tuple(notes),
            )
        )
    return found[::-1] if newest_first else found
