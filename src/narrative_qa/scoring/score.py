"""score(report) -> Scorecard: lint the report with every rule, then weigh the findings.

The score is a pure function of (findings' codes and severities, the narrative's specificity
percentile, the rubric): `dimension_scores` below. The same function re-scores the reference
rows stored beside a model (percentile.py), so a configured rubric changes the corpus
distribution and the report's score alike.
"""

from __future__ import annotations

import os
from bisect import bisect_right
from collections import defaultdict
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from narrative_qa.document.model import Report
from narrative_qa.errors import ModelError
from narrative_qa.scoring.rubric import DIMENSIONS, Rubric, default_rubric, dimension_of, load_rubric
from narrative_qa.scoring.scorecard import DimensionScore, Scorecard

# Sections whose prose is judged for specificity: the tables' sections hold little prose.
NARRATIVE_KEYS = ("overview", "problems", "other")
# Sections whose specificity is compared with the corpus (the two the rubric of 30号 singles out:
# the year's work, and problems and measures).
SPECIFICITY_KEYS = ("overview", "problems")
DEFAULT = "default"


def dimension_scores(
    rubric: Rubric, items: Iterable[tuple[str, str]], specificity_percentile: float | None
) -> tuple[float, dict[str, DimensionScore]]:
    """(total, dimensions) from (code, severity) pairs and the specificity percentile."""
    by_rule: dict[str, float] = defaultdict(float)
    counted: dict[str, int] = defaultdict(int)
    for code, severity in items:
        dimension = dimension_of(code)
        if dimension is None:
            continue
        by_rule[code] += rubric.cost(code, severity)
        counted[dimension] += 1
    capped = {code: min(cost, rubric.cap_for(code)) for code, cost in by_rule.items()}
    for codes, cap in rubric.group_caps.values():
        members = [code for code in codes if code in capped]
        total = sum(capped[code] for code in members)
        if total > cap:  # scale the members down so that together they cost `cap`
            for code in members:
                capped[code] *= cap / total
    costs: dict[str, float] = defaultdict(float)
    for code, cost in capped.items():
        costs[dimension_of(code) or ""] += cost
    total_weight = sum(rubric.weights.get(name, 0.0) for name in DIMENSIONS)
    dimensions: dict[str, DimensionScore] = {}
    for name in DIMENSIONS:
        cap = rubric.caps.get(name, 100.0)
        score = 100.0 - min(cap, costs[name])
        feature = None
        if name == "specificity" and specificity_percentile is not None and rubric.feature_weight > 0:
            feature = specificity_percentile
            score = (1.0 - rubric.feature_weight) * score + rubric.feature_weight * feature
        dimensions[name] = DimensionScore(
            name=name,
            score=max(0.0, min(100.0, score)),
            weight=100.0 * rubric.weights.get(name, 0.0) / total_weight,
            cost=costs[name],
            findings=counted[name],
            feature_score=feature,
        )
    total = sum(dimension.points for dimension in dimensions.values())
    return total, dimensions


def charged_items(findings: Iterable[Any], report: Report | None = None) -> list[tuple[str, str]]:
    """(code, severity) of the findings that cost points. One root defect is charged once:

    - table findings located at the same cell are charged once (T001 and T003 both point at
      the （七）总计 cell of a column they find unbalanced);
    - text-against-table findings from the same sentence are charged once (a sentence giving
      the applications of 自然人 and of 法人 against a table that files them all under 自然人
      is one misstatement, reported per figure);
    - a missing or empty section is charged through the content it lacks: S003 (missing) and
      S008 (empty) are not charged when a content finding of the same section, at least as
      severe, is (see `_ABSENCE_CODES` below).

    The costliest severity of a group is kept; every other finding is charged as found.
    """
    findings = list(findings)
    covered = _sections_charged_as_content(findings)
    sentence_starts, sentence_ends = _sentence_bounds(report)
    items: list[tuple[str, str]] = []
    groups: dict[tuple[str, int, int], tuple[str, str]] = {}
    for finding in findings:
        item = (finding.code, finding.severity.value)
        if finding.code in _ABSENCE_CODES and _absence_is_covered(finding, covered):
            continue
        family = finding.code[:1]
        if family not in "TC" or finding.end <= finding.start:
            items.append(item)
            continue
        key = ("cell", finding.start, finding.end)
        if family == "C" and sentence_starts:
            index = bisect_right(sentence_starts, finding.start) - 1
            if index >= 0 and finding.start < sentence_ends[index]:
                key = ("sentence", sentence_starts[index], sentence_ends[index])
        held = groups.get(key)
        if held is None or _RANK[item[1]] > _RANK[held[1]]:
            groups[key] = item
    return items + [groups[key] for key in sorted(groups)]


_RANK = {"error": 2, "warning": 1, "info": 0}

# A missing section (S003) or an empty one (S008) is a defect of the form *and* the loss of
# everything the section should say. The rules report both sides: R001 names each required
# statement the section lacks, T005 the table it lacks. Charging the heading on top would
# charge one absence twice (in structure and again in completeness or accuracy) -- on the real
# 平潭 reports a missing 六 drew S003 plus an R001 per statement that belongs in 六. The content
# findings carry the cost rather than the heading finding, so that leaving a section out never
# costs less than keeping its heading with nothing under it (which draws the same R001
# findings). The heading finding is still charged when no content finding of at least its
# severity stands for it: a 六 heading lost while the fee statement is found elsewhere is a
# defect of form only.
_ABSENCE_CODES = ("S003", "S008")
_CONTENT_CODES = ("R001", "T005")


def _sections_charged_as_content(findings: list[Any]) -> dict[str, int]:
    """Section key -> highest severity rank of the content findings (R001, T005) located in it."""
    from narrative_qa.rules.tables import _TABLE_SECTIONS  # the table -> section map T005 uses

    covered: dict[str, int] = {}
    for finding in findings:
        if finding.code not in _CONTENT_CODES:
            continue
        section = getattr(finding, "section", None)
        if section is None and finding.code == "T005":  # a table whose section heading is missing too
            section = _TABLE_SECTIONS.get(str((getattr(finding, "evidence", None) or {}).get("table")))
        if section is not None:
            rank = _RANK.get(finding.severity.value, 0)
            covered[section] = max(rank, covered.get(section, -1))
    return covered


def _absence_is_covered(finding: Any, covered: dict[str, int]) -> bool:
    """Whether every section a S003/S008 finding names is charged through content findings at
    least as severe as the finding itself."""
    if finding.code == "S003":
        missing = (getattr(finding, "evidence", None) or {}).get("missing")
        sections = [missing] if isinstance(missing, str) else list(missing or [])
    else:
        section = getattr(finding, "section", None)
        sections = [section] if section else []
    rank = _RANK.get(finding.severity.value, 0)
    return bool(sections) and all(covered.get(section, -1) >= rank for section in sections)


def _sentence_bounds(report: Report | None) -> tuple[list[int], list[int]]:
    if report is None:
        return [], []
    spans = sorted(
        (sentence.span.start, sentence.span.end) for section in report.sections for sentence in section.sentences
    )
    return [start for start, _ in spans], [end for _, end in spans]


def narrative_features(report: Report, model: Any) -> dict[str, Any]:
    """Specificity of the narrative, and where it stands in the model's corpus.

    `specificity_percentile` averages the percentile of specific mentions per 100 Chinese
    characters of 一 and 五 among corpus sections of the same era and level; a missing section
    counts 0 (it says nothing specific). None without a model.
    """
    from narrative_qa.nlp.features import specificity

    text = report.text
    chars = 0
    mentions = 0
    percentiles: list[float] = []
    per_section: dict[str, float] = {}
    for key in NARRATIVE_KEYS:
        sections = report.sections_by_key(key)
        body = "".join(text[section.body.start : section.body.end] for section in sections)
        counted = specificity(body)
        chars += counted.chinese_chars
        mentions += counted.total
        per_section[key] = round(counted.total_per_100, 3)
        if key in SPECIFICITY_KEYS and model is not None:
            if not sections or counted.chinese_chars == 0:
                percentiles.append(0.0)
                continue
            found = model.section_percentile(key, "total", counted.total_per_100, level=report.level, era=report.era)
            if found is not None:
                percentiles.append(found)
    return {
        "narrative_chars": chars,
        "specifics": mentions,
        "specifics_per_100": round(100.0 * mentions / chars, 3) if chars else 0.0,
        "specifics_per_100_by_section": per_section,
        "specificity_percentile": round(sum(percentiles) / len(percentiles), 1) if percentiles else None,
    }


def finding_features(findings: list[Any]) -> dict[str, Any]:
    """Figures the findings carry that a reviewer ranks by: boilerplate sentences, their mean
    corpus share, and last year's reuse share (when a previous report was given)."""
    boiler = [f for f in findings if f.code == "B001"]
    shares = [float(f.evidence.get("corpus_share", 0.0)) for f in boiler]
    reuse = None
    for finding in findings:
        if finding.code == "B010" and "reuse_share" in finding.evidence and finding.section is None:
            reuse = finding.evidence["reuse_share"]
    return {
        "boilerplate_sentences": len(boiler),
        "boilerplate_mean_share": round(sum(shares) / len(shares), 3) if shares else 0.0,
        "previous_reuse_share": reuse,
    }


def resolve_model(model: Any) -> Any:
    """A Model from a Model, a path, DEFAULT (the default model, None if absent) or None."""
    if model is None or hasattr(model, "section_percentile"):
        return model
    from narrative_qa.corpus.model import default_model_path, load_model

    if model == DEFAULT:
        try:
            return load_model(default_model_path())
        except ModelError:
            return None
    return load_model(Path(model))


def _as_report(value: Report | str | os.PathLike[str]) -> Report:
    if isinstance(value, Report):
        return value
    from narrative_qa.document.parse import read_report

    return read_report(Path(value))


def score_report(
    report: Report,
    *,
    model: Any,
    previous: Report | None,
    rubric: Rubric,
    settings: Any = None,
    reference: Any = None,
) -> Scorecard:
    """Score a parsed report with an already loaded model and rubric (the batch path)."""
    from narrative_qa.linting.engine import lint_report
    from narrative_qa.scoring.percentile import percentile_of

    findings = lint_report(report, settings, model=model, previous=previous)
    features = narrative_features(report, model)
    features.update(finding_features(findings))
    charged = charged_items(findings, report)
    total, dimensions = dimension_scores(rubric, charged, features["specificity_percentile"])
    return Scorecard(
        path=str(report.path),
        charged=charged,
        total=total,
        dimensions=dimensions,
        findings=findings,
        features=features,
        percentile=percentile_of(total, rubric, reference),
        unit=report.unit,
        year=report.year,
        era=report.era,
        level=report.level,
        title=report.title,
        previous=str(previous.path) if previous is not None else None,
        report=report,
    )


def score(
    path_or_report: Report | str | os.PathLike[str],
    model: Any = DEFAULT,
    previous: Report | str | os.PathLike[str] | None = None,
    config: Rubric | str | os.PathLike[str] | None = None,
) -> Scorecard:
    """Public API (`narrative_qa.score`): the Scorecard of one report.

    model: a Model, a model folder, "default" (the shipped model; rules needing a model are
    skipped if it is absent) or None. previous: last year's report (file or Report), which
    turns on the copying and cross-year checks. config: a Rubric, or a configuration file with a
    `[score]` table; by default the configuration found beside the report, else the default.
    """
    from narrative_qa.scoring.percentile import load_reference

    report = _as_report(path_or_report)
    loaded = resolve_model(model)
    last_year = _as_report(previous) if previous is not None else None
    if isinstance(config, Rubric):
        rubric = config
    elif config is not None:
        rubric = load_rubric(config)
    else:
        rubric = load_rubric(near=report.path) if report.path.exists() else default_rubric()
    reference = load_reference(loaded) if loaded is not None else None
    return score_report(report, model=loaded, previous=last_year, rubric=rubric, reference=reference)
