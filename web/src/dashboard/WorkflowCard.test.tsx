// A project's card on the dashboard: its picture when a run made one, and always how many nodes its graph has.
import { fireEvent, render, screen, within } from "@testing-library/react";
import { MemoryRouter } from "react-router-dom";
import { describe, expect, it, vi } from "vitest";
import type { WorkflowSummary } from "../api/types";
import { WorkflowCard } from "./WorkflowCard";

const SIGNED = `/api/v1/assets/${"f".repeat(64)}/content?exp=1&sig=${"0".repeat(32)}&size=256`;
const project = (changes: Partial<WorkflowSummary>): WorkflowSummary => ({
  id: "1".repeat(32), title: "Poster", version: 1, created_at: "2025-01-01T00:00:00Z",
  updated_at: "2025-01-01T00:00:00Z", node_count: 3, thumbnail_url: null, ...changes,
} as WorkflowSummary);

const card = (workflow: WorkflowSummary) => {
  render(<MemoryRouter><ul><WorkflowCard workflow={workflow} onDelete={vi.fn()} onDuplicate={vi.fn()} /></ul></MemoryRouter>);
  return screen.getByTestId("workflow-card");
};

describe("a project's card", () => {
  it("shows both its picture and its node count", () => {
    const shown = card(project({ thumbnail_url: SIGNED, node_count: 3 }));
    expect(within(shown).getByTestId("workflow-thumbnail")).toHaveAttribute("src", SIGNED);
    expect(within(shown).getByTestId("workflow-node-count")).toHaveTextContent("3 nodes");
  });

  it("says one node in the singular", () => {
    const one = card(project({ thumbnail_url: SIGNED, node_count: 1 }));
    expect(within(one).getByTestId("workflow-node-count")).toHaveTextContent(/^1 node$/);
  });

  it("shows the count alone when no run made a picture yet", () => {
    const plain = card(project({ node_count: 0 }));
    expect(within(plain).queryByTestId("workflow-thumbnail")).toBeNull();
    expect(within(plain).getByTestId("workflow-node-count")).toHaveTextContent("Empty canvas");
  });

  it("shows the count alone when its picture cannot be shown (a file no longer stored)", () => {
    const shown = card(project({ thumbnail_url: SIGNED, node_count: 2 }));
    fireEvent.error(within(shown).getByTestId("workflow-thumbnail"));
    expect(within(shown).queryByTestId("workflow-thumbnail")).toBeNull();
    expect(within(shown).getByTestId("workflow-node-count")).toHaveTextContent("2 nodes");
  });
});
