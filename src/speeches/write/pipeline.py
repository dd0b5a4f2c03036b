"""Plans and publishes an ingest: files -> batches -> tables in a new store generation.

`run` lists the files, skips the unchanged ones, hands batches to an executor (a local
process pool by default, `get_executor`) that runs `worker.process_batch` on each, and
streams their rows into a new store generation, which it publishes only when every batch is
in. `reextract` runs the stages after segmentation again over the stored text.
"""

from __future__ import annotations

import dataclasses
import functools
import signal
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from speeches import __version__, store
from speeches.config import Settings
from speeches.errors import MissingExtra, SpeechesError
from speeches.models import Document, FileJob, Section, Skipped
from speeches.rules import load_rules
from speeches.rules.speakers import load_registry
from speeches.rules.subjects import load_subjects
from speeches.stages.ingest import read_corpus
from speeches.store import remembered
from speeches.write import STAGE_NAMES, server_modules
from speeches.write.executors import (
    Executor,
    Init,
    LocalExecutor,
    Named,
    SerialExecutor,
    WorkerDied,
    start_server,
)
from speeches.write.unchanged import write_index as write_file_index

EXECUTORS = ("local", "dask", "serial")
# What each batch runs, and each worker once before its first: named, not imported here. This
# process plans and writes; the stages (worker, and every stage module it imports) are the
# workers' to import, and the fork server's, which preloads them.
PROCESS_BATCH = Named("speeches.write.worker", "process_batch")
# PROCESS_BATCH in a worker of the local pool, its tables handed back in files.
PROCESS_SPOOLED = Named("speeches.write.worker", "process_spooled")
WARM = Named("speeches.write.worker", "warm")


def preload(settings: Settings) -> tuple[str, ...]:
    """The modules the fork server imports for this ingest (`speeches.write.server_modules`):
    what its workers build is built there too when it uses the shipped rule, speaker,
    attribution and subject files only."""
    given = (settings.speakers, settings.rules, settings.attribution, settings.subjects)
    return server_modules(
        all(f is None for f in given) and not remembered.recorded(store.current_dir(settings.store))
    )


def uses_pool(settings: Settings) -> bool:
    """Whether the batches run in the local pool (`get_executor`), whose fork server
    `start_server` starts."""
    return settings.executor == "local" and settings.n_workers > 1


def get_executor(settings: Settings) -> Executor:
    """Where the batches of an ingest run (`settings.executor`), each worker process warmed
    up once by `worker.warm`."""
    init = Init(WARM, settings)
    if settings.executor == "dask":
        try:
            from speeches.write.dask_executor import DaskExecutor
        except ImportError as e:
            raise MissingExtra(
                "--executor dask needs the dask extra: pip install 'speeches[dask]'"
            ) from e
        return DaskExecutor(settings, init)
    if settings.executor not in EXECUTORS:
        raise ValueError(f"unknown executor {settings.executor!r}: use {', '.join(EXECUTORS)}")
    if not uses_pool(settings):
        return SerialExecutor()
    return LocalExecutor(settings.n_workers, init, preload(settings))


def make_batches(jobs: list[FileJob], n_workers: int, target_bytes: int) -> list[list[FileJob]]:
    """Group files into batches of at most `target_bytes` (a bigger file alone), largest
    first. A batch's rows take many times its text's size in memory, in its worker and again
    in the writer, so small batches (Settings.batch_bytes) bound the memory (README,
    Performance).

    At least eight batches per worker, even for a small corpus; and batches shrink toward
    the end: each holds at most a quarter of each worker's share of what is left
    (`_TAIL_SHARE`), down to an eighth of the target, so the last batches to run are small
    and no worker sits idle long while another finishes a full one (the wall time of an
    ingest ends with its slowest worker). Largest first, the last batches also hold the
    smallest files. A batch is closed rather than pushed past its limit by one more file,
    which bounds its memory.
    """
    left = sum(j.size for j in jobs)
    target = max(1, min(target_bytes, left // max(1, n_workers * 8)))
    floor = max(1, target // _TAIL_FLOOR)

    def limit() -> int:
        return max(floor, min(target, left // max(1, n_workers * _TAIL_SHARE)))

    batches: list[list[FileJob]] = []
    current: list[FileJob] = []
    size = 0
    cap = limit()
    for job in sorted(jobs, key=lambda j: j.size, reverse=True):
        if current and size + job.size > cap:
            batches.append(current)
            left -= size
            current, size, cap = [], 0, limit()
        current.append(job)
        size += job.size
    if current:
        batches.append(current)
    return batches


# make_batches: a batch holds at most 1/(workers * _TAIL_SHARE) of the bytes left, and no
# less than target / _TAIL_FLOOR (a batch costs its worker a few milliseconds besides its files).
_TAIL_SHARE = 4
_TAIL_FLOOR = 8


@dataclass
class IngestResult:
    store: Path
    stored: int = 0  # files processed and stored
    unchanged: int = 0  # files skipped as unchanged
    duplicates: list[Skipped] = field(default_factory=list)
    failed: list[Skipped] = field(default_factory=list)  # unreadable/undecodable files
    ignored: list[Skipped] = field(default_factory=list)  # files of other types
    n_bytes: int = 0
    seconds: float = 0.0
    tables: dict[str, int] = field(default_factory=dict)
    timings: dict[str, float] = field(default_factory=dict)
    committed: bool = False

    @property
    def ok(self) -> bool:
        return not self.failed


Progress = Callable[[int, int], None]  # (files done, bytes done)


def plan(
    paths: Iterable[Path], settings: Settings, index: list[dict[str, Any]]
) -> tuple[list[FileJob], list[FileJob], list[Skipped], set[str]]:
    """(files to process, unchanged files, ignored files, doc_ids to replace), given the
    store's documents index (store.documents_index)."""
    jobs, ignored = read_corpus(paths, settings.store)
    by_path = {row["abs_path"]: row for row in index}
    todo, unchanged, replace = [], [], set()
    for job in jobs:
        old = by_path.get(job.path)
        if (
            old is not None
            and not settings.force
            and old["size"] == job.size
            and old["mtime_ns"] == job.mtime_ns
        ):
            unchanged.append(job)
            continue
        if old is not None:
            replace.add(old["doc_id"])
        todo.append(job)
    return todo, unchanged, ignored, replace


def run(
    paths: Iterable[Path],
    settings: Settings,
    progress: Progress | None = None,
    on_plan: Callable[[int, int], None] | None = None,
) -> IngestResult:
    """Ingest `paths` into `settings.store`; the store changes only if the whole run succeeds.

    Without --rules, --speakers or --subjects the store's remembered files are used
    (`remembered`); with files whose content differs from those, the documents they affect
    are processed again: the files given (new speakers change sections and tokens) and, for
    new rules or subjects, the metrics of every stored document (extraction re-runs over the
    stored text)."""
    if settings.executor not in EXECUTORS:  # before the store is touched
        raise ValueError(f"unknown executor {settings.executor!r}: use {', '.join(EXECUTORS)}")
    given = settings
    stale_metrics = False
    result = IngestResult(store=settings.store)
    t_start = time.perf_counter()
    if uses_pool(settings) and store.current_dir(settings.store) is None:
        # A new store: every file is to be ingested. The server builds what workers need while
        # this process plans; into a store, only once the plan has files to ingest.
        start_server(preload(settings))
    settings.store.mkdir(parents=True, exist_ok=True)
    # Fail fast on bad rule or registry files, before any worker starts.
    load_rules(settings.rules)  # rule and registry files are checked here; the
    load_registry(settings.speakers)  # tokenizer loads only if a file changed
    if settings.attribution is not None:  # (the shipped cues: read by every test that attributes)
        from speeches.stages import sections

        sections.cues(settings.attribution)
    load_subjects(settings.subjects)
    try:
        with store.Lock(settings.store, wait=settings.wait), _terminate_as_interrupt():
            store.clean_stale_temporaries(settings.store)
            setup = remembered.resolve(
                store.current_dir(settings.store),
                settings.rules,
                settings.speakers,
                settings.subjects,
            )
            settings = dataclasses.replace(
                settings,
                rules=setup.rules,
                speakers=setup.speakers,
                subjects=setup.subjects,
                force=settings.force or "speakers" in setup.changed,
            )
            index = store.documents_index(settings.store)
            had_tokens = store.has_tokens(settings.store)
            todo, unchanged, ignored, replace = plan(paths, settings, index)
            result.unchanged, result.ignored = len(unchanged), ignored
            if on_plan:
                on_plan(len(todo), sum(j.size for j in todo))
            if not todo:
                # New rules or subjects and nothing to ingest: only the metrics need doing again.
                stale_metrics = bool(index) and bool({"rules", "subjects"} & setup.changed)
                write_file_index(settings.store, index, if_missing=True)  # a store made before
                raise _NothingToIngest
            if uses_pool(given):
                start_server(preload(given))  # already running if the store was new
            existing = {
                row["doc_id"]: row["source_path"] for row in index if row["doc_id"] not in replace
            }
            batches = make_batches(todo, settings.n_workers, settings.batch_bytes)
            with store.Writer(settings.store) as writer:
                stored = _write_batches(batches, settings, writer, existing, result, progress)
                kept = writer.carry_over(replace)
                manifest = {
                    "version": __version__,
                    # Whether every stored document has its tokens (keywords needs them).
                    "tokens": settings.tokens and (had_tokens or not kept.get("documents")),
                    "stages": list(STAGE_NAMES),
                    "rules": load_rules(settings.rules).digest,
                    "rules_file": str(settings.rules) if settings.rules else None,
                    "speakers_file": str(settings.speakers) if settings.speakers else None,
                    "attribution_file": (
                        str(settings.attribution) if settings.attribution else None
                    ),
                    **setup.manifest(),
                }
                setup.save(writer.tmp)
                _commit(writer, manifest)
                result.committed = True
                # The documents table's rows as written: this run's files, then those kept.
                write_file_index(
                    settings.store,
                    [
                        *(
                            {"abs_path": j.path, "size": j.size, "mtime_ns": j.mtime_ns}
                            for j in stored
                        ),
                        *(row for row in index if row["doc_id"] not in replace),
                    ],
                )
                result.tables = dict(writer.rows)
                # New rules or subjects: the stored documents not processed now get their
                # metrics again.
                stale_metrics = bool({"rules", "subjects"} & setup.changed) and len(replace) < len(
                    index
                )
    except _NothingToIngest:
        pass
    except KeyboardInterrupt:
        if not result.committed:
            raise
        # Ctrl-C once the new version was live: the run has finished, nothing is undone.
        return result
    if stale_metrics:  # after the lock is released: reextract takes it
        result.tables = reextract(dataclasses.replace(given, force=False))
    result.seconds = time.perf_counter() - t_start
    return result


class _NothingToIngest(Exception):
    """Every file is unchanged: leave the lock without writing a generation."""


def _write_batches(
    batches: list[list[FileJob]],
    settings: Settings,
    writer: store.Writer,
    existing: dict[str, str],
    result: IngestResult,
    progress: Progress | None,
) -> list[FileJob]:
    """Run the batches and write their rows as they come, leaving out documents whose
    content is already in the store (`existing`: doc_id -> source path) or in this run;
    the files whose documents were written."""
    seen: dict[str, str] = {}
    stored: list[FileJob] = []
    files_done = bytes_done = 0
    executor = get_executor(settings)
    process: Callable[..., Any] = functools.partial(PROCESS_BATCH, settings=settings)
    if isinstance(executor, LocalExecutor):  # workers on this machine: tables come in files
        process = functools.partial(
            PROCESS_SPOOLED, settings=settings, folder=str(writer.spool()), process=PROCESS_BATCH
        )
    try:
        for batch in executor.map(process, batches):
            if isinstance(batch, WorkerDied):  # this file killed its worker: named, skipped
                result.failed.extend(Skipped(job.path, batch.reason) for job in batch.batch)
                files_done += len(batch.batch)
                continue
            result.failed.extend(batch.failed)
            if batch.spooled:
                batch.tables = store.unspool(batch.spooled)
            keep = set()
            for job, doc_id in batch.done:
                if doc_id in existing or doc_id in seen:
                    first = existing.get(doc_id) or seen[doc_id]
                    result.duplicates.append(Skipped(job.path, f"same content as {first}"))
                    continue
                seen[doc_id] = job.source_path
                keep.add(doc_id)
                stored.append(job)
            for name, table in batch.tables.items():
                if len(keep) < len(batch.done):
                    table = store.keep_doc_ids(table, keep)
                writer.write(name, table)
            for k, v in batch.timings.items():
                result.timings[k] = result.timings.get(k, 0.0) + v
            result.stored += len(keep)
            files_done += len(batch.done) + len(batch.failed)
            bytes_done += batch.n_bytes
            result.n_bytes += batch.n_bytes
            if progress:
                progress(files_done, bytes_done)
    finally:
        executor.close()
    return stored


def _commit(writer: store.Writer, manifest: dict[str, Any]) -> None:
    """writer.commit with Ctrl-C and SIGTERM ignored: the new version goes live whole, or,
    if commit fails, not at all; never half swapped in because a signal came mid-way."""
    held: dict[signal.Signals, Any] = {}
    try:
        for sig in (signal.SIGINT, signal.SIGTERM):
            held[sig] = signal.signal(sig, signal.SIG_IGN)
    except ValueError:  # not the main thread: signals are the main thread's to handle
        pass
    try:
        writer.commit(manifest)
    finally:
        for sig, old in held.items():
            signal.signal(sig, old)


class _terminate_as_interrupt:
    """SIGTERM behaves like Ctrl-C: the writer aborts and the live store stays as it was."""

    def __enter__(self) -> None:
        self.old = None
        try:
            self.old = signal.signal(signal.SIGTERM, self._raise)
        except ValueError:  # not the main thread
            self.old = None

    @staticmethod
    def _raise(_signum: int, _frame: object) -> None:
        raise KeyboardInterrupt

    def __exit__(self, *exc: object) -> None:
        if self.old is not None:
            signal.signal(signal.SIGTERM, self.old)


def reextract(settings: Settings) -> dict[str, int]:
    """Re-run extraction over the stored normalized text and sections (no re-ingest), with
    the rule and subject files given or else the ones the store remembers; with an
    attribution file (`settings.attribution`), re-run the sections stage first."""
    from speeches.write import worker

    resection = settings.attribution is not None
    with store.Lock(settings.store, wait=settings.wait), _terminate_as_interrupt():
        gen = store.current_dir(settings.store)
        if gen is None:
            raise SpeechesError(f"{settings.store} holds no store: run `speeches ingest` first")
        store.check_complete(settings.store, gen)
        setup = remembered.resolve(gen, settings.rules, settings.speakers, settings.subjects)
        ctx = worker.context(setup.speakers, setup.rules, settings.attribution, setup.subjects)
        # The stages after segmentation: the stored text and tokens stay as they are.
        redo = worker.stages(
            ("furniture", "sections", "extract", "about") if resection else ("extract", "about")
        )
        with store.Writer(settings.store) as writer:
            for name in ("documents",) if resection else ("documents", "sections", "tokens"):
                for batch in store.iter_batches(settings.store, name, generation=gen):
                    writer.write(name, batch)
            by_doc: dict[str, list[Section]] = {}  # the stored sections of each document
            if not resection:
                spans = ["doc_id", "section_id", "start", "end", "speaker", "kind"]
                for batch in store.iter_batches(settings.store, "sections", spans, gen):
                    for doc_id, *section in zip(*batch.to_pydict().values(), strict=True):
                        by_doc.setdefault(doc_id, []).append(Section(*section))
            starts: dict[str, tuple[list[int], list[int]]] = {}  # doc -> section starts, ids
            columns = ["doc_id", "source_path", "text", "published", "title"]
            for batch in store.iter_batches(settings.store, "documents", columns, generation=gen):
                for row in batch.to_pylist():
                    doc = Document(
                        source_path=row["source_path"],
                        raw=row["text"],
                        doc_id=row["doc_id"],
                        text=row["text"],
                        published=row["published"],
                        title=row["title"],
                    )
                    if not resection:
                        doc.sections = by_doc.get(doc.doc_id, [])
                    doc = worker.run_stages(doc, ctx, redo)
                    if resection:
                        writer.write("sections", store.section_rows(doc))
                        starts[doc.doc_id] = (
                            [s.start for s in doc.sections],
                            [s.section_id for s in doc.sections],
                        )
                    writer.write("metrics", store.metric_rows(doc))
            if resection:
                for batch in store.iter_batches(settings.store, "tokens", generation=gen):
                    writer.write("tokens", _renumber_tokens(batch, starts))
            manifest = {
                **store.read_manifest(settings.store),
                "rules": ctx.rules.digest,
                "rules_file": str(setup.rules) if setup.rules else None,
                **setup.manifest(),
            }
            if resection:
                manifest["attribution_file"] = str(settings.attribution)
            setup.save(writer.tmp)
            _commit(writer, manifest)
            write_file_index(settings.store)
            return dict(writer.rows)


def _renumber_tokens(batch: Any, starts: dict[str, tuple[list[int], list[int]]]) -> Any:
    """Token rows pointing at the sections that now hold them (the sections were re-made)."""
    import bisect

    cols = batch.to_pydict()
    ids = []
    for doc_id, start, old in zip(cols["doc_id"], cols["start"], cols["section_id"], strict=True):
        found = starts.get(doc_id)
        if not found or not found[0]:
            ids.append(old)
            continue
        i = max(0, bisect.bisect_right(found[0], start) - 1)
        ids.append(found[1][i])
    cols["section_id"] = ids
    return store.table_from_columns("tokens", cols)
