"""Assemble sections from the headings: preamble, one section per heading occurrence, each
with its sub-topics, paragraphs and sentences.

Table text is kept out of paragraphs (tab-separated rows and the spans the table reader
recovered), so narrative rules read prose, not "规章 0 0 0".
"""

from __future__ import annotations

import re

from narrative_qa.document.headings import find_headings
from narrative_qa.document.model import Heading, RawDocument, Section, Subtopic, Tables
from narrative_qa.document.sentences import is_wrapped, split_paragraphs
from narrative_qa.document.subtopics import find_subtopics

_TAB_ROW = re.compile(r"^[^\n]*\t[^\n]*\t[^\n]*$", re.MULTILINE)


def table_ranges(raw: RawDocument, tables: Tables) -> list[tuple[int, int]]:
    """Ranges holding table text: recovered table spans plus tab-separated rows."""
    ranges = [
        (table.span.start, table.span.end)
        for table in (tables.table2, tables.table3, tables.table4)
        if table is not None and table.span is not None
    ]
    ranges.extend((match.start(), match.end()) for match in _TAB_ROW.finditer(raw.text))
    return sorted(ranges)


def build_sections(
    raw: RawDocument,
    body_start: int,
    body_end: int,
    tables: Tables,
) -> tuple[list[Heading], list[Section], list[str]]:
    """(headings, sections, warnings) of raw.text[body_start:body_end]."""
    headings, warnings = find_headings(raw, body_start, body_end)
    skip = table_ranges(raw, tables)
    wrapped = is_wrapped(raw)
    sections: list[Section] = []
    first = headings[0].span.start if headings else body_end
    preamble_start = _skip_blank(raw.text, body_start, first)
    if preamble_start < first:
        sections.append(_section(raw, "preamble", None, preamble_start, preamble_start, first, skip, wrapped))
    for index, heading in enumerate(headings):
        end = headings[index + 1].span.start if index + 1 < len(headings) else body_end
        sections.append(_section(raw, heading.key or "unknown", heading, heading.span.start, heading.span.end, end, skip, wrapped))
    if not headings:
        warnings.append("未识别到任何一级标题（一、总体情况 等），全文按前言处理")
    return headings, sections, warnings


_BLANK = " \t\r\n\u3000\u00a0"


def _skip_blank(text: str, start: int, end: int) -> int:
    while start < end and text[start] in _BLANK:
        start += 1
    return start


def _trim_end(text: str, start: int, end: int) -> int:
    """`end` moved back over trailing whitespace (walks only the whitespace, not the text)."""
    while end > start and text[end - 1] in _BLANK:
        end -= 1
    return end


def _section(
    raw: RawDocument,
    key: str,
    heading: Heading | None,
    start: int,
    body_start: int,
    end: int,
    skip: list[tuple[int, int]],
    wrapped: bool,
) -> Section:
    # Trailing blank lines belong to no one: end the spans at the last visible character.
    text = raw.text
    visible_end = _trim_end(text, body_start, end)
    subtopic_headings = find_subtopics(raw, body_start, visible_end, skip) if key != "preamble" else []
    breaks = [sub.span.start for sub in subtopic_headings]
    paragraphs = split_paragraphs(raw, body_start, visible_end, breaks=breaks, skip=skip, wrapped=wrapped)
    subtopics: list[Subtopic] = []
    for index, sub in enumerate(subtopic_headings):
        sub_end = subtopic_headings[index + 1].span.start if index + 1 < len(subtopic_headings) else visible_end
        sub_end = _trim_end(text, sub.span.end, sub_end)
        subtopics.append(
            Subtopic(
                heading=sub,
                span=raw.span(sub.span.start, max(sub_end, sub.span.end)),
                paragraphs=[p for p in paragraphs if sub.span.start <= p.span.start < sub_end],
            )
        )
    return Section(
        key=key,
        heading=heading,
        span=raw.span(start, visible_end),
        body=raw.span(body_start, visible_end),
        paragraphs=paragraphs,
        subtopics=subtopics,
    )

