"""Relight, inpaint, outpaint, depth and face alignment: the learned modes of the 6.2 editing tools."""

from __future__ import annotations

from karate.catalog.dsl import (
    NEGATIVE,
    SEED,
    SEED_REF,
    choice,
    fal,
    image_in,
    integer,
    mask_in,
    number,
    prompt_in,
    replicate,
    route,
)
from karate.catalog.entries.edit.builder import GROW_MASK, edit_model
from karate.catalog.schema import ModelEntry

LIGHT = ("None", "Left", "Right", "Top", "Bottom")


ENTRIES: list[ModelEntry] = [
    edit_model(
        "relight_2",
        "Relight 2.0",
        "IC-Light v2: relight the subject from a prompt and a light direction.",
        credits=3,
        inputs=(image_in(), prompt_in(description="The lighting, e.g. 'warm sunset from the left'")),
        params=(choice("light_direction", LIGHT, description="Where the light comes from"), SEED),
        routes=(
            fal(
                "fal-ai/iclight-v2",
                {"image_url": "$image", "prompt": "$prompt", "initial_latent": "$light_direction", "seed": SEED_REF},
            ),
            replicate(
                "zsxkib/ic-light",
                {
                    "subject_image": "$image",
                    "prompt": "$prompt",
                    "light_source": {
                        "$": "light_direction",
                        "map": {
                            "None": "None",
                            "Left": "Left Light",
                            "Right": "Right Light",
                            "Top": "Top Light",
                            "Bottom": "Bottom Light",
                        },
                    },
                },
                community=True,
                status="unconfirmed",
            ),
            route(
                "stability",
                "replace-background-and-relight",
                operation="stable-image/edit/replace-background-and-relight",
                status="unconfirmed",
                note="field names not confirmed",
                input={
                    "subject_image": "$image",
                    "background_prompt": "$prompt",
                    "light_source_direction": {
                        "$": "light_direction",
                        "omit": ["None"],
                        "map": {"Left": "left", "Right": "right", "Top": "above", "Bottom": "below"},
                    },
                    "seed": SEED_REF,
                    "output_format": "png",
                },
            ),
        ),
    ),
    edit_model(
        "inpaint",
        "AI Inpaint",
        "Repaint the masked area from a prompt (the Inpaint tool's AI mode).",
        credits=3,
        inputs=(image_in(), mask_in(), prompt_in(description="What to paint in the masked area")),
        params=(NEGATIVE, GROW_MASK, SEED),
        routes=(
            route(
                "stability",
                "inpaint",
                operation="stable-image/edit/inpaint",
                input={
                    "image": "$image",
                    "mask": "$mask",
                    "prompt": "$prompt",
                    "negative_prompt": "$negative_prompt",
                    "grow_mask": "$grow_mask",
                    "seed": SEED_REF,
                    "output_format": "png",
                },
            ),
            replicate(
                "black-forest-labs/flux-fill-pro",
                {"image": "$image", "mask": "$mask", "prompt": "$prompt", "seed": SEED_REF},
                status="unconfirmed",
            ),
        ),
    ),
    edit_model(
        "outpaint",
        "AI Outpaint",
        "Extend the image beyond its borders (the Outpaint tool's AI mode).",
        credits=4,
        inputs=(image_in(), prompt_in(required=False, description="What the extended area shows")),
        params=(
            integer("left", 0, 0, 2000, "Pixels to add on the left"),
            integer("right", 0, 0, 2000, "Pixels to add on the right"),
            integer("up", 0, 0, 2000, "Pixels to add at the top"),
            integer("down", 256, 0, 2000, "Pixels to add at the bottom"),
            number("creativity", 0.5, 0, 1, "How freely the new area is invented"),
            SEED,
        ),
        routes=(
            route(
                "stability",
                "outpaint",
                operation="stable-image/edit/outpaint",
                status="unconfirmed",
                note="field ranges not confirmed",
                input={
                    "image": "$image",
                    "prompt": "$prompt",
                    "left": "$left",
                    "right": "$right",
                    "up": "$up",
                    "down": "$down",
                    "creativity": "$creativity",
                    "seed": SEED_REF,
                    "output_format": "png",
                },
            ),
        ),
    ),
    edit_model(
        "depth_anything",
        "Depth Anything",
        "A depth map of the image, near is bright (the Z-Depth tool's learned mode).",
        credits=1,
        inputs=(image_in(),),
        routes=(
            fal("fal-ai/imageutils/depth", {"image_url": "$image"}, status="unconfirmed"),
            replicate("chenxwh/depth-anything-v2", {"image": "$image"}, community=True, status="unconfirmed"),
        ),
    ),
    edit_model(
        "face_align",
        "Face Align",
        "Detect, crop and align the face in a portrait.",
        credits=1,
        inputs=(image_in(),),
        routes=(
            replicate(
                "cjwbw/face-align-cog",
                {"image": "$image"},
                community=True,
                status="unconfirmed",
                note="a little-used community model: the one first planned for this tool could not be found",
            ),
        ),
    ),
]
