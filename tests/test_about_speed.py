"""The about stage's fast paths find what the plain code they replace finds: each test keeps
the plain version here and compares the two on real pages and on random strings made of the
pieces the patterns look for."""

from __future__ import annotations

import re
from functools import cache
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from speeches.rules import subjects
from speeches.stages.normalize import normalize

HERE = Path(__file__).parent
DOCS = sorted((HERE / "real" / "docs").glob("*.txt"))


@cache
def _texts() -> tuple[str, ...]:
    return tuple(normalize(p.read_bytes().decode("utf-8", errors="replace")) for p in DOCS)


def test_the_corpus_is_there() -> None:
    assert len(_texts()) > 50


# --- hand-wrapped lines (Sentences) ---------------------------------------------------------

_PLAIN_SOFT_WRAP = re.compile(r"(?<=[A-Za-z0-9,;$%)])[ \t]*\n(?=[ \t]*[a-z0-9$(])")


def plain_soft_wraps(text: str) -> list[int]:
    return [m.end() - 1 for m in _PLAIN_SOFT_WRAP.finditer(text)]


def plain_sentence_text(text: str) -> str:
    chars = list(text)
    for i in plain_soft_wraps(text):
        chars[i] = " "
    return "".join(chars)


def test_soft_wraps_of_real_pages() -> None:
    found = 0
    for text in _texts():
        assert subjects.soft_wraps(text) == plain_soft_wraps(text)
        assert subjects.Sentences(text).text == plain_sentence_text(text)
        found += len(plain_soft_wraps(text))
    assert found > 0  # the corpus has hand-wrapped lines


_WRAP_PIECES = st.sampled_from(["\n", " ", "\t", "a", "Z", "5", ",", ";", "$", "%", ")", "(", ".",
                                "。", "用户", "\n\n", " \n", "\t\n ", "x\n"])


@settings(max_examples=500, deadline=None)
@given(st.lists(_WRAP_PIECES, max_size=30).map("".join))
def test_soft_wraps_of_random_strings(text: str) -> None:
    assert subjects.soft_wraps(text) == plain_soft_wraps(text)
    assert subjects.Sentences(text).text == plain_sentence_text(text)
