"""Fixtures shared by the whole suite.

Real reports are read from ../shared beside the checkout (CI lays it there); they are never
copied into the project. A missing ../shared is a hard failure, not a skip, so a CI run without
the data cannot pass quietly.
"""

from __future__ import annotations

from pathlib import Path

import pytest

REPO_ROOT = Path(__file__).resolve().parents[1]
SHARED_DIR = (REPO_ROOT / ".." / "shared").resolve()
REAL_CORPUS = SHARED_DIR / "corpus" / "real"
SEED_REPORT = SHARED_DIR / "seed" / "zhanhe-zhujianju-2024.txt"


def _require(path: Path) -> Path:
    if not path.exists():
        raise FileNotFoundError(f"test data missing: {path} (../shared must lie beside the checkout)")
    return path


@pytest.fixture(scope="session")
def shared_dir() -> Path:
    return _require(SHARED_DIR)


@pytest.fixture(scope="session")
def real_corpus() -> Path:
    return _require(REAL_CORPUS)


@pytest.fixture(scope="session")
def seed_report() -> Path:
    return _require(SEED_REPORT)


def read_manifest() -> list[dict[str, str]]:
    """Rows of ../shared/corpus/real/manifest.tsv as dicts keyed by the header."""
    lines = _require(REAL_CORPUS / "manifest.tsv").read_text("utf-8").splitlines()
    header = lines[0].split("\t")
    return [dict(zip(header, line.split("\t"))) for line in lines[1:] if line.strip()]
