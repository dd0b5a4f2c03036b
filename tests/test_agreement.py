"""scripts/agreement.py: agreement between two annotators, and the second annotations it reads."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

import pytest

REPO = Path(__file__).resolve().parents[1]
SECONDS = sorted(p for p in [*(REPO / "tests").glob("*/second"), *(REPO / "tests" / "gold").glob("second-*")]
                 if p.is_dir())


@pytest.fixture(scope="module")
def agreement():  # type: ignore[no-untyped-def]
    sys.path.insert(0, str(REPO / "scripts"))
    try:
        import agreement as module  # type: ignore[import-not-found]

        yield module
    finally:
        sys.path.remove(str(REPO / "scripts"))
        sys.modules.pop("agreement", None)
        sys.modules.pop("eval", None)


def row(value: float, subject: str | None, **extra: Any) -> dict[str, Any]:
    return {"kind": "users", "value": value, "surface": f"{value:g} users", "subject": subject, **extra}


def test_counts_agreement_over_the_rows_the_tool_found(agreement, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    gold = {"a.txt": [row(1, "微信"), row(2, "QQ"), row(3, None), row(4, "?"), row(5, "美团")]}
    second = [row(1, "WeChat"), row(2, "微信"), row(3, None), row(4, "QQ"), row(5, "美团")]
    (tmp_path / "a.txt.jsonl").write_text("\n".join(json.dumps(r) for r in second), encoding="utf-8")
    # The tool found rows 1-4 (not 5): says 微信 for 1, QQ for 2, 美团 for 3.
    preds = [{"source_path": "/x/a.txt", "kind": "users", "value": v, "subject": s}
             for v, s in ((1, "微信"), (2, "QQ"), (3, "美团"), (4, None))]
    aliases = {"WeChat": "微信"}
    figures = agreement.agreement(preds, gold, tmp_path, "subject",
                                  lambda n: aliases.get(n, n) if n else None)
    # Row 4's first answer is "?" (not scored), row 5 was not found: rows 1-3 count.
    assert figures["A~B"] == (2, 3)  # 1 (WeChat = 微信) and 3 (both null)
    assert figures["tool~A"] == (2, 3)  # 1 and 2
    assert figures["tool~B"] == (1, 3)  # 1
    assert figures["tool where A=B"] == (1, 2)  # of rows 1 and 3, right on 1


def test_a_second_annotation_of_another_length_is_left_out(agreement, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    gold = {"a.txt": [row(1, "微信"), row(2, "QQ")]}
    (tmp_path / "a.txt.jsonl").write_text(json.dumps(row(1, "微信")), encoding="utf-8")
    preds = [{"source_path": "a.txt", "kind": "users", "value": 1.0, "subject": "微信"}]
    assert agreement.agreement(preds, gold, tmp_path, "subject", lambda n: n)["A~B"] == (0, 0)


@pytest.mark.parametrize("second", SECONDS, ids=lambda p: f"{p.parent.name}/{p.name}")
def test_each_second_annotation_is_of_the_same_rows_as_the_gold(second: Path) -> None:
    gold = second.parent / (second.name.removeprefix("second-") if second.name != "second" else "gold")
    assert sorted(p.name for p in second.glob("*.jsonl")) == sorted(p.name for p in gold.glob("*.jsonl"))
    for path in second.glob("*.jsonl"):
        ours = [json.loads(x) for x in path.read_text(encoding="utf-8").splitlines() if x.strip()]
        theirs = [json.loads(x) for x in (gold / path.name).read_text(encoding="utf-8").splitlines() if x.strip()]
        assert [(r["kind"], r["value"], r["surface"]) for r in ours] == \
            [(r["kind"], r["value"], r["surface"]) for r in theirs], path.name
        assert all("subject" in r and "period" in r for r in ours), path.name


ADJUDICATIONS = sorted([*(REPO / "tests").glob("*/adjudication.jsonl"),
                        *(REPO / "tests" / "gold" / "adjudication").glob("*.jsonl")])


@pytest.mark.parametrize("path", ADJUDICATIONS, ids=lambda p: f"{p.parent.name}/{p.name}")
def test_the_gold_holds_each_adjudicated_answer_and_the_second_annotation_its_own(path: Path) -> None:
    if path.parent.name == "adjudication":  # tests/gold/adjudication/<about>.jsonl
        gold, second = path.parent.parent / path.stem, path.parent.parent / f"second-{path.stem}"
    else:
        gold, second = path.parent / "gold", path.parent / "second"
    cases = [json.loads(x) for x in path.read_text(encoding="utf-8").splitlines() if x.strip()]
    assert cases
    for case in cases:
        rows = [json.loads(x) for x in (gold / f"{case['file']}.jsonl").read_text(encoding="utf-8").splitlines()
                if x.strip()]
        theirs = [json.loads(x) for x in (second / f"{case['file']}.jsonl").read_text(encoding="utf-8").splitlines()
                  if x.strip()]
        row = rows[case["row"]]
        assert row["surface"] == case["surface"] == theirs[case["row"]]["surface"]
        assert row[case["field"]] == case["decision"], case
        assert theirs[case["row"]][case["field"]] == case["second"], case
        assert case["first"] != case["second"]


def test_the_first_answer_is_read_back_where_the_gold_was_adjudicated(agreement, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    gold = {"a.txt": [row(1, "QQ")]}  # adjudicated: the first annotator said 微信, the second QQ
    (tmp_path / "a.txt.jsonl").write_text(json.dumps(row(1, "QQ")), encoding="utf-8")
    adjudication = tmp_path / "adjudication.jsonl"
    adjudication.write_text(json.dumps({"file": "a.txt", "row": 0, "surface": "1 users", "field": "subject",
                                        "first": "微信", "second": "QQ", "decision": "QQ"}), encoding="utf-8")
    preds = [{"source_path": "a.txt", "kind": "users", "value": 1.0, "subject": "QQ"}]
    first = agreement.first_answers(adjudication, "subject")
    figures = agreement.agreement(preds, gold, tmp_path, "subject", lambda n: n, first)
    assert figures["A~B"] == (0, 1) and figures["tool~A"] == (0, 1) and figures["tool~gold"] == (1, 1)
