"""Reuse share of every consecutive-year pair of 平潭 reports of the same unit
(../shared/corpus/real/pingtan/<unit>/<year>.txt): the share of year N's narrative (Chinese
characters in sentences of 一, 五, 六 and the 2019-format prose sections, required statements
left out) found in year N-1's report, as copied-from-previous measures it (sentence fingerprint
or TF-IDF cosine >= 0.8, default model's IDF). Prints every pair and the five most reused.

Run from the repository root:  /work/venv/bin/python benchmarks/pingtan_reuse.py
"""

from __future__ import annotations

from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
PINGTAN = (REPO / ".." / "shared" / "corpus" / "real" / "pingtan").resolve()


def main() -> None:
    from narrative_qa.corpus.model import load_model
    from narrative_qa.document.parse import read_report
    from narrative_qa.rules.copying import measure_reuse

    model = load_model()
    pairs = []
    for unit in sorted(path for path in PINGTAN.iterdir() if path.is_dir()):
        years = sorted(int(path.stem) for path in unit.glob("*.txt"))
        for year in years:
            if year - 1 not in years:
                continue
            current = read_report(unit / f"{year}.txt")
            previous = read_report(unit / f"{year - 1}.txt")
            reuse = measure_reuse(current, previous, model)
            sections = {section.key: round(section.share, 2) for section in reuse.sections}
            pairs.append((reuse.share, unit.name, year, reuse.chars, reuse.reused_chars, sections))
    print("unit\tyear\treuse\tchars\treused\tsections")
    for share, unit, year, chars, reused, sections in pairs:
        print(f"{unit}\t{year - 1}->{year}\t{share:.2f}\t{chars}\t{reused}\t{sections}")
    print("\nfive most reused pairs:")
    for share, unit, year, chars, reused, sections in sorted(pairs, reverse=True)[:5]:
        print(f"  {unit} {year - 1}->{year}: {share:.0%} ({reused}/{chars} characters) {sections}")


if __name__ == "__main__":
    main()
