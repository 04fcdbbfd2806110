"""Short builders for catalog entries, so each model reads as data: ports, parameters and routes."""

from __future__ import annotations

from typing import Any, TypedDict, Unpack

from karate.catalog.schema import Category, ModelEntry, ModelParam, ModelPort, ProviderRoute, RouteStatus


class EntryFields(TypedDict, total=False):
    """The ModelEntry fields a family's builder passes through (`video_model(id, title, description, **fields)`);
    the builder sets the family's category and output."""

    inputs: tuple[ModelPort, ...]
    params: tuple[ModelParam, ...]
    credits: int
    routes: tuple[ProviderRoute, ...]
    job_timeout: float
    alternatives: tuple[str, ...]
    spec_names: tuple[str, ...]
    upscale_param: str


class EntryFieldsWithOutput(EntryFields, total=False):
    """EntryFields for families whose entries differ in output (edits, upscalers, lip-sync)."""

    output: ModelPort


def entry(
    id: str, title: str, category: Category, description: str, **fields: Unpack[EntryFieldsWithOutput]
) -> ModelEntry:
    """A catalog entry whose id is `model.<id>`; each family's builder adds its category, output and timeout."""
    return ModelEntry(id=f"model.{id}", title=title, category=category, description=description, **fields)


# --- ports -----------------------------------------------------------------------------------------


def prompt_in(required: bool = True, description: str = "What to create") -> ModelPort:
    return ModelPort(name="prompt", kind="text", required=required, description=description)


def image_in(name: str = "image", required: bool = True, description: str = "Input image") -> ModelPort:
    return ModelPort(name=name, kind="image", required=required, description=description)


def images_in(name: str = "images", required: bool = False, description: str = "Reference images") -> ModelPort:
    return ModelPort(name=name, kind="image", required=required, list=True, description=description)


def video_in(name: str = "video", required: bool = True, description: str = "Input video") -> ModelPort:
    return ModelPort(name=name, kind="video", required=required, description=description)


def audio_in(name: str = "audio", required: bool = True, description: str = "Driving audio") -> ModelPort:
    return ModelPort(name=name, kind="audio", required=required, description=description)


def mask_in(description: str = "White where the image should change") -> ModelPort:
    return ModelPort(name="mask", kind="image", description=description)


IMAGE_OUT = ModelPort(name="image", kind="image")
VIDEO_OUT = ModelPort(name="video", kind="video")
MESH_OUT = ModelPort(name="mesh", kind="mesh")
VECTOR_OUT = ModelPort(name="svg", kind="vector")
TEXT_OUT = ModelPort(name="text", kind="text")

# --- parameters ------------------------------------------------------------------------------------


def choice(
    name: str, choices: tuple[Any, ...] | list[Any], default: Any = None, description: str = "", advanced: bool = False
) -> ModelParam:
    return ModelParam(
        name=name,
        kind="enum",
        choices=tuple(choices),
        default=choices[0] if default is None else default,
        description=description,
        advanced=advanced,
    )


def integer(name: str, default: int, ge: int, le: int, description: str = "", advanced: bool = False) -> ModelParam:
    return ModelParam(
        name=name, kind="integer", default=default, ge=ge, le=le, description=description, advanced=advanced
    )


def number(
    name: str, default: float, ge: float, le: float, description: str = "", advanced: bool = False
) -> ModelParam:
    return ModelParam(
        name=name, kind="number", default=default, ge=ge, le=le, description=description, advanced=advanced
    )


def flag(name: str, default: bool, description: str = "", advanced: bool = False) -> ModelParam:
    return ModelParam(name=name, kind="boolean", default=default, description=description, advanced=advanced)


def string(
    name: str, default: str = "", description: str = "", long: bool = False, advanced: bool = False
) -> ModelParam:
    return ModelParam(
        name=name, kind="text" if long else "string", default=default, description=description, advanced=advanced
    )


SEED = integer("seed", 0, 0, 2_147_483_647, "Same seed, same result; 0 picks a new one", advanced=True)
NEGATIVE = string("negative_prompt", "", "What to keep out of the result", long=True, advanced=True)
ASPECTS = ("1:1", "16:9", "9:16", "4:3", "3:4", "3:2", "2:3", "21:9", "9:21")
VIDEO_ASPECTS = ("16:9", "9:16", "1:1")
#: the ratios every image host offers: fal's `image_size` presets (FAL_SIZE) and Imagen's aspect ratios
COMMON_ASPECTS = ("1:1", "16:9", "9:16", "4:3", "3:4")


def steps(default: int, ge: int, le: int) -> ModelParam:
    return integer("steps", default, ge, le, "Diffusion steps", advanced=True)


#: a LoRA chosen by URL, and how fal's `loras` list reads it
LORA = (
    string("lora_url", "", "Public URL of the LoRA weights"),
    number("lora_scale", 1, 0, 2, "How strongly the LoRA applies"),
)
FAL_LORAS = [{"path": "$lora_url", "scale": "$lora_scale"}]
#: MiniMax's prompt rewriting, offered by its image and video models alike
PROMPT_OPTIMIZER = flag("prompt_optimizer", True, "Let MiniMax refine the prompt")


def aspect(choices: tuple[str, ...] = ASPECTS, default: str | None = None) -> ModelParam:
    return choice("aspect_ratio", choices, default, "Width to height of the result")


# --- mapping shorthands ----------------------------------------------------------------------------

SEED_REF = {"$": "seed", "omit": [0]}
#: our aspect ratios as fal's `image_size` presets
FAL_SIZE = {
    "$": "aspect_ratio",
    "map": {
        "1:1": "square_hd",
        "16:9": "landscape_16_9",
        "9:16": "portrait_16_9",
        "4:3": "landscape_4_3",
        "3:4": "portrait_4_3",
        "*": "square_hd",
    },
}
NEG_REF = {"$": "negative_prompt", "omit": [""]}


def ref(name: str, **transform: Any) -> dict[str, Any]:
    return {"$": name, **transform}


# --- routes ----------------------------------------------------------------------------------------


def route(
    provider: str,
    model: str,
    input: dict[str, Any],
    *,
    operation: str = "",
    output: str | None = None,
    status: RouteStatus = "confirmed",
    note: str = "",
    when: str = "",
) -> ProviderRoute:
    return ProviderRoute(
        provider=provider,
        model=model,
        operation=operation,
        input=input,
        output=output,
        status=status,
        note=note,
        when=when,
    )


def replicate(slug: str, input: dict[str, Any], *, community: bool = False, **kw: Any) -> ProviderRoute:
    """Official models run by name; community models by their latest version (looked up once)."""
    return route("replicate", slug, input, operation="version" if community else "", **kw)


def fal(endpoint: str, input: dict[str, Any], **kw: Any) -> ProviderRoute:
    return route("fal", endpoint, input, **kw)


TEXT_BODY = {
    "prompt": "$prompt",
    "system": {"$": "system", "omit": [""]},
    "images": "$images",
    "max_tokens": "$max_tokens",
    "temperature": "$temperature",
}
