"""Running the stages: the pipeline, the worker process, executors and the build cache."""

from __future__ import annotations

# The stages, in pipeline order, by name (`worker.STAGES`, the functions, is imported by
# workers only); the store's manifest lists them.
STAGE_NAMES = ("metadata", "normalize", "furniture", "sections", "segment", "extract", "about")
# What the local pool's fork server imports once, so that no worker imports it again
# (executors.pool_context): every module a batch needs, after `lean`, which keeps numpy and
# pandas out of the server and its workers.
PRELOAD = ("speeches.write.lean", "speeches.write.worker")
# Imported by the server as well when the ingest uses the shipped rule, speaker, attribution
# and subject files only: what the workers build from them (`speeches.write.preload`).
WARM = "speeches.write.preload"


def server_modules(shipped_files: bool) -> tuple[str, ...]:
    """The modules the fork server imports: PRELOAD, and WARM when the ingest reads the
    shipped files only (here, not in `pipeline`, so that `speeches.__main__` can start the
    server before the pipeline is imported)."""
    return (*PRELOAD, WARM) if shipped_files else PRELOAD
