"""Stage 3: jieba word segmentation of the body sections, with character offsets.

Each process builds its own `jieba.Tokenizer` (not jieba's global one) with the shipped user
dictionary and the registry's names added, so 汤道生 stays one token instead of 汤道 / 生.
"""

from __future__ import annotations

import functools
import logging
from collections.abc import Iterable
from importlib import resources

import jieba

from .models import Document, Token

jieba.setLogLevel(logging.WARNING)

# A registry name must outweigh any split of it; jieba's largest common words are ~1e6.
_NAME_FREQ = 2_000_000


@functools.cache
def tokenizer(names: tuple[str, ...] = ()) -> jieba.Tokenizer:
    """A ready tokenizer with the user dictionary and `names` as single words."""
    tk = jieba.Tokenizer()
    tk.initialize()
    userdict = resources.files("speeches").joinpath("rules", "userdict.txt")
    with userdict.open("rb") as fh:
        tk.load_userdict(fh)
    for name in names:
        tk.add_word(name, freq=_NAME_FREQ)
    return tk


def tokenize(text: str, names: Iterable[str] = ()) -> list[tuple[str, int]]:
    """(token, start) pairs of `text`, whitespace dropped."""
    tk = tokenizer(tuple(sorted(names)))
    return [(w, s) for w, s, _ in tk.tokenize(text) if not w.isspace()]


def run(doc: Document, names: Iterable[str] = ()) -> Document:
    """Fill `doc.tokens` from its sections; token starts are offsets into `doc.text`."""
    names = tuple(sorted(names))
    tokens: list[Token] = []
    for section in doc.sections:
        piece = doc.text[section.start : section.end]
        for position, (word, start) in enumerate(tokenize(piece, names)):
            tokens.append(Token(section.section_id, position, word, section.start + start))
    doc.tokens = tokens
    return doc
