"""Typed table recovery (tables 2, 3 and 4) on real reports and on fixtures written here.

Expected values for real reports were read by hand from the documents in ../shared (numbers
are facts; no report text is copied). Notation per cell: a number, "/" not applicable,
"?" unreadable, "_" missing.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from narrative_qa.document.model import RawDocument, RawTable, Cell, Value, ValueKind
from narrative_qa.document.readers import read_document
from narrative_qa.document.tables import (
    T3_CARRIED_OVER,
    T3_NEW,
    T3_TOTAL,
    TABLE2_LABELS,
    TABLE3_COLUMNS,
    TABLE3_ROWS,
    TABLE4_LABELS,
    fully_read,
    recover_tables,
)

from tests.conftest import REAL_CORPUS, SEED_REPORT, read_manifest

ZEROS = "0 0 0 0 0 0 0"


def cell(value: Value) -> str:
    if value.kind is ValueKind.NUMBER:
        return str(value.number)
    return {ValueKind.NOT_APPLICABLE: "/", ValueKind.UNREADABLE: "?", ValueKind.MISSING: "_"}[value.kind]


def row(values: list[Value]) -> str:
    return " ".join(cell(value) for value in values)


def table3_rows(*rows: tuple[int, str]) -> list[str]:
    """25 rows of zeros except the ones given as (row index, "a b c d e f g")."""
    expected = [ZEROS] * len(TABLE3_ROWS)
    for index, text in rows:
        expected[index] = text
    return expected


def recover(relative: str, era: str = "2021format"):
    raw = read_document(REAL_CORPUS / relative)
    tables, warnings = recover_tables(raw, era)
    return raw, tables, warnings


def assert_spans_point_at_raw(raw: RawDocument, values: list[Value]) -> None:
    for value in values:
        if value.kind is ValueKind.NUMBER and value.span is not None:
            assert raw.text[value.span.start : value.span.end] == value.raw


# --- constants -----------------------------------------------------------------------


def test_form_constants_have_the_form_shape():
    assert len(TABLE2_LABELS) == 10 and TABLE2_LABELS[-1].startswith("行政事业性收费")
    assert len(TABLE3_ROWS) == 25 and len(TABLE3_COLUMNS) == 7 and TABLE3_COLUMNS[-1] == "总计"
    assert len(TABLE4_LABELS) == 15 and TABLE4_LABELS[4] == "行政复议·总计"
    assert (T3_NEW, T3_TOTAL, T3_CARRIED_OVER) == (0, 23, 24)


# --- hand-checked real reports ---------------------------------------------------------


def test_seed_tab_separated_tables():
    raw = read_document(SEED_REPORT)
    tables, warnings = recover_tables(raw, "2021format")
    assert row(tables.table2.values) == "0 0 0 0 0 0 0 0 0 0"
    # The row "5. 要求行政机关确认…" that lost its indentation still lands in row 19.
    assert [row(r) for r in tables.table3.values] == table3_rows((0, "7 0 0 0 0 0 7"), (12, "7 0 0 0 0 0 7"), (23, "7 0 0 0 0 0 7"))
    assert row(tables.table4.values) == " ".join(["0"] * 15)
    assert tables.table3.source == "tab-text"
    assert warnings == []
    assert_spans_point_at_raw(raw, [v for r in tables.table3.values for v in r])


def test_pingtan_html_grid():
    raw, tables, warnings = recover("pingtan/pingtan/2025.html")
    assert tables.table3.source == "grid"
    assert row(tables.table2.values) == "0 0 0 58 45 546 2418 644 64 4166.241619"
    assert [row(r) for r in tables.table3.values] == table3_rows(
        (0, "151 3 0 0 0 0 154"),
        (2, "33 0 0 0 0 0 33"),
        (3, "38 0 0 0 0 0 38"),
        (8, "3 0 0 0 0 0 3"),
        (9, "2 0 0 0 0 0 2"),
        (10, "3 0 0 0 0 0 3"),
        (11, "3 0 0 0 0 0 3"),
        (12, "49 1 0 0 0 0 50"),
        (13, "3 0 0 0 0 0 3"),
        (15, "2 0 0 0 0 0 2"),
        (20, "8 0 0 0 0 0 8"),
        (21, "2 0 0 0 0 0 2"),
        (22, "1 0 0 0 0 0 1"),
        (23, "147 1 0 0 0 0 148"),
        (24, "4 2 0 0 0 0 6"),
    )
    assert row(tables.table4.values) == "25 3 8 0 36 3 3 0 0 6 3 0 0 0 3"


def test_huaian_pdf():
    raw, tables, warnings = recover("peers/huaian-2024.pdf")
    assert row(tables.table2.values) == "1 0 11 8 26 66 447228 3985758 88283 96171.6"
    assert [row(r) for r in tables.table3.values] == [
        "3001 53 0 0 61 4 3119",
        "34 0 0 0 0 0 34",
        "1288 21 0 0 50 3 1362",
        "447 7 0 0 0 0 454",
        "2 0 0 0 0 0 2",
        "30 1 0 0 0 0 31",
        "5 0 0 0 0 0 5",
        "6 0 0 0 0 0 6",
        "7 1 0 0 0 0 8",
        "12 0 0 0 0 0 12",
        "9 0 0 0 0 0 9",
        "105 0 0 0 0 0 105",
        "746 12 0 0 10 1 769",
        "11 0 0 0 0 0 11",
        "1 0 0 0 0 0 1",
        "56 6 0 0 0 0 62",
        "25 0 0 0 0 0 25",
        ZEROS,
        ZEROS,
        "1 0 0 0 0 0 1",
        "67 3 0 0 1 0 71",
        "6 0 0 0 0 0 6",
        "108 2 0 0 0 0 110",
        "2932 53 0 0 61 4 3050",
        "103 0 0 0 0 0 103",
    ]
    assert row(tables.table4.values) == "72 64 178 37 351 13 4 8 1 26 12 1 1 6 20"


MERGED_OTHER = "? ? ? ? ? ? ?"


def test_hongze_pdf_prints_other_handling_as_one_row():
    raw, tables, warnings = recover("peers/hongze-2024.pdf")
    assert row(tables.table2.values) == "0 0 0 3 0 8 9487 2776 84 7545"
    # Table 3 follows the 2021 form except that （六）其他处理 is one row (23 rows of numbers
    # in the PDF, checked by hand against pdfplumber's words): its three sub-rows are
    # unreadable, pointing at the merged row; the rest is read.
    assert tables.table3.source == "grid"
    assert [row(r) for r in tables.table3.values] == table3_rows(
        (0, "95 0 0 0 0 0 95"),
        (2, "50 0 0 0 0 0 50"),
        (3, "9 0 0 0 0 0 9"),
        (6, "1 0 0 0 0 0 1"),
        (9, "1 0 0 0 0 0 1"),
        (10, "1 0 0 0 0 0 1"),
        (12, "31 0 0 0 0 0 31"),
        (13, "1 0 0 0 0 0 1"),
        (15, "1 0 0 0 0 0 1"),
        (20, MERGED_OTHER),
        (21, MERGED_OTHER),
        (22, MERGED_OTHER),
        (23, "95 0 0 0 0 0 95"),
    )
    merged = {value for index in (20, 21, 22) for value in tables.table3.values[index]}
    assert len(merged) == 1
    (value,) = merged
    assert value.raw.startswith("（六）其他处理") and value.raw.split() == ["（六）其他处理"] + ["0"] * 7
    assert raw.text[value.span.start : value.span.end] == value.raw and value.span.line == 78
    assert tables.older_layout == {}
    assert any("（六）其他处理" in warning and "无法识别" in warning for warning in warnings)
    assert row(tables.table4.values) == "1 1 0 0 2 1 0 0 0 1 2 0 1 0 3"


def test_hongze_2023_pdf_other_handling_as_one_row():
    raw, tables, warnings = recover("peers/hongze-2023.pdf")
    assert [row(r) for r in tables.table3.values] == table3_rows(
        (0, "21 0 0 0 0 0 21"),
        (3, "4 0 0 0 0 0 4"),
        (4, "1 0 0 0 0 0 1"),
        (9, "1 0 0 0 0 0 1"),
        (10, "1 0 0 0 0 0 1"),
        (12, "10 0 0 0 0 0 10"),
        (13, "3 0 0 0 0 0 3"),
        (15, "1 0 0 0 0 0 1"),
        (20, MERGED_OTHER),
        (21, MERGED_OTHER),
        (22, MERGED_OTHER),
        (23, "21 0 0 0 0 0 21"),
    )


def test_flattened_other_handling_as_one_row_pingtan_zhz_2021():
    # Flattened web page, 2021 table 2, table 3 with （六）其他处理 as one row of zeros.
    raw, tables, warnings = recover("pingtan/ptzhsyqzhz/2021.txt")
    assert row(tables.table2.values) == "0 0 0 0 0 0 153 836 0 0"
    expected = table3_rows((20, MERGED_OTHER), (21, MERGED_OTHER), (22, MERGED_OTHER))
    assert [row(r) for r in tables.table3.values] == expected
    value = tables.table3.values[21][3]
    assert value.raw == "（六）其他处理0000000" and raw.text[value.span.start : value.span.end] == value.raw
    assert tables.older_layout == {}


def test_flattened_pingtan_scj_2025():
    raw, tables, warnings = recover("pingtan/ptzhsyqscj/2025.txt")
    # No 规章 row; "1173" has three possible cuts; the fee "0" is followed by a year.
    assert row(tables.table2.values) == "_ _ _ ? ? ? 0 187 42 0"
    assert [row(r) for r in tables.table3.values] == table3_rows(
        (0, "21 0 0 0 0 0 21"),
        (2, "1 0 0 0 0 0 1"),
        (3, "11 0 0 0 0 0 11"),
        (10, "3 0 0 0 0 0 3"),
        (20, "2 0 0 0 0 0 2"),
        (21, "2 0 0 0 0 0 2"),
        (23, "19 0 0 0 0 0 19"),
        (24, "2 0 0 0 0 0 2"),
    )
    assert row(tables.table4.values) == "10 0 0 0 10 0 0 0 0 0 0 0 0 0 0"
    assert tables.table3.source == "flattened"
    first = tables.table3.values[0][0]
    assert raw.text[first.span.start : first.span.end] == "21"
    assert_spans_point_at_raw(raw, [v for r in tables.table3.values for v in r])


def test_flattened_pingtan_2024_large_numbers():
    raw, tables, warnings = recover("pingtan/pingtan/2024.txt")
    assert row(tables.table2.values) == "0 0 0 ? ? ? 4529 1100 65 18651.06"
    assert [row(r) for r in tables.table3.values] == table3_rows(
        (0, "217 1 0 0 0 0 218"),
        (2, "71 0 0 0 0 0 71"),
        (3, "29 0 0 0 0 0 29"),
        (4, "4 0 0 0 0 0 4"),
        (7, "3 0 0 0 0 0 3"),
        (8, "32 0 0 0 0 0 32"),
        (12, "75 0 0 0 0 0 75"),
        (16, "1 0 0 0 0 0 1"),
        (20, "1 0 0 0 0 0 1"),
        (22, "1 1 0 0 0 0 2"),
        (23, "217 1 0 0 0 0 218"),
    )
    assert row(tables.table4.values) == "2 1 3 1 7 0 0 0 0 0 13 2 4 0 19"


def test_partly_spaced_pingtan_czj_2024():
    raw, tables, warnings = recover("pingtan/ptzhsyqczj/2024.txt")
    assert row(tables.table2.values) == "0 0 0 0 2 1 0 1 0 18651.064104"
    assert [row(r) for r in tables.table3.values] == table3_rows(
        (0, "2 0 0 0 0 0 2"), (2, "1 0 0 0 0 0 1"), (12, "1 0 0 0 0 0 1"), (23, "2 0 0 0 0 0 2")
    )
    assert row(tables.table4.values) == " ".join(["0"] * 15)


def test_space_before_total_pingtan_jtj_2023():
    raw, tables, warnings = recover("pingtan/ptzhsyqjtj/2023.txt")
    assert row(tables.table2.values) == "0 0 0 ? ? ? 0 0 0 0"
    assert [row(r) for r in tables.table3.values] == table3_rows(
        (0, "14 0 0 0 0 0 14"),
        (3, "7 0 0 0 0 0 7"),
        (12, "5 0 0 0 0 0 5"),
        (16, "1 0 0 0 0 0 1"),
        (20, "1 0 0 0 0 0 1"),
        (23, "14 0 0 0 0 0 14"),
    )


def test_spaces_inside_glued_cells_pingtan_zrz_2021():
    raw, tables, warnings = recover("pingtan/ptzhsyqzrz/2021.txt")
    assert row(tables.table2.values) == "0 0 0 ? ? ? 221 20 0 0"
    # The source's own total row (18 … 18) disagrees with column 4; it is reported as written.
    assert [row(r) for r in tables.table3.values] == table3_rows(
        (0, "16 0 0 2 0 0 18"), (2, "12 0 0 2 0 0 14"), (10, "4 0 0 0 0 0 4"), (23, "18 0 0 0 0 0 18")
    )
    assert row(tables.table4.values) == "1 0 2 0 3 12 0 0 0 12 0 0 0 0 0"


def test_blank_rows_are_not_applicable_pingtan_scj_2021():
    raw, tables, warnings = recover("pingtan/ptzhsyqscj/2021.txt")
    assert row(tables.table2.values) == "0 0 0 ? ? ? 0 211 42 0"
    assert [row(r) for r in tables.table3.values] == table3_rows(
        (0, "5 0 0 0 0 0 5"),
        (2, "3 0 0 0 0 0 3"),
        (10, "2 0 0 0 0 0 2"),
        (21, "/ / / / / / /"),
        (22, "/ / / / / / /"),
        (23, "5 0 0 0 0 0 5"),
    )
    assert sum("按空白" in warning for warning in warnings) == 2


def test_short_row_is_unreadable_not_shifted_pingtan_jjp_2023():
    raw, tables, warnings = recover("pingtan/ptzhsyqjjp/2023.txt")
    assert row(tables.table2.values) == "0 0 0 0 0 7 0 0 0 0"
    assert [row(r) for r in tables.table3.values] == table3_rows(
        (0, "1 0 0 0 0 0 1"), (12, "1 0 0 0 0 0 1"), (23, "1 0 0 0 0 0 1"), (24, "? ? ? ? ? ? ?")
    )
    assert any("结转下年度" in warning and "7格" in warning for warning in warnings)


def test_old_tables_reused_in_a_2021_report_pingtan_htp_2021():
    raw, tables, warnings = recover("pingtan/ptzhsyqhtp/2021.txt")
    assert tables.table2 is None and tables.table3 is None
    # Both tables of the 2019 trial form: table 3 is not read into the 2021 schema.
    assert tables.older_layout == {"table2": "2019trial", "table3": "2019trial"}
    assert sum("2019年试行格式" in warning for warning in warnings) == 2
    assert row(tables.table4.values) == " ".join(["0"] * 15)


def test_2019_trial_report_is_not_forced_into_2021_tables():
    raw, tables, warnings = recover("pingtan/ptzhsyqgwh/2020.txt", era="2019trial")
    assert tables.table2 is None and tables.table3 is None
    assert any("2019年试行格式" in warning for warning in warnings)


def test_official_template_filled_in(tmp_path: Path):
    docx = pytest.importorskip("docx")
    document = docx.Document(str(REAL_CORPUS / "peers" / "official-template-2021.docx"))
    table2, table3, table4 = document.tables
    for grid_row, values in ((2, ("3", "1", "40")), (3, ("12", "2", "/"))):
        for column, text in enumerate(values, start=1):
            table2.cell(grid_row, column).text = text
    for grid_row, text in ((6, "315"), (9, "27"), (10, "4"), (13, "12.75")):
        table2.cell(grid_row, 1).text = text
    expected3 = []
    for form_row in range(25):
        texts = [str(100 * form_row + column + 1) for column in range(7)]
        if form_row == 5:
            texts[2] = ""  # a blank cell in a real grid: not applicable
        for column, text in enumerate(texts):
            table3.cell(3 + form_row, 3 + column).text = text
        expected3.append(" ".join(text or "/" for text in texts))
    for column in range(15):
        table4.cell(3, column).text = str(900 + column)
    path = tmp_path / "青禾县民政局2025年政府信息公开工作年度报告.docx"
    document.save(str(path))

    tables, warnings = recover_tables(read_document(path), "2021format")
    assert row(tables.table2.values) == "3 1 40 12 2 / 315 27 4 12.75"
    assert [row(r) for r in tables.table3.values] == expected3
    assert row(tables.table4.values) == " ".join(str(900 + column) for column in range(15))
    assert tables.table3.source == "grid"


# --- fixtures written here: other text shapes -------------------------------------------


def _fictional_table3_text(separator: str, rows: list[list[int]], row_end: str = "\n") -> str:
    labels = [
        "一、本年新收政府信息公开申请数量",
        "二、上年结转政府信息公开申请数量",
        "三、本年度办理结果（一）予以公开",
        "（二）部分公开（区分处理的，只计这一情形，不计其他情形）",
        "（三）不予公开 1.属于国家秘密",
        "2.其他法律行政法规禁止公开",
        "3.危及“三安全一稳定”",
        "4.保护第三方合法权益",
        "5.属于三类内部事务信息",
        "6.属于四类过程性信息",
        "7.属于行政执法案卷",
        "8.属于行政查询事项",
        "（四）无法提供 1.本机关不掌握相关政府信息",
        "2.没有现成信息需要另行制作",
        "3.补正后申请内容仍不明确",
        "（五）不予处理 1.信访举报投诉类申请",
        "2.重复申请",
        "3.要求提供公开出版物",
        "4.无正当理由大量反复申请",
        "5.要求行政机关确认或重新出具已获取信息",
        "（六）其他处理 1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请",
        "2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请",
        "3.其他",
        "（七）总计",
        "四、结转下年度继续办理",
    ]
    lines = ["三、收到和处理政府信息公开申请情况", "申请人情况 自然人 法人或其他组织 总计 商业企业 科研机构 社会公益组织 法律服务机构 其他"]
    for label, numbers in zip(labels, rows):
        lines.append(label + separator + separator.join(str(number) for number in numbers))
    return "松川市审计局2025年政府信息公开工作年度报告\n" + row_end.join(lines) + "\n五、存在的主要问题及改进情况\n"


def _balanced_rows() -> list[list[int]]:
    rows = [[0] * 7 for _ in range(25)]

    def put(index: int, natural: int, business: int) -> None:
        rows[index] = [natural, business, 0, 0, 0, 0, natural + business]

    put(0, 12, 3)
    put(1, 2, 0)
    put(2, 6, 1)
    put(3, 3, 0)
    put(12, 2, 1)
    put(16, 1, 0)
    put(23, 12, 2)
    put(24, 2, 1)
    return rows


def _expected(rows: list[list[int]]) -> list[str]:
    return [" ".join(str(number) for number in numbers) for numbers in rows]


@pytest.mark.parametrize(
    ("separator", "source"),
    [(" ", "text"), ("\t", "tab-text"), ("", "flattened")],
)
def test_fixture_table3_in_three_text_shapes(separator: str, source: str):
    rows = _balanced_rows()
    text = _fictional_table3_text(separator, rows)
    raw = RawDocument(Path("songchuan.txt"), "txt", text)
    tables, warnings = recover_tables(raw, "2021format")
    assert [row(r) for r in tables.table3.values] == _expected(rows)
    assert tables.table3.source == source


def test_fixture_one_cell_per_line_with_page_number():
    rows = _balanced_rows()
    text = _fictional_table3_text("\n", rows)
    # A PDF page footer between two rows must not become a cell.
    text = text.replace("（四）无法提供", "- 3 -\n（四）无法提供")
    raw = RawDocument(Path("songchuan.txt"), "txt", text)
    tables, _ = recover_tables(raw, "2021format")
    assert [row(r) for r in tables.table3.values] == _expected(rows)


def test_fixture_numbers_printed_above_their_label():
    rows = _balanced_rows()
    text = _fictional_table3_text(" ", rows)
    # PDF text layers sometimes print a row's numbers on the line before its label.
    moved = "（二）部分公开（区分处理的，只计这一情形，不计其他情形） 3 0 0 0 0 0 3"
    assert moved in text
    text = text.replace(moved, "3 0 0 0 0 0 3\n（二）部分公开（区分处理的，只计这一情形，不计其他情形）")
    raw = RawDocument(Path("songchuan.txt"), "txt", text)
    tables, _ = recover_tables(raw, "2021format")
    assert [row(r) for r in tables.table3.values] == _expected(rows)


def test_fixture_ambiguous_glued_rows_are_unreadable_where_unsure():
    rows = [[0] * 7 for _ in range(25)]
    for index in (0, 2, 23):
        rows[index] = [11, 0, 0, 0, 0, 0, 11]
    text = _fictional_table3_text("", rows)
    raw = RawDocument(Path("songchuan.txt"), "txt", text)
    tables, warnings = recover_tables(raw, "2021format")
    # "110000011" is 11,0,…,11 or 1,10,…,11 in every one of the three rows, and both
    # choices satisfy every equation: the two cells they disagree on are not guessed.
    for index in (0, 2, 23):
        assert row(tables.table3.values[index]) == "? ? 0 0 0 0 11"
    assert row(tables.table3.values[1]) == ZEROS
    assert sum("多种拆分" in warning for warning in warnings) == 3


def test_fixture_two_cuts_settled_by_the_columns():
    rows = _balanced_rows()
    rows[3] = [1, 10, 0, 0, 0, 0, 11]  # glued: "1100000 11" would also balance as 11,0,…
    rows[0] = [11, 13, 0, 0, 0, 0, 24]
    rows[23] = [11, 11, 0, 0, 0, 0, 22]
    rows[24] = [2, 2, 0, 0, 0, 0, 4]
    rows[2] = [6, 1, 0, 0, 0, 0, 7]
    rows[12] = [3, 0, 0, 0, 0, 0, 3]
    rows[16] = [1, 0, 0, 0, 0, 0, 1]
    rows[1] = [2, 0, 0, 0, 0, 0, 2]
    text = _fictional_table3_text("", rows)
    raw = RawDocument(Path("songchuan.txt"), "txt", text)
    tables, _ = recover_tables(raw, "2021format")
    assert [row(r) for r in tables.table3.values] == _expected(rows)


def test_fixture_table2_and_table4_flattened():
    text = (
        "青禾县民政局2025年政府信息公开工作年度报告二、主动公开政府信息情况第二十条第（一）项信息内容"
        "本年制发件数本年废止件数现行有效件数规章000行政规范性文件105第二十条第（五）项信息内容"
        "本年处理决定数量行政许可1342第二十条第（六）项信息内容本年处理决定数量行政处罚／行政强制0"
        "第二十条第（八）项信息内容本年收费金额（单位：万元）行政事业性收费12.5三、收到和处理"
        "四、政府信息公开行政复议、行政诉讼情况行政复议行政诉讼结果维持结果纠正其他结果尚未审结总计"
        "未经复议直接起诉复议后起诉结果维持结果纠正其他结果尚未审结总计结果维持结果纠正其他结果尚未审结总计"
        "12103160000011002五、存在的主要问题"
    )
    raw = RawDocument(Path("qinghe.txt"), "txt", text)
    tables, warnings = recover_tables(raw, "2021format")
    assert row(tables.table2.values) == "0 0 0 1 0 5 1342 / 0 12.5"
    # Two cuts add up: 12,1,0,3,16 and 1,2,10,3,16. The cells they disagree on are
    # unreadable, the ones they share are read.
    assert row(tables.table4.values) == "? ? ? 3 16 0 0 0 0 0 1 1 0 0 2"
    assert any("多种拆分" in warning for warning in warnings)


def test_narrative_without_tables():
    text = (
        "青禾县民政局2025年政府信息公开工作年度报告\n一、总体情况\n全年主动公开信息86条，"
        "办理行政许可12件，未发生行政复议，维持原有公开目录。\n二、主动公开政府信息情况\n详见附件。\n"
    )
    tables, warnings = recover_tables(RawDocument(Path("qinghe.txt"), "txt", text), "2021format")
    assert (tables.table2, tables.table3, tables.table4) == (None, None, None)
    assert len(warnings) == 3 and all(warning.startswith("未找到") for warning in warnings)


def test_2021_table_3_inside_a_2019_trial_report_is_read_and_flagged():
    rows = _balanced_rows()
    raw = RawDocument(Path("songchuan.txt"), "txt", _fictional_table3_text(" ", rows))
    tables, warnings = recover_tables(raw, "2019trial")
    assert [row(r) for r in tables.table3.values] == _expected(rows)
    assert any("2019年试行格式" in warning and "表三" in warning for warning in warnings)


def test_pathological_digit_run_is_bounded():
    text = _fictional_table3_text("", _balanced_rows()).replace("123000015", "1" * 58)
    raw = RawDocument(Path("songchuan.txt"), "txt", text)
    tables, warnings = recover_tables(raw, "2021format")
    assert row(tables.table3.values[0]) == "? ? ? ? ? ? ?"


def test_grid_with_marks_and_blanks():
    header = ["", "", "自然人", "商业企业", "科研机构", "社会公益组织", "法律服务机构", "其他", "总计"]
    grid = [[Cell(text) for text in header]]
    for index, label in enumerate(TABLE3_ROWS):
        numbers = ["0"] * 7
        if index == 4:
            numbers = ["—", "/", "不适用", "", "0", "0", "0"]
        grid.append([Cell(label.split("·")[0]), Cell(label.split("·")[-1])] + [Cell(n) for n in numbers])
    raw = RawDocument(Path("grid.html"), "html", "松川市审计局\n", tables=[RawTable(grid, "html table 1")])
    tables, _ = recover_tables(raw, "2021format")
    assert row(tables.table3.values[4]) == "/ / / / 0 0 0"
    assert row(tables.table3.values[0]) == ZEROS


# --- corpus-wide ---------------------------------------------------------------------

# 2021-format files in which table 3 is not a 2021-shaped table, so it is not "present":
# the whole 2019 trial table set (table 2 too) was reused. Reports whose table 2 is a 2021
# one and whose table 3 only prints （六）其他处理 as one row (洪泽区 2023/2024 PDFs, 平潭
# ptzhsyqhtp 2023, ptzhsyqzhz 2021) are read, with those three sub-rows unreadable.
NO_2021_TABLE3 = {
    # manifest: "old 2019-format tables reused; 总计 row inconsistent (1000000)"
    "pingtan/ptzhsyqhtp/2021.txt",
    # manifest: "old 2019-format tables reused in 2022"
    "pingtan/ptzhsyqhtp/2022.txt",
}
# manifest: "blank official template … not a report": excluded from the rate.
NOT_A_REPORT = {"peers/official-template-2021.docx"}


def test_corpus_2021_format_recovery_rate():
    rows = [entry for entry in read_manifest() if entry["era"] == "2021format"]
    counts = {"table2": 0, "table3": 0, "table4": 0}
    present = {"table2": 0, "table3": 0, "table4": 0}
    missing3: set[str] = set()
    for entry in rows:
        raw = read_document(REAL_CORPUS / entry["file"])
        tables, warnings = recover_tables(raw, entry["era"])  # never raises
        assert all(isinstance(warning, str) for warning in warnings)
        if entry["file"] in NOT_A_REPORT:
            continue
        for key in counts:
            table = getattr(tables, key)
            if table is None:
                if key == "table3":
                    missing3.add(entry["file"])
                continue
            present[key] += 1
            counts[key] += fully_read(table.values)
    print(
        "\n2021-format reports: "
        + ", ".join(f"{key} fully read {counts[key]}/{present[key]}" for key in counts)
        + f" (of {len(rows) - len(NOT_A_REPORT)})"
    )
    assert missing3 == NO_2021_TABLE3
    assert counts["table3"] >= 0.9 * present["table3"]


@pytest.mark.parametrize("era", ["2019trial", "pre2019"])
def test_corpus_older_eras_never_raise(era: str):
    for entry in read_manifest():
        if entry["era"] == era:
            tables, warnings = recover_tables(read_document(REAL_CORPUS / entry["file"]), era)
            if era == "pre2019":
                assert tables.table2 is None and tables.table3 is None
            assert warnings
