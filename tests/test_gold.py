"""End to end: the sample corpus ingested and scored against its hand-checked gold.

The gold is the copy in tests/gold and the spec's scorer the copy in tests/shared/tools, so a
fresh clone runs all of this with nothing beside it (test_shared_copies.py checks the copies)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import COPIES, REPO
from speeches.read.evaluate import Tally, load_gold, score_corpus, total
from speeches.store import iter_rows

GOLD = REPO / "tests" / "gold"


def seed_tally(seed_store: Path) -> Tally:
    preds = list(iter_rows(seed_store, "metrics"))
    return total(score_corpus(preds, load_gold(GOLD), {}, {}))


def test_every_seed_has_gold() -> None:
    assert {p.name for p in (REPO / "data" / "raw").iterdir()} == set(load_gold(GOLD))


def test_seed_gold_f1_and_qualifiers(seed_store: Path) -> None:
    tally = seed_tally(seed_store)
    assert tally.f1 >= 0.98, tally.as_dict()
    assert tally.qualifier >= 0.95, tally.as_dict()


def test_seed_gold_speakers(seed_store: Path) -> None:
    assert seed_tally(seed_store).speaker >= 0.90


@pytest.mark.slow
def test_shared_scorer_agrees(seed_store: Path) -> None:
    scorer = COPIES / "tools" / "score_metrics.py"
    out = subprocess.run(
        [sys.executable, str(scorer), "--metrics", str(seed_store / "metrics.parquet"),
         "--gold", str(GOLD), "--json"],
        check=True, capture_output=True, text=True,
    )
    theirs = json.loads(out.stdout)
    ours = seed_tally(seed_store).as_dict()
    assert {k: theirs[k] for k in ours} == ours


def _without_about(rows: list[dict]) -> list[dict]:  # type: ignore[type-arg]
    return [{k: v for k, v in r.items() if k not in ("subject", "period")} for r in rows]


def test_about_gold_is_the_seed_gold_plus_subject_and_period() -> None:
    about = load_gold(GOLD / "about")
    assert set(about) == set(load_gold(GOLD))
    for name, rows in load_gold(GOLD).items():
        assert _without_about(about[name]) == rows, name
        assert all("subject" in r and "period" in r for r in about[name]), name


def test_about_shared_real_gold_is_the_shared_gold_plus_subject_and_period() -> None:
    shared = load_gold(COPIES / "real" / "gold")
    about = load_gold(GOLD / "about-shared-real")
    assert set(about) == set(shared)
    for name, rows in shared.items():
        assert _without_about(about[name]) == rows, name
