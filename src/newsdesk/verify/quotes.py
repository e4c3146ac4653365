"""The quotes check.

* **quotes**: text inside „…“, "…", “…”, »…« or «…» must appear verbatim in evidence of the
  claim's language, after typographic quotes, dashes and whitespace are normalised (case and final
  punctuation are ignored; an ellipsis "…" / "[…]" splits a quote into parts that must appear in
  order). A quote close to, but not the same as, a quote in same-language evidence is
  ``contradicted`` (altered); a quote whose embedding is close (``translated_quote_similarity``) to
  a quote of a source in another language is a *translated quote* (a ``note``: the words cannot be
  checked verbatim); otherwise it is ``unsupported``. Quoted outlet names („Kronen Zeitung“) are not
  quotes, nor their short forms („Tagblatt“ for the „Linzer Tagblatt“). A sentence that repeats a
  source quote (most of its content words) without quote marks and without naming a speaker
  ("sagte", "laut", "said" …) is ``unsupported``: copied speech needs its attribution. Against a
  source in another language the copy is a translation: the sentence is copied speech when its
  embedding is as close to a source quote (four words or more) as a translated quote is
  (``translated_quote_similarity``) and closer to that quote than to the passage's own reporting
  around it.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Sequence

from newsdesk.lang.words import content_words, normalize
from newsdesk.verify.attribution import attributed_names, named_outlets
from newsdesk.verify.base import Claim, Finding, register

_QUOTE = re.compile(r"„([^“”\"„]+)[“”\"]|»([^«»]+)«|«([^«»]+)»|“([^“”]+)”|\"([^\"]+)\"")
_ELLIPSIS = re.compile(r"\s*(?:\[…\]|\[\.\.\.\]|\(…\)|…|\.\.\.)\s*")
_EDGE = " .,;:!?-'\""


def find_quotes(text: str, outlets: Sequence[str] = ()) -> list[str]:
    """Quoted passages of ``text`` (outlet names in quotes left out; ``outlets`` adds the names of
    source outlets the registry does not know)."""
    quotes = []
    known = {name.casefold() for name in outlets}
    known |= {name.casefold() for name, _, _ in attributed_names(text, outlets)}
    for match in _QUOTE.finditer(text):
        quote = next(g for g in match.groups() if g is not None).strip()
        if not quote or quote.casefold() in known or _short_name(quote, known):
            continue
        if named_outlets(quote, require_cue=False) and len(quote.split()) <= 4:
            continue
        quotes.append(quote)
    return quotes


def _short_name(quote: str, names: set[str]) -> bool:
    """Whether ``quote`` (up to three words) is the short form of a known outlet name, its last
    words („Tagblatt“ for „Linzer Tagblatt“)."""
    words = quote.casefold().split()
    return 0 < len(words) <= 3 and any(
        len(name.split()) > len(words) and name.split()[-len(words) :] == words for name in names
    )


def _canon(text: str) -> str:
    return normalize(text).casefold().strip(_EDGE)


def _verbatim(quote: str, evidence: str) -> bool:
    haystack = _canon(evidence)
    position = 0
    for part in _ELLIPSIS.split(quote):
        needle = _canon(part)
        if not needle:
            continue
        found = haystack.find(needle, position)
        if found < 0:
            return False
        position = found + len(needle)
    return True


def _closest(quote: str, candidates: list[str]) -> tuple[float, str]:
    target = _canon(quote)
    best = (0.0, "")
    for candidate in candidates:
        ratio = difflib.SequenceMatcher(None, target, _canon(candidate), autojunk=False).ratio()
        best = max(best, (ratio, candidate))
    return best


def _windows(quote: str, evidence: str) -> list[str]:
    """Evidence quotes, plus word windows of the quote's length (for quotes given without marks)."""
    found = find_quotes(evidence)
    toks = normalize(evidence).split()
    n = max(1, len(quote.split()))
    found += [" ".join(toks[i : i + n]) for i in range(0, max(1, len(toks) - n + 1))]
    return found


_SPEECH = re.compile(
    r"(?i)\b(?:sagte|sagten|sagt|erklärte|betonte|meinte|so|laut|zufolge|äußerte|schrieb|warnte|"
    r"said|says|told|according|stated|added|wrote)\b"
)


def copied_speech(claim: Claim) -> str:
    """A source quote (four words or more) that the claim repeats without quote marks and without
    naming a speaker ("" when it does not)."""
    if find_quotes(claim.text, claim.outlets) or _SPEECH.search(claim.text):
        return ""
    mine = set(content_words(claim.text))
    for e in claim.evidence:
        if e.language != claim.language:
            if translated := _copied_translation(claim, e.passage.text):
                return translated
            continue
        for quote in find_quotes(e.context):
            theirs = content_words(quote)
            if len(quote.split()) >= 4 and theirs and sum(w in mine for w in theirs) / len(theirs) >= 0.6:
                return quote
    return ""


def _copied_translation(claim: Claim, passage: str) -> str:
    """The quote of ``passage`` (another language) that the claim renders as its own sentence."""
    if claim.similar is None:
        return ""
    quotes = [q for q in find_quotes(passage) if len(q.split()) >= 4]
    if not quotes:
        return ""
    rest = _QUOTE.sub(" ", passage)
    scores = claim.similar(claim.text, [*quotes, rest])
    best = max(range(len(quotes)), key=scores.__getitem__)
    if scores[best] >= claim.settings.translated_quote_similarity and scores[best] > scores[-1]:
        return quotes[best]
    return ""


@register("quotes")
def check_quotes(claim: Claim) -> list[Finding]:
    """Quotes must be verbatim in same-language evidence (see the module docstring); source speech
    copied without quote marks needs its speaker."""
    quotes = find_quotes(claim.text, claim.outlets)
    if claim.evidence and not quotes and (copied := copied_speech(claim)):
        detail = f"repeats „{copied}“ without quote marks or naming who said it"
        return [Finding("quote", detail, "unsupported")]
    if not quotes or not claim.evidence:
        return []
    same = claim.evidence_text(language=claim.language)
    foreign = "\n".join(e.context for e in claim.evidence if e.language != claim.language)
    findings = []
    for quote in quotes:
        if same and _verbatim(quote, same):
            continue
        ratio, near = _closest(quote, _windows(quote, same)) if same else (0.0, "")
        if ratio >= claim.settings.quote_fuzzy and len(quote.split()) > 1:
            detail = f"„{quote}“ is altered: the source says „{near}“"
            findings.append(Finding("quote", detail, "contradicted"))
        elif foreign and (translation := _translation(claim, quote, foreign)):
            detail = f"translated quote: „{quote}“ translates „{translation}“ (source in another language)"
            findings.append(Finding("quote", detail, "note"))
        else:
            findings.append(Finding("quote", f"„{quote}“ is not in the evidence", "unsupported"))
    return findings


def _translation(claim: Claim, quote: str, foreign: str) -> str | None:
    """The other-language source quote that ``quote`` translates, if one is close enough."""
    candidates = find_quotes(foreign)
    if not candidates:
        return None
    if claim.similar is None:
        return candidates[0]
    scores = claim.similar(quote, candidates)
    best = max(range(len(candidates)), key=scores.__getitem__)
    return candidates[best] if scores[best] >= claim.settings.translated_quote_similarity else None
