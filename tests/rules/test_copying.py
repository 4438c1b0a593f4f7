"""B010 copied-from-previous and B011 copied-from-peer, on fixtures and on real consecutive-year
reports, and the --compare option of nqa lint."""

from __future__ import annotations

from pathlib import Path

from text_rule_helpers import RULE_FIXTURES, default_model, run, run_fixture

from narrative_qa.document.parse import read_report
from narrative_qa.rules.copying import measure_reuse
from narrative_qa.rules.registry import Severity


def test_previous_copy_is_a_warning_per_section_and_an_error_for_the_report() -> None:
    findings = run_fixture("copied-from-previous", "fires")
    by_section = {finding.section: finding for finding in findings}
    assert by_section["overview"].severity is Severity.WARNING
    assert by_section["problems"].severity is Severity.WARNING
    assert by_section["problems"].evidence["reuse_share"] == 1.0
    whole = by_section[None]
    assert whole.severity is Severity.ERROR and whole.evidence["reuse_share"] >= 0.8
    assert "previous.md" in whole.message


def test_peer_copy_names_the_section_and_the_other_report() -> None:
    [finding] = run_fixture("copied-from-peer", "fires")
    assert finding.section == "problems" and finding.line == 31
    assert finding.evidence["other"].endswith("peer.md") and finding.evidence["reused_sentences"] == 7


def test_only_changed_figures_still_count_as_copied(real_corpus: Path) -> None:
    # ptzhsyqlyy 2024 is its 2023 report with the figures changed (checked by reading them).
    unit = real_corpus / "pingtan" / "ptzhsyqlyy"
    findings = run("copied-from-previous", unit / "2024.txt", previous=unit / "2023.txt")
    assert any(f.severity is Severity.ERROR and f.section is None for f in findings)
    assert {f.section for f in findings} >= {"overview", "problems"}


def test_unrelated_real_reports_are_not_flagged(real_corpus: Path) -> None:
    pingtan = real_corpus / "pingtan"
    for first, second in (("ptzhsyqczj", "ptzhsyqjtj"), ("ptzhsyqnyn", "ptzhsyqshs"), ("pingtan", "ptzhsyqzrz")):
        report, other = pingtan / first / "2024.txt", pingtan / second / "2024.txt"
        assert run("copied-from-previous", report, previous=other) == []
        assert run("copied-from-peer", report, compare=[other]) == []


def test_reuse_share_of_a_report_against_itself_is_complete(real_corpus: Path) -> None:
    report = read_report(real_corpus / "pingtan" / "ptzhsyqjjp" / "2023.txt")
    reuse = measure_reuse(report, report, default_model())
    assert reuse.share == 1.0 and reuse.chars > 200


def test_lint_cli_compare_option(tmp_path: Path) -> None:
    import json
    import subprocess
    import sys

    folder = RULE_FIXTURES / "copied-from-peer"

    def lint(*args: str) -> subprocess.CompletedProcess[str]:
        command = [sys.executable, "-m", "narrative_qa", "lint", str(folder / "fires.md"), *args]
        return subprocess.run(command, capture_output=True, text=True, cwd=tmp_path)

    result = lint("--compare", str(folder / "peer.md"), "--select", "B011", "--format", "json")
    assert result.returncode == 0, result.stderr
    [finding] = json.loads(result.stdout)
    assert finding["code"] == "B011" and finding["section"] == "problems" and finding["line"] == 31
    missing = lint("--compare", str(tmp_path / "none.md"))
    assert missing.returncode == 2 and "找不到对比报告" in missing.stderr
