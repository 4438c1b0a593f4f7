"""What changed between two models (e.g. last year's and this year's): phrases whose share of
documents rose or fell, and shifts in section lengths.

Shares, not counts, are compared: two corpora of different sizes are comparable only as the
fraction of their documents that use a phrase.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from narrative_qa.corpus.model import Model
from narrative_qa.document.model import SECTION_KEYS, SECTION_TITLES

MIN_SHARE_CHANGE = 0.10  # a phrase "became common" / "disappeared" when its share moves this much


def _shares(model: Model) -> dict[int, float]:
    counts = model.arrays["phrase_df"].sum(axis=1)
    total = max(model.n_documents, 1)
    return {int(key): int(count) / total for key, count in zip(model.arrays["phrase_keys"], counts)}


def diff_models(old: Model, new: Model, top: int = 20, min_change: float = MIN_SHARE_CHANGE) -> dict[str, Any]:
    """Phrases with readable text whose document share changed by at least `min_change`, and
    the median length of every section in both models. A phrase absent from a model (below its
    minimum document frequency) has share 0 there."""
    old_shares, new_shares = _shares(old), _shares(new)
    texts = {**old.phrase_texts, **new.phrase_texts}
    rows = []
    for key in set(old_shares) | set(new_shares):
        text = texts.get(f"{key:016x}")
        if text is None:
            continue
        before, after = old_shares.get(key, 0.0), new_shares.get(key, 0.0)
        change = after - before
        if abs(change) >= min_change:
            rows.append({"text": text, "old_share": before, "new_share": after, "change": change})
    rows.sort(key=lambda row: (-abs(row["change"]), -len(row["text"]), row["text"]))
    rose = [row for row in rows if row["change"] > 0][:top]
    fell = [row for row in rows if row["change"] < 0][:top]
    lengths = []
    for key in SECTION_KEYS:
        medians = [_median(model, key) for model in (old, new)]
        if medians[0] is None and medians[1] is None:
            continue
        shift = None if None in medians else medians[1] - medians[0]
        lengths.append({"section": key, "title": SECTION_TITLES[key], "old_median": medians[0], "new_median": medians[1], "change": shift})
    return {
        "old": {"path": str(old.path), "documents": old.n_documents, "years": old.years},
        "new": {"path": str(new.path), "documents": new.n_documents, "years": new.years},
        "became_common": rose,
        "became_rare": fell,
        "section_lengths": lengths,
    }


def _median(model: Model, key: str) -> float | None:
    sample = model.distribution(key, "length")
    if sample is None or len(sample) == 0:
        return None
    return float(np.median(sample))
