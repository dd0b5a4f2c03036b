from pathlib import Path

import pytest

from speeches.errors import BadRegistry
from speeches.rules.speakers import load_registry


@pytest.mark.parametrize(
    ("alias", "canonical"),
    [("汤道生", "汤道生"), ("湯道生", "汤道生"), ("Dowson Tong", "汤道生"), ("dowson tong", "汤道生"),
     ("Pony Ma", "马化腾"), ("馬化騰", "马化腾"), ("MA", "马化腾"), ("Martin Lau", "刘炽平"),
     ("邱躍鵬", "邱跃鹏"), ("nobody at all", None)],
)
def test_resolve_any_alias(alias: str, canonical: str | None) -> None:
    assert load_registry().resolve(alias) == canonical


def test_user_file_extends_registry(tmp_path: Path) -> None:
    extra = tmp_path / "people.toml"
    extra.write_text('[[speaker]]\nname = "张勇"\nenglish = ["Daniel Zhang"]\n\n'
                     '[[speaker]]\nname = "汤道生"\nshort = ["DT"]\n', encoding="utf-8")
    reg = load_registry(extra)
    assert reg.resolve("daniel zhang") == "张勇"
    assert reg.resolve("DT") == "汤道生"
    assert reg.resolve("Dowson Tong") == "汤道生"


@pytest.mark.parametrize(
    ("content", "message"),
    [("[[speaker]]\nenglish = ['X']\n", "has no 'name'"),
     ("[[speaker]]\nname = 'A'\nenglish = 'X'\n", "'english' must be a list"),
     ("[[speaker]]\nname = 'A'\nnickname = ['X']\n", "unknown keys"),
     ("[[speaker]\n", "not valid TOML")],
)
def test_bad_registry_names_file(tmp_path: Path, content: str, message: str) -> None:
    bad = tmp_path / "bad.toml"
    bad.write_text(content, encoding="utf-8")
    with pytest.raises(BadRegistry, match=message) as info:
        load_registry(bad)
    assert str(bad) in str(info.value)


def test_closest_names_for_typos() -> None:
    assert "汤道生" in load_registry().closest("Dowson Tang")
