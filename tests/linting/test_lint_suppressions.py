"""Suppression comments in md/txt drafts, and X001 for those that suppress nothing."""

from __future__ import annotations

import json

LINE7 = "2024年，松川市审计局围绕审计监督主责主业，持续推进政府信息公开工作，全年主动公开各类信息312条。"
LINE9 = "（一）主动公开。全年发布审计工作动态86条，公开审计结果公告12份。"
LINE11 = "（二）依申请公开。全年收到政府信息公开申请4件，均在法定期限内答复。"


def _lint(cli, path, *args):
    result = cli("lint", path, "--select", "S999,X", "--format", "json", *args)
    assert result.returncode in (0, 1), result.stderr
    return [(f["code"], f["line"], f.get("evidence", {}).get("marker")) for f in json.loads(result.stdout)]


def test_disable_next_line_by_code_name_or_all(cli, draft):
    for comment in ("<!-- nqa-disable-next-line S999 -->", "<!-- nqa-disable-next-line probe-marker, S001 -->",
                    "<!-- nqa-disable-next-line -->", "<!--nqa-disable-next-line structure-->",
                    "<!-- nqa-disable-next-line T001 S999 -->"):
        path = draft(replace={LINE7: f"{comment}\n\n{LINE7[:-1]}【待核】。", LINE9: f"{LINE9}【待核】"})
        # the comment adds two lines: the marker of LINE9 is now on line 11, and it is not covered
        assert _lint(cli, path) == [("S999", 11, "【待核】")], comment


def test_disable_enable_range(cli, draft):
    path = draft(replace={
        LINE7: f"<!-- nqa-disable probe-marker -->\n{LINE7}【待核】",
        LINE9: f"{LINE9}【存疑】\n<!-- nqa-enable probe-marker -->",
        LINE11: f"{LINE11}【待核】",
    })
    assert _lint(cli, path) == [("S999", 13, "【待核】")]


def test_disable_without_enable_runs_to_the_end_and_disable_file(cli, draft):
    path = draft(replace={LINE9: f"<!-- nqa-disable S -->\n{LINE9}【待核】", LINE11: f"{LINE11}【待核】",
                          LINE7: f"{LINE7}【待核】"})
    assert _lint(cli, path) == [("S999", 7, "【待核】")]
    path = draft(replace={LINE11: f"{LINE11}【待核】\n<!-- nqa-disable-file S999 -->", LINE7: f"{LINE7}【待核】"})
    assert _lint(cli, path) == []


def test_unused_suppression_is_a_warning(cli, draft):
    path = draft(replace={LINE9: f"<!-- nqa-disable-next-line probe-marker -->\n{LINE9}"})
    result = cli("lint", path, "--select", "S999,X001", "--format", "json")
    findings = json.loads(result.stdout)
    assert result.returncode == 0  # a warning does not fail the default --fail-on error
    assert [(f["code"], f["name"], f["severity"], f["line"], f["column"]) for f in findings] == [
        ("X001", "unused-suppression", "warning", 9, 1)
    ]
    assert "probe-marker" in findings[0]["message"]
    # X001 can be ignored like any rule
    assert _lint(cli, path, "--ignore", "X001") == []


def test_suppression_naming_an_unselected_rule_is_not_reported(cli, draft):
    path = draft(replace={LINE9: f"<!-- nqa-disable-next-line T001 -->\n{LINE9}"})
    assert _lint(cli, path) == []


def test_unknown_rule_in_a_suppression_is_reported(cli, draft):
    path = draft(replace={LINE9: f"<!-- nqa-disable-next-line S999, no-such-rule -->\n{LINE9}【待核】"})
    findings = json.loads(cli("lint", path, "--select", "S999,X", "--format", "json").stdout)
    assert [(f["code"], f["line"]) for f in findings] == [("X001", 9)]
    assert "no-such-rule" in findings[0]["message"]


def test_suppressions_work_in_plain_text_drafts(cli, draft, tmp_path):
    path = draft(replace={LINE7: f"<!-- nqa-disable-next-line S999 -->\n{LINE7}【待核】"}, target="draft.txt")
    assert _lint(cli, path) == []
