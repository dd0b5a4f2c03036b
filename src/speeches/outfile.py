"""Writing a command's output to the file named by --output, without losing what is there.

- `-` is standard output.
- A FIFO, a terminal, a device or a socket is written in place: renaming a new file over it
  would delete it (and the reader waiting on it would never get the text).
- A symbolic link is followed: its target gets the text and the link stays a link.
- A regular file (or a new one) gets the text whole or not at all: the text goes to a
  temporary file beside it, renamed over it once complete. The new file's permissions are
  0666 less the umask, as any program creating a file gives; a file owned by another user is
  written in place instead, so it keeps its owner (we never take it over).
"""

from __future__ import annotations

import contextlib
import os
import stat
import sys
import tempfile
from pathlib import Path

from speeches.errors import SpeechesError

__all__ = ["write_output"]


def _umask() -> int:
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


def write_output(path: Path | str, text: str) -> None:
    """Write `text` (UTF-8) to `path` as described in the module docstring."""
    if str(path) == "-":
        sys.stdout.write(text)
        sys.stdout.flush()
        return
    path = Path(path)
    try:
        st: os.stat_result | None = os.stat(path)  # what a link points to
    except FileNotFoundError:
        st = None
    except OSError as e:
        raise SpeechesError(f"{path}: cannot write ({e.strerror or e})") from e
    if st is not None and stat.S_ISDIR(st.st_mode):
        raise SpeechesError(f"{path} is a folder: give a file name")
    try:
        if st is not None and not stat.S_ISREG(st.st_mode):
            # Opened through the link, if any: /dev/stdout -> /proc/self/fd/1 -> a pipe.
            _write_in_place(path, text, truncate=False)
        elif st is not None and hasattr(os, "getuid") and st.st_uid != os.getuid():
            _write_in_place(path, text, truncate=True)
        else:
            # The link's target is replaced, never the link (a dangling link's is created).
            _write_replacing(path.resolve() if path.is_symlink() else path, text)
    except OSError as e:
        raise SpeechesError(f"{path}: cannot write ({e.strerror or e})") from e


def _write_in_place(path: Path, text: str, truncate: bool) -> None:
    flags = os.O_WRONLY | (os.O_TRUNC if truncate else 0)
    fd = os.open(path, flags)
    with os.fdopen(fd, "w", encoding="utf-8") as fh:
        fh.write(text)


def _write_replacing(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            fh.write(text)
            fh.flush()
            with contextlib.suppress(OSError, AttributeError):  # no fchmod on Windows
                os.fchmod(fh.fileno(), 0o666 & ~_umask())
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise
