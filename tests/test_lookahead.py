"""The first-character look-ahead (speeches.text.lookahead) changes no match.

Pattern by pattern, on generated text (hypothesis) built from each pattern's own characters
and the characters that fold case oddly; and stage-wide, the sections of every development
page (seeds, tests/real, tests/heldout) are the same with the look-aheads as without them.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from conftest import pure
from speeches.config import Settings
from speeches.stages import sections
from speeches.stages.ingest import load, read_corpus
from speeches.text.lookahead import Leftmost, first_chars, with_lookahead
from speeches.write import worker

ROOT = Path(__file__).resolve().parents[1]
PAGES = [
    ROOT / "data" / "raw",
    ROOT / "tests" / "real" / "docs",
    ROOT / "tests" / "heldout" / "docs",
]
# Characters that match a letter of another case under IGNORECASE (Kelvin sign, long s,
# dotted and dotless i), whitespace and CJK punctuation.
ODD = "KkKSsſIiİı \n\t，,。：:“”\"'’-"


@pytest.mark.parametrize(
    ("pattern", "flags", "expected"),
    [
        (r"\b(?:said|says)\b", 0, "(?-i:[s])"),
        (r"(?i:according to)|据了解", 0, "(?i:[a])|(?-i:[据])"),
        (r"said", re.IGNORECASE, "(?i:[s])"),
        (r"(?-i:S)aid", re.IGNORECASE, "(?-i:[S])"),
        (r"(?<![A-Za-z])[A-Z][a-z]+", 0, "(?-i:[A-Z])"),
        (r"(?:Mr\.?\s+)?[A-Z]", 0, "(?-i:[A-ZM])"),
        (r"x*y", 0, "(?-i:[xy])"),
        (r"[-\]^]", 0, "(?-i:[\\-\\]\\^])"),
        (r"\w+ said", 0, None),  # a category
        (r"[^，]said", 0, None),  # a negated class
        (r".{0,20}said", 0, None),  # any character
        (r"(?:said)?", 0, None),  # the empty match starts anywhere
        (r"\bsaid|(?!)", 0, "(?-i:[s])"),
        (r"(?!)", 0, None),
        (r"(a)\1", 0, "(?-i:[a])"),
        (r"\1", 0, None),  # a bad pattern: no bound, re.compile reports it
    ],
)
def test_first_chars(pattern: str, flags: int, expected: str | None) -> None:
    assert first_chars(pattern, flags) == expected


def _matches(pattern: re.Pattern[str], text: str) -> list[object]:
    found: list[object] = [(m.span(), m.groups(), m.lastgroup) for m in pattern.finditer(text)]
    for pos in range(0, len(text) + 1, 3):  # search from an offset, up to an end
        m = pattern.search(text, pos, len(text) - pos // 2)
        found.append(m and (m.span(), m.groups()))
    return found


def _pairs() -> list[tuple[str, re.Pattern[str], re.Pattern[str]]]:
    """(name, without, with look-ahead) for every pattern of the attributor that has one."""
    plain, ahead = _attributors()
    out = []
    for owner_plain, owner_ahead in ((plain, ahead), (plain.cues, ahead.cues)):
        for name in dir(owner_ahead):
            a, b = getattr(owner_plain, name, None), getattr(owner_ahead, name)
            if isinstance(b, re.Pattern) and isinstance(a, re.Pattern) and a.pattern != b.pattern:
                out.append((name, a, b))
    return out


_CACHE: dict[str, sections.Attributor] = {}


def _attributors() -> tuple[sections.Attributor, sections.Attributor]:
    """The shipped attributor, built with its look-aheads (and Leftmost searches) and with
    plain patterns instead."""
    if not _CACHE:
        ctx = worker.context()
        plain = pure("speeches.stages.sections")  # a compiled module binds what it calls
        mp = pytest.MonkeyPatch()
        try:
            mp.setattr(plain, "with_lookahead", lambda p, flags=0: re.compile(p, flags))
            mp.setattr(plain, "Leftmost", lambda ps, boundary=False: re.compile("|".join(ps)))
            plain.cues.cache_clear()
            _CACHE["plain"] = plain.Attributor(ctx.registry, ctx.attributor.common_words)
        finally:
            mp.undo()
            plain.cues.cache_clear()
        _CACHE["ahead"] = sections.Attributor(ctx.registry, ctx.attributor.common_words)
    return _CACHE["plain"], _CACHE["ahead"]


def test_the_attributor_has_patterns_with_lookaheads() -> None:
    names = {name for name, _, _ in _pairs()}
    assert {"first_person", "_unknown_zh", "_en_said"} <= names


@settings(max_examples=300, deadline=None)
@given(data=st.data())
def test_each_lookahead_pattern_matches_as_the_plain_one(data: st.DataObject) -> None:
    for name, plain, ahead in _pairs():
        alphabet = sorted(set(plain.pattern) - set("\\") | set(ODD))
        text = data.draw(st.text(st.sampled_from(alphabet), max_size=60), label=name)
        assert _matches(ahead, text) == _matches(plain, text), name


@settings(max_examples=300, deadline=None)
@given(
    pattern=st.sampled_from(
        [r"(?i:k)elvin|s\w", r"\b(?:is|it)\b", r"(?i)ſ|(?-i:K)x", r"[a-cx]+(?=y)", r"(?i:[k-s])z?"]
    ),
    flags=st.sampled_from([0, re.IGNORECASE]),
    text=st.text(st.sampled_from(sorted(set("abcklsxyz" + ODD))), max_size=40),
)
def test_case_folding_lookaheads_match_as_the_plain_pattern(
    pattern: str, flags: int, text: str
) -> None:
    assert _matches(with_lookahead(pattern, flags), text) == _matches(
        re.compile(pattern, flags), text
    )


def test_every_development_page_gets_the_same_sections() -> None:
    plain, ahead = _attributors()
    ctx = worker.context()
    before = tuple(s for s in worker.STAGES if s.name in ("metadata", "normalize", "furniture"))
    jobs, _ = read_corpus([p for p in PAGES if p.exists()])
    assert len(jobs) > 50
    for job in jobs:
        doc = worker.run_stages(load(job, Settings().encoding), ctx, before)
        expected = plain.run(doc).sections
        assert ahead.run(doc).sections == expected, job.path


@pytest.mark.parametrize("pattern", ["据悉", "[ab]c", "(?:公司|集团)表示", "(据悉|笔者)"])
def test_a_pattern_re_finds_by_its_own_prefix_gets_no_lookahead(pattern: str) -> None:
    # re skips to a literal prefix or a set of first characters faster than a look-ahead
    assert with_lookahead(pattern).pattern == pattern


def _leftmost(found: re.Match[str] | None) -> object:
    return found and found.span()


def _searches(searcher: Leftmost | re.Pattern[str], text: str) -> list[object]:
    n = len(text)
    return [_leftmost(searcher.search(text, pos, n - pos // 2)) for pos in range(0, n + 1, 2)]


@settings(max_examples=300, deadline=None)
@given(data=st.data())
def test_the_narration_cues_search_as_their_alternation(data: st.DataObject) -> None:
    plain, ahead = _attributors()
    narration = ahead.cues.narration
    assert isinstance(narration, Leftmost) and isinstance(plain.cues.narration, re.Pattern)
    assert plain.cues.narration.pattern == narration.pattern
    words = ["据悉", "据", "了解", "数据", "显示", "according to", "According to data", "the"]
    words += ["The company", " said", "survey", " shows", "Tencent", "公司", "表示", "笔者"]
    pieces = st.one_of(
        st.sampled_from(sorted(set(narration.pattern) | set(ODD))), st.sampled_from(words)
    )
    text = "".join(data.draw(st.lists(pieces, max_size=20)))
    assert _searches(narration, text) == _searches(plain.cues.narration, text)


@pytest.mark.parametrize(
    ("patterns", "text", "span"),
    [
        (["b+", "ab"], "xab", (1, 3)),  # the leftmost match wins
        (["ab", "a"], "xab", (1, 3)),  # at one offset, the first pattern's
        (["a", "ab"], "xab", (1, 2)),
        (["据悉", r"\b[Aa]ccording to"], "据悉 according to", (0, 2)),
        (["据悉", r"\b[Aa]ccording to"], "according to 据悉", (0, 12)),
        (["据悉", r"\b[Aa]ccording to"], "saccording to", None),  # no word boundary
        (["(?i:k)"], "\u212a", (0, 1)),  # the Kelvin sign, as re.I finds it
    ],
)
def test_leftmost(patterns: list[str], text: str, span: tuple[int, int] | None) -> None:
    for boundary in (False, True):
        found = Leftmost(patterns, boundary=boundary).search(text)
        assert _leftmost(found) == span
        assert _leftmost(re.compile("|".join(patterns)).search(text)) == span


@given(
    st.text(alphabet=st.sampled_from("aIiKkSs \u0130\u0131\u017f\u212a客“"), max_size=30),
    st.integers(0, 35),
    st.integers(0, 35),
)
@settings(max_examples=400, deadline=None)
def test_has_case_odd_is_the_class_search(text: str, a: int, b: int) -> None:
    from speeches.text.lookahead import CASE_ODD, has_case_odd

    start, stop = sorted((a, b))
    assert has_case_odd(text, start, stop) is (CASE_ODD.search(text, start, stop) is not None)
    assert has_case_odd(text) is (CASE_ODD.search(text) is not None)
