#!/usr/bin/env bash
# Set up, then run the linter and the whole test suite.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
.venv/bin/ruff check vpt_rules tests benchmarks letter_templates
.venv/bin/python -m pytest -q "$@"
