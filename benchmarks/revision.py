"""The source tree of an earlier revision, checked out beside the working one,
for the scripts that compare the two (same_output.py, versus.py)."""

from __future__ import annotations

import contextlib
import subprocess
import tempfile
from collections.abc import Iterator
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


@contextlib.contextmanager
def source_at(rev: str) -> Iterator[Path]:
    """The `src` folder of `rev`, in a temporary git worktree removed afterwards."""
    with tempfile.TemporaryDirectory(prefix="licparse-rev-") as tmp:
        tree = Path(tmp) / "tree"
        git = ["git", "-C", str(ROOT), "worktree"]
        subprocess.run([*git, "add", "--detach", "-q", str(tree), rev], check=True)
        try:
            yield tree / "src"
        finally:
            subprocess.run([*git, "remove", "--force", str(tree)], check=True)
