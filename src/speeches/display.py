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

from rich.cells import cell_len
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

from speeches.text.safe import csv_cell, visible

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
    if fmt in ("csv", "csv-excel"):
        buf = io.StringIO()
        _csv_safe(df).to_csv(buf, index=False, quoting=csv.QUOTE_MINIMAL)
        if fmt == "csv-excel":
            # A UTF-8 byte order mark and CRLF lines: Excel then reads the Chinese as UTF-8.
            sys.stdout.flush()
            data = "\ufeff" + buf.getvalue().replace("\r\n", "\n").replace("\n", "\r\n")
            sys.stdout.buffer.write(data.encode("utf-8"))
            sys.stdout.buffer.flush()
            return
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
    plain_columns = [str(c) in _NOT_QUANTITIES for c in shown.columns]
    for row in shown.itertuples(index=False):  # Text: document text is never markup
        table.add_row(
            *(Text(visible(_cell(v, plain))) for v, plain in zip(row, plain_columns, strict=True))
        )
    out.print(table)


# Integer columns that are positions or identifiers, not quantities: no separators.
_NOT_QUANTITIES = {"start", "end", "section_id", "position", "doc_id"}


def _cell(value: Any, plain: bool) -> str:
    """A terminal table cell: numbers with thousands separators (110,000,000; 0.7)."""
    value = _plain(value)
    if value is None:
        return ""
    if plain or isinstance(value, bool):
        return str(value)
    if isinstance(value, int):
        return f"{value:,}"
    if isinstance(value, float):
        if value.is_integer() and abs(value) < 1e21:
            return f"{int(value):,}"
        whole, _, frac = repr(value).partition(".")
        if "e" in repr(value) or not frac:
            return repr(value)
        return f"{int(whole):,}.{frac}" if whole not in ("-0",) else repr(value)
    return str(value)


def print_text(text: str) -> None:
    """Text on stdout, its control characters shown (never obeyed by the terminal)."""
    text = visible(text)
    sys.stdout.write(text)  # not text + "\n": a large report would be copied whole
    if not text.endswith("\n"):
        sys.stdout.write("\n")


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
    # The term keeps its width (in terminal cells: a CJK character takes two) and the
    # document and speaker columns are capped, so on a narrow terminal the contexts shrink
    # on the side away from the term: the left one loses its start, the right one its end.
    term_width = max((cell_len(str(t)) for t in df["term"]), default=4)
    doc_width = min(max((cell_len(str(p)) for p in df["source_path"]), default=8), 24)
    who_width = min(max((cell_len(str(w)) for w in df["speaker"].fillna("-")), default=1), 12)
    context = max(6, (out.width - term_width - doc_width - who_width - 10) // 2)
    table = Table(show_header=True, box=None, pad_edge=False)
    table.add_column("left", justify="right", no_wrap=True, width=context)
    table.add_column("term", justify="center", style="bold yellow", no_wrap=True)
    table.add_column("right", justify="left", no_wrap=True, width=context)
    table.add_column("document", style="dim", no_wrap=True, overflow="ellipsis", max_width=24)
    table.add_column("speaker", no_wrap=True, overflow="ellipsis", max_width=12)
    # pandas-stubs types each field as any scalar; these are str
    for row in cast("Iterable[Any]", df.itertuples(index=False)):
        who = row.speaker if isinstance(row.speaker, str) else "-"
        cells = (
            _cells_tail(visible(str(row.left)), context),
            visible(str(row.term)),
            _cells_head(visible(str(row.right)), context),
            visible(str(row.source_path)),
            visible(who),
        )
        table.add_row(*(Text(c) for c in cells))  # Text: document text is never markup
    out.print(table, highlight=False)


def _cells_head(text: str, width: int) -> str:
    """The start of `text` that fits in `width` terminal cells, with … if cut."""
    if cell_len(text) <= width:
        return text
    out, used = [], 1
    for ch in text:
        used += cell_len(ch)
        if used > width:
            break
        out.append(ch)
    return "".join(out) + "…"


def _cells_tail(text: str, width: int) -> str:
    """The end of `text` that fits in `width` terminal cells, with … if cut."""
    return _cells_head(text[::-1], width)[::-1] if cell_len(text) > width else text
