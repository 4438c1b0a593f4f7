"""Which documents a build reads, and the metadata the sources state."""

from __future__ import annotations

from pathlib import Path

import pytest

from narrative_qa.corpus.sources import collect_sources, read_manifest
from narrative_qa.errors import InputError


def test_manifest_metadata_in_chinese_or_keys(tmp_path: Path) -> None:
    manifest = tmp_path / "manifest.tsv"
    manifest.write_text(
        "file\tunit\tyear\tlevel\tera\textra\n"
        "2024/a.txt\t青禾县民政局\t2024\t部门\t2021format\tx\n"
        "2024/b.txt\t青禾县白石镇人民政府\t2024\ttownship\t\t\n"
        "c.txt\t\t\t\t\t\n",
        "utf-8",
    )
    rows = read_manifest(manifest)
    assert [(row.name, row.unit, row.year, row.level, row.era) for row in rows] == [
        ("2024/a.txt", "青禾县民政局", 2024, "department", "2021format"),
        ("2024/b.txt", "青禾县白石镇人民政府", 2024, "township", None),
        ("c.txt", None, None, None, None),
    ]
    assert rows[0].path == (tmp_path / "2024" / "a.txt").resolve()


@pytest.mark.parametrize(
    ("line", "message"),
    [("a.txt\t\tlast year\t\t", "年份无效"), ("a.txt\t\t2024\t省级\t", "层级无效"), ("a.txt\t\t2024\t\t2030format", "格式时期无效")],
)
def test_manifest_errors_name_the_line(tmp_path: Path, line: str, message: str) -> None:
    manifest = tmp_path / "manifest.tsv"
    manifest.write_text("file\tunit\tyear\tlevel\tera\n" + line + "\n", "utf-8")
    with pytest.raises(InputError, match=f"第2行.*{message}"):
        read_manifest(manifest)


def test_folders_files_and_manifests_mix_without_repeats(tmp_path: Path) -> None:
    corpus = tmp_path / "corpus"
    (corpus / "2024").mkdir(parents=True)
    for name in ("2024/a.txt", "2024/b.html", "2024/notes.xlsx", "2024/.hidden.txt"):
        (corpus / name).write_text("x", "utf-8")
    found = collect_sources([corpus, corpus / "2024" / "a.txt"])
    assert [entry.name for entry in found] == ["2024/a.txt", "2024/b.html"]
    (corpus / "manifest.tsv").write_text("file\tyear\n2024/b.html\t2024\n", "utf-8")
    assert [(entry.name, entry.year) for entry in collect_sources([corpus])] == [("2024/b.html", 2024)]
    with pytest.raises(InputError, match="至少给出一个"):
        collect_sources([])


def test_manifest_paths_resolve_as_path_resolve_does(tmp_path: Path) -> None:
    """Folders are resolved once per manifest; symlinked folders and files, "..", "." and missing
    files come out as `Path.resolve` gives them."""
    from narrative_qa.corpus.sources import _folder_resolver

    (tmp_path / "real").mkdir()
    (tmp_path / "real" / "a.txt").write_text("甲", "utf-8")
    (tmp_path / "link").symlink_to(tmp_path / "real")
    (tmp_path / "real" / "b.txt").symlink_to(tmp_path / "real" / "a.txt")
    resolve = _folder_resolver()
    for name in ("link/a.txt", "real/b.txt", "link/b.txt", "real/../real/a.txt", "missing/x.txt", "real/..", "link/."):
        assert resolve(tmp_path / name) == (tmp_path / name).resolve(), name
