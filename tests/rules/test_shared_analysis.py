"""What the rules derive from a report once and share (rules/_memo.py, the sentence analysis,
the claims, the bigram cosines of redundant-sentence) equals what computing it afresh gives."""

from __future__ import annotations

import math
from collections import Counter
from pathlib import Path

import numpy as np

from narrative_qa.corpus.hashing import normalise_sentence, sentence_fingerprint
from narrative_qa.document.parse import read_report
from narrative_qa.rules import _memo
from narrative_qa.rules._claims import _sentence_claims, extract_claims
from narrative_qa.rules._narrative import narrative_sentences
from narrative_qa.rules._text import analyze_report
from narrative_qa.rules.boilerplate import bigram_cosines


def _dictionary_cosine(first: str, second: str) -> float:
    a = Counter(first[i : i + 2] for i in range(len(first) - 1))
    b = Counter(second[i : i + 2] for i in range(len(second) - 1))
    dot = sum(count * b.get(gram, 0) for gram, count in a.items())
    norm = math.sqrt(sum(c * c for c in a.values()) * sum(c * c for c in b.values()))
    return dot / norm if norm else 0.0


def test_bigram_cosines_equal_the_dictionary_cosine_exactly() -> None:
    texts = [
        normalise_sentence(text)
        for text in (
            "严格落实信息发布审核制度，确保公开信息准确。",
            "严格落实信息发布审核制度，确保公开的信息准确无误。",
            "青禾县民政局全年主动公开政府信息186条。",
            "松川市审计局全年主动公开政府信息42条。",
            "审核审核审核制度制度",
            "好",
            "",
            "ABC abc 123",
        )
    ]
    matrix = bigram_cosines(texts)
    assert matrix.shape == (len(texts), len(texts))
    for i, first in enumerate(texts):
        for j, second in enumerate(texts):
            assert matrix[i, j] == _dictionary_cosine(first, second), (first, second)
    assert matrix[0, 1] > 0.8 and matrix[2, 3] > 0.5 and matrix[0, 2] < 0.3


def test_bigram_cosines_of_identical_texts_are_one() -> None:
    text = normalise_sentence("进一步规范依申请公开答复文书，统一答复格式。")
    assert np.array_equal(bigram_cosines([text, text]), np.ones((2, 2)))


def test_sentence_analysis_keeps_the_corpus_fingerprints(seed_report: Path) -> None:
    analysis = analyze_report(read_report(seed_report))
    assert analysis.sentences
    for info in analysis.sentences:
        assert info.normalised == normalise_sentence(info.core)
        assert info.fingerprint == sentence_fingerprint(info.core)


def test_claims_are_extracted_once_and_equal_a_fresh_extraction(seed_report: Path) -> None:
    report = read_report(seed_report)
    fresh = [claim for sentence in narrative_sentences(report) for claim in _sentence_claims(sentence, report.year)]
    first = extract_claims(report)
    second = extract_claims(report)
    assert first == fresh and second == fresh
    assert first is not second  # callers get their own list
    assert all(a is b for a, b in zip(first, second))  # the claims themselves are shared


def test_report_memo_is_per_report_object(seed_report: Path) -> None:
    one, other = read_report(seed_report), read_report(seed_report)
    _memo.report_memo(one)["key"] = 1
    assert _memo.report_memo(one) == {"key": 1}
    assert _memo.report_memo(other) == {}  # an equal report read again is another object
    _memo.clear()
    assert _memo.report_memo(one) == {}


class _NoHints:
    """Stands in for _claims._CLAIM_HINTS: lets every clause through to the patterns."""

    def isdisjoint(self, _text: str) -> bool:
        return False


def test_claim_hints_skip_only_clauses_without_claims(real_corpus: Path, monkeypatch) -> None:
    from narrative_qa.rules import _claims
    from tests.conftest import read_manifest

    def claims(report) -> list:
        return [claim for sentence in narrative_sentences(report) for claim in _sentence_claims(sentence, report.year)]

    reports = [read_report(real_corpus / row["file"]) for row in read_manifest() if row["format"] == "txt"]
    with_hints = [claims(report) for report in reports]
    monkeypatch.setattr(_claims, "_CLAIM_HINTS", _NoHints())
    assert [claims(report) for report in reports] == with_hints
    assert sum(map(len, with_hints)) > 100
