"""The best-known labs' text-to-image: Black Forest Labs' Flux Pro 1.1 Ultra, Stability's Stable Diffusion 3.5,
Ideogram V3 and V2, and OpenAI's DALL·E 3."""

from __future__ import annotations

from karate.catalog.dsl import (
    FAL_SIZE,
    NEGATIVE,
    SEED,
    SEED_REF,
    aspect,
    choice,
    fal,
    flag,
    image_in,
    number,
    prompt_in,
    replicate,
    route,
)
from karate.catalog.entries.image.builder import JPG_PNG, SAFETY_TOLERANCE, TO_FAL_FORMAT, image_model
from karate.catalog.schema import ModelEntry

EXPAND_PROMPT = flag("expand_prompt", True, "Let Ideogram enrich the prompt")

ENTRIES: list[ModelEntry] = [
    image_model(
        "flux_pro_1_1_ultra",
        "Flux Pro 1.1 Ultra",
        "Black Forest Labs' flagship: 4-megapixel images, raw mode.",
        credits=6,
        inputs=(prompt_in(), image_in(required=False, description="Optional image prompt")),
        params=(
            aspect(),
            flag("raw", False, "Less processed, more natural look"),
            number("image_prompt_strength", 0.1, 0, 1, "How much the image prompt steers the result"),
            SAFETY_TOLERANCE,
            JPG_PNG,
            SEED,
        ),
        routes=(
            replicate(
                "black-forest-labs/flux-1.1-pro-ultra",
                {
                    "prompt": "$prompt",
                    "aspect_ratio": "$aspect_ratio",
                    "raw": "$raw",
                    "image_prompt": "$image",
                    "image_prompt_strength": "$image_prompt_strength",
                    "safety_tolerance": "$safety_tolerance",
                    "seed": SEED_REF,
                    "output_format": "$output_format",
                },
            ),
            fal(
                "fal-ai/flux-pro/v1.1-ultra",
                {
                    "prompt": "$prompt",
                    "aspect_ratio": "$aspect_ratio",
                    "raw": "$raw",
                    "image_url": "$image",
                    "image_prompt_strength": "$image_prompt_strength",
                    "num_images": 1,
                    "safety_tolerance": {"$": "safety_tolerance", "as": "str"},
                    "seed": SEED_REF,
                    "output_format": TO_FAL_FORMAT,
                },
            ),
        ),
        alternatives=("Imagen 4 Fast",),
    ),
    image_model(
        "stable_diffusion_3_5",
        "Stable Diffusion 3.5",
        "Stability AI's open model in large, turbo and medium sizes.",
        credits=4,
        params=(
            choice("variant", ("large", "large-turbo", "medium"), description="Model size"),
            aspect(("1:1", "16:9", "21:9", "2:3", "3:2", "4:5", "5:4", "9:16", "9:21")),
            NEGATIVE,
            SEED,
            choice("output_format", ("png", "jpeg"), advanced=True),
        ),
        routes=(
            route(
                "stability",
                "sd3.5-{variant}",
                operation="stable-image/generate/sd3",
                input={
                    "model": "sd3.5-${variant}",
                    "mode": "text-to-image",
                    "prompt": "$prompt",
                    "negative_prompt": "$negative_prompt",
                    "aspect_ratio": "$aspect_ratio",
                    "seed": SEED_REF,
                    "output_format": "$output_format",
                },
            ),
            replicate(
                "stability-ai/stable-diffusion-3.5-{variant}",
                {
                    "prompt": "$prompt",
                    "aspect_ratio": "$aspect_ratio",
                    "negative_prompt": "$negative_prompt",
                    "seed": SEED_REF,
                },
                status="unconfirmed",
                note="input names not confirmed",
            ),
            fal(
                "fal-ai/stable-diffusion-v35-large",
                {
                    "prompt": "$prompt",
                    "negative_prompt": "$negative_prompt",
                    "image_size": FAL_SIZE,
                    "num_images": 1,
                    "seed": SEED_REF,
                },
                note="fal hosts the large and medium sizes",
            ),
        ),
    ),
    image_model(
        "ideogram_v3",
        "Ideogram V3",
        "Ideogram's third generation, strong at typography and layout.",
        credits=6,
        params=(
            choice("speed", ("balanced", "turbo", "quality"), description="Speed against quality"),
            choice("style", ("AUTO", "GENERAL", "REALISTIC", "DESIGN")),
            aspect(),
            EXPAND_PROMPT,
            NEGATIVE,
            SEED,
        ),
        routes=(
            fal(
                "fal-ai/ideogram/v3",
                {
                    "prompt": "$prompt",
                    "rendering_speed": {
                        "$": "speed",
                        "map": {"balanced": "BALANCED", "turbo": "TURBO", "quality": "QUALITY"},
                    },
                    "style": "$style",
                    "image_size": FAL_SIZE,
                    "expand_prompt": "$expand_prompt",
                    "negative_prompt": "$negative_prompt",
                    "num_images": 1,
                    "seed": SEED_REF,
                },
            ),
            replicate(
                "ideogram-ai/ideogram-v3-{speed}",
                {"prompt": "$prompt", "aspect_ratio": "$aspect_ratio", "seed": SEED_REF},
                status="unconfirmed",
                note="input names not confirmed",
            ),
        ),
    ),
    image_model(
        "ideogram_v2",
        "Ideogram V2",
        "Ideogram's second generation.",
        credits=5,
        params=(aspect(), EXPAND_PROMPT, SEED),
        routes=(
            replicate(
                "ideogram-ai/ideogram-v2",
                {"prompt": "$prompt", "aspect_ratio": "$aspect_ratio", "seed": SEED_REF},
                status="unconfirmed",
            ),
            fal(
                "fal-ai/ideogram/v2",
                {
                    "prompt": "$prompt",
                    "aspect_ratio": "$aspect_ratio",
                    "expand_prompt": "$expand_prompt",
                    "seed": SEED_REF,
                },
                status="unconfirmed",
            ),
        ),
    ),
    image_model(
        "dall_e_3",
        "DALL·E 3",
        "OpenAI's DALL·E 3.",
        credits=8,
        params=(
            choice("size", ("1024x1024", "1792x1024", "1024x1792")),
            choice("quality", ("standard", "hd")),
            choice("style", ("vivid", "natural")),
        ),
        routes=(
            route(
                "openai",
                "dall-e-3",
                operation="images.generate",
                input={
                    "prompt": "$prompt",
                    "size": "$size",
                    "quality": "$quality",
                    "style": "$style",
                    "n": 1,
                    "response_format": "b64_json",
                },
            ),
            replicate("openai/dall-e-3", {"prompt": "$prompt"}, status="unconfirmed"),
        ),
    ),
]
