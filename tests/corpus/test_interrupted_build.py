"""A corpus refresh killed half-way (SIGKILL: no cleanup code runs) leaves the previous model
intact and loadable; the next build clears what the killed one left behind."""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

from narrative_qa.corpus.model import load_model

SAMPLE_CORPUS = Path(__file__).resolve().parents[2] / "corpora" / "sample"


def test_sigkill_during_build_keeps_the_previous_model(sample_model_dir: Path, real_corpus: Path, tmp_path: Path) -> None:
    target = tmp_path / "models" / "current"
    shutil.copytree(sample_model_dir, target)
    before = {path.name: path.read_bytes() for path in target.iterdir()}
    command = [
        sys.executable, "-m", "narrative_qa", "corpus", "build", str(real_corpus / "manifest.tsv"),
        "--out", str(target), "--force", "--jobs", "1",
    ]
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, start_new_session=True)
    try:
        # The build opens its temporary folder beside the target before reading the first file.
        deadline = time.monotonic() + 60
        while not list(target.parent.glob(".nqa-build-*")):
            assert process.poll() is None, process.stderr.read().decode() if process.stderr else ""
            assert time.monotonic() < deadline, "the build never started"
            time.sleep(0.05)
        time.sleep(1.0)  # well into reading the 193 real reports (a full build takes several seconds)
        assert process.poll() is None, "the build finished before it could be killed"
    finally:
        os.killpg(process.pid, signal.SIGKILL)
        process.wait()
    assert process.returncode == -signal.SIGKILL
    assert {path.name: path.read_bytes() for path in target.iterdir()} == before
    assert load_model(target).n_documents == 16
    # A later build cleans up the leftover temporary folder and replaces the model.
    result = subprocess.run(
        [sys.executable, "-m", "narrative_qa", "corpus", "build", str(SAMPLE_CORPUS), "--out", str(target), "--force"],
        capture_output=True, text=True, timeout=300,
    )
    assert result.returncode == 0, result.stderr
    assert list(target.parent.glob(".nqa-*")) == []
    assert load_model(target).n_documents == 16
