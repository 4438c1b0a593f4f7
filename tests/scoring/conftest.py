"""Shared inputs for the scoring tests: a few real reports read from ../shared at run time."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.conftest import read_manifest


@pytest.fixture(scope="session")
def pingtan_2021_format(real_corpus: Path) -> list[Path]:
    """Every 2021-format 平潭 text capture, as the manifest's era column lists them (the
    reports on 2021-2025; the .html captures of the same reports are left out)."""
    files = sorted(
        real_corpus / row["file"]
        for row in read_manifest()
        if row["file"].startswith("pingtan/") and row["file"].endswith(".txt") and row["era"] == "2021format"
    )
    assert len(files) >= 50, files
    assert all(path.is_file() for path in files)
    return files
