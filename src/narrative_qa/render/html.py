"""The reviewer's HTML report: an index ranking every report and one page per report.

Self-contained: CSS and JS are read from render/templates/ and inlined, the chart is SVG drawn
here, nothing is fetched (no CDN, no web fonts), so the folder opens from file:// and can be
zipped and forwarded. Jinja2 autoescapes everything: report text is untrusted input.

Output folder policy (docs/scoring.md): a new or empty folder, or one this renderer wrote
before (it holds MARKER_FILE), is replaced as a whole — built in a temporary sibling folder,
then swapped in by rename, so a failed run leaves the previous report intact. A folder with
other content is refused with a one-line error unless --force, which writes our files into it
(each one atomically) and touches nothing else.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import tempfile
from bisect import bisect_right
from collections.abc import Sequence
from functools import lru_cache
from pathlib import Path
from typing import Any

from markupsafe import Markup

from narrative_qa.errors import UsageError

MARKER_FILE = ".narrative-qa-report"
TEMPLATES = Path(__file__).with_name("templates")
FAMILY_TITLES = {
    "S": "结构",
    "T": "表格勾稽",
    "C": "文表一致",
    "B": "套话与照搬",
    "Q": "空泛",
    "R": "规定内容",
    "X": "其他",
}
SEVERITY_TITLES = {"error": "错误", "warning": "警告", "info": "提示"}
ERA_TITLES = {"2021format": "2021 格式", "2019trial": "2019 试行", "pre2019": "2019 年前", "unknown": "未知"}
_EVIDENCE_CHARS = 600  # evidence shown in a title attribute is cut here (copying examples run long)


# ---------------------------------------------------------------- output folder


def check_output_dir(out: Path, *, force: bool = False) -> None:
    """Refuse (UsageError) a folder we must not replace; see the module docstring."""
    out = Path(out)
    if out.exists() and not out.is_dir():
        raise UsageError(f"输出位置 {out} 已存在且不是文件夹")
    if out.is_dir() and not force and not _ours_or_empty(out):
        raise UsageError(f"输出文件夹 {out} 已有其他内容且不是 narrative-qa 生成的，为免覆盖已拒绝；请换一个新文件夹或加 --force")


def _ours_or_empty(folder: Path) -> bool:
    return (folder / MARKER_FILE).is_file() or not any(folder.iterdir())


def _publish(temp: Path, out: Path, force: bool) -> None:
    if out.is_dir() and not _ours_or_empty(out):
        if not force:  # checked before the work too; the folder may have changed meanwhile
            raise UsageError(f"输出文件夹 {out} 已有其他内容且不是 narrative-qa 生成的，为免覆盖已拒绝；请换一个新文件夹或加 --force")
        for item in sorted(temp.rglob("*")):
            if item.name == MARKER_FILE:
                continue  # the folder stays the user's: a later run must not replace it whole
            target = out / item.relative_to(temp)
            if item.is_dir():
                target.mkdir(exist_ok=True)
            else:
                os.replace(item, target)  # same file system: each file swapped in atomically
        shutil.rmtree(temp)
        return
    if out.exists():
        old = Path(tempfile.mkdtemp(prefix=f".{out.name}.old-", dir=out.parent))
        os.replace(out, old / "previous")
        os.replace(temp, out)
        shutil.rmtree(old, ignore_errors=True)
    else:
        os.replace(temp, out)


# ---------------------------------------------------------------- templates


@lru_cache(maxsize=1)
def _environment() -> Any:
    from jinja2 import Environment, FileSystemLoader, StrictUndefined

    environment = Environment(
        loader=FileSystemLoader(str(TEMPLATES)),
        autoescape=True,  # every template, whatever its name: report text is untrusted
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    environment.globals.update(
        css=Markup(_asset("style.css")),
        js=Markup(_asset("script.js")),
        family_titles=FAMILY_TITLES,
        era_titles=ERA_TITLES,
        severity_titles=SEVERITY_TITLES,
    )
    return environment


def _asset(name: str) -> str:
    text = (TEMPLATES / name).read_text("utf-8")
    if "</" in text:  # would end the inline <style>/<script> early
        raise RuntimeError(f"template asset {name} must not contain '</'")
    return text


# ---------------------------------------------------------------- page data


def page_name(index: int, path: str) -> str:
    stem = re.sub(r"[^A-Za-z0-9._-]+", "-", Path(path).parent.name + "-" + Path(path).stem).strip("-")
    return f"r{index:04d}-{stem[:60] or 'report'}.html"


def _evidence_text(evidence: dict[str, Any]) -> str:
    text = json.dumps(evidence, ensure_ascii=False, default=str)
    return text if len(text) <= _EVIDENCE_CHARS else text[:_EVIDENCE_CHARS] + "…"


def _finding_view(number: int, finding: Any) -> dict[str, Any]:
    evidence = _evidence_text(finding.evidence) if finding.evidence else ""
    title = f"{finding.code} {finding.name}（{SEVERITY_TITLES.get(finding.severity.value, '')}）：{finding.message}"
    if evidence:
        title += f"\n证据：{evidence}"
    return {
        "id": f"f{number}",
        "code": finding.code,
        "name": finding.name,
        "family": finding.code[:1],
        "severity": finding.severity.value,
        "message": finding.message,
        "line": finding.line,
        "column": finding.column,
        "section": finding.section or "",
        "evidence": evidence,
        "suggestion": finding.suggestion or "",
        "title": title,
        "located": finding.end > finding.start,
        "share": float(finding.evidence.get("corpus_share", 0.0) or 0.0) if finding.code == "B001" else None,
    }


def text_segments(text: str, views: Sequence[dict[str, Any]], spans: Sequence[tuple[int, int]]) -> list[dict[str, Any]]:
    """Split `text` at every finding boundary: [{text, ids, family, share, title}] in order.

    Overlapping findings share a segment (all their ids on it); the colour is the most severe
    family's, and a boilerplate sentence's shade is its corpus share.
    """
    bounds = {0, len(text)}
    for start, end in spans:
        if end > start:
            bounds.update((max(0, min(start, len(text))), max(0, min(end, len(text)))))
    cuts = sorted(bounds)
    covering: list[list[int]] = [[] for _ in range(len(cuts) - 1)]
    for index, (start, end) in enumerate(spans):
        if end <= start:
            continue
        first = bisect_right(cuts, start) - 1
        for piece in range(first, len(cuts) - 1):
            if cuts[piece] >= end:
                break
            covering[piece].append(index)
    rank = {"error": 2, "warning": 1, "info": 0}
    segments = []
    for piece, ids in enumerate(covering):
        chunk = text[cuts[piece] : cuts[piece + 1]]
        if not chunk:
            continue
        if not ids:
            segments.append({"text": chunk, "ids": ""})
            continue
        chosen = [views[i] for i in ids]
        top = max(chosen, key=lambda view: (view["code"] != "B001", rank[view["severity"]]))
        shares = [view["share"] for view in chosen if view["share"] is not None]
        segments.append(
            {
                "text": chunk,
                "ids": " ".join(view["id"] for view in chosen),
                "family": top["family"],
                "severity": top["severity"],
                "boiler": bool(shares) and all(view["code"] == "B001" for view in chosen),
                "share": round(max(shares), 2) if shares else 0.0,
                "title": "\n\n".join(view["title"] for view in chosen),
            }
        )
    return segments


# -- tables: which cells the T and C findings point at


def _table_flags(report: Any, findings: Sequence[Any], views: Sequence[dict[str, Any]]) -> dict[tuple[str, int, int], list[str]]:
    """(table, row, column) -> finding ids, from the findings' evidence and their spans."""
    from narrative_qa.document.tables import TABLE2_LABELS, TABLE3_COLUMNS, TABLE3_ROWS, TABLE4_LABELS
    from narrative_qa.document.tables.labels import T3_CARRIED_IN, T3_CARRIED_OVER, T3_NEW, T3_OUTCOMES, T3_TOTAL

    flags: dict[tuple[str, int, int], list[str]] = {}

    def flag(table: str, row: int, column: int, view: dict[str, Any]) -> None:
        ids = flags.setdefault((table, row, column), [])
        if view["id"] not in ids:
            ids.append(view["id"])

    def cell_label(label: str, view: dict[str, Any], table: str | None) -> None:
        row_label, _, column_label = label.partition("｜")
        if table in (None, "table3") and row_label in TABLE3_ROWS:
            row = TABLE3_ROWS.index(row_label)
            if column_label in TABLE3_COLUMNS:
                columns = [TABLE3_COLUMNS.index(column_label)]
            elif column_label == "法人或其他组织":  # the five columns under that heading
                columns = range(1, 6)
            else:
                columns = range(len(TABLE3_COLUMNS))
            for column in columns:
                flag("table3", row, column, view)
        else:
            # table 2 and 4 labels are "row·column"; evidence may name a cell or a whole row
            for name, labels in (("table2", TABLE2_LABELS), ("table4", TABLE4_LABELS)):
                if table in (None, name):
                    for index, known in enumerate(labels):
                        if known == label or known.startswith(f"{label}·"):
                            flag(name, index, 0, view)

    for finding, view in zip(findings, views):
        if finding.code[:1] not in "TC":
            continue
        evidence = finding.evidence or {}
        column = TABLE3_COLUMNS.index(evidence["column"]) if evidence.get("column") in TABLE3_COLUMNS else None
        if finding.code == "T001" and column is not None:
            for row in (T3_NEW, T3_CARRIED_IN, T3_TOTAL, T3_CARRIED_OVER):
                flag("table3", row, column, view)
        elif finding.code == "T003" and column is not None:
            for row in (*T3_OUTCOMES, T3_TOTAL):
                flag("table3", row, column, view)
        elif finding.code == "T002" and evidence.get("row") in TABLE3_ROWS:
            for col in range(len(TABLE3_COLUMNS)):
                flag("table3", TABLE3_ROWS.index(evidence["row"]), col, view)
        elif finding.code == "T004" and isinstance(evidence.get("cells"), dict):
            for label in evidence["cells"]:
                cell_label(str(label), view, "table4")
        elif finding.code == "T007" and isinstance(evidence.get("rows"), list):
            for label in evidence["rows"]:
                cell_label(str(label), view, evidence.get("table"))
        if finding.code == "T007" and isinstance(evidence.get("row"), str):
            cell_label(evidence["row"], view, evidence.get("table"))
        if isinstance(evidence.get("cell"), str):
            cell_label(evidence["cell"], view, evidence.get("table"))
        # Whatever the evidence says, a finding located on a cell marks that cell (only when the
        # finding's span lies inside the cell: one located on a whole table marks nothing here).
        if finding.end > finding.start:
            for table, row, col, value in _cells(report):
                if value.span is not None and value.span.start <= finding.start and finding.end <= value.span.end:
                    flag(table, row, col, view)
    return flags


def _cells(report: Any):
    tables = report.tables
    if tables.table2 is not None:
        for row, value in enumerate(tables.table2.values):
            yield "table2", row, 0, value
    if tables.table3 is not None:
        for row, values in enumerate(tables.table3.values):
            for col, value in enumerate(values):
                yield "table3", row, col, value
    if tables.table4 is not None:
        for row, value in enumerate(tables.table4.values):
            yield "table4", row, 0, value


def _value_view(value: Any, ids: list[str]) -> dict[str, Any]:
    kind = value.kind.value
    if kind == "number":
        number = value.number
        shown = f"{number:g}" if isinstance(number, float) else str(number)
    elif kind == "not_applicable":
        shown = value.raw or "/"
    elif kind == "unreadable":
        shown = value.raw or "?"
    else:
        shown = "—"
    return {"text": shown, "kind": kind, "ids": " ".join(ids), "flagged": bool(ids)}


def table_views(report: Any, flags: dict[tuple[str, int, int], list[str]]) -> list[dict[str, Any]]:
    from narrative_qa.document.tables import TABLE2_LABELS, TABLE3_COLUMNS, TABLE3_ROWS, TABLE4_LABELS

    views = []
    tables = report.tables
    if tables.table2 is not None:
        rows = [
            {"label": label, "cells": [_value_view(value, flags.get(("table2", index, 0), []))]}
            for index, (label, value) in enumerate(zip(TABLE2_LABELS, tables.table2.values))
        ]
        views.append({"key": "table2", "title": "表二 主动公开政府信息情况", "columns": ["数量"], "rows": rows})
    if tables.table3 is not None:
        rows = [
            {
                "label": label,
                "cells": [_value_view(value, flags.get(("table3", index, col), [])) for col, value in enumerate(values)],
            }
            for index, (label, values) in enumerate(zip(TABLE3_ROWS, tables.table3.values))
        ]
        views.append({"key": "table3", "title": "表三 收到和处理政府信息公开申请情况", "columns": list(TABLE3_COLUMNS), "rows": rows})
    if tables.table4 is not None:
        rows = [
            {"label": label, "cells": [_value_view(value, flags.get(("table4", index, 0), []))]}
            for index, (label, value) in enumerate(zip(TABLE4_LABELS, tables.table4.values))
        ]
        views.append({"key": "table4", "title": "表四 政府信息公开行政复议、行政诉讼情况", "columns": ["数量"], "rows": rows})
    return views


# ---------------------------------------------------------------- index data


def histogram(totals: Sequence[float], *, width: int = 560, height: int = 180) -> dict[str, Any]:
    """Bars of the score distribution (bins of 10 points) as SVG coordinates."""
    counts = [0] * 10
    for total in totals:
        counts[min(9, max(0, int(total // 10)))] += 1
    top = max(counts) or 1
    left, bottom, plot_height = 36, height - 24, height - 44
    bar_width = (width - left - 8) / 10
    bars = []
    for index, count in enumerate(counts):
        bar_height = plot_height * count / top
        bars.append(
            {
                "x": round(left + index * bar_width + 2, 1),
                "y": round(bottom - bar_height, 1),
                "w": round(bar_width - 4, 1),
                "h": round(bar_height, 1),
                "count": count,
                "label": f"{index * 10}–{index * 10 + 10 if index < 9 else 100}",
                "label_x": round(left + index * bar_width + bar_width / 2, 1),
            }
        )
    ticks = sorted({0, top // 2, top})
    return {
        "width": width,
        "height": height,
        "bars": bars,
        "bottom": bottom,
        "left": left,
        "ticks": [{"value": tick, "y": round(bottom - plot_height * tick / top, 1)} for tick in ticks],
    }


# ---------------------------------------------------------------- rendering


def render_report_page(card: Any, index_name: str = "index.html", rank: int | None = None) -> str:
    from narrative_qa.scoring.rubric import DIMENSION_TITLES, DIMENSIONS

    report = card.report
    findings = list(card.findings)
    views = [_finding_view(number, finding) for number, finding in enumerate(findings, start=1)]
    text = report.text if report is not None else ""
    segments = text_segments(text, views, [(f.start, f.end) for f in findings])
    tables = table_views(report, _table_flags(report, findings, views)) if report is not None else []
    suggestions = [view for view, finding in zip(views, findings) if finding.code[:1] == "R" and finding.suggestion]
    boiler = [view for view in views if view["code"] == "B001"]
    families: dict[str, int] = {}
    for view in views:
        families[view["family"]] = families.get(view["family"], 0) + 1
    return _environment().get_template("report.html.j2").render(
        card=card,
        rank=rank,
        index_name=index_name,
        findings=views,
        segments=segments,
        tables=tables,
        suggestions=suggestions,
        boilerplate=boiler,
        families=families,
        dimensions=[(name, DIMENSION_TITLES[name], card.dimensions[name]) for name in DIMENSIONS],
        counts=card.counts(),
    )


def render_index(cards: Sequence[Any], pages: Sequence[str], errors: Sequence[tuple[str, str]] = ()) -> str:
    from narrative_qa.scoring.rubric import DIMENSION_TITLES, DIMENSIONS

    rows = []
    for rank, (card, page) in enumerate(zip(cards, pages), start=1):
        rows.append(
            {
                "rank": rank,
                "page": page,
                "card": card,
                "name": card.name,
                "folder": Path(card.path).parent.name,
                "counts": card.counts(),
                "dims": [(name, DIMENSION_TITLES[name], card.dimensions[name].score) for name in DIMENSIONS],
            }
        )
    totals = [card.total for card in cards]
    summary = {
        "reports": len(cards),
        "mean": round(sum(totals) / len(totals), 1) if totals else None,
        "median": round(sorted(totals)[len(totals) // 2], 1) if totals else None,
    }
    return _environment().get_template("index.html.j2").render(
        rows=rows,
        chart=histogram(totals),
        summary=summary,
        errors=list(errors),
        dimension_titles=[(name, DIMENSION_TITLES[name]) for name in DIMENSIONS],
    )


def write_html(cards: Sequence[Any], out: str | os.PathLike[str], *, errors: Sequence[tuple[str, str]] = (), force: bool = False) -> Path:
    """Write index.html and one page per report into `out` (see the folder policy above);
    the path of index.html."""
    out = Path(out)
    check_output_dir(out, force=force)
    out.parent.mkdir(parents=True, exist_ok=True)
    temp = Path(tempfile.mkdtemp(prefix=f".{out.name}.tmp-", dir=out.parent))
    try:
        pages = [page_name(rank, card.path) for rank, card in enumerate(cards, start=1)]
        for rank, (card, page) in enumerate(zip(cards, pages), start=1):
            (temp / page).write_text(render_report_page(card, rank=rank), encoding="utf-8")
        (temp / "index.html").write_text(render_index(cards, pages, errors), encoding="utf-8")
        (temp / MARKER_FILE).write_text("narrative-qa score --format html\n", encoding="utf-8")
        os.chmod(temp, 0o755)  # mkdtemp makes it private; a published report folder is not
        _publish(temp, out, force)
    finally:
        if temp.exists():
            shutil.rmtree(temp, ignore_errors=True)
    return out / "index.html"
