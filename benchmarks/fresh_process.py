"""What the benchmarks that time new processes share.

`compile_package()`: `pip install` compiles every module; an editable checkout compiles a module
the first time it is imported, unless PYTHONDONTWRITEBYTECODE is set (as on some CI machines and
sandboxes). Then every new `nqa` process compiles ~50 modules from source again (~0.1 s), and a
benchmark of new processes would time the compiler rather than narrative-qa. The .pyc files go
to __pycache__ folders, which git ignores.

`library_time(script, *arguments)`: run a timing script in a new Python process and return the
seconds it prints last (the scripts warm up, then time one call of the library).

`two_process_ceiling(repeat)`: the speed-up two jobs could reach on this machine at best: a fixed
pure-Python workload (dictionary lookups on fresh strings, like segmentation) in one process, then
in two processes at once; twice the time of one divided by the time of the pair. 2.0 means two
free cores; on the shared virtual machines we measure on, two busy processes each run ~10 %
slower, and no `--jobs 2` can beat that ceiling.
"""

from __future__ import annotations

import compileall
import subprocess
import sys
import time
from pathlib import Path

import narrative_qa


def compile_package() -> None:
    compileall.compile_dir(str(Path(narrative_qa.__file__).parent), quiet=1)


def library_time(script: str, *arguments: str) -> float:
    completed = subprocess.run([sys.executable, "-c", script, *arguments], capture_output=True, text=True)
    if completed.returncode != 0:
        raise SystemExit(f"library run failed:\n{completed.stderr[-2000:]}")
    return float(completed.stdout.strip().splitlines()[-1])


# ~0.3 s of interpreter work with the memory traffic of segmentation (string slices, dict probes).
_WORKLOAD = """
table = {str(number): number for number in range(200_000)}
total = 0
for _ in range(6):
    for number in range(200_000):
        total += table.get(str(number), 0)
"""


def two_process_ceiling(repeat: int = 3) -> float:
    command = [sys.executable, "-c", _WORKLOAD]
    alone, together = [], []
    for _ in range(repeat):
        started = time.perf_counter()
        subprocess.run(command, check=True)
        alone.append(time.perf_counter() - started)
        started = time.perf_counter()
        pair = [subprocess.Popen(command) for _ in range(2)]
        for process in pair:
            process.wait()
        together.append(time.perf_counter() - started)
    return 2 * min(alone) / min(together)
