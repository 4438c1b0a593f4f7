"""Detection reuses per-process and per-report work (the fitted detector, a report's units,
their compact texts and window vectors); none of it may change what is detected."""

from __future__ import annotations

from pathlib import Path

from narrative_qa.document.parse import read_report
from narrative_qa.required.assess import assess
from narrative_qa.required.presence import Detector, _section_units, detector_for, section_units
from narrative_qa.required.rulebook import builtin_rulebook, load_rulebook
from narrative_qa.rules import _memo

RULEBOOK = builtin_rulebook()


def _fresh(report) -> list:
    """Every entry detected by a new detector with nothing cached."""
    _memo.clear()
    detector = Detector(RULEBOOK)
    return [detector.detect(report, entry) for entry in RULEBOOK]


def test_the_detector_is_built_once_per_rulebook() -> None:
    assert detector_for(RULEBOOK) is detector_for(RULEBOOK)
    assert detector_for(load_rulebook()) is detector_for(RULEBOOK)  # an equal rulebook
    assert detector_for(RULEBOOK, 0.6) is not detector_for(RULEBOOK)
    assert detector_for(load_rulebook(disable=["contact"])) is not detector_for(RULEBOOK)


def test_section_units_are_cut_once_and_handed_out_as_fresh_lists(seed_report: Path) -> None:
    report = read_report(seed_report)
    for section in report.sections:
        first = section_units(report, section)
        second = section_units(report, section)
        assert first == second == _section_units(report, section)
        assert first is not second


def test_cached_detection_equals_fresh_detection(write_draft, seed_report: Path) -> None:
    seed = read_report(seed_report)
    draft = read_report(
        write_draft(
            overview="2024年，本局主动公开政府信息46条。",
            problems="（一）存在问题：政策解读形式单一。（二）改进措施：2025年增加图解解读。",
            other="2024年，本局未收取政府信息公开信息处理费。",
        )
    )
    expected = {id(report): _fresh(report) for report in (seed, draft)}
    _memo.clear()
    detector = detector_for(RULEBOOK)
    # Alternate the reports so that every per-report cache is filled, reused and kept apart.
    for report in (seed, draft, seed, draft):
        assert [detector.detect(report, entry) for entry in RULEBOOK] == expected[id(report)]


def test_assess_is_stable_across_calls(seed_report: Path) -> None:
    report = read_report(seed_report)
    first = assess(report, RULEBOOK)
    second = assess(report, RULEBOOK)
    assert [(a.entry.id, a.detection, a.suggestion) for a in first] == [
        (a.entry.id, a.detection, a.suggestion) for a in second
    ]
