"""Subject rules of issue 15, round 3: each with a sentence written for it and a must-not case."""

from __future__ import annotations

import pytest

from conftest import subject_of
from speeches.rules.subjects import load_subjects, sentence_of
from speeches.stages.normalize import normalize

REGISTRY = load_subjects()


@pytest.mark.parametrize(("text", "figure", "subject"), [
    # a name the figure is compared with is not what it is about
    ("今年三季度，京东的研发投入不足阿里的40%", "不足阿里的40%", "京东"),
    ("美团、拼多多两家的服务器之和，还不及美国亚马逊一家公司的一半", "不及美国亚马逊一家公司的一半",
     "美团、拼多多"),
    ("The streaming service, bigger than Hulu, now has 20 million users", "20 million", None),
    # a product-type word after a name describes that name
    ("“京东健康”小程序已连接超过500家医院", "超过500家医院", "京东健康"),
    # an English name with a capitalized word after it is a product of its own
    ("Microsoft has 80 million monthly active Teams Rooms users", "80 million monthly active Teams Rooms users",
     "Teams Rooms"),
    # a Latin name glued to a date: HKTVmall10月
    ("对于淘宝11月GMV按年跌4.3%", "4.3%", "淘宝"),
])
def test_round3_subjects(text: str, figure: str, subject: str | None) -> None:
    assert subject_of(text, figure) == subject


@pytest.mark.parametrize(("text", "figure", "subject"), [
    # must-not: a name merely before a number is no comparison
    ("阿里的用户超过8亿", "8亿", "阿里巴巴"),
    ("京东与腾讯合作后，新用户增长了30%", "30%", "京东、腾讯"),  # coordinated, not compared
    ("Pandora has 64.9 million users compared to Spotify's 232 million", "Spotify's 232 million",
     "Spotify"),  # the compared figure is Spotify's own
    # must-not: a data centre is no product of the company's
    ("但腾讯数据中心的服务器规模也仅有50多万台", "50多万台", "腾讯"),
    # must-not: corporate and business words do not extend an English name
    ("Azure Cloud business was up 48 per cent", "48 per cent", "Azure"),
    ("Alibaba Group has 900 million users", "900 million", "阿里巴巴"),
    # must-not: a Latin name followed by a number that is no date
    ("QQ2018版本用户超过1亿", "1亿", None),
])
def test_round3_must_not(text: str, figure: str, subject: str | None) -> None:
    assert subject_of(text, figure) == subject


def _about(text: str, figure: str, title: str, kind: str = "percentage") -> str | None:
    from speeches.models import Document, Metric
    from speeches.stages import about

    doc = Document(source_path="x.txt", raw=text, text=text, title=title)
    start = text.index(figure)
    doc.metrics.append(Metric(kind, 1.0, "exact", figure, "", start, start + len(figure)))
    return about.run(doc, REGISTRY).metrics[0].subject


def test_a_share_of_the_companys_own_measure_takes_the_titles_subject() -> None:
    title = "Snap Inc. Announces Fourth Quarter Results"
    assert _about("Revenue increased 44% year-over-year.", "44%", title) == "Snapchat"
    assert _about("医疗本业毛利从8%跌到约2%。", "8%", "长庚扩建医院") == "长庚"
    # must-not: a share of a market or a survey, or of nothing the company measures
    assert _about("目前中国网购占整体零售份额约30%。", "30%", "阿里巴巴的蔡崇信") is None
    assert _about("The industry grew users 16% last year.", "16%", title) is None
    # (a share of no company measure now takes the page's topic, issue 15 round 9: both
    # annotators name Google I/O for "over 20% female participation" on its page)
    assert _about("A survey found female participation is over 20%.", "20%", title) is None


def share_of(text: str, figure: str) -> str | None:
    text = normalize(text)
    start = text.index(figure)
    p_start, s_start, s_end = sentence_of(text, start)
    return REGISTRY.find(text, s_start, s_end, start, start + len(figure), p_start, share=True)


def test_a_share_of_a_market_is_no_companys() -> None:
    assert share_of("阿里两大核心业务是电商和云，目前中国网购占整体零售份额约30%", "30%") is None
    assert share_of("台积电表示，去年晶圆代工产业整体产值成长16%", "16%") is None
    # must-not: a name in the share's own clause still counts, and a count is no share
    assert share_of("台积电表示，微信在中国市场的渗透率达到90%", "90%") == "微信"
    text = "台积电表示，去年晶圆代工产业整体产值成长16%"
    start = text.index("16%")
    assert REGISTRY.find(text, 0, len(text), start, start + 3, 0) == "台积电"


def test_an_english_name_extends_only_before_a_count_noun() -> None:
    assert subject_of("There are 700 million people on Facebook Groups each month",
                      "700 million") == "Facebook Groups"
    # must-not: a headline's capitalized verb is no part of the name
    assert subject_of("How Tencent Scaled to Over 1 Million Servers", "1 Million Servers") == "腾讯"


def test_a_platform_is_the_product_itself() -> None:
    assert subject_of("腾讯动漫平台上，95后、00后超过80%", "80%") == "腾讯动漫"
    assert subject_of("微信城市服务的用户超过5亿", "5亿") == "微信城市服务"  # must-not: still a product


def test_a_list_lead_in_reaches_only_its_items() -> None:
    from speeches.stages import about

    text = "腾讯2025年第一季度的核心业绩数据：\n总收入同比增长13%；\n毛利同比增长20%。"
    assert about.lead_in(text, text.index("毛利")) is not None
    text = "他的主要观点如下：\n1、用户超过10亿。\n【实录】\n60%的患者希望上网。"
    assert about.lead_in(text, text.index("60%")) is None  # must-not: past the numbered items


@pytest.mark.parametrize(("text", "figure", "subject"), [
    # the clause's own subject, named without the registry
    ("过去一年，AI导诊已接入近300家医院，累计提供了470万次导诊服务", "近300家医院", "AI导诊"),
    ("在微信的连接下，电子健康卡覆盖21个省级行政区、2400多家医院", "2400多家医院", "电子健康卡"),
    ("手机管家的激活用户在期内超过1亿", "用户在期内超过1亿", "手机管家"),
    ("Goodnight注册用户已突破2百万人", "注册用户已突破2百万人", "Goodnight"),
    # a population a place names, or one the registry knows
    ("动漫之外，中国泛二次元用户规模接近3.5亿", "用户规模接近3.5亿", "泛二次元用户"),
    ("2018年，中国网络游戏的用户达到5~6亿", "用户达到5~6亿", "游戏用户"),
])
def test_clause_subjects(text: str, figure: str, subject: str) -> None:
    assert subject_of(text, figure) == subject


@pytest.mark.parametrize(("text", "figure", "subject"), [
    # must-not: a users noun after a phrase no place names is some company's users
    ("中华电对行动收入相当乐观，去年行动上网用户约250万", "用户约250万", "中华电信"),
    # must-not: a rate is no verb of reach, and a period opens no subject
    ("估计第四季覆盖率全国9成人口", "9成", None),
    # must-not: generic openers name nothing
    ("我们已接入超过3000家医院", "超过3000家医院", None),
    ("月活跃用户超过10亿", "10亿", None),
])
def test_clause_subjects_must_not(text: str, figure: str, subject: str | None) -> None:
    assert subject_of(text, figure) == subject


def test_a_page_without_a_title_name_is_about_the_name_it_repeats() -> None:
    from speeches.stages.about import page_topic

    text = "Netflix grew. Netflix added members. We focus on Netflix. Hulu is smaller."
    assert page_topic(REGISTRY, text) == "Netflix"
    assert _about("In Q1, we added 3.3 million members. " + text, "3.3 million", "An interview",
                  kind="users") == "Netflix"
    # must-not: two names as often as each other, or a name said once
    assert page_topic(REGISTRY, "Netflix and Hulu. Netflix and Hulu. Netflix and Hulu.") is None
    assert page_topic(REGISTRY, "Netflix added members.") is None


def test_a_nationwide_count_takes_no_page_topic() -> None:
    text = "长庚扩建。长庚结盟。长庚转骨。\n走过疫情四年，此刻全台有三十家医院正扩建。"
    assert _about(text, "三十家医院", "医院潮", kind="hospitals") is None
    # must-not: a count of the company's own takes the page's topic
    text = "长庚扩建。长庚结盟。长庚转骨。\n接手后已经营三十家医院。"
    assert _about(text, "三十家医院", "医院潮", kind="hospitals") == "长庚"


@pytest.mark.parametrize(("text", "figure", "subject"), [
    ("Epic's software is used in 2,000 hospitals", "2,000 hospitals", "Epic"),
    ("Ascension, the largest nonprofit system, operates 150 hospitals, a report on Ascension says",
     "150 hospitals", "Ascension"),
    ("Meditech is used by 2,300 hospitals, more than use Epic or Meditech Expanse",
     "2,300 hospitals", "Meditech"),
    # must-not: a capitalized common word opening a sentence is no name
    ("Growth is over 20% this year", "20%", None),
    # must-not: pronouns, "the company" and months open sentences without naming anything
    ("The company now has 200 million subscribers", "200 million", None),
    ("We now have more than 100 million users", "100 million", None),
    ("March was strong, with 10 million new users", "10 million", None),
])
def test_the_name_an_english_sentence_opens_with(text: str, figure: str, subject: str | None) -> None:
    assert subject_of(text, figure) == subject


def test_an_english_name_extends_before_its_verb_or_possessive() -> None:
    assert subject_of("Tencent Music had 40 million paying users", "40 million") == "Tencent Music"
    assert subject_of("Tencent Music's paying users reached 40 million", "40 million") == "Tencent Music"
    # must-not: a registered longer name stays itself
    assert subject_of("WeChat Pay has 800 million users", "800 million") == "微信支付"


def test_the_company_and_our_are_the_pages_topic() -> None:
    text = "Tenet reported results. Tenet grew.\nOur same-hospital admissions were up 1.0 percent."
    assert _about(text, "1.0 percent", "Q1 call script") == "Tenet"
    text = "阿里巴巴宣布。阿里巴巴增长。\n85%的发达地区人口接入了公司的平台。"
    assert _about(text, "85%", "投资者日") is None  # must-not: a share of a population
    text = "腾讯表示。腾讯增长。\n我们的数据中心规模只相当于美国的八分之一。"
    assert _about(text, "八分之一", "大会") is None  # must-not: a share of a country's


def test_a_paragraph_continuing_the_count_of_the_one_before() -> None:
    text = "截至3月底，腾讯视频付费会员达到8900万。会员时代到来。\n\n从会员增长来看，从4300万增长到8200万。"
    assert subject_of(text, "4300万") == "腾讯视频"
    # must-not: a paragraph counting something else does not continue it
    text = "截至3月底，腾讯视频付费会员达到8900万。\n\n全国已有超过3000家医院接入。"
    assert subject_of(text, "3000家医院") is None


def test_an_earlier_clause_subject_carries_to_its_sentence() -> None:
    text = "2015年底上线，Goodnight至今已有注册用户200万人，其中有85%的使用者年龄低于34岁。"
    assert subject_of(text, "85%") == "Goodnight"
    # must-not: a registry name earlier in the sentence still wins
    text = "微信表示，Goodnight至今已有注册用户200万人，其中有85%的使用者年龄低于34岁。"
    assert subject_of(text, "85%") == "微信"
    text = "上线三年以来，其中有85%的使用者年龄低于34岁。"
    assert subject_of(text, "85%") is None  # must-not: no clause names anything


def test_a_measure_of_a_named_business() -> None:
    text = "Stocks rose as the revenue in Intelligent Cloud reached $13 billion and increased 20 per cent."
    assert share_of(text, "20 per cent") == "Intelligent Cloud"
    text = ("The revenue in Productivity and Business Processes was $12.3 billion and increased "
            "11 per cent, the firm said.")
    assert share_of(text, "11 per cent") == "Productivity and Business Processes"
    # must-not: a measure of nothing named
    assert share_of("The revenue in the quarter increased 11 per cent.", "11 per cent") is None


def test_a_hand_wrapped_sentence_runs_on() -> None:
    from speeches.rules.subjects import Sentences

    text = "Tenet said same hospital adjusted EBITDA was up\n    23 percent to $239 million.\nNext."
    _, s_start, s_end = Sentences(text).around(text.index("23 percent"))
    assert text[s_start:s_end].startswith("Tenet said")
    assert subject_of(text, "23 percent") == "Tenet"
    # must-not: a line that ends its sentence, or a new line opening with a capital, is a break
    text = "Tenet grew.\n23 percent of users left.\nWeChat added\nUsers rose 5 percent."
    for figure in ("23 percent", "5 percent"):
        _, s_start, _ = Sentences(text).around(text.index(figure))
        assert text[s_start - 1] == "\n"


def test_a_quoted_name_acting_in_the_sentence() -> None:
    text = ('For example, the "Electronic Taxation Bureau" integrated a dozen tax matters, '
            "so you can save 90% of the time.")
    assert subject_of(text, "90%") == "Electronic Taxation Bureau"
    assert subject_of("“粤健通”已接入超过100家医院", "100家医院") == "粤健通"
    # must-not: a quoted phrase that is no name, or a quoted name that does not act
    assert subject_of('He said "we are growing fast" and users rose 20%', "20%") is None
    assert subject_of('They call it "Project Blue" for fun, and users rose 20%', "20%") is None


def test_a_name_that_brings_users_or_is_related_is_not_the_subject() -> None:
    text = "京东上季度增长很快，三分之一的新用户都是由微信带来的"
    assert share_of(text, "三分之一") == "京东"
    text = "谈起与腾讯之间的关系，京东表示，新用户增长了30%"
    assert share_of(text, "30%") == "京东"
    # must-not: a name that is what the figure counts stays
    assert share_of("微信带来的新用户增长了30%", "30%") == "微信"


def test_a_speakers_we_is_their_company() -> None:
    from speeches.models import Document, Metric
    from speeches.stages import about

    def subject(text: str, figure: str, speaker: str | None, kind: str = "users") -> str | None:
        doc = Document(source_path="x.txt", raw=text, text=text, title="演讲")
        start = text.index(figure)
        doc.metrics.append(Metric(kind, 1.0, "exact", figure, "", start, start + len(figure),
                                  speaker=speaker))
        return about.run(doc, REGISTRY).metrics[0].subject

    assert subject("今年双11，4500万人同时在我们的平台上购物。", "4500万人", "马云") == "阿里巴巴"
    assert subject("We now have more than 100 million users.", "100 million", "马化腾") == "腾讯"
    # must-not: no speaker, a speaker whose titles name no company, or a share
    assert subject("We now have more than 100 million users.", "100 million", None) is None
    assert subject("We now have more than 100 million users.", "100 million", "无名氏") is None
    assert subject("Our users grew 20%.", "20%", "马化腾", kind="percentage") is None
