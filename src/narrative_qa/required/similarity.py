"""Character-bigram TF-IDF in plain Python, fitted on the rulebook's exemplar phrasings.

Why not the corpus model's word IDF: the model is tokenised with jieba (0.6 s to load) and
changes with every corpus refresh, which would move every entry's threshold with it. Bigrams
of Chinese characters need no segmenter, and an IDF over the exemplars of *all* entries
down-weights what every required statement shares (政府, 公开, 信息) and up-weights what tells
one statement from another (整改, 处理费, 统计期限) — which is the distinction detection needs.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Iterable

from narrative_qa.rules._similarity import char_ngrams

Vector = dict[str, float]

# Digits carry no meaning for "is this the same kind of statement" (若干 vs 12 vs 3,456);
# punctuation and spaces only split bigrams that belong together.
_NOISE = re.compile(r"[\s\u3000\u00a0，。、；：！？,.;:!?（）()《》〈〉<>“”‘’\"'【】\[\]—\-－…·/]+")
_NUMBER = re.compile(r"\d+(?:\.\d+)?|若干")


def normalise(text: str) -> str:
    return _NOISE.sub("", _NUMBER.sub("0", text))


def bigrams(text: str) -> Counter[str]:
    clean = normalise(text)
    if len(clean) < 2:
        return Counter([clean] if clean else [])
    return char_ngrams(clean, (2,))


class BigramTfidf:
    """Smooth IDF (as scikit-learn computes it) over a list of documents; sublinear TF."""

    def __init__(self) -> None:
        self.idf_: dict[str, float] = {}
        self.unseen_idf_: float = 1.0

    def fit(self, documents: Iterable[str]) -> BigramTfidf:
        frequencies: Counter[str] = Counter()
        count = 0
        for document in documents:
            count += 1
            frequencies.update(bigrams(document).keys())
        self.idf_ = {gram: math.log((1 + count) / (1 + df)) + 1.0 for gram, df in frequencies.items()}
        self.unseen_idf_ = math.log(1 + count) + 1.0
        return self

    def vectorize(self, text: str) -> Vector:
        counts = bigrams(text)
        weights = {
            gram: (1.0 + math.log(count)) * self.idf_.get(gram, self.unseen_idf_) for gram, count in counts.items()
        }
        norm = math.sqrt(sum(weight * weight for weight in weights.values()))
        if norm == 0.0:
            return {}
        return {gram: weight / norm for gram, weight in weights.items()}


def cosine(a: Vector, b: Vector) -> float:
    """Cosine of two L2-normalised sparse vectors."""
    if len(a) > len(b):
        a, b = b, a
    return sum(weight * b.get(gram, 0.0) for gram, weight in a.items())
