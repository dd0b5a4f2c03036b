"""Find the numbers in a sentence of Chinese (Simplified or Traditional) or English text.

`find_numbers` returns every number as a `NumberSpan`, left to right and never overlapping:
Arabic digits (580,000; １００; 1.58), Chinese numerals alone or mixed with digits (两千, 一千零五,
1万7千, 3万4000, 6百万, 3.8萬, 壹佰伍拾, bare 百万 and 万亿), English number words (one hundred and
five, a million, 1.1 billion, 40k), percentages (60%, 百分之六十, 七成, 5个百分点, sixty per cent),
fractions (三分之一, one-eighth, 1/5), halves (一半, half), multiples (十倍, tenfold), ranges
(5~6億, 5到6亿, 5 to 6 million, 5%-6%, 七八十%), ordinals (第一, 4th), dates (2018年, 5月1日, 95后) and
vague amounts (数百万, 几千万, 十几, millions of).

Precision rules keep ordinary words out: a lone Chinese digit must look like a quantity
(三个, 两家, 十倍, 二分之一), so 一些, 一起, 之一, 统一, 队伍, 陆地 and 四川 give nothing; a bare
unit (百, 千, 万, 亿) needs a cue before it (近百家, 过亿, 上千) unless it is compound (百万, 千亿);
digits glued to Latin letters (5G, 4S, C2B2C, Q4) are not numbers; English "one" is not a number
in "no one", "one of" or "which one".

The scan runs over a folded copy of the text of the same length (full-width forms to ASCII,
Traditional numeral and measure characters to Simplified), so offsets index the original.

>>> [(n.text, n.value) for n in find_numbers("騰訊服務器總量已經超過100萬臺")]
[('100萬', 1000000.0)]
>>> [(n.text, n.low, n.high) for n in find_numbers("用戶達到5~6億")]
[('5~6億', 500000000.0, 600000000.0)]
>>> parse_number("1万7千"), parse_number("one hundred and five")
(17000.0, 105.0)
"""

from __future__ import annotations

import bisect
import math
import re
from collections.abc import Iterable
from typing import ClassVar, Final, Literal, NamedTuple, cast

__all__ = [
    "NumberSpan",
    "find_numbers",
    "find_numbers_in",
    "fold_chars",
    "may_hold_share",
    "may_hold_share_in",
    "parse_number",
]


class NumberSpan:
    """One number in a text.

    `value` is the number itself; for percents it is in percent units (60.0 for 60%), for
    fractions and halves a plain ratio (0.125 for 八分之一, 0.5 for 一半), for a range its low
    bound (`low` and `high` hold both bounds). `kind` says how it was written: "number",
    "percent" (is_percent), "points" (个百分点, percentage points; is_percent), "discount"
    (七折 = 70, is_percent), "fraction", "half", "multiple" (十倍), "ordinal" (第一, 4th, 一、),
    "date" (2018年, 5月, 1日) or "cohort" (95后). `more` marks a "more than" suffix written
    inside the number (2千多, 5萬餘, 50+, a million-plus); `vague` an amount with no definite
    number (数百万, 十几, millions of), whose value is its order of magnitude. A pair of
    numerals (一二百, 七八十%) is a range, with low and high.

    A span is read-only, compares equal to a span of the same fields and hashes as they do
    (what a frozen dataclass gives). It is a plain class: a frozen dataclass sets each field
    through object.__setattr__, which made building the spans of a scan several times slower
    (the figure is in the commit that made it plain); in the compiled module its fields are
    read-only (Final), in plain Python for mypy.

    >>> span = find_numbers("约60%")[0]
    >>> span
    NumberSpan(text='60%', start=1, end=4, value=60.0, is_percent=True, kind='percent', low=None, high=None, more=False, vague=False)
    >>> span == find_numbers("约60%")[0], len({span, find_numbers("约60%")[0]})
    (True, 1)
    """

    __match_args__: ClassVar[tuple[str, ...]] = (
        "text",
        "start",
        "end",
        "value",
        "is_percent",
        "kind",
        "low",
        "high",
        "more",
        "vague",
    )

    def __init__(
        self,
        text: str,
        start: int,
        end: int,
        value: float,
        is_percent: bool,
        kind: str,
        low: float | None = None,
        high: float | None = None,
        more: bool = False,
        vague: bool = False,
    ) -> None:
        self.text: Final = text
        self.start: Final = start
        self.end: Final = end
        self.value: Final = value
        self.is_percent: Final = is_percent
        self.kind: Final = kind
        self.low: Final = low
        self.high: Final = high
        self.more: Final = more
        self.vague: Final = vague

    def _fields(
        self,
    ) -> tuple[str, int, int, float, bool, str, float | None, float | None, bool, bool]:
        return (
            self.text,
            self.start,
            self.end,
            self.value,
            self.is_percent,
            self.kind,
            self.low,
            self.high,
            self.more,
            self.vague,
        )

    def __eq__(self, other: object) -> bool:
        if type(other) is not NumberSpan:
            return NotImplemented
        assert isinstance(other, NumberSpan)
        return self._fields() == other._fields()

    def __hash__(self) -> int:
        return hash(self._fields())

    def __reduce__(self) -> tuple[type[NumberSpan], tuple[object, ...]]:
        # pickle and copy build a span from its fields (its own fields are not writable).
        return NumberSpan, self._fields()

    def __repr__(self) -> str:
        return (
            f"NumberSpan(text={self.text!r}, start={self.start!r}, end={self.end!r}, "
            f"value={self.value!r}, is_percent={self.is_percent!r}, kind={self.kind!r}, "
            f"low={self.low!r}, high={self.high!r}, more={self.more!r}, vague={self.vague!r})"
        )


def find_numbers(text: str) -> list[NumberSpan]:
    """All numbers in `text`, in order and non-overlapping.

    >>> [(n.text, n.value, n.kind) for n in find_numbers("减少了三分之一, 60%的医院, 第二")]
    [('三分之一', 0.3333333333333333, 'fraction'), ('60%', 60.0, 'percent'), ('第二', 2.0, 'ordinal')]
    >>> find_numbers("这支队伍统一了一些标准, 是其中之一")
    []
    """
    return [_to_span(text, item) for item in _scan(text, loose=False)]


def find_numbers_in(
    text: str, spans: Iterable[tuple[int, int]], folded: str | None = None
) -> list[list[NumberSpan]]:
    """`find_numbers(text[a:b])` for each span (a, b), with offsets into `text`.

    Each span is scanned on its own, so a number never runs across the end of a span.
    `folded`, when the caller has it, is fold_chars(text): the characters are then folded
    once for the whole text (fold_chars folds each character alone, so a slice of it is
    the fold of the slice), not once per span.

    >>> [[(n.text, n.start) for n in ns] for ns in find_numbers_in("共5家。约3台", [(0, 4), (4, 8)])]
    [[('5', 1)], [('3', 5)]]
    """
    out = []
    for a, b in spans:
        part = text[a:b]
        chars = folded[a:b] if folded is not None else None
        out.append([_to_span(part, item, a) for item in _scan(part, False, chars)])
    return out


def may_hold_share(text: str) -> bool:
    """False when `find_numbers(text)` surely holds no percent, fraction or half: a test far
    cheaper than the scan, for callers that only want those.

    It looks for what each of them is made of: a sign (%, ‰, /, ½), 分之, 成 after a numeral,
    一半/过半/半数/半成, an English percent or fraction word standing as a word of its own (per
    cent, third, out of; an ordinal unit only with a tens word: twenty-first), or "in"
    between two numbers in digits or words (one in five, 1 in 4).

    >>> may_hold_share("用户超过10亿"), may_hold_share("七成用户"), may_hold_share("a third of")
    (False, True, True)
    """
    return may_hold_share_in(fold_chars(text), 0, len(text))


def fold_chars(text: str) -> str:
    """`text` with the characters the scan folds (full-width forms, Traditional numerals)
    folded one by one: the same length, what `may_hold_share_in` reads.

    >>> fold_chars("３萬，１２")
    '3万，12'
    """
    return _FOLD_CHARS.sub(_fold_char, text)


def may_hold_share_in(folded: str, start: int, end: int) -> bool:
    """`may_hold_share(text[start:end])`, for `folded` = fold_chars(text): a text folded once
    for all its spans. (The scan also folds a few separators by what stands around them, 3。5
    and 1,5 million: no share is made of them, so the test need not see that.)

    >>> may_hold_share_in(fold_chars("用户超过10亿，七成用户"), 0, 7)
    False
    """
    if _SHARE_CHAR.search(folded, start, end) and _SHARE_ZH.search(folded, start, end):
        return True
    if not _ASCII_LETTER.search(folded, start, end):
        return False
    # As bytes, only ASCII letters change case: the words are those _en_tokens reads. One
    # translation lower-cases the letters and blanks every other byte (_ascii_words of the
    # lower-cased bytes); a run of three letters is in it where it is in the lower-cased text.
    raw = folded[start:end].encode()
    words = raw.translate(_LOWER_OR_BLANK)
    runs = words.split()
    # The runs are hashed once, into the words any test below needs: most texts hold none.
    hits = _SHARE_RUNS.intersection(runs)
    if not hits:
        return False
    if not _SHARE_EN.isdisjoint(hits):
        return True  # a third, quarters, out of, over, percent, percentage, pct
    if b"per" in hits and not _CENTS.isdisjoint(runs):
        return True  # per cent (_EN_PERCENT)
    if not _SHARE_AFTER_TENS.isdisjoint(hits) and not _TENS_RUNS.isdisjoint(runs):
        return True  # twenty-first (_en_denom)
    # " in " between blanked runs is a run "in" of its own.
    return b"in" in hits and _may_be_x_in_y(raw, words)


def _may_be_x_in_y(raw: bytes, words: bytes) -> bool:
    """Whether a fraction "X in Y" (one in five, 1 in 4, one in every three: _en_over_out_of)
    may stand in a text, given as UTF-8 bytes (`raw`) and their a-z runs (`words`, the rest
    blanked): "in" between tokens _en_tokens reads, the one before it digits or a number
    word, the one after it (or after "every") too. The tokens and their separators are ASCII,
    which UTF-8 keeps as it is, so the bytes stand for the text.

    >>> raw = "七成. One in five; in 2019".encode()
    >>> _may_be_x_in_y(raw, raw.translate(_LOWER_OR_BLANK))
    True
    """
    # A separator stands on each side of "in", so it is " in " among the blanked runs.
    at = words.find(b" in ") + 1
    while at > 0:
        end = at + 2
        # Back over the separator ([ \t]+ or [ \t]*-[ \t]*) to the token before.
        k = at
        while k > 0 and raw[k - 1] in _SPACE_TAB:
            k -= 1
        if k > 0 and raw[k - 1] == _HYPHEN:
            k -= 1
            while k > 0 and raw[k - 1] in _SPACE_TAB:
                k -= 1
        number_before = False
        if 0 < k < at:
            first = k
            while first > 0 and words[first - 1] != _BLANK:
                first -= 1
            number_before = raw[k - 1] in _ASCII_DIGITS or words[first:k] in _EN_VOCAB_BYTES
        if number_before:
            after = _TOKEN_AFTER_IN.match(raw, end)
            if after is not None and _number_token(after.group(1)):
                return True
        at = words.find(b" in ", end) + 1
    return False


def _number_token(token: bytes) -> bool:
    """Whether a token _en_tokens reads may be (part of) a number: digits or a number word."""
    return token[0] in _ASCII_DIGITS or token.lower() in _EN_VOCAB_BYTES


def parse_number(s: str) -> float:
    """The value of a string that is exactly one number ("1万7千", "１００", "a million").

    Raises ValueError when the string is empty, holds no number, or holds more than one.

    >>> parse_number("两千"), parse_number("１００"), parse_number("百分之六十")
    (2000.0, 100.0, 60.0)
    """
    t = s.strip()
    items = _scan(t, loose=True) if t else []
    if len(items) == 1 and items[0].start == 0 and items[0].end == len(t):
        return _to_span(t, items[0]).value
    raise ValueError(f"not a single number: {s!r}")


# --------------------------------------------------------------------------------------------
# Folding: a same-length copy of the text with one spelling per character.

_FOLD = str.maketrans(
    "０１２３４５６７８９"
    "ＡＢＣＤＥＦＧＨＩＪＫＬＭＮＯＰＱＲＳＴＵＶＷＸＹＺａｂｃｄｅｆｇｈｉｊｋｌｍｎｏｐｑｒｓｔｕｖｗｘｙｚ"
    "％﹪．－～〜／＋：（）\u3000\u00a0\u2212\u2013\u2014\u2011○◯"
    "萬億兩倆俩點負餘幾陸貳參叄個臺隻對雙後數過級時鐘歲項張條輛顆組屆輪場聲節頁筆單門處種類間層"
    "塊噸畝週為員長績語額來從總與還這卻於號達約將戶棟線網際會圖計",
    "0123456789"
    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"
    "%%.-~~/+:()  ----〇〇"
    "万亿两两两点负余几陆贰叁叁个台只对双后数过级时钟岁项张条辆颗组届轮场声节页笔单门处种类间层"
    "块吨亩周为员长绩语额来从总与还这却于号达约将户栋线网际会图计",
)
# A full-width comma between full-width digits (１１１，１１１): a thousands separator, folded to
# "," (elsewhere "，" is the Chinese clause comma and stays).
# "。" typed for a decimal point between digits, before a scale or a percent sign (3。5亿).
# Each opens with its mark and looks behind it for the digit: re skips to the mark, where
# (?<=[0-9])。 tried the look-behind at every offset (every Chinese sentence ends with "。").
_ZH_POINT = re.compile(r"。(?<=[0-9]。)(?=[0-9]+ ?[万亿千百%])")
_FW_GROUP_COMMA = re.compile(r"，(?<=[０-９]，)(?=[０-９]{3}(?![０-９]))")
# A comma before one or two digits and an English scale word (1,44 billion, 2,5 millions): a
# decimal comma, as European writers type it; a thousands comma is followed by three digits.
_DECIMAL_COMMA = re.compile(
    r"(?<![0-9.,])([0-9]{1,3}),(?=[0-9]{1,2}[ \t]+(?:thousand|million|billion|trillion)s?\b)",
    re.IGNORECASE,
)
# The comma and what follows it in every _DECIMAL_COMMA match: a search that re skips to the
# comma for, to run the substitution (which tries its look-behind at every offset) only where
# it may change something.
_DECIMAL_COMMA_AHEAD = re.compile(
    r",(?=[0-9]{1,2}[ \t]+(?:thousand|million|billion|trillion)s?\b)", re.IGNORECASE
)
_FOLD_MAP: dict[str, str] = {chr(k): chr(v) for k, v in _FOLD.items() if isinstance(v, int)}
# The characters _FOLD changes (a regex substitution is faster than str.translate on the
# long, mostly unchanged texts of a corpus).
_FOLD_CHARS = re.compile("[" + "".join(re.escape(c) for c in _FOLD_MAP) + "]")


def _fold_char(m: re.Match[str]) -> str:
    return _FOLD_MAP[m.group()]


def _fold(text: str, folded: str | None = None) -> str:
    """`text` with full-width forms, dashes and Traditional numeral characters normalized;
    `folded`, when given, is fold_chars(text), folded before."""
    s = _FOLD_CHARS.sub(_fold_char, text) if folded is None else folded
    if "。" in s:
        s = _ZH_POINT.sub(".", s)
    if (
        "," in s
        and ("illion" in s or "housand" in s or "ILLION" in s or "HOUSAND" in s)
        and _DECIMAL_COMMA_AHEAD.search(s)
    ):
        s = _DECIMAL_COMMA.sub(r"\1.", s)
    if "，" in text:
        marks = [m.start() for m in _FW_GROUP_COMMA.finditer(text)]
        if marks:
            chars = list(s)
            for k in marks:
                chars[k] = ","
            s = "".join(chars)
    return s


# --------------------------------------------------------------------------------------------
# Character tables (all in folded, Simplified form).

# Chinese digits (financial forms included).
_CD: dict[str, int] = {
    "零": 0, "〇": 0, "一": 1, "壹": 1, "幺": 1, "二": 2, "贰": 2, "两": 2, "三": 3, "叁": 3,
    "四": 4, "肆": 4, "五": 5, "伍": 5, "六": 6, "陆": 6, "七": 7, "柒": 7, "八": 8, "捌": 8,
    "九": 9, "玖": 9,
}  # fmt: skip
# Small units (inside a section of four digits) and big units (sections).
_SU: dict[str, float] = {"十": 10.0, "拾": 10.0, "百": 100.0, "佰": 100.0, "千": 1e3, "仟": 1e3}
_BU: dict[str, float] = {"万": 1e4, "亿": 1e8, "兆": 1e12}
# Financial numerals, which also occur inside ordinary words (队伍, 陆地, 收拾, 放肆).
_FIN = frozenset("壹贰叁肆伍陆柒捌玖拾佰仟")
# Chinese digits allowed after 点 (两 is not a decimal digit: 两百点两 is 200 and 2).
_DEC = {c: str(v) for c, v in _CD.items() if c != "两"}
# Characters after 是 that end a bare numeral used as a noun (答案是五, 这是五那是四).
_COPULA_NEXT = frozenset("这那不而却还和与或也")
# Characters before a lone digit opening a range that let it be a quantity (约三到五个).
_QUANT_PREFIX = frozenset("约近有是为达共仅只需花用每和与或增降减涨跌超过占及至到逾计")
# Cues before a lone bare unit (近百家, 过亿, 破万, 每千人); 上, 数 and 几 also make it vague.
_BARE_CUES = frozenset("近逾过超破达约每将上数几")
# Characters after a lone bare unit that make a word, not a number (万达, 百度, 千里).
_BARE_NOT_NEXT: dict[str, str] = {"万": "达科物象一事众里岁分", "百": "度货姓科花", "千": "里方"}
# Characters before 数 that make 数 a noun (用户数十亿 is 1e9 users, not "several billion").
_SHU_NOUN = frozenset("人户次总参叁指系基倍分件位家名天年字票股岁")
# Characters before 上 that make 上 a locative (线上百万用户 is 1e6 online users).
_SHANG_LOC = frozenset("线网台场界面晚早马加以之身手路际本基向往会图上街墙")
# Characters after 成 that make it a verb or a noun rather than tenths (成为, 成员, 成本).
_CHENG_NOT = frozenset("为员功长立本熟果绩交就型品都群语效真像器批套分年人")
# ...unless a word follows that 成 is a share of (9成人口: 90% of the population, not adults).
_CHENG_OF = ("人口",)
# Characters after 折 that make it a verb (折合, 折叠, 折旧).
_ZHE_NOT = frozenset("合算旧叠射腾返线中服损扣页痕")
# Characters after 兆 that make it "mega" (兆瓦 megawatt, 兆字节 megabyte), not 1e12.
_ZHAO_NOT = frozenset("瓦字比赫帕焦欧位")
# Characters after 半 (in 过半) that make it half of a period (过半年).
_HALF_NOT_NEXT = frozenset("年月天个小夜场")
# Slash forms that are idioms, not fractions.
_SLASH_IDIOMS = frozenset({"24/7", "7/24", "9/11", "365/24"})
# Currency codes that may be glued to digits (RM1.67 billion, RMB100, HK$5).
_CURRENCY = frozenset({
    "RM", "RMB", "USD", "US", "HK", "HKD", "NT", "NTD", "TWD", "S", "SGD", "A", "AUD", "C",
    "CAD", "CNY", "EUR", "GBP", "JPY", "INR", "Rs", "KRW", "Rp", "MYR", "Y",
})  # fmt: skip
# Currency letters that name money only with their dollar sign (S$10, US$5): alone before digits
# they are a model name (Galaxy S10, Audi A4).
_CURRENCY_WITH_SIGN = frozenset({"S", "A", "C", "US", "HK", "NT"})
# Unicode vulgar fractions.
_VULGAR: dict[str, float] = {
    "½": 1 / 2, "⅓": 1 / 3, "⅔": 2 / 3, "¼": 1 / 4, "¾": 3 / 4, "⅕": 1 / 5, "⅖": 2 / 5,
    "⅗": 3 / 5, "⅘": 4 / 5, "⅙": 1 / 6, "⅚": 5 / 6, "⅛": 1 / 8, "⅜": 3 / 8, "⅝": 5 / 8,
    "⅞": 7 / 8,
}  # fmt: skip
# Kinds a range may join (with the same kind, or a plain number before another kind).
_RANGE_KINDS = frozenset({"number", "percent", "points", "multiple", "discount"})

# --------------------------------------------------------------------------------------------
# Regular expressions for the scan, Arabic digits and Chinese numerals (on the folded text).

# Where a Chinese or Arabic number may start: one character (a digit, a point or a minus
# sign before a digit, a Chinese numeral or unit, 几, 半, 负, a vulgar fraction, 对 in 打对折,
# 数 in 数以…计 or before another candidate, 成 in 成千上万; _parse_at checks the context of
# the last five). The look-arounds after the class leave out what _parse_at passes over at
# once (a full stop or a dash before no digit, 对 before no 折, 成 before no 千上 or 百上, 数
# before no 以 and no other candidate); the class comes first so the search skips ahead to it.
_NUMERAL_CLASS = (
    "0-9零〇一壹幺二贰两三叁四肆五伍六陆七柒八捌九玖十拾百佰千仟万亿兆几半负½⅓⅔¼¾⅕⅖⅗⅘⅙⅚⅛⅜⅝⅞"
)
_CAND_AFTER_SHU = f"[{_NUMERAL_CLASS}]|[.\\-](?=\\.?[0-9])|对(?=折)|成(?=[千百]上[万千])"
_CAND_CHAR = re.compile(
    f"[{_NUMERAL_CLASS}.\\-对数成]"
    r"(?:(?<![.\-对成数])|(?<=[.\-])(?=\.?[0-9])|(?<=对)(?=折)|(?<=成)(?=[千百]上[万千])"
    f"|(?<=数)(?=以|{_CAND_AFTER_SHU}))"
)
# URLs: numbers inside them are not reported.
_URL = re.compile(r"(?:https?://|www\.)[^\s\u3000-\u303f\uff00-\uffef\u4e00-\u9fff]+")
# Idioms made of numerals that are not quantities (一波三折, 一成不变, 万万没想到).
_IDIOM = re.compile(
    r"一波三折|五花八门|一成不变|一五一十|一点一滴|一点一点|十全十美|万万(?![0-9]|分)"
)
# Vague idioms: 成千上万, 成百上千 (value: their first unit), 千千万万, 亿万.
_VAGUE_IDIOM = re.compile(r"成([千百])上[万千]|千千万万|亿万")
# 数以千万计, 数以亿计: vague.
_SHU_YI = re.compile(r"数以([十百千万亿]+)计")

# Scientific notation (2e5, 2.789e-1), 1.3x10^6 and powers (2^5, 1.1^-23).
_SCI = re.compile(r"(?:[0-9]+(?:\.[0-9]+)?|\.[0-9]+)[eE][+-]?[0-9]+(?![A-Za-z0-9])")
_SCI_X = re.compile(r"([0-9]+(?:\.[0-9]+)?) ?[x×] ?10\^([+-]?[0-9]{1,3})(?![0-9])")
_POW = re.compile(r"([0-9]+(?:\.[0-9]+)?)\^([+-]*)([0-9]+)(?![0-9.])")
# Dates written with separators: 2018/4/12, 2019-05-01, 2019.5.1.
_DATE_CHAIN = re.compile(r"((?:19|20)[0-9]{2})([-/.])([0-9]{1,2})\2([0-9]{1,2})(?![0-9])")
# Dotted chains (192.168.1.2, 2222.2222.22222): read as separate integers.
_DOTTED = re.compile(r"[0-9]+(?:\.[0-9]+){2,}")
_INT = re.compile(r"[0-9]+")
# Thousands grouping with a comma, a narrow or a thin space.
_GROUPED = re.compile(r"[0-9]{1,3}(?:[,\u202f\u2009][0-9]{3}(?![0-9]))+(?:\.[0-9]+)?")
# Indian grouping: lakhs and crores in pairs of digits before the last three (1,00,000).
_INDIAN_GROUPED = re.compile(r"[0-9]{1,2}(?:,[0-9]{2})+,[0-9]{3}(?![0-9]|,[0-9])")
_GROUP_SEPARATORS = re.compile(r"[,\u202f\u2009]")
# Thousands grouping with plain spaces (1 414 021 100), only where nothing joins on either side.
_SPACED = re.compile(r"[0-9]{1,3}(?: [0-9]{3}(?![0-9]))+(?![0-9]| [0-9]|[.,/][0-9])")
# Plain digits with an optional decimal part; a leading point (.5) too.
_PLAIN = re.compile(r"[0-9]+(?:\.[0-9]+)?|\.[0-9]+")
# A digit, or a point and a digit, at a position (after a sign or a leading point).
_DIGIT_AHEAD = re.compile(r"\.?[0-9]")
# A run of digits (to look at what follows it).
_DIGIT_RUN = re.compile(r"[0-9]*")
# A run of Latin letters: the word after digits and spaces (_plain_word_after_space).
_WORD = re.compile(r"[A-Za-z]+")
# Characters after plain digits that the full reading may take into the number or that make
# it something else (see _plain_digits): Chinese digits and units, 点/多/余/几, the suffixes
# _zh_item reads (个百分点, 分之, 又, 成, 折, 来, 半, 倍, 年月日号后), range marks, signs,
# scientific and grouped forms. Whitespace, digits and ASCII letters are tested apart.
_PLAIN_STOP = frozenset(
    "零〇一壹幺二贰两三叁四肆五伍六陆七柒八捌九玖十拾百佰千仟万亿兆"
    "点多余几个分又成折来半倍年月日号后至到"
    "^×+-~/%‰"
)
# After a percent sign: what may extend it (90%+) or open a range (5%-6%, 5%至6%).
_PERCENT_STOP = frozenset("+~-至到")
# Lower-cased English words that may join digits after a space: scales and abbreviations
# (_ABBR, _EN_AFTER_DIGITS), percent words (_EN_PERCENT), range words (_EN_RANGE_SEP,
# _EN_AND). A word after spaces that is a prefix of one of them, or starts with one, leaves
# the digits to the full reading.
_PLAIN_WORD_STOP = frozenset(
    {"and", "hundred", "thousand", "million", "billion", "trillion", "lakh", "crore", "dozen",
     "doz", "dz", "over", "out", "in", "percentage", "per", "percent", "pct", "to", "k", "m",
     "mm", "mil", "mn", "mln", "bn", "bln", "tn", "tln"}
)  # fmt: skip
_PLAIN_WORD_PREFIXES = frozenset(w[:k] for w in _PLAIN_WORD_STOP for k in range(1, len(w) + 1))
_PLAIN_WORD_LONGEST = max(map(len, _PLAIN_WORD_STOP))
# Characters after digits that make a date or a cohort (_zh_date_kind).
_PLAIN_DATE = frozenset("年月日号后")
# Abbreviated scales glued to digits: 40k, 10M, 1MM, 2mil, 1.5bn, 10 tln.
_ABBR = re.compile(r" ?(?:([kK])|(MM|M|mil|mn|mln)|(bn|bln)|(tn|tln))(?![A-Za-z])")
# Lower-case m and b after digits: million and billion only after a currency ($100m) or
# before a count noun (100m users); otherwise metres (100m race) or bytes.
_MONEY_ABBR = re.compile(r"(?:(m)|([bB]))(?![A-Za-z])")
_COUNT_NOUN = re.compile(
    r" +(?:(?:monthly|daily|active|paying|registered|new|unique|mobile|internet|online) +)*"
    r"(?:users|people|members|subscribers|customers|accounts|players|visitors|viewers|downloads"
    r"|devices|servers|hospitals|patients|merchants|companies|enterprises|MAUs?|DAUs?|subs"
    r"|actives|mark|milestone|threshold)\b",
    re.IGNORECASE,
)
# Currency signs and codes before a number.
_MONEY_BEFORE = re.compile(r"(?:[$£€¥]|\b(?:RMB|USD|HKD|CNY|EUR|GBP|JPY|RM|yuan)) ?$")
# English ordinal suffixes: 1st, 22nd, 4th.
_ORD_SUFFIX = re.compile(r"(?:st|nd|rd|th)(?![A-Za-z])")
# The letters (and $) glued before digits, as in US$400, RM1.67, Q4.
_LETTERS_BEFORE = re.compile(r"[A-Za-z$]+$")
# Slash fractions: 1/5, -3/2; mixed numbers: 1 3/5, 2  1/4.
_SLASH = re.compile(r"([0-9]+)/([0-9]+)(?![0-9./-])")
_MIXED_SLASH = re.compile(r"([0-9]{1,3}) {1,2}([0-9]+)/([0-9]+)(?![0-9./-])")
# A denominator written as an ordinal: 7/8ths, 2/3rds, 1/5th.
_ORD_DENOMINATOR = re.compile(r"(?:st|nds?|rds?|ths?)(?![A-Za-z])")
# Spaces inside a Chinese number (一百 五 十 二, 1000  万).
_SP = re.compile(r" {0,6}")
# Measure words and units after a lone Chinese digit that make it a quantity (三个, 两家, 五台,
# 十年, 一块蛋糕). Currency (元, 美元) is left out on purpose: 一美元 is not reported.
_MEASURE = re.compile(
    r" {0,3}(?:小时|分钟|秒钟|公里|公斤|千米|平方|立方|个|位|名|家|只|台|部(?!分|门|署|长)|款|种"
    r"|类|次|回|遍|倍|年(?!级)|月|天|日|周(?!边|围|期|末)|岁|人|户|所|座|栋|幢|间|层|条|张|份|件"
    r"|项|批|块(?!儿)|斤|吨|克|米|亩|套|本(?!正)|篇|首|辆|架|艘|枚|颗|粒|片|根|支|双|对|组|届"
    r"|期|轮|场|声|句|段|章|节|页|笔|单|门|幅|封|扇|棵|朵|匹|杯|瓶|碗|盒|箱|包|袋|处|集|席|秒"
    r"|大|分之)"
)
# 个百分点 / 百分点 (percentage points), spaces allowed between the characters.
_POINTS = re.compile(r" {0,6}(?:个 *)?百 *分 *点")
# 个亿 after a number (三个亿 = 3e8, colloquial).
_GE_YI = re.compile(r" ?个 ?亿")
# Range separators between two Chinese or Arabic numbers, and between English ones.
_RANGE_SEP = re.compile(r" {0,2}([~\-至到]) {0,2}")
_EN_RANGE_SEP = re.compile(r"\s+(?:to|-)\s+|-(?=[0-9])|~")
_EN_AND = re.compile(r"\s+and\s+")
# A further separator and digit after a range's second number: a date or a phone number.
_CHAIN_AFTER = re.compile(r"[-~/.:][0-9]")

# --------------------------------------------------------------------------------------------
# English vocabulary and regular expressions.

_EN_UNITS: dict[str, float] = {
    "zero": 0, "nought": 0, "naught": 0, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5,
    "six": 6, "seven": 7, "eight": 8, "nine": 9,
}  # fmt: skip
_EN_TEENS: dict[str, float] = {
    "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14, "fifteen": 15,
    "sixteen": 16, "seventeen": 17, "eighteen": 18, "nineteen": 19,
}  # fmt: skip
_EN_TENS: dict[str, float] = {
    "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70,
    "eighty": 80, "ninety": 90,
}  # fmt: skip
# Scale words; the plurals only serve the vague forms (millions of).
_EN_SCALES: dict[str, float] = {
    "thousand": 1e3, "million": 1e6, "billion": 1e9, "trillion": 1e12, "lakh": 1e5,
    "crore": 1e7,
}  # fmt: skip
_EN_ORD_UNITS: dict[str, float] = {
    "first": 1, "second": 2, "third": 3, "fourth": 4, "fifth": 5, "sixth": 6, "seventh": 7,
    "eighth": 8, "ninth": 9,
}  # fmt: skip
# Denominator words: one third, three quarters, a hundredth (second is a unit of time).
_EN_DENOMS: dict[str, float] = {
    "half": 2, "halves": 2, "third": 3, "quarter": 4, "fourth": 4, "fifth": 5, "sixth": 6,
    "seventh": 7, "eighth": 8, "ninth": 9, "tenth": 10, "eleventh": 11, "twelfth": 12,
    "thirteenth": 13, "fourteenth": 14, "fifteenth": 15, "sixteenth": 16, "seventeenth": 17,
    "eighteenth": 18, "nineteenth": 19, "twentieth": 20, "thirtieth": 30, "fortieth": 40,
    "fiftieth": 50, "sixtieth": 60, "seventieth": 70, "eightieth": 80, "ninetieth": 90,
    "hundredth": 100, "thousandth": 1e3, "millionth": 1e6, "billionth": 1e9,
    "trillionth": 1e12,
}  # fmt: skip
_EN_DENOMS.update({w + "s": v for w, v in list(_EN_DENOMS.items()) if w != "half"})
# Singular denominators that are also ordinals (a third party): fractions only in context.
_EN_ORDINAL_DENOMS = frozenset(
    {"third", "fourth", "fifth", "sixth", "seventh", "eighth", "ninth", "tenth"}
)
# Plural scales read as the singular right after digits (800 millions, 1.2 billions).
_PLURAL_SCALES = frozenset({"millions", "billions", "trillions"})
_EN_VAGUE: dict[str, float] = {
    "tens": 10, "hundreds": 100, "thousands": 1e3, "millions": 1e6, "billions": 1e9,
    "trillions": 1e12, "dozens": 12,
}  # fmt: skip
_EN_FOLD: dict[str, float] = {
    "twofold": 2, "threefold": 3, "fourfold": 4, "fivefold": 5, "sixfold": 6, "sevenfold": 7,
    "eightfold": 8, "ninefold": 9, "tenfold": 10, "hundredfold": 100, "thousandfold": 1e3,
}  # fmt: skip
_EN_DOZEN = frozenset({"dozen", "dozens", "dz", "dozs", "doz", "dzs"})
# Words that may start an English number, and what must follow the ones that need more
# (a hundred, millions of, several thousand).
_EN_START = frozenset(
    set(_EN_UNITS) | set(_EN_TEENS) | set(_EN_TENS) | set(_EN_VAGUE) | set(_EN_FOLD)
    | {"half", "minus", "negative", "a", "an", "several", "few"}
)  # fmt: skip


def _start_words(words: frozenset[str]) -> re.Pattern[str]:
    """A search for a whole run of Latin letters that `words` (lower case) holds, in any case.

    It opens with the class of the words' first letters, so re skips ahead to one of them; a
    trie-like branch per first letter then reads the rest.

    >>> [m.group() for m in _start_words(frozenset({"one", "two"})).finditer("One phone, two")]
    ['One', 'two']
    """
    firsts = sorted({w[0] for w in words})
    branches = []
    for f in firsts:
        rests = sorted({w[1:] for w in words if w[0] == f}, key=lambda r: (-len(r), r))
        branches.append(f"(?<={f})(?:" + "|".join(rests) + ")")
    return re.compile(
        "["
        + "".join(firsts)
        + "".join(firsts).upper()
        + "]"
        + r"(?<![A-Za-z].)(?i:"
        + "|".join(branches)
        + r")(?![A-Za-z])",
        re.ASCII,
    )


# Where an English number word may start (_en_candidates).
_EN_START_WORD = _start_words(_EN_START)
_EN_NEED_SCALE = re.compile(r"\s+(?:hundred|thousand|million|billion)s?\b", re.IGNORECASE)
_EN_NEED_AFTER: dict[str, re.Pattern[str]] = {
    "a": re.compile(
        r"\s+(?:hundred|thousand|million|billion|trillion|dozen|half|third|quarter|fourth|fifth"
        r"|sixth|seventh|eighth|ninth|tenth|hundredth|thousandth|millionth|billionth"
        r"|trillionth|twentieth|twenty-[a-z]+|thirtieth|few\s+(?:hundred|thousand|million"
        r"|billion))\b",
        re.IGNORECASE,
    ),
    "several": _EN_NEED_SCALE,
    "few": _EN_NEED_SCALE,
    **{w: re.compile(r"\s+of\b", re.IGNORECASE) for w in _EN_VAGUE},
}
_EN_NEED_AFTER["an"] = _EN_NEED_AFTER["a"]
# Every word the English parser reads (tokenizing stops after the first other word).
_EN_VOCAB = frozenset(
    {"hundred", "and", "a", "an", "point", "over", "out", "of", "minus", "negative", "several",
     "few", "in", "every"}
    | set(_EN_UNITS) | set(_EN_TEENS) | set(_EN_TENS) | set(_EN_SCALES) | set(_EN_DENOMS)
    | set(_EN_ORD_UNITS) | {w + "s" for w in _EN_ORD_UNITS} | set(_EN_VAGUE) | set(_EN_FOLD)
    | _EN_DOZEN
)  # fmt: skip
_EN_VOCAB_BYTES = frozenset(w.encode() for w in _EN_VOCAB)
# One English token after a separator (spaces or a hyphen): a word or a number.
_EN_TOKEN = re.compile(r"([ \t]+|[ \t]*-[ \t]*)?([A-Za-z]+|[0-9]+(?:,[0-9]{3})*(?:\.[0-9]+)?)")
# Digits followed by English number words: handled by the English parser (5 million, 1 over 3).
_EN_AFTER_DIGITS = re.compile(
    r"[ \t]*(?:-[ \t]*)?(?:and\s+)?(?:hundred|thousand|(?:million|billion|trillion)s?|lakh|crore"
    r"|dozens?|dozs?|dzs?|over|out[ \t]+of|in[ \t]+(?:every[ \t]+)?[0-9]{1,3}(?![0-9,.]))\b",
    re.IGNORECASE,
)
# English percent words after a number.
_EN_PERCENT = re.compile(
    r"[ \t]*(?:(?P<points>percentage[ \t]+points?)|%|per[ \t]*cents?\b|percent(?:age)?s?\b"
    r"|pct\b)",
    re.IGNORECASE,
)
_EN_FOLD_SUFFIX = re.compile(r"-?fold\b", re.IGNORECASE)
_EN_PLUS = re.compile(r"-plus\b", re.IGNORECASE)
_EN_PLUS_SIGN = re.compile(r"\+(?![0-9])")

# What may_hold_share looks for. Every percent, fraction or half in Chinese or in signs holds
# one of these characters (a cheap first test)...
_SHARE_CHAR = re.compile("[%‰/" + "".join(_VULGAR) + "分半成]")
# ... and one of these forms: signs, 分之 (_fraction_tail, _mixed_fraction), 半成, 半数, 过半
# (_half_at), 一半 (_zh_item) and 成 after the last character of an amount (_cheng, spaces
# allowed as _sp allows them).
_SHARE_ZH = re.compile(
    "[%‰/" + "".join(_VULGAR) + "]|分 {0,6}之|半[成数]|过半|[" + "".join(_CD) + "]半"
    "|[0-9A-Za-z" + "".join(_CD) + "".join(_SU) + "".join(_BU) + "多余几] {0,6}成"
)
# English words in fractions and halves (_en_denom, _en_over_out_of), lower-cased.
# Each a run of letters of its own (the runs of a text are what may_hold_share_in reads):
# fraction words (_en_denom, _en_over_out_of) and percent words (_EN_PERCENT, which reads
# them after a number: per cent, percent(s), percentage(s), pct).
_SHARE_EN = frozenset(
    w.encode()
    for w in {"over", "out", *_EN_DENOMS, "percent", "percents", "percentage", "percentages", "pct"}
)
_CENTS = frozenset({b"cent", b"cents"})
# An ordinal unit is a denominator only after a tens word (twenty-first, thirty-fifths; never
# "second", a unit of time), and the others are denominators themselves (_EN_DENOMS).
_SHARE_AFTER_TENS = frozenset(
    w.encode() for u in _EN_ORD_UNITS if u != "second" for w in (u, u + "s")
) - _SHARE_EN
_TENS_RUNS = frozenset(w.encode() for w in _EN_TENS)
# A text's runs hold one of these where may_hold_share_in reads further than its runs' set.
_SHARE_RUNS = _SHARE_EN | _SHARE_AFTER_TENS | {b"per", b"in"}
_ASCII_LETTER = re.compile("[A-Za-z]")
# The token after "in" (_EN_TOKEN: words and digits, separated by spaces or a hyphen), and
# "every" before it, as _may_be_x_in_y reads them in UTF-8 bytes.
_TOKEN_AFTER_IN = re.compile(
    rb"(?:[ \t]+|[ \t]*-[ \t]*)(?:[Ee][Vv][Ee][Rr][Yy](?:[ \t]+|[ \t]*-[ \t]*))?([0-9]|[A-Za-z]+)"
)
_BLANK = 0x20
_HYPHEN = 0x2D
_SPACE_TAB = frozenset(b" \t")
_ASCII_DIGITS = frozenset(b"0123456789")
# Every byte but a-z, blanked: the runs of a-z are then what bytes.split() returns, several
# times faster than finding them with a regex.
_NOT_LOWER_BLANK = bytes(b if 0x61 <= b <= 0x7A else 0x20 for b in range(256))
# The same after lower-casing: A-Z to a-z, a-z kept, every other byte blanked.
_LOWER_OR_BLANK = bytes(_NOT_LOWER_BLANK[bytes([b]).lower()[0]] for b in range(256))


def _ascii_words(low: bytes) -> list[bytes]:
    """The runs of a-z in `low`, in order (what re.findall(b"[a-z]+", low) returns).

    >>> _ascii_words("one-third of 用户, a.b".encode())
    [b'one', b'third', b'of', b'a', b'b']
    """
    return low.translate(_NOT_LOWER_BLANK).split()


def _wordset(words: str) -> frozenset[str]:
    return frozenset(words.split())


# Words before "one" that make it a pronoun (no one, which one, the first one).
_ONE_NOT_BEFORE = _wordset(
    "no any some every each the this that which another other little loved right wrong first"
    " second third last next new old big small good best same like"
)
# Words after "one" that make it a pronoun or an adjective (one of, one would, one-stop).
_ONE_NOT_AFTER = re.compile(
    r"[ \t]+(?:of|another|day|by[ \t]+one|would|should|could|can|must|may|might|will|that"
    r"|who|which)\b|-(?:stop|way|click|off|time|size|sided|on-one)\b",
    re.IGNORECASE,
)
# Words around "half" that make it a period (the first half, half a year, half-time).
_HALF_NOT_BEFORE = _wordset("first second latter other back front last next 1st 2nd")
_HALF_NOT_AFTER = re.compile(
    r"[ \t]*-|[ \t]+(?:an?[ \t]+)?(?:year|hour|day|month|time|century|decade|way|term|week)s?\b",
    re.IGNORECASE,
)
# After "the other half": "of" and a whole that is no period (the other half of the population,
# not the other half of the year).
_HALF_OF_WHOLE = re.compile(
    r"[ \t]+of[ \t]+(?!(?:(?:the|its|our|their|his|her|this|that)[ \t]+)?"
    r"(?:year|day|month|week|decade|century|season|quarter|game|match|night|time)s?\b)[A-Za-z]",
    re.IGNORECASE,
)
# Words before "quarter(s)" that make it a period (first quarter, past three quarters).
_QUARTER_NOT_BEFORE = _wordset(
    "first second third fourth last past next previous consecutive following recent straight"
    " the this that fiscal"
)
# Words before a four-digit number that make it a year (in 2018, Q4 2017, April 2019).
_EN_YEAR_CUES = _wordset(
    "in since by from until till of year during early late mid end q1 q2 q3 q4 h1 h2 fy"
)
# Month names before a day number (April 12) or a year.
_EN_MONTHS = _wordset(
    "january february march april may june july august september october november december"
    " jan feb mar apr jun jul aug sep sept oct nov dec"
)

_NUL = "\0"  # stands for "no character" at either end of the text
# _exact: a float is written to this many significant digits, and is taken for the short
# decimal the text meant when that writing needs no more than _SHORT_DIGITS of them.
_FLOAT_DIGITS = 15
_SHORT_DIGITS = 12
_WHOLE_EXACT = 1e15  # below it, a whole float has at most 15 digits
# The widest span a dash range, or one whose first bound does not share the second's scale,
# may cover (high / low): 400-8208820 is a phone number, not a range.
_MAX_RANGE_RATIO = 20
# How far before digits to look for the letters glued to them (a currency code: US$, RMB) and
# for a currency sign or code (_MONEY_BEFORE).
_LETTERS_REACH = 8
_MONEY_REACH = 6
# The most tokens an English number is read over (one hundred and twenty-five million ...).
_EN_TOKEN_LIMIT = 48
# The largest whole of "one in N" read as a share (one in five; not "3 in 100,000").
_MAX_IN_EVERY = 100
# Four-digit numbers in this range are years after an English cue (in 2018) or in a range.
_FIRST_YEAR = 1900
_LAST_YEAR = 2099
_INF = math.inf
_LONE = 1  # a lone Chinese digit (三, 两, 十): needs a measure word or other context
_BARE = 2  # a unit with no digit (百, 万, 百万): a single one needs a cue before it


# --------------------------------------------------------------------------------------------
# The working form of a span.


class _Item:
    """A number under construction (the scan's working form of a NumberSpan).

    A plain class, not a dataclass: mypyc compiles this __init__ (a dataclass's is Python
    code), and the scan builds one for every number it reads."""

    def __init__(
        self,
        start: int,
        end: int,
        value: float,
        kind: str = "number",
        is_percent: bool = False,
        low: float | None = None,
        high: float | None = None,
        more: bool = False,
        vague: bool = False,
        scale: float = 1.0,
        need: int = 0,
        lone: str = "",
        arabic: str = "",
        digit_string: bool = False,
        mult: float = 1.0,
    ) -> None:
        self.start = start
        self.end = end
        self.value = value
        self.kind = kind
        self.is_percent = is_percent
        self.low = low
        self.high = high
        self.more = more
        self.vague = vague
        self.scale = scale  # trailing scale (万, 亿, million) a range's first bound may share
        self.need = need  # _LONE or _BARE when the number needs context to count
        self.lone = lone  # the lone digit character, for _LONE
        self.arabic = arabic  # the text of a number written in Arabic digits only
        self.digit_string = digit_string  # Chinese digits read one by one (二〇一八, 九九折)
        self.mult = mult  # factor a suffix applied to the written number (成 10, ‰ 0.1)


def _exact(value: float | int | None) -> float | int | None:
    """The decimal a product of written digits and scales means: 1.1 × 10⁸ is computed as
    110000000.00000001 and 1.5‰ as 0.15000000000000002, while the text says 110000000 and
    0.15. A value within float noise of a short decimal (at most 12 significant digits once
    written to 15) becomes that decimal; others (1/3) stay as computed. (The scan's values are
    sometimes ints, and one stays an int: `float` alone would let mypyc make it a float.)"""
    if value is None or not math.isfinite(value):
        return value
    if type(value) is float and value.is_integer() and -_WHOLE_EXACT < value < _WHOLE_EXACT:
        return value  # a whole number written to 15 digits reads back as itself
    short = f"{value:.{_FLOAT_DIGITS}g}"
    mantissa = short.split("e")[0].replace("-", "").replace(".", "").strip("0")
    return float(short) if len(mantissa) <= _SHORT_DIGITS else value


def _to_span(text: str, item: _Item, offset: int = 0) -> NumberSpan:
    return NumberSpan(
        text=text[item.start : item.end],
        start=item.start + offset,
        end=item.end + offset,
        value=cast(float, _exact(item.value)) + 0.0,  # + 0.0 turns -0.0 into 0.0
        is_percent=item.is_percent,
        kind=item.kind,
        low=_exact(item.low),
        high=_exact(item.high),
        more=item.more,
        vague=item.vague,
    )


# --------------------------------------------------------------------------------------------
# The scan.


def _scan(text: str, loose: bool, chars: str | None = None) -> list[_Item]:
    """Items for every number in `text`; `loose` accepts lone digits and bare units; `chars`,
    when given, is fold_chars(text)."""
    s = _fold(text, chars)
    n = len(s)
    urls = [m.span() for m in _URL.finditer(s)] if ("://" in s or "www." in s) else []
    url_starts = [b for b, _ in urls]  # sorted, and the URLs do not overlap
    words = _en_candidates(s)
    w = 0
    zh_next = -1
    out: list[_Item] = []
    pos = 0
    while True:
        if zh_next < pos:
            m = _CAND_CHAR.search(s, pos)
            zh_next = m.start() if m else n
        while w < len(words) and words[w] < pos:
            w += 1
        i = min(zh_next, words[w] if w < len(words) else n)
        if i >= n:
            return out
        if urls and (k := bisect.bisect_right(url_starts, i)) and i < urls[k - 1][1]:
            pos = urls[k - 1][1]  # inside a URL: past it
            continue
        items, nxt = _parse_at(s, i, loose)
        for item in items:
            if item.start >= pos and item.end > item.start:
                out.append(item)
                pos = item.end
        pos = max(pos, nxt, i + 1)


def _en_candidates(s: str) -> list[int]:
    """Where English number words start in `s` (one, twenty, a hundred, millions of)."""
    out: list[int] = []
    for m in _EN_START_WORD.finditer(s):
        word = m.group().lower()
        st = m.start()
        if st and (s[st - 1].isdigit() or s[st - 1] == "_"):
            continue
        need = _EN_NEED_AFTER.get(word)
        if need is None or need.match(s, m.end()):
            out.append(st)
    return out


def _parse_at(s: str, i: int, loose: bool) -> tuple[list[_Item], int]:
    """The items found at `i` and where to scan next."""
    c = s[i]
    if "a" <= c.lower() <= "z":
        item = _en_item(s, i)
        return ([item], item.end) if item is not None else ([], i + 1)
    if c in "0123456789.-":
        return _digits_at(s, i, loose)
    if c in "一五十万" and (m := _IDIOM.match(s, i)):
        return [], m.end()
    if c in "成千亿" and (m := _VAGUE_IDIOM.match(s, i)):
        unit = m.group(1)
        value = _SU[unit] if unit else (1e7 if c == "千" else 1e8)
        return [_Item(i, m.end(), value, vague=True)], m.end()
    if c == "数":
        m = _SHU_YI.match(s, i)
        core = _zh_core(m.group(1), 0) if m else None
        if m is None or core is None or core.end != len(m.group(1)):
            # 数百万: the number after 数 takes it in as a vague cue
            if s[i + 1 : i + 2] in ("", "数") or not _CAND_CHAR.match(s, i + 1):
                return [], i + 1
            return _parse_at(s, i + 1, loose)
        return [_Item(i, m.end(), core.value, vague=True)], m.end()
    if c in "对成":
        if c == "对" and s[i + 1 : i + 2] == "折" and i > 0 and s[i - 1] == "打":
            return [_Item(i, i + 2, 50.0, kind="discount", is_percent=True)], i + 2  # 打对折
        return [], i + 1
    if c == "半":
        return _half_at(s, i)
    if c in _VULGAR:
        return [_Item(i, i + 1, _VULGAR[c], kind="half" if c == "½" else "fraction")], i + 1
    item = _zh_item(s, i, loose, allow_range=True)
    if item is None:
        return [], _past_zh_digits(s, i)
    return [item], item.end


def _past_zh_digits(s: str, i: int) -> int:
    """Past a run of Chinese digits that gave no number (两两, 九九), else one character."""
    j = i
    while j < len(s) and s[j] in _CD:
        j += 1
    return max(j, i + 1)


def _half_at(s: str, i: int) -> tuple[list[_Item], int]:
    """半 forms: 半百 (50), 半成 (5%), 半折 (50%), 半数 and 过半 (one half)."""
    nxt = s[i + 1] if i + 1 < len(s) else _NUL
    prev = s[i - 1] if i > 0 else _NUL
    if nxt == "百":
        return [_Item(i, i + 2, 50.0)], i + 2
    if nxt == "成":
        return [_Item(i, i + 2, 5.0, kind="percent", is_percent=True)], i + 2
    if nxt == "折" and (i + 2 >= len(s) or s[i + 2] not in _ZHE_NOT):
        return [_Item(i, i + 2, 50.0, kind="discount", is_percent=True)], i + 2
    if nxt == "数":
        return [_Item(i, i + 2, 0.5, kind="half")], i + 2
    if prev == "过" and nxt not in _HALF_NOT_NEXT:
        return [_Item(i, i + 1, 0.5, kind="half")], i + 1
    return [], i + 1


# --------------------------------------------------------------------------------------------
# Arabic digits.


def _arabic(s: str, i: int) -> tuple[float, int, str] | None:
    """(value, end, text) of the Arabic number at `i`, with no sign: plain, grouped
    (580,000), scientific (2e5, 1.3x10^6) or a power (2^5)."""
    m = _PLAIN.match(s, i)
    if m is None:
        return None
    if m.end() < len(s) and s[m.end()] in "eE^,\u202f\u2009 x×":
        if sci := _SCI.match(s, i):
            return float(sci.group()), sci.end(), sci.group()
        if scx := _SCI_X.match(s, i):
            return float(scx.group(1)) * 10.0 ** int(scx.group(2)), scx.end(), scx.group()
        if pw := _POW.match(s, i):
            sign = -1 if pw.group(2).count("-") % 2 else 1
            try:
                value = float(pw.group(1)) ** (sign * int(pw.group(3)))
            except (OverflowError, ZeroDivisionError):
                return None
            return value, pw.end(), pw.group()
        if gr := _INDIAN_GROUPED.match(s, i):
            return float(gr.group().replace(",", "")), gr.end(), gr.group()
        if gr := _GROUPED.match(s, i):
            return float(_GROUP_SEPARATORS.sub("", gr.group())), gr.end(), gr.group()
        sp = _SPACED.match(s, i)
        if sp and (i == 0 or not s[i - 1].isdigit()) and not _is_cjk_at(s, sp.end()):
            return float(sp.group().replace(" ", "")), sp.end(), sp.group()
    return float(m.group()), m.end(), m.group()


def _digits_at(s: str, i: int, loose: bool) -> tuple[list[_Item], int]:
    """Items starting with a digit, a minus sign or a decimal point at `i`."""
    n = len(s)
    sign = 1.0
    j = i
    prev = s[i - 1] if i > 0 else _NUL
    if s[i] in ".-" and not _DIGIT_AHEAD.match(s, i + 1):
        return [], i + 1  # a full stop or a dash
    if s[i] == "-":
        if prev.isalnum() or prev in "-.":
            return [], i + 1  # SCP-173, 5-6, --9: not a sign
        sign, j = -1.0, i + 1
        prev = "-"
    elif s[i] == "." and (prev.isalnum() or prev == "."):
        return [], i + 1  # not a leading point: 192.168, ...9
    # Digits glued to Latin letters before them (Q4, C2B2C, T.1) are no numbers; US$, RM are.
    if "a" <= prev.lower() <= "z" or prev == "$":
        lm = _LETTERS_BEFORE.search(s, max(0, j - _LETTERS_REACH), j)
        letters = lm.group().rstrip("$") if lm else ""
        signed = lm is not None and lm.group().endswith("$")
        if letters and (letters not in _CURRENCY or letters in _CURRENCY_WITH_SIGN and not signed):
            return [], _past_alnum(s, j)
    if j > 1 and prev == "." and "a" <= s[j - 2].lower() <= "z":
        return [], _past_alnum(s, j)
    if sign > 0 and s[j] != "." and (plain := _plain_digits(s, j)) is not None:
        return [plain], plain.end
    r = _DIGIT_RUN.match(s, j).end()  # type: ignore[union-attr]
    after = s[r] if r < n else _NUL
    if after in "-/." and sign > 0 and (m := _DATE_CHAIN.match(s, j)):
        spans = (m.span(1), m.span(3), m.span(4))
        return [_Item(a, b, float(s[a:b]), kind="date") for a, b in spans], m.end()
    m = _DOTTED.match(s, j) if after == "." else None
    if m and (m.end() >= n or not s[m.end()].isalpha()):
        ints = _INT.finditer(m.group())
        items = [_Item(j + p.start(), j + p.end(), float(p.group())) for p in ints]
        if sign < 0:
            items[0].start, items[0].value = i, -items[0].value
        return items, m.end()
    if after in "/ " and (frac := _slash_fraction(s, j, sign, i)):
        return [frac], frac.end
    a = _arabic(s, j)
    if a is None:
        return [], i + 1
    a_end = a[1]
    # Digits followed by English number words: 5 million, 3 hundred and 21, 1 over 3.
    if a_end < n and s[a_end] in " \t-" and _EN_AFTER_DIGITS.match(s, a_end):
        item = _en_item(s, j)
        if item is not None and item.end > a_end:
            if sign < 0:
                item.value, item.start = -item.value, i
            return [item], item.end
    item = _zh_item(s, i if sign < 0 else j, loose, allow_range=True)
    if item is None:
        return [], _past_alnum(s, j)
    return [item], item.end


def _plain_digits(s: str, j: int) -> _Item | None:
    """The item the full reading (_arabic, then _zh_item) gives for the digits at `j`, with
    an optional decimal part, when what follows them is simple enough to read here: nothing
    the full reading takes in (2019，, 1.5。, 45 家), a percent sign nothing extends (60%的),
    年, 月, 日, 号, 后 making a date or a cohort (2018年, 95后), or 万 or 亿 and nothing that
    joins them (100万台). None otherwise, and the full reading runs.

    Most numbers in a text are of these shapes, and the full reading tries every form a
    number may take (dates, fractions, grouped digits, Chinese units, suffixes, ranges) in
    turn. tests/test_numbers_fast.py checks over generated and corpus texts that both agree.
    """
    m = _PLAIN.match(s, j)
    if m is None or (j > 0 and s[j - 1] == "第"):
        return None  # 第3: an ordinal
    e = m.end()
    n = len(s)
    text = m.group()
    item = _Item(j, e, float(text), arabic=text)
    if e < n:
        c = s[e]
        if c == " ":
            p = e + 1
            while p < n and s[p] == " ":
                p += 1
            if p < n and not (_cjk_after_space(s[p]) or _plain_word_after_space(s, p)):
                return None  # 5 000, 5 million, 5 to 6, 5 万, 1 1/2
        elif c in _PLAIN_DATE:
            if kind := _zh_date_kind(s, item, c, j):
                item.kind = kind
                return item
        elif c in "万亿":
            return _plain_big_unit(s, item, _BU[c])
        elif c == "%":
            q = e + 1
            if q < n and (s[q] in _PERCENT_STOP or s[q].isspace()):
                return None
            item.kind, item.is_percent, item.end = "percent", True, q
            return item
        elif c in _PLAIN_STOP or c.isspace() or c.isdigit() or (c.isascii() and c.isalpha()):
            return None
        elif c in ",." and e + 1 < n and s[e + 1].isdigit():
            return None  # 580,000, 1.2.3, 2018.5.1
    _en_date(s, item)  # in 2018, April 12: a date
    return item


def _plain_big_unit(s: str, item: _Item, unit: float) -> _Item | None:
    """`item` (plain digits) times 万 or 亿 = s[item.end] (100万, 1.5亿), as _zh_span and
    _zh_value read it, when nothing after the unit joins the number (another unit or digit,
    多, 余, a suffix, a range mark, a space or letter) or makes it an enumerator (5万、)."""
    n = len(s)
    q = item.end + 1
    if q < n:
        c = s[q]
        if c in _PLAIN_STOP or c in "、)" or c.isspace() or c.isdigit():
            return None
        if c.isascii() and c.isalpha():
            return None
    v = item.value
    total = (0.0 + 0.0 + v) * unit  # as _zh_value closes the section: (total + section + pend)
    scale = total / v if v else 0.0
    item.value, item.end, item.arabic = total, q, ""
    item.scale = scale if scale >= _MIN_UNIT_SCALE else unit
    return item


def _cjk_after_space(c: str) -> bool:
    """Whether `c`, after spaces that follow digits, leaves them as they are: a Han character
    or a CJK punctuation mark that is no numeral, unit or suffix (English words, digits and
    signs after the spaces may join the number)."""
    if c in _PLAIN_STOP:
        return False
    return _is_cjk(c) or "\u3001" <= c <= "\u303f" or "\uff01" <= c <= "\uff60"


def _plain_word_after_space(s: str, p: int) -> bool:
    """Whether the English word at `p`, after spaces that follow digits, leaves them as they
    are (5 users, 2019 report), being no scale, abbreviation, percent or range word nor a
    part of one."""
    m = _WORD.match(s, p)
    if m is None:
        return False
    w = m.group().lower()
    if w in _PLAIN_WORD_PREFIXES:
        return False
    return not any(w[:k] in _PLAIN_WORD_STOP for k in range(1, _PLAIN_WORD_LONGEST + 1))


def _past_alnum(s: str, j: int) -> int:
    """Past the run of ASCII letters, digits and points at `j`."""
    k = j
    while k < len(s) and s[k].isascii() and (s[k].isalnum() or s[k] == "."):
        k += 1
    return max(k, j + 1)


def _slash_fraction(s: str, j: int, sign: float, start: int) -> _Item | None:
    """1/5, -3/2 or 1 3/5 at `j`, unless an idiom (24/7), part of a date (5/17/2018) or a
    year over something (2018/19)."""
    whole = 0.0
    if m := _MIXED_SLASH.match(s, j):
        whole = float(m.group(1))
        num, den = m.group(2), m.group(3)
    elif (m := _SLASH.match(s, j)) and not (j > 0 and s[j - 1] == "/"):
        num, den = m.group(1), m.group(2)
    else:
        return None
    if float(den) == 0 or f"{num}/{den}" in _SLASH_IDIOMS or len(num) == 4:
        return None
    if j > 1 and s[j - 1] == "-" and s[j - 2].isdigit():
        return None  # inside a phone number or a date
    end = m.end()
    if suffix := _ORD_DENOMINATOR.match(s, end):
        end = suffix.end()
    if end < len(s) and s[end].isascii() and s[end].isalpha():
        return None
    return _Item(start, end, sign * (whole + float(num) / float(den)), kind="fraction")


# --------------------------------------------------------------------------------------------
# Chinese numerals (and Arabic digits with Chinese units).


def _sp(s: str, k: int) -> int:
    """Past up to six spaces at `k` (spaces may separate the parts of a Chinese number)."""
    if k >= len(s) or s[k] != " ":
        return k
    return _SP.match(s, k).end()  # type: ignore[union-attr]


def _is_cjk(ch: str) -> bool:
    return "\u3400" <= ch <= "\u9fff" or "\uf900" <= ch <= "\ufaff"


def _is_cjk_at(s: str, k: int) -> bool:
    return 0 <= k < len(s) and _is_cjk(s[k])


def _zh_digit_run(s: str, i: int) -> _Item | int | None:
    """Two or more Chinese digits in a row at `i`, with no unit between them.

    An item for a pair (一二百, 三四个: a range, low and high), a digit string (二〇一八年,
    九九折, 九五后) or digits with zeros before a big unit (一〇〇万, 一○○萬); an int (where to
    resume) when the run is no number (两两, 九九, 三三两两); None when there is no such run
    (parse normally).
    """
    n = len(s)
    digits: list[int] = []
    j = end = i
    while j < n and s[j] in _CD:
        digits.append(_CD[s[j]])
        end = j = j + 1
        k = _sp(s, j)
        if j < k <= j + 2 and k < n and s[k] in _CD:
            j = k
    if len(digits) < 2:
        return None
    k = _sp(s, end)
    nxt = s[k] if k < n else _NUL
    has_zero = 0 in digits and ("零" in s[i:end] or "〇" in s[i:end])
    if len(digits) == 2 and not has_zero and digits[1] == digits[0] + 1:
        # 一二百, 二三十, 七八十万, 五六亿, 三四个: a range in numerals (七八十% is 70-80%).
        mult, end = _pair_units(s, k, end)
        low, high = digits[0] * mult, digits[1] * mult
        item = _Item(i, end, low, low=low, high=high)
        if mult == 1.0:
            item.need, item.lone = _LONE, s[i]
        return item
    if has_zero or (len(digits) == 4 and nxt == "年") or (len(digits) == 2 and nxt in "折后"):
        if nxt in _BU and has_zero and digits[0] != 0:
            # 一〇〇万 (一○○萬): digits written one by one, zeros as 〇, then a big unit.
            text = "".join(str(d) for d in digits)
            mult, end = _pair_units(s, k, end)
            return _Item(i, end, float(text) * mult)
        if nxt in _SU or nxt in _BU:
            return end
        text = "".join(str(d) for d in digits)
        return _Item(i, end, float(text), arabic=text, digit_string=True)
    return end


def _pair_units(s: str, k: int, end: int) -> tuple[float, int]:
    """(factor, end) of the units at `k` after a run of digits (十万 in 七八十万), or (1, end)."""
    n = len(s)
    mult = 1.0
    last_small = _INF
    while k < n and (s[k] in _SU or s[k] in _BU):
        u = _SU.get(s[k]) or _BU[s[k]]
        if s[k] in _SU:
            if u >= last_small or mult >= 1e4:
                break
            last_small = u
        mult *= u
        k += 1
        end = k
    return mult, end


# Token kinds (see _zh_span): D A S B Z P Q V, and V0 for 几 opening the number.
_ZhKind = Literal["D", "A", "S", "B", "Z", "P", "Q", "V", "V0"]
_ZH_UNITS = ("S", "B")
# A number scales by its unit (6千万: 6 × 1e7, so 5至6千万 is 5e7 to 6e7) from a hundred up.
_MIN_UNIT_SCALE = 100.0


class _ZhTok(NamedTuple):
    """One token of a Chinese numeral: its kind, where it stands, and its own value (a digit,
    a unit, the decimals after 点 as a fraction, 1 for a leading 几, else 0)."""

    kind: _ZhKind
    start: int
    end: int
    value: float
    text: str


class _ZhSpan:
    """Where a Chinese (or mixed) numeral starts and ends, as the tokens it is made of (a
    plain class: mypyc compiles its __init__)."""

    def __init__(self, start: int, end: int, tokens: tuple[_ZhTok, ...]) -> None:
        self.start = start
        self.end = end
        self.tokens = tokens


def _zh_core(s: str, i: int) -> _Item | None:
    """The Chinese (or mixed) numeral at `i`: 一千零五, 1万7千, 3.8万, 十多万, 二十几万.

    `_zh_span` finds where it ends, `_zh_value` what it is worth.
    """
    span = _zh_span(s, i)
    return None if span is None else _zh_value(span)


def _zh_span(s: str, i: int) -> _ZhSpan | None:
    """The tokens of the numeral at `i`, as far as they make one number (None: no numeral).

    A left-to-right reading over tokens: digits D (Chinese) and A (Arabic), small units S
    (十百千) inside a section, big units B (万亿兆) closing a section, Z (零), P (点 and its
    decimals), Q (多/余: more than) and V (几: vague). Spaces may separate the tokens. Each
    rule here says which token may follow which (a smaller unit after a larger one, a big
    unit only once its section holds something); values only enter as token values.
    """
    n = len(s)
    toks: list[_ZhTok] = []
    last = ""  # kind of the last token
    last_small = _INF  # the last small unit in this section; the next must be smaller
    last_big = _INF  # the last big unit applied; the next must be smaller
    cap = 0.0  # the largest big-unit multiplier so far (1e8 after 亿, 1e12 after 万亿)
    last_unit = 1.0
    pend: float | None = None  # a digit waiting for its unit
    pend_single = False  # the pending digit is one digit (elision: 一千三 = 1300)
    pend_after = ""  # the token before the pending digit
    section_held = False  # the current section holds a non-zero value
    zero = False  # 零 since the last unit
    n_num = 0  # digit tokens
    first_kind = ""
    end = j = i
    while j < n:
        k = _sp(s, j) if toks else j
        if k >= n:
            break
        c = s[k]
        kind: _ZhKind
        value = 0.0
        if "0" <= c <= "9" or (c == "." and not toks):
            if last in ("D", "A", "P", "V", "Q") or (first_kind == "B" and n_num == 0):
                break
            if s.count(" ", j, k) > 1:
                break
            if not toks:
                a = _arabic(s, k)
                if a is None:
                    break
                v, a_end, _ = a
            else:
                m = _PLAIN.match(s, k)
                if m is None:
                    break
                v, a_end = float(m.group()), m.end()
            if a_end + 1 < n and s[a_end] == "." and s[a_end + 1].isdigit():
                break  # a dotted chain (a version or an address)
            if (last == "B" and v >= last_big) or (last in ("S", "Z") and v >= last_unit):
                break  # 3万4000 but not 3万40000; 2千零30 but not 2千零3000
            end, kind, value = a_end, "A", v
            pend, pend_single, pend_after = v, a_end - k == 1, last
            n_num += 1
        elif c in _CD:
            d = float(_CD[c])
            if d == 0:
                if not toks and s[_sp(s, k + 1) : _sp(s, k + 1) + 1] not in _SU:
                    kind, pend, pend_single, pend_after = "D", 0.0, True, ""  # 零, 零点五
                    n_num += 1
                elif not toks or last in ("S", "B", "Z"):
                    kind, zero = "Z", True  # 零十, 一千零五
                else:
                    break
            else:
                if last in ("D", "A", "V", "Q", "P") or (first_kind == "B" and n_num == 0):
                    break  # 万一, 万三: a bare big unit takes no digit after it
                kind, value = "D", d
                pend, pend_single, pend_after = d, True, last
                n_num += 1
            end = k + 1
        elif c in _SU:
            u = _SU[c]
            if u >= last_small or last in ("Q", "V", "P"):
                break
            if pend is not None:
                if not 0 <= pend < 10:
                    break  # 10千, 五十千
                section_held = section_held or pend != 0
                pend = None
            elif not toks or last == "Z":
                section_held = True  # 十五, 百三, 零十: an implicit one
            else:
                break
            kind, value = "S", u
            last_small, last_unit, zero = u, u, False
            end = k + 1
        elif c in _BU:
            u = _BU[c]
            if c == "兆" and k + 1 < n and s[k + 1] in _ZHAO_NOT:
                break
            if last == "P" and pend is None:
                break
            if pend is None and not section_held and not zero and last not in ("Q", "V"):
                if not toks:
                    cap = last_big = u  # 万亿, 百万: an implicit one
                elif last == "B" and u >= last_big:
                    cap *= u  # 四万万, 万亿
                    last_big = cap
                else:
                    break
            elif first_kind == "B" and n_num == 0:
                break
            elif u > cap:
                cap = last_big = u  # 一万五千亿
            elif u < last_big:
                last_big = u  # 五亿一万
            else:
                break
            kind, value = "B", u
            section_held, pend, last_small, zero, last_unit = False, None, _INF, False, u
            end = k + 1
        elif c == "点":
            q = _sp(s, k + 1)
            digits = ""
            while q < n and (s[q] in _DEC or "0" <= s[q] <= "9"):
                digits += _DEC.get(s[q], s[q])
                q += 1
                q2 = _sp(s, q)
                if q < q2 < n and (s[q2] in _DEC or "0" <= s[q2] <= "9"):
                    q = q2
            if (
                not digits
                or last not in ("D", "A", "S", "B")
                or (last in ("D", "A") and pend is None)
            ):
                break
            toks.append(_ZhTok("P", k, q, float("0." + digits), s[k:q]))
            end, j = q, q
            if last in ("S", "B"):
                break  # 两千万点五五: nothing may follow
            if pend_single and pend_after in ("S", "B") and not zero and pend is not None:
                break  # 两千三点一 = 2300.1: the elided digit, then the decimal, then nothing
            pend, pend_single, last = (pend or 0.0) + float("0." + digits), False, "P"
            continue
        elif c in "多余":
            if c == "余" and k + 1 < n and s[k + 1] in "额下地":
                break  # 余额, 余下
            if last in ("S", "B"):
                pass
            elif last == "A" and pend is not None and pend >= 10 and pend % 10 == 0:
                section_held, pend = True, None  # 30多, 500余万
            else:
                break
            kind = "Q"
            end = k + 1
        elif c == "几":
            if not toks:
                if _GE_YI.match(s, k + 1):
                    toks.append(_ZhTok("V0", k, k + 1, 1.0, c))
                    return _ZhSpan(i, k + 1, tuple(toks))  # 几个亿 (read by _zh_amount)
                nk = _sp(s, k + 1)
                if nk >= n or (s[nk] not in _SU and s[nk] not in _BU):
                    return None  # 几, 几个: no amount
                kind, value, pend, pend_single = "V0", 1.0, 1.0, False  # 几千万
                n_num += 1
            elif last in ("S", "B", "Z"):
                kind = "V"  # 十几, 二十几万, 一百零几万
            else:
                break
            end = k + 1
        else:
            break
        toks.append(_ZhTok(kind, k, end, value, s[k:end]))
        last = kind
        if len(toks) == 1:
            first_kind = "B" if c in _BU else "S" if c in _SU else last
        j = end
    if not toks:
        return None
    return _ZhSpan(i, end, tuple(toks))


def _zh_value(span: _ZhSpan) -> _Item:
    """The value of a numeral `_zh_span` found, with its scale and what it needs to count.

    Sections close at each big unit (一万五千亿 is (1万 + 5千) × 1亿); a single digit after a
    unit is elided (一千三 = 1300); decimals after a unit come last (两千万点五 = 20000000.5).
    """
    total = 0.0  # value of the sections closed by a big unit
    cap = 0.0  # the multiplier the total carries (1e8 after 亿, 1e12 after 万亿)
    section = 0.0  # value inside the current section
    pend: float | None = None  # a digit waiting for its unit
    pend_single = False  # the pending digit is one digit (elision: 一千三 = 1300)
    pend_after = ""  # the token before the pending digit
    zero = False  # 零 since the last unit
    last = ""
    last_unit = 1.0
    frac_total = 0.0  # a decimal after a unit (两千万点五 = 20000000.5)
    more = vague = False
    n_num = 0
    first_num = 0.0  # the first digit token's value
    scale = 1.0
    for idx, tok in enumerate(span.tokens):
        kind, v = tok.kind, tok.value
        if kind in ("D", "A"):
            pend, pend_after = v, last
            pend_single = kind == "D" or len(tok.text) == 1
            first_num = v if n_num == 0 else first_num
            n_num += 1
        elif kind == "Z":
            zero = True
        elif kind == "S":
            section += v if pend is None else pend * v
            pend, zero, last_unit = None, False, v
        elif kind == "B":
            if pend is None and section == 0.0 and not zero and last not in ("Q", "V"):
                if idx == 0:
                    total = cap = scale = v  # 万亿, 百万: an implicit one
                else:
                    total *= v  # 四万万, 万亿
                    cap *= v
                    scale = cap
            elif v > cap:
                total = (total + section + (pend or 0.0)) * v  # 一万五千亿
                cap = scale = v
            else:
                total += (section + (pend or 0.0)) * v  # 五亿一万
                scale = v
            section, pend, zero, last_unit = 0.0, None, False, v
        elif kind == "P":
            if last in _ZH_UNITS:
                frac_total = v  # 两千万点五五
            elif pend_single and pend_after in _ZH_UNITS and not zero and pend is not None:
                total += section + pend * last_unit / 10.0 + v  # 两千三点一 = 2300.1
                section, pend = 0.0, None
            else:
                pend, pend_single = (pend or 0.0) + v, False
        elif kind == "Q":
            if last not in _ZH_UNITS:
                section += pend or 0.0  # 30多, 500余万
                pend = None
            more = True
        elif kind == "V0":
            pend, pend_single, vague = v, False, True  # 几千万
            n_num += 1
        else:
            vague = True  # 十几
        last = kind
    elided = pend_single and not zero and pend_after in _ZH_UNITS
    if last in ("D", "A") and pend is not None and elided:
        pend = pend * last_unit / 10.0  # 一千三 = 1300, 一万三 = 13000, 十五 = 15
    value = total + section + (pend or 0.0) + frac_total
    item = _Item(span.start, span.end, value, more=more, vague=vague)
    unit = (total + section) / first_num if n_num == 1 and first_num else 0.0
    if last in ("S", "B", "Q") and unit >= _MIN_UNIT_SCALE and not vague:
        item.scale = unit  # 6千万: 6 × 1e7 (so 5至6千万 is 5e7 to 6e7), 6百: 6 × 100
    elif last in ("B", "Q", "V") and scale > 1:
        item.scale = scale  # the last big unit: 一千五百万 is 1500 × 1e4
    first = span.tokens[0]
    if n_num == 0:
        item.need = _BARE
        if len(span.tokens) == 1 and first.text in ("十", "拾"):
            item.need, item.lone = _LONE, first.text
    elif len(span.tokens) == 1 and last == "D":
        item.need, item.lone = _LONE, first.text
    elif len(span.tokens) == 1 and last == "A":
        item.arabic = first.text
    return item


def _zh_amount(s: str, i: int) -> _Item | None:
    """A Chinese or Arabic amount at `i`, with a sign (负, -), 个亿 and k/M abbreviations."""
    n = len(s)
    sign = 1.0
    j = i
    if j >= n:
        return None
    if s[j] in "负-":
        sign, j = -1.0, _sp(s, j + 1)
        if j >= n:
            return None
    if "0" <= s[j] <= "9":
        r = _DIGIT_RUN.match(s, j).end()  # type: ignore[union-attr]
        if r < n and s[r] in "/ " and (frac := _slash_fraction(s, j, sign, i)):
            return frac
    run = _zh_digit_run(s, j)
    if isinstance(run, int):
        return None
    item = run if run is not None else _zh_core(s, j)
    if item is None:
        return None
    if item.scale == 1.0 and "." not in item.arabic and (m := _GE_YI.match(s, item.end)):
        _scale(item, 1e8)  # 三个亿, 几个亿: colloquial hundreds of millions
        item.end, item.need = m.end(), 0
    if item.arabic and not item.digit_string and (m := _ABBR.match(s, item.end)):
        _scale(item, 1e3 if m.group(1) else 1e6 if m.group(2) else 1e9 if m.group(3) else 1e12)
        item.end, item.arabic = m.end(), ""
    if sign < 0:
        item.value, item.start = -item.value, i
        if item.low is not None and item.high is not None:
            item.low, item.high = -item.high, -item.low
    return item


def _scale(item: _Item, mult: float) -> None:
    item.value *= mult
    item.scale = mult
    if item.low is not None and item.high is not None:
        item.low, item.high = item.low * mult, item.high * mult


def _zh_item(s: str, i: int, loose: bool, allow_range: bool) -> _Item | None:
    """A Chinese or Arabic number at `i` with what follows it (分之, 又, %, 个百分点, 成, 折,
    倍, 年/月/日, a range); None when it does not count as a number where it stands."""
    n = len(s)
    item = _zh_amount(s, i)
    if item is None:
        return None
    start_core = _sp(s, item.start + 1) if s[item.start] in "负-" else item.start
    p = _sp(s, item.end)
    c = s[p] if p < n else _NUL
    counted = False  # whether what follows makes a lone digit or bare unit a quantity
    # Letters glued after Arabic digits: 5G, 4S, 10m, 2B are no numbers; 1st, 10x, 1990s are.
    if item.arabic and p == item.end and c.isascii() and c.isalpha():
        glued = p + 1 < n and s[p + 1].isascii() and s[p + 1].isalnum()
        if m := _ORD_SUFFIX.match(s, p):
            item.kind, item.end = "ordinal", m.end()
        elif c in "xX" and not glued:
            item.kind, item.end = "multiple", p + 1
        elif c == "s" and len(item.arabic) == 4 and not glued:
            item.kind, item.end = "date", p + 1
        elif m := _EN_FOLD_SUFFIX.match(s, p):
            item.kind, item.end = "multiple", m.end()  # 10fold
        elif m := _MONEY_ABBR.match(s, p):
            if not (_money_before(s, item.start) or _COUNT_NOUN.match(s, m.end())):
                return None  # 100m race, 5b
            _scale(item, 1e6 if m.group(1) else 1e9)  # $100m, 100m users, $1.5b
            item.kind, item.end, item.arabic = "number", m.end(), ""
            return _after_value(s, item, allow_range, loose)
        else:
            return None
        return item
    if c == "分":  # 分之: fractions (三分之一) and percents (百分之六十, 千分之五)
        frac = _fraction_tail(s, item, p)
        if frac is not None:
            return _after_value(s, frac, allow_range, loose)
        counted = s[_sp(s, p + 1) : _sp(s, p + 1) + 1] == "之"  # 二分之: still a number
    elif c == "又" and not item.need & _BARE:  # 三又三分之一: a mixed number
        mixed = _mixed_fraction(s, item, p)
        if mixed is not None:
            return mixed
    elif c == "+" and p == item.end and (p + 1 >= n or not s[p + 1].isdigit()):
        item.more, item.end, item.need = True, p + 1, 0  # 50+, 10亿+
        return _after_value(s, item, allow_range, loose)
    elif c == "-" and (m := _EN_PLUS.match(s, p)):
        item.more, item.end, item.need = True, m.end(), 0  # 100,000-plus
        return _after_value(s, item, allow_range, loose)
    elif c == "-" and item.arabic and (m := _EN_FOLD_SUFFIX.match(s, p)):
        item.kind, item.end = "multiple", m.end()  # 10-fold
        return _after_value(s, item, allow_range, loose)
    elif item.arabic and c.isascii() and c.isalpha() and (m := _EN_PERCENT.match(s, item.end)):
        item.kind = "points" if m.group("points") else "percent"
        item.is_percent, item.end = True, m.end()
        return _after_value(s, item, allow_range, loose)
    elif c in "%‰":
        item.kind, item.is_percent, item.end = "percent", True, p + 1
        if c == "‰":
            _scale(item, 0.1)
            item.mult, item.scale = 0.1, 1.0
        return _after_value(s, item, allow_range, loose)
    elif c in "个百" and (m := _POINTS.match(s, item.end)):
        item.kind, item.is_percent, item.end = "points", True, m.end()
        return _after_value(s, item, allow_range, loose)
    elif c == "成":
        if _cheng(s, item, p):
            return _after_value(s, item, allow_range, loose)
    elif c == "折":
        if (p + 1 < n and s[p + 1] in _ZHE_NOT) or (i > 0 and s[i - 1] == "波"):
            return None  # 折合, 折叠
        if not _zhe(item, p):
            return None  # 十折
        return _after_value(s, item, allow_range, loose)
    elif c == "来" and p == item.end and s[p - 1] in "十百千" and _MEASURE.match(s, p + 1):
        item.vague, item.end, item.need = True, p + 1, 0  # 十来个, 二十来岁: about
        return _finish(s, item, loose, counted=True)
    elif c == "半" and item.lone == "一" and p == item.end:  # 一半: one half
        item.value, item.kind, item.end, item.need = 0.5, "half", p + 1, 0
        return item
    elif c == "倍":
        item.kind, item.end, item.need = "multiple", p + 1, 0
        return _after_value(s, item, allow_range, loose)
    date = _zh_date_kind(s, item, c, start_core)
    if date:
        item.kind, item.need = date, 0
        return _finish(s, item, loose, counted=True)
    if item.arabic and item.start == start_core and _en_date(s, item):
        return item
    if allow_range and (rng := _range_after(s, item, loose)):
        return rng
    return _finish(s, item, loose, counted)


def _mixed_fraction(s: str, whole: _Item, p: int) -> _Item | None:
    """三又三分之一 (an integer, 又, then a fraction) at 又 = s[p], or None."""
    den = _zh_amount(s, _sp(s, p + 1))
    if den is None or den.value <= 0:
        return None
    r = _sp(s, den.end)
    if r >= len(s) or s[r] != "分":
        return None
    frac = _fraction_tail(s, den, r)
    if frac is None or frac.kind != "fraction":
        return None
    sign = -1.0 if whole.value < 0 else 1.0
    whole.value = sign * (abs(whole.value) + abs(frac.value))
    whole.kind, whole.end, whole.need = "fraction", frac.end, 0
    return whole


def _cheng(s: str, item: _Item, p: int) -> bool:
    """Read 成 (tenths) at s[p] into `item`: 七成 = 70%, 三成半 = 35%, 七成六 = 76%."""
    n = len(s)
    if item.value <= 0 or item.value > 10 or (item.vague and item.low is None):
        return False
    if p + 1 < n and s[p + 1] in _CHENG_NOT and not s.startswith(_CHENG_OF, p + 1):
        return False
    _scale(item, 10.0)
    item.kind, item.is_percent, item.mult, item.scale = "percent", True, 10.0, 1.0
    item.end, item.need = p + 1, 0
    q = _sp(s, p + 1)
    nxt = s[q] if q < n else _NUL
    after = s[q + 1] if q + 1 < n else _NUL
    if nxt == "半":
        item.value += 5.0
        item.end = q + 1
    elif (
        item.low is None
        and nxt != "两"
        and (nxt in _CD or "0" <= nxt <= "9")
        and not (after in _CD or after in _SU or "0" <= after <= "9" or after in "点.")
    ):  # 七成六: one more digit, which is not the start of another number
        item.value += float(_CD.get(nxt, 0) if nxt in _CD else int(nxt))
        item.end = q + 1
    return True


def _zhe(item: _Item, p: int) -> bool:
    """Read 折 (a discount: the price paid, in percent) at s[p] into `item`: 七折 = 70,
    七五折 and 75折 = 75, 9.9折 = 99; 十折 and the like are no discount."""
    v = item.value
    if (item.digit_string or (len(item.arabic) == 2 and item.arabic.isdigit())) and 10 < v < 100:
        pct = v
    elif 0 < v < 10:
        pct, item.mult = v * 10.0, 10.0
    else:
        return False
    item.value, item.kind, item.is_percent, item.end, item.need = pct, "discount", True, p + 1, 0
    return True


def _zh_date_kind(s: str, item: _Item, c: str, start: int) -> str:
    """'date' for years, months and days (2018年, 二〇一八年, 5月, 1日), 'cohort' for 95后."""
    v = item.value
    text = item.arabic
    if c == "年" and len(text) == 4 and (1000 <= v <= 2999 or item.digit_string):
        return "date"
    if c == "月" and v == int(v) and 1 <= v <= 12 and item.scale == 1.0 and not item.more:
        return "date"
    if c in "日号" and v == int(v) and 1 <= v <= 31 and start > 0 and s[start - 1] == "月":
        return "date"
    if c == "后" and len(text) == 2:
        return "cohort"
    return ""


def _fraction_tail(s: str, den: _Item, p: int) -> _Item | None:
    """The fraction or percent that the denominator `den` opens at 分 = s[p] (分之…)."""
    n = len(s)
    q = _sp(s, p + 1)
    if q >= n or s[q] != "之":
        return None
    num = _zh_amount(s, _sp(s, q + 1))
    if num is None or den.value == 0:
        return None
    item = _Item(den.start, num.end, num.value / den.value, kind="fraction", more=num.more)
    item.vague = num.vague  # 百分之三十几, 百分之二三十
    if den.need & _BARE:  # 百分之, 千分之, 万分之: a percent
        item.kind, item.is_percent = "percent", True
        item.value *= 100.0
        if num.low is not None and num.high is not None:
            item.low, item.high = num.low * 100.0 / den.value, num.high * 100.0 / den.value
    return item


def _after_value(s: str, item: _Item, allow_range: bool, loose: bool) -> _Item | None:
    """Try a range after a percent, multiple or discount, then finish it."""
    e = item.end
    if s[e : e + 1] == "+" and not s[e + 1 : e + 2].isdigit():
        item.more, item.end = True, e + 1  # 90%+
    if allow_range and (rng := _range_after(s, item, loose)):
        return rng
    return _finish(s, item, loose, counted=True)


def _finish(s: str, item: _Item, loose: bool, counted: bool) -> _Item | None:
    """Apply the prefixes (第, enumerations, vague cues) and the precision rules."""
    n = len(s)
    st = item.start
    prev = s[st - 1] if st > 0 else _NUL
    nxt = s[item.end] if item.end < n else _NUL
    if item.kind == "number":
        if prev == "第":
            item.start, item.kind, item.need = st - 1, "ordinal", 0
            return item
        # Enumerations: 一、 at the start of a line, (一) and （二）.
        enumerator = (nxt == "、" and prev in "\0\n \t") or (prev == "(" and nxt == ")")
        if enumerator and not item.arabic and item.value == int(item.value) > 0:
            item.kind, item.need = "ordinal", 0
            return item
    if item.need == _BARE:
        text = s[st : item.end]
        shu_noun = prev == "数" and st >= 2 and s[st - 2] in _SHU_NOUN
        shang_loc = prev == "上" and st >= 2 and s[st - 2] in _SHANG_LOC
        if (prev in "数几" and not shu_noun) or (prev == "上" and not shang_loc):
            item.start, item.vague, item.need = st - 1, True, 0  # 数百万, 几千, 上千亿
            return item
        if text.startswith("千万") and nxt in "不别要莫记注小得可勿放":
            return None  # 千万不要: "by all means"
        single = len(text) == 1 or (len(text) == 2 and item.more)
        if item.more or counted or loose or not single:
            item.need = 0
            return item
        if prev in _BARE_CUES and nxt not in _BARE_NOT_NEXT.get(text[0], ""):
            item.need = 0
            return item
        return None
    if item.need == _LONE:
        if loose or counted:
            return item
        if prev == "数" and item.lone in "十拾" and not (st >= 2 and s[st - 2] in _SHU_NOUN):
            item.start, item.vague = st - 1, True  # 数十
            return item
        if _lone_ok(s, item):
            item.need = 0
            return item
        return None
    return item


def _lone_ok(s: str, item: _Item) -> bool:
    """Whether a lone Chinese digit reads as a quantity where it stands."""
    st, ch = item.start, item.lone
    prev = s[st - 1] if st > 0 else _NUL
    nxt = s[item.end] if item.end < len(s) else _NUL
    if ch in _FIN:
        return False  # 伍, 陆, 拾 alone: only with a unit, 分之, 成 or 折 (read before)
    m = _MEASURE.match(s, item.end)
    if m and ch not in "二贰" and not (ch == "一" and m.group().strip() == "大"):
        return True  # 三个, 两家, 十年 (二 takes no measure word: 二次元, 二手)
    if not _is_cjk(prev) and not _is_cjk(nxt) and prev != "第":
        return True  # standing alone: “一”, 十
    if prev == "是" and (nxt in _COPULA_NEXT or not _is_cjk(nxt)):
        return True  # 答案是五
    return prev == "前" and ch != "一"  # 前三


# --------------------------------------------------------------------------------------------
# Ranges: 5~6亿, 5到6亿, 百分之五到百分之六, 5 to 6 million, 5%-6%.


def _range_after(s: str, item: _Item, loose: bool) -> _Item | None:
    """`item` and a second number after ~, -, 至 or 到 joined into one range, or None."""
    m = _RANGE_SEP.match(s, item.end)
    if not m:
        return _en_range_after(s, item) if item.arabic else None
    sep, j = m.group(1), m.end()
    st = item.start
    if j >= len(s) or (st > 0 and s[st - 1] in "从由"):
        return None  # 从4300万到8200万: a change, not a range
    if sep == "-" and (s[j - 1] == " ") != (s[item.end] == " "):
        return None
    if sep in "到至" and "0" <= s[j] <= "9" and not item.arabic and item.need:
        return None
    if item.need == _BARE:
        return None
    if item.need == _LONE and not loose:
        prev = s[st - 1] if st > 0 else _NUL
        if _is_cjk(prev) and prev not in _QUANT_PREFIX:
            return None  # 统一到三个
    second: _Item | None
    if "0" <= s[j] <= "9" and _EN_AFTER_DIGITS.match(s, _DIGIT_RUN.match(s, j).end()):  # type: ignore[union-attr]
        second = _en_item(s, j)
    else:
        second = _zh_item(s, j, loose=loose, allow_range=False)
    return _join_range(s, item, second, dash=sep in "-~")


def _money_before(s: str, i: int) -> bool:
    return bool(_MONEY_BEFORE.search(s, max(0, i - _MONEY_REACH), i))


def _en_range_after(s: str, item: _Item) -> _Item | None:
    """`item` and a second number after "to", "-" or "~" (or "and" after "between") joined
    into one range, or None."""
    before = _word_before(s, item.start)
    m = (_EN_AND if before == "between" else _EN_RANGE_SEP).match(s, item.end)
    if not m or m.end() >= len(s) or not s[m.end()].isalnum():
        return None
    if before == "from":
        return None  # from 5 to 6: a change
    second = _en_item(s, m.end())
    return _join_range(s, item, second, dash="-" in m.group() or "~" in m.group())


def _join_range(s: str, first: _Item, second: _Item | None, dash: bool) -> _Item | None:
    """The range from `first` to `second`, when they make one.

    The second number's unit and scale apply to a bare first one (5~6億 is 5e8 to 6e8, 两到三成
    is 20% to 30%, 5000到1万 keeps 5000); the low bound must be below the high one; a dash
    range, or one whose bare first bound does not take the second's scale, must not span more
    than a factor of 20 (400-8208820 is a phone number, "2018 to 300 million" no range); a date or
    a phone number (2019-05-01, 400-820-8820) is no range.
    """
    if first.kind not in _RANGE_KINDS or first.low is not None or first.vague:
        return None
    if second is None or second.low is not None or second.vague:
        return None
    years = _is_year(first) and _is_year(second)  # 2018-2019年
    if second.kind not in _RANGE_KINDS and not years:
        return None
    if first.kind != "number" and second.kind != first.kind:
        return None
    st = first.start
    if st > 1 and s[st - 1] in "-~/.:" and s[st - 2].isdigit():
        return None  # the middle of a chain: 400-820-8820
    if _CHAIN_AFTER.match(s, second.end):
        return None
    if _leading_zero(first.arabic) or _leading_zero(second.arabic):
        return None  # 010-12345678
    low, high = first.value, second.value
    if first.kind == "number":
        low *= second.mult
    wide = dash
    if first.scale == 1.0 and second.scale > 1.0:
        coef = second.value / second.scale
        if low < coef or math.isclose(low, coef):
            low *= second.scale
        else:
            wide = True  # 5000到1万 is a range, "2018 to 300 million" is not
    if not low < high or (wide and (low <= 0 or high > _MAX_RANGE_RATIO * low)):
        return None
    return _Item(
        st,
        second.end,
        low,
        kind="date" if years else second.kind,
        is_percent=second.is_percent,
        low=low,
        high=high,
        more=second.more,
        scale=second.scale,
    )


def _is_year(item: _Item) -> bool:
    return (
        len(item.arabic) == 4 and item.arabic.isdigit() and _FIRST_YEAR <= item.value <= _LAST_YEAR
    )


def _leading_zero(t: str) -> bool:
    return len(t) > 1 and t[0] == "0" and t[1] != "."


# --------------------------------------------------------------------------------------------
# English number words.


class _Tok:
    """An English token: a word or digits (a plain class: mypyc compiles its __init__)."""

    def __init__(self, word: str, start: int, end: int, digits: bool) -> None:
        self.word = word  # lower-cased word, or the digits
        self.start = start
        self.end = end
        self.digits = digits


def _en_tokens(s: str, i: int, limit: int = _EN_TOKEN_LIMIT) -> list[_Tok]:
    """Words and numbers from `i`, separated by spaces or hyphens, up to and including the
    first word that is not number vocabulary."""
    toks: list[_Tok] = []
    p = i
    while len(toks) < limit:
        m = _EN_TOKEN.match(s, p)
        if not m or bool(toks) != bool(m.group(1)):
            break  # the first token starts at i; the others after a separator
        w = m.group(2)
        if w[0].isdigit():
            toks.append(_Tok(w, m.start(2), m.end(2), True))
        elif m.end(2) < len(s) and s[m.end(2)].isdigit():
            break  # a word glued to digits (H5)
        else:
            low = w.lower()
            if low in _PLURAL_SCALES and toks and toks[-1].digits:
                low = low[:-1]  # 800 millions (of people): a scale, as non-native writers put it
            toks.append(_Tok(low, m.start(2), m.end(2), False))
            if toks[-1].word not in _EN_VOCAB:
                break
        p = m.end()
    return toks


def _word(toks: list[_Tok], k: int) -> str:
    return toks[k].word if k < len(toks) else ""


def _en_below_hundred(toks: list[_Tok], k: int) -> tuple[float, int] | None:
    """(value, next k) of twenty-one, seven, fifteen, or digits below 100 at toks[k]."""
    if k >= len(toks):
        return None
    t = toks[k]
    if t.digits:
        v = float(t.word.replace(",", ""))
        return (v, k + 1) if v < 100 and "." not in t.word else None
    if t.word in _EN_TENS:
        unit = _word(toks, k + 1)
        if unit in _EN_UNITS and _EN_UNITS[unit] > 0:
            return _EN_TENS[t.word] + _EN_UNITS[unit], k + 2
        return _EN_TENS[t.word], k + 1
    if t.word in _EN_TEENS:
        return _EN_TEENS[t.word], k + 1
    if t.word in _EN_UNITS:
        return _EN_UNITS[t.word], k + 1
    return None


def _en_group(toks: list[_Tok], k: int) -> tuple[float, int] | None:
    """A group below a thousand (or any digits): three hundred and five, 322 hundred, "a"
    before a scale word."""
    if k >= len(toks):
        return None
    t = toks[k]
    if t.word in ("a", "an"):
        nxt = _word(toks, k + 1)
        if nxt == "hundred":
            return _en_hundred_rest(toks, k + 2, 100.0)
        return (1.0, k + 1) if nxt in _EN_SCALES or nxt == "dozen" else None
    if t.digits:
        v = float(t.word.replace(",", ""))
        if _word(toks, k + 1) == "hundred" and "." not in t.word:
            return _en_hundred_rest(toks, k + 2, v * 100)
        return v, k + 1
    r = _en_below_hundred(toks, k)
    if r is None:
        return None
    v, k = r
    if _word(toks, k) == "hundred":
        return _en_hundred_rest(toks, k + 1, v * 100)
    return v, k


def _en_hundred_rest(toks: list[_Tok], k: int, v: float) -> tuple[float, int]:
    """After 'hundred': an optional 'and' and a number below a hundred (two hundred and five;
    3 hundred and 21), though not digits right after 'hundred' with no 'and'."""
    kk = k + 1 if _word(toks, k) == "and" else k
    r = _en_below_hundred(toks, kk)
    if r is not None and (kk > k or not toks[kk].digits):
        return v + r[0], r[1]
    return v, k


def _en_cardinal(toks: list[_Tok], k: int) -> tuple[float, int, float] | None:
    """(value, next k, trailing scale) of the cardinal number at toks[k]."""
    g = _en_group(toks, k)
    if g is None:
        return None
    total = 0.0
    last_scale = _INF
    while True:
        v, k = g
        sc = _EN_SCALES.get(_word(toks, k), _INF)
        if sc >= last_scale:
            return total + v, k, 1.0 if v or total == 0 else last_scale
        total += v * sc
        last_scale = sc
        k += 1
        k2 = k + 1 if _word(toks, k) == "and" else k
        g2 = _en_group(toks, k2)
        if g2 is None or _word(toks, k2) in ("a", "an"):
            return total, k, sc
        follows = _word(toks, g2[1])
        if k2 > k and follows in _EN_DENOMS:
            return total, k, sc  # two million and three fifths: the fraction is read later
        if g2[0] >= sc and follows not in _EN_SCALES:
            return total, k, sc
        g = g2


def _en_denom(toks: list[_Tok], k: int) -> tuple[float, int] | None:
    """A fraction's denominator word at toks[k]: third(s), quarters, twenty-fifth, hundredth."""
    w = _word(toks, k)
    if w in _EN_TENS:
        u = _word(toks, k + 1)
        u = u[:-1] if u.endswith("s") else u
        if u in _EN_ORD_UNITS and u != "second":
            return _EN_TENS[w] + _EN_ORD_UNITS[u], k + 2
    if w in _EN_DENOMS:
        return _EN_DENOMS[w], k + 1
    return None


def _en_item(s: str, i: int) -> _Item | None:
    """An English number (words, or digits with number words) at `i`, with its suffixes."""
    toks = _en_tokens(s, i)
    if not toks:
        return None
    first = toks[0].word
    if first in _EN_VAGUE:
        return _en_vague(toks)
    if first in _EN_FOLD:
        return _Item(i, toks[0].end, _EN_FOLD[first], kind="multiple")
    if first in ("several", "few", "a"):
        k = 2 if first == "a" else 1
        if (first != "a" or _word(toks, 1) == "few") and _word(toks, k) in (
            "hundred", "thousand", "million", "billion"
        ):  # fmt: skip
            return _Item(i, toks[k].end, _EN_SCALES.get(toks[k].word, 100.0), vague=True)
    sign, k = (-1.0, 1) if first in ("minus", "negative") else (1.0, 0)
    if _word(toks, k) == "half":
        return _en_half(s, toks, k, sign)
    card = _en_cardinal(toks, k)
    if card is None:
        # a/an + denominator: a third of, a quarter, a hundredth.
        d = _en_denom(toks, k + 1) if _word(toks, k) in ("a", "an") else None
        if d is None or not _en_fraction_context(s, toks, d[1]):
            return None
        if scaled := _en_of_a_scale(toks, d[1], i, sign / d[0]):
            return scaled  # a quarter of a billion
        kind = "half" if d[0] == 2 else "fraction"
        item = _Item(i, toks[d[1] - 1].end, sign / d[0], kind=kind)
        return _en_suffixes(s, item)
    value, k2, scale = card
    item = _Item(i, toks[k2 - 1].end, value, scale=scale)
    if k2 - k == 1 and toks[k].digits:
        item.arabic = toks[k].word
    if k2 - k == 1 and toks[k].word == "one" and _one_is_pronoun(s, i, item.end):
        return None
    k = _en_decimals(toks, k2, item)
    if _word(toks, k) in _EN_DOZEN:  # a dozen, three dozens
        item.value *= 12
        item.end = toks[k].end
        k += 1
    if _word(toks, k) == "and":
        k = _en_and_fraction(toks, k, item)
    d = _en_denom(toks, k)
    if (
        d is not None
        and item.kind == "number"
        and _word(toks, k - 1) != "and"
        and item.value > 0
        and _en_fraction_context(s, toks, d[1])
    ):  # one third, five eighths
        if scaled := _en_of_a_scale(toks, d[1], i, sign * item.value / d[0]):
            return scaled  # three quarters of a million
        item.value /= d[0]
        item.kind = "half" if item.value == 0.5 and d[0] == 2 else "fraction"
        item.end, item.arabic, k = toks[d[1] - 1].end, "", d[1]
    if item.kind == "number":
        k = _en_over_out_of(s, toks, k, item)
    item.value *= sign
    return _en_suffixes(s, item)


def _en_of_a_scale(toks: list[_Tok], k: int, start: int, share: float) -> _Item | None:
    """A fraction followed by "of a million/billion" at toks[k]: a count, share × scale."""
    if _word(toks, k) != "of" or _word(toks, k + 1) not in ("a", "an"):
        return None
    scale = _EN_SCALES.get(_word(toks, k + 2))
    return None if scale is None else _Item(start, toks[k + 2].end, share * scale)


def _one_is_pronoun(s: str, i: int, end: int) -> bool:
    """Whether "one" at s[i:end] is a pronoun: no one, one of, which one, one would."""
    if _word_before(s, i) in _ONE_NOT_BEFORE or s[max(0, i - 7) : i].lower() == "one-on-":
        return True
    return bool(_ONE_NOT_AFTER.match(s, end))


def _en_decimals(toks: list[_Tok], k: int, item: _Item) -> int:
    """Read 'point' decimals (two hundred point zero three; five point five million)."""
    if _word(toks, k) != "point" or k + 1 >= len(toks):
        return k
    digits = ""
    kk = k + 1
    if toks[kk].word in _EN_TENS or toks[kk].word in _EN_TEENS:
        r = _en_below_hundred(toks, kk)  # point seventy-one = .71
        if r is not None:
            digits, kk = str(int(r[0])), r[1]
    else:
        while _word(toks, kk) in _EN_UNITS:
            digits += str(int(_EN_UNITS[toks[kk].word]))
            kk += 1
    if not digits:
        return k
    item.value += float("0." + digits)
    item.end = toks[kk - 1].end
    if item.scale == 1.0 and _word(toks, kk) in _EN_SCALES:
        item.scale = _EN_SCALES[toks[kk].word]
        item.value *= item.scale
        item.end = toks[kk].end
        kk += 1
    return kk


def _en_and_fraction(toks: list[_Tok], k: int, item: _Item) -> int:
    """Read 'and a half', 'and three fifths' after a number (toks[k] is 'and')."""
    kk = k + 1
    if _word(toks, kk) in ("a", "an", "one"):
        d = _en_denom(toks, kk + 1)
        if d is None:
            return k
        # one and a half = 1.5; three million and a half = 3.5 million;
        # one billion and a half million = 1,000,500,000
        k = d[1]
        part = item.scale
        after = _EN_SCALES.get(_word(toks, k), _INF)
        if item.scale > 1 and after < item.scale:
            part = after
            k += 1
        item.value += part / d[0]
        item.end = toks[k - 1].end
        if item.scale == 1.0 and _word(toks, k) in _EN_SCALES:  # five and a half million
            item.scale = _EN_SCALES[toks[k].word]
            item.value *= item.scale
            item.end = toks[k].end
            k += 1
        return k
    card = _en_cardinal(toks, kk)
    d = _en_denom(toks, card[1]) if card is not None else None
    if card is None or d is None:
        return k
    item.value += item.scale * card[0] / d[0]  # twenty and three fifths = 20.6
    item.kind, item.end = "fraction", toks[d[1] - 1].end
    return d[1]


def _en_over_out_of(s: str, toks: list[_Tok], k: int, item: _Item) -> int:
    """Read 'X over Y' at the end of a clause (one over three; not 'over 3 years', 'over
    2017'), 'X out of Y' (9 out of 10) and 'X in Y' (one in five) as fractions."""
    if _word(toks, k) == "over" and item.scale == 1.0:
        card = _en_cardinal(toks, k + 1)
        if card is not None and card[0] > 0 and card[2] == 1.0:
            last = toks[card[1] - 1]
            tail = s[last.end : last.end + 1]
            year = last.digits and len(last.word) == 4
            ends = card[1] >= len(toks) or toks[card[1]].start > last.end + 1
            if tail in ("", ".", ",", ";", "!", "?", ")") and not year and ends:
                item.value /= card[0]
                item.kind, item.end = "fraction", last.end
                return card[1]
    if _word(toks, k) == "out" and _word(toks, k + 1) == "of":
        card = _en_cardinal(toks, k + 2)
        if card is not None and 0 < item.value <= card[0]:
            item.value /= card[0]
            item.kind, item.end = "fraction", toks[card[1] - 1].end
            return card[1]
    if _word(toks, k) == "in" and item.scale == 1.0 and item.value == int(item.value):
        # one in five, 1 in 4, one in every three: a share (not "5 in 2019", "3 in 100,000")
        j = k + 2 if _word(toks, k + 1) == "every" else k + 1
        card = _en_cardinal(toks, j)
        if card is not None and card[2] == 1.0 and 0 < item.value < card[0] <= _MAX_IN_EVERY:
            last = toks[card[1] - 1]
            if not (last.digits and len(last.word) == 4):
                item.value /= card[0]
                item.kind, item.end = "fraction", last.end
                return card[1]
    return k


def _en_fraction_context(s: str, toks: list[_Tok], k: int) -> bool:
    """Whether the denominator word toks[k-1] reads as a fraction (a third of, two thirds)
    rather than an ordinal or a period (a third party, the first three quarters)."""
    w = toks[k - 1].word
    end = toks[k - 1].end
    tail_ok = _word(toks, k) in ("", "of", "and", "percent") or s[end : end + 1] in (
        "", ".", ",", ";", ":", ")", "?"
    )  # fmt: skip
    if w.startswith("quarter"):
        return tail_ok and _word_before(s, toks[0].start) not in _QUARTER_NOT_BEFORE
    if w in _EN_ORDINAL_DENOMS:
        return tail_ok or _word(toks, k - 2) not in ("a", "an")
    return True


def _en_half(s: str, toks: list[_Tok], k: int, sign: float) -> _Item | None:
    """half (one half), half a million, half a dozen; not the first half or half a year."""
    start = toks[k].start
    kk = k + 2 if _word(toks, k + 1) in ("a", "an") else k + 1
    if _word(toks, kk) in _EN_SCALES:
        return _Item(start, toks[kk].end, sign * 0.5 * _EN_SCALES[toks[kk].word])
    if _word(toks, kk) == "dozen":
        return _Item(start, toks[kk].end, sign * 6.0)
    end = toks[k].end
    before = _word_before(s, start)
    if before == "other" and _HALF_OF_WHOLE.match(s, end):
        return _Item(toks[0].start, end, sign * 0.5, kind="half")  # the other half of us
    if before in _HALF_NOT_BEFORE or _HALF_NOT_AFTER.match(s, end):
        return None
    return _Item(toks[0].start, end, sign * 0.5, kind="half")


def _en_vague(toks: list[_Tok]) -> _Item | None:
    """millions of, hundreds of millions of, tens of thousands, dozens of."""
    value = _EN_VAGUE[toks[0].word]
    k = 1
    end = toks[0].end
    while _word(toks, k) == "of" and _word(toks, k + 1) in _EN_VAGUE:
        value *= _EN_VAGUE[toks[k + 1].word]
        end = toks[k + 1].end
        k += 2
    if value == 10:
        return None  # "tens of" alone
    return _Item(toks[0].start, end, value, vague=True)


def _en_suffixes(s: str, item: _Item) -> _Item:
    """Percent words, -fold, -plus, dates and ranges after an English number."""
    if item.kind == "number":
        if m := _EN_PLUS.match(s, item.end) or _EN_PLUS_SIGN.match(s, item.end):
            item.more, item.end = True, m.end()  # a million-plus, 2 billion+
        elif m := _EN_PERCENT.match(s, item.end):
            item.kind = "points" if m.group("points") else "percent"
            item.is_percent, item.end = True, m.end()
        elif m := _EN_FOLD_SUFFIX.match(s, item.end):
            item.kind, item.end = "multiple", m.end()
    if _en_date(s, item):
        return item
    return _en_range_after(s, item) or item


def _en_date(s: str, item: _Item) -> bool:
    """Mark an Arabic year (in 2018, Q4 2017, April 13, 2018) or day (April 12) as a date;
    True if so."""
    if item.kind != "number" or not item.arabic.isdigit():
        return False
    v = item.value
    before = _word_before(s, item.start, " \t,.")
    if len(item.arabic) == 4 and _FIRST_YEAR <= v <= _LAST_YEAR:
        day_comma = before.isdigit() and len(before) <= 2 and "," in s[item.start - 3 : item.start]
        if before in _EN_YEAR_CUES or before in _EN_MONTHS or day_comma:
            item.kind = "date"
    elif 1 <= v <= 31 and before in _EN_MONTHS:
        item.kind = "date"
    return item.kind == "date"


def _word_before(s: str, i: int, skip: str = " \t") -> str:
    """The word (ASCII letters and digits, lower-cased) before s[i], past `skip` characters."""
    k = i
    while k > 0 and s[k - 1] in skip:
        k -= 1
    j = k
    while j > 0 and s[j - 1].isascii() and s[j - 1].isalnum():
        j -= 1
    return s[j:k].lower()
