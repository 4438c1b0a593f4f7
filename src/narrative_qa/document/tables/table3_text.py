"""Table 3 from text: flattened web-page captures, tab- or space-separated rows, one cell
per line (PDF text layers), Markdown pipes.

1. Find the row labels (anchors.find_chain).
2. Collect the cell runs between the first label and the run after the last one.
3. Align runs to rows in order, each run inside the window its neighbouring labels allow
   (PDF text sometimes prints a row's numbers on the line above its label).
4. Cut each run into 7 cells; keep the cuts whose six applicant columns add up to 总计;
   settle rows that still have several cuts with the column equations (solve.py).

A table whose （六）其他处理 is one row (the 2019 trial form's layout) is read all the same,
with the merged row's cells as the three sub-rows' and marked unreadable: whether the
2021 reading is kept is decided in __init__.py, which also sees table 2 (`old_format`).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from ..model import RawDocument, Table3, Value, ValueKind
from . import cells
from .anchors import Anchor, find_chain
from .labels import T3_HEADER_KEYS, T3_OTHER, T3_OTHER_PARENT, T3_ROW_PATTERNS, TABLE3_ROWS
from .runs import Run, find_runs, split_rows
from .solve import resolve

WIDTH = 7
MIN_ROWS = 10  # fewer matched labels than this is not the table, just narrative
HEADER_LOOKBACK = 400
TAIL = 400  # how far after the last label its numbers may be


@dataclass(slots=True)
class TextTable3:
    table: Table3 | None
    warnings: list[str] = field(default_factory=list)
    old_format: bool = False  # （六）其他处理 is one row; its sub-rows are unreadable in `table`
    end: int = 0  # where the table's text ends (table 4 is looked for after it)


def _short(label: str) -> str:
    return label.split("·")[-1]


def recover_table3_text(raw: RawDocument, read_values: bool = True) -> TextTable3:
    """Table 3 read from the text; with `read_values` False only located (its span, form and
    end): `values` empty, no warnings about its cells."""
    text = raw.text
    chain = find_chain(text, T3_ROW_PATTERNS)
    if len(chain) < MIN_ROWS:
        return TextTable3(None)
    found = {anchor.row: anchor for anchor in chain}
    first, last = chain[0], chain[-1]

    # The 2019 trial form has （六）其他处理 as one row without the three sub-rows: that row
    # takes the place of the first sub-row and the other two receive no numbers.
    parent: Anchor | None = None
    if not any(row in found for row in T3_OTHER):
        before = found.get(19) or found.get(18)
        after = found.get(23)
        match = T3_OTHER_PARENT.search(text, before.end, after.start) if before and after else None
        if match is not None:
            parent = Anchor(T3_OTHER[0], match.start(), match.end())
            found[T3_OTHER[0]] = parent
    closed = set(T3_OTHER[1:]) if parent is not None else set()

    region_start = first.start
    for match in T3_HEADER_KEYS.finditer(text, max(0, first.start - HEADER_LOOKBACK), first.start):
        region_start = match.end()
    tail_runs = find_runs(text, last.end, min(len(text), last.end + TAIL), limit=1)
    region_end = tail_runs[0].end if tail_runs else last.end
    if not read_values:
        return TextTable3(Table3([], raw.span(region_start, region_end)), old_format=parent is not None, end=region_end)
    runs: list[Run] = []
    for run in find_runs(text, region_start, region_end):
        for part in split_rows(run, WIDTH):
            if part.line_breaks and not cells.token_splits(part, WIDTH):
                # A stray number on the line before a row (broken conversions): each line
                # becomes its own run, so the row itself can still be read.
                runs.extend(_lines(part))
            else:
                runs.append(part)

    warnings: list[str] = []
    open_rows = [row for row in range(len(TABLE3_ROWS)) if row not in closed]
    if len(runs) == len(open_rows) and all(cells.token_splits(run, WIDTH) for run in runs):
        # One readable run per form row: the order is the form's, wherever labels sit.
        assigned = dict(zip(open_rows, runs))
    else:
        assigned = _align(runs, found, len(TABLE3_ROWS), closed)
    stray = len(runs) - sum(1 for run in assigned.values() if run is not None)
    if stray:
        warnings.append(f"表三中有{stray}组数字无法对应到表格行，已忽略")

    values: list[list[Value]] = [[cells.missing()] * WIDTH for _ in TABLE3_ROWS]
    candidates: dict[int, list[tuple]] = {}
    pieces_of: dict[int, list[tuple]] = {}
    flattened = False
    for row, label in enumerate(TABLE3_ROWS):
        if row in closed:
            # Read through the merged row: zeros keep the column equations of solve.py
            # meaningful (the merged row already holds these rows' numbers).
            candidates[row] = [(0,) * WIDTH]
            continue
        run = assigned.get(row)
        if run is None:
            if row in found and stray:
                # Numbers were left over somewhere: this row's may be among them.
                values[row] = [Value(ValueKind.UNREADABLE, None, "", raw.span(found[row].start, found[row].end))] * WIDTH
                warnings.append(f"表三“{_short(label)}”一行的数字无法确定，记为无法识别")
            elif row in found:
                # A label with no cells after it: the page kept the row but its cells were blank.
                values[row] = [Value(ValueKind.NOT_APPLICABLE, None, "", raw.span(found[row].end, found[row].end))] * WIDTH
                warnings.append(f"表三“{_short(label)}”一行没有数值，按空白（不适用）处理")
            else:
                warnings.append(f"表三缺少“{_short(label)}”一行")
            continue
        if any(len(token.text) > 1 for token in run.tokens if token.kind == "number") and len(run.tokens) < WIDTH:
            flattened = True
        options = cells.token_splits(run, WIDTH)
        if not options:
            values[row] = [cells.unreadable(raw, run)] * WIDTH
            count = len(run.tokens)
            warnings.append(f"表三“{_short(label)}”一行的数字（{raw.text[run.start:run.end]}）无法拆成7格（可见{count}组），不予推测")
            continue
        numbers = [cells.piece_numbers(run, option) for option in options]
        if len(options) > 1:
            balanced = [index for index, row_numbers in enumerate(numbers) if _row_sum_holds(row_numbers)]
            keep = balanced or list(range(len(options)))
            options = tuple(options[index] for index in keep)
            numbers = [numbers[index] for index in keep]
        candidates[row] = numbers
        pieces_of[row] = list(options)

    resolved, compromised = resolve(candidates)
    if compromised and any(len(candidates[row]) > 1 for row in candidates):
        warnings.append("表三部分行的数字拆分无法同时满足全部勾稽关系，按最接近的拆分读取")
    for row, survivors in resolved.items():
        if row in closed:
            continue
        run = assigned[row]
        options = pieces_of[row]
        indices = [candidates[row].index(survivor) for survivor in survivors]
        chosen = [options[index] for index in indices]
        # The numbers of chosen[0]'s pieces, already computed: piece_value need not redo them.
        chosen_numbers = candidates[row][indices[0]] if indices else ()
        if len(survivors) == 1:
            row_values = cells.piece_values(raw, run, chosen[0], chosen_numbers)
        else:
            row_values = []
            line = cells.run_line(raw, run)
            for column in range(WIDTH):
                if len({survivor[column] for survivor in survivors}) == 1:
                    row_values.append(cells.piece_value(raw, run, chosen[0][column], chosen_numbers[column], line))
                else:
                    row_values.append(cells.unreadable(raw, run))
        if len(survivors) > 1:
            warnings.append(
                f"表三“{_short(TABLE3_ROWS[row])}”一行的数字（{raw.text[run.start:run.end]}）有多种拆分，无法确定的格记为无法识别"
            )
        values[row] = row_values

    if parent is not None:
        run = assigned.get(parent.row)
        merged = cells.merged_row(raw, parent.start, max(parent.end, run.end) if run is not None else parent.end)
        for row in T3_OTHER:
            values[row] = [merged] * WIDTH

    source = "flattened" if flattened else ("tab-text" if "\t" in text[region_start:region_end] else "text")
    table = Table3(values, raw.span(region_start, region_end), source)
    return TextTable3(table, warnings, old_format=parent is not None, end=region_end)


def _lines(run: Run) -> list[Run]:
    bounds = [0, *run.line_breaks, len(run.tokens)]
    return [Run(run.tokens[a:b]) for a, b in zip(bounds, bounds[1:]) if b > a]


def _row_sum_holds(numbers: tuple) -> bool:
    if numbers[-1] is None:
        return True
    return sum(value or 0 for value in numbers[:-1]) == numbers[-1]


def _align(runs: list[Run], found: dict[int, Anchor], row_count: int, closed: set[int] | frozenset[int] = frozenset()) -> dict[int, Run | None]:
    """Monotone assignment of runs to rows. The window of row i lies between the label of
    the nearest found row before i and the label of the nearest found row after i (PDF
    text may print a row's numbers just above its label). `closed` rows take no run."""
    found_rows = sorted(found)

    def window(row: int) -> tuple[int, int]:
        lower = max((found[r].start for r in found_rows if r < row), default=-1)
        upper = min((found[r].start for r in found_rows if r > row), default=10**12)
        return lower, upper

    windows = [window(row) for row in range(row_count)]
    viable = [bool(cells.token_splits(run, WIDTH)) for run in runs]
    run_count = len(runs)
    # score[i][j]: best score using rows < i and runs < j.
    negative = -1
    score = [[negative] * (run_count + 1) for _ in range(row_count + 1)]
    step: list[list[str]] = [[""] * (run_count + 1) for _ in range(row_count + 1)]
    score[0][0] = 0
    for i in range(row_count + 1):
        for j in range(run_count + 1):
            current = score[i][j]
            if current < 0:
                continue
            if i < row_count and current > score[i + 1][j]:
                score[i + 1][j], step[i + 1][j] = current, "row"
            if j < run_count and current > score[i][j + 1]:
                score[i][j + 1], step[i][j + 1] = current, "run"
            if i < row_count and j < run_count and i not in closed:
                lower, upper = windows[i]
                run = runs[j]
                # Reading every readable run dominates; among such alignments, runs inside
                # the window their neighbours' labels allow, then right after their own
                # label, win. Windows are soft because broken conversions (the kewei
                # Markdown) move labels away from their numbers while keeping the order.
                inside = lower < run.start < upper
                own = i in found and run.start >= found[i].end and inside
                gained = current + (10 if viable[j] else 1) + (2 if inside else 0) + (1 if own else 0)
                if gained > score[i + 1][j + 1]:
                    score[i + 1][j + 1], step[i + 1][j + 1] = gained, "both"
    assigned: dict[int, Run | None] = {}
    i, j = row_count, run_count
    while i > 0 or j > 0:
        move = step[i][j]
        if move == "both":
            assigned[i - 1] = runs[j - 1]
            i, j = i - 1, j - 1
        elif move == "row":
            i -= 1
        else:
            j -= 1
    return assigned
