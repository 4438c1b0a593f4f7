"""Configuration: discovery by walking up, precedence, select/ignore/severity/per-file/options."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from narrative_qa.errors import UsageError
from narrative_qa.linting.config import Overrides
from narrative_qa.linting.engine import lint_paths

MARKERS = {
    "全年主动公开各类信息312条。": "全年主动公开各类信息312条【待核】。",
    "组织专题培训2次。": "组织专题培训2次【存疑】。",
    "修订本局信息公开审查办法": "修订本局信息公开审查办法【备注】",
    "本年度未收取信息处理费。": "本年度未收取信息处理费【核对】。",
}


def _lint_json(cli, *args, cwd=None):
    result = cli("lint", *args, "--format", "json", cwd=cwd)
    assert result.returncode in (0, 1), result.stderr
    return result, json.loads(result.stdout)


def _markers(findings):
    return sorted((f["evidence"]["marker"], f["severity"]) for f in findings)


def test_nearest_config_wins_and_dotfile_beats_pyproject(cli, draft, tmp_path):
    (tmp_path / "pyproject.toml").write_text('[tool.narrative-qa]\nselect = ["S999"]\nfail-on = "info"\n', "utf-8")
    inner = tmp_path / "bureau"
    path = draft(replace=MARKERS, folder=inner)
    # only the outer pyproject: fail-on info, all three markers
    result, findings = _lint_json(cli, path)
    assert result.returncode == 1 and len(findings) == 3

    (inner / "pyproject.toml").write_text('[tool.narrative-qa]\nselect = ["probe-marker"]\nfail-on = "error"\n'
                                          '[tool.narrative-qa.severity]\n"S999" = "info"\n', "utf-8")
    result, findings = _lint_json(cli, path)
    assert result.returncode == 0  # every finding is now info, and fail-on is error
    assert {f["severity"] for f in findings} == {"info"}

    (inner / ".narrative-qa.toml").write_text('select = ["S"]\n[severity]\nprobe-marker = "warning"\n', "utf-8")
    _, findings = _lint_json(cli, path)
    assert {f["severity"] for f in findings} == {"warning"}


def test_pyproject_without_our_table_is_passed_over(cli, draft, tmp_path):
    (tmp_path / ".narrative-qa.toml").write_text('ignore = ["S999"]\n', "utf-8")
    inner = tmp_path / "pkg"
    path = draft(replace=MARKERS, folder=inner)
    (inner / "pyproject.toml").write_text('[project]\nname = "x"\n[tool.black]\nline-length = 100\n', "utf-8")
    _, findings = _lint_json(cli, path, "--select", "S,X")
    assert findings == []


def test_select_and_ignore_by_code_name_and_family(cli, draft):
    path = draft(replace=MARKERS)
    for selection in ("S999", "probe-marker", "S", "structure", "s999", "ALL"):
        result = lint_paths([path], config=Overrides(select=(selection,), ignore=("R", "B", "Q", "C", "T")))
        assert [f.code for f in result.findings if f.code == "S999"] == ["S999"] * 3, selection
    for ignored in ("S999", "probe-marker", "S", "structure", "ALL"):
        result = lint_paths([path], config=Overrides(select=("S999", "X"), ignore=(ignored,)))
        assert result.findings == [], ignored
    # the same through the command line
    _, findings = _lint_json(cli, path, "--select", "structure", "--ignore", "S0")
    assert len([f for f in findings if f["code"] == "S999"]) == 3


def test_command_line_overrides_config(cli, draft, tmp_path):
    path = draft(replace=MARKERS)
    (tmp_path / ".narrative-qa.toml").write_text('select = ["T"]\nfail-on = "info"\nignore = ["X"]\n', "utf-8")
    result, findings = _lint_json(cli, path, "--select", "S999", "--fail-on", "error")
    assert len(findings) == 3 and result.returncode == 1
    # --ignore adds to the config's ignore list
    _, findings = _lint_json(cli, path, "--select", "S999", "--ignore", "S999")
    assert findings == []


def test_explicit_config_file(cli, draft, tmp_path):
    path = draft(replace=MARKERS)
    (tmp_path / ".narrative-qa.toml").write_text('select = ["T"]\n', "utf-8")
    elsewhere = tmp_path / "ci" / "lint.toml"
    elsewhere.parent.mkdir()
    elsewhere.write_text('select = ["S999"]\n[severity]\nS999 = "warning"\n', "utf-8")
    result, findings = _lint_json(cli, path, "--config", elsewhere)
    assert len(findings) == 3 and {f["severity"] for f in findings} == {"warning"}
    assert result.returncode == 0


def test_per_file_ignores(cli, draft, tmp_path):
    (tmp_path / "pyproject.toml").write_text(
        '[tool.narrative-qa]\nselect = ["S999"]\n'
        '[tool.narrative-qa.per-file-ignores]\n"drafts/*.md" = ["S"]\n"old-*.md" = ["probe-marker"]\n', "utf-8"
    )
    kept = draft(replace=MARKERS, folder=tmp_path / "final")
    draft(replace=MARKERS, folder=tmp_path / "drafts")
    draft(replace=MARKERS, folder=tmp_path / "archive", target="old-2023.md")
    _, findings = _lint_json(cli, tmp_path)
    assert {f["file"] for f in findings} == {str(kept)}


def test_rule_options_reach_the_rule(cli, draft, tmp_path):
    path = draft(replace=MARKERS)
    (tmp_path / ".narrative-qa.toml").write_text('select = ["S999"]\n[rules.probe-marker]\nmarker = "【核对】"\n', "utf-8")
    _, findings = _lint_json(cli, path)
    assert _markers(findings) == [("【备注】", "info"), ("【存疑】", "warning"), ("【核对】", "error")]


def test_relative_paths_in_config_are_relative_to_the_config(cli, draft, tmp_path):
    (tmp_path / ".narrative-qa.toml").write_text('select = ["S999"]\nmodel = "models/none"\n', "utf-8")
    path = draft(replace=MARKERS, folder=tmp_path / "a")
    result = cli("lint", path, cwd=Path("/"))
    # the model is not needed by the probe: an absent model path does not matter
    assert result.returncode == 1, result.stderr


BAD_CONFIGS = [
    ('selcet = ["S"]\n', "selcet"),
    ('select = "S"\n', "select"),
    ('select = ["S998"]\n', "S998"),
    ('fail-on = "fatal"\n', "fatal"),
    ('[severity]\nprobe-marker = "loud"\n', "loud"),
    ('[severity]\nno-such-rule = "info"\n', "no-such-rule"),
    ('[per-file-ignores]\n"*.md" = "S"\n', "*.md"),
    ('[rules.probe-marker]\nmarkr = "x"\n', "markr"),
    ('[rules.probe-marker]\nmarker = 3\n', "marker"),
    ('[rules.S]\nmarker = "x"\n', "rules.S"),
    ("select = [\n", "TOML"),
]


def test_bad_configuration_is_one_chinese_line(draft, tmp_path):
    path = draft(replace=MARKERS)
    config = tmp_path / ".narrative-qa.toml"
    for content, word in BAD_CONFIGS:
        config.write_text(content, "utf-8")
        with pytest.raises(UsageError) as caught:
            lint_paths([path])
        message = str(caught.value)
        assert message.startswith(f"配置文件 {config} ") and "\n" not in message, message
        assert word in message, (content, message)


def test_bad_configuration_exits_2_before_any_output(cli, draft, tmp_path):
    path = draft(replace=MARKERS)
    (tmp_path / "pyproject.toml").write_text('[tool.narrative-qa]\nfail_on = "warning"\n', "utf-8")
    result = cli("lint", path)
    assert result.returncode == 2 and result.stdout == ""
    assert result.stderr.startswith(f"错误：配置文件 {tmp_path / 'pyproject.toml'} 中有未知的配置项“fail_on”")
    assert result.stderr.count("\n") == 1


def test_missing_explicit_config(cli, draft, tmp_path):
    result = cli("lint", draft(), "--config", tmp_path / "nope.toml")
    assert result.returncode == 2 and "找不到配置文件" in result.stderr
