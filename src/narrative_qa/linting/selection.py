"""Turning rule selectors (codes, names, families) into the set of rules that run.

A selector is one of: a rule code ("S001"), a rule name ("duplicate-heading"), a family letter
("S"), a family name ("structure"), a code prefix ("S00": S001…S009), or "ALL". Codes and letters are case-insensitive. The same
resolution serves --select/--ignore, the config file, per-file ignores and suppression comments,
so a user learns one vocabulary.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from narrative_qa.errors import UsageError
from narrative_qa.rules.registry import FAMILIES, Rule, all_rules


def parse_selector_list(value: str | Iterable[str] | None) -> list[str]:
    """"S,T , duplicate-heading" or ["S", "T"] -> ["S", "T", "duplicate-heading"]."""
    if value is None:
        return []
    items = value.split(",") if isinstance(value, str) else list(value)
    return [item.strip() for item in items if isinstance(item, str) and item.strip()]


def match_selector(selector: str, rules: Iterable[Rule] | None = None) -> set[str] | None:
    """Codes of the rules one selector names, or None when it names nothing known."""
    rules = list(rules if rules is not None else all_rules())
    wanted = selector.strip()
    upper, lower = wanted.upper(), wanted.lower()
    if upper == "ALL":
        return {registered.code for registered in rules}
    family_letter = next(
        (letter for letter, name in FAMILIES.items() if upper == letter or lower == name), None
    )
    if family_letter is not None:
        return {registered.code for registered in rules if registered.family == family_letter}
    for registered in rules:
        if upper == registered.code or lower == registered.name:
            return {registered.code}
    if re.fullmatch(r"[A-Z]\d{1,2}", upper):  # a code prefix, as in ruff: "S00" = S001…S009
        prefixed = {registered.code for registered in rules if registered.code.startswith(upper)}
        return prefixed or None
    return None


def resolve(selectors: Iterable[str], *, origin: str) -> set[str]:
    """Codes named by all `selectors`; an unknown selector is a usage error naming `origin`."""
    rules = all_rules()
    codes: set[str] = set()
    for selector in selectors:
        matched = match_selector(selector, rules)
        if matched is None:
            raise UsageError(f"{origin}中的规则“{selector}”不存在（用 nqa rules 查看全部规则代码和名称）")
        codes |= matched
    return codes


def enabled_codes(select: Iterable[str] | None, ignore: Iterable[str], *, origin: str) -> set[str]:
    """select (all rules when None) minus ignore. Ignore wins over select, whatever is more specific."""
    selected = resolve(select, origin=origin) if select is not None else {r.code for r in all_rules()}
    return selected - resolve(ignore, origin=origin)
