"""Load, validate and compile the metric rules (rules/metrics.toml, plus a user's file).

Rules are data; this module turns them into the compiled patterns the extractor uses, once
per process, and rejects a malformed rule with the file and the rule named.
"""

from __future__ import annotations

import copy
import functools
import hashlib
import re
import tomllib
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Any

from speeches.errors import BadRule
from speeches.rules import tomlfile

QUALIFIERS = ("more_than", "at_least", "less_than", "nearly", "about")
_SLOTS = ("before_zh", "after_zh", "before_en", "after_en")
_KIND_LISTS = (
    "nouns_zh",
    "nouns_en",
    "measures_zh",
    "people_zh",
    "use_verbs_zh",
    "use_adverbs_zh",
    "people_en",
    "use_verbs_en",
    "units_after_zh",
    "elided_units_zh",
    "exclude",
)
# Kind keys that hold one regex.
_KIND_REGEX = ("people_on_en", "community_en", "people_of_zh", "use_gap_en")
_SETTINGS = {
    "noun_gap_zh": int,
    "noun_gap_en": int,
    "modifier_zh": int,
    "modifier_en": int,
    "name_words_en": int,
}
_FILTER_LISTS = (
    "block_after_zh",
    "block_after_en",
    "currency_before",
    "gap_block_zh",
    "gap_block_en",
    "classifiers_zh",
    "product_names_en",
)
_FILTER_REGEX = (
    "bare_follow_zh",
    "bare_follow_en",
    "comparison_zh",
    "comparison_en",
    "age_before_en",
    "ratio_before_zh",
    "latin_scale_zh",
    "gap_adverbs_zh",
    "parallel_zh",
    "list_opener_en",
    "list_joiner_en",
    "list_opener_zh",
    "list_joiner_zh",
)


def alternation(words: list[str] | tuple[str, ...]) -> str:
    """A regex alternation of literal words, longest first (so 活跃用户 wins over 用户)."""
    words = sorted(set(words), key=len, reverse=True)
    return "|".join(re.escape(w) for w in words) if words else r"(?!x)x"


@dataclass(frozen=True)
class KindRules:
    name: str
    noun_zh: re.Pattern[str]  # a kind noun at the start of a string
    noun_zh_end: re.Pattern[str]  # a kind noun ending a string
    noun_en: re.Pattern[str]
    noun_en_end: re.Pattern[str]
    # A hyphen and a singular noun right after a number: a 16-hospital system, a 300-server farm.
    noun_en_hyphen: re.Pattern[str]
    measures_zh: frozenset[str]
    measure_zh: re.Pattern[str]
    people_use_zh: re.Pattern[str] | None
    people_use_en: re.Pattern[str] | None
    units_after_zh: re.Pattern[str]
    # A unit that alone carries the kind's noun from a count before it (微软也有200万台).
    elided_units_zh: re.Pattern[str]
    exclude: tuple[re.Pattern[str], ...]
    # Text right before a number (its cue left out) naming the platform's own community, which
    # the number then counts ("our community now has 2 billion people").
    community_en: re.Pattern[str] | None = None
    # A noun phrase of the people who use something, before its number (用互联网的人口超过20亿).
    people_of_zh: re.Pattern[str] | None = None
    # What extract's pre-check looks for near a number (a count needs one of them): the
    # nouns, the people words, and the people-use phrases anywhere in a text.
    nouns_zh: tuple[str, ...] = ()
    nouns_en: tuple[str, ...] = ()
    singulars_en: tuple[str, ...] = ()  # the nouns' singulars (noun_en_hyphen)
    people: tuple[str, ...] = ()
    people_use_anywhere: tuple[re.Pattern[str], ...] = ()


@dataclass(frozen=True)
class Rules:
    kinds: tuple[KindRules, ...]
    settings: dict[str, int]
    block_after_zh: re.Pattern[str]
    block_after_en: re.Pattern[str]
    currency_before: re.Pattern[str]
    bare_follow_zh: re.Pattern[str]
    bare_follow_en: re.Pattern[str]
    comparison_zh: re.Pattern[str]  # the gap between a count and a number compared with it
    comparison_en: re.Pattern[str]
    age_before_en: re.Pattern[str]  # before a small bare number after its noun: an age
    ratio_before_zh: re.Pattern[str]  # before a count that is one side of a ratio (6人里有1人)
    latin_scale_zh: re.Pattern[str]  # a number written with a Latin letter in Chinese (100M)
    gap_adverbs_zh: re.Pattern[str]  # time words and adverbs a gap's last clause may hold
    parallel_zh: re.Pattern[str]  # the gap before the next item of a list of counts
    # A list whose noun comes after its last count ("Akamai fields 127,000, and Rackspace has
    # 100,000 servers"): what stands before its first number, and between two of its numbers.
    list_opener_en: re.Pattern[str]
    list_joiner_en: re.Pattern[str]
    list_opener_zh: re.Pattern[str]
    list_joiner_zh: re.Pattern[str]
    classifiers_zh: re.Pattern[str]  # any classifier, to tell 五家服务器 from 五台服务器
    gap_block_zh: re.Pattern[str]  # a noun in the gap that the number measures instead
    gap_block_en: re.Pattern[str]
    product_names_en: frozenset[str]  # names whose number is part of the name (Windows 10)
    cue_before_zh: re.Pattern[str]  # ends with a cue, named group per qualifier
    cue_before_en: re.Pattern[str]
    cue_after_zh: re.Pattern[str]
    cue_after_en: re.Pattern[str]
    not_cues_zh: re.Pattern[str]
    not_cue_words_zh: re.Pattern[str]  # the same words anywhere (one that covers a cue kills it)
    not_cues_en: re.Pattern[str]  # text ending in a cue that is no cue ("up over")
    cue_of_zh: re.Pattern[str]  # a cue, a possessor and 的 before the number (不足阿里的40%)
    digest: str  # hash of the merged rule data, for the manifest


def _shipped() -> dict[str, Any]:
    text = resources.files("speeches").joinpath("rules", "metrics.toml").read_text("utf-8")
    return tomllib.loads(text)


def _check_list(value: object, where: str) -> list[str]:
    if not isinstance(value, list) or not all(isinstance(v, str) and v for v in value):
        raise BadRule(f"{where} must be a list of non-empty strings")
    return value


def _check_regex(value: object, where: str) -> str:
    if not isinstance(value, str) or not value:
        raise BadRule(f"{where} must be a non-empty regex string")
    try:
        re.compile(value)
    except re.error as e:
        raise BadRule(f"{where} is not a valid regex ({e})") from e
    if _nested_unbounded(_sre_parser().parse(value)):
        raise BadRule(
            f"{where}: a repetition of repetitions (like (a+)+ or (\\w+\\s?)*) can take time "
            "exponential in the text's length; rewrite it so each round must match something else"
        )
    return value


def _sre_parser() -> Any:
    import importlib

    return importlib.import_module("re._parser")  # Python's own regex parser (3.11+)


_REPEATS = ("MAX_REPEAT", "MIN_REPEAT", "POSSESSIVE_REPEAT")
_ATOMS = ("LITERAL", "NOT_LITERAL", "IN", "ANY", "RANGE", "CATEGORY")


def _children(op: str, av: Any) -> list[Any]:
    """The sub-patterns of one parsed regex item."""
    if op in _REPEATS:
        return [av[2]]
    if op == "SUBPATTERN":
        return [av[3]]
    if op == "BRANCH":
        return list(av[1])
    if op in ("ASSERT", "ASSERT_NOT"):
        return [av[1]]
    if op == "ATOMIC_GROUP":
        return [av]
    if op == "GROUPREF_EXISTS":
        return [b for b in av[1:] if b is not None]
    return []


def _has_unbounded(pattern: Any) -> bool:
    maxrepeat = _sre_parser().MAXREPEAT
    for op, av in pattern:
        if str(op) in _REPEATS and av[1] == maxrepeat:
            return True
        if any(_has_unbounded(c) for c in _children(str(op), av)):
            return True
    return False


def _has_required(pattern: Any) -> bool:
    """Whether every match of `pattern` must consume some character outside a repetition."""
    maxrepeat = _sre_parser().MAXREPEAT
    for op, av in pattern:
        name = str(op)
        if name in _ATOMS:
            return True
        if name == "SUBPATTERN" and _has_required(av[3]):
            return True
        if name == "BRANCH" and all(_has_required(b) for b in av[1]):
            return True
        if name in _REPEATS and av[0] >= 1 and av[1] != maxrepeat and _has_required(av[2]):
            return True
    return False


def _nested_unbounded(pattern: Any) -> bool:
    """Whether a parsed regex repeats without bound a part that is itself only unbounded
    repetitions ((a+)+, (\\w+\\s?)*, (x*y*)+): the shape that backtracks catastrophically
    and hung an ingest on one line. A part that must also match something else each time
    (\\d+(?:,\\d+)*) is fine."""
    maxrepeat = _sre_parser().MAXREPEAT
    for op, av in pattern:
        name = str(op)
        if name in _REPEATS and av[1] == maxrepeat:
            body = av[2]
            if _has_unbounded(body) and not _has_required(body):
                return True
        if any(_nested_unbounded(c) for c in _children(name, av)):
            return True
    return False


def validate(data: dict[str, Any], source: str) -> dict[str, Any]:
    """Check the shape of one rule file; raise BadRule naming the file and the rule."""
    unknown = set(data) - {"settings", "kind", "filters", "qualifiers"}
    if unknown:
        raise BadRule(f"{source}: unknown sections {sorted(unknown)}")
    for key, value in data.get("settings", {}).items():
        if key not in _SETTINGS:
            raise BadRule(f"{source}: [settings] has unknown key {key!r}")
        if not isinstance(value, int) or value < 0:
            raise BadRule(f"{source}: [settings] {key} must be a non-negative integer")
    kinds = data.get("kind", [])
    if not isinstance(kinds, list):
        raise BadRule(f"{source}: 'kind' must be an array of tables ([[kind]])")
    for i, kind in enumerate(kinds, 1):
        if not isinstance(kind, dict) or not isinstance(kind.get("name"), str) or not kind["name"]:
            raise BadRule(f"{source}: kind #{i} has no 'name'")
        where = f"{source}: kind {kind['name']!r}"
        extra = set(kind) - set(_KIND_LISTS) - set(_KIND_REGEX) - {"name", "replace"}
        if extra:
            raise BadRule(f"{where} has unknown keys {sorted(extra)}")
        for key in _KIND_LISTS:
            if key in kind:
                _check_list(kind[key], f"{where} {key}")
        for key in _KIND_REGEX:
            if key in kind:
                _check_regex(kind[key], f"{where} {key}")
        for pattern in kind.get("exclude", []):
            _check_regex(pattern, f"{where} exclude {pattern!r}")
    filters = data.get("filters", {})
    for key, value in filters.items():
        if key in _FILTER_LISTS:
            _check_list(value, f"{source}: [filters] {key}")
        elif key in _FILTER_REGEX:
            _check_regex(value, f"{source}: [filters] {key}")
        else:
            raise BadRule(f"{source}: [filters] has unknown key {key!r}")
    for key, value in data.get("qualifiers", {}).items():
        if key in ("fillers_zh", "fillers_en", "not_cues_en", "possessor_zh"):
            _check_regex(value, f"{source}: [qualifiers] {key}")
        elif key == "not_cues_zh":
            _check_list(value, f"{source}: [qualifiers] {key}")
        elif key in QUALIFIERS:
            if not isinstance(value, dict):
                raise BadRule(f"{source}: [qualifiers] {key} must be a table")
            for slot, words in value.items():
                if slot not in _SLOTS:
                    raise BadRule(f"{source}: qualifier {key} has unknown slot {slot!r}")
                _check_list(words, f"{source}: qualifier {key}.{slot}")
        else:
            raise BadRule(f"{source}: [qualifiers] has unknown qualifier {key!r}")
    return data


def merge(base: dict[str, Any], extra: dict[str, Any]) -> dict[str, Any]:
    """`extra` over `base`: lists extend (a kind with `replace = true` replaces), scalars win."""
    out = copy.deepcopy(base)
    out.setdefault("settings", {}).update(extra.get("settings", {}))
    kinds = {k["name"]: k for k in out.setdefault("kind", [])}
    for kind in extra.get("kind", []):
        old = kinds.get(kind["name"])
        if old is None or kind.get("replace"):
            new = {k: v for k, v in kind.items() if k != "replace"}
            if old is None:
                out["kind"].append(new)
            else:
                out["kind"][out["kind"].index(old)] = new
            kinds[kind["name"]] = new
            continue
        for key in _KIND_LISTS:
            old.setdefault(key, []).extend(v for v in kind.get(key, []) if v not in old[key])
        for key in _KIND_REGEX:
            if key in kind:
                old[key] = kind[key]
    filters = out.setdefault("filters", {})
    for key, value in extra.get("filters", {}).items():
        filters[key] = filters.get(key, []) + value if key in _FILTER_LISTS else value
    quals = out.setdefault("qualifiers", {})
    for key, value in extra.get("qualifiers", {}).items():
        if key in QUALIFIERS:
            for slot, words in value.items():
                quals.setdefault(key, {}).setdefault(slot, []).extend(words)
        elif key == "not_cues_zh":
            quals[key] = quals.get(key, []) + value
        else:
            quals[key] = value
    return out


def _cue_words(data: dict[str, Any], slot: str) -> list[str]:
    return [w for q in QUALIFIERS for w in data["qualifiers"].get(q, {}).get(slot, [])]


def _unblock_nouns(filters: dict[str, Any], kinds: list[dict[str, Any]]) -> dict[str, Any]:
    """The filter lists without the words that are a kind's noun: a user's kind counting
    stores or 门店 is not blocked by the shipped "stores" and 门店 filters."""
    nouns = {n.casefold() for k in kinds for key in ("nouns_zh", "nouns_en") for n in k.get(key, [])}
    out = dict(filters)
    for key in ("block_after_zh", "block_after_en", "gap_block_zh", "gap_block_en"):
        out[key] = [w for w in filters.get(key, []) if w.casefold() not in nouns]
    return out


def _cue_pattern(
    data: dict[str, Any],
    slot: str,
    before: bool,
    fillers: str,
    english: bool,
    only: list[str] | None = None,
) -> re.Pattern[str]:
    groups = []
    for q in QUALIFIERS:
        words = data["qualifiers"].get(q, {}).get(slot, [])
        if only is not None:
            words = [w for w in words if w in only]
        if words:
            alt = alternation(words)
            if english:
                alt = (
                    r"(?<![A-Za-z])(?:" + alt + r")(?![A-Za-z])"
                    if before
                    else r"(?:" + alt + r")(?![A-Za-z])"
                )
            groups.append(f"(?P<{q}>{alt})")
    body = "|".join(groups) or r"(?!x)x"
    if before:
        return re.compile(r"(?:" + body + r")" + fillers + r"$", re.I if english else 0)
    return re.compile(r"^" + fillers + r"(?:" + body + r")", re.I if english else 0)


def compile_rules(data: dict[str, Any], digest: str) -> Rules:
    kinds = []
    for kind in data["kind"]:
        name = kind["name"]
        nouns_zh = kind.get("nouns_zh", [])
        nouns_en = kind.get("nouns_en", [])
        if not nouns_zh and not nouns_en:
            raise BadRule(f"rules: kind {name!r} has no nouns (nouns_zh or nouns_en)")
        people_zh, verbs_zh = kind.get("people_zh", []), kind.get("use_verbs_zh", [])
        adverbs_zh = alternation(kind.get("use_adverbs_zh", []))
        people_en, verbs_en = kind.get("people_en", []), kind.get("use_verbs_en", [])
        en_alt = alternation(nouns_en)
        singular = [w[:-1] for w in nouns_en if w.isalpha() and w.endswith("s") and w[-2:] != "ss"]
        people_use_zh = people_use_en = None
        if people_zh and verbs_zh:
            people_use_zh = (
                "(?:"
                + alternation(people_zh)
                + r")(?:"
                + adverbs_zh
                + r"){0,2}(?:"
                + alternation(verbs_zh)
                + ")"
            )
        if people_en and (verbs_en or kind.get("people_on_en")):
            # "N people use X", "N (millions of) people on X"
            people_use_en = (
                r"(?i:of\s+)?(?i:"
                + alternation(people_en)
                + r")\s+(?:"
                + kind.get("use_gap_en", r"(?:\w+\s+)?")
                + r"(?i:"
                + alternation(verbs_en)
                + r")\b|"
                + kind.get("people_on_en", r"(?!x)x")
                + ")"
            )
        kinds.append(
            KindRules(
                name=name,
                noun_zh=re.compile("^(?:" + alternation(nouns_zh) + ")"),
                noun_zh_end=re.compile("(?:" + alternation(nouns_zh) + ")$"),
                noun_en=re.compile(r"^(?:" + en_alt + r")\b", re.I),
                noun_en_end=re.compile(r"\b(?:" + en_alt + r")$", re.I),
                noun_en_hyphen=re.compile(r"^-(?:" + alternation(singular) + r")\b(?!-)", re.I),
                measures_zh=frozenset(kind.get("measures_zh", [])),
                measure_zh=re.compile("^(?:" + alternation(kind.get("measures_zh", [])) + ")"),
                people_use_zh=re.compile("^" + people_use_zh) if people_use_zh else None,
                people_use_en=re.compile(r"^\s+" + people_use_en)
                if people_use_en
                else None,
                units_after_zh=re.compile(
                    "^(?:" + alternation(kind.get("units_after_zh", [])) + ")"
                ),
                elided_units_zh=re.compile(
                    "^(?:多|余)?(?:" + alternation(kind.get("elided_units_zh", [])) + ")"
                ),
                exclude=tuple(re.compile(p) for p in kind.get("exclude", [])),
                community_en=re.compile("(?:" + kind["community_en"] + r")\s*$", re.I)
                if kind.get("community_en")
                else None,
                people_of_zh=re.compile(kind["people_of_zh"]) if kind.get("people_of_zh") else None,
                nouns_zh=tuple(nouns_zh),
                nouns_en=tuple(nouns_en),
                singulars_en=tuple(singular),
                people=tuple(people_zh + people_en),
                people_use_anywhere=tuple(
                    re.compile(p) for p in (people_use_zh, people_use_en) if p is not None
                ),
            )
        )
    f, q = _unblock_nouns(data["filters"], data["kind"]), data["qualifiers"]
    fz, fe = q.get("fillers_zh", ""), q.get("fillers_en", "")
    long_zh = [w for w in _cue_words(data, "before_zh") if len(w) >= 2]
    return Rules(
        kinds=tuple(kinds),
        settings={**{k: 0 for k in _SETTINGS}, **data.get("settings", {})},
        block_after_zh=re.compile(
            "^(?:多|余)?(?:" + alternation(f.get("block_after_zh", [])) + ")"
        ),
        block_after_en=re.compile(
            r"^\s*(?:" + alternation(f.get("block_after_en", [])) + r")\b", re.I
        ),
        currency_before=re.compile("(?:" + alternation(f.get("currency_before", [])) + r")\s*$"),
        bare_follow_zh=re.compile(f.get("bare_follow_zh", "$")),
        bare_follow_en=re.compile(f.get("bare_follow_en", "$")),
        comparison_zh=re.compile(f.get("comparison_zh", r"(?!x)x")),
        comparison_en=re.compile(f.get("comparison_en", r"(?!x)x"), re.I),
        age_before_en=re.compile(f.get("age_before_en", r"(?!x)x"), re.I),
        ratio_before_zh=re.compile(f.get("ratio_before_zh", r"(?!x)x")),
        latin_scale_zh=re.compile(f.get("latin_scale_zh", r"(?!x)x")),
        gap_adverbs_zh=re.compile(f.get("gap_adverbs_zh", r"(?!x)x")),
        parallel_zh=re.compile(f.get("parallel_zh", r"(?!x)x")),
        list_opener_en=re.compile(f.get("list_opener_en", r"(?!x)x")),
        list_joiner_en=re.compile(f.get("list_joiner_en", r"(?!x)x")),
        list_opener_zh=re.compile(f.get("list_opener_zh", r"(?!x)x")),
        list_joiner_zh=re.compile(f.get("list_joiner_zh", r"(?!x)x")),
        classifiers_zh=re.compile("^(?:" + alternation(f.get("classifiers_zh", [])) + ")"),
        gap_block_zh=re.compile("(?:" + alternation(f.get("gap_block_zh", [])) + ")"),
        product_names_en=frozenset(f.get("product_names_en", [])),
        gap_block_en=re.compile(r"\b(?:" + alternation(f.get("gap_block_en", [])) + r")\b", re.I),
        cue_before_zh=_cue_pattern(data, "before_zh", True, fz, False),
        cue_before_en=_cue_pattern(data, "before_en", True, fe, True),
        cue_after_zh=_cue_pattern(data, "after_zh", False, r"(?:[个位名家台所人户]?)", False),
        cue_after_en=_cue_pattern(data, "after_en", False, r"\s*", True),
        not_cues_zh=re.compile("(?:" + alternation(q.get("not_cues_zh", [])) + ")" + fz + "$"),
        not_cue_words_zh=re.compile(alternation(q.get("not_cues_zh", []))),
        not_cues_en=re.compile("(?:" + q.get("not_cues_en", r"(?!x)x") + ")" + fe + "$", re.I),
        cue_of_zh=_cue_pattern(
            data, "before_zh", True, "(?:" + q.get("possessor_zh", r"(?!x)x") + ")" + fz, False,
            only=long_zh,
        ),
        digest=digest,
    )


def _read_user_file(path: Path) -> dict[str, Any]:
    return tomlfile.read(path, "rule file", BadRule)


@functools.cache
def load_rules(path: Path | None = None) -> Rules:
    """The shipped rules, with `path` read over them when given (cached per path).

    The shipped file is not validated here: tests/test_rules.py does, and checking every
    pattern for nested repetition at every start took a tenth of a second of each ingest's
    start-up, before any worker could begin. A user's file is checked whole."""
    data = _shipped()
    if path is not None:
        data = merge(data, validate(_read_user_file(Path(path)), str(path)))
    digest = hashlib.sha256(repr(sorted(data.items(), key=str)).encode()).hexdigest()[:16]
    try:
        return compile_rules(data, digest)
    except re.error as e:
        raise BadRule(f"{path or 'metrics.toml'}: a rule does not compile ({e})") from e
