"""Write the project's sample corpus: fictional bodies, two report years each.

Every sentence here is the project's own wording about invented bodies (青禾县, 松川市, 云岭县
and their departments and townships); no real report's text is used. The reports follow the
2021 format with tab-separated tables whose arithmetic holds. A few defects are planted on
purpose so the corpus tools have something to show:
- 柳塘街道办事处 2025 repeats its 2024 report almost word for word (only figures changed);
- 云岭县文化和旅游局 writes a thin, generic 五 in both years;
- 松川市审计局 2025 is saved twice (.txt and .md): the build must keep one.

Run from the repository root: `python corpora/sample/generate.py` (rewrites corpora/sample/).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

HERE = Path(__file__).resolve().parent


@dataclass
class Body:
    code: str
    name: str
    level: str  # 人民政府 / 部门 / 乡镇街道
    office: str  # who answers questions
    address: str
    site: str  # where the report is published
    focus: tuple[str, str, str]  # three work priorities, written into 一
    platform: str  # a named channel
    problems: tuple[str, str]  # two specific problems for 五
    measures: tuple[str, str]  # measures answering them
    thin: bool = False


BODIES = [
    Body("qinghe-xianzhengfu", "青禾县人民政府", "人民政府", "青禾县人民政府办公室", "青禾县政和路1号", "青禾县人民政府门户网站",
         ("重大项目批准和实施", "乡村振兴资金使用", "义务教育学校招生"), "“青禾发布”微信公众号",
         ("部分乡镇“政府信息公开”专栏栏目设置与县级目录不一致，6个乡镇的财政预决算信息未按期归集",
          "政策解读以文字稿为主，图解、视频解读仅占全年解读总数的18%"),
         ("5月底前按县级目录统一调整12个乡镇专栏栏目，由县政务公开办每季度抽查归集情况",
          "对县政府常务会议审议通过的政策文件同步制作图解，全年图解和视频解读占比提高到40%以上")),
    Body("songchuan-shenjiju", "松川市审计局", "部门", "松川市审计局办公室", "松川市建设南路66号", "松川市人民政府门户网站审计局专栏",
         ("审计结果公告", "审计整改情况公开", "预算执行审计工作报告解读"), "“松川审计”微信公众号",
         ("审计整改情况公告发布滞后，3份公告晚于整改期限届满后两个月才发布",
          "依申请公开答复书的救济途径告知表述不统一"),
         ("建立整改期限台账，整改期限届满后30日内发布整改情况公告",
          "修订依申请公开答复文书范本，9月前完成全局业务人员培训")),
    Body("songchuan-yibaoju", "松川市医疗保障局", "部门", "松川市医疗保障局办公室", "松川市滨江大道208号", "松川市医疗保障局网站",
         ("医保待遇政策", "定点医药机构管理", "医保基金监管"), "“松川医保”微信公众号",
         ("定点医药机构名单更新不及时，年内有14家新增定点药店未在当月公布",
          "异地就医备案办事指南与实际办理流程存在不一致"),
         ("每月5日前更新定点医药机构名单，并在公众号同步推送",
          "对照经办规程逐项核对异地就医备案办事指南，6月底前完成修订并标注更新日期")),
    Body("songchuan-zirangui", "松川市自然资源和规划局", "部门", "松川市自然资源和规划局办公室", "松川市迎宾路15号", "松川市自然资源和规划局网站",
         ("国土空间规划", "建设用地审批", "不动产登记便民服务"), "“松川自然资源”政务服务专栏",
         ("征地信息公开平台部分批次的补偿安置方案缺少附图",
          "规划批前公示期满后的意见采纳情况未统一反馈"),
         ("逐批次补齐征地补偿安置方案附图，新批次在公告之日同步上传",
          "在规划批前公示栏目增设“意见采纳情况”子栏目，公示期满后15个工作日内公开")),
    Body("baishi-zhen", "青禾县白石镇人民政府", "乡镇街道", "白石镇党政综合办公室", "青禾县白石镇新街12号", "青禾县人民政府门户网站白石镇专栏",
         ("惠农补贴发放", "村级财务公开", "农村危房改造"), "白石镇政务公开栏和各村公开栏",
         ("部分村务公开栏更新不及时，2个村的村级财务公开延迟一个季度",
          "惠农补贴发放明细公开的字段不完整，未列明补贴标准"),
         ("镇纪委每季度检查各村公开栏，对延迟更新的村通报并限期整改",
          "统一惠农补贴公示模板，列明补贴项目、标准和发放金额")),
    Body("liutang-jiedao", "松川市滨江区柳塘街道办事处", "乡镇街道", "柳塘街道党政办公室", "松川市滨江区柳塘路88号", "松川市滨江区人民政府网站柳塘街道专栏",
         ("社区服务事项", "老旧小区改造", "社会救助"), "“柳塘之声”微信公众号",
         ("社区服务事项清单与实际办理情况存在差异",
          "老旧小区改造项目进度公开不够及时"),
         ("每半年核对一次社区服务事项清单，及时调整公开内容",
          "按月在街道专栏公开老旧小区改造项目进度")),
    Body("yunling-wenlvju", "云岭县文化和旅游局", "部门", "云岭县文化和旅游局办公室", "云岭县人民路9号", "云岭县人民政府门户网站",
         ("文化惠民活动", "旅游市场监管", "文物保护"), "县文旅局网站",
         ("", ""), ("", ""), thin=True),
    Body("yunling-xianzhengfu", "云岭县人民政府", "人民政府", "云岭县人民政府办公室", "云岭县府前街2号", "云岭县人民政府门户网站",
         ("财政预决算", "重点民生实事", "生态环境保护"), "“云岭发布”政务新媒体矩阵",
         ("部门预决算公开存在说明过于简略的情况，5个部门未公开“三公”经费增减变化原因",
          "政务新媒体矩阵中4个账号长期未更新"),
         ("印发预决算公开说明范本，对“三公”经费变化原因作出统一要求",
          "对长期未更新的4个账号按程序关停整合，建立月度巡检制度")),
]

YEARS = (2024, 2025)

# The 2025 reports state new problems (last year's are reported as fixed), except where noted.
PROBLEMS_2025: dict[str, tuple[tuple[str, str], tuple[str, str]]] = {
    "qinghe-xianzhengfu": (
        ("县政府重大行政决策目录公布后，4项决策的公众意见征集结果未反馈", "政府信息公开申请办理中，有2件答复期限经延长后仍临近届满"),
        ("决策事项办结后10个工作日内公开意见采纳情况，由县司法局逐项核对", "启用申请办理期限预警，答复期限届满前5个工作日自动提醒承办科室"),
    ),
    "songchuan-shenjiju": (
        ("审计结果公告的可读性不强，专业术语较多", "公众号推送的审计信息与门户网站专栏未做到同步更新"),
        ("每篇审计结果公告附一页通俗摘要，由法规审理科把关", "明确门户网站专栏为首发渠道，公众号在首发当日转发")),
    "songchuan-yibaoju": (
        ("医保基金监管曝光案例数量偏少，全年仅公开典型案例3批", "门诊共济政策解读覆盖面不足，农村地区知晓率调查仅为61%"),
        ("按季度集中曝光欺诈骗保典型案例，全年不少于4批", "联合乡镇卫生院在村卫生室张贴政策问答，开展进村宣讲20场")),
    "songchuan-zirangui": (
        ("不动产登记收费标准在各登记窗口的公示版本不一致", "建设用地审批结果公开未注明项目所在位置"),
        ("统一印制收费公示牌，3月底前在全市9个登记窗口完成更换", "在审批结果公告中增加项目位置示意图和四至范围")),
    "baishi-zhen": (
        ("农村危房改造对象名单公示时间不足7天", "镇政府网站专栏信息更新频率偏低，第三季度仅更新11条"),
        ("严格执行公示期不少于7天的规定，公示照片存档备查", "明确专人每周更新专栏，党政综合办公室每月通报更新情况")),
    "yunling-xianzhengfu": (
        ("重点民生实事项目进展公开以年初计划和年末结果为主，过程信息偏少", "政府网站智能问答对政策类问题的答复准确率不高"),
        ("对12项民生实事实行季度进展公开，在县政府门户网站设专题", "梳理高频政策问答300条补充到知识库，每月抽检答复质量")),
}


def figures(index: int, year: int) -> dict[str, int]:
    """Deterministic, plausible figures for body `index` and `year` (arithmetic consistent;
    2025 takes over the applications 2024 carried forward)."""
    seed = index * 7 + (year - 2024) * 3
    natural = 3 + (seed * 5) % 17
    company = (seed * 3) % 4
    carried_in = figures(index, year - 1)["carried_out"] if year > YEARS[0] else seed % 2
    received = natural + company
    carried_out = (seed + 1) % 3
    handled_total = received + carried_in - carried_out
    partial = min(1 + seed % 2, max(handled_total - 1, 0))
    not_held = min(1 + seed % 3, max(handled_total - partial - 1, 0))
    repeat = 1 if handled_total - partial - not_held > 2 else 0
    public = handled_total - partial - not_held - repeat
    return {
        "published": 180 + (seed * 37) % 420,
        "interpretations": 4 + seed % 9,
        "rules_new": seed % 3,
        "rules_repealed": (seed + 1) % 2,
        "rules_valid": 8 + seed % 12,
        "permits": (seed * 53) % 900,
        "penalties": (seed * 11) % 60,
        "natural": natural,
        "company": company,
        "carried_in": carried_in,
        "received": received,
        "carried_out": carried_out,
        "public": public,
        "partial": partial,
        "not_held": not_held,
        "repeat": repeat,
        "handled": handled_total,
        "reviews": seed % 2,
        "training": 2 + seed % 4,
        "trainees": 40 + (seed * 13) % 160,
        "visits": 12000 + (seed * 977) % 50000,
    }


def column_split(total: int, company: int) -> tuple[int, int]:
    """Split a row total between natural persons and companies, companies first."""
    to_company = min(total, company)
    return total - to_company, to_company


def table2(f: dict[str, int]) -> list[str]:
    return [
        "第二十条第（一）项\t\t\t",
        "信息内容\t本年制发件数\t本年废止件数\t现行有效件数",
        "规章\t0\t0\t0",
        f"行政规范性文件\t{f['rules_new']}\t{f['rules_repealed']}\t{f['rules_valid']}",
        "第二十条第（五）项\t\t\t",
        "信息内容\t本年处理决定数量\t\t",
        f"行政许可\t{f['permits']}\t\t",
        "第二十条第（六）项\t\t\t",
        "信息内容\t本年处理决定数量\t\t",
        f"行政处罚\t{f['penalties']}\t\t",
        "行政强制\t0\t\t",
        "第二十条第（八）项\t\t\t",
        "信息内容\t本年收费金额（单位：万元）",
        "行政事业性收费\t0",
    ]


def table3(f: dict[str, int]) -> list[str]:
    company = f["company"]
    remaining = [company]

    def row(total: int) -> str:
        to_company = min(total, remaining[0])
        remaining[0] -= to_company
        natural = total - to_company
        return f"{natural}\t{to_company}\t0\t0\t0\t0\t{total}"

    received = f"{f['natural']}\t{company}\t0\t0\t0\t0\t{f['received']}"
    carried_in = f"{f['carried_in']}\t0\t0\t0\t0\t0\t{f['carried_in']}"
    zero = "0\t0\t0\t0\t0\t0\t0"
    # Companies' applications are all answered (public first), so the company column balances.
    public, partial = row(f["public"]), row(f["partial"])
    not_held, repeat = row(f["not_held"]), row(f["repeat"])
    handled_natural = f["handled"] - company
    total = f"{handled_natural}\t{company}\t0\t0\t0\t0\t{f['handled']}"
    carried_out = f"{f['carried_out']}\t0\t0\t0\t0\t0\t{f['carried_out']}"
    return [
        "(本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和)\t\t申请人情况\t\t\t\t\t\t总计\t",
        "\t\t自然人\t法人或其他组织\t\t\t\t\t\t",
        "\t\t\t商业企业\t科研机构\t社会公益组织\t法律服务机构\t其他\t\t",
        f"一、本年新收政府信息公开申请数量\t\t{received}\t",
        f"二、上年结转政府信息公开申请数量\t\t{carried_in}\t",
        f"三、本年度办理结果\t(一) 予以公开\t{public}\t",
        f"\t(二) 部分公开 (区分处理的, 只计这一情形, 不计其他情形)\t{partial}\t",
        f"\t(三) 不予公开\t1. 属于国家秘密\t{zero}",
        f"\t\t2. 其他法律行政法规禁止公开\t{zero}",
        f"\t\t3. 危及“三安全一稳定”\t{zero}",
        f"\t\t4. 保护第三方合法权益\t{zero}",
        f"\t\t5. 属于三类内部事务信息\t{zero}",
        f"\t\t6. 属于四类过程性信息\t{zero}",
        f"\t\t7. 属于行政执法案卷\t{zero}",
        f"\t\t8. 属于行政查询事项\t{zero}",
        f"\t(四) 无法提供\t1. 本机关不掌握相关政府信息\t{not_held}",
        f"\t\t2. 没有现成信息需要另行制作\t{zero}",
        f"\t\t3. 补正后申请内容仍不明确\t{zero}",
        f"\t(五) 不予处理\t1. 信访举报投诉类申请\t{zero}",
        f"\t\t2. 重复申请\t{repeat}",
        f"\t\t3. 要求提供公开出版物\t{zero}",
        f"\t\t4. 无正当理由大量反复申请\t{zero}",
        f"\t\t5. 要求行政机关确认或重新出具已获取信息\t{zero}",
        f"\t(六) 其他处理\t1. 申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请\t{zero}",
        f"\t\t2. 申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请\t{zero}",
        f"\t\t3. 其他\t{zero}",
        f"\t(七) 总计\t{total}\t",
        f"四、结转下年度继续办理\t\t{carried_out}\t",
    ]


def table4(f: dict[str, int]) -> list[str]:
    reviews = f["reviews"]
    return [
        "行政复议\t\t\t\t\t行政诉讼\t\t\t\t\t\t\t\t\t",
        "结果 维持\t结果 纠正\t其他 结果\t尚未 审结\t总计\t未经复议直接起诉\t\t\t\t\t复议后起诉\t\t\t\t",
        "\t\t\t\t\t结果 维持\t结果 纠正\t其他 结果\t尚未 审结\t总计\t结果 维持\t结果 纠正\t其他 结果\t尚未 审结\t总计",
        f"{reviews}\t0\t0\t0\t{reviews}\t0\t0\t0\t0\t0\t0\t0\t0\t0\t0",
    ]


def narrative(body: Body, index: int, year: int, f: dict[str, int], copy_of: int | None = None) -> list[str]:
    """The report as paragraphs (tables inserted as blocks of lines)."""
    t1, t2, t3 = body.focus
    problems, measures = body.problems, body.measures
    if year == 2025 and body.code in PROBLEMS_2025:
        problems, measures = PROBLEMS_2025[body.code]
        t1, t2, t3 = t3, t1, t2  # the year's priorities are listed in another order
    opening = (
        f"{year}年，{body.name}围绕{t1}、{t2}和{t3}等重点领域推进政务公开，"
        if year == 2024 or body.code not in PROBLEMS_2025
        else f"{year}年，{body.name}以{t1}为重点，兼顾{t2}和{t3}，持续深化政务公开，"
    )
    lines = [
        f"{body.name}{year}年政府信息公开工作年度报告",
        "",
        f"本报告依据《中华人民共和国政府信息公开条例》（以下简称《条例》）和《中华人民共和国政府信息公开工作年度报告格式》（国办公开办函〔2021〕30号）编制。"
        f"报告所列数据的统计期限自{year}年1月1日起至{year}年12月31日止。本报告电子版可在{body.site}下载。"
        f"如对本报告有疑问，请与{body.office}联系（地址：{body.address}）。",
        "",
        "一、总体情况",
        "",
        f"{opening}全年主动公开政府信息{f['published']}条，"
        f"办理政府信息公开申请{f['handled']}件，发布政策解读{f['interpretations']}篇。",
        "",
        "（一）主动公开",
        "",
        f"全年通过{body.site}发布信息{f['published']}条，其中{t1}信息{f['published'] // 5}条、{t2}信息{f['published'] // 7}条。"
        f"{'新制发的' + str(f['rules_new']) + '件行政规范性文件均在印发后20个工作日内公开，并同步发布解读。' if f['rules_new'] else '本年未制发行政规范性文件，对现行有效的' + str(f['rules_valid']) + '件文件开展了一次清理。'}",
        "",
        "（二）依申请公开",
        "",
        f"全年新收政府信息公开申请{f['received']}件，上年结转{f['carried_in']}件，办结{f['handled']}件，"
        f"其中予以公开{f['public']}件、部分公开{f['partial']}件、无法提供{f['not_held']}件"
        f"{'、不予处理' + str(f['repeat']) + '件' if f['repeat'] else ''}；"
        f"{'结转下年度办理' + str(f['carried_out']) + '件。' if f['carried_out'] else '无结转下年度办理的申请。'}"
        f"申请内容主要涉及{t2}和{t3}。",
        "",
        "（三）政府信息管理",
        "",
        f"落实公开前保密审查和“三审三校”制度，全年审查拟公开信息{f['published'] + 23}条，"
        f"对{3 + index % 4}条涉及个人信息的内容作去标识化处理后公开。",
        "",
        "（四）政府信息公开平台建设",
        "",
        f"{body.platform}全年发布信息{f['published'] // 2}条，累计访问量{f['visits']}人次；"
        f"对{body.site}的栏目进行了梳理，合并重复栏目{2 + index % 3}个。",
        "",
        "（五）监督保障",
        "",
        f"将政务公开纳入年度工作考核，组织业务培训{f['training']}场，参训{f['trainees']}人次；"
        f"{'开展政务公开社会评议1次，未发生责任追究情况。' if body.level == '人民政府' else '全年未发生因政务公开工作引发的责任追究情况。'}",
        "",
        "二、主动公开政府信息情况",
        "",
        *table2(f),
        "",
        "三、收到和处理政府信息公开申请情况",
        "",
        *table3(f),
        "",
        "四、政府信息公开行政复议、行政诉讼情况",
        "",
        *table4(f),
        "",
        "五、存在的主要问题及改进情况",
        "",
    ]
    if body.thin:
        lines += [
            "一是政务公开工作人员业务能力有待提高；二是信息公开的及时性有待加强；三是政策解读形式还不够丰富。",
            "",
            f"{year + 1}年，我局将进一步加强学习培训，不断提高业务能力，丰富解读形式，推动政务公开工作再上新台阶。",
        ]
    else:
        previous = f"{year - 1}年度报告指出的{body.problems[0].split('，')[0]}问题，已于{year}年{3 + index % 6}月整改到位"
        if year == 2025 and body.code in PROBLEMS_2025:
            previous = f"{year - 1}年度报告提出的两项改进措施均已落实：{body.measures[0].split('，')[0]}，已按计划完成"
        lines += [
            "（一）上年度问题整改情况",
            "",
            f"{previous}，相关信息已补充公开。",
            "",
            "（二）存在的主要问题",
            "",
            f"一是{problems[0]}；二是{problems[1]}。",
            "",
            "（三）改进措施",
            "",
            f"针对上述问题，{year + 1}年将{measures[0]}；同时{measures[1]}。",
        ]
    fee = "本年度未收取政府信息公开信息处理费。"
    lines += [
        "",
        "六、其他需要报告的事项",
        "",
        fee + ("全年共办理人大代表建议" + str(4 + index) + "件、政协提案" + str(6 + index) + "件，办理结果已全部在"
               + body.site + "公开。年度政务公开工作要点确定的各项任务已全部完成。" if body.level == "人民政府" else
               "年度政务公开工作要点中涉及本单位的" + str(5 + index % 4) + "项任务已全部完成。"),
        "",
        f"{body.name}",
        f"{year + 1}年1月{10 + index}日",
        "",
    ]
    return lines


def main() -> None:
    rows = ["file\tunit\tyear\tlevel\tera"]
    texts: dict[tuple[str, int], str] = {}
    for index, body in enumerate(BODIES):
        for year in YEARS:
            f = figures(index, year)
            if body.code == "liutang-jiedao" and year == 2025:
                # 照搬照抄: last year's report with only the year and the figures changed.
                f = figures(index, 2024)
                f = {**f, "published": f["published"] + 9, "visits": f["visits"] + 3100}
            text = "\n".join(narrative(body, index, year, f))
            texts[(body.code, year)] = text
            folder = HERE / str(year)
            folder.mkdir(exist_ok=True)
            name = f"{year}/{body.code}.txt"
            (HERE / name).write_text(text, "utf-8")
            rows.append(f"{name}\t{body.name}\t{year}\t{body.level}\t2021format")
    # The same report saved a second time as Markdown: headings marked, text unchanged.
    markdown = "\n".join(
        ("## " + line) if line[:2] in {"一、", "二、", "三、", "四、", "五、", "六、"} else line
        for line in texts[("songchuan-shenjiju", 2025)].splitlines()
    )
    (HERE / "2025" / "songchuan-shenjiju.md").write_text(markdown + "\n", "utf-8")
    rows.append(f"2025/songchuan-shenjiju.md\t松川市审计局\t2025\t部门\t2021format")
    header, body_rows = rows[0], sorted(rows[1:])
    (HERE / "manifest.tsv").write_text("\n".join([header, *body_rows]) + "\n", "utf-8")


if __name__ == "__main__":
    main()
