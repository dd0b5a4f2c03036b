"""The `speeches` command: parse options, call the library, print, exit."""

from __future__ import annotations

import contextlib
import dataclasses
import datetime as dt
import signal
import sys
from collections.abc import Iterator
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

from speeches import __version__, display
from speeches.config import PROCESSED_DIR, Settings
from speeches.errors import SpeechesError
from speeches.outfile import write_output
from speeches.rules.speakers import load_registry
from speeches.rules.subjects import load_subjects

if TYPE_CHECKING:
    from speeches.read.query import MetricFilter

app = typer.Typer(
    help="Metrics (users, servers, hospitals, percentages) and who said them, from "
    "executive-speech transcripts in Chinese and English.",
    no_args_is_help=True,
    add_completion=True,
    pretty_exceptions_enable=False,
    context_settings={"help_option_names": ["-h", "--help"]},
)
_state = {"debug": False}


class TableFormat(StrEnum):
    table = "table"
    json = "json"
    csv = "csv"
    csv_excel = "csv-excel"  # CSV with a UTF-8 byte order mark: Excel opens it as UTF-8


class ReportFormat(StrEnum):
    md = "md"
    html = "html"
    json = "json"


class Executor(StrEnum):
    local = "local"
    dask = "dask"


# `report -o FILE` without --format: the format its extension names.
_REPORT_EXTENSIONS = {
    ".md": ReportFormat.md,
    ".markdown": ReportFormat.md,
    ".html": ReportFormat.html,
    ".htm": ReportFormat.html,
    ".json": ReportFormat.json,
}


StoreOpt = Annotated[Path, typer.Option("--store", help="Folder of the parquet tables.")]
SpeakersOpt = Annotated[
    Path | None,
    typer.Option("--speakers", help="Speaker registry file (TOML) read over the shipped one."),
]
RulesOpt = Annotated[
    Path | None,
    typer.Option("--rules", help="Metric rule file (TOML) read over the shipped rules."),
]
AttributionOpt = Annotated[
    Path | None,
    typer.Option(
        "--attribution",
        help="Attribution cue file (TOML) read over the shipped rules/attribution.toml.",
    ),
]
FormatOpt = Annotated[
    TableFormat,
    typer.Option(
        "--format", help="table (terminal), json, csv, or csv-excel (CSV with a BOM for Excel)."
    ),
]
SubjectsOpt = Annotated[
    Path | None,
    typer.Option(
        "--subjects",
        help="Subject registry file (TOML) read over the shipped rules/subjects.toml.",
    ),
]
SubjectOpt = Annotated[
    str | None,
    typer.Option(
        "--subject", help="Only metrics about this (any alias: 微信, WeChat, Weixin; 網民)."
    ),
]
SinceOpt = Annotated[
    dt.datetime | None,
    typer.Option("--since", formats=["%Y-%m-%d"], help="Only documents published on or after."),
]
UntilOpt = Annotated[
    dt.datetime | None,
    typer.Option("--until", formats=["%Y-%m-%d"], help="Only documents published on or before."),
]
MinOpt = Annotated[float | None, typer.Option("--min", help="Only values at least this.")]
MaxOpt = Annotated[float | None, typer.Option("--max", help="Only values at most this.")]
DocOpt = Annotated[
    str | None, typer.Option("--doc", help="Only this document (doc_id prefix or path).")
]
SortOpt = Annotated[
    str | None,
    typer.Option("--sort", help="Order by this column; -value or value:desc for descending."),
]
LimitOpt = Annotated[int | None, typer.Option("--limit", min=0, help="At most N rows.")]


def _where(
    since: dt.datetime | None,
    until: dt.datetime | None,
    min_value: float | None,
    max_value: float | None,
    doc: str | None,
    sort: str | None,
    limit: int | None,
) -> MetricFilter:
    from speeches.read.query import MetricFilter

    return MetricFilter(
        since=since.date() if since else None,
        until=until.date() if until else None,
        min_value=min_value,
        max_value=max_value,
        doc=doc,
        sort=sort,
        limit=limit,
    )


@contextlib.contextmanager
def _reading(store: Path, speakers: Path | None) -> Iterator[tuple[Any, Any]]:
    """(engine.Reader on the store's live generation, the speaker registry): the registry
    reads the --speakers file, else the one the store remembers from its ingest."""
    from speeches.read import engine
    from speeches.store import remembered

    if speakers is not None:
        load_registry(speakers)  # a bad file given is reported before the store is read
    with engine.Reader(store) as reader:
        extra = remembered.file_for(reader.generation, "speakers", speakers)
        yield reader, load_registry(extra)


def _version(value: bool) -> None:
    if value:
        display.print_text(f"speeches {__version__}")
        raise typer.Exit()


@contextlib.contextmanager
def cli_errors() -> Iterator[None]:
    """SpeechesError -> 'Error: message' on stderr and exit 1; no traceback unless --debug."""
    try:
        yield
    except SpeechesError as e:
        if _state["debug"]:
            raise
        display.error(str(e))
        raise typer.Exit(1) from None
    except KeyboardInterrupt:
        if _state["debug"]:
            raise
        display.error("interrupted; the store is as it was before this run")
        raise typer.Exit(130) from None
    except BrokenPipeError:
        sys.stderr.close()
        raise typer.Exit(0) from None
    except (OSError, ValueError, RuntimeError) as e:
        if _state["debug"]:
            raise
        display.error(f"{type(e).__name__}: {e} (run with --debug for the traceback)")
        raise typer.Exit(1) from None


@app.callback()
def main_options(
    debug: Annotated[bool, typer.Option("--debug", help="Show tracebacks of errors.")] = False,
    version: Annotated[
        bool,
        typer.Option(
            "--version", callback=_version, is_eager=True, help="Print the version and exit."
        ),
    ] = False,
    csv_formulas: Annotated[
        bool,
        typer.Option(
            "--csv-formulas",
            help="In --format csv, keep cells starting with = + - @ as they are (by default "
            "they get a leading ' so a spreadsheet does not run them as formulas).",
        ),
    ] = False,
) -> None:
    _state["debug"] = debug
    display.options["csv_formulas"] = csv_formulas


@app.command()
def ingest(
    paths: Annotated[
        list[Path], typer.Argument(help="Files or folders of transcripts (.txt, .md, .html).")
    ],
    store: StoreOpt = PROCESSED_DIR,
    rules: RulesOpt = None,
    speakers: SpeakersOpt = None,
    attribution: AttributionOpt = None,
    subjects: SubjectsOpt = None,
    encoding: Annotated[
        str | None, typer.Option(help="Read every file in this encoding instead of detecting it.")
    ] = None,
    workers: Annotated[int, typer.Option(help="Worker processes (0: every core).")] = 0,
    force: Annotated[
        bool, typer.Option("--force", help="Re-process files that have not changed.")
    ] = False,
    wait: Annotated[
        bool, typer.Option("--wait", help="Wait for another ingest into the same store to finish.")
    ] = False,
    executor: Annotated[
        Executor, typer.Option(help="Where batches run: local (process pool) or dask.")
    ] = Executor.local,
    scheduler: Annotated[
        str | None,
        typer.Option(help="Dask scheduler address (tcp://HOST:PORT); without it, a LocalCluster."),
    ] = None,
    quiet: Annotated[
        bool, typer.Option("--quiet", "-q", help="No progress bar and no summary.")
    ] = False,
    tokens: Annotated[
        bool,
        typer.Option(
            "--tokens/--no-tokens",
            help="Segment the text and store its tokens (keywords needs them; "
            "--no-tokens ingests faster and makes a store a third the size).",
        ),
    ] = True,
) -> None:
    """Ingest, normalize, segment and extract PATHS into parquet tables in STORE.

    Re-ingesting replaces the rows of changed files and skips unchanged ones; documents from
    other folders stay. Exit code 0 when every file was stored, 1 when some were skipped.

    Example: speeches ingest data/raw --store data/processed
    """
    settings = Settings.from_options(
        store=store,
        rules=rules,
        speakers=speakers,
        attribution=attribution,
        subjects=subjects,
        encoding=encoding,
        workers=workers,
        force=force,
        wait=wait,
        executor=executor.value,
        scheduler=scheduler,
        tokens=tokens,
    )
    with cli_errors(), display.ingest_progress(quiet) as bar:
        task = None

        def on_plan(n_files: int, n_bytes: int) -> None:
            nonlocal task
            if bar is not None:
                task = bar.add_task(
                    "ingest", total=n_files, mb=0.0, total_mb=n_bytes / 1e6, rate=0.0
                )

        import time

        t0 = time.perf_counter()

        def on_progress(files: int, n_bytes: int) -> None:
            if bar is not None and task is not None:
                rate = n_bytes / 1e6 / max(time.perf_counter() - t0, 1e-6)
                bar.update(task, completed=files, mb=n_bytes / 1e6, rate=rate)

        from speeches.write import pipeline  # the stages' rules: not imported by the read commands

        result = pipeline.run(paths, settings, progress=on_progress, on_plan=on_plan)
    with contextlib.suppress(KeyboardInterrupt):  # the store is updated: nothing to undo
        display.ingest_summary(result, quiet=quiet)
    if not (result.stored or result.unchanged or result.failed or result.duplicates):
        display.error(
            f"no transcripts (.txt, .md, .html) in {', '.join(str(p) for p in paths)}; "
            "nothing was ingested"
        )
        raise typer.Exit(1)
    if result.failed or result.ignored:
        raise typer.Exit(1)


@app.command()
def extract(
    store: StoreOpt = PROCESSED_DIR,
    rules: RulesOpt = None,
    attribution: AttributionOpt = None,
    subjects: SubjectsOpt = None,
    wait: Annotated[
        bool, typer.Option("--wait", help="Wait for an ingest into the store to finish.")
    ] = False,
) -> None:
    """Re-run metric extraction over the stored normalized text, without re-ingesting.

    With --attribution, sections and speakers are worked out again with those cues too; with
    --subjects, every metric's subject is found again with that registry over the shipped one.

    Example: speeches extract --rules my-rules.toml --attribution my-cues.toml
    """
    from speeches.write import pipeline

    with cli_errors():
        load_subjects(subjects)  # a bad file is reported before the store is locked
        rows = pipeline.reextract(
            Settings.from_options(
                store=store, rules=rules, attribution=attribution, subjects=subjects, wait=wait
            )
        )
    display.info(f"extract: {rows.get('metrics', 0)} metrics in {store}")


@app.command()
def metrics(
    speaker: Annotated[
        str | None, typer.Option(help="Canonical name or any alias (汤道生, 湯道生, Dowson Tong).")
    ] = None,
    kind: Annotated[
        str | None, typer.Option(help="users, servers, hospitals or percentage.")
    ] = None,
    subject: SubjectOpt = None,
    since: SinceOpt = None,
    until: UntilOpt = None,
    min_value: MinOpt = None,
    max_value: MaxOpt = None,
    doc: DocOpt = None,
    sort: SortOpt = None,
    limit: LimitOpt = None,
    store: StoreOpt = PROCESSED_DIR,
    speakers: SpeakersOpt = None,
    subjects: SubjectsOpt = None,
    fmt: FormatOpt = TableFormat.table,
) -> None:
    """List the metrics found, optionally for one speaker, kind or subject, a span of
    published dates, a range of values or one document; sorted and limited as asked.

    Example: speeches metrics --speaker 汤道生 --kind users --since 2020-01-01 --sort -value
    """
    with cli_errors():
        # pandas: imported by the commands that read tables, not by ingest
        from speeches.read import query
        from speeches.store import remembered

        where = _where(since, until, min_value, max_value, doc, sort, limit)
        with _reading(store, speakers) as (reader, registry):
            if subject is not None:
                known = remembered.file_for(reader.generation, "subjects", subjects)
                name = query.subject_name(reader, load_subjects(known), subject)
                where = dataclasses.replace(where, subject=name)
            df = query.metrics(reader, registry, speaker=speaker, kind=kind, where=where)
        df = df[query.METRIC_COLUMNS + [c for c in df.columns if c not in query.METRIC_COLUMNS]]
        display.print_frame(
            df,
            fmt.value,
            title="metrics",
            columns=["speaker", "kind", "value", "qualifier", "surface", "source_path"],
        )


@app.command()
def report(
    fmt: Annotated[
        ReportFormat | None,
        typer.Option(
            "--format",
            help="md, html (one self-contained page) or json; without it, the extension of "
            "--output (.md, .html, .json), else md.",
        ),
    ] = None,
    output: Annotated[
        Path | None,
        typer.Option(
            "--output",
            "-o",
            help="Write to this file (- for stdout); a FIFO or device is written in place.",
        ),
    ] = None,
    speaker: Annotated[str | None, typer.Option(help="Only this speaker (any alias).")] = None,
    kind: Annotated[str | None, typer.Option(help="Only this kind of metric.")] = None,
    since: SinceOpt = None,
    until: UntilOpt = None,
    min_value: MinOpt = None,
    max_value: MaxOpt = None,
    doc: DocOpt = None,
    sort: SortOpt = None,
    limit: LimitOpt = None,
    store: StoreOpt = PROCESSED_DIR,
    speakers: SpeakersOpt = None,
) -> None:
    """A report of the corpus and its metrics: an overview (documents by date, language and
    script; speakers; metrics by kind), each speaker's metrics with the sentence and document,
    claims made more than once, and a timeline by published date.

    md is Markdown; html is one self-contained page (inline CSS and SVG charts, readable
    offline and printable); json holds the same content for other tools.

    The filters (--since, --until, --min, --max, --doc) choose the metrics listed, as in
    `metrics`; the corpus overview is always of the whole store. With --sort the metrics
    are listed in that order; --limit keeps the first N.

    Example: speeches report --output report.html
    """
    # The module is imported here: this command's name would shadow it at module level.
    from speeches.read import report as reports

    if fmt is None:
        suffix = output.suffix.lower() if output is not None else ""
        fmt = _REPORT_EXTENSIONS.get(suffix, ReportFormat.md)
    with cli_errors():
        where = _where(since, until, min_value, max_value, doc, sort, limit)
        with _reading(store, speakers) as (reader, registry):
            text = reports.render(
                fmt.value, reader, registry, speaker=speaker, kind=kind, where=where
            )
        if output is None:
            display.print_text(text)
        else:
            write_output(output, text)
            if str(output) != "-":
                display.info(f"report: wrote {output}")


def _require_tokens(reader: Any, store_dir: Path, command: str) -> None:
    """A command that counts tokens stops with one line if the store was made without them
    (read from the manifest of the generation `reader` holds)."""
    if reader.manifest().get("tokens", True) is False:
        raise SpeechesError(
            f"{command} needs the tokens table, and {store_dir} was ingested with --no-tokens: "
            f"run `speeches ingest PATH --store {store_dir} --force` without it"
        )


@app.command()
def keywords(
    speaker: Annotated[
        str | None,
        typer.Option(help="Keywords of this speaker (any alias); without it, the word list."),
    ] = None,
    top: Annotated[int, typer.Option("--top", "-n", help="How many terms to list.")] = 30,
    min_count: Annotated[
        int, typer.Option("--min-count", help="Leave out terms the speaker uses fewer times.")
    ] = 2,
    store: StoreOpt = PROCESSED_DIR,
    speakers: SpeakersOpt = None,
    fmt: FormatOpt = TableFormat.table,
) -> None:
    """Distinctive terms of a speaker against the rest of the corpus, or the corpus word list.

    Keyness is Dunning's log-likelihood (G2) over the stored tokens: `g2` is the statistic
    (3.84 is p < 0.05, 10.83 is p < 0.001), `p` its chi-square p-value, `log_ratio` the effect
    size (log2 of the ratio of relative frequencies). Only terms the speaker uses more than the
    rest of the corpus are listed. Chinese and English stopwords, punctuation, numbers and
    single letters are left out. Without --speaker: content words by frequency.

    Example: speeches keywords --speaker 汤道生 --top 20
    """
    from speeches.read import corpus

    with cli_errors():
        with _reading(store, speakers) as (reader, registry):
            _require_tokens(reader, store, "keywords")
            df = corpus.keywords(reader, registry, speaker=speaker, top=top, min_count=min_count)
        display.print_frame(df, fmt.value, title=f"keywords: {speaker}" if speaker else "words")


@app.command()
def kwic(
    term: Annotated[str, typer.Argument(help="Word or phrase; Traditional finds Simplified.")],
    width: Annotated[
        int, typer.Option("--width", "-w", help="Characters of context on each side.")
    ] = 30,
    speaker: Annotated[
        str | None, typer.Option(help="Only where this speaker (any alias) speaks.")
    ] = None,
    limit: Annotated[
        int | None, typer.Option("--limit", min=0, help="The first N lines only (stops there).")
    ] = None,
    store: StoreOpt = PROCESSED_DIR,
    speakers: SpeakersOpt = None,
    fmt: Annotated[
        TableFormat,
        typer.Option("--format", help="table (aligned lines), json, csv or csv-excel."),
    ] = TableFormat.table,
) -> None:
    """Keyword in context: every occurrence of TERM in the body of the stored documents,
    aligned on the term, with its document and speaker.

    TERM is normalized like the corpus (產業互聯網 finds 产业互联网); Latin words match in
    any case and as whole words. Newlines in the context show as spaces.

    Example: speeches kwic 产业互联网 --width 20
    """
    from speeches.read import corpus

    with cli_errors():
        with _reading(store, speakers) as (reader, registry):
            df = corpus.kwic(reader, term, registry, width=width, speaker=speaker, limit=limit)
        if df.empty:
            display.info(f"kwic: no match for {term!r}")
        if fmt is TableFormat.table:
            display.print_kwic(df, corpus.aligned(df))
        else:
            display.print_frame(df, fmt.value)


@app.command("speakers")
def speakers_cmd(
    everyone: Annotated[
        bool, typer.Option("--all", help="Every person of the registry, with documents or not.")
    ] = False,
    store: StoreOpt = PROCESSED_DIR,
    speakers: SpeakersOpt = None,
    fmt: FormatOpt = TableFormat.table,
) -> None:
    """List the speakers of the stored documents with their aliases and counts of documents,
    sections and metrics (--all: the whole speaker registry too).

    Example: speeches speakers --format json
    """
    import pandas as pd

    with cli_errors():
        from speeches.read import query

        with _reading(store, speakers) as (reader, registry):
            rows = query.speakers(reader, registry, everyone=everyone)
        df = pd.DataFrame([r.__dict__ for r in rows])
        if fmt is not TableFormat.json and len(df):
            df["aliases"] = df["aliases"].map(", ".join)
            df["titles"] = df["titles"].map("; ".join)
        display.print_frame(
            df,
            fmt.value,
            title="speakers",
            columns=["speaker", "aliases", "documents", "sections", "metrics"],
        )


@app.command()
def show(
    doc: Annotated[str, typer.Argument(help="A doc_id (or its prefix) or a source path.")],
    store: StoreOpt = PROCESSED_DIR,
    dropped: Annotated[
        bool, typer.Option("--dropped", help="Show the page furniture removed instead of the body.")
    ] = False,
    why: Annotated[
        bool,
        typer.Option("--why", help="Show beside each section why it has its speaker (the cue)."),
    ] = False,
) -> None:
    """Show one stored document: metadata, sections with speakers, or the dropped furniture.

    Example: speeches show 002_f7e51955b27f69e8.txt --why
    """
    from speeches.read import engine, query

    with cli_errors(), engine.Reader(store) as reader:
        ids = query.matching_doc_ids(reader, doc)
        if not ids:
            raise SpeechesError(f"no stored document matches {doc!r}")
        cols = "doc_id, source_path, title, published, outlet, language, script, encoding"
        row = reader.frame(
            f"SELECT {cols}{', dropped' if dropped else ''} FROM documents WHERE doc_id = ?",
            [ids[0]],
        ).iloc[0]
        lines = [
            f"doc_id: {row['doc_id']}",
            f"source: {row['source_path']}",
            f"title: {row['title']}",
            f"published: {row['published']}",
            f"outlet: {row['outlet']}",
            f"language: {row['language']}  script: {row['script']}  encoding: {row['encoding']}",
            "",
        ]
        if dropped:
            lines += ["# dropped (page furniture)", str(row["dropped"])]
        else:
            secs = reader.frame(
                "SELECT * EXCLUDE (doc_id) FROM sections WHERE doc_id = ? ORDER BY section_id",
                [row["doc_id"]],
            )
            for s in secs.itertuples():
                who = s.speaker if isinstance(s.speaker, str) else "-"
                lines.append(f"[{s.section_id} {s.kind} {who}] {s.text}")
                if why:
                    reason = getattr(s, "reason", None)
                    lines.append(f"    why: {reason if isinstance(reason, str) else '-'}")
        display.print_text("\n".join(lines))


@app.command()
def claims(
    subject: SubjectOpt = None,
    kind: Annotated[
        str | None, typer.Option(help="users, servers, hospitals or percentage.")
    ] = None,
    min_sources: Annotated[
        int, typer.Option("--min-sources", min=1, help="Only claims stated in N documents or more.")
    ] = 1,
    store: StoreOpt = PROCESSED_DIR,
    subjects: SubjectsOpt = None,
    fmt: FormatOpt = TableFormat.table,
) -> None:
    """The same claim (subject, kind, qualifier, value within 0.5 %) across documents,
    outlets and speakers, with how many documents state it and the first and last date seen.

    Example: speeches claims --subject WeChat --kind users
    """
    with cli_errors():
        from speeches.read import engine, query
        from speeches.store import remembered

        with engine.Reader(store) as reader:
            known = remembered.file_for(reader.generation, "subjects", subjects)
            df = query.claims(reader, load_subjects(known), subject=subject, kind=kind,
                              min_sources=min_sources)
        display.print_frame(df, fmt.value, title="claims")


@app.command()
def sql(
    statement: Annotated[str, typer.Argument(help="One SQL query (SELECT, WITH, FROM, ...).")],
    store: StoreOpt = PROCESSED_DIR,
    fmt: FormatOpt = TableFormat.table,
) -> None:
    """Run one read-only SQL query (DuckDB's dialect) over the store's tables: metrics,
    documents, sections and tokens are views of the live version's parquet files.

    Statements that would write (INSERT, CREATE, COPY, ATTACH, SET, ...) are refused (exit
    2). See the README for worked queries.

    Example: speeches sql "SELECT kind, count(*) AS n FROM metrics GROUP BY kind ORDER BY n DESC"
    """
    from speeches.read import engine

    try:
        engine.check_read_only(statement)
    except engine.SqlRefused as e:
        display.error(str(e))
        raise typer.Exit(2) from None
    with cli_errors(), engine.Reader(store) as reader:
        df = engine.read_only_sql(reader, statement)
        display.print_frame(df, fmt.value, title="sql")


def main() -> None:
    try:
        app()
    finally:
        # The command has finished (or failed) and said so: a Ctrl-C while Python shuts down
        # (joining the worker pool's threads) must not add a traceback or change the exit code.
        signal.signal(signal.SIGINT, signal.SIG_IGN)


if __name__ == "__main__":
    main()
