"""Review pages: a license's source beside what licparse read, for a person
to check one against the other.

One self-contained HTML file per license (styles and scripts inline, a
Content Security Policy that allows no load from anywhere else, so it works
offline from a file system and a hostile scan cannot make it fetch or run
anything), and an index of a batch. Rendered with Jinja2, autoescaping on:
text from a scan is always text.

    page    one license's page
    index   a batch's index
    assets  the templates, the stylesheet and the scripts
"""

from .index import IndexRow, render_index
from .page import render_page

__all__ = ["IndexRow", "render_index", "render_page"]
