"""Every B/Q (text) rule keeps the rule contract: its fires/clean fixtures behave, docstring
shape, code in its family. The S/T/C rules' counterpart is test_contract.py."""

from __future__ import annotations

import re

import pytest
from rule_helpers import RULE_FIXTURES, check_fixture_findings, fixture_cases
from text_rule_helpers import run_fixture

from narrative_qa.rules.registry import all_rules

# Rules shipped by the package (other test modules register probe rules of their own).
FAMILY_RULES = [
    registered
    for registered in all_rules()
    if registered.family in "BQ" and registered.check.__module__.startswith("narrative_qa.rules.")
]


@pytest.mark.parametrize(("name", "stem"), fixture_cases("B") + fixture_cases("Q"))
def test_fixture(name: str, stem: str) -> None:
    check_fixture_findings(name, stem, run_fixture(name, stem))


@pytest.mark.parametrize("registered", FAMILY_RULES, ids=lambda registered: registered.code)
def test_rule_has_fixtures_and_a_full_docstring(registered) -> None:
    folder = RULE_FIXTURES / registered.name
    assert (folder / "fires.md").is_file() and (folder / "clean.md").is_file()
    if registered.needs_previous:
        assert (folder / "previous.md").is_file()
    assert re.fullmatch(rf"{registered.family}\d{{3}}", registered.code)
    assert re.search(r"[\u4e00-\u9fff]", registered.summary), "summary line in Chinese"
    assert all(part in registered.doc for part in ("为什么：", "（依据：", "示例：", "修改："))
