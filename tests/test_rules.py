from pathlib import Path

import pytest

from speeches.errors import BadRule
from speeches.rules import load_rules
from speeches.stages.extract import Extractor


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "rules.toml"
    path.write_text(text, encoding="utf-8")
    return path


def test_user_rules_add_a_kind(tmp_path: Path) -> None:
    rules = load_rules(write(tmp_path, '[[kind]]\nname = "stores"\nnouns_zh = ["门店"]\nmeasures_zh = ["家"]\n'))
    got = Extractor(rules).find("公司已经开设了超过300家门店。")
    assert [(m.kind, m.value, m.qualifier) for m in got] == [("stores", 300, "more_than")]


def test_user_rules_extend_a_kind(tmp_path: Path) -> None:
    assert Extractor().find("平台拥有5000万玩家。") == []
    rules = load_rules(write(tmp_path, '[[kind]]\nname = "users"\nnouns_zh = ["玩家"]\n'))
    got = Extractor(rules).find("平台拥有5000万玩家。")
    assert [(m.kind, m.value) for m in got] == [("users", 5e7)]
    # The shipped nouns are still there.
    assert Extractor(rules).find("平台拥有5000万用户。")[0].kind == "users"


def test_user_rules_extend_qualifiers(tmp_path: Path) -> None:
    rules = load_rules(write(tmp_path, '[qualifiers]\nabout.before_zh = ["差不离"]\n'))
    got = Extractor(rules).find("用户差不离有2000万。")
    assert got[0].qualifier == "about"


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ('[[kind]]\nnouns_zh = ["门店"]\n', "kind #1 has no 'name'"),
        ('[[kind]]\nname = "stores"\nnouns_zh = "门店"\n', "kind 'stores' nouns_zh must be a list"),
        ('[[kind]]\nname = "stores"\nexclude = ["(unclosed"]\n', "kind 'stores' exclude '\\(unclosed' is not a valid regex"),
        ('[[kind]]\nname = "stores"\nsynonyms = ["x"]\n', "unknown keys"),
        ('[qualifiers]\nmaybe.before_zh = ["或许"]\n', "unknown qualifier 'maybe'"),
        ('[settings]\nnoun_gap_zh = -1\n', "non-negative integer"),
        ("[[kind]\n", "not valid TOML"),
    ],
)
def test_bad_rule_names_file_and_rule(tmp_path: Path, content: str, message: str) -> None:
    path = write(tmp_path, content)
    with pytest.raises(BadRule, match=message) as info:
        load_rules(path)
    assert str(path) in str(info.value)


def test_missing_rule_file(tmp_path: Path) -> None:
    with pytest.raises(BadRule, match="cannot read"):
        load_rules(tmp_path / "nope.toml")


def test_the_shipped_rules_pass_the_checks_a_user_file_gets() -> None:
    """load_rules does not validate the shipped file at every start: this test does."""
    from speeches.rules import _shipped, validate

    shipped = _shipped()
    assert shipped["kind"] and validate(shipped, "metrics.toml (shipped)") is shipped


def test_a_user_file_is_still_checked_for_nested_repetition(tmp_path: Path) -> None:
    path = tmp_path / "r.toml"
    path.write_text('[[kind]]\nname = "users"\nexclude = ["(a+)+b"]\n', encoding="utf-8")
    load_rules.cache_clear()
    with pytest.raises(BadRule, match="repetition of repetitions"):
        load_rules(path)
