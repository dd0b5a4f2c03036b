"""Filters and aggregates over the stored tables, computed by the engine (DuckDB); no
printing here."""

from __future__ import annotations

import datetime as dt
import difflib
from dataclasses import dataclass
from pathlib import Path
from typing import Any, cast

import pandas as pd

from speeches import store
from speeches.errors import SpeechesError, UnknownSpeaker
from speeches.read import engine
from speeches.rules.speakers import Registry
from speeches.rules.subjects import SubjectRegistry

KINDS = ("users", "servers", "hospitals", "percentage")
METRIC_COLUMNS = [
    "doc_id",
    "source_path",
    "speaker",
    "kind",
    "value",
    "low",
    "high",
    "qualifier",
    "surface",
    "sentence",
    "start",
    "end",
]


def resolve_speaker(name: str, registry: Registry, known: list[str]) -> str:
    """The canonical speaker a --speaker NAME means: a registry alias (any script or case)
    or a name stored in the corpus; UnknownSpeaker lists the closest names otherwise."""
    canonical = registry.resolve(name)
    if canonical:
        return canonical
    folded = {k.casefold(): k for k in known}
    if name.strip().casefold() in folded:
        return folded[name.strip().casefold()]
    pool = sorted(set(known) | set(registry.people))
    close = registry.closest(name) + difflib.get_close_matches(name, pool, n=3, cutoff=0.3)
    hint = ", ".join(dict.fromkeys(close)) if close else ", ".join(pool[:5])
    raise UnknownSpeaker(f"no speaker matches {name!r}; closest: {hint}")


@dataclass(frozen=True)
class MetricFilter:
    """What `metrics` keeps and in which order: published date and value bounds, documents
    (a doc_id prefix or a path), a sort column (`-col` or `col:desc` for descending) and a
    row limit. They combine with the speaker and kind."""

    since: dt.date | None = None
    until: dt.date | None = None
    min_value: float | None = None
    max_value: float | None = None
    doc: str | None = None
    sort: str | None = None
    limit: int | None = None
    subject: str | None = None  # canonical subject (any alias resolved by the caller)


SORTABLE = list(store.COLUMNS["metrics"])  # any column of the table


def subject_name(reader: engine.Reader, subjects: SubjectRegistry, name: str) -> str:
    """The subject a --subject NAME means: a registry alias (any script or case) or a
    subject stored in the corpus; a name matching neither is an error listing close ones."""
    canonical = subjects.resolve(name)
    if canonical:
        return canonical
    stored = [str(r[0]) for r in reader.rows(
        "SELECT DISTINCT unnest(string_split(subject, '、')) FROM metrics WHERE subject IS NOT NULL")]
    folded = {k.casefold(): k for k in stored}
    if name.strip().casefold() in folded:
        return folded[name.strip().casefold()]
    close = subjects.closest(name) + difflib.get_close_matches(name, stored, n=3, cutoff=0.5)
    hint = ", ".join(dict.fromkeys(close)) or "none stored"
    raise SpeechesError(f"no subject matches {name!r}; closest: {hint}")


def speaker_name(reader: engine.Reader, registry: Registry, name: str) -> str:
    """resolve_speaker with the store's speakers, asked for only when the registry does not
    know `name`."""
    canonical = registry.resolve(name)
    if canonical:
        return canonical
    return resolve_speaker(name, registry, reader.known_speakers())


def matching_doc_ids(reader: engine.Reader, doc: str) -> list[str]:
    """doc_ids of the documents `doc` names: a doc_id or its prefix, the stored source path
    (or its last parts), or the path that was ingested (relative or absolute)."""
    absolute = str(Path(doc).expanduser().resolve())
    rows = reader.rows(
        "SELECT doc_id FROM documents WHERE starts_with(doc_id, ?) OR source_path = ? "
        "OR ends_with(source_path, ?) OR abs_path = ? ORDER BY source_path, doc_id",
        [doc, doc, "/" + doc, absolute],
    )
    return [str(r[0]) for r in rows]


def _order(sort: str) -> str:
    column, desc = sort.strip(), False
    if column.startswith("-"):
        column, desc = column[1:], True
    elif column.endswith((":desc", ":asc")):
        column, _, way = column.rpartition(":")
        desc = way == "desc"
    if column not in SORTABLE:
        raise SpeechesError(f"cannot sort by {column!r}: use one of {', '.join(SORTABLE)}")
    return f'"{column}" {"DESC" if desc else "ASC"} NULLS LAST, doc_id, start'


def metrics(
    source: Path | engine.Reader,
    registry: Registry,
    speaker: str | None = None,
    kind: str | None = None,
    where: MetricFilter | None = None,
) -> pd.DataFrame:
    """metrics.parquet rows, filtered by speaker (any alias), kind and `where`, in the
    store's order unless `where.sort` says otherwise."""
    with engine.reading(source) as reader:
        sql, params = metrics_query(reader, registry, speaker, kind, where)
        return reader.frame(sql, params)


def metrics_query(
    reader: engine.Reader,
    registry: Registry,
    speaker: str | None = None,
    kind: str | None = None,
    where: MetricFilter | None = None,
) -> tuple[str, list[Any]]:
    """The SQL (and its parameters) of `metrics`, for callers that stream the rows."""
    where = where or MetricFilter()
    clauses: list[str] = []
    params: list[Any] = []
    if kind is not None:
        kinds = {str(r[0]) for r in reader.rows("SELECT DISTINCT kind FROM metrics")}
        if kind not in kinds | set(KINDS):
            raise SpeechesError(f"unknown kind {kind!r}: use one of {', '.join(KINDS)}")
        clauses.append("kind = ?")
        params.append(kind)
    if speaker is not None:
        clauses.append("speaker = ?")
        params.append(speaker_name(reader, registry, speaker))
    if where.subject is not None:  # a joint subject (微信、QQ) is about each of its names
        clauses.append("list_contains(string_split(subject, '、'), ?)")
        params.append(where.subject)
    if where.doc is not None:
        ids = matching_doc_ids(reader, where.doc)
        if not ids:
            raise SpeechesError(f"no stored document matches {where.doc!r}")
        clauses.append("list_contains(?, doc_id)")
        params.append(ids)
    for column, op, value in (
        ("published", ">=", where.since),
        ("published", "<=", where.until),
        ("value", ">=", where.min_value),
        ("value", "<=", where.max_value),
    ):
        if value is not None:
            clauses.append(f"{column} {op} ?")
            params.append(value)
    sql = "SELECT * FROM metrics"
    if clauses:
        sql += " WHERE " + " AND ".join(clauses)
    if where.sort:
        sql += " ORDER BY " + _order(where.sort)
    if where.limit is not None:
        sql += f" LIMIT {max(int(where.limit), 0)}"
    return sql, params


def documents(source: Path | engine.Reader) -> pd.DataFrame:
    cols = [
        "doc_id",
        "source_path",
        "title",
        "published",
        "outlet",
        "language",
        "script",
        "encoding",
        "n_chars",
    ]
    with engine.reading(source) as reader:
        return reader.frame(f"SELECT {', '.join(cols)} FROM documents")


@dataclass
class SpeakerRow:
    speaker: str
    aliases: list[str]
    titles: list[str]
    documents: int
    sections: int
    metrics: int
    in_registry: bool


def speakers(
    source: Path | engine.Reader, registry: Registry, everyone: bool = True
) -> list[SpeakerRow]:
    """Every speaker of the store (and of the registry, unless `everyone` is False: then
    only those with documents), with their counts."""
    with engine.reading(source) as reader:
        counts = reader.rows(
            "SELECT speaker, count(DISTINCT doc_id), count(*) FILTER (WHERE src = 's'), "
            "count(*) FILTER (WHERE src = 'm') FROM ("
            "SELECT doc_id, speaker, 's' AS src FROM sections UNION ALL "
            "SELECT doc_id, speaker, 'm' AS src FROM metrics) "
            "WHERE speaker IS NOT NULL GROUP BY speaker"
        )
    found = {str(r[0]): (int(r[1]), int(r[2]), int(r[3])) for r in counts}
    names = list(registry.people) + sorted(set(found) - set(registry.people))
    rows = []
    for name in names:
        person = registry.people.get(name)
        n_docs, n_sec, n_met = found.get(name, (0, 0, 0))
        if not everyone and not n_docs:
            continue
        rows.append(
            SpeakerRow(
                speaker=name,
                aliases=person.aliases if person else [],
                titles=person.titles if person else [],
                documents=n_docs,
                sections=n_sec,
                metrics=n_met,
                in_registry=person is not None,
            )
        )
    rows.sort(key=lambda r: (-r.metrics, -r.sections, r.speaker))
    return rows


def human_value(value: float, kind: str, chinese: bool = True) -> str:
    """10亿 / 1.1 billion style reading of a value (percentages as 68%)."""
    if kind == "percentage":
        return f"{value:.4g}%"
    if chinese:
        for unit, size in (("万亿", 1e12), ("亿", 1e8), ("万", 1e4)):
            if abs(value) >= size:
                return f"{value / size:.4g}{unit}"
        return f"{value:.0f}"
    for unit, size in (("trillion", 1e12), ("billion", 1e9), ("million", 1e6), ("thousand", 1e3)):
        if abs(value) >= size:
            return f"{value / size:.4g} {unit}"
    return f"{value:.0f}"


def claims(
    source: Path | engine.Reader,
    subjects: SubjectRegistry,
    subject: str | None = None,
    kind: str | None = None,
    min_sources: int = 1,
) -> pd.DataFrame:
    """The same claim across documents (speeches.read.claims): one row per claim with how many
    documents state it, first and last date seen, speakers and outlets."""
    from speeches.read.claims import group_claims

    with engine.reading(source) as reader:
        clauses, params = ["m.subject IS NOT NULL"], []
        if subject is not None:
            clauses.append("list_contains(string_split(m.subject, '、'), ?)")
            params.append(subject_name(reader, subjects, subject))
        if kind is not None:
            clauses.append("m.kind = ?")
            params.append(kind)
        sql = (
            "SELECT m.subject, m.kind, m.qualifier, m.value, m.doc_id, m.speaker, "
            "d.outlet, d.published FROM metrics m JOIN documents d USING (doc_id) WHERE "
            + " AND ".join(clauses)
        )
        frame = reader.frame(sql, params)
    records = cast("list[dict[str, Any]]", frame.to_dict("records"))
    rows = [c.as_row() for c in group_claims(records) if c.sources >= min_sources]
    columns = ["subject", "kind", "qualifier", "value", "sources", "mentions", "first_seen",
               "last_seen", "speakers", "outlets"]
    return pd.DataFrame(rows, columns=columns)
