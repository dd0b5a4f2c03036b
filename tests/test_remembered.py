"""The store remembers the rule and speaker files of its ingest (by content hash): later
commands use them, and a changed file re-processes what it affects without --force."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

from conftest import RAW, run

PARTNERS = '[[kind]]\nname = "partners"\nnouns_zh = ["合作伙伴", "行业伙伴"]\n'
# A made-up alias of a registry person and a person the shipped registry does not have.
SPEAKERS = '[[speaker]]\nname = "汤道生"\nshort = ["汤总裁"]\n'


def _ingest(raw: Path, store: Path, *extra: str) -> None:
    result = run("ingest", str(raw), "--store", str(store), "--workers", "1", "-q", *extra)
    assert result.exit_code == 0, result.output


def _metrics(store: Path, *extra: str) -> list[dict[str, object]]:
    result = run("metrics", "--format", "json", "--store", str(store), *extra)
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)  # type: ignore[no-any-return]


def test_changed_rules_reextract_without_force_and_are_remembered(tmp_path: Path) -> None:
    raw = tmp_path / "raw"
    shutil.copytree(RAW, raw)
    store = tmp_path / "s"
    _ingest(raw, store)
    assert _metrics(store, "--kind", "users")
    rules = tmp_path / "mine.toml"
    rules.write_text(PARTNERS, encoding="utf-8")
    _ingest(raw, store, "--rules", str(rules))  # no file changed, no --force
    partners = _metrics(store, "--kind", "partners")
    assert any(r["value"] == 2e7 for r in partners)  # 2千万行业伙伴
    manifest = json.loads((store / "current" / "manifest.json").read_text("utf-8"))
    assert manifest["setup"]["rules"]["path"] == str(rules.resolve())
    # The next ingest without --rules keeps the user's kinds, even with the file gone.
    rules.unlink()
    source = raw / str(partners[0]["source_path"])
    (raw / "extra.txt").write_bytes(source.read_bytes() + "\n附记。\n".encode())
    _ingest(raw, store)
    assert len(_metrics(store, "--kind", "partners")) > len(partners)  # the new file too


def test_changed_speakers_reprocess_and_queries_know_the_alias(tmp_path: Path) -> None:
    raw = tmp_path / "raw"
    shutil.copytree(RAW, raw)
    store = tmp_path / "s"
    _ingest(raw, store)
    unknown = run("metrics", "--speaker", "汤总裁", "--store", str(store))
    assert unknown.exit_code == 1
    speakers = tmp_path / "people.toml"
    speakers.write_text(SPEAKERS, encoding="utf-8")
    before = (store / "current").resolve()
    _ingest(raw, store, "--speakers", str(speakers))
    assert (store / "current").resolve() != before  # re-processed without --force
    # Later queries know the alias without being given the file.
    by_alias = _metrics(store, "--speaker", "汤总裁")
    assert by_alias and by_alias == _metrics(store, "--speaker", "汤道生")
    listed = json.loads(run("speakers", "--format", "json", "--store", str(store)).stdout)
    assert any("汤总裁" in r["aliases"] for r in listed)
    # The same file again changes nothing.
    again = (store / "current").resolve()
    _ingest(raw, store, "--speakers", str(speakers))
    assert (store / "current").resolve() == again
