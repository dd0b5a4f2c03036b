"""metrics --subject (any alias) and the claims command over a store."""

from __future__ import annotations

import json
from pathlib import Path

from conftest import run


def rows(*args: str) -> list[dict]:  # type: ignore[type-arg]
    result = run(*args, "--format", "json")
    assert result.exit_code == 0, result.output
    return json.loads(result.output)  # type: ignore[no-any-return]


def test_subject_by_any_alias_returns_the_same_rows(seed_store: Path) -> None:
    wechat = rows("metrics", "--subject", "WeChat", "--store", str(seed_store))
    assert wechat and all("微信" in r["subject"].split("、") for r in wechat)
    assert rows("metrics", "--subject", "微信", "--store", str(seed_store)) == wechat
    assert rows("metrics", "--subject", "weixin", "--store", str(seed_store)) == wechat


def test_unknown_subject_names_the_closest(seed_store: Path) -> None:
    result = run("metrics", "--subject", "Wechatt", "--store", str(seed_store))
    assert result.exit_code == 1 and "微信" in result.output


def test_claims_group_the_same_figure(seed_store: Path) -> None:
    claims = rows("claims", "--store", str(seed_store))
    assert claims and set(claims[0]) >= {"subject", "kind", "value", "sources", "first_seen"}
    assert all(c["subject"] for c in claims)
    # 002 states the server figure three times in one document: one claim, three mentions
    servers = [c for c in claims if c["kind"] == "servers" and c["value"] == 1e6]
    assert any(c["mentions"] >= 3 and c["sources"] == 1 for c in servers)
    assert rows("claims", "--min-sources", "2", "--store", str(seed_store)) == [
        c for c in claims if c["sources"] >= 2]
