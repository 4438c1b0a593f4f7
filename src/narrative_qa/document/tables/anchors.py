"""Finding a table's row labels in running text.

Each form row has a tolerant pattern (labels.py). A report mentions the same words in its
narrative too (行政许可, 予以公开, 总计…), so the table is taken to be the longest chain of
label matches in form order whose neighbours lie close together; among equally long
chains the most compact wins. Rows the chain skips are rows the text does not show.

Speed: scanning the whole text with ~25 row regexes (most start with an optional ordinal
or an alternation, which defeats the regex engine's literal-prefix search, so it tries every
offset) was most of the time of parsing a report. A pattern built by labels.label_pattern()
can only match where one of its keys starts, or at an ordinal ("2." "3 、") that ends right
there. Each key alone is a regex with a literal first character, fast to search for; the
places are found once per text and the row pattern is tried only there. Trying the pattern
at every place it could start, leftmost first and skipping places inside the previous
match, is exactly what `finditer` does, so the matches are the same.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from dataclasses import dataclass
from functools import lru_cache

from .labels import LABEL_KEYS, ORDINAL, fuzzy

MAX_GAP = 1500  # characters allowed between two consecutive row labels of one table
MAX_SKIP = 4  # rows a chain may skip between two matched labels
MAX_MATCHES_PER_ROW = 60  # bound the work on texts that repeat a word very often


@dataclass(frozen=True, slots=True)
class Anchor:
    row: int
    start: int
    end: int


def find_chain(text: str, patterns: list[re.Pattern[str]], start: int = 0, end: int | None = None) -> list[Anchor]:
    """The best chain of row labels in text[start:end], in row order (may be empty)."""
    end = len(text) if end is None else end
    matches = [find_matches(text, pattern, start, end) for pattern in patterns]
    # A row's matches never overlap, so their ends ascend: the previous labels that may
    # precede a match (ending before it, at most MAX_GAP before) are one slice, found by
    # bisection and walked in the same order as a full scan, so ties resolve the same way.
    ends = [[m_end for _, m_end in row_matches] for row_matches in matches]
    # best[row][k] = (count, -span, first_start, previous node)
    best: list[list[tuple[int, int, int, tuple[int, int] | None]]] = []
    for row, row_matches in enumerate(matches):
        row_best = []
        previous_rows = [
            (previous_row, ends[previous_row], best[previous_row])
            for previous_row in range(max(0, row - MAX_SKIP - 1), row)
            if ends[previous_row]
        ]
        for m_start, m_end in row_matches:
            count, negative_span, first, previous = 1, 0, m_start, None
            lowest = m_start - MAX_GAP
            for previous_row, previous_ends, previous_best in previous_rows:
                if previous_ends[0] > m_start or previous_ends[-1] < lowest:
                    continue  # no label of that row ends in reach (the slice is empty)
                for j in range(bisect_left(previous_ends, lowest), bisect_right(previous_ends, m_start)):
                    p_count, _, p_first, _ = previous_best[j]
                    candidate = (p_count + 1, p_first - m_end)
                    if candidate > (count, negative_span):
                        count, negative_span = candidate
                        first, previous = p_first, (previous_row, j)
            row_best.append((count, negative_span, first, previous))
        best.append(row_best)
    # The first node (in row order) with the longest chain, then the most compact one,
    # then the earliest start: what max() over the nodes in that order picks.
    node: tuple[int, int] | None = None
    top: tuple[int, int, int] | None = None
    for row, row_best in enumerate(best):
        for k, (count, negative_span, first, _) in enumerate(row_best):
            key = (count, negative_span, -first)
            if top is None or key > top:
                top, node = key, (row, k)
    if node is None:
        return []
    chain: list[Anchor] = []
    while node is not None:
        row, k = node
        chain.append(Anchor(row, *matches[row][k]))
        node = best[row][k][3]
    chain.reverse()
    return chain


def find_matches(text: str, pattern: re.Pattern[str], start: int, end: int) -> list[tuple[int, int]]:
    """The first MAX_MATCHES_PER_ROW (start, end) of `pattern.finditer(text, start, end)`."""
    if pattern not in LABEL_KEYS:
        found = [(m.start(), m.end()) for m in pattern.finditer(text, start, end)]
        return found[:MAX_MATCHES_PER_ROW]
    places = _places(text, pattern)
    found = []
    position = start
    match = pattern.match
    for index in range(bisect_left(places, start), len(places)):
        place = places[index]
        if place >= end:
            break
        if place < position:
            continue  # inside the previous match, as in finditer
        hit = match(text, place, end)
        if hit is not None:
            found.append((place, hit.end()))
            if len(found) == MAX_MATCHES_PER_ROW:
                break
            position = hit.end()
    return found


@lru_cache(maxsize=8)
def _ordinals(text: str) -> dict[int, int]:
    """Where an ordinal ("2." "3 、") is followed by a key start -> where the ordinal starts.
    Ordinals cannot overlap (only their first character is a digit), so finditer sees all."""
    return {match.end(): match.start() for match in ORDINAL.finditer(text)}


@lru_cache(maxsize=256)
def _key_pattern(key: str) -> re.Pattern[str]:
    # One fuzzy key alone starts with a literal character, which the regex engine finds
    # fast; the row patterns (an optional ordinal, alternatives) make it try every offset.
    return re.compile(fuzzy(key))


@lru_cache(maxsize=256)
def _places(text: str, pattern: re.Pattern[str]) -> tuple[int, ...]:
    """Sorted offsets where `pattern` may match in `text`: a superset of its match starts.
    A match starts where one of its keys starts (every one found, overlapping or not), or
    at the ordinal that ends right where a key starts."""
    description = LABEL_KEYS[pattern]
    places: list[int] = []
    for key in description.keys:
        pattern = _key_pattern(key)
        if key[0] not in key[1:]:
            # Inside a match there are only the key's characters and blanks, so no other
            # match can start there unless the first character recurs: finditer, which
            # resumes after each match, then finds every start, without a Python loop.
            places.extend([found.start() for found in pattern.finditer(text)])
            continue
        search = pattern.search
        found = search(text)
        while found is not None:
            place = found.start()
            places.append(place)
            found = search(text, place + 1)
    extra: list[int] = []
    if description.ordinal and places:
        ordinals = _ordinals(text)
        extra = [ordinals[place] for place in places if place in ordinals]
    if len(description.keys) == 1 and not extra:
        return tuple(places)  # one key's starts come out ascending and distinct already
    places.extend(extra)
    return tuple(sorted(set(places)))
