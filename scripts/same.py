"""Build the equivalence corpus's store and reports, or compare two such builds.

    python scripts/same.py build OUT      # OUT/store (four tables) and OUT/report.{md,html,json}
    python scripts/same.py compare A B    # exit 0 when every table and report is identical

The equivalence corpus is every text the project keeps: the seeds (data/raw), tests/real/docs
and the fixture corpus. A refactor that claims "identical output" shows it with a build
before the change, a build after it, and `compare`. Only the store's own bookkeeping (ingest
times, generation names, file modification times, where the checkout sits) is set aside.
"""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pandas as pd

ROOT = Path(__file__).resolve().parents[1]
CORPUS = [ROOT / "data" / "raw", ROOT / "tests" / "real" / "docs", ROOT / "tests" / "fixtures" / "corpus"]
TABLES = ("documents", "sections", "tokens", "metrics")
REPORTS = ("md", "html", "json")
BOOKKEEPING = {"ingested_at", "mtime", "mtime_ns", "generation", "abs_path"}
# The reports state when the store was written; that line is not content.
AS_OF = re.compile(rb'(Data as of |"data_as_of": ")\d{4}-\d\d-\d\d[T ]\d\d:\d\d(?::\d\d)?')


def build(out: Path) -> None:
    store = out / "store"
    exe = [sys.executable, "-m", "speeches"]
    subprocess.run([*exe, "ingest", *map(str, CORPUS), "--store", str(store), "--force"], check=False)
    for fmt in REPORTS:
        subprocess.run([*exe, "report", "--store", str(store), "--format", fmt, "--output", str(out / f"report.{fmt}")], check=True)


def _table(store: Path, name: str):  # type: ignore[no-untyped-def]
    path = store / "current" / f"{name}.parquet"
    if not path.exists():
        return None
    frame = pd.read_parquet(path)
    frame = frame.drop(columns=[c for c in frame.columns if c in BOOKKEEPING])
    keys = [c for c in ("doc_id", "section_id", "position", "start", "kind", "value") if c in frame.columns]
    return frame.sort_values(keys, kind="stable").reset_index(drop=True) if keys else frame


def compare(a: Path, b: Path) -> int:
    differences = 0
    for name in TABLES:
        left, right = _table(a / "store", name), _table(b / "store", name)
        if left is None or right is None:
            print(f"{name}: missing in {'A' if left is None else 'B'}")
            differences += 1
        elif list(left.columns) != list(right.columns):
            print(f"{name}: columns differ: {list(left.columns)} != {list(right.columns)}")
            differences += 1
        elif not left.equals(right):
            diff = left.compare(right) if left.shape == right.shape else f"{left.shape} != {right.shape}"
            print(f"{name}: rows differ\n{diff}")
            differences += 1
        else:
            print(f"{name}: identical ({len(left)} rows)")
    for fmt in REPORTS:
        left, right = ((side / f"report.{fmt}").read_bytes() for side in (a, b))
        same = AS_OF.sub(rb"\1-", left) == AS_OF.sub(rb"\1-", right)
        print(f"report.{fmt}: {'identical' if same else 'DIFFERENT'}")
        differences += not same
    return 1 if differences else 0


def main(argv: list[str]) -> int:
    if len(argv) == 2 and argv[0] == "build":
        build(Path(argv[1]))
        return 0
    if len(argv) == 3 and argv[0] == "compare":
        return compare(Path(argv[1]), Path(argv[2]))
    print(__doc__, file=sys.stderr)
    return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
