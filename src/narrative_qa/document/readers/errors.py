"""The one-line Chinese messages of the readers, in one place so they stay consistent."""

from __future__ import annotations

from pathlib import Path

from ...errors import InputError


def missing(path: Path) -> InputError:
    return InputError(f"文件不存在：{path}")


def empty(path: Path) -> InputError:
    return InputError(f"文件为空：{path}")


def binary(path: Path) -> InputError:
    return InputError(f"无法识别的文件内容（可能是二进制文件）：{path}")


def unreadable(path: Path, reason: str) -> InputError:
    return InputError(f"无法读取文件：{path}（{reason}）")


def corrupt(path: Path, kind: str) -> InputError:
    return InputError(f"无法读取{kind}文件，文件可能已损坏：{path}")


def scanned_pdf(path: Path) -> InputError:
    return InputError(f"该 PDF 没有文字层（可能是扫描件），需要先进行 OCR 识别：{path}")


def legacy_word(path: Path) -> InputError:
    return InputError(f"不支持旧版 Word 文档（.doc），请另存为 .docx 后再检查：{path}")
