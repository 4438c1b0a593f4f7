"""Turning tokens and grid cells into `Value`s, with their raw text and position."""

from __future__ import annotations

import re
from bisect import bisect_right

from ..model import Cell, RawDocument, Span, Value, ValueKind
from .runs import Run, Token
from .split import Piece, splits

_NUMBER = re.compile(r"\d+(?:\.\d+)?")
_NOT_APPLICABLE = re.compile(r"(?:不适用|——|—|--|-|–|/|／|\\|－|无)")
_WIDTH = str.maketrans("０１２３４５６７８９．，", "0123456789.,")

Number = int | float | None  # None stands for not applicable in candidate tuples


def parse_number(text: str) -> int | float:
    return float(text) if "." in text else int(text)


def missing() -> Value:
    return Value(ValueKind.MISSING)


def unreadable(raw: RawDocument, run: Run | None) -> Value:
    if run is None or not run.tokens:
        return Value(ValueKind.UNREADABLE)
    return Value(ValueKind.UNREADABLE, None, raw.text[run.start : run.end], raw.span(run.start, run.end))


def merged_row(raw: RawDocument, start: int, end: int) -> Value:
    """A cell of a form row the document does not print on its own but merged into a
    wider row (（六）其他处理 given as one row for its three sub-rows): unreadable, with the
    merged row's text and position, so a reader sees what was printed instead."""
    return Value(ValueKind.UNREADABLE, None, raw.text[start:end], raw.span(start, end))


def token_splits(run: Run, width: int) -> tuple[tuple[Piece, ...], ...]:
    # Asked several times per run (row checks, alignment, reading): kept on the run.
    # Runs are not changed once built, so the answer stays valid.
    cache = run.splits_cache
    found = cache.get(width)
    if found is None:
        texts = tuple(token.text for token in run.tokens)
        splittable = tuple(token.kind == "number" and "." not in token.text for token in run.tokens)
        found = cache[width] = splits(texts, width, splittable)
    return found


def piece_number(run: Run, piece: Piece) -> Number:
    token: Token = run.tokens[piece[0]]
    if token.kind != "number":
        return None
    text = token.text
    if not text.isascii():  # only full-width characters need mapping
        text = text.translate(_WIDTH)
    return parse_number(text[piece[1] : piece[2]])


def piece_numbers(run: Run, pieces: tuple[Piece, ...]) -> tuple[Number, ...]:
    """tuple(piece_number(run, piece) for piece in pieces): the same numbers, without a call
    per piece (every cut of every table row is read)."""
    tokens = run.tokens
    numbers: list[Number] = []
    for index, start, end in pieces:
        token: Token = tokens[index]
        if token.kind != "number":
            numbers.append(None)
            continue
        text = token.text
        if not text.isascii():  # only full-width characters need mapping
            text = text.translate(_WIDTH)
        text = text[start:end]
        numbers.append(float(text) if "." in text else int(text))
    return tuple(numbers)


def run_line(raw: RawDocument, run: Run) -> tuple[int, int] | None:
    """(line number, offset of the line start) shared by every token of `run`, or None when
    the run spans several lines. Checked on the line index rather than `run.line_breaks`
    (runs cut or joined by the table code do not carry their breaks)."""
    tokens = run.tokens
    if not tokens:
        return None
    starts = raw.line_starts
    index = bisect_right(starts, tokens[0].start) - 1
    if index + 1 < len(starts) and tokens[-1].start >= starts[index + 1]:
        return None
    return index + 1, starts[index]


def _token_span(raw: RawDocument, start: int, end: int, line: tuple[int, int] | None = None) -> Span:
    """raw.span(start, end) for a range inside one token. A token holds no line break, so
    the range ends on the line it starts on: one position lookup instead of two (this is
    called for every cell of every table), none when the run's line is known."""
    if line is None:
        starts = raw.line_starts
        index = bisect_right(starts, start) - 1
        line = index + 1, starts[index]
    number, line_start = line
    column = start - line_start + 1
    return Span(start, end, number, column, number, column + end - start)


_UNKNOWN = object()


def piece_value(
    raw: RawDocument, run: Run, piece: Piece, number: Number | object = _UNKNOWN, line: tuple[int, int] | None = None
) -> Value:
    """The cell `piece` of `run` cuts out; `number`, when given, is piece_number(run, piece)
    already computed by the caller; `line`, when given, is run_line(raw, run)."""
    token = run.tokens[piece[0]]
    kind = token.kind
    if kind == "blank":
        return Value(ValueKind.NOT_APPLICABLE, None, "", _token_span(raw, token.start, token.end, line))
    if kind == "na":
        return Value(ValueKind.NOT_APPLICABLE, None, token.text, _token_span(raw, token.start, token.end, line))
    start, end = token.start + piece[1], token.start + piece[2]
    if number is _UNKNOWN:
        number = piece_number(run, piece)
    return Value(ValueKind.NUMBER, number, raw.text[start:end], _token_span(raw, start, end, line))


def piece_values(raw: RawDocument, run: Run, pieces: tuple[Piece, ...], numbers: tuple[Number, ...]) -> list[Value]:
    """[piece_value(raw, run, piece, number) for piece, number in zip(pieces, numbers)],
    for a whole table row at once: the same Values, with the run's line looked up once and
    no call per cell (table 3 alone has 175 cells)."""
    line = run_line(raw, run)
    text = raw.text
    tokens = run.tokens
    values: list[Value] = []
    for piece, number in zip(pieces, numbers):
        token = tokens[piece[0]]
        kind = token.kind
        if kind == "number":
            start = token.start + piece[1]
            end = token.start + piece[2]
            value_kind, shown = ValueKind.NUMBER, text[start:end]
        else:
            start, end = token.start, token.end
            value_kind, number, shown = ValueKind.NOT_APPLICABLE, None, token.text if kind == "na" else ""
        if line is None:
            span = _token_span(raw, start, end)
        else:
            column = start - line[1] + 1
            span = Span(start, end, line[0], column, line[0], column + end - start)
        values.append(Value(value_kind, number, shown, span))
    return values


def cell_value(cell: Cell | None) -> Value:
    """A grid cell: a number, not applicable (a mark or blank), or unreadable text."""
    if cell is None:
        return Value(ValueKind.MISSING)
    text = cell.text.strip()
    compact = re.sub(r"[\s\u3000,，]", "", text.translate(_WIDTH))
    if not compact:
        return Value(ValueKind.NOT_APPLICABLE, None, cell.text, cell.span)
    if _NUMBER.fullmatch(compact):
        return Value(ValueKind.NUMBER, parse_number(compact), cell.text, cell.span)
    if _NOT_APPLICABLE.fullmatch(compact):
        return Value(ValueKind.NOT_APPLICABLE, None, cell.text, cell.span)
    return Value(ValueKind.UNREADABLE, None, cell.text, cell.span)


def as_number(value: Value) -> Number:
    """The value for arithmetic checks: not applicable counts as nothing (0)."""
    return value.number if value.kind is ValueKind.NUMBER else None
