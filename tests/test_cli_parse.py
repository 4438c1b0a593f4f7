"""`nqa parse`: text and JSON output on a fictional report, real files, and the error paths."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from narrative_qa.cli.app import _register_commands, app
from narrative_qa.document.model import SECTION_KEYS

_register_commands()
runner = CliRunner()

FICTIONAL = """松川市审计局2023年政府信息公开工作年度报告

本报告依据《中华人民共和国政府信息公开条例》编制。统计期限自2023年1月1日起至2023年12月31日止。

一、总体情况
2023年，我局公开审计结果公告8篇。
（一）主动公开
全年公开信息40条。
一、总体情况
重复的标题。
二、主动公开政府信息情况
本年未制发规章。
三、收到和处理政府信息公开申请情况
全年收到申请2件。
四、政府信息公开行政复议、行政诉讼情况
未发生行政复议、行政诉讼。
五、存在的主要问题及改进情况
问题是解读形式单一；措施是增加图解。
六、其他需要报告的事项
未收取信息处理费。
"""


@pytest.fixture()
def fictional_report(tmp_path: Path) -> Path:
    path = tmp_path / "songchuan-2023.txt"
    path.write_text(FICTIONAL, encoding="utf-8")
    return path


def test_json_contract(fictional_report: Path) -> None:
    result = runner.invoke(app, ["parse", str(fictional_report), "--format", "json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert data["file"] == str(fictional_report)
    assert (data["format"], data["encoding"]) == ("txt", "utf-8")
    assert (data["title"], data["unit"], data["year"]) == ("松川市审计局2023年政府信息公开工作年度报告", "松川市审计局", 2023)
    assert (data["level"], data["era"]) == ("department", "2021format")
    keys = [section["key"] for section in data["sections"]]
    assert keys == ["overview", "overview", *SECTION_KEYS[1:]]  # the repeat is kept
    assert [section["line"] for section in data["sections"]] == [5, 9, 11, 13, 15, 17, 19]
    first = data["sections"][0]
    assert set(first) == {"key", "ordinal", "title", "line", "column", "inline", "confidence"}
    assert (first["ordinal"], first["title"], first["column"], first["inline"]) == (1, "总体情况", 1, False)
    assert data["subtopics"] == [
        {
            "section": "overview",
            "section_index": 1,
            "ordinal": 1,
            "title": "主动公开",
            "line": 7,
            "column": 1,
            "inline": False,
            "confidence": 1.0,
        }
    ]
    assert set(data["tables"]) == {"table2", "table3", "table4"}
    assert isinstance(data["warnings"], list)


def test_json_tables_from_seed(seed_report: Path) -> None:
    result = runner.invoke(app, ["parse", str(seed_report), "--format", "json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert [s["line"] for s in data["sections"]][:2] == [5, 9]
    table3 = data["tables"]["table3"]
    if table3 is None:
        pytest.fail("table 3 of the seed report was not recovered")
    assert len(table3["values"]) == 25 and all(len(row) == 7 for row in table3["values"])
    assert len(table3["labels"]["rows"]) == 25 and len(table3["labels"]["columns"]) == 7
    assert table3["values"][0] == [7, 0, 0, 0, 0, 0, 7]  # 本年新收 (hand-checked)
    assert table3["kinds"][0] == ["number"] * 7
    table2 = data["tables"]["table2"]
    assert table2 is not None and len(table2["values"]) == 10 and len(table2["labels"]) == 10
    table4 = data["tables"]["table4"]
    assert table4 is not None and table4["values"] == [0] * 15 and len(table4["labels"]) == 15


def test_text_output(fictional_report: Path) -> None:
    result = runner.invoke(app, ["parse", str(fictional_report)])
    assert result.exit_code == 0, result.output
    assert "单位：松川市审计局" in result.output
    assert "第9行  一、总体情况" in result.output
    assert "重复" in result.output
    assert "表三" in result.output


def test_level_option(fictional_report: Path) -> None:
    result = runner.invoke(app, ["parse", str(fictional_report), "--format", "json", "--level", "government"])
    assert result.exit_code == 0, result.output
    assert json.loads(result.output)["level"] == "government"


def _run_nqa(*args: str) -> subprocess.CompletedProcess[str]:
    # Through `python -m narrative_qa`, i.e. through main(), which turns errors into one line.
    return subprocess.run(
        [sys.executable, "-m", "narrative_qa", *args], capture_output=True, text=True, timeout=120, check=False
    )


def _assert_one_line_error(result: subprocess.CompletedProcess[str], reason: str) -> None:
    assert result.returncode == 2, result.stderr
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith("错误：")
    assert reason in lines[0]
    assert "Traceback" not in result.stderr
    assert result.stdout == ""


def test_missing_file_subprocess(tmp_path: Path) -> None:
    _assert_one_line_error(_run_nqa("parse", str(tmp_path / "nowhere.txt")), "不存在")


def test_empty_file_subprocess(tmp_path: Path) -> None:
    path = tmp_path / "empty.txt"
    path.write_bytes(b"")
    _assert_one_line_error(_run_nqa("parse", str(path)), "空")


def test_binary_file_subprocess(tmp_path: Path) -> None:
    path = tmp_path / "blob.txt"
    path.write_bytes(bytes(range(256)) * 8)
    _assert_one_line_error(_run_nqa("parse", str(path), "--format", "json"), "二进制")


def test_scanned_pdf_subprocess(tmp_path: Path) -> None:
    # A one-page PDF with no text layer, as a scanner produces (an empty page stands in for the image).
    pdf = tmp_path / "scan.pdf"
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R /Resources << >> >>",
        b"<< /Length 0 >>\nstream\n\nendstream",
    ]
    body = b"%PDF-1.4\n"
    offsets = []
    for number, content in enumerate(objects, start=1):
        offsets.append(len(body))
        body += f"{number} 0 obj\n".encode() + content + b"\nendobj\n"
    xref = len(body)
    body += f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode()
    body += b"".join(f"{offset:010d} 00000 n \n".encode() for offset in offsets)
    body += f"trailer\n<< /Size {len(objects) + 1} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n".encode()
    pdf.write_bytes(body)
    _assert_one_line_error(_run_nqa("parse", str(pdf)), "扫描")


def test_installed_script(tmp_path: Path) -> None:
    script = Path(sys.executable).with_name("nqa")
    if not script.exists():
        pytest.fail(f"the nqa entry point is not installed beside {sys.executable}")
    result = subprocess.run(
        [str(script), "parse", str(tmp_path / "nowhere.txt")], capture_output=True, text=True, timeout=120, check=False
    )
    _assert_one_line_error(result, "不存在")


@pytest.mark.parametrize("name", ["peers/hongze-2024.pdf", "pingtan/ptzhsyqhzs/2025.html", "pingtan/ptzhsyqjsp/2021.txt"])
def test_real_files_json(real_corpus: Path, name: str) -> None:
    result = runner.invoke(app, ["parse", str(real_corpus / name), "--format", "json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert {section["key"] for section in data["sections"]} >= set(SECTION_KEYS)
