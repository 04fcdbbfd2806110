"""Fault behaviour of the provider layer against the fakes: retries that honour Retry-After, cancellation
that reaches the provider, fall-over to the next route, timeouts, and messages a user can act on."""

from __future__ import annotations

import asyncio
import logging

import pytest

from karate.catalog import get_entry
from karate.engine import NodeStatus
from karate.providers.hub import ProviderHub
from tests.providers.conftest import KEY_FIELDS, public_url, settings_for
from tests.providers.contract import model_workflow
from tests.providers.fakes import TEST_KEY


def entry_on(model_id: str, *providers: str):
    """A catalog entry cut down to the given providers' routes that fit all inputs connected, in that order."""
    entry = get_entry(model_id)
    routes = tuple(r for p in providers for r in entry.routes if r.provider == p and not r.when.startswith("!"))
    return entry.model_copy(update={"routes": routes})


async def run_entry(make_engine, hub, store, entry):
    engine = make_engine(hub, entry)
    execution = engine.prepare(model_workflow(entry, entry.routes[0], store))
    result = await execution.execute()
    return result.nodes["model"], execution.events.history


async def test_retry_waits_as_long_as_retry_after_says(fakes, hub, make_engine, store):
    fal = fakes["fal"]
    fal.add_fault(
        "POST", r"^/fal-ai/flux-pro/v1.1-ultra$", 429, {"detail": "Too many requests"}, headers={"Retry-After": "1"}
    )
    run, _ = await run_entry(make_engine, hub, store, entry_on("model.flux_pro_1_1_ultra", "fal"))
    assert run.status == NodeStatus.COMPLETED, run.error
    submits = fal.received("POST", "/fal-ai/flux-pro/v1.1-ultra")
    assert len(submits) == 2
    assert submits[1].at - submits[0].at >= 0.95


async def test_server_errors_are_retried_three_times_then_succeed(fakes, hub, make_engine, store):
    replicate = fakes["replicate"]
    replicate.add_fault("POST", r"/predictions$", 503, {"detail": "overloaded"}, times=3)
    run, _ = await run_entry(make_engine, hub, store, entry_on("model.flux_pro_1_1_ultra", "replicate"))
    assert run.status == NodeStatus.COMPLETED, run.error
    assert len(replicate.received("POST", "/predictions")) == 4


async def test_dead_provider_falls_over_to_the_next_route_and_says_so(fakes, hub, make_engine, store):
    fakes["replicate"].add_fault("POST", r"/predictions$", 502, {"detail": "bad gateway"}, times=10)
    run, events = await run_entry(make_engine, hub, store, entry_on("model.flux_pro_1_1_ultra", "replicate", "fal"))
    assert run.status == NodeStatus.COMPLETED, run.error
    assert len(fakes["replicate"].received("POST", "/predictions")) == 4  # first try + 3 retries
    assert fakes["fal"].received("POST", "/fal-ai/flux-pro/v1.1-ultra")
    messages = [e.data.get("message", "") for e in events if e.type == "node.progress"]
    assert any(
        m.startswith("Replicate failed (Replicate failed with 502 after 3 retries") and m.endswith("; trying fal")
        for m in messages
    ), messages


@pytest.mark.parametrize(
    ("model_id", "provider", "cancel_path"),
    [
        ("model.luma_ray_2", "replicate", "/cancel"),
        ("model.flux_pro_1_1_ultra", "fal", "/cancel"),
        ("model.runway_gen_4", "runway", "/v1/tasks/"),
        ("model.luma_ray_2", "luma", "/generations/"),
        ("model.veo_3", "google", ":cancel"),
        ("model.sora_2", "openai", "/v1/videos/"),
    ],
)
async def test_cancelled_run_cancels_the_provider_job(fakes, hub, make_engine, store, model_id, provider, cancel_path):
    fake = fakes[provider]
    fake.hang = True
    entry = get_entry(model_id)
    entry = entry.model_copy(update={"routes": tuple(r for r in entry.routes if r.provider == provider)[:1]})
    engine = make_engine(hub, entry)
    execution = engine.prepare(model_workflow(entry, entry.routes[0], store))
    task = asyncio.create_task(execution.execute())
    polled = await asyncio.to_thread(fake.wait_for, lambda f: any(j.get("polls") for j in f.jobs.values()), 5)
    assert polled, f"{provider} never saw a poll"
    execution.cancel()
    result = await asyncio.wait_for(task, 5)
    assert result.nodes["model"].status == NodeStatus.CANCELLED
    assert len(fake.cancelled) == 1
    assert any(
        cancel_path in r.path
        for r in fake.requests
        if r.method in ("POST", "PUT", "DELETE") and r is not fake.requests[0]
    )


async def test_missing_key_names_the_variables_to_set(fakes, make_engine, store):
    hub = ProviderHub(settings_for(fakes, keys={field: None for field in KEY_FIELDS}, ollama_host=None))
    try:
        run, _ = await run_entry(make_engine, hub, store, get_entry("model.flux_pro_1_1_ultra"))
        assert run.status == NodeStatus.FAILED
        assert run.error.code == "provider_not_configured"
        assert run.error.message.startswith(
            "Flux Pro 1.1 Ultra needs a provider key: whoever starts this studio sets REPLICATE_API_TOKEN or FAL_KEY"
        )
        run, _ = await run_entry(make_engine, hub, store, get_entry("model.kolors_virtual_try_on"))
        assert run.error.message.startswith(
            "Kolors Virtual Try On needs a provider key: whoever starts this studio sets FAL_KEY "
        )
    finally:
        await hub.aclose()


async def test_with_accounts_a_missing_key_sends_people_to_the_team_naming_the_providers(
    fakes, make_engine, store
) -> None:
    settings = settings_for(fakes, keys={field: None for field in KEY_FIELDS}, ollama_host=None, auth=True)
    hub = ProviderHub(settings)
    try:
        run, _ = await run_entry(make_engine, hub, store, get_entry("model.flux_pro_1_1_ultra"))
        assert run.error.code == "provider_not_configured"
        assert run.error.message.startswith(
            "Flux Pro 1.1 Ultra can't run yet: this studio has no key for Replicate or fal; ask the studio's team"
        )
    finally:
        await hub.aclose()


async def test_without_keys_vectorizer_runs_locally_and_text_runs_on_ollama(fakes, make_engine, store):
    hub = ProviderHub(settings_for(fakes, keys={field: None for field in KEY_FIELDS}))
    try:
        run, _ = await run_entry(make_engine, hub, store, get_entry("model.vectorizer"))
        assert run.status == NodeStatus.COMPLETED, run.error
        assert run.outputs["svg"].mime == "image/svg+xml"
        assert b"<path" in store.read_bytes(run.outputs["svg"].sha256)
        run, _ = await run_entry(make_engine, hub, store, get_entry("model.gpt_4"))
        assert run.outputs["text"] == "A red square on black."
        sent = fakes["ollama"].requests[0].json
        assert sent["model"] == "llava" and sent["messages"][-1]["images"]  # an image is connected
    finally:
        await hub.aclose()


async def test_no_key_appears_in_logs_errors_or_events(fakes, make_engine, store, caplog):
    caplog.set_level(logging.DEBUG)
    fakes["replicate"].add_fault("POST", r"/predictions$", 400, {"detail": f"token {TEST_KEY} is malformed"})
    wrong = "wrong-secret-key-fedcba9876543210"
    good = ProviderHub(settings_for(fakes))
    bad = ProviderHub(settings_for(fakes, keys={field: wrong for field in KEY_FIELDS}))
    messages, events = [], []
    try:
        for hub, model_id, provider in (
            (good, "model.flux_pro_1_1_ultra", "replicate"),
            (bad, "model.flux_pro_1_1_ultra", "fal"),
            (bad, "model.runway_gen_4", "runway"),
            (bad, "model.veo_3", "google"),
        ):
            run, history = await run_entry(make_engine, hub, store, entry_on(model_id, provider))
            assert run.status == NodeStatus.FAILED
            messages.append(run.error.message)
            events += [str(e.to_json()) for e in history]
    finally:
        await good.aclose()
        await bad.aclose()
    assert "***" in messages[0] and "Replicate rejected the request" in messages[0]
    assert messages[1].startswith("fal refused the key (401") and messages[1].endswith("check FAL_KEY")
    assert messages[2].endswith("check RUNWAYML_API_SECRET")
    assert messages[3].endswith("check GEMINI_API_KEY")
    logged = [record.getMessage() for record in caplog.records]
    for text in messages + events + logged:
        assert TEST_KEY not in text and wrong not in text


async def test_job_timeout_cancels_the_job_and_suggests_another_model(fakes, make_engine, store):
    fakes["luma"].hang = True
    hub = ProviderHub(settings_for(fakes, provider_job_timeout_scale=0.0005), public_url=public_url)
    try:
        run, _ = await run_entry(make_engine, hub, store, entry_on("model.luma_ray_2", "luma"))
    finally:
        await hub.aclose()
    assert run.error.code == "provider_timeout"
    assert run.error.message == "Luma timed out after 0.3 s on Luma Ray 2; try Veo 3 Fast"
    assert fakes["luma"].cancelled


async def test_job_failures_and_refusals_read_as_provider_messages(fakes, hub, make_engine, store):
    fakes["runway"].fail_job = "The prompt was flagged by moderation"
    run, _ = await run_entry(make_engine, hub, store, entry_on("model.runway_gen_4", "runway"))
    assert run.error.message == (
        "Runway could not run Runway Gen-4: The prompt was flagged by moderation [SAFETY.INPUT.TEXT]"
    )
    fakes["runway"].add_fault("POST", r"/v1/image_to_video", 400, {"error": "promptText: too long"})
    run, _ = await run_entry(make_engine, hub, store, entry_on("model.runway_gen_4", "runway"))
    assert run.error.message == "Runway rejected the request: promptText: too long"


async def test_out_of_credit_is_not_retried_and_says_where_to_pay(fakes, hub, make_engine, store):
    fakes["replicate"].add_fault(
        "POST",
        r"/predictions$",
        402,
        {"title": "Billing required", "detail": "You need to set up billing", "status": 402},
    )
    run, _ = await run_entry(make_engine, hub, store, entry_on("model.flux_pro_1_1_ultra", "replicate"))
    assert run.error.code == "provider_credits"
    assert "Add credit to your Replicate account" in run.error.message
    fakes["openai"].add_fault(
        "POST",
        r"/images/generations",
        429,
        {
            "error": {
                "message": "You exceeded your current quota",
                "type": "insufficient_quota",
                "code": "insufficient_quota",
            }
        },
    )
    run, _ = await run_entry(make_engine, hub, store, entry_on("model.dall_e_3", "openai"))
    assert run.error.code == "provider_credits"
    assert len(fakes["openai"].received("POST", "/images/generations")) == 1
    fakes["fal"].add_fault("POST", r"^/fal-ai/", 403, {"detail": "User is locked. Reason: Exhausted balance."})
    run, _ = await run_entry(make_engine, hub, store, entry_on("model.flux_pro_1_1_ultra", "fal"))
    assert run.error.code == "provider_credits"


async def test_malformed_or_oversized_output_is_refused(fakes, hub, make_engine, store):
    fakes["fal"].malformed = True
    run, _ = await run_entry(make_engine, hub, store, entry_on("model.flux_pro_1_1_ultra", "fal"))
    assert run.error.code == "provider_output"
    assert "returned application/octet-stream instead of an image" in run.error.message
    small = ProviderHub(settings_for(fakes, provider_max_download_bytes=16))
    try:
        fakes["fal"].malformed = False
        fakes["fal"].output_kind = "video"
        run, _ = await run_entry(make_engine, small, store, entry_on("model.luma_ray_2", "fal"))
    finally:
        await small.aclose()
    assert "larger than the limit of 16 bytes" in run.error.message


async def test_progress_from_provider_reaches_node_events(fakes, hub, make_engine, store):
    fakes["replicate"].output_kind = "video"
    run, events = await run_entry(make_engine, hub, store, entry_on("model.luma_ray_2", "replicate"))
    assert run.status == NodeStatus.COMPLETED, run.error
    fractions = [e.data["fraction"] for e in events if e.type == "node.progress" and e.data.get("fraction")]
    assert 0.5 in fractions


async def test_large_input_files_are_uploaded_to_replicate(fakes, hub, make_engine, store):
    import numpy as np

    from tests.helpers import edge, node, store_image, workflow

    noise = np.random.default_rng(1).integers(0, 255, (400, 400, 3), dtype=np.uint8)
    entry = entry_on("model.flux_dev_redux", "replicate")
    engine = make_engine(hub, entry)
    doc = workflow(
        [node("img", "input.image", asset_id=store_image(store, noise)), node("model", entry.id)],
        [edge("img", "model")],
    )
    result = await engine.run(doc)
    assert result.nodes["model"].status == NodeStatus.COMPLETED, result.nodes["model"].error
    assert fakes["replicate"].received("POST", "/v1/files")
    sent = fakes["replicate"].received("POST", "/predictions")[0].json
    assert sent["input"]["redux_image"] == f"{fakes['replicate'].url}/v1/files/file-1"
