// A designer finds a result among hundreds by typing what its card says, in any case and any order, and shows one
// kind alone; a filter that finds nothing says so in words.

import { describe, expect, it } from "vitest";
import type { OutputValue } from "../../api/types";
import { mediaKind } from "../viewer/media";
import type { ViewerItem } from "../viewer/results";
import { filterResults, kindCounts, NO_FILTER, nothingFoundText, queryWords } from "./resultFilter";

const item = (title: string, mime: string, more: Partial<ViewerItem> = {}): ViewerItem => {
  const output: OutputValue = { asset_id: "a".repeat(64), mime };
  return { key: title, nodeId: title, port: "image", index: null, title, output, kind: mediaKind(output),
    uploaded: false, downloadStem: `Poster - ${title.split(" · ")[0]}`, fileName: null, remaking: false,
    earlier: false, ...more };
};

const HERO = item("Héros shot · image", "image/png");
const CLIP = item("Animate · video", "video/mp4");
const LOGO = item("Logo · image", "image/svg+xml", { earlier: true });
const MODEL = item("Make 3D · mesh", "model/gltf-binary");
const PHOTO = item("Image Upload · image", "image/jpeg", { uploaded: true, downloadStem: "", fileName: "IMG_4032.jpg" });
const ALL = [HERO, CLIP, LOGO, MODEL, PHOTO];

const titles = (items: readonly ViewerItem[]) => items.map((each) => each.title);

describe("finding a result", () => {
  it("keeps every result, in its order, when nothing is asked", () => {
    expect(filterResults(ALL, NO_FILTER)).toBe(ALL);
    expect(filterResults(ALL, { query: "   ", kind: "all" })).toBe(ALL);
  });

  it("finds a result by its node's name in any case, with or without accents", () => {
    expect(titles(filterResults(ALL, { query: "HEROS", kind: "all" }))).toEqual(["Héros shot · image"]);
    expect(titles(filterResults(ALL, { query: "héros", kind: "all" }))).toEqual(["Héros shot · image"]);
  });

  it("finds a result by its file's name: a run's download name, an upload's own", () => {
    expect(titles(filterResults(ALL, { query: "animate.mp4", kind: "all" }))).toEqual(["Animate · video"]);
    expect(titles(filterResults(ALL, { query: "img_4032", kind: "all" }))).toEqual(["Image Upload · image"]);
  });

  it("keeps the results holding every word typed, in any order", () => {
    expect(titles(filterResults(ALL, { query: "image poster", kind: "all" })))
      .toEqual(["Héros shot · image", "Logo · image"]);
    expect(titles(filterResults(ALL, { query: "shot héros", kind: "all" }))).toEqual(["Héros shot · image"]);
    expect(filterResults(ALL, { query: "héros video", kind: "all" })).toEqual([]);
  });

  it("finds results by their kind in words, and a run's kept result by the words on its card", () => {
    expect(titles(filterResults(ALL, { query: "3d", kind: "all" }))).toEqual(["Make 3D · mesh"]);
    expect(titles(filterResults(ALL, { query: "earlier run", kind: "all" }))).toEqual(["Logo · image"]);
  });

  it("shows one kind alone, an SVG among the pictures, and words within it", () => {
    expect(titles(filterResults(ALL, { query: "", kind: "picture" })))
      .toEqual(["Héros shot · image", "Logo · image", "Image Upload · image"]);
    expect(titles(filterResults(ALL, { query: "", kind: "video" }))).toEqual(["Animate · video"]);
    expect(titles(filterResults(ALL, { query: "logo", kind: "video" }))).toEqual([]);
  });

  it("counts the kinds present, in the order the panel offers them", () => {
    expect(kindCounts(ALL)).toEqual([{ kind: "picture", count: 3 }, { kind: "video", count: 1 },
      { kind: "model", count: 1 }]);
    expect(kindCounts([])).toEqual([]);
  });

  it("says in words what found nothing", () => {
    expect(nothingFoundText({ query: " hero ", kind: "all" })).toBe("No result matches “hero”.");
    expect(nothingFoundText({ query: "hero", kind: "video" })).toBe("No video matches “hero”.");
    expect(nothingFoundText({ query: "", kind: "model" })).toBe("No 3D model among these results.");
    expect(queryWords("  Big   HÉRO ")).toEqual(["big", "hero"]);
  });
});
