"""`python probe_cli.py lint …`: the real CLI with the probe rule registered (see lint_probe.py)."""

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from lint_probe import install  # noqa: E402

install()

from narrative_qa.cli.app import main  # noqa: E402

main()
