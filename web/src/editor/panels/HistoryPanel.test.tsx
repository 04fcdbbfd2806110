// The History lists the project's runs; a run another worker took over after its own stopped (one that stalled
// for a while) carries a "Resumed" tag saying so on hover, and a run one worker executed carries none. The API is
// served at fetch.
import { render, screen, within } from "@testing-library/react";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import type { RunListItem } from "../../api/runs";
import { resetEditor, useEditor } from "../store/editorStore";
import { HistoryPanel } from "./HistoryPanel";

const run = (id: string, status: RunListItem["status"], resumes: number): RunListItem => ({
  id, workflow_id: "w1", version_id: null, version: null, status, error: null, targets: null,
  created_at: "2026-01-02T10:00:00Z", started_at: "2026-01-02T10:00:01Z",
  finished_at: status === "running" ? null : "2026-01-02T10:00:09Z", worker_lost_at: null,
  events_url: `/api/v1/runs/${id}/events`, thumbnail_url: null, credits: 0, resumes });

let runs: RunListItem[] = [];

function serve(url: string): Response {
  if (url.startsWith("/api/v1/runs?workflow_id=w1")) {
    return new Response(JSON.stringify({ items: runs, total: runs.length, limit: 50, offset: 0 }));
  }
  return new Response(JSON.stringify({ detail: "not found", code: "not_found" }), { status: 404 });
}

beforeEach(() => {
  resetEditor();
  useEditor.getState().setWorkflowMeta({ id: "w1", title: "Fox", version: 1, access: "owner" });
  useEditor.getState().toggleHistory(true);
  vi.stubGlobal("fetch", vi.fn((url: string) => Promise.resolve(serve(url))));
});

afterEach(() => vi.unstubAllGlobals());

async function rows(): Promise<Map<string, HTMLElement>> {
  render(<HistoryPanel />);
  const items = await screen.findAllByTestId("history-item");
  return new Map(items.map((item) => [item.dataset.runId ?? "", item]));
}

describe("the History's runs taken over by another worker", () => {
  it("tags a run resumed after its worker stopped, saying what happened on hover; other runs carry no tag", async () => {
    runs = [run("again", "running", 1), run("twice", "completed", 2), run("resumed", "completed", 1),
      run("plain", "completed", 0)];
    const byId = await rows();
    const tag = (id: string) => within(byId.get(id)!).queryByTestId("history-resumed");
    expect(tag("resumed")).toHaveTextContent("Resumed");
    expect(tag("resumed")).toHaveAttribute("title",
      "Its worker stopped; another worker finished it, reusing finished nodes");
    expect(tag("twice")).toHaveAttribute("title",
      "Its worker stopped 2 times; another worker finished it, reusing finished nodes");
    expect(tag("again")).toHaveAttribute("title",
      "Its worker stopped; another worker took it over, reusing finished nodes");
    expect(tag("plain")).toBeNull();
  });
});
