"""narrative-qa: quality checks for 政府信息公开工作年度报告.

The public API is imported lazily so that `import narrative_qa` stays cheap for the CLI.
"""

from __future__ import annotations

import importlib
from typing import Any

__version__ = "0.1.0"

_LAZY = {
    "read_document": "narrative_qa.document.readers",
    "parse_report": "narrative_qa.document.parse",
    "read_report": "narrative_qa.document.parse",
    "lint": "narrative_qa.linting.engine",
    "build_model": "narrative_qa.corpus.build",
    "load_model": "narrative_qa.corpus.model",
    "default_model_path": "narrative_qa.corpus.model",
    "score": "narrative_qa.scoring.score",
    "Scorecard": "narrative_qa.scoring.scorecard",
}

__all__ = ["__version__", *_LAZY]


def __getattr__(name: str) -> Any:
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module 'narrative_qa' has no attribute {name!r}")
    return getattr(importlib.import_module(module), name)
