"""Subject rules of issue 15, round 5: each with sentences written for it and a must-not case."""

from __future__ import annotations

from speeches.models import Document, Metric
from speeches.rules.subjects import load_subjects, sentence_of
from speeches.stages import about
from speeches.stages.normalize import normalize

REGISTRY = load_subjects()


def subject_of(text: str, figure: str) -> str | None:
    text = normalize(text)
    start = text.index(normalize(figure))
    p_start, s_start, s_end = sentence_of(text, start)
    return REGISTRY.find(text, s_start, s_end, start, start + len(figure), p_start)


def page_subjects(text: str, title: str, *figures: tuple[str, str]) -> list[str | None]:
    """The subjects the whole stage gives figures (kind, surface) of a page titled `title`."""
    doc = Document(source_path="x.txt", raw=text, text=text, title=title)
    for kind, figure in figures:
        start = text.index(figure)
        doc.metrics.append(Metric(kind, 1.0, "exact", figure, "", start, start + len(figure)))
    return [m.subject for m in about.run(doc, REGISTRY).metrics]


def test_a_name_that_reports_a_figure_is_not_what_it_counts() -> None:
    text = ("Microsoft Teams now has 145 million daily users. That is up from the 32 million "
            "daily users that Microsoft reported in March.")
    assert subject_of(text, "32 million daily users") == "Microsoft Teams"
    text = "WeChat grew fast. Tencent announced WeChat Pay reached 900 million users."
    assert subject_of(text, "900 million users") == "微信支付"
    # must-not: with nothing else named around it, the reporter stays the subject
    text = "Netflix reported 203 million paid memberships."
    assert subject_of(text, "203 million paid memberships") == "Netflix"


def test_a_market_in_an_earlier_clause_leaves_the_companys_own_share() -> None:
    title = "Tenet reports first quarter results"
    text = "Although we trail our industry peers, our operating margin rose to 11.5 percent."
    assert page_subjects(text, title, ("percentage", "11.5 percent")) == ["Tenet"]
    # must-not: a market in the figure's own clause, or a survey anywhere in the sentence
    text = "Industry-wide retail sales rose 4 percent."
    assert page_subjects(text, title, ("percentage", "4 percent")) == [None]
    text = "In our survey of doctors, asked about our revenue, 62 percent said yes."
    assert page_subjects(text, title, ("percentage", "62 percent")) == [None]
