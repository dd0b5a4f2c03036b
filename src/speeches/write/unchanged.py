"""An ingest with nothing to do, recognised without the pipeline: each generation's file index.

Every generation an ingest or `extract` publishes gets `files.json` beside its tables (written
under the store lock once the generation is live, `write_index`): the absolute path, size and
mtime of each stored document's file, the content hash of each rule or registry file the store
remembers (`store.remembered`), the version that wrote it, and the size and mtime of the
documents table it was read from. It is a cache of the documents table; the parquet tables
stay the contract.

`check` answers "would `speeches ingest PATHS` find every file unchanged and do nothing?"
from that index and one walk of PATHS made the way `stages.ingest.read_corpus` makes it, with
no import of typer, pyarrow, the rules or the stages (`speeches.__main__` asks it before the
CLI loads; README, Performance: "A re-ingest with nothing to do"). It says yes only when it is
sure, and None for anything else, which sends the run down the full path to decide as
before: a file added, changed or removed, a link, a file the ingest would skip or report, a
`--rules`, `--speakers` or `--subjects` file unlike the store's copy, an index missing,
damaged, written by another version or older than the documents table, another ingest holding
the lock, the leftovers of a killed ingest, or a platform without `flock`.
"""

from __future__ import annotations

import contextlib
import json
import os
import stat
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

__all__ = ["INDEX", "TEXT_SUFFIXES", "check", "write_index"]

INDEX = "files.json"
# Part of every index: an index of another layout, or of another version of speeches (whose
# rules for which files are unchanged may differ), is not used.
_FORMAT = "speeches-files-1"
# The suffixes `stages.decode.is_candidate` reads (decode's own set; importing decode would
# import its HTML parser and charset detector, a third of the time this module saves).
# tests/test_reingest_fast.py checks that the two are equal.
TEXT_SUFFIXES = frozenset({".txt", ".md", ".html", ".htm"})


def _stamp(path: Path) -> list[int]:
    st = os.stat(path)
    return [st.st_size, st.st_mtime_ns, st.st_ino]


def _load(generation: Path) -> dict[str, Any] | None:
    """The generation's index, if it is one this version wrote for the tables as they are."""
    from speeches import __version__

    try:
        index = json.loads((generation / INDEX).read_bytes())
        if (
            isinstance(index, dict)
            and index.get("format") == _FORMAT
            and index.get("version") == __version__
            and index.get("documents") == _stamp(generation / "documents.parquet")
            and all((generation / name).is_file() for name in index["tables"])
            and isinstance(index.get("files"), dict)
            and isinstance(index.get("setup"), dict)
        ):
            return index
    except (OSError, ValueError, KeyError, TypeError):
        pass  # missing, damaged, or not ours
    return None


def write_index(
    store_dir: Path, rows: Iterable[dict[str, Any]] | None = None, *, if_missing: bool = False
) -> None:
    """Write the live generation's index (call under the store lock, once it is live) from
    `rows`, the documents table's abs_path, size and mtime_ns in its order (None: read from
    the table); with `if_missing`, only if it has no usable one. Never an error: without an
    index the next ingest takes the full path."""
    from speeches import __version__, store
    from speeches.errors import SpeechesError
    from speeches.store import remembered

    gen = store.current_dir(store_dir)
    if gen is None or (if_missing and _load(gen) is not None):
        return
    path = gen / INDEX
    tmp = path.with_name(f".{INDEX}.{os.getpid()}.tmp")
    try:
        documents = _stamp(gen / "documents.parquet")
        if rows is None:
            rows = store.documents_index(store_dir)
        index = {
            "format": _FORMAT,
            "version": __version__,
            "tables": [f"{name}.parquet" for name in store.TABLES],
            "documents": documents,
            "setup": {
                kind: {
                    "sha256": entry["sha256"],
                    "copy": remembered.copy_path(gen, kind).relative_to(gen).as_posix(),
                }
                for kind, entry in remembered.recorded(gen).items()
            },
            # As pipeline.plan reads the rows: keyed by path, the last row of a path wins.
            "files": {
                row["abs_path"]: [row["size"], row["mtime_ns"]]
                for row in rows
                if row["abs_path"] is not None
            },
        }
        tmp.write_text(json.dumps(index), "ascii")  # a name's undecodable bytes: \udcXX
        os.replace(tmp, path)  # a reader sees the whole index or none
    except (OSError, ValueError, SpeechesError):
        pass
    finally:
        with contextlib.suppress(OSError):
            tmp.unlink()


@contextlib.contextmanager
def _lock_free(store_dir: Path) -> Iterator[bool]:
    """Hold the store's lock (the flock `store.Lock` takes through filelock) if it is free;
    yield False when another process holds it or it cannot be taken here."""
    try:
        import fcntl
    except ImportError:  # no flock (Windows): the full path locks with LockFileEx
        yield False
        return
    try:
        fd = os.open(Path(store_dir) / ".lock", os.O_RDONLY)
    except OSError:
        yield False
        return
    try:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError:  # held (EWOULDBLOCK), or no flock on this file system
            yield False
            return
        yield True
    finally:
        os.close(fd)  # drops the lock


def _under(path: str, folder: str) -> bool:
    """Whether `path` is `folder` or inside it (both real paths), like Path.is_relative_to."""
    return path == folder or path.startswith(folder.rstrip(os.sep) + os.sep)


def _candidate(name: str) -> bool:
    """`decode.is_candidate` for a file name whose folders are already known not hidden."""
    if name.startswith("."):
        return False
    dot = name.rfind(".")  # Path(name).suffix, without making a Path of every file
    suffix = name[dot:].lower() if 0 < dot < len(name) - 1 else ""
    return suffix == "" or suffix in TEXT_SUFFIXES


def _scan(paths: Iterable[Path], store_dir: Path) -> tuple[dict[str, list[int]], list[str]] | None:
    """{real path: [size, mtime_ns]} of the files `read_corpus` would list under `paths`, and
    the real paths of the folders walked; None if it would skip or report any entry, or a
    file is a link (the full path sorts those out)."""
    stores = [os.path.realpath(store_dir), os.path.realpath("data/processed")]
    found: dict[str, list[int]] = {}
    folders: list[str] = []
    for given in paths:
        root = Path(given)
        try:
            mode = os.stat(root).st_mode
        except (OSError, ValueError):
            return None  # no such file or folder: the full path reports it
        if not stat.S_ISDIR(mode):  # one file, named
            name = root.name
            if not _candidate(name):
                return None
            try:
                name.encode("utf-8")
                st = os.lstat(root)
            except (OSError, UnicodeEncodeError):
                return None
            if not stat.S_ISREG(st.st_mode):  # a link, FIFO or device
                return None
            found[os.path.join(os.path.realpath(root.parent), name)] = [
                st.st_size,
                st.st_mtime_ns,
            ]
            continue
        folders.append(os.path.realpath(root))
        todo = [os.fspath(root)]
        while todo:
            here = todo.pop()
            real_here = os.path.realpath(here)
            if any(_under(real_here, s) for s in stores):
                continue  # the store's own folder: read_corpus leaves it out
            try:
                with os.scandir(here) as listing:
                    entries = list(listing)
            except OSError:
                return None  # an unreadable folder is reported
            for entry in entries:
                name = entry.name
                if name.startswith("."):
                    continue  # hidden: left out without a word
                try:
                    name.encode("utf-8")
                except UnicodeEncodeError:
                    return None  # reported as a name to fix
                try:
                    is_dir = entry.is_dir()  # through links, as os.walk decides
                except OSError:
                    is_dir = False
                if is_dir:
                    if not entry.is_symlink():  # os.walk lists a linked folder, never enters
                        todo.append(entry.path)
                    continue
                if not _candidate(name):
                    return None  # reported as not a text file type
                try:
                    st = entry.stat(follow_symlinks=False)
                except OSError:
                    return None
                if not stat.S_ISREG(st.st_mode):
                    return None  # a link (its lstat), FIFO or device
                found[os.path.join(real_here, name)] = [st.st_size, st.st_mtime_ns]
    return found, folders


def _same_setup(index: dict[str, Any], generation: Path, given: dict[str, Path]) -> bool:
    """Whether each rule or registry file given has the content of the store's copy (so
    `remembered.resolve` would find nothing changed)."""
    for kind, path in given.items():
        import hashlib

        entry = index["setup"].get(kind)
        if not isinstance(entry, dict) or not (generation / entry["copy"]).is_file():
            return False
        try:
            digest = hashlib.sha256(Path(path).read_bytes()).hexdigest()
        except OSError:
            return False
        if digest != entry["sha256"]:
            return False
    return True


def check(
    paths: Iterable[Path], store_dir: Path, given: dict[str, Path] | None = None
) -> int | None:
    """How many files `speeches ingest PATHS --store STORE_DIR` would find unchanged, when it
    would find every one unchanged and do nothing else; None when only the full path can say.

    `given`: the --rules, --speakers and --subjects files named ({"rules": path, ...}).
    """
    store_dir = Path(store_dir)
    link = store_dir / "current"
    with _lock_free(store_dir) as free:
        if not free or not link.is_symlink():  # locked, no store, or one kept without links
            return None
        generation = Path(os.path.realpath(link))
        index = _load(generation)
        if index is None:
            return None
        try:
            with os.scandir(store_dir) as listing:
                names = [entry.name for entry in listing]
        except OSError:
            return None
        if any(
            n.startswith(".current-") or (n.startswith(".gen-") and n.endswith(".tmp"))
            for n in names
        ):
            return None  # a killed ingest's leftovers: the full path clears them
        if not _same_setup(index, generation, given or {}):
            return None
        scanned = _scan(paths, store_dir)
        if scanned is None:
            return None
        found, folders = scanned
        if not found:
            return None  # no transcripts: the full path says so
        files: dict[str, Any] = index["files"]
        for path, seen in found.items():
            if files.get(path) != seen:
                return None  # added or changed
        for path in files:
            if path not in found and any(_under(path, f) for f in folders):
                return None  # removed (or left out by this walk): the full path decides
        return len(found)
