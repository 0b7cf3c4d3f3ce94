"""Degrade page images the way scanners and phones do.

Kinds (each page gets a list of them; `clean` is the empty list):

- `rotate`: 0.5–2°, either sign (a page fed askew);
- `blur`: Gaussian, sigma 0.7–1.6 (focus, a cheap scanner);
- `speckle`: salt-and-pepper dots and a few dust blobs;
- `jpeg`: re-encoded at quality 25–50;
- `uneven_light`: a brightness gradient or vignette (a phone over a desk lamp);
- `seal`: a semi-transparent red round seal with text, over the authority and
  dates on the cover or over clause text;
- `phone`: slight perspective, uneven light and a little blur together.

`degrade_page(image, kinds, rng, regions)` returns the degraded image and the
parameters used (recorded in the corpus entry).
"""

from __future__ import annotations

import io
import math
import random
from typing import Any

import cv2
import numpy as np
from PIL import Image, ImageDraw

try:
    from .render import font
except ImportError:
    from render import font  # type: ignore[no-redef]

KINDS = ("rotate", "blur", "speckle", "jpeg", "uneven_light", "seal", "phone")


def _rotate(a: np.ndarray, angle: float, paper: int) -> np.ndarray:
    h, w = a.shape[:2]
    m = cv2.getRotationMatrix2D((w / 2, h / 2), angle, 1.0)
    border = (paper,) * (3 if a.ndim == 3 else 1)
    return cv2.warpAffine(a, m, (w, h), flags=cv2.INTER_LINEAR, borderValue=border)


def _light(a: np.ndarray, rng: random.Random) -> tuple[np.ndarray, dict[str, Any]]:
    h, w = a.shape[:2]
    yy, xx = np.mgrid[0:h, 0:w].astype(np.float32)
    if rng.random() < 0.5:
        ang = rng.uniform(0, 2 * math.pi)
        g = (xx / w - 0.5) * math.cos(ang) + (yy / h - 0.5) * math.sin(ang)
        depth = rng.uniform(0.25, 0.5)
        mult = 1 - depth * (g - g.min()) / (g.max() - g.min())
        kind = "gradient"
    else:
        cx, cy = rng.uniform(0.3, 0.7) * w, rng.uniform(0.3, 0.7) * h
        d = np.sqrt(((xx - cx) / w) ** 2 + ((yy - cy) / h) ** 2)
        depth = rng.uniform(0.3, 0.55)
        mult = 1 - depth * (d / d.max()) ** 1.5
        kind = "vignette"
    if a.ndim == 3:
        mult = mult[..., None]
    return np.clip(a.astype(np.float32) * mult, 0, 255).astype(np.uint8), {
        "light": kind,
        "depth": round(depth, 2),
    }


def _seal(
    img: Image.Image, rng: random.Random, box: tuple[int, int, int, int], text: str
) -> tuple[Image.Image, dict[str, Any]]:
    img = img.convert("RGB")
    w = img.width
    r = int(w * rng.uniform(0.09, 0.12))
    x0, y0, x1, y1 = box
    cx = rng.randint(x0, max(x0, x1)) if x1 > x0 else x0
    cy = rng.randint(y0, max(y0, y1)) if y1 > y0 else y0
    layer = Image.new("RGBA", img.size, (0, 0, 0, 0))
    d = ImageDraw.Draw(layer)
    alpha = rng.randrange(110, 200)
    red = (rng.randrange(190, 235), rng.randrange(10, 50), rng.randrange(20, 60), alpha)
    thick = max(3, r // 18)
    d.ellipse((cx - r, cy - r, cx + r, cy + r), outline=red, width=thick)
    # a five-pointed star in the middle
    s = r * 0.3
    pts = []
    for k in range(10):
        rad = s if k % 2 == 0 else s * 0.4
        a = -math.pi / 2 + k * math.pi / 5
        pts.append((cx + rad * math.cos(a), cy + rad * math.sin(a)))
    d.polygon(pts, fill=red)
    # the text along the upper arc, one glyph at a time
    fsize = max(12, int(r * 0.22))
    f = font("Noto Sans CJK SC", fsize)
    n = len(text)
    span = math.radians(min(250, 22 * n))
    for i, ch in enumerate(text):
        a = -math.pi / 2 - span / 2 + span * (i + 0.5) / n
        gx, gy = (
            cx + (r - thick - fsize * 0.75) * math.cos(a),
            cy + (r - thick - fsize * 0.75) * math.sin(a),
        )
        glyph = Image.new("RGBA", (fsize * 2, fsize * 2), (0, 0, 0, 0))
        ImageDraw.Draw(glyph).text((fsize // 2, fsize // 2), ch, font=f, fill=red)
        glyph = glyph.rotate(-math.degrees(a) - 90, resample=Image.BICUBIC)
        layer.alpha_composite(glyph, (int(gx - fsize), int(gy - fsize)))
    out = Image.alpha_composite(img.convert("RGBA"), layer).convert("RGB")
    return out, {"seal_center": [cx, cy], "seal_radius": r, "seal_alpha": alpha}


def degrade_page(
    img: Image.Image,
    kinds: list[str],
    rng: random.Random,
    regions: dict[str, tuple[int, int, int, int]],
    seal_text: str = "",
) -> tuple[Image.Image, dict[str, Any]]:
    params: dict[str, Any] = {}
    paper = int(np.array(img.convert("L"))[5:40, 5:40].mean())
    if "seal" in kinds:
        box = (
            regions.get("authority")
            or regions.get("body")
            or (img.width // 3, img.height // 3, 2 * img.width // 3, 2 * img.height // 3)
        )
        img, p = _seal(img, rng, box, seal_text)
        params.update(p)
    a = np.array(img)
    if "uneven_light" in kinds or "phone" in kinds:
        a, p = _light(a, rng)
        params.update(p)
    if "phone" in kinds:
        h, w = a.shape[:2]
        j = lambda: rng.uniform(0.005, 0.025)  # noqa: E731
        src = np.float32([[0, 0], [w, 0], [w, h], [0, h]])
        dst = np.float32(
            [
                [w * j(), h * j()],
                [w * (1 - j()), h * j()],
                [w * (1 - j()), h * (1 - j())],
                [w * j(), h * (1 - j())],
            ]
        )
        m = cv2.getPerspectiveTransform(src, dst)
        bg = rng.randrange(60, 140)
        a = cv2.warpPerspective(a, m, (w, h), borderValue=(bg,) * (3 if a.ndim == 3 else 1))
        params["perspective"] = [round(float(v), 1) for v in dst.flatten()]
    if "rotate" in kinds:
        angle = rng.uniform(0.5, 2.0) * rng.choice((-1, 1))
        a = _rotate(a, angle, paper)
        params["angle"] = round(angle, 2)
    if "blur" in kinds or "phone" in kinds:
        sigma = rng.uniform(0.7, 1.6) if "blur" in kinds else rng.uniform(0.5, 1.0)
        a = cv2.GaussianBlur(a, (0, 0), sigma)
        params["sigma"] = round(sigma, 2)
    if "speckle" in kinds:
        amount = rng.uniform(0.002, 0.01)
        nrng = np.random.default_rng(rng.randrange(1 << 30))
        mask = nrng.random(a.shape[:2])
        a = a.copy()
        a[mask < amount / 2] = 0
        a[mask > 1 - amount / 2] = 255
        for _ in range(rng.randrange(5, 40)):  # dust
            cx, cy = rng.randrange(a.shape[1]), rng.randrange(a.shape[0])
            cv2.circle(a, (cx, cy), rng.randrange(1, 4), (rng.randrange(0, 80),) * 3, -1)
        params["speckle"] = round(amount, 4)
    out = Image.fromarray(a)
    if "jpeg" in kinds:
        q = rng.randrange(25, 51)
        buf = io.BytesIO()
        out.save(buf, "JPEG", quality=q)
        out = Image.open(io.BytesIO(buf.getvalue()))
        out.load()
        params["jpeg_quality"] = q
    return out, params


# Degradation profiles per license: (weight, kinds applied to every page)
PROFILES: list[tuple[float, list[str]]] = [
    (0.30, []),
    (0.10, ["rotate"]),
    (0.06, ["blur"]),
    (0.05, ["speckle"]),
    (0.05, ["jpeg"]),
    (0.04, ["uneven_light"]),
    (0.06, ["seal"]),
    (0.06, ["phone"]),
    (0.06, ["rotate", "speckle"]),
    (0.04, ["rotate", "blur", "jpeg"]),
    (0.04, ["rotate", "seal"]),
    (0.03, ["blur", "jpeg"]),
    (0.03, ["phone", "seal"]),
    (0.03, ["rotate", "uneven_light", "speckle"]),
    (0.03, ["speckle", "jpeg", "seal"]),
    (0.02, ["rotate", "blur", "speckle", "jpeg", "seal"]),
]


def choose_profile(rng: random.Random) -> list[str]:
    total = sum(w for w, _ in PROFILES)
    x = rng.uniform(0, total)
    for w, kinds in PROFILES:
        x -= w
        if x <= 0:
            return list(kinds)
    return []


def page_kinds(profile: list[str], page: int, rng: random.Random) -> list[str]:
    """The license's kinds on one page: the seal on the cover and on some provisions pages."""
    kinds = [k for k in profile if k != "seal"]
    if "seal" in profile and (page == 0 or rng.random() < 0.35):
        kinds.append("seal")
    return kinds
