"""Google's Imagen 3 and 4 in their sizes, built by one function since only slugs and price differ."""

from __future__ import annotations

from karate.catalog.dsl import COMMON_ASPECTS, aspect, fal, replicate, route
from karate.catalog.entries.image.builder import JPG_PNG, image_model
from karate.catalog.schema import ModelEntry


def _imagen(
    id: str, title: str, replicate_slug: str, fal_endpoint: str, gemini_model: str | None, credits: int
) -> ModelEntry:
    routes = [
        replicate(
            replicate_slug, {"prompt": "$prompt", "aspect_ratio": "$aspect_ratio", "output_format": "$output_format"}
        ),
        fal(
            fal_endpoint,
            {"prompt": "$prompt", "aspect_ratio": "$aspect_ratio", "num_images": 1},
            status="unconfirmed",
            note="endpoint last seen in fal's 2026-04 client types",
        ),
    ]
    if gemini_model:
        routes.append(
            route(
                "google",
                gemini_model,
                operation="predict",
                status="deprecated",
                note="Imagen on the Gemini Developer API is being retired in favour of Vertex AI",
                input={
                    "instances": [{"prompt": "$prompt"}],
                    "parameters": {"sampleCount": 1, "aspectRatio": "$aspect_ratio"},
                },
            )
        )
    return image_model(
        id,
        title,
        f"Google {title}: photorealistic text-to-image.",
        credits=credits,
        params=(aspect(COMMON_ASPECTS), JPG_PNG),
        routes=tuple(routes),
        alternatives=("Flux Pro 1.1 Ultra",),
    )


ENTRIES: list[ModelEntry] = [
    _imagen("imagen_3", "Imagen 3", "google/imagen-3", "fal-ai/imagen3", "imagen-3.0-generate-002", 5),
    _imagen("imagen_3_fast", "Imagen 3 Fast", "google/imagen-3-fast", "fal-ai/imagen3/fast", None, 3),
    _imagen("imagen_4", "Imagen 4", "google/imagen-4", "fal-ai/imagen4/preview", "imagen-4.0-generate-001", 6),
    _imagen(
        "imagen_4_fast",
        "Imagen 4 Fast",
        "google/imagen-4-fast",
        "fal-ai/imagen4/preview/fast",
        "imagen-4.0-fast-generate-001",
        3,
    ),
    _imagen(
        "imagen_4_ultra",
        "Imagen 4 Ultra",
        "google/imagen-4-ultra",
        "fal-ai/imagen4/preview/ultra",
        "imagen-4.0-ultra-generate-001",
        9,
    ),
]
