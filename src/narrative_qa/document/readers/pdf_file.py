"""PDF with a text layer: lines page by page, page numbers dropped, ruled tables as grids.

pdfplumber's table finder works on ruling lines, and some reports draw a ruled frame
around their prose as well; a found table is therefore only used as a table where it has
real multi-column rows, and only those rows (plus the single caption row before them,
such as 第二十条第（一）项) go into the RawTable. The text lines inside a used table's
area are replaced by its rows as tab-joined lines, so the numbers appear exactly once,
in reading order. A table cut by a page break is joined to its continuation when the
next page starts with a table of the same width.
"""

from __future__ import annotations

import io
import re
from bisect import bisect_left
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..model import RawDocument, RawTable
from . import errors
from .lines import LEFT, UP, GridCell, LineBuilder, clean_cell

# "- 2 -", "—2—", "第 2 页", "第2页 共10页", "2/10", "2", "Page 2 of 10"
_PAGE_NUMBER = re.compile(
    r"^[-－—–~·\s]*(?:第\s*)?(\d{1,4})\s*(?:页)?\s*(?:(?:[/／]|共|of)\s*\d{1,4}\s*页?)?[-－—–~·\s]*$"
    r"|^\s*page\s+(\d{1,4})(?:\s+of\s+\d{1,4})?\s*$",
    re.IGNORECASE,
)


@dataclass
class _Block:
    """One thing on a page in reading order: a text line or a table."""

    top: float
    text: str | None = None
    grid: list[list[GridCell]] = field(default_factory=list)
    width: int = 0
    first_page: int = 0
    last_page: int = 0


def read_pdf(path: Path, data: bytes) -> RawDocument:
    try:
        import pdfplumber  # lazy: pdfminer is slow to import

        pdf = pdfplumber.open(io.BytesIO(data))
    except Exception:
        raise errors.corrupt(path, " PDF ") from None
    from .pdf_objects import open_document, page_objects

    fast = open_document(data)  # PDFium: the page objects without pdfminer's interpreter
    warnings: list[str] = []
    pages: list[list[_Block]] = []
    try:
        with pdf:
            page_count = len(pdf.pages)
            if fast is not None and len(fast) != page_count:
                fast.close()
                fast = None
            for number, page in enumerate(pdf.pages, 1):
                objects = None
                if fast is not None:
                    try:
                        objects = page_objects(fast, number - 1, page.height, page.initial_doctop, number)
                    except Exception:  # anything PDFium dislikes: pdfminer reads the page
                        objects = None
                if objects is not None:
                    page._objects = objects  # pdfplumber's cache of its parsed objects
                blocks = _page_blocks(page, page_count)
                if not blocks and not page.extract_words():
                    warnings.append(f"第 {number} 页没有文字层（可能是扫描图片），该页内容未读取")
                pages.append(blocks)
    except Exception:  # pdfminer raises many types for damaged files
        raise errors.corrupt(path, " PDF ") from None
    finally:
        if fast is not None:
            fast.close()
    if not any(pages):
        raise errors.scanned_pdf(path)

    builder = LineBuilder()
    tables: list[RawTable] = []
    for block in _join_continued_tables(pages):
        if block.text is not None:
            builder.add_line(block.text, f"pdf page {block.first_page}")
            continue
        pages_label = (
            f"page {block.first_page}"
            if block.first_page == block.last_page
            else f"pages {block.first_page}-{block.last_page}"
        )
        table = builder.add_table(block.grid, f"pdf {pages_label} table {len(tables) + 1}")
        if table is not None:
            tables.append(table)
    return RawDocument(
        path=path, format="pdf", text=builder.text(), tables=tables,
        line_origins=builder.origins, warnings=warnings,
    )


def _join_continued_tables(pages: list[list[_Block]]) -> list[_Block]:
    """All blocks in order; a table that ends a page and one of the same width that opens
    the next page are one table cut by the page break."""
    joined: list[_Block] = []
    for number, blocks in enumerate(pages, 1):
        for index, block in enumerate(blocks):
            block.first_page = block.last_page = number
            previous = joined[-1] if joined else None
            if (
                index == 0
                and block.grid
                and previous is not None
                and previous.grid
                and previous.last_page == number - 1
                and previous.width == block.width
            ):
                first = block.grid[0]
                for column, cell in enumerate(first):
                    if cell != "":
                        break
                    # leading empty cells: the lower part of a row label merged across
                    # the page break (三、本年度办理结果 over two pages); never numbers
                    first[column] = UP
                previous.grid.extend(block.grid)
                previous.last_page = number
                continue
            joined.append(block)
    return joined


def _page_blocks(page: Any, page_count: int) -> list[_Block]:
    blocks: list[_Block] = []
    used: list[tuple[float, float, float, float]] = []
    for table in page.find_tables():
        table_blocks = _table_blocks(table)
        if table_blocks:
            blocks.extend(table_blocks)
            used.append(table.bbox)
    for line in page.extract_text_lines(return_chars=False):
        middle_x = (line["x0"] + line["x1"]) / 2
        middle_y = (line["top"] + line["bottom"]) / 2
        if any(x0 <= middle_x <= x1 and top <= middle_y <= bottom for x0, top, x1, bottom in used):
            continue  # the table's rows stand for the text in its area
        text = clean_cell(line["text"])
        if text:
            blocks.append(_Block(top=line["top"], text=text))
    blocks.sort(key=lambda block: block.top)  # stable: a table's own blocks keep their order
    _drop_page_numbers(blocks, page_count)
    return blocks


def _drop_page_numbers(blocks: list[_Block], page_count: int) -> None:
    for position in (0, -1):
        while blocks and blocks[position].text is not None and _is_page_number(blocks[position].text, page_count):
            del blocks[position]


def _is_page_number(text: str, page_count: int) -> bool:
    match = _PAGE_NUMBER.match(text)
    if not match:
        return False
    number = int(match.group(1) or match.group(2))
    return 0 < number <= page_count + 10  # a bare "2024" at a page's foot is not a page number


def _table_blocks(table: Any) -> list[_Block]:
    """A found table as blocks in reading order: its real table parts as grids and its
    other rows (prose inside a ruled frame, stray captions) as text lines. Empty when the
    found table has no real table part (then the page's text lines are used as they are).
    """
    grid, tops = _table_grid(table)
    if not grid or len(grid[0]) < 2:
        return []
    kinds = [_row_kind(row) for row in grid]
    segments: list[list[int]] = []
    current: list[int] = []
    index = 0
    while index < len(grid):
        if kinds[index] == "multi":
            current.append(index)
            index += 1
            continue
        run_end = index
        while run_end < len(grid) and kinds[run_end] != "multi":
            run_end += 1
        run = [row for row in range(index, run_end) if kinds[row] == "single"]
        if current and run_end < len(grid) and len(run) <= 1:
            current.extend(run)  # one caption row inside a table (第二十条第（五）项)
        else:
            if current:
                segments.append(current)
            current = run[-1:] if run_end < len(grid) else []  # caption of the next table
        index = run_end
    if current:
        segments.append(current)
    segments = [rows for rows in segments if sum(kinds[row] == "multi" for row in rows) >= 2]
    if not segments:
        return []
    starts = {rows[0]: rows for rows in segments}
    in_tables = {row for rows in segments for row in rows}
    blocks: list[_Block] = []
    for row in range(len(grid)):
        if row in starts:
            rows = starts[row]
            blocks.append(_Block(top=tops[row], grid=[grid[r] for r in rows], width=len(grid[0])))
        elif row not in in_tables and kinds[row] != "empty":
            texts = [cell for cell in grid[row] if isinstance(cell, str) and cell.strip()]
            for offset, piece in enumerate("\t".join(texts).split("\n")):
                piece = "\t".join(clean_cell(part) for part in piece.split("\t")).strip("\t")
                if piece:
                    blocks.append(_Block(top=tops[row] + offset * 0.01, text=piece))
    return blocks


def _row_kind(row: list[GridCell]) -> str:
    texts = [cell for cell in row if isinstance(cell, str) and cell.strip()]
    if not texts:
        return "empty"
    return "multi" if len(texts) >= 2 else "single"


def _cell_texts(table: Any, rows: list[Any]) -> list[list[str | None]]:
    """`table.extract()`: per row, the text of each cell (None where no cell starts), from
    the page's characters whose middle lies in the cell's box (left and top edges included),
    in page order. `extract` tests every character of the page against every row's box, a
    Python call each; here the characters are sorted by their vertical middle once and each
    row takes its band by bisection, then the same tests pick its cells' characters."""
    from pdfplumber.utils import extract_text

    chars = table.page.chars
    middles = sorted(((char["top"] + char["bottom"]) / 2, order) for order, char in enumerate(chars))
    verticals = [middle for middle, _ in middles]
    texts: list[list[str | None]] = []
    for row in rows:
        x0, top, x1, bottom = row.bbox
        band = middles[bisect_left(verticals, top) : bisect_left(verticals, bottom)]
        row_chars = [chars[order] for order in sorted(order for _, order in band)]
        row_chars = [char for char in row_chars if x0 <= (char["x0"] + char["x1"]) / 2 < x1]
        row_texts: list[str | None] = []
        for cell in row.cells:
            if cell is None:
                row_texts.append(None)
                continue
            left, cell_top, right, cell_bottom = cell
            cell_chars = [
                char
                for char in row_chars
                if left <= (char["x0"] + char["x1"]) / 2 < right
                and cell_top <= (char["top"] + char["bottom"]) / 2 < cell_bottom
            ]
            row_texts.append(extract_text(cell_chars) if cell_chars else "")
        texts.append(row_texts)
    return texts


def _table_grid(table: Any) -> tuple[list[list[GridCell]], list[float]]:
    """pdfplumber's table as a grid. A None position is covered by a merged cell: the cell
    box over it tells whether it came from the left (box starts in this row) or from above.
    A position no box covers (a missing ruling line) gets the text found in its area."""
    rows = table.rows
    texts = _cell_texts(table, rows)
    cell_boxes = table.cells
    # pdfplumber's columns are the distinct left edges of the cells; each ends where the
    # next begins (CellGroup.bbox of a column can be widened by a cell spanning on)
    lefts = sorted({box[0] for box in cell_boxes})
    rights = lefts[1:] + [max(box[2] for box in cell_boxes)]
    grid: list[list[GridCell]] = []
    tops: list[float] = []
    for row_index, row_texts in enumerate(texts):
        row_box = rows[row_index].bbox
        out: list[GridCell] = []
        for column, text in enumerate(row_texts):
            if rows[row_index].cells[column] is not None:
                out.append(text or "")
                continue
            x0, x1 = lefts[column], rights[column]
            middle_x, middle_y = (x0 + x1) / 2, (row_box[1] + row_box[3]) / 2
            cover = next(
                (box for box in cell_boxes if box[0] <= middle_x <= box[2] and box[1] <= middle_y <= box[3]),
                None,
            )
            if cover is None:
                area = (x0, row_box[1], x1, row_box[3])
                out.append(table.page.crop(area, strict=False).extract_text() or "")
            elif cover[1] < row_box[1] - 1 and row_index > 0:
                out.append(UP)
            elif column > 0:
                out.append(LEFT)
            else:
                out.append("")
        grid.append(out)
        tops.append(row_box[1])
    return grid, tops
