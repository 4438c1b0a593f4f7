"""B rules, copying: narrative reused from last year's report (--previous) or nearly identical
to another body's report (--compare, or another report of the batch: linting/batch_compare.py).

A sentence counts as reused when its fingerprint (numbers, spaces and punctuation ignored) is
one of the other report's, or its TF-IDF cosine to one of the other report's sentences reaches
`sentence-similarity`. A section's reuse share is the share of its Chinese characters in reused
sentences. The statements the form requires of everyone (编制依据, 统计期限, 信息处理费 …) are
the same every year by design and are left out of both sides of the share, as are the rows of
the pre-2019 statistics table where they are flattened into the text.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from narrative_qa.document.model import Report
from narrative_qa.rules._text import (
    ReportAnalysis,
    analyze_report,
    cross_similarity,
    is_required_statement,
    percent,
    section_anchor,
    section_label,
)
from narrative_qa.rules.registry import Context, Finding, Rule, Severity, rule

# Sections compared: the body's own prose (the preamble is mostly required statements).
COMPARED_SECTIONS = frozenset({"overview", "problems", "other", "active_disclosure", "applications", "review_litigation", "unknown"})


@dataclass(slots=True)
class SectionReuse:
    section_index: int
    key: str
    chars: int
    reused_chars: int
    sentences: int
    reused_sentences: int
    examples: list[dict[str, Any]] = field(default_factory=list)  # line and similarity of reused sentences

    @property
    def share(self) -> float:
        return self.reused_chars / self.chars if self.chars else 0.0


@dataclass(slots=True)
class Reuse:
    sections: list[SectionReuse]

    @property
    def chars(self) -> int:
        return sum(section.chars for section in self.sections)

    @property
    def reused_chars(self) -> int:
        return sum(section.reused_chars for section in self.sections)

    @property
    def share(self) -> float:
        return self.reused_chars / self.chars if self.chars else 0.0


def measure_reuse(current: Report, other: Report, model: Any, sentence_similarity: float = 0.8) -> Reuse:
    """How much of `current`'s narrative is found in `other`, per section. Pure; the eval and
    the 平潭 reuse study call it directly."""
    mine = analyze_report(current)
    theirs = analyze_report(other)
    rows = [info.index for info in mine.sentences if is_compared_sentence(info)]
    other_rows = [info.index for info in theirs.sentences if is_compared_sentence(info)]
    other_prints = {theirs.sentences[row].fingerprint for row in other_rows} - {None}
    best = _best_similarity(mine, rows, theirs, other_rows, model)
    entries = []
    for position, row in enumerate(rows):
        info = mine.sentences[row]
        identical = info.fingerprint is not None and info.fingerprint in other_prints
        entries.append((info.section_index, info.section, info.chars, info.span.line, identical, float(best[position])))
    return tally_reuse(entries, sentence_similarity)


ReuseEntry = tuple[int, str, int, int, bool, float]  # section index, key, chars, line, identical, best cosine


def tally_reuse(entries: Iterable[ReuseEntry], sentence_similarity: float) -> Reuse:
    """Per-section reuse from one entry per compared sentence, in report order. Shared by
    measure_reuse and the batch comparison (linting/batch_compare.py), which computes the same
    entries from the workers' sentence signatures."""
    by_section: dict[int, SectionReuse] = {}
    for section_index, key, chars, line, identical, best in entries:
        entry = by_section.get(section_index)
        if entry is None:
            entry = by_section[section_index] = SectionReuse(section_index, key, 0, 0, 0, 0)
        entry.chars += chars
        entry.sentences += 1
        score = 1.0 if identical else best
        if identical or score >= sentence_similarity:
            entry.reused_chars += chars
            entry.reused_sentences += 1
            if len(entry.examples) < 3:
                entry.examples.append({"line": line, "similarity": round(score, 3)})
    return Reuse(sections=[by_section[index] for index in sorted(by_section)])


# The statistics table of the pre-2019 format (指标名称 / 计量单位 / 主动公开文件数 条 …) flattened
# into the text: its labels are the same in every report and its figures are normalised away, so
# without this every old report "copied" every other one (seen in the 平潭 batch: 97 such rows).
_OLD_TABLE_TEXT = re.compile(r"指\s*标\s*名\s*称|计\s*量\s*单\s*位|(?:数|金额)\s*[条件个元]\s*\d")


def is_compared_sentence(info: Any) -> bool:
    """Whether a sentence (rules._text.SentenceInfo) takes part in the reuse measure."""
    return (
        info.section in COMPARED_SECTIONS
        and not is_required_statement(info.text)
        and not _OLD_TABLE_TEXT.search(info.text)
    )


def _best_similarity(mine: ReportAnalysis, rows: list[int], theirs: ReportAnalysis, other_rows: list[int], model: Any) -> np.ndarray:
    if not rows:
        return np.zeros(0)
    if not other_rows:
        return np.zeros(len(rows))
    return cross_similarity(mine, rows, theirs, other_rows, model).max(axis=1)


COPY_DEFAULTS: dict[str, Any] = {
    "sentence-similarity": 0.8,
    "section-share": 0.8,  # a section with this share of reused text is "almost unchanged"
    "report-share": 0.8,  # the whole narrative: an error
    "min-chars": 40,  # sections shorter than this are not judged on their own
}


@rule("B010", "copied-from-previous", Severity.WARNING, defaults=COPY_DEFAULTS, needs_model=True, needs_previous=True)
def copied_from_previous(context: Context, rule: Rule) -> Iterator[Finding]:
    """与上一年度报告相比几乎没有改动的部分（警告），或整篇叙述几乎照搬上一年度报告（错误）。

    为什么：“照搬照抄”上年报告是审核中点名批评的问题，全国评估中曾发现与上年重复率接近 90% 的报告；
    年度报告应反映本年度的工作（《政府信息公开条例》第五十条）。用 --previous 给出上一年度报告后，
    逐句比较：去掉数字、空格、标点后相同，或 TF-IDF 余弦至少 sentence-similarity（默认 0.8）的句子
    算作沿用；一个部分按字数计沿用比例至少 section-share（默认 80%）时报告警告，全部叙述至少
    report-share（默认 80%）时另报一个错误。只改了数字的句子仍算沿用。编制依据、统计期限、
    信息处理费等规定表述每年相同，不计入。证据给出各部分的沿用比例和沿用句的行号。
    （依据：《政府信息公开条例》第五十条；国办公开办函〔2021〕30号“不宜泛化”）

    示例：今年的“五、存在的主要问题及改进情况”与去年相比只把“2023年”改成了“2024年”。
    修改：按本年度实际情况重写：今年发现了什么问题，去年的问题整改得怎样，明年具体做什么。
    """
    if context.previous is None:
        return
    options = context.options(rule)
    reuse = measure_reuse(context.report, context.previous, context.model, float(options["sentence-similarity"]))
    previous_name = context.previous.path.name
    report = context.report
    yield from _copied_sections(context, rule, reuse, f"上一年度报告（{previous_name}）", "沿用去年", previous_name)
    if reuse.chars >= int(options["min-chars"]) and reuse.share >= float(options["report-share"]):
        first = report.headings[0].span if report.headings else None
        yield rule.finding(
            context,
            first,
            f"全文叙述的 {percent(reuse.share)} 沿用上一年度报告（{previous_name}），几乎是照搬",
            section=None,
            severity=Severity.ERROR,
            evidence={
                "previous": previous_name,
                "reuse_share": round(reuse.share, 3),
                "chars": reuse.chars,
                "reused_chars": reuse.reused_chars,
                "sections": {s.key: round(s.share, 3) for s in reuse.sections},
            },
        )


def _copied_sections(
    context: Context, rule: Rule, reuse: Reuse, source: str, verb: str, other_name: str
) -> Iterator[Finding]:
    """One finding per section whose reuse reaches the rule's min-chars and section-share;
    `source` names the other report in the message, `verb` says how the text matches it."""
    options = context.options(rule)
    report = context.report
    for section in reuse.sections:
        if section.chars < int(options["min-chars"]) or section.share < float(options["section-share"]):
            continue
        yield rule.finding(
            context,
            section_anchor(report.sections[section.section_index]),
            section_message(section_label(report, section.section_index), source, verb, section),
            section=section.key,
            evidence=reuse_evidence(section, other_name),
        )


def section_message(label: str, source: str, verb: str, section: SectionReuse) -> str:
    return (
        f"{label}与{source}几乎相同："
        f"{percent(section.share)} 的文字{verb}（{section.reused_sentences}/{section.sentences} 句）"
    )


def peer_source(other_name: str) -> str:
    """How B011 names the other body's report in its message (--compare and batch alike)."""
    return f"另一单位的报告（{other_name}）"


def reuse_evidence(section: SectionReuse, other_name: str) -> dict[str, Any]:
    return {
        "other": other_name,
        "reuse_share": round(section.share, 3),
        "chars": section.chars,
        "reused_chars": section.reused_chars,
        "sentences": section.sentences,
        "reused_sentences": section.reused_sentences,
        "examples": section.examples,
    }


PEER_DEFAULTS: dict[str, Any] = {
    "sentence-similarity": 0.8,
    "section-share": 0.8,
    "min-chars": 40,
    # false: this file is not compared with the other reports linted with it (unrelated drafts);
    # --no-batch-compare does the same for the whole run. --compare files are still compared.
    "batch": True,
    # In a batch, compare only reports of the same year (or of an unknown year). Across years
    # most matches in the 平潭 archive were a body's own earlier text under another spelling of
    # its name (财金局 / 财政金融局, renamed bureaus): --previous's job (linting/batch_compare.py).
    "batch-same-year": True,
}


@rule("B011", "copied-from-peer", Severity.WARNING, defaults=PEER_DEFAULTS, needs_model=True)
def copied_from_peer(context: Context, rule: Rule) -> Iterator[Finding]:
    """与另一单位的报告几乎相同的部分（用 --compare 给出其他单位的报告，或一次检查多份报告时检查）。

    为什么：照抄上级或兄弟单位的报告，写出来的不是本单位的工作，审核中与照搬上年一样被点名；
    《政府信息公开条例》第五十条要求报告本行政机关的情况。与 copied-from-previous 相同的逐句比较，
    一个部分按字数计至少 section-share（默认 80%）与某一份对比报告相同即报告，证据给出对比报告和比例。
    一次检查多份报告（文件夹或多个文件）时，每份报告还与同批中其他单位同一年度的报告比较（同一单位
    的多个文件不互相比较；batch-same-year = false 时也比较不同年度的报告）；用 --no-batch-compare
    或本规则的参数 batch = false 关闭。
    （依据：《政府信息公开条例》第五十条）

    示例：乡镇报告的“五、存在的主要问题及改进情况”与另一乡镇的报告逐字相同，只换了单位名称。
    修改：写本单位自己的问题和措施。
    """
    if not context.compare:
        return
    options = context.options(rule)
    report = context.report
    for other in context.compare:
        if other is report or other.path == report.path:
            continue
        reuse = measure_reuse(report, other, context.model, float(options["sentence-similarity"]))
        yield from _copied_sections(
            context, rule, reuse, peer_source(other.path.name), "相同", str(other.path)
        )
