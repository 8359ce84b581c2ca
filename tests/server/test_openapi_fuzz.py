"""The API's OpenAPI document fuzzed with schemathesis (issue 13): whatever is sent, never a 5xx, and every 4xx
is an RFC 9457 problem document (``application/problem+json`` with ``status`` and ``title``).

The document exactly as ``/api/v1/openapi.json`` serves it: it describes the case file as the body of the routes
that read a case (server/openapi.py), so schemathesis sends cases too. Bounded (a few examples per operation, no
deadline) to stay well under 30 s.
"""

from __future__ import annotations

from collections import Counter
from pathlib import Path
from typing import Any

import pytest
import schemathesis
from fastapi.testclient import TestClient
from hypothesis import HealthCheck, given, settings
from hypothesis.errors import Unsatisfiable
from schemathesis import GenerationMode
from schemathesis.checks import not_a_server_error
from test_api import case_json

from vpt_rules.server import store
from vpt_rules.server.app import create_app

OPENAPI = "/api/v1/openapi.json"
CASE = "EX-GEM-2026-017"


def problem_documents(_ctx: Any, response: Any, case: Any) -> None:
    """Every 4xx is a problem document with its status and a title."""
    if 400 <= response.status_code < 500:
        content_type = response.headers.get("content-type", [""])
        content_type = content_type[0] if isinstance(content_type, list) else content_type
        assert content_type.split(";")[0].strip() == "application/problem+json", \
            f"{case.method} {case.formatted_path}: {response.status_code} answered as {content_type!r}"
        body = response.json()
        assert body.get("status") == response.status_code and body.get("title"), \
            f"{case.method} {case.formatted_path}: {response.status_code} without status/title: {body}"


def _register(tmp_path: Path) -> tuple[Any, dict[str, str]]:
    """An app on a fresh SQLite register with one organisation, its key, and the example case in it."""
    url = f"sqlite:///{tmp_path / 'register.sqlite3'}"
    sessions = store.open_store(url)
    store.create_organisation(sessions, "Gemeente Arnhem")
    headers = {"Authorization": f"Bearer {store.create_api_key(sessions, 'Gemeente Arnhem', 'fuzzer')}"}
    sessions.kw["bind"].dispose()
    app = create_app(url)
    assert TestClient(app).post("/api/v1/cases", json=case_json(), headers=headers).status_code == 201
    return app, headers


def _configure(schema: Any, headers: dict[str, str]) -> Any:
    # The key in every request, so that the fuzzer gets past the access check.
    schema.config.update(headers=headers)
    return schema


@pytest.fixture()
def served_schema(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Any:
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    app, headers = _register(tmp_path)
    return _configure(schemathesis.openapi.from_asgi(OPENAPI, app), headers)


FUZZ = settings(max_examples=8, deadline=None, derandomize=True, database=None,
                suppress_health_check=list(HealthCheck))


def _fuzz_every_operation(schema: Any, mode: GenerationMode) -> tuple[list[str], Counter[tuple[str, int]]]:
    """Each operation gets its own examples; every failing operation is reported (its shrunk request).
    An operation with nothing to get wrong (no parameters, or only free strings) has no negative examples."""
    failures: list[str] = []
    statuses: Counter[tuple[str, int]] = Counter()
    for result in schema.get_all_operations():
        operation = result.ok()
        label = f"{operation.method.upper()} {operation.path}"
        if mode is GenerationMode.NEGATIVE and not len(operation.query) and not len(operation.body):
            continue  # only free strings (path, headers): nothing to get wrong, and Hypothesis would search long

        strategy = operation.as_strategy(generation_mode=mode)
        if "{case_id}" in operation.path:  # a random id (404) or the case that exists
            strategy = strategy | operation.as_strategy(generation_mode=mode, path_parameters={"case_id": CASE})

        @given(case=strategy)
        @FUZZ
        def fuzz(case: Any) -> None:
            try:
                response = case.call()
            except Exception as error:  # in-process, an unhandled error reaches the test after the 500 is sent
                raise AssertionError(f"500: {case.as_curl_command()} raised {error!r}") from error
            statuses[f"{case.method.upper()} {case.operation.path}", response.status_code] += 1
            case.validate_response(response, checks=[not_a_server_error, problem_documents])

        try:
            fuzz()
        except Unsatisfiable:
            assert mode is GenerationMode.NEGATIVE, f"{label}: no valid request could be made"
        except Exception as error:  # noqa: BLE001 — collected: one report for every operation that fails
            failures.append(f"{label} ({mode}): {error}")
    return failures, statuses


@pytest.mark.parametrize("mode", [GenerationMode.POSITIVE, GenerationMode.NEGATIVE])
def test_the_served_openapi_document(served_schema: Any, mode: GenerationMode) -> None:
    failures, statuses = _fuzz_every_operation(served_schema, mode)
    assert not failures, "\n\n".join(failures)
    print(mode, sorted(statuses.items()))
    if mode is GenerationMode.POSITIVE:  # the key and the existing case were used: the register answered
        assert any(label.startswith("GET /api/v1/cases/") and status == 200 for label, status in statuses), statuses
        # cases were sent as bodies (the document describes them) and checked by the case model: 200 or 422
        # with every field problem (a generated case rarely holds together across fields, so 200 is luck)
        assert statuses[("POST /api/v1/evaluate", 200)] + statuses[("POST /api/v1/evaluate", 422)] >= 4, statuses
