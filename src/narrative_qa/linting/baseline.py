"""Baselines: record today's findings so that later runs report only new ones.

A finding is identified by a fingerprint that survives edits elsewhere in the document
(lines shifting up or down): its code, its section and a hash of the flagged text with all
whitespace removed (or of the message when the finding flags no text). Identical fingerprints
in one file are counted, so a third copy of a twice-baselined problem is still reported.
Files are keyed by their path relative to the baseline file's folder, so a baseline works from
any working directory.

The file is JSON, written atomically (temporary file + os.replace). --write-baseline replaces an
existing baseline (that is what the user asked for) but refuses to overwrite any other file.
"""

from __future__ import annotations

import hashlib
import json
import os
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from narrative_qa import __version__
from narrative_qa.atomic import write_text_atomic
from narrative_qa.errors import UsageError
from narrative_qa.rules.registry import Finding

FORMAT = "narrative-qa-baseline"
FORMAT_VERSION = 1


def fingerprint(finding: Finding, text: str) -> str:
    """Stable identity of a finding within its file (see the module docstring)."""
    flagged = text[finding.start : finding.end] if finding.end > finding.start else ""
    basis = "".join((flagged or finding.message).split())
    digest = hashlib.sha256(f"{finding.code}\0{finding.section or ''}\0{basis}".encode()).hexdigest()
    return digest[:20]


def _file_key(file: str, folder: Path) -> str:
    absolute = Path(file).resolve()
    try:
        return absolute.relative_to(folder).as_posix()
    except ValueError:
        return Path(os.path.relpath(absolute, folder)).as_posix()


@dataclass(slots=True)
class Baseline:
    folder: Path
    counts: dict[str, Counter[str]]  # file key -> fingerprint -> count

    @classmethod
    def load(cls, path: Path) -> Baseline:
        data = _read_baseline(path)
        if data is None:
            raise UsageError(f"找不到基线文件：{path}")
        counts = {
            file: Counter({entry["fingerprint"]: int(entry["count"]) for entry in entries})
            for file, entries in data["files"].items()
        }
        return cls(path.resolve().parent, counts)

    def filter(self, findings: Iterable[Finding]) -> list[Finding]:
        """Findings not covered by the baseline (each baselined occurrence hides one finding)."""
        remaining = {file: Counter(counts) for file, counts in self.counts.items()}
        new: list[Finding] = []
        for finding in findings:
            counts = remaining.get(_file_key(finding.file, self.folder))
            if counts and finding.fingerprint and counts[finding.fingerprint] > 0:
                counts[finding.fingerprint] -= 1
            else:
                new.append(finding)
        return new


def _read_baseline(path: Path) -> dict[str, Any] | None:
    """The parsed baseline, None when the file does not exist; a usage error when it is not one."""
    try:
        data = json.loads(path.read_text("utf-8"))
    except FileNotFoundError:
        return None
    except (OSError, UnicodeDecodeError, json.JSONDecodeError):
        raise UsageError(f"{path} 不是 narrative-qa 的基线文件") from None
    if not isinstance(data, dict) or data.get("format") != FORMAT or not isinstance(data.get("files"), dict):
        raise UsageError(f"{path} 不是 narrative-qa 的基线文件")
    if data.get("version") != FORMAT_VERSION:
        raise UsageError(f"基线文件 {path} 的格式版本 {data.get('version')} 不受支持（应为 {FORMAT_VERSION}）")
    return data


def check_writable(path: Path) -> None:
    """Refuse, before any work, a --write-baseline target that is a folder or another file."""
    if path.is_dir():
        raise UsageError(f"基线路径是一个文件夹：{path}")
    if path.exists():
        try:
            _read_baseline(path)
        except UsageError:
            raise UsageError(f"{path} 已存在且不是基线文件，拒绝覆盖") from None


def write_baseline(path: Path, findings: Iterable[Finding]) -> int:
    """Write `findings` as a baseline at `path`; returns how many findings it holds."""
    check_writable(path)
    folder = path.resolve().parent
    grouped: dict[str, dict[str, dict[str, Any]]] = {}
    total = 0
    for finding in findings:
        entries = grouped.setdefault(_file_key(finding.file, folder), {})
        entry = entries.setdefault(
            finding.fingerprint or "",
            {"fingerprint": finding.fingerprint, "code": finding.code, "name": finding.name,
             "section": finding.section, "message": finding.message, "count": 0},
        )
        entry["count"] += 1
        total += 1
    document = {
        "format": FORMAT,
        "version": FORMAT_VERSION,
        "tool_version": __version__,
        "files": {
            file: sorted(entries.values(), key=lambda e: (e["code"], e["fingerprint"] or ""))
            for file, entries in sorted(grouped.items())
        },
    }
    folder.mkdir(parents=True, exist_ok=True)
    write_text_atomic(path, json.dumps(document, ensure_ascii=False, indent=2) + "\n")
    return total
