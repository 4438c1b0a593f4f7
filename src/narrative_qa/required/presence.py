"""Is a required statement present in a report? Phrases, patterns, exemplar similarity, figures.

Detection works on *units* of prose cut from each section body by this module rather than on
the parser's sentences, for two reasons: a unit must also end at sub-topic markers（（一）, 一是）
so that `^`-anchored patterns see a sub-topic start, and similarity is computed on clause
windows too (a long run-on sentence would otherwise dilute a matching clause). Table text is
left out (tables' own labels mention 收费 and 申请, which are not statements).
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Iterator
from dataclasses import dataclass
from functools import lru_cache

from narrative_qa.document.model import SECTION_KEYS, SECTION_TITLES, Report, Section
from narrative_qa.required.rulebook import Entry, Rulebook, fill_years
from narrative_qa.required.similarity import BigramTfidf, Vector, cosine
from narrative_qa.rules._memo import report_memo

DEFAULT_SIMILARITY = 0.5
_TABLE_SECTIONS = ("active_disclosure", "applications", "review_litigation")

# Unit boundaries: sentence ends, blank lines, and the start of a list or sub-topic marker.
# A single line break is not a boundary: PDF text and PDF-converted Markdown break lines
# inside sentences, and a heading line joined to its first sentence does no harm.
_UNIT_END = re.compile(r"[。！？；!?;]+|\n[ \t\u3000]*\n\s*")
# Matching ignores whitespace: "2024 年 1 月 1 日", "一、总 体 情 况", words broken across lines.
_WHITESPACE = re.compile(r"[\s\u3000\u00a0]+")
_MARKER = re.compile(
    r"(?=[（(][一二三四五六七八九十]{1,3}[）)])|(?<=[。；：:，,\s])(?=[一二三四五六七八九十]是)|(?<=[。；\s])(?=\d{1,2}[.．、](?!\d))"
)
# Where a _MARKER match can be (its lookahead starts with a bracket, a numeral before 是, or
# a digit): the marker is tried only there, not at every offset (see `_split_markers`).
_MARKER_PLACE = re.compile(r"[（(\d]|[一二三四五六七八九十](?=是)")
_CLAUSE_END = re.compile(r"[，,：:、]")
# Text of the statistics tables, recognisable by the form's own labels.
_TABLE_TEXT = re.compile(
    r"勾稽关系|钩稽关系|本年新收政府信息公开申请数量|上年结转政府信息公开申请数量|逾期未按收费通知|"
    r"本年制发件数|本年处理决定数量|本年收费金额|结果维持|第二十条第"
)
# An outline sentence names the parts of the report or of 总体情况 (本报告由总体情况、主动公开
# 政府信息情况…组成; 统筹推进主动公开、依申请公开、平台建设和监督保障): listing a topic is
# not a statement about it, so the names are blanked out of such a unit (unless it carries
# figures); the rest of it (the statistics period often shares the sentence) still counts.
_OUTLINE_NAMES = (
    "总体情况", "主动公开政府信息情况", "收到和处理政府信息公开申请", "行政复议", "存在的主要问题", "其他需要报告",
    "信息处理费收取情况",
)
_TOPIC_NAMES = ("主动公开", "依申请公开", "信息管理", "平台", "监督保障")
_OUTLINE_STRIP = re.compile("|".join(sorted((*_OUTLINE_NAMES, *_TOPIC_NAMES), key=len, reverse=True)))
# A unit that opens a sub-topic: （二）… 2.… 二是…; its heading is the best evidence of presence.
_SUBTOPIC_START = re.compile(r"^(?:[（(][一二三四五六七八九十]{1,3}[）)]|[一二三四五六七八九十]是|\d{1,2}[.．、])")

# A counted quantity: 12条, 3.5万次, 40余篇 (years and dates are not quantities). A 【请填写：…】
# placeholder before a counter counts too: it is reported by placeholder-statement instead.
_COUNTER = r"(?:余|多)?\s*(?:万|亿)?\s*(?:人次|场次|条|篇|件|次|期|个|场|项|家|份|批|名|人|部|户|套|万元|元|%|％)"
_QUANTITY = re.compile(r"(?:(?<![\d.])\d+(?:\.\d+)?|【请填写：[^】]*】)\s*" + _COUNTER)


@dataclass(frozen=True, slots=True)
class Unit:
    """A stretch of prose: `text == report.text[start:end]`, in a section with key `section`."""

    text: str
    start: int
    end: int
    section: str

    @property
    def compact(self) -> str:
        """The text without whitespace: what phrases, patterns and similarity look at."""
        return _WHITESPACE.sub("", self.text)


@dataclass(frozen=True, slots=True)
class Detection:
    entry_id: str
    present: bool
    method: str | None  # "phrase", "pattern", "similarity", "figures"; None when absent
    best_similarity: float
    start: int | None = None  # where the matching text is (report offsets)
    end: int | None = None
    section: str | None = None  # the section key of the matching text
    figures: int | None = None  # for min_figures entries: how many quantities were counted

    def evidence_text(self, report: Report) -> str:
        if self.start is None or self.end is None:
            return ""
        return report.text[self.start : self.end]


def _opening_rank(compact: str) -> int:
    """0 for a sub-topic heading （二）…, 1 for a list item 二是… / 2.…, 2 for running text."""
    match = _SUBTOPIC_START.match(compact)
    if match is None:
        return 2
    return 0 if match.group().startswith(("（", "(")) else 1


def is_outline(compact: str) -> bool:
    if sum(name in compact for name in _OUTLINE_NAMES) >= 3:
        return True
    return sum(name in compact for name in _TOPIC_NAMES) >= 3 and not _QUANTITY.search(compact)


def _table_ranges(report: Report) -> list[tuple[int, int]]:
    ranges = []
    for table in (report.tables.table2, report.tables.table3, report.tables.table4):
        if table is not None and table.span is not None:
            ranges.append((table.span.start, table.span.end))
    return ranges


def _telling_heading(section: Section) -> bool:
    """A heading that is itself part of a statement: an unrecognised one, or a renamed 六
    (五、信息处理费收取情况 followed by a bare table of zeros). Standard titles are left out —
    存在的主要问题及改进情况 would otherwise "state" the problems all by itself."""
    heading = section.heading
    if heading is None:
        return False
    if section.key == "unknown":
        return True
    return section.key == "other" and _WHITESPACE.sub("", heading.title) != SECTION_TITLES["other"]


class _ReportMemo:
    """What detection derives from one report, computed once per report: every entry whose
    scope takes in a section (most take in 五 and the unrecognised sections) reads the same
    units, their compact texts, and the vectors of the same clause windows."""

    __slots__ = ("units", "scoped", "candidates", "ranked", "windows")

    def __init__(self) -> None:
        self.units: dict[int, list[Unit]] = {}  # by id(section)
        self.scoped: dict[tuple[str, str], list[Unit]] = {}  # (scope, section) -> units in scope
        self.candidates: dict[str, tuple[str, int]] = {}  # unit text -> (compact text, rank)
        self.ranked: dict[tuple[int, ...], _Ranked] = {}  # ids of the units -> candidates
        self.windows: dict[tuple[BigramTfidf, str], Vector] = {}  # (vectorizer, window) -> vector


class _Ranked:
    """The candidates of one list of units, and their texts joined by _JOIN with each text's
    offset there: one `str.find` per phrase over the joined text finds the first candidate
    holding that phrase (callers fall back to a loop over the texts for a phrase that holds
    _JOIN, the only kind that could run across two texts)."""

    __slots__ = ("candidates", "joined", "starts", "_anchored")

    def __init__(self, candidates: list[tuple[Unit, str]]) -> None:
        self.candidates = candidates
        texts = [text for _, text in candidates]
        self.joined = _JOIN.join(texts)
        starts: list[int] = []
        offset = 0
        for text in texts:
            starts.append(offset)
            offset += len(text) + 1
        self.starts = starts
        self._anchored: dict[tuple[str, ...], list[int]] = {}

    def first_with_phrase(self, phrases: tuple[str, ...]) -> int | None:
        """Index of the first candidate whose text holds any of `phrases` (none holding
        _JOIN), or None: the candidate of the occurrence that starts first in the joined
        text, since an earlier candidate's text lies wholly before a later one's."""
        joined = self.joined
        first = len(joined) + 1
        for phrase in phrases:
            position = joined.find(phrase, 0, first + len(phrase))
            if position != -1 and position < first:
                first = position
        if first > len(joined) or not self.candidates:
            return None
        return bisect_right(self.starts, first) - 1

    def anchored(self, anchors: tuple[str, ...]) -> list[int]:
        """Indices, ascending, of the candidates whose text holds any of `anchors` (none
        holding _JOIN)."""
        found = self._anchored.get(anchors)
        if found is None:
            joined, starts = self.joined, self.starts
            indices: set[int] = set()
            for anchor in anchors:
                if not anchor:
                    indices.update(range(len(starts)))
                    break
                position = joined.find(anchor)
                while position != -1:
                    index = bisect_right(starts, position) - 1
                    indices.add(index)
                    # on to the next candidate: one occurrence per candidate is enough
                    next_start = starts[index + 1] if index + 1 < len(starts) else len(joined)
                    position = joined.find(anchor, next_start)
            found = self._anchored[anchors] = sorted(indices)
        return found


_JOIN = "\x00"


def _memo(report: Report) -> _ReportMemo:
    memo = report_memo(report)
    found = memo.get(_ReportMemo)
    if found is None:
        found = memo[_ReportMemo] = _ReportMemo()
    return found


def section_units(report: Report, section: Section) -> list[Unit]:
    """The prose units of one section (a fresh list; the units themselves are shared)."""
    by_section = _memo(report).units
    units = by_section.get(id(section))
    if units is None:
        units = by_section[id(section)] = _section_units(report, section)
    return list(units)


def _section_units(report: Report, section: Section) -> list[Unit]:
    text = report.text
    start, end = section.body.start, section.body.end
    if _telling_heading(section):
        start = section.heading.span.start  # type: ignore[union-attr]
    tables = [(max(a, start), min(b, end)) for a, b in _table_ranges(report) if a < end and b > start]
    pieces: list[tuple[int, int]] = []
    cursor = start
    for table_start, table_end in sorted(tables):
        if table_start > cursor:
            pieces.append((cursor, table_start))
        cursor = max(cursor, table_end)
    if cursor < end:
        pieces.append((cursor, end))
    units: list[Unit] = []
    for piece_start, piece_end in pieces:
        for unit_start, unit_end in _split(text, piece_start, piece_end, _UNIT_END):
            for sub_start, sub_end in _split_markers(text, unit_start, unit_end):
                chunk = text[sub_start:sub_end]
                if _TABLE_TEXT.search(_WHITESPACE.sub("", chunk)):
                    continue
                units.append(Unit(chunk, sub_start, sub_end, section.key))
    return units


def _split(text: str, start: int, end: int, separator: re.Pattern[str]) -> Iterator[tuple[int, int]]:
    """(start, end) of the stripped pieces of text[start:end] between separators (kept left)."""
    cursor = start
    for match in separator.finditer(text, start, end):
        yield from _stripped(text, cursor, match.end())
        cursor = match.end()
    yield from _stripped(text, cursor, end)


def _split_markers(text: str, start: int, end: int) -> Iterator[tuple[int, int]]:
    chunk = text[start:end]
    # Every _MARKER match is empty, so finditer finds it at each place where it matches:
    # the same places as trying it at each place _MARKER_PLACE finds (lookbehinds see the
    # characters before the place, as in finditer).
    match = _MARKER.match
    cuts = [place for place in (found.start() for found in _MARKER_PLACE.finditer(chunk)) if place > 0 and match(chunk, place)]
    bounds = [0, *cuts, len(chunk)]
    for left, right in zip(bounds, bounds[1:]):
        yield from _stripped(text, start + left, start + right)


def _stripped(text: str, start: int, end: int) -> Iterator[tuple[int, int]]:
    while start < end and text[start] in " \t\r\n\u3000\u00a0":
        start += 1
    while end > start and text[end - 1] in " \t\r\n\u3000\u00a0":
        end -= 1
    if end > start:
        yield start, end


def scope_sections(report: Report, entry: Entry) -> list[Section]:
    """The sections an entry's statement is looked for in.

    "section" scope: every occurrence of the entry's section (a repeated heading splits one
    section in two) and the sections whose heading the parser did not recognise (a renamed
    heading or a sub-topic promoted to top level still holds the section's text). For the
    preamble, the text before the first heading. "document" scope: every section.
    """
    if entry.scope == "document":
        return list(report.sections)
    found = [section for section in report.sections if section.key in (entry.section, "unknown")]
    if entry.section in SECTION_KEYS and not report.section(entry.section):
        # The heading was lost (PDF, Markdown conversion): the text sits at the end of the
        # section before it. Only a table section is searched, whose own prose is short.
        earlier = [s for s in report.sections if s.key in SECTION_KEYS and SECTION_KEYS.index(s.key) < SECTION_KEYS.index(entry.section)]
        if earlier and earlier[-1].key in _TABLE_SECTIONS:
            found.append(earlier[-1])
    return found


def _clause_windows(text: str) -> Iterator[tuple[int, int]]:
    """The text itself and every window of one or two consecutive clauses (text offsets)."""
    bounds = [0, *(m.end() for m in _CLAUSE_END.finditer(text)), len(text)]
    bounds = sorted(set(bounds))
    yield 0, len(text)
    if len(bounds) <= 2:
        return
    for index in range(len(bounds) - 1):
        yield bounds[index], bounds[index + 1]
        if index + 2 < len(bounds):
            yield bounds[index], bounds[index + 2]


class Detector:
    """Detects every entry of a rulebook; the TF-IDF is fitted once on all its exemplars."""

    def __init__(self, rulebook: Rulebook, similarity: float = DEFAULT_SIMILARITY) -> None:
        self.rulebook = rulebook
        self.threshold = similarity
        self.vectorizer_ = _fitted_vectorizer(tuple(ex for entry in rulebook for ex in entry.exemplars))
        self.exemplar_vectors_: dict[str, list[Vector]] = {
            entry.id: [self.vectorizer_.vectorize(ex) for ex in entry.exemplars] for entry in rulebook
        }

    def _window_vector(self, memo: _ReportMemo, window: str) -> Vector:
        """The window's vector, kept for the report: several entries score the same clauses
        (their anchors overlap)."""
        key = (self.vectorizer_, window)
        vector = memo.windows.get(key)
        if vector is None:
            vector = memo.windows[key] = self.vectorizer_.vectorize(window)
        return vector

    def units(self, report: Report, entry: Entry) -> list[Unit]:
        # scope_sections reads only the entry's scope and section: entries sharing them
        # (most entries) share the units (a fresh list each time, as before).
        scoped = _memo(report).scoped
        key = (entry.scope, entry.section)
        units = scoped.get(key)
        if units is None:
            units = scoped[key] = [unit for section in scope_sections(report, entry) for unit in section_units(report, section)]
        return list(units)

    @staticmethod
    def _candidates(units: list[Unit], memo: _ReportMemo) -> list[tuple[Unit, str]]:
        """Units that may hold a statement, sub-topic openings first (so that the evidence
        points at the sub-topic rather than at an introduction that merely mentions it)."""
        return Detector._ranked(units, memo).candidates

    @staticmethod
    def _ranked(units: list[Unit], memo: _ReportMemo) -> _Ranked:
        # Entries with the same scope share one ranking. Keyed by identity: the units of a
        # report are built once and kept (the ranking holds them, so no id is reused); other
        # equal units only miss the cache.
        key = tuple(map(id, units))
        found_ranking = memo.ranked.get(key)
        if found_ranking is not None:
            return found_ranking
        known = memo.candidates
        ranked = []
        for unit in units:
            found = known.get(unit.text)
            if found is None:
                found = known[unit.text] = _candidate_text(unit.text)
            ranked.append((unit, *found))
        ranked.sort(key=lambda item: item[2])  # stable: text order within a rank
        found_ranking = memo.ranked[key] = _Ranked([(unit, text) for unit, text, _ in ranked])
        return found_ranking

    def detect(self, report: Report, entry: Entry, units: list[Unit] | None = None) -> Detection:
        units = self.units(report, entry) if units is None else units
        if entry.min_figures is not None:
            return self._detect_figures(entry, units)
        memo = _memo(report)
        ranked = self._ranked(units, memo)
        candidates = ranked.candidates
        if entry.phrases:
            if any(_JOIN in phrase for phrase in entry.phrases):
                first = next((i for i, (_, text) in enumerate(candidates) if any(p in text for p in entry.phrases)), None)
            else:
                first = ranked.first_with_phrase(entry.phrases)
            if first is not None:
                unit = candidates[first][0]
                return Detection(entry.id, True, "phrase", 1.0, unit.start, unit.end, unit.section)
        patterns = [*entry.patterns, *_year_patterns(entry, report.year)]
        for unit, text in candidates:
            for pattern in patterns:
                if pattern.search(text):
                    return Detection(entry.id, True, "pattern", 1.0, unit.start, unit.end, unit.section)
        best, best_unit = 0.0, None
        vectors = self.exemplar_vectors_.get(entry.id) or []
        if vectors:
            anchors = entry.anchors
            if any(_JOIN in anchor for anchor in anchors):
                anchored = [i for i, (_, text) in enumerate(candidates) if any(anchor in text for anchor in anchors)]
            else:
                anchored = ranked.anchored(tuple(anchors))
            for index in anchored:
                unit, text = candidates[index]
                for left, right in _clause_windows(text):
                    window = text[left:right]
                    if not any(anchor in window for anchor in entry.anchors):
                        continue
                    vector = self._window_vector(memo, window)
                    score = max(cosine(vector, exemplar) for exemplar in vectors)
                    if score > best:
                        best, best_unit = score, unit
        if best_unit is not None and best >= self.threshold:
            # window offsets are in the compact text: report the whole unit
            return Detection(entry.id, True, "similarity", round(best, 3), best_unit.start, best_unit.end, best_unit.section)
        return Detection(entry.id, False, None, round(best, 3))

    @staticmethod
    def _detect_figures(entry: Entry, units: list[Unit]) -> Detection:
        count = 0
        first: Unit | None = None
        for unit in units:
            found = len(_QUANTITY.findall(unit.compact))
            if found and first is None:
                first = unit
            count += found
        present = count >= (entry.min_figures or 1)
        if present and first is not None:
            return Detection(entry.id, True, "figures", 0.0, first.start, first.end, first.section, figures=count)
        return Detection(entry.id, False, None, 0.0, figures=count)

    def similarity_of(self, entry: Entry, text: str) -> float:
        """Best cosine of `text` to the entry's exemplars (for tests and calibration)."""
        vector = self.vectorizer_.vectorize(text)
        return max((cosine(vector, exemplar) for exemplar in self.exemplar_vectors_.get(entry.id, [])), default=0.0)


@lru_cache(maxsize=8)
def detector_for(rulebook: Rulebook, similarity: float = DEFAULT_SIMILARITY) -> Detector:
    """The detector of a rulebook, built once: vectorising every exemplar costs more than
    detecting all entries in one report. A rulebook is immutable (frozen, hashable)."""
    return Detector(rulebook, similarity)


def _candidate_text(text: str) -> tuple[str, int]:
    """(what detection reads, opening rank) of a unit's text: whitespace removed, an outline
    sentence's list of topic names blanked out."""
    compact = _WHITESPACE.sub("", text)
    if is_outline(compact):
        compact = _OUTLINE_STRIP.sub("", compact)
    return compact, _opening_rank(compact)


def _year_patterns(entry: Entry, year: int | None) -> list[re.Pattern[str]]:
    return [compiled for pattern in entry.year_patterns if (compiled := _compile_year(pattern, year)) is not None]


@lru_cache(maxsize=256)
def _compile_year(pattern: str, year: int | None) -> re.Pattern[str] | None:
    filled = fill_years(pattern, year)
    return re.compile(filled, re.MULTILINE) if filled is not None else None


@lru_cache(maxsize=8)
def _fitted_vectorizer(exemplars: tuple[str, ...]) -> BigramTfidf:
    return BigramTfidf().fit(exemplars)
