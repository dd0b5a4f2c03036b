"""How far two annotators agree on each metric's subject and period, and where the tool stands.

    python scripts/agreement.py                  (every corpus with a second annotation)
    python scripts/agreement.py --corpus fresh

A corpus with a `second/` folder beside its `gold/` (`second-<name>` beside an about folder of
tests/gold) holds a second, independent annotation of the same gold rows (same files, same order): the second annotator saw each row's kind, value,
surface and speaker and the page, never the first annotator's subject and period. For the
rows the tool found (matched as `make eval` matches them), this prints the share of rows on
which the two annotators agree (A~B), on which the tool agrees with each (tool~A, tool~B), and
the tool's accuracy on the rows where both annotators agree, and its accuracy against the gold
(what `make eval` scores). Where the two disagreed, a third annotator, who saw both answers and
the page but never the tool's, decided; the gold holds that decision and `adjudication.jsonl`
(`tests/gold/adjudication/<name>.jsonl` for an about folder) lists each case with both answers, so A
here is the first annotation as it was. What a tool can fairly be asked for is A~B.
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


def first_answers(adjudication: Path, field: str) -> dict[tuple[str, int], Any]:
    """{(file, row): the first annotator's answer} where the gold holds an adjudicated one."""
    if not adjudication.is_file():
        return {}
    rows = [json.loads(x) for x in adjudication.read_text(encoding="utf-8").splitlines() if x.strip()]
    return {(r["file"], r["row"]): r["first"] for r in rows if r["field"] == field}


def agreement(preds: list[Row], gold: dict[str, list[Row]], second: Path,
              field: str, norm: Callable[[Any], Any],
              first: dict[tuple[str, int], Any] | None = None) -> dict[str, tuple[int, int]]:
    """{label: (agreeing rows, rows)} for one field over the rows the tool matched. The gold
    holds the adjudicated answer; `first` gives the first annotator's where it differed."""
    first = first or {}
    by_doc: dict[str, list[Row]] = {}
    for p in preds:
        by_doc.setdefault(Path(p["source_path"]).name, []).append(p)
    n = ab = ta = tb = both = both_t = tg = 0
    for doc, rows in gold.items():
        other = second_rows(second, doc)
        if other is None or len(other) != len(rows):
            continue
        index = {id(r): i for i, r in enumerate(rows)}
        pairs, _, _ = match(by_doc.get(doc, []), rows)
        for p, g in pairs:
            if g.get(field) == "?":
                continue
            i = index[id(g)]
            a = norm(first.get((doc, i), g.get(field)))
            b, t = norm(other[i].get(field)), norm(p.get(field))
            n += 1
            tg += t == norm(g.get(field))
            ab += a == b
            ta += t == a
            tb += t == b
            if a == b:
                both += 1
                both_t += t == a
    return {"A~B": (ab, n), "tool~A": (ta, n), "tool~B": (tb, n), "tool where A=B": (both_t, both),
            "tool~gold": (tg, n)}


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
                                                  ("A~B", "tool~A", "tool~B", "tool where A=B", "tool~gold")))
    with tempfile.TemporaryDirectory() as tmp:
        for c in chosen:
            _, preds = evaluate(c, Path(tmp))
            gold = c.gold_rows()
            for field, norm in (("subject", subject), ("period", period)):
                figures = agreement(preds, gold, c.second, field, norm,
                                    first_answers(c.adjudication, field))
                print(f"{c.name:<13}{field:<9}" + "".join(
                    f"{ok / n if n else 0:>10.3f} ({ok:>3}/{n:>3})" if n else f"{'-':>18}"
                    for ok, n in figures.values()))


if __name__ == "__main__":
    main()
