"""Sub-topic headings inside a section: （一）… / (一)…, 1. / 1、…, 一是….

A section uses one of these as its outer level and the others inside; the kind whose first
occurrence comes first is taken as the section's sub-topics, so their spans never overlap
(the inner levels stay part of the text). Markers count only where a heading can stand: at a
line start or right after a sentence end — never after a digit or inside a table row, which
keeps table 3's "（一）予以公开" and "2.重复申请" out.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from narrative_qa.document.headings import CJK_NUMERALS
from narrative_qa.document.model import Heading, RawDocument
from narrative_qa.document.sentences import line_bounds

_AFTER = set("。；！？!?;：:")
_BLANK = " \t\u3000\u00a0#*"

# The three marker kinds, in the order they are tried at one place. Each pattern starts
# with a character class, which lets the regex engine skip ahead to the next place one could
# start; an alternation of them would make it try every offset. `_markers` merges them into
# what the alternation's finditer gives. The "not preceded by a digit / numeral" conditions
# are checked in Python, only at the few places that match.
_MARKERS = (
    ("paren", re.compile(r"[（(][ \t]*(?P<paren_ordinal>[一二三四五六七八九十]{1,3})[ \t]*[）)][ \t\u3000]*")),
    ("arabic", re.compile(r"(?P<arabic_ordinal>\d\d?)[ \t]*[.．、](?!\d)[ \t\u3000]*")),
    ("shi", re.compile(r"(?P<shi_ordinal>[一二三四五六七八九十][一二三四五六七八九十]{0,2})是")),
)


def _markers(text: str, start: int, end: int) -> Iterator[tuple[str, re.Match[str]]]:
    """(kind, match) of every marker in text[start:end], exactly as
    `re.finditer("(paren)|(arabic)|(shi)", text, start, end)` finds them: the leftmost
    place where any kind matches, the first kind in order there, then on after its end.
    Each kind's next match is kept until the scan passes its start (it stays that kind's
    leftmost match from any position up to there)."""
    upcoming: list[re.Match[str] | None] = [None] * len(_MARKERS)
    done = [False] * len(_MARKERS)
    position = start
    while True:
        best = -1
        best_start = end + 1
        for index, (_, pattern) in enumerate(_MARKERS):
            if done[index]:
                continue
            match = upcoming[index]
            if match is None or match.start() < position:
                match = upcoming[index] = pattern.search(text, position, end)
                if match is None:
                    done[index] = True
                    continue
            if match.start() < best_start:
                best, best_start = index, match.start()
        if best < 0:
            return
        match = upcoming[best]
        assert match is not None
        yield _MARKERS[best][0], match
        position = match.end()


_NOT_BEFORE = {"arabic": set("0123456789.．"), "shi": set("一二三四五六七八九十")}

# Titles that are table-3 row labels, not sub-topics.
_TABLE_ROW = re.compile(r"予以公开|部分公开|不予公开|无法提供|不予处理|其他处理|总计|属于|本机关不掌握|信访举报|重复申请")
_TITLE_END = re.compile(r"[。；：:！？!?;\n]")
_TITLE_END_PDF = re.compile(r"[。；：:！？!?;]")
_TITLE_WORD_END = re.compile(r"情况|方面|建设|保障|措施|举措|问题|数量|类别|形式|方式|渠道")
_TITLE_NUMBER = re.compile(r"\d")


_BODY_TEXT = re.compile(r"[^ \t\u3000\u00a0*#。：:]")


def _previous_visible(text: str, position: int, floor: int) -> str | None:
    """The last non-blank character before `position` (not before `floor`), or None. Walks
    back over blanks only, so the cost does not grow with the line."""
    index = position - 1
    while index >= floor and text[index] in _BLANK:
        index -= 1
    return text[index] if index >= floor else None


def _after_tables(skip: list[tuple[int, int]], position: int) -> int:
    """End of the last table range before `position` (0 if none): text right after a table
    starts afresh, even when the table's last cell is a digit."""
    return max((skip_end for _, skip_end in skip if skip_end <= position), default=0)


def _number(ordinal: str) -> int:
    if ordinal.isdigit():
        return int(ordinal)
    if len(ordinal) == 1:
        return CJK_NUMERALS.get(ordinal, 0)
    if ordinal[0] == "十":
        return 10 + CJK_NUMERALS.get(ordinal[1], 0)
    return CJK_NUMERALS.get(ordinal[0], 0) * 10 + (CJK_NUMERALS.get(ordinal[2], 0) if len(ordinal) > 2 else 0)


def find_subtopics(
    raw: RawDocument, start: int, end: int, skip: list[tuple[int, int]]
) -> list[Heading]:
    """Outer-level sub-topic headings in raw.text[start:end], outside the `skip` ranges."""
    text = raw.text
    found: dict[str, list[Heading]] = {}
    for kind, match in _markers(text, start, end):
        headings = found.setdefault(kind, [])
        marker = match.start()
        if marker > 0 and text[marker - 1] in _NOT_BEFORE.get(kind, ()):
            continue
        if any(skip_start <= marker < skip_end for skip_start, skip_end in skip):
            continue
        line_start, full_line_end = line_bounds(raw, marker)
        line_end = min(full_line_end, end)
        previous = _previous_visible(text, marker, max(line_start, start, _after_tables(skip, marker)))
        if previous is not None and previous not in _AFTER:
            continue  # inside a sentence or right after a table cell
        if previous is None and marker - line_start <= 12 and text.count("\t", line_start, line_end) >= 2:
            continue  # a tab-separated table row (only a line-start marker can begin one)
        title_start = match.end()
        if raw.format == "pdf":
            # PDF line ends are layout: a title may wrap onto the next line
            line_end = min(end, title_start + 40)
            stop = _TITLE_END_PDF.search(text, title_start, line_end)
        else:
            stop = _TITLE_END.search(text, title_start, min(line_end, title_start + 40))
        title_end = stop.start() if stop else min(line_end, title_start + 30)
        if title_end - title_start > 12 and full_line_end - title_start > 120:
            # Flattened text runs the title into the body ("（一）主动公开情况全年公开…",
            # "…的数量2023年制作…"): end it after the first word that closes a title, or
            # before a number, when there is one.
            ending = _TITLE_WORD_END.search(text, title_start + 2, title_start + 20)
            number = _TITLE_NUMBER.search(text, title_start + 2, title_end)
            if ending and (number is None or ending.end() <= number.start()):
                title_end = ending.end()
            elif number:
                title_end = number.start()
        if kind == "shi":
            title_start = match.start()
        title = text[title_start:title_end].replace("\n", "").strip(" \t\u3000\u00a0*#")
        if not title or _TABLE_ROW.match(title):
            continue
        headings.append(
            Heading(
                key=None,
                ordinal=_number(match.group(f"{kind}_ordinal")),
                title=title,
                span=raw.span(marker, title_end),
                level="subtopic",
                inline=_BODY_TEXT.search(text, title_end, line_end) is not None,
                confidence=1.0 if stop or title_end == line_end else 0.6,
            )
        )
    found = {kind: headings for kind, headings in found.items() if headings}
    if not found:
        return []
    return min(found.values(), key=lambda headings: headings[0].span.start)
