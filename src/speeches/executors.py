"""Where batches run: a local process pool by default, Dask when asked.

Every executor maps one plain function over batches and yields each batch's result as it
finishes; only the calling process writes the store.
"""

from __future__ import annotations

import multiprocessing
from collections.abc import Callable, Iterator
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from typing import Any, Protocol

from .config import Settings
from .errors import MissingExtra


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


def _warm(settings: Settings) -> None:
    """Worker initializer: build the tokenizer, rules and registry once per process, then
    freeze them out of the garbage collector's sight: they live as long as the worker, and
    every full collection would otherwise walk jieba's dictionary (half a million entries),
    some 8 % of a worker's time."""
    import gc
    import signal

    from . import segment
    from .pipeline import context

    # Ctrl-C reaches the whole process group: only the parent acts on it (it cancels the
    # batches and drops the unfinished store generation); workers must not print tracebacks.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    ctx = context(settings.speakers, settings.rules, settings.attribution)
    segment.tokenize("", ctx.names)  # builds the segmenter on top of the tokenizer
    gc.freeze()


class LocalExecutor:
    """A pool of worker processes started with 'spawn' (same behaviour on Linux, macOS and
    Windows); at most two batches in flight per worker, so memory stays bounded."""

    def __init__(self, workers: int, settings: Settings):
        self.pool = ProcessPoolExecutor(
            max_workers=workers,
            mp_context=multiprocessing.get_context("spawn"),
            initializer=_warm,
            initargs=(settings,),
        )
        self.workers = workers

    def map(self, fn: Callable[..., Any], batches: list[Any], settings: Settings) -> Iterator[Any]:
        pending: set[Future[Any]] = set()
        queue = iter(batches)
        limit = self.workers * 2
        try:
            while True:
                while len(pending) < limit:
                    batch = next(queue, None)
                    if batch is None:
                        break
                    pending.add(self.pool.submit(fn, batch, settings))
                if not pending:
                    return
                done, pending = wait(pending, return_when=FIRST_COMPLETED)
                for future in done:
                    yield future.result()
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
