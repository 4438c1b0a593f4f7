"""Split a stretch of report text into paragraphs and sentences with exact spans.

Contract: for every `Sentence`, `sentence.text == raw.text[sentence.span.start:sentence.span.end]`
(leading/trailing whitespace is left outside the span). A sentence ends at 。！？； (or their
ASCII forms) together with any closing quotes/brackets that follow, or at a line end — except in
PDF text, where line ends are layout, not punctuation, and lines are joined into paragraphs.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Iterable

from narrative_qa.document.model import Paragraph, RawDocument, Sentence, Span

# One sentence: anything up to a terminator run plus closing marks, or up to the end.
_SENTENCE = re.compile(r"[^。！？；!?;]+(?:[。！？；!?;]+[”’\"'）)」』】〕]*)?|[。！？；!?;]+[”’\"'）)」』】〕]*")
_SENTENCE_NO_NEWLINE = re.compile(
    r"[^。！？；!?;\n]+(?:[。！？；!?;]+[”’\"'）)」』】〕]*)?|[。！？；!?;]+[”’\"'）)」』】〕]*"
)
_WHITESPACE = " \t\r\n\u3000\u00a0"
# A PDF line that ends a paragraph: sentence end or a colon (a lead-in line).
_PARAGRAPH_END = re.compile(r"[。！？!?：:]\s*$")
# A line that starts a new paragraph in PDF text: a heading or list marker, or a page number.
_PARAGRAPH_START = re.compile(
    r"^\s*(?:[（(][一二三四五六七八九十]+[）)]|[一二三四五六七八九十]+[、是]|\d{1,2}[.．、](?!\d)|[-—–]\s*\d+\s*[-—–]|#)"
)


def split_sentences(raw: RawDocument, start: int, end: int, *, across_lines: bool = False) -> list[Sentence]:
    """Sentences of raw.text[start:end]; `across_lines` lets a sentence continue over '\\n'."""
    text = raw.text
    pattern = _SENTENCE if across_lines else _SENTENCE_NO_NEWLINE
    sentences: list[Sentence] = []
    # Spans of sentences on the line `start` is on are computed here from one lookup (most
    # calls are for one line of text); any other is left to raw.span.
    starts = raw.line_starts
    index = bisect_right(starts, start) - 1
    line, line_start = index + 1, starts[index]
    next_line_start = starts[index + 1] if index + 1 < len(starts) else len(text) + 1
    for match in pattern.finditer(text, start, end):
        left, right = match.start(), match.end()
        chunk = match.group()
        stripped_left = len(chunk) - len(chunk.lstrip(_WHITESPACE))
        stripped_right = len(chunk) - len(chunk.rstrip(_WHITESPACE))
        left += stripped_left
        right -= stripped_right
        if right <= left:
            continue
        if right < next_line_start:
            span = Span(left, right, line, left - line_start + 1, line, right - line_start + 1)
        else:
            span = raw.span(left, right)
        sentences.append(Sentence(text[left:right], span))
    return sentences


def line_bounds(raw: RawDocument, offset: int) -> tuple[int, int]:
    """(start, end) of the line holding `offset`, end excluding the newline. Uses the line
    index, so it costs O(log lines) even inside a 30,000-character one-line capture."""
    starts = raw.line_starts
    index = bisect_right(starts, offset) - 1
    end = starts[index + 1] - 1 if index + 1 < len(starts) else len(raw.text)
    return starts[index], end


def line_ranges(text: str, start: int, end: int) -> Iterable[tuple[int, int]]:
    """(start, end) of every line inside [start, end), without the newline."""
    position = start
    while position < end:
        newline = text.find("\n", position, end)
        if newline == -1:
            yield position, end
            return
        yield position, newline
        position = newline + 1


def split_paragraphs(
    raw: RawDocument,
    start: int,
    end: int,
    *,
    breaks: Iterable[int] = (),
    skip: Iterable[tuple[int, int]] = (),
    wrapped: bool | None = None,
) -> list[Paragraph]:
    """Paragraphs of raw.text[start:end].

    Each non-blank line is a paragraph; in `wrapped` text (PDF, or text converted from a PDF,
    see `is_wrapped`) lines are joined until a sentence end. `breaks`
    are extra paragraph starts (sub-topic headings inside a flattened one-line text) and
    `skip` are ranges (tables) that hold no prose.
    """
    text = raw.text
    pieces: list[tuple[int, int]] = []
    cut_points = sorted({b for b in breaks if start < b < end})
    for line_start, line_end in line_ranges(text, start, end):
        cursor = line_start
        for point in cut_points:
            if line_start < point < line_end:
                pieces.append((cursor, point))
                cursor = point
        pieces.append((cursor, line_end))
    pieces = _remove_ranges(pieces, sorted(skip))
    pieces = [(a, b) for a, b in pieces if text[a:b].strip(_WHITESPACE)]
    if wrapped is None:
        wrapped = raw.format == "pdf"
    if wrapped:
        pieces = _join_layout_lines(text, pieces, set(cut_points))
    paragraphs: list[Paragraph] = []
    for piece_start, piece_end in pieces:
        sentences = split_sentences(raw, piece_start, piece_end, across_lines=wrapped)
        if not sentences:
            continue
        span = raw.span(sentences[0].span.start, sentences[-1].span.end)
        paragraphs.append(Paragraph(span=span, sentences=sentences))
    return paragraphs


_LINE_END_CLOSED = re.compile(r"[。！？!?：:；;）)」”】\d]\s*$")


def is_wrapped(raw: RawDocument) -> bool:
    """Whether line breaks are layout rather than paragraph ends: always for PDF text, and
    for text or Markdown converted from a PDF, recognised by most longer lines ending in the
    middle of a sentence."""
    if raw.format == "pdf":
        return True
    if raw.format not in ("txt", "md"):
        return False
    long_lines = [line for line in raw.text.split("\n") if len(line.strip()) >= 15 and "\t" not in line]
    if len(long_lines) < 10:
        return False
    open_lines = sum(1 for line in long_lines if not _LINE_END_CLOSED.search(line))
    return open_lines > 0.5 * len(long_lines)


def _remove_ranges(pieces: list[tuple[int, int]], ranges: list[tuple[int, int]]) -> list[tuple[int, int]]:
    if not ranges:
        return pieces
    result: list[tuple[int, int]] = []
    for piece_start, piece_end in pieces:
        segments = [(piece_start, piece_end)]
        for skip_start, skip_end in ranges:
            if skip_end <= piece_start or skip_start >= piece_end:
                continue
            next_segments = []
            for a, b in segments:
                if skip_end <= a or skip_start >= b:
                    next_segments.append((a, b))
                    continue
                if a < skip_start:
                    next_segments.append((a, skip_start))
                if skip_end < b:
                    next_segments.append((skip_end, b))
            segments = next_segments
        result.extend(segments)
    return result


def _join_layout_lines(text: str, pieces: list[tuple[int, int]], hard_breaks: set[int]) -> list[tuple[int, int]]:
    """Join PDF text lines into paragraphs: a line continues the previous one unless the
    previous ended a sentence or was short, or this one starts with a heading/list marker."""
    joined: list[tuple[int, int]] = []
    # A line clearly shorter than the text width ends its paragraph (titles, last lines).
    widths = sorted(end - start for start, end in pieces)
    short = 0.7 * widths[len(widths) // 2] if widths else 0
    previous_width = 0
    for piece_start, piece_end in pieces:
        continues = previous_width >= short
        previous_width = piece_end - piece_start
        if (
            joined
            and continues
            and piece_start not in hard_breaks
            and not _PARAGRAPH_END.search(text, joined[-1][0], joined[-1][1])
            and not _PARAGRAPH_START.match(text, piece_start, piece_end)
        ):
            joined[-1] = (joined[-1][0], piece_end)
        else:
            joined.append((piece_start, piece_end))
    return joined
