"""Cell runs: the groups of numbers (or not-applicable marks) that text formats leave
between row labels.

A run is a sequence of tokens separated only by whitespace, tabs, newlines or "|". Text
that is not a cell (a label, an ordinal such as "2." glued to the digits before it, a
PDF page number "- 3 -", a Markdown delimiter row) ends the run. In flattened text a
token may hold several cells run together ("5100000"); `split.py` cuts them apart.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

# Full-width digits and punctuation map one for one to ASCII, so offsets are unchanged.
_WIDTH = str.maketrans("０１２３４５６７８９．／－", "0123456789./-")
_FULL_WIDTH = re.compile("[０１２３４５６７８９．／－]")

_ORDINAL_AHEAD = r"[1-9][ \t\u3000]*[.、][ \t\u3000]*[^\d\s]"
_SCANNER = re.compile(
    r"""
    (?P<mask>(?m:^[ \t\u3000]*[-—–][ \t]*\d{1,3}[ \t]*[-—–][ \t]*$)      # PDF page number
       |:?-{3,}:?(?:[ \t]*\|[ \t]*:?-{3,}:?)*)                           # Markdown delimiter row
    |(?P<ordinal>[1-9][ \t\u3000]*[.、](?=[ \t\u3000]*[^\d\s]))        # "2." before a label
    |(?P<year>(?:19|20)\d\d(?=年))                                      # a year glued after a cell
    |(?P<number>\d+?(?=(?:19|20)\d\d年|"""
    + _ORDINAL_AHEAD
    + r""")|\d+(?:\.\d+)?)
    |(?P<na>不适用|——|—|--|-|–|/|\\)
    |(?P<sep>[ \t\u3000\u00a0|\r\n]+)
    |(?P<other>[^\d\x20\t\u3000\u00a0|\r\n:\-—–/\\不]+|.)  # see the note below
    """,
    re.VERBOSE | re.DOTALL,
)

# Why `other` may take many characters at once: every character of its first branch is one
# that starts none of the branches before it (\d: number, ordinal, year; - — – / \ 不: na,
# mask; : - and the blanks: mask, sep), so the one-character scanner would read each of them
# as `other` too, and consecutive `other`s end the run just as one does. Narrative text
# between labels is then one match instead of one per character.


@dataclass(slots=True)
class Token:
    text: str  # as it appears in the document ("" for a blank cell)
    start: int
    end: int
    kind: str  # "number" | "na" | "blank"


@dataclass(slots=True)
class Run:
    tokens: list[Token] = field(default_factory=list)
    line_breaks: list[int] = field(default_factory=list)  # token indices that start a new line
    # cells.token_splits' answers by width; filled once the run is complete.
    splits_cache: dict[int, tuple] = field(default_factory=dict, repr=False, compare=False)

    @property
    def start(self) -> int:
        return self.tokens[0].start

    @property
    def end(self) -> int:
        return self.tokens[-1].end


def find_runs(text: str, start: int, end: int, limit: int | None = None) -> list[Run]:
    """Every run in text[start:end], in order. Positions are offsets into `text`. With
    `limit`, only the first `limit` runs (the same ones): the scan stops once they are
    closed, instead of reading the narrative after a table only to drop its runs."""
    region = text[start:end]
    # str.translate walks a non-ASCII string character by character through the table;
    # most regions hold no full-width digit or mark at all, which one search tells.
    if _FULL_WIDTH.search(region):
        region = region.translate(_WIDTH)
    runs: list[Run] = []
    current: Run | None = None
    pending_tabs = 0
    pending_newline = False
    for match in _SCANNER.finditer(region):
        kind = match.lastgroup
        if kind == "sep":
            if current is not None:
                separator = match.group()
                if "\n" in separator:
                    pending_newline = True
                    pending_tabs = 0
                elif not pending_newline:
                    pending_tabs += separator.count("\t")
            continue
        if kind == "number" or kind == "na":
            token_start, token_end = match.span()
            token_start += start
            token_end += start
            token = Token(text[token_start:token_end], token_start, token_end, "na" if kind == "na" else "number")
            if current is None:
                current = Run([token])
                runs.append(current)
            else:
                # Two or more tabs between cells of one pasted row mean blank cells.
                tokens = current.tokens
                for _ in range(pending_tabs - 1):
                    tokens.append(Token("", token_start, token_start, "blank"))
                if pending_newline:
                    current.line_breaks.append(len(tokens))
                tokens.append(token)
            pending_tabs, pending_newline = 0, False
            continue
        # A year ("…结转下年度继续办理20000022025年，我局…": the narrative's year glued to
        # the last cell, or starting the text after the table) is never a cell. It, a mask,
        # an ordinal or any other character ends the run.
        current = None
        pending_tabs, pending_newline = 0, False
        if limit is not None and len(runs) >= limit:
            break  # a new run can only start after this point: the first `limit` are final
    return runs


def split_rows(run: Run, width: int) -> list[Run]:
    """A run that holds several whole rows one per line (PDF or pasted text where two
    data lines follow each other) is cut at the line breaks that fall on row boundaries."""
    count = len(run.tokens)
    if count <= width or count % width:
        return [run]
    boundaries = set(run.line_breaks)
    if not all(index in boundaries for index in range(width, count, width)):
        return [run]
    return [Run(run.tokens[index : index + width]) for index in range(0, count, width)]
