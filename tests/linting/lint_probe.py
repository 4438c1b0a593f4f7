"""A throwaway rule for exercising the linting machinery, registered by tests only.

`probe-marker` (S999) flags every occurrence of a marker the test writes into a fictional
draft: 【待核】 as an error, 【存疑】 as a warning, 【备注】 as info. Its marker for errors is
a configurable option, so tests can check that rule thresholds from the config reach rules.
The real rules' output changes as they are tuned; the probe's never does, so exit codes,
formats, suppressions and baselines can be asserted exactly.
"""

from __future__ import annotations

import importlib.util
import os
import re
import subprocess
import sys
from pathlib import Path

from narrative_qa.rules import registry

CODE, NAME = "S999", "probe-marker"
LEVELS = {"【存疑】": registry.Severity.WARNING, "【备注】": registry.Severity.INFO}


def _check(context: registry.Context, rule: registry.Rule):
    """探针规则：标记草稿中的【待核】【存疑】【备注】标记（仅供测试）。"""
    marker = context.options(rule)["marker"]
    text = context.report.text
    for match in re.finditer("|".join(map(re.escape, [marker, *LEVELS])), text):
        span = context.report.raw.span(match.start(), match.end())
        section = next((s.key for s in context.report.sections if s.span.start <= match.start() < s.span.end), None)
        yield rule.finding(
            context,
            span,
            f"草稿中留有标记{match.group()}",
            section=section,
            evidence={"marker": match.group(), "offset": match.start()},
            suggestion="核实后删除标记",
            severity=LEVELS.get(match.group()),
        )


def install() -> None:
    """Register the probe (once). Rule modules not written yet are left out so the machinery
    can be tested on its own; the real modules are tested in test_lint_real_rules.py."""
    registry.RULE_MODULES = tuple(m for m in registry.RULE_MODULES if importlib.util.find_spec(m) is not None)
    if CODE not in registry._RULES:
        registry.rule(CODE, NAME, registry.Severity.ERROR, defaults={"marker": "【待核】"})(_check)


def uninstall() -> None:
    """Remove the probe, so tests elsewhere in the session see only the project's rules."""
    registry._RULES.pop(CODE, None)


HERE = Path(__file__).resolve().parent
PROBE_CLI = HERE / "probe_cli.py"
FIXTURES = HERE.parent / "fixtures" / "lint"


def run_cli(*args: str | os.PathLike[str], cwd: Path | None = None, env: dict[str, str] | None = None,
            probe: bool = True) -> subprocess.CompletedProcess[str]:
    """Run `nqa` in a new process (with the probe rule registered when `probe`)."""
    command = [sys.executable, str(PROBE_CLI)] if probe else [sys.executable, "-m", "narrative_qa"]
    environment = {**os.environ, **(env or {})}
    environment.pop("NO_COLOR", None)
    return subprocess.run(
        [*command, *map(str, args)], cwd=cwd, env=environment, capture_output=True, text=True, timeout=300
    )
