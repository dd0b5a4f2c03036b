"""A regex with a look-ahead on the characters its matches can start with: the same matches,
found faster by `search`.

`re` tries a pattern at every offset of the text. When the pattern opens with a word
boundary, an inline flag group or an alternation of many words, nothing lets it skip an
offset: it enters every alternative there. A look-ahead on a class of the possible first
characters, `(?=[...])`, fails at most offsets in one step and changes no match (it consumes
nothing, captures nothing and holds at every offset where a match starts). This is what
metadata's and furniture's hand-written first-character look-aheads do; `with_lookahead`
computes the class from the pattern itself, so a pattern kept as data (attribution cues)
gets it too. A pattern whose first character cannot be bounded (`.`, a negated class, a
category such as `\\w`, a pattern that can match the empty string), or one for which re
finds a literal prefix or first-character set itself (and skips to it faster than any
look-ahead), is returned as it is.

Where every way into a pattern opens with a word boundary, `boundary=True` puts the `\\b`
in the look-ahead too: it pays for a class of common lower-case letters (most offsets are
inside words) and costs for a class of capitals alone, so callers choose. `Leftmost`
searches several patterns as their alternation would, each with the look-ahead that suits
it (the attribution cues of each language), and skips a pattern whose first characters the
text does not hold at all.
"""

from __future__ import annotations

import importlib
import re
import sys
from collections.abc import Sequence
from typing import Any

# re's own parser, compiler and opcodes (private modules with no type stubs, hence Any).
_parser: Any = importlib.import_module("re._parser")
_compiler: Any = importlib.import_module("re._compiler")
C: Any = importlib.import_module("re._constants")

__all__ = [
    "CASE_ODD",
    "CASE_ODD_CHARS",
    "Anchored",
    "Leftmost",
    "first_char_gate",
    "first_chars",
    "has_case_odd",
    "required_literals",
    "with_lookahead",
]

# A first-character item: (class item as regex text, whether it matches case-insensitively,
# whether a word boundary \\b holds right before it, at the match's start).
_Item = tuple[str, bool, bool]
# Inline flags a group may set that the look-ahead can follow (anything else: no look-ahead).
_CASE_ONLY = C.SRE_FLAG_IGNORECASE


class _Unbounded(Exception):
    """The pattern's first character is not from a known finite set of classes."""


def _esc(code: int) -> str:
    return re.escape(chr(code))  # (escapes - ] [ ^ \\, the characters a class reads)


def _first(seq: Any, ic: bool, bound: bool = False) -> tuple[set[_Item], bool]:
    """First-character items of a sequence of parsed ops, and whether it can match empty.
    `bound`: a \\b stood before the sequence, consuming nothing."""
    items: set[_Item] = set()
    for op, av in seq:
        if op is C.AT and av is C.AT_BOUNDARY:
            bound = True  # what follows without consuming starts at a word boundary
            continue
        found, nullable = _first_op(op, av, ic, bound)
        items |= found
        if not nullable:
            return items, False
    return items, True


def _first_op(op: Any, av: Any, ic: bool, bound: bool) -> tuple[set[_Item], bool]:
    if op is C.LITERAL:
        return {(_esc(av), ic, bound)}, False
    if op is C.IN:
        items: set[_Item] = set()
        for kind, value in av:
            if kind is C.LITERAL:
                items.add((_esc(value), ic, bound))
            elif kind is C.RANGE:
                low, high = value
                items.add((f"{_esc(low)}-{_esc(high)}", ic, bound))
            else:  # NEGATE, CATEGORY (\\w, \\d, \\s): not a finite class written out here
                raise _Unbounded
        return items, False
    if op is C.SUBPATTERN:
        _group, add, delete, sub = av
        if (add | delete) & ~_CASE_ONLY:
            raise _Unbounded
        inner = (ic or bool(add & _CASE_ONLY)) and not delete & _CASE_ONLY
        return _first(sub, inner, bound)
    if op is C.ATOMIC_GROUP:
        return _first(av, ic, bound)
    if op is C.BRANCH:
        items, nullable = set(), False
        for alternative in av[1]:
            found, empty = _first(alternative, ic, bound)
            items |= found
            nullable = nullable or empty
        return items, nullable
    if op in (C.MAX_REPEAT, C.MIN_REPEAT, C.POSSESSIVE_REPEAT):
        low, _high, sub = av
        found, empty = _first(sub, ic, bound)
        return found, empty or low == 0
    if op is C.ASSERT_NOT and not len(av[1]):
        return set(), False  # (?!): never matches, so it starts with nothing
    if op in (C.AT, C.ASSERT, C.ASSERT_NOT):
        # Other anchors and look-arounds consume nothing: the first character comes after
        # them (ignoring what they demand only widens the class).
        return set(), True
    raise _Unbounded  # ANY, NOT_LITERAL, GROUPREF, conditionals, ...


def _items(pattern: str, flags: int) -> set[_Item] | None:
    """The first-character items of `pattern`, or None when they cannot be bounded."""
    try:
        items, nullable = _first(_parser.parse(pattern, flags), bool(flags & re.IGNORECASE))
    except (_Unbounded, re.error):
        return None
    if nullable or not items:
        return None  # an empty match starts anywhere
    return items


def _has_own_prefix(parsed: Any, flags: int) -> bool:
    """Whether re itself skips to a literal prefix or a first-character set of the pattern
    (re._compiler._compile_info): a look-ahead would only take that away."""
    try:
        if parsed.getwidth()[0] == 0:
            return False
        prefix = _compiler._get_literal_prefix(parsed, flags)[0]
        return bool(prefix) or _compiler._get_charset_prefix(parsed, flags) is not None
    except Exception:  # another Python's private API: decide without it
        return False


def first_chars(pattern: str, flags: int = 0, boundary: bool = False) -> str | None:
    """A regex that matches every character a match of `pattern` can start with (at least),
    or None when there is no such bound. With `boundary`, when every way into the pattern
    opens with a word boundary, the regex demands it too, before one class of all the first
    characters (case-insensitive when any of them is, which only widens it).

    >>> first_chars(r"\\b(?:said|says|told)\\b")
    '(?-i:[st])'
    >>> first_chars(r"\\b(?:said|(?i:told))\\b", boundary=True)
    '\\\\b(?i:[st])'
    >>> first_chars(r"(?i:according to)|据[^，]{0,15}?了解")
    '(?i:[a])|(?-i:[据])'
    >>> first_chars(r"\\w+ said") is None
    True
    """
    items = _items(pattern, flags)
    if items is None:
        return None
    if boundary and all(bound for _, _, bound in items):
        members = "".join(sorted({text for text, _, _ in items}))
        case = "i" if any(ic for _, ic, _ in items) else "-i"
        return f"\\b(?{case}:[{members}])"
    parts = []
    for ic in (True, False):
        members = "".join(sorted({text for text, case, _ in items if case is ic}))
        if members:
            parts.append(f"(?{'i' if ic else '-i'}:[{members}])")
    return "|".join(parts)


def with_lookahead(pattern: str, flags: int = 0, boundary: bool = False) -> re.Pattern[str]:
    """`pattern` compiled with `flags`, behind a look-ahead on its first characters when they
    can be bounded (see the module docstring): the same matches, groups and spans.
    `boundary`: see first_chars (it pays where the first characters are common letters,
    which stand inside words far more often than at their start).

    >>> with_lookahead(r"\\bsaid\\b").pattern
    '(?=(?-i:[s]))(?:\\\\bsaid\\\\b)'
    >>> with_lookahead("据悉").pattern  # re finds the literal prefix itself
    '据悉'
    """
    first = first_chars(pattern, flags, boundary)
    if first is None or _has_own_prefix(_parser.parse(pattern, flags), flags):
        return re.compile(pattern, flags)
    try:
        return re.compile(f"(?={first})(?:{pattern})", flags)
    except re.error:  # e.g. a global inline flag that must open the pattern
        return re.compile(pattern, flags)


# Characters other than an ASCII letter's other case that re.IGNORECASE matches to it.
_CASE_ODD_OF = {"i": "\u0130\u0131", "s": "\u017f", "k": "\u212a"}


def first_char_gate(pattern: str, flags: int = 0) -> re.Pattern[str] | None:
    """A class of every character a match of `pattern` can start with, its case-insensitive
    letters written out in every case re.IGNORECASE matches (K, ſ, İ, ı too): a span that
    holds none of them holds no match, which one pass of a class in C finds out. None when
    the first characters cannot be bounded, when re skips to a prefix of the pattern itself
    (it is as fast), or when a case-insensitive one is no ASCII character.

    >>> first_char_gate(r"(?i:of\\s+)?(?i:people|teens)\\s+use").pattern
    '[OPTopt]'
    >>> first_char_gate("用户|服务器") is None  # re finds the first characters itself
    True
    """
    items = _items(pattern, flags)
    if items is None or _has_own_prefix(_parser.parse(pattern, flags), flags):
        return None
    members: set[str] = set()
    for text, ic, _bound in items:
        ch = text[1:] if text.startswith("\\") else text  # _esc: a character, escaped
        if len(ch) != 1:  # a range
            if ic:
                return None
            members.add(text)
        elif ic and ch.lower() != ch.upper():
            if not ch.isascii():
                return None
            low = ch.lower()
            members |= {re.escape(c) for c in low + low.upper() + _CASE_ODD_OF.get(low, "")}
        else:
            members.add(text)
    return re.compile("[" + "".join(sorted(members)) + "]")


class Leftmost:
    """Several patterns searched as their alternation `P1|P2|...` is: the leftmost match, the
    first pattern's where two start at one offset. Its span is the alternation's; its groups
    are its own pattern's.

    Each pattern is searched behind its own look-ahead (with_lookahead), so each can have the
    fastest one (a leading word boundary in one, Han characters in another); and a pattern
    whose first characters are all case-sensitive is not searched at all in a text that holds
    none of them, which one pass of a character class finds out (re skips through a pattern
    that is a class in C). `pattern` is the alternation, for messages.

    >>> either = Leftmost([r"据悉", r"\\b[Aa]ccording to\\b"], boundary=True)
    >>> either.search("He spoke. According to data, 据悉 ...").start()
    10
    >>> either.search("Nothing here") is None
    True
    """

    def __init__(self, patterns: Sequence[str], flags: int = 0, boundary: bool = False):
        self.pattern = "|".join(patterns)
        self._parts: list[tuple[re.Pattern[str] | None, re.Pattern[str]]] = []
        for pattern in patterns:
            items = _items(pattern, flags)
            gate = None
            if items is not None and not any(ic for _, ic, _ in items):
                gate = re.compile("[" + "".join(sorted({text for text, _, _ in items})) + "]")
            self._parts.append((gate, with_lookahead(pattern, flags, boundary)))

    def search(self, text: str, pos: int = 0, endpos: int = sys.maxsize) -> re.Match[str] | None:
        """The leftmost match in text[pos:endpos], as `re.Pattern.search`."""
        best: re.Match[str] | None = None
        for gate, part in self._parts:
            if gate is not None and gate.search(text, pos, endpos) is None:
                continue  # none of the characters its matches start with
            m = part.search(text, pos, endpos)
            if m is not None and (best is None or m.start() < best.start()):
                best = m
        return best


# --- literals every match holds ------------------------------------------------------------

# A literal, and whether it is looked for in lower-cased text (it came from a case-insensitive
# part of the pattern).
_Lit = tuple[str, bool]
# Most strings a run of fixed pieces (于|在)(用|使用) is written out as.
_MAX_LITERALS = 64
# Characters that re.IGNORECASE matches to an ASCII letter (İ ı ſ K), or that lower() turns
# into two characters (İ): where one stands, lower-cased text does not stand for the pattern's
# case-insensitive letters (the only ones with another case in Python are these four).
CASE_ODD_CHARS = "\u0130\u0131\u017f\u212a"
CASE_ODD = re.compile(f"[{CASE_ODD_CHARS}]")
# A width at least this large is unbounded (re's getwidth caps at MAXREPEAT - 1).
_UNBOUNDED = 1 << 20


def _lit_char(code: int, ic: bool) -> _Lit | None:
    ch = chr(code)
    if ic and ch.lower() != ch.upper():
        return (ch.lower(), True) if ch.isascii() else None
    return ch, False


def _join(a: _Lit, b: _Lit) -> _Lit | None:
    text, low = a[0] + b[0], a[1] or b[1]
    if low:
        if any(len(c.lower()) != 1 for c in text):
            return None
        text = text.lower()
    return text, low


def _exact_seq(seq: Any, ic: bool) -> set[_Lit] | None:
    """The strings a sequence of parsed ops matches, when they are a few fixed ones (its
    zero-width assertions count as ""), else None."""
    out: set[_Lit] = {("", False)}
    for op, av in seq:
        found = _exact_op(op, av, ic)
        if found is None:
            return None
        joined = {_join(a, b) for a in out for b in found}
        if None in joined or len(joined) > _MAX_LITERALS:
            return None
        out = {j for j in joined if j is not None}
    return out


def _exact_op(op: Any, av: Any, ic: bool) -> set[_Lit] | None:
    if op is C.LITERAL:
        lit = _lit_char(av, ic)
        return {lit} if lit is not None else None
    if op in (C.AT, C.ASSERT, C.ASSERT_NOT):
        return {("", False)}  # consumes nothing
    if op is C.SUBPATTERN:
        _group, add, delete, sub = av
        if (add | delete) & ~_CASE_ONLY:
            return None
        return _exact_seq(sub, (ic or bool(add & _CASE_ONLY)) and not delete & _CASE_ONLY)
    if op is C.ATOMIC_GROUP:
        return _exact_seq(av, ic)
    if op is C.BRANCH:
        out: set[_Lit] = set()
        for alternative in av[1]:
            found = _exact_seq(alternative, ic)
            if found is None:
                return None
            out |= found
        return out if len(out) <= _MAX_LITERALS else None
    return None


def _score(lits: set[_Lit], reach: int) -> tuple[int, int]:
    return min(len(t) for t, _ in lits), -reach


def _required_seq(seq: Any, ic: bool) -> tuple[set[_Lit], int] | None:
    """Literals one of which every match of a sequence of parsed ops holds, starting at most
    `reach` characters after the match's start: (literals, reach), or None. Of the choices,
    the one whose shortest literal is longest (the rarest, as a rule)."""
    best: tuple[set[_Lit], int] | None = None
    prefix = 0  # the widest the ops before the current one can be
    run: set[_Lit] | None = None  # the fixed strings of the run of fixed ops so far
    run_at = 0  # where that run starts, at the latest
    for op, av in seq:
        found = _exact_op(op, av, ic)
        choice: tuple[set[_Lit], int] | None = None
        if found is not None:
            joined = {_join(a, b) for a in run for b in found} if run is not None else set(found)
            if run is None or None in joined or len(joined) > _MAX_LITERALS:
                run, run_at = set(found), prefix
            else:
                run = {j for j in joined if j is not None}
            choice = (run, run_at)
        else:
            run = None
            inner = _required_op(op, av, ic)
            if inner is not None:
                choice = (inner[0], prefix + inner[1])
        if (
            choice is not None
            and all(t for t, _ in choice[0])
            and (best is None or _score(*choice) > _score(*best))
        ):
            best = choice
        prefix += _parser.SubPattern(seq.state, [(op, av)]).getwidth()[1]
        if prefix >= _UNBOUNDED:
            break  # nothing after this op starts a bounded distance from the match's start
    return best


def _required_op(op: Any, av: Any, ic: bool) -> tuple[set[_Lit], int] | None:
    if op is C.SUBPATTERN:
        _group, add, delete, sub = av
        if (add | delete) & ~_CASE_ONLY:
            return None
        return _required_seq(sub, (ic or bool(add & _CASE_ONLY)) and not delete & _CASE_ONLY)
    if op is C.ATOMIC_GROUP:
        return _required_seq(av, ic)
    if op is C.BRANCH:
        lits: set[_Lit] = set()
        reach = 0
        for alternative in av[1]:
            found = _required_seq(alternative, ic)
            if found is None:
                return None
            lits |= found[0]
            reach = max(reach, found[1])
        return lits, reach
    if op in (C.MAX_REPEAT, C.MIN_REPEAT, C.POSSESSIVE_REPEAT) and av[0] >= 1:
        return _required_seq(av[2], ic)  # the first time round starts where the op does
    return None


def required_literals(pattern: str, flags: int = 0) -> tuple[set[_Lit], int] | None:
    """Literals one of which every match of `pattern` holds, starting at most `reach`
    characters after the match's start: (literals, reach), each literal with whether it is
    looked for in lower-cased text; None when there is no such bound.

    >>> lits, reach = required_literals(r"(?:使用|用)[^的]{0,8}的(?:人口|人)")
    >>> sorted(lits), reach
    ([('的人', False)], 10)
    >>> sorted(required_literals(r"\\b(?:our\\s+community|used\\s+by)", re.I)[0])
    [('our', True), ('used', True)]
    >>> required_literals(r"\\w+ said") is None
    True
    """
    try:
        parsed = _parser.parse(pattern, flags)
    except re.error:
        return None
    found = _required_seq(parsed, bool(flags & re.IGNORECASE))
    if found is None or found[1] >= _UNBOUNDED:
        return None
    return found


def has_case_odd(text: str, start: int = 0, stop: int | None = None) -> bool:
    """Whether a CASE_ODD character stands in text[start:stop] (CASE_ODD.search), found by
    `str.find` for each of the four: re tests every character against the class, some 5 ns
    a character on a page of Latin text, while `find` skips ahead to the character sought
    (on an English page of 24,000 characters: 122 µs against 3 µs).

    >>> has_case_odd("TAKSİM", 0, 4), has_case_odd("TAKSİM")
    (False, True)
    """
    stop = len(text) if stop is None else stop
    return any(text.find(c, start, stop) >= 0 for c in CASE_ODD_CHARS)


class Anchored:
    """A compiled regex whose matches (`finditer`'s, as spans) are found from the literals
    every match holds (required_literals): the text is searched for them, which `str.find`
    does far faster than `re` tries the pattern at every offset, and the pattern is tried
    only at the offsets a literal found lies at most `reach` after. A match starts at one of
    those offsets, so the spans are finditer's: tried in order, each after the last match.

    >>> who = Anchored(re.compile(r"(?:使用|用)[^的，]{1,8}的人(?:口|数)?"))
    >>> who.spans("用微信的人超过10亿，使用支付的人口")
    [(0, 5), (11, 18)]
    """

    def __init__(self, pattern: re.Pattern[str]):
        self.pattern = pattern
        found = required_literals(pattern.pattern, pattern.flags)
        self._lits = sorted(found[0]) if found is not None else None
        self._reach = found[1] if found is not None else 0
        self._lower = any(low for _, low in self._lits or ())

    def spans(
        self, text: str, start: int = 0, stop: int | None = None, low: str | None = None
    ) -> list[tuple[int, int]]:
        """[m.span() for m in pattern.finditer(text, start, stop)]; `low` may bring
        text[start:stop].lower() when the caller has it."""
        stop = len(text) if stop is None else min(stop, len(text))
        if self._lits is None or self._lower and has_case_odd(text, start, stop):
            return [m.span() for m in self.pattern.finditer(text, start, stop)]
        if self._lower and low is None:
            low = text[start:stop].lower()
        reach = self._reach
        offsets: set[int] = set()
        for lit, lowered in self._lits:
            hay, shift = (low or "", start) if lowered else (text, 0)
            i = hay.find(lit, start - shift, stop - shift)
            while i >= 0:
                at = i + shift
                if reach:
                    offsets.update(range(max(start, at - reach), at + 1))
                else:
                    offsets.add(at)
                i = hay.find(lit, i + 1, stop - shift)
        out: list[tuple[int, int]] = []
        pos = start
        for at in sorted(offsets):
            if at < pos:
                continue
            m = self.pattern.match(text, at, stop)
            if m is not None:
                out.append(m.span())
                pos = m.end()
        return out
