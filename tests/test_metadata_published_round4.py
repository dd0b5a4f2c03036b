"""Publication dates written before the text on a page's first lines (issue 15, round 4): a
date right after a publication label, however long the line it opens."""

from __future__ import annotations

import datetime as dt

import pytest

from speeches.stages.metadata import read_metadata


@pytest.mark.parametrize(("page", "published"), [
    # a labelled date glued to the first paragraph
    (" date 2019-03-04 Our users grew fast this year, the company said in a long statement.\n"
     "More text follows here.\n", dt.date(2019, 3, 4)),
    # a byline row too long to be a dateline, with 發布日期 (the 發布 form)
    ("標題在這裡\n作者 | 發布日期 2024 年 02 月 27 日 9:45 | 分類 國際貿易 , 網路 , 電子商務 line share"
     " follow us in feedly line share\n內文第一段很長很長，說了很多事情，用戶超過一億人。\n",
     dt.date(2024, 2, 27)),
])
def test_a_labelled_date_on_a_first_line(page: str, published: dt.date) -> None:
    assert read_metadata(page).published == published


@pytest.mark.parametrize("page", [
    # must-not: a date in the text with no label before it, or far from the label
    "In 2019 we grew our users by 20% and on 2021-07-28 we launched a new product line for all.\n"
    "More text.\n",
    "The date of the launch was not given; 2021-07-28 was only a rumour among the many analysts.\n"
    "More text.\n",
    # must-not: a label with no year
    " date 07-28 Our users grew fast this year, the company said in a long statement.\nMore.\n",
])
def test_no_date_without_a_label_right_before_it(page: str) -> None:
    assert read_metadata(page).published is None
