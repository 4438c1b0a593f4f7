"""Helpers for the rule tests: run one rule on a file or a report, list the fixture folders."""

from __future__ import annotations

from pathlib import Path

from narrative_qa.document.model import Report
from narrative_qa.document.parse import parse_report, read_report
from narrative_qa.document.readers import read_document
from narrative_qa.rules.registry import Context, Finding, all_rules, find_rule

RULE_FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "rules"


def run_rule(name: str, report: Report | Path | str, previous: Report | Path | str | None = None, **options) -> list[Finding]:
    """The findings of one rule (code or name) on a report or a file."""
    registered = find_rule(name)
    assert registered is not None, f"no rule {name}"
    if not isinstance(report, Report):
        report = read_report(report)
    if previous is not None and not isinstance(previous, Report):
        previous = read_report(previous)
    context = Context(report=report, previous=previous, rule_options={registered.name: options} if options else {})
    return list(registered.check(context, registered))


def report_from_text(text: str, tmp_path: Path, name: str = "draft.txt") -> Report:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return parse_report(read_document(path))


def fixture_cases(family: str) -> list[tuple[str, str]]:
    """(rule name, "fires"|"clean") for every fixture folder of a family's rules."""
    names = {registered.name for registered in all_rules() if registered.family == family}
    cases = []
    for folder in sorted(RULE_FIXTURES.iterdir()):
        if folder.name in names:
            cases += [(folder.name, "fires"), (folder.name, "clean")]
    return cases


def check_fixture_findings(name: str, stem: str, findings: list[Finding]) -> None:
    """What every rule's fixture folder promises: fires.* gives findings of that rule only,
    clean.* gives none."""
    if stem == "fires":
        assert findings, f"{name} did not fire on its {stem} fixture"
        assert all(finding.name == name for finding in findings)
    else:
        assert findings == [], [finding.message for finding in findings]


def run_fixture(name: str, stem: str) -> list[Finding]:
    folder = RULE_FIXTURES / name
    previous = folder / "previous.txt"
    if stem == "clean" and (folder / "clean-previous.txt").exists():
        previous = folder / "clean-previous.txt"
    return run_rule(name, folder / f"{stem}.txt", previous if previous.exists() else None)
