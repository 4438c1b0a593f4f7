"""Scorecard: one report's score, its breakdown, and what it rests on.

`to_dict()` is the documented JSON contract (docs/scoring.md); `CSV_COLUMNS` / `csv_row()` the
CSV one. The parsed report rides along in `report` for the HTML renderer but is never
serialised.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from narrative_qa.scoring.rubric import DIMENSIONS

if TYPE_CHECKING:
    from narrative_qa.document.model import Report
    from narrative_qa.rules.registry import Finding


@dataclass(slots=True)
class DimensionScore:
    name: str
    score: float  # 0-100 within the dimension
    weight: float  # share of the total, in percent (weights normalised to sum to 100)
    cost: float  # points the findings cost before the cap
    findings: int  # findings counted in this dimension
    feature_score: float | None = None  # specificity only: the corpus percentile part

    @property
    def points(self) -> float:
        """What this dimension contributes to the total."""
        return self.score * self.weight / 100.0

    def to_dict(self) -> dict[str, Any]:
        return {
            "score": round(self.score, 1),
            "weight": round(self.weight, 2),
            "points": round(self.points, 2),
            "cost": round(self.cost, 2),
            "findings": self.findings,
            "feature_score": None if self.feature_score is None else round(self.feature_score, 1),
        }


@dataclass(slots=True)
class Scorecard:
    path: str
    total: float  # 0-100
    dimensions: dict[str, DimensionScore]
    findings: list[Finding] = field(default_factory=list)
    features: dict[str, Any] = field(default_factory=dict)
    percentile: float | None = None  # among the model's corpus (None: no reference, see percentile.py)
    unit: str | None = None
    year: int | None = None
    era: str | None = None
    level: str | None = None
    title: str | None = None
    previous: str | None = None  # last year's report the copying rules compared against
    report: Report | None = None  # not serialised; the HTML page needs text, sections and tables
    # (code, severity) of the findings that cost points (score.charged_items): the score's input
    charged: list[tuple[str, str]] = field(default_factory=list)

    @property
    def name(self) -> str:
        from pathlib import Path

        return Path(self.path).name

    def counts(self) -> dict[str, int]:
        """Findings by severity."""
        result = {"error": 0, "warning": 0, "info": 0}
        for finding in self.findings:
            result[finding.severity.value] = result.get(finding.severity.value, 0) + 1
        return result

    def to_dict(self, *, findings: bool = True) -> dict[str, Any]:
        data: dict[str, Any] = {
            "file": self.path,
            "unit": self.unit,
            "year": self.year,
            "era": self.era,
            "level": self.level,
            "title": self.title,
            "total": round(self.total, 1),
            "percentile": None if self.percentile is None else round(self.percentile, 1),
            "dimensions": {name: self.dimensions[name].to_dict() for name in DIMENSIONS},
            "counts": self.counts(),
            "features": self.features,
            "previous": self.previous,
        }
        if findings:
            data["findings"] = [finding.to_dict() for finding in self.findings]
        return data


CSV_COLUMNS: tuple[str, ...] = (
    "rank",
    "file",
    "unit",
    "year",
    "era",
    "level",
    "total",
    "percentile",
    *DIMENSIONS,
    "errors",
    "warnings",
    "infos",
    "previous",
)


def csv_row(card: Scorecard, rank: int) -> list[Any]:
    counts = card.counts()
    return [
        rank,
        card.path,
        card.unit or "",
        card.year or "",
        card.era or "",
        card.level or "",
        f"{card.total:.1f}",
        "" if card.percentile is None else f"{card.percentile:.1f}",
        *(f"{card.dimensions[name].score:.1f}" for name in DIMENSIONS),
        counts["error"],
        counts["warning"],
        counts["info"],
        card.previous or "",
    ]


def ranked(cards: list[Scorecard]) -> list[Scorecard]:
    """Best first; ties by file name so the order is stable."""
    return sorted(cards, key=lambda card: (-round(card.total, 1), card.path))
