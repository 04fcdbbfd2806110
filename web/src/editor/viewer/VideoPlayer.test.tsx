// A video the browser can't play says so in words and offers its file, on a node, in an upload field and in the
// viewer, instead of an empty frame.

import { fireEvent, render, screen } from "@testing-library/react";
import { describe, expect, it, vi } from "vitest";
import { UNPLAYABLE_VIDEO_TEXT, VideoPlayer } from "./VideoPlayer";

/** The player failing as the browser's does, with MediaError `code`. */
function failWith(video: HTMLElement, code: number) {
  Object.defineProperty(video, "error", { value: { code }, configurable: true });
  fireEvent.error(video);
}

/** The player having read the file's header: a picture of `width` × `height` (0 × 0: none it can decode). */
function loadWith(video: HTMLElement, width: number, height: number) {
  Object.defineProperty(video, "videoWidth", { value: width, configurable: true });
  Object.defineProperty(video, "videoHeight", { value: height, configurable: true });
  fireEvent.loadedMetadata(video);
}

describe("VideoPlayer", () => {
  it("says a video the browser can't decode can be downloaded, and links to its file, instead of an empty frame",
    () => {
      render(<VideoPlayer url="/api/v1/assets/a/content?sig=1" className="" testId="preview-video" />);
      failWith(screen.getByTestId("preview-video"), 4);  // MEDIA_ERR_SRC_NOT_SUPPORTED (MPEG-4 Part 2)
      expect(screen.queryByTestId("preview-video")).toBeNull();
      expect(screen.getByRole("status")).toHaveTextContent(UNPLAYABLE_VIDEO_TEXT);
      const link = screen.getByRole("link", { name: "Download video" });
      expect(link).toHaveAttribute("href", "/api/v1/assets/a/content?sig=1&download=");  // under its own name
      expect(link).toHaveAttribute("download");
    });

  it("says so too for a file whose sound it reads but whose picture it has no decoder for", () => {
    render(<VideoPlayer url="/v.mp4" className="" testId="viewer-video" download="/v.mp4?download=Clip" />);
    loadWith(screen.getByTestId("viewer-video"), 0, 0);
    expect(screen.getByTestId("viewer-video-unplayable")).toHaveTextContent(UNPLAYABLE_VIDEO_TEXT);
    expect(screen.getByTestId("viewer-video-download")).toHaveAttribute("href", "/v.mp4?download=Clip");
  });

  it("keeps a video it can draw, and tells whoever asked that its header is read", () => {
    const read = vi.fn();
    render(<VideoPlayer url="/v.webm" className="" testId="upload-video" preview onLoadedMetadata={read} />);
    const video = screen.getByTestId<HTMLVideoElement>("upload-video");
    // an upload field's preview plays, silent until unmuted, reading only the header until played
    expect(video.controls).toBe(true);
    expect(video.muted).toBe(true);
    expect(video).toHaveAttribute("preload", "metadata");
    loadWith(video, 64, 48);
    expect(read).toHaveBeenCalledTimes(1);
    expect(screen.getByTestId("upload-video")).toBeInTheDocument();
  });

  it("keeps the player after a network error, and for another video after an unplayable one", () => {
    const { rerender } = render(<VideoPlayer url="/v.mp4" className="" testId="viewer-video" />);
    failWith(screen.getByTestId("viewer-video"), 2);  // MEDIA_ERR_NETWORK: a failed load, not the file's fault
    expect(screen.getByTestId("viewer-video")).toBeInTheDocument();
    failWith(screen.getByTestId("viewer-video"), 4);
    rerender(<VideoPlayer url="/other.mp4" className="" testId="viewer-video" />);
    expect(screen.getByTestId("viewer-video")).toHaveAttribute("src", "/other.mp4");
  });

  it("keeps the download link's click to itself (an upload field around it would open the file picker)", () => {
    const around = vi.fn();
    render(<div role="presentation" onClick={around}><VideoPlayer url="/v.mp4" className="" testId="upload-video" preview />
    </div>);
    failWith(screen.getByTestId("upload-video"), 4);
    screen.getByTestId("upload-video-download").addEventListener("click", (event) => event.preventDefault());
    fireEvent.click(screen.getByTestId("upload-video-download"));
    expect(around).not.toHaveBeenCalled();
  });
});
