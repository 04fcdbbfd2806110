"""Image editing models: instruction edits, background removal and replacement, fill, relight, depth
(spec 18.1 tools and the learned modes of the 6.2 editing tools)."""

from __future__ import annotations

from karate.catalog.dsl import (
    ASPECTS,
    IMAGE_OUT,
    NEGATIVE,
    SEED,
    SEED_REF,
    aspect,
    choice,
    fal,
    image_in,
    images_in,
    integer,
    mask_in,
    number,
    prompt_in,
    replicate,
    route,
)
from karate.catalog.schema import ModelEntry

EDIT_TIMEOUT = 300.0
LIGHT = ("None", "Left", "Right", "Top", "Bottom")


def edit_model(id: str, title: str, description: str, **fields: object) -> ModelEntry:
    fields.setdefault("job_timeout", EDIT_TIMEOUT)
    fields.setdefault("output", IMAGE_OUT)
    return ModelEntry(id=f"model.{id}", title=title, category="edit", description=description, **fields)  # type: ignore[arg-type]


ENTRIES: list[ModelEntry] = [
    edit_model(
        "nano_banana",
        "Nano Banana",
        "Google's Gemini 2.5 Flash Image: generate, or edit connected images by instruction.",
        credits=4,
        inputs=(prompt_in(), images_in(description="Images to edit (optional)")),
        params=(aspect(ASPECTS), choice("output_format", ("png", "jpg"), advanced=True)),
        routes=(
            route(
                "google",
                "gemini-2.5-flash-image",
                operation="generate_content",
                input={"prompt": "$prompt", "images": "$images", "aspect_ratio": "$aspect_ratio"},
            ),
            replicate(
                "google/nano-banana",
                {
                    "prompt": "$prompt",
                    "image_input": "$images",
                    "aspect_ratio": "$aspect_ratio",
                    "output_format": "$output_format",
                },
            ),
            fal(
                "fal-ai/nano-banana",
                {"prompt": "$prompt", "num_images": 1, "aspect_ratio": "$aspect_ratio"},
                when="!images",
            ),
            fal(
                "fal-ai/nano-banana/edit",
                {"prompt": "$prompt", "image_urls": "$images", "num_images": 1},
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
    edit_model(
        "bria_remove_background",
        "Bria Remove Background",
        "Cut out the subject (transparent background).",
        credits=1,
        inputs=(image_in(),),
        routes=(
            fal("fal-ai/bria/background/remove", {"image_url": "$image"}),
            replicate("bria/remove-background", {"image": "$image"}, status="unconfirmed"),
        ),
    ),
    edit_model(
        "sd3_remove_background",
        "SD3 Remove Background",
        "Stability's background removal.",
        credits=2,
        inputs=(image_in(),),
        routes=(
            route(
                "stability",
                "remove-background",
                operation="stable-image/edit/remove-background",
                input={"image": "$image", "output_format": "png"},
            ),
            fal("fal-ai/imageutils/rembg", {"image_url": "$image"}),
        ),
    ),
    edit_model(
        "bria_content_aware_fill",
        "Bria Content-Aware Fill",
        "Fill the masked area from a prompt (Bria GenFill).",
        credits=2,
        inputs=(image_in(), mask_in(), prompt_in(description="What to put in the masked area")),
        params=(NEGATIVE, SEED),
        routes=(
            fal(
                "fal-ai/bria/genfill",
                {
                    "image_url": "$image",
                    "mask_url": "$mask",
                    "prompt": "$prompt",
                    "negative_prompt": "$negative_prompt",
                    "num_images": 1,
                    "seed": SEED_REF,
                },
            ),
            replicate("bria/genfill", {"image": "$image", "mask": "$mask", "prompt": "$prompt"}, status="unconfirmed"),
        ),
    ),
    edit_model(
        "sd3_content_aware_fill",
        "SD3 Content-Aware Fill",
        "Erase the masked area and fill it from its surroundings (Stability Erase).",
        credits=2,
        inputs=(image_in(), mask_in("White where to erase")),
        params=(integer("grow_mask", 5, 0, 20, "Pixels to grow the mask by", advanced=True), SEED),
        routes=(
            route(
                "stability",
                "erase",
                operation="stable-image/edit/erase",
                input={
                    "image": "$image",
                    "mask": "$mask",
                    "grow_mask": "$grow_mask",
                    "seed": SEED_REF,
                    "output_format": "png",
                },
            ),
            fal("fal-ai/bria/eraser", {"image_url": "$image", "mask_url": "$mask"}, status="unconfirmed"),
        ),
    ),
    edit_model(
        "bria_replace_background",
        "Replace Background",
        "Keep the subject, generate a new background (Bria).",
        credits=3,
        inputs=(
            image_in(),
            prompt_in(required=False, description="The new background"),
            image_in("reference", required=False, description="Background reference (optional)"),
        ),
        params=(NEGATIVE, SEED),
        routes=(
            fal(
                "fal-ai/bria/background/replace",
                {
                    "image_url": "$image",
                    "prompt": "$prompt",
                    "ref_image_url": "$reference",
                    "negative_prompt": "$negative_prompt",
                    "num_images": 1,
                    "seed": SEED_REF,
                },
            ),
            replicate("bria/generate-background", {"image": "$image", "bg_prompt": "$prompt"}, status="unconfirmed"),
        ),
    ),
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
        params=(NEGATIVE, integer("grow_mask", 5, 0, 20, "Pixels to grow the mask by", advanced=True), SEED),
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
                note="low-use community model; the spec's model could not be identified",
            ),
        ),
    ),
]
