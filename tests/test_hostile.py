"""Hostile input and damaged stores: each test is one finding of issue 18, failing without
its fix."""

from __future__ import annotations

import shutil
from pathlib import Path

from conftest import run
from speeches import pipeline, store
from speeches.models import Document
from speeches.sentences import SENTENCE_REACH


def _copy_store(seed_store: Path, tmp_path: Path) -> Path:
    s = tmp_path / "store"
    shutil.copytree(seed_store, s, symlinks=True)
    return s


def test_a_missing_table_file_refuses_the_next_ingest(seed_store: Path, tmp_path: Path) -> None:
    s = _copy_store(seed_store, tmp_path)
    gen = store.current_dir(s)
    assert gen is not None
    n_sections = len(store.read_table(s, "sections"))
    (gen / "sections.parquet").unlink()
    more = tmp_path / "more"
    more.mkdir()
    (more / "new.txt").write_text("标题\n\n马化腾表示，微信的月活跃用户达到10亿。\n", "utf-8")
    result = run("ingest", str(more), "--store", str(s), "--workers", "1", "-q")
    assert result.exit_code == 1
    assert "sections.parquet is missing" in result.output
    assert store.current_dir(s) == gen  # nothing published over the damaged version
    (gen / "sections.parquet").write_bytes(
        (seed_store / "sections.parquet").resolve().read_bytes()
    )
    assert len(store.read_table(s, "sections")) == n_sections


def test_reextract_refuses_a_store_missing_a_table(seed_store: Path, tmp_path: Path) -> None:
    s = _copy_store(seed_store, tmp_path)
    gen = store.current_dir(s)
    assert gen is not None
    (gen / "tokens.parquet").unlink()
    result = run("extract", "--store", str(s))
    assert result.exit_code == 1 and "tokens.parquet is missing" in result.output


def test_stored_sentence_is_a_window_around_the_surface() -> None:
    # One line of many metrics: each used to keep the whole line (20,000 numbers: 20.8 GB).
    line = "微信的月活跃用户达到10亿，" * 300
    text = "标题\n\n马化腾表示，" + line + "。\n"
    doc = pipeline.build_document(
        Document(source_path="x.txt", raw=text, doc_id="x"), pipeline.context()
    )
    rows = pipeline.metric_rows(doc)
    assert len(rows) >= 100
    for row in rows:
        assert row["surface"] in row["sentence"]
        assert len(row["sentence"]) <= len(row["surface"]) + 2 * SENTENCE_REACH
    # A sentence of ordinary length is kept whole.
    short = pipeline.build_document(
        Document(source_path="y.txt", raw="标题\n\n马化腾表示，微信的月活跃用户达到10亿。\n", doc_id="y"),
        pipeline.context(),
    )
    assert [m.sentence for m in short.metrics] == ["马化腾表示，微信的月活跃用户达到10亿。"]
