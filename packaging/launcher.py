"""Entry script for the PyInstaller build: the same as ``article-reader``."""

import multiprocessing
import sys

if __name__ == "__main__":
    # A frozen app re-runs this executable for each import worker process;
    # freeze_support() turns those runs into workers before anything else starts.
    multiprocessing.freeze_support()
    from reader.cli import main

    sys.exit(main())
