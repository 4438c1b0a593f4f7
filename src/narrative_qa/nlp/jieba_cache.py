"""jieba's prefix dictionary, cached in a form that loads in parts, as the text needs them.

jieba keeps its prefix dictionary (FREQ: ~500,000 words and word prefixes -> frequency, plus
their total) in a marshal file that takes ~0.45 s to load: marshal decodes every key on its own.
Here the same dictionary is stored grouped by the first character of the keys: per group one
UTF-8 text of its keys joined by "\\n", and one array of 64-bit counts for all keys. A
`PrefixDictionary` starts empty and loads a group (one decode, one split, one dict update) the
first time a text holds its character: jieba only ever looks up fragments of the text being cut,
and a fragment's first character is one of the text's. One report needs ~30 % of the
dictionary, the whole real corpus ~65 %; loading all of it took ~0.13 s of every cold `nqa lint`
(0.32 s in all). The content is exactly what jieba builds (`jieba.Tokenizer.gen_pfdict` over
its default dict.txt): tokens do not change.

No code is ever loaded from the file (no marshal, no pickle). A file that is missing, from
another jieba release (the version is in the name), built from another dict.txt (its size is
in the header), of another layout or truncated is rebuilt from dict.txt (~1.5 s, once).
The file is written atomically, so concurrent first runs cannot see half a file.
"""

from __future__ import annotations

import os
import struct
import sys
from array import array
from typing import Any

from narrative_qa.atomic import write_bytes_atomic

_MAGIC = b"nqa-jieba-pfx-2" + (b"L" if sys.byteorder == "little" else b"B")
# dict.txt size, total, number of keys, number of groups, bytes of the joined keys
_HEADER = struct.Struct("<QQQQQ")


class PrefixDictionary:
    """jieba's FREQ (`freq`, the dict a jieba.Tokenizer holds) and `total`, filled one group of
    keys at a time: call `ensure(text)` before jieba looks up fragments of `text`."""

    __slots__ = ("freq", "total", "_pending", "_keys", "_counts", "_starts", "_bytes")

    def __init__(self, total: int, groups: dict[str, int], keys: memoryview, counts: array, starts: array, ends: array) -> None:
        self.freq: dict[str, int] = {}
        self.total = total
        self._pending = groups  # first character -> its group, for the groups not loaded yet
        self._keys = keys  # the UTF-8 keys of every group, joined
        self._counts = counts
        self._starts = starts  # per group: index of its first key; byte offset of its keys
        self._bytes = ends  # per group: byte offset after its keys

    @classmethod
    def complete(cls, freq: dict[str, int], total: int) -> PrefixDictionary:
        """A dictionary already holding everything (as built from dict.txt)."""
        loaded = cls(total, {}, memoryview(b""), array("q"), array("Q"), array("Q"))
        loaded.freq = freq
        return loaded

    def ensure(self, text: str) -> None:
        """Load the groups of the characters of `text` not loaded yet."""
        pending = self._pending
        if not pending or pending.keys().isdisjoint(text):
            return
        for character in set(text).intersection(pending):
            self._load(pending.pop(character))

    def ensure_all(self) -> None:
        for group in list(self._pending.values()):
            self._load(group)
        self._pending.clear()

    def _load(self, group: int) -> None:
        first_key, first_byte = self._starts[2 * group], self._starts[2 * group + 1]
        keys = str(self._keys[first_byte : self._bytes[group]], "utf-8").split("\n")
        self.freq.update(zip(keys, self._counts[first_key : first_key + len(keys)]))


def cache_name(jieba: Any) -> str:
    return f"jieba-{jieba.__version__}-prefix.bin"


def _source_size(jieba: Any) -> int:
    return os.path.getsize(os.path.join(os.path.dirname(jieba.__file__), jieba.DEFAULT_DICT_NAME))


def load_prefix_dictionary(jieba: Any, folder: str) -> PrefixDictionary:
    """jieba's default prefix dictionary, from the cache in `folder` when it is valid, else built
    from dict.txt and written there (a write that fails only costs speed later)."""
    path = os.path.join(folder, cache_name(jieba))
    source_size = _source_size(jieba)
    loaded = _read(path, source_size)
    if loaded is not None:
        return loaded
    tokenizer = jieba.Tokenizer()
    freq, total = tokenizer.gen_pfdict(tokenizer.get_dict_file())
    try:
        _write(path, source_size, freq, total)
    except (OSError, ValueError, OverflowError):
        pass
    return PrefixDictionary.complete(freq, total)


def _read(path: str, source_size: int) -> PrefixDictionary | None:
    try:
        with open(path, "rb") as file:
            data = file.read()
    except OSError:
        return None
    start = len(_MAGIC) + _HEADER.size
    if len(data) < start or not data.startswith(_MAGIC):
        return None
    size, total, count, groups, keys_bytes = _HEADER.unpack_from(data, len(_MAGIC))
    # group characters (4 bytes each), starts (2 x 8), ends (8), keys, counts (8 per key)
    index_bytes = groups * (4 + 16 + 8)
    if size != source_size or len(data) != start + index_bytes + keys_bytes + 8 * count:
        return None
    view = memoryview(data)
    characters, starts, ends, counts = array("I"), array("Q"), array("Q"), array("q")
    offset = start
    for target, width in ((characters, 4 * groups), (starts, 16 * groups), (ends, 8 * groups)):
        target.frombytes(view[offset : offset + width])
        offset += width
    keys = view[offset : offset + keys_bytes]
    counts.frombytes(view[offset + keys_bytes :])
    if (groups and ends[-1] != keys_bytes) or len(counts) != count:
        return None
    try:
        pending = {chr(code): group for group, code in enumerate(characters)}
    except ValueError:  # not a code point: a damaged file
        return None
    return PrefixDictionary(total, pending, keys, counts, starts, ends)


def _write(path: str, source_size: int, freq: dict[str, int], total: int) -> None:
    if any("\n" in key or not key for key in freq):  # cannot happen with jieba's dict.txt
        return
    groups: dict[str, list[str]] = {}
    for key in freq:
        groups.setdefault(key[0], []).append(key)
    characters, starts, ends, counts = array("I"), array("Q"), array("Q"), array("q")
    blobs: list[bytes] = []
    keys_so_far = bytes_so_far = 0
    for character, keys in groups.items():
        blob = "\n".join(keys).encode("utf-8")
        characters.append(ord(character))
        starts.extend((keys_so_far, bytes_so_far))
        bytes_so_far += len(blob)
        ends.append(bytes_so_far)
        keys_so_far += len(keys)
        blobs.append(blob)
        counts.extend(freq[key] for key in keys)
    header = _MAGIC + _HEADER.pack(source_size, total, len(freq), len(groups), bytes_so_far)
    body = [characters.tobytes(), starts.tobytes(), ends.tobytes(), *blobs, counts.tobytes()]
    os.makedirs(os.path.dirname(path), exist_ok=True)
    write_bytes_atomic(path, b"".join((header, *body)))
