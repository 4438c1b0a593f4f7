"""Specificity of a text: how many concrete figures, dates, named bodies, cited documents and
named channels it holds. Generic text ("进一步加强培训，不断提高业务能力") has none; a report that
says what was done ("3月15日在青禾县政务服务中心举办培训2场") has several per sentence.

Pure Python and regular expressions: these counts run on every lint and over every corpus
document, so they must not need spaCy or scikit-learn. The patterns are heuristics tuned to
report prose; each is documented on its constant below. Densities are per 100 Chinese
characters (not per 100 characters) so that digits, spaces and table residue do not dilute
them.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections.abc import Iterator
from dataclasses import asdict, dataclass

__all__ = [
    "CHANNEL",
    "DATE",
    "DOCUMENT",
    "FIGURE",
    "FEATURES",
    "UNIT",
    "YEAR",
    "Specificity",
    "chinese_chars",
    "find_specifics",
    "has_specifics",
    "specificity",
]

_HAN = "\u3400-\u4dbf\u4e00-\u9fff"
_HAN_RUN = re.compile(f"[{_HAN}]+")

# Chinese numerals, for figures and dates written in characters (十二件, 二〇二四年).
_CN_DIGIT = "零〇一二两三四五六七八九十"
_CN_NUMBER = f"[{_CN_DIGIT}][{_CN_DIGIT}百千万亿]*"
_ARABIC = r"\d+(?:[.,，]\d+)*"

#: Figures: a number with a counting unit — 12件, 3.5万元, 1,200条, 98.6%, 三十余次, 2个工作日, 120人.
#: Arabic or Chinese numerals, optionally 余/多 ("about") and 万/亿 before the unit. Not counted:
#: ordinals (第3次, 第一批), a bare 一 (一次 and 一批 are idiom as often as counts), numbers glued
#: to a longer number (the 2 of 12期), years/dates (年, 月, 日 are not units here) and 类, which
#: table 3's own row labels use (三类内部事务信息).
FIGURE = re.compile(
    rf"(?:(?<![第\d.,，]){_ARABIC}|(?<![第{_CN_DIGIT}百千万亿])(?!一(?![{_CN_DIGIT}百千万亿])){_CN_NUMBER})"
    r"\s*[余多]?\s*(?:[万亿]\s*)?"
    r"(?:%|％|个百分点|个工作日|个月|个|人次|人|条|件|次|项|元|家|篇|期|场|份|批|户|名|位|起|册|部|天|小时|所)"
)

_MONTH = r"(?:1[0-2]|0?[1-9]|十[一二]?|[一二三四五六七八九])"
_DAY = r"(?:3[01]|[12]\d|0?[1-9]|[二三]?十[一二三四五六七八九]?|[一二三四五六七八九])"

#: Dates finer than a year: 2024年3月, 2024年3月15日, 3月15日, 3月底, 十二月五日, 一季度/第一季度,
#: 上半年/下半年. A bare year (2024年, 2024年度) is not a date here: every report names its
#: own year in every section, so it is counted separately as `YEAR`.
DATE = re.compile(
    rf"(?:(?:\d{{4}}|[〇零一二三四五六七八九]{{4}})\s*年\s*)?(?<!\d){_MONTH}\s*月"
    rf"(?:\s*{_DAY}\s*[日号])?(?:份|底|初|末|上旬|中旬|下旬)?"
    r"|第?[一二三四1-4]季度|[上下]半年"
)

#: Year mentions: 2024年, 2024年度, 二〇二四年 (not followed by a month, which makes a `DATE`).
YEAR = re.compile(rf"(?:(?<!\d)(?:19|20)\d{{2}}|[〇零一二三四五六七八九]{{4}})\s*年(?:度)?(?!\s*{_MONTH}\s*月)")

#: Named units: two or more Chinese characters ending in 人民政府, 委员会, 管委会, 办公室,
#: 办事处, 中心, 分局 or 局 — 青禾县民政局, 松川市审计局, 青禾县人民政府办公室, 区政务服务中心.
#: Not counted: self-references and generic plurals (我局, 本局, 该局, 各局, 各级人民政府, 以上人民政府),
#: and words that merely end in 局 or 中心 (格局, 布局, 大局, 结局, 以人民为中心, 中心工作).
#: The match may start a few characters before the real name; only the count is used.
_UNIT_SUFFIX = (
    r"(?:(?<![级各本该我上])人民政府|委员会|管委会|(?<![我本该])办公室|办事处|(?<![为的])中心(?!工作|任务)|分局"
    r"|(?<![格布大结当我本该各全分])局)"
)
UNIT = re.compile(rf"[{_HAN}]{{2,10}}?" + _UNIT_SUFFIX)

#: Cited documents: 《…》 titles and document numbers (青政办〔2024〕3号, [2024]3号, 某某令第5号).
#: Not counted: the documents every report cites whatever it did — the 条例 (《条例》,
#: 《中华人民共和国政府信息公开条例》, 国务院令第711号), the report format (any title containing
#: 年度报告格式, 国办公开办函〔2021〕30号 and 〔2019〕60号) and the fee rules (any title containing
#: 信息处理费管理办法, 国办函〔2020〕109号): citing them says nothing about this body's year.
DOCUMENT = re.compile(
    r"《(?!(?:中华人民共和国)?(?:政府信息公开)?条例》)(?![^《》\n]*(?:年度报告格式|信息处理费管理办法))[^《》\n]{1,60}》"
    r"|(?<!国办公开办函)(?<!国办函)[〔\[［(（【]\s*(?:19|20)\d{2}\s*[〕\]］)）】]\s*第?\d+\s*号"
    r"|令第(?!711号)\d+号"
)

#: Named channels: an account or column named in quotes (“青禾民政”微信公众号, 公众号“青禾民政”,
#: “政策解读”专栏), a website named by its owner (青禾县人民政府门户网站, 松川市审计局网站 — not
#: 政府网站 or 本局网站 alone), a hotline or telephone number (12345热线, 0591-12345678).
_QUOTED_FIRST = (
    r"[“\"「『][^”\"」』\n]{2,20}[”\"」』]\s*(?:微信公众号|公众号|政务新媒体|新媒体|微博|抖音号?|视频号|头条号|客户端|APP|App|app|网站|专栏|栏目|平台|热线)"
)
_KIND_FIRST = r"(?:微信公众号|公众号|政务新媒体|微博|抖音号?|视频号|头条号|客户端|网站|专栏|栏目|平台)\s*[“\"「『][^”\"」』\n]{2,20}[”\"」』]"
_QUOTED_CHANNEL = _QUOTED_FIRST + "|" + _KIND_FIRST
_WEBSITE = r"(?<![我本该各])[省市县区镇乡局委办](?:人民政府|政府)?(?:门户网站|网站|政府网|政务网)"
_HOTLINE_NUMBER_FIRST = r"\d{5,}\s*(?:政务服务)?(?:便民)?(?:服务)?热线"
_HOTLINE_WORD_FIRST = r"热线(?:电话)?\s*[:：]?\s*\d{5,}"
_TELEPHONE = r"(?<!\d)0\d{2,3}\s*[-－—]\s*\d{7,8}(?!\d)"
_HOTLINE = "|" + _HOTLINE_NUMBER_FIRST + "|" + _HOTLINE_WORD_FIRST + "|" + _TELEPHONE
CHANNEL = re.compile(_QUOTED_CHANNEL + rf"|[{_HAN}]{{1,10}}" + _WEBSITE + _HOTLINE)

#: Feature name → pattern, in the order of `Specificity`'s fields.
FEATURES: dict[str, re.Pattern[str]] = {
    "figures": FIGURE,
    "dates": DATE,
    "units": UNIT,
    "documents": DOCUMENT,
    "channels": CHANNEL,
}


# Characters every match of a pattern contains (one of them at least), from the patterns
# above: a text holding none of them cannot match, and a set test (in C) is far cheaper than
# the regex scan it saves. Most sentences mention no unit, date or channel at all.
#   DATE: every alternative ends in 月, 季度 or 半年.
#   UNIT: every suffix ends in 府 (人民政府), 会 (委员会, 管委会), 室, 处, 心 or 局.
#   CHANNEL: an opening quote (the two quoted-name forms), 网 (websites), 线 (热线), or the
#   dash of a telephone number.
# DOCUMENT and YEAR are cheap to scan already (they fail fast on their first characters), and
# FIGURE is tried only where a number starts (`_figure_matches`). Each test is a
# character-class search: a set's `isdisjoint` would make a string object of every Chinese
# character of the text.
_HINTS: dict[str, re.Pattern[str]] = {
    "dates": re.compile("[月季半]"),
    "units": re.compile("[府会室处心局]"),
    "channels": re.compile("[“\"「『网线\\-－—]"),
}


# Patterns that match somewhere exactly when UNIT / CHANNEL do, for `has_specifics`, which
# needs no match positions: a lazy [汉]{2,10}? before a unit suffix (or [汉]{1,10} before a
# website) matches iff the two characters (one) right before the suffix are Han, and the
# suffix's own look-behinds test the same characters either way; trying 2..10 prefix lengths
# at every position is what made UNIT the costliest feature pattern.
_EXISTS: dict[str, re.Pattern[str]] = {
    "units": re.compile(rf"[{_HAN}]{{2}}" + _UNIT_SUFFIX),
    "channels": re.compile(_QUOTED_CHANNEL + rf"|[{_HAN}]" + _WEBSITE + _HOTLINE),
}


# --- Faster equivalents of `FEATURES[name].finditer` -------------------------------------
# `specificity` runs over every section of every corpus document, and the regex engine scans
# UNIT, CHANNEL and DATE slowly: they start with look-behinds or an optional group, so it
# cannot skip to a likely first character, and UNIT / CHANNEL try up to ten prefix lengths at
# every position. The finders below yield exactly the matches (same spans, same
# non-overlapping leftmost order) of the public patterns, which stay the reference: the tests
# compare both on edge cases, random strings and every real report.


class _Span:
    """The part of `re.Match` that `specificity` and `find_specifics` use."""

    __slots__ = ("_text", "_start", "_end")

    def __init__(self, text: str, start: int, end: int) -> None:
        self._text, self._start, self._end = text, start, end

    def start(self) -> int:
        return self._start

    def end(self) -> int:
        return self._end

    def group(self) -> str:
        return self._text[self._start : self._end]


_HAN_CHAR = re.compile(f"[{_HAN}]")


def _han_start(text: str, low: int, end: int) -> int:
    """The smallest p >= low such that text[p:end] is all Han (end if text[end - 1] is not)."""
    p = end
    is_han = _HAN_CHAR.match
    while p > low and is_han(text, p - 1):
        p -= 1
    return p


# UNIT's suffix alone, each alternative starting with its first character so that the engine
# scans for 人委管办中分局 only: a look-behind moved after the character it precedes tests the
# same characters ((?<![我本该])办 == 办(?<![我本该]办)). Suffix occurrences cannot overlap: no
# suffix holds a character another suffix starts with, except 分局's 局, which the 局
# alternative's own look-behind excludes.
_UNIT_SUFFIX_AT = re.compile(
    r"人(?<![级各本该我上]人)民政府|委员会|管委会|办(?<![我本该]办)公室|办事处|中(?<![为的]中)心(?!工作|任务)|分局"
    r"|局(?<![格布大结当我本该各全分]局)"
)


def _unit_matches(text: str) -> Iterator[_Span]:
    """`UNIT.finditer(text)`. UNIT is two to ten Han characters (lazy) then a suffix: the match
    starting at p ends at the first suffix q with 2 <= q - p <= 10 and text[p:q] all Han. The
    lowest admissible p for a suffix at q, max(pos, q - 10, start of q's Han run), never
    decreases with q, so the first suffix (in text order) with an admissible p gives the
    leftmost match, at that p, and it is also the nearest suffix for that p."""
    pos = 0
    for suffix in _UNIT_SUFFIX_AT.finditer(text):
        q = suffix.start()
        if q - pos < 2:
            continue
        p = _han_start(text, max(pos, q - 10), q)
        if q - p >= 2:
            pos = suffix.end()
            yield _Span(text, p, pos)


# CHANNEL is the alternation quoted-name-then-kind | kind-then-quoted-name | Han prefix then a
# website | three hotline forms. At one position the first alternative that matches wins, and
# the leftmost position wins: each alternative is searched on its own and the earliest start,
# then the earliest alternative, is taken. Where an alternative starts with a look-behind or
# a repeat, it is rewritten to start with a character or class the engine can skip to (same
# characters tested: (?<!\d)0 == 0(?<!\d0), \d{5,} == \d\d{4,}); the tests compare.
_WEBSITE_AT = re.compile(r"[省市县区镇乡局委办](?<![我本该各].)(?:人民政府|政府)?(?:门户网站|网站|政府网|政务网)")
_CHANNEL_PARTS = (
    re.compile(_QUOTED_FIRST),
    re.compile(_KIND_FIRST),
    None,  # the Han prefix and website, found by `_website_match`
    re.compile(r"\d\d{4,}\s*(?:政务服务)?(?:便民)?(?:服务)?热线"),  # _HOTLINE_NUMBER_FIRST
    re.compile(_HOTLINE_WORD_FIRST),
    re.compile(r"0(?<!\d0)\d{2,3}\s*[-－—]\s*\d{7,8}(?!\d)"),  # _TELEPHONE
)
_HAN_RUN_AT = re.compile(f"[{_HAN}]{{1,10}}")


def _website_match(text: str, sites: list[tuple[int, int]], pos: int) -> tuple[int, int] | None:
    """The leftmost match at or after `pos` of CHANNEL's `[汉]{1,10}` + website alternative,
    given the spans of every website in `text`. The prefix is greedy: the match starting at p
    runs to the last website start q with 1 <= q - p <= 10 and text[p:q] all Han. As for UNIT,
    the leftmost p belongs to the first website start with an admissible p. Websites cannot
    overlap (none holds a character they start with)."""
    for index in range(bisect_left(sites, (pos + 1, -1)), len(sites)):
        q = sites[index][0]
        p = _han_start(text, max(pos, q - 10), q)
        if p < q:
            limit = _HAN_RUN_AT.match(text, p).end()  # type: ignore[union-attr]  # text[p] is Han
            end = sites[index][1]
            for later, later_end in sites[index + 1 :]:
                if later > limit:
                    break
                end = later_end
            return p, end
    return None


def _channel_matches(text: str) -> Iterator[_Span]:
    """`CHANNEL.finditer(text)`: merge the alternatives' next matches, leftmost then first."""
    sites = [match.span() for match in _WEBSITE_AT.finditer(text)]
    # found[i]: alternative i's leftmost match at or after the last position searched from
    # (None: no more); (-1, -1) until first searched.
    found: list[tuple[int, int] | None] = [(-1, -1)] * len(_CHANNEL_PARTS)
    pos = 0
    while True:
        best: tuple[int, int] | None = None
        for index, pattern in enumerate(_CHANNEL_PARTS):
            span = found[index]
            if span is not None and span[0] < pos:  # stale: search again from pos
                if pattern is None:
                    span = _website_match(text, sites, pos) if sites else None
                else:
                    match = pattern.search(text, pos)
                    span = None if match is None else match.span()
                found[index] = span
            if span is not None and (best is None or span[0] < best[0]):
                best = span
        if best is None:
            return
        yield _Span(text, *best)
        pos = best[1]


# Every DATE match holds 月, 季 or 半 after at most 7 non-space characters (a 4-digit year,
# 年, a 2-character month; 第 and a digit before 季度; 上/下 before 半年), so a match can
# only start in such a window before one of them: DATE is tried at those positions only.
_DATE_ANCHOR = re.compile("[月季半]")
_DATE_REACH = 7


def _date_matches(text: str) -> Iterator[re.Match[str]]:
    """`DATE.finditer(text)`."""
    pos = 0
    match_at = DATE.match
    for anchor in _DATE_ANCHOR.finditer(text):
        a = anchor.start()
        if a < pos:
            continue
        p, seen = a, 0
        while p > pos and (seen < _DATE_REACH or text[p - 1].isspace()):
            p -= 1
            if not text[p].isspace():
                seen += 1
        while p <= a:
            match = match_at(text, p)
            if match is not None:
                yield match
                pos = p = match.end()
                if p > a:
                    break
            else:
                p += 1
        else:
            pos = a + 1


# Where a FIGURE match can start: at a digit or a Chinese numeral (the first character both of
# its alternatives consume) that the alternative's look-behind admits, moved after the
# character so that the engine skips to the next candidate (same characters tested).
_FIGURE_START = re.compile(
    rf"\d(?<![第\d.,，]\d)|[{_CN_DIGIT}](?<![第{_CN_DIGIT}百千万亿][{_CN_DIGIT}])"
)


def _figure_matches(text: str) -> Iterator[re.Match[str]]:
    """`FIGURE.finditer(text)`: FIGURE tried only where a match can start. finditer tries every
    position from the end of the previous match on, and matches nowhere else."""
    pos = 0
    match_at = FIGURE.match
    for candidate in _FIGURE_START.finditer(text):
        start = candidate.start()
        if start < pos:
            continue
        match = match_at(text, start)
        if match is not None:
            yield match
            pos = match.end()


_FINDERS = {"figures": _figure_matches, "units": _unit_matches, "channels": _channel_matches, "dates": _date_matches}


def _may_match(name: str, text: str) -> bool:
    hint = _HINTS.get(name)
    return hint is None or hint.search(text) is not None


def has_specifics(text: str) -> bool:
    """Whether `text` holds any specific mention: the first match of any pattern settles it
    (same answer as `specificity(text).total > 0`, without counting)."""
    return any(
        _EXISTS.get(name, pattern).search(text) for name, pattern in FEATURES.items() if _may_match(name, text)
    )


def chinese_chars(text: str) -> int:
    """Number of Chinese characters (CJK unified ideographs and extension A) in `text`."""
    # Summing the lengths of runs builds one string per run rather than one per character.
    return sum(map(len, _HAN_RUN.findall(text)))


@dataclass(frozen=True, slots=True)
class Specificity:
    """Counts of specific mentions in a text, and their density per 100 Chinese characters."""

    chinese_chars: int
    figures: int
    dates: int
    units: int
    documents: int
    channels: int
    years: int  # bare years: reported, not part of `total` (see `YEAR`)

    @property
    def total(self) -> int:
        """Specific mentions of every kind except bare years."""
        return self.figures + self.dates + self.units + self.documents + self.channels

    def per_100(self, count: int) -> float:
        """A count per 100 Chinese characters (0.0 for a text without any)."""
        return 100.0 * count / self.chinese_chars if self.chinese_chars else 0.0

    @property
    def densities(self) -> dict[str, float]:
        """Every feature (and the total) per 100 Chinese characters."""
        names = [*FEATURES, "years", "total"]
        return {name: self.per_100(getattr(self, name)) for name in names}

    @property
    def total_per_100(self) -> float:
        return self.per_100(self.total)

    def to_dict(self) -> dict[str, int | float]:
        data: dict[str, int | float] = asdict(self)
        data["total"] = self.total
        data.update({f"{name}_per_100": value for name, value in self.densities.items()})
        return data


def specificity(text: str) -> Specificity:
    """Count the specific mentions of `text` (see the pattern constants for what counts)."""
    counts = {
        name: sum(1 for _ in _FINDERS.get(name, pattern.finditer)(text)) if _may_match(name, text) else 0
        for name, pattern in FEATURES.items()
    }
    return Specificity(
        chinese_chars=chinese_chars(text),
        years=sum(1 for _ in YEAR.finditer(text)),
        **counts,
    )


def find_specifics(text: str) -> Iterator[tuple[str, int, int, str]]:
    """`(feature, start, end, matched text)` for every specific mention, feature by feature:
    the evidence behind `specificity(text)`, for messages that show what was found."""
    for name, pattern in FEATURES.items():
        if not _may_match(name, text):
            continue
        for match in _FINDERS.get(name, pattern.finditer)(text):
            yield name, match.start(), match.end(), match.group()
