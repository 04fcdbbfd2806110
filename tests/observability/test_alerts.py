"""Admin alerts in Slack (spec 13.2), sent to a local fake of Slack's incoming webhook: a provider that still
fails after 3 retries fails the node with words the user reads in the app and alerts the admins once for a
burst; a database error is logged and alerted; alerts of one kind are held back for the interval and the next
one counts them; secrets never reach Slack."""

from __future__ import annotations

import asyncio
import logging
import sqlite3

import asyncpg
import pytest
from pydantic import SecretStr
from sqlalchemy.engine import make_url

from karate.config import Settings
from karate.observability.alerts import SlackAlerts
from karate.services.redaction import SecretScrubber
from tests.api.accounts import SignedInUser, user_fixture
from tests.api.conftest import RunningStudio
from tests.api.credits_helpers import FLUX_CREDITS, flux_document, run_events, with_fake_replicate
from tests.observability.fakes import FakeSlack
from tests.providers.fakes import TEST_KEY, FakeProvider


@pytest.fixture
def studio_settings(studio_settings: Settings, replicate: FakeProvider, slack: FakeSlack) -> Settings:
    return with_fake_replicate(
        studio_settings,
        replicate,
        signup_credits=10 * FLUX_CREDITS,
        provider_max_retries=3,
        slack_webhook_url=SecretStr(slack.webhook_url),
        alert_interval=600.0,
    )


alice = user_fixture("alice")


async def test_a_provider_failing_after_three_retries_tells_the_user_and_alerts_admins_once(
    studio: RunningStudio, alice: SignedInUser, replicate: FakeProvider, slack: FakeSlack
) -> None:
    replicate.add_fault("POST", "/predictions", 503, {"detail": "model servers are overloaded"}, times=100)
    answer = await alice.client.post("/api/v1/runs", json={"workflow": flux_document("a fox", "a lighthouse")})
    assert answer.status_code == 202, answer.text
    run_id = answer.json()["id"]
    events = await run_events(alice.client, run_id)
    assert events[-1]["type"] == "run.failed"

    assert len(replicate.received("POST", "/predictions")) == 2 * 4  # each node: the call and 3 retries
    run = (await alice.client.get(f"/api/v1/runs/{run_id}")).json()
    for node_id in ("flux0", "flux1"):  # what the user reads in the app, on the node
        error = run["nodes"][node_id]["error"]
        assert error["code"] == "provider_unavailable"
        assert "Replicate failed with 503 after 3 retries" in error["message"], error

    await asyncio.to_thread(flush_alerts, studio)
    texts = slack.texts
    assert len(texts) == 1, texts  # two failures, one alert
    assert "Replicate" in texts[0] and "provider_unavailable" in texts[0] and "overloaded" in texts[0]
    assert TEST_KEY not in texts[0]


async def test_a_database_error_is_logged_and_alerted(
    studio: RunningStudio, alice: SignedInUser, slack: FakeSlack, caplog: pytest.LogCaptureFixture
) -> None:
    url = studio.settings.resolved_database_url
    await _rename_runs_table(url, "runs", "runs_gone")
    try:
        with caplog.at_level(logging.ERROR, logger="karate.api"):
            answer = await alice.client.get("/api/v1/runs")
    finally:
        await _rename_runs_table(url, "runs_gone", "runs")
    assert answer.status_code == 500 and answer.json()["code"] == "internal"
    assert any("unexpected error on GET /api/v1/runs" in record.getMessage() for record in caplog.records)
    await asyncio.to_thread(flush_alerts, studio)
    texts = slack.texts
    assert len(texts) == 1 and "database error" in texts[0] and "runs" in texts[0], texts
    assert (await alice.client.get("/api/v1/runs")).status_code == 200


def flush_alerts(studio: RunningStudio) -> None:
    """Wait until the alerts the studio raised so far have reached Slack."""
    studio.app.state.observability.alerts.flush()  # type: ignore[attr-defined]  # create_app sets it


async def _rename_runs_table(url: str, old: str, new: str) -> None:
    parsed = make_url(url)
    if parsed.get_backend_name() == "sqlite":
        with sqlite3.connect(str(parsed.database)) as connection:
            connection.execute(f"ALTER TABLE {old} RENAME TO {new}")
        return
    connection = await asyncpg.connect(parsed.set(drivername="postgresql").render_as_string(hide_password=False))
    try:
        await connection.execute(f"ALTER TABLE {old} RENAME TO {new}")
    finally:
        await connection.close()


def test_a_burst_of_one_kind_is_one_alert_and_the_next_counts_the_rest(slack: FakeSlack) -> None:
    now = [1000.0]
    webhook = slack.webhook_url
    alerts = SlackAlerts(webhook, SecretScrubber({webhook}), interval=300, service="studio", clock=lambda: now[0])
    try:
        sent = [alerts.alert("provider:fal:provider_timeout", f"fal timed out ({index})") for index in range(50)]
        assert sent == [True] + [False] * 49
        assert alerts.alert("database", f"database error: could not reach {webhook}")  # another kind goes out
        now[0] += 299
        assert not alerts.alert("provider:fal:provider_timeout", "fal timed out again")
        now[0] += 1
        assert alerts.alert("provider:fal:provider_timeout", "fal timed out once more")
        alerts.flush()
    finally:
        alerts.close()
    texts = slack.texts
    assert texts[0] == "[studio] fal timed out (0)"
    assert texts[1] == "[studio] database error: could not reach [redacted]"  # the webhook is a secret
    assert texts[2] == "[studio] fal timed out once more (50 more like it since the last alert)"
    assert len(texts) == 3


def test_slack_refusing_an_alert_is_logged_not_raised(caplog: pytest.LogCaptureFixture, slack: FakeSlack) -> None:
    alerts = SlackAlerts(slack.server.url + "/no-such-hook", SecretScrubber(), interval=0, service="worker")
    try:
        with caplog.at_level(logging.WARNING, logger="karate.alerts"):
            assert alerts.alert("database", "database error")
            alerts.flush()
    finally:
        alerts.close()
    assert any("Slack refused an alert (404" in record.getMessage() for record in caplog.records)
