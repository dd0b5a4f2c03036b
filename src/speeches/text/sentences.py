"""Sentence boundaries in Chinese and English text, as character spans."""

from __future__ import annotations

import re

_NEWLINE = re.compile("\n")
# A Chinese sentence ends at 。！？ (or an ellipsis), plus any closing quotes/brackets after it.
# Same as (?:[。！？!?]+|……|…)[…]*, written to open with a character class, which the regex
# engine looks for much faster.
_ZH_END = re.compile(r"[。！？!?…](?:(?<=…)…?|[。！？!?]*)[”’」』\"')）]*")
# An English full stop ends a sentence when whitespace and a capital, digit or quote follow,
# unless the word before it is an abbreviation or an initial (U.S. Mr. J.).
_EN_END = re.compile(r"\.[”’\"')]*(?=\s+[\"“‘'(A-Z0-9])")
_ABBREV = re.compile(
    r"(?:\b(?:Mr|Mrs|Ms|Dr|Prof|St|Jr|Sr|Inc|Ltd|Co|Corp|No|vs|etc|e\.g|i\.e|U\.S|U\.K|Jan|Feb"
    r"|Mar|Apr|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec)|\b[A-Z])$"
)


def split(text: str, start: int = 0, end: int | None = None) -> list[tuple[int, int]]:
    """Spans (s, e) of the sentences in text[start:end], trimmed, in order."""
    end = len(text) if end is None else end
    cuts = {m.end() for m in _NEWLINE.finditer(text, start, end)}
    cuts.update(m.end() for m in _ZH_END.finditer(text, start, end))
    for m in _EN_END.finditer(text, start, end):
        if not _ABBREV.search(text, max(start, m.start() - 6), m.start()):
            cuts.add(m.end())
    cuts.add(end)
    spans = []
    prev = start
    for cut in sorted(cuts):
        s, e = prev, cut
        while s < e and text[s].isspace():
            s += 1
        while e > s and text[e - 1].isspace():
            e -= 1
        if e > s:
            spans.append((s, e))
        prev = cut
    return spans


def containing(spans: list[tuple[int, int]], pos: int) -> tuple[int, int] | None:
    """The span holding offset `pos` (spans sorted)."""
    import bisect

    i = bisect.bisect_right(spans, (pos, float("inf"))) - 1
    if i >= 0 and spans[i][0] <= pos < spans[i][1]:
        return spans[i]
    return None


# A metric keeps at most this many characters of its sentence on each side of its surface:
# one line of 20,000 numbers once stored the whole line with each (20.8 GB).
SENTENCE_REACH = 200


def window(text: str, s_start: int, s_end: int, start: int, end: int) -> str:
    """The sentence text[s_start:s_end] cut to SENTENCE_REACH characters each side of the
    surface text[start:end]; a shorter sentence whole."""
    return text[max(s_start, start - SENTENCE_REACH) : min(s_end, end + SENTENCE_REACH)]
