"""Subject rules of issue 15, round 9: the percentage default. A share whose sentence names no
owner is about its paragraph's topic (what the figure before it there is about, else the page's),
unless its sentence marks it no one's the page is about: a survey's, a market's, the speaker's
own. Each rule with sentences written for it and a must-not case."""

from __future__ import annotations

from conftest import page_subjects
from speeches.rules.subjects import load_subjects

REGISTRY = load_subjects()
SNAP = "Snap Inc. Announces Fourth Quarter Results"



def test_a_share_naming_no_owner_is_the_page_s_topic() -> None:
    assert page_subjects("Female participation is over 20%.", SNAP, ("percentage", "20%")) == [
        "Snapchat"
    ]
    assert page_subjects("女性参与者超过两成。", "Snapchat发布会", ("percentage", "两成")) == [
        "Snapchat"
    ]
    # must-not: a survey's share, a market's, or the speaker's own share is no company's
    for text in (
        "A survey found female participation is over 20%.",
        "Industry participation is over 20%.",
        "My own participation is over 20%.",
    ):
        assert page_subjects(text, SNAP, ("percentage", "20%")) == [None], text


def test_a_share_follows_the_figure_before_it_in_its_paragraph() -> None:
    title = "长庚扩建医院"
    # after a market's count in its paragraph, the share is the market's too: no one's
    text = "全国有三十家医院正扩建。目前病床高达四成未使用。"
    assert page_subjects(text, title, ("hospitals", "三十家医院"), ("percentage", "四成")) == [
        None,
        None,
    ]
    # must-not: a share of the next paragraph takes the page's topic
    text = "全国有三十家医院正扩建。\n目前病床高达四成未使用。"
    assert page_subjects(text, title, ("hospitals", "三十家医院"), ("percentage", "四成")) == [
        None,
        "长庚",
    ]


def test_a_share_of_the_speaker_s_own_person_is_no_company_s() -> None:
    title = "网易丁磊的一天"
    assert page_subjects("金钱带给我的幸福感占比，可能5%都不到。", title, ("percentage", "5%")) == [
        None
    ]
    # must-not: "we" is the company, and "my" only marks the speaker's own share
    assert page_subjects(
        "金钱带给我们的幸福感占比，可能5%都不到。", title, ("percentage", "5%")
    ) == ["网易"]
    assert page_subjects(
        "I think female participation is over 20%.", SNAP, ("percentage", "20%")
    ) == ["Snapchat"]


def test_a_share_after_a_reporting_period_figure_takes_its_topic() -> None:
    # the period of 报告期内 is looked up in the paragraph; that lookup is no figure's subject
    title = "网易丁磊的一天"
    assert page_subjects("报告期内，年轻人超过60%。", title, ("percentage", "60%")) == ["网易"]
    text = "2018年第一季度业绩不错。报告期内，年轻人超过60%。"
    assert page_subjects(text, title, ("percentage", "60%")) == ["网易"]
    # must-not: a survey's share in the reporting period stays no one's
    text = "报告期内，调查显示年轻人超过60%。"
    assert page_subjects(text, title, ("percentage", "60%")) == [None]


def test_a_lower_case_transcript_names_dropbox() -> None:
    text = "today dropbox is valued at $10 billion, with 400 million users."
    assert page_subjects(text, "", ("users", "400 million")) == ["Dropbox"]
    # must-not: a word that only starts with the name
    text = "today dropboxlike apps have 400 million users."
    assert page_subjects(text, "", ("users", "400 million")) == [None]


def test_a_market_share_or_reach_is_the_company_s() -> None:
    title = "远传电信5G发布会"
    for text, figure in (
        ("在全台5G网络涵盖率已经超过90%。", "90%"),
        ("目前4G信号已覆盖全台80%人口。", "80%"),
        ("目前在国内的市场份额超过70%。", "70%"),
    ):
        assert page_subjects(text, title, ("percentage", figure)) == ["远传电信"], text
    # must-not: a market's share of another market is no company's
    text = "目前中国网购占整体零售份额约30%。"
    assert page_subjects(text, title, ("percentage", "30%")) == [None]


def test_a_company_s_share_takes_the_count_of_its_sentence() -> None:
    text = "如今，坚持免费的快手，已成为拥有4.57亿用户的第一大公司，市场渗透率达95%。"
    figures = (("users", "4.57亿用户"), ("percentage", "95%"))
    assert page_subjects(text, "腾讯大会", *figures) == ["快手", "快手"]
    # must-not: a count of another sentence leaves the share to the page's topic
    text = "如今，坚持免费的快手，已成为拥有4.57亿用户的第一大公司。市场渗透率达95%。"
    assert page_subjects(text, "腾讯大会", *figures) == ["快手", "腾讯"]


def test_a_device_side_is_no_subject() -> None:
    title = "哔哩哔哩三季度业绩"
    text = "在活跃用户中，移动端月活用户按年上升36%至2.5亿。"
    assert page_subjects(text, title, ("users", "2.5亿")) == ["哔哩哔哩"]
    text = "目前电视端月活跃用户已超越5000万。"
    assert page_subjects(text, title, ("users", "5000万")) == ["哔哩哔哩"]
    # must-not: a product named before its side is the subject
    text = "QQ移动端月活用户达到5亿。"
    assert page_subjects(text, title, ("users", "5亿")) == ["QQ"]


def test_an_equity_interest_is_a_stake_in_the_business_held() -> None:
    text = "港铁持有八达通约65%权益，其余股东包括九巴。"
    assert page_subjects(text, "港铁年报", ("percentage", "约65%")) == ["八达通"]
    # must-not: a share of nothing held (权利, a right) names no business
    text = "港铁持有八达通约65%权利。"
    assert page_subjects(text, "港铁年报", ("percentage", "约65%")) == [None]
