// Which node a node waits on: the nearest upstream that can't run of its own, over any number of wires.

import { describe, expect, it } from "vitest";
import type { EditorEdge } from "../types";
import { parentsOf, waitedOn } from "./runProblems";

const wire = (source: string, target: string) => ({ id: `${source}-${target}`, source, target }) as EditorEdge;

describe("the node a node waits on", () => {
  const parents = parentsOf([wire("a", "b"), wire("b", "d"), wire("c", "d"), wire("d", "e")]);

  it("is the nearest node upstream that can't run, the first wired in among those as near", () => {
    expect(waitedOn("e", parents, (id) => id === "a" || id === "c")).toBe("c");
    expect(waitedOn("e", parents, (id) => id === "a")).toBe("a");
    expect(waitedOn("e", parents, (id) => id === "b" || id === "c")).toBe("b");
  });

  it("is none when no node upstream can't run, and never the node itself", () => {
    expect(waitedOn("e", parents, (id) => id === "e")).toBeNull();
    expect(waitedOn("a", parents, () => true)).toBeNull();
  });
});
