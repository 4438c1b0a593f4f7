"""Stable keys for phrases and sentences, shared by the model builder and the rules.

Python's `hash()` changes with every process (PYTHONHASHSEED), so the model stores
blake2b digests truncated to 64 bits instead: the same text gives the same key on every
machine, and a key reveals nothing readable about the sentence it came from.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Sequence
from hashlib import blake2b

# Joins the tokens of an n-gram before hashing, so ("政府", "信息") != ("政", "府信息").
PHRASE_SEPARATOR = "\x1f"
# Runs of digits (with decimal point / thousands separators) collapse to one "0", so
# "收到申请5件" and "收到申请15件" share a fingerprint: a copied sentence with new figures
# is still a copied sentence.
_NUMBER = re.compile(r"\d+(?:[.,]\d+)*")
# Everything that is not a letter, digit or CJK character: whitespace and punctuation.
_NOT_WORD = re.compile(r"[\W_]+")


def stable_hash(text: str) -> int:
    """64-bit unsigned key of a string (blake2b, 8-byte digest)."""
    return int.from_bytes(blake2b(text.encode("utf-8"), digest_size=8).digest(), "big")


def phrase_key(tokens: Sequence[str]) -> int:
    """Key of a token n-gram as stored in the model's phrase table."""
    return stable_hash(PHRASE_SEPARATOR.join(tokens))


def phrase_digest(tokens: Sequence[str]) -> bytes:
    """`phrase_key(tokens)` as its 8 big-endian bytes, for callers that turn many keys into one
    uint64 array at once (`numpy.frombuffer(b"".join(digests), ">u8")`)."""
    return blake2b(PHRASE_SEPARATOR.join(tokens).encode("utf-8"), digest_size=8).digest()


def joined_phrase(tokens: Iterable[str]) -> str:
    """The string `phrase_key` hashes: the tokens joined by a separator no token contains
    (jieba makes \\x1f a whitespace token of its own, and content tokens drop whitespace)."""
    return PHRASE_SEPARATOR.join(tokens)


def joined_phrase_key(joined: str) -> int:
    """`phrase_key` of an n-gram given as `joined_phrase(tokens)`."""
    return stable_hash(joined)


def joined_phrase_digests(joined: Iterable[str]) -> bytes:
    """The `phrase_digest`s of many n-grams given as `joined_phrase` strings, concatenated (the
    model builder keys tens of thousands): `numpy.frombuffer(digests, ">u8")` gives their
    `joined_phrase_key`s without a function call or an int object per n-gram."""
    return b"".join([blake2b(text.encode("utf-8"), digest_size=8).digest() for text in joined])


def split_phrase(joined: str) -> tuple[str, ...]:
    """The tokens of a `joined_phrase`."""
    return tuple(joined.split(PHRASE_SEPARATOR))


def phrase_text(tokens: Sequence[str]) -> str:
    """How a phrase is shown to people (Chinese has no spaces between words)."""
    return "".join(tokens)


def normalise_sentence(text: str) -> str:
    """The form of a sentence that fingerprints are taken from: NFKC (full-width → half-width),
    numbers → "0", whitespace and punctuation removed, Latin letters lower-cased."""
    return _normalise_nfkc(nfkc(text))


# The full-width punctuation of Chinese prose (，（）：；！？％．＠ and the ideographic space),
# each with its compatibility decomposition: one ASCII character.
_FULL_WIDTH = tuple(
    (chr(code), unicodedata.normalize("NFKD", chr(code)))
    for code in (0xFF0C, 0xFF08, 0xFF09, 0xFF1A, 0xFF1B, 0xFF01, 0xFF1F, 0xFF05, 0xFF0E, 0xFF20, 0x3000)
)


def nfkc(text: str) -> str:
    """`unicodedata.normalize("NFKC", text)`, ~6x faster on Chinese prose.

    NFKC is too slow for a per-sentence step (it takes its slow path on any full-width
    punctuation). Replacing a character by its own full compatibility decomposition does not
    change the string's NFKD, hence not its NFKC; so once the common full-width characters are
    replaced, a result that is already in NFKC is NFKC(text) exactly. Anything else (other
    compatibility characters) takes the general path."""
    fast = text
    for wide, narrow in _FULL_WIDTH:
        if wide in fast:
            fast = fast.replace(wide, narrow)
    if unicodedata.is_normalized("NFKC", fast):
        return fast
    return unicodedata.normalize("NFKC", text)


def _normalise_nfkc(text: str) -> str:
    return _NOT_WORD.sub("", _NUMBER.sub("0", text)).lower()


def sentence_fingerprint(text: str) -> int | None:
    """Key of a sentence, or None when nothing is left after normalisation (e.g. "1.")."""
    return nfkc_fingerprint(nfkc(text))


def nfkc_fingerprint(nfkc_text: str) -> int | None:
    """`sentence_fingerprint` of a text already in NFKC (for callers that need the NFKC form
    for something else too: the normalisation is the costly part)."""
    normalised = _normalise_nfkc(nfkc_text)
    if len(normalised) < 2:
        return None
    return stable_hash(normalised)


def ngrams(tokens: Sequence[str], min_n: int, max_n: int) -> list[tuple[str, ...]]:
    """Contiguous token n-grams, n from `min_n` to `max_n` inclusive (shorter n first)."""
    grams: list[tuple[str, ...]] = []
    for n in range(min_n, max_n + 1):
        # zip over shifted slices builds the tuples in C: ~3x faster than slicing per n-gram,
        # and this runs on every sentence of every corpus document.
        grams.extend(zip(*(tokens[offset:] for offset in range(n))))
    return grams


def joined_ngrams(tokens: Sequence[str], min_n: int, max_n: int) -> list[str]:
    """`ngrams` as `joined_phrase` strings, in the same order. The corpus builder counts
    phrases in this form: a string caches its hash (a tuple re-hashes every token each time it
    is looked up), and a set of strings is cheaper to send between processes."""
    join = PHRASE_SEPARATOR.join
    grams: list[str] = []
    for n in range(min_n, max_n + 1):
        grams.extend(map(join, zip(*(tokens[offset:] for offset in range(n)))))
    return grams
