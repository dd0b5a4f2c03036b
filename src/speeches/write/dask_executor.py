"""Batches on a Dask cluster: `--executor dask`, with `--scheduler tcp://HOST:PORT` or a
LocalCluster on this machine.

Workers run the function they are given (`worker.process_batch`) and send back its rows; the client alone writes the
store, as with the local pool, so the store needs no shared disk and stays atomic. Two
things a cluster must provide:

- the `speeches` package (and its rule files) importable on every worker, at the same
  version as the client: `pip install 'speeches[dask]'` in each worker's environment;
- the input files at the same absolute paths on every worker (a shared or synced folder):
  batches carry file paths, not bytes.

Only this module imports dask, so the default install does not need it; without the extra,
importing it raises ImportError, which `pipeline.get_executor` turns into MissingExtra.
"""

from __future__ import annotations

import contextlib
import dataclasses
import importlib.metadata
import os
import socket
import time
from collections.abc import Callable, Iterator
from typing import Any

from distributed import CancelledError, Client, Future, KilledWorker, LocalCluster, wait

from speeches import __version__
from speeches.config import Settings
from speeches.errors import SpeechesError
from speeches.write.executors import InFlight, Init, init_once

# A task that raises is resubmitted this many times (a worker's memory error, say). A task whose
# worker dies is rescheduled on another worker by the scheduler itself, up to the scheduler's
# `distributed.scheduler.allowed-failures` (3 by default), and then fails with KilledWorker.
RETRIES = 1
CONNECT_TIMEOUT = 10.0  # seconds to reach the scheduler
NO_WORKERS_TIMEOUT = 60.0  # seconds to wait for a worker to (re)join before giving up
POLL = 1.0  # seconds between checks on the cluster while batches are running


class ClusterFailed(SpeechesError):
    """The Dask cluster could not run the ingest (unreachable, no workers, workers killed)."""


def run_batch(fn: Callable[[Any], Any], init: Init | None, batch: list[Any]) -> Any:
    """Run `fn(batch)` on a worker, after `init` the first time; a file the worker cannot see
    gets a hint."""
    init_once(init)
    result = fn(batch)
    failed = getattr(result, "failed", None)
    if failed:
        host = socket.gethostname()
        for i, skip in enumerate(failed):
            if not os.access(skip.path, os.R_OK):
                failed[i] = dataclasses.replace(
                    skip,
                    reason=f"{skip.reason} on worker host {host}: with --executor dask every "
                    "worker must see the input files at the same path (a shared or synced folder)",
                )
    return result


class DaskExecutor:
    """Maps batches over a Dask cluster: the one at `settings.scheduler`, or a LocalCluster of
    `settings.n_workers` single-threaded worker processes. At most two batches per worker
    thread are in flight, so the client's memory stays bounded on big corpora."""

    def __init__(self, settings: Settings, init: Init | None = None):
        self.init = init
        self._idle_since: float | None = None
        self.cluster: LocalCluster | None = None
        self.address = settings.scheduler
        if settings.scheduler:
            try:
                self.client = Client(settings.scheduler, timeout=CONNECT_TIMEOUT)
            except (OSError, TimeoutError) as e:
                raise ClusterFailed(
                    f"cannot reach the Dask scheduler at {settings.scheduler} ({e}); start one "
                    "with `dask scheduler` and check the address, or drop --scheduler to run a "
                    "local cluster"
                ) from None
            self._wait_for_workers()
            self._check_workers()
        else:
            try:
                self.cluster = LocalCluster(
                    n_workers=settings.n_workers,
                    threads_per_worker=1,
                    processes=True,
                    host="127.0.0.1",  # loopback only: nothing outside this machine joins
                    dashboard_address="127.0.0.1:0",  # it always serves HTTP: any free port
                )
            except (OSError, RuntimeError) as e:
                raise ClusterFailed(f"could not start a local Dask cluster ({e})") from None
            self.client = Client(self.cluster)
            self.address = self.cluster.scheduler_address

    def _threads(self) -> int:
        return sum(self.client.nthreads().values())

    def _wait_for_workers(self) -> None:
        try:
            self.client.wait_for_workers(1, timeout=NO_WORKERS_TIMEOUT)
        except TimeoutError:
            self.close()
            raise ClusterFailed(
                f"no Dask worker joined the scheduler at {self.address} within "
                f"{NO_WORKERS_TIMEOUT:.0f} s; start some with `dask worker {self.address}`"
            ) from None

    def _check_workers(self) -> None:
        """Every worker has this version of speeches (a worker that cannot unpickle a batch
        drops out of the cluster instead of failing the batch, so ask first)."""
        # A stdlib function, so that workers can run it whatever they have installed.
        found = self.client.run(importlib.metadata.version, "speeches", on_error="return")
        bad = {w: v for w, v in found.items() if v != __version__}
        if bad:
            self.close()
            details = ", ".join(
                f"{w}: {'not installed' if isinstance(v, Exception) else v}"
                for w, v in sorted(bad.items())
            )
            raise ClusterFailed(
                f"every Dask worker needs speeches {__version__}, as here ({details}): install "
                "it in each worker's environment: pip install 'speeches[dask]'"
            )

    def map(self, fn: Callable[[Any], Any], batches: list[Any]) -> Iterator[Any]:
        try:
            yield from self._map(fn, batches)
        except (CancelledError, OSError) as e:
            why = "connection lost" if isinstance(e, CancelledError) else str(e)
            raise ClusterFailed(
                f"lost the Dask scheduler at {self.address} ({why}); the store was not changed; "
                "check that the scheduler is running, then ingest again"
            ) from None

    def _map(self, fn: Callable[[Any], Any], batches: list[Any]) -> Iterator[Any]:
        flight: InFlight[Future[Any]] = InFlight(
            batches,
            submit=lambda batch: self.client.submit(
                run_batch, fn, self.init, batch, retries=RETRIES, pure=False
            ),
            limit=lambda: 2 * max(1, self._threads()),
            cancel=self._cancel,
        )
        self._idle_since = None
        with contextlib.closing(flight.rounds(self._wait_any)) as rounds:
            for done in rounds:
                for future, _, _ in done:
                    yield self._result(future)

    def _cancel(self, futures: list[Future[Any]]) -> None:
        if self.client.status == "running":
            self.client.cancel(futures)

    def _wait_any(self, futures: list[Future[Any]]) -> list[Future[Any]]:
        """The futures done, after at most POLL seconds; none (and a check on the cluster)
        when nothing finished: a scheduler with no workers left waits forever."""
        try:
            done, _ = wait(futures, timeout=POLL, return_when="FIRST_COMPLETED")
        except TimeoutError:
            if self._threads():
                self._idle_since = None
            elif self._idle_since is None:
                self._idle_since = time.monotonic()
            elif time.monotonic() - self._idle_since > NO_WORKERS_TIMEOUT:
                raise ClusterFailed(
                    f"every Dask worker of {self.address} has been gone for "
                    f"{NO_WORKERS_TIMEOUT:.0f} s (start some with `dask worker "
                    f"{self.address}` where speeches is installed); the store was "
                    "not changed"
                ) from None
            return []
        return list(done)

    def _result(self, future: Future[Any]) -> Any:
        try:
            return future.result()
        except KilledWorker as e:
            raise ClusterFailed(
                f"Dask workers kept dying while running a batch ({e}); check the workers' "
                "logs (memory limit?); the store was not changed"
            ) from None
        except ImportError as e:
            raise ClusterFailed(
                f"a Dask worker cannot import what the batch needs ({e}); install speeches "
                "in every worker's environment: pip install 'speeches[dask]'"
            ) from None
        except (SpeechesError, OSError) as e:
            if future.status != "error":  # not raised by the batch: map() reports it
                raise
            # Raised on the worker (before any file: process_batch catches per-file errors),
            # typically a --rules or --speakers file the worker cannot read.
            raise ClusterFailed(
                f"a batch failed on a Dask worker: {e}; files given to --rules and --speakers "
                "must be visible to every worker at the same path, like the input files"
            ) from None

    def close(self) -> None:
        self.client.close()
        if self.cluster is not None:
            self.cluster.close()
