#!/usr/bin/env bash
# Load test of the HTTP API: `vpt serve --workers 2` on a throwaway register, locust headless with 32
# users for a bounded time, against 127.0.0.1 only. Needs locust (pip install locust; not a dependency of
# vpt-rules). Writes benchmarks/load/results-<database>.csv and prints the summary.
#   bash benchmarks/load/run.sh [SECONDS]                         SQLite, in a temporary folder
#   .venv/bin/python benchmarks/load/with_postgres.py bash benchmarks/load/run.sh 30 postgresql
set -euo pipefail
cd "$(dirname "$0")/../.."
SECONDS_RUN=${1:-30}
DATABASE=${2:-sqlite}
LOCUST=${LOCUST:-$( [ -x .venv/bin/locust ] && echo .venv/bin/locust || echo locust )}
WORK=$(mktemp -d)
trap 'kill $SERVER 2>/dev/null || true; rm -rf "$WORK"' EXIT
if [ "$DATABASE" = sqlite ]; then export VPT_DATABASE_URL="sqlite:///$WORK/register.sqlite3"; fi
: "${VPT_DATABASE_URL:?run it through benchmarks/load/with_postgres.py for PostgreSQL}"
.venv/bin/vpt admin create-organisation "Load" >/dev/null
export VPT_LOAD_KEY=$(.venv/bin/vpt admin create-api-key --organisation "Load" --name locust)
.venv/bin/python -c "import json, yaml; print(json.dumps(yaml.safe_load(open('vpt_rules/examples/counter_threat.yaml', encoding='utf-8')), default=str))" > "$WORK/case.json"
export VPT_LOAD_CASE="$WORK/case.json"
.venv/bin/vpt serve --host 127.0.0.1 --port 8799 --workers 2 2>"$WORK/serve.log" &
SERVER=$!
for _ in $(seq 1 50); do curl -fs http://127.0.0.1:8799/api/v1/openapi.json >/dev/null && break; sleep 0.2; done
for i in $(seq 1 20); do  # a few registered cases, so that the list has work to do
  .venv/bin/python - "$i" <<'PY'
import json, os, sys, urllib.request
case = json.load(open(os.environ["VPT_LOAD_CASE"], encoding="utf-8"))
case["case_id"] = f"LOAD-{sys.argv[1]}"
request = urllib.request.Request("http://127.0.0.1:8799/api/v1/cases", data=json.dumps(case, default=str).encode(),
                                 headers={"Authorization": "Bearer " + os.environ["VPT_LOAD_KEY"],
                                          "Content-Type": "application/json"})
urllib.request.urlopen(request).read()
PY
done
"$LOCUST" -f benchmarks/load/locustfile.py --headless --host http://127.0.0.1:8799 -u 32 -r 32 \
  --run-time "${SECONDS_RUN}s" --only-summary --csv "$WORK/results" 2>&1 | tail -15
cp "$WORK/results_stats.csv" "benchmarks/load/results-$DATABASE.csv"
