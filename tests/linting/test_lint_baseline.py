"""Baselines: adopt the tool on old documents and see only new findings."""

from __future__ import annotations

import json

LINE7 = "全年主动公开各类信息312条。"
LINE31 = "二是审计专栏的检索功能较弱。"


def _codes(result):
    return [(f["code"], f["line"], f["evidence"]["marker"]) for f in json.loads(result.stdout)]


def test_round_trip_and_only_new_findings(cli, draft, tmp_path):
    path = draft(replace={LINE7: "全年主动公开各类信息312条【待核】。"})
    baseline = tmp_path / "nqa-baseline.json"
    written = cli("lint", path, "--select", "S999", "--write-baseline", baseline)
    assert written.returncode == 0, written.stderr
    assert written.stderr.strip() == f"已写入基线 {baseline}：1 个问题"
    data = json.loads(baseline.read_text("utf-8"))
    assert data["format"] == "narrative-qa-baseline" and data["version"] == 1
    [(file, entries)] = data["files"].items()
    assert file == path.name and entries[0]["code"] == "S999" and entries[0]["count"] == 1

    again = cli("lint", path, "--select", "S999", "--baseline", baseline, "--format", "json")
    assert again.returncode == 0 and json.loads(again.stdout) == []

    # lines inserted above the old finding shift it; it stays baselined. A new one is reported.
    text = path.read_text("utf-8")
    text = text.replace("本报告依据", "（初稿，待办公室审核）\n\n本报告依据").replace(LINE31, "二是审计专栏的检索功能较弱【待核】。")
    path.write_text(text, "utf-8")
    shifted = cli("lint", path, "--select", "S999", "--baseline", baseline, "--format", "json")
    assert shifted.returncode == 1
    assert _codes(shifted) == [("S999", 35, "【待核】")]


def test_counts_matter(cli, draft, tmp_path):
    path = draft(replace={LINE7: "全年主动公开各类信息312条【待核】。"})
    baseline = tmp_path / "b.json"
    cli("lint", path, "--select", "S999", "--write-baseline", baseline)
    # the same marker again in the same section: same fingerprint, one more than baselined
    path.write_text(path.read_text("utf-8").replace("组织专题培训2次。", "组织专题培训2次【待核】。"), "utf-8")
    result = cli("lint", path, "--select", "S999", "--baseline", baseline, "--format", "json")
    assert len(json.loads(result.stdout)) == 1 and result.returncode == 1


def test_baseline_works_from_another_working_directory(cli, draft, tmp_path):
    path = draft(replace={LINE7: "全年主动公开各类信息312条【待核】。"}, folder=tmp_path / "reports")
    baseline = tmp_path / "ci" / "baseline.json"
    baseline.parent.mkdir()
    cli("lint", path, "--select", "S999", "--write-baseline", baseline)
    result = cli("lint", "songchuan-shenjiju-2024.md", "--select", "S999", "--baseline", baseline,
                 cwd=tmp_path / "reports")
    assert result.returncode == 0, result.stdout


def test_rewriting_a_baseline_is_allowed_but_other_files_are_not_overwritten(cli, draft, tmp_path):
    path = draft(replace={LINE7: "全年主动公开各类信息312条【待核】。"})
    baseline = tmp_path / "baseline.json"
    assert cli("lint", path, "--select", "S999", "--write-baseline", baseline).returncode == 0
    assert cli("lint", path, "--select", "S999", "--write-baseline", baseline).returncode == 0
    precious = tmp_path / "notes.json"
    precious.write_text('{"mine": true}\n', "utf-8")
    refused = cli("lint", path, "--select", "S999", "--write-baseline", precious)
    assert refused.returncode == 2 and "拒绝覆盖" in refused.stderr
    assert precious.read_text("utf-8") == '{"mine": true}\n'
    assert not list(tmp_path.glob(".*.tmp"))  # no temporary file left behind


def test_a_file_that_is_not_a_baseline_is_rejected(cli, draft, tmp_path):
    path = draft()
    bogus = tmp_path / "bogus.json"
    bogus.write_text("[1, 2]", "utf-8")
    result = cli("lint", path, "--baseline", bogus)
    assert result.returncode == 2 and result.stderr.strip() == f"错误：{bogus} 不是 narrative-qa 的基线文件"
