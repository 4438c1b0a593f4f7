"""Word .docx: paragraphs and tables in document order, merged cells expanded.

The package is read with zipfile and its XML with lxml directly: python-docx's object
wrappers (a proxy per paragraph, run and cell, an XPath query per merged cell) cost ten
times the parse. What is read follows python-docx exactly, so the text is the same:
a paragraph's text is that of its runs and hyperlinks (w:t, tabs, breaks), a table is its
rows' cells with gridSpan, vMerge, gridBefore and gridAfter expanded, and the body's
children are walked in order, into content controls (w:sdt).
"""

from __future__ import annotations

import io
import posixpath
import zipfile
from pathlib import Path
from typing import Any

from ..model import RawDocument
from . import errors
from .docx_numbering import Numbering
from .lines import LEFT, UP, GridCell, LineBuilder

_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_RELATIONSHIPS = "{http://schemas.openxmlformats.org/package/2006/relationships}Relationship"
_CONTENT_TYPES = "{http://schemas.openxmlformats.org/package/2006/content-types}"
_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/"
_MAIN = "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"
_STYLES = "application/vnd.openxmlformats-officedocument.wordprocessingml.styles+xml"
_NUMBERING = "application/vnd.openxmlformats-officedocument.wordprocessingml.numbering+xml"

_P, _TBL, _SDT, _SDT_CONTENT = _W + "p", _W + "tbl", _W + "sdt", _W + "sdtContent"
_R, _HYPERLINK, _T, _TAB, _PTAB = _W + "r", _W + "hyperlink", _W + "t", _W + "tab", _W + "ptab"
_BR, _CR, _NO_BREAK_HYPHEN = _W + "br", _W + "cr", _W + "noBreakHyphen"
_TR, _TC, _TR_PR, _TC_PR = _W + "tr", _W + "tc", _W + "trPr", _W + "tcPr"
_GRID_BEFORE, _GRID_AFTER, _GRID_SPAN, _V_MERGE = _W + "gridBefore", _W + "gridAfter", _W + "gridSpan", _W + "vMerge"
_VAL, _TYPE = _W + "val", _W + "type"


class _Corrupt(Exception):
    pass


def read_docx(path: Path, data: bytes) -> RawDocument:
    try:
        body, numbering = _open(data)
    except Exception:  # zip, XML or package errors: all mean the file cannot be read
        raise errors.corrupt(path, " Word ") from None

    builder = LineBuilder()
    tables = []
    paragraph_number = 0
    try:
        for element in _blocks(body):
            if element.tag == _P:
                paragraph_number += 1
                text = _paragraph_text(element)
                label = numbering.label(element)
                builder.add_text(label + text if text.strip() else text, f"docx paragraph {paragraph_number}")
            else:
                table = builder.add_table(_grid(element), f"docx table {len(tables) + 1}")
                if table is not None:
                    tables.append(table)
    except Exception:  # malformed tables or paragraphs in a file Word would repair
        raise errors.corrupt(path, " Word ") from None
    text = builder.text()
    if not text.strip():
        raise errors.empty(path)
    return RawDocument(path=path, format="docx", text=text, tables=tables, line_origins=builder.origins)


def _open(data: bytes) -> tuple[Any, Numbering]:
    """The w:body of the main document part and its list numbering.

    The main part is found as python-docx finds it (the package's one officeDocument
    relationship, whose content type must be a Word document: a template or a macro
    document is refused), and so are styles and numbering; parts the reader does not use
    (headers, settings, images) are not opened.
    """
    from lxml import etree  # lazy: lxml is slow to import

    # python-docx's parser settings, so text nodes come out the same
    parser = etree.XMLParser(remove_blank_text=True, resolve_entities=False)
    package = zipfile.ZipFile(io.BytesIO(data))
    content_types = etree.fromstring(package.read("[Content_Types].xml"), parser)
    overrides = {
        element.get("PartName").lower(): element.get("ContentType")
        for element in content_types.iter(_CONTENT_TYPES + "Override")
    }
    defaults = {
        element.get("Extension").lower(): element.get("ContentType")
        for element in content_types.iter(_CONTENT_TYPES + "Default")
    }

    def content_type(partname: str) -> str | None:
        if partname.lower() in overrides:
            return overrides[partname.lower()]
        extension = posixpath.splitext(partname)[1]
        return defaults.get(extension[1:].lower() if extension.startswith(".") else extension.lower())

    def related(partname: str, reltype: str) -> str | None:
        """The part the one relationship of `reltype` from `partname` points at."""
        directory, name = posixpath.split(partname)
        try:
            rels = package.read(posixpath.join(directory, "_rels", name + ".rels").lstrip("/"))
        except KeyError:
            return None
        targets = [
            posixpath.abspath(posixpath.join(directory, element.get("Target")))
            for element in etree.fromstring(rels, parser).iter(_RELATIONSHIPS)
            if element.get("Type") == _REL + reltype and element.get("TargetMode") != "External"
        ]
        if len(targets) > 1:
            raise _Corrupt(reltype)  # python-docx refuses an ambiguous relationship
        return targets[0] if targets else None

    main = related("/", "officeDocument")
    if main is None or content_type(main) != _MAIN:
        raise _Corrupt("no Word document part")
    document = etree.fromstring(package.read(main[1:]), parser)
    body = document.find(_W + "body")
    if body is None:
        raise _Corrupt("no body")
    return body, _numbering(package, parser, main, related, content_type)


def _numbering(package: Any, parser: Any, main: str, related: Any, content_type: Any) -> Numbering:
    """List numbering with the styles that carry it. A file python-docx reads without its
    numbering (an ambiguous or foreign numbering or styles part) gets none either."""
    from lxml import etree

    try:
        numbering_part = related(main, "numbering")
        styles_part = related(main, "styles")
    except _Corrupt:
        return Numbering.of(None, None)
    # python-docx parses a styles or numbering part of the right type when it opens the
    # file (a malformed one makes the file corrupt) and uses neither when the styles part
    # is of another type
    numbering = styles = None
    if numbering_part is not None and content_type(numbering_part) == _NUMBERING:
        numbering = etree.fromstring(package.read(numbering_part[1:]), parser)
    if styles_part is not None:
        if content_type(styles_part) != _STYLES:
            return Numbering.of(None, None)
        styles = etree.fromstring(package.read(styles_part[1:]), parser)
    return Numbering.of(numbering, styles)


def _blocks(parent: Any):
    for child in parent.iterchildren():
        if child.tag == _P or child.tag == _TBL:
            yield child
        elif child.tag == _SDT:
            content = child.find(_SDT_CONTENT)
            if content is not None:
                yield from _blocks(content)


def _paragraph_text(paragraph: Any) -> str:
    """The runs and hyperlinks that are children of the paragraph (not runs in w:ins,
    w:smartTag or fields), as python-docx's Paragraph.text."""
    parts = []
    for child in paragraph:
        tag = child.tag
        if tag == _R:
            parts.append(_run_text(child))
        elif tag == _HYPERLINK:
            parts.extend(_run_text(run) for run in child.iterchildren(_R))
    return "".join(parts)


def _run_text(run: Any) -> str:
    parts = []
    for child in run:
        tag = child.tag
        if tag == _T:
            parts.append(child.text or "")
        elif tag == _TAB or tag == _PTAB:
            parts.append("\t")
        elif tag == _BR:
            # page and column breaks are no text; a line break (the default type) is
            parts.append("\n" if child.get(_TYPE) in (None, "textWrapping") else "")
        elif tag == _CR:
            parts.append("\n")
        elif tag == _NO_BREAK_HYPHEN:
            parts.append("-")
    return "".join(parts)


def _child(element: Any, tag: str) -> Any:
    return next(element.iterchildren(tag), None)


def _number(element: Any, properties: str, name: str, default: int) -> int:
    """An integer property (w:gridSpan of a w:tcPr, w:gridBefore of a w:trPr …)."""
    found = _child(element, properties)
    value = _child(found, name) if found is not None else None
    return default if value is None else int(value.get(_VAL))  # w:val is required


class _Row:
    """A w:tr: its cells, where each starts in the table grid, and whether it continues
    a vertical merge."""

    def __init__(self, tr: Any) -> None:
        self.grid_before = _number(tr, _TR_PR, _GRID_BEFORE, 0)
        self.grid_after = _number(tr, _TR_PR, _GRID_AFTER, 0)
        self.cells = list(tr.iterchildren(_TC))
        self.spans = []
        self.continues = []
        for tc in self.cells:
            properties = _child(tc, _TC_PR)
            span = merge = None
            if properties is not None:
                span = _child(properties, _GRID_SPAN)
                merge = _child(properties, _V_MERGE)
            self.spans.append(1 if span is None else int(span.get(_VAL)))
            # w:vMerge without w:val="restart" continues the cell above
            self.continues.append(merge is not None and merge.get(_VAL, "continue") == "continue")

    def cell_at(self, offset: int) -> int:
        """Index of the cell starting at grid column `offset` (python-docx's
        tc_at_grid_offset; ValueError when none starts there)."""
        remaining = offset - self.grid_before
        for index, span in enumerate(self.spans):
            if remaining < 0:
                break
            if remaining == 0:
                return index
            remaining -= span
        raise ValueError("no cell above a merged cell")


def _grid(table: Any) -> list[list[GridCell]]:
    """The table as a grid: text where a cell starts, LEFT/UP where a merge covers it.

    A cell continuing a vertical merge stands for the cell where the merge starts (found
    through the cell starting at the same grid column in each row above), which covers as
    many columns as that one does: as python-docx's _Row.cells.
    """
    grid: list[list[GridCell]] = []
    previous: list[Any] = []  # the w:tc element behind every position of the row above
    above: _Row | None = None  # the w:tr before this one
    above_tops: list[tuple[Any, int]] = []  # (merge-start w:tc, its span) per cell of `above`
    texts: dict[Any, str] = {}
    for tr in table.iterchildren(_TR):
        row = _Row(tr)
        tops: list[tuple[Any, int]] = []
        elements: list[Any] = [None] * row.grid_before
        offset = row.grid_before
        for tc, span, continues in zip(row.cells, row.spans, row.continues):
            if continues:
                if above is None:
                    raise ValueError("no row above a merged cell")
                top = above_tops[above.cell_at(offset)]
            else:
                top = (tc, span)
            tops.append(top)
            elements.extend([top[0]] * top[1])
            offset += span
        elements.extend([None] * row.grid_after)
        out: list[GridCell] = []
        for index, tc in enumerate(elements):
            if tc is None:
                out.append("")
            elif index > 0 and elements[index - 1] is tc:
                out.append(LEFT)
            elif index < len(previous) and previous[index] is tc:
                out.append(UP)
            else:
                text = texts.get(tc)
                if text is None:
                    text = texts[tc] = "\n".join(_paragraph_text(p) for p in tc.iterchildren(_P))
                out.append(text)
        grid.append(out)
        previous = elements
        above, above_tops = row, tops
    return grid
