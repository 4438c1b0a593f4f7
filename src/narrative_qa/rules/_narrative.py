"""The narrative of a report as the consistency rules read it: text without layout noise,
cut into clauses, each clause mapped back to its place in the original file.

Why not `Section.sentences`? Counts must be read across PDF line breaks ("受理政府\\n信息公开申请
17 件") and across spaces put between digits and units ("17 件"), and table text must be kept
out (a flattened table reads "本年新收政府信息公开申请数量5100000"). So the rules work on a
compact copy of each narrative section: whitespace and page footers ("- 2 -") dropped, table
spans blanked, with an offset map back to the raw text for exact finding positions.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

from narrative_qa.document.model import Report, Span

_WHITESPACE = " \t\r\n\u3000\u00a0\u2002\u2003\u200b\ufeff"
_WHITESPACE_RUN = re.compile(f"[{_WHITESPACE}]+")
_PAGE_FOOTER = re.compile(r"^[ \t\u3000]*[-—–－]+[ \t\u3000]*\d{1,3}[ \t\u3000]*[-—–－]+[ \t\u3000]*$", re.MULTILINE)
# Clause boundaries: a count and what it counts are stated within one of these pieces.
_CLAUSE_END = re.compile(r"[，；;。！!？?\n]|,(?![0-9]{3})|(?<![0-9])[:：](?![0-9])")
_SENTENCE_END = re.compile(r"[；;。！!？?\n]")
# A separator that no pattern matches across (used where tables were blanked out).
BREAK = "\n"


@dataclass(frozen=True, slots=True)
class NarrativeSentence:
    """One sentence of compact narrative text, with its clauses and raw positions."""

    text: str
    section: str  # the section key the sentence lies in
    offsets: tuple[int, ...]  # raw offset of every character of `text`
    clauses: tuple[tuple[int, int], ...]  # [start, end) of each clause within `text`

    def raw_span(self, report: Report, start: int = 0, end: int | None = None) -> Span:
        """The span in the raw text covering sentence characters [start, end)."""
        end = len(self.text) if end is None else end
        end = min(max(end, start + 1), len(self.offsets))
        raw_start = self.offsets[start]
        raw_end = self.offsets[end - 1] + 1
        return report.raw.span(raw_start, raw_end)


@dataclass(slots=True)
class CompactText:
    text: str
    offsets: list[int]  # raw offset of every character of `text`


def compact(raw: str, start: int, end: int, blanks: list[tuple[int, int]] = ()) -> CompactText:
    """raw[start:end] without whitespace, page footers or the `blanks` ranges (tables).

    Whitespace between two ASCII digits is kept as one space, so "7 0" stays two numbers.
    A blanked range or page footer becomes a line break, so no clause spans it.
    """
    removed = [(match.start(), match.end()) for match in _PAGE_FOOTER.finditer(raw, start, end)]
    removed.extend((max(a, start), min(b, end)) for a, b in blanks if a < end and b > start)
    removed.sort()
    chars: list[str] = []
    offsets: list[int] = []
    position = start
    for cut_start, cut_end in [*removed, (end, end)]:
        if cut_start > position:
            _append_compact(raw, position, cut_start, chars, offsets)
        if cut_end > cut_start and cut_start < end:
            chars.append(BREAK)
            offsets.append(cut_start)
        position = max(position, cut_end)
    return CompactText("".join(chars), offsets)


def _append_compact(raw: str, start: int, end: int, chars: list[str], offsets: list[int]) -> None:
    # Text between whitespace runs is copied a stretch at a time (a per-character loop was
    # the costliest step of the C rules); each maximal run of whitespace becomes one space
    # between two ASCII digits, a sentence-ending line break, or nothing.
    position = start
    for run in _WHITESPACE_RUN.finditer(raw, start, end):
        index, run_end = run.span()
        if index > position:
            chars.extend(raw[position:index])
            offsets.extend(range(position, index))
        if chars and chars[-1].isascii() and chars[-1].isdigit() and run_end < end and raw[run_end].isascii() and raw[run_end].isdigit():
            chars.append(" ")
            offsets.append(index)
        elif "\n" in run.group() and _line_break_ends_sentence(chars):
            chars.append(BREAK)
            offsets.append(index)
        position = run_end
    if end > position:
        chars.extend(raw[position:end])
        offsets.extend(range(position, end))


def _line_break_ends_sentence(chars: list[str]) -> bool:
    """A line break is kept only after a line that ended a sentence or a heading-like
    stub; inside a wrapped PDF sentence it is dropped so the sentence reads as one."""
    if not chars:
        return False
    return chars[-1] in "。；;！!？?：:"


def narrative_sentences(report: Report, sections: tuple[str, ...] | None = None) -> Iterator[NarrativeSentence]:
    """Every sentence of the report's narrative (tables blanked), in document order."""
    blanks = table_spans(report)
    raw = report.text
    for section in report.sections:
        if sections is not None and section.key not in sections:
            continue
        body = section.body
        text = compact(raw, body.start, body.end, blanks)
        yield from _sentences(text, section.key)


def _sentences(text: CompactText, section_key: str) -> Iterator[NarrativeSentence]:
    sentence_start = 0
    for sentence_match in [*_SENTENCE_END.finditer(text.text), None]:
        sentence_end = sentence_match.start() if sentence_match else len(text.text)
        if sentence_end > sentence_start:
            sentence = text.text[sentence_start:sentence_end]
            clauses = []
            clause_start = 0
            for clause_match in [*_CLAUSE_END.finditer(sentence), None]:
                clause_end = clause_match.start() if clause_match else len(sentence)
                if clause_end > clause_start:
                    clauses.append((clause_start, clause_end))
                clause_start = clause_end + 1
            yield NarrativeSentence(
                text=sentence,
                section=section_key,
                offsets=tuple(text.offsets[sentence_start:sentence_end]),
                clauses=tuple(clauses),
            )
        sentence_start = sentence_end + 1


def table_spans(report: Report) -> list[tuple[int, int]]:
    spans = []
    for table in (report.tables.table2, report.tables.table3, report.tables.table4):
        if table is not None and table.span is not None:
            spans.append((table.span.start, table.span.end))
    return spans
