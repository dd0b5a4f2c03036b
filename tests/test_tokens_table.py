"""The tokens table: --no-tokens, the commands that need tokens, and how the rows are built."""

from __future__ import annotations

import shutil
from pathlib import Path

import pyarrow.parquet as pq

from conftest import RAW, run
from speeches import store
from speeches.config import Settings
from speeches.write import pipeline


def _ingest(tmp_path: Path, name: str, *args: str) -> Path:
    out = tmp_path / name
    result = run("ingest", str(RAW), "--store", str(out), "--workers", "1", "--quiet", *args)
    assert result.exit_code == 0, result.output
    return out


def test_no_tokens_stores_every_other_table_the_same(tmp_path: Path, seed_store: Path) -> None:
    bare = _ingest(tmp_path, "bare", "--no-tokens")
    assert store.read_arrow(bare, "tokens").num_rows == 0
    assert store.read_arrow(seed_store, "tokens").num_rows > 1000
    for name in ("documents", "sections", "metrics"):
        # the seed store was made from a copy of the seeds: other paths and times
        where = ["abs_path", "mtime_ns"] if name == "documents" else []
        ours = store.read_arrow(bare, name).drop_columns(where)
        assert ours.equals(store.read_arrow(seed_store, name).drop_columns(where)), name
    assert not store.has_tokens(bare) and store.has_tokens(seed_store)


def test_keywords_on_a_store_without_tokens_says_so_in_one_line(tmp_path: Path) -> None:
    bare = _ingest(tmp_path, "bare", "--no-tokens")
    for args in (["keywords"], ["keywords", "--speaker", "汤道生"]):
        result = run(*args, "--store", str(bare))
        assert result.exit_code == 1
        lines = result.output.strip().splitlines()
        assert len(lines) == 1 and "--no-tokens" in lines[0] and "keywords" in lines[0]
    # kwic searches the stored text, not the tokens: it still works.
    result = run("kwic", "腾讯", "--store", str(bare), "--format", "json")
    assert result.exit_code == 0 and "腾讯" in result.stdout


def test_tokens_come_back_only_with_every_document(tmp_path: Path) -> None:
    raw = tmp_path / "raw"
    shutil.copytree(RAW, raw)
    out = tmp_path / "store"
    settings = Settings(store=out, workers=1, tokens=False)
    assert pipeline.run([raw], settings).ok
    assert not store.has_tokens(out)
    # Unchanged files are skipped: their tokens are still missing, and the store says so.
    first = sorted(raw.iterdir())[0]
    first.write_text(first.read_text(encoding="utf-8") + "\n补一句。\n", encoding="utf-8")
    assert pipeline.run([raw], Settings(store=out, workers=1)).ok
    assert not store.has_tokens(out)
    assert run("keywords", "--store", str(out)).exit_code == 1
    assert pipeline.run([raw], Settings(store=out, workers=1, force=True)).ok
    assert store.has_tokens(out)
    assert run("keywords", "--store", str(out)).exit_code == 0


def test_token_positions_and_starts_are_delta_encoded(seed_store: Path) -> None:
    meta = pq.ParquetFile(store.current_dir(seed_store) / "tokens.parquet").metadata
    names = [meta.row_group(0).column(i).path_in_schema for i in range(meta.num_columns)]
    for column in ("position", "start"):
        encodings = meta.row_group(0).column(names.index(column)).encodings
        assert "DELTA_BINARY_PACKED" in encodings and "RLE_DICTIONARY" not in encodings


def test_only_the_token_ids_carry_statistics(seed_store: Path) -> None:
    # Min and max of a token, a position or a start say nothing a reader can skip by.
    meta = pq.ParquetFile(store.current_dir(seed_store) / "tokens.parquet").metadata
    group = meta.row_group(0)
    with_stats = {
        group.column(i).path_in_schema
        for i in range(meta.num_columns)
        if group.column(i).is_stats_set
    }
    assert with_stats == {"doc_id", "section_id"}


def test_the_tables_of_long_distinct_strings_have_no_dictionary_pages(seed_store: Path) -> None:
    # Texts, sentences and sections are nearly all distinct: a dictionary only made them
    # slower to write and larger. The values read back are the schema's, whatever the pages.
    for name in ("documents", "sections", "metrics"):
        path = store.current_dir(seed_store) / f"{name}.parquet"
        meta = pq.ParquetFile(path).metadata
        for i in range(meta.num_columns):
            encodings = meta.row_group(0).column(i).encodings
            assert "RLE_DICTIONARY" not in encodings and "PLAIN_DICTIONARY" not in encodings
        assert pq.read_table(path).schema == store.SCHEMAS[name]
