"""The executors' shared pieces: the bounded submission loop and the once-per-process init."""

from __future__ import annotations

import functools
from concurrent.futures import Future
from pathlib import Path
from typing import Any

import pytest

from conftest import RAW
from speeches.write import PRELOAD, executors
from speeches.write.executors import InFlight, Init, SerialExecutor


class Fake:
    """Futures finished by hand; records how many were in flight at each submission."""

    def __init__(self) -> None:
        self.in_flight: list[int] = []
        self.live: dict[Future[object], object] = {}

    def submit(self, batch: object) -> Future[object]:
        future: Future[object] = Future()
        self.live[future] = batch
        self.in_flight.append(len(self.live))
        return future

    def finish_oldest(self, futures: list[Future[object]]) -> list[Future[object]]:
        oldest = futures[0]
        oldest.set_result(self.live.pop(oldest))
        return [oldest]

    def cancel(self, futures: list[Future[object]]) -> None:
        for f in futures:
            self.live.pop(f, None)


def test_never_more_than_the_limit_in_flight() -> None:
    fake = Fake()
    flight = InFlight(range(10), fake.submit, limit=lambda: 3, cancel=fake.cancel)
    got = [batch for done in flight.rounds(fake.finish_oldest) for _, batch, _ in done]
    assert got == list(range(10))
    assert max(fake.in_flight) == 3


def test_items_requeued_alone_run_one_at_a_time_first() -> None:
    fake = Fake()
    batches = [["a", "b"], ["c", "d"], ["e"], ["f"]]
    flight = InFlight(batches, fake.submit, limit=lambda: 2, cancel=fake.cancel)
    rounds = flight.rounds(fake.finish_oldest)
    assert [b for _, b, _ in next(rounds)] == [["a", "b"]]
    # As if the pool broke: what is in flight comes back, its items to be run alone.
    assert flight.take_pending() == [(["c", "d"], False)]
    fake.live.clear()
    fake.in_flight.clear()
    flight.requeue_alone(["c", "d"])
    order = [(batch, alone) for done in rounds for _, batch, alone in done]
    assert order == [(["c"], True), (["d"], True), (["e"], False), (["f"], False)]
    # Each item alone ran with nothing beside it; then the limit applies again.
    assert fake.in_flight == [1, 1, 1, 2]


def test_leaving_early_cancels_what_is_in_flight() -> None:
    fake = Fake()
    flight = InFlight(range(5), fake.submit, limit=lambda: 2, cancel=fake.cancel)
    rounds = flight.rounds(fake.finish_oldest)
    next(rounds)
    rounds.close()
    assert not fake.live


calls: list[object] = []


def _record(arg: object) -> None:
    calls.append(arg)


def test_init_runs_once_per_process_for_equal_inits() -> None:
    calls.clear()
    executors.init_once.cache_clear()
    executors.init_once(Init(_record, "x"))
    executors.init_once(Init(_record, "x"))  # another copy, as Dask sends with each batch
    executors.init_once(Init(_record, "y"))
    assert calls == ["x", "y"]


def test_serial_executor_maps_in_order() -> None:
    assert list(SerialExecutor().map(lambda b: b * 2, [1, 2, 3])) == [2, 4, 6]


def _batch_in_worker(jobs: list[Any], settings: Any) -> tuple[Any, bool]:
    """process_batch as a pool worker runs it, and whether that process imported pandas."""
    import sys

    from speeches.write import worker

    return worker.process_batch(jobs, settings), "pandas" in sys.modules


def _gc_threshold(_: object) -> tuple[int, ...]:
    import gc

    return gc.get_threshold()


def test_a_warmed_worker_collects_young_objects_less_often(tmp_path: Path) -> None:
    from speeches.config import Settings
    from speeches.write import worker

    pool = executors.LocalExecutor(1, Init(worker.warm, Settings(store=tmp_path / "s")))
    try:
        assert list(pool.map(_gc_threshold, [None])) == [worker._GC_THRESHOLD]
    finally:
        pool.close()
    assert worker._GC_THRESHOLD[0] > 700  # Python's default


def test_pool_workers_build_the_same_tables_without_importing_pandas(tmp_path: Path) -> None:
    from speeches.config import Settings
    from speeches.stages.ingest import read_corpus
    from speeches.write import worker

    settings = Settings(store=tmp_path / "s")
    jobs, _ = read_corpus([RAW], settings.store)
    pool = executors.LocalExecutor(1, Init(worker.warm, settings))
    try:
        [(result, imported)] = list(
            pool.map(functools.partial(_batch_in_worker, settings=settings), [jobs])
        )
    finally:
        pool.close()
    assert not imported  # pyarrow would import it (0.17 s) on its first array
    here = worker.process_batch(jobs, settings)
    assert result.tables.keys() == here.tables.keys()
    for name, table in here.tables.items():
        assert result.tables[name].equals(table), name


def test_no_pandas_makes_its_import_fail_and_nothing_else() -> None:
    finder = executors.NoPandas()
    with pytest.raises(ModuleNotFoundError):
        finder.find_spec("pandas")
    with pytest.raises(ModuleNotFoundError):
        finder.find_spec("pandas.core.frame")
    assert finder.find_spec("pandas_stubs") is None
    assert finder.find_spec("pyarrow") is None


def _forkserver() -> bool:
    import multiprocessing

    return "forkserver" in multiprocessing.get_all_start_methods()


def test_a_worker_has_the_environment_of_the_pool_not_of_the_fork_server(monkeypatch) -> None:  # type: ignore[no-untyped-def]
    import os

    monkeypatch.delenv("SPEECHES_TEST_ENV", raising=False)
    executors.start_server(PRELOAD)  # the server keeps the environment it starts with
    monkeypatch.setenv("SPEECHES_TEST_ENV", "set after the server started")
    pool = executors.LocalExecutor(1, None, PRELOAD)
    try:
        assert list(pool.map(os.getenv, ["SPEECHES_TEST_ENV"])) == ["set after the server started"]
    finally:
        pool.close()


@pytest.mark.skipif(not _forkserver(), reason="no fork server on this platform")
def test_workers_are_forked_with_the_preloaded_modules_imported(tmp_path: Path) -> None:
    import subprocess
    import sys

    (tmp_path / "probe.py").write_text(
        "import sys\n\ndef loaded(name):\n    return name, name in sys.modules\n", "utf-8"
    )
    script = (
        "import probe\n"
        "from speeches.write.executors import LocalExecutor\n"
        "if __name__ == '__main__':\n"
        "    pool = LocalExecutor(1, None, ('colorsys',))\n"
        "    print(sorted(pool.map(probe.loaded, ['colorsys', 'wave'])))\n"
        "    pool.close()\n"
    )
    (tmp_path / "main.py").write_text(script, "utf-8")
    out = subprocess.run(
        [sys.executable, "main.py"], cwd=tmp_path, capture_output=True, text=True, check=True
    )
    # imported by the server, not by the worker (map yields batches as they finish: sorted)
    assert out.stdout.strip() == "[('colorsys', True), ('wave', False)]"


@pytest.mark.skipif(not _forkserver(), reason="no fork server on this platform")
def test_with_the_shipped_files_workers_are_forked_with_their_state_built(tmp_path: Path) -> None:
    import subprocess
    import sys

    (tmp_path / "probe.py").write_text(
        "from speeches.write import worker\n\n"
        "def built(_):\n    return worker.context.cache_info().currsize\n",
        "utf-8",
    )
    script = (
        "import sys\n"
        "from pathlib import Path\n"
        "import probe\n"
        "from speeches.config import Settings\n"
        "from speeches.write import pipeline\n"
        "from speeches.write.executors import LocalExecutor\n"
        "if __name__ == '__main__':\n"
        "    rules = Path(sys.argv[1]) if len(sys.argv) > 1 else None\n"
        "    settings = Settings(store=Path('s'), rules=rules)\n"
        "    pool = LocalExecutor(1, None, pipeline.preload(settings))\n"
        "    print(list(pool.map(probe.built, [0])))\n"
        "    pool.close()\n"
    )
    (tmp_path / "main.py").write_text(script, "utf-8")

    def run(*args: str) -> str:
        return subprocess.run(
            [sys.executable, "main.py", *args],
            cwd=tmp_path,
            capture_output=True,
            text=True,
            check=True,
        ).stdout.strip()

    assert run() == "[1]"  # built once, in the server
    rules = tmp_path / "rules.toml"
    rules.write_text("", "utf-8")
    assert run(str(rules)) == "[0]"  # other files: the worker's initializer builds them
