"""Stage: split the article body into sections and attribute each to a speaker.

A page comes in four shapes, often mixed: a multi-speaker report whose speaker headings
("刘炽平-腾讯公司总裁") open each talk; an interview whose turns carry labels ("MA:" versus the
newspaper's questions); a news story that announces the full text of a speech ("附汤道生演讲全文:"
or "The following is the full text of the speech:"); and reporter narration, where a sentence
belongs to a person only when it says so ("汤道生指出…", "Tong says…", "said Ma").

Sections are runs of one paragraph with one speaker and kind: `speech` (a talk or a full
text), `answer` and `question` (interview turns), `heading`, and `narration`, where each
sentence is its own section when reported speech changes the speaker mid-paragraph.

Attribution is one walk over the body's paragraphs, a state machine: the state (`_Turn`) is a
`Mode` (narration, a talk, an interview), whose turn it is and what opened it (`Opener`); a
paragraph holding a cue fires a named transition (`open_talk`, `open_fulltext`, `open_turn`,
`close`), and every piece records the reason that put it where it is (`Section.reason`, which
`show --why` prints). The window lengths the rules use are the named constants below.
"""

from __future__ import annotations

import functools
import re
import tomllib
from collections import Counter
from dataclasses import dataclass, field
from enum import Enum
from importlib import resources
from pathlib import Path
from typing import Any

from speeches.errors import BadRule
from speeches.models import Document, Section
from speeches.rules import tomlfile
from speeches.rules.speakers import Registry
from speeches.stages.metadata import alternation as _alt
from speeches.stages.metadata import find_title
from speeches.text import sentences
from speeches.text.lookahead import Leftmost, with_lookahead

_SENT_PUNCT = "。！？!?；;"
_HEADING_END = _SENT_PUNCT + "。."  # a speaker heading ends in none of these
_QUOTES = "“\"「『‘'"


@dataclass(frozen=True)
class Cues:
    """Compiled attribution cues from rules/attribution.toml."""

    title_re: re.Pattern[str]
    verb_zh: re.Pattern[str]
    verb_en: str
    verb_en_before: str
    question_labels: frozenset[str]
    answer_labels: frozenset[str]
    org_words: tuple[str, ...]
    fulltext: tuple[str, ...]
    speech_title: tuple[str, ...]
    divider: re.Pattern[str]
    not_names_en: frozenset[str]
    honorifics: str
    honorific_set: frozenset[str]
    title_words_en: frozenset[str]
    surname: str
    narration: Leftmost  # a sentence in the reporter's own voice ("据…了解")
    not_name_chars_zh: frozenset[str]  # characters no unregistered name holds (本月, 今年)
    letter_title: tuple[str, ...]  # title words of a post or letter by its author
    list_item: re.Pattern[str]  # a bullet or numbered list item
    first_person: re.Pattern[str]  # 我/我们, I/we/our
    analyst_headers: frozenset[str]  # "Analysts": the participants who ask
    participant_headers: frozenset[str]  # "Executives", "Corporate Participants"
    transcript: re.Pattern[str]  # words of a transcript's title or opening
    speech_words: tuple[str, ...]  # "小结", "speaking": a paragraph says its person spoke
    fulltext_lead_in: re.Pattern[str]  # "…,以下为现场实录。" closing a paragraph
    after_name_zh: str  # words after a titled name, where the name ends ("接受", "首次")
    interview_title: tuple[str, ...]  # "talks to", "专访": the title names an interviewee
    zero_subject: re.Pattern[str]  # "续指，…": a sentence continuing the last person named
    honorifics_zh: tuple[str, ...]  # "先生", "氏": surname + one of these is a known person
    not_first_person_zh: re.Pattern[str]  # 我国, 我市: the reporter's words, not first person
    referring: re.Pattern[str]  # "the executive said", "这位创始人表示": the last person named
    name_gap_zh: str  # what may stand between an unregistered name and its verb
    framing: re.Pattern[str]  # "对于…，", "Asked whether …,": the reporter frames a question
    title_after_name_zh: str  # "院士", "教授" between a name and its verb ("田伟院士说")


def _any_of(words: tuple[str, ...]) -> re.Pattern[str]:
    """Finds any of the words as a substring: one search instead of a loop of `in` tests."""
    return re.compile("|".join(map(re.escape, words)) if words else "(?!)")


@functools.lru_cache(maxsize=1024)  # pages that name the same people share one pattern
def _names_re(names: tuple[str, ...], guards: tuple[str, ...], after: str) -> re.Pattern[str]:
    """`(?<!G)...(NAME|...)AFTER` for each lookbehind G in `guards`, names longest first.

    A pattern that opens with a lookbehind makes re try the lookbehinds and the whole
    alternation at every offset of the page; one that opens with a group of literals lets re
    skip to the characters a name can start with. So each name is written as its first
    character, then the lookbehinds (widened by that character, which is known), then the
    rest of the names that start with it, longest first. At every offset this matches what
    the plain pattern matches, with the same group 1, except that the guards apply only to
    names that start with an ASCII character.
    """
    if not all(names):  # an empty name has no first character (and matches anywhere)
        plain = "".join(f"(?<!{g})" for g in guards) + "(" + _alt(list(names)) + ")" + after
        return re.compile(plain)
    rests: dict[str, list[str]] = {}
    for name in sorted(names, key=len, reverse=True):
        rests.setdefault(name[0], []).append(name[1:])
    branches = []
    for first, tails in rests.items():
        f = re.escape(first)
        # The guards keep a Latin name from starting inside a word; a Chinese name may
        # follow Latin letters ("CEO李彦宏").
        behind = "".join(f"(?<!{g}{f})" for g in guards) if first.isascii() else ""
        branches.append(f + behind + "(?:" + "|".join(re.escape(t) for t in tails) + ")")
    return re.compile("(" + "|".join(branches) + ")" + after)


# The keys of rules/attribution.toml: word lists, regex lists and plain strings.
_LIST_KEYS = (
    "analyst_headers", "participant_headers", "transcript_words", "speech_words",
    "titles_zh", "titles_en", "verbs_zh", "verbs_en", "verbs_en_before", "question_labels",
    "answer_labels", "org_words", "fulltext_markers", "speech_title_words", "not_names_en",
    "honorifics_en", "title_words_en", "double_surnames", "letter_title_words",
    "first_person_zh", "first_person_en", "after_name_zh", "interview_title_words",
    "zero_subject_verbs_zh", "zero_subject_adverbs_zh", "honorifics_zh", "not_first_person_zh",
    "referring_nouns_en", "referring_zh", "adverbs_zh", "occasion_words_zh", "framing_words",
    "titles_after_name_zh",
)  # fmt: skip
_REGEX_LIST_KEYS = ("narration_zh", "narration_en", "fulltext_lead_in")
_REGEX_KEYS = ("divider", "list_item")
_STRING_KEYS = ("surnames", "not_name_chars_zh")
_ATTRIBUTION_FILE = "attribution.toml"


def _validate_cues(data: dict[str, Any], source: str) -> dict[str, Any]:
    """The entries of one attribution rule file, checked; BadRule names file and entry."""
    known = {*_LIST_KEYS, *_REGEX_LIST_KEYS, *_REGEX_KEYS, *_STRING_KEYS, "replace"}
    out: dict[str, Any] = {}
    for key, value in data.items():
        label = f"{source}: {key}"
        if key not in known:
            raise BadRule(f"{label}: unknown entry (known: {', '.join(sorted(known))})")
        if key in {*_LIST_KEYS, *_REGEX_LIST_KEYS, "replace"}:
            if not isinstance(value, list):
                raise BadRule(f"{label}: must be a list of strings")
            for i, item in enumerate(value, 1):
                if not isinstance(item, str) or not item.strip():
                    raise BadRule(f"{label}: item #{i} ({item!r}) is not a non-empty string")
                if key in _REGEX_LIST_KEYS:
                    _check_regex(item, f"{label}: item #{i} ({item!r})")
                if key == "replace" and item not in known - {"replace"}:
                    raise BadRule(f"{label}: item #{i} ({item!r}) names no entry")
        else:
            if not isinstance(value, str) or not value.strip():
                raise BadRule(f"{label}: must be a non-empty string")
            if key in _REGEX_KEYS:
                _check_regex(value, label)
        out[key] = value
    return out


def _check_regex(pattern: str, label: str) -> None:
    try:
        compiled = re.compile(pattern)
    except re.error as e:
        raise BadRule(f"{label}: bad regex ({e})") from None
    if compiled.fullmatch(""):
        raise BadRule(f"{label}: the regex matches an empty line")


def _merge_cues(base: dict[str, Any], extra: dict[str, Any]) -> dict[str, Any]:
    """`extra` read over `base`: lists extend (or replace, when named in `replace`), strings
    replace."""
    out = dict(base)
    replace = set(extra.get("replace", []))
    for key, value in extra.items():
        if key == "replace":
            continue
        if isinstance(value, list) and key not in replace:
            out[key] = [*out.get(key, []), *(v for v in value if v not in out.get(key, []))]
        else:
            out[key] = value
    return out


def _read_cue_file(path: Path) -> dict[str, Any]:
    return _validate_cues(tomlfile.read(path, "attribution rules", BadRule), str(path))


@functools.lru_cache(maxsize=8)
def cues(path: Path | None = None) -> Cues:
    """The shipped attribution cues, with the user's file (`--attribution`) read over them."""
    shipped = resources.files("speeches").joinpath("rules", _ATTRIBUTION_FILE).read_text("utf-8")
    data = _validate_cues(tomllib.loads(shipped), f"{_ATTRIBUTION_FILE} (shipped)")
    if path is not None:
        data = _merge_cues(data, _read_cue_file(Path(path)))
    missing = [k for k in (*_LIST_KEYS, *_REGEX_LIST_KEYS, *_REGEX_KEYS, *_STRING_KEYS)
               if k not in data]  # fmt: skip
    if missing:
        raise BadRule(f"{path or _ATTRIBUTION_FILE}: missing entries {', '.join(missing)}")
    surnames = "".join(data["surnames"].split())
    return Cues(
        title_re=re.compile(_alt(data["titles_zh"] + data["titles_en"]), re.I),
        verb_zh=re.compile(_alt(data["verbs_zh"])),
        verb_en=_alt(data["verbs_en"]),
        # ("According to" and "according to": grouped, as no pattern matches these ignoring case)
        verb_en_before=_alt(data["verbs_en_before"], cased=True),
        question_labels=frozenset(w.casefold() for w in data["question_labels"]),
        answer_labels=frozenset(w.casefold() for w in data["answer_labels"]),
        org_words=tuple(w.casefold() for w in data["org_words"]),
        fulltext=tuple(w.casefold() for w in data["fulltext_markers"]),
        speech_title=tuple(w.casefold() for w in data["speech_title_words"]),
        divider=re.compile(data["divider"]),
        not_names_en=frozenset(data["not_names_en"]),
        honorifics=_alt(data["honorifics_en"]),
        honorific_set=frozenset(data["honorifics_en"]),
        title_words_en=frozenset(w for t in data["titles_en"] for w in t.split())
        | frozenset(data["title_words_en"]),
        surname="(?:" + _alt(data["double_surnames"]) + "|[" + surnames + "])",
        # one search for each language's cues, the English ones behind a word boundary
        narration=Leftmost(
            [p for p in ("|".join(data["narration_zh"]), "|".join(data["narration_en"])) if p]
            or ["(?!)"],
            boundary=True,
        ),
        not_name_chars_zh=frozenset("".join(data["not_name_chars_zh"].split())),
        letter_title=tuple(w.casefold() for w in data["letter_title_words"]),
        list_item=re.compile(data["list_item"]),
        analyst_headers=frozenset(w.casefold() for w in data["analyst_headers"]),
        participant_headers=frozenset(w.casefold() for w in data["participant_headers"]),
        transcript=_any_of(tuple(w.casefold() for w in data["transcript_words"])),
        speech_words=tuple(data["speech_words"]),
        fulltext_lead_in=with_lookahead("|".join(data["fulltext_lead_in"]) or "(?!)"),
        after_name_zh=_alt(data["after_name_zh"]) or "(?!)",
        interview_title=tuple(w.casefold() for w in data["interview_title_words"]),
        honorifics_zh=tuple(data["honorifics_zh"]),
        not_first_person_zh=_any_of(tuple(data["not_first_person_zh"])),
        framing=re.compile(r"\s*(?:" + (_alt(data["framing_words"]) or "(?!)") + ")"),
        title_after_name_zh=_alt(data["titles_after_name_zh"]) or "(?!)",
        name_gap_zh=(
            r"(?:(?:"
            + _alt(data["adverbs_zh"])
            + r"){0,2}"
            + r"(?:(?:"
            + _alt(data["occasion_words_zh"])
            + r")[^，。,；;！？!?“”「」]{0,20}?"
            + r"(?:时|上|中|后|期间)|"
            + _NAME_GAP_ZH
            + r")?"
            + r"(?:"
            + _alt(data["adverbs_zh"])
            + r"){0,2})"
        ),
        referring=with_lookahead(
            r"\b[Tt]he\s+(?:[\w'’-]+\s+){0,3}?(?:"
            + _alt(data["referring_nouns_en"])
            + r")\s+(?:(?:also|has|had)\s+)?(?:"
            + _alt(data["verbs_en"])
            + r")\b"
            + r"|(?:"
            + (_alt(data["referring_zh"]) or "(?!)")
            + r")[^，,。！？!?]{0,6}?(?:"
            + _alt(data["titles_zh"])
            + r")[^，,。！？!?]{0,6}?(?:"
            + _alt(data["verbs_zh"])
            + ")"
        ),
        zero_subject=re.compile(
            r"\s*(?:"
            + _alt(data["zero_subject_adverbs_zh"])
            + r")?(?:"
            + _alt(data["zero_subject_verbs_zh"])
            + r")[，,:：]"
        ),
        first_person=with_lookahead(
            "(?:"
            + _alt(data["first_person_zh"])
            + ")|\\b(?:"
            + _alt(data["first_person_en"])
            + ")\\b"
        ),
    )


# "LABEL: text" at the start of a paragraph (interview turns); the label holds no punctuation.
# A note in brackets after it is not part of it: "Jane Roe (CEO):", "李彦宏（百度CEO）：".
_LABEL = re.compile(
    r"^\s*([^\s:：,，。.!?！？“”\"'‘’《》()（）][^:：。!?！？“”\"]{0,30}?)"
    r"(?:\s*[（(][^()（）:：]{1,30}[)）])?\s*[:：]\s*(\S.*)?$",
    re.S,
)
# "NAME - TITLE" speaker headings: a dash, bar, comma or colon between name and title.
_UPPER = re.compile(r"[A-Z]")
# A byline in the page header: "By Jane Roe", "作者：张三", "文/张三".
_BYLINE = re.compile(
    r"(?m)^\s*(?:[Bb]y\s+|作者\s*[:：]?\s*|文\s*[/／]\s*)"
    r"([A-Z][a-z]+(?: [A-Z][a-z]+){1,2}|[\u4e00-\u9fff]{2,4})\s*$"
)
_BULLET_LEAD = re.compile(r"^\s*[•·▪●◦■□►▶‣∙]\s*")
# "Our next question comes from Jane Roe of Morgan Stanley": an analyst, introduced.
_QUESTION_FROM = re.compile(
    r"questions?\s+(?:comes?\s+|is\s+|will come\s+)?from\s+(?:the line of\s+)?"
    r"([A-Z][a-z]+(?:\s+[A-Z][a-z]+){1,2})"
)

# Window lengths and distances of the attribution rules, in characters unless said otherwise.
# An opener carries to at most this many sentences after it (a capture that lost its line
# breaks is one paragraph from end to end).
CARRY_SENTENCES = 8
# How far after a name its reporting verb or colon opener may stand ("马化腾在…上表示").
VERB_AFTER_NAME = 90
# How far before an English name its inverted verb may stand ("said Chairman and CEO Ma").
VERB_BEFORE_NAME = 30
# Where the paragraph after a bare quotation must name the person it says spoke.
SPOKE_NAME_WINDOW = 40
# How far from an unregistered name a job title makes it a person ("钟远河,腾讯副总裁").
TITLE_NEAR_NAME = 12
# Where a paragraph of a talk has its organisation's reporting verb ("华为还表示,").
ORGANISATION_VERB_WINDOW = 16
# The top of the body, where a byline may stand above a letter.
BYLINE_WINDOW = 300
# The head of a page that says it is a transcript.
TRANSCRIPT_WINDOW = 2000
# The head of a page where its main speaker is introduced with a job title.
INTRODUCED_WINDOW = 3000
# Line lengths: a speaker heading, a topic line, a full-text marker (one without a colon),
# an analyst's or participants-list line, a name alone on its line, a question to "you".
HEADING_MAX = 60
TOPIC_LINE_MAX = 24
MARKER_MAX = 80
MARKER_BARE_MAX = 30
LIST_LINE_MAX = 80
NAME_LINE_MAX = 30
QUESTION_MAX = 300
# An unknown "LABEL:" opens a turn when the page uses it at least this many times.
LABEL_RECURS = 2
# Two capitalised words standing alone ("Steve Ballmer"), and the word before them.
_TWO_CAPITALISED = re.compile(r"([A-Z][a-z]+\s+[A-Z][a-z]+)\b(?!\s+[A-Z][a-z])")
# "(" and a capital at a word boundary, as \b([A-Z] is, written to open with the class (a capital
# no word character stands before): re skips to a pattern's first class in C, where a
# pattern opening with \b is tried at every offset. Patterns go on inside the group.
_CAPITAL_AT_BOUNDARY = r"([A-Z](?<!\w[A-Z])"
# A job-title word, then one capitalised word and no other: "Microsoft CEO Nadella reported".
_TITLE_SURNAME = re.compile(
    _CAPITAL_AT_BOUNDARY + r"[A-Za-z-]+)\s+([A-Z][a-z]{2,})\b(?!['’-]|\s+[A-Z&])"
)
# The characters of a word _last_word reads back: Latin letters, apostrophes, hyphens.
_WORD_CHARS = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz'’-")
_POSSESSIVE = re.compile(r"^[A-Z][A-Za-z]*['’]s$")
# "Satya Nadella's email", "Jane Roe: my letter": the English name a title opens with.
_AUTHOR_EN = re.compile(r"([A-Z][a-z]+ [A-Z][a-z]+)(?:['’]s\b|\s*:)")
_HEADING_MARK = re.compile(r"\s*(?:--|[-—–－|｜,，:：、])\s*")
_HEADING_SEP = re.compile(r"\s*[-—–－|｜,，:：、]\s*|\s+")
_HAN = re.compile(r"[\u4e00-\u9fff]")
_LINE = re.compile(r"[^\n]+")
# A short topic line holds none of these.
_HEADING_PUNCT = re.compile(r"[，,。.;；:：!！?？“”\"]")
# An English name in a speaker heading, an interview label, a title's "NAME:" opening.
_EN_HEADING_NAME = re.compile(r"[A-Z][a-z]+(?: [A-Z][a-z]+){1,2}")
_EN_LABEL_NAME = re.compile(r"[A-Z][A-Za-z]+(?: [A-Z][A-Za-z]+){0,2}")
_TITLE_NAME = re.compile(r"\s*([^:：|｜\s]{2,4}|[A-Z][a-z]+(?: [A-Z][a-z]+){1,2})\s*[:：]")
# A paragraph opening "SUBJECT [还/也…] VERB，": who speaks in it, in the reporter's words.
_OPENS_SAID = re.compile(r"\s*([\u4e00-\u9fffA-Za-z]{2,10}?)(?:还|也|亦|同时|此外|另外|则)?$")
# A colon opener right after a name or pronoun: "马化腾举了个例子:", "他给出了一组数据:".
_COLON_OPENER = re.compile(r"(?:[^，,。！？!?；;:：“”\"]|“[^”，,。:：]{1,12}”){0,20}[:：]")
_PRONOUN_COLON_ZH = re.compile(
    r"(?:^|[，,。“”\s])(?:他|她)(?!们)[^，,。！？!?；;:：“”\"]{0,20}[:：]"
)
# An English name's colon opener: a quotation right after "NAME:" ('Nadella: "Teams is …').
_COLON_QUOTE_EN = re.compile(r"\s*:\s*[“\"]")
# An English lead-in line about a person: "Below are his comments:", "Here is what she said:".
_PRONOUN_COLON_EN = re.compile(r"\b(?:he|she|his|her|him|He|She|His|Her)\b")
# After an interview phrase of a title: "Netflix's Reed Hastings", "马化腾".
_INTERVIEWEE = re.compile(
    r"\s*(?:[A-Z][\w&.-]*(?:\s+[A-Z][\w&.-]*)?['’]s\s+|(?:CEO|Chairman|Founder)\s+)?"
    r"([A-Z][a-z]+(?:\s+[A-Z][a-z]+){1,2})\b|\s*[^\u4e00-\u9fff]{0,3}([\u4e00-\u9fff]{2,3})(?=$|[:：,，\s(（])"
)
# Between a name and its verb: a date ("今（18）日", "昨日") or a note ("（图）", "（左）").
_NAME_GAP_ZH = (
    r"[今昨前本]?\s*[（(]\d{1,2}[）)]\s*日|[今昨]日|[（(][^）)，,。]{1,8}[）)](?:[今昨]日)?"
)
# Where a headline's reported content ends: "… as the company's revenue jumps", "; …".
_HEADLINE_CONTEXT = re.compile(r"\s(?:as|while|amid|even as|despite|but)\s|\s*[;；|｜]\s*")
# A third person: a question naming one ("Is he right?") is the reporter's, not the speaker's.
_ABOUT_SPEAKER = re.compile(r"\b(?:he|she|him|his|her|He|She|His|Her)\b|[他她](?!们)")
# A question to "you": a paragraph of an unlabelled interview.
_YOU = re.compile(r"\b(?:you|your|You|Your)\b|[你您]")
# "According to him, …", "As per her, …": the pronoun's person says the sentence.
_ACCORDING_PRONOUN = re.compile(r"\b(?:[Aa]ccording to|[Aa]s per)\s+(?:him|her)\b")
# A cue that closes its sentence: no comma, colon or quotation after it ("Ma told analysts.").
_CLOSING_CUE = re.compile(r"[^,，:：;；“”\"「」]{1,60}")
# Closing and opening quotation marks.
_QUOTE_MARKS = '“”「」『』"'
_CLOSE_QUOTES = '”」』"'
# "据NAME介绍/透露/称…": attribution by 据 just before the name.
_JU_VERB = re.compile(r"[^。！？!?]{0,10}?(?:介绍|透露|称|表示|说)")


class _Piece:
    """A sentence or paragraph with its speaker, before runs are merged into sections.

    (A plain class, not a dataclass: mypyc compiles its __init__, where a dataclass's is the
    Python one the dataclasses module writes, run for every sentence of narration.)
    """

    def __init__(
        self, start: int, end: int, speaker: str | None, kind: str, reason: str, para: int
    ) -> None:
        self.start = start
        self.end = end
        self.speaker = speaker
        self.kind = kind
        self.reason = reason
        self.para = para  # the body paragraph it is in (-1 for the headline)

    def open_to(self, who: str) -> bool:
        """Whether a closing attribution to `who` may take this piece: it has no speaker, or
        only one guessed from the quotation before it."""
        return (
            self.speaker in (None, who)
            or self.reason == "the quotation goes on"
            or self.reason.startswith("carried from")
        )


class Mode(Enum):
    """The states of the walk over a page's paragraphs: what the paragraph read belongs to."""

    NARRATION = "narration"  # the reporter's story, attributed sentence by sentence
    SPEECH = "speech"  # a talk under a speaker heading, or a speech after its full-text marker
    INTERVIEW = "interview"  # question and answer turns (labels, speaker lines, analysts)


class Opener(Enum):
    """What opened the current talk or turn; an interview turn's is its sections' kind."""

    HEADING = "heading"  # "刘炽平-腾讯公司总裁"
    FULLTEXT = "fulltext"  # "附汤道生演讲全文:", "…,以下为现场实录。"
    QUESTION = "question"  # "问:", "Operator", an analyst's line
    ANSWER = "answer"  # "答:", "MA:", a speaker's name alone on its line


class Listing(Enum):
    """Whether the walk is inside a participants list, and which part of it."""

    NONE = "none"
    ANALYSTS = "analysts"  # its people ask the questions: their turns are nobody's
    OTHERS = "others"  # executives, corporate participants


@dataclass(slots=True)
class _Turn:
    """The state of the paragraph walk and its transitions. Each transition records the
    reason its paragraphs carry (`show --why`)."""

    mode: Mode = Mode.NARRATION
    speaker: str | None = None
    opened_by: Opener | None = None
    reason: str = ""
    heading: str = ""  # the speaker heading that opened the last talk
    inline: bool = False  # the turn opened "LABEL: text" on its own paragraph

    @property
    def kind(self) -> str:
        """The kind of the sections the turn's paragraphs make."""
        if self.mode is Mode.SPEECH or self.opened_by is None:
            return "speech"
        return self.opened_by.value

    def open_talk(self, person: str, reason: str, heading: str) -> None:
        """A speaker heading opens that person's talk."""
        self.mode, self.speaker, self.opened_by = Mode.SPEECH, person, Opener.HEADING
        self.reason, self.heading, self.inline = reason, heading, False

    def open_fulltext(self, person: str | None, reason: str) -> None:
        """A full-text marker or lead-in: the person's speech follows."""
        self.mode, self.speaker, self.opened_by = Mode.SPEECH, person, Opener.FULLTEXT
        self.reason, self.inline = reason, False

    def open_turn(
        self, opener: Opener, person: str | None, reason: str, inline: bool = False
    ) -> None:
        """An interview turn: a question (nobody's) or a person's answer."""
        self.mode, self.speaker, self.opened_by = Mode.INTERVIEW, person, opener
        self.reason, self.inline = reason, inline

    def close(self) -> None:
        """Back to narration: a divider, a topic line, a participants list, the reporter's
        data after the turns."""
        self.mode, self.speaker, self.inline = Mode.NARRATION, None, False


@dataclass(slots=True)
class _Page:
    """What the walk over one page knows besides its turn: the people named so far, the
    pieces made, and the narration's memory from one paragraph to the next."""

    text: str
    title_text: str
    names: dict[str, str]  # alias -> person, growing as the page introduces people
    name_re: re.Pattern[str] | None
    main: str | None
    author: str | None
    interviewee: str | None
    asks: int  # paragraphs that ask "you" a question
    transcript: bool
    label_counts: Counter[str]
    pieces: list[_Piece] = field(default_factory=list)
    turn: _Turn = field(default_factory=_Turn)
    listing: Listing = Listing.NONE
    analysts: set[str] = field(default_factory=set)  # people listed or introduced as analysts
    last_named: str | None = None
    seen_titled: list[str] = field(default_factory=list)  # unregistered names with a title
    # A colon opener ending a paragraph: (speaker, reason, its paragraph) for the list or
    # paragraph it introduces.
    introduces: tuple[str, str, int] | None = None
    asked: bool = False  # the paragraph before was a question to the interviewee
    ended_with: str | None = None  # the speaker the last narration paragraph ended with
    ended_para: int = -1  # ... and that paragraph

    def add(self, s: int, e: int, speaker: str | None, kind: str, reason: str, para: int) -> None:
        """A piece for text[s:e] without its surrounding space (none when that is all)."""
        text = self.text
        while s < e and text[s].isspace():
            s += 1
        while e > s and text[e - 1].isspace():
            e -= 1
        if e > s:
            self.pieces.append(_Piece(s, e, speaker or None, kind, reason, para))

    def learn(self, names: dict[str, str], attributor: Attributor) -> None:
        """People the page has just introduced: later sentences may name them."""
        self.names = {**self.names, **names}
        self.name_re = attributor._name_pattern(self.names)


class Attributor:
    """Finds the people of one page and who speaks where."""

    def __init__(
        self,
        registry: Registry,
        common_words: frozenset[str] = frozenset(),
        attribution: Path | None = None,
    ):
        self.registry = registry
        self.cues = cues(attribution)
        self.common_words = common_words
        full = registry.full_names()
        self.full = full
        self.short = registry.short_names()
        # (?<![A-Za-z])(FULL NAME|...)(?![A-Za-z])
        self.full_re = _names_re(tuple(full), (r"[A-Za-z]",), r"(?![A-Za-z])") if full else None
        # The cue patterns, compiled once (re's own cache costs a lookup per call).
        c = self.cues
        # The longest header and question label: casefold never shortens a string, so a
        # longer line is none of them, and is not folded to find that out.
        self._header_max = max(map(len, c.analyst_headers | c.participant_headers), default=0)
        self._label_max = max(map(len, c.question_labels), default=0)
        self._org_word = _any_of(c.org_words)
        self._fulltext = _any_of(c.fulltext)
        self._transcript = c.transcript
        self._speech_word = _any_of(tuple(c.speech_words))
        # "Jane Roe", "S.Y. Lau", "C. C. Wei": words or initials, then a surname
        name_en = r"((?:[A-Z][a-z]+\s+|(?:[A-Z]\.\s?){1,3}){0,3}[A-Z][a-z]+)"
        honor = r"(?:(?:" + c.honorifics + r")\.?\s+)?"
        self._unknown_zh = with_lookahead(
            r"(?:" + c.title_re.pattern + r")?(" + c.surname + r"[\u4e00-\u9fff]{1,2}?)"
            r"(?=(?:" + c.title_after_name_zh + r")?"
            r"(?:在[^，。,；;]{1,30}?|" + c.name_gap_zh + r")?(?:" + c.verb_zh.pattern + r"))"
        )
        self._verb_zh_after = re.compile(r"[^。！？!?；;]{0,30}?(?=" + c.verb_zh.pattern + ")")
        self._verb_en_after = re.compile(
            r"(?:'s?)?(?:\s*\([^)]{0,20}\))?(?:,[^,.;]{1,80},)?\s+(?:(?:also|then|has|have|had)\s+){0,2}(?:"
            + c.verb_en
            + r")\b"
        )
        self._verb_en_before = re.compile(
            r"\b(?:" + c.verb_en_before + r")\s+(?:[A-Z][\w.]*\s+){0,3}$"
        )
        # A pronoun before a verb, in two patterns so each can be skipped quickly: the
        # Chinese one when the sentence has no 他/她, the English one when the pattern without
        # its leading \b (which re finds fast, from its first letter) does not match either.
        self._pronoun_zh = re.compile(
            r"(?:^|[，,。“”\s])(?:他|她)(?!们)(?:[^，。,]{0,8}?|在[^，。,；;]{1,24}?)(?:"
            + c.verb_zh.pattern
            + r")"
        )
        pronoun_en = r"(?:he|she|He|She)\s+(?:also\s+)?(?:" + c.verb_en + r")\b"
        self._pronoun_en = with_lookahead(r"\b" + pronoun_en)
        self._pronoun_en_cue = re.compile(pronoun_en)
        self._en_said = with_lookahead(
            honor
            + r"\b"
            + name_en
            + r"(?:,[^,.;]{1,80},)?\s+(?:(?:also|has|have|had)\s+){0,2}(?:"
            + c.verb_en
            + r")\b"
        )
        # "said Jane Roe", "said Chairman and CEO Jane Roe" (the title words are dropped later)
        title_and = r"(?:(?:" + _alt(sorted(c.title_words_en)) + r")\s+(?:(?:and|&)\s+)?){0,4}"
        self._en_said_before = with_lookahead(
            r"\b(?:" + c.verb_en_before + r")\s+" + title_and + honor + name_en
        )
        # What those two cannot match without: a verb after a space, a verb before one.
        self._en_verb = re.compile(r"\s(?:" + c.verb_en + r")\b")
        # The last sentence _en_verb was asked about, and the answer (see _has_en_verb).
        self._en_verb_of: tuple[str, bool] = ("", False)
        # one capitalised word, not after another, before a verb: "…, Nadella told analysts"
        self._surname_verb_en = with_lookahead(
            r"(?<![A-Za-z]\s)(?<![A-Za-z])([A-Z][a-z]{2,})\s+(?:(?:also|then)\s+)?(?:"
            + c.verb_en
            + r")\b"
        )
        self._en_verb_before = re.compile(r"(?:" + c.verb_en_before + r")\s")
        self._en_before_honorific = re.compile(
            r"\b(?:" + c.verb_en_before + r")\s+(?:" + c.honorifics + r")"
        )
        self._zh_name = re.compile(c.surname + r"[\u4e00-\u9fff]{1,2}")
        # a job title closing a clause, right before a name: "，董事长"
        self._title_end = with_lookahead(r"(?<=[，,])\s*(?:" + c.title_re.pattern + r")$", re.I)
        self._author_zh = re.compile(
            "(" + c.surname + r"[\u4e00-\u9fff]{1,2}?)(?=致|写给|给|的|发|[:：])"
        )
        self._appositive_en = re.compile(  # (\b and the name: see _CAPITAL_AT_BOUNDARY)
            _CAPITAL_AT_BOUNDARY
            + r"[a-z]+\s+[A-Z][a-z]+)(?=,\s+(?:the\s+|a\s+)?(?:[A-Za-z-]+\s+){0,3}?(?i:"
            + c.title_re.pattern
            + r")\b)"
        )
        self._title_words_folded = frozenset(
            w.casefold() for w in {*c.title_words_en, "founder", "executive", "boss"}
        )
        self._introduced_en = with_lookahead(
            r"\b((?:[A-Z][a-z]+\s+){1,2}[A-Z][a-z]+)(?=,\s+(?:the\s+|a\s+)?(?:[A-Za-z-]+\s+){0,3}?"
            r"(?:" + c.title_re.pattern + r")\b|\s+on\b|\s+says?\b)"
        )
        self._introduced_zh = re.compile(
            r"(?:" + c.title_re.pattern + r")(" + c.surname + r"[\u4e00-\u9fff]{1,2}?)"
            r"(?=[在，,、。：:（(今昨近也则还曾]|" + c.verb_zh.pattern + ")"
        )
        # A name after a job title, where it ends: "院长张群华、", "行政总裁王维基接受…".
        name_end = r"(?=[，,、。：:；;（(\s]|" + c.after_name_zh + "|" + c.verb_zh.pattern + ")"
        self._titled_zh = re.compile(
            r"(?:" + c.title_re.pattern + r")(" + c.surname + r"[\u4e00-\u9fff]{1,2}?)" + name_end
        )
        # ... and a reporting verb later in the same clause: "负责人周小军首次披露".
        self._titled_said_zh = re.compile(
            r"(?:"
            + c.title_re.pattern
            + r")("
            + c.surname
            + r"[\u4e00-\u9fff]{1,2}?)"
            + name_end
            + r"(?=[^，,。；;！？!?“”「」他她]{0,16}?(?:"
            + c.verb_zh.pattern
            + "))"
        )

    # -- names -----------------------------------------------------------------------------

    def known_names(self, text: str) -> dict[str, str]:
        """Alias -> canonical for the registry people a page names in full, with their short
        forms (a surname alone means a person only once the page has introduced them)."""
        found: dict[str, str] = {}
        if self.full_re is None:
            return found
        for m in self.full_re.finditer(text):
            found[m.group(1)] = self.full[m.group(1)]
        present = set(found.values())
        for short, people in self.short.items():
            for person in people:
                if person in present:
                    found.setdefault(short, person)
        return found

    def _name_pattern(self, names: dict[str, str]) -> re.Pattern[str] | None:
        if not names:
            return None
        # A short Latin form must stand alone: "Ma" is not "Ma Yun" nor "Jack Ma". That is
        # (?<![A-Za-z])(?<![A-Z][a-z] )(NAME|...)(?![A-Za-z])(?! [A-Z][a-z]).
        return _names_re(
            tuple(names), (r"[A-Za-z]", r"[A-Z][a-z] "), r"(?![A-Za-z])(?! [A-Z][a-z])"
        )

    def resolve_label(self, label: str, names: dict[str, str]) -> tuple[str, str | None] | None:
        """An interview label's (kind, speaker), or None when the text is no label at all."""
        key = label.strip().casefold()
        if key in self.cues.question_labels:
            return "question", None
        if key in self.cues.answer_labels:
            return "answer", ""  # the page's main speaker, filled in later
        person = names.get(label.strip()) or self.registry.resolve(label)
        if person:
            return "answer", person
        if self._org_word.search(key):
            return "question", None
        return None

    def unknown_speaker(self, text: str, start: int) -> tuple[str, int] | None:
        """A person absent from the registry beside a reporting verb at `start`: (name, pos)."""
        # Chinese: surname + one or two characters right before a verb (or 在...上 + verb).
        if not self.cues.verb_zh.search(text, start):
            return None  # no verb for a name to stand before
        for m in self._unknown_zh.finditer(text, start):
            name = m.group(1)
            if not self._zh_name_ok(name):
                continue  # "于本月" is a date phrase, not a person
            return name, m.start(1)
        # A name after a job title, with words between it and the verb ("行政总裁王维基接受
        # 传媒访问时表示").
        for m in self._titled_said_zh.finditer(text, start):
            name = m.group(1)
            if self._zh_name_ok(name):
                return name, m.start(1)
        return None

    def titled_zh(self, text: str) -> list[str]:
        """Unregistered Chinese names `text` introduces with a job title ("院长张群华")."""
        return [m.group(1) for m in self._titled_zh.finditer(text) if self._zh_name_ok(m.group(1))]

    def _framing(self, sentence: str, at: int) -> int | None:
        """Where the reporter's framing of a question ends when a sentence opens with one
        ("对于…，他表示", "Asked whether …, Roe said"): the offset of the comma before the
        cue, or None."""
        head = sentence[:at]
        stripped = head.rstrip()
        # a job title before the name is the speaker's ("…,董事长王大同回应")
        titled = self._title_end.search(stripped)
        if titled is not None:
            at, head = titled.start(), stripped[: titled.start()]
            stripped = head.rstrip()
        if not stripped.endswith(("，", ",")) and sentence[at : at + 1] not in ("，", ","):
            return None
        # the framing opens the sentence, or its last clause before the cue ("…三分之一;
        # 对于…,他回应"): the clauses before a semicolon are the reporter's too
        clause = max(head.rfind(";"), head.rfind("；")) + 1
        if self.cues.framing.match(sentence, clause) is None:
            return None
        if any(q in head for q in _QUOTE_MARKS):
            return None  # a quotation before the cue is the speaker's
        return len(stripped) if stripped.endswith(("，", ",")) else at

    def _reporter_tail(self, sentence: str, at: int) -> int | None:
        """Where a clause in the reporter's voice starts after the cue at `at` ("…," Ma said,
        where the company announced that …"): the offset after the comma that opens it."""
        m = self.cues.narration.search(sentence, at + 1)
        if m is None:
            return None
        comma = max(sentence.rfind(",", at, m.start()), sentence.rfind("，", at, m.start()))
        if comma <= at or any(q in sentence[comma : m.start()] for q in _QUOTE_MARKS):
            return None
        return comma + 1

    def _first_person(self, sentence: str) -> bool:
        """Whether a sentence speaks in the first person (我们, we; not 我国, 我市)."""
        m = self.cues.first_person.search(sentence)
        if m is None:
            return False
        if "我" in m.group():
            return (
                self.cues.first_person.search(self.cues.not_first_person_zh.sub("", sentence))
                is not None
            )
        return True

    def _surname_label(self, label: str, known: list[str | None]) -> str | None:
        """The known Chinese person an interview label of a bare surname means ("黄")."""
        if not (0 < len(label) <= 2 and re.fullmatch(self.cues.surname, label)):
            return None
        for person in known:
            if (
                person
                and person.startswith(label)
                and _HAN.match(person)
                and len(person) > len(label)
            ):
                return person
        return None

    def _by_surname(self, who: str, known: list[str | None]) -> str | None:
        """The known person a surname and an honorific ("黄先生", "黄氏") refer to: the first
        of `known` (most recent first) with that surname, or None."""
        for honorific in self.cues.honorifics_zh:
            if who.endswith(honorific) and len(who) > len(honorific):
                surname = who[: -len(honorific)]
                for person in known:
                    if (
                        person
                        and person != who
                        and person.startswith(surname)
                        and _HAN.match(person)
                        and len(person) > len(surname)
                    ):
                        return person
                return None
        return None

    def _zh_name_ok(self, name: str) -> bool:
        """Whether a surname-shaped word may be an unregistered person's name: not a common
        word, and no date character after the surname ("于本月"); a surname that is also a
        date character (周, 时) counts unless it makes a word with the next ("周一", "时期")."""
        bad = self.cues.not_name_chars_zh
        return (
            name not in self.common_words
            and bad.isdisjoint(name[1:])
            and not (name[0] in bad and name[:2] in self.common_words)
        )

    # -- sentences in narration ------------------------------------------------------------

    def reported(
        self,
        sentence: str,
        names: dict[str, str],
        name_re: re.Pattern[str] | None,
        last: str | None,
        hits: list[re.Match[str]] | None = None,
    ) -> tuple[str | None, str, int]:
        """(speaker, reason, offset of the cue in the sentence) of a narration sentence; the
        speaker is None for the reporter's own words. `hits` may bring the matches of
        `name_re` in the sentence when the caller has them."""
        best: tuple[int, str, str] | None = None
        if name_re is not None:
            for m in name_re.finditer(sentence) if hits is None else hits:
                person = names[m.group(1)]
                after = sentence[m.end() : m.end() + VERB_AFTER_NAME]
                if _HAN.match(m.group(1)):
                    if v := self._verb_zh_after.match(after):
                        verb = self.cues.verb_zh.match(after, v.end())
                        cue = m.group(1) + (verb.group() if verb else "")
                        return person, f"reporting verb: {cue}", m.start()
                    if c := _COLON_OPENER.match(after):
                        return person, f"colon opener: {m.group(1)}{c.group()}", m.start()
                else:
                    if v := self._verb_en_after.match(after):
                        cue = m.group(1) + v.group()
                        return person, f"reporting verb: {cue.strip()}", m.start()
                    if c := _COLON_QUOTE_EN.match(after):  # 'Nadella: "Teams is …'
                        return person, f"colon opener: {m.group(1)}{c.group()}", m.start()
                    before = sentence[max(0, m.start() - VERB_BEFORE_NAME) : m.start()]
                    if b := self._verb_en_before.search(before):
                        cue = (b.group() + m.group(1)).strip()
                        best = best or (m.start(), person, f"reporting verb: {cue}")
                # "据NAME…称": the character just before the name is 据.
                if m.start() and sentence[m.start() - 1] == "据" and _JU_VERB.match(after):
                    return person, f"reporting verb: 据{m.group(1)}", m.start()
        if best:
            return best[1], best[2], best[0]
        # Pronouns refer to the last person named in the narration.
        if last:
            cue = self._pronoun_cue(sentence)
            if cue:
                return last, f"pronoun: {cue[0]} -> {last}", cue[1]
            ref = self.cues.referring.search(sentence)
            if ref:  # "the executive said", "这位创始人表示"
                return last, f"description: {ref.group()} -> {last}", ref.start()
            zero = self.cues.zero_subject.match(sentence)
            if zero:  # "续指，…": no subject, the last person named goes on
                return last, f"no subject: {zero.group().strip()} -> {last}", zero.start()
        # People absent from the registry.
        hit = self.unknown_speaker(sentence, 0)
        if hit:
            return hit[0], f"reporting verb (unregistered name): {hit[0]}", hit[1]
        who = self.unknown_english(sentence)
        if who:
            return who, f"reporting verb (unregistered name): {who}", max(0, sentence.find(who))
        return None, "", -1

    def _pronoun_cue(self, sentence: str) -> tuple[str, int] | None:
        """A pronoun before a reporting verb ("他表示", "she said") or a pronoun's colon
        opener ("他给出了一组数据:", "Below are his comments:"): (cue, offset)."""
        if "他" in sentence or "她" in sentence:
            m = self._pronoun_zh.search(sentence)
            if m:
                return m.group().lstrip("，,。“”\n "), m.start()
            m = _PRONOUN_COLON_ZH.search(sentence)
            if m:
                return m.group().lstrip("，,。“” "), m.start()
        if self._pronoun_en_cue.search(sentence):
            m = self._pronoun_en.search(sentence)
            if m:
                return m.group(), m.start()
        if "ccording to" in sentence or "s per" in sentence:
            m = _ACCORDING_PRONOUN.search(sentence)  # "According to him, …"
            if m:
                return m.group(), m.start()
        if sentence.rstrip().endswith(":") and (m := _PRONOUN_COLON_EN.search(sentence)):
            return sentence.strip(), m.start()
        return None

    def _has_en_verb(self, sentence: str) -> bool:
        """Whether `sentence` holds an English reporting verb after a space. unknown_english
        and then _surname_said ask it of a narration sentence that names nobody: the second
        gets the answer the first found."""
        if sentence is not self._en_verb_of[0]:
            self._en_verb_of = (sentence, self._en_verb.search(sentence) is not None)
        return self._en_verb_of[1]

    def unknown_english(self, sentence: str) -> str | None:
        """An English name absent from the registry beside a reporting verb: "Jane Smith
        said", "Chief Executive Robin Li said", "said Mr. Wang", "according to Jane Smith"."""
        # Each pattern needs its verb, which a quick search finds first (or not at all).
        if self._has_en_verb(sentence):
            for m in self._en_said.finditer(sentence):
                word = m.group().split()[0].rstrip(".")
                who = self._person_name(m.group(1), honorific=word in self.cues.honorific_set)
                if who:
                    return who
        if self._en_verb_before.search(sentence):
            for m in self._en_said_before.finditer(sentence):
                honorific = self._en_before_honorific.match(m.group())
                who = self._person_name(m.group(1), honorific=bool(honorific))
                if who:
                    return who
        return None

    def _surname_said(self, sentence: str, page_text: str) -> tuple[str, int] | None:
        """A surname alone before a reporting verb ("…, Nadella told analysts") when the page
        writes that surname after a first name ("Satya Nadella"): (full name, offset)."""
        if not self._has_en_verb(sentence):
            return None
        for m in self._surname_verb_en.finditer(sentence):
            surname = m.group(1)
            if surname in self.cues.not_names_en or surname in self.cues.title_words_en:
                continue
            for full in re.finditer(r"\b([A-Z][a-z]+)\s+" + surname + r"\b", page_text):
                first = full.group(1)
                if first not in self.cues.not_names_en and first not in self.cues.title_words_en:
                    return f"{first} {surname}", m.start(1)
        return None

    def _person_name(self, words: str, honorific: bool) -> str | None:
        """`words` without leading job-title words, if what is left reads as a person's name."""
        parts = words.split()
        # the words after the last company or title word: "Apple CEO Tim Cook" -> Tim Cook
        for i in range(len(parts) - 1, -1, -1):
            if parts[i] in self.cues.not_names_en or parts[i] in self.cues.title_words_en:
                parts = parts[i + 1 :]
                break
        if not parts:
            return None
        if len(parts) >= 2 or honorific:
            return " ".join(parts)
        return None

    def mentioned(
        self, text: str, name_re: re.Pattern[str] | None, names: dict[str, str]
    ) -> str | None:
        """The last registry person named in `text`."""
        if name_re is None:
            return None
        last = None
        for m in name_re.finditer(text):
            last = names[m.group(1)]
        return last

    # -- headings and markers --------------------------------------------------------------

    def speaker_heading(self, line: str, names: dict[str, str]) -> str | None:
        """The person a "NAME - TITLE" heading line names, or None."""
        s = line.strip()
        if len(s) > HEADING_MAX or not s or s[-1] in _HEADING_END:
            return None
        # "Name -- Title" (earnings calls) before "Name Title": a mark before a space.
        parts = [p for p in _HEADING_MARK.split(s, maxsplit=1) if p]
        if len(parts) != 2:
            parts = [p for p in _HEADING_SEP.split(s, maxsplit=1) if p]
        if len(parts) != 2:
            return None
        for name, title in (parts, parts[::-1]):
            if not self.cues.title_re.search(title):
                continue
            person = names.get(name) or self.registry.resolve(name)
            if person:
                return person
            if self._zh_name.fullmatch(name) and name not in self.common_words:
                return name
            if _EN_HEADING_NAME.fullmatch(name) and not set(name.split()) & self.cues.not_names_en:
                return name
        return None

    def is_heading(self, line: str) -> bool:
        """A short topic line ("数字生态", "A partner for progress"): no punctuation at all."""
        s = line.strip()
        return 0 < len(s) <= TOPIC_LINE_MAX and not _HEADING_PUNCT.search(s)

    def fulltext_marker(self, line: str) -> bool:
        s = line.strip()
        # casefold never shortens a string and keeps (and makes) no closing colon: a line too
        # long for a marker, or for a bare one without its colon, is none, and is not folded
        if len(s) > MARKER_MAX or (len(s) > MARKER_BARE_MAX and not s.endswith((":", "："))):
            return False
        s = s.casefold()
        return (
            len(s) <= MARKER_MAX
            and (s.endswith((":", "：")) or len(s) <= MARKER_BARE_MAX)
            and (
                self._fulltext.search(s) is not None
                or self.cues.fulltext_lead_in.search(s) is not None
            )
        )

    # -- the stage ---------------------------------------------------------------------------

    def run(self, doc: Document) -> Document:
        """Attribute the sections of a page: one walk over its body paragraphs, each a step of
        the `_Turn` state machine (see `_step`), narration read sentence by sentence."""
        text = doc.text
        title_text = normalize_title(doc.title or "")
        names = self.known_names(title_text + "\n" + text)
        name_re = self._name_pattern(names)
        main = self._main_speaker(doc, names, name_re, title_text)
        header = text[: doc.body[0][0]] if doc.body else ""
        top = text[doc.body[0][0] : doc.body[0][0] + BYLINE_WINDOW] if doc.body else ""
        author = self._author(title_text, main, header, top)
        # (start, end, text, "LABEL: text" match) of each non-blank line of the body.
        paragraphs = [
            (
                m.start(),
                m.end(),
                line,
                _label(_BULLET_LEAD.sub("", line)) if ":" in line or "：" in line else None,
            )
            for start, end in doc.body
            for m in _LINE.finditer(text, start, end)
            if (line := m.group()).strip()
        ]
        page = _Page(
            text=text,
            title_text=title_text,
            names=names,
            name_re=name_re,
            main=main,
            author=author,
            # An interview with unlabelled turns: questions to "you" and the answers after them.
            interviewee=self._interviewee(title_text, names) or main,
            asks=sum(1 for _, _, line, _ in paragraphs if _asks_you(line)),
            # A transcript (earnings call, speech): a name alone on a line opens a turn even
            # when the page names that person only there.
            transcript=self._transcript.search(
                (title_text + "\n" + text[:TRANSCRIPT_WINDOW]).casefold()
            )
            is not None,
            label_counts=Counter(
                label.group(1).strip() for _, _, _, label in paragraphs if label and label.group(2)
            ),
        )
        page.pieces.extend(self._headline(doc, text, names, name_re))
        for para, (s, e, line, label) in enumerate(paragraphs):
            self._step(page, para, s, e, line, label)
        doc.sections = _merge(page.pieces)
        return doc

    def _step(
        self, page: _Page, para: int, s: int, e: int, line: str, label: re.Match[str] | None
    ) -> None:
        """One paragraph: the first transition whose cue it holds fires (each records its
        reason on the paragraph), else the paragraph is read in the current state."""
        turn = page.turn
        item = self.cues.list_item.match(line)
        core = line[item.end() - 1 :] if item else line
        stripped = core.strip()
        bare = stripped.rstrip(":：")
        header = bare.casefold() if len(bare) <= self._header_max else None
        # participants list: its header, then its lines
        if header in self.cues.analyst_headers or header in self.cues.participant_headers:
            page.listing = (
                Listing.ANALYSTS if header in self.cues.analyst_headers else Listing.OTHERS
            )
            turn.close()
            page.add(s, e, None, "heading", f"participants list: {core.strip()}", para)
            return
        if page.listing is not Listing.NONE:
            person = self._listed_person(core)
            if person is None:
                page.listing = Listing.NONE
            elif page.listing is Listing.ANALYSTS:
                page.analysts.add(person)
                page.add(s, e, None, "heading", f"listed analyst: {core.strip()}", para)
                return
        if "question" in core:  # (every match holds it: a substring test spares the regex)
            for m in _QUESTION_FROM.finditer(core):
                page.analysts.add(m.group(1))  # "Our next question comes from Jane Roe of …"
        lead_in: tuple[str, str] | None = None
        introduces = page.introduces
        if introduces and (item or para == introduces[2] + 1):
            lead_in = (introduces[0], f"the lead-in {introduces[1]}")
        if not (introduces and item):  # a list keeps its lead-in through its items
            page.introduces = None
        if self.cues.divider.match(line) and not item:
            turn.close()
            return
        heading_person = self.speaker_heading(core, page.names)
        if heading_person:
            turn.open_talk(heading_person, f"speaker heading: {core.strip()}", core)
            page.add(s, e, None, "heading", turn.reason, para)
            return
        if self._analyst_line(core):
            turn.open_turn(Opener.QUESTION, None, f"analyst line: {core.strip()}")
            page.add(s, e, None, "heading", turn.reason, para)
            return
        if len(stripped) <= self._label_max and stripped.casefold() in self.cues.question_labels:
            # "Operator", "Moderator" alone on a line: a turn that is nobody's.
            turn.open_turn(Opener.QUESTION, None, f"question label: {core.strip()}")
            page.add(s, e, None, "heading", turn.reason, para)
            return
        named = self._name_line(core, page.names, page.text, page.transcript)
        if named in page.analysts:
            turn.open_turn(Opener.QUESTION, None, f"analyst's turn: {core.strip()}")
            page.add(s, e, None, "heading", turn.reason, para)
            return
        if named:
            turn.open_turn(Opener.ANSWER, named, f"speaker line: {core.strip()}")
            page.add(s, e, None, "heading", turn.reason, para)
            return
        if label and self._label_turn(page, para, s, e, label):
            return
        if self.fulltext_marker(line):
            person = self._lead_in_person(
                line, page.name_re, page.names, page.seen_titled, page.last_named
            )
            # a marker that names nobody ("Here is a copy of the letter:") announces the
            # page's main speaker, else the person the narration just named
            person = person or page.main or self._most_reported(page.pieces) or page.last_named
            turn.open_fulltext(person, f"full-text marker: {line.strip()}")
            page.add(s, e, None, "heading", turn.reason, para)
            return
        if turn.mode is Mode.SPEECH and turn.opened_by is Opener.HEADING and self.is_heading(line):
            turn.close()
            page.add(s, e, None, "heading", f"topic line closes the talk: {line.strip()}", para)
            return
        if turn.mode is Mode.SPEECH and self._organisation_says(
            line, turn.heading, turn.speaker, page.names
        ):
            # "华为还表示，…" inside the talk: the reporter's words
            page.add(s, e, None, "narration", "the heading's organisation speaks", para)
            return
        if turn.mode is Mode.INTERVIEW and turn.inline and self._opens_narration(page.text, s, e):
            # "A 2008 survey shows …" after the "A: …" turns: the reporter's data again
            turn.close()
        if turn.mode is not Mode.NARRATION:
            page.add(s, e, turn.speaker, turn.kind, f"in the turn of {turn.reason}", para)
            return
        turn.inline = False
        # An unlabelled interview: the paragraph after a question is the answer.
        if page.asked and page.interviewee and not _asks_you(line) and not lead_in:
            page.asked = False
            reason = f"answer after an unlabelled question, to {page.interviewee}"
            page.add(s, e, page.interviewee, "answer", reason, para)
            return
        page.asked = page.asks >= 2 and _asks_you(line)
        self._narrate(page, para, s, e, line, lead_in)

    def _label_turn(self, page: _Page, para: int, s: int, e: int, label: re.Match[str]) -> bool:
        """An interview label ("马化腾：", "问：…", "MA: …") opens a turn: whether it did."""
        turn = page.turn
        name = label.group(1)
        if not label.group(2):
            # "马化腾：" alone on its line opens that person's talk (or a question block).
            found = self.resolve_label(name, page.names)
            if found is None and turn.mode is Mode.INTERVIEW and self._looks_like_name(name):
                found = ("answer", name.strip())  # a new speaker, never the last
            if found is None:
                return False
            kind, who = found
            opener = Opener(kind)
            turn.open_turn(opener, (who or page.main) if opener is Opener.ANSWER else None,
                           f"{kind} label: {name.strip()}")  # fmt: skip
            page.add(s, e, None, "heading", turn.reason, para)
            return True
        found = self.resolve_label(name, page.names)
        # An unknown label is a turn when it recurs, as interview labels do, or inside an
        # interview, where a new label never continues the last speaker.
        recurs = page.label_counts[name.strip()] >= LABEL_RECURS
        if (
            found is None
            and (recurs or turn.mode is Mode.INTERVIEW)
            and self._looks_like_name(name)
        ):
            found = ("answer", name.strip())
        if found is None and recurs:
            # "黄：" in a Hong Kong interview: the person of that surname introduced
            known = [page.last_named, *reversed(page.seen_titled), *page.names.values()]
            person = self._surname_label(name.strip(), known)
            found = ("answer", person) if person else None
        if found is None:
            return False
        kind, who = found
        opener = Opener(kind)
        turn.open_turn(
            opener,
            (who or page.main) if opener is Opener.ANSWER else None,
            f"{kind} label: {name.strip()}",
            inline=True,
        )
        page.add(s, e, turn.speaker, turn.kind, turn.reason, para)
        return True

    def _narrate(
        self,
        page: _Page,
        para: int,
        s: int,
        e: int,
        line: str,
        lead_in: tuple[str, str] | None,
    ) -> None:
        """A narration paragraph, sentence by sentence: each sentence is its cue's speaker's,
        or carried from the opener before it, or the reporter's."""
        text, pieces = page.text, page.pieces
        carry: tuple[str, str] | None = lead_in
        carried = 0  # sentences the opener has carried to
        run_speaker: str | None = None
        first_of_para = len(pieces)
        spans = sentences.split(text, s, e)
        # names the paragraph introduces with a job title, found once per paragraph
        para_titled = self.titled_zh(line) if _HAN.search(line) else []
        if carry is None and page.ended_with and page.ended_para == para - 1 and spans:
            # A quotation or first-person paragraph after a speaker's paragraph goes on
            # with their remarks ('Roe said on the call …' then '"We grew …"').
            first = text[spans[0][0] : spans[0][1]].strip()
            if first[:1] in _QUOTES or self._first_person(first):
                carry = (page.ended_with, f"the paragraph before, {page.ended_with}'s remarks")
        for ss, se in spans:
            sentence = text[ss:se]
            introduced = self._titled_names(sentence, page.names)
            if introduced:
                page.learn(introduced, self)
            names, name_re = page.names, page.name_re
            # the page's names in the sentence, found once for the cue and the last one named
            hits = list(name_re.finditer(sentence)) if name_re is not None else []
            who, reason, at = self.reported(sentence, names, name_re, page.last_named, hits)
            if who is None and (hit := self._surname_said(sentence, text)):
                who, at = hit
                reason = f"reporting verb (surname of a name on the page): {who}"
            if who and reason.startswith("reporting verb (unregistered"):
                known = [page.last_named, *reversed(page.seen_titled), *names.values()]
                person = self._by_surname(who, known)
                if person:  # "黄先生表示" after "董事长黄小明"
                    reason = f"{reason} -> {person}"
                    who = person
            if who is None:
                if self.cues.narration.search(sentence):
                    reason, carry = "the reporter's own words", None
                elif carry and _asks_about(sentence):
                    reason, carry = "the reporter's question about the speaker", None
                elif run_speaker and sentence.lstrip()[:1] in _QUOTES:
                    who = run_speaker  # the attributed quotation goes on: “…,” Ma said. “…”
                    reason = "the quotation goes on"
                    if _quotes_to_end(sentence):
                        carry = None  # the speaker's words end with their quotation
                elif carry and carried < CARRY_SENTENCES:
                    who, reason = carry[0], f"carried from {carry[1]}"
                    carried += 1
                    if _has_opening(sentence) and _quotes_to_end(sentence):
                        carry = None  # the speaker's words end with their quotation
                elif page.author and self.cues.first_person.search(sentence):
                    who, reason = page.author, f"first person, the author of: {page.title_text}"
                    carry, carried = (who, reason), 0  # their paragraph goes on
                else:
                    reason = "narration: no attribution cue"
            elif at >= 0:
                if not any(q in sentence[:at] for q in _QUOTE_MARKS) and "’’" not in sentence[:at]:
                    carry, carried = (who, reason), 0  # an opener, not a quote's tail
                    if _quotes_to_end(sentence[at:]) or _closing_cue(sentence, at):
                        # 'He revealed “…”', '…, Nadella told analysts.': their words ended
                        carry = None
                self._quote_closed(pieces, text, ss, at, who, reason, first_of_para)
            if len(pieces) == first_of_para and pieces:
                self._quote_before(pieces, text, sentence, who, reason, names, name_re)
            if who and who not in names.values() and " " in who:
                # An English name introduced once is then referred to by surname.
                page.learn({who: who, who.split()[-1]: who}, self)
            titled = [n for n in para_titled if n in sentence]
            page.seen_titled += titled
            if page.name_re is name_re:  # no name learnt since: the same matches
                named = page.names[hits[-1].group(1)] if hits else None
            else:
                named = self.mentioned(sentence, page.name_re, page.names)
            page.last_named = (
                named
                or who
                or (titled[-1] if titled else None)
                or page.last_named
            )
            frame = self._framing(sentence, at) if who and at > 0 else None
            if frame is not None:
                # "对于…跌4.3%，他表示，…": the question's topic is the reporter's words
                page.add(
                    ss,
                    ss + frame,
                    None,
                    "narration",
                    "the reporter's framing of the question",
                    para,
                )
                page.add(ss + frame, se, who, "narration", reason, para)
            elif who and at >= 0 and (tail := self._reporter_tail(sentence, at)) is not None:
                # '"…," Ma said at the call, where the company announced that …': the
                # clause after the attribution is the reporter's
                page.add(ss, ss + tail, who, "narration", reason, para)
                page.add(ss + tail, se, None, "narration", "the reporter's clause after", para)
            else:
                page.add(ss, se, who, "narration", reason, para)
            run_speaker = who
        page.ended_with, page.ended_para = pieces[-1].speaker if pieces else None, para
        # A paragraph ending in a colon opener hands its speaker to what it introduces.
        if carry and carry != lead_in and line.rstrip().endswith((":", "：")):
            page.introduces = (carry[0], carry[1], para)
        # A paragraph closing "…,以下为现场实录。": the speech follows.
        if spans and self.cues.fulltext_lead_in.search(text, spans[-1][0], spans[-1][1]):
            last = text[spans[-1][0] : spans[-1][1]]
            person = self._lead_in_person(
                last, page.name_re, page.names, page.seen_titled, page.last_named
            )
            if person:
                page.turn.open_fulltext(person, f"full-text lead-in: {last.strip()}")

    def _lead_in_person(
        self,
        line: str,
        name_re: re.Pattern[str] | None,
        names: dict[str, str],
        seen_titled: list[str],
        last_named: str | None,
    ) -> str | None:
        """Whose speech a full-text marker or lead-in announces: the person it names (a
        registry person, or one the page introduced with a title), or the person a pronoun
        in it refers to ("以下是他的分享内容")."""
        person = self.mentioned(line, name_re, names)
        if person:
            return person
        for name in reversed(seen_titled):
            if name in line:
                return name
        if _ABOUT_SPEAKER.search(line):
            return last_named
        return None

    def _opens_narration(self, text: str, s: int, e: int) -> bool:
        """Whether a paragraph opens in the reporter's own voice ("A 2008 survey shows…")."""
        spans = sentences.split(text, s, e)
        return (
            bool(spans) and self.cues.narration.search(text, spans[0][0], spans[0][1]) is not None
        )

    def _interviewee(self, title: str, names: dict[str, str]) -> str | None:
        """The person a title names as interviewed: "… Talks to Netflix's Reed Hastings",
        "专访马化腾"."""
        folded = title.casefold()
        for phrase in self.cues.interview_title:
            at = folded.find(phrase)
            if at < 0:
                continue
            rest = title[at + len(phrase) :]
            m = _INTERVIEWEE.match(rest)
            if m is None:
                continue
            who = m.group(1) or m.group(2)
            person = names.get(who) or self.registry.resolve(who)
            if person:
                return person
            if self._person_name(who, honorific=False) or (
                m.group(2) and who not in self.common_words
            ):
                return who
        return None

    def _headline(
        self,
        doc: Document,
        text: str,
        names: dict[str, str],
        name_re: re.Pattern[str] | None,
    ) -> list[_Piece]:
        """The page's headline as a section of its own when furniture left it out of the body:
        a headline states claims too. Its speaker is the person it opens with ("王兴:美团用户
        达3.4亿"), else none (the outlet's words)."""
        if not doc.title:
            return []
        _, span = find_title(text)
        if span is None or any(s < span[1] and span[0] < e for s, e in doc.body):
            return []
        line = text[span[0] : span[1]]
        m = _TITLE_NAME.match(line)
        if m:
            who = names.get(m.group(1)) or self.registry.resolve(m.group(1))
            if who is None and self._spoken_in_body(m.group(1), doc):
                who = m.group(1)  # "雷军:…" and the body has 雷军 saying or titled
            if who:
                return [
                    _Piece(span[0], span[1], who, "headline", f"headline names: {m.group()}", -1)
                ]
        # "Satya Nadella reveals that …", "马化腾称…": the headline reports its speaker
        who, reason, at = self.reported(line, names, name_re, None)
        if who:
            # "X reveals that … as the company's revenue jumps": the clause after the
            # conjunction is the outlet's context, not what X reveals
            cut = _HEADLINE_CONTEXT.search(line, max(at, 0) + 1)
            end = span[0] + cut.start() if cut else span[1]
            out = [_Piece(span[0], end, who, "headline", f"headline {reason}", -1)]
            if cut:
                out.append(
                    _Piece(end, span[1], None, "headline", "headline: the outlet's context", -1)
                )
            return out
        return [_Piece(span[0], span[1], None, "headline", "headline: the outlet's words", -1)]

    def _spoken_in_body(self, name: str, doc: Document) -> bool:
        """Whether an unregistered name a headline opens with is a person the body introduces
        with a job title ("金山云:…" names a company, not a person: a company may speak too)."""
        if not self._looks_like_name(name) or name in self.common_words:
            return False
        for s, e in doc.body:
            for hit in re.finditer(re.escape(name), doc.text[s:e]):
                # a job title just before the name, or just after it ("钟远河,腾讯副总裁")
                before = doc.text[max(s, s + hit.start() - TITLE_NEAR_NAME) : s + hit.start()]
                after = doc.text[s + hit.end() : s + hit.end() + TITLE_NEAR_NAME]
                if self.cues.title_re.search(before) or self.cues.title_re.search(after):
                    return True
        return False

    def _author(
        self, title: str, main: str | None, header: str = "", body_top: str = ""
    ) -> str | None:
        """The author of a first-person post, letter or speech: the person the title names
        when the title is "NAME: …" or names a letter, post or speech ("雷军致全体员工的一封信",
        "Satya Nadella's email to employees")."""
        if not title:
            return None
        folded = title.casefold()
        m = _TITLE_NAME.match(title)
        if (
            main
            and m is not None
            and (self.registry.resolve(m.group(1)) == main or m.group(1) == main)
        ):
            return main
        if not any(w in folded for w in self.cues.letter_title):
            return None
        if main:
            return main
        opener = self._author_zh.match(title) or _AUTHOR_EN.match(title)
        if opener and opener.group(1) not in self.common_words:
            return opener.group(1)
        # "By Jane Roe" above a letter or post, or atop its body
        byline = _BYLINE.search(header) or _BYLINE.search(body_top)
        if byline and self._looks_like_name(byline.group(1)):
            return self.registry.resolve(byline.group(1)) or byline.group(1)
        # a person's name anywhere in the title: "A letter from Jane Roe", "Jane Roe - Memo"
        for m in _TWO_CAPITALISED.finditer(title):
            words = set(m.group(1).split())
            if words & (self.cues.not_names_en | self.cues.title_words_en):
                continue
            if any(w.casefold() in self.cues.letter_title for w in words):
                continue
            who = self._person_name(m.group(1), honorific=False)
            if who:
                return who
        return None

    def _titled_names(self, sentence: str, names: dict[str, str]) -> dict[str, str]:
        """English names a sentence introduces as people ("Microsoft chief executive Steve
        Ballmer", "founder Daniel Ek", "Spotify's Daniel Ek", "Jane Roe, chief executive of
        Foo,"), with their surnames, for a later "said Ballmer" or "Ek said"."""
        out: dict[str, str] = {}
        if not _UPPER.search(sentence):
            return out
        found = []
        for m in _TWO_CAPITALISED.finditer(sentence):
            word = _last_word(sentence, m.start())
            if word is not None and (
                word.casefold() in self._title_words_folded or _POSSESSIVE.search(word)
            ):
                found.append(m.group(1))
        if "," in sentence:
            found += [m.group(1) for m in self._appositive_en.finditer(sentence)]
        for m in _TITLE_SURNAME.finditer(sentence):
            # "Microsoft CEO Nadella": a surname alone after a job title is a person too
            title, surname = m.group(1), m.group(2)
            if (
                title.casefold() in self._title_words_folded
                and surname not in self.cues.not_names_en
                and surname not in self.cues.title_words_en
                and surname not in names
                and self.registry.resolve(surname) is None
            ):
                out[surname] = surname
        for full in found:
            if full in names or self.registry.resolve(full):
                continue
            who = self._person_name(full, honorific=False)
            if who == full:
                out[full] = full
                out.setdefault(full.split()[-1], full)
        return out

    def _analyst_line(self, line: str) -> bool:
        """An earnings-call line naming an analyst ("Jane Roe -- Morgan Stanley -- Analyst"):
        the questions that follow are nobody's."""
        s = line.strip()
        if not s or len(s) > LIST_LINE_MAX or s[-1] in _HEADING_END or not _HEADING_SEP.search(s):
            return False
        parts = [p.strip() for p in re.split(r"\s+[-—–|]{1,2}\s+|\s*[|｜]\s*", s) if p.strip()]
        if len(parts) < 2:
            return False
        # "Jane Roe -- Morgan Stanley -- Analyst", or "Q - Jane Roe" (a question's turn)
        return (
            parts[-1].casefold() in self.cues.analyst_headers
            or parts[0].casefold() in self.cues.question_labels
        )

    def _listed_person(self, line: str) -> str | None:
        """The name of a participants-list line ("Jane Roe - Morgan Stanley", "Geoff Cook -
        CEO"), or None when the line is no such entry."""
        parts = [p.strip() for p in _HEADING_MARK.split(line.strip(), maxsplit=1)]
        if len(parts) == 2 and self._looks_like_name(parts[0]) and len(line) <= LIST_LINE_MAX:
            return parts[0]
        return None

    def _name_line(
        self, line: str, names: dict[str, str], text: str, transcript: bool = False
    ) -> str | None:
        """The person a line names when it holds only a name: a transcript turn's speaker
        ("Pony Ma", "马化腾"). An unregistered name counts when the page names it again, or
        on a transcript's page."""
        s = line.strip()
        if not s or len(s) > NAME_LINE_MAX:
            return None
        who = names.get(s) or self.registry.resolve(s)
        if who and self.full.get(s) or (who and s in names):
            return who
        if s in self.common_words:
            return None
        shaped = (self._zh_name.fullmatch(s) is not None and self._zh_name_ok(s)) or (
            _EN_HEADING_NAME.fullmatch(s) is not None
            and not set(s.split()) & (self.cues.not_names_en | self.cues.title_words_en)
        )
        if shaped and transcript:
            return s
        if not shaped:
            return None
        # named again on the page, as a whole name ("Microsoft Team" is not in "Teams")
        edge = r"(?![A-Za-z])" if s[-1].isascii() else ""
        again = re.finditer(re.escape(s) + edge, text)
        if next(again, None) is not None and next(again, None) is not None:
            return s
        return None

    def _quote_before(
        self,
        pieces: list[_Piece],
        text: str,
        sentence: str,
        who: str | None,
        reason: str,
        names: dict[str, str],
        name_re: re.Pattern[str] | None,
    ) -> None:
        """A paragraph that is only a quotation, with no attribution, belongs to the person
        the next paragraph opens with when that paragraph says they spoke ("“……”" then
        "腾讯副总裁丁珂以一系列数字…进行了小结", '"…"' then "That was Pony Ma, speaking…")."""
        prev = pieces[-1]
        if prev.kind != "narration" or prev.speaker is not None or prev.para < 0:
            return
        first = len(pieces) - 1
        while first > 0 and pieces[first - 1].para == prev.para:
            first -= 1
        if any(p.speaker is not None for p in pieces[first:]):
            return
        quoted = text[pieces[first].start : prev.end].strip().rstrip("…. ")
        if not (quoted[:1] in '“「『"' and quoted[-1:] in '”」』"'):
            return
        if _opens_before(quoted[1:-1]) or _has_opening(quoted[1:-1]):
            return  # more than one quotation, with narration between
        cue = reason
        if who is None:
            spoke = self._speech_word.search(sentence)
            m = (
                name_re.search(sentence, 0, SPOKE_NAME_WINDOW)
                if name_re is not None and spoke
                else None
            )
            if m is None or spoke is None:
                return
            who = names[m.group(1)]
            cue = f"{m.group(1)} … {spoke.group()}"
        for p in pieces[first:]:
            p.speaker, p.reason = who, f"quotation attributed by the next paragraph: {cue}"

    @staticmethod
    def _quote_closed(
        pieces: list[_Piece], text: str, ss: int, at: int, who: str, reason: str, first: int
    ) -> None:
        """A quotation closed by its attribution ("“……”李彦宏说道。", '"…," said Ma.') is the
        attributed person's from its opening mark: the sentences before it get that speaker.

        `ss` and `at` place the sentence and its cue, `first` is the index of the paragraph's
        first piece in `pieces`."""
        before = text[ss : ss + at]
        if before.strip():
            if not _opens_before(before):
                return  # no quotation, or one opened and closed in this sentence
            lo = first
        else:
            # The attribution opens its sentence: the sentence before must close a quotation.
            if not pieces or pieces[-1].kind != "narration":
                return
            if text[pieces[-1].end - 1] not in _CLOSE_QUOTES or not pieces[-1].open_to(who):
                return
            para = pieces[-1].para
            lo = len(pieces) - 1
            while lo > 0 and pieces[lo - 1].para == para:
                lo -= 1
        for i in range(len(pieces) - 1, lo - 1, -1):
            piece = pieces[i]
            if piece.kind != "narration" or not piece.open_to(who):
                return
            piece.speaker, piece.reason = who, f"quotation closed by {reason}"
            if _has_opening(text[piece.start : piece.end]):
                return

    def _organisation_says(
        self, line: str, heading: str, current: str | None, names: dict[str, str]
    ) -> bool:
        """Whether a paragraph of a talk opens with the speaker's organisation as the one
        speaking ("华为还表示，…" under "张平安-华为常务董事"): the reporter's words, not the
        speaker's. The organisation is a word of the heading that names no person."""
        if not current:
            return False
        verb = self.cues.verb_zh.search(line, 0, ORGANISATION_VERB_WINDOW)
        if verb is None or line[verb.end() : verb.end() + 1] not in ("，", ",", "：", ":"):
            return False
        m = _OPENS_SAID.match(line, 0, verb.start())
        if m is None:
            return False
        subject = m.group(1)
        return (
            subject in heading
            and subject not in names
            and self.registry.resolve(subject) is None
            and current not in subject
            and not self.cues.title_re.search(subject)  # "常务董事还表示": the speaker
        )

    @staticmethod
    def _most_reported(sections_so_far: list[_Piece]) -> str | None:
        counts = Counter(s.speaker for s in sections_so_far if s.speaker)
        return counts.most_common(1)[0][0] if counts else None

    def _looks_like_name(self, label: str) -> bool:
        label = label.strip()
        return (
            bool(self._zh_name.fullmatch(label) or _EN_LABEL_NAME.fullmatch(label))
            and label not in self.cues.not_names_en
        )

    def _main_speaker(
        self,
        doc: Document,
        names: dict[str, str],
        name_re: re.Pattern[str] | None,
        title_text: str,
    ) -> str | None:
        """The page's principal speaker: the person its title names, else the most named.
        `title_text` is the title normalized (normalize_title: run keeps it for the page)."""
        title = doc.title or ""
        if name_re is not None and title:
            hit = self.mentioned(title_text, name_re, names)
            if hit:
                return hit
        # "雷军：小米…" / "Jane Smith: …": a title opening with a name and a colon.
        m = _TITLE_NAME.match(title_text)
        if m and self._looks_like_name(m.group(1)) and m.group(1) not in self.common_words:
            return m.group(1)
        if name_re is not None:
            counts = Counter(names[m.group(1)] for m in name_re.finditer(doc.text))
            if counts:
                return counts.most_common(1)[0][0]
        return self._introduced(title_text) or self._introduced(doc.text[:INTRODUCED_WINDOW])

    def _introduced(self, text: str) -> str | None:
        """The first person absent from the registry that `text` introduces with a job title:
        "Eric Yuan, founder and CEO of Zoom", "Zoom's Eric Yuan", "董事长兼CEO雷军在…"."""
        for m in self._introduced_en.finditer(text):
            who = self._person_name(m.group(1), honorific=False)
            if who:
                return who
        hit = self._introduced_zh.search(text)
        if hit and hit.group(1) not in self.common_words:
            return hit.group(1)
        return None


def _last_word(text: str, end: int) -> str | None:
    """The word (Latin letters, apostrophes, hyphens) that text[:end] ends with before white
    space, or None: what `([A-Za-z'’-]+)\\s+$` finds searched in text[:end], read back from
    `end` (the search went from the start of the sentence, once for each name in it).

    >>> _last_word("said chief executive Jane Roe", 21), _last_word("CEO:Jane", 4)
    ('executive', None)
    """
    i = end
    while i > 0 and text[i - 1].isspace():
        i -= 1
    if i == end:
        return None
    j = i
    while j > 0 and text[j - 1] in _WORD_CHARS:
        j -= 1
    return text[j:i] if j < i else None


def _asks_you(line: str) -> bool:
    """Whether a paragraph is a question to "you" (an interviewer's, in an unlabelled
    interview): it ends in a question mark and addresses the reader or interviewee."""
    s = line.rstrip()
    return s.endswith(("?", "？")) and len(s) <= QUESTION_MAX and _YOU.search(s) is not None


def _asks_about(sentence: str) -> bool:
    """Whether a sentence outside any quotation asks about a third person ("Is he right?")."""
    s = sentence.strip()
    return (
        s.endswith(("?", "？"))
        and not any(q in s for q in _QUOTE_MARKS)
        and _ABOUT_SPEAKER.search(s) is not None
    )


def _label(line: str) -> re.Match[str] | None:
    """The "LABEL: text" match of a line, or None; a clock time ("下午13:00") is no label."""
    m = _LABEL.match(line)
    if m and m.group(1)[-1:].isdigit() and (m.group(2) or "")[:1].isdigit():
        return None
    return m


def _quotes_to_end(after: str) -> bool:
    """Whether the words after a cue are one whole quotation that ends the sentence
    ('revealed that “…”.'): what follows is no longer the speaker's."""
    s = after.rstrip().rstrip(".。")
    if s.endswith(("”", "」", "』")):
        return any(q in s for q in ("“", "「", "『"))
    return s.endswith('"') and s.count('"') >= 2


def _closing_cue(sentence: str, at: int) -> bool:
    """Whether the cue at `at` closes its sentence after the words it attributes ("…, Nadella
    told analysts during the call.", "…，王小明说。"): a comma before it and none after."""
    head = sentence[:at].rstrip()
    return (
        bool(head.rstrip("，,"))
        and head.endswith(("，", ","))
        and _CLOSING_CUE.fullmatch(sentence[at:].strip()) is not None
    )


def _opens_before(before: str) -> bool:
    """Whether `before` (a sentence up to its attribution) closes a quotation opened in an
    earlier sentence: more closing than opening marks, or an odd number of ASCII quotes."""
    closing = sum(before.count(q) for q in ("”", "」", "』", "’’"))
    opening = sum(before.count(q) for q in ("“", "「", "『", "‘‘"))
    return closing > opening or before.count('"') % 2 == 1


def _has_opening(piece: str) -> bool:
    """Whether a sentence opens a quotation (the walk back from its closing stops there)."""
    return (
        any(q in piece for q in ("“", "「", "『", "‘‘"))
        or piece.count('"') % 2 == 1
        or piece[:1] == '"'
    )


def _merge(pieces: list[_Piece]) -> list[Section]:
    """Sections from pieces: the sentences of a narration paragraph with one speaker and one
    reason make one section."""
    out: list[Section] = []
    last: _Piece | None = None
    for p in pieces:
        if (
            last is not None
            and out
            and p.kind == "narration"
            and last.kind == "narration"
            and p.para == last.para
            and p.speaker == last.speaker
            and (
                p.reason == last.reason
                or p.reason.startswith("carried from")
                or p.reason == "the quotation goes on"
            )
        ):
            out[-1].end = p.end
        else:
            out.append(Section(len(out), p.start, p.end, p.speaker, p.kind, p.reason or None))
        last = p
    return out


def normalize_title(title: str) -> str:
    from speeches.stages.normalize import normalize

    return normalize(title)
