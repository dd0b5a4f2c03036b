"""`speeches sql`: the four tables as views, output formats, and read-only by statement type."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pandas as pd
import pyarrow.parquet as pq
import pytest

from conftest import run


def _store_rows(store: Path, name: str) -> int:
    return int(pq.ParquetFile(store / "current" / f"{name}.parquet").metadata.num_rows)


def test_count_equals_metrics_rows(seed_store: Path) -> None:
    result = run("sql", "SELECT count(*) AS n FROM metrics", "--format", "json",
                 "--store", str(seed_store))
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout) == [{"n": _store_rows(seed_store, "metrics")}]
    listed = json.loads(run("metrics", "--format", "json", "--store", str(seed_store)).stdout)
    assert json.loads(result.stdout)[0]["n"] == len(listed) > 0


@pytest.mark.parametrize("table", ["metrics", "documents", "sections", "tokens"])
def test_every_table_is_a_view(seed_store: Path, table: str) -> None:
    result = run("sql", f"SELECT count(*) AS n FROM {table}", "--format", "csv",
                 "--store", str(seed_store))
    assert result.exit_code == 0, result.output
    assert result.stdout.splitlines() == ["n", str(_store_rows(seed_store, table))]


def test_csv_and_json_carry_the_same_rows(seed_store: Path) -> None:
    sql = ("SELECT speaker, kind, count(*) AS n, max(value) AS largest FROM metrics "
           "WHERE speaker IS NOT NULL GROUP BY ALL ORDER BY n DESC, speaker, kind")
    as_json = json.loads(run("sql", sql, "--format", "json", "--store", str(seed_store)).stdout)
    as_csv = pd.read_csv(io.StringIO(run("sql", sql, "--format", "csv",
                                         "--store", str(seed_store)).stdout))
    assert len(as_json) == len(as_csv) > 1
    assert [r["speaker"] for r in as_json] == list(as_csv["speaker"])
    assert [r["n"] for r in as_json] == list(as_csv["n"])
    metrics = pd.read_parquet(seed_store / "current" / "metrics.parquet")
    top = metrics.dropna(subset=["speaker"]).groupby(["speaker", "kind"]).size().max()
    assert as_json[0]["n"] == top


def test_published_is_a_date_in_sql(seed_store: Path) -> None:
    result = run("sql", "SELECT typeof(published) AS t FROM documents LIMIT 1",
                 "--format", "json", "--store", str(seed_store))
    assert json.loads(result.stdout) == [{"t": "DATE"}]


@pytest.mark.parametrize(
    "statement",
    [
        "INSERT INTO metrics VALUES (1)",
        "CREATE TABLE x AS SELECT * FROM metrics",
        "COPY metrics TO '/tmp/speeches-sql-test.csv'",
        "ATTACH '/tmp/speeches-sql-test.db' AS other",
        "DROP VIEW metrics",
        "SET memory_limit = '10GB'",
        "SELECT 1; DELETE FROM metrics",
        "UPDATE metrics SET value = 0",
        "EXPLAIN ANALYZE COPY (SELECT 1) TO '/tmp/speeches-sql-test.csv'",
    ],
)
def test_writes_are_refused_with_exit_2(seed_store: Path, statement: str) -> None:
    before = (seed_store / "current" / "metrics.parquet").read_bytes()
    result = run("sql", statement, "--store", str(seed_store))
    assert result.exit_code == 2, result.output
    assert "Error:" in result.stderr and "Traceback" not in result.output
    assert (seed_store / "current" / "metrics.parquet").read_bytes() == before
    assert not Path("/tmp/speeches-sql-test.csv").exists()


def test_a_query_that_mentions_write_words_runs(seed_store: Path) -> None:
    # Read-only is decided by the parser, not by spotting words: this is a SELECT.
    sql = "SELECT 'insert into; drop table' AS words, count(*) AS n FROM documents"
    result = run("sql", sql, "--format", "json", "--store", str(seed_store))
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)[0]["words"] == "insert into; drop table"


def test_bad_sql_is_a_clear_error(seed_store: Path) -> None:
    result = run("sql", "SELECT nope FROM metrics", "--store", str(seed_store))
    assert result.exit_code == 1
    assert "nope" in result.stderr and "Traceback" not in result.output


def test_readme_queries_run(seed_store: Path) -> None:
    """The worked queries of the README run on the seeds."""
    readme = (Path(__file__).resolve().parents[1] / "README.md").read_text("utf-8")
    queries = [line.split('speeches sql "', 1)[1].rsplit('"', 1)[0]
               for line in readme.splitlines() if line.startswith('speeches sql "')]
    assert len(queries) >= 3
    for sql in queries:
        result = run("sql", sql, "--format", "json", "--store", str(seed_store))
        assert result.exit_code == 0, (sql, result.output)
        json.loads(result.stdout)
