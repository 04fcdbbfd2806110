"""The Invert tool: a photographic negative of the colours, transparency untouched."""

from __future__ import annotations

import numpy as np

from karate.nodes.tools.imaging import blend_with_mask, fit_mask, merge_alpha, split_alpha
from karate.sdk import Image, Input, Mask, Node, NodeContext, node


@node("tool.invert", title="Invert", category="tools", version=1)
class Invert(Node):
    """Invert the colours (255 minus each of red, green and blue). Transparency is kept as it is; connect
    a mask to invert only part of the image."""

    image: Image = Input()
    mask: Mask = Input("Where to invert (white); the whole image when not connected", required=False)
    outputs = {"image": Image}

    def run(self, ctx: NodeContext) -> np.ndarray:
        rgb, alpha = split_alpha(self.image)
        inverted = 255 - rgb
        if self.mask is not None:
            mask = fit_mask(self.mask, rgb.shape[0], rgb.shape[1], "Invert")
            inverted = blend_with_mask(rgb, inverted, mask)
        return merge_alpha(inverted, alpha)
