import { describe, expect, it } from "vitest";
import { acceptFor, acceptsFile } from "./assets";

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
