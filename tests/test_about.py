"""The about stage: subject and period on every metric, in time linear in the document."""

from __future__ import annotations

import datetime as dt

import pytest

from conftest import pure
from speeches.models import Document, Metric
from speeches.stages import about
from speeches.text import sentences


def doc_with(text: str, figures: list[str], published: dt.date | None = None) -> Document:
    doc = Document(source_path="x.txt", raw=text, text=text, published=published)
    pos = 0
    for figure in figures:
        start = text.index(figure, pos)
        pos = start + len(figure)
        doc.metrics.append(Metric("users", 1.0, "exact", figure, "", start, pos))
    return doc


def test_subject_and_period_filled() -> None:
    text = "去年底，微信月活跃用户达到10.8亿。\n另外，目前QQ月活用户超过5亿。"
    doc = about.run(doc_with(text, ["10.8亿", "5亿"], dt.date(2019, 3, 1)))
    assert [(m.subject, m.period) for m in doc.metrics] == [("微信", "2018-12"), ("QQ", None)]


def test_title_topic_for_a_count_without_a_subject() -> None:
    doc = doc_with("谈到发展时他说，月活跃用户超过10亿。", ["10亿"])
    doc.title = "微信月活跃用户破十亿"
    assert about.run(doc).metrics[0].subject == "微信"
    doc = doc_with("谈到发展时他说，月活跃用户超过10亿。", ["10亿"])
    doc.title = "一场演讲"  # must-not: a title naming nothing gives nothing
    assert about.run(doc).metrics[0].subject is None


def test_one_long_line_is_split_once(monkeypatch: pytest.MonkeyPatch) -> None:
    calls = []
    real = sentences.split

    def counting(text: str, start: int = 0, end: int | None = None) -> list[tuple[int, int]]:
        calls.append((start, end))
        return real(text, start, end)

    monkeypatch.setattr(sentences, "split", counting)
    text = "腾讯用户超过10亿。" * 2000
    # plain copies of the stage and the registry: compiled ones call split as it was when built
    plain = pure("speeches.stages.about", "speeches.rules.subjects")
    doc = plain.run(doc_with(text, ["10亿"] * 2000), plain.load_subjects())
    assert len(calls) == 1
    assert all(m.subject == "腾讯" for m in doc.metrics)


def test_the_page_topic_and_organisation_are_searched_once_and_only_when_needed(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    plain = pure("speeches.stages.about", "speeches.rules.subjects")
    calls: list[str] = []
    page_topic, page_name = plain.page_topic, plain.names.page_name

    def counting_topic(registry: object, text: str) -> str | None:
        calls.append("topic")
        return page_topic(registry, text)

    def counting_name(text: str, not_names: object = ()) -> str | None:
        calls.append("organisation")
        return page_name(text, not_names)

    monkeypatch.setattr(plain, "page_topic", counting_topic)
    monkeypatch.setattr(plain.names, "page_name", counting_name)
    registry = plain.load_subjects()
    text = "八达通表示，八达通会推出新服务。港铁持有八达通。八达通用户逾300万。他说，用户超过10万。"
    doc = plain.run(doc_with(text, ["300万", "10万"]), registry)
    assert [m.subject for m in doc.metrics] == ["八达通", "八达通"]
    assert calls == ["topic", "organisation"]  # two figures, one search of each
    calls.clear()
    doc = plain.run(doc_with("腾讯用户超过10亿。微信用户超过5亿。", ["10亿", "5亿"]), registry)
    assert [m.subject for m in doc.metrics] == ["腾讯", "微信"]
    assert calls == []  # every figure names its subject: the page is not searched
