"""Full lint throughput (every rule, default model) against raw `jieba.lcut`, same run.

Over the 2021-format and 2019-trial 平潭 reports of ../shared/corpus/real plus the seed:
  (a) raw `jieba.lcut` over each report's text (texts read before timing)
  (b) `lint_file`: read + parse + every rule with the default model (loaded once, before timing)
Throughput is input characters per second; target (b)/(a) >= 0.6. jieba and the model are warmed
before timing; each measurement runs --repeat times and the best run counts (shared machine).
The text rules' own share is printed too (B and Q rules on already parsed reports).

Run from the repository root:  /work/venv/bin/python benchmarks/bench_full_lint.py
"""

from __future__ import annotations

import argparse
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
SHARED = (REPO / ".." / "shared").resolve()
CORPUS = SHARED / "corpus" / "real"
TARGET = 0.6


def files() -> list[Path]:
    lines = (CORPUS / "manifest.tsv").read_text("utf-8").splitlines()
    header = lines[0].split("\t")
    rows = [dict(zip(header, line.split("\t"))) for line in lines[1:] if line.strip()]
    chosen = [CORPUS / row["file"] for row in rows if row["era"] in ("2021format", "2019trial") and row["format"] == "txt"]
    return [*chosen, SHARED / "seed" / "zhanhe-zhujianju-2024.txt"]


def best_of(repeat: int, run) -> float:
    best = float("inf")
    for _ in range(repeat):
        start = time.perf_counter()
        run()
        best = min(best, time.perf_counter() - start)
    return best


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()

    import jieba

    from narrative_qa.document.parse import read_report
    from narrative_qa.linting import engine
    from narrative_qa.linting.config import Overrides
    from narrative_qa.nlp.segment import get_segmenter
    from narrative_qa.rules import _text
    from narrative_qa.rules.registry import Context, all_rules

    paths = files()
    reports = [read_report(path) for path in paths]
    texts = [report.text for report in reports]
    characters = sum(len(text) for text in texts)
    jieba.initialize()
    get_segmenter()
    engine._prepare(engine.LintOptions(overrides=Overrides()))
    model = engine._model_for(None)
    if model is None:
        raise SystemExit("default model missing: build models/default first")
    engine.lint_file(paths[0])  # warm every lazy cache

    raw = best_of(args.repeat, lambda: [jieba.lcut(text) for text in texts])

    def full() -> None:
        _text._cache.clear()
        _text._key_cache.clear()  # start every run cold: no n-gram keys from the previous run
        for path in paths:
            engine.lint_file(path)

    lint = best_of(args.repeat, full)
    text_rules = [rule for rule in all_rules() if rule.family in ("B", "Q")]

    def text_only() -> None:
        _text._cache.clear()
        _text._key_cache.clear()
        for report in reports:
            context = Context(report=report, model=model)
            for rule in text_rules:
                list(rule.check(context, rule))

    mine = best_of(args.repeat, text_only)
    parse = best_of(args.repeat, lambda: [read_report(path) for path in paths])
    other_rules = [rule for rule in all_rules() if rule.family not in ("B", "Q", "X") and not rule.needs_previous]

    def others() -> None:
        for report in reports:
            context = Context(report=report, model=model)
            for rule in other_rules:
                list(rule.check(context, rule))

    rest = best_of(args.repeat, others)
    print(f"files {len(paths)}, characters {characters}")
    print(f"raw jieba.lcut      {raw:.3f} s  {characters / raw:,.0f} chars/s")
    print(f"full lint (all)     {lint:.3f} s  {characters / lint:,.0f} chars/s")
    print("  where the time goes (each measured on its own):")
    print(f"    read + parse            {parse:.3f} s")
    print(f"    S/T/C/R rules           {rest:.3f} s")
    print(f"    B+Q rules               {mine:.3f} s (tokenising each sentence once included)")
    ratio = raw / lint
    print(f"ratio full lint / jieba = {ratio:.2f} (target >= {TARGET})  {'OK' if ratio >= TARGET else 'BELOW TARGET'}")


if __name__ == "__main__":
    main()
