// A run the server refuses as a whole tells the user, in one notice, what to fix on each node.

import { beforeEach, describe, expect, it, vi } from "vitest";
import { ApiError } from "../api/client";
import { startRun } from "../api/runs";
import type { Problem } from "../api/types";
import { SPECS } from "../test/specs";
import { runGraph } from "./runner";
import { resetEditor, useEditor } from "./store/editorStore";

vi.mock("../api/runs", async (original) => ({ ...await original<typeof import("../api/runs")>(), startRun: vi.fn() }));

const store = () => useEditor.getState();
const needsImage = (title: string) => `Connect an image to ${title}'s Image input`;
const problem = (node_id: string, message: string): Problem =>
  ({ node_id, field: "image", code: "missing_input", message });

beforeEach(() => {
  resetEditor();
  store().setSpecs(SPECS);
});

describe("a run refused as a whole", () => {
  it("names up to three problems with the names the user gave their nodes, then how many more", async () => {
    for (const type of ["tool.blur", "tool.invert", "tool.adjust", "output.save"]) store().addNode(type, { x: 0, y: 0 });
    store().renameNode("blur-1", "Soften");
    // the server names a node in a missing connection's problem; one that does not (Soften's) gets the node's name
    const problems = [problem("blur-1", "Radius must be at most 200"), problem("invert-1", needsImage("Invert")),
      problem("adjust-1", needsImage("Adjust")), problem("save-1", needsImage("Save Image"))];
    vi.mocked(startRun).mockRejectedValueOnce(new ApiError(422, "the workflow is not valid", problems,
      "invalid_workflow"));

    await runGraph();

    expect(store().notice).toMatchObject({ tone: "error", message: "Can't run yet: Soften: Radius must be at most 200; "
      + `${needsImage("Invert")}; ${needsImage("Adjust")}; and 1 more` });
    expect(store().nodeRuns["save-1"]).toMatchObject({ error: needsImage("Save Image") });
  });
});
