"""speeches.write.cache: derived tables built once, read back equal, rebuilt when damaged."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from speeches.stages import normalize, segment
from speeches.write import cache


@pytest.fixture
def tmpdir_cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("SPEECHES_CACHE_DIR", str(tmp_path))
    return tmp_path


def test_built_once_then_read_back(tmpdir_cache: Path) -> None:
    calls: list[int] = []

    def build() -> dict[str, list[int]]:
        calls.append(1)
        return {"a": [1, 2], "b": []}

    first = cache.cached("t", ("k",), build)
    second = cache.cached("t", ("k",), build)
    assert first == second == {"a": [1, 2], "b": []}
    assert len(calls) == 1
    assert [p.name for p in tmpdir_cache.iterdir()] == [cache.cache_path("t", ("k",)).name]


def test_another_key_is_another_table(tmpdir_cache: Path) -> None:
    assert cache.cached("t", ("one",), lambda: 1) == 1
    assert cache.cached("t", ("two",), lambda: 2) == 2
    assert cache.cached("t", (b"one",), lambda: 3) == 1  # bytes and str keys hash alike
    assert cache.cache_path("t", ("a", "b")) != cache.cache_path("t", ("ab",))


@pytest.mark.parametrize("damage", [b"", b"\x00garbage", b"N", b"\xe9\x00\x00\x00\x00", None])
def test_a_damaged_table_is_rebuilt(tmpdir_cache: Path, damage: bytes | None) -> None:
    cache.cached("t", ("k",), lambda: list(range(1000)))
    path = cache.cache_path("t", ("k",))
    data = path.read_bytes()
    path.write_bytes(data[: len(data) // 2] if damage is None else damage)
    assert cache.cached("t", ("k",), lambda: list(range(1000))) == list(range(1000))
    assert path.read_bytes() == data


@pytest.mark.skipif(os.name != "posix" or os.geteuid() == 0, reason="needs a read-only folder")
def test_an_unwritable_folder_still_gives_the_table(tmpdir_cache: Path) -> None:
    tmpdir_cache.chmod(0o500)
    try:
        assert cache.cached("t", ("k",), lambda: "built") == "built"
        assert list(tmpdir_cache.iterdir()) == []
    finally:
        tmpdir_cache.chmod(0o700)


def test_cached_opencc_tables_equal_fresh_ones(tmpdir_cache: Path) -> None:
    built = normalize._char_table.__wrapped__()
    assert list(tmpdir_cache.glob("speeches-opencc-t2s-chars-*.cache"))
    assert normalize._char_table.__wrapped__() == built
    assert built[ord("湯")] == "汤" and ord("汤") not in built
    only = normalize.traditional_only.__wrapped__()
    assert normalize.traditional_only.__wrapped__() == only
    assert "湯" in only and ord("麽") in built and "麽" not in only


def test_cached_dictionary_words_equal_fresh_ones(tmpdir_cache: Path) -> None:
    names = ("汤道生",)
    tk = segment.tokenizer(names)
    freq = tk.FREQ
    built = segment._words(names)
    assert list(tmpdir_cache.glob("speeches-rjieba-words-*.cache"))
    assert built == segment._words(names)  # read back
    from_default, words, freqs, pad, ascii_words = built
    everything = {w: f for w, f in freq.items() if f}
    added = dict(zip(words, freqs, strict=True))
    if from_default:  # rjieba's own dictionary is dict.txt: only the words that differ
        base = segment._dict_txt()
        assert added == {w: f for w, f in everything.items() if base.get(w) != f}
    else:
        assert added == everything
    assert pad == tk.total - sum(everything.values()) and added["汤道生"] > 0
    assert "C++" in ascii_words or any(w.isascii() for w in ascii_words)
    assert all(freq[w] and w.isascii() and len(w) > 1 for w in ascii_words)
    assert [len(w) for w in ascii_words] == sorted((len(w) for w in ascii_words), reverse=True)
    common = segment.frequent_words.__wrapped__(names, 50, range(2, 4))
    assert common == segment.frequent_words.__wrapped__(names, 50, range(2, 4))
    expected = frozenset(w for w, f in freq.items() if f >= 50 and 2 <= len(w) <= 3)
    assert common == expected and "用户" in common
    assert segment.frequent_words.__wrapped__(names, 50, range(2, 3)) < common


@pytest.mark.skipif(not hasattr(os, "getuid"), reason="file owners are a POSIX notion")
def test_a_table_another_user_left_is_not_trusted(tmpdir_cache: Path, monkeypatch) -> None:
    cache.cached("t", ("k",), lambda: "planted")
    monkeypatch.setattr(os, "getuid", lambda: os.stat(tmpdir_cache).st_uid + 1)
    assert cache.cached("t", ("k",), lambda: "built") == "built"
