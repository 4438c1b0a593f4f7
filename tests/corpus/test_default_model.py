"""The shipped default model: found from a checkout and from an installed package, loadable
without scikit-learn or spaCy, and reproducible from ../shared with the documented command."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
import tomllib
from pathlib import Path

from narrative_qa.corpus.model import default_model_path

REPO_ROOT = Path(__file__).resolve().parents[2]
# The one command in models/README.md, run from the repository root.
BUILD_COMMAND = ["corpus", "build", "../shared/corpus/real/manifest.tsv", "--min-year", "2019", "--out"]


def test_default_model_is_found_in_the_checkout_and_loads_lightly() -> None:
    assert default_model_path() == REPO_ROOT / "models" / "default"
    probe = (
        "import sys; from narrative_qa.corpus.model import load_model; m = load_model();"
        "print(m.n_documents, 'sklearn' in sys.modules, 'spacy' in sys.modules, 'jieba' in sys.modules)"
    )
    result = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, cwd=REPO_ROOT.parent, timeout=60)
    assert result.stdout.split() == ["131", "False", "False", "False"], result.stderr
    size = sum(path.stat().st_size for path in default_model_path().iterdir())
    assert size < 20 * 1024 * 1024


def test_default_model_is_shipped_as_package_data(tmp_path: Path) -> None:
    """What a non-editable install puts in site-packages: the package with its package data
    (pyproject's globs, with the _models symlink followed as setuptools does), used from
    another directory. The real `pip install .` was checked by hand (models/README.md)."""
    config = tomllib.loads((REPO_ROOT / "pyproject.toml").read_text("utf-8"))
    patterns = config["tool"]["setuptools"]["package-data"]["narrative_qa"]
    assert "_models/default/*" in patterns
    package = REPO_ROOT / "src" / "narrative_qa"
    shipped = sorted(path.name for path in package.glob("_models/default/*"))
    assert shipped == sorted(path.name for path in (REPO_ROOT / "models" / "default").iterdir())
    site = tmp_path / "site-packages"
    shutil.copytree(package, site / "narrative_qa", symlinks=False, ignore=shutil.ignore_patterns("__pycache__"))
    probe = (
        "import narrative_qa; from narrative_qa.corpus.model import default_model_path, load_model;"
        "print(narrative_qa.__file__); print(default_model_path()); print(load_model().n_documents)"
    )
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    result = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, cwd=elsewhere, timeout=60,
        env={"PYTHONPATH": str(site), "PATH": "/usr/bin:/bin"},
    )
    lines = result.stdout.splitlines()
    assert len(lines) == 3, result.stderr
    assert lines[0].startswith(str(site)) and lines[1] == str(site / "narrative_qa" / "_models" / "default")
    assert lines[2] == "131"


def test_default_model_rebuilds_byte_for_byte(tmp_path: Path, shared_dir: Path) -> None:
    out = tmp_path / "rebuilt"
    result = subprocess.run(
        [sys.executable, "-m", "narrative_qa", *BUILD_COMMAND, str(out), "--jobs", "2"],
        capture_output=True, text=True, cwd=REPO_ROOT, timeout=600,
    )
    assert result.returncode == 0, result.stderr
    shipped = default_model_path()
    # The build's files are manifest.json and those it lists; other files beside them (such as
    # score-reference.json, written by `nqa score --write-reference`) are not the build's.
    built = ["manifest.json", *sorted(json.loads((out / "manifest.json").read_text("utf-8"))["files"])]
    different = [name for name in built if not (shipped / name).is_file() or (out / name).read_bytes() != (shipped / name).read_bytes()]
    assert different == [], (
        "models/default is stale (the parser, tokenizer or builder changed): rebuild it with "
        "`nqa corpus build ../shared/corpus/real/manifest.tsv --min-year 2019 --out models/default --force`"
    )
