"""Subject rules of issue 15, round 8: counts on pages from new outlets. Each rule has
sentences written for it and a must-not case."""

from __future__ import annotations

from conftest import page_subjects, subject_of
from speeches.models import Document, Metric
from speeches.rules import names
from speeches.rules.subjects import Subject, SubjectRegistry, load_subjects
from speeches.stages import about

REGISTRY = load_subjects()



def test_the_name_a_sentence_opens_with_is_the_subject_of_its_verb_clause() -> None:
    text = ("Snapchat, the app Facebook once tried to buy for $3 billion, has passed "
            "200 million daily users.")
    assert subject_of(text, "200 million daily users") == "Snapchat"
    # must-not: a clause with a subject of its own keeps the nearest name
    text = "Snapchat, the app Facebook once tried to buy, said users reached 200 million."
    assert subject_of(text, "200 million") == "Facebook"


def test_a_person_the_page_quotes_is_no_subject_of_a_count() -> None:
    text = ("Telegram Passes 40 Million Users\n"
            "CEO Moxie Marlin announced the 40 million user milestone in a blog post.")
    got = page_subjects(text, "Telegram Passes 40 Million Users",
                        ("users", "40 million user milestone", "Moxie Marlin"))
    assert got == ["Telegram"]
    # must-not: an unregistered company the sentence names stays the subject
    text = "Acme Health now has 40 million users, Moxie Marlin said."
    got = page_subjects(text, "", ("users", "40 million users", "Moxie Marlin"))
    assert got == ["Acme Health"]


def test_a_time_or_frequency_opening_a_clause_names_nothing() -> None:
    text = "陈睿表示，B站的社区持续增长。他说，上季月均付费用户为2390万。"
    assert subject_of(text, "2390万") == "哔哩哔哩"
    text = "八达通面世26年，每日交易量约1500万宗，目前手机支付用户逾300万。"
    assert subject_of(text, "300万") != "每日"
    # must-not: a product's name opening the clause stays its subject
    assert subject_of("快手表示，其中AI导诊已接入近300家医院。", "300家医院") == "AI导诊"
    assert subject_of("乘车码注册用户超过2000万。", "2000万") == "乘车码"


def test_the_lexicon_is_jiebas_dictionary_tags() -> None:
    tags = names.lexicon()
    assert (tags["去年"], tags["每日"], tags["中华电信"]) == ("t", "r", "nt")
    assert "手机" not in tags  # a plain noun: no rule asks about it


def test_a_registry_name_with_app_after_it_is_the_app() -> None:
    assert subject_of("百度App日活已经突破2亿大关。", "2亿") == "百度App"
    # must-not: the company's app named apart from it
    assert subject_of("百度的App日活已经突破2亿大关。", "2亿") == "百度"


def test_a_product_word_with_a_noun_before_it_is_that_kind_of_product() -> None:
    text = "智能小程序入驻数量已突破15万，月活用户2.7亿。"
    assert subject_of(text, "2.7亿") == "智能小程序"
    # must-not: after a verb or 的 the product word stays the registry's
    assert subject_of("很多人使用小程序，月活用户2.7亿。", "2.7亿") == "小程序"
    assert subject_of("腾讯的小程序，月活用户2.7亿。", "2.7亿") == "小程序"


def test_a_chinese_page_without_registry_names_is_about_the_organisation_it_names_most() -> None:
    text = ("八达通表示，八达通计划倍增投资。\n港铁持有八达通约65%权益。\n"
            "八达通面世26年，目前手机支付用户逾300万。")
    assert page_subjects(text, "", ("users", "300万", None)) == ["八达通"]
    # must-not: a page naming it once, beside another organisation as often, has no topic
    text = "八达通表示，港铁计划倍增投资。\n目前手机支付用户逾300万。"
    assert page_subjects(text, "", ("users", "300万", None)) == [None]


def test_a_company_named_for_its_founder_is_still_its_subject() -> None:
    registry = SubjectRegistry([Subject("Dell", kind="company")])
    text = "Dell now has 40 million users, its founder said."
    doc = Document(source_path="x.txt", raw=text, text=text, title="")
    start = text.index("40 million users")
    doc.metrics.append(Metric("users", 4e7, "exact", "40 million users", "", start, start + 16,
                              speaker="Michael Dell"))
    assert [m.subject for m in about.run(doc, registry).metrics] == ["Dell"]


def test_a_product_launched_under_a_name_after_a_dash_is_what_the_count_counts() -> None:
    text = "2009年，公司又推出免费手机安全软件——安全卫士Pro，目前已拥有近3亿用户。"
    assert subject_of(text, "3亿用户") == "安全卫士Pro"
    # must-not: a dash that names no launched product
    text = "2009年，公司的手机安全软件——卖得很好，目前已拥有近3亿用户。"
    assert subject_of(text, "3亿用户") != "卖得很好"


def test_a_clause_opening_with_its_verb_is_about_the_noun_phrase_before_it() -> None:
    text = "如今，坚持基础服务免费的奇点安全，已成为拥有4.57亿用户的公司，市值仅次于腾讯。"
    assert subject_of(text, "4.57亿用户") == "奇点安全"
    # must-not: a clause before with a verb of its own, or a time word after 的
    text = "如今，大家都很喜欢奇点安全，已成为拥有4.57亿用户的公司，市值仅次于腾讯。"
    assert subject_of(text, "4.57亿用户") != "奇点安全"
    text = "在过去的去年，已成为拥有4.57亿用户的公司。"
    assert subject_of(text, "4.57亿用户") != "去年"


def test_a_count_in_a_sentence_opening_with_a_whole_country_is_no_companys() -> None:
    text = ("长庚扩建\n长庚宣布扩建。长庚将增加病床。\n"
            "但全台湾光是今年，即有两家全新医院先后开幕。")
    assert page_subjects(text, "长庚扩建", ("hospitals", "两家全新医院", None)) == [None]
    # must-not: the same sentence without the country keeps the page's subject
    text = ("长庚扩建\n长庚宣布扩建。长庚将增加病床。\n"
            "但光是今年，即有两家全新医院先后开幕。")
    assert page_subjects(text, "长庚扩建", ("hospitals", "两家全新医院", None)) != [None]
