"""Subject rules of issue 15, round 5: each with sentences written for it and a must-not case."""

from __future__ import annotations

from conftest import page_subjects, subject_of
from speeches.rules.subjects import load_subjects

REGISTRY = load_subjects()



def test_a_name_that_reports_a_figure_is_not_what_it_counts() -> None:
    text = ("Microsoft Teams now has 145 million daily users. That is up from the 32 million "
            "daily users that Microsoft reported in March.")
    assert subject_of(text, "32 million daily users") == "Microsoft Teams"
    text = "WeChat grew fast. Tencent announced WeChat Pay reached 900 million users."
    assert subject_of(text, "900 million users") == "微信支付"
    # must-not: with nothing else named around it, the reporter stays the subject
    text = "Netflix reported 203 million paid memberships."
    assert subject_of(text, "203 million paid memberships") == "Netflix"


def test_a_market_in_an_earlier_clause_leaves_the_companys_own_share() -> None:
    title = "Tenet reports first quarter results"
    text = "Although we trail our industry peers, our operating margin rose to 11.5 percent."
    assert page_subjects(text, title, ("percentage", "11.5 percent")) == ["Tenet"]
    # must-not: a market in the figure's own clause, or a survey anywhere in the sentence
    text = "Industry-wide retail sales rose 4 percent."
    assert page_subjects(text, title, ("percentage", "4 percent")) == [None]
    text = "In our survey of doctors, asked about our revenue, 62 percent said yes."
    assert page_subjects(text, title, ("percentage", "62 percent")) == [None]


def test_a_place_before_a_population_is_cut_from_it() -> None:
    assert subject_of("二十年前，全世界互联网的用户不到十万人。", "十万人") == "互联网用户"
    # must-not: a phrase with no place before 用户 is some company's users, no population
    assert subject_of("二十年前，宽带上网用户不到十万人。", "十万人") is None


def test_monthly_actives_follow_the_name_they_count() -> None:
    assert subject_of("上线三个月，Zeta月活突破800万。", "800万") == "Zeta"
    assert subject_of("上线三个月，Zeta日活突破800万。", "800万") == "Zeta"
    # must-not: a phrase of no name before the count
    assert subject_of("上线三个月，我们月活突破800万。", "800万") is None
    assert subject_of("上线三个月，台湾月活突破800万。", "800万") is None


def test_a_quoted_name_past_the_figures_clause_is_not_its_subject() -> None:
    text = "它上线五年。目前用户超过3亿，被人称作“国民应用”。"
    assert subject_of(text, "3亿") != "国民应用"
    # must-not: a quoted name in the figure's own clause still is
    assert subject_of("目前有8千万人用“星图”阅读。", "8千万人") == "星图"


def test_a_name_looked_back_to_keeps_its_product_word() -> None:
    text = "我们发布了腾讯云音乐的新版本。它的月活跃用户超过5000万。"
    assert subject_of(text, "5000万") == "腾讯云音乐"
    # must-not: a name with no product word after it stays as it is, and one far from its
    # product word is not grown into a phrase
    text = "我们发布了腾讯的新版本。它的月活跃用户超过5000万。"
    assert subject_of(text, "5000万") == "腾讯"
    text = "腾讯宣布推出服务。它的月活跃用户超过5000万。"
    assert subject_of(text, "5000万") == "腾讯"


def test_a_growth_share_is_of_the_count_before_it() -> None:
    text = "上线三个月，Zeta月活突破800万，用户增速高达40%。"
    subjects = page_subjects(text, "", ("users", "800万"), ("percentage", "40%"))
    assert subjects == ["Zeta", "Zeta"]
    # must-not: a growth share of another sentence
    text = "上线三个月，Zeta月活突破800万。此后用户增速高达40%。"
    assert page_subjects(text, "", ("users", "800万"), ("percentage", "40%"))[1] is None


def test_an_owned_market_word_is_the_owners() -> None:
    title = "Tenet reports results"
    text = "Our active consumers reached 900 million, 12% growth year-over-year."
    assert page_subjects(text, title, ("percentage", "12%")) == ["Tenet"]
    # must-not: a market word no owner has
    text = "Active consumers reached 900 million, 12% growth year-over-year."
    assert page_subjects(text, title, ("percentage", "12%")) == [None]


def test_capitalized_words_after_an_english_name_end_where_chinese_text_begins() -> None:
    assert subject_of("其中，LINE Music上线一年，用户达到500万。", "500万") == "LINE Music"
    assert subject_of("About 60 percent of schools used Teams Rooms this term.",
                      "60 percent") == "Teams Rooms"
    # must-not: a title, a country or a lone name stays out of the product's name
    assert subject_of("LINE CEO表示，用户达到500万。", "500万") == "LINE"
    assert subject_of("LINE Taiwan表示，用户达到500万。", "500万") == "LINE"
    assert subject_of("其中，LINE上线一年，用户达到500万。", "500万") == "LINE"


def test_a_product_the_sentence_launches_is_what_its_later_figure_counts() -> None:
    text = "2015年推出打车平台「快车宝」，2017年转进东南亚，目前用户数达八百万人。"
    assert subject_of(text, "八百万人") == "快车宝"
    text = "他抓住了阿里巴巴的机会，2012年推出Callguard来电过滤软体，全球用户突破3000万。"
    assert subject_of(text, "3000万") == "Callguard"
    # must-not: a launch before the registry name the figure's clause has, or nothing launched
    text = "2012年推出Callguard，目前微信用户突破3000万。"
    assert subject_of(text, "3000万") == "微信"
    text = "他抓住了阿里巴巴的机会，2012年推出一项来电过滤服务，全球用户突破3000万。"
    assert subject_of(text, "3000万") == "阿里巴巴"
    text = "他抓住了阿里巴巴的机会，2012年发布了「行动上网报告」，全球用户突破3000万。"
    assert subject_of(text, "3000万") == "阿里巴巴"


def test_a_figure_used_as_an_adjective_describes_the_name_beside_it() -> None:
    text = "Last year two groups merged into a 9-hospital system called Lakeview River Health."
    assert subject_of(text, "9-hospital") == "Lakeview River Health"
    text = "The deal adds Springfield-based Maple Grove Health — a three-hospital system — to it."
    assert subject_of(text, "three-hospital") == "Maple Grove Health"
    text = "It also bought the five-hospital OakCare, which serves the west."
    assert subject_of(text, "five-hospital") == "OakCare"
    # must-not: an adjective figure with no name beside it, or a count that is no adjective
    text = "Two groups merged into a 9-hospital system last year."
    assert subject_of(text, "9-hospital") is None
    text = "The region has 9 hospitals, named after Saint Mary."
    assert subject_of(text, "9 hospitals") is None


def test_a_name_of_the_figures_own_clause_beats_a_registry_name_of_an_earlier_one() -> None:
    text = ("Azure grew 40 per cent.The revenue in Personal Computing was $12 billion and "
            "increased 9 per cent, the company said.")
    assert subject_of(text, "9 per cent") == "Personal Computing"
    text = "Microsoft did well, and Contoso subscribers grew 30 percent."
    assert subject_of(text, "30 percent") == "Contoso"
    # must-not: with no name in its clause the earlier registry name stays
    text = "Azure grew 40 per cent, and revenue increased 9 per cent."
    assert subject_of(text, "9 per cent") == "Azure"


def test_a_measure_of_use_follows_the_name_it_measures() -> None:
    text = "数据显示，电子车票使用次数较上周同期升近6成。"
    assert subject_of(text, "近6成") == "电子车票"
    assert subject_of("数据显示，电子车票交易笔数增加了30%。", "30%") == "电子车票"
    # must-not: a phrase that names nothing before the measure
    assert subject_of("数据显示，总体使用次数较上周同期升近6成。", "近6成") is None


def test_a_users_measure_is_the_companys_own() -> None:
    title = "Momo reports second quarter results"
    text = "In May, total user time spent fell by 9%."
    assert page_subjects(text, title, ("percentage", "9%")) == ["Momo"]
    # must-not: a share of a market's measure (a share of no measure of the company's now takes
    # the page's topic, issue 15 round 9, as both annotators of its page do)
    text = "In May, the industry's user time spent fell by 9%."
    assert page_subjects(text, title, ("percentage", "9%")) == [None]


def test_a_reporter_of_an_earlier_clause_may_be_the_subject_of_the_figures() -> None:
    text = ("Netflix reported 2bn viewing hours, but it is only in Europe and has 9 million users "
            "compared to Spotify's 232 million.")
    assert subject_of(text, "9 million users") == "Netflix"
    # must-not: a reporter in the figure's own clause, beside another name
    text = "Teams grew fast, and that is up from the 20 million users that Microsoft reported."
    assert subject_of(text, "20 million users") == "Microsoft Teams"


def test_a_share_describes_the_population_named_right_after_it() -> None:
    text = "我们要让占四成人口的县城用户享受到便利。"
    assert REGISTRY.find(text, 0, len(text), text.index("四成"), text.index("人口"), None,
                         share=True) == "县城用户"
    text = "调查显示，约30%的中国网民每天网购。"
    assert REGISTRY.find(text, 0, len(text), text.index("30%"), text.index("的中国"), None,
                         share=True) == "互联网用户"
    # must-not: bare 用户 names no population, and a count is not a share
    text = "其中70%的用户是95后。"
    assert REGISTRY.find(text, 0, len(text), 2, 5, None, share=True) is None
    text = "我们要让占四成人口的县城用户享受到便利。"
    assert REGISTRY.find(text, 0, len(text), text.index("四成"), text.index("人口"), None) != "县城用户"
