"""The Adjust tool (the spec's "Default" tool): exposure, brightness, contrast, saturation and gamma."""

from __future__ import annotations

import numpy as np

from karate.nodes.tools.bands import filter_in_bands
from karate.nodes.tools.imaging import (
    LUMA_WEIGHTS,
    blend_with_mask,
    fit_mask,
    from_unit,
    merge_alpha,
    split_alpha,
    to_unit,
)
from karate.sdk import Image, Input, Mask, Node, NodeContext, Param, node

NEUTRAL = {"exposure": 0, "brightness": 0, "contrast": 0, "saturation": 0, "gamma": 1}


def srgb_to_linear(value: np.ndarray) -> np.ndarray:
    return np.where(value <= 0.04045, value / 12.92, ((value + 0.055) / 1.055) ** 2.4)


def linear_to_srgb(value: np.ndarray) -> np.ndarray:
    value = np.clip(value, 0, None)
    return np.where(value <= 0.0031308, value * 12.92, 1.055 * value ** (1 / 2.4) - 0.055)


def adjust_colors(
    rgb: np.ndarray,
    *,
    exposure: float = 0.0,
    brightness: float = 0.0,
    contrast: float = 0.0,
    saturation: float = 0.0,
    gamma: float = 1.0,
) -> np.ndarray:
    """Apply the adjustments in a photographer's order to uint8 RGB; returns float 0..1 RGB."""
    value = to_unit(rgb)
    if exposure:
        # Stops of exposure multiply light, so they act on linear light, not on the sRGB-encoded values.
        value = linear_to_srgb(srgb_to_linear(value) * 2.0**exposure)
    if brightness:
        value = value + brightness / 100
    if contrast:
        value = (value - 0.5) * (1 + contrast / 100) + 0.5
    if saturation:
        grey = (value @ LUMA_WEIGHTS)[:, :, None]
        value = grey + (value - grey) * (1 + saturation / 100)
    value = np.clip(value, 0, 1)
    if gamma != 1:
        value = value ** (1 / gamma)
    result: np.ndarray = value
    return result


@node("tool.adjust", title="Adjust", category="tools", version=1)
class Adjust(Node):
    """Correct exposure, brightness, contrast, saturation and gamma. The defaults leave the image unchanged;
    connect a mask to adjust only part of it. Transparency is kept."""

    image: Image = Input()
    mask: Mask = Input("Where to adjust (white); the whole image when not connected", required=False)
    exposure: float = Param(
        0.0, ge=-5, le=5, step=0.1, ui="slider", description="Stops of light: +1 doubles it, -1 halves it"
    )
    brightness: float = Param(
        0.0,
        ge=-100,
        le=100,
        step=1,
        ui="slider",
        description="Lift (+) or lower (-) every tone, in percent of full white",
    )
    contrast: float = Param(
        0.0,
        ge=-100,
        le=100,
        step=1,
        ui="slider",
        description="Spread tones away from (+) or towards (-) mid grey, in percent",
    )
    saturation: float = Param(
        0.0, ge=-100, le=100, step=1, ui="slider", description="Colour intensity in percent; -100 gives black and white"
    )
    gamma: float = Param(
        1.0, ge=0.1, le=5, step=0.05, ui="slider", description="Above 1 brightens the mid tones, below 1 darkens them"
    )
    outputs = {"image": Image}

    def run(self, ctx: NodeContext) -> np.ndarray:
        rgb, alpha = split_alpha(self.image)
        settings = {
            "exposure": self.exposure,
            "brightness": self.brightness,
            "contrast": self.contrast,
            "saturation": self.saturation,
            "gamma": self.gamma,
        }
        if settings == NEUTRAL:
            return self.image
        # per pixel: a band of rows at a time bounds the float copies' memory and reports progress
        adjusted = filter_in_bands(rgb, lambda rows: from_unit(adjust_colors(rows, **settings)), 0, ctx)
        if self.mask is not None:
            mask = fit_mask(self.mask, rgb.shape[0], rgb.shape[1], "Adjust")
            adjusted = blend_with_mask(rgb, adjusted, mask)
        return merge_alpha(adjusted, alpha)
