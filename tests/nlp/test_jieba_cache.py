"""The prefix-dictionary cache of nlp.jieba_cache: the same dictionary jieba builds, loaded in
parts as texts need them, and a bad cache file is rebuilt rather than trusted."""

from __future__ import annotations

import logging
from pathlib import Path

import pytest

from narrative_qa.nlp.jieba_cache import cache_name, load_prefix_dictionary
from narrative_qa.nlp.segment import Segmenter, _import_jieba, load_user_dictionary

REAL = Path(__file__).resolve().parents[3] / "shared" / "corpus" / "real"


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


def whole(dictionary):
    dictionary.ensure_all()
    return dictionary.freq, dictionary.total


def test_cache_holds_exactly_jiebas_dictionary(jieba, reference, tmp_path: Path) -> None:
    built = load_prefix_dictionary(jieba, str(tmp_path))  # no cache yet: built and written
    assert [path.name for path in tmp_path.iterdir()] == [cache_name(jieba)]
    loaded = load_prefix_dictionary(jieba, str(tmp_path))  # read back from the cache
    assert loaded.freq == {}  # nothing is loaded before a text asks for it
    assert whole(built) == reference
    assert whole(loaded) == reference


def test_a_text_loads_every_key_that_starts_with_one_of_its_characters(jieba, reference, tmp_path: Path) -> None:
    load_prefix_dictionary(jieba, str(tmp_path))
    dictionary = load_prefix_dictionary(jieba, str(tmp_path))
    text = "青禾县民政局依申请公开政府信息，办结率100%。"
    dictionary.ensure(text)
    wanted = {key: count for key, count in reference[0].items() if key[0] in text}
    assert dictionary.freq == wanted
    assert 0 < len(wanted) < len(reference[0]) / 5
    dictionary.ensure("民政")  # already there: nothing changes
    assert dictionary.freq == wanted


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
    assert whole(load_prefix_dictionary(jieba, str(tmp_path))) == reference
    assert cache.read_bytes() == good


def test_segmenter_has_jiebas_own_dictionary_plus_the_user_dictionary(jieba, tmp_path: Path) -> None:
    """Built from the cache, the segmenter's tokenizer holds what a tokenizer that jieba
    initialises itself holds after the same user words: so every cut is jieba's."""
    Segmenter(cache_dir=str(tmp_path / "ours"))  # builds the cache (and holds it all)
    segmenter = Segmenter(cache_dir=str(tmp_path / "ours"))  # reads it, in parts
    reference = jieba.Tokenizer()
    reference.tmp_dir = str(tmp_path)  # jieba's own marshal cache goes here, not to /tmp
    reference.initialize()
    for term, frequency, tag in load_user_dictionary():
        reference.add_word(term, frequency, tag)
    assert segmenter._tokenizer.total == reference.total
    text = "青禾县民政局2024年依申请公开政府信息工作情况：共收到申请15件，办结率100%。"
    assert segmenter.tokens(text) == reference.lcut(text)
    # Loaded in parts, the dictionary holds exactly what jieba's holds for the characters seen
    # (user words included, with their own frequencies), and all of it once everything is seen.
    seen = set(text).union(*(term for term, _, _ in load_user_dictionary()))
    assert segmenter._tokenizer.FREQ == {key: count for key, count in reference.FREQ.items() if key[0] in seen}
    segmenter.load_whole_dictionary()
    assert segmenter._tokenizer.FREQ == reference.FREQ


@pytest.mark.skipif(not REAL.is_dir(), reason="needs ../shared/corpus/real")
def test_dictionary_loaded_in_parts_cuts_the_real_reports_as_jieba(jieba, tmp_path: Path) -> None:
    """Report after report, each loading only what it adds: the tokens are those of a tokenizer
    that jieba initialised whole, with the same user words."""
    Segmenter(cache_dir=str(tmp_path / "ours"))  # builds the cache
    segmenter = Segmenter(cache_dir=str(tmp_path / "ours"))
    reference = jieba.Tokenizer()
    reference.tmp_dir = str(tmp_path)
    reference.initialize()
    for term, frequency, tag in load_user_dictionary():
        reference.add_word(term, frequency, tag)
    texts = sorted(REAL.rglob("*.txt"))[::7]
    assert len(texts) > 20
    for path in texts:
        text = path.read_text("utf-8")
        assert segmenter.tokens(text) == reference.lcut(text), path.name
