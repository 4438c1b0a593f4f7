"""The rule registry: every rule is a plain function registered with a stable code.

A rule is `check(context) -> Iterable[Finding]`: it holds no state and does no I/O.
Its docstring has three parts separated by blank-line headed blocks, the same shape for
every rule (what it flags / why a reviewer cares, with the legal source / example and fix):

    一句话说明它标记什么。

    为什么：……（依据：……）

    示例：……
    修改：……

Codes never change meaning: a retired rule keeps its code reserved.
"""

from __future__ import annotations

import inspect
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from enum import Enum
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from narrative_qa.document.model import Report, Span


class Severity(str, Enum):
    ERROR = "error"
    WARNING = "warning"
    INFO = "info"

    @property
    def rank(self) -> int:
        return {"info": 0, "warning": 1, "error": 2}[self.value]


FAMILIES: dict[str, str] = {
    "S": "structure",
    "T": "table-arithmetic",
    "C": "text-table-consistency",
    "B": "boilerplate-copying",
    "Q": "thin-generic-text",
    "R": "required-statements",
    "X": "meta",  # findings about the linting itself (e.g. a suppression that suppressed nothing)
}


@dataclass(slots=True)
class Finding:
    """One problem found in one report. `to_dict` is the documented JSON contract."""

    code: str
    name: str
    severity: Severity
    message: str  # Chinese, for the user
    file: str
    line: int
    column: int
    end_line: int
    end_column: int
    section: str | None  # a SECTION_KEYS entry, "preamble", or None for the whole report
    evidence: dict[str, Any] = field(default_factory=dict)
    suggestion: str | None = None
    start: int = 0  # character offsets into the report text (for highlighting)
    end: int = 0
    # Set by the linting engine (linting/baseline.py): identity that survives line shifts.
    # Not part of `to_dict`; SARIF carries it as a partial fingerprint.
    fingerprint: str | None = None

    def to_dict(self) -> dict[str, Any]:
        return {
            "code": self.code,
            "name": self.name,
            "severity": self.severity.value,
            "message": self.message,
            "file": self.file,
            "line": self.line,
            "column": self.column,
            "end_line": self.end_line,
            "end_column": self.end_column,
            "section": self.section,
            "evidence": self.evidence,
            "suggestion": self.suggestion,
        }


@dataclass(slots=True)
class Context:
    """Everything a rule may look at. Rules read `options(rule)` for their thresholds."""

    report: Report
    model: Any = None  # narrative_qa.corpus.model.Model, when the rule needs the corpus
    previous: Report | None = None  # last year's report (--previous)
    compare: list[Report] = field(default_factory=list)  # other bodies' reports (--compare)
    rule_options: dict[str, dict[str, Any]] = field(default_factory=dict)  # by rule name

    def options(self, rule: Rule) -> dict[str, Any]:
        merged = dict(rule.defaults)
        merged.update(self.rule_options.get(rule.name, {}))
        merged.update(self.rule_options.get(rule.code, {}))
        return merged


Check = Callable[[Context, "Rule"], Iterable["Finding"]]


@dataclass(slots=True)
class Rule:
    code: str  # e.g. "S001": family letter + three digits, never reused
    name: str  # kebab-case, e.g. "duplicate-heading"
    family: str  # one of FAMILIES' letters
    severity: Severity
    check: Check
    defaults: dict[str, Any] = field(default_factory=dict)  # thresholds, configurable
    needs_model: bool = False
    needs_previous: bool = False

    @property
    def doc(self) -> str:
        return inspect.cleandoc(self.check.__doc__ or "")

    @property
    def summary(self) -> str:
        return self.doc.split("\n", 1)[0]

    def finding(
        self,
        context: Context,
        span: Span | None,
        message: str,
        *,
        section: str | None = None,
        evidence: dict[str, Any] | None = None,
        suggestion: str | None = None,
        severity: Severity | None = None,
    ) -> Finding:
        """Build a finding located at `span` (or at the top of the file when None)."""
        if span is None:
            span_values = (0, 0, 1, 1, 1, 1)
        else:
            span_values = (span.start, span.end, span.line, span.column, span.end_line, span.end_column)
        start, end, line, column, end_line, end_column = span_values
        return Finding(
            code=self.code,
            name=self.name,
            severity=severity or self.severity,
            message=message,
            file=str(context.report.path),
            line=line,
            column=column,
            end_line=end_line,
            end_column=end_column,
            section=section,
            evidence=evidence or {},
            suggestion=suggestion,
            start=start,
            end=end,
        )


_RULES: dict[str, Rule] = {}


def rule(
    code: str,
    name: str,
    severity: Severity | str,
    *,
    defaults: dict[str, Any] | None = None,
    needs_model: bool = False,
    needs_previous: bool = False,
) -> Callable[[Check], Check]:
    """Register `check(context, rule)` under a stable code and kebab-case name."""

    def register(check: Check) -> Check:
        if code in _RULES or any(existing.name == name for existing in _RULES.values()):
            raise ValueError(f"rule {code} {name} registered twice")
        _RULES[code] = Rule(
            code=code,
            name=name,
            family=code[0],
            severity=Severity(severity),
            check=check,
            defaults=dict(defaults or {}),
            needs_model=needs_model,
            needs_previous=needs_previous,
        )
        return check

    return register


# Rule modules register on import; the list is the single place that names them.
RULE_MODULES: tuple[str, ...] = (
    "narrative_qa.rules.structure",
    "narrative_qa.rules.tables",
    "narrative_qa.rules.consistency",
    "narrative_qa.rules.required",
    "narrative_qa.rules.boilerplate",
    "narrative_qa.rules.copying",
    "narrative_qa.rules.specificity",
)


def all_rules() -> list[Rule]:
    import importlib

    for module in RULE_MODULES:
        importlib.import_module(module)
    return sorted(_RULES.values(), key=lambda registered: registered.code)


def find_rule(code_or_name: str) -> Rule | None:
    wanted = code_or_name.strip()
    for registered in all_rules():
        if wanted.upper() == registered.code or wanted.lower() == registered.name:
            return registered
    return None


def run_rules(context: Context, rules: Iterable[Rule]) -> Iterator[Finding]:
    for registered in rules:
        yield from registered.check(context, registered)


# Meta rules: their findings are produced by the linting engine, not by `check`, but they are
# registered like any other rule so that `nqa rules`, `explain`, select/ignore and SARIF see them.


@rule("X001", "unused-suppression", Severity.WARNING)
def unused_suppression(context: Context, rule: Rule) -> Iterator[Finding]:
    """标记没有抑制任何问题的抑制注释（nqa-disable-next-line、nqa-disable、nqa-disable-file）。

    为什么：问题已经修好、规则代码写错或注释放错了行时，抑制注释会一直留在草稿里，
    以后真正出现的同类问题也会被它悄悄隐藏。删除不再需要的抑制注释，检查结果才可信。
    本规则由检查引擎在应用抑制注释之后产生，只检查 .txt 和 .md 草稿。

    示例：<!-- nqa-disable-next-line duplicate-heading --> 之后的一行并没有重复的标题。
    修改：删除这条注释；若确实需要抑制，改正其中的规则代码或名称，或把注释移到出问题的行之前。
    """
    return iter(())
