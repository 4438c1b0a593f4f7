"""The scoring rubric as data: five dimensions, their weights and caps, what each finding costs.

A report's total (0-100) is the weighted mean of five dimension scores, each 0-100:

    dimension score = 100 - min(cap, sum of finding costs in the dimension)
    finding cost    = severity cost x rule multiplier, and one rule's findings together cost at
                      most `rule_cap` (fifty boilerplate sentences are one problem, not fifty)
    specificity     = (1 - feature_weight) x (100 - capped Q costs) + feature_weight x the
                      report's narrative specificity percentile among the model's corpus

The default rubric below is documented in docs/scoring.md and printed by `nqa score --explain`.
Everything is configurable in `[tool.narrative-qa.score]` (pyproject.toml) or `[score]`
(.narrative-qa.toml), found like the lint configuration; unknown keys are errors, because a
misspelt weight silently doing nothing would make scores lie.
"""

from __future__ import annotations

import copy
import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from narrative_qa.errors import UsageError

# Rule families -> dimension. X (meta: unused suppressions) is about the draft's comments, not
# the report, so it costs nothing.
DIMENSIONS: tuple[str, ...] = ("structure", "accuracy", "completeness", "specificity", "originality")
DIMENSION_FAMILIES: dict[str, tuple[str, ...]] = {
    "structure": ("S",),
    "accuracy": ("T", "C"),
    "completeness": ("R",),
    "specificity": ("Q",),
    "originality": ("B",),
}
DIMENSION_TITLES: dict[str, str] = {
    "structure": "结构",
    "accuracy": "数据准确",
    "completeness": "内容完整",
    "specificity": "具体程度",
    "originality": "原创程度",
}
SEVERITIES = ("error", "warning", "info")

DEFAULT_RUBRIC: dict[str, Any] = {
    # Weights sum to 100. Accuracy weighs most: a report whose figures contradict each other
    # misinforms the public (国办公开办函〔2021〕30号 fixes the 勾稽关系 for that reason);
    # missing statements and empty text come next; the outward form least.
    "weights": {"structure": 15, "accuracy": 30, "completeness": 20, "specificity": 20, "originality": 15},
    # Most points a dimension can lose (out of its 100): 100 lets a dimension reach zero.
    "caps": {"structure": 100, "accuracy": 100, "completeness": 100, "specificity": 100, "originality": 100},
    # Points (out of the dimension's 100) one finding of each severity costs.
    "severity_cost": {"error": 25.0, "warning": 10.0, "info": 3.0},
    # Most points all findings of one rule together can cost in their dimension...
    "rule_cap": 50.0,
    # ...except for these rules (code or name -> cap).
    # R001 reports each missing required statement once: five missing statements are five
    # defects, so it may take the whole completeness dimension.
    # The arithmetic rules fire once per row or column; when one fails across a table it is
    # nearly always one systematic slip (a 总计 column or （七） row left at 0, checked on the
    # real 平潭 reports), so all findings of one such rule cost at most one error.
    "rule_caps": {"R001": 100.0, "T001": 25.0, "T002": 25.0, "T003": 25.0, "T004": 25.0},
    # Share of the specificity dimension given by the narrative's specificity percentile.
    "feature_weight": 0.4,
    # Rules whose findings together cost at most `cap`: table 3's identities interlock (rows,
    # columns, the （七） row and the 总计 column), so one mis-entered cell fails two to four of
    # them at once (checked on the real 平潭 reports: one 商业企业 cell entered as 1 instead of 0
    # failed a column balance and two row sums). Charged as one defect, a little more than one
    # error.
    "group_caps": {"table3-arithmetic": {"rules": ["T001", "T002", "T003"], "cap": 30.0}},
    # Per-rule multipliers of the severity cost: "CODE" (or kebab-case name) for every severity,
    # "CODE:severity" for one. Why each differs from 1:
    "rules": {
        # The first occurrence of a repeated heading is reported (as info) only to point at the
        # pair; the duplicate itself (an error) carries the cost.
        "S001:info": 0.0,
        # A cell our reader cannot split (flattened web captures) says more about the capture
        # than about the report; the sums it blocks are not checked either way.
        "T007": 0.3,
        # Single sentences: many per report; the section-level rule (B002) carries the weight.
        "B001": 0.5,
        # Copying from last year is the defect reviewers complain about most (照搬照抄).
        "B010": 2.0,
        "B011": 2.0,
        # A question with no measure is a hint, often a matching problem rather than a defect.
        "Q003": 0.5,
    },
}


@dataclass(frozen=True, slots=True)
class Rubric:
    weights: dict[str, float]
    caps: dict[str, float]
    severity_cost: dict[str, float]
    rule_cap: float
    feature_weight: float
    rules: dict[str, float] = field(default_factory=dict)  # "CODE" or "CODE:severity" -> multiplier
    rule_caps: dict[str, float] = field(default_factory=dict)  # code -> cap (else rule_cap)
    group_caps: dict[str, tuple[tuple[str, ...], float]] = field(default_factory=dict)  # name -> (codes, cap)
    source: str = "default"  # where it came from (a config file path, or "default")

    def multiplier(self, code: str, severity: str) -> float:
        found = self.rules.get(f"{code}:{severity}")
        return found if found is not None else self.rules.get(code, 1.0)

    def cost(self, code: str, severity: str) -> float:
        return self.severity_cost.get(severity, 0.0) * self.multiplier(code, severity)

    def cap_for(self, code: str) -> float:
        return self.rule_caps.get(code, self.rule_cap)

    def to_dict(self) -> dict[str, Any]:
        return {
            "weights": dict(self.weights),
            "caps": dict(self.caps),
            "severity_cost": dict(self.severity_cost),
            "rule_cap": self.rule_cap,
            "feature_weight": self.feature_weight,
            "rules": dict(sorted(self.rules.items())),
            "rule_caps": dict(sorted(self.rule_caps.items())),
            "group_caps": {name: {"rules": list(codes), "cap": cap} for name, (codes, cap) in sorted(self.group_caps.items())},
            "source": self.source,
        }


def dimension_of(code: str) -> str | None:
    family = code[:1]
    for dimension, families in DIMENSION_FAMILIES.items():
        if family in families:
            return dimension
    return None


def default_rubric() -> Rubric:
    return build_rubric({}, source="default")


def build_rubric(table: dict[str, Any], *, source: str) -> Rubric:
    """The default rubric with `table` (a `[score]` configuration table) laid over it."""
    where = f"评分配置（{source}）"
    data = copy.deepcopy(DEFAULT_RUBRIC)
    unknown = [key for key in table if key not in data]
    if unknown:
        raise UsageError(f"{where}中有未知的配置项“{unknown[0]}”（可用：{'、'.join(data)}）")
    for key in ("weights", "caps"):
        values = table.get(key, {})
        if not isinstance(values, dict):
            raise UsageError(f"{where}的 {key} 应为一个表")
        for dimension, value in values.items():
            if dimension not in DIMENSIONS:
                raise UsageError(f"{where}的 {key} 中有未知的维度“{dimension}”（可用：{'、'.join(DIMENSIONS)}）")
            data[key][dimension] = _number(value, f"{where}的 {key}.{dimension}", low=0.0, high=100.0)
    costs = table.get("severity_cost", {})
    if not isinstance(costs, dict):
        raise UsageError(f"{where}的 severity_cost 应为一个表")
    for severity, value in costs.items():
        if severity not in SEVERITIES:
            raise UsageError(f"{where}的 severity_cost 中有未知的级别“{severity}”（可用：error、warning、info）")
        data["severity_cost"][severity] = _number(value, f"{where}的 severity_cost.{severity}", low=0.0, high=100.0)
    if "rule_cap" in table:
        data["rule_cap"] = _number(table["rule_cap"], f"{where}的 rule_cap", low=0.0, high=100.0)
    if "feature_weight" in table:
        data["feature_weight"] = _number(table["feature_weight"], f"{where}的 feature_weight", low=0.0, high=1.0)
    rules_table = table.get("rules", {})
    if not isinstance(rules_table, dict):
        raise UsageError(f"{where}的 rules 应为一个表，例如 [tool.narrative-qa.score.rules]")
    multipliers = {code: float(value) for code, value in data["rules"].items()}
    for selector, value in rules_table.items():
        name, _, severity = selector.partition(":")
        if severity and severity not in SEVERITIES:
            raise UsageError(f"{where}的 rules.{selector} 中的级别“{severity}”无效（可用：error、warning、info）")
        code = _rule_code(name, where) + (f":{severity}" if severity else "")
        multipliers[code] = _number(value, f"{where}的 rules.{selector}", low=0.0, high=100.0)
    caps_table = table.get("rule_caps", {})
    if not isinstance(caps_table, dict):
        raise UsageError(f"{where}的 rule_caps 应为一个表")
    rule_caps = {code: float(value) for code, value in data["rule_caps"].items()}
    for selector, value in caps_table.items():
        rule_caps[_rule_code(selector, where)] = _number(value, f"{where}的 rule_caps.{selector}", low=0.0, high=100.0)
    groups_table = table.get("group_caps", {})
    if not isinstance(groups_table, dict):
        raise UsageError(f"{where}的 group_caps 应为一个表")
    groups: dict[str, tuple[tuple[str, ...], float]] = {}
    for name, entry in {**data["group_caps"], **groups_table}.items():
        if not isinstance(entry, dict) or set(entry) != {"rules", "cap"} or not isinstance(entry["rules"], list):
            raise UsageError(f"{where}的 group_caps.{name} 应为 {{ rules = [\"T001\", …], cap = 30 }}")
        codes = tuple(_rule_code(str(selector), where) for selector in entry["rules"])
        groups[name] = (codes, _number(entry["cap"], f"{where}的 group_caps.{name}.cap", low=0.0, high=100.0))
    if sum(data["weights"].values()) <= 0:
        raise UsageError(f"{where}的各维度权重之和必须大于 0")
    return Rubric(
        weights={key: float(value) for key, value in data["weights"].items()},
        caps={key: float(value) for key, value in data["caps"].items()},
        severity_cost={key: float(value) for key, value in data["severity_cost"].items()},
        rule_cap=float(data["rule_cap"]),
        feature_weight=float(data["feature_weight"]),
        rules=multipliers,
        rule_caps=rule_caps,
        group_caps=groups,
        source=source,
    )


def _number(value: Any, origin: str, *, low: float, high: float) -> float:
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise UsageError(f"{origin} 应为数字，实际是 {value!r}")
    if not low <= float(value) <= high:
        raise UsageError(f"{origin} 应在 {low:g} 到 {high:g} 之间，实际是 {value!r}")
    return float(value)


def _rule_code(selector: str, where: str) -> str:
    from narrative_qa.rules.registry import find_rule

    found = find_rule(selector)
    if found is None:
        raise UsageError(f"{where}的 rules 中有未知的规则“{selector}”")
    return found.code


def score_table(path: Path) -> dict[str, Any]:
    """The `[score]` table of a configuration file ({} when it has none)."""
    try:
        data = tomllib.loads(path.read_text("utf-8"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as error:
        raise UsageError(f"无法读取配置文件 {path}：{error}") from None
    table = data.get("tool", {}).get("narrative-qa", {}) if path.name == "pyproject.toml" else data
    score = table.get("score", {}) if isinstance(table, dict) else {}
    if not isinstance(score, dict):
        raise UsageError(f"配置文件 {path} 的 score 应为一个表，例如 [tool.narrative-qa.score]")
    return score


def load_rubric(config: str | Path | None = None, *, near: str | Path | None = None) -> Rubric:
    """The rubric from `config` (a file), else from the configuration file found by walking up
    from `near` (a report or folder) as `nqa lint` does, else the default."""
    from narrative_qa.linting.config import discover

    path: Path | None
    if config is not None:
        path = Path(config).resolve()
        if not path.is_file():
            raise UsageError(f"找不到配置文件：{path}")
    else:
        start = Path(near).resolve() if near is not None else Path.cwd()
        path = discover(start if start.is_dir() else start.parent)
    if path is None:
        return default_rubric()
    table = score_table(path)
    return build_rubric(table, source=str(path)) if table else default_rubric()


def explain(rubric: Rubric) -> str:
    """The rubric as text, for `nqa score --explain`."""
    from narrative_qa.rules.registry import all_rules

    total_weight = sum(rubric.weights.values())
    lines = [f"评分规则（来源：{'默认' if rubric.source == 'default' else rubric.source}）", ""]
    lines.append("总分 = 各维度得分（0–100）按权重加权平均，满分 100。")
    lines.append("维度得分 = 100 − min(封顶扣分, 该维度各问题扣分之和)；同一规则的扣分合计不超过 "
                 f"{rubric.rule_cap:g} 分。")
    lines.append("单个问题扣分 = 级别扣分 × 规则系数；级别扣分：" + "，".join(
        f"{name} {rubric.severity_cost.get(name, 0):g}" for name in SEVERITIES))
    lines.append("同一数字只算一处错误：指向同一单元格的表格问题、出自同一句话的文表不一致问题只扣一次分。")
    lines.append("缺少或空着的部分按其缺少的内容扣分：该部分已有同等或更高级别的“缺少规定内容”（R001）或"
                 "“缺少表格”（T005）问题扣分时，“缺少部分”（S003）、“空部分”（S008）不再重复扣分。")
    lines.append(f"具体程度 = {1 - rubric.feature_weight:g} × (100 − Q 类扣分) + {rubric.feature_weight:g} × "
                 "叙述部分具体内容密度在模型语料中的百分位。")
    lines.append("")
    lines.append(f"{'维度':<12}{'权重':>6}{'封顶':>6}  规则类别")
    for dimension in DIMENSIONS:
        weight = rubric.weights.get(dimension, 0.0)
        lines.append(
            f"{dimension:<12}{100 * weight / total_weight:>6.1f}{rubric.caps.get(dimension, 100):>6g}  "
            f"{DIMENSION_TITLES[dimension]}（{'、'.join(DIMENSION_FAMILIES[dimension])} 类规则"
            + ("及具体内容密度" if dimension == "specificity" else "") + "）"
        )
    lines.append("")
    lines.append("规则系数（未列出的规则为 1；“代码:级别”只作用于该级别）：")
    names = {registered.code: registered.name for registered in all_rules()}
    for code, value in sorted(rubric.rules.items()):
        lines.append(f"  {code:<12} {names.get(code.split(':')[0], ''):<30} × {value:g}")
    lines.append(f"单条规则扣分封顶（未列出的规则为 {rubric.rule_cap:g}）：")
    for code, value in sorted(rubric.rule_caps.items()):
        lines.append(f"  {code:<12} {names.get(code, ''):<30} {value:g}")
    lines.append("规则组扣分封顶（组内各规则扣分合计）：")
    for name, (codes, cap) in sorted(rubric.group_caps.items()):
        lines.append(f"  {name:<20} {'、'.join(codes):<30} {cap:g}")
    return "\n".join(lines) + "\n"
