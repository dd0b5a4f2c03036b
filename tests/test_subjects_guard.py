"""The subject registry's first-character look-ahead finds exactly what the bare alternation
of names finds (it only turns positions away sooner)."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from speeches import decode, normalize, subjects

ROOT = Path(__file__).resolve().parents[1]
TEXTS = sorted(
    p
    for folder in (ROOT / "data" / "raw", ROOT / "tests" / "real" / "docs")
    for p in folder.rglob("*")
    if p.is_file()
)


def _both(
    monkeypatch: pytest.MonkeyPatch, extra: Path | None = None
) -> tuple[subjects.SubjectRegistry, ...]:
    guarded = subjects.load_subjects(extra)
    monkeypatch.setattr(subjects, "_FIRST_CHARACTER_GUARD", False)
    bare = subjects.load_subjects(extra)
    bare._pattern()  # compiled without the guard
    monkeypatch.setattr(subjects, "_FIRST_CHARACTER_GUARD", True)
    guarded._pattern()
    assert guarded._pattern()[0].pattern.startswith("(?=")
    assert not bare._pattern()[0].pattern.startswith("(?=")
    return guarded, bare


def test_the_same_mentions_in_the_projects_texts(monkeypatch: pytest.MonkeyPatch) -> None:
    guarded, bare = _both(monkeypatch)
    total = 0
    for path in TEXTS:
        text = normalize.normalize(decode.read_text(path)[0])
        found = guarded.mentions(text, 0, len(text))
        assert found == bare.mentions(text, 0, len(text)), path.name
        # a window that starts inside a word: the look-behind still sees the text before it
        assert guarded.mentions(text, 1, len(text) - 1) == bare.mentions(text, 1, len(text) - 1)
        total += len(found)
    assert total > 100


_PIECES = st.sampled_from(
    ["微信", "WeChat", "wechat", "WECHAT", "QQ", "qq", "腾讯云", "阿里云", "Alipay", "xWeChat",
     "Internet users", "INTERNET USERS", "Gamers", "gamers", "GAMERS",
     "Mini programs", "Official Accounts", "online video users", "\u212a", "\u017f", "K",
     "s", "S", " ", "，", "a", "1", "-", "用户", "kwai", "KWAI", "\u212awai", "snack video",
     "\u017fnack video", "Snack Video"]
)  # fmt: skip


@pytest.fixture(scope="module")
def user_subjects(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Names in lower case (any case) that start with k and s, beside the shipped ones."""
    path = tmp_path_factory.mktemp("subjects") / "subjects.toml"
    path.write_text(
        '[[subject]]\nname = "快手"\naliases = ["kwai", "snack video"]\n', encoding="utf-8"
    )
    return path


@settings(max_examples=300, deadline=None)
@given(text=st.lists(_PIECES, max_size=20).map("".join))
def test_the_same_mentions_in_any_mix(user_subjects: Path, text: str) -> None:
    # Names written in lower case match in any case (Internet users, GAMERS), and under
    # IGNORECASE the Kelvin sign and long s fold to k and s: the look-ahead must let all of
    # them through. (Not İ: it matches too, then its casefold is no key of the name table,
    # a KeyError the guard does not change.)
    with pytest.MonkeyPatch.context() as mp:
        guarded, bare = _both(mp, user_subjects)
    assert guarded.mentions(text, 0, len(text)) == bare.mentions(text, 0, len(text))
