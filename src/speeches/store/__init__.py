"""The processed store: parquet tables, written atomically, read as one consistent version.

Layout of a store folder:

    STORE/
      metrics.parquet -> current/metrics.parquet      (one link per table, never changes)
      documents.parquet, sections.parquet, tokens.parquet (same)
      current -> gen-000003                           (swapped atomically by os.replace)
      gen-000003/  *.parquet + manifest.json          (the live version)
      .lock, .lock.holder                             (the writers' lock and who holds it)

An ingest writes a whole new generation in a temporary folder, streaming row groups as
batches finish, then renames it into place and swaps the `current` link in one
`os.replace`. A reader resolves `current` once and reads every table from that folder, so it
never mixes two versions; an ingest killed at any point leaves the previous version live.
Where the file system cannot make links, tables are copied next to the generation folders
and the manifest names the live generation instead.

This is the only module that imports pyarrow.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import json
import os
import shutil
import socket
import uuid
from array import array
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any, cast

import pyarrow as pa
import pyarrow.parquet as pq

from speeches.errors import NoTable, SpeechesError, StoreLocked
from speeches.models import Document, FileJob, Tokens

if TYPE_CHECKING:  # pandas is imported where a DataFrame is made: workers never need it
    import pandas as pd

# Arrow's buffers come from the C library's malloc rather than the mimalloc pool pyarrow
# picks by default: mimalloc takes its memory in transparent huge pages, which the kernel
# zeroes 2 MB at a time as they are first touched, and an ingest builds and frees a batch's
# tables every few hundred milliseconds in every process (README, Performance). A pool
# named in ARROW_DEFAULT_MEMORY_POOL is left as chosen.
if not os.environ.get("ARROW_DEFAULT_MEMORY_POOL"):
    pa.set_memory_pool(pa.system_memory_pool())

# Each table: its schema, then the function that turns a processed Document into its rows.
# The rows' keys are the schema's columns (tests/test_store.py checks it), and the README's
# table section lists them (tests/test_docs.py).

DOCUMENTS = pa.schema(
    [
        ("doc_id", pa.string()),
        ("source_path", pa.string()),
        ("abs_path", pa.string()),
        ("title", pa.string()),
        ("published", pa.date32()),
        ("outlet", pa.string()),
        ("language", pa.string()),
        ("script", pa.string()),
        ("encoding", pa.string()),
        ("n_chars", pa.int64()),
        ("size", pa.int64()),
        ("mtime_ns", pa.int64()),
        ("text", pa.large_string()),
        ("dropped", pa.large_string()),
    ]
)


def document_row(doc: Document, job: FileJob | None = None) -> dict[str, Any]:
    """The documents table's row for `doc`, read from `job` (no job: no file facts)."""
    return {
        "doc_id": doc.doc_id,
        "source_path": doc.source_path,
        "abs_path": job.path if job else None,
        "title": doc.title,
        "published": doc.published,
        "outlet": doc.outlet,
        "language": doc.language,
        "script": doc.script,
        "encoding": doc.encoding,
        "n_chars": doc.n_chars,
        "size": job.size if job else None,
        "mtime_ns": job.mtime_ns if job else None,
        "text": doc.text,
        "dropped": doc.dropped(),
    }


SECTIONS = pa.schema(
    [
        ("doc_id", pa.string()),
        ("section_id", pa.int32()),
        ("speaker", pa.string()),
        ("kind", pa.string()),
        ("start", pa.int64()),
        ("end", pa.int64()),
        ("text", pa.large_string()),
        ("reason", pa.string()),
    ]
)


def section_rows(doc: Document) -> list[dict[str, Any]]:
    return [
        {
            "doc_id": doc.doc_id,
            "section_id": s.section_id,
            "speaker": s.speaker,
            "kind": s.kind,
            "start": s.start,
            "end": s.end,
            "text": doc.text[s.start : s.end],
            "reason": s.reason,
        }
        for s in doc.sections
    ]


TOKENS = pa.schema(
    [
        ("doc_id", pa.string()),
        ("section_id", pa.int32()),
        ("position", pa.int32()),
        ("token", pa.string()),
        ("start", pa.int64()),
    ]
)


def token_columns(doc: Document) -> dict[str, list[Any]]:
    """The tokens table's rows for one document, as columns of Python values."""
    tokens = doc.tokens
    return {
        "doc_id": [doc.doc_id] * len(tokens),
        "section_id": list(tokens.section_id),
        "position": list(tokens.position),
        "token": tokens.token,
        "start": tokens.start,
    }


def token_table(doc: Document) -> pa.Table:
    """The tokens table's rows for one document (`tokens_table`)."""
    return tokens_table([(doc.doc_id, doc.tokens)])


def tokens_table(docs: Iterable[tuple[str, Tokens]]) -> pa.Table:
    """The tokens table's rows for the documents given as (doc_id, tokens), in one chunk.

    Built in a few array operations for the whole lot rather than a table per document:
    section ids and positions go from their C int arrays to Arrow as they are, the doc_id
    column is each document's id repeated by Arrow, not a Python list of it, and a
    document's token strings and starts become Arrow arrays at once, concatenated by Arrow
    (cheaper than joining the Python lists first: README, Performance)."""
    doc_ids: list[pa.Array] = []
    section_id, position = array("i"), array("i")
    token: list[pa.Array] = []
    start: list[pa.Array] = []
    for doc_id, tokens in docs:
        if not tokens:
            continue
        doc_ids.append(pa.repeat(pa.scalar(doc_id, pa.string()), len(tokens)))
        section_id += tokens.section_id
        position += tokens.position
        token.append(pa.array(tokens.token, pa.string()))
        start.append(pa.array(tokens.start, pa.int64()))
    if not doc_ids:
        return TOKENS.empty_table()
    arrays = [
        pa.concat_arrays(doc_ids),
        _int32(section_id),
        _int32(position),
        pa.concat_arrays(token),
        pa.concat_arrays(start),
    ]
    return pa.Table.from_arrays(arrays, schema=TOKENS)


def _int32(values: array[int]) -> pa.Array:
    """An Arrow int32 array over the buffer of `values` (C ints), which must not change."""
    if values.itemsize != 4:  # C ints are 32 bits wherever pyarrow runs; else, convert
        return pa.array(values.tolist(), pa.int32())
    return pa.Array.from_buffers(pa.int32(), len(values), [None, pa.py_buffer(values)])


METRICS = pa.schema(
    [
        ("doc_id", pa.string()),
        ("source_path", pa.string()),
        ("speaker", pa.string()),
        ("kind", pa.string()),
        ("value", pa.float64()),
        ("low", pa.float64()),
        ("high", pa.float64()),
        ("qualifier", pa.string()),
        ("surface", pa.string()),
        ("sentence", pa.string()),
        ("start", pa.int64()),
        ("end", pa.int64()),
        ("section_id", pa.int32()),
        ("published", pa.date32()),
        ("rule", pa.string()),
        ("subject", pa.string()),
        ("period", pa.string()),
    ]
)


def metric_rows(doc: Document) -> list[dict[str, Any]]:
    return [
        {
            "doc_id": doc.doc_id,
            "source_path": doc.source_path,
            "speaker": m.speaker,
            "kind": m.kind,
            "value": float(m.value),
            "low": m.low,
            "high": m.high,
            "qualifier": m.qualifier,
            "surface": m.surface,
            "sentence": m.sentence,
            "start": m.start,
            "end": m.end,
            "section_id": m.section_id,
            "published": doc.published,
            "rule": m.rule,
            "subject": m.subject,
            "period": m.period,
        }
        for m in doc.metrics
    ]


def document_rows(doc: Document, job: FileJob | None = None) -> dict[str, list[dict[str, Any]]]:
    """The rows the documents, sections and metrics tables get for one document (its tokens
    go column by column: `token_columns`)."""
    return {
        "documents": [document_row(doc, job)],
        "sections": section_rows(doc),
        "metrics": metric_rows(doc),
    }


SCHEMAS: dict[str, pa.Schema] = {
    "documents": DOCUMENTS,
    "sections": SECTIONS,
    "tokens": TOKENS,
    "metrics": METRICS,
}
TABLES = tuple(SCHEMAS)
# Each table's columns, in order: the one list of them every module uses.
COLUMNS: dict[str, tuple[str, ...]] = {
    name: tuple(schema.names) for name, schema in SCHEMAS.items()
}
MANIFEST = "manifest.json"
_LOCK = ".lock"
_ROW_GROUP = 64_000
# A row group is also written once its rows hold this many bytes in memory (documents carry
# their whole text: 64,000 of them would not fit), which bounds what the writer keeps waiting.
_GROUP_BYTES = 4_000_000
# Parquet options by table. A token's position and start climb by small steps: delta-encoded
# they take a few bits where dictionary pages took most of tokens.parquet (README,
# Performance: "The tokens table, delta-encoded"). The other tables are mostly long, distinct
# strings (texts, sentences) that a dictionary only makes slower to write and larger: zstd
# alone writes them faster, in smaller files (README, Performance). A row group's minimum and
# maximum token or position tell a reader nothing (every group holds nearly every token), so
# only the ids, which a filter on a document can skip groups by, keep their statistics.
_PARQUET_OPTIONS: dict[str, dict[str, Any]] = {
    "tokens": {
        "use_dictionary": ["doc_id", "section_id", "token"],
        "write_statistics": ["doc_id", "section_id"],
        "column_encoding": {"position": "DELTA_BINARY_PACKED", "start": "DELTA_BINARY_PACKED"},
    },
    "documents": {"use_dictionary": False},
    "sections": {"use_dictionary": False},
    "metrics": {"use_dictionary": False},
}


def table_path(store: Path, name: str) -> Path:
    return Path(store) / f"{name}.parquet"


def current_dir(store: Path) -> Path | None:
    """The live generation folder, or None for an empty store."""
    store = Path(store)
    link = store / "current"
    if link.is_symlink() or link.is_dir():
        target = link.resolve()
        return target if target.is_dir() else None
    manifest = store / MANIFEST
    if manifest.exists():
        gen: str | None = json.loads(manifest.read_text("utf-8")).get("generation")
        if gen and (store / gen).is_dir():
            return store / gen
    return None


def check_complete(store: Path, generation: Path | None = None) -> None:
    """Raise if the live generation lacks a table file: an ingest carrying it over would
    silently drop every row it held, and still succeed."""
    gen = generation or current_dir(store)
    if gen is None:
        return
    for name in TABLES:
        path = gen / f"{name}.parquet"
        if not path.is_file():
            raise SpeechesError(
                f"{path} is missing: the store is damaged and an ingest would lose its rows; "
                f"restore the file, or ingest everything again into a new --store"
            )


def read_manifest(store: Path) -> dict[str, Any]:
    gen = current_dir(store)
    if gen is None or not (gen / MANIFEST).exists():
        return {}
    return cast("dict[str, Any]", json.loads((gen / MANIFEST).read_text("utf-8")))


def has_tokens(store: Path) -> bool:
    """Whether the live version holds the tokens of every document: false once an ingest
    ran with --no-tokens (an empty store has them all, trivially)."""
    return read_manifest(store).get("tokens", True) is not False


def read_table(
    store: Path, name: str, columns: list[str] | None = None, generation: Path | None = None
) -> pd.DataFrame:
    """One table of the live version as a DataFrame (empty with the schema's columns if the
    store has no such table yet is an error: run `speeches ingest` first)."""
    table = read_arrow(store, name, columns, generation)
    return cast("pd.DataFrame", table.to_pandas(types_mapper=_types))


def read_arrow(
    store: Path, name: str, columns: list[str] | None = None, generation: Path | None = None
) -> pa.Table:
    gen = generation or current_dir(store)
    path = (gen / f"{name}.parquet") if gen else table_path(store, name)
    if not path.exists():
        raise NoTable(
            f"{table_path(store, name)} does not exist: run `speeches ingest PATH "
            f"--store {store}` first"
        )
    try:
        return pq.read_table(path, columns=columns)
    except (OSError, pa.ArrowInvalid) as e:
        raise SpeechesError(f"{path}: cannot read table ({e})") from e


def arrow_to_pandas(table: pa.Table) -> pd.DataFrame:
    """A pyarrow Table (a table read here, or a DuckDB result) as a DataFrame: strings as
    pandas' string dtype, dates as datetime.date, like `read_table`."""
    return cast("pd.DataFrame", table.to_pandas(types_mapper=_types))


def _types(t: pa.DataType) -> Any:
    import pandas as pd

    if pa.types.is_string(t) or pa.types.is_large_string(t) or pa.types.is_string_view(t):
        return pd.StringDtype()
    return None


def iter_batches(
    store: Path, name: str, columns: list[str] | None = None, generation: Path | None = None
) -> Iterator[pa.RecordBatch]:
    """Stream a table of the live version in record batches (bounded memory)."""
    gen = generation or current_dir(store)
    if gen is None or not (gen / f"{name}.parquet").exists():
        return
    yield from pq.ParquetFile(gen / f"{name}.parquet").iter_batches(columns=columns)


def to_table(name: str, rows: list[dict[str, Any]]) -> pa.Table:
    return pa.Table.from_pylist(rows, schema=SCHEMAS[name])


def table_from_columns(name: str, columns: dict[str, list[Any]]) -> pa.Table:
    return pa.Table.from_pydict(columns, schema=SCHEMAS[name])


def spool(tables: dict[str, pa.Table], folder: Path) -> dict[str, str]:
    """Write each non-empty table to a file of its own in `folder` (Arrow's IPC file
    format); the files, by table name, for `unspool`. A worker of the local pool hands its
    batch's tables to the writing process this way: a file's bytes are copied once, where
    pickling them through a pipe copied them three times over."""
    import pyarrow.ipc as ipc

    files = {}
    for name, table in tables.items():
        if table.num_rows == 0:
            continue
        path = Path(folder) / f"{name}-{uuid.uuid4().hex}.arrow"
        with pa.OSFile(str(path), "wb") as sink, ipc.new_file(sink, table.schema) as out:
            out.write_table(table)
        files[name] = str(path)
    return files


def unspool(files: dict[str, str]) -> dict[str, pa.Table]:
    """The tables `spool` wrote, read back; their files are deleted."""
    import pyarrow.ipc as ipc

    tables = {}
    for name, path in files.items():
        # Mapped rather than read into new memory, which the allocator had to fault in page
        # by page; the tables keep the mapping after the file is closed and deleted
        # (Windows cannot delete a mapped file: read there).
        with pa.OSFile(path, "rb") if os.name == "nt" else pa.memory_map(path) as source:
            tables[name] = ipc.open_file(source).read_all()
        os.unlink(path)
    return tables


def keep_doc_ids(table: pa.Table, keep: set[str]) -> pa.Table:
    """The rows of `table` whose doc_id is in `keep`."""
    import pyarrow.compute as pc  # here: importing it costs every worker 25 ms it never needs

    return table.filter(pc.is_in(table["doc_id"], value_set=pa.array(sorted(keep), pa.string())))


class Lock:
    """The store's exclusive lock: an OS lock (flock, or LockFileEx on Windows) on `.lock`
    taken through `filelock`, with the holder's pid, host and start time beside it in
    `.lock.holder` for the "being written by ..." message.

    The operating system grants the lock to exactly one process whatever the timing and
    drops it when that process ends, however it ends: a lock left by a killed ingest is
    simply free, with no stale-file guessing (which let two of six processes started
    together on a dead process's lock both hold it). The lock file stays in place on
    release, so every waiter locks the same file.
    """

    def __init__(self, store: Path, wait: bool = False, timeout: float = 3600.0):
        self.path = Path(store) / _LOCK
        self.holder_path = Path(store) / (_LOCK + ".holder")
        self.wait = wait
        self.timeout = timeout
        self.held = False
        self._lock: Any = None

    def holder(self) -> dict[str, Any] | None:
        """The holder's pid, host and start time as it wrote them (None if unknown)."""
        try:
            info = json.loads(self.holder_path.read_text("utf-8"))
        except (OSError, ValueError):
            return None
        return cast("dict[str, Any]", info) if isinstance(info, dict) else None

    def acquire(self) -> None:
        import filelock

        self.path.parent.mkdir(parents=True, exist_ok=True)
        lock = filelock.FileLock(str(self.path), thread_local=False)
        try:
            lock.acquire(timeout=self.timeout if self.wait else 0, poll_interval=0.1)
        except filelock.Timeout:
            raise StoreLocked(
                f"{self.path.parent} is being written by {self._describe()}; wait for it to "
                "finish, or pass --wait"
            ) from None
        self._lock = lock
        self.held = True
        payload = {
            "pid": os.getpid(),
            "host": socket.gethostname(),
            "since": dt.datetime.now().isoformat(timespec="seconds"),
        }
        with contextlib.suppress(OSError):  # the message only: never a reason to fail
            _write_json(self.holder_path, payload)

    def _describe(self) -> str:
        info = self.holder()
        if not info:
            return "another process"
        return f"process {info.get('pid')} on {info.get('host')} since {info.get('since')}"

    def release(self) -> None:
        if self.held and self._lock is not None:
            with contextlib.suppress(OSError):
                self.holder_path.unlink()
            self._lock.release()
            self._lock = None
            self.held = False

    def __enter__(self) -> Lock:
        self.acquire()
        return self

    def __exit__(self, *exc: object) -> None:
        self.release()


class Writer:
    """Writes one new generation of a store; `commit()` makes it live, `abort()` drops it."""

    def __init__(self, store: Path):
        self.store = Path(store)
        self.store.mkdir(parents=True, exist_ok=True)
        self.base = current_dir(self.store)
        self.tmp = self.store / f".gen-{uuid.uuid4().hex[:12]}.tmp"
        self.tmp.mkdir()
        self.writers: dict[str, pq.ParquetWriter] = {}
        self.rows: dict[str, int] = dict.fromkeys(TABLES, 0)
        # Rows waiting to make a row group: each write was one (17 documents of a batch, the
        # metrics of one document in a re-extract), which compressed poorly.
        self.pending: dict[str, list[pa.Table]] = {name: [] for name in TABLES}
        self.pending_rows: dict[str, int] = dict.fromkeys(TABLES, 0)
        self.pending_bytes: dict[str, int] = dict.fromkeys(TABLES, 0)
        self.done = False

    def spool(self) -> Path:
        """A folder inside the new generation's for files on their way to it (`spool`),
        removed on commit."""
        folder = self.tmp / "spool"
        folder.mkdir(exist_ok=True)
        return folder

    def write(self, name: str, data: pa.Table | list[dict[str, Any]] | pa.RecordBatch) -> None:
        if isinstance(data, list):
            if not data:
                return
            data = to_table(name, data)
        elif isinstance(data, pa.RecordBatch):
            data = pa.Table.from_batches([data])
        if data.num_rows == 0:
            return
        for missing in SCHEMAS[name]:  # a store written before a column was added
            if missing.name not in data.column_names:
                data = data.append_column(missing, pa.nulls(data.num_rows, missing.type))
        data = data.select(SCHEMAS[name].names)
        data = data.cast(SCHEMAS[name]) if data.schema != SCHEMAS[name] else data
        self.pending[name].append(data)
        self.pending_rows[name] += data.num_rows
        self.pending_bytes[name] += data.nbytes
        self.rows[name] += data.num_rows
        if self.pending_rows[name] >= _ROW_GROUP or self.pending_bytes[name] >= _GROUP_BYTES:
            self._flush(name, whole=self.pending_rows[name] < _ROW_GROUP)

    def _flush(self, name: str, whole: bool = True) -> None:
        """Write the rows waiting for table `name` in row groups of at most _ROW_GROUP rows;
        unless `whole`, only full row groups, the rest waiting for more (a short row group
        left behind each time compressed worse)."""
        if not self.pending[name]:
            return
        data = pa.concat_tables(self.pending[name])
        self.pending[name], self.pending_rows[name], self.pending_bytes[name] = [], 0, 0
        if not whole:
            full = data.num_rows - data.num_rows % _ROW_GROUP
            rest = data.slice(full)
            if rest.num_rows:
                self.pending[name].append(rest)
                self.pending_rows[name] = rest.num_rows
                self.pending_bytes[name] = rest.nbytes
            data = data.slice(0, full)
        writer = self.writers.get(name)
        if writer is None:
            writer = pq.ParquetWriter(
                self.tmp / f"{name}.parquet",
                SCHEMAS[name],
                compression="zstd",
                **_PARQUET_OPTIONS.get(name, {}),
            )
            self.writers[name] = writer
        writer.write_table(data, row_group_size=_ROW_GROUP)

    def carry_over(self, drop_doc_ids: set[str]) -> dict[str, int]:
        """Copy the live version's rows of every document not in `drop_doc_ids`."""
        kept: dict[str, int] = {}
        if self.base is None:
            return kept
        check_complete(self.store, self.base)
        drop = pa.array(sorted(drop_doc_ids), pa.string())
        for name in TABLES:
            for batch in iter_batches(self.store, name, generation=self.base):
                table = pa.Table.from_batches([batch])
                if len(drop):
                    table = table.filter(_without(table, drop))
                kept[name] = kept.get(name, 0) + table.num_rows
                self.write(name, _conform(table, name))
        return kept

    def commit(self, manifest: dict[str, Any]) -> Path:
        """Close the files, publish the generation and swap it in atomically."""
        for name in TABLES:
            self._flush(name)
        for writer in self.writers.values():
            writer.close()
        shutil.rmtree(self.tmp / "spool", ignore_errors=True)
        for name in TABLES:  # every table exists, even when empty
            path = self.tmp / f"{name}.parquet"
            if not path.exists():
                pq.write_table(SCHEMAS[name].empty_table(), path, compression="zstd")
        manifest = {
            **manifest,
            "tables": {n: self.rows[n] for n in TABLES},
            "written": dt.datetime.now().isoformat(timespec="seconds"),
        }
        gen_name = self._next_generation()
        manifest["generation"] = gen_name
        _write_json(self.tmp / MANIFEST, manifest)
        _fsync_dir(self.tmp)
        final = self.store / gen_name
        os.replace(self.tmp, final)
        self._swap(gen_name, manifest)
        self.done = True
        # Keep the version just replaced too: a reader may still be reading it.
        self._cleanup(keep={gen_name} | ({self.base.name} if self.base else set()))
        return final

    def abort(self) -> None:
        for writer in self.writers.values():
            with contextlib.suppress(Exception):
                writer.close()
        shutil.rmtree(self.tmp, ignore_errors=True)
        self.done = True

    def __enter__(self) -> Writer:
        return self

    def __exit__(self, *exc: object) -> None:
        if not self.done:
            self.abort()

    def _next_generation(self) -> str:
        numbers = [int(p.name[4:]) for p in self.store.glob("gen-*") if p.name[4:].isdigit()]
        return f"gen-{max(numbers, default=0) + 1:06d}"

    def _swap(self, gen_name: str, manifest: dict[str, Any]) -> None:
        link = self.store / "current"
        tmp_link = self.store / f".current-{uuid.uuid4().hex[:8]}"
        try:
            os.symlink(gen_name, tmp_link, target_is_directory=True)
            os.replace(tmp_link, link)
            for name in TABLES:
                path = table_path(self.store, name)
                if not path.is_symlink():
                    tmp = self.store / f".{name}-{uuid.uuid4().hex[:8]}"
                    os.symlink(f"current/{name}.parquet", tmp)
                    os.replace(tmp, path)
            manifest_link = self.store / MANIFEST
            if not manifest_link.is_symlink():
                tmp = self.store / f".manifest-{uuid.uuid4().hex[:8]}"
                os.symlink(f"current/{MANIFEST}", tmp)
                os.replace(tmp, manifest_link)
        except OSError:
            # No links here (some Windows set-ups): copy the tables beside, then name the
            # generation in the top-level manifest, replaced last.
            with contextlib.suppress(FileNotFoundError):
                tmp_link.unlink()
            for name in TABLES:
                tmp = self.store / f".{name}-{uuid.uuid4().hex[:8]}.parquet"
                shutil.copyfile(self.store / gen_name / f"{name}.parquet", tmp)
                os.replace(tmp, table_path(self.store, name))
            _write_json(self.store / MANIFEST, manifest)
        _fsync_dir(self.store)

    def _cleanup(self, keep: set[str]) -> None:
        """Drop old generations and temporary folders of dead writers."""
        live = current_dir(self.store)
        for path in self.store.iterdir():
            if path.name.startswith("gen-") and path.name not in keep and path != live:
                shutil.rmtree(path, ignore_errors=True)


def clean_stale_temporaries(store: Path) -> None:
    """Remove temporary generation folders left by killed ingests (call under the lock)."""
    store = Path(store)
    if not store.is_dir():
        return
    for path in store.glob(".gen-*.tmp"):
        shutil.rmtree(path, ignore_errors=True)
    for path in store.glob(".current-*"):
        with contextlib.suppress(OSError):
            path.unlink()


def _without(table: pa.Table, doc_ids: pa.Array) -> pa.Array:
    """The mask of `table`'s rows whose doc_id is not in `doc_ids`."""
    import pyarrow.compute as pc  # here: importing it costs every worker 25 ms it never needs

    return pc.invert(pc.is_in(table["doc_id"], value_set=doc_ids))


def _conform(table: pa.Table, name: str) -> pa.Table:
    schema = SCHEMAS[name]
    cols = []
    for field in schema:
        if field.name in table.column_names:
            cols.append(table[field.name].cast(field.type))
        else:
            cols.append(pa.nulls(table.num_rows, field.type))
    return pa.Table.from_arrays(cols, schema=schema)


def _write_json(path: Path, data: dict[str, Any]) -> None:
    tmp = path.with_name(f".{path.name}.{uuid.uuid4().hex[:8]}")
    with open(tmp, "w", encoding="utf-8") as fh:
        json.dump(data, fh, ensure_ascii=False, indent=2, default=str)
        fh.flush()
        os.fsync(fh.fileno())
    os.replace(tmp, path)


def _fsync_dir(path: Path) -> None:
    with contextlib.suppress(OSError):
        fd = os.open(path, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)


def documents_index(store: Path) -> list[dict[str, Any]]:
    """doc_id, source_path, abs_path, size, mtime_ns of each stored document (none if no
    store). Plain rows, read with pyarrow alone: an ingest with nothing to do, which reads
    only this, is not kept waiting for pandas to import."""
    gen = current_dir(store)
    if gen is None:
        return []
    check_complete(store, gen)
    cols = ["doc_id", "source_path", "abs_path", "size", "mtime_ns"]
    table = pq.ParquetFile(gen / "documents.parquet").read(columns=cols)
    return cast("list[dict[str, Any]]", table.to_pylist())


def iter_rows(store: Path, name: str, columns: list[str] | None = None) -> Iterable[dict[str, Any]]:
    """Rows of a table of the live version as dicts, batch by batch (bounded memory)."""
    for batch in iter_batches(store, name, columns):
        yield from batch.to_pylist()
