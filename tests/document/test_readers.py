"""Readers: every format into a RawDocument with exact positions and full table grids.

Real reports are read from ../shared at run time; the fixtures written here are fictional.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from narrative_qa.document.model import RawDocument, RawTable
from narrative_qa.document.readers import read_document
from narrative_qa.errors import InputError

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "readers"
PINGTAN_HTML = [
    "pingtan/pingtan/2025.html",
    "pingtan/ptzhsyqhzs/2025.html",
    "pingtan/ptzhsyqjtj/2025.html",
    "pingtan/ptzhsyqnyn/2025.html",
    "pingtan/ptzhsyqshs/2025.html",
    "pingtan/ptzhsyqzrz/2024.html",
]
NAVIGATION_WORDS = ("当前位置", "分享到", "网站地图", "您现在的位置", "打印本页", "关闭窗口")
PAGE_NUMBER_LINE = re.compile(r"^\s*([-－—]\s*\d+\s*[-－—]|第\s*\d+\s*页.*|\d+\s*/\s*\d+|\d{1,3})\s*$")


def assert_spans_point_at_cells(document: RawDocument) -> None:
    """Every cell span covers exactly the cell text, with line/column from the index."""
    for table in document.tables:
        widths = {len(row) for row in table.rows}
        assert len(widths) == 1, f"{table.origin} is not rectangular"
        for row in table.rows:
            for cell in row:
                if cell.span is None:
                    continue
                assert document.text[cell.span.start : cell.span.end] == cell.text
                assert document.span(cell.span.start, cell.span.end) == cell.span


def table_shapes(document: RawDocument) -> list[tuple[int, int]]:
    return [(len(table.rows), len(table.rows[0])) for table in document.tables]


def find_row(table: RawTable, label: str) -> list[str]:
    for row in table.rows:
        if row[0].text.startswith(label):
            return [cell.text for cell in row]
    raise AssertionError(f"no row {label} in {table.origin}")


# ---------------------------------------------------------------- plain text


def test_seed_report_text_is_the_file_and_positions_match_grep(seed_report: Path) -> None:
    document = read_document(seed_report)
    raw = seed_report.read_text("utf-8")
    assert document.format == "txt"
    assert document.encoding == "utf-8"
    assert document.text == raw  # nothing to normalise in the seed: identical
    # grep -n "一、总体情况" gives lines 5 and 9 (the seed repeats the heading)
    grep_lines = [number for number, line in enumerate(raw.split("\n"), 1) if "一、总体情况" in line]
    assert grep_lines == [5, 9]
    starts = [match.start() for match in re.finditer("一、总体情况", document.text)]
    assert [document.span(start, start + 6).line for start in starts] == grep_lines
    assert document.span(starts[0], starts[0] + 6).column == 1


@pytest.mark.parametrize(
    "encoding, expected",
    [
        ("utf-8", "utf-8"),
        ("utf-8-sig", "utf-8-sig"),
        ("gb18030", "gb18030"),
        ("gbk", "gb18030"),
        ("utf-16", "utf-16-le"),  # Python writes a little-endian BOM
        ("utf-16-be-bom", "utf-16-be"),
        ("utf-16-le-nobom", "utf-16-le"),
    ],
)
def test_the_same_report_in_every_encoding_gives_the_same_text(
    seed_report: Path, tmp_path: Path, encoding: str, expected: str
) -> None:
    reference = read_document(seed_report)
    text = seed_report.read_text("utf-8")
    if encoding == "utf-16-be-bom":
        data = b"\xfe\xff" + text.encode("utf-16-be")
    elif encoding == "utf-16-le-nobom":
        data = text.encode("utf-16-le")
    else:
        data = text.encode(encoding)
    path = tmp_path / "report.txt"
    path.write_bytes(data)
    document = read_document(path)
    assert document.encoding == expected
    assert document.text == reference.text


def test_crlf_files_keep_length_and_line_numbers(seed_report: Path, tmp_path: Path) -> None:
    text = seed_report.read_text("utf-8")
    path = tmp_path / "crlf.txt"
    path.write_bytes(text.replace("\n", "\r\n").encode("gb18030"))
    document = read_document(path)
    assert len(document.text) == len(text.replace("\n", "\r\n"))
    start = document.text.index("一、总体情况")
    assert document.span(start, start + 6).line == 5
    assert "\r" not in document.text


def test_normalisation_replaces_one_character_for_one(tmp_path: Path) -> None:
    text = "松川市审计局\r\n\u3000\u3000一、总体情况\u00a0\r二是\u200b加强培训\u2003。\n"
    path = tmp_path / "songchuan.txt"
    path.write_text(text, encoding="utf-8")
    document = read_document(path)
    assert len(document.text) == len(text)
    assert document.text == "松川市审计局 \n  一、总体情况 \n二是\u200b加强培训 。\n"
    start = document.text.index("一、总体情况")
    assert (document.span(start, start).line, document.span(start, start).column) == (2, 3)


def test_binary_files_are_rejected(tmp_path: Path) -> None:
    from PIL import Image

    png = tmp_path / "picture.txt"
    Image.new("RGB", (8, 8), "white").save(png, format="PNG")
    nul = tmp_path / "nul.txt"
    nul.write_bytes(bytes(range(256)) * 4)
    for path in (png, nul):
        with pytest.raises(InputError, match="无法识别的文件内容（可能是二进制文件）"):
            read_document(path)


def test_missing_directory_and_empty_inputs(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="文件不存在："):
        read_document(tmp_path / "nothing.txt")
    with pytest.raises(InputError, match="文件不存在："):
        read_document(tmp_path)
    empty = tmp_path / "empty.txt"
    empty.write_bytes(b"")
    with pytest.raises(InputError, match="文件为空："):
        read_document(empty)
    blank = tmp_path / "blank.md"
    blank.write_text(" \n\u3000\n", encoding="utf-8")
    with pytest.raises(InputError, match="文件为空："):
        read_document(blank)


def test_every_error_message_is_one_chinese_line(tmp_path: Path) -> None:
    with pytest.raises(InputError) as caught:
        read_document(tmp_path / "missing.pdf")
    message = str(caught.value)
    assert "\n" not in message and re.search(r"[\u4e00-\u9fff]", message)


def test_unknown_suffix_is_sniffed(tmp_path: Path) -> None:
    text_file = tmp_path / "report.dat"
    text_file.write_text("青禾县民政局\n一、总体情况\n", encoding="gb18030")
    assert read_document(text_file).format == "txt"
    page = tmp_path / "report.page"
    page.write_text("<!doctype html><html><body><div class='content'><p>一、总体情况</p></div></body></html>", "utf-8")
    assert read_document(page).format == "html"
    old_word = tmp_path / "report.doc"
    old_word.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 512)
    with pytest.raises(InputError, match="旧版 Word"):
        read_document(old_word)


# ---------------------------------------------------------------- markdown pipes


def test_markdown_pipe_table_cells_point_into_the_text() -> None:
    document = read_document(FIXTURES / "qinghe-minzheng-2024.md")
    assert document.format == "md"
    assert table_shapes(document) == [(3, 4)]
    assert find_row(document.tables[0], "行政规范性文件") == ["行政规范性文件", "2", "1", "9"]
    assert document.text.count("\u3000") == 0  # ideographic indents are spaces, one for one
    assert_spans_point_at_cells(document)


def test_pipe_tables_in_real_markdown_and_txt(real_corpus: Path) -> None:
    county = read_document(real_corpus / "peers" / "shuyang-county-2025.txt")
    assert county.format == "txt"
    assert len(county.tables) >= 10
    first = county.tables[0]
    assert [cell.text for cell in first.rows[0]] == ["信息内容", "本年制发件数", "本年废止件数", "现行有效件数"]
    assert "---" not in {cell.text for table in county.tables for row in table.rows for cell in row}
    assert_spans_point_at_cells(county)
    for name in ("shanghai-kewei-2024-source.md", "shanghai-office-2025-source.md"):
        document = read_document(real_corpus / "peers" / name)
        assert document.tables, name
        assert_spans_point_at_cells(document)


# ---------------------------------------------------------------- docx


def _filled_template(template: Path, target: Path) -> None:
    """The blank official template with numbers written into table 3 (申请情况)."""
    import docx

    document = docx.Document(str(template))
    table = document.tables[1]
    for row_index in range(3, len(table.rows)):
        for column in range(3, 10):
            table.cell(row_index, column).text = str(row_index * 10 + column)
    document.save(str(target))


def test_docx_template_tables_come_back_as_full_grids(real_corpus: Path, tmp_path: Path) -> None:
    filled = tmp_path / "filled.docx"
    _filled_template(real_corpus / "peers" / "official-template-2021.docx", filled)
    document = read_document(filled)
    assert document.format == "docx"
    assert table_shapes(document) == [(14, 4), (28, 10), (3, 15)]
    table3 = document.tables[1]
    # merged header: three columns and three rows of one cell, repeated everywhere it covers
    corner = table3.rows[0][0]
    assert corner.text.startswith("（本列数据的勾稽关系")
    assert all(table3.rows[row][column].text == corner.text for row in range(3) for column in range(3))
    assert all(table3.rows[row][column].span == corner.span for row in range(3) for column in range(3))
    assert [cell.text for cell in table3.rows[0][3:]] == ["申请人情况"] * 7
    assert table3.rows[2][4].text == "商业企业"  # two paragraphs in one cell, glued
    assert find_row(table3, "一、本年新收")[3:] == [str(30 + column) for column in range(3, 10)]
    assert [cell.text for cell in table3.rows[9][:2]] == ["三、本年度办理结果", "（三）不予公开"]
    assert_spans_point_at_cells(document)
    # document order: headings, then the tables' rows as tab-joined lines
    lines = document.text.split("\n")
    heading = lines.index("三、收到和处理政府信息公开申请情况")
    row_line = next(number for number, line in enumerate(lines) if line.startswith("一、本年新收"))
    assert heading < row_line < lines.index("四、政府信息公开行政复议、行政诉讼情况")
    assert lines[row_line].split("\t")[3:] == [str(30 + column) for column in range(3, 10)]
    assert document.line_origins[row_line + 1] == "docx table 2 row 4"
    assert document.line_origins[lines.index("一、总体情况") + 1].startswith("docx paragraph ")


def test_corrupt_docx_is_an_input_error(tmp_path: Path) -> None:
    broken = tmp_path / "broken.docx"
    broken.write_bytes(b"PK\x03\x04 this is not a word file")
    with pytest.raises(InputError, match="Word"):
        read_document(broken)


# ---------------------------------------------------------------- html


@pytest.mark.parametrize("name", [*PINGTAN_HTML, "peers/shuyang-fgj-2023.html"])
def test_html_article_only_with_full_tables(real_corpus: Path, name: str) -> None:
    document = read_document(real_corpus / name)
    assert document.format == "html"
    first = document.text.split("\n", 1)[0]
    assert document.line_origins[1] == "html title" and "年" in first and first.endswith("报告")
    assert "一、总体情况" in document.text
    assert "五、" in document.text and "六、" in document.text
    for word in NAVIGATION_WORDS:
        assert word not in document.text, word
    shapes = table_shapes(document)
    assert len(shapes) == 3
    assert shapes[0][1] == 4 and shapes[0][0] >= 13  # table 2 (an empty row may be dropped)
    assert shapes[1:] == [(28, 10), (4, 15)]
    received = find_row(document.tables[1], "一、本年新收")
    assert received[-1].isdigit()
    assert_spans_point_at_cells(document)


@pytest.mark.parametrize("name", PINGTAN_HTML)
def test_html_article_equals_the_archived_text(real_corpus: Path, name: str) -> None:
    """The manifest: article text == the .txt body once whitespace is ignored. The reader
    puts the page's article title in front (line 1, origin "html title"); the archive keeps
    it in its metadata header ("标题: …") instead."""
    document = read_document(real_corpus / name)
    archived = (real_corpus / name).with_suffix(".txt").read_text("utf-8")
    header, body = archived.split("==== 正文 ====", 1)
    title, article = document.text.split("\n", 1)
    assert document.line_origins[1] == "html title"
    assert f"标题: {title}\n" in header
    assert re.sub(r"\s", "", article) == re.sub(r"\s", "", body.lstrip("="))


def test_gbk_page_with_merged_cells_and_furniture(tmp_path: Path) -> None:
    page = """<html><head><meta http-equiv="Content-Type" content="text/html; charset=gb2312">
    <title>松川市审计局2024年政府信息公开工作年度报告_松川市人民政府</title><script>var x = "一、总体情况";</script></head><body>
    <div class="nav">首页 | 政务公开 | 网站地图</div>
    <div class="position">当前位置：首页 &gt; 年度报告</div>
    <div id="zoom"><p>松川市审计局2024年政府信息公开工作年度报告</p>
    <p>一、总体情况</p><p>　　本年度主动公开审计结果公告12条，<br>受理申请3件。</p>
    <table><tr><td rowspan="2" colspan="2">项目</td><td colspan="2">申请人情况</td></tr>
    <tr><td>自然人</td><td>其他</td></tr>
    <tr><td rowspan="2">三、办理结果</td><td>予以公开</td><td>2</td><td>0</td></tr>
    <tr><td>不予公开</td><td>1</td><td>0</td></tr></table>
    <div class="share">分享到：微信 微博</div></div>
    <div class="footer">主办单位：松川市审计局</div></body></html>"""
    path = tmp_path / "songchuan.htm"
    path.write_bytes(page.encode("gbk"))
    document = read_document(path)
    assert document.encoding == "gb18030"
    assert "分享到" not in document.text and "当前位置" not in document.text and "网站地图" not in document.text
    assert "主办单位" not in document.text and "var x" not in document.text
    lines = document.text.split("\n")
    assert "html title" not in document.line_origins.values()  # the body holds the title already
    assert lines[:4] == [
        "松川市审计局2024年政府信息公开工作年度报告",
        "一、总体情况",
        "本年度主动公开审计结果公告12条，",
        "受理申请3件。",
    ]
    grid = [[cell.text for cell in row] for row in document.tables[0].rows]
    assert grid == [
        ["项目", "项目", "申请人情况", "申请人情况"],
        ["项目", "项目", "自然人", "其他"],
        ["三、办理结果", "予以公开", "2", "0"],
        ["三、办理结果", "不予公开", "1", "0"],
    ]
    assert lines[4:] == ["项目\t\t申请人情况\t", "\t\t自然人\t其他", "三、办理结果\t予以公开\t2\t0", "\t不予公开\t1\t0"]
    assert document.line_origins[7] == "html table 1 row 3"
    assert_spans_point_at_cells(document)


# ---------------------------------------------------------------- pdf

PDF_TABLE3 = {
    # file: (新收 总计, （七）总计 总计, 结转下年度 总计) — checked by hand against the PDFs
    "hongze-2023.pdf": ("21", "21", "0"),
    "hongze-2024.pdf": ("95", "95", "0"),
    "huaian-2024.pdf": ("3119", "3050", "103"),
}


@pytest.mark.parametrize("name", sorted(PDF_TABLE3))
def test_pdf_text_tables_and_no_page_numbers(real_corpus: Path, name: str) -> None:
    document = read_document(real_corpus / "peers" / name)
    assert document.format == "pdf"
    lines = document.text.split("\n")
    assert not [line for line in lines if PAGE_NUMBER_LINE.match(line)]
    for heading in ("一、总体情况", "二、主动公开政府信息情况", "三、收到和处理政府信息公开申请情况",
                    "五、存在的主要问题及改进情况", "六、其他需要报告的事项"):
        assert heading in lines, heading
    table3 = next(table for table in document.tables if len(table.rows[0]) == 10)
    assert len(table3.rows) >= 26  # continued across the page break into one grid
    received, answered, carried = PDF_TABLE3[name]
    assert find_row(table3, "一、本年新收")[-1] == received
    assert any(row[-1].text == answered and "总计" in row[1].text for row in table3.rows)
    assert find_row(table3, "四、结转下年度")[-1] == carried
    # the merged 三、本年度办理结果 label covers every result row, across the page break too
    labels = [row[0].text for row in table3.rows]
    first = next(index for index, row in enumerate(table3.rows) if "予以公开" in row[1].text)
    last = next(index for index, row in enumerate(table3.rows) if "总计" in row[1].text)
    assert all(label.startswith("三、本年度办理结果") for label in labels[first : last + 1])
    assert any(len(table.rows[0]) == 15 for table in document.tables)  # table 4
    # the numbers of table 3 are in the text too, once, as a tab-joined row
    assert sum(line.startswith("一、本年新收") and line.endswith("\t" + received) for line in lines) == 1
    assert_spans_point_at_cells(document)


def test_image_only_pdf_asks_for_ocr(tmp_path: Path) -> None:
    from PIL import Image, ImageDraw

    image = Image.new("RGB", (400, 200), "white")
    ImageDraw.Draw(image).rectangle((20, 20, 380, 180), outline="black")
    path = tmp_path / "scanned.pdf"
    image.save(path, format="PDF")
    with pytest.raises(InputError, match="没有文字层（可能是扫描件），需要先进行 OCR 识别"):
        read_document(path)


def test_corrupt_pdf_is_an_input_error(tmp_path: Path) -> None:
    path = tmp_path / "broken.pdf"
    path.write_bytes(b"%PDF-1.4\n1 0 obj << /Type /Catalog >> garbage\n")
    with pytest.raises(InputError, match="PDF"):
        read_document(path)


def test_readers_import_heavy_libraries_lazily() -> None:
    import subprocess
    import sys

    code = (
        "import sys, narrative_qa.document.readers as r;"
        "heavy = [m for m in ('docx', 'bs4', 'pdfplumber', 'charset_normalizer') if m in sys.modules];"
        "print(heavy)"
    )
    output = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert output.strip() == "[]"


def _numbered_docx(path: Path) -> None:
    """A fictional report whose headings are Word list numbering, not typed text."""
    import docx
    from docx.oxml import parse_xml

    namespace = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'
    document = docx.Document()
    numbering = document.part.numbering_part.element
    numbering.insert(0, parse_xml(
        f'<w:abstractNum {namespace} w:abstractNumId="90">'
        '<w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="chineseCounting"/><w:lvlText w:val="%1、"/></w:lvl>'
        '<w:lvl w:ilvl="1"><w:start w:val="1"/><w:numFmt w:val="chineseCounting"/><w:lvlText w:val="（%2）"/></w:lvl>'
        "</w:abstractNum>"
    ))
    numbering.append(parse_xml(f'<w:num {namespace} w:numId="90"><w:abstractNumId w:val="90"/></w:num>'))
    # the heading style carries the numbering, as templates often do
    heading = document.styles["Heading 1"].element
    heading.get_or_add_pPr().append(parse_xml(f'<w:numPr {namespace}><w:numId w:val="90"/></w:numPr>'))

    def numbered(text: str, level: int) -> None:
        paragraph = document.add_paragraph(text)
        paragraph._p.get_or_add_pPr().append(parse_xml(
            f'<w:numPr {namespace}><w:ilvl w:val="{level}"/><w:numId w:val="90"/></w:numPr>'
        ))

    document.add_paragraph("青禾县民政局2024年政府信息公开工作年度报告")
    document.add_heading("总体情况", level=1)
    numbered("主动公开情况。全年公开信息236条。", 1)
    numbered("依申请公开情况。受理申请4件。", 1)
    numbered("主动公开政府信息情况", 0)
    document.add_heading("收到和处理政府信息公开申请情况", level=1)
    numbered("申请办理情况。", 1)
    document.save(str(path))


def test_docx_list_numbering_is_rendered(tmp_path: Path) -> None:
    path = tmp_path / "numbered.docx"
    _numbered_docx(path)
    lines = read_document(path).text.split("\n")
    assert lines == [
        "青禾县民政局2024年政府信息公开工作年度报告",
        "一、总体情况",
        "（一）主动公开情况。全年公开信息236条。",
        "（二）依申请公开情况。受理申请4件。",
        "二、主动公开政府信息情况",
        "三、收到和处理政府信息公开申请情况",
        "（一）申请办理情况。",
    ]


def test_chinese_list_numbers() -> None:
    from narrative_qa.document.readers.docx_numbering import chinese_number

    assert [chinese_number(n) for n in (1, 6, 10, 11, 20, 23, 100, 105, 110)] == [
        "一", "六", "十", "十一", "二十", "二十三", "一百", "一百零五", "一百一十",
    ]


@pytest.mark.parametrize(
    "line, expected",
    [("- 2 -", True), ("—3—", True), ("第 2 页", True), ("第2页 共5页", True), ("2/5", True), ("4", True),
     ("2024", False), ("一、总体情况", False), ("2023 年，全区受理申请 21 件", False)],
)
def test_page_number_lines(line: str, expected: bool) -> None:
    from narrative_qa.document.readers.pdf_file import _is_page_number

    assert _is_page_number(line, page_count=5) is expected
