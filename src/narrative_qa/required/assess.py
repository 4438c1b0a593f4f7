"""Which required statements a report lacks, where each belongs, and the text to add.

One function, `assess`, serves the lint rule and `nqa suggest` alike, so both say the same
thing about the same report.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from narrative_qa.document.model import SECTION_KEYS, SECTION_TITLES, Report, Span
from narrative_qa.errors import UsageError
from narrative_qa.required.fields import Table3Figures, applications_sentence, fill, has_placeholder
from narrative_qa.required.presence import DEFAULT_SIMILARITY, Detection, Unit, detector_for
from narrative_qa.required.rulebook import Entry, Rulebook, load_rulebook
from narrative_qa.rules.registry import Severity

_ORDINALS = "一二三四五六"


@dataclass(frozen=True, slots=True)
class Revision:
    """A statement that is present but disagrees with (or lacks) the figures of the tables."""

    reason: str  # Chinese, for the user
    start: int  # the text to revise (report offsets)
    end: int
    replacement: str


@dataclass(frozen=True, slots=True)
class Assessment:
    entry: Entry
    detection: Detection
    severity: Severity
    report: Report = field(repr=False, compare=False)  # what `suggestion` is filled from
    revision: Revision | None = None

    @property
    def suggestion(self) -> str:
        """The entry's suggestion filled from the report; may hold 【请填写：…】 placeholders.
        Filled on demand: only missing statements' suggestions are ever shown, and filling
        some fields (the fee sentence) scans the whole report."""
        return fill(self.entry.suggestion, self.report)

    @property
    def missing(self) -> bool:
        return not self.detection.present

    @property
    def has_placeholder(self) -> bool:
        return has_placeholder(self.suggestion)


def section_heading_text(key: str) -> str:
    if key not in SECTION_KEYS:
        return ""
    return f"{_ORDINALS[SECTION_KEYS.index(key)]}、{SECTION_TITLES[key]}"


def rulebook_from_options(options: dict, *, base_dir=None) -> Rulebook:
    disable = options.get("disable") or []
    if not isinstance(disable, (list, tuple)) or not all(isinstance(item, str) for item in disable):
        raise UsageError("missing-required-statement 的 disable 应为条目 id 的列表")
    return load_rulebook(options.get("extra-rulebook") or None, list(disable), base_dir=base_dir)


def assess(
    report: Report,
    rulebook: Rulebook,
    *,
    similarity: float = DEFAULT_SIMILARITY,
    level: str | None = None,
) -> list[Assessment]:
    """Every rulebook entry that applies to the report (by level and era), in rulebook order."""
    level = level or report.level
    detector = detector_for(rulebook, similarity)
    results: list[Assessment] = []
    for entry in rulebook:
        if not entry.applies_to(level, report.era):
            continue
        units = detector.units(report, entry)
        detection = detector.detect(report, entry, units)
        revision = None
        if detection.present and entry.revise == "applications":
            revision = _revise_applications(report, entry, units)
        results.append(
            Assessment(
                entry=entry,
                detection=detection,
                severity=entry.severity_for(level),
                report=report,
                revision=revision,
            )
        )
    return results


# What a text says about the applications it received.
_NONE_RECEIVED = re.compile(
    r"(未|没有|无)(收到|受理|接到|接收)(?:(?!复议|诉讼|补正)[^。；]){0,15}申请(?!人)"  # not 复议申请, 申请人的补正
    r"|申请[^。；\d]{0,6}(为零|(?<![\d.])0件)|(收到|受理)[^。；\d]{0,10}((?<![\d.])0|零)件"
)
_COUNT = re.compile(r"(?<![\d.])(\d+)\s*(?:件|个|宗|份|条)")


def _revise_applications(report: Report, entry: Entry, units: list[Unit]) -> Revision | None:
    """The 依申请公开 sub-topic against table 3: a claim of none received while the table
    counts some, or no count at all where the table has one, gets the sentence built from table 3."""
    figures = Table3Figures.of(report)
    if figures is None or not figures.received:
        return None
    about = [unit for unit in units if "申请" in unit.text]
    if not about:
        return None
    last = about[-1]
    replacement = applications_sentence(report)
    for unit in about:
        if _NONE_RECEIVED.search(unit.text):
            return Revision(
                f"表三本年新收政府信息公开申请{_plain(figures.received)}件，此处却称未收到申请",
                unit.start + _lead_in(unit.text),
                unit.end,
                replacement,
            )
    expected = {figures.received, figures.total}
    if figures.carried_in is not None and figures.received is not None:
        expected.add(figures.received + figures.carried_in)
    stated = {int(match.group(1)) for unit in about for match in _COUNT.finditer(unit.text)}
    if not stated & {value for value in expected if value is not None}:
        # nothing here is wrong, only incomplete: the sentence is added after it, not replacing it
        return Revision(
            f"此处未写明表三中的申请件数（本年新收{_plain(figures.received)}件），建议补充",
            last.end,
            last.end,
            replacement,
        )
    return None


# A sub-topic's lead-in that a revision keeps: "（二）依申请公开：", "2.依申请公开方面。"
_LEAD_IN = re.compile(
    r"^\s*(?:[（(][一二三四五六七八九十\d]{1,3}[）)]|[一二三四五六七八九十\d]{1,2}[、.．])?\s*[^，。：:；]{0,16}?(?:[：:]|方面[，。：:]?)\s*"
)


def _lead_in(text: str) -> int:
    match = _LEAD_IN.match(text)
    return match.end() if match and "申请" in match.group() else 0


def _plain(number) -> str:
    return str(int(number)) if float(number).is_integer() else str(number)


def anchor_span(report: Report, section_key: str) -> Span:
    """Where a finding about `section_key` is shown: its heading (first occurrence); for the
    preamble, the first line of the report body; for a missing section, the heading of the
    next section that is there, or the end of the document."""
    raw = report.raw
    if section_key == "preamble":
        preamble = report.section("preamble")
        if preamble is not None and preamble.body.end > preamble.body.start:
            start = preamble.body.start
            while start < preamble.body.end and raw.text[start] in " \t\r\n\u3000":
                start += 1
            line_end = raw.text.find("\n", start, preamble.body.end)
            end = line_end if line_end != -1 else preamble.body.end
            return raw.span(start, min(end, start + 200))
        section_key = SECTION_KEYS[0]
    section = report.section(section_key)
    if section is not None and section.heading is not None:
        return section.heading.span
    if section is not None:
        return section.span
    following = SECTION_KEYS[SECTION_KEYS.index(section_key) + 1 :] if section_key in SECTION_KEYS else ()
    for key in following:
        found = report.section(key)
        if found is not None and found.heading is not None:
            return found.heading.span
    end = len(raw.text)
    return raw.span(end, end)
