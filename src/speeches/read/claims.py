"""The same claim across documents, outlets and speakers: the one grouping of metrics into
claims, for the `claims` command and the report's claims section.

Two metrics state the same claim when the fields a view groups by agree and their values lie
within 0.5 % of each other (the scorer's tolerance: 10亿 and 1 billion, 13.59亿 and 1.359
billion). Values are taken in increasing order and each joins the claim of the smallest value
it is within the tolerance of. Two views:

- by subject (`group_claims`, the `claims` command): subject, kind and qualifier agree.
  Metrics without a subject are about nothing in particular and make no claim.
- by speaker (`by_speaker`, the report): kind and speaker agree (speaker None included):
  what one speaker says more than once, whatever it is about.

>>> rows = [
...     {"subject": "微信", "kind": "users", "qualifier": "more_than", "value": 1e9,
...      "doc_id": "a", "outlet": "新华社", "speaker": "马化腾", "published": None},
...     {"subject": "微信", "kind": "users", "qualifier": "more_than", "value": 1.002e9,
...      "doc_id": "b", "outlet": "Reuters", "speaker": "马化腾", "published": None},
... ]
>>> [(c.subject, c.value, c.sources) for c in group_claims(rows)]
[('微信', 1000000000.0, 2)]
>>> [(c.kind, c.speaker, c.mentions) for c in by_speaker(rows)]
[('users', '马化腾', 2)]
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

TOLERANCE = 0.005
# The fields that must agree for two metrics to state one claim, per view.
BY_SUBJECT = ("subject", "kind", "qualifier")
BY_SPEAKER = ("kind", "speaker")


def agree(base: float, value: float) -> bool:
    """Whether `value` states what `base` states: within TOLERANCE of the larger of the two."""
    return abs(value - base) <= TOLERANCE * max(abs(base), abs(value))


def _field(row: Any, name: str) -> Any:
    """A field of a metric row: a mapping's key (query rows) or an attribute (the report's
    rows); None when it has none."""
    if isinstance(row, Mapping):
        return row.get(name)
    return getattr(row, name, None)


@dataclass
class Claim:
    subject: str | None  # None in the by-speaker view
    kind: str
    qualifier: str | None  # None in the by-speaker view
    value: float  # the smallest value stated for it
    high: float  # the largest (within the tolerance of `value`)
    speaker: str | None = None  # the speaker it is grouped by (by-speaker view)
    documents: set[str] = field(default_factory=set)
    outlets: set[str] = field(default_factory=set)
    speakers: set[str] = field(default_factory=set)
    first_seen: dt.date | None = None
    last_seen: dt.date | None = None
    mentions: int = 0
    # The metric rows that state it, in increasing value (as given: mappings or objects).
    rows: list[Any] = field(default_factory=list, repr=False, compare=False)

    @property
    def sources(self) -> int:
        """How many documents state it."""
        return len(self.documents)

    @property
    def stated(self) -> float:
        """The value stated most often (the smallest of those stated equally often)."""
        return Counter(float(_field(r, "value")) for r in self.rows).most_common(1)[0][0]

    def add(self, row: Any) -> None:
        self.mentions += 1
        self.rows.append(row)
        self.high = max(self.high, float(_field(row, "value")))
        self.documents.add(str(_field(row, "doc_id")))
        if _field(row, "outlet"):
            self.outlets.add(str(_field(row, "outlet")))
        if _field(row, "speaker"):
            self.speakers.add(str(_field(row, "speaker")))
        day = _as_date(_field(row, "published"))
        if day is not None:
            self.first_seen = min(self.first_seen or day, day)
            self.last_seen = max(self.last_seen or day, day)

    def as_row(self) -> dict[str, Any]:
        return {
            "subject": self.subject, "kind": self.kind, "qualifier": self.qualifier,
            "value": self.value, "sources": self.sources, "mentions": self.mentions,
            "first_seen": self.first_seen, "last_seen": self.last_seen,
            "speakers": ", ".join(sorted(self.speakers)), "outlets": ", ".join(sorted(self.outlets)),
        }


def _as_date(value: Any) -> dt.date | None:
    if value is None or value != value:  # None, NaN, NaT
        return None
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    try:
        return dt.date.fromisoformat(str(value)[:10])
    except ValueError:
        return None


def _key(row: Any, by: tuple[str, ...]) -> tuple[str | None, ...] | None:
    """The fields of `row` that `by` groups on; None when the row makes no claim (no value,
    or no subject where claims are by subject)."""
    if _field(row, "value") is None:
        return None
    key: list[str | None] = []
    for name in by:
        value = _field(row, name)
        if name == "subject" and not value:
            return None
        if name == "qualifier":
            value = value or "exact"
        key.append(None if value is None else str(value))
    return tuple(key)


def _group(rows: Iterable[Any], by: tuple[str, ...]) -> list[Claim]:
    """The claims of `rows`, in the order their groups first appear, each group's claims in
    increasing value."""
    by_key: dict[tuple[str | None, ...], list[Any]] = {}
    for row in rows:
        key = _key(row, by)
        if key is not None:
            by_key.setdefault(key, []).append(row)
    claims: list[Claim] = []
    for key, group in by_key.items():
        fields = dict(zip(by, key, strict=True))
        current: Claim | None = None
        for row in sorted(group, key=lambda r: float(_field(r, "value"))):
            value = float(_field(row, "value"))
            if current is None or not agree(current.value, value):
                current = Claim(
                    subject=fields.get("subject"),
                    kind=str(fields["kind"]),
                    qualifier=fields.get("qualifier"),
                    value=value,
                    high=value,
                    speaker=fields.get("speaker"),
                )
                claims.append(current)
            current.add(row)
    return claims


def group_claims(rows: Iterable[Any], by: tuple[str, ...] = BY_SUBJECT) -> list[Claim]:
    """Claims from metric rows (mappings or objects with these fields; with `outlet` and
    `published` of their documents), grouped on the fields `by` names; most repeated first,
    then by subject, kind, value and qualifier (whatever order the rows came in)."""
    claims = _group(rows, by)
    claims.sort(
        key=lambda c: (-c.sources, -c.mentions, c.subject or "", c.kind, c.value, c.qualifier or "")
    )
    return claims


def by_speaker(rows: Iterable[Any]) -> list[Claim]:
    """Claims of each speaker (kind and speaker agree), as the report lists them: most
    sources first, then most mentions, then by kind and the value stated most often,
    largest first; claims alike in all of these in the order their speakers first appear."""
    claims = _group(rows, BY_SPEAKER)
    claims.sort(key=lambda c: (-c.sources, -c.mentions, c.kind, -c.stated))
    return claims
