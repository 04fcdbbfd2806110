"""Edits by instruction or by example: Google's Nano Banana, ByteDance's Seedream 4, Reve, and Kolors' virtual
try-on."""

from __future__ import annotations

from karate.catalog.dsl import (
    ASPECTS,
    SEED,
    SEED_REF,
    choice,
    fal,
    image_in,
    images_in,
    prompt_in,
    replicate,
    route,
)
from karate.catalog.entries.edit.builder import edit_model
from karate.catalog.schema import ModelEntry

#: an aspect ratio left to the provider when "auto": an edit keeps its image's shape
_AUTO_OMITTED = {"$": "aspect_ratio", "omit": ["auto"]}

ENTRIES: list[ModelEntry] = [
    edit_model(
        "nano_banana",
        "Nano Banana",
        "Google's Gemini 2.5 Flash Image: generate, or edit connected images by instruction.",
        credits=4,
        inputs=(prompt_in(), images_in(description="Images to edit (optional)")),
        params=(
            choice(
                "aspect_ratio",
                ("auto", *ASPECTS),
                description="Width to height of the result; auto keeps the first image's shape (square with none)",
            ),
            choice("output_format", ("png", "jpg"), advanced=True),
        ),
        routes=(
            route(
                "google",
                "gemini-2.5-flash-image",
                operation="generate_content",
                input={"prompt": "$prompt", "images": "$images", "aspect_ratio": _AUTO_OMITTED},
            ),
            replicate(
                "google/nano-banana",
                {
                    "prompt": "$prompt",
                    "image_input": "$images",
                    "aspect_ratio": {"$": "aspect_ratio", "map": {"auto": "match_input_image"}},
                    "output_format": "$output_format",
                },
            ),
            fal(
                "fal-ai/nano-banana",
                {"prompt": "$prompt", "num_images": 1, "aspect_ratio": {"$": "aspect_ratio", "map": {"auto": "1:1"}}},
                when="!images",
            ),
            fal(
                "fal-ai/nano-banana/edit",
                {"prompt": "$prompt", "image_urls": "$images", "num_images": 1, "aspect_ratio": _AUTO_OMITTED},
                when="images",
            ),
        ),
    ),
    edit_model(
        "seedream_v4_edit",
        "Seedream V4 Edit",
        "ByteDance Seedream 4: edit one or more images by instruction.",
        credits=4,
        inputs=(prompt_in(), images_in(required=True, description="Images to edit (1 to 10)")),
        params=(choice("size", ("2K", "1K", "4K"), description="Output resolution"), SEED),
        routes=(
            replicate(
                "bytedance/seedream-4",
                {
                    "prompt": "$prompt",
                    "image_input": "$images",
                    "size": "$size",
                    "aspect_ratio": "match_input_image",
                    "max_images": 1,
                },
            ),
            fal(
                "fal-ai/bytedance/seedream/v4/edit",
                {"prompt": "$prompt", "image_urls": "$images", "num_images": 1, "seed": SEED_REF},
            ),
        ),
    ),
    edit_model(
        "reve_edit",
        "Reve Edit",
        "Reve's instruction-based image editor.",
        credits=4,
        inputs=(prompt_in(), image_in()),
        routes=(
            fal(
                "fal-ai/reve/edit",
                {"prompt": "$prompt", "image_url": "$image"},
                status="unconfirmed",
                note="endpoint last seen in fal's 2025-10 client types; fal now also lists reve/fast/edit",
            ),
            replicate("reve/edit", {"prompt": "$prompt", "image": "$image"}, status="unconfirmed"),
        ),
    ),
    edit_model(
        "kolors_virtual_try_on",
        "Kolors Virtual Try On",
        "Dress the person in a photo in a garment.",
        credits=4,
        inputs=(image_in(description="Photo of the person"), image_in("garment", description="Photo of the garment")),
        routes=(
            fal(
                "fal-ai/kling/v1-5/kolors-virtual-try-on",
                {"human_image_url": "$image", "garment_image_url": "$garment"},
            ),
        ),
    ),
]
