"""Where the test data lives, for tests in any sub-folder."""

from pathlib import Path

TESTS = Path(__file__).resolve().parent
ROOT = TESTS.parent
CASES = TESTS / "cases"  # the YAML case tables, one file per ruleset, and _base.yaml
BAD_CASES = TESTS / "bad_cases"
SHARED_EXAMPLES = ROOT.parent / "shared" / "examples"
