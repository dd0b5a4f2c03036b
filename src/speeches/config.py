"""Settings shared by the library and the CLI: paths and defaults, in one picklable object."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

PROCESSED_DIR = Path("data/processed")


@dataclass(frozen=True)
class Settings:
    """What a pipeline run needs to know besides its inputs (sent to worker processes)."""

    store: Path = PROCESSED_DIR
    rules: Path | None = None  # user rule file read over rules/metrics.toml
    speakers: Path | None = None  # user speaker registry read over rules/speakers.toml
    attribution: Path | None = None  # user attribution cues read over rules/attribution.toml
    subjects: Path | None = None  # user subject registry read over rules/subjects.toml
    encoding: str | None = None  # force an input encoding instead of detecting it
    workers: int = 0  # 0: every core
    force: bool = False  # re-process unchanged files
    batch_bytes: int = 500_000  # batches of at most this much raw text (bounds memory)
    executor: str = "local"  # local | dask
    scheduler: str | None = None  # dask scheduler address
    wait: bool = False  # wait for another ingest's lock instead of failing
    tokens: bool = True  # segment the bodies and store the tokens table (--no-tokens: not)

    @classmethod
    def from_options(cls, **options: object) -> Settings:
        """Settings from CLI options; None means 'the default'."""
        given = {k: v for k, v in options.items() if v is not None}
        for key in ("store", "rules", "speakers", "attribution", "subjects"):
            if key in given:
                given[key] = Path(str(given[key]))
        return cls(**given)  # type: ignore[arg-type]

    @property
    def n_workers(self) -> int:
        return self.workers if self.workers > 0 else (os.cpu_count() or 1)
