"""Helpers for the B and Q rule tests: the default model (loaded once) and fixture runs."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from narrative_qa.corpus.model import load_model
from narrative_qa.document.parse import read_report
from narrative_qa.rules.registry import Context, Finding, find_rule

RULE_FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "rules"


@lru_cache(maxsize=1)
def default_model():
    return load_model()


def run(name: str, path: Path, *, previous: Path | None = None, compare: list[Path] = (), **options) -> list[Finding]:
    registered = find_rule(name)
    assert registered is not None, name
    context = Context(
        report=read_report(path),
        model=default_model(),
        previous=read_report(previous) if previous else None,
        compare=[read_report(other) for other in compare],
        rule_options={registered.name: options} if options else {},
    )
    return list(registered.check(context, registered))


def run_fixture(name: str, stem: str) -> list[Finding]:
    """fires.md / clean.md of a rule's fixture folder, with previous.md (clean-previous.md for
    the clean case when present) and peer.md as --compare."""
    folder = RULE_FIXTURES / name
    previous = folder / "previous.md"
    if stem == "clean" and (folder / "clean-previous.md").exists():
        previous = folder / "clean-previous.md"
    peers = [folder / "peer.md"] if (folder / "peer.md").exists() else []
    return run(name, folder / f"{stem}.md", previous=previous if previous.exists() else None, compare=peers)
