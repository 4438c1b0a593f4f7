"""Word .docx: paragraphs and tables in document order, merged cells expanded.

The body's XML children are walked in order (python-docx's `paragraphs` and `tables`
lists lose the interleaving). Content controls (w:sdt) are descended into.
"""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any

from ..model import RawDocument
from . import errors
from .docx_numbering import Numbering
from .lines import LEFT, UP, GridCell, LineBuilder


def read_docx(path: Path, data: bytes) -> RawDocument:
    try:
        import docx  # lazy: python-docx and lxml cost time at import
        from docx.oxml.ns import qn

        document = docx.Document(io.BytesIO(data))
        body = document.element.body
    except Exception:  # zip, XML or package errors: all mean the file cannot be read
        raise errors.corrupt(path, " Word ") from None

    builder = LineBuilder()
    tables = []
    tags = {"p": qn("w:p"), "tbl": qn("w:tbl"), "sdt": qn("w:sdt"), "sdtContent": qn("w:sdtContent")}
    paragraph_number = 0
    try:
        numbering = Numbering.of(document)
        for element in _blocks(body, tags):
            if element.tag == tags["p"]:
                paragraph_number += 1
                text = _paragraph_text(element, document)
                label = numbering.label(element)
                builder.add_text(label + text if text.strip() else text, f"docx paragraph {paragraph_number}")
            else:
                table = builder.add_table(_grid(element, document), f"docx table {len(tables) + 1}")
                if table is not None:
                    tables.append(table)
    except Exception:  # malformed tables or paragraphs in a file Word would repair
        raise errors.corrupt(path, " Word ") from None
    text = builder.text()
    if not text.strip():
        raise errors.empty(path)
    return RawDocument(path=path, format="docx", text=text, tables=tables, line_origins=builder.origins)


def _blocks(parent: Any, tags: dict[str, str]):
    for child in parent.iterchildren():
        if child.tag in (tags["p"], tags["tbl"]):
            yield child
        elif child.tag == tags["sdt"]:
            content = child.find(tags["sdtContent"])
            if content is not None:
                yield from _blocks(content, tags)


def _paragraph_text(element: Any, document: Any) -> str:
    from docx.text.paragraph import Paragraph

    return Paragraph(element, document._body).text


def _grid(element: Any, document: Any) -> list[list[GridCell]]:
    """The table as a grid: text where a cell starts, LEFT/UP where a merge covers it."""
    from docx.table import Table

    table = Table(element, document._body)
    grid: list[list[GridCell]] = []
    previous: list[Any] = []  # the w:tc element behind every position of the row above
    for row in table.rows:
        cells = [None] * row.grid_cols_before + list(row.cells) + [None] * row.grid_cols_after
        elements = [cell._tc if cell is not None else None for cell in cells]
        out: list[GridCell] = []
        for index, cell in enumerate(cells):
            tc = elements[index]
            if tc is None:
                out.append("")
            elif index > 0 and elements[index - 1] is tc:
                out.append(LEFT)
            elif index < len(previous) and previous[index] is tc:
                out.append(UP)
            else:
                out.append("\n".join(paragraph.text for paragraph in cell.paragraphs))
        grid.append(out)
        previous = elements
    return grid
