"""Every S/T/C rule keeps the rule contract: fixtures, docstring shape, stable names."""

from __future__ import annotations

import re

import pytest
from rule_helpers import RULE_FIXTURES

from narrative_qa.rules.registry import all_rules

# Rules shipped by the package (other test modules register probe rules of their own).
FAMILY_RULES = [
    registered
    for registered in all_rules()
    if registered.family in "STC" and registered.check.__module__.startswith("narrative_qa.rules.")
]


def test_names_the_issue_fixes_exist() -> None:
    names = {registered.name: registered.code for registered in FAMILY_RULES}
    for name in ("duplicate-heading", "missing-section", "table3-balance", "table3-row-sum",
                 "table3-outcome-sum", "table4-block-sum", "text-table-mismatch"):
        assert name in names


@pytest.mark.parametrize("registered", FAMILY_RULES, ids=lambda registered: registered.code)
def test_rule_has_fixtures_and_a_three_part_docstring(registered) -> None:
    folder = RULE_FIXTURES / registered.name
    assert (folder / "fires.txt").is_file() and (folder / "clean.txt").is_file()
    if registered.needs_previous:
        assert (folder / "previous.txt").is_file()
    doc = registered.doc
    assert re.search(r"[\u4e00-\u9fff]", registered.summary), "summary line in Chinese"
    assert "为什么：" in doc and "示例：" in doc and "修改：" in doc
    assert re.fullmatch(r"[a-z0-9]+(?:-[a-z0-9]+)*", registered.name)
    assert re.fullmatch(r"[STC]\d{3}", registered.code)
