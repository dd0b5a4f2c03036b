"""Corpus views: stopwords, log-likelihood keywords, keyword in context (library and CLI)."""

from __future__ import annotations

import csv
import io
import json
import math
from importlib import resources
from pathlib import Path

import pytest
from typer.testing import CliRunner

from conftest import run
from speeches import store
from speeches.errors import NoTable, SpeechesError, UnknownSpeaker
from speeches.read import corpus
from speeches.rules.speakers import load_registry

runner = CliRunner()

# A Chinese page with furniture around its body, and an English one. Each paragraph is
# (speaker, kind, tokens); a paragraph's text is its tokens joined.
FURNITURE = "首页 | 产业互联网频道 | 登录\n\n"
FOOTER = "\n\n版权所有 产业互联网网 Cloud\n"
ZH = [
    (
        "汤道生",
        "speech",
        ["我们", "我们", "我们", "的", "产业互联网", "战略", "是", "云计算", "。", "云计算",
         "和", "人工智能", "的", "2018", "年", "2018", "s", "s", "产业互联网", "！"],
    ),
    (
        "邱跃鹏",
        "speech",
        ["服务器", "超过", "100", "万", "台", "，", "我们", "的", "服务器", "在", "产业互联网",
         "里", "。"],
    ),
    (None, "narration", ["记者", "说", "，", "腾讯", "的", "服务器", "很多", "。"]),
]
EN = [
    ("汤道生", "narration", ["Tong", " ", "said", " ", "Cloud", " ", "computing", " ", "is", " ",
                           "the", " ", "the", " ", "future", "."]),
    (None, "narration", ["The", " ", "cloudy", " ", "sky", " ", "and", " ", "the", " ", "CLOUD",
                         "."]),
]


def _document(doc_id: str, paras: list, head: str, foot: str, language: str) -> tuple:
    text = head
    sections, tokens = [], []
    for i, (who, kind, toks) in enumerate(paras):
        if i:
            text += "\n\n"
        start = len(text)
        for pos, tok in enumerate(toks):
            tokens.append({"doc_id": doc_id, "section_id": i, "position": pos, "token": tok,
                           "start": len(text)})
            text += tok
        sections.append({"doc_id": doc_id, "section_id": i, "speaker": who, "kind": kind,
                         "start": start, "end": len(text), "text": text[start:]})
    text += foot
    doc = {"doc_id": doc_id, "source_path": f"{doc_id}.txt", "title": doc_id, "language": language,
           "n_chars": len(text), "text": text}
    return doc, sections, tokens


def write_store(path: Path) -> Path:
    docs, secs, toks = [], [], []
    for doc_id, paras, head, foot, lang in [("zh", ZH, FURNITURE, FOOTER, "zh"),
                                            ("en", EN, "Menu\n\n", "\n\nCloud login", "en")]:
        d, s, t = _document(doc_id, paras, head, foot, lang)
        docs.append(d)
        secs += s
        toks += t
    with store.Writer(path) as w:
        w.write("documents", docs)
        w.write("sections", secs)
        w.write("tokens", toks)
        w.commit({})
    return path


@pytest.fixture(scope="module")
def synth(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return write_store(tmp_path_factory.mktemp("corpus") / "store")


def starts_at(line: str, term: str, column: int) -> bool:
    """True when `term` starts at display column `column` of `line`."""
    width = 0
    for i, ch in enumerate(line):
        if width == column:
            return line[i:].startswith(term)
        width += corpus.display_width(ch)
    return False


# -- stopwords and word filters --------------------------------------------------------------


def test_stopword_files_are_package_data() -> None:
    for name in ("stopwords_zh.txt", "stopwords_en.txt"):
        text = resources.files("speeches").joinpath("rules", name).read_text("utf-8")
        words = [w for w in text.splitlines() if w.strip() and not w.startswith("#")]
        assert len(words) >= 300, name
        assert len(words) == len(set(words)), f"{name} repeats words"
    assert {"的", "我们", "the", "and", "而且"} <= corpus.stopwords()


@pytest.mark.parametrize(
    ("token", "expected"),
    [
        ("产业互联网", True),
        ("云计算", True),
        ("Cloud", True),
        ("的", False),  # stopword
        ("我们", False),
        ("The", False),  # stopwords match in any case
        ("2018", False),  # number
        ("3.5", False),
        ("百万", False),  # Chinese numeral
        ("s", False),  # single Latin letter
        ("，", False),  # punctuation
        ("“", False),
        (" ", False),  # whitespace
        ("\u3000", False),
        ("", False),
    ],
)
def test_is_content_word(token: str, expected: bool) -> None:
    assert corpus.is_content_word(token) is expected


# -- log-likelihood --------------------------------------------------------------------------


def test_log_likelihood_matches_the_formula() -> None:
    a, b, c, d = 10, 10, 1000, 10000
    e1, e2 = c * (a + b) / (c + d), d * (a + b) / (c + d)
    expected = 2 * (a * math.log(a / e1) + b * math.log(b / e2))
    assert corpus.log_likelihood(a, b, c, d) == pytest.approx(expected)
    assert corpus.log_likelihood(a, b, c, d) == pytest.approx(22.138, abs=1e-3)
    # a term used at the same rate in both parts is not key at all
    assert corpus.log_likelihood(5, 50, 1000, 10000) == pytest.approx(0.0)
    # zero counts contribute nothing (0 ln 0 = 0)
    assert corpus.log_likelihood(4, 0, 100, 100) == pytest.approx(2 * 4 * math.log(2))
    # the critical values of chi-square with one degree of freedom
    assert corpus.p_value(3.841) == pytest.approx(0.05, abs=1e-3)
    assert corpus.p_value(10.828) == pytest.approx(0.001, abs=1e-4)


# -- keywords --------------------------------------------------------------------------------


def test_keywords_of_a_speaker(synth: Path, registry) -> None:
    df = corpus.keywords(synth, registry, speaker="湯道生", top=None, min_count=2)
    assert list(df.columns) == corpus.KEYWORD_COLUMNS
    assert list(df["term"]) == ["云计算", "产业互联网"]
    # His word tokens: 我们x3 的x2 产业互联网x2 战略 是 云计算x2 和 人工智能 2018x2 年 sx2 (18)
    # and Tong said cloud computing is the the future (8); punctuation is not counted.
    c = 18 + 8
    d = len([t for _, _, toks in ZH[1:] + EN[1:] for t in toks if corpus.is_word(t)])
    top = df.iloc[0]
    assert (top["count"], top["other"]) == (2, 0)
    assert top["g2"] == pytest.approx(corpus.log_likelihood(2, 0, c, d), abs=1e-3)
    second = df.iloc[1]
    assert (second["count"], second["other"]) == (2, 1)
    assert list(df["g2"]) == sorted(df["g2"], reverse=True)


def test_keywords_leave_out_stopwords_numbers_letters_and_own_name(synth: Path, registry) -> None:
    df = corpus.keywords(synth, registry, speaker="汤道生", top=None, min_count=1)
    terms = set(df["term"])
    # 我们 (3 vs 1), 2018, s and "the" are all overused by him, but none is a content word;
    # Tong is his own name.
    assert not terms & {"我们", "的", "2018", "s", "the", "tong", "Tong"}
    assert {"云计算", "产业互联网", "人工智能", "战略", "computing", "future"} <= terms
    # cloud: once in his 26 words, once in the other 23 (CLOUD folds to cloud): not his more
    assert "cloud" not in terms
    assert all(corpus.is_content_word(t) for t in terms)


def test_keywords_without_speaker_is_the_word_list(synth: Path, registry) -> None:
    df = corpus.keywords(synth, registry, top=3)
    assert list(df.columns) == corpus.WORDLIST_COLUMNS
    assert df.iloc[0]["term"] == "产业互联网" and df.iloc[0]["count"] == 3
    assert df.iloc[1]["term"] == "服务器" and df.iloc[1]["count"] == 3
    assert len(df) == 3
    full = corpus.word_list(synth, top=None)
    assert not set(full["term"]) & {"的", "我们", "the", "2018", "，"}
    assert full.set_index("term").loc["cloud", "count"] == 2  # Cloud + CLOUD


def test_keywords_unknown_speaker(synth: Path, registry) -> None:
    with pytest.raises(UnknownSpeaker, match="no speaker matches"):
        corpus.keywords(synth, registry, speaker="Nobody Atall")


# -- kwic ------------------------------------------------------------------------------------


def test_kwic_traditional_term_finds_simplified_body_only(synth: Path, registry) -> None:
    df = corpus.kwic(synth, "產業互聯網", registry, width=8)
    assert list(df.columns) == corpus.KWIC_COLUMNS
    # Three times in the body; the furniture line and the footer hold it too but are skipped.
    assert len(df) == 3
    assert list(df["speaker"]) == ["汤道生", "汤道生", "邱跃鹏"]
    assert set(df["term"]) == {"产业互联网"}
    first = df.iloc[0]
    assert first["left"] == "我们我们我们的"  # context stops at the start of the body
    assert first["right"] == "战略是云计算。云"
    # the second ends its paragraph: the context crosses the blank line as one space
    assert df.iloc[1]["right"] == "！ 服务器超过1"
    assert "\n" not in "".join(df["left"]) + "".join(df["right"])
    assert all(len(s) <= 8 for s in list(df["left"]) + list(df["right"]))
    text = store.read_table(synth, "documents").set_index("doc_id").loc["zh", "text"]
    assert all(text[s:e] == "产业互联网" for s, e in zip(df["start"], df["end"], strict=True))


def test_kwic_latin_any_case_whole_words(synth: Path, registry) -> None:
    df = corpus.kwic(synth, "cloud", registry, width=10)
    assert list(df["term"]) == ["Cloud", "CLOUD"]  # not "cloudy", not the footer's Cloud
    assert df.iloc[0]["left"] == "Tong said "
    assert df.iloc[1]["left"] == "d the " or df.iloc[1]["left"].endswith("the ")


def test_kwic_speaker_filter_takes_any_alias(synth: Path, registry) -> None:
    df = corpus.kwic(synth, "产业互联网", registry, speaker="Poshu Yeung")
    assert list(df["speaker"]) == ["邱跃鹏"]
    assert corpus.kwic(synth, "人工智能", registry, speaker="邱跃鹏").empty


def test_kwic_empty_term_and_missing_store(synth: Path, registry, tmp_path: Path) -> None:
    with pytest.raises(SpeechesError, match="needs a term"):
        corpus.kwic(synth, "  ", registry)
    with pytest.raises(NoTable):
        corpus.kwic(tmp_path / "none", "x", registry)


def test_aligned_lines_line_up_on_the_term(synth: Path, registry) -> None:
    df = corpus.kwic(synth, "产业互联网", registry, width=6)
    lines = corpus.aligned(df)
    assert len(lines) == 3
    # the term starts in the same terminal column on every line, after the widest left context
    column = max(corpus.display_width(x) for x in df["left"]) + 2
    assert all(starts_at(line, "产业互联网", column) for line in lines)
    assert not starts_at(lines[0], "产业互联网", column + 1)
    assert all(line.rstrip().endswith(("汤道生", "邱跃鹏")) for line in lines)
    assert corpus.display_width("产业a") == 5


# -- CLI -------------------------------------------------------------------------------------


def test_cli_keywords_formats(synth: Path) -> None:
    args = ["keywords", "--speaker", "Dowson Tong", "--store", str(synth)]
    as_json = run(*args, "--format", "json")
    assert as_json.exit_code == 0, as_json.output
    rows = json.loads(as_json.stdout)
    assert [r["term"] for r in rows] == ["云计算", "产业互联网"]
    assert set(rows[0]) == set(corpus.KEYWORD_COLUMNS)
    as_csv = run(*args, "--format", "csv")
    parsed = list(csv.DictReader(io.StringIO(as_csv.stdout)))
    assert [r["term"] for r in parsed] == ["云计算", "产业互联网"]
    assert float(parsed[0]["g2"]) == pytest.approx(rows[0]["g2"])
    table = run(*args)  # not a terminal: tab-separated
    assert table.exit_code == 0
    assert table.stdout.splitlines()[0].split("\t")[:3] == ["term", "count", "other"]
    assert table.stdout.splitlines()[1].startswith("云计算\t2\t0")


def test_cli_keywords_word_list_and_top(synth: Path) -> None:
    result = run("keywords", "--top", "2", "--format", "json", "--store", str(synth))
    assert [r["term"] for r in json.loads(result.stdout)] == ["产业互联网", "服务器"]


def test_cli_keywords_unknown_speaker(synth: Path) -> None:
    result = run("keywords", "--speaker", "Dowson Tang", "--store", str(synth))
    assert result.exit_code == 1
    assert "no speaker matches 'Dowson Tang'" in result.stderr and "汤道生" in result.stderr


def test_cli_kwic_formats(synth: Path) -> None:
    args = ["kwic", "產業互聯網", "--width", "6", "--store", str(synth)]
    table = run(*args)
    assert table.exit_code == 0, table.output
    lines = table.stdout.splitlines()
    assert len(lines) == 3 and all("产业互联网" in line for line in lines)
    rows = json.loads(run(*args, "--format", "json").stdout)
    column = max(corpus.display_width(r["left"]) for r in rows) + 2
    assert all(starts_at(line, "产业互联网", column) for line in lines)
    assert [r["speaker"] for r in rows] == ["汤道生", "汤道生", "邱跃鹏"]
    assert rows[0]["source_path"] == "zh.txt" and rows[0]["left"] == "们我们我们的"
    parsed = list(csv.DictReader(io.StringIO(run(*args, "--format", "csv").stdout)))
    assert [r["right"] for r in parsed] == [r["right"] for r in rows]


def test_cli_kwic_no_match_and_help(synth: Path) -> None:
    result = run("kwic", "区块链", "--store", str(synth))
    assert result.exit_code == 0 and result.stdout == ""
    assert "no match for '区块链'" in result.stderr
    assert json.loads(run("kwic", "区块链", "--format", "json", "--store", str(synth)).stdout) == []
    for command in ("kwic", "keywords"):
        helped = run(command, "--help")
        assert helped.exit_code == 0 and "Example:" in helped.stdout
    assert "log-likelihood" in run("keywords", "--help").stdout


# -- the sample corpus -----------------------------------------------------------------------


def test_seed_kwic_industrial_internet(seed_store: Path) -> None:
    result = run("kwic", "产业互联网", "--store", str(seed_store))
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert len(lines) >= 5
    rows = corpus.kwic(seed_store, "产业互联网", load_registry())
    column = max(corpus.display_width(x) for x in rows["left"]) + 2
    assert all(starts_at(line, "产业互联网", column) for line in lines)
    assert any(line.rstrip().endswith("汤道生") for line in lines)
    # Traditional finds the same lines
    assert run("kwic", "產業互聯網", "--store", str(seed_store)).stdout == result.stdout


def test_seed_kwic_names_any_script_and_case(seed_store: Path, registry) -> None:
    trad = corpus.kwic(seed_store, "湯道生", registry)
    assert len(trad) >= 3 and set(trad["term"]) == {"汤道生"}
    english = corpus.kwic(seed_store, "dowson tong", registry)
    assert len(english) >= 1 and set(english["term"]) == {"Dowson Tong"}
    assert set(english["source_path"]) == {"003_3edb3706dee1d4e9.txt"}


def test_seed_keywords_tang_are_content_words(seed_store: Path) -> None:
    result = run("keywords", "--speaker", "汤道生", "--format", "json", "--store", str(seed_store))
    assert result.exit_code == 0, result.output
    rows = json.loads(result.stdout)
    terms = [r["term"] for r in rows]
    assert len(terms) == 30
    assert not set(terms) & corpus.stopwords()
    assert all(corpus.is_content_word(t) for t in terms)
    assert "产业互联网" in terms[:5]
    assert all(r["g2"] >= 3.84 and r["per_10k"] > r["other_per_10k"] for r in rows)
    assert "汤道生" not in terms


def test_seed_word_list(seed_store: Path) -> None:
    result = run("keywords", "--format", "csv", "--top", "10", "--store", str(seed_store))
    parsed = list(csv.DictReader(io.StringIO(result.stdout)))
    assert len(parsed) == 10
    assert {"tencent", "腾讯"} <= {r["term"] for r in parsed}
    counts = [int(r["count"]) for r in parsed]
    assert counts == sorted(counts, reverse=True)
