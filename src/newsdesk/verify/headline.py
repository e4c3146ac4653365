"""Headline checks of an audit: sensational framing, and claims the body does not carry.

* **sensational_headline**: an exclamation mark; a word in capitals ("SCHOCK"; acronyms are shorter
  than five letters); a superlative (German "-ste/-sten" adjectives,
  "aller…", English "-est", "most …"); or a framing word from ``sensational`` in
  ``newsdesk/data/verify.toml`` (Hoffnung, Schock, Durchbruch, hope, shock …) that none of the sources
  uses (the word list maps each framing to its German and English forms). When no source could be
  read, the framing is reported as unchecked.
* **headline_unsupported**: a name of the headline is missing from the body, a framing word is
  missing from the body, or fewer than half of the headline's content words occur in the body.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from newsdesk.lang.entities import extract_entities
from newsdesk.lang.exonyms import fold
from newsdesk.lang.words import content_stems, tokens
from newsdesk.verify.text import words

_SUPERLATIVE_DE = re.compile(r"^(?:aller\w+|\w{3,}(?:ste|sten|ster|stes|stem)|\w{3,}ßt(?:e|en|er|es|em))$")
_SUPERLATIVE_EN = re.compile(r"^\w{3,}est$")
_NOT_SUPERLATIVE_EN = frozenset({"interest", "request", "forest", "honest", "modest", "protest", "suggest"})


def framing_words(text: str) -> dict[str, str]:
    """Framing words in ``text``: surface form → key of the ``sensational`` table."""
    table = words().sensational
    found = {}
    surface = {t.lower(): t for t in re.findall(r"[^\W_]+", text)}
    for token in tokens(text):
        for key, forms in table.items():
            if any(token.startswith(form) for form in forms):
                found[surface.get(token, token)] = key
                break
    return found


def superlatives(text: str, language: str) -> list[str]:
    """Superlative words of ``text`` ("größte", "allerbeste"; "biggest", "most …")."""
    exceptions = words().superlative_exceptions
    toks = tokens(text)

    def superlative(i: int, token: str) -> bool:
        if token in exceptions:
            return False
        if language == "de":
            return bool(_SUPERLATIVE_DE.match(token)) and not token.endswith("isten")
        english = _SUPERLATIVE_EN.match(token) and token not in _NOT_SUPERLATIVE_EN
        return bool(english) or (token == "most" and i + 1 < len(toks))

    return [token for i, token in enumerate(toks) if superlative(i, token)]


def _uses(texts: Sequence[str], key: str) -> bool:
    forms = words().sensational[key]
    return any(token.startswith(forms) for text in texts for token in tokens(text))


def sensational(headline: str, sources: Sequence[str] | None, language: str) -> str | None:
    """Why the headline is sensational, or ``None``. ``sources`` None: they could not be read."""
    reasons = []
    if "!" in headline:
        reasons.append("exclamation mark")
    shouted = [w for w in re.findall(r"[^\W\d_]{5,}", headline) if w.isupper()]
    if shouted:
        reasons.append("capitals " + ", ".join(f"„{w}“" for w in shouted))
    supers = superlatives(headline, language)
    if supers:
        reasons.append("superlative " + ", ".join(f"„{s}“" for s in supers))
    for word, key in framing_words(headline).items():
        if sources is None:
            reasons.append(f"framing „{word}“ (the sources could not be read to confirm it)")
        elif not _uses(sources, key):
            reasons.append(f"framing „{word}“ that the sources do not use")
    return "; ".join(reasons) or None


def unsupported_by_body(headline: str, body: str, language: str) -> str | None:
    """Why the body does not carry the headline, or ``None``."""
    reasons = []
    folded_body = " " + fold(body) + " "
    body_keys = {e.key for e in extract_entities(body, language)}
    for entity in extract_entities(headline, language):
        if entity.key not in body_keys and f" {fold(entity.text)} " not in folded_body:
            reasons.append(f"„{entity.text}“ is not in the body")
    for word, key in framing_words(headline).items():
        if not _uses([body], key):
            reasons.append(f"the body says nothing of „{word}“")
    wanted = set(content_stems(headline))
    have = set(content_stems(body))
    prefixes = {h[:5] for h in have if len(h) >= 5}
    missing = [w for w in wanted if w not in have and not (len(w) >= 5 and w[:5] in prefixes)]
    if wanted and len(missing) > len(wanted) / 2:
        reasons.append("most of its words are not in the body: " + ", ".join(sorted(missing)[:6]))
    return "; ".join(reasons) or None
