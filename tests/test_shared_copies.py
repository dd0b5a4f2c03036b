"""The shared facts copied into tests/ (tests/shared, tests/gold) still equal their source.

The comparison needs the shared folder beside the repository (a developer's checkout, CI) and
skips in a lone clone; the README check runs everywhere."""

from __future__ import annotations

from pathlib import Path

from conftest import COPIES, REPO, shared_or_skip

SEED_GOLD = REPO / "tests" / "gold"


def _files(folder: Path, pattern: str = "*") -> dict[str, bytes]:
    """`{path relative to folder: bytes}` of the files under `folder` matching `pattern`."""
    return {
        path.relative_to(folder).as_posix(): path.read_bytes()
        for path in sorted(folder.rglob(pattern))
        if path.is_file() and path.name != "README.md"
    }


def test_copies_equal_the_shared_files() -> None:
    shared = shared_or_skip()
    copies = _files(COPIES)
    assert copies
    for name, data in copies.items():
        assert (shared / name).is_file(), f"tests/shared/{name} has no source in {shared}"
        assert data == (shared / name).read_bytes(), (
            f"tests/shared/{name} differs from {shared / name}"
        )
    # a folder copied whole gains no file at the source that the copy lacks
    for folder in {Path(name).parent for name in copies}:
        assert {p.name for p in (shared / folder).glob("*.jsonl")} <= {
            Path(name).name for name in copies if Path(name).parent == folder
        }, folder
    # the seed gold, copied into tests/gold (its subfolders are this project's own annotations)
    seed_gold = {p.name: p.read_bytes() for p in sorted(SEED_GOLD.glob("*.jsonl"))}
    assert seed_gold == {p.name: p.read_bytes() for p in sorted((shared / "gold").glob("*.jsonl"))}


def test_readme_names_every_copied_file() -> None:
    readme = (COPIES / "README.md").read_text(encoding="utf-8")
    for name in _files(COPIES):
        folder, _, base = name.rpartition("/")
        assert f"`{name}`" in readme or f"`{folder}/*{Path(base).suffix}`" in readme, name
