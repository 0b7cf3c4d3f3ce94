"""The state one parse builds up: lines, which stage claimed each, and findings.

Every non-blank line ends up claimed by a stage (a field, boilerplate, a
service, a clause), removed as furniture, or reported in `unparsed`: that
bookkeeping is what lets licparse promise that nothing a scan said is lost.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from .normalize import Line, clean


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

    def claim(self, lines: list[Line], role: str) -> None:
        # The stages that claim line after line (clauses, furniture) write to
        # `claims` directly: a call and a list per line cost more than the rest.
        for line in lines:
            self.claims[line.no] = role

    def claim_field(self, name: str, lines: list[Line]) -> None:
        if not lines:
            return
        self.claim(lines, name)
        first, last = self.field_lines.get(name, (lines[0].no, lines[-1].no))
        self.field_lines[name] = (min(first, lines[0].no), max(last, lines[-1].no))

    def unread(self, text: str, lines: list[Line]) -> None:
        """Report a piece of claimed lines as unparsed (whole lines report themselves)."""
        self.unread_pieces.append({"text": clean(text), "lines": [line.no for line in lines]})

    def warn(self, code: str, message: str, line: int | None = None) -> None:
        self.warnings.append({"code": code, "message": message, "line": line})

    def note(self, code: str, message: str, line: int | None = None) -> None:
        self.notes.append({"code": code, "message": message, "line": line})
