"""Stage: split the article body into sections and attribute each to a speaker.

A page comes in four shapes, often mixed: a multi-speaker report whose speaker headings
("刘炽平-腾讯公司总裁") open each talk; an interview whose turns carry labels ("MA:" versus the
newspaper's questions); a news story that announces the full text of a speech ("附汤道生演讲全文:"
or "The following is the full text of the speech:"); and reporter narration, where a sentence
belongs to a person only when it says so ("汤道生指出…", "Tong says…", "said Ma").

Sections are runs of one paragraph with one speaker and kind: `speech` (a talk or a full
text), `answer` and `question` (interview turns), `heading`, and `narration`, where each
sentence is its own section when reported speech changes the speaker mid-paragraph.
"""

from __future__ import annotations

import functools
import re
import tomllib
from collections import Counter
from dataclasses import dataclass
from importlib import resources

from . import sentences
from .models import Document, Section
from .speakers import Registry

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


def _alt(words: list[str]) -> str:
    return "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))


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
    the plain pattern matches, with the same group 1.
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
        behind = "".join(f"(?<!{g}{f})" for g in guards)
        branches.append(f + behind + "(?:" + "|".join(re.escape(t) for t in tails) + ")")
    return re.compile("(" + "|".join(branches) + ")" + after)


@functools.cache
def cues() -> Cues:
    data = tomllib.loads(
        resources.files("speeches").joinpath("rules", "attribution.toml").read_text("utf-8")
    )
    surnames = "".join(data["surnames"].split())
    return Cues(
        title_re=re.compile(_alt(data["titles_zh"] + data["titles_en"]), re.I),
        verb_zh=re.compile(_alt(data["verbs_zh"])),
        verb_en=_alt(data["verbs_en"]),
        verb_en_before=_alt(data["verbs_en_before"]),
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
    )


# "LABEL: text" at the start of a paragraph (interview turns); the label holds no punctuation.
_LABEL = re.compile(
    r"^\s*([^\s:：,，。.!?！？“”\"'‘’《》()（）][^:：。!?！？“”\"]{0,30}?)\s*[:：]\s*(\S.*)?$", re.S
)
# "NAME - TITLE" speaker headings: a dash, bar, comma or colon between name and title.
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
# "据NAME介绍/透露/称…": attribution by 据 just before the name.
_JU_VERB = re.compile(r"[^。！？!?]{0,10}?(?:介绍|透露|称|表示|说)")


class Attributor:
    """Finds the people of one page and who speaks where."""

    def __init__(self, registry: Registry, common_words: frozenset[str] = frozenset()):
        self.registry = registry
        self.cues = cues()
        self.common_words = common_words
        full = registry.full_names()
        self.full = full
        self.short = registry.short_names()
        # (?<![A-Za-z])(FULL NAME|...)(?![A-Za-z])
        self.full_re = _names_re(tuple(full), (r"[A-Za-z]",), r"(?![A-Za-z])") if full else None
        # The cue patterns, compiled once (re's own cache costs a lookup per call).
        c = self.cues
        self._org_word = _any_of(c.org_words)
        self._fulltext = _any_of(c.fulltext)
        name_en = r"((?:[A-Z][a-z]+\s+){0,3}[A-Z][a-z]+)"
        honor = r"(?:(?:" + c.honorifics + r")\.?\s+)?"
        self._unknown_zh = re.compile(
            r"(?:" + c.title_re.pattern + r")?(" + c.surname + r"[\u4e00-\u9fff]{1,2}?)"
            r"(?=(?:在[^，。,]{1,15}?)?(?:" + c.verb_zh.pattern + r"))"
        )
        self._verb_zh_after = re.compile(r"[^。！？!?；;]{0,30}?(?=" + c.verb_zh.pattern + ")")
        self._verb_en_after = re.compile(
            r"(?:'s?)?(?:\s*\([^)]{0,20}\))?(?:,[^,.;]{1,80},)?\s+(?:also\s+|then\s+)?(?:"
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
            r"(?:^|[，,。“”\s])(?:他|她)(?:[^，。,]{0,8}?)(?:" + c.verb_zh.pattern + r")"
        )
        pronoun_en = r"(?:he|she|He|She)\s+(?:also\s+)?(?:" + c.verb_en + r")\b"
        self._pronoun_en = re.compile(r"\b" + pronoun_en)
        self._pronoun_en_cue = re.compile(pronoun_en)
        self._en_said = re.compile(
            honor + r"\b" + name_en + r"(?:,[^,.;]{1,80},)?\s+(?:" + c.verb_en + r")\b"
        )
        self._en_said_before = re.compile(r"\b(?:" + c.verb_en_before + r")\s+" + honor + name_en)
        # What those two cannot match without: a verb after a space, a verb before one.
        self._en_verb = re.compile(r"\s(?:" + c.verb_en + r")\b")
        self._en_verb_before = re.compile(r"(?:" + c.verb_en_before + r")\s")
        self._en_before_honorific = re.compile(
            r"\b(?:" + c.verb_en_before + r")\s+(?:" + c.honorifics + r")"
        )
        self._zh_name = re.compile(c.surname + r"[\u4e00-\u9fff]{1,2}")
        self._introduced_en = re.compile(
            r"\b((?:[A-Z][a-z]+\s+){1,2}[A-Z][a-z]+)(?=,\s+(?:the\s+|a\s+)?(?:[A-Za-z-]+\s+){0,3}?"
            r"(?:" + c.title_re.pattern + r")\b|\s+on\b|\s+says?\b)"
        )
        self._introduced_zh = re.compile(
            r"(?:" + c.title_re.pattern + r")(" + c.surname + r"[\u4e00-\u9fff]{1,2}?)"
            r"(?=[在，,、。：:（(今昨近也则还曾]|" + c.verb_zh.pattern + ")"
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
        m = self._unknown_zh.search(text[start:])
        if m and m.group(1) not in self.common_words:
            return m.group(1), start + m.start(1)
        return None

    # -- sentences in narration ------------------------------------------------------------

    def reported_speaker(
        self,
        sentence: str,
        names: dict[str, str],
        name_re: re.Pattern[str] | None,
        last: str | None,
    ) -> str | None:
        """Who a narration sentence reports, or None for the reporter's own words."""
        best: tuple[int, str] | None = None
        if name_re is not None:
            for m in name_re.finditer(sentence):
                person = names[m.group(1)]
                after = sentence[m.end() : m.end() + 90]
                if _HAN.match(m.group(1)):
                    if self._verb_zh_after.match(after):
                        return person
                else:
                    if self._verb_en_after.match(after):
                        return person
                    before = sentence[max(0, m.start() - 30) : m.start()]
                    if self._verb_en_before.search(before):
                        best = best or (m.start(), person)
                # "据NAME…称": the character just before the name is 据.
                if m.start() and sentence[m.start() - 1] == "据" and _JU_VERB.match(after):
                    return person
        if best:
            return best[1]
        # Pronouns refer to the last person named in the narration.
        if last and self._pronoun_said(sentence):
            return last
        # People absent from the registry.
        hit = self.unknown_speaker(sentence, 0)
        if hit:
            return hit[0]
        return self.unknown_english(sentence)

    def _pronoun_said(self, sentence: str) -> bool:
        """Whether a pronoun stands before a reporting verb: "他表示", "she said"."""
        return bool(
            ("他" in sentence or "她" in sentence)
            and self._pronoun_zh.search(sentence)
            or self._pronoun_en_cue.search(sentence)
            and self._pronoun_en.search(sentence)
        )

    def unknown_english(self, sentence: str) -> str | None:
        """An English name absent from the registry beside a reporting verb: "Jane Smith
        said", "Chief Executive Robin Li said", "said Mr. Wang", "according to Jane Smith"."""
        # Each pattern needs its verb, which a quick search finds first (or not at all).
        if self._en_verb.search(sentence):
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

    def _person_name(self, words: str, honorific: bool) -> str | None:
        """`words` without leading job-title words, if what is left reads as a person's name."""
        parts = words.split()
        while parts and parts[0] in self.cues.title_words_en:
            parts = parts[1:]
        if not parts or any(w in self.cues.not_names_en for w in parts):
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
        if len(s) > 60 or not s or s[-1] in _HEADING_END:
            return None
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
        return 0 < len(s) <= 24 and not _HEADING_PUNCT.search(s)

    def fulltext_marker(self, line: str) -> bool:
        s = line.strip()
        if len(s) > 80:  # casefold never shortens a string: no need to fold a long line
            return False
        s = s.casefold()
        return (
            len(s) <= 80
            and self._fulltext.search(s) is not None
            and (s.endswith((":", "：")) or len(s) <= 30)
        )

    # -- the stage ---------------------------------------------------------------------------

    def run(self, doc: Document) -> Document:
        text = doc.text
        names = self.known_names(normalize_title(doc.title or "") + "\n" + text)
        name_re = self._name_pattern(names)
        main = self._main_speaker(doc, names, name_re)
        # (start, end, text, "LABEL: text" match) of each non-blank line of the body.
        paragraphs = [
            (m.start(), m.end(), line, _LABEL.match(line) if ":" in line or "：" in line else None)
            for start, end in doc.body
            for m in _LINE.finditer(text, start, end)
            if (line := m.group()).strip()
        ]
        label_counts = Counter(
            label.group(1).strip() for _, _, _, label in paragraphs if label and label.group(2)
        )
        out: list[Section] = []
        current: str | None = None
        mode = "narration"  # narration | speech (heading/fulltext) | interview
        opened_by = ""
        last_named: str | None = None
        heading = ""  # the speaker heading that opened the current talk

        def add(s: int, e: int, speaker: str | None, kind: str) -> None:
            while s < e and text[s].isspace():
                s += 1
            while e > s and text[e - 1].isspace():
                e -= 1
            if e > s:
                out.append(Section(len(out), s, e, speaker or None, kind))

        for s, e, line, label in paragraphs:
            if self.cues.divider.match(line):
                current, mode = None, "narration"
                continue
            heading_person = self.speaker_heading(line, names)
            if heading_person:
                current, mode, opened_by = heading_person, "speech", "heading"
                heading = line
                add(s, e, None, "heading")
                continue
            if label and not label.group(2):
                # "马化腾：" alone on its line opens that person's talk (or a question block).
                turn = self.resolve_label(label.group(1), names)
                if turn is not None:
                    kind, who = turn
                    current = (who or main) if kind == "answer" else None
                    mode, opened_by = "interview", kind
                    add(s, e, None, "heading")
                    continue
            if label and label.group(2):
                turn = self.resolve_label(label.group(1), names)
                # An unknown label is a turn only when it recurs, as interview labels do.
                if (
                    turn is None
                    and label_counts[label.group(1).strip()] >= 2
                    and self._looks_like_name(label.group(1))
                ):
                    turn = ("answer", label.group(1).strip())
                if turn is not None:
                    kind, who = turn
                    current = (who or main) if kind == "answer" else None
                    mode, opened_by = "interview", kind
                    add(s, e, current, kind)
                    continue
            if self.fulltext_marker(line):
                person = self.mentioned(line, name_re, names) or main or self._most_reported(out)
                current, mode, opened_by = person, "speech", "fulltext"
                add(s, e, None, "heading")
                continue
            if mode == "speech" and opened_by == "heading" and self.is_heading(line):
                current, mode = None, "narration"
                add(s, e, None, "heading")
                continue
            if mode == "speech" and self._organisation_says(line, heading, current, names):
                add(s, e, None, "narration")  # "华为还表示，…" inside the talk: the reporter's
                continue
            if mode in ("speech", "interview"):
                add(s, e, current, "speech" if mode == "speech" else opened_by)
                continue
            # Narration: sentence by sentence.
            run_start, run_speaker = s, None
            for ss, se in sentences.split(text, s, e):
                sentence = text[ss:se]
                who = self.reported_speaker(sentence, names, name_re, last_named)
                if who is None and run_speaker and sentence.lstrip()[:1] in _QUOTES:
                    who = run_speaker  # the attributed quotation goes on: “…,” Ma said. “…”
                if who and who not in names.values() and " " in who:
                    # An English name introduced once is then referred to by surname.
                    names = {**names, who: who, who.split()[-1]: who}
                    name_re = self._name_pattern(names)
                last_named = self.mentioned(sentence, name_re, names) or (
                    who if who else last_named
                )
                if who != run_speaker and ss > run_start:
                    add(run_start, ss, run_speaker, "narration")
                    run_start = ss
                run_speaker = who
            add(run_start, e, run_speaker, "narration")
        doc.sections = out
        return doc

    def _organisation_says(
        self, line: str, heading: str, current: str | None, names: dict[str, str]
    ) -> bool:
        """Whether a paragraph of a talk opens with the speaker's organisation as the one
        speaking ("华为还表示，…" under "张平安-华为常务董事"): the reporter's words, not the
        speaker's. The organisation is a word of the heading that names no person."""
        if not current:
            return False
        verb = self.cues.verb_zh.search(line, 0, 16)
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
    def _most_reported(sections_so_far: list[Section]) -> str | None:
        counts = Counter(s.speaker for s in sections_so_far if s.speaker)
        return counts.most_common(1)[0][0] if counts else None

    def _looks_like_name(self, label: str) -> bool:
        label = label.strip()
        return (
            bool(self._zh_name.fullmatch(label) or _EN_LABEL_NAME.fullmatch(label))
            and label not in self.cues.not_names_en
        )

    def _main_speaker(
        self, doc: Document, names: dict[str, str], name_re: re.Pattern[str] | None
    ) -> str | None:
        """The page's principal speaker: the person its title names, else the most named."""
        title = doc.title or ""
        title_text = normalize_title(title)
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
        return self._introduced(title_text) or self._introduced(doc.text[:3000])

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


def normalize_title(title: str) -> str:
    from .normalize import normalize

    return normalize(title)
