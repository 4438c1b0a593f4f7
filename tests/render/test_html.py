"""The HTML report, opened in a real browser: headless Chromium (Debian's `chromium`) dumps the
DOM after the inline script ran; the test reads the ranking and the seed's page from it."""

from __future__ import annotations

import html
import re
import shutil
import subprocess
from pathlib import Path

import pytest

from narrative_qa.render.html import MARKER_FILE, write_html
from narrative_qa.scoring.batch import score_paths

CHROMIUM_FLAGS = (
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
)


def chromium() -> str:
    found = shutil.which("chromium") or shutil.which("chromium-browser")
    if found is None:  # .ci/run installs it; a missing browser must not pass silently
        raise FileNotFoundError("chromium is not installed (apt-get install -y chromium)")
    return found


def dump_dom(page: Path, profile: Path) -> str:
    result = subprocess.run(
        [chromium(), *CHROMIUM_FLAGS, f"--user-data-dir={profile}", "--dump-dom", page.resolve().as_uri()],
        capture_output=True, text=True, timeout=120,
    )
    assert result.returncode == 0, result.stderr[-2000:]
    return result.stdout


@pytest.fixture(scope="module")
def batch(tmp_path_factory: pytest.TempPathFactory, seed_report: Path, real_corpus: Path):
    reals = [
        real_corpus / "pingtan" / "ptzhsyqczj" / "2024.txt",
        real_corpus / "pingtan" / "pingtan" / "2023.txt",
        real_corpus / "pingtan" / "ptzhsyqshs" / "2022.txt",
        real_corpus / "peers" / "hongze-2024.pdf",
    ]
    result = score_paths([seed_report, *reals])
    assert not result.errors
    out = tmp_path_factory.mktemp("html") / "report"
    index = write_html(result.cards, out)
    return result, out, index


def test_index_ranks_every_report_in_the_browser(batch, tmp_path: Path) -> None:
    result, out, index = batch
    dom = dump_dom(index, tmp_path / "profile")
    ranked = [html.unescape(path) for path in re.findall(r'<tr data-file="([^"]+)"', dom)]
    assert ranked == [card.path for card in result.cards]
    assert "<svg" in dom and 'id="distribution"' in dom
    assert (out / MARKER_FILE).is_file()
    assert "http://" not in dom.replace("http://www.w3.org/2000/svg", "") and "https://" not in dom


def test_seed_page_shows_its_findings_in_place(batch, tmp_path: Path, seed_report: Path) -> None:
    result, out, index = batch
    seed_page = next(out.glob("r*-seed-zhanhe-zhujianju-2024.html"))
    assert f'href="{seed_page.name}"' in index.read_text("utf-8")
    dom = dump_dom(seed_page, tmp_path / "profile")
    assert 'data-name="duplicate-heading"' in dom and 'data-name="text-table-mismatch"' in dom
    # highlighted in the text: a <mark> whose ids include the C001 finding's id
    c001 = re.search(r'class="finding fam-C" id="(f\d+)" data-code="C001"', dom).group(1)
    assert re.search(rf'<mark[^>]*data-ids="[^"]*\b{c001}\b[^"]*"', dom)
    # the table check: the cell the mismatch points at (table 3, new applications, total) is flagged
    table3 = dom[dom.index('id="table3"') :]
    assert re.search(rf'class="v number flagged" data-ids="[^"]*\b{c001}\b[^"]*">7<', table3)
    # suggestions of missing statements are listed
    assert "建议补充的内容" in dom and "上年度问题整改情况" in dom


def test_untrusted_text_is_escaped(tmp_path: Path) -> None:
    draft = tmp_path / "qinghe-2024.txt"
    draft.write_text(
        "青禾县民政局2024年政府信息公开工作年度报告\n\n一、总体情况\n\n"
        "<script>alert('x')</script>本年度青禾县民政局主动公开信息12条。\"><img src=x onerror=alert(1)>\n",
        encoding="utf-8",
    )
    result = score_paths([draft])
    index = write_html(result.cards, tmp_path / "out")
    page = next((tmp_path / "out").glob("r0001-*.html")).read_text("utf-8")
    assert "<script>alert" not in page and "&lt;script&gt;alert" in page
    assert "<img src=x" not in page
    assert page.count("<script>") == 1  # ours, inlined
    assert "<script>alert" not in index.read_text("utf-8")


def test_rewrite_replaces_our_own_folder_atomically(batch, tmp_path: Path) -> None:
    result, out, index = batch
    target = tmp_path / "again"
    write_html(result.cards[:2], target)
    write_html(result.cards[:1], target)  # ours: replaced as a whole, no stale pages left
    assert sorted(p.name for p in target.iterdir() if p.suffix == ".html") == ["index.html", next(target.glob("r0001-*")).name]
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".again")]  # temp folders cleaned up


def _with_script(page: Path, script: str, tmp_path: Path) -> Path:
    """A copy of `page` beside it (same folder, so links hold) that runs `script` on load."""
    copy = page.with_name(f"zz-{tmp_path.name}-{page.name}")
    copy.write_text(page.read_text("utf-8").replace("</body>", f"<script>{script}</script></body>"), "utf-8")
    return copy


def test_clicking_a_header_sorts_and_a_mark_opens_its_details(batch, tmp_path: Path) -> None:
    result, out, index = batch
    # click 总分 once: ascending, the lowest score first
    page = _with_script(index, 'document.querySelectorAll("#ranking th")[5].click();', tmp_path)
    try:
        dom = dump_dom(page, tmp_path / "profile")
    finally:
        page.unlink()
    ranked = [html.unescape(path) for path in re.findall(r'<tr data-file="([^"]+)"', dom)]
    assert ranked == [card.path for card in sorted(result.cards, key=lambda card: card.total)]
    seed_page = next(out.glob("r*-seed-zhanhe-zhujianju-2024.html"))
    page = _with_script(seed_page, 'document.querySelector("mark.fam-C").click();', tmp_path)
    try:
        dom = dump_dom(page, tmp_path / "profile2")
    finally:
        page.unlink()
    details = dom[dom.index('id="details"') :]
    assert details.startswith('id="details" role="dialog" aria-label="问题详情" class="open"')
    panel = details[:4000]  # the panel holds the clicked finding's copy
    assert 'data-name="text-table-mismatch"' in panel
