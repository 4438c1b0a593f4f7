"""HTML pages: the article body only, with its tables as full grids.

Government pages wrap a report in menus, breadcrumbs, share buttons, related links and
footers. The reader finds the content container (by the ids/classes content-management
systems give it, else by where the Chinese text that is not link text concentrates),
drops the page furniture inside it, and emits one line per block element and one
tab-joined line per table row, like the .docx reader.
"""

from __future__ import annotations

import functools
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
    page = _parse(text)
    if page is None:
        raise errors.empty(path)
    title = _page_title(page)
    body = next(page.iter("body"), None)
    if body is None:
        body = page
    root = _content_root(body)
    dropped = _noise(root)

    walker = _Walker(dropped)
    if title and title not in _text_prefix(root, dropped, 500):
        # the article body rarely repeats its title, which names the unit and the year
        walker.builder.add_line(title, "html title")
    walker.walk(root)
    walker.flush()
    body_text = walker.builder.text()
    if not body_text.strip():
        raise errors.empty(path)
    return RawDocument(
        path=path,
        format="html",
        text=body_text,
        tables=walker.tables,
        encoding=encoding,
        line_origins=walker.builder.origins,
    )


def _parse(text: str) -> Any:
    """The page as an lxml tree (libxml2's HTML parser, fed the decoded text in one piece,
    as BeautifulSoup's lxml builder did before, so the tree is the same); None if empty."""
    from lxml import etree  # lazy: lxml is slow to import

    if text.startswith("\ufeff"):
        text = text[1:]
    parser = etree.HTMLParser(recover=True)
    try:
        parser.feed(text)
        return parser.close()
    except etree.LxmlError:  # nothing to build a tree from ("Document is empty")
        return None


def _page_title(page: Any) -> str | None:
    """The report's title from the page head: the CMS's ArticleTitle, else <title> without
    the site name ("…年度报告_政府信息公开年报_XX网"). Only a title that names a report."""
    candidates = []
    metas = (element for element in page.iter("meta") if _ARTICLE_TITLE.search(element.get("name") or "\0"))
    meta = next(metas, None)  # only the first ArticleTitle counts, even when it is empty
    if meta is not None and meta.get("content"):
        candidates.append(meta.get("content"))
    title = next(page.iter("title"), None)
    if title is not None and title.text and len(title) == 0:
        candidates.extend(re.split(r"\s*[_|｜]\s*|\s+-\s+|-(?=[^-]*$)", title.text))
    for candidate in candidates:
        candidate = clean_fragment(normalize_text(candidate))
        if "报告" in candidate and len(candidate) <= 80:
            return candidate
    return None


_ARTICLE_TITLE = re.compile("^articletitle$", re.IGNORECASE)


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


# The tree is never modified: dropped elements (_DROP_TAGS, page furniture) are skipped by
# every pass while their tail text, which belongs to the parent, is kept. Comments and
# processing instructions (whose lxml tag is not a string) are skipped the same way.
# Text inside <rt>/<rp> (ruby annotations) is not article text.
_RUBY = frozenset(("rt", "rp"))


def _content_root(body: Any) -> Any:
    """The element that holds the article.

    Named candidates (by id/class) win when they hold at least half of the page's
    non-link Chinese text; among those near the best, the smallest (innermost) is taken,
    which skips title/date blocks around the article body. Otherwise the innermost
    element holding 60% of the page's non-link Chinese text.
    """
    counts = _cjk_counts(body)
    if body not in counts:
        return body
    own, linked = counts[body]
    total = own - linked
    if total == 0:
        return body
    # (element, all, not in links) in document order; only elements with a positive
    # weight can be chosen, and `counts` holds every element with Chinese text under it
    weights = [(element, own, own - linked) for element, (own, linked) in counts.items()]
    named = [entry for entry in weights if entry[2] > 0 and _is_named_content(entry[0])]
    best = max((entry[2] for entry in named), default=0)
    if best >= 0.5 * total:
        pool = [entry for entry in named if entry[2] >= 0.8 * best]
    else:
        pool = [entry for entry in weights if entry[2] >= 0.6 * total]
    # innermost: least text overall (less furniture around the article); document order
    # puts ancestors first, so ties go to the deeper element
    chosen = pool[0]
    for entry in pool[1:]:
        if entry[1] <= chosen[1]:
            chosen = entry
    return chosen[0]


def _cjk_counts(body: Any) -> dict[Any, list[int]]:
    """Chinese characters under every element that has any, and how many of them are link
    text: element -> [all, in links], in document order. Text under never-content elements
    and in ruby annotations does not count.

    Pages have a thousand-odd elements but a few hundred strings with Chinese, so libxml2
    lists the strings that are not blank and only their ancestors are visited: each once,
    when the first string under it is met (hence document order: an element met for the
    first time cannot start before any element met earlier). Totals are then summed
    bottom-up over those elements alone.
    """
    parent_of: dict[Any, Any] = {}  # element -> parent (None above body), document order
    excluded: dict[Any, bool] = {}
    direct: dict[Any, int] = {}
    find = _CJK.findall
    for string in _xpath(".//text()[normalize-space()]")(body):
        count = len(find(string))
        if not count:
            continue
        element = string.getparent()
        if string.is_tail:  # the tail of a child element (or comment) belongs to its parent
            element = element.getparent()
        if element not in parent_of:
            segment = []
            cursor = element
            while True:
                segment.append(cursor)
                if cursor is body:
                    above = None
                    break
                above = cursor.getparent()
                if above in parent_of:
                    break
                cursor = above
            state = excluded[above] if above is not None else False
            for node in reversed(segment):
                state = state or node.tag in _DROP_TAGS or node.tag in _RUBY
                excluded[node] = state
                parent_of[node] = above
                above = node
        if not excluded[element]:
            direct[element] = direct.get(element, 0) + count
    counts = {element: [direct.get(element, 0), 0] for element in parent_of if not excluded[element]}
    for element in reversed(counts):  # descendants come after their ancestors
        entry = counts[element]
        if element.tag == "a":
            entry[1] = entry[0]
        parent = parent_of[element]
        if parent is not None:
            totals = counts[parent]
            totals[0] += entry[0]
            totals[1] += entry[1]
    return counts


@functools.cache
def _xpath(expression: str) -> Any:
    """A compiled XPath (compiling costs more than running these on a page)."""
    from lxml import etree

    return etree.XPath(expression)


def _classes(element: Any) -> list[str]:
    return _CLASS_TOKEN.findall(element.get("class") or "")


_CLASS_TOKEN = re.compile(r"\S+")  # how class lists split


def _is_named_content(element: Any) -> bool:
    if element.tag == "ucapcontent":
        return True
    identifier = element.get("id")
    if not (identifier or element.get("class")):
        return False
    names = [identifier or "", *_classes(element)]
    return any(_CONTENT_NAME.search(name) for name in names if name)


def _noise(root: Any) -> set[Any]:
    """Everything inside the article container that is never content, plus page furniture
    by id/class (tables are kept), as a set of elements to skip. Elements inside others in
    the set may be in it too: the walk never gets to them."""
    dropped = set(root.iterdescendants(*_DROP_TAGS))
    for element in _xpath("descendant::*[(@id or @class) and not(self::table)]")(root):
        names = [element.get("id") or "", *_classes(element)]
        if any(_NOISE_NAME.search(name) for name in names if name):
            dropped.add(element)
    return dropped


def _kept(child: Any, dropped: set[Any]) -> bool:
    return child.tag.__class__ is str and child not in dropped


_ASCII_SPACES = frozenset(" \n\t\x0c\r")


def _text_prefix(root: Any, dropped: set[Any], size: int) -> str:
    """The first `size` characters of the container's text. Strings of nothing but ASCII
    whitespace outside <pre>/<textarea> count as one space or newline (as BeautifulSoup,
    which the title check was tuned on, stores them)."""
    pieces: list[str] = []
    length = 0

    def add(string: str, keep: bool) -> None:
        nonlocal length
        if not keep and _ASCII_SPACES.issuperset(string):
            string = "\n" if "\n" in string else " "
        pieces.append(string)
        length += len(string)

    def visit(element: Any, in_ruby: bool, keep: bool) -> bool:
        in_ruby = in_ruby or element.tag in _RUBY
        keep = keep or element.tag in ("pre", "textarea")
        if element.text and not in_ruby:
            add(element.text, keep)
        for child in element:
            if length >= size:
                return True
            if _kept(child, dropped) and visit(child, in_ruby, keep):
                return True
            if child.tail and not in_ruby:
                add(child.tail, keep)
        return length >= size

    visit(root, False, False)
    return "".join(pieces)[:size]


class _Walker:
    """Depth-first text extraction with line breaks at block elements and <br>."""

    def __init__(self, dropped: set[Any], tainted: set[Any] | None = None) -> None:
        self.builder = LineBuilder()
        self.tables: list[RawTable] = []
        self._dropped = dropped
        # tables holding dropped elements: their rows and cells are found the slow way
        self._tainted = tainted if tainted is not None else _tables_around(dropped)
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
                self.add_text(line)

    def add_text(self, line: str) -> None:
        self.builder.add_text(line)

    def walk(self, node: Any, in_ruby: bool = False) -> None:
        buffer = self._buffer
        dropped = self._dropped
        in_ruby = in_ruby or node.tag in _RUBY
        if node.text and not in_ruby:
            buffer.append(node.text)
        for child in node:
            name = child.tag
            if name.__class__ is str and child not in dropped:
                if name == "br":
                    buffer.append(_BR)
                elif name == "table" and (table := _Table(child, dropped, child in self._tainted)).is_data:
                    self.flush()
                    self._table_count += 1
                    grid = table.grid(self, in_ruby)
                    raw = self.builder.add_table(grid, f"html table {self._table_count}")
                    if raw is not None:
                        self.tables.append(raw)
                elif name in _BLOCK_TAGS or name == "td" or name == "th":
                    self.flush()
                    self.walk(child, in_ruby)
                    self.flush()
                else:
                    self.walk(child, in_ruby)
                buffer = self._buffer  # flush() replaced it
            if child.tail and not in_ruby:
                buffer.append(child.tail)


class _CellWalker(_Walker):
    """A table cell's lines, for join_fragments: what LineBuilder.add_text would make of
    them, without the line bookkeeping."""

    def __init__(self, dropped: set[Any], tainted: set[Any]) -> None:
        super().__init__(dropped, tainted)
        self.pieces: list[str] = []

    def add_text(self, line: str) -> None:
        self.pieces.extend(normalize_text(line).split("\n"))


def _tables_around(dropped: set[Any]) -> set[Any]:
    return {table for element in dropped for table in element.iterancestors("table")}


_HTML_SPACE = re.compile(r"[ \t\r\n\f\v]+")
_BR = "\ue000"  # stands for <br> in the buffer until whitespace has been collapsed


def _collapse(text: str) -> str:
    """HTML whitespace rules: source line breaks and runs of spaces are one space; only
    <br> (and block boundaries, handled by the walker) break lines."""
    return _HTML_SPACE.sub(" ", text).replace(_BR, "\n")


class _Table:
    """A <table>: its rows (not those of tables nested in it), whether it is a data table,
    and its grid. libxml2 finds rows and nested tables unless dropped elements sit in the
    table, which the descent by hand must skip."""

    def __init__(self, table: Any, dropped: set[Any], tainted: bool) -> None:
        self.dropped = dropped
        self.tainted = tainted
        if tainted:
            self.is_data = not _has_table(table, dropped)
            self.rows = _rows(table, dropped) if self.is_data else []
        else:
            tables = table.iter("table")
            next(tables)  # the table itself
            self.is_data = next(tables, None) is None
            self.rows = list(table.iter("tr")) if self.is_data else []
        # layout tables (one column, or wrapping other tables) are read as plain blocks
        self.is_data = self.is_data and any(len(self.cells(row)) >= 2 for row in self.rows)

    def cells(self, row: Any) -> list[Any]:
        """The <td>/<th> children of a row (not of rows nested in it)."""
        if self.tainted:
            return [child for child in row if child.tag in ("td", "th") and child not in self.dropped]
        return [child for child in row if child.tag == "td" or child.tag == "th"]

    def grid(self, walker: _Walker, in_ruby: bool) -> list[list[GridCell]]:
        """Expand rowspan/colspan into a rectangular grid of texts and LEFT/UP markers."""
        grid: dict[tuple[int, int], GridCell] = {}
        rows = self.rows
        width = 0
        for row_index, row in enumerate(rows):
            column = 0
            for cell in self.cells(row):
                while (row_index, column) in grid:
                    column += 1
                rowspan = min(_span_attribute(cell, "rowspan"), len(rows) - row_index)
                colspan = _span_attribute(cell, "colspan")
                grid[row_index, column] = _cell_text(cell, walker, in_ruby)
                if rowspan > 1 or colspan > 1:
                    for down in range(rowspan):
                        for right in range(colspan):
                            if down or right:
                                grid[row_index + down, column + right] = LEFT if right else UP
                column += colspan
                if column > width:
                    width = column
        return [[grid.get((row, column), "") for column in range(width)] for row in range(len(rows))]


def _rows(table: Any, dropped: set[Any]) -> list[Any]:
    """The <tr>s of this table, not of tables nested in it (document order)."""
    rows: list[Any] = []
    _collect_rows(table, rows, dropped)
    return rows


def _collect_rows(node: Any, rows: list[Any], dropped: set[Any]) -> None:
    for child in node:
        name = child.tag
        if name.__class__ is not str or name == "table" or child in dropped:
            continue  # comments; a nested table's rows belong to it
        if name == "tr":
            rows.append(child)
        _collect_rows(child, rows, dropped)


def _has_table(node: Any, dropped: set[Any]) -> bool:
    for child in node:
        if _kept(child, dropped) and (child.tag == "table" or _has_table(child, dropped)):
            return True
    return False


def _span_attribute(cell: Any, name: str) -> int:
    value = cell.get(name)
    if value is None:
        return 1
    try:
        return max(1, min(int(value.strip() or 1), 500))
    except ValueError:
        return 1


def _cell_text(cell: Any, walker: _Walker, in_ruby: bool) -> str:
    if len(cell) == 0:  # text only, the usual cell: the walker's flush without the walker
        text = "" if in_ruby or cell.tag in _RUBY else (cell.text or "")
        pieces = []
        for line in _collapse(text).split("\n"):
            line = line.strip()
            if line and not _NOISE_LINE.match(line):
                pieces.extend(normalize_text(line).split("\n"))
        return join_fragments(pieces)
    cell_walker = _CellWalker(walker._dropped, walker._tainted)
    cell_walker.walk(cell, in_ruby)
    cell_walker.flush()
    return join_fragments(cell_walker.pieces)
