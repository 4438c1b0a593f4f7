"""Find the top-level section headings (一、总体情况 …) of a report.

Real reports defeat a single regex: titles carry spaces ("一、总 体 情 况"), wording varies
("问题和改进", "其他需报告的事项"), the 、 goes missing ("一总体情况"), ordinals are wrong or
restart, markdown adds '#', and the 平潭 web captures run the whole report into one line so a
heading sits inside the running text ("。一、总体情况2023年，…"). At the same time the text is
full of things that look like headings and are not: table 3's row labels (一、本年新收…,
三、本年度办理结果), enumerations inside prose, "一是…".

So detection is a scoring pass: one compiled regex proposes every "ordinal + separator"
position; each candidate is scored on (a) how well the text after it matches a known section
title, (b) where it stands (start of line, after a sentence end, after a table cell, inside
prose) and (c) its separator. Candidates that are clearly table labels or list items are
dropped; the rest become `Heading`s with their confidence, and doubtful ones add a warning.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from narrative_qa.document.model import Heading, RawDocument
from narrative_qa.document.sentences import line_bounds

CJK_NUMERALS = {"一": 1, "二": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9, "十": 10}

# An ordinal (一 … 十九) with its separator (markdown "#"/"**" before it are fine). The pattern
# starts with a plain character class (a unit numeral may follow only 十, checked by the
# lookbehind; an alternation first would make the engine try every offset) so the engine
# skips ahead fast; what may stand before
# the ordinal is checked in `_candidates`: not "（一）" (sub-topics), "第一", or the tail of a
# longer numeral; after a letter, digit or CJK character ("…163.com一、概述", "…00四、") only
# with 、, and the scorer then gives the place a low position score.
_CANDIDATE = re.compile(
    r"(?P<ordinal>[一二三四五六七八九十](?:(?<=十)[一二三四五六七八九])?)"
    r"(?P<sep>[ \t]*[、.．][ \t]*|[ \t]+|)"
    r"(?=\S)"
)
_NEVER_BEFORE = set("（(第〔一二三四五六七八九十")

# A heading whose ordinal is missing altogether ("。概述2016年，…"): only the plainest titles,
# only at a line start or right after a sentence end.
_BARE_TITLE_WORD = re.compile(
    r"概述|总体情况|政府信息主动公开|主动公开政府信息|收到和处理政府信息公开申请|依申请公开政府信息|"
    r"政府信息依申请公开|因政府信息公开申请|政府信息公开行政复议|政府信息公开工作存在|存在的主要问题|"
    r"其他需要报告的事项"
)
_BARE_LEAD = " \t#*"  # may stand between a line start and the title
_BARE_AFTER = "。！？；!?;"  # a sentence end the title may follow (then only blanks between)


def _bare_title_starts(text: str, start: int, end: int) -> list[int]:
    """Where a bare title starts in text[start:end]: the match ends of
    re.compile(r"(?:^[ \t#*]*|(?<=[。！？；!?;]))[ \t]*(?=概述|总体情况|…)", re.M).finditer(text,
    start, end), found faster. That pattern, tried at every offset, was a good part of
    finding headings; the title words (an alternation of literals, which the engine finds
    by their first characters) are rare. A title start q counts when the text before it,
    back to a line start, is only " \t#*", or back to a sentence end only " \t" (that
    start not before `start`). Title words may overlap, so each place is searched from q+1."""
    places: list[int] = []
    search = _BARE_TITLE_WORD.search
    found = search(text, start, end)
    while found is not None:
        place = found.start()
        back = place
        while back > start and text[back - 1] in _BARE_LEAD:
            back -= 1
        if back == 0 or text[back - 1] == "\n":
            places.append(place)
        else:
            back = place
            while back > start and text[back - 1] in " \t":
                back -= 1
            if back > 0 and text[back - 1] in _BARE_AFTER:
                places.append(place)
        found = search(text, place + 1, end)
    return places


# Characters ignored inside a title window ("总 体 情 况", "**一、总体情况**").
_WINDOW_NOISE = re.compile(r"[ \t\u3000\u00a0*#]")
_WINDOW_CHAR = re.compile(r"[^ \t\u3000\u00a0*#]")

# Title patterns per section key, matched against the title window with spaces removed.
# Each pattern is anchored at the start of the window; the float is how canonical it is.
_TITLE_PATTERNS: dict[str, list[tuple[re.Pattern[str], float]]] = {
    key: [(re.compile(pattern), quality) for pattern, quality in patterns]
    for key, patterns in {
        "overview": [
            (r"总体情况", 1.0),
            (r"(?:工作)?总体概况|基本情况|工作概况|概述|概况|总体工作情况", 0.85),
            (r"(?:政府信息公开|政务公开)工作(?:开展|基本)?情况", 0.7),
        ],
        "active_disclosure": [
            (r"主动公开政府信息(?:的)?(?:工作)?情况", 1.0),
            (r"政府信息主动公开(?:工作)?(?:的)?情况", 0.9),
            (r"主动公开(?:政府信息)?(?:的)?(?:工作)?(?:情况)?", 0.8),
        ],
        "applications": [
            (r"收到和处理政府信息公开申请(?:的)?情况", 1.0),
            (r"收到[和及与]?处理[^。；\n]{0,10}?申请[^。；\n]{0,4}?情况", 0.9),
            (r"(?:政府信息)?依申请公开(?:政府信息)?(?:工作|办理)?(?:的)?(?:办理|工作)?情况", 0.85),
            (r"政府信息公开申请(?:的)?(?:办理)?情况", 0.8),
            (r"依申请公开[^。；\n]{0,16}?情况", 0.8),
            (r"依申请公开(?:政府)?信息(?:[和及与]不予公开(?:政府)?信息)?", 0.75),
        ],
        "review_litigation": [
            (r"政府信息公开行政复议、?行政诉讼(?:的)?情况", 1.0),
            (
                r"(?:因)?(?:政府信息公开)?(?:工作)?(?:被)?(?:申请|受理)?(?:提起)?行政法?复议[^。；\n]{0,20}?"
                r"(?:情况|数量)",
                0.9,
            ),
            (r"(?:因)?(?:政府信息公开)?(?:工作)?(?:被)?(?:申请|受理)?(?:提起)?行政法?复议(?:[、和及与]?(?:提起)?行政诉讼)?", 0.7),
        ],
        "problems": [
            (r"存在的主要问题及改进情况", 1.0),
            (
                r"(?:(?:政府信息公开|政务公开)(?:工作)?)?(?:存在的?|当前存在的?)?(?:主要|突出)?问题"
                r"(?:[及和与、]|以及)?(?:改进|整改)(?:的)?(?:情况|措施|举措|方向)?",
                0.9,
            ),
            (r"(?:(?:政府信息公开|政务公开)(?:工作)?)?(?:当前)?存在的?(?:主要|突出)?问题", 0.75),
            (r"(?:下一步)?(?:改进|整改)(?:措施|举措|情况|计划)", 0.6),
            (r"(?:主要)?问题(?:和|及)?(?:不足)?", 0.5),
        ],
        "other": [
            (r"其他需要报告的事项", 1.0),
            (r"其他需(?:要)?(?:报告|说明)的?(?:事项|情况)", 0.9),
            (r"需要(?:说明|报告)的其他事项(?:[与和及]附表)?", 0.9),
            (r"其他(?:事项|情况)", 0.7),
            # Fees belong in 六 (2021 format); some reports give them a section of their own.
            (r"(?:政府信息公开)?(?:信息处理费|的?收费(?:及减免)?)[^。；\n]{0,6}?情况", 0.55),
        ],
    }.items()
}

# Title windows that start like a section title but are table-3 row labels or form text.
_TABLE_LABEL = re.compile(r"本年新收|上年结转|本年度办理结果|结转下年度|本年度办理|予以公开|不予公开|本年收到")
# After a bare numeral without 、 these make prose ("一是…", "一项", "一年来"), not a heading.
_BARE_NUMERAL_PROSE = re.compile(r"是|要|为|项|个|批|次|年|月|日|级|类|条|名|种|方面|部分|起|件|些|直|定|体|并|同|致|律")

# An unrecognised title inside running text: stop before what plainly starts the body.
_UNKNOWN_INLINE_TITLE = re.compile(
    r"[^。；，,;：:（(\d\s]{0,20}?(?:统计表|附表)"
    r"|(?:(?!指标|信息内容|计量单位|按照|根据|本年|无)[^。；，,;：:（(\d\s]){2,16}"
)

_VISIBLE = re.compile(r"[^ \t\u3000\u00a0*#]")
_CLAUSE_PUNCT = re.compile(r"[。；，,;]")
_TAIL_BREAK = re.compile(r"[。；;，,\d]")

_SENTENCE_END = set("。！？；!?;")
_SOFT_BREAK = set(" \t\u3000\u00a0）)】」』”\"'")
_LIST_PUNCT = set("、，,：:")


@dataclass(slots=True)
class _Candidate:
    start: int  # offset of the ordinal (of the title when there is none)
    ordinal_start: int
    ordinal: int | None
    sep: str
    title_start: int
    title_end: int
    key: str | None
    title_quality: float
    position_score: float
    inline: bool
    confidence: float = 0.0


def _match_title(window: str) -> tuple[str | None, float, int]:
    """(key, quality, length in the space-free window) of the best title match."""
    best: tuple[str | None, float, int] = (None, 0.0, 0)
    for key, patterns in _TITLE_PATTERNS.items():
        for pattern, quality in patterns:
            match = pattern.match(window)
            if match and (quality, match.end()) > (best[1], best[2]):
                best = (key, quality, match.end())
    return best


def _position_score(text: str, start: int, line_start: int) -> float:
    """How heading-like the place is: start of line 1.0 … inside a prose list 0.1."""
    if start - line_start <= 12 and not text[line_start:start].strip(" \t\u3000\u00a0#*"):
        return 1.0  # only markdown marks or indentation before it (bounded: never a long slice)
    previous = text[start - 1]
    if previous in _SENTENCE_END:
        return 0.85
    if previous in _SOFT_BREAK:
        # a space or a closing bracket: look one step further back
        before = text[max(line_start, start - 3) : start].rstrip(" \t\u3000\u00a0")
        if before and before[-1] in _SENTENCE_END:
            return 0.85
        return 0.65
    if previous.isdigit():
        return 0.6  # right after a flattened table cell ("…00四、政府信息公开行政复议")
    if previous in _LIST_PUNCT:
        return 0.1
    return 0.3


class HeadingFinder:
    """Scores heading candidates in `raw.text[start:end]`."""

    def __init__(self, raw: RawDocument, start: int, end: int) -> None:
        self.raw = raw
        self.text = raw.text
        self.start = start
        self.end = end
        self.warnings: list[str] = []

    def find(self) -> list[Heading]:
        candidates = self._candidates()
        accepted = self._select(candidates)
        return [self._heading(candidate) for candidate in accepted]

    # -- candidates -------------------------------------------------------------------------

    def _candidates(self) -> list[_Candidate]:
        text = self.text
        seen: set[int] = set()
        found: list[_Candidate] = []
        for match in _CANDIDATE.finditer(text, self.start, self.end):
            ordinal_start = match.start()
            if ordinal_start > 0:
                previous = text[ordinal_start - 1]
                if previous in _NEVER_BEFORE:
                    continue
                if (previous.isalnum() or previous == "_") and "、" not in match.group("sep"):
                    continue  # glued to a word: only "X、" can be a heading there
            candidate = self._score(match)
            if candidate is not None:
                seen.add(ordinal_start)
                found.append(candidate)
        for title_start in _bare_title_starts(text, self.start, self.end):
            if title_start in seen:
                continue
            candidate = self._score_bare(title_start)
            if candidate is not None:
                found.append(candidate)
        found.sort(key=lambda candidate: candidate.ordinal_start)
        return found

    def _score_bare(self, title_start: int) -> _Candidate | None:
        text = self.text
        line_start, line_end = line_bounds(self.raw, title_start)
        line_end = min(line_end, self.end)
        window = text[title_start : min(line_end, title_start + 48)]
        key, quality, length = _match_title(window)
        if key is None or quality < 0.85:
            return None
        title_end = title_start + length
        if text[title_end : title_end + 1] in ("、", "，", ",", "和", "及"):
            return None  # a list of section names, e.g. in the preamble
        position = _position_score(text, title_start, line_start)
        inline = _VISIBLE.search(text, title_end, line_end) is not None
        confidence = round(0.55 * quality + 0.3 * position, 2)
        return _Candidate(title_start, title_start, None, "", title_start, title_end, key, quality, position, inline, confidence)

    def _score(self, match: re.Match[str]) -> _Candidate | None:
        text = self.text
        ordinal_start = match.start("ordinal")
        sep = match.group("sep").strip()
        title_start = match.end()
        line_start, line_end = line_bounds(self.raw, ordinal_start)
        line_end = min(line_end, self.end)
        window_end = min(line_end, title_start + 48)
        if not sep and _BARE_NUMERAL_PROSE.match(text, title_start):
            return None  # "一是…", "一年来" — the common case, rejected before any work
        raw_window = text[title_start:window_end]
        noisy = _WINDOW_NOISE.search(raw_window) is not None
        # The space-free window: "总 体 情 况" matches as written (offsets mapped back below,
        # only when a title is found).
        window = _WINDOW_NOISE.sub("", raw_window) if noisy else raw_window
        if not window or _TABLE_LABEL.match(window):
            return None
        if not sep and _BARE_NUMERAL_PROSE.match(window):
            return None
        key, quality, length = _match_title(window)
        position = _position_score(text, ordinal_start, line_start)
        # (line slices below are taken only for a heading at a line start: one per line, so
        # a long one-line capture is never rescanned)
        if position == 1.0 and "\t" in text[line_start:line_end]:
            position = 0.35  # a tab-separated table row, not a heading line
        if key is None:
            # An unknown title is only a heading when it stands on its own line, short and
            # without sentence punctuation ("二、工作机制保障") — or when the order and place
            # make it one in flattened text; `_select` decides the latter.
            rest = text[title_start:line_end].strip(" \t\u3000\u00a0*#") if position == 1.0 else ""
            own_line = 0 < len(rest) <= 30 and not _CLAUSE_PUNCT.search(rest)
            if not sep and not own_line:
                return None
            if own_line:
                title_end = title_start + len(text[title_start:line_end].rstrip(" \t\u3000\u00a0*#"))
            else:
                short = _UNKNOWN_INLINE_TITLE.match(text, title_start, window_end)
                if short is None:
                    return None
                title_end = short.end()
            inline = not own_line
        else:
            if not sep and position < 0.8:
                return None  # "一总体情况" only counts at a line start or after a sentence end
            if noisy:
                title_end = title_start + [m.start() for m in _WINDOW_CHAR.finditer(raw_window)][length - 1] + 1
            else:
                title_end = title_start + length
            inline = _VISIBLE.search(text, title_end, line_end) is not None
            if inline and position == 1.0 and line_end - title_end <= 16:
                tail = text[title_end:line_end].rstrip(" \t\u3000\u00a0*#")
                if not _TAIL_BREAK.search(tail):
                    # a longer wording on its own line ("…问题和改进措施情况"): take the whole line
                    title_end += len(tail)
                    inline = False
        candidate = _Candidate(
            start=ordinal_start,
            ordinal_start=ordinal_start,
            ordinal=_numeral(match.group("ordinal")),
            sep=sep,
            title_start=title_start,
            title_end=title_end,
            key=key,
            title_quality=quality,
            position_score=position,
            inline=inline,
        )
        separator_score = 1.0 if sep == "、" else 0.8 if sep else 0.4
        if not sep and match.group("sep"):
            separator_score = 0.6  # a space: "一 总体情况"
        title_score = quality if key else 0.35
        candidate.confidence = round(0.55 * title_score + 0.3 * position + 0.15 * separator_score, 2)
        return candidate

    # -- selection --------------------------------------------------------------------------

    def _select(self, candidates: list[_Candidate]) -> list[_Candidate]:
        text = self.text
        in_list = set()
        for index in range(len(candidates) - 1):
            if self._is_enumeration(candidates[index], candidates[index + 1]):
                in_list.update((index, index + 1))
        numbered_keys = {c.key for i, c in enumerate(candidates) if c.ordinal is not None and i not in in_list}
        kept: list[_Candidate] = []
        last_ordinal = 0
        for index, candidate in enumerate(candidates):
            if index in in_list:
                continue
            expected = last_ordinal + 1
            if candidate.ordinal is None:
                if candidate.key in numbered_keys or candidate.key in {k.key for k in kept}:
                    continue
            elif candidate.key is None:
                if candidate.ordinal not in (expected, 1):
                    continue  # an unknown title out of order is a table fragment or a list item
                if candidate.inline and (candidate.ordinal != expected or candidate.position_score < 0.8):
                    continue
                if candidate.position_score < 0.6:
                    continue
            elif candidate.confidence < 0.55:
                continue
            elif candidate.title_quality <= 0.6 and candidate.position_score < 1.0:
                # matched only weakly inside running text: a heading only where the order says so
                if candidate.ordinal != expected:
                    continue
            kept.append(candidate)
            if candidate.ordinal is not None:
                last_ordinal = candidate.ordinal
        # The first section numbered 一 with a title of its own ("一、年度工作核心成效") stands
        # where the overview belongs: take it as the overview, with less confidence.
        if kept and kept[0].key is None and kept[0].ordinal == 1 and "overview" not in {c.key for c in kept}:
            kept[0].key = "overview"
            kept[0].confidence = min(kept[0].confidence, 0.5)
        for candidate in kept:
            if candidate.ordinal is None:
                title = text[candidate.title_start : candidate.title_end]
                self.warnings.append(f"{self._where(candidate)}的标题“{title}”没有序号")
        for candidate in kept:
            if candidate.confidence < 0.7:
                title = text[candidate.title_start : candidate.title_end]
                self.warnings.append(
                    f"{self._where(candidate)}的标题“{title}”识别把握不大（置信度 {candidate.confidence:.2f}）"
                )
        return kept

    def _where(self, candidate: _Candidate) -> str:
        line, column = self.raw.position(candidate.ordinal_start)
        return f"第{line}行第{column}列" if candidate.inline else f"第{line}行"

    def _is_enumeration(self, first: _Candidate, second: _Candidate) -> bool:
        """Two candidates separated only by list punctuation ("一、总体情况；二、主动公开…")."""
        if not first.inline:
            return False
        gap = self.text[first.title_end : second.ordinal_start]
        return len(gap) <= 3 and all(char in "；;，,、。 \t" for char in gap)

    def _heading(self, candidate: _Candidate) -> Heading:
        title = self.text[candidate.title_start : candidate.title_end].strip(" \t\u3000\u00a0*#")
        return Heading(
            key=candidate.key,
            ordinal=candidate.ordinal,
            title=title,
            span=self.raw.span(candidate.ordinal_start, candidate.title_end),
            level="section",
            inline=candidate.inline,
            confidence=candidate.confidence,
        )


def _numeral(ordinal: str) -> int:
    if len(ordinal) == 1:
        return CJK_NUMERALS[ordinal]
    return 10 + CJK_NUMERALS[ordinal[1]]  # 十一 … 十九


def find_headings(raw: RawDocument, start: int, end: int) -> tuple[list[Heading], list[str]]:
    """Top-level headings in raw.text[start:end], in document order, and any warnings."""
    finder = HeadingFinder(raw, start, end)
    headings = finder.find()
    return headings, finder.warnings
