from pathlib import Path

import opencc
import pytest

from speeches import normalize

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
