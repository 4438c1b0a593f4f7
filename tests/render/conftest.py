"""The render tests reuse the linting tests' probe rule and CLI runner (tests/linting)."""

from __future__ import annotations

import sys
from pathlib import Path

LINTING = Path(__file__).resolve().parents[1] / "linting"
if str(LINTING) not in sys.path:
    sys.path.insert(0, str(LINTING))

from lint_probe import FIXTURES, run_cli  # noqa: E402  (tests/linting/lint_probe.py)

import pytest  # noqa: E402


@pytest.fixture
def cli():
    return run_cli


@pytest.fixture
def marked_draft(tmp_path: Path) -> Path:
    """The fictional 松川市审计局 draft with one marker of each severity."""
    text = (FIXTURES / "songchuan-shenjiju-2024.md").read_text("utf-8")
    text = text.replace("全年主动公开各类信息312条。", "全年主动公开各类信息312条【待核】。")
    text = text.replace("组织专题培训2次。", "组织专题培训2次【存疑】。")
    text = text.replace("完成门户网站审计专栏改版", "完成门户网站审计专栏改版【备注】")
    path = tmp_path / "drafts" / "松川 审计局,2024.md"
    path.parent.mkdir()
    path.write_text(text, "utf-8")
    return path


@pytest.fixture
def fixtures_dir() -> Path:
    return FIXTURES
