"""Pages in other outlets' styles (tests/fixtures/corpus): what must and must not be found."""

from __future__ import annotations

import json
import math
from pathlib import Path

import pytest

from speeches import store
from speeches.config import Settings
from speeches.write import pipeline

FIXTURES = Path(__file__).parent / "fixtures"
EXPECTED = json.loads((FIXTURES / "expected.json").read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def rows(tmp_path_factory: pytest.TempPathFactory) -> list[tuple]:
    s = tmp_path_factory.mktemp("fixtures") / "store"
    result = pipeline.run([FIXTURES / "corpus"], Settings(store=s, workers=1))
    assert result.ok
    m = store.read_table(s, "metrics")
    return [(r.source_path, r.kind, float(r.value), r.qualifier,
             r.speaker if isinstance(r.speaker, str) else None) for r in m.itertuples()]


@pytest.mark.parametrize("want", EXPECTED["with"], ids=lambda w: f"{w[0]} {w[1]} {w[2]:g}")
def test_found(rows: list[tuple], want: list) -> None:
    hits = [r for r in rows if r[0] == want[0] and r[1] == want[1] and math.isclose(r[2], want[2])]
    assert any(r[3] == want[3] and r[4] == want[4] for r in hits), hits


@pytest.mark.parametrize("unwanted", EXPECTED["without"], ids=lambda w: f"{w[0]} {w[1]} {w[2]:g}")
def test_not_found(rows: list[tuple], unwanted: list) -> None:
    assert not [r for r in rows if r[0] == unwanted[0] and r[1] == unwanted[1]
                and math.isclose(r[2], unwanted[2])]


def test_org_statement_inside_a_talk_is_narration(rows: list[tuple]) -> None:
    hit = [r for r in rows if r[0] == "page_e.txt" and math.isclose(r[2], 3.1)]
    assert hit and hit[0][4] is None
