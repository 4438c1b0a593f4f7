"""Sentence vectors of the batch comparison (linting/term_vectors.py): the cosines computed from
term counts over shared columns are those of rules._text.cross_similarity, which `--compare`
uses, on real reports (two 平潭 units of 2024) and on hand-made token lists."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from narrative_qa.corpus.model import default_model_path, load_model
from narrative_qa.document.parse import read_report
from narrative_qa.linting.term_vectors import TermCounts, best_similarity, sentence_vectors
from narrative_qa.rules._text import analyze_report, cross_similarity

PINGTAN = Path(__file__).resolve().parents[3] / "shared" / "corpus" / "real" / "pingtan"


def vectors_of(token_lists, model, global_ids):
    terms = TermCounts.of(token_lists)
    ids = np.array([global_ids.setdefault(token, len(global_ids)) for token in terms.vocabulary], dtype=np.int64)
    return sentence_vectors(terms, model, ids)


def test_term_counts_keep_repeats_and_sentences_without_tokens() -> None:
    terms = TermCounts.of([["公开", "信息", "公开"], [], ["信息"]])
    assert terms.vocabulary == ("公开", "信息")
    assert terms.offsets.tolist() == [0, 2, 2, 3]
    assert terms.columns.tolist() == [0, 1, 1]
    assert terms.counts.tolist() == [2.0, 1.0, 1.0]


def test_best_similarity_by_hand_without_a_model() -> None:
    ids: dict[str, int] = {}
    mine = vectors_of([["公开", "信息"], ["依申请"], []], None, ids)
    theirs = vectors_of([["公开", "信息"], ["公开"]], None, ids)
    best = best_similarity(mine, theirs)
    assert best[0] == pytest.approx(1.0)
    assert best[1] == 0.0  # nothing shared
    assert best[2] == 0.0  # no tokens at all
    lonely = vectors_of([["复议"]], None, ids)
    assert best_similarity(mine, lonely).tolist() == [0.0, 0.0, 0.0]
    assert best_similarity(mine, vectors_of([], None, ids)).tolist() == [0.0, 0.0, 0.0]


@pytest.mark.skipif(not PINGTAN.is_dir(), reason="needs ../shared/corpus/real")
def test_cosines_are_those_of_cross_similarity_on_real_reports() -> None:
    model = load_model(default_model_path())
    first = analyze_report(read_report(PINGTAN / "ptzhsyqczj" / "2024.txt"))
    second = analyze_report(read_report(PINGTAN / "ptzhsyqgaj" / "2024.txt"))
    rows = list(range(len(first.sentences)))
    other_rows = list(range(len(second.sentences)))
    expected = cross_similarity(first, rows, second, other_rows, model).max(axis=1)
    ids: dict[str, int] = {}
    mine = vectors_of([info.tokens for info in first.sentences], model, ids)
    theirs = vectors_of([info.tokens for info in second.sentences], model, ids)
    found = best_similarity(mine, theirs)
    assert len(found) == len(rows) > 20
    assert np.allclose(found, expected, rtol=0, atol=1e-12)
    assert (expected > 0.3).sum() >= 5 and expected.max() == pytest.approx(1.0)  # shared wording: not all zeros
