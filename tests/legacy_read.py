"""The read side as it was before DuckDB (pandas over whole tables), kept to check that the
engine gives the same tables and reports on the seeds. Test-only code."""

from __future__ import annotations

import datetime as dt
import math
from collections import Counter
from collections.abc import Iterable
from pathlib import Path
from typing import Any, cast

import pandas as pd

from speeches import store
from speeches.errors import SpeechesError
from speeches.read.corpus import (
    KEYWORD_COLUMNS,
    KWIC_COLUMNS,
    WORDLIST_COLUMNS,
    _body_runs,
    _fold,
    _pattern,
    _squash,
    is_content_word,
    is_word,
    log_likelihood,
    log_ratio,
    p_value,
)
from speeches.read.query import KINDS, SpeakerRow, human_value, resolve_speaker
from speeches.rules.speakers import Registry


def metrics(
    store_dir: Path, registry: Registry, speaker: str | None = None, kind: str | None = None
) -> pd.DataFrame:
    """metrics.parquet rows, filtered by speaker (any alias) and kind."""
    df = store.read_table(store_dir, "metrics")
    if kind is not None:
        if kind not in set(df["kind"].dropna()) | set(KINDS):
            raise SpeechesError(f"unknown kind {kind!r}: use one of {', '.join(KINDS)}")
        df = df[df["kind"] == kind]
    if speaker is not None:
        known = sorted(set(df["speaker"].dropna().astype(str)) | _stored_speakers(store_dir))
        who = resolve_speaker(speaker, registry, known)
        df = df[df["speaker"] == who]
    return df.reset_index(drop=True)


def _stored_speakers(store_dir: Path) -> set[str]:
    sections = store.read_table(store_dir, "sections", columns=["speaker"])
    return set(sections["speaker"].dropna().astype(str))


def documents(store_dir: Path) -> pd.DataFrame:
    cols = [
        "doc_id",
        "source_path",
        "title",
        "published",
        "outlet",
        "language",
        "script",
        "encoding",
        "n_chars",
    ]
    return store.read_table(store_dir, "documents", columns=cols)


def speakers(store_dir: Path, registry: Registry) -> list[SpeakerRow]:
    """Every speaker of the store (and of the registry), with their counts."""
    sec = store.read_table(store_dir, "sections", columns=["doc_id", "speaker"])
    met = store.read_table(store_dir, "metrics", columns=["doc_id", "speaker"])
    sec = sec.dropna(subset=["speaker"])
    met = met.dropna(subset=["speaker"])
    docs = pd.concat([sec, met]).groupby("speaker")["doc_id"].nunique()
    n_sec = sec.groupby("speaker").size()
    n_met = met.groupby("speaker").size()
    names = list(registry.people) + sorted(set(docs.index) - set(registry.people))
    rows = []
    for name in names:
        person = registry.people.get(name)
        rows.append(
            SpeakerRow(
                speaker=name,
                aliases=person.aliases if person else [],
                titles=person.titles if person else [],
                documents=int(docs.get(name, 0)),
                sections=int(n_sec.get(name, 0)),
                metrics=int(n_met.get(name, 0)),
                in_registry=person is not None,
            )
        )
    rows.sort(key=lambda r: (-r.metrics, -r.sections, r.speaker))
    return rows


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
    return resolve_speaker(name, registry, known)


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


# -- the report helpers as they were (speeches.read.report now builds a typed model) ----------

NO_SPEAKER = "(no speaker: narration or questions)"
CLAIM_TOLERANCE = 0.005


def _plain(value: Any) -> Any:
    """A table cell as a JSON value: dates as ISO strings, NA and NaN as None."""
    if value is None or value is pd.NA or value is pd.NaT:
        return None
    if isinstance(value, float) and math.isnan(value):
        return None
    if isinstance(value, dt.date):
        return value.isoformat()
    if hasattr(value, "item"):
        return value.item()
    return value


def _number(value: float, kind: str) -> str:
    """The exact number: 1,000,000 or 33.33%."""
    if kind == "percentage":
        return f"{value:.4g}%"
    whole = abs(value - round(value)) < 1e-6 * max(1.0, abs(value))  # 1.1e8 is 110000000.00001
    return f"{round(value):,}" if whole else f"{value:,.2f}"


def _human(value: float, kind: str, high: float | None, chinese: bool) -> str:
    """The reading of a value (10亿, 1.1 billion), a range as 5亿–6亿."""
    text = human_value(value, kind, chinese=chinese)
    if high is not None and high != value:
        text += "–" + human_value(high, kind, chinese=chinese)
    return text


def _kinds(*present: Any) -> list[str]:
    seen = list(KINDS)
    for kinds in present:
        seen += sorted(str(k) for k in set(kinds) - set(seen) if isinstance(k, str))
    return seen


def _metric_row(r: Any, doc: dict[str, Any]) -> dict[str, Any]:
    chinese = doc.get("language") == "zh"
    value = float(r["value"])
    high = _plain(r["high"]) if r["qualifier"] == "range" else None
    low = _plain(r["low"]) if r["qualifier"] == "range" else None
    return {
        "kind": str(r["kind"]),
        "value": value,
        "low": low,
        "high": high,
        "human": _human(value, str(r["kind"]), high, chinese),
        "number": _number(value, str(r["kind"]))
        + (f"–{_number(high, str(r['kind']))}" if high is not None and high != value else ""),
        "qualifier": _plain(r["qualifier"]),
        "surface": _plain(r["surface"]),
        "sentence": _plain(r["sentence"]),
        "doc_id": str(r["doc_id"]),
        "source_path": _plain(r["source_path"]) or doc.get("source_path"),
        "title": doc.get("title"),
        "published": doc.get("published"),
        "language": doc.get("language"),
        "start": int(r["start"]),
    }


def _claims(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Mentions of one kind by one speaker whose values agree within CLAIM_TOLERANCE, as one
    claim each, when the claim is made more than once; most sources first."""
    groups: dict[tuple[str, str | None], list[dict[str, Any]]] = {}
    for row in rows:
        groups.setdefault((row["kind"], row["speaker"]), []).append(row)
    claims = []
    for (kind, speaker), members in groups.items():
        members.sort(key=lambda m: m["value"])
        clusters: list[list[dict[str, Any]]] = []
        for m in members:
            base = clusters[-1][0]["value"] if clusters else None
            if base is not None and abs(m["value"] - base) <= CLAIM_TOLERANCE * max(
                abs(base), abs(m["value"])
            ):
                clusters[-1].append(m)
            else:
                clusters.append([m])
        for cluster in clusters:
            if len(cluster) < 2:
                continue
            docs: dict[str, dict[str, Any]] = {}
            for m in cluster:
                docs.setdefault(
                    m["doc_id"],
                    {
                        "doc_id": m["doc_id"],
                        "source_path": m["source_path"],
                        "title": m["title"],
                        "published": m["published"],
                        "mentions": 0,
                    },
                )["mentions"] += 1
            value = Counter(m["value"] for m in cluster).most_common(1)[0][0]
            chinese = any(m["language"] == "zh" for m in cluster)
            claims.append(
                {
                    "kind": kind,
                    "speaker": speaker,
                    "value": value,
                    "human": _human(value, kind, None, chinese),
                    "number": _number(value, kind),
                    "sources": len(docs),
                    "mentions": len(cluster),
                    "qualifiers": sorted({str(m["qualifier"]) for m in cluster}),
                    "surfaces": list(dict.fromkeys(str(m["surface"]) for m in cluster)),
                    "documents": list(docs.values()),
                }
            )
    claims.sort(key=lambda c: (-c["sources"], -c["mentions"], c["kind"], -c["value"]))
    return claims


def _counts(values: Any) -> dict[str, int]:
    counts = Counter(v if v else "und" for v in values)
    return dict(sorted(counts.items(), key=lambda x: (-x[1], x[0])))


_documents = documents
_speakers = speakers


def build(
    store_dir: Path, registry: Registry, speaker: str | None = None, kind: str | None = None
) -> dict[str, Any]:
    """Everything a report shows, as a dict of JSON types (the JSON report is this dict).

    Keys: `title`, `data_as_of`, `filters`, `corpus` (documents by date, language and
    script, speakers, metric counts by kind over the whole store), `documents`, `selection`
    (counts of the metrics the filters keep), `speakers` (each with its metric rows),
    `claims` (the same kind, value within 0.5% and speaker, mentioned more than once) and
    `timeline` (metrics of each kind by published date).
    """
    docs_df = _documents(store_dir)
    docs = {
        str(r["doc_id"]): {k: _plain(v) for k, v in r.items()}
        for r in cast("list[dict[str, Any]]", docs_df.to_dict(orient="records"))
    }
    all_met = store.read_table(store_dir, "metrics", columns=["doc_id", "kind", "speaker"])
    met = metrics(store_dir, registry, speaker=speaker, kind=kind)
    who = None
    if speaker is not None:
        known = sorted(set(all_met["speaker"].dropna().astype(str)) | set(met["speaker"].dropna()))
        who = resolve_speaker(speaker, registry, known)
    people = {r.speaker: r for r in _speakers(store_dir, registry)}
    kinds = _kinds(all_met["kind"].dropna())

    # Corpus overview (whole store, whatever the filters).
    dates = Counter(d["published"] for d in docs.values())
    by_date = [
        {"published": d, "documents": n}
        for d, n in sorted(dates.items(), key=lambda x: (x[0] is None, x[0] or ""))
    ]
    dated = sorted(d for d in dates if d)
    met_per_doc = all_met.groupby("doc_id").size().to_dict()
    corpus = {
        "documents": len(docs),
        "dated": sum(n for d, n in dates.items() if d),
        "first_date": dated[0] if dated else None,
        "last_date": dated[-1] if dated else None,
        "by_date": by_date,
        "by_language": _counts(d["language"] for d in docs.values()),
        "by_script": _counts(d["script"] for d in docs.values()),
        "metrics": len(all_met),
        "attributed": int(all_met["speaker"].notna().sum()),
        "by_kind": {k: int((all_met["kind"] == k).sum()) for k in kinds},
        "speakers": [
            {
                "speaker": p.speaker,
                "aliases": list(p.aliases),
                "titles": list(p.titles),
                "documents": p.documents,
                "sections": p.sections,
                "metrics": p.metrics,
            }
            for p in people.values()
            if p.documents or p.sections or p.metrics
        ],
    }
    documents = sorted(
        (
            {
                "doc_id": d["doc_id"],
                "source_path": d["source_path"],
                "title": d["title"],
                "published": d["published"],
                "outlet": d["outlet"],
                "language": d["language"],
                "script": d["script"],
                "n_chars": d["n_chars"],
                "metrics": int(met_per_doc.get(d["doc_id"], 0)),
            }
            for d in docs.values()
        ),
        key=lambda d: (d["published"] is None, d["published"] or "", d["source_path"] or ""),
    )

    # The metrics the filters keep, per speaker.
    rows = []
    for r in met.to_dict(orient="records"):
        row = _metric_row(r, docs.get(str(r["doc_id"]), {}))
        row["speaker"] = _plain(r["speaker"])
        rows.append(row)
    rows.sort(
        key=lambda m: (m["published"] is None, m["published"] or "", m["source_path"], m["start"])
    )
    per_speaker: dict[str | None, list[dict[str, Any]]] = {}
    for row in rows:
        per_speaker.setdefault(row["speaker"], []).append(row)
    # Speakers in the overview's order (most metrics, then most sections); no speaker last.
    rank: dict[str | None, int] = {name: i for i, name in enumerate(people)}
    order = sorted(
        per_speaker,
        key=lambda s: (s is None, -len(per_speaker[s]), rank.get(s, len(rank)), s or ""),
    )
    speakers: list[dict[str, Any]] = []
    for name in order:
        person = people.get(name) if name else None
        mine = per_speaker[name]
        speakers.append(
            {
                "speaker": name,
                "label": name or NO_SPEAKER,
                "aliases": list(person.aliases) if person else [],
                "titles": list(person.titles) if person else [],
                "documents": len({m["doc_id"] for m in mine}),
                "by_kind": {k: sum(m["kind"] == k for m in mine) for k in kinds},
                "metrics": [{k: v for k, v in m.items() if k != "speaker"} for m in mine],
            }
        )

    # Timeline: metrics of each kind by the published date of their document.
    doc_dates = Counter(d["published"] for d in docs.values())
    timeline_rows: dict[str | None, dict[str, Any]] = {
        d: {"published": d, "documents": n, "counts": dict.fromkeys(kinds, 0), "total": 0}
        for d, n in doc_dates.items()
    }
    for row in rows:
        t = timeline_rows[row["published"]]
        t["counts"][row["kind"]] = t["counts"].get(row["kind"], 0) + 1
        t["total"] += 1
    timeline = {
        "kinds": kinds,
        "rows": sorted(
            timeline_rows.values(), key=lambda t: (t["published"] is None, t["published"] or "")
        ),
    }

    manifest = store.read_manifest(store_dir)
    return {
        "title": "Speech metrics report",
        "data_as_of": manifest.get("written"),
        "filters": {"speaker": who, "kind": kind},
        "corpus": corpus,
        "documents": documents,
        "selection": {
            "metrics": len(rows),
            "speakers": sum(1 for s in speakers if s["speaker"]),
            "by_kind": {k: sum(m["kind"] == k for m in rows) for k in kinds},
            "by_speaker": {s["label"]: len(s["metrics"]) for s in speakers},
        },
        "speakers": speakers,
        "claims": _claims(rows),
        "timeline": timeline,
    }
