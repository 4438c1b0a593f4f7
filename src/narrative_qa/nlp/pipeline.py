"""The spaCy pipeline for corpus work and notebooks: a blank "zh" pipeline whose tokenizer is
the domain `Segmenter` and whose sentences come from `split_sentences`.

Importing this module imports spaCy (~0.7 s), so the lint hot path never imports it; it uses
`nlp.segment` directly. spaCy's own jieba option is not used: it segments with the global
`jieba.dt`, which would need our user dictionary loaded into jieba's shared tokenizer, and its
whitespace alignment (`spacy.util.get_words_and_spaces`) is quadratic in the text length.
"""

from __future__ import annotations

import threading
from collections.abc import Iterable, Iterator

import spacy
from spacy.language import Language
from spacy.tokens import Doc
from spacy.vocab import Vocab

from narrative_qa.nlp.segment import Segmenter, get_segmenter, split_sentences

__all__ = ["SENTENCES_COMPONENT", "SegmenterTokenizer", "analyze", "get_nlp", "pipe"]

SENTENCES_COMPONENT = "narrative_qa_sentences"


class SegmenterTokenizer:
    """spaCy tokenizer that segments with a `Segmenter`; `doc.text` is exactly the input.

    Follows spaCy's whitespace convention: one space after a word is that word's trailing
    space (`token.whitespace_`); any other run of whitespace (line breaks, several spaces,
    full-width spaces) is one whitespace token. Not serialisable on purpose: the user
    dictionary ships with the package and is reloaded, never pickled.
    """

    def __init__(self, vocab: Vocab, segmenter: Segmenter | None = None) -> None:
        self.vocab = vocab
        self.segmenter = segmenter or get_segmenter()

    def __call__(self, text: str) -> Doc:
        words, spaces = words_and_spaces(self.segmenter.tokens(text))
        return Doc(self.vocab, words=words, spaces=spaces)

    def pipe(self, texts: Iterable[str], batch_size: int = 1000) -> Iterator[Doc]:
        for text in texts:
            yield self(text)


def words_and_spaces(tokens: Iterable[str]) -> tuple[list[str], list[bool]]:
    """spaCy `words`/`spaces` from tokens that concatenate to the text (jieba's do), in one
    pass; `"".join(w + " " * s for w, s in zip(words, spaces))` is the text again."""
    words: list[str] = []
    spaces: list[bool] = []
    for token in tokens:
        if token.isspace() and words and not spaces[-1]:
            if token == " " and not words[-1].isspace():
                spaces[-1] = True
                continue
            if words[-1].isspace():
                words[-1] += token
                continue
        words.append(token)
        spaces.append(False)
    return words, spaces


@Language.factory(SENTENCES_COMPONENT, default_config={"line_breaks": True})
def make_sentence_splitter(nlp: Language, name: str, line_breaks: bool) -> SentenceSplitter:
    return SentenceSplitter(line_breaks=line_breaks)


class SentenceSplitter:
    """Marks `token.is_sent_start` from `split_sentences(doc.text)`, so the pipeline and the
    jieba-only lint path always agree on where sentences are. Whitespace between sentences
    stays with the sentence before it; leading whitespace with the first sentence."""

    def __init__(self, line_breaks: bool = True) -> None:
        self.line_breaks = line_breaks

    def __call__(self, doc: Doc) -> Doc:
        # The first token always starts the first sentence, leading whitespace included, so the
        # first sentence's own start is not needed.
        starts = [start for start, _ in split_sentences(doc.text, self.line_breaks)][1:]
        position = 0  # index of the first sentence start not yet placed on a token
        for token in doc:
            end = token.idx + len(token)
            is_start = token.i == 0
            while position < len(starts) and starts[position] < end:
                is_start = True
                position += 1
            token.is_sent_start = is_start
        return doc


_nlp: Language | None = None
_nlp_lock = threading.Lock()


def get_nlp() -> Language:
    """The process's one pipeline: blank "zh" + `SegmenterTokenizer` + sentence splitter."""
    global _nlp
    if _nlp is None:
        with _nlp_lock:
            if _nlp is None:
                nlp = spacy.blank("zh")
                nlp.tokenizer = SegmenterTokenizer(nlp.vocab)
                nlp.add_pipe(SENTENCES_COMPONENT)
                _nlp = nlp
    return _nlp


def analyze(text: str) -> Doc:
    """One text through the pipeline: tokens (domain terms whole) and sentences."""
    return get_nlp()(text)


def pipe(texts: Iterable[str], batch_size: int = 256) -> Iterator[Doc]:
    """Many texts through the pipeline, in one process (use a process pool over documents,
    not spaCy's `n_process`, which would pickle the pipeline)."""
    return get_nlp().pipe(texts, batch_size=batch_size)
