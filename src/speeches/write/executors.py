"""Where batches run: in this process, or in a local pool of worker processes (Dask, in
`dask_executor`, is built on the same pieces).

An executor maps a plain function over batches and yields each batch's result as it
finishes; it knows nothing of what a batch holds. Each worker process runs an `init`
callable once before its first batch (`worker.warm`); `InFlight` is the one bounded
submission loop, so memory stays bounded however many batches there are. Only the calling
process writes the store.
"""

from __future__ import annotations

import contextlib
import functools
import importlib
import importlib.abc
import importlib.machinery
import multiprocessing
import multiprocessing.context
import os
import sys
from collections import deque
from collections.abc import Callable, Generator, Hashable, Iterable, Iterator
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass
from typing import Any, Generic, Protocol, TypeVar

from speeches.errors import SpeechesError

F = TypeVar("F", bound=Hashable)  # a future of some executor


@dataclass(frozen=True)
class Init:
    """`fn(arg)`, run once per worker process before its first batch. Equal for equal
    `fn` and `arg`, so a worker that receives it again with every batch (Dask) runs it once."""

    fn: Callable[[Any], None]
    arg: Hashable

    def __call__(self) -> None:
        self.fn(self.arg)


@dataclass(frozen=True)
class Named:
    """The function `name` of module `module`, imported where it is called: pickled as the two
    names, so the process that hands it to workers need not import its module (a worker of
    the local pool has it already, from the fork server)."""

    module: str
    name: str

    def __call__(self, *args: Any, **kwargs: Any) -> Any:
        return getattr(importlib.import_module(self.module), self.name)(*args, **kwargs)


@dataclass
class WorkerDied:
    """What `map` yields for a batch of one item whose worker process died running it
    (killed for memory, a crash in a C library): the caller names the item and goes on."""

    batch: list[Any]
    reason: str


class Executor(Protocol):
    def map(self, fn: Callable[[Any], Any], batches: list[Any]) -> Iterator[Any]: ...
    def close(self) -> None: ...


@functools.cache
def init_once(init: Init | None) -> None:
    """Run `init` the first time this process is given it (Dask workers have no initializer)."""
    if init is not None:
        init()


class InFlight(Generic[F]):
    """Submits batches as earlier ones finish, never more than `limit()` at once, and yields
    each round of finished (future, batch, alone) as it comes.

    `alone` marks a batch that must run with nothing else in flight (`requeue_alone`): a
    death then names it. The caller may inspect and take back what is in flight between
    rounds (`take_pending`); on leaving, whatever is still in flight is cancelled."""

    def __init__(
        self,
        batches: Iterable[Any],
        submit: Callable[[Any], F],
        limit: Callable[[], int],
        cancel: Callable[[list[F]], None],
    ):
        self.queue: deque[tuple[Any, bool]] = deque((b, False) for b in batches)
        self.pending: dict[F, tuple[Any, bool]] = {}
        self.submit = submit
        self.limit = limit
        self.cancel = cancel

    def _alone(self) -> bool:
        return any(a for _, a in self.queue) or any(a for _, a in self.pending.values())

    def fill(self) -> None:
        """Submit queued batches up to the limit (one at a time while some must run alone)."""
        limit = 1 if self._alone() else self.limit()
        while len(self.pending) < limit and self.queue:
            batch, alone = self.queue.popleft()
            self.pending[self.submit(batch)] = (batch, alone)

    def rounds(
        self, wait_any: Callable[[list[F]], Iterable[F]]
    ) -> Generator[list[tuple[F, Any, bool]]]:
        """Each round's finished futures; `wait_any` returns those done among the pending
        (none: it timed out, and the loop goes on)."""
        try:
            while True:
                self.fill()
                if not self.pending:
                    return
                done = list(wait_any(list(self.pending)))
                yield [(f, *self.pending.pop(f)) for f in done if f in self.pending]
        finally:
            if self.pending:
                self.cancel(list(self.pending))

    def take_pending(self) -> list[tuple[Any, bool]]:
        """What is in flight, as (batch, alone), no longer tracked here."""
        lost, self.pending = list(self.pending.values()), {}
        return lost

    def requeue_alone(self, items: list[Any]) -> None:
        """Run each item on its own, before the batches still queued."""
        self.queue.extendleft(([item], True) for item in reversed(items))


class SerialExecutor:
    """Runs batches one after the other in this process (one worker, tests, debugging); it
    has no worker process to warm up."""

    def map(self, fn: Callable[[Any], Any], batches: list[Any]) -> Iterator[Any]:
        for batch in batches:
            yield fn(batch)

    def close(self) -> None:
        pass


def _exit_with_parent() -> None:
    """Exit this worker as soon as the process that started the pool is gone (killed with
    -9, say): a thread waits on multiprocessing's parent sentinel, which is ready once that
    process has exited, whether the worker was spawned by it or forked by its fork server."""
    import threading

    parent = multiprocessing.parent_process()
    if parent is None:  # not a pool worker
        return

    def watch() -> None:
        parent.join()
        os._exit(1)

    threading.Thread(target=watch, name="exit-with-parent", daemon=True).start()


class NoPandas(importlib.abc.MetaPathFinder):
    """Makes `import pandas` fail, in a worker process of the local pool. pyarrow imports
    pandas (0.17 CPU s) the first time it turns Python objects into an array, only to ask
    whether they are pandas objects; it takes the failed import for "no pandas" and goes on.
    Workers build their tables from lists and never use pandas."""

    def find_spec(
        self, fullname: str, path: object = None, target: object = None
    ) -> importlib.machinery.ModuleSpec | None:
        if fullname.partition(".")[0] == "pandas":
            raise ModuleNotFoundError(
                f"{fullname} is not imported by ingest workers", name=fullname
            )
        return None


def _start_worker(init: Init | None, env: dict[str, str] | None = None) -> None:
    """The local pool's initializer: take the parent's environment (a worker forked by the
    fork server has the server's, as it was when the server started), tie the worker to its
    parent, keep pandas out (`NoPandas`), then run `init`."""
    import signal

    if env is not None and env != os.environ:
        for name in set(os.environ) - set(env):
            del os.environ[name]
        os.environ.update(env)
    _exit_with_parent()
    if "pandas" not in sys.modules:
        sys.meta_path.insert(0, NoPandas())
    # Ctrl-C reaches the whole process group: only the parent acts on it (it cancels the
    # batches and drops the unfinished store generation); workers must not print tracebacks.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    init_once(init)


def _cancel_all(futures: list[Future[Any]]) -> None:
    for future in futures:
        future.cancel()


def _wait_any(futures: list[Future[Any]]) -> set[Future[Any]]:
    return wait(futures, return_when=FIRST_COMPLETED).done


def pool_context(preload: tuple[str, ...] = ()) -> multiprocessing.context.BaseContext:
    """How the local pool starts its workers: forked by a fork server where the platform has
    one (Linux, macOS), else spawned (Windows).

    The fork server is one clean process, started once per calling process (`start_server`),
    that imports the `preload` modules and then forks each worker with them imported: a worker
    starts without importing them again, and a pool started again after a worker died
    starts as fast. Workers still behave as spawned ones: nothing of the calling process is
    inherited, and `_start_worker` gives them its environment."""
    if "forkserver" not in multiprocessing.get_all_start_methods():
        return multiprocessing.get_context("spawn")
    context = multiprocessing.get_context("forkserver")
    if preload:  # only read when the server starts: a running server keeps its modules
        context.set_forkserver_preload(list(preload))
    return context


def start_server(preload: tuple[str, ...] = ()) -> None:
    """Start the fork server (if the platform has one and it is not running yet), so that it
    imports `preload` while this process goes on with other work; a pool started later forks
    its workers from it."""
    context = pool_context(preload)
    if context.get_start_method() == "forkserver":
        from multiprocessing import forkserver

        forkserver.ensure_running()


class LocalExecutor:
    """A pool of worker processes (`pool_context`: forked by a fork server, else spawned);
    at most two batches in flight per worker, so memory stays bounded.

    A worker that dies (the kernel's OOM killer, a crash) breaks the whole pool and every
    batch in flight with it. The pool is then started again and those batches run again one
    item at a time; an item whose worker dies again comes back as WorkerDied, and the rest
    go on. Workers exit when this process dies.
    """

    # Items whose worker died, in a row with no batch finishing in between, before giving up.
    MAX_DEATHS = 5

    def __init__(self, workers: int, init: Init | None = None, preload: tuple[str, ...] = ()):
        self.workers = workers
        self.init = init
        self.preload = preload
        self.pool = self._new_pool()

    def _new_pool(self) -> ProcessPoolExecutor:
        return ProcessPoolExecutor(
            max_workers=self.workers,
            mp_context=pool_context(self.preload),
            initializer=_start_worker,
            initargs=(self.init, dict(os.environ)),
        )

    def map(self, fn: Callable[[Any], Any], batches: list[Any]) -> Iterator[Any]:
        flight: InFlight[Future[Any]] = InFlight(
            batches,
            submit=lambda batch: self.pool.submit(fn, batch),
            limit=lambda: self.workers * 2,
            cancel=_cancel_all,
        )
        with contextlib.closing(flight.rounds(_wait_any)) as rounds:
            yield from self._results(flight, rounds)

    def _results(
        self, flight: InFlight[Future[Any]], rounds: Iterator[list[tuple[Future[Any], Any, bool]]]
    ) -> Iterator[Any]:
        deaths = 0  # workers died in a row with no batch finishing in between
        for done in rounds:
            lost: list[tuple[Any, bool]] = []
            for future, batch, alone in done:
                try:
                    result = future.result()
                except BrokenProcessPool:
                    lost.append((batch, alone))
                    continue
                deaths = 0
                yield result
            if not lost:
                continue
            # Every batch still in flight went down with the pool.
            lost += flight.take_pending()
            self.pool.shutdown(wait=False, cancel_futures=True)
            suspects: list[Any] = []
            for batch, alone in lost:
                if alone:
                    deaths += 1
                    if deaths > self.MAX_DEATHS:
                        raise SpeechesError(
                            "worker processes keep dying (out of memory?); try fewer --workers"
                        )
                    yield WorkerDied(
                        batch, "its worker process died processing it (killed for memory?)"
                    )
                else:
                    suspects.extend(batch)
            flight.requeue_alone(suspects)
            self.pool = self._new_pool()

    def close(self) -> None:
        self.pool.shutdown(wait=True, cancel_futures=True)
