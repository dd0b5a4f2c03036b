"""Filters and aggregates over the stored tables (pandas); no printing here."""

from __future__ import annotations

import difflib
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pandas as pd

from . import store
from .errors import SpeechesError, UnknownSpeaker
from .speakers import Registry

KINDS = ("users", "servers", "hospitals", "percentage")
METRIC_COLUMNS = [
    "doc_id",
    "source_path",
    "speaker",
    "kind",
    "value",
    "low",
    "high",
    "qualifier",
    "surface",
    "sentence",
    "start",
    "end",
]


def resolve_speaker(name: str, registry: Registry, known: list[str]) -> str:
    """The canonical speaker a --speaker NAME means: a registry alias (any script or case)
    or a name stored in the corpus; UnknownSpeaker lists the closest names otherwise."""
    canonical = registry.resolve(name)
    if canonical:
        return canonical
    folded = {k.casefold(): k for k in known}
    if name.strip().casefold() in folded:
        return folded[name.strip().casefold()]
    pool = sorted(set(known) | set(registry.people))
    close = registry.closest(name) + difflib.get_close_matches(name, pool, n=3, cutoff=0.3)
    hint = ", ".join(dict.fromkeys(close)) if close else ", ".join(pool[:5])
    raise UnknownSpeaker(f"no speaker matches {name!r}; closest: {hint}")


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


@dataclass
class SpeakerRow:
    speaker: str
    aliases: list[str]
    titles: list[str]
    documents: int
    sections: int
    metrics: int
    in_registry: bool


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


def summary(store_dir: Path) -> dict[str, Any]:
    """Corpus overview: documents by date, language and script; metric counts by kind."""
    docs = documents(store_dir)
    met = store.read_table(store_dir, "metrics", columns=["kind", "speaker"])
    return {
        "documents": len(docs),
        "by_language": docs["language"].fillna("und").value_counts().to_dict(),
        "by_script": docs["script"].fillna("und").value_counts().to_dict(),
        "dated": int(docs["published"].notna().sum()),
        "metrics": len(met),
        "by_kind": {k: int((met["kind"] == k).sum()) for k in KINDS},
        "speakers": int(met["speaker"].dropna().nunique()),
        "attributed": int(met["speaker"].notna().sum()),
    }


def human_value(value: float, kind: str, chinese: bool = True) -> str:
    """10亿 / 1.1 billion style reading of a value (percentages as 68%)."""
    if kind == "percentage":
        return f"{value:.4g}%"
    if chinese:
        for unit, size in (("万亿", 1e12), ("亿", 1e8), ("万", 1e4)):
            if abs(value) >= size:
                return f"{value / size:.4g}{unit}"
        return f"{value:.0f}"
    for unit, size in (("trillion", 1e12), ("billion", 1e9), ("million", 1e6), ("thousand", 1e3)):
        if abs(value) >= size:
            return f"{value / size:.4g} {unit}"
    return f"{value:.0f}"
