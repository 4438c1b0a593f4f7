"""One analysis of a report's narrative, shared by the B and Q rules.

Segmenting is the costly step of every text rule (jieba), so each sentence is tokenised at
most once per report — lazily, on the first rule that needs its tokens, so sentences no rule
needs (a figure-laden sentence of 一 when no --previous is given) are never segmented — and
the result is cached here, keyed by the report object: the boilerplate, copying and
specificity rules (and last year's / the compared reports) all read the same
`ReportAnalysis`. Phrase look-ups and verdicts depend on the corpus model, so they are cached
per model inside the analysis. No sklearn or spaCy: numpy matrices over the report's own terms.

Only narrative sentences are analysed: the statistics tables' text (sections 二三四 of the
2021 format, whose "sentences" are flattened table rows), sub-topic headings standing alone
("（一）存在问题。") and text without Chinese are left out.
"""

from __future__ import annotations

import math
import re
from collections import OrderedDict
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

import numpy as np

from narrative_qa.corpus.hashing import normalise_sentence, phrase_key, stable_hash
from narrative_qa.document.model import Report, Section, Sentence, Span
from narrative_qa.nlp.features import chinese_chars, has_specifics

# Sections whose sentences are prose in every era. Sections 二三四 are tables in the 2021
# format (their "sentences" are table residue) but prose in the 2019 trial format.
NARRATIVE_SECTIONS = frozenset({"preamble", "overview", "problems", "other", "unknown"})
TABLE_SECTIONS = frozenset({"active_disclosure", "applications", "review_litigation"})
NGRAM_RANGE = (2, 4)  # must match the model's phrase n-grams (corpus.build.NGRAM_RANGE)
_CACHE_SIZE = 32  # the report, last year's, the --compare reports of a batch

# Table residue inside prose sections (a table pasted into 一 or 五): the form's own labels.
_TABLE_TEXT = re.compile(
    r"勾稽关系|钩稽关系|本年新收政府信息公开申请数量|上年结转政府信息公开申请数量|本年制发件数|"
    r"本年处理决定数量|本年收费金额|结果维持|结果纠正|第二十条第"
)


@dataclass(slots=True)
class SentenceInfo:
    """A narrative sentence with what every text rule needs, computed once."""

    index: int  # position among the report's analysed sentences
    sentence: Sentence
    section: str  # section key
    section_index: int  # index into report.sections
    subtopic: str | None  # title of the sub-topic it belongs to, if any
    core: str  # the text without a leading list marker (一是, （二）, 3.)
    fingerprint: int | None
    chars: int  # Chinese characters
    normalised: str  # `core` as fingerprints see it (corpus.hashing.normalise_sentence)
    _tokens: list[str] | None = None

    @property
    def tokens(self) -> list[str]:
        """Content tokens (segment.content_tokens of `core`), segmented on first use and kept:
        rules that need only some sentences (五, sentences without specifics) never pay for
        the others."""
        if self._tokens is None:
            from narrative_qa.nlp.segment import get_segmenter

            self._tokens = get_segmenter().content_tokens(self.core)
        return self._tokens

    @property
    def text(self) -> str:
        return self.sentence.text

    @property
    def span(self) -> Span:
        return self.sentence.span


@dataclass(slots=True)
class ReportAnalysis:
    report: Report
    sentences: list[SentenceInfo]
    _per_model: dict[Any, Any] = field(default_factory=dict)
    _specifics: dict[int, bool] = field(default_factory=dict)

    def in_section(self, key: str) -> list[SentenceInfo]:
        return [info for info in self.sentences if info.section == key]

    def in_section_index(self, index: int) -> list[SentenceInfo]:
        return [info for info in self.sentences if info.section_index == index]

    def specifics(self, info: SentenceInfo) -> bool:
        """Whether a sentence has any specific mention (figure, date, unit, document, channel):
        the first match of any pattern settles it, so no full count is needed."""
        found = self._specifics.get(info.index)
        if found is None:
            found = has_specifics(info.text)
            self._specifics[info.index] = found
        return found

    def phrases(self, model: Any, rows: Sequence[int] | None = None) -> dict[int, PhraseCover]:
        """Per sentence index: which tokens are covered by common or mandatory corpus phrases.
        Only `rows` (default: all) are looked up; results are cached, so callers that need a
        few sentences do not pay for hashing every n-gram of the report."""
        key = -id(model)
        cached = self._per_model.get(key)
        if cached is None or cached[0] is not model:
            cached = (model, {})
            self._per_model[key] = cached
        covers: dict[int, PhraseCover] = cached[1]
        wanted = range(len(self.sentences)) if rows is None else rows
        missing = [row for row in wanted if row not in covers]
        if missing:
            covers.update(phrase_covers(self, model, missing))
        return covers

    def memo(self, key: Any, model: Any, compute: Any) -> Any:
        """A per-report, per-model cached value (e.g. boilerplate verdicts shared by B001/B002)."""
        cache_key = (key, id(model))
        cached = self._per_model.get(cache_key)
        if cached is None or cached[0] is not model:
            cached = (model, compute())
            self._per_model[cache_key] = cached
        return cached[1]


_cache: OrderedDict[int, ReportAnalysis] = OrderedDict()


def analyze_report(report: Report) -> ReportAnalysis:
    """The report's analysis, computed on first use and cached (a few recent reports are kept;
    the cache holds the report itself, so an id is never reused while cached)."""
    key = id(report)
    cached = _cache.get(key)
    if cached is not None and cached.report is report:
        _cache.move_to_end(key)
        return cached
    analysis = _analyze(report)
    _cache[key] = analysis
    while len(_cache) > _CACHE_SIZE:
        _cache.popitem(last=False)
    return analysis


def is_narrative_section(report: Report, section: Section) -> bool:
    if section.key in NARRATIVE_SECTIONS:
        return True
    # In the 2019 trial format 二三四 hold prose and no tables.
    return section.key in TABLE_SECTIONS and report.era not in ("2021format",)


def _analyze(report: Report) -> ReportAnalysis:
    infos: list[SentenceInfo] = []
    for section_index, section in enumerate(report.sections):
        if not is_narrative_section(report, section):
            continue
        subtopics = [(topic.span.start, topic.span.end, topic.heading.title) for topic in section.subtopics]
        # Titled sub-topics only: with 一是/二是 markers the "title" is the whole first sentence.
        headings = [
            (topic.heading.span.start, topic.heading.span.end)
            for topic in section.subtopics
            if not _LIST_MARKER.match(report.text, topic.heading.span.start)
        ]
        for sentence in section.sentences:
            text = sentence.text
            chars = chinese_chars(text)
            if chars < 4 or _TABLE_TEXT.search(text):
                continue
            span = sentence.span
            # A sub-topic heading standing alone ("（一）存在问题。") is a title, not prose.
            if any(low <= span.start and span.end <= high + 1 for low, high in headings):
                continue
            start = sentence.span.start
            # List markers (一是, （二）, 3.) say nothing: "四是X" and "X" are the same sentence.
            core = _LEADING_MARKER.sub("", text, count=1)
            normalised = normalise_sentence(core)
            subtopic = next((title for low, high, title in subtopics if low <= start < high), None)
            infos.append(
                SentenceInfo(
                    index=len(infos),
                    sentence=sentence,
                    section=section.key,
                    section_index=section_index,
                    subtopic=subtopic,
                    core=core,
                    fingerprint=_fingerprint(normalised),
                    chars=chars,
                    normalised=normalised,
                )
            )
    return ReportAnalysis(report=report, sentences=infos)


def _fingerprint(normalised: str) -> int | None:
    """corpus.hashing.sentence_fingerprint of a sentence already normalised (the normalised
    text is kept for redundant-sentence, so it is computed once)."""
    return stable_hash(normalised) if len(normalised) >= 2 else None


# ------------------------------------------------------------------ vectors


def tfidf_rows(token_lists: Sequence[Sequence[str]], model: Any, columns: dict[str, int] | None = None) -> np.ndarray:
    """Dense L2-normalised TF-IDF rows over the given sentences' own terms (a few hundred
    columns), so pairwise similarities are one matrix product instead of dict loops."""
    if columns is None:
        columns = {}
        for tokens in token_lists:
            for token in tokens:
                if token not in columns:
                    columns[token] = len(columns)
    return _rows(token_lists, columns, _idf_array(model, list(columns)))


def _idf_array(model: Any, terms: list[str]) -> np.ndarray:
    """IDF of each term from the model (vectorised); uniform weights without a model."""
    if model is None or not terms:
        return np.ones(len(terms), dtype=np.float64)
    index = model.token_index
    positions = np.array([index.get(term, -1) for term in terms], dtype=np.int64)
    unseen = math.log((1 + model.n_documents) / 1) + 1.0  # as Model.idf for unknown tokens
    values = model.arrays["idf"][np.maximum(positions, 0)]
    return np.where(positions >= 0, values, unseen).astype(np.float64)


def _rows(token_lists: Sequence[Sequence[str]], columns: dict[str, int], idf: np.ndarray) -> np.ndarray:
    matrix = np.zeros((len(token_lists), len(columns)), dtype=np.float64)
    rows = [row for row, tokens in enumerate(token_lists) for _ in tokens]
    cols = [columns[token] for tokens in token_lists for token in tokens]
    if cols:
        np.add.at(matrix, (np.array(rows), np.array(cols)), 1.0)
        matrix *= idf[None, :]
        norms = np.linalg.norm(matrix, axis=1)
        norms[norms == 0] = 1.0
        matrix /= norms[:, None]
    return matrix


_blas: list[Any] = []  # [ThreadpoolController or None], created on first use


def small_matmul(first: np.ndarray, second: np.ndarray) -> np.ndarray:
    """`first @ second` for the small matrices of one report, on one BLAS thread.

    OpenBLAS starts a thread per core for every product; on a busy machine (several lint jobs,
    other processes) waking and joining those threads costs ~100x the arithmetic of a
    200 x 1024 product. threadpoolctl (installed with scikit-learn; optional here) limits the
    product to the calling thread; without it the product runs as numpy decides.
    """
    if not _blas:
        try:
            from threadpoolctl import ThreadpoolController

            _blas.append(ThreadpoolController())
        except Exception:  # not installed, or it cannot inspect this platform's libraries
            _blas.append(None)
    controller = _blas[0]
    if controller is None:
        return first @ second
    with controller.limit(limits=1, user_api="blas"):
        return first @ second


def cross_similarity(first: ReportAnalysis, first_rows: Sequence[int], second: ReportAnalysis, second_rows: Sequence[int], model: Any) -> np.ndarray:
    """Cosine of every sentence of `first_rows` (in `first`) with every one of `second_rows`,
    TF-IDF weighted with the model's IDF (uniform without a model)."""
    if not first_rows or not second_rows:
        return np.zeros((len(first_rows), len(second_rows)))
    left = [first.sentences[row].tokens for row in first_rows]
    right = [second.sentences[row].tokens for row in second_rows]
    matrix = tfidf_rows(left + right, model)
    return small_matmul(matrix[: len(left)], matrix[len(left) :].T)


# ------------------------------------------------------------------ phrases


@dataclass(slots=True)
class Phrase:
    start: int  # token index
    size: int
    share: float  # share of the corpus documents (of the report's era when it has enough)
    documents: int
    units: int
    mandatory: bool
    key: int


@dataclass(slots=True)
class PhraseCover:
    """What the corpus phrases say about one sentence's tokens."""

    phrases: list[Phrase]  # every n-gram the model keeps
    tokens: int


_share_cache: dict[tuple[int, str], tuple[Any, np.ndarray, int]] = {}


def _phrase_totals(model: Any, era: str) -> tuple[np.ndarray, int]:
    """Per phrase: documents containing it in the era's years (the whole corpus when the era
    has fewer than 10 documents), and how many documents that is. Cached per model."""
    key = (id(model), era)
    cached = _share_cache.get(key)
    if cached is not None and cached[0] is model:
        return cached[1], cached[2]
    columns = [column for column, entry in enumerate(model.year_eras) if entry == era]
    total = sum(model.year_documents[column] for column in columns)
    if total < 10:
        columns = list(range(len(model.years)))
        total = model.n_documents
    counts = model.arrays["phrase_df"][:, columns].sum(axis=1).astype(np.int64)
    _share_cache[key] = (model, counts, total)
    return counts, total


_key_cache: dict[tuple[str, ...], int] = {}
_KEY_CACHE_SIZE = 500_000


def _phrase_key(gram: tuple[str, ...]) -> int:
    """phrase_key with a process-wide memo: the same n-grams recur in every report of a batch,
    and hashing them (blake2b) is the costliest step of the phrase look-up."""
    key = _key_cache.get(gram)
    if key is None:
        if len(_key_cache) >= _KEY_CACHE_SIZE:
            _key_cache.clear()
        key = _key_cache[gram] = phrase_key(gram)
    return key


def phrase_covers(analysis: ReportAnalysis, model: Any, rows: Sequence[int]) -> dict[int, PhraseCover]:
    """Look every n-gram of the given sentences up in the model at once (one vectorised binary
    search instead of one per n-gram)."""
    low, high = NGRAM_RANGE
    # One entry per n-gram in four parallel lists (sentence, start, size, key): this loop runs
    # over every n-gram of every candidate sentence, so it builds no per-n-gram tuple but the
    # n-gram itself (zip over shifted slices builds those in C).
    located_rows: list[int] = []
    located_starts: list[int] = []
    located_sizes: list[int] = []
    located_keys: list[int] = []
    known = _key_cache
    for row in rows:
        tokens = analysis.sentences[row].tokens
        for size in range(low, high + 1):
            grams = list(zip(*(tokens[offset:] for offset in range(size))))
            if not grams:
                continue
            found = list(map(known.get, grams))
            if None in found:  # not hashed yet in this process (blake2b: the costly part)
                found = [_phrase_key(gram) if key is None else key for gram, key in zip(grams, found)]
            located_keys.extend(found)
            located_rows.extend([row] * len(grams))
            located_starts.extend(range(len(grams)))
            located_sizes.extend([size] * len(grams))
    covers = {row: PhraseCover(phrases=[], tokens=len(analysis.sentences[row].tokens)) for row in rows}
    if not located_keys or model is None:
        return covers
    keys = model.arrays["phrase_keys"]
    wanted = np.array(located_keys, dtype=np.uint64)
    positions = np.minimum(np.searchsorted(keys, wanted), len(keys) - 1)
    found = keys[positions] == wanted
    counts, total = _phrase_totals(model, analysis.report.era)
    flags = model.arrays["phrase_flags"]
    units = model.arrays["phrase_units"]
    hits = np.nonzero(found)[0]
    hit_positions = positions[hits]
    hit_counts = counts[hit_positions].tolist()
    hit_units = units[hit_positions].tolist()
    hit_flags = (flags[hit_positions] & 1).tolist()
    lists = {row: cover.phrases for row, cover in covers.items()}
    for entry, documents, unit_count, flag in zip(hits.tolist(), hit_counts, hit_units, hit_flags):
        lists[located_rows[entry]].append(
            Phrase(
                located_starts[entry],  # start
                located_sizes[entry],  # size
                documents / total if total else 0.0,  # share
                documents,
                unit_count,  # units
                bool(flag),  # mandatory
                located_keys[entry],  # key
            )
        )
    return covers


# ------------------------------------------------------------------ problems and measures in 五

_LIST_MARKER = re.compile(r"\s*[一二三四五六七八九十]{1,3}是")
_LEADING_MARKER = re.compile(r"^\s*(?:[（(]\s*[一二三四五六七八九十\d]{1,3}\s*[)）]|[一二三四五六七八九十]{1,3}是|\d{1,2}\s*[.．、](?!\d))\s*")
_PROBLEM_HEAD = re.compile(r"存在的?(主要)?问题|主要问题|问题(和|与|及)?不足|不足之处|存在不足|问题方面|工作中的不足")
_MEASURE_HEAD = re.compile(r"改进措施|改进情况|改进方向|改进计划|整改措施|下一步|今后|工作打算|工作计划|努力方向|工作思路|措施|举措|改进")
_RECTIFIED_HEAD = re.compile(r"上一?年度?.{0,6}问题.{0,6}(整改|改进)|整改情况")
_PROBLEM_CUE = re.compile(
    r"不够|不足|有待|欠缺|薄弱|差距|不到位|滞后|单一|不高|不强|不全|不及时|不规范|不充分|不深|不平衡|不完善|不统一|仍需|还需|尚需|仍有|存在"
    r"|未(?!来)|没有|缺乏|缺少|较弱|较低|偏少|偏低|超过"
)
_MEASURE_CUE = re.compile(r"^.{0,12}(将|要|加强|进一步|持续|继续|推进|完善|提升|强化|加大|做好|确保|拓展|丰富|着力|坚持|围绕|深化|规范|严格)")


def split_problems(analysis: ReportAnalysis, section_index: int) -> tuple[list[SentenceInfo], list[SentenceInfo]]:
    """(problem sentences, measure sentences) of one 五 section, by its sub-topic titles and
    lead-ins ("存在问题：", "改进措施："), falling back to wording cues for sentences before
    any marker. Sentences about last year's rectification belong to neither."""
    problems: list[SentenceInfo] = []
    measures: list[SentenceInfo] = []
    state: str | None = None
    current_topic: str | None = None
    for info in analysis.in_section_index(section_index):
        if info.subtopic != current_topic:
            current_topic = info.subtopic
            # A titled sub-topic (（一）存在问题 / （二）改进措施) sets the state; a list item
            # whose "title" names neither keeps it.
            state = _state_of(info.subtopic or "") or state
        lead = info.text[:16]
        lead_state = _state_of(lead)
        if lead_state is not None:
            state = lead_state
        kind = state
        if kind is None:
            if _PROBLEM_CUE.search(info.text) and not _MEASURE_CUE.search(info.text):
                kind = "problem"
            elif _MEASURE_CUE.search(info.text):
                kind = "measure"
        if kind == "problem":
            problems.append(info)
        elif kind == "measure":
            measures.append(info)
    return problems, measures


def _state_of(text: str) -> str | None:
    if _RECTIFIED_HEAD.search(text):
        return "rectified"
    problem = _PROBLEM_HEAD.search(text)
    measure = _MEASURE_HEAD.search(text)
    if problem and measure:
        return "problem" if problem.start() < measure.start() else "measure"
    if problem:
        return "problem"
    if measure:
        return "measure"
    return None


def problems_section_indexes(report: Report) -> list[int]:
    return [index for index, section in enumerate(report.sections) if section.key == "problems"]


# ------------------------------------------------------------------ mandatory statements


def required_statement_patterns() -> list[re.Pattern[str]]:
    """Patterns of the statements the format requires in every report (编制依据, 统计期限,
    电子版, 联系方式, 信息处理费), from the required-statements rulebook: such sentences are
    the same everywhere by design and never count as boilerplate or as copying."""
    global _required
    if _required is None:
        from narrative_qa.required.rulebook import builtin_rulebook

        patterns: list[re.Pattern[str]] = []
        for entry in builtin_rulebook():
            if entry.id not in _FORM_STATEMENTS:
                continue
            patterns.extend(entry.patterns)
            patterns.extend(re.compile(re.escape(phrase)) for phrase in entry.phrases)
        _required = patterns
    return _required


_FORM_STATEMENTS = frozenset({"basis", "statistics-period", "electronic-copy", "contact", "processing-fee"})
_required: list[re.Pattern[str]] | None = None
_SPACES = re.compile(r"\s+")


@lru_cache(maxsize=8192)
def is_required_statement(text: str) -> bool:
    compact = _SPACES.sub("", text)
    return any(pattern.search(compact) for pattern in required_statement_patterns())


def section_label(report: Report, section_index: int) -> str:
    from narrative_qa.document.model import SECTION_TITLES

    section = report.sections[section_index]
    if section.heading is not None:
        ordinal = "一二三四五六七八九十"[section.heading.ordinal - 1] + "、" if section.heading.ordinal and 0 < section.heading.ordinal <= 10 else ""
        return f"“{ordinal}{section.heading.title}”"
    if section.key == "preamble":
        return "报告开头"
    return f"“{SECTION_TITLES.get(section.key, section.key)}”"


def section_anchor(section: Section) -> Span:
    """Where a finding about a whole section points: its heading (or the body start)."""
    return section.heading.span if section.heading is not None else section.body


def percent(value: float) -> str:
    return f"{100.0 * value:.0f}%"




# ------------------------------------------------------------------ word commonness

_token_share_cache: dict[int, tuple[Any, np.ndarray]] = {}


def token_shares(model: Any) -> np.ndarray:
    """Document share of every vocabulary token, recovered from the model's smooth IDF
    (idf = ln((1 + n) / (1 + df)) + 1, so df = (1 + n) / e^(idf - 1) - 1). Cached per model."""
    cached = _token_share_cache.get(id(model))
    if cached is not None and cached[0] is model:
        return cached[1]
    n = model.n_documents
    shares = ((1.0 + n) / np.exp(model.arrays["idf"] - 1.0) - 1.0) / max(n, 1)
    shares = np.clip(shares, 0.0, 1.0)
    _token_share_cache[id(model)] = (model, shares)
    return shares


_token_share_list_cache: dict[int, tuple[Any, list[float]]] = {}


def token_share_values(model: Any) -> list[float]:
    """`token_shares(model)` as a list of Python floats (the same values), for per-token
    look-ups in Python loops, where indexing a numpy array costs ten times more."""
    cached = _token_share_list_cache.get(id(model))
    if cached is not None and cached[0] is model:
        return cached[1]
    values = token_shares(model).tolist()
    _token_share_list_cache[id(model)] = (model, values)
    return values


def token_share(model: Any, token: str) -> float:
    index = model.token_index.get(token)
    return 0.0 if index is None else float(token_shares(model)[index])
