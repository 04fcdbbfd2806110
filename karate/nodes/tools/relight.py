"""The Relight tool: a directional light on surface normals estimated from the image's own shading."""

from __future__ import annotations

from dataclasses import dataclass

import cv2
import numpy as np

from karate.nodes.tools.bands import Steps, filter_in_bands
from karate.nodes.tools.imaging import (
    HEX_COLOR_PATTERN,
    gaussian_kernel_size,
    luminance,
    merge_alpha,
    parse_color,
    split_alpha,
    to_unit,
)
from karate.sdk import Image, Input, Node, NodeContext, Param, node


def light_direction(azimuth: float, elevation: float) -> np.ndarray:
    """Unit vector towards the light. Azimuth 0° is the right of the image, 90° the top; elevation 90° is
    straight in front of the picture."""
    az, el = np.deg2rad(azimuth), np.deg2rad(elevation)
    # Image rows grow downwards, so "up" on screen is negative y.
    return np.array([np.cos(el) * np.cos(az), -np.cos(el) * np.sin(az), np.sin(el)], np.float32)


def surface_normals(rgb: np.ndarray, depth: float, smoothness: float) -> np.ndarray:
    """Per-pixel unit normals (H×W×3), reading the blurred luminance as a height map: bright is raised."""
    height_map = luminance(to_unit(rgb))
    if smoothness > 0:
        height_map = cv2.GaussianBlur(
            height_map, gaussian_kernel_size(smoothness), smoothness, borderType=cv2.BORDER_REPLICATE
        )
    # Sobel's 3×3 kernel sums 8× the unit slope; dividing keeps `depth` a plain height scale.
    slope_x = cv2.Sobel(height_map, cv2.CV_32F, 1, 0, ksize=3, borderType=cv2.BORDER_REPLICATE) / 8
    slope_y = cv2.Sobel(height_map, cv2.CV_32F, 0, 1, ksize=3, borderType=cv2.BORDER_REPLICATE) / 8
    normals = np.dstack([-slope_x * depth, -slope_y * depth, np.ones_like(height_map)])
    result: np.ndarray = normals / np.linalg.norm(normals, axis=2, keepdims=True)
    return result


@dataclass(frozen=True, slots=True)
class Lighting:
    """A directional light plus ambient light, shining on a relief read from the image's brightness."""

    azimuth: float  # degrees the light comes from: 0 right, 90 top
    elevation: float  # degrees: 0 grazes the surface, 90 faces it
    color: tuple[int, int, int]  # the light's RGB, 0-255
    intensity: float  # the directional light's strength (1: its colour as is)
    ambient: float  # light that reaches every pixel, as a factor of its colour
    depth: float  # how strongly brightness changes read as relief
    smoothness: float  # blur of the relief in pixels (a gaussian's standard deviation)


def relight_image(image: np.ndarray, lighting: Lighting, steps: Steps | None = None) -> np.ndarray:
    """Lambert shading: each pixel's colour times (ambient + light colour × intensity × max(0, n·l)),
    computed a band of rows at a time (progress to `steps`)."""
    smoothness = lighting.smoothness
    reach = 1 + (gaussian_kernel_size(smoothness)[0] // 2 if smoothness > 0 else 0)  # the Sobel, the relief blur
    return filter_in_bands(image, lambda rows: _relight_rows(rows, lighting), reach, steps)


def _relight_rows(image: np.ndarray, lighting: Lighting) -> np.ndarray:
    rgb, alpha = split_alpha(image)
    normals = surface_normals(rgb, lighting.depth, lighting.smoothness)
    lambert = np.clip(normals @ light_direction(lighting.azimuth, lighting.elevation), 0, None)
    light = np.array(lighting.color, np.float32) / 255 * lighting.intensity
    shading = lighting.ambient + lambert[:, :, None] * light
    return merge_alpha(rgb.astype(np.float32) * shading, alpha)


@node("tool.relight", title="Relight", category="tools", version=1)
class Relight(Node):
    """Light the image from a new direction. Surface relief is estimated from the image's brightness
    (bright reads as raised), then lit with a coloured directional light plus ambient light. Transparency
    is kept."""

    image: Image = Input()
    azimuth: float = Param(
        135.0,
        ge=0,
        le=360,
        step=1,
        ui="slider",
        description="Where the light comes from, in degrees: 0 right, 90 top, 180 left, 270 bottom",
    )
    elevation: float = Param(
        45.0, ge=0, le=90, step=1, ui="slider", description="Height of the light: 0 grazes the surface, 90 faces it"
    )
    color: str = Param("#ffffff", pattern=HEX_COLOR_PATTERN, ui="color", description="Colour of the light")
    intensity: float = Param(1.0, ge=0, le=4, step=0.05, ui="slider", description="Strength of the light")
    ambient: float = Param(
        0.3, ge=0, le=2, step=0.05, ui="slider", description="Light that reaches every pixel regardless of direction"
    )
    depth: float = Param(
        8.0, ge=0, le=100, step=0.5, ui="slider", description="How strongly brightness changes read as relief"
    )
    smoothness: float = Param(
        3.0,
        ge=0,
        le=50,
        step=0.5,
        ui="slider",
        advanced=True,
        description="Blur of the relief in pixels; higher ignores fine texture",
    )
    outputs = {"image": Image}

    def run(self, ctx: NodeContext) -> np.ndarray:
        lighting = Lighting(
            azimuth=self.azimuth,
            elevation=self.elevation,
            color=parse_color(self.color),
            intensity=self.intensity,
            ambient=self.ambient,
            depth=self.depth,
            smoothness=self.smoothness,
        )
        return relight_image(self.image, lighting, ctx)
