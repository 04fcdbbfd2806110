"""The studio's Prometheus metrics: the families, and what moves them (run events, provider calls, credits
settled, the queue of runs read at scrape time). HTTP latency is measured by karate.observability.http.

Each process keeps its own values (prometheus-client's default registry) and is scraped on its own: every
`karate serve` at /metrics, every `karate worker` on the port `serve_metrics` opens. Sum counters and
histograms across processes in PromQL; `karate_queue_depth` is read from the shared database when a server
is scraped, so every server reports the same value (take max, not sum; workers leave it at 0). The registry also
carries prometheus-client's process and Python collectors (CPU, memory, open files, GC)."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from prometheus_client import CONTENT_TYPE_LATEST, REGISTRY, Counter, Gauge, Histogram, generate_latest
from prometheus_client import start_http_server as _start_http_server

from karate.engine.events import Event, EventType

if TYPE_CHECKING:
    from karate.engine import Execution

#: Seconds: HTTP answers and provider calls range from a millisecond to minutes (video models).
_LATENCY_BUCKETS = (0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120, 300, 600)

HTTP_REQUEST_DURATION = Histogram(
    "karate_http_request_duration_seconds",
    "Time to answer an HTTP request, by route template (never the raw path), method and status",
    ["route", "method", "status"],
    buckets=_LATENCY_BUCKETS,
)
RUNS = Counter("karate_runs", "Runs that ended, by final status (completed, failed, cancelled)", ["status"])
NODE_DURATION = Histogram(
    "karate_node_duration_seconds",
    "Time a node took to run (cache hits excluded), by node type",
    ["node_type"],
    buckets=_LATENCY_BUCKETS,
)
PROVIDER_REQUEST_DURATION = Histogram(
    "karate_provider_request_duration_seconds",
    "Time one model call took at a provider (submit, polls and download, retries included), by provider",
    ["provider"],
    buckets=_LATENCY_BUCKETS,
)
PROVIDER_ERRORS = Counter(
    "karate_provider_errors",
    "Model calls that failed after their retries, by provider and kind (the error code, e.g. provider_timeout)",
    ["provider", "kind"],
)
QUEUE_DEPTH = Gauge("karate_queue_depth", "Runs waiting to be executed now (status queued in the database)")
CREDITS_SPENT = Counter("karate_credits_spent", "Credits settled by model nodes that gave their result")

_RUN_ENDS: dict[str, str] = {
    EventType.RUN_COMPLETED: "completed",
    EventType.RUN_FAILED: "failed",
    EventType.RUN_CANCELLED: "cancelled",
}
_NODE_RAN = frozenset({EventType.NODE_COMPLETED, EventType.NODE_FAILED})


def run_listener(execution: Execution) -> Callable[[Event], None]:
    """An event listener for one run (add it to its EventBus): counts the run's end by status and observes
    each node that ran for its duration."""

    durations: dict[str, Any] = {}  # each node type's histogram, looked up once a run (2 µs a look-up)

    def observe(event: Event) -> None:
        if event.type in _NODE_RAN and event.node_id is not None:
            node = execution.nodes.get(event.node_id)
            if node is not None and not node.cached and node.duration_ms is not None:
                histogram = durations.get(node.node_type)
                if histogram is None:
                    histogram = durations[node.node_type] = NODE_DURATION.labels(node.node_type)
                histogram.observe(node.duration_ms / 1000)
        elif (status := _RUN_ENDS.get(event.type)) is not None:
            RUNS.labels(status).inc()

    return observe


def provider_call_ended(provider: str, seconds: float, error: Exception | None) -> None:
    """A ProviderHub observer: one model call at `provider` ended after `seconds`, failed with `error` or not."""
    PROVIDER_REQUEST_DURATION.labels(provider).observe(seconds)
    if error is not None:
        PROVIDER_ERRORS.labels(provider, str(getattr(error, "code", "unexpected"))).inc()


def count_credits_spent(amount: int) -> None:
    CREDITS_SPENT.inc(amount)


def exposition(queued_runs: int | None) -> tuple[bytes, str]:
    """This process's metrics in the Prometheus text format, with the queue depth just read (None: unknown,
    the last value stays), and the content type to answer with."""
    if queued_runs is not None:
        QUEUE_DEPTH.set(queued_runs)
    return generate_latest(REGISTRY), CONTENT_TYPE_LATEST


def serve_metrics(port: int, address: str = "127.0.0.1") -> Callable[[], None]:
    """Serve this process's metrics at http://address:port/metrics from a background thread (for processes
    without the studio's HTTP server, such as `karate worker`); returns what stops it."""
    server, thread = _start_http_server(port, addr=address)

    def stop() -> None:
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)

    return stop
