"""The library API: lint_paths / lint_report / narrative_qa.lint, parallel order, rule crashes."""

from __future__ import annotations

import narrative_qa
from narrative_qa.document.parse import read_report
from narrative_qa.errors import UsageError
from narrative_qa.linting.config import Overrides
from narrative_qa.linting.engine import expand_paths, lint_paths, lint_report
from narrative_qa.rules import registry

import pytest

MARKED = {"全年主动公开各类信息312条。": "全年主动公开各类信息312条【待核】。",
          "本年度未收取信息处理费。": "本年度未收取信息处理费【存疑】。"}
PROBE_ONLY = Overrides(select=("S999",))


def _keys(result):
    return [(f.file, f.line, f.column, f.code) for f in result.findings]


def test_parallel_results_equal_serial_results_in_order(draft, tmp_path):
    for index in range(7):
        draft(replace=MARKED, folder=tmp_path / f"unit{index}")
    serial = lint_paths([tmp_path], config=PROBE_ONLY, jobs=1)
    parallel = lint_paths([tmp_path], config=PROBE_ONLY, jobs=2)
    assert len(serial.findings) == 14 and serial.files_checked == 7
    assert _keys(parallel) == _keys(serial)
    assert _keys(serial) == sorted(_keys(serial))
    assert [f.fingerprint for f in parallel.findings] == [f.fingerprint for f in serial.findings]


def test_lint_report_on_a_parsed_report(draft):
    report = read_report(draft(replace=MARKED))
    from narrative_qa.linting.config import settings_for

    settings = settings_for(report.path, PROBE_ONLY)
    findings = lint_report(report, settings)
    assert [(f.line, f.severity.value, f.section) for f in findings] == [(7, "error", "overview"),
                                                                          (37, "warning", "other")]


def test_public_lint_function(draft):
    path = draft(replace=MARKED)
    result = narrative_qa.lint(path, config=PROBE_ONLY)
    assert [f.code for f in result.findings] == ["S999", "S999"]
    assert result.failed() and not result.errors


def test_a_crashing_rule_is_reported_and_the_others_still_run(draft):
    def crash(context, rule):
        """总是出错的规则（仅供测试）。"""
        raise ZeroDivisionError("boom")

    registry.rule("S998", "probe-crash", "error")(crash)
    try:
        result = lint_paths([draft(replace=MARKED)], config=Overrides(select=("S998", "S999")))
    finally:
        del registry._RULES["S998"]
    assert [f.code for f in result.findings] == ["S999", "S999"]
    [(file, message)] = result.errors
    assert "S998" in message and "ZeroDivisionError" in message
    assert result.failed()


def test_rules_needing_last_years_report_run_only_with_it(draft, tmp_path):
    seen = []

    def needs_previous(context, rule):
        """需要上一年度报告的规则（仅供测试）。"""
        seen.append(context.previous.path.name)
        return iter(())

    registry.rule("T998", "probe-previous", "warning", needs_previous=True)(needs_previous)
    try:
        path = draft()
        last_year = draft(folder=tmp_path / "2023", target="songchuan-2023.md")
        lint_paths([path], config=Overrides(select=("T998",)))
        assert seen == []
        lint_paths([path], config=Overrides(select=("T998",)), previous=last_year)
        assert seen == ["songchuan-2023.md"]
    finally:
        del registry._RULES["T998"]


def test_expand_paths(tmp_path, draft):
    with pytest.raises(UsageError, match="路径不存在"):
        expand_paths([tmp_path / "nope"])
    with pytest.raises(UsageError, match="没有找到可检查的文件"):
        expand_paths([tmp_path])
    a = draft(folder=tmp_path / "b", target="a.md")
    b = draft(folder=tmp_path / "a", target="z.HTML.txt")
    assert expand_paths([tmp_path, a]) == [b, a]


def test_folder_notes_are_not_reports_unless_named(tmp_path, draft):
    report = draft(folder=tmp_path, target="2025.md")
    for note in ("README.md", "CHANGELOG.txt", "~$2025.docx", ".draft.md"):
        (tmp_path / note).write_text("说明文件，不是报告。", encoding="utf-8")
    assert expand_paths([tmp_path]) == [report]
    readme = tmp_path / "README.md"
    assert expand_paths([readme]) == [readme]  # named on the command line: read as asked


def _model_probe(seen):
    def needs_model(context, rule):
        """需要语料模型的规则（仅供测试）。"""
        seen.append(context.model)
        return iter(())

    return needs_model


def test_model_is_loaded_once_only_when_a_selected_rule_needs_it(draft, tmp_path, monkeypatch):
    from narrative_qa.linting import engine

    seen: list = []
    loads: list = []
    real_load = engine._load_model
    monkeypatch.setitem(engine._state, "models", {})
    monkeypatch.setattr(engine, "_load_model", lambda path: loads.append(path) or real_load(path))
    registry.rule("B998", "probe-model", "info", needs_model=True)(_model_probe(seen))
    try:
        for index in range(3):
            draft(folder=tmp_path / f"u{index}")
        lint_paths([tmp_path], config=PROBE_ONLY)
        assert loads == []  # the probe marker rule needs no model
        lint_paths([tmp_path], config=Overrides(select=("B998",)))
        assert loads == [None] and len(seen) == 3 and seen[0] is seen[1] is seen[2] is not None
    finally:
        del registry._RULES["B998"]


def test_without_a_model_the_rules_needing_one_are_skipped_with_a_note(draft, tmp_path, monkeypatch):
    from narrative_qa.corpus import model as corpus_model
    from narrative_qa.errors import ModelError
    from narrative_qa.linting import engine

    seen: list = []
    monkeypatch.setitem(engine._state, "models", {})
    monkeypatch.setattr(corpus_model, "default_model_path", lambda: tmp_path / "no-model")
    registry.rule("B998", "probe-model", "info", needs_model=True)(_model_probe(seen))
    try:
        result = lint_paths([draft()], config=Overrides(select=("B998", "S999")))
        assert seen == [] and result.files_checked == 1
        assert result.notes == ["没有可用的语料模型（可用 --model 指定），已跳过需要模型的规则：B998"]
        # an explicitly named model that cannot be loaded is an error, not a note
        with pytest.raises(ModelError):
            lint_paths([draft()], config=Overrides(select=("B998",)), model=tmp_path / "missing-model")
    finally:
        del registry._RULES["B998"]
