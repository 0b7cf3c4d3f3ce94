#!/usr/bin/env bash
# The long fuzz session, outside CI: the property tests of tests/test_properties.py
# (mutated seeds, every encoding, arbitrary text and bytes) at a high example
# count. Usage: tests/fuzz/long_run.sh [EXAMPLES]   (default 30000 per test)
set -euo pipefail
cd "$(dirname "$0")/../.."
LICPARSE_FUZZ_EXAMPLES="${1:-30000}" python -m pytest -q -o timeout=0 -p no:randomly \
  tests/test_properties.py --hypothesis-show-statistics
