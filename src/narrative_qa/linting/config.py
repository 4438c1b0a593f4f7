"""Configuration: `[tool.narrative-qa]` in pyproject.toml or top-level keys in .narrative-qa.toml.

The file is found by walking up from each linted file's folder; the nearest wins, and in one
folder .narrative-qa.toml beats pyproject.toml (a pyproject without our table is passed over).
`--config FILE` names one file for every linted file. Command-line options override the file:
--select, --fail-on and --model replace its values, --ignore adds to its ignore list.
Every key is checked: an unknown key or a bad value is a one-line Chinese error (exit 2),
because a misspelt key silently doing nothing is worse than an error.
"""

from __future__ import annotations

import fnmatch
import tomllib
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

from narrative_qa.errors import UsageError
from narrative_qa.linting.selection import match_selector, parse_selector_list, resolve
from narrative_qa.rules.registry import Severity, all_rules

CONFIG_NAMES = (".narrative-qa.toml", "pyproject.toml")
KNOWN_KEYS = ("select", "ignore", "fail-on", "severity", "per-file-ignores", "rules", "model", "score")  # score: read by narrative_qa.scoring.rubric


@dataclass(frozen=True, slots=True)
class FileConfig:
    """What one configuration file says (all empty when there is none)."""

    path: Path | None = None  # the file itself
    root: Path = field(default_factory=Path.cwd)  # folder that relative patterns and paths start from
    select: tuple[str, ...] | None = None
    ignore: tuple[str, ...] = ()
    fail_on: Severity | None = None
    severity: tuple[tuple[str, Severity], ...] = ()  # (code, severity)
    per_file_ignores: tuple[tuple[str, frozenset[str]], ...] = ()  # (glob, codes)
    rule_options: tuple[tuple[str, tuple[tuple[str, Any], ...]], ...] = ()  # (rule name, options)
    model: Path | None = None


@dataclass(frozen=True, slots=True)
class Overrides:
    """Options given on the command line (None / empty: not given)."""

    select: tuple[str, ...] | None = None
    ignore: tuple[str, ...] = ()
    fail_on: Severity | None = None
    model: Path | None = None
    config: Path | None = None  # explicit --config FILE


@dataclass(frozen=True, slots=True)
class Settings:
    """The effective settings for one linted file."""

    codes: frozenset[str]  # rules that run (before per-file ignores)
    severity: dict[str, Severity]
    rule_options: dict[str, dict[str, Any]]
    fail_on: Severity
    model: Path | None
    config: FileConfig

    def codes_for(self, file: Path) -> frozenset[str]:
        """Enabled codes minus the per-file ignores whose pattern matches `file`."""
        ignored: set[str] = set()
        relative = _relative_posix(file, self.config.root)
        for pattern, codes in self.config.per_file_ignores:
            if fnmatch.fnmatchcase(relative, pattern) or (
                "/" not in pattern and fnmatch.fnmatchcase(Path(relative).name, pattern)
            ):
                ignored |= codes
        return self.codes - ignored


def parse_severity(value: Any, *, origin: str) -> Severity:
    try:
        return Severity(str(value).lower())
    except ValueError:
        raise UsageError(f"{origin}的级别“{value}”无效，应为 error、warning 或 info") from None


def load_config(path: Path) -> FileConfig:
    """Read and check one configuration file."""
    path = path.resolve()
    try:
        data = tomllib.loads(path.read_text("utf-8"))
    except FileNotFoundError:
        raise UsageError(f"找不到配置文件：{path}") from None
    except (OSError, UnicodeDecodeError) as error:
        raise UsageError(f"无法读取配置文件 {path}：{error}") from None
    except tomllib.TOMLDecodeError as error:
        raise UsageError(f"配置文件 {path} 不是有效的 TOML：{error}") from None
    if path.name == "pyproject.toml":
        table = data.get("tool", {}).get("narrative-qa")
        if table is None:
            raise UsageError(f"配置文件 {path} 中没有 [tool.narrative-qa] 表")
    else:
        table = data
    return _check(table, path)


def _check(table: Any, path: Path) -> FileConfig:
    where = f"配置文件 {path} "
    if not isinstance(table, dict):
        raise UsageError(f"{where}的 narrative-qa 配置应为一个表")
    unknown = [key for key in table if key not in KNOWN_KEYS]
    if unknown:
        raise UsageError(f"{where}中有未知的配置项“{unknown[0]}”（可用：{'、'.join(KNOWN_KEYS)}）")

    def selector_list(key: str) -> tuple[str, ...]:
        value = table[key]
        if not isinstance(value, list) or not all(isinstance(item, str) for item in value):
            raise UsageError(f"{where}的 {key} 应为字符串列表，例如 [\"S\", \"duplicate-heading\"]")
        selectors = tuple(parse_selector_list(value))
        resolve(selectors, origin=f"{where}的 {key} ")
        return selectors

    select = selector_list("select") if "select" in table else None
    ignore = selector_list("ignore") if "ignore" in table else ()
    fail_on = parse_severity(table["fail-on"], origin=f"{where}fail-on ") if "fail-on" in table else None

    severity: dict[str, Severity] = {}
    for selector, value in _subtable(table, "severity", where).items():
        level = parse_severity(value, origin=f"{where}[severity] {selector} ")
        for code in resolve([selector], origin=f"{where}[severity] "):
            severity[code] = level

    per_file: list[tuple[str, frozenset[str]]] = []
    for pattern, selectors in _subtable(table, "per-file-ignores", where).items():
        if not isinstance(selectors, list) or not all(isinstance(item, str) for item in selectors):
            raise UsageError(f"{where}[per-file-ignores] “{pattern}”的值应为字符串列表")
        codes = resolve(parse_selector_list(selectors), origin=f"{where}[per-file-ignores] ")
        per_file.append((pattern.replace("\\", "/"), frozenset(codes)))

    options: dict[str, dict[str, Any]] = {}
    for selector, values in _subtable(table, "rules", where).items():
        options.update(_rule_options(selector, values, where))

    model = None
    if "model" in table:
        if not isinstance(table["model"], str) or not table["model"].strip():
            raise UsageError(f"{where}的 model 应为模型文件夹的路径字符串")
        model = (path.parent / table["model"]).resolve()

    return FileConfig(
        path=path,
        root=path.parent,
        select=select,
        ignore=ignore,
        fail_on=fail_on,
        severity=tuple(sorted(severity.items())),
        per_file_ignores=tuple(per_file),
        rule_options=tuple((name, tuple(values.items())) for name, values in sorted(options.items())),
        model=model,
    )


def _subtable(table: dict[str, Any], key: str, where: str) -> dict[str, Any]:
    value = table.get(key, {})
    if not isinstance(value, dict):
        raise UsageError(f"{where}的 {key} 应为一个表，例如 [tool.narrative-qa.{key}]")
    return value


def _rule_options(selector: str, values: Any, where: str) -> dict[str, dict[str, Any]]:
    codes = match_selector(selector)
    if codes is None or len(codes) != 1:
        raise UsageError(f"{where}[rules.{selector}] 应写一条规则的代码或名称")
    target = next(r for r in all_rules() if r.code in codes)
    if not isinstance(values, dict):
        raise UsageError(f"{where}[rules.{selector}] 应为一个表")
    checked: dict[str, Any] = {}
    for key, value in values.items():
        if key not in target.defaults:
            known = "、".join(target.defaults) or "无"
            raise UsageError(f"{where}规则 {target.name} 没有参数“{key}”（可用参数：{known}）")
        default = target.defaults[key]
        if not _same_kind(value, default):
            raise UsageError(
                f"{where}规则 {target.name} 的参数 {key} 应为 {type(default).__name__}，实际是 {value!r}"
            )
        checked[key] = value
    return {target.name: checked}


def _same_kind(value: Any, default: Any) -> bool:
    if isinstance(default, bool) or isinstance(value, bool):
        return isinstance(value, bool) and isinstance(default, bool)
    if isinstance(default, (int, float)):
        return isinstance(value, (int, float))
    return default is None or isinstance(value, type(default))


@lru_cache(maxsize=256)
def discover(folder: Path) -> Path | None:
    """The nearest configuration file at or above `folder` (absolute), or None."""
    for candidate_dir in (folder, *folder.parents):
        for name in CONFIG_NAMES:
            candidate = candidate_dir / name
            if candidate.is_file() and (name != "pyproject.toml" or _has_our_table(candidate)):
                return candidate
    return None


def _has_our_table(pyproject: Path) -> bool:
    try:
        data = tomllib.loads(pyproject.read_text("utf-8"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError):
        # A broken pyproject that is not ours to read is passed over, not reported.
        return False
    return isinstance(data.get("tool"), dict) and "narrative-qa" in data["tool"]


@lru_cache(maxsize=64)
def _cached_config(path: Path | None) -> FileConfig:
    return load_config(path) if path is not None else FileConfig()


def settings_for(file: Path, overrides: Overrides = Overrides()) -> Settings:
    """Effective settings for linting `file`: its config file, then the command line on top."""
    config_path = overrides.config.resolve() if overrides.config else discover(file.resolve().parent)
    return _settings(config_path, overrides)


@lru_cache(maxsize=64)
def _settings(config_path: Path | None, overrides: Overrides) -> Settings:
    config = _cached_config(config_path)
    select = overrides.select if overrides.select is not None else config.select
    selected = resolve(select, origin="--select ") if select is not None else {r.code for r in all_rules()}
    ignored = resolve(config.ignore, origin="配置 ignore ") | resolve(overrides.ignore, origin="--ignore ")
    return Settings(
        codes=frozenset(selected - ignored),
        severity=dict(config.severity),
        rule_options={name: dict(values) for name, values in config.rule_options},
        fail_on=overrides.fail_on or config.fail_on or Severity.ERROR,
        model=overrides.model or config.model,
        config=config,
    )


def clear_caches() -> None:
    """Forget discovered and parsed configuration files (called at the start of every run, so a
    long-lived process such as a notebook sees edits to the files)."""
    discover.cache_clear()
    _cached_config.cache_clear()
    _settings.cache_clear()


def _relative_posix(file: Path, root: Path) -> str:
    absolute = file.resolve()
    try:
        return absolute.relative_to(root).as_posix()
    except ValueError:
        return file.as_posix()
