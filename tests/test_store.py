"""Store: atomic generations, readers see one version, the lock names its holder."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pandas as pd
import pyarrow.parquet as pq
import pytest

from speeches import store
from speeches.errors import NoTable, StoreLocked


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
