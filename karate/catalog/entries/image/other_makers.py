"""Text-to-image from MiniMax, Bria, Tencent Hunyuan, Recraft, OpenAI's GPT Image 1 (which also edits),
Alibaba's Wan 2.2 and NVIDIA's Sana."""

from __future__ import annotations

from karate.catalog.dsl import (
    COMMON_ASPECTS,
    FAL_SIZE,
    NEGATIVE,
    PROMPT_OPTIMIZER,
    SEED,
    SEED_REF,
    aspect,
    choice,
    fal,
    images_in,
    prompt_in,
    replicate,
    route,
    steps,
)
from karate.catalog.entries.image.builder import guidance_scale, image_model
from karate.catalog.schema import ModelEntry

ENTRIES: list[ModelEntry] = [
    image_model(
        "minimax_image_01",
        "Minimax Image 01",
        "MiniMax's image model.",
        credits=3,
        params=(
            aspect(("1:1", "16:9", "4:3", "3:2", "2:3", "3:4", "9:16", "21:9")),
            PROMPT_OPTIMIZER,
        ),
        routes=(
            fal(
                "fal-ai/minimax/image-01",
                {
                    "prompt": "$prompt",
                    "aspect_ratio": "$aspect_ratio",
                    "num_images": 1,
                    "prompt_optimizer": "$prompt_optimizer",
                },
            ),
            replicate(
                "minimax/image-01",
                {"prompt": "$prompt", "aspect_ratio": "$aspect_ratio", "prompt_optimizer": "$prompt_optimizer"},
                status="unconfirmed",
            ),
        ),
    ),
    image_model(
        "bria",
        "Bria",
        "Bria's text-to-image, trained on licensed data only.",
        credits=4,
        params=(choice("variant", ("base", "fast", "hd")), aspect(), NEGATIVE, SEED),
        routes=(
            fal(
                "fal-ai/bria/text-to-image/{variant}",
                {
                    "prompt": "$prompt",
                    "aspect_ratio": "$aspect_ratio",
                    "negative_prompt": "$negative_prompt",
                    "num_images": 1,
                    "seed": SEED_REF,
                },
            ),
            replicate(
                "bria/image-3.2",
                {"prompt": "$prompt", "aspect_ratio": "$aspect_ratio", "seed": SEED_REF},
                status="unconfirmed",
            ),
        ),
    ),
    image_model(
        "hunyuan_image",
        "Hunyuan Image",
        "Tencent's Hunyuan text-to-image.",
        credits=4,
        params=(aspect(COMMON_ASPECTS), NEGATIVE, SEED),
        routes=(
            fal(
                "fal-ai/hunyuan-image/v3/text-to-image",
                {"prompt": "$prompt", "negative_prompt": "$negative_prompt", "image_size": FAL_SIZE, "seed": SEED_REF},
            ),
            replicate("tencent/hunyuan-image-2.1", {"prompt": "$prompt", "seed": SEED_REF}, status="unconfirmed"),
        ),
    ),
    image_model(
        "recraft_v3",
        "Recraft V3",
        "Recraft's design-minded model with named styles.",
        credits=4,
        params=(
            choice("style", ("realistic_image", "digital_illustration", "vector_illustration")),
            aspect(COMMON_ASPECTS),
        ),
        routes=(
            fal("fal-ai/recraft/v3/text-to-image", {"prompt": "$prompt", "style": "$style", "image_size": FAL_SIZE}),
            replicate(
                "recraft-ai/recraft-v3",
                {"prompt": "$prompt", "style": "$style", "aspect_ratio": "$aspect_ratio"},
                status="unconfirmed",
            ),
        ),
    ),
    image_model(
        "gpt_image_1",
        "GPT Image 1",
        "OpenAI's GPT Image 1; connect images to edit them instead.",
        credits=8,
        inputs=(prompt_in(), images_in(description="Images to edit (optional)")),
        params=(
            choice("size", ("auto", "1024x1024", "1536x1024", "1024x1536")),
            choice("quality", ("auto", "low", "medium", "high")),
            choice("background", ("auto", "transparent", "opaque")),
        ),
        routes=(
            route(
                "openai",
                "gpt-image-1",
                operation="images.generate",
                when="!images",
                input={
                    "prompt": "$prompt",
                    "size": "$size",
                    "quality": "$quality",
                    "background": "$background",
                    "n": 1,
                },
            ),
            route(
                "openai",
                "gpt-image-1",
                operation="images.edit",
                when="images",
                input={
                    "prompt": "$prompt",
                    "image": "$images",
                    "size": "$size",
                    "quality": "$quality",
                    "background": "$background",
                },
            ),
            fal(
                "fal-ai/gpt-image-1/text-to-image",
                {
                    "prompt": "$prompt",
                    "image_size": "$size",
                    "quality": "$quality",
                    "background": "$background",
                    "num_images": 1,
                },
                when="!images",
            ),
            fal(
                "fal-ai/gpt-image-1/edit-image",
                {
                    "prompt": "$prompt",
                    "image_urls": "$images",
                    "image_size": "$size",
                    "quality": "$quality",
                    "num_images": 1,
                },
                when="images",
            ),
            replicate("openai/gpt-image-1", {"prompt": "$prompt", "input_images": "$images"}, status="unconfirmed"),
        ),
    ),
    image_model(
        "wan_2_2_image",
        "Wan 2.2 Image",
        "Alibaba's Wan 2.2 (A14B) as a text-to-image model.",
        credits=3,
        params=(aspect(COMMON_ASPECTS), NEGATIVE, SEED),
        routes=(
            fal(
                "fal-ai/wan/v2.2-a14b/text-to-image",
                {"prompt": "$prompt", "negative_prompt": "$negative_prompt", "image_size": FAL_SIZE, "seed": SEED_REF},
                status="unconfirmed",
            ),
        ),
    ),
    image_model(
        "nvidia_sana",
        "Nvidia Sana",
        "NVIDIA's fast high-resolution linear-attention model.",
        credits=2,
        params=(
            aspect(COMMON_ASPECTS),
            NEGATIVE,
            steps(18, 1, 50),
            guidance_scale(5),
            SEED,
        ),
        routes=(
            fal(
                "fal-ai/sana",
                {
                    "prompt": "$prompt",
                    "negative_prompt": "$negative_prompt",
                    "image_size": FAL_SIZE,
                    "num_inference_steps": "$steps",
                    "guidance_scale": "$guidance_scale",
                    "num_images": 1,
                    "seed": SEED_REF,
                },
            ),
            replicate(
                "nvidia/sana",
                {"prompt": "$prompt", "negative_prompt": "$negative_prompt", "seed": SEED_REF},
                community=True,
                status="unconfirmed",
            ),
        ),
    ),
    image_model(
        "nvidia_consistency",
        "Nvidia Consistency",
        "Sana Sprint: NVIDIA's consistency-distilled Sana, an image in one to four steps.",
        credits=1,
        params=(aspect(COMMON_ASPECTS), SEED),
        routes=(
            fal(
                "fal-ai/sana/sprint",
                {"prompt": "$prompt", "image_size": FAL_SIZE, "seed": SEED_REF},
                status="unconfirmed",
                note="'Nvidia Consistency' read as the consistency model Sana Sprint",
            ),
            replicate(
                "nvidia/sana-sprint-1.6b", {"prompt": "$prompt", "seed": SEED_REF}, community=True, status="unconfirmed"
            ),
        ),
    ),
]
