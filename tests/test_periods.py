"""The period a figure refers to: absolute and relative forms, and what is not a period."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from conftest import development_pages
from speeches.text import periods
from speeches.text.periods import find, find_all

PUBLISHED = dt.date(2019, 5, 20)


def period_of(text: str, figure: str, published: dt.date | None = PUBLISHED) -> str | None:
    start = text.index(figure)
    found = find(text, start, published, start + len(figure))
    return found.label if found else None


@pytest.mark.parametrize(("text", "figure", "label"), [
    ("2018年第三季度，微信月活跃用户达到10.8亿", "10.8亿", "2018-Q3"),
    ("2018年Q3微信月活10.8亿", "10.8亿", "2018-Q3"),
    ("2019年3月5日，用户1亿", "1亿", "2019-03-05"),
    ("截至2018年底，用户超过1亿", "1亿", "2018-12"),
    ("2018年上半年用户1亿", "1亿", "2018-H1"),
    ("2017年度付费会员达到8900万", "8900万", "2017"),
    ("Monthly active users reached 1.2 billion in Q2 2019", "1.2 billion", "2019-Q2"),
    ("In the third quarter of 2018, WeChat had 1.08 billion users", "1.08 billion", "2018-Q3"),
    ("By the end of 2020 we served 2,000 hospitals", "2,000", "2020-12"),
    ("Revenue in March 2019 rose 20%", "20%", "2019-03"),
    ("FY2020 subscribers grew 20%", "20%", "2020"),
])
def test_absolute_periods(text: str, figure: str, label: str) -> None:
    assert period_of(text, figure) == label
    assert period_of(text, figure, None) == label  # no publication date needed


@pytest.mark.parametrize(("text", "figure", "label"), [
    ("去年底，用户超过1亿", "1亿", "2018-12"),
    ("今年一季度用户1亿", "1亿", "2019-Q1"),
    ("去年四季度用户1亿", "1亿", "2018-Q4"),
    ("上季度用户1亿", "1亿", "2019-Q1"),
    ("截至3月底，用户1亿", "1亿", "2019-03"),
    ("截至11月底，用户1亿", "1亿", "2018-11"),  # a month still ahead is last year's
    ("今年春节期间，微信月活跃用户突破10亿", "10亿", "2019-02"),  # the festival's month (issue 15)
    ("As of March, WeChat had 1.1 billion users", "1.1 billion", "2019-03"),
    ("Last quarter we added 10 million users", "10 million", "2019-Q1"),
    ("This year 30% of users pay", "30%", "2019"),
])
def test_relative_periods_resolve_against_the_publication_date(
        text: str, figure: str, label: str) -> None:
    assert period_of(text, figure) == label
    assert period_of(text, figure, None) is None


@pytest.mark.parametrize(("text", "figure"), [
    ("超过2000家医院接入", "2000家医院"),  # a count, not a year
    ("We may reach 5 million users", "5 million"),  # 'may' the verb
    ("微信及WeChat的合并月活跃账户数为13.59亿，同比增长3%", "13.59亿"),
    ("2000 hospitals joined", "2000 hospitals"),
    ("有10亿用户", "10亿"),
])
def test_no_period(text: str, figure: str) -> None:
    assert period_of(text, figure) is None


def test_nearest_before_wins_then_after() -> None:
    text = "2017年用户5000万，2018年用户1亿"
    assert period_of(text, "1亿") == "2018"
    assert period_of(text, "5000万") == "2017"
    text = "WeChat had 1.2 billion users in Q2 2019"
    assert period_of(text, "1.2 billion") == "2019-Q2"


def test_impossible_dates_keep_the_month() -> None:
    assert [p.label for p in find_all("2019年2月30日", None)] == ["2019-02"]


def test_a_period_bound_to_another_figure_is_not_taken() -> None:
    text = "预计2019年这一增速将从2016年的37%下降至19%"
    assert period_of(text, "19%") == "2019"
    assert period_of(text, "37%") == "2016"


def test_present_markers_mean_no_period() -> None:
    assert period_of("2018年，目前在线视频用户已经突破6亿", "6亿") is None
    assert period_of("We currently have 5 million users in 2019", "5 million") is None
    assert period_of("2018年在线视频用户已经突破6亿", "6亿") == "2018"  # must-not: no marker


def test_a_period_after_the_figure_must_share_its_clause() -> None:
    assert period_of("论文数量占到了全球25%,在研发投入上,2019年增长", "25%") is None
    assert period_of("论文数量占到了全球25% in 2019", "25%") == "2019"


# --- the look-aheads before _PRESENT and _TARGET change no match (issue 16) -----------------

_PLAIN = {
    "_PRESENT": r"目前|当前|现在|如今|至今|迄今|\b(?:currently|now|today|to date|at present)\b",
    "_TARGET": r"预计|预估|估计|目标|力拼|期盼|期望|计划|有望|争取|将(?=[会达超突成增有])"
    r"|\b(?:expects?|expected|targets?|will|plans?|forecasts?)\b",
}
_WORDS = ["目前", "将会", "将", "预计", "Currently", "NOW", "to date", "at present", "expects"]
_WORDS += ["Targets", "WILL", "ſ", "K", "nowhere", "x", " ", "。", "tO DATE", "plan", "forecast"]


@settings(max_examples=500, deadline=None)
@given(st.lists(st.sampled_from(_WORDS), max_size=10).map("".join))
def test_present_and_target_find_what_their_plain_patterns_find(text: str) -> None:
    for name, plain in _PLAIN.items():
        shipped = getattr(periods, name)
        got = [m.span() for m in shipped.finditer(text)]
        assert got == [m.span() for m in re.finditer(plain, text, re.IGNORECASE)], name


def test_present_and_target_find_it_on_the_development_pages() -> None:
    pages = development_pages()
    assert len(pages) > 50
    for name, plain in _PLAIN.items():
        shipped, before = getattr(periods, name), re.compile(plain, re.IGNORECASE)
        assert "(?=" in shipped.pattern, name  # the look-ahead is there
        for page in pages:
            assert [m.span() for m in shipped.finditer(page)] == [
                m.span() for m in before.finditer(page)
            ], name
