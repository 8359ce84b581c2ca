"""Load on the HTTP API (issue 15): POST /api/v1/evaluate and the register's list, as systems would call them.

Run by benchmarks/load/run.sh against a server on 127.0.0.1 only; the key and the case come from the
environment (VPT_LOAD_KEY, VPT_LOAD_CASE).
"""

from __future__ import annotations

import json
import os

from locust import FastHttpUser, between, task

CASE = json.load(open(os.environ["VPT_LOAD_CASE"], encoding="utf-8"))  # written by run.sh from the example


class System(FastHttpUser):
    """A case-management system: mostly evaluations, now and then the list of what is due."""

    wait_time = between(0, 0.01)

    # FastHttpUser (geventhttpclient): the load generator shares the two cores with the server, so it should
    # take as little of them as it can.
    headers = {"Authorization": f"Bearer {os.environ['VPT_LOAD_KEY']}"}

    @task(4)
    def evaluate(self) -> None:
        self.client.post("/api/v1/evaluate", json=CASE, headers=self.headers, name="POST /api/v1/evaluate")

    @task(1)
    def list_cases(self) -> None:
        self.client.get("/api/v1/cases?due_within_hours=48", headers=self.headers, name="GET /api/v1/cases")
