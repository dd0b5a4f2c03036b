"""The read side's engine: DuckDB over one generation of the parquet store.

A `Reader` resolves the store's `current` generation once, when it is opened, and registers
the four tables of that folder as views (`metrics`, `documents`, `sections`, `tokens`), so
every query of one command reads one consistent version even if an ingest swaps in a new
one meanwhile. DuckDB reads the parquet files in place, column by column and in streamed
row groups; it is given a memory limit and a temporary folder of its own, so a large query
spills to disk instead of growing. Commands ask for what they print (a GROUP BY, a filtered
and limited selection), never for whole tables.

`read_only_sql` runs an analyst's statement on such a connection, refusing any statement
that is not a query (DuckDB's own parser says which kind each statement is).
"""

from __future__ import annotations

import contextlib
import os
import shutil
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

import duckdb

from speeches import store
from speeches.errors import NoTable, SpeechesError

if TYPE_CHECKING:
    import pandas as pd

# DuckDB's working memory; beyond it, sorts, joins and aggregates spill to the temp folder.
MEMORY_LIMIT = os.environ.get("SPEECHES_MEMORY_LIMIT", "256MB")
THREADS = max(1, min(os.cpu_count() or 1, 4))
# Statement kinds `speeches sql` runs: queries (SELECT, WITH, FROM, VALUES, DESCRIBE,
# SUMMARIZE, SHOW). Anything else (INSERT, COPY, ATTACH, SET, PRAGMA, EXPLAIN, whose ANALYZE
# form would run what it explains, ...) is refused.
_READ_STATEMENTS = {"SELECT"}


class SqlRefused(SpeechesError):
    """A `speeches sql` statement that is not a read-only query."""


def _literal(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


class Reader:
    """One generation of a store, open for queries (use as a context manager)."""

    def __init__(self, store_dir: Path, memory_limit: str | None = None):
        self.store = Path(store_dir)
        gen = store.current_dir(self.store)
        if gen is None and store.table_path(self.store, "metrics").exists():
            gen = self.store  # a store of plain files, as written before generations
        if gen is None:
            raise NoTable(
                f"{store.table_path(self.store, 'metrics')} does not exist: run "
                f"`speeches ingest PATH --store {self.store}` first"
            )
        self.generation = gen
        self._tmp = tempfile.mkdtemp(prefix="speeches-duckdb-")
        self.con = duckdb.connect(
            ":memory:",
            config={
                "memory_limit": memory_limit or MEMORY_LIMIT,
                "temp_directory": self._tmp,
                "threads": THREADS,
                "preserve_insertion_order": True,
                "autoinstall_known_extensions": False,  # a query never downloads code
            },
        )
        try:
            self.con.execute("SET enable_progress_bar = false")  # it would draw on stderr
            for name in store.TABLES:
                path = gen / f"{name}.parquet"
                if not path.exists():
                    raise NoTable(
                        f"{path} does not exist: run `speeches ingest PATH --store "
                        f"{self.store}` first"
                    )
                self.con.execute(
                    f"CREATE VIEW {name} AS SELECT * FROM read_parquet({_literal(str(path))})"
                )
        except BaseException:
            self.close()
            raise

    # -- queries -------------------------------------------------------------------------

    def arrow(self, sql: str, params: list[Any] | None = None) -> Any:
        """The result as a pyarrow Table."""
        try:
            return self.con.sql(sql, params=params).to_arrow_table()
        except duckdb.Error as e:
            raise SpeechesError(f"query failed: {e}") from e

    def frame(self, sql: str, params: list[Any] | None = None) -> pd.DataFrame:
        """The result as a DataFrame, typed like `store.read_table`'s."""
        return store.arrow_to_pandas(self.arrow(sql, params))

    def rows(self, sql: str, params: list[Any] | None = None) -> list[tuple[Any, ...]]:
        try:
            return self.con.execute(sql, params or []).fetchall()
        except duckdb.Error as e:
            raise SpeechesError(f"query failed: {e}") from e

    def batches(
        self, sql: str, params: list[Any] | None = None, size: int = 256
    ) -> Iterator[list[dict[str, Any]]]:
        """The result as lists of row dicts, `size` rows at a time, fetched as they are read."""
        try:
            reader = self.con.sql(sql, params=params).to_arrow_reader(size)
            for batch in reader:
                yield batch.to_pylist()
        except duckdb.Error as e:
            raise SpeechesError(f"query failed: {e}") from e

    def manifest(self) -> dict[str, Any]:
        """The manifest of this generation (not of whatever is `current` now)."""
        import json

        path = self.generation / store.MANIFEST
        if not path.exists():
            return {}
        data: dict[str, Any] = json.loads(path.read_text("utf-8"))
        return data

    def known_speakers(self) -> list[str]:
        """Every speaker named in the sections or metrics of the store."""
        rows = self.rows(
            "SELECT speaker FROM sections WHERE speaker IS NOT NULL UNION "
            "SELECT speaker FROM metrics WHERE speaker IS NOT NULL"
        )
        return sorted(str(r[0]) for r in rows)

    # -- life ----------------------------------------------------------------------------

    def close(self) -> None:
        con = getattr(self, "con", None)
        if con is not None:
            with contextlib.suppress(Exception):
                con.close()
        shutil.rmtree(self._tmp, ignore_errors=True)

    def __enter__(self) -> Reader:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


@contextlib.contextmanager
def reading(source: Path | Reader) -> Iterator[Reader]:
    """A Reader for `source`: the one given, left open, or a new one on a store folder."""
    if isinstance(source, Reader):
        yield source
        return
    with Reader(Path(source)) as reader:
        yield reader


def check_read_only(sql: str) -> None:
    """SqlRefused unless `sql` is exactly one query (by DuckDB's parser, not by pattern)."""
    try:
        statements = duckdb.extract_statements(sql)
    except duckdb.Error as e:
        raise SqlRefused(f"cannot parse the statement: {e}") from e
    if not statements:
        raise SqlRefused("no statement given")
    if len(statements) > 1:
        raise SqlRefused("give one statement at a time")
    kind = statements[0].type.name
    if kind not in _READ_STATEMENTS:
        raise SqlRefused(
            f"only queries run here (SELECT, WITH, FROM, DESCRIBE, SUMMARIZE); "
            f"this is a {kind} statement and the store is read-only"
        )


def read_only_sql(reader: Reader, sql: str) -> pd.DataFrame:
    """The result of one read-only statement over the store's views."""
    check_read_only(sql)
    return reader.frame(sql)
