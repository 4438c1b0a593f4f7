"""Where the report body starts, and who/when/what it is: title, unit, year, level, era.

Level (which rules apply differs: 条例第五十条 asks 人民政府 for more):
- "government": a 人民政府 (county level and up), an area's 管委会 (平潭综合实验区管委会), or a
  bare place name as the unit (平潭综合实验区, XX县, XX市).
- "township": 乡/镇/街道 governments and offices, and the 平潭 片区管理局 — area administrations
  below the 综合实验区 that govern territory like a 乡镇/街道 rather than run one line of work.
  Checked before "government" so that XX镇人民政府 is a township.
- "department": everything that ends like an office of a government: …局 …委 …办 …办公室 …中心
  …厅 …署 …院 …站 …所 …会 (the 管委会办公室 is a department).
- "unknown" when there is no unit.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

from narrative_qa.document.model import Era, Level

# The 平潭 archive captures: "标题: …" … "==== 正文 ====" then the body.
_BODY_MARKER = re.compile(r"^=+\s*正文\s*=+[ \t]*$", re.MULTILINE)
_HEADER_FIELD = re.compile(r"^(标题|发布时间|文号|发布机构|栏目|原文链接|本地目录)[:：][ \t]*(.*?)[ \t]*$", re.MULTILINE)
# Web-page navigation captured before the article: "当前位置： 首页… 相关链接："
_NAVIGATION = re.compile(r"\s*当前位置[:：][^\n]{0,600}?相关链接[:：]\s*(?:-->\s*)?")
# Word's CSS residue: "Normal 0 7.8 磅 0 2 false … /* Style Definitions */ table.MsoNormalTable {…}"
_WORD_CSS_START = re.compile(r"\s*Normal\s+\d")
_CSS_BLOCK_END = re.compile(r"\}\s*")
_WORD_CSS_TAIL = re.compile(r"Normal\s+\d+\s+[\d.]+\s*磅")
_DOWNLOAD_LABEL = "附件下载"
_CSS_CONTINUES = re.compile(r"[A-Za-z./*<@-]")

_SPACES = re.compile(r"[ \t\u3000\u00a0]+")
_CJK_DIGITS = str.maketrans("〇○零一二三四五六七八九", "00012345678" + "9")
_YEAR_IN_TITLE = re.compile(r"((?:19|20)\d{2}|[〇○零一二][〇○零一二三四五六七八九]{3})年度?")
_TITLE_LINE = re.compile(r"政府信息公开.{0,8}?(?:年度)?报告|年度报告")
_TITLE_SUFFIX = re.compile(
    r"(?:关于)?(?:报送)?(?:\d{4}年度?)?(?:政府)?(?:信息公开|政务公开)(?:工作)?(?:年度)?(?:工作)?报告(?:的函)?$"
)
_YEAR_FIRST_TITLE = re.compile(r"^(?:19|20)\d{2}\s*年度?\s*(?:政府信息公开|政务公开)")
_UNIT_LINE = re.compile(r"[^\s。，；：:,;（）()]{2,30}")
_INLINE_TITLE = re.compile(r"([^\s。，；]{2,40}?\d{4}年度?政府信息公开(?:工作)?(?:年度)?报告)")
# Words that lead into a title inside a sentence ("现向社会公布XX局2023年度…报告").
_LEAD_IN = re.compile(r"^.*(?:公布|编制完成|编制|完成了?|现将|发布|印发)")
_SIGNATURE = re.compile(
    r"(?:^|(?<=[。\s]))(?P<unit>[^\s。，；：:、,（）()]{2,40}?(?:人民政府|管委会|管理委员会|办事处|局|委|委员会|办公室|办公厅|中心|厅|署))"
    r"[ \t\u3000]*\n?[ \t\u3000]*(?:19|20)\d{2}[ \t]*年[ \t]*\d{1,2}[ \t]*月[ \t]*\d{1,2}[ \t]*日[ \t\u3000]*$",
    re.MULTILINE,
)
_STATISTICS_YEAR = re.compile(r"统计(?:期限|周期|时限|时间|区间)[^。\n]{0,12}?((?:19|20)\d{2})\s*年")
_PATH_YEAR = re.compile(r"(?<!\d)((?:19|20)\d{2})(?!\d)")

_TOWNSHIP = re.compile(r"(?:乡|镇|街道|街道办事处|片区管理局|片区管委会)(?:人民政府|办事处)?$")
_GOVERNMENT = re.compile(r"(?:人民政府|管委会|管理委员会|县政府|区政府|市政府|州政府|省政府|(?:省|市|县|区|旗|实验区|新区))$")
_DEPARTMENT = re.compile(r"(?:局|委|委员会|办|办公室|办公厅|中心|厅|署|院|站|所|会|处|队|公司|部)$")

# Without a year, the tables give the era away.
_ERA_2021 = re.compile(r"本年制发件数|现行有效件数|本年收费金额|本年处理决定数量")
_ERA_2019 = re.compile(r"本年新制作数量|本年新公开数量|上一年项目数量|本年增/减|对外公开总数量")
_ERA_PRE2019 = re.compile(r"指标名称|历年累计|计量单位")


@dataclass(slots=True)
class FrontMatter:
    """What comes before the report proper."""

    body_start: int
    body_end: int = -1  # where the report ends (page residue after it is cut off)
    header: dict[str, str] = field(default_factory=dict)
    header_title: str | None = None
    residue: list[str] = field(default_factory=list)  # what was skipped, for warnings


@dataclass(slots=True)
class Metadata:
    title: str | None
    unit: str | None
    year: int | None
    level: Level
    era: Era


def find_front_matter(text: str) -> FrontMatter:
    """Skip the archive header and any page residue; return where the report starts."""
    start = 0
    header: dict[str, str] = {}
    marker = _BODY_MARKER.search(text, 0, 4000)
    if marker is not None:
        for match in _HEADER_FIELD.finditer(text, 0, marker.start()):
            header[match.group(1)] = match.group(2)
        start = marker.end() + 1 if marker.end() < len(text) else marker.end()
    front = FrontMatter(body_start=start, header=header, header_title=header.get("标题") or None)
    navigation = _NAVIGATION.match(text, start)
    if navigation is not None:
        front.residue.append("网页导航")
        start = navigation.end()
    if _WORD_CSS_START.match(text, start):
        start = _skip_css(text, start)
        front.residue.append("Word 样式残留")
    front.body_start = start
    front.body_end = _body_end(text, start, front.residue)
    return front


def _body_end(text: str, start: int, residue: list[str]) -> int:
    """Cut the page residue that follows some captured reports: the "附件下载" link label and
    Word's CSS block (both only ever at the very end, so only the tail is searched)."""
    end = len(text)
    while end > start and text[end - 1] in " \t\r\n\u3000\u00a0":
        end -= 1
    if text.endswith(_DOWNLOAD_LABEL, start, end):
        end -= len(_DOWNLOAD_LABEL)
        residue.append("附件下载")
    tail_start = max(start, end - 3000)
    css = _WORD_CSS_TAIL.search(text, tail_start, end)
    if css is not None and "mso-" in text[css.start() : end]:
        end = css.start()
        residue.append("Word 样式残留")
    while end > start and text[end - 1] in " \t\r\n\u3000\u00a0":
        end -= 1
    return end


def _skip_css(text: str, start: int) -> int:
    """Past the last '}' of a run of CSS rules (bounded: CSS residue is short)."""
    limit = min(len(text), start + 6000)
    position = start
    for match in _CSS_BLOCK_END.finditer(text, start, limit):
        position = match.end()
        if not _CSS_CONTINUES.match(text, position):
            break
    return position


def find_title(text: str, front: FrontMatter) -> str | None:
    if front.header_title:
        return front.header_title.strip()
    # The first short line near the top that names the report; a title broken over two lines
    # ("…政府信息公开工作" / "年度报告") is joined.
    lines = text[front.body_start : front.body_start + 1500].split("\n")[:20]
    previous = ""
    for index, line in enumerate(lines):
        clean = line.strip(" \t\u3000\u00a0#*")
        if not clean or len(clean) > 60 or clean == "正文":
            continue
        following = lines[index + 1].strip(" \t\u3000\u00a0#*") if index + 1 < len(lines) else ""
        if clean.endswith(("政府信息公开工作", "政府信息公开")) and following.startswith(("年度报告", "年度工作报告", "工作年度报告")):
            return f"{clean}{following}"
        if _TITLE_LINE.search(clean) and "。" not in clean:
            if _YEAR_FIRST_TITLE.match(clean) and previous and _UNIT_LINE.fullmatch(previous):
                return f"{previous}{clean}"  # "洪泽区人民政府" / "2023 年政府信息公开工作年度报告"
            return clean
        previous = clean
    # Flattened captures: the title may sit inside the first line ("…年报 XX局2021年政府信息公开工作年度报告 来源：").
    head = text[front.body_start : front.body_start + 400]
    match = _INLINE_TITLE.search(head)
    if match is None:
        return None
    title = _LEAD_IN.sub("", match.group(1))
    return title if _YEAR_IN_TITLE.search(title) and _YEAR_IN_TITLE.search(title).start() >= 2 else None


def find_unit(title: str | None) -> str | None:
    if not title:
        return None
    compact = _SPACES.sub("", title)
    match = _YEAR_IN_TITLE.search(compact)
    if match and match.start() > 0:
        unit = compact[: match.start()]  # "XX局2023年度…报告"
    else:
        # "2024年XX局政府信息公开工作年度报告" or no year at all
        unit = _TITLE_SUFFIX.sub("", compact[match.end() :] if match else compact)
    unit = re.sub(r"^关于(?:报送|印发|公布)?", "", unit)
    unit = re.sub(r"关于(?:报送|印发|公布)?$", "", unit).strip("《》“”\"")
    if "政府信息公开" in unit or "报告" in unit:
        return None  # no unit in the title (e.g. the blank template's "…年度报告格式模板")
    return unit or None


def _year_number(written: str) -> int | None:
    digits = written.translate(_CJK_DIGITS)
    return int(digits) if digits.isdigit() else None


def find_year(title: str | None, text: str, body_start: int, path: Path | None) -> int | None:
    if title:
        match = _YEAR_IN_TITLE.search(_SPACES.sub("", title))
        if match:
            return _year_number(match.group(1))
    match = _STATISTICS_YEAR.search(_SPACES.sub("", text[body_start : body_start + 6000]))
    if match:
        return int(match.group(1))
    if path is not None:
        for part in (path.stem, path.parent.name):
            found = _PATH_YEAR.findall(part)
            if found:
                return int(found[-1])
    return None


def find_level(unit: str | None) -> Level:
    if not unit:
        return "unknown"
    if _TOWNSHIP.search(unit):
        return "township"
    if _DEPARTMENT.search(unit) and not re.search(r"(?:人民政府|管委会|管理委员会)$", unit):
        return "department"
    if _GOVERNMENT.search(unit):
        return "government"
    return "unknown"


def find_era(year: int | None, text: str) -> Era:
    if year is not None:
        if year >= 2021:
            return "2021format"
        if year >= 2019:
            return "2019trial"
        return "pre2019"
    if _ERA_2021.search(text):
        return "2021format"
    if _ERA_2019.search(text):
        return "2019trial"
    if _ERA_PRE2019.search(text):
        return "pre2019"
    return "unknown"


def find_signature_unit(text: str, front: FrontMatter) -> str | None:
    """The body that signs the report ("平潭综合实验区社会事业局 / 2026年1月23日") — a fallback
    for pages whose article text has no title. Only the last 200 characters are searched."""
    end = front.body_end if front.body_end >= 0 else len(text)
    match = _SIGNATURE.search(text, max(front.body_start, end - 200), end)
    return match.group("unit") if match else None


def read_metadata(text: str, front: FrontMatter, path: Path | None, level: str | None = None) -> Metadata:
    title = find_title(text, front)
    unit = find_unit(title) or find_signature_unit(text, front)
    year = find_year(title, text, front.body_start, path)
    found_level: Level = find_level(unit)
    if level is not None:
        found_level = level  # type: ignore[assignment]  # validated by the caller
    return Metadata(title=title, unit=unit, year=year, level=found_level, era=find_era(year, text))


# A body is named with or without its government suffix (平潭综合实验区 / …管委会): the matching
# key drops it, so one body's reports of different years find each other.
_GOVERNMENT_SUFFIX = re.compile(r"(?:人民政府|管理委员会|管委会)$")


def normalise_unit(unit: str | None) -> str | None:
    """Unit name as a matching key: NFKC, no spaces or punctuation, no government suffix."""
    if not unit:
        return None
    text = unicodedata.normalize("NFKC", unit)
    text = "".join(ch for ch in text if not (ch.isspace() or unicodedata.category(ch).startswith("P")))
    text = _GOVERNMENT_SUFFIX.sub("", text)
    return text or None
