"""Slow local tools say how far they are, in steps that give the same picture as one pass, and a node's
progress events are spaced out so a large graph does not flood the page (issue 11)."""

from __future__ import annotations

import asyncio

import cv2
import numpy as np
import pytest

from karate.engine import context as context_module
from karate.engine.context import PROGRESS_INTERVAL_S, CancelToken, NodeContext, NodeServices, RunCancelled
from karate.nodes.tools import adjust, blur, mask_extractor, outpaint, relight, upscale
from karate.nodes.tools.imaging import merge_alpha, split_alpha


class Recorder:
    """Steps that keep every report: (fraction, message)."""

    def __init__(self, cancel_after: int | None = None) -> None:
        self.reports: list[tuple[float | None, str]] = []
        self.cancel_after = cancel_after

    def progress(self, fraction: float | None, message: str = "") -> None:
        self.reports.append((fraction, message))

    def check_cancelled(self) -> None:
        if self.cancel_after is not None and len(self.reports) >= self.cancel_after:
            raise RunCancelled()


def picture(height: int, width: int, channels: int = 3) -> np.ndarray:
    rng = np.random.default_rng(7)
    return cv2.GaussianBlur((rng.random((height, width, channels)) * 255).astype(np.uint8), (5, 5), 2)


def assert_rising_to_one(recorder: Recorder, at_least: int) -> None:
    fractions = [f for f, _ in recorder.reports if f is not None]
    assert len(fractions) >= at_least, fractions
    assert fractions == sorted(fractions) and fractions[-1] == pytest.approx(1.0)


@pytest.mark.parametrize("channels", [3, 4])
def test_upscale_reports_each_band_and_gives_the_picture_of_one_pass(channels: int) -> None:
    image = picture(500, 200, channels)
    recorder = Recorder()
    banded = upscale.upscale_image(image, 3, 0.8, recorder)
    rgb, alpha = split_alpha(upscale.lanczos_resize(image, 3))
    assert np.array_equal(banded, merge_alpha(upscale.sharpen_edges(rgb, 0.8, 3), alpha))
    assert_rising_to_one(recorder, 10)
    assert recorder.reports[-1][1] == "sharpening edges"


@pytest.mark.parametrize(("kind", "radius"), [("gaussian", 3.0), ("gaussian", 20.0), ("box", 9.0), ("motion", 15.0)])
def test_blur_in_bands_is_the_blur_of_the_whole_picture(kind: blur.BlurKind, radius: float) -> None:
    image = picture(1600, 120, 4)
    recorder = Recorder()
    assert np.array_equal(
        blur.blur_image(image, kind, radius, 30.0, recorder), blur._blur_rows(image, kind, radius, 30.0)
    )
    assert_rising_to_one(recorder, 5)


def test_relight_and_adjust_in_bands_match_one_pass() -> None:
    image = picture(1600, 100)
    lighting = relight.Lighting(
        azimuth=100.0, elevation=40.0, color=(255, 200, 150), intensity=1.2, ambient=0.3, depth=8.0, smoothness=3.0
    )
    recorder = Recorder()
    assert np.array_equal(relight.relight_image(image, lighting, recorder), relight._relight_rows(image, lighting))
    assert_rising_to_one(recorder, 10)
    assert adjust.filter_in_bands(image, lambda rows: rows + 1, 0).tolist() == (image + 1).tolist()


def test_subject_extraction_reports_each_pass_and_finds_the_same_subject() -> None:
    image = picture(120, 160)
    image[40:80, 60:100] = (220, 30, 30)
    recorder = Recorder()
    mask = mask_extractor.subject_mask(image, 5, 4, recorder)
    assert [m for _, m in recorder.reports] == [f"finding the subject: pass {n} of 4" for n in range(1, 5)]
    assert mask[60, 80] == 255 and mask[5, 5] == 0


def test_outpaint_blend_says_which_stage_it_is_in() -> None:
    recorder = Recorder()
    outpaint.extend_canvas(picture(600, 600), 100, 100, 100, 100, "blend", (255, 255, 255), 8.0, recorder)
    assert [f for f, _ in recorder.reports] == [0.1, 0.3]


def test_a_cancel_stops_an_upscale_between_bands() -> None:
    recorder = Recorder(cancel_after=3)
    with pytest.raises(RunCancelled):
        upscale.upscale_image(picture(500, 200), 3, 0.8, recorder)
    assert len(recorder.reports) == 3


def test_progress_is_spaced_out_but_100_percent_and_new_messages_always_go_out(monkeypatch: pytest.MonkeyPatch) -> None:
    clock = {"now": 1000.0}
    monkeypatch.setattr(context_module.time, "monotonic", lambda: clock["now"])
    sent: list[tuple[float, float | None, str]] = []
    loop = asyncio.new_event_loop()
    ctx = NodeContext(
        run_id="r",
        node_id="n",
        node_type="t",
        store=None,
        token=CancelToken(),  # type: ignore[arg-type]
        loop=loop,
        services=NodeServices(),
        emit=lambda _type, _node, fraction, message: sent.append((clock["now"], fraction, message)),
    )
    for index in range(1, 101):  # a report every 10 ms for a second
        ctx.progress(index / 100, "working")
        clock["now"] += 0.01
    times = [t for t, _, _ in sent[:-1]]
    assert 10 <= len(sent) <= 12
    assert all(later - earlier >= PROGRESS_INTERVAL_S - 1e-9 for earlier, later in zip(times, times[1:], strict=False))
    assert sent[-1][1:] == (1.0, "working")  # 100 % goes out at once, however soon after the last report
    clock["now"] += 1
    ctx.progress(0.5, "working")
    ctx.progress(0.55, "working")  # too soon after the last one, and only a percent
    assert sent[-1][1:] == (0.5, "working")
    ctx.progress(None, "Replicate failed; trying fal.ai")  # a new message is news: it goes out at once
    assert sent[-1][1:] == (None, "Replicate failed; trying fal.ai")
    loop.close()
