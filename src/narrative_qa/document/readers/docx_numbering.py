"""Word's automatic list numbering, rendered as the text a reader sees.

Headings such as "一、总体情况" or "（一）主动公开" are often Word list numbering: the
"一、" lives in numbering.xml, not in the paragraph's runs, and python-docx's
`Paragraph.text` leaves it out. The structure parser needs it, so the docx reader puts
the rendered label in front of the paragraph text. Counting follows Word closely enough
for reports: one counter set per list (numId), deeper levels restart when a shallower
level advances, `start` and `startOverride` are honoured, bullets render as nothing.
"""

from __future__ import annotations

from typing import Any

_CHINESE_DIGITS = "零一二三四五六七八九"
_CIRCLED = "①②③④⑤⑥⑦⑧⑨⑩⑪⑫⑬⑭⑮⑯⑰⑱⑲⑳"


def chinese_number(value: int) -> str:
    """1 -> 一, 10 -> 十, 12 -> 十二, 20 -> 二十, 105 -> 一百零五 (as Word's chineseCounting)."""
    if value <= 0:
        return str(value)
    if value < 10:
        return _CHINESE_DIGITS[value]
    if value < 20:
        return "十" + (_CHINESE_DIGITS[value % 10] if value % 10 else "")
    if value < 100:
        return _CHINESE_DIGITS[value // 10] + "十" + (_CHINESE_DIGITS[value % 10] if value % 10 else "")
    if value < 1000:
        rest = value % 100
        tail = "" if rest == 0 else ("零" + chinese_number(rest) if rest < 10 else chinese_number(rest))
        if 10 <= rest < 20:
            tail = "一" + tail
        return _CHINESE_DIGITS[value // 100] + "百" + tail
    return str(value)


def _roman(value: int) -> str:
    numerals = ((1000, "M"), (900, "CM"), (500, "D"), (400, "CD"), (100, "C"), (90, "XC"),
                (50, "L"), (40, "XL"), (10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I"))
    out = ""
    for amount, letters in numerals:
        while value >= amount:
            out += letters
            value -= amount
    return out


def format_number(value: int, number_format: str) -> str:
    if number_format in ("chineseCounting", "chineseCountingThousand", "ideographTraditional",
                         "taiwaneseCounting", "taiwaneseCountingThousand", "chineseLegalSimplified"):
        return chinese_number(value)
    if number_format == "decimalFullWidth":
        return "".join(chr(ord(digit) + 0xFEE0) for digit in str(value))
    if number_format == "decimalEnclosedCircle" or number_format == "decimalEnclosedCircleChinese":
        return _CIRCLED[value - 1] if 0 < value <= len(_CIRCLED) else str(value)
    if number_format == "lowerLetter":
        return chr(ord("a") + (value - 1) % 26)
    if number_format == "upperLetter":
        return chr(ord("A") + (value - 1) % 26)
    if number_format == "lowerRoman":
        return _roman(value).lower()
    if number_format == "upperRoman":
        return _roman(value)
    if number_format in ("bullet", "none"):
        return ""
    return str(value)  # decimal, decimalZero and anything unknown


_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def qn(tag: str) -> str:
    """"w:numId" -> the Clark name lxml uses (only the w: namespace occurs here)."""
    return _W + tag[2:]


class Numbering:
    """Renders list labels for the paragraphs of one document, in document order."""

    def __init__(self, numbering: Any, styles: Any) -> None:
        """`numbering` and `styles`: the w:numbering and w:styles root elements (lxml), or
        None when the document has no such part."""
        self._qn = qn
        self._levels: dict[str, dict[int, tuple[str, str, int]]] = {}  # numId -> ilvl -> (fmt, text, start)
        self._counters: dict[str, list[int]] = {}
        self._style_numbering: dict[str, tuple[str, int] | None] = {}
        self._styles = styles
        if numbering is None:
            return
        abstract: dict[str, dict[int, tuple[str, str, int]]] = {}
        for element in numbering.findall(qn("w:abstractNum")):
            abstract[element.get(qn("w:abstractNumId"))] = {
                int(level.get(qn("w:ilvl"), "0")): self._level(level) for level in element.findall(qn("w:lvl"))
            }
        for num in numbering.findall(qn("w:num")):
            reference = num.find(qn("w:abstractNumId"))
            if reference is None:
                continue
            levels = dict(abstract.get(reference.get(qn("w:val")), {}))
            for override in num.findall(qn("w:lvlOverride")):
                ilvl = int(override.get(qn("w:ilvl"), "0"))
                level = override.find(qn("w:lvl"))
                if level is not None:
                    levels[ilvl] = self._level(level)
                start = override.find(qn("w:startOverride"))
                if start is not None and ilvl in levels:
                    fmt, text, _ = levels[ilvl]
                    levels[ilvl] = (fmt, text, int(start.get(qn("w:val"), "1")))
            self._levels[num.get(qn("w:numId"))] = levels

    @classmethod
    def of(cls, numbering: Any, styles: Any) -> Numbering:
        """The document's numbering, or none at all when its numbering part is malformed:
        a broken list definition must not make the whole report unreadable."""
        try:
            return cls(numbering, styles)
        except (ValueError, TypeError, AttributeError):
            empty = cls.__new__(cls)
            empty._levels = {}
            return empty

    def _level(self, level: Any) -> tuple[str, str, int]:
        qn = self._qn

        def value(tag: str, default: str) -> str:
            child = level.find(qn(tag))
            return child.get(qn("w:val"), default) if child is not None else default

        return value("w:numFmt", "decimal"), value("w:lvlText", ""), int(value("w:start", "1"))

    def label(self, paragraph: Any) -> str:
        """The rendered label of a <w:p> ("一、", "（二）", "3.") or "" if it has none."""
        if not self._levels:
            return ""
        try:
            return self._label(paragraph)
        except ValueError:  # a non-numeric ilvl/start in hand-edited XML: no label
            return ""

    def _label(self, paragraph: Any) -> str:
        reference = self._paragraph_numbering(paragraph)
        if reference is None:
            return ""
        num_id, ilvl = reference
        levels = self._levels.get(num_id)
        if not levels or ilvl not in levels:
            return ""
        counters = self._counters.setdefault(num_id, [0] * 9)
        for level in range(ilvl + 1, 9):
            counters[level] = 0  # a shallower item restarts the deeper levels
        fmt, text, start = levels[ilvl]
        counters[ilvl] = start if counters[ilvl] == 0 else counters[ilvl] + 1
        label = text
        for level in range(ilvl, -1, -1):
            if f"%{level + 1}" in label:
                level_fmt, _, level_start = levels.get(level, ("decimal", "", 1))
                number = counters[level] or level_start
                label = label.replace(f"%{level + 1}", format_number(number, level_fmt))
        return label if fmt != "bullet" else ""

    def _paragraph_numbering(self, paragraph: Any) -> tuple[str, int] | None:
        qn = self._qn
        properties = paragraph.find(qn("w:pPr"))
        if properties is None:
            return None
        num_pr = properties.find(qn("w:numPr"))
        style = properties.find(qn("w:pStyle"))
        found = self._read_num_pr(num_pr) if num_pr is not None else None
        if found is None and style is not None:
            found = self._style_reference(style.get(qn("w:val")))
        if found is None or found[0] == "0":  # numId 0 switches numbering off
            return None
        return found

    def _read_num_pr(self, num_pr: Any) -> tuple[str, int] | None:
        qn = self._qn
        num_id = num_pr.find(qn("w:numId"))
        if num_id is None:
            return None
        ilvl = num_pr.find(qn("w:ilvl"))
        return num_id.get(qn("w:val")), int(ilvl.get(qn("w:val"), "0")) if ilvl is not None else 0

    def _style_reference(self, style_id: str | None, depth: int = 0) -> tuple[str, int] | None:
        """Numbering attached to a paragraph style (heading styles often carry it)."""
        if style_id is None or self._styles is None or depth > 10:
            return None
        if style_id in self._style_numbering:
            return self._style_numbering[style_id]
        qn = self._qn
        found = None
        for style in self._styles.findall(qn("w:style")):
            if style.get(qn("w:styleId")) != style_id:
                continue
            properties = style.find(qn("w:pPr"))
            num_pr = properties.find(qn("w:numPr")) if properties is not None else None
            if num_pr is not None:
                found = self._read_num_pr(num_pr)
            else:
                based_on = style.find(qn("w:basedOn"))
                if based_on is not None:
                    found = self._style_reference(based_on.get(qn("w:val")), depth + 1)
            break
        self._style_numbering[style_id] = found
        return found
