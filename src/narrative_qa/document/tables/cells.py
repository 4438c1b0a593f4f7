"""Turning tokens and grid cells into `Value`s, with their raw text and position."""

from __future__ import annotations

import re

from ..model import Cell, RawDocument, Value, ValueKind
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


def token_splits(run: Run, width: int) -> tuple[tuple[Piece, ...], ...]:
    texts = tuple(token.text for token in run.tokens)
    splittable = tuple(token.kind == "number" and "." not in token.text for token in run.tokens)
    return splits(texts, width, splittable)


def piece_number(run: Run, piece: Piece) -> Number:
    token: Token = run.tokens[piece[0]]
    if token.kind != "number":
        return None
    return parse_number(token.text.translate(_WIDTH)[piece[1] : piece[2]])


def piece_value(raw: RawDocument, run: Run, piece: Piece) -> Value:
    token = run.tokens[piece[0]]
    if token.kind == "blank":
        return Value(ValueKind.NOT_APPLICABLE, None, "", raw.span(token.start, token.end))
    if token.kind == "na":
        return Value(ValueKind.NOT_APPLICABLE, None, token.text, raw.span(token.start, token.end))
    start, end = token.start + piece[1], token.start + piece[2]
    return Value(ValueKind.NUMBER, piece_number(run, piece), raw.text[start:end], raw.span(start, end))


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
