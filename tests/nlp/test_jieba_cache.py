"""The prefix-dictionary cache of nlp.jieba_cache: the same dictionary jieba builds, and a bad
cache file is rebuilt rather than trusted."""

from __future__ import annotations

import logging
from pathlib import Path

import pytest

from narrative_qa.nlp.jieba_cache import cache_name, load_prefix_dictionary
from narrative_qa.nlp.segment import Segmenter, _import_jieba, load_user_dictionary


@pytest.fixture(scope="module")
def jieba():
    module = _import_jieba()
    logging.getLogger("jieba").setLevel(logging.CRITICAL)
    return module


@pytest.fixture(scope="module")
def reference(jieba):
    """jieba's own prefix dictionary, built by jieba from its dict.txt."""
    tokenizer = jieba.Tokenizer()
    return tokenizer.gen_pfdict(tokenizer.get_dict_file())


def test_cache_holds_exactly_jiebas_dictionary(jieba, reference, tmp_path: Path) -> None:
    built = load_prefix_dictionary(jieba, str(tmp_path))  # no cache yet: built and written
    assert [path.name for path in tmp_path.iterdir()] == [cache_name(jieba)]
    loaded = load_prefix_dictionary(jieba, str(tmp_path))  # read back from the cache
    for freq, total in (built, loaded):
        assert total == reference[1]
        assert freq == reference[0]


@pytest.mark.parametrize("damage", ["truncate", "garbage", "other-dictionary"])
def test_damaged_cache_is_rebuilt(jieba, reference, tmp_path: Path, damage: str) -> None:
    load_prefix_dictionary(jieba, str(tmp_path))
    cache = tmp_path / cache_name(jieba)
    good = cache.read_bytes()
    data = bytearray(good)
    if damage == "truncate":
        data = data[: len(data) // 2]
    elif damage == "garbage":
        data[:16] = b"x" * 16
    else:  # the header says it was built from a dict.txt of another size
        data[16] ^= 1
    cache.write_bytes(bytes(data))
    assert load_prefix_dictionary(jieba, str(tmp_path)) == reference
    assert cache.read_bytes() == good


def test_segmenter_has_jiebas_own_dictionary_plus_the_user_dictionary(jieba, tmp_path: Path) -> None:
    """Built from the cache, the segmenter's tokenizer holds what a tokenizer that jieba
    initialises itself holds after the same user words: so every cut is jieba's."""
    segmenter = Segmenter(cache_dir=str(tmp_path / "ours"))
    reference = jieba.Tokenizer()
    reference.tmp_dir = str(tmp_path)  # jieba's own marshal cache goes here, not to /tmp
    reference.initialize()
    for term, frequency, tag in load_user_dictionary():
        reference.add_word(term, frequency, tag)
    assert segmenter._tokenizer.total == reference.total
    assert segmenter._tokenizer.FREQ == reference.FREQ
    text = "青禾县民政局2024年依申请公开政府信息工作情况：共收到申请15件，办结率100%。"
    assert segmenter.tokens(text) == reference.lcut(text)
