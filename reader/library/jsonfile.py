"""Small JSON files kept beside the index (the committed-seq marker, the check digests),
written atomically: a crash leaves the old content or the new, never half of it."""

from __future__ import annotations

import json
import os
import tempfile
from pathlib import Path
from typing import Any


def write_json_atomic(path: Path, data: Any, *, prefix: str) -> None:
    """Write ``data`` to ``path`` through a temporary file (``prefix``*, in the same folder,
    flushed to disk) renamed over it. Raises OSError; the temporary file is removed."""
    fd, tmp = tempfile.mkstemp(prefix=prefix, dir=path.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            json.dump(data, fh)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, path)
    except BaseException:
        try:
            os.unlink(tmp)
        except OSError:
            pass
        raise
