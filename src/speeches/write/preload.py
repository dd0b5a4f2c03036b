"""Imported by the local pool's fork server only (`pipeline.preload`): builds what a worker
builds before its first batch (`worker.warm_files`) for the shipped rule, speaker,
attribution and subject files, so that every worker forked from the server starts with it.

An ingest given other files, or into a store that remembers some, does not preload this:
its workers build their own. Whatever goes wrong here only leaves the building to them (the
server would otherwise die with a traceback, and the pool with it).
"""

from __future__ import annotations

from speeches.write import worker

try:
    worker.warm_files()
except Exception:  # noqa: BLE001 -- any failure: each worker builds its own (worker.warm)
    pass
