"""Long local work in steps: a filter run a band of rows at a time, with progress and cancellation between.

A filter whose output row depends on input rows at most `reach` rows away gives, band by band, exactly what
it gives on the whole image when each band is cut with `reach` more rows on either side (then dropped): the
rows it keeps never see the cut. Bands also bound the memory a float filter of a large image takes.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from typing import Protocol

import numpy as np

# Enough steps for a smooth bar, few enough that the rows added around each band stay cheap.
_BANDS = 24
_MIN_ROWS = 64


class Steps(Protocol):
    """What long work reports to (a NodeContext): progress 0..1, and a check that raises once cancelled."""

    def progress(self, fraction: float | None, message: str = "") -> None: ...

    def check_cancelled(self) -> None: ...


def step(steps: Steps | None, fraction: float, message: str = "") -> None:
    """Report `fraction` done (and stop here if the run was cancelled)."""
    if steps is not None:
        steps.check_cancelled()
        steps.progress(fraction, message)


def filter_in_bands(
    image: np.ndarray,
    filter_rows: Callable[[np.ndarray], np.ndarray],
    reach: int,
    steps: Steps | None = None,
    *,
    start: float = 0.0,
    end: float = 1.0,
    message: str = "",
) -> np.ndarray:
    """`filter_rows(image)`, computed a band of rows at a time; progress goes from `start` to `end`.

    `filter_rows` takes H×W(×C) rows and returns as many rows (any width, channels or dtype); `reach` is
    how many rows away an output row reads. Bands are at least 4×reach tall, so the extra rows cost at most
    half the work again; an image too short for two bands is filtered at once."""
    height = image.shape[0]
    rows = max(_MIN_ROWS, 4 * reach, math.ceil(height / _BANDS))
    if rows >= height:
        result = filter_rows(image)
        step(steps, end, message)
        return result
    out: np.ndarray | None = None
    for top in range(0, height, rows):
        bottom = min(height, top + rows)
        first, last = max(0, top - reach), min(height, bottom + reach)
        piece = filter_rows(image[first:last])
        if out is None:
            out = np.empty((height, *piece.shape[1:]), piece.dtype)
        out[top:bottom] = piece[top - first : bottom - first]
        step(steps, start + (end - start) * bottom / height, message)
    assert out is not None
    return out
