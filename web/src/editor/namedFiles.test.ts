// The files a workflow file names by path: an upload node that names one and holds none says which to drop, and the
// notice of the project opened from it counts them by kind and names each with its node.

import { describe, expect, it } from "vitest";
import { spec } from "../test/specs";
import { fileNameOf, namedFile, namedFilesNotice, namedFileText } from "./namedFiles";

const NAMES: Record<string, string> = { a: "Image Upload", b: "Image Upload (2)", c: "Audio Upload" };

describe("files a workflow file names by path", () => {
  it("takes a file's name from its path, written the Windows way or not", () => {
    expect(fileNameOf("photo.jpg")).toBe("photo.jpg");
    expect(fileNameOf("shots/brand/logo.png")).toBe("logo.png");
    expect(fileNameOf("C:\\Users\\me\\voice.wav")).toBe("voice.wav");
  });

  it("is a file an upload node names and does not hold", () => {
    const image = spec("input.image");
    expect(namedFile("a", image, { asset_id: "", filename: "photo.jpg" }))
      .toEqual({ nodeId: "a", media: "image", name: "photo.jpg" });
    expect(namedFile("a", image, { asset_id: "f".repeat(64), filename: "photo.jpg" })).toBeNull();
    expect(namedFile("a", image, { asset_id: "" })).toBeNull();
    expect(namedFile("a", spec("output.save"), { filename: "out.png" })).toBeNull();  // a Save's name is its own
    expect(namedFileText({ nodeId: "c", media: "audio", name: "voice.wav" }))
      .toBe("This workflow uses “voice.wav”: drop that sound here.");
  });

  it("are counted by kind and named with their nodes in the notice", () => {
    const pictures = [{ nodeId: "a", media: "image", name: "photo.jpg" }, { nodeId: "b", media: "image", name: "logo.png" }] as const;
    expect(namedFilesNotice(pictures, (id) => NAMES[id])).toBe("This workflow uses 2 pictures from your computer, "
      + "which the studio can't open by their names: drop “photo.jpg” into Image Upload and “logo.png” into Image "
      + "Upload (2).");
    expect(namedFilesNotice([pictures[0], { nodeId: "c", media: "audio", name: "voice.wav" }], (id) => NAMES[id]))
      .toBe("This workflow uses 1 picture and 1 sound from your computer, which the studio can't open by their "
        + "names: drop “photo.jpg” into Image Upload and “voice.wav” into Audio Upload.");
    expect(namedFilesNotice([pictures[0]], (id) => NAMES[id])).toBe("This workflow uses a picture from your "
      + "computer, which the studio can't open by its name: drop “photo.jpg” into Image Upload.");
  });
});
