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
from itertools import chain, compress
from typing import Any

import numpy as np

from narrative_qa.corpus.hashing import normalise_sentence, phrase_digest, stable_hash
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
    _all_tokens: list[str] | None = None  # every token of `core`, punctuation included

    @property
    def tokens(self) -> list[str]:
        """Content tokens (segment.content_tokens of `core`), segmented on first use and kept:
        rules that need only some sentences (五, sentences without specifics) never pay for
        the others."""
        if self._tokens is None:
            from narrative_qa.nlp.segment import content_tokens, get_segmenter

            self._all_tokens = get_segmenter().tokens(self.core)
            self._tokens = content_tokens(self._all_tokens)
        return self._tokens

    def clause_tokens(self, marks: frozenset[str]) -> list[list[str]]:
        """Content tokens of each clause of `core` split at the single punctuation characters
        `marks` (`re.split` on them), without segmenting again: jieba cuts only runs of
        Han / alphanumeric characters and emits every other character as a token of its own,
        so a clause's tokens are exactly the sentence's tokens between two marks."""
        from narrative_qa.nlp.segment import content_tokens

        if self._all_tokens is None:
            self.tokens  # noqa: B018 -- segments the sentence once
        clauses: list[list[str]] = [[]]
        for token in self._all_tokens or ():
            if token in marks:
                clauses.append([])
            else:
                clauses[-1].append(token)
        return [content_tokens(clause) for clause in clauses]

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
    return _rows(token_lists, columns, idf_array(model, list(columns)))


def idf_array(model: Any, terms: list[str]) -> np.ndarray:
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
    """What the corpus phrases say about one sentence's tokens: every n-gram the model keeps,
    as parallel arrays (one entry per n-gram, ordered by size then start) so the boilerplate
    verdicts of a whole report are computed with a few array operations; `phrases` gives
    them as objects."""

    tokens: int
    starts: np.ndarray  # int64 token index
    sizes: np.ndarray  # int64
    shares: np.ndarray  # float64: documents / era total (0.0 when the total is 0)
    documents: np.ndarray  # int64
    units: np.ndarray  # int64
    mandatory: np.ndarray  # bool
    keys: np.ndarray  # uint64

    @property
    def phrases(self) -> list[Phrase]:
        return [
            Phrase(start, size, share, documents, units, mandatory, key)
            for start, size, share, documents, units, mandatory, key in zip(
                self.starts.tolist(),
                self.sizes.tolist(),
                self.shares.tolist(),
                self.documents.tolist(),
                self.units.tolist(),
                self.mandatory.tolist(),
                self.keys.tolist(),
            )
        ]


_share_cache: dict[tuple[int, str], tuple[Any, np.ndarray, int, np.ndarray]] = {}


def _phrase_totals(model: Any, era: str) -> tuple[np.ndarray, int, np.ndarray]:
    """Per phrase: documents containing it in the era's years (the whole corpus when the era
    has fewer than 10 documents), how many documents that is, and the share (documents /
    total, 0.0 when there are none). Model-derived, so cached per model and era."""
    key = (id(model), era)
    cached = _share_cache.get(key)
    if cached is not None and cached[0] is model:
        return cached[1], cached[2], cached[3]
    columns = [column for column, entry in enumerate(model.year_eras) if entry == era]
    total = sum(model.year_documents[column] for column in columns)
    if total < 10:
        columns = list(range(len(model.years)))
        total = model.n_documents
    counts = model.arrays["phrase_df"][:, columns].sum(axis=1).astype(np.int64)
    # int64 -> float64 is exact below 2**53 and the division correctly rounded: the very
    # value Python's `documents / total` gives.
    shares = counts / float(total) if total else np.zeros(len(counts), dtype=np.float64)
    _share_cache[key] = (model, counts, total, shares)
    return counts, total, shares


# n-gram -> its phrase key as 8 big-endian bytes (the blake2b digest phrase_key reads as an
# integer): the same n-grams recur in every report of a batch, and hashing them is the costliest
# step of the phrase look-up. Digests, not ints: a report's keys become one uint64 array with
# one `frombuffer` instead of a Python int conversion per n-gram.
_key_cache: dict[tuple[str, ...], bytes] = {}
_KEY_CACHE_SIZE = 500_000


def _phrase_digests(grams: list[tuple[str, ...]]) -> list[bytes]:
    """`phrase_key(gram)` of each n-gram as 8 big-endian bytes, through the process-wide memo
    (loops over all n-grams stay in C: only the n-grams not hashed yet go through Python)."""
    known = _key_cache
    digests = list(map(known.get, grams))
    if None not in digests:
        return digests
    missing = {gram for gram, digest in zip(grams, digests) if digest is None}
    if len(known) + len(missing) >= _KEY_CACHE_SIZE:  # bounded: start over (this call's n-grams stay)
        known.clear()
        missing = set(grams)
    for gram in missing:
        known[gram] = phrase_digest(gram)
    return list(map(known.__getitem__, grams))


def _empty_cover(tokens: int) -> PhraseCover:
    nothing = np.zeros(0, dtype=np.int64)
    return PhraseCover(tokens, nothing, nothing, np.zeros(0), nothing, nothing, np.zeros(0, dtype=bool), np.zeros(0, dtype=np.uint64))


def phrase_covers(analysis: ReportAnalysis, model: Any, rows: Sequence[int]) -> dict[int, PhraseCover]:
    """Look every n-gram of the given sentences up in the model, one vectorised binary search
    per n-gram size.

    The model's phrase table is closed under sub-n-grams: it keeps the n-grams found in at
    least k documents (a document with "a b c" has "a b" and "b c" too) and every n-gram of
    the form's titles and labels (all of their n-grams). So an n-gram whose two (n-1)-grams
    are not both in the table cannot be in it, and is neither hashed nor looked up: that
    skips most of the 3- and 4-grams of a report (tests/rules check the result equals the
    look-up of every n-gram over the real corpus)."""
    low, high = NGRAM_RANGE
    token_lists = [analysis.sentences[row].tokens for row in rows]
    if model is None or not rows:
        return {row: _empty_cover(len(tokens)) for row, tokens in zip(rows, token_lists)}
    table = model.arrays["phrase_keys"]
    last = len(table) - 1
    # The sentences' tokens end to end: every step below is one pass in C over all of them.
    flat = list(chain.from_iterable(token_lists))
    total = len(flat)
    lengths = np.fromiter(map(len, token_lists), dtype=np.int64, count=len(token_lists))
    offsets = np.concatenate(([0], np.cumsum(lengths)))
    owner = np.repeat(np.arange(len(token_lists)), lengths)
    row_end = offsets[1:][owner]  # per token: where its sentence ends
    found_starts: list[np.ndarray] = []
    found_sizes: list[np.ndarray] = []
    found_positions: list[np.ndarray] = []
    found_keys: list[np.ndarray] = []
    found_before = np.zeros(0, dtype=bool)
    for size in range(low, high + 1):
        count = total - size + 1  # n-grams of the joined tokens, some across two sentences
        if count <= 0 or last < 0:
            break
        if size == low:
            wanted_mask = np.arange(count) + size <= row_end[:count]
        else:  # both (n-1)-grams found (which also keeps the n-gram inside its sentence)
            wanted_mask = found_before[:count] & found_before[1 : count + 1]
        grams = list(compress(zip(*(flat[offset:] for offset in range(size))), wanted_mask.tolist()))
        found_before = np.zeros(total + 1, dtype=bool)
        if not grams:
            continue
        starts = np.nonzero(wanted_mask)[0]
        wanted = np.frombuffer(b"".join(_phrase_digests(grams)), dtype=">u8").astype(np.uint64)
        positions = np.minimum(np.searchsorted(table, wanted), last)
        hits = np.nonzero(table[positions] == wanted)[0]
        found_before[starts[hits]] = True
        found_starts.append(starts[hits])
        found_sizes.append(np.full(len(hits), size, dtype=np.int64))
        found_positions.append(positions[hits])
        found_keys.append(wanted[hits])
    if not found_starts:
        return {row: _empty_cover(len(tokens)) for row, tokens in zip(rows, token_lists)}
    flat_starts = np.concatenate(found_starts)
    sizes_all = np.concatenate(found_sizes)
    numbers = owner[flat_starts]
    # Per sentence, n-grams by size then start (the order of every earlier version).
    order = np.lexsort((flat_starts, sizes_all, numbers))
    numbers = numbers[order]
    starts_all = (flat_starts - offsets[:-1][owner[flat_starts]])[order]
    sizes_all = sizes_all[order]
    positions_all = np.concatenate(found_positions)[order]
    keys_all = np.concatenate(found_keys)[order]
    counts, _, shares = _phrase_totals(model, analysis.report.era)
    documents_all = counts[positions_all]
    shares_all = shares[positions_all]
    units_all = model.arrays["phrase_units"][positions_all].astype(np.int64)
    mandatory_all = (model.arrays["phrase_flags"][positions_all] & 1).astype(bool)
    bounds = np.searchsorted(numbers, np.arange(len(rows) + 1)).tolist()
    covers: dict[int, PhraseCover] = {}
    for number, (row, tokens) in enumerate(zip(rows, token_lists)):
        part = slice(bounds[number], bounds[number + 1])
        covers[row] = PhraseCover(
            len(tokens),
            starts_all[part],
            sizes_all[part],
            shares_all[part],
            documents_all[part],
            units_all[part],
            mandatory_all[part],
            keys_all[part],
        )
    return covers


def fingerprint_counts(model: Any, fingerprints: Sequence[int | None]) -> list[int]:
    """`model.fingerprint_count` of many sentence fingerprints in one binary search (0 for None)."""
    table = model.arrays["fingerprint_keys"]
    if not len(fingerprints) or not len(table):
        return [0] * len(fingerprints)
    wanted = np.array([0 if value is None else value for value in fingerprints], dtype=np.uint64)
    positions = np.minimum(np.searchsorted(table, wanted), len(table) - 1)
    counts = np.where(table[positions] == wanted, model.arrays["fingerprint_counts"][positions], 0).tolist()
    return [0 if value is None else int(count) for value, count in zip(fingerprints, counts)]


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
    literals, others = _required_test()
    return (literals is not None and literals.search(compact) is not None) or any(pattern.search(compact) for pattern in others)


@lru_cache(maxsize=1)
def _required_test() -> tuple[re.Pattern[str] | None, tuple[re.Pattern[str], ...]]:
    """required_statement_patterns() for `is_required_statement`, same answer: the plain
    literal ones (no metacharacter, no flag that changes a literal's meaning) as one
    alternation, found in one scan, and the real regexes on their own (an alternation of
    those would try every offset: slower than searching them one by one)."""
    literals: list[str] = []
    others: list[re.Pattern[str]] = []
    for pattern in required_statement_patterns():
        if isinstance(pattern.pattern, str) and re.escape(pattern.pattern) == pattern.pattern and not pattern.flags & (re.IGNORECASE | re.VERBOSE):
            literals.append(pattern.pattern)
        else:
            others.append(pattern)
    return (re.compile("|".join(map(re.escape, literals))) if literals else None), tuple(others)


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


# ------------------------------------------------------------------ generic wording of 五

def generic_similarity(model: Any, tokens: Sequence[str]) -> float:
    """Similarity of a text to the corpus's generic wording of 五 (`Model.generic_similarity`)."""
    return float(model.generic_similarity(tokens))
