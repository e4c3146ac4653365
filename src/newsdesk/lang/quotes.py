"""Direct speech in German and English news text: where a quotation begins and ends.

German „…“ and »…«, Swiss «…», English “…” and "…". A quotation must close within its paragraph
(at most ``MAX_QUOTE`` characters); an unclosed mark quotes nothing.
"""

from __future__ import annotations

import re

__all__ = ["quoted_spans"]

MAX_QUOTE = 600
_QUOTE = re.compile(
    rf"„[^“”\n]{{1,{MAX_QUOTE}}}[“”]|»[^«\n]{{1,{MAX_QUOTE}}}«|«[^»\n]{{1,{MAX_QUOTE}}}»"
    rf"|“[^”\n]{{1,{MAX_QUOTE}}}”|\"[^\"\n]{{1,{MAX_QUOTE}}}\""
)


def quoted_spans(text: str) -> list[tuple[int, int]]:
    """The spans (start, end) of the closed quotations in ``text``, marks included."""
    return [(m.start(), m.end()) for m in _QUOTE.finditer(text)]
