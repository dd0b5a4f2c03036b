"""The command's exit: what it leaves for the interpreter to do after the work is done."""

from __future__ import annotations

import gc
import sys

import pytest

from speeches import __main__ as entry


def test_the_command_freezes_its_objects_before_the_interpreter_exits(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    registered: list[object] = []
    monkeypatch.setattr(entry.atexit, "register", registered.append)
    monkeypatch.setattr(sys, "argv", ["speeches", "--version"])
    with pytest.raises(SystemExit) as done:
        entry.main()
    assert done.value.code in (0, None)
    assert registered == [gc.freeze]  # the final collection then walks nothing

