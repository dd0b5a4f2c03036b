"""CLI: exit codes, messages, formats; results checked through the library."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from conftest import RAW, run

runner = CliRunner()


def test_metrics_json_by_any_alias(seed_store: Path) -> None:
    rows = {}
    for alias in ["汤道生", "湯道生", "Dowson Tong", "dowson tong"]:
        result = run("metrics", "--speaker", alias, "--format", "json", "--store", str(seed_store))
        assert result.exit_code == 0, result.output
        rows[alias] = json.loads(result.stdout)
    first = rows["汤道生"]
    assert all(r == first for r in rows.values())
    assert any(r["value"] == 1e9 and r["qualifier"] == "more_than" and "超过10亿用户" in r["surface"]
               and r["source_path"].startswith("001") for r in first)
    assert set(first[0]) >= {"doc_id", "source_path", "speaker", "kind", "value", "low", "high",
                             "qualifier", "surface", "sentence", "start", "end"}


def test_metrics_traditional_alias_finds_server_count(seed_store: Path) -> None:
    result = run("metrics", "--speaker", "邱躍鵬", "--format", "json", "--store", str(seed_store))
    rows = json.loads(result.stdout)
    assert any(r["kind"] == "servers" and r["value"] == 1e6 and "超过100万台" in r["surface"] for r in rows)


def test_metrics_csv_and_kind_filter(seed_store: Path) -> None:
    result = run("metrics", "--kind", "hospitals", "--format", "csv", "--store", str(seed_store))
    assert result.exit_code == 0
    lines = result.stdout.strip().splitlines()
    assert lines[0].startswith("doc_id,source_path,speaker,kind,value")
    assert len(lines) > 1 and all(",hospitals," in line for line in lines[1:])


def test_unknown_speaker_suggests_closest(seed_store: Path) -> None:
    result = run("metrics", "--speaker", "Dowson Tang", "--store", str(seed_store))
    assert result.exit_code == 1
    assert "no speaker matches 'Dowson Tang'" in result.stderr and "汤道生" in result.stderr


def test_unknown_kind(seed_store: Path) -> None:
    result = run("metrics", "--kind", "cats", "--store", str(seed_store))
    assert result.exit_code == 1 and "unknown kind 'cats'" in result.stderr


def test_missing_store_is_a_clear_error(tmp_path: Path) -> None:
    result = run("metrics", "--store", str(tmp_path / "none"))
    assert result.exit_code == 1
    assert "run `speeches ingest" in result.stderr
    assert "Traceback" not in result.output


def test_report_markdown(seed_store: Path, tmp_path: Path) -> None:
    out = tmp_path / "r.md"
    result = run("report", "--format", "md", "--output", str(out), "--store", str(seed_store))
    assert result.exit_code == 0
    text = out.read_text(encoding="utf-8")
    assert "## 汤道生" in text and "## 邱跃鹏" in text and "Documents: 5" in text


def test_speakers_json(seed_store: Path) -> None:
    result = run("speakers", "--format", "json", "--store", str(seed_store))
    rows = {r["speaker"]: r for r in json.loads(result.stdout)}
    assert rows["汤道生"]["metrics"] >= 4 and "Dowson Tong" in rows["汤道生"]["aliases"]
    assert rows["丁珂"]["documents"] == 1


def test_ingest_exit_codes(tmp_path: Path) -> None:
    raw = tmp_path / "raw"
    shutil.copytree(RAW, raw)
    store = tmp_path / "s"
    ok = run("ingest", str(raw), "--store", str(store), "--workers", "1")
    assert ok.exit_code == 0, ok.output
    (raw / "noise.txt").write_bytes(bytes(range(256)) * 8)
    bad = run("ingest", str(raw), "--store", str(store), "--workers", "1")
    assert bad.exit_code == 1
    assert "noise.txt" in bad.stderr and "binary" in bad.stderr
    assert "Traceback" not in bad.output
    usage = run("ingest")
    assert usage.exit_code == 2


def test_bad_rules_file_exit_1(tmp_path: Path) -> None:
    rules = tmp_path / "r.toml"
    rules.write_text('[[kind]]\nname = "x"\nnouns_zh = "y"\n', encoding="utf-8")
    result = run("ingest", str(RAW), "--store", str(tmp_path / "s"), "--rules", str(rules))
    assert result.exit_code == 1
    assert str(rules) in result.stderr and "kind 'x'" in result.stderr


def test_extract_reruns_with_user_rules(seed_store: Path, tmp_path: Path) -> None:
    store = tmp_path / "s"
    shutil.copytree(seed_store, store, symlinks=True)
    rules = tmp_path / "r.toml"
    rules.write_text('[[kind]]\nname = "partners"\nnouns_zh = ["合作伙伴", "行业伙伴"]\n', encoding="utf-8")
    result = run("extract", "--store", str(store), "--rules", str(rules))
    assert result.exit_code == 0, result.output
    rows = json.loads(run("metrics", "--kind", "partners", "--format", "json", "--store", str(store)).stdout)
    assert any(r["value"] == 2e7 for r in rows)  # 2千万行业伙伴
    before = json.loads(run("metrics", "--kind", "users", "--format", "json", "--store", str(seed_store)).stdout)
    after = json.loads(run("metrics", "--kind", "users", "--format", "json", "--store", str(store)).stdout)
    assert before == after


def test_show_dropped_furniture(seed_store: Path) -> None:
    result = run("show", "002_f7e51955b27f69e8.txt", "--dropped", "--store", str(seed_store))
    assert result.exit_code == 0
    assert "100万用户付费每天收入15万" in result.stdout


@pytest.mark.parametrize("command", ["ingest", "extract", "metrics", "report", "speakers", "show"])
def test_every_command_has_help(command: str) -> None:
    result = run(command, "--help")
    assert result.exit_code == 0 and "Example:" in result.stdout


@pytest.mark.slow
def test_installed_script_runs(seed_store: Path) -> None:
    exe = Path(sys.executable).with_name("speeches")
    if not exe.exists():
        pytest.skip("the console script is not installed in this environment")
    out = subprocess.run([str(exe), "metrics", "--store", str(seed_store), "--format", "csv"],
                         capture_output=True, text=True, check=True)
    assert out.stdout.startswith("doc_id,")


def test_unknown_executor_is_a_usage_error(tmp_path: Path) -> None:
    result = run("ingest", str(RAW), "--store", str(tmp_path / "s"), "--executor", "foo")
    assert result.exit_code == 2
    assert "Invalid value for '--executor'" in result.stderr
    assert not (tmp_path / "s").exists()
