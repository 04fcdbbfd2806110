"""The Channels tools: split an image into red, green, blue and alpha masks, reorder its colour channels,
and merge masks back into an image."""

from __future__ import annotations

from typing import Literal, TypedDict

import numpy as np

from karate.nodes.tools.imaging import fit_mask, split_alpha
from karate.sdk import Image, Input, Mask, Node, NodeContext, Param, node

ChannelOrder = Literal["rgb", "rbg", "grb", "gbr", "brg", "bgr"]


def reorder_channels(rgb: np.ndarray, order: str) -> np.ndarray:
    """The colour channels in the given order: "bgr" puts blue in the red channel, and so on."""
    return np.ascontiguousarray(rgb[:, :, ["rgb".index(letter) for letter in order]])


class ChannelsOutputs(TypedDict):
    """The reordered image, and each channel as a mask."""

    image: Image
    red: Mask
    green: Mask
    blue: Mask
    alpha: Mask


@node("tool.channels", title="Channels", category="tools", version=1)
class Channels(Node):
    """Split the image into its red, green, blue and alpha channels (each a mask; alpha is white for an
    opaque image), and give the image with its colour channels reordered (for example RGB to BGR)."""

    image: Image = Input()
    order: ChannelOrder = Param(
        "rgb",
        ui="select",
        description="Channel order of the image output: which input channel goes into red, green and blue",
    )
    outputs = ChannelsOutputs

    def run(self, ctx: NodeContext) -> ChannelsOutputs:
        rgb, alpha = split_alpha(self.image)
        if alpha is None:
            alpha = np.full(rgb.shape[:2], 255, np.uint8)
        reordered = reorder_channels(rgb, self.order)
        image = reordered if self.image.shape[2] == 3 else np.dstack([reordered, alpha])
        return {
            "image": image,
            "red": np.ascontiguousarray(rgb[:, :, 0]),
            "green": np.ascontiguousarray(rgb[:, :, 1]),
            "blue": np.ascontiguousarray(rgb[:, :, 2]),
            "alpha": np.ascontiguousarray(alpha),
        }


@node("tool.channels_merge", title="Merge Channels", category="tools", version=1)
class MergeChannels(Node):
    """Build an image from red, green and blue masks, plus an optional alpha mask for transparency. The
    red mask sets the size; the others are resized to it when they share its shape."""

    red: Mask = Input("Red channel")
    green: Mask = Input("Green channel")
    blue: Mask = Input("Blue channel")
    alpha: Mask = Input("Transparency (white is opaque); an opaque image when not connected", required=False)
    outputs = {"image": Image}

    def run(self, ctx: NodeContext) -> np.ndarray:
        height, width = self.red.shape
        planes = [self.red] + [
            fit_mask(plane, height, width, f"Merge Channels ({name})")
            for name, plane in (("green", self.green), ("blue", self.blue), ("alpha", self.alpha))
            if plane is not None
        ]
        return np.dstack(planes)
