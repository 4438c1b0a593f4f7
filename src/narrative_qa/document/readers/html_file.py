"""HTML pages: the article body only, with its tables as full grids.

Government pages wrap a report in menus, breadcrumbs, share buttons, related links and
footers. The reader finds the content container (by the ids/classes content-management
systems give it, else by where the Chinese text that is not link text concentrates),
drops the page furniture inside it, and emits one line per block element and one
tab-joined line per table row, like the .docx reader.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from ..model import RawDocument, RawTable
from . import errors
from .encoding import decode, declared_html_charset
from .lines import LEFT, UP, GridCell, LineBuilder
from .normalize import clean_fragment, join_fragments, normalize_text

# Never content: scripts, forms and the semantic page furniture.
_DROP_TAGS = (
    "script", "style", "noscript", "template", "iframe", "object", "embed", "svg", "canvas",
    "nav", "header", "footer", "aside", "form", "button", "select", "input", "textarea",
    "link", "meta", "title", "head",
)
_BLOCK_TAGS = frozenset(
    "p div li ul ol dl dt dd h1 h2 h3 h4 h5 h6 tr table tbody thead tfoot section article "
    "main blockquote pre center address figure figcaption hr caption fieldset".split()
)
# Containers that content-management systems give the article (TRS, 大汉, 拓尔思 …).
_CONTENT_NAME = re.compile(
    r"trs_editor|article|content|zoom|detail|view|zhengwen|wenzhang|newstext|textbox|"
    r"^(zw|nr|con|text|main|body|info|bd)$|_(zw|nr|con|text)$",
    re.IGNORECASE,
)
# Page furniture by id/class token: share bars, breadcrumbs, menus, related links …
_NOISE_NAME = re.compile(
    r"(^|[-_])(share|fenxiang|bdshare|breadcrumbs?|crumbs?|location|position|dqwz|nav|navbar|"
    r"menu|related|xgwz|xgxx|xglj|print|toolbar|footer|header|sidebar|qrcode|ewm|pager|"
    r"pagination|prev|next|syp|xyp)([-_]|\d|$)",
    re.IGNORECASE,
)
# Whole lines that are page furniture however they are marked up.
_NOISE_LINE = re.compile(
    r"^(当前位置|您的位置|您现在的位置|分享到|【?打印(本页|此页)?】?|【?关闭(窗口|本页)?】?|网站地图|"
    r"扫一扫|字号|【?字体|上一篇|下一篇|相关链接|相关文章)"
)
_CJK = re.compile(r"[\u4e00-\u9fff]")


def read_html(path: Path, data: bytes) -> RawDocument:
    text, encoding = _decode_page(data, path)
    if not text.strip():
        raise errors.empty(path)
    from bs4 import BeautifulSoup  # lazy: bs4 + lxml are slow to import

    soup = BeautifulSoup(text, "lxml")
    title = _page_title(soup)
    for element in soup.find_all(_DROP_TAGS):
        element.decompose()
    root = _content_root(soup)
    _drop_noise(root)

    walker = _Walker()
    if title and title not in root.get_text()[:500]:
        # the article body rarely repeats its title, which names the unit and the year
        walker.builder.add_line(title, "html title")
    walker.walk(root)
    walker.flush()
    body = walker.builder.text()
    if not body.strip():
        raise errors.empty(path)
    return RawDocument(
        path=path,
        format="html",
        text=body,
        tables=walker.tables,
        encoding=encoding,
        line_origins=walker.builder.origins,
    )


def _page_title(soup: Any) -> str | None:
    """The report's title from the page head: the CMS's ArticleTitle, else <title> without
    the site name ("…年度报告_政府信息公开年报_XX网"). Only a title that names a report."""
    candidates = []
    meta = soup.find("meta", attrs={"name": re.compile("^articletitle$", re.IGNORECASE)})
    if meta is not None and meta.get("content"):
        candidates.append(meta["content"])
    if soup.title is not None and soup.title.string:
        candidates.extend(re.split(r"\s*[_|｜]\s*|\s+-\s+|-(?=[^-]*$)", soup.title.string))
    for candidate in candidates:
        candidate = clean_fragment(normalize_text(candidate))
        if "报告" in candidate and len(candidate) <= 80:
            return candidate
    return None


def _decode_page(data: bytes, path: Path) -> tuple[str, str]:
    """The declared charset if it decodes strictly; pages often lie about it, so then the
    strict decoders; and only then the declared one with replacement characters."""
    declared = declared_html_charset(data)
    if declared is None or data.startswith((b"\xef\xbb\xbf", b"\xff\xfe", b"\xfe\xff")):
        return decode(data, path)
    for name in dict.fromkeys((declared, "utf-8", "gb18030")):
        try:
            return data.decode(name), name
        except UnicodeDecodeError:
            continue
    if b"\x00" in data:
        raise errors.binary(path)
    return data.decode(declared, errors="replace"), declared


def _content_root(soup: Any) -> Any:
    """The element that holds the article.

    Named candidates (by id/class) win when they hold at least half of the page's
    non-link Chinese text; among those near the best, the smallest (innermost) is taken,
    which skips title/date blocks around the article body. Otherwise the innermost
    element holding 60% of the page's non-link Chinese text.
    """
    body = soup.body or soup
    own, linked = _cjk_counts(body)
    total = own.get(id(body), 0) - linked.get(id(body), 0)
    if total == 0:
        return body
    elements = [body, *body.find_all(True)]

    def weight(element: Any) -> int:
        return own.get(id(element), 0) - linked.get(id(element), 0)

    named = [element for element in elements if _is_named_content(element)]
    best = max((weight(element) for element in named), default=0)
    if best >= 0.5 * total:
        pool = [element for element in named if weight(element) >= 0.8 * best]
    else:
        pool = [element for element in elements if weight(element) >= 0.6 * total]
    # innermost: least text overall (less furniture around the article); document order
    # puts ancestors first, so ties go to the deeper element
    chosen = pool[0]
    for element in pool[1:]:
        if own.get(id(element), 0) <= own.get(id(chosen), 0):
            chosen = element
    return chosen


def _is_named_content(element: Any) -> bool:
    names = [element.get("id") or "", *(element.get("class") or [])]
    return element.name == "ucapcontent" or any(_CONTENT_NAME.search(name) for name in names if name)


def _cjk_counts(root: Any) -> tuple[dict[int, int], dict[int, int]]:
    """Chinese characters under every element, and how many of them are link text."""
    from bs4 import NavigableString

    own: dict[int, int] = {}
    linked: dict[int, int] = {}
    for string in root.find_all(string=True):
        if type(string) is not NavigableString:
            continue  # comments, CDATA, doctype
        count = len(_CJK.findall(string))
        if not count:
            continue
        in_link = False
        for parent in string.parents:
            if parent.name == "a":
                in_link = True
            key = id(parent)
            own[key] = own.get(key, 0) + count
            if in_link:
                linked[key] = linked.get(key, 0) + count
            if parent is root:
                break
    return own, linked


def _drop_noise(root: Any) -> None:
    for element in root.find_all(True):
        if element.decomposed:
            continue
        names = [element.get("id") or "", *(element.get("class") or [])]
        if element.name != "table" and any(_NOISE_NAME.search(name) for name in names if name):
            element.decompose()


class _Walker:
    """Depth-first text extraction with line breaks at block elements and <br>."""

    def __init__(self) -> None:
        self.builder = LineBuilder()
        self.tables: list[RawTable] = []
        self._buffer: list[str] = []
        self._table_count = 0

    def flush(self) -> None:
        if not self._buffer:
            return
        text = "".join(self._buffer)
        self._buffer = []
        for line in _collapse(text).split("\n"):
            line = line.strip()
            if line and not _NOISE_LINE.match(line):
                self.builder.add_text(line)

    def walk(self, node: Any) -> None:
        from bs4 import NavigableString, Tag

        for child in node.children:
            if isinstance(child, NavigableString):
                if type(child) is NavigableString:
                    self._buffer.append(str(child))
                continue
            if not isinstance(child, Tag):
                continue
            name = child.name
            if name == "br":
                self._buffer.append(_BR)
            elif name == "table" and _is_data_table(child):
                self.flush()
                self._table_count += 1
                table = self.builder.add_table(_grid(child), f"html table {self._table_count}")
                if table is not None:
                    self.tables.append(table)
            elif name in _BLOCK_TAGS or name in ("td", "th"):
                self.flush()
                self.walk(child)
                self.flush()
            else:
                self.walk(child)


_HTML_SPACE = re.compile(r"[ \t\r\n\f\v]+")
_BR = "\ue000"  # stands for <br> in the buffer until whitespace has been collapsed


def _collapse(text: str) -> str:
    """HTML whitespace rules: source line breaks and runs of spaces are one space; only
    <br> (and block boundaries, handled by the walker) break lines."""
    return _HTML_SPACE.sub(" ", text).replace(_BR, "\n")


def _rows(table: Any) -> list[Any]:
    """The <tr>s of this table, not of tables nested in it."""
    return [row for row in table.find_all("tr") if row.find_parent("table") is table]


def _is_data_table(table: Any) -> bool:
    """Layout tables (one column, or wrapping other tables) are read as plain blocks."""
    if table.find("table") is not None:
        return False
    rows = _rows(table)
    return any(len(row.find_all(("td", "th"), recursive=False)) >= 2 for row in rows)


def _span_attribute(cell: Any, name: str) -> int:
    try:
        return max(1, min(int(str(cell.get(name, "1")).strip() or 1), 500))
    except ValueError:
        return 1


def _grid(table: Any) -> list[list[GridCell]]:
    """Expand rowspan/colspan into a rectangular grid of texts and LEFT/UP markers."""
    grid: dict[tuple[int, int], GridCell] = {}
    rows = _rows(table)
    width = 0
    for row_index, row in enumerate(rows):
        column = 0
        for cell in row.find_all(("td", "th"), recursive=False):
            while (row_index, column) in grid:
                column += 1
            rowspan = min(_span_attribute(cell, "rowspan"), len(rows) - row_index)
            colspan = _span_attribute(cell, "colspan")
            for down in range(rowspan):
                for right in range(colspan):
                    if down == 0 and right == 0:
                        grid[row_index, column] = _cell_text(cell)
                    else:
                        grid[row_index + down, column + right] = LEFT if right else UP
            column += colspan
            width = max(width, column)
    return [[grid.get((row, column), "") for column in range(width)] for row in range(len(rows))]


def _cell_text(cell: Any) -> str:
    walker = _Walker()
    walker.walk(cell)
    walker.flush()
    return join_fragments(walker.builder.lines)
