"""Word segmentation and sentence splitting on the lint hot path: jieba only, never spaCy.

A cold `nqa lint` may cost about 1.5x jieba's own start-up, so this module keeps to jieba and
the standard library; the spaCy pipeline (`nlp.pipeline`) wraps the same `Segmenter` for the
corpus tools. jieba itself is imported only when the first `Segmenter` is built, so
`split_sentences` and `content_tokens` cost nothing to import.

One `Segmenter` per process (`get_segmenter()`): jieba's prefix dictionary takes ~0.13 s and
~80 MB to load in full (from the cache of `nlp.jieba_cache`, written on first use; jieba's own
marshal cache would take ~0.45 s), so it is kept, and filled by first character as texts need
it (one report needs ~30 % of it). Process pools: call `get_segmenter().load_whole_dictionary()`
in the parent before the pool forks, so every worker inherits the whole dictionary; under
"spawn" or "forkserver" pass `initializer=get_segmenter` so each worker builds it once, not per
task.
"""

from __future__ import annotations

import copy
import logging
import os
import re
import sys
import tempfile
import threading
from collections.abc import Callable, Iterable
from importlib import resources
from math import log
from pathlib import Path
from typing import TYPE_CHECKING

from narrative_qa.errors import InputError
from narrative_qa.nlp.jieba_cache import load_prefix_dictionary

if TYPE_CHECKING:
    import jieba

__all__ = [
    "NUMBER_TOKEN",
    "STOPWORDS",
    "Segmenter",
    "content_tokens",
    "get_segmenter",
    "load_user_dictionary",
    "split_sentences",
]

#: Stands for every number in content tokens: "2023" and "2024" are the same word to TF-IDF, so a
#: report copied from last year with only the figures changed still looks copied.
NUMBER_TOKEN = "<NUM>"

#: Function words dropped from content tokens. Deliberately small: IDF already discounts words
#: that every report uses, and words such as 不 or 未 carry meaning in problem statements, so only
#: particles, conjunctions, prepositions and pronouns that never tell two reports apart are here.
STOPWORDS: frozenset[str] = frozenset(
    """
    的 地 得 了 着 过 之 其 所 以 于 与 及 以及 和 或 或者 并 并且 而 且 也 又 还 都 就 则
    在 对 对于 将 把 被 由 从 向 为 为了 按 按照 根据 通过 关于 等 等等 是 有
    这 那 此 该 本 各 每 我 我们 我局 本局 本机关 其中 有关 相关 进行 一 个
    """.split()
)

_CACHE_ENV = "NARRATIVE_QA_CACHE_DIR"
_USER_DICTIONARY = "userdict.txt"

# A token is a number if it is digits with decimal/thousands separators or a trailing percent
# sign (jieba keeps "3.5", "1,200" and "30%" whole).
_NUMBER = re.compile(r"[\d.,，%％]*\d[\d.,，%％]*")
# A token with no letter, digit or Han character is punctuation or a symbol.
_WORDLIKE = re.compile(r"\w")

# Sentence ends: a run of full-width 。！？；… (or half-width !?; unless an ASCII word, "=", "&",
# "%" or "/" follows, which makes it part of a URL or code), then any closing quotes or brackets,
# which belong to the sentence they close. A line break ends a sentence too unless disabled.
_END_PUNCTUATION = r"(?:[。！？；…]|[!?;](?![A-Za-z0-9_=&%/]))+[”’」』）)》】〉\"']*"
_SENTENCE_END = re.compile(_END_PUNCTUATION + r"|\n")
_SENTENCE_END_NO_BREAKS = re.compile(_END_PUNCTUATION)


def split_sentences(text: str, line_breaks: bool = True) -> list[tuple[int, int]]:
    """Sentence offsets `(start, end)` into `text`, end exclusive, whitespace trimmed.

    A sentence ends after 。！？；… (and ! ? ; that are not part of a URL), together with the
    closing quotes or brackets that follow (”’」』）》】), and, if `line_breaks`, at every line
    break. PDF text, whose lines break inside sentences, should be split with
    `line_breaks=False` after its paragraphs are recovered. Empty sentences are not returned.
    """
    pattern = _SENTENCE_END if line_breaks else _SENTENCE_END_NO_BREAKS
    spans: list[tuple[int, int]] = []
    start = 0
    for match in pattern.finditer(text):
        end = match.start() if match.group() == "\n" else match.end()
        _add_trimmed(text, start, end, spans)
        start = match.end()
    _add_trimmed(text, start, len(text), spans)
    return spans


def _add_trimmed(text: str, start: int, end: int, spans: list[tuple[int, int]]) -> None:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    if start < end:
        spans.append((start, end))


def _content_word(token: str) -> str | None:
    """What `content_tokens` keeps of one token: the word, `NUMBER_TOKEN`, or None (dropped)."""
    token = token.strip()
    if not token:
        return None
    if _NUMBER.fullmatch(token):
        return NUMBER_TOKEN
    if token in STOPWORDS or not _WORDLIKE.search(token):
        return None
    return token.lower() if token.isascii() else token


# Memo of `_content_word` by raw token. Tokens repeat heavily (a report's vocabulary is a few
# thousand words, the corpus's some tens of thousands), so one dict lookup replaces a regex
# match, a strip and a search for nearly every token. Bounded: cleared when full, so an
# unusual input (long runs of distinct numbers, say) cannot grow it without limit. Sharing it
# between threads is safe: every entry is the pure function's value, and dict operations are
# atomic.
_CONTENT_WORDS: dict[str, str | None] = {}
_CONTENT_WORDS_MAX = 100_000


def content_tokens(tokens: Iterable[str]) -> list[str]:
    """The tokens that carry content, for TF-IDF and phrase statistics.

    Drops whitespace, punctuation and `STOPWORDS`; every number becomes `NUMBER_TOKEN`;
    ASCII words are lower-cased (APP and App are one word).
    """
    memo = _CONTENT_WORDS
    kept: list[str] = []
    keep = kept.append
    for token in tokens:
        try:
            word = memo[token]
        except KeyError:  # first sight of this token (rare: tokens repeat)
            word = _content_word(token)
            if len(memo) >= _CONTENT_WORDS_MAX:
                memo.clear()
            memo[token] = word
        if word is not None:
            keep(word)
    return kept


def load_user_dictionary(path: Path | None = None) -> list[tuple[str, int | None, str | None]]:
    """Entries `(term, frequency, tag)` of a jieba user dictionary ("#" starts a comment).

    Read here rather than by `jieba.load_userdict` so that comments are allowed and a malformed
    line names its line number instead of failing inside jieba.
    """
    if path is None:
        text = resources.files("narrative_qa").joinpath("data", _USER_DICTIONARY).read_text("utf-8")
        source = _USER_DICTIONARY
    else:
        try:
            text = Path(path).read_text("utf-8")
        except (OSError, UnicodeDecodeError) as error:
            raise InputError(f"无法读取用户词典：{path}（{error}）") from error
        source = str(path)
    entries: list[tuple[str, int | None, str | None]] = []
    for number, line in enumerate(text.splitlines(), 1):
        line = line.split("#", 1)[0].strip()
        if not line:
            continue
        fields = line.split()
        term = fields[0]
        frequency: int | None = None
        tag: str | None = None
        rest = fields[1:]
        if rest and rest[0].isdigit():
            frequency = int(rest.pop(0))
        if rest:
            tag = rest.pop(0)
        if rest:
            raise InputError(f"用户词典第{number}行格式错误（应为“词 [词频] [词性]”）：{source}")
        entries.append((term, frequency, tag))
    return entries


def _cache_dir() -> str:
    """Where the prefix-dictionary cache is kept: $NARRATIVE_QA_CACHE_DIR, else the user's
    cache folder, else the system temp folder (jieba's own default)."""
    candidates = [os.environ.get(_CACHE_ENV)]
    xdg = os.environ.get("XDG_CACHE_HOME")
    candidates.append(os.path.join(xdg, "narrative-qa") if xdg else None)
    candidates.append(os.path.join(os.path.expanduser("~"), ".cache", "narrative-qa"))
    for candidate in candidates:
        if not candidate:
            continue
        try:
            os.makedirs(candidate, exist_ok=True)
        except OSError:
            continue
        if os.access(candidate, os.W_OK):
            return candidate
    return tempfile.gettempdir()


def _import_jieba():  # -> the jieba module
    """`import jieba`, without letting it import pkg_resources (50-60 ms of a cold `nqa lint`
    that now takes ~0.4 s; setuptools >= 67.5 also warns that pkg_resources is deprecated).

    jieba 0.42 imports pkg_resources only to open its packaged data files, and falls back to a
    plain `open()` next to its own `__file__` when that import fails; the fallback is used here
    by making the import fail while jieba loads. Data files come from the same folder either
    way (jieba is never installed zipped). If something already imported pkg_resources, jieba
    just uses it.
    """
    if "jieba" in sys.modules:
        return sys.modules["jieba"]
    block = "pkg_resources" not in sys.modules
    if block:
        sys.modules["pkg_resources"] = None  # type: ignore[assignment]  # import -> ImportError
    try:
        import jieba
        import jieba.finalseg  # noqa: F401  (the HMM `tokens` uses; jieba imports it too)
    finally:
        if block and sys.modules.get("pkg_resources", False) is None:
            del sys.modules["pkg_resources"]
    return jieba


def _quiet_jieba() -> None:
    # jieba logs "Building prefix dict…" to stderr at DEBUG on every start, and a traceback at
    # ERROR when its cache cannot be written. Neither belongs in CLI output: a failed cache write
    # only costs speed on the next start.
    logging.getLogger("jieba").setLevel(logging.CRITICAL)


class Segmenter:
    """jieba with the domain user dictionary loaded: one private `jieba.Tokenizer`, so the
    global `jieba.dt` other code may use is left as jieba ships it.

    `user_dictionary`: a jieba user dictionary to load instead of the packaged
    `narrative_qa/data/userdict.txt`; `cache_dir`: where the prefix-dictionary cache is kept
    (default: $NARRATIVE_QA_CACHE_DIR, else ~/.cache/narrative-qa, else the temp folder).
    """

    def __init__(self, user_dictionary: Path | None = None, cache_dir: str | None = None) -> None:
        jieba = _import_jieba()
        _quiet_jieba()
        tokenizer = jieba.Tokenizer()
        # What `tokenizer.initialize()` sets (FREQ, total, initialized), from our own cache of
        # the same prefix dictionary, which fills FREQ as texts need it (see jieba_cache):
        # every lookup jieba makes is of a fragment of the text `ensure` was given. The
        # dictionary, and so every token, is jieba's.
        dictionary = load_prefix_dictionary(jieba, cache_dir or _cache_dir())
        tokenizer.FREQ, tokenizer.total = dictionary.freq, dictionary.total
        tokenizer.initialized = True
        self._dictionary = dictionary
        self._ensure = dictionary.ensure
        entries = load_user_dictionary(user_dictionary)
        for term, frequency, tag in entries:
            # The word's own keys are loaded before add_word changes them (and before
            # jieba's suggest_freq cuts the word when no frequency is given).
            dictionary.ensure(term)
            tokenizer.add_word(term, frequency, tag)
        self._tokenizer: jieba.Tokenizer = tokenizer
        # jieba's own block patterns and HMM, so `tokens` splits exactly where jieba does.
        self._han = jieba.re_han_default
        self._skip = jieba.re_skip_default
        self._hmm_cut = jieba.finalseg.cut
        self.terms: frozenset[str] = frozenset(term for term, _, _ in entries)

    def tokens(self, text: str) -> list[str]:
        """Every token, whitespace and punctuation included; they concatenate back to `text`.

        The result is exactly `jieba.lcut(text)` on this tokenizer (exact mode, HMM for unknown
        words): same dictionary, same scores, same tie-breaks, same HMM. The loop is
        jieba's own `__cut_DAG` rewritten to build the word graph and its best route in one
        backward pass without generators, which makes it ~1.6x faster; the tests check the
        equality over the whole real corpus.
        """
        self._ensure(text)
        words: list[str] = []
        match_han, split_skip, match_skip = self._han.match, self._skip.split, self._skip.match
        for block in self._han.split(text):
            if not block:
                continue
            if match_han(block):
                self._cut_block(block, words)
            else:
                for piece in split_skip(block):
                    if match_skip(piece):
                        words.append(piece)
                    else:
                        words.extend(piece)
        return words

    def blocks(self, text: str) -> list[str]:
        """`text` cut where jieba cuts it before segmenting: alternately what lies between runs
        of Han and alphanumeric characters (possibly empty) and a run, beginning and ending
        with what lies between. jieba segments the pieces independently, so `tokens(text)` is
        the concatenation of their tokens (`run_tokens` of the runs, at the odd positions, and
        `tokens` of the rest): callers that memoise tokens can do it piece by piece."""
        return self._han.split(text)

    def run_tokens(self, run: str) -> list[str]:
        """`tokens(run)` for one run of Han and alphanumeric characters (an odd piece of
        `blocks`), without splitting it again."""
        self._ensure(run)
        words: list[str] = []
        self._cut_block(run, words)
        return words

    def remembering_unknown_runs(self, limit: int = 100_000) -> Segmenter:
        """This segmenter with a memo of the HMM's cuts of unknown-character runs (names, rare
        words: in the real corpus only a third of the runs the HMM is given are distinct, and
        it is the costliest step per character). The memo lives as long as the returned
        segmenter, which shares everything else with this one; at `limit` runs it starts
        afresh. The tokens are the same: the HMM's cut is a pure function of the run."""
        twin = copy.copy(self)
        twin._hmm_cut = _remembered(self._hmm_cut, limit)
        return twin

    def load_whole_dictionary(self) -> None:
        """Load all of jieba's dictionary now rather than as texts need it. For a process about
        to fork workers that will cut many texts: they share what is loaded before the fork.
        After it, each would load much the same part again into a dictionary whose memory it
        shares with the others until written, which costs far more: `nqa lint` of the real
        corpus with two jobs took ~0.1 s longer that way, and ~0.06 s longer when only the
        part the plain-text files need was loaded here."""
        self._dictionary.ensure_all()

    def jieba_tokens(self, text: str) -> list[str]:
        """`jieba.lcut(text)` itself on this tokenizer, the reference `tokens` must equal."""
        self._ensure(text)
        return self._tokenizer.lcut(text)

    def tokens_with_offsets(self, text: str) -> list[tuple[str, int, int]]:
        """`(token, start, end)` for every token of `tokens(text)`, end exclusive (what
        `jieba.tokenize` returns)."""
        spans: list[tuple[str, int, int]] = []
        start = 0
        for token in self.tokens(text):
            end = start + len(token)
            spans.append((token, start, end))
            start = end
        return spans

    def content_tokens(self, text: str) -> list[str]:
        """`content_tokens(self.tokens(text))`: the words TF-IDF should see."""
        return content_tokens(self.tokens(text))

    def _cut_block(self, sentence: str, words: list[str]) -> None:
        """Append the words of one run of Han/alphanumeric characters (jieba's `__cut_DAG`)."""
        n = len(sentence)
        freq = self._tokenizer.FREQ.get
        log_total = log(self._tokenizer.total)
        # score[k]: best log-probability of sentence[k:]; end[k]: end of the first word of it.
        # As in jieba, a word's weight is log(freq) - log(total); among equal scores the
        # longest word wins; a character in no word scores as if its frequency were 1.
        score = [0.0] * (n + 1)
        end = [0] * n
        for k in range(n - 1, -1, -1):
            best: float | None = None
            best_end = k
            i = k
            fragment = sentence[k]
            while True:
                count = freq(fragment)
                if count is None:  # no dictionary word starts with this fragment
                    break
                if count:
                    candidate = log(count) - log_total + score[i + 1]
                    if best is None or candidate >= best:
                        best = candidate
                        best_end = i
                i += 1
                if i >= n:
                    break
                fragment = sentence[k : i + 1]
            score[k] = -log_total + score[k + 1] if best is None else best
            end[k] = best_end + 1
        # Walk the route; runs of single characters go to the HMM unless they form a known word.
        x = 0
        run_start = -1
        while x < n:
            y = end[x]
            if y - x == 1:
                if run_start < 0:
                    run_start = x
            else:
                if run_start >= 0:
                    self._flush_run(sentence[run_start:x], words)
                    run_start = -1
                words.append(sentence[x:y])
            x = y
        if run_start >= 0:
            self._flush_run(sentence[run_start:], words)

    def _flush_run(self, run: str, words: list[str]) -> None:
        if len(run) == 1:
            words.append(run)
        elif not self._tokenizer.FREQ.get(run):
            words.extend(self._hmm_cut(run))
        else:
            words.extend(run)


def _remembered(cut: Callable[[str], Iterable[str]], limit: int) -> Callable[[str], list[str]]:
    """`list(cut(run))`, each distinct run computed once (at most `limit` kept)."""
    memo: dict[str, list[str]] = {}

    def remembered_cut(run: str) -> list[str]:
        words = memo.get(run)
        if words is None:
            if len(memo) >= limit:
                memo.clear()
            words = memo[run] = list(cut(run))
        return words

    return remembered_cut


_segmenter: Segmenter | None = None
_segmenter_lock = threading.Lock()


def get_segmenter() -> Segmenter:
    """The process's one `Segmenter`, built on first use. Usable as a pool `initializer`."""
    global _segmenter
    if _segmenter is None:
        with _segmenter_lock:
            if _segmenter is None:
                _segmenter = Segmenter()
    return _segmenter
