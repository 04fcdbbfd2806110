// The notice of a run that leaves nodes out, or that is refused as a whole, names each node to fix, not only the
// first one, and counts only those: a node that waits for one of them is no second problem.

import { describe, expect, it } from "vitest";
import type { NotRunnableNode } from "../api/runs";
import type { Problem } from "../api/types";
import { notRunnableText, refusedRunText, waitingText } from "./notRunnable";

const NEEDS_IMAGE = "Connect an image to Blur's Image input";
const own = (id: string, type: string, message: string): NotRunnableNode =>
  ({ node_id: id, type, problems: [{ node_id: id, field: "params", code: "invalid_param", message }] });
const downstream = (id: string, type = "output.save"): NotRunnableNode => ({ node_id: id, type,
  problems: [{ node_id: id, field: null, code: "upstream_invalid", message: "needs Blur, which can't run yet" }] });
const TITLES: Record<string, string> = { "tool.blur": "Blur", "tool.crop": "Crop", "tool.invert": "Invert",
  "tool.relight": "Relight", "output.save": "Save Image", "model.flux_pro_1_1_ultra": "Flux Pro 1.1 Ultra" };
const titleOf = (node: NotRunnableNode) => TITLES[node.type];

describe("the notice of nodes left out of a run", () => {
  it("counts and names the nodes with a problem of their own, the one listed after the first included", () => {
    const text = notRunnableText([downstream("s1"), own("b", "tool.blur", NEEDS_IMAGE),
      own("c", "tool.crop", "Width must be at least 1"), downstream("i", "tool.invert")], titleOf);
    expect(text).toBe(`2 nodes can't run yet: ${NEEDS_IMAGE}; Crop: Width must be at least 1; `
      + "Save Image and Invert wait for them.");
  });

  it("does not count a node that can't run only because it needs one that can't as a second problem", () => {
    const empty = "Write a prompt for Flux Pro 1.1 Ultra: the text from Prompt is empty";
    expect(notRunnableText([own("f", "model.flux_pro_1_1_ultra", empty), downstream("s")], titleOf))
      .toBe(`1 node can't run yet: ${empty}; Save Image waits for it.`);
    const many = [own("b", "tool.blur", NEEDS_IMAGE), downstream("s1"), downstream("i", "tool.invert"),
      downstream("r", "tool.relight")];
    expect(notRunnableText(many, titleOf)).toBe(`1 node can't run yet: ${NEEDS_IMAGE}; 3 other nodes wait for it.`);
  });

  it("joins sentences that end in a full stop without a stray one before the semicolon", () => {
    const text = notRunnableText([own("c", "tool.crop", "Delete it, or replace it with Resize."), downstream("s1")],
      titleOf);
    expect(text).toBe("1 node can't run yet: Crop: Delete it, or replace it with Resize; Save Image waits for it.");
  });

  it("names the first few, then says how many more", () => {
    const nodes = ["tool.blur", "tool.crop", "tool.invert", "tool.relight"].map((type, i) => own(`n${i}`, type, "bad"));
    expect(notRunnableText(nodes, titleOf)).toBe("4 nodes can't run yet: Blur: bad; Crop: bad; Invert: bad; and 1 more.");
  });

  it("does not name a node twice when its problem names it already", () => {
    expect(notRunnableText([own("b", "tool.blur", "Blur needs an image")], titleOf))
      .toBe("1 node can't run yet: Blur needs an image.");
  });

  it("names the node when its title is only part of a word or of a longer name in the message", () => {
    const named = (title: string, message: string) => notRunnableText([own("n", "x", message)], () => title);
    // a field whose label starts with the node's title, another node's name, a word that holds the title
    expect(named("Crop", "Crop X must be a whole number from 0 to 65535."))
      .toBe("1 node can't run yet: Crop: Crop X must be a whole number from 0 to 65535.");
    expect(named("Image", "Upload an image into Image Upload first"))
      .toBe("1 node can't run yet: Image: Upload an image into Image Upload first.");
    expect(named("Hero", "Connect an image to Heroes's Image input"))
      .toBe("1 node can't run yet: Hero: Connect an image to Heroes's Image input.");
    expect(named("Blur (2)", NEEDS_IMAGE)).toBe(`1 node can't run yet: Blur (2): ${NEEDS_IMAGE}.`);
    // named whole, once: a possessive, the start of the message, a title with signs in it
    expect(named("Blur", NEEDS_IMAGE)).toBe(`1 node can't run yet: ${NEEDS_IMAGE}.`);
    expect(named("Image Upload", "Image Upload names a file the studio does not have; upload an image into it again"))
      .toBe("1 node can't run yet: Image Upload names a file the studio does not have; upload an image into it again.");
    expect(named("Flux Pro 1.1 Ultra", "Write a prompt for Flux Pro 1.1 Ultra: the text from Prompt is empty"))
      .toBe("1 node can't run yet: Write a prompt for Flux Pro 1.1 Ultra: the text from Prompt is empty.");
  });
});

describe("the notice of a run refused as a whole", () => {
  const problem = (node_id: string | null, message: string): Problem =>
    ({ node_id, field: null, code: "missing_input", message });
  const NODE_TITLES: Record<string, string> = { b: "Blur", c: "Crop", i: "Image Upload", s: "Save" };
  const nodeTitle = (id: string) => NODE_TITLES[id];

  it("names up to three problems, each with its node unless the message names it, then how many more", () => {
    const problems = [problem("b", NEEDS_IMAGE), problem("i", "Upload an image into Image Upload first"),
      problem("c", "Width must be at least 1"), problem("s", "Connect an image to Save's Image input"),
      problem("c", "Height must be at least 1")];
    expect(refusedRunText(problems, nodeTitle)).toBe(`Can't run yet: ${NEEDS_IMAGE}; Upload an image into `
      + "Image Upload first; Crop: Width must be at least 1; and 2 more.");
  });

  it("says a single problem alone, and one of no node in its own words", () => {
    expect(refusedRunText([problem("i", "Upload an image into Image Upload first")], nodeTitle))
      .toBe("Can't run yet: Upload an image into Image Upload first.");
    const newer = "schema_version 3 is newer than this studio understands (2); upgrade Karate";
    expect(refusedRunText([problem(null, newer)], nodeTitle)).toBe(`Can't run yet: ${newer}.`);
  });

  it("says each problem as a sentence of its own when one is more than a sentence", () => {
    const unknown = "This studio has no “tool.blurr” node (the project may come from a newer version). Delete it, or "
      + "replace it with Blur.";
    expect(refusedRunText([problem("i", "Upload an image into Image Upload first"), problem("b", unknown)],
      nodeTitle)).toBe(`Can't run yet: Upload an image into Image Upload first. ${unknown}`);
  });
});

describe("what a node waiting on a node that can't run says of it", () => {
  it("says to replace or remove a node of an unknown type, by the name the canvas shows, its type said once", () => {
    expect(waitingText("tool.blurr", "tool.blurr"))
      .toBe("Waits for tool.blurr: replace or remove tool.blurr, whose type is unknown.");
    expect(waitingText("Soften (2)", "tool.blurr"))
      .toBe("Waits for Soften (2): replace or remove Soften (2), whose type “tool.blurr” is unknown.");
  });

  it("names a known node with its own problem", () => {
    expect(waitingText("Blur (2)", null, NEEDS_IMAGE)).toBe(`Needs Blur (2), which can't run yet: ${NEEDS_IMAGE}`);
    expect(waitingText("Blur (2)", null)).toBe("Needs Blur (2), which can't run yet.");
  });
});
