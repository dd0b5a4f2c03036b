"""Stage 4: metrics (users, servers, hospitals, percentages) from the body sections.

Every number the number finder sees in a body sentence is a candidate. A percent, a fraction
or 一半/half is a `percentage` whatever it measures. Any other number is a count of a kind
when the kind's noun governs it, in one of three shapes:

- number [classifier] [的] [modifier] NOUN — 超过10亿用户, 近300家医院, 100 triple-A hospitals;
  a classifier must agree with the noun (家 counts hospitals, never servers: 五家服务器…公司);
- NOUN [short gap] number — 日活跃用户1.58亿, 服务器总量已经超过100万台, user base of 1.1 billion;
  the number must then stand bare (not followed by a noun of its own: 6000家药店);
- number PEOPLE use X — 8千万人用“看点”, 5亿市民使用微信城市服务, 5 million people use it.

A bare number later in the sentence takes the noun of the count before it when it is compared
with it ("up from 172 million"), or stands in the same list with the kind's own unit
(微软也有200万台, "50 million in Europe").

Dates, ages, money, multiples, vague amounts (数百亿, millions of), numbers followed by a unit
of their own (次, 小时, 元) and the digits of a product name (Microsoft 365) never count; a
number between 1900 and 2099 is a year unless a classifier or noun follows (2000家医院). The qualifier comes from cue words next to the
number (rules/metrics.toml) or from the number itself (a range, 2千多).
"""

from __future__ import annotations

import bisect
import functools
import re
from collections.abc import Iterable
from importlib import resources

import ahocorasick_rs

from speeches.models import Document, Metric
from speeches.numbers import NumberSpan, find_numbers_in, fold_chars, may_hold_share_in
from speeches.rules import KindRules, Rules, load_rules
from speeches.text import sentences
from speeches.text.lookahead import CASE_ODD_CHARS, Anchored, first_char_gate, has_case_odd

_HAN = re.compile(r"[\u4e00-\u9fff]")
_LATIN_WORD = re.compile(r"[A-Za-z]")
# A year: four digits 1900-2099 standing alone (no scale word, no separators).
_YEAR = re.compile(r"^(?:19|20)\d\d$")
# A percentage inside the gap between a noun and its number does not break the link, nor does
# the period it compares with ("grew 4% year-on-year to 262 million").
_PERCENT_IN_GAP = re.compile(
    r"\d+(?:\.\d+)?\s*(?:%|％|percent\b|per cent\b)"
    r"(?:\s*(?:year-on-year|year-over-year|yoy|y/y|annually|sequentially|quarter-on-quarter)\b)?",
    re.IGNORECASE,
)
# Text that ends a clause when looking back for a noun.
_CLAUSE_END = re.compile(r"[。！？!?；;：:]")
_DIGIT = re.compile(r"\d")
_GAP_COMMA = re.compile(r"[,，、]")
_GAP_PUNCT_EN = re.compile(r"[,.;:]")
_MORE_ZH = re.compile(r"(?:多|余)?")
# A word between a number and its noun, or an alternative before a slash (people/users).
_EN_MODIFIER = re.compile(r"\s+(?:[A-Za-z][\w-]*(?:/(?=[A-Za-z]))?|&)")
# People after a number counted by the community before it (2 billion people, 1 billion of people).
_OF_PEOPLE = re.compile(r"\s+(?:of\s+)?people\b", re.I)
# A community phrase proper ("our community has"), which a bare number after it counts.
_COMMUNITY = re.compile(r"\bcommunity\b", re.I)
# The gap of a label and its figure: "Users: 300 million", "Hospitals served: 2,400",
# "Monthly active users (MAU): 1.2 billion" (an abbreviation in brackets; a unit such as
# "(millions)" or "(beds)" changes what the figure counts).
_LABEL_GAP_EN = re.compile(r"^\s*(?:[a-z]+\s*)?(?:\([A-Z]{2,6}s?\)\s*)?:\s*$")
# The gap of a noun and its figure set off by a comma or a dash: "Active users, at 45 million,",
# "The user base, which was 10 million", "Users — now 40 million —".
_APPOSITION_GAP_EN = re.compile(
    r"^\s*[,—–]\s*(?:(?:which|that)\s+(?:is|are|was|were|stood\s+at)\s+|now\s+|currently\s+|at\s+)+$"
)
# What ends an item of a list after its number (a clause mark or the end of the text).
_LIST_END_ZH = re.compile(r"[，,。；;、！？!?）)]|$")
# A capitalized word of a name, or "and" / "&" joining two names, between a number and its noun.
_EN_NAME_WORD = re.compile(r"^\s+[A-Z][\w-]*$")
_EN_NAME_JOIN = re.compile(r"^\s+(?:and|&)$")
_EN_CAPITAL_NEXT = re.compile(r"\s+[A-Z]")
# How far after a number its noun may be: "number [classifier] [的] [modifier] NOUN" in Chinese
# and in English, and "number PEOPLE use X".
_AFTER_ZH = 16
_AFTER_EN = 60
_AFTER_PEOPLE = 40
_REACH = max(_AFTER_ZH, _AFTER_EN, _AFTER_PEOPLE)
# How far before an English number its noun may be ("NOUN [gap] number"), its qualifier cue,
# and a community phrase before the cue: what a count of it reads before it.
_BEFORE_EN = 80
_CUE_BEFORE_EN = 40
_COMMUNITY_BEFORE = 60
_BACK_EN = max(_BEFORE_EN, _CUE_BEFORE_EN + _COMMUNITY_BEFORE)
# Characters that re.IGNORECASE matches to an ASCII letter (İ ı ſ K) or that lower() turns into
# two characters (İ): where they occur, lower-cased text does not stand for the original
# (looked for by has_case_odd).
_CASE_ODD = re.compile(f"[{CASE_ODD_CHARS}]")
# Digits alone (no scale, separator or point): what a product name may end with.
_BARE_DIGITS = re.compile(r"^\d+$")
# A capitalized word right before a number (a space at most between): Microsoft 365, QQ 2000.
_NAME_BEFORE = re.compile(r"(?<![A-Za-z'’])([a-z]?[A-Z][A-Za-z]*) ?$")
# A capital after the first letter (QQ, iPhone, WeChat): a name, wherever it stands.
_INNER_CAPITAL = re.compile(r"^.+[A-Z]")
# A name and a hyphen glued before digits (GPT-4, COVID-19): the digits end the name.
_NAME_HYPHEN = re.compile(r"[A-Za-z]-$")
# Digits with a point and no scale word (Teams 2.0, 微信8.0): a version, never a count.
_VERSION = re.compile(r"^\d+\.\d+$")
# A preposition of time (or an article: "the 2021 annual users report") right before a number:
# the number is a year (in 2020, since 1998).
_YEAR_BEFORE = re.compile(
    r"\b(?:in|since|by|from|until|till|to|through|during|before|after|circa|of|for|year|"
    r"early|late|mid|summer|spring|autumn|fall|winter|the|its|our|their|this|that)\s+$",
    re.I,
)
# What stands before the first word of a sentence, line or list item.
_SENTENCE_OPEN = re.compile(r"(?:^|[.!?:;\"“‘(\n•*\-–—]|[\u3000-\u303f\uff00-\uffef])\s*$")
# A "。" ending a sentence between digits, where it stands for a decimal point (3。5亿).
_POINT_SPLIT = re.compile(r"[0-9]+ ?[万亿千百%]")


@functools.cache
def _stopwords_en() -> frozenset[str]:
    """The shipped English stopwords (rules/stopwords_en.txt), case-folded."""
    text = resources.files("speeches").joinpath("rules", "stopwords_en.txt").read_text("utf-8")
    return frozenset(w.strip().casefold() for w in text.splitlines() if w.strip())


# The number end and metric end of the last count of a kind in the sentence, if any.
_Anchor = tuple[int, int] | None


class _Sentence:
    """One sentence being mined: the text it is in, its bounds, and the last count of each
    kind found in it so far (kind -> number end, metric end), which later numbers may share.

    A plain class, as _Site: mypyc compiles its __init__ (a dataclass's is Python code)."""

    def __init__(self, text: str, start: int, end: int, cues: _CueIndex | None = None) -> None:
        self.text = text
        self.start = start
        self.end = end
        self.anchors: dict[str, tuple[int, int]] = {}
        self.cues = cues  # the count cues of the text, when found


class _Site:
    """One number of a sentence and where it stands: what every rule about it reads.

    A plain class: mypyc compiles its __init__, where a dataclass's is Python code (and a
    frozen one sets each field through object.__setattr__), once per number of every
    sentence scanned."""

    def __init__(
        self, sentence: _Sentence, text: str, span: NumberSpan, zh: bool, clause_start: int
    ) -> None:
        self.sentence = sentence
        self.text = text  # the sentence's text (the whole text the sentence is in)
        self.span = span
        self.zh = zh  # the number stands in Chinese text
        # where its clause starts (the sentence's start, or after a ；：)
        self.clause_start = clause_start


def _skip_space(text: str, pos: int, also: str = "") -> int:
    """`pos` moved past whitespace (and the characters of `also`)."""
    while pos < len(text) and (text[pos].isspace() or text[pos] in also):
        pos += 1
    return pos


def _is_chinese_context(text: str, start: int, end: int) -> bool:
    """Whether a Han character stands in text[start - 3 : end + 3], searched in place (no
    slice of the window is made)."""
    return _HAN.search(text, max(0, start - 3), end + 3) is not None


class _CountCues:
    """Whether a sentence may hold a count: a cheap test run before its numbers are scanned.

    Every count shape needs its kind's noun, or a people-use phrase, in the sentence or less
    than _REACH characters after it (_noun_before, _noun_after and the people-use match only
    read there). The words and phrases come from the rules (KindRules.nouns_zh etc.).
    """

    def __init__(
        self,
        zh: list[str],
        en: list[str],
        people: list[str],
        forms: list[re.Pattern[str]],
        community: list[re.Pattern[str]],
    ):
        self.zh = _any_of(zh)
        self.en = _any_of([w.lower() for w in en])  # searched in lower-cased text
        # Every people word (none left out), searched in lower-cased text (title case too: "One
        # Billion People on X"): the people-use search starts at the first one.
        low = sorted({w.lower() for w in people}, key=len, reverse=True)
        self.people = _Words(low) if low else None
        # The people-use patterns, unanchored, each with a class of the characters its
        # matches start with (or None): an English one opens with "(of )?", which re tries
        # at every offset of a sentence, Chinese or not; one pass of the class rules most
        # sentences out. A pattern that opens with people words (_opens_with_words) is
        # tried only where one of them starts instead (people_use).
        self.forms = [
            (
                first_char_gate(f.pattern, f.flags),
                f,
                not f.flags & re.VERBOSE and _opens_with_words(f.pattern, low),
            )
            for f in forms
        ]
        # The community patterns, unanchored, found from the words every match of one holds
        # ("used", "的人"): re would try them at every offset of the whole text.
        self.community = [Anchored(c) for c in community]

    @classmethod
    def build(cls, rules: Rules) -> _CountCues | None:
        """The cues of `rules`; None (every sentence is scanned) when an English noun is not
        ASCII, so lower-cased text would not stand for re.IGNORECASE, or a cue is empty."""
        zh = [w for kind in rules.kinds for w in kind.nouns_zh]
        en = [w for kind in rules.kinds for w in kind.nouns_en]
        en += ["-" + w for kind in rules.kinds for w in kind.singulars_en]  # 16-hospital
        people = [w for kind in rules.kinds for w in kind.people]
        forms = [f for kind in rules.kinds for f in kind.people_use_anywhere]
        community = [
            re.compile(k.community_en.pattern.removesuffix(r"\s*$"), k.community_en.flags)
            for k in rules.kinds
            if k.community_en is not None
        ]
        # "用互联网的人口…": a phrase of the people who use something opens a count too.
        community += [k.people_of_zh for k in rules.kinds if k.people_of_zh is not None]
        if not all(w.isascii() for w in en) or "" in zh or "" in en or "" in people:
            return None
        return cls(zh, en, people, forms, community)

    def index(self, text: str, start: int, stop: int) -> _CueIndex:
        """Where the cues are in text[start:stop]: one scan for all the sentences of a
        document (or of a section) that `keep` then tests."""
        return _CueIndex(self, text, start, stop)

    def may_count(self, index: _CueIndex, start: int, end: int) -> bool:
        """Whether any sentence of text[start:end] may hold a count: False when `keep` would
        drop every one of them (no cue reaches the span, no people word either, no community
        phrase starts in it), found without cutting the span into sentences."""
        reach = end + _REACH
        return (
            index.odd
            or index.found.first_overlap(start, reach) is not None
            or index.people().first_overlap(start, reach) is not None
            or bisect.bisect_left(index.community(), start)
            < bisect.bisect_left(index.community(), end)
        )

    def keep(self, index: _CueIndex, spans: list[tuple[int, int]]) -> list[bool]:
        """For each sentence span (in order, inside the range of `index`), whether it may
        hold a count: whether a cue found overlaps the sentence or the _REACH after it.

        A cue that hides behind an overlapping one found first is no loss: that one reaches
        into the same sentence, so a sentence is kept when a found cue overlaps its reach.
        That holds wherever the scan starts, so a document's sentences may be tested against
        one scan of the whole document, or of each section, alike.
        """
        if index.odd:
            return [True] * len(spans)  # lower() does not stand for re.IGNORECASE there
        out = []
        for s, e in spans:
            reach = e + _REACH
            if index.found.first_overlap(s, reach) is not None:
                out.append(True)
                continue
            # The people words and community phrases only matter for a sentence no noun
            # reaches: they are looked for once such a sentence comes, not before.
            people = index.people()
            # A people-use phrase starts at a people word, none before the first one found.
            p = people.first_overlap(s, reach)
            if p is not None and self.people_use(index, max(s, p), reach):
                out.append(True)
                continue
            # Each sentence holding the start of a community phrase may hold a count.
            community = index.community()
            out.append(bisect.bisect_left(community, s) < bisect.bisect_left(community, e))
        return out

    def people_use(self, index: _CueIndex, lo: int, hi: int) -> bool:
        """Whether a people-use pattern matches in index.text[lo:hi] (`search` finds one),
        for an index that is not `odd`.

        A pattern that opens with people words (after "of" and spaces at most) is tried only
        at the offsets inside the people words found: every place where one of its words
        starts lies inside a span the index found (a word that hides it overlaps it), and a
        match that opens with "of" has one that opens with its people word."""
        text = index.text
        for gate, f, opens in self.forms:
            if opens:
                people = index.people()
                starts, ends = people.starts, people.ends
                i = bisect.bisect_left(starts, lo - people.longest)
                while i < len(starts) and starts[i] < hi:
                    for at in range(max(starts[i], lo), min(ends[i], hi)):
                        if f.match(text, at, hi) is not None:
                            return True
                    i += 1
            elif (gate is None or gate.search(text, lo, hi)) and f.search(text, lo, hi):
                return True
        return False


# How rules opens a people-use pattern: people words, in English after "of" and spaces.
_OPENINGS = (r"(?i:of\s+)?(?i:", "(?:")
# The group of literal words that follows (re.escape'd words, no group or class of their own).
_WORD_GROUP = re.compile(r"(?:[^\\()|[\]]|\\.)+(?:\|(?:[^\\()|[\]]|\\.)+)*\)")


def _opens_with_words(pattern: str, words: list[str]) -> bool:
    """Whether every match of `pattern` opens with one of `words` (lower-cased), or with
    "of", spaces and one of them: whether it opens with a group of literal words, each in
    `words` once lower-cased, as rules builds a people-use pattern.

    >>> _opens_with_words(r"(?i:of\\s+)?(?i:People|teens)\\s+use", ["people", "teens"])
    True
    >>> _opens_with_words("(?:市民|人)用", ["人"]), _opens_with_words("(?:人.)用", ["人"])
    (False, False)
    >>> _opens_with_words("(?:人)?用", ["人"]), _opens_with_words("(?:人)用|(?:x)", ["人"])
    (False, False)
    """
    for opening in _OPENINGS:
        if pattern.startswith(opening):
            group = _WORD_GROUP.match(pattern, len(opening))
            if group is None or pattern[group.end() : group.end() + 1] in ("?", "*", "{"):
                return False  # no group of words, or one that may be left out
            if _top_level_or(pattern):
                return False  # another alternative need not open with the words
            known = set(words)
            for piece in group.group()[:-1].split("|"):
                word = re.sub(r"\\(.)", r"\1", piece)
                if re.escape(word) != piece or word.lower() not in known:
                    return False
            return True
    return False


def _top_level_or(pattern: str) -> bool:
    """Whether `pattern` holds a "|" outside every group and class.

    >>> _top_level_or(r"(?:a|b)c[|]\\|"), _top_level_or("(?:a)b|c")
    (False, True)
    """
    depth, i, n = 0, 0, len(pattern)
    while i < n:
        ch = pattern[i]
        if ch == "\\":
            i += 1
        elif ch == "[":
            i += 1
            if pattern[i : i + 1] == "^":
                i += 1
            if pattern[i : i + 1] == "]":
                i += 1  # a "]" first in a class is a member
            while i < n and pattern[i] != "]":
                i += 2 if pattern[i] == "\\" else 1
        elif ch == "(":
            depth += 1
        elif ch == ")":
            depth -= 1
        elif ch == "|" and depth == 0:
            return True
        i += 1
    return False


class _CueIndex:
    """The count cues of text[start:stop], found once: the kind nouns (`found`), and on
    first need the people words and the community phrases.

    The English cues are searched in lower-cased text; where a character stands that
    lower() changes otherwise than re.IGNORECASE (`odd`), every sentence is kept.
    """

    def __init__(self, cues: _CountCues, text: str, start: int, stop: int):
        self.cues, self.text, self.start, self.stop = cues, text, start, stop
        found: list[tuple[int, int]] = []
        if cues.zh is not None:
            found += cues.zh.spans(text, start, stop)
        self.odd = has_case_odd(text, start, stop)
        self._low = "" if self.odd else text[start:stop].lower()
        if cues.en is not None:
            found += [(a + start, b + start) for a, b in cues.en.spans(self._low)]
        found.sort()
        self.found = _Spans(found)
        self._people: _Spans | None = None
        self._community_spans: _Spans | None = None

    def people(self) -> _Spans:
        """The people words."""
        if self._people is None:
            self._people = _Spans(
                [(a + self.start, b + self.start) for a, b in people.spans(self._low)]
                if (people := self.cues.people)
                else []
            )
        return self._people

    def community(self) -> list[int]:
        """The starts of the community phrases, sorted."""
        return self.community_spans().starts

    def community_spans(self) -> _Spans:
        """The community phrases."""
        if self._community_spans is None:
            self._community_spans = _Spans(
                sorted(
                    span
                    for c in self.cues.community
                    for span in c.spans(
                        self.text, self.start, self.stop, None if self.odd else self._low
                    )
                )
            )
        return self._community_spans


def _clause_start(marks: list[int], floor: int, pos: int) -> int:
    """Where the clause holding `pos` starts: right after the last clause mark before it
    (`marks`: the ends of the marks, sorted), else at `floor`.

    >>> _clause_start([3, 7], 0, 5), _clause_start([3, 7], 0, 2), _clause_start([3, 7], 0, 7)
    (3, 0, 7)
    """
    i = bisect.bisect_right(marks, pos)
    return marks[i - 1] if i else floor


def _join_points(text: str, spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """`spans` with the sentences split at a "。" between digits, typed for a decimal point
    ("用户达到3。5亿"), joined again."""
    if "。" not in text:
        return spans
    out: list[tuple[int, int]] = []
    for s, e in spans:
        if (
            out
            and out[-1][1] == s
            and text[s - 1] == "。"
            and text[s - 2 : s - 1].isdigit()
            and _POINT_SPLIT.match(text, s)
        ):
            out[-1] = (out[-1][0], e)
        else:
            out.append((s, e))
    return out


class _Spans:
    """Sorted spans, their starts and ends in lists of their own (bisected as ints, not as
    tuples), and the length of the longest.

    >>> _Spans([(2, 5), (8, 9)]).first_overlap(4, 8), _Spans([(2, 5)]).first_overlap(5, 9)
    (2, None)
    """

    def __init__(self, spans: list[tuple[int, int]]):
        self.spans = spans
        self.starts = [a for a, _ in spans]
        self.ends = [b for _, b in spans]
        self.longest = max((b - a for a, b in spans), default=0)

    def first_overlap(self, start: int, end: int) -> int | None:
        """The start of the first span that overlaps [start, end), or None."""
        starts, ends = self.starts, self.ends
        i = bisect.bisect_left(starts, start - self.longest)
        n = len(starts)
        while i < n and starts[i] < end:
            if ends[i] > start:
                return starts[i]
            i += 1
        return None


def _any_of(words: list[str]) -> _Words | None:
    """A search for any of `words`; a word holding another is left out (the shorter one
    finds it), which keeps the alternation short and fast."""
    keys: list[str] = []
    for w in sorted(set(words), key=len):
        if w and not any(k in w for k in keys):
            keys.append(w)
    return _Words(keys) if keys else None


class _Words:
    """Where any of `words` starts, the longest one, left to right, none overlapping: what
    the alternation of the words, longest first, finds, at the same places.

    Found by ahocorasick_rs (Aho-Corasick in Rust, leftmost-longest) in one pass over the
    text, whatever the number of words: a trie regex per first letter took three times
    its CPU on the count cues of the development pages (README, Performance).

    >>> _Words(["users", "user base", "mau", "人", "中国人"]).spans("mau users base 中国人")
    [(0, 3), (4, 9), (15, 18)]
    """

    def __init__(self, words: Iterable[str]):
        kept = sorted({word for word in words if word})
        if not kept:
            raise ValueError("no word to find")
        self.search = ahocorasick_rs.AhoCorasick(
            kept, matchkind=ahocorasick_rs.MatchKind.LeftmostLongest
        )

    def spans(self, text: str, start: int = 0, stop: int | None = None) -> list[tuple[int, int]]:
        """The words' (start, end) in text[start:stop], as offsets into `text`."""
        stop = len(text) if stop is None else stop
        if start <= 0 and stop >= len(text):
            return [(a, b) for _, a, b in self.search.find_matches_as_indexes(text)]
        part = text[start:stop]
        return [(a + start, b + start) for _, a, b in self.search.find_matches_as_indexes(part)]


class Extractor:
    """Finds metrics in normalized text with one compiled rule set."""

    def __init__(self, rules: Rules | None = None):
        self.rules = rules or load_rules()
        self._cues = _CountCues.build(self.rules)
        self._last_folded: tuple[str | None, str] = (None, "")
        # How far _noun_before reads back before a Chinese number (read once, not per number).
        self._back_zh_reach: int = self.rules.settings["noun_gap_zh"] + 8
        # Each kind noun pattern, to search anywhere in a text (_noun_before).
        self._anywhere = {
            p: re.compile("(?:" + p.pattern.lstrip("^") + ")", p.flags)
            for kind in self.rules.kinds
            for p in (kind.noun_zh, kind.noun_en)
        }

    # -- qualifiers --------------------------------------------------------------------------

    def qualifier(
        self, text: str, span: NumberSpan, zh: bool, clause_start: int
    ) -> tuple[str, int, int]:
        """(qualifier, cue start, cue end) for the number at `span`."""
        r = self.rules
        if span.low is not None and span.high is not None:
            return "range", span.start, span.end
        before = text[max(clause_start, span.start - (16 if zh else _CUE_BEFORE_EN)) : span.start]
        after = text[span.end : span.end + 12]
        pattern = r.cue_before_zh if zh else r.cue_before_en
        m = pattern.search(before)
        if m is None and zh and "的" in before:
            m = r.cue_of_zh.search(before)  # 不足阿里的40%
        if m and not self._not_cue(before, m.start(), zh):
            q = next(k for k, v in m.groupdict().items() if v)
            return q, span.start - len(before) + m.start(), span.end
        if span.more:
            return "more_than", span.start, span.end
        m = (r.cue_after_zh if zh else r.cue_after_en).match(after)
        if m:
            q = next(k for k, v in m.groupdict().items() if v)
            return q, span.start, span.end + m.end()
        return "exact", span.start, span.end

    def _not_cue(self, before: str, cue_start: int, zh: bool) -> bool:
        """Whether the cue found at `cue_start` is part of a word that is no cue: 最近 and 通过
        (not 已经过了百万, whose cue starts first), "up over" (a comparison)."""
        if zh:
            return any(
                n.start() <= cue_start < n.end()
                for n in self.rules.not_cue_words_zh.finditer(before, max(0, cue_start - 3))
            )
        return self.rules.not_cues_en.search(before) is not None

    # -- counts ------------------------------------------------------------------------------

    def _blocked(self, site: _Site) -> bool:
        """A date, money, a multiple, a vague amount: never a count."""
        r = self.rules
        text, span, zh = site.text, site.span, site.zh
        if span.vague or span.kind not in ("number",) or span.value <= 0:
            return True
        if _YEAR.match(span.text.strip()) and not self._counted(site):
            return True  # a year, unless a classifier or noun follows: 超过2000家医院
        if _BARE_DIGITS.match(span.text) and self._product_name(text, span.start):
            return True  # Microsoft 365, QQ 2000
        if _BARE_DIGITS.match(span.text) and _NAME_HYPHEN.search(
            text, max(0, span.start - 2), span.start
        ):
            return True  # GPT-4, COVID-19
        if _VERSION.match(span.text):
            return True  # Teams 2.0, 鸿蒙3.0: a version (a count in units has no fraction)
        if span.text == "一":  # 一个用户, 一家医院: an indefinite article, not a count
            return True
        if zh and (
            r.latin_scale_zh.search(span.text)  # 100M用户: a broadband tier
            or r.ratio_before_zh.search(text, max(0, span.start - 6), span.start)  # 6人里有1人
        ):
            return True
        if r.currency_before.search(text[max(0, span.start - 4) : span.start]):
            return True
        after = text[span.end : span.end + 12]
        if not (r.block_after_zh if zh else r.block_after_en).match(after):
            return False
        # A kind noun that starts like a unit is no unit: 4亿月活, 1亿日活 (not 月, 日 of a date).
        if zh:
            after = after[_MORE_ZH.match(after).end() :]  # type: ignore[union-attr]
        return not any(k.noun_zh.match(after) for k in r.kinds) if zh else True

    def _counted(self, site: _Site) -> bool:
        """Whether a classifier (zh) or a kind noun (en) follows the number at once."""
        text, span, zh = site.text, site.span, site.zh
        rest = text[span.end : span.end + _AFTER_ZH]
        if zh:
            rest = rest[_MORE_ZH.match(rest).end() :]  # type: ignore[union-attr]
            return self._any_measure(rest)
        if not rest[:1].isspace():
            return False
        if any(k.noun_en.match(rest.lstrip()) for k in self.rules.kinds):
            return True
        # A noun after modifiers ("2000 new servers"), unless a preposition of time makes the
        # number a year ("In 2020 new hospitals opened").
        if _YEAR_BEFORE.search(text, max(0, span.start - 12), span.start):
            return False
        return any(self._noun_after(site, k) is not None for k in self.rules.kinds)

    def _age(self, site: _Site) -> bool:
        """Whether a bare number after its noun is an age: "users are under 30"."""
        text, span, zh = site.text, site.span, site.zh
        if zh or span.value >= 120 or not _BARE_DIGITS.match(span.text):
            return False
        return (
            self.rules.age_before_en.search(text, max(0, span.start - 20), span.start) is not None
        )

    def _product_name(self, text: str, start: int) -> bool:
        """Whether the digits at `start` end a product name: after a known name (Microsoft
        365, Windows 10), a word in capitals or with a capital inside (QQ 2000, iPhone 15), or
        a capitalized word that is no common word or cue and does not open the sentence (at
        its start "Currently 300 hospitals" is a capitalized adverb)."""
        m = _NAME_BEFORE.search(text, max(0, start - 24), start)
        if m is None:
            return False
        word = m.group(1)
        if word in self.rules.product_names_en or _INNER_CAPITAL.search(word):
            return True
        if _SENTENCE_OPEN.search(text, max(0, m.start() - 4), m.start()) or m.start() == 0:
            return False
        return word.casefold() not in _stopwords_en() and not self.rules.cue_before_en.search(word)

    def _noun_after(self, site: _Site, kind: KindRules) -> int | None:
        """End of "number [classifier] [的] [modifier] NOUN", or None."""
        text, span, zh = site.text, site.span, site.zh
        s = self.rules.settings
        pos = span.end
        if zh:
            rest = text[pos : pos + _AFTER_ZH]
            rest_skip = _MORE_ZH.match(rest).end()  # type: ignore[union-attr]
            rest = rest[rest_skip:]
            m = _HAN.match(rest)
            measure = kind.measure_zh.match(rest)
            offset = rest_skip
            if measure:
                offset += measure.end()
                rest = rest[measure.end() :]
            elif m and self._any_measure(rest) and not kind.noun_zh.match(rest):
                return None  # a classifier of another kind: 五家服务器…公司
            if rest.startswith("的"):
                offset += 1
                rest = rest[1:]
            for skip in range(0, s["modifier_zh"] + 1):
                if skip and not _HAN.match(rest[skip - 1 : skip] or "x"):
                    break
                n = kind.noun_zh.match(rest[skip:])
                if n:
                    return pos + offset + skip + n.end()
            return None
        rest = text[pos : pos + _AFTER_EN]
        if h := kind.noun_en_hyphen.match(rest):
            return pos + h.end()  # a 16-hospital system
        words = names = 0  # modifiers (a name is one), and the words of the name run
        cursor = 0
        in_name = False
        while True:
            tail = rest[cursor:]  # cut and stripped once per word, not three times
            stripped = tail.lstrip()
            n = kind.noun_en.match(stripped)
            if n and cursor < len(rest):
                lead = len(tail) - len(stripped)
                if lead or cursor == 0 or rest[cursor - 1] == "/":  # people/users
                    return pos + cursor + lead + n.end()
            m = _EN_MODIFIER.match(tail)
            if not m:
                return None
            word = m.group()
            joins = (
                in_name
                and _EN_NAME_JOIN.match(word)
                and _EN_CAPITAL_NEXT.match(rest, cursor + m.end())
            )
            in_name = bool(_EN_NAME_WORD.match(word) or joins)
            if in_name:
                # A name right before the noun is free: Teams Phone users, Mercy Health and Bon
                # Secours hospitals. A name that other words follow is one modifier.
                names += 1
                if names > s["name_words_en"]:
                    return None
            else:
                words, names = words + (names > 0) + 1, 0
                if words > s["modifier_en"]:
                    return None
            cursor += m.end()

    def _any_measure(self, rest: str) -> bool:
        return any(k.measure_zh.match(rest) for k in self.rules.kinds) or bool(
            self.rules.classifiers_zh.match(rest)
        )

    def _bare(self, site: _Site, kind: KindRules) -> bool:
        """Whether what follows the number lets it take its noun from before it. A line ends
        the text read (a list item or a headline ends there, whatever the next line holds)."""
        text, span, zh = site.text, site.span, site.zh
        after = text[span.end : span.end + 12].split("\n", 1)[0]
        if zh:
            unit = kind.units_after_zh.match(after)
            if unit:  # "覆盖用户1.4亿人" yes; "医院和6000家药店" no: the unit has its own noun
                after = after[unit.end() :]
            return self.rules.bare_follow_zh.match(after) is not None
        return self.rules.bare_follow_en.match(after) is not None

    def _noun_before(self, site: _Site, kind: KindRules) -> int | None:
        """Start of "NOUN [gap] number", or of the gap after the previous count of the chain.

        The noun is looked for back to the sentence's start in Chinese, the clause's start in
        English."""
        if not self._bare(site, kind):
            return None
        text, span, zh = site.text, site.span, site.zh
        floor = site.sentence.start if zh else site.clause_start
        anchor: _Anchor = site.sentence.anchors.get(kind.name)
        if not zh and text[floor - 1 : floor] == ":" and not text[floor : span.start].strip():
            floor = text.rfind("\n", 0, floor) + 1  # a label and its figure: "Users: 300 million"
        lo = self._back_zh(site) if zh else max(floor, span.start - _BEFORE_EN)
        before = text[lo : span.start]
        if anchor is not None and anchor[0] >= lo:
            gap = text[anchor[0] : span.start]
            # A number with its kind's own unit takes the noun across clauses (微软也有200万台),
            # and so does an English one across the commas of a list ("300 million users in
            # China, 50 million in Europe").
            unit = not zh or kind.elided_units_zh.match(text[span.end : span.end + 3]) is not None
            after_count = text[min(anchor[1], span.start) : span.start]
            if self._gap_ok(gap, zh, clauses=unit) or zh and self._parallel_zh(site, after_count):
                return _skip_space(text, min(anchor[1], span.start), ",，、")
        best = self._nearest_noun(self._anywhere[kind.noun_zh if zh else kind.noun_en], before, zh)
        if best is not None:
            best += lo
        if zh and kind.people_of_zh is not None:
            # The people who use something: 用互联网的人口已经超过了20亿. Searched in the text
            # itself, not in `before`: there the rule's lookbehind saw nothing before the slice
            # and took the 用 of 费用 at its start.
            for m in kind.people_of_zh.finditer(text, lo, span.start):
                if self._gap_ok(text[m.end() : span.start], zh) and (
                    best is None or m.start() > best
                ):
                    best = m.start()
        return best

    def _nearest_noun(self, pattern: re.Pattern[str], before: str, zh: bool) -> int | None:
        """Where in `before` the last match of `pattern` whose gap to the end of `before` is
        ok (_gap_ok) starts: the nearest noun wins. The matches are tried from the last one
        back and the first that passes ends the search: the gaps of the ones before it,
        longer and holding it, are not tested."""
        for m in reversed(list(pattern.finditer(before))):
            if self._gap_ok(before[m.end() :], zh):
                return m.start()
        return None

    def _back_zh(self, site: _Site) -> int:
        """Where _noun_before starts reading before a Chinese number."""
        return max(site.sentence.start, site.span.start - self._back_zh_reach)

    def _community(self, site: _Site, kind: KindRules) -> tuple[int, int] | None:
        """(start, end) of "our community now has [cue] NUMBER [people]" or "used by [cue] NUMBER
        people", or None."""
        text, span, zh, clause_start = site.text, site.span, site.zh, site.clause_start
        if zh or kind.community_en is None:
            return None
        _, cue_start, _ = self.qualifier(text, span, zh, clause_start)
        stop = min(cue_start, span.start)
        m = kind.community_en.search(text, max(clause_start, stop - _COMMUNITY_BEFORE), stop)
        if m is None:
            return None
        people = _OF_PEOPLE.match(text, span.end)
        if people:
            return m.start(), people.end()
        if _COMMUNITY.search(m.group()) is None:
            return None  # "used by 30 million" alone may count anything: "used by N people" counts
        return (m.start(), span.end) if self._bare(site, kind) else None

    def _parallel_zh(self, site: _Site, gap: str) -> bool:
        """Whether a number is the next item of a list after a count: "4G用户约400万，台湾大哥大
        约300万，远传约280万" (a short name and a cue between, the item ending at a comma)."""
        if not _LIST_END_ZH.match(site.text, site.span.end):
            return False
        cue = self.rules.cue_before_zh.search(gap)
        if cue is not None:
            gap = gap[: cue.start()]
        return self.rules.parallel_zh.match(gap) is not None and not self.rules.gap_block_zh.search(
            gap
        )

    def _compared(self, site: _Site, kind: KindRules) -> int | None:
        """Start of the cue of "COUNT, up from NUMBER" / "COUNT，去年同期为NUMBER": a bare number
        the speaker compares with the count just found counts the same thing."""
        text, span, zh = site.text, site.span, site.zh
        anchor = site.sentence.anchors.get(kind.name)
        if anchor is None or anchor[1] > span.start or not self._bare(site, kind):
            return None
        _, cue_start, _ = self.qualifier(text, span, zh, anchor[1])  # "…, up from about 3"
        gap = text[anchor[1] : min(cue_start, span.start)]
        if not (self.rules.comparison_zh if zh else self.rules.comparison_en).match(gap):
            return None
        return _skip_space(text, anchor[1], ",，")

    def _gap_ok(self, gap: str, zh: bool, clauses: bool = False) -> bool:
        """Whether a number after `gap` still belongs to the noun before it: the gap is short,
        holds no other count, and names nothing else the number could measure (收入, revenue);
        in Chinese it spans one short clause at most, any number when `clauses`; in English it
        holds no punctuation, commas allowed when `clauses`."""
        s = self.rules.settings
        gap = _PERCENT_IN_GAP.sub("", gap)  # "users grew 20% to 300 million"
        if _DIGIT.search(gap):
            return False
        if (self.rules.gap_block_zh if zh else self.rules.gap_block_en).search(gap):
            return False
        if zh:
            cue = self.rules.cue_before_zh.search(gap)
            if cue is not None:
                gap = gap[: cue.start()]  # the number's own cue: 已经超过
            if len(gap) > s["noun_gap_zh"]:
                return False
            parts = _GAP_COMMA.split(gap)
            if clauses or len(parts) == 1:
                return True
            # A second clause that only says when or how: 用户数量，现在已经超过80万
            last = self.rules.gap_adverbs_zh.sub("", parts[1])
            return len(parts) == 2 and len(last) <= 3
        if clauses:
            gap = _GAP_COMMA.sub(" ", gap)
        if _LABEL_GAP_EN.match(gap):
            return True  # a label: "Monthly active users: 1.2 billion"
        if _APPOSITION_GAP_EN.match(gap):
            return True  # "Active users, at 45 million, …", "The user base, which was 10 million"
        if _GAP_PUNCT_EN.search(gap):
            cue = self.rules.cue_before_en.search(gap)  # "were roughly, I'd say, 40 million"
            if cue is None or _GAP_PUNCT_EN.search(gap, 0, cue.start()):
                return False
            gap = gap[: cue.start()]
        return len(gap.split()) <= s["noun_gap_en"]

    # -- the stage ---------------------------------------------------------------------------

    def _folded(self, text: str) -> str:
        """fold_chars(text), folded once for all the sections of a text (the last one)."""
        last = self._last_folded  # one read and one write: threads may share an Extractor
        if last[0] is not text:
            last = (text, fold_chars(text))
            self._last_folded = last
        return last[1]

    def cue_index(self, text: str) -> _CueIndex | None:
        """The count cues of the whole `text`, for `find` to test the sentences of each of
        its sections against (None when the rules give no cues)."""
        return self._cues.index(text, 0, len(text)) if self._cues is not None else None

    def find(
        self, text: str, start: int = 0, end: int | None = None, cues: _CueIndex | None = None
    ) -> list[Metric]:
        """Metrics in text[start:end], with offsets into `text`; `cues`, from `cue_index`
        of the same text, saves finding the cues again for each section."""
        end = len(text) if end is None else end
        folded = self._folded(text)
        counts = True  # whether a sentence of the span may hold a count
        if self._cues is not None:
            if cues is None or cues.text is not text:
                # What a count reads before the span's first number is in the index too.
                cues = self._cues.index(text, max(0, start - _BACK_EN), end + _REACH)
            counts = self._cues.may_count(cues, start, end)
            if not counts and not may_hold_share_in(folded, start, end):
                # No sentence of the span may hold a count or a share (may_hold_share
                # holds for a text when it holds for a sentence of it): none is cut or
                # scanned.
                return []
        spans = _join_points(text, sentences.split(text, start, end))
        if cues is not None and self._cues is not None:
            # Only a percentage or a count makes a metric: scan only the sentences that may
            # hold one (the others give nothing either way). The sentences no count cue
            # reaches are tested for a share one by one, not the span first: in a span that
            # may hold a count the test of the span read the text of the count's sentences
            # too, and the text of the others twice when it held.
            # Where no sentence may hold a count (may_count), keep would drop every one.
            keep = self._cues.keep(cues, spans) if counts else [False] * len(spans)
            kept = []
            for (s, e), count in zip(spans, keep, strict=True):
                if count or may_hold_share_in(folded, s, e):
                    kept.append((s, e))
            spans = kept
        out: list[Metric] = []
        found = find_numbers_in(text, spans, folded)
        for (s_start, s_end), numbers in zip(spans, found, strict=True):
            if numbers:
                out.extend(self._sentence(_Sentence(text, s_start, s_end, cues=cues), numbers))
        return out

    def _sentence(self, sentence: _Sentence, numbers: list[NumberSpan]) -> list[Metric]:
        out: list[Metric] = []
        text = sentence.text
        pending: list[_Site] = []  # numbers since the last metric that counted nothing
        # The clause marks of the sentence are found once: a sentence may hold thousands of
        # numbers (a table on one line), and each looking for its clause from the sentence's
        # start made it quadratic.
        marks = [m.end() for m in _CLAUSE_END.finditer(text, sentence.start, sentence.end)]
        for span in numbers:
            clause_start = _clause_start(marks, sentence.start, span.start)
            zh = _is_chinese_context(text, span.start, span.end)
            site = _Site(sentence, text, span, zh, clause_start)
            metric = self._percentage(site)
            if metric is None:
                # A number no count shape can take (no cue near) joins the pending ones
                # untested: whether it is blocked (a date, money: no count, nor an item of
                # a list) is asked of those only when a list is read, not of every number.
                if not self._near_cue(site):
                    pending.append(site)
                    continue
                if self._blocked(site):
                    continue
                metric = self._count(site)
                if metric is None:
                    pending.append(site)
                    continue
            if pending and (metric.rule or "").endswith(":number-noun"):
                items = [p for p in pending if not self._blocked(p)]
                out.extend(self._list_ahead(site, metric, items))
            out.append(metric)
            pending = []
        return out

    def _near_cue(self, site: _Site) -> bool:
        """False when no count shape can take the number at `site`: no count before it in
        the sentence, and no kind noun, people word or community phrase (found once for the
        text, _CueIndex) where a shape reads: the noun after it or before it, the people
        after it, the community phrase before its cue. (A cue found overlaps every one it
        hides, so overlapping is what is tested.)

        A Chinese number's phrase of the people who use something (people_of_zh) is looked
        for as _noun_before looks for it, between where it starts reading and the number:
        the phrase must end before the number there, which the index of the whole text
        cannot stand for."""
        cues = site.sentence.cues
        if cues is None or cues.odd or site.sentence.anchors:
            return True
        start, end = site.span.start, site.span.end
        if site.zh and self._back_zh_reach > _BACK_EN:
            return True  # _noun_before reads further back than the index reaches
        if (
            cues.found.first_overlap(start - _BACK_EN, end + _REACH) is not None
            or cues.people().first_overlap(end, end + _AFTER_PEOPLE) is not None
        ):
            return True
        if not site.zh:
            return cues.community_spans().first_overlap(start - _BACK_EN, start) is not None
        lo = self._back_zh(site)
        return any(
            k.people_of_zh is not None and k.people_of_zh.search(site.text, lo, start)
            for k in self.rules.kinds
        )

    def _list_ahead(self, site: _Site, metric: Metric, pending: list[_Site]) -> list[Metric]:
        """The earlier items of a list whose noun comes after its last count: "Akamai fields
        127,000, and Rackspace has 100,000 servers", "谷歌有90万台，微软有100万台服务器". Each
        item is a name (and a verb) and a number of the same order as the count's."""
        r, text, zh = self.rules, site.text, site.zh
        kind = next(k for k in r.kinds if k.name == metric.kind)
        joiner, opener = (
            (r.list_joiner_zh, r.list_opener_zh) if zh else (r.list_joiner_en, r.list_opener_en)
        )
        items: list[tuple[_Site, str, int, int]] = []
        next_start = metric.start
        for p in reversed(pending):
            if p.zh != zh or not 0.1 <= p.span.value / site.span.value <= 10:
                break
            if not zh and r.age_before_en.search(text, max(0, p.span.start - 20), p.span.start):
                break  # "users aged 45, and …": an age
            end = p.span.end
            if zh and (measure := kind.measure_zh.match(text[end : end + 3])):
                end += measure.end()
            gap = text[end:next_start]
            if not joiner.match(gap) or zh and r.gap_block_zh.search(gap):
                break
            q, cs, ce = self.qualifier(text, p.span, zh, p.clause_start)
            items.append((p, q, min(cs, p.span.start), max(ce, end)))
            next_start = min(cs, p.span.start)
        if items:
            first, _, first_start, _ = items[-1]
            before = text[first.clause_start : first_start]
            if not opener.search(before) or zh and r.gap_block_zh.search(before):
                return []  # the first item opens no list: none of them counts
        out = []
        for p, q, lo, hi in reversed(items):
            out.append(
                Metric(
                    kind=kind.name,
                    value=p.span.value,
                    low=p.span.low,
                    high=p.span.high,
                    qualifier=q,
                    surface=text[lo:hi],
                    sentence=sentences.window(text, site.sentence.start, site.sentence.end, lo, hi),
                    start=lo,
                    end=hi,
                    rule=f"{kind.name}:list-ahead",
                )
            )
        return out

    def _percentage(self, site: _Site) -> Metric | None:
        text, span, zh = site.text, site.span, site.zh
        if span.vague:
            return None
        if span.is_percent and span.kind == "percent":
            # Percentage points (增长3个百分点) are a change, and 七折 a price: neither is a share.
            value, low, high = span.value, span.low, span.high
        elif span.kind in ("fraction", "half"):
            if "/" in span.text and span.value >= 1:
                return None  # 11/11, 6/6: a date or a score; a share is written below one
            value = span.value * 100
            low = span.low * 100 if span.low is not None else None
            high = span.high * 100 if span.high is not None else None
        else:
            return None
        q, cs, ce = self.qualifier(text, span, zh, site.clause_start)
        lo, hi = min(cs, span.start), max(ce, span.end)
        return Metric(
            kind="percentage",
            value=value,
            low=low,
            high=high,
            qualifier=q,
            surface=text[lo:hi],
            sentence=sentences.window(text, site.sentence.start, site.sentence.end, lo, hi),
            start=lo,
            end=hi,
            rule=f"percentage:{span.kind}",
        )

    def _count(self, site: _Site) -> Metric | None:
        text, span, zh = site.text, site.span, site.zh
        for kind in self.rules.kinds:
            shape, lo, hi = None, span.start, span.end
            noun_end = self._noun_after(site, kind)
            if noun_end is not None:
                shape, hi = "number-noun", noun_end
            else:
                people = kind.people_use_zh if zh else kind.people_use_en
                rest = text[span.end : span.end + _AFTER_PEOPLE]
                m = people.match(rest) if people else None
                if m:
                    shape, hi = "people-use", span.end + m.end()
                elif (c := self._community(site, kind)) is not None:
                    shape, lo, hi = "community", c[0], c[1]
                else:
                    noun_start = self._noun_before(site, kind)
                    if noun_start is not None and not self._age(site):
                        shape, lo = "noun-number", noun_start
                    else:
                        cue_start = self._compared(site, kind)
                        if cue_start is not None:
                            shape, lo = "comparison", cue_start
            if shape is None:
                continue
            surface = text[lo:hi]
            if any(p.search(surface) for p in kind.exclude):
                continue
            q, cs, ce = self.qualifier(text, span, zh, site.clause_start)
            lo, hi = min(lo, cs), max(hi, ce)
            unit = kind.units_after_zh.match(text[hi : hi + 2])
            if unit and shape == "noun-number":
                hi += unit.end()
            site.sentence.anchors[kind.name] = (span.end, hi)
            return Metric(
                kind=kind.name,
                value=span.value,
                low=span.low,
                high=span.high,
                qualifier=q,
                surface=text[lo:hi],
                sentence=sentences.window(text, site.sentence.start, site.sentence.end, lo, hi),
                start=lo,
                end=hi,
                rule=f"{kind.name}:{shape}",
            )
        return None


def run(doc: Document, extractor: Extractor | None = None) -> Document:
    """Fill `doc.metrics` from the document's body sections (headings are not mined)."""
    extractor = extractor or Extractor()
    metrics: list[Metric] = []
    cues = extractor.cue_index(doc.text) if doc.sections else None
    for section in doc.sections:
        if section.kind == "heading":
            continue
        for metric in extractor.find(doc.text, section.start, section.end, cues):
            metric.speaker = section.speaker
            metric.section_id = section.section_id
            metrics.append(metric)
    doc.metrics = metrics
    return doc
