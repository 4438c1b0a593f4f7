"""Shared inputs for the scoring tests: a few real reports read from ../shared at run time."""

from __future__ import annotations

from pathlib import Path

import pytest


@pytest.fixture(scope="session")
def pingtan_2021_format(real_corpus: Path) -> list[Path]:
    """Every 2021-format 平潭 text capture (reports on 2021-2025)."""
    files = sorted(real_corpus.glob("pingtan/*/202[1-5].txt"))
    assert len(files) >= 50, files
    return files
