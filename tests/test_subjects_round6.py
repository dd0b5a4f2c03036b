"""Subject rules of issue 15, round 6: general mechanisms (clause structure, the grammatical
subject of a clause or page), each with sentences written for it and a must-not case."""

from __future__ import annotations

from conftest import page_subjects, subject_of
from speeches.models import Document, Metric
from speeches.rules.subjects import load_subjects
from speeches.stages import about

REGISTRY = load_subjects()



def test_a_name_after_a_new_predicate_is_not_what_the_figure_uses() -> None:
    text = "Last year it overtook Twitter with 300 million users and is now closing in on Facebook."
    assert subject_of(text, "300 million users") == "Twitter"
    # must-not: a name the figure itself uses right after it stays its subject
    assert subject_of("Today 900 million people use WeChat every day.", "900 million") == "微信"


def test_a_clause_opening_with_a_name_and_a_verb_is_about_that_name() -> None:
    text = "Facebook runs several hundred thousand servers, Fastly deploys 80,000, and so on."
    assert subject_of(text, "80,000") == "Fastly"
    # must-not: a clause opening with no name keeps the registry name before it
    text = "Facebook runs many data centers, and it deploys 80,000 servers."
    assert subject_of(text, "80,000 servers") == "Facebook"


def test_a_name_compared_with_in_an_earlier_sentence_is_not_recalled() -> None:
    text = ("Microsoft said Azure now runs 40 regions, three times more than Google's. "
            "Each region holds up to 500,000 servers.")
    assert subject_of(text, "500,000 servers") == "Azure"
    # must-not: with no comparison, the last name of the sentence before is recalled
    text = "Microsoft said it now runs Azure in 40 regions. Each region holds up to 500,000 servers."
    assert subject_of(text, "500,000 servers") == "Azure"


def test_a_page_about_an_unregistered_name_its_paragraphs_open_with() -> None:
    text = ("Riverbend Care adds two clinics\n"
            "Riverbend Care, which is based in Ohio, will open more sites.\n"
            "It now runs 14 hospitals across the state.")
    assert page_subjects(text, "", ("hospitals", "14 hospitals")) == ["Riverbend Care"]
    # the headline alone is enough when the body names it again
    text = "Riverbend Care adds two clinics\nIt now runs 14 hospitals, Riverbend Care says."
    assert page_subjects(text, "Riverbend Care adds two clinics",
                         ("hospitals", "14 hospitals")) == ["Riverbend Care"]
    # must-not: a person who opens paragraphs to speak is no subject
    text = "Jane Doe said it grew.\nJane Doe, who joined in May, said so.\nIt now runs 14 hospitals."
    assert page_subjects(text, "", ("hospitals", "14 hospitals")) == [None]


def test_an_acronym_of_the_pages_subject_is_that_subject() -> None:
    text = ("Riverbend Care Group adds two clinics\n"
            "Riverbend Care Group, which is based in Ohio, will open more sites.\n"
            "RCG now has 14 hospitals.")
    assert page_subjects(text, "", ("hospitals", "14 hospitals")) == ["Riverbend Care Group"]
    # must-not: an acronym of other initials stays as written
    text = ("Riverbend Care Group adds two clinics\n"
            "Riverbend Care Group, which is based in Ohio, will open more sites.\n"
            "HCA now has 14 hospitals.")
    assert page_subjects(text, "", ("hospitals", "14 hospitals")) == ["HCA"]


def test_a_product_word_that_is_a_name_mentioned_again_ends_no_product_name() -> None:
    text = "上千家诊所开通了公众号，超过2亿用户在关注这些公众号很多公众号提供预约服务。"
    assert subject_of(text, "2亿用户") == "公众号"
    # must-not: a product word right after a name still makes a product of its own
    assert subject_of("去年微信城市服务的用户超过2亿。", "2亿") == "微信城市服务"


def test_a_sentence_continues_the_name_of_the_sentence_right_before_only() -> None:
    text = ("Zoom hosted the event. The hall was full. Half of the audience, maybe 40%, "
            "stood at the back.")
    assert subject_of(text, "40%") is None
    # must-not: the sentence right before still gives its name
    text = "The hall was full. Zoom hosted the event. Its usage rose 40% that week."
    assert subject_of(text, "40%") == "Zoom"


def test_a_speaker_who_opens_paragraphs_is_no_pages_subject() -> None:
    text = "Doe runs the network.\nDoe, in her office, recalls 2009.\nIt now runs 14 hospitals."
    doc = Document(source_path="x.txt", raw=text, text=text, title="")
    start = text.index("14 hospitals")
    doc.metrics.append(Metric("hospitals", 14.0, "exact", "14 hospitals", "", start, start + 12,
                              speaker="Jane Doe"))
    assert [m.subject for m in about.run(doc, REGISTRY).metrics] == [None]
    # must-not: with no speaker of that name, the name opening the paragraphs is the subject
    assert page_subjects(text, "", ("hospitals", "14 hospitals")) == ["Doe"]
