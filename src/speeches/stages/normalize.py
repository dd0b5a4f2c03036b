"""The normalize stage: Traditional -> Simplified (OpenCC t2s), width cleanup, same offsets.

The normalized text has exactly the length of the raw text, so a character offset means the
same place in both: spans found on the Simplified text point into the original page too.
OpenCC's phrase conversion can in principle change a length; where it would, the line falls
back to character-by-character conversion (asserted by the tests on every seed).

The converter is OpenCC's own C++ library (the `opencc` package, 1.4: some 100 MB/s on one
core of the test machine, where the pure-Python opencc-python-reimplemented did 1 MB/s), so
converting a whole page is cheaper than looking for Traditional characters first: a page is
converted in one call. OpenCC never matches a phrase across a line break (no dictionary entry
holds one), so the lines of the output are the converted lines of the input, and only the
lines whose length changed need the fallback.
"""

from __future__ import annotations

import functools
import re

import opencc
from opencc import OpenCC

from speeches.write import cache

# Full-width ASCII (digits, Latin letters, ％ ＋ ． etc.) -> ASCII; the ideographic space is kept.
_WIDTH = {code: code - 0xFEE0 for code in range(0xFF01, 0xFF5F)}
# Keep CJK punctuation as it stands: only the characters that numbers and names are made of.
_WIDTH = {k: v for k, v in _WIDTH.items() if chr(v).isalnum() or chr(v) in "%+-./~"}
# Runs of those characters: a search in C finds the few there are, and only they are
# translated (str.translate with a dict costs a lookup for every character of the page).
_WIDE_RUN = re.compile("[" + "".join(re.escape(chr(code)) for code in sorted(_WIDTH)) + "]+")
# The same characters in UTF-8: whether a page holds any is found faster in its UTF-8 bytes
# than in its text. They all start with the byte EF, which re skips to with memchr in bytes,
# where it tests a class at every character of a text (25 ms against 5 ms, encoding included,
# for 4.4 MB of pages). In UTF-8 a lead byte is never inside another character, so a match
# is one of these characters (a lone surrogate, encoded with surrogatepass, starts with ED).
_WIDE_UTF8 = re.compile(b"|".join(re.escape(chr(code).encode()) for code in sorted(_WIDTH)))
# Code points whose t2s conversion is read into the fallback table: the BMP and planes 2-3
# (CJK extensions), less the surrogates.
_CODE_POINTS = (range(0x80, 0xD800), range(0xE000, 0x40000))


@functools.cache
def _converter() -> OpenCC:
    return OpenCC("t2s")


@functools.cache
def _char_table() -> dict[int, str]:
    """Single-character t2s mapping, the length-keeping fallback: what OpenCC makes of each
    character on its own (one call over every code point, one per line). Built once per
    machine and OpenCC version (speeches.write.cache)."""

    def build() -> dict[int, str]:
        codes = [code for block in _CODE_POINTS for code in block]
        out = _converter().convert("\n".join(map(chr, codes))).split("\n")
        return {
            code: new
            for code, new in zip(codes, out, strict=True)
            if len(new) == 1 and new != chr(code)
        }

    return cache.cached("opencc-t2s-chars", (opencc.__version__, repr(_CODE_POINTS)), build)


@functools.cache
def traditional_only() -> frozenset[str]:
    """Characters t2s changes and Simplified text does not use itself (s2t leaves them be):
    the marks of a Traditional page. 麽 is out: t2s makes it 么, but s2t makes it 麼."""

    def build() -> frozenset[str]:
        changed = [chr(code) for code in _char_table()]
        back = OpenCC("s2t").convert("\n".join(changed)).split("\n")
        return frozenset(c for c, b in zip(changed, back, strict=True) if b == c)

    key = (opencc.__version__, repr(_CODE_POINTS))
    return cache.cached("opencc-traditional-only", key, build)


@functools.cache
def traditional_only_bmp() -> frozenset[str]:
    """The traditional_only() characters of the Basic Multilingual Plane: a regex character
    class holding characters beyond it makes `re` fall back to a much slower matcher."""
    return frozenset(char for char in traditional_only() if ord(char) <= 0xFFFF)


def _convert(text: str) -> str:
    try:
        return str(_converter().convert(text))
    except UnicodeEncodeError:  # a lone surrogate OpenCC cannot take: one character at a time
        return text.translate(_char_table())


def has_traditional(text: str) -> bool:
    """True when t2s would change something in `text`."""
    return not text.isascii() and _convert(text) != text


def to_simplified(text: str) -> str:
    """Traditional -> Simplified with OpenCC t2s, same length as `text`."""
    if text.isascii():
        return text
    out = _convert(text)
    if out == text:
        return text
    old_lines, new_lines = text.split("\n"), out.split("\n")
    if len(out) == len(text) and list(map(len, old_lines)) == list(map(len, new_lines)):
        return out
    table = _char_table()
    return "\n".join(
        new if len(new) == len(old) else old.translate(table)
        for old, new in zip(old_lines, new_lines, strict=True)
    )


def normalize_width(text: str) -> str:
    """Full-width digits, Latin letters and number signs to ASCII (length-preserving)."""
    if text.isascii() or _WIDE_UTF8.search(text.encode("utf-8", "surrogatepass")) is None:
        return text
    return _WIDE_RUN.sub(lambda run: run.group().translate(_WIDTH), text)


# Texts up to this long are normalized once per process: names, labels and titles that the
# speaker and subject registries look up again and again (one OpenCC call costs microseconds).
_MEMO_CHARS = 64
# At most this many of them are kept; a full memo starts again empty.
_MEMO_SIZE = 20_000
_memo: dict[str, str] = {}


def normalize(text: str) -> str:
    """The normalized text every later stage reads: Simplified, ASCII digits."""
    if len(text) > _MEMO_CHARS or text.isascii():  # (ASCII text is returned as it is)
        return normalize_width(to_simplified(text))
    done = _memo.get(text)
    if done is None:
        if len(_memo) >= _MEMO_SIZE:
            _memo.clear()
        done = _memo[text] = normalize_width(to_simplified(text))
    return done
