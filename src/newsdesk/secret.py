"""Secrets (API keys) as a type that never shows its value.

A :class:`Secret` prints as ``***`` in ``str``, ``repr`` and f-strings, refuses to be pickled or
serialised, and gives its value only through :meth:`Secret.reveal`, which the code that sends it
(an HTTP ``Authorization`` header) calls at the last moment. :func:`redact` removes a secret's
value from any text that might have picked it up, such as an error body a server echoed.
"""

from __future__ import annotations

from typing import Any, NoReturn

MASK = "***"


class Secret:
    """A string that does not print (see the module docstring). Empty means "no secret"."""

    __slots__ = ("_value",)

    def __init__(self, value: str = "") -> None:
        self._value = str(value)

    def reveal(self) -> str:
        """The value itself: only for the place that sends it."""
        return self._value

    def __bool__(self) -> bool:
        return bool(self._value)

    def __str__(self) -> str:
        return MASK if self._value else ""

    def __repr__(self) -> str:
        return f"Secret({MASK!r})" if self._value else "Secret('')"

    def __format__(self, spec: str) -> str:
        return format(str(self), spec)

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Secret) and other._value == self._value

    def __hash__(self) -> int:
        return hash((Secret, self._value))

    def __copy__(self) -> Secret:
        return self

    def __deepcopy__(self, memo: dict[int, Any]) -> Secret:
        return self

    def __reduce_ex__(self, protocol: Any) -> NoReturn:
        raise TypeError("a Secret cannot be pickled or serialised")


def redact(text: str, *secrets: Secret | str | None) -> str:
    """``text`` with every secret's value (at least 4 characters long) replaced by ``***``."""
    for secret in secrets:
        value = secret.reveal() if isinstance(secret, Secret) else (secret or "")
        if len(value) >= 4:
            text = text.replace(value, MASK)
    return text
