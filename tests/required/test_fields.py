"""Suggestions are filled from the report's own figures, and never invent one."""

from __future__ import annotations

from narrative_qa.document.model import Table3, Value, ValueKind
from narrative_qa.document.parse import read_report
from narrative_qa.document.tables.labels import T3_OTHER, TABLE3_ROWS
from narrative_qa.required.fields import applications_sentence, applications_brief, fee_sentence, fill


def _table3(rows: dict[int, int], unreadable: set[int] = frozenset()) -> Table3:
    """A table 3 whose totals column holds `rows` (0 elsewhere); applicants all 自然人."""
    values = []
    for index in range(len(TABLE3_ROWS)):
        if index in unreadable:
            cell = Value(ValueKind.UNREADABLE, None, "??")
            values.append([cell] * 7)
            continue
        number = rows.get(index, 0)
        values.append([Value(ValueKind.NUMBER, number, str(number))] + [Value(ValueKind.NUMBER, 0, "0")] * 5 + [Value(ValueKind.NUMBER, number, str(number))])
    return Table3(values=values)


def _report(write_draft, **bodies):
    return read_report(write_draft(**bodies))


def test_all_answered_as_not_held(write_draft):
    report = _report(write_draft)
    report.tables.table3 = _table3({0: 7, 12: 7, 23: 7})
    sentence = applications_sentence(report)
    assert sentence == "2024年，本机关新收政府信息公开申请7件，已全部办结，办理结果均为无法提供（本机关不掌握相关政府信息）。"


def test_mixed_outcomes_and_carry_over(write_draft):
    report = _report(write_draft)
    # 12 new + 2 carried in = 11 answered + 3 carried over; 5 disclosed, 2 partly, 3 withheld (2 third party, 1 process), 1 repeat
    report.tables.table3 = _table3({0: 12, 1: 2, 2: 5, 3: 2, 7: 2, 9: 1, 16: 1, 23: 11, 24: 3})
    sentence = applications_sentence(report)
    assert "新收政府信息公开申请12件，上年结转2件" in sentence
    assert "本年度办结11件" in sentence
    assert "予以公开5件" in sentence and "部分公开2件" in sentence
    assert "不予公开3件（保护第三方合法权益2件、属于四类过程性信息1件）" in sentence
    assert "不予处理1件（均为重复申请）" in sentence
    assert "结转下年度继续办理3件" in sentence


def test_nothing_received(write_draft):
    report = _report(write_draft)
    report.tables.table3 = _table3({})
    assert "未收到政府信息公开申请" in applications_sentence(report)
    assert applications_brief(report) == "未收到政府信息公开申请"


def test_no_table_or_unreadable_rows_leave_placeholders(write_draft):
    report = _report(write_draft)
    assert report.tables.table3 is None
    assert "【请填写：本年新收申请件数" in applications_sentence(report)
    report.tables.table3 = _table3({0: 4, 2: 4, 23: 4}, unreadable={12})
    sentence = applications_sentence(report)
    assert "新收政府信息公开申请4件" in sentence
    assert "【请填写：按表三第三项分类列明件数】" in sentence  # the outcome rows cannot be trusted


def test_fee_none_when_nothing_contradicts(write_draft):
    report = _report(write_draft)
    assert fee_sentence(report) == "2024年，本机关未收取政府信息公开信息处理费。"


def test_fee_uses_the_amount_the_report_states(write_draft):
    report = _report(write_draft, overview="依照管理办法，本年度向1名申请人收取信息处理费共计300元。")
    assert "收取信息处理费300元" in fee_sentence(report)


def test_fee_placeholder_when_table3_shows_a_fee_notice(write_draft):
    report = _report(write_draft)
    report.tables.table3 = _table3({0: 3, 2: 2, T3_OTHER[1]: 1, 23: 3})
    sentence = fee_sentence(report)
    assert "本机关未收取" not in sentence and "【请填写：" in sentence


def test_fee_placeholder_when_text_mentions_a_fee_without_amount(write_draft):
    report = _report(write_draft, overview="对超出合理范围的申请依法收取信息处理费。")
    assert "【请填写：" in fee_sentence(report)


def test_year_and_unit_fields(write_draft):
    report = _report(write_draft)
    assert fill("{year}|{prev_year}|{next_year}|{unit}", report) == "2024|2023|2025|青禾县民政局"
    report.year = None
    assert fill("{year}", report).startswith("【请填写：")
