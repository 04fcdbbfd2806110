// The full-size picture: a photo browsers cannot draw (HEIC, TIFF) comes from the server's converted copy and says
// so; while a large one loads, the node's preview stands in for it under a word that it is loading; a picture that
// does not load or draw says what to do instead of leaving a black stage. Comparing two, each does so on its side.

import { fireEvent, render, screen, within } from "@testing-library/react";
import { beforeEach, describe, expect, it, vi } from "vitest";
import { getAsset } from "../../api/assets";
import type { Asset } from "../../api/types";
import { resetEditor } from "../store/editorStore";
import { pictureUrl, unreadableFormat } from "./media";
import { PictureView } from "./PictureView";
import type { ViewerItem } from "./results";

vi.mock("../../api/assets", async (original) => ({ ...await original<typeof import("../../api/assets")>(),
  getAsset: vi.fn() }));

const URL = "/api/v1/assets/aa/content?exp=1&sig=2";

const item = (mime: string): ViewerItem => ({
  key: "photo:image", nodeId: "photo", port: "image", index: null, title: "Image Upload · image", kind: "image",
  uploaded: true, downloadStem: "", fileName: null, remaking: false, earlier: false,
  output: { asset_id: "a".repeat(64), mime, url: URL },
});

beforeEach(() => {
  resetEditor();
  vi.mocked(getAsset).mockReset();
});

describe("the pictures a browser can draw", () => {
  it("are drawn from the file, and HEIC or TIFF photos from the server's display copy", () => {
    expect(unreadableFormat(item("image/png").output)).toBeNull();
    expect(unreadableFormat(item("application/x-npy").output)).toBeNull();
    expect(unreadableFormat(item("image/heic").output)).toBe("HEIC");
    expect(pictureUrl(URL, item("image/jpeg").output)).toBe(URL);
    expect(pictureUrl(URL, item("image/tiff").output)).toBe(`${URL}&display=true`);
  });
});

describe("PictureView", () => {
  it("shows a HEIC photo converted, and says that Download gives the original", () => {
    render(<PictureView item={item("image/heic")} compare={null} controls={null} />);
    expect(screen.getByTestId("viewer-image")).toHaveAttribute("src", `${URL}&display=true`);
    expect(screen.getByTestId("viewer-converted")).toHaveTextContent(
      "Shown converted from HEIC; Download gives the original file");
  });

  it("draws a PNG from the file itself, without a word about conversion", () => {
    render(<PictureView item={item("image/png")} compare={null} controls={null} />);
    expect(screen.getByTestId("viewer-image")).toHaveAttribute("src", URL);
    expect(screen.queryByTestId("viewer-converted")).toBeNull();
  });

  it("says what to do when the picture does not load, instead of an empty stage", () => {
    render(<PictureView item={item("image/tiff")} compare={null} controls={null} />);
    fireEvent.error(screen.getByTestId("viewer-image"));
    expect(screen.queryByTestId("viewer-image")).toBeNull();
    expect(screen.queryByRole("status")).toBeNull();
    expect(screen.queryByTestId("viewer-preview")).toBeNull();
    expect(screen.getByRole("alert")).toHaveTextContent("The full-size picture could not be loaded or shown: check "
      + "your connection and open it again, or use Download to open the file in another app.");
  });

  it("says what to do when the file came but has nothing to draw", () => {
    render(<PictureView item={item("image/png")} compare={null} controls={null} />);
    fireEvent.load(screen.getByTestId("viewer-image"));  // jsdom: no pixels, as a file no browser can draw
    expect(screen.queryByTestId("viewer-image")).toBeNull();
    expect(screen.getByRole("alert")).toHaveTextContent(/can't be shown here\. Download it to open the file/);
  });
});

/** The full picture's load event, as a browser gives it once the file is in: `width` × `height` pixels. */
function loaded(width: number, height: number, testId = "viewer-image") {
  const image = screen.getByTestId(testId);
  Object.defineProperty(image, "naturalWidth", { value: width });
  Object.defineProperty(image, "naturalHeight", { value: height });
  fireEvent.load(image);
}

describe("PictureView of a large picture, while it loads", () => {
  it("shows the node's preview, enlarged, and says the full picture is loading, until it has loaded", () => {
    render(<PictureView item={item("image/png")} compare={null} controls={null} />);
    // the preview the node's frame drew, so the browser has it already
    expect(screen.getByTestId("viewer-preview")).toHaveAttribute("src", `${URL}&size=512`);
    expect(screen.getByRole("status")).toHaveTextContent("Loading the full-size picture…");
    expect(screen.getByTestId("viewer-image")).toHaveStyle({ visibility: "hidden" });
    loaded(8000, 6000);
    expect(screen.queryByRole("status")).toBeNull();
    expect(screen.queryByTestId("viewer-preview")).toBeNull();
    expect(screen.getByTestId("viewer-image")).not.toHaveStyle({ visibility: "hidden" });
    expect(screen.getByTestId("viewer-zoom-bar")).toHaveTextContent("8000 × 6000");
  });

  it("shows the preview its upload field drew of a file no run has used yet", async () => {
    vi.mocked(getAsset).mockResolvedValue({ id: "a".repeat(64), url: URL, mime: "image/png" } as Asset);
    const held: ViewerItem = { ...item("image/png"), key: "photo:asset_id", output: { asset_id: "a".repeat(64) } };
    render(<PictureView item={held} compare={null} controls={null} />);
    expect(screen.getByRole("status")).toHaveTextContent("Loading the full-size picture…");  // its record comes first
    expect(await screen.findByTestId("viewer-preview")).toHaveAttribute("src", `${URL}&size=256`);
  });

  it("does without the preview when it does not come either, still saying the picture loads", () => {
    render(<PictureView item={item("image/png")} compare={null} controls={null} />);
    fireEvent.error(screen.getByTestId("viewer-preview"));
    expect(screen.queryByTestId("viewer-preview")).toBeNull();
    expect(screen.getByRole("status")).toHaveTextContent("Loading the full-size picture…");
  });
});

describe("PictureView of a picture just put in an upload field (no run has described it)", () => {
  const held = (): ViewerItem => ({ ...item("image/heic"), key: "photo:asset_id", output: { asset_id: "a".repeat(64) } });

  it("draws a HEIC photo from the server's converted copy, as its record says what it is", async () => {
    let answer: (asset: Asset) => void = () => {};
    vi.mocked(getAsset).mockReturnValue(new Promise((resolve) => { answer = resolve; }));
    render(<PictureView item={held()} compare={null} controls={null} />);
    expect(screen.queryByTestId("viewer-image")).toBeNull();  // not the raw file, which would break
    answer({ id: "a".repeat(64), url: URL, mime: "image/heic" } as Asset);
    expect(await screen.findByTestId("viewer-image")).toHaveAttribute("src", `${URL}&display=true`);
    expect(screen.getByTestId("viewer-converted")).toHaveTextContent("Shown converted from HEIC");
  });

  it("draws a PNG from the file itself", async () => {
    vi.mocked(getAsset).mockResolvedValue({ id: "a".repeat(64), url: URL, mime: "image/png" } as Asset);
    render(<PictureView item={held()} compare={null} controls={null} />);
    expect(await screen.findByTestId("viewer-image")).toHaveAttribute("src", URL);
    expect(screen.queryByTestId("viewer-converted")).toBeNull();
  });
});

describe("PictureView comparing two pictures", () => {
  const upload = item("image/png");
  const blurred: ViewerItem = { ...upload, key: "blur:image", nodeId: "blur", title: "Blur · image", uploaded: false,
    downloadStem: "Poster - Blur", output: { asset_id: "b".repeat(64), mime: "image/png", url: "/b" } };

  it("opened on the original, puts the original Before (left) and the result After (right)", () => {
    render(<PictureView item={upload} compare={{ other: blurred, side: "after" }} controls={null} />);
    expect(screen.getByTestId("compare-before-label")).toHaveTextContent("Before · Image Upload · image");
    expect(screen.getByTestId("compare-after-label")).toHaveTextContent("After · Blur · image");
    // the result is drawn over the right of the divider, the original shows on the left
    expect(screen.getByTestId("viewer-compared")).toHaveStyle({ clipPath: "inset(0 0 0 50%)" });
    expect(screen.getByAltText("Blur · image")).toBeInTheDocument();
  });

  it("opened on the result, puts the original Before (left) and the result After (right) too", () => {
    render(<PictureView item={blurred} compare={{ other: upload, side: "before" }} controls={null} />);
    expect(screen.getByTestId("compare-before-label")).toHaveTextContent("Before · Image Upload · image");
    expect(screen.getByTestId("compare-after-label")).toHaveTextContent("After · Blur · image");
    expect(screen.getByTestId("viewer-compared")).toHaveStyle({ clipPath: "inset(0 50% 0 0)" });
  });
});

describe("PictureView comparing with a large picture, while it loads", () => {
  const upload = item("image/png");
  const blurred: ViewerItem = { ...upload, key: "blur:image", nodeId: "blur", title: "Blur · image", uploaded: false,
    downloadStem: "Poster - Blur", output: { asset_id: "b".repeat(64), mime: "image/png", url: "/b" } };
  const comparing = () => render(
    <PictureView item={upload} compare={{ other: blurred, side: "after" }} controls={null} />);
  /** The words said on the side of the divider where the compared picture is drawn (After, here). */
  const comparedSide = () => within(screen.getByTestId("viewer-compared"));

  it("shows each picture's preview and says on its own side that it loads", () => {
    comparing();
    const [own, other] = screen.getAllByRole("status");
    expect(own).toHaveTextContent("Loading the full-size picture…");
    expect(own.parentElement).toHaveStyle({ left: "0px", width: "50%" });  // left of the divider: Before
    expect(other).toHaveTextContent("Loading the full-size picture…");
    expect(other.parentElement).toHaveStyle({ left: "50%", right: "0px" });
    expect(comparedSide().getByRole("status")).toBe(other);
    // the previews the nodes' frames drew, so the browser has them already
    expect(screen.getByTestId("viewer-preview")).toHaveAttribute("src", `${URL}&size=512`);
    expect(comparedSide().getByTestId("viewer-compared-preview")).toHaveAttribute("src", "/b?size=512");
  });

  it("keeps saying the compared picture loads, over its preview, after this one has come", () => {
    comparing();
    loaded(8000, 6000);
    expect(screen.getAllByRole("status")).toHaveLength(1);
    expect(comparedSide().getByRole("status")).toHaveTextContent("Loading the full-size picture…");
    // drawn where the full picture will be: in this picture's box, as zoomed and panned
    const preview = comparedSide().getByTestId("viewer-compared-preview");
    expect(preview).toHaveStyle({ width: "8000px", height: "6000px" });
    // the full picture, not in yet, is not drawn over it
    expect(comparedSide().getByTestId("viewer-compared-image")).toHaveStyle({ visibility: "hidden" });
    loaded(4000, 3000, "viewer-compared-image");
    expect(screen.queryByRole("status")).toBeNull();
    expect(comparedSide().queryByTestId("viewer-compared-preview")).toBeNull();
    expect(comparedSide().getByAltText("Blur · image")).not.toHaveStyle({ visibility: "hidden" });
  });

  it("says on the compared picture's side what to do when it does not load, and shows this one", () => {
    comparing();
    loaded(8000, 6000);
    fireEvent.error(comparedSide().getByTestId("viewer-compared-image"));
    expect(comparedSide().getByRole("alert")).toHaveTextContent("The full-size picture could not be loaded or "
      + "shown: check your connection and open it again, or use Download to open the file in another app.");
    expect(screen.getAllByRole("alert")).toHaveLength(1);
    expect(screen.queryByRole("status")).toBeNull();
    expect(screen.getByTestId("viewer-image")).not.toHaveStyle({ visibility: "hidden" });
    // on its own backdrop: the side that failed does not pass this picture off as the other
    expect(screen.getByTestId("viewer-compared")).toHaveClass("bg-zinc-950");
  });

  it("asks for a compared picture that did not load anew when it is compared again", () => {
    const { rerender } = comparing();
    fireEvent.error(comparedSide().getByTestId("viewer-compared-image"));
    rerender(<PictureView item={upload} compare={null} controls={null} />);
    rerender(<PictureView item={upload} compare={{ other: blurred, side: "after" }} controls={null} />);
    expect(comparedSide().queryByRole("alert")).toBeNull();
    expect(comparedSide().getByRole("status")).toHaveTextContent("Loading the full-size picture…");
    expect(comparedSide().getByTestId("viewer-compared-image")).toHaveAttribute("src", "/b");
  });

  it("still shows the compared picture where this one does not load", () => {
    comparing();
    fireEvent.error(screen.getByTestId("viewer-image"));
    expect(screen.getByRole("alert").parentElement).toHaveStyle({ left: "0px", width: "50%" });
    loaded(4000, 3000, "viewer-compared-image");
    expect(screen.queryByRole("status")).toBeNull();
    expect(comparedSide().getByAltText("Blur · image")).toHaveStyle({ width: "4000px", height: "3000px" });
  });
});
