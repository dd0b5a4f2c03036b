"""The CPU savings of extraction (issue 16) change no answer: each fast form is checked
against the plain one it replaces, on generated texts and on the case texts."""

from __future__ import annotations

import itertools
import json
import re
from pathlib import Path

import pytest
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
from speeches.rules import load_rules
from speeches.stages import extract
from speeches.stages.normalize import normalize
from speeches.text.lookahead import CASE_ODD, Anchored, first_char_gate, required_literals

CASES = Path(__file__).parent / "cases" / "metrics"

# Pieces that make numbers, shares and the separators the scan folds by their neighbours
# (3。5亿, 1,5 million, １，０００) likely in generated text.
_PIECES = st.sampled_from(
    [
        "用户", "医院", "一", "两", "三", "十", "百", "万", "亿", "成", "七成", "分之", "半", "一半",
        "过半", "%", "％", "‰", "/", "½", "1", "2.5", "３", "１０", "萬", "億", "。", "，", ",",
        "5,5 million", "1,000", "１，０００", "3。5亿", " ", "\n", "per cent", "percent", "PCT",
        "a third", "out of", "over", "half", "users", "ſ", "İ", "ｐｅｒ", "abc", "Mr. ", " in ",
        "in every ", "five", "In", "per", "cent", "twenty-", "first", "seconds", "person",
    ]
)  # fmt: skip
_TEXTS = st.lists(_PIECES, max_size=30).map("".join)


def _may_hold_share_before(text: str) -> bool:
    """may_hold_share by its rules, read on the text folded as the scan folds it (_fold, which
    also folds separators by their neighbours), with _ascii_words for the runs of letters."""
    s = numbers._fold(text)
    if _SHARE_CHAR.search(s) and _SHARE_ZH.search(s):
        return True
    if not any("a" <= c <= "z" or "A" <= c <= "Z" for c in s):
        return False
    low = s.encode().lower()
    words = set(_ascii_words(low))
    if words & _SHARE_EN:
        return True
    if b"per" in words and words & {b"cent", b"cents"}:
        return True
    tens = {w.encode() for w in numbers._EN_TENS}
    if words & {b"first", b"firsts"} and words & tens:
        return True
    # one in five, 1 in 4: "in" between two numbers
    raw = s.encode()
    return b"in" in words and numbers._may_be_x_in_y(
        raw, bytes(c if 97 <= c <= 122 else 32 for c in low)
    )


@given(_TEXTS, st.integers(0, 400), st.integers(0, 400))
@settings(max_examples=600, deadline=None)
def test_share_test_on_the_folded_text_is_the_test_of_the_span(text: str, a: int, b: int) -> None:
    start, end = sorted((min(a, len(text)), min(b, len(text))))
    folded = fold_chars(text)
    assert len(folded) == len(text)
    want = _may_hold_share_before(text[start:end])
    assert may_hold_share_in(folded, start, end) is want
    assert may_hold_share(text[start:end]) is want


def test_share_test_on_the_development_lines() -> None:
    """The runs' words gathered once (_SHARE_RUNS) decide as the tests one by one did."""
    from conftest import development_lines

    held = 0
    for line in sorted(development_lines()):
        folded = fold_chars(line)
        for cut in range(0, len(line), 60):
            want = _may_hold_share_before(line[cut : cut + 120])
            assert may_hold_share_in(folded, cut, min(cut + 120, len(line))) is want
            held += want
    assert held > 20  # the lines hold shares for the test to see


def test_share_test_on_the_case_texts() -> None:
    for path in sorted(CASES.glob("*.json")):
        for case in json.loads(path.read_text(encoding="utf-8")):
            text = normalize(case["text"])
            folded = fold_chars(text)
            for cut in range(0, len(text), 7):
                want = _may_hold_share_before(text[cut : cut + 40])
                assert may_hold_share_in(folded, cut, min(cut + 40, len(text))) is want


# --- Anchored: a pattern's matches found from the literals each holds ----------------------

_RULES = load_rules()
# The patterns extraction finds through Anchored (the community phrases), and others of the
# shapes required_literals reads: case-insensitive parts, a bounded gap before the literal,
# branches, repeats, lookarounds, a pattern with no bound (searched as it is).
# The people who use something: the literal 的人 starts at most 10 characters into a match.
_WHO = re.compile(r"(?:使用|用)[^的，]{1,8}的人(?:口|数)?")
_ANCHORED = [
    *(
        re.compile(k.community_en.pattern.removesuffix(r"\s*$"), k.community_en.flags)
        for k in _RULES.kinds
        if k.community_en is not None
    ),
    *(k.people_of_zh for k in _RULES.kinds if k.people_of_zh is not None),
    _WHO,
    re.compile(r"\b(?:our|its)\s+users?\b|(?<![a-z])used\s+by", re.I),
    re.compile(r"(?i:per)\s*cent|%"),
    re.compile(r"[0-9]{1,3}(?:,[0-9]{3})+ (?:users|Users)"),
    re.compile(r"(?:ab)+c|x{2,3}y"),
    re.compile(r"\w+ said"),
]
_WORDS = st.sampled_from(
    [
        "our community has", "Our Community of", "its community is now", "their  community had",
        "used by", "USED every day by", "uſed by", "İts community has", "our", "used", "by",
        "用微信的人", "使用支付的人口", "费用的人", "上网的人数", "的人", "用", "per cent", "PER  cent",
        "%", "1,000 users", "12,345,678 Users", "ababc", "xxy", "xxxy", "said", "he said", " ",
        "\n", "，", "的", "users", "ours", "K", "ı", "甲乙丙丁", "微", "ab", "c",
    ]
)  # fmt: skip


@given(st.lists(_WORDS, max_size=25).map("".join), st.integers(0, 300), st.integers(0, 300))
@settings(max_examples=400, deadline=None)
def test_anchored_spans_are_finditer_spans(text: str, a: int, b: int) -> None:
    start, stop = sorted((min(a, len(text)), min(b, len(text))))
    for pattern in _ANCHORED:
        found = Anchored(pattern)
        want = [m.span() for m in pattern.finditer(text, start, stop)]
        assert found.spans(text, start, stop) == want, pattern.pattern
        assert found.spans(text) == [m.span() for m in pattern.finditer(text)], pattern.pattern
        if not CASE_ODD.search(text):
            assert found.spans(text, start, stop, text[start:stop].lower()) == want


def test_required_literals_of_the_community_patterns() -> None:
    # What makes them fast: a literal each match holds at a bounded offset from its start.
    for pattern in _ANCHORED[:-1]:
        assert required_literals(pattern.pattern, pattern.flags) is not None, pattern.pattern
    assert required_literals(r"\w+ said") is None
    lits, reach = required_literals(r"(?i:ab)\s{0,3}CD|x", 0) or (set(), -1)
    assert lits == {("ab", True), ("x", False)} and reach == 0


def test_anchored_spans_on_the_case_texts() -> None:
    for path in sorted(CASES.glob("*.json")):
        for case in json.loads(path.read_text(encoding="utf-8")):
            text = normalize(case["text"])
            for pattern in _ANCHORED:
                want = [m.span() for m in pattern.finditer(text)]
                assert Anchored(pattern).spans(text) == want, (pattern.pattern, text)


@pytest.mark.parametrize("gap", range(10))
def test_anchored_finds_a_match_whose_literal_is_as_far_as_it_may_be(gap: int) -> None:
    pattern = _WHO
    for text in (
        f"使用{'甲' * gap}的人口",
        f"x用{'甲' * gap}的人数",
        f"上网的人，使用{'乙' * gap}的人",
    ):
        want = [m.span() for m in pattern.finditer(text)]
        assert Anchored(pattern).spans(text) == want, text


# --- _Words: the cue words, found by Aho-Corasick as their longest-first alternation --------

# Word lists whose words overlap, share first letters, hold one another and start with
# letters, Han characters and signs, as the cue lists do.
_WORD_LISTS = [
    ["users", "user base", "mau", "maus", "members", "subs", "subscribers", "-user"],
    ["人", "中国人", "中国", "港人", "香港人", "居民", "民众", "people", "teens", "teenagers"],
    ["ab", "ba", "aba", "bab", "a-b", "-a", "b"],
]
_WORD_TEXT = st.lists(
    st.sampled_from(
        [
            "users", "user base", "user", "mau", "maus", "members", "subscribers", "-user",
            "中国人", "中国", "香港人", "居民众", "people", "teenagers", "teens", "ab", "ba", "a-b",
            "-a", "b", " ", "，", "x",
        ]
    ),
    max_size=30,
).map("".join)  # fmt: skip


def _longest_first(words: list[str]) -> re.Pattern[str]:
    """The alternation of `words`, longest first: what _Words must find, where it does."""
    return re.compile("|".join(map(re.escape, sorted(set(words), key=len, reverse=True))))


@given(_WORD_TEXT, st.integers(0, 200), st.integers(0, 200))
@settings(max_examples=500, deadline=None)
def test_words_find_what_the_longest_first_alternation_finds(text: str, a: int, b: int) -> None:
    start, stop = sorted((min(a, len(text)), min(b, len(text))))
    for words in _WORD_LISTS:
        plain = _longest_first(words)
        found = extract._Words(words)
        assert found.spans(text) == [m.span() for m in plain.finditer(text)], words
        want = [m.span() for m in plain.finditer(text, start, stop)]
        assert found.spans(text, start, stop) == want, words


def test_words_of_the_shipped_cues_on_the_case_texts() -> None:
    cues = extract._CountCues.build(_RULES)
    assert cues is not None and cues.zh is not None and cues.en is not None
    assert cues.people is not None
    zh = sorted({w for k in _RULES.kinds for w in k.nouns_zh}, key=len)
    people = sorted({w.lower() for k in _RULES.kinds for w in k.people}, key=len, reverse=True)
    for path in sorted(CASES.glob("*.json")):
        for case in json.loads(path.read_text(encoding="utf-8")):
            text = normalize(case["text"])
            low = text.lower()
            keys = [k for k in zh if not any(o in k for o in zh if o != k and len(o) < len(k))]
            assert cues.zh.spans(text) == [m.span() for m in _longest_first(keys).finditer(text)]
            assert cues.people.spans(low) == [
                m.span() for m in _longest_first(people).finditer(low)
            ]


# --- first_char_gate: a class of the characters a match can start with ----------------------

# The people-use patterns keep tests, and others with case-insensitive letters re also
# matches to K, ſ, İ and ı, optional openings and zero-width ones.
_GATED = [
    *(f for k in _RULES.kinds for f in k.people_use_anywhere),
    re.compile(r"(?i:of\s+)?(?i:kids|sims|items)\s+use"),
    re.compile(r"(?=[a-z])\b(?:ski|kit)s?\b", re.I),
    re.compile(r"(?:x|[0-9])+ (?i:users)"),
]
_GATE_TEXT = st.lists(
    st.sampled_from(
        [
            "of ", "OF  ", "people use", "People now use", "teens use", "人都在用", "市民使用", "kids use",
            "KIDS USE", "ſims use", "\u212aids use", "İtems use", "ıtems use", "ski", "Kit", "\u212ait",
            "ſki", "x users", "12 USERS", " ", "，", "a", "中",
        ]
    ),
    max_size=20,
).map("".join)  # fmt: skip


@given(_GATE_TEXT, st.integers(0, 150), st.integers(0, 150))
@settings(max_examples=500, deadline=None)
def test_a_span_the_gate_rules_out_holds_no_match(text: str, a: int, b: int) -> None:
    start, stop = sorted((min(a, len(text)), min(b, len(text))))
    for pattern in _GATED:
        gate = first_char_gate(pattern.pattern, pattern.flags)
        if gate is not None and gate.search(text, start, stop) is None:
            assert pattern.search(text, start, stop) is None, (pattern.pattern, text)


def test_first_char_gates() -> None:
    gate = first_char_gate(r"(?i:of\s+)?(?i:kids|sims)\s+use")
    assert gate is not None and set(gate.pattern[1:-1]) == set("OoKkSs\u212a\u017f")
    assert first_char_gate(r"\w+ said") is None  # unbounded
    assert first_char_gate("(?i:é)t") is None  # a case-insensitive letter outside ASCII
    assert first_char_gate("用户|服务器") is None  # re skips to its first characters itself


# --- people_use: a people-use pattern tried only inside the people words found --------------

_PEOPLE_TEXT = st.lists(
    st.sampled_from(
        [
            "of ", "OF  ", "Of\t", "people use", "People now use", "teens use", "Teenagers log in to",
            "consumers in China use", "people on WeChat", "people on Monday", "people", "teens",
            "人都在用", "市民使用", "中国人用", "香港人已经在用", "港人", "人", "民众", "年轻人每天使用",
            "中国", "use", " ", "，", "。", "a", "中", "ſ", "\u212a",
        ]
    ),
    max_size=20,
).map("".join)  # fmt: skip


def _people_use_by_search(cues: extract._CountCues, text: str, lo: int, hi: int) -> bool:
    """The plain test people_use replaces: each pattern searched over text[lo:hi]."""
    return any(
        (gate is None or gate.search(text, lo, hi)) and f.search(text, lo, hi) is not None
        for gate, f, _ in cues.forms
    )


def _check_people_use(cues: extract._CountCues, text: str, bounds: list[tuple[int, int]]) -> None:
    index = cues.index(text, 0, len(text))
    if index.odd:
        return  # keep takes every sentence there without asking
    for lo, hi in bounds:
        assert cues.people_use(index, lo, hi) == _people_use_by_search(cues, text, lo, hi), (
            text,
            lo,
            hi,
        )


def test_the_shipped_people_use_patterns_open_with_people_words() -> None:
    cues = extract._CountCues.build(_RULES)
    assert cues is not None and [opens for _, _, opens in cues.forms] == [True, True]


@given(_PEOPLE_TEXT, st.integers(0, 200), st.integers(0, 200))
@settings(max_examples=500, deadline=None)
def test_people_use_finds_what_the_search_finds(text: str, a: int, b: int) -> None:
    cues = extract._CountCues.build(_RULES)
    assert cues is not None
    lo, hi = sorted((min(a, len(text)), min(b, len(text))))
    _check_people_use(cues, text, [(lo, hi), (0, len(text)), (lo, len(text))])


def test_people_use_finds_what_the_search_finds_on_the_development_lines() -> None:
    from conftest import development_lines

    cues = extract._CountCues.build(_RULES)
    assert cues is not None
    found = 0
    for line in sorted(development_lines()):
        bounds = [(0, len(line))] + [(k, len(line)) for k in range(8, len(line), 40)]
        _check_people_use(cues, line, bounds)
        found += _people_use_by_search(cues, line, 0, len(line))
    assert found > 5  # the lines hold people-use phrases for the test to see


def test_a_pattern_that_may_open_otherwise_is_searched() -> None:
    assert not extract._opens_with_words(r"(?i:of\s+)?(?i:people)?\s+use", ["people"])
    assert not extract._opens_with_words(r"(?:人|\w)用", ["人"])
    assert not extract._opens_with_words(r"(?:市民|人)用|x", ["人", "市民"])
    assert extract._opens_with_words(r"(?:市民|人)(?:用|x)", ["人", "市民"])


# --- _fold: the separator patterns open with their mark --------------------------------------

# The patterns as they were, each opening with its look-behind.
_ZH_POINT_BEFORE = re.compile(r"(?<=[0-9])。(?=[0-9]+ ?[万亿千百%])")
_FW_GROUP_COMMA_BEFORE = re.compile(r"(?<=[０-９])，(?=[０-９]{3}(?![０-９]))")
_SEPARATOR_TEXT = st.lists(
    st.sampled_from(
        ["3", "12", "。", "5亿", "5 万", "%", "１", "１２３", "，", "１２３４", ",", "44 billion",
         "5 Millions", "1,000", "2,5", " thousand", "MILLION", ".", "x", "用户", " "]
    ),
    max_size=16,
).map("".join)  # fmt: skip


@given(_SEPARATOR_TEXT)
@settings(max_examples=600, deadline=None)
def test_the_separator_patterns_find_what_they_found(text: str) -> None:
    assert numbers._ZH_POINT.sub(".", text) == _ZH_POINT_BEFORE.sub(".", text)
    assert [m.span() for m in numbers._FW_GROUP_COMMA.finditer(text)] == [
        m.span() for m in _FW_GROUP_COMMA_BEFORE.finditer(text)
    ]
    if numbers._DECIMAL_COMMA.search(text):
        assert numbers._DECIMAL_COMMA_AHEAD.search(text)  # the gate never hides a match


def test_fold_of_the_development_lines_is_unchanged() -> None:
    from conftest import development_lines

    changed = 0
    for line in development_lines():
        s = fold_chars(line)
        if "。" in s:
            assert numbers._ZH_POINT.sub(".", s) == _ZH_POINT_BEFORE.sub(".", s)
        want = numbers._DECIMAL_COMMA.sub(r"\1.", s)
        if numbers._DECIMAL_COMMA_AHEAD.search(s) is None:
            assert want == s
        changed += numbers._fold(line) != s
    assert changed > 0


# --- _sentence: a number no cue is near is tested for a block only when a list is read -------


def test_a_blocked_number_far_from_every_cue_is_no_item_of_the_list_after_it() -> None:
    # $120,000 (money: blocked) is more than _REACH before "servers", so it joins the pending
    # numbers untested; read as an item, it would open no list and drop the two before it.
    text = (
        "Contoso pays $120,000, Fabrikam Systems fields 115,000, Northwind Traders has 110,000,"
        " and Rackspace has 100,000 servers."
    )
    assert text.index("servers") - text.index("$120,000") - len("$120,000") > extract._REACH
    found = [(m.value, m.rule) for m in extract.Extractor().find(text)]
    assert found == [
        (115000.0, "servers:list-ahead"),
        (110000.0, "servers:list-ahead"),
        (100000.0, "servers:number-noun"),
    ]


# --- find: a span no count cue reaches skips keep ---------------------------------------------


def _check_may_count(cues: extract._CountCues, text: str, bounds: list[tuple[int, int]]) -> int:
    """Where may_count says no sentence of a span may hold a count, keep drops every one
    (find then skips keep); the number of such spans."""
    index = cues.index(text, 0, len(text))
    none = 0
    for start, end in bounds:
        if not cues.may_count(index, start, end):
            none += 1
            spans = extract._join_points(text, extract.sentences.split(text, start, end))
            assert not any(cues.keep(index, spans)), text[start:end]
    return none


@given(_TEXTS, st.integers(0, 400), st.integers(0, 400))
@settings(max_examples=400, deadline=None)
def test_keep_drops_every_sentence_of_a_span_may_count_rules_out(text: str, a: int, b: int) -> None:
    cues = extract._CountCues.build(_RULES)
    assert cues is not None
    lo, hi = sorted((min(a, len(text)), min(b, len(text))))
    _check_may_count(cues, text, [(lo, hi), (0, len(text))])


def test_keep_drops_every_sentence_of_a_span_may_count_rules_out_on_the_pages() -> None:
    from conftest import development_pages

    cues = extract._CountCues.build(_RULES)
    assert cues is not None
    none = 0
    for page in development_pages():
        cuts = [0, *(m.end() for m in re.finditer(r"\n+", page)), len(page)]
        none += _check_may_count(cues, page, list(itertools.pairwise(cuts)))
    assert none > 100  # spans no cue reaches, for the test to see
