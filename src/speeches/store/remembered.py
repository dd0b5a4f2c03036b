"""The user's setup a store remembers: the rule, speaker and subject files its ingest used.

An ingest with `--rules FILE`, `--speakers FILE` or `--subjects FILE` copies the file into the
generation it writes (`gen-N/setup/rules.toml`, `speakers.toml`, `subjects.toml`) and records
its path and content hash in the manifest (`setup`); so do `extract --rules` and
`extract --subjects`. Later commands on the store that are not given the option use that
copy: `metrics --speaker ALIAS` knows an alias the user added, `metrics --subject NAME` and
`claims --subject NAME` a subject alias they added, and the next `ingest` keeps extracting the
user's kinds and subjects. When a later ingest is given a file whose content differs from the
recorded one, the documents it affects are processed again without `--force`: new speakers
change sections and tokens, so the files of that ingest are re-processed; new rules or
subjects change only the metrics, so extraction re-runs over the stored text.
"""

from __future__ import annotations

import hashlib
import shutil
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from speeches import store

KINDS = ("rules", "speakers", "subjects")
_FOLDER = "setup"


def file_hash(path: Path) -> str:
    return hashlib.sha256(Path(path).read_bytes()).hexdigest()


def recorded(generation: Path | None) -> dict[str, dict[str, str]]:
    """{"rules": {"path", "sha256"}, "speakers": {...}, "subjects": {...}} as the
    generation's manifest has them (those with a copy in the generation only)."""
    if generation is None:
        return {}
    manifest = generation / store.MANIFEST
    if not manifest.exists():
        return {}
    import json

    setup = json.loads(manifest.read_text("utf-8")).get("setup") or {}
    return {
        kind: entry
        for kind, entry in setup.items()
        if kind in KINDS and entry and (generation / _FOLDER / f"{kind}.toml").exists()
    }


def copy_path(generation: Path, kind: str) -> Path:
    return generation / _FOLDER / f"{kind}.toml"


def file_for(generation: Path | None, kind: str, given: Path | None) -> Path | None:
    """The file a command uses for `kind`: the one given, else the store's copy, else None
    (the shipped one alone)."""
    if given is not None:
        return Path(given)
    if generation is not None and kind in recorded(generation):
        return copy_path(generation, kind)
    return None


@dataclass
class Setup:
    """The files an ingest uses, and which of them differ from what the store recorded."""

    rules: Path | None
    speakers: Path | None
    entries: dict[str, dict[str, str]]
    changed: set[str]
    subjects: Path | None = None

    def manifest(self) -> dict[str, Any]:
        return {"setup": self.entries}

    def save(self, folder: Path) -> None:
        """Copy the files into a generation being written (its temporary folder)."""
        for kind, path in (
            ("rules", self.rules), ("speakers", self.speakers), ("subjects", self.subjects)
        ):
            if path is not None and kind in self.entries:
                target = folder / _FOLDER / f"{kind}.toml"
                target.parent.mkdir(parents=True, exist_ok=True)
                shutil.copyfile(path, target)


def resolve(
    generation: Path | None,
    rules: Path | None,
    speakers: Path | None,
    subjects: Path | None = None,
) -> Setup:
    """The setup of an ingest given `rules`, `speakers` and `subjects` (None: keep the
    recorded ones)."""
    before = recorded(generation)
    givens = {"rules": rules, "speakers": speakers, "subjects": subjects}
    files = {kind: file_for(generation, kind, given) for kind, given in givens.items()}
    entries: dict[str, dict[str, str]] = {}
    changed: set[str] = set()
    for kind, path in files.items():
        given = givens[kind]
        if path is None:
            continue
        if given is None:  # the store's own copy: unchanged by definition
            entries[kind] = before[kind]
            continue
        entry = {"path": str(Path(given).resolve()), "sha256": file_hash(path)}
        entries[kind] = entry
        if before.get(kind, {}).get("sha256") != entry["sha256"]:
            changed.add(kind)
    return Setup(files["rules"], files["speakers"], entries, changed, files["subjects"])
