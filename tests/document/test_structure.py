"""Structure recovery on fictional reports written for these tests (青禾县民政局, 松川市审计局 …)
and on the seed report. Every text here is invented; real reports are read from ../shared."""

from __future__ import annotations

from pathlib import Path

import pytest

from narrative_qa.document.model import SECTION_KEYS, RawDocument
from narrative_qa.document.parse import parse_report


def make_raw(text: str, name: str = "report.txt", fmt: str = "txt") -> RawDocument:
    # Built directly (no reader): these tests are about the parser only.
    return RawDocument(path=Path(name), format=fmt, text=text)


LINE_REPORT = """青禾县民政局2023年政府信息公开工作年度报告

本报告依据《中华人民共和国政府信息公开条例》编制，包括总体情况、主动公开政府信息情况、收到和处理政府信息公开申请情况等六个部分。统计期限自2023年1月1日起至2023年12月31日止。

一、总 体 情 况
2023年，我局围绕民政服务推进公开工作。全年发布信息126条！
（一）主动公开
我局在门户网站发布救助标准等信息。一是更新低保名单；二是公开养老机构名录。
（二）依申请公开
全年收到申请3件，均已按期答复。
二、主动公开政府信息情况
第二十条第（一）项\t\t\t
信息内容\t本年制发件数\t本年废止件数\t现行有效件数
规章\t0\t0\t0
三、收到和处理政府信息公开申请情况
一、本年新收政府信息公开申请数量\t\t3\t0\t0\t0\t0\t0\t3
三、本年度办理结果\t(一) 予以公开\t3\t0\t0\t0\t0\t0\t3
四、结转下年度继续办理\t\t0\t0\t0\t0\t0\t0\t0
四、政府信息公开行政复议、行政诉讼情况
本年度未发生行政复议、行政诉讼。
五、存在的主要问题和改进情况
存在问题：“公开栏更新不及时。”改进措施：每月第一周更新。
六、其他需报告的事项
本年度未收取信息处理费。
"""


def test_line_report_sections_in_order() -> None:
    report = parse_report(make_raw(LINE_REPORT))
    assert [h.key for h in report.headings] == list(SECTION_KEYS)
    assert [h.ordinal for h in report.headings] == [1, 2, 3, 4, 5, 6]
    assert [s.key for s in report.sections] == ["preamble", *SECTION_KEYS]
    overview = report.headings[0]
    assert overview.title == "总 体 情 况"  # as written, spaces kept
    assert overview.span.line == 5 and overview.span.column == 1
    assert not overview.inline
    assert report.headings[4].title == "存在的主要问题和改进情况"
    assert report.headings[5].title == "其他需报告的事项"


def test_table_row_labels_are_not_headings() -> None:
    report = parse_report(make_raw(LINE_REPORT))
    lines = [h.span.line for h in report.headings]
    assert lines == [5, 11, 15, 19, 21, 23]  # rows 16-18 of table 3 are not headings


def test_metadata_from_title() -> None:
    report = parse_report(make_raw(LINE_REPORT))
    assert report.title == "青禾县民政局2023年政府信息公开工作年度报告"
    assert report.unit == "青禾县民政局"
    assert report.year == 2023
    assert report.level == "department"
    assert report.era == "2021format"


def test_subtopics_and_sentences() -> None:
    raw = make_raw(LINE_REPORT)
    report = parse_report(raw)
    overview = report.section("overview")
    assert overview is not None
    assert [(s.heading.ordinal, s.heading.title) for s in overview.subtopics] == [(1, "主动公开"), (2, "依申请公开")]
    texts = [sentence.text for sentence in overview.sentences]
    assert "全年发布信息126条！" in texts
    assert "我局在门户网站发布救助标准等信息。" in texts
    assert "一是更新低保名单；" in texts
    for sentence in report.sections[1].sentences + overview.sentences:
        assert raw.text[sentence.span.start : sentence.span.end] == sentence.text
    problems = report.section("problems")
    assert problems is not None
    # the closing quote stays with its sentence
    assert "存在问题：“公开栏更新不及时。”" in [s.text for s in problems.sentences]


def test_table_rows_stay_out_of_paragraphs() -> None:
    report = parse_report(make_raw(LINE_REPORT))
    applications = report.section("applications")
    assert applications is not None
    assert applications.paragraphs == []
    assert applications.subtopics == []


FLAT_REPORT = (
    "标题: 松川市审计局2022年度政府信息公开工作年度报告\n"
    "发布时间: 2023-01-20 09:00\n"
    "原文链接: https://example.invalid/a.htm\n"
    "==================== 正文 ====================\n"
    "当前位置： 首页 政务公开 年报 相关链接： "
    "根据《条例》要求，现公布本局年度报告。本报告包括总体情况、主动公开政府信息情况、收到和处理政府信息公开申请情况、"
    "政府信息公开行政复议、行政诉讼情况、存在的主要问题及改进情况和其他需要报告的事项等六个部分。"
    "一、总体情况2022年，我局扎实推进审计信息公开。（一）主动公开情况全年公开审计公告12篇。"
    "二、主动公开政府信息情况第二十条第（一）项信息内容本年制发件数规章000"
    "三、收到和处理政府信息公开申请情况申请人情况自然人一、本年新收政府信息公开申请数量1000001"
    "二、上年结转政府信息公开申请数量0000000三、本年度办理结果（一）予以公开1000001"
    "四、结转下年度继续办理0000000四、政府信息公开行政复议、行政诉讼情况000000000000000"
    "五、存在的主要问题及改进情况一是解读形式单一；二是更新不够及时。"
    "六、其他需要报告的事项本年度未收取信息处理费。 松川市审计局 2023年1月10日 附件下载\n"
)


def test_flattened_text_inline_headings() -> None:
    raw = make_raw(FLAT_REPORT, name="songchuan/2022.txt")
    report = parse_report(raw)
    assert [h.key for h in report.headings] == list(SECTION_KEYS)
    assert all(h.inline for h in report.headings)
    assert all(h.span.line == 5 for h in report.headings)
    overview = report.headings[0]
    assert overview.title == "总体情况"
    assert raw.text[overview.span.start : overview.span.end] == "一、总体情况"
    assert report.headings[3].title == "政府信息公开行政复议、行政诉讼情况"
    # metadata header and navigation residue are not part of the report
    preamble = report.sections[0]
    assert preamble.key == "preamble"
    assert raw.text[preamble.span.start :].startswith("根据《条例》")
    assert any("网页导航" in warning for warning in report.warnings)
    # the page's trailing link label is not part of the last section
    assert raw.text[: report.sections[-1].span.end].endswith("2023年1月10日")
    assert report.title == "松川市审计局2022年度政府信息公开工作年度报告"
    assert report.unit == "松川市审计局"


def test_flattened_text_paragraphs_split_at_subtopics() -> None:
    report = parse_report(make_raw(FLAT_REPORT))
    overview = report.section("overview")
    assert overview is not None
    assert len(overview.subtopics) == 1
    assert overview.subtopics[0].heading.inline
    assert len(overview.paragraphs) == 2  # the lead-in and the sub-topic
    problems = report.section("problems")
    assert problems is not None
    assert [s.text for s in problems.sentences] == ["一是解读形式单一；", "二是更新不够及时。"]


@pytest.mark.parametrize(
    ("heading_line", "key", "ordinal"),
    [
        ("一总体情况", "overview", 1),
        ("## 二、主动公开政府信息情况", "active_disclosure", 2),
        ("**三、收到和处理政府信息公开申请情况**", "applications", 3),
        ("四．因政府信息公开申请提起行政复议、行政诉讼的情况", "review_litigation", 4),
        ("五、政府信息公开工作存在的主要问题及改进情况", "problems", 5),
        ("六、其他需要报告的事项", "other", 6),
        ("七、存在的主要问题及改进情况", "problems", 7),  # wrong ordinal kept as written
    ],
)
def test_heading_variants(heading_line: str, key: str, ordinal: int) -> None:
    text = f"青禾县民政局2021年政府信息公开工作年度报告\n{heading_line}\n本部分内容从略。\n"
    report = parse_report(make_raw(text))
    assert [(h.key, h.ordinal, h.span.line) for h in report.headings] == [(key, ordinal, 2)]


def test_enumerations_in_prose_are_not_headings() -> None:
    text = (
        "青禾县民政局2021年政府信息公开工作年度报告\n"
        "本报告包括：一、总体情况；二、主动公开政府信息情况；三、收到和处理政府信息公开申请情况。\n"
        "一、总体情况\n"
        "全年工作有三点体会：一是领导重视，二是制度健全，三是平台稳定。第一、二季度各开展一次检查。\n"
    )
    report = parse_report(make_raw(text))
    assert [(h.key, h.span.line) for h in report.headings] == [("overview", 3)]


def test_repeated_and_unknown_headings_are_kept() -> None:
    text = (
        "松川市审计局2024年政府信息公开工作年度报告\n"
        "一、总体情况\n甲。\n"
        "一、总体情况\n乙。\n"
        "二、工作机制建设\n丙。\n"
        "三、主动公开政府信息情况\n丁。\n"
    )
    report = parse_report(make_raw(text))
    assert [(h.key, h.ordinal, h.title) for h in report.headings] == [
        ("overview", 1, "总体情况"),
        ("overview", 1, "总体情况"),
        (None, 2, "工作机制建设"),
        ("active_disclosure", 3, "主动公开政府信息情况"),
    ]
    assert [s.key for s in report.sections] == ["preamble", "overview", "overview", "unknown", "active_disclosure"]
    assert report.headings[2].confidence < 0.7
    assert any("工作机制建设" in warning for warning in report.warnings)


def test_heading_without_ordinal_in_flattened_text() -> None:
    text = (
        "松川市审计局2016年度政府信息公开工作年度报告。本年报包括概述、主动公开政府信息情况等部分。"
        "概述2016年，我局推进公开工作。政府信息主动公开情况全年公开信息30条。"
        "三、依申请公开政府信息情况全年未收到申请。"
    )
    report = parse_report(make_raw(text))
    assert [(h.key, h.ordinal) for h in report.headings] == [
        ("overview", None),
        ("active_disclosure", None),
        ("applications", 3),
    ]
    assert sum("没有序号" in warning for warning in report.warnings) == 2
    assert report.era == "pre2019"


@pytest.mark.parametrize(
    ("title", "unit", "level"),
    [
        ("青禾县人民政府2023年政府信息公开工作年度报告", "青禾县人民政府", "government"),
        ("松川市南岭镇人民政府2023年政府信息公开工作年度报告", "松川市南岭镇人民政府", "township"),
        ("松川市东湖街道办事处2023年政府信息公开工作年度报告", "松川市东湖街道办事处", "township"),
        ("青禾新区北岸片区管理局2023年政府信息公开工作年度报告", "青禾新区北岸片区管理局", "township"),
        ("青禾新区管委会2023年政府信息公开工作年度报告", "青禾新区管委会", "government"),
        ("青禾新区管委会办公室2023年政府信息公开工作年度报告", "青禾新区管委会办公室", "department"),
        ("2023年松川市审计局政府信息公开工作年度报告", "松川市审计局", "department"),
        ("松川市数据中心2023年度政府信息公开工作年度报告", "松川市数据中心", "department"),
    ],
)
def test_unit_and_level(title: str, unit: str, level: str) -> None:
    report = parse_report(make_raw(f"{title}\n一、总体情况\n内容。\n"))
    assert (report.unit, report.level) == (unit, level)
    assert parse_report(make_raw(f"{title}\n"), level="government").level == "government"


@pytest.mark.parametrize(
    ("text", "name", "year", "era"),
    [
        ("青禾县民政局政府信息公开工作年度报告\n统计期限自2020年1月1日起至2020年12月31日止。\n", "x.txt", 2020, "2019trial"),
        ("青禾县民政局政府信息公开工作年度报告\n正文。\n", "qinghe/2018.txt", 2018, "pre2019"),
        ("年度报告\n规章\t本年制发件数\t现行有效件数\n", "report.txt", None, "2021format"),
        ("年度报告\n规范性文件\t本年新制作数量\t对外公开总数量\n", "report.txt", None, "2019trial"),
        ("年度报告\n指标名称\t计量单位\t历年累计\n", "report.txt", None, "pre2019"),
    ],
)
def test_year_and_era_fallbacks(text: str, name: str, year: int | None, era: str) -> None:
    report = parse_report(make_raw(text, name=name))
    assert (report.year, report.era) == (year, era)


def test_pdf_lines_join_into_paragraphs() -> None:
    text = (
        "松川市审计局2023年政府信息公开工作年度报告\n"
        "一、总体情况\n"
        "2023 年，我局坚持依法公开，全年发布审计\n"
        "结果公告 8 篇。\n"
        "- 2 -\n"
        "（一）主动公开情况。全年公开信息 40 条。\n"
    )
    raw = make_raw(text, name="a.pdf", fmt="pdf")
    report = parse_report(raw)
    overview = report.section("overview")
    assert overview is not None
    first = overview.paragraphs[0].sentences[0]
    assert first.text == "2023 年，我局坚持依法公开，全年发布审计\n结果公告 8 篇。"
    assert raw.text[first.span.start : first.span.end] == first.text


def test_bad_level_is_a_usage_error() -> None:
    from narrative_qa.errors import UsageError

    with pytest.raises(UsageError):
        parse_report(make_raw("x\n"), level="province")


def test_seed_report(seed_report: Path) -> None:
    from narrative_qa.document.parse import read_report

    report = read_report(seed_report)
    # `grep -n 总体情况` on the seed: the heading is repeated on lines 5 and 9
    assert [(h.key, h.span.line) for h in report.headings] == [
        ("overview", 5),
        ("overview", 9),
        ("active_disclosure", 21),
        ("applications", 39),
        ("review_litigation", 70),
        ("problems", 77),
        ("other", 83),
    ]
    assert (report.unit, report.year, report.level, report.era) == ("湛河区住建局", 2024, "department", "2021format")
    overview_sections = report.sections_by_key("overview")
    assert len(overview_sections) == 2
    assert [s.heading.ordinal for s in overview_sections[1].subtopics] == [1, 2, 3, 4, 5]
    assert overview_sections[1].subtopics[1].heading.title.startswith("依申请公开")
    # the subtopic sentence that says no applications were received is addressable
    sentences = [s for s in overview_sections[1].sentences if "未收到政府信息公开申请" in s.text]
    assert len(sentences) == 1 and sentences[0].span.line == 13


def test_unit_from_signature_when_no_title() -> None:
    text = (
        "根据《条例》编制本报告。统计期限自2024年1月1日起至2024年12月31日止。\n"
        "一、总体情况\n全年公开信息20条。\n"
        "六、其他需要报告的事项\n未收取信息处理费。\n"
        "青禾县民政局\n2025年1月20日\n"
    )
    report = parse_report(make_raw(text))
    assert report.title is None
    assert (report.unit, report.level, report.year) == ("青禾县民政局", "department", 2024)
