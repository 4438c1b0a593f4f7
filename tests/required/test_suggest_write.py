"""`nqa suggest --diff/--write`: statements go where they belong, the draft is never
overwritten, and the amended draft linted again no longer lacks what was added."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from narrative_qa.cli.app import _register_commands, app
from narrative_qa.document.parse import read_report
from narrative_qa.required.assess import assess
from narrative_qa.required.rulebook import builtin_rulebook
from narrative_qa.rules.registry import Context, find_rule

_register_commands()
RUNNER = CliRunner()


def _nqa(*args: str) -> subprocess.CompletedProcess:
    """Through main(), which turns errors into one Chinese line and exit code 2."""
    return subprocess.run([sys.executable, "-m", "narrative_qa", *args], capture_output=True, text=True, timeout=120)

# A complete fictional draft (multi-line): only 上年度问题整改情况 and the fee statement are missing.
FULL_OVERVIEW = (
    "（一）主动公开方面。全年在门户网站主动公开政府信息268条，发布政策解读15篇。\n\n"
    "（二）依申请公开方面。全年新收政府信息公开申请3件，均已按期答复。\n\n"
    "（三）政府信息管理方面。严格执行信息发布审核和保密审查制度。\n\n"
    "（四）政府信息公开平台建设方面。优化门户网站信息公开专栏，加强政务新媒体管理。\n\n"
    "（五）监督保障方面。将政务公开工作纳入年度绩效考核，组织业务培训2次。"
)
FULL_PREAMBLE = (
    "本报告根据《中华人民共和国政府信息公开条例》要求编制。本报告所列数据的统计期限自2024年1月1日起至2024年12月31日止。"
    "本报告电子版可在青禾县人民政府门户网站查阅。如对本报告有疑问，请与县民政局办公室联系（电话：0000-1234567）。"
)
PROBLEMS = "存在的主要问题：政策解读形式较为单一。改进措施：2025年将推出图解和短视频解读。"


def _missing(path: Path, level: str | None = None) -> set[str]:
    report = read_report(path, level=level)
    return {result.entry.id for result in assess(report, builtin_rulebook()) if result.missing}


def test_insertions_land_in_their_sections(write_draft, tmp_path):
    draft = write_draft(preamble=FULL_PREAMBLE, overview=FULL_OVERVIEW, problems=PROBLEMS, other="无。")
    assert {"previous-problems-rectified", "processing-fee"} <= _missing(draft)
    out = tmp_path / "amended.txt"
    result = RUNNER.invoke(app, ["suggest", str(draft), "--write", str(out)])
    assert result.exit_code == 0, result.output
    text = out.read_text("utf-8")
    problems_at = text.index("五、存在的主要问题及改进情况")
    other_at = text.index("六、其他需要报告的事项")
    rectified_at = text.index("上年度问题整改情况：")
    fee_at = text.index("本机关未收取政府信息公开信息处理费")
    assert problems_at < rectified_at < text.index("存在的主要问题：") < other_at  # first in 五
    assert other_at < fee_at  # in 六, after what 六 already says
    assert "\n\n2024年，本机关未收取政府信息公开信息处理费。" in text  # its own paragraph
    assert draft.read_text("utf-8") != text  # the input is untouched …
    assert "上年度问题整改情况" not in draft.read_text("utf-8")


def test_relint_reports_only_placeholders(write_draft, tmp_path):
    draft = write_draft(preamble="", overview="此处内容从略。", problems=PROBLEMS, other="无。")
    out = tmp_path / "amended.txt"
    RUNNER.invoke(app, ["suggest", str(draft), "--write", str(out)])
    before, after = _missing(draft), _missing(out)
    report = read_report(out)
    missing_rule, placeholder_rule = find_rule("R001"), find_rule("R002")
    relint = list(missing_rule.check(Context(report=report), missing_rule))
    inserted = {result.entry.id for result in assess(read_report(draft), builtin_rulebook()) if result.missing and result.severity.value != "info"}
    assert inserted and not (after & inserted)
    assert {finding.evidence["id"] for finding in relint} == after  # only what was not inserted (info entries)
    placeholders = list(placeholder_rule.check(Context(report=report), placeholder_rule))
    assert placeholders and all("【请填写：" in finding.message for finding in placeholders)
    assert all(report.text[f.start : f.end].startswith("【请填写：") for f in placeholders)
    assert before - after == inserted


def test_seed_roundtrip(seed_report, tmp_path):
    out = tmp_path / "seed-amended.txt"
    result = RUNNER.invoke(app, ["suggest", str(seed_report), "--write", str(out), "--revise"])
    assert result.exit_code == 0, result.output
    text = out.read_text("utf-8")
    assert "本年度湛河区住建局未收到政府信息公开申请" not in text  # --revise replaced the contradiction
    assert "依申请公开：2024年，本机关新收政府信息公开申请7件" in text
    remaining = _missing(out)
    assert "previous-problems-rectified" not in remaining and "statistics-period" not in remaining
    assert remaining <= {"electronic-copy", "contact", "key-tasks-follow-up", "proposals-disclosure", "innovation"}


def test_flattened_one_line_draft(tmp_path):
    body = (
        "松川市审计局2024年政府信息公开工作年度报告 本报告依据《政府信息公开条例》编制。"
        "一、总体情况 2024年，我局主动公开信息120条，发布解读6篇。（一）主动公开方面。全年主动公开信息120条。"
        "（二）依申请公开方面。收到信息公开申请2件，均已答复。（三）政府信息管理方面。落实保密审查。"
        "（四）政府信息公开平台建设方面。维护政务新媒体。（五）监督保障方面。组织培训1次。"
        "二、主动公开政府信息情况 （表格从略） 三、收到和处理政府信息公开申请情况 （表格从略） "
        "四、政府信息公开行政复议、行政诉讼情况 （表格从略） 五、存在的主要问题及改进情况 存在的问题是解读不够通俗。下一步将增加图解。"
        "六、其他需要报告的事项 无。"
    )
    draft = tmp_path / "flat.txt"
    draft.write_text(body, "utf-8")
    out = tmp_path / "flat-amended.txt"
    result = RUNNER.invoke(app, ["suggest", str(draft), "--write", str(out)])
    assert result.exit_code == 0, result.output
    text = out.read_text("utf-8")
    assert "\n" not in text  # still one line
    assert "统计期限自2024年1月1日起至2024年12月31日止。一、总体情况" in text  # before the first heading
    assert "五、存在的主要问题及改进情况 上年度问题整改情况：" in text
    assert text.endswith("无。2024年，本机关未收取政府信息公开信息处理费。")
    assert "statistics-period" not in _missing(out)


def test_missing_section_is_written_with_its_heading(write_draft, tmp_path):
    text = write_draft(preamble=FULL_PREAMBLE, overview=FULL_OVERVIEW, problems=PROBLEMS).read_text("utf-8")
    without_other = text[: text.index("六、其他需要报告的事项")].rstrip() + "\n"
    draft = tmp_path / "no-six.txt"
    draft.write_text(without_other, "utf-8")
    result = RUNNER.invoke(app, ["suggest", str(draft), "--diff"])
    assert result.exit_code == 0
    assert "+六、其他需要报告的事项" in result.output
    assert "+2024年，本机关未收取政府信息公开信息处理费。" in result.output
    assert result.output.startswith("--- a/no-six.txt")


def test_write_refuses_input_and_existing_files(write_draft, tmp_path):
    draft = write_draft()
    original = draft.read_text("utf-8")
    for extra in ([], ["--force"]):
        refused = _nqa("suggest", str(draft), "--write", str(draft), *extra)
        assert refused.returncode == 2 and "不能覆盖输入文件" in refused.stderr
        assert len(refused.stderr.strip().splitlines()) == 1 and "Traceback" not in refused.stderr
    assert draft.read_text("utf-8") == original
    existing = tmp_path / "exists.txt"
    existing.write_text("旧内容", "utf-8")
    refused = _nqa("suggest", str(draft), "--write", str(existing))
    assert refused.returncode == 2 and "已存在" in refused.stderr
    assert existing.read_text("utf-8") == "旧内容"
    forced = RUNNER.invoke(app, ["suggest", str(draft), "--write", str(existing), "--force"])
    assert forced.exit_code == 0 and "上年度问题整改情况" in existing.read_text("utf-8")
    assert not list(tmp_path.glob(".*.tmp"))  # no temporary file left behind


def test_diff_refuses_non_text_formats(real_corpus):
    result = _nqa("suggest", str(real_corpus / "peers" / "hongze-2024.pdf"), "--diff")
    assert result.returncode == 2 and "txt" in result.stderr


@pytest.mark.parametrize("level", ["government", "department"])
def test_level_option_changes_what_applies(write_draft, level):
    draft = write_draft(preamble=FULL_PREAMBLE, overview=FULL_OVERVIEW, problems=PROBLEMS, other="无。")
    result = RUNNER.invoke(app, ["suggest", str(draft), "--level", level])
    assert ("工作考核、社会评议和责任追究结果情况" in result.output) is (level == "government")
