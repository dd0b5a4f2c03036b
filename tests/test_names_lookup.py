"""rules.names._word_at looks up only the lengths some lexicon word starting with the
character has: the same answers as trying every length, longest first."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from speeches.rules import names


def every_length(text: str, pos: int, end: int) -> tuple[str, str] | None:
    words = names.lexicon()
    for size in range(min(names._LONGEST, end - pos), 1, -1):
        tag = words.get(text[pos : pos + size])
        if tag is not None:
            return text[pos : pos + size], tag
    return None


_WORDS = sorted(names.lexicon())[::97]  # a spread of the lexicon's words
_PIECES = st.one_of(st.sampled_from(_WORDS), st.sampled_from(list("的了是在八达通用户，。 A1")))


@settings(max_examples=300, deadline=None)
@given(st.lists(_PIECES, max_size=12).map("".join), st.data())
def test_the_longest_word_is_the_one_every_length_finds(text: str, data: st.DataObject) -> None:
    if not text:
        return
    pos = data.draw(st.integers(0, len(text) - 1))
    end = data.draw(st.integers(pos + 1, len(text)))
    assert names._word_at(text, pos, end) == every_length(text, pos, end)


def test_a_word_is_found_whole_and_not_past_the_end() -> None:
    word = next(w for w in _WORDS if len(w) >= 3)
    text = "的" + word + "的"
    assert names._word_at(text, 1, len(text)) == every_length(text, 1, len(text))
    assert names._word_at(text, 1, len(text)) is not None
    assert names._word_at(text, 1, 1 + len(word) - 1) == every_length(text, 1, 1 + len(word) - 1)


def test_the_pair_filter_lets_every_word_opening_through() -> None:
    """page_name skips a place whose first two characters have their filter bit clear: every
    lexicon word's first two have it set, and few bits are set (or the filter spares nothing)."""
    pairs = names._pairs()
    for key in names._sizes():
        slot = names._pair_slot(ord(key[0]), ord(key[1]))
        assert pairs[slot >> 3] >> (slot & 7) & 1, key
    assert sum(bin(byte).count("1") for byte in pairs) < len(pairs) * 8 // 50
