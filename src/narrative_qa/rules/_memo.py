"""Values derived from one report, computed once and shared by every rule that needs them.

Rules hold no state, but several derive the same thing from the same report (the C rules
all read the narrative's claims; every required-statement entry reads the same section
units). `report_memo(report)` is a plain dict the callers fill under their own keys.

Keyed by the report object itself: `Report` is a mutable slots dataclass (neither hashable
nor weak-referenceable), so the cache is keyed by `id(report)` and holds the report, which
keeps the id from being reused while its entry lives. A few recent reports are kept: the
report being linted, last year's and the compared ones. Parsed reports are never modified
after parsing, so a value computed once stays right.
"""

from __future__ import annotations

from collections import OrderedDict
from typing import Any

from narrative_qa.document.model import Report

_SIZE = 8
_memos: OrderedDict[int, tuple[Report, dict[Any, Any]]] = OrderedDict()


def report_memo(report: Report) -> dict[Any, Any]:
    """The memo of `report` (empty the first time it is asked for)."""
    key = id(report)
    cached = _memos.get(key)
    if cached is not None and cached[0] is report:
        _memos.move_to_end(key)
        return cached[1]
    memo: dict[Any, Any] = {}
    _memos[key] = (report, memo)
    while len(_memos) > _SIZE:
        _memos.popitem(last=False)
    return memo


def clear() -> None:
    """Forget every memo (benchmarks that must start cold)."""
    _memos.clear()
