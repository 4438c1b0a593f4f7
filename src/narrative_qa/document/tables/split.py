"""Cutting runs of glued digits into cells.

Flattened text writes a row of seven cells as one digit string ("210000021"); a space
the page did keep is a certain boundary, a missing one is not. `splits` lists every way
to cut the tokens into exactly `width` cells (each token gives at least one cell, no
cell has a leading zero except "0" itself). The table code then keeps the splits the
form's arithmetic allows. Work is bounded: long digit strings are refused, results are
capped and memoised, so no input can make recovery slow.
"""

from __future__ import annotations

from functools import lru_cache

MAX_DIGITS_PER_CELL = 9  # no cell of these forms needs more (fees have decimals, not split)
MAX_DIGITS = 60  # a longer glued run is not a table row
MAX_SPLITS = 20000

# A piece: (token index, start offset inside the token, end offset inside the token).
Piece = tuple[int, int, int]


@lru_cache(maxsize=4096)
def splits(tokens: tuple[str, ...], width: int, splittable: tuple[bool, ...]) -> tuple[tuple[Piece, ...], ...]:
    """Every cut of `tokens` into `width` pieces; empty if none or if too many."""
    if len(tokens) > width:
        return ()
    lengths = [len(token) if can else 1 for token, can in zip(tokens, splittable)]
    if sum(lengths) > MAX_DIGITS or sum(lengths) > width * MAX_DIGITS_PER_CELL:
        return ()
    # suffix[i]: characters from token i to the end, for pruning hopeless branches.
    suffix = [0] * (len(tokens) + 1)
    for index in range(len(tokens) - 1, -1, -1):
        suffix[index] = suffix[index + 1] + lengths[index]
    results: list[tuple[Piece, ...]] = []

    def cut(token_index: int, offset: int, remaining: int, pieces: list[Piece]) -> bool:
        """False once the cap is hit, to stop the search."""
        if token_index == len(tokens):
            if remaining == 0:
                results.append(tuple(pieces))
                return len(results) < MAX_SPLITS
            return True
        token = tokens[token_index]
        tokens_left = len(tokens) - token_index - 1
        chars_left = suffix[token_index] - offset
        if remaining > chars_left or chars_left > remaining * MAX_DIGITS_PER_CELL:
            return True
        if not splittable[token_index]:
            if remaining - 1 < tokens_left:
                return True
            pieces.append((token_index, 0, len(token)))
            keep_going = cut(token_index + 1, 0, remaining - 1, pieces)
            pieces.pop()
            return keep_going
        rest = len(token) - offset
        # This piece ends the token, or leaves at least one digit for another piece.
        for length in range(1, min(rest, MAX_DIGITS_PER_CELL) + 1):
            if length > 1 and token[offset] == "0":
                break
            if length == rest:
                if remaining - 1 < tokens_left:
                    continue
                pieces.append((token_index, offset, offset + length))
                keep_going = cut(token_index + 1, 0, remaining - 1, pieces)
            else:
                if remaining - 1 < tokens_left + 1:
                    continue
                pieces.append((token_index, offset, offset + length))
                keep_going = cut(token_index, offset + length, remaining - 1, pieces)
            pieces.pop()
            if not keep_going:
                return False
        return True

    cut(0, 0, width, [])
    if len(results) >= MAX_SPLITS:
        return ()
    return tuple(results)
