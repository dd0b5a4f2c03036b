"""Nothing lost: bad input, encodings, interruption, concurrent runs, fuzzing."""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from conftest import RAW
from speeches import store
from speeches.config import Settings
from speeches.errors import StoreLocked, UndecodableFile
from speeches.models import Document
from speeches.stages.decode import decode_bytes
from speeches.write import pipeline, worker

SPEECHES = [sys.executable, "-m", "speeches"]


def _metrics_by_file(store_dir: Path) -> dict[str, list[tuple]]:
    m = store.read_table(store_dir, "metrics")
    out: dict[str, list[tuple]] = {}
    for r in m.itertuples():
        out.setdefault(r.source_path, []).append(
            (r.kind, r.value, r.qualifier, r.speaker if isinstance(r.speaker, str) else None,
             r.start, r.end))
    return {k: sorted(v) for k, v in out.items()}


@pytest.mark.slow
def test_messy_folder(tmp_path: Path) -> None:
    raw = tmp_path / "raw"
    shutil.copytree(RAW, raw)
    copies = {}
    for path in sorted(RAW.iterdir()):
        text = path.read_text(encoding="utf-8")
        for enc in ("gb18030", "big5", "utf-16"):
            try:
                data = text.encode(enc)
            except UnicodeEncodeError:
                continue  # Big5 cannot hold Simplified characters
            name = f"{path.stem}.{enc}.txt"
            (raw / name).write_bytes(data)
            copies[name] = path.name
    assert "002_f7e51955b27f69e8.big5.txt" in copies
    (raw / "noise.txt").write_bytes(bytes((i * 7919 + 13) % 256 for i in range(20000)))
    (raw / "nul.txt").write_bytes(b"\0" * 4096)
    (raw / "empty.txt").write_bytes(b"")
    full = (RAW / "001_04126f5ed0747034.txt").read_bytes()
    (raw / "truncated.txt").write_bytes(full[: full.index("汤道生".encode()) + 4])
    (raw / "oneline.txt").write_text("腾讯用户超过10亿。" * 400_000, encoding="utf-8")
    out = subprocess.run([*SPEECHES, "ingest", str(raw), "--store", str(tmp_path / "s"), "--workers", "2"],
                         capture_output=True, text=True, timeout=600)
    assert out.returncode == 1, out.stderr
    assert "Traceback" not in out.stderr
    for bad in ("noise.txt", "nul.txt", "empty.txt"):
        assert sum(bad in line for line in out.stderr.splitlines()) == 1, out.stderr
    docs = store.read_table(tmp_path / "s", "documents")
    stored = set(docs.source_path)
    assert stored >= {p.name for p in RAW.iterdir()} | set(copies) | {"truncated.txt", "oneline.txt"}
    encodings = dict(zip(docs.source_path, docs.encoding, strict=True))
    assert encodings["002_f7e51955b27f69e8.big5.txt"] == "big5"
    assert encodings["000_48574bf241f505da.utf-16.txt"].startswith("utf-16")
    metrics = _metrics_by_file(tmp_path / "s")
    for copy, original in copies.items():
        assert metrics.get(copy) == metrics.get(original), copy


def _big_corpus(root: Path, mb: float) -> Path:
    big = root / "big"
    big.mkdir()
    files = sorted(RAW.iterdir())
    size, i = 0, 0
    while size < mb * 1e6:
        src = files[i % len(files)]
        data = f"copy {i}\n".encode() + src.read_bytes()
        (big / f"{i:05d}_{src.name}").write_bytes(data)
        size += len(data)
        i += 1
    return big


@pytest.mark.slow
def test_sigint_leaves_previous_store(tmp_path: Path) -> None:
    s = tmp_path / "s"
    seeds = tmp_path / "seeds"
    shutil.copytree(RAW, seeds)
    pipeline.run([seeds], Settings(store=s, workers=1))
    before = store.read_table(s, "metrics")
    big = _big_corpus(tmp_path, 6)
    proc = subprocess.Popen([*SPEECHES, "ingest", str(big), "--store", str(s), "--workers", "2"],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    time.sleep(4)
    proc.send_signal(signal.SIGINT)
    _, err = proc.communicate(timeout=300)
    assert "Traceback" not in err
    docs = store.read_table(s, "documents")
    assert {p.name for p in RAW.iterdir()} <= set(docs.source_path)
    if proc.returncode == 130:
        assert len(docs) == 5
        pd.testing.assert_frame_equal(store.read_table(s, "metrics"), before)
        assert "interrupted" in err
    else:  # it finished before the signal: fully updated
        assert proc.returncode == 0 and len(docs) > 5
    assert not list(s.glob(".gen-*")) and not (s / ".lock.holder").exists()
    with store.Lock(s):  # released: free for the next writer
        pass


def _seeds(tmp_path: Path) -> Path:
    raw = tmp_path / "raw"
    shutil.copytree(RAW, raw)
    return raw


@pytest.mark.slow
@pytest.mark.parametrize("sig", [signal.SIGINT, signal.SIGTERM])
def test_a_signal_while_publishing_waits_for_the_swap(tmp_path: Path, monkeypatch, sig) -> None:
    # Ctrl-C (or SIGTERM) arriving mid-swap used to raise there: the run reported
    # "interrupted, the store is as it was" with the new generation half published.
    swap = store.Writer._swap

    def signalled_swap(self, *args):  # type: ignore[no-untyped-def]
        os.kill(os.getpid(), sig)
        time.sleep(0.05)  # the handler would run here
        return swap(self, *args)

    monkeypatch.setattr(store.Writer, "_swap", signalled_swap)
    # Python's own Ctrl-C handler, whatever the test runner inherited (a job started in the
    # background of a non-interactive shell inherits SIGINT ignored).
    inherited = signal.signal(signal.SIGINT, signal.default_int_handler)
    try:
        s = tmp_path / "s"
        result = pipeline.run([_seeds(tmp_path)], Settings(store=s, workers=1))
        assert result.committed and len(store.read_table(s, "documents")) == 5
        assert signal.getsignal(signal.SIGINT) is signal.default_int_handler  # restored
    finally:
        signal.signal(signal.SIGINT, inherited)


def test_ctrl_c_after_the_new_version_is_live_is_not_a_failure(tmp_path: Path, monkeypatch) -> None:
    release = store.Lock.release

    def release_then_interrupt(self):  # type: ignore[no-untyped-def]
        release(self)
        raise KeyboardInterrupt  # as Ctrl-C would, between the commit and the return

    monkeypatch.setattr(store.Lock, "release", release_then_interrupt)
    s = tmp_path / "s"
    result = pipeline.run([_seeds(tmp_path)], Settings(store=s, workers=1))
    assert result.committed and result.stored == 5
    assert len(store.read_table(s, "documents")) == 5


def test_ctrl_c_before_the_commit_still_interrupts(tmp_path: Path, monkeypatch) -> None:
    def interrupted(self, *args):  # type: ignore[no-untyped-def]
        raise KeyboardInterrupt

    monkeypatch.setattr(store.Writer, "carry_over", interrupted)
    s = tmp_path / "s"
    with pytest.raises(KeyboardInterrupt):
        pipeline.run([_seeds(tmp_path)], Settings(store=s, workers=1))
    assert store.current_dir(s) is None


@pytest.mark.slow
def test_sigterm_mid_ingest_leaves_store_readable(tmp_path: Path) -> None:
    s = tmp_path / "s"
    big = _big_corpus(tmp_path, 3)
    proc = subprocess.Popen([*SPEECHES, "ingest", str(big), "--store", str(s), "--workers", "1"],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    time.sleep(3)
    proc.terminate()
    proc.communicate(timeout=300)
    if store.current_dir(s) is None:
        assert not list(s.glob("*.parquet")) or not any(p.exists() for p in s.glob("*.parquet"))
    else:
        assert len(store.read_table(s, "documents")) > 0


@pytest.mark.slow
def test_second_ingest_is_refused_naming_the_holder(tmp_path: Path) -> None:
    s = tmp_path / "s"
    with store.Lock(s):
        with pytest.raises(StoreLocked, match=f"process {os.getpid()}"):
            pipeline.run([RAW], Settings(store=s, workers=1))
        out = subprocess.run([*SPEECHES, "ingest", str(RAW), "--store", str(s)],
                             capture_output=True, text=True, timeout=120)
        assert out.returncode == 1
        assert f"process {os.getpid()}" in out.stderr and "--wait" in out.stderr


@pytest.mark.slow
def test_wait_takes_the_lock_when_released(tmp_path: Path) -> None:
    s = tmp_path / "s"
    lock = store.Lock(s)
    lock.acquire()
    proc = subprocess.Popen([*SPEECHES, "ingest", str(RAW), "--store", str(s), "--wait", "--workers", "1"],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    time.sleep(2)
    assert proc.poll() is None  # still waiting
    lock.release()
    assert proc.wait(timeout=120) == 0
    assert len(store.read_table(s, "documents")) == 5


@pytest.mark.slow
def test_stale_lock_of_killed_process_is_cleared(tmp_path: Path) -> None:
    s = tmp_path / "s"
    s.mkdir()
    dead = subprocess.Popen([sys.executable, "-c", "pass"])
    dead.wait()
    import socket
    (s / ".lock").write_text(json.dumps({"pid": dead.pid, "host": socket.gethostname()}))
    result = pipeline.run([RAW], Settings(store=s, workers=1))
    assert result.stored == 5


@pytest.mark.slow
def test_readers_never_see_a_half_written_store(tmp_path: Path) -> None:
    s = tmp_path / "s"
    pipeline.run([RAW], Settings(store=s, workers=1))
    big = _big_corpus(tmp_path, 1.5)
    proc = subprocess.Popen([*SPEECHES, "ingest", str(big), "--store", str(s), "--workers", "1", "-q"])
    checks = 0
    while proc.poll() is None or checks == 0:
        gen = store.current_dir(s)
        docs = set(store.read_table(s, "documents", ["doc_id"], generation=gen)["doc_id"])
        metrics = set(store.read_table(s, "metrics", ["doc_id"], generation=gen)["doc_id"])
        assert metrics <= docs
        checks += 1
        time.sleep(0.05)
    assert proc.returncode == 0 and checks > 1


# -- fuzzing: decode -> normalize -> segment -> extract never raise, offsets stay right --------

def _run_text(text: str) -> Document:
    return worker.run_stages(Document(source_path="fuzz.txt", raw=text, doc_id="f"), worker.context())


def _check(doc: Document) -> None:
    assert len(doc.text) == len(doc.raw)
    for s in doc.sections:
        assert 0 <= s.start < s.end <= len(doc.text)
    for t in doc.tokens:
        assert doc.text[t.start : t.start + len(t.token)] == t.token
    for m in doc.metrics:
        assert doc.text[m.start : m.end] == m.surface and m.surface in m.sentence


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.binary(max_size=2000))
def test_fuzz_random_bytes(data: bytes) -> None:
    try:
        text, _ = decode_bytes(data)
    except UndecodableFile:
        return
    _check(_run_text(text))


_PIECES = st.sampled_from([
    "用户", "服务器", "医院", "超过", "近", "约", "万", "亿", "千", "百", "%", "百分之", "分之", "一半",
    "台", "家", "的", "。", ",", "\n", "汤道生表示", "MA: ", "Q: ", "users", "more than", " million ",
    "servers", "half", "said Tong", "-", "~", "至", "//", "相关推荐", "1", "2.5", "３", "１０", "萬", "億",
    "用戶", "醫院", "劉熾平-騰訊公司總裁", " ", "“", "”",
])


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.one_of(_PIECES, st.text(max_size=8)), max_size=60).map("".join))
def test_fuzz_unicode_text(text: str) -> None:
    _check(_run_text(text))
