"""A score's percentile among the documents of the model's corpus.

Decision: the model itself (corpus/) stores no scores, and should not: scores come from rules
that need the finished model (boilerplate is judged against it), so computing them inside the
build would make the corpus layer import the rules above it. Instead, scoring the corpus
against its finished model writes a *score reference* beside the model:

    nqa score CORPUS... --model models/NAME --write-reference

writes models/NAME/score-reference.json: for every scored corpus document, the number of
findings per (rule code, severity) and its specificity percentile — numbers only, no text, no
file names (the model's "statistics only" rule holds). It is rubric-independent: the
percentile of a score is computed by re-scoring every reference row with the *current*
rubric, so a configured rubric moves the reference and the report alike. The file records the
SHA-256 of the model's manifest.json; after a rebuild the reference no longer matches and is
ignored (percentile None, with a note) until it is written again. The model loader does not
list the file, so a model without one still loads.
"""

from __future__ import annotations

import json
from collections import Counter
from functools import lru_cache
from pathlib import Path
from typing import Any

from narrative_qa.atomic import write_text_atomic
from narrative_qa.scoring.rubric import Rubric

REFERENCE_FILE = "score-reference.json"
REFERENCE_KIND = "narrative-qa-score-reference"
REFERENCE_VERSION = 1


def reference_row(card: Any) -> dict[str, Any]:
    """What the reference keeps of one scored corpus document."""
    counts = Counter(f"{code}:{severity}" for code, severity in card.charged)
    return {
        "counts": dict(sorted(counts.items())),
        "specificity_percentile": card.features.get("specificity_percentile"),
    }


def _manifest_digest(model_path: Path) -> str:
    from narrative_qa.corpus.store import sha256_file

    return sha256_file(model_path / "manifest.json")


def corpus_cards(model: Any, cards: list[Any]) -> list[Any]:
    """The cards of documents the model was built from, matched by the files' SHA-256 as the
    model's documents.json lists them (so extra files, duplicates kept out of the model and
    pre-2019 reports given in the same folder do not enter the reference), one per document."""
    from narrative_qa.corpus.store import sha256_file

    wanted = {entry.get("sha256") for entry in model.documents.get("files", []) if isinstance(entry, dict)}
    chosen: dict[str, Any] = {}
    for card in cards:
        digest = sha256_file(Path(card.path))
        if digest in wanted:
            chosen.setdefault(digest, card)
    return list(chosen.values())


def write_reference(model: Any, cards: list[Any]) -> tuple[Path, int]:
    """Write the reference rows of the model's corpus documents among `cards` atomically beside
    the model; (file written, documents used)."""
    from narrative_qa.errors import UsageError

    if model is None or getattr(model, "path", None) is None:
        raise UsageError("写入评分参考分布需要一个模型文件夹（--model）")
    folder = Path(model.path)
    used = corpus_cards(model, cards)
    if not used:
        raise UsageError("给出的文件中没有一份是该模型语料中的报告，未写入评分参考分布")
    rows = sorted((reference_row(card) for card in used), key=lambda row: json.dumps(row, sort_keys=True))
    payload = {
        "kind": REFERENCE_KIND,
        "version": REFERENCE_VERSION,
        "model_manifest_sha256": _manifest_digest(folder),
        "documents": len(rows),
        "rows": rows,
    }
    target = folder / REFERENCE_FILE
    write_text_atomic(target, json.dumps(payload, ensure_ascii=False, sort_keys=True, separators=(",", ":")) + "\n")
    _load_rows.cache_clear()
    return target, len(used)


def load_reference(model: Any) -> tuple[tuple[tuple[tuple[str, str], ...], float | None], ...] | None:
    """The reference rows of a model, or None when it has none or a stale one."""
    if model is None or getattr(model, "path", None) is None:
        return None
    return _load_rows(str(model.path))


@lru_cache(maxsize=8)
def _load_rows(folder: str) -> tuple[tuple[tuple[tuple[str, str], ...], float | None], ...] | None:
    path = Path(folder) / REFERENCE_FILE
    try:
        payload = json.loads(path.read_text("utf-8"))
    except (OSError, ValueError):
        return None
    if (
        not isinstance(payload, dict)
        or payload.get("kind") != REFERENCE_KIND
        or payload.get("version") != REFERENCE_VERSION
        or payload.get("model_manifest_sha256") != _manifest_digest(Path(folder))
    ):
        return None
    rows = []
    for row in payload.get("rows", []):
        items: list[tuple[str, str]] = []
        for key, count in row.get("counts", {}).items():
            code, _, severity = key.partition(":")
            items.extend([(code, severity)] * int(count))
        rows.append((tuple(items), row.get("specificity_percentile")))
    return tuple(rows) if rows else None


_totals_cache: dict[tuple[int, str], list[float]] = {}


def reference_totals(rubric: Rubric, reference: Any) -> list[float]:
    """Every reference document's total under `rubric`, sorted (cached per rubric and reference)."""
    from narrative_qa.scoring.score import dimension_scores

    key = (id(reference), json.dumps(rubric.to_dict(), sort_keys=True))
    cached = _totals_cache.get(key)
    if cached is None:
        cached = sorted(round(dimension_scores(rubric, items, feature)[0], 6) for items, feature in reference)
        _totals_cache[key] = cached
    return cached


def percentile_of(total: float, rubric: Rubric, reference: Any) -> float | None:
    """Share of reference documents scoring below `total`, plus half of those equal (0-100)."""
    if not reference:
        return None
    from bisect import bisect_left, bisect_right

    totals = reference_totals(rubric, reference)
    value = round(total, 6)
    below = bisect_left(totals, value)
    not_above = bisect_right(totals, value)
    return 100.0 * (below + 0.5 * (not_above - below)) / len(totals)
