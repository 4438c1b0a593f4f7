"""The score reference beside a model: written from the model's own corpus, stale when the
model changes, re-scored with the rubric in force."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

from narrative_qa.corpus.model import default_model_path, load_model
from narrative_qa.scoring.percentile import REFERENCE_FILE, load_reference, percentile_of, write_reference
from narrative_qa.scoring.rubric import build_rubric, default_rubric
from narrative_qa.scoring.batch import score_paths


def test_reference_round_trip_and_staleness(tmp_path: Path, real_corpus: Path, seed_report: Path) -> None:
    folder = tmp_path / "model"
    shutil.copytree(default_model_path(), folder)
    (folder / REFERENCE_FILE).unlink(missing_ok=True)
    model = load_model(folder)
    assert load_reference(model) is None
    files = sorted(real_corpus.glob("pingtan/ptzhsyqczj/202[1-5].txt"))
    result = score_paths([*files, seed_report], model=folder)
    written, used = write_reference(model, result.cards)
    assert used == len(files)  # the seed is not in the model's corpus
    payload = json.loads(written.read_text("utf-8"))
    assert payload["documents"] == len(files)
    assert "text" not in json.dumps(payload)  # numbers only
    reference = load_reference(model)
    assert reference is not None and len(reference) == len(files)
    assert percentile_of(0.0, default_rubric(), reference) == 0.0
    assert percentile_of(100.0, default_rubric(), reference) == 100.0
    # another rubric re-scores the reference rows
    # another rubric re-scores the reference rows: with nothing costing anything every
    # reference document scores 100, so 99 is below them all
    lenient = build_rubric({"severity_cost": {"error": 0, "warning": 0, "info": 0}, "feature_weight": 0}, source="t")
    assert percentile_of(99.0, default_rubric(), reference) == 100.0
    assert percentile_of(99.0, lenient, reference) == 0.0
    # a rebuilt model (another manifest) makes the reference stale
    manifest = folder / "manifest.json"
    manifest.write_bytes(manifest.read_bytes() + b" ")
    from narrative_qa.scoring import percentile

    percentile._load_rows.cache_clear()
    assert load_reference(model) is None
