"""Model files: reproducible archives, checksums, atomic replacement, clear errors."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import numpy as np
import pytest

from narrative_qa.corpus.model import load_model
from narrative_qa.corpus.store import atomic_folder, check_target, write_npz
from narrative_qa.errors import ModelError, UsageError


def test_npz_is_byte_identical_and_loads_without_pickle(tmp_path: Path) -> None:
    arrays = {"b": np.arange(5, dtype=np.uint64), "a": np.linspace(0, 1, 3)}
    write_npz(tmp_path / "one.npz", arrays)
    write_npz(tmp_path / "two.npz", dict(reversed(list(arrays.items()))))
    assert (tmp_path / "one.npz").read_bytes() == (tmp_path / "two.npz").read_bytes()
    with np.load(tmp_path / "one.npz", allow_pickle=False) as loaded:
        assert loaded["b"].tolist() == [0, 1, 2, 3, 4]
    with pytest.raises(TypeError):
        write_npz(tmp_path / "bad.npz", {"x": np.array([{"a": 1}], dtype=object)})


def _copy(model_dir: Path, tmp_path: Path) -> Path:
    target = tmp_path / "copy"
    shutil.copytree(model_dir, target)
    return target


def test_altered_file_is_rejected(sample_model_dir: Path, tmp_path: Path) -> None:
    model = _copy(sample_model_dir, tmp_path)
    data = bytearray((model / "arrays.npz").read_bytes())
    data[len(data) // 2] ^= 0xFF  # same size, one byte changed
    (model / "arrays.npz").write_bytes(bytes(data))
    with pytest.raises(ModelError, match="校验和不符"):
        load_model(model)


def test_truncated_file_is_rejected(sample_model_dir: Path, tmp_path: Path) -> None:
    model = _copy(sample_model_dir, tmp_path)
    data = (model / "phrases.json").read_bytes()
    (model / "phrases.json").write_bytes(data[: len(data) // 2])
    with pytest.raises(ModelError, match="截断"):
        load_model(model)


def test_other_format_version_is_rejected(sample_model_dir: Path, tmp_path: Path) -> None:
    model = _copy(sample_model_dir, tmp_path)
    manifest = json.loads((model / "manifest.json").read_text("utf-8"))
    manifest["format_version"] = 99
    (model / "manifest.json").write_text(json.dumps(manifest), "utf-8")
    with pytest.raises(ModelError, match="格式版本为 99"):
        load_model(model)


def test_missing_and_foreign_folders_are_rejected(tmp_path: Path) -> None:
    with pytest.raises(ModelError, match="找不到模型文件夹"):
        load_model(tmp_path / "nowhere")
    (tmp_path / "notes").mkdir()
    (tmp_path / "notes" / "a.txt").write_text("x", "utf-8")
    with pytest.raises(ModelError, match="缺少 manifest.json"):
        load_model(tmp_path / "notes")


def test_user_folders_are_never_replaced(sample_model_dir: Path, tmp_path: Path) -> None:
    own = tmp_path / "mine"
    own.mkdir()
    (own / "draft.txt").write_text("草稿", "utf-8")
    with pytest.raises(UsageError, match="不是本工具生成的模型"):
        check_target(own, force=True)
    model = _copy(sample_model_dir, tmp_path)
    with pytest.raises(UsageError, match="--force"):
        check_target(model, force=False)
    check_target(model, force=True)  # our own model: replaced when asked
    empty = tmp_path / "empty"
    empty.mkdir()
    check_target(empty, force=False)


def test_failed_write_leaves_the_previous_model(sample_model_dir: Path, tmp_path: Path) -> None:
    model = _copy(sample_model_dir, tmp_path)
    before = (model / "manifest.json").read_bytes()
    with pytest.raises(RuntimeError):
        with atomic_folder(model, force=True) as temp:
            (temp / "manifest.json").write_text("half", "utf-8")
            raise RuntimeError("killed")
    assert (model / "manifest.json").read_bytes() == before
    assert load_model(model).n_documents > 0
    assert [path.name for path in tmp_path.iterdir() if path.name.startswith(".nqa-")] == []


def test_replacing_a_model_swaps_it_whole(sample_model_dir: Path, tmp_path: Path) -> None:
    model = _copy(sample_model_dir, tmp_path)
    with atomic_folder(model, force=True) as temp:
        for path in sample_model_dir.iterdir():
            shutil.copy(path, temp / path.name)
        (temp / "extra.txt").write_text("new", "utf-8")
    assert (model / "extra.txt").read_text("utf-8") == "new"
    assert load_model(model).n_documents == 16
    assert sorted(path.name for path in tmp_path.iterdir()) == ["copy"]
