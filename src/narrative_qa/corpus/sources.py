"""What a corpus build reads: files, folders and manifests → a sorted list of `SourceFile`.

A manifest is a UTF-8 TSV with a header row. Only `file` is required; `unit`, `year`,
`level` and `era` are used when present and non-empty (other columns are ignored, so the
real corpus's manifest.tsv works as it is). `file` is relative to the manifest's folder.
A folder that holds a manifest.tsv is read through it; any other folder is searched
recursively for the formats the readers support.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from narrative_qa.document.readers import is_report_file
from narrative_qa.errors import InputError

MANIFEST_NAME = "manifest.tsv"

# Level as written in a manifest, in Chinese or as the key the rest of the code uses.
LEVEL_NAMES: dict[str, str] = {
    "人民政府": "government",
    "政府": "government",
    "government": "government",
    "部门": "department",
    "department": "department",
    "乡镇街道": "township",
    "乡镇": "township",
    "街道": "township",
    "township": "township",
}
ERAS = ("2021format", "2019trial", "pre2019")
# When the same report is there in several formats, keep the one read most faithfully.
FORMAT_PREFERENCE = (".txt", ".md", ".docx", ".html", ".htm", ".pdf")


@dataclass(frozen=True, slots=True)
class SourceFile:
    """One document to read, with the metadata its source states (None: not stated)."""

    path: Path
    name: str  # how the model records it: relative to the manifest or folder it came from
    unit: str | None = None
    year: int | None = None
    level: str | None = None
    era: str | None = None

    @property
    def format_rank(self) -> int:
        suffix = self.path.suffix.lower()
        return FORMAT_PREFERENCE.index(suffix) if suffix in FORMAT_PREFERENCE else len(FORMAT_PREFERENCE)


def collect_sources(sources: list[Path]) -> list[SourceFile]:
    """Every document named by `sources`, each file once, in a stable order."""
    if not sources:
        raise InputError("请至少给出一个语料来源（文件、文件夹或 manifest.tsv）。")
    found: dict[Path, SourceFile] = {}
    for source in sources:
        source = Path(source)
        if not source.exists():
            raise InputError(f"语料来源不存在：{source}")
        if source.is_dir():
            manifest = source / MANIFEST_NAME
            entries = read_manifest(manifest) if manifest.is_file() else _scan_folder(source)
        elif source.suffix.lower() == ".tsv":
            entries = read_manifest(source)
        else:
            entries = [SourceFile(path=source.resolve(), name=source.name)]
        for entry in entries:
            found.setdefault(entry.path, entry)
    return sorted(found.values(), key=lambda entry: (entry.name, str(entry.path)))


def _scan_folder(folder: Path) -> list[SourceFile]:
    entries = []
    for path in sorted(folder.rglob("*")):
        if path.is_file() and is_report_file(path.name):
            entries.append(SourceFile(path=path.resolve(), name=path.relative_to(folder).as_posix()))
    return entries


def read_manifest(path: Path) -> list[SourceFile]:
    """Rows of a manifest TSV as `SourceFile`s; a malformed manifest is an InputError."""
    try:
        lines = path.read_text("utf-8-sig").splitlines()
    except (OSError, UnicodeDecodeError) as error:
        raise InputError(f"无法读取语料清单 {path}：{error.__class__.__name__}") from None
    if not lines:
        raise InputError(f"语料清单为空：{path}")
    header = [column.strip() for column in lines[0].split("\t")]
    if "file" not in header:
        raise InputError(f"语料清单 {path} 的表头缺少 file 列（应为制表符分隔，首行是列名）。")
    base = path.parent
    resolve = _folder_resolver()
    entries = []
    for number, line in enumerate(lines[1:], 2):
        if not line.strip():
            continue
        row = dict(zip(header, (cell.strip() for cell in line.split("\t"))))
        name = row.get("file", "")
        if not name:
            raise InputError(f"语料清单 {path} 第{number}行缺少文件名。")
        entries.append(
            SourceFile(
                path=resolve(base / name),
                name=name,
                unit=row.get("unit") or None,
                year=_year(row.get("year"), path, number),
                level=_level(row.get("level"), path, number),
                era=_era(row.get("era"), path, number),
            )
        )
    return entries


def _folder_resolver() -> Callable[[Path], Path]:
    """`Path.resolve`, with each folder resolved once: a manifest lists many files per folder,
    and resolving walks every component of the path with a system call. Resolving the folder
    first and then the last component gives the same path."""
    folders: dict[Path, Path] = {}

    def resolve(path: Path) -> Path:
        if path.name in ("", ".", ".."):
            return path.resolve()
        folder = folders.get(path.parent)
        if folder is None:
            folder = folders[path.parent] = path.parent.resolve()
        resolved = folder / path.name
        return resolved.resolve() if resolved.is_symlink() else resolved

    return resolve


def _year(value: str | None, path: Path, number: int) -> int | None:
    if not value:
        return None
    if not value.isdigit() or not 1990 <= int(value) <= 2100:
        raise InputError(f"语料清单 {path} 第{number}行的年份无效：{value}")
    return int(value)


def _level(value: str | None, path: Path, number: int) -> str | None:
    if not value:
        return None
    if value not in LEVEL_NAMES:
        raise InputError(f"语料清单 {path} 第{number}行的层级无效：{value}（应为 人民政府、部门 或 乡镇街道）")
    return LEVEL_NAMES[value]


def _era(value: str | None, path: Path, number: int) -> str | None:
    if not value:
        return None
    if value not in ERAS:
        raise InputError(f"语料清单 {path} 第{number}行的格式时期无效：{value}（应为 {'、'.join(ERAS)}）")
    return value

