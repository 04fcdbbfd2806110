"""How a parameter's or port's name reads to a person: "image_url" is "Image URL" on the node, "image URL" in a
sentence. Acronyms keep their capitals (URL, ID, 3D) in every label the studio derives from a name."""

from __future__ import annotations

import re
from typing import Any

_ACRONYMS = {
    word.lower(): word
    for word in (
        "2D", "3D", "AI", "API", "CFG", "DPI", "EXR", "FPS", "GIF", "GPU", "HDR", "HDRI", "HTML", "HTTP", "HTTPS",
        "ICC", "ID", "IP", "JPEG", "JPG", "JSON", "LLM", "LoRA", "LUT", "MP3", "MP4", "OCR", "PBR", "PDF", "PNG",
        "RGB", "RGBA", "SDXL", "SVG", "TTS", "UI", "URL", "UV", "VAE", "WebP",
    )
}  # fmt: skip


# A value made of words only ("motion", "fill_frame"): read as words; others ("16:9", "flux-dev") as they are.
_WORDS = re.compile(r"[a-z]+(?:_[a-z]+)*")


def name_words(name: str) -> str:
    """`name` as words for the middle of a sentence: "image_prompt_strength" -> "image prompt strength",
    "lora_url" -> "LoRA URL"."""
    return " ".join(_ACRONYMS.get(word.lower(), word) for word in name.split("_") if word)


def name_label(name: str) -> str:
    """`name` as a label that starts a line: "first_frame" -> "First frame", "url" -> "URL"."""
    words = name_words(name)
    return words[:1].upper() + words[1:]


def name_title(name: str) -> str:
    """`name` as a form field's title, every word capitalised: "aspect_ratio" -> "Aspect Ratio",
    "cfg_scale" -> "CFG Scale"."""
    return " ".join(word[:1].upper() + word[1:] for word in name_words(name).split(" ") if word)


def titled_properties(schema: dict[str, Any], model: type[Any]) -> None:
    """A parameters model's JSON schema hook (`json_schema_extra`): each property without a title of its own
    (`Param(title=...)`) is titled by `name_title`, not pydantic's "Url"; a choice among words ("png", "gaussian")
    gets `enum_labels`, how each reads in a menu ("PNG", "Gaussian")."""
    for name, field in model.model_fields.items():
        prop = schema.get("properties", {}).get(field.alias or name)
        if prop is None:
            continue
        if field.title is None:
            prop["title"] = name_title(name)
        choices = prop.get("enum")
        if choices and all(isinstance(value, str) and _WORDS.fullmatch(value) for value in choices):
            prop["enum_labels"] = [name_label(value) for value in choices]
