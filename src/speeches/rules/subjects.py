"""What a figure is about: the subject registry and the rule that picks a figure's subject.

The registry is data (rules/subjects.toml, extended by `--subjects FILE`): a canonical name per
product, platform, company or population, with its names in every script and language. The
text searched is the normalized (Simplified) text, so a Traditional name (騰訊雲) is found by
its Simplified alias (腾讯云); aliases written in lower case match any case, the others match
as written (`JD`, `Snap`).

A figure's subject, searched in its sentence:

1. a registry name inside the figure itself (中国网民已经突破11亿 → 互联网用户);
2. a registry name just after it that the figure uses ("1 billion people use WeChat",
   8千万人用“看点”, "1.2 billion users on WeChat");
3. the nearest registry name before the figure in its clause; else a name the clause gives
   without the registry (AI导诊已接入, AQ月活突破, "revenue in Intelligent Cloud"; people named by
   what they use, 用互联网的人口 → 互联网用户) or a product
   the sentence launches after the nearest registry name before it (推出Whoscall); else that
   registry name; then the nearest after it in its clause, then in its sentence;
4. a name the text gives that the registry lacks: quoted (8千万人用“看点”), launched (推出
   「活动通」) or, in English, a capitalized name before the count's noun ("Spotify
   subscribers"), after "use"/"on", before "has" ("Signal now has 40 million"), or beside a
   figure used as an adjective ("a 16-hospital system called X", "two-hospital X");
5. the nearest registry name of the sentence right before in the same paragraph, which the
   sentence continues (not one two sentences back).

A name that reports the figure ("the 20 million DAU that Microsoft reported for Teams") is
left out when the figure's clause has it beside other names, or when nothing else in the
sentence or paragraph says what the figure is about. A share right before a population it
describes (占一半以上人口的农村用户, 60%的患者, "34 per cent of Chinese consumers"; 世界上80%的人 →
世界人口) is about that population, and so is one a population
opening its clause states (县域人口占全国人口六成以上), with the later clauses that go on about
it (…，却只拥有全国1/3的医生); a share of the things of a kind that are of a narrower kind
(50%的门锁为智能门锁) is about those things; a stake is about the business it is held in ("an
80 percent ownership interest in its home health division", 持有美团20%的股权).

Before 3, a figure whose sentence speaks of a group by its number (三款信息流产品, "these three
apps") and names nothing before it is about the names of the list that introduced that group
earlier (有三款信息流产品：QQ看点、QQ浏览器和天天快报), when the list names as many.

Names coordinated with the chosen one make a joint subject (微信和QQ → 微信、QQ), and a
registry name followed by a product word is a product of its own (微信城市服务).

>>> registry = load_subjects()
>>> text = "微信及WeChat的合并月活跃账户数为13.59亿"
>>> registry.find(text, 0, len(text), text.index("13.59亿"), len(text))
'微信'
>>> registry.resolve("Tencent Cloud"), registry.resolve("騰訊雲")
('腾讯云', '腾讯云')
"""

from __future__ import annotations

import bisect
import difflib
import itertools
import re
import string
import tomllib
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import Any

from speeches.errors import BadRegistry
from speeches.rules import names, tomlfile
from speeches.stages.normalize import normalize
from speeches.text import sentences

_FIELDS = {"name", "aliases", "kind", "parent"}
_KINDS = {"product", "company", "population"}
# A clause ends at a comma or colon, and at a full stop with no space after it ("up 48 per
# cent.The revenue"), which the sentence splitter leaves inside one sentence.
_CLAUSE_END = re.compile(r"[，,；;：:、]|\.(?=[A-Z][a-z])")
_QUOTED = re.compile(r"[“「《\"]([^”」》\"\n\d]{2,16}|[A-Z][A-Za-z&.+ -]{1,39})[”」》\"]")
# A name given to the subject rather than the subject itself: 被称为“全民应用”, dubbed "the app".
_NICKNAMED = re.compile(r"(?:称为|称作|称之为|誉为|号称|外号|dubbed|nicknamed|known\s+as)\s*$")
# A verb right after a quoted name: the name is what acts ("Electronic Taxation Bureau"
# integrated…, “腾讯觅影”已落地…).
_ACTS = re.compile(r"\s*(?:已经|已|将|正|也|has|have|had|is|was|are|were|now|already|also|"
                   r"[a-z]+ed\b|[a-z]+s\b)")
# How far from the figure a quoted name may stand to be what it is about (8千万人用“看点”).
_QUOTED_REACH = 8
_EN_NAME = r"(?<![\w.])[A-Z][\w&.+-]*(?:\s+[A-Z][\w&.+-]*){0,2}"
# "Spotify subscribers", "Netflix's 200 million members", "people use Signal", "Americans are on TikTok"
_EN_BEFORE_NOUN = re.compile(
    r"(?P<name>" + _EN_NAME + r")(?:'s|’s)?\s+(?:(?:monthly|daily|weekly|paying|paid|active|"
    r"total|global|premium)\s+){0,3}(?:users|subscribers|subs|members|accounts|customers|"
    r"actives|MAUs?|DAUs?|servers|hospitals)\b")
# Between a figure and the name it is about: "1 billion people use WeChat", "8千万人用看点".
_USE = re.compile(r"\b(?:use|uses|using|used|open|opens|on|of|in|read|joined)\b|使用|用(?!户)|在|上")
_USE_REACH = 30
# A new predicate between the figure and a later name: the name is what that predicate is
# about, not what the figure uses ("passed Twitter with 232 million users and is closing in on
# Facebook", 用户超过1亿，并且在海外上线).
_NEW_PREDICATE = re.compile(r"\b(?:and|but|while|whereas)\s+(?:[a-z]+\s+){0,2}?(?:is|are|was|were|has|have|"
                            r"had|continues?|continued|keeps?|kept|plans?|will|now|then|[a-z]+(?:ed|es))\b"
                            r"|并且|而且|但是?|同时")
# How many characters a name recalled from an earlier sentence may grow by its product word.
_RECALL_MORE = 3
# How far back in its paragraph a sentence looks for the topic it continues (rule 5).
_LOOK_BACK = 300
# How many names resolve() keeps the answer for (a bound on its memory, not a tuning).
_RESOLVED_MAX = 100_000
# A window this long has its text searched whole, once, for every later window (mentions).
_INDEXED = 2000
# What a figure counts, by which a sentence continues the count of the one before it.
_MEASURE_NOUN = re.compile(r"会员|用户|订户|客户|医院|服务器|subscribers|subscriptions|subs(?![a-z])"
                           r"|members|users|customers|hospitals|servers", re.IGNORECASE)
_SENTENCE_END = re.compile(r"[。！？!?]|\.(?=\s)")
# A word that gives a share an owner of its own: 其收入, "its revenue", 我们的; a target is
# someone's (下半年目标5G渗透率达到30%, "we target 30%").
_OWNER = re.compile(r"其|我们|公司|本集团|目标|力拼|力争|\b(?:its|their|our|we|the company|targets?|aims?)\b",
                    re.IGNORECASE)
# An owner right before a market word makes it the owner's ("our active consumers", 其用户).
_OWNED = re.compile(r"(?:\b(?:our|its|their)\s+(?:[a-z-]+\s+){0,3}|其|我们的)$", re.IGNORECASE)
# A sentence opening with a demonstrative and a noun speaks of what the one before named
# ("These servers feature…", 这款产品…); not "This year", "This is".
_DEMONSTRATIVE = re.compile(r"\s*[“\"]?\s*(?:(?:These|This|Those)\s+(?!(?:is|was|are|were|year|quarter|"
                            r"month|week|time|means|has|have)\b)[a-z]+|这款|这些|此款|该款|这个平台|这个产品)")
# A group named by its number: 三款信息流产品, 这两个平台, "these three apps".
_NUMBERS = {"两": 2, "二": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9,
            "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8,
            "nine": 9}
_GROUP = re.compile(
    r"(?P<n>[两二三四五六七八九2-9])\s*(?:款|个|大|家|项)(?P<noun>[\u4e00-\u9fff]{0,6}?"
    r"(?:产品|应用|平台|业务|服务|公司|App|APP|app))"
    r"|\b(?P<en>two|three|four|five|six|seven|eight|nine|[2-9])\s+(?P<en_noun>(?:[a-z-]+\s+)?"
    r"(?:products|apps|platforms|services|businesses|companies|brands)\b)",
    re.IGNORECASE)
# How far back the list introducing a group may stand.
_GROUP_REACH = 1500
# A clause's opening noun phrase and what follows it: a verb of reach (接入, 覆盖), "now has"
# (至今已有), a users noun (注册用户, 的用户) or a measure of use (使用次数, 交易笔数): AI导诊已接入,
# Goodnight注册用户, 网络游戏的用户, 乘车码使用次数.
_ZH_HEAD = re.compile(
    r"\s*(?:(?:目前|现在|同时|其中|此外|另外|如今|而|但|却|只|仅|并且|且|截至目前|(?:19|20)\d\d年|今年|去年)\s*)*"
    r"(?P<np>(?:[A-Za-z][A-Za-z0-9+&-]*(?![A-Za-z0-9+&-])|(?![的是在了和与及也都将为把被从对向于以我"
    r"你他她它这那个有已估预])[\u4e00-\u9fff])(?:(?![的是在了和与及也都将为把被从对向于以我你他她它"
    r"这那个有已累至共总])[\u4e00-\u9fff]){0,9}?)"
    r"(?:(?:已经|已|至今已|至今|现已|也已|累计|共)?(?:接入|覆盖(?!率)|连接|入驻|落地|拥有|已有)"
    r"|(?P<users>的?(?P<qualifier>注册|激活|活跃|月活跃?|日活跃?|付费)?(?:用户|使用者))"
    r"|(?P<active>月活|日活|MAU|DAU)(?!跃)"
    r"|(?P<measure>的?(?:使用次数|使用量|交易笔数|交易量|交易额|订单量|下载量))"
    r"|(?P<people>人口|人群|居民)(?=占))")
_WIDE_CLAUSE_END = re.compile(r"[，,；;：:]")
_NUMBER = re.compile(r"[\d一二三四五六七八九十两]")
# A population a share describes, named right after it: 占一半以上人口的农村用户, 30%的中国网民.
_POPULATION_AFTER = re.compile(r"(?:人口|人数)?的(?P<np>(?:(?![的是在了和与及也都将为把被从对向于以我你他她它这那个有已])"
                               r"[\u4e00-\u9fff]){1,6}?)(?P<noun>用户|网民|会员|消费者)")
# The people a share right before them describes (60%的患者, 80%的中国年轻人, 有2/3甚至更多的病人,
# "34 per cent of Chinese consumers"), by the nouns of `populations`; an English one needs a word
# of its own before the noun, and none of these ("of the patients", "of our customers").
_NOT_MODIFIERS = frozenset({"the", "our", "its", "their", "those", "these", "all", "his", "her",
                            "my", "your", "them", "us", "which", "whom", "total", "a", "an"})
_PEOPLE_GAP = r"\s*(?:以上|左右|多|甚至更多|或更多)?"
# A place a share of its people opens with: 世界上80%的人, 全世界一半的人 → 世界人口.
_PEOPLE_PLACE = re.compile(r"全?(?P<place>世界|全球|中国)上?\s*(?:有|的)?\s*$")
_PEOPLE_OF_PLACE = re.compile(_PEOPLE_GAP + r"的人(?![口数次均])")


def _people_patterns(nouns: tuple[str, ...]) -> tuple[re.Pattern[str], re.Pattern[str]] | None:
    """(Chinese, English) patterns of the people a share describes, named by `nouns`."""
    zh = [n for n in nouns if not n.isascii()]
    en = [n for n in nouns if n.isascii()]
    if not nouns:
        return None
    never = r"(?!x)x"
    zh_nouns = "|".join(map(re.escape, sorted(zh, key=len, reverse=True))) or never
    en_nouns = "|".join(map(re.escape, sorted(en, key=len, reverse=True))) or never
    return (re.compile(_PEOPLE_GAP + r"的(?P<np>(?:(?![的是在了和与及也都将为把被从对向于以我你他她它这那个有已])"
                       r"[\u4e00-\u9fff]){0,6}?)(?P<noun>" + zh_nouns + r")"),
            re.compile(r"\s+of\s+(?P<np>(?:[A-Za-z][\w.&-]*\s+){1,3}?)(?P<noun>" + en_nouns
                       + r")(?![\w-])"))


# People named by what they use (用互联网的人口, 使用移动互联网的人数): that thing's users.
_USERS_OF = re.compile(r"(?:使用|用)(?P<np>[\u4e00-\u9fffA-Za-z]{1,8}?)的(?:人口|人数|人群|人)")
# A share of the things of a kind that are of a narrower kind: 50%的门锁为智能门锁 (of 门锁).
_KIND_OF = re.compile(r"的(?P<np>(?:(?![的是在了和与及也都将为把被从对向于以我你他她它这那个有已])[\u4e00-\u9fff]){1,6}?)"
                      r"(?:为|是)(?:(?![的是为])[\u4e00-\u9fff]){1,6}?(?P=np)")
# A stake, of the business it is held in: "an 80 percent ownership interest in its home health
# division", "a 30% stake in Snap"; 持有美团20%的股权.
_EN_STAKE = re.compile(r"\s+(?:(?:ownership|equity|controlling|minority|voting)\s+)?(?:stake|interest|holding)\s+"
                       r"in\s+(?:(?:its|their|the|a|an)\s+)?(?P<np>[A-Za-z][\w&.'’-]*(?:\s+(?!(?:to|for|from|at|by|"
                       r"with|and|or|which|that|in|on|of|as|worth|after|before|since|until|when|while|last|"
                       r"this|next|is|was|will|would)\b)[A-Za-z][\w&'’-]*){0,4})")
_ZH_STAKE = re.compile(r"持有(?P<np>(?:(?![的是在了和与及也都将为把被从对向于以约近逾超])[\u4e00-\u9fffA-Za-z]){2,12})的?\s*$")
_ZH_STAKE_AFTER = re.compile(r"\s*的?(?:股权|股份|股本|权益)")
# Places a population is named with but not by: 中国网络游戏的用户 → 网络游戏用户.
_PLACE = re.compile(r"^(?:全世界|中国|全国|全球|我国|国内|海外|台湾|香港|全台|全港|大陆|内地)")
# A clause opening with its verb, its subject left to the clause before (…的360，已成为拥有…).
_ZH_PREDICATE = re.compile(r"\s*(?:目前|如今|现在|现已|现)?\s*(?:已经|已|也已|也|更|还)?\s*"
                           r"(?:成为|拥有|达到|覆盖|服务|积累)")
# A clause that is a noun phrase alone, the name after its last 的: 坚持延续基础服务免费的360.
_ZH_TOPIC = re.compile(r"\s*[^，,；;：:。！？!?]{0,20}的(?P<name>[A-Za-z0-9\u4e00-\u9fff]{2,10})\s*")
# Where a clause's opening phrase starts, at most _HEAD_REACH characters before a name in it.
_HEAD_START = re.compile(r"[，,；;：:。！？!?\n]")
_HEAD_REACH = 12
# Between a name and the product-type word describing it: “腾讯健康”小程序.
_DESCRIBED = re.compile(r"\s*[”」\"']?\s*")
# Capitalized words right after an English name: "Teams Phone", "Facebook Groups", "used
# Teams Phone this quarter", and in Chinese text "LINE Bank开业" (the Han text ends the name).
_EN_MORE = re.compile(r"(?: [A-Z][a-z]+(?![A-Za-z0-9])(?![-.]\w)){1,2}(?=['’]s\b|\s*[\u4e00-\u9fff]|\s+(?:users|"
                      r"subscribers|members|accounts|customers|actives|daily|monthly|each|every|per|"
                      r"has|had|have|now|boasts|counts|reached|hit|surpassed|crossed|topped|this|"
                      r"last|in|across)\b)")
# Between two names that a figure is about together: 微信和QQ, "WeChat and QQ".
_COORDINATED = re.compile(r"\s*(?:和|与|及|以及|、|/|&|\band\b)\s*")
# "Signal now has 40 million", "Zoom reached 300 million daily participants"
_EN_HAS = re.compile(r"(?P<name>" + _EN_NAME + r")(?:'s|’s)?\s+(?:now\s+|already\s+|also\s+)?"
                     r"(?:has|had|have|boasts|counts|reached|hit|surpassed|crossed|topped)\b")
# A name the figure is compared with, not about: 不及亚马逊一家公司的一半, 不足阿里的40%,
# 与中华电信并称, "than Comcast", "compared with Amazon".
_COMPARED_BEFORE = re.compile(r"(?:不及|不足|不如|仅为|只有|相当于|高于|低于|少于|多于|超过了?|比|较)"
                              r"\s*(?:美国|中国)?$")
_POSSESSIVE = re.compile(r"['’]s\b")
_COMPARED_EN = re.compile(r"\b(?:than|compared\s+(?:to|with)|versus|vs\.?)\s+(?:the\s+)?$")
_COMPARED_AFTER = re.compile(r"\s*(?:一家公司)?(?:的)?\s*(?:[\d一二三四五六七八九十半两]|相比|并称|一样|相当)")
_COMPARED_WITH = re.compile(r"(?:与|和|跟|同)\s*$")
_COMPARED_WITH_AFTER = re.compile(r"\s*(?:相比|并称|一样|相当|比较|之间|的关系|的合作)")
# A name that brings the figure about, not what it counts: 新用户都是由微信带来的.
_BROUGHT_BY = re.compile(r"由\s*$")
_BROUGHT_AFTER = re.compile(r"\s*(?:带来|引入|导入|贡献|引流)")
# A name that reports a figure rather than being what it counts: "the 20 million DAU that
# Microsoft reported for Teams", "Microsoft reported DAU of 44 million" (taken only when nothing
# else in the sentence or paragraph says what the figure is about).
_REPORTS = re.compile(r"\s+(?:also\s+|first\s+|later\s+)?(?:reported|reports|released|releases|"
                      r"announced|announces|disclosed|discloses|revealed|reveals)\b")
# The name a sentence opens with, as its grammatical subject: "Epic's software is used in 2,000
# hospitals", "Ascension, the largest system, operates 150 hospitals", "Meditech is used by".
_EN_SUBJECT = re.compile(r"[\"“‘']?(?:(?:In|At|For|Meanwhile|Today|Now|So|And|But|Also),?\s+)?"
                         r"(?P<name>" + _EN_NAME + r")(?P<owner>(?:'s|’s)\s+\w+)?(?=\s*,|\s+(?:is|was|are|were|"
                         r"has|had|have|now|also|says|said|reports|reported|operates|operated|runs|"
                         r"ran|owns|serves|served|manages|covers|added|adds|grew|connects|counts|"
                         r"claims|expects|plans|will|can|sees|saw|announced|announces|reached)\b)")
# A clause that opens with a name and a verb whose object is the figure: "Akamai fields 127,000",
# "and Rackspace operates about 100,000", "Kaiser employed over 200,000".
_EN_CLAUSE_OPENER = re.compile(r"\s*(?:(?:and|but|while|whereas)\s+)?(?P<name>" + _EN_NAME + r")\s+"
                               r"(?:(?:now|already|also|still|currently)\s+)?[a-z]+(?:s|ed)\s+"
                               r"(?:(?:about|around|over|nearly|almost|roughly|some|more\s+than|"
                               r"less\s+than|just\s+(?:under|over)|up\s+to|close\s+to)\s+)?")
# A measure of a named business: "the revenue in Intelligent Cloud", "sales at Bon Secours",
# "users of Productivity and Business Processes".
_EN_MEASURE_OF = re.compile(r"\b(?:revenue|revenues|sales|income|profit|users|subscribers|members|"
                            r"growth|business)\s+(?:in|at|of|for|from)\s+(?:the\s+)?(?P<name>"
                            + _EN_NAME + r"(?:\s+and\s+" + _EN_NAME + r")?)")
# A product the text says was launched: 推出电子票券平台「活动通」, 推出Whoscall, "launched Threads",
# 推出免费手机安全软件——360手机卫士 (its name after a dash).
_LAUNCHED = re.compile(r"(?:推出|上线|launched|introduced|rolled\s+out)(?:了)?\s*(?:[\u4e00-\u9fff]{0,8}?"
                       r"[“「\"](?P<q>[^”」》\"\n\d]{2,16}(?<!报告|调查|榜单)(?<!白皮书))[”」\"]|(?P<en>[A-Z][A-Za-z0-9&+]+"
                       r"(?:\s[A-Z][A-Za-z0-9&+]+){0,2})(?![A-Za-z0-9])"
                       r"|[\u4e00-\u9fff]{0,12}?(?:——|—|--)\s*(?P<d>[A-Za-z0-9\u4e00-\u9fff]{2,12})(?=[，,。；;\s]))")
# A name a figure used as an adjective describes, after it or set off before it: "a 16-hospital
# system called Advocate Health Partners", "two-hospital KishHealth", "Cadence Health — a
# two-hospital system".
_EN_CALLED = re.compile(r"[\s-]*(?:[a-z]+\s+){0,2}?(?:called|named|known\s+as)\s+(?P<name>[A-Z][\w&+-]*"
                        r"(?:[ \t]+[A-Z][\w&+-]*){0,4})")
_EN_ADJ_NAME = re.compile(r"[ \t]+(?P<name>[A-Z][a-z]+[A-Z][\w&+-]*|[A-Z][\w&+-]*(?:[ \t]+[A-Z][\w&+-]*){1,3})"
                          r"(?=\s*[,.;)]|\s+(?:which|that|who|is|was|has|had|and)\b)")
_EN_SET_OFF = re.compile(r"(?P<name>" + _EN_NAME + r")\s*(?:—|–|--|,|\()\s*(?:a|an)\s+$")
# An institution named by its kind after its name was given (该院 after 广州市妇女儿童医疗中心):
# the kind word and the words a name of that kind ends with.
_ANAPHOR = re.compile(r"该(?P<kind>医院|院|公司|集团|银行|行)")
_KIND_ENDS = {"医院": ("医院", "医疗中心"), "院": ("医院", "医疗中心", "研究院", "学院"),
              "公司": ("公司", "集团"), "集团": ("集团", "公司"), "银行": ("银行",), "行": ("银行",)}
# Where a Chinese name ends going back from its kind word: a word no name holds (以…为例, 在…).
_NAME_STOP = re.compile(r"[以在与和及的是对从向了据由为把被将到于给让该这那其]")
_NAME_MAX = 14
# A sentence opening with a name set off by a comma ("WhatsApp, the startup…, has reached")
# and a clause that opens with its verb: the name is that verb's subject.
_OPENING_QUOTE = re.compile(r"[\s\"“‘']*")
_APPOSITION = re.compile(r"\s*,\s*(?:the|a|an|which|who|whose|now|once|owned|acquired|bought|"
                         r"founded|based|[a-z]+ed\b)", re.IGNORECASE)
_PREDICATE = re.compile(r"\s*(?:(?:now|also|already|still|recently|just|since)\s+)?(?:has|have|"
                        r"had|is|was|reached|reaches|hit|hits|passed|surpassed|crossed|topped|"
                        r"added|adds|boasts|counts|serves|operates|runs|grew|claims)\b")
_EN_AFTER_VERB = re.compile(r"\b(?:use|uses|using|on|joined|join)\s+(?P<name>" + _EN_NAME + r")")


@dataclass(slots=True)
class Subject:
    name: str
    aliases: list[str] = field(default_factory=list)
    kind: str | None = None
    parent: str | None = None


def _parse(data: dict[str, Any], source: str) -> list[Subject]:
    out = []
    for label, name, entry in tomlfile.entries(data, "subject", _FIELDS, source, BadRegistry):
        aliases = entry.get("aliases", [])
        if not isinstance(aliases, list) or not all(isinstance(a, str) for a in aliases):
            raise BadRegistry(f"{label}: 'aliases' must be a list of strings")
        if any(not a.strip() for a in aliases):
            raise BadRegistry(f"{label}: an alias is empty")
        kind = entry.get("kind")
        if kind is not None and kind not in _KINDS:
            raise BadRegistry(f"{label}: 'kind' must be one of {sorted(_KINDS)}, not {kind!r}")
        parent = entry.get("parent")
        if parent is not None and not isinstance(parent, str):
            raise BadRegistry(f"{label}: 'parent' must be a string")
        out.append(Subject(name.strip(), [a.strip() for a in aliases], kind, parent))
    return out


def _load_file(path: Path) -> list[Subject]:
    return _parse(tomlfile.read(path, "subject registry", BadRegistry), str(path))


class SubjectRegistry:
    """Canonical subjects with their aliases, and the finder over normalized text."""

    def __init__(self, subjects: list[Subject], not_names: frozenset[str] = frozenset(),
                 suffixes: tuple[str, ...] = (), not_products: frozenset[str] = frozenset(),
                 markets: tuple[str, ...] = (), measures: tuple[str, ...] = (),
                 not_subjects: frozenset[str] = frozenset(), surveys: tuple[str, ...] = (),
                 rivals: tuple[str, ...] = (), rates: tuple[str, ...] = (),
                 populations: tuple[str, ...] = ()):
        self.not_names = not_names  # capitalized words that are not names (The, CEO, March)
        self.suffixes = frozenset(suffixes)
        self.not_subjects = not_subjects  # phrases that open a clause but name nothing (我们)
        self.not_products = not_products  # registry name + these is no product (腾讯 + 数据中心)
        self._market = _words(markets)
        self._survey = _words(surveys)  # a sentence of survey results: its shares are no company's
        self._rival = _words(rivals)  # a clause about another party: 该同业, "its rival"
        self._measure = _words(measures)
        self._rate = _words(rates)  # a company's reach, of a market's base (覆盖率全国9成人口)
        # people a share right before them describes, as the text names them (60%的患者)
        self._people = _people_patterns(populations)
        # words that make a registry name into a product of its own (微信 + 城市服务)
        self._suffix = (re.compile(r"(?:(?![的是有在和与及了也都已将为])[\u4e00-\u9fff]){0,4}?(?:"
                                   + "|".join(map(re.escape, suffixes)) + r")(?!器)")
                        if suffixes else None)
        # what the methods build once and add() drops
        self._memo: dict[str, Any] = {}
        self.subjects: dict[str, Subject] = {}
        for s in subjects:
            self.add(s)

    def add(self, subject: Subject) -> None:
        known = self.subjects.get(subject.name)
        if known is None:
            self.subjects[subject.name] = subject
        else:
            known.aliases += [a for a in subject.aliases if a not in known.aliases]
            known.kind = subject.kind or known.kind
            known.parent = subject.parent or known.parent
        for cached in ("_compiled", "_scan", "_reach_chars", "_lookup_map", "_resolved"):
            self._memo.pop(cached, None)

    def _lookup(self) -> dict[str, str]:
        """{normalized, case-folded alias: canonical name}, built once (add() drops it)."""
        cached: dict[str, str] | None = self._memo.get("_lookup_map")
        if cached is not None:
            return cached
        out: dict[str, str] = {}
        for s in self.subjects.values():
            for alias in [s.name, *s.aliases]:
                out.setdefault(normalize(alias).casefold(), s.name)
        self._memo["_lookup_map"] = out
        return out

    def resolve(self, name: str) -> str | None:
        """The canonical subject a name (any alias, any script, any case) means."""
        # the rules resolve the same phrases page after page, and each resolve converts its
        # name to Simplified (OpenCC): the answers are kept, for the registry as it stands
        resolved: dict[str, str | None] = self._memo.setdefault("_resolved", {})
        if name in resolved:
            return resolved[name]
        if len(resolved) >= _RESOLVED_MAX:
            resolved.clear()
        found = resolved[name] = self._lookup().get(normalize(name.strip()).casefold())
        return found

    def closest(self, name: str, n: int = 3) -> list[str]:
        keys = self._lookup()
        hits = difflib.get_close_matches(normalize(name).casefold(), list(keys), n=n, cutoff=0.5)
        return list(dict.fromkeys(keys[h] for h in hits))

    def _pattern(self) -> tuple[re.Pattern[str], dict[str, str]]:
        cached: tuple[re.Pattern[str], dict[str, str]] | None = self._memo.get("_compiled")
        if cached is not None:
            return cached
        names: dict[str, str] = {}
        for s in self.subjects.values():
            for alias in [s.name, *s.aliases]:
                names.setdefault(normalize(alias), s.name)
        pattern = re.compile(_names_pattern(list(names))) if names else re.compile(r"(?!x)x")
        folded = {k.casefold(): v for k, v in names.items()}
        self._memo["_compiled"] = (pattern, folded)
        return pattern, folded

    def nationwide(self, text: str, s_start: int, start: int, end: int) -> bool:
        """Whether a count's clause says it counts a whole market, country or industry (此刻全台
        有三十家医院, 全国网民): no company's count."""
        if self._market is None:
            return False
        clause_start = s_start
        for cut in _WIDE_CLAUSE_END.finditer(text, s_start, start):
            clause_start = cut.end()
        after = _WIDE_CLAUSE_END.search(text, end)
        clause_end = after.start() if after else len(text)
        return self._market.search(text, clause_start, min(clause_end, end + 40)) is not None

    def rival(self, text: str, s_start: int, start: int) -> bool:
        """Whether the clause of the figure at `start` says, before it, that the figure is
        another party's, named by what it is to the subject (该同业, 竞争对手, "its rival"): no
        name of the page or of an earlier clause is its subject.

        >>> registry = load_subjects()
        >>> text = "台湾大营业利益年成长1.9%，而该同业的营业利益则是年减3.3%。"
        >>> registry.rival(text, 0, text.index("3.3%")), registry.rival(text, 0, text.index("1.9%"))
        (True, False)
        """
        if self._rival is None or self._rival.search(text, s_start, start) is None:
            return False
        clause_start = max([s_start, *(c.end() for c in _CLAUSE_END.finditer(text, s_start, start))])
        return self._rival.search(text, clause_start, start) is not None

    def surveyed(self, text: str, s_start: int, s_end: int) -> bool:
        """Whether the sentence text[s_start:s_end] gives a survey's results (调查, "survey")."""
        return self._survey is not None and self._survey.search(text, s_start, s_end) is not None

    def nationwide_sentence(self, text: str, s_start: int, start: int) -> bool:
        """Whether a count's sentence opens with a whole market, country or industry, before
        any registry name (全台湾光是今年，即有两家全新医院先后开幕): no company's count, though
        its own clause names none."""
        if self._market is None:
            return False
        found = self._market.search(text, s_start, start)
        return found is not None and not self.mentions(text, s_start, found.start())

    def company_share(self, text: str, s_start: int, s_end: int, start: int) -> bool:
        """Whether a percentage at `start` is of a company's own measure (revenue, users, 毛利)
        by its sentence, which names no market, country or industry before it, or names one in
        an earlier clause and then an owner (our, 其, 公司) the figure's measure is of
        (中国网购占整体零售份额约30% and 中国网购占零售约三成，未来渗透率升至四成 are not; "well
        below our industry peers, our margin rose to 9.9%" is).

        >>> registry = load_subjects()
        >>> text = "Below our industry peers, our EBITDA margin rose to 9.9 percent."
        >>> registry.company_share(text, 0, len(text), text.index("9.9"))
        True
        >>> text = "Overall retail sales increased 5% year-over-year."
        >>> registry.company_share(text, 0, len(text), text.index("5%"))
        False
        """
        if self._measure is None or self._measure.search(text, s_start, s_end) is None:
            return False
        if self.surveyed(text, s_start, s_end):
            return False
        if self._market is None:
            return True
        markets = list(self._market.finditer(text, s_start, start))
        if not markets:
            return True
        clause_start = s_start
        for cut in _WIDE_CLAUSE_END.finditer(text, s_start, start):
            clause_start = cut.end()
        if _OWNED.search(text, max(s_start, markets[-1].start() - 40), markets[-1].start()):
            return True  # "our global active consumers": a market word an owner has is the owner's
        if markets[-1].start() >= clause_start:
            # 覆盖率全国9成人口, 市场渗透率达95%: a company's reach against a market, the market
            # its base, the rate's word before or after it
            return (self._rate is not None
                    and self._rate.search(text, clause_start, start) is not None)
        return _OWNER.search(text, markets[-1].end(), start) is not None

    def mentions(self, text: str, start: int, end: int) -> list[tuple[int, int, str]]:
        """(start, end, canonical name) of every registry name in text[start:end]: what
        `finditer(text, start, end)` of the names' pattern finds.

        A window of _INDEXED characters or more (the whole page, a long run-on sentence that
        each of its figures asks about again) has the whole text searched once; that window
        and every later one of the same text are answered from that list (bisect), except
        where the two could differ. A search from `start` makes the same matches as the whole
        text's once it starts where no whole-text match is cut (lookbehind sees before
        `start`), and `endpos` only changes a match attempt that reads past it, which one
        starting `reach` or more characters before `end` never does; the attempts after the
        last such match run the pattern itself. A `start` inside a whole-text match (腾|讯云)
        runs the pattern over the whole window, as does a short window of another text.
        """
        found: tuple[str, list[int], list[int], list[str]] | None = self._memo.get("_scan")
        if found is None or found[0] is not text:
            if end - start < _INDEXED:
                return self._searched(text, start, end)
            found = self._scanned(text)
        _, starts, ends, canonical = found
        i = bisect.bisect_left(starts, start)
        if i and ends[i - 1] > start:  # `start` cuts a name: the window's search may differ
            return self._searched(text, start, end)
        limit = end - self._reach()  # attempts at or before `limit` never read past `end`
        j = bisect.bisect_right(starts, limit, i) if limit >= start else i
        tail = max(ends[j - 1] if j > i else start, limit + 1)
        return ([(starts[k], ends[k], canonical[k]) for k in range(i, j)]
                + self._searched(text, tail, end))

    def _searched(self, text: str, start: int, end: int) -> list[tuple[int, int, str]]:
        """mentions() by the names' pattern itself."""
        pattern, names = self._pattern()
        return [(m.start(), m.end(), names[m.group(0).casefold()])
                for m in pattern.finditer(text, start, end)]

    def _scanned(self, text: str) -> tuple[str, list[int], list[int], list[str]]:
        """The registry names of the whole text (kept for the last text asked about)."""
        cached: tuple[str, list[int], list[int], list[str]] | None = self._memo.get("_scan")
        if cached is not None and cached[0] is text:
            return cached
        pattern, names = self._pattern()
        starts, ends, canonical = [], [], []
        for m in pattern.finditer(text):
            starts.append(m.start())
            ends.append(m.end())
            canonical.append(names[m.group(0).casefold()])
        scan = (text, starts, ends, canonical)
        self._memo["_scan"] = scan
        return scan

    def _reach(self) -> int:
        """How far past its start a match attempt of the names' pattern may read: the longest
        name, then a boundary or a date's digits and 年/月 (`(?=\\d{1,4}[年月])`), with room to spare."""
        reach: int | None = self._memo.get("_reach_chars")
        if reach is None:
            reach = max((len(normalize(alias)) for s in self.subjects.values()
                         for alias in [s.name, *s.aliases]), default=0) + 8
            self._memo["_reach_chars"] = reach
        return reach

    def find(self, text: str, s_start: int, s_end: int, start: int, end: int,
             paragraph_start: int | None = None, share: bool = False) -> str | None:
        """The subject of the figure at text[start:end] in the sentence text[s_start:s_end]
        (rules in the module's docstring); `paragraph_start` lets rule 5 look back. A share
        (`share`) whose clause names a market, country or industry (中国网购占整体零售份额约30%)
        is about a name in that clause or nothing."""
        found = [m for m in self.mentions(text, s_start, s_end)
                 if not _compared(text, s_start, m)]
        reporters = [m for m in found if _REPORTS.match(text, m[1])]
        clause_start = max([s_start, *(c.end() for c in _CLAUSE_END.finditer(text, s_start, start))])
        if reporters and len(reporters) < len(found):
            # beside other names, a reporter of the figure's own clause ("the 20 million DAU
            # that Microsoft reported for Teams"); one of an earlier clause may be the subject
            # of the figure's ("Pandora reported 3.49bn hours, but it has 64.9 million users")
            found = [m for m in found if m not in reporters or m[0] < clause_start]
        elif reporters and paragraph_start is not None and paragraph_start < s_start:
            named = self._find(text, s_start, s_end, start, end, paragraph_start, share,
                               [m for m in found if m not in reporters])
            if named is not None:
                return named
        return self._find(text, s_start, s_end, start, end, paragraph_start, share, found)

    def _find(self, text: str, s_start: int, s_end: int, start: int, end: int,
              paragraph_start: int | None, share: bool, found: list[tuple[int, int, str]]
              ) -> str | None:
        inside = [m for m in found if m[0] < end and start < m[1]]
        if inside:
            return self._named(text, found, inside[0])
        if self.rival(text, s_start, start):
            clause_start = max([s_start, *(c.end() for c in _CLAUSE_END.finditer(text, s_start, start))])
            if not any(clause_start <= m[0] < start for m in found):
                return None  # 而该同业的营业利益则是年减3.3%: another party's, whom the clause does not name
        if share:
            described = (self._population_after(text, end) or self._people_after(text, s_start, start, end)
                         or self._staked(text, s_start, start, end))
            if described is not None:
                return described
        if not [m for m in found if m[1] <= start]:
            listed = self._listed(text, s_start, start)
            if listed is not None:
                return listed
        clause_start = s_start
        for m in _CLAUSE_END.finditer(text, s_start, start):
            clause_start = m.end()
        clause_end = s_end
        after_clause = _CLAUSE_END.search(text, end, s_end)
        if after_clause:
            clause_end = after_clause.start()
        if share and self._market is not None and self._market.search(text, clause_start, clause_end):
            found = [m for m in found if clause_start <= m[0] and m[1] <= clause_end]
            paragraph_start = None
        if share and self._continues_market(text, s_start, found, clause_start, clause_end):
            return None
        before = [m for m in found if m[1] <= start]
        after = [m for m in found if m[0] >= end]
        near_after = [m for m in after if m[1] <= clause_end]
        chosen = None
        if near_after and _uses(text, start, end, near_after[0][0]):
            chosen = near_after[0]
        else:
            in_clause = [m for m in before if m[0] >= clause_start]
            if in_clause:
                chosen = in_clause[-1]
            else:
                users = self._users_of(text, clause_start, end)
                if users is not None:
                    return users  # 用互联网的人口已经超过了20亿: 互联网用户
                # the clause's own subject, named without the registry (AI导诊已接入近300家医院)
                head = self._clause_subject(text, s_start, start, end)
                if head is not None:
                    return head
            if chosen is None and before:
                # a name the figure's own clause gives ("The revenue in Productivity and
                # Business Processes … increased 11%") before a registry name of an earlier one
                own = self._clause_named(text, clause_start, clause_end, start)
                if own is not None:
                    return own
                # a product the sentence launches after the name (抓住App浪潮…推出Whoscall来电
                # 过滤软体，全球用户突破2500万) is nearer than the name
                launched = _launched(text, before[-1][1], start)
                if launched is not None:
                    return launched
                chosen = before[-1] if share else _opener(text, s_start, clause_start, before)
            if chosen is None and not near_after:
                head = self._earlier_head(text, s_start, start)
                if head is not None:
                    return head
                topic = None if share else self._topic_clause(text, s_start, clause_start)
                if topic is not None:
                    return topic
            # a share is not about a name in a later clause (城镇化率过半，……移动互联网用户数)
            for group in (near_after[:1], [] if share else after[:1]):
                if chosen is None and group:
                    chosen = group[0]
        if chosen is not None:
            return self._named(text, found, chosen)
        named = self._unregistered(text, s_start, s_end, start, end)
        if named is not None:
            return named
        if paragraph_start is not None and _DEMONSTRATIVE.match(text, s_start):
            # "These servers …": the name the sentence before gave last
            last = self._last_named(text, max(paragraph_start, s_start - _LOOK_BACK), s_start)
            if last is not None:
                return last
        if paragraph_start is not None and paragraph_start < s_start:
            lo = max(paragraph_start, s_start - _LOOK_BACK)
            # only the sentence right before is one the figure's sentence plainly continues
            cuts = [m.end() for m in _SENTENCE_END.finditer(text, lo, max(lo, s_start - 1))]
            if cuts:
                lo = cuts[-1]
            earlier = self.mentions(text, lo, s_start)
            # a name an earlier sentence compares its subject with ("2x more than Amazon's") is
            # not what that sentence, and the one continuing it, is about
            kept = [m for m in earlier if not _compared(text, lo, m)
                    and not _COMPARED_EN.search(text, max(lo, m[0] - 16), m[0])]
            if kept or earlier:
                return self._recalled(text, kept or earlier)
        if paragraph_start is not None:
            return self._continued(text, paragraph_start, s_start, s_end)
        return None

    def referent(self, text: str, lo: int, s_start: int, start: int) -> str | None:
        """The institution 该院/该公司 before the figure at `start` in its sentence stands for:
        the last name of that kind (…医疗中心, …公司) in text[lo:] before it.

        >>> registry = load_subjects()
        >>> text = "以广州市妇女儿童医疗中心为例，该院把患者逗留时间缩短了40%。"
        >>> registry.referent(text, 0, 0, text.index("40%"))
        '广州市妇女儿童医疗中心'
        >>> registry.referent("患者在医院排队，该院把时间缩短了40%。", 0, 0, 15) is None
        True
        """
        anaphors = list(_ANAPHOR.finditer(text, s_start, start))
        if not anaphors:
            return None
        anaphor = anaphors[-1]
        best: tuple[int, str] | None = None
        for end_word in _KIND_ENDS[anaphor.group("kind")]:
            at = text.rfind(end_word, lo, anaphor.start())
            if at < 0:
                continue
            begin = at
            while begin > max(lo, at - _NAME_MAX) and "\u4e00" <= text[begin - 1] <= "\u9fff" \
                    and not _NAME_STOP.match(text, begin - 1):
                begin -= 1
            if at - begin >= 2 and (best is None or at > best[0]):
                name = text[begin : at + len(end_word)]
                best = (at, self.resolve(name) or name)
        return best[1] if best else None

    def _continues_market(self, text: str, s_start: int, found: list[tuple[int, int, str]],
                          clause_start: int, clause_end: int) -> bool:
        """Whether a share's clause, naming nothing and no owner (其, its, our), goes on about
        the market an earlier clause of its sentence named after the last name before it
        (阿里的核心业务是电商，目前中国网购占零售份额约30%，未来渗透率可升至40%)."""
        if self._market is None or any(clause_start <= m[0] < clause_end for m in found):
            return False
        if _OWNER.search(text, clause_start, clause_end):
            return False
        last = max((m[1] for m in found if m[1] <= clause_start), default=s_start)
        if last > s_start:  # the market is named in a clause of its own, after the name's
            cut = _CLAUSE_END.search(text, last, clause_start)
            if cut is None:
                return False
            last = cut.end()
        if self._market.search(text, last, clause_start) is None:
            return False
        # 县域人口占全国人口六成以上，却只拥有全国1/3的医生: the earlier clause's own subject,
        # not its market, goes on
        return self._earlier_head(text, s_start, clause_start) is None

    def _last_named(self, text: str, lo: int, s_start: int) -> str | None:
        """The name given last in the sentence before `s_start` (a registry name or a quoted
        one): what a sentence opening with "These servers" or 这款产品 speaks of.

        >>> registry = load_subjects()
        >>> text = 'Tencent built servers named "Starry Sea." These servers cut costs by 30%.'
        >>> registry._last_named(text, 0, text.index("These"))
        'Starry Sea'
        """
        cuts = [m.end() for m in _SENTENCE_END.finditer(text, lo, max(lo, s_start - 1))]
        start = cuts[-1] if cuts else lo
        named = [(m[1], m[2]) for m in self.mentions(text, start, s_start)]
        named += [(m.end(), m.group(1).strip().rstrip(".")) for m in _QUOTED.finditer(text, start, s_start)]
        return max(named)[1] if named else None

    def _listed(self, text: str, s_start: int, start: int) -> str | None:
        """The names of the earlier list that introduced the group the sentence speaks of
        before the figure (三款信息流产品 → QQ看点、QQ浏览器、天天快报), when they are as many as
        the group's number says.

        >>> registry = load_subjects()
        >>> text = "我们有三款信息流产品：QQ看点、QQ浏览器和天天快报。目前，三款信息流产品有日活跃用户1.58亿。"
        >>> at = text.index("目前")
        >>> registry._listed(text, at, text.index("1.58亿"))
        'QQ看点、QQ浏览器、天天快报'
        >>> text = "我们有三款信息流产品：QQ看点和天天快报。目前，三款信息流产品有日活跃用户1.58亿。"
        >>> registry._listed(text, text.index("目前"), text.index("1.58亿")) is None
        True
        """
        groups = list(_GROUP.finditer(text, s_start, start))
        if not groups:
            return None
        group = groups[-1]
        count = _NUMBERS.get((group.group("n") or group.group("en")).lower())
        if count is None:
            count = int(group.group("n") or group.group("en"))
        noun = (group.group("noun") or group.group("en_noun")).casefold()
        lo = max(0, s_start - _GROUP_REACH)
        for earlier in reversed(list(_GROUP.finditer(text, lo, s_start))):
            if (earlier.group("noun") or earlier.group("en_noun") or "").casefold() != noun:
                continue
            stop = _SENTENCE_END.search(text, earlier.end(), s_start)
            names = list(dict.fromkeys(
                name for _, _, name in self.mentions(text, earlier.end(),
                                                     stop.start() if stop else s_start)))
            if len(names) == count:
                return "、".join(names)
            return None
        return None

    def _continued(self, text: str, paragraph_start: int, s_start: int, s_end: int) -> str | None:
        """The subject of the last sentence of the paragraph before that names one and counts
        the same thing (腾讯视频付费会员达到8900万。 / 从会员增长来看，从4300万增长到8200万): a new
        paragraph that plainly continues the count of the one before."""
        nouns = {m.group(0).casefold() for m in _MEASURE_NOUN.finditer(text, s_start, s_end)}
        if not nouns:
            return None
        end = paragraph_start  # where the text before it ends, without its white space
        while end and text[end - 1].isspace():  # (no copy of the text: this runs for each figure)
            end -= 1
        if end == 0:
            return None
        lo = max(text.rfind("\n", 0, end) + 1, end - _LOOK_BACK)
        cuts = [lo, *(m.end() for m in _SENTENCE_END.finditer(text, lo, end - 1)), end]
        for a, b in reversed(list(itertools.pairwise(cuts))):
            named = self.mentions(text, a, b)
            if named and any(n in text[a:b].casefold() for n in nouns):
                return self._recalled(text, named)
        return None

    def _staked(self, text: str, s_start: int, start: int, end: int) -> str | None:
        """The business a stake at text[start:end] is held in: "an 80 percent ownership
        interest in its home health division", 持有美团20%的股权.

        >>> registry = load_subjects()
        >>> text = "CHS will sell an 80 percent ownership interest in its home health division to X."
        >>> registry._staked(text, 0, text.index("80"), text.index(" ownership"))
        'home health division'
        >>> text = "腾讯持有美团20%的股权"
        >>> registry._staked(text, 0, text.index("20%"), text.index("的股权"))
        '美团'
        >>> registry._staked("A 20% interest rate", 0, 2, 5) is None
        True
        """
        m = _EN_STAKE.match(text, end)
        if m is not None:
            named = self.mentions(text, m.start("np"), m.end("np"))
            if named and named[0][0] == m.start("np"):
                return named[0][2]  # "a 17 percent stake in Snap after the deal"
            return _name_words(m.group("np"), self.not_names)
        if _ZH_STAKE_AFTER.match(text, end):
            before = _ZH_STAKE.search(text, max(s_start, start - 16), start)
            if before is not None:
                np = before.group("np")
                return self.resolve(np) or np
        return None

    def _population_after(self, text: str, end: int) -> str | None:
        """The population a share right before it describes: 占一半以上人口的农村用户 → 农村用户,
        30%的中国网民 → 互联网用户 (a place cut, the registry's name when it has one).

        >>> registry = load_subjects()
        >>> text = "让占一半以上人口的农村用户享受到便利"
        >>> registry._population_after(text, text.index("人口的农村"))
        '农村用户'
        >>> registry._population_after("其中70%的用户是95后", 6) is None
        True
        >>> registry._population_after("已有50%的门锁为智能门锁", 5)
        '门锁'
        >>> registry._population_after("已有50%的门锁为智能锁", 5) is None
        True
        """
        m = _POPULATION_AFTER.match(text, end)
        if m is None:
            kind = _KIND_OF.match(text, end)
            if kind is None or len(kind.group("np")) < 2:
                return None
            return self.resolve(kind.group("np")) or kind.group("np")
        bare = _PLACE.sub("", m.group("np"))
        name = bare + m.group("noun")
        known = self.resolve(name) or self.resolve(m.group("np") + m.group("noun"))
        if known is not None:
            return known
        if not bare or bare in self.not_subjects or m.group("noun") == "网民":
            return None
        return name

    def _people_after(self, text: str, s_start: int, start: int, end: int) -> str | None:
        """The people a share right before them describes, named as the text names them: 60%的
        患者 → 患者, 80%的中国年轻人 → 中国年轻人, "34 per cent of Chinese consumers" → Chinese
        consumers (an English noun with a word of its own before it); the people of a place the
        share opens with (世界上80%的人 → 世界人口). None for a registry name's users (30% of
        WeChat users: the name's) and for people no word names (其中70%的人, "60% of people").

        >>> registry = load_subjects()
        >>> text = "60%的患者都希望在网上先看一看"
        >>> registry._people_after(text, 0, 0, 3)
        '患者'
        >>> text = "Around 34 per cent of Chinese consumers said so"
        >>> registry._people_after(text, 0, text.index("34"), text.index(" of"))
        'Chinese consumers'
        >>> registry._people_after("60% of patients said so", 0, 0, 3) is None
        True
        """
        if self._people is None:
            return None
        zh, en = self._people
        m = zh.match(text, end) or en.match(text, end)
        if m is not None:
            np = m.group("np").strip()
            if self.mentions(text, m.start("np"), m.end("np")):
                return None  # 30% of WeChat users: the registry name's
            if np and m.re is en and np.split()[0].casefold() in _NOT_MODIFIERS:
                return None
            name = (np + (" " if m.re is en else "") + m.group("noun")).strip()
            return self.resolve(name) or name
        place = _PEOPLE_PLACE.search(text, max(s_start, start - 6), start)
        if place is not None and _PEOPLE_OF_PLACE.match(text, end):
            name = place.group("place") + "人口"
            return self.resolve(name) or name
        return None

    def _recalled(self, text: str, found: list[tuple[int, int, str]]) -> str:
        """The subject of the last of `found`, names an earlier sentence gave: a product of its
        own only when its product word stands close (网易云音乐, not 中华电信宣布推出服务)."""
        named = self._named(text, found, found[-1])
        return named if len(named) <= len(found[-1][2]) + _RECALL_MORE else found[-1][2]

    def _named(self, text: str, found: list[tuple[int, int, str]],
               chosen: tuple[int, int, str]) -> str:
        """The chosen mention's subject: joined with names coordinated with it (微信和QQ →
        微信、QQ), or extended into a product of its own (微信城市服务)."""
        i = found.index(chosen)
        lo = hi = i
        while lo > 0 and _COORDINATED.fullmatch(text, found[lo - 1][1], found[lo][0]):
            lo -= 1
        while hi + 1 < len(found) and _COORDINATED.fullmatch(text, found[hi][1], found[hi + 1][0]):
            hi += 1
        if hi > lo:
            return "、".join(dict.fromkeys(m[2] for m in found[lo : hi + 1]))
        if chosen[2] in self.suffixes and (i == 0 or found[i - 1][1] < chosen[0]):
            # 智能小程序入驻数量: a product word ending its clause's opening phrase names the
            # product that phrase names
            lo = max(0, chosen[0] - _HEAD_REACH)
            cut = max((c.end() for c in _HEAD_START.finditer(text, lo, chosen[0])), default=None)
            head = _ZH_HEAD.match(text, cut or 0) if cut is not None or lo == 0 else None
            if (head is not None and head.end("np") == chosen[1] and head.start("np") < chosen[0]
                    and head.group("np") not in self.not_subjects):
                return head.group("np")
        # “腾讯健康”小程序: a product-type word after a name describes that name
        if (i > 0 and chosen[2] in self.suffixes
                and _DESCRIBED.fullmatch(text, found[i - 1][1], chosen[0])):
            return found[i - 1][2]
        if self._suffix is not None:
            more = self._suffix.match(text, chosen[1])
            # a product word that is a name of its own, mentioned again, ends no product name
            # (这些公众号不少公众号开通了: two mentions, not 公众号 + 不少公众号)
            if more is not None and any(chosen[1] <= m[0] < more.end() for m in found):
                more = None
            if more is not None and text[chosen[1] : more.end()] not in self.not_products:
                return text[chosen[0] : more.end()]
        # "Teams Phone users", "Facebook Groups": an English name with a capitalized word after
        # it is a product of its own
        if text[chosen[0] : chosen[1]].isascii():
            more = _EN_MORE.match(text, chosen[1])
            if more is not None:
                words = more.group(0).split()
                kept = []
                for word in words:
                    if word in self.not_names:
                        break
                    kept.append(word)
                if kept:
                    return text[chosen[0] : chosen[1]] + " " + " ".join(kept)
        return chosen[2]

    def _users_of(self, text: str, clause_start: int, end: int) -> str | None:
        """The registry's users of what a clause's people use, in the clause up to the figure's
        `end`: 用互联网的人口已经超过了20亿 → 互联网用户 (people who use the internet are its users).

        >>> registry = load_subjects()
        >>> text = "今天全世界用互联网的人口已经超过了20亿"
        >>> registry._users_of(text, 0, text.index("20亿"))
        '互联网用户'
        >>> registry._users_of("今天全世界用筷子的人口已经超过了20亿", 0, 15) is None
        True
        """
        m = _USERS_OF.search(text, clause_start, end)
        if m is None:
            return None
        return self.resolve(m.group("np") + "用户")

    def _clause_subject(self, text: str, s_start: int, start: int, end: int) -> str | None:
        """The noun phrase a Chinese clause opens with, when a verb of reach or a users noun
        follows it before the figure's number: AI导诊已接入近300家医院 → AI导诊, 手机管家的激活
        用户超过1亿 → 手机管家, 中国泛二次元用户规模接近3.5亿 → 泛二次元用户 (a population: the
        phrase with 用户, found in the registry when it is there: 网络游戏的用户 → 游戏用户)."""
        digit = _NUMBER.search(text, start, end)
        number = digit.start() if digit else start
        clause_start = s_start
        for cut in _WIDE_CLAUSE_END.finditer(text, s_start, start):
            clause_start = cut.end()
        return self._head(text, clause_start, number)

    def _topic_clause(self, text: str, s_start: int, clause_start: int) -> str | None:
        """The name a Chinese clause of a noun phrase alone ends with, when the figure's clause
        right after it opens with its verb and no subject: 坚持免费的360，已成为拥有4.57亿用户的公司.

        >>> registry = load_subjects()
        >>> text = "如今，坚持免费的奇点，已成为拥有4.57亿用户的公司"
        >>> registry._topic_clause(text, 0, text.index("已成为"))
        '奇点'
        >>> text = "如今，大家都很喜欢奇点，已成为拥有4.57亿用户的公司"
        >>> registry._topic_clause(text, 0, text.index("已成为")) is None
        True
        """
        if not _ZH_PREDICATE.match(text, clause_start):
            return None
        cuts = [s_start, *(m.end() for m in _WIDE_CLAUSE_END.finditer(text, s_start, clause_start))]
        if len(cuts) < 2:
            return None
        phrase = _ZH_TOPIC.fullmatch(text, cuts[-2], cuts[-1] - 1)
        if phrase is None:
            return None
        name = phrase.group("name")
        if name in self.not_subjects or not names.names_something(name):
            return None
        return name

    def _earlier_head(self, text: str, s_start: int, start: int) -> str | None:
        """The subject an earlier clause of the sentence opens with, nearest first
        (Goodnight至今已有注册用户200万人，其中有85%的使用者…)."""
        cuts = [s_start, *(m.end() for m in _WIDE_CLAUSE_END.finditer(text, s_start, start))]
        for a, b in reversed(list(itertools.pairwise(cuts))):
            head = self._head(text, a, b - 1)
            if head is not None:
                return head
        return None

    def _head(self, text: str, clause_start: int, number: int) -> str | None:
        """The subject phrase text[clause_start:number] opens with (_ZH_HEAD), if any."""
        m = _ZH_HEAD.match(text, clause_start, number)
        if m is None:
            return None
        phrase = m.group("np")
        if phrase in self.not_subjects or len(phrase) < 2:
            return None
        if m.group("users") and not m.group("qualifier"):
            # a population: one the registry knows, or one a place names (中国泛二次元用户);
            # 去年行动上网用户 alone is some company's users
            bare = _PLACE.sub("", phrase)
            known = self.resolve(bare + "用户")
            if known is not None:
                return known
            if bare == phrase or len(bare) < 2 or bare in self.not_subjects:
                return None
            return bare + "用户"
        if (m.group("active") or m.group("measure")) and not _PLACE.sub("", phrase):
            return None  # 台湾月活达2100万: a place is no product
        if m.group("people"):
            # a population whose share of a whole the clause states (县域人口占全国人口六成);
            # a place alone is the whole's own population (全国人口占)
            bare = _PLACE.sub("", phrase)
            return bare + m.group("people") if len(bare) >= 2 else None
        if not names.names_something(phrase):
            return None  # 上季月均付费用户, 每日交易量: a time or a verb phrase is no name
        return phrase

    def _clause_named(self, text: str, clause_start: int, clause_end: int, start: int) -> str | None:
        """An unregistered name text[clause_start:clause_end] gives before a count noun, before
        "has", or after a measure ("Spotify subscribers", "revenue in Intelligent Cloud"),
        nearest the figure at `start`."""
        opener = _EN_CLAUSE_OPENER.fullmatch(text, clause_start, start)
        if opener is not None:  # "Akamai fields 127,000": the clause's own grammatical subject
            name = _name_words(opener.group("name"), self.not_names)
            if name.split()[0] not in self.not_names and name.split()[-1] not in self.not_names:
                return name
        found = []
        for pattern in (_EN_BEFORE_NOUN, _EN_HAS, _EN_MEASURE_OF):
            for m in pattern.finditer(text, clause_start, clause_end):
                name = _name_words(m.group("name").strip(), self.not_names)
                if name.split()[0] not in self.not_names and (
                        name.split()[-1] not in self.not_names or pattern is _EN_MEASURE_OF):
                    found.append((abs(m.start("name") - start), name))
        return min(found)[1] if found else None

    def _unregistered(self, text: str, s_start: int, s_end: int, start: int, end: int) -> str | None:
        """A name the text gives that the registry lacks, nearest to the figure."""
        candidates: list[tuple[int, str]] = []
        for m in _QUOTED.finditer(text, s_start, s_end):
            if m.start() >= end and _NICKNAMED.search(text, end, m.start()):
                continue  # a name the subject is called: 超过6亿，被称为“全民应用”
            gap = m.start() - end if m.start() >= end else start - m.end()
            # near the figure, or the subject of a verb before it (“腾讯觅影”已落地…)
            if gap <= _QUOTED_REACH or (m.end() <= start and _ACTS.match(text, m.end())):
                candidates.append((abs(m.start() - start), m.group(1).strip()))
        if re.match(r"[\w-]*-(?:hospital|bed|site|store|user|server)s?\b", text[start:end]):
            # the figure is an adjective: "a 16-hospital system called …", "two-hospital KishHealth"
            beside = [_EN_CALLED.match(text, end), _EN_ADJ_NAME.match(text, end),
                      _EN_SET_OFF.search(text, max(s_start, start - 80), start)]
            candidates += [(0, _name_words(b.group("name"), self.not_names))
                           for b in beside if b is not None]
        for m in _LAUNCHED.finditer(text, s_start, start):  # 推出电子票券平台「活动通」
            candidates.append((start - m.end(), (m.group("q") or m.group("en") or m.group("d")).strip()))
        for pattern in (_EN_BEFORE_NOUN, _EN_AFTER_VERB, _EN_HAS, _EN_MEASURE_OF):
            for m in pattern.finditer(text, s_start, s_end):
                name = m.group("name").strip()
                words = name.split()
                while words and words[0] in self.not_names:
                    words.pop(0)
                # a business's name may end in a common word: "revenue in Intelligent Cloud"
                if words and (words[-1] not in self.not_names or pattern is _EN_MEASURE_OF):
                    candidates.append((abs(m.start("name") - start), " ".join(words)))
        head = _EN_SUBJECT.match(text, s_start, s_end)
        if head is not None and head.end("name") <= start:
            words = head.group("name").split()
            while words and words[0] in self.not_names:
                words.pop(0)
            name = " ".join(words)
            if words and words[-1] not in self.not_names and (head.group("owner")
                                                              or _proper(text, name)):
                candidates.append((abs(head.start("name") - start), name))
        if not candidates:
            return None
        return min(candidates)[1]


def _name_words(name: str, not_names: frozenset[str]) -> str:
    """A name without the words before it that are no part of it ("Winfield-based", "The").

    >>> _name_words("Winfield-based Cadence Health", frozenset({"The"}))
    'Cadence Health'
    """
    words = name.split()
    while len(words) > 1 and (words[0] in not_names or words[0].endswith("-based")):
        words.pop(0)
    return " ".join(words)


def _launched(text: str, lo: int, start: int) -> str | None:
    """The last product text[lo:start] says was launched (推出电子票券平台「活动通」, 推出Whoscall,
    "launched Threads"), if any.

    >>> text = "2011年推出Whoscall来电过滤软体，全球用户突破2500万"
    >>> _launched(text, 0, text.index("2500万"))
    'Whoscall'
    >>> _launched("2011年推出一项来电过滤服务，用户突破2500万", 0, 20) is None
    True
    """
    found = list(_LAUNCHED.finditer(text, lo, start))
    if not found:
        return None
    return (found[-1].group("q") or found[-1].group("en") or found[-1].group("d")).strip()


def _opener(text: str, s_start: int, clause_start: int,
            before: list[tuple[int, int, str]]) -> tuple[int, int, str]:
    """Of the registry names before a count in earlier clauses of its sentence, the one the
    count's clause has for its grammatical subject: the name the sentence opens with, set off
    by a comma, when the count's clause opens with its verb ("WhatsApp, the startup bought by
    Facebook, has reached 500 million users"); else the nearest.

    >>> text = "WhatsApp, the startup bought by Facebook, has reached 500 million users"
    >>> found = load_subjects().mentions(text, 0, len(text))
    >>> _opener(text, 0, text.rindex(",") + 1, found)[2]
    'WhatsApp'
    >>> text = "WhatsApp, the startup bought by Facebook, said users reached 500 million"
    >>> _opener(text, 0, text.rindex(",") + 1, load_subjects().mentions(text, 0, len(text)))[2]
    'Facebook'
    """
    first = before[0]
    if (first is not before[-1] and _OPENING_QUOTE.fullmatch(text, s_start, first[0])
            and _APPOSITION.match(text, first[1]) and _PREDICATE.match(text, clause_start)):
        return first
    return before[-1]


def _proper(text: str, name: str) -> bool:
    """Whether a capitalized name opening a sentence is a proper name, not a capitalized
    word: several words, a capital inside (WeChat), or capitalized again mid-sentence."""
    if " " in name or any(c.isupper() for c in name[1:]):
        return True
    return re.search(r"[a-z0-9,;]\s+" + re.escape(name) + r"\b", text) is not None


def _words(words: tuple[str, ...]) -> re.Pattern[str] | None:
    """One pattern for a list of words (English ones whole, any case: "GDP" in GDP中服务业占比,
    whose Han neighbour is a word character to `\\b`).

    >>> _words(("GDP", "market")).search("GDP中服务业占比过半").group(0)
    'GDP'
    >>> _words(("GDP", "market")).search("supermarkets grew") is None
    True
    """
    if not words:
        return None
    # an English word's first character is matched before the one before it is looked at
    # (?<![A-Za-z0-9].): a pattern opening with a lookbehind would run it at every character
    parts = [re.escape(w[0]) + r"(?<![A-Za-z0-9].)" + re.escape(w[1:]) + r"(?![A-Za-z0-9])"
             if w.isascii() else re.escape(w) for w in sorted(words, key=len, reverse=True)]
    return re.compile("|".join(parts), re.IGNORECASE)


def _compared(text: str, s_start: int, mention: tuple[int, int, str]) -> bool:
    """Whether the name at `mention` is what a figure is compared with (不足阿里的40%)."""
    before = text[max(s_start, mention[0] - 16) : mention[0]]
    if _COMPARED_EN.search(before):  # but "compared to Spotify's 232 million" is Spotify's figure
        return not _POSSESSIVE.match(text, mention[1])
    if _COMPARED_BEFORE.search(before) and _COMPARED_AFTER.match(text, mention[1]):
        return True
    if _BROUGHT_BY.search(before) and _BROUGHT_AFTER.match(text, mention[1]):
        return True
    return bool(_COMPARED_WITH.search(before) and _COMPARED_WITH_AFTER.match(text, mention[1]))


def _uses(text: str, start: int, end: int, name_start: int) -> bool:
    """Whether the figure at text[start:end] says it uses the name starting at `name_start`
    (the verb may be part of the figure's surface: 8千万人用“看点”)."""
    return (name_start - end <= _USE_REACH and _USE.search(text, start, name_start) is not None
            and _NEW_PREDICATE.search(text, end, name_start) is None)


def load_subjects(extra: Path | None = None) -> SubjectRegistry:
    """The shipped subject registry, extended by the user's file when given."""
    shipped = resources.files("speeches").joinpath("rules", "subjects.toml").read_text("utf-8")
    data = tomllib.loads(shipped)
    subjects = _parse(data, "subjects.toml (shipped)")
    if extra is not None:
        subjects += _load_file(Path(extra))
    return SubjectRegistry(subjects, frozenset(data.get("not_names", [])),
                           tuple(data.get("suffixes", [])), frozenset(data.get("not_products", [])),
                           tuple(data.get("markets", [])), tuple(data.get("measures", [])),
                           frozenset(data.get("not_subjects", [])), tuple(data.get("surveys", [])),
                           tuple(data.get("rivals", [])), tuple(data.get("rates", [])),
                           tuple(data.get("populations", [])))


def _trie(words: list[str]) -> dict[str, Any]:
    trie: dict[str, Any] = {}
    for word in words:
        node = trie
        for ch in word:
            node = node.setdefault(ch, {})
        node[""] = {}
    return trie


def _trie_pattern(node: dict[str, Any]) -> str:
    """The regex of a trie's words below `node`, longest match first."""
    branches = [re.escape(ch) + _trie_pattern(child) for ch, child in sorted(node.items()) if ch]
    if not branches:
        return ""
    body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
    return "(?:" + body + ")?" if "" in node else body


def _names_pattern(names: list[str]) -> str:
    """One regex for the registry's `names`: one alternative per first character, so the regex
    engine skips, at C speed, every character no name starts with.

    Names with a CJK character match as written, through the trie of their characters (a plain
    alternation of hundreds of names costs ~10 µs a character); Latin names, longest first, only
    where a word starts (a letter or digit is no name's inside), before a word's end or a date
    (HKTVmall10月GMV), and, when written in lower case, in any ASCII case (İ is no I). At each
    first character the CJK names are tried before the Latin ones.

    >>> p = re.compile(_names_pattern(["腾讯", "腾讯云", "微信", "QQ", "QQ音乐", "wechat"]))
    >>> [m.group(0) for m in p.finditer("腾讯云和腾讯和微信, QQ音乐, QQ, WeChat, WeChatPay, aQQ")]
    ['腾讯云', '腾讯', '微信', 'QQ音乐', 'QQ', 'WeChat']
    """
    trie = _trie([n for n in names if not n.isascii()])
    latin: dict[str, list[str]] = {}
    for name in sorted((n for n in names if n.isascii()), key=len, reverse=True):
        first = name[0]
        if not (first.isascii() and first.isalnum()):
            continue  # starts no word: never found
        lower = name == name.lower()
        rest = re.escape(name[1:])
        rest = "(?ai:" + rest + ")" if lower and rest else rest
        for c in sorted({first, first.upper()} if lower else {first}):
            latin.setdefault(c, []).append(rest)
    alternatives = []
    for c in sorted(set(trie) - {""} | set(latin)):
        parts = [_trie_pattern(trie[c])] if c in trie else []
        if c in latin:
            # the name's first character is matched: the one before it must not be a letter or digit
            parts.append(r"(?<![A-Za-z0-9].)(?:" + "|".join(latin[c])
                         + r")(?:(?![A-Za-z0-9])|(?=\d{1,4}[年月]))")
        alternatives.append(re.escape(c) + (parts[0] if len(parts) == 1
                                            else "(?:" + "|".join(parts) + ")"))
    return "|".join(alternatives) if alternatives else r"(?!x)x"


# A newline inside an English sentence, wrapped by hand: a word, figure or comma before it and
# a lower-case word or a figure after it. (The regex finds the newline and what follows it; the
# character before is checked by hand: a pattern opening with it would try every letter.)
_SOFT_WRAP = re.compile(r"\n(?=[ \t]*[a-z0-9$(])")
_WRAPPED_AFTER = frozenset(string.ascii_letters + string.digits + ",;$%)")


def soft_wraps(text: str) -> list[int]:
    """The offsets of the newlines of `text` that wrap an English sentence by hand: after a
    word, figure or comma (spaces and tabs between), before a lower-case word or a figure.

    >>> soft_wraps("EBITDA was up\\n    23 percent.\\nThe rest.\\n\\nmore")
    [13]
    """
    out = []
    for m in _SOFT_WRAP.finditer(text):
        before = m.start()
        while before and text[before - 1] in " \t":
            before -= 1
        if before and text[before - 1] in _WRAPPED_AFTER:
            out.append(m.start())
    return out


class Sentences:
    """Paragraph and sentence spans of one text, each paragraph split once, on demand: a
    document with a hundred thousand figures on one line costs one split, not one each."""

    def __init__(self, text: str):
        self.text = text
        # a hard-wrapped line ("EBITDA was up\n    23 percent") runs on: its newline is a space
        soft = soft_wraps(text)
        if soft:
            self.text = " ".join(text[a + 1 : b] for a, b in itertools.pairwise([-1, *soft, len(text)]))
        # (str.find, not re.finditer: no match object for each line of the page)
        newlines: list[int] = []
        at = self.text.find("\n")
        while at >= 0:
            newlines.append(at)
            at = self.text.find("\n", at + 1)
        self._newlines = newlines
        self._spans: dict[int, list[tuple[int, int]]] = {}

    def around(self, pos: int) -> tuple[int, int, int]:
        """(paragraph start, sentence start, sentence end) around offset `pos`."""
        i = bisect.bisect_left(self._newlines, pos)
        p_start = self._newlines[i - 1] + 1 if i > 0 else 0
        p_end = self._newlines[i] if i < len(self._newlines) else len(self.text)
        spans = self._spans.get(p_start)
        if spans is None:
            spans = self._spans[p_start] = sentences.split(self.text, p_start, p_end)
        span = sentences.containing(spans, pos)
        s_start, s_end = span if span else (p_start, p_end)
        return p_start, s_start, s_end


def sentence_of(text: str, pos: int) -> tuple[int, int, int]:
    """(paragraph start, sentence start, sentence end) around offset `pos` of `text`."""
    return Sentences(text).around(pos)
