"""Helpers for the linting tests: the probe rule in-process and the CLI in a subprocess."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent))

from lint_probe import FIXTURES, install, run_cli, uninstall  # noqa: E402


@pytest.fixture(autouse=True)
def probe_rule():
    """The probe rule is registered only while a test of this folder runs."""
    install()
    yield
    uninstall()


@pytest.fixture
def cli():
    return run_cli


@pytest.fixture
def draft(tmp_path: Path):
    """Copy a fixture draft into a folder (tmp_path by default), with replacements, and return its path."""

    def make(name: str = "songchuan-shenjiju-2024.md", *, replace: dict[str, str] | None = None,
             folder: Path | None = None, target: str | None = None) -> Path:
        text = (FIXTURES / name).read_text("utf-8")
        for old, new in (replace or {}).items():
            assert old in text, old
            text = text.replace(old, new)
        folder = folder or tmp_path
        folder.mkdir(parents=True, exist_ok=True)
        path = folder / (target or name)
        path.write_text(text, encoding="utf-8")
        return path

    return make


@pytest.fixture
def fixtures_dir() -> Path:
    return FIXTURES
