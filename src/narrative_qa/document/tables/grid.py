"""Tables 2, 3 and 4 from real grids (RawTable from .docx, .html, .pdf, Markdown pipes).

Readers expand merged cells by repeating their text, so a row's label may fill several
columns and a merged value may repeat. Rows are mapped to the form by their labels (the
same tolerant patterns as for text), columns by the header (自然人 … 总计), falling back
to the rightmost columns, which is where every variant of the form keeps its numbers.
"""

from __future__ import annotations

import re

from ..model import Cell, RawDocument, RawTable, Table2, Table3, Table4, Value, ValueKind
from . import cells
from .anchors import find_chain
from .labels import (
    T2_2021_HEADER,
    T2_OLD_HEADER,
    T2_ROW_PATTERNS,
    T3_OTHER,
    T3_OTHER_PARENT,
    T3_ROW_PATTERNS,
    TABLE2_LABELS,
    TABLE3_COLUMNS,
    TABLE3_ROWS,
)

_SPACES = re.compile(r"[\s\u3000]+")
_NUMERIC = re.compile(r"^[\s\u3000]*(?:\d+(?:\.\d+)?|不适用|/|／|—+|-+|－|)[\s\u3000]*$")


def _compact(text: str) -> str:
    return _SPACES.sub("", text)


def _table_text(table: RawTable) -> str:
    return "".join(_compact(cell.text) for row in table.rows for cell in row)


def classify(table: RawTable) -> str | None:
    text = _table_text(table)
    if "自然人" in text and ("本年新收" in text or "新收政府信息" in text):
        return "table3"
    if "维持" in text and ("起诉" in text or "纠正" in text):
        return "table4"
    if ("规章" in text or "规范性文件" in text) and ("行政许可" in text or "第二十条" in text or "制发" in text):
        return "table2"
    if "予以公开" in text and "总计" in text:
        return "table3-part"  # a continuation of table 3 on the next PDF page
    return None


def _row_label(row: list[Cell], data_columns: set[int]) -> str:
    parts: list[str] = []
    for index, cell in enumerate(row):
        if index in data_columns:
            continue
        text = _compact(cell.text)
        if text and (not parts or parts[-1] != text) and not _NUMERIC.match(cell.text):
            parts.append(text)
    return "".join(parts)


def _is_numeric(cell: Cell) -> bool:
    return bool(_NUMERIC.match(cell.text)) and bool(_compact(cell.text))


def _table3_columns(rows: list[list[Cell]]) -> list[int] | None:
    """Column index of each of the seven applicant columns, from the header rows."""
    for row in rows[:6]:
        texts = [_compact(cell.text) for cell in row]
        mapping: list[int] = []
        for key in TABLE3_COLUMNS:
            matches = [index for index, text in enumerate(texts) if text == key or (key != "其他" and key in text and len(text) <= len(key) + 4)]
            if not matches:
                break
            mapping.append(matches[0] if key != "总计" else matches[-1])
        if len(mapping) == 7 and len(set(mapping)) == 7:
            return mapping
    return None


def _rightmost(rows: list[list[Cell]], count: int) -> list[int] | None:
    width = max((len(row) for row in rows), default=0)
    used = [index for index in range(width) if any(index < len(row) and _compact(row[index].text) for row in rows)]
    if len(used) < count:
        return None
    return used[-count:]


def recover_table3_grid(raw: RawDocument, tables: list[RawTable]) -> tuple[Table3 | None, list[str], bool]:
    """(table, warnings, old_format) from the grids that hold table 3 (one, or several
    parts split across PDF pages). old_format: （六）其他处理 is one row (2019 trial
    layout); the table is still read, its three sub-rows unreadable (see __init__.py)."""
    parts = [table for table in tables if classify(table) in ("table3", "table3-part")]
    if not parts or classify(parts[0]) != "table3":
        return None, [], False
    rows: list[list[Cell]] = []
    columns_per_row: list[list[int]] = []
    columns: list[int] | None = None
    for table in parts:
        mapping = _table3_columns(table.rows) or columns or _rightmost(table.rows, 7)
        if mapping is None:
            continue
        columns = mapping
        for row in table.rows:
            rows.append(row)
            columns_per_row.append(mapping)
    if columns is None:
        return None, ["表三的表格无法识别列（自然人…总计）"], False
    labels = [_row_label(row, set(mapping)) for row, mapping in zip(rows, columns_per_row)]
    joined = "\n".join(labels)
    line_starts = []
    position = 0
    for label in labels:
        line_starts.append(position)
        position += len(label) + 1
    chain = find_chain(joined, T3_ROW_PATTERNS)
    if len(chain) < 10:
        return None, [], False
    from bisect import bisect_right

    row_of: dict[int, int] = {}
    for anchor in chain:
        line = bisect_right(line_starts, anchor.start) - 1
        if line not in row_of.values():
            row_of[anchor.row] = line
    merged_line: int | None = None
    if not any(row in row_of for row in T3_OTHER):
        # The 2019 trial form's （六）其他处理: one row with numbers instead of three sub-rows.
        parent_lines = [index for index, label in enumerate(labels) if T3_OTHER_PARENT.search(label)]
        merged_line = next(
            (line for line in parent_lines if any(_is_numeric(rows[line][column]) for column in columns_per_row[line] if column < len(rows[line]))),
            None,
        )
    values: list[list[Value]] = []
    warnings: list[str] = []
    for row_index, label in enumerate(TABLE3_ROWS):
        if merged_line is not None and row_index in T3_OTHER:
            values.append([_merged_row(raw, rows[merged_line], columns_per_row[merged_line])] * 7)
            continue
        line = row_of.get(row_index)
        if line is None:
            values.append([cells.missing()] * 7)
            warnings.append(f"表三缺少“{label.split('·')[-1]}”一行")
            continue
        grid_row = rows[line]
        values.append([cells.cell_value(grid_row[column] if column < len(grid_row) else None) for column in columns_per_row[line]])
    span = _span(raw, rows)
    return Table3(values, span, "grid"), warnings, merged_line is not None


def _merged_row(raw: RawDocument, row: list[Cell], columns: list[int]) -> Value:
    """The unreadable value standing for the sub-rows a merged row replaces: the row from
    its （六）其他处理 label to its last value cell (a label merged across rows, e.g.
    三、本年度办理结果, is left out)."""
    label = next((cell for cell in row if cell.span is not None and T3_OTHER_PARENT.search(_compact(cell.text))), None)
    ends = [row[column].span.end for column in columns if column < len(row) and row[column].span is not None]
    if label is not None and ends:
        return cells.merged_row(raw, label.span.start, max(ends + [label.span.end]))
    text = "\t".join(cell.text for cell in row if _compact(cell.text))
    return Value(ValueKind.UNREADABLE, None, text, _span(raw, [row]))


def _span(raw: RawDocument, rows: list[list[Cell]]):
    spans = [cell.span for row in rows for cell in row if cell.span is not None]
    if not spans:
        return None
    start = min(span.start for span in spans)
    end = max(span.end for span in spans)
    return raw.span(start, end)


def recover_table2_grid(raw: RawDocument, tables: list[RawTable]) -> tuple[Table2 | None, list[str], bool]:
    table = next((table for table in tables if classify(table) == "table2"), None)
    if table is None:
        return None, [], False
    text = _table_text(table)
    if T2_OLD_HEADER.search(text) and not T2_2021_HEADER.search(text):
        return None, ["表二为2019年试行格式（本年新制作数量、对外公开总数量等），未按2021年格式读取"], True
    values: list[Value] = [cells.missing()] * len(TABLE2_LABELS)
    offsets = [0, 3, 6, 7, 8, 9]
    names = ["规章", "行政规范性文件", "行政许可", "行政处罚", "行政强制", "行政事业性收费"]
    warnings: list[str] = []
    seen_rows: set[int] = set()
    for grid_row in table.rows:
        # The label is the first cell with text that is not a number (PDF grids may
        # start with an empty column); the values follow it.
        label_index = next(
            (index for index, cell in enumerate(grid_row) if _compact(cell.text) and not _NUMERIC.match(cell.text)),
            None,
        )
        if label_index is None:
            continue
        label = _compact(grid_row[label_index].text)
        for row, (pattern, width) in enumerate(T2_ROW_PATTERNS):
            if row in seen_rows or not pattern.search(label):
                continue
            if row == 0 and "规范性" in label:
                continue
            data = grid_row[label_index + 1 :]
            distinct: list[Cell] = []
            for cell in data:
                # A merged value cell repeats its text across the columns it spans.
                if width == 1 and distinct and cell.text == distinct[-1].text:
                    continue
                distinct.append(cell)
            chosen = distinct[:width]
            row_values = [cells.cell_value(cell) for cell in chosen]
            row_values += [cells.missing()] * (width - len(row_values))
            values[offsets[row] : offsets[row] + width] = row_values
            seen_rows.add(row)
            break
    for row, name in enumerate(names):
        if row not in seen_rows:
            warnings.append(f"表二缺少“{name}”一行")
    return Table2(values, _span(raw, table.rows), "grid"), warnings, False


def recover_table4_grid(raw: RawDocument, tables: list[RawTable]) -> tuple[Table4 | None, list[str]]:
    table = next((table for table in tables if classify(table) == "table4"), None)
    if table is None:
        return None, []
    # The data row is the last row with any number in it.
    data_rows = [row for row in table.rows if any(_is_numeric(cell) for cell in row)]
    columns = _rightmost(table.rows, 15)
    if columns is None:
        return None, ["表四的表格不足15列，无法读取"]
    if not data_rows:
        # Only header rows: a row whose cells are all blank is the (empty) data row;
        # without one the values are missing.
        blank_rows = [row for row in table.rows if not any(_compact(cell.text) for cell in row)]
        if not blank_rows:
            return Table4([cells.missing()] * 15, _span(raw, table.rows), "grid"), ["表四只有表头，没有数据行"]
        row = blank_rows[-1]
    else:
        row = data_rows[-1]
    values = [cells.cell_value(row[column] if column < len(row) else None) for column in columns]
    return Table4(values, _span(raw, table.rows), "grid"), []


def count_read(values: list[Value]) -> int:
    return sum(1 for value in values if value.kind in (ValueKind.NUMBER, ValueKind.NOT_APPLICABLE))
