"""A model built from the real reports in ../shared/corpus/real (2019 and later), checked
against figures counted independently of the build: manifest rows and plain substring
counts over the files."""

from __future__ import annotations

import re
from collections import Counter
from pathlib import Path

from narrative_qa.corpus.model import load_model
from narrative_qa.document.readers import read_document
from narrative_qa.nlp.segment import get_segmenter

from tests.conftest import read_manifest


def test_documents_per_year_match_the_manifest(real_build) -> None:
    rows = [row for row in read_manifest() if row["year"] and int(row["year"]) >= 2019]
    # One report per unit and year: the .html captures repeat a .txt of the same unit and year.
    reports = {(row["unit"], row["year"]) for row in rows}
    expected = dict(sorted(Counter(year for _, year in reports).items()))
    model = load_model(real_build.model.path)
    assert model.documents["by_year"] == expected
    assert model.n_documents == len(reports)
    assert real_build.skipped == []
    removed = sorted(name for name, _ in real_build.duplicates)
    assert removed == sorted(row["file"] for row in rows if row["file"].endswith(".html") and row["file"].startswith("pingtan/"))
    # Every kept .html duplicate is replaced by the .txt of the same report.
    assert all(kept == name[: -len(".html")] + ".txt" for name, kept in real_build.duplicates)


def _plain_text(path: Path) -> str:
    """The file as `grep` sees it (text files) or as extracted (PDF, DOCX, HTML), whitespace
    removed so that PDF line breaks inside a phrase do not hide it."""
    if path.suffix in (".txt", ".md"):
        text = path.read_text("utf-8")
    else:
        text = read_document(path).text
    return re.sub(r"\s+", "", text)


def test_phrase_document_frequency_equals_a_substring_count(real_build, real_corpus: Path) -> None:
    model = load_model(real_build.model.path)
    texts = [_plain_text(real_corpus / entry["name"]) for entry in model.documents["files"]]
    segmenter = get_segmenter()
    for phrase in ("福建省政府信息公开办法", "信息公开处理费"):
        tokens = segmenter.content_tokens(phrase)
        assert len(tokens) >= 2, tokens
        direct = sum(1 for text in texts if phrase in text)
        count, share = model.phrase_df(tokens)
        assert count == direct, phrase
        assert share == count / model.n_documents
        assert model.phrase_text(tokens) == phrase  # common across units: readable as evidence
        assert 10 < direct < model.n_documents


def test_generic_problem_text_sits_on_the_generic_centroid(real_build) -> None:
    model = load_model(real_build.model.path)
    segmenter = get_segmenter()
    generic = segmenter.content_tokens("一是政务公开工作人员业务能力有待提高；二是政策解读形式不够丰富。下一步将进一步加强学习培训，不断提高业务水平。")
    specific = segmenter.content_tokens("每月5日前更新定点医药机构名单，并在公众号同步推送")
    assert model.generic_similarity(generic) > 0.3 > model.generic_similarity(specific)
    assert model.similarity_to_centroid(generic, "problems") > model.similarity_to_centroid(generic, "overview")


def test_model_is_small_and_holds_no_sentences(real_build, real_corpus: Path) -> None:
    folder = real_build.model.path
    assert sum(path.stat().st_size for path in folder.iterdir()) < 20 * 1024 * 1024
    stored = "".join(path.read_text("utf-8") for path in folder.glob("*.json"))
    # The longest sentence of a real report is not in the model (only hashes of sentences are).
    text = (real_corpus / "pingtan" / "ptzhsyqczj" / "2023.txt").read_text("utf-8")
    longest = max(re.split(r"[。；！？\n]", text), key=len)
    assert len(longest) > 40 and longest not in stored
