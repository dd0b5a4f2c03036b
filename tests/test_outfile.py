"""--output never destroys what it writes to: FIFOs and devices in place, links followed,
`-` is stdout, new files honour the umask, another user's file keeps its owner."""

from __future__ import annotations

import os
import stat
import threading
from pathlib import Path

import pytest

from conftest import run
from speeches.errors import SpeechesError
from speeches.outfile import write_output


def test_report_to_a_fifo_is_written_in_place(seed_store: Path, tmp_path: Path) -> None:
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    got: list[bytes] = []
    reader = threading.Thread(target=lambda: got.append(fifo.read_bytes()), daemon=True)
    reader.start()
    result = run("report", "--store", str(seed_store), "-o", str(fifo))
    reader.join(30)
    assert result.exit_code == 0, result.output
    assert stat.S_ISFIFO(os.lstat(fifo).st_mode)  # still the FIFO, not a file renamed over it
    assert got and got[0].decode("utf-8").startswith("# ")


def test_report_through_a_symlink_keeps_the_link(seed_store: Path, tmp_path: Path) -> None:
    target = tmp_path / "real.md"
    target.write_text("old")
    link = tmp_path / "link.md"
    link.symlink_to(target)
    result = run("report", "--store", str(seed_store), "-o", str(link))
    assert result.exit_code == 0, result.output
    assert link.is_symlink() and os.readlink(link) == str(target)
    assert target.read_text("utf-8").startswith("# ")


def test_report_dash_streams_to_stdout(seed_store: Path, tmp_path: Path, monkeypatch) -> None:
    monkeypatch.chdir(tmp_path)
    result = run("report", "--store", str(seed_store), "-o", "-")
    assert result.exit_code == 0
    assert result.stdout.startswith("# ") and not (tmp_path / "-").exists()


def test_non_regular_target_is_written_not_replaced(tmp_path: Path) -> None:
    # A character device: /dev/null stays /dev/null (as root, a rename would replace it).
    before = os.stat("/dev/null")
    write_output("/dev/null", "text")
    after = os.stat("/dev/null")
    assert stat.S_ISCHR(after.st_mode) and after.st_ino == before.st_ino


@pytest.mark.parametrize("umask", [0o022, 0o077, 0o002])
def test_new_files_honour_the_umask(tmp_path: Path, umask: int) -> None:
    old = os.umask(umask)
    try:
        write_output(tmp_path / "r.md", "x")
        (tmp_path / "r.md").write_text("x")  # replacing an existing file: same rule
        write_output(tmp_path / "r.md", "y")
    finally:
        os.umask(old)
    assert stat.S_IMODE(os.stat(tmp_path / "r.md").st_mode) == 0o666 & ~umask
    assert (tmp_path / "r.md").read_text() == "y"
    assert [p.name for p in tmp_path.iterdir()] == ["r.md"]  # no temporary left


@pytest.mark.skipif(not hasattr(os, "getuid") or os.getuid() != 0, reason="needs root to chown")
def test_another_users_file_keeps_its_owner(tmp_path: Path) -> None:
    path = tmp_path / "theirs.md"
    path.write_text("old")
    os.chown(path, 65534, 65534)
    os.chmod(path, 0o664)
    write_output(path, "new")
    st = os.stat(path)
    assert (st.st_uid, st.st_gid, stat.S_IMODE(st.st_mode)) == (65534, 65534, 0o664)
    assert path.read_text() == "new"


def test_a_folder_is_refused_clearly(tmp_path: Path) -> None:
    with pytest.raises(SpeechesError, match="is a folder"):
        write_output(tmp_path, "x")


@pytest.mark.slow
def test_report_to_dev_stdout_streams_and_keeps_the_link(seed_store: Path) -> None:
    import subprocess
    import sys

    before = os.readlink("/dev/stdout")
    out = subprocess.run(
        [sys.executable, "-m", "speeches", "report", "--store", str(seed_store),
         "-o", "/dev/stdout"],
        capture_output=True, text=True, timeout=120,
    )  # fmt: skip
    assert out.returncode == 0, out.stderr
    assert out.stdout.startswith("# ")
    assert os.path.islink("/dev/stdout") and os.readlink("/dev/stdout") == before
