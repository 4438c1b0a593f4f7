"""Build a Model from a corpus: a map (one document → its statistics) and a reduce (sum them).

`map_document` is a pure function of one file, so it runs the same in this process, in a
fork-based process pool (`jobs > 1`), or on a cluster engine later; `reduce_documents` only
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

import math
import multiprocessing
import re
import unicodedata
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from hashlib import sha256
from pathlib import Path
from typing import Any

import numpy as np

from narrative_qa.corpus.hashing import ngrams, phrase_key, phrase_text, sentence_fingerprint
from narrative_qa.corpus.model import CENTROID_KEYS, FLAG_MANDATORY, GENERIC_KEY, Model
from narrative_qa.corpus.sources import SourceFile, collect_sources
from narrative_qa.corpus.store import atomic_folder, check_target
from narrative_qa.document.model import SECTION_KEYS, SECTION_TITLES
from narrative_qa.errors import NarrativeQAError, UsageError

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


@dataclass(slots=True)
class DocumentStats:
    """Everything the reduce needs from one document; no text survives except token counts."""

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
    tokens: Counter[str]
    section_tokens: dict[str, Counter[str]]
    phrases: set[tuple[str, ...]]
    fingerprints: set[int]
    section_features: dict[str, dict[str, float]] = field(default_factory=dict)


# --- map ---------------------------------------------------------------------------


def map_document(source: SourceFile) -> DocumentStats | Skipped:
    """Read, parse and measure one document. An unreadable file is `Skipped`, not an error:
    one bad file must not stop a corpus build."""
    from narrative_qa.document.metadata import find_era, find_level
    from narrative_qa.document.parse import read_report
    from narrative_qa.nlp.features import specificity
    from narrative_qa.nlp.segment import get_segmenter

    try:
        data = source.path.read_bytes()
        report = read_report(source.path)
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

    segmenter = get_segmenter()
    tokens: Counter[str] = Counter()
    section_tokens: dict[str, Counter[str]] = {}
    section_text: dict[str, list[str]] = defaultdict(list)
    phrases: set[tuple[str, ...]] = set()
    fingerprints: set[int] = set()
    normalised: list[str] = []
    low, high = NGRAM_RANGE
    for section in report.sections:
        for sentence in section.sentences:
            text = sentence.text
            normalised.append(_dedup_form(text))
            fingerprint = sentence_fingerprint(text)
            if fingerprint is not None:
                fingerprints.add(fingerprint)
            words = segmenter.content_tokens(text)
            tokens.update(words)
            phrases.update(ngrams(words, low, high))
            if section.key in SECTION_KEYS:
                section_tokens.setdefault(section.key, Counter()).update(words)
                section_text[section.key].append(text)
    body = "".join(normalised)
    shingles = shingle_hashes(body)
    section_features: dict[str, dict[str, float]] = {}
    for key, texts in section_text.items():
        measured = specificity("".join(texts))
        densities = measured.densities
        values = {"length": float(measured.chinese_chars)}
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
        tokens=tokens,
        section_tokens=section_tokens,
        phrases=phrases,
        fingerprints=fingerprints,
        section_features=section_features,
    )


_NOT_WORD = re.compile(r"[\W_]+")


def _dedup_form(text: str) -> str:
    """Text as compared for duplicates: NFKC, no whitespace or punctuation, but digits kept
    (unlike sentence fingerprints): last year's report with new figures is not a duplicate."""
    return _NOT_WORD.sub("", unicodedata.normalize("NFKC", text))


_MIX = np.uint64(0x9E3779B97F4A7C15)
_rng = np.random.default_rng(20240601)  # fixed: signatures must be the same in every build
_PERM_A = _rng.integers(1, 2**63, MINHASH_PERMUTATIONS, dtype=np.uint64) | np.uint64(1)
_PERM_B = _rng.integers(0, 2**63, MINHASH_PERMUTATIONS, dtype=np.uint64)


def shingle_hashes(text: str, size: int = SHINGLE) -> np.ndarray:
    """Distinct 64-bit hashes of the character `size`-grams of `text` (numpy, no Python loop
    per shingle: this runs on every document)."""
    codes = np.frombuffer(text.encode("utf-32-le"), dtype=np.uint32).astype(np.uint64)
    if len(codes) < size:
        return np.unique(codes * _MIX) if len(codes) else np.zeros(0, dtype=np.uint64)
    count = len(codes) - size + 1
    hashes = np.zeros(count, dtype=np.uint64)
    with np.errstate(over="ignore"):
        for offset in range(size):
            hashes = hashes * np.uint64(1_000_003) + codes[offset : offset + count]
        hashes ^= hashes >> np.uint64(31)
        hashes *= _MIX
        hashes ^= hashes >> np.uint64(29)
    return np.unique(hashes)


def minhash(hashes: np.ndarray) -> np.ndarray:
    """MinHash signature: per permutation (a*h + b mod 2^64), the minimum over the shingles."""
    if len(hashes) == 0:
        return np.full(MINHASH_PERMUTATIONS, np.iinfo(np.uint64).max, dtype=np.uint64)
    with np.errstate(over="ignore"):
        values = hashes[None, :] * _PERM_A[:, None] + _PERM_B[:, None]
    return values.min(axis=1)


# --- parallel map ------------------------------------------------------------------


def map_documents(
    sources: Sequence[SourceFile], jobs: int = 1, progress: ProgressCallback | None = None
) -> list[DocumentStats | Skipped]:
    """`map_document` over all sources, in source order, in one process or a fork pool."""
    from narrative_qa.nlp.segment import get_segmenter

    results: list[DocumentStats | Skipped] = []
    total = len(sources)
    # Load jieba's dictionary (~0.5 s) once, before forking: every worker inherits it.
    get_segmenter()
    jobs = max(1, min(jobs, total))
    if jobs == 1:
        iterator: Iterable[DocumentStats | Skipped] = map(map_document, sources)
        pool = None
    else:
        context = multiprocessing.get_context("fork")
        pool = context.Pool(jobs)
        iterator = pool.imap(map_document, sources, chunksize=1)
    try:
        for done, result in enumerate(iterator, 1):
            results.append(result)
            if progress is not None:
                progress(done, total, result.name)
    finally:
        if pool is not None:
            pool.terminate()
            pool.join()
    return results


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


def _identity(tokens: list[str]) -> list[str]:
    return tokens


def _expand(counter: Counter[str]) -> list[str]:
    # Sorted so the vectorizer sees the same sequence in every run (set/dict order of str
    # depends on the process's hash seed).
    return [token for token in sorted(counter) for _ in range(counter[token])]


def reduce_documents(
    documents: Sequence[DocumentStats],
    parameters: BuildParameters,
    skipped: Sequence[Skipped] = (),
    duplicates: Sequence[tuple[str, str]] = (),
) -> Model:
    """Sum the per-document statistics (already deduplicated and filtered) into a Model."""
    from sklearn.feature_extraction.text import TfidfVectorizer

    from narrative_qa.nlp.segment import get_segmenter

    if not documents:
        raise UsageError("没有可用于构建模型的文档（全部被跳过、去重或不满足年份条件）。")
    count = len(documents)
    min_token_df = min(parameters.min_token_df, count)
    vectorizer = TfidfVectorizer(
        analyzer=_identity, min_df=min_token_df, max_features=parameters.max_vocabulary, dtype=np.float64
    )
    vectorizer.fit([_expand(document.tokens) for document in documents])
    vocabulary = [str(token) for token in vectorizer.get_feature_names_out()]
    idf = vectorizer.idf_.astype(np.float64)

    centroids = np.zeros((len(CENTROID_KEYS), len(vocabulary)), dtype=np.float64)
    for row, key in enumerate(SECTION_KEYS):
        present = [document.section_tokens[key] for document in documents if key in document.section_tokens]
        if present:
            matrix = vectorizer.transform([_expand(counter) for counter in present])
            centroids[row] = np.asarray(matrix.mean(axis=0)).ravel()
            if key == "problems":
                centroids[CENTROID_KEYS.index(GENERIC_KEY)] = _generic_centroid(matrix)

    # Phrases: document frequency overall, then per year for those kept.
    years = sorted({document.year or 0 for document in documents})
    year_column = {year: column for column, year in enumerate(years)}
    year_documents = [sum(1 for document in documents if (document.year or 0) == year) for year in years]
    year_eras = [_majority([document.era for document in documents if (document.year or 0) == year]) for year in years]
    overall: Counter[tuple[str, ...]] = Counter()
    for document in documents:
        overall.update(document.phrases)
    threshold = max(parameters.min_phrase_df, math.ceil(parameters.min_phrase_share * count))
    kept = {gram for gram, df in overall.items() if df >= threshold}
    form_grams = _form_ngrams(get_segmenter())
    kept |= form_grams  # stored even when no document has them: the rules must know them
    by_key: dict[int, tuple[str, ...]] = {}
    for gram in kept:
        key = phrase_key(gram)
        previous = by_key.get(key)
        if previous is None or gram < previous:  # a 64-bit collision: keep one, deterministically
            by_key[key] = gram
    keys = sorted(by_key)
    index_of = {by_key[key]: position for position, key in enumerate(keys)}
    phrase_df = np.zeros((len(keys), len(years)), dtype=np.uint32)
    units_of: dict[int, set[str]] = defaultdict(set)
    for number, document in enumerate(documents):
        column = year_column[document.year or 0]
        unit = document.unit or f"#{number}"
        for gram in document.phrases:
            position = index_of.get(gram)
            if position is not None:
                phrase_df[position, column] += 1
                units_of[position].add(unit)
    phrase_units = np.array([len(units_of[position]) for position in range(len(keys))], dtype=np.uint32)
    flags = np.zeros(len(keys), dtype=np.uint8)
    era_columns: dict[str, list[int]] = defaultdict(list)
    for column, era in enumerate(year_eras):
        era_columns[era].append(column)
    for era, columns in era_columns.items():
        era_total = sum(year_documents[column] for column in columns)
        if era_total >= MANDATORY_MIN_DOCUMENTS:
            share = phrase_df[:, columns].sum(axis=1) / era_total
            flags[share >= MANDATORY_SHARE] |= FLAG_MANDATORY
    for gram in form_grams:
        position = index_of.get(gram)
        if position is not None:
            flags[position] |= FLAG_MANDATORY
    texts = {
        f"{key:016x}": _display(by_key[key]) for position, key in enumerate(keys) if phrase_units[position] >= MIN_TEXT_UNITS
    }

    fingerprint_counter: Counter[int] = Counter()
    for document in documents:
        fingerprint_counter.update(document.fingerprints)
    fingerprints = sorted(key for key, value in fingerprint_counter.items() if value >= MIN_FINGERPRINT_COUNT)

    distributions, values = _distributions(documents)
    summary = _summary(documents, skipped, duplicates)
    return Model(
        vocabulary=vocabulary,
        years=years,
        year_documents=year_documents,
        year_eras=year_eras,
        phrase_texts=texts,
        distributions=distributions,
        documents_summary=summary,
        build=parameters.to_dict(),
        arrays={
            "idf": idf,
            "centroids": centroids.astype(np.float32),
            "phrase_keys": np.array(keys, dtype=np.uint64),
            "phrase_df": phrase_df,
            "phrase_units": phrase_units,
            "phrase_flags": flags,
            "fingerprint_keys": np.array(fingerprints, dtype=np.uint64),
            "fingerprint_counts": np.array([fingerprint_counter[key] for key in fingerprints], dtype=np.uint32),
            "distribution_values": values,
        },
    )


def _generic_centroid(matrix: Any) -> np.ndarray:
    """Centroid of 五 restricted to the terms at least GENERIC_MIN_SHARE of 五 sections use:
    the wording that would fit any body (加强培训, 业务能力, 有待提高), not one body's specifics."""
    document_frequency = np.asarray((matrix > 0).sum(axis=0)).ravel()
    shared = document_frequency >= max(2, GENERIC_MIN_SHARE * matrix.shape[0])
    centroid = np.asarray(matrix.mean(axis=0)).ravel()
    return np.where(shared, centroid, 0.0)


def _form_ngrams(segmenter: Any) -> set[tuple[str, ...]]:
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
    grams: set[tuple[str, ...]] = set()
    for label in labels:
        grams.update(ngrams(segmenter.content_tokens(label), low, high))
    return grams


def _display(gram: tuple[str, ...]) -> str:
    from narrative_qa.nlp.segment import NUMBER_TOKEN

    return phrase_text(["N" if token == NUMBER_TOKEN else token for token in gram])


def _majority(values: list[str]) -> str:
    counts = Counter(values)
    return min(counts, key=lambda value: (-counts[value], value)) if counts else "unknown"


def _distributions(documents: Sequence[DocumentStats]) -> tuple[dict[str, list[int]], np.ndarray]:
    samples: dict[str, list[float]] = defaultdict(list)
    group_documents: Counter[str] = Counter()
    for document in documents:
        for section, features in document.section_features.items():
            for era in (document.era, None):
                for level in (document.level, None):
                    for feature, value in features.items():
                        key = f"{section}|{feature}|{era or '*'}|{level or '*'}"
                        samples[key].append(value)
                        group_documents[key] += 1
    groups: dict[str, list[int]] = {}
    chunks: list[np.ndarray] = []
    offset = 0
    for key in sorted(samples):
        size = group_documents[key]
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
    mapped = map_documents(entries, jobs=jobs, progress=progress)
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
    model = reduce_documents(unique, parameters, skipped, duplicates)
    return BuildResult(model=model, skipped=skipped, duplicates=duplicates, excluded_by_year=excluded)
