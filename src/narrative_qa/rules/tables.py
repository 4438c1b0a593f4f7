"""T rules: the arithmetic the 2021 form's tables must satisfy (REPORT_FORMAT.md, rules 1–5).

Only reports of the 2021 format are checked (older forms have other tables). A cell that is
not a valid count is reported once (invalid-cell / unreadable-cell) and every sum that
involves it is skipped, so one bad cell never produces a cascade of findings.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from narrative_qa.document.model import Report, Value, ValueKind
from narrative_qa.document.tables.labels import (
    T2_FEES,
    T2_NORMATIVE,
    T2_RULES,
    T3_CARRIED_IN,
    T3_CARRIED_OVER,
    T3_NEW,
    T3_OUTCOMES,
    T3_TOTAL,
    T3_TOTAL_COLUMN,
    T4_BLOCKS,
    TABLE2_LABELS,
    TABLE3_COLUMNS,
    TABLE3_ROWS,
    TABLE4_LABELS,
)
from narrative_qa.rules._cells import count, counts, has_2021_tables, locate, section_heading_span
from narrative_qa.rules.registry import Context, Finding, Rule, Severity, rule

_APPLICANT_COLUMNS = range(0, T3_TOTAL_COLUMN)
_T4_BLOCK_NAMES = ("行政复议", "行政诉讼（未经复议直接起诉）", "行政诉讼（复议后起诉）")
_TABLE_SECTIONS = {"table2": "active_disclosure", "table3": "applications", "table4": "review_litigation"}
_TABLE_NAMES = {"table2": "表二（主动公开政府信息情况）", "table3": "表三（收到和处理政府信息公开申请情况）", "table4": "表四（行政复议、行政诉讼情况）"}


def _table3_column(report: Report, column: int) -> list[Value]:
    table = report.tables.table3
    assert table is not None
    return [row[column] for row in table.values]


@rule("T001", "table3-balance", "error")
def check_table3_balance(context: Context, rule: Rule) -> Iterator[Finding]:
    """表三某一列不满足“第一项加第二项之和，等于第三项加第四项之和”。

    为什么：表三表头印有这条勾稽关系：本年新收（一）加上年结转（二），应等于本年度办理结果的
    （七）总计加结转下年度继续办理（四）。不平衡说明有申请被漏记或重复统计，是审核中最常被
    退回的“数据前后矛盾”。（依据：国办公开办函〔2021〕30号《中华人民共和国政府信息公开工作年度报告格式》）

    示例：“总计”列 一=7、二=0，但（七）总计=6、四=0：7 ≠ 6。
    修改：逐项核对该列的新收、结转和办理结果，使 一+二 = （七）总计+四。
    """
    report = context.report
    table = report.tables.table3
    if not has_2021_tables(report) or table is None:
        return
    for column, column_name in enumerate(TABLE3_COLUMNS):
        cells = [table.values[T3_NEW][column], table.values[T3_CARRIED_IN][column], table.values[T3_TOTAL][column], table.values[T3_CARRIED_OVER][column]]
        numbers = counts(cells)
        if numbers is None:
            continue
        new, carried_in, total, carried_over = numbers
        if new + carried_in == total + carried_over:
            continue
        yield rule.finding(
            context,
            locate(report, cells[2], cells[0], table.span),
            f"表三“{column_name}”列不平衡：一（{new}）+ 二（{carried_in}）= {new + carried_in}，"
            f"但（七）总计（{total}）+ 四（{carried_over}）= {total + carried_over}",
            section="applications",
            evidence={
                "column": column_name,
                "一": new,
                "二": carried_in,
                "七": total,
                "四": carried_over,
                "一+二": new + carried_in,
                "七+四": total + carried_over,
            },
            suggestion="核对该列数字，使“本年新收+上年结转”等于“（七）总计+结转下年度继续办理”",
        )


@rule("T002", "table3-row-sum", "error")
def check_table3_row_sum(context: Context, rule: Rule) -> Iterator[Finding]:
    """表三某一行六类申请人的数字之和不等于该行“总计”。

    为什么：“总计”列是自然人与五类法人或其他组织之和；行内对不上，读者无法判断哪一个数字
    是真的，审核时按数据矛盾处理。（依据：国办公开办函〔2021〕30号 年度报告格式 表三）

    示例：“一、本年新收”行 自然人 5、商业企业 1、其余为 0，总计却填 5。
    修改：把总计改为各列之和（此例为 6），或更正填错的申请人列。
    """
    report = context.report
    table = report.tables.table3
    if not has_2021_tables(report) or table is None:
        return
    for row_index, row in enumerate(table.values):
        numbers = counts(row)
        if numbers is None:
            continue
        parts, total = numbers[: T3_TOTAL_COLUMN], numbers[T3_TOTAL_COLUMN]
        if sum(parts) == total:
            continue
        yield rule.finding(
            context,
            locate(report, row[T3_TOTAL_COLUMN], row[0], table.span),
            f"表三“{TABLE3_ROWS[row_index]}”行：六类申请人之和为 {sum(parts)}，但总计填写为 {total}",
            section="applications",
            evidence={
                "row": TABLE3_ROWS[row_index],
                "cells": dict(zip(TABLE3_COLUMNS, numbers)),
                "sum": sum(parts),
                "总计": total,
            },
            suggestion=f"将该行总计改为 {sum(parts)}，或更正填错的申请人列",
        )


@rule("T003", "table3-outcome-sum", "error")
def check_table3_outcome_sum(context: Context, rule: Rule) -> Iterator[Finding]:
    """表三某一列各项办理结果之和不等于（七）总计。

    为什么：（七）总计是（一）予以公开、（二）部分公开和（三）至（六）全部细项之和；对不上
    说明办理结果有漏填或重复填写。（依据：国办公开办函〔2021〕30号 年度报告格式 表三）

    示例：“自然人”列（一）予以公开 3、（四）1.本机关不掌握 2，其余为 0，（七）总计却为 4。
    修改：逐项核对办理结果，使（一）+（二）+（三）至（六）各细项 = （七）总计（此例为 5）。
    """
    report = context.report
    table = report.tables.table3
    if not has_2021_tables(report) or table is None:
        return
    for column, column_name in enumerate(TABLE3_COLUMNS):
        column_values = _table3_column(report, column)
        outcome_values = [column_values[row] for row in T3_OUTCOMES]
        numbers = counts([*outcome_values, column_values[T3_TOTAL]])
        if numbers is None:
            continue
        outcomes, total = numbers[:-1], numbers[-1]
        if sum(outcomes) == total:
            continue
        nonzero = {TABLE3_ROWS[row]: value for row, value in zip(T3_OUTCOMES, outcomes) if value}
        yield rule.finding(
            context,
            locate(report, column_values[T3_TOTAL], table.span),
            f"表三“{column_name}”列：各项办理结果之和为 {sum(outcomes)}，但（七）总计为 {total}",
            section="applications",
            evidence={"column": column_name, "nonzero_outcomes": nonzero, "sum": sum(outcomes), "七": total},
            suggestion="核对（一）至（六）各细项，使其和等于（七）总计",
        )


@rule("T004", "table4-block-sum", "error")
def check_table4_block_sum(context: Context, rule: Rule) -> Iterator[Finding]:
    """表四某一栏“结果维持+结果纠正+其他结果+尚未审结”不等于该栏“总计”。

    为什么：表四分行政复议、未经复议直接起诉、复议后起诉三栏，每栏总计是四种结果之和；
    对不上会让人怀疑复议、诉讼数量本身。（依据：国办公开办函〔2021〕30号 年度报告格式 表四）

    示例：行政复议栏 维持 1、纠正 1、其他 0、尚未审结 0，总计填 1。
    修改：把总计改为四项之和（此例为 2），或更正结果栏。
    """
    report = context.report
    table = report.tables.table4
    if not has_2021_tables(report) or table is None:
        return
    for block_name, block in zip(_T4_BLOCK_NAMES, T4_BLOCKS):
        values = [table.values[index] for index in block]
        numbers = counts(values)
        if numbers is None:
            continue
        parts, total = numbers[:-1], numbers[-1]
        if sum(parts) == total:
            continue
        yield rule.finding(
            context,
            locate(report, values[-1], table.span),
            f"表四“{block_name}”栏：维持、纠正、其他结果、尚未审结之和为 {sum(parts)}，但总计为 {total}",
            section="review_litigation",
            evidence={
                "block": block_name,
                "cells": {TABLE4_LABELS[index]: value for index, value in zip(block, numbers)},
                "sum": sum(parts),
                "总计": total,
            },
            suggestion=f"将该栏总计改为 {sum(parts)}，或更正各结果数",
        )


@rule("T005", "missing-table", "error")
def check_missing_table(context: Context, rule: Rule) -> Iterator[Finding]:
    """2021 年格式的报告缺少表二、表三或表四。

    为什么：2021 年起的年度报告格式规定第二、三、四部分以统一表格报告主动公开、依申请公开
    和复议诉讼数据，缺表即缺少法定报告内容。（依据：国办公开办函〔2021〕30号；《政府信息公开条例》第五十条）

    沿用 2019 年试行格式的表格（如表三“（六）其他处理”不分三项、表二按“本年新制作数量”统计）
    也在此报告，并在提示中说明。

    示例：“三、收到和处理政府信息公开申请情况”下只有一句“本年度未收到申请”，没有表格。
    修改：按格式填入完整的表三，没有发生的事项填 0。
    """
    report = context.report
    if not has_2021_tables(report):
        return
    for name in ("table2", "table3", "table4"):
        table = getattr(report.tables, name)
        if table is not None and any(value.kind is not ValueKind.MISSING for value in _flat_values(table)):
            continue
        section = _TABLE_SECTIONS[name]
        legacy = _legacy_layout(report, name)
        message = (
            f"{_TABLE_NAMES[name]}沿用了 2019 年试行格式，未按 2021 年格式填报"
            if legacy
            else f"未找到{_TABLE_NAMES[name]}"
        )
        yield rule.finding(
            context,
            section_heading_span(report, section),
            message,
            section=section if section_heading_span(report, section) else None,
            evidence={"table": name, "legacy_2019_layout": legacy},
            suggestion=f"按 2021 年格式填报{_TABLE_NAMES[name]}，没有发生的事项填 0",
        )


def _legacy_layout(report: Report, name: str) -> bool:
    """Whether the reader saw this table in the 2019 trial layout and so left it untyped
    (the typed tables only hold the 2021 layout)."""
    return report.tables.older_layout.get(name) == "2019trial"


def _flat_values(table) -> list[Value]:
    values = table.values
    if values and isinstance(values[0], list):
        return [value for row in values for value in row]
    return list(values)


# (row label, cell label) of every cell, built once (read for every cell of every report).
_T2_LABELS = [(label.split("·")[0], label) for label in TABLE2_LABELS]
_T3_LABELS = [[(row, f"{row}｜{column}") for column in TABLE3_COLUMNS] for row in TABLE3_ROWS]
_T4_LABELS = [(label.rsplit("·", 1)[0], label) for label in TABLE4_LABELS]


def _cells_with_labels(report: Report) -> Iterator[tuple[str, str, str, Value, bool]]:
    """(table name, row label, cell label, value, may be fractional) for every cell of the typed tables."""
    tables = report.tables
    if tables.table2 is not None:
        for index, value in enumerate(tables.table2.values):
            row_label, label = _T2_LABELS[index]
            yield "table2", row_label, label, value, index == T2_FEES
    if tables.table3 is not None:
        for row_index, row in enumerate(tables.table3.values):
            labels = _T3_LABELS[row_index]
            for column_index, value in enumerate(row):
                row_label, label = labels[column_index]
                yield "table3", row_label, label, value, False
    if tables.table4 is not None:
        for index, value in enumerate(tables.table4.values):
            row_label, label = _T4_LABELS[index]
            yield "table4", row_label, label, value, False


@rule("T006", "invalid-cell", "error")
def check_invalid_cell(context: Context, rule: Rule) -> Iterator[Finding]:
    """表格中的数字不可能成立：负数，或本应是件数却带小数。

    为什么：件数、决定数、申请数只能是非负整数（只有表二“行政事业性收费”以万元计，可为小数）。
    这类数字多半是录入或换算错误。（依据：国办公开办函〔2021〕30号 年度报告格式）

    示例：表三“二、上年结转”自然人列填 -1；表二“行政许可”填 12.5。
    修改：改为实际的件数；没有发生的填 0，不适用的填“/”。
    """
    report = context.report
    if not has_2021_tables(report):
        return
    for table_name, _, label, value, fractional_allowed in _cells_with_labels(report):
        if value.kind is not ValueKind.NUMBER or value.number is None:
            continue
        number = value.number
        if number < 0:
            problem = "为负数"
        elif isinstance(number, float) and not number.is_integer() and not fractional_allowed:
            problem = "带小数，但此处应为件数"
        else:
            continue
        table = getattr(report.tables, table_name)
        yield rule.finding(
            context,
            locate(report, value, table.span),
            f"{_TABLE_NAMES[table_name]}“{label}”填写为 {value.raw or number}，{problem}",
            section=_TABLE_SECTIONS[table_name],
            evidence={"table": table_name, "cell": label, "value": number, "raw": value.raw},
            suggestion="改为实际的非负整数",
        )


@rule("T007", "unreadable-cell", "warning", defaults={"collapse_ratio": 0.5})
def check_unreadable_cell(context: Context, rule: Rule) -> Iterator[Finding]:
    """表格中有单元格无法读出数字，或整格缺失；与之相关的合计不再核对。

    为什么：读不出的数字（如“十”“约5”、错位粘连的数字串）无法核对勾稽关系，公众也看不懂；
    缺格常是复制表格时丢失。（依据：国办公开办函〔2021〕30号 年度报告格式）

    示例：表三“（七）总计”自然人列写成“5件左右”；表四少了最后一格。
    修改：填写阿拉伯数字；没有发生的填 0，不适用的填“/”。

    同一行的问题合并报告一次；一张表一半以上的单元格读不出时，整张表只报告一次（阈值
    collapse_ratio 可配置）。整行缺失（如部门报告删去“规章”行），或网页表格被压平后几格数字
    连在一起、无法唯一拆分的，以提示（info）级别报告。
    """
    report = context.report
    if not has_2021_tables(report):
        return
    collapse_ratio = float(context.options(rule).get("collapse_ratio", 0.5))
    # table -> row label -> [(cell label, value)]: a row read as a whole (one bad cell can
    # make the reader give up on the row) is reported once, not once per cell.
    by_table: dict[str, dict[str, list[tuple[str, Value]]]] = {}
    totals: dict[str, int] = {}
    for table_name, row_label, label, value, _ in _cells_with_labels(report):
        totals[table_name] = totals.get(table_name, 0) + 1
        if value.kind in (ValueKind.UNREADABLE, ValueKind.MISSING):
            by_table.setdefault(table_name, {}).setdefault(row_label, []).append((label, value))
    for table_name, rows in by_table.items():
        table = getattr(report.tables, table_name)
        bad = [cell for cells in rows.values() for cell in cells]
        if all(value.kind is ValueKind.MISSING for _, value in bad) and len(bad) == totals[table_name]:
            continue  # the whole table is absent: that is missing-table's finding
        unreadable = {label: cells for label, cells in rows.items() if any(v.kind is ValueKind.UNREADABLE for _, v in cells)}
        unreadable_cells = sum(len(cells) for cells in unreadable.values())
        if unreadable_cells > collapse_ratio * totals[table_name]:
            all_run_together = all(
                _digits_run_together(table, cells, sorted({v.raw for _, v in cells if v.raw})) for cells in unreadable.values()
            )
            yield rule.finding(
                context,
                locate(report, table.span, section_heading_span(report, _TABLE_SECTIONS[table_name])),
                f"{_TABLE_NAMES[table_name]}有 {unreadable_cells} 个单元格（共 {totals[table_name]} 个）无法读出数字，该表的勾稽关系未核对",
                severity=Severity.INFO if all_run_together else None,
                section=_TABLE_SECTIONS[table_name],
                evidence={"table": table_name, "unreadable": unreadable_cells, "cells": totals[table_name], "rows": list(unreadable)},
                suggestion="检查表格是否完整，数字是否逐格填写",
            )
            rows = {label: cells for label, cells in rows.items() if label not in unreadable}
        rows, merged_rows = _merge_shared_rows(rows) if table_name == "table3" else (rows, {})
        for row_label, cells in rows.items():
            missing = all(value.kind is ValueKind.MISSING for _, value in cells)
            raws = sorted({value.raw for _, value in cells if value.raw})
            run_together = _digits_run_together(table, cells, raws)
            sub_rows = merged_rows.get(row_label)
            if sub_rows:
                # （六）其他处理 printed as one row for its sub-rows: one finding, not one per sub-row.
                shown = " ".join(raws[0].split())[:30] if raws else ""
                yield rule.finding(
                    context,
                    locate(report, cells[0][1], table.span),
                    f"{_TABLE_NAMES[table_name]}“{row_label}”的 {len(sub_rows)} 个细项只填了一行（“{shown}”），无法分项读出数字，相关合计未核对",
                    section=_TABLE_SECTIONS[table_name],
                    evidence={
                        "table": table_name,
                        "row": row_label,
                        "merged_rows": sub_rows,
                        "cells": [label.split("｜")[-1] for label, _ in cells],
                        "kinds": ["unreadable"],
                        "raw": raws[:1],
                    },
                    suggestion="按 2021 年格式分项填写各细项；没有发生的填 0",
                )
                continue
            if missing:
                what, severity = "缺失", Severity.INFO  # e.g. a department leaves out the 规章 row
            elif run_together:
                what, severity = f"的数字连在一起（“{raws[0][:30]}”），无法确定如何拆分到各格", Severity.INFO
            elif (numbers := _short_row(cells, raws)) is not None:
                what, severity = f"只有 {numbers} 个数字（“{raws[0][:30]}”），少于应有的 {len(cells)} 格", None
            else:
                what, severity = "无法读出数字" + (f"（“{raws[0][:30]}”）" if raws else ""), None
            where = f"“{cells[0][0]}”" if len(cells) == 1 else f"“{row_label}”行的 {len(cells)} 个单元格"
            yield rule.finding(
                context,
                locate(report, cells[0][1], table.span),
                f"{_TABLE_NAMES[table_name]}{where}{what}，相关合计未核对",
                severity=severity,
                section=_TABLE_SECTIONS[table_name],
                evidence={
                    "table": table_name,
                    "row": row_label,
                    "cells": [label.split("｜")[-1] for label, _ in cells],
                    "kinds": sorted({value.kind.value for _, value in cells}),
                    "raw": raws[:3],
                },
                suggestion="填写阿拉伯数字；没有发生的填 0，不适用的填“/”",
            )


def _merge_shared_rows(
    rows: dict[str, list[tuple[str, Value]]],
) -> tuple[dict[str, list[tuple[str, Value]]], dict[str, list[str]]]:
    """Table-3 sub-rows the document prints as one merged row (the reader gives each of
    their cells the merged row's unreadable value, one span): grouped under their common
    parent label ("（六）其他处理"). Returns the rows with such groups merged, and parent ->
    sub-row labels."""
    result: dict[str, list[tuple[str, Value]]] = {}
    merged: dict[str, list[str]] = {}
    groups: dict[object, list[str]] = {}
    for label, cells in rows.items():
        spans = {value.span for _, value in cells}
        if len(spans) == 1 and None not in spans and all(value.kind is ValueKind.UNREADABLE for _, value in cells):
            groups.setdefault(spans.pop(), []).append(label)
    grouped = {
        label: labels
        for labels in groups.values()
        if len(labels) > 1 and len({item.split("·")[0] for item in labels}) == 1
        for label in labels
    }
    for label, cells in rows.items():
        labels = grouped.get(label)
        if labels is None:
            result[label] = cells
            continue
        parent = labels[0].split("·")[0]
        if parent not in merged:
            merged[parent] = [item.split("·")[-1] for item in labels]
            result[parent] = cells
    return result, merged


def _digits_run_together(table, cells: list[tuple[str, Value]], raws: list[str]) -> bool:
    """Cells lost because a flattened capture ran their digits together ("2433" for three
    cells): more digits than cells, so several splits are possible. That is the capture's
    doing rather than the writer's, and is reported at info level."""
    if getattr(table, "source", "") != "flattened" or len(raws) != 1:
        return False
    digits = "".join(raws[0].split())
    return digits.isdigit() and len(digits) > len(cells)


def _short_row(cells: list[tuple[str, Value]], raws: list[str]) -> int | None:
    """How many numbers a row holds when it holds fewer than it has cells ("0 0 0 0 0 0"
    for seven cells): a cell was left out, so none can be placed with certainty."""
    if len(raws) != 1 or len(cells) < 2:
        return None
    tokens = [token for token in re.split(r"[\s|｜]+", raws[0]) if token]
    if not tokens or not all(token.isdigit() for token in tokens):
        return None
    digits = sum(len(token) for token in tokens)
    # zeros run together ("0 00000") are one zero per cell; other multi-digit tokens are one number each
    one_per_digit = all(len(token) == 1 or set(token) == {"0"} for token in tokens)
    count_of_numbers = digits if one_per_digit else len(tokens)
    return count_of_numbers if count_of_numbers < len(cells) else None


@rule("T008", "carry-over-mismatch", "warning", needs_previous=True)
def check_carry_over(context: Context, rule: Rule) -> Iterator[Finding]:
    """本年表三“二、上年结转”与上一年度报告的“四、结转下年度继续办理”不一致（需 --previous）。

    为什么：上一年结转下年度继续办理的申请，就是本年的上年结转申请，两份报告应逐列相等；
    不一致说明有申请在两年之间“消失”或凭空出现。（依据：国办公开办函〔2021〕30号 年度报告格式 表三）

    示例：上一年度报告结转下年度 总计 2，本年度报告上年结转 总计 0。
    修改：核对跨年办理的申请，更正本年的上年结转（或说明上一年度数据的更正）。
    """
    report, previous = context.report, context.previous
    if previous is None or not has_2021_tables(report) or not has_2021_tables(previous):
        return
    table, previous_table = report.tables.table3, previous.tables.table3
    if table is None or previous_table is None:
        return
    for column, column_name in enumerate(TABLE3_COLUMNS):
        carried_in = count(table.values[T3_CARRIED_IN][column])
        carried_over = count(previous_table.values[T3_CARRIED_OVER][column])
        if carried_in is None or carried_over is None or carried_in == carried_over:
            continue
        yield rule.finding(
            context,
            locate(report, table.values[T3_CARRIED_IN][column], table.span),
            f"表三“{column_name}”列：本年“上年结转”为 {carried_in}，但上一年度报告“结转下年度继续办理”为 {carried_over}",
            section="applications",
            evidence={
                "column": column_name,
                "二、上年结转": carried_in,
                "previous_四、结转下年度继续办理": carried_over,
                "previous_file": str(previous.path),
                "previous_year": previous.year,
            },
            suggestion=f"核对跨年办理的申请；通常应填 {carried_over}",
        )


@rule("T009", "in-force-continuity", "info", needs_previous=True)
def check_in_force_continuity(context: Context, rule: Rule) -> Iterator[Finding]:
    """本年“现行有效件数”不等于上一年现行有效件数 + 本年制发 − 本年废止（需 --previous）。

    为什么：规章和行政规范性文件的现行有效件数通常可由上年数字推算；差异可能是清理、失效或
    统计口径变化，不一定是错误，但值得核对并在报告中说明。（依据：国办公开办函〔2021〕30号 年度报告格式 表二）

    示例：上年现行有效 20 件，本年制发 3 件、废止 1 件，本年现行有效却填 25 件（推算为 22）。
    修改：核对现行有效文件目录；因到期失效等原因减少的，可在第六部分说明。
    """
    report, previous = context.report, context.previous
    if previous is None or not has_2021_tables(report) or not has_2021_tables(previous):
        return
    table, previous_table = report.tables.table2, previous.tables.table2
    if table is None or previous_table is None:
        return
    for kind, indices in (("规章", T2_RULES), ("行政规范性文件", T2_NORMATIVE)):
        issued_index, repealed_index, in_force_index = indices
        issued = count(table.values[issued_index])
        repealed = count(table.values[repealed_index])
        in_force = count(table.values[in_force_index])
        previous_in_force = count(previous_table.values[in_force_index])
        if None in (issued, repealed, in_force, previous_in_force):
            continue
        expected = previous_in_force + issued - repealed
        if expected == in_force:
            continue
        yield rule.finding(
            context,
            locate(report, table.values[in_force_index], table.span),
            f"表二“{kind}”现行有效件数为 {in_force}，按上年 {previous_in_force} + 本年制发 {issued} − 本年废止 {repealed} 推算应为 {expected}",
            section="active_disclosure",
            evidence={
                "kind": kind,
                "现行有效": in_force,
                "previous_现行有效": previous_in_force,
                "本年制发": issued,
                "本年废止": repealed,
                "expected": expected,
                "previous_file": str(previous.path),
            },
            suggestion="核对现行有效文件目录，差异原因可在第六部分说明",
        )
