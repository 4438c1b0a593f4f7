"""Readers: any supported file -> RawDocument (normalised text, position index, tables).

`read_document` dispatches on the suffix (.txt .md .docx .html .htm .pdf) and sniffs the
content of anything else. Every failure a user can cause (missing, empty, binary, scanned
or corrupt file) is an InputError with one Chinese line; heavy libraries (lxml,
pdfplumber, charset-normalizer) are imported only by the reader that needs them.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from ..model import RawDocument
from . import errors

__all__ = ["read_document", "SUFFIXES", "is_report_file"]

Reader = Callable[[Path, bytes], RawDocument]


def _text(path: Path, data: bytes) -> RawDocument:
    from .text_file import read_text

    return read_text(path, data)


def _markdown(path: Path, data: bytes) -> RawDocument:
    from .text_file import read_markdown

    return read_markdown(path, data)


def _docx(path: Path, data: bytes) -> RawDocument:
    from .docx_file import read_docx

    return read_docx(path, data)


def _html(path: Path, data: bytes) -> RawDocument:
    from .html_file import read_html

    return read_html(path, data)


def _pdf(path: Path, data: bytes) -> RawDocument:
    from .pdf_file import read_pdf

    return read_pdf(path, data)


_READERS: dict[str, Reader] = {
    ".txt": _text,
    ".text": _text,
    ".md": _markdown,
    ".markdown": _markdown,
    ".docx": _docx,
    ".html": _html,
    ".htm": _html,
    ".shtml": _html,
    ".xhtml": _html,
    ".pdf": _pdf,
}
SUFFIXES: tuple[str, ...] = tuple(_READERS)

# A folder of reports often carries its own notes (a README.md beside the drafts); such files
# are not reports. Named on the command line they are still read; found in a folder they are not.
_NOT_REPORTS = ("readme", "license", "licence", "changelog", "contributing")


def is_report_file(name: str) -> bool:
    """Whether a file found while walking a folder should be read as a report: a supported
    suffix, not hidden, not an Office lock file (~$…), not a README/LICENSE/CHANGELOG note."""
    lowered = name.lower()
    if lowered.startswith((".", "~$")) or lowered.split(".", 1)[0] in _NOT_REPORTS:
        return False
    return Path(lowered).suffix in SUFFIXES


def read_document(path: str | Path) -> RawDocument:
    """Read a report file into a RawDocument; raise InputError for anything unreadable."""
    path = Path(path)
    if not path.is_file():
        raise errors.missing(path)
    try:
        data = path.read_bytes()
    except OSError as error:
        raise errors.unreadable(path, error.strerror or type(error).__name__) from None
    if not data:
        raise errors.empty(path)
    suffix = path.suffix.lower()
    is_ole = data.startswith(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1")  # old Office container
    if suffix == ".doc" or (is_ole and suffix not in (".txt", ".md")):
        raise errors.legacy_word(path)
    reader = _READERS.get(suffix) or _sniff(data)
    return reader(path, data)


def _sniff(data: bytes) -> Reader:
    """Pick a reader from the content of a file whose suffix says nothing."""
    if data.startswith(b"%PDF-"):
        return _pdf
    if data.startswith(b"PK\x03\x04") and b"word/" in data[:65536]:
        return _docx
    head = data[:1024].lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    if head.startswith((b"<!doctype html", b"<html")) or b"<html" in head:
        return _html
    return _text  # decoding rejects binary content with the usual message
