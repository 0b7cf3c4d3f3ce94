"""The review pages' templates, stylesheet and scripts, and the policy that
lets exactly these inline ones run and nothing be loaded from elsewhere."""

from __future__ import annotations

import base64
import functools
import hashlib
from importlib.resources import files
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from jinja2 import Environment

# Page images are embedded (`data:`) or files beside the page (`file:`, as
# a page opened from a disk loads them); never from a network.
CSP_IMAGES = "data: file:"


@functools.cache
def asset(name: str) -> str:
    return (files(__package__) / name).read_text(encoding="utf-8")


@functools.cache
def environment() -> Environment:
    # Imported here: only a run that writes pages pays for Jinja2.
    from jinja2 import DictLoader, Environment, StrictUndefined

    templates = {name: asset(name) for name in ("base.html", "page.html", "index.html")}
    return Environment(
        loader=DictLoader(templates),
        autoescape=True,
        undefined=StrictUndefined,
        trim_blocks=False,
    )


def _digest(text: str) -> str:
    return "'sha256-" + base64.b64encode(hashlib.sha256(text.encode()).digest()).decode() + "'"


@functools.cache
def policy(style: str, script: str, *, images: str) -> str:
    """A Content Security Policy that allows the one inline stylesheet and
    script (by hash), images only from `images`, and nothing else."""
    return (
        f"default-src 'none'; style-src {_digest(asset(style))}; "
        f"script-src {_digest(asset(script))}; img-src {images}; "
        "base-uri 'none'; form-action 'none'"
    )
