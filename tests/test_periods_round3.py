"""Period rules of issue 15, round 3: each with a sentence written for it and a must-not case."""

from __future__ import annotations

import datetime as dt

import pytest

from speeches.models import Document, Metric
from speeches.stages import about
from speeches.text.periods import dateline, find

PUBLISHED = dt.date(2021, 7, 22)


def period_of(text: str, figure: str, published: dt.date | None = PUBLISHED) -> str | None:
    start = text.index(figure)
    found = find(text, start, published, start + len(figure))
    return found.label if found else None


@pytest.mark.parametrize(("text", "figure", "published", "label"), [
    # festivals: this year's, the last one before the page, or a stated year's
    ("今年春节期间，微信月活跃用户首次突破10亿", "10亿", dt.date(2018, 3, 5), "2018-02"),
    ("刚刚过去的春节，微信月活跃用户突破10亿", "10亿", dt.date(2018, 3, 5), "2018-02"),
    ("春节期间用户突破10亿", "10亿", dt.date(2018, 1, 20), "2017-01"),  # 2018's is still ahead
    ("2015年双11，4500万人同时用手机购物", "4500万人", None, "2015-11-11"),
    # 同年 takes the year stated before it
    ("2018年是微信上线的第8年，同年8月份，日登录量超过10亿", "10亿", None, "2018-08"),
    # quarters written 第4季, halves without a year, interim results
    ("预估今年第4季，5G覆盖率将达到90%", "90%", PUBLISHED, "2021-Q4"),
    ("下半年目标5G渗透率达到30%", "30%", PUBLISHED, "2021-H2"),
    ("京东健康发布2022年中期业绩公告：年度活跃用户数超1.31亿", "1.31亿", None, "2022-H1"),
    # a target: a month still ahead is this year's
    ("8月底用户数量，目标100万用户", "100万用户", PUBLISHED, "2021-08"),
    # a period in the figure before its number
    ("去年用户约250万，期盼今年能净增100万户", "期盼今年能净增100万户", PUBLISHED, "2021"),
    # an English year before a noun; a quarter without a year
    ("A 2008 AHA survey shows that 10 percent of hospitals have fewer than 25 beds",
     "10 percent", None, "2008"),
    ("Admissions were up 1.0 percent for the first quarter", "1.0 percent",
     dt.date(2008, 5, 6), "2008-Q1"),
    ("全年科普4.9亿次，覆盖用户1.4亿人", "1.4亿人", dt.date(2018, 11, 7), "2018"),
])
def test_round3_periods(text: str, figure: str, published: dt.date | None, label: str) -> None:
    assert period_of(text, figure, published) == label


@pytest.mark.parametrize(("text", "figure", "published"), [
    # must-not: a dateline's date is not the figure's period
    ("【新唐人2013年01月15日讯】李炎松表示，期盼达到350万用户", "350万用户", None),
    # must-not: "now" between the period and the figure
    ("2015年底上线，Goodnight至今已有注册用户200万人", "200万人", None),
    ("5G用户数量，现在已经超过80万", "用户数量，现在已经超过80万", PUBLISHED),
    # must-not: a festival or bare quarter without a publication date
    ("刚刚过去的春节，微信月活跃用户突破10亿", "10亿", None),
    ("In Q1, we added 3.3 million members", "3.3 million", None),
    # must-not: the 2000 hospitals are a count, not a year
    ("the 2000 hospitals in the network grew 5%", "5%", None),
    # must-not: 同年 with no year before it
    ("同年8月份，日登录量超过10亿", "10亿", None),
])
def test_round3_not_periods(text: str, figure: str, published: dt.date | None) -> None:
    assert period_of(text, figure, published) is None


def test_a_month_ahead_without_a_target_is_last_years() -> None:
    assert period_of("8月底用户数量超过100万", "100万", PUBLISHED) == "2020-08"


def test_dateline_dates_a_page_without_a_publication_date() -> None:
    assert dateline("【新唐人2013年01月15日讯】(中央社记者台北15日电)中华电信尾牙") == dt.date(2013, 1, 15)
    assert dateline("2013年01月15日，中华电信尾牙") is None  # must-not: a date, not a dateline
    text = "【新唐人2013年01月15日讯】中华电信表示，去年行动上网用户约250万。"
    doc = Document(source_path="x.txt", raw=text, text=text)
    start = text.index("250万")
    doc.metrics.append(Metric("users", 2.5e6, "approx", "250万", "", start, start + 5))
    assert about.run(doc).metrics[0].period == "2012"


@pytest.mark.parametrize(("text", "figure", "label"), [
    # the figure's own clause states its period after it
    ("Apple Music had 40 million subscribers in April 2018, which grew to 60 million by June 2019",
     "60 million", "2019-06"),
    # a span's end
    ("Spotify added 25 million subs between the end of June 2018 and the end of June 2019",
     "25 million", "2019-06"),
    # as of a month's last day: the month
    ("截至2022年6月30日，年度活跃用户数量超过1.31亿", "1.31亿", "2022-06"),
    # a comparison base is not the figure's period
    ("截至2022年6月30日，用户超过1.31亿，相比于截至2021年6月30日的用户净增加超过2,270万",
     "2,270万", "2022-06"),
])
def test_round3_period_choice(text: str, figure: str, label: str) -> None:
    assert period_of(text, figure, None) == label


@pytest.mark.parametrize(("text", "figure", "label"), [
    # must-not: an earlier clause's period still holds when the figure's clause states none
    ("In April 2018, Apple Music had 40 million subscribers", "40 million", "2018-04"),
    # must-not: as of a day in mid-month stays a day
    ("截至2022年6月15日，用户超过1亿", "1亿", "2022-06-15"),
    # must-not: a day that is no as-of date stays a day
    ("2019年3月31日，用户1亿", "1亿", "2019-03-31"),
])
def test_round3_period_choice_must_not(text: str, figure: str, label: str) -> None:
    assert period_of(text, figure, None) == label


def test_a_figure_of_the_reporting_period_takes_the_paragraphs_period() -> None:
    text = "京东健康发布2022年中期业绩公告。报告期内，总收入同比增长48.3%。"
    doc = Document(source_path="x.txt", raw=text, text=text)
    start = text.index("48.3%")
    doc.metrics.append(Metric("percentage", 48.3, "exact", "48.3%", "", start, start + 5))
    assert about.run(doc).metrics[0].period == "2022-H1"
    text = "京东健康发布2022年中期业绩公告。总收入同比增长48.3%。"  # must-not: no 报告期
    doc = Document(source_path="x.txt", raw=text, text=text)
    doc.metrics.append(Metric("percentage", 48.3, "exact", "48.3%", "", start - 5, start))
    assert about.run(doc).metrics[0].period is None


@pytest.mark.parametrize(("text", "figure", "label"), [
    ("For the quarter ended June 30, 2019, users rose to 100 million", "100 million", "2019-Q2"),
    ("In the June-ended quarter, users rose to 100 million", "100 million", "2021-Q2"),
    ("In fiscal 2019, revenue grew 20%", "20%", "2019"),
    ("In FY19, revenue grew 20%", "20%", "2019"),
    ("We had 10 million users last month", "10 million", "2021-06"),
    ("In the first half, users grew 20%", "20%", "2021-H1"),
    ("Results\nSecond quarter revenue increased 44% year-over-year", "44%", "2021-Q2"),
    ("We had about 15 million a year ago", "15 million", "2020"),
    ("2019财年，用户增长20%", "20%", "2019"),
    ("年底前，用户将达到1亿", "1亿", "2021-12"),
])
def test_round3_english_and_fiscal_periods(text: str, figure: str, label: str) -> None:
    assert period_of(text, figure) == label


@pytest.mark.parametrize(("text", "figure"), [
    ("May we add 30% more users", "30%"),  # must-not: 'May' the verb
    ("We had 10 million users last month", "10 million"),  # must-not: no date, no month
    ("In the June-ended quarter, users rose to 100 million", "100 million"),
])
def test_round3_relative_english_periods_need_a_date(text: str, figure: str) -> None:
    assert period_of(text, figure, None) is None


@pytest.mark.parametrize(("text", "figure", "label"), [
    ("今年首季，用户增长20%", "20%", "2021-Q1"),
    ("首季营收成长20%", "20%", "2021-Q1"),
    ("上季营收成长20%", "20%", "2021-Q2"),
    ("Q4营收增长20%", "20%", "2020-Q4"),
    ("民国108年，用户1亿", "1亿", "2019"),
    ("今季营收成长20%", "20%", "2021-Q3"),
    ("本季营收增长20%", "20%", "2021-Q3"),
])
def test_round3_quarters_as_taiwan_and_hong_kong_write_them(text: str, figure: str, label: str) -> None:
    assert period_of(text, figure) == label


def test_round3_a_season_is_no_quarter() -> None:
    assert period_of("这一季的节目有20%观众", "20%") is None  # must-not
    assert period_of("QQ4亿用户", "4亿") is None  # must-not: Q4 inside a name


def test_round3_a_quarter_opening_a_line() -> None:
    assert period_of("It was a first quarter of growth with 20% more users", "20%") is None  # must-not
