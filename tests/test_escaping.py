"""Hostile document text and paths in output: terminal escapes shown not obeyed, rich
markup never parsed, raw HTML escaped in Markdown, spreadsheet formulas neutralized in CSV."""

from __future__ import annotations

import csv
import io
import json
import sys
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from rich.console import Console

from conftest import RAW, run
from speeches import display
from speeches.config import Settings
from speeches.write import pipeline

NASTY = "<script>alert(1)</script>\x1b[2J\x9b31m\u202e"
NAME = "=1+2 [/x].txt"  # a formula, and a rich closing tag, in a path


@pytest.fixture(scope="module")
def nasty_store(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("nasty")
    lines = (RAW / "001_04126f5ed0747034.txt").read_text("utf-8").split("\n")
    mid = len(lines) // 2
    lines[mid] += "微信" + NASTY + "的月活跃用户达到10亿。"
    path = root / "raw" / NAME
    path.parent.mkdir(parents=True)
    path.write_text("\n".join(lines), "utf-8")
    s = root / "s"
    result = pipeline.run([root / "raw"], Settings(store=s, workers=1))
    assert result.ok and result.stored == 1
    return s


def _no_controls(text: str) -> None:
    assert "\x1b" not in text and "\x9b" not in text and "\u202e" not in text


def test_show_prints_escape_sequences_as_text(nasty_store: Path) -> None:
    result = run("show", "x].txt", "--store", str(nasty_store))
    assert result.exit_code == 0, result.output
    _no_controls(result.stdout)
    assert "\\u001b[2J\\u009b31m\\u202e" in result.stdout


def test_kwic_prints_escape_sequences_as_text(nasty_store: Path) -> None:
    result = run("kwic", "alert", "--store", str(nasty_store), "--width", "40")
    assert result.exit_code == 0 and "alert" in result.stdout
    _no_controls(result.stdout)
    assert "\\u001b[2J" in result.stdout


def test_csv_escapes_controls_and_neutralizes_formulas(nasty_store: Path) -> None:
    result = run("metrics", "--store", str(nasty_store), "--format", "csv")
    assert result.exit_code == 0
    _no_controls(result.stdout)
    rows = list(csv.DictReader(io.StringIO(result.stdout)))
    assert rows and {r["source_path"] for r in rows} == {"'" + NAME}
    assert all(not r["value"].startswith("'") for r in rows)  # numbers stay numbers
    kwic = run("kwic", "alert", "--store", str(nasty_store), "--format", "csv")
    _no_controls(kwic.stdout)
    # The documented option keeps cells as they are.
    raw = run("--csv-formulas", "metrics", "--store", str(nasty_store), "--format", "csv")
    assert {r["source_path"] for r in csv.DictReader(io.StringIO(raw.stdout))} == {NAME}
    display.options["csv_formulas"] = False


def test_json_stays_valid_and_exact(nasty_store: Path) -> None:
    result = run("kwic", "alert", "--store", str(nasty_store), "--format", "json")
    rows = json.loads(result.stdout)
    assert any("\x1b[2J" in r["right"] for r in rows)  # the data itself is not altered


def test_markdown_report_escapes_raw_html(nasty_store: Path) -> None:
    result = run("report", "--store", str(nasty_store))
    assert result.exit_code == 0
    assert "<script>" not in result.stdout and "&lt;script&gt;" in result.stdout
    _no_controls(result.stdout)


def test_rich_markup_in_messages_and_tables_is_text(monkeypatch) -> None:
    buf = io.StringIO()
    monkeypatch.setattr(display, "err", Console(file=buf, force_terminal=True, width=200))
    display.warn("raw/=1+2 [/x].txt: binary data")  # used to raise MarkupError
    display.error("[/bold] in a path")
    display.info("wrote [/x] \x1b[2J")
    text = buf.getvalue()
    assert "[/x].txt" in text and "[/bold] in a path" in text and "\\u001b[2J" in text

    import pandas as pd

    out = io.StringIO()
    monkeypatch.setattr(display, "out", Console(file=out, force_terminal=True, width=200))
    monkeypatch.setattr(sys.stdout, "isatty", lambda: True)
    display.print_frame(pd.DataFrame({"source_path": ["[/x]", "\x1b[31mred"]}), "table")
    assert "[/x]" in out.getvalue() and "\\u001b[31mred" in out.getvalue()


def test_a_non_utf8_name_in_a_message_prints(capsys) -> None:
    display.warn("raw/\udcff\udcfe.txt: cannot read")  # a file name's bytes, as os gives them
    assert "raw/\\xff\\xfe.txt: cannot read" in capsys.readouterr().err


def _hostile(where: str) -> str:
    return f"{where}<script>alert(\"{where}\")</script> & '{where}'"


def _hostile_report():  # type: ignore[no-untyped-def]
    from speeches.read import report_model as rm

    title, speaker, subject = _hostile("title"), _hostile("speaker"), _hostile("subject")
    sentence = _hostile("sentence") + "，用户达到10亿。"
    row = rm.MetricRow(
        kind="users", value=1e9, low=None, high=None, human="10亿", number="1,000,000,000",
        qualifier="exact", surface="用户达到10亿", sentence=sentence, doc_id="d1",
        source_path=_hostile("path"), title=title, published="2020-01-05", language="zh",
        start=0, speaker=speaker,
    )
    point = rm.SubjectPoint(
        kind="users", value=1e9, human="10亿", number="1,000,000,000", qualifier="exact",
        published="2020-01-05", speaker=speaker, surface=row.surface, sentence=sentence,
        source_path=row.source_path, title=title, doc_id="d1", start=0, period=None,
        when="2020-01-05",
    )
    counts = {"users": 2, "servers": 0, "hospitals": 0, "percentage": 0}
    return rm.Report(
        title=title,
        data_as_of=None,
        filters=rm.Filters(speaker=speaker),
        corpus=rm.Overview(
            documents=1, dated=1, first_date="2020-01-05", last_date="2020-01-05",
            by_date=(rm.DateCount("2020-01-05", 1),), by_language={"zh": 1},
            by_script={"hans": 1}, metrics=2, attributed=2, by_kind=counts,
            speakers=(rm.SpeakerSummary(speaker, (_hostile("alias"),), (_hostile("job"),), 1, 1, 2),),
        ),
        documents=(rm.DocumentRow("d1", row.source_path, title, "2020-01-05", _hostile("outlet"),
                                  "zh", "hans", 100, 2),),
        selection=rm.Selection(metrics=2, speakers=1, by_kind=counts, by_speaker={speaker: 2}),
        speakers=(rm.SpeakerSection(speaker, speaker, (_hostile("alias"),), (_hostile("job"),),
                                    1, counts, (row, row)),),
        claims=(rm.Claim("users", speaker, 1e9, "10亿", "1,000,000,000", 1, 2, ("exact",),
                         (row.surface or "",), (rm.ClaimDocument("d1", row.source_path, title,
                                                                 "2020-01-05", 2),)),),
        timeline=rm.Timeline(tuple(counts), (rm.TimelineRow("2020-01-05", 1, counts, 2),
                                             rm.TimelineRow(None, 0, counts, 0))),
        subjects=(rm.Subject(subject, ("users",), (point, point)),),
    )


def test_html_report_escapes_hostile_text_everywhere() -> None:
    from html import escape

    from speeches.read import report

    page = report.render_html(_hostile_report())
    assert "<script" not in page and "alert(\"" not in page and "'title'" not in page
    for where in ("title", "speaker", "sentence", "subject", "path", "alias", "job", "outlet"):
        assert escape(_hostile(where)) in page, where
    # the metric's wording is still marked in its (escaped) sentence
    assert f"{escape(_hostile('sentence'))}，<mark>用户达到10亿</mark>。" in page
    # in attributes too: a chart's label and a subject's anchor text
    assert f'aria-label="Values stated about {escape(_hostile("subject"))}"' in page


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.sampled_from("<>&\"'a 汉\n")) | st.text())
def test_a_template_value_escapes_as_the_stdlib(text: str) -> None:
    # the page's entities (&quot;, &#x27;) stay those of html.escape, whichever path escapes
    from html import escape

    from speeches.read import report

    template = report._environment().from_string("<p title=\"{{ x }}\">{{ x }}{{ nothing }}</p>")
    assert template.render(x=text, nothing=None) == f'<p title="{escape(text)}">{escape(text)}</p>'
