"""Batch comparison for B011 copied-from-peer: every report of a batch against every other body's.

`nqa lint a.txt b.txt …` (or a folder) compares each report's sections with the reports of the
other bodies in the same run, with the measure `--compare` uses (rules/copying.py: a sentence is
reused when its fingerprint is one of the other report's or its TF-IDF cosine reaches
`sentence-similarity`; a section with at least `section-share` of its characters reused, and at
least `min-chars` of them, is reported; the cosines are computed as in term_vectors.py, equal up
to rounding in the last digits). Two passes, because workers run in separate processes:

1. Each worker, after linting a file, returns a compact `ReportSignature` with its result: per
   compared sentence its section, Chinese characters, fingerprint (int) and line; the sentences'
   term counts (term_vectors.TermCounts), their normalised TF-IDF weights under the file's
   model and each one's heaviest tokens (the prefix below), as arrays; per section the anchor
   span, label, baseline fingerprint and the few source lines a finding there needs. No parsed
   report crosses the process boundary.
2. The parent (`compare_batch`) finds the report pairs that could share a section through two
   inverted indexes (fingerprint -> reports, token -> reports), which is linear in the batch's
   sentences, then runs the exact measure only on those candidate pairs.

Candidate generation is lossless: a sentence x can only reach cosine >= t with a sentence y that
shares one of x's "prefix" tokens, where the prefix is x's heaviest tokens up to the point where
the remaining ones carry a norm below t (their dot product with any unit vector is below t). So a
report o can reuse x only if it has x's fingerprint or one of x's prefix tokens; summing those
sentences' characters bounds the section's share from above, and only pairs whose bound reaches
`section-share` are measured. The findings are therefore the ones `--compare` with every other
body's report would give, without the quadratic work.

Who counts as "another body": reports whose unit (Report.unit, normalised as the scorer matches
last year's reports: document.metadata.normalise_unit) differs. Reports of the same unit are never
compared with each other: other years are --previous's job, and two files of one unit and one
year are copies of one report (the same report as PDF and HTML, a draft and its revision), which
would otherwise be flagged as 100% copied. A report whose unit cannot be read is compared with
every other report (it may be anyone's). By default only reports of the same year (or of an
unknown year) are compared (B011 option `batch-same-year`). With every year compared the real
corpus gave 47 findings instead of 13: most of the extra ones were one body's reports of other
years under another spelling of its name (财金局 / 财政金融局, 综合执法局 / 综合执法局办公室) or after
a renaming (国有资产管理局 -> 投资促进局); the rest were text a body had taken from another the
year before (found within that year) and kept; one was new.
A report also given with `--compare` is left to the per-file rule, so a pair is never reported
twice.

One finding per copied section: the other report with the highest share is named in the message
(the same message as --compare), and the evidence lists every other report that reached the share.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

import numpy as np

from narrative_qa.linting.baseline import fingerprint as finding_fingerprint
from narrative_qa.linting.term_vectors import SentenceVectors, TermCounts, best_similarity, normalised_weights, sentence_vectors
from narrative_qa.rules.registry import Finding, Severity

RULE_CODE = "B011"
MAX_LISTED_OTHERS = 10  # evidence lists at most this many other reports per section


@dataclass(slots=True)
class SentenceSign:
    """What the parent needs of one compared sentence (everything --compare's measure reads)."""

    section_index: int
    section: str
    chars: int
    fingerprint: int | None
    line: int


@dataclass(slots=True)
class SectionSign:
    """Where a finding about a section points, and what the engine needs to finish it."""

    label: str
    anchor: tuple[int, int, int, int, int, int]  # start, end, line, column, end_line, end_column
    # The baseline fingerprint of a B011 finding here, which hashes the text under the anchor
    # (for a section without a heading, the whole section: too much to send to the parent).
    # None when the anchor is empty: the fingerprint then hashes the message.
    fingerprint: str | None
    lines: dict[int, str]  # source lines of the anchor (text output shows them)
    suppressed_by: int | None = None  # offset of a suppression comment covering B011 there
    comment_unknown: bool = False  # that comment also names unknown rules (its X001 stands)


@dataclass(slots=True)
class ReportSignature:
    path: str
    unit: str | None  # normalised unit, the identity of the body
    unit_name: str | None  # as written in the report, for the evidence
    year: int | None
    model: str | None  # the model the file's settings name (None: default); the cosine's IDF
    options: dict[str, Any]  # B011's effective options for this file
    severity: Severity  # B011's severity for this file (after [severity] overrides)
    sentences: list[SentenceSign] = field(default_factory=list)
    sections: dict[int, SectionSign] = field(default_factory=dict)
    terms: TermCounts = field(default_factory=lambda: TermCounts.of(()))  # the sentences' tokens
    # terms' normalised TF-IDF weights under the IDF of `model` (term_vectors.normalised_weights):
    # the parent compares with them as they are whenever that is the model of the comparison
    weights: np.ndarray = field(default_factory=lambda: np.zeros(0, dtype=np.float64))
    # Each sentence's heaviest tokens (_prefix), as positions in terms.vocabulary: sentence i has
    # prefix_columns[prefix_offsets[i]:prefix_offsets[i + 1]]. Any sentence reaching the
    # similarity threshold shares one of them. The worker computes them (it has the model).
    prefix_columns: np.ndarray = field(default_factory=lambda: np.zeros(0, dtype=np.int32))
    prefix_offsets: np.ndarray = field(default_factory=lambda: np.zeros(1, dtype=np.int64))


# ---------------------------------------------------------------- pass 1 (in the worker)


def signature_of(report: Any, settings: Any, model: Any, codes: Iterable[str]) -> ReportSignature | None:
    """The signature of one linted report, or None when B011 does not run on it (not selected,
    no model, or `batch = false` in its [rules.copied-from-peer] options)."""
    from narrative_qa.rules._text import analyze_report, section_anchor, section_label
    from narrative_qa.rules.copying import is_compared_sentence
    from narrative_qa.rules.registry import find_rule
    from narrative_qa.document.metadata import normalise_unit

    rule = find_rule(RULE_CODE)
    if rule is None or RULE_CODE not in set(codes) or model is None:
        return None
    options = dict(rule.defaults)
    options.update(settings.rule_options.get(rule.name, {}))
    options.update(settings.rule_options.get(rule.code, {}))
    if not options.get("batch", True):
        return None
    compared = [info for info in analyze_report(report).sentences if is_compared_sentence(info)]
    sentences = [
        SentenceSign(info.section_index, info.section, info.chars, info.fingerprint, info.span.line) for info in compared
    ]
    terms = TermCounts.of([info.tokens for info in compared])
    _, weights = normalised_weights(terms, model)
    prefixes = _prefixes(terms, weights, float(options["sentence-similarity"]))
    covers = _suppression_covers(report)
    text = report.text
    sections: dict[int, SectionSign] = {}
    for index in sorted({sign.section_index for sign in sentences}):
        section = report.sections[index]
        span = section_anchor(section)
        lines = _source_lines(text, (span.line, span.end_line))
        covering = next((cover for cover in covers if _covers(cover, span.line)), None)
        sections[index] = SectionSign(
            label=section_label(report, index),
            anchor=(span.start, span.end, span.line, span.column, span.end_line, span.end_column),
            fingerprint=_anchor_fingerprint(section.key, text[span.start : span.end]),
            lines=lines,
            suppressed_by=covering.comment.start if covering is not None else None,
            comment_unknown=bool(covering is not None and covering.comment.unknown),
        )
    return ReportSignature(
        path=str(report.path),
        unit=normalise_unit(report.unit),
        unit_name=report.unit,
        year=report.year,
        model=str(settings.model) if settings.model is not None else None,
        options=options,
        severity=settings.severity.get(RULE_CODE, rule.severity),
        sentences=sentences,
        sections=sections,
        terms=terms,
        weights=weights,
        prefix_columns=np.array([column for prefix in prefixes for column in prefix], dtype=np.int32),
        prefix_offsets=np.cumsum([0] + [len(prefix) for prefix in prefixes], dtype=np.int64),
    )


def _anchor_fingerprint(section_key: str | None, flagged: str) -> str | None:
    if not flagged:
        return None
    probe = Finding(RULE_CODE, "", Severity.WARNING, "", "", 1, 1, 1, 1, section_key, start=0, end=len(flagged))
    return finding_fingerprint(probe, flagged)


def _suppression_covers(report: Any) -> list[Any]:
    from narrative_qa.linting.suppressions import SUPPRESSIBLE_FORMATS, find_suppressions

    raw = report.raw
    if raw.format not in SUPPRESSIBLE_FORMATS or "nqa-" not in raw.text:
        return []
    return find_suppressions(raw.text, lambda offset: raw.position(offset)[0]).covers


def _covers(cover: Any, line: int) -> bool:
    probe = Finding(RULE_CODE, "", Severity.WARNING, "", "", line, 1, line, 1, None)
    return cover.covers(probe)


def _source_lines(text: str, wanted: Sequence[int]) -> dict[int, str]:
    lines = text.split("\n")
    return {number: lines[number - 1].rstrip("\r") for number in set(wanted) if 0 < number <= len(lines)}


# ---------------------------------------------------------------- pass 2 (in the parent)


@lru_cache(maxsize=None)
def _real_path(path: str) -> str:
    # Resolved once per file: comparisons run for every candidate pair of the batch.
    return str(Path(path).resolve())


def same_body(first: ReportSignature, second: ReportSignature) -> bool:
    """Reports of one unit (any year) are one body's; an unknown unit is nobody's in particular."""
    if _real_path(first.path) == _real_path(second.path):
        return True
    return first.unit is not None and first.unit == second.unit


def comparable(signature: ReportSignature, other: ReportSignature) -> bool:
    """Whether `other` is another body's report that `signature` is compared with: a different
    unit, and (with `batch-same-year`, the default) the same year or an unknown one."""
    if same_body(signature, other):
        return False
    if not signature.options.get("batch-same-year", True):
        return True
    return signature.year is None or other.year is None or signature.year == other.year


@dataclass(slots=True)
class _Match:
    other: ReportSignature
    reuse: Any  # copying.SectionReuse


def apply_batch_compare(
    results: Sequence[Any], model_for: Callable[[str | None], Any], *, exclude: Iterable[str] = ()
) -> None:
    """The engine's second pass: take the signatures the workers left on the FileResults, add
    the batch's B011 findings to them, and drop the signatures (they are not output)."""
    signatures = [result.signature for result in results if result.signature is not None]
    found = compare_batch(signatures, model_for, exclude=exclude) if len(signatures) > 1 else {}
    for result in results:
        signature, result.signature = result.signature, None
        if signature is not None and signature.path in found:
            merge_findings(result, signature, found[signature.path])


def compare_batch(
    signatures: Sequence[ReportSignature],
    model_for: Callable[[str | None], Any],
    *,
    exclude: Iterable[str] = (),
) -> dict[str, list[tuple[int, Finding]]]:
    """(section index, B011 finding) per file path for a batch's signatures. `model_for(path
    or None)` gives the corpus model a file's cosine is weighted with; reports in `exclude`
    (the --compare files) are not used as "other" reports.

    Serial on purpose: the per-report work that parallelises (weights, prefixes) is done by the
    workers in pass 1, and what is left takes ~0.1 s for the 193 real reports. Forked helpers
    made it slower (~0.18 s with two): every object they read here was created by this process
    after the lint, so their reference counting copied its pages one by one."""
    excluded = {_real_path(str(path)) for path in exclude}
    others = [sign for sign in signatures if _real_path(sign.path) not in excluded]
    global_ids: dict[str, int] = {}
    token_ids = {
        signature.path: np.array(
            [global_ids.setdefault(token, len(global_ids)) for token in signature.terms.vocabulary], dtype=np.int64
        )
        for signature in signatures
    }
    batch_index = _BatchIndex(others, token_ids, len(global_ids))
    # A report's vectors under the IDF of the model of the report compared (usually one model,
    # and then the weights its worker computed serve as they are).
    weighted: dict[tuple[str, int], SentenceVectors] = {}

    def vectors(signature: ReportSignature, model: Any) -> SentenceVectors:
        key = (signature.path, id(model))
        if key not in weighted:
            own = signature.weights if model is model_for(signature.model) else None
            weighted[key] = sentence_vectors(signature.terms, model, token_ids[signature.path], own)
        return weighted[key]

    found: dict[str, list[tuple[int, Finding]]] = {}
    for signature in signatures:
        if not signature.sentences:
            continue
        model = model_for(signature.model)
        mine = vectors(signature, model)
        matches: dict[int, list[_Match]] = defaultdict(list)
        for other in batch_index.candidates(signature, token_ids[signature.path], others):
            for section in _measure(signature, other, mine, vectors(other, model)):
                matches[section.section_index].append(_Match(other, section))
        if matches:
            found[signature.path] = [(index, _finding(signature, index, matches[index])) for index in sorted(matches)]
    return found


class _BatchIndex:
    """Which of the other reports hold a token or a sentence fingerprint: a boolean row over
    the others' positions per token (by global id) and per fingerprint, so that a report's
    candidates take a few array operations rather than set unions whose size grows with the
    batch (common tokens are in nearly every report)."""

    def __init__(self, others: Sequence[ReportSignature], token_ids: dict[str, np.ndarray], tokens: int) -> None:
        self.size = len(others)
        self.token_rows = np.zeros((tokens, self.size), dtype=bool)
        self.print_ids: dict[int, int] = {}
        cells: list[tuple[int, int]] = []  # (fingerprint id, position)
        for position, other in enumerate(others):
            self.token_rows[token_ids[other.path], position] = True
            for sign in other.sentences:
                if sign.fingerprint is not None:
                    cells.append((self.print_ids.setdefault(sign.fingerprint, len(self.print_ids)), position))
        self.print_rows = np.zeros((len(self.print_ids), self.size), dtype=bool)
        if cells:
            self.print_rows[tuple(np.array(cells).T)] = True

    def candidates(
        self, signature: ReportSignature, own_ids: np.ndarray, others: Sequence[ReportSignature]
    ) -> list[ReportSignature]:
        """The other bodies' reports with which some section of `signature` could reach the
        share (an upper bound: see the module docstring), in batch order."""
        share = float(signature.options["section-share"])
        min_chars = int(signature.options["min-chars"])
        sentences = signature.sentences
        # reach[i, o]: report o has sentence i's fingerprint or one of its prefix tokens
        reach = np.zeros((len(sentences), self.size), dtype=bool)
        having = np.diff(signature.prefix_offsets) > 0
        if having.any():
            rows = self.token_rows[own_ids[signature.prefix_columns]]
            reach[having] = np.logical_or.reduceat(rows, signature.prefix_offsets[:-1][having], axis=0)
        printed = [
            (row, self.print_ids[sign.fingerprint]) for row, sign in enumerate(sentences) if sign.fingerprint in self.print_ids
        ]
        if printed:
            rows, ids = (list(column) for column in zip(*printed))
            reach[rows] |= self.print_rows[ids]
        # per section: the characters of its sentences that each other report may have reused
        section_of = np.array([sign.section_index for sign in sentences])
        chars = np.array([sign.chars for sign in sentences], dtype=np.float64)
        wanted: set[int] = set()
        for section in sorted(set(section_of.tolist())):  # (np.unique would import numpy.ma: 5 ms)
            inside = section_of == section
            total = chars[inside].sum()
            if total < min_chars:
                continue
            reachable = chars[inside] @ reach[inside]
            wanted.update(np.flatnonzero(reachable >= share * total).tolist())
        return [others[position] for position in sorted(wanted) if comparable(signature, others[position])]


def _prefixes(terms: TermCounts, values: np.ndarray, threshold: float) -> list[list[int]]:
    """Each sentence's prefix, as positions in `terms.vocabulary`, under the sentence vectors
    with the weights `values` (term_vectors.normalised_weights: the ones the parent compares)."""
    vocabulary = terms.vocabulary
    prefixes = []
    for start, end in zip(terms.offsets[:-1].tolist(), terms.offsets[1:].tolist()):
        entries = zip(terms.columns[start:end].tolist(), values[start:end].tolist())
        prefixes.append(_prefix({column: value for column, value in entries}, vocabulary, threshold))
    return prefixes


def _prefix(weights: dict[int, float], vocabulary: Sequence[str], threshold: float) -> list[int]:
    """x's heaviest tokens, until the rest have a norm below `threshold`: any sentence with
    cosine >= threshold to x has one of them (the rest alone give at most their norm)."""
    remaining = sum(value * value for value in weights.values())
    limit = threshold * threshold - 1e-9  # stop only when clearly below: rounding keeps a token more
    chosen: list[int] = []
    for column, value in sorted(weights.items(), key=lambda item: (-item[1], vocabulary[item[0]])):
        if remaining < limit:
            break
        chosen.append(column)
        remaining -= value * value
    return chosen


def _measure(
    signature: ReportSignature, other: ReportSignature, mine: SentenceVectors, theirs: SentenceVectors
) -> list[Any]:
    """The sections of `signature` that reach the share against `other`: copying's measure, on
    the two reports' sentence vectors (under the IDF of `signature`'s model)."""
    from narrative_qa.rules.copying import tally_reuse

    threshold = float(signature.options["sentence-similarity"])
    best = best_similarity(mine, theirs)
    other_prints = {sign.fingerprint for sign in other.sentences} - {None}
    entries = [
        (sign.section_index, sign.section, sign.chars, sign.line, sign.fingerprint in other_prints, float(score))
        for sign, score in zip(signature.sentences, best)
    ]
    reuse = tally_reuse(entries, threshold)
    share = float(signature.options["section-share"])
    min_chars = int(signature.options["min-chars"])
    return [section for section in reuse.sections if section.chars >= min_chars and section.share >= share]


def _finding(signature: ReportSignature, section_index: int, matches: list[_Match]) -> Finding:
    from narrative_qa.rules.copying import peer_source, reuse_evidence, section_message
    from narrative_qa.rules.registry import find_rule

    rule = find_rule(RULE_CODE)
    # The closest other report is named; ties go to the first by path (stable across -j).
    matches = sorted(matches, key=lambda match: (-match.reuse.share, -match.reuse.reused_chars, match.other.path))
    top = matches[0]
    section = signature.sections[section_index]
    message = section_message(section.label, peer_source(Path(top.other.path).name), "相同", top.reuse)
    if len(matches) > 1:
        message += f"；另有 {len(matches) - 1} 份其他单位的报告中该部分也几乎相同"
    evidence = reuse_evidence(top.reuse, top.other.path)
    evidence["batch"] = True
    evidence["other_unit"] = top.other.unit_name
    evidence["others"] = [
        {"file": match.other.path, "unit": match.other.unit_name, "reuse_share": round(match.reuse.share, 3)}
        for match in matches[:MAX_LISTED_OTHERS]
    ]
    start, end, line, column, end_line, end_column = section.anchor
    finding = Finding(
        code=rule.code,
        name=rule.name,
        severity=signature.severity,
        message=message,
        file=signature.path,
        line=line,
        column=column,
        end_line=end_line,
        end_column=end_column,
        section=top.reuse.key,
        evidence=evidence,
        start=start,
        end=end,
    )
    finding.fingerprint = section.fingerprint or finding_fingerprint(finding, "")
    return finding


# ---------------------------------------------------------------- merging into the results


def merge_findings(target: Any, signature: ReportSignature, findings: list[tuple[int, Finding]]) -> list[Finding]:
    """Add a file's batch findings to `target` (a FileResult, or a Scorecard: anything with a
    `findings` list) as the engine would have: suppression comments apply (and a comment that now
    suppresses something no longer counts as unused), the source lines are kept for text output
    when the target keeps them, and the findings stay sorted by position. Returns the findings
    added."""
    from narrative_qa.linting.engine import UNUSED_SUPPRESSION

    kept: list[Finding] = []
    used: set[int] = set()
    lines = getattr(target, "lines", None)
    for index, finding in findings:
        section = signature.sections[index]
        if section.suppressed_by is not None:
            if not section.comment_unknown:
                used.add(section.suppressed_by)
            continue
        kept.append(finding)
        if lines is not None:
            lines.update(section.lines)
    if used:
        target.findings = [f for f in target.findings if not (f.code == UNUSED_SUPPRESSION and f.start in used)]
    target.findings.extend(kept)
    target.findings.sort(key=lambda f: (f.line, f.column, f.end_line, f.end_column, f.code, f.message))
    return kept
