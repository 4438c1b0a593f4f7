"""Plain data types shared by every layer: the raw document a reader produces and the
structured report the parser recovers from it.

Positions: every element carries a `Span` into `RawDocument.text`. For .txt/.md files
that text has exactly the characters of the decoded file (normalisation replaces
characters one for one, see readers.py), so offsets, lines and columns are those of the
original file. For .docx/.html/.pdf the text is the extracted text, one line per
paragraph / table row / PDF text line, and positions refer to that extracted text
(`RawDocument.line_origins` says where each line came from, e.g. "page 2").
Lines and columns are 1-based; character offsets are 0-based, end exclusive.
"""

from __future__ import annotations

from bisect import bisect_right
from dataclasses import dataclass, field
from enum import Enum
from pathlib import Path
from typing import Literal

SECTION_KEYS: tuple[str, ...] = (
    "overview",  # 一、总体情况
    "active_disclosure",  # 二、主动公开政府信息情况
    "applications",  # 三、收到和处理政府信息公开申请情况
    "review_litigation",  # 四、政府信息公开行政复议、行政诉讼情况
    "problems",  # 五、存在的主要问题及改进情况
    "other",  # 六、其他需要报告的事项
)

SECTION_TITLES: dict[str, str] = {
    "overview": "总体情况",
    "active_disclosure": "主动公开政府信息情况",
    "applications": "收到和处理政府信息公开申请情况",
    "review_litigation": "政府信息公开行政复议、行政诉讼情况",
    "problems": "存在的主要问题及改进情况",
    "other": "其他需要报告的事项",
}

Era = Literal["2021format", "2019trial", "pre2019", "unknown"]
Level = Literal["government", "department", "township", "unknown"]


@dataclass(frozen=True, slots=True)
class Span:
    """A range of `RawDocument.text`: 0-based offsets, 1-based line and column."""

    start: int
    end: int
    line: int
    column: int
    end_line: int
    end_column: int

    def to_dict(self) -> dict[str, int]:
        return {
            "start": self.start,
            "end": self.end,
            "line": self.line,
            "column": self.column,
            "end_line": self.end_line,
            "end_column": self.end_column,
        }


def _span_init(self: Span, start: int, end: int, line: int, column: int, end_line: int, end_column: int) -> None:
    _set_start(self, start)
    _set_end(self, end)
    _set_line(self, line)
    _set_column(self, column)
    _set_end_line(self, end_line)
    _set_end_column(self, end_column)


# Speed: every sentence, heading and table cell gets a Span (tens of thousands per corpus
# pass), and a frozen dataclass's generated __init__ sets each field through
# object.__setattr__, which made building spans a tenth of parsing. This __init__ has the
# same signature and stores the same fields through the slot descriptors directly (about
# 2.5x faster). Instances stay frozen: __setattr__ still refuses assignment.
_set_start, _set_end, _set_line, _set_column, _set_end_line, _set_end_column = (
    getattr(Span, name).__set__ for name in ("start", "end", "line", "column", "end_line", "end_column")
)
Span.__init__ = _span_init  # type: ignore[method-assign]


@dataclass(frozen=True, slots=True)
class Cell:
    """One cell of a table grid as the source holds it (text stripped, position kept)."""

    text: str
    span: Span | None = None


@dataclass(slots=True)
class RawTable:
    """A real table from a structured format (.docx, .html, .pdf, markdown pipes):
    a full rectangular grid with merged cells expanded (the merged text repeated)."""

    rows: list[list[Cell]]
    origin: str = ""  # e.g. "docx table 3", "html table 2", "pdf page 4"


@dataclass(slots=True)
class RawDocument:
    """What a reader returns: normalised text with a position index, plus real tables."""

    path: Path
    format: str  # "txt" "md" "docx" "html" "pdf"
    text: str
    tables: list[RawTable] = field(default_factory=list)
    encoding: str | None = None
    line_origins: dict[int, str] = field(default_factory=dict)
    warnings: list[str] = field(default_factory=list)
    _line_starts: list[int] | None = field(default=None, repr=False)

    @property
    def line_starts(self) -> list[int]:
        """Offset of the first character of every line (index 0 is line 1)."""
        if self._line_starts is None:
            starts = [0]
            find = self.text.find
            position = find("\n")
            while position != -1:
                starts.append(position + 1)
                position = find("\n", position + 1)
            self._line_starts = starts
        return self._line_starts

    def position(self, offset: int) -> tuple[int, int]:
        """(line, column), both 1-based, of a character offset."""
        starts = self.line_starts
        index = bisect_right(starts, offset) - 1
        return index + 1, offset - starts[index] + 1

    def span(self, start: int, end: int) -> Span:
        # Called for every sentence, heading and table cell: one bisection, and a second
        # one only when the range runs past the line it starts on.
        starts = self.line_starts
        index = bisect_right(starts, start) - 1
        line_start = starts[index]
        last = max(start, end)
        if index + 1 < len(starts) and last >= starts[index + 1]:
            end_index = bisect_right(starts, last) - 1
            return Span(start, end, index + 1, start - line_start + 1, end_index + 1, last - starts[end_index] + 1)
        return Span(start, end, index + 1, start - line_start + 1, index + 1, last - line_start + 1)


class ValueKind(str, Enum):
    NUMBER = "number"
    NOT_APPLICABLE = "not_applicable"  # "/", "—", 不适用, blank: not zero
    UNREADABLE = "unreadable"  # present but cannot be read (or split) unambiguously
    MISSING = "missing"  # the cell is not in the document at all


@dataclass(frozen=True, slots=True)
class Value:
    kind: ValueKind
    number: int | float | None = None
    raw: str = ""
    span: Span | None = None

    @property
    def is_number(self) -> bool:
        return self.kind is ValueKind.NUMBER

    def to_json(self) -> int | float | None:
        return self.number if self.kind is ValueKind.NUMBER else None


def _value_init(self: Value, kind: ValueKind, number: int | float | None = None, raw: str = "", span: Span | None = None) -> None:
    _set_kind(self, kind)
    _set_number(self, number)
    _set_raw(self, raw)
    _set_span(self, span)


# As for Span: one Value per table cell; same signature and defaults as the generated one.
_set_kind, _set_number, _set_raw, _set_span = (getattr(Value, name).__set__ for name in ("kind", "number", "raw", "span"))
Value.__init__ = _value_init  # type: ignore[method-assign]


TableShape = Literal["table2", "table3", "table4"]


@dataclass(slots=True)
class Table2:
    """主动公开政府信息情况: 10 values in the order of `tables.TABLE2_LABELS`."""

    values: list[Value]
    span: Span | None = None
    source: str = ""  # how it was recovered: "grid", "tab-text", "flattened", ...


@dataclass(slots=True)
class Table3:
    """收到和处理政府信息公开申请情况: 25 rows x 7 columns (`tables.TABLE3_ROWS`, `TABLE3_COLUMNS`)."""

    values: list[list[Value]]
    span: Span | None = None
    source: str = ""


@dataclass(slots=True)
class Table4:
    """行政复议、行政诉讼: 15 values in three blocks of five (`tables.TABLE4_LABELS`)."""

    values: list[Value]
    span: Span | None = None
    source: str = ""


@dataclass(slots=True)
class Tables:
    table2: Table2 | None = None
    table3: Table3 | None = None
    table4: Table4 | None = None
    # Tables the document gives in an older form and that were therefore not read into the
    # 2021 schema (the attribute above stays None): table name ("table2", "table3") -> the
    # form recognised ("2019trial"). Rules say "older layout" from this, not from warnings.
    older_layout: dict[str, str] = field(default_factory=dict)


@dataclass(slots=True)
class Heading:
    """One occurrence of a heading in the document. Repeated headings are kept, each
    with its own position, so rules can see the duplicates."""

    key: str | None  # a SECTION_KEYS entry for top-level headings; None if unrecognised
    ordinal: int | None  # the ordinal as written (一 -> 1), None when absent
    title: str  # the title text without its ordinal, as written
    span: Span
    level: Literal["section", "subtopic"] = "section"
    inline: bool = False  # the heading runs into the text that follows it (no line break)
    confidence: float = 1.0


@dataclass(slots=True)
class Sentence:
    text: str
    span: Span


@dataclass(slots=True)
class Paragraph:
    span: Span
    sentences: list[Sentence] = field(default_factory=list)

    @property
    def text(self) -> str:
        return "".join(sentence.text for sentence in self.sentences)


@dataclass(slots=True)
class Subtopic:
    """（一）…, 1. …, 一是… inside a section."""

    heading: Heading
    span: Span  # from the heading to the end of the sub-topic body
    paragraphs: list[Paragraph] = field(default_factory=list)


@dataclass(slots=True)
class Section:
    """The body governed by one top-level heading occurrence (or the preamble)."""

    key: str  # a SECTION_KEYS entry, "preamble", or "unknown"
    heading: Heading | None
    span: Span  # heading start (or body start) to the start of the next heading
    body: Span  # the text after the heading
    paragraphs: list[Paragraph] = field(default_factory=list)
    subtopics: list[Subtopic] = field(default_factory=list)

    @property
    def sentences(self) -> list[Sentence]:
        return [sentence for paragraph in self.paragraphs for sentence in paragraph.sentences]


@dataclass(slots=True)
class Report:
    raw: RawDocument
    title: str | None
    unit: str | None
    year: int | None
    era: Era
    level: Level
    headings: list[Heading]  # every top-level heading occurrence in document order
    sections: list[Section]  # preamble first (if any), then one per heading occurrence
    tables: Tables
    warnings: list[str] = field(default_factory=list)

    @property
    def path(self) -> Path:
        return self.raw.path

    @property
    def text(self) -> str:
        return self.raw.text

    def section(self, key: str) -> Section | None:
        """The first section with this key, or None."""
        return next((section for section in self.sections if section.key == key), None)

    def sections_by_key(self, key: str) -> list[Section]:
        return [section for section in self.sections if section.key == key]
