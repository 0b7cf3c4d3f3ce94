"""The label-damage material that the clause decoder (issue 11) is measured
against: the generator is deterministic and does what each kind says, and
every damaged fixture has its expected outline."""

from __future__ import annotations

import json
import random

import pytest

from .conftest import FIXTURES
from .damage import ALL_KINDS, damage, labels_in

SEEDS = [(FIXTURES / f"seed_00{i}.txt").read_text(encoding="utf-8") for i in (0, 2)]
DAMAGED = FIXTURES / "damage"


def test_labels_of_the_seeds() -> None:
    for text in SEEDS:
        labels = labels_in(text)
        assert len(labels) == 37
        assert [label for _, level, label in labels if level == 1][:3] == ["一、", "二、", "三、"]


@pytest.mark.parametrize("kind", ALL_KINDS)
def test_each_kind_damages_deterministically(kind: str) -> None:
    first = damage(SEEDS[0], [kind], random.Random(7))
    again = damage(SEEDS[0], [kind], random.Random(7))
    assert first == again
    assert first.text != SEEDS[0]
    lines = first.text.split("\n")
    for hit in first.hits:
        assert hit.kind == kind
        assert 1 <= hit.line <= len(lines)


def test_every_damaged_fixture_has_its_expected_outline() -> None:
    expected = json.loads((DAMAGED / "EXPECTED.json").read_text(encoding="utf-8"))["fixtures"]
    files = {path.name for path in DAMAGED.glob("*.txt")}
    assert files == set(expected)
    assert len(files) >= 25
    for name, entry in expected.items():
        assert entry["clauses"], name
        assert all(d["kind"] for d in entry["damage"]), name
