"""Running a catalog model: refuse an upscale past the studio's pixel limit before any provider is called, pick
the routes that apply and are configured, call the first, and fall over to the next when a provider keeps failing
(saying so in the node's progress events)."""

from __future__ import annotations

import asyncio
import weakref
from typing import Any

from karate.catalog.mapping import build_body, model_id
from karate.catalog.schema import ModelEntry, ProviderRoute, scale_number
from karate.engine.context import NodeContext
from karate.engine.credits import CreditGate
from karate.nodes.tools.pixel_limit import check_upscale
from karate.providers.call import FileInput, ProviderCall
from karate.providers.errors import ProviderError, ProviderNotConfigured
from karate.providers.hub import ProviderHub, key_variables
from karate.storage import media
from karate.storage.assets import AssetRef

_default_hubs: weakref.WeakKeyDictionary[asyncio.AbstractEventLoop, ProviderHub] = weakref.WeakKeyDictionary()


def provider_hub(ctx: NodeContext) -> ProviderHub:
    """The studio's hub from ctx.services, else one per event loop built from the environment."""
    if ctx.services.providers is not None:
        return ctx.services.providers
    loop = asyncio.get_running_loop()
    if loop not in _default_hubs:
        _default_hubs[loop] = ProviderHub()
    return _default_hubs[loop]


def route_applies(route: ProviderRoute, values: dict[str, Any]) -> bool:
    if not route.when:
        return True
    name = route.when.lstrip("!")
    connected = values.get(name) not in (None, [], "")
    return connected != route.when.startswith("!")


def usable_routes(entry: ModelEntry, values: dict[str, Any], hub: ProviderHub) -> list[ProviderRoute]:
    """Routes that fit the connected inputs and whose provider is configured, in catalog order."""
    applicable = [route for route in entry.routes if route_applies(route, values)]
    configured = [route for route in applicable if hub.is_configured(route.provider)]
    if not configured:
        keys = key_variables(route.provider for route in applicable)
        if hub.settings.auth:  # the person running it cannot set the server's environment
            labels = " or ".join(dict.fromkeys(hub.label(route.provider) for route in applicable))
            raise ProviderNotConfigured(
                f"{entry.title} can't run yet: this studio has no key for {labels}; ask the studio's team "
                f"(an admin sets {keys})"
            )
        raise ProviderNotConfigured(
            f"{entry.title} needs a provider key: whoever starts this studio sets {keys} and starts it again "
            "(Help: AI models and provider keys); until then pick a model without a warning, or a local tool"
        )
    return configured


def node_values(entry: ModelEntry, node: object) -> dict[str, Any]:
    """Parameters and inputs by name, read from `node`'s attributes (a model node, or any object with the
    entry's parameter and input names); input files become FileInputs for the adapters to encode."""
    values: dict[str, Any] = {param.name: getattr(node, param.name) for param in entry.params}
    for port in entry.inputs:
        value = getattr(node, port.name, None)
        if isinstance(value, AssetRef):
            value = FileInput(value, port.name)
        elif isinstance(value, list):
            value = [FileInput(item, port.name) if isinstance(item, AssetRef) else item for item in value]
        values[port.name] = value
    return values


async def check_upscale_fits(entry: ModelEntry, values: dict[str, Any], ctx: NodeContext) -> None:
    """Refuse, before any provider is called, an upscaling model (one whose entry declares `upscale_param`) whose
    result would pass the studio's pixel limit (settings.max_image_pixels): its input image's size, read from the
    stored file's header, times the chosen scale. Raises InvalidInput in the Upscale tool's words, naming the
    largest scale the model offers that fits. An input the studio cannot read as an image is left to the provider.
    """
    upscaling = entry.upscaling
    if upscaling is None:
        return
    image = values.get(upscaling.port)
    scale = scale_number(values.get(upscaling.param))
    if not isinstance(image, FileInput) or scale is None:
        return
    sha256 = image.ref.sha256
    # off the loop: a store in a bucket fetches its local copy first
    size = await asyncio.to_thread(lambda: media.shown_size(ctx.store.path(sha256)))
    if size is not None:
        check_upscale(*size, scale, ctx.services.settings.max_image_pixels, upscaling.scales)


async def run_model(entry: ModelEntry, node: object, ctx: NodeContext) -> Any:
    """Call the entry's first usable route (falling over to the next), its catalog credits held before any
    provider is called where the studio charges (ctx.services.credits): settled when it gives a result,
    refunded when it fails or is cancelled. An upscale past the pixel limit is refused first
    (`check_upscale_fits`): no credits held, no provider called."""
    hub = provider_hub(ctx)
    values = node_values(entry, node)
    await check_upscale_fits(entry, values, ctx)
    routes = usable_routes(entry, values, hub)
    gate = ctx.services.credits
    if gate is None or not entry.credits:
        return await _call_routes(entry, values, routes, hub, ctx)
    held = asyncio.ensure_future(gate.hold(ctx.run_id, ctx.node_id, entry.credits))
    try:
        await asyncio.shield(held)
        result = await _call_routes(entry, values, routes, hub, ctx)
    except BaseException:  # a failure, a timeout, a cancel: the credits go back, once
        await asyncio.shield(_refund_after(gate, held, ctx))
        raise
    await asyncio.shield(gate.settle(ctx.run_id, ctx.node_id))
    return result


async def _refund_after(gate: CreditGate, held: asyncio.Future[None], ctx: NodeContext) -> None:
    """Refund once the hold has ended (a cancel can arrive while it is being written); a hold that was
    refused has nothing to refund."""
    await asyncio.wait([held])
    if held.cancelled() or held.exception() is not None:
        return
    await gate.refund(ctx.run_id, ctx.node_id)


async def _call_routes(
    entry: ModelEntry, values: dict[str, Any], routes: list[ProviderRoute], hub: ProviderHub, ctx: NodeContext
) -> Any:
    scale = hub.settings.provider_job_timeout_scale
    for index, route in enumerate(routes):
        label = hub.label(route.provider)
        if route.status == "deprecated":
            ctx.progress(None, f"{entry.title} through {label} is deprecated: {route.note}")
        call = ProviderCall(
            title=entry.title,
            model=model_id(route.model, values),
            operation=route.operation,
            body=build_body(route.input, values),
            output_kind=entry.output.kind,
            store=ctx.store,
            output_path=route.output,
            job_timeout=entry.job_timeout * scale,
            alternatives=list(entry.alternatives),
            progress=ctx.progress,
            public_url=hub.public_url,
        )
        try:
            return await hub.run(route.provider, call)
        except ProviderError as error:
            if not error.falls_over or index == len(routes) - 1:
                raise
            following = hub.label(routes[index + 1].provider)
            ctx.log.warning("%s failed for %s: %s; trying %s", label, entry.id, error.message, following)
            ctx.progress(None, f"{label} failed ({error.message}); trying {following}")
    raise AssertionError("unreachable")  # pragma: no cover - usable_routes never returns an empty list
