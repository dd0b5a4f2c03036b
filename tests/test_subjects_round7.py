"""Subject rules of issue 15, round 7: when a percentage has an owner (the page's company by
its own measure, an institution referred back to) and when it has none (another party's),
each with sentences written for it and a must-not case."""

from __future__ import annotations

from conftest import page_subjects
from speeches.rules.subjects import load_subjects

REGISTRY = load_subjects()



def test_growth_is_a_company_s_own_measure() -> None:
    text = "Slack passes a million users\nIn the early days the growth was often up to 20% per week."
    assert page_subjects(text, "Slack passes a million users", ("percentage", "20%")) == ["Slack"]
    # must-not: the growth of a market is nobody's
    text = "Slack passes a million users\nIn those days the market growth was up to 20% per year."
    assert page_subjects(text, "Slack passes a million users", ("percentage", "20%")) == [None]


def test_demand_is_a_company_s_own_measure() -> None:
    title = "HCA second quarter call notes"
    text = f"{title}\nI think obstetrics is roughly 20% of overall commercial demand, give or take."
    assert page_subjects(text, title, ("percentage", "20%")) == ["HCA"]
    # must-not: demand a survey measured is no company's
    text = f"{title}\nA survey found obstetrics is roughly 20% of overall commercial demand."
    assert page_subjects(text, title, ("percentage", "20%")) == [None]


def test_a_clause_about_a_rival_is_not_the_earlier_clause_s_name() -> None:
    text = "台湾大第一季营业利益年成长达1.9%，而该同业的营业利益则是年减3.3%，可见端倪。"
    assert page_subjects(text, "", ("percentage", "1.9%"), ("percentage", "3.3%")) == [
        "台湾大哥大", None]
    text = "Netflix subscribers grew 20%, while its rival's subscribers fell 3%."
    assert page_subjects(text, "", ("percentage", "20%"), ("percentage", "3%")) == ["Netflix", None]
    # nor the page's company, by its title
    assert page_subjects("而该同业的营业利益则是年减3.3%。", "台湾大哥大业绩",
                         ("percentage", "3.3%")) == [None]
    # must-not: a rival named in an earlier clause leaves the figure's own clause alone
    text = "Well below our rivals, Netflix revenue grew 20% this year."
    assert page_subjects(text, "", ("percentage", "20%")) == ["Netflix"]


def test_an_institution_referred_back_to_is_the_subject() -> None:
    text = "腾讯还公布了案例。以广州市妇女儿童医疗中心为例，该院已经通过微信实现了挂号，把患者逗留时间缩短了40%。"
    assert page_subjects(text, "", ("percentage", "40%")) == ["广州市妇女儿童医疗中心"]
    text = "百度也在推进。据腾讯公司介绍，该公司的云收入增长了80%。"
    assert page_subjects(text, "", ("percentage", "80%")) == ["腾讯"]
    # must-not: a bare kind word (在医院) names no institution
    text = "很多患者在医院排队。该院把患者逗留时间缩短了40%。"
    assert page_subjects(text, "", ("percentage", "40%")) == [None]


def test_a_population_whose_share_its_clause_states_is_the_subject() -> None:
    text = "一方面，县域人口占全国人口六成以上，总人数超过7亿。"
    assert page_subjects(text, "", ("percentage", "六成")) == ["县域人口"]
    # must-not: a place's own population is the whole, no subject
    text = "一方面，全国人口占世界人口近两成，总人数超过14亿。"
    assert page_subjects(text, "", ("percentage", "近两成")) == [None]


def test_a_later_clause_goes_on_about_the_earlier_clause_s_population() -> None:
    text = "一方面，县域人口占全国人口六成以上，总人数超过7亿，却只拥有全国1/3的医生。"
    assert page_subjects(text, "", ("percentage", "1/3")) == ["县域人口"]
    # must-not: a market an earlier clause names, with no subject of its own, still goes on
    text = "阿里的核心业务是电商，目前中国网购占零售份额约30%，未来渗透率可升至40%。"
    assert page_subjects(text, "", ("percentage", "40%")) == [None]


def test_a_share_of_things_of_a_kind_that_are_of_a_narrower_kind() -> None:
    text = "目前中国已有50%的门锁为智能门锁，这是大趋势。"
    assert page_subjects(text, "", ("percentage", "50%")) == ["门锁"]
    # must-not: a predicate that is not a narrower kind of the noun names nothing
    text = "目前中国已有50%的门锁为电子锁，这是大趋势。"
    assert page_subjects(text, "", ("percentage", "50%")) == [None]


def test_this_share_is_of_what_the_share_before_it_is_about() -> None:
    text = "京东表示，目前中国已有50%的门锁为智能门锁，预计五年后这一比例将超过90%。"
    assert page_subjects(text, "", ("percentage", "50%"), ("percentage", "90%")) == ["门锁", "门锁"]
    text = "Half of WeChat users pay by phone, and this share will pass 90% by 2025."
    assert page_subjects(text, "", ("percentage", "Half"), ("percentage", "90%")) == ["微信", "微信"]
    # must-not: a clause naming its own subject keeps it
    text = "目前微信已有50%的用户开通了支付，而这一比例在QQ超过30%。"
    assert page_subjects(text, "", ("percentage", "50%"), ("percentage", "30%")) == ["微信", "QQ"]


def test_a_share_stated_for_we_is_the_page_s_company() -> None:
    title = "Slack passes a million users"
    text = f"{title}\nSB: We are now settled down to a more reasonable 3-4% now."
    assert page_subjects(text, title, ("percentage", "3-4%")) == ["Slack"]
    # must-not: nor when the share is a survey's (without "we" it now takes the page's topic,
    # issue 15 round 9: both annotators of its page name Slack for "the growth was up to 20%")
    text = f"{title}\nSB: Our survey has now settled down to a more reasonable 3-4% now."
    assert page_subjects(text, title, ("percentage", "3-4%")) == [None]
    # must-not: nor when its clause is about a market
    text = f"{title}\nSB: We think the market settled down to a more reasonable 3-4% now."
    assert page_subjects(text, title, ("percentage", "3-4%")) == [None]
    # must-not: nor in a survey's results
    text = f"{title}\nIn our survey, 34% of us said they settled down."
    assert page_subjects(text, title, ("percentage", "34%")) == [None]


def test_a_chinese_page_is_about_the_organisation_its_speaker_heads() -> None:
    text = "▲街口支付董事长梅骅说明。\n梅骅强调，所有用户资金皆100%信托银行保管。\n街口支付今日召开记者会。"
    assert page_subjects(text, "", ("percentage", "100%")) == ["街口支付"]
    # must-not: an organisation the page names only once is no page's topic
    text = "▲街口支付董事长梅骅说明。\n梅骅强调，所有用户资金皆100%信托银行保管。"
    assert page_subjects(text, "", ("percentage", "100%")) == [None]


def test_a_stake_is_of_the_business_it_is_held_in() -> None:
    text = "Last month, CHS said it will sell an 80 percent ownership interest in its home health division."
    assert page_subjects(text, "", ("percentage", "80 percent")) == ["home health division"]
    text = "Tencent said it holds a 17 percent stake in Snap after the deal."
    assert page_subjects(text, "", ("percentage", "17 percent")) == ["Snapchat"]
    text = "京东表示，腾讯持有京东健康20%的股权。"
    assert page_subjects(text, "", ("percentage", "20%")) == ["京东健康"]
    # must-not: an interest rate is no stake
    text = "Tencent said it pays a 5 percent interest rate on its bonds."
    assert page_subjects(text, "", ("percentage", "5 percent")) == ["腾讯"]


def test_a_company_s_reach_against_a_market_is_the_company_s_share() -> None:
    title = "远传电信股东会"
    text = f"{title}\n远传电信今年建设7500座基地台，估计第四季覆盖率全国9成人口。"
    assert page_subjects(text, title, ("percentage", "9成")) == ["远传电信"]
    # must-not: a market's own share of a whole is no company's
    text = f"{title}\n远传电信今年建设7500座基地台，估计第四季全国用户占人口9成。"
    assert page_subjects(text, title, ("percentage", "9成")) == [None]


def test_a_target_is_the_company_s_share() -> None:
    title = "远传电信股东会"
    text = f"{title}\n全台建设7500座基地台，下半年目标5G渗透率达到30%。"
    assert page_subjects(text, title, ("percentage", "30%")) == ["远传电信"]
    # must-not: a market's penetration, with no one's target, goes on about the market
    text = f"{title}\n全台建设7500座基地台，下半年5G渗透率达到30%。"
    assert page_subjects(text, title, ("percentage", "30%")) == [None]
