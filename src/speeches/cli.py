"""The `speeches` command: parse options, call the library, print, exit."""

from __future__ import annotations

import contextlib
import signal
import sys
from collections.abc import Iterator
from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer

from . import display, pipeline
from .config import PROCESSED_DIR, Settings
from .errors import SpeechesError
from .speakers import load_registry

app = typer.Typer(
    help="Metrics (users, servers, hospitals, percentages) and who said them, from "
    "executive-speech transcripts in Chinese and English.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)
_state = {"debug": False}


class TableFormat(StrEnum):
    table = "table"
    json = "json"
    csv = "csv"


class ReportFormat(StrEnum):
    md = "md"
    html = "html"
    json = "json"


StoreOpt = Annotated[Path, typer.Option("--store", help="Folder of the parquet tables.")]
SpeakersOpt = Annotated[
    Path | None,
    typer.Option("--speakers", help="Speaker registry file (TOML) read over the shipped one."),
]
RulesOpt = Annotated[
    Path | None,
    typer.Option("--rules", help="Metric rule file (TOML) read over the shipped rules."),
]
FormatOpt = Annotated[TableFormat, typer.Option("--format", help="table (terminal), json or csv.")]


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
) -> None:
    _state["debug"] = debug


@app.command()
def ingest(
    paths: Annotated[
        list[Path], typer.Argument(help="Files or folders of transcripts (.txt, .md, .html).")
    ],
    store: StoreOpt = PROCESSED_DIR,
    rules: RulesOpt = None,
    speakers: SpeakersOpt = None,
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
        str, typer.Option(help="Where batches run: local (process pool) or dask.")
    ] = "local",
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
        encoding=encoding,
        workers=workers,
        force=force,
        wait=wait,
        executor=executor,
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

        result = pipeline.run(paths, settings, progress=on_progress, on_plan=on_plan)
    with contextlib.suppress(KeyboardInterrupt):  # the store is updated: nothing to undo
        display.ingest_summary(result, quiet=quiet)
    if result.failed or result.ignored:
        raise typer.Exit(1)


@app.command()
def extract(
    store: StoreOpt = PROCESSED_DIR,
    rules: RulesOpt = None,
    wait: Annotated[
        bool, typer.Option("--wait", help="Wait for an ingest into the store to finish.")
    ] = False,
) -> None:
    """Re-run metric extraction over the stored normalized text, without re-ingesting.

    Example: speeches extract --rules my-rules.toml
    """
    with cli_errors():
        rows = pipeline.reextract(Settings.from_options(store=store, rules=rules, wait=wait))
    display.info(f"extract: {rows.get('metrics', 0)} metrics in {store}")


@app.command()
def metrics(
    speaker: Annotated[
        str | None, typer.Option(help="Canonical name or any alias (汤道生, 湯道生, Dowson Tong).")
    ] = None,
    kind: Annotated[
        str | None, typer.Option(help="users, servers, hospitals or percentage.")
    ] = None,
    store: StoreOpt = PROCESSED_DIR,
    speakers: SpeakersOpt = None,
    fmt: FormatOpt = TableFormat.table,
) -> None:
    """List the metrics found, optionally for one speaker or kind.

    Example: speeches metrics --speaker 汤道生 --format json
    """
    with cli_errors():
        from . import query  # pandas: imported by the commands that read tables, not by ingest

        df = query.metrics(store, load_registry(speakers), speaker=speaker, kind=kind)
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
        ReportFormat, typer.Option("--format", help="md, html (one self-contained page) or json.")
    ] = ReportFormat.md,
    output: Annotated[
        Path | None, typer.Option("--output", "-o", help="Write to this file instead of stdout.")
    ] = None,
    speaker: Annotated[str | None, typer.Option(help="Only this speaker (any alias).")] = None,
    kind: Annotated[str | None, typer.Option(help="Only this kind of metric.")] = None,
    store: StoreOpt = PROCESSED_DIR,
    speakers: SpeakersOpt = None,
) -> None:
    """A report of the corpus and its metrics: an overview (documents by date, language and
    script; speakers; metrics by kind), each speaker's metrics with the sentence and document,
    claims made more than once, and a timeline by published date.

    md is Markdown; html is one self-contained page (inline CSS and SVG charts, readable
    offline and printable); json holds the same content for other tools.

    Example: speeches report --format html --output report.html
    """
    # The module is imported here: this command's name would shadow it at module level.
    from . import report as reports

    with cli_errors():
        registry = load_registry(speakers)
        text = reports.render(fmt.value, store, registry, speaker=speaker, kind=kind)
        if output is None:
            display.print_text(text)
        else:
            _write_atomic(output, text)
            display.info(f"report: wrote {output}")


def _require_tokens(store_dir: Path, command: str) -> None:
    """A command that counts tokens stops with one line if the store was made without them."""
    from . import store

    if not store.has_tokens(store_dir):
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
    from . import corpus

    with cli_errors():
        _require_tokens(store, "keywords")
        registry = load_registry(speakers)
        df = corpus.keywords(store, registry, speaker=speaker, top=top, min_count=min_count)
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
    store: StoreOpt = PROCESSED_DIR,
    speakers: SpeakersOpt = None,
    fmt: Annotated[
        TableFormat, typer.Option("--format", help="table (aligned lines), json or csv.")
    ] = TableFormat.table,
) -> None:
    """Keyword in context: every occurrence of TERM in the body of the stored documents,
    aligned on the term, with its document and speaker.

    TERM is normalized like the corpus (產業互聯網 finds 产业互联网); Latin words match in
    any case and as whole words. Newlines in the context show as spaces.

    Example: speeches kwic 产业互联网 --width 20
    """
    from . import corpus

    with cli_errors():
        registry = load_registry(speakers)
        df = corpus.kwic(store, term, registry, width=width, speaker=speaker)
        if df.empty:
            display.info(f"kwic: no match for {term!r}")
        if fmt is TableFormat.table:
            display.print_kwic(df, corpus.aligned(df))
        else:
            display.print_frame(df, fmt.value)


@app.command("speakers")
def speakers_cmd(
    store: StoreOpt = PROCESSED_DIR,
    speakers: SpeakersOpt = None,
    fmt: FormatOpt = TableFormat.table,
) -> None:
    """List speakers with their aliases and counts of documents, sections and metrics.

    Example: speeches speakers --format json
    """
    import pandas as pd

    with cli_errors():
        from . import query

        rows = query.speakers(store, load_registry(speakers))
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
) -> None:
    """Show one stored document: metadata, sections with speakers, or the dropped furniture.

    Example: speeches show 002_f7e51955b27f69e8.txt --dropped
    """
    from . import store as st

    with cli_errors():
        docs = st.read_table(store, "documents")
        hit = docs[
            (docs["doc_id"].str.startswith(doc))
            | (docs["source_path"] == doc)
            | docs["source_path"].str.endswith("/" + doc)
        ]
        if hit.empty:
            raise SpeechesError(f"no stored document matches {doc!r}")
        row = hit.iloc[0]
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
            secs = st.read_table(store, "sections")
            secs = secs[secs["doc_id"] == row["doc_id"]]
            for s in secs.itertuples():
                who = s.speaker if isinstance(s.speaker, str) else "-"
                lines.append(f"[{s.section_id} {s.kind} {who}] {s.text}")
        display.print_text("\n".join(lines))


def _write_atomic(path: Path, text: str) -> None:
    import os
    import tempfile

    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.")
    with os.fdopen(fd, "w", encoding="utf-8") as fh:
        fh.write(text)
    os.replace(tmp, path)


def main() -> None:
    try:
        app()
    finally:
        # The command has finished (or failed) and said so: a Ctrl-C while Python shuts down
        # (joining the worker pool's threads) must not add a traceback or change the exit code.
        signal.signal(signal.SIGINT, signal.SIG_IGN)


if __name__ == "__main__":
    main()
