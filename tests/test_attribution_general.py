"""Attribution classes of issue 13, each on sentences written for these tests, with a
must-not case beside it; and the reasons sections record (`show --why`)."""

from __future__ import annotations

from pathlib import Path

import pytest

from conftest import attribute, section_at, speaker_at
from speeches.errors import BadRule
from speeches.models import Document
from speeches.rules.speakers import load_registry
from speeches.stages.normalize import normalize
from speeches.stages.sections import Attributor, cues
from speeches.write.worker import context

# -- attribution after the quote ------------------------------------------------------------


def test_a_closing_attribution_covers_the_whole_quotation() -> None:
    doc = attribute(
        "会场气氛热烈。“我们的小程序已经有4亿用户。明年还会增长30%。”马化腾说道。\n"
        "会后公司股价上涨了5%。"
    )
    assert speaker_at(doc, "4亿用户") == "马化腾"
    assert speaker_at(doc, "30%") == "马化腾"
    assert speaker_at(doc, "会场气氛热烈") is None  # before the quotation opens
    assert speaker_at(doc, "5%") is None  # the next paragraph is the reporter's


def test_a_closing_attribution_on_its_own_line() -> None:
    doc = attribute("“我们接入了超过500家医院,覆盖了全国一半的省份。”\n李彦宏说道。\n")
    assert speaker_at(doc, "500家医院") == "李彦宏"


def test_a_quotation_closed_by_someone_else_keeps_its_own_speaker() -> None:
    doc = attribute("“这是一个好时代。”马化腾说。“我们有2亿用户。”李彦宏说。")
    assert speaker_at(doc, "2亿用户") == "李彦宏"
    assert speaker_at(doc, "好时代") == "马化腾"


def test_english_quote_closed_by_said_name() -> None:
    doc = attribute(
        'Microsoft chief executive Steve Ballmer spoke on Monday. "Windows has 400 million '
        'users. About 20% of them upgraded," said Ballmer. Shares rose 3%.'
    )
    assert speaker_at(doc, "400 million") == "Steve Ballmer"
    assert speaker_at(doc, "20%") == "Steve Ballmer"
    assert speaker_at(doc, "3%") is None


def test_english_quote_closed_by_name_said() -> None:
    doc = attribute(
        "Spotify founder Daniel Ek took the stage.\n"
        '"We passed 100 million subscribers. Nearly 40% are in Europe," Ek said.\n'
    )
    assert speaker_at(doc, "100 million") == "Daniel Ek"
    assert speaker_at(doc, "40%") == "Daniel Ek"
    assert speaker_at(doc, "took the stage") is None


# -- openers carry --------------------------------------------------------------------------


def test_reported_speech_opener_carries_through_its_paragraph() -> None:
    doc = attribute(
        "李彦宏表示,中国正在改变世界科技的走向。人工智能论文数量占全球25%。\n百度股价当天上涨了2%。"
    )
    assert speaker_at(doc, "25%") == "李彦宏"
    assert speaker_at(doc, "2%") is None  # a new paragraph has no opener


def test_the_reporter_own_information_stops_the_carry() -> None:
    doc = attribute("钟远河表示,需求远未满足。据本报了解,该公司拥有50多万台服务器。")
    assert speaker_at(doc, "需求") == "钟远河"
    assert speaker_at(doc, "50多万台") is None
    assert "reporter" in (section_at(doc, "50多万台").reason or "")


def test_a_quotation_with_a_trailing_attribution_does_not_carry() -> None:
    doc = attribute('"We serve 1,000 hospitals," Pony Ma said. The firm employs 300 doctors.')
    assert speaker_at(doc, "1,000") == "马化腾"
    assert speaker_at(doc, "300 doctors") is None


@pytest.mark.parametrize(
    ("text", "needle", "speaker"),
    [
        ("李彦宏出席论坛。\n他进一步指出,云计算渗透率达到了30%。", "30%", "李彦宏"),
        ("Pony Ma spoke in Beijing.\nHe added that half of all users pay.", "half", "马化腾"),
        ("李彦宏出席论坛。\n他们的报告说渗透率达到了30%。", "30%", None),  # 他们: not him
    ],
)
def test_pronoun_continuations(text: str, needle: str, speaker: str | None) -> None:
    assert speaker_at(attribute(text), needle) == speaker


def test_a_colon_lead_in_carries_to_the_list_it_introduces() -> None:
    doc = attribute(
        "马化腾出席了大会。\n他给出了一组数据:\n"
        "• 微信用户超过12亿\n• 小程序日活超过4亿\n"
        "会场座无虚席,约有3000名观众。\n"
    )
    assert speaker_at(doc, "12亿") == "马化腾"
    assert speaker_at(doc, "4亿") == "马化腾"
    assert speaker_at(doc, "3000名") is None  # the list is over
    assert "lead-in" in (section_at(doc, "12亿").reason or "")


def test_according_to_name_lead_in_carries_to_bullets() -> None:
    doc = attribute(
        "Dowson Tong gave a keynote.\nAccording to Tong, every week:\n"
        "• 300 million users watch videos\n• 50% of them share one\n\n"
        "The event drew 2,000 people.\n"
    )
    assert speaker_at(doc, "300 million") == "汤道生"
    assert speaker_at(doc, "50%") == "汤道生"
    assert speaker_at(doc, "2,000") is None


def test_below_are_his_comments_introduces_the_next_paragraph() -> None:
    doc = attribute(
        "Martin Lau joined the call.\nBelow are his comments:\n"
        "Our mini programs reached 500 million daily users.\n"
        "The stock fell 2% afterwards.\n"
    )
    assert speaker_at(doc, "500 million") == "刘炽平"
    assert speaker_at(doc, "2%") is None  # only the paragraph the lead-in introduces


def test_a_colon_without_a_person_leads_in_nothing() -> None:
    doc = attribute("本季度的核心数据如下:\n• 月活用户达14亿\n• 收入增长13%\n")
    assert speaker_at(doc, "14亿") is None


# -- first-person posts and letters --------------------------------------------------------


def test_a_first_person_letter_is_its_author() -> None:
    doc = attribute(
        "亲爱的同事们:\n过去一年,我们的用户突破了3亿。\n感谢大家。\n",
        title="雷军致全体员工的一封信",
    )
    assert speaker_at(doc, "3亿") == "雷军"
    assert "author" in (section_at(doc, "3亿").reason or "")


def test_first_person_in_a_news_story_is_not_the_title_person() -> None:
    doc = attribute("小米公布了财报。\n我们注意到,用户突破了3亿。\n", title="雷军出席小米财报会")
    assert speaker_at(doc, "3亿") is None


# -- speaker lines ----------------------------------------------------------------------------


def test_a_registered_name_alone_on_a_line_opens_a_turn() -> None:
    doc = attribute("大会实录\n\n马化腾\n\n我们的服务器超过100万台。\n")
    assert speaker_at(doc, "100万台") == "马化腾"


def test_a_topic_line_is_not_a_speaker_line() -> None:
    doc = attribute("Modular Data Centers\nThe campus holds 300,000 servers.\n")
    assert speaker_at(doc, "300,000") is None


def test_bullet_name_dash_title_is_a_speaker_heading() -> None:
    doc = attribute("• Martin Lau - President\nWe now serve 2,000 hospitals.\n")
    assert speaker_at(doc, "2,000") == "刘炽平"


def test_earnings_call_turns() -> None:
    doc = attribute(
        "Operator\nOur first question comes from Jane Roe of Morgan Stanley.\n"
        "Jane Roe -- Morgan Stanley -- Analyst\nIs 30% growth sustainable?\n"
        "Martin Lau -- President\nWe think 25% is more realistic.\n"
        "John Doe -- Chief Financial Officer\nMargins reached 48%.\n"
    )
    assert speaker_at(doc, "Our first question") is None  # the operator speaks for nobody
    assert speaker_at(doc, "30%") is None  # an analyst's question
    assert speaker_at(doc, "25%") == "刘炽平"
    assert speaker_at(doc, "48%") == "John Doe"


def test_capital_labels_and_a_new_label_never_inherits() -> None:
    doc = attribute(
        "INTERVIEWER: How many users?\nPONY MA: Over 1 billion.\nJANE ROE: We have 20 million.\n"
    )
    assert speaker_at(doc, "How many") is None
    assert speaker_at(doc, "1 billion") == "马化腾"
    assert speaker_at(doc, "20 million") == "JANE ROE"


# -- reporting verbs -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "speaker"),
    [
        ("Ballmer told analysts that 90% of PCs run Windows, Steve Ballmer said.", "Steve Ballmer"),
        ("Martin Lau told analysts that ads grew 20%.", "刘炽平"),
        ("Revenue grew 20%, according to CEO Pony Ma.", "马化腾"),
        ("Revenue grew 20%, according to the company's filing.", None),
        ("馬化騰重申,微信用戶已超過10億。", "马化腾"),
        ("張忠謀宣示,台積電的市佔率將達到50%。", "张忠谋"),
        ("朱順炎希望,醫鹿的用戶可以達到1000萬。", "朱顺炎"),
    ],
)
def test_reporting_verbs(text: str, speaker: str | None) -> None:
    doc = attribute(text)
    needle = next(w for w in ("90%", "20%", "10億", "50%", "1000萬") if w in text)
    assert speaker_at(doc, needle) == speaker


def test_no_speaker_from_a_date_phrase() -> None:
    doc = attribute("該公司已於本月宣布,用戶突破了500萬。")
    assert speaker_at(doc, "500萬") is None


# -- headlines ------------------------------------------------------------------------------


def _headline_doc(title_line: str, body: str) -> Document:
    text = normalize(f"{title_line}\n\n{body}\n")
    doc = Document(source_path="t.txt", raw=text, text=text, title=title_line)
    from speeches.stages.furniture import find_body

    doc.body = find_body(text)
    return context().attributor.run(doc)


def test_a_headline_is_a_section_of_its_own_with_no_speaker() -> None:
    doc = _headline_doc(
        "某App日活过2亿",
        "该公司昨天公布了最新的运营数据,日活跃用户已经超过了两亿,同比增长了三成左右。",
    )
    head = doc.sections[0]
    assert head.kind == "headline" and head.speaker is None
    assert doc.text[head.start : head.end] == "某App日活过2亿"


def test_a_headline_that_names_its_speaker() -> None:
    doc = _headline_doc(
        "王兴:美团用户达3.4亿",
        "美团首席执行官在昨天的发布会上介绍了公司的最新进展,并回答了记者的提问,现场气氛热烈。",
    )
    assert doc.sections[0].kind == "headline"
    assert doc.sections[0].speaker == "王兴"


@pytest.mark.parametrize(
    ("title_line", "body", "speaker"),
    [
        (
            "钟远河:数据中心服务器超过50万台",
            "腾讯数据中心负责人钟远河表示,中国数据中心的需求还远远没有得到满足和释放。",
            "钟远河",
        ),
        (
            "金山云:付费用户突破100万",
            "金山云今天发布了最新的季度财报,营收保持增长,付费客户数量也在持续增加当中。",
            None,  # a company: no job title names it
        ),
    ],
)
def test_an_unregistered_headline_name_needs_a_job_title_in_the_body(
    title_line: str, body: str, speaker: str | None
) -> None:
    doc = _headline_doc(title_line, body)
    assert doc.sections[0].kind == "headline"
    assert doc.sections[0].speaker == speaker


def test_an_opener_carries_a_bounded_number_of_sentences() -> None:
    filler = "".join(f"第{i}项业务增长了{i}%。" for i in range(1, 13))
    doc = attribute(f"马化腾表示,今年表现很好。{filler}")
    assert speaker_at(doc, "增长了1%") == "马化腾"
    assert speaker_at(doc, "增长了12%") is None


@pytest.mark.parametrize("byline", ["赵小明作者", "记者 张三", "文/李四"])
def test_a_byline_is_not_the_headline(byline: str) -> None:
    from speeches.stages.metadata import find_title

    text = f"{byline}\n\n某App日活过2亿,腾讯切入医疗核心\n\n正文在此,讲了很多事情。\n"
    assert find_title(text)[0] == "某App日活过2亿,腾讯切入医疗核心"
    # must-not: a headline that merely ends in 作者 stays the headline
    other = "致敬十万名网络作者\n\n正文在此,讲了很多事情。\n"
    assert find_title(other)[0] == "致敬十万名网络作者"


def test_headline_metrics_are_extracted() -> None:
    from speeches.stages.extract import run

    doc = run(
        _headline_doc(
            "腾讯:服务器超过100万台",
            "腾讯在昨天举行的技术大会上介绍了基础设施的演进,并公布了一组运营数据,现场观众很多。",
        )
    )
    assert any(m.kind == "servers" and m.value == 1e6 and m.speaker is None for m in doc.metrics)


# -- explain it ---------------------------------------------------------------------------------


def test_every_section_has_a_reason() -> None:
    doc = attribute("李彦宏表示,渗透率达到了30%。\n记者:还会增长吗?\n李彦宏:会的。\n天气很好。\n")
    assert all(s.reason for s in doc.sections)
    assert "李彦宏表示" in (section_at(doc, "30%").reason or "")
    assert "记者" in (section_at(doc, "还会增长吗").reason or "")


def test_user_attribution_file_adds_a_verb(tmp_path: Path) -> None:
    extra = tmp_path / "cues.toml"
    extra.write_text('verbs_zh = ["爆料"]\n', encoding="utf-8")
    registry = load_registry()
    mine = Attributor(registry, context().attributor.common_words, extra)
    text = "马化腾爆料,微信用户已超过12亿。"
    assert speaker_at(attribute(text, attributor=mine), "12亿") == "马化腾"
    assert speaker_at(attribute(text), "12亿") is None  # the shipped cues lack 爆料


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ('verbs_zh = ["爆料", ""]\n', "verbs_zh: item #2"),
        ('verbz_zh = ["爆料"]\n', "verbz_zh: unknown entry"),
        ('verbs_en = "said"\n', "verbs_en: must be a list"),
        ("narration_zh = ['据(']\n", "narration_zh: item #1"),
        ("divider = '('\n", "divider: bad regex"),
        ('replace = ["nothing"]\n', "replace: item #1"),
        ("verbs_zh = [\n", "not valid TOML"),
    ],
)
def test_bad_attribution_file_is_rejected_naming_file_and_entry(
    tmp_path: Path, content: str, message: str
) -> None:
    bad = tmp_path / "bad.toml"
    bad.write_text(content, encoding="utf-8")
    with pytest.raises(BadRule) as err:
        cues(bad)
    assert str(bad) in str(err.value) and message in str(err.value)


# -- the CLI: show --why, ingest/extract --attribution ------------------------------------------


def _page(tmp_path: Path) -> Path:
    raw = tmp_path / "raw"
    raw.mkdir()
    (raw / "p.txt").write_text(
        "某公司发布新产品\n\n昨天的发布会上,产品负责人做了介绍,现场来了很多媒体记者和合作伙伴。\n\n"
        "马化腾爆料,微信的用户已经超过了12亿,小程序的日活跃用户超过了4亿。\n",
        encoding="utf-8",
    )
    return raw


def test_show_why_prints_the_reason_of_each_section(tmp_path: Path) -> None:
    from conftest import run

    raw, store = _page(tmp_path), tmp_path / "s"
    assert run("ingest", str(raw), "--store", str(store), "-q").exit_code == 0
    out = run("show", "p.txt", "--store", str(store), "--why")
    assert out.exit_code == 0, out.output
    assert "why: headline: the outlet's words" in out.stdout
    assert "why: narration: no attribution cue" in out.stdout
    plain = run("show", "p.txt", "--store", str(store))
    assert "why:" not in plain.stdout


def test_extract_with_an_attribution_file_redoes_the_speakers(tmp_path: Path) -> None:
    import json

    from conftest import run
    from speeches import store as st

    raw, store = _page(tmp_path), tmp_path / "s"
    cues_file = tmp_path / "cues.toml"
    cues_file.write_text('verbs_zh = ["爆料"]\n', encoding="utf-8")
    assert run("ingest", str(raw), "--store", str(store), "-q").exit_code == 0

    def speakers() -> set[str | None]:
        out = run("metrics", "--kind", "users", "--format", "json", "--store", str(store))
        return {r["speaker"] for r in json.loads(out.stdout)}

    assert speakers() == {None}
    result = run("extract", "--store", str(store), "--attribution", str(cues_file))
    assert result.exit_code == 0, result.output
    assert speakers() == {"马化腾"}
    sections = st.read_table(store, "sections")
    tokens = st.read_table(store, "tokens")
    assert "reporting verb: 马化腾爆料" in set(sections["reason"])
    # every token still lies inside the section it points at
    spans = {int(r.section_id): (int(r.start), int(r.end)) for r in sections.itertuples()}
    assert all(
        spans[int(t.section_id)][0] <= int(t.start) < spans[int(t.section_id)][1]
        for t in tokens.itertuples()
        if int(t.section_id) in spans
    )
    bad = tmp_path / "bad.toml"
    bad.write_text('verbs_zh = [""]\n', encoding="utf-8")
    failed = run("ingest", str(raw), "--store", str(tmp_path / "s2"), "--attribution", str(bad))
    assert failed.exit_code != 0 and "bad.toml" in failed.output


@pytest.mark.parametrize(
    ("text", "speaker"),
    [
        ('Spotify’s Daniel Ek spoke. "Nearly 40% of listeners pay," Ek said.', "Daniel Ek"),
        (
            'Jane Smith, chief executive of Foo, spoke. "We have 100 million users," Smith said.',
            "Jane Smith",
        ),
        ('The hall was full. "We have 100 million users," Smith said.', None),  # never introduced
    ],
)
def test_a_person_introduced_once_is_then_named_by_surname(text: str, speaker: str | None) -> None:
    needle = "40%" if "40%" in text else "100 million"
    assert speaker_at(attribute(text), needle) == speaker


def test_an_earnings_call_page_with_participants_and_bare_name_turns() -> None:
    doc = attribute(
        "Executives\nAmy Chen - CFO\nAnalysts\nBob Stone - Acme Securities\n"
        "Operator\nOur first question comes from Carl Wu of Beta Capital.\n"
        "Carl Wu\nCan paying users pass 30%?\n"
        "Amy Chen\nWe think 25% is realistic.\n"
        "Bob Stone\nIs 40% of revenue from ads?\n",
        title="Foo Inc Q2 2024 Earnings Call Transcript",
    )
    assert speaker_at(doc, "30%") is None  # introduced by the operator as the questioner
    assert speaker_at(doc, "25%") == "Amy Chen"  # a bare name line on a transcript's page
    assert speaker_at(doc, "40%") is None  # listed under Analysts


def test_q_dash_name_is_a_question_and_bullet_labels_are_labels() -> None:
    doc = attribute(
        "Q - Dan Roe\nIs 38% of abuse flagged now?\n"
        "  • Operator:\n    Next, 12% of lines are muted.\n"
        "  • Martin Lau:\n    About 20% of revenue is video.\n"
    )
    assert speaker_at(doc, "38%") is None
    assert speaker_at(doc, "12%") is None
    assert speaker_at(doc, "20%") == "刘炽平"


def test_transcript_chrome_lines_are_no_speakers() -> None:
    doc = attribute(
        "Loading Transcript\nPrepared Remarks\nRevenue grew 12% this quarter.\n",
        title="Foo Inc Q2 2024 Earnings Call Transcript",
    )
    assert speaker_at(doc, "12%") is None


@pytest.mark.parametrize(
    ("after", "speaker"),
    [
        ("会上,腾讯副总裁丁珂用一组数字对过去一年做了小结。", "丁珂"),
        ("丁珂表示,这只是一个开始。", "丁珂"),
        ("丁珂出生于广东,毕业于中山大学。", None),  # named, but not speaking
        ("会场里坐满了来自各地的医生。", None),  # nobody named
    ],
)
def test_a_quotation_paragraph_attributed_by_the_next_paragraph(
    after: str, speaker: str | None
) -> None:
    doc = attribute(f"“过去一年,我们接入了近300家医院,服务了160万名患者……”\n\n{after}\n")
    assert speaker_at(doc, "300家医院") == speaker


def test_a_paragraph_of_two_quotations_is_not_taken_whole() -> None:
    doc = attribute("“我们有300家医院。”记者看到,“我们有2亿用户。”\n\n丁珂表示,这只是开始。\n")
    assert speaker_at(doc, "300家医院") is None


def test_a_post_by_the_byline_author() -> None:
    text = normalize(
        "An open letter to our customers\nBy Jane Roe\n\n"
        "This year we passed 10 million users, and I want to thank you.\n"
    )
    from speeches.stages.furniture import find_body

    doc = Document(
        source_path="t.txt", raw=text, text=text, title="An open letter to our customers"
    )
    doc.body = find_body(text)
    doc = context().attributor.run(doc)
    assert speaker_at(doc, "10 million") == "Jane Roe"
    news = text.replace("An open letter to our customers", "Foo passes a milestone")
    doc = Document(source_path="t.txt", raw=news, text=news, title="Foo passes a milestone")
    doc.body = find_body(news)
    doc = context().attributor.run(doc)
    assert speaker_at(doc, "10 million") is None  # a reporter's byline on a news story


@pytest.mark.parametrize(
    ("text", "needle"),
    [
        ("Pony Ma said growth was strong. The company said it has 1.3 billion users.", "1.3"),
        ("马化腾表示,增长强劲。腾讯方面称,微信用户达13亿。", "13亿"),
        ("马化腾表示,增长强劲。据悉,微信用户达13亿。", "13亿"),
    ],
)
def test_the_company_or_the_reporter_stops_the_carry(text: str, needle: str) -> None:
    doc = attribute(text)
    assert speaker_at(doc, needle) is None
    assert speaker_at(doc, "growth" if "growth" in text else "增长强劲") == "马化腾"
