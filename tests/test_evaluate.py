"""The scorer behind `make eval`: one-to-one matching, optional rows, tolerance, aliases."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from conftest import REPO
from speeches.read.evaluate import Tally, load_gold, match, score_document, script_name


def row(kind: str = "users", value: float = 1e9, **extra: object) -> dict[str, object]:
    return {"kind": kind, "value": value, "qualifier": "exact", "surface": "s",
            "speaker": None, **extra}


def test_each_gold_row_matches_one_prediction() -> None:
    pairs, extra, missed = match([row(), row()], [row()])
    assert (len(pairs), len(extra), len(missed)) == (1, 1, 0)


def test_kind_must_agree_and_value_within_half_a_percent() -> None:
    assert match([row("servers")], [row()])[1]
    assert match([row(value=1.004e9)], [row()])[0]
    assert match([row(value=1.006e9)], [row()])[1]


def test_optional_rows_count_neither_way() -> None:
    tally, _ = score_document([row()], [row(optional=True)], {})
    assert (tally.tp, tally.fp, tally.fn) == (0, 0, 0)
    tally, _ = score_document([], [row(optional=True)], {})
    assert tally.fn == 0


def test_required_rows_are_matched_before_optional_ones() -> None:
    tally, _ = score_document([row()], [row(optional=True), row(surface="t")], {})
    assert (tally.tp, tally.fn) == (1, 0)


def test_speaker_by_alias_and_undecidable_speaker() -> None:
    canon = {"pony ma": "马化腾", "马化腾": "马化腾"}
    tally, notes = score_document([row(speaker="Pony Ma")], [row(speaker="马化腾")], canon)
    assert tally.speaker == 1.0 and not notes
    tally, notes = score_document([row(speaker="张勇")], [row(speaker="马化腾")], canon)
    assert tally.speaker == 0.0 and "want 马化腾" in notes[0]
    tally, _ = score_document([row(speaker="张勇")], [row(speaker="?")], canon)
    assert tally.speaker_n == 0


def test_qualifier_missing_counts_as_exact() -> None:
    tally, _ = score_document([row(qualifier=None)], [row()], {})
    assert tally.qualifier == 1.0
    tally, notes = score_document([row(qualifier="about")], [row()], {})
    assert tally.qualifier == 0.0 and "got about want exact" in notes[0]


def test_tallies_add_up() -> None:
    a = Tally(tp=2, fp=1, fn=1)
    b = Tally(tp=1, fn=1, speaker_ok=1, speaker_n=2)
    assert (a + b).counts() == (3, 1, 2, 0, 0, 1, 2, 0, 0, 0, 0)
    assert (a + b).f1 == pytest.approx(2 * 0.75 * 0.6 / 1.35)


@pytest.mark.parametrize(("label", "name"), [
    ("Traditional (Taiwan usage)", "Traditional"), ("Latin", "English"), ("hant", "Traditional"),
    ("Simplified", "Simplified"), ("English", "English")])
def test_script_names(label: str, name: str) -> None:
    assert script_name(label) == name


def test_gold_lines_that_are_not_json_name_the_file(tmp_path) -> None:  # type: ignore[no-untyped-def]
    (tmp_path / "a.txt.jsonl").write_text('{"kind": "users"}\n{oops\n', encoding="utf-8")
    with pytest.raises(ValueError, match=r"a\.txt\.jsonl:2"):
        load_gold(tmp_path)


@pytest.mark.slow
def test_make_eval_scores_the_seeds() -> None:
    out = subprocess.run([sys.executable, str(REPO / "scripts" / "eval.py"), "--corpus", "seeds",
                          "--json"], check=True, capture_output=True, text=True)
    seeds = json.loads(out.stdout)["seeds"]
    assert seeds["all"]["f1"] >= 0.98
    assert set(seeds) == {"all", "English", "Simplified", "Traditional"}
    assert seeds["all"]["tp"] == sum(seeds[s]["tp"] for s in ("English", "Simplified", "Traditional"))


def test_subject_and_period_scored_when_gold_has_them() -> None:
    canon = {"wechat": "微信", "微信": "微信"}
    gold = [row(subject="微信", period="2018-Q3"), row(kind="servers", value=1e6)]
    preds = [row(subject="WeChat", period="2018-Q3"), row(kind="servers", value=1e6)]
    tally, notes = score_document(preds, gold, {}, lambda name: canon.get(name.casefold(), name))
    assert (tally.subject_n, tally.subject_ok, tally.period_n, tally.period_ok) == (1, 1, 1, 1)
    tally, notes = score_document([row(subject="QQ", period=None)], gold[:1], {})
    assert (tally.subject, tally.period) == (0.0, 0.0)
    assert any("subject" in n for n in notes) and any("period" in n for n in notes)
    tally, _ = score_document([row(subject="QQ")], [row(subject="?", period="?")], {})
    assert tally.subject_n == tally.period_n == 0
