// A version's difference from the current graph reads as a person would say it: nodes added and removed by
// their names, each changed parameter by its title with its old and new value, moves, and connections.
import { describe, expect, it } from "vitest";
import type { NodeSpec } from "../../api/types";
import type { VersionDiff } from "../../api/versions";
import { specsByType } from "../../test/specs";
import { diffLines, namer, provenanceWords, valueWords, versionLabel } from "./diffWords";

const FLUX: NodeSpec = {
  type: "model.flux_pro", title: "Flux Pro", category: "models/image", version: 1, description: "",
  inputs: [], outputs: [], params_schema: { type: "object", properties: {
    prompt: { type: "string", title: "Prompt" }, seed: { type: "integer", title: "Seed" } } },
};
const specs = new Map([...specsByType, [FLUX.type, FLUX]]);

const diff = (part: Partial<VersionDiff>): VersionDiff =>
  ({ added: [], removed: [], changed: [], edges_added: [], edges_removed: [], ...part });
const words = (d: VersionDiff, known: (id: string) => string | null = () => null) =>
  diffLines(d, namer(specs, d, known));

describe("a version's difference in words", () => {
  it("names added and removed nodes", () => {
    expect(words(diff({
      added: [{ id: "b", type: "tool.blur", title: "Blur" }],
      removed: [{ id: "u", type: "tool.upscale", title: "Upscale" }],
    }))).toEqual(["Added: Blur", "Removed: Upscale"]);
  });

  it("names each changed parameter by its title, text quoted, numbers bare", () => {
    expect(words(diff({ changed: [{ id: "f", type: "model.flux_pro", title: "Flux Pro", moved: false, other: [],
      params: [{ name: "prompt", before: "a cat", after: "a dog" }, { name: "seed", before: 1, after: 42 }] }] })))
      .toEqual(["Changed: Flux Pro — Prompt: 'a cat' → 'a dog', Seed 1 → 42"]);
  });

  it("words a choice as its menu does, not by the value stored", () => {
    expect(words(diff({ changed: [{ id: "b", type: "tool.blur", title: "Blur", moved: false, other: [],
      params: [{ name: "kind", before: "gaussian", after: "box" }] }] })))
      .toEqual(["Changed: Blur — Kind: Gaussian → Box"]);
  });

  it("says a node only moved, or moved as well, and names other fields", () => {
    expect(words(diff({ changed: [
      { id: "b", type: "tool.blur", title: "Blur", moved: true, other: [], params: [] },
      { id: "c", type: "tool.blur", title: "Soft", moved: true, other: ["bypass"],
        params: [{ name: "radius", before: 2, after: 8 }] },
    ] }))).toEqual(["Moved: Blur", "Changed: Soft — Radius 2 → 8, bypass changed, moved"]);
  });

  it("names a parameter with no schema title from its key, and values in words", () => {
    expect(words(diff({ changed: [{ id: "b", type: "tool.unknown", title: "Mystery", moved: false, other: [],
      params: [{ name: "seed_value", before: null, after: true }] }] })))
      .toEqual(["Changed: Mystery — Seed value nothing → on"]);
    expect(valueWords("x".repeat(60))).toBe(`'${"x".repeat(39)}…'`);
    expect(valueWords([1, 2])).toBe("2 items");
  });

  it("says an uploaded file was added, replaced or removed, never its content hash", () => {
    const hash = "a1c95c97aa557c787612f3ef486ba0a1cd4860e0".repeat(2).slice(0, 64);
    const upload = (before: string | null, after: string | null) => words(diff({ changed: [{ id: "i",
      type: "input.image", title: "Image Upload", moved: false, other: [],
      params: [{ name: "asset_id", before, after }] }] }))[0];
    expect(upload(null, hash)).toBe("Changed: Image Upload — Image: a file added");
    expect(upload(hash, hash.replace("a", "b"))).toBe("Changed: Image Upload — Image: another file");
    expect(upload(hash, null)).toBe("Changed: Image Upload — Image: file removed");
  });

  it("names connections by their nodes: from the diff, else the canvas", () => {
    const d = diff({
      added: [{ id: "b", type: "tool.blur", title: "Blur" }],
      edges_added: [{ id: "e1", source: "p", sourceHandle: "image", target: "b", targetHandle: "image" }],
      edges_removed: [{ id: "e2", source: "gone", sourceHandle: null, target: "s", targetHandle: null }],
    });
    expect(words(d, (id) => ({ p: "Photo", s: "Save Image" })[id] ?? null)).toEqual([
      "Added: Blur", "Connected: Photo → Blur", "Disconnected: a deleted node → Save Image"]);
  });

  it("names a node the canvas has as the canvas does (namesakes numbered), one it lost by its name in the version",
    () => {
      const d = diff({
        changed: [{ id: "b1", type: "tool.blur", title: "Blur", moved: true, other: [], params: [] },
          { id: "b2", type: "tool.blur", title: "Blur", moved: true, other: [], params: [] }],
        removed: [{ id: "gone", type: "tool.blur", title: "Blur" }],
        edges_removed: [{ id: "e", source: "gone", sourceHandle: "image", target: "b2", targetHandle: "image" }],
      });
      expect(words(d, (id) => ({ b1: "Blur (2)", b2: "Blur (1)" })[id] ?? null)).toEqual([
        "Removed: Blur", "Moved: Blur (2)", "Moved: Blur (1)", "Disconnected: Blur → Blur (1)"]);
    });

  it("is empty when the version is the current graph", () => {
    expect(words(diff({}))).toEqual([]);
  });
});

describe("a version's label and a result's provenance", () => {
  it("names a version by its name, else by how it came to be", () => {
    expect(versionLabel({ number: 3, kind: "run", name: null })).toBe("v3 · Before a run");
    expect(versionLabel({ number: 4, kind: "named", name: "Final look" })).toBe("v4 · Final look");
    expect(versionLabel({ number: 5, kind: "auto" })).toBe("v5 · Automatic");
    expect(versionLabel({ number: 6, kind: "restore" })).toBe("v6 · Restored");
  });

  it("leads a result to its run and version", () => {
    const at = "2026-03-12T10:00:00Z";
    const date = new Date(at).toLocaleString(undefined, { day: "numeric", month: "short", year: "numeric",
      hour: "2-digit", minute: "2-digit" });
    const origin = { asset_id: "a", run_id: "3f2a9c1b77", node_id: "n", workflow_id: "w", uploaded: false,
      filename: null };
    expect(provenanceWords({ ...origin, version: { id: "v", number: 4, kind: "named", name: "Final look" } }, at))
      .toBe(`Made by the run of ${date} from version 4 (Final look)`);
    expect(provenanceWords({ ...origin, version: { id: "v", number: 2, kind: "run", name: null } }))
      .toBe("Made by a run from version 2 (saved as the run started)");
    expect(provenanceWords({ ...origin, version: null })).toBe("Made by a run");
    expect(provenanceWords({ ...origin, run_id: null, version: null })).toBeNull();
  });

  it("calls an upload an uploaded file, by its name, and names no run that only passed it on", () => {
    const upload = { asset_id: "a", run_id: null, node_id: null, workflow_id: null, version: null, uploaded: true };
    expect(provenanceWords({ ...upload, filename: "IMG_4032.jpg" }, "2026-03-12T10:00:00Z"))
      .toBe("Uploaded file IMG_4032.jpg");
    expect(provenanceWords({ ...upload, filename: null })).toBe("Uploaded file");
    // one file in two nodes: each says the name its own node keeps, not the one it was last uploaded under
    expect(provenanceWords({ ...upload, filename: "a.png" }, null, "board.jpg")).toBe("Uploaded file board.jpg");
  });
});
