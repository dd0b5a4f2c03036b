"""Document metadata read from the page text itself: title, dateline, outlet, language, script.

Everything here works on the raw decoded page, in its original script, and looks only at
what the text states: a dateline without a year gives no published date rather than a
guessed one, and a generic source ("Source: Internet") gives no outlet. All functions are
regex-based, linear in the size of the text (most look only at the head of the page or at a
bounded sample), and never raise on odd input.

>>> meta = read_metadata("Home > News\\n\\nTencent turns to industry\\n\\nPublished: 21 May 2019")
>>> meta.title, meta.published, meta.script
('Tencent turns to industry', datetime.date(2019, 5, 21), 'latin')
"""

from __future__ import annotations

import datetime as dt
import functools
import itertools
import re
from collections.abc import Iterator
from dataclasses import dataclass

from speeches.stages.normalize import traditional_only_bmp

__all__ = [
    "Metadata",
    "alternation",
    "detect_script",
    "find_title",
    "is_dateline",
    "is_prose",
    "read_metadata",
    "text_units",
]


@dataclass(slots=True)
class Metadata:
    """What a page says about itself."""

    title: str | None
    published: dt.date | None
    outlet: str | None  # source/outlet when the text states it (财新网, 博客园, 见实, Reuters)
    language: str  # "zh" | "en" | "und"  (dominant language)
    script: str  # "hans" | "hant" | "latin"
    title_span: tuple[int, int] | None  # char span of the (stripped) title line in the text


# ---------------------------------------------------------------------------------------------
# Character classes and line measures

# CJK unified ideographs, extension A and compatibility ideographs: the "Han" characters.
_HAN = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
# Latin letters, ASCII and Latin-1/Extended-A/B (accented names in English copy).
_LATIN = "A-Za-z\u00c0-\u024f"
# Kana: a Han-script page with much kana is Japanese, not Chinese.
_KANA = "\u3040-\u30ff"
_HAN_RE = re.compile(f"[{_HAN}]")
_KANA_RE = re.compile(f"[{_KANA}]")


def _run_of(char_class: str) -> re.Pattern[str]:
    """A run of `char_class` characters, written C C* rather than C+: the same matches, but
    a pattern that opens with a character class lets `re` skip to its next character in C
    instead of trying the pattern at every offset."""
    return re.compile(f"{char_class}{char_class}*")


# Runs of characters outside a class. Deleting them leaves exactly the class's characters, so
# the length of what is left counts them: one step per run instead of a match per character.
_NOT_HAN_RUN_RE = _run_of(f"[^{_HAN}]")
_NOT_LATIN_RUN_RE = _run_of(f"[^{_LATIN}]")
_NOT_KANA_RUN_RE = _run_of(f"[^{_KANA}]")
# A Latin-script or digit "word" (Tencent, B2C2B, 2018); one unit of English length is half one.
_WORD = r"[A-Za-z0-9\u00c0-\u024f]"
_WORD_RE = re.compile(_WORD + _WORD + r"*(?:['’][A-Za-z]+)?")  # (C C*, as in _run_of)
# The same matches, each with an empty group: `findall` then lists the group, the one shared
# empty string, instead of a new string per word. Only ever counted (`_words`).
_WORD_COUNT_RE = re.compile(_WORD_RE.pattern + "()")
# Sentence-final punctuation, optionally followed by closing quotes/brackets (…growth.” / 了。」).
_TERMINAL_RE = re.compile(r"[.!?。！？…;；][\"'”’」』)）\]】\s]*$")
# English function words, to tell English from other Latin-script text.
_EN_STOPWORDS = (
    *("the", "and", "of", "to", "in", "is", "are", "was", "were", "that", "this", "for", "with"),
    *("on", "as", "it", "be", "by", "at", "from", "we", "our", "you", "has", "have", "not"),
    "will",
)
# Every character that matches the words' first letters case-insensitively (the dotted and
# dotless i too; tests/test_metadata.py checks it against the words).
_EN_STOPWORD_FIRST = "ABFHINOTWYabfhinotwyİı"


def _stopword_pattern(words: tuple[str, ...], first: str) -> re.Pattern[str]:
    """\b(?:WORD|...)\b, case-insensitive, written to open with the case-sensitive class
    `first` of what the words start with: re skips to the next of those characters in C,
    where it tries a pattern opening with \b at every offset. A look-behind on the character
    read takes the words that start with it, and one on two characters stands for the \b
    before it (a letter at a boundary: no word character before it)."""
    rests: dict[str, list[str]] = {}
    for word in words:
        rests.setdefault(word[0], []).append(re.escape(word[1:]))
    after = "|".join(f"(?<={f})(?:{'|'.join(rest)})" for f, rest in rests.items())
    return re.compile(f"(?-i:[{first}])(?<!\\w.)(?:{after})\\b", re.IGNORECASE)


_EN_STOPWORD_RE = _stopword_pattern(_EN_STOPWORDS, _EN_STOPWORD_FIRST)
# The commonest of them, in lower case between two spaces: each place str.count finds one is
# a match of _EN_STOPWORD_RE of its own (a space is no word character), so their counts add up
# to at most the pattern's, and an English text reaches its share with them alone.
_EN_SPACED = (" the ", " and ", " of ", " to ")

# Longest prefix of a line that text_units looks at; anything longer is long prose anyway.
_UNITS_SCAN = 2000
# A line of at most this many units is "short" (headline, heading, link title, byline).
SHORT_UNITS = 36
# A line of at least this many units that ends a sentence is prose even when short.
PROSE_MIN_UNITS = 12


def _count(not_run_re: re.Pattern[str], text: str) -> int:
    """How many characters of `text` belong to a class, given the pattern of runs outside it."""
    return len(not_run_re.sub("", text))


# The high bytes of the UTF-16 code units of _HAN but U+4D00-U+4DFF (0x4D: U+4DC0-U+4DFF are
# no Han characters), and all the other bytes, which _han deletes.
_HAN_HIGH = bytes([*range(0x34, 0x4D), *range(0x4E, 0xA0), 0xF9, 0xFA])
_NOT_HAN_HIGH = bytes(sorted(set(range(256)) - set(_HAN_HIGH)))


def _han(text: str) -> int:
    """How many _HAN characters `text` holds: the high bytes of its UTF-16 code units, those
    of Han kept (C loops over bytes, where the pattern of runs makes a match per run)."""
    high = text.encode("utf-16-le", "surrogatepass")[1::2]
    if b"\x4d" in high:  # U+4D00-U+4DFF: a class decides
        return _count(_NOT_HAN_RUN_RE, text)
    return len(high.translate(None, _NOT_HAN_HIGH))


def _class_bytes(ascii_class: str) -> bytes:
    """The table that, the continuation bytes deleted, turns UTF-8 text into one byte per
    character: "a" for a character of `ascii_class` or of U+00C0-U+024F, " " for any other,
    "?" for the lead byte U+0240-U+027F share, of which only U+0240-U+024F are in."""
    table = bytearray(b" " * 256)
    for char in ascii_class:
        table[ord(char)] = ord("a")
    table[0xC3:0xC9] = b"a" * 6  # U+00C0-U+023F
    table[0xC9] = ord("?")
    return bytes(table)


_UTF8_CONTINUATION = bytes(range(0x80, 0xC0))
_ASCII_LETTER_CHARS = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"
# _WORD characters, and _LATIN ones.
_WORD_TABLE = _class_bytes(_ASCII_LETTER_CHARS + "0123456789")
_LATIN_TABLE = _class_bytes(_ASCII_LETTER_CHARS)


def _latin(text: str) -> int:
    """How many _LATIN characters `text` holds, counted in its bytes as _words counts."""
    if text.isascii():
        return text.encode("ascii").translate(_LATIN_TABLE).count(b"a")
    data = text.encode("utf-8", "surrogatepass").translate(_LATIN_TABLE, _UTF8_CONTINUATION)
    if b"?" in data:  # U+0240-U+027F: a class decides
        return _count(_NOT_LATIN_RUN_RE, text)
    return data.count(b"a")
# The letters a _WORD_RE word's apostrophe tail is made of.
_ASCII_LETTERS = frozenset(_ASCII_LETTER_CHARS)


def _is_word_char(char: str) -> bool:
    """Whether `char` is a _WORD character."""
    return ("0" <= char <= "9") or char in _ASCII_LETTERS or "\u00c0" <= char <= "\u024f"


def _apostrophe_tails(text: str) -> int:
    """How many runs of _WORD characters in `text` are, whole, the apostrophe tail of a
    _WORD_RE word ("don't": the run "t"): each such run is no word of its own.

    A tail follows an apostrophe right after a word's run and is letters up to the run's end
    ("don't9" is two words: the tail stops at the digit, where a word starts). A run that is
    a whole tail takes no tail of its own ("a'b'c": a'b, then c).
    """
    tails, last_tail_end, size = 0, -1, len(text)
    straight, curly = text.find("'"), text.find("’")
    while straight >= 0 or curly >= 0:  # the apostrophes of both kinds, in order
        if curly < 0 or 0 <= straight < curly:
            start, straight = straight, text.find("'", straight + 1)
        else:
            start, curly = curly, text.find("’", curly + 1)
        at = start + 1
        if (
            start > 0
            and start != last_tail_end
            and at < size
            and text[at] in _ASCII_LETTERS
            and _is_word_char(text[start - 1])
        ):
            end = at + 1
            while end < size and text[end] in _ASCII_LETTERS:
                end += 1
            if end == size or not _is_word_char(text[end]):
                tails += 1
                last_tail_end = end
    return tails


def _words(text: str) -> int:
    """How many _WORD_RE words `text` holds: the runs of _WORD characters, counted in the
    text's bytes mapped to one byte per character (one pass of C each, where the pattern
    makes a match per word), less the runs that are a word's apostrophe tail."""
    if text.isascii():
        data = text.encode("ascii").translate(_WORD_TABLE)
    else:
        data = text.encode("utf-8", "surrogatepass").translate(_WORD_TABLE, _UTF8_CONTINUATION)
        if b"?" in data:  # U+0240-U+027F: a class decides
            return len(_WORD_COUNT_RE.findall(text))
    runs = data.count(b" a") + data.startswith(b"a")
    if "'" in text or "’" in text:
        runs -= _apostrophe_tails(text)
    return runs


def text_units(line: str) -> int:
    """Length of `line` in rough word-equivalents: one per Han character, two per Latin word.

    A Chinese headline of 30 characters and an English one of 15 words come out alike.
    Lines longer than a couple of thousand characters are only measured that far.
    """
    head = line[:_UNITS_SCAN]
    han = 0 if head.isascii() else _han(head)
    return han + 2 * _words(head)


def is_prose(line: str, units: int | None = None) -> bool:
    """True for a line that reads as running text: long, or a full sentence of some length.

    `units` is text_units(line) when the caller has it already.
    """
    if units is None:
        units = text_units(line)
    if units > SHORT_UNITS:
        return True
    return units >= PROSE_MIN_UNITS and _TERMINAL_RE.search(line[-8:]) is not None


def alternation(words: list[str], cased: bool = False) -> str:
    """An alternation of the words, longest first, as literals (the cue lists of sections,
    furniture's phrases).

    The words that start with one character are written as that character and then the
    alternation of their rests ("s(?:aid|ays)|t(?:old|ells)"): at each offset `re` tests one
    first character per group instead of one per word, and as no two groups can match at
    one offset, the first word to match there is the same, in any context. Where two first
    characters match each other case-insensitively (a pattern compiled with re.I could match
    both groups at one offset), the words stay one plain alternation, unless `cased` says
    the alternation is only ever matched case-sensitively.
    """
    ordered = sorted(words, key=len, reverse=True)
    firsts = list(dict.fromkeys(word[:1] for word in ordered))
    if "" in firsts or not cased and any(
        re.fullmatch(re.escape(a), b, re.IGNORECASE)
        for i, a in enumerate(firsts)
        for b in firsts[:i]
    ):
        return "|".join(re.escape(w) for w in ordered)
    rests: dict[str, list[str]] = {}
    for word in ordered:
        rests.setdefault(word[0], []).append(re.escape(word[1:]))
    return "|".join(f"{re.escape(f)}(?:{'|'.join(rest)})" for f, rest in rests.items())


# ---------------------------------------------------------------------------------------------
# Script and language

# Characters of each sample slice detect_script looks at (head, middle and tail of the text).
_SAMPLE_CHARS = 20_000
# Han share (Han / (Han + Latin letters)) from which a page counts as Chinese; a Han
# character carries about as much text as three or four Latin letters.
_HAN_SHARE_ZH = 0.2
# Share of Han characters that are Traditional-only from which a page counts as Traditional;
# Traditional text has 15-30%, Simplified text with a quoted name or two far below 1%.
_HANT_SHARE = 0.02
# Share of English function words among Latin words from which Latin text counts as English.
_EN_SHARE = 0.08


def _sample(text: str) -> str:
    """Head, middle and tail of a long text; the whole of a short one."""
    if len(text) <= 3 * _SAMPLE_CHARS:
        return text
    mid = len(text) // 2 - _SAMPLE_CHARS // 2
    return text[:_SAMPLE_CHARS] + text[mid : mid + _SAMPLE_CHARS] + text[-_SAMPLE_CHARS:]


@functools.cache
def _traditional_char() -> re.Pattern[str]:
    """A Traditional-only Han character (one OpenCC t2s changes and Simplified never uses,
    normalize.traditional_only_bmp). Characters outside the BMP are left out: a class holding
    them makes `re` fall back to a matcher about fifteen times slower, and they are too rare
    to decide a page's script.
    """
    chars = sorted(traditional_only_bmp())
    return re.compile("[" + "".join(re.escape(char) for char in chars) + "]")


def _holds_at_least(pattern: re.Pattern[str], text: str, needed: float) -> bool:
    """Whether `pattern` matches at least `needed` times in `text`: the matches are counted
    only until there are enough (a Traditional page reaches its share in its first lines)."""
    if needed <= 0:
        return True
    return any(found >= needed for found, _ in enumerate(pattern.finditer(text), 1))


def _script(sample: str) -> tuple[str, int]:
    """(script, number of Han characters) of a sample of a text; see detect_script."""
    if _HAN_RE.search(sample) is None:
        return "latin", 0
    han = _han(sample)
    # Han and Latin letters together are at most the whole sample: when the Han share of
    # that is reached, the Latin letters need no counting.
    if han < _HAN_SHARE_ZH * len(sample):
        # A page of Latin letters with a few Han characters is told by its head; the count
        # only grows with the text looked at, so a share already reached stays reached.
        for part in (sample[: len(sample) // 8], sample):
            if han < _HAN_SHARE_ZH * (han + _latin(part)):
                return "latin", han
    hant = _holds_at_least(_traditional_char(), sample, _HANT_SHARE * han)
    return ("hant" if hant else "hans"), han


def detect_script(text: str) -> str:
    """The dominant script of `text`: "hans", "hant" or "latin".

    Han characters against Latin letters decide Chinese against Latin; the share of
    Traditional-only characters (those OpenCC t2s would change) decides "hant". Only a
    bounded sample of a long text is looked at. Text with no Han characters is "latin".

    >>> detect_script("腾讯发布了这些数据"), detect_script("騰訊發佈了這些數據"), detect_script("")
    ('hans', 'hant', 'latin')
    """
    return _script(_sample(text))[0]


def _language(sample: str, script: str, han: int) -> str:
    """ "zh" for Han-script text (not Japanese), "en" for English-looking Latin text, else "und".

    `sample` is a sample of the text, `han` its number of Han characters.
    """
    if script in ("hans", "hant"):
        kana = 0 if _KANA_RE.search(sample) is None else _count(_NOT_KANA_RUN_RE, sample)
        return "und" if kana > 0.1 * han else "zh"
    words = _words(sample)
    if not words:
        return "und"
    # Counting stops once the share is reached: a count only grows. str.count's count of a
    # few spaced words (in C, without a match object each) reaches it first in most English.
    needed = _EN_SHARE * words
    spaced = 0
    for word in _EN_SPACED:
        spaced += sample.count(word)
        if spaced >= needed:
            return "en"
    for stopwords, _ in enumerate(_EN_STOPWORD_RE.finditer(sample), 1):
        if stopwords >= needed:
            return "en"
    return "und"


# ---------------------------------------------------------------------------------------------
# Lines

# A run of non-blank characters between line breaks (\n, \r\n or a lone \r).
_LINE_RE = re.compile(r"[^\r\n]+")

# How far into the page the header (title, bylines, datelines) can reach.
_HEAD_CHARS = 6000
# How far from the end of the page footers and self-notices ("“见实”招聘") are looked for.
_TAIL_CHARS = 20000
# How many non-blank lines the header can have at most.
_HEAD_LINES = 15
# A title is at most this many units long (a paragraph is not a title).
_TITLE_MAX_UNITS = 80


def _edges(text: str) -> list[str]:
    """The head and the tail of a long page (where bylines, sources and notices sit)."""
    if len(text) <= _HEAD_CHARS + _TAIL_CHARS:
        return [text]
    return [text[:_HEAD_CHARS], text[-_TAIL_CHARS:]]


def _lines(text: str, limit: int | None = None) -> Iterator[tuple[int, int, str]]:
    """(start, end, stripped line) for each non-blank line, spans trimmed of whitespace."""
    source = text if limit is None else text[:limit]
    for match in _LINE_RE.finditer(source):
        line = match.group()
        stripped = line.strip()
        if not stripped:
            continue
        start = match.start() + (len(line) - len(line.lstrip()))
        yield start, start + len(stripped), stripped


def _head_lines(text: str, title_span: tuple[int, int] | None) -> list[tuple[int, int, str]]:
    """The non-blank lines of the page header: the title and the lines before the first
    prose line (a long title is not prose)."""
    head: list[tuple[int, int, str]] = []
    for line in _lines(text, _HEAD_CHARS):
        if len(head) >= _HEAD_LINES:
            break
        if (line[0], line[1]) != title_span and is_prose(line[2]):
            break
        head.append(line)
    return head


# ---------------------------------------------------------------------------------------------
# Title

# Breadcrumb or navigation trail: "Home > News content", "首页 » 科技 » 正文", "当前位置：…".
_BREADCRUMB_RE = re.compile(
    r"^(?:[^>»›\n]{0,40}\s*[>»›]\s*){1,8}[^>»›\n]{0,60}$"
    r"|^(?:当前位置|當前位置|您的位置|你的位置|您现在的位置|您現在的位置|You are here)\s*[:：]?",
    re.IGNORECASE,
)
# A line with no letter, digit or Han character: dividers such as "//", "***", "———".
_NO_WORD_RE = re.compile(r"^[\W_]*$")
# A letter or Han character (a title has at least one).
_LETTER_RE = re.compile(r"[^\W\d_]")
# "Source:/Author:/Keywords/via:" style header fields that are not titles.
_FIELD_RE = re.compile(
    r"^(?:source|author|keywords?|tags?|via|by|editor|来源|來源|作者|编辑|編輯|责任编辑|責任編輯|"
    r"关键词|關鍵詞|标签|標籤)\s*[:：]",
    re.IGNORECASE,
)


# A Chinese byline on a line of its own: a name and 作者/记者 (either order), "文/张三".
_BYLINE_RE = re.compile(
    r"^(?:[\u4e00-\u9fff·]{2,5}\s*(?:作者|记者|記者|撰文|编辑|編輯)"
    r"|(?:作者|记者|記者|撰文|文|图|圖)\s*[:：/／|｜]?\s*[\u4e00-\u9fff·]{2,5})$"
)


def _undouble(title: str) -> str:
    """ "XXXX XXXX" or "XXXXXXXX" (a title printed twice on one line) -> "XXXX"."""
    compact = "".join(title.split())
    half = len(compact) // 2
    if half == 0 or len(compact) % 2 or compact[:half] != compact[half:]:
        return title
    seen = 0
    for index, char in enumerate(title):
        if not char.isspace():
            seen += 1
            if seen == half:
                return title[: index + 1].strip()
    return title  # pragma: no cover - the loop always reaches `half`


def find_title(text: str) -> tuple[str | None, tuple[int, int] | None]:
    """The page title and the span of its line: the first header line that is not navigation,
    a header field or a dateline, de-duplicated when printed twice on one line.

    Returns (None, None) when the page opens with prose rather than a title.

    >>> find_title("Home > News\\n\\nHello World Hello World\\n\\nText.")
    ('Hello World', (13, 36))
    """
    for start, end, line in _lines(text, _HEAD_CHARS):
        if _BREADCRUMB_RE.match(line) and len(line) <= 160:
            continue
        if _NO_WORD_RE.match(line) or _FIELD_RE.match(line) or is_dateline(line):
            continue
        if _BYLINE_RE.match(line):
            continue  # "赵泓维作者", "记者 张三": a byline, not the headline
        if not _LETTER_RE.search(line):
            continue  # counters and numbers ("1929  0") are not titles
        units = text_units(line)
        if units > _TITLE_MAX_UNITS or line.endswith("。"):
            return None, None
        if line.endswith(".") and not line.endswith(".."):
            return None, None  # a sentence, not a headline
        if not text[end:].strip():
            return None, None  # the page's only line is its body
        return _undouble(line), (start, end)
    return None, None


# ---------------------------------------------------------------------------------------------
# Datelines

_MONTHS = {
    "jan": 1, "feb": 2, "mar": 3, "apr": 4, "may": 5, "jun": 6,
    "jul": 7, "aug": 8, "sep": 9, "oct": 10, "nov": 11, "dec": 12,
}  # fmt: skip
# English month names and abbreviations (May, Sept., December).
_MONTH = (
    r"(?:Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?"
    r"|Sep(?:t(?:ember)?)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)"
)
# Year-month-day with - / . or 年月日: 2018/4/12, 2018-11-7, 2019.05.21, 2019年5月21日.
# (The year opens the pattern, its look-behind after its first two digits: re skips in C to
# the next "1" or "2", where it tries a pattern opening with a look-around at every offset.)
_YMD_RE = re.compile(
    r"(?P<y>(?:19|20)(?<!\d..)\d{2})\s*(?:[-/.]|年)\s*(?P<m>\d{1,2})\s*(?:[-/.]|月)\s*"
    r"(?P<d>\d{1,2})(?!\d)\s*[日号號]?"
)
# Month and day with no year in Chinese: 5月21日, 11月1号 (not the tail of 2019年5月21日).
_MD_ZH_RE = re.compile(r"(?=\d)(?<![\d年])(?P<m>\d{1,2})\s*月\s*(?P<d>\d{1,2})\s*[日号號]")
# Day month [year]: 21 May 2019, 21st May, 3 Sept. 2020.
_DMY_EN_RE = re.compile(
    rf"(?=\d)(?<![\d.])\b(?P<d>\d{{1,2}})(?:st|nd|rd|th)?\s+(?P<mon>{_MONTH})\b\.?"
    r"(?:,?\s+(?P<y>(?:19|20)\d{2})\b)?",
    re.IGNORECASE,
)
# Month day [, year]: May 21, May 21, 2019, Sept. 3rd 2020.
_MDY_EN_RE = re.compile(
    rf"\b(?=[adfjmnos])(?P<mon>{_MONTH})\b\.?\s+(?P<d>\d{{1,2}})(?:st|nd|rd|th)?\b(?!\s*:)"
    r"(?:,?\s+(?P<y>(?:19|20)\d{2})\b)?",
    re.IGNORECASE,
)
_DATE_RES = (_YMD_RE, _MD_ZH_RE, _DMY_EN_RE, _MDY_EN_RE)
# (The lookaheads at the start of these patterns name the characters a date can start with:
# they change no match and spare `re` the rest of the pattern at most positions.)
# The first three letters of every alternative of _MONTH, matched as the English date patterns
# match them (case-insensitively: "SEP", and "ſep" with a long s): a line none of them is in
# holds no English date, and one search tells, where the two patterns take a pass each. It
# opens with the case-sensitive class of every character that matches a first letter
# case-insensitively (as _PUBLISHED_LABEL_RE), then look-behinds pick the months.
_MONTH_CUE_RE = re.compile(
    "(?-i:[ADFJMNOSadfjmnosſ])(?:(?<=j)(?:an|u[nl])|(?<=f)eb|(?<=m)a[ry]|(?<=a)(?:pr|ug)"
    "|(?<=s)ep|(?<=o)ct|(?<=n)ov|(?<=d)ec)",
    re.IGNORECASE,
)
_EN_DATE_RES = (_DMY_EN_RE, _MDY_EN_RE)
# Clock times next to a dateline: 14:31:53, 00:44.
_TIME_RE = re.compile(r"(?<!\d)\d{1,2}:\d{2}(?::\d{2})?(?!\d)(?:\s*[AaPp]\.?[Mm]\.?)?")
# Dateline labels and counters that may share the line with a date.
# Written plainly: \b(?:via|time|date|published|posted|updated|last|modified|on|at|source|by|
# author|readed|reads?|views?|hits|comments?|am|pm|gmt|utc|cst|bst|edt|est|hkt)\b|发布时间|
# 發佈時間|發布時間|发表时间|發表時間|发布于|發佈於|發布於|发表于|發表於|更新时间|更新時間|时间|時間|
# 日期|来源|來源|作者|阅读|閱讀|浏览|瀏覽|点击|點擊|发布|發佈|發布|星期. (case-insensitive). As
# _PUBLISHED_LABEL_RE, it opens with the case-sensitive class of every character a label
# starts with (ſ matches s case-insensitively; tested), so re skips to the next of them in C;
# look-behinds then take the labels that start with the character read, in their order.
_DATELINE_LABEL_RE = re.compile(
    r"(?-i:[ABCDEGHLMOPRSTUVabcdeghlmoprstuvſ发發更时時日来來作阅閱浏瀏点點星])"
    r"(?:(?<!\w.)(?:(?<=v)ia|(?<=t)ime|(?<=d)ate|(?<=p)(?:ublished|osted|m)|(?<=u)(?:pdated|tc)"
    r"|(?<=l)ast|(?<=m)odified|(?<=o)n|(?<=a)(?:t|uthor|m)|(?<=s)ource|(?<=b)(?:y|st)"
    r"|(?<=r)(?:eaded|eads?)|(?<=v)iews?|(?<=h)(?:its|kt)|(?<=c)(?:omments?|st)|(?<=g)mt"
    r"|(?<=e)(?:dt|st))\b"
    r"|(?<=发)(?:布时间|表时间|布于|表于|布)|(?<=發)(?:佈時間|布時間|表時間|佈於|布於|表於|佈|布)"
    r"|(?<=更)新(?:时间|時間)|(?<=时)间|(?<=時)間|(?<=日)期|(?<=来)源|(?<=來)源|(?<=作)者"
    r"|(?<=阅)读|(?<=閱)讀|(?<=浏)览|(?<=瀏)覽|(?<=点)击|(?<=點)擊|(?<=星)期.)",
    re.IGNORECASE,
)
# A label that says outright the line gives the publication date: "published", "posted",
# "updated", "date", "time" as words, 发布时间, 發佈時間, 發布時間, 发表时间, 發表時間, 发布于, 發佈於,
# 發布於, 发表于, 發表於, 发布日期, 發佈日期, 發布日期, and 日期/时间/時間 before a colon.
# It is searched in every short line of a page's edges, so it opens with the class of the
# characters a label starts with, case-sensitive: re skips to the next of them in C (a
# pattern opening with a look-ahead, or a class that folds case, is tried at every offset).
# The class holds every character that matches p, u, d or t case-insensitively (tested); a
# look-behind then takes the alternatives that start with the character read, and one on two
# characters stands for the \b before an English word.
_PUBLISHED_LABEL_RE = re.compile(
    r"(?-i:[DPTUdptu发發日时時])"
    r"(?:(?<!\w.)(?:(?<=p)(?:ublished|osted)|(?<=u)pdated|(?<=d)ate|(?<=t)ime)\b\s*(?:on)?\s*[:：]?"
    r"|(?<=发)(?:布时间|表时间|布于|表于|布日期)"
    r"|(?<=發)(?:佈時間|布時間|表時間|佈於|布於|表於|佈日期|布日期)"
    r"|(?<=日)期\s*[:：]|(?<=时)间\s*[:：]|(?<=時)間\s*[:：])",
    re.IGNORECASE,
)
# Digits left over once dates and times are gone (view counters like "1929   0").
_DIGITS_RE = re.compile(r"\d+")
# A dateline is at most this long; the non-date rest of it at most this many units.
DATELINE_MAX_CHARS = 160
_DATELINE_REST_UNITS = 12


def _month_number(name: str) -> int:
    """The month a matched month name stands for. The patterns match case-insensitively, so
    the name may hold letters that lower() keeps apart from ASCII ("ſep" with a long s, a
    Kelvin sign K); casefold() maps those two to ASCII. (Dotless ı and İ match "i" as well, but
    no month has an "i" in its first three letters.)"""
    return _MONTHS[name[:3].casefold()]


@dataclass(slots=True)
class _DateMatch:
    start: int
    end: int
    year: int | None
    month: int
    day: int


def _date_matches(line: str) -> list[_DateMatch]:
    """Every date in `line` (with or without a year), earliest first, overlaps removed."""
    found: list[_DateMatch] = []
    months: bool | None = None  # whether the line holds a month's first letters, when asked
    for pattern in _DATE_RES:
        if pattern is _MD_ZH_RE and "月" not in line:
            continue
        if pattern is _YMD_RE and "19" not in line and "20" not in line:
            continue  # (its year starts so)
        if pattern in _EN_DATE_RES:
            if months is None:
                months = _MONTH_CUE_RE.search(line) is not None
            if not months:
                continue
        for match in pattern.finditer(line):
            groups = match.groupdict()
            month = _month_number(groups["mon"]) if groups.get("mon") else int(groups["m"])
            year = int(groups["y"]) if groups.get("y") else None
            found.append(_DateMatch(match.start(), match.end(), year, month, int(groups["d"])))
    # Earliest first; at one position the longer (year-bearing) match wins.
    found.sort(key=lambda m: (m.start, -(m.end - m.start)))
    kept: list[_DateMatch] = []
    for date in found:
        if kept and date.start < kept[-1].end:
            continue
        kept.append(date)
    return kept


def is_dateline(line: str) -> bool:
    """True for a short line that is a dateline or byline around a date.

    "time:2018/4/12 14:31:53  readed:678" and "陈梦凡  2018-11-7 00:44  1929  0" are;
    "From April 12 to 13, 2018 the summit was held in Chongqing." is not (too much else).
    """
    line = line.strip()
    if not line or len(line) > DATELINE_MAX_CHARS:
        return False
    matches = _date_matches(line)
    if not matches:
        return False
    rest, pos = [], 0
    for match in matches:
        rest.append(line[pos : match.start])
        pos = match.end
    rest.append(line[pos:])
    leftover = _TIME_RE.sub(" ", " ".join(rest))
    leftover = _DIGITS_RE.sub(" ", _DATELINE_LABEL_RE.sub(" ", leftover))
    return text_units(leftover) <= _DATELINE_REST_UNITS


def _dateline_date(line: str) -> tuple[bool, dt.date | None]:
    """(is a dateline, its date or None when it states no year or an impossible one)."""
    if not is_dateline(line):
        return False, None
    match = _date_matches(line.strip())[0]
    if match.year is None:
        return True, None
    try:
        return True, dt.date(match.year, match.month, match.day)
    except ValueError:
        return True, None


def _edge_lines(text: str) -> list[str]:
    """The stripped non-blank lines of the page's edges (_edges) short enough to be a
    dateline or a header field, in order."""
    return [
        line
        for edge in _edges(text)
        for raw in _LINE_RE.findall(edge)
        if (line := raw.strip()) and len(line) <= DATELINE_MAX_CHARS
    ]


def _labelled_date(line: str) -> dt.date | None:
    """The date right after a publication label, whatever else the line holds:
    "date 2021-07-28 We've encouraging feedback…", "作者 | 發布日期 2024 年 02 月 27 日 9:45 |
    分類 …" (a line too long to be a dateline). None without a label, a year or a valid day.

    >>> _labelled_date("date 2021-07-28 We've encouraging feedback on early builds, he says")
    datetime.date(2021, 7, 28)
    >>> _labelled_date("Posted by the newsroom team, 2021-07-28, in Markets") is None
    True
    """
    for label in _PUBLISHED_LABEL_RE.finditer(line):
        rest = line[label.end() :]
        dates = _date_matches(rest)
        if not dates or dates[0].year is None or rest[: dates[0].start].strip(" :：|"):
            continue
        try:
            return dt.date(dates[0].year, dates[0].month, dates[0].day)
        except ValueError:
            continue
    return None


def _published(
    head: list[tuple[int, int, str]], edge_lines: list[str], top: list[str]
) -> dt.date | None:
    """The publication date: from a labelled header dateline, else the first header dateline,
    else a labelled dateline anywhere on the page (`edge_lines`, see _edge_lines), else a date
    right after a publication label on one of the page's first lines (`top`) however long it
    is; None if the dateline states no year."""
    labelled = [line for _, _, line in head if _PUBLISHED_LABEL_RE.search(line)]
    for line in labelled + [line for _, _, line in head]:
        found, date = _dateline_date(line)
        if found:
            return date
    for line in edge_lines:
        if _PUBLISHED_LABEL_RE.search(line):
            found, date = _dateline_date(line)
            if found:
                return date
    for line in top:
        if (date := _labelled_date(line)) is not None:
            return date
    return None


# ---------------------------------------------------------------------------------------------
# Outlet

# "via:博客园", "Source: Reuters", "来源：新华网", "转载自 36氪": an outlet named in a header field.
_SOURCE_FIELD_RE = re.compile(
    r"(?:^|[\s|｜])(?:via|source|来源|來源|出处|出處|转载自|轉載自|本文来源|本文來源|文章来源|文章來源|"
    r"稿源)\s*[:：]\s*(?P<name>[^\n]{1,80})",
    re.IGNORECASE,
)
# Where a field value stops: two spaces, NBSP, tab, a bar or a following "label:".
_FIELD_END_RE = re.compile(r"\s{2,}|[\xa0\t|｜│/]|\s+\S{1,12}\s*[:：]")
# "【财新网】(记者 …)" / "【新华社】": the outlet's name in lenticular brackets at a line start.
_BRACKET_OUTLET_RE = re.compile(
    r"^\s*【(?P<name>[^】\n]{2,15}?)】\s*(?=[(（]?\s*(?:记者|記者|讯|訊|电|電|消息|报道|報道))"
    r"|^\s*【(?P<name2>[^】\n]{1,13}(?:网|網|报|報|社|台|刊|新闻|新聞|财经|財經|日报|日報|在线|在線|"
    r"客户端|客戶端|杂志|雜誌))】",
    re.MULTILINE,
)
# Agency datelines: "BEIJING (Reuters) -", "新华社北京5月21日电".
_AGENCY_RE = re.compile(
    r"^[A-Z][A-Za-z .,'’-]{1,40}\((?P<name>[A-Z][A-Za-z]{1,20})\)\s*[-—–]"
    r"|^\s*(?P<name2>[\u4e00-\u9fff]{2,6}社)[\u4e00-\u9fff]{2,4}\d{1,2}月\d{1,2}日[电電]",
    re.MULTILINE,
)
# What every match of the two forms holds: "(Reuters) -" and "社北京5月21日电". One search of it
# (re skips in C to its first characters) spares the anchored pattern, tried at every offset.
_AGENCY_CUE_RE = re.compile(
    r"\([A-Z][A-Za-z]{1,20}\)\s*[-—–]|社[\u4e00-\u9fff]{2,4}\d{1,2}月\d{1,2}日[电電]"
)
# An account's own notices: "“见实”招聘新员工", "关注“见实”公众号", "本文首发于见实".
# (First-character lookahead as for _PUBLISHED_LABEL_RE.)
_SELF_NOTICE_RE = re.compile(
    r"(?=[“\"「『关關本])"
    r"(?:[“\"「『](?P<name>[^”\"」』\n]{2,12})[”\"」』]\s*(?:招聘|公众号|公眾號|微信号|微信號|原创|原創)"
    r"|(?:关注|關注)\s*[“\"「『]?(?P<name2>[^”\"」』\s,，。!！]{2,12}?)[”\"」』]?\s*(?:公众号|公眾號)"
    r"|本文(?:首发于|首發於|来自|來自|来源于|來源於|转自|轉自)\s*[:：]?\s*(?P<name3>[^\s,，。!！]{2,20}))",
)
# The words every self-notice holds (the end of its first and second forms, the start of its
# third). A pattern of literals with distinct first characters is one `re` skips through in C.
_SELF_NOTICE_CUE_RE = re.compile("招聘|公众号|公眾號|微信号|微信號|原创|原創|本文")
# Values of a "Source:" field that name no outlet.
_GENERIC_OUTLETS = frozenset(
    {
        *("internet", "the-internet", "web", "network", "online", "user", "users", "unknown"),
        *("anonymous", "admin", "administrator", "n/a", "na", "none", "null"),
        *(
            "网络",
            "網絡",
            "互联网",
            "互聯網",
            "网友",
            "網友",
            "网络转载",
            "網絡轉載",
            "未知",
            "佚名",
        ),
        *("本站", "本网", "本網", "原创", "原創", "匿名", "转载", "轉載", "用户", "用戶"),
    }
)
# Punctuation to trim from the ends of an outlet name.
_NAME_EDGE = " \t\xa0\u3000.,;:，。；：、!！?？()（）[]【】「」『』“”\"'"


def _clean_outlet(raw: str) -> str | None:
    """A field value cut at its end, trimmed, and rejected when generic or implausible."""
    end = _FIELD_END_RE.search(raw)
    name = (raw[: end.start()] if end else raw).strip(_NAME_EDGE)
    if not name or len(name) > 40 or name.casefold() in _GENERIC_OUTLETS:
        return None
    if _NO_WORD_RE.match(name) or name.isdigit():
        return None
    return name


def _outlet(
    text: str, head: list[tuple[int, int, str]], edge_lines: list[str], han: bool = True
) -> str | None:
    """The outlet the page names: a header field, a bracketed or agency lead, a self-notice.
    `edge_lines` are the short lines of the page's edges (_edge_lines); `han` False says the
    edges hold no Han character, so no self-notice (its words are Han)."""
    for _, _, line in head:
        for match in _SOURCE_FIELD_RE.finditer(line):
            if name := _clean_outlet(match.group("name")):
                return name
    head_text = text[:_HEAD_CHARS]
    for pattern in (_BRACKET_OUTLET_RE, _AGENCY_RE):
        if pattern is _BRACKET_OUTLET_RE and "【" not in head_text:
            continue  # every match holds its cue
        if pattern is _AGENCY_RE and _AGENCY_CUE_RE.search(head_text) is None:
            continue
        for match in pattern.finditer(head_text):
            if name := _clean_outlet(match.group("name") or match.group("name2") or ""):
                return name
    for line in edge_lines:
        if ":" in line or "：" in line:  # every field has its colon
            for match in _SOURCE_FIELD_RE.finditer(line):
                if name := _clean_outlet(match.group("name")):
                    return name
    for edge in _edges(text) if han else ():
        if _SELF_NOTICE_CUE_RE.search(edge) is None:
            continue  # every notice holds one of its words: one fast scan spares the pattern
        for match in _SELF_NOTICE_RE.finditer(edge):
            raw = match.group("name") or match.group("name2") or match.group("name3") or ""
            if name := _clean_outlet(raw):
                return name
    return None


# ---------------------------------------------------------------------------------------------
# Entry point


def read_metadata(text: str) -> Metadata:
    """Title, published date, outlet, language and script of one raw page.

    `text` is the decoded page in its original script. Nothing is guessed: a dateline
    with no year gives `published=None`, an unnamed source gives `outlet=None`.
    """
    text = text or ""
    title, title_span = find_title(text)
    head = _head_lines(text, title_span)
    edge_lines = _edge_lines(text)
    sample = _sample(text)
    script, han = _script(sample)
    return Metadata(
        title=title,
        published=_published(
            head,
            edge_lines,
            [line for _, _, line in itertools.islice(_lines(text, _HEAD_CHARS), _HEAD_LINES)],
        ),
        # The edges lie within the sample (_edges, _sample): a sample without Han characters
        # (han == 0) leaves none in them.
        outlet=_outlet(text, head, edge_lines, han > 0),
        language=_language(sample, script, han),
        script=script,
        title_span=title_span,
    )
