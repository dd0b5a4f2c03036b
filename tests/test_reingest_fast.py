"""A re-ingest with nothing to do is answered from the generation's file index
(`speeches.write.unchanged`, asked by `speeches.__main__` before the CLI loads), and anything
that could make the run do work goes down the full path instead."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from conftest import run
from speeches.__main__ import parse_ingest, quick_ingest
from speeches.stages import decode
from speeches.stages.ingest import read_corpus
from speeches.store import Lock
from speeches.write import unchanged

PAGES = {
    "a.txt": "腾讯总裁刘炽平表示，微信月活跃用户达到10亿。\n",
    "b.md": "# Annual report\n\nWeChat has 1.2 billion monthly active users, said Pony Ma.\n",
    "sub/c.txt": "百度李彦宏说，小度助手用户超过3亿。\n",
}
RULES = '[[kind]]\nname = "partners"\nnouns_zh = ["合作伙伴"]\n'
SPEAKERS = '[[speaker]]\nname = "汤道生"\nshort = ["汤总裁"]\n'
SUBJECTS = '[[subject]]\nname = "小度"\naliases = ["小度助手"]\nkind = "product"\n'


def _write_corpus(folder: Path) -> Path:
    for name, text in PAGES.items():
        path = folder / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return folder


def _ingest(corpus: Path, store: Path, *extra: str) -> None:
    result = run("ingest", str(corpus), "--store", str(store), "--workers", "1", "-q", *extra)
    assert result.exit_code == 0, result.output


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """A corpus and its store, ingested once with a rule, a speaker and a subject file."""
    root = tmp_path_factory.mktemp("built")
    corpus = _write_corpus(root / "corpus")
    for name, text in (("rules", RULES), ("speakers", SPEAKERS), ("subjects", SUBJECTS)):
        (root / f"{name}.toml").write_text(text, encoding="utf-8")
    _ingest(
        corpus,
        root / "store",
        "--rules", str(root / "rules.toml"),
        "--speakers", str(root / "speakers.toml"),
        "--subjects", str(root / "subjects.toml"),
    )  # fmt: skip
    return corpus, root / "store"


@pytest.fixture
def copy(built: tuple[Path, Path], tmp_path: Path) -> tuple[Path, Path]:
    """A copy of `built` a test may change: the store's index names the corpus by absolute
    path, so the copy of the store gets an ingest of the copy of the corpus."""
    corpus = tmp_path / "corpus"
    shutil.copytree(built[0], corpus)
    store = tmp_path / "store"
    _ingest(corpus, store)
    return corpus, store


def _check(corpus: Path, store: Path, **given: Path) -> int | None:
    return unchanged.check([corpus], store, given)


def _generation(store: Path) -> Path:
    return (store / "current").resolve()


# --- nothing changed: answered here -------------------------------------------------------


def test_an_unchanged_corpus_is_answered_from_the_index(copy: tuple[Path, Path]) -> None:
    corpus, store = copy
    assert _check(corpus, store) == len(PAGES)
    before = _generation(store)
    assert quick_ingest(["ingest", str(corpus), "--store", str(store), "-q"])
    assert _generation(store) == before


def test_the_index_lists_the_documents_table(built: tuple[Path, Path]) -> None:
    from speeches import store as tables

    corpus, store = built
    index = json.loads((_generation(store) / unchanged.INDEX).read_text("utf-8"))
    rows = tables.documents_index(store)
    assert index["files"] == {r["abs_path"]: [r["size"], r["mtime_ns"]] for r in rows}
    assert len(index["files"]) == len(PAGES)
    assert set(index["setup"]) == {"rules", "speakers", "subjects"}


def test_after_changes_the_index_is_still_the_documents_table(copy: tuple[Path, Path]) -> None:
    from speeches import store as tables

    corpus, store = copy
    page = corpus / "a.txt"
    page.write_text(PAGES["a.txt"] + "又及。\n", encoding="utf-8")  # changed
    (corpus / "new.txt").write_text("京东刘强东说，京东用户达到3亿。\n", encoding="utf-8")
    shutil.copyfile(corpus / "b.md", corpus / "b-again.md")  # a duplicate: not stored
    (corpus / "empty.txt").write_bytes(b"")  # fails: not stored
    run("ingest", str(corpus), "--store", str(store), "--workers", "1", "-q")
    index = json.loads((_generation(store) / unchanged.INDEX).read_text("utf-8"))
    rows = tables.documents_index(store)
    assert index["files"] == {r["abs_path"]: [r["size"], r["mtime_ns"]] for r in rows}
    assert str(corpus.resolve() / "new.txt") in index["files"]
    assert str(corpus.resolve() / "b-again.md") not in index["files"]


def test_the_same_files_given_again_are_unchanged(built: tuple[Path, Path], tmp_path: Path) -> None:
    corpus, store = built
    same = {}
    for kind in ("rules", "speakers", "subjects"):  # the same content from another path
        same[kind] = tmp_path / f"{kind}-again.toml"
        shutil.copyfile(store.parent / f"{kind}.toml", same[kind])
    assert _check(corpus, store, **same) == len(PAGES)


def test_hidden_files_and_folders_are_left_out_as_ingest_leaves_them(
    copy: tuple[Path, Path],
) -> None:
    corpus, store = copy
    (corpus / ".notes.txt").write_text("私人笔记", encoding="utf-8")
    (corpus / ".git").mkdir()
    (corpus / ".git" / "HEAD").write_text("ref: refs/heads/main\n", encoding="utf-8")
    assert _check(corpus, store) == len(PAGES)


@pytest.mark.slow
def test_the_command_answers_without_typer_or_pyarrow_and_prints_the_same_summary(
    copy: tuple[Path, Path],
) -> None:
    corpus, store = copy
    full = run("ingest", str(corpus), "--store", str(store), "--workers", "1")
    cmd = [sys.executable, "-X", "importtime", "-m", "speeches", "ingest", str(corpus)]
    quiet = subprocess.run(
        [*cmd, "--store", str(store), "-q"], capture_output=True, text=True, check=False
    )
    assert quiet.returncode == full.exit_code == 0
    imported = {line.split("|")[-1].strip() for line in quiet.stderr.splitlines() if "|" in line}
    assert "speeches.write.unchanged" in imported
    assert not {"typer", "pyarrow", "rich", "speeches.cli", "speeches.write.pipeline"} & imported
    said = subprocess.run(
        [sys.executable, "-m", "speeches", "ingest", str(corpus), "--store", str(store)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert said.returncode == 0
    seconds = re.compile(r"in \d+\.\ds")
    assert seconds.sub("in Xs", said.stderr) == seconds.sub("in Xs", full.output)
    assert said.stderr.startswith(f"ingest: 0 stored; {len(PAGES)} unchanged in")


# --- anything else: the full path -----------------------------------------------------------


def test_a_changed_file_takes_the_full_path(copy: tuple[Path, Path]) -> None:
    corpus, store = copy
    page = corpus / "a.txt"
    st_before = page.stat()
    page.write_text(PAGES["a.txt"].replace("10亿", "12亿"), encoding="utf-8")  # same size
    os.utime(page, ns=(st_before.st_atime_ns, st_before.st_mtime_ns + 1_000_000_000))
    assert page.stat().st_size == st_before.st_size
    assert _check(corpus, store) is None
    assert not quick_ingest(["ingest", str(corpus), "--store", str(store), "-q"])


def test_an_added_file_takes_the_full_path(copy: tuple[Path, Path]) -> None:
    corpus, store = copy
    (corpus / "sub" / "d.txt").write_text("阿里巴巴张勇说，淘宝用户达到8亿。\n", encoding="utf-8")
    assert _check(corpus, store) is None


def test_a_removed_file_takes_the_full_path(copy: tuple[Path, Path]) -> None:
    corpus, store = copy
    (corpus / "sub" / "c.txt").unlink()
    assert _check(corpus, store) is None
    # Another folder's documents are not "removed": ingesting one folder alone stays quick.
    assert unchanged.check([corpus / "b.md"], store, {}) == 1


@pytest.mark.parametrize("kind", ["rules", "speakers", "subjects"])
def test_a_changed_rule_or_registry_file_takes_the_full_path(
    built: tuple[Path, Path], tmp_path: Path, kind: str
) -> None:
    corpus, store = built
    changed = tmp_path / f"{kind}.toml"
    changed.write_text((store.parent / f"{kind}.toml").read_text("utf-8") + "\n# edited\n")
    assert _check(corpus, store, **{kind: changed}) is None
    assert _check(corpus, store, **{kind: tmp_path / "missing.toml"}) is None


def test_a_file_the_store_does_not_remember_takes_the_full_path(
    copy: tuple[Path, Path], built: tuple[Path, Path]
) -> None:
    corpus, store = copy  # ingested without --rules: no copy to compare with
    assert _check(corpus, store, rules=built[1].parent / "rules.toml") is None


def test_an_index_of_another_version_takes_the_full_path(copy: tuple[Path, Path]) -> None:
    corpus, store = copy
    path = _generation(store) / unchanged.INDEX
    index = json.loads(path.read_text("utf-8"))
    path.write_text(json.dumps({**index, "version": "0.0.1"}), encoding="utf-8")
    assert _check(corpus, store) is None


@pytest.mark.parametrize("damage", ["missing", "garbage", "not a dict", "no files"])
def test_a_damaged_or_missing_index_takes_the_full_path_which_writes_it_again(
    copy: tuple[Path, Path], damage: str
) -> None:
    corpus, store = copy
    path = _generation(store) / unchanged.INDEX
    index = json.loads(path.read_text("utf-8"))
    if damage == "missing":  # a store written before the index, or by another version
        path.unlink()
    elif damage == "garbage":
        path.write_bytes(b"\x00\xff{not json")
    elif damage == "not a dict":
        path.write_text("[]", encoding="utf-8")
    else:
        del index["files"]
        path.write_text(json.dumps(index), encoding="utf-8")
    assert _check(corpus, store) is None
    _ingest(corpus, store)  # nothing to ingest: the full path writes the index again
    assert _check(corpus, store) == len(PAGES)


def test_a_documents_table_changed_since_the_index_takes_the_full_path(
    copy: tuple[Path, Path],
) -> None:
    corpus, store = copy
    table = _generation(store) / "documents.parquet"
    st_table = table.stat()
    os.utime(table, ns=(st_table.st_atime_ns, st_table.st_mtime_ns + 1))
    assert _check(corpus, store) is None


def test_a_missing_table_takes_the_full_path(copy: tuple[Path, Path]) -> None:
    corpus, store = copy
    (_generation(store) / "metrics.parquet").unlink()
    assert _check(corpus, store) is None
    result = run("ingest", str(corpus), "--store", str(store), "-q")
    assert result.exit_code == 1
    assert "metrics.parquet is missing" in result.output


def test_another_ingest_holding_the_lock_takes_the_full_path(copy: tuple[Path, Path]) -> None:
    corpus, store = copy
    with Lock(store):
        assert _check(corpus, store) is None
    assert _check(corpus, store) == len(PAGES)


def test_a_killed_ingests_leftovers_take_the_full_path(copy: tuple[Path, Path]) -> None:
    corpus, store = copy
    (store / ".gen-0123456789ab.tmp").mkdir()
    assert _check(corpus, store) is None
    _ingest(corpus, store)  # clears them
    assert _check(corpus, store) == len(PAGES)


def test_a_store_made_by_extract_has_its_index(copy: tuple[Path, Path]) -> None:
    corpus, store = copy
    before = _generation(store)
    result = run("extract", "--store", str(store))
    assert result.exit_code == 0, result.output
    assert _generation(store) != before
    assert _check(corpus, store) == len(PAGES)


@pytest.mark.parametrize(
    "entry",
    ["picture.png", "link.txt", "fifo.txt", "no such path"],
)
def test_an_entry_ingest_would_skip_or_report_takes_the_full_path(
    copy: tuple[Path, Path], entry: str
) -> None:
    corpus, store = copy
    paths = [corpus]
    if entry == "picture.png":
        (corpus / entry).write_bytes(b"\x89PNG\r\n")
    elif entry == "link.txt":
        (corpus / entry).symlink_to(corpus / "a.txt")
    elif entry == "fifo.txt":
        os.mkfifo(corpus / entry)
    else:
        paths.append(corpus / entry)
    assert unchanged.check(paths, store, {}) is None


def test_a_stored_file_ingest_would_now_skip_takes_the_full_path(tmp_path: Path) -> None:
    # data.bin was stored through a link named .txt; named itself, it is not a text file
    # type, which the full path reports (exit 1) though the index holds its path and stat.
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    (elsewhere / "data.bin").write_text(PAGES["a.txt"], encoding="utf-8")
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "data.txt").symlink_to(elsewhere / "data.bin")
    store = tmp_path / "store"
    _ingest(corpus, store)
    assert unchanged.check([elsewhere], store, {}) is None
    result = run("ingest", str(elsewhere), "--store", str(store), "-q")
    assert result.exit_code == 1
    assert "not a text file type" in result.output


def test_a_link_is_left_to_the_full_path(tmp_path: Path) -> None:
    corpus = _write_corpus(tmp_path / "corpus")
    assert unchanged._scan([corpus], tmp_path / "store") is not None
    (corpus / "link.txt").symlink_to(corpus / "a.txt")
    assert unchanged._scan([corpus], tmp_path / "store") is None


def test_no_store_takes_the_full_path(built: tuple[Path, Path], tmp_path: Path) -> None:
    assert _check(built[0], tmp_path / "empty") is None


# --- the walk and the options, against what they stand for ----------------------------------


def test_the_suffixes_are_decodes() -> None:
    assert unchanged.TEXT_SUFFIXES == decode.TEXT_SUFFIXES


@given(st.text(alphabet="ab.TXtxmdhl", min_size=1, max_size=8).filter(lambda n: n.strip(".")))
def test_a_name_is_a_candidate_as_decode_says(name: str) -> None:
    """(Any file name: "." and ".." name folders.)"""
    assert unchanged._candidate(name) == decode.is_candidate(Path(name))


def test_the_walk_lists_what_read_corpus_lists(tmp_path: Path) -> None:
    corpus = _write_corpus(tmp_path / "corpus")
    (corpus / "deep" / "er").mkdir(parents=True)
    (corpus / "deep" / "er" / "x.html").write_text("<p>网页</p>", encoding="utf-8")
    (corpus / "deep" / "NOSUFFIX").write_text("纯文本", encoding="utf-8")
    (corpus / ".hidden").mkdir()
    (corpus / ".hidden" / "y.txt").write_text("藏", encoding="utf-8")
    (corpus / "store" / "gen-000001").mkdir(parents=True)  # a store inside the corpus
    (corpus / "store" / "gen-000001" / "z.txt").write_text("库", encoding="utf-8")
    (tmp_path / "linked").mkdir()
    (tmp_path / "linked" / "w.txt").write_text("链接", encoding="utf-8")
    (corpus / "folder-link").symlink_to(tmp_path / "linked", target_is_directory=True)
    store = corpus / "store"
    for paths in (
        [corpus],
        [corpus, corpus / "sub"],  # overlapping
        [corpus / "a.txt", corpus / "deep"],  # a file on its own
        [corpus / ".hidden"],  # a hidden folder named: read
        [corpus / "folder-link"],  # a linked folder named: read through the link
    ):
        jobs, skipped = read_corpus(paths, store)
        assert not skipped
        scanned = unchanged._scan(paths, store)
        assert scanned is not None
        assert scanned[0] == {j.path: [j.size, j.mtime_ns] for j in jobs}, paths


@pytest.mark.parametrize(
    ("argv", "expected"),
    [
        (["ingest", "c", "--store", "s", "-q"], (["c"], {"--store": "s"}, True)),
        (["ingest", "--store=s", "c", "d", "--workers", "2"],
         (["c", "d"], {"--store": "s", "--workers": "2"}, False)),
        (["ingest", "--store", "a", "--store", "b", "--", "-c"], (["-c"], {"--store": "b"}, False)),
        (["ingest", "c", "--rules", "r.toml", "--no-tokens", "--wait"],
         (["c"], {"--rules": "r.toml"}, False)),
        (["ingest", "c", "--force"], None),
        (["ingest", "c", "--attribution", "a.toml"], None),
        (["ingest", "c", "--encoding", "gbk"], None),
        (["ingest", "c", "--executor", "dask"], None),
        (["ingest", "c", "--workers", "many"], None),
        (["ingest", "c", "--store"], None),
        (["ingest", "c", "-qh"], None),
        (["ingest", "--help"], None),
        (["ingest"], None),
        (["--debug", "ingest", "c"], None),
        (["metrics", "c"], None),
        ([], None),
    ],
)  # fmt: skip
def test_only_the_options_read_here_are_answered_here(
    argv: list[str], expected: tuple[list[str], dict[str, str], bool] | None
) -> None:
    parsed = parse_ingest(argv)
    if expected is None:
        assert parsed is None
    else:
        assert parsed == ([Path(p) for p in expected[0]], expected[1], expected[2])


def test_the_options_read_here_are_the_ingest_commands() -> None:
    import typer.main

    from speeches import __main__ as entry
    from speeches.cli import app

    group = typer.main.get_command(app)
    command = group.commands["ingest"]  # type: ignore[attr-defined]
    names = {
        (name, getattr(param, "is_flag", False))
        for param in command.params
        for name in [*param.opts, *param.secondary_opts]
    }
    assert {(n, True) for n in entry._FLAGS} | {(n, False) for n in entry._VALUED} <= names
