"""End to end: the sample corpus ingested and scored against the hand-checked gold with the
shared scorer (the same one that scores unseen documents)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from conftest import shared_or_skip


def score(seed_store: Path) -> dict:
    scorer = shared_or_skip("tools", "score_metrics.py")
    gold = shared_or_skip("gold")
    out = subprocess.run(
        [sys.executable, str(scorer), "--metrics", str(seed_store / "metrics.parquet"),
         "--gold", str(gold), "--json"],
        check=True, capture_output=True, text=True,
    )
    return json.loads(out.stdout)


def test_seed_gold_f1_and_qualifiers(seed_store: Path) -> None:
    result = score(seed_store)
    assert result["f1"] >= 0.95, result
    assert result["qualifier_accuracy"] >= 0.95, result


def test_seed_gold_speakers(seed_store: Path) -> None:
    assert score(seed_store)["speaker_accuracy"] >= 0.90
