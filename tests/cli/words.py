"""Reading what a `karate` command said, and the picture its workflows read."""

from __future__ import annotations

from pathlib import Path

import cv2
import numpy as np
from click.testing import Result


def said(result: Result) -> str:
    """stderr as one line: rich wraps it to the terminal's width."""
    return " ".join(result.stderr.split())


def picture(path: Path) -> Path:
    """A small grey PNG (or any format OpenCV writes by the suffix) at `path`."""
    cv2.imwrite(str(path), np.full((8, 8, 3), 128, np.uint8))
    return path
