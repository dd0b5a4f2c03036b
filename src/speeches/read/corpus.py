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

from speeches.errors import SpeechesError
from speeches.read import engine, query
from speeches.rules.speakers import Registry
from speeches.stages.normalize import normalize

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
_ALNUM = re.compile(r"[^\W_]")  # a character str.isalnum() holds for


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


def tokens(source: Path | engine.Reader) -> pd.DataFrame:
    """Word tokens (punctuation and whitespace dropped) with their section's speaker:
    doc_id, section_id, term (case-folded), speaker. The whole table: for small stores and
    tests; the commands count in the engine instead."""
    with engine.reading(source) as reader:
        tok = reader.frame(
            "SELECT t.doc_id, t.section_id, t.token, s.speaker FROM tokens t "
            "LEFT JOIN (SELECT doc_id, section_id, speaker FROM sections) s "
            "USING (doc_id, section_id) WHERE t.token IS NOT NULL"
        )
    terms = {t: _fold(t.strip()) for t in tok["token"].unique() if is_word(t)}
    tok = tok[tok["token"].isin(list(terms))]
    tok = tok.assign(term=tok["token"].map(terms).astype("string"))
    return tok[["doc_id", "section_id", "term", "speaker"]].reset_index(drop=True)


def _token_terms(reader: engine.Reader) -> tuple[dict[str, str], int]:
    """(token -> term for every distinct word token, number of word tokens): one GROUP BY
    over the tokens, then a decision per distinct token (a corpus has far fewer types)."""
    counts = reader.rows("SELECT token, count(*) FROM tokens WHERE token IS NOT NULL GROUP BY 1")
    terms: dict[str, str] = {}
    total = 0
    for token, n in counts:
        if is_word(token):
            terms[token] = _fold(token.strip())
            total += int(n)
    return terms, total


def word_list(source: Path | engine.Reader, top: int | None = 50) -> pd.DataFrame:
    """The corpus word list: content words by frequency, with the number of documents and
    speakers using each and the rate per 10,000 word tokens."""
    with engine.reading(source) as reader:
        terms, total = _token_terms(reader)
        content = {tok: term for tok, term in terms.items() if is_content_word(term)}
        if not content:
            return pd.DataFrame(columns=WORDLIST_COLUMNS)
        reader.con.register(
            "_terms", pd.DataFrame({"token": list(content), "term": list(content.values())})
        )
        try:
            df = reader.frame(
                "SELECT m.term, count(*) AS count, count(DISTINCT t.doc_id) AS documents, "
                "count(DISTINCT s.speaker) AS speakers FROM tokens t "
                "JOIN _terms m ON t.token = m.token "
                "LEFT JOIN (SELECT doc_id, section_id, speaker FROM sections) s "
                "ON t.doc_id = s.doc_id AND t.section_id = s.section_id GROUP BY m.term"
            )
        finally:
            reader.con.unregister("_terms")
    df["term"] = df["term"].astype("string")
    df["count"] = df["count"].astype("int64")
    df["documents"] = df["documents"].astype("int64")
    df["speakers"] = df["speakers"].astype("int64")
    df["per_10k"] = (df["count"] / total * 10_000).round(2)
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
    source: Path | engine.Reader,
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
        return word_list(source, top=top)
    with engine.reading(source) as reader:
        who = query.speaker_name(reader, registry, speaker)
        terms, _ = _token_terms(reader)
        # Keyness counts: tokens by (token, the speaker's or not), one GROUP BY in the engine.
        counts = reader.rows(
            "SELECT t.token, coalesce(s.speaker = ?, false) AS mine, count(*) FROM tokens t "
            "LEFT JOIN (SELECT doc_id, section_id, speaker FROM sections) s "
            "USING (doc_id, section_id) WHERE t.token IS NOT NULL GROUP BY 1, 2",
            [who],
        )
    a_counts: dict[str, int] = {}
    b_counts: dict[str, int] = {}
    for token, mine, n in counts:
        term = terms.get(token)
        if term is None:
            continue
        side = a_counts if mine else b_counts
        side[term] = side.get(term, 0) + int(n)
    c, d = sum(a_counts.values()), sum(b_counts.values())
    if c == 0:
        return pd.DataFrame(columns=KEYWORD_COLUMNS)
    # The speaker's terms most frequent first, ties in first-seen order (as value_counts).
    a_sorted = sorted(a_counts.items(), key=lambda kv: -kv[1])
    person = registry.people.get(who)
    own = {who.casefold()} | {n.casefold() for n in (person.aliases if person else [])}
    rows = []
    for term, a in a_sorted:
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
    return _runs(zip(sections["start"], sections["end"], strict=True), text)


def _runs(spans: Iterable[tuple[int, int]], text: str) -> list[tuple[int, int]]:
    """`_body_runs` of (start, end) spans."""
    runs: list[tuple[int, int]] = []
    for start, end in sorted(spans):
        start, end = int(start), int(end)
        gap = text[runs[-1][1] : start] if runs else ""
        if runs and len(gap) <= 40 and not _ALNUM.search(gap):
            runs[-1] = (runs[-1][0], max(runs[-1][1], end))
        else:
            runs.append((start, end))
    return runs


def _squash(text: str) -> str:
    return _SPACE.sub(" ", text)


def _kwic_rows(
    doc: dict[str, Any],
    secs: list[tuple[int, str | None, str, int, int]] | None,
    pattern: re.Pattern[str],
    width: int,
    who: str | None,
) -> list[dict[str, Any]]:
    """The KWIC rows of one document (its sections in `secs`: section_id, speaker, kind,
    start, end), in text order."""
    text = doc["text"] or ""
    if not secs or not text:
        return []
    runs = _runs(((start, end) for _, _, _, start, end in secs), text)
    rows = []
    for section_id, name, kind, start, end in sorted(secs, key=lambda sec: sec[3]):
        if who is not None and name != who:
            continue
        for m in pattern.finditer(text, start, end):
            lo, hi = next(((s, e) for s, e in runs if s <= m.start() < e), (start, end))
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
                    "section_id": int(section_id),
                    "kind": kind,
                    "start": m.start(),
                    "end": m.end(),
                    "published": doc["published"],
                }
            )
    return rows


def kwic(
    source: Path | engine.Reader,
    term: str,
    registry: Registry,
    width: int = 30,
    speaker: str | None = None,
    limit: int | None = None,
) -> pd.DataFrame:
    """Every occurrence of `term` in the body sections, with `width` characters of context
    on each side (whitespace and newlines shown as one space); the first `limit` only, if
    given, in the listing's order (published date, then document, then position).

    The term is normalized like the corpus (Traditional -> Simplified, full-width -> ASCII), so
    湯道生 finds 汤道生; Latin letters match in any case and only as whole words. Context stays
    inside the article body (it never shows page furniture).

    The engine picks the documents holding the term (a case-insensitive substring test) and
    ranks them; their text is then read in that order, a chunk of documents at a time, and
    the reading stops once `limit` lines are found.
    """
    if not term.strip():
        raise SpeechesError("kwic needs a term to search for")
    width = max(int(width), 0)
    pattern = _pattern(term)
    needle = normalize(term.strip()).lower()
    with engine.reading(source) as reader:
        who = query.speaker_name(reader, registry, speaker) if speaker else None
        cond, params = "contains(lower(text), ?)", [needle]
        if who is not None:
            cond += " AND doc_id IN (SELECT doc_id FROM sections WHERE speaker = ?)"
            params.append(who)
        reader.con.execute("DROP TABLE IF EXISTS _kwic_docs")
        reader.con.execute(
            "CREATE TEMP TABLE _kwic_docs AS SELECT doc_id, row_number() OVER ("
            "ORDER BY published NULLS LAST, source_path, doc_id) AS rank "
            f"FROM documents WHERE {cond}",
            params,
        )
        n_docs = int(reader.rows("SELECT count(*) FROM _kwic_docs")[0][0])
        by_doc: dict[str, list[tuple[int, str | None, str, int, int]]] = {}
        for doc_id, *sec in reader.rows(
            "SELECT s.doc_id, s.section_id, s.speaker, s.kind, s.start, s.end "
            "FROM sections s JOIN _kwic_docs USING (doc_id)"
        ):
            by_doc.setdefault(doc_id, []).append(tuple(sec))
        select = (
            "SELECT d.doc_id, d.source_path, d.published, d.text, c.rank "
            "FROM documents d JOIN _kwic_docs c USING (doc_id)"
        )
        found: list[tuple[int, list[dict[str, Any]]]] = []
        if limit is None:
            # Every line: one streamed pass over the matching documents, sorted after.
            for batch in reader.batches(select, size=128):
                for doc in batch:
                    rows = _kwic_rows(doc, by_doc.get(doc["doc_id"]), pattern, width, who)
                    found.append((int(doc["rank"]), rows))
            found.sort(key=lambda x: x[0])
        else:
            # The first `limit` lines: documents in rank order, a growing chunk at a time.
            done, chunk, n_rows = 0, 64, 0
            while done < n_docs and n_rows < limit:
                ranked = reader.rows(
                    "SELECT * FROM (" + select + ") WHERE rank > ? AND rank <= ? ORDER BY rank",
                    [done, done + chunk],
                )
                for doc_id, source_path, published, text, rank in ranked:
                    doc = {
                        "doc_id": doc_id,
                        "source_path": source_path,
                        "published": published,
                        "text": text,
                    }
                    rows = _kwic_rows(doc, by_doc.get(doc_id), pattern, width, who)
                    found.append((int(rank), rows))
                    n_rows += len(rows)
                    if n_rows >= limit:
                        break
                done += chunk
                chunk = min(chunk * 2, 2048)
        reader.con.execute("DROP TABLE IF EXISTS _kwic_docs")
    lines = [row for _, rows in found for row in rows]
    if limit is not None:
        lines = lines[: max(int(limit), 0)]
    return pd.DataFrame(lines, columns=KWIC_COLUMNS)


def display_width(text: str) -> int:
    """Terminal columns of `text`: wide and full-width (CJK) characters take two."""
    if text.isascii():
        return len(text)
    return sum(map(_char_width, text))


@functools.cache
def _char_width(c: str) -> int:
    return 2 if unicodedata.east_asian_width(c) in "WF" else 1


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
