"""A provider the network cannot reach, one that does not answer in time, and an output that cannot be
downloaded each fail the node with a sentence a user can act on; the HTTP library's name for the failure
(ConnectError, ReadTimeout...) goes to the log, never into the message."""

from __future__ import annotations

import logging
import socket

import pytest

from karate.engine import NodeStatus
from karate.providers.hub import ProviderHub
from tests.providers.conftest import public_url, settings_for
from tests.providers.test_faults import entry_on, run_entry

FLUX_ON_FAL = "model.flux_pro_1_1_ultra"


def closed_port_url() -> str:
    """An address on loopback where nothing listens (connections are refused)."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    return f"http://127.0.0.1:{port}"


async def failed_message(make_engine, store, hub: ProviderHub) -> str:
    try:
        run, _ = await run_entry(make_engine, hub, store, entry_on(FLUX_ON_FAL, "fal"))
    finally:
        await hub.aclose()
    assert run.status == NodeStatus.FAILED
    return run.error.message


async def test_an_unreachable_provider_is_named_in_words_and_the_library_error_is_logged(
    fakes, make_engine, store, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.WARNING, logger="karate.providers")
    nowhere = closed_port_url()
    hub = ProviderHub(settings_for(fakes, fal_base_url=nowhere, fal_rest_url=nowhere, provider_max_retries=1))
    message = await failed_message(make_engine, store, hub)
    assert message == "fal could not be reached; check the network or try again later"
    assert "ConnectError" in caplog.text  # whoever reads the log still sees what the library said


async def test_a_provider_too_slow_to_answer_says_how_long_it_waited(fakes, make_engine, store) -> None:
    fakes["fal"].latency = 1.0
    hub = ProviderHub(settings_for(fakes, provider_call_timeout=0.2, provider_max_retries=0))
    message = await failed_message(make_engine, store, hub)
    assert message == "fal did not answer within 0.2 s; try again later"


async def test_an_output_that_cannot_be_downloaded_says_to_run_the_node_again(
    fakes, make_engine, store, monkeypatch: pytest.MonkeyPatch
) -> None:
    nowhere = closed_port_url()
    monkeypatch.setattr(fakes["fal"], "file_url", lambda kind=None: f"{nowhere}/files/output.png")
    hub = ProviderHub(settings_for(fakes, provider_max_retries=1), public_url=public_url)
    message = await failed_message(make_engine, store, hub)
    assert message == "fal output of Flux Pro 1.1 Ultra could not be downloaded; run the node again"
