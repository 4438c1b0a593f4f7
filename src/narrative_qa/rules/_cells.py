"""Reading table values for the arithmetic rules: which cells count, where to point.

One policy for every T and C rule so they never compound: a cell takes part in a sum only
when it is a valid count (a number, not negative, whole). Everything else is reported once,
by `invalid-cell` or `unreadable-cell`, and every check that needs it is skipped.
"""

from __future__ import annotations

from collections.abc import Sequence

from narrative_qa.document.model import Report, Span, Value, ValueKind


def count(value: Value | None) -> int | None:
    """The value as a count, or None when it is not a usable count."""
    if value is None or value.kind is not ValueKind.NUMBER or value.number is None:
        return None
    number = value.number
    if number < 0:
        return None
    if isinstance(number, float):
        if not number.is_integer():
            return None
        return int(number)
    return number


def counts(values: Sequence[Value]) -> list[int] | None:
    """All values as counts, or None if any one is not usable."""
    result = []
    for value in values:
        number = count(value)
        if number is None:
            return None
        result.append(number)
    return result


def has_2021_tables(report: Report) -> bool:
    """The typed tables exist only in the 2021 format; older eras are never checked."""
    return report.era == "2021format"


def locate(report: Report, *candidates: Value | Span | None) -> Span | None:
    """The first span among the candidates (cells first, then table, then heading)."""
    for candidate in candidates:
        if candidate is None:
            continue
        span = candidate.span if isinstance(candidate, Value) else candidate
        if span is not None:
            return span
    return None


def section_heading_span(report: Report, key: str) -> Span | None:
    for heading in report.headings:
        if heading.key == key:
            return heading.span
    return None
