"""Subject rules of issue 15, round 4: each with a sentence written for it and a must-not case."""

from __future__ import annotations

from pathlib import Path

from speeches import about
from speeches.models import Document, Metric
from speeches.speakers import load_registry
from speeches.subjects import load_subjects

REGISTRY = load_subjects()


def _subject(text: str, figure: str, speaker: str | None, people_file: Path | None = None,
             kind: str = "users") -> str | None:
    doc = Document(source_path="x.txt", raw=text, text=text, title="演讲")
    start = text.index(figure)
    doc.metrics.append(Metric(kind, 1.0, "exact", figure, "", start, start + len(figure),
                              speaker=speaker))
    people = load_registry(people_file) if people_file is not None else None
    return about.run(doc, REGISTRY, people).metrics[0].subject


def test_a_speakers_we_reads_the_users_speaker_file(tmp_path: Path) -> None:
    people = tmp_path / "people.toml"
    people.write_text('[[speaker]]\nname = "王小明"\ntitles = ["Chief Executive of Netflix"]\n',
                      "utf-8")
    text = "We now serve more than 200 million members."
    assert _subject(text, "200 million", "王小明", people) == "Netflix"
    # must-not: without the user's file the speaker has no company, and a share stays out
    assert _subject(text, "200 million", "王小明") is None
    assert _subject("Our members grew 20%.", "20%", "王小明", people, kind="percentage") is None
