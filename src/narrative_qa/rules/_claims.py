"""Statements of fact the narrative makes about the numbers the tables hold.

The C rules compare these with the tables, so a claim is extracted only when its clause
says plainly what is counted: a count of applications must sit in a clause anchored on
申请 together with a receiving verb (收到/受理/新收/接收/接到), and clauses about other things
(咨询, 留言, 12345 热线, 主动公开信息, 建议提案, 复议 …) are left alone. When a clause is
ambiguous, no claim is made: a missed contradiction is cheaper than a false accusation.

Every pattern runs on compact text (see `_narrative.py`): no whitespace, clause = the text
between two of ，；。 and line breaks of real paragraphs.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

from narrative_qa.document.model import Report
from narrative_qa.rules._memo import report_memo
from narrative_qa.rules._narrative import NarrativeSentence, narrative_sentences
from narrative_qa.rules._numbers import NUMBER, parse_number

# Kinds of claim and what they are compared with (see consistency.py).
RECEIVED = "received"  # 本年新收 (table 3 row 一)
RECEIVED_BY = "received_by_applicant"  # 本年新收 for 自然人 / 法人或其他组织
NONE_RECEIVED = "none_received"  # 未收到…申请: row 一 = 0
HANDLED = "handled"  # 办结 N 件: （七）总计
CARRIED_OVER = "carried_over"  # 结转下年度 N 件: row 四
CARRIED_IN = "carried_in"  # 上年结转 N 件: row 二
REVIEWS = "reviews"  # 行政复议 N 件: table 4 复议 总计
LAWSUITS = "lawsuits"  # 行政诉讼 N 件: table 4 诉讼 总计 (both blocks)
ALL_HANDLED = "all_handled"  # 全部办结 / 均已答复 …: row 四 = 0
FEE_AMOUNT = "fee_amount"  # 收取信息处理费 N 元
FEE_NONE = "fee_none"  # 未收取信息处理费


@dataclass(frozen=True, slots=True)
class Claim:
    kind: str
    value: int | float | None  # the number stated (0 for "none" claims, None for all_handled)
    sentence: NarrativeSentence
    start: int  # [start, end) within sentence.text: the phrase that makes the claim
    end: int
    applicant: str | None = None  # for RECEIVED_BY: "自然人" or "法人或其他组织" or a column name
    subjects: tuple[str, ...] = ()  # for none-claims about reviews/lawsuits: which ones

    @property
    def phrase(self) -> str:
        return self.sentence.text[self.start : self.end]


class _Patterns:
    """Alternative regexes that share group names (re forbids one name twice in one
    pattern); `search` returns the earliest match of any."""

    def __init__(self, *patterns: str) -> None:
        self.patterns = [re.compile(pattern) for pattern in patterns]

    def search(self, text: str) -> re.Match[str] | None:
        matches = [match for pattern in self.patterns if (match := pattern.search(text))]
        return min(matches, key=lambda match: match.start(), default=None)


_UNIT = r"(?:件|个|宗|条|份|起)"
# A count: the number and its unit. Not followed by another numeral ("三个一" is a slogan,
# not three of something) nor preceded by a digit (part of a longer number).
_NUM = rf"(?<![0-9０-９.．])(?P<n>{NUMBER}){_UNIT}(?![零〇一二两三四五六七八九十])"
_VERB = r"(?:新收|收到|受理|接收|接到|收悉|共收)"
_NEGATION = r"(?:未|没有|没|无|暂未|尚未|均未|并未|从未|暂无|未曾)"
_APPLICATION = (
    r"(?:政府信息公开申请|政务信息公开(?:的)?申请|信息公开(?:的)?申请|公开申请|申请公开(?:政府)?信息(?:的申请)?"
    r"|依申请公开(?:政府信息|信息)?(?:的)?(?:申请|事项|事宜|件)?|申请)"
)
# Words that put a clause about something other than this body's own applications of the
# year: other channels of contact, other procedures, sub-counts, other years.
_NOT_APPLICATIONS = re.compile(
    r"复议|诉讼|投诉|举报|信访|咨询|留言|来信|信件|热线|12345|建议|提案|意见|补正|延期|征求|主动公开|听证|异议"
    r"|退回|转办|工单|来电|电话|诉求|政策解读|办件|审批|许可|依申请公开目录|指南"
)
_SUBCOUNT = re.compile(r"其中|涉及|包括|分别|占|同比|较上年|比上年|上一年|去年|累计|以来|历年|平均|日均|每")
_OTHER_YEAR = re.compile(r"(?<![0-9])(20[0-9]{2})年")

# Between 申请 and the count only a connecting word may stand ("申请共计8件", "申请件2件").
_CONNECT = r"(?:件)?(?:共|共计|合计|总计|累计为|计|为|达|数量为|数量|数)?"
_RECEIVED_A = re.compile(rf"{_VERB}(?P<gap>[^0-9０-９]{{0,24}}?){_APPLICATION}{_CONNECT}{_NUM}")
_RECEIVED_B = re.compile(rf"{_VERB}(?:了)?(?:共|共计|合计|总计)?{_NUM}(?:的)?[^0-9０-９]{{0,16}}?{_APPLICATION}")

# "未收到政府信息公开申请", "暂未接到群众对依申请公开信息申请", "无依申请公开事项":
# only a few plain words may stand between the negation and what is not received.
_NONE_FILLER = r"(?:[过到]|任何|有关|相关|群众|公民|公众|社会公众|[、和及或]|法人|其他组织|提出|对|的|申请人)*"
_NONE_TARGET = r"(?:政府信息公开申请|政务信息公开申请|信息公开申请|申请公开政府信息|依申请公开(?:政府信息|信息)?(?:的)?(?:申请|事项|事宜|件|类))"
# Without a receiving verb only a plain target counts ("无依申请公开事项"); a bare 依申请公开
# after 无 may be anything ("无依申请公开目录").
_NONE_RECEIVED = re.compile(
    rf"{_NEGATION}(?:(?:收到|接到|受理|接收|收悉){_NONE_FILLER}(?:{_NONE_TARGET}|依申请公开)"
    rf"|(?:发生|产生|有)?{_NONE_FILLER}{_NONE_TARGET})"
)
_ZERO_RECEIVED = re.compile(rf"{_VERB}{_NONE_FILLER}{_APPLICATION}(?:为|共|共计)?(?:0|零){_UNIT}?(?![0-9])")

_APPLICANT = r"(?P<who>自然人|法人或其他组织|法人和其他组织|法人及其他组织|法人|商业企业|科研机构|社会公益组织|法律服务机构)"
_RECEIVED_BY = re.compile(rf"(?:^|(?<=[、和及]))(?:其中|涉及|包括|来自|含)?{_APPLICANT}(?:提出|提交|申请)?(?:的)?(?:申请)?(?:为|共|共计)?{_NUM}")

_HANDLED = re.compile(
    rf"(?<!按时)(?<!按期)(?:办结|办理完毕|处理完毕|答复办结)(?:了)?(?:政府信息公开申请|依申请公开|申请|各类申请)?(?:共|共计)?{_NUM}"
)
_NEXT_YEAR = r"(?:下一?年度?|下一年|次年|(?P<year>20[0-9]{2})年度?)"
_CARRIED_OVER = _Patterns(
    rf"结转(?:至|到|入)?{_NEXT_YEAR}(?:继续)?(?:办理)?(?:的)?(?:申请)?(?:共|为)?{_NUM}",
    rf"{_NUM}(?:申请)?(?:需|因[^，]{{0,10}})?结转(?:至|到|入)?{_NEXT_YEAR}",
)
_CARRIED_IN = re.compile(rf"(?:上一?年度?|上年)结转(?:的)?(?:政府信息公开)?(?:申请)?(?:共|为)?{_NUM}")

_INFO_DISCLOSURE = re.compile(r"信息公开|依申请|公开申请")
_REVIEW = _Patterns(rf"(?<!复议后)行政复议(?:案件|申请)?(?:共|共计|为)?{_NUM}", rf"{_NUM}(?:的)?行政复议")
_LAWSUIT = _Patterns(rf"行政诉讼(?:案件)?(?:共|共计|为)?{_NUM}", rf"{_NUM}(?:的)?行政诉讼")
_NONE_REVIEW_LAWSUIT = re.compile(
    rf"(?:{_NEGATION}|未发生|未出现|未产生|零)[^，；。0-9]{{0,30}}?(?P<what>行政复议|行政诉讼)"
)
_REVIEW_EXCLUDE = re.compile(r"纠错|纠正|败诉|撤诉|维持|审结|复议后|直接起诉|各|分别|应诉|办理相关案件|其中")

_ALL_HANDLED = re.compile(
    r"(?:全部|均|都|全|所有申请均|悉数)(?:已|已经)?(?:在[^，；。]{0,10}?内|按[^，；。]{0,8}?|依法|及时|如期|按时|按期|予以)*"
    r"(?:办结|办理完毕|处理完毕|答复|办理答复|答复及办结|答复并办结|办理完成|完成办理)"
    r"|(?<!按时)(?<!按期)(?<!及时)办结率(?:为|达|达到)?100(?:%|％)"
)

_FEE_WORD = re.compile(r"信息处理费|处理费")
_FEE_AMOUNT = re.compile(rf"(?:信息处理费|处理费)(?:用)?(?:共|共计|合计|总计|为|金额为|金额)?(?P<n>{NUMBER})元|收取(?:[^，；。0-9]{{0,12}}?)(?P<n2>{NUMBER})元")
_FEE_NONE = re.compile(
    r"(?:未|没有|无|不|均未|并未|从未|未曾|免于|免予)(?:向申请人)?(?:收取|产生|收|发生)(?:任何)?(?:政府信息公开)?(?:信息)?(?:处理)?费"
    r"|(?:信息处理费|处理费)(?:用)?(?:为|共|均为)?(?:0|零)元?(?![0-9])"
    r"|无(?:收取)?(?:政府信息公开)?信息处理费"
)
_FEE_EXCLUDE = re.compile(r"标准|每件|按件|按量|页|超过|以上|以下|办法规定|其中[^，；。]{0,6}(?:局|委|办)")


# Every claim's match contains one of these characters, from the patterns above: the receiving
# verbs (收 受 接), the negations of none-claims (未 没 无), 办结 / 处理完毕 / 答复 (办 处 答),
# 结转 (结), 行政复议 / 行政诉讼 (行), the applicant kinds (自然人 法人 商业企业 科研机构
# 社会公益组织: 自 法 商 科 社) and every fee pattern (费). A clause without any of them makes no claim.
_CLAIM_HINTS = frozenset("收受接未没无办处答结行自法商科社费")


def extract_claims(report: Report) -> list[Claim]:
    """Every claim the narrative makes, in document order (a fresh list each time).

    Extracted once per report (C001, C002 and C003 all read them): the claims are immutable.
    """
    memo = report_memo(report)
    claims = memo.get(extract_claims)
    if claims is None:
        claims = memo[extract_claims] = tuple(
            claim for sentence in narrative_sentences(report) for claim in _sentence_claims(sentence, report.year)
        )
    return list(claims)


def _sentence_claims(sentence: NarrativeSentence, year: int | None) -> Iterator[Claim]:
    received_seen = False
    application_context = bool(re.search(r"申请", sentence.text))
    for clause_start, clause_end in sentence.clauses:
        clause = sentence.text[clause_start:clause_end]
        if _CLAIM_HINTS.isdisjoint(clause):
            continue  # no claim pattern can match here (most clauses): skip the dozen searches
        found_received = False
        for claim in _clause_claims(sentence, clause, clause_start, year, received_seen, application_context):
            if claim.kind in (RECEIVED, NONE_RECEIVED):
                found_received = True
            yield claim
        received_seen = received_seen or found_received


def _clause_claims(
    sentence: NarrativeSentence,
    clause: str,
    offset: int,
    year: int | None,
    received_seen: bool,
    application_context: bool,
) -> Iterator[Claim]:
    other_year = _mentions_other_year(clause, year)

    def claim(kind: str, match: re.Match[str], value, **extra) -> Claim:
        return Claim(kind, value, sentence, offset + match.start(), offset + match.end(), **extra)

    about_applications = not _NOT_APPLICATIONS.search(clause)
    subcount = _SUBCOUNT.search(clause)

    # Received: a count, or "none".
    if about_applications and not other_year:
        match = None if subcount else (_RECEIVED_A.search(clause) or _RECEIVED_B.search(clause))
        if match and _gap_is_plain(match) and not _negated(clause, match.start()):
            value = parse_number(match.group("n"))
            if value is not None:
                yield claim(RECEIVED, match, value)
        else:
            match = _NONE_RECEIVED.search(clause) or _ZERO_RECEIVED.search(clause)
            if match and not re.search(r"[该此这]", clause[: match.start()][-4:]):
                yield claim(NONE_RECEIVED, match, 0)
    if received_seen and not other_year:
        for match in _RECEIVED_BY.finditer(clause):
            value = parse_number(match.group("n"))
            if value is not None:
                yield claim(RECEIVED_BY, match, value, applicant=_applicant(match.group("who")))

    # Handled and carried over / in.
    if about_applications or received_seen:
        if not other_year and (application_context or received_seen) and not subcount:
            match = _HANDLED.search(clause)
            if match and not re.search(r"受理|当场|当日|提前|超期|逾期|延期", clause):
                value = parse_number(match.group("n"))
                if value is not None:
                    yield claim(HANDLED, match, value)
        match = _CARRIED_OVER.search(clause)
        if match and application_context:
            stated_year = match.group("year")
            if stated_year is None or year is None or int(stated_year) == year + 1:
                value = parse_number(match.group("n"))
                if value is not None:
                    yield claim(CARRIED_OVER, match, value)
        match = _CARRIED_IN.search(clause)
        if match and application_context and not other_year:
            value = parse_number(match.group("n"))
            if value is not None:
                yield claim(CARRIED_IN, match, value)

    # Reviews and lawsuits: only those about information disclosure.
    disclosure_context = bool(_INFO_DISCLOSURE.search(sentence.text)) or sentence.section == "review_litigation"
    if disclosure_context and not other_year and not _REVIEW_EXCLUDE.search(clause):
        for kind, pattern in ((REVIEWS, _REVIEW), (LAWSUITS, _LAWSUIT)):
            match = pattern.search(clause)
            if match:
                value = parse_number(match.group("n"))
                if value is not None:
                    yield claim(kind, match, value)
        match = _NONE_REVIEW_LAWSUIT.search(clause)
        if match:
            tail = clause[match.start() :]
            subjects = tuple(word for word in ("行政复议", "行政诉讼") if word in tail)
            yield Claim("none_review_lawsuit", 0, sentence, offset + match.start(), offset + len(clause), subjects=subjects)

    # "All handled".
    if application_context or received_seen:
        match = _ALL_HANDLED.search(clause)
        # a sentence that itself mentions what was carried over or postponed is not claiming everything
        if match and not re.search(r"结转|顺延|延期|下一?年度|除|其余|外", sentence.text):
            yield claim(ALL_HANDLED, match, None)

    # Fees.
    if _FEE_WORD.search(sentence.text) and not _FEE_EXCLUDE.search(clause) and not other_year:
        match = _FEE_NONE.search(clause)
        if match:
            yield claim(FEE_NONE, match, 0)
        else:
            match = _FEE_AMOUNT.search(clause)
            if match and _FEE_WORD.search(clause):
                value = parse_number(match.group("n") or match.group("n2"))
                if value is not None:
                    yield claim(FEE_NONE if value == 0 else FEE_AMOUNT, match, value)


_NEGATION_BEFORE = re.compile(rf"{_NEGATION}$")


def _negated(clause: str, start: int) -> bool:
    return bool(_NEGATION_BEFORE.search(clause[max(0, start - 3) : start]))


def _gap_is_plain(match: re.Match[str]) -> bool:
    """Between the verb and 申请 only a description of the applications may stand
    (通过邮寄、网络提交的各类…), not another clause's subject."""
    gap = match.groupdict().get("gap") or ""
    return not re.search(r"[是为了后]|答复|办结|办理", gap)


def _mentions_other_year(clause: str, year: int | None) -> bool:
    if year is None:
        return False
    return any(int(found) not in (year,) for found in _OTHER_YEAR.findall(clause))


def _applicant(word: str) -> str:
    if word.startswith("法人"):
        return "法人或其他组织"
    return word
