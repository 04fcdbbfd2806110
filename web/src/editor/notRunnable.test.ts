// The notice of a run that leaves nodes out names each node to fix, not only the first one.

import { describe, expect, it } from "vitest";
import type { NotRunnableNode } from "../api/runs";
import { notRunnableText } from "./notRunnable";

const NEEDS_IMAGE = "input 'image' (image) needs a connection";
const own = (id: string, type: string, message: string): NotRunnableNode =>
  ({ node_id: id, type, problems: [{ node_id: id, field: "params", code: "invalid_param", message }] });
const downstream = (id: string): NotRunnableNode => ({ node_id: id, type: "output.save",
  problems: [{ node_id: id, field: null, code: "upstream_invalid", message: "needs Blur, which can't run yet" }] });
const TITLES: Record<string, string> = { "tool.blur": "Blur", "tool.crop": "Crop", "tool.invert": "Invert",
  "tool.relight": "Relight", "output.save": "Save" };
const titleOf = (node: NotRunnableNode) => TITLES[node.type];

describe("the notice of nodes left out of a run", () => {
  it("names every node with a problem of its own, the one listed after the first included", () => {
    const text = notRunnableText([downstream("s1"), own("b", "tool.blur", NEEDS_IMAGE),
      own("c", "tool.crop", "Width must be at least 1"), downstream("s2")], titleOf);
    expect(text).toBe(`4 nodes can't run yet: Blur: ${NEEDS_IMAGE}; Crop: Width must be at least 1; and 2 more`);
  });

  it("names the first few, then says how many more", () => {
    const nodes = ["tool.blur", "tool.crop", "tool.invert", "tool.relight"].map((type, i) => own(`n${i}`, type, "bad"));
    expect(notRunnableText(nodes, titleOf)).toBe("4 nodes can't run yet: Blur: bad; Crop: bad; Invert: bad; and 1 more");
  });

  it("does not name a node twice when its problem names it already", () => {
    expect(notRunnableText([own("b", "tool.blur", "Blur needs an image")], titleOf))
      .toBe("1 node can't run yet: Blur needs an image");
  });
});
