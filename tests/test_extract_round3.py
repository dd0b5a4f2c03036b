"""Issue 13, round 3: extraction classes that unseen pages hold. Every sentence here is written
for its class (none is taken from a page or a gold file), each rule with a must-not case."""

from __future__ import annotations

import math

import pytest

from conftest import found, has
from speeches.numbers import find_numbers
from speeches.stages.extract import Extractor

# (sentence, kind, value, qualifier): each must be found.
FOUND = [
    # a noun before the number with a longer phrase between (a platform, a region, a verb)
    ("Total paying users for the core video platform was 3.2 million.", "users", 3.2e6, "exact"),
    ("Monthly active users across all of our apps were 2.9 billion.", "users", 2.9e9, "exact"),
    (
        "Paid subscribers of the streaming service in Europe reached 40 million.",
        "users",
        4e7,
        "exact",
    ),
    ("Daily active users for the app came in at 45 million.", "users", 4.5e7, "exact"),
    # singular count nouns of a kind
    ("The hospital count is roughly 180.", "hospitals", 180, "about"),
    ("Our hospital count now stands at 140.", "hospitals", 140, "exact"),
    ("Its user tally hit 9 million in May.", "users", 9e6, "exact"),
    # "N strong" after a noun
    ("Our server fleet is now 250,000 strong.", "servers", 2.5e5, "exact"),
    # the people who use something (用/使用 X 的人, 上网的人口)
    ("全国用互联网的人已经超过了7亿。", "users", 7e8, "more_than"),
    ("使用微信支付的人数已达8亿。", "users", 8e8, "exact"),
    ("使用这款应用的人已经有3000万。", "users", 3e7, "exact"),
    ("全世界上网的人口已经超过了30亿。", "users", 3e9, "more_than"),
    ("在用這個平台的人數接近兩千萬。", "users", 2e7, "nearly"),
    # a fraction whose denominator is written as an ordinal
    ("Shares owned by others were more than 3/4ths of the total.", "percentage", 75, "more_than"),
    ("About 2/3rds of users are women.", "percentage", 200 / 3, "about"),
    ("Only 1/5th of the hospitals replied.", "percentage", 20, "exact"),
    # "something like" and other hedges before a number
    ("We have something like 40 million users.", "users", 4e7, "about"),
    ("They run on the order of 50,000 servers.", "servers", 5e4, "about"),
    # a users count before a change word that names its end (由2亿增至3亿), and 上网人数
    ("用户数由去年的2亿增至3亿。", "users", 2e8, "exact"),
    ("用户数由去年的2亿增至3亿。", "users", 3e8, "exact"),
    ("會員人數從80萬升至120萬。", "users", 8e5, "exact"),
    ("上網人數已超過2000萬人。", "users", 2e7, "more_than"),
    # a count with its unit before a verb of joining or use (医院已有8000家接入)
    ("全国二级以上医院已有8000家接入。", "hospitals", 8000, "exact"),
    ("醫院已有300家加入。", "hospitals", 300, "exact"),
    ("用户已有500万开通了这项服务。", "users", 5e6, "exact"),
    # a later number in the sentence takes the count's noun before "abroad", "of them"
    (
        "We have 300 million users in China and another 50 million abroad.",
        "users",
        5e7,
        "exact",
    ),
    (
        "We have 50 million subscribers, 10 million of them in Europe.",
        "users",
        1e7,
        "exact",
    ),
    ("We have 50 million subscribers, 10 million of whom pay.", "users", 1e7, "exact"),
    # the people a product is used by, and more verbs of use
    ("WeChat is used by more than 1 billion people.", "users", 1e9, "more_than"),
    ("Teams is now used by 270 million people monthly.", "users", 2.7e8, "exact"),
    ("The drug is used by 300 hospitals.", "hospitals", 300, "exact"),
    ("About 1 billion people turn to Google Maps.", "users", 1e9, "about"),
    ("Over 500 million people log in every day.", "users", 5e8, "more_than"),
    # a label with a participle or an abbreviation before its colon
    ("- Hospitals served: 2,400", "hospitals", 2400, "exact"),
    ("- Monthly active users (MAU): 1.2 billion", "users", 1.2e9, "exact"),
    # a second clause with the speaker and a verb of having before the number
    ("在用户规模上，我们已经达到了5亿。", "users", 5e8, "exact"),
    ("醫院方面，我們有了3000家。", "hospitals", 3000, "exact"),
    # where the people are, between them and the verb of use
    ("200 million people around the world use Zoom.", "users", 2e8, "exact"),
    ("Over 100 million people in India use Paytm.", "users", 1e8, "more_than"),
    # registered or active accounts (账号, 帐号, 帐户) in either script
    ("註冊帳號已突破500萬。", "users", 5e6, "more_than"),
    ("注册账号超过2亿个。", "users", 2e8, "more_than"),
    ("活跃帐户数达到3亿。", "users", 3e8, "exact"),
    # a figure set off from its noun by commas or dashes
    ("Active users, at 45 million, grew 10%.", "users", 4.5e7, "exact"),
    ("Users — now 40 million — keep growing.", "users", 4e7, "exact"),
    (
        "The user base, which was 10 million last year, is now 15 million.",
        "users",
        1e7,
        "exact",
    ),
    (
        "The user base, which was 10 million last year, is now 15 million.",
        "users",
        1.5e7,
        "exact",
    ),
    # a range "between" its bounds (之间)
    ("用户在3000万到4000万之间。", "users", 3e7, "range"),
    ("醫院數量在300到400家之間。", "hospitals", 300, "range"),
    # a count between 1900 and 2099 with modifiers before its noun
    ("They deployed 2000 new servers.", "servers", 2000, "exact"),
    ("We added 1,950 more hospitals.", "hospitals", 1950, "exact"),
    # qualifier cues in other words
    ("用户数站上3亿。", "users", 3e8, "more_than"),
    ("用户数约莫3亿。", "users", 3e8, "about"),
    ("用户数不下3亿。", "users", 3e8, "at_least"),
    ("用户近乎3亿。", "users", 3e8, "nearly"),
    ("用戶數即將突破3億。", "users", 3e8, "nearly"),
    ("We have upward of 300 million users.", "users", 3e8, "more_than"),
    ("We have more or less 300 million users.", "users", 3e8, "about"),
    ("We have not quite 300 million users.", "users", 3e8, "nearly"),
    ("We have close on 300 million users.", "users", 3e8, "nearly"),
    ("We have the better part of 300 million users.", "users", 3e8, "nearly"),
    # a cue word elsewhere in the sentence bounds no number
    ("快到年底了，用户有3亿。", "users", 3e8, "exact"),
    ("Not quite yet: we have 300 million users.", "users", 3e8, "exact"),
    # a change after a count counts the same thing
    (
        "Paying users were 8.6 million in Q2, down by 400,000 from the prior quarter.",
        "users",
        4e5,
        "exact",
    ),
    (
        "We had 300 million users in June, an increase of 20 million from March.",
        "users",
        2e7,
        "exact",
    ),
    (
        "Members reached 45 million, a net addition of 3 million in the quarter.",
        "users",
        3e6,
        "exact",
    ),
    ("用户数达到5亿，比去年同期增加了5000万。", "users", 5e7, "exact"),
    ("用戶數達到5億，較上季度減少了300萬。", "users", 3e6, "exact"),
    ("月活跃用户8亿，同比净增3000万。", "users", 3e7, "exact"),
    # a version or model name before the noun leaves the count after it alone
    ("鸿蒙3.0用户突破3亿。", "users", 3e8, "more_than"),
    ("Galaxy S10 owners and 200 million other users", "users", 2e8, "exact"),
    ("Microsoft's server footprint is over 1 million.", "servers", 1e6, "more_than"),
    # the earlier items of a list whose noun comes after its last count
    (
        "Akamai fields 127,000, and Rackspace has just under 100,000 servers.",
        "servers",
        1.27e5,
        "exact",
    ),
    ("Google runs about 900,000 and Microsoft over a million servers.", "servers", 9e5, "about"),
    ("In 2019 Google had 40,000, and Microsoft had 30,000 servers.", "servers", 4e4, "exact"),
    ("谷歌有90万台，微软有100万台服务器。", "servers", 9e5, "exact"),
    ("北京有30家、上海有25家三甲医院。", "hospitals", 30, "exact"),
    ("腾讯约5亿、阿里约4亿用户。", "users", 5e8, "about"),
]


@pytest.mark.parametrize(("text", "kind", "value", "qualifier"), FOUND)
def test_found(extractor: Extractor, text: str, kind: str, value: float, qualifier: str) -> None:
    rows = found(extractor, text)
    assert has(rows, kind, value, qualifier), rows


# (sentence, kind, value): none of these may be found.
NOT_FOUND = [
    # practitioners, staff, creators and hosts after a users count are no users
    ("互联网的用户有一亿，互联网从业者不到五万人。", "users", 5e4),
    ("我们有5000万用户，创作者超过100万人。", "users", 1e6),
    ("用户超过8亿，主播有30万人。", "users", 3e5),
    ("平台有3亿用户，工程师有2万人。", "users", 2e4),
    ("We have 90 million users, and our creators number 2 million.", "users", 2e6),
    # a long gap still names something else the number measures
    ("Monthly active users across all of our apps spent 2.9 billion hours.", "users", 2.9e9),
    ("Total users for the core platform generated revenue of 300 million.", "users", 3e8),
    # a population, or 用 inside a word that is no use verb
    ("全国人口已经超过14亿。", "users", 1.4e9),
    ("交得起费用的人有3万。", "users", 3e4),
    ("有信用的人数达到2亿。", "users", 2e8),
    ("用户用这个功能的人次超过5万。", "users", 5e4),
    ("使用这种材料的人员有300名。", "users", 300),
    # what a change ends at names its own noun, or there is none before it
    ("用户有2亿，收入增至3亿。", "users", 3e8),
    ("全国人口增至14亿。", "users", 1.4e9),
    # a verb of joining after a number that has its own noun, or money spent
    ("医院接入了8000家药店。", "hospitals", 8000),
    ("用户花了5000万使用这项服务。", "users", 5e7),
    ("用户支付了300万使用费。", "users", 3e6),
    # money or another noun between the count and a number abroad
    ("We have 300 million users and spent 50 million overseas.", "users", 5e7),
    ("We have 300 million users, and 20 million dollars abroad.", "users", 2e7),
    # "used by" a bare number, or by something that is no people
    ("The term was used by 30 million in 2010 ads.", "users", 3e7),
    ("The drug is used by 300 hospitals.", "users", 300),
    ("The tool is used by 50 companies.", "users", 50),
    # a label whose brackets give a unit, or whose verb pays
    ("Users (millions): 300", "users", 300),
    ("- Hospitals (beds): 2,400", "hospitals", 2400),
    ("- Users paid: 300 million", "users", 3e8),
    # a second clause that names what the number counts, or sells
    ("用户很满意，我们有300万台设备。", "users", 3e6),
    ("用户很满意，我们的收入有300万。", "users", 3e6),
    ("用户方面，我们有员工300万。", "users", 3e6),
    # people somewhere who do something else than use
    ("Some 2 million people in the capital marched.", "users", 2e6),
    ("About 40,000 people in the town work at the plant.", "users", 4e4),
    # accounts of banks, firms or official publishers are no users
    ("銀行帳戶有3億個。", "users", 3e8),
    ("企業帳號超過100萬。", "users", 1e6),
    ("公众号超过2000万个。", "users", 2e7),
    # an age or a time set off by commas or dashes
    ("Our users, at 45, are older than average.", "users", 45),
    ("Hospitals — at 5 pm — closed.", "hospitals", 5),
    ("Users, which was 10 percent of sales, grew.", "users", 10),
    # a range of something else after a users noun
    ("用户的年龄在18到35岁之间。", "users", 18),
    # a year before modifiers and a noun
    ("In 2020 new hospitals opened.", "hospitals", 2020),
    ("Since 2015 active users have doubled.", "users", 2015),
    ("The 2021 annual users report is out.", "users", 2021),
    ("Summer 2019 mobile users rose.", "users", 2019),
    # a version, a model or a name with a hyphen before the noun is no count
    ("Teams 2.0 users see faster calls.", "users", 2),
    ("微信8.0用户可以使用新功能。", "users", 8),
    ("鸿蒙3.0用户突破3亿。", "users", 3),
    ("Galaxy S10 users complained.", "users", 10),
    ("Audi A4 users love it.", "users", 4),
    ("GPT-4 users pay a monthly fee.", "users", 4),
    ("COVID-19 hospitals filled up.", "hospitals", 19),
    # a number before a list's count that is no item of it: an age, a score, money, another
    # noun, a number of another order, a noun the gap names
    ("Users aged 45, and Microsoft had 50 servers.", "servers", 45),
    ("The score was 3-2, and Microsoft had 3 servers.", "servers", 2),
    ("He was 45, and Microsoft had 3,000 servers.", "servers", 45),
    ("We paid $900,000, and Microsoft had 1 million servers.", "servers", 9e5),
    ("Google has 900,000 employees and Microsoft 1 million servers.", "servers", 9e5),
    ("他今年30，微软有100万台服务器。", "servers", 30),
    ("北京有30个区，上海有25家三甲医院。", "hospitals", 30),
    ("腾讯市值5亿，阿里有4亿用户。", "users", 5e8),
    ("收入增长了30万，微软有100万台服务器。", "servers", 3e5),
    # a change of something else after a count
    ("用户达到5亿，收入增加了3000万。", "users", 3e7),
    ("用户达到5亿，增加了3000万元。", "users", 3e7),
    ("Users reached 8 million, an increase of 2 million hours watched.", "users", 2e6),
    ("Users reached 8 million, up by 2 million dollars in revenue.", "users", 2e6),
    # "strong" after a number of staff, even where a users noun stands before
    ("Our users' support staff is 5,000 strong.", "users", 5000),
    ("The users' help team is 300 strong.", "users", 300),
]


@pytest.mark.parametrize(("text", "kind", "value"), NOT_FOUND)
def test_not_found(extractor: Extractor, text: str, kind: str, value: float) -> None:
    rows = found(extractor, text)
    assert not any(k == kind and math.isclose(v, value, rel_tol=1e-6) for k, v, _ in rows), rows


ORDINAL_FRACTIONS = [
    ("7/8ths", 0.875),
    ("2/3rds", 2 / 3),
    ("1/5th", 0.2),
    ("3/4", 0.75),
]


@pytest.mark.parametrize(("text", "value"), ORDINAL_FRACTIONS)
def test_fraction_with_ordinal_denominator(text: str, value: float) -> None:
    got = find_numbers(text)
    assert len(got) == 1 and got[0].kind == "fraction" and math.isclose(got[0].value, value)


@pytest.mark.parametrize(("text", "value"), [("S$10", 10), ("US$400", 400), ("A$5", 5)])
def test_currency_letters_with_their_sign_are_still_money(text: str, value: float) -> None:
    got = find_numbers(text)
    assert [n.value for n in got] == [value]


def test_a_currency_letter_without_its_sign_is_a_model_name() -> None:
    assert find_numbers("S10") == [] and find_numbers("A4") == []


def test_ordinal_denominator_needs_the_word_to_end() -> None:
    # "1/5thx" is no fraction: letters run on after the suffix.
    assert all(n.kind != "fraction" for n in find_numbers("1/5thx"))


def _body_lines(text: str) -> list[str]:
    from speeches.stages.furniture import explain_body

    return [text[s:e].strip() for s, e, why in explain_body(text) if why == "body"]


PAGE = (
    "Teams tops 300 million monthly users\n"
    "Microsoft said on Tuesday that Teams now has more than 300 million monthly active users, "
    "and that more hospitals were signing up every week.\n"
    "{line}\n"
    "The company also said that its cloud business kept growing in every region it serves.\n"
)


@pytest.mark.parametrize(
    "line",
    [
        "Read more: Zoom hits 200M users",
        "Also read: WhatsApp tops 2 billion users",
        "相关阅读：微信月活破13亿",
        "推荐阅读｜抖音日活突破7亿",
    ],
)
def test_a_labelled_link_to_another_article_is_furniture(line: str) -> None:
    assert line not in _body_lines(PAGE.format(line=line))


@pytest.mark.parametrize(
    "line",
    [
        # a sentence after the label, or a label inside the sentence, is prose
        "Related: the app now has 2 billion users, the company said in a statement.",
        "The company said more: it serves 5,000 hospitals",
    ],
)
def test_a_sentence_after_a_label_stays_body(line: str) -> None:
    assert line in _body_lines(PAGE.format(line=line))
