"""Every fixture's output equals its golden JSON, compared whole."""

from __future__ import annotations

import pytest

from .golden import actual, dump, expected, fixture_names


@pytest.mark.parametrize("name", fixture_names())
def test_golden(name: str) -> None:
    # Compare the JSON text, so a failure shows the differing lines by number.
    assert dump(actual(name)) == dump(expected(name))
