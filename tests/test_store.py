"""Store: atomic generations, readers see one version, the lock names its holder."""

from __future__ import annotations

import json
import os
import re
from pathlib import Path

import pandas as pd
import pyarrow.parquet as pq
import pytest

from speeches import store
from speeches.errors import NoTable, StoreLocked
from speeches.models import Document, FileJob
from speeches.write import worker


def _doc(doc_id: str) -> dict:
    return {"doc_id": doc_id, "source_path": f"{doc_id}.txt", "title": "t", "n_chars": 1, "text": "x"}


def test_commit_publishes_every_table(tmp_path: Path) -> None:
    with store.Writer(tmp_path) as w:
        w.write("documents", [_doc("a")])
        w.commit({"stages": []})
    for name in store.TABLES:
        assert pq.read_table(tmp_path / f"{name}.parquet").schema.names == store.SCHEMAS[name].names
        assert len(pd.read_parquet(tmp_path / f"{name}.parquet")) == (1 if name == "documents" else 0)
    assert json.loads((tmp_path / "manifest.json").read_text())["tables"]["documents"] == 1


def test_abort_leaves_previous_version(tmp_path: Path) -> None:
    with store.Writer(tmp_path) as w:
        w.write("documents", [_doc("a")])
        w.commit({})
    with pytest.raises(RuntimeError), store.Writer(tmp_path) as w:
        w.write("documents", [_doc("b")])
        raise RuntimeError("killed")
    assert list(store.read_table(tmp_path, "documents")["doc_id"]) == ["a"]
    assert not list(tmp_path.glob(".gen-*"))


def test_carry_over_replaces_documents(tmp_path: Path) -> None:
    with store.Writer(tmp_path) as w:
        w.write("documents", [_doc("a"), _doc("b")])
        w.commit({})
    with store.Writer(tmp_path) as w:
        w.write("documents", [_doc("c")])
        w.carry_over({"a"})
        w.commit({})
    assert sorted(store.read_table(tmp_path, "documents")["doc_id"]) == ["b", "c"]
    # Only the live generation and the one before it stay on disk.
    assert len(list(tmp_path.glob("gen-*"))) == 2


def test_missing_table_says_what_to_do(tmp_path: Path) -> None:
    with pytest.raises(NoTable, match="speeches ingest"):
        store.read_table(tmp_path, "metrics")


def test_lock_names_holder_and_clears_stale(tmp_path: Path) -> None:
    with store.Lock(tmp_path), pytest.raises(StoreLocked, match=f"process {os.getpid()}"):
        store.Lock(tmp_path).acquire()
    # A lock left by a process that no longer exists is cleared.
    import socket
    (tmp_path / ".lock").write_text(json.dumps({"pid": 2**22 + 12345, "host": socket.gethostname()}))
    with store.Lock(tmp_path) as lock:
        assert lock.held


# -- each table's columns: its schema, its row mapping and the README say the same ------------

README = Path(__file__).resolve().parents[1] / "README.md"


def readme_columns() -> dict[str, tuple[str, ...]]:
    """The columns the README's table section lists, table by table."""
    text = README.read_text("utf-8")
    section = text.split("### Tables", 1)[1].split("\n### ", 1)[0]
    found = re.findall(r"^- `(\w+)`: `([^`]+)`", section, flags=re.MULTILINE)
    return {name: tuple(c.strip() for c in cols.split(",")) for name, cols in found}


def test_readme_lists_each_tables_columns() -> None:
    assert readme_columns() == store.COLUMNS


def _processed() -> Document:
    text = "标题\n\n马化腾表示，微信的月活跃用户达到10亿。\n"
    doc = worker.run_stages(Document(source_path="a.txt", raw=text, doc_id="a"), worker.context())
    assert doc.sections and doc.tokens and doc.metrics  # every table gets rows
    return doc


def test_row_mappings_give_the_schemas_columns(tmp_path: Path) -> None:
    doc = _processed()
    job = FileJob(str(tmp_path / "a.txt"), "a.txt", 10, 5)
    rows = store.document_rows(doc, job)
    for name, table_rows in rows.items():
        assert table_rows and all(tuple(r) == store.COLUMNS[name] for r in table_rows), name
    assert tuple(store.token_columns(doc)) == store.COLUMNS["tokens"]
    assert rows["documents"][0]["abs_path"] == job.path
    assert rows["documents"][0]["mtime_ns"] == 5
    # The rows make tables of the schema with nothing cast away.
    for name, table_rows in rows.items():
        assert store.to_table(name, table_rows).to_pylist() == table_rows


def test_token_table_is_the_token_columns_table() -> None:
    doc = _processed()
    assert len(doc.tokens) > 0
    table = store.token_table(doc)
    assert table.schema == store.TOKENS
    assert table.equals(store.table_from_columns("tokens", store.token_columns(doc)))
    assert table.column("doc_id").to_pylist() == [doc.doc_id] * len(doc.tokens)


def test_tokens_table_of_several_documents_is_their_tables_in_order() -> None:
    first, second = _processed(), _processed()
    second.doc_id = "other"
    second.tokens.section_id[0] = 7  # a section id of its own: rows are not mixed up
    empty = Document(source_path="e.txt", raw="", doc_id="empty")
    table = store.tokens_table(
        [(d.doc_id, d.tokens) for d in (first, empty, second)]
    )
    assert table.schema == store.TOKENS and table.column("doc_id").num_chunks == 1
    expected = [
        row
        for d in (first, second)
        for row in store.table_from_columns("tokens", store.token_columns(d)).to_pylist()
    ]
    assert table.to_pylist() == expected
    assert store.tokens_table([]).equals(store.TOKENS.empty_table())


def test_small_writes_are_gathered_into_row_groups_in_order(tmp_path: Path, monkeypatch) -> None:
    # Each write used to be a row group of its own: 17 documents a batch, one document's
    # metrics in a re-extract. They wait until a row group's rows (or bytes) are in.
    monkeypatch.setattr(store, "_ROW_GROUP", 10)
    with store.Writer(tmp_path) as w:
        for i in range(25):
            w.write("documents", [_doc(f"d{i:02d}")])
        w.commit({})
    path = store.current_dir(tmp_path) / "documents.parquet"
    assert [pq.ParquetFile(path).metadata.row_group(g).num_rows for g in range(3)] == [10, 10, 5]
    assert list(pq.read_table(path)["doc_id"].to_pylist()) == [f"d{i:02d}" for i in range(25)]
    assert json.loads((tmp_path / "manifest.json").read_text())["tables"]["documents"] == 25


def test_row_groups_are_full_whatever_the_sizes_of_the_writes(tmp_path: Path, monkeypatch) -> None:
    # Writes of 7 rows into row groups of 10: a short group left behind each time compressed
    # worse; the rows beyond full groups wait for the next write, only the last group is short.
    monkeypatch.setattr(store, "_ROW_GROUP", 10)
    with store.Writer(tmp_path) as w:
        for i in range(6):
            w.write("documents", [_doc(f"d{i}-{j}") for j in range(7)])
        w.commit({})
    path = store.current_dir(tmp_path) / "documents.parquet"
    meta = pq.ParquetFile(path).metadata
    assert [meta.row_group(g).num_rows for g in range(meta.num_row_groups)] == [10, 10, 10, 10, 2]
    assert pq.read_table(path)["doc_id"].to_pylist() == [f"d{i}-{j}" for i in range(6) for j in range(7)]


def test_rows_wait_for_a_row_group_no_longer_than_its_bytes(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setattr(store, "_GROUP_BYTES", 1)  # every write is over it: written at once
    with store.Writer(tmp_path) as w:
        for i in range(3):
            w.write("documents", [_doc(f"d{i}")])
        assert not w.pending["documents"]
        w.commit({})
    path = store.current_dir(tmp_path) / "documents.parquet"
    assert pq.ParquetFile(path).metadata.num_row_groups == 3


def test_workers_do_not_import_pyarrow_compute() -> None:
    # Only the writer's filters use it (carry_over, keep_doc_ids): 25 ms a worker never needs.
    import subprocess
    import sys

    code = "import sys, speeches.write.worker; print('pyarrow.compute' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert out.returncode == 0, out.stderr
    assert out.stdout.strip() == "False"


@pytest.mark.parametrize(("chosen", "expected"), [("", "system"), ("mimalloc", "mimalloc")])
def test_arrow_allocates_with_malloc_unless_a_pool_is_chosen(chosen: str, expected: str) -> None:
    import subprocess
    import sys

    code = "import speeches.store, pyarrow as pa; print(pa.default_memory_pool().backend_name)"
    env = {**os.environ, "ARROW_DEFAULT_MEMORY_POOL": chosen}
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=60, env=env
    )
    assert out.returncode == 0, out.stderr
    assert out.stdout.strip() == expected


def test_spooled_tables_come_back_whole_and_their_files_go(tmp_path: Path) -> None:
    tables = {
        "documents": store.to_table("documents", [_doc("a"), _doc("b")]),
        "metrics": store.SCHEMAS["metrics"].empty_table(),
    }
    files = store.spool(tables, tmp_path)
    assert list(files) == ["documents"]  # an empty table is not written
    assert [Path(p).parent for p in files.values()] == [tmp_path]
    back = store.unspool(files)
    assert back["documents"].equals(tables["documents"])
    assert list(tmp_path.iterdir()) == []


def test_a_committed_generation_holds_no_spool_folder(tmp_path: Path) -> None:
    with store.Writer(tmp_path) as w:
        files = store.spool({"documents": store.to_table("documents", [_doc("a")])}, w.spool())
        w.write("documents", store.unspool(files)["documents"])
        final = w.commit({})
    assert sorted(p.name for p in final.iterdir()) == sorted(
        [*(f"{n}.parquet" for n in store.TABLES), store.MANIFEST]
    )
