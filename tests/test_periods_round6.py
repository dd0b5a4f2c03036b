"""Period rules of issue 15, round 6: each with sentences written for it and a must-not case."""

from __future__ import annotations

import datetime as dt

from speeches.models import Document, Metric
from speeches.stages import about
from speeches.text import periods

PUBLISHED = dt.date(2020, 6, 1)


def period_of(text: str, figure: str, published: dt.date | None = PUBLISHED) -> str | None:
    start = text.index(figure)
    found = periods.find(text, start, published, start + len(figure))
    return found.label if found else None


def period_in(text: str, figure: str, published: dt.date | None = None) -> str | None:
    """The period about.run gives the figure, its paragraph and page around it."""
    doc = Document(source_path="x.txt", raw=text, text=text, published=published)
    start = text.index(figure)
    doc.metrics.append(Metric("percentage", 1.0, "exact", figure, "", start, start + len(figure)))
    return about.run(doc).metrics[0].period


def test_a_year_of_two_or_three_digits_is_a_year_where_a_date_follows() -> None:
    assert period_of("95年度营收预估为900亿元，成长3%。", "3%") == "2006"  # the ROC's 95th year
    assert period_of("112年第一季营收成长5%。", "5%") == "2023-Q1"
    assert period_of("18年底，平台用户突破2亿。", "2亿") == "2018-12"
    assert period_of("09年，网站用户只有300万。", "300万") == "2009"
    assert period_of("19年Q1，用户增长12%。", "12%") == "2019-Q1"
    # must-not: a number of years is a duration, not a year
    assert period_of("公司成立18年，用户超过2亿。", "2亿") is None
    assert period_of("他用了12年时间，把用户做到500万。", "500万") is None
    assert period_of("2019-20年度营收成长3%。", "3%") is None


def test_a_whole_year_after_a_year_is_that_year() -> None:
    assert period_of("2018年全年，平台新增用户1亿。", "1亿") == "2018"
    # must-not: 全年 alone is still the page's year
    assert period_of("全年平台新增用户1亿。", "1亿") == "2020"


def test_a_base_introduced_by_bi_or_named_around_is_not_the_period() -> None:
    assert period_of("营业成本1319亿元，比2001年的1341亿元减少约2%。", "约2%") is None
    assert period_of("与2017年相比，用户增长了20%。", "20%") is None
    assert period_of("和去年同期相比，用户增长了20%。", "20%") is None
    # must-not: 占比 is a share, and a year the figure's clause states before 相比 words is its own
    assert period_of("2017年用户占比达到20%。", "20%") == "2017"
    assert period_of("2019年用户数相比上年增长20%。", "20%") == "2019"


def test_a_reporting_span_by_its_last_day() -> None:
    text = "For the three months ended June 30, 2019, revenue grew 20%."
    assert period_of(text, "20%") == "2019-Q2"
    text = "In the six months ended June 30th, 2019, users grew 12%."
    assert period_of(text, "12%") == "2019-H1"
    text = "For the fiscal year ended September 30, 2019, revenue grew 20%."
    assert period_of(text, "20%") == "2019"
    assert period_of("截至2019年6月30日止三个月，收入增长20%。", "20%") == "2019-Q2"
    assert period_of("截至2019年12月31日止年度，收入增长20%。", "20%") == "2019"
    # must-not: "as of" a day is that month
    assert period_of("As of June 30, 2019, it had 20 million users.", "20 million") == "2019-06"


def test_compact_quarters_and_halves_of_earnings_pages() -> None:
    assert period_of("1H19 revenue grew 20%.", "20%") == "2019-H1"
    assert period_of("Revenue grew 20% in H2 2018.", "20%") == "2018-H2"
    assert period_of("HCA 2Q17 earnings: admissions rose 3%.", "3%") == "2017-Q2"
    assert period_of("Revenue grew 20% in Q1'19.", "20%") == "2019-Q1"
    assert period_of("2019年H1营收增长20%。", "20%") == "2019-H1"
    # must-not: letters and digits of a model name
    assert period_of("The A4 chip is 20% faster.", "20%") is None
    assert period_of("The 4Q20X chip is 20% faster.", "20%") is None


def test_the_end_of_a_year_in_english_is_its_last_month() -> None:
    assert period_of("At the end of 2019, it had 1 million users.", "1 million") == "2019-12"
    assert period_of("By the end of last year, it had 1 million users.", "1 million") == "2019-12"
    assert period_of("At year-end 2019 it had 1 million users.", "1 million") == "2019-12"
    # must-not: the start of a year is the year
    assert period_of("At the start of 2019, it had 1 million users.", "1 million") == "2019"


def test_a_year_after_a_possessive_or_mid() -> None:
    text = "Tencent's 2019 infrastructure revealed a million-plus servers."
    assert period_of(text, "a million") == "2019"
    assert period_of("In mid-2019, it had 1 million users.", "1 million") == "2019"
    # must-not: a count after a possessive
    assert period_of("Tencent's 2000 hospitals grew by 5%.", "5%") is None


def test_the_quarter_ended_a_month_and_a_span_between_years() -> None:
    assert period_of("In the quarter ended June, users grew 20%.", "20%") == "2020-Q2"
    assert period_of("Between 2017 and 2019 users grew 20%.", "20%") == "2019"
    # must-not: a month with no word of time before it is a word ("may")
    assert period_of("Users may grow 20%.", "20%") is None


def test_years_ago_or_ahead_state_a_time_that_is_no_period() -> None:
    text = "2015年，我们推出了这个产品。预计五年后这一比例将超过90%。"
    assert period_of(text.split("。")[1], "90%") is None
    text = "2015年我在公寓里对同事做了一次演讲，十六年前的今天，我说80%的年轻人都可以成功。"
    assert period_of(text, "80%") is None
    text = "In 2015 we launched. Three years ago, it had 20% of the market."
    assert period_of(text.split(". ")[1], "20%") is None
    # must-not: a period stated after the story's time is the figure's; 2025年前11个月 is no story
    assert period_of("三年前我们起步，2019年用户占比达到20%。", "20%") == "2019"
    assert period_of("2025年前11个月营收成长20%。", "20%") == "2025"


def test_a_period_after_a_base_figure_is_the_bases() -> None:
    text = "That's a 475 percent increase over the 20 million DAU reported in November 2019."
    assert period_of(text, "475 percent") is None
    assert period_of(text, "20 million") == "2019-11"
    # must-not: a period after the figure with no base between is the figure's
    assert period_of("Users rose 20 percent to 60 million in November 2019.", "20 percent") == "2019-11"


def test_a_sentence_stating_its_own_time_does_not_take_the_paragraphs_report_period() -> None:
    text = "这是2019年第一季度的数据。我记得三年前我当时说，用户占比是10%。"
    assert period_in(text, "10%") is None
    # must-not: 当时 with no time of its own takes the paragraph's
    text = "这是2019年第一季度的数据。我当时说，用户占比是10%。"
    assert period_in(text, "10%") == "2019-Q1"


def test_a_year_before_an_ordinal_quarter_and_this_past_quarter() -> None:
    assert period_of("Its 2019 first quarter revenue grew 20%.", "20%") == "2019-Q1"
    assert period_of("In its fiscal 2019 third quarter, revenue grew 20%.", "20%") == "2019-Q3"
    assert period_of("Revenue grew 20% this past quarter.", "20%") == "2020-Q1"
    # must-not: an ordinal that is no quarter's
    assert period_of("He sold 2019 third-party licences, 20% of the total.", "20%") is None


def test_relative_fiscal_years() -> None:
    assert period_of("本财年营收增长20%。", "20%") == "2020"
    assert period_of("上一财年营收增长20%。", "20%") == "2019"
    assert period_of("Last fiscal year revenue grew 20%.", "20%") == "2019"
    # must-not: with no date known they give nothing
    assert period_of("上一财年营收增长20%。", "20%", None) is None


def test_a_year_earlier_is_the_year_before_the_period_stated() -> None:
    text = "In 2015, users grew 20%, up from 10% a year earlier."
    assert period_of(text, "10%") == "2014"
    # must-not: "a year ago" is the year before the page's
    text = "In 2015, users grew 20%, up from 10% a year ago."
    assert period_of(text, "10%") == "2019"


def test_a_day_followed_by_zhi_is_as_of_its_month() -> None:
    assert period_of("2020年3月31日止，平台用户达1亿。", "1亿") == "2020-03"
    # must-not: a day alone is that day
    assert period_of("2020年3月15日，平台用户达1亿。", "1亿") == "2020-03-15"


def test_a_three_digit_roc_year_alone() -> None:
    assert period_of("中华电信108年营收成长20%。", "20%") == "2019"
    # must-not: a duration of a hundred years and more
    assert period_of("这家成立108年的医院，床位增加20%。", "20%") is None
    assert period_of("这家有108年历史的医院，床位增加20%。", "20%") is None


def test_a_base_figure_holds_for_the_previous_year_after_it() -> None:
    text = "Its profit in 2013 rose, while its margin fell to 32 percent from 35 percent the previous year."
    assert period_of(text, "35 percent") == "2012"
    assert period_of(text, "32 percent") == "2013"
    # must-not: a change measured from the previous year holds for no period the sentence states
    assert period_of("Revenue grew 20% from the previous year.", "20%") is None


def test_on_a_page_of_unknown_date_a_month_takes_the_year_stated_before_it() -> None:
    assert period_of("2019年公司推出新品，3月用户达1亿。", "1亿", None) == "2019-03"
    assert period_of("In 2019 we launched; by December it had 1 million users.", "1 million", None) == "2019-12"
    assert period_of("2019年，第四季度用户增长20%。", "20%", None) == "2019-Q4"
    # must-not: with no year before it, nothing; on a dated page, the page's year
    assert period_of("3月用户达1亿。", "1亿", None) is None
    assert period_of("2015年公司推出新品，3月用户达1亿。", "1亿") == "2020-03"


def test_half_a_year_earlier_is_no_year() -> None:
    text = "In 2015 it launched, half a year earlier than its rival, with 20% of the market."
    assert period_of(text, "20%") == "2015"
    assert period_of("Half a year ago it had 20% of the market.", "20%") is None
    # must-not: a year ago is the year before the page's
    assert period_of("A year ago it had 20% of the market.", "20%") == "2019"
