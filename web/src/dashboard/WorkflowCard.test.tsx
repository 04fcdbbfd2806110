// A project's card on the dashboard: its picture when a run made one, and always how many nodes its graph has.
import { fireEvent, render, screen, within } from "@testing-library/react";
import { MemoryRouter } from "react-router-dom";
import { describe, expect, it, vi } from "vitest";
import type { WorkflowSummary } from "../api/types";
import { titleEnding } from "../app/titleEnding";
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

describe("a project's title on its card", () => {
  it("keeps the ending that tells a copy apart whole, the base being what is cut, and the whole title on hover", () => {
    const shown = card(project({ title: "Spring campaign – hero shot (copy)" }));
    const link = within(shown).getByRole("link", { name: "Spring campaign – hero shot (copy)" });
    expect(link).toHaveAttribute("title", "Spring campaign – hero shot (copy)");
    expect(within(shown).getByTestId("card-title-ending")).toHaveTextContent(/^\(copy\)$/);
    expect(within(shown).getByTestId("card-title-ending")).toHaveClass("shrink-0");
  });

  it("has no ending to keep for a title without one", () => {
    const shown = card(project({ title: "Poster" }));
    expect(within(shown).getByRole("link", { name: "Poster" })).toHaveAttribute("title", "Poster");
    expect(within(shown).queryByTestId("card-title-ending")).toBeNull();
  });
});

describe("the ending a title is told apart by", () => {
  it.each([
    ["Poster (copy)", "Poster", " (copy)"],
    ["Poster (copy 2)", "Poster", " (copy 2)"],
    ["Poster (2)", "Poster", " (2)"],
    ["Poster (version 3)", "Poster", " (version 3)"],
    ["Poster (copy) (2)", "Poster (copy)", " (2)"],
    ["Poster (final)", "Poster (final)", ""],
    ["(2)", "(2)", ""],
    ["Poster(2)", "Poster(2)", ""],
  ])("%s is %s and %s", (title, base, ending) => {
    expect(titleEnding(title)).toEqual({ base, ending });
  });
});
