"""Helpers for the required-statement tests: fictional drafts built around one sentence."""

from __future__ import annotations

from pathlib import Path

import pytest

FIXTURES = Path(__file__).parent / "fixtures"
FILLER = "此处内容从略。"

# A fictional draft with the six sections; {preamble} … {other} are section bodies.
DRAFT = """青禾县民政局2024年政府信息公开工作年度报告

{preamble}

一、总体情况

{overview}

二、主动公开政府信息情况

（表格从略）

三、收到和处理政府信息公开申请情况

（表格从略）

四、政府信息公开行政复议、行政诉讼情况

（表格从略）

五、存在的主要问题及改进情况

{problems}

六、其他需要报告的事项

{other}
"""


def draft_text(**bodies: str) -> str:
    filled = {key: bodies.get(key, FILLER) for key in ("preamble", "overview", "problems", "other")}
    return DRAFT.format(**filled)


@pytest.fixture
def make_draft_text():
    return draft_text


@pytest.fixture
def write_draft(tmp_path: Path):
    def write(name: str = "draft.txt", text: str | None = None, **bodies: str) -> Path:
        path = tmp_path / name
        path.write_text(text if text is not None else draft_text(**bodies), "utf-8")
        return path

    return write
