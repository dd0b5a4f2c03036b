"""Hostile input and damaged stores: each test is one finding of issue 18, failing without
its fix."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest

from conftest import RAW, run
from speeches import store
from speeches.models import Document
from speeches.stages.decode import _flatten_deep, html_to_text
from speeches.stages.ingest import read_corpus
from speeches.text.sentences import SENTENCE_REACH
from speeches.write import worker

SPEECHES = [sys.executable, "-m", "speeches"]


def _copy_store(seed_store: Path, tmp_path: Path) -> Path:
    s = tmp_path / "store"
    shutil.copytree(seed_store, s, symlinks=True)
    return s


def test_a_missing_table_file_refuses_the_next_ingest(seed_store: Path, tmp_path: Path) -> None:
    s = _copy_store(seed_store, tmp_path)
    gen = store.current_dir(s)
    assert gen is not None
    n_sections = len(store.read_table(s, "sections"))
    (gen / "sections.parquet").unlink()
    more = tmp_path / "more"
    more.mkdir()
    (more / "new.txt").write_text("标题\n\n马化腾表示，微信的月活跃用户达到10亿。\n", "utf-8")
    result = run("ingest", str(more), "--store", str(s), "--workers", "1", "-q")
    assert result.exit_code == 1
    assert "sections.parquet is missing" in result.output
    assert store.current_dir(s) == gen  # nothing published over the damaged version
    (gen / "sections.parquet").write_bytes(
        (seed_store / "sections.parquet").resolve().read_bytes()
    )
    assert len(store.read_table(s, "sections")) == n_sections


def test_reextract_refuses_a_store_missing_a_table(seed_store: Path, tmp_path: Path) -> None:
    s = _copy_store(seed_store, tmp_path)
    gen = store.current_dir(s)
    assert gen is not None
    (gen / "tokens.parquet").unlink()
    result = run("extract", "--store", str(s))
    assert result.exit_code == 1 and "tokens.parquet is missing" in result.output


def test_stored_sentence_is_a_window_around_the_surface() -> None:
    # One line of many metrics: each used to keep the whole line (20,000 numbers: 20.8 GB).
    line = "微信的月活跃用户达到10亿，" * 300
    text = "标题\n\n马化腾表示，" + line + "。\n"
    doc = worker.run_stages(
        Document(source_path="x.txt", raw=text, doc_id="x"), worker.context()
    )
    rows = store.metric_rows(doc)
    assert len(rows) >= 100
    for row in rows:
        assert row["surface"] in row["sentence"]
        assert len(row["sentence"]) <= len(row["surface"]) + 2 * SENTENCE_REACH
    # A sentence of ordinary length is kept whole.
    short = worker.run_stages(
        Document(source_path="y.txt", raw="标题\n\n马化腾表示，微信的月活跃用户达到10亿。\n", doc_id="y"),
        worker.context(),
    )
    assert [m.sentence for m in short.metrics] == ["马化腾表示，微信的月活跃用户达到10亿。"]


def _messy(tmp_path: Path) -> Path:
    raw = tmp_path / "raw"
    shutil.copytree(RAW, raw)
    os.mkfifo(raw / "fifo.txt")  # would be waited on forever
    (raw / "zero.txt").symlink_to("/dev/zero")  # would be read forever
    (raw / "loop.txt").symlink_to(raw / "loop.txt")  # a symlink loop
    bad_name = os.fsencode(raw) + b"/\xff\xfe-bad.txt"  # not UTF-8
    with open(bad_name, "wb") as fh:
        fh.write("标题\n\n马化腾表示，微信的月活跃用户达到10亿。\n".encode())
    return raw


@pytest.mark.slow
def test_bad_entries_are_named_and_the_rest_is_stored(tmp_path: Path) -> None:
    raw = _messy(tmp_path)
    s = tmp_path / "s"
    out = subprocess.run(
        [*SPEECHES, "ingest", str(raw), "--store", str(s), "--workers", "1"],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert out.returncode == 1 and "Traceback" not in out.stderr, out.stderr
    lines = out.stderr.splitlines()
    for name, reason in [
        ("fifo.txt", "a FIFO, not a regular file"),
        ("zero.txt", "a character device, not a regular file"),
        ("loop.txt", "cannot read"),
        ("\\xff\\xfe-bad.txt", "file name is not valid UTF-8"),
    ]:
        assert any(name in line and reason in line for line in lines), (name, out.stderr)
    assert len(store.read_table(s, "documents")) == len(list(RAW.iterdir()))


def test_an_unreadable_subfolder_is_named(tmp_path: Path, monkeypatch) -> None:
    raw = tmp_path / "raw"
    shutil.copytree(RAW, raw / "ok")
    (raw / "locked").mkdir()
    (raw / "locked" / "a.txt").write_text("x")
    scandir = os.scandir

    def denied(path):  # type: ignore[no-untyped-def]
        # As root, chmod 000 does not stop a listing: refuse it as the kernel would.
        if Path(path).name == "locked":
            raise PermissionError(13, "Permission denied", str(path))
        return scandir(path)

    monkeypatch.setattr(os, "scandir", denied)
    jobs, skipped = read_corpus([raw])
    assert len(jobs) == len(list(RAW.iterdir()))
    assert [(Path(s.path).name, s.reason) for s in skipped] == [
        ("locked", "cannot read folder (Permission denied)")
    ]


def test_deeply_nested_html_is_not_quadratic() -> None:
    # 20,000 nested <div>s took 0.4 s, 40,000 some 3 s and 100,000 about a minute.
    page = "<html><body>" + "<div>" * 100_000 + "x" + "</div>" * 100_000 + "<p>end</p></body></html>"
    t0 = time.perf_counter()
    assert html_to_text(page) == "x\nend"
    assert time.perf_counter() - t0 < 10


def test_flattening_keeps_the_text_of_ordinary_and_deep_pages() -> None:
    nested = "<div>" * 600 + "<p>a<b>b</b></p><script>var s='<div>'</script><p>c</p>" + "</div>" * 600
    flat = _flatten_deep(nested, limit=10)
    assert flat.startswith("<div>" * 10 + "<br>") and "<script>var s='<div>'</script>" in flat
    assert flat.count("</div>") == 10
    assert html_to_text(nested) == "ab\nc"
    ordinary = "<html><body><div><p>one</p><ul><li>two<li>three</ul></div></body></html>"
    assert _flatten_deep(ordinary) == ordinary


@pytest.mark.slow
def test_a_catastrophic_user_regex_is_refused_before_it_runs(tmp_path: Path) -> None:
    rules = tmp_path / "rules.toml"
    rules.write_text('[[kind]]\nname = "users"\nexclude = ["(\\\\w+\\\\s?)+$"]\n', "utf-8")
    doc = tmp_path / "raw" / "a.txt"
    doc.parent.mkdir()
    doc.write_text("标题\n\n" + "users " * 40 + "!\n", "utf-8")
    out = subprocess.run(
        [*SPEECHES, "ingest", str(doc.parent), "--store", str(tmp_path / "s"),
         "--rules", str(rules), "--workers", "1"],
        capture_output=True, text=True, timeout=120,
    )  # fmt: skip
    assert out.returncode == 1 and "Traceback" not in out.stderr
    assert str(rules) in out.stderr and "repetition of repetitions" in out.stderr


def test_safe_repetitions_in_user_regexes_are_accepted() -> None:
    from speeches.errors import BadRule
    from speeches.rules import _check_regex

    for ok in [r"\d+(?:,\d+)*", r"(?:\s|的)*", r"(\s*x)*", r"[a-z]{1,3}"]:
        assert _check_regex(ok, "t") == ok
    for bad in [r"(a+)+$", r"(x*y*)+z", r"^(a|b+)*c", r"(?=(a*)*)"]:
        with pytest.raises(BadRule, match="repetition of repetitions"):
            _check_regex(bad, "t")


def test_an_alias_given_to_two_speakers_is_refused_naming_both(tmp_path: Path) -> None:
    extra = tmp_path / "people.toml"
    extra.write_text('[[speaker]]\nname = "张三"\nenglish = ["dowson tong"]\n', "utf-8")
    result = run("speakers", "--speakers", str(extra), "--store", str(tmp_path))
    assert result.exit_code == 1
    message = result.output
    assert "'dowson tong' names two speakers" in message
    assert "'汤道生' (speakers.toml (shipped))" in message and f"'张三' ({extra})" in message
    # The same person extended by a user file is not a conflict, nor is a shared surname.
    extra.write_text(
        '[[speaker]]\nname = "汤道生"\nenglish = ["D. Tong"]\n'
        '[[speaker]]\nname = "张三"\nshort = ["Tong"]\n',
        "utf-8",
    )
    from speeches.rules.speakers import load_registry

    assert load_registry(extra).resolve("D. Tong") == "汤道生"


@pytest.mark.parametrize("field", ['english = ["  "]', 'short = [" "]', 'traditional = "  "'])
def test_a_whitespace_only_alias_is_a_clear_error(tmp_path: Path, field: str) -> None:
    extra = tmp_path / "people.toml"
    extra.write_text(f'[[speaker]]\nname = "张三"\n{field}\n', "utf-8")
    result = run("speakers", "--speakers", str(extra), "--store", str(tmp_path))
    assert result.exit_code == 1 and "Traceback" not in result.output
    assert str(extra) in result.output and "non-empty string" in result.output
