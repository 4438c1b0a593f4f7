"""Run one function over many report files, in worker processes when asked; results in input order.

    map_files(function, files, jobs, progress, initializer=..., initargs=..., warm=...) -> list
    ProgressBar(total, enabled)   the optional rich progress bar on stderr

Shared by the linting engine (`nqa lint`) and batch scoring (`nqa score`): both read, parse and
check one file per call, with per-process state made ready beforehand. How it works with jobs > 1:
- files are handed out longest first (estimated_cost): no worker is left with a big PDF at the
  end while the others idle;
- one typical file (the median plain-text one) is processed here before the pool starts: it
  warms the lazy caches a report needs (jieba's dictionary, compiled patterns, parsers) once,
  for forked workers to inherit instead of each building its own, and it is useful work (a tiny
  file would warm nothing). `warm`, if given, runs here first for what that file may not reach;
- on Linux the pool forks (workers inherit the parent's state); elsewhere it spawns and
  `initializer(*initargs)` makes each worker ready;
- the function must not raise for a bad file (return an error value instead): one exception
  stops the batch, as it should for a bug.
The caller's function and its results must be picklable when jobs > 1 (plain module functions,
dataclasses); nothing is pickled with jobs == 1.
"""

from __future__ import annotations

import gc
import os
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any, TypeVar

Result = TypeVar("Result")

# Below this many files a progress bar is only noise.
PROGRESS_MIN_FILES = 6

# Rough seconds per byte by format, measured on the real corpus: extracting a PDF's text layer
# costs far more per character than reading a text file, though less per byte of file.
_COST_PER_BYTE = {".pdf": 4.0, ".docx": 4.0, ".html": 3.0, ".htm": 3.0, ".txt": 18.0, ".md": 18.0}


def worker_count(jobs: int, files: int) -> int:
    """--jobs as given (0: one per CPU), never more than there are files, at least one."""
    return max(1, min(jobs if jobs > 0 else (os.cpu_count() or 1), files))


def estimated_cost(path: Path) -> float:
    """Relative work to read and check `path`, from its size and format."""
    try:
        size = path.stat().st_size
    except OSError:
        size = 0
    return size * _COST_PER_BYTE.get(path.suffix.lower(), 18.0)


def map_files(
    function: Callable[[Path], Result],
    files: Sequence[Path],
    jobs: int,
    progress: bool,
    *,
    initializer: Callable[..., None] | None = None,
    initargs: tuple[Any, ...] = (),
    warm: Callable[[], None] | None = None,
) -> list[Result]:
    """`[function(file) for file in files]`, in `worker_count(jobs, …)` processes; see the module."""
    jobs = worker_count(jobs, len(files))
    if jobs == 1:
        with ProgressBar(len(files), progress) as bar:
            results = []
            for file in files:
                results.append(function(file))
                bar.advance()
        return results
    return _map_parallel(function, files, jobs, progress, initializer, initargs, warm)


def _map_parallel(
    function: Callable[[Path], Result],
    files: Sequence[Path],
    jobs: int,
    progress: bool,
    initializer: Callable[..., None] | None,
    initargs: tuple[Any, ...],
    warm: Callable[[], None] | None,
) -> list[Result]:
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor, as_completed

    ordered = sorted(range(len(files)), key=lambda index: estimated_cost(files[index]), reverse=True)
    plain = [index for index in ordered if files[index].suffix.lower() in (".txt", ".md")] or ordered
    first = plain[len(plain) // 2]
    results: list[Any] = [None] * len(files)
    if warm is not None:
        warm()
    with ProgressBar(len(files), progress) as bar:
        results[first] = function(files[first])
        bar.advance()
        method = "fork" if sys.platform.startswith("linux") else "spawn"
        context = multiprocessing.get_context(method)
        if method == "fork":
            # Objects loaded so far (dictionaries, the model) move to a permanent generation the
            # collector no longer walks, so workers do not copy their pages just by scanning them.
            gc.freeze()
        try:
            with ProcessPoolExecutor(jobs, mp_context=context, initializer=initializer, initargs=initargs) as pool:
                futures = {pool.submit(function, files[index]): index for index in ordered if index != first}
                for future in as_completed(futures):
                    results[futures[future]] = future.result()
                    bar.advance()
        finally:
            gc.unfreeze()  # a long-lived caller (a notebook) gets its normal collector back
    return results


class ProgressBar:
    """A rich progress bar on stderr, only when asked for and worth it; otherwise nothing."""

    def __init__(self, total: int, enabled: bool) -> None:
        self.total = total
        self.enabled = enabled and total >= PROGRESS_MIN_FILES
        self._bar: Any = None
        self._task: Any = None

    def __enter__(self) -> ProgressBar:
        if self.enabled:
            from rich.console import Console
            from rich.progress import Progress

            self._bar = Progress(console=Console(stderr=True), transient=True)
            self._bar.__enter__()
            self._task = self._bar.add_task("检查中", total=self.total)
        return self

    def advance(self) -> None:
        if self._bar is not None:
            self._bar.advance(self._task)

    def __exit__(self, *exc: object) -> None:
        if self._bar is not None:
            self._bar.__exit__(*exc)
