"""The scan's fast paths read a number exactly as the full reading does.

`numbers._plain_digits` reads plain Arabic digits (2019, 1.5) when nothing around them can
change them; with it switched off every number goes through `_arabic` and `_zh_item`. Both
must give the same spans over generated text made of the pieces numbers are made of, and
over every text of the equivalence corpus (scripts/same.py).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from types import ModuleType

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from conftest import pure
from speeches import numbers
from speeches.numbers import NumberSpan, find_numbers, parse_number
from speeches.stages.normalize import normalize

ROOT = Path(__file__).resolve().parent.parent
CORPUS = [
    ROOT / "data" / "raw",
    ROOT / "tests" / "real" / "docs",
    ROOT / "tests" / "fixtures" / "corpus",
]

# Digits, separators, Chinese numerals and units, suffixes, letters and spaces.
_PIECES = st.sampled_from(
    [
        "0", "1", "2", "5", "9", "19", "2018", "12", "100", "000", ",", ".", "，", "。", "、",
        " ", "  ", "\t", "\n", "\u3000", "\u202f", "\u2009", "/", "-", "~", "+", ":", "(", ")",
        "零", "〇", "一", "两", "三", "五", "九", "壹", "十", "百", "千", "万", "亿", "兆",
        "%", "‰", "成", "倍", "折", "分", "之", "分之", "又", "个", "个百分点", "点", "多", "余",
        "几", "来", "半", "年", "月", "日", "号", "后", "至", "到", "第", "约", "用户", "台",
        "e", "E", "x", "×", "^", "k", "K", "M", "m", "b", "bn", "s", "st", "th", "fold",
        "a", "in ", "In ", "April ", "between ", "from ", "to", " to ", " and ", "million",
        "percent", "per cent", "users", "Q", "US$", "$", "²", "٣", "é", "_", "ı", "İ", "ſ",
        "\u212a", "in 3", "in every 4", "out of", "over", "lakh", "crore", "dozen", "dozens", "Thousand",
        "hundreds", "Billion", "mil", "mn", "MM", "bln", "tn", "pct", "percentage points", "pe",
        " users", " report", "thouſand", "家", " 家", "95", "％", "～", "，", "５", "Ｋ", "的", "“", "）",
    ]
)  # fmt: skip
_TEXTS = st.lists(_PIECES, max_size=24).map("".join)
# The same pieces, each number followed by two of them (what follows decides the reading).
_NUMBER = st.sampled_from(["0", "5", "12", "95", "100", "2018", "1.5", "3.14", "07"])
_AROUND = st.tuples(_PIECES, _NUMBER, _PIECES, st.one_of(_NUMBER, _PIECES), _PIECES).map("".join)
_NUMBER_TEXTS = st.lists(_AROUND, min_size=1, max_size=6).map("".join)
# Digits, spaces, then an English word: the words of the English patterns after digits, in
# any case, cut short or run on, and ordinary words.
_EN_WORDS = [
    "and", "hundred", "thousand", "million", "billion", "trillion", "lakh", "crore", "dozen",
    "dozens", "doz", "dz", "dzs", "over", "out", "in", "every", "of", "percentage", "points",
    "point", "per", "cent", "cents", "percent", "percents", "pct", "to", "k", "m", "mm", "mil",
    "mn", "mln", "bn", "bln", "tn", "tln", "b", "fold", "plus", "s", "st", "th", "x", "users",
    "report", "people", "beds", "a", "an", "between", "from", "ın",
]  # fmt: skip
_WORD = st.sampled_from(_EN_WORDS).flatmap(
    lambda w: st.sampled_from([w, w.upper(), w.title(), w[:-1] or w, w + "s", w + "x"])
)
_EN_AFTER = st.tuples(
    _PIECES, _NUMBER, st.sampled_from([" ", "  ", "\t", " - "]), _WORD, _PIECES, _PIECES
).map("".join)
_EN_TEXTS = st.lists(_EN_AFTER, min_size=1, max_size=4).map("".join)


def _plain() -> ModuleType:
    """numbers as plain Python: a compiled module's calls to _plain_digits cannot be patched."""
    return pure("speeches.numbers")


@contextmanager
def _full_reading() -> Iterator[Callable[[str], list[NumberSpan]]]:
    """find_numbers without the fast path (the plain copy's, its _plain_digits patched out)."""
    plain = _plain()
    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(plain, "_plain_digits", lambda s, j: None)
        yield plain.find_numbers  # type: ignore[no-any-return]


def _both(text: str) -> tuple[list[NumberSpan], list[NumberSpan]]:
    fast = find_numbers(text)  # the module as installed: compiled when setup.py built it
    with _full_reading() as full_reading:
        full = full_reading(text)
    return fast, full


@given(_TEXTS)
@settings(max_examples=3000, deadline=None)
def test_plain_digits_read_as_the_full_reading(text: str) -> None:
    fast, full = _both(text)
    assert repr(fast) == repr(full)


@given(_NUMBER_TEXTS)
@settings(max_examples=3000, deadline=None)
def test_plain_digits_read_as_the_full_reading_whatever_follows(text: str) -> None:
    fast, full = _both(text)
    assert repr(fast) == repr(full)


@given(_EN_TEXTS)
@settings(max_examples=3000, deadline=None)
def test_plain_digits_read_as_the_full_reading_before_english_words(text: str) -> None:
    fast, full = _both(text)
    assert repr(fast) == repr(full)


@given(_TEXTS)
@settings(max_examples=300, deadline=None)
def test_parse_number_is_unchanged(text: str) -> None:
    def parse(t: str) -> str:
        try:
            return repr(parse_number(t))
        except ValueError as e:
            return str(e)

    fast = parse(text)
    with _full_reading():
        plain = _plain().parse_number
        try:
            full = repr(plain(text))
        except ValueError as e:
            full = str(e)
        assert full == fast


def _corpus_texts() -> list[tuple[str, str]]:
    out = []
    for folder in CORPUS:
        for path in sorted(folder.rglob("*")):
            if path.is_file():
                raw = path.read_bytes().decode("utf-8", errors="replace")
                out.append((path.name, normalize(raw)))
    return out


def test_plain_digits_read_as_the_full_reading_on_the_corpus() -> None:
    texts = _corpus_texts()
    assert len(texts) > 50
    n_numbers = 0
    for name, text in texts:
        for part in (text, *text.split("\n")):
            fast, full = _both(part)
            assert repr(fast) == repr(full), name
            n_numbers += len(fast)
    assert n_numbers > 1000


def test_plain_digits_take_the_common_shapes() -> None:
    # The fast path must be taken where it should, or the equivalence above proves nothing.
    seen: list[str] = []
    plain = _plain()
    real = plain._plain_digits

    def spy(s: str, j: int) -> numbers._Item | None:
        item = real(s, j)
        if item is not None:
            seen.append(s[item.start : item.end])
        return item  # type: ignore[no-any-return]

    text = "共2019家医院，约1.5。In 2018, 45 家; 60%的, 2018年, 95后; 第3, 5万, 580,000, 7%-8%"
    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(plain, "_plain_digits", spy)
        spans = plain.find_numbers(text)
    assert seen == ["2019", "1.5", "2018", "45", "60%", "2018", "95", "5万"]
    assert [(n.text, n.kind) for n in spans][:7] == [
        ("2019", "number"), ("1.5", "number"), ("2018", "date"), ("45", "number"),
        ("60%", "percent"), ("2018", "date"), ("95", "cohort"),
    ]  # fmt: skip
