"""The derived-table cache lives in a private per-user folder and never reads another user's
files; jieba's own shared cache file is never read."""

from __future__ import annotations

import marshal
import os
import stat
from pathlib import Path

import pytest

from speeches.stages import segment
from speeches.write import cache

ROOT = hasattr(os, "geteuid") and os.geteuid() == 0


@pytest.fixture
def no_env(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Path:
    monkeypatch.delenv("SPEECHES_CACHE_DIR", raising=False)
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    monkeypatch.setattr("tempfile.tempdir", str(tmp_path / "tmp"))
    (tmp_path / "tmp").mkdir()
    return tmp_path


@pytest.mark.skipif(os.name != "posix", reason="POSIX permissions")
def test_the_cache_folder_is_private_under_the_users_cache_dir(no_env: Path) -> None:
    folder = cache.cache_dir()
    assert folder == no_env / "xdg" / "speeches"
    assert stat.S_IMODE(os.stat(folder).st_mode) == 0o700
    os.chmod(folder, 0o777)  # loosened by someone: made private again before use
    assert cache.cache_dir() == folder and stat.S_IMODE(os.stat(folder).st_mode) == 0o700
    assert cache.cached("t", ("k",), lambda: [1, 2]) == [1, 2]
    assert [p.parent for p in folder.iterdir()] == [folder]


@pytest.mark.skipif(not ROOT, reason="needs root to give a folder to another user")
def test_another_users_folder_is_never_read(no_env: Path) -> None:
    planted = no_env / "xdg" / "speeches"
    planted.mkdir(parents=True)
    path = cache.cache_path("t", ("k",), folder=planted)
    assert path is not None
    path.write_bytes(marshal.dumps((b"speeches-cache-1", "poisoned")))
    for p in (planted, path):
        os.chown(p, 65534, 65534)
    # Passed over for speeches-UID in the temporary folder.
    assert cache.cache_dir() == no_env / "tmp" / f"speeches-{os.getuid()}"
    assert cache.cached("t", ("k",), lambda: "built") == "built"
    # That one planted too: nothing is cached, and nothing planted is read.
    other = no_env / "tmp" / f"speeches-{os.getuid()}"
    for p in other.iterdir():
        p.unlink()
    os.chown(other, 65534, 65534)
    assert cache.cache_dir() is None
    assert cache.cached("t", ("k",), lambda: "built again") == "built again"


def test_a_link_is_not_taken_for_the_folder(no_env: Path) -> None:
    (no_env / "xdg").mkdir()
    (no_env / "elsewhere").mkdir()
    (no_env / "xdg" / "speeches").symlink_to(no_env / "elsewhere")
    assert cache.cache_dir() == no_env / "tmp" / f"speeches-{os.getuid()}"


def test_no_usable_folder_still_gives_the_table(monkeypatch, tmp_path: Path) -> None:
    # An unwritable temporary folder and no home: built in memory, no error.
    monkeypatch.delenv("SPEECHES_CACHE_DIR", raising=False)
    blocker = tmp_path / "file"
    blocker.write_text("")
    monkeypatch.setenv("XDG_CACHE_HOME", str(blocker))  # a file: no folder can be made in it

    def no_tmp() -> str:
        raise FileNotFoundError(2, "No usable temporary directory found")

    monkeypatch.setattr("tempfile.gettempdir", no_tmp)
    assert cache.cache_dir() is None
    assert cache.cached("t", ("k",), lambda: "built") == "built"


def test_jiebas_shared_cache_file_is_never_read(tmp_path: Path, monkeypatch) -> None:
    # Another user's jieba.cache in the shared temporary folder: jieba's start-up loads it
    # with marshal if it is newer than the dictionary.
    shared = tmp_path / "shared"
    shared.mkdir()
    monkeypatch.setattr("tempfile.tempdir", str(shared))
    monkeypatch.setenv("SPEECHES_CACHE_DIR", str(tmp_path / "mine"))
    with open(shared / "jieba.cache", "wb") as fh:
        marshal.dump(({"毒毒毒毒x": 10**9, "腾讯": 0}, 10**9), fh)
    tk = segment.tokenizer.__wrapped__(())
    assert "毒毒毒毒x" not in tk.FREQ and tk.FREQ["腾讯"] > 0
