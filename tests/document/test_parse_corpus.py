"""Every real report in ../shared/corpus/real and the seed is parsed without an exception;
prints, per format and era, how many reports had all six sections and each table recovered
(run with `pytest -s` to see the table), and holds the 2021-format reports to a floor.
"""

from __future__ import annotations

import re
from collections import defaultdict
from pathlib import Path

import pytest

from narrative_qa.document.model import SECTION_KEYS, Report, ValueKind
from tests.conftest import REAL_CORPUS, read_manifest

# Files whose page holds no report text at all, so no structure can be found. The manifest's
# note column marks them; each is excluded for that reason only:
# - attachment-only: the page is a cover letter whose body is only a link to the attached report
# - body-empty: the page body repeats the title and nothing else (report published as an image)
NO_REPORT_TEXT = ("attachment-only", "body-empty")
# The blank official template (peers/official-template-2021.docx) has all six headings but
# empty tables: "not a report" per its manifest note. It counts for sections, not for tables.
BLANK_FORM = "blank official template"

# A 2021-format table 3 is "present" when the text has its rows and the sub-rows of
# （六）其他处理 that only the 2021 form has. Some 2021-2023 reports (the 海坛 片区 ones,
# 综合执法 2021, both 洪泽 PDFs) reuse the 2019 trial table, whose （六） is a single row: there
# is no 25-row table to recover, and the table reader says so in a warning.
_TABLE3_ROWS_PRESENT = re.compile(r"本年新收")
_TABLE3_2021_ONLY = re.compile(r"逾期不补正|逾期未按收费")


def _manifest_rows() -> list[dict[str, str]]:
    return read_manifest()


def _all_sections(report: Report) -> bool:
    keys = {heading.key for heading in report.headings}
    return all(key in keys for key in SECTION_KEYS)


def _complete(values: list) -> bool:
    # "recovered": every cell is a number or explicitly not applicable; none unreadable or missing
    return all(value.kind in (ValueKind.NUMBER, ValueKind.NOT_APPLICABLE) for value in values)


def _table3_complete(report: Report) -> bool:
    # "fully recovered": all 175 cells read as the source has them — a number, or a cell the
    # source leaves blank or marks "/" (not applicable); none unreadable or missing
    table = report.tables.table3
    return table is not None and all(_complete(row) for row in table.values)


def _table3_present(report: Report) -> bool:
    compact = re.sub(r"\s+", "", report.text)
    return bool(_TABLE3_ROWS_PRESENT.search(compact) and _TABLE3_2021_ONLY.search(compact))


@pytest.fixture(scope="module")
def parsed(real_corpus: Path, seed_report: Path) -> list[tuple[dict[str, str], Report]]:
    from narrative_qa.document.parse import read_report

    results = []
    for row in _manifest_rows():
        results.append((row, read_report(real_corpus / row["file"])))
    seed_row = {"file": str(seed_report), "format": "txt", "era": "2021format", "note": ""}
    results.append((seed_row, read_report(seed_report)))
    return results


def test_every_file_parses(parsed: list[tuple[dict[str, str], Report]]) -> None:
    assert len(parsed) == len(_manifest_rows()) + 1
    for row, report in parsed:
        assert report.sections, row["file"]


def test_spans_are_consistent(parsed: list[tuple[dict[str, str], Report]]) -> None:
    # sections in order without overlap; sub-topics and sentences inside their section; every
    # sentence's text is exactly the text under its span
    for row, report in parsed:
        text = report.text
        previous_end = -1
        for section in report.sections:
            assert section.span.start >= previous_end, row["file"]
            previous_end = section.span.end
            assert section.span.start <= section.body.start <= section.body.end == section.span.end
            for subtopic in section.subtopics:
                assert section.body.start <= subtopic.span.start <= subtopic.span.end <= section.span.end
            for sentence in section.sentences:
                assert text[sentence.span.start : sentence.span.end] == sentence.text, row["file"]
                assert section.body.start <= sentence.span.start <= sentence.span.end <= section.span.end
        assert report.headings == [section.heading for section in report.sections if section.heading]


def test_era_matches_manifest(parsed: list[tuple[dict[str, str], Report]]) -> None:
    wrong = [(row["file"], row["era"], report.era) for row, report in parsed if report.era != row["era"]]
    assert wrong == []


def test_year_matches_manifest(parsed: list[tuple[dict[str, str], Report]]) -> None:
    wrong = [
        (row["file"], row["year"], report.year)
        for row, report in parsed
        if "year" in row and report.year != int(row["year"])
    ]
    assert wrong == []


def test_structure_and_tables_summary(parsed: list[tuple[dict[str, str], Report]]) -> None:
    counts: dict[tuple[str, str], dict[str, int]] = defaultdict(lambda: defaultdict(int))
    sections_21 = [0, 0]  # [all six found, considered]
    table3_21 = [0, 0]  # [fully recovered, present]
    misses: list[str] = []
    for row, report in parsed:
        bucket = counts[(row["format"], row["era"])]
        bucket["reports"] += 1
        no_text = any(flag in row.get("note", "") for flag in NO_REPORT_TEXT)
        bucket["excluded"] += no_text
        six = _all_sections(report)
        bucket["six_sections"] += six
        tables = report.tables
        bucket["table2"] += tables.table2 is not None and _complete(tables.table2.values)
        bucket["table3"] += _table3_complete(report)
        bucket["table4"] += tables.table4 is not None and _complete(tables.table4.values)
        if row["era"] != "2021format" or no_text:
            continue
        sections_21[1] += 1
        sections_21[0] += six
        if not six:
            found = {h.key for h in report.headings}
            misses.append(f"{row['file']}: missing {[k for k in SECTION_KEYS if k not in found]}")
        if BLANK_FORM not in row.get("note", "") and _table3_present(report):
            table3_21[1] += 1
            table3_21[0] += _table3_complete(report)

    header = f"{'format':<6} {'era':<11} {'reports':>7} {'excl':>4} {'6 sect':>6} {'table2':>6} {'table3':>6} {'table4':>6}"
    print("\n" + header)
    print("-" * len(header))
    for (fmt, era), bucket in sorted(counts.items()):
        print(
            f"{fmt:<6} {era:<11} {bucket['reports']:>7} {bucket['excluded']:>4} {bucket['six_sections']:>6} "
            f"{bucket['table2']:>6} {bucket['table3']:>6} {bucket['table4']:>6}"
        )
    print(
        f"2021format: all six sections {sections_21[0]}/{sections_21[1]}; "
        f"table 3 fully recovered {table3_21[0]}/{table3_21[1]} (where a 2021-format table 3 is present)"
    )
    for miss in misses:
        print("  ", miss)

    assert sections_21[0] >= 0.95 * sections_21[1]
    assert table3_21[0] >= 0.90 * table3_21[1]


def test_locating_tables_without_reading_them_keeps_the_prose(parsed: list[tuple[dict[str, str], Report]]) -> None:
    """`table_values=False` (the corpus build's parse) finds the same tables at the same places,
    hence the same headings and sections, over every real report."""
    from narrative_qa.document.parse import parse_report

    located = 0
    for row, report in parsed:
        light = parse_report(report.raw, table_values=False)
        assert light.headings == report.headings, row["file"]
        assert light.sections == report.sections, row["file"]
        for name in ("table2", "table3", "table4"):
            full, found = getattr(report.tables, name), getattr(light.tables, name)
            assert (full is None) == (found is None), (row["file"], name)
            if found is not None:
                assert found.span == full.span, (row["file"], name)
                located += not found.values
        assert light.tables.older_layout == report.tables.older_layout, row["file"]
    assert located > 100  # most tables were only located
