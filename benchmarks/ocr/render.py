"""Lay a license out as A4 page images, like the paper license a user scans.

`render_license(lic, rng)` → `Rendered`: page images (grayscale), each page's
printed lines (what a perfect OCR would read, a row's pieces joined by a space),
the regions a seal likes to cover, and the layout choices made. The pages:

- cover: title, 经营许可证编号, the grant sentence, 公司名称, 法定代表人, the
  业务种类 block (`见附页`, or the services themselves), 发证机关, 发证日期, 有效期至;
- annex (附页) pages: number header, annex title, intro, one entry per service;
- provisions pages: number header, `特别规定事项`, intro, the clauses.

Text wraps at the page's width (30–40 CJK characters), continuation lines flat,
indented, or hanging under the text after the label; a page break falls where
it falls, mid-clause included. Some licenses carry page numbers, some a
`仅供…使用，他用无效` watermark line. Fonts are the system's CJK fonts
(Debian fonts-noto-cjk, fonts-wqy-microhei, fonts-wqy-zenhei,
fonts-arphic-ukai, fonts-arphic-uming).
"""

from __future__ import annotations

import dataclasses
import functools
import random
from typing import Any

from PIL import Image, ImageDraw, ImageFont

try:
    from . import licenses as L
except ImportError:  # run as a script from this folder
    import licenses as L  # type: ignore[no-redef]

FONTS = {
    "Noto Serif CJK SC": ("/usr/share/fonts/opentype/noto/NotoSerifCJK-Regular.ttc", 2),
    "Noto Sans CJK SC": ("/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc", 2),
    "WenQuanYi Micro Hei": ("/usr/share/fonts/truetype/wqy/wqy-microhei.ttc", 0),
    "WenQuanYi Zen Hei": ("/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc", 0),
    "AR PL UKai CN": ("/usr/share/fonts/truetype/arphic/ukai.ttc", 0),
    "AR PL UMing CN": ("/usr/share/fonts/truetype/arphic/uming.ttc", 0),
}
CLOSING = set("，。、；：）》」』”！？,.;:)")


@functools.cache
def font(name: str, size: int) -> ImageFont.FreeTypeFont:
    path, index = FONTS[name]
    return ImageFont.truetype(path, size, index=index)


@dataclasses.dataclass
class Rendered:
    pages: list[Image.Image]
    lines: list[list[str]]  # per page, the printed rows
    regions: list[dict[str, tuple[int, int, int, int]]]  # per page: name → box
    layout: dict[str, Any]


class Page:
    def __init__(self, w: int, h: int, ink: int, paper: int) -> None:
        self.image = Image.new("L", (w, h), paper)
        self.draw = ImageDraw.Draw(self.image)
        self.ink = ink
        self.rows: list[tuple[int, list[tuple[int, str]]]] = []  # y, [(x, text)]
        self.regions: dict[str, tuple[int, int, int, int]] = {}

    def put(
        self, x: int, y: int, text: str, f: ImageFont.FreeTypeFont, fill: int | None = None
    ) -> tuple[int, int, int, int]:
        self.draw.text((x, y), text, font=f, fill=self.ink if fill is None else fill)
        for row in self.rows:
            if row[0] == y:
                row[1].append((x, text))
                break
        else:
            self.rows.append((y, [(x, text)]))
        return (x, y, x + int(f.getlength(text)), y + f.size)

    def text_lines(self) -> list[str]:
        return [
            " ".join(t for _, t in sorted(parts))
            for _, parts in sorted(self.rows, key=lambda r: r[0])
        ]


def wrap(text: str, f: ImageFont.FreeTypeFont, first: int, rest: int, kinsoku: bool) -> list[str]:
    """Greedy wrap by measured width; first line `first` px wide, later ones `rest`."""
    lines: list[str] = []
    current = ""
    width = first
    for ch in text:
        if current and f.getlength(current + ch) > width:
            if kinsoku and ch in CLOSING:  # punctuation hangs at the line end
                current += ch
                continue
            lines.append(current)
            current, width = "", rest
        current += ch
    if current:
        lines.append(current)
    return lines


def render_license(lic: L.License, rng: random.Random, font_name: str | None = None) -> Rendered:
    font_name = font_name or rng.choice(sorted(FONTS))
    dpi = rng.choice((150, 150, 150, 175, 200))
    W, H = round(8.27 * dpi), round(11.69 * dpi)
    margin_x = round(W * rng.uniform(0.09, 0.13))
    top, bottom = round(H * rng.uniform(0.06, 0.09)), H - round(H * rng.uniform(0.07, 0.09))
    cpl = rng.randrange(30, 41)
    text_w = W - 2 * margin_x
    size = int(text_w / cpl)
    body = font(font_name, size)
    big = font(font_name, int(size * rng.uniform(1.4, 1.8)))
    mid = font(font_name, int(size * rng.uniform(1.1, 1.3)))
    lh = int(size * rng.uniform(1.35, 1.7))
    indent = rng.choice(("para", "hang", "flat"))
    kinsoku = rng.random() < 0.7
    numbering = rng.choice((None, None, "- {n} -", "第 {n} 页", "{n}/{N}"))
    watermark = (
        rng.choice(
            (
                "仅供{}资质审核使用，他用无效",
                "仅供{}办理业务使用，他用无效",
                "仅供{}投标使用，他用无效",
            )
        ).format(lic.company)
        if rng.random() < 0.25
        else None
    )
    ink, paper = rng.randrange(0, 60), rng.randrange(238, 256)
    header = rng.choice(("经营许可证编号：{}", "经营许可证编号：{}", "经营许可证编号： {}")).format(
        lic.number
    )
    header_align = rng.choice(("left", "right", "center"))
    layout = {
        "font": font_name,
        "dpi": dpi,
        "size": [W, H],
        "chars_per_line": cpl,
        "font_px": size,
        "line_height": lh,
        "indent": indent,
        "kinsoku": kinsoku,
        "page_numbers": numbering,
        "watermark": watermark,
        "header_align": header_align,
    }

    pages: list[Page] = []

    def new_page() -> Page:
        p = Page(W, H, ink, paper)
        pages.append(p)
        return p

    def centered(
        p: Page, y: int, text: str, f: ImageFont.FreeTypeFont
    ) -> tuple[int, int, int, int]:
        return p.put((W - int(f.getlength(text))) // 2, y, text, f)

    def aligned(p: Page, y: int, text: str, f: ImageFont.FreeTypeFont, how: str) -> None:
        w = int(f.getlength(text))
        x = margin_x if how == "left" else W - margin_x - w if how == "right" else (W - w) // 2
        p.put(x, y, text, f)

    def paragraph(
        p: Page, y: int, label: str, text: str, extra: int = 0, furniture: Any = None
    ) -> tuple[Page, int]:
        """Wrap label+text from y; on overflow start a new page via furniture()."""
        full = label + text
        if indent == "para":
            first_x, rest_x = margin_x + 2 * size, margin_x
        elif indent == "hang":
            first_x, rest_x = margin_x, margin_x + int(body.getlength(label)) if label else margin_x
        else:
            first_x, rest_x = margin_x, margin_x
        first_x += extra
        rest_x += extra
        lines = wrap(full, body, W - margin_x - first_x, W - margin_x - rest_x, kinsoku)
        for i, line in enumerate(lines):
            if y + lh > bottom and furniture:
                p, y = furniture()
            p.put(first_x if i == 0 else rest_x, y, line, body)
            y += lh
        return p, y

    # ---- cover
    p = new_page()
    y = top + lh
    if cpl >= 36 and rng.random() < 0.5:
        centered(p, y, L.TITLE, big)
        y += int(big.size * 1.8)
    else:
        centered(p, y, "中华人民共和国", big)
        y += int(big.size * 1.4)
        centered(p, y, "增值电信业务经营许可证", big)
        y += int(big.size * 1.8)
    aligned(p, y, f"经营许可证编号：{lic.number}", body, rng.choice(("center", "left")))
    y += 2 * lh
    p, y = paragraph(p, y, "", L.GRANT)
    y += lh
    label_x = margin_x + rng.choice((0, 2 * size))
    value_x = label_x + int(body.getlength("法定代表人：")) + rng.choice((0, size))
    for label, value in (("公司名称：", lic.company), ("法定代表人：", lic.representative)):
        p.put(label_x, y, label, body)
        box = p.put(value_x, y, value, body)
        p.regions.setdefault("fields", box)
        y += int(lh * 1.5)
    if lic.cover_services:
        for line in lic.cover_services:
            for k, part in enumerate(
                wrap(line, body, W - margin_x - label_x, W - margin_x - value_x, kinsoku)
            ):
                p.put(label_x if k == 0 else value_x, y, part, body)
                y += lh
            y += lh // 2
    elif rng.random() < 0.7:
        p.put(label_x, y, "业务种类", body)
        p.put(value_x, y, "见附页", body)
        p.put(label_x, y + lh, "(服务项目)", body)
        p.put(label_x, y + 2 * lh, "及覆盖范围:", body)
        y += 3 * lh
    else:
        p.put(label_x, y, "业务种类（服务项目）及覆盖范围：", body)
        p.put(
            label_x + int(body.getlength("业务种类（服务项目）及覆盖范围：")) + size,
            y,
            "见附页",
            body,
        )
        y += lh
    y = max(y + 2 * lh, int(H * rng.uniform(0.62, 0.70)))
    right_x = int(W * rng.uniform(0.42, 0.52))
    seal_top = y
    if lic.authority_style == "printed":
        p.put(right_x, y, f"发证机关：{lic.authority}", body)
        y += int(lh * 1.4)
    elif lic.authority_style == "blank":
        p.put(right_x, y, "发证机关（盖章）：", body)
        y += int(lh * 1.4)
    p.put(right_x, y, f"发证日期：{lic.issue_printed}", body)
    y += int(lh * 1.4)
    box = p.put(right_x, y, f"有效期至：{lic.expiry_printed}", body)
    p.regions["authority"] = (right_x, seal_top, box[2], box[3])

    # ---- furniture of the later pages
    def furniture(title: str) -> Any:
        def start() -> tuple[Page, int]:
            q = new_page()
            yy = top
            aligned(q, yy, header, body, header_align)
            yy += int(lh * 1.6)
            for t in title.split("\n"):
                centered(q, yy, t, mid)
                yy += int(mid.size * 1.6)
            yy += lh // 2
            q.regions["body_top"] = (margin_x, yy, W - margin_x, yy)
            return q, yy

        return start

    if lic.annex:
        annex_title = f"{L.TITLE}（附页）"
        if mid.getlength(annex_title) > text_w:
            annex_title = f"{L.TITLE}\n（附页）"
        start = furniture(annex_title)
        p, y = start()
        p, y = paragraph(p, y, "", L.annex_intro(lic), furniture=start)
        y += lh // 2
        for entry in lic.annex:
            for line in entry:
                p, y = paragraph(
                    p, y, "", line, extra=-2 * size if indent == "para" else 0, furniture=start
                )
            y += lh // 2

    start = furniture("特别规定事项")
    p, y = start()
    p, y = paragraph(p, y, "", L.provisions_intro(lic), furniture=start)
    for _level, label, text in L.flat_clauses(lic.provisions):
        p, y = paragraph(p, y, label, text, furniture=start)
    # a region of clause text for seals on provisions pages
    for q in pages[1:]:
        q.regions["body"] = (margin_x, top + 3 * lh, W - margin_x, bottom - 2 * lh)

    n_pages = len(pages)
    for n, q in enumerate(pages, 1):
        if watermark and (n > 1 or rng.random() < 0.5):
            gray = rng.randrange(90, 170)
            yy = bottom + lh // 4 if not numbering else bottom - lh // 2
            q.put(
                (W - int(body.getlength(watermark))) // 2,
                min(yy, H - 2 * lh),
                watermark,
                body,
                fill=gray,
            )
        if numbering and n > 1:
            q.put(W // 2 - size, H - int(1.4 * lh), numbering.format(n=n, N=n_pages), body)
    return Rendered(
        pages=[q.image for q in pages],
        lines=[q.text_lines() for q in pages],
        regions=[q.regions for q in pages],
        layout=layout,
    )


if __name__ == "__main__":
    import sys

    rng = random.Random(int(sys.argv[1]) if len(sys.argv) > 1 else 1)
    lic = L.make_license(rng)
    r = render_license(lic, rng)
    for i, (img, lines) in enumerate(zip(r.pages, r.lines, strict=False)):
        img.save(f"/tmp/render_{i}.png")
        print(f"--- page {i + 1}", img.size)
        print("\n".join(lines))
    print(r.layout)
