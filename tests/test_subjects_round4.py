"""Subject rules of issue 15, round 4: each with a sentence written for it and a must-not case."""

from __future__ import annotations

from pathlib import Path

from conftest import subject_of
from speeches.models import Document, Metric
from speeches.rules.speakers import load_registry
from speeches.rules.subjects import load_subjects
from speeches.stages import about

REGISTRY = load_subjects()


def _subject(text: str, figure: str, speaker: str | None, people_file: Path | None = None,
             kind: str = "users") -> str | None:
    doc = Document(source_path="x.txt", raw=text, text=text, title="演讲")
    start = text.index(figure)
    doc.metrics.append(Metric(kind, 1.0, "exact", figure, "", start, start + len(figure),
                              speaker=speaker))
    people = load_registry(people_file) if people_file is not None else None
    return about.run(doc, REGISTRY, people).metrics[0].subject


def test_a_speakers_we_reads_the_users_speaker_file(tmp_path: Path) -> None:
    people = tmp_path / "people.toml"
    people.write_text('[[speaker]]\nname = "王小明"\ntitles = ["Chief Executive of Netflix"]\n',
                      "utf-8")
    text = "We now serve more than 200 million members."
    assert _subject(text, "200 million", "王小明", people) == "Netflix"
    # must-not: without the user's file the speaker has no company, and a share stays out
    assert _subject(text, "200 million", "王小明") is None
    assert _subject("Our members grew 20%.", "20%", "王小明", people, kind="percentage") is None


def test_a_group_named_by_its_number_is_the_list_that_introduced_it() -> None:
    text = "集团有两大社交平台：微信和QQ。\n\n目前，两大社交平台的用户合计超过12亿。"
    assert subject_of(text, "12亿") == "微信、QQ"
    text = ("We run three apps: WeChat, QQ and Tencent Video. Together, these three apps have "
            "1.5 billion users.")
    assert subject_of(text, "1.5 billion") == "微信、QQ、腾讯视频"
    # must-not: a list naming fewer than the group's number, a different group, or a name in
    # the figure's own sentence
    text = "集团有三大社交平台：微信和QQ。\n\n目前，三大社交平台的用户合计超过12亿。"
    assert subject_of(text, "12亿") != "微信、QQ"
    text = "集团有两大社交平台：微信和QQ。\n\n目前，两款游戏产品的用户合计超过3亿。"
    assert subject_of(text, "3亿") != "微信、QQ"
    text = "集团有两大社交平台：微信和QQ。\n\n两大社交平台中，微信的用户超过10亿。"
    assert subject_of(text, "10亿") == "微信"


def test_machine_translated_names_are_aliases() -> None:
    assert subject_of("Micro-letter has over 300 million users", "300 million") == "微信"
    assert subject_of("Tencent Yingying has landed in 100 hospitals", "100 hospitals") == "腾讯觅影"
    # must-not: a letter is no micro-letter
    assert subject_of("The letter reached 300 million users", "300 million") != "微信"


def share_of(text: str, figure: str) -> str | None:
    from speeches.rules.subjects import sentence_of

    start = text.index(figure)
    p_start, s_start, s_end = sentence_of(text, start)
    return REGISTRY.find(text, s_start, s_end, start, start + len(figure), p_start, share=True)


def test_an_english_market_word_glued_to_chinese_marks_a_market_share() -> None:
    text = "美团去年营收增长了30%。十年来，人口红利消退，GDP中服务业占比过半。"
    assert share_of(text, "过半") is None
    # must-not: an English market word inside a longer word is no market
    text = "美团去年营收增长了30%。十年来，supermarkets占比过半。"
    assert share_of(text, "过半") == "美团"


def test_the_companys_measure_after_a_product_is_the_companys() -> None:
    def about_share(text: str, figure: str) -> str | None:
        doc = Document(source_path="x.txt", raw=text, text=text, title="Results")
        start = text.index(figure)
        doc.metrics.append(Metric("percentage", 0.1, "exact", figure, "", start,
                                  start + len(figure)))
        return about.run(doc, REGISTRY).metrics[0].subject

    text = "Microsoft Teams now has 300 million users, and the company's revenue rose 18% in Q2."
    assert about_share(text, "18%") == "微软"
    text = "微信用户持续增长，公司的营收同比增长了15%。"
    assert about_share(text, "15%") == "腾讯"
    # must-not: "the company" that is not followed by its own measure, or a company's name
    text = "Microsoft Teams, the company said, grew its daily users by 18% in Q2."
    assert about_share(text, "18%") == "Microsoft Teams"


def test_subs_is_a_measure_noun_a_new_paragraph_continues() -> None:
    text = ("Apple Music had 40 million paid subscribers in April 2018.\n"
            "That's 20 million new subs in 14 months, or about 1.4 million a month.")
    assert subject_of(text, "20 million new subs") == "Apple Music"
    # must-not: a word that only starts with subs is no measure
    text = ("Apple Music had 40 million paid subscribers in April 2018.\n"
            "That's 20 million in subsidies over 14 months.")
    assert subject_of(text, "20 million") is None


def test_a_share_going_on_about_a_market_is_nobodys() -> None:
    text = "他解释，阿里的核心业务是电商，目前中国网购占零售份额约30%，未来渗透率可升至40%。"
    assert share_of(text, "40%") is None
    # must-not: the clause names its owner (其), or the market came before the name
    text = "他解释，阿里的核心业务是电商，目前中国网购占零售份额约30%，其渗透率可升至40%。"
    assert share_of(text, "40%") == "阿里巴巴"
    text = "中国网购增长放缓，阿里的核心业务是电商，未来渗透率可升至40%。"
    assert share_of(text, "40%") == "阿里巴巴"


def test_a_market_in_the_names_own_clause_leaves_the_share_the_names() -> None:
    text = "微信在中国市场的用户超过10亿，付费率达到30%。"
    assert share_of(text, "30%") == "微信"


def test_these_servers_are_what_the_sentence_before_named_last() -> None:
    text = 'Alibaba launched a new chip, called "Hanguang." This chip is 46% faster than rivals.'
    assert share_of(text, "46%") == "Hanguang"
    text = "腾讯推出了“青藤”服务器。这款服务器的能效提升了30%。"
    assert share_of(text, "30%") == "青藤"
    # must-not: "This year" is no demonstrative of a thing; the earlier name stands
    text = 'Alibaba launched a new chip, called "Hanguang." This year sales rose 46%.'
    assert share_of(text, "46%") != "Hanguang"
