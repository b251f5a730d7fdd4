"""Entry script for the PyInstaller build: the same as ``article-reader``."""

import sys

from reader.cli import main

if __name__ == "__main__":
    sys.exit(main())
