import re
from pathlib import Path

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from speeches.models import Document, Section
from speeches.rules.speakers import load_registry
from speeches.stages import decode, normalize, segment

ROOT = Path(__file__).resolve().parents[1]
RAW = ROOT / "data" / "raw"
# The project's own texts: the seeds, the real dev pages and the fixture corpus.
TEXTS = sorted(
    p
    for folder in (RAW, ROOT / "tests" / "real" / "docs", ROOT / "tests" / "fixtures" / "corpus")
    for p in folder.rglob("*")
    if p.is_file()
)
NAMES = tuple(sorted(load_registry().segmenter_words()))


def test_registry_names_stay_whole() -> None:
    tokens = [t for t, _ in segment.tokenize("汤道生称，邱跃鹏说", ["汤道生", "邱跃鹏"])]
    assert "汤道生" in tokens and "邱跃鹏" in tokens


def test_offsets_point_into_text() -> None:
    text = "产业互联网 is 大势所趋"
    for token, start in segment.tokenize(text):
        assert text[start : start + len(token)] == token
        assert not token.isspace()


def test_run_tokens_cover_sections_with_document_offsets() -> None:
    doc = Document(source_path="x", raw="", text="标题\n腾讯云推出云启计划。")
    doc.sections = [Section(0, 3, 13, None, "narration")]
    segment.run(doc)
    assert doc.tokens[0].start == 3
    assert all(doc.text[t.start : t.start + len(t.token)] == t.token for t in doc.tokens)
    assert [t.position for t in doc.tokens] == list(range(len(doc.tokens)))


def test_positions_count_from_zero_in_each_section_however_long() -> None:
    text = "\n".join(["词 " * 5000, "云 " * 3])
    doc = Document(source_path="x", raw="", text=text)
    doc.sections = [Section(4, 0, 10_000, None, "narration"), Section(9, 10_001, len(text))]
    segment.run(doc)
    assert list(doc.tokens.section_id) == [4] * 5000 + [9] * 3
    assert list(doc.tokens.position) == [*range(5000), *range(3)]


def test_run_keeps_one_string_per_distinct_token_of_a_big_document(monkeypatch) -> None:
    # A big document's tokens hold each distinct word once (a 12 MB page's tokens used to
    # take four times the memory, one string object per token).
    monkeypatch.setattr(segment, "_INTERN_FROM_CHARS", 300)
    text = "腾讯云的用户。" * 50
    doc = Document(source_path="x", raw="", text=text)
    doc.sections = [Section(0, 0, len(text), None, "narration")]
    segment.run(doc)
    words = doc.tokens.token
    assert len(words) >= 150 and len({id(w) for w in words}) == len(set(words))


def test_dictionary_cache_gives_the_same_dictionary(tmp_path, monkeypatch) -> None:
    monkeypatch.setenv("SPEECHES_CACHE_DIR", str(tmp_path))
    built = segment.tokenizer.__wrapped__(("汤道生",))  # no cache yet: built and written
    assert len(list(tmp_path.glob("speeches-jieba-*.cache"))) == 1
    cached = segment.tokenizer.__wrapped__(("汤道生",))
    assert cached.initialized and cached.total == built.total and cached.FREQ == built.FREQ
    assert cached.FREQ["汤道生"] == built.FREQ["汤道生"] > 0
    # Other names make another dictionary, under another key.
    other = segment.tokenizer.__wrapped__(("邱跃鹏",))
    assert "邱跃鹏" in other.FREQ and "汤道生" not in other.FREQ
    assert len(list(tmp_path.glob("speeches-jieba-*.cache"))) == 2


def test_damaged_dictionary_cache_is_rebuilt(tmp_path, monkeypatch) -> None:
    monkeypatch.setenv("SPEECHES_CACHE_DIR", str(tmp_path))
    good = segment.tokenizer.__wrapped__(())
    (cache,) = tmp_path.glob("speeches-jieba-*.cache")
    cache.write_bytes(cache.read_bytes()[:1000])  # truncated
    again = segment.tokenizer.__wrapped__(())
    assert again.FREQ == good.FREQ and again.total == good.total


# --- Same tokens as jieba itself (the regex path for lines of no Han, the one-pass route) ---


def jieba_tokens(text: str, names: tuple[str, ...] = ()) -> list[tuple[str, int]]:
    """What jieba's own Tokenizer.tokenize gives (precise mode, HMM), whitespace dropped."""
    tk = segment.tokenizer(tuple(sorted(names)))
    return [(w, s) for w, s, _ in tk.tokenize(text) if not w.isspace()]


@pytest.mark.parametrize("path", TEXTS, ids=lambda p: f"{p.parent.name}/{p.name}")
def test_same_tokens_as_jieba_on_the_projects_texts(path: Path) -> None:
    text = normalize.normalize(decode.read_text(path)[0])
    assert segment.tokenize(text, NAMES) == jieba_tokens(text, NAMES)


@pytest.mark.parametrize(
    "text",
    [
        "C++ and AT&T, c# code",  # ASCII dictionary words: the line goes the long way
        "云云云，哈哈哈哈哈，谢谢谢谢",  # equally likely splits: the tie goes jieba's way
        "腾讯2018年用户超过10.5亿，增长12.5%%。",
        "刘炽平-腾讯公司总裁 T-shirt 2018-11-7",
        "Windows\r\nline two\r\n\r\n汤道生说",
        "a.b..1 .5 -5% 1.5%% x_y&z #tag",
        "\u3000全角空格\xa0不间断空格 é ü ñ — “引号”",
        "\n\nleading and trailing newlines\n\n",
        # jieba-rs keeps these ASCII runs whole; jieba's HMM regex cuts them
        "T-shirt 2019-07-03 www.ntdtv.com a831443.html 3.5G 2.5-3% cent.The p.m. COVID-19",
        "腾讯T-shirt云2019-07-03发布，3.5G网络，6618.HK股价",
        # jieba-rs takes these for Han (Extension A and B, compatibility), jieba does not
        "中\u3400文 腾讯\U00020000云 服务\uf900器 \u9fd6\u9fff鑫 𠀀𠀁abc中文",
        "",
    ],
)
def test_same_tokens_as_jieba_on_edge_cases(text: str) -> None:
    assert segment.tokenize(text, NAMES) == jieba_tokens(text, NAMES)


_ALPHABET = st.sampled_from(
    list("abcXYZ0159+#&._%-")
    + list(" \t\n\r\u3000，。、:“”()")
    + ["C++", "AT&T", "c#", "腾讯", "汤道生", "互联网", "产业", "的", "了", "我们", "云", "用户"]
    + list("腾讯云服务器医院亿万你好世界鑫淼")
)


def _hmm_score(text: str, words: list[str]) -> float:
    """The log probability jieba's HMM (finalseg) gives the tags that cut `text` into `words`."""
    from jieba import finalseg

    tags = "".join("S" if len(w) == 1 else "B" + "M" * (len(w) - 2) + "E" for w in words)
    score = finalseg.start_P[tags[0]] + finalseg.emit_P[tags[0]].get(text[0], finalseg.MIN_FLOAT)
    for prev, tag, char in zip(tags, tags[1:], text[1:], strict=False):
        score += finalseg.trans_P[prev].get(tag, finalseg.MIN_FLOAT)
        score += finalseg.emit_P[tag].get(char, finalseg.MIN_FLOAT)
    return score


def test_a_tie_between_equally_likely_unknown_words_is_the_one_known_difference() -> None:
    # 云服服服服 is no word: jieba's HMM may tag it BEBME (云服/服服服) or BMEBE (云服服/服服),
    # two paths with exactly the same probability; jieba and jieba-rs do not take the same.
    # That is the one place the tokens may differ (none in the project's texts, none in
    # 20,000 random strings of 5-30 frequent characters).
    text = "云服服服服"
    ours = [w for w, _ in segment.tokenize(text, NAMES)]
    theirs = [w for w, _ in jieba_tokens(text, NAMES)]
    assert ours != theirs and sorted([ours, theirs]) == [["云服", "服服服"], ["云服服", "服服"]]
    assert _hmm_score(text, ours) == _hmm_score(text, theirs)  # a true tie


def test_a_tie_between_dictionary_routes_of_the_same_words_is_a_known_difference() -> None:
    # 亿亿亿 is a dictionary word: 亿亿亿亿 cuts into 亿 + 亿亿亿 or 亿亿亿 + 亿, the same words
    # in another order, so the same route probability; jieba and jieba-rs break the tie apart.
    text = "腾亿亿亿亿齉"
    ours = [w for w, _ in segment.tokenize(text, NAMES)]
    theirs = [w for w, _ in jieba_tokens(text, NAMES)]
    assert ours != theirs and sorted(ours) == sorted(theirs)
    _assert_jieba_tokens_up_to_ties(text)


def _assert_jieba_tokens_up_to_ties(text: str) -> None:
    """The same tokens as jieba, or a difference that is a tie: confined to a run of Han
    characters that repeats a character, cut two ways the HMM finds equally likely, or into
    the same words in another order (dictionary routes of equal probability)."""
    ours, theirs = segment.tokenize(text, NAMES), jieba_tokens(text, NAMES)
    if ours == theirs:
        return
    head = next(i for i, (x, y) in enumerate(zip(ours, theirs, strict=False)) if x != y)
    tail = next(i for i, (x, y) in enumerate(zip(ours[::-1], theirs[::-1], strict=False)) if x != y)
    mine, jiebas = ours[head : len(ours) - tail], theirs[head : len(theirs) - tail]
    start = mine[0][1]
    end = mine[-1][1] + len(mine[-1][0])
    region = text[start:end]
    assert end == jiebas[-1][1] + len(jiebas[-1][0]) and "".join(w for w, _ in jiebas) == region
    assert segment._HAN.fullmatch(region) and len(set(region)) < len(region), (ours, theirs)
    if sorted(w for w, _ in mine) == sorted(w for w, _ in jiebas):
        return  # the same words in another order: the same route probability
    a = _hmm_score(region, [w for w, _ in mine])
    b = _hmm_score(region, [w for w, _ in jiebas])
    assert abs(a - b) <= 1e-9 * abs(a), (ours, theirs)


@settings(max_examples=300, deadline=None)
@given(st.lists(_ALPHABET, max_size=40).map("".join))
def test_same_tokens_as_jieba_on_any_mix(text: str) -> None:
    _assert_jieba_tokens_up_to_ties(text)


_HAN_CHARS = list("腾讯云服务器医院亿万你好世界的了是我们产业互联网鑫淼犇骉龘靐齉爩") + [
    "\u9fd5",
    "\u4e00",
]


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(_HAN_CHARS), min_size=1, max_size=30).map("".join))
@example("腾亿亿亿亿齉")
def test_same_tokens_as_jieba_on_unknown_han_runs(text: str) -> None:
    _assert_jieba_tokens_up_to_ties(text)


def test_dictionary_key_reads_jiebas_own_dictionary_and_version() -> None:
    # The key is read without importing jieba; it must be what jieba itself would open.
    import jieba

    key = segment._dictionary_key.__wrapped__(("汤道生",))
    with jieba.Tokenizer().get_dict_file() as fh:
        assert key[0] == fh.read()
    assert key[1] == jieba.__version__.encode()
    assert key[-1] == "汤道生".encode()


def test_a_worker_with_cached_dictionaries_does_not_import_jieba(tmp_path) -> None:
    # jieba (with pkg_resources) is imported only to build a dictionary; a worker whose
    # dictionaries are cached segments with rjieba alone.
    import os
    import subprocess
    import sys

    code = (
        "import sys; from speeches.stages import segment; from speeches.write import worker; "
        "ctx = worker.context(None, None); segment.tokenize('腾讯云的用户', ctx.names); "
        "print('jieba' in sys.modules)"
    )
    run = [sys.executable, "-c", code]
    env = {**os.environ, "SPEECHES_CACHE_DIR": str(tmp_path)}
    subprocess.run(run, check=True, capture_output=True, env=env)  # builds the caches
    out = subprocess.run(run, check=True, capture_output=True, text=True, env=env)
    assert out.stdout.strip() == "False"


def test_the_segmenter_does_not_build_rjiebas_default_dictionary() -> None:
    # rjieba's package __init__ builds a Jieba over jieba-rs's own dictionary at import: the
    # segmenter loads the extension module alone, and `import rjieba` still works after it.
    import subprocess
    import sys

    code = (
        "import sys; from speeches.stages import segment; "
        "print(segment.tokenize('腾讯云的用户'), 'rjieba' in sys.modules); "
        "import rjieba; print(rjieba.Jieba is segment._rjieba().Jieba, rjieba.cut('腾讯云'))"
    )
    out = subprocess.run([sys.executable, "-c", code], check=True, capture_output=True, text=True)
    first, second = out.stdout.strip().splitlines()
    assert first == "[('腾讯云', 0), ('的', 3), ('用户', 4)] False"
    assert second.startswith("True [")


def test_the_default_dictionary_check_fails_on_any_other_dictionary() -> None:
    # The segmenter starts from rjieba's own dictionary only where it is jieba's dict.txt.
    base = segment._dict_txt()
    assert segment._default_is_jieba(base)
    assert not segment._default_is_jieba({**base, "的": base["的"] + 2})
    assert not segment._default_is_jieba({**base, "腾讯": base["腾讯"] - 2})
    assert not segment._default_is_jieba({**base, "汤道生": 2_000_000})  # not in it


@pytest.fixture(scope="module")
def from_every_word() -> segment._Segmenter:
    """A segmenter built the other way: every word of the dictionary added to an empty one."""
    from_default, _words, _freqs, pad, ascii_words = segment._words(NAMES)
    assert from_default  # else the test below compares the same segmenter with itself
    every = {w: f for w, f in segment.tokenizer(NAMES).FREQ.items() if f}
    return segment._Segmenter(False, list(every), list(every.values()), pad, ascii_words)


@pytest.mark.parametrize("path", TEXTS[:30], ids=lambda p: f"{p.parent.name}/{p.name}")
def test_the_segmenter_from_the_default_dictionary_cuts_as_one_from_every_word(
    path: Path, from_every_word: segment._Segmenter
) -> None:
    text = normalize.normalize(decode.read_text(path)[0])
    assert from_every_word.spans(text) == segment._segmenter(NAMES).spans(text)


# --- A document's sections are cut in place: the same tokens as each section cut alone ---


def _sections_cut_alone(doc: Document) -> list[tuple[int, int, str, int]]:
    """What `run` gave before it cut sections in place: each section's text cut on its own
    (`tokenize`), starts moved by the section's start."""
    rows = []
    for s in doc.sections:
        for position, (word, start) in enumerate(
            segment.tokenize(doc.text[s.start : s.end], NAMES)
        ):
            rows.append((s.section_id, position, word, s.start + start))
    return rows


def _tokens(doc: Document) -> list[tuple[int, int, str, int]]:
    return [(t.section_id, t.position, t.token, t.start) for t in doc.tokens]


@settings(max_examples=200, deadline=None)
@given(
    st.lists(_ALPHABET | st.sampled_from(["\u3400", "𠀀", "é", "C++x"]), max_size=60).map("".join),
    st.lists(st.integers(0, 60), max_size=8),
)
def test_sections_cut_in_place_give_the_tokens_of_each_cut_alone(
    text: str, cuts: list[int]
) -> None:
    # Sections at any bounds, touching or not: the ASCII path's pos/endpos, the Han path's
    # slice and the offsets added inside must give what slicing first gave.
    bounds = sorted({min(c, len(text)) for c in cuts})
    doc = Document(source_path="x.txt", raw=text, text=text)
    doc.sections = [
        Section(i, a, b) for i, (a, b) in enumerate(zip(bounds[::2], bounds[1::2], strict=False))
    ]
    assert _tokens(segment.run(doc, NAMES)) == _sections_cut_alone(doc)


@pytest.mark.parametrize("path", TEXTS[:40], ids=lambda p: f"{p.parent.name}/{p.name}")
def test_a_pages_sections_cut_in_place_give_the_tokens_of_each_cut_alone(path: Path) -> None:
    text = normalize.normalize(decode.read_text(path)[0])
    paragraphs = [(m.start(), m.end()) for m in re.finditer(r"[^\n]+", text)]
    doc = Document(source_path=path.name, raw=text, text=text)
    doc.sections = [Section(i, a, b) for i, (a, b) in enumerate(paragraphs)]
    assert _tokens(segment.run(doc, NAMES)) == _sections_cut_alone(doc)


# --- The ASCII path: cut at whitespace, then piece by piece, as the pattern cuts the text ---


def _ascii_pattern_spans(text: str, start: int, end: int) -> tuple[list[str], list[int]]:
    """What the ASCII path gave before it cut at whitespace: one pass of the pattern."""
    found = list(segment._ASCII_TOKEN.finditer(text, start, end))
    return [m.group() for m in found], [m.start() for m in found]


_ASCII_ALPHABET = st.sampled_from(
    list("aZ09+#&._%-,;:!?'\"()/")
    + ["said", "3.5", "12.5%", "T-shirt", "growth.", "rate,", "50%.", "a%", "x_", "é", "٣", "١٢"]
    # whitespace str.split and re's \s both know, and characters that only look like it
    + list(" \t\n\r\x0b\x0c\x1c\x1d\x1e\x1f\x85\xa0\u1680\u2000\u2028\u3000\u200b\ufeff")
)


@settings(max_examples=500, deadline=None)
@given(st.lists(_ASCII_ALPHABET, max_size=50).map("".join), st.integers(0, 60), st.integers(0, 60))
def test_ascii_path_cuts_as_its_pattern(text: str, a: int, b: int) -> None:
    start, end = sorted((min(a, len(text)), min(b, len(text))))
    assert segment._ascii_spans(text[start:end], start) == _ascii_pattern_spans(text, start, end)


def test_ascii_path_cuts_the_development_pages_as_its_pattern() -> None:
    from conftest import development_pages

    for page in development_pages("heldout/docs", "fresh/docs"):
        assert segment._ascii_spans(page, 0) == _ascii_pattern_spans(page, 0, len(page))


# --- One pass tells a paragraph jieba-rs cuts as jieba does; where block characters mix ---

_OLD_MIXED = re.compile(r"(?=[a-zA-Z0-9][+#&._%\-]|[+#&._%\-][a-zA-Z0-9])")
_SPECIAL = st.sampled_from(
    list("aZ9+#&._%-云 \t\n\u3000\xa0\u3400\uf900\u9fd6鑫\x1c\x85\u2028\u200a\u200b\ufeff")
    + ["𠀀", "a-b", "3.5%"]
)


def test_the_listed_whitespace_is_what_re_and_str_take_for_whitespace() -> None:
    every = "".join(map(chr, range(0x110000)))
    listed = re.findall(f"[{segment._WHITESPACE_CHARS}]", every)
    assert listed == re.findall(r"\s", every) == [char for char in every if char.isspace()]


@settings(max_examples=500, deadline=None)
@given(st.lists(_SPECIAL, max_size=30).map("".join))
def test_mixed_places_and_the_one_pass_check_find_what_the_three_patterns_found(
    text: str,
) -> None:
    assert [m.start() for m in segment._MIXED.finditer(text)] == [
        m.start() for m in _OLD_MIXED.finditer(text)
    ]
    three = (segment._SPACE, segment._FOREIGN_HAN, _OLD_MIXED)
    assert (segment._UNUSUAL.search(text) is None) == all(p.search(text) is None for p in three)


@settings(max_examples=300, deadline=None)
@given(
    st.lists(_SPECIAL | st.sampled_from(["腾讯", "\u9fd5", "\u4e00", "\u4dff"]), max_size=20).map(
        "".join
    )
)
def test_one_character_patterns_find_what_the_run_patterns_find(text: str) -> None:
    assert (segment._HAN_CHAR.search(text) is None) == (segment._HAN.search(text) is None)
    assert (segment._FOREIGN_HAN_CHAR.search(text) is None) == (
        segment._FOREIGN_HAN.search(text) is None
    )
