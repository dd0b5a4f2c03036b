"""Whether a phrase the rules found is a name at all, for names the subject registry lacks.

A Chinese clause's opening phrase (speeches.rules.subjects._ZH_HEAD) is taken for the subject
of the count after it (AI导诊已接入近300家医院). Many such phrases are no name: a time or
frequency (上季月均付费用户, 每日交易量), or a verb phrase (移动端月活用户). jieba's part-of-speech
tags, through rjieba (jieba-rs, with jieba's own dictionary and tag set), say which: a name
opens with no time word (t), locality (f) or pronoun (r), and holds a nominal word (n, nz, nt,
eng, ...). English names: a person the page quotes is no subject of a count.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable
from types import ModuleType

# jieba's tags (its dict.txt, ICTCLAS set) of words no name opens with: time words (去年, 本季),
# localities (上, 内), pronouns (每日, 这些), numerals (三季).
_NOT_OPENING = frozenset({"t", "tg", "f", "r", "rr", "rz", "m", "mq", "q", "d", "p", "c", "u"})
# Tags of the nominal words a name holds at least one of: nouns, proper nouns, abbreviations
# (j), Latin words (eng).
_NOMINAL = frozenset({"n", "nr", "nrt", "nrfg", "ns", "nt", "nz", "ng", "nw", "j", "eng"})


@functools.cache
def _tagger() -> ModuleType:
    import rjieba  # its default dictionary loads the first time a phrase needs tags (~0.1 s)

    return rjieba


@functools.lru_cache(maxsize=4096)
def tags(phrase: str) -> tuple[tuple[str, str], ...]:
    """The (word, tag) pairs of a phrase, by jieba's dictionary and HMM.

    >>> tags("每日")
    (('每日', 'r'),)
    """
    return tuple((w, t) for w, t in _tagger().tag(phrase, True))


def names_something(phrase: str) -> bool:
    """Whether a Chinese clause's opening phrase can be a name: it opens with no time word,
    locality or pronoun, and holds a nominal word.

    >>> [names_something(p) for p in ("AI导诊", "手机管家", "乘车码", "Goodnight")]
    [True, True, True, True]
    >>> [names_something(p) for p in ("上季月均", "每日", "移动端")]
    [False, False, False]
    """
    found = tags(phrase)
    if not found or found[0][1] in _NOT_OPENING:
        return False
    return any(tag in _NOMINAL for _, tag in found)


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


# The Han characters right before a name, among which its modifier is the last word.
_HAN_BEFORE = re.compile(r"[\u4e00-\u9fff]{1,6}$")
# Tags of a word that makes a generic product word a product's name (智能 + 小程序).
_MODIFIER = frozenset({"n", "nz", "nt", "j", "vn"})


def modifier_before(text: str, lo: int, at: int) -> str | None:
    """The noun right before `at` (not before `lo`) that names a kind of the product word at
    `at`: 智能 of 智能小程序; none after 的 or a verb (使用小程序).

    >>> text = "智能小程序入驻数量已突破15万"
    >>> modifier_before(text, 0, text.index("小程序"))
    '智能'
    >>> text = "用户使用小程序"
    >>> modifier_before(text, 0, text.index("小程序")) is None
    True
    """
    run = _HAN_BEFORE.search(text, lo, at)
    if run is None:
        return None
    found = tags(run.group(0))
    word, tag = found[-1]
    return word if len(word) >= 2 and tag in _MODIFIER else None
