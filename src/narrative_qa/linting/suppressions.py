"""Suppression comments inside .txt and .md drafts.

    <!-- nqa-disable-next-line duplicate-heading, T001 -->   the next non-blank line
    <!-- nqa-disable-next-line -->                          every rule, next non-blank line
    <!-- nqa-disable text-table-mismatch -->  …  <!-- nqa-enable text-table-mismatch -->
    <!-- nqa-disable-file S -->                             the whole file

Selectors are the same as for --select (code, name, family letter or name), separated by
commas or spaces. A finding is
suppressed when the line it starts on is covered. A `nqa-disable` without a matching
`nqa-enable` runs to the end of the file. A comment that suppressed nothing yields X001
unused-suppression, but only when at least one rule it names actually ran on the file
(otherwise "nothing suppressed" would only mean "rule not selected"). The comments are left in
the text: the parser sees them as ordinary lines, which are neither headings nor numbers.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field

from narrative_qa.linting.selection import match_selector
from narrative_qa.rules.registry import Context, Finding, Rule

SUPPRESSIBLE_FORMATS = ("txt", "md")
_COMMENT = re.compile(r"<!--\s*nqa-(disable-next-line|disable-file|disable|enable)\b([^>]*?)-->")
_END = 10**9  # "to the end of the file" as a line number


@dataclass(slots=True)
class Comment:
    kind: str  # "disable-next-line" | "disable-file" | "disable" | "enable"
    selectors: list[str]
    codes: set[str] | None  # None: every rule
    unknown: list[str]
    start: int  # character offsets of the comment
    end: int
    line: int
    used: bool = False


@dataclass(slots=True)
class Cover:
    """Lines first..last (inclusive) where `codes` (None: all) are suppressed by `comment`."""

    comment: Comment
    codes: set[str] | None
    first: int
    last: int = _END

    def covers(self, finding: Finding) -> bool:
        return self.first <= finding.line <= self.last and (self.codes is None or finding.code in self.codes)


@dataclass(slots=True)
class Suppressions:
    comments: list[Comment] = field(default_factory=list)
    covers: list[Cover] = field(default_factory=list)


def find_suppressions(text: str, line_of) -> Suppressions:
    """Parse every suppression comment of `text`; `line_of(offset)` gives the 1-based line."""
    found = Suppressions()
    lines = text.split("\n")
    comment_lines: set[int] = set()
    comments: list[Comment] = []
    for match in _COMMENT.finditer(text):
        # Commas (either width) or spaces separate selectors: "S001, T002" = "S001 T002".
        selectors = [item for item in re.split(r"[,，\s]+", match.group(2)) if item]
        codes: set[str] | None = None
        unknown: list[str] = []
        if selectors:
            codes = set()
            for selector in selectors:
                matched = match_selector(selector)
                if matched is None:
                    unknown.append(selector)
                else:
                    codes |= matched
        line = line_of(match.start())
        comments.append(Comment(match.group(1), selectors, codes, unknown, match.start(), match.end(), line))
        comment_lines.add(line)
    found.comments = comments

    open_ranges: list[Cover] = []
    for comment in comments:
        if comment.kind == "disable-file":
            found.covers.append(Cover(comment, comment.codes, 1, _END))
        elif comment.kind == "disable-next-line":
            target = _next_content_line(lines, comment.line, comment_lines)
            if target is not None:
                found.covers.append(Cover(comment, comment.codes, target, target))
        elif comment.kind == "disable":
            cover = Cover(comment, comment.codes, comment.line)
            open_ranges.append(cover)
            found.covers.append(cover)
        else:  # enable: closes the open ranges it names (all of them when it names none)
            for cover in list(open_ranges):
                if comment.codes is None or cover.codes is None or cover.codes & comment.codes:
                    cover.last = comment.line
                    open_ranges.remove(cover)
    return found


def _next_content_line(lines: list[str], line: int, comment_lines: set[int]) -> int | None:
    # Drafts often leave a blank line after the comment; it targets the next line with text.
    for number in range(line + 1, len(lines) + 1):
        if lines[number - 1].strip() and number not in comment_lines:
            return number
    return None


def apply_suppressions(
    context: Context,
    findings: Iterable[Finding],
    ran: set[str],
    unused_rule: Rule | None,
) -> list[Finding]:
    """Drop suppressed findings; add X001 for comments that suppressed nothing.

    `ran` holds the codes of the rules that ran on this report; `unused_rule` is X001 when it
    is enabled (None otherwise).
    """
    raw = context.report.raw
    findings = list(findings)
    if raw.format not in SUPPRESSIBLE_FORMATS or "nqa-" not in raw.text:
        return findings
    suppressions = find_suppressions(raw.text, lambda offset: raw.position(offset)[0])
    kept: list[Finding] = []
    for finding in findings:
        cover = next((c for c in suppressions.covers if not finding.code.startswith("X") and c.covers(finding)), None)
        if cover is None:
            kept.append(finding)
        else:
            cover.comment.used = True
    if unused_rule is None:
        return kept
    for comment in suppressions.comments:
        if comment.kind == "enable":
            continue
        span = raw.span(comment.start, comment.end)
        section = _section_at(context, comment.start)
        if comment.unknown:
            message = f"抑制注释中的规则“{'、'.join(comment.unknown)}”不存在，这条注释不起作用"
        elif comment.used or (comment.codes is not None and not comment.codes & ran):
            continue
        else:
            named = "、".join(comment.selectors) if comment.selectors else "所有规则"
            message = f"抑制注释（{named}）没有抑制任何问题，可以删除"
        kept.append(
            unused_rule.finding(
                context,
                span,
                message,
                section=section,
                evidence={"comment": raw.text[comment.start : comment.end], "kind": comment.kind},
                suggestion="删除这条抑制注释，或改正其中的规则代码、把它移到出问题的行之前",
            )
        )
    return kept


def _section_at(context: Context, offset: int) -> str | None:
    for section in context.report.sections:
        if section.span.start <= offset < section.span.end:
            return section.key
    return None
