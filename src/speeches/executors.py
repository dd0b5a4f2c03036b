"""Where batches run: a local process pool by default, Dask when asked.

Every executor maps one plain function over batches and yields each batch's result as it
finishes; only the calling process writes the store.
"""

from __future__ import annotations

import multiprocessing
import os
from collections.abc import Callable, Iterator
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass
from typing import Any, Protocol

from .config import Settings
from .errors import MissingExtra, SpeechesError


@dataclass
class WorkerDied:
    """What `map` yields for a batch of one item whose worker process died running it
    (killed for memory, a crash in a C library): the caller names the item and goes on."""

    batch: list[Any]
    reason: str


class Executor(Protocol):
    def map(
        self, fn: Callable[..., Any], batches: list[Any], settings: Settings
    ) -> Iterator[Any]: ...
    def close(self) -> None: ...


class SerialExecutor:
    """Runs batches one after the other in this process (one worker, tests, debugging)."""

    def map(self, fn: Callable[..., Any], batches: list[Any], settings: Settings) -> Iterator[Any]:
        for batch in batches:
            yield fn(batch, settings)

    def close(self) -> None:
        pass


def _exit_with_parent(parent: int) -> None:
    """Exit this worker as soon as its parent process is gone (killed with -9, say): a
    thread checks once a second whether this process has been handed to another parent."""
    import threading
    import time

    def watch() -> None:
        while os.getppid() == parent:
            time.sleep(1.0)
        os._exit(1)

    threading.Thread(target=watch, name="exit-with-parent", daemon=True).start()


def _warm(settings: Settings, parent: int | None = None) -> None:
    """Worker initializer: build the tokenizer, rules and registry once per process, then
    freeze them out of the garbage collector's sight: they live as long as the worker, and
    every full collection would otherwise walk jieba's dictionary (half a million entries),
    some 8 % of a worker's time."""
    import gc
    import signal

    if parent is not None and hasattr(os, "getppid"):
        _exit_with_parent(parent)

    from . import segment
    from .pipeline import context

    # Ctrl-C reaches the whole process group: only the parent acts on it (it cancels the
    # batches and drops the unfinished store generation); workers must not print tracebacks.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    ctx = context(settings.speakers, settings.rules, settings.attribution, settings.subjects)
    segment.tokenize("", ctx.names)  # builds the segmenter on top of the tokenizer
    gc.freeze()


class LocalExecutor:
    """A pool of worker processes started with 'spawn' (same behaviour on Linux, macOS and
    Windows); at most two batches in flight per worker, so memory stays bounded.

    A worker that dies (the kernel's OOM killer, a crash) breaks the whole pool and every
    batch in flight with it. The pool is then started again and those batches run again one
    item at a time; an item whose worker dies again comes back as WorkerDied, and the rest
    go on. Workers exit when this process dies.
    """

    # Items whose worker died, in a row with no batch finishing in between, before giving up.
    MAX_DEATHS = 5

    def __init__(self, workers: int, settings: Settings):
        self.workers = workers
        self.settings = settings
        self.pool = self._new_pool()

    def _new_pool(self) -> ProcessPoolExecutor:
        return ProcessPoolExecutor(
            max_workers=self.workers,
            mp_context=multiprocessing.get_context("spawn"),
            initializer=_warm,
            initargs=(self.settings, os.getpid()),
        )

    def map(self, fn: Callable[..., Any], batches: list[Any], settings: Settings) -> Iterator[Any]:
        pending: dict[Future[Any], tuple[list[Any], bool]] = {}  # future -> (batch, suspect)
        queue = list(reversed(batches))
        suspects: list[list[Any]] = []  # one item each, run alone after a pool broke
        limit = self.workers * 2
        deaths = 0  # workers died in a row with no batch finishing in between
        try:
            while True:
                if suspects:  # one at a time, alone, so a death names its item
                    if not pending:
                        suspect = suspects.pop()
                        pending[self.pool.submit(fn, suspect, settings)] = (suspect, True)
                else:
                    while len(pending) < limit and queue:
                        batch = queue.pop()
                        pending[self.pool.submit(fn, batch, settings)] = (batch, False)
                if not pending:
                    return
                done, _ = wait(pending, return_when=FIRST_COMPLETED)
                broke = False
                for future in done:
                    try:
                        result = future.result()
                    except BrokenProcessPool:
                        broke = True
                        continue
                    del pending[future]
                    deaths = 0
                    yield result
                if not broke:
                    continue
                # Every batch still in flight went down with the pool.
                lost, pending = list(pending.values()), {}
                self.pool.shutdown(wait=False, cancel_futures=True)
                for batch, alone in lost:
                    if alone:
                        deaths += 1
                        if deaths > self.MAX_DEATHS:
                            raise SpeechesError(
                                "worker processes keep dying (out of memory?); "
                                "try fewer --workers"
                            )
                        yield WorkerDied(
                            batch, "its worker process died processing it (killed for memory?)"
                        )
                    else:
                        suspects.extend([item] for item in reversed(batch))
                self.pool = self._new_pool()
        finally:
            for future in pending:
                future.cancel()

    def close(self) -> None:
        self.pool.shutdown(wait=True, cancel_futures=True)


def get_executor(settings: Settings) -> Executor:
    if settings.executor == "dask":
        try:
            from .dask_executor import DaskExecutor
        except ImportError as e:
            raise MissingExtra(
                "--executor dask needs the dask extra: pip install 'speeches[dask]'"
            ) from e
        return DaskExecutor(settings)
    if settings.executor not in ("local", "serial"):
        raise MissingExtra(f"unknown executor {settings.executor!r}: use local or dask")
    if settings.executor == "serial" or settings.n_workers <= 1:
        return SerialExecutor()
    return LocalExecutor(settings.n_workers, settings)
