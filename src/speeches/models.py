"""Plain data records passed between the pipeline stages.

A `Document` enters the pipeline as raw text and leaves it with its normalized text,
sections, tokens and metrics filled in. Every offset (`start`, `end`) is a character
offset into `Document.text`, the normalized (Simplified) text of the whole page.
"""

from __future__ import annotations

import datetime as dt
from array import array
from collections.abc import Iterator
from dataclasses import dataclass, field


@dataclass(frozen=True)
class FileJob:
    """One input file to process: where it is and how it looked when listed."""

    path: str  # absolute path
    source_path: str  # relative to the folder given to ingest (the file name for a file)
    size: int
    mtime_ns: int


@dataclass(frozen=True)
class Skipped:
    """A file left out of an ingest, and why."""

    path: str
    reason: str


@dataclass(slots=True)
class Section:
    """A run of article body with one speaker (None for narration and questions)."""

    section_id: int
    start: int
    end: int
    speaker: str | None = None
    kind: str = "body"  # narration | speech | question | answer | heading | headline
    reason: str | None = None  # why it has its speaker: the cue or rule (`show --why`)


@dataclass(slots=True)
class Token:
    section_id: int
    position: int
    token: str
    start: int


def int32s() -> array[int]:
    """An empty array of C ints (32 bits): Arrow takes its buffer as an int32 column."""
    return array("i")


@dataclass(slots=True)
class Tokens:
    """A document's tokens, column by column (a page has thousands: one object each would
    cost more than segmenting it). Indexing and iterating give `Token` records. Section ids
    and positions are arrays of C ints, filled a section at a time without a Python int per
    token, and handed to Arrow as they are (`store.tokens_table`)."""

    section_id: array[int] = field(default_factory=int32s)
    position: array[int] = field(default_factory=int32s)
    token: list[str] = field(default_factory=list)
    start: list[int] = field(default_factory=list)

    def __len__(self) -> int:
        return len(self.token)

    def __getitem__(self, i: int) -> Token:
        return Token(self.section_id[i], self.position[i], self.token[i], self.start[i])

    def __iter__(self) -> Iterator[Token]:
        return map(Token, self.section_id, self.position, self.token, self.start)


@dataclass(slots=True)
class Metric:
    kind: str
    value: float
    qualifier: str
    surface: str
    sentence: str
    start: int
    end: int
    low: float | None = None
    high: float | None = None
    speaker: str | None = None
    section_id: int | None = None
    rule: str | None = None
    subject: str | None = None  # what the figure is about (speeches.rules.subjects)
    period: str | None = None  # the time it refers to: 2018, 2018-Q3, 2019-03 (speeches.text.periods)


@dataclass(slots=True)
class Document:
    """One input file and everything the stages learn about it."""

    source_path: str
    raw: str
    doc_id: str = ""
    encoding: str = "utf-8"
    text: str = ""  # normalized (Simplified) text of the whole page
    title: str | None = None
    published: dt.date | None = None
    outlet: str | None = None
    language: str | None = None
    script: str | None = None
    body: list[tuple[int, int]] = field(default_factory=list)  # kept spans of `text`
    sections: list[Section] = field(default_factory=list)
    tokens: Tokens = field(default_factory=Tokens)
    metrics: list[Metric] = field(default_factory=list)

    @property
    def n_chars(self) -> int:
        return len(self.raw)

    def dropped(self) -> str:
        """The page furniture removed from the body, one block per line."""
        pieces, pos = [], 0
        for start, end in self.body:
            if start > pos and self.text[pos:start].strip():
                pieces.append(self.text[pos:start].strip())
            pos = end
        if self.text[pos:].strip():
            pieces.append(self.text[pos:].strip())
        return "\n".join(pieces)
