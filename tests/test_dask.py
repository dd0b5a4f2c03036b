"""Dask executor: same tables as the local pool, lost workers, missing extra, --scheduler."""

from __future__ import annotations

import functools
import os
import shutil
import signal
import sys
from pathlib import Path

import pandas as pd
import pytest
from typer.testing import CliRunner

from conftest import RAW
from speeches import store
from speeches.cli import app
from speeches.config import Settings
from speeches.models import FileJob
from speeches.write import pipeline, worker

distributed = pytest.importorskip("distributed")
dask = pytest.importorskip("dask")
psutil = pytest.importorskip("psutil")  # a dependency of distributed

from speeches.write.dask_executor import ClusterFailed, DaskExecutor  # noqa: E402

# Row keys of each table: sorting by them makes two stores comparable whatever the batch order.
KEYS = {
    "documents": ["doc_id"],
    "sections": ["doc_id", "section_id"],
    "tokens": ["doc_id", "section_id", "position"],
    "metrics": ["doc_id", "start", "end", "kind", "rule"],
}


def tables(path: Path) -> dict[str, pd.DataFrame]:
    return {
        name: store.read_table(path, name).sort_values(keys).reset_index(drop=True)
        for name, keys in KEYS.items()
    }


def assert_same_tables(got: Path, expected: dict[str, pd.DataFrame]) -> None:
    actual = tables(got)
    for name in KEYS:
        pd.testing.assert_frame_equal(actual[name], expected[name], obj=name)


@pytest.fixture(scope="module")
def raw(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("dask") / "raw"
    shutil.copytree(RAW, path)
    return path


@pytest.fixture(scope="module")
def reference(raw: Path) -> dict[str, pd.DataFrame]:
    """The local process pool's tables for `raw`."""
    path = raw.parent / "local"
    result = pipeline.run([raw], Settings(store=path, workers=2))
    assert result.ok and result.stored == len(list(RAW.iterdir()))
    return tables(path)


def children() -> set[int]:
    return {p.pid for p in psutil.Process().children(recursive=True) if p.is_running()}


@pytest.fixture
def no_leaked_processes() -> object:
    before = children()
    yield
    assert children() <= before, "worker processes outlived the run"


@pytest.fixture(scope="module")
def cluster() -> object:
    """A cluster started outside speeches, reached through settings.scheduler."""
    before = children()
    with distributed.LocalCluster(
        n_workers=2,
        threads_per_worker=1,
        processes=True,
        host="127.0.0.1",
        dashboard_address="127.0.0.1:0",
    ) as cluster:
        yield cluster
    assert children() <= before, "worker processes outlived the cluster"


def die_once(batch: list[FileJob], settings: Settings, marker: str) -> worker.BatchResult:
    """Batch function whose first call, anywhere, kills its worker process mid-batch."""
    try:
        os.close(os.open(marker, os.O_CREAT | os.O_EXCL))
    except FileExistsError:
        return worker.process_batch(batch, settings)
    os.kill(os.getpid(), signal.SIGKILL)
    raise AssertionError("unreachable")


def die_always(batch: list[FileJob], settings: Settings) -> worker.BatchResult:
    os.kill(os.getpid(), signal.SIGKILL)
    raise AssertionError("unreachable")


@pytest.mark.slow
@pytest.mark.usefixtures("no_leaked_processes")
def test_local_cluster_gives_the_local_tables(
    raw: Path, reference: dict[str, pd.DataFrame], tmp_path: Path
) -> None:
    settings = Settings(store=tmp_path / "dask", executor="dask", workers=2)
    result = pipeline.run([raw], settings)
    assert result.ok and result.committed and result.stored == len(reference["documents"])
    assert_same_tables(settings.store, reference)


@pytest.mark.slow
def test_worker_killed_mid_batch_is_retried_elsewhere(
    raw: Path,
    reference: dict[str, pd.DataFrame],
    tmp_path: Path,
    cluster: object,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    marker = tmp_path / "killed"
    monkeypatch.setattr(pipeline, "PROCESS_BATCH", functools.partial(die_once, marker=str(marker)))
    settings = Settings(
        store=tmp_path / "store", executor="dask", scheduler=cluster.scheduler_address
    )
    result = pipeline.run([raw], settings)
    assert marker.exists()  # a worker did die
    assert result.ok and result.committed, result.failed
    assert_same_tables(settings.store, reference)


@pytest.mark.slow
@pytest.mark.usefixtures("no_leaked_processes")
def test_workers_that_keep_dying_fail_cleanly(
    raw: Path, reference: dict[str, pd.DataFrame], monkeypatch: pytest.MonkeyPatch
) -> None:
    before = raw.parent / "local"
    live = store.current_dir(before)
    manifest = store.read_manifest(before)
    monkeypatch.setattr(pipeline, "PROCESS_BATCH", die_always)
    settings = Settings(store=before, executor="dask", workers=2, force=True)
    # Fail on the first lost worker rather than after three (the default).
    with (
        dask.config.set({"distributed.scheduler.allowed-failures": 0}),
        pytest.raises(ClusterFailed, match="workers kept dying.*the store was not changed"),
    ):
        pipeline.run([raw], settings)
    assert store.current_dir(before) == live and store.read_manifest(before) == manifest
    assert not list(before.glob(".gen-*")) and not (before / ".lock.holder").exists()
    with store.Lock(before):  # released: free for the next writer
        pass
    assert_same_tables(before, reference)


@pytest.mark.slow
def test_scheduler_option_gives_the_local_tables(
    raw: Path, reference: dict[str, pd.DataFrame], tmp_path: Path, cluster: object
) -> None:
    result = CliRunner().invoke(
        app,
        ["ingest", str(raw), "--store", str(tmp_path / "s"), "--executor", "dask",
         "--scheduler", cluster.scheduler_address, "--quiet"],
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    assert_same_tables(tmp_path / "s", reference)


@pytest.mark.slow
def test_file_a_worker_cannot_see_says_so(tmp_path: Path, cluster: object) -> None:
    missing = FileJob(str(tmp_path / "elsewhere.txt"), "elsewhere.txt", 10, 0)
    settings = Settings(store=tmp_path, executor="dask", scheduler=cluster.scheduler_address)
    executor = DaskExecutor(settings)
    try:
        (result,) = executor.map(
            functools.partial(worker.process_batch, settings=settings), [[missing]]
        )
    finally:
        executor.close()
    assert result.done == [] and [s.path for s in result.failed] == [missing.path]
    assert "cannot read" in result.failed[0].reason
    assert "every worker must see the input files at the same path" in result.failed[0].reason


@pytest.mark.slow
def test_rules_file_a_worker_cannot_read_says_so(tmp_path: Path, cluster: object) -> None:
    job = FileJob(str(tmp_path / "a.txt"), "a.txt", 10, 0)
    settings = Settings(
        store=tmp_path,
        executor="dask",
        scheduler=cluster.scheduler_address,
        rules=tmp_path / "only-on-the-client.toml",
    )
    executor = DaskExecutor(settings)
    try:
        with pytest.raises(ClusterFailed, match="cannot read rule file.*every worker at the same"):
            list(executor.map(functools.partial(worker.process_batch, settings=settings), [[job]]))
    finally:
        executor.close()


def test_unreachable_scheduler(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from speeches.write import dask_executor

    monkeypatch.setattr(dask_executor, "CONNECT_TIMEOUT", 0.5)
    settings = Settings(store=tmp_path, executor="dask", scheduler="tcp://127.0.0.1:9")
    with pytest.raises(ClusterFailed, match="cannot reach the Dask scheduler at tcp://127.0.0.1:9"):
        DaskExecutor(settings)


def test_missing_extra_names_it(raw: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # As if distributed were not installed: importing it raises ImportError.
    monkeypatch.setitem(sys.modules, "distributed", None)
    monkeypatch.delitem(sys.modules, "speeches.write.dask_executor")
    result = CliRunner().invoke(
        app, ["ingest", str(raw), "--store", str(tmp_path / "s"), "--executor", "dask", "-q"]
    )
    assert result.exit_code == 1
    assert (
        result.stderr
        == "Error: --executor dask needs the dask extra: pip install 'speeches[dask]'\n"
    )
    assert store.current_dir(tmp_path / "s") is None


@pytest.mark.slow
def test_worker_without_this_speeches_is_refused(
    tmp_path: Path, cluster: object, monkeypatch: pytest.MonkeyPatch
) -> None:
    from speeches import __version__
    from speeches.write import dask_executor

    monkeypatch.setattr(dask_executor, "__version__", "9.9.9")
    settings = Settings(store=tmp_path, executor="dask", scheduler=cluster.scheduler_address)
    with pytest.raises(
        ClusterFailed, match=rf"needs speeches 9\.9\.9, as here \(tcp://.*: {__version__}"
    ):
        DaskExecutor(settings)
