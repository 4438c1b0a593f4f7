"""Putting suggested statements into a .txt/.md draft: where each goes, the amended text, a diff.

A statement goes at the end of its section's body, before the next heading; preamble
statements go just before the first section heading. When the section itself is missing, its
heading is written too, before the next section that is there (or at the end). In a
flattened one-line text (the 平潭 captures) the text is inserted at that offset with no line
break, so the draft keeps its shape; elsewhere each statement is a paragraph of its own,
separated the way the draft separates its paragraphs.
"""

from __future__ import annotations

import difflib
from dataclasses import dataclass
from pathlib import Path

from narrative_qa.atomic import write_bytes_atomic
from narrative_qa.document.model import SECTION_KEYS, Report
from narrative_qa.errors import InputError
from narrative_qa.required.assess import Assessment, section_heading_text

_SPACE = " \t\r\n\u3000\u00a0"
EDITABLE_FORMATS = ("txt", "md")


@dataclass(frozen=True, slots=True)
class Edit:
    """Replace report.text[start:end] with `text` (an insertion when start == end)."""

    start: int
    end: int
    text: str
    entry_ids: tuple[str, ...]


def _content_end(text: str, start: int, end: int) -> int:
    """Offset just after the last non-space character of text[start:end] (start if none)."""
    while end > start and text[end - 1] in _SPACE:
        end -= 1
    return end


def _paragraph_separator(text: str) -> str:
    newline = "\r\n" if "\r\n" in text else "\n"
    return newline * 2 if newline * 2 in text.strip(_SPACE) else newline


def _is_flattened(report: Report) -> bool:
    """The whole report body on one line (the 平潭 captures): insert with no line breaks."""
    first = next((s for s in report.sections if s.heading is not None), None)
    start = first.span.start if first is not None else 0
    return "\n" not in report.text[start:].strip(_SPACE)


def plan_edits(
    report: Report, assessments: list[Assessment], *, revise: bool = False, optional: bool = False
) -> list[Edit]:
    """Insertions for every missing statement (grouped per place, in rulebook order) and,
    with `revise`, replacements of statements that contradict the tables. Optional (info)
    statements are inserted only with `optional`: pasting an empty 【请填写】 for something
    the body may rightly leave out would only add a placeholder to delete."""
    separator = "" if _is_flattened(report) else _paragraph_separator(report.text)
    by_place: dict[tuple[str, str], list[Assessment]] = {}
    for result in assessments:
        if result.missing and (optional or result.severity.value != "info"):
            by_place.setdefault((result.entry.section, result.entry.place), []).append(result)
    edits: list[Edit] = []
    for (key, place), results in by_place.items():
        statements = [result.suggestion for result in results]
        ids = tuple(result.entry.id for result in results)
        edits.append(_insertion(report, key, place, statements, ids, separator))
    if revise:
        for result in assessments:
            if result.revision is not None:
                revision = result.revision
                edits.append(Edit(revision.start, revision.end, revision.replacement, (result.entry.id,)))
    return sorted(edits, key=lambda edit: (edit.start, edit.end))


def _insertion(
    report: Report, key: str, place: str, statements: list[str], ids: tuple[str, ...], separator: str
) -> Edit:
    text = report.text
    if key == "preamble":
        preamble = report.section("preamble")
        if preamble is not None:
            end = _content_end(text, preamble.span.start, preamble.span.end)
            if end > preamble.body.start:
                return _after(end, statements, ids, separator)
        first_heading = next((s for s in report.sections if s.heading is not None), None)
        offset = first_heading.span.start if first_heading is not None else _content_end(text, 0, len(text))
        return _before(offset, statements, ids, separator)
    present = report.sections_by_key(key)
    if present and place == "start":
        first = present[0]
        body_start = first.body.start
        while body_start < first.body.end and text[body_start] in _SPACE:
            body_start += 1
        if body_start < first.body.end:
            return _before(body_start, statements, ids, separator)
    if present:
        last = present[-1]
        return _after(_content_end(text, last.span.start, last.span.end), statements, ids, separator)
    heading = section_heading_text(key)
    following = SECTION_KEYS[SECTION_KEYS.index(key) + 1 :] if key in SECTION_KEYS else ()
    for next_key in following:
        found = report.section(next_key)
        if found is not None and found.heading is not None:
            return _before(found.heading.span.start, [heading, *statements], ids, separator)
    return _after(_content_end(text, 0, len(text)), [heading, *statements], ids, separator)


def _after(offset: int, statements: list[str], ids: tuple[str, ...], separator: str) -> Edit:
    return Edit(offset, offset, "".join(separator + statement for statement in statements), ids)


def _before(offset: int, statements: list[str], ids: tuple[str, ...], separator: str) -> Edit:
    """Insert before the text at `offset` (a heading or a body's first sentence)."""
    return Edit(offset, offset, "".join(statement + separator for statement in statements), ids)


def apply_edits(text: str, edits: list[Edit]) -> str:
    """`text` with every edit applied (offsets are all of the original text)."""
    pieces: list[str] = []
    cursor = 0
    for edit in sorted(edits, key=lambda e: (e.start, e.end)):
        if edit.start < cursor:  # overlapping edits: keep the first, it is the more specific
            continue
        pieces.append(text[cursor : edit.start])
        pieces.append(edit.text)
        cursor = edit.end
    pieces.append(text[cursor:])
    return "".join(pieces)


def unified_diff(old: str, new: str, name: str) -> str:
    lines = difflib.unified_diff(
        old.splitlines(keepends=True), new.splitlines(keepends=True), f"a/{name}", f"b/{name}"
    )
    return "".join(line if line.endswith("\n") else line + "\n\\ No newline at end of file\n" for line in lines)


def original_text(report: Report) -> tuple[str, str]:
    """The draft as its file holds it (before the reader's one-for-one normalisation, so the
    writer's own full-width or half-width characters are kept) and its encoding. Offsets
    are those of `report.text`."""
    from narrative_qa.document.readers.encoding import decode

    try:
        text, encoding = decode(report.path.read_bytes(), report.path)
    except OSError as error:
        raise InputError(f"无法读取 {report.path}：{error.strerror}") from None
    if len(text) != len(report.text):  # not one for one after all: offsets are report.text's
        return report.text, "utf-8"
    return text, encoding


def check_editable(report: Report) -> None:
    if report.raw.format not in EDITABLE_FORMATS:
        raise InputError(f"只能在 .txt 或 .md 草稿中插入文字（此文件为 {report.raw.format}），请另存为文本后再用 --diff/--write")


def write_new_file(
    target: Path, content: str, *, source: Path, force: bool = False, encoding: str = "utf-8"
) -> None:
    """Write `content` to `target` atomically; never the input file, never an existing file
    unless `force` (and even then never the input)."""
    try:
        same = target.exists() and target.resolve() == source.resolve()
    except OSError:
        same = False
    if same or target.absolute() == source.absolute():
        raise InputError(f"不能覆盖输入文件 {source}，请指定另一个输出文件")
    if target.exists() and not force:
        raise InputError(f"输出文件 {target} 已存在；如确需覆盖请加 --force")
    if target.exists() and target.is_dir():
        raise InputError(f"输出路径 {target} 是目录")
    folder = target.parent if str(target.parent) else Path(".")
    if not folder.is_dir():
        raise InputError(f"输出文件所在目录不存在：{folder}")
    try:
        data = content.encode(encoding)
    except (UnicodeEncodeError, LookupError):  # keep the draft's encoding when it can hold the text
        data = content.encode("utf-8")
    write_bytes_atomic(target, data)
