"""Render a complete fictional annual report (2021 format) with chosen sections and table
values, laid out like a report pasted from a web page: one paragraph per line, tables as
tab-separated rows.

The bodies are fictional (青禾县民政局 and friends) and written for these tests; the table
row and column labels are those of the official form. `make_fixtures.py` uses this to
write tests/fixtures/rules/<rule>/{fires,clean}.txt; tests may also call it directly.
"""

from __future__ import annotations

import copy
from dataclasses import dataclass, field

T2_DEFAULT = [0, 0, 0, 2, 1, 14, 36, 5, 0, 0]

# 25 rows x 7 columns (自然人, 商业企业, 科研机构, 社会公益组织, 法律服务机构, 其他, 总计).
T3_ROW_LABELS = [
    ("一、本年新收政府信息公开申请数量", "", ""),
    ("二、上年结转政府信息公开申请数量", "", ""),
    ("三、本年度办理结果", "（一）予以公开", ""),
    ("", "（二）部分公开（区分处理的，只计这一情形，不计其他情形）", ""),
    ("", "（三）不予公开", "1.属于国家秘密"),
    ("", "", "2.其他法律行政法规禁止公开"),
    ("", "", "3.危及“三安全一稳定”"),
    ("", "", "4.保护第三方合法权益"),
    ("", "", "5.属于三类内部事务信息"),
    ("", "", "6.属于四类过程性信息"),
    ("", "", "7.属于行政执法案卷"),
    ("", "", "8.属于行政查询事项"),
    ("", "（四）无法提供", "1.本机关不掌握相关政府信息"),
    ("", "", "2.没有现成信息需要另行制作"),
    ("", "", "3.补正后申请内容仍不明确"),
    ("", "（五）不予处理", "1.信访举报投诉类申请"),
    ("", "", "2.重复申请"),
    ("", "", "3.要求提供公开出版物"),
    ("", "", "4.无正当理由大量反复申请"),
    ("", "", "5.要求行政机关确认或重新出具已获取信息"),
    ("", "（六）其他处理", "1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请"),
    ("", "", "2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请"),
    ("", "", "3.其他"),
    ("", "（七）总计", ""),
    ("四、结转下年度继续办理", "", ""),
]


def default_table3() -> list[list[object]]:
    """A consistent table 3: 5 natural persons and 1 company applied; 3+1 disclosed, 2 not held."""
    rows: list[list[object]] = [[0] * 7 for _ in range(25)]
    rows[0] = [5, 1, 0, 0, 0, 0, 6]
    rows[2] = [3, 0, 0, 0, 0, 0, 3]
    rows[3] = [0, 1, 0, 0, 0, 0, 1]
    rows[12] = [2, 0, 0, 0, 0, 0, 2]
    rows[23] = [5, 1, 0, 0, 0, 0, 6]
    return rows


T4_DEFAULT: list[object] = [0] * 15

OVERVIEW = (
    "{year}年，{unit}坚持以习近平新时代中国特色社会主义思想为指导，认真贯彻《中华人民共和国政府信息公开条例》，"
    "围绕民政重点工作推进政务公开，全年工作情况如下。"
)
SUBTOPICS = [
    ("（一）主动公开", "全年在县政府门户网站民政专栏主动公开政府信息286条，其中低保、特困供养资金发放信息48条，养老服务补贴信息36条，发布政策解读9篇。"),
    ("（二）依申请公开", "{applications_sentence}"),
    ("（三）政府信息管理", "修订信息发布审核办法，全年开展公开内容保密审查4次，清理失效规范性文件1件。"),
    ("（四）政府信息公开平台建设", "完成民政专栏栏目调整，新增“社会救助”子栏目，专栏全年更新信息286条。"),
    ("（五）监督保障", "将政务公开纳入科室年度考核，组织业务培训2次，参训干部31人次。"),
]
APPLICATIONS_SENTENCE = "本年度共收到政府信息公开申请6件，其中自然人申请5件、法人或其他组织申请1件，均已在法定期限内办结。"
PROBLEMS = [
    "存在的问题：一是养老服务补贴信息更新不及时，第三季度数据延迟公开近一个月；二是政策解读以文字为主，图解、视频形式较少。",
    "改进措施：一是建立补贴数据按月报送制度，由社会救助股每月10日前提交上月数据；二是{next_year}年计划制作图解、短视频解读不少于6期。",
]
OTHER = "本年度未收取政府信息公开信息处理费。{year}年度政务公开工作要点确定的8项任务已全部落实。"
# The six top-level headings of the 2021 form, numbered as most reports number them.
STANDARD_HEADINGS = (
    "一、总体情况",
    "二、主动公开政府信息情况",
    "三、收到和处理政府信息公开申请情况",
    "四、政府信息公开行政复议、行政诉讼情况",
    "五、存在的主要问题及改进情况",
    "六、其他需要报告的事项",
)


@dataclass
class FictionalReport:
    unit: str = "青禾县民政局"
    year: int = 2024
    table2: list[object] = field(default_factory=lambda: list(T2_DEFAULT))
    table3: list[list[object]] = field(default_factory=default_table3)
    table4: list[object] = field(default_factory=lambda: list(T4_DEFAULT))
    applications_sentence: str = APPLICATIONS_SENTENCE
    # (heading line, body) per top-level section; None means "the standard section here".
    headings: list[str] = field(default_factory=lambda: list(STANDARD_HEADINGS))
    bodies: dict[int, str] = field(default_factory=dict)  # index in headings -> body override
    subtopics: list[tuple[str, str]] = field(default_factory=lambda: copy.deepcopy(SUBTOPICS))
    other: str = OTHER

    def render(self) -> str:
        lines = [f"{self.unit}{self.year}年政府信息公开工作年度报告", ""]
        lines += [
            f"本报告根据《中华人民共和国政府信息公开条例》编制，所列数据的统计期限自{self.year}年1月1日起至{self.year}年12月31日止。"
            f"本报告电子版可在青禾县人民政府门户网站查阅，如有疑问请与{self.unit}办公室联系（电话：0000-1234567）。",
            "",
        ]
        for index, heading in enumerate(self.headings):
            lines += [heading, ""]
            body = self.bodies.get(index)
            if body is None:
                body = self._standard_body(heading)
            lines += [body, ""]
        lines += [self.unit, f"{self.year + 1}年1月20日", ""]
        return "\n".join(lines)

    def _standard_body(self, heading: str) -> str:
        values = {"unit": self.unit, "year": self.year, "next_year": self.year + 1, "applications_sentence": self.applications_sentence}
        if "总体情况" in heading:
            parts = [OVERVIEW.format(**values), ""]
            for sub_heading, sub_body in self.subtopics:
                parts += [f"{sub_heading}：{sub_body.format(**values)}", ""]
            return "\n".join(parts).rstrip()
        if "主动公开政府信息情况" in heading:
            return render_table2(self.table2)
        if "收到和处理" in heading:
            return render_table3(self.table3)
        if "行政复议" in heading:
            return render_table4(self.table4)
        if "问题" in heading:
            return "\n\n".join(part.format(**values) for part in PROBLEMS)
        if "其他" in heading:
            return self.other.format(**values)
        return "本部分内容略。"


def _cells(values: list[object]) -> str:
    return "\t".join(str(value) for value in values)


def render_table2(values: list[object]) -> str:
    v = values
    return "\n".join(
        [
            "第二十条第（一）项\t\t\t",
            "信息内容\t本年制发件数\t本年废止件数\t现行有效件数",
            f"规章\t{_cells(v[0:3])}",
            f"行政规范性文件\t{_cells(v[3:6])}",
            "第二十条第（五）项\t\t\t",
            "信息内容\t本年处理决定数量\t\t",
            f"行政许可\t{v[6]}\t\t",
            "第二十条第（六）项\t\t\t",
            "信息内容\t本年处理决定数量\t\t",
            f"行政处罚\t{v[7]}\t\t",
            f"行政强制\t{v[8]}\t\t",
            "第二十条第（八）项\t\t\t",
            "信息内容\t本年收费金额（单位：万元）\t\t",
            f"行政事业性收费\t{v[9]}\t\t",
        ]
    )


def render_table3(rows: list[list[object]]) -> str:
    lines = [
        "（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）\t\t\t申请人情况\t\t\t\t\t",
        "\t\t\t自然人\t法人或其他组织\t\t\t\t\t总计",
        "\t\t\t\t商业企业\t科研机构\t社会公益组织\t法律服务机构\t其他\t",
    ]
    for (first, second, third), row in zip(T3_ROW_LABELS, rows):
        lines.append(f"{first}\t{second}\t{third}\t{_cells(row)}")
    return "\n".join(lines)


def render_table4(values: list[object]) -> str:
    return "\n".join(
        [
            "行政复议\t\t\t\t\t行政诉讼\t\t\t\t\t\t\t\t\t",
            "结果维持\t结果纠正\t其他结果\t尚未审结\t总计\t未经复议直接起诉\t\t\t\t\t复议后起诉\t\t\t\t",
            "\t\t\t\t\t结果维持\t结果纠正\t其他结果\t尚未审结\t总计\t结果维持\t结果纠正\t其他结果\t尚未审结\t总计",
            _cells(values),
        ]
    )
