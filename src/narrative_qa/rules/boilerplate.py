"""B rules, boilerplate: sentences and sections that say what every other report says, and
sentences said twice in one report.

A sentence is judged against the corpus model (rules/_text.py computes its tokens, phrase
look-ups and vectors once per report). Wording the form itself imposes — section titles, table
labels, n-grams the model marks as mandatory, and the statements every report must make
(编制依据, 统计期限, 电子版, 联系方式, 信息处理费) — never counts as boilerplate, and a
sentence with any specific mention (a figure, a date, a named unit, document or channel) is
never boilerplate either: it says something about this body's year.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import numpy as np

from narrative_qa.rules._text import (
    PhraseCover,
    ReportAnalysis,
    SentenceInfo,
    analyze_report,
    fingerprint_counts,
    is_required_statement,
    percent,
    section_anchor,
    section_label,
    small_matmul,
    token_share_values,
)
from narrative_qa.rules.registry import Context, Finding, Rule, Severity, rule

# Sections where boilerplate is judged: prose written by the body. The preamble is mostly the
# form's own statements; tables (二三四 of the 2021 format) are not prose.
JUDGED_SECTIONS = frozenset({"overview", "problems", "other", "active_disclosure", "applications", "review_litigation"})

SENTENCE_DEFAULTS: dict[str, Any] = {
    "phrase-share": 0.2,  # a phrase is common when this share of the era's documents use it...
    "phrase-units": 3,  # ...and at least this many distinct units (not one body's yearly copy)
    "min-coverage": 0.7,  # share of the sentence's tokens inside common phrases
    "fingerprint-documents": 5,  # the whole sentence (numbers ignored) in this many documents
    "word-share": 0.15,  # every word at least this common ...
    "mean-word-share": 0.45,  # ... and on average this common: only stock vocabulary
    "min-tokens": 5,  # shorter sentences are headings or lead-ins
    "mandatory-share": 0.6,  # sentences mostly made of the form's own wording are skipped
}


@dataclass(slots=True)
class Verdict:
    """Why a sentence is boilerplate, with the numbers for the evidence."""

    reason: str  # "fingerprint" | "phrases" | "words"
    share: float  # headline share of corpus documents
    documents: int  # documents behind the headline share (0 when it is an average)
    coverage: float
    phrases: list[dict[str, Any]]
    words: list[dict[str, Any]]


def is_candidate(analysis: ReportAnalysis, info: SentenceInfo, options: dict[str, Any]) -> bool:
    """Cheap tests first: only prose sentences long enough, without any specific mention and
    not a required statement, are looked up in the model."""
    return (
        info.section in JUDGED_SECTIONS
        and info.chars >= int(options["min-tokens"])  # a token has at least one character
        and not analysis.specifics(info)
        and not is_required_statement(info.text)
        and len(info.tokens) >= int(options["min-tokens"])  # segmenting last: the costly test
    )


def judge_sentence(
    analysis: ReportAnalysis, info: SentenceInfo, cover: PhraseCover | None, model: Any, options: dict[str, Any]
) -> Verdict | None:
    """The boilerplate verdict of one sentence, or None. Pure: used by B001, B002 and the
    evaluation script alike (`cover` is looked up when not given)."""
    if not is_candidate(analysis, info, options):
        return None
    if cover is None:
        cover = analysis.phrases(model, [info.index])[info.index]
    return _judge(analysis, [info], [cover], model, options)[0]


def _judge(
    analysis: ReportAnalysis, infos: list[SentenceInfo], covers: list[PhraseCover], model: Any, options: dict[str, Any]
) -> list[Verdict | None]:
    """Verdicts of candidate sentences, all at once: which tokens common and mandatory phrases
    cover is a few array operations over the sentences' tokens laid end to end, instead of
    a mask per sentence and a loop per phrase; only the sentences that are boilerplate get
    their evidence built."""
    if not infos:
        return []
    share_floor = float(options["phrase-share"])
    unit_floor = int(options["phrase-units"])
    counts = np.array([cover.tokens for cover in covers], dtype=np.int64)
    offsets = np.concatenate(([0], np.cumsum(counts)))
    total = int(offsets[-1])
    sizes = [len(cover.starts) for cover in covers]
    owner = np.repeat(np.arange(len(covers)), sizes)
    begin = np.concatenate([cover.starts for cover in covers]) + offsets[owner]
    end = begin + np.concatenate([cover.sizes for cover in covers])
    mandatory = np.concatenate([cover.mandatory for cover in covers])
    # As in the rule's definition: a mandatory phrase marks form wording; any other phrase
    # common enough (share and distinct units) marks common wording.
    common = ~mandatory & (np.concatenate([cover.shares for cover in covers]) >= share_floor)
    common &= np.concatenate([cover.units for cover in covers]) >= unit_floor

    def covered(which: np.ndarray) -> np.ndarray:
        # +1 where a phrase starts, -1 where it ends: a token is covered when the running sum > 0.
        steps = np.bincount(begin[which], minlength=total + 1) - np.bincount(end[which], minlength=total + 1)
        return np.cumsum(steps[:total]) > 0

    common_tokens = covered(common)
    form_only = covered(mandatory) & ~common_tokens
    token_owner = np.repeat(np.arange(len(covers)), counts)
    common_counts = np.bincount(token_owner[common_tokens], minlength=len(covers)).tolist()
    form_counts = np.bincount(token_owner[form_only], minlength=len(covers)).tolist()
    used_counts = np.bincount(owner[common], minlength=len(covers)).tolist()
    bounds = np.concatenate(([0], np.cumsum(sizes))).tolist()  # each sentence's n-grams
    fingerprints = fingerprint_counts(model, [info.fingerprint for info in infos])
    mandatory_share = float(options["mandatory-share"])
    fingerprint_floor = int(options["fingerprint-documents"])
    coverage_floor = float(options["min-coverage"])
    verdicts: list[Verdict | None] = []
    for number, info in enumerate(infos):
        count = int(counts[number])
        if form_counts[number] >= mandatory_share * count:
            verdicts.append(None)  # the form's own wording (titles, labels), not the writer's
            continue
        judged = max(1, count - form_counts[number])
        coverage = float(common_counts[number]) / judged
        documents = fingerprints[number]
        used = common[bounds[number] : bounds[number + 1]]
        if documents >= fingerprint_floor:
            phrases = _used_phrases(covers[number], used, info.tokens, model)
            verdicts.append(Verdict("fingerprint", documents / model.n_documents, documents, coverage, phrases, []))
            continue
        if coverage >= coverage_floor and used_counts[number]:
            phrases = _used_phrases(covers[number], used, info.tokens, model)
            headline = float(np.mean([phrase["share"] for phrase in phrases]))
            verdicts.append(Verdict("phrases", headline, 0, coverage, phrases, []))
            continue
        verdicts.append(_word_verdict(info.tokens, coverage, covers[number], used, model, options))
    return verdicts


def _word_verdict(
    tokens: list[str], coverage: float, cover: PhraseCover, common: np.ndarray, model: Any, options: dict[str, Any]
) -> Verdict | None:
    """The "only stock vocabulary" verdict: every word common, and common on average."""
    shares = token_share_values(model)
    index = model.token_index
    floor = float(options["word-share"])
    for token in tokens:  # most sentences have a rare word: settle those without the full lists
        if token != "<NUM>":
            position = index.get(token)
            if (0.0 if position is None else shares[position]) < floor:
                return None
    words = [(token, shares[index[token]] if token in index else 0.0) for token in tokens]
    values = [share for token, share in words if token != "<NUM>"]
    if values and min(values) >= float(options["word-share"]) and float(np.mean(values)) >= float(options["mean-word-share"]):
        distinct = sorted({token: share for token, share in words if token != "<NUM>"}.items(), key=lambda item: -item[1])
        return Verdict(
            "words",
            float(np.mean(values)),
            0,
            coverage,
            _used_phrases(cover, common, tokens, model),
            [{"text": token, "share": round(share, 3)} for token, share in distinct],
        )
    return None


def _used_phrases(cover: PhraseCover, common: np.ndarray, tokens: list[str], model: Any) -> list[dict[str, Any]]:
    """The evidence phrases of one sentence: its common phrases (`common` marks them among
    the cover's n-grams), maximal ones only."""
    phrases = cover.phrases
    return _evidence_phrases([phrase for phrase, used in zip(phrases, common.tolist()) if used], tokens, model)


def _evidence_phrases(used: list[Any], tokens: list[str], model: Any) -> list[dict[str, Any]]:
    """The maximal common phrases (not inside a longer one), most common first, with text."""
    # A phrase is inside a longer one when some used (start, size) with a larger size starts
    # at most where it starts and ends at least where it ends: a few set look-ups per phrase
    # (sizes are 2..4) instead of comparing every pair of phrases.
    spans = {(phrase.start, phrase.size) for phrase in used}
    longest = max((phrase.size for phrase in used), default=0)
    maximal = [
        phrase
        for phrase in used
        if not any(
            (start, size) in spans
            for size in range(phrase.size + 1, longest + 1)
            for start in range(phrase.start + phrase.size - size, phrase.start + 1)
        )
    ]
    seen: set[int] = set()
    found: list[dict[str, Any]] = []
    for phrase in sorted(maximal, key=lambda item: (-item.share, item.start)):
        if phrase.key in seen:
            continue
        seen.add(phrase.key)
        text = model.phrase_text(phrase.key) or "".join(tokens[phrase.start : phrase.start + phrase.size]).replace("<NUM>", "N")
        found.append({"text": text, "share": round(phrase.share, 3), "documents": phrase.documents})
    return found


def boilerplate_verdicts(context: Context, options: dict[str, Any]) -> tuple[ReportAnalysis, list[Verdict | None]]:
    """Verdicts of every sentence, computed once per report, model and options (B001 and B002
    share them)."""
    analysis = analyze_report(context.report)
    model = context.model

    def compute() -> list[Verdict | None]:
        rows = [info.index for info in analysis.sentences if is_candidate(analysis, info, options)]
        covers = analysis.phrases(model, rows)
        verdicts: list[Verdict | None] = [None] * len(analysis.sentences)
        judged = _judge(analysis, [analysis.sentences[row] for row in rows], [covers[row] for row in rows], model, options)
        for row, verdict in zip(rows, judged):
            verdicts[row] = verdict
        return verdicts

    key = ("boilerplate", tuple(sorted((name, repr(value)) for name, value in options.items())))
    return analysis, analysis.memo(key, model, compute)


def _message(verdict: Verdict) -> str:
    if verdict.reason == "fingerprint":
        return f"套话：整句（不计数字）见于语料中 {verdict.documents} 份报告（{percent(verdict.share)}），没有本单位本年度的具体内容"
    if verdict.reason == "phrases":
        shown = "、".join(f"“{phrase['text']}”（{percent(phrase['share'])}）" for phrase in verdict.phrases[:3])
        return f"套话：这句话由语料中的常见短语组成，平均见于语料中 {percent(verdict.share)} 的报告：{shown}；没有数字、日期、单位或文件等具体内容"
    shown = "、".join(word["text"] for word in verdict.words[:6])
    return f"套话：句中没有数字、日期、单位或文件等具体内容，所用词语（{shown}）都是语料中的常用词，平均见于 {percent(verdict.share)} 的报告"


@rule("B001", "boilerplate-sentence", Severity.INFO, defaults=SENTENCE_DEFAULTS, needs_model=True)
def boilerplate_sentence(context: Context, rule: Rule) -> Iterator[Finding]:
    """套话句：由语料中大量报告共用的说法组成、没有任何本单位本年度具体内容的句子。

    为什么：国办公开办函〔2021〕30号要求年度报告内容“不能遗漏，也不宜泛化”；审核中“内容空泛”
    是最常见的退回理由之一。一句话满足以下任一条件、且没有数字、日期、单位名称、文件或渠道名称时报告：
    整句（不计数字、标点）见于语料中至少 fingerprint-documents（默认 5）份报告；或句中至少
    min-coverage（默认 70%）的词落在常见短语里（常见：见于本时期至少 phrase-share＝20% 的报告、
    且至少 phrase-units＝3 个单位使用）；或句中每个词都见于至少 word-share＝15% 的报告、平均见于
    mean-word-share＝45% 以上的报告（只用了通用词）。默认值按语料选定：在按单位留出的模型下，语料叙述句
    约 8% 被标记，与至少 3 个其他单位的报告中几乎相同的句子约 80% 被标记（benchmarks/eval_text_rules.py）。
    表格标签、章节标题、模型标记为格式用语的短语，以及编制依据、统计期限、电子版、联系方式、
    信息处理费等规定表述不计为套话。证据中给出整句或短语见于语料中报告的比例。
    （依据：国办公开办函〔2021〕30号 年度报告内容“不能遗漏，也不宜泛化”）

    示例：“下一步，我局将进一步加强政务公开工作，不断提升政府信息公开工作水平。”
    修改：写出具体做法：“2025年3月前举办政务公开专题培训2期，覆盖各科室信息员12人。”
    """
    options = context.options(rule)
    analysis, verdicts = boilerplate_verdicts(context, options)
    for info, verdict in zip(analysis.sentences, verdicts):
        if verdict is None:
            continue
        evidence: dict[str, Any] = {
            "reason": verdict.reason,
            "corpus_share": round(verdict.share, 3),
            "corpus_documents": context.model.n_documents,
            "phrase_coverage": round(verdict.coverage, 3),
            "phrases": verdict.phrases[:5],
        }
        if verdict.reason == "fingerprint":
            evidence["sentence_documents"] = verdict.documents
        if verdict.words:
            evidence["words"] = verdict.words[:8]
        yield rule.finding(context, info.span, _message(verdict), section=info.section, evidence=evidence)


# Reference distribution of the boilerplate share (characters of boilerplate sentences over
# the section's narrative characters) in real reports: percentiles 50/75/90/95 per section,
# measured by benchmarks/eval_text_rules.py --calibrate over the 2021-format corpus with a
# model built without each evaluated unit (leave-units-out). Configurable as `reference`.
SECTION_REFERENCE: dict[str, list[float]] = {
    "overview": [0.0, 0.036, 0.066, 0.086],
    "problems": [0.011, 0.112, 0.19, 0.27],
    "other": [0.0, 0.0, 0.0, 0.0],
}
SECTION_DEFAULTS: dict[str, Any] = {
    "min-share": 0.5,  # at least half the section's prose is boilerplate ...
    "min-percentile": 95.0,  # ... and that is above the 95th percentile of the corpus
    "min-chars": 40,
    "reference": SECTION_REFERENCE,
}


def reference_percentile(value: float, quantiles: list[float]) -> float:
    """Percentile of `value` against the stored 50/75/90/95 percentiles (linear in between,
    100 beyond the last point that is still below it)."""
    points = [(50.0, quantiles[0]), (75.0, quantiles[1]), (90.0, quantiles[2]), (95.0, quantiles[3])]
    if value <= points[0][1]:
        return 50.0 if value > 0 else 0.0
    for (low_p, low_v), (high_p, high_v) in zip(points, points[1:]):
        if value <= high_v:
            return low_p + (high_p - low_p) * (value - low_v) / max(high_v - low_v, 1e-9)
    return 100.0 if value > points[-1][1] else 95.0


@rule("B002", "boilerplate-section", Severity.WARNING, defaults=SECTION_DEFAULTS, needs_model=True)
def boilerplate_section(context: Context, rule: Rule) -> Iterator[Finding]:
    """套话段：一个部分的叙述中套话句所占比例远高于语料中同一部分的一般水平。

    为什么：个别套话在所难免，一整段都是套话则说明这一部分没有写本单位本年度的工作，正是
    国办公开办函〔2021〕30号所说的“泛化”。以字数计算套话句（见 boilerplate-sentence）所占比例，
    比例至少 min-share（默认 50%）且高于语料同一部分的 min-percentile（默认第 95 百分位）时报告；
    语料参照分布（reference，第 50/75/90/95 百分位）由 benchmarks/eval_text_rules.py --calibrate
    在 2021 年格式语料上按单位留出计算。证据给出比例、百分位和套话句数。
    （依据：国办公开办函〔2021〕30号“不宜泛化”；《政府信息公开条例》第五十条）

    示例：“五、存在的主要问题及改进情况”四句话中三句是“有待进一步提高”“加强培训”一类说法。
    修改：逐条写出本单位本年度发现的具体问题（哪类信息、哪个栏目、多少条）和对应的整改措施、时限。
    """
    options = context.options(rule)
    sentence_rule = _sentence_rule()
    sentence_options = context.options(sentence_rule) if sentence_rule else dict(SENTENCE_DEFAULTS)
    analysis, verdicts = boilerplate_verdicts(context, sentence_options)
    reference: dict[str, list[float]] = options["reference"]
    report = context.report
    totals: dict[int, list[int]] = {}
    for info, verdict in zip(analysis.sentences, verdicts):
        if info.section not in reference:
            continue
        entry = totals.setdefault(info.section_index, [0, 0, 0, 0])
        entry[0] += info.chars
        entry[2] += 1
        if verdict is not None:
            entry[1] += info.chars
            entry[3] += 1
    for section_index, (chars, boiler_chars, sentences, boiler_sentences) in sorted(totals.items()):
        if chars < int(options["min-chars"]):
            continue
        share = boiler_chars / chars
        section = report.sections[section_index]
        percentile = reference_percentile(share, reference[section.key])
        if share < float(options["min-share"]) or percentile < float(options["min-percentile"]):
            continue
        yield rule.finding(
            context,
            section_anchor(section),
            f"{section_label(report, section_index)}的叙述中套话句占 {percent(share)}（{boiler_sentences}/{sentences} 句），"
            f"高于语料中同一部分的第 {percentile:.0f} 百分位",
            section=section.key,
            evidence={
                "boilerplate_share": round(share, 3),
                "percentile": round(percentile, 1),
                "boilerplate_sentences": boiler_sentences,
                "sentences": sentences,
                "reference_percentiles": dict(zip(("p50", "p75", "p90", "p95"), reference[section.key])),
            },
        )


def _sentence_rule() -> Rule | None:
    from narrative_qa.rules.registry import find_rule

    return find_rule("B001")


def bigram_cosines(texts: list[str]) -> np.ndarray:
    """Cosine of every pair of texts' character-bigram count vectors (n x n, exact).

    Counts are small integers, so in float64 every dot product and squared norm is exact and
    each cosine is the correctly rounded quotient dot / sqrt(|a|^2 |b|^2): the very value a
    dictionary loop gives, here from one small matrix product. Only bigrams shared by two
    texts or more take a column (the others add to a norm but to no dot product), which keeps
    the matrix a few hundred columns wide. An empty vector has cosine 0 with everything.
    """
    count = len(texts)
    lengths = np.fromiter(map(len, texts), dtype=np.int64, count=count)
    # One pass over all texts at once: code points, "\n" between texts (normalised sentences
    # hold no whitespace), a bigram = two neighbouring code points of one text.
    codes = np.frombuffer("\n".join(texts).encode("utf-32-le"), dtype=np.uint32).astype(np.int64)
    rows = np.repeat(np.arange(count), lengths + 1)[: max(len(codes) - 1, 0)]
    keys = codes[:-1] * 0x110000 + codes[1:]
    inside = (codes[:-1] != 10) & (codes[1:] != 10)
    rows, keys = rows[inside], keys[inside]
    squared = np.zeros(count, dtype=np.float64)
    # Per (text, bigram): its count; per text: the sum of squared counts (|a|^2).
    pair_keys, pair_counts = np.unique(rows * (1 << 42) + keys, return_counts=True)
    np.add.at(squared, pair_keys >> 42, pair_counts.astype(np.float64) ** 2)
    pair_rows, pair_grams = pair_keys >> 42, pair_keys & ((1 << 42) - 1)
    grams, column, texts_with = np.unique(pair_grams, return_inverse=True, return_counts=True)
    shared = texts_with[column] >= 2
    columns = np.cumsum(texts_with >= 2) - 1  # column of each shared bigram
    matrix = np.zeros((count, int((texts_with >= 2).sum())), dtype=np.float64)
    matrix[pair_rows[shared], columns[column[shared]]] = pair_counts[shared]
    dots = small_matmul(matrix, matrix.T)
    np.fill_diagonal(dots, squared)  # a text's unshared bigrams count in its dot with itself
    norms = np.sqrt(np.multiply.outer(squared, squared))
    return np.divide(dots, norms, out=np.zeros_like(dots), where=norms > 0)


REDUNDANT_DEFAULTS: dict[str, Any] = {"min-chars": 15, "similarity": 0.9, "length-ratio": 0.75}


@rule("B003", "redundant-sentence", Severity.WARNING, defaults=REDUNDANT_DEFAULTS)
def redundant_sentence(context: Context, rule: Rule) -> Iterator[Finding]:
    """同一报告中同一句话（或几乎相同的话）出现了两次。

    为什么：重复的句子多是复制粘贴留下的痕迹，读者会怀疑报告没有认真核对；审核中与“照搬照抄”
    一并指出。比较至少 min-chars（默认 15）个汉字的叙述句：去掉数字、空格和标点后完全相同，或
    字二元组向量的余弦相似度至少 similarity（默认 0.9）且长度相近（短句至少为长句的
    length-ratio＝75%）即视为重复；报告后一次出现，
    证据给出第一次出现的行号和相似度。编制依据、统计期限等规定表述和正文前的标题不比较。
    （依据：国办公开办函〔2021〕30号 年度报告格式；审核中对“照搬照抄”的通行要求）

    示例：第一部分写“严格落实信息发布审核制度，确保公开信息准确。”，第五部分又原样写了一遍。
    修改：删除重复的一句，或改写为不同的具体内容。
    """
    options = context.options(rule)
    analysis = analyze_report(context.report)
    min_chars = int(options["min-chars"])
    rows = [
        info.index
        for info in analysis.sentences
        if info.chars >= min_chars and info.section != "preamble" and not is_required_statement(info.text)
    ]
    if len(rows) < 2:
        return
    infos = [analysis.sentences[row] for row in rows]
    # Character bigrams of the normalised sentence: near-duplicates differ by a word or two,
    # which needs no segmentation (and no model) to see.
    threshold = float(options["similarity"])
    chars = np.array([info.chars for info in infos], dtype=np.float64)
    similar_length = np.minimum.outer(chars, chars) >= float(options["length-ratio"]) * np.maximum.outer(chars, chars)
    similar_length = np.triu(similar_length, k=1)  # [i, j] with i < j: j is the later sentence
    similarity = np.where(similar_length, bigram_cosines([info.normalised for info in infos]), 0.0)
    candidates = similar_length & (similarity >= threshold)
    first_of: dict[int, int] = {}
    for position, info in enumerate(infos):
        if info.fingerprint is not None:
            earlier = first_of.setdefault(info.fingerprint, position)
            if earlier != position:
                candidates[earlier, position] = True
    reported: set[int] = set()
    for later in np.nonzero(candidates.any(axis=0))[0].tolist():
        earlier_positions = [e for e in np.nonzero(candidates[:, later])[0].tolist() if e not in reported]
        if not earlier_positions:
            continue
        earlier_position = earlier_positions[0]
        info, earlier = infos[later], infos[earlier_position]
        same = info.fingerprint is not None and info.fingerprint == earlier.fingerprint
        score = float(similarity[earlier_position, later])
        reported.add(later)
        yield rule.finding(
            context,
            info.span,
            f"这句话与第 {earlier.span.line} 行的句子{'相同' if same else '几乎相同'}（相似度 {score:.2f}）",
            section=info.section,
            evidence={
                "first_line": earlier.span.line,
                "first_section": earlier.section,
                "similarity": round(score, 3),
                "identical": same,
            },
        )
