"""The worker: one loop runs the stages, in the order the README documents."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from speeches.models import Document
from speeches.write import worker

README = Path(__file__).resolve().parents[1] / "README.md"
TEXT = "标题\n\n马化腾表示，微信的月活跃用户达到10亿。\n"


def test_readme_lists_the_stages_in_order() -> None:
    section = README.read_text("utf-8").split("## Pipeline", 1)[1].split("\n### ", 1)[0]
    rows = re.findall(r"^\| (\w+) \| `", section, flags=re.MULTILINE)
    # The README's table also has the steps around the stages: reading files, the store.
    assert rows[0] == "read" and rows[-1] == "store"
    assert tuple(rows[1:-1]) == tuple(s.name for s in worker.STAGES)


def test_the_stage_names_the_pipeline_writes_are_the_workers_stages() -> None:
    from speeches.write import STAGE_NAMES

    assert tuple(s.name for s in worker.STAGES) == STAGE_NAMES


def test_stages_are_picked_in_pipeline_order() -> None:
    assert [s.name for s in worker.stages(["about", "extract"])] == ["extract", "about"]
    with pytest.raises(KeyError, match="no such stage: parse"):
        worker.stages(["extract", "parse"])


def test_run_stages_runs_those_given_and_times_each() -> None:
    ctx = worker.context()
    timings: dict[str, float] = {}
    doc = worker.run_stages(Document("a.txt", TEXT, "a"), ctx, timings=timings)
    assert list(timings) == [s.name for s in worker.STAGES]
    assert doc.tokens and [m.value for m in doc.metrics] == [1e9]
    # The same document without segmentation: no tokens, the same metrics.
    without = tuple(s for s in worker.STAGES if s.name != "segment")
    bare = worker.run_stages(Document("a.txt", TEXT, "a"), ctx, without)
    assert not bare.tokens and bare.metrics == doc.metrics


def test_process_batch_names_a_file_that_fails(tmp_path: Path) -> None:
    from speeches.config import Settings
    from speeches.models import FileJob

    good = tmp_path / "good.txt"
    good.write_text(TEXT, "utf-8")
    jobs = [
        FileJob(str(good), "good.txt", good.stat().st_size, 0),
        FileJob(str(tmp_path / "gone.txt"), "gone.txt", 1, 0),
    ]
    result = worker.process_batch(jobs, Settings(store=tmp_path / "s"))
    assert [job.source_path for job, _ in result.done] == ["good.txt"]
    assert [Path(s.path).name for s in result.failed] == ["gone.txt"]
    assert {n: t.num_rows for n, t in result.tables.items()}["metrics"] == 1
    assert set(result.timings) >= {"read", *(s.name for s in worker.STAGES)}
