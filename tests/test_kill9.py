"""kill -9 at random points of an ingest always leaves a readable store equal to the old
state or the new one, and the next ingest runs.

SPEECHES_KILL_TRIALS sets the number of trials (2 here; the README's figure is 60:
`SPEECHES_KILL_TRIALS=60 .venv/bin/python -m pytest tests/test_kill9.py -q`).
"""

from __future__ import annotations

import os
import random
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest

from conftest import RAW
from speeches import store

pytestmark = pytest.mark.slow  # every test here starts and kills an ingest

TRIALS = int(os.environ.get("SPEECHES_KILL_TRIALS", "2"))
SPEECHES = [sys.executable, "-m", "speeches"]


def _state(s: Path) -> dict[str, object]:
    """Every table read whole: row counts and the documents' ids and paths."""
    out: dict[str, object] = {}
    for name in store.TABLES:
        out[name] = store.read_arrow(s, name).num_rows
    docs = store.read_table(s, "documents", columns=["doc_id", "source_path"])
    out["docs"] = sorted(zip(docs["doc_id"], docs["source_path"], strict=True))
    return out


def _ingest(corpus: Path, s: Path) -> subprocess.Popen[bytes]:
    return subprocess.Popen(
        [*SPEECHES, "ingest", str(corpus), "--store", str(s), "--workers", "1", "-q"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )


@pytest.fixture(scope="module")
def setup(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path, Path, dict, dict, float]:
    root = tmp_path_factory.mktemp("kill9")
    corpus = root / "corpus"
    shutil.copytree(RAW, corpus)
    base = root / "base"
    assert _ingest(corpus, base).wait(300) == 0
    old = _state(base)
    # The new state: two files changed, twenty added.
    files = sorted(corpus.iterdir())
    for f in files[:2]:
        f.write_bytes(f.read_bytes() + b"\nchanged\n")
    for i in range(20):
        src = files[i % len(files)]
        (corpus / f"new{i:02d}_{src.name}").write_bytes(f"copy {i}\n".encode() + src.read_bytes())
    full = root / "full"
    shutil.copytree(base, full, symlinks=True)
    t0 = time.monotonic()
    assert _ingest(corpus, full).wait(300) == 0
    duration = time.monotonic() - t0
    new = _state(full)
    assert new != old
    return root, corpus, base, old, new, duration


def _kill_after(proc: subprocess.Popen[bytes], s: Path, delay: float, writing: bool) -> str:
    """Kill `proc` after `delay` seconds, counted from the start or, if `writing`, from when
    its new generation folder appears; says in which phase the kill landed."""
    if writing:
        deadline = time.monotonic() + 300
        while not list(s.glob(".gen-*.tmp")) and proc.poll() is None:
            if time.monotonic() > deadline:
                break
            time.sleep(0.01)
    time.sleep(delay)
    phase = "writing" if list(s.glob(".gen-*.tmp")) else "before or after"
    proc.kill()
    proc.wait()
    return phase


def test_kill_9_anywhere_leaves_the_old_or_the_new_store(setup) -> None:  # type: ignore[no-untyped-def]
    root, corpus, base, old, new, duration = setup
    rng = random.Random(int(os.environ.get("SPEECHES_KILL_SEED", "18")))
    seen = {"old": 0, "new": 0, "writing": 0}
    for trial in range(TRIALS):
        s = root / f"t{trial}"
        shutil.copytree(base, s, symlinks=True)
        proc = _ingest(corpus, s)
        # Even trials: a random point of the whole run; odd ones: of its writing phase.
        writing = trial % 2 == 1
        delay = rng.uniform(0, 0.6 if writing else 1.05) * duration
        if _kill_after(proc, s, delay, writing) == "writing":
            seen["writing"] += 1
        state = _state(s)  # readable, every table whole
        assert state in (old, new), f"trial {trial}: neither the old nor the new store"
        seen["old" if state == old else "new"] += 1
        if trial % 3 == 0:  # the lock is free and the next ingest completes the update
            assert _ingest(corpus, s).wait(300) == 0
            assert _state(s) == new
            assert not list(s.glob(".gen-*.tmp"))
        shutil.rmtree(s)
    print(
        f"kill -9 trials: {TRIALS}; killed while writing the new generation: "
        f"{seen['writing']}; left the old store: {seen['old']}, the new: {seen['new']}"
    )
