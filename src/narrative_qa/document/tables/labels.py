"""The 2021 form's row and column labels, and tolerant patterns that find them.

Patterns match a distinctive key of each label rather than the whole label, because real
reports drop words, misspell them (不子公开, 废纸, 先行有效), insert spaces between characters
or wrap them across PDF lines. `fuzzy()` allows whitespace between any two characters.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

TABLE2_LABELS: list[str] = [
    "规章·本年制发件数",
    "规章·本年废止件数",
    "规章·现行有效件数",
    "行政规范性文件·本年制发件数",
    "行政规范性文件·本年废止件数",
    "行政规范性文件·现行有效件数",
    "行政许可·本年处理决定数量",
    "行政处罚·本年处理决定数量",
    "行政强制·本年处理决定数量",
    "行政事业性收费·本年收费金额（万元）",
]

TABLE3_ROWS: list[str] = [
    "一、本年新收政府信息公开申请数量",
    "二、上年结转政府信息公开申请数量",
    "三、本年度办理结果·（一）予以公开",
    "三、本年度办理结果·（二）部分公开",
    "（三）不予公开·1.属于国家秘密",
    "（三）不予公开·2.其他法律行政法规禁止公开",
    "（三）不予公开·3.危及“三安全一稳定”",
    "（三）不予公开·4.保护第三方合法权益",
    "（三）不予公开·5.属于三类内部事务信息",
    "（三）不予公开·6.属于四类过程性信息",
    "（三）不予公开·7.属于行政执法案卷",
    "（三）不予公开·8.属于行政查询事项",
    "（四）无法提供·1.本机关不掌握相关政府信息",
    "（四）无法提供·2.没有现成信息需要另行制作",
    "（四）无法提供·3.补正后申请内容仍不明确",
    "（五）不予处理·1.信访举报投诉类申请",
    "（五）不予处理·2.重复申请",
    "（五）不予处理·3.要求提供公开出版物",
    "（五）不予处理·4.无正当理由大量反复申请",
    "（五）不予处理·5.要求行政机关确认或重新出具已获取信息",
    "（六）其他处理·1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请",
    "（六）其他处理·2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请",
    "（六）其他处理·3.其他",
    "（七）总计",
    "四、结转下年度继续办理",
]

TABLE3_COLUMNS: list[str] = ["自然人", "商业企业", "科研机构", "社会公益组织", "法律服务机构", "其他", "总计"]

TABLE4_LABELS: list[str] = [
    f"{block}·{result}"
    for block in ("行政复议", "行政诉讼·未经复议直接起诉", "行政诉讼·复议后起诉")
    for result in ("结果维持", "结果纠正", "其他结果", "尚未审结", "总计")
]

# Row indices of table 3 that rules need.
T3_NEW = 0
T3_CARRIED_IN = 1
T3_DISCLOSED = 2
T3_PARTLY = 3
T3_WITHHELD = range(4, 12)  # （三）不予公开 1-8
T3_UNAVAILABLE = range(12, 15)  # （四）无法提供 1-3
T3_NOT_PROCESSED = range(15, 20)  # （五）不予处理 1-5
T3_OTHER = range(20, 23)  # （六）其他处理 1-3
T3_OUTCOMES = range(2, 23)  # every row that adds up to （七）总计
T3_TOTAL = 23
T3_CARRIED_OVER = 24
T3_TOTAL_COLUMN = 6

# Table 2 value indices.
T2_RULES = range(0, 3)
T2_NORMATIVE = range(3, 6)
T2_LICENSING, T2_PENALTY, T2_ENFORCEMENT, T2_FEES = 6, 7, 8, 9

# Table 4: block b (0..2) occupies values 5b..5b+4, the last one its total.
T4_BLOCKS = (range(0, 5), range(5, 10), range(10, 15))

_SPACE = r"[\s\u3000]*"


def fuzzy(literal: str) -> str:
    """A regex for `literal` that tolerates whitespace between characters."""
    return _SPACE.join(re.escape(char) for char in literal)


def _keys(*alternatives: str) -> str:
    return "|".join(fuzzy(alternative) for alternative in alternatives)


# One pattern per table-3 row; a sub-row ordinal ("2.") directly before the key is part
# of the match so that it never counts as a cell digit. The 其他 of row 22 must not be the
# 其他 of 其他处理 / 其他法律 / 不计其他情形 / the column header.
_ORDINAL_BODY = r"[1-8]" + _SPACE + r"[.．、]" + _SPACE
_ORDINAL = f"(?:{_ORDINAL_BODY})?"
ORDINAL = re.compile(_ORDINAL_BODY)  # the ordinal alone, for anchors.py


@dataclass(frozen=True, slots=True)
class LabelKeys:
    """What a row-label pattern is made of: fuzzy literal keys, optionally after an
    ordinal. anchors.py uses it to try the pattern only where one of its keys starts (or at
    the ordinal before one) instead of letting the regex try every offset of the text."""

    keys: tuple[str, ...]
    ordinal: bool


# The keys of every pattern built by label_pattern(), by pattern.
LABEL_KEYS: dict[re.Pattern[str], LabelKeys] = {}


def label_pattern(*keys: str, ordinal: bool = False, group: bool = True, tail: str = "") -> re.Pattern[str]:
    """[ordinal] (key | key | ...) [tail], each key fuzzy and free of whitespace. `tail`
    follows the keys (a lookahead), so a match still starts at a key or at its ordinal,
    which anchors.py relies on. The keys are recorded in LABEL_KEYS."""
    assert all(key and not re.search(r"[\s\u3000]", key) for key in keys)
    body = f"(?:{_keys(*keys)})" if group else _keys(*keys)
    pattern = re.compile((_ORDINAL if ordinal else "") + body + tail)
    LABEL_KEYS[pattern] = LabelKeys(tuple(keys), ordinal)
    return pattern


T3_ROW_PATTERNS: list[re.Pattern[str]] = [
    label_pattern("本年新收", "新收政府信息公开申请"),
    label_pattern("上年结转"),
    label_pattern("予以公开"),
    label_pattern("部分公开"),
    label_pattern("属于国家秘密", "国家秘密", ordinal=True),
    label_pattern("其他法律", "禁止公开", "行政法规禁止", "行政止公开", ordinal=True),
    label_pattern("危及", "三安全一稳定", ordinal=True),
    label_pattern("保护第三方", "第三方合法权益", ordinal=True),
    label_pattern("属于三类", "内部事务", ordinal=True),
    label_pattern("属于四类", "过程性信息", ordinal=True),
    label_pattern("行政执法案", ordinal=True),
    label_pattern("行政查询", ordinal=True),
    label_pattern("本机关不掌握", "不掌握相关", ordinal=True),
    label_pattern("没有现成", "另行制作", ordinal=True),
    label_pattern("补正后", "不正后", "仍不明确", ordinal=True),
    label_pattern("信访举报", "投诉类申请", ordinal=True),
    label_pattern("重复申请", ordinal=True),
    label_pattern("公开出版物", ordinal=True),
    label_pattern("大量反复", ordinal=True),
    label_pattern("确认或重新", "重新出具", ordinal=True),
    label_pattern("逾期不补正", "无正当理由逾期", ordinal=True),
    label_pattern("收费通知", "缴纳费用", ordinal=True),
    label_pattern("其他", ordinal=True, group=False, tail=r"(?![\s\u3000]*(?:处|法|情|结|组|需|事))"),
    label_pattern("（七）总计", "(七)总计", "总计"),
    label_pattern("结转下年度", "下年度继续办理"),
]

# 2019 trial table 3 has （六）其他处理 as one row instead of three sub-rows. The ordinal
# is part of the match so that the merged row's text (kept in its cells) starts with it.
T3_OTHER_PARENT = re.compile(f"(?:(?:{_keys('（六）', '(六)')}){_SPACE})?{fuzzy('其他处理')}")

T3_HEADER_KEYS = re.compile(
    "|".join(
        fuzzy(word)
        for word in ("申请人情况", "自然人", "法人或其他组织", "商业企业", "科研机构", "社会公益组织", "法律服务机构", "总计", "其他", "机构", "组织", "企业", "勾稽关系", "钩稽关系")
    )
)

# Table 2 rows: (pattern, number of cells). 规范性文件 alone is accepted for the
# normative-documents row; 规章 must not be the 规章 inside 行政规范性文件's neighbours.
T2_ROW_PATTERNS: list[tuple[re.Pattern[str], int]] = [
    (label_pattern("规章", group=False), 3),
    (label_pattern("行政规范性文件", "规范性文件"), 3),
    (label_pattern("行政许可", group=False), 1),
    (label_pattern("行政处罚", group=False), 1),
    (label_pattern("行政强制", group=False), 1),
    (label_pattern("行政事业性收费", "事业性收费"), 1),
]

# Column headers that only the 2021 table 2 has, and ones that only older forms have.
T2_2021_HEADER = re.compile(
    f"(?:{_keys('本年制发件数', '本年废止件数', '本年废纸件数', '现行有效件数', '先行有效件数', '本年制发', '现行有效')})"
)
T2_OLD_HEADER = re.compile(
    f"(?:{_keys('本年新制作数量', '本年新公开数量', '对外公开总数量', '上一年项目数量', '本年增/减', '本年新制作', '对外公开总数')})"
)
T2_START = re.compile(f"(?:{_keys('第二十条第（一）项', '第二十条第(一)项', '第二十条')})")

T4_HEADER_WORDS = re.compile(
    f"(?:{_keys('结果维持', '结果纠正', '其他结果', '尚未审结', '总计', '维持', '纠正', '审结', '直接起诉', '复议后起诉', '行政复议', '行政诉讼', '结果', '其他', '尚未', '总')})"
)
T4_KEYS = re.compile(f"(?:{_keys('维持')})")
