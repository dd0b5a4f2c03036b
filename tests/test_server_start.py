"""When the local pool's fork server starts: at once for an ingest into a new store (from
`speeches.__main__`, before the CLI is imported), only once the plan has files to ingest for
an ingest into an existing store, and never for one with nothing to do."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from conftest import RAW
from speeches import __main__ as entry
from speeches.config import Settings
from speeches.write import PRELOAD, WARM, pipeline


def test_an_ingest_into_a_new_store_names_the_modules_pipeline_would(tmp_path: Path) -> None:
    new = tmp_path / "new"
    rules = tmp_path / "rules.toml"
    rules.write_text("", "utf-8")
    argv = ["ingest", str(RAW), "--store", str(new), "--workers", "2"]
    assert entry.server_modules(argv) == (*PRELOAD, WARM)
    assert entry.server_modules(argv) == pipeline.preload(Settings(store=new, workers=2))
    with_rules = entry.server_modules([*argv, "--rules", str(rules)])
    assert with_rules == PRELOAD == pipeline.preload(Settings(store=new, rules=rules))


@pytest.mark.parametrize(
    "extra",
    [
        ["--workers", "1"],  # no pool: the batches run in this process
        ["--attribution", "cues.toml"],  # an option not read here: the CLI decides
    ],
)
def test_no_early_server_without_a_pool_or_for_options_not_read_here(
    tmp_path: Path, extra: list[str]
) -> None:
    assert entry.server_modules(["ingest", str(RAW), "--store", str(tmp_path / "s"), *extra]) is None


def test_no_early_server_for_a_missing_path_or_an_existing_store(tmp_path: Path) -> None:
    missing = ["ingest", str(tmp_path / "nowhere"), "--store", str(tmp_path / "s")]
    assert entry.server_modules([*missing, "--workers", "2"]) is None
    store_dir = tmp_path / "store"
    pipeline.run([RAW / "000_48574bf241f505da.txt"], Settings(store=store_dir, workers=1))
    argv = ["ingest", str(RAW), "--store", str(store_dir), "--workers", "2"]
    assert entry.server_modules(argv) is None  # pipeline.run starts it if the plan needs it


def test_pipeline_starts_the_server_only_when_there_is_something_to_ingest(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    started: list[tuple[str, ...]] = []
    monkeypatch.setattr(pipeline, "start_server", started.append)
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    shutil.copy(RAW / "000_48574bf241f505da.txt", corpus)
    store_dir = tmp_path / "store"
    pipeline.run([corpus], Settings(store=store_dir, workers=1))  # no pool, no server
    assert started == []
    two = Settings(store=store_dir, workers=2)
    result = pipeline.run([corpus], two)  # every file unchanged
    assert result.unchanged == 1 and result.stored == 0
    assert started == []
    shutil.copy(RAW / "001_04126f5ed0747034.txt", corpus)
    result = pipeline.run([corpus], two)
    assert result.stored == 1
    assert started == [pipeline.preload(two)]


def test_the_main_process_imports_no_stage_but_reading_files() -> None:
    """The process that plans and writes an ingest leaves the stages (and their regexes) to
    the workers and the fork server: importing the pipeline imports none of them."""
    import subprocess
    import sys

    code = (
        "import sys\n"
        "from speeches.write import pipeline\n"
        "print(' '.join(sorted(m for m in sys.modules if m.startswith('speeches.'))))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    loaded = set(out.stdout.split())
    assert "speeches.stages.ingest" in loaded  # planning lists and stats the files
    stages = {"about", "extract", "furniture", "metadata", "sections", "segment"}
    assert not {"speeches.write.worker", *(f"speeches.stages.{s}" for s in stages)} & loaded
