"""Finding a table's row labels in running text.

Each form row has a tolerant pattern (labels.py). A report mentions the same words in its
narrative too (行政许可, 予以公开, 总计…), so the table is taken to be the longest chain of
label matches in form order whose neighbours lie close together; among equally long
chains the most compact wins. Rows the chain skips are rows the text does not show.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

MAX_GAP = 1500  # characters allowed between two consecutive row labels of one table
MAX_SKIP = 4  # rows a chain may skip between two matched labels
MAX_MATCHES_PER_ROW = 60  # bound the work on texts that repeat a word very often


@dataclass(frozen=True, slots=True)
class Anchor:
    row: int
    start: int
    end: int


def find_chain(text: str, patterns: list[re.Pattern[str]], start: int = 0, end: int | None = None) -> list[Anchor]:
    """The best chain of row labels in text[start:end], in row order (may be empty)."""
    end = len(text) if end is None else end
    matches: list[list[tuple[int, int]]] = []
    for pattern in patterns:
        found = [(m.start(), m.end()) for m in pattern.finditer(text, start, end)]
        matches.append(found[:MAX_MATCHES_PER_ROW])
    # best[(row, k)] = (count, -span, first_start, previous node)
    best: dict[tuple[int, int], tuple[int, int, int, tuple[int, int] | None]] = {}
    for row, row_matches in enumerate(matches):
        for k, (m_start, m_end) in enumerate(row_matches):
            choice = (1, 0, m_start, None)
            for previous_row in range(max(0, row - MAX_SKIP - 1), row):
                for j, (p_start, p_end) in enumerate(matches[previous_row]):
                    if p_end > m_start or m_start - p_end > MAX_GAP:
                        continue
                    count, _, first_start, _ = best[(previous_row, j)]
                    candidate = (count + 1, -(m_end - first_start), first_start, (previous_row, j))
                    if candidate[:2] > choice[:2]:
                        choice = candidate
            best[(row, k)] = choice
    if not best:
        return []
    node: tuple[int, int] | None = max(best, key=lambda key: (best[key][0], best[key][1], -best[key][2]))
    chain: list[Anchor] = []
    while node is not None:
        row, k = node
        chain.append(Anchor(row, *matches[row][k]))
        node = best[node][3]
    chain.reverse()
    return chain
