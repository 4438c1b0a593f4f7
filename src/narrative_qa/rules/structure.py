"""S rules: the six-section skeleton of the report (REPORT_FORMAT.md, "The six sections").

They read only `Report.headings` (every top-level heading occurrence, duplicates kept) and
the sections' sub-topics; the shared judgements (which headings repeat, which stand out of
order) live in `_headings.py` so that each problem is reported by exactly one rule.
"""

from __future__ import annotations

from collections.abc import Iterator

from narrative_qa.document.model import SECTION_KEYS, Heading
from narrative_qa.rules._headings import (
    CHINESE_ORDINALS,
    SIX_SECTION_ERAS,
    duplicate_groups,
    has_visible_text,
    is_titled,
    near_duplicate_pairs,
    out_of_order,
    promoted_subtopics,
    standard_heading,
)
from narrative_qa.rules._similarity import normalize_title
from narrative_qa.rules.registry import Context, Finding, Rule, Severity, rule


@rule("S001", "duplicate-heading", "error")
def check_duplicate_heading(context: Context, rule: Rule) -> Iterator[Finding]:
    """同一个一级标题在报告中出现了不止一次。

    为什么：重复的标题多是复制粘贴留下的，读者不知道哪一段才是该部分的正文，审核时按
    “格式不规范”退回。年度报告格式规定六个部分各出现一次。（依据：国办公开办函〔2021〕30号
    《中华人民共和国政府信息公开工作年度报告格式》）

    每个重复都报告两处：第二次及以后的出现是“重复”（error），第一次出现另报一条提示（info），
    指向重复所在的行，便于对照删改。标题比较时忽略空格和标点（“一、总 体 情 况”与“一、总体情况”相同）。

    示例：第5行和第9行都是“一、总体情况”，两段之间是一段概述。
    修改：删去第二个标题，把两段内容合并到同一个“一、总体情况”下。
    """
    report = context.report
    for group in duplicate_groups(report.headings):
        first, repeats = group[0], group[1:]
        lines = [heading.span.line for heading in group]
        title = _display(first)
        yield rule.finding(
            context,
            first.span,
            f"标题“{title}”在第 {'、'.join(str(h.span.line) for h in repeats)} 行再次出现（此处为第一次出现）",
            section=first.key,
            evidence={"title": title, "occurrence": 1, "lines": lines},
            severity=Severity.INFO,
        )
        for number, heading in enumerate(repeats, start=2):
            yield rule.finding(
                context,
                heading.span,
                f"重复的标题：“{_display(heading)}”已在第 {first.span.line} 行出现过",
                section=heading.key,
                evidence={"title": title, "occurrence": number, "first_line": first.span.line, "lines": lines},
                suggestion="删去重复的标题，并把其下内容并入第一次出现的部分",
            )


@rule("S002", "near-duplicate-heading", "warning", defaults={"threshold": 0.7, "ngram_sizes": [1, 2]})
def check_near_duplicate_heading(context: Context, rule: Rule) -> Iterator[Finding]:
    """两个一级标题几乎相同，只差几个字（如“问题及改进”与“问题和改进”）。

    为什么：同一部分写了两次、只改了个别字，通常是修改旧稿时留下的残段，读者会以为报告有
    两个同名部分。（依据：国办公开办函〔2021〕30号 年度报告格式规定六个部分各一次）

    相似度为字符一元、二元组 TF-IDF 余弦（以本报告的标题和六个标准标题计算 IDF）。默认阈值
    0.7：六个标准标题两两之间的最高相似度为 0.38，而同一标题的常见变体（问题及改进/问题和改进、
    其他需要报告的事项/其他需要报告事项）在 0.73 以上。阈值 threshold 可配置。

    示例：“五、存在的主要问题及改进情况”之后又有“五、存在的主要问题和改进情况”。
    修改：保留一个标题，合并两处内容。
    """
    options = context.options(rule)
    threshold = float(options.get("threshold", 0.7))
    sizes = tuple(int(size) for size in options.get("ngram_sizes", (1, 2)))
    for earlier, later, similarity in near_duplicate_pairs(context.report.headings, threshold, sizes):
        yield rule.finding(
            context,
            later.span,
            f"标题“{_display(later)}”与第 {earlier.span.line} 行的“{_display(earlier)}”几乎相同（相似度 {similarity:.2f}）",
            section=later.key,
            evidence={
                "title": _display(later),
                "similar_title": _display(earlier),
                "similar_line": earlier.span.line,
                "similarity": round(similarity, 3),
                "threshold": threshold,
            },
            suggestion="确认是否为同一部分重复，保留一个标题并合并内容",
        )


@rule("S003", "missing-section", "error")
def check_missing_section(context: Context, rule: Rule) -> Iterator[Finding]:
    """报告缺少六个必备部分之一（按标题识别）。

    为什么：条例规定年度报告应包括的内容，年度报告格式把它们固定为六个部分，缺一部分就是
    “遗漏”法定内容，格式要求“不能遗漏”。（依据：《中华人民共和国政府信息公开条例》第五十条；
    国办公开办函〔2021〕30号 年度报告格式）

    仅检查采用六部分格式的报告（2019 年试行格式和 2021 年格式）。一个一级标题也没有识别到时，
    只报告一次。

    示例：报告从“四、政府信息公开行政复议、行政诉讼情况”直接到“五、其他需要报告的事项”。
    修改：补上“五、存在的主要问题及改进情况”，并按顺序调整序号。
    """
    report = context.report
    if report.era not in SIX_SECTION_ERAS:
        return
    if not report.headings:
        yield rule.finding(
            context,
            None,
            "未识别到任何一级标题（应有“一、总体情况”至“六、其他需要报告的事项”六个部分）",
            evidence={"missing": list(SECTION_KEYS)},
            suggestion="按年度报告格式分六个部分撰写，每部分以“一、”“二、”等序号加标准标题开头",
        )
        return
    present = {heading.key for heading in report.headings if heading.key}
    for index, key in enumerate(SECTION_KEYS):
        if key in present:
            continue
        following = next(
            (heading for heading in report.headings if heading.key in SECTION_KEYS[index + 1 :]),
            None,
        )
        expected = standard_heading(key)
        where = f"应在“{_display(following)}”之前" if following else "应在报告末尾"
        yield rule.finding(
            context,
            following.span if following else report.headings[-1].span,
            f"缺少第{CHINESE_ORDINALS[index + 1]}部分“{expected}”（{where}）",
            section=None,
            evidence={"missing": key, "expected_title": expected},
            suggestion=f"补充“{expected}”部分",
        )


@rule("S004", "section-order", "warning")
def check_section_order(context: Context, rule: Rule) -> Iterator[Finding]:
    """一级部分的先后顺序与年度报告格式不一致。

    为什么：六个部分的顺序由年度报告格式统一规定，便于公众在各机关报告之间对照阅读，
    也是考核评估的检查项。（依据：国办公开办函〔2021〕30号 年度报告格式）

    示例：“存在的主要问题及改进情况”排在“其他需要报告的事项”之后。
    修改：按 一总体情况、二主动公开、三依申请、四复议诉讼、五问题改进、六其他 的顺序调整。
    """
    report = context.report
    if report.era not in SIX_SECTION_ERAS:
        return
    for heading, other, relation in out_of_order(report.headings):
        where = "之前" if relation == "before" else "之后"
        yield rule.finding(
            context,
            heading.span,
            f"“{_display(heading)}”的位置不对：按格式应排在“{_display(other)}”{where}",
            section=heading.key,
            evidence={
                "key": heading.key,
                "expected_position": SECTION_KEYS.index(heading.key) + 1,
                "relation": relation,
                "other_title": _display(other),
                "other_line": other.span.line,
            },
            suggestion="按年度报告格式的六部分顺序调整",
        )


@rule("S005", "wrong-ordinal", "warning")
def check_wrong_ordinal(context: Context, rule: Rule) -> Iterator[Finding]:
    """一级标题的序号与该部分在格式中的序号不符（如“三、主动公开政府信息情况”）。

    为什么：年度报告格式给六个部分规定了固定序号，读者和考核人员按“第三部分”查找依申请
    公开情况；序号错位会让人以为缺了某一部分。（依据：国办公开办函〔2021〕30号 年度报告格式）

    已被 section-order 报告为顺序错误的标题、重复的标题和被写成一级标题的“总体情况”分项
    （promoted-subtopic）不再重复报告。

    示例：“四、存在的主要问题及改进情况”（应为“五、”）。
    修改：把序号改为格式规定的序号。
    """
    report = context.report
    if report.era not in SIX_SECTION_ERAS:
        return
    skip = {id(heading) for heading, _, _ in out_of_order(report.headings)}
    skip.update(id(heading) for group in duplicate_groups(report.headings) for heading in group[1:])
    skip.update(id(heading) for heading, _ in promoted_subtopics(report))
    for heading in report.headings:
        if heading.key not in SECTION_KEYS or heading.ordinal is None or id(heading) in skip:
            continue
        expected = SECTION_KEYS.index(heading.key) + 1
        if heading.ordinal == expected:
            continue
        yield rule.finding(
            context,
            heading.span,
            f"“{_display(heading)}”的序号应为“{CHINESE_ORDINALS[expected]}、”",
            section=heading.key,
            evidence={"ordinal": heading.ordinal, "expected_ordinal": expected, "key": heading.key},
            suggestion=f"{CHINESE_ORDINALS[expected]}、{heading.title}",
        )


@rule("S006", "numbering-restart", "warning")
def check_numbering_restart(context: Context, rule: Rule) -> Iterator[Finding]:
    """一级标题的序号回退或重复（如“一、二、三、”之后又出现“一、”或“二、”）。

    为什么：序号重新开始，说明报告中拼进了另一份文稿的片段，或把下级标题写成了一级标题，
    格式审核按“序号混乱”退回。（依据：国办公开办函〔2021〕30号 年度报告格式）

    与前面某个标题完全相同的重复标题由 duplicate-heading 报告，这里不再重复。

    示例：“五、存在的主要问题及改进情况”下写“一、存在的问题 二、改进措施”，之后是“六、其他需要报告的事项”。
    修改：下级标题改用“（一）”“（二）”，一级序号保持连续。
    """
    report = context.report
    duplicates = {id(heading) for group in duplicate_groups(report.headings) for heading in group[1:]}
    previous = None
    for heading in report.headings:
        if heading.ordinal is None:
            continue
        if previous is not None and heading.ordinal <= previous.ordinal and id(heading) not in duplicates:
            yield rule.finding(
                context,
                heading.span,
                f"序号“{CHINESE_ORDINALS.get(heading.ordinal, heading.ordinal)}、”出现在第 {previous.span.line} 行的"
                f"“{CHINESE_ORDINALS.get(previous.ordinal, previous.ordinal)}、”之后，一级序号回退",
                section=heading.key,
                evidence={"ordinal": heading.ordinal, "previous_ordinal": previous.ordinal, "previous_line": previous.span.line},
                suggestion="一级标题按“一、二、三……”连续编号；下级标题改用“（一）（二）”",
            )
        if id(heading) not in duplicates:
            previous = heading


@rule("S007", "promoted-subtopic", "warning")
def check_promoted_subtopic(context: Context, rule: Rule) -> Iterator[Finding]:
    """“总体情况”下的分项（主动公开、依申请公开、政府信息管理、平台建设、监督保障）被写成了一级标题。

    为什么：年度报告格式中这五项是“一、总体情况”的组成部分，应写在第一部分之内；写成一级标题
    会打乱六个部分的编号，并与第二、三部分的表格部分混淆。（依据：国办公开办函〔2021〕30号：
    总体情况涵盖主动公开、依申请公开、政府信息管理、政府信息公开平台建设、监督保障）

    示例：“一、总体情况”之后是“二、主动公开情况”“三、依申请公开情况”……再之后才是表格。
    修改：改为“（一）主动公开情况”“（二）依申请公开情况”等，放在“一、总体情况”之下。
    """
    report = context.report
    if report.era not in SIX_SECTION_ERAS:
        return
    for heading, topic in promoted_subtopics(report):
        yield rule.finding(
            context,
            heading.span,
            f"“{_display(heading)}”是“总体情况”的分项（{topic}），不应作为一级标题",
            section=heading.key,
            evidence={"title": heading.title, "subtopic": topic},
            suggestion=f"改为“（{CHINESE_ORDINALS.get(heading.ordinal or 1, '一')}）{heading.title}”，放在“一、总体情况”之下",
        )


@rule("S008", "empty-section", "warning")
def check_empty_section(context: Context, rule: Rule) -> Iterator[Finding]:
    """一个部分只有标题，没有任何正文或表格。

    为什么：条例要求年度报告如实报告各项内容，空着的部分等于未报告；确无相关情况的，也应
    写明“无”或填 0，而不是留空。（依据：《中华人民共和国政府信息公开条例》第五十条；
    国办公开办函〔2021〕30号“不能遗漏”）

    示例：“六、其他需要报告的事项”后紧接落款。
    修改：写明本部分的内容；确实没有的，写明“本年度无其他需要报告的事项”并说明信息处理费收取情况。
    """
    report = context.report
    table_spans = [
        (table.span.start, table.span.end)
        for table in (report.tables.table2, report.tables.table3, report.tables.table4)
        if table is not None and table.span is not None
    ]
    for section in report.sections:
        if section.heading is None:
            continue
        body = section.body
        if any(start < body.end and end > body.start for start, end in table_spans):
            continue
        if has_visible_text(report.text[body.start : body.end]):
            continue
        yield rule.finding(
            context,
            section.heading.span,
            f"“{_display(section.heading)}”下没有内容",
            section=section.key if section.key in SECTION_KEYS else None,
            evidence={"title": section.heading.title, "line": section.heading.span.line},
            suggestion="补写本部分内容；确无相关情况的写明“无”",
        )


@rule("S009", "duplicate-subtopic", "warning")
def check_duplicate_subtopic(context: Context, rule: Rule) -> Iterator[Finding]:
    """同一部分内，同一个分项标题出现了两次（如两个“（二）依申请公开”）。

    为什么：分项重复多是复制粘贴留下的，读者会看到两段互相重叠甚至矛盾的内容。
    （依据：国办公开办函〔2021〕30号 年度报告格式，内容“不能遗漏，也不宜泛化”）

    示例：“一、总体情况”下第二个分项和第四个分项都叫“依申请公开”。
    修改：合并两处内容，保留一个分项标题。
    """
    for section in context.report.sections:
        seen: dict[str, Heading] = {}
        for subtopic in section.subtopics:
            heading = subtopic.heading
            if not is_titled(heading.title):
                continue
            title = normalize_title(heading.title)
            first = seen.get(title)
            if first is None:
                seen[title] = heading
                continue
            yield rule.finding(
                context,
                heading.span,
                f"分项“{heading.title}”在本部分第 {first.span.line} 行已出现过",
                section=section.key if section.key in SECTION_KEYS else None,
                evidence={"title": heading.title, "first_line": first.span.line},
                suggestion="合并两处内容，保留一个分项标题",
            )


def _display(heading: Heading) -> str:
    """The heading as the user wrote it, for messages: 一、总体情况."""
    if heading.ordinal is None:
        return heading.title
    return f"{CHINESE_ORDINALS.get(heading.ordinal, str(heading.ordinal))}、{heading.title}"

