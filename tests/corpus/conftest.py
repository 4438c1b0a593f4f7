"""Models built once per test session: from the project's sample corpus and from ../shared."""

from __future__ import annotations

from pathlib import Path

import pytest

from narrative_qa.corpus.build import build_model

REPO_ROOT = Path(__file__).resolve().parents[2]
SAMPLE_CORPUS = REPO_ROOT / "corpora" / "sample"


@pytest.fixture(scope="session")
def sample_model_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("sample-model") / "model"
    build_model([SAMPLE_CORPUS], out, jobs=1)
    return out


@pytest.fixture(scope="session")
def real_build(tmp_path_factory: pytest.TempPathFactory, real_corpus: Path):
    out = tmp_path_factory.mktemp("real-model") / "model"
    return build_model([real_corpus / "manifest.tsv"], out, jobs=2, min_year=2019)
