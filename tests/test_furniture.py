"""speeches.stages.furniture: the article body of a page, without its furniture."""

from __future__ import annotations

import json
import re
import tomllib
from importlib import resources
from pathlib import Path

import opencc
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from conftest import development_lines, pure
from speeches.errors import BadRule
from speeches.stages import furniture
from speeches.stages.furniture import explain_body, find_body, load_rules
from speeches.stages.metadata import DATELINE_MAX_CHARS, is_dateline, text_units

REPO = Path(__file__).resolve().parents[1]
RAW = REPO / "data" / "raw"
GOLD = REPO / "tests" / "gold"  # the seed gold, copied from the shared folder
T2S = opencc.OpenCC("t2s")


def body_text(text: str) -> str:
    """The kept body of `text`, span by span, one span a line."""
    return "\n".join(text[start:end] for start, end in find_body(text))


def kept(text: str, needle: str) -> bool:
    """True when every occurrence of `needle` lies inside one body span."""
    spans = find_body(text)
    index = text.find(needle)
    assert index >= 0, f"{needle!r} is not in the page"
    while index >= 0:
        if not any(start <= index and index + len(needle) <= end for start, end in spans):
            return False
        index = text.find(needle, index + 1)
    return True


def dropped(text: str, needle: str) -> bool:
    """True when no character of `needle` (first occurrence) lies inside a body span."""
    index = text.find(needle)
    assert index >= 0, f"{needle!r} is not in the page"
    end = index + len(needle)
    return all(stop <= index or start >= end for start, stop in find_body(text))


def seed(name: str) -> str:
    """A seed page after Traditional -> Simplified conversion, as find_body receives it."""
    raw = (RAW / name).read_text(encoding="utf-8")
    text = T2S.convert(raw)
    assert len(text) == len(raw)
    return text


# ---------------------------------------------------------------------------------------------
# Synthetic pages

FORUM = """首页 > 论坛 > 科技讨论

马化腾：腾讯将继续投入人工智能

发表于 2019-5-21 10:20:33

楼主

马化腾在大会上表示，腾讯云的服务器规模已经超过100万台，是国内最早达到这一规模的公司之一，未来还会继续加大在基础设施上的投入。

他还提到，微信的月活跃用户已经超过11亿，小程序的日活跃用户也超过了3亿，越来越多的企业通过小程序服务自己的用户。

回复

积分: 120
帖子: 30
精华: 0

分享到 :
12 人收藏
您需要登录后才可以回帖 登录 | 立即注册

本版积分规则

返回列表
"""

NEWS_EN = """Home » Technology » Internet

Tencent says WeChat tops one billion users

By Jane Smith
Published: May 21, 2019 10:00 AM
Share this: Twitter Facebook

BEIJING (Reuters) - Tencent Holdings said on Tuesday that its messaging app WeChat now has more than one billion monthly active users, as the company pushes deeper into cloud computing and payments.

"We now serve over one billion users every month, and we want to help every industry go digital," Chairman Pony Ma told the audience at the company's annual conference.

A bigger cloud

Tencent now runs more than a million servers, Ma said, and about 60 percent of its new customers come from traditional industries such as retail and health care.

Tencent's shares rose 2 percent.

Related Stories

Alibaba cloud revenue jumps 50 percent
Baidu unveils new AI chip for data centres
JD.com expands its logistics network to 300 cities

Copyright © 2019 Example News. All rights reserved.
Contact Us | Privacy Policy | Terms of Use
"""

INTERVIEW = """Pony Ma on the future of WeChat

Interviewer: How many people use WeChat today?

Ma: More than 1.1 billion people use WeChat every month, and about half of them also use mini programs.

Interviewer: What comes next?

Ma: We will open more of our tools to partners so that they can serve their own users better.

(End)

Please rate this article
Comments (3)
"""

SPEECHES_ZH = """腾讯高管演讲实录

5月21日，腾讯在全球数字生态大会上公布了大量数据，我们将这些内容做了综合梳理，方便大家理解这家公司的战略。

//

刘炽平-腾讯公司总裁

我们的劳动生产率只相当于美国的八分之一，中国各个产业在降低成本、增加效率方面还有很大的提升空间。

//

产业互联网

//

汤道生-腾讯高级执行副总裁

腾讯全网服务器总量已经超过100万台，是中国首家服务器总量超过百万的公司，也是全球五家服务器数量过百万的公司之一。

腾讯高管演讲实录

推荐阅读:
小程序如何做到日活过亿:这些方法一定要看
100万用户付费的秘密:一个案例讲清楚
社区团购的新机会在哪里
"""

MID_RELATED = """腾讯发布产业互联网战略

腾讯公司总裁刘炽平在大会上表示，腾讯将从消费互联网走向产业互联网，帮助各行各业实现数字化升级，目前已有超过80%的合作伙伴参与其中。

相关阅读
腾讯云服务器突破100万台
微信月活跃用户超过11亿

刘炽平还指出，中国的劳动生产率只有美国的八分之一，提升空间很大，数字技术可以帮助企业降低成本、提高效率，这也是腾讯未来的方向。

汤道生-腾讯高级执行副总裁

汤道生表示，腾讯云的客户数量在过去一年增长了一倍以上，已经服务了数以万计的企业客户，覆盖零售、医疗、教育和出行等领域。
"""


def test_forum_page() -> None:
    body = body_text(FORUM)
    assert body.startswith("马化腾在大会上表示")
    assert body.endswith("服务自己的用户。")
    for chrome in (
        "首页 >",
        "发表于",
        "楼主",
        "回复",
        "积分",
        "分享到",
        "人收藏",
        "立即注册",
        "本版积分规则",
        "返回列表",
    ):
        assert chrome not in body
    # the title line is not body
    assert dropped(FORUM, "马化腾：腾讯将继续投入人工智能")


def test_english_news_page() -> None:
    body = body_text(NEWS_EN)
    # the agency tag in front of the lead is trimmed, the lead is kept
    assert body.startswith("Tencent Holdings said on Tuesday")
    assert kept(NEWS_EN, "more than a million servers")
    assert kept(NEWS_EN, "about 60 percent")
    # an in-article heading and a short closing sentence stay
    assert kept(NEWS_EN, "A bigger cloud")
    assert kept(NEWS_EN, "Tencent's shares rose 2 percent.")
    for chrome in (
        "Home »",
        "Tencent says WeChat tops one billion users",
        "By Jane Smith",
        "Published:",
        "Share this",
        "Related Stories",
        "Alibaba cloud revenue jumps 50 percent",
        "JD.com expands",
        "Copyright",
        "Contact Us",
    ):
        assert dropped(NEWS_EN, chrome), chrome


def test_interview_turns_stay() -> None:
    assert kept(INTERVIEW, "Interviewer: How many people use WeChat today?")
    assert kept(INTERVIEW, "Ma: More than 1.1 billion people use WeChat every month")
    assert kept(INTERVIEW, "Interviewer: What comes next?")
    assert kept(INTERVIEW, "Ma: We will open more of our tools")
    for chrome in ("Pony Ma on the future of WeChat", "(End)", "Please rate", "Comments (3)"):
        assert dropped(INTERVIEW, chrome), chrome


def test_speaker_headings_stay_and_dividers_split_spans() -> None:
    assert kept(SPEECHES_ZH, "刘炽平-腾讯公司总裁")
    assert kept(SPEECHES_ZH, "汤道生-腾讯高级执行副总裁")
    assert kept(SPEECHES_ZH, "八分之一")
    assert kept(SPEECHES_ZH, "超过100万台")
    assert dropped(SPEECHES_ZH, "//")
    # the repeated title near the end and the recommended links after it are furniture
    tail = SPEECHES_ZH.rindex("腾讯高管演讲实录")
    assert all(end <= tail for _, end in find_body(SPEECHES_ZH))
    assert "100万用户付费" not in body_text(SPEECHES_ZH)
    # a heading between two dividers is its own span, so sections can split on it
    assert "产业互联网" in [SPEECHES_ZH[start:end] for start, end in find_body(SPEECHES_ZH)]


def test_related_box_inside_the_article() -> None:
    body = body_text(MID_RELATED)
    assert "相关阅读" not in body
    assert "腾讯云服务器突破100万台" not in body
    assert "微信月活跃用户超过11亿" not in body
    # the article goes on after the box
    assert kept(MID_RELATED, "劳动生产率只有美国的八分之一")
    assert kept(MID_RELATED, "汤道生-腾讯高级执行副总裁")
    assert kept(MID_RELATED, "数以万计的企业客户")


def test_link_cluster_before_a_closing_note() -> None:
    links = [
        "小程序如何做到日活过亿",
        "一个案例讲清楚100万用户付费的秘密",
        "社区团购的新机会在哪里",
        "社交电商的三个增长方法",
        "零售数字化的五个误区",
        "垂直行业如何借力小程序获得收入?",
        "大厂高管谈云计算的下一个十年",
    ]
    prose = (
        "腾讯公司高级执行副总裁在大会上表示，产业互联网的重要性大大加强，腾讯将继续加大投入。\n\n"
    )
    note = "本文由作者授权发布，文中观点不代表本平台立场，转载请联系原作者获得许可并注明出处，谢谢合作。"
    text = "标题\n\n" + prose * 6 + "\n".join(links) + "\n\n" + note + "\n"
    body = body_text(text)
    assert body.count("产业互联网的重要性大大加强") == 6
    assert not any(link in body for link in links)


def test_disclaimer_sentence_ends_the_article() -> None:
    prose = "Tencent said its cloud business has more than a million servers and keeps growing fast.\n\n"
    disclaimer = "Copyright © 2019 Example Media. All rights reserved. Reproduction without permission is prohibited."
    text = "Title\n\n" + prose * 5 + disclaimer + "\n\nPowered by Example CMS 2.0\n"
    assert body_text(text).count("more than a million servers") == 5
    assert dropped(text, "Copyright ©")
    assert dropped(text, "Powered by Example CMS")


def test_share_bar_above_the_article_does_not_end_it() -> None:
    text = (
        "标题\n\n分享到：微信 微博\n\n"
        + "腾讯公司在大会上公布了大量数据，用户规模继续增长。\n\n" * 5
    )
    assert dropped(text, "分享到")
    assert body_text(text).count("腾讯公司在大会上公布了大量数据") == 5


def test_phrases_do_not_drop_sentences() -> None:
    # a furniture phrase inside a sentence of the speech is speech
    text = (
        "标题\n\n腾讯公司总裁在大会上发表了演讲，谈到了未来的发展方向和很多数据。\n\n"
        "用户分享到朋友圈的内容增加了30%。\n\n我们还会继续努力，为用户提供更好的服务。\n"
    )
    assert kept(text, "用户分享到朋友圈的内容增加了30%。")


@pytest.mark.parametrize(
    ("line", "verdict"),
    [
        ("Home > News content", "line:breadcrumb"),
        ("论坛 期权论坛 期权", "line:nav_tokens"),
        ("via:博客园     time:2018/4/12 14:31:53     readed:678", "line:field"),
        ("Keywords Tencent", "line:field_no_colon"),
        ("Commercial News reporter Zhang Luqiao", "line:byline_en"),
        ("(记者 陈梦凡)", "line:byline_zh"),
        ("阅读 1,234", "line:counter"),
        ("0 人收藏", "line:social_counter"),
        ("1929   0", "line:numbers_only"),
        ("精华:", "line:forum_label"),
        ("[Correction: An earlier version misnamed the speaker.]", "line:editorial_note"),
        ("陈梦凡   2018-11-7 00:44", "dateline"),
        ("* * *", "divider"),
        ("您需要登录后才可以回帖 登录 | 立即注册", "trigger:login"),
        ("Download China IT News APP", "trigger:app_banner"),
        ("相关推荐", "trigger:related_zh"),
        ("Related Article", "trigger:related_en"),
        ("User comments", "trigger:comments"),
        ("Contact Us", "trigger:contact"),
        ("扫一扫关注我们", "phrase:扫一扫"),
    ],
)
def test_line_verdicts(line: str, verdict: str) -> None:
    text = (
        f"Page title\n\n{'A long paragraph of the article text, long enough to be prose. ' * 3}\n\n"
    )
    text += line + "\n\n" + "More of the article, which goes on for a while after that line. " * 8
    verdicts = {text[start:end]: why for start, end, why in explain_body(text)}
    assert verdicts[line] == verdict


# ---------------------------------------------------------------------------------------------
# The seed pages


def test_seed_000_english_news_with_comment_box() -> None:
    text = seed("000_48574bf241f505da.txt")
    body = body_text(text)
    assert body.startswith("From April 12 to 13, 2018")
    assert body.endswith("vivid examples of everyone in the various fields. Thank you.")
    for chrome in (
        "Home > News content",
        "via:博客园",
        "Download China IT News APP",
        "Please rate this news",
        "User comments",
    ):
        assert chrome not in body


def test_seed_001_forum_page() -> None:
    text = seed("001_04126f5ed0747034.txt")
    body = body_text(text)
    assert body.startswith(
        "消费互联网之后,腾讯加码产业互联网。"
    )  # the 【财新网】(记者 …) tags are trimmed
    assert body.endswith("也汇聚一条更宽广的河流。")
    assert dropped(text, "Boss说|汤道生:互联网与产业的融合是大势所趋")
    for chrome in (
        "论坛 期权论坛 期权",
        "1929",
        "分享到",
        "人收藏",
        "您需要登录后才可以回帖",
        "本版积分规则",
        "积分:",
        "下载期权论坛手机APP",
    ):
        assert chrome not in body
    assert kept(text, "附汤道生演讲全文:")


def test_seed_002_recommended_links_and_speaker_headings() -> None:
    text = seed("002_f7e51955b27f69e8.txt")
    body = body_text(text)
    assert "100万用户付费每天收入15万:这个小程序挣钱试点一定要看" not in body
    for chrome in ("相关推荐", "推荐中", "推荐服务", "招聘新员工", "//"):
        assert chrome not in body
    assert body.endswith("不被时代甩下车。")
    for heading in (
        "刘炽平-腾讯公司总裁",
        "汤道生-腾讯高级执行副总裁、云与智慧产业事业群总裁",
        "邱跃鹏-腾讯副总裁、腾讯云总裁",
        "梁柱-腾讯公司副总裁",
    ):
        assert kept(text, heading), heading
    # the title, on the first line (printed twice) and repeated below the lead, is not body
    assert "腾讯13位高管发布了这些数据" not in body


def test_seed_003_standfirst_notes_and_download_banner() -> None:
    text = seed("003_3edb3706dee1d4e9.txt")
    body = body_text(text)
    assert body.startswith("TENCENT on May 21 announced")
    assert body.endswith("“Technology for the sake of kindness is part of Tencent’s future.”")
    for chrome in (
        "• Adopts different tack",
        "[Correction:",
        "[Editor’s Note:",
        "Related Stories",
        "Download Digerati50",
        "digital copy of",
    ):
        assert chrome not in body
    assert "No longer a disruptor" not in body
    assert kept(text, "A partner for progress")


def test_seed_004_interview_and_cloud_footer() -> None:
    text = seed("004_3574d1f44ea60117.txt")
    body = body_text(text)
    for chrome in (
        "Source: Internet",
        "Author: User",
        "Keywords Tencent",
        "Related Article",
        "Contact Us",
        "within 5 days",
        "Start building with 50+ products and up to 12 months usage",
        "24/7 Technical Support 6 Free Tickets per Quarter",
        "Alibaba Cloud offers",
    ):
        assert chrome not in body, chrome
    assert kept(text, "Chongqing Business Newspaper: In this session")
    assert kept(text, "MA: I think this can be like a road repair")
    assert kept(text, "over 300 million users")


def _gold_rows() -> list[tuple[str, str]]:
    return [
        (path.name.removesuffix(".jsonl"), json.loads(line)["surface"])
        for path in sorted(GOLD.glob("*.jsonl"))
        for line in path.read_text(encoding="utf-8").splitlines()
        if line.strip()
    ]


@pytest.mark.parametrize(("name", "surface"), _gold_rows())
def test_gold_metrics_are_in_the_body(name: str, surface: str) -> None:
    text = seed(name)
    assert kept(text, T2S.convert(surface))


# ---------------------------------------------------------------------------------------------
# Spans, odd input, speed


def _check_spans(text: str, spans: list[tuple[int, int]]) -> None:
    position = 0
    for start, end in spans:
        assert position <= start < end <= len(text)
        assert text[start:end] == text[start:end].strip()
        position = end


@pytest.mark.parametrize("name", sorted(path.name for path in RAW.glob("*.txt")))
def test_seed_spans_are_ordered_and_trimmed(name: str) -> None:
    text = seed(name)
    _check_spans(text, find_body(text))


@pytest.mark.parametrize(
    "text",
    [
        "",
        "   \n\n\t",
        "\x00\x01\ufffd" * 1000,
        "a",
        "//\n***\n",
        "\r\n".join(["x"] * 1000),
        "【】\n[]\n()",
    ],
)
def test_odd_input(text: str) -> None:
    _check_spans(text, find_body(text))


def test_one_huge_line_is_body() -> None:
    text = "腾讯的用户超过十亿，" * 300_000
    assert find_body(text) == [(0, len(text))]


@settings(max_examples=200, deadline=None)
@given(
    st.text(
        alphabet=st.sampled_from("ab 腾讯。.:>\n\r\t•【】()0123456789分享到相关推荐Related"),
        max_size=400,
    )
)
def test_spans_are_always_valid(text: str) -> None:
    _check_spans(text, find_body(text))


@settings(max_examples=100, deadline=None)
@given(st.text())
def test_never_raises(text: str) -> None:
    _check_spans(text, find_body(text))


# ---------------------------------------------------------------------------------------------
# Rule files


def test_default_rules_load_once() -> None:
    assert load_rules() is load_rules()


@pytest.mark.parametrize(
    ("toml", "message"),
    [
        ("[[line]]\nname = 'broken'\npattern = '(unclosed'\n", "[[line]] rule broken: bad regex"),
        (
            "[[line]]\nname = 'empty'\npattern = '^.*$'\n",
            "[[line]] rule empty: pattern matches the empty line",
        ),
        ("[[line]]\npattern = 'x'\n", "every rule needs a name"),
        (
            "[[trigger]]\nname = 'odd'\ngroup = 'middle'\npattern = '^x$'\n",
            "[[trigger]] rule odd: group must be",
        ),
        (
            "[settings]\nshort_units = 'many'\n",
            "[settings] short_units: must be a non-negative number",
        ),
        ("[settings]\nwidth = 3\n", "[settings] width: unknown setting"),
        ("[phrases]\nshare = 'not a list'\n", "[phrases] share: must be a list"),
        ("not toml [", "cannot read rule file"),
    ],
)
def test_bad_rule_files_name_the_file_and_rule(tmp_path: Path, toml: str, message: str) -> None:
    path = tmp_path / "furniture.toml"
    path.write_text(toml, encoding="utf-8")
    with pytest.raises(BadRule) as error:
        load_rules(path)
    assert str(path) in str(error.value)
    assert message in str(error.value)


def test_custom_rules_are_used(tmp_path: Path) -> None:
    path = tmp_path / "furniture.toml"
    path.write_text("[[line]]\nname = 'sponsor'\npattern = '^sponsored by\\b'\n", encoding="utf-8")
    text = (
        "Title\n\nSponsored by Example Corp\n\n"
        + "The article says a great deal about the cloud. " * 5
    )
    assert kept(text, "Sponsored by Example Corp")  # not a default rule
    assert find_body(text, load_rules(path)) == [(text.index("The article"), len(text.rstrip()))]


# ---------------------------------------------------------------------------------------------
# Fast paths against their plain definitions

DEFAULT_RULES = tomllib.loads(
    resources.files("speeches").joinpath("rules", "furniture.toml").read_text(encoding="utf-8")
)
DEFAULT_PHRASES = DEFAULT_RULES["phrases"]
PHRASE_TEXT = st.text(
    alphabet=st.sampled_from(list("分享到扫一sShareonIıKk 关注我们:") + ["ſ"]), max_size=40
)


@settings(max_examples=500, deadline=None)
@given(PHRASE_TEXT)
def test_phrase_lookahead_changes_no_match(text: str) -> None:
    rules = load_rules()
    literals = sorted(
        {phrase for group in DEFAULT_PHRASES.values() for phrase in group}, key=len, reverse=True
    )
    plain = re.compile("|".join(map(re.escape, literals)), re.IGNORECASE)
    fast, slow = rules.phrases.search(text), plain.search(text)
    assert (fast and (fast.span(), fast.group())) == (slow and (slow.span(), slow.group()))


def test_no_phrases_match_nothing() -> None:
    assert furniture._compile_phrases([]).search("分享到") is None


# The nav_tokens rule as first written (section word first, then the shape); the shipped rule
# tests the shape first, which is faster and must find the same matches.
NAV_TOKENS_PLAIN = re.compile(
    r"^(?=.*(?:论坛|首页|主页|频道|栏目|版块|社区|home|forums?))"
    r"(?:[^\s。！？.!?:：,，]{1,8}\s+){2,}[^\s。！？.!?:：,，]{1,8}$",
    re.IGNORECASE,
)
NAV_TEXT = st.lists(
    st.sampled_from(
        ["论坛", "首页", "期权", "社区", "Home", "forums", "新闻", "abcdefghi", "。", ","]
    )
    | st.text(alphabet=st.sampled_from(list(" \t论坛首页频a!：H")), max_size=4),
    max_size=12,
).map(lambda parts: " ".join(parts))


@settings(max_examples=1000, deadline=None)
@given(NAV_TEXT)
def test_nav_tokens_rule_matches_as_first_written(text: str) -> None:
    rules = {r["name"]: r["pattern"] for r in DEFAULT_RULES["line"]}
    shipped = re.compile(rules["nav_tokens"], re.IGNORECASE)
    fast, slow = shipped.match(text), NAV_TOKENS_PLAIN.match(text)
    assert (fast and fast.span()) == (slow and slow.span())


# --- look-aheads added to the rules for speed change no match ----------------------------

# The rules as they stood before their look-aheads (issue 16), by name.
_BEFORE_LOOKAHEADS = {
    "breadcrumb": r"^(?:[^>»›\n]{0,40}\s*[>»›]\s*){1,8}[^>»›\n]{0,60}$",
    "byline_en": r"""^(?:(?!.*[.!?]["”’']?$).{0,60}\b(?:reporters?|correspondents?|staff writers?|contributing writers?)\b.{0,60}|by\s+(?-i:[A-Z])[\w.'’-]*(?:\s+(?:and\s+)?(?-i:[A-Z])[\w.'’-]*){0,5})$""",  # noqa: E501
    "byline_zh": r"^[(（【\[]?\s*(?:本报|本刊|本台|特约)?(?:记者|通讯员|实习生|编辑|责任编辑|责编|撰文|文|图|摄影|编译|作者)\s*[:：|丨/\s]\s*[\u4e00-\u9fff·\s、,，]{1,30}[)）】\]]?$|^.{0,20}(?:记者|通讯员).{0,20}报道$",  # noqa: E501
    "counter": r"^.{0,60}\b(?:readed|reads|views|hits|阅读|阅读量|浏览|浏览量|点击|点击量|人气)\s*[:：]?\s*\d[\d,]*\s*次?$",  # noqa: E501
    "standalone_app": r"^[\w .&-]{0,40}\bapp$",
    "login": r"^.{0,20}(?:登录后|请登录|请先登录|立即注册|log ?in to|sign in to|you need to log|you must be logged).{0,40}$",  # noqa: E501
    "nav_tokens": NAV_TOKENS_PLAIN.pattern,
    "comments": r"^(?:user comments?|comments?|post (?:a )?comments?|leave a (?:comment|reply)|add (?:a )?comment|reader comments|join the (?:discussion|conversation)|\d+\s+comments?|评论|网友评论|发表评论|我要评论|全部评论|热门评论|最新评论|留言|精选留言|写留言|发表回复|回复本帖)\s*(?:[(（]?\s*\d+\s*[)）]?)?\s*[:：]?$",  # noqa: E501
    "end_mark": r"^[(（【\[-]*\s*(?:完|全文完|end|the end)\s*[)）】\]-]*$",
    "figure_item": r"^(?:[•·▪●◦■□►▶‣∙*+\-–—]|\(?\d{1,2}[.)、．](?!\d)|[(（]\d{1,2}[)）]|[①-⑳]|[一二三四五六七八九十]{1,2}、)\s*\S.*(?:\d|[一二三四五六七八九十百千万亿两]+(?:万|亿|百|千|%|％))",  # noqa: E501
    "lone_button": r"^(?:发布|发表|内容|回复|评论|提交|取消|确定|登录|注册|更多|返回|顶部|返回顶部|返回列表|打印|收藏|关闭|首页|楼主|沙发|板凳|地板|举报|只看该作者|倒序浏览|阅读模式|电梯直达|share|print|email|e-mail|tweet|reply|submit|more|top|back to top|subscribe|login|log in|sign in|sign up|register|advertisement|advertising|sponsored)\s*[:：]?$",  # noqa: E501
}


def _shipped_patterns() -> dict[str, str]:
    data = tomllib.loads(
        resources.files("speeches").joinpath("rules", "furniture.toml").read_text("utf-8")
    )
    return {r["name"]: r["pattern"] for kind in ("line", "trigger", "keep") for r in data[kind]}


def _match(pattern: str, line: str) -> object:
    m = re.match(pattern, line, re.IGNORECASE)
    return m and (m.span(), m.groups())


def test_the_rules_with_lookaheads_are_the_rules_before_them_plus_a_lookahead() -> None:
    shipped = _shipped_patterns()
    for name, before in _BEFORE_LOOKAHEADS.items():
        assert shipped[name] != before and "(?=" in shipped[name], name


@pytest.mark.parametrize("end", ["", "\n", " \n", "  "])
@pytest.mark.parametrize(
    "line",
    ["首页 > APP", "a b 首页 > APP", "论坛 期权论坛 期权", "home news world", "By John Smith",
     "记者 张三", "本报记者 李四 报道", "评论 (12)", "阅读 1,203 次", "全文完", "log in to reply"],
)
def test_the_lookaheads_change_no_match_at_a_line_end(line: str, end: str) -> None:
    # "$" matches before a last newline: a possessive run of words in nav_tokens' look-ahead
    # kept "APP\n" as a word and its space, and the rule missed "首页 > APP\n" (hypothesis
    # found it once in a full run).
    shipped = _shipped_patterns()
    for name, before in _BEFORE_LOOKAHEADS.items():
        assert _match(shipped[name], line + end) == _match(before, line + end), (name, line + end)


@settings(max_examples=400, deadline=None)
@given(data=st.data())
def test_the_lookaheads_change_no_match_on_generated_lines(data: st.DataObject) -> None:
    shipped = _shipped_patterns()
    words = ["reporter", "Correspondents", "staff writers", "readed", "Views", "hits", "阅读量"]
    words += ["人气", "浏览", "点击", "app", "log in to", "sign in to", "请登录", "立即注册"]
    words += ["记者", "通讯员", "报道", "首页 > ", " » "]
    words += ["ſhare", "SHARE", "Log In", "E-mail", "返回顶部", "举报"]
    # line ends the look-aheads read (issue 16, second pass): sentence ends, counters, "app"
    words += ["。", '."', "!”", "?'", "12次", "3,", " \n", "APP\n", "报道\n", "x" * 79]
    # the bounds of the third pass: lengths, a job word's place, spaces, brackets, counts
    words += ["x" * 60, "y" * 20, "长" * 40, "\t", " 论坛 ", "home ", "(", "【", "-", "12 ", "The End"]
    words += ["comments", "评论", "完", "END", "Contributing Writers", "By", "首页", "»"]
    for name, before in _BEFORE_LOOKAHEADS.items():
        alphabet = sorted(set(before) - set("\\") | set("Ss ſK3٣\n\r\u2028"))
        pieces = st.one_of(st.sampled_from(alphabet), st.sampled_from(words))
        head = "".join(data.draw(st.lists(pieces, max_size=12), label=name))
        word = data.draw(st.sampled_from(words))
        tail = data.draw(st.text(st.sampled_from(" :3,次٣pP"), max_size=4))
        line = head + data.draw(st.sampled_from([word + tail, word, ""]))
        line += "".join(data.draw(st.lists(pieces, max_size=12)))
        line = data.draw(st.sampled_from([line, head + word + tail]))
        assert _match(shipped[name], line) == _match(before, line), (name, line)


# Every word of the rules whose look-ahead on first characters is written by hand, as a line
# of its own: a first character the look-ahead lacks fails its line.
_GATED_WORDS = [
    *("User comments", "Post a comment", "Leave a reply", "Add comment", "Reader comments"),
    *("Join the conversation", "网友评论", "发表评论", "我要评论", "全部评论", "热门评论", "最新评论"),
    *("留言", "精选留言", "写留言", "发表回复", "回复本帖", "全文完", "END", "the end", "完", "评论"),
]
# Lines at the edges of the look-aheads: how a line ends (a counter's comma, space or newline,
# a quote after a full stop, "app" before a newline) and lines just past a length bound.
EDGE_LINES = [
    *("阅读 1,234,", "阅读 12 ", "Views: 3 次", "views 3\n", "hits 7\n\n", "人气 9次 "),
    *("阅读 12。", "ſhare", "SUBSCRIBE：", "Sign In :", "sign in\n", "返回顶部 ", "举报 x"),
    *("Staff writer Jane Roe.", 'Staff writer Jane Roe."', "reporter Li!”", "reporter Li\n."),
    *("reporter Li\n", "By Jane Doe\n", "China IT News APP", "China IT News APP\n", "an app\nx"),
    *("北京记者张三报道", "北京记者张三报道\n", "记者张三报道。", "本报记者 张三 北京报道 "),
    *("x" * 20 + "you must be logged" + "y" * 40, "x" * 20 + "you must be logged" + "y" * 41),
    "x" * 20 + "请登录" + "y" * 40 + "\n",
    # lengths and places at the bounds of the look-aheads of the third pass
    *("x" * 60 + " reporter " + "y" * 60, "x" * 60 + " reporter " + "y" * 61, "x" * 61 + " reporter"),
    *("x" * 59 + " contributing writers " + "y" * 59, "x" * 59 + " Reporter " + "y" * 60, "x" * 59 + " ſtaff writers", "a" * 60 + "Correspondents y"),
    *("x" * 20 + "Sign in to" + "y" * 10, "x" * 20 + "ſign in to", "x" * 20 + "登录后"),
    *("北" * 19 + "记者张三报道", "北" * 20 + "通讯员" + "张" * 20 + "报道", "北" * 21 + "记者张报道"),
    *("x" * 40 + "   » News", "x" * 41 + " > News", "x" * 40 + "\n > News", "a » b » c"),
    *("论坛 期权论坛 期权", "论坛 期权论坛 期权 ", "Home  News\tForums", "home news toolongword"),
    *("12 comments", "Comments (3):", "ſ comments", "【全文完】", "- END -", "\tThe End", "(完)"),
    *_GATED_WORDS,
]


@pytest.mark.parametrize("line", EDGE_LINES)
def test_the_lookaheads_change_no_match_at_line_ends(line: str) -> None:
    shipped = _shipped_patterns()
    for name, before in _BEFORE_LOOKAHEADS.items():
        assert _match(shipped[name], line) == _match(before, line), (name, line)


def test_the_edge_lines_hit_the_rules() -> None:
    """The edge lines are matches of the rules, not only lines that miss them all."""
    hits = {
        name
        for name, before in _BEFORE_LOOKAHEADS.items()
        for line in EDGE_LINES
        if _match(before, line)
    }
    assert hits >= {"counter", "byline_en", "byline_zh", "standalone_app", "login", "lone_button"}
    assert hits >= {"breadcrumb", "nav_tokens", "comments", "end_mark"}
    for word in _GATED_WORDS:
        assert _match(_BEFORE_LOOKAHEADS["comments"], word) or _match(
            _BEFORE_LOOKAHEADS["end_mark"], word
        ), word


def test_the_lookaheads_change_no_match_on_the_development_pages() -> None:
    shipped = _shipped_patterns()
    lines = development_lines("heldout/docs")
    assert len(lines) > 1000
    for name, before in _BEFORE_LOOKAHEADS.items():
        for line in lines:
            assert _match(shipped[name], line) == _match(before, line), (name, line)


# --- phrases grouped by their first character (issue 16) -----------------------------------


def _shipped_phrases() -> list[str]:
    data = tomllib.loads(
        resources.files("speeches").joinpath("rules", "furniture.toml").read_text("utf-8")
    )
    literals = [phrase for phrases in data["phrases"].values() for phrase in phrases]
    return sorted(literals, key=len, reverse=True)


def _plain_phrases(literals: list[str]) -> re.Pattern[str]:
    """The phrase pattern as first written: a branch per phrase."""
    first = "".join(sorted({re.escape(literal[0]) for literal in literals}))
    return re.compile(f"(?=[{first}])(?:{'|'.join(map(re.escape, literals))})", re.IGNORECASE)


_PHRASE_BITS = ["share", "SHARE", "ſhare", "sign in", "SIGN IN", "ſign ın", "分享到", "登录后"]


@settings(max_examples=500, deadline=None)
@given(st.lists(st.sampled_from([*_PHRASE_BITS, " ", "x", "s", "登录", "Cookie"]), max_size=8))
def test_phrases_grouped_by_first_character_match_as_the_plain_alternation(
    parts: list[str],
) -> None:
    text = "".join(parts)
    literals = _shipped_phrases()
    plain = _plain_phrases(literals)
    grouped = load_rules().phrases
    assert grouped.pattern != plain.pattern  # (grouped indeed)
    assert [m.span() for m in grouped.finditer(text)] == [m.span() for m in plain.finditer(text)]


def test_phrases_grouped_by_first_character_on_the_development_lines() -> None:
    plain = _plain_phrases(_shipped_phrases())
    grouped = load_rules().phrases
    found = 0
    for line in development_lines("heldout/docs", "fresh/docs"):
        spans = [m.span() for m in plain.finditer(line)]
        assert [m.span() for m in grouped.finditer(line)] == spans, line
        found += bool(spans)
    assert found > 5  # (11 lines when this was written)


# --- matched rule groups behind a look-ahead on each rule's first characters (issue 16) ----

_GROUPS = ("line", "triggers", "prose_line", "prefix", "keep")


def _plain_groups() -> furniture.FurnitureRules:
    """The shipped rules compiled as first written: each rule as it stands in the file."""
    plain = pure("speeches.stages.furniture")
    plain._compile_group = lambda patterns, anchored=True: re.compile(
        "|".join(f"(?P<{n}>{p})" for n, p in patterns) or "(?!)", re.IGNORECASE
    )
    return plain._parse_rules(tomllib.loads(DEFAULT_RULES_TEXT), "furniture.toml")


DEFAULT_RULES_TEXT = (
    resources.files("speeches").joinpath("rules", "furniture.toml").read_text(encoding="utf-8")
)


def _verdicts(rules: furniture.FurnitureRules, line: str) -> list[tuple[str, object]]:
    out: list[tuple[str, object]] = []
    for group in _GROUPS:
        m = getattr(rules, group).match(line)
        out.append((group, m and (m.span(), m.lastgroup)))
    return out


def test_rule_groups_match_as_written_on_the_development_lines() -> None:
    plain, shipped = _plain_groups(), load_rules()
    assert shipped.line.pattern != plain.line.pattern  # (look-aheads indeed)
    matched = 0
    for line in development_lines("heldout/docs", "fresh/docs"):
        verdicts = _verdicts(plain, line)
        assert _verdicts(shipped, line) == verdicts, line
        matched += any(v for _, v in verdicts)
    assert matched > 50  # (85 lines when this was written)


@settings(max_examples=500, deadline=None)
@given(
    st.lists(
        st.sampled_from(
            ["Home", " > ", "分享到", "share", "ſhare", "SHARE", "相关阅读", "Related", "stories",
             ":", "：", "2019", "年", "下载", "app", "【", "新华社", "】", "(", "记者", ")", "•",
             "1.", "用户", "3亿", "by ", "Jane Roe", "版权所有", "©", " ", "x", "İ", "K"]
        ),  # fmt: skip
        max_size=8,
    )
)
def test_rule_groups_match_as_written(parts: list[str]) -> None:
    line = "".join(parts).strip()
    assert _verdicts(load_rules(), line) == _verdicts(_PLAIN_RULES, line)


_PLAIN_RULES = _plain_groups()


# --- the rule groups a line is tried against in turn, joined into one pass each (issue 16) ---


def _separate_groups() -> dict[str, re.Pattern[str]]:
    """The trigger and line rules in the groups they were tried in one after the other."""
    data = tomllib.loads(DEFAULT_RULES_TEXT)

    def group(rules: list[dict[str, object]]) -> re.Pattern[str]:
        alternatives = "|".join(f"(?P<{r['name']}>{r['pattern']})" for r in rules)
        return re.compile(alternatives or "(?!)", re.IGNORECASE)

    triggers = data["trigger"]
    return {
        "related": group([r for r in triggers if r.get("group", "end") == "related"]),
        "end": group([r for r in triggers if r.get("group", "end") == "end"]),
        "end_prose": group([r for r in triggers if r.get("group", "end") == "end" and r.get("prose")]),
        "line": group(data["line"]),
    }


def plain_rule_verdict(
    text: str, prose: bool, units: int, groups: dict[str, re.Pattern[str]]
) -> tuple[str, str | None] | None:
    """furniture._rule_verdict trying the groups one after the other, as it first did."""
    rules = load_rules()
    if re.match(r"^[\W_]*$", text):
        return "divider", None
    if len(text) > rules.settings["max_rule_chars"]:
        return None
    if not prose:
        if m := groups["related"].match(text):
            return f"trigger:{m.lastgroup}", "related"
        if m := groups["end"].match(text):
            return f"trigger:{m.lastgroup}", "end"
        if units <= rules.settings["phrase_units"] and (m := rules.phrases.search(text)):
            return f"phrase:{m.group().casefold()}", None
    elif m := groups["end_prose"].match(text):
        return f"trigger:{m.lastgroup}", "end"
    if m := groups["line"].match(text):
        return f"line:{m.lastgroup}", None
    if len(text) <= DATELINE_MAX_CHARS and re.search(r"\d", text) and is_dateline(text):
        return "dateline", None
    return None


_TRIGGER_LINES = [
    *("Related Stories", "相关阅读", "推荐阅读：", "Comments (3)", "评论", "© 2020 Example"),
    *("Copyright 2021 Example Inc.", "免责声明：本文仅代表作者观点。", "Share this: Twitter"),
    *("(完)", "Contact us", "下载客户端 app", "Home > News", "By Jane Doe", "更多", "More"),
]


def test_one_pass_per_group_gives_the_verdicts_of_the_groups_in_turn() -> None:
    groups, rules = _separate_groups(), load_rules()
    seen: set[object] = set()
    for line in [*development_lines("heldout/docs", "fresh/docs"), *_TRIGGER_LINES]:
        units = text_units(line)
        for prose in (False, True):
            verdict = plain_rule_verdict(line, prose, units, groups)
            assert furniture._rule_verdict(line, prose, units, rules) == verdict, (line, prose)
            seen.add(verdict and verdict[1])
    assert seen >= {None, "related", "end"}


def test_the_first_characters_of_the_unbounded_rules_change_no_match_for_any_character() -> None:
    """Every character of the Basic Multilingual Plane at the start of a line that would match
    but for its first character: the rules gated by their first characters match as before."""
    shipped = _shipped_patterns()
    tails = {"comments": ["comments", " comments", "2 comments"], "end_mark": ["end", " 完", "完)"]}
    tails["figure_item"] = [" 用户3亿", "2. 用户3亿", "2) 3亿", "、 3亿"]
    for name, rests in tails.items():
        before = re.compile(_BEFORE_LOOKAHEADS[name], re.IGNORECASE)
        after = re.compile(shipped[name], re.IGNORECASE)
        for code in range(0x10000):
            for rest in rests:
                line = chr(code) + rest
                old, new = before.match(line), after.match(line)
                assert (new and new.span()) == (old and old.span()), (name, line)
