"""Count the structure (S), table (T) and text-against-table (C) findings over every real
report in ../shared/corpus/real, per rule.

    python benchmarks/corpus_findings.py                       # counts per rule
    python benchmarks/corpus_findings.py --show text-table-mismatch   # each finding, for hand inspection
    python benchmarks/corpus_findings.py --previous            # also the --previous rules (T008, T009),
                                                               # pairing each report with its unit's report of the year before
    python benchmarks/corpus_findings.py --jobs 2

`--show RULE` (code or name) prints file:line:col, the message, the evidence and the source
line around the finding. The output is for the terminal (it quotes real reports) and is
never saved in the project; the hand-inspection verdicts go to results/tc_inspection.md.
Every file of the manifest is read (also the HTML twin of a .txt capture: both are real
inputs the linter must handle); a file that cannot be read is listed, not counted.
"""

from __future__ import annotations

import argparse
import sys
from collections import Counter
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
REAL = (REPO / ".." / "shared" / "corpus" / "real").resolve()
FAMILIES = ("S", "T", "C")


def manifest_rows() -> list[dict[str, str]]:
    lines = (REAL / "manifest.tsv").read_text("utf-8").splitlines()
    header = lines[0].split("\t")
    return [dict(zip(header, line.split("\t"))) for line in lines[1:] if line.strip()]


def previous_of(rows: list[dict[str, str]]) -> dict[str, str]:
    """file -> the same unit's report of the year before, in the same format if there is one."""
    # the body is its unit code (Pingtan) or, for the peers, the unit name (several peers share a code)
    def body(row: dict[str, str]) -> tuple[str, str]:
        return (row["unit_code"], row["unit"] if row["file"].startswith("peers/") else "")

    by_unit_year: dict[tuple[tuple[str, str], int], list[str]] = {}
    for row in rows:
        by_unit_year.setdefault((body(row), int(row["year"])), []).append(row["file"])
    pairs = {}
    for row in rows:
        candidates = by_unit_year.get((body(row), int(row["year"]) - 1), [])
        same_format = [file for file in candidates if file.endswith("." + row["format"])]
        chosen = (same_format or [file for file in candidates if file.endswith(".txt")] or candidates or [None])[0]
        if chosen:
            pairs[row["file"]] = chosen
    return pairs


def lint_one(job: tuple[str, str | None, bool]) -> tuple[str, list[dict] | None, str | None]:
    file, previous_file, with_previous = job
    from narrative_qa.document.parse import read_report
    from narrative_qa.errors import NarrativeQAError
    from narrative_qa.rules.registry import Context, all_rules, run_rules

    try:
        report = read_report(REAL / file)
        previous = read_report(REAL / previous_file) if with_previous and previous_file else None
    except NarrativeQAError as error:
        return file, None, str(error)
    rules = [
        registered
        for registered in all_rules()
        if registered.family in FAMILIES and not registered.needs_model and (with_previous or not registered.needs_previous)
    ]
    findings = list(run_rules(Context(report=report, previous=previous), rules))
    lines = report.text.splitlines()
    result = []
    for finding in findings:
        row = finding.to_dict()
        row["source_line"] = lines[finding.line - 1] if 0 < finding.line <= len(lines) else ""
        row["start"], row["end"] = finding.start, finding.end
        row["file"] = file
        result.append(row)
    return file, result, None


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--show", metavar="RULE", help="print every finding of this rule (code or name)")
    parser.add_argument("--previous", action="store_true", help="pair each report with last year's and run the --previous rules")
    parser.add_argument("--jobs", type=int, default=1)
    parser.add_argument("--context", type=int, default=60, help="characters of source shown around a finding with --show")
    args = parser.parse_args(argv)

    from narrative_qa.rules.registry import all_rules

    rules = [registered for registered in all_rules() if registered.family in FAMILIES]
    rows = manifest_rows()
    pairs = previous_of(rows)
    jobs = [(row["file"], pairs.get(row["file"]), args.previous) for row in rows]
    if args.jobs > 1:
        with ProcessPoolExecutor(args.jobs) as pool:
            results = list(pool.map(lint_one, jobs, chunksize=4))
    else:
        results = [lint_one(job) for job in jobs]

    counts: Counter[str] = Counter()
    files_with: Counter[str] = Counter()
    severities: Counter[tuple[str, str]] = Counter()
    shown = []
    failures = []
    for file, findings, error in results:
        if findings is None:
            failures.append((file, error))
            continue
        for name in {finding["name"] for finding in findings}:
            files_with[name] += 1
        for finding in findings:
            counts[finding["name"]] += 1
            severities[(finding["name"], finding["severity"])] += 1
            if args.show and args.show.lower() in (finding["name"], finding["code"].lower()):
                shown.append(finding)

    if args.show:
        for finding in shown:
            print(f"{finding['file']}:{finding['line']}:{finding['column']} {finding['code']} {finding['severity']} {finding['message']}")
            print(f"    evidence: {finding['evidence']}")
            source = finding["source_line"]
            column = finding["column"] - 1
            print(f"    source: …{source[max(0, column - args.context): column + args.context]}…")
        print(f"{len(shown)} findings", file=sys.stderr)
        return 0

    print(f"{len(results) - len(failures)} reports linted ({len(failures)} unreadable), families {'/'.join(FAMILIES)}"
          + (", with --previous pairs" if args.previous else ""))
    print(f"{'code':<6} {'rule':<28} {'findings':>8} {'files':>6}  by severity")
    for registered in rules:
        if registered.needs_previous and not args.previous:
            continue
        by_severity = ", ".join(
            f"{severity} {severities[(registered.name, severity)]}"
            for severity in ("error", "warning", "info")
            if severities[(registered.name, severity)]
        )
        print(f"{registered.code:<6} {registered.name:<28} {counts[registered.name]:>8} {files_with[registered.name]:>6}  {by_severity}")
    for file, error in failures:
        print(f"unreadable: {file}: {error}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
