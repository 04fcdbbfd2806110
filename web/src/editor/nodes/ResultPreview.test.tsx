// A node's result frames: its picture once it has run; while a run makes it again, the last picture dimmed with what
// the node is doing over it (the card does not empty and jump); a first run's frame says so in words.

import { fireEvent, render, screen } from "@testing-library/react";
import { describe, expect, it, vi } from "vitest";
import { SPECS } from "../../test/specs";
import type { NodeRunState } from "../types";
import { ResultPreview } from "./ResultPreview";

const invert = SPECS.find((spec) => spec.type === "tool.invert")!;
const picture = { asset_id: "b".repeat(64), mime: "image/png", url: "/api/v1/assets/b/content?exp=1&sig=2" };

function frame(run: NodeRunState | undefined) {
  return render(<ResultPreview nodeId="invert" spec={invert} run={run} />);
}

describe("ResultPreview", () => {
  it("shows a finished node's picture", () => {
    frame({ status: "completed", outputs: { image: picture } });
    expect(screen.getByRole("img")).toBeInTheDocument();
    expect(screen.queryByTestId("result-remaking")).toBeNull();
  });

  it("tells a picture's size in pixels when the run recorded it", () => {
    const { rerender } = frame({ status: "completed", outputs: { image: { ...picture, width: 6048, height: 8064 } } });
    expect(screen.getByTestId("result-size")).toHaveTextContent("6048 × 8064");
    rerender(<ResultPreview nodeId="invert" spec={invert} run={{ status: "completed", outputs: { image: picture } }} />);
    expect(screen.queryByTestId("result-size")).toBeNull();  // a record without the size: nothing guessed
  });

  it("shimmers until the picture's pixels are in, so a node that says Done never shows an empty box", () => {
    frame({ status: "completed", outputs: { image: picture } });
    const box = screen.getByRole("img").parentElement!;
    expect(box).toHaveAttribute("aria-busy", "true");
    expect(box).toHaveClass("animate-pulse");
    fireEvent.load(screen.getByRole("img"));
    expect(box).not.toHaveAttribute("aria-busy");
    expect(box).not.toHaveClass("animate-pulse");
  });

  it("keeps the last picture, dimmed and marked, while a run makes it again", () => {
    const { rerender } = frame({ status: "pending", outputs: { image: picture } });
    expect(screen.getByRole("img")).toBeInTheDocument();
    expect(screen.getByTestId("result-remaking")).toHaveTextContent("Queued");
    rerender(<ResultPreview nodeId="invert" spec={invert} run={{ status: "running", outputs: { image: picture } }} />);
    expect(screen.getByTestId("result-remaking")).toHaveTextContent("Running…");
    expect(screen.getByRole("img").closest(".opacity-50")).not.toBeNull();
  });

  it("draws a new picture over the last one: the frame does not go blank while its URL is asked for", () => {
    vi.stubGlobal("fetch", () => new Promise(() => undefined));  // the new asset's record: not come yet
    const { rerender } = frame({ status: "completed", outputs: { image: picture } });
    const before = screen.getByRole("img").getAttribute("src");
    const made = { asset_id: "c".repeat(64), mime: "image/png" };  // from the run's event: no URL yet
    rerender(<ResultPreview nodeId="invert" spec={invert} run={{ status: "completed", outputs: { image: made } }} />);
    expect(screen.getByRole("img").getAttribute("src")).toBe(before);
    vi.unstubAllGlobals();
  });

  it("says what a node is doing on its first run, and keeps an earlier result, marked, when a run fails", () => {
    const { rerender } = frame({ status: "running" });
    expect(screen.getByTestId("result-placeholder")).toHaveTextContent("Running…");
    rerender(<ResultPreview nodeId="invert" spec={invert} run={{ status: "failed", error: "Out of memory" }} />);
    expect(screen.queryByRole("img")).toBeNull();  // a first run that failed made nothing to show
    expect(screen.getByTestId("result-placeholder")).toHaveTextContent("No result yet");
    // a later run that failed (or was skipped for an input that failed) takes away none of the last results
    for (const status of ["failed", "skipped", "blocked"] as const) {
      rerender(<ResultPreview nodeId="invert" spec={invert}
        run={{ status, outputs: { image: picture }, error: "Out of memory" }} />);
      expect(screen.getByRole("img")).toBeInTheDocument();
      expect(screen.getByTestId("result-remaking")).toHaveTextContent("Earlier result");
    }
  });
});
