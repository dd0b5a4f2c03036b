"""Subject rules of issue 15, round 8: counts on pages from new outlets. Each rule has
sentences written for it and a must-not case."""

from __future__ import annotations

from conftest import subject_of
from speeches.models import Document, Metric
from speeches.rules import names
from speeches.rules.subjects import load_subjects
from speeches.stages import about

REGISTRY = load_subjects()


def page_subjects(text: str, title: str, *figures: tuple[str, str, str | None]
                  ) -> list[str | None]:
    """The subjects the whole stage gives figures (kind, surface, speaker) of a page."""
    doc = Document(source_path="x.txt", raw=text, text=text, title=title)
    for kind, figure, speaker in figures:
        start = text.index(figure)
        doc.metrics.append(Metric(kind, 1.0, "exact", figure, "", start, start + len(figure),
                                  speaker=speaker))
    return [m.subject for m in about.run(doc, REGISTRY).metrics]


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


def test_a_time_or_verb_phrase_opening_a_clause_names_nothing() -> None:
    text = "陈睿表示，B站的社区持续增长。他说，上季月均付费用户为2390万。"
    assert subject_of(text, "2390万") == "哔哩哔哩"
    text = "B站的社区持续增长。移动端月活用户上升至2.5亿。"
    assert subject_of(text, "2.5亿") != "移动端"
    # must-not: a product's name opening the clause stays its subject
    assert subject_of("快手表示，其中AI导诊已接入近300家医院。", "300家医院") == "AI导诊"
    assert subject_of("乘车码注册用户超过2000万。", "2000万") == "乘车码"


def test_names_something_by_part_of_speech() -> None:
    assert not names.names_something("每日")
    assert names.names_something("手机管家")


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
