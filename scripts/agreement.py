"""How far two annotators agree on each metric's subject and period, and where the tool stands.

    python scripts/agreement.py                  (every corpus with a second annotation)
    python scripts/agreement.py --corpus fresh

A corpus with a `second/` folder beside its `gold/` (`second-<name>` beside an about folder of
tests/gold) holds a second, independent annotation of the same gold rows (same files, same order): the second annotator saw each row's kind, value,
surface and speaker and the page, never the first annotator's subject and period. For the
rows the tool found (matched as `make eval` matches them), this prints the share of rows on
which the two annotators agree (A~B), on which the tool agrees with each (tool~A, tool~B), and
the tool's accuracy on the rows where both annotators agree: what a tool can fairly be asked
for is the first figure, and the last says how far it is from it.
"""

from __future__ import annotations

import argparse
import json
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

from eval import corpora, evaluate  # type: ignore[import-not-found]

from speeches.read.evaluate import match
from speeches.rules.subjects import load_subjects

Row = dict[str, Any]


def second_rows(folder: Path, name: str) -> list[Row] | None:
    path = folder / f"{name}.jsonl"
    if not path.is_file():
        return None
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def agreement(preds: list[Row], gold: dict[str, list[Row]], second: Path,
              field: str, norm: Callable[[Any], Any]) -> dict[str, tuple[int, int]]:
    """{label: (agreeing rows, rows)} for one field over the rows the tool matched."""
    by_doc: dict[str, list[Row]] = {}
    for p in preds:
        by_doc.setdefault(Path(p["source_path"]).name, []).append(p)
    n = ab = ta = tb = both = both_t = 0
    for doc, rows in gold.items():
        other = second_rows(second, doc)
        if other is None or len(other) != len(rows):
            continue
        index = {id(r): i for i, r in enumerate(rows)}
        pairs, _, _ = match(by_doc.get(doc, []), rows)
        for p, g in pairs:
            if g.get(field) == "?":
                continue
            a, b, t = norm(g.get(field)), norm(other[index[id(g)]].get(field)), norm(p.get(field))
            n += 1
            ab += a == b
            ta += t == a
            tb += t == b
            if a == b:
                both += 1
                both_t += t == a
    return {"A~B": (ab, n), "tool~A": (ta, n), "tool~B": (tb, n), "tool where A=B": (both_t, both)}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__,
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--corpus", action="append", help="only this corpus (repeatable)")
    args = ap.parse_args()
    subjects = load_subjects()

    def subject(name: Any) -> Any:
        return (subjects.resolve(name) or name) if name else None

    def period(value: Any) -> Any:
        return value or None

    chosen = [c for c in corpora() if c.second.is_dir()
              and (not args.corpus or c.name in args.corpus)]
    if not chosen:
        raise SystemExit("agreement: no corpus with a second annotation (see --help)")
    print(f"{'corpus':<13}{'field':<9}" + "".join(f"{k:>18}" for k in
                                                  ("A~B", "tool~A", "tool~B", "tool where A=B")))
    with tempfile.TemporaryDirectory() as tmp:
        for c in chosen:
            _, preds = evaluate(c, Path(tmp))
            gold = c.gold_rows()
            for field, norm in (("subject", subject), ("period", period)):
                figures = agreement(preds, gold, c.second, field, norm)
                print(f"{c.name:<13}{field:<9}" + "".join(
                    f"{ok / n if n else 0:>10.3f} ({ok:>3}/{n:>3})" if n else f"{'-':>18}"
                    for ok, n in figures.values()))


if __name__ == "__main__":
    main()
