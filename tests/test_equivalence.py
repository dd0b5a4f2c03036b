"""The four tables, built by the previous code path and by the current one, are identical.

The previous path, as it stood before issue 16: jieba's own `Tokenizer.tokenize` for the
tokens (which the in-house route search and HMM reproduced exactly, as tests/test_segment.py
checked), parquet's default encodings, and the subject registry's alternation of names
without its first-character look-ahead. The
equivalence corpus is every text the project keeps: the seeds, tests/real/docs and the
fixture corpus.
"""

from __future__ import annotations

from pathlib import Path

import pyarrow.parquet as pq
import pytest

from conftest import pure
from speeches import store
from speeches.config import Settings
from speeches.stages import segment
from speeches.write import pipeline, worker

ROOT = Path(__file__).resolve().parents[1]
CORPUS = [
    ROOT / "data" / "raw",
    ROOT / "tests" / "real" / "docs",
    ROOT / "tests" / "fixtures" / "corpus",
]


class _JiebaSegmenter:
    """Tokens as jieba 0.42.1 itself makes them (precise mode, HMM), whitespace dropped."""

    def __init__(self, names: tuple[str, ...]):
        self.tk = segment.tokenizer(names)

    def spans(
        self, text: str, start: int = 0, end: int | None = None
    ) -> tuple[list[str], list[int]]:
        part = text[start:end]
        pairs = [(w, start + s) for w, s, _ in self.tk.tokenize(part) if not w.isspace()]
        return [w for w, _ in pairs], [s for _, s in pairs]


def _previous_path(monkeypatch: pytest.MonkeyPatch) -> None:
    # The segment stage's plain copy, its segmenter swapped: a compiled one binds its own.
    plain = pure("speeches.stages.segment")
    monkeypatch.setattr(plain, "_segmenter", _JiebaSegmenter)
    monkeypatch.setattr(segment, "run", plain.run)
    monkeypatch.setattr(store, "_PARQUET_OPTIONS", {})


def _tables(out: Path) -> dict[str, object]:
    gen = store.current_dir(out)
    assert gen is not None
    return {name: pq.read_table(gen / f"{name}.parquet") for name in store.TABLES}


def test_previous_and_current_paths_store_identical_tables(tmp_path: Path) -> None:
    worker.context.cache_clear()  # its subject registry keeps its compiled pattern
    with pytest.MonkeyPatch.context() as mp:
        _previous_path(mp)
        before = pipeline.run(CORPUS, Settings(store=tmp_path / "before", workers=1))
    worker.context.cache_clear()
    after = pipeline.run(CORPUS, Settings(store=tmp_path / "after", workers=1))
    assert after.stored == before.stored >= 80
    assert sorted(f.path for f in after.failed) == sorted(f.path for f in before.failed)
    old, new = _tables(tmp_path / "before"), _tables(tmp_path / "after")
    for name in store.TABLES:
        assert new[name].num_rows == old[name].num_rows, name
        assert new[name].equals(old[name]), name
    assert new["tokens"].num_rows > 40_000 and new["metrics"].num_rows > 100
