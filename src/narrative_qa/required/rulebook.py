"""Loading and validating the rulebook of required statements (rules/required_statements.toml).

The rulebook is data so that a reviewer can add entries (`extra-rulebook`) or switch some off
(`disable`) without touching code. Every entry is checked when loaded: a misspelt key, an
unknown section or a regular expression that does not compile is a one-line Chinese error,
because an entry that silently never fires is worse than an error.
"""

from __future__ import annotations

import re
import string
import tomllib
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Any

from narrative_qa.document.model import SECTION_KEYS
from narrative_qa.errors import UsageError
from narrative_qa.rules.registry import Severity

SECTIONS: tuple[str, ...] = ("preamble", *SECTION_KEYS)
LEVELS: tuple[str, ...] = ("government", "department", "township")
ERAS: tuple[str, ...] = ("2021format", "2019trial")
SCOPES: tuple[str, ...] = ("section", "document")
PLACES: tuple[str, ...] = ("end", "start")
REVISIONS: tuple[str, ...] = ("applications",)

_REQUIRED_KEYS = ("id", "title", "section", "levels", "eras", "source", "severity", "suggestion")
_KNOWN_KEYS = frozenset(
    (
        *_REQUIRED_KEYS,
        "scope",
        "severity_by_level",
        "phrases",
        "patterns",
        "anchors",
        "exemplars",
        "min_figures",
        "revise",
        "place",
    )
)
_ID = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
# A pattern may name the report's year: {year}, {prev_year} (a 2025 report that says how the
# problems of 2024 were dealt with). Other braces in patterns are regex quantifiers.
_YEAR_FIELD = re.compile(r"\{(year|prev_year)\}")


def fill_years(pattern: str, year: int | None) -> str | None:
    """The pattern with {year}/{prev_year} replaced; None when the report has no year."""
    if year is None:
        return None
    values = {"year": str(year), "prev_year": str(year - 1)}
    return _YEAR_FIELD.sub(lambda match: values[match.group(1)], pattern)


@dataclass(frozen=True, slots=True)
class Entry:
    """One required statement."""

    id: str
    title: str
    section: str
    levels: tuple[str, ...]
    eras: tuple[str, ...]
    source: str
    severity: Severity
    suggestion: str
    scope: str = "section"
    severity_by_level: tuple[tuple[str, Severity], ...] = ()
    phrases: tuple[str, ...] = ()
    patterns: tuple[re.Pattern[str], ...] = ()
    year_patterns: tuple[str, ...] = ()  # patterns naming {year}/{prev_year}, compiled per report
    anchors: tuple[str, ...] = ()
    exemplars: tuple[str, ...] = ()
    min_figures: int | None = None
    revise: str | None = None
    place: str = "end"  # where `nqa suggest` inserts it in its section: "end" or "start" of the body
    origin: str = ""  # the rulebook file it came from

    def applies_to(self, level: str | None, era: str | None) -> bool:
        """Unknown level or era (a draft without a title or tables) is checked against everything:
        a missing statement is worth asking about rather than assuming it is not required."""
        level_ok = level in (None, "unknown") or level in self.levels
        era_ok = era in (None, "unknown") or era in self.eras
        return level_ok and era_ok

    def severity_for(self, level: str | None) -> Severity:
        return dict(self.severity_by_level).get(level or "", self.severity)

    @property
    def fields(self) -> frozenset[str]:
        """Names of the {fields} its suggestion template uses."""
        return frozenset(name for _, name, _, _ in string.Formatter().parse(self.suggestion) if name)


@dataclass(frozen=True, slots=True)
class Rulebook:
    entries: tuple[Entry, ...] = field(default_factory=tuple)

    def __iter__(self):
        return iter(self.entries)

    def __len__(self) -> int:
        return len(self.entries)

    def get(self, entry_id: str) -> Entry | None:
        return next((entry for entry in self.entries if entry.id == entry_id), None)

    def ids(self) -> list[str]:
        return [entry.id for entry in self.entries]


def builtin_rulebook_text() -> str:
    return resources.files("narrative_qa.rules").joinpath("required_statements.toml").read_text("utf-8")


@lru_cache(maxsize=1)
def builtin_rulebook() -> Rulebook:
    return parse_rulebook(builtin_rulebook_text(), origin="required_statements.toml")


@lru_cache(maxsize=32)
def _extra_rulebook(path: Path, mtime: float) -> Rulebook:  # mtime: reload when edited
    try:
        text = path.read_text("utf-8")
    except (OSError, UnicodeDecodeError) as error:
        raise UsageError(f"无法读取补充规则库 {path}：{error}") from None
    return parse_rulebook(text, origin=str(path))


def extra_rulebook_base(report_path: Path, extra: str | None) -> Path | None:
    """Folder a relative `extra-rulebook` path starts from: the nearest folder at or above the
    report that holds it (the configuration naming it is found by the same upward walk);
    None (the current directory) when no such folder exists."""
    if not extra or Path(extra).is_absolute():
        return None
    folder = Path(report_path).resolve().parent
    for candidate in (folder, *folder.parents):
        if (candidate / extra).is_file():
            return candidate
    return None


def load_rulebook(
    extra: str | Path | None = None,
    disable: list[str] | tuple[str, ...] = (),
    *,
    base_dir: Path | None = None,
) -> Rulebook:
    """The built-in rulebook plus a reviewer's `extra` file, minus the `disable`d ids.

    An extra entry with the id of a built-in one replaces it (a reviewer may reword a
    suggestion or tighten detection). Disabling an id that does not exist is an error: it is
    almost always a typo, and a typo here would silently leave the entry on.
    """
    entries = {entry.id: entry for entry in builtin_rulebook()}
    if extra:
        path = Path(extra)
        if not path.is_absolute() and base_dir is not None:
            path = base_dir / path
        if not path.is_file():
            raise UsageError(f"补充规则库文件不存在：{path}")
        for entry in _extra_rulebook(path.resolve(), path.stat().st_mtime):
            entries[entry.id] = entry
    for entry_id in disable:
        if entry_id not in entries:
            known = "、".join(entries)
            raise UsageError(f"disable 中的条目“{entry_id}”不在规则库中（可用条目：{known}）")
        del entries[entry_id]
    return Rulebook(tuple(entries.values()))


def parse_rulebook(text: str, *, origin: str) -> Rulebook:
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        raise UsageError(f"规则库 {origin} 不是有效的 TOML：{error}") from None
    unknown_top = set(data) - {"version", "entry"}
    if unknown_top:
        raise UsageError(f"规则库 {origin} 有未知的键：{'、'.join(sorted(unknown_top))}")
    if data.get("version", 1) != 1:
        raise UsageError(f"规则库 {origin} 的版本 {data.get('version')!r} 不受支持（应为 1）")
    raw_entries = data.get("entry", [])
    if not isinstance(raw_entries, list):
        raise UsageError(f"规则库 {origin} 的条目应写成 [[entry]]")
    entries: list[Entry] = []
    seen: set[str] = set()
    for index, raw in enumerate(raw_entries, start=1):
        entry = _parse_entry(raw, f"规则库 {origin} 第 {index} 个条目")
        if entry.id in seen:
            raise UsageError(f"规则库 {origin} 中条目 id “{entry.id}”重复")
        seen.add(entry.id)
        entries.append(Entry(**{**_entry_kwargs(entry), "origin": origin}))
    return Rulebook(tuple(entries))


def _entry_kwargs(entry: Entry) -> dict[str, Any]:
    return {name: getattr(entry, name) for name in Entry.__slots__}  # type: ignore[attr-defined]


def _parse_entry(raw: Any, where: str) -> Entry:
    if not isinstance(raw, dict):
        raise UsageError(f"{where}应为一个表")
    unknown = set(raw) - _KNOWN_KEYS
    if unknown:
        raise UsageError(f"{where}有未知的键：{'、'.join(sorted(unknown))}")
    missing = [key for key in _REQUIRED_KEYS if key not in raw]
    if missing:
        raise UsageError(f"{where}缺少必填键：{'、'.join(missing)}")
    entry_id = _text(raw, "id", where)
    if not _ID.match(entry_id):
        raise UsageError(f"{where}的 id “{entry_id}”应为小写字母、数字和连字符")
    where = f"{where}（{entry_id}）"
    section = _choice(raw, "section", SECTIONS, where)
    scope = _choice(raw, "scope", SCOPES, where) if "scope" in raw else "section"
    place = _choice(raw, "place", PLACES, where) if "place" in raw else "end"
    levels = _choices(raw, "levels", LEVELS, where)
    eras = _choices(raw, "eras", ERAS, where)
    severity = _severity(raw["severity"], where)
    by_level_raw = raw.get("severity_by_level", {})
    if not isinstance(by_level_raw, dict) or any(level not in LEVELS for level in by_level_raw):
        raise UsageError(f"{where}的 severity_by_level 应为 {{ 级别 = 严重程度 }}，级别取 {'/'.join(LEVELS)}")
    severity_by_level = tuple((level, _severity(value, where)) for level, value in by_level_raw.items())
    phrases = _strings(raw, "phrases", where)
    raw_patterns = _strings(raw, "patterns", where)
    year_patterns = tuple(pattern for pattern in raw_patterns if _YEAR_FIELD.search(pattern))
    for pattern in year_patterns:
        _compile(fill_years(pattern, 2024), where)
    patterns = tuple(_compile(pattern, where) for pattern in raw_patterns if pattern not in year_patterns)
    anchors = _strings(raw, "anchors", where)
    exemplars = _strings(raw, "exemplars", where)
    min_figures = raw.get("min_figures")
    if min_figures is not None and (not isinstance(min_figures, int) or isinstance(min_figures, bool) or min_figures < 1):
        raise UsageError(f"{where}的 min_figures 应为正整数")
    revise = raw.get("revise")
    if revise is not None and revise not in REVISIONS:
        raise UsageError(f"{where}的 revise 只能取 {'/'.join(REVISIONS)}")
    if not (phrases or raw_patterns or exemplars or min_figures):
        raise UsageError(f"{where}没有任何检测方式（phrases、patterns、exemplars 或 min_figures）")
    if exemplars and not anchors:
        raise UsageError(f"{where}写了 exemplars 就要写 anchors（相似度只在含锚词的句子上计算）")
    suggestion = _text(raw, "suggestion", where)
    entry = Entry(
        id=entry_id,
        title=_text(raw, "title", where),
        section=section,
        levels=levels,
        eras=eras,
        source=_text(raw, "source", where),
        severity=severity,
        suggestion=suggestion,
        scope=scope,
        severity_by_level=severity_by_level,
        phrases=phrases,
        patterns=patterns,
        year_patterns=year_patterns,
        anchors=anchors,
        exemplars=exemplars,
        min_figures=min_figures,
        revise=revise,
        place=place,
    )
    _check_template(entry, where)
    return entry


def _check_template(entry: Entry, where: str) -> None:
    from narrative_qa.required.fields import FIELD_NAMES  # fields live with the code that fills them

    try:
        unknown = entry.fields - FIELD_NAMES
    except ValueError as error:  # unbalanced braces
        raise UsageError(f"{where}的 suggestion 模板有误：{error}") from None
    if unknown:
        raise UsageError(
            f"{where}的 suggestion 用了未知字段：{'、'.join(sorted(unknown))}（可用：{'、'.join(sorted(FIELD_NAMES))}）"
        )


def _text(raw: dict[str, Any], key: str, where: str) -> str:
    value = raw[key]
    if not isinstance(value, str) or not value.strip():
        raise UsageError(f"{where}的 {key} 应为非空字符串")
    return value.strip()


def _strings(raw: dict[str, Any], key: str, where: str) -> tuple[str, ...]:
    value = raw.get(key, [])
    if not isinstance(value, list) or not all(isinstance(item, str) and item for item in value):
        raise UsageError(f"{where}的 {key} 应为非空字符串的列表")
    return tuple(value)


def _choice(raw: dict[str, Any], key: str, allowed: tuple[str, ...], where: str) -> str:
    value = raw[key]
    if value not in allowed:
        raise UsageError(f"{where}的 {key} “{value}”无效（可选：{'/'.join(allowed)}）")
    return value


def _choices(raw: dict[str, Any], key: str, allowed: tuple[str, ...], where: str) -> tuple[str, ...]:
    value = raw[key]
    if not isinstance(value, list) or not value or any(item not in allowed for item in value):
        raise UsageError(f"{where}的 {key} 应为非空列表，取值：{'/'.join(allowed)}")
    return tuple(value)


def _severity(value: Any, where: str) -> Severity:
    try:
        return Severity(value)
    except ValueError:
        raise UsageError(f"{where}的严重程度“{value}”无效（error/warning/info）") from None


def _compile(pattern: str, where: str) -> re.Pattern[str]:
    try:
        return re.compile(pattern, re.MULTILINE)
    except re.error as error:
        raise UsageError(f"{where}的正则表达式“{pattern}”无法编译：{error}") from None
