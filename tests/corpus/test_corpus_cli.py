"""`nqa corpus build | stats | diff` as a trainer runs them."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

SAMPLE_CORPUS = Path(__file__).resolve().parents[2] / "corpora" / "sample"


def nqa(*arguments: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "narrative_qa", *arguments], capture_output=True, text=True, timeout=300)


def test_build_stats_and_diff(sample_model_dir: Path, tmp_path: Path) -> None:
    newer = tmp_path / "only-2025"
    built = nqa("corpus", "build", str(SAMPLE_CORPUS / "manifest.tsv"), "--min-year", "2025", "--out", str(newer))
    assert built.returncode == 0, built.stderr
    assert "8 份报告" in built.stdout and "早于 2025 年" not in built.stdout  # filtered from the manifest
    assert "2025/songchuan-shenjiju.md 与 2025/songchuan-shenjiju.txt 为同一报告" in built.stdout
    assert built.stderr == ""  # no progress bar when not on a terminal

    again = nqa("corpus", "build", str(SAMPLE_CORPUS), "--out", str(newer))
    assert again.returncode == 2 and "--force" in again.stderr and "Traceback" not in again.stderr

    stats = nqa("corpus", "stats", str(sample_model_dir), "--top", "5", "--plot", str(tmp_path / "plots"))
    assert stats.returncode == 0, stats.stderr
    for heading in ("按报告年度", "按单位层级", "常见短语", "句子指纹", "各部分叙述篇幅", "存在的主要问题及改进情况"):
        assert heading in stats.stdout
    pngs = sorted(path.name for path in (tmp_path / "plots").glob("*.png"))
    assert pngs == ["documents_by_year.png", "fingerprints.png", "section_lengths.png"]

    diff = nqa("corpus", "diff", str(sample_model_dir), str(newer))
    assert diff.returncode == 0, diff.stderr
    assert "变得常见的短语" in diff.stdout and "各部分叙述篇幅中位数" in diff.stdout


def test_bad_sources_are_one_line_errors(tmp_path: Path) -> None:
    missing = nqa("corpus", "build", str(tmp_path / "nothing"), "--out", str(tmp_path / "m"))
    assert missing.returncode == 2 and missing.stderr.startswith("错误：语料来源不存在")
    manifest = tmp_path / "manifest.tsv"
    manifest.write_text("path\tyear\na.txt\t2024\n", "utf-8")
    bad = nqa("corpus", "build", str(manifest), "--out", str(tmp_path / "m"))
    assert bad.returncode == 2 and "缺少 file 列" in bad.stderr
    broken = nqa("corpus", "stats", str(tmp_path))
    assert broken.returncode == 2 and "manifest.json" in broken.stderr


def test_unreadable_files_are_skipped_and_reported(tmp_path: Path) -> None:
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    for path in sorted((SAMPLE_CORPUS / "2024").glob("*.txt")):
        (corpus / path.name).write_bytes(path.read_bytes())
    (corpus / "empty.txt").write_bytes(b"")
    (corpus / "broken.pdf").write_bytes(b"%PDF-1.4 not really a pdf")
    built = nqa("corpus", "build", str(corpus), "--out", str(tmp_path / "m"), "--jobs", "2")
    assert built.returncode == 0, built.stderr
    assert "8 份报告" in built.stdout
    assert "跳过：broken.pdf" in built.stdout and "跳过：empty.txt" in built.stdout
