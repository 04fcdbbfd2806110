"""How far a picture may be enlarged within the studio's pixel limit (KARATE_MAX_IMAGE_PIXELS), and why a scale past
it is refused, in words: the one check the Upscale tool runs, and the arithmetic the AI dock's planner caps with.
Pure Python (no image libraries), so that the planner can read it."""

from __future__ import annotations

from collections.abc import Iterable

from karate.engine.errors import InvalidInput
from karate.storage.media_errors import megapixels


def fits(width: int, height: int, scale: int, max_pixels: int) -> bool:
    """Whether a `width`×`height` picture enlarged `scale` times is within `max_pixels` (width × height)."""
    return width * scale * height * scale <= max_pixels


def largest_fitting_scale(width: int, height: int, scales: Iterable[int], max_pixels: int) -> int | None:
    """The largest of `scales` at which a `width`×`height` picture stays within `max_pixels`; None when none does."""
    fitting = [scale for scale in scales if fits(width, height, scale, max_pixels)]
    return max(fitting) if fitting else None


def _article(number: int) -> str:
    """ "a" or "an" before `number` as it is read aloud: an 800, an 11000, an 18, but a 1800."""
    digits = str(number)
    leading = digits[: len(digits) % 3 or 3]  # the group read first: "11" of 11000 (eleven thousand)
    return "an" if digits.startswith("8") or leading in ("11", "18") else "a"


def over_limit(width: int, height: int, scale: int, max_pixels: int) -> str:
    """What enlarging a `width`×`height` picture `scale` times would make, against the limit, in words: "a 4000×3000
    image upscaled 4× would be 16000×12000 (192 megapixels), over this studio's 100-megapixel limit" ("an 8000×6000
    image …")."""
    return (
        f"{_article(width)} {width}×{height} image upscaled {scale}× would be {width * scale}×{height * scale} "
        f"({megapixels(width * height * scale * scale)} megapixels), over this studio's "
        f"{megapixels(max_pixels)}-megapixel limit"
    )


def scale_past_limit(width: int, height: int, scale: int, max_pixels: int, scales: Iterable[int]) -> str | None:
    """Why enlarging a `width`×`height` picture `scale` times is refused, naming the largest of `scales` that fits
    (or how small the picture must be when none does); None when the result is within `max_pixels`.

    "a 4000×3000 image upscaled 4× would be 16000×12000 (192 megapixels), over this studio's 100-megapixel limit;
    choose a scale of 2, or crop the image first"
    """
    if fits(width, height, scale, max_pixels):
        return None
    offered = sorted(set(scales))
    result = over_limit(width, height, scale, max_pixels)
    best = largest_fitting_scale(width, height, offered, max_pixels)
    if best is None:
        smallest = offered[0] if offered else 2
        most = max_pixels // (smallest * smallest)
        return (
            f"{result}, and no scale fits; crop or shrink the image to {megapixels(most)} megapixels or less "
            f"(for example {_within(width, height, most)}) and upscale that"
        )
    choice = f"{best}" if best == offered[0] else f"{best} or less"
    return f"{result}; choose a scale of {choice}, or crop the image first"


def check_upscale(width: int, height: int, scale: int, max_pixels: int, scales: Iterable[int]) -> None:
    """Refuse, before any work, enlarging a `width`×`height` picture `scale` times past `max_pixels`. Raises
    InvalidInput with `scale_past_limit`'s words."""
    refusal = scale_past_limit(width, height, scale, max_pixels, scales)
    if refusal is not None:
        raise InvalidInput(refusal)


def _within(width: int, height: int, max_pixels: int) -> str:
    """The picture's shape shrunk to at most `max_pixels`, in words: "5000×3750"."""
    factor = (max_pixels / (width * height)) ** 0.5
    shrunk_w, shrunk_h = max(1, int(width * factor)), max(1, int(height * factor))
    return f"{shrunk_w}×{shrunk_h}"
