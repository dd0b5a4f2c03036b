"""Sections and speakers on small synthetic pages (the body spans given directly)."""

from __future__ import annotations

import re

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from conftest import attribute, development_lines, development_pages, pure, speaker_at
from speeches.stages.normalize import normalize
from speeches.stages.sections import _alt, _names_re
from speeches.write.worker import context


def test_speaker_headings_open_talks_and_dividers_close_them() -> None:
    doc = attribute(
        "劉熾平-騰訊公司總裁\n\n過去一兩年,我們看到一些趨勢\n\n生產率只有八分之一。\n\n//\n\n小編感觸\n\n//\n\n"
        "編輯認為,市場很大。\n\n王小明-某公司副总裁\n\n我们有1亿用户。"
    )
    assert speaker_at(doc, "八分之一") == "刘炽平"
    assert speaker_at(doc, "市场很大") is None
    assert speaker_at(doc, "1亿用户") == "王小明"


@pytest.mark.parametrize(
    ("opening", "speaker"),
    [
        ("华为还表示，", None),  # the organisation of the heading speaks: the reporter's words
        ("华为云亦称：", None),
        ("张平安还表示，", "张平安"),  # the speaker himself
        ("他还表示，", "张平安"),
        ("常务董事还表示，", "张平安"),  # a title stands for the speaker
        ("很多客户表示，", "张平安"),  # someone the speaker quotes, not named in the heading
        ("华为表示的目标", "张平安"),  # no reporting clause
    ],
)
def test_the_organisation_of_the_heading_speaking_inside_a_talk(opening, speaker) -> None:
    doc = attribute(
        f"张平安-华为常务董事、华为云CEO\n\n我们有超过300万开发者。\n\n{opening}营收增长了3.1%。"
    )
    assert speaker_at(doc, "300万") == "张平安"
    assert speaker_at(doc, "3.1%") == speaker


def test_interview_labels() -> None:
    doc = attribute(
        "Yesterday, Tencent chairman Pony Ma was interviewed.\n"
        "Business Daily: Over 300 million users use it. Is that right?\n"
        "MA: We have 5 million players online at once.\n"
        "It keeps growing.\n"
        "Business Daily: What next?\n"
        "MA: More products.\n"
    )
    assert speaker_at(doc, "300 million") is None
    assert speaker_at(doc, "5 million") == "马化腾"
    assert speaker_at(doc, "It keeps growing") == "马化腾"


def test_full_text_marker_gives_the_speech_to_the_named_person() -> None:
    doc = attribute("汤道生在大会上发表演讲。\n记者注意到,收入增长了30%。\n附汤道生演讲全文:\n我们有超过10亿用户。\n")
    assert speaker_at(doc, "30%") is None
    assert speaker_at(doc, "10亿用户") == "汤道生"


def test_full_text_marker_without_name_uses_title_person() -> None:
    doc = attribute("Revenue grew 68%.\nThe following is the full text of the speech:\nWe save 90% of time.\n",
                    title="Ma Huateng: Tencent will be a digital assistant")
    assert speaker_at(doc, "68%") is None
    assert speaker_at(doc, "90%") == "马化腾"


@pytest.mark.parametrize(
    ("sentence", "speaker"),
    [
        ("刘炽平在会上提到,我国劳动生产率只有美国的八分之一。", "刘炽平"),
        ("腾讯高级执行副总裁汤道生指出,用户超过10亿。", "汤道生"),
        ("Tong says they have 5 million users.", "汤道生"),
        ("Dowson Tong, Tencent senior executive vice president, says the cloud grew.", "汤道生"),
        ("\"We have 9 million users,\" said Martin Lau.", "刘炽平"),
        ("The company has 1.1 billion users.", None),
        ("According to the earnings report, revenue grew by 68%.", None),
        ("阿里巴巴董事局主席张勇表示,用户达到8亿。", "张勇"),
        ("Jane Smith, chief executive of Foo, said it has 3 million users.", "Jane Smith"),
    ],
)
def test_reported_speech(sentence: str, speaker: str | None) -> None:
    intro = "Dowson Tong and Martin Lau spoke. 汤道生和刘炽平出席。\n"
    doc = attribute(intro + sentence)
    assert speaker_at(doc, normalize(sentence)[-6:]) == speaker


def test_pronoun_follows_last_named_person() -> None:
    doc = attribute("Martin Lau spoke at the summit. \"We have 2 million servers,\" he said.")
    assert speaker_at(doc, "2 million") == "刘炽平"


def test_registry_person_found_by_surname_once_introduced() -> None:
    doc = attribute("Baidu has 100 million users, Chief Executive Robin Li said.\n"
                    "\"About 40% use it daily,\" Li told a conference.\n")
    assert speaker_at(doc, "100 million") == "李彦宏"
    assert speaker_at(doc, "40%") == "李彦宏"


def test_interview_answers_go_to_the_person_the_page_introduces() -> None:
    doc = attribute("Jane Roe, founder and CEO of Foo, sat down with us.\n"
                    "Q: How big is Foo?\nA: Over 1,000 hospitals use it.\n",
                    title="Interview: Foo's Jane Roe on growth")
    assert speaker_at(doc, "1,000 hospitals") == "Jane Roe"
    assert speaker_at(doc, "How big") is None


def test_unknown_chinese_speaker_from_title() -> None:
    doc = attribute("雷军今晚发表演讲。\n以下为演讲实录：\n我们的用户达到1290万。\n",
                    title="雷军：小米月活用户突破6亿")
    assert speaker_at(doc, "1290万") == "雷军"


def test_quotation_continues_the_attributed_speaker() -> None:
    doc = attribute('"Payments reach 86% of users," Pony Ma told the conference. '
                    '"We have also connected 2,800 hospitals." The firm has 300 servers.')
    assert speaker_at(doc, "86%") == "马化腾"
    assert speaker_at(doc, "2,800") == "马化腾"
    assert speaker_at(doc, "300 servers") is None


def test_name_alone_on_a_line_opens_a_talk() -> None:
    doc = attribute("论坛上几位嘉宾发言。\n\n马化腾：\n\n我们的用户超过10亿。\n\n记者：\n\n用户还会增长吗？\n")
    assert speaker_at(doc, "10亿") == "马化腾"
    assert speaker_at(doc, "还会增长") is None


# -- the fast patterns match what the plain ones match ------------------------------------------

_NAMES = ["Ma", "Pony", "Pony Ma", "Jack Ma", "Ma Yun", "Li", "Lin", "马", "马化腾", "马云"]
_MARKS = ["a", "A", "Mr", "Zh", " ", "  ", ".", ",", "，", "。", "\n", "据", "he", "She"]
_WORDS = ["said", "says", "told", "according to", "also", "他", "说", "表示", "在会上", "王"]
_texts = st.lists(st.sampled_from(_NAMES + _MARKS + _WORDS), max_size=30).map("".join)


def _longest_first(names: list[str]) -> list[str]:
    return sorted(names, key=len, reverse=True)


@given(st.lists(st.sampled_from(_NAMES), min_size=1, unique=True), _texts)
@settings(max_examples=300, deadline=None)
def test_name_patterns_match_as_the_plain_pattern_would(names: list[str], text: str) -> None:
    for guards, after in [
        ((r"[A-Za-z]",), r"(?![A-Za-z])"),
        ((r"[A-Za-z]", r"[A-Z][a-z] "), r"(?![A-Za-z])(?! [A-Z][a-z])"),
    ]:
        # the guards stand before Latin names only: "CEO李彦宏" names 李彦宏
        behind = "".join(f"(?<!{g})" for g in guards)
        alts = [(behind if n[0].isascii() else "") + re.escape(n) for n in _longest_first(names)]
        plain = re.compile("(" + "|".join(alts) + ")" + after)
        fast = _names_re(tuple(names), guards, after)
        assert [(m.span(1), m.group(1)) for m in fast.finditer(text)] == [
            (m.span(1), m.group(1)) for m in plain.finditer(text)
        ]


# Sentences made of one choice per slot: names, titles and clauses around reporting verbs.
_CUE_SLOTS = [  # "|" separates the choices
    slot.split("|")
    for slot in [
        "|据|said |according to |He |他|她|，",
        "|Mr. |Mr |Dr ",
        "|Jane Smith|Chief Executive Jane Smith|Pony|王小明|欧阳小明|总裁王小明|she",
        "|, the CEO,|在会上| also|x",
        "| |  ",
        "|said|says|told|表示|说|according to|pointed out",
        "| |。|x",
        "|Jane Smith|Mr. Wang|Lee|他说",
    ]
]
_cue_sentences = st.lists(
    st.tuples(*(st.sampled_from(slot) for slot in _CUE_SLOTS)).map("".join), min_size=1, max_size=3
).map("".join)


@given(_cue_sentences)
@example("王小明表示")
@example("Jane Smith said")
@example("said Mr. Wang")
@example("她在会上说")
@example("Chief Executive Jane Smith, the CEO, pointed out")
@example("x he also said")
@settings(max_examples=500, deadline=None)
def test_quick_checks_never_skip_a_match(text: str) -> None:
    a = context().attributor
    if a._en_said.search(text):
        assert a._en_verb.search(text)
    if a._en_said_before.search(text):
        assert a._en_verb_before.search(text)
    if a._pronoun_en.search(text):
        assert a._pronoun_en_cue.search(text)
    hit = a._unknown_zh.search(text)
    if hit:
        assert a.cues.verb_zh.search(text)
    ok = hit and hit.group(1) not in a.common_words
    found = a.unknown_speaker(text, 0)
    if ok:
        assert found == (hit.group(1), hit.start(1))  # type: ignore[union-attr]
    else:  # only a name after a job title, with words before its verb ("总裁王小明首次表示")
        assert found is None or a._titled_said_zh.search(text)
    c = a.cues
    pronoun = (  # the one pattern that the pronoun checks of `reported` split in two
        r"(?:^|[，,。“”\s])(?:他|她)(?:[^，。,]{0,8}?|在[^，。,；;]{1,24}?)(?:" + c.verb_zh.pattern + r")"
        r"|\b(?:he|she|He|She)\s+(?:also\s+)?(?:" + c.verb_en + r")\b"
    )
    split = bool(
        ("他" in text or "她" in text)
        and a._pronoun_zh.search(text)
        or a._pronoun_en_cue.search(text)
        and a._pronoun_en.search(text)
    )
    assert split == bool(re.search(pronoun, text))


# --- headers and labels longer than any are not case-folded (issue 16) ---------------------


def test_case_folding_never_shortens_a_character() -> None:
    """_step tells a line longer than every header or label from them by its length alone:
    that holds because no character folds to nothing."""
    assert all(len(chr(code).casefold()) >= 1 for code in range(0x110000))
    # fulltext_marker tests a closing colon before folding: folding keeps it, makes none
    colons = (":", "：")
    assert all(
        chr(code).casefold().endswith(colons) == (chr(code) in colons) for code in range(0x110000)
    )


@pytest.mark.parametrize(
    ("line", "marker"),
    [
        ("以下为演讲全文：", True),
        ("以下为马化腾在发布会上的演讲全文，内容经过整理和删节，请读者参阅：", True),
        # longer than a bare marker, with no colon
        ("以下为马化腾在发布会上的演讲全文，内容经过整理和删节，请读者参阅", False),
        ("以下为演讲全文", True),  # short enough without its colon
        ("Below is the full text of the speech:", True),
        ("BELOW IS THE FULL TEXT OF HIS REMARKS AT THE ANNUAL MEETING, EDITED:", True),
    ],
)
def test_full_text_markers_at_their_length_bounds(line: str, marker: bool) -> None:
    assert context().attributor.fulltext_marker(line) is marker


@pytest.mark.parametrize(
    ("line", "kind"),
    [
        ("Conference Call Participants:", "heading"),  # the longest participants header
        ("CONFERENCE CALL PARTICIPANTS：", "heading"),
        ("Conference Call Participants and guests:", "narration"),
        ("Interviewer", "heading"),  # the longest question label
        ("INTERVIEWERS", "narration"),
    ],
)
def test_headers_and_labels_at_their_length_bound(line: str, kind: str) -> None:
    doc = attribute(f"{line}\n正文讲了很多事情。")
    assert doc.sections[0].kind == kind


@settings(max_examples=300, deadline=None)
@given(
    st.lists(
        st.sampled_from(["question", "Question", "questions", " comes ", "from ", "the line of "])
        | st.sampled_from(["Jane ", "Roe", "Jane Roe", " ", "QUESTION", "of Morgan"]),
        max_size=8,
    ).map("".join)
)
def test_an_analyst_introduction_always_holds_the_word_question(text: str) -> None:
    """_step looks for "question" before it runs _QUESTION_FROM on a paragraph."""
    from speeches.stages.sections import _QUESTION_FROM

    if _QUESTION_FROM.search(text):
        assert "question" in text


def test_the_english_verb_answer_kept_for_a_sentence_is_that_sentence_s() -> None:
    attributor = context().attributor
    said, none = "Jane Roe said it grew.", "Revenue grew 20%."
    for sentence in [said, said, none, none, said, "", none, "".join(["Roe ", "told analysts"])]:
        expected = attributor._en_verb.search(sentence) is not None
        assert attributor._has_en_verb(sentence) is expected, sentence


# --- \b[A-Z] written to open with the class (issue 16) -------------------------------------

_CAPITALISED = st.lists(
    st.sampled_from(["Microsoft", "CEO", "Nadella", "Jane", "Roe", "Ma", "the", "founder"])
    | st.sampled_from([" ", "  ", ", ", ",", "é", "_", "9", "'s", "’", "-", "&", "\n", "A", "x"]),
    max_size=12,
).map("".join)


@settings(max_examples=800, deadline=None)
@given(_CAPITALISED)
def test_capitals_at_a_boundary_match_as_with_a_leading_word_boundary(text: str) -> None:
    from speeches.stages import sections

    plain_title_surname = re.compile(r"\b([A-Z][A-Za-z-]+)\s+([A-Z][a-z]{2,})\b(?!['’-]|\s+[A-Z&])")
    titles = context().attributor.cues.title_re.pattern
    plain_appositive = re.compile(
        r"\b([A-Z][a-z]+\s+[A-Z][a-z]+)(?=,\s+(?:the\s+|a\s+)?(?:[A-Za-z-]+\s+){0,3}?(?i:"
        + titles
        + r")\b)"
    )
    pairs = [
        (sections._TITLE_SURNAME, plain_title_surname),
        (context().attributor._appositive_en, plain_appositive),
    ]
    for shipped, plain in pairs:
        got = [(m.span(), m.groups()) for m in shipped.finditer(text)]
        assert got == [(m.span(), m.groups()) for m in plain.finditer(text)], shipped.pattern
        for start in range(len(text) + 1):  # a search from inside the text sees what is before
            a, b = shipped.search(text, start), plain.search(text, start)
            assert (a and (a.span(), a.groups())) == (b and (b.span(), b.groups()))


def test_capitals_at_a_boundary_match_as_before_on_the_development_pages() -> None:

    from speeches.stages import sections

    pages = development_pages()
    assert len(pages) > 50
    plain = re.compile(r"\b([A-Z][A-Za-z-]+)\s+([A-Z][a-z]{2,})\b(?!['’-]|\s+[A-Z&])")
    for page in pages:
        got = [(m.span(), m.groups()) for m in sections._TITLE_SURNAME.finditer(page)]
        assert got == [(m.span(), m.groups()) for m in plain.finditer(page)]


# --- word alternations grouped by their first character (issue 16) ------------------------


def _plain_alt(words: list[str], cased: bool = False) -> str:
    """_alt as first written: every word a branch of its own, longest first."""
    return "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))


_ALT_WORD = st.text(st.sampled_from(list("saSAſKkiİı说说明道 .")), min_size=0, max_size=4)


@settings(max_examples=800, deadline=None)
@given(
    st.lists(_ALT_WORD, max_size=8),
    st.text(st.sampled_from(list("saSAſKkiİı说明道 .x")), max_size=20),
)
def test_words_grouped_by_first_character_match_as_the_plain_alternation(
    words: list[str], text: str
) -> None:
    for flags in (0, re.IGNORECASE):
        for shape in ("(?:{})", "(?:{})\\b", "(?:{})x", "(?:{})$"):
            grouped = re.compile(shape.format(_alt(words) or "(?!)"), flags)
            plain = re.compile(shape.format(_plain_alt(words) or "(?!)"), flags)
            assert [m.span() for m in grouped.finditer(text)] == [
                m.span() for m in plain.finditer(text)
            ], (words, shape, flags)
        cased = re.compile(shape.format(_alt(words, cased=True) or "(?!)"))
        plain = re.compile(shape.format(_plain_alt(words) or "(?!)"))
        assert [m.span() for m in cased.finditer(text)] == [
            m.span() for m in plain.finditer(text)
        ], (words, shape)


def test_a_list_of_verbs_is_grouped_by_first_character() -> None:
    assert _alt(["says", "said", "told"]) == "s(?:ays|aid)|t(?:old)"
    assert _alt(["说明", "说", "表示"]) == "说(?:明|)|表(?:示)"
    # "according to" and "According to" may both match at one offset under re.I: kept plain
    assert _alt(["According to", "according to"]) == "According\\ to|according\\ to"
    # ... unless the words are only ever matched case-sensitively
    assert _alt(["According to", "according to"], cased=True) == (
        "A(?:ccording\\ to)|a(?:ccording\\ to)"
    )


def test_the_sections_of_the_development_pages_as_with_plain_alternations() -> None:
    plain = pure("speeches.stages.sections")
    plain._alt = _plain_alt  # (the copy's cue patterns are built from the plain form)
    shipped = context().attributor
    before = plain.Attributor(shipped.registry, shipped.common_words)
    assert "(?:" not in before.cues.verb_en and "(?:" in shipped.cues.verb_en
    from speeches.models import Document
    from speeches.stages import furniture, metadata

    for page in development_pages("heldout/docs", "fresh/docs"):
        text = normalize(page)
        docs = []
        for attributor in (shipped, before):
            doc = Document(source_path="t.txt", raw=page, text=text)
            doc.title = metadata.read_metadata(page).title
            doc.body = furniture.find_body(text)
            docs.append(attributor.run(doc).sections)
        assert docs[0] == docs[1]


# --- the word before a name read back from it, not searched for from the start (issue 16) --

_PLAIN_LAST_WORD = re.compile(r"([A-Za-z'’-]+)\s+$")


def _plain_last_word(text: str, end: int) -> str | None:
    m = _PLAIN_LAST_WORD.search(text, 0, end)
    return m.group(1) if m else None


@settings(max_examples=1500, deadline=None)
@given(
    st.lists(
        st.sampled_from(["CEO", "chief", "Nadella's", "Roe", "co-founder", "’s", "'", "-", "é", "9"])
        | st.sampled_from([" ", "  ", "\n", "\t", "\u3000", "\xa0", "\x1c", "\x85", ",", ":", "_"]),
        max_size=10,
    ).map("".join)
)
def test_the_last_word_read_back_is_the_one_the_plain_search_finds(text: str) -> None:
    from speeches.stages.sections import _last_word

    for end in range(len(text) + 1):
        assert _last_word(text, end) == _plain_last_word(text, end), (text, end)


def test_the_last_word_before_every_capital_of_the_development_pages() -> None:
    from speeches.stages.sections import _last_word

    lines = development_lines("heldout/docs", "fresh/docs")
    found = 0
    for line in lines:
        for m in re.finditer(r"[A-Z]", line):
            word = _last_word(line, m.start())
            assert word == _plain_last_word(line, m.start()), (line, m.start())
            found += word is not None
    assert found > 1000  # the pages have words before their capitals
