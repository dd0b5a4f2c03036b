"""Shared fixtures: repository paths, one tokenizer per session, a store built from the seeds."""

from __future__ import annotations

import functools
import importlib.machinery
import importlib.util
import os
import shutil
import sys
from pathlib import Path
from types import ModuleType

import pytest

REPO = Path(__file__).resolve().parents[1]
# The modules setup.py compiles with mypyc are imported from their C extensions, which pytest's
# doctest collection (of src/speeches, after tests/) would otherwise take for other modules of the
# same names; with this it reads their docstrings from the compiled modules.
os.environ.setdefault("PY_IGNORE_IMPORTMISMATCH", "1")
RAW = REPO / "data" / "raw"
SHARED = REPO.parent / "shared"
# Copies of the files of SHARED the tests read, at the same relative paths (tests/shared/README.md),
# so a fresh clone with nothing beside it runs every test; test_shared_copies.py compares them.
COPIES = REPO / "tests" / "shared"


def stale_extensions(src: Path = REPO / "src") -> list[str]:
    """The modules under `src` compiled from an older version of their .py source."""
    stale = []
    for suffix in importlib.machinery.EXTENSION_SUFFIXES:
        for ext in src.rglob(f"*{suffix}"):
            source = ext.with_name(ext.name[: -len(suffix)] + ".py")
            if source.exists() and source.stat().st_mtime > ext.stat().st_mtime:
                stale.append(str(source.relative_to(src)))
    return sorted(stale)


def pytest_configure(config: pytest.Config) -> None:
    """An extension older than its source would test yesterday's code: stop and say so."""
    stale = stale_extensions()
    if stale:
        pytest.exit(
            f"compiled modules are older than their source ({', '.join(stale)}): "
            "`make install` compiles them again, `make pure` removes them",
            returncode=4,
        )


def development_pages(*more: str) -> list[str]:
    """The text of every page of data/raw and tests/real/docs, and of the folders under tests/
    that `more` names ("heldout/docs"): what a speed-up's equivalence test runs the old and the
    new code over."""
    folders = [RAW, REPO / "tests" / "real" / "docs", *(REPO / "tests" / m for m in more)]
    return [
        path.read_text("utf-8", errors="replace")
        for folder in folders
        if folder.exists()
        for path in sorted(folder.iterdir())
    ]


def development_lines(*more: str) -> set[str]:
    """The distinct non-blank lines of `development_pages(*more)`, stripped."""
    return {line.strip() for page in development_pages(*more) for line in page.splitlines() if line.strip()}


def pure(name: str, *using: str) -> ModuleType:
    """A copy of module `name` run from its Python source; the modules `using` names are plain
    copies too, for its imports (`pure("speeches.stages.about", "speeches.rules.subjects")`).

    For tests that swap or count what a module calls, or subclass its classes: a module that
    setup.py compiled binds its calls when it is built, so patching what it imports changes
    nothing, and its classes take no Python subclass. The copy is plain Python either way.
    """
    copy = "__with__".join((name, *using)) + "__pure"
    if copy in sys.modules:
        return sys.modules[copy]
    swapped = {used: pure(used) for used in using}
    saved = {used: sys.modules[used] for used in using}
    parents = {used: sys.modules[used.rpartition(".")[0]] for used in using}
    origin = importlib.util.find_spec(name).origin  # type: ignore[union-attr]
    source = Path(origin).with_name(Path(origin).name.split(".")[0] + ".py")  # type: ignore[arg-type]
    spec = importlib.util.spec_from_file_location(copy, source)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[copy] = module  # dataclasses look their module up there
    try:
        for used, plain in swapped.items():  # `from a.b import c` and `from a.b.c import d`
            sys.modules[used] = plain
            setattr(parents[used], used.rpartition(".")[2], plain)
        spec.loader.exec_module(module)
    finally:
        for used, original in saved.items():
            sys.modules[used] = original
            setattr(parents[used], used.rpartition(".")[2], original)
    return module


def shared_or_skip(*parts: str) -> Path:
    path = SHARED.joinpath(*parts)
    if not path.exists():
        pytest.skip(f"{path} is not here (the shared folder sits beside the repository)")
    return path


@pytest.fixture(scope="session")
def seed_store(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The sample corpus ingested once (one process) into a session-wide store."""
    from speeches.config import Settings
    from speeches.write import pipeline

    root = tmp_path_factory.mktemp("seed")
    raw = root / "raw"
    shutil.copytree(RAW, raw)
    store = root / "store"
    result = pipeline.run([raw], Settings(store=store, workers=1))
    assert result.ok and result.stored == len(list(RAW.iterdir()))
    return store


@pytest.fixture(scope="session")
def registry():  # type: ignore[no-untyped-def]
    from speeches.rules.speakers import load_registry

    return load_registry()


def run(*args: str):  # type: ignore[no-untyped-def]
    """Invoke the CLI in-process (typer's CliRunner) with `args`."""
    from typer.testing import CliRunner

    from speeches.cli import app

    return CliRunner().invoke(app, list(args))


@pytest.fixture(scope="module")
def extractor():  # type: ignore[no-untyped-def]
    """The extractor with the shipped rules (tests of extraction rules)."""
    from speeches.stages.extract import Extractor

    return Extractor()


def found(extractor, text: str) -> list[tuple[str, float, str]]:  # type: ignore[no-untyped-def]
    """(kind, value, qualifier) of every metric in `text`, each surface checked in place."""
    from speeches.stages.normalize import normalize

    norm = normalize(text)
    out = []
    for m in extractor.find(norm):
        assert norm[m.start : m.end] == m.surface
        out.append((m.kind, m.value, m.qualifier))
    return out


def has(rows: list[tuple[str, float, str]], kind: str, value: float, qualifier: str) -> bool:
    import math

    return any(
        k == kind and math.isclose(v, value, rel_tol=1e-6) and q == qualifier for k, v, q in rows
    )


@functools.cache
def _shipped_subjects():  # type: ignore[no-untyped-def]
    from speeches.rules.subjects import load_subjects

    return load_subjects()


def subject_of(text: str, figure: str) -> str | None:
    """The subject the shipped registry gives the figure `figure` (its first occurrence) in
    `text`, within its sentence and paragraph, as the about stage asks for it."""
    from speeches.rules.subjects import sentence_of
    from speeches.stages.normalize import normalize

    text = normalize(text)
    start = text.index(normalize(figure))
    p_start, s_start, s_end = sentence_of(text, start)
    found: str | None = _shipped_subjects().find(
        text, s_start, s_end, start, start + len(figure), p_start
    )
    return found


def page_subjects(text: str, title: str, *figures: tuple[str, ...]) -> list[str | None]:
    """The subjects the whole about stage gives the figures of a page titled `title`: each
    figure is (kind, surface) or (kind, surface, speaker), placed at the surface's first
    occurrence in `text`."""
    from speeches.models import Document, Metric
    from speeches.stages import about

    doc = Document(source_path="x.txt", raw=text, text=text, title=title)
    for kind, figure, *speaker in figures:
        start = text.index(figure)
        doc.metrics.append(Metric(kind, 1.0, "exact", figure, "", start, start + len(figure),
                                  speaker=speaker[0] if speaker else None))
    return [m.subject for m in about.run(doc, _shipped_subjects()).metrics]


def attribute(text: str, title: str | None = None, attributor=None):  # type: ignore[no-untyped-def]
    """`text` (normalized, all of it body) attributed section by section, by `attributor` or
    the shipped rules' one."""
    from speeches.models import Document
    from speeches.stages.normalize import normalize
    from speeches.write.worker import context

    text = normalize(text)
    doc = Document(source_path="t.txt", raw=text, text=text, title=title)
    doc.body = [(0, len(text))]
    return (attributor or context().attributor).run(doc)


def section_at(doc, needle: str):  # type: ignore[no-untyped-def]
    """The section of `doc` that holds `needle` (normalized as the document's text is)."""
    from speeches.stages.normalize import normalize

    pos = doc.text.index(normalize(needle))
    for s in doc.sections:
        if s.start <= pos < s.end:
            return s
    raise AssertionError(f"{needle!r} is in no section")


def speaker_at(doc, needle: str) -> str | None:  # type: ignore[no-untyped-def]
    """Who `doc`'s section holding `needle` is attributed to."""
    speaker: str | None = section_at(doc, needle).speaker
    return speaker
