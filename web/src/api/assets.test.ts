import { afterEach, describe, expect, it, vi } from "vitest";
import { acceptFor, acceptsFile, uploadAsset } from "./assets";

describe("image files", () => {
  it("takes photos some systems give no media type, by their extension", () => {
    expect(acceptsFile("image", new File(["x"], "IMG_0001.HEIC", { type: "" }))).toBe(true);
    expect(acceptsFile("image", new File(["x"], "scan.tiff", { type: "" }))).toBe(true);
    expect(acceptsFile("image", new File(["x"], "photo.jpg", { type: "image/jpeg" }))).toBe(true);
    expect(acceptsFile("image", new File(["x"], "notes.txt", { type: "" }))).toBe(false);
    expect(acceptsFile("image", new File(["x"], "clip.heic", { type: "video/mp4" }))).toBe(false);
    expect(acceptsFile("video", new File(["x"], "clip.heic", { type: "" }))).toBe(false);
  });

  it("offers HEIC, AVIF and TIFF in the image file picker", () => {
    expect(acceptFor("image").split(",")).toEqual(expect.arrayContaining(["image/*", ".heic", ".avif", ".tif"]));
    expect(acceptFor("video")).toBe("video/*");
  });
});

describe("uploadAsset", () => {
  const answer = (status: number, body: unknown) =>
    vi.fn(() => Promise.resolve(new Response(JSON.stringify(body), { status })));
  afterEach(() => vi.unstubAllGlobals());

  it("tells the server which input the file is for, and shows its refusal as it comes", async () => {
    const fetch = answer(415, { code: "unsupported_media_type", detail: "this file is an SVG, a drawing made of "
      + "shapes rather than pixels, which the studio's image inputs cannot read; export it as a PNG or JPEG" });
    vi.stubGlobal("fetch", fetch);
    await expect(uploadAsset(new File(["<svg/>"], "logo.svg", { type: "image/svg+xml" }), "image")).rejects.toThrow(
      /^This file is an SVG, a drawing made of shapes rather than pixels, .* export it as a PNG or JPEG$/);
    expect(String((fetch.mock.calls[0] as unknown[])[0])).toMatch(/\/assets\?media=image$/);
  });

  it("refuses a stored file of another kind for an image input", async () => {
    vi.stubGlobal("fetch", answer(201, { id: "a".repeat(64), mime: "video/mp4" }));
    await expect(uploadAsset(new File(["x"], "clip.png", { type: "image/png" }), "image"))
      .rejects.toThrow(/^This file is not an image the studio can read/);
  });

  it("shows the server's sentence for an empty file, starting with a capital letter", async () => {
    vi.stubGlobal("fetch", answer(422, { code: "invalid_request", detail: "the file is empty (0 bytes); choose the "
      + "file again" }));
    await expect(uploadAsset(new File([], "photo.png", { type: "image/png" }), "image"))
      .rejects.toThrow(/^The file is empty \(0 bytes\); choose the file again$/);
  });
});
