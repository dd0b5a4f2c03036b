"""Tables every worker process derives from its dictionaries, built once per machine.

Each worker starts by loading jieba's dictionary and deriving a few tables from it and from
OpenCC (its word list, the words a name must not be, the characters only Traditional text
uses). Read back, they cost a worker a fraction of building them (README, Performance:
"Tables derived once per machine"). They are kept as marshal files in this user's private cache folder (`cache_dir`), named by a hash
of everything they are built from, so a new version of a dictionary or of this code makes new
files rather than using stale ones. A missing, damaged or unwritable file is never an error:
the table is built and, if possible, written for next time.

The folder is private (0700, owned by this user) because marshal data decides what the
tokenizer believes: a file another local user could plant would poison every ingest. The
folder is $SPEECHES_CACHE_DIR if set, else the user's cache folder (~/.cache/speeches,
$XDG_CACHE_HOME/speeches, ~/Library/Caches/speeches, %LOCALAPPDATA%\\speeches), else
speeches-UID in the temporary folder; a candidate that is not a folder of this user's only
is passed over, and with none the tables are built in memory each time.
"""

from __future__ import annotations

import contextlib
import hashlib
import marshal
import os
import stat
import sys
import tempfile
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any, TypeVar, cast

__all__ = ["cache_dir", "cache_path", "cached"]

T = TypeVar("T")

# Part of every key (a change to how a table is built changes this, and so every file name),
# and the first item of every file: a file that does not start with it is not one of ours.
_FORMAT = b"speeches-cache-1"


def _user_cache_root() -> Path:
    if sys.platform == "win32":
        return Path(os.environ.get("LOCALAPPDATA") or Path.home() / "AppData" / "Local")
    if sys.platform == "darwin":
        return Path.home() / "Library" / "Caches"
    return Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache")


def _private(path: Path) -> bool:
    """Make `path` a folder only this user can read and write; False if it cannot be (it is
    a link, a file, or another user's)."""
    path.mkdir(mode=0o700, parents=True, exist_ok=True)
    st = os.lstat(path)
    if not stat.S_ISDIR(st.st_mode):
        return False
    getuid = getattr(os, "getuid", None)  # POSIX only
    if getuid is None:
        return True
    if st.st_uid != getuid():
        return False
    if stat.S_IMODE(st.st_mode) & 0o077:
        os.chmod(path, 0o700)
    return True


def cache_dir() -> Path | None:
    """This user's private cache folder (see the module docstring), or None."""
    env = os.environ.get("SPEECHES_CACHE_DIR")
    candidates: list[Callable[[], Path]] = (
        [lambda: Path(env)]
        if env
        else [
            lambda: _user_cache_root() / "speeches",
            lambda: Path(tempfile.gettempdir()) / f"speeches-{getattr(os, 'getuid', lambda: 0)()}",
        ]
    )
    for candidate in candidates:
        try:
            path = candidate()
            if _private(path):
                return path
        except (OSError, RuntimeError):  # no home, no usable temporary folder, no permission
            continue
    return None


def cache_path(name: str, key: Iterable[bytes | str], folder: Path | None = None) -> Path | None:
    """Where the table `name` built from `key` is kept (None: nowhere to keep it)."""
    folder = folder or cache_dir()
    if folder is None:
        return None
    digest = hashlib.blake2b(_FORMAT, digest_size=12)
    digest.update(sys.version.encode())  # marshal's format is the interpreter's own
    for part in key:
        digest.update(part if isinstance(part, bytes) else part.encode("utf-8"))
        digest.update(b"\0")
    return folder / f"speeches-{name}-{digest.hexdigest()}.cache"


def cached(name: str, key: Iterable[bytes | str], build: Callable[[], T]) -> T:
    """`build()`, or what it returned before for the same `name` and `key`.

    Its result must be made of what marshal keeps (dicts, lists, tuples, str, numbers).
    """
    path = cache_path(name, key)
    if path is None:
        return build()
    try:
        stored: Any = marshal.loads(_read_own(path))
        if type(stored) is tuple and len(stored) == 2 and stored[0] == _FORMAT:
            return stored[1]  # type: ignore[no-any-return]
    except (OSError, ValueError, EOFError, TypeError):
        pass  # not built yet, damaged or not ours: build it and write it
    value = build()
    with contextlib.suppress(OSError):
        fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=path.name)
        try:
            with os.fdopen(fd, "wb") as fh:
                fh.write(marshal.dumps((_FORMAT, cast(Any, value))))  # T: what marshal keeps
            os.replace(tmp, path)  # readers see the whole file or none
        finally:
            with contextlib.suppress(OSError):
                os.unlink(tmp)
    return value


def _read_own(path: Path) -> bytes:
    """The bytes of `path`, a file this user owns: the temporary folder is shared, and a
    table another user left there is not taken on trust (OSError otherwise)."""
    with open(path, "rb") as fh:
        getuid = getattr(os, "getuid", None)  # POSIX only
        if getuid is not None and os.fstat(fh.fileno()).st_uid != getuid():
            raise PermissionError(f"{path} belongs to another user")
        return fh.read()
