"""Stage 3: jieba word segmentation of the body sections, with character offsets.

Each process builds its own `jieba.Tokenizer` (not jieba's global one) with the shipped user
dictionary and the registry's names added, so 汤道生 stays one token instead of 汤道 / 生.

The tokens are exactly those of jieba's precise mode with HMM (`Tokenizer.tokenize`), made
about twice as fast on Chinese and ten times on English:

- a line without a Han character is cut by one regex, to what jieba makes of it (jieba walks
  such a line a character at a time through its word graph and finds no word there, unless
  the dictionary holds an ASCII one such as C++: a line holding one goes the long way);
- the best route through a Han block's word graph is found in one backward pass that looks
  up each word's log probability once, instead of jieba's get_DAG + calc, with the same sums
  in the same order, so the same route, ties included;
- the HMM for unknown words keeps back pointers instead of copying every path at every step
  (finalseg.viterbi), again with the same sums and the same tie-breaking.

The rest follows jieba 0.42.1's `Tokenizer.cut`, `__cut_DAG` and `finalseg.cut` line for line;
tests/test_segment.py checks the output against jieba itself. jieba-fast was measured and left
out: its C route is no faster than this one, and breaks ties the other way (云云云).
"""

from __future__ import annotations

import functools
import io
import logging
import re
import sys
from collections.abc import Iterable
from importlib import resources
from itertools import accumulate, compress, repeat
from math import log

import jieba
from jieba import finalseg

from . import cache
from .models import Document, Tokens

jieba.setLogLevel(logging.WARNING)

# A registry name must outweigh any split of it; jieba's largest common words are ~1e6.
_NAME_FREQ = 2_000_000
# From this many characters a document's token strings are interned: one string per distinct
# word instead of one per token (~80 bytes each; 12 MB of text has 1.8 M tokens). Interning
# costs ~10 % of segmentation time, which a page of ordinary size need not pay.
_INTERN_FROM_CHARS = 1_000_000

# jieba 0.42.1's block regexes (jieba.re_han_default; finalseg.re_han, re_skip).
_BLOCK = re.compile("([\u4e00-\u9fd5a-zA-Z0-9+#&\\._%\\-]+)")
_HAN = re.compile("([\u4e00-\u9fd5]+)")
_ALNUM = re.compile("([a-zA-Z0-9]+(?:\\.\\d+)?%?)")
# A line of no Han character, cut the way jieba cuts it: an alphanumeric run (with a decimal
# part and a % sign), a run of the other block characters, or any other character alone.
_ASCII_TOKEN = re.compile(r"[a-zA-Z0-9]+(?:\.\d+)?%?|[+#&._%\-]+|\S")
_LINE = re.compile(r"[^\n]+")
_HMM = (finalseg.start_P, finalseg.trans_P, finalseg.emit_P)
_STATE_INDEX = {"B": 0, "M": 1, "E": 2, "S": 3}
_NO_SCORE = float("-inf")
_PREFIX = float("nan")  # marks a dictionary prefix that is not itself a word (freq 0)


@functools.cache
def tokenizer(names: tuple[str, ...] = ()) -> jieba.Tokenizer:
    """A ready tokenizer with the user dictionary and `names` as single words.

    Its prefix dictionary (jieba's, plus those words) is built once per machine and read back
    by every worker process (speeches.cache): jieba's own start-up reads its cache with
    `marshal.load` on a file object (0.75 s here, against 0.2 s for `marshal.loads` of the
    bytes), then adds the user words one by one.
    """
    tk = jieba.Tokenizer()

    def build() -> tuple[dict[str, int], int]:
        # Not tk.initialize(): it reads and writes jieba.cache in the shared temporary
        # folder, where another user's file would be loaded (marshal) or fail with a
        # traceback; this process's own cache (speeches.cache) keeps the result instead.
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


def _userdict() -> bytes:
    return resources.files("speeches").joinpath("rules", "userdict.txt").read_bytes()


@functools.cache
def _dictionary_key(names: tuple[str, ...]) -> tuple[bytes, ...]:
    """Everything the tokenizer's dictionary is built from."""
    with jieba.Tokenizer().get_dict_file() as fh:
        main = fh.read()
    version = jieba.__version__.encode()
    return (main, version, _userdict(), str(_NAME_FREQ).encode(), *map(str.encode, names))


@functools.cache
def frequent_words(names: tuple[str, ...], min_freq: int, lengths: range) -> frozenset[str]:
    """The tokenizer's words of `lengths` characters with a frequency of at least `min_freq`."""

    def build() -> frozenset[str]:
        freq = tokenizer(names).FREQ
        return frozenset(w for w, f in freq.items() if f >= min_freq and len(w) in lengths)

    params = f"{min_freq} {lengths.start} {lengths.stop} {lengths.step}"
    return cache.cached("jieba-frequent", (*_dictionary_key(names), params), build)


def _ascii_words(names: tuple[str, ...]) -> list[str]:
    """The dictionary's words made only of block characters and no Han one (C++, AT&T),
    longest first."""

    def build() -> list[str]:
        freq = tokenizer(names).FREQ
        found = (w for w, f in freq.items() if f and len(w) > 1 and w.isascii())
        return [w for w in sorted(found, key=len, reverse=True) if _BLOCK.fullmatch(w)]

    return cache.cached("jieba-ascii", _dictionary_key(names), build)


class _Cutter:
    """jieba's precise mode (HMM on) over one tokenizer's dictionary, which must not change
    afterwards (its total and the words' log probabilities are kept)."""

    def __init__(self, tk: jieba.Tokenizer, ascii_words: list[str]):
        self.freq: dict[str, int] = tk.FREQ
        self.logtotal = log(tk.total)
        self.scores: dict[str, float] = {}  # word -> log(freq) - log(total), filled as met
        # A line holding a dictionary word without a Han character (C++) is cut the long way.
        self.ascii_word = re.compile("|".join(map(re.escape, ascii_words))) if ascii_words else None

    def _route(self, block: str) -> list[int]:
        """jieba's get_DAG + calc in one backward pass, with each word's log probability
        looked up once: the same sums in the same order, so the same route, ties included
        (the longer word wins a tie, as max over (score, end) tuples gives)."""
        n = len(block)
        freq, scores, logtotal = self.freq, self.scores, self.logtotal
        best = [0.0] * (n + 1)
        route = [0] * n
        for idx in range(n - 1, -1, -1):
            top, end = _NO_SCORE, idx
            j = idx
            frag = block[idx]
            while True:
                score = scores.get(frag)
                if score is None:
                    f = freq.get(frag)
                    if f is None:  # not a prefix of any word
                        break
                    score = scores[frag] = log(f) - logtotal if f else _PREFIX
                if score is not _PREFIX and score + best[j + 1] >= top:
                    top, end = score + best[j + 1], j
                j += 1
                if j >= n:
                    break
                frag = block[idx : j + 1]
            if top is _NO_SCORE:  # no word starts here: the character alone
                f = freq.get(block[idx])
                top = (log(f) if f else 0.0) - logtotal + best[idx + 1]
            best[idx], route[idx] = top, end
        return route

    def spans(self, text: str) -> tuple[list[str], list[int]]:
        """The non-whitespace tokens of `text` and their start offsets."""
        if not _HAN.search(text) and not (self.ascii_word and self.ascii_word.search(text)):
            # No line needs the word graph, and no token crosses a newline: one pass.
            found = list(_ASCII_TOKEN.finditer(text))
            return [m.group() for m in found], [m.start() for m in found]
        words: list[str] = []
        starts: list[int] = []
        for match in _LINE.finditer(text):
            line, pos = match.group(), match.start()
            if _HAN.search(line) or (self.ascii_word and self.ascii_word.search(line)):
                line_words = self._line_words(line)
                keep = [not word.isspace() for word in line_words]
                words.extend(compress(line_words, keep))
                starts.extend(compress(accumulate(map(len, line_words), initial=pos), keep))
            else:
                found = list(_ASCII_TOKEN.finditer(line))
                words.extend([m.group() for m in found])
                starts.extend([pos + m.start() for m in found])
        return words, starts

    def _line_words(self, line: str) -> list[str]:
        """jieba.Tokenizer.cut (precise mode, HMM) on text without a newline, except that
        whitespace comes one character at a time (it is dropped anyway)."""
        out: list[str] = []
        ascii_word = self.ascii_word
        # split() with a group alternates: text between blocks (even), a block (odd).
        for i, piece in enumerate(_BLOCK.split(line)):
            if not i % 2:
                out.extend(piece)  # jieba: whitespace, or one character at a time
            elif _HAN.search(piece) or (ascii_word and ascii_word.search(piece)):
                self._block_words(piece, out)
            else:  # what the word graph and HMM come to on a block of no Han or word
                out.extend(filter(None, _ALNUM.split(piece)))
        return out

    def _block_words(self, block: str, out: list[str]) -> None:
        """jieba's __cut_DAG: the best route through the word graph; a run of single
        characters that is not a word goes through the HMM for unknown words."""
        route = self._route(block)
        freq = self.freq
        x, n = 0, len(block)
        run = -1  # start of the current run of single characters (jieba's `buf`), or -1
        while x < n:
            y = route[x] + 1
            if y - x == 1:
                if run < 0:
                    run = x
            else:
                if run >= 0:
                    self._flush(block[run:x], freq, out)
                    run = -1
                out.append(block[x:y])
            x = y
        if run >= 0:
            self._flush(block[run:], freq, out)

    @staticmethod
    def _flush(buf: str, freq: dict[str, int], out: list[str]) -> None:
        if len(buf) == 1:
            out.append(buf)
        elif not freq.get(buf):
            _hmm_words(buf, out)
        else:
            out.extend(buf)


def _hmm_words(text: str, out: list[str]) -> None:
    """finalseg.cut: Viterbi over B/M/E/S tags for Han runs; other runs split by regex."""
    for i, piece in enumerate(_HAN.split(text)):
        if not i % 2:  # not Han
            out.extend(filter(None, _ALNUM.split(piece)))
            continue
        tags = _viterbi(piece)
        begin = nexti = 0
        for j, tag in enumerate(tags):
            if tag == "B":
                begin = j
            elif tag == "E":
                word = piece[begin : j + 1]
                if word in finalseg.Force_Split_Words:
                    out.extend(word)
                else:
                    out.append(word)
                nexti = j + 1
            elif tag == "S":
                out.append(piece[j])
                nexti = j + 1
        if nexti < len(piece):
            word = piece[nexti:]
            if word in finalseg.Force_Split_Words:
                out.extend(word)
            else:
                out.append(word)


def _viterbi(obs: str) -> list[str]:
    """finalseg.viterbi's tags for `obs`, with back pointers instead of copied paths: the
    same sums in the same order, and ties go the same way (max over (prob, state) tuples
    takes the later letter)."""
    start, trans, emit = _HMM
    low = finalseg.MIN_FLOAT
    e_b, e_m, e_e, e_s = emit["B"], emit["M"], emit["E"], emit["S"]
    t_eb, t_sb = trans["E"].get("B", low), trans["S"].get("B", low)
    t_mm, t_bm = trans["M"].get("M", low), trans["B"].get("M", low)
    t_ss, t_es = trans["S"].get("S", low), trans["E"].get("S", low)
    t_be, t_me = trans["B"].get("E", low), trans["M"].get("E", low)
    c = obs[0]
    v_b = start["B"] + e_b.get(c, low)
    v_m = start["M"] + e_m.get(c, low)
    v_e = start["E"] + e_e.get(c, low)
    v_s = start["S"] + e_s.get(c, low)
    back: list[tuple[str, str, str, str]] = []  # previous state of B, M, E, S at each step
    for c in obs[1:]:
        em = e_b.get(c, low)
        x, y = v_e + t_eb + em, v_s + t_sb + em
        n_b, p_b = (x, "E") if x > y else (y, "S")
        em = e_m.get(c, low)
        x, y = v_m + t_mm + em, v_b + t_bm + em
        n_m, p_m = (x, "M") if x >= y else (y, "B")
        em = e_s.get(c, low)
        x, y = v_s + t_ss + em, v_e + t_es + em
        n_s, p_s = (x, "S") if x >= y else (y, "E")
        em = e_e.get(c, low)
        x, y = v_b + t_be + em, v_m + t_me + em
        n_e, p_e = (x, "B") if x > y else (y, "M")
        back.append((p_b, p_m, p_e, p_s))
        v_b, v_m, v_e, v_s = n_b, n_m, n_e, n_s
    state = "E" if v_e > v_s else "S"
    tags = [state]
    for step in reversed(back):
        state = step[_STATE_INDEX[state]]
        tags.append(state)
    tags.reverse()
    return tags


@functools.cache
def _cutter(names: tuple[str, ...]) -> _Cutter:
    return _Cutter(tokenizer(names), _ascii_words(names))


def tokenize(text: str, names: Iterable[str] = ()) -> list[tuple[str, int]]:
    """(token, start) pairs of `text`, whitespace dropped."""
    words, starts = _cutter(tuple(sorted(names))).spans(text)
    return list(zip(words, starts, strict=True))


def run(doc: Document, names: Iterable[str] = ()) -> Document:
    """Fill `doc.tokens` from its sections; token starts are offsets into `doc.text`."""
    cutter = _cutter(tuple(sorted(names)))
    tokens = Tokens()
    big = len(doc.text) >= _INTERN_FROM_CHARS
    for section in doc.sections:
        words, starts = cutter.spans(doc.text[section.start : section.end])
        offset = section.start
        tokens.section_id.extend(repeat(section.section_id, len(words)))
        tokens.position.extend(range(len(words)))
        tokens.token += map(sys.intern, words) if big else words
        tokens.start.extend([offset + start for start in starts] if offset else starts)
    doc.tokens = tokens
    return doc
