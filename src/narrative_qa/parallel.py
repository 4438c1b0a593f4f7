"""Run one function over many report files, in worker processes when asked; results in input order.

    map_files(function, files, jobs, progress, initializer=..., initargs=..., warm=...) -> list
    fork_map(function, items, jobs, on_result=...) -> list   the Linux pool map_files uses
    ProgressBar(total, enabled)   the optional rich progress bar on stderr

Shared by the linting engine (`nqa lint`) and batch scoring (`nqa score`): both read, parse and
check one file per call, with per-process state made ready beforehand. How it works with jobs > 1:
- files are handed out longest first (estimated_cost): no worker is left with a big PDF at the
  end while the others idle;
- this process reads every file that is not plain text (PDF, HTML, Word) itself, when they are
  no more than its share of the work, while the helpers start on the plain-text files: the
  first file of a format costs its reader's imports and caches (pdfplumber and pypdfium2 alone
  ~60 ms) in whichever process reads it, and this way only one process pays them (a caller
  may have them read ahead meanwhile: read_ahead.py);
- one typical file (the median plain-text one) is processed here before the pool starts: it
  warms the lazy caches a report needs (jieba's dictionary, compiled patterns, parsers) once,
  for forked workers to inherit instead of each building its own, and it is useful work (a tiny
  file would warm nothing). `warm`, if given, runs here first for what that file may not reach;
- on Linux this process forks `jobs - 1` helpers and works through the files with them
  (fork_map): it is warm already, its own results are not pickled through a pipe, and its core
  would otherwise only wait. Elsewhere a spawned ProcessPoolExecutor does the work and
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
from collections.abc import Callable, Iterator, Sequence
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


def _is_plain_text(path: Path) -> bool:
    return path.suffix.lower() in (".txt", ".md")


def estimated_cost(path: Path) -> float:
    """Relative work to read and check `path`, from its size and format."""
    try:
        size = path.stat().st_size
    except OSError:
        size = 0
    return size * _COST_PER_BYTE.get(path.suffix.lower(), 18.0)


def _longest_first(costs: Sequence[float]) -> list[int]:
    return sorted(range(len(costs)), key=lambda index: costs[index], reverse=True)


def own_files(files: Sequence[Path], jobs: int, costs: Sequence[float] | None = None) -> list[int]:
    """The files this process keeps for itself when it maps them with forked helpers (Linux):
    every file that is not plain text, costliest first, when together they are no more than
    its share of the work; else none (see the module)."""
    if costs is None:
        costs = [estimated_cost(file) for file in files]
    others = [index for index in _longest_first(costs) if not _is_plain_text(files[index])]
    return others if sum(costs[index] for index in others) <= sum(costs) / jobs else []


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
    costs = [estimated_cost(file) for file in files]
    ordered = _longest_first(costs)
    plain = [index for index in ordered if _is_plain_text(files[index])] or ordered
    first = plain[len(plain) // 2]
    results: list[Any] = [None] * len(files)
    if warm is not None:
        warm()
    with ProgressBar(len(files), progress) as bar:
        results[first] = function(files[first])
        bar.advance()
        rest = [index for index in ordered if index != first]
        if sys.platform.startswith("linux"):
            own_indices = [index for index in own_files(files, jobs, costs) if index != first]
            own = len(own_indices)
            if own:
                rest = own_indices + [index for index in rest if _is_plain_text(files[index])]
            done = fork_map(
                function, [files[index] for index in rest], jobs, on_result=lambda _: bar.advance(), own_first=own
            )
            for index, result in zip(rest, done):
                results[index] = result
            return results
        import multiprocessing
        from concurrent.futures import ProcessPoolExecutor, as_completed

        context = multiprocessing.get_context("spawn")
        with ProcessPoolExecutor(jobs, mp_context=context, initializer=initializer, initargs=initargs) as pool:
            futures = {pool.submit(function, files[index]): index for index in rest}
            for future in as_completed(futures):
                results[futures[future]] = future.result()
                bar.advance()
    return results


def fork_map(
    function: Callable[[Any], Result],
    items: Sequence[Any],
    jobs: int,
    on_result: Callable[[int], None] | None = None,
    own_first: int = 0,
) -> list[Result]:
    """`[function(item) for item in items]` by this process and `jobs - 1` forked helpers (Linux).

    The items are taken in the given order (put the costly ones first) from a shared counter,
    by the helpers and by this process alike: this process is warm already, pays no fork and its
    own results cross no pipe, and its core would otherwise only wait. The first `own_first`
    items are this process's alone (it does them first; the helpers start after them). Helpers
    inherit everything (the function, the items, module state) and send back only (index,
    result). `on_result(index)` is called here as results arrive (a progress bar)."""
    import multiprocessing
    import queue as queue_module

    shared = len(items) - own_first
    # Without items of its own, this process takes one of the shared ones at least.
    helpers_wanted = min(jobs - 1, shared if own_first else shared - 1)
    if helpers_wanted < 1:
        results = []
        for index, item in enumerate(items):
            results.append(function(item))
            if on_result is not None:
                on_result(index)
        return results
    context = multiprocessing.get_context("fork")
    counter = context.RawValue("l", own_first)
    lock = context.Lock()
    returned: Any = context.Queue()
    results: list[Any] = [None] * len(items)
    pending = len(items)

    def take() -> int:
        with lock:
            index = counter.value
            counter.value = index + 1
        return index

    def receive(block: bool) -> bool:
        nonlocal pending
        try:
            index, value = returned.get(block, 1.0)
        except queue_module.Empty:
            if block and not any(helper.is_alive() for helper in helpers) and returned.empty():
                codes = [helper.exitcode for helper in helpers]
                raise RuntimeError(f"并行子进程意外退出（退出码 {codes}）") from None
            return False
        if index < 0:
            raise RuntimeError(f"并行子进程出错：{value}")
        results[index] = value
        pending -= 1
        if on_result is not None:
            on_result(index)
        return True

    # Objects loaded so far (dictionaries, the model) move to a permanent generation the collector
    # no longer walks, so helpers do not copy their pages just by scanning them.
    gc.freeze()
    helpers = []
    try:
        for _ in range(helpers_wanted):
            helper = context.Process(target=_help, args=(function, items, take, returned), daemon=True)
            helper.start()
            helpers.append(helper)
        for index in _own_then_shared(own_first, take, len(items)):
            results[index] = function(items[index])
            pending -= 1
            if on_result is not None:
                on_result(index)
            while receive(False):
                pass
        while pending:
            receive(True)
        for helper in helpers:
            helper.join()
    finally:
        gc.unfreeze()  # a long-lived caller (a notebook) gets its normal collector back
        for helper in helpers:
            if helper.is_alive():
                helper.terminate()
                helper.join()
        returned.close()
    return results


def _own_then_shared(own: int, take: Callable[[], int], count: int) -> Iterator[int]:
    yield from range(own)
    while (index := take()) < count:
        yield index


def _help(function: Callable[[Any], Any], items: Sequence[Any], take: Callable[[], int], returned: Any) -> None:
    """A forked helper of fork_map: process items until none are left, sending each result."""
    try:
        while (index := take()) < len(items):
            returned.put((index, function(items[index])))
    except BaseException as error:  # a bug: the parent re-raises it
        import traceback

        returned.put((-1, f"{type(error).__name__}: {error}\n{traceback.format_exc()}"))


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
