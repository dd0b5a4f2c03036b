"""Issue 13: extraction classes missed on unseen pages. Every rule has a sentence written for
it here and a must-not case beside it (no sentence is taken from a dev or gold page)."""

from __future__ import annotations

import json
import math
from pathlib import Path

import pytest

from conftest import found, has, run
from speeches.rules import load_rules
from speeches.stages.extract import Extractor
from speeches.stages.normalize import normalize

# (sentence, kind, value, qualifier): each must be found.
FOUND = [
    # English noun before the number, and a mark after it
    ("Overall paying users came to 4.2 million by June.", "users", 4.2e6, "exact"),
    ("Its MAUs passed the 700m mark in spring.", "users", 7e8, "more_than"),
    ("The group's server count topped two million last year.", "servers", 2e6, "more_than"),
    ("The forum has crossed the two billion accounts mark.", "users", 2e9, "more_than"),
    ("Daily active users surpassed the symbolic 300 million threshold.", "users", 3e8, "more_than"),
    ("The game crossed the 50 million user mark in May.", "users", 5e7, "more_than"),
    ("Shoppers opened 640 million accounts with the bank app.", "users", 6.4e8, "exact"),
    # users nouns and forms
    ("The club's member base reached 2 million, up from 1.6 million.", "users", 1.6e6, "exact"),
    ("Its weekly actives were about, let's say, 15 million.", "users", 1.5e7, "about"),
    ("Monthly actives climbed to 45 million.", "users", 4.5e7, "exact"),
    ("Paying users of the service grew 6% year-on-year to 110 million.", "users", 1.1e8,
     "exact"),
    ("The streaming service now has 12 million subs.", "users", 1.2e7, "exact"),
    ("Nearly 90 million Americans are on the new network.", "users", 9e7, "nearly"),
    ("About 70 million adults use the app each week.", "users", 7e7, "about"),
    ("Some 25 million users read the newsletter daily.", "users", 2.5e7, "about"),
    ("這個平台有300萬使用者。", "users", 3e6, "exact"),
    ("約有400萬港人用過這個App。", "users", 4e6, "about"),
    ("The number of people using the wallet reached 700 million.", "users", 7e8, "exact"),
    ("我們的用家已超過50萬。", "users", 5e5, "more_than"),
    ("用戶數去年達到6000萬。", "users", 6e7, "exact"),
    # an elided noun carried from a count earlier in the sentence
    ("华北机房有50万台服务器，华南机房也有30万台。", "servers", 3e5, "exact"),
    ("本地用户有200万户，其次是外地的八十万户。", "users", 8e5, "exact"),
    ("Paying members reached 90 million in the period, up from 75 million.", "users", 7.5e7, "exact"),
    ("Acme runs 3 million servers and Beta has 1 million.", "servers", 1e6, "exact"),
    ("The app has 90 million users in Brazil, 40 million in Mexico.", "users", 4e7, "exact"),
    ("华东机房有4000台服务器，其中600台位于上海。", "servers", 600, "exact"),
    ("注册账户数同比增长5%至3.1亿。", "users", 3.1e8, "exact"),
    ("The service closed the year with 120 million paid memberships.", "users", 1.2e8, "exact"),
    # number forms
    ("会员人数达到二○○万。", "users", 2e6, "exact"),
    ("会员人数达到三〇〇万。", "users", 3e6, "exact"),
    ("六七十%的医院都接入了。", "percentage", 60, "range"),
    ("注册用户破百万。", "users", 1e6, "more_than"),
    ("这款应用的用户过亿。", "users", 1e8, "more_than"),
    ("用户达到2。7亿。", "users", 2.7e8, "exact"),
    ("有4成用戶每天使用。", "percentage", 40, "exact"),
    ("逾6成市民用過該服務。", "percentage", 60, "more_than"),
    # qualifiers
    ("活跃用户3000万出头。", "users", 3e7, "more_than"),
    ("注册用户已达到3亿量级。", "users", 3e8, "exact"),
    ("付费会员逼近5000万。", "users", 5e7, "nearly"),
    ("注册用户差不多8000万。", "users", 8e7, "nearly"),
    ("Roughly, I think, 35% of members pay.", "percentage", 35, "about"),
    ("市场份额不足对手的30%。", "percentage", 30, "less_than"),
    ("日活跃用户已经过了两百万。", "users", 2e6, "more_than"),
    # counts between 1900 and 2099 with a classifier or noun after them
    ("平台接入了超过1900家医院。", "hospitals", 1900, "more_than"),
    ("The network links 2025 hospitals nationwide.", "hospitals", 2025, "exact"),
    ("机房共有2050台服务器。", "servers", 2050, "exact"),
    # a capitalized word opening a sentence is no product name
    ("Currently 800 hospitals share the records.", "hospitals", 800, "exact"),
    ("Altogether 120 hospitals signed up.", "hospitals", 120, "exact"),
    # fractions and halves
    ("The other half of the country has no access.", "percentage", 50, "exact"),
    ("It reported a 45% reduction in energy use.", "percentage", 45, "exact"),
    ("One in four members pays for the premium tier.", "percentage", 25, "exact"),
]


@pytest.mark.parametrize(("text", "kind", "value", "qualifier"), FOUND)
def test_found(extractor: Extractor, text: str, kind: str, value: float, qualifier: str) -> None:
    rows = found(extractor, text)
    assert has(rows, kind, value, qualifier), rows


# (sentence, kind, value): must not be found as that kind and value.
NOT_FOUND = [
    # a mark after a number is no licence for metres or money
    ("She ran the 400m race in record time.", "users", 4e8),
    # accounts in a ledger are no user accounts
    ("The firm's accounts showed 7 billion in reserves.", "users", 7e9),
    # a cue between commas carries the noun; other words between commas do not
    ("Its users were, as the memo put it, 15 million.", "users", 1.5e7),
    # an account is no user count; 账户数 (the number of accounts) is
    ("他的银行账户有500万。", "users", 5e6),
    # the period stripped from the gap does not hide another measure
    ("Users of the app spent 9% year-on-year more, 40 million hours.", "users", 4e7),
    # a small bare number after "under" or "aged" is an age
    ("Most of its users are under 25.", "users", 25),
    ("Members aged 65 get a discount.", "users", 65),
    # a mark of something else is no user count
    ("The share price crossed the 50 dollar mark.", "users", 50),
    ("People using the app spent 4 billion hours on it.", "users", 4e9),
    ("约有400万港人到过深圳。", "users", 4e6),
    ("Brands run 30 million official accounts on the platform.", "users", 3e7),
    # a user noun is needed: people who work somewhere are no users
    ("About 300 Americans work at the plant.", "users", 300),
    ("公司有8000万用户，员工有2万人。", "users", 2e4),
    # an elided noun needs the kind's own unit: 家 after 医院 is not a server
    ("我们接入了500家医院，还签了40家药企。", "hospitals", 40),
    ("甲公司有50万台服务器，还有30个数据中心。", "servers", 30),
    # across a comma, an English number still needs to stand bare
    ("The app has 90 million users, 300 engineers and 12 offices.", "users", 12),
    # 。 between digits is a decimal point only before a scale or a percent sign
    ("用户达到3。5月份又增加了。", "users", 3.5),
    # years stay years
    ("In 2021 hospitals reopened their wards.", "hospitals", 2021),
    ("2019年医院数量没有变化。", "hospitals", 2019),
    # product names are not counts
    ("Microsoft 365 users can sign in at once.", "users", 365),
    ("QQ 2000 users remember the old icons.", "users", 2000),
    ("iPhone 15 users got the update first.", "users", 15),
    ("Many of the Vortex 300 users asked for a refund.", "users", 300),
    ("One in four members pays for the premium tier.", "users", 4),
    ("1 in 5 members pays for the premium tier.", "users", 5),
    # the other half of a period is no share
    ("The other half of the year was quieter.", "percentage", 50),
    # "2018 to 300 million" is no range starting at 2018
    ("User numbers rose from 2018 to 300 million.", "users", 2018),
]


@pytest.mark.parametrize(("text", "kind", "value"), NOT_FOUND)
def test_not_found(extractor: Extractor, text: str, kind: str, value: float) -> None:
    rows = found(extractor, text)
    assert not any(k == kind and math.isclose(v, value) for k, v, _ in rows), rows


# (sentence, kind, value, qualifier it must have): cues that are no cues.
QUALIFIER = [
    ("Subscribers were up over 12% from last year.", "percentage", 12, "exact"),
    ("Sales increased by over 8% in the quarter.", "percentage", 8, "exact"),
    ("最近200家医院接入了平台。", "hospitals", 200, "exact"),
    ("通过300家医院的合作完成。", "hospitals", 300, "exact"),
    ("近日公司的40%用户来自海外。", "percentage", 40, "exact"),
    ("来不及统计的30%医院没有上报。", "percentage", 30, "exact"),
    ("Only 500 users signed up.", "users", 500, "exact"),
    ("Its hospitals now number over 400.", "hospitals", 400, "more_than"),
]


@pytest.mark.parametrize(("text", "kind", "value", "qualifier"), QUALIFIER)
def test_qualifier(
    extractor: Extractor, text: str, kind: str, value: float, qualifier: str
) -> None:
    rows = found(extractor, text)
    assert has(rows, kind, value, qualifier), rows


def test_over_without_a_rise_still_bounds(extractor: Extractor) -> None:
    rows = found(extractor, "The app has over 60 million users.")
    assert has(rows, "users", 6e7, "more_than"), rows


def test_range_in_numerals_keeps_both_bounds(extractor: Extractor) -> None:
    (m,) = [m for m in extractor.find(normalize("大约三四十%的会员")) if m.kind == "percentage"]
    assert (m.low, m.high, m.qualifier) == (30, 40, "range")


# -- section 5: the README's --rules example --------------------------------------------------

STORES = """[[kind]]
name = "stores"
nouns_zh = ["门店"]
nouns_en = ["stores"]
measures_zh = ["家"]
"""


def test_user_kind_nouns_are_not_blocked_by_shipped_filters(tmp_path: Path) -> None:
    path = tmp_path / "stores.toml"
    path.write_text(STORES, encoding="utf-8")
    ex = Extractor(load_rules(path))
    assert has(found(ex, "公司在全国开了3000家门店。"), "stores", 3000, "exact")
    assert has(found(ex, "门店总数超过了1200。"), "stores", 1200, "more_than")
    assert has(found(ex, "The chain now runs 850 stores."), "stores", 850, "exact")
    # the shipped rules still block them without the user's kind
    plain = Extractor()
    assert found(plain, "The chain now runs 850 stores.") == []
    # and the user's kind does not lift a filter for the shipped kinds' other words
    assert found(ex, "We hired 300 employees.") == []


def test_readme_rules_example_end_to_end(tmp_path: Path) -> None:
    readme = (Path(__file__).resolve().parents[1] / "README.md").read_text(encoding="utf-8")
    block = readme.split("```toml\n", 1)[1].split("```", 1)[0]
    assert 'name = "stores"' in block  # the example this test runs
    rules = tmp_path / "stores.toml"
    rules.write_text(block, encoding="utf-8")
    raw = tmp_path / "raw"
    raw.mkdir()
    (raw / "talk.txt").write_text(
        "王总在发布会上说：我们在全国已经开了超过5000家门店。\n\nAbroad we run 300 stores.\n",
        encoding="utf-8",
    )
    store = tmp_path / "store"
    result = run("ingest", str(raw), "--store", str(store), "--rules", str(rules), "-q")
    assert result.exit_code == 0, result.output
    out = run("metrics", "--kind", "stores", "--format", "json", "--store", str(store))
    rows = json.loads(out.stdout)
    values = sorted((r["value"], r["qualifier"]) for r in rows)
    assert values == [(300.0, "exact"), (5000.0, "more_than")], rows
