"""The corpus build's per-document shortcuts give what the plain computations give, over every
sentence of the real reports (2019 and later): clause-by-clause tokens from the build's memo,
n-grams as joined strings, fingerprints from a shared NFKC form, and the sort-based distinct
shingles."""

from __future__ import annotations

import unicodedata
from pathlib import Path

import numpy as np

from narrative_qa.corpus.build import NGRAM_RANGE, TextMemo, _distinct, _tasks, map_document
from narrative_qa.corpus.hashing import joined_ngrams, joined_phrase, ngrams, sentence_fingerprint, split_phrase
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
        words, grams, fingerprint, form = memo.sentence(text)
        expected = segmenter.content_tokens(text)
        assert words == expected, text[:20]
        assert grams == [joined_phrase(gram) for gram in ngrams(expected, low, high)]
        assert [split_phrase(gram) for gram in grams] == ngrams(expected, low, high)
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
        shared, alone = map_document(entry, memo), map_document(entry)
        assert shared.tokens == alone.tokens and shared.phrases == alone.phrases
        assert shared.fingerprints == alone.fingerprints and shared.text_hash == alone.text_hash
        assert shared.section_tokens == alone.section_tokens and shared.section_features == alone.section_features


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
