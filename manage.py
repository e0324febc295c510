#!/usr/bin/env python
"""Django's manage.py, for those who expect it; `likvard` does the same."""

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent / "src"))

from likvard.cli import main  # noqa: E402

if __name__ == "__main__":
    main()
