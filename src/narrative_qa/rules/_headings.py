"""Judgements about top-level headings shared by several S rules.

Each structural problem must be reported by one rule only (a repeated heading is not also a
numbering restart; a heading out of order is not also a wrong ordinal), so the rules ask
these functions the same questions and skip what another rule owns.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from narrative_qa.document.model import SECTION_KEYS, SECTION_TITLES, Heading, Report
from narrative_qa.rules._similarity import normalize_title, tfidf_cosine_matrix

CHINESE_ORDINALS = {1: "一", 2: "二", 3: "三", 4: "四", 5: "五", 6: "六", 7: "七", 8: "八", 9: "九", 10: "十", 11: "十一", 12: "十二"}

# Eras whose reports follow the six-section format (60号 trial format and 30号 format).
SIX_SECTION_ERAS = ("2021format", "2019trial")

_PAGE_FOOTER = re.compile(r"^[ \t\u3000]*[-—–－]+[ \t\u3000]*\d{1,3}[ \t\u3000]*[-—–－]+[ \t\u3000]*$", re.MULTILINE)
_VISIBLE = re.compile(r"[0-9A-Za-z\u4e00-\u9fff]")
_CJK = re.compile(r"[\u4e00-\u9fff]")

# The five sub-topics of 一、总体情况 (30号), as a heading title would name them when written
# as a top-level section. Anchored on the whole title: "主动公开政府信息情况" (section 二's
# standard title) does not match.
SUBTOPIC_TITLES: dict[str, re.Pattern[str]] = {
    "主动公开": re.compile(r"^(?:政府信息)?主动公开(?:工作)?(?:方面|情况|方面情况)?$"),
    "依申请公开": re.compile(
        r"^(?:(?:政府信息)?依申请公开(?:政府信息)?|政府信息公开申请(?:办理)?)(?:工作)?(?:方面|情况|方面情况)?$"
    ),
    "政府信息管理": re.compile(r"^(?:政府|政务)信息管理(?:工作)?(?:方面|情况|方面情况)?$"),
    "政府信息公开平台建设": re.compile(r"^(?:(?:政府|政务)?信息公开|政务公开)?平台建设(?:工作)?(?:方面|情况|方面情况)?$"),
    "监督保障": re.compile(r"^(?:政府信息公开|政务公开)?(?:工作)?监督保障(?:工作)?(?:方面|情况|方面情况)?$"),
}


def standard_heading(key: str) -> str:
    return f"{CHINESE_ORDINALS[SECTION_KEYS.index(key) + 1]}、{SECTION_TITLES[key]}"


def duplicate_groups(headings: Sequence[Heading]) -> list[list[Heading]]:
    """Groups (in document order) of top-level headings whose titles are the same once
    spacing and punctuation are ignored; only groups with more than one member."""
    groups: dict[str, list[Heading]] = {}
    for heading in headings:
        title = normalize_title(heading.title)
        if title:
            groups.setdefault(title, []).append(heading)
    return [group for group in groups.values() if len(group) > 1]


def near_duplicate_pairs(
    headings: Sequence[Heading], threshold: float, sizes: Sequence[int] = (1, 2)
) -> list[tuple[Heading, Heading, float]]:
    """(earlier, later, similarity) for headings whose titles differ but are this similar.

    The IDF background includes the six standard titles, so words every section title
    shares (情况, 政府信息公开) count for little.
    """
    first_by_title: dict[str, Heading] = {}
    for heading in headings:
        title = normalize_title(heading.title)
        if title and title not in first_by_title:
            first_by_title[title] = heading
    titles = list(first_by_title)
    if len(titles) < 2:
        return []
    standard = [normalize_title(title) for title in SECTION_TITLES.values() if normalize_title(title) not in first_by_title]
    matrix = tfidf_cosine_matrix([*titles, *standard], sizes, rows=len(titles))  # the standard titles only weigh the IDF
    pairs = []
    for i in range(len(titles)):
        for j in range(i + 1, len(titles)):
            if matrix[i][j] >= threshold:
                pairs.append((first_by_title[titles[i]], first_by_title[titles[j]], matrix[i][j]))
    return pairs


def out_of_order(headings: Sequence[Heading]) -> list[tuple[Heading, Heading, str]]:
    """Headings standing out of the standard order: the complement of the longest run that
    is in order (the fewest moves). Each comes with a heading of that run and whether it
    belongs "before" or "after" it."""
    firsts: list[Heading] = []
    seen: set[str] = set()
    for heading in headings:
        if heading.key in SECTION_KEYS and heading.key not in seen:
            seen.add(heading.key)
            firsts.append(heading)
    ranks = [SECTION_KEYS.index(heading.key) for heading in firsts]
    if len(ranks) < 2:
        return []
    length = [1] * len(ranks)
    parent = [-1] * len(ranks)
    for i in range(len(ranks)):
        for j in range(i):
            if ranks[j] < ranks[i] and length[j] + 1 > length[i]:
                length[i], parent[i] = length[j] + 1, j
    best = max(range(len(ranks)), key=lambda index: (length[index], index))
    kept: set[int] = set()
    while best != -1:
        kept.add(best)
        best = parent[best]
    result = []
    for index, heading in enumerate(firsts):
        if index in kept:
            continue
        # an earlier kept heading that belongs after this one ...
        earlier = [k for k in sorted(kept) if k < index and ranks[k] > ranks[index]]
        if earlier:
            result.append((heading, firsts[earlier[0]], "before"))
            continue
        # ... or a later kept heading that belongs before it
        later = [k for k in sorted(kept) if k > index and ranks[k] < ranks[index]]
        result.append((heading, firsts[later[-1]] if later else heading, "after"))
    return result


def promoted_subtopics(report: Report) -> list[tuple[Heading, str]]:
    """Top-level headings that name a sub-topic of 总体情况 and stand before the sections
    with the tables (the place where 总体情况's sub-topics belong)."""
    found = []
    headings = report.headings
    boundary = _table_part_start(report)
    for heading in headings:
        if heading.span.start >= boundary:
            break
        title = normalize_title(heading.title)
        for topic, pattern in SUBTOPIC_TITLES.items():
            if pattern.match(title):
                found.append((heading, topic))
                break
    # A single "二、主动公开情况" directly followed by table 2 is section 二 with a short
    # title, not a promoted sub-topic; promoted ones come in runs or sit before a real 二.
    if len(found) == 1:
        heading = found[0][0]
        if heading.key in ("active_disclosure", "applications") and not _has_later_standard(report, heading):
            return []
    return found


def _table_part_start(report: Report) -> int:
    """Where the table sections begin: the earliest recovered table 2 or 3; without tables,
    the first heading of 二/三 that does not read like a sub-topic."""
    starts = [
        table.span.start
        for table in (report.tables.table2, report.tables.table3)
        if table is not None and table.span is not None
    ]
    if starts:
        return min(starts)
    for heading in report.headings:
        if heading.key in ("active_disclosure", "applications") and not _is_subtopic_title(heading):
            return heading.span.start
    return len(report.text)


def _has_later_standard(report: Report, heading: Heading) -> bool:
    return any(
        other.span.start > heading.span.start and other.key == heading.key and not _is_subtopic_title(other)
        for other in report.headings
    )


def _is_subtopic_title(heading: Heading) -> bool:
    title = normalize_title(heading.title)
    return any(pattern.match(title) for pattern in SUBTOPIC_TITLES.values())


def has_visible_text(text: str) -> bool:
    """Whether a section body has any content: a letter, digit or Chinese character
    (page footers such as "- 3 -" do not count)."""
    return bool(_VISIBLE.search(_PAGE_FOOTER.sub("", text)))


def is_titled(title: str) -> bool:
    """A sub-topic title worth comparing: at least two Chinese characters, not running
    text that starts with a year or number ("（一）2023年共收到…")."""
    normalized = normalize_title(title)
    return len(_CJK.findall(normalized)) >= 2 and not normalized[:1].isdigit()
