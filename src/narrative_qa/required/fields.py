"""The {fields} of suggestion templates, filled from the report itself.

Every field is either a value the report contains (its year, its unit, a table figure) or a
visible placeholder 【请填写：…】 — never an invented figure. A sentence built from table 3
names only the outcomes the table counts, so the seed's 7 applications all answered as
本机关不掌握相关政府信息 come out as exactly that.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache

from narrative_qa.document.model import Report, Value
from narrative_qa.document.tables.labels import (
    T2_LICENSING,
    T2_NORMATIVE,
    T2_PENALTY,
    T3_CARRIED_IN,
    T3_CARRIED_OVER,
    T3_DISCLOSED,
    T3_NEW,
    T3_NOT_PROCESSED,
    T3_OTHER,
    T3_PARTLY,
    T3_TOTAL,
    T3_TOTAL_COLUMN,
    T3_UNAVAILABLE,
    T3_WITHHELD,
    TABLE3_ROWS,
)

PLACEHOLDER_PREFIX = "【请填写："
PLACEHOLDER = re.compile(r"【请填写：[^】]*】")


def placeholder(label: str) -> str:
    return f"{PLACEHOLDER_PREFIX}{label}】"


# Table 3 row of 其他处理·2: the applicant did not pay after a fee notice — so fees were charged.
_T3_FEE_NOTICE_ROW = T3_OTHER[1]

# A sentence saying a fee was charged, with its amount: 收取信息处理费120元 / 收费共计0.3万元.
_FEE_CHARGED = re.compile(
    r"(?<![未没无不])(收取|收缴|缴纳|收费)[^。；]{0,20}?(信息处理费|处理费|费用)?[^。；]{0,10}?"
    r"(共计|合计|总计|计)?\s*(?P<amount>\d+(?:\.\d+)?)\s*(?P<unit>万元|元)"
)
_FEE_WORD = re.compile(r"信息处理费|处理费")
_FEE_NONE = re.compile(r"(未|没有|无|不|均未|零)[^。；]{0,6}(收取|产生|发生|缴纳)|(收取|产生)[^。；]{0,8}(为零|0元)")


def _number(value: Value | None) -> int | float | None:
    if value is None or not value.is_number:
        return None
    return value.number


def _format(number: int | float) -> str:
    if isinstance(number, float) and number.is_integer():
        number = int(number)
    return str(number)


@dataclass(frozen=True, slots=True)
class Table3Figures:
    """The totals column of table 3, each None when unreadable or missing."""

    received: int | float | None
    carried_in: int | float | None
    total: int | float | None
    carried_over: int | float | None
    rows: tuple[int | float | None, ...]  # every row of the totals column

    @classmethod
    def of(cls, report: Report) -> Table3Figures | None:
        table = report.tables.table3
        if table is None or len(table.values) < len(TABLE3_ROWS):
            return None
        column = tuple(
            _number(row[T3_TOTAL_COLUMN]) if len(row) > T3_TOTAL_COLUMN else None for row in table.values
        )
        return cls(
            received=column[T3_NEW],
            carried_in=column[T3_CARRIED_IN],
            total=column[T3_TOTAL],
            carried_over=column[T3_CARRIED_OVER],
            rows=column,
        )


# Outcome groups of table 3 as a sentence names them: (name, rows, short names of the sub-rows).
_OUTCOME_GROUPS: tuple[tuple[str, range, tuple[str, ...]], ...] = (
    ("予以公开", range(T3_DISCLOSED, T3_DISCLOSED + 1), ()),
    ("部分公开", range(T3_PARTLY, T3_PARTLY + 1), ()),
    ("不予公开", T3_WITHHELD, tuple(label.split("·")[1][2:] for label in TABLE3_ROWS[T3_WITHHELD.start : T3_WITHHELD.stop])),
    ("无法提供", T3_UNAVAILABLE, tuple(label.split("·")[1][2:] for label in TABLE3_ROWS[T3_UNAVAILABLE.start : T3_UNAVAILABLE.stop])),
    ("不予处理", T3_NOT_PROCESSED, tuple(label.split("·")[1][2:] for label in TABLE3_ROWS[T3_NOT_PROCESSED.start : T3_NOT_PROCESSED.stop])),
    ("其他处理", T3_OTHER, ("申请人逾期不补正", "申请人逾期未缴纳费用", "其他")),
)


def _outcomes(figures: Table3Figures) -> list[tuple[str, int | float, list[tuple[str, int | float]]]] | None:
    """[(outcome, count, [(reason, count), …]), …] for the outcomes table 3 counts;
    None when one of their rows is unreadable."""
    found = []
    for name, rows, sub_names in _OUTCOME_GROUPS:
        counts = [figures.rows[row] for row in rows]
        if any(count is None for count in counts):
            return None
        group_total = sum(counts)  # type: ignore[arg-type]
        if group_total:
            parts = [(sub, count) for sub, count in zip(sub_names, counts) if count]
            found.append((name, group_total, parts))  # type: ignore[arg-type]
    return found


def _outcome_phrase(name: str, count: int | float, parts: list[tuple[str, int | float]]) -> str:
    phrase = f"{name}{_format(count)}件"
    if len(parts) == 1:
        return phrase + f"（均为{parts[0][0]}）"
    if parts:
        return phrase + "（" + "、".join(f"{sub}{_format(n)}件" for sub, n in parts) + "）"
    return phrase


def applications_sentence(report: Report) -> str:
    """The 依申请公开 sentence, every figure from table 3 (placeholders where it has none)."""
    year = _year(report)
    figures = Table3Figures.of(report)
    if figures is None or figures.received is None:
        return (
            f"{year}年，本机关新收政府信息公开申请{placeholder('本年新收申请件数（表三第一项）')}件，"
            f"{placeholder('办理结果（按表三第三项分类列明件数）')}。"
        )
    carried = figures.carried_in
    if not figures.received and not carried:
        return f"{year}年，本机关未收到政府信息公开申请，也没有上年结转的申请。"
    text = f"{year}年，本机关新收政府信息公开申请{_format(figures.received)}件"
    if carried is None:
        text += f"，上年结转{placeholder('上年结转申请件数')}件"
    elif carried:
        text += f"，上年结转{_format(carried)}件"
    outcomes = _outcomes(figures)
    total = figures.total
    if outcomes is None or total is None:
        text += f"；办理结果：{placeholder('按表三第三项分类列明件数')}"
    elif total:
        everything = total == figures.received + (carried or 0) and not figures.carried_over
        text += "，已全部办结" if everything else f"；本年度办结{_format(total)}件"
        if len(outcomes) == 1:
            name, _, parts = outcomes[0]
            reason = f"（{parts[0][0]}）" if len(parts) == 1 else ""
            text += f"，办理结果均为{name}{reason}"
        else:
            text += "，其中" + "，".join(_outcome_phrase(*outcome) for outcome in outcomes)
    if figures.carried_over is None:
        text += f"；结转下年度继续办理{placeholder('结转下年度件数')}件"
    elif figures.carried_over:
        text += f"；结转下年度继续办理{_format(figures.carried_over)}件"
    return text + "。"


def applications_brief(report: Report) -> str:
    """A short clause for the overview's figures: 收到政府信息公开申请7件 (or a placeholder)."""
    figures = Table3Figures.of(report)
    if figures is None or figures.received is None:
        return f"收到政府信息公开申请{placeholder('本年新收申请件数')}件"
    if not figures.received:
        return "未收到政府信息公开申请"
    return f"收到政府信息公开申请{_format(figures.received)}件"


def table2_clause(report: Report) -> str:
    """"，制发行政规范性文件3件，作出行政许可决定120件…" from the figures table 2 has."""
    table = report.tables.table2
    if table is None:
        return ""
    values = table.values
    parts: list[str] = []
    for index, wording in (
        (T2_NORMATIVE.start, "制发行政规范性文件{}件"),
        (T2_LICENSING, "作出行政许可决定{}件"),
        (T2_PENALTY, "作出行政处罚决定{}件"),
    ):
        number = _number(values[index]) if index < len(values) else None
        if number:
            parts.append(wording.format(_format(number)))
    return ("，" + "，".join(parts)) if parts else ""


def fee_sentence(report: Report) -> str:
    """The 信息处理费 statement: the amount the report states, 未收取 when nothing says
    otherwise, a placeholder when something points to a fee (a fee figure whose meaning is
    unclear, or table 3 counting applicants who did not pay after a fee notice)."""
    year = _year(report)
    text = report.text
    for match in _FEE_CHARGED.finditer(text):
        window = text[max(0, match.start() - 30) : match.end()]
        if _FEE_WORD.search(window):
            amount = f"{match.group('amount')}{match.group('unit')}"
            return f"{year}年，本机关依照《政府信息公开信息处理费管理办法》（国办函〔2020〕109号）收取信息处理费{amount}。"
    figures = Table3Figures.of(report)
    fee_notices = figures.rows[_T3_FEE_NOTICE_ROW] if figures else 0
    mentions_fee = any(
        not _FEE_NONE.search(text[max(0, m.start() - 20) : m.end() + 20]) for m in _FEE_WORD.finditer(text)
    )
    if fee_notices or mentions_fee:
        return f"{year}年，本机关收取政府信息公开信息处理费{placeholder('本年度收取的信息处理费金额（元）')}。"
    return f"{year}年，本机关未收取政府信息公开信息处理费。"


def _year(report: Report) -> str:
    return str(report.year) if report.year else placeholder("报告年度")


def _offset_year(report: Report, delta: int, label: str) -> str:
    return str(report.year + delta) if report.year else placeholder(label)


def _unit(report: Report) -> str:
    return report.unit or "本机关"


FIELDS: dict[str, Callable[[Report], str]] = {
    "year": _year,
    "prev_year": lambda report: _offset_year(report, -1, "上一年度"),
    "next_year": lambda report: _offset_year(report, 1, "下一年度"),
    "unit": _unit,
    "applications_sentence": applications_sentence,
    "applications_brief": applications_brief,
    "table2_clause": table2_clause,
    "fee_sentence": fee_sentence,
}
FIELD_NAMES: frozenset[str] = frozenset(FIELDS)


def fill(template: str, report: Report) -> str:
    """The template with every field it names filled from `report`."""
    return template.format(**{name: FIELDS[name](report) for name in _field_names(template)})


@lru_cache(maxsize=256)
def _field_names(template: str) -> frozenset[str]:
    """Names of the {fields} a template uses (the rulebook's templates: parsed once)."""
    from string import Formatter

    return frozenset(name for _, name, _, _ in Formatter().parse(template) if name)


def has_placeholder(text: str) -> bool:
    return PLACEHOLDER.search(text) is not None
