"""The command line: reads arguments, calls the library, renders. No parsing here.

main      the `licparse` command and `licparse schema`
options   the options, grouped as decorators
settings  the options read into one value, with the checks that they fit together
stream    records on standard output, whole even on Ctrl-C
view      the readable terminal view
progress  the progress bar
"""

from __future__ import annotations

from .main import main

__all__ = ["main"]
