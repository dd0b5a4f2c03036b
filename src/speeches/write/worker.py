"""What a worker process does: build its shared state once, then turn batches of files into
table rows.

The stages run in the order of `STAGES`, each a function from a `Document` (and the
process's `Context`) to a `Document`, and `run_stages` is the one loop that runs them:
`process_batch` runs it on every file of a batch, `pipeline.reextract` on stored documents
(the stages after segmentation), and tests on a text. `warm` is the warm-up every executor
runs once per worker process before its first batch. Nothing here knows where batches run
(`executors`) or how a run is planned and published (`pipeline`).
"""

from __future__ import annotations

import functools
import gc
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any, NamedTuple

from speeches import store
from speeches.config import Settings
from speeches.errors import UndecodableFile
from speeches.models import Document, FileJob, Skipped, Tokens
from speeches.rules import Rules, load_rules
from speeches.rules.speakers import Registry, load_registry
from speeches.rules.subjects import SubjectRegistry, load_subjects
from speeches.stages import about, extract, furniture, metadata, normalize, sections
from speeches.stages.ingest import load
from speeches.write.batch import BatchResult  # defined apart: the caller unpickles it


@dataclass
class Context:
    """What every stage of one process shares: built once per worker."""

    registry: Registry
    rules: Rules
    attributor: sections.Attributor
    extractor: extract.Extractor
    names: tuple[str, ...]
    subjects: SubjectRegistry


@functools.cache
def context(
    speakers: Path | None = None,
    rules: Path | None = None,
    attribution: Path | None = None,
    subjects: Path | None = None,
) -> Context:
    registry = load_registry(speakers)
    compiled = load_rules(rules)
    names = tuple(registry.segmenter_words())
    # Common words of two or three characters are not taken for names (sections).
    from speeches.stages import (
        segment,  # jieba: imported where documents are processed, not by the parent
    )

    common = segment.frequent_words(names, min_freq=50, lengths=range(2, 4))
    return Context(
        registry,
        compiled,
        sections.Attributor(registry, common, attribution),
        extract.Extractor(compiled),
        names,
        load_subjects(subjects),
    )


def settings_context(settings: Settings) -> Context:
    """The context of the files `settings` names (rules, speakers, attribution cues, subjects)."""
    return context(settings.speakers, settings.rules, settings.attribution, settings.subjects)


def warm(settings: Settings) -> None:
    """Once per worker process, before its first batch: `warm_files` for the files
    `settings` names."""
    warm_files(settings.speakers, settings.rules, settings.attribution, settings.subjects)


def warm_files(
    speakers: Path | None = None,
    rules: Path | None = None,
    attribution: Path | None = None,
    subjects: Path | None = None,
) -> None:
    """Build the tokenizer, rules and registry of these files (None: the shipped one), then
    freeze them out of the garbage collector's sight. They live as long as the worker, and
    every full collection would otherwise walk jieba's whole dictionary. The local pool's
    fork server runs it for the shipped files (`speeches.write.preload`).

    The collector's first threshold is raised too (`_GC_THRESHOLD`): a page makes hundreds of
    thousands of short-lived tuples and lists, nearly all freed by reference counting before
    a collection could find them, and at Python's default the collector ran hundreds of
    times per batch for next to nothing."""
    from speeches.stages import segment

    # Positional, as settings_context calls it: functools.cache keys on how it is called.
    ctx = context(speakers, rules, attribution, subjects)
    segment.tokenize("", ctx.names)  # builds the segmenter on top of the tokenizer
    gc.freeze()
    gc.set_threshold(*_GC_THRESHOLD)


# A worker's collector thresholds (generations 0, 1, 2; Python's default is 700, 10, 10):
# garbage held in reference cycles waits for at most 50,000 new objects, a few megabytes.
_GC_THRESHOLD = (50_000, 20, 10)


def run_metadata(doc: Document, ctx: Context) -> Document:
    meta = metadata.read_metadata(doc.raw)
    doc.title, doc.published, doc.outlet = meta.title, meta.published, meta.outlet
    doc.language, doc.script = meta.language, meta.script
    return doc


def run_normalize(doc: Document, ctx: Context) -> Document:
    doc.text = normalize.normalize(doc.raw)
    return doc


def run_furniture(doc: Document, ctx: Context) -> Document:
    doc.body = furniture.find_body(doc.text)
    return doc


def run_sections(doc: Document, ctx: Context) -> Document:
    return ctx.attributor.run(doc)


def run_segment(doc: Document, ctx: Context) -> Document:
    from speeches.stages import segment

    return segment.run(doc, ctx.names)


def run_extract(doc: Document, ctx: Context) -> Document:
    return extract.run(doc, ctx.extractor)


def run_about(doc: Document, ctx: Context) -> Document:
    return about.run(doc, ctx.subjects, ctx.registry)


class Stage(NamedTuple):
    name: str
    run: Callable[[Document, Context], Document]


# In pipeline order; the store's manifest lists their names.
STAGES: tuple[Stage, ...] = (
    Stage("metadata", run_metadata),
    Stage("normalize", run_normalize),
    Stage("furniture", run_furniture),
    Stage("sections", run_sections),
    Stage("segment", run_segment),
    Stage("extract", run_extract),
    Stage("about", run_about),
)


def stages(names: Iterable[str]) -> tuple[Stage, ...]:
    """The stages named, in pipeline order (KeyError for a name that is no stage)."""
    wanted = set(names)
    unknown = wanted - {s.name for s in STAGES}
    if unknown:
        raise KeyError(f"no such stage: {', '.join(sorted(unknown))}")
    return tuple(s for s in STAGES if s.name in wanted)


def run_stages(
    doc: Document,
    ctx: Context,
    only: tuple[Stage, ...] = STAGES,
    timings: dict[str, float] | None = None,
) -> Document:
    """Run the stages `only` (every stage by default) on `doc`, in order; with `timings`,
    add each stage's seconds to it under the stage's name."""
    for stage in only:
        t0 = time.perf_counter()
        doc = stage.run(doc, ctx)
        if timings is not None:
            timings[stage.name] = timings.get(stage.name, 0.0) + time.perf_counter() - t0
    return doc


def process_batch(jobs: list[FileJob], settings: Settings) -> BatchResult:
    """Load and process a batch of files; one bad file never stops the batch."""
    ctx = settings_context(settings)
    result = BatchResult()
    rows: dict[str, list[dict[str, Any]]] = {"documents": [], "sections": [], "metrics": []}
    tokens: list[tuple[str, Tokens]] = []  # made one table at the end (store.tokens_table)
    only = STAGES if settings.tokens else tuple(s for s in STAGES if s.name != "segment")
    for job in jobs:
        result.n_bytes += job.size
        try:
            t0 = time.perf_counter()
            doc = load(job, settings.encoding)
            result.timings["read"] = result.timings.get("read", 0.0) + time.perf_counter() - t0
            doc = run_stages(doc, ctx, only, result.timings)
        except UndecodableFile as e:
            result.failed.append(Skipped(job.path, str(e)))
            continue
        except OSError as e:
            result.failed.append(Skipped(job.path, f"cannot read ({e.strerror or e})"))
            continue
        except Exception as e:  # a bug or pathological input: this file fails, the run goes on
            result.failed.append(
                Skipped(
                    job.path,
                    f"could not be processed ({type(e).__name__}: {e}); "
                    "please report it with the file",
                )
            )
            continue
        for name, new in store.document_rows(doc, job).items():
            rows[name].extend(new)
        if doc.tokens:
            tokens.append((doc.doc_id, doc.tokens))
        result.done.append((job, doc.doc_id))
    # Arrow tables, built here in the worker, travel back far cheaper than row dicts.
    result.tables = {name: store.to_table(name, r) for name, r in rows.items()}
    result.tables["tokens"] = store.tokens_table(tokens)
    return result


def process_spooled(
    jobs: list[FileJob],
    settings: Settings,
    folder: str,
    process: Callable[[list[FileJob], Settings], BatchResult] = process_batch,
) -> BatchResult:
    """`process` (process_batch), its tables written to files in `folder` (`store.spool`)
    rather than sent back with the result: the local pool's workers share a file system
    with the writing process, which reads them back (`store.unspool`)."""
    result = process(jobs, settings)
    result.spooled = store.spool(result.tables, Path(folder))
    result.tables = {}
    return result
