"""What is in a model, as plain data (`model_stats`) and as PNG charts (`plot_model`).

The CLI renders `model_stats` as tables; notebooks can use the same dictionaries.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import numpy as np

from narrative_qa.corpus.model import FLAG_MANDATORY, Model
from narrative_qa.document.model import SECTION_KEYS, SECTION_TITLES
from narrative_qa.errors import UsageError

QUANTILES = (10, 25, 50, 75, 90)
# Fingerprint count bins: how many sentences are shared by 2, 3, 4-5, ... documents.
FINGERPRINT_BINS = ((2, 2), (3, 3), (4, 5), (6, 10), (11, 20), (21, 50), (51, None))


def common_phrases(model: Model, top: int = 20, mandatory: bool | None = False) -> list[dict[str, Any]]:
    """The phrases with the highest document frequency that have readable text (shared by
    enough units); `mandatory` False = boilerplate candidates only, True = template only,
    None = both. Among overlapping n-grams the longest of equal frequency is shown first."""
    keys = model.arrays["phrase_keys"]
    flags = model.arrays["phrase_flags"]
    counts = model.arrays["phrase_df"].sum(axis=1)
    rows = []
    for position in range(len(keys)):
        text = model.phrase_texts.get(f"{int(keys[position]):016x}")
        if text is None:
            continue
        is_mandatory = bool(flags[position] & FLAG_MANDATORY)
        if mandatory is not None and is_mandatory != mandatory:
            continue
        rows.append((int(counts[position]), len(text), text, int(model.arrays["phrase_units"][position]), is_mandatory))
    rows.sort(key=lambda row: (-row[0], -row[1], row[2]))
    total = max(model.n_documents, 1)
    return [
        {"text": text, "documents": count, "share": count / total, "units": units, "mandatory": is_mandatory}
        for count, _, text, units, is_mandatory in rows[:top]
    ]


def fingerprint_histogram(model: Model) -> list[dict[str, Any]]:
    counts = model.arrays["fingerprint_counts"]
    rows = []
    for low, high in FINGERPRINT_BINS:
        mask = counts >= low if high is None else (counts >= low) & (counts <= high)
        label = f"{low}+" if high is None else (str(low) if low == high else f"{low}-{high}")
        rows.append({"documents": label, "sentences": int(mask.sum())})
    return rows


def section_lengths(model: Model, feature: str = "length", era: str | None = None, level: str | None = None) -> list[dict[str, Any]]:
    """Per section: how many documents have it and the quantiles of `feature`."""
    rows = []
    for key in SECTION_KEYS:
        group = model.distributions.get(f"{key}|{feature}|{era or '*'}|{level or '*'}")
        if group is None:
            continue
        offset, size, documents = group
        sample = model.arrays["distribution_values"][offset : offset + size]
        row: dict[str, Any] = {"section": key, "title": SECTION_TITLES[key], "documents": documents}
        for quantile, value in zip(QUANTILES, np.percentile(sample, QUANTILES)):
            row[f"p{quantile}"] = float(value)
        rows.append(row)
    return rows


def model_stats(model: Model, top: int = 20) -> dict[str, Any]:
    summary = model.documents
    return {
        "path": str(model.path) if model.path else None,
        "documents": summary.get("documents", model.n_documents),
        "units": summary.get("units"),
        "by_year": summary.get("by_year", {}),
        "by_level": summary.get("by_level", {}),
        "by_era": summary.get("by_era", {}),
        "skipped": len(summary.get("skipped", [])),
        "duplicates": len(summary.get("duplicates", [])),
        "vocabulary": len(model.vocabulary),
        "phrases": int(len(model.arrays["phrase_keys"])),
        "mandatory_phrases": int((model.arrays["phrase_flags"] & FLAG_MANDATORY).astype(bool).sum()),
        "common_phrases": common_phrases(model, top, mandatory=False),
        "template_phrases": common_phrases(model, min(top, 10), mandatory=True),
        "fingerprints": int(len(model.arrays["fingerprint_keys"])),
        "fingerprint_histogram": fingerprint_histogram(model),
        "section_lengths": section_lengths(model),
    }


def plot_model(model: Model, folder: Path) -> list[Path]:
    """Write PNG charts of a model to `folder`; needs the optional `plot` extra (matplotlib)."""
    try:
        import matplotlib

        matplotlib.use("Agg")
        import matplotlib.pyplot as plt
    except ImportError:
        raise UsageError("绘图需要 matplotlib：请运行 pip install 'narrative-qa[plot]' 后重试。") from None
    folder.mkdir(parents=True, exist_ok=True)
    _use_cjk_font(matplotlib)
    written = []

    by_year = model.documents.get("by_year", {})
    figure, axes = plt.subplots(figsize=(7, 4))
    axes.bar(list(by_year), list(by_year.values()), color="#4c72b0")
    axes.set_title("Documents by report year")
    axes.set_ylabel("documents")
    written.append(_save(figure, folder / "documents_by_year.png", plt))

    figure, axes = plt.subplots(figsize=(9, 4.5))
    samples, labels = [], []
    for key in SECTION_KEYS:
        sample = model.distribution(key, "length")
        if sample is not None and len(sample):
            samples.append(sample)
            labels.append(key)
    if samples:
        axes.boxplot(samples, tick_labels=labels, showfliers=True)
    axes.set_title("Narrative length per section (Chinese characters)")
    axes.set_ylabel("characters")
    axes.tick_params(axis="x", rotation=20)
    written.append(_save(figure, folder / "section_lengths.png", plt))

    figure, axes = plt.subplots(figsize=(7, 4))
    histogram = fingerprint_histogram(model)
    axes.bar([row["documents"] for row in histogram], [row["sentences"] for row in histogram], color="#dd8452")
    axes.set_title("Sentences shared by N documents (fingerprints)")
    axes.set_xlabel("documents sharing the sentence")
    axes.set_ylabel("sentences")
    written.append(_save(figure, folder / "fingerprints.png", plt))
    return written


def _save(figure: Any, path: Path, plt: Any) -> Path:
    figure.tight_layout()
    # Fixed metadata keeps the PNG identical from run to run.
    figure.savefig(path, dpi=110, metadata={"Software": None})
    plt.close(figure)
    return path


def _use_cjk_font(matplotlib: Any) -> None:
    """Use a CJK font when the system has one (labels are ASCII either way)."""
    from matplotlib import font_manager

    for name in ("Noto Sans CJK SC", "WenQuanYi Zen Hei", "SimHei", "Source Han Sans SC"):
        if any(font.name == name for font in font_manager.fontManager.ttflist):
            matplotlib.rcParams["font.sans-serif"] = [name, *matplotlib.rcParams["font.sans-serif"]]
            return
