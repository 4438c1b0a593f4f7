"""The linter with the project's real rules (no probe), on the seed and a fictional draft."""

from __future__ import annotations

import json


def test_seed_reports_duplicate_heading_and_text_table_mismatch(cli, seed_report):
    result = cli("lint", seed_report, "--format", "json", probe=False)
    assert result.returncode == 1, result.stderr
    findings = json.loads(result.stdout)
    duplicates = [(f["line"], f["severity"]) for f in findings if f["name"] == "duplicate-heading"]
    # 一、总体情况 is on lines 5 and 9 of the seed; the second is the duplicate (an error)
    assert (9, "error") in duplicates and {line for line, _ in duplicates} == {5, 9}
    mismatches = [f for f in findings if f["name"] == "text-table-mismatch"]
    assert mismatches, [f["name"] for f in findings]
    assert all(f["code"].startswith("C") for f in mismatches)


def test_seed_text_output_points_at_the_repeated_heading(cli, seed_report):
    result = cli("lint", seed_report, "--select", "duplicate-heading", probe=False)
    assert result.returncode == 1
    lines = result.stdout.splitlines()
    second = next(i for i, line in enumerate(lines) if line.startswith(f"{seed_report}:9:1: S001 [error]"))
    assert lines[second + 1] == "    9 | 一、总体情况"
    assert lines[second + 2] == "      | ^" + "~" * 11  # six characters, each two columns wide


def test_fictional_draft_with_a_repeated_heading(cli, fixtures_dir):
    draft = fixtures_dir / "qinghe-minzhengju-2024-draft.md"
    result = cli("lint", draft, "--select", "S001", "--format", "json", probe=False)
    assert result.returncode == 1
    assert [(f["code"], f["line"], f["column"]) for f in json.loads(result.stdout) if f["severity"] == "error"] == [
        ("S001", 9, 4)
    ]
    clean = cli("lint", fixtures_dir / "songchuan-shenjiju-2024.md", "--select", "S001", probe=False)
    assert clean.returncode == 0, clean.stdout


def test_suppressing_a_real_rule(cli, fixtures_dir, tmp_path):
    text = (fixtures_dir / "qinghe-minzhengju-2024-draft.md").read_text("utf-8")
    first, rest = text.split("## 一、总体情况", 1)
    path = tmp_path / "draft.md"
    path.write_text(first + "## 一、总体情况" + rest.replace(
        "## 一、总体情况", "<!-- nqa-disable-next-line duplicate-heading -->\n## 一、总体情况", 1), "utf-8")
    result = cli("lint", path, "--select", "S001,X001", "--format", "json", probe=False)
    remaining = [(f["code"], f["severity"]) for f in json.loads(result.stdout)]
    assert ("S001", "error") not in remaining and all(code != "X001" for code, _ in remaining)
