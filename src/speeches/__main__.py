"""The `speeches` command (and `python -m speeches`): the typer app of `speeches.cli`, after
one quick look for an ingest with nothing to do.

`speeches ingest PATHS` on a store that holds every file unchanged is answered here, from the
generation's file index (`write.unchanged`), before typer, rich, pyarrow or the rules are
imported: the same summary and exit code, without their start-up. Only the options
below are understood here; any other option, any doubt of `unchanged.check`, and every other
command go to the typer app, which decides as before. An ingest read here into a new store
with more than one worker starts the pool's fork server before the app is imported
(`server_modules`), so that the server's start-up overlaps the CLI's; its process then
never imports numpy or pandas (`speeches.write.lean`).
"""

from __future__ import annotations

import atexit
import gc
import os
import sys
import time
from pathlib import Path

# The ingest options read here, and whether each takes a value (tests/test_reingest_fast.py
# checks them against the typer command). Others (--force, --attribution, --encoding,
# --executor, ...) could make the run do work, or fail, and go to the app.
_FLAGS = frozenset({"--quiet", "-q", "--wait", "--tokens", "--no-tokens"})
_VALUED = frozenset({"--store", "--workers", "--rules", "--speakers", "--subjects"})
_FILES = {"--rules": "rules", "--speakers": "speakers", "--subjects": "subjects"}


def parse_ingest(argv: list[str]) -> tuple[list[Path], dict[str, str], bool] | None:
    """(paths, {option: value}, quiet) of `ingest ...` in `argv` as click would read it, or
    None when it is another command or holds an option not read here."""
    if not argv or argv[0] != "ingest" or "_SPEECHES_COMPLETE" in os.environ:
        return None
    paths: list[Path] = []
    values: dict[str, str] = {}
    quiet = False
    args = iter(argv[1:])
    options_end = False
    for arg in args:
        if options_end or arg == "-" or not arg.startswith("-"):
            if not arg:
                return None
            paths.append(Path(arg))
        elif arg == "--":
            options_end = True
        elif arg in _FLAGS:
            quiet = quiet or arg in ("--quiet", "-q")
        else:
            name, eq, value = arg.partition("=")
            if name not in _VALUED:
                return None
            if not eq:
                following = next(args, None)
                if following is None:
                    return None
                value = following
            values[name] = value  # the last one wins, as in click
    if not paths:
        return None
    if "--workers" in values:
        try:
            int(values["--workers"])
        except ValueError:
            return None  # a usage error: typer reports it
    return paths, values, quiet


def quick_ingest(argv: list[str]) -> bool:
    """Answer `argv` here if it is an ingest with nothing to do; False: it was not."""
    t0 = time.perf_counter()
    parsed = parse_ingest(argv)
    if parsed is None:
        return False
    paths, values, quiet = parsed
    from speeches.write import unchanged

    if "--store" in values:
        store = Path(values["--store"])
    else:  # (config imports dataclasses: a sixth of this path's time, when --store is given)
        from speeches.config import PROCESSED_DIR

        store = PROCESSED_DIR
    given = {kind: Path(values[option]) for option, kind in _FILES.items() if option in values}
    n = unchanged.check(paths, store, given)
    if n is None:
        return False
    if not quiet:
        from speeches import display

        display.ingest_summary(_Unchanged(store, n, time.perf_counter() - t0))
    return True


class _Unchanged:
    """What `display.ingest_summary` reads of a pipeline.IngestResult, for a run that found
    `unchanged` files and stored none."""

    def __init__(self, store: Path, unchanged: int, seconds: float):
        self.store = store
        self.unchanged = unchanged
        self.seconds = seconds
        self.stored = 0
        self.n_bytes = 0
        self.duplicates: list[object] = []
        self.failed: list[object] = []
        self.ignored: list[object] = []
        self.tables: dict[str, int] = {}


def server_modules(argv: list[str]) -> tuple[str, ...] | None:
    """The modules the local pool's fork server is to import, if `argv` is an ingest read here
    into a new store (no live generation: every file is to be ingested) with more than one
    worker; else None. `main` then starts the server at once: it imports the stages and
    builds the workers' state while this process imports the CLI and the pipeline, and plans
    (into an existing store, `pipeline.run` starts it once the plan has files to ingest)."""
    parsed = parse_ingest(argv)
    if parsed is None:
        return None
    paths, values, _ = parsed
    from speeches.config import PROCESSED_DIR

    store = Path(values.get("--store", PROCESSED_DIR))
    workers = int(values.get("--workers", 0)) or os.cpu_count() or 1
    if (
        workers <= 1
        or not all(p.exists() for p in paths)
        or (store / "current").exists()  # the two layouts of store.current_dir
        or (store / "manifest.json").exists()
    ):
        return None
    from speeches import write

    return write.server_modules(not any(option in values for option in _FILES))


def main() -> None:
    # At exit the interpreter collects every object it still holds (pyarrow's, pandas', the
    # rules') before it tears the modules down, after the command's work is done (README,
    # Performance, has the figures). Frozen first, they are left to the teardown, which frees
    # them anyway.
    atexit.register(gc.freeze)
    try:
        if quick_ingest(sys.argv[1:]):
            return
        if parse_ingest(sys.argv[1:]) is not None:
            # An ingest's main process plans and writes: pyarrow without numpy (its own
            # import of numpy costs twice its own), and never pandas, as in the workers.
            from speeches.write import lean  # noqa: F401 -- imported for its import guard
        modules = server_modules(sys.argv[1:])
        if modules is not None:
            from speeches.write import executors

            executors.start_server(modules)
    except KeyboardInterrupt:
        from speeches import display

        display.error("interrupted; the store is as it was before this run")
        sys.exit(130)
    from speeches.cli import main as cli_main

    cli_main()


if __name__ == "__main__":
    main()
