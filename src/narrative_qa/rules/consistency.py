"""C rules: what the narrative says against what the tables count (REPORT_FORMAT.md rule 6).

Claims come from `_claims.py`, which only extracts numbers whose clause says plainly what
they count. A claim is compared only with a table cell that is a valid count (see
`_cells.py`), and a stated number that equals another reading of the table (for example
新收 + 上年结转 for "共受理") is not reported: the sentence may simply mean that.
"""

from __future__ import annotations

from collections.abc import Iterator

from narrative_qa.document.model import Report, Span, Value
from narrative_qa.document.tables.labels import (
    T3_CARRIED_IN,
    T3_CARRIED_OVER,
    T3_NEW,
    T3_TOTAL,
    T3_TOTAL_COLUMN,
    T4_BLOCKS,
    TABLE3_COLUMNS,
    TABLE3_ROWS,
)
from narrative_qa.rules import _claims as claims_module
from narrative_qa.rules._cells import count, counts, has_2021_tables
from narrative_qa.rules._claims import Claim, extract_claims
from narrative_qa.rules.registry import Context, Finding, Rule, rule

_ROW_FOR_KIND = {
    claims_module.RECEIVED: T3_NEW,
    claims_module.NONE_RECEIVED: T3_NEW,
    claims_module.HANDLED: T3_TOTAL,
    claims_module.CARRIED_OVER: T3_CARRIED_OVER,
    claims_module.CARRIED_IN: T3_CARRIED_IN,
}
_WHAT = {
    claims_module.RECEIVED: "本年新收政府信息公开申请",
    claims_module.HANDLED: "办结政府信息公开申请",
    claims_module.CARRIED_OVER: "结转下年度继续办理的申请",
    claims_module.CARRIED_IN: "上年结转的申请",
    claims_module.REVIEWS: "因政府信息公开引起的行政复议",
    claims_module.LAWSUITS: "因政府信息公开引起的行政诉讼",
}
_ORGANISATION_COLUMNS = range(1, T3_TOTAL_COLUMN)


def _claims(context: Context) -> list[Claim]:
    # Extracted once per report and shared by the C rules (see _claims.extract_claims).
    return extract_claims(context.report)


@rule("C001", "text-table-mismatch", "error")
def check_text_table_mismatch(context: Context, rule: Rule) -> Iterator[Finding]:
    """正文中陈述的数字与表格不一致，或正文称“未收到申请”而表三有新收申请。

    为什么：正文和表格是同一年度同一批申请的两种写法，数字对不上属于“数据前后矛盾”，
    是年度报告审核中最常见的退回理由之一。比较的内容：本年新收申请（及自然人、法人或其他组织
    分列数）、办结数、上年结转、结转下年度（表三），因政府信息公开引起的行政复议、行政诉讼数（表四）。
    只比较句子本身说清了统计对象的数字（如“收到政府信息公开申请17件”）；咨询、留言、热线、
    主动公开条数等不比较；数字等于表格另一种合理读法（如新收+上年结转）时不报告。
    （依据：《中华人民共和国政府信息公开条例》第五十条；国办公开办函〔2021〕30号 年度报告格式）

    示例：正文“本年度未收到政府信息公开申请”，表三“一、本年新收政府信息公开申请数量”总计为 7。
    修改：以核实后的台账为准，同时更正正文和表格，使两处一致。
    """
    report = context.report
    if not has_2021_tables(report):
        return
    seen: set[tuple[str, int, int]] = set()
    for claim in _claims(context):
        finding = _compare(context, rule, report, claim)
        if finding is None:
            continue
        key = (claim.kind, claim.sentence.offsets[0], claim.start)
        if key in seen:
            continue
        seen.add(key)
        yield finding


def _compare(context: Context, rule: Rule, report: Report, claim: Claim) -> Finding | None:
    table3, table4 = report.tables.table3, report.tables.table4
    span = claim.sentence.raw_span(report, claim.start, claim.end)
    section = claim.sentence.section if claim.sentence.section not in ("unknown",) else None
    kind = claim.kind

    if kind in _ROW_FOR_KIND and table3 is not None:
        row = _ROW_FOR_KIND[kind]
        cell = table3.values[row][T3_TOTAL_COLUMN]
        table_value = count(cell)
        if table_value is None:
            return None
        readings = _total_readings(table3.values[row])
        label = f"{TABLE3_ROWS[row]}｜总计"
        if kind == claims_module.NONE_RECEIVED:
            if min(readings) == 0:
                return None
            return rule.finding(
                context,
                span,
                f"正文称未收到政府信息公开申请，但表三“{TABLE3_ROWS[row]}”总计为 {table_value}",
                section=section,
                evidence={"kind": kind, "stated": 0, "phrase": claim.phrase, "table": "table3", "cell": label, "table_value": table_value, "table_line": cell.span.line if cell.span else None},
                suggestion="核实本年度是否收到申请，更正正文或表三，使两处一致",
            )
        if claim.value in readings or claim.value in _other_readings(report, kind):
            return None
        return _mismatch(context, rule, claim, span, section, "table3", label, table_value, cell.span.line if cell.span else None)

    if kind == claims_module.RECEIVED_BY and table3 is not None:
        columns = _ORGANISATION_COLUMNS if claim.applicant == "法人或其他组织" else [TABLE3_COLUMNS.index(claim.applicant)]
        new = counts([table3.values[T3_NEW][column] for column in columns])
        if new is None:
            return None
        carried_in = counts([table3.values[T3_CARRIED_IN][column] for column in columns])
        readings = {sum(new)} | ({sum(new) + sum(carried_in)} if carried_in is not None else set())
        if claim.value in readings:
            return None
        label = f"{TABLE3_ROWS[T3_NEW]}｜{claim.applicant}"
        return _mismatch(context, rule, claim, span, section, "table3", label, sum(new), None, what=f"{claim.applicant}提出的本年新收申请")

    if kind in (claims_module.REVIEWS, claims_module.LAWSUITS) and table4 is not None:
        table_value, label = _table4_total(report, kind)
        if table_value is None or claim.value in _table4_readings(report, kind):
            return None
        return _mismatch(context, rule, claim, span, section, "table4", label, table_value, None)

    if kind == "none_review_lawsuit" and table4 is not None:
        for subject in claim.subjects:
            subject_kind = claims_module.REVIEWS if subject == "行政复议" else claims_module.LAWSUITS
            table_value, label = _table4_total(report, subject_kind)
            if table_value and min(_table4_readings(report, subject_kind)) > 0:
                return rule.finding(
                    context,
                    span,
                    f"正文称未发生因政府信息公开引起的{subject}，但表四“{label}”为 {table_value}",
                    section=section,
                    evidence={"kind": kind, "subject": subject, "stated": 0, "phrase": claim.phrase, "table": "table4", "cell": label, "table_value": table_value},
                    suggestion="核实复议、诉讼情况，更正正文或表四",
                )
    return None


def _mismatch(
    context: Context,
    rule: Rule,
    claim: Claim,
    span: Span,
    section: str | None,
    table: str,
    label: str,
    table_value: int,
    table_line: int | None,
    *,
    what: str | None = None,
) -> Finding:
    what = what or _WHAT.get(claim.kind, claim.kind)
    table_name = "表三" if table == "table3" else "表四"
    return rule.finding(
        context,
        span,
        f"正文称{what} {_format(claim.value)} 件，但{table_name}“{label}”为 {table_value}",
        section=section,
        evidence={
            "kind": claim.kind,
            "stated": claim.value,
            "phrase": claim.phrase,
            "table": table,
            "cell": label,
            "table_value": table_value,
            "table_line": table_line,
        },
        suggestion=f"核实后使正文与{table_name}一致（表格为 {table_value}）",
    )


def _other_readings(report: Report, kind: str) -> set[int]:
    """Numbers a sentence about this kind may mean without contradicting the table: a
    "受理/收到 N 件" that counts the carried-in applications too, or the handled total."""
    table3 = report.tables.table3
    if table3 is None:
        return set()
    total = lambda row: count(table3.values[row][T3_TOTAL_COLUMN])  # noqa: E731
    new, carried_in, handled = total(T3_NEW), total(T3_CARRIED_IN), total(T3_TOTAL)
    readings: set[int] = set()
    if kind == claims_module.RECEIVED:
        if new is not None and carried_in is not None:
            readings.add(new + carried_in)
        if handled is not None:
            readings.add(handled)
    return readings


def _total_readings(row: list[Value]) -> set[int]:
    """What a table-3 row says its total is: the 总计 cell, and also the sum of the six
    applicant columns when that differs (the row then fails table3-row-sum, which reports
    it; the text is not accused of contradicting a total the table itself contradicts)."""
    readings = set()
    total = count(row[T3_TOTAL_COLUMN])
    if total is not None:
        readings.add(total)
    parts = counts(row[:T3_TOTAL_COLUMN])
    if parts is not None:
        readings.add(sum(parts))
    return readings


def _table4_readings(report: Report, kind: str) -> set[int]:
    """Table 4 totals as the total cells say and as the result cells add up (see above)."""
    table4 = report.tables.table4
    blocks = [T4_BLOCKS[0]] if kind == claims_module.REVIEWS else [T4_BLOCKS[1], T4_BLOCKS[2]]
    by_total, by_parts = 0, 0
    for block in blocks:
        values = counts([table4.values[index] for index in block])
        if values is None:
            return set()
        by_total += values[-1]
        by_parts += sum(values[:-1])
    return {by_total, by_parts}


def _table4_total(report: Report, kind: str) -> tuple[int | None, str]:
    table4 = report.tables.table4
    if table4 is None:
        return None, ""
    if kind == claims_module.REVIEWS:
        return count(table4.values[T4_BLOCKS[0][-1]]), "行政复议｜总计"
    totals = counts([table4.values[T4_BLOCKS[1][-1]], table4.values[T4_BLOCKS[2][-1]]])
    return (sum(totals) if totals is not None else None), "行政诉讼｜未经复议直接起诉总计+复议后起诉总计"


def _format(value: int | float | None) -> str:
    return "" if value is None else str(value)


@rule("C002", "unfinished-but-all-handled", "warning")
def check_unfinished_but_all_handled(context: Context, rule: Rule) -> Iterator[Finding]:
    """正文称申请“全部办结/均已答复/办结率100%”，但表三有结转下年度继续办理的申请。

    为什么：结转下年度继续办理的申请在本年度尚未办结，正文说“全部办结”与表三矛盾，
    读者会怀疑数据的真实性。（依据：国办公开办函〔2021〕30号 年度报告格式 表三“四、结转下年度继续办理”）

    “按时办结率100%”只说已办结的都按时，不与结转矛盾，不报告；句中已说明结转或“除……外”的，也不报告。

    示例：正文“收到申请20件，均已按期办结”，表三“四、结转下年度继续办理”总计为 2。
    修改：写明“办结18件，2件结转下年度继续办理”，或更正表三。
    """
    report = context.report
    table3 = report.tables.table3
    if not has_2021_tables(report) or table3 is None:
        return
    cell = table3.values[T3_CARRIED_OVER][T3_TOTAL_COLUMN]
    carried_over = count(cell)
    if not carried_over:
        return
    reported: set[int] = set()
    for claim in _claims(context):
        if claim.kind != claims_module.ALL_HANDLED or claim.sentence.offsets[0] in reported:
            continue
        reported.add(claim.sentence.offsets[0])
        yield rule.finding(
            context,
            claim.sentence.raw_span(report, claim.start, claim.end),
            f"正文称申请已全部办结（“{claim.phrase}”），但表三“{TABLE3_ROWS[T3_CARRIED_OVER]}”总计为 {carried_over}",
            section=claim.sentence.section if claim.sentence.section != "unknown" else None,
            evidence={"phrase": claim.phrase, "table": "table3", "cell": f"{TABLE3_ROWS[T3_CARRIED_OVER]}｜总计", "table_value": carried_over},
            suggestion=f"写明结转下年度继续办理的 {carried_over} 件，或更正表三",
        )


@rule("C003", "fee-statement-mismatch", "warning")
def check_fee_statement_mismatch(context: Context, rule: Rule) -> Iterator[Finding]:
    """报告一处写收取了信息处理费（金额大于0），另一处又写未收取信息处理费。

    为什么：是否收取信息处理费、收取多少，应在第六部分如实报告；前后说法相反，公众无从判断。
    注意：表二的“行政事业性收费”是机关的行政收费，不是信息处理费，不作比较。
    （依据：国办函〔2020〕109号《政府信息公开信息处理费管理办法》；国办公开办函〔2021〕30号 年度报告格式第六部分）

    示例：第一部分“全年收取信息处理费200元”，第六部分“本年度未收取信息处理费”。
    修改：核实收费台账，两处写法保持一致。
    """
    claims = [claim for claim in _claims(context) if claim.kind in (claims_module.FEE_AMOUNT, claims_module.FEE_NONE)]
    amounts = [claim for claim in claims if claim.kind == claims_module.FEE_AMOUNT and claim.value]
    nones = [claim for claim in claims if claim.kind == claims_module.FEE_NONE]
    if not amounts or not nones:
        return
    report = context.report
    first_amount = amounts[0]
    for claim in nones:
        yield rule.finding(
            context,
            claim.sentence.raw_span(report, claim.start, claim.end),
            f"此处称未收取信息处理费，但第 {first_amount.sentence.raw_span(report, first_amount.start).line} 行称收取了 {first_amount.value} 元",
            section=claim.sentence.section if claim.sentence.section != "unknown" else None,
            evidence={
                "none_phrase": claim.phrase,
                "amount_phrase": first_amount.phrase,
                "amount": first_amount.value,
                "amount_line": first_amount.sentence.raw_span(report, first_amount.start).line,
            },
            suggestion="核实信息处理费收取情况，统一两处说法",
        )
