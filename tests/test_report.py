"""Reports: one data structure rendered as Markdown, self-contained HTML and JSON."""

from __future__ import annotations

import datetime as dt
import json
import re
import shutil
import subprocess
import tempfile
from collections import Counter
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from conftest import run
from speeches import store
from speeches.errors import SpeechesError, UnknownSpeaker
from speeches.read import charts, claims, report, report_model
from speeches.rules.speakers import load_registry

runner = CliRunner()
CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")

D1, D2, D3 = dt.date(2020, 1, 5), dt.date(2020, 3, 1), None
DOCS = [
    # doc_id, title, published, language, script, outlet
    ("d1", "腾讯大会 <b>演讲</b>", D1, "zh", "hans", "财新网"),
    ("d2", "Tencent & the cloud", D2, "en", "latin", None),
    ("d3", "騰訊高管發佈數據", D3, "zh", "hant", "見實"),
]
METRICS = [
    # doc, speaker, kind, value, qualifier, surface, sentence, (low, high)
    ("d1", "汤道生", "users", 1e9, "more_than", "超过10亿用户", "我们有超过10亿用户。", None),
    ("d1", "邱跃鹏", "servers", 1e6, "more_than", "超过100万台", "服务器超过100万台。", None),
    ("d1", "汤道生", "percentage", 80.0, "exact", "80%", "有80%的企业在用。", None),
    ("d2", "汤道生", "users", 1.003e9, "exact", "1.003 billion users",
     "Tong said <script>alert(1)</script> 1.003 billion users.", None),
    ("d2", None, "users", 3e8, "more_than", "over 300 million users",
     "It has over 300 million users | and more.", None),
    ("d3", "丁珂", "hospitals", 300.0, "nearly", "近300家医院", "已接入近300家医院。", None),
    ("d3", "汤道生", "users", 1.01e9, "exact", "10.1亿用户", "10.1亿用户。", None),
    ("d3", "程武", "users", 5e8, "range", "5~6亿", "用户达到5~6亿。", (5e8, 6e8)),
]


def write_store(path: Path) -> Path:
    docs, sections, metrics = [], [], []
    for doc_id, title, published, language, script, outlet in DOCS:
        rows = [m for m in METRICS if m[0] == doc_id]
        text = "\n\n".join(m[6] for m in rows)
        docs.append({"doc_id": doc_id, "source_path": f"{doc_id}.txt", "title": title,
                     "published": published, "outlet": outlet, "language": language,
                     "script": script, "n_chars": len(text), "text": text})
        pos = 0
        for i, (_, who, kind, value, qual, surface, sentence, rng) in enumerate(rows):
            start = text.index(sentence, pos)
            pos = start + len(sentence)
            sections.append({"doc_id": doc_id, "section_id": i, "speaker": who,
                             "kind": "speech" if who else "narration", "start": start,
                             "end": pos, "text": sentence})
            at = text.index(surface, start)
            metrics.append({"doc_id": doc_id, "source_path": f"{doc_id}.txt", "speaker": who,
                            "kind": kind, "value": value, "low": rng[0] if rng else None,
                            "high": rng[1] if rng else None, "qualifier": qual,
                            "surface": surface, "sentence": sentence, "start": at,
                            "end": at + len(surface), "section_id": i, "published": published,
                            "rule": kind})
    with store.Writer(path) as w:
        w.write("documents", docs)
        w.write("sections", sections)
        w.write("metrics", metrics)
        w.commit({})
    return path


@pytest.fixture(scope="module")
def synth(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return write_store(tmp_path_factory.mktemp("report") / "store")


def assert_self_contained(page: str) -> None:
    assert page.startswith("<!DOCTYPE html>") and page.rstrip().endswith("</html>")
    lowered = page.lower()
    assert "<script" not in lowered  # no scripts at all, inline or not
    assert "<link" not in lowered and "@import" not in lowered and "@font-face" not in lowered
    assert "http://" not in lowered and "https://" not in lowered and "//fonts" not in lowered
    assert "<img" not in lowered and "url(" not in lowered
    assert "<style>" in page and "<svg" in page
    assert '"Noto Sans CJK SC"' in page and '"Microsoft YaHei"' in page  # CJK fallbacks
    assert "@media print" in page


# -- the data structure ----------------------------------------------------------------------


def test_build_overview(synth: Path, registry) -> None:
    data = report.build(synth, registry)
    c = data.corpus
    assert (c.documents, c.dated, c.first_date, c.last_date) == (
        3, 2, "2020-01-05", "2020-03-01")
    assert [(d.published, d.documents) for d in c.by_date] == [
        ("2020-01-05", 1), ("2020-03-01", 1), (None, 1)]
    assert c.by_language == {"zh": 2, "en": 1}
    assert c.by_script == {"hans": 1, "hant": 1, "latin": 1}
    assert c.metrics == 8 and c.attributed == 7
    assert c.by_kind == {"users": 5, "servers": 1, "hospitals": 1, "percentage": 1}
    names = [s.speaker for s in c.speakers]
    assert names[0] == "汤道生" and set(names) == {"汤道生", "邱跃鹏", "丁珂", "程武"}
    assert [d.source_path for d in data.documents] == ["d1.txt", "d2.txt", "d3.txt"]
    assert [d.metrics for d in data.documents] == [3, 2, 3]


def test_build_speakers_rows(synth: Path, registry) -> None:
    data = report.build(synth, registry)
    labels = [s.label for s in data.speakers]
    assert labels[0] == "汤道生" and labels[-1] == report.NO_SPEAKER
    tang = data.speakers[0]
    assert "Dowson Tong" in tang.aliases and tang.documents == 3
    assert [m.published for m in tang.metrics] == ["2020-01-05", "2020-01-05",
                                                         "2020-03-01", None]
    first = tang.metrics[0]
    assert (first.human, first.number, first.qualifier) == (
        "10亿", "1,000,000,000", "more_than")
    assert first.sentence == "我们有超过10亿用户。" and first.source_path == "d1.txt"
    assert first.title == "腾讯大会 <b>演讲</b>"
    english = tang.metrics[2]
    assert english.human == "1.003 billion"  # an English page reads in English
    cheng = next(s for s in data.speakers if s.speaker == "程武")
    assert cheng.metrics[0].human == "5亿–6亿"
    assert cheng.metrics[0].number == "500,000,000–600,000,000"


def test_build_groups_the_same_claim(synth: Path, registry) -> None:
    claims = report.build(synth, registry).claims
    # 1e9 (d1) and 1.003e9 (d2) agree within 0.5%: one claim with two sources. 1.01e9 is 1%
    # off and stays alone; single mentions are not listed.
    assert len(claims) == 1
    claim = claims[0]
    assert (claim.kind, claim.speaker, claim.sources, claim.mentions) == (
        "users", "汤道生", 2, 2)
    assert claim.value in (1e9, 1.003e9)
    assert [d.source_path for d in claim.documents] == ["d1.txt", "d2.txt"]
    assert claim.surfaces == ("超过10亿用户", "1.003 billion users")


def test_report_claims_are_the_claims_module_s(synth: Path, registry) -> None:
    built = report.build(synth, registry)
    rows = sorted((m for s in built.speakers for m in s.metrics),
                  key=lambda m: (m.published is None, m.published or "", m.source_path, m.start))
    grouped = [c for c in claims.by_speaker(rows) if c.mentions > 1]
    assert [(c.kind, c.speaker, c.value, c.mentions, c.sources) for c in built.claims] == [
        (c.kind, c.speaker, c.stated, c.mentions, c.sources) for c in grouped]


def test_build_timeline(synth: Path, registry) -> None:
    t = report.build(synth, registry).timeline
    assert t.kinds == ("users", "servers", "hospitals", "percentage")
    assert [(r.published, r.counts, r.total) for r in t.rows] == [
        ("2020-01-05", {"users": 1, "servers": 1, "hospitals": 0, "percentage": 1}, 3),
        ("2020-03-01", {"users": 2, "servers": 0, "hospitals": 0, "percentage": 0}, 2),
        (None, {"users": 2, "servers": 0, "hospitals": 1, "percentage": 0}, 3),
    ]


def test_build_filters(synth: Path, registry) -> None:
    data = report.build(synth, registry, speaker="Dowson Tong", kind="users")
    assert data.filters == report_model.Filters(speaker="汤道生", kind="users")
    assert [s.speaker for s in data.speakers] == ["汤道生"]
    assert len(data.speakers[0].metrics) == 3
    assert data.selection.by_kind["users"] == 3 and data.corpus.metrics == 8
    with pytest.raises(UnknownSpeaker):
        report.build(synth, registry, speaker="Nobody Atall")
    with pytest.raises(SpeechesError, match="unknown kind 'cats'"):
        report.build(synth, registry, kind="cats")


# -- the three renderings --------------------------------------------------------------------


def test_json_is_the_data(synth: Path, registry) -> None:
    data = json.loads(report.json(synth, registry))
    built = report.build(synth, registry)
    assert data == report_model.as_dict(built)
    assert report_model.Report.from_dict(data) == built  # the JSON reads back into the model
    assert set(data) == {"title", "data_as_of", "filters", "corpus", "documents", "selection",
                         "speakers", "claims", "timeline", "subjects"}


def test_a_report_without_subjects_reads_back(synth: Path, registry) -> None:
    # as the pandas read side made them (scripts/bench.py renders those)
    data = report_model.as_dict(report.build(synth, registry))
    del data["subjects"]
    older = report_model.Report.from_dict(data)
    assert older.subjects == () and 'id="subjects"' not in report.render_html(older)


def test_markdown(synth: Path, registry) -> None:
    md = report.markdown(synth, registry)
    for heading in ("## Corpus overview", "## Metrics by speaker", "### 汤道生", "### 丁珂",
                    "## Claims made more than once", "## Timeline", f"### {report.NO_SPEAKER}"):
        assert heading in md
    assert "- Documents: 3 (2 dated, 2020-01-05 to 2020-03-01)" in md
    assert "| users | 10亿 (1,000,000,000) | 汤道生 | 2 | 2 |" in md
    assert "| 2020-03-01 | 1 | 2 | 0 | 0 | 0 | 2 |" in md
    assert "| undated | 1 | 2 | 0 | 1 | 0 | 3 |" in md
    assert "我们有**超过10亿用户**。" in md  # the surface is marked in its sentence
    assert "**over 300 million users** \\| and more" in md  # pipes escaped in cells
    assert "| users | 5亿–6亿 | 500,000,000–600,000,000 | range |" in md


def test_html_is_self_contained_and_escaped(synth: Path, registry) -> None:
    page = report.html(synth, registry)
    assert_self_contained(page)
    assert page.count('<section class="speaker"') == 5
    for name in ("汤道生", "邱跃鹏", "丁珂", "程武"):
        assert re.search(rf'<section class="speaker" id="speaker-\d+"><h3>{name} ', page)
    # text from the store is escaped everywhere
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert "腾讯大会 &lt;b&gt;演讲&lt;/b&gt;" in page and "<b>演讲</b>" not in page
    assert "Tencent &amp; the cloud" in page
    assert "<mark>超过10亿用户</mark>" in page
    assert page.count("<svg") == 3  # kind bars, speaker bars, timeline
    assert "2020-01-05" in page and ">undated<" in page
    assert 'href="#speaker-1"' in page and 'id="claims"' in page and 'id="timeline"' in page


def test_formats_carry_the_same_content(synth: Path, registry) -> None:
    data = report.build(synth, registry)
    md, page = report.markdown(synth, registry), report.html(synth, registry)
    for s in data.speakers:
        assert s.label in md and s.label in page
        for m in s.metrics:
            assert m.human in md and m.human in page
            assert m.source_path and m.source_path in md and m.source_path in page
    for claim in data.claims:
        assert claim.human in md and claim.human in page


def test_render_rejects_unknown_format(synth: Path, registry) -> None:
    with pytest.raises(ValueError, match="unknown report format"):
        report.render("pdf", synth, registry)


def test_timeline_chart_bins_many_dates() -> None:
    row = report_model.TimelineRow
    rows = [row(f"2019-{m:02d}-{d:02d}", 1, {"users": 1}, 1) for m in range(1, 13) for d in (3, 17)]
    rows.append(row(None, 2, {"users": 4}, 4))
    svg = charts.svg_timeline(report_model.Timeline(("users",), tuple(rows)), "t")
    # 24 dates are too close to draw one column each: twelve monthly columns, then undated
    labels = re.findall(r'class="date">([^<]+)<', svg)
    assert labels == [f"2019-{m:02d}" for m in range(1, 13)] + ["undated"]
    assert re.findall(r'class="value">(\d+)<', svg) == ["2"] * 12 + ["4"]
    assert "<title>t</title>" in svg


def test_timeline_chart_without_undated_documents() -> None:
    # Every document dated: no undated column (building it used to raise IndexError, so the
    # HTML report of such a store failed).
    row = report_model.TimelineRow
    rows = (row("2019-01-03", 1, {"users": 1}, 1), row("2019-06-01", 2, {"users": 3}, 3))
    svg = charts.svg_timeline(report_model.Timeline(("users",), rows), "t")
    assert re.findall(r'class="date">([^<]+)<', svg) == ["2019-01-03", "2019-06-01"]
    assert "undated" not in svg and 'class="sep"' not in svg


def test_report_on_empty_metrics(tmp_path: Path, registry) -> None:
    with store.Writer(tmp_path) as w:
        w.write("documents", [{"doc_id": "a", "source_path": "a.txt", "title": "t", "n_chars": 1,
                               "text": "x"}])
        w.commit({})
    data = report.build(tmp_path, registry)
    assert data.speakers == () and data.claims == ()
    assert "No metrics match." in report.markdown(tmp_path, registry)
    assert_self_contained(report.html(tmp_path, registry))


# -- CLI -------------------------------------------------------------------------------------


@pytest.mark.parametrize("fmt", ["md", "html", "json"])
def test_cli_report_formats(synth: Path, registry, fmt: str, tmp_path: Path) -> None:
    result = run("report", "--format", fmt, "--store", str(synth))
    assert result.exit_code == 0, result.output
    expected = report.render(fmt, synth, registry)
    assert expected.endswith("\n") and result.stdout == expected
    out = tmp_path / f"r.{fmt}"
    written = run("report", "--format", fmt, "--output", str(out), "--store", str(synth))
    assert written.exit_code == 0 and written.stdout == ""
    assert f"report: wrote {out}" in written.stderr
    assert out.read_text(encoding="utf-8") == expected


def test_cli_report_filters_and_errors(synth: Path) -> None:
    result = run("report", "--format", "json", "--speaker", "湯道生", "--kind", "users",
                 "--store", str(synth))
    data = json.loads(result.stdout)
    assert data["filters"] == {"speaker": "汤道生", "kind": "users"}
    assert [s["speaker"] for s in data["speakers"]] == ["汤道生"]
    bad = run("report", "--kind", "cats", "--store", str(synth))
    assert bad.exit_code == 1 and "unknown kind 'cats'" in bad.stderr
    usage = run("report", "--format", "pdf", "--store", str(synth))
    assert usage.exit_code == 2
    helped = run("report", "--help")
    assert "Example:" in helped.stdout and "html" in helped.stdout


# -- the sample corpus -----------------------------------------------------------------------


def test_seed_html_report(seed_store: Path, tmp_path: Path) -> None:
    out = tmp_path / "report.html"
    result = run("report", "--format", "html", "--output", str(out), "--store", str(seed_store))
    assert result.exit_code == 0, result.output
    page = out.read_text(encoding="utf-8")
    assert_self_contained(page)
    for name in ("汤道生", "邱跃鹏", "丁珂"):
        assert re.search(rf'<section class="speaker" id="speaker-\d+"><h3>{name} ', page), name
    assert "<mark>服务器总量已经超过100万台</mark>" in page
    assert "10亿" in page and "1,000,000,000" in page
    assert "2018-11-07" in page


def test_seed_markdown_and_json_agree(seed_store: Path) -> None:
    md = run("report", "--format", "md", "--store", str(seed_store)).stdout
    data = json.loads(run("report", "--format", "json", "--store", str(seed_store)).stdout)
    assert data["corpus"]["documents"] == 5
    assert {"汤道生", "邱跃鹏", "丁珂"} <= {s["speaker"] for s in data["speakers"]}
    for s in data["speakers"]:
        assert f"### {s['label']}" in md
    servers = [c for c in data["claims"] if c["kind"] == "servers" and c["speaker"] == "邱跃鹏"]
    assert servers and servers[0]["mentions"] >= 2 and servers[0]["value"] == 1e6
    assert "## Timeline" in md and "| 2018-11-07 |" in md


class Outline(HTMLParser):
    """What a reader of a report page sees: its headings, the rows of its tables (each with the
    h2 and h3 above it, the text of its cells and of its marks) and its charts (each by its
    accessible name, with the labels of its axis and the tooltip of each bar)."""

    def __init__(self, page: str) -> None:
        super().__init__(convert_charrefs=True)
        self.headings: list[tuple[str, str]] = []
        self.rows: list[tuple[str, str, list[str], list[str]]] = []
        self._above = {"h2": "", "h3": ""}
        self.charts: dict[str, dict[str, list[str]]] = {}
        self._text: dict[str, list[str]] = {}  # the elements whose text is being read
        self._row: list[str] | None = None
        self._marks: list[str] = []
        self._chart: dict[str, list[str]] | None = None
        self._in_bar = False
        self.feed(page)
        self.close()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        attr = dict(attrs)
        if tag in ("h1", "h2", "h3", "td", "th", "mark"):
            self._text[tag] = []
        elif tag == "tr":
            self._row, self._marks = [], []
        elif tag == "svg" and "chart" in (attr.get("class") or "").split():
            name = attr.get("aria-label") or ""
            self._chart = self.charts.setdefault(name, {"labels": [], "bars": []})
        elif tag == "rect":
            self._in_bar = True
        elif tag == "title" and self._in_bar:
            self._text["bar"] = []
        elif tag == "text" and attr.get("class") == "label":
            self._text["label"] = []

    def handle_endtag(self, tag: str) -> None:
        key = {"text": "label", "title": "bar"}.get(tag, tag)
        text = "".join(self._text.pop(key)).strip() if key in self._text else None
        if tag in ("h1", "h2", "h3") and text is not None:
            self.headings.append((tag, text))
            self._above.update({"h3": ""} if tag == "h2" else {})
            self._above[tag] = text
        elif tag in ("td", "th") and self._row is not None and text is not None:
            self._row.append(text)
        elif tag == "mark" and text is not None:
            self._marks.append(text)
        elif tag == "tr" and self._row is not None:
            self.rows.append((self._above["h2"], self._above["h3"], self._row, self._marks))
            self._row = None
        elif tag == "rect":
            self._in_bar = False
        elif self._chart is not None and text is not None and key in ("label", "bar"):
            self._chart[f"{key}s"].append(text)
        elif tag == "svg":
            self._chart = None

    def handle_data(self, data: str) -> None:
        for parts in self._text.values():
            parts.append(data)


SEED_SECTIONS = [
    "Corpus overview",
    "Metrics by speaker",
    "Claims made more than once",
    "Timeline",
    "Subjects",
    "Documents",
]


def _bar_counts(chart: dict[str, list[str]]) -> Counter[tuple[str, str]]:
    """`{(label, kind): count}` from the bars' tooltips ("邱跃鹏: 3 servers")."""
    counts: Counter[tuple[str, str]] = Counter()
    for tooltip in chart["bars"]:
        match = re.fullmatch(r"(.+): (\d+) (\w+)", tooltip)
        assert match, tooltip
        counts[(match[1], match[3])] += int(match[2])
    return counts


def assert_seed_report_content(page: str, metrics: list[dict[str, Any]]) -> None:
    """The seed store's report as a reader sees it, checked against the store's metrics rows."""
    outline = Outline(page)
    assert outline.headings[0] == ("h1", "Speech metrics report")
    assert [text for tag, text in outline.headings if tag == "h2"] == SEED_SECTIONS
    # Every stored metric is a row of its speaker's table, its wording marked in the statement.
    rows = [(h3, cells, marks) for h2, h3, cells, marks in outline.rows if h2 == SEED_SECTIONS[1]]
    body = [(h3, cells, marks) for h3, cells, marks in rows if cells != rows[0][1]]
    assert len(body) == len(metrics)
    for m in metrics:
        who = m["speaker"] or "(no speaker"
        assert any(
            h3.startswith(who) and cells[0] == m["kind"] and m["surface"] in marks
            for h3, cells, marks in body
        ), m
    assert any(
        h3.startswith("邱跃鹏 ")
        and cells[:3] == ["servers", "100万1,000,000", "more than"]
        and marks == ["服务器总量已经超过100万台"]
        for h3, cells, marks in body
    )
    # The charts draw the same counts as the store holds.
    kinds = Counter(m["kind"] for m in metrics)
    by_kind = _bar_counts(outline.charts["Metrics by kind"])
    assert Counter({kind: n for (_, kind), n in by_kind.items()}) == kinds
    by_speaker = Counter((m["speaker"] or "(no speaker)", m["kind"]) for m in metrics)
    assert _bar_counts(outline.charts["Metrics by speaker and kind"]) == by_speaker
    by_date = Counter((str(m["published"] or "undated"), m["kind"]) for m in metrics)
    assert _bar_counts(outline.charts["Metrics by published date and kind"]) == by_date
    section, subjects = "", []
    for tag, text in outline.headings:  # one chart for each subject heading
        section = text if tag == "h2" else section
        subjects += [text] if tag == "h3" and section == "Subjects" else []
    assert subjects and all(f"Values stated about {s}" in outline.charts for s in subjects)


def test_seed_html_report_content(seed_store: Path) -> None:
    page = report.html(seed_store, load_registry())
    assert_seed_report_content(page, list(store.iter_rows(seed_store, "metrics")))


def test_report_content_check_sees_a_missing_row_and_a_wrong_bar(seed_store: Path) -> None:
    page = report.html(seed_store, load_registry())
    metrics = list(store.iter_rows(seed_store, "metrics"))
    speakers = page.index('<section id="speakers">')
    row = re.compile(r"<tr><td><span class=\"pill\".*?</tr>").search(page, speakers)
    assert row
    with pytest.raises(AssertionError):
        assert_seed_report_content(page[: row.start()] + page[row.end() :], metrics)
    bar = re.search(r"<title>(\w+): (\d+) (\w+)</title>", page)  # the first bar of the first chart
    assert bar
    one_more = f"<title>{bar[1]}: {int(bar[2]) + 1} {bar[3]}</title>"
    with pytest.raises(AssertionError):
        assert_seed_report_content(page[: bar.start()] + one_more + page[bar.end() :], metrics)


@pytest.mark.slow
@pytest.mark.skipif(CHROMIUM is None, reason="no chromium on PATH to render the page")
def test_seed_html_in_a_browser(seed_store: Path, tmp_path: Path) -> None:
    """The page as a browser builds it holds the same content, and it draws a full screenshot."""
    assert CHROMIUM is not None
    page = tmp_path / "report.html"
    page.write_text(report.html(seed_store, load_registry()), encoding="utf-8")
    png = tmp_path / "report.png"
    profile = tempfile.mkdtemp()
    browser = [CHROMIUM, "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic",
               "--no-first-run", "--disable-background-networking", "--disable-component-update",
               "--disable-sync", f"--user-data-dir={profile}"]  # fmt: skip
    try:
        dom = subprocess.run(
            [*browser, "--dump-dom", page.as_uri()],
            capture_output=True, text=True, timeout=120, check=True,
        ).stdout  # fmt: skip
        subprocess.run(
            [*browser, f"--screenshot={png}", "--window-size=1280,2400", page.as_uri()],
            capture_output=True, timeout=120, check=False,
        )  # fmt: skip
    finally:
        shutil.rmtree(profile, ignore_errors=True)
    assert_seed_report_content(dom, list(store.iter_rows(seed_store, "metrics")))
    data = png.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    width, height = int.from_bytes(data[16:20], "big"), int.from_bytes(data[20:24], "big")
    assert (width, height) == (1280, 2400)
    assert len(data) > 100_000  # a rendered page, not a blank one


def test_subject_timelines(seed_store) -> None:  # type: ignore[no-untyped-def]
    from speeches.read import report
    from speeches.rules.speakers import load_registry

    data = report.build(seed_store, load_registry())
    subjects = data.subjects
    assert subjects and all(len(s.points) > 1 for s in subjects)
    for s in subjects:  # in time order, undated last
        whens = [p.when for p in s.points]
        dated = [w for w in whens if w]
        assert dated == sorted(dated) and whens[: len(dated)] == dated
    html = report.render_html(data)
    first = subjects[0]
    assert f'id="subject-1">{first.subject}</h3>' in html
    # every dated point is a link to its row, with its wording as a tooltip
    dated = [j for j, p in enumerate(first.points, 1) if p.when]
    for j in dated:
        assert f'href="#subject-1-{j}"' in html and f'id="subject-1-{j}"' in html
    md = report.render_markdown(data)
    assert "## Subjects" in md and f"### {first.subject}" in md


def test_period_dates_on_the_axis() -> None:
    from speeches.read.report import _period_date

    assert _period_date("2018-Q3", None) == "2018-07-01"
    assert _period_date("2018-H2", None) == "2018-07-01"
    assert _period_date("2019-03", None) == "2019-03-01"
    assert _period_date("2019-03-05", "2020-01-01") == "2019-03-05"
    assert _period_date("2018", None) == "2018-01-01"
    assert _period_date(None, "2020-05-06") == "2020-05-06"


def test_a_subjects_timeline_does_not_depend_on_the_order_rows_arrive_in() -> None:
    # Undated values alike in kind and value (the same claim in two documents) came out in
    # the order DuckDB streamed the rows, which changes from one run to the next.
    def point(doc: str, start: int) -> report_model.SubjectPoint:
        return report_model.SubjectPoint(
            kind="users", value=1e9, human="10亿", number="1,000,000,000", qualifier="exact",
            published=None, speaker=None, surface="10亿用户", sentence="微信有10亿用户",
            source_path=f"{doc}.txt", title=None, doc_id=doc, start=start, period=None, when=None,
        )

    about = [("微信", point("b", 5)), ("微信", point("a", 9)), ("微信", point("a", 2))]
    forward, backward = report._subjects(about), report._subjects(list(reversed(about)))
    assert forward == backward
    assert [(p.doc_id, p.start) for p in forward[0].points] == [("a", 2), ("a", 9), ("b", 5)]
