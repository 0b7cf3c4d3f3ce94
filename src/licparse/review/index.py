"""A batch's index page: every input with its number, company, status,
expiry, warnings and error, sortable and filterable, linking to its page."""

from __future__ import annotations

from collections.abc import Iterable
from typing import NamedTuple

from .._version import __version__
from .assets import asset, environment, policy


class IndexRow(NamedTuple):
    path: str  # the input as shown
    href: str | None  # its page, relative to the index; None if it has none
    status: str  # parsed, failed, skipped
    number: str | None = None
    company: str | None = None
    expiry: str | None = None
    warnings: int = 0
    error: str | None = None
    validity: str | None = None  # with --as-of


def render_index(rows: Iterable[IndexRow]) -> str:
    listed = list(rows)
    context = {
        "version": __version__,
        "rows": listed,
        "with_validity": any(r.validity for r in listed),
        "css": asset("review.css"),
        "js": asset("index.js"),
        "csp": policy("review.css", "index.js", images="'none'"),
    }
    return environment().get_template("index.html").render(context)
