"""Everything that prints: rich tables and progress on a terminal, plain text otherwise.
The only module importing rich."""

from __future__ import annotations

import csv
import io
import json
import math
import sys
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING, Any, cast

from rich.console import Console
from rich.markup import escape
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    TaskProgressColumn,
    TextColumn,
    TimeRemainingColumn,
)
from rich.table import Table
from rich.text import Text

from .safe import csv_cell, visible

if TYPE_CHECKING:  # pandas is imported by whoever made the frame: `ingest` never needs it
    import pandas as pd

out = Console(soft_wrap=True)
err = Console(stderr=True, soft_wrap=True)
# CSV cells starting with = + - @ get a leading ' so a spreadsheet shows them as text;
# `speeches --csv-formulas` keeps them as they are.
options = {"csv_formulas": False}


def _text_cells(df: pd.DataFrame, fix: Callable[[str], str]) -> pd.DataFrame:
    """`df` with `fix` applied to every str cell of its non-numeric columns."""
    from pandas.api.types import is_numeric_dtype

    df = df.copy()
    for col in df.columns:
        if not is_numeric_dtype(df[col]):
            df[col] = df[col].map(lambda v: fix(v) if isinstance(v, str) else v)
    return df


def _csv_safe(df: pd.DataFrame) -> pd.DataFrame:
    """Text cells with csv_cell applied (numbers stay numbers)."""
    return _text_cells(df, lambda v: csv_cell(v, options["csv_formulas"]))


def _tsv_safe(df: pd.DataFrame) -> pd.DataFrame:
    return _text_cells(df, visible)


def _plain(value: Any) -> Any:
    if value is None or type(value).__name__ == "NAType":  # pandas.NA
        return None
    if isinstance(value, float) and math.isnan(value):
        return None
    if hasattr(value, "isoformat"):
        return value.isoformat()
    if hasattr(value, "item"):
        return value.item()
    return value


def records(df: pd.DataFrame) -> list[dict[str, Any]]:
    rows = cast("list[dict[str, Any]]", df.to_dict(orient="records"))  # columns are str
    return [{k: _plain(v) for k, v in row.items()} for row in rows]


def print_frame(
    df: pd.DataFrame, fmt: str, title: str | None = None, columns: list[str] | None = None
) -> None:
    """A DataFrame as a rich table (terminal), JSON array or CSV on stdout."""
    if fmt == "json":
        sys.stdout.write(json.dumps(records(df), ensure_ascii=False, indent=2) + "\n")
        return
    if fmt == "csv":
        buf = io.StringIO()
        _csv_safe(df).to_csv(buf, index=False, quoting=csv.QUOTE_MINIMAL)
        sys.stdout.write(buf.getvalue())
        return
    shown = df[columns] if columns else df
    if not sys.stdout.isatty():
        # A table is for eyes; a pipe gets tab-separated text.
        sys.stdout.write(_tsv_safe(shown).to_csv(sep="\t", index=False))
        return
    table = Table(title=Text(visible(title)) if title else None, show_lines=False)
    for col in shown.columns:
        table.add_column(Text(visible(str(col))), overflow="fold")
    for row in shown.itertuples(index=False):  # Text: document text is never markup
        table.add_row(*(Text("" if _plain(v) is None else visible(str(_plain(v)))) for v in row))
    out.print(table)


def print_text(text: str) -> None:
    """Text on stdout, its control characters shown (never obeyed by the terminal)."""
    text = visible(text)
    sys.stdout.write(text if text.endswith("\n") else text + "\n")


# Messages name paths and quote documents: never read as rich markup ([/x] crashed it).
def error(message: str) -> None:
    message = visible(message)
    err.print(
        f"[bold red]Error:[/] {escape(message)}", highlight=False, markup=True
    ) if err.is_terminal else sys.stderr.write(f"Error: {message}\n")


def warn(message: str) -> None:
    message = visible(message)
    if err.is_terminal:
        err.print(f"[yellow]skipped[/] {escape(message)}", highlight=False)
    else:
        sys.stderr.write(f"skipped {message}\n")


def info(message: str) -> None:
    message = visible(message)
    if err.is_terminal:
        err.print(message, highlight=False, markup=False)
    else:
        sys.stderr.write(message + "\n")


@contextmanager
def ingest_progress(quiet: bool) -> Iterator[Any]:
    """A progress bar (files, MB, MB/s, ETA) on a terminal; nothing otherwise."""
    if quiet or not err.is_terminal:
        yield None
        return
    columns = [
        TextColumn("[bold]ingest"),
        BarColumn(),
        MofNCompleteColumn(),
        TextColumn("files"),
        TaskProgressColumn(),
        TextColumn("{task.fields[mb]:.1f}/{task.fields[total_mb]:.1f} MB"),
        TextColumn("{task.fields[rate]:.2f} MB/s"),
        TimeRemainingColumn(),
    ]
    with Progress(*columns, console=err, transient=False) as bar:
        yield bar


def ingest_summary(result: Any, quiet: bool = False) -> None:
    for skipped in result.ignored:
        warn(f"{skipped.path}: {skipped.reason}")
    for skipped in result.failed:
        warn(f"{skipped.path}: {skipped.reason}")
    for skipped in result.duplicates:
        warn(f"{skipped.path}: {skipped.reason}")
    if quiet:
        return
    mb = result.n_bytes / 1e6
    rate = mb / result.seconds if result.seconds else 0.0
    parts = [f"{result.stored} stored", f"{result.unchanged} unchanged"]
    if result.duplicates:
        parts.append(f"{len(result.duplicates)} duplicates")
    if result.failed:
        parts.append(f"{len(result.failed)} failed")
    if result.ignored:
        parts.append(f"{len(result.ignored)} ignored")
    tables = (
        ", ".join(f"{n} {k}" for k, n in result.tables.items())
        if result.tables
        else "store unchanged"
    )
    info(
        f"ingest: {'; '.join(parts)} in {result.seconds:.1f}s ({mb:.2f} MB, {rate:.2f} MB/s) "
        f"-> {result.store} ({tables})"
    )


def print_kwic(df: pd.DataFrame, lines: list[str]) -> None:
    """Keyword-in-context rows: a rich table on a terminal (left context right-aligned),
    otherwise the plain `lines`, already aligned on the term."""
    if df.empty:
        return
    if not sys.stdout.isatty():
        sys.stdout.write("".join(visible(line) + "\n" for line in lines))
        return
    table = Table(show_header=True, box=None, pad_edge=False)
    table.add_column("left", justify="right", no_wrap=True, overflow="ellipsis")
    table.add_column("term", justify="center", style="bold yellow", no_wrap=True)
    table.add_column("right", justify="left", no_wrap=True, overflow="ellipsis")
    table.add_column("document", style="dim", no_wrap=True)
    table.add_column("speaker", no_wrap=True)
    # pandas-stubs types each field as any scalar; these are str
    for row in cast("Iterable[Any]", df.itertuples(index=False)):
        who = row.speaker if isinstance(row.speaker, str) else "-"
        cells = (row.left, row.term, row.right, str(row.source_path), who)
        table.add_row(*(Text(visible(str(c))) for c in cells))
    out.print(table, highlight=False)
