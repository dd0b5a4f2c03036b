"""Before the stages: find the input files and read each into a Document (decode, id)."""

from __future__ import annotations

import hashlib
import os
import stat
from collections.abc import Iterable
from pathlib import Path

from speeches.errors import NoCorpus
from speeches.models import Document, FileJob, Skipped
from speeches.stages.decode import (
    HTML_SUFFIXES,
    decode_bytes,
    html_to_text,
    is_candidate,
    meta_charset,
)


def printable(path: str) -> str:
    """`path` as text that prints anywhere: bytes of a non-UTF-8 file name as \\xNN."""
    return path.encode("utf-8", "surrogateescape").decode("utf-8", "backslashreplace")


def _kind(mode: int) -> str:
    for test, name in (
        (stat.S_ISFIFO, "a FIFO"),
        (stat.S_ISCHR, "a character device"),
        (stat.S_ISBLK, "a block device"),
        (stat.S_ISSOCK, "a socket"),
        (stat.S_ISDIR, "a folder"),
    ):
        if test(mode):
            return name
    return "not a regular file"


def _ignored(path: Path, stores: list[Path]) -> bool:
    resolved = path.resolve()
    return any(resolved.is_relative_to(s) for s in stores)


def read_corpus(
    paths: Iterable[Path], store: Path | None = None
) -> tuple[list[FileJob], list[Skipped]]:
    """Every candidate text file under `paths`, recursively, hidden files and the store's own
    folder left out; files of other types are reported as skipped."""
    stores = [Path(store).resolve()] if store is not None else []
    stores.append(Path("data/processed").resolve())
    jobs: list[FileJob] = []
    skipped: list[Skipped] = []
    seen: set[str] = set()

    def unreadable(e: OSError) -> None:  # a subfolder os.walk cannot list
        where = printable(str(e.filename))
        skipped.append(Skipped(where, f"cannot read folder ({e.strerror or e})"))

    for root in paths:
        root = Path(root)
        if not root.exists():
            raise NoCorpus(f"{root}: no such file or folder")
        # (path, path relative to the folder given, real path of its folder): a path is
        # resolved once per folder, and a file on its own only when it is a link.
        candidates: list[tuple[Path, str, str]] = []
        if not root.is_dir():  # a file (or a FIFO or device, refused below)
            candidates.append((root, root.name, str(root.parent.resolve())))
            base = root.parent
        else:
            base = root
            for dirpath, dirnames, filenames in os.walk(root, onerror=unreadable):
                dirnames[:] = sorted(d for d in dirnames if not d.startswith("."))
                here = Path(dirpath)
                if _ignored(here, stores):
                    dirnames[:] = []
                    continue
                real_here = str(here.resolve())
                for name in sorted(filenames):
                    if name.startswith("."):
                        continue
                    full = here / name
                    candidates.append((full, full.relative_to(root).as_posix(), real_here))
        for full, rel, real_dir in candidates:
            if not is_candidate(full, base):
                skipped.append(
                    Skipped(printable(str(full)), "not a text file type (.txt, .md, .html, .htm)")
                )
                continue
            try:
                rel.encode("utf-8")
            except UnicodeEncodeError:
                skipped.append(
                    Skipped(printable(str(full)), "file name is not valid UTF-8; rename it")
                )
                continue
            try:
                st = full.lstat()
                if stat.S_ISLNK(st.st_mode):
                    key = os.path.realpath(full, strict=True)
                    st = os.stat(key)
                else:
                    key = os.path.join(real_dir, full.name)
            except OSError as e:
                skipped.append(Skipped(str(full), f"cannot read ({e.strerror or e})"))
                continue
            if not stat.S_ISREG(st.st_mode):
                # Only regular files: a FIFO would be waited on and /dev/zero read forever.
                skipped.append(Skipped(str(full), f"{_kind(st.st_mode)}, not a regular file"))
                continue
            if key in seen:
                continue
            seen.add(key)
            jobs.append(FileJob(key, rel, st.st_size, st.st_mtime_ns))
    return jobs, skipped


def content_id(data: bytes) -> str:
    """A document's id: a hash of its bytes."""
    return hashlib.blake2b(data, digest_size=8).hexdigest()


def load(job: FileJob, encoding: str | None = None) -> Document:
    """Read and decode one file (raises UndecodableFile / OSError)."""
    # Non-blocking open, then a check of what was opened: a file swapped for a FIFO or a
    # device since it was listed is refused, never waited on or read forever.
    fd = os.open(job.path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0))
    with open(fd, "rb") as fh:
        if not stat.S_ISREG(os.fstat(fd).st_mode):
            raise OSError(f"{_kind(os.fstat(fd).st_mode)}, not a regular file")
        data = fh.read()
    if Path(job.path).suffix.lower() in HTML_SUFFIXES:
        text, used = decode_bytes(data, encoding, declared=meta_charset(data))
        text = html_to_text(text)
    else:
        text, used = decode_bytes(data, encoding)
    return Document(source_path=job.source_path, raw=text, doc_id=content_id(data), encoding=used)
