"""Table 2 from text. Six rows (规章, 行政规范性文件: three cells; 行政许可, 行政处罚,
行政强制, 行政事业性收费: one). There is no arithmetic to cut glued digits with, so a
run is read only when a single cut exists ("000", "008"; or one value per row);
otherwise the row is unreadable. The older forms (2019 trial: 本年新制作数量 / 对外公开
总数量 / 上一年项目数量) are recognised by their headers and not read as 2021 tables."""

from __future__ import annotations

from dataclasses import dataclass, field

from ..model import RawDocument, Table2, Value
from . import cells
from .anchors import find_chain
from .labels import T2_2021_HEADER, T2_OLD_HEADER, T2_ROW_PATTERNS, T2_START, TABLE2_LABELS
from .runs import find_runs

ROW_NAMES = ["规章", "行政规范性文件", "行政许可", "行政处罚", "行政强制", "行政事业性收费"]
ROW_OFFSETS = [0, 3, 6, 7, 8, 9]
MIN_ROWS = 3
HEADER_WINDOW = 300


@dataclass(slots=True)
class TextTable2:
    table: Table2 | None
    warnings: list[str] = field(default_factory=list)
    old_format: bool = False


def recover_table2_text(raw: RawDocument, end: int | None = None, read_values: bool = True) -> TextTable2:
    """Table 2 read from the text before `end`; with `read_values` False only located (its
    span and form): `values` empty, no warnings about its cells."""
    text = raw.text
    patterns = [pattern for pattern, _ in T2_ROW_PATTERNS]
    starts = [match for match in T2_START.finditer(text, 0, end if end is not None else len(text))]
    # The table starts at a 第二十条 heading that has a header of either form after it.
    for start in starts:
        window = text[start.start() : start.start() + HEADER_WINDOW]
        if T2_OLD_HEADER.search(window) and not T2_2021_HEADER.search(window):
            return TextTable2(None, ["表二为2019年试行格式（本年新制作数量、对外公开总数量等），未按2021年格式读取"], True)
        if T2_2021_HEADER.search(window):
            return _read(raw, start.start(), end, patterns, read_values)
    return TextTable2(None)


def _read(raw: RawDocument, region_start: int, end: int | None, patterns, read_values: bool) -> TextTable2:
    text = raw.text
    limit = min(len(text), region_start + 3000) if end is None else min(end, region_start + 3000)
    chain = find_chain(text, patterns, region_start, limit)
    if len(chain) < MIN_ROWS:
        return TextTable2(None)
    values: list[Value] = [cells.missing()] * len(TABLE2_LABELS)
    warnings: list[str] = []
    found = {anchor.row: anchor for anchor in chain}
    region_end = chain[-1].end
    for position, anchor in enumerate(chain):
        width = T2_ROW_PATTERNS[anchor.row][1]
        segment_end = chain[position + 1].start if position + 1 < len(chain) else min(len(text), anchor.end + 200)
        runs = find_runs(text, anchor.end, segment_end, limit=1)  # the row's cells follow its label
        offset = ROW_OFFSETS[anchor.row]
        name = ROW_NAMES[anchor.row]
        if not runs:
            values[offset : offset + width] = [cells.missing()] * width
            warnings.append(f"表二“{name}”一行没有数值")
            continue
        run = runs[0]
        region_end = max(region_end, run.end)
        if not read_values:
            continue
        options = cells.token_splits(run, width)
        if len(options) == 1:
            values[offset : offset + width] = [cells.piece_value(raw, run, piece) for piece in options[0]]
            continue
        row_values = []
        for column in range(width):
            seen = {cells.piece_number(run, option[column]) for option in options}
            if options and len(seen) == 1:
                row_values.append(cells.piece_value(raw, run, options[0][column]))
            else:
                row_values.append(cells.unreadable(raw, run))
        values[offset : offset + width] = row_values
        shown = text[run.start : run.end]
        if options:
            warnings.append(f"表二“{name}”一行的数字（{shown}）可按多种方式拆分，无法确定的格记为无法识别")
        else:
            warnings.append(f"表二“{name}”一行的数字（{shown}）与{width}格对不上，记为无法识别")
    if not read_values:
        return TextTable2(Table2([], raw.span(region_start, region_end)))
    for row, name in enumerate(ROW_NAMES):
        if row not in found:
            warnings.append(f"表二缺少“{name}”一行")
    flattened = "\t" not in text[region_start:region_end] and "\n" not in text[region_start:region_end].strip()
    source = "flattened" if flattened else ("tab-text" if "\t" in text[region_start:region_end] else "text")
    return TextTable2(Table2(values, raw.span(region_start, region_end), source), warnings)
