import { fireEvent, render, screen } from "@testing-library/react";
import { describe, expect, it } from "vitest";
import { UNPLAYABLE_VIDEO_TEXT, VideoPlayer } from "./VideoPlayer";

/** The player failing as the browser's does, with MediaError `code`. */
function failWith(video: HTMLElement, code: number) {
  Object.defineProperty(video, "error", { value: { code }, configurable: true });
  fireEvent.error(video);
}

describe("VideoPlayer", () => {
  it("says a video the browser can't decode can be downloaded, instead of an empty frame", () => {
    render(<VideoPlayer url="/v.mp4" className="" testId="preview-video" />);
    failWith(screen.getByTestId("preview-video"), 4);  // MEDIA_ERR_SRC_NOT_SUPPORTED (MPEG-4 Part 2)
    expect(screen.queryByTestId("preview-video")).toBeNull();
    expect(screen.getByTestId("preview-video-unplayable")).toHaveTextContent(UNPLAYABLE_VIDEO_TEXT);
  });

  it("keeps the player after a network error, and for another video after an unplayable one", () => {
    const { rerender } = render(<VideoPlayer url="/v.mp4" className="" testId="viewer-video" />);
    failWith(screen.getByTestId("viewer-video"), 2);  // MEDIA_ERR_NETWORK: a failed load, not the file's fault
    expect(screen.getByTestId("viewer-video")).toBeInTheDocument();
    failWith(screen.getByTestId("viewer-video"), 4);
    rerender(<VideoPlayer url="/other.mp4" className="" testId="viewer-video" />);
    expect(screen.getByTestId("viewer-video")).toHaveAttribute("src", "/other.mp4");
  });
});
