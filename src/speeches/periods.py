"""The time a figure refers to, when its sentence states one, as a normalized label.

Labels: `YYYY`, `YYYY-HN` (half year), `YYYY-QN`, `YYYY-MM`, `YYYY-MM-DD`. Absolute forms are
read as they stand; relative ones (去年, 今年一季度, 截至去年底, last quarter, "as of March")
resolve against the document's publication date, and give nothing when it is unknown.

>>> import datetime as dt
>>> text = "截至2018年第三季度，微信月活跃用户达到10.8亿"
>>> find(text, text.index("10.8亿"), None).label
'2018-Q3'
>>> text = "去年底，用户超过1亿"
>>> find(text, text.index("1亿"), dt.date(2020, 5, 1)).label
'2019-12'
>>> find(text, text.index("1亿"), None) is None
True

The text is the normalized (Simplified) text, so Traditional forms need no patterns of their
own. A period after the number counts too ("1.2 billion users in Q2 2019"), the nearest one
before it first; a year that is itself part of the figure is not a period.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from dataclasses import dataclass

_ZH_DIGIT = {"一": 1, "二": 2, "三": 3, "四": 4, "1": 1, "2": 2, "3": 3, "4": 4}
_MONTHS = {m.lower(): i for i, m in enumerate(
    ["January", "February", "March", "April", "May", "June", "July", "August", "September",
     "October", "November", "December"], 1)}
_MONTHS.update({m[:3].lower(): i for m, i in list(_MONTHS.items())})
_MONTHS["sept"] = 9
_ORDINAL = {"first": 1, "second": 2, "third": 3, "fourth": 4, "1st": 1, "2nd": 2, "3rd": 3,
            "4th": 4}
_MONTH_EN = (r"(?P<mon>January|February|March|April|May|June|July|August|September|October"
             r"|November|December|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept|Sep|Oct|Nov|Dec)\.?")
_YEAR = r"(?P<y>(?:19|20)\d\d)"
_RELATIVE_YEAR = {"今年": 0, "本年": 0, "去年": -1, "上年": -1, "前年": -2, "明年": 1,
                  "this year": 0, "last year": -1, "next year": 1}


@dataclass(frozen=True)
class Period:
    label: str
    start: int  # offsets in the text searched
    end: int


def _quarter(year: int, q: int) -> str:
    return f"{year}-Q{q}"


def _month(year: int, month: int, day: int | None = None) -> str | None:
    if not 1 <= month <= 12:
        return None
    if day is None:
        return f"{year}-{month:02d}"
    try:
        return dt.date(year, month, day).isoformat()
    except ValueError:
        return f"{year}-{month:02d}"


def _shift_quarter(published: dt.date, back: int) -> str:
    index = published.year * 4 + (published.month - 1) // 3 - back
    return _quarter(index // 4, index % 4 + 1)


def _shift_month(published: dt.date, back: int) -> str:
    index = published.year * 12 + published.month - 1 - back
    return f"{index // 12}-{index % 12 + 1:02d}"


def _month_of_year(published: dt.date, month: int) -> str | None:
    """A month named without its year: this year's, or last year's if it is still ahead."""
    year = published.year if month <= published.month else published.year - 1
    return _month(year, month)


# Each rule: a pattern and a function of (match, published date) giving the label or None.
# Relative rules return None when the publication date is unknown.
_Rule = tuple[re.Pattern[str], Callable[[re.Match[str], dt.date | None], str | None]]


def _year_of(m: re.Match[str], published: dt.date | None) -> int | None:
    """The year a match names: digits, or a relative word resolved against `published`."""
    if m.group("y"):
        return int(m.group("y"))
    rel = m.groupdict().get("rel")
    if rel is not None and published is not None:
        return published.year + _RELATIVE_YEAR[rel.lower()]
    return None


def _zh_year(m: re.Match[str], published: dt.date | None) -> str | None:
    year = _year_of(m, published)
    if year is None:
        return None
    d = m.groupdict()
    if d.get("q"):
        return _quarter(year, _ZH_DIGIT[d["q"]])
    if d.get("half"):
        return f"{year}-H{1 if d['half'] == '上' else 2}"
    if d.get("m"):
        return _month(year, int(d["m"]), int(d["d"]) if d.get("d") else None)
    if d.get("end"):
        return f"{year}-12"
    return str(year)


def _zh_bare_quarter(m: re.Match[str], published: dt.date | None) -> str | None:
    if published is None:
        return None
    q = _ZH_DIGIT[m.group("q")]
    year = published.year if q <= (published.month - 1) // 3 + 1 else published.year - 1
    return _quarter(year, q)


def _zh_relative_quarter(m: re.Match[str], published: dt.date | None) -> str | None:
    if published is None:
        return None
    return _shift_quarter(published, 0 if m.group("which") in ("本", "这个", "这一") else 1)


def _zh_relative_month(m: re.Match[str], published: dt.date | None) -> str | None:
    if published is None:
        return None
    return _shift_month(published, 0 if m.group("which") in ("本", "这个") else 1)


def _zh_month(m: re.Match[str], published: dt.date | None) -> str | None:
    return None if published is None else _month_of_year(published, int(m.group("m")))


def _en_quarter(m: re.Match[str], published: dt.date | None) -> str | None:
    year = _year_of(m, published)
    q = m.group("q")
    n = _ORDINAL.get(q.lower()) if not q.isdigit() else int(q)
    return None if year is None or n is None else _quarter(year, n)


def _en_half(m: re.Match[str], published: dt.date | None) -> str | None:
    year = _year_of(m, published)
    return None if year is None else f"{year}-H{_ORDINAL[m.group('h').lower()]}"


def _en_month(m: re.Match[str], published: dt.date | None) -> str | None:
    month = _MONTHS[m.group("mon").lower()]
    if m.group("y"):
        return _month(int(m.group("y")), month, int(m.group("d")) if m.group("d") else None)
    return None if published is None else _month_of_year(published, month)


def _en_relative_quarter(m: re.Match[str], published: dt.date | None) -> str | None:
    if published is None:
        return None
    return _shift_quarter(published, 0 if m.group("which").lower() == "this" else 1)


def _en_year(m: re.Match[str], published: dt.date | None) -> str | None:
    year = _year_of(m, published)
    if year is None:
        return None
    return f"{year}-12" if re.search(r"end\s+of", m.group(0), re.IGNORECASE) else str(year)


_RULES: list[_Rule] = [
    # 2018年第三季度, 2018年Q3, 去年四季度, 今年上半年, 2019年3月5日, 2018年底, 截至去年年底
    (re.compile(
        r"(?:" + _YEAR + r"\s*年|(?P<rel>今年|本年|去年|上年|前年|明年))"
        r"(?:度)?\s*(?:"
        r"(?:第)?(?P<q>[一二三四1-4])\s*季度|Q(?P<qq>[1-4])"
        r"|(?P<half>[上下])半年"
        r"|(?P<m>1[0-2]|0?[1-9])\s*月(?:份)?(?:(?P<d>[12]\d|3[01]|0?[1-9])\s*[日号])?"
        r"|(?P<end>年?底|年?末)"
        r")?"), lambda m, p: _zh_year_q(m, p)),
    # 第三季度, 一季度 (this year's, or last year's if still ahead)
    (re.compile(r"(?<![年\d])第?(?P<q>[一二三四])季度"), _zh_bare_quarter),
    # 上季度, 上个季度, 本季度
    (re.compile(r"(?P<which>上|上个|上一|本|这个|这一)季度"), _zh_relative_quarter),
    # 上个月, 本月
    (re.compile(r"(?P<which>上个|上|本|这个)月(?!份?\d)"), _zh_relative_month),
    # 截至3月底, 3月份 (no year)
    (re.compile(r"(?<![年\d])(?P<m>1[0-2]|[1-9])\s*月(?:份|底|末)?(?!\d)"), _zh_month),
    # Q2 2019, Q2'19 is not taken; 2019 Q2; second quarter of 2019; the third quarter of last year
    (re.compile(r"\bQ(?P<q>[1-4])\s*(?:of\s+)?(?:FY\s*)?" + _YEAR + r"\b"), _en_quarter),
    (re.compile(_YEAR + r"\s+Q(?P<q>[1-4])\b"), _en_quarter),
    (re.compile(r"\b(?P<q>first|second|third|fourth|1st|2nd|3rd|4th)[\s-]+quarter"
                r"(?:\s+of)?\s+(?:(?:fiscal\s+(?:year\s+)?)?" + _YEAR +
                r"|(?P<rel>this year|last year))", re.IGNORECASE), _en_quarter),
    (re.compile(r"\b(?P<h>first|second)\s+half\s+(?:of\s+)?(?:" + _YEAR +
                r"|(?P<rel>this year|last year))", re.IGNORECASE), _en_half),
    (re.compile(r"\b(?P<which>this|last|previous|prior)\s+quarter\b", re.IGNORECASE),
     _en_relative_quarter),
    # March 2019, March 5, 2019, as of March
    (re.compile(r"\b" + _MONTH_EN + r"(?:\s+(?P<d>[12]\d|3[01]|[1-9])(?:st|nd|rd|th)?)?"
                r"(?:,?\s+" + _YEAR + r")?\b"), _en_month),
    # in 2019, FY2019, 2019's, this year, last year
    # in 2019, by the end of 2019, FY2019, this year, last year (a bare 2000 may be a count)
    (re.compile(r"(?:\bFY\s?|\b(?:in|since|by|during|for|of|through|until|throughout|early"
                r"|late|mid-?)\s+(?:the\s+(?:end|start|beginning|middle)\s+of\s+)?)" + _YEAR +
                r"(?![\d年])|\b(?P<rel>this year|last year|next year)\b", re.IGNORECASE), _en_year),
]


def _zh_year_q(m: re.Match[str], published: dt.date | None) -> str | None:
    if m.group("qq"):
        year = _year_of(m, published)
        return None if year is None else _quarter(year, int(m.group("qq")))
    return _zh_year(m, published)


def _english_month_is_a_word(text: str, m: re.Match[str]) -> bool:
    """'May' and 'March' are also words: without a day or a year they need 'in/as of/by/since'."""
    if m.groupdict().get("mon") is None or m.group("y") or m.group("d"):
        return False
    before = text[max(0, m.start() - 12) : m.start()].lower()
    return re.search(r"\b(?:in|as of|by|since|until|through|end of|of)\s+$", before) is None


# Every rule's match holds one of these: text without any states no period.
_MAY_HOLD = re.compile(r"[年季月]|(?:19|20)\d\d|Q[1-4]|quarter|half|year|"
                       r"\b(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)", re.IGNORECASE)


def find_all(text: str, published: dt.date | None) -> list[Period]:
    """Every period stated in `text`, in order, the longest at each place."""
    if _MAY_HOLD.search(text) is None:
        return []
    found: list[Period] = []
    taken: list[tuple[int, int]] = []
    for pattern, make in _RULES:
        for m in pattern.finditer(text):
            if m.end() == m.start() or any(s < m.end() and m.start() < e for s, e in taken):
                continue
            if _english_month_is_a_word(text, m):
                continue
            label = make(m, published)
            taken.append((m.start(), m.end()))  # a match that gives nothing still hides others
            if label is not None:
                found.append(Period(label, m.start(), m.end()))
    return sorted(found, key=lambda p: p.start)


_CLAUSE = re.compile(r"[，,；;：:]")
# A period bound to another figure: 从2016年的37%, "2016's 37%".
_BOUND = re.compile(r"(?:的|'s|’s)\s*[\d一二三四五六七八九十百千万亿两半]")
# The figure holds now, whatever period the sentence names elsewhere: 目前, currently.
_PRESENT = re.compile(r"目前|当前|现在|如今|至今|迄今|\b(?:currently|now|today|to date)\b",
                      re.IGNORECASE)


def find(text: str, start: int, published: dt.date | None, end: int | None = None) -> Period | None:
    """The period a figure at text[start:end] refers to: the nearest stated before it in its
    sentence, else the nearest after it in its clause. Periods inside the figure itself or
    bound to another figure (从2016年的37%) are not taken, and a figure its clause says holds
    now (目前, currently) has none.
    """
    end = start if end is None else end
    clause_start = 0
    for m in _CLAUSE.finditer(text, 0, start):
        clause_start = m.end()
    if _PRESENT.search(text, clause_start, start):
        return None
    after_clause = _CLAUSE.search(text, end)
    clause_end = after_clause.start() if after_clause else len(text)
    periods = [p for p in find_all(text, published)
               if (p.end <= start or p.start >= end)
               and not (_BOUND.match(text, p.end) and p.end < start - 2)]
    before = [p for p in periods if p.end <= start]
    if before:
        return before[-1]
    after = [p for p in periods if end <= p.start < clause_end]
    return after[0] if after else None
