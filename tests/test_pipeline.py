"""The whole pipeline on small corpora: tables, provenance, incremental ingest."""

from __future__ import annotations

import os
import shutil
from pathlib import Path
from typing import Any

import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from conftest import RAW
from speeches import store
from speeches.config import Settings
from speeches.models import FileJob
from speeches.write import pipeline


def ingest(paths: list[Path], store_dir: Path, **kw: object) -> pipeline.IngestResult:
    return pipeline.run(paths, Settings(store=store_dir, workers=1, **kw))  # type: ignore[arg-type]


def test_tables_and_columns(seed_store: Path) -> None:
    metrics = pd.read_parquet(seed_store / "metrics.parquet")
    for col in ["doc_id", "source_path", "speaker", "kind", "value", "low", "high", "qualifier",
                "surface", "sentence", "start", "end"]:
        assert col in metrics.columns
    docs = pd.read_parquet(seed_store / "documents.parquet")
    assert set(docs.source_path) == {p.name for p in RAW.iterdir()}
    for col in ["doc_id", "title", "published", "language", "script", "encoding", "n_chars"]:
        assert col in docs.columns
    published = dict(zip(docs.source_path, docs.published, strict=True))
    assert str(published["000_48574bf241f505da.txt"]) == "2018-04-12"
    assert str(published["001_04126f5ed0747034.txt"]) == "2018-11-07"
    assert dict(zip(docs.source_path, docs.script, strict=True))["002_f7e51955b27f69e8.txt"] == "hant"
    tokens = pd.read_parquet(seed_store / "tokens.parquet")
    assert {"doc_id", "section_id", "position", "token", "start"} <= set(tokens.columns)


def test_provenance_on_every_metric_row(seed_store: Path) -> None:
    docs = pd.read_parquet(seed_store / "documents.parquet").set_index("doc_id")
    metrics = pd.read_parquet(seed_store / "metrics.parquet")
    assert len(metrics) > 30
    for row in metrics.itertuples():
        text = docs.loc[row.doc_id, "text"]
        assert text[row.start : row.end] == row.surface
        assert row.surface in row.sentence


def test_tokens_and_sections_point_into_text(seed_store: Path) -> None:
    docs = pd.read_parquet(seed_store / "documents.parquet").set_index("doc_id")
    sections = pd.read_parquet(seed_store / "sections.parquet")
    for row in sections.itertuples():
        assert docs.loc[row.doc_id, "text"][row.start : row.end] == row.text
    tokens = pd.read_parquet(seed_store / "tokens.parquet").head(3000)
    for row in tokens.itertuples():
        assert docs.loc[row.doc_id, "text"][row.start : row.start + len(row.token)] == row.token


def test_furniture_is_not_in_sections(seed_store: Path) -> None:
    text = "\n".join(pd.read_parquet(seed_store / "sections.parquet")["text"])
    for furniture in ["100万用户付费每天收入15万", "您需要登录后才可以回帖", "Download Digerati50",
                      "Start building with 50+ products", "下载期权论坛手机APP", "Post comment"]:
        assert furniture not in text
    docs = pd.read_parquet(seed_store / "documents.parquet")
    assert "100万用户付费每天收入15万" in "\n".join(docs["dropped"])


def test_reingest_replaces_rather_than_duplicates(tmp_path: Path) -> None:
    raw = tmp_path / "raw"
    shutil.copytree(RAW, raw)
    first = ingest([raw], tmp_path / "s")
    n = len(pd.read_parquet(tmp_path / "s" / "metrics.parquet"))
    again = ingest([raw], tmp_path / "s")
    assert again.unchanged == 5 and again.stored == 0 and not again.committed
    forced = ingest([raw], tmp_path / "s", force=True)
    assert forced.stored == 5
    assert len(pd.read_parquet(tmp_path / "s" / "metrics.parquet")) == n
    assert first.stored == 5


def test_changed_file_replaces_its_rows_and_other_folders_stay(tmp_path: Path) -> None:
    a, b = tmp_path / "a", tmp_path / "b"
    a.mkdir()
    b.mkdir()
    (a / "one.txt").write_text("汤道生表示,微信每天有超过10亿用户。", encoding="utf-8")
    (b / "two.txt").write_text("Martin Lau said Tencent runs 20,000 servers.", encoding="utf-8")
    s = tmp_path / "store"
    ingest([a], s)
    ingest([b], s)
    target = a / "one.txt"
    target.write_text("汤道生表示,微信每天有超过12亿用户。", encoding="utf-8")
    os.utime(target, ns=(1, 1))
    result = ingest([a], s)
    assert result.stored == 1
    m = pd.read_parquet(s / "metrics.parquet")
    assert sorted(m.value) == [20000.0, 1.2e9]
    assert sorted(pd.read_parquet(s / "documents.parquet").source_path) == ["one.txt", "two.txt"]
    assert dict(zip(m.value, m.speaker, strict=True)) == {20000.0: "刘炽平", 1.2e9: "汤道生"}


def test_bad_files_are_named_and_the_rest_stored(tmp_path: Path) -> None:
    raw = tmp_path / "raw"
    raw.mkdir()
    (raw / "good.txt").write_text("用户达到1亿。", encoding="utf-8")
    (raw / "empty.txt").write_bytes(b"")
    (raw / "noise.txt").write_bytes(os.urandom(4096))
    (raw / "nul.txt").write_bytes(b"\0" * 1000)
    (raw / "image.png").write_bytes(b"\x89PNG")
    result = ingest([raw], tmp_path / "s")
    assert result.stored == 1
    assert sorted(Path(f.path).name for f in result.failed) == ["empty.txt", "noise.txt", "nul.txt"]
    assert [Path(f.path).name for f in result.ignored] == ["image.png"]
    assert len(store.read_table(tmp_path / "s", "documents")) == 1


def test_duplicate_content_is_stored_once(tmp_path: Path) -> None:
    raw = tmp_path / "raw"
    raw.mkdir()
    (raw / "a.txt").write_text("用户达到1亿。", encoding="utf-8")
    (raw / "b.txt").write_text("用户达到1亿。", encoding="utf-8")
    result = ingest([raw], tmp_path / "s")
    assert result.stored == 1 and len(result.duplicates) == 1


@pytest.mark.slow
def test_an_ingest_with_nothing_to_do_imports_neither_pandas_nor_jieba(tmp_path: Path) -> None:
    # Re-ingesting an unchanged corpus must stay a small fraction of the first ingest: it
    # reads the documents index with pyarrow alone (pandas took 0.3 s to import, jieba 0.08 s).
    import subprocess
    import sys

    raw = tmp_path / "raw"
    shutil.copytree(RAW, raw)
    s = tmp_path / "s"
    pipeline.run([raw], Settings(store=s, workers=1))
    code = (
        "import sys\n"
        "from speeches.cli import app\n"
        "try:\n"
        f"    app(['ingest', {str(raw)!r}, '--store', {str(s)!r}, '--quiet'])\n"
        "except SystemExit as e:\n"
        "    assert not e.code, e.code\n"
        "print(sorted(m for m in ('pandas', 'jieba') if m in sys.modules))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert out.returncode == 0, out.stderr
    assert out.stdout.strip() == "[]"
    assert store.read_manifest(s)["tables"]["documents"] == 5


def test_unknown_executor_is_refused_before_the_store_is_touched(tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="unknown executor 'foo': use local, dask, serial"):
        pipeline.run([RAW], Settings(store=tmp_path / "s", executor="foo"))
    assert not (tmp_path / "s").exists()


def test_executors_give_the_same_tables(tmp_path: Path) -> None:
    # Small batches: many more than the pool holds in flight at once.
    serial = pipeline.run([RAW], Settings(store=tmp_path / "serial", executor="serial"))
    local = pipeline.run([RAW], Settings(store=tmp_path / "local", workers=2, batch_bytes=5_000))
    assert serial.stored == local.stored == len(list(RAW.iterdir()))
    for name, keys in {"documents": ["doc_id"], "metrics": ["doc_id", "start", "kind"]}.items():
        a, b = (
            store.read_table(tmp_path / s, name).sort_values(keys).reset_index(drop=True)
            for s in ("serial", "local")
        )
        pd.testing.assert_frame_equal(a, b, obj=name)


def test_pool_workers_hand_their_tables_back_in_files(tmp_path: Path, monkeypatch) -> None:
    """The local pool's batches come back as files in the new generation's spool folder,
    read and deleted as they come: none is left, and the store is the serial one's."""
    read: list[str] = []
    unspool = store.unspool

    def counting(files: dict[str, str]) -> dict[str, Any]:
        read.extend(files)
        return unspool(files)

    monkeypatch.setattr(store, "unspool", counting)
    s = tmp_path / "local"
    result = pipeline.run([RAW], Settings(store=s, workers=2, batch_bytes=5_000))
    assert result.stored == len(list(RAW.iterdir()))
    assert read.count("documents") > 1 and "tokens" in read
    assert not list(s.glob("**/*.arrow")) and not list(s.glob("**/spool"))
    serial = pipeline.run([RAW], Settings(store=tmp_path / "serial", executor="serial"))
    assert serial.tables == result.tables


# --- Batches: every file once, largest first, bounded, and small at the end ---


@settings(max_examples=200, deadline=None)
@given(
    st.lists(st.integers(1, 400_000), max_size=300),
    st.integers(1, 8),
    st.integers(1_000, 500_000),
)
def test_batches_hold_every_file_once_largest_first_and_shrink_toward_the_end(
    sizes: list[int], workers: int, target: int
) -> None:
    jobs = [FileJob(f"/c/{i}.txt", f"{i}.txt", size, 0) for i, size in enumerate(sizes)]
    batches = pipeline.make_batches(jobs, workers, target)
    flat = [job for batch in batches for job in batch]
    assert sorted(j.path for j in flat) == sorted(j.path for j in jobs)
    assert [j.size for j in flat] == sorted(sizes, reverse=True)
    left = sum(sizes)
    cap = max(1, min(target, left // (workers * 8)))
    for batch in batches:
        size = sum(j.size for j in batch)
        # At most the target, and at most a quarter of a worker's share of what is left
        # (but never under an eighth of the target); a file bigger than that goes alone.
        assert len(batch) == 1 or size <= max(cap // 8, min(cap, left // (workers * 4)))
        left -= size


def test_the_last_batches_of_a_large_corpus_are_small() -> None:
    jobs = [FileJob(f"/c/{i}.txt", f"{i}.txt", 15_000, 0) for i in range(1_000)]  # 15 MB
    batches = pipeline.make_batches(jobs, 2, 250_000)
    sizes = [sum(j.size for j in batch) for batch in batches]
    assert max(sizes) <= 250_000 and sizes[0] > 200_000
    # The last batch each worker takes is a few files, not a full 250 kB.
    assert all(size <= 45_000 for size in sizes[-4:])


def test_the_main_process_of_a_pooled_ingest_imports_no_stage(tmp_path: Path) -> None:
    """Batches come back pickled: their class must not live in a module that imports the
    stages, or the caller imports them all (and compiles their patterns) on the first one."""
    import subprocess
    import sys

    script = (
        "import sys\n"
        "from pathlib import Path\n"
        "from speeches.config import Settings\n"
        "from speeches.write import pipeline\n"
        "if __name__ == '__main__':\n"
        "    settings = Settings(store=Path('s'), workers=2)\n"
        "    result = pipeline.run([Path(sys.argv[1])], settings)\n"
        "    stages = sorted(m for m in sys.modules if m.startswith('speeches.stages.'))\n"
        "    print(result.stored, 'speeches.write.worker' in sys.modules, stages)\n"
    )
    (tmp_path / "main.py").write_text(script, "utf-8")
    out = subprocess.run(
        [sys.executable, "main.py", str(RAW)],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        check=True,
    )
    done, worker_imported, stages = out.stdout.strip().split(" ", 2)
    assert int(done) > 1  # the batches ran, in the pool
    assert worker_imported == "False"
    assert "extract" not in stages and "segment" not in stages, stages
