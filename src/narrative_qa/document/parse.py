"""RawDocument -> Report: front matter, metadata, tables, sections.

`read_report(path)` is `read_document(path)` followed by `parse_report(raw)`; both are the
library's entry points for everything above the document layer.
"""

from __future__ import annotations

from pathlib import Path

from narrative_qa.document.metadata import find_front_matter, read_metadata
from narrative_qa.document.model import RawDocument, Report, Tables
from narrative_qa.document.structure import build_sections
from narrative_qa.errors import InputError, UsageError

LEVELS = ("government", "department", "township", "unknown")


def parse_report(raw: RawDocument, *, level: str | None = None, table_values: bool = True) -> Report:
    """Recover the report structure from a RawDocument. `level` overrides the level guessed
    from the unit name ("government", "department", "township"). With `table_values` False
    the statistics tables are located but, where no grid competes, not read (`values` empty,
    fewer warnings): for callers that use only the prose, which is the same either way."""
    if level is not None and level not in LEVELS:
        raise UsageError(f"未知的单位层级：{level}（可选：government、department、township）")
    text = raw.text
    front = find_front_matter(text)
    metadata = read_metadata(text, front, raw.path, level)
    warnings = list(raw.warnings)
    if front.residue:
        warnings.append(f"报告正文前后有非报告内容（{'、'.join(dict.fromkeys(front.residue))}），已跳过")
    if not text[front.body_start :].strip():
        warnings.append("正文为空：页面没有报告文字（可能只有附件或图片）")
    tables, table_warnings = _recover_tables(raw, metadata.era, table_values)
    warnings.extend(table_warnings)
    headings, sections, section_warnings = build_sections(raw, front.body_start, front.body_end, tables)
    warnings.extend(section_warnings)
    if metadata.year is None:
        warnings.append("未能确定报告年度")
    return Report(
        raw=raw,
        title=metadata.title,
        unit=metadata.unit,
        year=metadata.year,
        era=metadata.era,
        level=metadata.level,
        headings=headings,
        sections=sections,
        tables=tables,
        warnings=warnings,
    )


def read_report(path: str | Path, *, level: str | None = None, table_values: bool = True) -> Report:
    """Read a file (txt md docx html pdf) and parse it (`table_values`: see `parse_report`)."""
    from narrative_qa.document.readers import read_document

    path = Path(path)
    if not path.exists():
        raise InputError(f"文件不存在：{path}")
    if path.is_dir():
        raise InputError(f"这是一个目录，不是文件：{path}")
    raw = read_document(path)
    if not raw.text.strip():
        raise InputError(f"文件没有可读的文字内容：{path}")
    return parse_report(raw, level=level, table_values=table_values)


def _recover_tables(raw: RawDocument, era: str, read_values: bool) -> tuple[Tables, list[str]]:
    # Imported here: the table solver is the heaviest part of parsing and some callers
    # (metadata-only tools) never reach it.
    from narrative_qa.document.tables import recover_tables

    return recover_tables(raw, era, read_values)
