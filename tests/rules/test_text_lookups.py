"""The fast paths of the text rules give exactly what the plain computation gives: the NFKC
shortcut of corpus.hashing (the shipped model's fingerprints depend on it), the pruned phrase
look-up and the batch fingerprint look-up of rules/_text.py."""

from __future__ import annotations

import unicodedata
from pathlib import Path

from text_rule_helpers import default_model

from narrative_qa.corpus import hashing
from narrative_qa.corpus.hashing import nfkc, normalise_sentence, phrase_key, sentence_fingerprint
from narrative_qa.document.parse import read_report
from narrative_qa.rules._text import NGRAM_RANGE, analyze_report, fingerprint_counts, phrase_covers


def _real_reports(real_corpus: Path, seed_report: Path, count: int = 12) -> list[Path]:
    lines = (real_corpus / "manifest.tsv").read_text("utf-8").splitlines()
    header = lines[0].split("\t")
    rows = [dict(zip(header, line.split("\t"))) for line in lines[1:] if line.strip()]
    rows = [row for row in rows if row["format"] == "txt"]
    step = max(1, len(rows) // count)
    return [real_corpus / row["file"] for row in rows[::step]] + [seed_report]


def test_full_width_replacements_are_the_compatibility_decompositions() -> None:
    for wide, narrow in hashing._FULL_WIDTH:
        assert narrow == unicodedata.normalize("NFKD", wide) and len(narrow) == 1 and narrow.isascii()


def test_nfkc_shortcut_equals_unicodedata(real_corpus: Path, seed_report: Path) -> None:
    crafted = [
        "青禾县民政局全年主动公开政府信息１８６条，其中政策解读１２篇。",
        "松川市审计局（办公室）：联系电话０５９１－１２３４５６７；网址ｗｗｗ．ｅｘａｍｐｌｅ．ｃｎ",
        "e，\u0301",  # a combining mark after replaced punctuation
        "，\u0301Ａ①㈠℃™ｶ",  # compatibility characters the shortcut does not replace
        "１，０００元，增长５．５％",
        "",
        "\u3000\u3000一、总体情况",
    ]
    texts = list(crafted)
    for path in _real_reports(real_corpus, seed_report):
        texts.extend(sentence.text for section in read_report(path).sections for sentence in section.sentences)
    for text in texts:
        assert nfkc(text) == unicodedata.normalize("NFKC", text), text
        plain = hashing._normalise_nfkc(unicodedata.normalize("NFKC", text))
        assert normalise_sentence(text) == plain
        assert sentence_fingerprint(text) == (hashing.stable_hash(plain) if len(plain) >= 2 else None)


def test_pruned_phrase_lookup_equals_looking_up_every_ngram(real_corpus: Path, seed_report: Path) -> None:
    model = default_model()
    table = set(model.arrays["phrase_keys"].tolist())
    low, high = NGRAM_RANGE
    checked = 0
    for path in _real_reports(real_corpus, seed_report, count=6):
        analysis = analyze_report(read_report(path))
        rows = list(range(len(analysis.sentences)))
        covers = phrase_covers(analysis, model, rows)
        for row in rows:
            tokens = analysis.sentences[row].tokens
            expected = [
                (start, size)
                for size in range(low, high + 1)
                for start in range(len(tokens) - size + 1)
                if phrase_key(tokens[start : start + size]) in table
            ]
            found = [(phrase.start, phrase.size) for phrase in covers[row].phrases]
            assert found == expected, analysis.sentences[row].text
            checked += len(expected)
    assert checked > 1000


def test_batch_fingerprint_counts_equal_the_model(real_corpus: Path, seed_report: Path) -> None:
    model = default_model()
    prints: list[int | None] = [None, 12345]
    for path in _real_reports(real_corpus, seed_report, count=4):
        prints.extend(info.fingerprint for info in analyze_report(read_report(path)).sentences)
    assert fingerprint_counts(model, prints) == [0 if value is None else model.fingerprint_count(value) for value in prints]
    assert any(fingerprint_counts(model, prints))


def test_clause_tokens_equal_segmenting_each_clause(real_corpus: Path, seed_report: Path) -> None:
    from narrative_qa.nlp.segment import get_segmenter
    from narrative_qa.rules.specificity import _CLAUSE, _CLAUSE_MARKS

    segmenter = get_segmenter()
    checked = 0
    for path in _real_reports(real_corpus, seed_report, count=8):
        for info in analyze_report(read_report(path)).sentences:
            expected = [segmenter.content_tokens(clause) for clause in _CLAUSE.split(info.core)]
            assert info.clause_tokens(_CLAUSE_MARKS) == expected, info.core
            checked += len(expected) > 1
    assert checked > 100


def test_generic_similarity_equals_the_model(real_corpus: Path, seed_report: Path) -> None:
    from narrative_qa.rules._text import generic_similarity, problems_section_indexes

    model = default_model()
    assert generic_similarity(model, []) == model.generic_similarity([]) == 0.0
    assert generic_similarity(model, ["不存在的词语甲乙"]) == model.generic_similarity(["不存在的词语甲乙"])
    compared = 0
    for path in _real_reports(real_corpus, seed_report, count=20):
        report = read_report(path)
        analysis = analyze_report(report)
        for index in problems_section_indexes(report):
            tokens = [token for info in analysis.in_section_index(index) for token in info.tokens]
            for part in (tokens, tokens[: len(tokens) // 2], tokens[:3]):
                assert generic_similarity(model, part) == model.generic_similarity(part)
                compared += 1
    assert compared > 20


def test_phrase_lookup_survives_the_key_memo_filling_up(seed_report: Path, monkeypatch) -> None:
    from narrative_qa.rules import _text

    model = default_model()
    analysis = analyze_report(read_report(seed_report))
    rows = list(range(len(analysis.sentences)))
    expected = {row: cover.phrases for row, cover in phrase_covers(analysis, model, rows).items()}
    monkeypatch.setattr(_text, "_KEY_CACHE_SIZE", 50)
    half = rows[: len(rows) // 2]
    phrase_covers(analysis, model, half)  # fills the memo past its bound
    again = phrase_covers(analysis, model, rows)
    assert {row: cover.phrases for row, cover in again.items()} == expected


def test_one_sentence_verdicts_equal_the_report_batch(real_corpus: Path, seed_report: Path) -> None:
    from narrative_qa.rules.boilerplate import SENTENCE_DEFAULTS, boilerplate_verdicts, judge_sentence
    from narrative_qa.rules.registry import Context

    model = default_model()
    found = 0
    for path in _real_reports(real_corpus, seed_report, count=4):
        report = read_report(path)
        analysis, verdicts = boilerplate_verdicts(Context(report=report, model=model), dict(SENTENCE_DEFAULTS))
        alone = [judge_sentence(analysis, info, None, model, SENTENCE_DEFAULTS) for info in analysis.sentences]
        assert alone == verdicts
        found += sum(verdict is not None for verdict in verdicts)
    assert found > 5
