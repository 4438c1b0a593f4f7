"""Score many files: in parallel, past bad files, each matched to its own last year's report.

    score_paths(paths, model=..., previous_dir=..., jobs=...) -> BatchResult

The per-process state (model, score reference, the previous-year index) is made ready in the
parent before the pool forks, as the linting engine does, so workers inherit it; the pool
itself (longest file first, results in input order) is narrative_qa.parallel's, as for linting.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from narrative_qa.document.metadata import normalise_unit
from narrative_qa.errors import NarrativeQAError, UsageError
from narrative_qa.parallel import map_files
from narrative_qa.read_ahead import read_report_ahead, reading_ahead
from narrative_qa.scoring.rubric import Rubric, load_rubric
from narrative_qa.scoring.scorecard import Scorecard, ranked


@dataclass(slots=True)
class BatchResult:
    cards: list[Scorecard]  # best first
    errors: list[tuple[str, str]] = field(default_factory=list)  # (file, Chinese message)
    notes: list[str] = field(default_factory=list)


# ---------------------------------------------------------------- matching last year's report

# Government units are written with or without their organ's name (平潭综合实验区 and
# 平潭综合实验区管委会 are the same body); departments are kept whole (管委会办公室 is not 管委会).
def index_previous(folder: Path) -> dict[tuple[str, int], Path]:
    """(normalised unit, year) -> file, for every readable report under `folder`. Reads only
    the text and metadata (no table solving): the full parse happens for the matches only."""
    from narrative_qa.document.metadata import find_front_matter, read_metadata
    from narrative_qa.document.readers import read_document
    from narrative_qa.linting.engine import expand_paths

    if not folder.is_dir():
        raise UsageError(f"--previous-dir 不是文件夹：{folder}")
    index: dict[tuple[str, int], Path] = {}
    for path in expand_paths([folder]):
        try:
            raw = read_document(path)
            metadata = read_metadata(raw.text, find_front_matter(raw.text), path, None)
        except NarrativeQAError:
            continue
        key = normalise_unit(metadata.unit)
        if key is not None and metadata.year is not None:
            # Several files of one unit and year (the same report as PDF and HTML): the first
            # by path wins, so the choice does not depend on the file system's order.
            index.setdefault((key, metadata.year), path)
    return index


def match_previous(report: Any, index: dict[tuple[str, int], Path]) -> Path | None:
    key = normalise_unit(report.unit)
    if key is None or report.year is None:
        return None
    found = index.get((key, report.year - 1))
    if found is not None and Path(found).resolve() == Path(report.path).resolve():
        return None
    return found


# ---------------------------------------------------------------- per-process state


@dataclass(frozen=True, slots=True)
class ScoreOptions:
    model: str | None  # a model folder; None: the default model
    previous_dir: str | None
    config: str | None  # an explicit configuration file
    keep_reports: bool = True  # the HTML pages need the parsed reports; other outputs do not
    batch_compare: bool = False  # B011 across the batch's reports (linting/batch_compare.py)


_state: dict[str, Any] = {"options": None, "model": None, "reference": None, "index": {}, "rubrics": {}}


def prepare(options: ScoreOptions) -> list[str]:
    """Load the model, its score reference and the previous-year index once; notes for the user."""
    from narrative_qa.scoring.percentile import load_reference
    from narrative_qa.scoring.score import DEFAULT, resolve_model

    notes: list[str] = []
    if _state["options"] == options:
        return notes
    model = resolve_model(options.model if options.model is not None else DEFAULT)
    if model is None:
        notes.append("没有可用的语料模型（可用 --model 指定）：需要模型的规则未运行，也没有百分位")
    reference = load_reference(model) if model is not None else None
    if model is not None and reference is None:
        notes.append(f"模型 {model.path} 没有与之匹配的评分参考分布，百分位留空（见 docs/scoring.md：--write-reference）")
    _state.update(
        options=options,
        model=model,
        reference=reference,
        index=index_previous(Path(options.previous_dir)) if options.previous_dir else {},
        rubrics={},
    )
    return notes


def _rubric_for(path: Path) -> Rubric:
    options: ScoreOptions = _state["options"]
    key = options.config or str(path.resolve().parent)
    rubrics: dict[str, Rubric] = _state["rubrics"]
    if key not in rubrics:
        rubrics[key] = load_rubric(options.config, near=path)
    return rubrics[key]


def score_file(path: Path) -> Scorecard | tuple[str, str]:
    """A Scorecard, or (file, Chinese message) when the file cannot be scored; never raises
    for a bad file."""
    return score_file_signed(path)[0]


def score_file_signed(path: Path) -> tuple[Scorecard | tuple[str, str], Any]:
    """`score_file`, with the report's batch-comparison signature (None when not comparing)."""
    from narrative_qa.document.parse import read_report
    from narrative_qa.linting.config import settings_for
    from narrative_qa.scoring.score import score_report

    try:
        report = read_report_ahead(path)
        previous_path = match_previous(report, _state["index"])
        previous = None
        if previous_path is not None:
            try:
                previous = read_report(previous_path)
            except NarrativeQAError:
                previous = None
        settings = settings_for(path)  # the lint configuration beside the report: rules, severities
        card = score_report(
            report,
            model=_state["model"],
            previous=previous,
            rubric=_rubric_for(path),
            settings=settings,
            reference=_state["reference"],
        )
        signature = None
        if _state["options"].batch_compare:
            from narrative_qa.linting.batch_compare import signature_of

            signature = signature_of(report, settings, _state["model"], settings.codes_for(report.path))
        if not _state["options"].keep_reports:
            card.report = None  # not shipped back from a worker: a parsed report is megabytes
        return card, signature
    except NarrativeQAError as error:
        return (str(path), str(error)), None
    except Exception as error:  # a parser or rule bug on one odd file must not stop a batch
        return (str(path), f"评分时出现内部错误：{type(error).__name__}: {error}"), None


def _add_batch_findings(cards: list[Scorecard], signatures: dict[str, Any]) -> None:
    """B011 across the batch (as `nqa lint` does): the copied sections' findings join the cards
    and the scores are recomputed, so originality reflects copying from another body's report."""
    from narrative_qa.linting.batch_compare import compare_batch, merge_findings
    from narrative_qa.scoring.percentile import percentile_of
    from narrative_qa.scoring.score import dimension_scores

    found = compare_batch(list(signatures.values()), lambda _: _state["model"])
    for card in cards:
        if card.path not in found:
            continue
        added = merge_findings(card, signatures[card.path], found[card.path])
        if not added:
            continue
        # B findings are charged one each (score.charged_items groups only T and C findings).
        card.charged.extend((finding.code, finding.severity.value) for finding in added)
        rubric = _rubric_for(Path(card.path))
        card.total, card.dimensions = dimension_scores(rubric, card.charged, card.features.get("specificity_percentile"))
        card.percentile = percentile_of(card.total, rubric, _state["reference"])


def refresh_percentiles(cards: list[Scorecard]) -> None:
    """Recompute every card's percentile after the model's score reference was (re)written."""
    from narrative_qa.scoring.percentile import load_reference, percentile_of

    model = _state["model"]
    _state["reference"] = reference = load_reference(model) if model is not None else None
    for card in cards:
        card.percentile = percentile_of(card.total, _rubric_for(Path(card.path)), reference)


def _init_worker(options: ScoreOptions) -> None:
    prepare(options)


def _preload_segmenter() -> None:
    """Before the pool forks: the text rules cut the reports with jieba, so load its whole
    dictionary here for the workers to share (Segmenter.load_whole_dictionary)."""
    if _state["model"] is not None:
        from narrative_qa.nlp.segment import get_segmenter

        get_segmenter().load_whole_dictionary()


# ---------------------------------------------------------------- many files


def score_paths(
    paths: list[str | os.PathLike[str]],
    *,
    model: str | os.PathLike[str] | None = None,
    previous_dir: str | os.PathLike[str] | None = None,
    config: str | os.PathLike[str] | None = None,
    jobs: int = 1,
    progress: bool = False,
    keep_reports: bool = True,
    batch_compare: bool = True,
) -> BatchResult:
    from narrative_qa.linting.config import clear_caches
    from narrative_qa.linting.engine import expand_paths

    files = expand_paths(paths)
    clear_caches()
    if model is None:
        # `model = ...` in the lint configuration beside the (first) report, as `nqa lint` reads it
        from narrative_qa.linting.config import settings_for

        model = settings_for(files[0]).model
    options = ScoreOptions(
        model=str(model) if model is not None else None,
        previous_dir=str(previous_dir) if previous_dir is not None else None,
        config=str(config) if config is not None else None,
        keep_reports=keep_reports,
        batch_compare=batch_compare and len(files) > 1,
    )
    _state["options"] = None  # a new run re-reads everything (a notebook may have changed files)
    with reading_ahead(files, jobs):
        notes = prepare(options)
        for file in files[:1]:
            _rubric_for(file)  # a bad [score] table is a usage error before any work starts
        signed = map_files(
            score_file_signed, files, jobs, progress, initializer=_init_worker, initargs=(options,), warm=_preload_segmenter
        )
    results = [result for result, _ in signed]
    cards = [result for result in results if isinstance(result, Scorecard)]
    errors = [result for result in results if not isinstance(result, Scorecard)]
    signatures = {signature.path: signature for _, signature in signed if signature is not None}
    if len(signatures) > 1:
        _add_batch_findings(cards, signatures)
    return BatchResult(cards=ranked(cards), errors=errors, notes=notes)
