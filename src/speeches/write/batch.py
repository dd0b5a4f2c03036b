"""What a batch sends back from its worker: a module of its own, importing no stage.

The calling process unpickles every `BatchResult`, and unpickling imports the module that
defines its class: defined in `worker`, it made the main process of an ingest import every
stage module and compile their patterns (0.25 CPU s) on the first batch back, which the
main process otherwise never needs (`pipeline`).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from speeches.models import FileJob, Skipped


@dataclass
class BatchResult:
    tables: dict[str, Any] = field(default_factory=dict)  # table name -> pyarrow Table
    # Or, from a worker of the local pool, table name -> the file holding it (store.spool).
    spooled: dict[str, str] = field(default_factory=dict)
    done: list[tuple[FileJob, str]] = field(default_factory=list)  # (job, doc_id)
    failed: list[Skipped] = field(default_factory=list)
    n_bytes: int = 0
    timings: dict[str, float] = field(default_factory=dict)
