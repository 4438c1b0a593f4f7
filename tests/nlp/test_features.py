"""Specificity features on sentences written for these tests (fictional bodies), and a sanity
check over the real reports in ../shared."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.conftest import read_manifest
from narrative_qa.nlp.features import (
    CHANNEL,
    DATE,
    DOCUMENT,
    FEATURES,
    FIGURE,
    UNIT,
    YEAR,
    Specificity,
    chinese_chars,
    find_specifics,
    has_specifics,
    specificity,
)

SPECIFIC = (
    "2024年3月15日，青禾县民政局联合松川市审计局在青禾县政务服务中心举办政务公开培训2场，培训120人次；"
    "全年在青禾县人民政府门户网站主动公开政府信息1,236条，其中政策解读35篇，同比增长12.5%。"
    "依据《青禾县2024年政务公开工作要点》（青政办〔2024〕5号），一季度通过“青禾民政”微信公众号发布信息46条，"
    "咨询电话0591-87654321。"
)

GENERIC = (
    "我局高度重视政府信息公开工作，不断完善工作机制，进一步加强培训，不断提高业务能力。"
    "下一步，我局将严格按照《条例》要求，丰富政策解读形式，以人民为中心，围绕中心工作，"
    "通过政府网站和政务新媒体等渠道及时公开信息，统筹大局，切实提升政务公开工作水平。"
)


def _matches(pattern, text: str) -> list[str]:
    return [match.group() for match in pattern.finditer(text)]


def test_specific_text_scores_far_above_generic_text() -> None:
    specific = specificity(SPECIFIC)
    generic = specificity(GENERIC)
    assert generic.total == 0
    assert generic.total_per_100 == 0.0
    assert specific.figures == 6  # 2场 120人次 1,236条 35篇 12.5% 46条
    assert specific.dates == 2  # 2024年3月15日, 一季度
    assert specific.units >= 3  # 民政局, 审计局, 政务服务中心 (the portal's owner may count too)
    assert specific.documents == 2  # the 要点 title and its number
    assert specific.channels == 3  # the portal, the official account, the phone number
    assert specific.years == 1  # the 2024年 in the title; the one in the full date is a date
    assert specific.total_per_100 > 10


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("受理申请12件，办结11件", ["12件", "11件"]),
        ("收费0.5万元，占比98.6%，较上年下降3个百分点", ["0.5万元", "98.6%", "3个百分点"]),
        ("发布信息1,200余条，举办三十余次活动，答复时限缩短至15个工作日", ["1,200余条", "三十余次", "15个工作日"]),
        ("检查企业十二家，抽查两次", ["十二家", "两次"]),
        ("第3次会议，第一批名单，开展一次检查，完成第12期", []),
        ("属于三类内部事务信息，四类过程性信息", []),
        ("2024年3月，12月31日", []),
    ],
)
def test_figures(text: str, expected: list[str]) -> None:
    assert _matches(FIGURE, text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2024年3月15日召开会议", ["2024年3月15日"]),
        ("自2024年1月1日起至12月31日止", ["2024年1月1日", "12月31日"]),
        ("3月底前完成，十二月五日公布，2025年6月", ["3月底", "十二月五日", "2025年6月"]),
        ("一季度和第四季度，上半年", ["一季度", "第四季度", "上半年"]),
        ("2024年，全年，每月，3个月，13月", []),
    ],
)
def test_dates(text: str, expected: list[str]) -> None:
    assert _matches(DATE, text) == expected


def test_years_are_counted_apart_from_dates() -> None:
    assert _matches(YEAR, "2024年，我局在2024年度内；二〇二四年") == ["2024年", "2024年度", "二〇二四年"]
    assert _matches(YEAR, "2024年3月") == []


@pytest.mark.parametrize(
    ("text", "count"),
    [
        ("青禾县民政局", 1),
        ("会同松川市审计局、青禾县人民政府办公室和青禾县政务服务中心", 3),
        ("由县公安分局负责", 1),
        ("我局、本局、该局高度重视，各级人民政府，县级以上人民政府", 0),
        ("优化工作格局，合理布局，服务大局，以人民为中心，围绕中心工作", 0),
    ],
)
def test_named_units(text: str, count: int) -> None:
    assert len(_matches(UNIT, text)) == count


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("印发《青禾县政务公开工作要点》（青政办〔2024〕5号）", ["《青禾县政务公开工作要点》", "〔2024〕5号"]),
        ("根据[2023]12号文件和松川市人民政府令第3号", ["[2023]12号", "令第3号"]),
        ("根据《条例》和《中华人民共和国政府信息公开条例》（国务院令第711号）", []),
        ("按照国办公开办函〔2021〕30号和国办函〔2020〕109号", []),
        ("按照《中华人民共和国政府信息公开工作年度报告格式》和《政府信息公开信息处理费管理办法》", []),
    ],
)
def test_documents(text: str, expected: list[str]) -> None:
    assert _matches(DOCUMENT, text) == expected


@pytest.mark.parametrize(
    ("text", "count"),
    [
        ("通过“青禾民政”微信公众号和公众号“松川审计”发布", 2),
        ("在“政策解读”专栏公开", 1),
        ("在青禾县人民政府门户网站和松川市审计局网站公开", 2),
        ("开通12345热线，热线电话：87654321，咨询电话0591-87654321", 3),
        ("通过政府网站、本局网站、政务新媒体、公众号等渠道", 0),
    ],
)
def test_channels(text: str, count: int) -> None:
    assert len(_matches(CHANNEL, text)) == count


def test_chinese_chars_and_densities() -> None:
    assert chinese_chars("2024年，ABC共12件。") == 3
    assert chinese_chars("") == 0
    empty = specificity("  12 34 ")
    assert empty.chinese_chars == 0 and empty.total_per_100 == 0.0
    s = specificity("受理申请12件，办结11件。")  # 8 Chinese characters, 2 figures
    assert s == Specificity(chinese_chars=8, figures=2, dates=0, units=0, documents=0, channels=0, years=0)
    assert s.densities["figures"] == pytest.approx(100 * 2 / 8)
    data = s.to_dict()
    assert data["total"] == 2 and data["figures_per_100"] == pytest.approx(25.0)


def test_find_specifics_is_the_evidence_behind_the_counts() -> None:
    found = list(find_specifics(SPECIFIC))
    counts = specificity(SPECIFIC)
    for name in ("figures", "dates", "units", "documents", "channels"):
        assert sum(1 for kind, *_ in found if kind == name) == getattr(counts, name)
    for _, start, end, matched in found:
        assert SPECIFIC[start:end] == matched


def test_real_reports_have_measurable_specificity(real_corpus: Path) -> None:
    # Not a quality judgement: every real 2021-format report states at least a few figures or
    # dates, and no report has more mentions than Chinese characters.
    rows = [row for row in read_manifest() if row["era"] == "2021format" and row["format"] == "txt"]
    for row in rows:
        text = (real_corpus / row["file"]).read_text("utf-8")
        result = specificity(text)
        assert result.chinese_chars > 500, row["file"]
        assert result.figures + result.dates >= 3, row["file"]
        assert result.total < result.chinese_chars / 2, row["file"]


# has_specifics answers "any feature pattern matches?" with cheaper means (a character
# pre-test, existence-only forms of UNIT and CHANNEL); it must agree with the patterns on
# every text, edge cases of each pattern included.
EDGE_CASES = (
    SPECIFIC,
    GENERIC,
    "我局高度重视，本局网站和政府网站均已更新",
    "青禾县民政局",
    "民政局",
    "局",
    "县局",
    "以人民为中心，围绕中心工作，优化格局",
    "青禾县政务服务中心任务",
    "青禾县人民政府门户网站",
    "本县网站",
    "县网站",
    "通过“青禾民政”微信公众号发布",
    "“青”公众号",
    "热线电话：87654321",
    "咨询电话0591-87654321",
    "一季度完成，上半年启动，3月底前",
    "12345热线",
    "",
)


@pytest.mark.parametrize("text", EDGE_CASES)
def test_has_specifics_agrees_with_the_patterns(text: str) -> None:
    assert has_specifics(text) == any(pattern.search(text) for pattern in FEATURES.values())


def test_has_specifics_agrees_with_the_patterns_on_real_reports(real_corpus: Path) -> None:
    checked = 0
    for row in read_manifest():
        if row["format"] != "txt":
            continue
        text = (real_corpus / row["file"]).read_text("utf-8")
        pieces = [*text.split("\n"), *text.split("。"), *(text[start : start + 12] for start in range(0, len(text), 7))]
        for piece in pieces:
            assert has_specifics(piece) == any(pattern.search(piece) for pattern in FEATURES.values()), piece
            checked += 1
    assert checked > 10_000


# `specificity` and `find_specifics` find UNIT, CHANNEL and DATE matches with faster means
# (`_FINDERS`: suffix-first search for UNIT, per-alternative search for CHANNEL, anchored
# windows for DATE). The public patterns, unchanged, are the reference: the finders must
# yield exactly their `finditer` spans (leftmost, non-overlapping) on every text.
from narrative_qa.nlp import features as _features  # noqa: E402  (private finders under test)

FINDER_EDGE_CASES = (
    *EDGE_CASES,
    "青禾县民政局办公室",  # a unit right after a unit: the second has no room for its prefix
    "县民政局局长",
    "局局局局局局局局局局局局",
    "青禾县人民政府办公室、各级人民政府、县级以上人民政府、上人民政府",
    "松川市审计局分局、分局、公安分局",
    "青禾县松川市青禾县松川市民政局",  # prefix longer than 10 characters
    "a青禾局 b松川局，c中心",
    "围绕中心任务，服务中心工作，区政务服务中心的中心",
    "青禾县委员会管委会办事处",
    "县县县县县县县县县县县县网站",  # greedy prefix capped at 10
    "青禾县人民政府网站县政府网站",  # two websites in one Han run
    "市政府网站市网站我县网站各局网站",
    "热线县网站",  # a website alternative and a hotline start at the same position
    "热线12345县网站",
    "“青禾”公众号“松川”微博公众号“青禾民政”",
    "公众号“青禾”网站",
    "12345政务服务便民热线，12345 热线，热线 : 0591-87654321",
    "20591-87654321，0591－8765432，0591—876543210",
    "2024 年 3 月 15 日，二〇二四年十二月三十一日号",
    "2024年2024年3月",
    "123月，13月，3月份，10月上旬，12345月",
    "第一季度第五季度，4季度，上半年下半年，年上半",
    "年 \n 3\t月",
    "2024年　　　　　　　　3月",
)


def _finder_spans(name: str, text: str) -> list[tuple[int, int]]:
    return [(match.start(), match.end()) for match in _features._FINDERS[name](text)]


def _reference_spans(name: str, text: str) -> list[tuple[int, int]]:
    return [match.span() for match in FEATURES[name].finditer(text)]


@pytest.mark.parametrize("text", FINDER_EDGE_CASES)
def test_finders_equal_the_patterns_on_edge_cases(text: str) -> None:
    for name in _features._FINDERS:
        assert _finder_spans(name, text) == _reference_spans(name, text), (name, text)


# Pieces that make the patterns' parts (prefixes, suffixes, look-behind characters, quotes,
# digits, spaces) collide often, for random strings: single characters and whole words.
_RANDOM_PIECES = {
    "units": [*"青禾县民政局委员会管办公室事处中心分人府格布大结当我本该各全级上为的工作任务，a1 ",
              "人民政府", "委员会", "管委会", "办公室", "办事处", "中心", "分局", "青禾县"],
    "channels": [*"青县市区镇乡局委办我本各人民政府门户网站务热线电话:：“”\"「」『』0-－— \n，a",
                 "人民政府", "政府", "门户网站", "网站", "政府网", "政务网", "热线", "热线电话", "12345",
                 "0591", "87654321", "青禾民政", "“青禾民政”", "公众号", "微信公众号", "微博", "专栏", "APP",
                 "政务服务", "便民", "服务", "青禾县", "松川市"],
    "dates": [*"年月日号季度半上下第一二三四五九十〇零0123456789份底初末旬中 \t，",
              "2024", "二〇二四", "季度", "半年", "上旬", "12", "十二"],
}


def test_finders_equal_the_patterns_on_random_strings() -> None:
    import random

    rng = random.Random(20241129)
    matched = 0
    for name, pieces in _RANDOM_PIECES.items():
        for _ in range(4000):
            text = "".join(rng.choice(pieces) for _ in range(rng.randint(0, 30)))
            expected = _reference_spans(name, text)
            assert _finder_spans(name, text) == expected, (name, text)
            matched += len(expected)
    assert matched > 5000  # the strings do exercise the patterns


def test_finders_equal_the_patterns_on_real_reports(real_corpus: Path, seed_report: Path) -> None:
    paths = [real_corpus / row["file"] for row in read_manifest() if row["format"] in ("txt", "md")]
    for path in [*paths, seed_report]:
        text = path.read_text("utf-8")
        for piece in (text, *text.split("\n")):
            for name in _features._FINDERS:
                assert _finder_spans(name, piece) == _reference_spans(name, piece), (path.name, name)
            found = [(kind, start, end) for kind, start, end, _ in find_specifics(piece)]
            assert found == [(kind, *span) for kind in FEATURES for span in _reference_spans(kind, piece)]
