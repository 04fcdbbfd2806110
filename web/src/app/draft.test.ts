import { describe, expect, it } from "vitest";
import type { WorkflowDocument } from "../api/types";
import { onlyOwnChanges } from "./draft";

const blur = (radius: number, extra: Record<string, unknown> = {}) =>
  ({ id: "blur", type: "tool.blur", position: { x: 0, y: 0 }, params: { radius }, ...extra });
const prompt = { id: "prompt", type: "input.prompt", position: { x: 0, y: 200 }, params: { text: "a cat" } };
const edge = { source: "prompt", sourceHandle: "text", target: "blur", targetHandle: "image" };
const doc = (nodes: object[], edges: object[] = []) => ({ schema_version: 1, nodes, edges }) as WorkflowDocument;

describe("whether a kept draft may go into its own project", () => {
  const base = doc([blur(2), prompt], [edge]);
  const mine = doc([blur(9), prompt], [edge]);  // the radius changed offline

  it("may, when the project is as the page last knew it, whatever its version now", () => {
    expect(onlyOwnChanges(base, base, mine)).toBe(true);
  });

  it("may, when the page's own edits reached the project before the sign-in ended", () => {
    expect(onlyOwnChanges(base, mine, mine)).toBe(true);
  });

  it("may, when the project reads the same written another way (unset fields, key order, edge ids)", () => {
    const same = doc([{ params: { radius: 2 }, type: "tool.blur", id: "blur", position: { y: 0, x: 0 },
      name: null }, prompt], [{ ...edge, id: "prompt.text-blur.image" }]);
    expect(onlyOwnChanges(base, same, mine)).toBe(true);
  });

  it("may not, when someone else changed another node, the same one, or took one away", () => {
    expect(onlyOwnChanges(base, doc([blur(2), { ...prompt, params: { text: "a dog" } }], [edge]), mine)).toBe(false);
    expect(onlyOwnChanges(base, doc([blur(4), prompt], [edge]), mine)).toBe(false);
    expect(onlyOwnChanges(base, doc([blur(2)], []), mine)).toBe(false);
  });

  it("may not, when someone else added a node or a link", () => {
    expect(onlyOwnChanges(base, doc([blur(2), prompt, { ...prompt, id: "prompt-2" }], [edge]), mine)).toBe(false);
    expect(onlyOwnChanges(base, doc([blur(2), prompt], [edge, { ...edge, targetHandle: "mask" }]), mine)).toBe(false);
  });

  it("may not, when the studio's answer is not a graph", () => {
    expect(onlyOwnChanges(base, {}, mine)).toBe(false);
  });
});
