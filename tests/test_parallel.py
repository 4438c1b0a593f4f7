"""narrative_qa.parallel: results in input order whatever the number of processes; with several
jobs this process works too, and reads the files that are not plain text itself."""

from __future__ import annotations

import os
import sys
import time
from pathlib import Path

import pytest

from narrative_qa.parallel import fork_map, map_files

linux_only = pytest.mark.skipif(not sys.platform.startswith("linux"), reason="fork_map forks (Linux)")


# Each call takes a little while, so that a forked helper surely gets some of the work.
def pid_and_name(path: Path) -> tuple[int, str]:
    time.sleep(0.01)
    return os.getpid(), path.name


def square(value: int) -> tuple[int, int]:
    time.sleep(0.01)
    return os.getpid(), value * value


def make_files(folder: Path) -> list[Path]:
    files = []
    for index in range(12):
        path = folder / f"plain-{index:02d}.txt"
        path.write_text("公开" * (50 + index), encoding="utf-8")
        files.append(path)
    for name in ("report.pdf", "page.html", "draft.docx"):
        path = folder / name
        path.write_bytes(b"x" * 200)  # small: together well under this process's share
        files.append(path)
    return files


@linux_only
def test_fork_map_keeps_order_and_shares_the_work() -> None:
    values = list(range(40))
    results = fork_map(square, values, 2)
    assert [value for _, value in results] == [value * value for value in values]
    assert len({pid for pid, _ in results}) == 2  # this process and one helper


@linux_only
def test_fork_map_own_first_items_stay_in_this_process() -> None:
    results = fork_map(square, list(range(30)), 2, own_first=5)
    assert [value for _, value in results] == [value * value for value in range(30)]
    assert {pid for pid, _ in results[:5]} == {os.getpid()}


@linux_only
def test_map_files_reads_other_formats_in_this_process(tmp_path: Path) -> None:
    files = make_files(tmp_path)
    results = map_files(pid_and_name, files, 2, progress=False)
    assert [name for _, name in results] == [path.name for path in files]
    readers = {name: pid for pid, name in results}
    assert readers["report.pdf"] == readers["page.html"] == readers["draft.docx"] == os.getpid()
    assert len(set(readers.values())) == 2


def test_map_files_with_one_job_is_a_plain_loop(tmp_path: Path) -> None:
    files = make_files(tmp_path)
    assert map_files(pid_and_name, files, 1, progress=False) == [(os.getpid(), path.name) for path in files]
