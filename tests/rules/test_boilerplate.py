"""B001-B003: boilerplate sentences and sections, redundant sentences."""

from __future__ import annotations

from pathlib import Path

from text_rule_helpers import RULE_FIXTURES, default_model, run, run_fixture

from narrative_qa.document.model import RawDocument
from narrative_qa.document.parse import parse_report, read_report
from narrative_qa.rules._text import analyze_report
from narrative_qa.rules.boilerplate import SENTENCE_DEFAULTS, judge_sentence, reference_percentile
from narrative_qa.rules.registry import find_rule

RULES = ["boilerplate-sentence", "boilerplate-section", "redundant-sentence"]


def test_boilerplate_sentence_evidence_names_common_phrases() -> None:
    [finding] = run_fixture("boilerplate-sentence", "fires")
    assert finding.code == "B001" and finding.section == "problems"
    assert finding.line == 37
    assert "见于语料中" in finding.message and "%" in finding.message
    evidence = finding.evidence
    assert 0 < evidence["corpus_share"] <= 1
    assert evidence["corpus_documents"] == default_model().n_documents
    assert evidence["phrases"] and all(0 < phrase["share"] <= 1 for phrase in evidence["phrases"])


def test_seed_gets_boilerplate_findings_in_problems(seed_report: Path) -> None:
    findings = run("boilerplate-sentence", seed_report)
    in_five = [finding for finding in findings if finding.section == "problems"]
    assert in_five, "the seed's 五 has stock sentences"
    for finding in in_five:
        assert "见于" in finding.message and finding.evidence["corpus_share"] > 0.3


def _sentence(report, needle: str):
    analysis = analyze_report(report)
    return analysis, next(info for info in analysis.sentences if needle in info.text)


def test_specific_sentence_is_never_boilerplate() -> None:
    text = (RULE_FIXTURES / "boilerplate-sentence" / "fires.md").read_text("utf-8")
    report = parse_report(RawDocument(path=Path("x.md"), format="md", text=text))
    analysis, info = _sentence(report, "养老服务补贴发放明细公开到村")
    assert judge_sentence(analysis, info, None, default_model(), SENTENCE_DEFAULTS) is None


def test_required_statements_and_headings_never_count(tmp_path: Path) -> None:
    # The statistics-period and fee statements are the same in every report by design.
    text = (RULE_FIXTURES / "boilerplate-sentence" / "clean.md").read_text("utf-8")
    text = text.replace(
        "本年度未收取政府信息公开信息处理费。",
        "本年度没有产生信息处理费，未收取政府信息公开信息处理费。本报告中所列数据的统计期限自2024年1月1日起至2024年12月31日止。",
    )
    path = tmp_path / "draft.md"
    path.write_text(text, encoding="utf-8")
    assert run("boilerplate-sentence", path) == []


def test_report_is_tokenised_once_per_report() -> None:
    report = read_report(RULE_FIXTURES / "boilerplate-sentence" / "fires.md")
    first = analyze_report(report)
    for name in RULES:
        registered = find_rule(name)
        from narrative_qa.rules.registry import Context

        list(registered.check(Context(report=report, model=default_model()), registered))
    assert analyze_report(report) is first


def test_reference_percentile_is_monotonic() -> None:
    quantiles = [0.04, 0.11, 0.2, 0.27]
    values = [reference_percentile(value, quantiles) for value in (0.0, 0.05, 0.15, 0.25, 0.5)]
    assert values == sorted(values) and values[-1] == 100.0


def test_redundant_sentence_points_at_the_second_occurrence() -> None:
    [finding] = run_fixture("redundant-sentence", "fires")
    assert finding.line == 37 and finding.evidence["first_line"] == 17 and finding.evidence["identical"]


def test_redundant_sentence_on_a_real_report_with_a_repeated_heading(seed_report: Path) -> None:
    # The seed repeats its 一 heading but no sentence of 15+ characters twice.
    assert run("redundant-sentence", seed_report) == []


def test_phrase_ngrams_match_the_model_builder() -> None:
    from narrative_qa.corpus.build import NGRAM_RANGE
    from narrative_qa.rules._text import NGRAM_RANGE as USED

    assert USED == NGRAM_RANGE == tuple(default_model().build["ngram_range"])
