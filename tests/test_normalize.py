import hashlib
from pathlib import Path

import opencc
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from speeches.stages import normalize

RAW = Path(__file__).resolve().parents[1] / "data" / "raw"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("騰訊全網服務器總量已經超過100萬臺", "腾讯全网服务器总量已经超过100万台"),
        ("湯道生-騰訊高級執行副總裁", "汤道生-腾讯高级执行副总裁"),
        ("劉熾平在會上提到", "刘炽平在会上提到"),
        ("已经是简体中文", "已经是简体中文"),
        ("English text stays", "English text stays"),
        ("", ""),
    ],
)
def test_to_simplified(text: str, expected: str) -> None:
    assert normalize.to_simplified(text) == expected


@pytest.mark.parametrize("path", sorted(RAW.iterdir()), ids=lambda p: p.name)
def test_same_as_plain_opencc_and_same_length(path: Path) -> None:
    text = path.read_text(encoding="utf-8")
    out = normalize.to_simplified(text)
    assert out == opencc.OpenCC("t2s").convert(text)
    assert len(out) == len(text)


def test_precheck_skips_simplified_and_catches_traditional() -> None:
    assert not normalize.has_traditional("腾讯公司总裁刘炽平")
    assert normalize.has_traditional("騰訊")
    # A character outside the BMP that t2s converts is still caught.
    astral = next(chr(c) for c in normalize._char_table() if c > 0xFFFF)
    assert normalize.has_traditional("abc" + astral)


def test_width_normalization_keeps_length() -> None:
    text = "超过１００万台，占６０％"
    out = normalize.normalize(text)
    assert out == "超过100万台，占60%"
    assert len(out) == len(text)


# Every Traditional text in the tests and shipped rules, with what opencc-python-reimplemented
# 0.1.7 (the converter before OpenCC's C++ library) made of it: the switch changed none of them.
REIMPLEMENTED_T2S = [
    (
        "0123456789一二两三十百千万亿萬億零点點多余几分之%％,，.。 -~到至第负的个家年月",
        "0123456789一二两三十百千万亿万亿零点点多余几分之%％,，.。 -~到至第负的个家年月",
    ),
    ("1.4億", "1.4亿"),
    ("1.58億", "1.58亿"),
    ("100萬", "100万"),
    ("1萬7千家", "1万7千家"),
    (
        "2019年5月1日,“遊雲南”小程序及App服務人次超過2300萬。",
        "2019年5月1日,“游云南”小程序及App服务人次超过2300万。",
    ),
    ("3.8萬", "3.8万"),
    ("5~6億", "5~6亿"),
    (
        "5月21日在騰訊全球數字生態大會上,首批演講的騰訊13位高管分別就數字生態、產業互聯網等話題公開了大量數據。",
        "5月21日在腾讯全球数字生态大会上,首批演讲的腾讯13位高管分别就数字生态、产业互联网等话题公开了大量数据。",
    ),
    (
        "5月21日在騰訊全球數字生態大會上,首批演講的騰訊13位高管分別就數字生態等話題公開了大量數據",
        "5月21日在腾讯全球数字生态大会上,首批演讲的腾讯13位高管分别就数字生态等话题公开了大量数据",
    ),
    ("5萬餘", "5万余"),
    ("5萬餘個", "5万余个"),
    ("95後、00後", "95后、00后"),
    ("“見實”招聘新員工,歡迎加入!", "“见实”招聘新员工,欢迎加入!"),
    ("「用戶」", "「用户」"),
    ("一塊蛋糕", "一块蛋糕"),
    ("三點五", "三点五"),
    ("二三十個百分點", "二三十个百分点"),
    ("伺服器之外,騰訊的服務器超過100萬臺。", "伺服器之外,腾讯的服务器超过100万台。"),
    ("佔了大約40%。", "占了大约40%。"),
    ("佔據兩席", "占据两席"),
    ("億", "亿"),
    ("兩千", "两千"),
    ("劉熾平", "刘炽平"),
    ("劉熾平-騰訊公司總裁", "刘炽平-腾讯公司总裁"),
    (
        "劉熾平-騰訊公司總裁\n\n過去一兩年,我們看到一些趨勢\n\n生產率只有八分之一。\n\n//\n\n小編感觸\n\n//\n\n編輯認為,市場很大。\n\n王小明-某公司副总裁\n\n我们有1亿用户。",
        "刘炽平-腾讯公司总裁\n\n过去一两年,我们看到一些趋势\n\n生产率只有八分之一。\n\n//\n\n小编感触\n\n//\n\n编辑认为,市场很大。\n\n王小明-某公司副总裁\n\n我们有1亿用户。",
    ),
    ("劉熾平在會上提到", "刘炽平在会上提到"),
    ("十打蘋果", "十打苹果"),
    ("已經進入超過1千家醫院。", "已经进入超过1千家医院。"),
    ("幾千萬", "几千万"),
    ("幾千萬級的QQ會員", "几千万级的QQ会员"),
    ("我準備要退伍了", "我准备要退伍了"),
    ("數以千萬計", "数以千万计"),
    ("數百億", "数百亿"),
    (
        "日本語のテキストです。東京で会議が開かれました。",
        "日本语のテキストです。东京で会议が开かれました。",
    ),
    ("月活躍用戶近3億。", "月活跃用户近3亿。"),
    ("服務器總量超過100萬臺", "服务器总量超过100万台"),
    ("標題", "标题"),
    ("湯道生", "汤道生"),
    ("湯道生-騰訊高級執行副總裁", "汤道生-腾讯高级执行副总裁"),
    ("產業互聯網", "产业互联网"),
    ("用戶", "用户"),
    ("用户达到5~6億", "用户达到5~6亿"),
    ("百分之一百二十點五", "百分之一百二十点五"),
    (
        "的一是在不了有和人這中大為上個國我以要他時來用們生到作地於出就分對成會可主發年動",
        "的一是在不了有和人这中大为上个国我以要他时来用们生到作地于出就分对成会可主发年动",
    ),
    ("肆佰陸拾", "肆佰陆拾"),
    ("萬", "万"),
    ("萬億兩點", "万亿两点"),
    ("見實", "见实"),
    ("負三十二", "负三十二"),
    ("邱躍鵬", "邱跃鹏"),
    ("醫院", "医院"),
    ("馬化騰", "马化腾"),
    ("騰訊", "腾讯"),
    (
        "騰訊13位高管:超過100萬臺服務器,60%的醫院,近300家醫院,覆蓋用戶1.4億人;over 300 million users.",
        "腾讯13位高管:超过100万台服务器,60%的医院,近300家医院,覆盖用户1.4亿人;over 300 million users.",
    ),
    ("騰訊13位高管發佈了這些數據", "腾讯13位高管发布了这些数据"),
    (
        "騰訊13位高管發佈了這些數據騰訊13位高管發佈了這些數據",
        "腾讯13位高管发布了这些数据腾讯13位高管发布了这些数据",
    ),
    (
        "騰訊13位高管發佈了這些數據，公開了大量數據，及探討了未來發展趨勢。",
        "腾讯13位高管发布了这些数据，公开了大量数据，及探讨了未来发展趋势。",
    ),
    ("騰訊全網服務器總量已經超過100萬臺", "腾讯全网服务器总量已经超过100万台"),
    ("騰訊發佈了這些數據。", "腾讯发布了这些数据。"),
    ("騰訊發佈了這些數據，用戶超過十億。", "腾讯发布了这些数据，用户超过十亿。"),
    ("騰訊視頻付費會員達到8900萬。", "腾讯视频付费会员达到8900万。"),
    ("騰訊高管發佈數據", "腾讯高管发布数据"),
]
# blake2b-128 of each seed's to_simplified output under opencc-python-reimplemented 0.1.7.
REIMPLEMENTED_SEEDS = {
    "000_48574bf241f505da.txt": "731e1af8314e6e22533a4c210e4c20a2",
    "001_04126f5ed0747034.txt": "eed1fd49866d977e8a8ce536754ada32",
    "002_f7e51955b27f69e8.txt": "0ed594ca0418aacf64a3a595aaefcfed",
    "003_3edb3706dee1d4e9.txt": "d15fed06f65eb0b4bd63459998c8df1e",
    "004_3574d1f44ea60117.txt": "c97c6d71b2c6726ee510ca444f4f247e",
}


@pytest.mark.parametrize(("text", "expected"), REIMPLEMENTED_T2S)
def test_same_output_as_the_pure_python_converter(text: str, expected: str) -> None:
    assert normalize.to_simplified(text) == expected


@pytest.mark.parametrize("path", sorted(RAW.iterdir()), ids=lambda p: p.name)
def test_seeds_same_output_as_the_pure_python_converter(path: Path) -> None:
    out = normalize.to_simplified(path.read_text(encoding="utf-8"))
    digest = hashlib.blake2b(out.encode("utf-8"), digest_size=16).hexdigest()
    assert digest == REIMPLEMENTED_SEEDS[path.name]


@pytest.mark.parametrize("path", sorted(RAW.iterdir()), ids=lambda p: p.name)
def test_whole_page_converts_as_its_lines(path: Path) -> None:
    # to_simplified converts a page in one call and relies on OpenCC never matching across
    # a line break.
    text = path.read_text(encoding="utf-8")
    convert = opencc.OpenCC("t2s").convert
    assert normalize.to_simplified(text) == "\n".join(convert(line) for line in text.split("\n"))


class _Lengthening:
    """A converter whose phrase rewrite changes a length, as OpenCC's could."""

    def convert(self, text: str) -> str:
        return text.replace("騰訊", "腾讯公司").replace("數據", "数据")


def test_length_change_falls_back_per_line(monkeypatch: pytest.MonkeyPatch) -> None:
    table = normalize._char_table()  # built with the real converter
    monkeypatch.setattr(normalize, "_converter", lambda: _Lengthening())
    monkeypatch.setattr(normalize, "_char_table", lambda: table)
    text = "騰訊發佈\n數據\n\nplain"
    out = normalize.to_simplified(text)
    assert out == "腾讯发布\n数据\n\nplain"
    assert len(out) == len(text)


def test_lone_surrogate_converts_character_by_character() -> None:
    assert normalize.to_simplified("騰\udcff訊") == "腾\udcff讯"


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.sampled_from([chr(c) for c in range(0xFF00, 0xFF70)] + list("a1 腾%"))))
def test_width_runs_same_as_translating_every_character(text: str) -> None:
    assert normalize.normalize_width(text) == text.translate(normalize._WIDTH)


# Around the UTF-8 look for wide characters: other characters that start with the byte EF
# (U+F000-U+FFFF), lone surrogates, characters of 2 and 4 bytes.
_NEAR_WIDE = [chr(c) for c in (0xF000, 0xFEFF, 0xFF01, 0xFF0C, 0xFF40, 0xFF5F, 0xFFFD, 0xD800)]
_NEAR_WIDE += ["\udcff", "é", "𠀀", "马", "a", "１", "Ｚ", "～", "％"]


@settings(max_examples=500, deadline=None)
@given(st.text(alphabet=st.sampled_from(_NEAR_WIDE)))
def test_width_looked_for_in_utf8_same_as_translating(text: str) -> None:
    assert normalize.normalize_width(text) == text.translate(normalize._WIDTH)


def test_the_utf8_look_finds_the_wide_characters_and_nothing_else() -> None:
    """Every code point in one text, encoded: the matches are the wide characters, each once."""
    every = "".join(map(chr, range(0x80, 0x110000)))
    found = normalize._WIDE_UTF8.findall(every.encode("utf-8", "surrogatepass"))
    assert [b.decode() for b in found] == [chr(code) for code in sorted(normalize._WIDTH)]


def test_traditional_only_bmp_is_the_bmp_part() -> None:
    every = normalize.traditional_only()
    bmp = normalize.traditional_only_bmp()
    assert bmp == {char for char in every if ord(char) <= 0xFFFF}
    assert "騰" in bmp and "腾" not in bmp
    assert any(ord(char) > 0xFFFF for char in every - bmp)


# --- short texts normalized once per process (issue 16) ------------------------------------


@settings(max_examples=300, deadline=None)
@given(st.text(st.sampled_from(list("騰訊发布數據ＡＢ１２%a ß\n\udcff")), max_size=80))
def test_a_remembered_normalization_is_the_normalization(text: str) -> None:
    expected = normalize.normalize_width(normalize.to_simplified(text))
    assert normalize.normalize(text) == expected
    assert normalize.normalize(text) == expected  # (now from the memo when short)


def test_a_short_text_is_converted_once_and_the_memo_is_bounded() -> None:
    from conftest import pure

    plain = pure("speeches.stages.normalize")
    calls: list[str] = []
    convert = plain.to_simplified

    def counted(text: str) -> str:
        calls.append(text)
        return convert(text)

    plain.to_simplified = counted
    plain._MEMO_SIZE = 3
    assert [plain.normalize("騰訊") for _ in range(3)] == ["腾讯"] * 3
    assert calls == ["騰訊"]
    for text in ("數據", "發佈", "網絡", "開發"):
        plain.normalize(text)
    assert len(plain._memo) <= 3
    long = "騰訊" * 40  # longer than the memo takes
    plain.normalize(long)
    plain.normalize(long)
    assert calls.count(long) == 2
    plain.normalize("plain ascii")
    assert "plain ascii" not in plain._memo
