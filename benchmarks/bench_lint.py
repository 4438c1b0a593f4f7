"""Linting speed, two targets from issue 3, measured in one run:

1. the whole real corpus (../shared/corpus/real, every file in manifest.tsv) with --jobs 1 and
   --jobs 2: prints both times and the speed-up (target >= 1.6x), measured two ways:
   a. each as a whole new `nqa lint` process (what a user waits for, start-up included);
   b. through the library, each in a new process that first lints the seed report, so that the
      fixed start-up (interpreter, imports, the model: the same for any --jobs) is left out and
      only the linting is timed. jieba's dictionary loads by parts as texts need them: the seed
      loads ~30 % of it, and the rest is timed (with --jobs 1 as the corpus needs it, with
      --jobs 2 all of it before the fork);
2. a cold `nqa lint` of the seed report in a new process against
   `python -c "import jieba; jieba.initialize()"`, best of 5 each: prints the ratio (target <= 1.5).

    python benchmarks/bench_lint.py [--repeat N]

The machine has two cores shared with other work: run it on a quiet machine, and read the
numbers as "best of N".
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import time
from pathlib import Path

from fresh_process import compile_package, library_time, two_process_ceiling

REPO = Path(__file__).resolve().parents[1]
SHARED = (REPO / ".." / "shared").resolve()
CORPUS = SHARED / "corpus" / "real"
SEED = SHARED / "seed" / "zhanhe-zhujianju-2024.txt"
NQA = [sys.executable, "-m", "narrative_qa"]


def corpus_files() -> list[Path]:
    lines = (CORPUS / "manifest.tsv").read_text("utf-8").splitlines()
    header = lines[0].split("\t")
    column = header.index("file")
    return [CORPUS / line.split("\t")[column] for line in lines[1:] if line.strip()]


def timed(command: list[str]) -> float:
    start = time.perf_counter()
    completed = subprocess.run(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    elapsed = time.perf_counter() - start
    if completed.returncode not in (0, 1):
        raise SystemExit(f"command failed ({completed.returncode}): {' '.join(command[:6])} …\n{completed.stderr}")
    return elapsed


def best_of(command: list[str], repeat: int) -> float:
    return min(timed(command) for _ in range(repeat))


# Runs in a new process: warm up on the seed, then time lint_paths over the corpus.
LIBRARY_SCRIPT = """
import sys, time
from narrative_qa.linting.engine import lint_paths
seed, jobs, files = sys.argv[1], int(sys.argv[2]), sys.argv[3:]
lint_paths([seed])
start = time.perf_counter()
lint_paths(files, jobs=jobs)
print(time.perf_counter() - start)
"""


def report(label: str, serial: float, parallel: float) -> None:
    speedup = serial / parallel
    print(f"{label}: --jobs 1 {serial:.2f} s, --jobs 2 {parallel:.2f} s, "
          f"speed-up {speedup:.2f}x (target >= 1.6x) {'OK' if speedup >= 1.6 else 'MISSED'}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--repeat", type=int, default=5, help="runs of each command; the best counts")
    parser.add_argument("--corpus-repeat", type=int, default=2, help="runs of each whole-corpus lint")
    args = parser.parse_args()
    compile_package()

    files = [str(path) for path in corpus_files()]
    lint = [*NQA, "lint", "--format", "json", *files]
    timed([*NQA, "lint", "--format", "json", str(SEED)])  # warm the OS file cache and jieba's cache
    # Interleaved, so that a burst of other work on the machine hits both alike.
    serial_times, parallel_times = [], []
    for _ in range(args.corpus_repeat):
        serial_times.append(timed([*lint, "--jobs", "1"]))
        parallel_times.append(timed([*lint, "--jobs", "2"]))
    serial, parallel = min(serial_times), min(parallel_times)
    report(f"corpus, {len(files)} files, new nqa process", serial, parallel)
    print(f"  this machine now: two independent processes at {two_process_ceiling(args.repeat):.2f}x the speed of one "
          "(the ceiling of any --jobs 2)")

    serial_times, parallel_times = [], []
    for _ in range(args.corpus_repeat):
        serial_times.append(library_time(LIBRARY_SCRIPT, str(SEED), "1", *files))
        parallel_times.append(library_time(LIBRARY_SCRIPT, str(SEED), "2", *files))
    report(f"corpus, {len(files)} files, library after warm-up", min(serial_times), min(parallel_times))

    jieba = best_of([sys.executable, "-c", "import jieba; jieba.initialize()"], args.repeat)
    print(f"jieba import + initialize: {jieba:.3f} s")
    # Every rule (the default), and only the families of issue 3 (structure, tables, text
    # against tables, meta): rules of other families may segment text with jieba themselves.
    for label, extra in (("all rules", []), ("--select S,T,C,X", ["--select", "S,T,C,X"])):
        cold = best_of([*NQA, "lint", str(SEED), *extra], args.repeat)
        ratio = cold / jieba
        print(f"cold lint of the seed, {label}: {cold:.3f} s  ratio {ratio:.2f} (target <= 1.5) "
              f"{'OK' if ratio <= 1.5 else 'MISSED'}")


if __name__ == "__main__":
    main()
