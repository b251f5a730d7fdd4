"""``python -m reader`` behaves exactly like the ``article-reader`` command."""

import sys

from reader.cli import main

sys.exit(main())
