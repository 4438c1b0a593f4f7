"""With two jobs, the first worker counts the 3- and 4-gram phrases after the map while the main
process does the rest of the reduce. The model must not depend on it: not when it works, not
when it dies or fails (the main process then counts those phrases itself)."""

from __future__ import annotations

import os
from pathlib import Path

import numpy as np
import pytest

from narrative_qa.corpus import build
from narrative_qa.corpus.build import HELPER_NGRAMS, MIN_TEXT_UNITS, _merged_tables, _PhraseTable, build_model
from narrative_qa.corpus.hashing import joined_phrase, joined_phrase_key

SAMPLE_MANIFEST = Path(__file__).resolve().parents[2] / "corpora" / "sample" / "manifest.tsv"


def _phrase_tables_counted_here(monkeypatch: pytest.MonkeyPatch, in_the_worker) -> list[tuple[int, ...]]:
    """Record the n-gram lengths whose phrases this process counts; in a forked worker, call
    `in_the_worker` instead of counting."""
    main = os.getpid()
    counted: list[tuple[int, ...]] = []
    count = build._phrase_table

    def phrase_table(inputs, lengths):
        if os.getpid() != main:
            return in_the_worker(inputs, lengths)
        counted.append(tuple(lengths))
        return count(inputs, lengths)

    monkeypatch.setattr(build, "_phrase_table", phrase_table)
    return counted


def _same_files(folder: Path, expected: Path) -> None:
    for path in sorted(expected.iterdir()):
        assert (folder / path.name).read_bytes() == path.read_bytes(), path.name


def test_the_worker_counts_the_longer_ngrams(sample_model_dir: Path, tmp_path: Path, monkeypatch) -> None:
    counted = _phrase_tables_counted_here(monkeypatch, build._phrase_table)
    build_model([SAMPLE_MANIFEST], tmp_path / "m", jobs=2)
    assert counted == [tuple(n for n in range(2, 5) if n not in HELPER_NGRAMS)]
    _same_files(tmp_path / "m", sample_model_dir)


def _die(inputs, lengths):
    os._exit(3)


def _fail(inputs, lengths):
    raise MemoryError("a worker out of memory")


@pytest.mark.parametrize("in_the_worker", [_die, _fail], ids=["worker dies", "worker fails"])
def test_the_main_process_counts_them_when_the_worker_cannot(
    in_the_worker, sample_model_dir: Path, tmp_path: Path, monkeypatch
) -> None:
    counted = _phrase_tables_counted_here(monkeypatch, in_the_worker)
    build_model([SAMPLE_MANIFEST], tmp_path / "m", jobs=2)
    assert sorted(counted) == sorted([(2,), HELPER_NGRAMS])
    _same_files(tmp_path / "m", sample_model_dir)


def test_merged_tables_keep_key_order_and_settle_a_shared_key() -> None:
    def table(grams: list[tuple[str, ...]], units: list[int], keys: list[int] | None = None) -> _PhraseTable:
        names = [joined_phrase(gram) for gram in grams]
        keys = keys or [joined_phrase_key(name) for name in names]
        order = np.argsort(keys)
        names = [names[index] for index in order]
        unit_counts = np.array(units, dtype=np.uint32)[order]
        shown = {f"{keys[index]:016x}": "".join(grams[index]) for index in order if units[index] >= MIN_TEXT_UNITS}
        return _PhraseTable(
            keys=np.array(keys, dtype=np.uint64)[order],
            names=names,
            df=np.arange(len(names), dtype=np.uint32).reshape(-1, 1) + unit_counts.reshape(-1, 1),
            units=unit_counts,
            flags=np.zeros(len(names), dtype=np.uint8),
            texts=shown,
        )

    short = table([("政府", "信息"), ("依", "申请")], [5, 1])
    long = table([("政府", "信息", "公开"), ("年度", "报告", "编制")], [4, 2])
    merged = _merged_tables(short, long)
    assert merged.keys.tolist() == sorted(short.keys.tolist() + long.keys.tolist())
    assert merged.names == sorted(short.names + long.names, key=joined_phrase_key)
    assert merged.texts == {**short.texts, **long.texts}
    for row, name in enumerate(merged.names):  # every row's counts moved with it
        source = short if name in short.names else long
        assert merged.units[row] == source.units[source.names.index(name)]
        assert merged.df[row, 0] == source.df[source.names.index(name), 0]

    # Two phrases with one 64-bit key, one in each table: the smaller token tuple stays, with
    # its own counts and text (shown or not), whichever table it comes from.
    kept = ("依", "申请", "公开")
    for kept_units, texts in ((1, {}), (6, {f"{7:016x}": "依申请公开"})):
        first = table([("政府", "信息")], [7 - kept_units], keys=[7])
        second = table([kept], [kept_units], keys=[7])
        for merged in (_merged_tables(first, second), _merged_tables(second, first)):
            assert merged.names == [joined_phrase(kept)]
            assert merged.units.tolist() == [kept_units] and merged.texts == texts
