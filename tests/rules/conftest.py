"""Make the rule tests' helper modules (rule_helpers, report_builder) importable."""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
