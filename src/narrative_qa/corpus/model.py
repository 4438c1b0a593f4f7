"""The corpus model: statistics of the genre that rules compare a report against.

A model folder holds JSON and one .npz of plain arrays (never pickle), plus manifest.json
with the format version and a SHA-256 of every file. Loading checks all of that, so an
altered, truncated or foreign model is a clear `ModelError`, not a wrong finding later.

Loading needs only numpy and json (no scikit-learn, spaCy or jieba): `nqa lint` loads the
model on every run. Callers tokenise with `narrative_qa.nlp.segment` and pass tokens in.
"""

from __future__ import annotations

import json
import math
import os
from collections.abc import Sequence
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import Any

import numpy as np

from narrative_qa.corpus.hashing import phrase_key, sentence_fingerprint
from narrative_qa.corpus.store import atomic_folder, dumps_json, sha256_file, write_npz
from narrative_qa.document.model import SECTION_KEYS
from narrative_qa.errors import ModelError

FORMAT_VERSION = 1
MODEL_KIND = "narrative-qa-model"
GENERIC_KEY = "generic"  # the extra centroid row: what 五 says everywhere
CENTROID_KEYS: tuple[str, ...] = (*SECTION_KEYS, GENERIC_KEY)
FLAG_MANDATORY = 1  # phrase_flags bit: template / the form's own wording

# file name -> what it holds; every one is listed (with its checksum) in manifest.json
_JSON_FILES = ("vocabulary.json", "phrases.json", "distributions.json", "documents.json")
_ARRAYS_FILE = "arrays.npz"
_ARRAY_DTYPES = {
    "idf": np.float64,
    "centroids": np.float32,
    "phrase_keys": np.uint64,
    "phrase_df": np.uint32,
    "phrase_units": np.uint32,
    "phrase_flags": np.uint8,
    "fingerprint_keys": np.uint64,
    "fingerprint_counts": np.uint32,
    "distribution_values": np.float64,
}
SparseVector = dict[int, float]


@dataclass
class Model:
    """Corpus statistics. Built by `narrative_qa.corpus.build.build_model`, read by `load_model`.

    Arrays (index i of `phrase_*` is one phrase, sorted by key for binary search):
      idf[v]                    IDF of vocabulary token v (scikit-learn's smooth IDF)
      centroids[c, v]           mean L2-normalised TF-IDF vector of section CENTROID_KEYS[c]
      phrase_keys[p]            phrase_key(tokens) of an n-gram kept in the model
      phrase_df[p, y]           documents of year `years[y]` containing the phrase
      phrase_units[p]           distinct units whose reports contain it
      phrase_flags[p]           FLAG_MANDATORY for template wording
      fingerprint_keys[f] / fingerprint_counts[f]   sentence fingerprints in >= 2 documents
      distribution_values       concatenated sorted samples, indexed by `distributions`
    """

    vocabulary: list[str]
    years: list[int]
    year_documents: list[int]  # documents per entry of `years`
    year_eras: list[str]  # era of each entry of `years`
    phrase_texts: dict[str, str]  # hex key -> text, for phrases common across units
    distributions: dict[str, list[int]]  # "section|feature|era|level" -> [offset, size, documents]
    documents_summary: dict[str, Any]
    build: dict[str, Any]
    arrays: dict[str, np.ndarray]
    path: Path | None = None
    _token_index: dict[str, int] | None = field(default=None, repr=False)
    # Python-float copies of arrays read term by term on the lint path (indexing a numpy array
    # per term costs ten times more); built on first use, same values.
    _idf_values: list[float] | None = field(default=None, repr=False)
    _centroid_values: dict[str, tuple[list[float], float]] = field(default_factory=dict, repr=False)

    # --- vocabulary and TF-IDF -------------------------------------------------------

    @property
    def token_index(self) -> dict[str, int]:
        if self._token_index is None:
            self._token_index = {token: index for index, token in enumerate(self.vocabulary)}
        return self._token_index

    @property
    def n_documents(self) -> int:
        return int(sum(self.year_documents))

    def idf(self, token: str) -> float:
        """IDF of a token; a token the corpus never had gets the IDF of a document frequency
        of zero under the same smoothing (it is as rare as a token can be)."""
        index = self.token_index.get(token)
        if index is None:
            return math.log((1 + self.n_documents) / 1) + 1.0
        return float(self.arrays["idf"][index])

    def vectorize(self, tokens: Sequence[str]) -> SparseVector:
        """L2-normalised TF-IDF vector (raw counts times IDF, as scikit-learn computes it) over
        the model's vocabulary; tokens outside the vocabulary are ignored."""
        counts: dict[int, int] = {}
        index = self.token_index
        for token in tokens:
            position = index.get(token)
            if position is not None:
                counts[position] = counts.get(position, 0) + 1
        if not counts:
            return {}
        if self._idf_values is None:
            self._idf_values = self.arrays["idf"].tolist()
        idf = self._idf_values
        weights = {position: count * idf[position] for position, count in counts.items()}
        norm = math.sqrt(sum(weight * weight for weight in weights.values()))
        return {position: weight / norm for position, weight in sorted(weights.items())}

    @staticmethod
    def cosine(a: SparseVector | np.ndarray, b: SparseVector | np.ndarray) -> float:
        """Cosine similarity of two vectors, sparse (dict) or dense (array), in any mix."""
        if isinstance(a, dict) and isinstance(b, dict):
            if len(a) > len(b):
                a, b = b, a
            dot = sum(weight * b.get(position, 0.0) for position, weight in a.items())
            norm_a = math.sqrt(sum(w * w for w in a.values()))
            norm_b = math.sqrt(sum(w * w for w in b.values()))
        else:
            if isinstance(a, dict):
                a, b = b, a
            dense = np.asarray(a, dtype=np.float64)
            if isinstance(b, dict):
                dot = sum(weight * float(dense[position]) for position, weight in b.items())
                norm_b = math.sqrt(sum(w * w for w in b.values()))
            else:
                other = np.asarray(b, dtype=np.float64)
                dot = float(dense @ other)
                norm_b = float(np.linalg.norm(other))
            norm_a = float(np.linalg.norm(dense))
        if norm_a == 0.0 or norm_b == 0.0:
            return 0.0
        return float(dot / (norm_a * norm_b))

    def centroid(self, key: str) -> np.ndarray:
        """Dense centroid of a section key (SECTION_KEYS) or GENERIC_KEY."""
        if key not in CENTROID_KEYS:
            raise KeyError(key)
        return self.arrays["centroids"][CENTROID_KEYS.index(key)]

    def similarity_to_centroid(self, tokens: Sequence[str] | SparseVector, section_key: str) -> float:
        """Cosine between a text's TF-IDF vector and the corpus centroid of a section (the
        arithmetic of `cosine` for a sparse and a dense vector, on cached Python floats)."""
        vector = tokens if isinstance(tokens, dict) else self.vectorize(tokens)
        cached = self._centroid_values.get(section_key)
        if cached is None:
            centroid = np.asarray(self.centroid(section_key), dtype=np.float64)
            cached = self._centroid_values[section_key] = (centroid.tolist(), float(np.linalg.norm(centroid)))
        values, centroid_norm = cached
        dot = sum(weight * values[position] for position, weight in vector.items())
        vector_norm = math.sqrt(sum(weight * weight for weight in vector.values()))
        if centroid_norm == 0.0 or vector_norm == 0.0:
            return 0.0
        return float(dot / (centroid_norm * vector_norm))

    def generic_similarity(self, tokens: Sequence[str] | SparseVector) -> float:
        """Cosine to the generic centroid of 五: the wording most 五 sections share
        (terms found in at least `build.generic_min_share` of them). High = generic text."""
        return self.similarity_to_centroid(tokens, GENERIC_KEY)

    # --- phrases ---------------------------------------------------------------------

    def _phrase_index(self, phrase: Sequence[str] | int) -> int | None:
        key = phrase if isinstance(phrase, int) else phrase_key(phrase)
        keys = self.arrays["phrase_keys"]
        position = int(np.searchsorted(keys, np.uint64(key)))
        if position < len(keys) and int(keys[position]) == key:
            return position
        return None

    def _year_columns(self, year: int | None, era: str | None) -> list[int]:
        return [
            column
            for column, (entry_year, entry_era) in enumerate(zip(self.years, self.year_eras))
            if (year is None or entry_year == year) and (era is None or entry_era == era)
        ]

    def phrase_df(
        self, phrase: Sequence[str] | int, year: int | None = None, era: str | None = None
    ) -> tuple[int, float]:
        """(documents containing the n-gram, their share of the documents considered), over the
        whole corpus or one year / era. Phrases below the model's `min_phrase_df` count 0."""
        columns = self._year_columns(year, era)
        total = sum(self.year_documents[column] for column in columns)
        index = self._phrase_index(phrase)
        if index is None or total == 0:
            return 0, 0.0
        count = int(self.arrays["phrase_df"][index, columns].sum())
        return count, count / total

    def phrase_units(self, phrase: Sequence[str] | int) -> int:
        index = self._phrase_index(phrase)
        return 0 if index is None else int(self.arrays["phrase_units"][index])

    def is_mandatory_phrase(self, phrase: Sequence[str] | int) -> bool:
        """Template wording: the form's own titles and labels, or an n-gram found in nearly
        every document of its era (see build.MANDATORY_SHARE). Never boilerplate."""
        index = self._phrase_index(phrase)
        return index is not None and bool(self.arrays["phrase_flags"][index] & FLAG_MANDATORY)

    def phrase_text(self, phrase: Sequence[str] | int) -> str | None:
        """Readable text of a phrase common across units (stored for evidence), else None."""
        key = phrase if isinstance(phrase, int) else phrase_key(phrase)
        return self.phrase_texts.get(f"{key:016x}")

    # --- sentence fingerprints -------------------------------------------------------

    def fingerprint_count(self, sentence: str | int) -> int:
        """Documents in the corpus containing this sentence (after `normalise_sentence`:
        numbers, spaces and punctuation do not matter). Sentences seen once count 0."""
        key = sentence if isinstance(sentence, int) else sentence_fingerprint(sentence)
        if key is None:
            return 0
        keys = self.arrays["fingerprint_keys"]
        position = int(np.searchsorted(keys, np.uint64(key)))
        if position < len(keys) and int(keys[position]) == key:
            return int(self.arrays["fingerprint_counts"][position])
        return 0

    # --- section distributions -------------------------------------------------------

    def distribution(
        self, section_key: str, feature: str, level: str | None = None, era: str | None = None
    ) -> np.ndarray | None:
        """Sorted sample of a section feature for the narrowest group that has data:
        (era, level), then era alone, then level alone, then the whole corpus."""
        for group_era, group_level in ((era, level), (era, None), (None, level), (None, None)):
            entry = self.distributions.get(_group_key(section_key, feature, group_era, group_level))
            if entry is not None:
                offset, size, _ = entry
                return self.arrays["distribution_values"][offset : offset + size]
        return None

    def section_percentile(
        self, section_key: str, feature: str, value: float, level: str | None = None, era: str | None = None
    ) -> float | None:
        """Percentile (0-100) of `value` among the corpus sections of the same kind: the share
        of sections below it plus half of those equal to it. None if the model has no data."""
        sample = self.distribution(section_key, feature, level, era)
        if sample is None or len(sample) == 0:
            return None
        below = int(np.searchsorted(sample, value, side="left"))
        not_above = int(np.searchsorted(sample, value, side="right"))
        return 100.0 * (below + 0.5 * (not_above - below)) / len(sample)

    @property
    def features(self) -> list[str]:
        return list(self.build.get("features", []))

    @property
    def documents(self) -> dict[str, Any]:
        """Corpus summary: documents by year, level, era; units; skipped and duplicate counts."""
        return self.documents_summary

    # --- writing ---------------------------------------------------------------------

    def save(self, folder: Path, force: bool = False) -> Path:
        """Write the model atomically to `folder` (see store.atomic_folder)."""
        folder = Path(folder)
        with atomic_folder(folder, force=force) as temp:
            self.write_files(temp)
        self.path = folder.resolve()
        return self.path

    def write_files(self, folder: Path) -> None:
        payloads = {
            "vocabulary.json": {"tokens": self.vocabulary},
            "phrases.json": {
                "years": self.years,
                "year_documents": self.year_documents,
                "year_eras": self.year_eras,
                "texts": self.phrase_texts,
            },
            "distributions.json": {"groups": self.distributions},
            "documents.json": self.documents_summary,
        }
        for name, payload in payloads.items():
            (folder / name).write_bytes(dumps_json(payload))
        write_npz(folder / _ARRAYS_FILE, {name: self.arrays[name].astype(dtype, copy=False) for name, dtype in _ARRAY_DTYPES.items()})
        files = {
            name: {"sha256": sha256_file(folder / name), "bytes": (folder / name).stat().st_size}
            for name in (*_JSON_FILES, _ARRAYS_FILE)
        }
        manifest = {
            "kind": MODEL_KIND,
            "format_version": FORMAT_VERSION,
            "build": self.build,
            "corpus": {key: self.documents_summary.get(key) for key in ("documents", "by_year", "by_level", "by_era", "units")},
            "files": files,
        }
        (folder / "manifest.json").write_bytes(dumps_json(manifest))


def _group_key(section_key: str, feature: str, era: str | None, level: str | None) -> str:
    return f"{section_key}|{feature}|{era or '*'}|{level or '*'}"


def load_model(path: str | os.PathLike[str] | None = None) -> Model:
    """Read and validate a model folder (default: `default_model_path()`)."""
    folder = Path(path) if path is not None else default_model_path()
    manifest_path = folder / "manifest.json"
    if not folder.is_dir():
        raise ModelError(f"找不到模型文件夹：{folder}")
    if not manifest_path.is_file():
        raise ModelError(f"{folder} 不是模型文件夹（缺少 manifest.json）。")
    try:
        manifest = json.loads(manifest_path.read_text("utf-8"))
    except (OSError, ValueError) as error:
        raise ModelError(f"模型清单 {manifest_path} 已损坏，无法读取（{error.__class__.__name__}）。请重新构建模型。") from None
    if not isinstance(manifest, dict) or manifest.get("kind") != MODEL_KIND:
        raise ModelError(f"{folder} 不是 narrative-qa 模型文件夹。")
    version = manifest.get("format_version")
    if version != FORMAT_VERSION:
        raise ModelError(
            f"模型格式版本为 {version}，本程序只能读取版本 {FORMAT_VERSION}；请用当前版本的 nqa corpus build 重新构建模型。"
        )
    files = manifest.get("files")
    if not isinstance(files, dict) or set(files) != {*_JSON_FILES, _ARRAYS_FILE}:
        raise ModelError(f"模型清单 {manifest_path} 的文件列表不完整。请重新构建模型。")
    for name, expected in sorted(files.items()):
        file_path = folder / name
        if not file_path.is_file():
            raise ModelError(f"模型文件缺失：{file_path}。请重新构建模型。")
        size = file_path.stat().st_size
        if size != expected.get("bytes"):
            raise ModelError(f"模型文件 {file_path} 大小不符（{size} 字节，清单记录 {expected.get('bytes')} 字节），可能被截断或修改。请重新构建模型。")
        if sha256_file(file_path) != expected.get("sha256"):
            raise ModelError(f"模型文件 {file_path} 的校验和不符，文件已被修改或损坏。请重新构建模型。")
    try:
        payloads = {name: json.loads((folder / name).read_text("utf-8")) for name in _JSON_FILES}
        with np.load(folder / _ARRAYS_FILE, allow_pickle=False) as archive:
            arrays = {name: archive[name] for name in _ARRAY_DTYPES}
    except (OSError, ValueError, KeyError) as error:
        raise ModelError(f"模型 {folder} 的数据无法读取（{error.__class__.__name__}）。请重新构建模型。") from None
    try:
        phrases = payloads["phrases.json"]
        model = Model(
            vocabulary=payloads["vocabulary.json"]["tokens"],
            years=phrases["years"],
            year_documents=phrases["year_documents"],
            year_eras=phrases["year_eras"],
            phrase_texts=phrases["texts"],
            distributions=payloads["distributions.json"]["groups"],
            documents_summary=payloads["documents.json"],
            build=manifest.get("build", {}),
            arrays=arrays,
            path=folder.resolve(),
        )
        _check_shapes(model, folder)
    except (KeyError, TypeError, ValueError):  # consistent checksums but not our layout
        raise ModelError(f"模型 {folder} 的内容结构不符合格式版本 {FORMAT_VERSION}。请重新构建模型。") from None
    return model


def _check_shapes(model: Model, folder: Path) -> None:
    arrays = model.arrays
    vocabulary_size = len(model.vocabulary)
    phrases = len(arrays["phrase_keys"])
    problems = []
    for name, dtype in _ARRAY_DTYPES.items():
        if arrays[name].dtype != dtype:
            problems.append(f"{name} 类型 {arrays[name].dtype}")
    if arrays["idf"].shape != (vocabulary_size,):
        problems.append("idf")
    if arrays["centroids"].shape != (len(CENTROID_KEYS), vocabulary_size):
        problems.append("centroids")
    if arrays["phrase_df"].shape != (phrases, len(model.years)):
        problems.append("phrase_df")
    if arrays["phrase_units"].shape != (phrases,) or arrays["phrase_flags"].shape != (phrases,):
        problems.append("phrase_units/phrase_flags")
    if arrays["fingerprint_counts"].shape != arrays["fingerprint_keys"].shape:
        problems.append("fingerprints")
    if not (len(model.years) == len(model.year_documents) == len(model.year_eras)):
        problems.append("years")
    total = len(arrays["distribution_values"])
    if any(offset < 0 or offset + size > total for offset, size, _ in model.distributions.values()):
        problems.append("distributions")
    if problems:
        raise ModelError(f"模型 {folder} 的数据形状不一致（{'、'.join(problems)}）。请重新构建模型。")


def default_model_path() -> Path:
    """models/default of a source checkout, else the copy installed inside the package
    (narrative_qa/_models/default, see pyproject.toml)."""
    checkout = Path(__file__).resolve().parents[3] / "models" / "default"
    if (checkout / "manifest.json").is_file():
        return checkout
    installed = resources.files("narrative_qa") / "_models" / "default"
    return Path(str(installed))

