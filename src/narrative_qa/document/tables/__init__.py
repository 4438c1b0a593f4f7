"""Typed recovery of the three statistics tables of the 2021 report form.

`recover_tables(raw, era)` reads tables 2, 3 and 4 from whatever the reader produced:
real grids (RawDocument.tables) and, always, the text itself (tab- or space-separated
rows, one cell per line, or the fully flattened web-page captures). When both give a
table, the one with more readable cells wins. Every value says what it is: a number,
not applicable ("/", "—", 不适用, blank), unreadable (present but not readable or not
splittable without guessing) or missing. Warnings (Chinese, for users) say what is
uncertain. Older forms (2019 trial, pre-2019) are recognised and not forced into the
2021 schema; `Tables.older_layout` names the tables left out for that reason.
"""

from __future__ import annotations

from ..model import RawDocument, Table2, Table3, Table4, Tables, Value, ValueKind
from .grid import count_read, recover_table2_grid, recover_table3_grid, recover_table4_grid
from .labels import (
    T2_ENFORCEMENT,
    T2_FEES,
    T2_LICENSING,
    T2_NORMATIVE,
    T2_PENALTY,
    T2_RULES,
    T3_CARRIED_IN,
    T3_CARRIED_OVER,
    T3_DISCLOSED,
    T3_NEW,
    T3_NOT_PROCESSED,
    T3_OTHER,
    T3_OUTCOMES,
    T3_PARTLY,
    T3_TOTAL,
    T3_TOTAL_COLUMN,
    T3_UNAVAILABLE,
    T3_WITHHELD,
    T4_BLOCKS,
    TABLE2_LABELS,
    TABLE3_COLUMNS,
    TABLE3_ROWS,
    TABLE4_LABELS,
)
from .table2_text import recover_table2_text
from .table3_text import recover_table3_text
from .table4_text import recover_table4_text

__all__ = [
    "TABLE2_LABELS",
    "TABLE3_ROWS",
    "TABLE3_COLUMNS",
    "TABLE4_LABELS",
    "T2_RULES",
    "T2_NORMATIVE",
    "T2_LICENSING",
    "T2_PENALTY",
    "T2_ENFORCEMENT",
    "T2_FEES",
    "T3_NEW",
    "T3_CARRIED_IN",
    "T3_DISCLOSED",
    "T3_PARTLY",
    "T3_WITHHELD",
    "T3_UNAVAILABLE",
    "T3_NOT_PROCESSED",
    "T3_OTHER",
    "T3_OUTCOMES",
    "T3_TOTAL",
    "T3_CARRIED_OVER",
    "T3_TOTAL_COLUMN",
    "T4_BLOCKS",
    "recover_tables",
    "fully_read",
]

_OLD_ERAS = {"2019trial": "2019年试行格式", "pre2019": "2019年以前的旧格式"}
_OLD_TABLE3 = "表三“（六）其他处理”未细分为3项，为2019年试行格式的表格，未按2021年格式读取"
_MERGED_OTHER = "表三“（六）其他处理”只列为一行，未细分为3项（2019年试行格式的写法），其3个细项记为无法识别"
_NAMES = {"table2": "表二（主动公开政府信息情况）", "table3": "表三（收到和处理政府信息公开申请情况）", "table4": "表四（行政复议、行政诉讼情况）"}


def fully_read(values: list[Value] | list[list[Value]]) -> bool:
    """True when every cell is a number or not applicable."""
    flat = [value for item in values for value in (item if isinstance(item, list) else [item])]
    return all(value.kind in (ValueKind.NUMBER, ValueKind.NOT_APPLICABLE) for value in flat)


def _flat(table: Table2 | Table3 | Table4 | None) -> list[Value]:
    if table is None:
        return []
    return [value for item in table.values for value in (item if isinstance(item, list) else [item])]


def _better(grid, text):
    """The grid unless the text reading has more readable cells."""
    if grid is None:
        return text
    if text is None:
        return grid
    return text if count_read(_flat(text)) > count_read(_flat(grid)) else grid


def recover_tables(raw: RawDocument, era: str, read_values: bool = True) -> tuple[Tables, list[str]]:
    """(tables, warnings). With `read_values` False, for callers that need to know only where
    the tables are (the corpus build keeps their text out of the prose): a document without
    grids then has its tables located but their cells not read (empty `values`, fewer
    warnings). Where a grid and the text both give a table, the one with more readable cells
    is kept, so those are always read: the same tables are found either way."""
    grids = list(raw.tables)
    read_values = read_values or bool(grids)

    grid3, grid3_warnings, grid3_old = recover_table3_grid(raw, grids) if grids else (None, [], False)
    text3 = recover_table3_text(raw, read_values)
    table3 = _better(grid3, text3.table)
    table3_warnings = grid3_warnings if table3 is grid3 else text3.warnings
    # （六）其他处理 printed as one row, as in the 2019 trial form (decided below).
    merged3 = table3 is not None and (grid3_old if table3 is grid3 else text3.old_format)

    limit = text3.table.span.start if text3.table is not None and text3.table.span else None
    grid2, grid2_warnings, grid2_old = recover_table2_grid(raw, grids) if grids else (None, [], False)
    text2 = recover_table2_text(raw, limit, read_values)
    table2 = _better(grid2, text2.table)
    old2 = (grid2_old or text2.old_format) and table2 is None
    warnings2: list[str] = []
    if table2 is not None:
        warnings2 = grid2_warnings if table2 is grid2 else text2.warnings
    elif old2:
        warnings2 = grid2_warnings if grid2_old else text2.warnings

    # The 2019 trial table 3 has exactly the 2021 rows except that （六）其他处理 is not split
    # into its three sub-rows. A report that otherwise follows the 2021 form (its table 2
    # was read as a 2021 table 2) only printed that one row the old way: the table is kept,
    # the sub-rows unreadable. When table 2 is old or absent, or the report is of an older
    # era, the whole old table set was reused: table 3 is not forced into the 2021 schema.
    old3 = merged3 and (table2 is None or era in _OLD_ERAS)
    warnings: list[str] = []
    if old3:
        table3 = None
        warnings.append(_OLD_TABLE3)
    elif table3 is not None:
        if merged3:
            warnings.append(_MERGED_OTHER)
        warnings.extend(table3_warnings)
    warnings.extend(warnings2)

    grid4, grid4_warnings = recover_table4_grid(raw, grids) if grids else (None, [])
    text4 = recover_table4_text(raw, text3.end, read_values)
    table4 = _better(grid4, text4.table)
    if table4 is not None:
        warnings.extend(grid4_warnings if table4 is grid4 else text4.warnings)

    older = {name: "2019trial" for name, is_old in (("table2", old2), ("table3", old3)) if is_old}
    tables = Tables(table2, table3, table4, older)
    warnings.extend(_era_warnings(era, tables))
    return tables, warnings


def _era_warnings(era: str, tables: Tables) -> list[str]:
    found = {"table2": tables.table2, "table3": tables.table3, "table4": tables.table4}
    if era in _OLD_ERAS:
        form = _OLD_ERAS[era]
        notes = [f"报告为{form}，统计表未按2021年格式读取" if not any(found.values()) else ""]
        for key in ("table2", "table3"):
            if found[key] is not None:
                notes.append(f"报告为{form}，但{_NAMES[key]}为2021年格式，已按2021年格式读取")
        return [note for note in notes if note]
    notes = []
    for key, table in found.items():
        if table is None and key not in tables.older_layout:
            notes.append(f"未找到{_NAMES[key]}")
    return notes
