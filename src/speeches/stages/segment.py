"""The segment stage: jieba word segmentation of the body sections, with character offsets.

The tokens are exactly those of jieba 0.42.1's precise mode with HMM (`Tokenizer.tokenize`),
computed by `rjieba` (Python bindings of jieba-rs, the maintained Rust port) over the same
dictionary: jieba's own dict.txt, the shipped user dictionary and the registry's names, so
汤道生 stays one token instead of 汤道 / 生. jieba itself is still what builds that dictionary
(and what tests/test_segment.py compares against); jieba-rs only walks it: 0.93 CPU s on 5.1 MB
of the project's texts, against 6.43 for jieba and 1.72 for the copy of its route search and
HMM this replaced.

jieba-rs differs from jieba in three places, each undone here:

- its total frequency: jieba's `add_word` adds a re-added word's frequency to the total
  without taking the old one off, jieba-rs replaces it; a word no text can hold (`_PAD`)
  makes up the difference, so every log probability is the same;
- its blocks: jieba-rs takes CJK Extension A-G and the compatibility ideographs (㐀, 𠀀, 﨑)
  for Han, jieba only U+4E00-U+9FD5; the text is cut at those characters, and each is a
  token of its own, as in jieba;
- ASCII runs: where jieba's HMM cuts T-shirt, 2019-07-03, www.x.com or 3.5G into T / - /
  shirt (`finalseg.re_skip`), jieba-rs keeps the run whole; such tokens are cut again with
  jieba's regex, unless they are dictionary words (C++, AT&T).

A text with no Han character and no ASCII dictionary word is cut as jieba's regex cuts it,
without the word graph: at whitespace first, then each piece (`_ascii_spans`).

The one known difference left: where jieba's HMM meets two equally likely tag paths for a
run of unknown characters (a character repeated in it: 云服服服服 is 云服 / 服服服 or 云服服 /
服服), jieba keeps the larger state letter and jieba-rs the first in its order. None in the
project's texts (0 of 1,039,224 tokens on 5.1 MB of them), none in 20,000 random strings of
5-30 frequent characters; tests/test_segment.py shows it and checks that nothing else differs.
"""

from __future__ import annotations

import functools
import importlib.machinery
import importlib.metadata
import importlib.util
import io
import logging
import re
import sys
from array import array
from bisect import bisect_right
from collections import deque
from collections.abc import Iterable
from importlib import resources
from itertools import accumulate, compress, repeat
from operator import not_
from pathlib import Path
from types import ModuleType
from typing import TYPE_CHECKING

from speeches.models import Document, Tokens
from speeches.write import cache

if TYPE_CHECKING:
    import jieba
    import rjieba

# A registry name must outweigh any split of it; jieba's largest common words are ~1e6.
_NAME_FREQ = 2_000_000
# From this many characters a document's token strings are interned: one string per distinct
# word instead of one per token. Interning costs segmentation time that a page of ordinary
# size need not pay (README, Performance, has the figures).
_INTERN_FROM_CHARS = 1_000_000
# The word that makes up jieba-rs's total to jieba's: control characters are in no block, so
# no text is ever matched against it.
_PAD = "\x00\x01"

# jieba 0.42.1's block regexes (jieba.re_han_default; finalseg.re_han, re_skip).
_BLOCK = re.compile("([\u4e00-\u9fd5a-zA-Z0-9+#&\\._%\\-]+)")
_HAN = re.compile("([\u4e00-\u9fd5]+)")
_ALNUM = re.compile("([a-zA-Z0-9]+(?:\\.\\d+)?%?)")
# A line of no Han character, cut the way jieba cuts it: an alphanumeric run (with a decimal
# part and a % sign), a run of the other block characters, or any other character alone.
_ASCII_TOKEN = re.compile(r"[a-zA-Z0-9]+(?:\.\d+)?%?|[+#&._%\-]+|\S")
# Characters jieba-rs takes for Han and jieba does not (jieba-rs's RE_HAN_DEFAULT, less
# U+4E00-U+9FD5): the text is cut at them.
_FOREIGN_HAN_CHARS = (
    "\u3400-\u4dbf\u9fd6-\u9fff\uf900-\ufaff\U00020000-\U0002a6df\U0002a700-\U0002ebef"
    "\U0002f800-\U0002fa1f"
)
_FOREIGN_HAN = re.compile(f"[{_FOREIGN_HAN_CHARS}]+")
# One character of _HAN, and of _FOREIGN_HAN: whether a text holds any. (A pattern that opens
# with a class lets re skip through the text in C; one that opens with a repeat of it, as
# those two, is tried at every character.)
_HAN_CHAR = re.compile("[\u4e00-\u9fd5]")
_FOREIGN_HAN_CHAR = re.compile(f"[{_FOREIGN_HAN_CHARS}]")
# Where an alphanumeric character meets another block character: the only places where
# jieba's regex cuts a run of block characters that jieba-rs keeps whole. (Each match is the
# first of the two characters: written so, the pattern opens with a class, which re skips
# to in C, where a look-ahead is tried at every offset.)
_MIXED = re.compile(r"[a-zA-Z0-9](?=[+#&._%\-])|[+#&._%\-](?=[a-zA-Z0-9])")
# A text without whitespace has no whitespace token to drop (str.isspace and re agree).
_SPACE = re.compile(r"\s")
# The characters re's \s and str.isspace take for whitespace, listed (tests/test_segment.py
# checks the list against every code point): a class of listed characters is one table
# lookup for re, where \s is a test of its own.
_WHITESPACE_CHARS = (
    "\t\n\x0b\x0c\r\x1c-\x1f \x85\xa0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000"
)
# Whitespace, a foreign Han character or a mixed place: a text without any (most paragraphs)
# is jieba-rs's tokens as they stand, told in one pass instead of three. The pattern opens
# with the class of every character such a place starts with, which re skips through in C;
# look-behinds on the character read then tell which place it is.
_ODD_CHARS = _WHITESPACE_CHARS + _FOREIGN_HAN_CHARS
_UNUSUAL = re.compile(
    f"[{_ODD_CHARS}a-zA-Z0-9+#&._%\\-]"
    f"(?:(?<=[{_ODD_CHARS}])|(?<=[a-zA-Z0-9])(?=[+#&._%\\-])|(?<=[+#&._%\\-])(?=[a-zA-Z0-9]))"
)


@functools.cache
def tokenizer(names: tuple[str, ...] = ()) -> jieba.Tokenizer:
    """A ready jieba tokenizer with the user dictionary and `names` as single words.

    Its prefix dictionary (jieba's, plus those words) is built once per machine and read back
    (speeches.write.cache): jieba's own start-up reads its cache with `marshal.load` on a file
    object (0.75 s here, against 0.2 s for `marshal.loads` of the bytes), then adds the user
    words one by one.
    """
    tk: jieba.Tokenizer = _jieba().Tokenizer()

    def build() -> tuple[dict[str, int], int]:
        # Not tk.initialize(): it reads and writes jieba.cache in the shared temporary
        # folder, where another user's file would be loaded (marshal) or fail with a
        # traceback; this process's own cache (speeches.write.cache) keeps the result instead.
        with tk.get_dict_file() as fh:
            tk.FREQ, tk.total = tk.gen_pfdict(fh)
        tk.initialized = True
        tk.load_userdict(io.BytesIO(_userdict()))
        for name in names:
            tk.add_word(name, freq=_NAME_FREQ)
        return tk.FREQ, tk.total

    tk.FREQ, tk.total = cache.cached("jieba", _dictionary_key(names), build)
    tk.initialized = True
    return tk


def _jieba() -> ModuleType:
    """The jieba module, imported when a dictionary must be built or a tokenizer is asked for:
    a worker whose dictionaries are cached (speeches.write.cache) never needs it, and importing it
    (with pkg_resources) takes a fifth of a second."""
    import jieba

    jieba.setLogLevel(logging.WARNING)
    module: ModuleType = jieba
    return module


def _userdict() -> bytes:
    return resources.files("speeches").joinpath("rules", "userdict.txt").read_bytes()


@functools.cache
def _dictionary_key(names: tuple[str, ...]) -> tuple[bytes, ...]:
    """Everything the tokenizer's dictionary is built from: jieba's dict.txt (the file its
    Tokenizer.get_dict_file opens), its version, the user dictionary and the names."""
    spec = importlib.util.find_spec("jieba")  # found, not imported
    if spec is None or spec.origin is None:
        raise ModuleNotFoundError("jieba is not installed")
    main = (Path(spec.origin).parent / "dict.txt").read_bytes()
    version = importlib.metadata.version("jieba").encode()
    return (main, version, _userdict(), str(_NAME_FREQ).encode(), *map(str.encode, names))


@functools.cache
def frequent_words(names: tuple[str, ...], min_freq: int, lengths: range) -> frozenset[str]:
    """The tokenizer's words of `lengths` characters with a frequency of at least `min_freq`."""

    def build() -> frozenset[str]:
        freq = tokenizer(names).FREQ
        return frozenset(w for w, f in freq.items() if f >= min_freq and len(w) in lengths)

    params = f"{min_freq} {lengths.start} {lengths.stop} {lengths.step}"
    return cache.cached("jieba-frequent", (*_dictionary_key(names), params), build)


def _words(names: tuple[str, ...]) -> tuple[bool, list[str], list[int], int, list[str]]:
    """What the segmenter is built from: whether it starts from rjieba's own dictionary; the
    words (frequency above 0) to add to it, and their frequencies; the frequency `_PAD`
    takes to make up jieba's total; and the tokenizer's words made only of block characters
    and no Han one (C++, AT&T), longest first.

    rjieba's own dictionary is jieba's dict.txt (`_default_is_jieba` checks it, once per
    machine): built in Rust at 0.09 CPU s, where adding its 349,045 words one call at a time
    took 0.16, and reading their list back 0.06, in the fork server's start-up, before any
    worker starts. The words to add are then only those whose frequency differs from
    dict.txt's (the user dictionary's and the names); otherwise every word is added to an
    empty one."""

    def build() -> tuple[bool, list[str], list[int], int, list[str]]:
        tk = tokenizer(names)
        found = [(w, f) for w, f in tk.FREQ.items() if f]
        ascii_words = [w for w, _ in found if len(w) > 1 and w.isascii() and _BLOCK.fullmatch(w)]
        ascii_words.sort(key=len, reverse=True)
        pad = tk.total - sum(f for _, f in found)  # jieba's total counts a re-added word twice
        base = _dict_txt()
        from_default = _default_is_jieba(base)
        if from_default:
            found = [(w, f) for w, f in found if base.get(w) != f]
        return from_default, [w for w, _ in found], [f for _, f in found], pad, ascii_words

    version = importlib.metadata.version("rjieba").encode()  # its own dictionary may change
    return cache.cached("rjieba-words", (*_dictionary_key(names), version), build)


def _dict_txt() -> dict[str, int]:
    """jieba's own dict.txt: its words (frequency above 0) and their frequencies."""
    tk = _jieba().Tokenizer()
    with tk.get_dict_file() as fh:
        freq, _ = tk.gen_pfdict(fh)
    return {w: f for w, f in freq.items() if f}


def _default_is_jieba(words: dict[str, int]) -> bool:
    """Whether rjieba's own dictionary (`Jieba()`) holds every word of `words` with its
    frequency: it has each word, and for each it suggests the frequency it suggests with
    exactly `words` added to an empty one (the word's own frequency or one more, or more
    where a cut of it is likelier: frequencies one apart can pass, a dictionary of another
    release cannot). Half a second, once per machine (`_words` is cached).

    rjieba 0.2.2's dictionary is dict.txt line for line, less a repeated line (B超 3 n)."""
    module = _rjieba()
    default, exact = module.Jieba(), module.Jieba.empty()
    deque(map(exact.add_word, words, words.values(), repeat(None)), maxlen=0)
    return all(map(default.has_word, words)) and all(
        default.suggest_freq(w) == exact.suggest_freq(w) for w in words
    )


def _rjieba() -> ModuleType:
    """rjieba's extension module (the `Jieba` class), loaded without the package's __init__,
    which builds a Jieba over jieba-rs's own dictionary at import (0.09 CPU s in every worker)
    that no segmenter here uses: each builds its own (`_Segmenter`). A later `import rjieba`
    finds the module in sys.modules and imports the package as usual."""
    name = "rjieba.rjieba"
    if name in sys.modules:
        return sys.modules[name]
    package = importlib.util.find_spec("rjieba")  # found, not imported
    folders = package.submodule_search_locations if package else None
    for folder in folders or ():
        for suffix in importlib.machinery.EXTENSION_SUFFIXES:
            path = Path(folder) / f"rjieba{suffix}"
            spec = importlib.util.spec_from_file_location(name, path)
            if path.is_file() and spec is not None and spec.loader is not None:
                module = importlib.util.module_from_spec(spec)
                sys.modules[name] = module
                spec.loader.exec_module(module)
                return module
    return importlib.import_module(name)  # laid out otherwise: the ordinary import


class _Segmenter:
    """jieba's precise mode (HMM on) over one dictionary, run by jieba-rs."""

    def __init__(
        self,
        from_default: bool,
        words: list[str],
        freqs: list[int],
        pad: int,
        ascii_words: list[str],
    ):
        # rjieba's stub leaves Jieba() and empty() unannotated; empty() has no word at all.
        module = _rjieba()
        self.jieba: rjieba.Jieba = module.Jieba() if from_default else module.Jieba.empty()
        if len(words) != len(freqs):
            raise ValueError("one frequency per word")
        deque(map(self.jieba.add_word, words, freqs, repeat(None)), maxlen=0)  # no Python loop
        if pad > 0:
            self.jieba.add_word(_PAD, pad, None)
        # A line holding a dictionary word without a Han character (C++) needs the word graph.
        self.ascii_word = re.compile("|".join(map(re.escape, ascii_words))) if ascii_words else None

    def spans(
        self, text: str, start: int = 0, end: int | None = None
    ) -> tuple[list[str], list[int]]:
        """The non-whitespace tokens of `text[start:end]` and their offsets into `text`."""
        end = len(text) if end is None else end
        part = text[start:end] if start or end < len(text) else text
        # (str.isascii reads a flag of the string: an ASCII text holds no Han character)
        if (part.isascii() or not _HAN_CHAR.search(part)) and not (
            self.ascii_word and self.ascii_word.search(part)
        ):
            return _ascii_spans(part, start)
        if not _UNUSUAL.search(part):  # most paragraphs: jieba-rs's tokens as they are
            cut = self.jieba.cut(part)
            starts = list(accumulate(map(len, cut), initial=start))
            starts.pop()
            return cut, starts
        if _FOREIGN_HAN_CHAR.search(part):
            return self._spans_around_foreign(part, start)
        return self._spans(part, start)

    def _spans_around_foreign(self, text: str, offset: int) -> tuple[list[str], list[int]]:
        """`text` cut at the characters jieba leaves out of its blocks and jieba-rs does not;
        starts are offsets into `text` plus `offset`."""
        words: list[str] = []
        starts: list[int] = []
        pos = 0
        for match in _FOREIGN_HAN.finditer(text):
            part_words, part_starts = self._spans(text[pos : match.start()], offset + pos)
            words += part_words
            starts += part_starts
            words.extend(match.group())  # one character at a time, as jieba gives them
            starts.extend(range(offset + match.start(), offset + match.end()))
            pos = match.end()
        part_words, part_starts = self._spans(text[pos:], offset + pos)
        return words + part_words, starts + part_starts

    def _spans(self, text: str, offset: int) -> tuple[list[str], list[int]]:
        """jieba-rs's tokens of `text` (no foreign Han), ASCII runs cut as jieba cuts them."""
        cut = self.jieba.cut(text)
        bounds = list(accumulate(map(len, cut), initial=offset))
        if _SPACE.search(text):
            keep = list(map(not_, map(str.isspace, cut)))
            words = list(compress(cut, keep))
            starts = list(compress(bounds, keep))
        else:  # most paragraphs: no whitespace token to drop
            words = cut
            bounds.pop()
            starts = bounds
        if not _MIXED.search(text):
            return words, starts
        # Tokens holding a place where jieba's regex may cut: at most a few per paragraph.
        suspects = sorted(
            {bisect_right(starts, m.start() + offset) - 1 for m in _MIXED.finditer(text)}
            | {bisect_right(starts, m.start() + offset) for m in _MIXED.finditer(text)}
        )
        replaced: dict[int, list[str]] = {}
        for i in suspects:
            if not 0 <= i < len(words):
                continue
            word = words[i]
            if len(word) < 2 or _HAN_CHAR.search(word) or self.jieba.has_word(word):
                continue
            pieces = [piece for piece in _ALNUM.split(word) if piece]
            if len(pieces) > 1:
                replaced[i] = pieces
        if not replaced:
            return words, starts
        out_words: list[str] = []
        out_starts: list[int] = []
        last = 0
        for i, pieces in sorted(replaced.items()):
            out_words += words[last:i]
            out_starts += starts[last:i]
            out_words += pieces
            out_starts += accumulate(map(len, pieces[:-1]), initial=starts[i])
            last = i + 1
        out_words += words[last:]
        out_starts += starts[last:]
        return out_words, out_starts


def _ascii_spans(text: str, offset: int) -> tuple[list[str], list[int]]:
    """_ASCII_TOKEN's matches in `text` and their offsets into `text`, plus `offset`.

    No token holds whitespace (str.split and the pattern's \\S agree on what is), so the
    text is cut at whitespace in C and each piece is cut alone, most without the pattern:
    an alphanumeric word (most pieces of English text) is one token, and one followed by
    one mark other than % (said, / growth.) is two. A piece starts at its first occurrence
    from where the last one ended (only whitespace lies between).
    """
    words: list[str] = []
    starts: list[int] = []
    pos = 0
    findall = _ASCII_TOKEN.findall
    ascii_text = text.isascii()  # (then so is every piece: one call, not one per piece)
    for piece in text.split():
        pos = text.find(piece, pos)
        if ascii_text or piece.isascii():
            if piece.isalnum():
                words.append(piece)
                starts.append(offset + pos)
                pos += len(piece)
                continue
            head, last = piece[:-1], piece[-1]
            if last != "%" and head.isalnum() and not last.isalnum():
                words.append(head)
                starts.append(offset + pos)
                pos += len(head)
                words.append(last)
                starts.append(offset + pos)
                pos += 1
                continue
        for word in findall(piece):
            words.append(word)
            starts.append(offset + pos)
            pos += len(word)
    return words, starts


@functools.cache
def _segmenter(names: tuple[str, ...]) -> _Segmenter:
    return _Segmenter(*_words(names))


def tokenize(text: str, names: Iterable[str] = ()) -> list[tuple[str, int]]:
    """(token, start) pairs of `text`, whitespace dropped."""
    words, starts = _segmenter(tuple(sorted(names))).spans(text)
    return list(zip(words, starts, strict=True))


def run(doc: Document, names: Iterable[str] = ()) -> Document:
    """Fill `doc.tokens` from its sections; token starts are offsets into `doc.text`."""
    segmenter = _segmenter(tuple(sorted(names)))
    tokens = Tokens()
    big = len(doc.text) >= _INTERN_FROM_CHARS
    for section in doc.sections:
        words, starts = segmenter.spans(doc.text, section.start, section.end)
        tokens.section_id += array("i", (section.section_id,)) * len(words)
        tokens.position += _positions(len(words))
        tokens.token += map(sys.intern, words) if big else words
        tokens.start += starts
    doc.tokens = tokens
    return doc


def _positions(n: int) -> array[int]:
    """0, 1, ... n - 1 as C ints: a slice of one array, grown as sections need."""
    if n > len(_POSITIONS):
        _POSITIONS.extend(range(len(_POSITIONS), 2 * n))
    return _POSITIONS[:n]


_POSITIONS = array("i", range(4096))  # (a section holds a few hundred tokens)
