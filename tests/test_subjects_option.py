"""`--subjects FILE`: a user's subject registry read over the shipped one by ingest and extract
(and by metrics/claims to resolve --subject), checked with a one-line error naming the file."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from conftest import run

USER_FILE = """
[[subject]]
name = "飞书"
aliases = ["Lark", "飛書"]
kind = "product"
"""


@pytest.fixture
def corpus(tmp_path: Path) -> Path:
    folder = tmp_path / "raw"
    folder.mkdir()
    (folder / "lark.txt").write_text("据介绍，Lark的月活跃用户已超过1000万。\n", encoding="utf-8")
    return folder


def subjects_in(store: Path, *extra: str) -> list[str | None]:
    result = run("metrics", "--store", str(store), "--format", "json", *extra)
    assert result.exit_code == 0, result.output
    return [r["subject"] for r in json.loads(result.output)]


def test_ingest_and_extract_read_the_users_registry(corpus: Path, tmp_path: Path) -> None:
    store = tmp_path / "store"
    user = tmp_path / "subjects.toml"
    user.write_text(USER_FILE, encoding="utf-8")
    assert run("ingest", str(corpus), "--store", str(store), "--workers", "1", "-q").exit_code == 0
    assert subjects_in(store) == ["Lark"]  # without the file: the name the text gives
    result = run("ingest", str(corpus), "--store", str(store), "--workers", "1", "-q", "--force",
                 "--subjects", str(user))
    assert result.exit_code == 0, result.output
    assert subjects_in(store) == ["飞书"]
    # any alias of the user's entry selects the same rows
    assert subjects_in(store, "--subject", "Lark", "--subjects", str(user)) == ["飞书"]
    assert subjects_in(store, "--subject", "飛書", "--subjects", str(user)) == ["飞书"]
    # extract without the file uses the one the store remembers from the ingest
    assert run("extract", "--store", str(store)).exit_code == 0
    assert subjects_in(store) == ["飞书"]


@pytest.mark.parametrize(("content", "says"), [
    ("[[subject]]\nname = 3\n", "name"),
    ("[[subject]]\nname = \"飞书\"\naliases = \"Lark\"\n", "aliases"),
    ("[[subject]]\nname = \"飞书\"\nkind = \"app\"\n", "kind"),
    ("[[subject]\n", "TOML"),
])
def test_a_bad_file_is_one_line_naming_it(corpus: Path, tmp_path: Path, content: str,
                                          says: str) -> None:
    bad = tmp_path / "bad-subjects.toml"
    bad.write_text(content, encoding="utf-8")
    for args in (["ingest", str(corpus), "--store", str(tmp_path / "s"), "--workers", "1", "-q"],
                 ["extract", "--store", str(tmp_path / "s")]):
        result = run(*args, "--subjects", str(bad))
        assert result.exit_code == 1
        message = result.output.strip()
        assert message.startswith("Error:") and "\n" not in message, message
        assert "bad-subjects.toml" in message and says.lower() in message.lower(), message
    assert not (tmp_path / "s").exists() or not any((tmp_path / "s").glob("gen-*"))
