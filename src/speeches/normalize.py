"""Stage 2: Traditional -> Simplified (OpenCC t2s) and width cleanup, keeping every offset.

The normalized text has exactly the length of the raw text, so a character offset means the
same place in both: spans found on the Simplified text point into the original page too.
OpenCC's phrase conversion can in principle change a length; where it would, the paragraph
falls back to character-by-character conversion (asserted by the tests on every seed).

Most paragraphs of a mixed corpus have nothing to convert. A pre-check skips them: a paragraph
is converted only when it holds a character that t2s changes, or one of the few phrases made
only of unchanged characters that t2s still rewrites. The test is a set intersection
rather than a regex character class: the class would hold the 354 non-BMP characters t2s knows,
which makes `re` fall back to a far slower matcher.
"""

from __future__ import annotations

import functools
import os
import re

from opencc import OpenCC

# Full-width ASCII (digits, Latin letters, ％ ＋ ． etc.) -> ASCII; the ideographic space is kept.
_WIDTH = {code: code - 0xFEE0 for code in range(0xFF01, 0xFF5F)}
# Keep CJK punctuation as it stands: only the characters that numbers and names are made of.
_WIDTH = {k: v for k, v in _WIDTH.items() if chr(v).isalnum() or chr(v) in "%+-./~"}

_PARAGRAPH = re.compile(r"[^\n]+")


def _dictionary_dir() -> str:
    import opencc

    return os.path.join(os.path.dirname(opencc.__file__), "dictionary")


def _read_dict(name: str) -> dict[str, str]:
    table: dict[str, str] = {}
    with open(os.path.join(_dictionary_dir(), name), encoding="utf-8") as fh:
        for line in fh:
            key, _, value = line.rstrip("\n").partition("\t")
            if key:
                table[key] = value.split(" ")[0]
    return table


@functools.cache
def _converter() -> OpenCC:
    return OpenCC("t2s")


@functools.cache
def _char_table() -> dict[int, str]:
    """Single-character t2s mapping, the length-keeping fallback."""
    return {ord(k): v for k, v in _read_dict("TSCharacters.txt").items() if len(v) == 1 and k != v}


@functools.cache
def _triggers() -> tuple[frozenset[str], tuple[str, ...]]:
    """Characters t2s changes, and the phrases of unchanged characters it still rewrites."""
    chars = frozenset(chr(c) for c in _char_table())
    phrases = tuple(
        k
        for k, v in _read_dict("TSPhrases.txt").items()
        if k != v and not any(c in chars for c in k)
    )
    return chars, phrases


def has_traditional(text: str) -> bool:
    """True when t2s would change something in `text` (a set test and a few `in` scans, in C)."""
    chars, phrases = _triggers()
    return not chars.isdisjoint(text) or any(p in text for p in phrases)


def to_simplified(text: str) -> str:
    """Traditional -> Simplified with OpenCC t2s, same length as `text`."""
    if not has_traditional(text):
        return text

    def convert(match: re.Match[str]) -> str:
        paragraph = match.group()
        if not has_traditional(paragraph):
            return paragraph
        out = _converter().convert(paragraph)
        if len(out) != len(paragraph):
            out = paragraph.translate(_char_table())
        return out

    return _PARAGRAPH.sub(convert, text)


def normalize_width(text: str) -> str:
    """Full-width digits, Latin letters and number signs to ASCII (length-preserving)."""
    return text.translate(_WIDTH)


def normalize(text: str) -> str:
    """The normalized text every later stage reads: Simplified, ASCII digits."""
    return normalize_width(to_simplified(text))
