"""`python -m metrics <command>`: the documented entry point of the one command line, `cli` (which
sits above `metrics` and `store`). Nothing in `metrics` imports it; this file only runs it."""

import sys

from cli import main

if __name__ == "__main__":
    sys.exit(main())
