"""Assemble the extracted text of structured formats (.docx, .html, .pdf) line by line.

Paragraphs become lines and table rows become tab-joined lines, so the structure parser
sees the whole document in order. The builder knows where each line starts, so it hands
out `Span`s for table cells while the text is being built.
"""

from __future__ import annotations

from typing import Final

from ..model import Cell, RawTable, Span
from .normalize import clean_fragment, join_fragments, normalize_text


class _Covered:
    def __init__(self, name: str) -> None:
        self.name = name

    def __repr__(self) -> str:
        return self.name


# Grid positions covered by a merged cell: by the cell to the left (colspan, gridSpan)
# or by the cell above (rowspan, vMerge). Every other position holds its own text.
LEFT: Final = _Covered("LEFT")
UP: Final = _Covered("UP")
GridCell = str | _Covered


class LineBuilder:
    def __init__(self) -> None:
        self.lines: list[str] = []
        self.origins: dict[int, str] = {}
        self._offset = 0  # offset of the first character of the next line

    def add_text(self, text: str, origin: str | None = None) -> None:
        """Add a paragraph; internal line breaks (soft breaks, <br>) start new lines."""
        for piece in normalize_text(text).split("\n"):
            self._append(clean_fragment(piece), origin)

    def add_line(self, line: str, origin: str | None = None) -> None:
        """Add one line that is already clean (a stray break must not shift later lines)."""
        self._append(line.replace("\n", " "), origin)

    def add_table(self, grid: list[list[GridCell]], origin: str) -> RawTable | None:
        """Emit the rows of a grid as tab-joined lines; return the RawTable with spans.

        A merged cell's text appears once in the emitted line, where the cell starts (as a
        browser copy of the table gives it), and its covered positions are empty fields.
        In the returned grid every covered position repeats the text and the span of the
        cell that covers it, so the grid is rectangular. A row that is one cell across the
        whole width is emitted as a plain line; rows without any text are left out.
        """
        width = max((len(row) for row in grid), default=0)
        if width == 0:
            return None
        rows: list[list[Cell]] = []
        above = [Cell("")] * width
        for raw in grid:
            row: list[GridCell] = [
                cell if isinstance(cell, _Covered) else clean_cell(cell) for cell in raw
            ] + [""] * (width - len(raw))
            if not any(isinstance(cell, str) and cell for cell in row):
                above = _resolve(row, above, spans=None)
                continue
            line_number = len(self.lines) + 1
            start = self._offset
            if isinstance(row[0], str) and all(cell is LEFT for cell in row[1:]):
                line = row[0]
                spans = [self._span(start, start + len(line), line_number)] + [None] * (width - 1)
            else:
                fields = [cell if isinstance(cell, str) else "" for cell in row]
                line = "\t".join(fields)
                spans = []
                position = start
                for field in fields:
                    spans.append(self._span(position, position + len(field), line_number) if field else None)
                    position += len(field) + 1
            self._append(line, f"{origin} row {len(rows) + 1}")
            above = _resolve(row, above, spans)
            rows.append(above)
        return RawTable(rows=rows, origin=origin) if rows else None

    def text(self) -> str:
        return "\n".join(self.lines)

    def _append(self, line: str, origin: str | None) -> None:
        self.lines.append(line)
        if origin:
            self.origins[len(self.lines)] = origin
        self._offset += len(line) + 1

    def _span(self, start: int, end: int, line_number: int) -> Span:
        line_start = self._offset  # spans are only made for the line about to be appended
        return Span(start, end, line_number, start - line_start + 1, line_number, end - line_start + 1)


def _resolve(row: list[GridCell], above: list[Cell], spans: list[Span | None] | None) -> list[Cell]:
    resolved: list[Cell] = []
    for index, cell in enumerate(row):
        if cell is LEFT:
            resolved.append(resolved[index - 1] if index else Cell(""))
        elif cell is UP:
            resolved.append(above[index])
        else:
            resolved.append(Cell(cell, spans[index] if spans else None))  # type: ignore[arg-type]
    return resolved


def clean_cell(text: str) -> str:
    """A cell's text on one line: its own line breaks glued the way Chinese is written."""
    return join_fragments(normalize_text(text).replace("\t", " ").split("\n"))

