"""Worker processes: one that dies (OOM-killed, say) costs its file only, and workers never
outlive an ingest killed with -9."""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from conftest import RAW
from speeches import store
from speeches.config import Settings
from speeches.write import pipeline

SPEECHES = [sys.executable, "-m", "speeches"]


def killer(jobs, settings):  # type: ignore[no-untyped-def]
    """process_batch, except that a worker handed kill.txt dies as the OOM killer kills."""
    if any(job.path.endswith("kill.txt") for job in jobs):
        os.kill(os.getpid(), signal.SIGKILL)
    from speeches.write.worker import process_batch  # the real one: this is a fresh process

    return process_batch(jobs, settings)


@pytest.mark.slow
def test_a_killed_worker_costs_its_file_only(tmp_path: Path, monkeypatch) -> None:
    raw = tmp_path / "raw"
    shutil.copytree(RAW, raw)
    (raw / "kill.txt").write_text("标题\n\n马化腾表示，微信的月活跃用户达到10亿。\n", "utf-8")
    # Workers are spawned: they import this module to find `killer` by name.
    monkeypatch.setattr(pipeline, "PROCESS_BATCH", killer)
    s = tmp_path / "s"
    result = pipeline.run([raw], Settings(store=s, workers=2, batch_bytes=40_000))
    assert result.committed and result.stored == len(list(RAW.iterdir()))
    assert [(Path(f.path).name, f.reason) for f in result.failed] == [
        ("kill.txt", "its worker process died processing it (killed for memory?)")
    ]
    assert len(store.read_table(s, "documents")) == len(list(RAW.iterdir()))


def _workers(pid: int) -> list[int]:
    """The pool workers of process `pid`: its spawned children, or the children of its fork
    server (workers are forked by the server, not by `pid`)."""
    procs: dict[int, tuple[int, bytes]] = {}  # pid -> (parent pid, command line)
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
            cmd = (entry / "cmdline").read_bytes()
        except OSError:
            continue
        procs[int(entry.name)] = (int(stat.rsplit(")", 1)[1].split()[1]), cmd)
    servers = {p for p, (ppid, cmd) in procs.items() if ppid == pid and b"forkserver" in cmd}
    return [
        p
        for p, (ppid, cmd) in procs.items()
        if (ppid == pid and b"spawn_main" in cmd) or ppid in servers
    ]


def _alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state not in ("Z", "X")


@pytest.mark.slow
def test_workers_exit_when_the_ingest_is_killed(tmp_path: Path) -> None:
    if not Path("/proc/self/stat").exists():
        pytest.skip("needs /proc")
    big = tmp_path / "big"
    big.mkdir()
    files = sorted(RAW.iterdir())
    for i in range(400):
        src = files[i % len(files)]
        (big / f"{i:05d}_{src.name}").write_bytes(f"copy {i}\n".encode() + src.read_bytes())
    proc = subprocess.Popen(
        [*SPEECHES, "ingest", str(big), "--store", str(tmp_path / "s"), "--workers", "2", "-q"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    deadline = time.monotonic() + 60
    kids: list[int] = []
    while time.monotonic() < deadline and len(kids) < 2 and proc.poll() is None:
        time.sleep(0.2)
        kids = _workers(proc.pid)
    assert len(kids) == 2, "the workers did not start"
    time.sleep(1.5)  # into the work
    proc.kill()
    proc.wait()
    deadline = time.monotonic() + 20
    while time.monotonic() < deadline and any(_alive(k) for k in kids):
        time.sleep(0.2)
    left = [k for k in kids if _alive(k)]
    for k in left:  # do not leave them behind the test either
        os.kill(k, signal.SIGKILL)
    assert not left, "workers outlived the ingest killed with -9"
