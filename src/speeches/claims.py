"""The same claim across documents, outlets and speakers.

A claim is a (subject, kind, qualifier, value) stated somewhere; two metrics state the same
claim when subject, kind and qualifier agree and their values lie within 0.5 % of each other
(the scorer's tolerance: 10亿 and 1 billion, 13.59亿 and 1.359 billion). Metrics without a
subject are about nothing in particular and make no claim.

>>> rows = [
...     {"subject": "微信", "kind": "users", "qualifier": "more_than", "value": 1e9,
...      "doc_id": "a", "outlet": "新华社", "speaker": "马化腾", "published": None},
...     {"subject": "微信", "kind": "users", "qualifier": "more_than", "value": 1.002e9,
...      "doc_id": "b", "outlet": "Reuters", "speaker": "马化腾", "published": None},
... ]
>>> [(c.subject, c.value, c.sources) for c in group_claims(rows)]
[('微信', 1000000000.0, 2)]
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

TOLERANCE = 0.005


@dataclass
class Claim:
    subject: str
    kind: str
    qualifier: str
    value: float  # the smallest value stated for it
    high: float  # the largest (within the tolerance of `value`)
    documents: set[str] = field(default_factory=set)
    outlets: set[str] = field(default_factory=set)
    speakers: set[str] = field(default_factory=set)
    first_seen: dt.date | None = None
    last_seen: dt.date | None = None
    mentions: int = 0

    @property
    def sources(self) -> int:
        """How many documents state it."""
        return len(self.documents)

    def add(self, row: Mapping[str, Any]) -> None:
        self.mentions += 1
        self.high = max(self.high, float(row["value"]))
        self.documents.add(str(row["doc_id"]))
        if row.get("outlet"):
            self.outlets.add(str(row["outlet"]))
        if row.get("speaker"):
            self.speakers.add(str(row["speaker"]))
        day = _as_date(row.get("published"))
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


def group_claims(rows: Iterable[Mapping[str, Any]]) -> list[Claim]:
    """Claims from metric rows (with `outlet` and `published` of their documents), most
    repeated first, then by subject, kind and value."""
    by_key: dict[tuple[str, str, str], list[Mapping[str, Any]]] = {}
    for row in rows:
        if row.get("subject") and row.get("value") is not None:
            key = (str(row["subject"]), str(row["kind"]), str(row.get("qualifier") or "exact"))
            by_key.setdefault(key, []).append(row)
    claims: list[Claim] = []
    for (subject, kind, qualifier), group in by_key.items():
        current: Claim | None = None
        for row in sorted(group, key=lambda r: float(r["value"])):
            value = float(row["value"])
            if current is None or value - current.value > TOLERANCE * max(abs(value), 1e-12):
                current = Claim(subject, kind, qualifier, value, value)
                claims.append(current)
            current.add(row)
    claims.sort(key=lambda c: (-c.sources, -c.mentions, c.subject, c.kind, c.value))
    return claims
