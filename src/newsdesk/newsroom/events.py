"""Progress events: how the newsroom tells a front end what it is doing.

Every long step (ingesting, embedding, clustering, writing, verifying, auditing) is announced with
``start(step, total)``, moved with ``advance(step, label)`` (``total`` may grow with ``grow``, as
when a feed turns out to hold 40 items) and closed with ``finish(step)``; ``note`` is a one-line
message for the record (a story written, a version published, a refusal) and ``tell`` one the
person at the front end should read now (a local model server starting). The command line shows Rich progress
bars, the web UI a status line, watch mode log lines — all from the same events.

:class:`IngestProgress` turns the ingest stage's own progress protocol (``add``/``advance``) into
these events.
"""

from __future__ import annotations

import logging
import threading
from dataclasses import dataclass, field
from typing import Protocol

STEPS = {
    "ingest": "Quellen lesen",
    "embed": "Einbettungen berechnen",
    "cluster": "Geschichten bilden",
    "write": "Artikel schreiben",
    "verify": "Sätze prüfen",
    "audit": "Artikel prüfen",
}


class Listener(Protocol):
    """What a front end implements to hear the events (every method may do nothing)."""

    def start(self, step: str, total: int) -> None: ...
    def grow(self, step: str, count: int) -> None: ...
    def advance(self, step: str, label: str = "", count: int = 1) -> None: ...
    def finish(self, step: str) -> None: ...
    def note(self, message: str) -> None: ...
    def tell(self, message: str) -> None: ...


class Silent:
    """A listener that ignores everything (the default)."""

    def start(self, step: str, total: int) -> None:
        """Ignore."""

    def grow(self, step: str, count: int) -> None:
        """Ignore."""

    def advance(self, step: str, label: str = "", count: int = 1) -> None:
        """Ignore."""

    def finish(self, step: str) -> None:
        """Ignore."""

    def note(self, message: str) -> None:
        """Ignore."""

    def tell(self, message: str) -> None:
        """Ignore."""


class LogLines(Silent):
    """Watch mode's listener: each note is one log line; steps are logged when they end."""

    def __init__(self, logger: logging.Logger) -> None:
        self.logger = logger
        self._counts: dict[str, int] = {}

    def start(self, step: str, total: int) -> None:
        """Remember the step."""
        self._counts[step] = 0

    def advance(self, step: str, label: str = "", count: int = 1) -> None:
        """Count."""
        self._counts[step] = self._counts.get(step, 0) + count

    def finish(self, step: str) -> None:
        """One debug line with the count."""
        self.logger.debug("%s: %d done", step, self._counts.pop(step, 0))

    def note(self, message: str) -> None:
        """One log line."""
        self.logger.info("%s", message)

    def tell(self, message: str) -> None:
        """One log line."""
        self.logger.info("%s", message)


@dataclass
class StepState:
    """Where one step stands (for a status display)."""

    step: str
    done: int = 0
    total: int = 0
    label: str = ""


@dataclass
class Board(Silent):
    """The web UI's listener: the current steps and the last notes, read by a status request."""

    steps: dict[str, StepState] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)
    _lock: threading.Lock = field(default_factory=threading.Lock, repr=False)

    def start(self, step: str, total: int) -> None:
        """A step begins."""
        with self._lock:
            self.steps[step] = StepState(step, 0, total)

    def grow(self, step: str, count: int) -> None:
        """More work in a step."""
        with self._lock:
            self.steps.setdefault(step, StepState(step)).total += count

    def advance(self, step: str, label: str = "", count: int = 1) -> None:
        """Work done."""
        with self._lock:
            state = self.steps.setdefault(step, StepState(step))
            state.done += count
            state.label = label

    def finish(self, step: str) -> None:
        """A step ends."""
        with self._lock:
            self.steps.pop(step, None)

    def note(self, message: str) -> None:
        """Keep the last 20 notes."""
        with self._lock:
            self.notes = [*self.notes[-19:], message]

    def tell(self, message: str) -> None:
        """Kept with the notes."""
        self.note(message)

    def snapshot(self) -> dict[str, object]:
        """The steps in progress (with their German names) and the last notes."""
        with self._lock:
            return {
                "steps": [
                    {"step": s.step, "name": STEPS.get(s.step, s.step), "done": s.done, "total": s.total}
                    for s in self.steps.values()
                ],
                "notes": list(self.notes),
            }


class Events:
    """What the service calls; forwards to a :class:`Listener`."""

    def __init__(self, listener: Listener | None = None) -> None:
        self.listener: Listener = listener or Silent()

    def start(self, step: str, total: int) -> None:
        """A step with ``total`` units begins."""
        self.listener.start(step, total)

    def grow(self, step: str, count: int) -> None:
        """``count`` more units of ``step``."""
        self.listener.grow(step, count)

    def advance(self, step: str, label: str = "", count: int = 1) -> None:
        """``count`` units of ``step`` done (``label``: what was just done)."""
        self.listener.advance(step, label, count)

    def finish(self, step: str) -> None:
        """A step ends."""
        self.listener.finish(step)

    def note(self, message: str) -> None:
        """A one-line message for the record."""
        self.listener.note(message)

    def tell(self, message: str) -> None:
        """A one-line message the person at the front end should read now."""
        self.listener.tell(message)


class IngestProgress:
    """The ingest stage's progress protocol (``add``/``advance``) as ``ingest`` events."""

    def __init__(self, events: Events) -> None:
        self.events = events
        self.started = False

    def add(self, count: int) -> None:
        """The Ingestor found ``count`` more inputs."""
        if self.started:
            self.events.grow("ingest", count)
        else:
            self.started = True
            self.events.start("ingest", count)

    def advance(self, label: str) -> None:
        """One input done."""
        self.events.advance("ingest", label)

    def close(self) -> None:
        """End the step (if it began)."""
        if self.started:
            self.started = False
            self.events.finish("ingest")
