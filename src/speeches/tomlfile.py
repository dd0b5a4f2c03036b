"""Reading a user's TOML file (rules, cues, registries) with one kind of error message."""

from __future__ import annotations

import tomllib
from pathlib import Path
from typing import Any

from .errors import SpeechesError


def read(path: Path, what: str, error: type[SpeechesError]) -> dict[str, Any]:
    """The TOML file at `path` as a dict; `error` names the file and says what it is
    (`what`: "rule file", "speaker registry", …) when it cannot be read or parsed."""
    try:
        return tomllib.loads(path.read_text(encoding="utf-8"))
    except OSError as e:
        raise error(f"{path}: cannot read {what} ({e.strerror or e})") from None
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as e:
        raise error(f"{path}: cannot read {what}: not valid TOML ({e})") from None
