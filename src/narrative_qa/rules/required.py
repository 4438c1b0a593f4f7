"""Required statements (family R): what the format requires a report to say, from the rulebook
rules/required_statements.toml, and placeholders left in text pasted from `nqa suggest`."""

from __future__ import annotations

from collections.abc import Iterator
from narrative_qa.document.model import SECTION_TITLES
from narrative_qa.required.assess import anchor_span, assess, rulebook_from_options
from narrative_qa.required.fields import PLACEHOLDER
from narrative_qa.required.presence import DEFAULT_SIMILARITY
from narrative_qa.required.rulebook import extra_rulebook_base
from narrative_qa.rules.registry import Context, Finding, Rule, rule

_SECTION_NAMES = {"preamble": "报告开头（正文之前）", **{key: f"“{title}”部分" for key, title in SECTION_TITLES.items()}}


@rule(
    "R001",
    "missing-required-statement",
    "error",
    defaults={"similarity": DEFAULT_SIMILARITY, "disable": [], "extra-rulebook": None},
)
def missing_required_statement(context: Context, rule: Rule) -> Iterator[Finding]:
    """报告缺少格式或条例要求写明的内容（规定动作），如上年度问题整改情况、信息处理费收取情况、总体情况的五个方面。

    为什么：《政府信息公开条例》第五十条规定了年度报告的内容，国办公开办函〔2021〕30号要求总体情况涵盖
    主动公开、依申请公开、政府信息管理、政府信息公开平台建设、监督保障，内容“不能遗漏”；国办函〔2020〕109号
    要求报告信息处理费收取情况。每一项的依据写在规则库 required_statements.toml 中，随提示一并显示。
    检测同时看关键词、正则和与范例表述的相似度（字二元组 TF-IDF 余弦），换一种说法也算写了。

    示例：第六部分只写“无其他需要报告的事项”。
    修改：补写“2024年，本机关未收取政府信息公开信息处理费。”（nqa suggest 给出按本报告数字填好的文字；
    可在配置 [tool.narrative-qa.rules.missing-required-statement] 中用 disable 关闭条目、用 extra-rulebook 增加条目。）
    """
    report = context.report
    options = context.options(rule)
    extra = options.get("extra-rulebook")
    rulebook = rulebook_from_options(options, base_dir=extra_rulebook_base(report.path, extra))
    for result in assess(report, rulebook, similarity=float(options.get("similarity", DEFAULT_SIMILARITY))):
        if not result.missing:
            continue
        entry = result.entry
        where = _SECTION_NAMES.get(entry.section, entry.section)
        yield rule.finding(
            context,
            anchor_span(report, entry.section),
            f"{where}缺少“{entry.title}”（依据：{entry.source}）",
            section=entry.section,
            severity=result.severity,
            evidence={
                "id": entry.id,
                "section": entry.section,
                "source": entry.source,
                "best_similarity": result.detection.best_similarity,
                **({"figures": result.detection.figures} if result.detection.figures is not None else {}),
            },
            suggestion=result.suggestion,
        )


@rule("R002", "placeholder-statement", "error")
def placeholder_statement(context: Context, rule: Rule) -> Iterator[Finding]:
    """正文中留有未填写的占位符“【请填写：…】”。

    为什么：nqa suggest 补写的文字中，报告本身没有的数字和事实留作占位符，绝不代为编造；占位符留在
    发布稿中，等于该项内容仍未写明（依据同 missing-required-statement 对应条目）。

    示例：“本报告电子版可在【请填写：本机关门户网站名称及网址】查阅。”
    修改：填入实际内容并删除括号，如“本报告电子版可在青禾县人民政府门户网站“政府信息公开”专栏查阅。”
    """
    report = context.report
    for match in PLACEHOLDER.finditer(report.text):
        section = next(
            (s.key for s in report.sections if s.span.start <= match.start() < max(s.span.end, s.span.start + 1)),
            None,
        )
        yield rule.finding(
            context,
            report.raw.span(match.start(), match.end()),
            f"占位符尚未填写：{match.group()}",
            section=section,
            evidence={"placeholder": match.group()},
        )
