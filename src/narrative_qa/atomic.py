"""Write a file atomically: readers (and a crash) see the old file or the new one, never half.

    write_text_atomic(path, text, encoding="utf-8")
    write_bytes_atomic(path, data)

The data goes to a temporary file in the target's own folder (os.replace is atomic only within
one file system), is flushed to disk, then renamed over the target; on any failure the temporary
file is removed and the target is left as it was. The folder must exist: callers decide whether
to create it. The new file gets the permissions a plain open() would give it (an existing
target's mode, else 0666 minus the umask), not mkstemp's private 0600: these are user outputs.
"""

from __future__ import annotations

import os
import stat
import tempfile
from functools import lru_cache
from pathlib import Path


def write_text_atomic(path: str | os.PathLike[str], text: str, encoding: str = "utf-8") -> None:
    """Replace `path` with `text` in one step; see the module docstring."""
    _write(Path(path), text.encode(encoding))


def write_bytes_atomic(path: str | os.PathLike[str], data: bytes) -> None:
    """Replace `path` with `data` in one step; see the module docstring."""
    _write(Path(path), data)


def _write(path: Path, data: bytes) -> None:
    folder = path.parent if str(path.parent) else Path(".")
    handle, temporary = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=folder)
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(data)
            stream.flush()
            os.fsync(stream.fileno())  # on disk before the rename makes it visible
        os.chmod(temporary, _mode_for(path))
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def _mode_for(path: Path) -> int:
    try:
        return stat.S_IMODE(path.stat().st_mode)
    except OSError:
        return 0o666 & ~_umask()


@lru_cache(maxsize=1)
def _umask() -> int:
    # The umask can only be read by setting it; once per process, before any threads write.
    current = os.umask(0o022)
    os.umask(current)
    return current
