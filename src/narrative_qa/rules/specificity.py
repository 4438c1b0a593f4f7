"""Q rules: thin or generic text, above all in 五 (存在的主要问题及改进情况), and 一's sub-topics
with no specifics at all.

Lengths and specificity are judged against the corpus distribution of the same section for the
report's level and era (`Model.section_percentile`); specificity is `nlp.features.specificity`
(figures, dates, named units, documents, channels per 100 Chinese characters).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

import numpy as np

from narrative_qa.nlp.features import chinese_chars, has_specifics, specificity
from narrative_qa.rules._text import (
    ReportAnalysis,
    SentenceInfo,
    analyze_report,
    cross_similarity,
    generic_similarity,
    problems_section_indexes,
    section_anchor,
    section_label,
    small_matmul,
    split_problems,
    tfidf_rows,
)
from narrative_qa.rules.registry import Context, Finding, Rule, Severity, rule

THIN_DEFAULTS: dict[str, Any] = {
    "short-percentile": 25.0,  # shorter than 3 in 4 corpus 五 sections of the same level and era ...
    "max-density": 1.0,  # ... and fewer than 1 specific mention per 100 characters
    "generic-percentile": 35.0,  # or: shorter than 65% of them ...
    "generic-similarity": 0.35,  # ... with no specific mention and generic wording (about the corpus median)
}


def problems_profile(
    analysis: ReportAnalysis, section_index: int, model: Any, options: dict[str, Any] | None = None
) -> dict[str, Any]:
    """The numbers thin-problems-section decides on, for one 五 section (also used by the
    evaluation script). With the rule's `options`, the generic similarity (which needs every
    sentence of the section segmented) is computed only when it can matter: when the length
    percentile leaves the section a chance to be thin; otherwise it is None."""
    report = analysis.report
    section = report.sections[section_index]
    text = "".join(sentence.text for sentence in section.sentences)
    measured = specificity(text)
    level = report.level if report.level != "unknown" else None
    era = report.era if report.era != "unknown" else None
    percentile = model.section_percentile("problems", "length", float(measured.chinese_chars), level, era)
    needed = options is None or (
        percentile is not None
        and percentile <= max(float(options["short-percentile"]), float(options["generic-percentile"]))
    )
    generic: float | None = None
    if needed:
        tokens = [token for info in analysis.in_section_index(section_index) for token in info.tokens]
        generic = generic_similarity(model, tokens) if tokens else 0.0
    return {
        "chars": measured.chinese_chars,
        "length_percentile": percentile,
        "specifics": measured.total,
        "density": measured.total_per_100,
        "generic_similarity": generic,
        "specifics_by_kind": {name: getattr(measured, name) for name in ("figures", "dates", "units", "documents", "channels")},
    }


def is_thin(profile: dict[str, Any], options: dict[str, Any]) -> str | None:
    """"short" / "generic" when the section is thin, else None."""
    percentile = profile["length_percentile"]
    if percentile is None:
        return None
    if percentile <= float(options["short-percentile"]) and profile["density"] < float(options["max-density"]):
        return "short"
    if (
        percentile <= float(options["generic-percentile"])
        and profile["specifics"] == 0
        and profile["generic_similarity"] >= float(options["generic-similarity"])
    ):
        return "generic"
    return None


@rule("Q001", "thin-problems-section", Severity.WARNING, defaults=THIN_DEFAULTS, needs_model=True)
def thin_problems_section(context: Context, rule: Rule) -> Iterator[Finding]:
    """“五、存在的主要问题及改进情况”过于单薄：篇幅明显短于语料中同类报告，又缺少具体内容。

    为什么：《政府信息公开条例》第五十条要求年度报告写明“存在的主要问题及改进情况”；
    国办公开办函〔2021〕30号要求内容“不能遗漏，也不宜泛化”。寥寥数句、没有任何具体问题和
    可检查措施的第五部分，审核时会被认为敷衍。判断依据（阈值可配置）：汉字数在语料中同一层级、
    同一格式时期的第五部分中处于 short-percentile（默认第 25 百分位）以下，且具体内容（数字、日期、
    单位、文件、渠道）每百字少于 max-density（默认 1）处；或汉字数低于 generic-percentile
    （默认第 35 百分位）、没有一处具体内容、且与语料“通用问题表述”中心的 TF-IDF 相似度至少
    generic-similarity（默认 0.35，约为语料中各报告问题句通用度的第 75 百分位）。默认值按语料分布选定，
    并用 benchmarks/eval_text_rules.py 中 45 份人工标注的真实报告检验。证据给出字数、百分位、具体内容密度和通用度。
    （依据：《政府信息公开条例》第五十条；国办公开办函〔2021〕30号“不能遗漏，也不宜泛化”）

    示例：第五部分只写“存在问题：信息公开工作还有差距，队伍能力有待提高。改进措施：加强学习，做好信息公开工作。”
    修改：逐条写出本年度的具体问题（哪类信息、哪个栏目、什么时候、多少条），每个问题对应一条可检查的
    整改措施（做什么、谁负责、何时完成）。
    """
    model = context.model
    options = context.options(rule)
    analysis = analyze_report(context.report)
    report = context.report
    for section_index in problems_section_indexes(report)[:1]:
        profile = problems_profile(analysis, section_index, model, options)
        kind = is_thin(profile, options)
        if kind is None:
            continue
        percentile = profile["length_percentile"]
        detail = (
            f"没有一处具体内容，措辞与语料中的通用问题表述相近（相似度 {profile['generic_similarity']:.2f}）"
            if kind == "generic"
            else f"具体内容（数字、日期、单位、文件、渠道）每百字 {profile['density']:.1f} 处"
        )
        yield rule.finding(
            context,
            section_anchor(report.sections[section_index]),
            f"{section_label(report, section_index)}过于单薄：只有 {profile['chars']} 个汉字，短于语料中 "
            f"{100 - percentile:.0f}% 的同类报告；{detail}",
            section="problems",
            evidence={
                "kind": kind,
                "chars": profile["chars"],
                "length_percentile": round(percentile, 1),
                "specifics": profile["specifics"],
                "specifics_per_100": round(profile["density"], 2),
                "specifics_by_kind": profile["specifics_by_kind"],
                "generic_similarity": round(profile["generic_similarity"], 3),
                "level": report.level,
                "era": report.era,
            },
        )


GENERIC_DEFAULTS: dict[str, Any] = {"similarity": 0.38, "min-chars": 20}


@rule("Q002", "generic-problems", Severity.INFO, defaults=GENERIC_DEFAULTS, needs_model=True)
def generic_problems(context: Context, rule: Rule) -> Iterator[Finding]:
    """第五部分陈述的问题只是通用说法：与语料中“人人都写”的问题表述几乎一样，且没有具体内容。

    为什么：“业务能力有待提高”“解读形式不够丰富”几乎出现在每一份报告里，说明不了本单位的真实问题，
    也就无法据此整改（《政府信息公开条例》第五十条；国办公开办函〔2021〕30号“不宜泛化”）。
    把问题句合起来计算 TF-IDF 向量，与语料第五部分的通用中心（至少 20% 的第五部分都用到的词）的余弦
    至少 similarity（默认 0.38，约为语料中各报告问题句通用度的第 85 百分位，按单位留出计算）且没有数字、日期、单位、文件、渠道时报告。
    （依据：《政府信息公开条例》第五十条；国办公开办函〔2021〕30号“不宜泛化”）

    示例：“存在问题：主动公开意识有待进一步加强，政策解读形式不够丰富。”
    修改：写出具体表现：“全年政策解读12篇中10篇为文字解读，未按要求配发图解；2个股室信息员年内更换。”
    """
    model = context.model
    options = context.options(rule)
    analysis = analyze_report(context.report)
    report = context.report
    for section_index in problems_section_indexes(report)[:1]:
        problems, _ = split_problems(analysis, section_index)
        chars = sum(info.chars for info in problems)
        if chars < int(options["min-chars"]):
            continue
        if any(analysis.specifics(info) for info in problems):
            continue
        similarity = generic_similarity(model, [token for info in problems for token in info.tokens])
        if similarity < float(options["similarity"]):
            continue
        first = problems[0]
        yield rule.finding(
            context,
            first.span,
            f"存在的问题只有通用说法（与语料中常见的问题表述相似度 {similarity:.2f}），没有本单位的具体问题",
            section="problems",
            evidence={"generic_similarity": round(similarity, 3), "problem_sentences": len(problems), "chars": chars},
        )


UNANSWERED_DEFAULTS: dict[str, Any] = {"similarity": 0.1, "min-chars": 8}


@rule("Q003", "unanswered-problem", Severity.INFO, defaults=UNANSWERED_DEFAULTS)
def unanswered_problem(context: Context, rule: Rule) -> Iterator[Finding]:
    """第五部分提出的问题没有对应的改进措施。

    为什么：《政府信息公开条例》第五十条要求报告“存在的主要问题及改进情况”：问题与改进应当一一对应，
    “问题与改进不对应”是审核常见意见。每个问题句的各分句与全部改进措施句计算词频向量余弦（不按 IDF 加权：问题和
    措施往往用同一个领域常用词，如“政策解读”，IDF 会把这种对应压低），最高值低于 similarity
    （默认 0.1；平潭语料 380 个问题句中约 9% 低于它）即视为没有措施回应它。按分句比较：一句列了
    三个问题时，其中一个有对应措施不会被另外两个冲淡。只在第五部分同时写了问题和措施时检查
    （完全没写措施由 missing-required-statement 报告）。
    （依据：《政府信息公开条例》第五十条“存在的主要问题及改进情况”）

    示例：问题写了“依申请公开答复不够规范”，措施只讲“加强培训、丰富解读形式”。
    修改：为每个问题写一条针对它的措施，如“制定依申请公开答复模板，2025年6月前完成”。
    """
    options = context.options(rule)
    analysis = analyze_report(context.report)
    report = context.report
    for section_index in problems_section_indexes(report)[:1]:
        problems, measures = split_problems(analysis, section_index)
        problems = [info for info in problems if info.chars >= int(options["min-chars"]) and _states_problem(info)]
        if not problems or not measures:
            continue
        best = _best_clause_similarity(problems, measures, None)
        for info, score in zip(problems, best):
            if score >= float(options["similarity"]):
                continue
            yield rule.finding(
                context,
                info.span,
                f"这个问题在改进措施中没有对应的措施（与各条措施的最高相似度 {score:.2f}）",
                section="problems",
                evidence={"best_similarity": round(score, 3), "measures": len(measures)},
            )


_CLAUSE = re.compile(r"[，,；;：:、]")
_CLAUSE_MARKS = frozenset("，,；;：:、")  # the characters of _CLAUSE


def _best_clause_similarity(problems: list[SentenceInfo], measures: list[SentenceInfo], model: Any) -> list[float]:
    """Per problem sentence, the best cosine of any of its clauses with any measure sentence
    (term counts, weighted by `model`'s IDF when one is given): a sentence listing three
    problems must not dilute the one a measure answers."""
    clauses: list[list[str]] = []
    owner: list[int] = []
    for number, info in enumerate(problems):
        # The clauses of `_CLAUSE.split(info.core)`, from the sentence's own tokens.
        for tokens in info.clause_tokens(_CLAUSE_MARKS):
            if len(tokens) >= 2:
                clauses.append(tokens)
                owner.append(number)
    best = [0.0] * len(problems)
    if not clauses:
        return best
    rows = tfidf_rows(clauses + [info.tokens for info in measures], model)
    scores = small_matmul(rows[: len(clauses)], rows[len(clauses) :].T).max(axis=1)
    for number, score in zip(owner, scores.tolist()):
        best[number] = max(best[number], score)
    return best


def _states_problem(info: SentenceInfo) -> bool:
    from narrative_qa.rules._text import _PROBLEM_CUE

    # Lead-ins such as "但仍存在一些不足。" name no problem of their own: nothing to answer.
    return bool(_PROBLEM_CUE.search(info.text)) and len(info.tokens) >= 4 and not _is_lead_in(info.text)


def _is_lead_in(text: str) -> bool:
    ends = ("不足", "问题", "方面", "差距", "短板", "表现在", "体现在", "如下", "之处", "主要有", "表现为")
    return text.rstrip("。：:；;，,").endswith(ends) and len(text) < 60 and "是" not in text[:3]


REPEATED_DEFAULTS: dict[str, Any] = {"similarity": 0.9, "min-chars": 10}


def _problem_pairs(context: Context, threshold: float, min_chars: int) -> list[tuple[SentenceInfo, SentenceInfo, float, bool]]:
    current = analyze_report(context.report)
    previous = analyze_report(context.previous)
    pairs = []
    mine = [info for index in problems_section_indexes(context.report)[:1] for info in split_problems(current, index)[0]]
    theirs = [info for index in problems_section_indexes(context.previous)[:1] for info in split_problems(previous, index)[0]]
    mine = [info for info in mine if info.chars >= min_chars]
    theirs = [info for info in theirs if info.chars >= min_chars]
    if not mine or not theirs:
        return pairs
    similarity = cross_similarity(current, [i.index for i in mine], previous, [i.index for i in theirs], context.model)
    prints = {info.fingerprint: info for info in theirs if info.fingerprint is not None}
    for row, info in enumerate(mine):
        column = int(np.argmax(similarity[row]))
        score = float(similarity[row, column])
        identical = info.fingerprint in prints
        if identical or score >= threshold:
            pairs.append((info, prints.get(info.fingerprint, theirs[column]), 1.0 if identical else score, identical))
    return pairs


@rule("Q004", "repeated-problems", Severity.WARNING, defaults=REPEATED_DEFAULTS, needs_model=True, needs_previous=True)
def repeated_problems(context: Context, rule: Rule) -> Iterator[Finding]:
    """今年报告的问题与上一年度报告的问题逐字相同（用 --previous 给出上一年度报告时检查）。

    为什么：问题年年照抄，说明既没有整改，也没有重新查找问题；“问题年复一年重复出现”是审核中
    “问题与改进不对应”的典型表现（《政府信息公开条例》第五十条“改进情况”）。问题句去掉数字、空格、
    标点后与去年的问题句相同，或 TF-IDF 余弦至少 similarity（默认 0.9）时报告，证据给出去年的行号。
    （依据：《政府信息公开条例》第五十条“改进情况”）

    示例：2023年和2024年的报告都写“依申请公开答复文书格式不统一，部分答复未载明救济途径”。
    修改：说明去年的问题整改到什么程度；仍未解决的，写明原因和新的措施；写出今年新发现的问题。
    """
    if context.previous is None:
        return
    options = context.options(rule)
    name = context.previous.path.name
    for info, earlier, score, identical in _problem_pairs(context, float(options["similarity"]), int(options["min-chars"])):
        yield rule.finding(
            context,
            info.span,
            f"这个问题与上一年度报告（{name} 第 {earlier.span.line} 行）{'逐字相同' if identical else '几乎相同'}",
            section="problems",
            evidence={"previous": name, "previous_line": earlier.span.line, "similarity": round(score, 3), "identical": identical},
        )


ADDRESSED_DEFAULTS: dict[str, Any] = {"similarity": 0.35, "min-chars": 10}


@rule("Q005", "unaddressed-previous-problems", Severity.INFO, defaults=ADDRESSED_DEFAULTS, needs_model=True, needs_previous=True)
def unaddressed_previous_problems(context: Context, rule: Rule) -> Iterator[Finding]:
    """上一年度报告提出的问题，今年的报告既没有说明整改情况，也没有继续列为问题。

    为什么：《政府信息公开条例》第五十条要求报告“改进情况”，多地通知要求写明上年度问题的整改情况；
    去年的问题今年不再提起，读者无从知道是否解决。去年第五部分的每个问题句，与今年第一、第五部分的
    所有句子计算 TF-IDF 余弦，最高值低于 similarity（默认 0.35）即视为今年没有提及；报告一次，列出
    这些问题在去年报告中的行号。语料中 2021—2025 年的平潭报告都没有写上年问题整改情况，所以只作提示。
    （依据：《政府信息公开条例》第五十条“改进情况”；各省年度报告编制通知）

    示例：去年写“依申请公开答复格式不统一”，今年的报告对此只字未提。
    修改：在第五部分写明“上年度问题整改情况”：去年的每个问题做了什么、结果如何。
    """
    if context.previous is None:
        return
    options = context.options(rule)
    current = analyze_report(context.report)
    previous = analyze_report(context.previous)
    theirs = [
        info
        for index in problems_section_indexes(context.previous)[:1]
        for info in split_problems(previous, index)[0]
        if info.chars >= int(options["min-chars"]) and _states_problem(info)
    ]
    mine = [info for info in current.sentences if info.section in ("overview", "problems")]
    if not theirs or not mine:
        return
    similarity = cross_similarity(previous, [i.index for i in theirs], current, [i.index for i in mine], context.model)
    best = similarity.max(axis=1)
    missing = [(info, score) for info, score in zip(theirs, best.tolist()) if score < float(options["similarity"])]
    if not missing:
        return
    report = context.report
    indexes = problems_section_indexes(report)
    anchor = section_anchor(report.sections[indexes[0]]) if indexes else None
    name = context.previous.path.name
    lines = "、".join(str(info.span.line) for info, _ in missing[:8])
    yield rule.finding(
        context,
        anchor,
        f"上一年度报告（{name}）提出的 {len(missing)} 个问题（第 {lines} 行）今年没有说明整改情况，也没有继续提及",
        section="problems",
        evidence={
            "previous": name,
            "problems": [{"line": info.span.line, "best_similarity": round(score, 3)} for info, score in missing],
            "previous_problems": len(theirs),
        },
    )


SUBTOPIC_DEFAULTS: dict[str, Any] = {"min-chars": 30}


@rule("Q006", "generic-overview-subtopic", Severity.WARNING, defaults=SUBTOPIC_DEFAULTS)
def generic_overview_subtopic(context: Context, rule: Rule) -> Iterator[Finding]:
    """“一、总体情况”的某个方面（如主动公开）通篇没有一个数字、日期、单位、文件或渠道名称。

    为什么：国办公开办函〔2021〕30号要求总体情况写明主动公开、依申请公开、政府信息管理、平台建设、
    监督保障的情况，且“不宜泛化”；一个方面只有“高度重视、积极推进、取得成效”而没有任何具体内容，
    读者无法知道这一年做了什么。至少 min-chars（默认 30）个汉字、却没有任何具体内容
    （nlp.features.specificity 的数字、日期、单位、文件、渠道；单独的年份不算）的子标题段落报告；
    2019 年以前的自由格式报告不检查。
    （依据：国办公开办函〔2021〕30号 总体情况的五个方面，“不能遗漏，也不宜泛化”）

    示例：“（一）主动公开：始终坚持公开为常态、不公开为例外，不断提升公开质量。”
    修改：写出本年度的数字和做法：“全年在门户网站主动公开政府信息186条，其中政策解读12篇。”
    """
    options = context.options(rule)
    report = context.report
    if report.era == "pre2019":  # the free-form reports before the 2019 format had no such sub-topics
        return
    for section in report.sections_by_key("overview"):
        for topic in section.subtopics:
            text = report.text[topic.span.start : topic.span.end]
            chars = chinese_chars(text)
            # The first specific mention settles it: no need to count them all.
            if chars < int(options["min-chars"]) or has_specifics(text):
                continue
            yield rule.finding(
                context,
                topic.heading.span,
                f"“{topic.heading.title}”一段 {chars} 个汉字，没有一个数字、日期、单位、文件或渠道名称，内容空泛",
                section="overview",
                evidence={"subtopic": topic.heading.title, "chars": chars, "specifics": 0},
            )
