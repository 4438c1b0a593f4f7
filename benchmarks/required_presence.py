"""For every rulebook entry: the share of the 2021-format real reports in ../shared/corpus/real
where the statement is detected present (among the reports the entry applies to).

    python benchmarks/required_presence.py                # the table of shares
    python benchmarks/required_presence.py --show fee     # per report: detected or not, and where
    python benchmarks/required_presence.py --show processing-fee --context 60

`--show` prints the matching text around each detection (for hand inspection against the
files; the output is for the terminal and is not saved in the project).
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
REAL = (REPO / ".." / "shared" / "corpus" / "real").resolve()


def real_2021_reports() -> list[Path]:
    lines = (REAL / "manifest.tsv").read_text("utf-8").splitlines()
    header = lines[0].split("\t")
    rows = [dict(zip(header, line.split("\t"))) for line in lines[1:] if line.strip()]
    paths = []
    for row in rows:
        if row["era"] != "2021format" or "attachment-only" in row["note"] or "body-empty" in row["note"]:
            continue
        if "template" in row["file"]:  # the blank official form is not a report
            continue
        if row["format"] == "html" and (REAL / row["file"]).with_suffix(".txt").exists():
            continue  # the same report as its .txt capture: count it once
        paths.append(REAL / row["file"])
    return paths


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--show", metavar="ID", help="list detections and non-detections of one entry")
    parser.add_argument("--context", type=int, default=40, help="characters of matching text shown with --show")
    parser.add_argument("--similarity", type=float, default=None, help="override the similarity threshold")
    args = parser.parse_args(argv)

    from narrative_qa.document.parse import read_report
    from narrative_qa.required.assess import assess
    from narrative_qa.required.presence import DEFAULT_SIMILARITY
    from narrative_qa.required.rulebook import builtin_rulebook

    rulebook = builtin_rulebook()
    if args.show and rulebook.get(args.show) is None:
        print(f"unknown entry {args.show}; entries: {', '.join(rulebook.ids())}", file=sys.stderr)
        return 2
    threshold = args.similarity if args.similarity is not None else DEFAULT_SIMILARITY
    applies: dict[str, int] = {entry.id: 0 for entry in rulebook}
    present: dict[str, int] = {entry.id: 0 for entry in rulebook}
    methods: dict[str, dict[str, int]] = {entry.id: {} for entry in rulebook}
    failures = []
    paths = real_2021_reports()
    for path in paths:
        try:
            report = read_report(path)
        except Exception as error:  # an unreadable report is listed, not fatal
            failures.append(f"{path.relative_to(REAL)}: {type(error).__name__}: {error}")
            continue
        for result in assess(report, rulebook, similarity=threshold):
            entry_id = result.entry.id
            applies[entry_id] += 1
            detection = result.detection
            if detection.present:
                present[entry_id] += 1
                methods[entry_id][detection.method] = methods[entry_id].get(detection.method, 0) + 1
            if args.show == entry_id:
                where = ""
                if detection.present:
                    snippet = detection.evidence_text(report)[: args.context].replace("\n", " ")
                    where = f"[{detection.method} in {detection.section}] {snippet}"
                else:
                    where = f"best_similarity={detection.best_similarity}"
                    if detection.figures is not None:
                        where += f" figures={detection.figures}"
                mark = "PRESENT" if detection.present else "missing"
                revision = f"  REVISE: {result.revision.reason}" if result.revision else ""
                print(f"{mark:8} {path.relative_to(REAL)} ({report.level}): {where}{revision}")
    if args.show:
        return 0
    print(f"{len(paths)} reports of the 2021 format (similarity threshold {threshold})")
    print(f"{'entry':32} {'applies':>7} {'present':>7} {'share':>6}  by method")
    for entry in rulebook:
        n, k = applies[entry.id], present[entry.id]
        share = f"{k / n:6.0%}" if n else "     -"
        by = ", ".join(f"{m}={c}" for m, c in sorted(methods[entry.id].items()))
        print(f"{entry.id:32} {n:7} {k:7} {share}  {by}")
    for failure in failures:
        print("unreadable:", failure)
    return 0


if __name__ == "__main__":
    sys.exit(main())
