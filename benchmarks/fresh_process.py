"""What the benchmarks that time new processes share.

`compile_package()`: `pip install` compiles every module; an editable checkout compiles a module
the first time it is imported, unless PYTHONDONTWRITEBYTECODE is set (as on some CI machines and
sandboxes). Then every new `nqa` process compiles ~50 modules from source again (~0.1 s), and a
benchmark of new processes would time the compiler rather than narrative-qa. The .pyc files go
to __pycache__ folders, which git ignores.

`library_time(script, *arguments)`: run a timing script in a new Python process and return the
seconds it prints last (the scripts warm up, then time one call of the library).
"""

from __future__ import annotations

import compileall
import subprocess
import sys
from pathlib import Path

import narrative_qa


def compile_package() -> None:
    compileall.compile_dir(str(Path(narrative_qa.__file__).parent), quiet=1)


def library_time(script: str, *arguments: str) -> float:
    completed = subprocess.run([sys.executable, "-c", script, *arguments], capture_output=True, text=True)
    if completed.returncode != 0:
        raise SystemExit(f"library run failed:\n{completed.stderr[-2000:]}")
    return float(completed.stdout.strip().splitlines()[-1])
