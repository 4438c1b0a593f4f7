"""Write tests/fixtures/rules/<rule-name>/{fires,clean}.txt (and previous.txt for the rules
that compare with last year's report) from fictional reports built by report_builder.

    python tests/rules/make_fixtures.py

Each `fires` report differs from a clean, consistent report in exactly the way its rule
checks; each `clean` report is a near miss where one exists (the same wording with
consistent numbers, a title variant that is not a duplicate). The generated files are
committed so they can be read and opened in an editor like any draft.
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from report_builder import STANDARD_HEADINGS, FictionalReport, default_table3  # noqa: E402

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "rules"

STANDARD = list(STANDARD_HEADINGS)
INTRO = "2024年，松川市审计局按照市政府部署推进审计结果公开，全年工作情况分述如下。"


def report(**changes) -> FictionalReport:
    return FictionalReport(**changes)


def with_headings(headings: list[str], bodies: dict[int, str] | None = None, **changes) -> FictionalReport:
    return FictionalReport(headings=headings, bodies=bodies or {}, **changes)


def table3_with(*edits: tuple[int, list[object]]) -> list[list[object]]:
    rows = default_table3()
    for index, row in edits:
        rows[index] = row
    return rows


def t4(*values: object) -> list[object]:
    return list(values) + [0] * (15 - len(values))


PROBLEMS_WITH_LISTS = (
    "{first}\n\n一是审计结果公告发布滞后，部分整改情况未及时更新；二是公开内容以结论为主，对问题成因说明不足。\n\n"
    "{second}\n\n一是建立审计结果公告按季度发布制度；二是在公告中增加整改责任单位和完成时限。"
)

SPECS: dict[str, Callable[[], dict[str, FictionalReport]]] = {
    # --- structure -------------------------------------------------------------------
    "duplicate-heading": lambda: {
        "fires": with_headings(["一、总体情况", *STANDARD], bodies={0: INTRO}, unit="松川市审计局"),
        "clean": with_headings(["一、总 体 情 况", *STANDARD[1:]], unit="松川市审计局"),
    },
    "near-duplicate-heading": lambda: {
        "fires": with_headings(
            [*STANDARD[:5], "五、存在的主要问题和改进情况", STANDARD[5]],
            bodies={5: "针对上述问题，下一步将建立审计结果公告按季度发布制度。"},
        ),
        "clean": with_headings([*STANDARD[:4], "五、存在的主要问题和改进情况", STANDARD[5]]),
    },
    "missing-section": lambda: {
        "fires": with_headings([*STANDARD[:3], *STANDARD[4:]]),
        "clean": report(),
    },
    "section-order": lambda: {
        "fires": with_headings([*STANDARD[:4], "五、其他需要报告的事项", "六、存在的主要问题及改进情况"]),
        "clean": report(),
    },
    "wrong-ordinal": lambda: {
        "fires": with_headings(
            [*STANDARD[:3], "五、政府信息公开行政复议、行政诉讼情况", "六、存在的主要问题及改进情况", "七、其他需要报告的事项"]
        ),
        "clean": report(),
    },
    "numbering-restart": lambda: {
        "fires": with_headings(STANDARD, bodies={4: PROBLEMS_WITH_LISTS.format(first="一、存在的问题", second="二、改进措施")}),
        "clean": with_headings(STANDARD, bodies={4: PROBLEMS_WITH_LISTS.format(first="（一）存在的问题", second="（二）改进措施")}),
    },
    "promoted-subtopic": lambda: {
        "fires": with_headings(
            [
                "一、总体情况",
                "二、主动公开情况",
                "三、依申请公开情况",
                "四、政府信息管理情况",
                "五、平台建设情况",
                "六、监督保障情况",
                "七、主动公开政府信息情况",
                "八、收到和处理政府信息公开申请情况",
                "九、政府信息公开行政复议、行政诉讼情况",
                "十、存在的主要问题及改进情况",
                "十一、其他需要报告的事项",
            ],
            bodies={
                0: INTRO,
                1: "全年在门户网站主动公开审计结果公告12篇、部门预决算信息4条。",
                2: "本年度共收到政府信息公开申请6件，其中自然人申请5件、法人或其他组织申请1件，均已在法定期限内办结。",
                3: "修订信息发布保密审查办法，开展保密审查4次。",
                4: "完成门户网站审计专栏改版，新增“审计整改”栏目。",
                5: "将政务公开纳入科室年度考核，组织培训2次。",
            },
            unit="松川市审计局",
        ),
        "clean": report(unit="松川市审计局"),
    },
    "empty-section": lambda: {
        "fires": with_headings(STANDARD, bodies={4: ""}),
        "clean": with_headings(STANDARD, bodies={4: "本年度未发现需要专门整改的问题，将继续按季度检查专栏更新情况。"}),
    },
    "duplicate-subtopic": lambda: {
        "fires": report(
            subtopics=[
                ("（一）主动公开", "全年主动公开政府信息286条，发布政策解读9篇。"),
                ("（二）依申请公开", "{applications_sentence}"),
                ("（三）政府信息管理", "开展公开内容保密审查4次。"),
                ("（四）依申请公开", "规范申请登记、审核、答复流程，答复文书统一加盖公章。"),
                ("（五）监督保障", "将政务公开纳入科室年度考核。"),
            ]
        ),
        "clean": report(),
    },
    # --- tables ------------------------------------------------------------------------
    "table3-balance": lambda: {
        "fires": report(table3=table3_with((1, [1, 0, 0, 0, 0, 0, 1]))),
        "clean": report(table3=table3_with((1, [1, 0, 0, 0, 0, 0, 1]), (24, [1, 0, 0, 0, 0, 0, 1]))),
    },
    "table3-row-sum": lambda: {
        "fires": report(table3=table3_with((2, [3, 0, 0, 0, 0, 0, 2]), (12, [2, 0, 0, 0, 0, 0, 3]))),
        "clean": report(),
    },
    "table3-outcome-sum": lambda: {
        "fires": report(table3=table3_with((12, [1, 0, 0, 0, 0, 0, 1]))),
        "clean": report(table3=table3_with((12, [1, 0, 0, 0, 0, 0, 1]), (13, [1, 0, 0, 0, 0, 0, 1]))),
    },
    "table4-block-sum": lambda: {
        "fires": report(table4=t4(1, 1, 0, 0, 1)),
        "clean": report(table4=t4(1, 1, 0, 0, 2, 0, 0, 1, 0, 1)),
    },
    "missing-table": lambda: {
        "fires": with_headings(STANDARD, bodies={3: "本年度未发生因政府信息公开引起的行政复议、行政诉讼。"}),
        "clean": report(),
    },
    "invalid-cell": lambda: {
        "fires": report(table2=[0, 0, 0, 2, 1, 14, "36.5", 5, 0, 0]),
        "clean": report(table2=[0, 0, 0, 2, 1, 14, 36, 5, 0, "12.35"]),
    },
    "unreadable-cell": lambda: {
        "fires": report(table3=table3_with((2, ["三", 0, 0, 0, 0, 0, 3]))),
        "clean": report(table2=[0, 0, 0, 2, 1, 14, 36, 5, 0, "/"]),
    },
    "carry-over-mismatch": lambda: {
        "previous": report(
            year=2023,
            table3=table3_with(
                (0, [7, 0, 0, 0, 0, 0, 7]), (2, [5, 0, 0, 0, 0, 0, 5]), (3, [0] * 7), (12, [0] * 7),
                (23, [5, 0, 0, 0, 0, 0, 5]), (24, [2, 0, 0, 0, 0, 0, 2]),
            ),
            applications_sentence="本年度共收到政府信息公开申请7件，办结5件，2件结转下年度继续办理。",
        ),
        "fires": report(),
        "clean": report(
            table3=table3_with((1, [2, 0, 0, 0, 0, 0, 2]), (2, [5, 0, 0, 0, 0, 0, 5]), (23, [7, 1, 0, 0, 0, 0, 8])),
            applications_sentence="本年度共收到政府信息公开申请6件，上年结转2件，均已在法定期限内办结。",
        ),
    },
    "in-force-continuity": lambda: {
        "previous": report(year=2023, table2=[0, 0, 0, 1, 0, 20, 30, 4, 0, 0]),
        "fires": report(),
        "clean-previous": report(year=2023, table2=[0, 0, 0, 1, 0, 13, 30, 4, 0, 0]),
        "clean": report(),
    },
    # --- text against tables ------------------------------------------------------------
    "text-table-mismatch": lambda: {
        "fires": report(applications_sentence="本年度共收到政府信息公开申请8件，其中自然人申请7件、法人或其他组织申请1件，均已在法定期限内办结。"),
        "clean": report(),
    },
    "unfinished-but-all-handled": lambda: {
        "fires": report(
            table3=table3_with((12, [1, 0, 0, 0, 0, 0, 1]), (23, [4, 1, 0, 0, 0, 0, 5]), (24, [1, 0, 0, 0, 0, 0, 1])),
            applications_sentence="本年度共收到政府信息公开申请6件，均已在法定期限内办结。",
        ),
        "clean": report(
            table3=table3_with((12, [1, 0, 0, 0, 0, 0, 1]), (23, [4, 1, 0, 0, 0, 0, 5]), (24, [1, 0, 0, 0, 0, 0, 1])),
            applications_sentence="本年度共收到政府信息公开申请6件，办结5件，1件结转下年度继续办理。",
        ),
    },
    "fee-statement-mismatch": lambda: {
        "fires": report(
            applications_sentence="本年度共收到政府信息公开申请6件，均已在法定期限内办结，因申请数量超出标准，全年收取信息处理费120元。",
        ),
        "clean": report(
            applications_sentence="本年度共收到政府信息公开申请6件，均已在法定期限内办结，因申请数量超出标准，全年收取信息处理费120元。",
            other="本年度共收取政府信息公开信息处理费120元。{year}年度政务公开工作要点确定的8项任务已全部落实。",
        ),
    },
}


def main() -> int:
    for name, build in SPECS.items():
        folder = FIXTURES / name
        folder.mkdir(parents=True, exist_ok=True)
        for stem, fictional in build().items():
            (folder / f"{stem}.txt").write_text(fictional.render(), encoding="utf-8")
    print(f"wrote {len(SPECS)} fixture folders under {FIXTURES}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
