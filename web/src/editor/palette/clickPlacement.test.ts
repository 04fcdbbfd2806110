// Nodes clicked in from the palette: after the one node selected, wired from it when they fit, so clicking tools
// in a row builds a chain in click order; with nothing selected, near the middle of the view; never on a neighbour.

import { beforeEach, describe, expect, it } from "vitest";
import { SPECS, spec, specsByType } from "../../test/specs";
import { resetEditor, useEditor } from "../store/editorStore";
import { isStudioNode, type EditorNode, type StudioNode } from "../types";
import { CHAIN_GAP, clickPlacement, spotAfter, wireClear } from "./clickPlacement";
import { estimatedSize, GAP, GROWTH, type Box } from "./freeSpot";

const sizeOf = (type: string) => estimatedSize(specsByType.get(type));
const store = () => useEditor.getState();
const studioNodes = () => store().nodes.filter(isStudioNode);

/** A click on the palette's `type`, as Palette does it: placed, then added connected or alone. */
function click(type: string): string | null {
  const { nodes, edges } = store();
  const { at, from } = clickPlacement(nodes, specsByType, type, { x: 0, y: 0 }, sizeOf, undefined, edges);
  return from ? store().addConnectedNode(type, at, from) : store().addNode(type, at);
}

/** Each node's box as the canvas draws it (its type's estimated size: it errs tall). */
const boxOf = (node: StudioNode): Box => ({ ...node.position, ...sizeOf(node.data.nodeType) });

function overlapping(nodes: StudioNode[]): string[] {
  const found: string[] = [];
  for (const [i, a] of nodes.entries()) {
    for (const b of nodes.slice(i + 1)) {
      const [p, q] = [boxOf(a), boxOf(b)];
      if (p.x < q.x + q.width && q.x < p.x + p.width && p.y < q.y + q.height && q.y < p.y + p.height) {
        found.push(`${a.id}/${b.id}`);
      }
    }
  }
  return found;
}

const links = () => store().edges.map((e) => `${e.source}.${e.sourceHandle}>${e.target}.${e.targetHandle}`);

beforeEach(() => {
  resetEditor();
  store().setSpecs(SPECS);
});

describe("a node clicked in from the palette", () => {
  it("builds a chain when tools are clicked one after another: each right of the last, wired from it, selected",
    () => {
      for (const type of ["input.image", "tool.blur", "tool.invert", "output.save"]) click(type);
      expect(links()).toEqual(["image-1.image>blur-1.image", "blur-1.image>invert-1.image",
        "invert-1.image>save-1.image"]);
      const [image, blur, invert, save] = studioNodes();
      for (const [left, right] of [[image, blur], [blur, invert], [invert, save]]) {
        expect(right.position.y).toBe(left.position.y);  // in a row
        expect(right.position.x).toBe(left.position.x + sizeOf(left.data.nodeType).width + CHAIN_GAP);
      }
      expect(studioNodes().filter((n) => n.selected).map((n) => n.id)).toEqual(["save-1"]);
    });

  it("is added and wired as one change: one undo takes back both", () => {
    click("input.image");
    click("tool.blur");
    expect(store().edges).toHaveLength(1);
    store().undo();
    expect(studioNodes().map((n) => n.id)).toEqual(["image-1"]);
    expect(store().edges).toHaveLength(0);
    store().redo();
    expect(links()).toEqual(["image-1.image>blur-1.image"]);
  });

  it("goes after the selected node unwired when none of its inputs takes the selected node's outputs", () => {
    click("input.image");
    click("input.prompt");  // no inputs: nothing to wire
    expect(store().edges).toHaveLength(0);
    const [image, prompt] = studioNodes();
    expect(prompt.position).toEqual({ x: image.position.x + 256 + CHAIN_GAP, y: image.position.y });
    expect(prompt.selected).toBe(true);
  });

  it("joins outputs to inputs of their own type first: Mask Extractor's image into Blur's image", () => {
    click("input.image");
    click("tool.mask_extractor");
    click("tool.blur");
    expect(links()).toContain("mask_extractor-1.image>blur-1.image");
  });

  it("with nothing selected, goes near the middle of the view, and in click order after that", () => {
    click("tool.blur");
    useEditor.setState({ nodes: store().nodes.map((n) => ({ ...n, selected: false })) });
    const second = clickPlacement(store().nodes, specsByType, "tool.invert", { x: 0, y: 0 }, sizeOf);
    expect(second.after).toBeNull();
    expect(second.from).toBeNull();
    store().addNode("tool.invert", second.at);
    click("tool.adjust");  // after Invert, the node added last
    const [blur, invert, adjust] = studioNodes();
    expect(adjust.position.x).toBeGreaterThan(invert.position.x);
    expect(overlapping([blur, invert, adjust])).toEqual([]);
  });

  it("goes right of the selected node: below a neighbour in the way (clear of its full height), tall or short",
    () => {
      const node = (id: string, type: string, x: number, y: number, height: number): EditorNode => ({
        id, type: "studio", position: { x, y }, data: { nodeType: type, params: {} },
        measured: { width: 256, height }, selected: id === "blur-1" });
      const blur = node("blur-1", "tool.blur", 0, 0, 444);
      // a Number right where the new node would go, level with the selected Blur: the new node goes under it
      const number = node("number-1", "input.number", 256 + CHAIN_GAP, -40, 130);
      const below = clickPlacement([blur, number], specsByType, "tool.invert", { x: 0, y: 0 }, sizeOf);
      expect(below.after).toBe("blur-1");
      expect(below.from).toEqual({ nodeId: "blur-1", handleId: "image", handleType: "source" });
      const numberHeight = Math.max(sizeOf("input.number").height, 130);  // the estimate errs tall
      expect(below.at).toEqual({ x: 256 + CHAIN_GAP, y: -40 + numberHeight + GROWTH + GAP });
      // a tall Adjust there instead: the next column, level with Blur, would run the wire under the Adjust, as if
      // the Adjust fed it; so under the Adjust, far as that is
      const adjust = node("adjust-1", "tool.adjust", 256 + CHAIN_GAP, -40, 551);
      const beside = clickPlacement([blur, adjust], specsByType, "tool.invert", { x: 0, y: 0 }, sizeOf).at;
      const adjustHeight = Math.max(sizeOf("tool.adjust").height, 551);
      expect(beside).toEqual({ x: 256 + CHAIN_GAP, y: -40 + adjustHeight + GROWTH + GAP });
    });

  it("goes just below the node the selected one feeds, when it is selected mid-chain: a branch, not far away",
    () => {
      for (const type of ["input.image", "tool.blur", "tool.invert", "output.save"]) click(type);
      const select = (id: string) => useEditor.setState({ nodes: store().nodes.map((n) => ({ ...n,
        selected: n.id === id })) });
      select("image-1");
      click("tool.invert");
      const byId = new Map(studioNodes().map((n) => [n.id, n]));
      const blur = byId.get("blur-1")!;
      // under Blur, which Image Upload feeds, not two columns on under Invert (its wire would run behind Blur)
      expect(byId.get("invert-2")!.position).toEqual(
        { x: blur.position.x, y: blur.position.y + sizeOf("tool.blur").height + GROWTH + GAP });
      expect(links()).toContain("image-1.image>invert-2.image");
      // a second branch from the same node goes under the first
      select("image-1");
      click("tool.adjust");
      const crop = studioNodes().at(-1)!;
      expect(crop.data.nodeType).toBe("tool.adjust");
      expect(crop.position.x).toBe(blur.position.x);
      expect(crop.position.y).toBe(byId.get("invert-2")!.position.y + sizeOf("tool.invert").height + GROWTH + GAP);
      expect(overlapping(studioNodes())).toEqual([]);
    });

  it("goes a column further right when the one beside the selected node is full far down", () => {
    const wall: EditorNode[] = Array.from({ length: 8 }, (_, row) => ({
      id: `w${row}`, type: "studio", position: { x: 300, y: row * 200 - 400 },
      data: { nodeType: "input.number", params: {} }, measured: { width: 256, height: 150 } }));
    const at = spotAfter(wall, { x: 0, y: 0, width: 256, height: 150 }, "input.number", () => ({ width: 256,
      height: 150 }));
    expect(at.y).toBe(0);
    expect(at.x).toBeGreaterThan(300 + 256);
  });

  it("keeps the new node's wire from passing under another node, so it never seems to come from that node", () => {
    // the walk: an Image Upload and a Video Upload dropped side by side, Blur clicked with the image selected
    // (it went under the video), then Adjust clicked with the image selected again
    const video = { ...spec("input.image"), type: "input.video", title: "Video Upload" };
    const types = new Map([...specsByType, [video.type, video]]);
    const size = (type: string) => estimatedSize(types.get(type));
    store().setSpecs([...SPECS, video]);
    const image = store().addNode("input.image", { x: 0, y: 0 }) as string;
    store().addNode("input.video", { x: 256 + GAP, y: 0 });
    const select = () => useEditor.setState({ nodes: store().nodes.map((n) => ({ ...n, selected: n.id === image })) });
    for (const type of ["tool.blur", "tool.adjust"]) {
      select();
      const { nodes, edges } = store();
      const { at, from } = clickPlacement(nodes, types, type, { x: 0, y: 0 }, size, undefined, edges);
      store().addConnectedNode(type, at, from!);
    }
    expect(links()).toEqual(["image-1.image>blur-1.image", "image-1.image>adjust-1.image"]);
    const box = (node: StudioNode): Box => ({ ...node.position, ...size(node.data.nodeType) });
    const byId = new Map(studioNodes().map((node) => [node.id, box(node)]));
    for (const target of ["blur-1", "adjust-1"]) {
      const others = [...byId].filter(([id]) => id !== image && id !== target).map(([, b]) => b);
      expect(wireClear(byId.get(image)!, byId.get(target)!, others)).toBe(true);
    }
    const adjust = byId.get("adjust-1")!;
    expect(adjust.y).toBeGreaterThan(0);  // not level with the video, past it
    expect(adjust.x).toBeLessThan(byId.get("video-1")!.x + 256);  // near its source: in the column beside it
    // and the check itself: a node level with the image, past the video, has its wire under the video
    expect(wireClear(byId.get(image)!, { x: 3 * 256, y: 0 }, [byId.get("video-1")!])).toBe(false);
  });
});
