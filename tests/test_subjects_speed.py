"""SubjectRegistry.mentions answers a window from one search of the whole text: it finds what
the names' pattern finds in that window (`finditer(text, start, end)`), on random windows of
real pages and of strings made of registry names cut and joined."""

from __future__ import annotations

import datetime as dt
import json
from functools import cache
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from conftest import pure
from speeches.models import Document, Metric
from speeches.rules.subjects import Subject, SubjectRegistry, load_subjects
from speeches.stages.normalize import normalize
from speeches.text import periods

HERE = Path(__file__).parent
# the development half of tests/real (odd-numbered pages) and the extraction cases
DOCS = sorted(p for p in (HERE / "real" / "docs").glob("*.txt") if int(p.name[2:4]) % 2)
CASES = HERE / "cases" / "metrics"


@cache
def _registry() -> SubjectRegistry:
    return load_subjects()


@cache
def _texts() -> tuple[str, ...]:
    texts = [normalize(p.read_bytes().decode("utf-8", errors="replace")) for p in DOCS]
    for path in sorted(CASES.glob("*.json")):
        texts += [normalize(c["text"]) for c in json.loads(path.read_text(encoding="utf-8"))]
    return tuple(texts)


def _searched(registry: SubjectRegistry, text: str, start: int, end: int
              ) -> list[tuple[int, int, str]]:
    """The plain search of the window, as mentions did before it kept the whole text's names."""
    pattern, names = registry._pattern()
    return [(m.start(), m.end(), names[m.group(0).casefold()])
            for m in pattern.finditer(text, start, end)]


def _indexed(registry: SubjectRegistry, text: str, start: int, end: int
             ) -> list[tuple[int, int, str]]:
    """mentions() answered from the whole text's names, whatever the window's length."""
    registry._scanned(text)
    return registry.mentions(text, start, end)


def _names() -> list[str]:
    registry = _registry()
    return sorted({normalize(a) for s in registry.subjects.values() for a in [s.name, *s.aliases]})


def _pieces() -> st.SearchStrategy[str]:
    names = _names()
    # whole names, their halves (a window's bounds cut names), and what borders a name
    cut = [n[: len(n) // 2] for n in names] + [n[len(n) // 2 :] for n in names]
    near = ["a", "Z", "7", "2024", "10月", "3年", " ", "，", "。", "的", "云", "用户", "-", "\n"]
    return st.one_of(st.sampled_from(names), st.sampled_from(cut), st.sampled_from(near))


def test_the_corpus_is_there() -> None:
    assert len(DOCS) > 10 and all(_texts())


@given(st.data())
@settings(max_examples=400, deadline=None)
def test_windows_of_real_texts(data: st.DataObject) -> None:
    text = data.draw(st.sampled_from(_texts()))
    registry = _registry()
    whole = _indexed(registry, text, 0, len(text))
    # bounds near a name's ends are where a window's search can differ from the whole text's
    edges = sorted({i for s, e, _ in whole for i in (s - 1, s, s + 1, e - 1, e, e + 1)
                    if 0 <= i <= len(text)} | {0, len(text)})
    bound = st.one_of(st.integers(0, len(text)), st.sampled_from(edges))
    start, end = sorted((data.draw(bound), data.draw(bound)))
    assert _indexed(registry, text, start, end) == _searched(registry, text, start, end)


@given(st.lists(_pieces(), max_size=40).map("".join), st.data())
@settings(max_examples=1500, deadline=None)
def test_windows_of_names_cut_and_joined(text: str, data: st.DataObject) -> None:
    registry = _registry()
    start = data.draw(st.integers(0, len(text)))
    end = data.draw(st.integers(start, len(text)))
    assert _indexed(registry, text, start, end) == _searched(registry, text, start, end)
    assert _indexed(registry, text, 0, len(text)) == _searched(registry, text, 0, len(text))


@pytest.mark.parametrize(("text", "start", "end", "expected"), [
    ("用腾讯云", 0, 3, [(1, 3, "腾讯")]),  # the end cuts 腾讯云: 腾讯 is in the window
    ("用腾讯云和微信", 2, 7, [(5, 7, "微信")]),  # the start cuts 腾讯云
    # the start cuts 企业微信, whose 微信 the window finds, far from its end
    ("企业微信" + "，" * 40 + "微信", 1, 46, [(2, 4, "微信"), (44, 46, "微信")]),
    ("on WeChatPay", 0, 9, [(3, 9, "微信")]),  # no letter follows WeChat inside the window
    ("on WeChatPay", 0, 12, []),
    ("HKTVmall10月GMV", 0, 9, []),  # the end cuts the date that lets a digit follow the name
    ("HKTVmall10号", 0, 8, [(0, 8, "HKTVmall")]),  # the end cuts the digit after it
])  # fmt: skip
def test_a_window_cuts_what_is_around_it(text: str, start: int, end: int,
                                         expected: list[tuple[int, int, str]]) -> None:
    registry = _registry()
    assert _indexed(registry, text, 0, len(text)) == _searched(registry, text, 0, len(text))
    assert _indexed(registry, text, start, end) == expected
    assert registry.mentions(text[:1] + text[1:], start, end) == expected  # a short window


def test_a_long_window_is_answered_from_its_text_searched_once() -> None:
    registry = load_subjects()
    text = "腾讯云和微信。" * 500
    assert registry.mentions(text, 0, 70) == _searched(registry, text, 0, 70)
    assert "_scan" not in registry._memo  # a short window: its own search
    whole = registry.mentions(text, 0, len(text))
    assert len(whole) == 1000 and registry._memo["_scan"][0] is text
    assert registry.mentions(text, 5, 20) == _searched(registry, text, 5, 20)
    assert registry.mentions("微信", 0, 2) == [(0, 2, "微信")]
    assert registry._memo["_scan"][0] is text  # another short text leaves it there


def test_a_new_name_is_searched_for_and_resolved() -> None:
    registry = SubjectRegistry([Subject("微信", ["WeChat"])])
    text = "微信和企鹅号"
    assert [n for _, _, n in registry.mentions(text, 0, len(text))] == ["微信"]
    assert registry.resolve("企鹅号") is None
    registry.add(Subject("企鹅号", ["Penguin"]))
    assert [n for _, _, n in registry.mentions(text, 0, len(text))] == ["微信", "企鹅号"]
    assert registry.resolve("penguin") == "企鹅号"


def test_periods_of_a_sentence_asked_again_with_a_target_date() -> None:
    """find_all keeps what it found for a sentence: a forecast's publication date (a month
    still ahead is this year's) is not taken for the plain date of the same day."""
    text = "预计8月用户达到100万"
    published = dt.date(2020, 3, 1)
    assert [p.label for p in periods.find_all(text, published)] == ["2019-08"]
    assert periods.find(text, text.index("100"), published).label == "2020-08"  # type: ignore[union-attr]
    assert [p.label for p in periods.find_all(text, published)] == ["2019-08"]
    found = periods.find_all(text, published)
    found.clear()  # the caller's own list
    assert len(periods.find_all(text, published)) == 1


@pytest.mark.parametrize(("before", "expected"), [
    ("腾讯视频付费会员达到8900万。\n \u3000\n", "腾讯视频"),
    ("", None),
    (" \n\t", None),
])  # fmt: skip
def test_a_paragraph_continues_the_one_before_across_white_space(before: str,
                                                                 expected: str | None) -> None:
    registry = _registry()
    text = before + "从会员增长来看，从4300万增长到8200万。"
    start = len(before)
    at = text.index("8200万")
    assert registry._continued(text, start, start, len(text)) == expected
    assert registry.find(text, start, len(text), at, at + 5, start) == expected


def _counting() -> SubjectRegistry:
    """A registry that counts the characters its mentions() searches: a subclass of the plain
    copy of the registry's module (a compiled class takes no Python subclass)."""
    plain = pure("speeches.rules.subjects")

    class Counting(plain.SubjectRegistry):  # type: ignore[name-defined,misc]
        searched = 0

        def mentions(self, text: str, start: int, end: int) -> list[tuple[int, int, str]]:
            self.searched += end - start
            return super().mentions(text, start, end)  # type: ignore[no-any-return]

    registry = Counting([])
    for s in _registry().subjects.values():
        registry.add(plain.Subject(s.name, list(s.aliases), s.kind, s.parent))
    return registry  # type: ignore[no-any-return]


@pytest.mark.parametrize("figures", [[], ["8亿"]])
def test_the_about_stage_searches_no_page_it_needs_not(figures: list[str]) -> None:
    """A page's topic (its most named subject) is searched for only when a figure has no
    subject of its own; a page without figures is not searched at all."""
    filler = "今天天气很好，大家一起去公园散步。\n" * 300
    text = "微信月活跃用户达到" + "8亿。\n" + filler
    doc = Document(source_path="x.txt", raw=text, text=text)
    for figure in figures:
        start = text.index(figure)
        doc.metrics.append(Metric("users", 1.0, "exact", figure, "", start, start + len(figure)))
    registry = _counting()
    # a plain stage over the plain registry module
    pure("speeches.stages.about", "speeches.rules.subjects").run(doc, registry)
    assert [m.subject for m in doc.metrics] == ["微信"] * len(figures)
    if figures:
        assert registry.searched < len(text)  # the figure's sentence and clauses, not the page
    else:
        assert registry.searched == 0
