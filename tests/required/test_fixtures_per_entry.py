"""Every rulebook entry: a paraphrase of it counts as present, a near miss does not."""

from __future__ import annotations

import tomllib
from pathlib import Path

import pytest

from narrative_qa.document.parse import read_report
from narrative_qa.required.presence import Detector
from narrative_qa.required.rulebook import builtin_rulebook

RULEBOOK = builtin_rulebook()
FIXTURES = tomllib.loads((Path(__file__).parent / "fixtures" / "statements.toml").read_text("utf-8"))
IDS = RULEBOOK.ids()


def test_every_entry_has_a_fixture_pair():
    assert sorted(FIXTURES) == sorted(IDS)
    for entry_id, pair in FIXTURES.items():
        assert pair.get("present") and pair.get("near_miss"), entry_id


def _detect(write_draft, entry_id: str, sentence: str):
    entry = RULEBOOK.get(entry_id)
    section = "preamble" if entry.section == "preamble" else entry.section
    path = write_draft(**{section: sentence})
    report = read_report(path, level=entry.levels[0])
    return Detector(RULEBOOK).detect(report, entry)


@pytest.mark.parametrize("entry_id", IDS)
def test_paraphrase_counts_as_present(write_draft, entry_id):
    detection = _detect(write_draft, entry_id, FIXTURES[entry_id]["present"])
    assert detection.present, (entry_id, detection)


@pytest.mark.parametrize("entry_id", IDS)
def test_near_miss_does_not_count(write_draft, entry_id):
    detection = _detect(write_draft, entry_id, FIXTURES[entry_id]["near_miss"])
    assert not detection.present, (entry_id, detection)


@pytest.mark.parametrize("entry_id", IDS)
def test_own_suggestion_counts_as_present(write_draft, entry_id):
    """What `nqa suggest` pastes must satisfy the entry it was pasted for (placeholders and all),
    or a re-lint would report the statement again."""
    from narrative_qa.required.fields import fill

    entry = RULEBOOK.get(entry_id)
    blank = read_report(write_draft(name="blank.txt"), level=entry.levels[0])
    detection = _detect(write_draft, entry_id, fill(entry.suggestion, blank))
    assert detection.present, (entry_id, detection)


@pytest.mark.parametrize(
    ("sentence", "present"),
    [
        ("针对2023年工作中存在的栏目更新不及时问题，我局已逐项整改到位。", True),  # the year before 2024
        ("针对2024年工作中存在的问题，下一步将加强培训。", False),  # this year's problems, not last year's
    ],
)
def test_previous_year_named_by_number(write_draft, sentence, present):
    assert _detect(write_draft, "previous-problems-rectified", sentence).present is present
