"""A model built from the project's own sample corpus (corpora/sample): what a fresh checkout
can build, and what the rules will ask of it."""

from __future__ import annotations

import math
from pathlib import Path

import pytest

from narrative_qa.corpus.build import build_model
from narrative_qa.corpus.hashing import normalise_sentence, sentence_fingerprint
from narrative_qa.corpus.model import Model, load_model
from narrative_qa.nlp.segment import get_segmenter

SAMPLE_CORPUS = Path(__file__).resolve().parents[2] / "corpora" / "sample"


@pytest.fixture(scope="module")
def model(sample_model_dir: Path) -> Model:
    return load_model(sample_model_dir)


def test_documents_metadata_and_duplicates(model: Model) -> None:
    summary = model.documents
    # 17 files in the manifest; the Markdown copy of 松川市审计局 2025 is the same report.
    assert summary["documents"] == 16
    assert summary["by_year"] == {"2024": 8, "2025": 8}
    assert summary["by_level"] == {"department": 8, "government": 4, "township": 4}
    assert summary["duplicates"] == [{"name": "2025/songchuan-shenjiju.md", "kept": "2025/songchuan-shenjiju.txt"}]
    assert summary["units"] == 8
    names = [entry["name"] for entry in summary["files"]]
    # 柳塘街道 2025 copies its 2024 report with new figures: a copy across years, not a duplicate.
    assert "2024/liutang-jiedao.txt" in names and "2025/liutang-jiedao.txt" in names


def test_no_text_is_stored_except_common_phrases(sample_model_dir: Path) -> None:
    stored = "".join(path.read_text("utf-8") for path in sample_model_dir.glob("*.json"))
    sentence = "审计整改情况公告发布滞后，3份公告晚于整改期限届满后两个月才发布"
    assert sentence not in stored
    assert "公告晚于整改期限" not in stored  # a one-body phrase: hashed only


def test_fingerprints_count_documents_not_occurrences(model: Model) -> None:
    # The fee sentence is in every sample report.
    assert model.fingerprint_count("本年度未收取政府信息公开信息处理费。") == 16
    # Numbers, punctuation and spaces do not change a fingerprint.
    assert normalise_sentence("全年组织培训 12 场。") == normalise_sentence("全年组织培训3场")
    assert sentence_fingerprint("全年组织培训12场") == sentence_fingerprint("全年组织培训3场。")
    # 柳塘街道 2025 repeats its 2024 problems word for word: two documents.
    assert model.fingerprint_count("一是社区服务事项清单与实际办理情况存在差异；") == 2
    assert model.fingerprint_count("这句话不在任何报告里。") == 0


def test_phrase_document_frequency_and_template_wording(model: Model) -> None:
    segmenter = get_segmenter()
    generic = segmenter.content_tokens("业务能力有待提高")
    count, share = model.phrase_df(generic)
    assert count == 0  # only 云岭县文化和旅游局 (2 documents) uses it: below the minimum of 3
    fee = segmenter.content_tokens("未收取政府信息公开信息处理费")
    count, share = model.phrase_df(fee[:2])
    assert count == 16 and share == 1.0
    assert model.phrase_df(fee[:2], year=2025) == (8, 1.0)
    # The form's own labels are template wording, never boilerplate.
    label = segmenter.content_tokens("本机关不掌握相关政府信息")
    assert model.is_mandatory_phrase(label[:2])
    assert not model.is_mandatory_phrase(segmenter.content_tokens("老旧小区改造项目进度"))


def test_tfidf_vectors_and_centroids(model: Model) -> None:
    segmenter = get_segmenter()
    vector = model.vectorize(segmenter.content_tokens("组织业务培训，提高政务公开工作人员业务能力"))
    assert vector and math.isclose(sum(weight * weight for weight in vector.values()), 1.0)
    assert model.cosine(vector, vector) == pytest.approx(1.0)
    assert model.idf("完全没见过的词语") >= max(model.idf(token) for token in model.vocabulary)
    # 五-like text sits nearer the 五 centroid than the 一 centroid.
    problems = segmenter.content_tokens("一是异地就医备案办事指南存在不一致；针对上述问题，将修订办事指南")
    assert model.similarity_to_centroid(problems, "problems") > model.similarity_to_centroid(problems, "overview")
    # (generic_similarity needs a real corpus: see test_real_corpus.py)


def test_section_percentiles(model: Model) -> None:
    low = model.section_percentile("problems", "length", 10)
    high = model.section_percentile("problems", "length", 10_000)
    assert low == 0.0 and high == 100.0
    middle = model.section_percentile("problems", "length", 150, level="department", era="2021format")
    assert 0.0 < middle < 100.0
    assert model.section_percentile("problems", "no-such-feature", 1.0) is None
    assert set(model.features) >= {"length", "figures", "dates", "units", "documents", "channels"}


def test_same_sources_give_identical_files(sample_model_dir: Path, tmp_path: Path) -> None:
    again = build_model([SAMPLE_CORPUS / "manifest.tsv"], tmp_path / "again", jobs=2)
    assert again.model.n_documents == 16
    for path in sorted(sample_model_dir.iterdir()):
        assert (tmp_path / "again" / path.name).read_bytes() == path.read_bytes(), path.name
