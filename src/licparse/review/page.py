"""One license's review page: the source lines (and a scan's page images
with each line's box) beside the cover fields, services, clause tree and
warnings; selecting an item highlights its lines."""

from __future__ import annotations

import base64
from collections.abc import Callable, Sequence
from html import escape
from typing import TYPE_CHECKING, Any

from .._version import __version__
from ..codes import COVER_FIELDS
from .assets import CSP_IMAGES, asset, environment, policy

if TYPE_CHECKING:
    from markupsafe import Markup

    from ..models import Clause, License
    from ..scan import PageView

# How each line's role (`line_roles`) is shaded: the parts of a license.
KINDS = {"clause": "clause", "service": "service", "table": "service", "furniture": "furniture"}
FIELD_LABELS = {
    "license_number": "经营许可证编号",
    "company_name": "公司名称",
    "legal_representative": "法定代表人",
    "issuing_authority": "发证机关",
    "issue_date": "发证日期",
    "expiry_date": "有效期至",
}

# Where a page image comes from: embedded in the page, or a file beside it
# (given the page's number and its JPEG, it returns the `src`).
ImageSource = Callable[[int, bytes], str]


def embedded(_: int, jpeg: bytes) -> str:
    return "data:image/jpeg;base64," + base64.b64encode(jpeg).decode("ascii")


def render_page(
    lic: License,
    text: str,
    roles: dict[int, str],
    *,
    page_starts: Sequence[int] | None = None,
    views: Sequence[PageView] | None = None,
    image_src: ImageSource = embedded,
) -> str:
    """The page of `lic`, parsed from `text` whose lines played `roles`; for
    a scan, `page_starts` and the page `views` (images and line boxes)."""
    warned_lines = {w.line for w in lic.warnings if w.line is not None}
    context = {
        "version": __version__,
        "title": lic.company_name or lic.license_number or lic.source.path or "license",
        "source_path": lic.source.path,
        "sha256": lic.source.sha256,
        "encoding": lic.source.encoding,
        "source": _source(
            text,
            roles,
            warned_lines,
            page_starts or (),
            _pages(views or (), page_starts or (), image_src),
        ),
        "pages": page_starts or (),
        "fields": _fields(lic, roles, warned_lines),
        "services": [
            {**s.model_dump(), "lines": _span(*s.lines), "warned": _warned(s.lines, warned_lines)}
            for s in lic.services
        ],
        "clauses": _clauses(lic.clauses, warned_lines),
        "warnings": lic.warnings,
        "validity": lic.validity,
        "obligations": lic.obligations,
        "citations": lic.citations,
        "unparsed": lic.unparsed,
        "css": asset("review.css"),
        "js": asset("review.js"),
        "csp": policy("review.css", "review.js", images=CSP_IMAGES),
    }
    return environment().get_template("page.html").render(context)


def _source(
    text: str,
    roles: dict[int, str],
    warned: set[int],
    page_starts: Sequence[int],
    views: list[dict[str, Any]],
) -> Markup:
    """The source lines as HTML. Built here, not in the template: a license
    has a few hundred lines, and the template engine's per-value escaping
    made them two thirds of a page's cost. Every value is escaped all the same."""
    from markupsafe import Markup

    pages = {start: n for n, start in enumerate(page_starts, start=1)}
    out = []
    previous = ""  # the kind of the last line with text
    for no, line in enumerate(_lines(text), start=1):
        role = roles.get(no)
        if role is None:
            kind = "unparsed" if line.strip() else "blank"
        else:
            kind = KINDS.get(role, "field")
        if no in pages:
            out.append(f'<div class="pagebreak">page {pages[no]}</div>')
            if pages[no] <= len(views):
                out.append(_scan(pages[no], views[pages[no] - 1]))
        elif kind == "furniture" and previous not in ("", "furniture") and not pages:
            # A text input's pages show only by their furniture (a header, a
            # page number): a break is drawn where a run of it starts.
            out.append('<div class="pagebreak">page break</div>')
        if kind != "blank":
            previous = kind
        out.append(
            f'<div class="line role-{kind}{" warned" if no in warned else ""}" id="L{no}" '
            f'data-role="{escape(role or "", quote=True)}"><span class="no">{no}</span>'
            f'<span class="text">{escape(line, quote=False)}</span></div>'
        )
    return Markup("\n".join(out))


def _scan(number: int, view: dict[str, Any]) -> str:
    """A page's image with a box over each line OCR read on it."""
    if view["src"] is None:
        return f'<p class="null">page {number}: read from the PDF\'s text layer, no image</p>'
    boxes = "".join(
        f'<div class="box" data-line="{b["line"]}" '
        f'data-box="{b["left"]} {b["top"]} {b["width"]} {b["height"]}"></div>'
        for b in view["boxes"]
    )
    return (
        f'<div class="scan" data-page="{number}"><img src="{escape(view["src"])}" '
        f'width="{view["width"]}" height="{view["height"]}" alt="page {number}">{boxes}</div>'
    )


def _lines(text: str) -> list[str]:
    """The lines as the parser numbers them (an editor's numbering)."""
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    if len(lines) > 1 and lines[-1] == "":
        lines.pop()
    return lines


def _span(first: int, last: int) -> str:
    return str(first) if first == last else f"{first}-{last}"


def _warned(span: tuple[int, int], warned: set[int]) -> bool:
    return any(span[0] <= line <= span[1] for line in warned)


def _fields(lic: License, roles: dict[int, str], warned: set[int]) -> list[dict[str, Any]]:
    out = []
    for name in COVER_FIELDS:
        lines = sorted(no for no, role in roles.items() if role == name)
        span = (lines[0], lines[-1]) if lines else None
        out.append(
            {
                "name": name,
                "label": FIELD_LABELS[name],
                "value": getattr(lic, name),
                "lines": _span(*span) if span else None,
                "warned": span is not None and _warned(span, warned),
            }
        )
    return out


def _clauses(clauses: Sequence[Clause], warned: set[int]) -> Markup:
    """The clause tree as nested lists, built here for the reason `_source` is."""
    from markupsafe import Markup

    out: list[str] = []
    _tree(clauses, warned, out)
    return Markup("".join(out))


def _tree(clauses: Sequence[Clause], warned: set[int], out: list[str]) -> None:
    out.append('<ul class="clauses">')
    for c in clauses:
        own_end = c.children[0].lines[0] - 1 if c.children else c.lines[1]
        # Marked for a warning on its own lines; a child's are the child's.
        mark = ' class="warned"' if _warned((c.lines[0], max(c.lines[0], own_end)), warned) else ""
        applies = (
            f' <span class="applies">（适用于{escape(c.applies_to)}）</span>'
            if c.applies_to
            else ""
        )
        out.append(
            f'<li data-lines="{_span(*c.lines)}"{mark}><span class="clause-head">'
            f"{escape(c.label)}</span>{applies} "
            f'<span class="clause-text">{escape(c.text, quote=False)}</span>'
        )
        if c.children:
            _tree(c.children, warned, out)
        out.append("</li>")
    out.append("</ul>")


def _pages(
    views: Sequence[PageView], starts: Sequence[int], image_src: ImageSource
) -> list[dict[str, Any]]:
    pages: list[dict[str, Any]] = []
    for number, (view, start) in enumerate(zip(views, starts, strict=True), start=1):
        if view.jpeg is None:
            pages.append({"src": None})
            continue
        w, h = view.width or 1, view.height or 1
        boxes = [
            {
                "line": start + k,
                "left": round(100 * x0 / w, 3),
                "top": round(100 * y0 / h, 3),
                "width": round(100 * (x1 - x0) / w, 3),
                "height": round(100 * (y1 - y0) / h, 3),
            }
            for k, (x0, y0, x1, y1) in enumerate(view.rects)
        ]
        src = image_src(number, view.jpeg)
        pages.append({"src": src, "width": view.width, "height": view.height, "boxes": boxes})
    return pages
