"""The newsroom's progress events as Rich progress bars on stderr.

One bar per step that is running (reading sources, embedding, clustering, writing, verifying,
auditing), each with its count (``12/40``) and elapsed time; the bars disappear when the step
ends, and nothing is drawn when stderr is not a terminal. Notes (a story written, a document
clustered) go to the log (``-v`` shows them).
"""

from __future__ import annotations

import logging
from typing import Self

from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TaskID, TextColumn, TimeElapsedColumn

STEP_NAMES = {
    "ingest": "sources",
    "embed": "embedding",
    "cluster": "stories",
    "write": "writing",
    "verify": "verifying",
    "audit": "auditing",
}
log = logging.getLogger("newsdesk")


def shorten(label: str, width: int = 40) -> str:
    """A label that fits the bar (the end of a long path or URL)."""
    return label if len(label) <= width else "…" + label[-(width - 1) :]


class RichProgress:
    """A :class:`~newsdesk.newsroom.events.Listener` drawing Rich progress bars."""

    def __init__(self, console: Console, *, enabled: bool = True) -> None:
        self.progress = Progress(
            TextColumn("{task.description}"),
            BarColumn(),
            MofNCompleteColumn(),
            TimeElapsedColumn(),
            console=console,
            transient=True,
            disable=not (enabled and console.is_terminal),
        )
        self.tasks: dict[str, TaskID] = {}

    def __enter__(self) -> Self:
        self.progress.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.progress.stop()

    def start(self, step: str, total: int) -> None:
        """A bar for the step."""
        if step in self.tasks:
            self.progress.update(self.tasks[step], total=total, completed=0)
            return
        self.tasks[step] = self.progress.add_task(STEP_NAMES.get(step, step), total=total)

    def grow(self, step: str, count: int) -> None:
        """More units in the step."""
        if step not in self.tasks:
            self.start(step, count)
            return
        task = self.tasks[step]
        self.progress.update(task, total=(self.progress.tasks[self._index(task)].total or 0) + count)

    def advance(self, step: str, label: str = "", count: int = 1) -> None:
        """Move the bar."""
        if step not in self.tasks:
            return
        name = STEP_NAMES.get(step, step)
        description = f"{name} {shorten(label)}" if label else name
        self.progress.update(self.tasks[step], advance=count, description=description)

    def finish(self, step: str) -> None:
        """The step is done: its bar goes."""
        task = self.tasks.pop(step, None)
        if task is not None:
            self.progress.remove_task(task)

    def note(self, message: str) -> None:
        """A note goes to the log."""
        log.info("%s", message)

    def tell(self, message: str) -> None:
        """A message for the user: one line on stderr."""
        self.progress.console.print(message, markup=False, highlight=False)

    def _index(self, task: TaskID) -> int:
        return next(i for i, t in enumerate(self.progress.tasks) if t.id == task)
