"""Attribution rules of round 4 (issue 13), each with a case it must not fire on.

The sentences are written for these tests; none comes from a corpus page.
"""

from __future__ import annotations

import pytest

from conftest import attribute, speaker_at

# -- a copy of a letter announced without its writer's name ----------------------------------


@pytest.mark.parametrize(
    ("marker", "speaker"),
    [
        ("Here is a copy of the letter:", "Jane Roe"),
        ("Below is a copy of her memo:", "Jane Roe"),
        ("Here is a copy of the report:", None),  # a report is nobody's speech
        ("Here are the results:", None),
    ],
)
def test_a_copy_of_a_letter_is_the_letter_writers(marker: str, speaker: str | None) -> None:
    doc = attribute(
        "Foo Inc. founder and Chief Executive Jane Roe recently sent a letter to staff. "
        "She will step down next year.\n\n"
        f"{marker}\n\n"
        "Dear colleagues,\n\n"
        "Last year we served more than 40 million customers."
    )
    assert speaker_at(doc, "40 million") == speaker


def test_a_marker_naming_nobody_keeps_the_pages_main_speaker() -> None:
    # the page's main speaker (a registry person named in the title) wins over the last
    # person the narration named
    doc = attribute(
        "Chief Executive Jane Roe introduced the speaker.\n\n"
        "Here is a copy of the speech:\n\n"
        "We have 1 billion users.",
        title="Pony Ma speaks at the summit",
    )
    assert speaker_at(doc, "1 billion") == "马化腾"


# -- a titled name, then the topic, then the verb --------------------------------------------


@pytest.mark.parametrize(
    ("clause", "speaker"),
    [
        ("董事长王大同针对同业的竞争强调,", "王大同"),
        ("总经理林小华关于明年的计划指出,", "林小华"),
        ("董事长王大同针对同业的竞争,", None),  # no reporting verb: nobody speaks
    ],
)
def test_a_titled_name_may_name_the_topic_before_the_verb(clause: str, speaker: str | None) -> None:
    doc = attribute(f"某公司今日举办开幕典礼,{clause}目前线上零售的比重只有12%左右。")
    assert speaker_at(doc, "12%") == speaker


# -- the reporter's framing of a question after a semicolon ---------------------------------


@pytest.mark.parametrize(
    ("joint", "speaker"),
    [
        (";对于公司是否也会增资,", None),  # the clause before the framed question: reporter's
        ("；针对公司是否也会增资,", None),
        (";公司是否也会增资,", "王大同"),  # no framing: the sentence is the speaker's
    ],
)
def test_a_framed_question_after_a_semicolon_leaves_the_clauses_before_it_to_the_reporter(
    joint: str, speaker: str | None
) -> None:
    doc = attribute(
        f"另外,同业亏损了3亿元、逼近资本额三分之一{joint}董事长王大同回应,如果需要会评估。"
    )
    assert speaker_at(doc, "三分之一") == speaker
    assert speaker_at(doc, "如果需要") == "王大同"


# -- words of an organisation's name are no person's name ------------------------------------


@pytest.mark.parametrize(
    ("subject", "speaker"),
    [
        ("Evanston-based NorthShore University Health System", None),
        ("Northwestern Memorial Hospitals", None),
        ("Chief executive Jane Roe", "Jane Roe"),
    ],
)
def test_an_organisations_name_before_a_verb_is_no_person(
    subject: str, speaker: str | None
) -> None:
    doc = attribute(f"{subject} announced plans to create a 16-hospital system.")
    assert speaker_at(doc, "16-hospital") == speaker


# -- a title between a name and its verb ------------------------------------------------------


@pytest.mark.parametrize(
    ("clause", "speaker"),
    [
        ("田大伟院士说到,", "田大伟"),
        ("李小明教授指出,", "李小明"),
        ("高通总裁表示,", None),  # a company and a job title: no person named
    ],
)
def test_a_title_after_the_name_before_the_verb(clause: str, speaker: str | None) -> None:
    doc = attribute(f"{clause}有2/3的病人到医院仅仅是咨询。")
    assert speaker_at(doc, "2/3") == speaker


# -- the company by a description is the reporter's source; "NAME: “…" opens a quotation ---------


@pytest.mark.parametrize(
    ("clause", "speaker"),
    [
        ("in April, the group from Redmond announced 145 million users.", None),
        ("in April, the Hong Kong-listed company reported 145 million users.", None),
        ("in April, he announced 145 million users.", "Jane Roe"),  # the person goes on
    ],
)
def test_a_company_described_is_not_the_speaker(clause: str, speaker: str | None) -> None:
    doc = attribute(
        "Right at the outset, Chief Executive Jane Roe revealed that the suite has 270 million "
        f"users. That is twice as many as a year earlier because, {clause}"
    )
    assert speaker_at(doc, "145 million") == speaker


@pytest.mark.parametrize(
    ("opener", "speaker"),
    [
        ('Roe: "Foo is quickly becoming the standard.', "Jane Roe"),
        ("Roe: “Foo is quickly becoming the standard.", "Jane Roe"),
        ("Roe: Foo is quickly becoming the standard.", None),  # no quotation: no opener
    ],
)
def test_an_english_name_and_a_colon_open_a_quotation(opener: str, speaker: str | None) -> None:
    doc = attribute(
        "Chief Executive Jane Roe met analysts. The group from Boston announced results. "
        f"{opener} More than 90 percent of large companies used Foo this quarter."
    )
    assert speaker_at(doc, "90 percent") == speaker


# -- a surname alone after a job title is a person --------------------------------------------


@pytest.mark.parametrize(
    ("intro", "speaker"),
    [
        ("Foo CEO Roe reported strong results.", "Roe"),
        ("Foo Chairman Roe reported strong results.", "Roe"),
        ("Foo CEO Summit reported strong results.", None),  # an event, not a person
        ("Foo Roe reported strong results.", None),  # no job title before the word
    ],
)
def test_a_surname_after_a_job_title_is_a_person(intro: str, speaker: str | None) -> None:
    doc = attribute(f"{intro} Later she said Foo has 250M monthly active users.")
    assert speaker_at(doc, "250M") == speaker


# -- a whole quotation closing an attributed sentence ends the speaker's words -----------------


@pytest.mark.parametrize(
    ("sentence", "speaker"),
    [
        ("Jane Roe said that “we have 80M users.”", None),  # the quotation closed her words
        ('Jane Roe said that "we have 80M users."', None),
        ("Jane Roe said that we have 80M users.", "Jane Roe"),  # reported speech goes on
        ("Jane Roe said “we have 80M users", "Jane Roe"),  # the quotation is still open
    ],
)
def test_a_closed_quotation_does_not_carry_to_the_next_sentence(
    sentence: str, speaker: str | None
) -> None:
    doc = attribute(f"{sentence} That is up from 145M users last May.")
    assert speaker_at(doc, "145M") == speaker


# -- a surname alone, when the page wrote the full name; a cue closing its sentence -------------


@pytest.mark.parametrize(
    ("page", "speaker"),
    [
        (
            "The Jane Roe-led call was long. Foo has 115 million users, Roe told analysts.",
            "Jane Roe",
        ),
        ("The call was long. Foo has 115 million users, Roe told analysts.", None),  # never named
        ("The Big Apple hosted it. Foo has 115 million users, Apple told analysts.", None),
    ],
)
def test_a_surname_alone_means_the_full_name_the_page_wrote(page: str, speaker: str | None) -> None:
    assert speaker_at(attribute(page), "115 million") == speaker


@pytest.mark.parametrize(
    ("sentence", "speaker"),
    [
        ("Foo now has 115 million users, Jane Roe told analysts during the call.", None),
        ("Foo现在有1亿用户，王小明说。", None),
        ("Jane Roe told analysts that Foo now has 115 million users.", "Jane Roe"),  # an opener
        ("王小明说，Foo现在有1亿用户。", "王小明"),
    ],
)
def test_a_cue_closing_its_sentence_does_not_carry(sentence: str, speaker: str | None) -> None:
    doc = attribute(f"{sentence} That is a 475 percent increase.")
    assert speaker_at(doc, "475 percent") == speaker


# -- a clause in the reporter's voice after the attribution -----------------------------------


@pytest.mark.parametrize(
    ("after", "speaker"),
    [
        (", where the listed company announced that revenue increased 38 percent.", None),
        (", where he added that revenue increased 38 percent.", "Jane Roe"),  # still hers
        (" that revenue increased 38 percent.", "Jane Roe"),
    ],
)
def test_a_reporters_clause_after_the_attribution(after: str, speaker: str | None) -> None:
    doc = attribute(f'"We are confident," Jane Roe said at the annual conference{after}')
    assert speaker_at(doc, "confident") == "Jane Roe"
    assert speaker_at(doc, "38 percent") == speaker


# -- a quotation ending the speaker's sentence ends their words --------------------------------


@pytest.mark.parametrize(
    ("middle", "speaker"),
    [
        ("「不是愈大愈好,人还是最重要的因素。」", None),  # the quotation goes on, then ends
        ("医院要做好,「人还是最重要的因素。」", None),  # a carried sentence ends quoting
        ("不是愈大愈好,人还是最重要的因素。", "王大同"),  # no quotation: reported speech goes on
        ("「不是愈大愈好,」他说,人还是最重要的因素。", "王大同"),  # the quotation closed mid-way
    ],
)
def test_a_quotation_ending_a_sentence_ends_the_carry(middle: str, speaker: str | None) -> None:
    doc = attribute(f"董事长王大同解释,台湾的医师已经很多。{middle}但今年即有两家全新医院开幕。")
    assert speaker_at(doc, "两家") == speaker
