"""The corpus build's shortcuts give what the plain computations give, over every sentence of
the real reports (2019 and later): block-by-block tokens from the build's memo, fingerprints
from a shared NFKC form, the documents' n-grams taken with numpy from their token numbers, the
sort-based distinct shingles, and TF-IDF fitted in scikit-learn's two halves."""

from __future__ import annotations

import unicodedata
from collections import Counter
from pathlib import Path

import numpy as np

from narrative_qa.corpus import build
from narrative_qa.corpus.build import (
    NGRAM_RANGE,
    SENTENCE_END,
    DocumentStats,
    TextMemo,
    _distinct,
    _distinct_rows,
    _fit_tfidf,
    _gram_rows,
    _joined_phrases,
    _phrase_pairs,
    _stored_phrases,
    _tasks,
    map_document,
)
from narrative_qa.corpus.hashing import (
    joined_ngrams,
    joined_phrase,
    joined_phrase_digests,
    joined_phrase_key,
    sentence_fingerprint,
)
from narrative_qa.corpus.sources import SourceFile, collect_sources
from narrative_qa.document.parse import read_report
from narrative_qa.nlp.segment import get_segmenter


def _sentences(real_corpus: Path) -> list[str]:
    sources = [entry for entry in collect_sources([real_corpus / "manifest.tsv"]) if entry.year and entry.year >= 2019]
    assert len(sources) > 100
    return [
        sentence.text
        for entry in sources
        for section in read_report(entry.path).sections
        for sentence in section.sentences
    ]


def test_memo_matches_segmenting_whole_sentences(real_corpus: Path) -> None:
    segmenter = get_segmenter()
    memo = TextMemo()
    low, high = NGRAM_RANGE
    sentences = _sentences(real_corpus)
    assert any("，" in text and "；" in text for text in sentences)  # the clause split is exercised
    for text in sentences:
        words, numbers, fingerprint, form = memo.sentence(text)
        expected = segmenter.content_tokens(text)
        assert words == expected, text[:20]
        assert [memo.tokens[number] for number in numbers] == expected
        assert SENTENCE_END not in numbers
        assert fingerprint == sentence_fingerprint(text)
        assert form == "".join(ch for ch in unicodedata.normalize("NFKC", text) if ch.isalnum())
    # A second pass is served from the memo and gives the same.
    assert memo.sentence(sentences[0])[0] == segmenter.content_tokens(sentences[0])
    assert joined_ngrams([], low, high) == []


def test_distinct_matches_numpy_unique() -> None:
    rng = np.random.default_rng(7)
    for size in (0, 1, 2, 50, 4000):
        values = rng.integers(0, 40, size).astype(np.uint64) * np.uint64(2**40)
        assert np.array_equal(_distinct(values), np.unique(values))
        assert _distinct(values).dtype == np.uint64


def test_map_document_is_the_same_with_a_shared_memo(real_corpus: Path) -> None:
    sources = [entry for entry in collect_sources([real_corpus / "manifest.tsv"]) if entry.unit and "平潭" in entry.unit]
    memo = TextMemo()
    for entry in sources[:6]:
        own_memo = TextMemo()
        shared, alone = map_document(entry, memo), map_document(entry, own_memo)
        assert _counted(shared.tokens, memo) == _counted(alone.tokens, own_memo)
        assert _stream_tokens(shared, memo) == _stream_tokens(alone, own_memo)
        assert shared.fingerprints == alone.fingerprints and shared.text_hash == alone.text_hash
        assert shared.section_tokens.keys() == alone.section_tokens.keys()
        for key, counts in shared.section_tokens.items():
            assert _counted(counts, memo) == _counted(alone.section_tokens[key], own_memo)
        assert shared.section_features == alone.section_features
        stream = [memo.tokens[number] for number in shared.token_stream.tolist() if number != SENTENCE_END]
        assert _counted(shared.tokens, memo) == Counter(stream)


def _counted(counts: tuple[np.ndarray, np.ndarray], memo: TextMemo) -> Counter:
    numbers, occurrences = counts
    assert len(set(numbers.tolist())) == len(numbers)
    return Counter(dict(zip((memo.tokens[number] for number in numbers.tolist()), occurrences.tolist())))


def _stream_tokens(stats: DocumentStats, memo: TextMemo) -> list[str]:
    return [memo.tokens[number] for number in stats.token_stream.tolist()]


def test_memo_numbers_each_distinct_token_once() -> None:
    memo = TextMemo()
    assert memo.numbers(["甲", "乙", "甲"]) == [1, 2, 1]
    assert memo.numbers(["丙", "甲"]) == [3, 1]
    assert memo.tokens == ["", "甲", "乙", "丙"]  # 0 is SENTENCE_END
    assert memo.known_numbers(["乙", "戊"]) == [2, None]


def test_phrase_pairs_are_the_documents_ngram_sets(real_corpus: Path) -> None:
    """The reduce's numpy n-grams: per document, the set of `joined_ngrams` of its sentences."""
    sources = [entry for entry in collect_sources([real_corpus / "manifest.tsv"]) if entry.year and entry.year >= 2019]
    memo = TextMemo()
    documents = [map_document(entry, memo) for entry in sources[:40]]
    low, high = NGRAM_RANGE
    form = [["甲", "乙"], ["乙", "丙", "丁"]]
    extra = _gram_rows([memo.numbers(tokens) for tokens in form])
    grams, pairs, extra_numbers = _phrase_pairs([document.token_stream for document in documents], extra)
    found: list[set[str]] = [set() for _ in documents]
    texts = _joined_phrases(grams, memo.tokens)
    for pair in pairs.tolist():
        found[pair // len(grams)].add(texts[pair % len(grams)])
    for document, phrases in zip(documents, found):
        sentences: list[list[str]] = [[]]
        for number in document.token_stream.tolist():
            if number == SENTENCE_END:
                sentences.append([])
            else:
                sentences[-1].append(memo.tokens[number])
        expected = {gram for tokens in sentences for gram in joined_ngrams(tokens, low, high)}
        assert phrases == expected, document.name
    assert [texts[number] for number in extra_numbers.tolist()] == [joined_phrase(tokens) for tokens in form]
    assert len(set(texts)) == len(texts)
    keys = np.frombuffer(joined_phrase_digests(texts[:500]), dtype=">u8").tolist()
    assert keys == [joined_phrase_key(text) for text in texts[:500]]


def test_stored_phrases_are_sorted_by_key_and_a_collision_keeps_the_smaller_tuple(monkeypatch) -> None:
    names = [joined_phrase(tokens) for tokens in [("信息", "公开"), ("政府", "信息"), ("依", "申请"), ("年度", "报告")]]
    keys, stored, numbers = _stored_phrases(names, [7, 3, -1, 5])
    assert keys.tolist() == sorted(joined_phrase_key(name) for name in names)
    assert stored == sorted(names, key=joined_phrase_key)
    assert [dict(zip(names, [7, 3, -1, 5]))[name] for name in stored] == numbers.tolist()

    # Force 64-bit collisions: the first three phrases share one key, the fourth has its own.
    forced = {names[0]: 9, names[1]: 9, names[2]: 9, names[3]: 4}
    monkeypatch.setattr(
        build, "joined_phrase_digests", lambda joined: b"".join(forced[name].to_bytes(8, "big") for name in joined)
    )
    keys, stored, numbers = _stored_phrases(names, [7, 3, -1, 5])
    assert keys.tolist() == [4, 9]
    assert stored == [names[3], min(names[:3], key=lambda name: tuple(name.split("\x1f")))]
    assert numbers.tolist() == [5, -1]  # ("依", "申请") is the smallest tuple of the three


def test_distinct_rows_packs_or_falls_back_to_numpy_unique() -> None:
    rng = np.random.default_rng(3)
    for largest in (5, 2**15, 2**20):  # four 20-bit numbers do not fit in 64 bits
        rows = rng.integers(0, largest, (500, 4)).astype(np.uint32)
        rows = np.concatenate([rows, rows[::3]])
        distinct, inverse = _distinct_rows(rows)
        expected, expected_inverse = np.unique(rows, axis=0, return_inverse=True)
        assert np.array_equal(distinct, expected) and np.array_equal(inverse, expected_inverse.reshape(-1))


def test_phrase_pairs_pack_windows_or_fall_back_to_rows() -> None:
    """Small token numbers take the packed path, numbers past 16 bits the row path (four of them
    do not fit in 64 bits): shifting every token number up keeps their order, so both paths
    must give the same n-grams (shifted) and the same pairs."""
    rng = np.random.default_rng(5)
    streams = []
    for _ in range(20):
        stream = rng.integers(1, 60, 300).astype(np.uint32)
        stream[rng.random(300) < 0.15] = SENTENCE_END
        stream[-1] = SENTENCE_END  # as every document's stream ends
        streams.append(stream)
    extra = _gram_rows([[1, 2], [3, 4, 5], [int(streams[0][0]), int(streams[0][1])]])

    def shifted(numbers: np.ndarray) -> np.ndarray:
        return np.where(numbers == SENTENCE_END, SENTENCE_END, numbers + np.uint32(2**20)).astype(np.uint32)

    grams, pairs, extra_numbers = _phrase_pairs(streams, extra)
    wide_grams, wide_pairs, wide_extra = _phrase_pairs([shifted(stream) for stream in streams], shifted(extra))
    assert np.array_equal(shifted(grams), wide_grams)
    assert np.array_equal(pairs, wide_pairs) and np.array_equal(extra_numbers, wide_extra)
    # Every window of every document is there, and no window across a sentence end.
    low, high = NGRAM_RANGE
    for number, stream in enumerate(streams[:3]):
        sentences = np.split(stream, np.flatnonzero(stream == SENTENCE_END))
        expected = set()
        for sentence in sentences:
            words = [int(word) for word in sentence if word != SENTENCE_END]
            for n in range(low, high + 1):
                expected.update(tuple(words[i : i + n]) + (0,) * (high - n) for i in range(len(words) - n + 1))
        found = {tuple(grams[pair % len(grams)].tolist()) for pair in pairs.tolist() if pair // len(grams) == number}
        assert found == expected


def test_tfidf_from_token_numbers_matches_the_vectorizer() -> None:
    from sklearn.feature_extraction.text import TfidfVectorizer

    rng = np.random.default_rng(11)
    tokens = ["", *(f"词{number}" for number in rng.permutation(300))]  # numbers not in sorted order
    counts = [Counter({tokens[index]: int(rng.integers(1, 5)) for index in rng.integers(1, 301, 60)}) for _ in range(40)]
    number_of = {token: number for number, token in enumerate(tokens)}

    def numbered(counter: Counter) -> tuple[np.ndarray, np.ndarray]:
        return (np.array([number_of[token] for token in counter], dtype=np.uint32),
                np.array(list(counter.values()), dtype=np.int64))

    sections = counts[5:25]
    for max_features in (None, 10_000, 50):  # 50: the vocabulary is cut to the most frequent
        reference = TfidfVectorizer(analyzer=lambda counter: list(counter.elements()), min_df=2,
                                    max_features=max_features, dtype=np.float64).fit(counts)
        weighting = _fit_tfidf([numbered(counter) for counter in counts], tokens, 2, max_features)
        assert weighting.vocabulary == list(reference.get_feature_names_out())
        assert np.array_equal(weighting.transformer.idf_, reference.idf_)
        ours = weighting.transform([numbered(counter) for counter in sections])
        theirs = reference.transform(sections)
        assert np.array_equal(ours.toarray(), theirs.toarray())
        assert np.array_equal(np.asarray(ours.mean(axis=0)), np.asarray(theirs.mean(axis=0)))


def test_pool_tasks_cover_every_source_once_largest_first(tmp_path: Path) -> None:
    sources = []
    for number, (unit, size) in enumerate([("甲", 10), ("乙", 500), ("甲", 30), ("丙", 5000), ("乙", 20)]):
        path = tmp_path / f"{number}.txt"
        path.write_text("字" * size, "utf-8")
        sources.append(SourceFile(path=path, name=path.name, unit=unit))
    tasks = _tasks(sources, 2)
    assert sorted(index for task in tasks for index in task) == list(range(len(sources)))
    assert tasks[0] == [3]  # the largest unit first
    assert [1, 4] in tasks and [0, 2] in tasks  # one unit's reports stay together
