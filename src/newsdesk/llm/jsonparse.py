"""Robust parsing of a model's JSON answer, for servers that cannot constrain their output.

:func:`parse_json_object` tries, in order:

1. the whole answer as JSON;
2. the contents of a Markdown code fence (```json … ```);
3. from each ``{`` in turn (prose before and after is ignored): the object that starts there, or,
   when it is **truncated** (the model ran out of tokens), that object cut back to its last
   complete value with its open arrays and objects closed, so the sentences written so far survive.

Only an object counts (an article is an object); anything else raises ``ValueError``.
"""

from __future__ import annotations

import json
import re
from typing import Any

_FENCE = re.compile(r"```(?:json|JSON)?\s*\n?(.*?)```", re.DOTALL)
_CLOSERS = {"{": "}", "[": "]"}
MAX_CUTS = 400


def parse_json_object(text: str) -> dict[str, Any]:
    """The JSON object in ``text`` (see the module docstring); ValueError if there is none."""
    text = text.strip().lstrip("\ufeff")
    for candidate in (text, *(m.group(1).strip() for m in _FENCE.finditer(text))):
        try:
            value = json.loads(candidate)
        except ValueError:
            continue
        if isinstance(value, dict):
            return value
    decoder = json.JSONDecoder()
    starts = [m.start() for m in re.finditer(r"\{", text)][:20]
    for start in starts:
        try:
            value, _ = decoder.raw_decode(text, start)
        except ValueError:
            value = close_truncated(text[start:])
        if isinstance(value, dict):
            return value
    raise ValueError("no JSON object in the answer")


def close_truncated(text: str) -> dict[str, Any] | None:
    """A truncated JSON object cut back to its last complete value and closed; None if impossible."""
    cuts: list[tuple[int, str]] = []  # (position after a complete value, closers needed there)
    stack: list[str] = []
    in_string = escaped = False
    for position, char in enumerate(text):
        if in_string:
            if escaped:
                escaped = False
            elif char == "\\":
                escaped = True
            elif char == '"':
                in_string = False
                cuts.append((position + 1, _closing(stack)))
            continue
        if char == '"':
            in_string = True
        elif char in _CLOSERS:
            stack.append(char)
        elif char in "}]":
            if not stack or _CLOSERS[stack[-1]] != char:
                break  # malformed: keep what was complete before
            stack.pop()
            cuts.append((position + 1, _closing(stack)))
            if not stack:
                break
        elif char in "eElL0123456789" and text[position + 1 : position + 2] in ("", ",", "}", "]", " ", "\n"):
            cuts.append((position + 1, _closing(stack)))  # end of a number, true, false or null
    for position, closers in reversed(cuts[-MAX_CUTS:]):
        head = text[:position].rstrip()
        try:
            value = json.loads(head + closers)
        except ValueError:
            continue
        if isinstance(value, dict):
            return value
    return None


def _closing(stack: list[str]) -> str:
    return "".join(_CLOSERS[opener] for opener in reversed(stack))
