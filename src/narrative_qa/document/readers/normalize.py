"""One-for-one character normalisation shared by every reader.

Every replacement maps one character to one character, so offsets, line numbers and
columns computed on the normalised text are those of the decoded file (the position
contract in document/model.py). Zero-width characters are kept as they are.
"""

from __future__ import annotations

import re

# Unicode spaces that are not ASCII: no-break, ideographic (U+3000, the usual paragraph
# indent in Chinese documents), the typographic spaces U+2000-U+200A, and the rare others.
_SPACES = "\u00a0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200a\u202f\u205f\u3000\x0b\x0c"
# Line breaks other than "\n": a lone CR (old Mac files) and the Unicode line separators
# become "\n" so that every reader downstream splits lines on "\n" only.
_BREAKS = "\r\x85\u2028\u2029"

_TABLE = {ord(char): " " for char in _SPACES}
_TABLE.update({ord(char): "\n" for char in _BREAKS})
_NEEDS_WORK = re.compile("[" + re.escape(_SPACES + _BREAKS) + "]")


def normalize_text(text: str) -> str:
    """Replace Unicode spaces by ' ' and line breaks by '\\n', one character for one.

    A CR of a CRLF pair becomes a space (not a second line break), so line numbers stay
    those that `grep -n` reports for the original file.
    """
    if _NEEDS_WORK.search(text) is None:  # the common case: nothing to do, no copy made
        return text
    if "\r" in text:
        text = text.replace("\r\n", " \n")
    return text.translate(_TABLE)


def is_wide(char: str) -> bool:
    """CJK ideographs, kana, full-width forms and CJK punctuation: text joined without spaces."""
    return ord(char) >= 0x2E80


def join_fragments(parts: list[str]) -> str:
    """Join the lines of one table cell or wrapped heading: Chinese fragments are glued
    together ("商业\\n企业" -> "商业企业"), Latin or digit fragments get a space between."""
    result = ""
    for part in parts:
        part = clean_fragment(part)
        if not part:
            continue
        if result and not (is_wide(result[-1]) or is_wide(part[0])):
            result += " "
        result += part
    return result


_WHITESPACE_RUN = re.compile(r"\s+")


def clean_fragment(text: str) -> str:
    """A cell or paragraph fragment on one line: every whitespace run becomes one space."""
    return _WHITESPACE_RUN.sub(" ", text).strip()
