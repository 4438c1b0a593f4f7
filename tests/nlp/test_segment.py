"""Segmentation (jieba + domain user dictionary), sentence splitting and the spaCy pipeline.

Fixture text here is fictional (青禾县民政局, 松川市审计局); real reports are read from ../shared.
"""

from __future__ import annotations

import bisect
import multiprocessing
import os
import subprocess
import sys
from pathlib import Path

import jieba
import pytest

from narrative_qa.errors import InputError
from narrative_qa.nlp import segment
from narrative_qa.nlp.segment import (
    NUMBER_TOKEN,
    Segmenter,
    content_tokens,
    get_segmenter,
    load_user_dictionary,
    split_sentences,
)
from tests.conftest import read_manifest

PARAGRAPH = (
    "2024年，青禾县民政局坚持以公开为常态，全年主动公开政府信息326条，其中行政规范性文件4件、政策解读12篇。"
    "全年共收到政府信息公开申请15件，上年结转2件；办理结果中予以公开9件，部分公开3件，不予公开1件，"
    "无法提供2件，不予处理1件，结转下年度继续办理1件。本机关未收取信息处理费。"
    "全年未发生政府信息公开行政复议、行政诉讼案件。"
    "政务公开办在政府门户网站更新政府信息公开指南和政府信息公开目录，并通过政务新媒体发布依申请公开流程。"
    "依据国办公开办函〔2021〕30号要求，本报告由政府信息公开工作年度报告格式规定的六个部分组成。"
)


@pytest.fixture(scope="module")
def segmenter() -> Segmenter:
    return get_segmenter()


def test_domain_terms_stay_single_tokens_alone_and_in_context(segmenter: Segmenter) -> None:
    terms = sorted(segmenter.terms)
    assert len(terms) >= 100
    for term in terms:
        assert segmenter.tokens(term) == [term]
        # Embedded between ordinary words on both sides.
        assert term in segmenter.tokens(f"我们认真做好{term}，效果明显"), term
    tokens = segmenter.tokens(PARAGRAPH)
    for term in ("政府信息公开申请", "上年结转", "结转下年度", "予以公开", "部分公开", "不予公开", "无法提供",
                 "不予处理", "信息处理费", "行政复议", "行政诉讼", "政务公开办", "政府门户网站",
                 "政府信息公开指南", "政府信息公开目录", "政务新媒体", "依申请公开", "国办公开办函",
                 "行政规范性文件", "政策解读", "主动公开", "政府信息公开工作年度报告格式"):
        assert term in tokens, term


def test_domain_terms_whole_in_real_reports(segmenter: Segmenter, real_corpus: Path) -> None:
    """Every occurrence of a domain term in the 2021-format reports is one token, or lies inside
    a longer domain term that is one token (政府信息公开 inside 政府信息公开申请). The few
    exceptions are right splits: 政府信息 + 公开属性, 政府信息公开工作 + 考核制度."""
    rows = [row for row in read_manifest() if row["era"] == "2021format" and row["format"] == "txt"]
    assert len(rows) >= 80
    terms = sorted(segmenter.terms, key=len, reverse=True)
    occurrences = covered = 0
    misses: dict[str, int] = {}
    for row in rows:
        text = (real_corpus / row["file"]).read_text("utf-8")
        term_tokens = [(start, end) for token, start, end in segmenter.tokens_with_offsets(text)
                       if token in segmenter.terms]
        for term in terms:
            start = text.find(term)
            while start != -1:
                end = start + len(term)
                occurrences += 1
                index = bisect.bisect_right(term_tokens, (start, len(text))) - 1
                if index >= 0 and term_tokens[index][1] >= end:
                    covered += 1
                else:
                    misses[term] = misses.get(term, 0) + 1
                start = text.find(term, end)
    assert occurrences > 10000
    assert covered / occurrences > 0.995, misses
    assert max(misses.values(), default=0) <= 3, misses


def test_tokens_rebuild_the_text_and_offsets_point_into_it(segmenter: Segmenter) -> None:
    text = "一、总 体 情 况\r\n\u3000\u30002024年，松川市审计局主动公开信息58条。\n\n二、主动公开政府信息情况\t/"
    tokens = segmenter.tokens(text)
    assert "".join(tokens) == text
    with_offsets = segmenter.tokens_with_offsets(text)
    assert [token for token, _, _ in with_offsets] == tokens
    for token, start, end in with_offsets:
        assert text[start:end] == token


def test_tokens_match_raw_jieba_on_text_without_domain_terms(segmenter: Segmenter) -> None:
    # Same call as jieba.lcut (exact mode, HMM on), so the benchmark compares like with like.
    text = "今年春天，青禾县雨水较多，农民抓紧时间播种玉米和大豆，田间到处是忙碌的身影。"
    assert segmenter.tokens(text) == jieba.lcut(text)


def test_tokens_equal_jieba_lcut_on_the_real_reports(segmenter: Segmenter, real_corpus: Path,
                                                      seed_report: Path) -> None:
    # `tokens` re-implements jieba's exact-mode loop for speed; it must not change one token.
    paths = [real_corpus / row["file"] for row in read_manifest() if row["format"] in ("txt", "md")]
    for path in [*paths, seed_report]:
        text = path.read_text("utf-8")
        assert segmenter.tokens(text) == segmenter.jieba_tokens(text), path.name
    for text in (PARAGRAPH, "", " ", "a", "。", "ＡＢＣ１２３abc-1.5%\r\n", "乾坤大挪移\u3000龘靐齉"):
        assert segmenter.tokens(text) == segmenter.jieba_tokens(text), text


def test_content_tokens_drop_noise_and_fold_numbers() -> None:
    tokens = ["2024", "年", "，", "我局", "的", "  ", "\n", "政策解读", "12", "篇", "（", "98.6%", "）",
              "1,200", "APP", "。"]
    assert content_tokens(tokens) == [NUMBER_TOKEN, "年", "政策解读", NUMBER_TOKEN, "篇", NUMBER_TOKEN,
                                      NUMBER_TOKEN, "app"]


def test_segmenter_content_tokens_on_a_sentence(segmenter: Segmenter) -> None:
    tokens = segmenter.content_tokens("2024年，我局共收到政府信息公开申请15件。")
    assert tokens == [NUMBER_TOKEN, "年", "共", "收到", "政府信息公开申请", NUMBER_TOKEN, "件"]


def test_split_sentences_on_a_realistic_paragraph() -> None:
    text = (
        "（一）主动公开\n"
        "  2024年，青禾县民政局主动公开政府信息326条。其中，政策解读12篇；图文解读5篇！"
        "群众问：“低保标准是多少？”工作人员当场作答。何时公布?年底前……\n"
        "\n"
        "详见 http://www.example.gov.cn/list?id=3&page=2 ；另附表。"
    )
    sentences = [text[start:end] for start, end in split_sentences(text)]
    assert sentences == [
        "（一）主动公开",
        "2024年，青禾县民政局主动公开政府信息326条。",
        "其中，政策解读12篇；",
        "图文解读5篇！",
        "群众问：“低保标准是多少？”",
        "工作人员当场作答。",
        "何时公布?",
        "年底前……",
        "详见 http://www.example.gov.cn/list?id=3&page=2 ；",
        "另附表。",
    ]


def test_split_sentences_can_ignore_line_breaks() -> None:
    text = "本机关全年共收到政府信息公开\n申请15件。按时答复率100%。\n"
    assert [text[a:b] for a, b in split_sentences(text, line_breaks=False)] == [
        "本机关全年共收到政府信息公开\n申请15件。",
        "按时答复率100%。",
    ]
    assert split_sentences("") == []
    assert split_sentences(" \n\u3000 ") == []


def test_split_sentences_on_real_reports_covers_the_text(real_corpus: Path) -> None:
    # Sentences are ordered, disjoint, trimmed, and together hold every non-space character.
    for row in read_manifest()[:40]:
        if row["format"] != "txt":
            continue
        text = (real_corpus / row["file"]).read_text("utf-8")
        spans = split_sentences(text)
        previous_end = 0
        for start, end in spans:
            assert previous_end <= start < end
            assert not text[start].isspace() and not text[end - 1].isspace()
            previous_end = end
        joined = "".join(text[a:b] for a, b in spans)
        assert "".join(joined.split()) == "".join(text.split())


def test_get_segmenter_is_one_per_process() -> None:
    assert get_segmenter() is get_segmenter()


def _worker_inherited_segmenter(_: int) -> tuple[bool, list[str]]:
    inherited = segment._segmenter is not None
    return inherited, get_segmenter().tokens("依申请公开")


def test_forked_workers_inherit_the_loaded_dictionary() -> None:
    get_segmenter()
    context = multiprocessing.get_context("fork")
    with context.Pool(1) as pool:
        inherited, tokens = pool.map(_worker_inherited_segmenter, [0])[0]
    assert inherited
    assert tokens == ["依申请公开"]


def test_cold_start_is_silent_writes_its_cache_and_never_imports_spacy(tmp_path: Path) -> None:
    script = (
        "import sys\n"
        "from narrative_qa.nlp.segment import get_segmenter, split_sentences\n"
        "from narrative_qa.nlp.features import specificity\n"
        "get_segmenter().tokens('青禾县民政局依申请公开政府信息')\n"
        "specificity('3月15日举办培训2场。'); split_sentences('一。二。')\n"
        "assert 'spacy' not in sys.modules and 'sklearn' not in sys.modules, 'heavy import'\n"
    )
    env = {**os.environ, "NARRATIVE_QA_CACHE_DIR": str(tmp_path)}
    for run in ("build cache", "load cache"):
        result = subprocess.run([sys.executable, "-c", script], env=env, capture_output=True, text=True,
                                timeout=120)
        assert result.returncode == 0, (run, result.stderr)
        assert result.stderr == "" and result.stdout == "", run
        assert [path.name for path in tmp_path.iterdir()] == [f"jieba-{jieba.__version__}-prefix.bin"]


def test_user_dictionary_loader(tmp_path: Path) -> None:
    entries = load_user_dictionary()
    assert ("依申请公开", 5000, "nz") in entries
    assert len({term for term, _, _ in entries}) == len(entries), "duplicate terms"
    custom = tmp_path / "dict.txt"
    custom.write_text("# comment\n松川市审计局 300 nt\n青禾民政\n\n", "utf-8")
    assert load_user_dictionary(custom) == [("松川市审计局", 300, "nt"), ("青禾民政", None, None)]
    custom.write_text("松川市审计局 300 nt extra\n", "utf-8")
    with pytest.raises(InputError, match="第1行"):
        load_user_dictionary(custom)
    with pytest.raises(InputError):
        load_user_dictionary(tmp_path / "missing.txt")


# --- the spaCy pipeline -------------------------------------------------------------------------


@pytest.fixture(scope="module")
def nlp():
    from narrative_qa.nlp.pipeline import get_nlp

    return get_nlp()


def test_pipeline_keeps_the_text_exactly(nlp) -> None:
    from narrative_qa.nlp.pipeline import analyze

    texts = [
        PARAGRAPH,
        "一、总 体 情 况\r\n\u3000\u3000全年公开  信息 58条。\n\n\n  （二）依申请公开 ",
        "  前导空格",
        "",
        "\n",
        "a  b   c\t\td",
    ]
    for text in texts:
        doc = analyze(text)
        assert doc.text == text
        assert "".join(token.text_with_ws for token in doc) == text


def test_pipeline_keeps_a_real_report_exactly(nlp, seed_report: Path) -> None:
    text = seed_report.read_text("utf-8")
    doc = nlp(text)
    assert doc.text == text
    assert len(list(doc.sents)) == len(segment.split_sentences(text))


def test_pipeline_domain_terms_are_single_tokens(nlp) -> None:
    doc = nlp(PARAGRAPH)
    words = [token.text for token in doc]
    for term in ("政府信息公开申请", "上年结转", "结转下年度", "部分公开", "无法提供", "信息处理费", "行政复议",
                 "政府信息公开指南", "依申请公开"):
        assert term in words, term


def test_pipeline_sentences(nlp) -> None:
    from narrative_qa.nlp.pipeline import pipe

    text = (
        "（五）监督保障\n"
        "松川市审计局将政务公开纳入年度绩效考核，全年开展专题培训2次。"
        "局长强调：“公开是常态，不公开是例外。”各科室逐条落实；"
        "12月对政府信息公开目录进行了全面核查！"
    )
    doc = nlp(text)
    assert [sentence.text for sentence in doc.sents] == [
        "（五）监督保障\n",
        "松川市审计局将政务公开纳入年度绩效考核，全年开展专题培训2次。",
        "局长强调：“公开是常态，不公开是例外。”",
        "各科室逐条落实；",
        "12月对政府信息公开目录进行了全面核查！",
    ]
    batch = list(pipe([text, PARAGRAPH]))
    assert [d.text for d in batch] == [text, PARAGRAPH]
    assert [s.text for s in batch[0].sents] == [s.text for s in doc.sents]


def test_content_tokens_memo_gives_the_classification_of_every_token(segmenter: Segmenter,
                                                                      real_corpus: Path) -> None:
    # content_tokens remembers each distinct token's classification; it must equal classifying
    # afresh (`_content_word`) on real tokens, edge tokens, and across a memo overflow.
    paths = [real_corpus / row["file"] for row in read_manifest() if row["format"] == "txt"][:20]
    tokens = [token for path in paths for token in segmenter.tokens(path.read_text("utf-8"))]
    tokens += ["", " ", "\u3000", " 政策解读 ", "App", " APP", "３", "3.5%", "1,200", "，", "的", " 的", "\n"]
    expected = [word for word in map(segment._content_word, tokens) if word is not None]
    segment._CONTENT_WORDS.clear()
    assert content_tokens(tokens) == expected  # first sight of every token
    assert content_tokens(tokens) == expected  # all from the memo
    assert content_tokens(iter(tokens)) == expected


def test_content_tokens_memo_is_bounded(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(segment, "_CONTENT_WORDS_MAX", 50)
    numbers = [str(number) for number in range(200)]
    assert content_tokens(numbers) == [NUMBER_TOKEN] * 200
    assert len(segment._CONTENT_WORDS) <= 50
    assert content_tokens(["青禾县", "的", "APP"]) == ["青禾县", "app"]


def test_block_by_block_and_remembered_runs_give_the_same_tokens(segmenter: Segmenter, real_corpus: Path) -> None:
    """`blocks` then `run_tokens` (odd pieces) and `tokens` (the rest) rebuild `tokens(text)`,
    and a segmenter remembering the HMM's runs cuts exactly as the plain one, twice over."""
    remembering = segmenter.remembering_unknown_runs()
    paths = [real_corpus / row["file"] for row in read_manifest() if row["format"] in ("txt", "md")]
    for path in paths[:40]:
        text = path.read_text("utf-8")
        expected = segmenter.tokens(text)
        pieces: list[str] = []
        for position, block in enumerate(segmenter.blocks(text)):
            pieces += segmenter.run_tokens(block) if position % 2 else segmenter.tokens(block)
        assert pieces == expected, path.name
        assert remembering.tokens(text) == expected == remembering.tokens(text), path.name
