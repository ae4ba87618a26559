#!/usr/bin/env python
"""Django's manage.py; the same as the ``biaozhun`` command."""

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent / "src"))

from biaozhun.cli import main

if __name__ == "__main__":
    main()
