"""Text from a scan or a file name made safe for a terminal."""

from __future__ import annotations

import re

# C0/C1 controls (escape sequences start with one), DEL, and the invisible
# direction marks and overrides that can reorder what a terminal shows.
UNSAFE = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u200b-\u200f\u2028-\u202e\u2060-\u2069\ufeff]")


def safe(text: str | None) -> str:
    """`text` with every control or direction character shown as its escape."""
    if text is None:
        return "—"
    return UNSAFE.sub(lambda m: m.group().encode("unicode_escape").decode("ascii"), text)


def err(message: str) -> None:
    """A message on stderr, as licparse's. A file name or a message quoting
    one may hold escape sequences: shown escaped, they cannot restyle or
    move the terminal."""
    import click

    click.echo(f"licparse: {safe(message)}", err=True)
