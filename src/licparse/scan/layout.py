"""Recognised text boxes → lines of text in reading order.

Pure geometry on what the OCR engine returned (four corner points, the text,
a confidence per box), so it can be tested and measured on stored engine
output without running the engine.
"""

from __future__ import annotations

from collections.abc import Sequence

from ..chars import HAN_CHAR

Box = tuple[Sequence[Sequence[float]], str, float]  # corners, text, confidence


def lines_from_boxes(boxes: Sequence[Box]) -> list[str]:
    """Text lines top to bottom, each left to right."""
    return reading_order(boxes)[0]


def reading_order(boxes: Sequence[Box]) -> tuple[list[str], float, int]:
    """The lines, and the mean confidence and Chinese-character count, which
    judge an orientation."""
    placed = []
    for box, text, score in boxes:
        ys = [float(p[1]) for p in box]
        xs = [float(p[0]) for p in box]
        placed.append((min(ys), max(ys), min(xs), text, float(score)))
    placed.sort()
    rows: list[list[tuple[float, float, float, str, float]]] = []
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
    return lines, score, len(HAN_CHAR().findall("".join(lines)))
