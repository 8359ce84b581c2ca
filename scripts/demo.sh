#!/usr/bin/env bash
# Set up, then run the bundled examples end to end (outcome, letters, claim) into ./demo-output.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
.venv/bin/vpt demo --out demo-output "$@"
