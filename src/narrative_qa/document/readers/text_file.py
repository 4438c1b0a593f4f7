"""Plain text and Markdown: decode, normalise one character for one, find pipe tables."""

from __future__ import annotations

from pathlib import Path

from ..model import RawDocument
from . import errors
from .encoding import decode
from .normalize import normalize_text
from .pipes import pipe_tables


def read_text(path: Path, data: bytes, format: str = "txt") -> RawDocument:
    text, encoding = decode(data, path)
    if not text.strip():
        raise errors.empty(path)
    document = RawDocument(path=path, format=format, text=normalize_text(text), encoding=encoding)
    document.tables = pipe_tables(document)
    return document


def read_markdown(path: Path, data: bytes) -> RawDocument:
    return read_text(path, data, format="md")
