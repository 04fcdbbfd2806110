"""Background removal and replacement (Bria, Stability), and content-aware fill of a masked area."""

from __future__ import annotations

from karate.catalog.dsl import NEGATIVE, SEED, SEED_REF, fal, image_in, mask_in, prompt_in, replicate, route
from karate.catalog.entries.edit.builder import GROW_MASK, edit_model
from karate.catalog.schema import ModelEntry

ENTRIES: list[ModelEntry] = [
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
        params=(GROW_MASK, SEED),
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
]
