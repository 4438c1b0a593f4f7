"""Byte-for-byte reproducible model files, written atomically.

Why not `np.savez`: it stamps every zip member with the current time, so two builds of the
same corpus would differ. `write_npz` writes the .npy members itself with a fixed date.
Why a temporary sibling folder + rename: a build killed at any point (even SIGKILL) leaves
either the old model or the new one in place, never a half-written mix.
"""

from __future__ import annotations

import hashlib
import io
import json
import os
import shutil
import sys
import zipfile
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from pathlib import Path

import numpy as np

from narrative_qa.errors import UsageError

# A constant zip timestamp (the earliest the format allows) keeps archives reproducible.
_ZIP_DATE = (1980, 1, 1, 0, 0, 0)
# Marks a folder as written by `nqa corpus build`; only such folders are replaced with --force.
MARKER_NAME = "manifest.json"
_TEMP_PREFIX = ".nqa-build-"
_OLD_PREFIX = ".nqa-old-"


def dumps_json(data: object) -> bytes:
    """Canonical JSON: sorted keys, no spacing variance, UTF-8, trailing newline."""
    text = json.dumps(data, ensure_ascii=False, sort_keys=True, indent=1, allow_nan=False)
    return (text + "\n").encode("utf-8")


def write_json(path: Path, data: object) -> None:
    path.write_bytes(dumps_json(data))


def write_npz(path: Path, arrays: Mapping[str, np.ndarray]) -> None:
    """Write arrays as an uncompressed .npz readable by `np.load(allow_pickle=False)`."""
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_STORED) as archive:
        for name in sorted(arrays):
            array = np.ascontiguousarray(arrays[name])
            if array.dtype == object:
                raise TypeError(f"object arrays cannot be stored without pickle: {name}")
            buffer = io.BytesIO()
            np.lib.format.write_array(buffer, array, allow_pickle=False)
            info = zipfile.ZipInfo(f"{name}.npy", date_time=_ZIP_DATE)
            info.external_attr = 0o644 << 16
            archive.writestr(info, buffer.getvalue())


def sha256_file(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def is_model_folder(path: Path) -> bool:
    """True for a folder that a previous build wrote (it has our manifest)."""
    manifest = path / MARKER_NAME
    if not manifest.is_file():
        return False
    try:
        data = json.loads(manifest.read_text("utf-8"))
    except (OSError, ValueError):
        return False
    return isinstance(data, dict) and data.get("kind") == "narrative-qa-model"


def check_target(target: Path, force: bool) -> None:
    """Refuse to overwrite anything the user owns without being asked.

    An existing model folder is replaced only with --force; any other existing path
    (a file, a folder of the user's) is never replaced, not even with --force.
    """
    if not target.exists():
        return
    if target.is_dir() and not any(target.iterdir()):
        return  # an empty folder holds nothing of the user's
    if not is_model_folder(target):
        raise UsageError(f"输出位置 {target} 已存在且不是本工具生成的模型文件夹，为避免覆盖用户文件，已停止。请换一个 --out 路径。")
    if not force:
        raise UsageError(f"模型文件夹 {target} 已存在；如需以新模型替换，请加 --force。")


@contextmanager
def atomic_folder(target: Path, force: bool = False) -> Iterator[Path]:
    """Yield a temporary folder beside `target`; on success it replaces `target` by rename.

    The temporary folder lives in the same parent so the final rename stays on one file
    system (atomic). On error the temporary folder is removed and `target` is untouched.
    An existing model is swapped with the new one in one atomic step where the system can
    (Linux renameat2 RENAME_EXCHANGE); elsewhere it takes two renames (old aside, new in),
    and `recover_interrupted` puts the old model back if a kill hits between them.
    """
    target = target.resolve()
    check_target(target, force)
    parent = target.parent
    parent.mkdir(parents=True, exist_ok=True)
    recover_interrupted(target)
    temp = parent / f"{_TEMP_PREFIX}{target.name}-{os.getpid()}"
    if temp.exists():
        shutil.rmtree(temp)
    temp.mkdir()
    try:
        yield temp
        _fsync_folder(temp)
        if target.exists():
            if _exchange(temp, target):  # one atomic step: temp now holds the old model
                shutil.rmtree(temp, ignore_errors=True)
            else:
                old = parent / f"{_OLD_PREFIX}{target.name}-{os.getpid()}"
                os.replace(target, old)
                os.replace(temp, target)
                shutil.rmtree(old, ignore_errors=True)
        else:
            os.replace(temp, target)
        _fsync_path(parent)
    finally:
        if temp.exists():
            shutil.rmtree(temp, ignore_errors=True)


def recover_interrupted(target: Path) -> None:
    """Clean up what a killed build left beside `target`.

    Leftover temporary folders are deleted. If the target itself is missing but an old
    copy set aside by a build exists, that copy is the previous model: put it back.
    """
    parent = target.parent
    if not parent.is_dir():
        return
    for leftover in sorted(parent.glob(f"{_TEMP_PREFIX}{target.name}-*")):
        if not _owner_alive(leftover):  # another build still running there: leave it alone
            shutil.rmtree(leftover, ignore_errors=True)
    olds = sorted(parent.glob(f"{_OLD_PREFIX}{target.name}-*"))
    for old in olds:
        if not target.exists() and is_model_folder(old):
            os.replace(old, target)
        else:
            shutil.rmtree(old, ignore_errors=True)


_AT_FDCWD = -100
_RENAME_EXCHANGE = 2


def _exchange(first: Path, second: Path) -> bool:
    """Atomically swap two paths (Linux renameat2); False where unsupported."""
    if sys.platform != "linux":
        return False
    try:
        import ctypes

        libc = ctypes.CDLL(None, use_errno=True)
        renameat2 = libc.renameat2
    except (OSError, AttributeError):
        return False
    renameat2.argtypes = [ctypes.c_int, ctypes.c_char_p, ctypes.c_int, ctypes.c_char_p, ctypes.c_uint]
    renameat2.restype = ctypes.c_int
    result = renameat2(_AT_FDCWD, os.fsencode(first), _AT_FDCWD, os.fsencode(second), _RENAME_EXCHANGE)
    return result == 0


def _owner_alive(folder: Path) -> bool:
    """Whether the build that made `folder` (its pid is the name's suffix) is still running."""
    try:
        pid = int(folder.name.rsplit("-", 1)[1])
    except (IndexError, ValueError):
        return False
    if pid == os.getpid():
        return False
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def _fsync_folder(folder: Path) -> None:
    for path in folder.iterdir():
        if path.is_file():
            with path.open("rb") as handle:
                os.fsync(handle.fileno())
    _fsync_path(folder)


def _fsync_path(path: Path) -> None:
    try:
        descriptor = os.open(path, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(descriptor)
    except OSError:
        pass
    finally:
        os.close(descriptor)
