"""The report as typed data: what `report.build` gathers and every renderer lays out.

Frozen dataclasses, one per part of the report. Field names are the JSON report's keys, in
its order, so the JSON is the model written out (`as_dict`, `to_json`) and a JSON report reads
back into the model (`Report.from_dict`), for instance to render it as HTML later.

>>> point = DateCount(published="2020-01-05", documents=2)
>>> as_dict(point)
{'published': '2020-01-05', 'documents': 2}
>>> DateCount.from_dict(as_dict(point)) == point
True
"""

from __future__ import annotations

import json
import types
import typing
from collections.abc import Mapping
from dataclasses import dataclass, field, fields, is_dataclass
from typing import Any, Self, TypeVar

# A field with this metadata is left out of the JSON (and of `as_dict`) when it is None.
OMIT_NONE = {"omit_none": True}
# A field with this metadata is not part of the JSON at all: the JSON gives it by position.
NOT_IN_JSON = {"json": False}


_M = TypeVar("_M", bound="_Model")


class _Model:
    """What every part of the report shares: reading itself back from its JSON form."""

    __slots__ = ()

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Self:
        """The part from its JSON form (what `as_dict` gives)."""
        return _construct(cls, data)


_HINTS: dict[type, dict[str, Any]] = {}


def _construct(cls: type[_M], data: Mapping[str, Any]) -> _M:
    hints = _HINTS.get(cls)
    if hints is None:
        hints = _HINTS[cls] = typing.get_type_hints(cls)
    names = [f.name for f in fields(cls)]  # type: ignore[arg-type]
    return cls(**{n: _load(hints[n], data[n]) for n in names if n in data})


def _load(hint: Any, value: Any) -> Any:
    """`value` read from JSON as type `hint` (a model, a tuple or dict of them, a union with None)."""
    if value is None:
        return None
    origin = typing.get_origin(hint)
    if origin in (types.UnionType, typing.Union):
        (inner,) = [a for a in typing.get_args(hint) if a is not type(None)]
        return _load(inner, value)
    if origin is tuple:
        inner = typing.get_args(hint)[0]
        return tuple(_load(inner, v) for v in value)
    if origin is dict:
        inner = typing.get_args(hint)[1]
        return {k: _load(inner, v) for k, v in value.items()}
    if isinstance(hint, type) and issubclass(hint, _Model):
        return hint.from_dict(value)
    if hint is float and isinstance(value, int):
        return float(value)
    return value


def _items(obj: Any) -> list[tuple[str, Any]]:
    """A model's JSON keys and values, one level deep."""
    out = []
    for f in fields(obj):
        value = getattr(obj, f.name)
        if f.metadata.get("json", True) and not (f.metadata.get("omit_none") and value is None):
            out.append((f.name, value))
    return out


def _encode(obj: Any) -> Any:
    """json.dumps' `default`: a model as the dict of its JSON keys (not a deep copy)."""
    if is_dataclass(obj) and not isinstance(obj, type):
        return dict(_items(obj))
    raise TypeError(f"{type(obj).__name__} is not part of a report")


def as_dict(obj: Any) -> Any:
    """A model (or a tuple or dict of them) as JSON types: what the JSON report holds."""
    if is_dataclass(obj) and not isinstance(obj, type):
        return {k: as_dict(v) for k, v in _items(obj)}
    if isinstance(obj, tuple | list):
        return [as_dict(v) for v in obj]
    if isinstance(obj, dict):
        return {k: as_dict(v) for k, v in obj.items()}
    return obj


def to_json(report: Report) -> str:
    """The report as JSON (UTF-8 text, Chinese unescaped)."""
    return json.dumps(report, default=_encode, ensure_ascii=False, indent=2) + "\n"


# -- the corpus overview ---------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class DateCount(_Model):
    """How many documents were published on a date (None: undated)."""

    published: str | None
    documents: int


@dataclass(frozen=True, slots=True)
class SpeakerSummary(_Model):
    """A speaker of the corpus, with how many documents, sections and metrics are theirs."""

    speaker: str
    aliases: tuple[str, ...]
    titles: tuple[str, ...]
    documents: int
    sections: int
    metrics: int


@dataclass(frozen=True, slots=True)
class Overview(_Model):
    """The whole store, whatever the filters: documents by date, language and script,
    speakers and metric counts by kind."""

    documents: int
    dated: int
    first_date: str | None
    last_date: str | None
    by_date: tuple[DateCount, ...]
    by_language: dict[str, int]
    by_script: dict[str, int]
    metrics: int
    attributed: int
    by_kind: dict[str, int]
    speakers: tuple[SpeakerSummary, ...]


@dataclass(frozen=True, slots=True)
class DocumentRow(_Model):
    """A stored document and how many of its metrics there are."""

    doc_id: str
    source_path: str | None
    title: str | None
    published: str | None
    outlet: str | None
    language: str | None
    script: str | None
    n_chars: int | None
    metrics: int


# -- what the filters keep -------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Filters(_Model):
    """The filters a report was made with (speaker and kind always in the JSON, the others
    when given)."""

    speaker: str | None = None
    kind: str | None = None
    since: str | None = field(default=None, metadata=OMIT_NONE)
    until: str | None = field(default=None, metadata=OMIT_NONE)
    min: float | None = field(default=None, metadata=OMIT_NONE)
    max: float | None = field(default=None, metadata=OMIT_NONE)
    doc: str | None = field(default=None, metadata=OMIT_NONE)
    sort: str | None = field(default=None, metadata=OMIT_NONE)
    limit: int | None = field(default=None, metadata=OMIT_NONE)


@dataclass(frozen=True, slots=True)
class Selection(_Model):
    """Counts of the metrics the filters keep."""

    metrics: int
    speakers: int
    by_kind: dict[str, int]
    by_speaker: dict[str, int]


@dataclass(frozen=True, slots=True)
class MetricRow(_Model):
    """A metric as a report lists it: its value read two ways, its sentence and document."""

    kind: str
    value: float
    low: float | None
    high: float | None
    human: str  # 10亿, 1.1 billion; a range as 5亿–6亿
    number: str  # 1,000,000,000 or 33.33%
    qualifier: str | None
    surface: str | None
    sentence: str | None
    doc_id: str
    source_path: str | None
    title: str | None
    published: str | None
    language: str | None
    start: int
    # Who said it: the JSON lists rows under their speaker, so it is not in the row there.
    speaker: str | None = field(default=None, metadata=NOT_IN_JSON)


@dataclass(frozen=True, slots=True)
class SpeakerSection(_Model):
    """One speaker's metrics (speaker None: narration and questions)."""

    speaker: str | None
    label: str
    aliases: tuple[str, ...]
    titles: tuple[str, ...]
    documents: int
    by_kind: dict[str, int]
    metrics: tuple[MetricRow, ...]

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Self:
        """The section from its JSON form; its rows are the section speaker's."""
        rows = [{**m, "speaker": data["speaker"]} for m in data["metrics"]]
        return _construct(cls, {**data, "metrics": rows})


# -- claims, timeline and subjects -----------------------------------------------------------


@dataclass(frozen=True, slots=True)
class ClaimDocument(_Model):
    """A document carrying a claim, and how many times it states it."""

    doc_id: str
    source_path: str | None
    title: str | None
    published: str | None
    mentions: int


@dataclass(frozen=True, slots=True)
class Claim(_Model):
    """Mentions of one kind by one speaker whose values agree (speeches.read.claims, by speaker)."""

    kind: str
    speaker: str | None
    value: float  # the value stated most often
    human: str
    number: str
    sources: int  # documents carrying it
    mentions: int
    qualifiers: tuple[str, ...]
    surfaces: tuple[str, ...]  # each wording once, in value order
    documents: tuple[ClaimDocument, ...]


@dataclass(frozen=True, slots=True)
class TimelineRow(_Model):
    """Documents published on a date and their metrics (of the selection) by kind."""

    published: str | None
    documents: int
    counts: dict[str, int]
    total: int


@dataclass(frozen=True, slots=True)
class Timeline(_Model):
    """Metrics of each kind by the published date of their document."""

    kinds: tuple[str, ...]
    rows: tuple[TimelineRow, ...]


@dataclass(frozen=True, slots=True)
class SubjectPoint(_Model):
    """A value stated about a subject, placed in time (`when`: its period's start, else the
    published date)."""

    kind: str
    value: float
    human: str
    number: str
    qualifier: str | None
    published: str | None
    speaker: str | None
    surface: str | None
    sentence: str | None
    source_path: str | None
    title: str | None
    doc_id: str
    start: int
    period: str | None
    when: str | None


@dataclass(frozen=True, slots=True)
class Subject(_Model):
    """A subject stated more than once and its values in time order."""

    subject: str
    kinds: tuple[str, ...]
    points: tuple[SubjectPoint, ...]


# -- the report ------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Report(_Model):
    """Everything a report shows; the JSON report is this written out."""

    title: str
    data_as_of: str | None
    filters: Filters
    corpus: Overview
    documents: tuple[DocumentRow, ...]
    selection: Selection
    speakers: tuple[SpeakerSection, ...]
    claims: tuple[Claim, ...]
    timeline: Timeline
    subjects: tuple[Subject, ...] = ()  # reports from before subject timelines have none
