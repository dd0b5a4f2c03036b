"""Corpus views over the stored tables: word lists, keywords (keyness) and keyword in context.

`keywords` ranks the terms a speaker uses more than the rest of the corpus does by Dunning's
log-likelihood (G²), the keyness statistic of corpus linguistics (Dunning 1993; Rayson and
Garside 2000). For a term seen `a` times in the speaker's `c` word tokens and `b` times in
the other `d` tokens, with expected counts E1 = c(a+b)/(c+d) and E2 = d(a+b)/(c+d),

    G² = 2 (a ln(a/E1) + b ln(b/E2))        (a term with a zero count adds 0)

G² follows a chi-square distribution with one degree of freedom: 3.84 is p < 0.05, 10.83 is
p < 0.001. Only terms used more than expected are keywords. `log_ratio` (Hardie 2014) gives
the size of the difference: log2 of the ratio of relative frequencies, so 1 is twice as often.

`kwic` lists every occurrence of a term in the body sections of the stored normalized text,
with its left and right context, so the lines align on the term.
"""

from __future__ import annotations

import functools
import math
import re
import unicodedata
from collections.abc import Iterable
from importlib import resources
from pathlib import Path
from typing import Any, cast

import pandas as pd

from . import query, store
from .errors import SpeechesError
from .normalize import normalize
from .speakers import Registry

KEYWORD_COLUMNS = ["term", "count", "other", "per_10k", "other_per_10k", "g2", "p", "log_ratio"]
WORDLIST_COLUMNS = ["term", "count", "documents", "speakers", "per_10k"]
KWIC_COLUMNS = [
    "source_path",
    "speaker",
    "left",
    "term",
    "right",
    "doc_id",
    "section_id",
    "kind",
    "start",
    "end",
    "published",
]

# Numbers in digits or Chinese numerals ("2018", "3.5", "1,000", "百万", "十一"): not words.
_NUMBER = re.compile(r"^[\d.,:/%+\-~―–—]+$|^[零〇一二两三四五六七八九十百千万亿几点]+$")
_SINGLE_LATIN = re.compile(r"^[A-Za-z]$")
_SPACE = re.compile(r"\s+")
_ASCII_WORD = re.compile(r"[A-Za-z0-9]")


@functools.cache
def stopwords() -> frozenset[str]:
    """The shipped Chinese and English stopwords (rules/stopwords_zh.txt, stopwords_en.txt),
    case-folded."""
    words: set[str] = set()
    for name in ("stopwords_zh.txt", "stopwords_en.txt"):
        text = resources.files("speeches").joinpath("rules", name).read_text("utf-8")
        for line in text.splitlines():
            line = line.strip()
            if line and not line.startswith("#"):
                words.add(line.casefold())
    return frozenset(words)


def is_word(token: str) -> bool:
    """True for a token that counts as a word: not whitespace, punctuation or symbols only.

    >>> [t for t in ["产业", "，", " ", "the", "%", "2018"] if is_word(t)]
    ['产业', 'the', '2018']
    """
    token = token.strip()
    return bool(token) and any(unicodedata.category(c)[0] in "LN" for c in token)


def is_content_word(token: str) -> bool:
    """A word that is not a stopword, a number or a single Latin letter.

    >>> words = ["产业互联网", "我们", "2018", "百万", "s", "cloud", "The"]
    >>> [t for t in words if is_content_word(t)]
    ['产业互联网', 'cloud']
    """
    token = token.strip()
    return (
        is_word(token)
        and token.casefold() not in stopwords()
        and not _NUMBER.match(token)
        and not _SINGLE_LATIN.match(token)
    )


def _fold(token: str) -> str:
    """Case-fold Latin tokens so 'Cloud' and 'cloud' count as one term."""
    return token.casefold() if _ASCII_WORD.search(token) else token


def tokens(store_dir: Path) -> pd.DataFrame:
    """Word tokens (punctuation and whitespace dropped) with their section's speaker:
    doc_id, section_id, term (case-folded), speaker."""
    tok = store.read_table(store_dir, "tokens", columns=["doc_id", "section_id", "token"])
    sec = store.read_table(store_dir, "sections", columns=["doc_id", "section_id", "speaker"])
    tok = tok.dropna(subset=["token"])
    # Decide once per distinct token: a corpus has far fewer types than tokens.
    terms = {t: _fold(t.strip()) for t in tok["token"].unique() if is_word(t)}
    tok = tok[tok["token"].isin(list(terms))]
    tok = tok.assign(term=tok["token"].map(terms).astype("string"))
    out = tok.merge(sec, on=["doc_id", "section_id"], how="left")
    return out[["doc_id", "section_id", "term", "speaker"]].reset_index(drop=True)


def _speaker(store_dir: Path, registry: Registry, name: str) -> str:
    sec = store.read_table(store_dir, "sections", columns=["speaker"])
    met = store.read_table(store_dir, "metrics", columns=["speaker"])
    known = sorted(set(sec["speaker"].dropna().astype(str)) | set(met["speaker"].dropna()))
    return query.resolve_speaker(name, registry, known)


def word_list(store_dir: Path, top: int | None = 50) -> pd.DataFrame:
    """The corpus word list: content words by frequency, with the number of documents and
    speakers using each and the rate per 10,000 word tokens."""
    tok = tokens(store_dir)
    total = len(tok)
    tok = tok[tok["term"].isin([t for t in tok["term"].unique() if is_content_word(t)])]
    if tok.empty:
        return pd.DataFrame(columns=WORDLIST_COLUMNS)
    grouped = tok.groupby("term", sort=False)
    df = pd.DataFrame(
        {
            "count": grouped.size(),
            "documents": grouped["doc_id"].nunique(),
            "speakers": grouped["speaker"].nunique(),
        }
    )
    df["per_10k"] = (df["count"] / total * 10_000).round(2)
    df = df.rename_axis("term").reset_index()
    df = df.sort_values(["count", "documents", "term"], ascending=[False, False, True])
    df = df.reset_index(drop=True)[WORDLIST_COLUMNS]
    return df.head(top) if top else df


def log_likelihood(a: float, b: float, c: float, d: float) -> float:
    """Dunning's G² for a term seen `a` times in `c` tokens and `b` times in `d` tokens.

    >>> round(log_likelihood(10, 10, 1000, 10000), 2)
    22.14
    >>> log_likelihood(5, 50, 1000, 10000)
    0.0
    """
    total = a + b
    if total == 0 or c == 0 or d == 0:
        return 0.0
    e1 = c * total / (c + d)
    e2 = d * total / (c + d)
    g2 = 0.0
    if a:
        g2 += a * math.log(a / e1)
    if b:
        g2 += b * math.log(b / e2)
    return max(2.0 * g2, 0.0)


def p_value(g2: float) -> float:
    """P(chi-square with one degree of freedom >= g2)."""
    return math.erfc(math.sqrt(max(g2, 0.0) / 2.0))


def log_ratio(a: float, b: float, c: float, d: float) -> float:
    """Hardie's Log Ratio: log2 of the ratio of relative frequencies (0.5 for a zero count)."""
    return math.log2(((a or 0.5) / c) / ((b or 0.5) / d))


def keywords(
    store_dir: Path,
    registry: Registry,
    speaker: str | None = None,
    top: int | None = 30,
    min_count: int = 2,
) -> pd.DataFrame:
    """Distinctive terms of `speaker` (any alias) against the rest of the corpus, ranked by
    Dunning's log-likelihood G²; without a speaker, the corpus word list (`word_list`).

    Corpus sizes count every word token (stopwords included, punctuation not); stopwords,
    numbers, single letters and the speaker's own names are then left out of the list. Only
    terms the speaker uses more often than the rest (and at least `min_count` times) appear.
    """
    if speaker is None:
        return word_list(store_dir, top=top)
    who = _speaker(store_dir, registry, speaker)
    tok = tokens(store_dir)
    mine = tok["speaker"].eq(who).fillna(False).astype(bool)
    c, d = int(mine.sum()), int((~mine).sum())
    if c == 0:
        return pd.DataFrame(columns=KEYWORD_COLUMNS)
    a_counts = tok.loc[mine, "term"].value_counts()
    b_counts = tok.loc[~mine, "term"].value_counts()
    person = registry.people.get(who)
    own = {who.casefold()} | {n.casefold() for n in (person.aliases if person else [])}
    rows = []
    for term, a in a_counts.items():
        term = str(term)
        a = int(a)
        if a < min_count or term.casefold() in own or not is_content_word(term):
            continue
        b = int(b_counts.get(term, 0))
        if d and a / c <= b / d:
            continue  # used no more than elsewhere: not a keyword of this speaker
        g2 = log_likelihood(a, b, c, d)
        rows.append(
            {
                "term": term,
                "count": a,
                "other": b,
                "per_10k": round(a / c * 10_000, 2),
                "other_per_10k": round(b / d * 10_000, 2) if d else 0.0,
                "g2": round(g2, 3),
                "p": float(f"{p_value(g2):.3g}"),
                "log_ratio": round(log_ratio(a, b, c, d), 3) if d else 0.0,
            }
        )
    if not rows:
        return pd.DataFrame(columns=KEYWORD_COLUMNS)
    df = pd.DataFrame(rows, columns=KEYWORD_COLUMNS)
    df = df.sort_values(["g2", "count", "term"], ascending=[False, False, True])
    df = df.reset_index(drop=True)
    return df.head(top) if top else df


def _pattern(term: str) -> re.Pattern[str]:
    """The normalized term as a regex: case-insensitive, whole words at Latin/digit edges."""
    query_text = normalize(term.strip())
    pattern = re.escape(query_text)
    if _ASCII_WORD.match(query_text[:1]):
        pattern = r"(?<![A-Za-z0-9])" + pattern
    if _ASCII_WORD.match(query_text[-1:]):
        pattern += r"(?![A-Za-z0-9])"
    return re.compile(pattern, re.IGNORECASE)


def _body_runs(sections: pd.DataFrame, text: str) -> list[tuple[int, int]]:
    """Spans of consecutive sections: the article body without the page furniture around
    it. Sections joined by whitespace or a short run of punctuation (a "//" divider) are one
    span; anything with a letter or digit between them is not body and breaks the span."""
    runs: list[tuple[int, int]] = []
    for start, end in sorted(zip(sections["start"], sections["end"], strict=True)):
        start, end = int(start), int(end)
        gap = text[runs[-1][1] : start] if runs else ""
        if runs and len(gap) <= 40 and not any(c.isalnum() for c in gap):
            runs[-1] = (runs[-1][0], max(runs[-1][1], end))
        else:
            runs.append((start, end))
    return runs


def _squash(text: str) -> str:
    return _SPACE.sub(" ", text)


def kwic(
    store_dir: Path,
    term: str,
    registry: Registry,
    width: int = 30,
    speaker: str | None = None,
) -> pd.DataFrame:
    """Every occurrence of `term` in the body sections, with `width` characters of context
    on each side (whitespace and newlines shown as one space).

    The term is normalized like the corpus (Traditional -> Simplified, full-width -> ASCII), so
    湯道生 finds 汤道生; Latin letters match in any case and only as whole words. Context stays
    inside the article body (it never shows page furniture).
    """
    if not term.strip():
        raise SpeechesError("kwic needs a term to search for")
    width = max(int(width), 0)
    pattern = _pattern(term)
    sections = store.read_table(
        store_dir, "sections", columns=["doc_id", "section_id", "speaker", "kind", "start", "end"]
    )
    who = _speaker(store_dir, registry, speaker) if speaker else None
    by_doc = dict(tuple(sections.groupby("doc_id", sort=False)))
    rows = []
    columns = ["doc_id", "source_path", "published", "text"]
    for doc in store.iter_rows(store_dir, "documents", columns=columns):
        secs = by_doc.get(doc["doc_id"])
        text = doc["text"] or ""
        if secs is None or not text:
            continue
        runs = _body_runs(secs, text)
        # pandas-stubs types each field as any scalar
        for sec in cast("Iterable[Any]", secs.sort_values("start").itertuples(index=False)):
            name = sec.speaker if isinstance(sec.speaker, str) else None
            if who is not None and name != who:
                continue
            for m in pattern.finditer(text, int(sec.start), int(sec.end)):
                lo, hi = next(((s, e) for s, e in runs if s <= m.start() < e), (sec.start, sec.end))
                left = _squash(text[max(lo, m.start() - 3 * width - 3) : m.start()]).lstrip()
                right = _squash(text[m.end() : min(hi, m.end() + 3 * width + 3)]).rstrip()
                rows.append(
                    {
                        "source_path": doc["source_path"],
                        "speaker": name,
                        "left": left[-width:] if width else "",
                        "term": _squash(m.group()),
                        "right": right[:width],
                        "doc_id": doc["doc_id"],
                        "section_id": int(sec.section_id),
                        "kind": sec.kind,
                        "start": m.start(),
                        "end": m.end(),
                        "published": doc["published"],
                    }
                )
    df = pd.DataFrame(rows, columns=KWIC_COLUMNS)
    if df.empty:
        return df
    df = df.assign(_nul=df["published"].isna())
    df = df.sort_values(["_nul", "published", "source_path", "start"], kind="stable")
    return df.drop(columns="_nul").reset_index(drop=True)


def display_width(text: str) -> int:
    """Terminal columns of `text`: wide and full-width (CJK) characters take two."""
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)


def _pad(text: str, width: int, right: bool) -> str:
    fill = " " * max(width - display_width(text), 0)
    return fill + text if right else text + fill


def aligned(df: pd.DataFrame) -> list[str]:
    """KWIC rows as plain text lines aligned on the term (CJK-aware column widths):
    right-aligned left context, the term, the right context, then document and speaker."""
    if df.empty:
        return []
    lw = max(display_width(s) for s in df["left"])
    tw = max(display_width(s) for s in df["term"])
    rw = max(display_width(s) for s in df["right"])
    lines = []
    for r in cast("Iterable[Any]", df.itertuples(index=False)):  # fields: any scalar (stubs)
        who = r.speaker if isinstance(r.speaker, str) else "-"
        lines.append(
            f"{_pad(r.left, lw, True)}  {_pad(r.term, tw, False)}  {_pad(r.right, rw, False)}"
            f"  {r.source_path}  {who}".rstrip()
        )
    return lines
