"""What the mypyc build (setup.py) must not change, and that it builds all or nothing.

The modules setup.py lists run compiled when `make install` built them; these tests hold in
both builds, and check the places where compiled code could read differently from the source.
"""

from __future__ import annotations

import doctest
import importlib
import importlib.machinery
import os
import re
from pathlib import Path

import pytest

from conftest import REPO, pure, stale_extensions
from speeches.rules.speakers import Registry, Speaker


def _listed() -> list[str]:
    """The modules setup.py compiles, as dotted names."""
    paths = re.findall(r'^    "src/(speeches/.*)\.py",$', (REPO / "setup.py").read_text(), re.M)
    return [p.replace("/", ".") for p in paths]


def _compiled(name: str) -> bool:
    origin = importlib.import_module(name).__file__ or ""
    return origin.endswith(tuple(importlib.machinery.EXTENSION_SUFFIXES))


def test_every_listed_module_is_compiled_or_none_is() -> None:
    listed = _listed()
    assert len(listed) >= 10 and all((REPO / "src" / f"{n.replace('.', '/')}.py").exists() for n in listed)
    assert len({_compiled(n) for n in listed}) == 1  # a half-built install mixes two worlds


def test_a_stale_extension_is_found(tmp_path: Path) -> None:
    package = tmp_path / "pkg"
    package.mkdir()
    ext = package / f"mod{importlib.machinery.EXTENSION_SUFFIXES[0]}"
    source = package / "mod.py"
    ext.write_bytes(b"")
    source.write_text("x = 1\n")
    os.utime(ext, (1_000_000, 1_000_000))
    assert stale_extensions(tmp_path) == ["pkg/mod.py"]
    os.utime(ext, (2_000_000_000, 2_000_000_000))
    assert stale_extensions(tmp_path) == []


def test_merging_a_speaker_keeps_each_alias_once() -> None:
    """An alias repeated in the entry merged in is added once: the loop sees what it added
    (compiled, a generator inside extend() would be read whole first)."""
    registry = Registry([Speaker("马化腾", english=["Pony Ma"])])
    registry.add(Speaker("马化腾", english=["Ma Huateng", "Ma Huateng", "Pony Ma"]))
    assert registry.people["马化腾"].english == ["Pony Ma", "Ma Huateng"]


def test_a_registry_looks_names_up_after_it_is_built() -> None:
    registry = Registry([Speaker("马化腾", traditional="馬化騰", english=["Pony Ma"])])
    assert registry.resolve("pony ma") == registry.resolve("馬化騰") == "马化腾"
    assert registry.resolve("汤道生") is None


@pytest.mark.parametrize("module", _listed())
def test_the_docstring_examples_hold_for_the_module_as_installed(module: str) -> None:
    """pytest's doctest collection finds no docstring in a compiled module: the examples are
    read from the source (a plain copy) and run against the module as installed."""
    found = doctest.DocTestFinder().find(pure(module))
    runner = doctest.DocTestRunner(optionflags=doctest.ELLIPSIS)
    installed = vars(importlib.import_module(module))
    for test in found:
        test.globs = dict(installed)
        runner.run(test)
    assert runner.summarize(verbose=False).failed == 0
