"""What an ingest run reports: the documents each input resolved to, and the inputs that failed."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from enum import StrEnum
from typing import Any, Protocol


class ErrorPolicy(StrEnum):
    """What a batch does with a failed input: re-raise it, keep it on the report, or only log it."""

    RAISE = "raise"
    CATCH = "catch"
    SUPPRESS = "suppress"


class Progress(Protocol):
    def add(self, count: int) -> None: ...

    def advance(self, label: str) -> None: ...


class NoProgress:
    def add(self, count: int) -> None:
        pass

    def advance(self, label: str) -> None:
        pass


@dataclass(frozen=True)
class IngestedItem:
    """One document that an input resolved to. ``status``: stored | duplicate | exists."""

    id: int
    url: str | None
    outlet: str
    language: str
    title: str
    passages: int
    duplicate_of: int | None
    status: str
    source: str

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass(frozen=True)
class Failure:
    source: str
    reason: str
    message: str
    hint: str | None = None

    def line(self) -> str:
        return f"{self.source}: {self.message}"

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass
class IngestReport:
    items: list[IngestedItem] = field(default_factory=list)
    failures: list[Failure] = field(default_factory=list)
    not_modified: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.failures
