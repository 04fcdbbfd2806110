"""Seeing inside a running studio (spec 11, 13.2): JSON logs with secrets scrubbed (logs), Prometheus metrics
(metrics, http), Sentry error reports (sentry), Slack alerts to admins (alerts), and the readiness probes
(probes). `install_observability` sets up a process; `Observability.watch` connects a studio's parts."""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from karate.config import Settings
from karate.observability.alerts import DatabaseErrorAlerts, SlackAlerts
from karate.observability.logs import configure_logging
from karate.observability.metrics import provider_call_ended, serve_metrics
from karate.services.redaction import install_scrubber

if TYPE_CHECKING:
    from karate.providers import ProviderHub

#: The one database-error handler of this process (on the root logger), pointed at the latest alerts.
_database_alerts: DatabaseErrorAlerts | None = None


@dataclass
class Observability:
    """What `install_observability` set up for this process: the admin alerts, when SLACK_WEBHOOK_URL is set."""

    alerts: SlackAlerts | None
    #: What stops the metrics port a worker serves (observe_worker), once closed.
    stop_metrics: Callable[[], None] | None = field(default=None)

    def watch(self, providers: ProviderHub) -> None:
        """Count every model call in /metrics, and alert admins of providers failing after their retries."""
        providers.observers.append(provider_call_ended)
        if self.alerts is not None:
            providers.observers.append(self.alerts.provider_call_ended)

    def close(self) -> None:
        global _database_alerts
        if self.alerts is not None:
            if _database_alerts is not None and _database_alerts.alerts is self.alerts:
                logging.getLogger().removeHandler(_database_alerts)
                _database_alerts = None
            self.alerts.close()
        if self.stop_metrics is not None:
            self.stop_metrics()
            self.stop_metrics = None


def install_observability(settings: Settings, *, service: str) -> Observability:
    """Set up this process (`service`: "studio", "worker"): secrets scrubbed from every log record, the log
    format (KARATE_LOG_FORMAT), Sentry (SENTRY_DSN) and Slack alerts (SLACK_WEBHOOK_URL) when configured."""
    global _database_alerts
    scrubber = install_scrubber(settings)
    configure_logging(settings.log_format, service, scrubber)
    if settings.sentry_dsn is not None:
        from karate.observability.sentry import start_sentry

        start_sentry(settings.sentry_dsn.get_secret_value(), scrubber, service=service)
    alerts = None
    if settings.slack_webhook_url is not None:
        alerts = SlackAlerts(
            settings.slack_webhook_url.get_secret_value(), scrubber, interval=settings.alert_interval, service=service
        )
    root = logging.getLogger()
    if _database_alerts is not None:
        root.removeHandler(_database_alerts)
        _database_alerts = None
    if alerts is not None:
        _database_alerts = DatabaseErrorAlerts(alerts)
        root.addHandler(_database_alerts)
    return Observability(alerts)


def observe_worker(settings: Settings) -> Observability:
    """What a `karate worker` process sets up before it opens the studio: `install_observability` as the
    worker, and its metrics served on KARATE_WORKER_METRICS_PORT when set. Then `watch` the studio's
    providers; close it when the worker stops."""
    observability = install_observability(settings, service="worker")
    if settings.worker_metrics_port is not None:
        observability.stop_metrics = serve_metrics(settings.worker_metrics_port, settings.worker_metrics_host)
    return observability
