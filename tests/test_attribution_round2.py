"""Attribution classes of issue 13, round 2: each rule on sentences written for these tests,
with a must-not case beside it."""

from __future__ import annotations

from conftest import attribute, speaker_at
from speeches.models import Document
from speeches.stages.furniture import find_body
from speeches.stages.normalize import normalize
from speeches.write.worker import context


def with_headline(title_line: str, body: str) -> Document:
    text = normalize(f"{title_line}\n\n{body}\n")
    doc = Document(source_path="t.txt", raw=text, text=text, title=title_line)
    doc.body = find_body(text)
    return context().attributor.run(doc)


# -- a Chinese name right after Latin letters -------------------------------------------------


def test_a_registry_name_after_latin_letters_is_found() -> None:
    doc = attribute("百度董事长兼CEO李彦宏表示,搜索每天服务超过5亿用户。")
    assert speaker_at(doc, "5亿用户") == "李彦宏"


def test_a_latin_short_name_inside_a_word_is_still_no_name() -> None:
    doc = attribute("Pony Ma spoke first. Dharma said 30% of the hall was empty.")
    assert speaker_at(doc, "30%") is None


# -- headlines that report their speaker ----------------------------------------------------


def test_a_headline_that_reports_its_speaker() -> None:
    doc = with_headline(
        "Jane Roe reveals that Foo has 30 million daily users",
        "The chief executive spoke to investors on Tuesday about the quarter and the year ahead.",
    )
    assert doc.sections[0].kind == "headline"
    assert doc.sections[0].speaker == "Jane Roe"


def test_a_headline_where_a_company_speaks_has_no_speaker() -> None:
    doc = with_headline(
        "Foo says it has 30 million daily users",
        "The firm spoke to investors on Tuesday about the quarter and the year ahead of it.",
    )
    assert doc.sections[0].kind == "headline"
    assert doc.sections[0].speaker is None


def test_a_name_before_a_quoted_topic_and_a_colon_opens_the_line() -> None:
    doc = attribute("刘强东谈“十年计划”:京东年度活跃用户超过5亿\n谈“十年计划”:行业用户超过8亿\n")
    assert speaker_at(doc, "5亿") == "刘强东"
    assert speaker_at(doc, "8亿") is None


# -- English reporting forms ----------------------------------------------------------------


def test_has_said_after_a_titled_name() -> None:
    doc = attribute(
        "Foo now has 30 million users, chief executive Jane Roe has said.\n"
        "Bar now has 20 million users, the company has said.\n"
    )
    assert speaker_at(doc, "30 million") == "Jane Roe"
    assert speaker_at(doc, "20 million") is None


def test_doubled_single_quotes_close_a_quotation_for_its_attribution() -> None:
    doc = attribute(
        "Jane Roe, chief executive of Foo, spoke on Monday.\n"
        "Foo holds a 20% share. ‘‘We grew 30% last year. We serve 5,000 hospitals,’’ she elaborated.\n"
    )
    assert speaker_at(doc, "30%") == "Jane Roe"
    assert speaker_at(doc, "5,000 hospitals") == "Jane Roe"
    assert speaker_at(doc, "20% share") is None  # before the quotation opens


def test_according_to_a_pronoun() -> None:
    doc = attribute(
        "Jane Roe said Foo had a good year.\n\nAccording to her, 40% of clinics now use Foo.\n\n"
        "According to the report, 10% of clinics use Bar.\n"
    )
    assert speaker_at(doc, "40% of clinics") == "Jane Roe"
    assert speaker_at(doc, "10% of clinics") is None


def test_a_name_with_initials() -> None:
    doc = attribute(
        "Foo has 20 million users in Malaysia, senior vice president K.T. Wong said on Monday.\n\n"
        "Rivals are catching up.\n\n"
        "\u201cWe added 3 million more this year,\u201d Wong said.\n"
    )
    assert speaker_at(doc, "20 million") == "K.T. Wong"
    assert speaker_at(doc, "3 million") == "K.T. Wong"


def test_initials_alone_name_nobody() -> None:
    doc = attribute("The U.S. said 30% of hospitals had filed.\n")
    assert speaker_at(doc, "30%") is None


# -- the reporter's data after a speaker ----------------------------------------------------


def test_a_survey_sentence_is_the_reporters() -> None:
    doc = attribute(
        "Jane Roe said Foo serves 900 hospitals. A 2019 industry survey shows that 30% of "
        "hospitals use no software at all.\n"
    )
    assert speaker_at(doc, "900 hospitals") == "Jane Roe"
    assert speaker_at(doc, "30% of") is None


def test_a_survey_the_speaker_quotes_stays_theirs() -> None:
    doc = attribute('"Our own survey shows that 30% of clinics want it," Jane Roe said.\n')
    assert speaker_at(doc, "30% of") == "Jane Roe"


def test_a_research_report_sentence_is_the_reporters_in_chinese() -> None:
    doc = attribute("王小明宣布了新的目标。市场研究公司的报告中,该品牌以17%的份额排名第二。")
    assert speaker_at(doc, "17%") is None
    doc = attribute("王小明在报告中表示,用户增长了30%。")
    assert speaker_at(doc, "30%") == "王小明"


def test_a_data_paragraph_after_labelled_answers_ends_the_interview() -> None:
    doc = attribute(
        "Jane Roe, founder and CEO of Foo, sat down with us.\n"
        "Q: How many hospitals use Foo?\nA: About 900 hospitals.\n"
        "A 2020 survey of hospitals shows that 40% of them still use paper.\n",
        title="Interview: Foo's Jane Roe",
    )
    assert speaker_at(doc, "900 hospitals") == "Jane Roe"
    assert speaker_at(doc, "40% of them") is None


def test_an_unlabelled_paragraph_after_an_answer_goes_on_with_it() -> None:
    doc = attribute(
        "Jane Roe, founder and CEO of Foo, sat down with us.\n"
        "Q: How many hospitals use Foo?\nA: About 900 hospitals.\n"
        "We also serve 300 clinics across the country.\n",
        title="Interview: Foo's Jane Roe",
    )
    assert speaker_at(doc, "300 clinics") == "Jane Roe"


def test_the_reporters_question_about_the_speaker_stops_the_carry() -> None:
    doc = attribute(
        "Jane Roe said that Foo grew twice as fast as its rivals. Is she right? "
        "Bar had 40 million users last year.\n"
    )
    assert speaker_at(doc, "40 million") is None


def test_without_the_question_the_opener_carries() -> None:
    doc = attribute(
        "Jane Roe said that Foo grew twice as fast as its rivals. "
        "Bar had 40 million users last year.\n"
    )
    assert speaker_at(doc, "40 million") == "Jane Roe"


# -- an interview without labels ------------------------------------------------------------


def test_an_unlabelled_answer_after_a_question_to_you() -> None:
    doc = attribute(
        "Did you expect Foo to grow this fast?\n"
        "Not really. We are at about 30 million users today.\n"
        "What do you expect for next year?\n"
        "Growth of 20%, I hope.\n",
        title="Charlie Talks to Foo's Jane Roe",
    )
    assert speaker_at(doc, "30 million") == "Jane Roe"
    assert speaker_at(doc, "20%") == "Jane Roe"
    assert speaker_at(doc, "grow this fast") is None


def test_one_question_to_the_reader_makes_no_interview() -> None:
    doc = attribute(
        "Would you pay for a music app?\nFoo has 30 million paying users today.\n",
        title="Charlie Talks to Foo's Jane Roe",
    )
    assert speaker_at(doc, "30 million") is None


# -- Hong Kong and Taiwan reports: a titled name, then pronouns ------------------------------


def test_a_titled_name_with_words_before_its_verb_then_pronouns() -> None:
    doc = attribute(
        "集团副主席兼行政总裁王小明接受传媒访问时表示,本地零售会慢慢回稳。\n"
        "他指出,电器店的销售额跌了20%。\n"
    )
    assert speaker_at(doc, "跌了20%") == "王小明"


def test_a_titled_name_without_a_verb_says_nothing() -> None:
    doc = attribute("集团总裁王小明出席了论坛。公司称用户增长了30%。")
    assert speaker_at(doc, "30%") is None


# -- full-text lead-ins ---------------------------------------------------------------------


def test_a_paragraph_closing_with_a_lead_in_opens_the_speech() -> None:
    doc = attribute(
        "4月1日,百度董事长李彦宏在论坛发表演讲,以下为现场实录。\n"
        "大家好,很高兴来到这里。\n"
        "当时上市当天股票涨了300%多。\n"
    )
    assert speaker_at(doc, "300%") == "李彦宏"


def test_a_data_lead_in_opens_no_speech() -> None:
    doc = attribute(
        "4月1日,百度董事长李彦宏在论坛发表演讲,以下为往年数据。\n当年用户增长了300%。\n"
    )
    assert speaker_at(doc, "300%") is None


def test_a_lead_in_with_a_pronoun_goes_to_the_titled_person() -> None:
    doc = attribute(
        "近日,云项目负责人周小明首次披露了迁移的细节。以下是他的分享内容。\n"
        "大家好。\n"
        "社交业务有近二十万台服务器。\n"
    )
    assert speaker_at(doc, "二十万台") == "周小明"


def test_a_full_text_marker_names_a_titled_guest() -> None:
    doc = attribute(
        "出席的嘉宾包括卫计委主任马小飞、互联网医院院长张小华等。\n"
        "【张小华现场演讲实录】\n"
        "在中国,60%的患者都希望先在网上看一看。\n"
    )
    assert speaker_at(doc, "60%的患者") == "张小华"


def test_a_long_letter_marker_opens_the_letter() -> None:
    doc = attribute("以下是雷军内部信全文:\n各位同事,\n今年我们的用户超过了5亿。\n")
    assert speaker_at(doc, "5亿") == "雷军"


# -- labels and name lines ------------------------------------------------------------------


def test_a_clock_time_is_no_interview_label() -> None:
    doc = attribute(
        "央广网3月3日消息 3日下午13:00,记者专访了董事长孙小明。\n"
        "孙小明在访谈时表示:我们的服务器在国内市场占有62%。\n"
    )
    assert speaker_at(doc, "62%") == "孙小明"
    assert all(s.kind != "question" for s in doc.sections)


def test_a_label_before_text_is_still_a_turn() -> None:
    doc = attribute("记者:用户还会增长吗?\n孙小明:今年会增长30%。\n记者:谢谢。\n孙小明:不客气。\n")
    assert speaker_at(doc, "30%") == "孙小明"
    assert speaker_at(doc, "还会增长") is None


def test_a_line_named_again_only_inside_a_longer_word_opens_no_turn() -> None:
    doc = attribute(
        "Foo Teams is growing.\n\nFoo Team\n\nIn schools, nearly 270,000 classes use Foo Teams.\n"
    )
    assert speaker_at(doc, "270,000") is None


def test_a_name_line_named_again_opens_a_turn() -> None:
    doc = attribute(
        "Jane Roe spoke on the panel.\n\nJane Roe\n\nIn schools, nearly 270,000 classes use Foo.\n"
    )
    assert speaker_at(doc, "270,000") == "Jane Roe"


def test_a_sentence_with_no_subject_continues_the_last_person() -> None:
    doc = attribute(
        "董事长王小明今日出席论坛时表示,本地市场仍有空间。\n"
        "会场座无虚席。\n"
        "续指,网购用户已占全港人口七成。\n"
    )
    assert speaker_at(doc, "七成") == "王小明"


def test_a_reporting_verb_inside_a_sentence_is_no_continuation() -> None:
    doc = attribute(
        "董事长王小明今日出席论坛时表示,本地市场仍有空间。\n市场预计,网购用户将达七成。\n"
    )
    assert speaker_at(doc, "七成") is None


def test_a_pronoun_then_where_they_spoke_then_the_verb() -> None:
    doc = attribute(
        "董事长王小明出席了股东大会。\n他在出席股东大会后的记者会上表示,会员人数超过了一百万。\n"
    )
    assert speaker_at(doc, "一百万") == "王小明"


def test_said_with_two_job_titles_before_the_name() -> None:
    doc = attribute(
        "\u201cFoo is the new front end,\u201d said Chairman and CEO Jane Roe. "
        "About 30% of firms use it.\n"
    )
    assert speaker_at(doc, "new front end") == "Jane Roe"


def test_said_with_a_company_and_a_title_names_nobody() -> None:
    doc = attribute(
        "\u201cFoo is the new front end,\u201d said Chairman and Company. 30% use it.\n"
    )
    assert speaker_at(doc, "30%") is None


def test_the_name_after_a_company_and_a_title() -> None:
    doc = attribute("Google Cloud Head Jane Roe said 40% of firms now run on it.\n")
    assert speaker_at(doc, "40%") == "Jane Roe"


def test_a_company_and_product_says_nothing_as_a_person() -> None:
    doc = attribute("Microsoft Teams said 40% of firms now run on it.\n")
    assert speaker_at(doc, "40%") is None


def test_a_company_line_in_a_call_summary_opens_no_turn() -> None:
    doc = attribute(
        "Jane Roe spoke on the earnings call.\n\nMicrosoft Team\n\n"
        "In schools, nearly 270,000 classes use it. Microsoft Team members help.\n"
    )
    assert speaker_at(doc, "270,000") is None


def test_a_surname_and_an_honorific_is_the_person_introduced() -> None:
    doc = attribute("集团董事长黄小明今日出席了论坛。\n会后黄先生表示,网购用户已占全港人口七成。\n")
    assert speaker_at(doc, "七成") == "黄小明"


def test_a_surname_and_an_honorific_with_no_such_person_stays_as_written() -> None:
    doc = attribute("集团董事长黄小明今日出席了论坛。\n会后陈先生表示,网购用户已占全港人口七成。\n")
    assert speaker_at(doc, "七成") == "陈先生"


# -- a speaker's remarks over several paragraphs --------------------------------------------


def test_a_quotation_paragraph_after_a_speakers_paragraph_goes_on() -> None:
    doc = attribute(
        "Jane Roe said on the call that Foo had a strong quarter.\n\n"
        "\u201cWe added 3 million users, and 40% of them pay.\u201d\n"
    )
    assert speaker_at(doc, "3 million") == "Jane Roe"
    assert speaker_at(doc, "40%") == "Jane Roe"


def test_a_first_person_paragraph_after_a_speakers_paragraph_goes_on() -> None:
    doc = attribute(
        "王小明在电话会上表示,本季度表现强劲。\n\n我们新增了300万用户,付费率达到40%。\n"
    )
    assert speaker_at(doc, "300万用户") == "王小明"


def test_first_person_after_the_reporters_paragraph_is_nobodys() -> None:
    doc = attribute(
        "Jane Roe said growth was strong.\n\nFoo's shares fell 5% on the news.\n\n"
        "We added 3 million users, the filing shows.\n"
    )
    assert speaker_at(doc, "3 million") is None


def test_our_country_is_the_reporters_not_first_person() -> None:
    doc = attribute("王小明表示,业务增长很快。\n\n我国网民规模已达10亿。\n")
    assert speaker_at(doc, "10亿") is None


def test_a_closing_attribution_takes_a_carried_quotation_from_the_last_speaker() -> None:
    doc = attribute(
        "Jane Roe said on the call that Foo had a strong quarter.\n\n"
        "\u201cWe added 3 million users,\u201d said Bob Poe, the finance chief.\n"
    )
    assert speaker_at(doc, "3 million") == "Bob Poe"


# -- Taiwan and Hong Kong forms ---------------------------------------------------------------


def test_a_taiwan_title_introduces_the_name() -> None:
    doc = attribute("該公司執行長王小明出席活動。\n他強調,今年會員人數超過一百萬。\n")
    assert speaker_at(doc, "一百萬") == "王小明"


def test_a_date_or_a_note_between_the_name_and_the_verb() -> None:
    doc = attribute(
        "王小明今（18）日表示,會員人數超過一百萬。\n陳大文（圖）指出,網購佔比達三成。\n"
    )
    assert speaker_at(doc, "一百萬") == "王小明"
    assert speaker_at(doc, "三成") == "陈大文"  # names are stored simplified


def test_zhi_alone_reports_only_before_a_comma() -> None:
    doc = attribute("董事長王小明出席論壇。\n他指,網購用戶佔七成。\n他指標性地提到三成的數字。\n")
    assert speaker_at(doc, "七成") == "王小明"
    doc = attribute("王小明指標性的計劃覆蓋了三成人口。\n")
    assert speaker_at(doc, "三成") is None


# -- a description referring to the last person named ---------------------------------------


def test_the_executive_said_refers_to_the_last_person_named() -> None:
    doc = attribute(
        "Foo chief executive Jane Roe spoke at the summit on Monday.\n\n"
        "Foo now serves 900 hospitals, the 52-year-old executive said.\n"
    )
    assert speaker_at(doc, "900 hospitals") == "Jane Roe"


def test_the_company_said_is_no_description_of_a_person() -> None:
    doc = attribute(
        "Foo chief executive Jane Roe spoke at the summit on Monday.\n\n"
        "Foo now serves 900 hospitals, the company said.\n"
    )
    assert speaker_at(doc, "900 hospitals") is None


def test_zhe_wei_founder_refers_to_the_last_person_named() -> None:
    doc = attribute("董事长王小明出席了论坛。\n这位创始人表示,公司服务了900家医院。\n")
    assert speaker_at(doc, "900家医院") == "王小明"


# -- letters and posts by an author named only in the title or byline -----------------------


def test_a_letter_whose_author_the_title_names_anywhere() -> None:
    doc = attribute(
        "To our shareholders:\n\nWe had a remarkable year. Foo now serves 900 hospitals.\n",
        title="Annual shareholder letter from Jane Roe",
    )
    assert speaker_at(doc, "remarkable year") == "Jane Roe"
    assert speaker_at(doc, "900 hospitals") == "Jane Roe"  # the first person goes on


def test_a_letter_title_without_a_person_has_no_author() -> None:
    doc = attribute(
        "To our shareholders:\n\nWe had a remarkable year. Foo now serves 900 hospitals.\n",
        title="Annual shareholder letter from Foo Group",
    )
    assert speaker_at(doc, "900 hospitals") is None


def test_a_byline_atop_the_body_names_the_author_of_a_post() -> None:
    doc = attribute(
        "By Jane Roe\n\nI started Foo ten years ago. Today it has 30 million users.\n",
        title="What ten years taught me: a blog post",
    )
    assert speaker_at(doc, "30 million") == "Jane Roe"


def test_an_adverb_or_an_occasion_between_an_unregistered_name_and_its_verb() -> None:
    doc = attribute(
        "王小明也表示,会员超过一百万。\n陈大文出席论坛时指出,网购占比达三成。\n"
        "李小华受访时强调,用户增长了40%。\n"
    )
    assert speaker_at(doc, "一百万") == "王小明"
    assert speaker_at(doc, "三成") == "陈大文"
    assert speaker_at(doc, "40%") == "李小华"


def test_an_occasion_clause_needs_its_verb_in_the_same_clause() -> None:
    doc = attribute("王小明出席论坛时,现场有三成观众离席,主办方表示遗憾。\n")
    assert speaker_at(doc, "三成") is None


def test_a_bare_surname_label_is_the_person_introduced() -> None:
    doc = attribute(
        "本报专访了集团主席黄小明。\n问:网购会再增长吗?\n黄:今年网购占比会达到三成。\n"
        "问:明年呢?\n黄:我们预计会有40%。\n"
    )
    assert speaker_at(doc, "三成") == "黄小明"
    assert speaker_at(doc, "40%") == "黄小明"
    assert speaker_at(doc, "再增长") is None


def test_a_bare_surname_label_with_nobody_of_that_surname_opens_no_turn() -> None:
    doc = attribute("本报专访了集团主席黄小明。\n陈:今年网购占比会达到三成。\n陈:明年会有40%。\n")
    assert speaker_at(doc, "三成") != "黄小明"


def test_a_label_with_a_note_in_brackets() -> None:
    doc = attribute(
        "Q: How big is Foo?\nJane Roe (CEO): We serve 900 hospitals.\n"
        "Q: And next year?\nJane Roe (CEO): About 1,000 hospitals.\n"
    )
    assert speaker_at(doc, "900 hospitals") == "Jane Roe"
    assert speaker_at(doc, "How big") is None


def test_a_note_in_brackets_is_no_label_without_its_colon() -> None:
    doc = attribute("Jane Roe (CEO) spoke first. Foo serves 900 hospitals.\n")
    assert speaker_at(doc, "900 hospitals") is None


def test_more_english_reporting_verbs() -> None:
    doc = attribute("Foo has 30 million users, Jane Roe tweeted on Monday.\n")
    assert speaker_at(doc, "30 million") == "Jane Roe"


# -- the reporter's framing of a question before the speaker's cue --------------------------


def test_the_framing_of_a_question_is_the_reporters() -> None:
    doc = attribute(
        "董事长王小明出席了活动。\n对于公司十月销售额按年跌4.3%,他表示,客户数量上升了20%。\n"
    )
    assert speaker_at(doc, "4.3%") is None
    assert speaker_at(doc, "20%") == "王小明"


def test_a_figure_after_the_cue_stays_the_speakers() -> None:
    doc = attribute("董事长王小明出席了活动。\n他表示,对于公司十月销售额按年跌4.3%并不担心。\n")
    assert speaker_at(doc, "4.3%") == "王小明"


def test_an_english_question_framing_is_the_reporters() -> None:
    doc = attribute(
        "Asked whether Foo would reach 50 million users, Jane Roe said it already had 45 million.\n"
    )
    assert speaker_at(doc, "50 million") is None
    assert speaker_at(doc, "45 million") == "Jane Roe"


def test_a_headlines_context_clause_is_the_outlets() -> None:
    doc = with_headline(
        "Jane Roe reveals that Foo has 30 million users as the company's revenue jumps by 12%",
        "The chief executive spoke to investors on Tuesday about the quarter and the year ahead.",
    )
    assert speaker_at(doc, "30 million") == "Jane Roe"
    assert speaker_at(doc, "12%") is None
