"""The state one parse builds up: lines, which stage claimed each, and findings.

Every non-blank line ends up claimed by a stage (a field, boilerplate, a
service, a clause), removed as furniture, or reported in `unparsed`: that
bookkeeping is what lets licparse promise that nothing a scan said is lost.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from ..codes import NoteCode, WarningCode
from .normalize import Line, clean
from .printed import Printed


@dataclass
class Document:
    lines: list[Line]  # the non-blank lines, in order
    total: int  # how many lines the text has, blank ones too
    claims: dict[int, str] = field(default_factory=dict)  # line no → what claimed it
    # Findings as plain data: the License model validates them all in its one
    # validation, cheaper than a model each.
    warnings: list[dict[str, Any]] = field(default_factory=list)
    notes: list[dict[str, Any]] = field(default_factory=list)
    furniture: list[dict[str, Any]] = field(default_factory=list)
    field_lines: dict[str, tuple[int, int]] = field(default_factory=dict)
    # Content lines that directly follow removed furniture, and what it was
    # (`a page break`, `a watermark`): the text on both sides is joined.
    breaks_before: dict[int, str] = field(default_factory=dict)
    # First line of each section title found among the furniture:
    # `annex` (附页) and `provisions` (特别规定事项).
    titles: dict[str, int] = field(default_factory=dict)
    # Text on claimed lines that no stage read: a row of a one-line HTML
    # table beside rows that became services. Reported in `unparsed`.
    unread_pieces: list[dict[str, Any]] = field(default_factory=list)
    # The text as printed, where glyphs were read as simplified to parse it:
    # the values are given back their printed characters (`printed`).
    printed: Printed | None = None

    def claim(self, lines: list[Line], role: str) -> None:
        for line in lines:
            self.claims[line.no] = role

    def claim_line(self, no: int, role: str) -> None:
        """One line (the clause and furniture stages claim line by line)."""
        self.claims[no] = role

    def replace_line(self, index: int, line: Line) -> None:
        """A line cut short (a watermark read into its end), at its index in `lines`."""
        self.lines[index] = line

    def found_title(self, section: str, no: int) -> None:
        """A section title among the furniture; the first one opens the section."""
        self.titles.setdefault(section, no)

    def mark_break(self, no: int, what: str) -> None:
        """Line `no` directly follows removed furniture (`a page break`, `a watermark`)."""
        self.breaks_before[no] = what

    def add_furniture(self, kind: str, text: str, nos: list[int]) -> None:
        self.furniture.append({"kind": kind, "text": text, "lines": nos})

    def claim_field(self, name: str, lines: list[Line]) -> None:
        if not lines:
            return
        self.claim(lines, name)
        first, last = self.field_lines.get(name, (lines[0].no, lines[-1].no))
        self.field_lines[name] = (min(first, lines[0].no), max(last, lines[-1].no))

    def unread(self, text: str, lines: list[Line]) -> None:
        """Report a piece of claimed lines as unparsed (whole lines report themselves)."""
        self.unread_pieces.append({"text": clean(text), "lines": [line.no for line in lines]})

    def warn(self, code: WarningCode, message: str, line: int | None = None) -> None:
        self.warnings.append({"code": code, "message": message, "line": line})

    def note(self, code: NoteCode, message: str, line: int | None = None) -> None:
        self.notes.append({"code": code, "message": message, "line": line})

    def unparsed(self) -> list[dict[str, Any]]:
        """Unclaimed lines in stretches, split wherever claimed text intervenes,
        with the unread pieces of claimed lines in their place."""
        stretches: list[list[Line]] = []
        current: list[Line] = []
        for line in self.lines:
            if line.no in self.claims:
                if current:
                    stretches.append(current)
                    current = []
                continue
            current.append(line)
        if current:
            stretches.append(current)
        # Unparsed lines are kept one per line: they are separate lines of the
        # scan, not one wrapped sentence.
        unparsed: list[dict[str, Any]] = [
            {
                "text": "\n".join(clean(line.text) for line in stretch),
                "lines": [line.no for line in stretch],
            }
            for stretch in stretches
        ]
        if self.unread_pieces:
            unparsed = sorted(unparsed + self.unread_pieces, key=lambda u: u["lines"][0])
        return unparsed

    def sorted_warnings(self) -> list[dict[str, Any]]:
        """The warnings in line order, those of no line last."""
        return sorted(self.warnings, key=lambda w: (w["line"] is None, w["line"] or 0))
