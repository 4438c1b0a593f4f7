"""Batch comparison for B011 copied-from-peer (linting/batch_compare.py): linting several reports
compares each one's sections with the other bodies' reports of the batch, in one process or many.

Fixtures (tests/fixtures/batch, fictional): 岚溪县文化和旅游局 and 岚溪县体育事业发展中心, whose
五 is the former's pasted with two words changed, and 白溪镇人民政府, unrelated. Real: two 平潭
units of 2024 with nothing in common, and the same pair after pasting one's 五 into a copy of the
other's report (in tmp_path, at run time).
"""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from narrative_qa.document.parse import read_report
from narrative_qa.linting.config import Overrides
from narrative_qa.linting.engine import lint_paths

BATCH = Path(__file__).resolve().parents[1] / "fixtures" / "batch"
WENLV = "lanxi-wenlvju-2024.md"
TIYU = "lanxi-tiyu-zhongxin-2024.md"
BAIXI = "baixi-zhen-2024.md"
ONLY_B011 = Overrides(select=("B011",))


def b011(result) -> dict[str, list]:
    """File name -> its B011 findings."""
    return {Path(file.path).name: [f for f in file.findings if f.code == "B011"] for file in result.files}


def copy_fixtures(folder: Path, *names: str) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    for name in names:
        shutil.copy(BATCH / name, folder / name)
    return folder


def test_copied_problems_section_is_flagged_in_both_reports_and_names_the_other() -> None:
    found = b011(lint_paths([BATCH], config=ONLY_B011))
    assert found[BAIXI] == []
    for name, other in ((TIYU, WENLV), (WENLV, TIYU)):
        [finding] = found[name]
        assert finding.section == "problems" and finding.line == 31  # the 五 heading
        assert f"另一单位的报告（{other}）" in finding.message and "几乎相同" in finding.message
        evidence = finding.evidence
        assert Path(evidence["other"]).name == other and evidence["batch"] is True
        # Five of the six sentences are the other's; the sixth names a different office.
        assert evidence["reused_sentences"] == 5 and evidence["sentences"] == 6
        assert 0.8 <= evidence["reuse_share"] < 0.9
        assert [Path(entry["file"]).name for entry in evidence["others"]] == [other]
    assert found[TIYU][0].evidence["other_unit"] == "岚溪县文化和旅游局"


def test_batch_finding_is_the_compare_finding() -> None:
    """The same measure as --compare: same message, span and figures for the same pair."""
    batch = b011(lint_paths([BATCH / TIYU, BATCH / WENLV], config=ONLY_B011))[TIYU]
    compared = b011(lint_paths([BATCH / TIYU], config=ONLY_B011, compare=[BATCH / WENLV]))[TIYU]
    assert len(batch) == len(compared) == 1
    assert (batch[0].message, batch[0].line, batch[0].column, batch[0].fingerprint) == (
        compared[0].message,
        compared[0].line,
        compared[0].column,
        compared[0].fingerprint,
    )
    for key in ("reuse_share", "chars", "reused_chars", "sentences", "reused_sentences", "examples"):
        assert batch[0].evidence[key] == compared[0].evidence[key], key


def test_a_report_given_with_compare_is_not_reported_twice() -> None:
    found = b011(lint_paths([BATCH / TIYU, BATCH / WENLV], config=ONLY_B011, compare=[BATCH / WENLV]))
    assert len(found[TIYU]) == 1


def test_workers_give_the_same_findings_as_one_process() -> None:
    serial = lint_paths([BATCH], config=ONLY_B011, jobs=1)
    parallel = lint_paths([BATCH], config=ONLY_B011, jobs=2)
    assert [f.to_dict() for f in serial.findings] == [f.to_dict() for f in parallel.findings]
    assert [f.fingerprint for f in serial.findings] == [f.fingerprint for f in parallel.findings]
    assert len(serial.findings) == 2
    assert all(file.signature is None for file in serial.files + parallel.files)


def test_opt_out_on_the_command_line_and_in_the_configuration(tmp_path: Path) -> None:
    assert lint_paths([BATCH], config=ONLY_B011, batch_compare=False).findings == []
    folder = copy_fixtures(tmp_path / "drafts", WENLV, TIYU, BAIXI)
    (folder / ".narrative-qa.toml").write_text("[rules.copied-from-peer]\nbatch = false\n", encoding="utf-8")
    assert lint_paths([folder], config=ONLY_B011).findings == []


def test_one_file_is_not_a_batch() -> None:
    assert lint_paths([BATCH / TIYU], config=ONLY_B011).findings == []


def test_reports_of_the_same_unit_are_not_compared(tmp_path: Path) -> None:
    # The same report twice (say as a draft and its revision), and last year's version of it:
    # one body's reports, never "another body's".
    folder = copy_fixtures(tmp_path / "same", WENLV)
    shutil.copy(folder / WENLV, folder / "lanxi-wenlvju-2024-revised.md")
    last_year = (BATCH / WENLV).read_text("utf-8").replace("2024", "2023")
    (folder / "lanxi-wenlvju-2023.md").write_text(last_year, encoding="utf-8")
    assert lint_paths([folder], config=ONLY_B011).findings == []


def test_other_years_are_compared_only_when_asked(tmp_path: Path) -> None:
    folder = copy_fixtures(tmp_path / "years", WENLV)
    older = (BATCH / TIYU).read_text("utf-8").replace("2024", "2023")
    (folder / "lanxi-tiyu-zhongxin-2023.md").write_text(older, encoding="utf-8")
    assert lint_paths([folder], config=ONLY_B011).findings == []
    (folder / ".narrative-qa.toml").write_text("[rules.copied-from-peer]\nbatch-same-year = false\n", encoding="utf-8")
    found = b011(lint_paths([folder], config=ONLY_B011))
    assert [f.section for f in found[WENLV]] == ["problems"]
    assert [f.section for f in found["lanxi-tiyu-zhongxin-2023.md"]] == ["problems"]


def test_a_suppression_comment_covers_a_batch_finding_and_counts_as_used(tmp_path: Path) -> None:
    folder = copy_fixtures(tmp_path / "suppressed", WENLV)
    text = (BATCH / TIYU).read_text("utf-8")
    heading = "## 五、存在的主要问题及改进情况"
    (folder / TIYU).write_text(text.replace(heading, "<!-- nqa-disable-next-line B011 -->\n" + heading), encoding="utf-8")
    found = lint_paths([folder], config=Overrides(select=("B011", "X001")))
    by_file = {Path(file.path).name: [f.code for f in file.findings] for file in found.files}
    assert by_file[TIYU] == []  # suppressed, and the comment is not reported as unused
    assert by_file[WENLV] == ["B011"]


def test_severity_override_applies(tmp_path: Path) -> None:
    folder = copy_fixtures(tmp_path / "severity", WENLV, TIYU)
    (folder / ".narrative-qa.toml").write_text('[severity]\nB011 = "error"\n', encoding="utf-8")
    result = lint_paths([folder], config=ONLY_B011)
    assert {f.severity.value for f in result.findings} == {"error"} and result.failed()


def test_cli_option(tmp_path: Path) -> None:
    def lint(*args: str) -> subprocess.CompletedProcess[str]:
        command = [sys.executable, "-m", "narrative_qa", "lint", str(BATCH), "--select", "B011", "--format", "json", *args]
        return subprocess.run(command, capture_output=True, text=True, cwd=tmp_path)

    on = lint("-j", "2")
    assert on.returncode == 0, on.stderr
    assert sorted(Path(f["file"]).name for f in json.loads(on.stdout)) == [TIYU, WENLV]
    off = lint("--no-batch-compare")
    assert off.returncode == 0 and json.loads(off.stdout) == []


# ---------------------------------------------------------------- real reports


def _paste_problems(source: Path, target: Path, destination: Path) -> None:
    """`target`'s report with its 五 body replaced by `source`'s, written to `destination`."""
    giver, taker = read_report(source), read_report(target)
    given, taken = giver.section("problems").body, taker.section("problems").body
    text = taker.text[: taken.start] + giver.text[given.start : given.end] + taker.text[taken.end :]
    destination.write_text(text, encoding="utf-8")


@pytest.fixture
def pingtan_pair(real_corpus: Path) -> tuple[Path, Path]:
    # Two departments' 2024 reports that share nothing (checked by reading them; see also
    # tests/rules/test_copying.py::test_unrelated_real_reports_are_not_flagged).
    pingtan = real_corpus / "pingtan"
    return pingtan / "ptzhsyqczj" / "2024.txt", pingtan / "ptzhsyqjtj" / "2024.txt"


def test_real_unrelated_units_are_not_flagged(pingtan_pair: tuple[Path, Path]) -> None:
    assert lint_paths(list(pingtan_pair), config=ONLY_B011).findings == []


def test_real_pasted_problems_section_is_flagged(pingtan_pair: tuple[Path, Path], tmp_path: Path) -> None:
    finance, transport = pingtan_pair
    shutil.copy(finance, tmp_path / "czj-2024.txt")
    _paste_problems(finance, transport, tmp_path / "jtj-2024.txt")
    for jobs in (1, 2):
        found = b011(lint_paths([tmp_path], config=ONLY_B011, jobs=jobs))
        [pasted] = found["jtj-2024.txt"]
        assert pasted.section == "problems" and pasted.evidence["reuse_share"] == 1.0
        assert Path(pasted.evidence["other"]).name == "czj-2024.txt"
        assert pasted.evidence["other_unit"] == "平潭综合实验区财政金融局"
        # The giver is told too: in a batch nobody knows who copied whom.
        [giver] = found["czj-2024.txt"]
        assert giver.section == "problems" and Path(giver.evidence["other"]).name == "jtj-2024.txt"


def test_real_2014_departments_copied_problems_sections(real_corpus: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Among the 2014 平潭 reports two pairs of departments share their 五 almost word for word
    (checked by reading them): 社会事业局/财政金融局 and 经济发展局/环境与国土资源局. The index
    finds exactly what measuring every pair finds."""
    from narrative_qa.linting import batch_compare

    files = sorted((real_corpus / "pingtan").glob("*/2014.txt"))
    indexed = lint_paths(files, config=ONLY_B011, jobs=2).findings
    problems = {(Path(f.file).parent.name, Path(f.evidence["other"]).parent.name) for f in indexed if f.section == "problems"}
    # zrz's 五 splits the copied sentences differently and stays under the share the other way.
    assert problems == {("ptzhsyqshs", "ptzhsyqczj"), ("ptzhsyqczj", "ptzhsyqshs"), ("ptzhsyqjjf", "ptzhsyqzrz")}
    shares = {Path(f.file).parent.name: f.evidence["reuse_share"] for f in indexed if f.section == "problems"}
    assert shares["ptzhsyqshs"] > 0.9 and shares["ptzhsyqjjf"] > 0.9

    def every_comparable(self, signature, own_ids, others):
        return [other for other in others if batch_compare.comparable(signature, other)]

    monkeypatch.setattr(batch_compare._BatchIndex, "candidates", every_comparable)
    exhaustive = lint_paths(files, config=ONLY_B011).findings
    assert [f.to_dict() for f in exhaustive] == [f.to_dict() for f in indexed]


def test_score_batch_charges_the_copy_to_originality() -> None:
    from narrative_qa.scoring.batch import score_paths

    alone = score_paths([BATCH / TIYU]).cards[0]
    batch = {Path(card.path).name: card for card in score_paths([BATCH], jobs=2).cards}
    together = batch[TIYU]
    assert [f.code for f in together.findings if f.code == "B011"] == ["B011"]
    assert together.dimensions["originality"].score < alone.dimensions["originality"].score
    assert together.total < alone.total
    assert batch[BAIXI].dimensions["originality"].findings == 0
    unchanged = score_paths([BATCH], batch_compare=False).cards
    assert {Path(card.path).name: card.total for card in unchanged}[TIYU] == alone.total
