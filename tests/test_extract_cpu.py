"""The CPU savings of extraction (issue 16) change no answer: each fast form is checked
against the plain one it replaces, on generated texts and on the case texts."""

from __future__ import annotations

import json
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from speeches import numbers
from speeches.numbers import (
    _SHARE_CHAR,
    _SHARE_EN,
    _SHARE_ZH,
    _ascii_words,
    fold_chars,
    may_hold_share,
    may_hold_share_in,
)
from speeches.stages.normalize import normalize

CASES = Path(__file__).parent / "cases" / "metrics"

# Pieces that make numbers, shares and the separators the scan folds by their neighbours
# (3。5亿, 1,5 million, １，０００) likely in generated text.
_PIECES = st.sampled_from(
    [
        "用户", "医院", "一", "两", "三", "十", "百", "万", "亿", "成", "七成", "分之", "半", "一半",
        "过半", "%", "％", "‰", "/", "½", "1", "2.5", "３", "１０", "萬", "億", "。", "，", ",",
        "5,5 million", "1,000", "１，０００", "3。5亿", " ", "\n", "per cent", "percent", "PCT",
        "a third", "out of", "over", "half", "users", "ſ", "İ", "ｐｅｒ", "abc", "Mr. ",
    ]
)  # fmt: skip
_TEXTS = st.lists(_PIECES, max_size=30).map("".join)


def _may_hold_share_before(text: str) -> bool:
    """may_hold_share as it was: on the text folded as the scan folds it (_fold, which also
    folds separators by their neighbours)."""
    s = numbers._fold(text)
    if _SHARE_CHAR.search(s) and _SHARE_ZH.search(s):
        return True
    if not any("a" <= c <= "z" or "A" <= c <= "Z" for c in s):
        return False
    low = s.encode().lower()
    if b"per" in low or b"pct" in low:
        return True
    return not _SHARE_EN.isdisjoint(_ascii_words(low))


@given(_TEXTS, st.integers(0, 400), st.integers(0, 400))
@settings(max_examples=600, deadline=None)
def test_share_test_on_the_folded_text_is_the_test_of_the_span(text: str, a: int, b: int) -> None:
    start, end = sorted((min(a, len(text)), min(b, len(text))))
    folded = fold_chars(text)
    assert len(folded) == len(text)
    want = _may_hold_share_before(text[start:end])
    assert may_hold_share_in(folded, start, end) is want
    assert may_hold_share(text[start:end]) is want


def test_share_test_on_the_case_texts() -> None:
    for path in sorted(CASES.glob("*.json")):
        for case in json.loads(path.read_text(encoding="utf-8")):
            text = normalize(case["text"])
            folded = fold_chars(text)
            for cut in range(0, len(text), 7):
                want = _may_hold_share_before(text[cut : cut + 40])
                assert may_hold_share_in(folded, cut, min(cut + 40, len(text))) is want
