"""Every command has help with an example and appears in the README."""

from __future__ import annotations

import pytest
from typer.main import get_command
from typer.testing import CliRunner

from conftest import REPO
from speeches.cli import app

COMMANDS = sorted(get_command(app).commands)  # type: ignore[attr-defined]


def test_there_are_commands() -> None:
    assert {"ingest", "metrics", "report", "speakers", "kwic", "keywords", "extract", "show"} <= set(COMMANDS)


@pytest.mark.parametrize("command", COMMANDS)
def test_command_has_help_with_example(command: str) -> None:
    result = CliRunner().invoke(app, [command, "--help"])
    assert result.exit_code == 0
    assert "Example:" in result.stdout


@pytest.mark.parametrize("command", COMMANDS)
def test_command_is_in_readme(command: str) -> None:
    assert f"speeches {command}" in (REPO / "README.md").read_text(encoding="utf-8")


def test_readme_opens_with_the_two_commands() -> None:
    head = (REPO / "README.md").read_text(encoding="utf-8").split("\n")[:6]
    assert any(line.startswith("make demo") for line in head)
    assert any(line.startswith("make test") for line in head)
