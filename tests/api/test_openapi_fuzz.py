"""schemathesis against /openapi.json of a running studio: no generated request gets a 5xx answer."""

from __future__ import annotations

import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings

from tests.api.conftest import RunningStudio

MAX_EXAMPLES = 20


def test_no_generated_request_gets_a_server_error(studio: RunningStudio) -> None:
    schema = schemathesis.openapi.from_url(f"{studio.url}/openapi.json")
    failures: list[str] = []
    tested = 0
    for result in schema.get_all_operations():
        operation = result.ok()
        tested += 1

        @settings(max_examples=MAX_EXAMPLES, deadline=None, database=None, derandomize=True,
                  suppress_health_check=list(HealthCheck))
        @given(case=operation.as_strategy())
        def exercise(case: schemathesis.Case) -> None:
            response = case.call(base_url=studio.url, timeout=30)
            if response.status_code >= 500:
                failures.append(f"{case.method} {case.formatted_path} -> {response.status_code}: "
                                f"{response.text[:300]}\n  {case.as_curl_command()}")

        exercise()
    assert tested >= 15, f"only {tested} operations in the schema"
    assert failures == [], "\n".join(failures[:10])


pytestmark = pytest.mark.timeout(300)
