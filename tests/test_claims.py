"""Claims grouped across documents: same subject, kind, qualifier and value within 0.5 %."""

from __future__ import annotations

import datetime as dt

from speeches.read.claims import by_speaker, group_claims


def metric(value: float, doc: str, subject: str | None = "微信", kind: str = "users",
           qualifier: str = "more_than", **extra: object) -> dict[str, object]:
    return {"subject": subject, "kind": kind, "qualifier": qualifier, "value": value,
            "doc_id": doc, "outlet": None, "speaker": None, "published": None, **extra}


def test_values_within_half_a_percent_are_one_claim() -> None:
    claims = group_claims([metric(1e9, "a"), metric(1.004e9, "b"), metric(1.02e9, "c")])
    assert [(c.value, c.sources) for c in claims] == [(1e9, 2), (1.02e9, 1)]


def test_subject_kind_and_qualifier_must_agree() -> None:
    claims = group_claims([metric(1e9, "a"), metric(1e9, "b", subject="QQ"),
                           metric(1e9, "c", kind="servers"), metric(1e9, "d", qualifier="exact")])
    assert len(claims) == 4 and all(c.sources == 1 for c in claims)


def test_metrics_without_subject_make_no_claim() -> None:
    assert group_claims([metric(1e9, "a", subject=None), metric(1e9, "b", subject="")]) == []


def test_sources_outlets_speakers_and_dates() -> None:
    rows = [
        metric(1e9, "a", outlet="新华社", speaker="马化腾", published=dt.date(2018, 3, 5)),
        metric(1e9, "a", outlet="新华社", speaker="马化腾", published=dt.date(2018, 3, 5)),
        metric(1e9, "b", outlet="Reuters", speaker="刘炽平", published="2018-05-16"),
        metric(1e9, "c", outlet=None, speaker=None, published=None),
    ]
    (claim,) = group_claims(rows)
    assert (claim.sources, claim.mentions) == (3, 4)
    assert claim.outlets == {"新华社", "Reuters"} and claim.speakers == {"马化腾", "刘炽平"}
    assert (claim.first_seen, claim.last_seen) == (dt.date(2018, 3, 5), dt.date(2018, 5, 16))
    assert claim.as_row()["speakers"] == "刘炽平, 马化腾"


def test_most_repeated_first() -> None:
    claims = group_claims([metric(5e8, "a", subject="QQ"), metric(1e9, "a"), metric(1e9, "b")])
    assert [c.subject for c in claims] == ["微信", "QQ"]



def test_by_speaker_needs_no_subject_and_keeps_narration() -> None:
    rows = [metric(1e9, "a", subject=None, speaker="马化腾"),
            metric(1.004e9, "b", subject=None, speaker="马化腾"),
            metric(1e9, "c", subject=None), metric(1e9, "d", subject=None),
            metric(1e9, "e", subject=None, speaker="刘炽平")]
    assert group_claims(rows) == []  # by subject: about nothing, no claim
    claims = by_speaker(rows)
    # alike in sources, mentions, kind and value: in the order their speakers first appear
    assert [(c.speaker, c.sources, c.mentions) for c in claims] == [
        ("马化腾", 2, 2), (None, 2, 2), ("刘炽平", 1, 1)]
    assert group_claims(rows, by=("kind", "speaker")) != []  # the same grouping, by option


def test_stated_is_the_value_said_most_often() -> None:
    (claim,) = group_claims([metric(1.003e9, "a"), metric(1e9, "b"), metric(1.003e9, "c")])
    assert (claim.value, claim.high, claim.stated) == (1e9, 1.003e9, 1.003e9)
    assert [r["doc_id"] for r in claim.rows] == ["b", "a", "c"]  # in increasing value


def test_rows_may_be_objects() -> None:
    from types import SimpleNamespace

    rows = [SimpleNamespace(**metric(1e9, d)) for d in "ab"]
    assert [(c.subject, c.sources) for c in group_claims(rows)] == [("微信", 2)]


def test_order_does_not_depend_on_the_order_of_rows() -> None:
    # Two claims alike but for the qualifier: the query gives rows in no set order, and the
    # command listed them in whichever order they came.
    rows = [metric(1e9, "a", qualifier="about"), metric(1e9, "b", qualifier="more_than")]
    listed = [c.qualifier for c in group_claims(rows)]
    assert listed == [c.qualifier for c in group_claims(rows[::-1])] == ["about", "more_than"]
