"""Character n-gram TF-IDF cosine similarity for short titles, in plain Python.

Headings are a handful of short strings per report, so a dictionary-based implementation
is instant and keeps scikit-learn (0.9 s to import) out of `nqa lint`.
Weights follow scikit-learn's `TfidfVectorizer(analyzer="char", smooth_idf=True)`:
idf = ln((1 + n) / (1 + df)) + 1, rows L2-normalised, so numbers match what a notebook
computes with sklearn on the same strings.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Sequence

# What two spellings of one title may differ by without being different titles:
# whitespace (一、总 体 情 况), punctuation of either width, and quotation marks.
_NOISE = re.compile(r"[\s\u3000\u00a0、，,。.：:；;（）()“”\"'‘’《》〈〉【】\[\]·•—\-_/]+")


def normalize_title(title: str) -> str:
    """The title with spacing and punctuation removed: the form duplicate checks compare."""
    return _NOISE.sub("", title)


def char_ngrams(text: str, sizes: Sequence[int] = (1, 2)) -> Counter[str]:
    grams: Counter[str] = Counter()
    for size in sizes:
        for index in range(len(text) - size + 1):
            grams[text[index : index + size]] += 1
    return grams


def tfidf_cosine_matrix(texts: Sequence[str], sizes: Sequence[int] = (1, 2), rows: int | None = None) -> list[list[float]]:
    """Pairwise cosine similarity of the texts' character n-gram TF-IDF vectors.

    The IDF is computed over `texts` themselves: callers pass the document's headings
    together with the standard section titles, so n-grams every title shares (情况, 政府信息)
    weigh less than the words that tell sections apart. With `rows`, only the similarities
    among the first `rows` texts are computed (the same numbers); the others only weigh in
    the IDF and their entries stay 0.0.
    """
    counts = [char_ngrams(text, sizes) for text in texts]
    document_frequency: Counter[str] = Counter()
    for grams in counts:
        document_frequency.update(grams.keys())
    total = len(texts)
    idf = {gram: math.log((1 + total) / (1 + df)) + 1.0 for gram, df in document_frequency.items()}
    compared = total if rows is None else min(rows, total)
    vectors: list[dict[str, float]] = []
    for grams in counts[:compared]:
        vector = {gram: count * idf[gram] for gram, count in grams.items()}
        norm = math.sqrt(sum(weight * weight for weight in vector.values())) or 1.0
        vectors.append({gram: weight / norm for gram, weight in vector.items()})
    matrix = [[0.0] * total for _ in range(total)]
    for i in range(compared):
        matrix[i][i] = 1.0 if vectors[i] else 0.0
        for j in range(i + 1, compared):
            small, large = (vectors[i], vectors[j]) if len(vectors[i]) <= len(vectors[j]) else (vectors[j], vectors[i])
            similarity = sum(weight * large.get(gram, 0.0) for gram, weight in small.items())
            matrix[i][j] = matrix[j][i] = similarity
    return matrix
