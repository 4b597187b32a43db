"""One hash of a set of files' names and contents: how training and the page's build tell whether their
inputs changed since last time (by content, not by date, so a fresh clone is judged rightly)."""
from __future__ import annotations

import hashlib
from pathlib import Path
from typing import Iterable


def files_digest(paths: Iterable[Path], root: Path, extra: bytes = b"") -> str:
    """A hash of each file's path (relative to `root`) and contents, in the order given, then `extra`."""
    digest = hashlib.sha256()
    for path in paths:
        digest.update(str(path.relative_to(root)).encode())
        digest.update(b"\0")
        digest.update(path.read_bytes())
        digest.update(b"\0")
    digest.update(extra)
    return digest.hexdigest()
