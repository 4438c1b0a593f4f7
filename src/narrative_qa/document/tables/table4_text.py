"""Table 4 from text: a header (行政复议 / 行政诉讼 / 结果维持 … 总计) and then fifteen
numbers, often glued together. Each block of five must satisfy 维持 + 纠正 + 其他 +
尚未审结 = 总计, which is what cuts a glued run apart."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from ..model import RawDocument, Table4, Value
from . import cells
from .labels import T4_HEADER_WORDS, T4_KEYS
from .runs import Run, find_runs

WIDTH = 15
HEADER_SPAN = 400  # header text from the first 维持 to the numbers
_NOISE = re.compile(r"[\s\u3000、，,（）()：:|#一二三四五六七八九十\-—]+")


@dataclass(slots=True)
class TextTable4:
    table: Table4 | None
    warnings: list[str] = field(default_factory=list)


def recover_table4_text(raw: RawDocument, start: int = 0, read_values: bool = True) -> TextTable4:
    """Table 4 read from the text after `start`; with `read_values` False only located (its
    span): `values` empty, no warnings about its cells."""
    text = raw.text
    for key in T4_KEYS.finditer(text, start):
        header_start = max(start, key.start() - 120)
        # The first run, and the two after it for _join_blocks.
        runs = find_runs(text, key.end(), min(len(text), key.end() + 3 * HEADER_SPAN), limit=3)
        if not runs:
            continue
        between = text[key.end() : runs[0].start]
        leftover = _NOISE.sub("", T4_HEADER_WORDS.sub("", between))
        if len(leftover) > 12:  # narrative, not a table header
            continue
        run = runs[0]
        if len(run.tokens) == 5:
            run = _join_blocks(text, runs)
        if not read_values:
            return TextTable4(Table4([], raw.span(header_start, run.end)))
        return _read(raw, header_start, run)
    return TextTable4(None)


def _join_blocks(text: str, runs: list[Run]) -> Run:
    """Three small tables of five (行政复议; 未经复议直接起诉; 复议后起诉), as some
    conversions print them: their runs are joined when only header text lies between."""
    joined = Run(list(runs[0].tokens))
    previous = runs[0]
    for run in runs[1:3]:
        between = text[previous.end : run.start]
        if len(run.tokens) != 5 or len(_NOISE.sub("", T4_HEADER_WORDS.sub("", between))) > 12:
            break
        joined.tokens.extend(run.tokens)
        previous = run
    return joined


def _block_sums_hold(numbers: tuple) -> bool:
    for block in range(3):
        values = numbers[5 * block : 5 * block + 5]
        if values[4] is None:
            continue
        if sum(value or 0 for value in values[:4]) != values[4]:
            return False
    return True


def _read(raw: RawDocument, header_start: int, run) -> TextTable4:
    options = cells.token_splits(run, WIDTH)
    shown = raw.text[run.start : run.end]
    span = raw.span(header_start, run.end)
    flattened = any(len(token.text) > 1 for token in run.tokens) and len(run.tokens) < WIDTH
    source = "flattened" if flattened else ("tab-text" if "\t" in shown else "text")
    if not options:
        values = [cells.unreadable(raw, run)] * WIDTH
        return TextTable4(Table4(values, span, source), [f"表四的数字（{shown}）无法拆成15格，不予推测"])
    if len(options) > 1:
        numbers = [cells.piece_numbers(run, option) for option in options]
        balanced = [option for option, row in zip(options, numbers) if _block_sums_hold(row)]
        options = tuple(balanced) or options
    values: list[Value] = []
    line = cells.run_line(raw, run)
    for column in range(WIDTH):
        seen = {cells.piece_number(run, option[column]) for option in options}
        values.append(cells.piece_value(raw, run, options[0][column], line=line) if len(seen) == 1 else cells.unreadable(raw, run))
    warnings = []
    if len(options) > 1:
        warnings.append(f"表四的数字（{shown}）有多种拆分，无法确定的格记为无法识别")
    return TextTable4(Table4(values, span, source), warnings)
