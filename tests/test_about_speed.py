"""The about stage's fast paths find what the plain code they replace finds: each test keeps
the plain version here and compares the two on real pages and on random strings made of the
pieces the patterns look for."""

from __future__ import annotations

import datetime as dt
import re
import tomllib
from collections import Counter
from functools import cache
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from speeches.rules import names, subjects
from speeches.stages import about
from speeches.stages.normalize import normalize
from speeches.text import periods

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


# --- the organisation a page names most (names.page_name) -----------------------------------


def plain_page_name(text: str, not_names: tuple[str, ...] = ()) -> str | None:
    """page_name trying every length at every character of every run of Han characters."""
    words = names.lexicon()
    counts: Counter[str] = Counter()
    for run in re.finditer(r"[\u4e00-\u9fff]{2,}", text):
        pos, end = run.span()
        while pos < end - 1:
            step = 1
            for size in range(min(names._LONGEST, end - pos), 1, -1):
                tag = words.get(text[pos : pos + size])
                if tag is not None:
                    if tag in ("nt", "nz") and text[pos : pos + size] not in not_names:
                        counts[text[pos : pos + size]] += 1
                    step = size
                    break
            pos += step
    ranked = counts.most_common(2)
    if not ranked or ranked[0][1] < 3 or (len(ranked) > 1 and ranked[0][1] <= 2 * ranked[1][1]):
        return None
    return ranked[0][0]


def test_page_name_of_real_pages() -> None:
    found = [names.page_name(text) for text in _texts()]
    assert found == [plain_page_name(text) for text in _texts()]
    assert any(found)


_LEXICON = sorted(w for w, tag in names.lexicon().items() if len(w) <= 9)
_NAME_PIECES = st.one_of(st.sampled_from(_LEXICON[::53]),
                         st.sampled_from([w for w in _LEXICON if names.lexicon()[w] in ("nt", "nz")][::41]),
                         st.sampled_from(list("的了是在，。 A1八达通")))


@settings(max_examples=300, deadline=None)
@given(st.lists(_NAME_PIECES, max_size=40).map("".join))
def test_page_name_of_random_strings(text: str) -> None:
    text = text + text + text  # a name counted three times
    assert names.page_name(text) == plain_page_name(text)
    skip = tuple(text[i : i + 3] for i in range(0, len(text), 7))
    assert names.page_name(text, skip) == plain_page_name(text, skip)


# --- a headline's deck (about.deck_period) --------------------------------------------------


def plain_deck_period(text: str, title: str, line_start: int, published: dt.date | None) -> str | None:
    """deck_period splitting every line from the title's to the figure's."""
    if not title:
        return None
    at = text.find(title, 0, line_start)
    if at < 0:
        return None
    title_end = text.find("\n", at)
    if title_end < 0 or title_end >= line_start:
        return None
    deck = text[title_end + 1 : text.find("\n", line_start) % (len(text) + 1)].split("\n")
    lines = [line.strip() for line in deck if line.strip()]
    if len(lines) > about._DECK_LINES or any(
        len(line) > about._DECK_MAX or about._SENTENCE_END.search(line) for line in lines
    ):
        return None
    stated = periods.find_all(title, published)
    return stated[0].label if stated else None


def test_deck_period_of_real_pages() -> None:
    found = 0
    for text in _texts():
        title = text.lstrip().split("\n", 1)[0].strip()
        starts = [0, *(i + 1 for i, c in enumerate(text) if c == "\n")]
        for line_start in starts[:40]:
            got = about.deck_period(text, title, line_start, None)
            assert got == plain_deck_period(text, title, line_start, None)
            found += got is not None
    assert found > 0


_DECK_PIECES = st.sampled_from(["Q4 2019 Results", "\n", "\n\n", " ", "Users rose 17%", ". More", "x" * 90,
                                "2019年第一季度", "用户增长。", "\t", "a"])


@settings(max_examples=400, deadline=None)
@given(st.lists(_DECK_PIECES, min_size=1, max_size=25), st.data())
def test_deck_period_of_random_pages(pieces: list[str], data: st.DataObject) -> None:
    text = "Acme Fourth Quarter 2019 Results\n" + "".join(pieces)
    line_start = data.draw(st.integers(0, len(text)))
    title = "Acme Fourth Quarter 2019 Results"
    assert about.deck_period(text, title, line_start, None) == plain_deck_period(text, title, line_start, None)


# --- word lists (markets, surveys, rivals, measures, rates) ----------------------------------


def plain_words(words: tuple[str, ...]) -> re.Pattern[str]:
    parts = [r"(?<![A-Za-z0-9])" + re.escape(w) + r"(?![A-Za-z0-9])" if w.isascii() else re.escape(w)
             for w in sorted(words, key=len, reverse=True)]
    return re.compile("|".join(parts), re.IGNORECASE)


@cache
def _lists() -> dict[str, tuple[str, ...]]:
    data = tomllib.loads((Path(subjects.__file__).parent / "subjects.toml").read_text("utf-8"))
    return {key: tuple(data[key]) for key in ("markets", "surveys", "rivals", "measures", "rates")}


def test_word_lists_on_real_pages() -> None:
    for key, words in _lists().items():
        new, old = subjects._words(words), plain_words(words)
        assert new is not None
        for text in _texts():
            assert [m.span() for m in new.finditer(text)] == [m.span() for m in old.finditer(text)], key


_WORD_PIECES = st.one_of(st.sampled_from([w for ws in _lists().values() for w in ws]),
                         st.sampled_from(list(" a1Z_.'\\n的ſKıİ") + ["super", "MARKET", "Survey"]))


@settings(max_examples=500, deadline=None)
@given(st.lists(_WORD_PIECES, max_size=20).map("".join), st.integers(0, 30), st.integers(0, 200))
def test_word_lists_on_random_strings(text: str, pos: int, endpos: int) -> None:
    for words in _lists().values():
        new, old = subjects._words(words), plain_words(words)
        assert new is not None
        assert [m.span() for m in new.finditer(text, pos, endpos)] == [
            m.span() for m in old.finditer(text, pos, endpos)]


# --- resolve() keeps its answers for the registry as it stands --------------------------------


def test_a_name_resolved_again_after_the_registry_grows() -> None:
    registry = subjects.SubjectRegistry([subjects.Subject("微信", ["WeChat"])])
    assert registry.resolve("企鹅号") is None
    assert registry.resolve(" wechat ") == registry.resolve("WeChat") == "微信"
    registry.add(subjects.Subject("企鹅号", ["Penguin"]))
    assert registry.resolve("企鹅号") == "企鹅号"  # not the None kept from before
    registry.add(subjects.Subject("微信", ["Weixin"]))
    assert registry.resolve("weixin") == "微信"


def test_resolve_answers_as_the_lookup_does_for_real_phrases() -> None:
    registry = subjects.load_subjects()
    phrases = {t[i : i + n] for t in _texts()[:10] for i in range(0, len(t), 97) for n in (2, 3, 4, 7)}
    phrases |= {alias for s in registry.subjects.values() for alias in s.aliases}
    for phrase in sorted(phrases):
        expected = registry._lookup().get(normalize(phrase.strip()).casefold())
        assert registry.resolve(phrase) == expected
        assert registry.resolve(phrase) == expected  # asked again: the kept answer


# --- organisations named by their head's title (about.headed_names) -------------------------


def plain_headed_names(text: str) -> list[str]:
    return [m.group("org") for m in about._ZH_HEADED.finditer(text)]


def test_headed_names_of_real_pages() -> None:
    found = 0
    for text in _texts():
        assert about.headed_names(text) == plain_headed_names(text)
        found += len(plain_headed_names(text))
    assert found > 5


_HEAD_PIECES = st.sampled_from(["董事长", "副董事长", "总经理", "总裁", "副总裁", "首席执行官", "执行长", "CEO",
                                "创办人", "创始人", "副", "董事", "首席", "执行", "街口支付", "腾讯", "A", "9", "x",
                                "，", "。", " ", "\n", "▲", "（", "的", "梅骅"])


@settings(max_examples=1000, deadline=None)
@given(st.lists(_HEAD_PIECES, max_size=30).map("".join))
def test_headed_names_of_random_strings(text: str) -> None:
    assert about.headed_names(text) == plain_headed_names(text)


# --- the newlines of a text (Sentences), found with str.find -------------------------------


def test_the_newlines_of_real_pages() -> None:
    lines = 0
    for text in _texts():
        index = subjects.Sentences(text)
        assert index._newlines == [m.start() for m in re.finditer("\n", index.text)]
        lines += len(index._newlines)
    assert lines > 1000  # the pages have lines


@settings(max_examples=300, deadline=None)
@given(st.lists(_WRAP_PIECES, max_size=30).map("".join))
def test_the_newlines_of_random_strings(text: str) -> None:
    index = subjects.Sentences(text)
    assert index._newlines == [m.start() for m in re.finditer("\n", index.text)]
