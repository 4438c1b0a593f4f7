"""Markdown pipe tables (`| a | b |`) found in .md and .txt files, as RawTable grids.

Text converted from PDF often arrives as Markdown whose tables are broken apart: rows of
different widths, delimiter rows in the middle, header fragments. A block of consecutive
pipe lines is one RawTable; delimiter rows are skipped and short rows padded with empty
cells (span None) so the grid is rectangular. Making sense of the pieces is the table
parser's job; this module only keeps every cell with its exact position.
"""

from __future__ import annotations

import re

from ..model import Cell, RawDocument, RawTable

_PIPE_LINE = re.compile(r"^[ \t]*\|.*\|[ \t]*$", re.MULTILINE)
_DELIMITER = re.compile(r"[ \t]*\|?(?:[ \t]*:?-+:?[ \t]*\|)*[ \t]*:?-+:?[ \t]*\|?[ \t]*$")
_SEPARATOR = re.compile(r"(?<!\\)\|")


def pipe_tables(document: RawDocument) -> list[RawTable]:
    text = document.text
    if "|" not in text:  # the common .txt case costs one scan
        return []
    blocks: list[list[tuple[int, int]]] = []  # per block: (start, end) of each line
    previous_end = -2
    for match in _PIPE_LINE.finditer(text):
        start, end = match.span()
        if start == previous_end + 1 and blocks:
            blocks[-1].append((start, end))
        else:
            blocks.append([(start, end)])
        previous_end = end
    tables = []
    for block in blocks:
        rows = [_cells(document, start, end) for start, end in block if not _DELIMITER.match(text, start, end)]
        rows = [row for row in rows if row]
        if not rows or (len(block) < 2 and len(rows[0]) < 2):
            continue  # a lone "| note |" line is not a table
        width = max(len(row) for row in rows)
        grid = [row + [Cell("")] * (width - len(row)) for row in rows]
        line, _ = document.position(block[0][0])
        tables.append(RawTable(rows=grid, origin=f"pipe table {len(tables) + 1}, line {line}"))
    return tables


def _cells(document: RawDocument, start: int, end: int) -> list[Cell]:
    text = document.text
    first = text.index("|", start)
    last = text.rindex("|", start, end)
    bars = [first] + [match.start() for match in _SEPARATOR.finditer(text, first + 1, last)] + [last]
    cells = []
    for left, right in zip(bars, bars[1:]):
        raw = text[left + 1 : right]
        stripped = raw.strip()
        if stripped:
            cell_start = left + 1 + (len(raw) - len(raw.lstrip()))
            span = document.span(cell_start, cell_start + len(stripped))
            cells.append(Cell(stripped.replace("\\|", "|"), span))
        else:
            cells.append(Cell(""))
    return cells
