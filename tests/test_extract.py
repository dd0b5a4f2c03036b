"""Table-driven extraction cases (tests/cases/metrics/*.json), each kind and qualifier in
Simplified, Traditional and English; known weaknesses run as strict xfail."""

from __future__ import annotations

import json
import math
from pathlib import Path

import pytest

from speeches.stages.extract import Extractor
from speeches.stages.normalize import normalize

CASES = Path(__file__).parent / "cases" / "metrics"


def _load() -> list[pytest.param]:
    params = []
    for path in sorted(CASES.glob("*.json")):
        for case in json.loads(path.read_text(encoding="utf-8")):
            marks = [pytest.mark.xfail(strict=True, reason=case.get("reason", ""))] if case.get("expect") == "fail" else []
            params.append(pytest.param(case, id=f"{path.stem}: {case['label']}", marks=marks))
    return params


@pytest.fixture(scope="module")
def extractor() -> Extractor:
    return Extractor()


@pytest.mark.parametrize("case", _load())
def test_case(case: dict, extractor: Extractor) -> None:
    text = normalize(case["text"])
    got = extractor.find(text)
    summary = [(m.kind, m.value, m.qualifier) for m in got]
    assert len(got) == len(case["expected"]), summary
    for metric, want in zip(got, case["expected"], strict=True):
        assert metric.kind == want["kind"], summary
        assert math.isclose(metric.value, want["value"], rel_tol=1e-4), summary
        assert metric.qualifier == want["qualifier"], summary
        if "low" in want:
            assert math.isclose(metric.low, want["low"]) and math.isclose(metric.high, want["high"])
        assert text[metric.start : metric.end] == metric.surface
        assert metric.surface in metric.sentence
