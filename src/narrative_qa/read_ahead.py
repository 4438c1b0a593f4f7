"""Costly files read in a forked process while the main one gets ready to lint or score a batch.

    with reading_ahead(files, jobs):      # before loading the model
        ...load the model, map_files(...)  # the function reads with read_report_ahead(path)

With several jobs, the main process first loads what its forked helpers then share (the corpus
model, jieba's whole dictionary: ~0.3 s of a `nqa lint` of the real corpus) and only then forks
them: meanwhile the other cores would only wait. A reader process forked before that uses one:
it reads and parses the files that are costly to read (PDF, Word, HTML: extracting their text is
most of their cost and needs neither the model nor jieba) and sends each parsed report back
through a pipe. These are the files the main process lints itself (parallel.own_files), in the
order it takes them, so it waits at most for the one being read, and no helper ever needs one.
A parsed report crosses the pipe as ~40 KB (~1 ms each way) against 10-150 ms to read it. `nqa lint` and
`nqa score` start it as soon as they know the files, before loading the rules (~0.1 s more for
the reader); `lint_paths` and `score_paths` start it themselves when their caller has not.

Nothing changes but who reads: `read_report_ahead` gives the reader's report, or raises the
error the reader met (a bad file stays a bad file), or reads the file itself when the reader
does not have it (another file, another process, or the reader has died).
"""

from __future__ import annotations

import os
import sys
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from narrative_qa.errors import NarrativeQAError
from narrative_qa.parallel import own_files, worker_count


class ReadAhead:
    """A reader process over `files` (in order), and what it has sent so far."""

    def __init__(self, files: Sequence[Path]) -> None:
        import multiprocessing

        context = multiprocessing.get_context("fork")
        self._positions = {str(path): index for index, path in enumerate(files)}
        self._received: dict[int, tuple[bool, Any]] = {}
        self._owner = os.getpid()
        self._incoming, outgoing = context.Pipe(duplex=False)
        self._reader = context.Process(target=_read_all, args=(list(files), outgoing), daemon=True)
        self._reader.start()
        outgoing.close()  # the reader holds the only writing end: its exit is our end of file

    def report(self, path: Path) -> Any:
        """The reader's report of `path` (raising its error), or None when it has none."""
        index = self._positions.get(str(path))
        if index is None or os.getpid() != self._owner:
            return None
        while index not in self._received:
            try:
                received, ok, value = self._incoming.recv()
            except (EOFError, OSError):  # the reader is gone: read the rest here
                return None
            self._received[received] = (ok, value)
        ok, value = self._received.pop(index)
        if not ok:
            raise _rebuilt(*value)
        return value

    def close(self) -> None:
        if os.getpid() != self._owner:
            return
        self._incoming.close()
        if self._reader.is_alive():  # the batch ended early (an error): its reads are not wanted
            self._reader.terminate()
        self._reader.join()


def _read_all(files: list[Path], outgoing: Any) -> None:
    """The reader process: parse each file, send (index, ok, report or error)."""
    from narrative_qa.document.parse import read_report

    try:
        for index, path in enumerate(files):
            try:
                outcome: tuple[int, bool, Any] = (index, True, read_report(path))
            except Exception as error:  # the main process raises it where it would have
                outcome = (index, False, _described(error))
            outgoing.send(outcome)
    except BaseException:  # a broken pipe (the batch ended) or Ctrl-C: nothing to report
        pass
    finally:
        outgoing.close()


def _described(error: Exception) -> tuple[type[NarrativeQAError] | str, str]:
    """What the main process needs to raise `error` again: our own error class (they all take
    the message alone), or for anything else (a reader bug) just its class name, and the message."""
    kind = type(error)
    return (kind if issubclass(kind, NarrativeQAError) else kind.__name__), str(error)


def _rebuilt(kind: type[NarrativeQAError] | str, message: str) -> Exception:
    if isinstance(kind, str):  # same name and message as if it had been raised here
        return type(kind, (Exception,), {})(message)
    return kind(message)


_current: ReadAhead | None = None


@contextmanager
def reading_ahead(files: Sequence[Path], jobs: int) -> Iterator[None]:
    """Read this process's own costly files ahead (see the module) while the block runs, when
    the batch has several jobs and such files, on Linux (the reader is forked)."""
    global _current
    jobs = worker_count(jobs, len(files))
    own = own_files(files, jobs) if jobs > 1 and sys.platform.startswith("linux") else []
    if not own or _current is not None:
        yield
        return
    _current = ReadAhead([files[index] for index in own])
    try:
        yield
    finally:
        reader, _current = _current, None
        reader.close()


def read_report_ahead(path: Path) -> Any:
    """`read_report(path)`, from the read-ahead when it holds the file."""
    if _current is not None:
        report = _current.report(path)
        if report is not None:
            return report
    from narrative_qa.document.parse import read_report

    return read_report(path)
