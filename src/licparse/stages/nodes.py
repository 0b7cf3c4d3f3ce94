"""A clause as the clause stages build it, before it becomes the contract's model."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(slots=True)  # one per clause: slots make it and its reads cheaper
class Node:
    level: int
    number: int
    label: str
    parts: list[tuple[int, str]]  # (line no, text) of the clause's own text
    first_line: int
    children: list[Node] = field(default_factory=list)
    last_line: int = 0
