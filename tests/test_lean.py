"""The fork server's import guard (`speeches.write.lean`): no numpy, no pandas in the server
and the workers it forks."""

from __future__ import annotations

import multiprocessing
import subprocess
import sys
from pathlib import Path

import pytest

from speeches.write.lean import LeaveOut


def test_leave_out_makes_their_imports_fail_and_nothing_else() -> None:
    finder = LeaveOut()
    for name in ("numpy", "numpy.core", "pandas", "pandas.core.frame"):
        with pytest.raises(ModuleNotFoundError):
            finder.find_spec(name)
    assert finder.find_spec("numpydoc") is None
    assert finder.find_spec("pyarrow") is None


@pytest.mark.skipif(
    "forkserver" not in multiprocessing.get_all_start_methods(),
    reason="no fork server on this platform",
)
def test_workers_forked_by_the_server_build_tables_without_numpy(tmp_path: Path) -> None:
    (tmp_path / "probe.py").write_text(
        "import sys\n\n"
        "def probe(_):\n"
        "    from speeches import store\n"
        "    table = store.to_table('metrics', [])\n"
        "    return table.num_rows, 'pyarrow' in sys.modules, 'numpy' in sys.modules\n",
        "utf-8",
    )
    script = (
        "import probe\n"
        "from speeches.write import PRELOAD\n"
        "from speeches.write.executors import LocalExecutor\n"
        "if __name__ == '__main__':\n"
        "    pool = LocalExecutor(1, None, PRELOAD)\n"
        "    print(list(pool.map(probe.probe, [0])))\n"
        "    pool.close()\n"
    )
    (tmp_path / "main.py").write_text(script, "utf-8")
    out = subprocess.run(
        [sys.executable, "main.py"], cwd=tmp_path, capture_output=True, text=True, check=True
    )
    # pyarrow is there (the server imports the worker's modules), numpy is not
    assert out.stdout.strip() == "[(0, True, False)]"


def test_the_ingest_command_imports_neither_numpy_nor_pandas(tmp_path: Path) -> None:
    """`speeches ingest` plans and writes with pyarrow alone: in one worker (every stage in
    the command's own process), and again when changed rules re-extract the stored text."""
    import shutil
    import subprocess
    import sys

    from conftest import RAW

    corpus = tmp_path / "corpus"
    shutil.copytree(RAW, corpus)
    rules = tmp_path / "rules.toml"
    rules.write_text(
        (Path(__file__).parents[1] / "src/speeches/rules/metrics.toml").read_text("utf-8")
        + "\n# changed: the stored documents are re-extracted\n",
        "utf-8",
    )
    script = (
        "import atexit, sys\n"
        "atexit.register(lambda: print('numpy' in sys.modules, 'pandas' in sys.modules))\n"
        "sys.argv = ['speeches', 'ingest', *sys.argv[1:]]\n"
        "from speeches.__main__ import main\n"
        "main()\n"
    )
    store_args = ["--store", str(tmp_path / "s"), "--workers", "1", "-q"]
    for extra in ([], ["--rules", str(rules)]):
        out = subprocess.run(
            [sys.executable, "-c", script, str(corpus), *store_args, *extra],
            capture_output=True,
            text=True,
            check=True,
        )
        assert out.stdout.split() == ["False", "False"], out.stderr
    manifest = (tmp_path / "s" / "manifest.json").read_text("utf-8")
    assert str(rules) in manifest  # the second run re-extracted with the new rules
