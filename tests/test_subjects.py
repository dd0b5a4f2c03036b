"""What a figure is about: the subject registry and the rules that pick a subject."""

from __future__ import annotations

from pathlib import Path

import pytest

from conftest import subject_of
from speeches.errors import BadRegistry
from speeches.rules.subjects import load_subjects

REGISTRY = load_subjects()


@pytest.mark.parametrize(("text", "figure", "subject"), [
    ("微信及WeChat的合并月活跃账户数为13.59亿", "13.59亿", "微信"),
    ("騰訊雲在全球有超過100萬臺服務器", "100萬臺", "腾讯云"),
    ("中国网民已经突破了11亿", "11亿", "互联网用户"),  # the name inside the figure
    ("超过8千万人用“看点”", "8千万", "QQ看点"),
    ("Over 1.09 billion people use WeChat every day", "1.09 billion", "微信"),
    ("Tencent said 1 billion people use WeChat", "1 billion", "微信"),  # the used name wins
    ("腾讯云有100万台服务器，微软也有200万台", "200万台", "微软"),  # nearest in its clause
    ("Alipay has 1.2 billion users worldwide", "1.2 billion", "支付宝"),
    ("The company said Kuaishou's daily actives reached 300 million", "300 million", "快手"),
])
def test_registry_subjects(text: str, figure: str, subject: str) -> None:
    assert subject_of(text, figure) == subject


@pytest.mark.parametrize(("text", "figure", "subject"), [
    ("超过5000万人用“飞聊”聊天", "5000万", "飞聊"),
    ("Signal now has 40 million monthly users", "40 million", "Signal"),
    ("About 70 million people use Clubhouse", "70 million", "Clubhouse"),
])
def test_names_the_registry_lacks(text: str, figure: str, subject: str) -> None:
    assert subject_of(text, figure) == subject


@pytest.mark.parametrize(("text", "figure"), [
    ("调查显示，60%的受访者表示满意", "60%"),
    ("The survey found 40 million people were online", "40 million"),
    ("We now have more than 100 million users", "100 million"),  # 'We' is not a name
    ("In March 5 million users joined", "5 million"),  # a month is not a name
])
def test_no_subject(text: str, figure: str) -> None:
    assert subject_of(text, figure) is None


def test_paragraph_topic_carries_to_a_sentence_without_a_name() -> None:
    text = "谈到微信时他说。目前月活跃用户超过10亿。"
    assert subject_of(text, "10亿") == "微信"
    text = "谈到微信时他说。\n目前月活跃用户超过10亿。"  # another paragraph: nothing carried
    assert subject_of(text, "10亿") is None


def test_longest_name_wins() -> None:
    assert subject_of("微信支付的用户超过8亿", "8亿") == "微信支付"
    assert subject_of("腾讯云的服务器超过100万台", "100万台") == "腾讯云"


def test_case_rules() -> None:
    # lower-case aliases match any case; aliases with capitals match as written
    assert subject_of("Internet Users in China reached 1 billion", "1 billion") == "互联网用户"
    assert subject_of("jd said 5 million users", "5 million") is None


@pytest.mark.parametrize("name", ["WeChat", "weixin", "微信", "微信及WeChat"])
def test_resolve_any_alias(name: str) -> None:
    assert REGISTRY.resolve(name) == "微信"


def test_resolve_unknown_and_closest() -> None:
    assert REGISTRY.resolve("Wechatt") is None
    assert "微信" in REGISTRY.closest("Wechatt")


def test_user_file_extends_and_adds(tmp_path: Path) -> None:
    extra = tmp_path / "subjects.toml"
    extra.write_text('[[subject]]\nname = "微信"\naliases = ["微信APP"]\n\n'
                     '[[subject]]\nname = "飞书"\naliases = ["Lark", "Feishu"]\nkind = "product"\n',
                     encoding="utf-8")
    registry = load_subjects(extra)
    assert registry.resolve("微信APP") == "微信" and registry.resolve("WeChat") == "微信"
    assert registry.resolve("Feishu") == "飞书"


@pytest.mark.parametrize(("body", "message"), [
    ('[[subject]]\naliases = ["x"]\n', "has no 'name'"),
    ('[[subject]]\nname = "x"\naliases = "y"\n', "must be a list"),
    ('[[subject]]\nname = "x"\naliases = ["  "]\n', "an alias is empty"),
    ('[[subject]]\nname = "x"\nkind = "planet"\n', "'kind' must be one of"),
    ('[[subject]]\nname = "x"\ncolour = "red"\n', "unknown keys"),
    ("[[subject]\n", "not valid TOML"),
])
def test_bad_user_file_is_named(tmp_path: Path, body: str, message: str) -> None:
    bad = tmp_path / "bad.toml"
    bad.write_text(body, encoding="utf-8")
    with pytest.raises(BadRegistry, match=message) as info:
        load_subjects(bad)
    assert str(bad) in str(info.value)


def test_coordinated_names_make_a_joint_subject() -> None:
    assert subject_of("微信和QQ的日活跃用户超过10亿", "10亿") == "微信、QQ"
    assert subject_of("只有25%的人在使用口碑和饿了么", "25%") == "口碑、饿了么"
    assert subject_of("微信的用户超过10亿，QQ也有8亿", "10亿") == "微信"  # must-not: not coordinated


def test_a_registry_name_with_a_product_word_is_a_product() -> None:
    assert subject_of("5亿市民使用微信城市服务", "5亿") == "微信城市服务"
    assert subject_of("QQ浏览器的用户超过1亿", "1亿") == "QQ浏览器"
    assert subject_of("微信的用户超过10亿", "10亿") == "微信"  # must-not: no product word


def test_quoted_names_must_stand_by_the_figure() -> None:
    text = "在「南区物流中心开幕典礼」上，他说，市场份额只有12%左右"
    assert subject_of(text, "12%") is None
    assert subject_of("目前的比例是“8：2”，高于四成", "四成") is None  # a quoted ratio is no name


def test_a_scale_letter_is_not_a_name() -> None:
    assert subject_of("Teams hit 145M DAU last year", "145M") != "M"


def test_dotted_capital_i_is_no_ascii_i() -> None:
    # 'İ' matched 'i' under case-insensitive matching and then had no name to map to
    text = "İnternet users reached 1 billion, internet users in China"
    assert REGISTRY.mentions(text, 0, len(text)) == [
        (text.index("internet"), text.index("internet") + len("internet users"), "互联网用户")]
