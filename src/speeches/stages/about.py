"""Stage: what each metric is about (`subject`) and the time it refers to (`period`).

Runs after extraction, over the metrics' sentences in the normalized text: the subject from
the subject registry's rules (speeches.rules.subjects), the period from the periods the sentence
states (speeches.text.periods), relative ones resolved against the document's publication date, or
when the page has none, against its dateline (【新唐人2013年01月15日讯】).

A figure "in the reporting period" (报告期内) takes the period its paragraph stated before it.
A figure in a list takes what its sentence lacks from the line that introduces the list: after
"腾讯2025年第一季度的核心业绩数据：", the lines "总收入同比增长13%" are Tencent's, of 2025-Q1.
A count whose sentence, paragraph and list name no subject takes the first registry name of
the page's title: a page headed "微信月活跃用户破十亿" is about WeChat throughout (a Chinese
page with no registry name to go by is about the organisation it names by its head's title
more than once: 街口支付董事长梅骅). Before that,
a count its speaker states for "we" (我们的平台, "our users") is of the company the speaker's
titles name ("Chairman and CEO of Tencent"), in the speaker registry the run uses (the shipped
one with the user's `--speakers` file read over it). So does a
percentage of a company's own measure (revenue, users, 毛利) whose sentence names no market,
country or industry it is a share of; and one stated for "we" ("We are now settled down to a
more reasonable 3-4%") whose clause names no market, in a sentence giving no survey's results.
A share that is the change of the count before it in its sentence (AQ月活突破1500万，用户增速
高达83.4%) is of what that count counts. A figure
whose sentence refers back to an institution by its kind (以广州市妇女儿童医疗中心为例，该院…)
is that institution's; one whose clause says it is another party's (而该同业的营业利益…, "its
rival's revenue") takes no name of an earlier clause or of the page. A share named as the one
before it in its paragraph (预计五年后这一比例将超过90%) is about what that one is about.
A share named as a rate stated before (预计这一增速将下降至19%) with no share before it in its
paragraph is about what the sentence before it is about, across a paragraph break: nothing when
that sentence gives a market's figure (在线视频市场广告规模的增速也开始放缓).
A share that goes on with a list of shares its sentence opened ("10 percent of AHA registered
hospitals were …, 22 percent were …") is about what the first is about, unless another owner, a
market or a rival stands between.
A count whose sentence names nothing and goes on with a sentence of its paragraph that states a
whole market's matter and names no one (几乎全台各县市都在盖医院。…就有至少三十家医院正在扩建)
is that market's: no company's.
Any other share whose sentence names no owner is about its paragraph's topic: what the figure
before it in the paragraph is about (nothing, after a market's count), else the page's topic;
unless its sentence gives a survey's results, a market's, country's or industry's figure, or the
speaker's own share (金钱带给我的幸福感占比).
"""

from __future__ import annotations

import datetime as dt
import functools
import re
from collections import Counter

from speeches.models import Document
from speeches.rules import names
from speeches.rules.speakers import Registry, load_registry
from speeches.rules.subjects import Sentences, SubjectRegistry, load_subjects
from speeches.stages.normalize import normalize
from speeches.text import periods

# A line that introduces a list ends with a colon; a shorter one is a speaker's turn (马化腾：).
_LEAD_IN = re.compile(r"[:：]\s*$")
_LEAD_IN_MIN = 12
_MARKER = re.compile(r"\s*(?:[•·\-–*]|\d{1,2}[、.)）]|[（(]\d{1,2}[)）]|[一二三四五六七八九十]、)")
# The figure holds for the period of the report the paragraph named: 报告期内, "in the quarter";
# or for the time the paragraph named before: 当天, 当时 (上市当天股票涨了350%), "that day".
_REPORT_PERIOD = re.compile(r"报告期内?|本报告期|期内|本期|当天|当日|当时|同日"
                            r"|\b(?:in|during|for)\s+the\s+(?:quarter|period)\b"
                            r"|\b(?:on\s+that\s+day|at\s+the\s+time)\b",
                            re.IGNORECASE)
# A period a paragraph opens with ("In 2019 we saw…", "A 2008 survey shows…", 2018年，…) holds
# for its later sentences that state none: after quote marks, at most a preposition before it
# (not the start of a span: 从2010年3月4日…到今天, "since 2010").
_OPENING = re.compile(r"[\s“”\"'‘’「『(（-]*(?:(?:in|during|for|by|at\s+the\s+end\s+of)\s+|在|于)?",
                      re.IGNORECASE)
# The lines under a headline that carry no sentence's end are its deck: they share the
# title's period ("Fourth Quarter and Full Year 2019" over "Daily Active Users increased 17%").
_DECK_LINES = 4
_DECK_MAX = 160
_SENTENCE_END = re.compile(r"[。！？!?]|\.(?:\s|$)")
_LOOK_BACK = 300
# A speaker speaking for their company.
_WE = re.compile(r"我们的平台|我们的用户|\b(?:we|our|us)\b", re.IGNORECASE)
# "The company's revenue" after a product's name: the figure is the company's (the product's
# parent in the registry).
_THE_COMPANY = re.compile(r"\b(?:the|this|that)\s+company(?:'s|’s)?(?![A-Za-z])|该公司|公司的", re.IGNORECASE)
# A company's own measure right after "the company" (the company's revenue, 公司的营收).
_OWN = re.compile(r"\s*(?:revenue|sales|income|profit|earnings|margin|shares?|stock|营收|收入|"
                  r"利润|毛利|净利|股价|市值)", re.IGNORECASE)
# A share that is the change of a count (增速, 同比增长, "20% growth year-over-year"): of
# what the count before it in its sentence counts.
_GROWTH = re.compile(r"增速|增长|增加|增幅|下降|下滑|减少|同比|环比|\b(?:growth|increase|increased|"
                     r"decrease|decreased|grew|rose|fell|declined?|up|down|jump|jumped)\b",
                     re.IGNORECASE)
# A share named as the one before it (预计五年后这一比例将超过90%, "this share rose to 60%"):
# of what that one is about, when its clause names nothing else.
_SAME_SHARE = re.compile(r"(?:这一|这个|该|此一?|上述)(?:比例|比重|占比|比率|数字|渗透率)|\b(?:this|that)\s+"
                         r"(?:share|ratio|proportion|percentage|figure|rate)\b", re.IGNORECASE)
# A rate named as one the text stated before (预计这一增速将下降至19%, "this growth rate"): about
# what the sentence before it is about, across a paragraph break.
_SAME_RATE = re.compile(r"(?:这一|这个|该|此一?|上述)(?:增速|增幅|增长率|增长速度|比例|比重|占比|比率|渗透率)"
                        r"|\b(?:this|that)\s+(?:growth\s+)?(?:rate|pace|share|ratio|proportion)\b",
                        re.IGNORECASE)
_CLAUSE_CUT = re.compile(r"[，,；;：:]")
# A share of the speaker's own person (金钱带给我的幸福感占比, "my share"): no company's.
_MINE = re.compile(r"我的|\b(?:my|mine)\b", re.IGNORECASE)
# How often a page must name a subject, when its title names none, to be about it.
_TOPIC_MIN = 2
# The name an English headline opens with, as its grammatical subject: capitalized words and then
# a lower-case one ("Community Health Systems ups number of hospitals to 17").
_TITLE_NAME = re.compile(r"\s*(?P<name>[A-Z][\w&.'’-]*(?:\s+[A-Z][\w&.'’-]*){0,4})(?:\s+|,\s*)(?=[a-z])")
# A person opening a paragraph: "Smith said", "Jane Doe, who…" is no page's subject.
_SAYS = re.compile(r"\s*,?\s*(?:(?:also|then|later|further|previously)\s+)?(?:said|says|told|noted|"
                   r"explained|asked|recalled|pointed|added|who)\b")
# An acronym, which names what the page's topic names when its letters are the name's initials (CHS).
_ACRONYM = re.compile(r"[A-Z]{2,6}")
# An organisation a Chinese page names by the title of its head (街口支付董事长梅骅): set off before
# it, then the name, then the title.
_HEAD_TITLES = r"副?董事长|总经理|副?总裁|首席执行官|执行长|CEO|创办人|创始人"
_ZH_HEADED = re.compile(r"(?:^|(?<=[\s，,。；;：:、！!？?▲●“”\"「」（）()]))(?P<org>[\u4e00-\u9fffA-Za-z0-9]{2,10}?)"
                        r"(?:" + _HEAD_TITLES + ")", re.MULTILINE)
# The titles alone, where the search for _ZH_HEADED starts from: its match starts at most
# _HEAD_BEFORE characters before its title, and an attempt reads at most _HEAD_READ - 1 past
# where it starts (a name of 10, a title of 5).
_HEAD_TITLE = re.compile(_HEAD_TITLES)
_HEAD_BEFORE = 11
_HEAD_READ = 16
# How many lines above a figure its list's lead-in may stand (a blank line ends a list).
_LIST_REACH = 12


def lead_in(text: str, p_start: int) -> tuple[int, int] | None:
    """The span of the line introducing the list whose item starts at `p_start`, if any.

    >>> text = "腾讯2025年第一季度的核心业绩数据：\\n总收入同比增长13%；\\n毛利同比增长20%。"
    >>> s, e = lead_in(text, text.index("毛利"))
    >>> text[s:e]
    '腾讯2025年第一季度的核心业绩数据：'
    >>> lead_in("马化腾：\\n用户超过10亿。", 5) is None
    True
    >>> text = "腾讯的观点如下：\\n1、用户超过10亿。\\n【实录】\\n60%的患者希望上网。"
    >>> lead_in(text, text.index("60%")) is None
    True
    """
    end = p_start - 1
    for _ in range(_LIST_REACH):
        if end < 0:
            return None
        start = text.rfind("\n", 0, end) + 1
        line = text[start:end]
        if not line.strip():
            return None
        if _LEAD_IN.search(line):
            if len(line.strip()) < _LEAD_IN_MIN:
                return None
            # items with markers (1、 • -) keep them to the figure's line: an unmarked line
            # after them is past the list
            items = text[end + 1 : text.find("\n", p_start) % (len(text) + 1)].split("\n")
            marked = [bool(_MARKER.match(item)) for item in items if item.strip()]
            if marked and marked[0] and not all(marked):
                return None
            return start, end
        end = start - 1
    return None


def opening_period(text: str, p_start: int, s_start: int, published: dt.date | None,
                   index: Sentences) -> str | None:
    """The period the paragraph starting at `p_start` opens with, for a later sentence of it
    (starting at `s_start`) that states none.

    >>> text = "In 2019 we grew. We added 31 million users."
    >>> opening_period(text, 0, text.index("We added"), None, Sentences(text))
    '2019'
    >>> text = "We grew a lot in 2019. We added 31 million users."
    >>> opening_period(text, 0, text.index("We added"), None, Sentences(text)) is None
    True
    >>> text = "从2010年3月4日上线到今天，我们走过了十年。十年来，城镇化率过半。"
    >>> opening_period(text, 0, text.index("十年来"), None, Sentences(text)) is None
    True
    """
    if s_start <= p_start:
        return None
    _, first_start, first_end = index.around(p_start)
    if first_end > s_start:
        return None
    first = text[first_start:first_end]
    if periods.says_now(first):
        return None
    stated = periods.find_all(first, published)
    if stated and _OPENING.fullmatch(first, 0, stated[0].start):
        return stated[0].label
    return None


def deck_period(text: str, title: str, line_start: int, published: dt.date | None) -> str | None:
    """The title's period for a figure on a line of the headline's deck (`line_start`): the
    few lines right under the title, none of which ends a sentence.

    >>> text = "Acme Announces Fourth Quarter and Full Year 2019 Results\\nUsers rose 17% to 2 million\\n"
    >>> deck_period(text, "Acme Announces Fourth Quarter and Full Year 2019 Results", 57, None)
    '2019-Q4'
    >>> text = "Acme Announces Fourth Quarter and Full Year 2019 Results\\nUsers rose 17%. More.\\n"
    >>> deck_period(text, "Acme Announces Fourth Quarter and Full Year 2019 Results", 57, None) is None
    True
    """
    if not title:
        return None
    at = text.find(title, 0, line_start)
    if at < 0:
        return None
    title_end = text.find("\n", at)
    if title_end < 0 or title_end >= line_start:
        return None
    stop = text.find("\n", line_start) % (len(text) + 1)
    lines: list[str] = []
    at = title_end + 1
    while True:  # the lines from the title's to the figure's, up to one past _DECK_LINES
        cut = text.find("\n", at, stop)
        line = text[at : stop if cut < 0 else cut].strip()
        if line:
            if len(lines) == _DECK_LINES:
                return None
            lines.append(line)
        if cut < 0:
            break
        at = cut + 1
    if any(len(line) > _DECK_MAX or _SENTENCE_END.search(line) for line in lines):
        return None
    stated = periods.find_all(title, published)
    return stated[0].label if stated else None


def the_company(registry: SubjectRegistry, text: str, s_start: int, start: int,
                subject: str) -> str:
    """The company behind the product `subject` when the text between the product's name and
    the figure at `start` says the figure is the company's.

    >>> registry = load_subjects()
    >>> text = "Microsoft Teams has 115 million users as the company's revenue jumps by 12%"
    >>> the_company(registry, text, 0, text.index("12%"), "Microsoft Teams")
    '微软'
    >>> text = "Microsoft Teams, the company said, grew its users by 12%"
    >>> the_company(registry, text, 0, text.index("12%"), "Microsoft Teams")
    'Microsoft Teams'
    """
    named = registry.mentions(text, s_start, start)
    product = registry.subjects.get(subject)
    if not named or named[-1][2] != subject or product is None or not product.parent:
        return subject
    between = text[named[-1][1] : start]
    found = _THE_COMPANY.search(between)
    if found is None or not _OWN.match(between, found.end()):
        return subject
    return product.parent


def dominant(counts: Counter[str]) -> str | None:
    """The name counted at least _TOPIC_MIN times and more than twice any other, if one is."""
    ranked = counts.most_common(2)
    if not ranked or ranked[0][1] < _TOPIC_MIN:
        return None
    if len(ranked) > 1 and ranked[0][1] < 2 * ranked[1][1]:
        return None
    return ranked[0][0]


def page_topic(registry: SubjectRegistry, text: str) -> str | None:
    """The name a page without one in its title is about: the registry name it mentions most,
    when that is at least _TOPIC_MIN times and more than twice any other."""
    counts = Counter(name for _, _, name in registry.mentions(text, 0, len(text)))
    return dominant(counts)


def title_name(registry: SubjectRegistry, title: str, text: str) -> str | None:
    """The name a headline opens with that the registry lacks, when the page names it again
    past its headline: what a page with no registry name to go by is about.

    >>> registry = load_subjects()
    >>> text = "Acme Health ups hospitals to 17\\nAcme Health will sell 17 hospitals."
    >>> title_name(registry, "Acme Health ups hospitals to 17", text)
    'Acme Health'
    >>> title_name(registry, "Acme Health ups hospitals to 17", "Acme Health ups hospitals to 17") is None
    True
    >>> title_name(registry, "The Hospital Boom goes on", "The Hospital Boom goes on") is None
    True
    """
    m = _TITLE_NAME.match(title)
    if m is None:
        return None
    words = m.group("name").split()
    while words and words[0] in registry.not_names:
        words.pop(0)
    if not words:
        return None
    name = " ".join(words)
    at = text.find(title)
    body = text[at + len(title) :] if at >= 0 else text
    if re.search(r"(?<![\w&])" + re.escape(name) + r"(?![\w&])", body) is None:
        return None
    return name


def opening_name(registry: SubjectRegistry, text: str,
                 people: frozenset[str] = frozenset()) -> str | None:
    """The name the page's paragraphs open with most, as their grammatical subject, when the
    registry lacks it: at least _TOPIC_MIN paragraphs and more than twice any other name (a
    headline "Acme Health ups…" and a lede "Acme Health, which…" make a page about Acme Health).
    A name with a word of one of `people` (the page's speakers: Smith of Jane Smith) is a person.

    >>> registry = load_subjects()
    >>> opening_name(registry, "Acme Health ups hospitals\\nIt has 17.\\nAcme Health, which sells, grew.")
    'Acme Health'
    >>> opening_name(registry, "Jane Doe said it grew.\\nJane Doe said 17.") is None
    True
    >>> opening_name(registry, "Doe runs it.\\nDoe, 52, built 17.\\nDoe sold 2.", frozenset({"Jane Doe"})) is None
    True
    """
    personal = {word for person in people for word in person.split()}
    counts: Counter[str] = Counter()
    for line in text.split("\n"):
        m = _TITLE_NAME.match(line)
        if m is None or _SAYS.match(line, m.end("name")):
            continue
        words = m.group("name").split()
        while words and words[0] in registry.not_names:
            words.pop(0)
        if words and not personal.intersection(words):
            counts[" ".join(words)] += 1
    for short in [n for n in counts if _ACRONYM.fullmatch(n)]:
        full = next((n for n in counts if spelled_out(short, n)), None)
        if full is not None:  # CHS opens the paragraphs Community Health Systems opens
            counts[full] += counts.pop(short)
    return dominant(counts)


def spelled_out(acronym: str, name: str) -> bool:
    """Whether `acronym` is the initials of `name` (CHS, Community Health Systems).

    >>> spelled_out("CHS", "Community Health Systems"), spelled_out("CHS", "Cadence Health")
    (True, False)
    """
    words = name.split()
    return (len(words) == len(acronym) > 1 and _ACRONYM.fullmatch(acronym) is not None
            and all(w[0] == a for w, a in zip(words, acronym, strict=True)))


def headed_names(text: str) -> list[str]:
    """The names `_ZH_HEADED.finditer(text)` finds, in order, searched for only around the
    titles the text holds: a page without one costs one scan for the titles.

    >>> headed_names("▲街口支付董事长梅骅说明。\\n街口支付今日召开记者会，腾讯公司总裁刘炽平")
    ['街口支付', '腾讯公司']
    """
    found: list[str] = []
    done = 0  # where the whole text's search stands: after the last match
    for title in _HEAD_TITLE.finditer(text):
        if title.end() <= done:
            continue
        # every match of the whole text's search that ends at this title starts in this window
        # and reads no further than its end
        window = _ZH_HEADED.finditer(text, max(done, title.start() - _HEAD_BEFORE), title.end() + _HEAD_READ)
        for m in window:
            if m.start() > title.end():
                break  # a later title's, found with that title
            found.append(m.group("org"))
            done = m.end()
    return found


def headed_org(registry: SubjectRegistry, text: str) -> str | None:
    """The organisation a Chinese page names most by its head's title (街口支付董事长梅骅), when
    it names it at least _TOPIC_MIN times in all and the registry has no name in it.

    >>> registry = load_subjects()
    >>> headed_org(registry, "▲街口支付董事长梅骅说明。\\n街口支付今日召开记者会。")
    '街口支付'
    >>> headed_org(registry, "，街口支付董事长梅骅说明。") is None
    True
    """
    counts = Counter(headed_names(text))
    for org, _ in counts.most_common():
        if registry.mentions(org, 0, len(org)):
            return None  # a registry name's own head: the registry's topic rules decide
        if text.count(org) >= _TOPIC_MIN:
            return org
    return None


def companies(registry: SubjectRegistry, people: Registry) -> dict[str, str]:
    """{speaker: the first registry name in their titles} ("Chairman and CEO of Tencent")."""
    out: dict[str, str] = {}
    for person in people.people.values():
        for title in person.titles:
            title = normalize(title)
            found = registry.mentions(title, 0, len(title))
            if found:
                out[person.name] = found[0][2]
                break
    return out


@functools.lru_cache(maxsize=8)
def _employers(registry: SubjectRegistry, people: Registry | None) -> dict[str, str]:
    """companies() of the speakers `people` (None: the shipped ones), once per pair of
    registries."""
    return companies(registry, people if people is not None else load_registry())


def same_share(registry: SubjectRegistry, text: str, s_start: int, start: int) -> bool:
    """Whether the clause of the share at `start` names it as the share before it (这一比例)
    and names nothing else.

    >>> registry = load_subjects()
    >>> text = "已有50%的门锁为智能门锁，预计五年后这一比例将超过90%"
    >>> same_share(registry, text, 0, text.index("90%")), same_share(registry, text, 0, 2)
    (True, False)
    """
    cuts = [c.end() for c in _CLAUSE_CUT.finditer(text, s_start, start)]
    clause_start = cuts[-1] if cuts else s_start
    return (_SAME_SHARE.search(text, clause_start, start) is not None
            and not registry.mentions(text, clause_start, start))


def referred_rate(registry: SubjectRegistry, index: Sentences, text: str, s_start: int,
                  start: int) -> tuple[bool, str | None]:
    """For a share whose clause names it as a rate the text stated before (这一增速) and names
    nothing else: (True, what the sentence before it is about) — nothing when that sentence
    states a market's, country's or industry's figure before any registry name, else its last
    registry name; (False, None) when the clause names no such rate or that sentence neither.

    >>> registry, text = load_subjects(), "在线视频市场的增速也开始放缓。\\n预计这一增速将下降至19%。"
    >>> referred_rate(registry, Sentences(text), text, text.index("预计"), text.index("19%"))
    (True, None)
    >>> text = "微信的用户增速也开始放缓。预计这一增速将下降至19%。"
    >>> referred_rate(registry, Sentences(text), text, text.index("预计"), text.index("19%"))
    (True, '微信')
    """
    cuts = [c.end() for c in _CLAUSE_CUT.finditer(text, s_start, start)]
    clause_start = cuts[-1] if cuts else s_start
    if (_SAME_RATE.search(text, clause_start, start) is None
            or registry.mentions(text, clause_start, start)):
        return False, None
    before = s_start
    while before > 0 and text[before - 1].isspace():
        before -= 1
    if before == 0:
        return False, None
    _, b_start, b_end = index.around(before - 1)
    if registry.nationwide_sentence(text, b_start, b_end):
        return True, None  # 在线视频市场广告规模的增速也开始放缓。预计这一增速…: the market's
    named = registry.mentions(text, b_start, b_end)
    if named:
        return True, named[-1][2]
    return False, None


def listed_share(registry: SubjectRegistry, text: str, before: tuple[int, int, str | None],
                 start: int) -> str | None:
    """The subject of a share at `start` that goes on with a list of shares its sentence opened
    with `before` (its sentence start, end and subject): that share's, when what stands between
    names no other owner, market or rival ("10 percent of X hospitals were small, 22 percent
    were mid-sized").

    >>> registry = load_subjects()
    >>> text = "A survey shows 10 percent of rural clinics were small, 22 percent were mid-sized."
    >>> first = (0, text.index(" of"), "rural clinics")
    >>> listed_share(registry, text, first, text.index("22"))
    'rural clinics'
    >>> text = "10 percent of rural clinics were small, while the industry saw 22 percent."
    >>> listed_share(registry, text, (0, 10, "rural clinics"), text.index("22")) is None
    True
    """
    _, end, subject = before
    if subject is None or registry.mentions(text, end, start) or registry.rival(text, end, start):
        return None
    if registry.nationwide_sentence(text, end, start):
        return None  # "…, while the industry saw 22 percent": a market's
    return subject


def goes_on_market(registry: SubjectRegistry, index: Sentences, text: str, p_start: int,
                   s_start: int, s_end: int) -> bool:
    """Whether a sentence naming nothing goes on with the sentence before it in its paragraph,
    which states a whole market's, country's or industry's matter and names no registry name
    (几乎全台各县市都在盖医院。单看大型医院，就有至少三十家医院正在扩建): its count is that
    market's, no company's.

    >>> registry = load_subjects()
    >>> text = "几乎全台各县市都在盖医院。单看大型医院，就有至少三十家医院正在扩建。"
    >>> goes_on_market(registry, Sentences(text), text, 0, text.index("单看"), len(text))
    True
    >>> goes_on_market(registry, Sentences(text), text, 0, 0, text.index("单看"))
    False
    """
    if s_start <= p_start or registry.mentions(text, s_start, s_end):
        return False
    _, b_start, b_end = index.around(s_start - 1)
    if b_start < p_start or b_start >= s_start:
        return False
    return (registry.nationwide_sentence(text, b_start, b_end)
            and not registry.mentions(text, b_start, b_end))


def unowned_share(registry: SubjectRegistry, text: str, s_start: int, s_end: int,
                  start: int, end: int) -> bool:
    """Whether the sentence of the share at text[start:end] says it is no one's the page is
    about: a survey's results, a market's, country's or industry's figure (by its clause or its
    sentence's opening), or a share of the speaker's own person (金钱带给我的幸福感占比).

    >>> registry = load_subjects()
    >>> text = "调查显示，60%的受访者愿意上网问诊。"
    >>> unowned_share(registry, text, 0, len(text), text.index("60%"), text.index("%") + 1)
    True
    """
    if _MINE.search(text, s_start, start):
        return True
    return (registry.surveyed(text, s_start, s_end)
            or registry.nationwide(text, s_start, start, end)
            or registry.nationwide_sentence(text, s_start, start))


class _Page:
    """What a page as a whole is about, each searched for once and only when a figure needs
    it: its topic, and its organisation (a count's last resort, on a page no registry name
    is about). A plain object, not functions run() nests: mypyc keeps the variables such
    functions share with run() in an object of their own, and functools.cache wraps each
    function anew for every page."""

    def __init__(self, registry: SubjectRegistry, text: str, title: str, titled: str | None,
                 speakers: frozenset[str]) -> None:
        self.registry = registry
        self.text = text
        self.title = title
        self.titled = titled
        self.speakers = speakers
        self.topic_found = False
        self.topic_name: str | None = None
        self.organisation_found = False
        self.organisation_name: str | None = None

    def topic(self) -> str | None:
        if not self.topic_found:
            self.topic_found = True
            registry, text = self.registry, self.text
            self.topic_name = self.titled if self.titled is not None else (
                page_topic(registry, text) or title_name(registry, self.title, text)
                or opening_name(registry, text, self.speakers) or headed_org(registry, text))
        return self.topic_name

    def organisation(self) -> str | None:
        if not self.organisation_found:
            self.organisation_found = True
            self.organisation_name = names.page_name(self.text, self.registry.not_subjects)
        return self.organisation_name


def run(doc: Document, registry: SubjectRegistry | None = None,
        people: Registry | None = None) -> Document:
    """Fill `subject` and `period` of every metric of `doc`; `people` is the speaker registry
    whose titles say whose company "we" is (None: the shipped one)."""
    if not doc.metrics:
        return doc
    registry = registry or load_subjects()
    employers = _employers(registry, people)
    title = normalize(doc.title or "")
    titled = next((name for _, _, name in registry.mentions(title, 0, len(title))), None)
    speakers = frozenset(m.speaker for m in doc.metrics if m.speaker)
    page = _Page(registry, doc.text, title, titled, speakers)
    published = doc.published or periods.dateline(doc.text)
    index = Sentences(doc.text)
    text = doc.text
    counted: tuple[int, int, str] | None = None  # (sentence start, end, subject) of the last count
    shared: tuple[int, str | None] | None = None  # (paragraph start, subject) of the last share
    previous: tuple[int, str | None] | None = None  # (paragraph start, subject) of the last figure
    listed: tuple[int, int, str | None] | None = None  # (sentence start, end, subject) of the last share
    for m in doc.metrics:
        p_start, s_start, s_end = index.around(m.start)
        m.subject = registry.find(text, s_start, s_end, m.start, m.end, p_start,
                                  share=m.kind == "percentage")
        if (m.kind != "percentage" and m.subject and registry.resolve(m.subject) is None
                and names.is_person(m.subject, speakers)):
            m.subject = None  # "CEO Jan Koum announced the 500 million user milestone"
        if m.kind != "percentage" and m.subject is not None:
            counted = (s_start, m.end, m.subject)
        elif (m.subject is None and m.kind == "percentage" and counted is not None
              and counted[0] == s_start and _GROWTH.search(text, counted[1], m.end)):
            m.subject = counted[2]  # AQ月活突破1500万，用户增速高达83.4%
        if m.subject is not None:
            m.subject = the_company(registry, text, s_start, m.start, m.subject)
            if _ACRONYM.fullmatch(m.subject) and (named := page.topic()) and spelled_out(m.subject, named):
                m.subject = named  # CHS on a page about Community Health Systems
        sentence = text[s_start:s_end]
        found = periods.find(sentence, m.start - s_start, published, m.end - s_start)
        m.period = found.label if found else None
        if (m.period is None and _REPORT_PERIOD.search(sentence)
                and not periods.states_time(text[s_start : m.start], published)):
            # 报告期内, "in the quarter": the period the paragraph stated before, unless the
            # sentence states a time of its own before the figure (三年前…我当时说)
            earlier = text[max(p_start, s_start - _LOOK_BACK) : s_start]
            before = periods.find_all(earlier, published)
            m.period = before[-1].label if before else None
        if m.subject is None or m.period is None:
            head = lead_in(text, p_start)
            if head is not None:
                if m.subject is None:
                    m.subject = registry.find(text, head[0], head[1], head[1], head[1])
                if m.period is None:
                    line = text[head[0] : head[1]]
                    stated = periods.find(line, len(line), published)
                    m.period = stated.label if stated else None
        if m.period is None and not periods.find_all(sentence, published):
            if not periods.says_now(sentence):
                m.period = opening_period(text, p_start, s_start, published, index)
            if m.period is None:
                m.period = deck_period(text, title, p_start, published)
        if (m.subject is None and m.speaker in employers and m.kind != "percentage"
                and _WE.search(sentence)):
            m.subject = employers[m.speaker]  # "we", "our": the speaker's company
        if m.subject is None:  # 该院, 该公司: the institution the sentence refers back to
            m.subject = registry.referent(text, max(p_start, s_start - _LOOK_BACK), s_start, m.start)
        if m.subject is None and not registry.rival(text, s_start, m.start):
            if (registry.company_share(text, s_start, s_end, m.start) if m.kind == "percentage"
                    else not (registry.nationwide(text, s_start, m.start, m.end)
                              or registry.nationwide_sentence(text, s_start, m.start)
                              or goes_on_market(registry, index, text, p_start, s_start, s_end))):
                if m.kind == "percentage" and counted is not None and counted[0] == s_start:
                    m.subject = counted[2]  # 拥有4.57亿用户的…公司，市场渗透率达95%: the count's
                else:
                    m.subject = page.topic()
                if m.subject is None and m.kind != "percentage":
                    m.subject = page.organisation()  # 八达通 throughout a page on Octopus
            elif (m.kind == "percentage" and _WE.search(sentence)
                  and not registry.surveyed(text, s_start, s_end)
                  and not registry.nationwide(text, s_start, m.start, m.end)):
                m.subject = page.topic()  # "We are now settled down to 3-4%": the page's company
            elif m.kind == "percentage" and not unowned_share(registry, text, s_start, s_end,
                                                                       m.start, m.end):
                # a share whose sentence names no owner is about its paragraph's topic: what the
                # figure before it there is about (nothing, if that one was a market's), else
                # the page's
                in_paragraph = previous is not None and previous[0] == p_start
                m.subject = previous[1] if previous is not None and in_paragraph else page.topic()
        if m.kind == "percentage":
            if shared is not None and shared[0] == p_start and same_share(registry, text, s_start, m.start):
                m.subject = shared[1]  # 这一比例: the share before it, and what it is about
            else:
                referred, subject = referred_rate(registry, index, text, s_start, m.start)
                if referred:
                    m.subject = subject  # 这一增速: the rate of the sentence before
            if m.subject is None and listed is not None and listed[0] == s_start:
                m.subject = listed_share(registry, text, listed, m.start)
            listed = (s_start, m.end, m.subject)
            shared = (p_start, m.subject)
        previous = (p_start, m.subject)
    return doc
