"""Compiles the pipeline's hot modules with mypyc; everything else is in pyproject.toml.

mypyc turns the type-annotated modules into C extensions: `speeches ingest` takes about an eighth
less CPU (README, Performance). The modules stay plain Python in the repository, and a module
that fails to import compiled is never half there: either every module below is compiled or none.

SPEECHES_PURE=1 installs them as plain Python (no C compiler needed, nothing to rebuild after an
edit); a build whose compiler fails falls back to that with a warning.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

from setuptools import setup
from setuptools.command.build_ext import build_ext

# The stages' modules that run on every line or sentence of every page. Not compiled: the
# modules that run once per file or per run.
COMPILED = [
    "src/speeches/numbers.py",
    "src/speeches/rules/names.py",
    "src/speeches/rules/speakers.py",
    "src/speeches/rules/subjects.py",
    "src/speeches/stages/about.py",
    "src/speeches/stages/extract.py",
    "src/speeches/stages/furniture.py",
    "src/speeches/stages/metadata.py",
    "src/speeches/stages/normalize.py",
    "src/speeches/stages/sections.py",
    "src/speeches/stages/segment.py",
    "src/speeches/text/lookahead.py",
    "src/speeches/text/periods.py",
    "src/speeches/text/safe.py",
    "src/speeches/text/sentences.py",
]


class BuildExt(build_ext):
    """build_ext that leaves a pure-Python install, with a warning, when the compiler fails."""

    def run(self) -> None:
        try:
            super().run()
        except Exception as e:  # no compiler, no Python headers: the plain modules still work
            for path in self.get_outputs():
                Path(path).unlink(missing_ok=True)
            print(f"warning: speeches: compiling with mypyc failed ({e}); "
                  "installed as plain Python", file=sys.stderr)


def extensions() -> list:
    if os.environ.get("SPEECHES_PURE"):
        return []
    from mypyc.build import mypycify

    # --ignore-missing-imports: the build environment holds setuptools and mypy only.
    return mypycify(["--ignore-missing-imports", *COMPILED], opt_level="3", separate=True)


setup(ext_modules=extensions(), cmdclass={"build_ext": BuildExt},
      options={"build_ext": {"parallel": os.cpu_count() or 1}})
