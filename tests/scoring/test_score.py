"""score() on the seed and real reports: the findings behind the score, and the ranking."""

from __future__ import annotations

from pathlib import Path

import pytest

import narrative_qa
from narrative_qa.scoring.batch import match_previous, normalise_unit, score_paths
from narrative_qa.scoring.rubric import DIMENSIONS


@pytest.fixture(scope="module")
def seed_card(seed_report: Path):
    return narrative_qa.score(seed_report)


def test_seed_scorecard(seed_card) -> None:
    codes = {finding.code for finding in seed_card.findings}
    assert {"S001", "C001", "Q001", "R001"} <= codes
    assert set(seed_card.dimensions) == set(DIMENSIONS)
    assert seed_card.dimensions["structure"].score < 100  # the repeated 一、总体情况
    assert seed_card.dimensions["accuracy"].score < 100  # 未收到 against 7 in table 3
    assert seed_card.dimensions["completeness"].score < 100
    assert 0 < seed_card.total < 80
    assert seed_card.total == pytest.approx(sum(d.points for d in seed_card.dimensions.values()))
    data = seed_card.to_dict()
    assert data["counts"]["error"] >= 2 and data["findings"] and data["year"] == 2024
    assert seed_card.features["specificity_percentile"] is not None


def test_seed_ranks_in_the_bottom_of_the_2021_format_pingtan_reports(seed_report: Path, pingtan_2021_format: list[Path]) -> None:
    """The seed scores below nearly every 2021-format 平潭 report. With the default model one
    scores lower still, and reading it confirms heavier defects: ptzhsyqnyn/2024 has no section
    六 at all (so no fee statement), its table 3 总计 column is left at 0 on four rows and its text
    files the applicants differently from the table (docs/scoring.md). One more is allowed for
    a refreshed model's drift; more than that means the rubric has gone wrong."""
    result = score_paths([seed_report, *pingtan_2021_format], jobs=2, keep_reports=False)
    assert not result.errors
    seed = next(card for card in result.cards if card.path == str(seed_report))
    below = [Path(card.path).parent.name + "/" + Path(card.path).name for card in result.cards if card.total < seed.total]
    assert len(below) <= 2, below
    assert set(below) <= {"ptzhsyqnyn/2024.txt", "ptzhsyqzrz/2023.txt"}, below


def test_unit_names_are_matched_across_years() -> None:
    assert normalise_unit("平潭综合实验区管委会") == normalise_unit("平潭综合实验区") == "平潭综合实验区"
    assert normalise_unit("松川市 审计局") == "松川市审计局"
    assert normalise_unit("平潭综合实验区管委会办公室") != normalise_unit("平潭综合实验区")
    assert normalise_unit(None) is None


def test_previous_dir_matches_last_years_report_and_measures_copying(real_corpus: Path) -> None:
    folder = real_corpus / "pingtan" / "ptzhsyqczj"
    result = score_paths([folder / "2024.txt", folder / "2023.txt"], previous_dir=folder)
    by_name = {Path(card.path).name: card for card in result.cards}
    assert Path(by_name["2024.txt"].previous).name == "2023.txt"
    assert Path(by_name["2023.txt"].previous).name == "2022.txt"
    # the copying rule ran: it needs last year's report
    from narrative_qa.scoring.batch import _state

    report = by_name["2024.txt"].report
    assert match_previous(report, _state["index"]).name == "2023.txt"


def test_bad_files_are_listed_and_the_batch_goes_on(tmp_path: Path, seed_report: Path) -> None:
    empty = tmp_path / "empty.txt"
    empty.write_text("   \n", encoding="utf-8")
    result = score_paths([empty, seed_report])
    assert [Path(card.path).name for card in result.cards] == [seed_report.name]
    assert [Path(path).name for path, _ in result.errors] == ["empty.txt"]
    assert "空" in result.errors[0][1] or "没有可读的文字" in result.errors[0][1]
