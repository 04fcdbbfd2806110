"""Language models (spec 6.1 text models) and the image describer; each falls back to a local Ollama."""

from __future__ import annotations

from typing import Unpack

from karate.catalog.dsl import (
    TEXT_BODY,
    TEXT_OUT,
    EntryFields,
    choice,
    entry,
    image_in,
    images_in,
    integer,
    number,
    prompt_in,
    route,
    string,
)
from karate.catalog.schema import ModelEntry

TEXT_PARAMS = (
    string("system", "", "Instructions that frame every answer", long=True),
    integer("max_tokens", 1024, 1, 16384, "Longest answer, in tokens", advanced=True),
    number("temperature", 0.7, 0, 2, "Higher is more varied", advanced=True),
)
#: every language model falls back to the local Ollama model
OLLAMA_FALLBACK = route(
    "ollama", "local", operation="chat", input=TEXT_BODY, note="runs the Ollama model set by KARATE_OLLAMA_MODEL"
)
TEXT_INPUTS = (prompt_in(description="Your message"), images_in(description="Images to read (optional)"))


def text_model(id: str, title: str, description: str, **fields: Unpack[EntryFields]) -> ModelEntry:
    fields.setdefault("job_timeout", 180.0)
    return entry(id, title, "text", description, output=TEXT_OUT, **fields)


ENTRIES: list[ModelEntry] = [
    text_model(
        "gpt_4",
        "GPT-4",
        "OpenAI GPT-4 family: write, rewrite, or read images.",
        credits=2,
        inputs=TEXT_INPUTS,
        params=(choice("variant", ("gpt-4o", "gpt-4.1", "gpt-4o-mini", "gpt-4-turbo")), *TEXT_PARAMS),
        routes=(
            route("openai", "{variant}", operation="chat", input=TEXT_BODY),
            OLLAMA_FALLBACK,
        ),
    ),
    text_model(
        "claude_3",
        "Claude 3",
        "Anthropic Claude 3.x: write, rewrite, or read images.",
        credits=2,
        inputs=TEXT_INPUTS,
        params=(
            choice(
                "variant",
                (
                    "claude-3-5-sonnet-latest",
                    "claude-3-5-haiku-latest",
                    "claude-3-7-sonnet-latest",
                    "claude-3-haiku-20240307",
                ),
            ),
            *TEXT_PARAMS,
        ),
        routes=(
            route(
                "anthropic",
                "{variant}",
                input=TEXT_BODY,
                status="unconfirmed",
                note="Anthropic retires old model ids; check the variant is still served",
            ),
            OLLAMA_FALLBACK,
        ),
    ),
    text_model(
        "image_describer",
        "Image Describer",
        "Describe an image in words (the Image Describer tool).",
        credits=1,
        inputs=(image_in(description="Image to describe"),),
        params=(
            string(
                "instruction",
                "Describe this image in one detailed paragraph: subject, setting, style, lighting and colours.",
                "What to ask about the image",
                long=True,
            ),
            integer("max_tokens", 400, 16, 4096, "Longest answer, in tokens", advanced=True),
        ),
        routes=tuple(
            route(
                provider,
                model,
                operation=operation,
                input={"prompt": "$instruction", "images": ["$image"], "max_tokens": "$max_tokens"},
            )
            for provider, model, operation in (
                ("openai", "gpt-4o-mini", "chat"),
                ("anthropic", "claude-3-5-haiku-latest", ""),
                ("google", "gemini-2.5-flash", "generate_content"),
                ("ollama", "local", "chat"),
            )
        ),
    ),
]
