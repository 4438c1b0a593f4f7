"""narrative_qa.read_ahead: the reader process parses this process's costly files (real PDFs,
Word, HTML from the corpus) while it gets ready, and gives exactly what reading them here gives:
the same reports, the same errors; and when the reader is gone, they are read here."""

from __future__ import annotations

import os
import signal
import sys
from pathlib import Path

import pytest

from narrative_qa import read_ahead
from narrative_qa.document import parse
from narrative_qa.document.parse import read_report
from narrative_qa.errors import InputError
from narrative_qa.parallel import own_files
from narrative_qa.read_ahead import ReadAhead, read_report_ahead, reading_ahead

PEERS = Path(__file__).resolve().parents[2] / "shared" / "corpus" / "real" / "peers"
COSTLY = [PEERS / "huaian-2024.pdf", PEERS / "shuyang-fgj-2023.html", PEERS / "official-template-2021.docx"]

pytestmark = [
    pytest.mark.skipif(not sys.platform.startswith("linux"), reason="the reader is forked (Linux)"),
    pytest.mark.skipif(not PEERS.is_dir(), reason="needs ../shared/corpus/real"),
]


def summary(report) -> tuple:
    return (report.text, repr(report.sections), repr(report.tables), report.unit, report.year, report.era)


def fail_here(monkeypatch: pytest.MonkeyPatch) -> None:
    """From now on, reading a report in this process fails: whatever is read must come from the
    reader, which was forked before."""

    def refuse(*args, **kwargs):
        raise AssertionError("read in the main process")

    monkeypatch.setattr(parse, "read_report", refuse)


def test_the_reader_gives_the_reports_a_read_here_gives(monkeypatch: pytest.MonkeyPatch) -> None:
    expected = [summary(read_report(path)) for path in COSTLY]
    reader = ReadAhead(COSTLY)
    try:
        fail_here(monkeypatch)
        assert [summary(reader.report(path)) for path in COSTLY] == expected
        assert reader.report(PEERS / "hongze-2023.pdf") is None  # not one of its files
    finally:
        reader.close()


def test_a_file_the_reader_cannot_read_raises_the_same_error(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    broken = tmp_path / "broken.pdf"
    broken.write_bytes(b"%PDF-1.7\nthis is not a PDF body\n")
    empty = tmp_path / "empty.html"
    empty.write_text("<html><body>   </body></html>", encoding="utf-8")
    messages = []
    for path in (broken, empty):
        with pytest.raises(InputError) as raised:
            read_report(path)
        messages.append(str(raised.value))
    reader = ReadAhead([broken, empty, COSTLY[1]])
    try:
        fail_here(monkeypatch)
        for path, message in zip((broken, empty), messages):
            with pytest.raises(InputError) as raised:
                reader.report(path)
            assert str(raised.value) == message
        assert reader.report(COSTLY[1]).text  # the files after a bad one still come
    finally:
        reader.close()


def test_a_reader_bug_keeps_its_class_name_and_message(monkeypatch: pytest.MonkeyPatch) -> None:
    def broken_parser(path, *args, **kwargs):
        raise ValueError(f"表格解析失败：{Path(path).name}")

    monkeypatch.setattr(parse, "read_report", broken_parser)  # before the fork: the reader has it
    reader = ReadAhead(COSTLY[:1])
    try:
        with pytest.raises(Exception) as raised:
            reader.report(COSTLY[0])
        # what lint_file shows: "解析时出现内部错误：{type name}: {message}"
        assert f"{type(raised.value).__name__}: {raised.value}" == "ValueError: 表格解析失败：huaian-2024.pdf"
        assert not isinstance(raised.value, InputError)
    finally:
        reader.close()


def test_without_the_reader_the_files_are_read_here() -> None:
    reader = ReadAhead(COSTLY)
    os.kill(reader._reader.pid, signal.SIGKILL)
    reader._reader.join()
    try:
        # Whatever it sent before it died may still come; the rest is None: read them here.
        taken = [reader.report(path) for path in COSTLY]
        assert all(report is None or report.text for report in taken)
    finally:
        reader.close()
    previous = read_ahead._current
    read_ahead._current = reader
    try:
        assert [summary(read_report_ahead(path)) for path in COSTLY] == [summary(read_report(p)) for p in COSTLY]
    finally:
        read_ahead._current = previous


def test_reading_ahead_takes_the_files_this_process_keeps(tmp_path: Path) -> None:
    plain = []
    for index in range(60):
        path = tmp_path / f"unit-{index:02d}.txt"
        path.write_text("本机关2024年政府信息公开工作年度报告。" * 200, encoding="utf-8")
        plain.append(path)
    files = plain + COSTLY
    own = [files[index] for index in own_files(files, 2)]
    assert sorted(own) == sorted(COSTLY)  # together under half of the work
    with reading_ahead(files, 2):
        assert read_ahead._current is not None
        assert set(read_ahead._current._positions) == {str(path) for path in own}
        reader = read_ahead._current._reader
    assert read_ahead._current is None and not reader.is_alive()
    with reading_ahead(files, 1):  # one job: nothing to overlap with
        assert read_ahead._current is None


def test_a_batch_lints_the_same_with_its_costly_files_read_ahead() -> None:
    from narrative_qa.linting.engine import lint_paths

    plain = sorted((PEERS.parent / "pingtan").rglob("202*.txt"))[:14]
    files = plain + COSTLY
    assert sorted(files[index] for index in own_files(files, 2)) == sorted(COSTLY)
    serial = lint_paths(files, jobs=1)
    parallel = lint_paths(files, jobs=2)
    assert [(f.file, f.line, f.code, f.message) for f in parallel.findings] == [
        (f.file, f.line, f.code, f.message) for f in serial.findings
    ]
    assert parallel.files_checked == len(files)
