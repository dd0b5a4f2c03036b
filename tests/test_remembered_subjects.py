"""The store remembers the `--subjects` file of its ingest as it does `--speakers`: later
commands resolve the user's aliases without it, and a changed file finds the subjects again
without --force."""

from __future__ import annotations

import json
from pathlib import Path

from conftest import run

LARK = '[[subject]]\nname = "飞书"\naliases = ["Lark", "飛書"]\nkind = "product"\n'
LARK_AS_FEISHU = '[[subject]]\nname = "Feishu"\naliases = ["Lark"]\nkind = "product"\n'


def _ingest(raw: Path, store: Path, *extra: str) -> None:
    result = run("ingest", str(raw), "--store", str(store), "--workers", "1", "-q", *extra)
    assert result.exit_code == 0, result.output


def _subjects(store: Path, *extra: str) -> list[str | None]:
    result = run("metrics", "--store", str(store), "--format", "json", *extra)
    assert result.exit_code == 0, result.output
    return [r["subject"] for r in json.loads(result.output)]


def test_the_subjects_file_is_remembered_by_later_commands(tmp_path: Path) -> None:
    raw = tmp_path / "raw"
    raw.mkdir()
    (raw / "lark.txt").write_text("据介绍，Lark的月活跃用户已超过1000万。\n", encoding="utf-8")
    store = tmp_path / "store"
    user = tmp_path / "subjects.toml"
    user.write_text(LARK, encoding="utf-8")
    _ingest(raw, store, "--subjects", str(user))
    manifest = json.loads((store / "current" / "manifest.json").read_text("utf-8"))
    assert manifest["setup"]["subjects"]["path"] == str(user.resolve())
    user.unlink()  # the store keeps its own copy
    # metrics and claims resolve the user's alias without being given the file
    assert _subjects(store, "--subject", "飛書") == ["飞书"]
    claims = run("claims", "--subject", "Lark", "--store", str(store), "--format", "json")
    assert claims.exit_code == 0, claims.output
    assert [c["subject"] for c in json.loads(claims.output)] == ["飞书"]
    # extract and the next ingest keep using it
    assert run("extract", "--store", str(store)).exit_code == 0
    assert _subjects(store) == ["飞书"]
    (raw / "more.txt").write_text("Lark的企业用户已超过5万家。Lark用户超过200万。\n", "utf-8")
    _ingest(raw, store)
    assert set(_subjects(store)) == {"飞书"}


def test_a_changed_subjects_file_finds_subjects_again_without_force(tmp_path: Path) -> None:
    raw = tmp_path / "raw"
    raw.mkdir()
    (raw / "lark.txt").write_text("据介绍，Lark的月活跃用户已超过1000万。\n", encoding="utf-8")
    store = tmp_path / "store"
    _ingest(raw, store)
    assert _subjects(store) == ["Lark"]
    # must-not: a store never given a file knows no user alias
    assert run("metrics", "--subject", "飛書", "--store", str(store)).exit_code == 1
    user = tmp_path / "subjects.toml"
    user.write_text(LARK, encoding="utf-8")
    _ingest(raw, store, "--subjects", str(user))  # nothing else changed, no --force
    assert _subjects(store) == ["飞书"]
    # (another path: a process caches what it read from a path, and these runs share one)
    renamed = tmp_path / "subjects-v2.toml"
    renamed.write_text(LARK_AS_FEISHU, encoding="utf-8")
    _ingest(raw, store, "--subjects", str(renamed))
    assert _subjects(store) == ["Feishu"]
