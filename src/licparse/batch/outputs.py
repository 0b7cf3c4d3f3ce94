"""Output files: whole or not at all, never outside the output folder, never
over a user's file unasked."""

from __future__ import annotations

import contextlib
import errno
import functools
import os
import signal
import tempfile
import threading
from collections.abc import Iterator
from typing import TYPE_CHECKING

from ..errors import display_path

if TYPE_CHECKING:
    from .work import Outcome


def exists_message(shown: str) -> str:
    return f"{shown} exists: add --overwrite to replace it or --skip-existing to keep it"


def output_path(output_dir: str, rel: str, suffix: str = ".json") -> str:
    """`rel` (an input's output name, see `walk.Input`) + `suffix` under
    `output_dir`, never outside it.

    `..`, absolute parts and empty parts are dropped from `rel`, so the path
    stays inside `output_dir` whatever the input was called.
    """
    # Split only where the system separates folders: a `\\` in a POSIX file
    # name is part of the name, and splitting there would make two inputs
    # (`a\\b.txt`, `a/b.txt`) share an output.
    if os.altsep:
        rel = rel.replace(os.altsep, os.sep)
    parts = [p for p in rel.split(os.sep) if p not in ("", ".", "..")]
    if not parts:
        parts = ["input"]
    parts[-1] += suffix
    return os.path.join(output_dir, *parts)


@contextlib.contextmanager
def ctrl_c_deferred() -> Iterator[None]:
    """Hold a Ctrl-C until the block is done, so a write is never cut in half.

    Only the main thread may set signal handlers; elsewhere there is nothing
    to defer (signals are delivered to the main thread).
    """
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    caught: list[int] = []
    # SIGTERM and SIGHUP stop a run as Ctrl-C does (cli.main): held alike.
    names = [n for n in ("SIGINT", "SIGTERM", "SIGHUP") if hasattr(signal, n)]
    previous = {
        n: signal.signal(getattr(signal, n), lambda signum, frame: caught.append(signum))
        for n in names
    }
    try:
        yield
    finally:
        for n, handler in previous.items():
            signal.signal(getattr(signal, n), handler)
    if caught:
        raise KeyboardInterrupt


@functools.cache
def file_mode() -> int:
    umask = os.umask(0)
    os.umask(umask)
    return 0o666 & ~umask


def write_atomic(path: str, text: str, *, overwrite: bool) -> None:
    """Write `text` to `path` via a temporary file, so no reader ever sees half a file.

    Without `overwrite`, an existing file is never replaced (the final step is
    a hard link, which fails if the name exists).
    """
    directory = os.path.dirname(path) or "."
    os.makedirs(directory, exist_ok=True)
    with ctrl_c_deferred():
        # The temporary name does not grow with the output's: a name near the
        # file system's limit must still be writable.
        fd, tmp = tempfile.mkstemp(prefix=".licparse-", suffix=".tmp", dir=directory)
        try:
            os.fchmod(fd, file_mode())  # mkstemp makes 0600; outputs get the usual mode
            with os.fdopen(fd, "w", encoding="utf-8") as f:
                f.write(text)
                # On disk before the rename: after a power loss the name
                # holds the old file or the whole new one, never a hole.
                f.flush()
                os.fsync(f.fileno())
            if overwrite:
                os.replace(tmp, path)
            else:
                link_no_clobber(tmp, path)
            _sync_dir(directory)
        finally:
            if os.path.lexists(tmp):
                os.unlink(tmp)


# What a file system without hard links (FAT, exFAT, some network shares)
# answers to link().
NO_LINKS = {errno.EPERM, errno.EOPNOTSUPP, errno.ENOTSUP, errno.EXDEV, errno.ENOSYS}


def link_no_clobber(tmp: str, path: str) -> None:
    """Give `tmp` the name `path` unless the name exists.

    A hard link does it in one step; where the file system has none, the
    name is claimed with an exclusive create (still never over a file) and
    the whole temporary file renamed onto the claim."""
    try:
        os.link(tmp, path)
        return
    except FileExistsError:
        raise
    except OSError as exc:
        if exc.errno not in NO_LINKS:
            raise
    os.close(os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, file_mode()))
    os.replace(tmp, path)


def _sync_dir(directory: str) -> None:
    """Make a rename in `directory` durable (where the system allows it)."""
    try:
        fd = os.open(directory, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass  # some file systems cannot sync a folder: the rename still stands
    finally:
        os.close(fd)


def inside(directory: str, path: str) -> bool:
    """Whether `path` resolves (symlinks followed) to somewhere under `directory`."""
    root = os.path.realpath(directory)
    return os.path.commonpath([root, os.path.realpath(path)]) == root


def _make_dirs_inside(root: str, directory: str) -> None:
    """Create `directory` under `root` one level at a time, refusing to step
    through a symlink that leads out of `root` (checked before anything is
    created beyond it)."""
    if os.path.lexists(root) and not os.path.isdir(root):
        raise NotADirectoryError(errno.ENOTDIR, f"{root} is not a directory")
    os.makedirs(root, exist_ok=True)
    current = root
    for part in os.path.relpath(directory, root).split(os.sep):
        if part in ("", "."):
            continue
        current = os.path.join(current, part)
        if os.path.lexists(current):
            if not inside(root, current):
                raise OSError(f"{current} leads outside the output directory")
            if not os.path.isdir(current):  # a user's file: never replaced, --overwrite or not
                shown = display_path(current)
                raise NotADirectoryError(errno.ENOTDIR, f"{shown} is a file, not a folder")
        else:
            os.mkdir(current)


def write_output(outcome: Outcome, output_dir: str, *, overwrite: bool) -> Outcome:
    """Write a parsed outcome's JSON to its file; a failure to write becomes the outcome."""
    assert outcome.output is not None and outcome.text is not None
    path = outcome.output
    shown = display_path(path)
    try:
        _make_dirs_inside(output_dir, os.path.dirname(path))
    except OSError as exc:
        message = f"cannot write {shown}: {exc.strerror or exc}"
        return outcome._replace(status="failed", error_code="write_error", error_message=message)
    try:
        write_atomic(path, outcome.text + "\n", overwrite=overwrite)
    except FileExistsError:
        message = exists_message(shown)
        return outcome._replace(status="failed", error_code="output_exists", error_message=message)
    except OSError as exc:
        message = f"cannot write {shown}: {exc.strerror or exc}"
        return outcome._replace(status="failed", error_code="write_error", error_message=message)
    return outcome


def save_scan_text(outcome: Outcome, save_dir: str, rel: str, *, overwrite: bool) -> str | None:
    """Keep a scan's OCR'd text as `<rel>.ocr.txt` under `save_dir`; a problem
    is returned as a message (the license itself parsed, so it is not failed)."""
    assert outcome.scan_text is not None
    path = output_path(save_dir, rel, ".ocr.txt")
    shown = display_path(path)
    try:
        _make_dirs_inside(save_dir, os.path.dirname(path))
        write_atomic(path, outcome.scan_text + "\n", overwrite=overwrite)
    except FileExistsError:
        return f"{shown} exists: the OCR text was not saved (add --overwrite to replace it)"
    except OSError as exc:
        return f"cannot save the OCR text to {shown}: {exc.strerror or exc}"
    return None


# A temporary file lives for the seconds of one write: one this old was left
# by a run that crashed or was killed, never by one still writing.
STALE_SECONDS = 600


def remove_stale_temporaries(output_dir: str) -> int:
    """Delete this program's temporary files that a crashed run left under
    `output_dir` (resuming with --skip-existing); how many were removed."""
    import time

    removed = 0
    cutoff = time.time() - STALE_SECONDS
    for folder, _, names in os.walk(output_dir):
        for name in names:
            if name.startswith(".licparse-") and name.endswith(".tmp"):
                path = os.path.join(folder, name)
                with contextlib.suppress(OSError):
                    if os.lstat(path).st_mtime < cutoff:
                        os.unlink(path)
                        removed += 1
    return removed
