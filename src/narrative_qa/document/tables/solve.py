"""Choosing among the possible splits of flattened rows with the form's arithmetic.

Each row has a list of candidate 7-tuples (from `split.py`, already filtered by the row
sum where that leaves any). Rows with one candidate are fixed. The ambiguous ones are
tried together against the column equations of table 3:
  A: 一 + 二 = （七）总计 + 四          B: （一）+（二）+ every sub-row = （七）总计
A cell is known when every surviving combination agrees on it; otherwise it stays
unreadable. The search is capped so a page full of long digit strings cannot explode.
"""

from __future__ import annotations

from itertools import product

from .labels import T3_CARRIED_IN, T3_CARRIED_OVER, T3_NEW, T3_OUTCOMES, T3_TOTAL

MAX_COMBINATIONS = 50000

Candidate = tuple  # 7 numbers, None for not applicable


def _equations_score(rows: dict[int, Candidate]) -> tuple[int, int]:
    """(satisfied, checked) column equations over the rows whose values are known."""
    satisfied = checked = 0
    needed_a = (T3_NEW, T3_CARRIED_IN, T3_TOTAL, T3_CARRIED_OVER)
    have_a = all(row in rows for row in needed_a)
    have_b = T3_TOTAL in rows and all(row in rows for row in T3_OUTCOMES)
    for column in range(7):
        def get(row: int) -> int | float:
            value = rows[row][column]
            return 0 if value is None else value

        if have_a:
            checked += 1
            satisfied += get(T3_NEW) + get(T3_CARRIED_IN) == get(T3_TOTAL) + get(T3_CARRIED_OVER)
        if have_b:
            checked += 1
            satisfied += sum(get(row) for row in T3_OUTCOMES) == get(T3_TOTAL)
    return satisfied, checked


def resolve(candidates: dict[int, list[Candidate]]) -> tuple[dict[int, list[Candidate | None]], bool]:
    """For every row: the surviving candidates (one when resolved). The flag says whether
    the choice needed a compromise (no combination satisfied every equation)."""
    fixed = {row: options[0] for row, options in candidates.items() if len(options) == 1}
    open_rows = [row for row, options in candidates.items() if len(options) > 1]
    if not open_rows:
        return {row: list(options) for row, options in candidates.items()}, False
    size = 1
    for row in open_rows:
        size *= len(candidates[row])
    if size > MAX_COMBINATIONS:
        return {row: list(options) for row, options in candidates.items()}, False
    scored: list[tuple[int, int, tuple[Candidate, ...]]] = []
    for combination in product(*(candidates[row] for row in open_rows)):
        rows = dict(fixed)
        rows.update(zip(open_rows, combination))
        satisfied, checked = _equations_score(rows)
        scored.append((satisfied, checked, combination))
    best = max(item[0] for item in scored)
    checked = scored[0][1]
    # Without an exact fit, combinations one equation short of the best also survive, so a
    # source error elsewhere in a column cannot tip an otherwise ambiguous choice.
    floor = best if best == checked else best - 1
    survivors = [item[2] for item in scored if item[0] >= floor]
    result = {row: [candidate] for row, candidate in fixed.items()}
    for index, row in enumerate(open_rows):
        result[row] = list(dict.fromkeys(combination[index] for combination in survivors))
    return result, best < checked
