"""OCR boxes → lines: a page a degree or two off level keeps its lines apart."""

from __future__ import annotations

import math

from licparse.scan.layout import lines_from_boxes, skew

CHAR, HEIGHT, LEADING = 30.0, 32.0, 44.0


def tilted(
    lines: list[list[tuple[float, str]]], degrees: float
) -> list[tuple[list[list[float]], str, float]]:
    """Boxes of `lines` (each a list of (x, text) boxes), the page turned by `degrees`."""
    a = math.radians(degrees)
    boxes = []
    for row, pieces in enumerate(lines):
        top = 100 + row * LEADING
        for x, text in pieces:
            w = CHAR * len(text)
            corners = [(x, top), (x + w, top), (x + w, top + HEIGHT), (x, top + HEIGHT)]
            turned = [
                [px * math.cos(a) - py * math.sin(a), px * math.sin(a) + py * math.cos(a)]
                for px, py in corners
            ]
            boxes.append((turned, text, 0.99))
    return boxes


def chunks(x: float, text: str, n: int = 6) -> list[tuple[float, str]]:
    """A line as the engine gives it: several boxes of a few characters."""
    return [(x + i * CHAR, text[i : i + n]) for i in range(0, len(text), n)]


# A paragraph's short last line under a long one, then the next clause. Tilted
# 2°, the long line's right end rises by more than half a line height, and
# grouping by page coordinates put its boxes on the short line's row.
LINES = [
    "你公司应当按照电信主管部门要求建立健全网络与信息安全管理制度",
    "并落实。",
    "二、你公司应当按照许可的业务种类开展经营活动",
    "不得经营或变相经营未经许可的其他电信业务。",
]
PAGE = [
    chunks(80.0, LINES[0]),
    [(80.0, LINES[1])],
    [(80.0, "二、"), *chunks(150.0, LINES[2][2:])],
    chunks(80.0, LINES[3]),
]


def test_a_tilted_page_keeps_its_lines() -> None:
    for degrees in (-2.5, -2.0, -1.2, 0.0, 1.2, 2.0, 2.5):
        lines = lines_from_boxes(tilted(PAGE, degrees))
        assert [line.replace(" ", "") for line in lines] == LINES, degrees


def test_the_tilt_is_read_from_the_long_boxes() -> None:
    assert math.degrees(skew(tilted(PAGE, 1.5))) == __import__("pytest").approx(1.5, abs=0.01)
    assert skew(tilted(PAGE, 0.0)) == 0.0
    # A page on its side is for the orientation check, not a tilt to undo.
    assert skew(tilted(PAGE, 30.0)) == 0.0
