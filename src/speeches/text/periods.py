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
import functools
import re
import tomllib
from collections.abc import Callable
from dataclasses import dataclass, field
from importlib import resources

from speeches.text.lookahead import with_lookahead

_ZH_DIGIT = {"一": 1, "二": 2, "三": 3, "四": 4, "1": 1, "2": 2, "3": 3, "4": 4, "首": 1}
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
# What may follow a year in Chinese: 第三季度, Q3, H1, 上半年, 中期, 3月5日, 年底.
_ZH_TAIL = (r"(?:(?:第)?(?P<q>[一二三四1-4首])\s*季(?:度)?|Q(?P<qq>[1-4])|H(?P<hh>[12])"
            r"|(?P<half>[上下])半年|(?P<interim>中期)"
            r"|(?P<m>1[0-2]|0?[1-9])\s*月(?:份)?(?:(?P<d>[12]\d|3[01]|0?[1-9])\s*[日号])?"
            r"|(?P<end>年?底|年?末))")
_ZH_TAIL_AHEAD = re.sub(r"\?P<\w+>", "?:", _ZH_TAIL)  # the same, without its groups, to look ahead
_RELATIVE_YEAR = {"今年": 0, "本年": 0, "全年": 0, "去年": -1, "上年": -1, "前年": -2, "明年": 1,
                  "本财年": 0, "今财年": 0, "上财年": -1, "上一财年": -1, "下财年": 1, "下一财年": 1,
                  "this year": 0, "last year": -1, "next year": 1, "this fiscal year": 0,
                  "last fiscal year": -1, "next fiscal year": 1}


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


def _month_of_year(published: dt.date, month: int, ahead: bool) -> str | None:
    """A month named without its year: this year's, or last year's if it is still ahead."""
    year = published.year if month <= published.month or ahead else published.year - 1
    return _month(year, month)


# Each rule: a pattern and a function of (match, published date, ahead) giving the label or
# None. Relative rules return None when the publication date is unknown. `ahead`: the sentence
# speaks of a target or forecast (目标, 预计, expect), so a month or quarter named without its
# year that is still ahead is this year's, not last's.
_Rule = tuple[re.Pattern[str], Callable[[re.Match[str], dt.date | None, bool], str | None]]


def _short_year(digits: str, roc: bool) -> int | None:
    """A year written with two or three digits: 18 → 2018, 98 → 1998, 09 → 2009; 108 and,
    when `roc` (a 年度 or 民国 year), 91 count from the Republic of China's founding (1911).

    >>> _short_year("18", False), _short_year("98", False), _short_year("91", True), _short_year("108", False)
    (2018, 1998, 2002, 2019)
    >>> _short_year("45", False) is None
    True
    """
    n = int(digits)
    if len(digits) == 3:
        return n + 1911 if 100 <= n <= 150 else None
    if n <= 30:
        return 2000 + n
    if roc and n >= 40:
        return n + 1911
    return 1900 + n if n >= 80 else None


def _year_of(m: re.Match[str], published: dt.date | None) -> int | None:
    """The year a match names: digits, or a relative word resolved against `published`."""
    if m.group("y"):
        return int(m.group("y"))
    d = m.groupdict()
    short = d.get("short") or d.get("short0") or d.get("short3")
    if short:
        return _short_year(short, m.group(0).lstrip("0123456789 ").startswith(("年度", "财年")))
    rel = m.groupdict().get("rel")
    if rel is not None and published is not None:
        return published.year + _RELATIVE_YEAR[rel.lower()]
    return None


def _zh_year(m: re.Match[str], published: dt.date | None, ahead: bool) -> str | None:
    year = _year_of(m, published)
    if year is None:
        return None
    d = m.groupdict()
    if d.get("q"):
        return _quarter(year, _ZH_DIGIT[d["q"]])
    if d.get("half"):
        return f"{year}-H{1 if d['half'] == '上' else 2}"
    if d.get("hh"):
        return f"{year}-H{d['hh']}"
    if d.get("interim"):  # 2022年中期业绩: the interim results, of the first half
        return f"{year}-H1"
    if d.get("m"):
        return _month(year, int(d["m"]), int(d["d"]) if d.get("d") else None)
    if d.get("end"):
        return f"{year}-12"
    return str(year)


def _zh_bare_quarter(m: re.Match[str], published: dt.date | None, ahead: bool) -> str | None:
    q = _ZH_DIGIT[m.group("q1") or m.group("q2") or m.group("q3")]
    if published is None:
        return f"=-Q{q}"
    year = published.year if q <= (published.month - 1) // 3 + 1 or ahead else published.year - 1
    return _quarter(year, q)


def _zh_bare_half(m: re.Match[str], published: dt.date | None, ahead: bool) -> str | None:
    half = 1 if m.group("half") == "上" else 2
    return f"=-H{half}" if published is None else f"{published.year}-H{half}"


def _same_year(m: re.Match[str], published: dt.date | None, ahead: bool) -> str | None:
    """同年8月, 当年: the year of the period stated just before (filled in by find_all)."""
    return "=" + (f"-{int(m.group('m')):02d}" if m.group("m") else "")


def _zh_relative_quarter(m: re.Match[str], published: dt.date | None, ahead: bool) -> str | None:
    if published is None:
        return None
    d = m.groupdict()
    return _shift_quarter(published, 0 if d.get("this") or d.get("this2") else 1)


def _zh_relative_month(m: re.Match[str], published: dt.date | None, ahead: bool) -> str | None:
    if published is None:
        return None
    return _shift_month(published, 0 if m.group("which") in ("本", "这个") else 1)


def _zh_month(m: re.Match[str], published: dt.date | None, ahead: bool) -> str | None:
    month = int(m.group("m"))
    return f"=-{month:02d}" if published is None else _month_of_year(published, month, ahead)


def _en_quarter(m: re.Match[str], published: dt.date | None, ahead: bool) -> str | None:
    year = _year_of(m, published)
    q = m.group("q")
    n = _ORDINAL.get(q.lower()) if not q.isdigit() else int(q)
    return None if year is None or n is None else _quarter(year, n)


def _en_bare_quarter(m: re.Match[str], published: dt.date | None, ahead: bool) -> str | None:
    """"the first quarter", "in Q1" without a year: this year's, or last year's if still ahead."""
    q = m.group("q") or m.group("qd")
    n = int(q) if q.isdigit() else _ORDINAL[q.lower()]
    if published is None:
        return f"=-Q{n}"
    year = published.year if n <= (published.month - 1) // 3 + 1 or ahead else published.year - 1
    return _quarter(year, n)


def _en_half(m: re.Match[str], published: dt.date | None, ahead: bool) -> str | None:
    year = _year_of(m, published)
    return None if year is None else f"{year}-H{_ORDINAL[m.group('h').lower()]}"


def _en_month(m: re.Match[str], published: dt.date | None, ahead: bool) -> str | None:
    month = _MONTHS[m.group("mon").lower()]
    if m.group("y"):
        return _month(int(m.group("y")), month, int(m.group("d")) if m.group("d") else None)
    return f"=-{month:02d}" if published is None else _month_of_year(published, month, ahead)


def _en_relative_quarter(m: re.Match[str], published: dt.date | None, ahead: bool) -> str | None:
    if published is None:
        return None
    return _shift_quarter(published, 0 if m.group("which").lower() == "this" else 1)


def _en_year(m: re.Match[str], published: dt.date | None, ahead: bool) -> str | None:
    year = _year_of(m, published)
    if year is None:
        return None
    return f"{year}-12" if re.search(r"\bend\b|close\s+of", m.group(0), re.IGNORECASE) else str(year)


_RULES: list[_Rule] = [
    # a reporting span by its last day: "the three months ended June 30, 2019" (a quarter),
    # "six months ended" (a half), "the year ended December 31, 2019"; 截至2019年6月30日止三个月,
    # 截至2019年12月31日止年度
    (re.compile(r"\b(?:(?P<span>three|3|six|6|twelve|12)[\s-]+months?|(?P<whole>(?:fiscal\s+|financial\s+)?"
                r"year))\s+end(?:ed|ing)\s+" + _MONTH_EN + r"(?:\s+(?:[12]\d|3[01]|[1-9])(?:st|nd|rd|th)?)?,?\s+"
                + _YEAR + r"\b"), lambda m, p, a: _span_ended(m)),
    (re.compile(r"截至\s*" + _YEAR + r"\s*年\s*(?P<m>1[0-2]|0?[1-9])\s*月\s*(?:[12]\d|3[01]|0?[1-9])\s*日\s*"
                r"止\s*(?:的\s*)?(?:(?P<span>三|3|六|6|十二|12)\s*个\s*月|(?P<whole>(?:财政)?年度))"),
     lambda m, p, a: _span_ended(m)),
    # H1 2019, 1H19, 2019 H2, 1Q19, 3Q 2019, Q1'19, Q1 FY19: the compact forms of earnings pages
    (re.compile(r"(?<![A-Za-z0-9])(?:H(?P<h>[12])|(?P<h2>[12])H|Q(?P<q>[1-4])|(?P<q2>[1-4])Q)"
                r"\s*(?:FY\s*)?['’]?(?:" + _YEAR + r"|(?P<yy>\d\d))(?![A-Za-z0-9])"
                r"|(?<![A-Za-z0-9])" + _YEAR.replace("?P<y>", "?P<y2>") +
                r"\s+H(?P<h3>[12])(?![A-Za-z0-9])"),
     lambda m, p, a: _compact(m)),
    # 2018年第三季度, 2018年Q3, 去年四季度, 今年上半年, 2019年3月5日, 2018年底, 截至去年年底,
    # 2005年的8月5号
    (re.compile(
        r"(?:" + _YEAR + r"\s*(?:财)?年|(?P<rel>本财年|今财年|上一?财年|下一?财年|今年|本年|全年|去年|上年|前年|明年)"
        # 18年底, 09年, 91年度 (the Republic of China's 91st year), 108年3月: a year of two or
        # three digits only where what follows makes it a date, not a duration (用了18年)
        r"|(?<![\d./-])(?P<short>0\d|\d{2,3})\s*(?:财)?年(?=度|\s*(?:的\s*)?" + _ZH_TAIL_AHEAD + r")"
        r"|(?<![\d.])(?P<short0>0\d)\s*年"
        # 108年营收: a three-digit ROC year alone, unless a duration's word is around it (成立108年)
        r"|(?<![\d./-])(?<![有了过近逾约满第历立经达])(?P<short3>1[0-4]\d)\s*年(?![来间多前后内左])(?!\s*(?:历史|时间|老))"
        r")"
        r"(?:度)?(?:\s*全年)?\s*(?:(?:的\s*)?" + _ZH_TAIL + r")?"), lambda m, p, a: _zh_year_q(m, p, a)),
    # 第三季度, 一季度, 第四季 (this year's, or last year's if still ahead)
    (re.compile(r"(?<![年\d])(?:第(?P<q1>[一二三四1-4])季(?:度)?|(?P<q2>[一二三四])季度|(?P<q3>首)季度?)"),
     lambda m, p, a: _zh_bare_quarter(m, p, a)),
    # 年底前, 年末 with no year (this year's end)
    (re.compile(r"(?<![\d年今去明前上本全])年(?:底|末)"), lambda m, p, a: None if p is None else f"{p.year}-12"),
    # 民国108年: the Republic of China's years (Taiwan), 1911 behind
    (re.compile(r"民国\s*(?P<roc>\d{2,3})\s*年"), lambda m, p, a: str(int(m.group("roc")) + 1911)),
    # 上半年, 下半年 (this year's)
    (re.compile(r"(?<![年\d过])(?P<half>[上下])半年"), _zh_bare_half),
    # 同年8月, 当年
    (re.compile(r"(?:同年|当年|同一年)(?:(?P<m>1[0-2]|0?[1-9])\s*月(?:份)?)?"), _same_year),
    # 上季度, 上个季度, 本季度
    (re.compile(r"(?P<which>上|上个|上一)季(?:度)?|(?P<this>本|今)季(?:度)?|(?P<this2>这个|这一)季度"),
     lambda m, p, a: _zh_relative_quarter(m, p, a)),
    # 上个月, 本月
    (re.compile(r"(?P<which>上个|上|本|这个)月(?!份?\d)"), _zh_relative_month),
    # 截至3月底, 3月份 (no year)
    (re.compile(r"(?<![年\d])(?P<m>1[0-2]|[1-9])\s*月(?:份|底|末)?(?!\d)"), _zh_month),
    # Q2 2019, Q2'19 is not taken; 2019 Q2; second quarter of 2019; the third quarter of last year
    (re.compile(r"\bQ(?P<q>[1-4])\s*(?:of\s+)?(?:FY\s*)?" + _YEAR + r"\b"), _en_quarter),
    (re.compile(_YEAR + r"\s+Q(?P<q>[1-4])\b"), _en_quarter),
    # an earnings release's "Fourth Quarter and Full Year 2019 (Results)": the quarter
    (re.compile(r"\b(?P<q>first|second|third|fourth)\s+quarter\s+and\s+(?:full|fiscal)[\s-]+year\s+"
                + _YEAR + r"\b", re.IGNORECASE), _en_quarter),
    (re.compile(r"\b(?P<q>first|second|third|fourth|1st|2nd|3rd|4th)[\s-]+quarter"
                r"(?:\s+of)?\s+(?:(?:fiscal\s+(?:year\s+)?)?" + _YEAR +
                r"|(?P<rel>this year|last year))", re.IGNORECASE), _en_quarter),
    (re.compile(r"\b(?:fiscal\s+(?:year\s+)?)?" + _YEAR + r"\s+(?P<q>first|second|third|fourth|1st|2nd|3rd|4th)"
                r"[\s-]+quarter\b", re.IGNORECASE), _en_quarter),
    (re.compile(r"\b(?P<h>first|second)\s+half\s+(?:of\s+)?(?:" + _YEAR +
                r"|(?P<rel>this year|last year))", re.IGNORECASE), _en_half),
    (re.compile(r"\b(?P<which>this\s+past|this|last|previous|prior)\s+quarter\b", re.IGNORECASE),
     _en_relative_quarter),
    # "for the first quarter", "In Q1," (no year: resolved against the publication date)
    (re.compile(r"(?:\bthe\s+|(?m:^)\s*)(?P<q>first|second|third|fourth|1st|2nd|3rd|4th)[\s-]+quarter\b"
                r"|(?<![A-Za-z0-9])Q(?P<qd>[1-4])(?![A-Za-z0-9])(?!\s*(?:of\s+)?(?:FY\s*)?(?:19|20)\d\d)",
                re.IGNORECASE),
     lambda m, p, a: _en_bare_quarter(m, p, a)),
    # "the quarter ended June 30, 2019", "the June quarter", "the June-ended quarter"
    (re.compile(r"\bquarter\s+end(?:ed|ing)\s+" + _MONTH_EN + r"(?:\s+(?:[12]\d|3[01]|[1-9]))?"
                r"(?:,?\s+" + _YEAR + r")?"), lambda m, p, a: _en_month_quarter(m, p, a)),
    (re.compile(r"\b" + _MONTH_EN + r"(?:\s+" + _YEAR + r")?(?:-ended|-end)?\s+quarter\b"),
     lambda m, p, a: _en_month_quarter(m, p, a)),
    # last month, this month; a year ago; the first half (of the year)
    (re.compile(r"\b(?P<which>last|this|previous|past)\s+month\b", re.IGNORECASE),
     lambda m, p, a: None if p is None else _shift_month(p, 0 if m.group("which").lower() == "this" else 1)),
    # three years ago, 三年前, 五年后, 几年前: a time stated that gives no period
    (re.compile(r"\b(?:two|three|four|five|six|seven|eight|nine|ten|\d{1,2}|a\s+few|several"
                r"|many)\s+years\s+ago\b", re.IGNORECASE), lambda m, p, a: _years_from(m, p, a)),
    (re.compile(r"(?<![\d年])(?:[一二三四五六七八九十两]{1,3}|\d{1,2}|几|多|数|十几|好几)\s*(?:个)?"
                r"(?:多)?年(?:以)?[前后](?![\d后])"),
     lambda m, p, a: _years_from(m, p, a)),
    (re.compile(r"(?<!half\s)\ba\s+year\s+ago\b", re.IGNORECASE),
     lambda m, p, a: None if p is None else str(p.year - 1)),
    # "a year earlier", "the year before", "the previous year": the year before the period
    # stated before it (find_all)
    (re.compile(r"(?<!half\s)\ba\s+year\s+(?:earlier|before)\b|\bthe\s+(?:year\s+before|(?:previous|prior|preceding)"
                r"\s+year)\b", re.IGNORECASE),
     lambda m, p, a: _YEAR_BEFORE),
    (re.compile(r"\bthe\s+(?P<h>first|second)\s+half(?:\s+of\s+(?:the|this)\s+year)?\b", re.IGNORECASE),
     lambda m, p, a: None if p is None else f"{p.year}-H{_ORDINAL[m.group('h').lower()]}"),
    # March 2019, March 5, 2019, as of March
    (re.compile(r"\b" + _MONTH_EN + r"(?:\s+(?P<d>[12]\d|3[01]|[1-9])(?:st|nd|rd|th)?)?"
                r"(?:,?\s+" + _YEAR + r")?\b"), _en_month),
    # fall 2014, the summer of 2019: the season's year
    (re.compile(r"\b(?:spring|summer|fall|autumn|winter)\s+(?:of\s+)?" + _YEAR + r"\b", re.IGNORECASE),
     lambda m, p, a: m.group("y")),
    # FY19
    (re.compile(r"\bFY\s?'?(?P<yy>[0-2]\d)\b"), lambda m, p, a: f"20{m.group('yy')}"),
    # "a 2008 survey", "the 2019 report" (a year before a noun; not "the 2000 hospitals")
    # and after a possessive: "Tencent's 2019 infrastructure breakthrough"
    (re.compile(r"(?:\b(?:a|an|the|its|our|their)|(?<=[A-Za-z])['’]s)\s+" + _YEAR + r"(?=\s+[A-Za-z])(?!\s+(?:hospitals|"
                r"servers|users|people|members|subscribers|customers|employees|beds|stores|"
                r"accounts|sites|new|more|or|to|and)\b)", re.IGNORECASE), _en_year),
    # between 2017 and 2019: the span's end, as 从2017年到2019年
    (re.compile(r"\bbetween\s+(?:19|20)\d\d\s+and\s+(?:the\s+end\s+of\s+)?" + _YEAR + r"\b", re.IGNORECASE),
     _en_year),
    # the end of 2019, the end of last year, year-end 2019, end-2019: its last month
    (re.compile(r"(?:\b(?:the\s+)?(?:end|close)\s+of\s+(?:the\s+)?|\byear[\s-]end(?:ed)?\s+|\bend-)(?:"
                + _YEAR + r"(?![\d年])|(?P<rel>this year|last year|next year)\b)", re.IGNORECASE), _en_year),
    # in 2019, by the end of 2019, FY2019, mid-2019, this year, last year (a bare 2000 may be a count)
    (re.compile(r"(?:\bFY\s?|\bfiscal\s+(?:year\s+)?|\b(?:in|since|by|during|for|of|through|until|throughout|early"
                r"|late|between)\s+(?:the\s+(?:end|start|beginning|middle)\s+of\s+)?|\bmid-?\s*)" + _YEAR +
                r"(?![\d年])|\b(?P<rel>this year|last year|next year|(?:this|last|next) fiscal year)\b",
                re.IGNORECASE), _en_year),
]


_SPAN_MONTHS = {"three": 3, "3": 3, "三": 3, "six": 6, "6": 6, "六": 6, "twelve": 12, "12": 12, "十二": 12}


def _span_ended(m: re.Match[str]) -> str | None:
    """The quarter, half or year of a reporting span that ends in a month of a year."""
    d = m.groupdict()
    month = _MONTHS[d["mon"].lower()] if d.get("mon") else int(d["m"])
    year = int(m.group("y"))
    months = 12 if d.get("whole") else _SPAN_MONTHS[d["span"].lower()]
    if months == 3:
        return _quarter(year, (month - 1) // 3 + 1)
    if months == 6:
        return f"{year}-H{1 if month <= 6 else 2}"
    return str(year)


def _compact(m: re.Match[str]) -> str | None:
    """H1 2019, 1H19, 2019 H2, 1Q19, Q1'19 → 2019-H1, 2019-H1, 2019-H2, 2019-Q1, 2019-Q1."""
    d = m.groupdict()
    year = int(d.get("y") or d.get("y2") or 0) or _short_year(d["yy"], False)
    if year is None:
        return None
    if d.get("q") or d.get("q2"):
        return _quarter(year, int(d.get("q") or d["q2"]))
    return f"{year}-H{d.get('h') or d.get('h2') or d['h3']}"


# The label of a time stated that is no period (see _years_from).
_NO_PERIOD = "~"
# The label of "a year earlier": the year before the period stated before it.
_YEAR_BEFORE = "<"


def _years_from(m: re.Match[str], published: dt.date | None, ahead: bool) -> str | None:
    """三年前, "three years ago", 五年后: a time stated, but no period. Speakers tell a story
    by it (16年前我在我的公寓…，我说…80%的中国年轻人) or forecast (五年后这一比例将超过90%),
    and the figure after it is not the period stated before it."""
    return _NO_PERIOD


def _en_month_quarter(m: re.Match[str], published: dt.date | None, ahead: bool) -> str | None:
    """The quarter a month ends: "the quarter ended June 30, 2019" → 2019-Q2."""
    month = _MONTHS[m.group("mon").lower()]
    if m.group("y"):
        year = int(m.group("y"))
    elif published is not None:
        year = int((_month_of_year(published, month, ahead) or str(published.year))[:4])
    else:
        return None
    return _quarter(year, (month - 1) // 3 + 1)


def _zh_year_q(m: re.Match[str], published: dt.date | None, ahead: bool) -> str | None:
    if m.group("qq"):
        year = _year_of(m, published)
        return None if year is None else _quarter(year, int(m.group("qq")))
    return _zh_year(m, published, ahead)


def _english_month_is_a_word(text: str, m: re.Match[str]) -> bool:
    """'May' and 'March' are also words: without a day or a year they need 'in/as of/by/since'."""
    d = m.groupdict()
    if (d.get("mon") is None or d.get("y") or d.get("d") or m.group(0).endswith("quarter")
            or m.group(0).startswith("quarter")):
        return False
    before = text[max(0, m.start() - 12) : m.start()].lower()
    return re.search(r"\b(?:in|as of|by|since|until|through|end of|of|ended|ending)\s+$", before) is None


# Every rule's match holds one of these: text without any states no period.
_MAY_HOLD = re.compile(r"[年季月]|(?:19|20)\d\d|[QH][1-4]|[1-4][QH]|FY|quarter|half|year|month|"
                       r"\b(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)", re.IGNORECASE)


@dataclass(frozen=True)
class _Festival:
    label: str  # "month" or "day": how precise the period it gives is
    date: str | None  # "MM-DD" every year
    dates: dict[int, str] = field(default_factory=dict)  # {year: "MM-DD"} when it moves

    def day(self, year: int) -> str | None:
        return self.dates.get(year) if self.dates else self.date


@functools.cache
def _festivals() -> tuple[re.Pattern[str], dict[str, _Festival]]:
    """The pattern of the named days in rules/periods.toml (春节, 双11) and each one's dates."""
    text = resources.files("speeches").joinpath("rules", "periods.toml").read_text("utf-8")
    by_name: dict[str, _Festival] = {}
    for entry in tomllib.loads(text).get("festival", []):
        festival = _Festival(entry["label"], entry.get("date"),
                             {int(k): v for k, v in entry.get("dates", {}).items()})
        for name in entry["names"]:
            by_name[name.casefold()] = festival
    names = "|".join(re.escape(n) for n in sorted(by_name, key=len, reverse=True))
    pattern = re.compile(r"(?:" + _YEAR + r"\s*年|(?P<rel>今年|本年|去年|上年|前年|明年))?\s*"
                         r"(?<![A-Za-z])(?P<fest>" + names + r")(?![A-Za-z\d])", re.IGNORECASE)
    return pattern, by_name


def _festival(m: re.Match[str], published: dt.date | None, ahead: bool) -> str | None:
    """今年春节期间 → this year's Spring Festival month; 刚刚过去的春节 → the last one before the
    page; 2015年双11 → 2015-11-11."""
    festival = _festivals()[1][m.group("fest").casefold()]
    year = _year_of(m, published)
    if year is None:
        if published is None:
            return None
        year = published.year
        day = festival.day(year)
        if day is not None and day > published.strftime("%m-%d"):
            year -= 1  # not yet this year: the last one
    day = festival.day(year)
    if day is None:
        return str(year)
    return f"{year}-{day[:2]}" if festival.label == "month" else f"{year}-{day}"


# A dateline's date is when the page was written, not a period: 【新唐人2013年01月15日讯】,
# 中新社北京3月5日电.
_DATELINE_END = re.compile(r"\s*(?:讯|电(?![\u4e00-\u9fff]))")
_DATELINE = re.compile(_YEAR + r"\s*年\s*(?P<m>1[0-2]|0?[1-9])\s*月\s*(?P<d>[12]\d|3[01]|0?[1-9])"
                       r"\s*日\s*(?:讯|电(?![\u4e00-\u9fff]))")
# How far into a page its dateline may stand.
_DATELINE_REACH = 1500


def dateline(text: str) -> dt.date | None:
    """The date of the page's dateline (【新唐人2013年01月15日讯】), when it has one near its top.

    >>> dateline("【新唐人2013年01月15日讯】(中央社记者江明晏台北15日电)中华电信尾牙今天登场")
    datetime.date(2013, 1, 15)
    """
    m = _DATELINE.search(text, 0, _DATELINE_REACH)
    if m is None:
        return None
    try:
        return dt.date(int(m.group("y")), int(m.group("m")), int(m.group("d")))
    except ValueError:
        return None


# "As of" a day: 截至2022年6月30日, "as of June 30, 2022".
_AS_OF = re.compile(r"(?:截至|截止到?|as\s+of|at)\s*$", re.IGNORECASE)
_AS_OF_AFTER = re.compile(r"\s*(?:止|为止)")  # 2020年3月31日止


def _month_end(label: str) -> str:
    """A day that ends its month, as of which a figure holds, is that month: 2022-06-30 →
    2022-06 (截至2022年6月30日); any other day stays.

    >>> _month_end("2022-06-30"), _month_end("2022-06-15")
    ('2022-06', '2022-06-15')
    """
    day = dt.date.fromisoformat(label)
    return label[:7] if (day + dt.timedelta(days=1)).day == 1 else label


def find_all(text: str, published: dt.date | None) -> list[Period]:
    """Every period stated in `text`, in order, the longest at each place."""
    return [p for p in _find_all(text, published, False)
            if p.label and p.label != _NO_PERIOD]


def states_time(text: str, published: dt.date | None) -> bool:
    """Whether `text` states a time, resolved or not (去年 on a page of unknown date, 几年前).

    >>> states_time("去年用户增长20%", None), find_all("去年用户增长20%", None)
    (True, [])
    """
    return bool(_find_all(text, published, False))


@functools.lru_cache(maxsize=256)
def _find_all(text: str, published: dt.date | None, ahead: bool) -> tuple[Period, ...]:
    """find_all, kept for the sentences asked about again (each of a sentence's figures asks
    up to three times); `ahead` as the rules take it."""
    festival = _festivals()[0]
    if _MAY_HOLD.search(text) is None and festival.search(text) is None:
        return ()
    found: list[Period] = []
    taken: list[tuple[int, int]] = []
    for pattern, make in [(festival, _festival), *_RULES]:
        for m in pattern.finditer(text):
            if m.end() == m.start() or any(s < m.end() and m.start() < e for s, e in taken):
                continue
            if _english_month_is_a_word(text, m):
                continue
            label = make(m, published, ahead)
            taken.append((m.start(), m.end()))  # a match that gives nothing still hides others
            if text[m.end() - 1] == "日" and _DATELINE_END.match(text, m.end()):
                continue
            if label is not None and len(label) == 10 and (
                    _AS_OF.search(text, max(0, m.start() - 8), m.start()) or _AS_OF_AFTER.match(text, m.end())):
                label = _month_end(label)
            # a time that gives no label (去年 with no date known, 几年前) is kept with an empty
            # one: the figure after it holds for that time, not for one stated before
            found.append(Period(label or "", m.start(), m.end()))
    found.sort(key=lambda p: p.start)
    out: list[Period] = []
    # 同年8月: the year of the period before it; "a year earlier": the one before; on a page of
    # unknown date, a month or quarter without its year (3月, Q1): the year stated before it
    for p in found:
        if p.label.startswith(("=", _YEAR_BEFORE)):
            known = [q for q in out if q.label and q.label != _NO_PERIOD]
            if p.label == _YEAR_BEFORE:
                year = int(known[-1].label[:4]) if known else published.year if published else None
                p = Period("" if year is None else str(year - 1), p.start, p.end)
            elif not known:
                p = Period("", p.start, p.end)  # stated, but of no year known
            else:
                p = Period(known[-1].label[:4] + p.label[1:], p.start, p.end)
        out.append(p)
    return tuple(out)


_CLAUSE = re.compile(r"[，,；;：:]")
# A period that is the base a figure is compared with: 相比于截至2021年6月30日的, "compared
# with Q4 2018".
_BASE = re.compile(r"(?:相[比较]于?|较|(?<![占无好])比|compared\s+(?:to|with)|versus"
                   r"|\bfrom\s+the\s+(?:month|quarter)\s+of|\bfrom)"
                   r"\s*(?:截至|截止|the\s+)?$", re.IGNORECASE)
_BASE_FIGURE = re.compile(r"(?:\bfrom|\bover|\bthan|较|比|相比)\s*(?:about\s+|约)?$", re.IGNORECASE)
# A base figure between a figure and a period after it, which the period is the base's:
# "a 475 percent increase over the 20 million DAU reported in November 2019".
_BASE_BETWEEN = re.compile(r"(?:\b(?:over|from|than|versus|compared\s+(?:to|with))\s+(?:the\s+|a\s+)?"
                           r"|较|比|相比)\s*(?:about\s+|约\s*)?[$¥€£]?\s*[\d一二三四五六七八九十两]", re.IGNORECASE)
# ... and one that names it around the period: 与2017年相比, 和去年同期相比.
_BASE_WITH = re.compile(r"(?:与|和|同|跟)\s*$")
_BASE_THEN = re.compile(r"\s*(?:同期|年?底|年?末)?\s*(?:相比|相较|比较|对比)")
# A period that dates an event of an earlier clause, not the figure after it: 2011年推出Whoscall，
# 全球用户突破2500万; 这款2015年4月才上线的应用，积累了1.3亿用户; 于2012年颁奖盛典上透露，用户突破1000万.
_EVENT = re.compile(r"\s*(?:的)?\s*(?:才|就|正式|首次|再次|已)?(?:推出|上线|成立|创办|创立|开业|诞生|问世)"
                    r"|[^，,；;。]{0,24}?(?:上|时|中)?(?:透露|表示|宣布|指出)\s*[，,：:]")
# After a period, a word that the figure came later: 1996年……最终海外市场占收入的70%.
_LATER = re.compile(r"最终|后来|此后|如今|\b(?:eventually|later|since then)\b", re.IGNORECASE)
# Between the two ends of a span: "between June 2018 and June 2019", 从2018年到2019年.
_SPAN_TO = re.compile(r"\s*(?:and|to|until|through|[-–—]|至|到)\s*(?:the\s+end\s+of\s+)?",
                      re.IGNORECASE)
_DIGIT = re.compile(r"[\d一二三四五六七八九十百千万亿两半]")
# A period bound to another figure: 从2016年的37%, "2016's 37%".
_BOUND = re.compile(r"(?:的|'s|’s)\s*[\d一二三四五六七八九十百千万亿两半]")
# The figure holds now, whatever period the sentence names elsewhere: 目前, currently.
# (These two are searched in every sentence a figure stands in: behind a look-ahead on their
# first characters, with_lookahead, re skips most offsets in one step; the matches are the same.)
_PRESENT = with_lookahead(r"目前|当前|现在|如今|至今|迄今|\b(?:currently|now|today|to date|at present)\b",
                          re.IGNORECASE)
# The sentence speaks of a target or forecast: a month or quarter still ahead is this year's.
_TARGET = with_lookahead(r"预计|预估|估计|目标|力拼|期盼|期望|计划|有望|争取|将(?=[会达超突成增有])"
                         r"|\b(?:expects?|expected|targets?|will|plans?|forecasts?)\b", re.IGNORECASE)


def says_now(text: str) -> bool:
    """True when `text` says a figure holds now (目前, currently)."""
    return _PRESENT.search(text) is not None


def find(text: str, start: int, published: dt.date | None, end: int | None = None) -> Period | None:
    """The period a figure at text[start:end] refers to: the nearest stated before it in its
    sentence, else the nearest after it in its clause. Periods inside the figure itself or
    bound to another figure (从2016年的37%) are not taken, and a figure its clause says holds
    now (目前, currently), or that stands after "now" (2015年上线，至今已有), has none; nor has
    one whose earlier clause's period dates a launch or a statement (2011年推出…, 于2012年…上
    透露) or is left behind (1996年……最终), or stands after a time that is no period (三年前,
    五年后). A period after the figure past a base figure ("an increase over the 20 million
    reported in November 2019") is the base's. In a sentence of targets or forecasts (目标, 预计)
    a month still ahead is this year's.
    """
    end = start if end is None else end
    ahead = published is not None and _TARGET.search(text) is not None
    stated = [p for p in _find_all(text, published, ahead) if p.label]
    # a period in the figure before its number counts (期盼今年能净增100万户)
    number = next((d.start() for d in _DIGIT.finditer(text, start, end)
                   if not any(p.start <= d.start() < p.end for p in stated)), start)
    # a figure that is itself a base ("down to 32% from 35% the previous year") holds for the
    # base's period after it
    base_figure = _BASE_FIGURE.search(text, max(0, start - 12), start) is not None
    clause_start = 0
    for m in _CLAUSE.finditer(text, 0, number):
        clause_start = m.end()
    if _PRESENT.search(text, clause_start, end):
        return None
    after_clause = _CLAUSE.search(text, end)
    clause_end = after_clause.start() if after_clause else len(text)
    periods = [p for p in stated
               if (p.end <= number or p.start >= end)
               and not (_BOUND.match(text, p.end) and p.end < start - 2)
               and (base_figure and p.start >= end or not _BASE.search(text, max(0, p.start - 24), p.start))
               and not (_BASE_WITH.search(text, max(0, p.start - 4), p.start)
                        and _BASE_THEN.match(text, p.end))]
    before = [p for p in periods if p.end <= number]
    after = [p for p in periods if end <= p.start < clause_end
             and not _BASE_BETWEEN.search(text, end, p.start)]
    # "between the end of June 2018 and the end of June 2019": the span's end
    while len(after) > 1 and _SPAN_TO.fullmatch(text, after[0].end, after[1].start):
        after = after[1:]
    if after and (not before or before[-1].start < clause_start):
        # the figure's own clause states its period after it ("which grew to 60 million by
        # June 2019"): that, rather than one an earlier clause gives another figure
        return after[0] if after[0].label != _NO_PERIOD else None
    if before and before[-1].start < clause_start and (
            _EVENT.match(text, before[-1].end) or _LATER.search(text, before[-1].end, number)):
        return None  # the period dates an earlier clause's event (2011年推出…), or the figure came later
    if before and before[-1].label == _NO_PERIOD:
        return None  # 三年前, 五年后: the figure holds for a time stated, but for no period
    if before:
        # 2015年底上线，至今已有200万用户: the figure holds now, not in the period named
        if _PRESENT.search(text, before[-1].end, number):
            return None
        if (published is not None and before[-1].start < clause_start
                and int(before[-1].label[:4]) > published.year
                and not _TARGET.search(text, clause_start, end)):
            return None  # 明年产能将增加；此外也提供40%的零配件: a forecast's year stays with it
        return before[-1]
    return None
