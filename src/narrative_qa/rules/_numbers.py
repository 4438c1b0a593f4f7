"""Numbers as report narratives write them: Arabic (half- or full-width, with thousands
separators), Chinese numerals (七, 十二, 两, 一百零五, 三千二百), and mixes such as 1.2万.

The count rules read a number only where a pattern has already anchored it before a unit
(件, 起 …), so this module just has to turn the matched text into a value, or None when the
text is not a well-formed number (a rule then says nothing rather than guess).
"""

from __future__ import annotations

import re

_DIGITS = {"零": 0, "〇": 0, "○": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}
_SMALL_UNITS = {"十": 10, "百": 100, "千": 1000}
_BIG_UNITS = {"万": 10_000, "亿": 100_000_000}

_FULL_WIDTH = str.maketrans("０１２３４５６７８９．，", "0123456789.,")

# Regex fragments (no groups) for use inside the rules' patterns.
ARABIC = r"[0-9０-９](?:[0-9０-９,]*[0-9０-９])?(?:[.．][0-9０-９]+)?"
CHINESE = r"[零〇○一二两三四五六七八九十百千万亿]+"
NUMBER = rf"(?:{ARABIC}(?:万|亿)?|{CHINESE})"

_ARABIC_RE = re.compile(rf"^({ARABIC})(万|亿)?$")
# A thousands separator must be followed by exactly three digits; anything else ("3,4")
# is a list of two numbers, not one number.
_GROUPED_RE = re.compile(r"^\d{1,3}(?:,\d{3})+(?:\.\d+)?$")


def parse_number(text: str) -> int | float | None:
    """The value of `text` if it is one whole number as written in a report, else None.

    >>> parse_number("十二"), parse_number("两"), parse_number("1,234"), parse_number("1.5万")
    (12, 2, 1234, 15000)
    """
    text = text.strip()
    if not text:
        return None
    match = _ARABIC_RE.match(text)
    if match:
        return _parse_arabic(match.group(1), match.group(2))
    return parse_chinese_numeral(text)


def _parse_arabic(digits: str, big_unit: str | None) -> int | float | None:
    digits = digits.translate(_FULL_WIDTH)
    if "," in digits:
        if not _GROUPED_RE.match(digits):
            return None
        digits = digits.replace(",", "")
    value: int | float = float(digits) if "." in digits else int(digits)
    if big_unit:
        value = value * _BIG_UNITS[big_unit]
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return value


def parse_chinese_numeral(text: str) -> int | None:
    """Chinese numerals: 七 → 7, 十二 → 12, 二十 → 20, 一百零五 → 105, 两千 → 2000, 三万五千 → 35000.

    Digit strings without units (二〇二四) are read digit by digit, as years are written.
    Returns None for anything malformed (e.g. 十十, 五五十).
    """
    if not text or any(char not in _DIGITS and char not in _SMALL_UNITS and char not in _BIG_UNITS for char in text):
        return None
    if all(char in _DIGITS for char in text):
        if len(text) == 1:
            return _DIGITS[text]
        if text[0] in "零〇○" or "两" in text:
            return None
        return int("".join(str(_DIGITS[char]) for char in text))
    total = 0  # completed 万/亿 groups
    section = 0  # the current group below 万
    digit: int | None = None
    last_small_unit = 10_000
    last_big_unit = 10**12
    for char in text:
        if char in _DIGITS:
            if digit:
                return None  # two digits in a row: 五五十 (a 零 placeholder may precede one)
            digit = _DIGITS[char]
        elif char in _SMALL_UNITS:
            unit = _SMALL_UNITS[char]
            if unit >= last_small_unit:
                return None  # 十十, 十百
            section += (1 if digit is None else digit) * unit
            if digit == 0:
                return None
            digit = None
            last_small_unit = unit
        else:  # 万 or 亿
            unit = _BIG_UNITS[char]
            if unit >= last_big_unit:
                return None
            section += digit or 0
            if section == 0:
                return None
            total += section * unit
            section, digit = 0, None
            last_small_unit = 10_000
            last_big_unit = unit
    return total + section + (digit or 0)
