"""Recognised text boxes → lines of text in reading order.

Pure geometry on what the OCR engine returned (four corner points, the text,
a confidence per box), so it can be tested and measured on stored engine
output without running the engine.

A page scanned or photographed a degree or two off level tilts every line:
across an A4 page a 1.5° tilt moves a line's end by most of a line height, so
grouping boxes by their page coordinates joins a paragraph's short last line
to the next line (a clause's tail after the next clause's label). The boxes'
own top edges tell the tilt; boxes are grouped after turning their centres
back by it.
"""

from __future__ import annotations

import math
import statistics
from collections.abc import Sequence

from ..chars import HAN_CHAR

Box = tuple[Sequence[Sequence[float]], str, float]  # corners, text, confidence

# Only boxes this much wider than tall say which way a line runs: a box of a
# character or two is too short for its top edge to give an angle.
MIN_ASPECT_FOR_SKEW = 3.0
# A tilt smaller than this is left alone (grouping is exact without it), a
# larger one is not a scan's tilt but a page that must be turned.
MIN_SKEW, MAX_SKEW = math.radians(0.1), math.radians(10)


def lines_from_boxes(boxes: Sequence[Box]) -> list[str]:
    """Text lines top to bottom, each left to right."""
    return reading_order(boxes)[0]


def skew(boxes: Sequence[Box]) -> float:
    """The page's tilt in radians (positive: lines run down to the right),
    the median angle of the top edges of the long boxes; 0 if none tells."""
    angles = []
    for corners, _, _ in boxes:
        (x0, y0), (x1, y1) = corners[0][:2], corners[1][:2]
        width = math.hypot(x1 - x0, y1 - y0)
        height = math.hypot(corners[3][0] - x0, corners[3][1] - y0)
        if height > 0 and width >= MIN_ASPECT_FOR_SKEW * height and x1 > x0:
            angles.append(math.atan2(y1 - y0, x1 - x0))
    if not angles:
        return 0.0
    angle = statistics.median(angles)
    return angle if MIN_SKEW <= abs(angle) <= MAX_SKEW else 0.0


Rect = tuple[float, float, float, float]  # left, top, right, bottom on the page image


def reading_order(boxes: Sequence[Box]) -> tuple[list[str], float, int, list[Rect]]:
    """The lines, the mean confidence and Chinese-character count, which
    judge an orientation, and each line's rectangle on the page (for a
    review page to draw over the scan)."""
    angle = skew(boxes)
    cos, sin = math.cos(-angle), math.sin(-angle)
    placed = []
    for box, text, score in boxes:
        # Turned back by the tilt: a line's boxes share one height again.
        points = [(p[0] * cos - p[1] * sin, p[0] * sin + p[1] * cos) for p in box]
        ys = [y for _, y in points]
        xs = [x for x, _ in points]
        placed.append((min(ys), max(ys), min(xs), text, float(score), box))
    placed.sort(key=lambda item: item[:3])
    rows: list[list[tuple[float, float, float, str, float, Sequence[Sequence[float]]]]] = []
    for item in placed:
        top, bottom = item[0], item[1]
        if rows:
            last = rows[-1][-1]
            # Same row when the vertical centres are closer than half a height.
            if abs((top + bottom) / 2 - (last[0] + last[1]) / 2) < (bottom - top) / 2:
                rows[-1].append(item)
                continue
        rows.append([item])
    lines = [" ".join(b[3] for b in sorted(row, key=lambda b: b[2])) for row in rows]
    chars = sum(len(b[3]) for b in placed)
    score = sum(len(b[3]) * b[4] for b in placed) / chars if chars else 0.0
    rects = []
    for row in rows:
        xs = [p[0] for b in row for p in b[5]]
        ys = [p[1] for b in row for p in b[5]]
        rects.append((min(xs), min(ys), max(xs), max(ys)))
    return lines, score, len(HAN_CHAR().findall("".join(lines))), rects
