"""Period rules of issue 15, round 4: each with a sentence written for it and a must-not case."""

from __future__ import annotations

import datetime as dt

import pytest

from speeches.models import Document, Metric
from speeches.stages import about
from speeches.text.periods import find_all


def period_in(text: str, figure: str, title: str | None = None,
              published: dt.date | None = None) -> str | None:
    doc = Document(source_path="x.txt", raw=text, text=text, title=title, published=published)
    start = text.index(figure)
    doc.metrics.append(Metric("percentage", 1.0, "exact", figure, "", start,
                              start + len(figure)))
    return about.run(doc).metrics[0].period


def test_a_paragraph_opening_with_a_period_gives_it_to_later_sentences() -> None:
    text = "Intro line.\nIn 2017 the network grew. Our members rose 12% and churn fell.\n"
    assert period_in(text, "12%") == "2017"
    text = "前言。\n2016年，公司继续扩张。会员增长了15%，流失率下降。\n"
    assert period_in(text, "15%") == "2016"
    # must-not: a period stated later in the first sentence, a span's start, a sentence that
    # says "now", or one in the next paragraph
    assert period_in("Intro.\nThe network grew in 2017. Members rose 12%.\n", "12%") is None
    assert period_in("前言。\n从2012年5月开业到今天，我们走过十年。会员增长了15%。\n", "15%") is None
    assert period_in("Intro.\nIn 2017 the network grew. At present members rose 12%.\n",
                     "12%") is None
    assert period_in("In 2017 the network grew.\nMembers rose 12%.\n", "12%") is None


def test_the_lines_under_a_headline_take_its_period() -> None:
    title = "Acme Corp Reports Second Quarter and Full Year 2021 Results"
    text = title + "\nMonthly users rose 9% to 40 million\nCloud revenue grew 30%\nMore text.\n"
    assert period_in(text, "30%", title) == "2021-Q2"
    # must-not: a line past a sentence's end, or a page whose title states no period
    text = title + "\nThe company said today it had a good year. Users rose 9%.\n"
    assert period_in(text, "9%", title) is None
    text = "Acme Corp Reports Results\nMonthly users rose 9% to 40 million\n"
    assert period_in(text, "9%", "Acme Corp Reports Results") is None


def test_that_day_takes_the_day_stated_before() -> None:
    text = "我们在2010年的6月9号上市。上市当天股价涨了120%。"
    assert period_in(text, "120%") == "2010-06-09"
    # must-not: with no time stated before in the paragraph, 当天 gives none
    assert period_in("我们上市了。上市当天股价涨了120%。", "120%") is None


@pytest.mark.parametrize(("text", "label"), [
    ("我们在2010年的6月9号上市", "2010-06-09"),
    ("2019年的第三季度", "2019-Q3"),
    ("Q Corp Announces Third Quarter and Fiscal Year 2018 Results", "2018-Q3"),
])
def test_round4_period_forms(text: str, label: str) -> None:
    assert [p.label for p in find_all(text, None)][:1] == [label]


def test_the_possessive_year_before_a_figure_stays_bound() -> None:
    # must-not: 2016年的 before a figure is that figure's year, and 的 stays out of the period
    found = find_all("从2016年的37%升至45%", None)
    assert [(p.label, p.end) for p in found] == [("2016", 6)]


def test_a_forecasts_year_does_not_reach_a_clause_that_forecasts_nothing() -> None:
    from speeches.text.periods import find

    published = dt.date(2025, 11, 21)
    text = "明年产能将增加；此外也提供机柜内约40%的零配件"
    assert find(text, text.index("40%"), published) is None
    text = "Next year capacity will grow, and we supply about 40% of the parts"
    assert find(text, text.index("40%"), published) is None
    # must-not: a past year carries over the clause, and so does a forecast into a forecast
    text = "2024年，产能增加；此外也提供机柜内约40%的零配件"
    assert find(text, text.index("40%"), published) is not None
    text = "明年产能将增加，预计提供机柜内约40%的零配件"
    assert find(text, text.index("40%"), published) is not None
