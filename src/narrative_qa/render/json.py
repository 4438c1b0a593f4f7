"""JSON output: a plain array of findings, each exactly `Finding.to_dict()` (docs/lint-output.md).

Files that could not be read are not in the array (it stays a list of findings that tools can
consume as is); they are reported on stderr, one line each, and counted in the exit code.
"""

from __future__ import annotations

import json
from collections.abc import Iterable

from typing import Any

from narrative_qa.rules.registry import Finding


def jsonable(value: Any) -> Any:
    """`default=` for json.dumps: evidence may hold numpy scalars or enums from a rule; a
    finding must never fail to print because of them."""
    if hasattr(value, "item"):  # numpy scalar
        return value.item()
    if hasattr(value, "value") and isinstance(getattr(value, "value"), (str, int, float)):  # Enum
        return value.value
    if isinstance(value, (set, frozenset)):
        return sorted(value, key=str)
    return str(value)


def dumps(value: Any, **options: Any) -> str:
    return json.dumps(value, ensure_ascii=False, default=jsonable, **options)


def render_findings(findings: Iterable[Finding]) -> str:
    return dumps([finding.to_dict() for finding in findings], indent=2) + "\n"
