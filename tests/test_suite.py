"""The suite runs whole from a fresh clone: doctests collected, slow tests marked, no test
reaching for the shared folder beside the repository except through conftest."""

from __future__ import annotations

import re

import pytest

from conftest import REPO


def test_doctests_of_the_package_are_collected(pytestconfig: pytest.Config) -> None:
    assert pytestconfig.getoption("doctestmodules")
    assert "src/speeches" in pytestconfig.getini("testpaths")


def test_slow_marker_is_registered_and_make_test_fast_leaves_it_out(
    pytestconfig: pytest.Config,
) -> None:
    assert any(line.startswith("slow:") for line in pytestconfig.getini("markers"))
    makefile = (REPO / "Makefile").read_text(encoding="utf-8")
    assert re.search(r'^test-fast:.*\n\t.*pytest -m "not slow"$', makefile, re.M)
    assert re.search(r"^test:.*\n\t\S*python -m pytest$", makefile, re.M)  # CI runs it all


def test_only_conftest_reaches_for_the_shared_folder() -> None:
    # A path built to ../shared skips in a fresh clone: tests read the copies in tests/shared.
    to_shared = re.compile(r"""(\.parent|\.parents\[\d\])\s*/\s*["']shared["']""")
    offenders = [
        path.name
        for path in sorted((REPO / "tests").glob("*.py"))
        if path.name != "conftest.py" and to_shared.search(path.read_text(encoding="utf-8"))
    ]
    assert offenders == []
