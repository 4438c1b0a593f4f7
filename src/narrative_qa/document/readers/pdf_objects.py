"""A page's chars, lines, rects and curves from PDFium, in pdfplumber's object format.

pdfplumber gets its objects from pdfminer, whose pure-Python content-stream interpreter
is almost all of the time a PDF takes to read (the ruled tables of the reports are drawn
as hundreds of small paths). PDFium (pypdfium2, a dependency of pdfplumber) parses the
same page in C. The objects built here carry what pdfplumber's table finder and text
extraction read (positions, text, upright) with pdfminer's geometry:

- a char spans its advance width from its origin, and vertically from baseline+descent
  for one font size (PDFium's "loose" box has those left/right/bottom; pdfminer's height
  is the font size, not the font's ascent); vertically written glyphs are one font size
  wide and one vertical advance high;
- a painted path is split into subpaths, and a subpath is a line ("ml", "mlh"), a rect
  (a closed axis-aligned "mlllh"/"mllll") or a curve, exactly as pdfminer classifies it.

`page_objects` returns None for anything it does not reproduce faithfully (form
XObjects, rotated or offset pages, rotated text, unmappable glyphs); the caller then lets
pdfminer parse that page.
"""

from __future__ import annotations

import ctypes
from typing import Any

# pypdfium2.raw constants, spelled out so that this module imports nothing heavy
_TEXT, _PATH, _FORM = 1, 2, 5
_LINETO, _BEZIERTO, _MOVETO = 0, 1, 2


def open_document(data: bytes) -> Any | None:
    try:
        import pypdfium2
    except ImportError:  # pragma: no cover - pypdfium2 comes with pdfplumber
        return None
    try:
        return pypdfium2.PdfDocument(data)
    except Exception:  # damaged files: pdfminer decides how to report them
        return None


def page_objects(document: Any, index: int, height: float, initial_doctop: float, number: int) -> dict[str, list[dict]] | None:
    """pdfplumber-style objects of page `index`, or None when pdfminer must do it."""
    import pypdfium2.raw as raw

    page = document[index]
    try:
        if page.get_rotation() % 360 or tuple(page.get_mediabox()) != (0, 0, page.get_width(), height):
            return None
        if abs(page.get_height() - height) > 1e-6:
            return None
        paths = _top_level_paths(raw, page.raw)
        if paths is None:
            return None
        textpage = page.get_textpage()
        try:
            chars = _chars(raw, textpage.raw, height, initial_doctop, number)
        finally:
            textpage.close()
        if chars is None:
            return None
        objects: dict[str, list[dict]] = {}
        if chars:
            objects["char"] = chars
        for handle in paths:
            for kind, item in _path_items(raw, handle, height, initial_doctop, number):
                objects.setdefault(kind, []).append(item)
        return objects
    finally:
        page.close()


def _top_level_paths(raw: Any, page: Any) -> list[Any] | None:
    """The raw handles of the page's top-level path objects; None when there is a form XObject
    (pdfminer nests these as figures; not reproduced here) or an object PDFium cannot give.
    Read through the C API directly: pypdfium2's `get_objects` wraps every object, each text
    run included, in a Python helper, and that took longer than reading the paths."""
    count = raw.FPDFPage_CountObjects(page)
    if count < 0:
        return None
    get_object, get_type = raw.FPDFPage_GetObject, raw.FPDFPageObj_GetType
    paths: list[Any] = []
    for index in range(count):
        handle = get_object(page, index)
        if not handle:
            return None
        kind = get_type(handle)
        if kind == _FORM:
            return None
        if kind == _PATH:
            paths.append(handle)
    return paths


def _chars(raw: Any, textpage: Any, height: float, doctop: float, number: int) -> list[dict] | None:
    count = raw.FPDFText_CountChars(textpage)
    if count < 0:
        return None
    box = raw.FS_RECTF()
    matrix = raw.FS_MATRIX()
    origin_x, origin_y = ctypes.c_double(), ctypes.c_double()
    chars: list[dict] = []
    for index in range(count):
        if raw.FPDFText_IsGenerated(textpage, index):
            continue  # PDFium's synthetic spaces and line breaks; pdfminer has none
        if raw.FPDFText_HasUnicodeMapError(textpage, index):
            return None  # pdfminer writes "(cid:N)" for these
        code = raw.FPDFText_GetUnicode(textpage, index)
        if code == 0 or 0xD800 <= code <= 0xDFFF:
            return None
        raw.FPDFText_GetMatrix(textpage, index, matrix)
        if matrix.b != 0 or matrix.c != 0 or matrix.a <= 0 or matrix.a != matrix.d:
            return None  # rotated, skewed, mirrored or stretched text
        raw.FPDFText_GetLooseCharBox(textpage, index, box)
        raw.FPDFText_GetCharOrigin(textpage, index, origin_x, origin_y)
        size = raw.FPDFText_GetFontSize(textpage, index) * matrix.a
        if abs(origin_x.value - matrix.e) > 0.01 or abs(origin_y.value - matrix.f) > 0.01:
            # vertical writing: PDFium's origin is already the glyph box's lower left
            # corner (shifted by the font's vertical metrics, as pdfminer does); the box
            # is one font size wide and one vertical advance high
            x0, y0 = origin_x.value, origin_y.value
            x1, y1 = x0 + size, y0 + (box.top - box.bottom) * matrix.a
        else:
            x0, x1, y0 = box.left, box.right, box.bottom
            y1 = y0 + size
        top = height - y1
        chars.append({
            "text": chr(code), "x0": x0, "x1": x1, "y0": y0, "y1": y1,
            "top": top, "bottom": height - y0, "doctop": doctop + top,
            "width": x1 - x0, "height": size, "size": size, "upright": True,
            "object_type": "char", "page_number": number,
        })
    return chars


def _path_items(raw: Any, handle: Any, height: float, doctop: float, number: int):
    """(kind, object) for every subpath of a painted path (its raw handle), classified like
    pdfminer."""
    matrix = raw.FS_MATRIX()
    raw.FPDFPageObj_GetMatrix(handle, matrix)
    a, b, c, d, e, f = matrix.a, matrix.b, matrix.c, matrix.d, matrix.e, matrix.f
    x, y = ctypes.c_float(), ctypes.c_float()
    subpaths: list[tuple[list[str], list[tuple[float, float]], bool]] = []
    for index in range(raw.FPDFPath_CountSegments(handle)):
        segment = raw.FPDFPath_GetPathSegment(handle, index)
        raw.FPDFPathSegment_GetPoint(segment, x, y)
        point = (a * x.value + c * y.value + e, b * x.value + d * y.value + f)
        kind = raw.FPDFPathSegment_GetType(segment)
        closed = bool(raw.FPDFPathSegment_GetClose(segment))
        if kind == _MOVETO or not subpaths:
            subpaths.append((["m"], [point], False))
        elif kind == _BEZIERTO:
            ops, points, _ = subpaths[-1]
            # a Bézier curve is three segments (two control points, then the end point);
            # pdfminer keeps one point per operator: the end point
            if ops[-1] == "c1":
                ops[-1] = "c2"
            elif ops[-1] == "c2":
                ops[-1] = "c"
                points[-1] = point
                continue
            else:
                ops.append("c1")
                points.append(point)
                continue
            points[-1] = point
        else:
            subpaths[-1][0].append("l")
            subpaths[-1][1].append(point)
        if closed:
            ops, points, _ = subpaths[-1]
            subpaths[-1] = (ops, points, True)
    for ops, points, closed in subpaths:
        if any(op in ("c1", "c2") for op in ops):
            return  # unfinished curve: let it go rather than guess
        if closed:
            if len(points) > 1 and points[-1] == points[0] and ops[-1] == "l":
                ops[-1] = "h"  # PDFium closes onto the start point; pdfminer writes "h"
            else:
                ops.append("h")
                points.append(points[0])
        shape = "".join(ops)
        if len(shape) > 3 and shape[-2:] == "lh" and points[-2] == points[0]:
            shape = shape[:-2] + "h"
            points = points[:-2] + points[-1:]
        if shape in ("ml", "mlh"):
            kind = "line"
            points = points[:2] if shape == "mlh" else points
        elif shape in ("mlllh", "mllll") and _is_rect(points):
            kind = "rect"
        else:
            kind = "curve"
        xs = [point[0] for point in points]
        ys = [point[1] for point in points]
        x0, x1, y0, y1 = min(xs), max(xs), min(ys), max(ys)
        top = height - y1
        item = {
            "x0": x0, "y0": y0, "x1": x1, "y1": y1, "width": x1 - x0, "height": y1 - y0,
            "top": top, "bottom": height - y0, "doctop": doctop + top,
            "object_type": kind, "page_number": number,
        }
        if kind != "rect":
            item["pts"] = [(px, height - py) for px, py in points]
        yield kind, item


def _is_rect(points: list[tuple[float, float]]) -> bool:
    (x0, y0), (x1, y1), (x2, y2), (x3, y3), last = points
    if points[0] != last:
        return False
    return (x0 == x1 and y1 == y2 and x2 == x3 and y3 == y0) or (y0 == y1 and x1 == x2 and y2 == y3 and x3 == x0)
