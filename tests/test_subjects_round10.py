"""Subject rules of issue 15, round 10, read from the adjudicated gold: a share of people the
text names (60%的病人, "45 percent of rural shoppers") is about them. Each rule with sentences
written for it and a must-not case."""

from __future__ import annotations

from conftest import page_subjects

WECHAT = "微信年度发布会"
AMAZON = "Amazon reports results"


def test_a_share_of_named_people_is_about_them() -> None:
    assert page_subjects("在这座城市，六成的病人会先上网问诊。", WECHAT, ("percentage", "六成")) == [
        "病人"
    ]
    assert page_subjects("在这座城市，六成的山区老年人会先上网问诊。", WECHAT,
                         ("percentage", "六成")) == ["山区老年人"]
    assert page_subjects("About 45 percent of rural Ohio shoppers now order online.", AMAZON,
                         ("percentage", "45 percent")) == ["rural Ohio shoppers"]
    # must-not: a product's users are the product's, "the shoppers" and bare "shoppers" name
    # no group of their own, and a share of someone's users is not "用户"
    assert page_subjects("About 45 percent of Instagram shoppers now order online.", AMAZON,
                         ("percentage", "45 percent")) == ["Instagram"]
    for text in ("About 45 percent of the shoppers now order online.",
                 "About 45 percent of shoppers now order online."):
        assert page_subjects(text, AMAZON, ("percentage", "45 percent")) == ["亚马逊"], text
    assert page_subjects("在这座城市，六成的用户会先上网问诊。", WECHAT, ("percentage", "六成")) == [
        "微信"
    ]


def test_a_share_of_a_place_s_people_is_its_population() -> None:
    assert page_subjects("我常说，全世界七成的人都还没用过互联网。", WECHAT, ("percentage", "七成")) == [
        "世界人口"
    ]
    # must-not: people no place names, and a place's population figure itself
    assert page_subjects("我常说，我们七成的人都还没用过互联网。", WECHAT, ("percentage", "七成")) != [
        "世界人口"
    ]


def test_a_rate_named_as_one_stated_before_is_what_that_sentence_is_about() -> None:
    title = "腾讯年度发布会"
    # the sentence before states a market's rate: the rate is no company's, across a paragraph
    text = "全国智能音箱市场的增速在放缓。\n预计明年这一增速将从40%下降至25%。"
    assert page_subjects(text, title, ("percentage", "40%"), ("percentage", "25%")) == [None, None]
    # the sentence before names a product's rate: the rate is the product's
    text = "微信支付的交易增速在放缓。\n预计明年这一增速将降至25%。"
    assert page_subjects(text, title, ("percentage", "25%")) == ["微信支付"]
    # must-not: a share not named as the rate before keeps the page's topic
    text = "全国智能音箱市场的增速在放缓。\n预计明年我们的收入将增长25%。"
    assert page_subjects(text, title, ("percentage", "25%")) == ["腾讯"]


def test_a_list_of_shares_goes_on_about_the_people_its_first_names() -> None:
    text = ("A 2015 survey shows 30 percent of rural Ohio hospitals were small, 45 percent were "
            "mid-sized and 25 percent were large.")
    figures = [("percentage", "30 percent"), ("percentage", "45 percent"), ("percentage", "25 percent")]
    assert page_subjects(text, AMAZON, *figures) == ["rural Ohio hospitals"] * 3
    # must-not: a market or another owner between the shares ends the list
    text = "A 2015 survey shows 30 percent of rural Ohio hospitals were small; the industry saw 45 percent."
    assert page_subjects(text, AMAZON, *figures[:2]) == ["rural Ohio hospitals", None]
    text = "A 2015 survey shows 30 percent of rural Ohio hospitals were small, Instagram users 45 percent."
    assert page_subjects(text, AMAZON, *figures[:2]) == ["rural Ohio hospitals", "Instagram"]


def test_a_count_going_on_with_a_market_s_sentence_is_no_company_s() -> None:
    title = "长庚医院扩建"
    text = "这几年全国各省都在盖医院。光看大型的，就有五十家医院正在扩建。"
    assert page_subjects(text, title, ("hospitals", "五十家医院")) == [None]
    # must-not: after a sentence about the page's company, or a paragraph break, the count is
    # the page's topic's
    for text in ("这几年长庚都在盖医院。光看大型的，就有五十家医院正在扩建。",
                 "这几年全国各省都在盖医院。\n光看大型的，就有五十家医院正在扩建。"):
        assert page_subjects(text, title, ("hospitals", "五十家医院")) == ["长庚"], text


def test_people_named_by_what_they_use_are_its_users() -> None:
    text = "十年过去了，全国使用移动互联网的人数已经超过了9亿。"
    assert page_subjects(text, "", ("users", "9亿")) == ["移动互联网用户"]
    # must-not: people using what the registry has no users of are no one's users
    text = "十年过去了，全国使用筷子的人数已经超过了9亿。"
    assert page_subjects(text, "", ("users", "9亿")) == [None]
