"""Re-create the bundled sample images (drawn from code, so they carry no licence and stay small).

    .venv/bin/python examples/images/make_samples.py
"""

from __future__ import annotations

from pathlib import Path

import cv2
import numpy as np

HERE = Path(__file__).parent


def hills(width: int = 640, height: int = 420) -> np.ndarray:
    """A dusk landscape: sky gradient, sun, three layers of hills."""
    y = np.linspace(0, 1, height, dtype=np.float32)[:, None, None]
    sky = (1 - y) * np.array([250, 170, 120], np.float32) + y * np.array([70, 90, 160], np.float32)
    image = np.broadcast_to(sky, (height, width, 3)).copy()
    cv2.circle(image, (470, 150), 46, (255, 236, 170), -1, cv2.LINE_AA)
    x = np.arange(width, dtype=np.float32)
    for base, amplitude, period, colour in ((260, 40, 210, (90, 70, 120)), (310, 30, 150, (60, 80, 90)),
                                            (360, 22, 90, (30, 50, 45))):
        ridge = base + amplitude * np.sin(x / period * 2 * np.pi + base)
        mask = np.arange(height)[:, None] >= ridge[None, :]
        image[mask] = colour
    rng = np.random.default_rng(3)
    image += rng.normal(0, 2.5, image.shape).astype(np.float32)
    return np.clip(image, 0, 255).astype(np.uint8)


def product_shot(width: int = 512, height: int = 384) -> np.ndarray:
    """A white product cube on a soft grey backdrop, with a red ball that shouldn't be there."""
    y = np.linspace(0, 1, height, dtype=np.float32)[:, None, None]
    image = np.broadcast_to(235 - 40 * y, (height, width, 3)).astype(np.float32).copy()
    cv2.ellipse(image, (220, 300), (120, 22), 0, 0, 360, (175, 175, 178), -1, cv2.LINE_AA)
    cube = np.array([[150, 160], [290, 160], [290, 300], [150, 300]], np.int32)
    cv2.fillPoly(image, [cube], (246, 246, 250), cv2.LINE_AA)
    cv2.fillPoly(image, [np.array([[150, 160], [200, 120], [340, 120], [290, 160]], np.int32)], (252, 252, 255))
    cv2.fillPoly(image, [np.array([[290, 160], [340, 120], [340, 260], [290, 300]], np.int32)], (214, 214, 222))
    cv2.circle(image, (400, 290), 34, (220, 30, 40), -1, cv2.LINE_AA)
    rng = np.random.default_rng(5)
    image += rng.normal(0, 1.5, image.shape).astype(np.float32)
    return np.clip(image, 0, 255).astype(np.uint8)


def main() -> None:
    cv2.imwrite(str(HERE / "hills.jpg"), cv2.cvtColor(hills(), cv2.COLOR_RGB2BGR), [cv2.IMWRITE_JPEG_QUALITY, 88])
    cv2.imwrite(str(HERE / "product.png"), cv2.cvtColor(product_shot(), cv2.COLOR_RGB2BGR),
                [cv2.IMWRITE_PNG_COMPRESSION, 9])


if __name__ == "__main__":
    main()
