"""The rulebook over the real 2021-format reports: nothing crashes, and what was checked by
hand against the documents (benchmarks/results/required_inspection.md) stays true."""

from __future__ import annotations

from pathlib import Path

import pytest

from narrative_qa.document.parse import read_report
from narrative_qa.required.assess import anchor_span, assess
from narrative_qa.required.fields import fee_sentence
from narrative_qa.required.rulebook import builtin_rulebook

RULEBOOK = builtin_rulebook()


MANIFEST = Path(__file__).resolve().parents[2] / ".." / "shared" / "corpus" / "real" / "manifest.tsv"


def _manifest_2021() -> list[str]:
    """2021-format files of the manifest (read at collection time, hence not the fixture);
    a missing ../shared fails here, loudly, like the shared fixtures."""
    lines = MANIFEST.read_text("utf-8").splitlines()
    header = lines[0].split("\t")
    rows = [dict(zip(header, line.split("\t"))) for line in lines[1:] if line.strip()]
    return [row["file"] for row in rows if row["era"] == "2021format" and "template" not in row["file"]]


def _assess(real_corpus, name: str):
    report = read_report(real_corpus / name)
    return report, {result.entry.id: result for result in assess(report, RULEBOOK)}


@pytest.mark.parametrize("name", _manifest_2021())
def test_every_2021_report_is_assessed(real_corpus, name):
    report, results = _assess(real_corpus, name)
    assert results  # at least the entries for every level apply
    for result in results.values():
        assert result.suggestion.strip()
        if result.detection.present and result.detection.method != "figures":
            assert result.detection.start is not None
        anchor_span(report, result.entry.section)  # a place to report it, even without the section


@pytest.mark.parametrize(
    ("name", "entry_id", "present"),
    [
        ("pingtan/ptzhsyqgwh/2021.txt", "processing-fee", False),  # 六 only says there is nothing to report
        ("pingtan/ptzhsyqnyn/2024.txt", "processing-fee", False),  # the report ends at 五
        ("pingtan/ptzhsyqjjp/2025.txt", "processing-fee", True),  # renamed section: 信息处理费收取情况 + zeros
        ("pingtan/ptzhsyqscj/2022.txt", "processing-fee", True),  # 依申请提供…不收取费用
        ("pingtan/pingtan/2022.txt", "overview-assessment-results", True),  # no accountability case stated
        ("pingtan/pingtan/2024.txt", "overview-assessment-results", False),
        ("pingtan/ptzhsyqspp/2022.txt", "overview-assessment-results", False),  # names the mechanisms only
        ("pingtan/ptzhsyqspp/2022.txt", "electronic-copy", True),  # long URL between 网站 and 查阅
        ("pingtan/ptzhsyqgaj/2022.txt", "statistics-period", False),
        ("pingtan/ptzhsyqgaj/2022.txt", "contact", False),
        ("pingtan/ptzhsyqshs/2021.txt", "overview-applications", False),  # sub-topics skip 依申请公开
        ("pingtan/ptzhsyqshs/2024.txt", "overview-supervision", True),  # （四）加强监督管理
        ("pingtan/ptzhsyqjjp/2024.txt", "improvement-measures", True),  # 针对上述问题…一是…；二是…
        ("peers/hongze-2024.pdf", "basis", True),  # 条例 name broken across PDF lines
        ("peers/hongze-2024.pdf", "statistics-period", True),  # "2024 年 1 月 1 日"
        ("peers/hongze-2024.pdf", "previous-problems-rectified", False),
    ],
)
def test_hand_checked_detections(real_corpus, name, entry_id, present):
    _, results = _assess(real_corpus, name)
    assert results[entry_id].detection.present is present


def test_last_years_rectification_is_rare_in_pingtan(real_corpus):
    """REPORT_FORMAT.md says no 平潭 report has it; read by hand, three do say how the previous
    year's problems were dealt with (naming that year: 针对2020年…存在的问题…整改)."""
    names = [name for name in _manifest_2021() if name.startswith("pingtan/") and name.endswith(".txt")]
    assert len(names) > 60
    stating = {name for name in names if _assess(real_corpus, name)[1]["previous-problems-rectified"].detection.present}
    assert stating == {"pingtan/ptzhsyqhzs/2021.txt", "pingtan/ptzhsyqhzs/2023.txt", "pingtan/ptzhsyqjtj/2021.txt"}


def test_lost_heading_falls_back_to_the_table_section_before(real_corpus):
    # The Markdown conversion lost the heading of 五; its text ends up at the end of 四.
    report, results = _assess(real_corpus, "peers/shanghai-office-2025-source.md")
    assert report.section("problems") is None
    assert results["previous-problems-rectified"].detection.present
    assert results["current-problems"].detection.present


def test_fee_sentence_uses_the_stated_amount(real_corpus):
    report = read_report(real_corpus / "peers" / "huaian-2024.pdf")
    assert "3940元" in fee_sentence(report)


def test_missing_section_is_located_at_the_end(real_corpus):
    report, results = _assess(real_corpus, "pingtan/ptzhsyqnyn/2024.txt")
    assert report.section("other") is None
    span = anchor_span(report, "other")
    assert span.start == len(report.text)
