"""The speaker registry: canonical names and every alias a page may use for a person.

The registry is data (rules/speakers.toml, extended by `--speakers FILE`). It answers two
questions: which canonical person does a name in a page or on the command line mean, and
which names should the segmenter keep whole.
"""

from __future__ import annotations

import difflib
import tomllib
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import Any

from speeches.errors import BadRegistry
from speeches.rules import tomlfile
from speeches.stages.normalize import normalize


@dataclass(slots=True)
class Speaker:
    name: str
    traditional: str | None = None
    english: list[str] = field(default_factory=list)
    short: list[str] = field(default_factory=list)
    titles: list[str] = field(default_factory=list)

    @property
    def aliases(self) -> list[str]:
        """Every other name of this person, in registry order, without repeats."""
        seen = {self.name}
        out = []
        for alias in [self.traditional or "", *self.english, *self.short]:
            if alias and alias not in seen:
                seen.add(alias)
                out.append(alias)
        return out


_FIELDS = {"name", "traditional", "english", "short", "titles"}


def _parse(data: dict[str, Any], source: str) -> list[Speaker]:
    people = []
    for label, name, entry in tomlfile.entries(data, "speaker", _FIELDS, source, BadRegistry):
        lists = {}
        for key in ("english", "short", "titles"):
            value = entry.get(key, [])
            if not isinstance(value, list) or not all(
                isinstance(v, str) and v.strip() for v in value
            ):
                raise BadRegistry(f"{label}: '{key}' must be a list of non-empty strings")
            lists[key] = [v.strip() for v in value]
        trad = entry.get("traditional")
        if trad is not None and (not isinstance(trad, str) or not trad.strip()):
            raise BadRegistry(f"{label}: 'traditional' must be a non-empty string")
        people.append(Speaker(normalize(name.strip()), trad.strip() if trad else None, **lists))
    return people


def _load_file(path: Path) -> list[Speaker]:
    return _parse(tomlfile.read(path, "speaker registry", BadRegistry), str(path))


class Registry:
    """Canonical speakers and a lookup from any alias to the canonical name."""

    def __init__(self, people: list[Speaker]):
        self.people: dict[str, Speaker] = {}
        self._table: dict[str, str] | None = None  # _lookup, built at its first use
        for person in people:
            self.add(person)

    def add(self, person: Speaker) -> None:
        old = self.people.get(person.name)
        if old is None:
            self.people[person.name] = person
            return
        old.traditional = old.traditional or person.traditional
        for key in ("english", "short", "titles"):
            merged = getattr(old, key)
            for v in getattr(person, key):  # (a loop: mypyc would build a generator's list first)
                if v not in merged:
                    merged.append(v)

    @property
    def _lookup(self) -> dict[str, str]:
        if self._table is not None:
            return self._table
        table: dict[str, str] = {}
        for person in self.people.values():
            for alias in [person.name, *person.aliases]:
                table.setdefault(alias.casefold(), person.name)
                table.setdefault(normalize(alias).casefold(), person.name)
        self._table = table
        return table

    def resolve(self, name: str) -> str | None:
        """The canonical name for any alias, in any script or case; None if unknown."""
        key = name.strip().casefold()
        return self._lookup.get(key) or self._lookup.get(normalize(key))

    def full_names(self) -> dict[str, str]:
        """Names that identify a person on their own (not surnames): alias -> canonical."""
        out = {}
        for person in self.people.values():
            for alias in [
                person.name,
                normalize(person.traditional or person.name),
                *person.english,
            ]:
                out[alias] = person.name
        return out

    def short_names(self) -> dict[str, list[str]]:
        """Short forms (surnames, nicknames, labels) -> the people they may mean."""
        out: dict[str, list[str]] = {}
        for person in self.people.values():
            # Either word of an English name may stand alone once the page has introduced
            # the person ("Robin Li ... Li told", "Pony Ma ... said Ma").
            words = [w for name in person.english for w in (name.split()[0], name.split()[-1])]
            for alias in dict.fromkeys([*person.short, *words]):
                if person.name not in out.setdefault(alias, []):
                    out[alias].append(person.name)
        return out

    def segmenter_words(self) -> list[str]:
        """Chinese names to keep whole when segmenting."""
        return sorted(
            {p.name for p in self.people.values()}
            | {normalize(p.traditional) for p in self.people.values() if p.traditional}
        )

    def closest(self, name: str, n: int = 3) -> list[str]:
        """Registry names that look most like `name`, for 'did you mean' messages."""
        keys = list(self._lookup)
        hits = difflib.get_close_matches(name.strip().casefold(), keys, n=n * 3, cutoff=0.4)
        out: list[str] = []
        for key in hits:
            if self._lookup[key] not in out:
                out.append(self._lookup[key])
        return out[:n]


def load_registry(extra: Path | None = None) -> Registry:
    """The shipped registry, extended by the user's file when given."""
    shipped = resources.files("speeches").joinpath("rules", "speakers.toml").read_text("utf-8")
    people = _parse(tomllib.loads(shipped), "speakers.toml (shipped)")
    sources = ["speakers.toml (shipped)"] * len(people)
    if extra is not None:
        more = _load_file(Path(extra))
        people += more
        sources += [str(extra)] * len(more)
    _check_aliases(people, sources)
    return Registry(people)


def _check_aliases(people: list[Speaker], sources: list[str]) -> None:
    """Refuse a full name (name, traditional or English) given to two different people: the
    first would silently win every lookup. Short forms (surnames) may be shared."""
    owner: dict[str, tuple[str, str]] = {}  # key -> (canonical name, source)
    for person, source in zip(people, sources, strict=True):
        for alias in [person.name, person.traditional or "", *person.english]:
            if not alias:
                continue
            key = normalize(alias).casefold()
            first = owner.setdefault(key, (person.name, source))
            if first[0] != person.name:
                raise BadRegistry(
                    f"{alias!r} names two speakers: {first[0]!r} ({first[1]}) and "
                    f"{person.name!r} ({source}); give it to one of them"
                )
