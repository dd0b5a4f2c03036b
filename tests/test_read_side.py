"""The read side on the engine: same tables and reports as the pandas code before it (kept in
legacy_read.py), one generation per command, filters and order, and the new-user items."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pandas as pd
import pandas.testing as pdt
import pytest

import legacy_read as legacy
from conftest import RAW, run
from speeches import display, store
from speeches.read import corpus, engine, query, report, report_model
from speeches.rules.speakers import load_registry

REGISTRY = load_registry()


# -- the same results as before ------------------------------------------------------------


@pytest.mark.parametrize(("speaker", "kind"), [(None, None), ("湯道生", None), (None, "users"),
                                               ("Dowson Tong", "percentage")])
def test_metrics_same_as_before(seed_store: Path, speaker: str | None, kind: str | None) -> None:
    before = legacy.metrics(seed_store, REGISTRY, speaker=speaker, kind=kind)
    after = query.metrics(seed_store, REGISTRY, speaker=speaker, kind=kind)
    pdt.assert_frame_equal(before, after)


def test_speakers_same_as_before(seed_store: Path) -> None:
    assert query.speakers(seed_store, REGISTRY) == legacy.speakers(seed_store, REGISTRY)


@pytest.mark.parametrize("speaker", [None, "汤道生", "邱跃鹏"])
def test_keywords_same_as_before(seed_store: Path, speaker: str | None) -> None:
    before = legacy.keywords(seed_store, REGISTRY, speaker=speaker, top=None, min_count=1)
    after = corpus.keywords(seed_store, REGISTRY, speaker=speaker, top=None, min_count=1)
    assert len(before) > 10
    pdt.assert_frame_equal(before, after, check_dtype=False)


@pytest.mark.parametrize(("term", "speaker"), [("产业互联网", None), ("腾讯", None),
                                               ("cloud", None), ("腾讯", "汤道生")])
def test_kwic_same_as_before_and_limit_is_its_head(
    seed_store: Path, term: str, speaker: str | None
) -> None:
    before = legacy.kwic(seed_store, term, REGISTRY, width=20, speaker=speaker)
    after = corpus.kwic(seed_store, term, REGISTRY, width=20, speaker=speaker)
    assert len(before) > 3
    pdt.assert_frame_equal(before, after)
    empty = corpus.kwic(seed_store, term, REGISTRY, width=20, speaker=speaker, limit=0)
    assert empty.empty and list(empty.columns) == list(before.columns)
    for n in (1, 3, len(before) + 5):
        limited = corpus.kwic(seed_store, term, REGISTRY, width=20, speaker=speaker, limit=n)
        assert display.records(before.head(n)) == display.records(limited)  # as printed


@pytest.mark.parametrize(("speaker", "kind"), [(None, None), ("汤道生", None), (None, "servers")])
def test_reports_same_as_before(seed_store: Path, speaker: str | None, kind: str | None) -> None:
    before = legacy.build(seed_store, REGISTRY, speaker=speaker, kind=kind)
    now = report_model.as_dict(report.build(seed_store, REGISTRY, speaker=speaker, kind=kind))
    # The subject timelines came after the pandas code: everything else is as it was.
    before["subjects"] = now["subjects"]
    assert now == before
    for fmt, render in report.RENDERERS.items():
        then = render(report_model.Report.from_dict(before))
        assert report.render(fmt, seed_store, REGISTRY, speaker=speaker, kind=kind) == then


# -- one generation per command -------------------------------------------------------------


@pytest.mark.parametrize(
    "args",
    [
        ["metrics", "--format", "json"],
        ["speakers", "--format", "json"],
        ["keywords", "--speaker", "汤道生", "--format", "json"],
        ["keywords", "--format", "json"],
        ["kwic", "产业互联网", "--format", "json"],
        ["kwic", "产业互联网", "--limit", "2", "--speaker", "汤道生", "--format", "json"],
        ["report", "--format", "json"],
        ["show", "002_f7e51955b27f69e8.txt"],
        ["sql", "SELECT count(*) FROM tokens"],
    ],
)
def test_each_command_resolves_current_once(
    seed_store: Path, monkeypatch: pytest.MonkeyPatch, args: list[str]
) -> None:
    calls: list[Path] = []
    real = store.current_dir

    def counting(path: Path) -> Path | None:
        calls.append(path)
        return real(path)

    monkeypatch.setattr(store, "current_dir", counting)
    result = run(*args, "--store", str(seed_store))
    assert result.exit_code == 0, result.output
    assert len(calls) == 1


def test_a_reader_keeps_its_generation_while_an_ingest_swaps(tmp_path: Path) -> None:
    from speeches.config import Settings
    from speeches.write import pipeline

    raw = tmp_path / "raw"
    raw.mkdir()
    seeds = sorted(RAW.iterdir())
    shutil.copy(seeds[0], raw)
    st = tmp_path / "store"
    pipeline.run([raw], Settings(store=st, workers=1))
    with engine.Reader(st) as reader:
        first = reader.generation
        docs_before = reader.rows("SELECT count(*) FROM documents")[0][0]
        metrics_before = len(query.metrics(reader, REGISTRY))
        for seed in seeds[1:]:
            shutil.copy(seed, raw)
        pipeline.run([raw], Settings(store=st, workers=1))
        assert store.current_dir(st) != first  # a new generation is live
        # Every table still comes from the generation the reader opened.
        assert reader.rows("SELECT count(*) FROM documents")[0][0] == docs_before == 1
        assert len(query.metrics(reader, REGISTRY)) == metrics_before
        assert report.build(reader, REGISTRY).corpus.documents == 1
        assert {p.doc_id for p in [*corpus.kwic(reader, "腾讯", REGISTRY).itertuples()]} <= {
            reader.rows("SELECT doc_id FROM documents")[0][0]
        }
    with engine.Reader(st) as reader:
        assert reader.rows("SELECT count(*) FROM documents")[0][0] == len(seeds)


def test_engine_has_a_memory_limit_and_a_temp_folder(seed_store: Path) -> None:
    with engine.Reader(seed_store) as reader:
        limit = reader.rows("SELECT current_setting('memory_limit')")[0][0]
        temp = reader.rows("SELECT current_setting('temp_directory')")[0][0]
        assert limit.endswith(("MiB", "MB", "GiB", "GB")) and float(limit.split()[0]) <= 1024
        assert Path(temp).is_dir()
    assert not Path(temp).exists()  # removed on close


# -- filters and order ---------------------------------------------------------------------


def _all_metrics(seed_store: Path) -> pd.DataFrame:
    return legacy.metrics(seed_store, REGISTRY)


def _json(*args: str) -> list[dict[str, object]]:
    result = run(*args)
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)  # type: ignore[no-any-return]


def test_value_bounds_sort_and_limit(seed_store: Path) -> None:
    every = _all_metrics(seed_store)
    rows = _json("metrics", "--kind", "users", "--min", "1000000", "--max", "2e9",
                 "--sort", "-value", "--limit", "3", "--format", "json", "--store", str(seed_store))
    want = every[(every["kind"] == "users") & (every["value"] >= 1e6) & (every["value"] <= 2e9)]
    want = want.sort_values("value", ascending=False, kind="stable")
    assert [r["value"] for r in rows] == list(want["value"].head(3))
    assert 0 < len(rows) <= 3
    ascending = _json("metrics", "--sort", "value:asc", "--format", "json", "--store", str(seed_store))
    values = [r["value"] for r in ascending]
    assert values == sorted(values) and len(values) == len(every)


def test_dates_and_speaker_combine(seed_store: Path) -> None:
    every = _all_metrics(seed_store)
    dates = sorted(d for d in every["published"].dropna().unique())
    assert len(dates) >= 2
    since = dates[1].isoformat()
    rows = _json("metrics", "--since", since, "--speaker", "汤道生", "--format", "json",
                 "--store", str(seed_store))
    want = every[every["published"].map(lambda d: d is not None and not pd.isna(d)
                                        and d >= dates[1]) & (every["speaker"] == "汤道生")]
    assert len(rows) == len(want)
    assert all(r["published"] >= since and r["speaker"] == "汤道生" for r in rows)
    until = _json("metrics", "--until", dates[0].isoformat(), "--format", "json",
                  "--store", str(seed_store))
    assert until and all(r["published"] <= dates[0].isoformat() for r in until)


def test_doc_filter_takes_an_id_prefix_or_a_path(seed_store: Path) -> None:
    every = _all_metrics(seed_store)
    path = str(every["source_path"].iloc[0])
    doc_id = str(every["doc_id"].iloc[0])
    by_path = _json("metrics", "--doc", path, "--format", "json", "--store", str(seed_store))
    by_id = _json("metrics", "--doc", doc_id[:8], "--format", "json", "--store", str(seed_store))
    assert by_path == by_id and len(by_path) == int((every["doc_id"] == doc_id).sum())
    missing = run("metrics", "--doc", "nothing-like-this", "--store", str(seed_store))
    assert missing.exit_code == 1 and "no stored document" in missing.stderr


def test_bad_sort_column_is_a_clear_error(seed_store: Path) -> None:
    result = run("metrics", "--sort", "nope", "--store", str(seed_store))
    assert result.exit_code == 1 and "cannot sort by 'nope'" in result.stderr


def test_report_filters(seed_store: Path) -> None:
    data = json.loads(run("report", "--format", "json", "--min", "1e8", "--kind", "users",
                          "--store", str(seed_store)).stdout)
    values = [m["value"] for s in data["speakers"] for m in s["metrics"]]
    every = _all_metrics(seed_store)
    assert sorted(values) == sorted(every[(every["kind"] == "users") & (every["value"] >= 1e8)]["value"])
    assert data["filters"]["min"] == 1e8
    md = run("report", "--min", "1e8", "--store", str(seed_store)).stdout
    assert "min 100000000.0" in md


# -- new-user items ------------------------------------------------------------------------


def test_version_and_short_help() -> None:
    from speeches import __version__

    assert run("--version").stdout.strip() == f"speeches {__version__}"
    assert "Usage" in run("-h").stdout and "Example:" in run("metrics", "-h").stdout
    assert "--install-completion" in run("--help").stdout


@pytest.mark.parametrize(("name", "check"), [
    ("r.html", lambda t: t.lstrip().lower().startswith("<!doctype html")),
    ("r.json", lambda t: isinstance(json.loads(t), dict)),
    ("r.md", lambda t: t.startswith("# ")),
])
def test_report_format_from_extension(seed_store: Path, tmp_path: Path, name: str, check) -> None:  # type: ignore[no-untyped-def]
    out = tmp_path / name
    result = run("report", "-o", str(out), "--store", str(seed_store))
    assert result.exit_code == 0, result.output
    assert check(out.read_text("utf-8"))
    forced = tmp_path / ("forced-" + name)
    run("report", "-o", str(forced), "--format", "md", "--store", str(seed_store))
    assert forced.read_text("utf-8").startswith("# ")


def test_ingest_of_a_folder_without_transcripts_exits_1(tmp_path: Path) -> None:
    empty = tmp_path / "empty"
    empty.mkdir()
    (empty / "picture.png").write_bytes(b"\x89PNG")
    result = run("ingest", str(empty), "--store", str(tmp_path / "s"), "-q")
    assert result.exit_code == 1
    assert "no transcripts" in result.stderr


def test_bad_executor_is_a_usage_error(tmp_path: Path) -> None:
    result = run("ingest", str(RAW), "--store", str(tmp_path / "s"), "--executor", "spark")
    assert result.exit_code == 2
    assert not (tmp_path / "s" / "current").exists()


def test_show_accepts_the_ingested_path(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    shutil.copytree(RAW, tmp_path / "raw")
    monkeypatch.chdir(tmp_path)
    assert run("ingest", "raw", "--store", "s", "-q", "--workers", "1").exit_code == 0
    name = sorted(RAW.iterdir())[2].name
    for given in (f"raw/{name}", str(tmp_path / "raw" / name), name):
        result = run("show", given, "--store", "s")
        assert result.exit_code == 0, (given, result.output)
        assert "source: " in result.stdout and name in result.stdout


def test_speakers_lists_people_with_documents_unless_all(seed_store: Path) -> None:
    some = _json("speakers", "--format", "json", "--store", str(seed_store))
    every = _json("speakers", "--all", "--format", "json", "--store", str(seed_store))
    assert some and all(r["documents"] > 0 for r in some)
    assert len(every) == len(set(REGISTRY.people) | {r["speaker"] for r in some}) > len(some)


def test_csv_excel_has_a_bom_and_the_same_rows(seed_store: Path) -> None:
    plain = run("metrics", "--format", "csv", "--store", str(seed_store)).stdout_bytes
    excel = run("metrics", "--format", "csv-excel", "--store", str(seed_store)).stdout_bytes
    assert excel.startswith(b"\xef\xbb\xbf") and not plain.startswith(b"\xef\xbb\xbf")
    assert pd.read_csv(__import__("io").BytesIO(excel), encoding="utf-8-sig").equals(
        pd.read_csv(__import__("io").BytesIO(plain))
    )


@pytest.mark.parametrize("columns", [80, 120])
def test_kwic_term_stays_readable_on_a_narrow_terminal(
    seed_store: Path, monkeypatch: pytest.MonkeyPatch, columns: int
) -> None:
    import sys

    from rich.cells import cell_len
    from rich.console import Console

    df = corpus.kwic(seed_store, "产业互联网", REGISTRY, width=30)
    console = Console(width=columns, record=True, force_terminal=False)
    monkeypatch.setattr(display, "out", console)
    monkeypatch.setattr(sys.stdout, "isatty", lambda: True)
    display.print_kwic(df, corpus.aligned(df))
    lines = console.export_text().splitlines()[1:]
    assert len(lines) == len(df)
    assert all(cell_len(line) <= columns for line in lines)
    # The term is whole on every line, in the same terminal column, with context each side
    # (a context may hold the term too: every place it starts is a candidate).
    import re

    places = [{cell_len(line[: m.start()]) for m in re.finditer("产业互联网", line)} for line in lines]
    column = set.intersection(*places)
    assert len(column) == 1 and min(column) > 6
    for line, left in zip(lines, df["left"], strict=True):
        cut = next(m.start() for m in re.finditer("产业互联网", line)
                   if cell_len(line[: m.start()]) in column)
        shown = line[:cut].strip().lstrip("…")
        assert left.rstrip().endswith(shown)  # the part nearest the term is what is shown
