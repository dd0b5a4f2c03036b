"""Score extracted metrics against gold annotations, per corpus and per script.

The rules are the extraction spec's (METRICS.md, "Gold files and scoring"), the same as the
shared scorer's: within one document, predicted rows and gold rows are matched one-to-one by
`kind` and `value` (relative difference at most 0.5 %); an `optional` gold row counts neither
as a miss nor, when matched, as a prediction; qualifier and speaker accuracy are taken over
the matched rows, and a gold speaker of "?" is not scored. A predicted speaker given by any
alias counts as its canonical name.

Gold lives in a folder of `<document file name>.jsonl` files, one JSON object per metric:

>>> row = {"kind": "users", "value": 1e9, "qualifier": "more_than", "speaker": "马化腾"}
>>> tally, notes = score_document([dict(row, speaker="Pony Ma")], [row], {"pony ma": "马化腾"})
>>> (tally.tp, tally.fp, tally.fn, tally.speaker)
(1, 0, 0, 1.0)
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

TOLERANCE = 0.005
"""Largest relative difference between a predicted and a gold value that still matches."""

SCRIPTS = {"hans": "Simplified", "hant": "Traditional", "latin": "English"}
"""The store's `documents.script` codes, named as the gold manifests name them."""


def script_name(label: str) -> str:
    """One of Simplified, Traditional, English for a manifest's or the store's label.

    >>> script_name("Traditional (Hong Kong)"), script_name("Latin"), script_name("hans")
    ('Traditional', 'English', 'Simplified')
    """
    word = SCRIPTS.get(label, label).split(" ", 1)[0].split("(", 1)[0]
    return {"Latin": "English", "Hans": "Simplified", "Hant": "Traditional"}.get(word, word)

Row = Mapping[str, Any]


@dataclass
class Tally:
    """Counts behind precision, recall and the two accuracies; tallies add up."""

    tp: int = 0
    fp: int = 0
    fn: int = 0
    qualifier_ok: int = 0
    qualifier_n: int = 0
    speaker_ok: int = 0
    speaker_n: int = 0
    subject_ok: int = 0
    subject_n: int = 0
    period_ok: int = 0
    period_n: int = 0

    def __add__(self, other: Tally) -> Tally:
        return Tally(*(a + b for a, b in zip(self.counts(), other.counts(), strict=True)))

    def counts(self) -> tuple[int, ...]:
        return (self.tp, self.fp, self.fn, self.qualifier_ok, self.qualifier_n,
                self.speaker_ok, self.speaker_n, self.subject_ok, self.subject_n,
                self.period_ok, self.period_n)

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 0.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 0.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    @property
    def qualifier(self) -> float:
        return self.qualifier_ok / self.qualifier_n if self.qualifier_n else 0.0

    @property
    def speaker(self) -> float:
        return self.speaker_ok / self.speaker_n if self.speaker_n else 0.0

    @property
    def subject(self) -> float:
        return self.subject_ok / self.subject_n if self.subject_n else 0.0

    @property
    def period(self) -> float:
        return self.period_ok / self.period_n if self.period_n else 0.0

    def as_dict(self) -> dict[str, float | int]:
        out: dict[str, float | int] = {
            "precision": round(self.precision, 4), "recall": round(self.recall, 4),
            "f1": round(self.f1, 4), "qualifier_accuracy": round(self.qualifier, 4),
            "speaker_accuracy": round(self.speaker, 4),
            "tp": self.tp, "fp": self.fp, "fn": self.fn}
        if self.subject_n:
            out["subject_accuracy"] = round(self.subject, 4)
        if self.period_n:
            out["period_accuracy"] = round(self.period, 4)
        return out


@dataclass
class DocumentScore:
    name: str
    script: str
    tally: Tally
    notes: list[str] = field(default_factory=list)


def close(a: float, b: float) -> bool:
    """Whether two values match under the scoring tolerance.

    >>> close(110000000.0, 110000000.00000001), close(1e9, 9.8e8)
    (True, False)
    """
    return abs(a - b) <= TOLERANCE * max(abs(a), abs(b), 1e-12)


def load_gold(folder: Path) -> dict[str, list[dict[str, Any]]]:
    """`{document file name: gold rows}` from a folder of `<name>.jsonl` files."""
    gold: dict[str, list[dict[str, Any]]] = {}
    for path in sorted(folder.glob("*.jsonl")):
        rows = []
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            if line.strip():
                try:
                    rows.append(json.loads(line))
                except json.JSONDecodeError as exc:
                    raise ValueError(f"{path}:{number}: not JSON ({exc.msg})") from exc
        gold[path.name.removesuffix(".jsonl")] = rows
    return gold


def load_aliases(paths: Iterable[Path]) -> dict[str, str]:
    """`{alias, casefolded: canonical name}` from JSON files of `{canonical: [aliases]}`."""
    canon: dict[str, str] = {}
    for path in paths:
        for name, aliases in json.loads(path.read_text(encoding="utf-8")).items():
            for alias in [name, *aliases]:
                canon[alias.strip().casefold()] = name
    return canon


def load_scripts(paths: Iterable[Path]) -> dict[str, str]:
    """`{document file name: script}` from manifests (a list, or `{"documents": [...]}`)."""
    scripts: dict[str, str] = {}
    for path in paths:
        data = json.loads(path.read_text(encoding="utf-8"))
        entries = data.get("documents", []) if isinstance(data, dict) else data
        for entry in entries:
            if entry.get("file") and entry.get("script"):
                scripts[entry["file"]] = script_name(entry["script"])
    return scripts


def match(preds: Sequence[Row], gold: Sequence[Row]) -> tuple[
        list[tuple[Row, Row]], list[Row], list[Row]]:
    """(matched pairs, unmatched predictions, missed required gold rows).

    Each prediction takes the first free gold row of its kind and value, required rows first.
    """
    used = [False] * len(gold)
    order = sorted(range(len(gold)), key=lambda i: bool(gold[i].get("optional")))
    pairs: list[tuple[Row, Row]] = []
    extra: list[Row] = []
    for p in preds:
        hit = next((i for i in order if not used[i] and gold[i]["kind"] == p["kind"]
                    and p.get("value") is not None
                    and close(float(p["value"]), float(gold[i]["value"]))), None)
        if hit is None:
            extra.append(p)
        else:
            used[hit] = True
            pairs.append((p, gold[hit]))
    missed = [g for i, g in enumerate(gold) if not used[i] and not g.get("optional")]
    return pairs, extra, missed


def score_document(preds: Sequence[Row], gold: Sequence[Row], canon: Mapping[str, str],
                   subject_of: Callable[[str], str] | None = None) -> tuple[Tally, list[str]]:
    """The tally of one document and a line for every miss, extra and wrong label.

    Gold rows with a `subject` or `period` key score those columns too (over matched rows);
    `subject_of` maps a name to its canonical subject (any alias, any script)."""

    def who(name: str | None) -> str | None:
        return canon.get(name.strip().casefold(), name) if name else None

    def what(name: str | None) -> str | None:
        if not name:
            return None
        return subject_of(name) if subject_of else name

    pairs, extra, missed = match(preds, gold)
    tally = Tally(fp=len(extra), fn=len(missed))
    notes: list[str] = []
    for p, g in pairs:
        tally.tp += not g.get("optional")
        if g.get("qualifier"):
            tally.qualifier_n += 1
            got = p.get("qualifier") or "exact"
            tally.qualifier_ok += got == g["qualifier"]
            if got != g["qualifier"]:
                notes.append(f"qualifier {g['surface']!r}: got {got} want {g['qualifier']}")
        if g.get("speaker") != "?":
            tally.speaker_n += 1
            want = g.get("speaker") or None
            tally.speaker_ok += who(p.get("speaker")) == want
            if who(p.get("speaker")) != want:
                notes.append(f"speaker {g['surface']!r}: got {p.get('speaker')} want {want}")
        if "subject" in g and g.get("subject") != "?":
            tally.subject_n += 1
            ok = what(p.get("subject")) == what(g.get("subject"))
            tally.subject_ok += ok
            if not ok:
                notes.append(f"subject {g['surface']!r}: got {p.get('subject')} "
                             f"want {g.get('subject')}")
        if "period" in g and g.get("period") != "?":
            tally.period_n += 1
            ok = (p.get("period") or None) == (g.get("period") or None)
            tally.period_ok += ok
            if not ok:
                notes.append(f"period {g['surface']!r}: got {p.get('period')} "
                             f"want {g.get('period')}")
    notes += [f"miss {g['kind']} {g['value']:g} {g['surface']!r}" for g in missed]
    notes += [f"extra {p['kind']} {p['value']:g} {p.get('surface')!r}" for p in extra]
    return tally, notes


def score_corpus(preds: Iterable[Row], gold: Mapping[str, Sequence[Row]],
                 canon: Mapping[str, str], scripts: Mapping[str, str],
                 subject_of: Callable[[str], str] | None = None) -> list[DocumentScore]:
    """Score every gold document; predictions are grouped by their source file's name."""
    by_doc: dict[str, list[Row]] = {}
    for p in preds:
        by_doc.setdefault(Path(str(p["source_path"])).name, []).append(p)
    scores = []
    for name, rows in gold.items():
        tally, notes = score_document(by_doc.get(name, []), rows, canon, subject_of)
        scores.append(DocumentScore(name, scripts.get(name, "?"), tally, notes))
    return scores


def total(scores: Iterable[DocumentScore]) -> Tally:
    result = Tally()
    for s in scores:
        result = result + s.tally
    return result
