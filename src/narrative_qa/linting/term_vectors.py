"""Sentence term counts that cross a process boundary cheaply, and the cosine measure on them.

The batch comparison (batch_compare.py) needs, in the parent, the TF-IDF vectors of every
compared sentence of every report. Sending each sentence's token tuple from the workers cost
~6 MB of pickled strings for the real corpus, and rebuilding a dense matrix for every candidate
pair from those tokens was most of the parent's serial pass. Here a report's sentences travel as
one vocabulary (its distinct tokens, sent once) and three numpy arrays in CSR layout (pickled as
raw bytes); the parent weights them with a model's IDF once per report and compares two reports
on the columns they share only.

The vectors are those of `rules._text.tfidf_rows` (term counts times the model's IDF, each row
L2-normalised), so the cosines are the ones `--compare` computes, up to rounding in the last
digits (the sums run over the shared tokens only, in another order).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np


@dataclass(slots=True)
class TermCounts:
    """Term frequencies of a report's compared sentences: sentence i has the counts
    `counts[offsets[i]:offsets[i + 1]]` of the tokens `vocabulary[columns[...]]`."""

    vocabulary: tuple[str, ...]  # distinct tokens, in order of first use
    columns: np.ndarray  # int32, into vocabulary; distinct within a sentence
    counts: np.ndarray  # float64
    offsets: np.ndarray  # int64, one more than there are sentences

    @classmethod
    def of(cls, token_lists: Sequence[Sequence[str]]) -> TermCounts:
        vocabulary: dict[str, int] = {}
        columns: list[int] = []
        counts: list[float] = []
        offsets = [0]
        for tokens in token_lists:
            sentence: dict[int, float] = {}
            for token in tokens:
                column = vocabulary.setdefault(token, len(vocabulary))
                sentence[column] = sentence.get(column, 0.0) + 1.0
            columns.extend(sentence)
            counts.extend(sentence.values())
            offsets.append(len(columns))
        return cls(
            vocabulary=tuple(vocabulary),
            columns=np.array(columns, dtype=np.int32),
            counts=np.array(counts, dtype=np.float64),
            offsets=np.array(offsets, dtype=np.int64),
        )

    @property
    def sentences(self) -> int:
        return len(self.offsets) - 1


@dataclass(slots=True)
class SentenceVectors:
    """A report's L2-normalised TF-IDF sentence vectors over global token ids (one entry per
    sentence and distinct token), ready to be compared with another report's."""

    sentences: int
    rows: np.ndarray  # sentence of each entry
    token_ids: np.ndarray  # global id of each entry's token
    values: np.ndarray  # its weight
    vocabulary_ids: np.ndarray  # the report's distinct global ids, sorted


def normalised_weights(terms: TermCounts, model: Any) -> tuple[np.ndarray, np.ndarray]:
    """(sentence of each entry, its weight): `terms` weighted with `model`'s IDF (uniform
    without a model), each sentence L2-normalised."""
    from narrative_qa.rules._text import idf_array

    idf = idf_array(model, list(terms.vocabulary))
    values = terms.counts * idf[terms.columns]
    rows = np.repeat(np.arange(terms.sentences), np.diff(terms.offsets))
    norms = np.sqrt(np.bincount(rows, weights=values * values, minlength=terms.sentences))
    norms[norms == 0] = 1.0
    return rows, values / norms[rows]


def sentence_vectors(
    terms: TermCounts, model: Any, vocabulary_ids: np.ndarray, weights: np.ndarray | None = None
) -> SentenceVectors:
    """The `normalised_weights` of `terms` under `model` (or `weights`, when they were computed
    already); `vocabulary_ids` are the ids of `terms.vocabulary` among all the tokens of the
    reports compared."""
    if weights is None:
        rows, values = normalised_weights(terms, model)
    else:
        rows, values = np.repeat(np.arange(terms.sentences), np.diff(terms.offsets)), weights
    return SentenceVectors(
        sentences=terms.sentences,
        rows=rows,
        token_ids=vocabulary_ids[terms.columns],
        values=values,
        vocabulary_ids=np.sort(vocabulary_ids),
    )


def best_similarity(mine: SentenceVectors, theirs: SentenceVectors) -> np.ndarray:
    """For each of my sentences, its highest cosine with any of theirs (0 when nothing is
    shared or they have no sentences)."""
    from narrative_qa.rules._text import small_matmul

    shared = np.intersect1d(mine.vocabulary_ids, theirs.vocabulary_ids, assume_unique=True)
    if theirs.sentences == 0 or len(shared) == 0:
        return np.zeros(mine.sentences)
    return small_matmul(_on_columns(mine, shared), _on_columns(theirs, shared).T).max(axis=1)


def _on_columns(vectors: SentenceVectors, shared: np.ndarray) -> np.ndarray:
    """The dense sentences x `shared` matrix of `vectors` (other tokens add nothing to a dot
    product with a report that lacks them)."""
    positions = np.searchsorted(shared, vectors.token_ids)
    inside = positions < len(shared)
    inside[inside] = shared[positions[inside]] == vectors.token_ids[inside]
    matrix = np.zeros((vectors.sentences, len(shared)), dtype=np.float64)
    matrix[vectors.rows[inside], positions[inside]] = vectors.values[inside]
    return matrix
