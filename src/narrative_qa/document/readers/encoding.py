"""Decode the bytes of a text file: strict decoders first, charset-normalizer last.

A strict UTF-8 or GB18030 decode settles almost every real report at C speed; the
statistical guesser is slow and can be wrong on short texts, so it only sees what no
strict decoder accepts.
"""

from __future__ import annotations

import codecs
import re
from pathlib import Path

from . import errors

# UTF-32 first: its little-endian BOM begins with the UTF-16 one.
_BOMS: tuple[tuple[bytes, str], ...] = (
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)

# Signatures of binary formats that could be renamed to .txt by mistake.
_MAGIC: tuple[bytes, ...] = (
    b"\x89PNG", b"\xff\xd8\xff", b"GIF87a", b"GIF89a", b"%PDF-", b"PK\x03\x04",
    b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", b"\x1f\x8b", b"Rar!", b"7z\xbc\xaf",
)

_CONTROL = re.compile("[\x00-\x08\x0e-\x1f\x7f\ufffd]")


def decode(data: bytes, path: Path) -> tuple[str, str]:
    """Return (text, encoding name); raise InputError for binary or undecodable data.

    The BOM is not part of the text: the same report saved with or without one decodes
    to the same string.
    """
    for bom, name in _BOMS:
        if data.startswith(bom):
            try:
                text = data[len(bom):].decode(name.replace("-sig", ""))
            except UnicodeDecodeError:
                raise errors.binary(path) from None
            return _checked(text, path), name
    if data.startswith(_MAGIC):
        raise errors.binary(path)
    if b"\x00" in data:
        guess = _bomless_utf16(data)
        if guess is None:
            raise errors.binary(path)
        return guess
    for name in ("utf-8", "gb18030"):
        try:
            text = data.decode(name)
        except UnicodeDecodeError:
            continue
        if not _looks_binary(text):
            return text, name
    return _guess(data, path)


def _bomless_utf16(data: bytes) -> tuple[str, str] | None:
    """UTF-16 without a BOM: ASCII characters (digits, line breaks) leave zero bytes on one
    side of every pair only. Cheap to test, and strict decoding confirms it."""
    if len(data) % 2:
        return None
    pairs = len(data) // 2
    even, odd = data[0::2].count(0), data[1::2].count(0)
    for zeros, others, name in ((odd, even, "utf-16-le"), (even, odd, "utf-16-be")):
        if zeros >= 0.05 * pairs and others <= 0.2 * zeros:
            try:
                text = data.decode(name)
            except UnicodeDecodeError:
                return None
            return (text, name) if not _looks_binary(text) else None
    return None


def _guess(data: bytes, path: Path) -> tuple[str, str]:
    from charset_normalizer import from_bytes  # slow import and slow guess: last resort

    best = from_bytes(data).best()
    if best is None or best.encoding is None:
        raise errors.binary(path)
    text = str(best)
    return _checked(text, path), best.encoding


def _checked(text: str, path: Path) -> str:
    if _looks_binary(text):
        raise errors.binary(path)
    return text


def _looks_binary(text: str) -> bool:
    """Control characters (other than tab, line breaks, form feed) in more than a trace."""
    count = len(_CONTROL.findall(text)) if _CONTROL.search(text) else 0
    return count > max(2, len(text) // 200)


def declared_html_charset(data: bytes) -> str | None:
    """The charset an HTML page declares in its first bytes (<meta charset=…>)."""
    match = re.search(rb"""charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]+)""", data[:4096], re.IGNORECASE)
    if not match:
        return None
    name = match.group(1).decode("ascii").lower()
    if name in ("gb2312", "gbk", "gb_2312-80", "x-gbk", "cp936", "hz-gb-2312"):
        return "gb18030"  # the superset: GB2312 pages routinely hold GBK characters
    try:
        return codecs.lookup(name).name
    except LookupError:
        return None
