// An edge is labelled for screen readers by the names its nodes go by (namesakes numbered in canvas order), never
// their ids, and the label follows a rename; an edge whose label did not change keeps its object.
import { act, renderHook } from "@testing-library/react";
import { beforeEach, describe, expect, it } from "vitest";
import { SPECS } from "../../test/specs";
import { resetEditor, useEditor } from "../store/editorStore";
import { useStyledEdges } from "./useStyledEdges";

const store = () => useEditor.getState();
const labels = (edges: { ariaLabel?: string }[]) => edges.map((edge) => edge.ariaLabel);

beforeEach(() => {
  resetEditor();
  store().setSpecs(SPECS);
});

describe("edge labels", () => {
  it("name the nodes as the user knows them, and the input where the target has several", () => {
    const left = store().addNode("tool.blur", { x: 0, y: 0 })!;
    const right = store().addNode("tool.blur", { x: 400, y: 0 })!;
    const extract = store().addNode("tool.mask_extractor", { x: 400, y: 400 })!;
    const inpaint = store().addNode("tool.inpaint", { x: 800, y: 0 })!;
    const link = (source: string, target: string, targetHandle: string) => expect(store().connectPorts(
      { source, sourceHandle: source === extract ? "mask" : "image", target, targetHandle })).toBeNull();
    link(left, right, "image");
    link(right, inpaint, "image");
    link(extract, inpaint, "mask");
    const { result } = renderHook(() => useStyledEdges(store().edges, true));
    expect(labels(result.current)).toEqual(["Edge from Blur (1) to Blur (2)'s image input",
      "Edge from Blur (2) to Inpaint's image input", "Edge from Mask Extractor to Inpaint's mask input"]);
    const untouched = result.current[2];
    act(() => store().renameNode(left, "Soften"));
    expect(labels(result.current).slice(0, 2)).toEqual(["Edge from Soften to Blur's image input",
      "Edge from Blur to Inpaint's image input"]);
    expect(result.current[2]).toBe(untouched);
  });
});

describe("an edge attached to none of several inputs", () => {
  it("is drawn dashed red and says so, where one into the only input of a node is drawn as usual", () => {
    store().loadDocument({ schema_version: 1, nodes: [
      { id: "pic", type: "input.image", params: {}, position: { x: 0, y: 0 } },
      { id: "soft", type: "tool.blur", params: {}, position: { x: 400, y: 0 } },
      { id: "up", type: "output.save", params: {}, position: { x: 800, y: 0 } },
    ], edges: [
      { source: "pic", sourceHandle: "image", target: "soft", targetHandle: null },
      { source: "soft", sourceHandle: "image", target: "up", targetHandle: null },
    ] });
    const { result } = renderHook(() => useStyledEdges(store().edges, true));
    const [loose, plain] = result.current;
    expect(loose.ariaLabel).toBe("Edge from Image Upload to Blur, attached to none of its inputs: connect Image Upload to "
      + "one of them");
    expect(loose.style).toMatchObject({ stroke: "#dc2626", strokeDasharray: "6 4" });
    expect(plain.ariaLabel).toBe("Edge from Blur to Save Image");
    expect(plain.style?.strokeDasharray).toBeUndefined();
  });
});
