"""Sentence boundaries in Chinese and English text, as character spans."""

from __future__ import annotations

import re

# A Chinese sentence ends at 。！？ (or an ellipsis), plus any closing quotes/brackets after it:
# one of those characters, then what closes the end after it. The same as
# (?:[。！？!?]+|……|…)[”’」』"')）]*, written to open with a character class, which the regex
# engine looks for much faster.
_ZH_CLOSE = r"(?:(?<=…)…?|[。！？!?]*)[”’」』\"')）]*"
_ZH_END = re.compile(r"[。！？!?…]" + _ZH_CLOSE)
# Where a sentence may end: a line break; a Chinese end; an English full stop with its closing
# quotes (group 1), when whitespace and a capital, digit or quote follow, unless the word
# before it is an abbreviation or an initial (U.S. Mr. J.; `split` asks _ABBREV). One pattern
# finds the three in one pass, as three patterns did in three: it opens with one class of the
# characters they start with (no two start with the same one), which re skips to in C, and a
# look-behind on that character takes the ending it starts.
_END = re.compile(
    r"[\n.。！？!?…](?:(?<=\n)|(?<=[。！？!?…])"
    + _ZH_CLOSE
    + r"|(?<=\.)([”’\"')]*)(?=\s+[\"“‘'(A-Z0-9]))"
)
_ABBREV = re.compile(
    r"(?:\b(?:Mr|Mrs|Ms|Dr|Prof|St|Jr|Sr|Inc|Ltd|Co|Corp|No|vs|etc|e\.g|i\.e|U\.S|U\.K|Jan|Feb"
    r"|Mar|Apr|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec)|\b[A-Z])$"
)


# The last text split and its spans by (start, end): the sections, extraction and subject
# stages split the same paragraphs of a page again, two calls in five on the development
# pages. A new text starts a new dictionary; the pair is read and replaced as one object.
_LAST: list[tuple[str, dict[tuple[int, int], list[tuple[int, int]]]]] = [("", {})]


def split(text: str, start: int = 0, end: int | None = None) -> list[tuple[int, int]]:
    """Spans (s, e) of the sentences in text[start:end], trimmed, in order."""
    end = len(text) if end is None else end
    last_text, known = _LAST[0]
    if last_text is not text:
        known = {}
        _LAST[0] = (text, known)
    spans = known.get((start, end))
    if spans is None:
        spans = known[(start, end)] = _split(text, start, end)
    return list(spans)  # a list of its own: the caller may change it


def _split(text: str, start: int, end: int) -> list[tuple[int, int]]:
    spans: list[tuple[int, int]] = []
    prev = start
    for m in _END.finditer(text, start, end):
        if m.start(1) >= 0 and _ABBREV.search(text, max(start, m.start() - 6), m.start()):
            continue  # "Mr." ends no sentence
        _add(spans, text, prev, m.end())
        prev = m.end()
    _add(spans, text, prev, end)
    return spans


def _add(spans: list[tuple[int, int]], text: str, s: int, e: int) -> None:
    """text[s:e] trimmed of white space, to `spans` unless nothing is left."""
    while s < e and text[s].isspace():
        s += 1
    while e > s and text[e - 1].isspace():
        e -= 1
    if e > s:
        spans.append((s, e))


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
