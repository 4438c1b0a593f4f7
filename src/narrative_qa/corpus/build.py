"""Build a Model from a corpus: a map (one document → its statistics) and a reduce (sum them).

`map_document` is a pure function of one file, so it runs the same in this process, in
forked worker processes (`jobs > 1`), or on a cluster engine later; `reduce_documents` only
needs the list of `DocumentStats` in source order, which keeps the output independent of
the number of jobs. scikit-learn is imported here (build time) and never by `model.py`.

Thresholds (all recorded in the model's manifest as build parameters):
- vocabulary: tokens in at least `MIN_TOKEN_DF` documents, the `MAX_VOCABULARY` most frequent.
- phrases: content-token n-grams (n = 2..4) inside one sentence, kept when they occur in at
  least max(`MIN_PHRASE_DF`, `MIN_PHRASE_SHARE` x documents) documents; their text is kept
  (as evidence for boilerplate findings) only when at least `MIN_TEXT_UNITS` distinct units
  use them — genre wording, not any one report's text.
- mandatory (template) phrases: n-grams of the form's own section titles and table labels,
  and n-grams found in at least `MANDATORY_SHARE` of the documents of an era with at least
  `MANDATORY_MIN_DOCUMENTS` documents.
- sentence fingerprints: kept when at least `MIN_FINGERPRINT_COUNT` documents share one.
- duplicates: the same unit and year (or either unknown) and the same normalised text or a
  character-5-gram containment >= `NEAR_DUPLICATE` (MinHash estimate): the same report saved
  as .txt and .html collapses to one; last year's report copied into this year's does not
  (copying across years is what the rules must see, not something to clean away).
"""

from __future__ import annotations

import gc
import math
import multiprocessing
import queue
import re
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from hashlib import sha256
from pathlib import Path
from typing import Any

import numpy as np

from narrative_qa.corpus.hashing import (
    PHRASE_SEPARATOR,
    joined_ngrams,
    joined_phrase_digests,
    nfkc,
    nfkc_fingerprint,
    phrase_text,
    split_phrase,
)
from narrative_qa.corpus.model import CENTROID_KEYS, FLAG_MANDATORY, GENERIC_KEY, Model
from narrative_qa.corpus.sources import SourceFile, collect_sources
from narrative_qa.corpus.store import atomic_folder, check_target
from narrative_qa.document.model import SECTION_KEYS, SECTION_TITLES
from narrative_qa.errors import NarrativeQAError, UsageError
from narrative_qa.nlp.segment import NUMBER_TOKEN, content_tokens

MIN_TOKEN_DF = 2
MAX_VOCABULARY = 20000
NGRAM_RANGE = (2, 4)
MIN_PHRASE_DF = 3
MIN_PHRASE_SHARE = 0.01
MIN_TEXT_UNITS = 3
MANDATORY_SHARE = 0.9
MANDATORY_MIN_DOCUMENTS = 10
MIN_FINGERPRINT_COUNT = 2
GENERIC_MIN_SHARE = 0.2
NEAR_DUPLICATE = 0.9
SHINGLE = 5
MINHASH_PERMUTATIONS = 64
LSH_BANDS = 16
DISTRIBUTION_MIN_DOCUMENTS = 5
DISTRIBUTION_MAX_POINTS = 1001
FEATURES = ("length", "figures", "dates", "units", "documents", "channels", "total")

ProgressCallback = Callable[[int, int, str], None]


@dataclass(slots=True)
class Skipped:
    name: str
    reason: str


# Content tokens counted: (distinct token numbers, how often each occurs), numbers into
# `TextMemo.tokens` of the memo that mapped the document.
TokenCounts = tuple[np.ndarray, np.ndarray]


@dataclass(slots=True)
class DocumentStats:
    """Everything the reduce needs from one document; no text survives (tokens are numbers)."""

    name: str
    format_rank: int
    source_sha256: str
    unit: str | None
    year: int | None
    level: str
    era: str
    text_hash: str  # exact-duplicate key (normalised body text)
    shingles: int  # distinct character 5-grams, for containment from the MinHash estimate
    minhash: np.ndarray
    tokens: TokenCounts
    section_tokens: dict[str, TokenCounts]
    # The content tokens of every sentence as numbers into `TextMemo.tokens` of the memo that
    # mapped the document, each sentence followed by SENTENCE_END: the reduce takes the
    # document's phrases (token n-grams inside one sentence) from it.
    token_stream: np.ndarray
    fingerprints: set[int]
    section_features: dict[str, dict[str, float]] = field(default_factory=dict)


# --- map ---------------------------------------------------------------------------


def map_document(source: SourceFile, memo: TextMemo | None = None) -> DocumentStats | Skipped:
    """Read, parse and measure one document. An unreadable file is `Skipped`, not an error:
    one bad file must not stop a corpus build. `memo` shares the per-sentence work between the
    documents of one build (see `TextMemo`) and numbers their tokens; but for those numbers,
    the result is the same with or without it."""
    from narrative_qa.document.metadata import find_era, find_level
    from narrative_qa.document.parse import read_report
    from narrative_qa.nlp.features import specificity

    try:
        data = source.path.read_bytes()
        report = read_report(source.path, table_values=False)  # the model reads only the prose
    except NarrativeQAError as error:
        return Skipped(source.name, str(error))
    except OSError as error:
        return Skipped(source.name, f"无法读取（{error.__class__.__name__}）")
    except Exception as error:  # a reader bug on one odd file must not lose the whole build
        return Skipped(source.name, f"解析失败（{error.__class__.__name__}: {error}）")

    unit = source.unit or report.unit
    year = source.year if source.year is not None else report.year
    level = source.level or (find_level(source.unit) if source.unit else report.level)
    if level == "unknown" and report.level != "unknown":
        level = report.level
    era = source.era or (find_era(year, report.text) if source.year is not None else report.era)

    if memo is None:
        memo = TextMemo()
    measure = memo.sentence
    section_numbers: dict[str, list[int]] = {}
    section_text: dict[str, list[str]] = {}
    stream: list[int] = []
    fingerprints: set[int] = set()
    normalised: list[str] = []
    for section in report.sections:
        # A measured section is recorded once it has a sentence (even one without content
        # words): its presence counts in the section centroid's mean.
        measured = section.key in SECTION_KEYS and bool(section.sentences)
        if measured:
            own_numbers = section_numbers.setdefault(section.key, [])
            own_text = section_text.setdefault(section.key, [])
        for sentence in section.sentences:
            text = sentence.text
            _, numbers, fingerprint, form = measure(text)
            normalised.append(form)
            if fingerprint is not None:
                fingerprints.add(fingerprint)
            stream += numbers
            stream.append(SENTENCE_END)
            if measured:
                own_numbers += numbers
                own_text.append(text)
    token_stream = np.array(stream, dtype=np.uint32)
    body = "".join(normalised)
    shingles = shingle_hashes(body)
    section_features: dict[str, dict[str, float]] = {}
    for key, texts in section_text.items():
        measured_text = specificity("".join(texts))
        densities = measured_text.densities
        values = {"length": float(measured_text.chinese_chars)}
        values.update({name: round(densities[name], 6) for name in FEATURES if name != "length"})
        section_features[key] = values
    return DocumentStats(
        name=source.name,
        format_rank=source.format_rank,
        source_sha256=sha256(data).hexdigest(),
        unit=unit,
        year=year,
        level=level,
        era=era,
        text_hash=sha256(body.encode("utf-8")).hexdigest(),
        shingles=len(shingles),
        minhash=minhash(shingles),
        tokens=_token_counts(token_stream[token_stream != SENTENCE_END]),
        section_tokens={key: _token_counts(np.array(numbers, dtype=np.uint32)) for key, numbers in section_numbers.items()},
        token_stream=token_stream,
        fingerprints=fingerprints,
        section_features=section_features,
    )


# Ends each sentence in a document's token stream (token numbers start at 1).
SENTENCE_END = 0


def _token_counts(numbers: np.ndarray) -> TokenCounts:
    """The distinct token numbers and how often each occurs."""
    distinct, counts = np.unique(numbers, return_counts=True)
    return distinct, counts


class TextMemo:
    """The per-sentence work of one build (content tokens and their numbers, fingerprint,
    duplicate form), done once per distinct sentence; the tokens once per distinct block (what
    jieba segments independently: a run of Han and alphanumeric characters, or what lies
    between two runs), and the HMM's cut once per distinct run of unknown characters.

    Reports repeat themselves: a unit copies much of last year's report, and every report uses
    the genre's set wording. In the real corpus (2019 on) ~18 % of sentence characters and
    ~52 % of block characters are repeats of an earlier sentence or block, and segmentation
    is the largest cost of the map after reading. One memo serves one build (with several jobs,
    one per process: the workers inherit it empty through fork), so a build never profits from
    an earlier one. The lists it returns are shared between documents: never modify them.

    It also numbers the content tokens (`tokens`): documents hold their sentences as token
    numbers, from which the reduce takes every document's n-grams with numpy, instead of a
    string, set and counter operation per n-gram.
    """

    __slots__ = ("_segmenter", "_blocks", "_sentences", "_numbers", "tokens")

    # Enough for a corpus of several thousand reports; past it the memo starts afresh rather
    # than grow without bound (the token numbers excepted: documents keep them).
    LIMIT = 400_000

    def __init__(self) -> None:
        from narrative_qa.nlp.segment import get_segmenter

        self._segmenter = get_segmenter().remembering_unknown_runs()
        self._blocks: dict[str, list[str]] = {}
        self._sentences: dict[str, tuple[list[str], list[int], int | None, str]] = {}
        # Every distinct content token of the build and its number, in order of first sight:
        # tokens[number] is the token (number 0 is SENTENCE_END).
        self._numbers: dict[str, int] = {}
        self.tokens: list[str] = [""]

    def sentence(self, text: str) -> tuple[list[str], list[int], int | None, str]:
        """(content tokens, their numbers, `sentence_fingerprint`, `_dedup_form`)."""
        found = self._sentences.get(text)
        if found is None:
            if len(self._sentences) >= self.LIMIT:
                self._sentences.clear()
            words = self.words(text)
            normal = nfkc(text)  # NFKC, shared by the fingerprint and the dedup form
            found = (words, self.numbers(words), nfkc_fingerprint(normal), _dedup_form(normal))
            self._sentences[text] = found
        return found

    def numbers(self, tokens: Sequence[str]) -> list[int]:
        """The numbers of `tokens`, numbering those not seen before."""
        numbers = list(map(self._numbers.get, tokens))
        if None in numbers:  # new tokens are rare after the first reports
            for index, number in enumerate(numbers):
                if number is None:
                    token = tokens[index]
                    number = self._numbers.get(token)
                    if number is None:
                        number = self._numbers[token] = len(self.tokens)
                        self.tokens.append(token)
                    numbers[index] = number
        return numbers

    def known_numbers(self, tokens: Iterable[str]) -> list[int | None]:
        """The numbers of `tokens`, None for those no sentence of the build has."""
        return list(map(self._numbers.get, tokens))

    def words(self, text: str) -> list[str]:
        """`Segmenter.content_tokens(text)`, from the memo block by block (content tokens are
        chosen token by token, so those of the text are those of its blocks, concatenated)."""
        blocks = self._blocks
        if len(blocks) >= self.LIMIT:
            blocks.clear()
        segmenter = self._segmenter
        words: list[str] = []
        for position, block in enumerate(segmenter.blocks(text)):
            found = blocks.get(block)
            if found is None:
                # Odd positions hold the runs jieba cuts with its dictionary (a run and the text
                # between runs never look alike: the memo can hold both).
                tokens = segmenter.run_tokens(block) if position % 2 else segmenter.tokens(block)
                found = blocks[block] = content_tokens(tokens)
            words += found
        return words


_NOT_WORD = re.compile(r"[\W_]+")


def _dedup_form(nfkc_text: str) -> str:
    """Text as compared for duplicates, from its NFKC form: no whitespace or punctuation, but
    digits kept (unlike sentence fingerprints): last year's report with new figures is not a
    duplicate."""
    return _NOT_WORD.sub("", nfkc_text)


_MIX = np.uint64(0x9E3779B97F4A7C15)
_rng = np.random.default_rng(20240601)  # fixed: signatures must be the same in every build
_PERM_A = _rng.integers(1, 2**63, MINHASH_PERMUTATIONS, dtype=np.uint64) | np.uint64(1)
_PERM_B = _rng.integers(0, 2**63, MINHASH_PERMUTATIONS, dtype=np.uint64)


def shingle_hashes(text: str, size: int = SHINGLE) -> np.ndarray:
    """Distinct 64-bit hashes of the character `size`-grams of `text` (numpy, no Python loop
    per shingle: this runs on every document)."""
    codes = np.frombuffer(text.encode("utf-32-le"), dtype=np.uint32).astype(np.uint64)
    if len(codes) < size:
        return _distinct(codes * _MIX)
    count = len(codes) - size + 1
    hashes = np.zeros(count, dtype=np.uint64)
    with np.errstate(over="ignore"):
        for offset in range(size):
            hashes = hashes * np.uint64(1_000_003) + codes[offset : offset + count]
        hashes ^= hashes >> np.uint64(31)
        hashes *= _MIX
        hashes ^= hashes >> np.uint64(29)
    return _distinct(hashes)


def _distinct(values: np.ndarray) -> np.ndarray:
    """`np.unique(values)` (sorted, distinct) by sorting: numpy 2's hash-based `np.unique` is
    ~15x slower on uint64 arrays of a report's size."""
    ordered = np.sort(values)
    if len(ordered) < 2:
        return ordered
    keep = np.empty(len(ordered), dtype=bool)
    keep[0] = True
    np.not_equal(ordered[1:], ordered[:-1], out=keep[1:])
    return ordered[keep]


def minhash(hashes: np.ndarray) -> np.ndarray:
    """MinHash signature: per permutation (a*h + b mod 2^64), the minimum over the shingles."""
    if len(hashes) == 0:
        return np.full(MINHASH_PERMUTATIONS, np.iinfo(np.uint64).max, dtype=np.uint64)
    with np.errstate(over="ignore"):
        values = hashes[None, :] * _PERM_A[:, None] + _PERM_B[:, None]
    return values.min(axis=1)


# --- parallel map ------------------------------------------------------------------


def map_documents(
    sources: Sequence[SourceFile],
    jobs: int = 1,
    progress: ProgressCallback | None = None,
    memo: TextMemo | None = None,
) -> list[DocumentStats | Skipped]:
    """`map_document` over all sources in `jobs` processes; results in source order. The
    documents' token numbers are those of `memo` (give it to the reduce), whichever process
    mapped them. (See `mapped_documents`.)"""
    with mapped_documents(sources, jobs, progress, memo) as (results, _):
        return results


@contextmanager
def mapped_documents(
    sources: Sequence[SourceFile],
    jobs: int = 1,
    progress: ProgressCallback | None = None,
    memo: TextMemo | None = None,
) -> Iterator[tuple[list[DocumentStats | Skipped], _PhraseHelper | None]]:
    """`map_documents` as a context: the results are ready on entry, with the first worker as
    a `_PhraseHelper` for the reduce when there are workers (None with one job); the workers,
    which have sent everything, are reaped on exit. A worker's exit (unmapping a forked copy of
    this process) takes ~8 ms; the build reduces meanwhile instead of waiting for it.

    With several jobs, this process forks `jobs - 1` workers after loading jieba and maps too:
    all of them claim tasks from one shared cursor until none is left. A task is one unit's
    reports (a unit repeats its own wording from year to year, so they share a process's
    `TextMemo`), the largest first so that nobody is left with a big one at the end; a unit
    too large for one task is cut into consecutive pieces. Mapping in this process, rather than
    waiting on a pool, keeps its share of the results out of pickling altogether.
    """
    from narrative_qa.nlp.segment import get_segmenter

    global _shared
    total = len(sources)
    results: list[DocumentStats | Skipped | None] = [None] * total
    if memo is None:
        memo = TextMemo()
    jobs = max(1, min(jobs, total))
    if jobs > 1:
        # jieba's whole dictionary, once, before forking: every worker inherits it.
        get_segmenter().load_whole_dictionary()
    done = 0

    def collect(batch: list[tuple[int, DocumentStats | Skipped]]) -> None:
        nonlocal done
        for index, result in batch:
            results[index] = result
            done += 1
            if progress is not None:
                progress(done, total, result.name)

    if jobs == 1:
        for index, source in enumerate(sources):
            collect([(index, map_document(source, memo))])
        yield results, None  # type: ignore[misc]
        return

    context = multiprocessing.get_context("fork")
    _shared = _Shared(sources, _tasks(sources, jobs), context.Value("i", 0), memo, context.Queue(), context.Queue())
    workers: list[Any] = []
    # Objects that exist at the fork move out of the collector's reach until the workers are
    # done: a collection in a worker would otherwise write to (and so copy) every page holding
    # them, jieba's dictionary included.
    with _older_objects_frozen():
        try:
            for number in range(jobs - 1):
                worker = context.Process(target=_work, args=(number,), daemon=True)
                worker.start()
                workers.append(worker)
            _import_reduce()  # now, while the workers take the first tasks
            finished = 0
            translations: dict[int, np.ndarray] = {}
            for batch in _claim(_shared):
                collect(batch)
                while not _shared.results.empty():  # the workers' results so far, for the progress bar
                    finished += _receive(_shared.results.get(), collect, memo, translations)
            while finished < len(workers):
                try:
                    finished += _receive(_shared.results.get(timeout=0.5), collect, memo, translations)
                except queue.Empty:
                    failed = [worker.exitcode for worker in workers if worker.exitcode not in (None, 0)]
                    if failed:
                        message = f"并行处理的子进程意外退出（退出码 {failed[0]}），模型未构建。"
                        raise NarrativeQAError(message) from None
            helper = _PhraseHelper(workers[0], _shared.requests, _shared.results)
            _shared = None
            try:
                yield results, helper  # type: ignore[misc]
            finally:
                helper.close()
            for worker in workers:
                worker.join()
        finally:
            for worker in workers:
                if worker.is_alive():
                    worker.terminate()
                    worker.join()
            _shared = None


@dataclass(slots=True)
class _Shared:
    """What the workers inherit through fork: the sources and tasks (so that only results
    travel), the cursor of the next task to claim, an empty memo, the results queue, and the
    first worker's queue of requests (see `_PhraseHelper`)."""

    sources: Sequence[SourceFile]
    tasks: list[list[int]]
    cursor: Any  # multiprocessing.Value("i")
    memo: TextMemo
    # multiprocessing.Queue: a worker's batches, each with the tokens its memo numbered since
    # the previous one, then None when it is done; then the first worker's phrase table
    results: Any
    requests: Any  # multiprocessing.Queue: (phrase inputs, n-gram lengths) or None, once


_shared: _Shared | None = None


def _claim(shared: _Shared) -> Iterator[list[tuple[int, DocumentStats | Skipped]]]:
    """Map tasks claimed from the shared cursor until none is left, one batch per task."""
    while True:
        with shared.cursor.get_lock():
            number = shared.cursor.value
            shared.cursor.value = number + 1
        if number >= len(shared.tasks):
            return
        yield [(index, map_document(shared.sources[index], shared.memo)) for index in shared.tasks[number]]


def _work(worker: int) -> None:
    """A worker process: map claimed tasks, send each batch, then None. The documents carry
    token numbers of this process's memo: each message adds the tokens numbered since the
    previous one, so that the parent can translate them into its own."""
    assert _shared is not None, "workers are forked with the shared state in place"
    tokens = _shared.memo.tokens
    sent = 1  # number 0 is SENTENCE_END in every memo
    for batch in _claim(_shared):
        _shared.results.put((worker, batch, tokens[sent:]))
        sent = len(tokens)
    _shared.results.put(None)
    if worker == 0:
        request = _shared.requests.get()
        if request is not None:
            try:
                table: _PhraseTable | None = _phrase_table(*request)
            except Exception:  # the main process counts these phrases itself, and meets the error there
                table = None
            _shared.results.put(("phrases", table))


class _PhraseHelper:
    """The first worker, after the map: it counts the phrases of some n-gram lengths (`submit`)
    while the main process does the rest of the reduce, and `result` gives its table. Should it
    fail or die, the main process counts them itself: the model is the same either way."""

    def __init__(self, process: Any, requests: Any, results: Any) -> None:
        self._process, self._requests, self._results = process, requests, results
        self._request: tuple[_PhraseInputs, Sequence[int]] | None = None

    def submit(self, inputs: _PhraseInputs, lengths: Sequence[int]) -> None:
        self._request = (inputs, tuple(lengths))
        self._requests.put(self._request)

    def result(self) -> _PhraseTable:
        assert self._request is not None, "submit first"
        table = None
        while True:
            try:
                _, table = self._results.get(timeout=0.2)
                break
            except queue.Empty:
                if not self._process.is_alive():  # its last message may still be on the way
                    try:
                        _, table = self._results.get(timeout=0.05)
                    except queue.Empty:
                        pass
                    break
        return table if table is not None else _phrase_table(*self._request)

    def close(self) -> None:
        """Let the worker go, if it was given nothing to do."""
        if self._request is None:
            self._requests.put(None)


_Message = tuple[int, list[tuple[int, DocumentStats | Skipped]], list[str]] | None  # (worker, batch, new tokens)


def _receive(
    message: _Message, collect: Callable[[Any], None], memo: TextMemo, translations: dict[int, np.ndarray]
) -> int:
    """Collect one message from a worker; 1 when it says the worker is done, else 0.
    `translations[worker]` maps that worker's token numbers to this process's memo's."""
    if message is None:
        return 1
    worker, batch, new_tokens = message
    known = translations.get(worker, np.array([SENTENCE_END], dtype=np.uint32))
    translation = translations[worker] = np.concatenate([known, np.array(memo.numbers(new_tokens), dtype=np.uint32)])
    for _, result in batch:
        if isinstance(result, DocumentStats):
            result.token_stream = translation[result.token_stream]
            result.tokens = (translation[result.tokens[0]], result.tokens[1])
            result.section_tokens = {key: (translation[numbers], counts) for key, (numbers, counts) in result.section_tokens.items()}
    collect(batch)
    return 0


def _tasks(sources: Sequence[SourceFile], jobs: int) -> list[list[int]]:
    """Source indices grouped by unit (else folder), cut to at most a share of 1/(4*jobs) of
    the corpus's bytes each, largest first (file size stands in for the work)."""
    sizes = [_size(source.path) for source in sources]
    limit = sum(sizes) / (4 * jobs)
    groups: dict[str, list[int]] = defaultdict(list)
    for index, source in enumerate(sources):
        groups[source.unit or str(source.path.parent)].append(index)
    tasks: list[list[int]] = []
    for members in groups.values():
        task: list[int] = []
        weight = 0
        for index in members:
            if task and weight + sizes[index] > limit:
                tasks.append(task)
                task, weight = [], 0
            task.append(index)
            weight += sizes[index]
        tasks.append(task)
    tasks.sort(key=lambda task: (-sum(sizes[index] for index in task), task[0]))
    return tasks


def _size(path: Path) -> int:
    try:
        return path.stat().st_size
    except OSError:
        return 0


def _import_reduce() -> None:
    # scikit-learn takes ~0.5 s to import in a new process, and only the reduce needs it. Imported
    # after the fork, before this process claims its first task, the import overlaps the workers'
    # mapping (they claim more tasks meanwhile); imported when this process has no task left, it
    # would be added to the build's time, the workers long done.
    import sklearn.feature_extraction.text  # noqa: F401


# --- reduce ------------------------------------------------------------------------


@dataclass(slots=True)
class BuildParameters:
    min_year: int | None = None
    min_token_df: int = MIN_TOKEN_DF
    max_vocabulary: int = MAX_VOCABULARY
    min_phrase_df: int = MIN_PHRASE_DF
    min_phrase_share: float = MIN_PHRASE_SHARE

    def to_dict(self) -> dict[str, Any]:
        from narrative_qa.nlp.segment import NUMBER_TOKEN, load_user_dictionary

        import jieba

        dictionary = "\n".join(" ".join(str(part) for part in entry if part is not None) for entry in load_user_dictionary())
        return {
            "min_year": self.min_year,
            "min_token_df": self.min_token_df,
            "max_vocabulary": self.max_vocabulary,
            "ngram_range": list(NGRAM_RANGE),
            "min_phrase_df": self.min_phrase_df,
            "min_phrase_share": self.min_phrase_share,
            "min_text_units": MIN_TEXT_UNITS,
            "mandatory_share": MANDATORY_SHARE,
            "mandatory_min_documents": MANDATORY_MIN_DOCUMENTS,
            "min_fingerprint_count": MIN_FINGERPRINT_COUNT,
            "generic_min_share": GENERIC_MIN_SHARE,
            "near_duplicate": NEAR_DUPLICATE,
            "shingle": SHINGLE,
            "features": list(FEATURES),
            "tokenizer": {
                "name": "jieba",
                "version": jieba.__version__,
                "user_dictionary_sha256": sha256(dictionary.encode("utf-8")).hexdigest(),
                "number_token": NUMBER_TOKEN,
            },
        }


def find_duplicates(documents: Sequence[DocumentStats]) -> dict[int, int]:
    """index of each removed document -> index of the document kept in its place."""
    parent = list(range(len(documents)))

    def root(index: int) -> int:
        while parent[index] != index:
            parent[index] = parent[parent[index]]
            index = parent[index]
        return index

    def preferred(a: int, b: int) -> tuple[int, int]:
        key = lambda i: (documents[i].format_rank, documents[i].name)  # noqa: E731
        return (a, b) if key(a) <= key(b) else (b, a)

    def union(a: int, b: int) -> None:
        ra, rb = root(a), root(b)
        if ra != rb:
            keep, drop = preferred(ra, rb)
            parent[drop] = keep

    candidates: set[tuple[int, int]] = set()
    buckets: dict[tuple[Any, ...], list[int]] = defaultdict(list)
    rows = MINHASH_PERMUTATIONS // LSH_BANDS
    for index, document in enumerate(documents):
        for band in range(LSH_BANDS):
            buckets[(band, document.minhash[band * rows : (band + 1) * rows].tobytes())].append(index)
        buckets[("text", document.text_hash)].append(index)
        if document.unit and document.year is not None:
            buckets[("meta", document.unit, document.year)].append(index)
    for members in buckets.values():
        for i, a in enumerate(members):
            for b in members[i + 1 :]:
                candidates.add((a, b))
    for a, b in sorted(candidates):
        first, second = documents[a], documents[b]
        if first.year is not None and second.year is not None and first.year != second.year:
            continue
        if first.unit and second.unit and first.unit != second.unit:
            continue
        if first.text_hash == second.text_hash or containment(first, second) >= NEAR_DUPLICATE:
            union(a, b)
    return {index: root(index) for index in range(len(documents)) if root(index) != index}


def containment(first: DocumentStats, second: DocumentStats) -> float:
    """Share of the smaller document's shingles found in the other, from the MinHash Jaccard
    estimate J and the set sizes: |A∩B| = J(|A|+|B|)/(1+J). Robust to page residue that one
    capture has and the other not (a web page's menus around the same report)."""
    smaller = min(first.shingles, second.shingles)
    if smaller == 0:
        return 0.0
    jaccard = float(np.mean(first.minhash == second.minhash))
    both = jaccard * (first.shingles + second.shingles) / (1.0 + jaccard)
    return min(1.0, both / smaller)


@dataclass(slots=True)
class _Weighting:
    """TF-IDF fitted on the documents: what `TfidfVectorizer(min_df=..., max_features=...)`
    fits, with the token counts taken from the documents' token numbers."""

    vocabulary: list[str]  # the kept tokens, sorted as the vectorizer sorts its features
    columns: np.ndarray  # token number -> column in `vocabulary`, -1 when not kept
    transformer: Any  # sklearn's TfidfTransformer, fitted: its IDF and its weighting

    def transform(self, documents: Sequence[TokenCounts]) -> Any:
        """`TfidfVectorizer.transform` of documents given as token counts."""
        return self.transformer.transform(_count_matrix(documents, self.columns, len(self.vocabulary)), copy=False)


def _fit_tfidf(documents: Sequence[TokenCounts], tokens: Sequence[str], min_df: int, max_features: int | None) -> _Weighting:
    """The vocabulary as CountVectorizer chooses it from the same counts (the tokens in at least
    `min_df` documents in sorted order, cut to the `max_features` largest totals as it cuts
    them), then scikit-learn's TfidfTransformer on the count matrix: counting with numpy
    spares the vectorizer's Python step per token occurrence. `tokens[number]` is a token."""
    from sklearn.feature_extraction.text import CountVectorizer, TfidfTransformer

    numbers = np.concatenate([np.zeros(0, dtype=np.uint32), *(numbers for numbers, _ in documents)])
    counts = np.concatenate([np.zeros(0, dtype=np.int64), *(counts for _, counts in documents)])
    frequency = np.bincount(numbers, minlength=len(tokens))  # documents per token
    features = np.array(sorted(np.flatnonzero(frequency).tolist(), key=tokens.__getitem__), dtype=np.int64)
    keep = frequency[features] >= min_df
    if max_features is not None and keep.sum() > max_features:
        totals = np.bincount(numbers, weights=counts, minlength=len(tokens))[features]
        chosen = np.zeros(len(features), dtype=bool)
        chosen[np.where(keep)[0][(-totals[keep]).argsort()[:max_features]]] = True
        keep = chosen
    if not keep.any():  # nothing to weigh: the vectorizer says why, as it always did
        CountVectorizer(analyzer=list, min_df=min_df).fit([[tokens[number] for number in numbers] for numbers, _ in documents])
    kept = features[keep]
    columns = np.full(len(tokens), -1, dtype=np.int64)
    columns[kept] = np.arange(len(kept))
    vocabulary = [tokens[number] for number in kept.tolist()]
    transformer = TfidfTransformer().fit(_count_matrix(documents, columns, len(vocabulary)))
    return _Weighting(vocabulary, columns, transformer)


def _count_matrix(documents: Sequence[TokenCounts], columns: np.ndarray, width: int) -> Any:
    """The CSR count matrix CountVectorizer builds (float64 counts, each row's columns
    ascending, tokens outside the vocabulary left out) from documents given as token counts;
    `columns` maps a token number to its column (-1: left out)."""
    import scipy.sparse as sp

    sizes = [len(numbers) for numbers, _ in documents]
    found = columns[np.concatenate([np.zeros(0, dtype=np.uint32), *(numbers for numbers, _ in documents)])]
    counts = np.concatenate([np.zeros(0, dtype=np.int64), *(counts for _, counts in documents)])
    rows = np.repeat(np.arange(len(documents), dtype=np.int64), sizes)
    known = found >= 0
    found, counts, rows = found[known], counts[known], rows[known]
    order = np.argsort(rows * width + found, kind="stable")
    ends = np.zeros(len(documents) + 1, dtype=np.int32)
    np.cumsum(np.bincount(rows, minlength=len(documents)), out=ends[1:])
    return sp.csr_array(
        (counts[order].astype(np.intc), found[order].astype(np.int32), ends),
        shape=(len(documents), width),
        dtype=np.float64,
    )


def reduce_documents(
    documents: Sequence[DocumentStats],
    memo: TextMemo,
    parameters: BuildParameters,
    skipped: Sequence[Skipped] = (),
    duplicates: Sequence[tuple[str, str]] = (),
    helper: _PhraseHelper | None = None,
) -> Model:
    """Sum the per-document statistics (already deduplicated and filtered) into a Model.
    `memo` is the one that mapped the documents: their token numbers are its. With a `helper`
    (a worker of the map, now idle), the phrases of HELPER_NGRAMS are counted there while this
    process does the rest; the model is the same."""
    if not documents:
        raise UsageError("没有可用于构建模型的文档（全部被跳过、去重或不满足年份条件）。")
    count = len(documents)
    years = sorted({document.year or 0 for document in documents})
    year_column = {year: column for column, year in enumerate(years)}
    year_documents = [sum(1 for document in documents if (document.year or 0) == year) for year in years]
    year_eras = [_majority([document.era for document in documents if (document.year or 0) == year]) for year in years]
    unit_numbers: dict[str, int] = {}
    phrase_inputs = _PhraseInputs(
        streams=[document.token_stream for document in documents],
        tokens=memo.tokens,
        form=_form_ngram_numbers(memo),
        document_columns=np.array([year_column[document.year or 0] for document in documents], dtype=np.int64),
        document_units=np.array(
            [unit_numbers.setdefault(document.unit or f"#{number}", len(unit_numbers)) for number, document in enumerate(documents)],
            dtype=np.int64,
        ),
        year_documents=year_documents,
        year_eras=year_eras,
        threshold=max(parameters.min_phrase_df, math.ceil(parameters.min_phrase_share * count)),
    )
    own_ngrams = tuple(range(NGRAM_RANGE[0], NGRAM_RANGE[1] + 1))
    if helper is not None:
        helper.submit(phrase_inputs, HELPER_NGRAMS)
        own_ngrams = tuple(n for n in own_ngrams if n not in HELPER_NGRAMS)

    min_token_df = min(parameters.min_token_df, count)
    weighting = _fit_tfidf([document.tokens for document in documents], memo.tokens, min_token_df, parameters.max_vocabulary)
    vocabulary = weighting.vocabulary
    idf = weighting.transformer.idf_.astype(np.float64)
    centroids = np.zeros((len(CENTROID_KEYS), len(vocabulary)), dtype=np.float64)
    for row, key in enumerate(SECTION_KEYS):
        present = [document.section_tokens[key] for document in documents if key in document.section_tokens]
        if present:
            matrix = weighting.transform(present)
            centroids[row] = np.asarray(matrix.mean(axis=0)).ravel()
            if key == "problems":
                centroids[CENTROID_KEYS.index(GENERIC_KEY)] = _generic_centroid(matrix)

    phrases = _phrase_table(phrase_inputs, own_ngrams)
    fingerprint_counter: Counter[int] = Counter()
    for document in documents:
        fingerprint_counter.update(document.fingerprints)
    fingerprints = sorted(key for key, value in fingerprint_counter.items() if value >= MIN_FINGERPRINT_COUNT)

    distributions, values = _distributions(documents)
    summary = _summary(documents, skipped, duplicates)
    if helper is not None:
        phrases = _merged_tables(phrases, helper.result())
    return Model(
        vocabulary=vocabulary,
        years=years,
        year_documents=year_documents,
        year_eras=year_eras,
        phrase_texts=phrases.texts,
        distributions=distributions,
        documents_summary=summary,
        build=parameters.to_dict(),
        arrays={
            "idf": idf,
            "centroids": centroids.astype(np.float32),
            "phrase_keys": phrases.keys,
            "phrase_df": phrases.df,
            "phrase_units": phrases.units,
            "phrase_flags": phrases.flags,
            "fingerprint_keys": np.array(fingerprints, dtype=np.uint64),
            "fingerprint_counts": np.array([fingerprint_counter[key] for key in fingerprints], dtype=np.uint32),
            "distribution_values": values,
        },
    )




# --- phrases ----------------------------------------------------------------------

# The n-gram lengths whose phrases a helper counts while this process does the rest of the
# reduce (about half of the phrase work: 3- and 4-grams are more, 2-grams more often frequent).
HELPER_NGRAMS = (3, 4)


@dataclass(slots=True)
class _PhraseInputs:
    """What counting the phrases needs, in one picklable piece (a helper process gets it)."""

    streams: list[np.ndarray]  # each document's token stream
    tokens: list[str]  # tokens[number]: the token of a number in the streams
    form: dict[str, list[int | None]]  # the form's n-grams (joined) and their token numbers
    document_columns: np.ndarray  # each document's column in year_documents
    document_units: np.ndarray  # each document's unit, numbered
    year_documents: list[int]
    year_eras: list[str]
    threshold: int  # documents an n-gram needs to be stored


@dataclass(slots=True)
class _PhraseTable:
    """Rows of the model's phrase table (see `Model`), sorted by key."""

    keys: np.ndarray
    names: list[str]  # the `joined_phrase` of each row
    df: np.ndarray
    units: np.ndarray
    flags: np.ndarray
    texts: dict[str, str]  # hex key -> display text, for the rows shown as evidence


def _phrase_table(inputs: _PhraseInputs, lengths: Sequence[int]) -> _PhraseTable:
    """The phrase table's rows for the n-grams of `lengths`: those in at least `threshold`
    documents, and the form's own n-grams (flagged as mandatory wording)."""
    form = {gram: numbers for gram, numbers in inputs.form.items() if len(numbers) in lengths}
    form_grams = set(form)
    # The form's n-grams whose tokens some document has are numbered with the documents'.
    form_numbered = [gram for gram, numbers in form.items() if None not in numbers]
    form_rows = _gram_rows([form[gram] for gram in form_numbered])
    grams, pairs, form_numbers = _phrase_pairs(inputs.streams, form_rows, lengths)
    pair_documents, pair_grams = pairs // len(grams), pairs % len(grams)
    overall = np.bincount(pair_grams, minlength=len(grams))  # documents per n-gram
    frequent = np.flatnonzero(overall >= inputs.threshold)
    names = _joined_phrases(grams[frequent], inputs.tokens)
    numbers = frequent.tolist()
    # The form's own n-grams are stored even when no document has them (number -1).
    form_number = dict(zip(form_numbered, form_numbers.tolist()))
    form_only = sorted(form_grams.difference(names))
    names += form_only
    numbers += [form_number.get(gram, -1) for gram in form_only]
    keys, stored, stored_numbers = _stored_phrases(names, numbers)
    # Position of each stored phrase by n-gram number (-1: not stored), then array lookups and
    # bincounts instead of a Python step per phrase occurrence.
    position_of = np.full(len(grams), -1, dtype=np.int64)
    numbered = stored_numbers >= 0
    position_of[stored_numbers[numbered]] = np.flatnonzero(numbered)
    positions = position_of[pair_grams]
    stored_pairs = positions >= 0
    positions, pair_documents = positions[stored_pairs], pair_documents[stored_pairs]
    # Document frequency per year: cell (position, column) flattened to position*years+column.
    years = len(inputs.year_documents)
    phrase_df = (
        np.bincount(positions * years + inputs.document_columns[pair_documents], minlength=len(keys) * years)
        .reshape(len(keys), years)
        .astype(np.uint32)
    )
    # Distinct units per phrase: the stored phrases of each unit's documents together, counted once.
    unit_pairs = _distinct(inputs.document_units[pair_documents] * len(keys) + positions)
    phrase_units = np.bincount(unit_pairs % len(keys), minlength=len(keys)).astype(np.uint32)
    flags = np.zeros(len(keys), dtype=np.uint8)
    era_columns: dict[str, list[int]] = defaultdict(list)
    for column, era in enumerate(inputs.year_eras):
        era_columns[era].append(column)
    for era, columns in era_columns.items():
        era_total = sum(inputs.year_documents[column] for column in columns)
        if era_total >= MANDATORY_MIN_DOCUMENTS:
            share = phrase_df[:, columns].sum(axis=1) / era_total
            flags[share >= MANDATORY_SHARE] |= FLAG_MANDATORY
    form_list = sorted(form_grams)
    form_keys = np.frombuffer(joined_phrase_digests(form_list), dtype=">u8").astype(np.uint64)
    for gram, position in zip(form_list, np.searchsorted(keys, form_keys).tolist()):
        if position < len(stored) and stored[position] == gram:  # not lost to a key collision
            flags[position] |= FLAG_MANDATORY
    shown = np.flatnonzero(phrase_units >= MIN_TEXT_UNITS)
    texts = {f"{key:016x}": _display(stored[position]) for key, position in zip(keys[shown].tolist(), shown.tolist())}
    return _PhraseTable(keys, stored, phrase_df, phrase_units, flags, texts)


def _merged_tables(first: _PhraseTable, second: _PhraseTable) -> _PhraseTable:
    """One table from the tables of two sets of n-gram lengths."""
    names = first.names + second.names
    keys = np.concatenate([first.keys, second.keys])
    rows = _key_order(keys, names)
    texts = {**first.texts, **second.texts}
    units = np.concatenate([first.units, second.units])
    ordered = np.sort(keys)
    for key in np.unique(ordered[_collisions(ordered)]).tolist():  # none in practice
        # A key of both tables: the text is the kept row's, if it is shown.
        row = rows[np.searchsorted(keys[rows], key)]
        texts.pop(f"{key:016x}", None)
        if units[row] >= MIN_TEXT_UNITS:
            texts[f"{key:016x}"] = _display(names[row])
    return _PhraseTable(
        keys=keys[rows],
        names=[names[row] for row in rows.tolist()],
        df=np.concatenate([first.df, second.df])[rows],
        units=units[rows],
        flags=np.concatenate([first.flags, second.flags])[rows],
        texts=texts,
    )


def _form_ngram_numbers(memo: TextMemo) -> dict[str, list[int | None]]:
    """The form's own n-grams (joined) and their token numbers in `memo` (None for a token no
    document has)."""
    from narrative_qa.nlp.segment import get_segmenter

    return {gram: memo.known_numbers(split_phrase(gram)) for gram in sorted(_form_ngrams(get_segmenter()))}


def _phrase_pairs(
    streams: Sequence[np.ndarray], extra: np.ndarray, lengths: Sequence[int] = tuple(range(NGRAM_RANGE[0], NGRAM_RANGE[1] + 1))
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """(grams, pairs, extra numbers): every distinct token n-gram (n in `lengths`) inside one
    sentence of the documents' token streams or among the `extra` rows, as the rows of `grams`
    (see `_gram_rows`); every distinct (document, n-gram) pair, as document index *
    len(grams) + row; and the row of each of `extra`."""
    high = NGRAM_RANGE[1]
    stream = np.concatenate([np.zeros(0, dtype=np.uint32), *streams])
    document_of = np.repeat(np.arange(len(streams), dtype=np.int64), [len(tokens) for tokens in streams])
    # ends[i]: sentence ends in stream[:i]; a window holds none when ends agree at its edges.
    ends = np.concatenate([np.zeros(1, dtype=np.int64), np.cumsum(stream == SENTENCE_END)])
    starts = {n: np.flatnonzero(ends[n:] == ends[: len(ends) - n]) for n in lengths}
    bits = max(1, max(int(stream.max(initial=0)), int(extra.max(initial=0))).bit_length())
    if bits * high <= 64:  # each window packed into one key as `_distinct_rows` packs a row
        keys = [_window_keys(stream, first, n, bits) for n, first in starts.items()]
        distinct, inverse = np.unique(np.concatenate([*keys, _row_keys(extra, bits)]), return_inverse=True)
        grams = _key_rows(distinct, bits)
    else:
        rows = [stream[first[:, None] + np.arange(n)] for n, first in starts.items()]
        padded = [np.pad(window, ((0, 0), (0, high - window.shape[1]))) for window in rows]
        grams, inverse = _distinct_rows(np.concatenate([*padded, extra]))
    found = len(inverse) - len(extra)
    owners = np.concatenate([document_of[first] for first in starts.values()])
    pairs = _distinct(owners * len(grams) + inverse[:found])
    return grams, pairs, inverse[found:]


def _gram_rows(grams: Sequence[Sequence[int]]) -> np.ndarray:
    """N-grams given as token numbers, as rows: the numbers, then SENTENCE_END up to the
    longest n of NGRAM_RANGE."""
    rows = np.full((len(grams), NGRAM_RANGE[1]), SENTENCE_END, dtype=np.uint32)
    for row, numbers in zip(rows, grams):
        row[: len(numbers)] = numbers
    return rows


def _distinct_rows(rows: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """`np.unique(rows, axis=0, return_inverse=True)` up to the order of the distinct rows, by
    packing each row into one 64-bit key when the numbers fit (~10x faster)."""
    bits = max(1, int(rows.max(initial=0)).bit_length())
    if bits * rows.shape[1] > 64:
        distinct, inverse = np.unique(rows, axis=0, return_inverse=True)
        return distinct, inverse.reshape(-1)
    distinct_keys, inverse = np.unique(_row_keys(rows, bits), return_inverse=True)
    return _key_rows(distinct_keys, bits, rows.shape[1]), inverse.reshape(-1)


# Rows of token numbers packed into 64-bit keys, `bits` per number, the first number highest:
# keys sort as the rows do.


def _row_keys(rows: np.ndarray, bits: int) -> np.ndarray:
    keys = np.zeros(len(rows), dtype=np.uint64)
    for column in range(rows.shape[1]):
        keys = (keys << np.uint64(bits)) | rows[:, column].astype(np.uint64)
    return keys


def _window_keys(stream: np.ndarray, starts: np.ndarray, n: int, bits: int) -> np.ndarray:
    """`_row_keys` of the `_gram_rows` of the n-token windows of `stream` at `starts`, without
    making the rows."""
    keys = stream[starts].astype(np.uint64)
    for offset in range(1, n):
        keys <<= np.uint64(bits)
        keys |= stream[starts + offset]
    keys <<= np.uint64(bits * (NGRAM_RANGE[1] - n))  # the SENTENCE_END padding
    return keys


def _key_rows(keys: np.ndarray, bits: int, width: int = NGRAM_RANGE[1]) -> np.ndarray:
    rows = np.empty((len(keys), width), dtype=np.uint32)
    mask = np.uint64((1 << bits) - 1)
    for column in range(width - 1, -1, -1):
        rows[:, column] = keys & mask
        keys = keys >> np.uint64(bits)
    return rows


def _joined_phrases(rows: np.ndarray, tokens: Sequence[str]) -> list[str]:
    """The `joined_phrase` strings of n-gram rows; `tokens[number]` is a token (SENTENCE_END
    stands for the empty token `tokens[0]`: its separators are stripped from the end, and
    tokens are never empty nor end with a separator)."""
    token_array = np.array(tokens, dtype=object)
    columns = [token_array[rows[:, column]].tolist() for column in range(rows.shape[1])]
    join = PHRASE_SEPARATOR.join
    return [join(gram).rstrip(PHRASE_SEPARATOR) for gram in zip(*columns)]


def _stored_phrases(names: list[str], numbers: list[int]) -> tuple[np.ndarray, list[str], np.ndarray]:
    """The rows of the model's phrase table from distinct phrases given as `joined_phrase`
    strings and their n-gram numbers: (the keys, ascending; the phrase of each; its n-gram
    number)."""
    digests = np.frombuffer(joined_phrase_digests(names), dtype=">u8").astype(np.uint64)
    rows = _key_order(digests, names)
    return digests[rows], [names[row] for row in rows.tolist()], np.array(numbers, dtype=np.int64)[rows]


def _key_order(keys: np.ndarray, names: Sequence[str]) -> np.ndarray:
    """The rows of `keys` in ascending key order, one per key: phrases sharing a 64-bit key
    keep one, deterministically: the smaller token tuple (`names` holds their joined tokens)."""
    order = np.argsort(keys, kind="stable")
    chosen = order.tolist()
    keep = np.ones(len(order), dtype=bool)
    for position in _collisions(keys[order]).tolist():  # none in practice
        # `position - 1` and `position` share a key: the one kept moves to `position`.
        first, second = chosen[position - 1], chosen[position]
        if split_phrase(names[first]) < split_phrase(names[second]):
            chosen[position] = first
        keep[position - 1] = False
    return np.array(chosen, dtype=np.int64)[keep]


def _collisions(ordered: np.ndarray) -> np.ndarray:
    """Positions in sorted keys whose key equals the one before."""
    return np.flatnonzero(ordered[1:] == ordered[:-1]) + 1


def _generic_centroid(matrix: Any) -> np.ndarray:
    """Centroid of 五 restricted to the terms at least GENERIC_MIN_SHARE of 五 sections use:
    the wording that would fit any body (加强培训, 业务能力, 有待提高), not one body's specifics."""
    document_frequency = np.asarray((matrix > 0).sum(axis=0)).ravel()
    shared = document_frequency >= max(2, GENERIC_MIN_SHARE * matrix.shape[0])
    centroid = np.asarray(matrix.mean(axis=0)).ravel()
    return np.where(shared, centroid, 0.0)


def _form_ngrams(segmenter: Any) -> set[str]:
    """n-grams of the form's own wording (section titles, table labels): never boilerplate."""
    labels = list(SECTION_TITLES.values())
    try:
        from narrative_qa.document.tables import labels as table_labels

        for name in ("TABLE2_LABELS", "TABLE3_ROWS", "TABLE3_COLUMNS", "TABLE4_LABELS"):
            for label in getattr(table_labels, name, []):
                labels.extend(label.split("·"))
    except ImportError:  # tables are optional to the model; titles still count
        pass
    low, high = NGRAM_RANGE
    grams: set[str] = set()
    for label in labels:
        grams.update(joined_ngrams(segmenter.content_tokens(label), low, high))
    return grams


def _display(joined: str) -> str:
    """A `joined_phrase` as people read it, numbers shown as N."""
    if NUMBER_TOKEN not in joined:  # then no token is NUMBER_TOKEN: just drop the separators
        return joined.replace(PHRASE_SEPARATOR, "")
    return phrase_text(["N" if token == NUMBER_TOKEN else token for token in split_phrase(joined)])


def _majority(values: list[str]) -> str:
    counts = Counter(values)
    return min(counts, key=lambda value: (-counts[value], value)) if counts else "unknown"


def _distributions(documents: Sequence[DocumentStats]) -> tuple[dict[str, list[int]], np.ndarray]:
    # The feature values of each group's documents, by (section, era, level), where "*" is any.
    members: dict[tuple[str, str, str], list[dict[str, float]]] = defaultdict(list)
    for document in documents:
        for section, features in document.section_features.items():
            for era in (document.era or "*", "*"):
                for level in (document.level or "*", "*"):
                    members[section, era, level].append(features)
    samples: dict[str, list[float]] = {}  # one value per document of the group
    for (section, era, level), group in members.items():
        for feature in group[0]:  # every document measures the same features
            samples[f"{section}|{feature}|{era}|{level}"] = [features[feature] for features in group]
    groups: dict[str, list[int]] = {}
    chunks: list[np.ndarray] = []
    offset = 0
    for key in sorted(samples):
        size = len(samples[key])
        is_overall = key.endswith("|*|*")
        if size < DISTRIBUTION_MIN_DOCUMENTS and not is_overall:
            continue
        sample = np.sort(np.array(samples[key], dtype=np.float64))
        if len(sample) > DISTRIBUTION_MAX_POINTS:
            sample = np.quantile(sample, np.linspace(0.0, 1.0, DISTRIBUTION_MAX_POINTS))
        groups[key] = [offset, len(sample), size]
        chunks.append(sample)
        offset += len(sample)
    values = np.concatenate(chunks) if chunks else np.zeros(0, dtype=np.float64)
    return groups, values


def _summary(
    documents: Sequence[DocumentStats], skipped: Sequence[Skipped], duplicates: Sequence[tuple[str, str]]
) -> dict[str, Any]:
    def count(values: Iterable[Any]) -> dict[str, int]:
        return {str(key): value for key, value in sorted(Counter(str(v) for v in values).items())}

    return {
        "documents": len(documents),
        "by_year": count(document.year or "unknown" for document in documents),
        "by_level": count(document.level for document in documents),
        "by_era": count(document.era for document in documents),
        "units": len({document.unit for document in documents if document.unit}),
        "files": [
            {
                "name": document.name,
                "unit": document.unit,
                "year": document.year,
                "level": document.level,
                "era": document.era,
                "sha256": document.source_sha256,
            }
            for document in documents
        ],
        "skipped": [{"name": item.name, "reason": item.reason} for item in skipped],
        "duplicates": [{"name": removed, "kept": kept} for removed, kept in duplicates],
    }


# --- the whole build ---------------------------------------------------------------


@dataclass(slots=True)
class BuildResult:
    model: Model
    skipped: list[Skipped]
    duplicates: list[tuple[str, str]]
    excluded_by_year: int


def build_model(
    sources: Sequence[str | Path],
    out: str | Path | None = None,
    *,
    jobs: int = 1,
    min_year: int | None = None,
    force: bool = False,
    progress: ProgressCallback | None = None,
    parameters: BuildParameters | None = None,
) -> BuildResult:
    """Build a model from files, folders and manifests; write it to `out` atomically if given.

    The temporary folder is opened before the first document is read, so a build killed at
    any moment leaves only a temporary folder (removed by the next build) and the previous
    model as it was.
    """
    parameters = parameters or BuildParameters(min_year=min_year)
    if min_year is not None:
        parameters.min_year = min_year
    if jobs < 1:
        raise UsageError("--jobs 必须是正整数。")
    entries = collect_sources([Path(source) for source in sources])
    if parameters.min_year is not None:  # metadata from the manifest spares reading old files
        entries = [entry for entry in entries if entry.year is None or entry.year >= parameters.min_year]
    if out is None:
        return _build(entries, parameters, jobs, progress)
    target = Path(out)
    check_target(target.resolve(), force)
    with atomic_folder(target, force=force) as temp:
        result = _build(entries, parameters, jobs, progress)
        result.model.write_files(temp)
    result.model.path = target.resolve()
    return result


def _build(
    entries: Sequence[SourceFile], parameters: BuildParameters, jobs: int, progress: ProgressCallback | None
) -> BuildResult:
    with _older_objects_frozen():
        return _map_and_reduce(entries, parameters, jobs, progress)


@contextmanager
def _older_objects_frozen() -> Iterator[None]:
    """Keep the objects that exist now (imported modules, jieba's dictionary, the caller's data)
    out of the collector's scans until the context ends. A build allocates hundreds of
    thousands of objects, so the collector runs often, and each full collection would walk all
    of those older objects again (~5 % of a one-job build); none of them becomes garbage
    because of the build. Before a fork it also keeps a worker's collections from writing to
    (and so copying) every page that holds them.

    A no-op when nested, and left alone if the caller has frozen objects itself (unfreezing
    would hand its objects back too). Nesting is tracked here: `gc.get_freeze_count()` walks
    every frozen object, ~9 ms once jieba's dictionary is frozen."""
    global _freezing
    if _freezing or gc.get_freeze_count():
        yield
        return
    _freezing = True
    gc.freeze()
    try:
        yield
    finally:
        gc.unfreeze()
        _freezing = False


_freezing = False  # whether `_older_objects_frozen` has frozen the objects


def _map_and_reduce(
    entries: Sequence[SourceFile], parameters: BuildParameters, jobs: int, progress: ProgressCallback | None
) -> BuildResult:
    memo = TextMemo()
    with mapped_documents(entries, jobs, progress, memo) as (mapped, helper):
        return _reduce_mapped(mapped, memo, parameters, helper)


def _reduce_mapped(
    mapped: list[DocumentStats | Skipped], memo: TextMemo, parameters: BuildParameters, helper: _PhraseHelper | None
) -> BuildResult:
    skipped = [item for item in mapped if isinstance(item, Skipped)]
    documents = [item for item in mapped if isinstance(item, DocumentStats)]
    excluded = 0
    if parameters.min_year is not None:
        before = len(documents)
        documents = [d for d in documents if d.year is not None and d.year >= parameters.min_year]
        excluded = before - len(documents)
    if not documents and skipped:
        first = skipped[0]
        raise UsageError(f"没有可用于构建模型的文档：{len(skipped)} 个文件全部无法读取（如 {first.name}：{first.reason}）。")
    removed = find_duplicates(documents)
    duplicates = [(documents[index].name, documents[kept].name) for index, kept in sorted(removed.items())]
    unique = [document for index, document in enumerate(documents) if index not in removed]
    model = reduce_documents(unique, memo, parameters, skipped, duplicates, helper)
    return BuildResult(model=model, skipped=skipped, duplicates=duplicates, excluded_by_year=excluded)
