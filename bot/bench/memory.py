"""Memory of a process and all of its descendants, read from /proc (Linux), without psutil.

Proportional set size (PSS), not resident size (RSS): workers forked from one parent share the pages of
TensorFlow and the model, and RSS would count those once per worker. PSS divides each shared page among
the processes sharing it, so the sum over a tree is the memory the tree really uses.
"""
from __future__ import annotations

import threading
from contextlib import contextmanager
from pathlib import Path
from typing import Callable, Iterator

PROC = Path("/proc")
MIB = 1024 * 1024


def _children(pid: int) -> list[int]:
    found = []
    for task in (PROC / str(pid) / "task").glob("*"):
        try:
            found += [int(child) for child in (task / "children").read_text().split()]
        except OSError:
            continue
    return found


def _pss_bytes(pid: int) -> int:
    try:
        for line in (PROC / str(pid) / "smaps_rollup").read_text().splitlines():
            if line.startswith("Pss:"):
                return int(line.split()[1]) * 1024
    except OSError:
        pass
    return 0


def descendants(pid: int) -> list[int]:
    """Every process under `pid`: its children, theirs, and so on."""
    found, todo = [], _children(pid)
    while todo:
        current = todo.pop()
        if current not in found:
            found.append(current)
            todo += _children(current)
    return found


def tree_memory(pid: int) -> int:
    """Bytes of memory (PSS) used by `pid` and every process under it (a Rasa server's workers)."""
    return sum(_pss_bytes(each) for each in [pid, *descendants(pid)])


@contextmanager
def every(seconds: float, sample: Callable[[], None]) -> Iterator[None]:
    """Calls `sample` every `seconds` in a background thread for as long as the `with` block runs."""
    done = threading.Event()

    def repeat() -> None:
        while not done.wait(seconds):
            sample()

    sampler = threading.Thread(target=repeat, daemon=True)
    sampler.start()
    try:
        yield
    finally:
        done.set()
        sampler.join()
