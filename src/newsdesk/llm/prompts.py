"""Prompt templates: files that declare their variables, rendered into chat messages.

A prompt file is a :class:`string.Template` text with a header::

    # variables: passages, max_sentences
    # Any other line starting with "# " is a comment.
    === system ===
    You write …
    === user ===
    <passages>
    $passages
    </passages>

The ``=== system ===`` / ``=== user ===`` markers split it into a system and a user message;
without them the whole text is one user message. Loading checks that the declared variables are
exactly the ones the text uses, and rendering that exactly those are given, so a template and the
code that fills it cannot drift apart. A literal dollar sign is written ``$$``.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from importlib import resources
from string import Template

_HEADER = re.compile(r"^#\s*variables:\s*(.*)$")
_MARKER = re.compile(r"^===\s*(system|user)\s*===\s*$")


@dataclass(frozen=True)
class Prompt:
    """A loaded prompt template (see the module docstring)."""

    name: str
    variables: frozenset[str]
    system: Template | None
    user: Template

    def render(self, **values: object) -> list[dict[str, str]]:
        """The chat messages, with every declared variable substituted."""
        given = set(values)
        if given != self.variables:
            missing = ", ".join(sorted(self.variables - given)) or "-"
            extra = ", ".join(sorted(given - self.variables)) or "-"
            raise ValueError(f"prompt {self.name}: missing variables {missing}; undeclared {extra}")
        text = {key: str(value) for key, value in values.items()}
        messages = []
        if self.system is not None:
            messages.append({"role": "system", "content": self.system.substitute(text).strip()})
        messages.append({"role": "user", "content": self.user.substitute(text).strip()})
        return messages


def parse_prompt(name: str, text: str) -> Prompt:
    """Parse a prompt file's text; ValueError if its header is missing or does not match its body."""
    lines = text.splitlines()
    declared: set[str] | None = None
    parts: dict[str, list[str]] = {}
    current = "user"
    for line in lines:
        header = _HEADER.match(line)
        if header and declared is None:
            declared = {v.strip() for v in header.group(1).split(",") if v.strip()}
            continue
        if line.startswith("# "):
            continue
        marker = _MARKER.match(line)
        if marker:
            current = marker.group(1)
            if current in parts:
                raise ValueError(f"prompt {name}: two '=== {current} ===' parts")
            parts[current] = []
            continue
        parts.setdefault(current, []).append(line)
    if declared is None:
        raise ValueError(f"prompt {name}: no '# variables: …' header")
    system = Template("\n".join(parts["system"])) if "system" in parts else None
    user = Template("\n".join(parts.get("user", [])))
    used = set(user.get_identifiers()) | (set(system.get_identifiers()) if system else set())
    if not (user.is_valid() and (system is None or system.is_valid())):
        raise ValueError(f"prompt {name}: invalid placeholder (write a literal $ as $$)")
    if used != declared:
        raise ValueError(f"prompt {name}: declares {sorted(declared)} but uses {sorted(used)}")
    return Prompt(name, frozenset(declared), system, user)


@functools.cache
def load_prompt(package: str, path: str) -> Prompt:
    """The prompt file ``path`` inside ``package`` (e.g. ``newsdesk.write``, ``prompts/article_en.txt``)."""
    text = resources.files(package).joinpath(path).read_text("utf-8")
    return parse_prompt(f"{package}:{path}", text)
