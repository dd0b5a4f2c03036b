"""Imported first by the local pool's fork server (`speeches.write.PRELOAD`), before anything
imports pyarrow: makes `import numpy` and `import pandas` fail in the server, and so in every
worker it forks.

pyarrow imports numpy with its own first import when numpy is installed (0.08 CPU s, twice
what pyarrow itself costs), only to offer conversions from and to numpy arrays; it takes the
failed import for "no numpy" and goes on. The server and its workers build their tables
from Python lists and never use numpy or pandas (`executors.NoPandas` does the same for
pandas in a worker that was not forked from this server). Only the server imports this
module: a process that reads a store (DuckDB, pandas) never does.
"""

from __future__ import annotations

import importlib.abc
import importlib.machinery
import sys

# Top-level packages the server and its workers must not import.
LEFT_OUT = frozenset({"numpy", "pandas"})


class LeaveOut(importlib.abc.MetaPathFinder):
    """Makes importing any of `names` (or a submodule) fail; every other import goes on."""

    def __init__(self, names: frozenset[str] = LEFT_OUT):
        self.names = names

    def find_spec(
        self, fullname: str, path: object = None, target: object = None
    ) -> importlib.machinery.ModuleSpec | None:
        if fullname.partition(".")[0] in self.names:
            raise ModuleNotFoundError(
                f"{fullname} is not imported by ingest workers", name=fullname
            )
        return None


def install() -> None:
    """Put a `LeaveOut` first on the import path, unless one of its modules is imported."""
    if not any(name in sys.modules for name in LEFT_OUT) and not any(
        isinstance(finder, LeaveOut) for finder in sys.meta_path
    ):
        sys.meta_path.insert(0, LeaveOut())


install()
