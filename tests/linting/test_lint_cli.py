"""`nqa lint` end to end in a new process: exit codes, batches, unreadable files, rules/explain."""

from __future__ import annotations

import json
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

MARKED = {"全年主动公开各类信息312条。": "全年主动公开各类信息312条【待核】。"}
WARNED = {"组织专题培训2次。": "组织专题培训2次【存疑】。"}


def test_clean_draft_exits_0_with_summary(cli, draft):
    path = draft()
    result = cli("lint", path, "--select", "probe-marker")
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip().splitlines()[-1] == "共 0 个问题：错误 0，警告 0，提示 0；检查文件 1 个，无法读取 0 个"
    assert result.stderr == ""


def test_error_finding_exits_1_and_is_located(cli, draft):
    path = draft(replace=MARKED)
    result = cli("lint", path, "--select", "S999")
    assert result.returncode == 1
    first = result.stdout.splitlines()[0]
    # line 7 of the fixture, right after "…全年主动公开各类信息312条" (50 characters)
    assert first == f"{path}:7:51: S999 [error] 草稿中留有标记【待核】 (probe-marker)"
    lines = path.read_text("utf-8").splitlines()
    assert lines[6][50:54] == "【待核】"


def test_fail_on_decides_which_severity_fails(cli, draft):
    path = draft(replace=WARNED)
    assert cli("lint", path, "--select", "S999").returncode == 0
    assert cli("lint", path, "--select", "S999", "--fail-on", "warning").returncode == 1
    assert cli("lint", path, "--select", "S999", "--fail-on", "info").returncode == 1
    bad = cli("lint", path, "--fail-on", "fatal")
    assert bad.returncode == 2
    assert bad.stderr.count("\n") == 1 and "fatal" in bad.stderr


def test_nonexistent_path_is_a_usage_error(cli, draft, tmp_path):
    path = draft(replace=MARKED)
    result = cli("lint", path, tmp_path / "missing.md")
    assert result.returncode == 2
    assert result.stdout == ""
    assert result.stderr.strip() == f"错误：路径不存在：{tmp_path / 'missing.md'}"
    assert "Traceback" not in result.stderr


def test_unknown_selector_and_format_are_usage_errors(cli, draft):
    path = draft()
    for args, word in ((["--select", "S001,no-such-rule"], "no-such-rule"), (["--format", "xml"], "xml"),
                       (["--ignore", "Z"], "Z")):
        result = cli("lint", path, *args)
        assert result.returncode == 2, args
        assert result.stderr.count("\n") == 1 and word in result.stderr and result.stderr.startswith("错误：")


def test_batch_continues_past_an_unreadable_file(cli, draft, tmp_path):
    good = draft(replace=MARKED)
    binary = tmp_path / "scan.txt"
    binary.write_bytes(b"PK\x03\x04\x00\x00\xff\xfe\x00\x00\x89PNG\x00\x01\x02\x03\x00\x00" * 8)
    result = cli("lint", tmp_path, "--select", "S999", "--format", "json")
    assert result.returncode == 1
    findings = json.loads(result.stdout)
    assert [f["file"] for f in findings] == [str(good)]
    errors = result.stderr.strip().splitlines()
    assert len(errors) == 1 and errors[0].startswith(f"错误：无法检查 {binary}：")

    text = cli("lint", tmp_path, "--select", "S999")
    assert text.stdout.strip().splitlines()[-1].endswith("检查文件 1 个，无法读取 1 个")


def test_unreadable_file_alone_fails_even_without_findings(cli, draft, tmp_path):
    good = draft()
    binary = tmp_path / "scan.txt"
    binary.write_bytes(b"\x00\x01\x02\x03\xff\xfe" * 50)
    # one clean file and one unreadable: the unreadable one fails the run (exit 1) ...
    assert cli("lint", good, binary, "--select", "S999").returncode == 1
    # ... and when no file at all could be checked, the run is an input error (exit 2)
    alone = cli("lint", binary)
    assert alone.returncode == 2
    assert "无法读取 1 个" in alone.stdout


def test_directories_recurse_and_skip_hidden(cli, draft, tmp_path):
    draft(replace=MARKED, folder=tmp_path / "drafts" / "2024")
    draft(replace=MARKED, folder=tmp_path / ".git")
    draft(replace=MARKED, folder=tmp_path / "drafts", target=".backup.md")
    (tmp_path / "drafts" / "notes.csv").write_text("a,b\n", encoding="utf-8")
    result = cli("lint", tmp_path, "--select", "S999", "--format", "json")
    files = {Path(f["file"]).relative_to(tmp_path).as_posix() for f in json.loads(result.stdout)}
    assert files == {"drafts/2024/songchuan-shenjiju-2024.md"}


def test_output_file(cli, draft, tmp_path):
    path = draft(replace=MARKED)
    out = tmp_path / "out" / "findings.json"
    out.parent.mkdir()
    result = cli("lint", path, "--select", "S999", "-f", "json", "--output", out)
    assert result.returncode == 1 and result.stdout == ""
    assert json.loads(out.read_text("utf-8"))[0]["code"] == "S999"


def test_rules_lists_every_rule(cli):
    text = cli("rules")
    assert text.returncode == 0
    header, *rows = text.stdout.splitlines()
    assert header.split()[:4] == ["代码", "名称", "类别", "级别"]
    assert any(row.split()[:4] == ["S999", "probe-marker", "structure", "error"] for row in rows)
    assert any(row.startswith("X001") and "unused-suppression" in row for row in rows)
    listed = json.loads(cli("rules", "--format", "json").stdout)
    probe = next(entry for entry in listed if entry["code"] == "S999")
    assert probe["name"] == "probe-marker" and probe["family"] == "S" and probe["severity"] == "error"
    assert probe["defaults"] == {"marker": "【待核】"}
    assert [entry["code"] for entry in listed] == sorted(entry["code"] for entry in listed)


def test_explain_by_code_and_name(cli):
    by_code = cli("explain", "x001")
    by_name = cli("explain", "unused-suppression")
    assert by_code.returncode == 0 and by_code.stdout == by_name.stdout
    assert by_code.stdout.startswith("X001 unused-suppression\n")
    assert "默认级别：warning" in by_code.stdout and "为什么" in by_code.stdout
    probe = cli("explain", "S999").stdout
    assert "可配置参数（默认值）：marker = \"【待核】\"" in probe


def test_explain_unknown_code_is_one_chinese_line(cli):
    result = cli("explain", "Q999")
    assert result.returncode == 2
    assert result.stdout == ""
    assert result.stderr == "错误：未知的规则：Q999（用 nqa rules 查看全部规则）\n"


def test_missing_model_previous_or_baseline_files_are_usage_errors(cli, draft, tmp_path):
    path = draft()
    for option, message in (("--model", "找不到模型文件夹"), ("--previous", "找不到上一年度报告"),
                            ("--baseline", "找不到基线文件"), ("--config", "找不到配置文件")):
        result = cli("lint", path, option, tmp_path / "missing")
        assert result.returncode == 2, option
        assert result.stderr == f"错误：{message}：{tmp_path / 'missing'}\n"


def test_previous_report_that_cannot_be_read_is_a_usage_error(cli, draft, tmp_path):
    broken = tmp_path / "2023.txt"
    broken.write_bytes(b"PK\x03\x04\x00\x00\xff\xfe\x00\x00\x89PNG\x00\x01\x02\x03\x00\x00" * 8)
    result = cli("lint", draft(), "--previous", broken)
    assert result.returncode == 2 and result.stderr.startswith(f"错误：无法读取上一年度报告 {broken}：")


REAL = Path(__file__).resolve().parents[3] / "shared" / "corpus" / "real"


@pytest.mark.skipif(not REAL.is_dir(), reason="needs ../shared/corpus/real")
@pytest.mark.parametrize("jobs", ["1", "2"])
def test_ctrl_c_says_so_in_one_line_and_exits_130(jobs):
    """Typer turns Ctrl-C into a silent exit 130; the user still gets one Chinese line and no
    traceback, with one process or several."""
    process = subprocess.Popen(
        [sys.executable, "-m", "narrative_qa", "lint", "--jobs", jobs, str(REAL)],
        stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True,
    )
    time.sleep(1.0)  # well into the lint (a whole-corpus lint takes over 1.5 s)
    process.send_signal(signal.SIGINT)
    _, stderr = process.communicate(timeout=60)
    assert process.returncode == 130
    assert stderr == "已中断。\n"
