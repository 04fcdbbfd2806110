"""The Painter tool: brush strokes, stored as parameters, drawn onto an image or onto a blank canvas."""

from __future__ import annotations

from collections.abc import Callable
from typing import TypedDict

import numpy as np
from pydantic import BaseModel, ConfigDict, Field

from karate.nodes.tools.imaging import HEX_COLOR_PATTERN, from_unit, parse_color, split_alpha, to_unit
from karate.sdk import Image, Input, Mask, Node, NodeContext, Param, node


class Stroke(BaseModel):
    """One brush stroke as the editor records it."""

    model_config = ConfigDict(extra="forbid")

    points: list[tuple[float, float]] = Field(
        min_length=1,
        max_length=100_000,
        description="The brush's path, [[x, y], ...] in pixels from the image's top-left corner (a pixel's "
        "centre is at +0.5)",
    )
    color: str = Field("#ffffff", pattern=HEX_COLOR_PATTERN, description="Paint colour")
    size: float = Field(20.0, ge=1, le=2000, description="Brush diameter in pixels")
    hardness: float = Field(
        1.0, ge=0, le=1, description="1: a crisp edge; 0: paint fading from the centre of the brush to its edge"
    )
    opacity: float = Field(1.0, ge=0, le=1, description="0: invisible, 1: covers completely")
    erase: bool = Field(False, description="Remove paint along the path instead of adding it")


def stroke_coverage(stroke: Stroke, height: int, width: int) -> np.ndarray:
    """How much of each pixel the stroke covers (float 0..1, before opacity): a round brush swept along
    the path, anti-aliased by the distance from each pixel's centre to the path; a soft brush (hardness
    below 1) fades linearly over that part of its radius."""
    coverage = np.zeros((height, width), np.float32)
    radius = stroke.size / 2
    feather = 1 + (1 - stroke.hardness) * radius  # the width of the fall-off at the edge, in pixels
    points = np.asarray(stroke.points, np.float64)
    segments = zip(points[:-1], points[1:], strict=True) if len(points) > 1 else [(points[0], points[0])]
    for start, end in segments:
        # Only the pixels near this segment can be touched; long freehand strokes stay cheap.
        x0 = max(0, int(np.floor(min(start[0], end[0]) - radius - 1)))
        x1 = min(width, int(np.ceil(max(start[0], end[0]) + radius + 1)))
        y0 = max(0, int(np.floor(min(start[1], end[1]) - radius - 1)))
        y1 = min(height, int(np.ceil(max(start[1], end[1]) + radius + 1)))
        if x0 >= x1 or y0 >= y1:
            continue
        ys, xs = np.mgrid[y0:y1, x0:x1]
        distance = _distance_to_segment(xs + 0.5, ys + 0.5, start, end)
        touched = np.clip((radius + 0.5 - distance) / feather, 0, 1).astype(np.float32)
        np.maximum(coverage[y0:y1, x0:x1], touched, out=coverage[y0:y1, x0:x1])
    return coverage


def _distance_to_segment(xs: np.ndarray, ys: np.ndarray, start: np.ndarray, end: np.ndarray) -> np.ndarray:
    direction = end - start
    length_squared = float(direction @ direction)
    if length_squared == 0:
        t = np.zeros_like(xs, dtype=np.float64)
    else:
        t = np.clip(((xs - start[0]) * direction[0] + (ys - start[1]) * direction[1]) / length_squared, 0, 1)
    result: np.ndarray = np.hypot(xs - (start[0] + t * direction[0]), ys - (start[1] + t * direction[1]))
    return result


def paint_strokes(
    strokes: list[Stroke], height: int, width: int, on_stroke: Callable[[float], None] | None = None
) -> tuple[np.ndarray, np.ndarray]:
    """The paint layer: premultiplied colour (H×W×3, 0..1) and coverage (H×W, 0..1), strokes in order."""
    colour = np.zeros((height, width, 3), np.float32)
    coverage = np.zeros((height, width), np.float32)
    for index, stroke in enumerate(strokes):
        amount = stroke_coverage(stroke, height, width) * np.float32(stroke.opacity)
        keep = 1 - amount
        colour *= keep[:, :, None]
        coverage *= keep
        if not stroke.erase:
            colour += amount[:, :, None] * (np.array(parse_color(stroke.color), np.float32) / 255)
            coverage += amount
        if on_stroke is not None:
            on_stroke((index + 1) / len(strokes))
    return colour, coverage


def composite_paint(image: np.ndarray, colour: np.ndarray, coverage: np.ndarray) -> np.ndarray:
    """The paint layer over the image ("over" compositing); painted pixels become opaque."""
    rgb, alpha = split_alpha(image)
    under = to_unit(rgb)
    if alpha is None:
        return from_unit(colour + under * (1 - coverage)[:, :, None])
    under_alpha = to_unit(alpha)
    out_alpha = coverage + under_alpha * (1 - coverage)
    premultiplied = colour + under * (under_alpha * (1 - coverage))[:, :, None]
    out_rgb = np.divide(
        premultiplied, out_alpha[:, :, None], out=np.zeros_like(premultiplied), where=out_alpha[:, :, None] > 1e-6
    )
    return np.dstack([from_unit(out_rgb), from_unit(out_alpha)])


class PainterOutputs(TypedDict):
    """The painted image and the mask of the strokes."""

    image: Image
    mask: Mask


@node("tool.painter", title="Painter", category="tools", version=1)
class Painter(Node):
    """Paint brush strokes onto the image, or onto a black canvas of the chosen size when no image is
    connected (handy for drawing masks). The mask output is the painted area."""

    image: Image = Input("The picture to paint on; a black canvas when not connected", required=False)
    strokes: list[Stroke] = Param([], ui="brush", description="The strokes, in the order they were painted")
    width: int = Param(1024, ge=1, le=8192, description="Canvas width when no image is connected")
    height: int = Param(1024, ge=1, le=8192, description="Canvas height when no image is connected")
    outputs = PainterOutputs

    def run(self, ctx: NodeContext) -> PainterOutputs:
        canvas = self.image if self.image is not None else np.zeros((self.height, self.width, 3), np.uint8)
        height, width = canvas.shape[:2]

        def on_stroke(fraction: float) -> None:
            ctx.check_cancelled()
            ctx.progress(fraction)

        colour, coverage = paint_strokes(self.strokes, height, width, on_stroke)
        return {"image": composite_paint(canvas, colour, coverage), "mask": from_unit(coverage)}
