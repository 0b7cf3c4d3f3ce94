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
from collections import Counter
from collections.abc import Iterable, Iterator
from typing import NamedTuple

from ..errors import LicparseError, ReadError
from ..scan import SCAN_GLOBS, is_scan

# Scans are taken too: without the OCR extra they are reported as needing it,
# never skipped in silence.
DEFAULT_GLOBS = ("*.txt", "*.md", *SCAN_GLOBS)
STDIN = "-"


class Input(NamedTuple):
    """One thing to parse."""

    path: str  # as the user would name it; `-` for standard input
    # Its output's path under --output-dir, relative and without `.json`:
    # `a/b.txt` → `a/b` (see `output_names`).
    rel: str
    error: LicparseError | None = None  # a problem found while walking
    pages: tuple[str, ...] = ()  # with --pages: the scan files that are its pages
    # Standard input's bytes, read by the main process so that a worker (or
    # another machine) can parse them.
    data: bytes | None = None


def matches(name: str, globs: tuple[str, ...]) -> bool:
    # Case-insensitive on every system: `A.TXT` and `b.Txt` are text files too.
    folded = name.lower()
    return any(fnmatch.fnmatchcase(folded, g.lower()) for g in globs)


def output_name(name: str) -> str:
    """A file's name without its extension: `a.txt` → `a` (`.hidden` stays)."""
    stem, dot, _ = name.rpartition(".")
    return stem if dot and stem else name


def output_names(
    names: list[str], proposed: list[str] | None = None, folders: frozenset[str] = frozenset()
) -> list[str]:
    """Output names for the files of one folder, one per name, all different.

    `a.txt` → `a`; but names whose outputs would clash keep their extension
    (`a.txt` and `a.pdf`, a scan beside its OCR text, give `a.txt` and
    `a.pdf`). Only the folder's own listing decides, so a folder always maps
    the same way and a resumed run finds its outputs. `proposed` gives other
    first choices (a directory keeps its whole name); `folders` are the
    folder's subfolders, whose outputs go into a folder of the same name: a
    file `a.txt` beside a folder `a.json` writes `a.txt.json`.
    """
    out = list(proposed) if proposed is not None else [output_name(n) for n in names]
    while True:
        counts = Counter(out)
        clashing = [
            i
            for i, o in enumerate(out)
            if (counts[o] > 1 or f"{o}.json" in folders) and o != names[i]
        ]
        if not clashing:
            return out
        for i in clashing:
            out[i] = names[i]


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
    dirs = [_is_dir(entry) for entry in entries]
    files = [e.name for e, d in zip(entries, dirs, strict=True) if not d and matches(e.name, globs)]
    folders = frozenset(e.name for e, d in zip(entries, dirs, strict=True) if d)
    renamed = dict(zip(files, output_names(files, folders=folders), strict=True))
    for entry, is_dir in zip(entries, dirs, strict=True):
        path = os.path.join(root, entry.name)
        if is_dir:
            child_rel = os.path.join(rel, entry.name) if rel else entry.name
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
        elif (name := renamed.get(entry.name)) is not None:
            child_rel = os.path.join(rel, name) if rel else name
            yield Input(path, child_rel, _not_a_file(entry, path))


def _is_dir(entry: os.DirEntry[str]) -> bool:
    try:
        return entry.is_dir()  # follows symlinks
    except OSError:
        return False


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
    """Inputs in argument order; each directory walked in sorted order.

    One directory's outputs go straight under --output-dir; with several
    arguments, each directory's go under its own name, as `cp -r` copies.
    """
    paths = list(paths)
    names, _ = argument_names(paths)
    for path, name in zip(paths, names, strict=True):
        if path == STDIN:
            yield Input(STDIN, name)
        elif os.path.isdir(path):
            yield from _walk_dir(path, name if len(paths) > 1 else "", globs, frozenset())
        else:
            # A file named on the command line is read whatever its name;
            # a missing one fails when it is read, in its place in the order.
            yield Input(path, name)


def argument_names(paths: list[str]) -> tuple[list[str], list[tuple[str, str]]]:
    """Each argument's output name, and the pairs of arguments whose outputs
    would still be the same (`a/x.txt` and `b/x.txt`): those cannot both be
    written under one output directory."""
    bases = ["stdin" if p == STDIN else _dir_name(p) for p in paths]
    proposed = [
        base if p != STDIN and os.path.isdir(p) else output_name(base)
        for p, base in zip(paths, bases, strict=True)
    ]
    names = output_names(bases, proposed)
    first: dict[str, str] = {}
    clashes = []
    for path, name in zip(paths, names, strict=True):
        if name in first:
            clashes.append((first[name], path))
        else:
            first[name] = path
    return names, clashes


def _natural(name: str) -> list[object]:
    """`p2` before `p10`: digits compare as numbers."""
    return [int(part) if part.isdigit() else part for part in re.split(r"([0-9]+)", name)]


def expand_pages(paths: Iterable[str]) -> Iterator[Input]:
    """`--pages`: files named together are the pages of one license, in the
    order given; each folder of scans (walked recursively) is one license,
    its pages in natural order. With several folders, each one's outputs go
    under its own name, as `expand` does."""
    paths = list(paths)
    files = [p for p in paths if not os.path.isdir(p)]
    if files:
        yield Input(files[0], output_name(os.path.basename(files[0])), pages=tuple(files))
    roots = [p for p in paths if os.path.isdir(p)]
    for root in roots:
        name = _dir_name(root)
        for folder, dirs, names in os.walk(root, followlinks=False):
            dirs.sort(key=_natural)
            scans = sorted((n for n in names if is_scan(n)), key=_natural)
            if scans:
                rel = os.path.relpath(folder, root)
                if rel == ".":
                    rel = name
                elif len(roots) > 1:
                    rel = os.path.join(name, rel)
                pages = tuple(os.path.join(folder, n) for n in scans)
                yield Input(folder, rel, pages=pages)


def page_folder_clashes(paths: list[str]) -> list[tuple[str, str]]:
    """Pairs of `--pages` inputs (folders, and the files named together) whose
    outputs would go under one name."""
    first: dict[str, str] = {}
    clashes = []
    # The files named together are one license named after the first file
    # (`expand_pages`): `x.png` and a folder `x/` would share `x.json`.
    files = [p for p in paths if not os.path.isdir(p)]
    if files:
        first[output_name(os.path.basename(files[0]))] = files[0]
    for root in (p for p in paths if os.path.isdir(p)):
        name = _dir_name(root)
        if name in first:
            clashes.append((first[name], root))
        else:
            first[name] = root
    return clashes


def _dir_name(path: str) -> str:
    return os.path.basename(os.path.abspath(path)) or "input"
