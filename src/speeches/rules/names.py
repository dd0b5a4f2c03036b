"""Whether a phrase the rules found is a name, for names the subject registry lacks.

A Chinese clause's opening phrase (speeches.rules.subjects._ZH_HEAD) is taken for the subject
of the count after it (AI导诊已接入近300家医院). Some such phrases are no name but a time or a
frequency (上季月均付费用户, 每日交易量). jieba's dictionary says which words those are: its
part-of-speech tags (ICTCLAS), of which rules/postags.txt keeps the few these rules ask about
(scripts/make_postags.py): time words (t), pronouns (r), localities (f), organisations (nt)
and other proper nouns (nz). The organisation a Chinese page names most is what the page is
about when no registry name says. In English, a person the page quotes is no count's subject.
"""

from __future__ import annotations

import functools
from collections import Counter
from collections.abc import Iterable
from importlib import resources
from typing import Final

# Tags of words no name opens with.
_NOT_OPENING = frozenset({"t", "r", "f"})
# Tags of the words that name an organisation or a product (not a person: nr).
_ORGANISATION: Final = frozenset({"nt", "nz"})
# The longest word looked up.
_LONGEST = 8
# How often a page must name an organisation, and by how much more than any other, to be about it.
_PAGE_MIN = 3
# The page scan reads the runs of two Han characters or more ([\u4e00-\u9fff]{2,}) by their code
# points: a match object for each run cost more than reading it.
_HAN_FIRST: Final = 0x4E00
_HAN_LAST: Final = 0x9FFF
# The bits of the filter of the first two characters of words (_pairs): 2**21, 256 kB. (Final:
# mypyc writes constants into the page scan, not a module lookup at every character.)
_PAIR_BITS: Final = 1 << 21
_PAIR_MASK: Final = _PAIR_BITS - 1
_PAIR_FACTOR: Final = 2053


@functools.cache
def lexicon() -> dict[str, str]:
    """{word: tag} of rules/postags.txt."""
    text = resources.files("speeches").joinpath("rules", "postags.txt").read_text("utf-8")
    out: dict[str, str] = {}
    for line in text.splitlines():
        if line and not line.startswith("#"):
            tag, _, words = line.partition("\t")
            out.update(dict.fromkeys(words.split(), tag))
    return out


@functools.cache
def _sizes() -> dict[str, tuple[int, ...]]:
    """{first two characters: the lengths, _LONGEST at most, of the lexicon's words starting with
    them, longest first} (every word has two characters or more)."""
    sizes: dict[str, set[int]] = {}
    for word in lexicon():
        if 1 < len(word) <= _LONGEST:
            sizes.setdefault(word[:2], set()).add(len(word))
    return {first: tuple(sorted(found, reverse=True)) for first, found in sizes.items()}


def _pair_slot(first: int, second: int) -> int:
    """The filter bit of a word's first two characters (code points)."""
    return (first * _PAIR_FACTOR + second) & _PAIR_MASK


@functools.cache
def _pairs() -> bytes:
    """A filter of the lexicon's first two characters of words (the keys of _sizes): the bit
    _pair_slot(...) is set for each, so a pair whose bit is clear opens no word. Of a page's
    places about one in eight opens a word: the filter, read without making a string, spares
    the others a two-character string and a dict lookup (a pair of no word may share a bit
    with one; the dict lookup decides)."""
    table = bytearray(_PAIR_BITS // 8)
    for key in _sizes():
        slot = _pair_slot(ord(key[0]), ord(key[1]))
        table[slot >> 3] |= 1 << (slot & 7)
    return bytes(table)


def _word_at(text: str, pos: int, end: int) -> tuple[str, str] | None:
    """The longest word of the lexicon at text[pos:end], with its tag (only the lengths some
    word starting with text[pos:pos + 2] has are looked up)."""
    words = lexicon()
    for size in _sizes().get(text[pos : pos + 2], ()):
        if pos + size <= end:
            tag = words.get(text[pos : pos + size])
            if tag is not None:
                return text[pos : pos + size], tag
    return None


def names_something(phrase: str) -> bool:
    """Whether a Chinese clause's opening phrase can be a name: it opens with no time word,
    pronoun or locality (the longest word of jieba's dictionary there), unless it is itself
    an organisation's name. (A name opening with a time word that the dictionary lacks,
    现代汽车, is taken for none.)

    >>> [names_something(p) for p in ("AI导诊", "手机管家", "乘车码", "中华电信")]
    [True, True, True, True]
    >>> [names_something(p) for p in ("上季月均", "每日", "去年行动上网")]
    [False, False, False]
    """
    found = _word_at(phrase, 0, len(phrase))
    return found is None or found[1] not in _NOT_OPENING


def page_name(text: str, not_names: Iterable[str] = ()) -> str | None:
    """The organisation or proper noun a Chinese page names most (jieba's nt and nz words, the
    longest at each place), when at least _PAGE_MIN times and more than twice any other: what
    a page whose registry names say nothing is about (八达通 throughout a page on Octopus).

    >>> page_name("八达通表示，八达通会推出新服务。港铁持有八达通。八达通用户逾300万。")
    '八达通'
    >>> page_name("八达通表示，港铁会推出新服务。") is None
    True
    """
    skip = set(not_names)
    counts: Counter[str] = Counter()
    words, sizes, pairs = lexicon(), _sizes(), _pairs()
    length, end = len(text), 0
    while end < length:
        # the next run of Han characters: text[pos:end]
        code = ord(text[end])
        end += 1
        if code < _HAN_FIRST or code > _HAN_LAST:
            continue
        pos = end - 1
        while end < length and _HAN_FIRST <= ord(text[end]) <= _HAN_LAST:
            end += 1
        while pos < end - 1:  # _word_at(text, pos, end), inline: this loop visits every character
            step = 1
            slot = (ord(text[pos]) * _PAIR_FACTOR + ord(text[pos + 1])) & _PAIR_MASK  # _pair_slot
            if not pairs[slot >> 3] >> (slot & 7) & 1:
                pos += 1  # no word opens here
                continue
            for size in sizes.get(text[pos : pos + 2], ()):
                if pos + size <= end:
                    word = text[pos : pos + size]
                    tag = words.get(word)
                    if tag is not None:
                        if tag in _ORGANISATION and word not in skip:
                            counts[word] += 1
                        step = size
                        break
            pos += step
    ranked = counts.most_common(2)
    if not ranked or ranked[0][1] < _PAGE_MIN:
        return None
    if len(ranked) > 1 and ranked[0][1] <= 2 * ranked[1][1]:
        return None
    return ranked[0][0]


def is_person(name: str, people: Iterable[str]) -> bool:
    """Whether `name` is one of `people` (the page's speakers), whole or by a word of theirs
    that is all of it (Koum of Jan Koum).

    >>> is_person("Jan Koum", ["Jan Koum"]), is_person("Koum", ["Jan Koum"])
    (True, True)
    >>> is_person("WhatsApp", ["Jan Koum"]), is_person("马化腾", ["马化腾"])
    (False, True)
    """
    folded = name.casefold().strip()
    for person in people:
        whole = person.casefold().strip()
        if folded == whole or (" " in whole and folded in whole.split()):
            return True
    return False
