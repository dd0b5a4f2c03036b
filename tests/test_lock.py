"""The store lock under races: processes started together on a lock left by a killed ingest.

Each trial copies a store with one committed generation, lets a process take the lock, start
a generation and die by SIGKILL (a crashed ingest), then starts N processes at one barrier.
Two wait for the lock, the others give up at once; each holder checks that nobody else is inside,
commits a generation adding its own row on top of the live one, and leaves. After every
trial: no two holders at once, and the store holds the first row plus exactly one row per
holder (a second simultaneous writer would lose a row, or delete the first one's temporary
generation mid-write).

SPEECHES_LOCK_TRIALS sets the number of trials (4 here; the README's figure is 500:
`SPEECHES_LOCK_TRIALS=500 .venv/bin/python -m pytest tests/test_lock.py -q`).
"""

from __future__ import annotations

import json
import multiprocessing
import os
import shutil
import signal
import socket
from pathlib import Path

import pytest

from speeches import store
from speeches.errors import StoreLocked

TRIALS = int(os.environ.get("SPEECHES_LOCK_TRIALS", "4"))
PROCESSES = 6
WAITERS = 3  # every third process waits for the lock; the others give up at once


def _row(doc_id: str) -> dict[str, object]:
    return {"doc_id": doc_id, "source_path": f"{doc_id}.txt", "text": doc_id}


def _commit_row(s: Path, doc_id: str) -> None:
    with store.Writer(s) as writer:
        writer.carry_over(set())
        writer.write("documents", [_row(doc_id)])
        writer.commit({"by": doc_id})


def _no_fsync() -> None:
    """This test is about who holds the lock, not about durability: on a busy disk each
    fsync of a commit can take a tenth of a second, most of a trial."""
    os.fsync = lambda fd: None


def _crashed_holder(s: str) -> None:
    """Takes the lock, starts a generation, and is killed mid-write."""
    _no_fsync()
    lock = store.Lock(Path(s))
    lock.acquire()
    writer = store.Writer(Path(s))
    writer.write("documents", [_row("crashed")])
    os.kill(os.getpid(), signal.SIGKILL)


def _contender(s: str, i: int, barrier, results) -> None:  # type: ignore[no-untyped-def]
    path = Path(s)
    _no_fsync()
    barrier.wait()
    lock = store.Lock(path, wait=i % WAITERS == 0, timeout=120)
    try:
        lock.acquire()
    except StoreLocked as e:
        results.put((i, "locked", str(e)))
        return
    try:
        inside = path / "inside"
        try:
            fd = os.open(inside, os.O_CREAT | os.O_EXCL | os.O_WRONLY)
        except FileExistsError:
            results.put((i, "overlap", ""))
            return
        os.close(fd)
        store.clean_stale_temporaries(path)
        _commit_row(path, f"p{i}")
        os.unlink(inside)
        results.put((i, "held", ""))
    finally:
        lock.release()


@pytest.mark.slow
def test_one_holder_whatever_the_timing_on_a_stale_lock(tmp_path: Path) -> None:
    template = tmp_path / "template"
    _commit_row(template, "first")
    ctx = multiprocessing.get_context("forkserver")
    ctx.set_forkserver_preload(["speeches.store", "filelock"])
    failures = []
    for trial in range(TRIALS):
        s = tmp_path / f"s{trial}"
        shutil.copytree(template, s, symlinks=True)
        crashed = ctx.Process(target=_crashed_holder, args=(str(s),))
        crashed.start()
        crashed.join(60)
        assert crashed.exitcode == -signal.SIGKILL
        assert list(s.glob(".gen-*.tmp"))  # it died mid-write
        barrier = ctx.Barrier(PROCESSES)
        results = ctx.Queue()
        procs = [
            ctx.Process(target=_contender, args=(str(s), i, barrier, results))
            for i in range(PROCESSES)
        ]
        for p in procs:
            p.start()
        for p in procs:
            p.join(180)
        outcome = [results.get(timeout=10) for _ in procs]
        held = sorted(f"p{i}" for i, what, _ in outcome if what == "held")
        docs = sorted(store.read_table(s, "documents")["doc_id"])
        ok = (
            all(p.exitcode == 0 for p in procs)
            and not any(what == "overlap" for _, what, _ in outcome)
            and docs == sorted(["first", *held])
            # Every process that waited got the lock in its turn; the others were told who.
            and all(f"p{i}" in held for i in range(0, PROCESSES, WAITERS))
            and all("is being written by" in m for _, what, m in outcome if what == "locked")
            and not list(s.glob(".gen-*.tmp"))
            and not (s / "inside").exists()
        )
        if not ok:
            failures.append((trial, outcome, docs))
        shutil.rmtree(s)
    assert not failures, f"{len(failures)} of {TRIALS} trials went wrong: {failures[:3]}"


def test_the_message_names_the_holder_pid_and_time(tmp_path: Path) -> None:
    with store.Lock(tmp_path):
        info = json.loads((tmp_path / ".lock.holder").read_text("utf-8"))
        assert info["pid"] == os.getpid() and info["host"] == socket.gethostname()
        with pytest.raises(StoreLocked, match=rf"process {os.getpid()} on .* since {info['since']}"):
            store.Lock(tmp_path).acquire()
    assert not (tmp_path / ".lock.holder").exists()
    with store.Lock(tmp_path) as again:  # released: free for the next one
        assert again.held


@pytest.mark.slow
def test_a_lock_of_a_killed_process_is_free_at_once(tmp_path: Path) -> None:
    ctx = multiprocessing.get_context("forkserver")
    _commit_row(tmp_path, "first")
    crashed = ctx.Process(target=_crashed_holder, args=(str(tmp_path),))
    crashed.start()
    crashed.join(60)
    assert crashed.exitcode == -signal.SIGKILL
    with store.Lock(tmp_path) as lock:  # no wait: the OS dropped the dead process's lock
        assert lock.held
        store.clean_stale_temporaries(tmp_path)
    assert list(store.read_table(tmp_path, "documents")["doc_id"]) == ["first"]
