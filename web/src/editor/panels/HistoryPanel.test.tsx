// The History lists the project's runs; a completed run that left nodes out (they had a problem) carries a
// "3 not run" tag, and a run another worker took over after its own stopped (one that stalled for a while) a
// "Resumed" tag, each saying why on hover; a clean run carries neither. The API is served at fetch.
import { render, screen, within } from "@testing-library/react";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import type { RunListItem } from "../../api/runs";
import { resetEditor, useEditor } from "../store/editorStore";
import { HistoryPanel } from "./HistoryPanel";

const run = (id: string, status: RunListItem["status"], resumes: number, notRun = 0): RunListItem => ({
  id, workflow_id: "w1", version_id: null, version: null, status, error: null, targets: null,
  created_at: "2026-01-02T10:00:00Z", started_at: "2026-01-02T10:00:01Z",
  finished_at: status === "running" ? null : "2026-01-02T10:00:09Z", worker_lost_at: null,
  events_url: `/api/v1/runs/${id}/events`, thumbnail_url: null, credits: 0, nodes: 12,
  completed: status === "completed" ? 12 - notRun : 0, not_run: notRun, resumes });

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

describe("the line under each run", () => {
  it("says how long it took, how many nodes it has and the credits it spent; a run of one node says so", async () => {
    runs = [{ ...run("paid", "completed", 0), credits: 3 }, { ...run("single", "completed", 0), nodes: 1,
      targets: ["blur-1"] }, { ...run("queued", "queued", 0), nodes: 0, started_at: null, finished_at: null }];
    const byId = await rows();
    const facts = (id: string) => within(byId.get(id)!).getByTestId("history-facts");
    expect(facts("paid")).toHaveTextContent(/^8(\.0)? s · 12 nodes · 3 credits$/);
    expect(facts("single")).toHaveTextContent(/ · 1 node · one node and its inputs$/);
    expect(facts("queued")).toHaveTextContent(/^under way$/);
  });

  it("says of a cancelled or failed run how many of its nodes finished", async () => {
    runs = [{ ...run("cancelled", "cancelled", 0), nodes: 201, completed: 113 },
      { ...run("failed", "failed", 0), completed: 5 }, { ...run("none", "cancelled", 0), nodes: 1 }];
    const byId = await rows();
    const facts = (id: string) => within(byId.get(id)!).getByTestId("history-facts");
    expect(facts("cancelled")).toHaveTextContent(/^8(\.0)? s · 113 of 201 nodes done$/);
    expect(facts("failed")).toHaveTextContent(/ · 5 of 12 nodes done$/);
    expect(facts("none")).toHaveTextContent(/ · 0 of 1 node done$/);
  });
});

describe("the History's runs that left nodes out", () => {
  it("tags a completed run with how many nodes did not run, saying why on hover; a clean run carries no tag",
    async () => {
      runs = [run("partial", "completed", 0, 3), run("one", "completed", 0, 1), run("clean", "completed", 0),
        run("failed", "failed", 0, 2)];
      const byId = await rows();
      const tag = (id: string) => within(byId.get(id)!).queryByTestId("history-not-run");
      expect(tag("partial")).toHaveTextContent("3 not run");
      expect(tag("partial")).toHaveAttribute("title", "3 of 12 nodes did not run: they, or nodes they need, have "
        + "a problem, such as a missing input. Pick this run to see which on the canvas.");
      expect(tag("one")).toHaveTextContent("1 not run");
      expect(tag("one")).toHaveAttribute("title", "1 of 12 nodes did not run: it, or a node it needs, has a "
        + "problem, such as a missing input. Pick this run to see which on the canvas.");
      expect(tag("clean")).toBeNull();
      expect(tag("failed")).toBeNull();  // its status and error say what went wrong
      // not all done: not green like a clean run
      const status = (id: string) => within(byId.get(id)!).getByTestId("history-status");
      expect(status("partial")).toHaveClass("bg-amber-100");
      expect(status("clean")).toHaveClass("bg-emerald-100");
    });

  it("says a run that left nodes out saved nothing, or ran in part, not that it completed; its status stays the "
    + "server's", async () => {
    const picture = "/api/v1/assets/f/content?size=256";
    // Blur's input unconnected: Blur and the Save after it did not run, so no file was saved and nothing pictures it
    runs = [{ ...run("nothing", "completed", 0, 2), nodes: 3, completed: 1 },
      { ...run("partly", "completed", 0, 2), thumbnail_url: picture }, run("clean", "completed", 0),
      { ...run("waiting", "running", 0), worker_lost_at: "2026-01-02T10:00:05Z" }];
    const byId = await rows();
    const status = (id: string) => within(byId.get(id)!).getByTestId("history-status");
    expect(status("nothing")).toHaveTextContent(/^Nothing saved$/);
    expect(status("nothing")).toHaveAttribute("title", expect.stringMatching(/^The run ended without saving a file/));
    expect(within(byId.get("nothing")!).getByTestId("history-not-run")).toHaveTextContent("2 not run");
    expect(status("partly")).toHaveTextContent(/^Partly run$/);
    expect(within(byId.get("partly")!).getByTestId("history-not-run")).toHaveTextContent("2 not run");
    expect(status("clean")).toHaveTextContent(/^Completed$/);
    expect(status("clean")).not.toHaveAttribute("title");
    expect(status("waiting")).toHaveTextContent(/^Waiting for a worker$/);
    expect(byId.get("nothing")).toHaveAttribute("data-status", "completed");
    expect(byId.get("partly")).toHaveAttribute("data-status", "completed");
  });

  it("says under a failed run why it failed, in the words its nodes used", async () => {
    runs = [{ ...run("failed", "failed", 0), error: "Upscale failed: the image is over the size limit" },
      { ...run("stopped", "failed", 0), error: "interrupted" }, run("fine", "completed", 0)];
    const byId = await rows();
    const why = (id: string) => within(byId.get(id)!).queryByTestId("history-error");
    expect(why("failed")).toHaveTextContent("Upscale failed: the image is over the size limit");
    expect(why("stopped")).toHaveTextContent(/^The studio stopped during the run; run it again/);
    expect(why("fine")).toBeNull();
  });
});
