"""Reports of a store: one data structure (`build`), rendered as Markdown, HTML or JSON.

`build` gathers everything a report shows into one typed model (speeches.read.report_model): the
corpus overview, each speaker's metrics, the claims several mentions share, a timeline and
the subjects. The renderers only lay that model out, so the three formats always carry the
same content; the JSON is the model written out. The HTML is one self-contained file from
templates/report.html (inline CSS and hand-written SVG charts from speeches.read.charts, no
scripts, fonts or images from elsewhere) that reads offline and prints. Nothing here prints.
"""

from __future__ import annotations

import datetime as dt
import functools
import math
import re
from collections import Counter
from html import escape
from pathlib import Path
from typing import Any, cast

import jinja2
import jinja2.ext
import pandas as pd
from markupsafe import Markup

from speeches.read import claims, engine, query
from speeches.read.charts import KIND_LABELS, color, date_label, svg_hbars, svg_timeline, svg_values
from speeches.read.report_model import (
    Claim,
    ClaimDocument,
    DateCount,
    DocumentRow,
    Filters,
    MetricRow,
    Overview,
    Report,
    Selection,
    SpeakerSection,
    SpeakerSummary,
    Subject,
    SubjectPoint,
    Timeline,
    TimelineRow,
    as_dict,
    to_json,
)
from speeches.rules.speakers import Registry
from speeches.text.safe import visible

FORMATS = ("md", "html", "json")
NO_SPEAKER = "(no speaker: narration or questions)"
# Subjects given a timeline of their stated values (those stated most often).
SUBJECTS_SHOWN = 12


# -- the report data -------------------------------------------------------------------------


def _plain(value: Any) -> Any:
    """A table cell as a JSON value: dates as ISO strings, NA and NaN as None."""
    if value is None or value is pd.NA or value is pd.NaT:
        return None
    if isinstance(value, float) and math.isnan(value):
        return None
    if isinstance(value, dt.date):
        return value.isoformat()
    if hasattr(value, "item"):
        return value.item()
    return value


def _number(value: float, kind: str) -> str:
    """The exact number: 1,000,000 or 33.33%."""
    if kind == "percentage":
        return f"{value:.4g}%"
    whole = abs(value - round(value)) < 1e-6 * max(1.0, abs(value))  # 1.1e8 is 110000000.00001
    return f"{round(value):,}" if whole else f"{value:,.2f}"


def _human(value: float, kind: str, high: float | None, chinese: bool) -> str:
    """The reading of a value (10亿, 1.1 billion), a range as 5亿–6亿."""
    text = query.human_value(value, kind, chinese=chinese)
    if high is not None and high != value:
        text += "–" + query.human_value(high, kind, chinese=chinese)
    return text


def _kinds(*present: Any) -> list[str]:
    seen = list(query.KINDS)
    for kinds in present:
        seen += sorted(str(k) for k in set(kinds) - set(seen) if isinstance(k, str))
    return seen


def _metric_row(r: Any, doc: dict[str, Any]) -> MetricRow:
    chinese = doc.get("language") == "zh"
    kind = str(r["kind"])
    value = float(r["value"])
    high = _plain(r["high"]) if r["qualifier"] == "range" else None
    low = _plain(r["low"]) if r["qualifier"] == "range" else None
    number = _number(value, kind)
    if high is not None and high != value:
        number += f"–{_number(high, kind)}"
    return MetricRow(
        kind=kind,
        value=value,
        low=low,
        high=high,
        human=_human(value, kind, high, chinese),
        number=number,
        qualifier=_plain(r["qualifier"]),
        surface=_plain(r["surface"]),
        sentence=_plain(r["sentence"]),
        doc_id=str(r["doc_id"]),
        source_path=_plain(r["source_path"]) or doc.get("source_path"),
        title=doc.get("title"),
        published=doc.get("published"),
        language=doc.get("language"),
        start=int(r["start"]),
        speaker=_plain(r["speaker"]),
    )


def _claims(rows: list[MetricRow]) -> tuple[Claim, ...]:
    """The claims each speaker makes more than once (speeches.read.claims.by_speaker, which also
    groups the `claims` command's claims), most sources first."""
    return tuple(_claim(c) for c in claims.by_speaker(rows) if c.mentions > 1)


def _claim(claim: claims.Claim) -> Claim:
    """A claim as the report shows it: the value stated most often, each wording once, and
    the documents carrying it in the order they first appear."""
    members: list[MetricRow] = claim.rows
    first: dict[str, MetricRow] = {}
    mentions: Counter[str] = Counter()
    for m in members:
        first.setdefault(m.doc_id, m)
        mentions[m.doc_id] += 1
    kind, value = claim.kind, claim.stated
    chinese = any(m.language == "zh" for m in members)
    return Claim(
        kind=kind,
        speaker=claim.speaker,
        value=value,
        human=_human(value, kind, None, chinese),
        number=_number(value, kind),
        sources=len(first),
        mentions=len(members),
        qualifiers=tuple(sorted({str(m.qualifier) for m in members})),
        surfaces=tuple(dict.fromkeys(str(m.surface) for m in members)),
        documents=tuple(
            ClaimDocument(
                doc_id=doc_id,
                source_path=m.source_path,
                title=m.title,
                published=m.published,
                mentions=mentions[doc_id],
            )
            for doc_id, m in first.items()
        ),
    )


def build(
    store_dir: Path | engine.Reader,
    registry: Registry,
    speaker: str | None = None,
    kind: str | None = None,
    where: query.MetricFilter | None = None,
) -> Report:
    """Everything a report shows (speeches.read.report_model.Report; the JSON report is it).

    The corpus overview (documents by date, language and script, speakers, metric counts by
    kind over the whole store), the documents, the selection (counts of the metrics the
    filters keep), each speaker's metric rows, the claims (the same kind, value within 0.5%
    and speaker, mentioned more than once), the timeline (metrics of each kind by published
    date) and the subjects (per subject stated more than once, its values in time order,
    each with its sentence and source).
    """
    with engine.reading(store_dir) as reader:  # one generation for every table read
        return _build(reader, registry, speaker, kind, where or query.MetricFilter())


def _build(
    reader: engine.Reader,
    registry: Registry,
    speaker: str | None,
    kind: str | None,
    where: query.MetricFilter,
) -> Report:
    docs_df = query.documents(reader)
    docs = {
        str(r["doc_id"]): {k: _plain(v) for k, v in r.items()}
        for r in cast("list[dict[str, Any]]", docs_df.to_dict(orient="records"))
    }
    del docs_df
    all_met = reader.frame("SELECT doc_id, kind, speaker FROM metrics")
    sql, params = query.metrics_query(reader, registry, speaker, kind, where)
    who = None
    if speaker is not None:
        who = query.speaker_name(reader, registry, speaker)
    people = {r.speaker: r for r in query.speakers(reader, registry)}
    kinds = _kinds(all_met["kind"].dropna())

    # Corpus overview (whole store, whatever the filters).
    dates = Counter(d["published"] for d in docs.values())
    by_date = tuple(
        DateCount(published=d, documents=n)
        for d, n in sorted(dates.items(), key=lambda x: (x[0] is None, x[0] or ""))
    )
    dated = sorted(d for d in dates if d)
    met_per_doc = all_met.groupby("doc_id").size().to_dict()
    corpus = Overview(
        documents=len(docs),
        dated=sum(n for d, n in dates.items() if d),
        first_date=dated[0] if dated else None,
        last_date=dated[-1] if dated else None,
        by_date=by_date,
        by_language=_counts(d["language"] for d in docs.values()),
        by_script=_counts(d["script"] for d in docs.values()),
        metrics=len(all_met),
        attributed=int(all_met["speaker"].notna().sum()),
        by_kind={k: int((all_met["kind"] == k).sum()) for k in kinds},
        speakers=tuple(
            SpeakerSummary(
                speaker=p.speaker,
                aliases=tuple(p.aliases),
                titles=tuple(p.titles),
                documents=p.documents,
                sections=p.sections,
                metrics=p.metrics,
            )
            for p in people.values()
            if p.documents or p.sections or p.metrics
        ),
    )
    documents = tuple(
        sorted(
            (
                DocumentRow(
                    doc_id=d["doc_id"],
                    source_path=d["source_path"],
                    title=d["title"],
                    published=d["published"],
                    outlet=d["outlet"],
                    language=d["language"],
                    script=d["script"],
                    n_chars=d["n_chars"],
                    metrics=int(met_per_doc.get(d["doc_id"], 0)),
                )
                for d in docs.values()
            ),
            key=lambda d: (d.published is None, d.published or "", d.source_path or ""),
        )
    )

    # The metrics the filters keep, per speaker.
    del all_met
    rows: list[MetricRow] = []
    about: list[tuple[str, SubjectPoint]] = []
    for chunk in reader.batches(sql, params, size=4096):  # streamed: no frame of every row
        for r in chunk:
            row = _metric_row(r, docs.get(str(r["doc_id"]), {}))
            rows.append(row)
            if r.get("subject"):
                about.append((str(r["subject"]), _point(row, _plain(r.get("period")))))
    if not where.sort:  # otherwise the order asked for
        rows.sort(key=lambda m: (m.published is None, m.published or "", m.source_path, m.start))
    repeated = _claims(rows)
    per_speaker: dict[str | None, list[MetricRow]] = {}
    for row in rows:
        per_speaker.setdefault(row.speaker, []).append(row)
    # Speakers in the overview's order (most metrics, then most sections); no speaker last.
    rank: dict[str | None, int] = {name: i for i, name in enumerate(people)}
    order = sorted(
        per_speaker,
        key=lambda s: (s is None, -len(per_speaker[s]), rank.get(s, len(rank)), s or ""),
    )
    speakers: list[SpeakerSection] = []
    for name in order:
        person = people.get(name) if name else None
        mine = per_speaker[name]
        speakers.append(
            SpeakerSection(
                speaker=name,
                label=name or NO_SPEAKER,
                aliases=tuple(person.aliases) if person else (),
                titles=tuple(person.titles) if person else (),
                documents=len({m.doc_id for m in mine}),
                by_kind={k: sum(m.kind == k for m in mine) for k in kinds},
                metrics=tuple(mine),
            )
        )

    # Timeline: metrics of each kind by the published date of their document.
    doc_dates = Counter(d["published"] for d in docs.values())
    counts = {d: dict.fromkeys(kinds, 0) for d in doc_dates}
    for row in rows:
        at = counts[row.published]
        at[row.kind] = at.get(row.kind, 0) + 1
    timeline = Timeline(
        kinds=tuple(kinds),
        rows=tuple(
            TimelineRow(published=d, documents=n, counts=counts[d], total=sum(counts[d].values()))
            for d, n in sorted(doc_dates.items(), key=lambda t: (t[0] is None, t[0] or ""))
        ),
    )

    manifest = reader.manifest()
    filters = Filters(
        speaker=who,
        kind=kind,
        since=_plain(where.since),
        until=_plain(where.until),
        min=_plain(where.min_value),
        max=_plain(where.max_value),
        doc=_plain(where.doc),
        sort=_plain(where.sort),
        limit=_plain(where.limit),
    )
    return Report(
        title="Speech metrics report",
        data_as_of=manifest.get("written"),
        filters=filters,
        corpus=corpus,
        documents=documents,
        selection=Selection(
            metrics=len(rows),
            speakers=sum(1 for s in speakers if s.speaker),
            by_kind={k: sum(m.kind == k for m in rows) for k in kinds},
            by_speaker={s.label: len(s.metrics) for s in speakers},
        ),
        speakers=tuple(speakers),
        claims=repeated,
        timeline=timeline,
        subjects=_subjects(about),
    )


def _period_date(period: str | None, published: str | None) -> str | None:
    """Where a stated value sits on a time axis: the start of its period (2018-Q3 ->
    2018-07-01), else its document's published date."""
    if period:
        year, _, rest = period.partition("-")
        month = 1
        if rest.startswith("Q") and rest[1:].isdigit():
            month = 3 * int(rest[1:]) - 2
        elif rest.startswith("H") and rest[1:].isdigit():
            month = 6 * int(rest[1:]) - 5
        elif rest[:2].isdigit():
            return f"{year}-{rest[:2]}-{rest[3:5] if len(rest) >= 5 else '01'}"
        return f"{year}-{month:02d}-01"
    return published


def _point(row: MetricRow, period: str | None) -> SubjectPoint:
    """A value stated about a subject, for its timeline."""
    return SubjectPoint(
        kind=row.kind,
        value=row.value,
        human=row.human,
        number=row.number,
        qualifier=row.qualifier,
        published=row.published,
        speaker=row.speaker,
        surface=row.surface,
        sentence=row.sentence,
        source_path=row.source_path,
        title=row.title,
        doc_id=row.doc_id,
        start=row.start,
        period=period,
        when=_period_date(period, row.published),
    )


def _subjects(about: list[tuple[str, SubjectPoint]]) -> tuple[Subject, ...]:
    """Per subject stated more than once, its stated values in time order (the period the
    sentence gives, else the published date; ties in the documents' order, whatever order the
    store streamed them in), each with its sentence and source; subjects with the most values
    first, at most SUBJECTS_SHOWN."""
    by_subject: dict[str, list[SubjectPoint]] = {}
    for subject, point in about:
        by_subject.setdefault(subject, []).append(point)
    shown = sorted(
        (item for item in by_subject.items() if len(item[1]) > 1),
        key=lambda item: (-len(item[1]), item[0]),
    )[:SUBJECTS_SHOWN]
    return tuple(
        Subject(
            subject=subject,
            kinds=tuple(
                k for k in _kinds({p.kind for p in points}) if any(p.kind == k for p in points)
            ),
            points=tuple(
                sorted(points, key=lambda p: (p.when is None, p.when or "", p.kind, p.value,
                                              p.source_path or "", p.doc_id, p.start))
            ),
        )
        for subject, points in shown
    )


def _counts(values: Any) -> dict[str, int]:
    counts = Counter(v if v else "und" for v in values)
    return dict(sorted(counts.items(), key=lambda x: (-x[1], x[0])))


# -- shared wording --------------------------------------------------------------------------


def _qualifier(q: str | None) -> str:
    return (q or "").replace("_", " ")


def _filters_text(report: Report) -> str:
    f = as_dict(report.filters)
    parts = [f"speaker {f['speaker']}"] if f["speaker"] else []
    parts += [f"kind {f['kind']}"] if f["kind"] else []
    parts += [f"{k} {f[k]}" for k in ("since", "until", "min", "max", "doc", "sort", "limit") if k in f]
    return ", ".join(parts)


def _plural(n: int, word: str) -> str:
    return f"{n} {word}" + ("" if n == 1 else "s")


def _count_list(counts: dict[str, int]) -> str:
    return ", ".join(f"{k} {v}" for k, v in counts.items())


# -- Markdown --------------------------------------------------------------------------------


def _cell(value: object) -> str:
    if value is None or value is pd.NA or (isinstance(value, float) and pd.isna(value)):
        return ""
    return _md_text(str(value)).replace("|", "\\|").replace("\n", " ")


def _md_text(text: str) -> str:
    """Document text for Markdown: raw HTML in it is shown, never rendered (a <script> in a
    page once ran when the report was viewed), and control characters are shown."""
    return visible(escape(text, quote=False))


def _table(header: list[str], rows: list[list[object]]) -> list[str]:
    lines = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    lines += ["| " + " | ".join(_cell(c) for c in row) + " |" for row in rows]
    return lines + [""]


def _marked(sentence: str | None, surface: str | None, open_: str, close: str) -> str:
    sentence = sentence or ""
    if surface and surface in sentence:
        before, _, after = sentence.partition(surface)
        return f"{before}{open_}{surface}{close}{after}"
    return sentence


def render_markdown(report: Report) -> str:
    """The report as Markdown."""
    c = report.corpus
    lines = [f"# {_md_text(str(report.title))}", ""]
    if report.data_as_of:
        lines += [f"Data as of {report.data_as_of}.", ""]
    if _filters_text(report):
        lines += [f"Filtered: {_md_text(_filters_text(report))}.", ""]
    span = f", {c.first_date} to {c.last_date}" if c.first_date else ""
    lines += [
        "## Corpus overview",
        "",
        f"- Documents: {c.documents} ({c.dated} dated{span})",
        f"- Languages: {_count_list(c.by_language)}",
        f"- Scripts: {_count_list(c.by_script)}",
        f"- Speakers: {len(c.speakers)} ({sum(1 for s in c.speakers if s.metrics)} with metrics)",
        f"- Metrics: {c.metrics} ({_count_list(c.by_kind)}; {c.attributed} attributed)",
        "",
        "### Documents by date",
        "",
    ]
    lines += _table(
        ["published", "documents"], [[date_label(d.published), d.documents] for d in c.by_date]
    )
    lines += ["### Documents", ""]
    lines += _table(
        ["published", "document", "title", "outlet", "language", "script", "metrics"],
        [
            [
                date_label(d.published),
                d.source_path,
                d.title,
                d.outlet,
                d.language,
                d.script,
                d.metrics,
            ]
            for d in report.documents
        ],
    )
    lines += ["### Speakers", ""]
    lines += _table(
        ["speaker", "aliases", "documents", "sections", "metrics"],
        [
            [s.speaker, ", ".join(s.aliases), s.documents, s.sections, s.metrics]
            for s in c.speakers
        ],
    )
    lines += ["### Metrics by kind", ""]
    lines += _table(["kind", "metrics"], [[k, n] for k, n in report.selection.by_kind.items()])

    lines += ["## Metrics by speaker", ""]
    if not report.speakers:
        lines += ["No metrics match.", ""]
    for s in report.speakers:
        lines += [f"### {_md_text(str(s.label))}", ""]
        about = []
        if s.aliases:
            about.append("Also: " + ", ".join(s.aliases))
        if s.titles:
            about.append("; ".join(s.titles))
        about.append(_plural(len(s.metrics), "metric") + " in " + _plural(s.documents, "document"))
        lines += [_md_text(". ".join(about)) + ".", ""]
        lines += _table(
            ["kind", "value", "number", "qualifier", "sentence", "document", "published"],
            [
                [
                    m.kind,
                    m.human,
                    m.number,
                    _qualifier(m.qualifier),
                    _marked(m.sentence, m.surface, "**", "**"),
                    m.source_path,
                    date_label(m.published),
                ]
                for m in s.metrics
            ],
        )

    lines += ["## Claims made more than once", ""]
    lines += [
        "Mentions of the same kind and speaker whose values agree within 0.5%; "
        "sources counts the documents carrying the claim.",
        "",
    ]
    if report.claims:
        lines += _table(
            ["kind", "value", "speaker", "sources", "mentions", "wording", "documents"],
            [
                [
                    cl.kind,
                    cl.human if cl.human == cl.number else f"{cl.human} ({cl.number})",
                    cl.speaker or NO_SPEAKER,
                    cl.sources,
                    cl.mentions,
                    " / ".join(cl.surfaces),
                    ", ".join(
                        f"{d.source_path} ({date_label(d.published)}, {d.mentions}x)"
                        for d in cl.documents
                    ),
                ]
                for cl in report.claims
            ],
        )
    else:
        lines += ["No claim is made more than once.", ""]

    t = report.timeline
    lines += [
        "## Timeline",
        "",
        "Metrics of each kind by the published date of their document.",
        "",
    ]
    lines += _table(
        ["published", "documents", *t.kinds, "total"],
        [
            [date_label(r.published), r.documents, *(r.counts[k] for k in t.kinds), r.total]
            for r in t.rows
        ],
    )
    if report.subjects:
        lines += [
            "## Subjects",
            "",
            "Values stated about each subject, in time order (the period the sentence gives, "
            "else the published date).",
            "",
        ]
        for subj in report.subjects:
            lines += [f"### {_md_text(subj.subject)}", ""]
            lines += _table(
                ["when", "period", "kind", "value", "qualifier", "speaker", "wording", "document"],
                [
                    [
                        date_label(p.when),
                        p.period or "",
                        p.kind,
                        p.human if p.human == p.number else f"{p.human} ({p.number})",
                        _qualifier(p.qualifier),
                        p.speaker or NO_SPEAKER,
                        p.surface,
                        p.source_path,
                    ]
                    for p in subj.points
                ],
            )
    return "\n".join(lines).rstrip() + "\n"


# -- JSON ------------------------------------------------------------------------------------


def render_json(report: Report) -> str:
    """The report as JSON (UTF-8 text, Chinese unescaped)."""
    return to_json(report)


# -- HTML ------------------------------------------------------------------------------------


def _escaped(value: object) -> object:
    """Every {{ value }} of the templates on its way out, before autoescape: None as nothing;
    text with quotes escaped here with the stdlib's entities, the ones the page has always had
    (&quot;, &#x27;; markupsafe writes &#34;, &#39;); the rest left to autoescape, which
    escapes it as the stdlib would (&amp;, &lt;, &gt;) and lets markup (a chart, a macro's
    output) through."""
    if value is None:
        return ""
    if isinstance(value, Markup | int | float):
        return value
    text = str(value)
    if '"' in text or "'" in text:
        return Markup(escape(text, quote=True))
    return text


class _Compact(jinja2.ext.Extension):
    """Line breaks and the indentation after them are layout only in the templates named in
    COMPACT: they are removed before compiling, so the page keeps its long lines while its
    templates stay readable (a break that belongs in the page is written {{ nl }})."""

    COMPACT = frozenset({"parts.html", "sections.html"})

    def preprocess(self, source: str, name: str | None, filename: str | None = None) -> str:
        return re.sub(r"\n[ \t]*", "", source) if name in self.COMPACT else source


@functools.cache
def _environment() -> jinja2.Environment:
    env = jinja2.Environment(
        loader=jinja2.PackageLoader("speeches", "templates"),
        autoescape=True,
        finalize=_escaped,
        extensions=[_Compact],
        keep_trailing_newline=True,
        undefined=jinja2.StrictUndefined,
    )
    env.globals.update(
        nl="\n",
        color=color,
        date=date_label,
        qualifier=_qualifier,
        plural=_plural,
        count_list=_count_list,
        svg_hbars=svg_hbars,
        svg_timeline=svg_timeline,
        svg_values=svg_values,
    )
    return env


def render_html(report: Report) -> str:
    """The report as one self-contained HTML page (inline CSS and SVG; no scripts), from
    templates/report.html."""
    c = report.corpus
    sel = report.selection
    filtered = bool(_filters_text(report))
    caption = "Metrics by kind" + (" (this report)" if filtered else "")
    subtitle = f"{c.documents} documents · {len(c.speakers)} speakers · {sel.metrics} metrics"
    if filtered:
        subtitle += f" · filtered: {_filters_text(report)}"
    as_of = ""
    if report.data_as_of:
        as_of = "Data as of " + str(report.data_as_of).replace("T", " ")[:16]
    page = _environment().get_template("report.html").generate(
        report=report,
        kinds=list(report.timeline.kinds),
        span=f"{c.first_date} – {c.last_date}" if c.first_date else "no dates",
        with_metrics=sum(1 for s in c.speakers if s.metrics),
        filtered=filtered,
        caption=caption,
        kind_rows=[
            (KIND_LABELS.get(k, k), {k: n})
            for k, n in sel.by_kind.items()
            if n or not report.filters.kind
        ],
        speaker_rows=[(s.label if s.speaker else "(no speaker)", s.by_kind) for s in report.speakers],
        subtitle=subtitle,
        as_of=as_of,
    )
    return "".join(page)  # streamed: the page is held once, not once per part as well


# -- entry points ----------------------------------------------------------------------------

RENDERERS = {"md": render_markdown, "html": render_html, "json": render_json}


def render(
    fmt: str,
    store_dir: Path | engine.Reader,
    registry: Registry,
    speaker: str | None = None,
    kind: str | None = None,
    where: query.MetricFilter | None = None,
) -> str:
    """The report in format `fmt` (md, html or json)."""
    if fmt not in RENDERERS:
        raise ValueError(f"unknown report format {fmt!r}: use one of {', '.join(FORMATS)}")
    return RENDERERS[fmt](build(store_dir, registry, speaker=speaker, kind=kind, where=where))


def markdown(
    store_dir: Path, registry: Registry, speaker: str | None = None, kind: str | None = None
) -> str:
    """A Markdown report: corpus overview, metrics per speaker, repeated claims, timeline."""
    return render("md", store_dir, registry, speaker, kind)


def html(
    store_dir: Path, registry: Registry, speaker: str | None = None, kind: str | None = None
) -> str:
    """The report as one self-contained HTML page with inline CSS and SVG charts."""
    return render("html", store_dir, registry, speaker, kind)


def json(
    store_dir: Path, registry: Registry, speaker: str | None = None, kind: str | None = None
) -> str:
    """The report as JSON: the model `build` returns, written out."""
    return render("json", store_dir, registry, speaker, kind)
