"""The rulebook as data: the shipped one is complete, a reviewer's file is checked, and
configuration can disable entries or add its own."""

from __future__ import annotations

import re
import subprocess
import sys

import pytest

from narrative_qa.document.parse import read_report
from narrative_qa.errors import UsageError
from narrative_qa.required.rulebook import builtin_rulebook, load_rulebook, parse_rulebook
from narrative_qa.rules.registry import Context, find_rule

SOURCES = re.compile(r"条例》第[一二三四五六七八九十]+条|国办公开办函〔2021〕30号|国办函〔2020〕109号|common practice|通行做法")

EXTRA = """
[[entry]]
id = "open-day"
title = "政府开放日活动情况"
section = "other"
levels = ["government", "department", "township"]
eras = ["2021format"]
source = "common practice（本省年报通知要求）"
severity = "warning"
phrases = ["开放日"]
suggestion = "{year}年政府开放日活动情况：【请填写：举办次数和参加人数】。"
"""


def test_builtin_rulebook_is_complete():
    rulebook = builtin_rulebook()
    assert 12 <= len(rulebook) <= 18
    for entry in rulebook:
        assert SOURCES.search(entry.source), entry.id
        assert entry.suggestion and entry.title
    sections = {entry.section for entry in rulebook}
    assert sections == {"preamble", "overview", "problems", "other"}
    assert builtin_rulebook().get("previous-problems-rectified").severity.value == "warning"
    assert builtin_rulebook().get("overview-assessment-results").levels == ("government", "township")


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (lambda text: text.replace('id = "open-day"', 'id = "Open Day"'), "id"),
        (lambda text: text.replace('section = "other"', 'section = "six"'), "section"),
        (lambda text: text.replace('phrases = ["开放日"]', "patterns = ['(开放日']"), "正则"),
        (lambda text: text.replace("{year}", "{budget}"), "未知字段"),
        (lambda text: text.replace('severity = "warning"', 'severity = "fatal"'), "严重程度"),
        (lambda text: text + 'colour = "red"\n', "未知的键"),
        (lambda text: text.replace('phrases = ["开放日"]\n', ""), "检测方式"),
        (lambda text: text + EXTRA, "重复"),
    ],
)
def test_bad_rulebooks_are_one_line_errors(change, message):
    with pytest.raises(UsageError, match=message):
        parse_rulebook(change(EXTRA), origin="extra.toml")


def test_disable_and_extra(tmp_path):
    extra = tmp_path / "extra.toml"
    extra.write_text(EXTRA, "utf-8")
    rulebook = load_rulebook(extra, ["innovation"])
    assert rulebook.get("innovation") is None and rulebook.get("open-day") is not None
    with pytest.raises(UsageError, match="不在规则库中"):
        load_rulebook(None, ["no-such-entry"])
    with pytest.raises(UsageError, match="不存在"):
        load_rulebook(tmp_path / "missing.toml")


def test_configuration_reaches_the_rule(write_draft, tmp_path):
    (tmp_path / "extra.toml").write_text(EXTRA, "utf-8")
    (tmp_path / ".narrative-qa.toml").write_text(
        '[rules.missing-required-statement]\ndisable = ["previous-problems-rectified"]\nextra-rulebook = "extra.toml"\n',
        "utf-8",
    )
    from narrative_qa.linting.config import settings_for

    draft = write_draft()
    settings = settings_for(draft)
    rule = find_rule("missing-required-statement")
    findings = list(rule.check(Context(report=read_report(draft), rule_options=settings.rule_options), rule))
    ids = {finding.evidence["id"] for finding in findings}
    assert "previous-problems-rectified" not in ids
    assert "open-day" in ids


def test_suggest_cli_follows_the_configuration(write_draft, tmp_path):
    (tmp_path / ".narrative-qa.toml").write_text(
        '[rules.missing-required-statement]\ndisable = ["previous-problems-rectified"]\n', "utf-8"
    )
    draft = write_draft()
    result = subprocess.run(
        [sys.executable, "-m", "narrative_qa", "suggest", str(draft)], capture_output=True, text=True, timeout=120
    )
    assert result.returncode == 0, result.stderr
    assert "上年度问题整改情况" not in result.stdout and "统计期限" in result.stdout


def test_bad_disable_is_an_input_error_line(write_draft, tmp_path):
    (tmp_path / ".narrative-qa.toml").write_text(
        '[rules.missing-required-statement]\ndisable = ["no-such-entry"]\n', "utf-8"
    )
    draft = write_draft()
    result = subprocess.run(
        [sys.executable, "-m", "narrative_qa", "suggest", str(draft)], capture_output=True, text=True, timeout=120
    )
    assert result.returncode == 2 and "no-such-entry" in result.stderr and "Traceback" not in result.stderr
