"""Extraction quality on every gold corpus at hand: what `make eval` prints.

    python scripts/eval.py                 (what `make eval` runs)
    python scripts/eval.py -v              (every miss, extra and wrong label, per document)
    python scripts/eval.py --corpus tests/real --json

Each corpus is ingested with the installed `speeches` into a fresh temporary store and scored
with `speeches.read.evaluate` (the extraction spec's rules, the same as the shared scorer's):
precision, recall, F1, qualifier and speaker accuracy, per corpus and per script; subject and
period accuracy where the gold rows carry them (tests/gold/about*, tests/real); and the share of
count metrics (not percentages) found that carry a subject, gold or not.

  seeds        data/raw with the seed gold copied into tests/gold
  shared/real  ../shared/real (pages from other outlets), when the shared folder is beside us
               (or beside a parent folder, for a worktree)
  tests/real   tests/real: real pages collected and annotated for this project
  heldout      tests/heldout: real pages first kept unread, development data since 2026-12-07
  fresh        tests/fresh: the next unread set, development data since 2026-12-07 too
  unseen       tests/unseen: never-shown pages; its summary only, never its misses
  unseen2      tests/unseen2: a second never-shown set, annotated 2026-12-07; summary only too
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
from dataclasses import dataclass
from fnmatch import fnmatch
from pathlib import Path
from typing import Any

from speeches.read.evaluate import (
    DocumentScore,
    Tally,
    load_aliases,
    load_gold,
    load_scripts,
    score_corpus,
    script_name,
    total,
)
from speeches.rules.subjects import load_subjects
from speeches.store import iter_rows

REPO = Path(__file__).resolve().parents[1]


@dataclass(frozen=True)
class Corpus:
    name: str
    docs: Path
    gold: Path
    aliases: tuple[Path, ...] = ()
    manifests: tuple[Path, ...] = ()
    about: Path | None = None  # the same gold rows with subject and period, when annotated

    @property
    def second(self) -> Path:
        """Where a second annotator's subject and period for the same rows live (same files,
        same order): `second/` beside `gold/`, or `second-<about>` beside the about folder."""
        if self.about is not None:
            return self.about.parent / f"second-{self.about.name}"
        return self.gold.parent / "second"

    @property
    def adjudication(self) -> Path:
        """The rows where the two annotators disagreed: both answers and the decision the gold
        now holds (`adjudication.jsonl` beside `gold/`, or `adjudication/<about>.jsonl`)."""
        if self.about is not None:
            return self.about.parent / "adjudication" / f"{self.about.name}.jsonl"
        return self.gold.parent / "adjudication.jsonl"
    summary_only: bool = False  # never list this corpus's misses (tests/heldout stays unread)

    def gold_rows(self) -> dict[str, list[dict[str, Any]]]:
        if self.about is not None and any(self.about.glob("*.jsonl")):
            return load_gold(self.about)
        return load_gold(self.gold)


def shared_folder() -> Path:
    """The shared folder beside the checkout, or beside one of its parents (a worktree in
    ../wt/<name> finds the same ../shared as the main checkout)."""
    for parent in REPO.parents:
        if (parent / "shared" / "real").is_dir():
            return parent / "shared"
    return REPO.parent / "shared"


def corpora() -> list[Corpus]:
    shared = shared_folder() / "real"
    mine = REPO / "tests" / "real"
    heldout = REPO / "tests" / "heldout"
    fresh = REPO / "tests" / "fresh"
    unseen = REPO / "tests" / "unseen"
    unseen2 = REPO / "tests" / "unseen2"
    return [
        Corpus("seeds", REPO / "data" / "raw", REPO / "tests" / "gold",
               about=REPO / "tests" / "gold" / "about"),
        Corpus("shared/real", shared / "docs", shared / "gold",
               tuple(sorted(shared.glob("speakers*.json"))),
               tuple(sorted(shared.glob("manifest*.json"))),
               about=REPO / "tests" / "gold" / "about-shared-real"),
        Corpus("tests/real", mine / "docs", mine / "gold", tuple(sorted(mine.glob("speakers*.json"))),
               tuple(sorted(mine.glob("manifest*.json")))),
        Corpus("heldout", heldout / "docs", heldout / "gold", (heldout / "speakers.json",),
               (heldout / "manifest.json",)),
        Corpus("fresh", fresh / "docs", fresh / "gold", (fresh / "speakers.json",),
               (fresh / "manifest.json",)),
        Corpus("unseen", unseen / "docs", unseen / "gold", (unseen / "speakers.json",),
               (unseen / "manifest.json",), summary_only=True),
        Corpus("unseen2", unseen2 / "docs", unseen2 / "gold", (unseen2 / "speakers.json",),
               (unseen2 / "manifest.json",), summary_only=True),
    ]


def ingest(docs: Path, store: Path) -> None:
    cmd = [sys.executable, "-m", "speeches", "ingest", str(docs), "--store", str(store), "-q"]
    done = subprocess.run(cmd, capture_output=True, text=True)
    if done.returncode not in (0, 1):  # 1: some file skipped, which the scores will show
        sys.exit(f"eval: ingest of {docs} failed ({done.returncode}): {done.stderr.strip()}")


def evaluate(corpus: Corpus, workdir: Path) -> tuple[list[DocumentScore], list[dict[str, Any]]]:
    store = workdir / corpus.name.replace("/", "-")
    ingest(corpus.docs, store)
    scripts = {Path(r["source_path"]).name: script_name(r["script"])
               for r in iter_rows(store, "documents", ["source_path", "script"])}
    scripts.update(load_scripts(m for m in corpus.manifests if m.exists()))
    canon = load_aliases(a for a in corpus.aliases if a.exists())
    preds = list(iter_rows(store, "metrics"))
    subjects = load_subjects()
    scores = score_corpus(preds, corpus.gold_rows(), canon, scripts,
                          lambda name: subjects.resolve(name) or name)
    return scores, preds


def with_subject(preds: list[dict[str, Any]]) -> tuple[int, int]:
    """(count metrics with a subject, count metrics): how much of a corpus says what it counts."""
    counts = [p for p in preds if p["kind"] != "percentage"]
    return sum(1 for p in counts if p.get("subject")), len(counts)


HEADER = (f"{'corpus':<24}{'docs':>5}{'gold':>6}{'tp':>5}{'fp':>5}{'fn':>5}"
          f"{'P':>7}{'R':>7}{'F1':>7}{'qual':>7}{'speaker':>9}{'subject':>9}{'period':>8}")


def line(label: str, scores: list[DocumentScore]) -> str:
    t: Tally = total(scores)
    subject = f"{t.subject:>9.3f}" if t.subject_n else f"{'-':>9}"
    period = f"{t.period:>8.3f}" if t.period_n else f"{'-':>8}"
    return (f"{label:<24}{len(scores):>5}{t.tp + t.fn:>6}{t.tp:>5}{t.fp:>5}{t.fn:>5}"
            f"{t.precision:>7.3f}{t.recall:>7.3f}{t.f1:>7.3f}{t.qualifier:>7.3f}{t.speaker:>9.3f}"
            f"{subject}{period}")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__,
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--corpus", action="append", help="only this corpus (repeatable)")
    ap.add_argument("-v", "--verbose", action="store_true", help="list misses per document")
    ap.add_argument("--json", action="store_true", help="print the figures as JSON")
    ap.add_argument("--docs", action="append", metavar="GLOB",
                    help="only documents whose file name matches (repeatable), e.g. '??[0-9][13579]_*'")
    args = ap.parse_args()

    chosen = [c for c in corpora() if not args.corpus or c.name in args.corpus]
    results: dict[str, list[DocumentScore]] = {}
    covered: dict[str, tuple[int, int]] = {}
    with tempfile.TemporaryDirectory(prefix="speeches-eval-") as tmp:
        for corpus in chosen:
            if not corpus.gold.is_dir() or not any(corpus.gold.glob("*.jsonl")):
                print(f"eval: {corpus.name}: {corpus.docs} is not here, skipped", file=sys.stderr)
                continue
            scores, preds = evaluate(corpus, Path(tmp))
            if args.docs:
                scores = [s for s in scores if any(fnmatch(s.name, g) for g in args.docs)]
                preds = [p for p in preds
                         if any(fnmatch(Path(str(p["source_path"])).name, g) for g in args.docs)]
            results[corpus.name] = scores
            covered[corpus.name] = with_subject(preds)

    everything = [s for scores in results.values() for s in scores]
    if args.json:
        out = {name: {"all": total(scores).as_dict(),
                      **{script: total([s for s in scores if s.script == script]).as_dict()
                         for script in sorted({s.script for s in scores})}}
               for name, scores in results.items()}
        print(json.dumps(out, ensure_ascii=False, indent=1))
        return
    print(HEADER)
    for name, scores in results.items():
        print(line(name, scores))
        for script in sorted({s.script for s in scores}):
            print(line(f"  {script}", [s for s in scores if s.script == script]))
    if len(results) > 1:
        print(line("all", everything))
        for script in sorted({s.script for s in everything}):
            print(line(f"  {script}", [s for s in everything if s.script == script]))
    print("count metrics with a subject: " + ", ".join(
        f"{name} {n / total_n:.0%} ({n}/{total_n})" for name, (n, total_n) in covered.items()
        if total_n))
    if args.verbose:
        unread = {c.name for c in chosen if c.summary_only}
        for name, scores in results.items():
            if name in unread:
                print(f"\n{name}: misses not listed (the corpus stays unread; see its README)")
                continue
            for s in scores:
                if s.notes:
                    print(f"\n{name} {s.name} ({s.script})")
                    print("\n".join(f"  {n}" for n in s.notes))


if __name__ == "__main__":
    main()
