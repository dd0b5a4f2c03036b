"""speeches.text.sentences: sentence spans, found in one pass as the three passes found them."""

from __future__ import annotations

import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from conftest import development_pages
from speeches.text import sentences

# split as it was before issue 16's second pass: three patterns, their ends gathered in a set.
_NEWLINE = re.compile("\n")
_ZH_END = re.compile(r"[。！？!?…](?:(?<=…)…?|[。！？!?]*)[”’」』\"')）]*")
_EN_END = re.compile(r"\.[”’\"')]*(?=\s+[\"“‘'(A-Z0-9])")


def _split_before(text: str, start: int = 0, end: int | None = None) -> list[tuple[int, int]]:
    end = len(text) if end is None else end
    cuts = {m.end() for m in _NEWLINE.finditer(text, start, end)}
    cuts.update(m.end() for m in _ZH_END.finditer(text, start, end))
    for m in _EN_END.finditer(text, start, end):
        if not sentences._ABBREV.search(text, max(start, m.start() - 6), m.start()):
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


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("腾讯发布了财报。用户增长了！", ["腾讯发布了财报。", "用户增长了！"]),
        ("他说：“很好。”然后走了……好吧", ["他说：“很好。”", "然后走了……", "好吧"]),
        ("Mr. Ma said so. Users grew 20%. \n Next", ["Mr. Ma said so.", "Users grew 20%.", "Next"]),
        ('He said "yes." Then left', ['He said "yes."', "Then left"]),
        ("U.S. Steel fell. A.B", ["U.S. Steel fell.", "A.B"]),
        ("  \n\n  ", []),
        ("", []),
    ],
)
def test_sentences(text: str, expected: list[str]) -> None:
    assert [text[s:e] for s, e in sentences.split(text)] == expected


_PIECES = st.sampled_from(
    list("。！？!?…”’」』\"')）.\n \t“‘(AZa09年") + ["Mr", "U.S", "Dr.", "etc", " Jan", "……"]
)


@settings(max_examples=1500, deadline=None)
@given(st.lists(_PIECES, max_size=30).map("".join), st.data())
def test_one_pass_finds_the_sentences_three_passes_found(text: str, data: st.DataObject) -> None:
    start = data.draw(st.integers(0, len(text)))
    end = data.draw(st.integers(start, len(text)))
    assert sentences.split(text) == _split_before(text)
    assert sentences.split(text, start, end) == _split_before(text, start, end)
    assert sentences.split(text, start) == _split_before(text, start)


def test_one_pass_finds_the_sentences_of_the_development_pages() -> None:
    pages = development_pages()
    assert len(pages) > 50
    for page in pages:
        assert sentences.split(page) == _split_before(page)
        for line in re.finditer(r"[^\n]+", page):
            assert sentences.split(page, *line.span()) == _split_before(page, *line.span())


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet="。！？!?…”’」』\"')）a ", max_size=30))
def test_the_chinese_end_matches_as_the_plain_pattern(text: str) -> None:
    plain = re.compile(r"(?:[。！？!?]+|……|…)[”’」』\"')）]*")
    got = [m.span() for m in sentences._ZH_END.finditer(text)]
    assert got == [m.span() for m in plain.finditer(text)]


def test_a_split_asked_again_is_the_same_and_the_caller_may_change_it() -> None:
    page = "腾讯发布了财报。用户增长了！\nMr. Ma said so. Users grew 20%.\n好吧"
    other = "Another page. Its sentences.\n" + page  # the same spans asked of another text
    first = sentences.split(page, 0, 14)
    first.append((99, 100))  # the caller's own list
    assert sentences.split(other, 0, 14) == _split_before(other, 0, 14)
    for text in (page, other, page):
        for start in range(0, len(text), 3):
            for end in (start, start + 9, len(text)):
                expected = _split_before(text, start, min(end, len(text)))
                assert sentences.split(text, start, min(end, len(text))) == expected
                assert sentences.split(text, start, min(end, len(text))) == expected
    assert sentences.split(page, 0, 14) == [(0, 8), (8, 14)]
