"""`nqa score` end to end: formats, exit codes, the explain text, the output-folder policy."""

from __future__ import annotations

import csv
import io
import json
import subprocess
import sys
from pathlib import Path

from narrative_qa.scoring.scorecard import CSV_COLUMNS


def nqa(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "narrative_qa", *args], capture_output=True, text=True, timeout=600, cwd=cwd
    )


def test_csv_and_json_outputs(seed_report: Path, real_corpus: Path, tmp_path: Path) -> None:
    real = real_corpus / "pingtan" / "ptzhsyqczj" / "2024.txt"
    result = nqa("score", str(seed_report), str(real), "--format", "csv")
    assert result.returncode == 0, result.stderr
    rows = list(csv.reader(io.StringIO(result.stdout)))
    assert tuple(rows[0]) == CSV_COLUMNS
    assert [row[1] for row in rows[1:]] == [str(real), str(seed_report)]  # ranked best first
    out = tmp_path / "scores.json"
    result = nqa("score", str(seed_report), "--format", "json", "--out", str(out))
    assert result.returncode == 0, result.stderr
    payload = json.loads(out.read_text("utf-8"))
    report = payload["reports"][0]
    assert report["rank"] == 1 and report["file"] == str(seed_report)
    assert set(report["dimensions"]) == {"structure", "accuracy", "completeness", "specificity", "originality"}
    assert {"S001", "C001"} <= {finding["code"] for finding in report["findings"]}


def test_exit_code_2_when_nothing_could_be_scored(tmp_path: Path) -> None:
    bad = tmp_path / "blank.txt"
    bad.write_text("\n\n", encoding="utf-8")
    result = nqa("score", str(bad))
    assert result.returncode == 2
    assert "blank.txt" in result.stderr and "Traceback" not in result.stderr


def test_explain_prints_the_rubric() -> None:
    result = nqa("score", "--explain")
    assert result.returncode == 0
    for word in ("structure", "accuracy", "completeness", "specificity", "originality", "S001:info", "R001"):
        assert word in result.stdout


def test_html_refuses_a_foreign_folder(tmp_path: Path, seed_report: Path) -> None:
    foreign = tmp_path / "mine"
    foreign.mkdir()
    (foreign / "notes.txt").write_text("keep me", encoding="utf-8")
    result = nqa("score", str(seed_report), "--format", "html", "--out", str(foreign))
    assert result.returncode == 2 and "拒绝" in result.stderr and len(result.stderr.strip().splitlines()) == 1
    result = nqa("score", str(seed_report), "--format", "html", "--out", str(foreign), "--force")
    assert result.returncode == 0, result.stderr
    assert (foreign / "notes.txt").read_text("utf-8") == "keep me" and (foreign / "index.html").is_file()
    assert not (foreign / ".narrative-qa-report").exists()  # still the user's folder
