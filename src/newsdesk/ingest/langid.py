"""Language identification (lingua), restricted to the configured languages.

Loading all 75 lingua languages costs about 1.3 GB, so the detector knows only the configured
languages plus a few common "sentinel" languages. A text detected as a sentinel, or written
mostly in a script none of the configured languages use, is refused with a clear reason instead
of being mislabelled as the nearest configured language.
"""

from __future__ import annotations

import functools
import unicodedata
from collections import Counter
from typing import Any

from newsdesk.errors import ConfigError, LanguageError
from newsdesk.lang.words import marker_vote

# Languages the detector always knows, configured or not, so that a text in one of them is
# recognised (and refused when not configured) instead of being labelled as the nearest
# configured language.
SENTINELS = ("de", "en", "fr", "es", "it", "nl", "ru", "uk", "pl", "pt", "tr", "sv", "cs", "ro")
_SAMPLE = 3000
# Unicode scripts (first word of the character names) of languages not written in Latin
# letters; a configured language missing here is taken to be written in Latin letters.
SCRIPTS: dict[str, tuple[str, ...]] = {
    **dict.fromkeys(("ru", "uk", "be", "bg", "sr", "mk", "kk", "mn"), ("CYRILLIC",)),
    **dict.fromkeys(("ar", "fa", "ur"), ("ARABIC",)),
    **dict.fromkeys(("hi", "mr"), ("DEVANAGARI",)),
    "el": ("GREEK",),
    "he": ("HEBREW",),
    "zh": ("CJK",),
    "ja": ("CJK", "HIRAGANA", "KATAKANA"),
    "ko": ("HANGUL", "CJK"),
    "bn": ("BENGALI",),
    "pa": ("GURMUKHI",),
    "gu": ("GUJARATI",),
    "ta": ("TAMIL",),
    "te": ("TELUGU",),
    "th": ("THAI",),
    "ka": ("GEORGIAN",),
    "hy": ("ARMENIAN",),
}
SCRIPT_NAMES = {
    "CJK": "Chinese/Japanese (CJK)",
    "HANGUL": "Korean (Hangul)",
    "HIRAGANA": "Japanese (Hiragana)",
    "KATAKANA": "Japanese (Katakana)",
}


def _script(char: str) -> str:
    name = unicodedata.name(char, "")
    return name.split(" ", 1)[0] if name else "UNKNOWN"


class LanguageIdentifier:
    """Detects the language of a text among ``languages`` (ISO 639-1 codes).

    The lingua detector is built on first use (about 1.5 s and 250 MB for the defaults).
    """

    def __init__(self, languages: tuple[str, ...]) -> None:
        self.languages = tuple(code.lower() for code in languages)
        self._detector: Any = None

    def _build(self) -> Any:
        for code in self.languages:
            if code not in SENTINELS and not hasattr(_iso_codes(), code.upper()):
                raise ConfigError(f"ingest.languages: unknown ISO 639-1 code {code!r}")
        return _lingua(frozenset(self.languages + SENTINELS))

    def detect(self, text: str, *, hint: str | None = None) -> str:
        """Return the ISO 639-1 code of ``text``'s language or raise :class:`LanguageError`.

        ``hint`` (a declared language, e.g. from ``<html lang>`` or front matter) decides when the
        detector is unsure between configured languages.
        """
        sample = text[:_SAMPLE]
        letters = [c for c in sample if c.isalpha()]
        if len(letters) < 20:
            raise LanguageError("too little text to identify its language")
        known = {"LATIN", "CYRILLIC"}.union(*(SCRIPTS.get(code, ()) for code in self.languages))
        foreign = Counter(script for script in map(_script, letters) if script not in known)
        if sum(foreign.values()) > 0.5 * len(letters):
            script = foreign.most_common(1)[0][0]
            name = SCRIPT_NAMES.get(script, script.title())
            raise LanguageError(
                f"text is written in {name} script, not in one of the configured languages "
                f"({', '.join(self.languages)})"
            )
        if self._detector is None:
            self._detector = self._build()
        values = self._detector.compute_language_confidence_values(sample)
        best = values[0]
        code = best.language.iso_code_639_1.name.lower()
        hint = (hint or "").split("-")[0].split("_")[0].lower()
        if code not in self.languages:
            if hint in self.languages and best.value < 0.5:
                return hint
            if best.value < 0.5:
                raise LanguageError(
                    f"text is not in one of the configured languages ({', '.join(self.languages)}); "
                    f"it may be {best.language.name.title()} ({code})",
                    hint="add its language to ingest.languages to accept it",
                )
            raise LanguageError(
                f"text is in {best.language.name.title()} ({code}), not one of the configured languages "
                f"({', '.join(self.languages)})",
                hint="add it to ingest.languages to accept it",
            )
        if hint in self.languages and hint != code and best.value < 0.5:
            return hint
        return code


def _iso_codes() -> Any:
    from lingua import IsoCode639_1

    return IsoCode639_1


@functools.cache
def _lingua(codes: frozenset[str]) -> Any:
    """One lingua detector per set of languages, shared by every identifier in the process."""
    from lingua import LanguageDetectorBuilder

    members = [m for code in sorted(codes) if (m := getattr(_iso_codes(), code.upper(), None)) is not None]
    return LanguageDetectorBuilder.from_iso_codes_639_1(*members).build()


@functools.cache
def identifier(languages: tuple[str, ...]) -> LanguageIdentifier:
    """The shared detector for ``languages`` (built once per process, on first use)."""
    return LanguageIdentifier(languages)


def guess_language(text: str, default: str = "de", languages: tuple[str, ...] = ("de", "en")) -> str:
    """The language of ``text`` among ``languages``; ``default`` when it cannot be told (too short,
    another language or script). The one language guesser of every stage: in a sentence, function
    words (:func:`newsdesk.lang.words.marker_vote`) outvote letters that names mislead; otherwise the
    lingua detector decides."""
    votes = marker_vote(text)
    ranked = sorted(((n, lang) for lang, n in votes.items() if lang in languages), reverse=True)
    if len(ranked) > 1 and ranked[0][0] >= ranked[1][0] + 2:
        return ranked[0][1]
    try:
        code = identifier(languages).detect(text, hint=default)
    except LanguageError:
        return default
    return code if code in languages else default
