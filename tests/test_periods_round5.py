"""Period rules of issue 15, round 5: each with sentences written for it and a must-not case."""

from __future__ import annotations

import datetime as dt

from speeches.text import periods

PUBLISHED = dt.date(2020, 6, 1)


def period_of(text: str, figure: str, published: dt.date | None = PUBLISHED) -> str | None:
    start = text.index(figure)
    found = periods.find(text, start, published, start + len(figure))
    return found.label if found else None


def test_a_season_gives_its_year() -> None:
    assert period_of("In fall 2016, two groups formed a 12-hospital system.", "12-hospital") == "2016"
    assert period_of("By the summer of 2018 it had 3 million users.", "3 million") == "2018"
    # must-not: a season without a year says nothing
    assert period_of("By summer it had 3 million users.", "3 million", None) is None


def test_a_period_that_dates_an_earlier_clauses_event_is_not_the_figures() -> None:
    assert period_of("2013年推出Callguard软件，全球用户突破3000万。", "3000万") is None
    assert period_of("这款2016年5月才上线的应用，在两年间积累了8000万注册用户。", "8000万") is None
    assert period_of("他于2014年年度大会上透露，用户数已经突破500万。", "500万") is None
    assert period_of("2001年，公司还很弱小，最终海外市场占收入的60%。", "60%") is None
    # must-not: a period of the figure's own clause, or an earlier one that dates no event
    assert period_of("2013年推出Callguard软件，2015年全球用户突破3000万。", "3000万") == "2015"
    assert period_of("2013年，全球用户突破3000万。", "3000万") == "2013"


def test_the_month_a_change_is_measured_from_is_its_base() -> None:
    text = "For the month of May, time spent fell by 9% from the month of February."
    assert period_of(text, "9%") == "2020-05"
    # must-not: a month the figure's clause states without "from"
    text = "Time spent fell by 9% in the month of February."
    assert period_of(text, "9%") == "2020-02"
