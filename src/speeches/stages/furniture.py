"""Page furniture removal: find the article body of a scraped page.

`find_body` works line by line on the page text after Traditional -> Simplified conversion
and returns the character spans of the article body; everything else (navigation, header
fields and datelines, title lines, share/login/comment prompts, app banners, related-link
lists, disclaimers and footers) is furniture. It combines

- rules kept as data in ``rules/furniture.toml``: anchored line patterns, literal phrases
  that mark short lines, "trigger" lines that can start the end-of-page chrome, footer
  vocabulary and lead-paragraph tags;
- structure: the page header (lines before the first prose line: what precedes the title,
  bullet standfirsts, a repeated title), divider lines with no words, datelines, the tail
  from the first trigger after which little article prose is left (a repeated title line
  counts as a trigger), the run of short lines after a "related" header, a trailing run of
  short, mostly unpunctuated lines (a link list) at the end of the page, and clusters of
  such lines in the last stretch of the page.

Short headings inside the article (speaker headings such as "刘炽平-腾讯公司总裁",
interview turns, section titles) are kept. Everything is regex-based and linear in the
length of the page; odd input (empty, one huge line, binary junk) gives a result, not an
error.

>>> page = "首页 > 新闻\\n\\n标题在此\\n\\n正文第一段，讲了很多事情，也给出了一些数据和比较长的内容。\\n\\n分享到 :\\n"
>>> [page[start:end] for start, end in find_body(page)]
['正文第一段，讲了很多事情，也给出了一些数据和比较长的内容。']
"""

from __future__ import annotations

import functools
import re
import tomllib
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import Any

from speeches.errors import BadRule
from speeches.rules import tomlfile
from speeches.stages.metadata import (
    DATELINE_MAX_CHARS,
    SHORT_UNITS,
    alternation,
    find_title,
    is_dateline,
    is_prose,
    text_units,
)
from speeches.text.lookahead import first_chars

__all__ = ["FurnitureRules", "explain_body", "find_body", "load_rules"]

# Default rule file: package data speeches/rules/furniture.toml. It is read through the
# `speeches` package because speeches/rules.py (the metrics rule loader) owns the name
# `speeches.rules`; a rules/__init__.py would shadow that module.
_RULES_PACKAGE = "speeches"
_RULES_FILE = "furniture.toml"
# Rule kinds that are lists of named regexes, and the trigger groups.
_PATTERN_KINDS = ("line", "trigger", "footer", "prefix", "keep")
_TRIGGER_GROUPS = ("related", "end")
_SETTINGS = {
    "short_units": SHORT_UNITS,
    "phrase_units": 30,
    "max_rule_chars": 400,
    "tail_ratio": 0.25,
    "tail_run_lines": 3,
    "cluster_lines": 6,
    "cluster_share": 0.3,
}

# A run of non-blank characters between line breaks (\n, \r\n or a lone \r).
_LINE_RE = re.compile(r"[^\r\n]+")
# A line with no letter, digit or Han character: dividers such as "//", "***", "———".
_NO_WORD_RE = re.compile(r"^[\W_]*$")
# A bullet at the start of a line: standfirst points under a headline ("• Adopts …").
_BULLET_RE = re.compile(r"^[•·▪●◦■□►▶‣∙]")
# Sentence-final punctuation, optionally followed by closing quotes/brackets (a line ending
# in a colon is a lead-in, not a sentence).
_TERMINAL_RE = re.compile(r"[.!?。！？…;；][\"'”’」』)）\]】]*$")
# Any digit: a line without one cannot be a dateline (a cheap pre-check).
_DIGIT_RE = re.compile(r"\d")
# A question or exclamation mark at the end of a line (link titles often end so).
_QUESTION_RE = re.compile(r"[?!？！][\"'”’」』)）\]】]*$")
# Whitespace, removed when comparing a line with the title.
_SPACE_RE = re.compile(r"\s+")
# Longest line (in characters) compared with the title; a title line is never longer.
_TITLE_MAX_CHARS = 600
# How many short lines after a "related" header are dropped as its link list at most.
_BLOCK_MAX_LINES = 40


@dataclass(slots=True)
class FurnitureRules:
    """Compiled furniture rules (see rules/furniture.toml for their meaning)."""

    line: re.Pattern[str]
    footer: re.Pattern[str]
    prefix: re.Pattern[str]
    phrases: re.Pattern[str]
    keep: re.Pattern[str]  # items of a list of figures: article body, never link lists
    # The rules a line is tried against in turn, in one pass each (the first rule that matches
    # wins either way; the names say which group a match is of): the "related" then the "end"
    # triggers, for a line that is no full sentence; for one that is, the "end" triggers that
    # also apply to full sentences (end_prose), then the line rules.
    triggers: re.Pattern[str]
    prose_line: re.Pattern[str]
    related_names: frozenset[str]
    end_prose_names: frozenset[str]
    settings: dict[str, float] = field(default_factory=lambda: dict(_SETTINGS))


# A pattern that matches nothing, for an empty rule group.
_NEVER = r"(?!)"


def _compile_group(patterns: list[tuple[str, str]], anchored: bool = True) -> re.Pattern[str]:
    """One case-insensitive alternation of validated (name, pattern) pairs; each alternative
    is a group named after its rule, so `match.lastgroup` says which rule matched.

    An `anchored` group is only ever `match`ed, at the start of a line: each rule whose
    first characters are bounded opens with a look-ahead on them (lookahead.first_chars), so
    a line that starts otherwise leaves it in one step instead of entering its body (a rule
    of forty button words tries each of them). That changes no match. (A searched group
    keeps its rules as they are: a look-ahead would hide the first characters re skips to.)
    """
    rules = []
    for name, pattern in patterns:
        first = first_chars(pattern, re.IGNORECASE) if anchored else None
        rules.append(f"(?P<{name}>(?={first})(?:{pattern}))" if first else f"(?P<{name}>{pattern})")
    return re.compile("|".join(rules) or _NEVER, re.IGNORECASE)


def _compile_phrases(literals: list[str]) -> re.Pattern[str]:
    """One case-insensitive alternation of literal phrases, longest first.

    It starts with a lookahead on the phrases' first characters: that changes no match (under
    IGNORECASE the class folds case as the literals do) and spares `re` trying every phrase
    at each position of a line. The phrases that start with one character are one branch
    (metadata.alternation): re enters one branch per first character, not one per phrase.
    """
    if not literals:
        return re.compile(_NEVER)
    first = "".join(sorted({re.escape(literal[0]) for literal in literals}))
    body = alternation(literals)
    return re.compile(f"(?=[{first}])(?:{body})", re.IGNORECASE)


def _parse_rules(data: dict[str, Any], source: str) -> FurnitureRules:
    """Validate a parsed rule file and compile it; BadRule names the file and the rule."""
    groups: dict[str, list[tuple[str, str]]] = {
        name: [] for name in ("line", "footer", "prefix", "keep", "end_prose", *_TRIGGER_GROUPS)
    }
    seen: set[str] = set()
    for kind in _PATTERN_KINDS:
        rules = data.get(kind, [])
        if not isinstance(rules, list):
            raise BadRule(f"{source}: [[{kind}]] must be an array of tables")
        for index, rule in enumerate(rules):
            name = rule.get("name") if isinstance(rule, dict) else None
            label = f"{source}: [[{kind}]] rule {name or f'#{index + 1}'}"
            if not isinstance(rule, dict) or not isinstance(name, str) or not name:
                raise BadRule(f"{label}: every rule needs a name")
            if not name.isidentifier() or name in seen:
                raise BadRule(f"{label}: names must be unique identifiers (letters, digits, _)")
            seen.add(name)
            pattern = rule.get("pattern")
            if not isinstance(pattern, str) or not pattern.strip():
                raise BadRule(f"{label}: pattern is missing or empty")
            try:
                re.compile(pattern, re.IGNORECASE)
            except re.error as error:
                raise BadRule(f"{label}: bad regex ({error})") from None
            if "(?P<" in pattern:
                raise BadRule(f"{label}: named groups are reserved for rule names")
            if re.match(pattern, "", re.IGNORECASE):
                raise BadRule(f"{label}: pattern matches the empty line")
            if kind == "trigger":
                group = rule.get("group", "end")
                if group not in _TRIGGER_GROUPS:
                    raise BadRule(f"{label}: group must be one of {', '.join(_TRIGGER_GROUPS)}")
                groups[group].append((name, pattern))
                prose = rule.get("prose", False)
                if not isinstance(prose, bool):
                    raise BadRule(f"{label}: prose must be true or false")
                if prose and group == "end":
                    groups["end_prose"].append((name, pattern))
            else:
                groups[kind].append((name, pattern))
    phrases = data.get("phrases", {})
    if not isinstance(phrases, dict):
        raise BadRule(f"{source}: [phrases] must be a table of string lists")
    literals: list[str] = []
    for name, values in phrases.items():
        if not isinstance(values, list) or not all(isinstance(v, str) and v for v in values):
            raise BadRule(f"{source}: [phrases] {name}: must be a list of non-empty strings")
        literals.extend(values)
    settings = dict(_SETTINGS)
    for key, value in data.get("settings", {}).items():
        if key not in _SETTINGS:
            raise BadRule(f"{source}: [settings] {key}: unknown setting")
        if not isinstance(value, int | float) or isinstance(value, bool) or value < 0:
            raise BadRule(f"{source}: [settings] {key}: must be a non-negative number")
        settings[key] = value
    literals.sort(key=len, reverse=True)
    return FurnitureRules(
        line=_compile_group(groups["line"]),
        footer=_compile_group(groups["footer"], anchored=False),
        prefix=_compile_group(groups["prefix"]),
        phrases=_compile_phrases(literals),
        keep=_compile_group(groups["keep"]),
        triggers=_compile_group(groups["related"] + groups["end"]),
        prose_line=_compile_group(groups["end_prose"] + groups["line"]),
        related_names=frozenset(name for name, _ in groups["related"]),
        end_prose_names=frozenset(name for name, _ in groups["end_prose"]),
        settings=settings,
    )


@functools.cache
def _default_rules() -> FurnitureRules:
    """The packaged rules, loaded and compiled once."""
    text = (
        resources.files(_RULES_PACKAGE).joinpath("rules", _RULES_FILE).read_text(encoding="utf-8")
    )
    return _parse_rules(tomllib.loads(text), _RULES_FILE)


def load_rules(path: Path | None = None) -> FurnitureRules:
    """Furniture rules from `path` (a TOML file like rules/furniture.toml), or the defaults."""
    if path is None:
        return _default_rules()
    return _parse_rules(tomlfile.read(path, "rule file", BadRule), str(path))


class _Line:
    """One non-blank line of the page and what find_body decided about it.

    (A plain class, not a dataclass: mypyc compiles its __init__, where a dataclass's is the
    Python one the dataclasses module writes, run for every line of every page.)
    """

    def __init__(
        self,
        start: int,
        end: int,
        text: str,
        units: int,
        short: bool,
        prose: bool,
        reason: str | None = None,
        trigger: str | None = None,
        keep: bool = False,
    ) -> None:
        self.start = start
        self.end = end
        self.text = text
        self.units = units
        self.short = short
        self.prose = prose
        self.reason = reason  # why the line is furniture; None while it is body
        self.trigger = trigger  # "related" | "end" when the line may start the tail
        self.keep = keep  # an item of a list of figures: never a link of a link list


def _split(text: str, rules: FurnitureRules) -> list[_Line]:
    """The non-blank lines of `text`, each span trimmed of surrounding whitespace, each with
    what its own text says: its length in units, whether it is prose, and _rule_verdict.
    (This runs on every line of every page: a line is dropped when its `reason` is set.)"""
    lines: list[_Line] = []
    short_units = rules.settings["short_units"]
    keep = rules.keep.match
    for match in _LINE_RE.finditer(text):
        raw = match.group()
        stripped = raw.strip()
        if not stripped:
            continue
        start = match.start() + (len(raw) - len(raw.lstrip()))
        units = text_units(stripped)
        prose = is_prose(stripped, units)
        reason, trigger = _rule_verdict(stripped, prose, units, rules) or (None, None)
        lines.append(
            _Line(
                start,
                start + len(stripped),
                stripped,
                units,
                units <= short_units,
                prose,
                reason,
                trigger,
                reason is None and keep(stripped) is not None,
            )
        )
    return lines


def _title_key(line: str) -> str:
    """A line reduced for comparison with the title: no whitespace, case-folded."""
    return _SPACE_RE.sub("", line).casefold()


def _rule_verdict(
    text: str, prose: bool, units: int, rules: FurnitureRules
) -> tuple[str, str | None] | None:
    """(reason, trigger) when a line is furniture by its own text, else None."""
    if _NO_WORD_RE.match(text):
        return "divider", None
    if len(text) > rules.settings["max_rule_chars"]:
        return None
    if not prose:
        # related, then end (the trigger groups, in _TRIGGER_GROUPS order), in one pass
        if match := rules.triggers.match(text):
            name = match.lastgroup
            return f"trigger:{name}", "related" if name in rules.related_names else "end"
        if units <= rules.settings["phrase_units"] and (match := rules.phrases.search(text)):
            return f"phrase:{match.group().casefold()}", None
        match = rules.line.match(text)
    else:  # end_prose, then line, in one pass
        match = rules.prose_line.match(text)
        if match and match.lastgroup in rules.end_prose_names:
            return f"trigger:{match.lastgroup}", "end"
    if match:
        return f"line:{match.lastgroup}", None
    # (is_dateline says no to a longer line: the length test spares the digit search)
    if len(text) <= DATELINE_MAX_CHARS and _DIGIT_RE.search(text) and is_dateline(text):
        return "dateline", None
    return None


def _classify(line: _Line, title_key: str) -> None:
    """Mark a line that repeats the title (`title_key`, "" for no title) as furniture that may
    end the article; a divider stays a divider."""
    text = line.text
    if (
        title_key
        and line.reason != "divider"
        and len(title_key) <= len(text) <= _TITLE_MAX_CHARS
        # A line's key starts with the line's first character (the line is stripped): a
        # cheap test before building the key.
        and text[0].casefold()[:1] == title_key[0]
        and _title_key(text) in (title_key, title_key + title_key)
    ):
        line.reason, line.trigger = "title", "end"  # a title repeated late may end the article


def _drop_header(
    lines: list[_Line], title_span: tuple[int, int] | None, title_keys: frozenset[str]
) -> int:
    """Drop the page header's furniture; return the index of the first prose line.

    Before the first prose line, everything up to the title line, bullet standfirsts and
    everything up to a repeat of the title are furniture, and no line ends the article.
    """
    first_prose = next(
        (
            index
            for index, line in enumerate(lines)
            if line.prose and line.reason is None and (line.start, line.end) != title_span
        ),
        len(lines),
    )
    last_title: int | None = None
    for index in range(first_prose):
        line = lines[index]
        line.trigger = None
        if (line.start, line.end) == title_span or (
            last_title is not None and _title_key(line.text) in title_keys
        ):
            last_title = index
        if _BULLET_RE.match(line.text) and line.reason is None and not line.keep:
            line.reason = "standfirst"  # (a standfirst stating figures is a lede: body)
    if last_title is not None:
        for line in lines[: last_title + 1]:
            line.reason = line.reason or "header"
    return first_prose


def _cut_tail(lines: list[_Line], first_prose: int, rules: FurnitureRules) -> None:
    """Drop everything from the first trigger after which little article prose is left.

    Article prose after a line is the length of the long kept lines after it that are not
    footer boilerplate. A trigger ends the article when that is at most `tail_ratio` of
    the body before it. Since the body before a line is at most the whole body, only the
    last stretch of the page (where prose after stays under tail_ratio of the whole) can
    hold such a trigger, and only that stretch is scanned for footer vocabulary, and only
    down to the first trigger (above it, the scan could only move `after` further up).
    """
    first_trigger = next(
        (index for index in range(first_prose + 1, len(lines)) if lines[index].trigger), None
    )
    if first_trigger is None:
        return
    ratio = rules.settings["tail_ratio"]
    bound = ratio * sum(line.units for line in lines if line.reason is None)
    after, prose_after = first_prose, 0
    candidates: dict[int, int] = {}  # trigger index -> article prose after it
    for index in range(len(lines) - 1, first_trigger - 1, -1):
        line = lines[index]
        if line.trigger:
            candidates[index] = prose_after
        if line.reason is None and not line.short and not rules.footer.search(line.text[:2000]):
            prose_after += line.units
            if prose_after > bound:
                after = index
                break
    if not candidates:
        return
    before = 0
    for index, line in enumerate(lines):
        if (
            index > after
            and index in candidates
            and before > 0
            and candidates[index] <= ratio * before
        ):
            for rest in lines[index + 1 :]:
                rest.reason = rest.reason or f"tail:{line.reason}"
            return
        if line.reason is None:
            before += line.units


def _linkish(line: _Line) -> bool:
    """True for a line that could be a link title: short, and not a statement (link titles
    may be questions or exclamations, "如何借力小程序获得收入?"), nor an item of a list of
    figures ([[keep]] rules: "• 330 million users have a video call")."""
    return (
        line.short
        and not line.keep
        and (not line.prose or _QUESTION_RE.search(line.text) is not None)
    )


def _drop_related_blocks(lines: list[_Line]) -> None:
    """Drop the run of short lines (link titles) that follows each "related" header."""
    for index, line in enumerate(lines):
        if line.trigger != "related":
            continue
        for follower in lines[index + 1 : index + 1 + _BLOCK_MAX_LINES]:
            if not (_linkish(follower) or follower.keep and follower.short):
                break  # (a "related" list is links, whatever its items say)
            follower.reason = follower.reason or f"list:{line.reason}"


def _drop_trailing_run(lines: list[_Line], rules: FurnitureRules) -> None:
    """Drop a link list at the end of the page: the trailing run of link-like lines, when it
    is long enough and at least half of it has no sentence punctuation."""
    run: list[_Line] = []
    for line in reversed(lines):
        if line.reason is not None:
            continue
        if not _linkish(line):
            break
        run.append(line)
    if len(run) < rules.settings["tail_run_lines"]:
        return
    open_ended = sum(1 for line in run if not _TERMINAL_RE.search(line.text))
    if 2 * open_ended >= len(run):
        for line in run:
            line.reason = "link_list"


def _drop_link_clusters(lines: list[_Line], rules: FurnitureRules) -> None:
    """Drop clusters of short, mostly unpunctuated lines in the last stretch of the page.

    A link list is not always last on the page (a disclaimer may follow it). A run of at
    least `cluster_lines` consecutive link-like lines that reaches into the final
    `cluster_share` of the body, two thirds of it without sentence punctuation, is dropped.
    """
    total = sum(line.units for line in lines if line.reason is None)
    limit, seen = (1 - rules.settings["cluster_share"]) * total, 0
    cluster_lines = rules.settings["cluster_lines"]
    run: list[_Line] = []
    for line in [*lines, None]:
        if line is not None and line.reason is not None:
            continue  # furniture between two links does not break the list
        if line is not None and _linkish(line):
            run.append(line)
            seen += line.units
            continue
        if (
            seen > limit
            and len(run) >= cluster_lines
            # (counted last: most runs are too short, or too early on the page)
            and 3 * sum(1 for member in run if not _TERMINAL_RE.search(member.text))
            >= 2 * len(run)
        ):
            for member in run:
                member.reason = "link_list"
        run = []
        if line is not None:
            seen += line.units


def _trim_lead(lines: list[_Line], rules: FurnitureRules) -> None:
    """Trim outlet/reporter tags ("【财新网】(记者 …)") from the start of the first body line."""
    lead = next((line for line in lines if line.reason is None), None)
    if lead is None:
        return
    for _ in range(3):  # tags come in twos or threes: 【outlet】(reporter) …
        match = rules.prefix.match(lead.text)
        if not match or not match.end():
            break
        lead.start += match.end()
        lead.text = lead.text[match.end() :]
        stripped = lead.text.lstrip()
        lead.start += len(lead.text) - len(stripped)
        lead.text = stripped
    if not lead.text:
        lead.reason = "lead_tag"


def _analyse(text: str, rules: FurnitureRules | None) -> list[_Line]:
    """The non-blank lines of `text`, each with its verdict (reason None = body)."""
    if not text or text.isspace():
        return []
    rules = rules or _default_rules()
    lines = _split(text, rules)
    title, title_span = find_title(text)
    title_keys: frozenset[str] = frozenset()
    key = ""
    if title:
        key = _title_key(title)
        title_keys = frozenset({key, key + key})
    for line in lines:
        _classify(line, key)
    first_prose = _drop_header(lines, title_span, title_keys)
    _cut_tail(lines, first_prose, rules)
    _drop_related_blocks(lines)
    _drop_trailing_run(lines, rules)
    _drop_link_clusters(lines, rules)
    _trim_lead(lines, rules)
    return lines


def explain_body(text: str, rules: FurnitureRules | None = None) -> list[tuple[int, int, str]]:
    """(start, end, verdict) for every non-blank line of `text`: "body", or why the line is
    furniture ("line:breadcrumb", "phrase:分享到", "trigger:related_en", "tail:…", "title",
    "header", "standfirst", "dateline", "divider", "list:…", "link_list", "lead_tag").

    >>> explain_body("Home > News\\n\\nTitle\\n\\nBody text.")
    [(0, 11, 'line:breadcrumb'), (13, 18, 'title'), (20, 30, 'body')]
    """
    return [(line.start, line.end, line.reason or "body") for line in _analyse(text, rules)]


def find_body(text: str, rules: FurnitureRules | None = None) -> list[tuple[int, int]]:
    """Character spans (start, end) of the article body in `text`, in order, non-overlapping,
    each trimmed of surrounding whitespace; everything outside them is page furniture.

    `text` is the page after Traditional -> Simplified conversion. Consecutive body lines
    (blank lines between them allowed) make one span; a furniture line ends a span.
    """
    spans: list[tuple[int, int]] = []
    open_span: list[int] | None = None
    for line in _analyse(text, rules):
        if line.reason is not None:
            if open_span:
                spans.append((open_span[0], open_span[1]))
            open_span = None
        elif open_span is None:
            open_span = [line.start, line.end]
        else:
            open_span[1] = line.end
    if open_span:
        spans.append((open_span[0], open_span[1]))
    return spans
