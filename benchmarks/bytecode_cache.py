"""Compile narrative_qa's bytecode before a benchmark starts new processes.

`pip install` compiles every module; an editable checkout compiles a module the first time it is
imported, unless PYTHONDONTWRITEBYTECODE is set (as on some CI machines and sandboxes). Then
every new `nqa` process compiles ~50 modules from source again (~0.1 s), and a benchmark of new
processes would time the compiler rather than narrative-qa. The .pyc files go to __pycache__
folders, which git ignores.
"""

from __future__ import annotations

import compileall
from pathlib import Path

import narrative_qa


def compile_package() -> None:
    compileall.compile_dir(str(Path(narrative_qa.__file__).parent), quiet=1)
