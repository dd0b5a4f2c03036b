"""Reading a user's TOML file (rules, cues, registries) with one kind of error message."""

from __future__ import annotations

import tomllib
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from speeches.errors import SpeechesError


def read(path: Path, what: str, error: type[SpeechesError]) -> dict[str, Any]:
    """The TOML file at `path` as a dict; `error` names the file and says what it is
    (`what`: "rule file", "speaker registry", …) when it cannot be read or parsed."""
    try:
        return tomllib.loads(path.read_text(encoding="utf-8"))
    except OSError as e:
        raise error(f"{path}: cannot read {what} ({e.strerror or e})") from None
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as e:
        raise error(f"{path}: cannot read {what}: not valid TOML ({e})") from None


def entries(
    data: dict[str, Any], table: str, fields: set[str], source: str, error: type[SpeechesError]
) -> Iterator[tuple[str, str, dict[str, Any]]]:
    """(label, name, entry) of each `[[table]]` entry of a registry file, checked to be a
    table with known keys and a non-empty `name`; `label` names the file and the entry for
    the caller's own messages."""
    found = data.get(table, [])
    if not isinstance(found, list):
        raise error(f"{source}: '{table}' must be an array of tables ([[{table}]])")
    for i, entry in enumerate(found, 1):
        label = f"{source}: {table} #{i}"
        if not isinstance(entry, dict):
            raise error(f"{label} is not a table")
        unknown = set(entry) - fields
        if unknown:
            raise error(f"{label} has unknown keys {sorted(unknown)}")
        name = entry.get("name")
        if not isinstance(name, str) or not name.strip():
            raise error(f"{label} has no 'name'")
        yield f"{source}: {table} {name!r}", name, entry
