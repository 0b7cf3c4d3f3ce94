"""Batch inputs: files, directories walked recursively in a stable order, `-`.

Walking is lazy (a generator), so a folder of a million scans costs memory
for the directories on the current path only. Problems met while walking — a
symlink loop, a directory that cannot be listed — become inputs that carry
their error, so they are reported in order like any failed file.
"""

from __future__ import annotations

import fnmatch
import os
import re
from collections.abc import Iterable, Iterator
from typing import NamedTuple

from .errors import LicparseError, ReadError
from .scan import SCAN_GLOBS, is_scan

# Scans are taken too: without the OCR extra they are reported as needing it,
# never skipped in silence.
DEFAULT_GLOBS = ("*.txt", "*.md", *SCAN_GLOBS)
STDIN = "-"


class Input(NamedTuple):
    """One thing to parse."""

    path: str  # as the user would name it; `-` for standard input
    rel: str  # where its output goes under --output-dir
    error: LicparseError | None = None  # a problem found while walking
    pages: tuple[str, ...] = ()  # with --pages: the scan files that are its pages


def _matches(name: str, globs: tuple[str, ...]) -> bool:
    return any(fnmatch.fnmatch(name, g) for g in globs)


def _walk_dir(
    root: str, rel: str, globs: tuple[str, ...], ancestors: frozenset[tuple[int, int]]
) -> Iterator[Input]:
    try:
        st = os.stat(root)
        with os.scandir(root) as it:
            entries = sorted(it, key=lambda e: e.name)
    except OSError as exc:
        yield Input(
            root, rel, ReadError(f"cannot list the directory: {exc.strerror or exc}", source=root)
        )
        return
    here = ancestors | {(st.st_dev, st.st_ino)}
    for entry in entries:
        path = os.path.join(root, entry.name)
        child_rel = os.path.join(rel, entry.name) if rel else entry.name
        try:
            is_dir = entry.is_dir()  # follows symlinks
        except OSError:
            is_dir = False
        if is_dir:
            try:
                target = os.stat(path)
            except OSError as exc:
                yield Input(path, child_rel, ReadError(f"cannot read: {exc.strerror}", source=path))
                continue
            if (target.st_dev, target.st_ino) in here:
                yield Input(
                    path,
                    child_rel,
                    ReadError("symlink loop: this directory contains itself; skipped", source=path),
                )
                continue
            yield from _walk_dir(path, child_rel, globs, here)
        elif _matches(entry.name, globs):
            yield Input(path, child_rel, _not_a_file(entry, path))


def _not_a_file(entry: os.DirEntry[str], path: str) -> LicparseError | None:
    """Why a matching directory entry cannot be read as a file, if it cannot.

    A FIFO or a device would block or stream forever; a dangling symlink is
    reported like a missing file.
    """
    try:
        if entry.is_file():
            return None
    except OSError as exc:
        return ReadError(f"cannot read: {exc.strerror}", source=path)
    if entry.is_symlink() and not os.path.exists(path):
        return ReadError("a broken symbolic link: its target does not exist", source=path)
    return ReadError("not a regular file (a FIFO, socket or device); skipped", source=path)


def expand(paths: Iterable[str], globs: tuple[str, ...] = DEFAULT_GLOBS) -> Iterator[Input]:
    """Inputs in argument order; each directory walked in sorted order."""
    for path in paths:
        if path == STDIN:
            yield Input(STDIN, "stdin.txt")
        elif os.path.isdir(path):
            yield from _walk_dir(path, "", globs, frozenset())
        else:
            # A file named on the command line is read whatever its name;
            # a missing one fails when it is read, in its place in the order.
            yield Input(path, os.path.basename(path.rstrip(os.sep)) or path)


def _natural(name: str) -> list[object]:
    """`p2` before `p10`: digits compare as numbers."""
    return [int(part) if part.isdigit() else part for part in re.split(r"(\d+)", name)]


def expand_pages(paths: Iterable[str]) -> Iterator[Input]:
    """`--pages`: files named together are the pages of one license, in the
    order given; each folder of scans (walked recursively) is one license,
    its pages in natural order."""
    files = [p for p in paths if not os.path.isdir(p)]
    if files:
        yield Input(files[0], os.path.basename(files[0]), pages=tuple(files))
    for root in (p for p in paths if os.path.isdir(p)):
        for folder, dirs, names in os.walk(root, followlinks=False):
            dirs.sort(key=_natural)
            scans = sorted((n for n in names if is_scan(n)), key=_natural)
            if scans:
                rel = os.path.relpath(folder, root)
                rel = os.path.basename(os.path.normpath(root)) if rel == "." else rel
                pages = tuple(os.path.join(folder, n) for n in scans)
                yield Input(folder, rel, pages=pages)
