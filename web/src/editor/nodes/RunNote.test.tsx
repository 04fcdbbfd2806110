// What a node says of its last run: its own problem in red, announced; why it was not run when that was a node it
// needs (skipped, or waiting for a node that can't run) in muted words starting with a capital, not as its error.

import { render, screen } from "@testing-library/react";
import { describe, expect, it } from "vitest";
import { RunNote } from "./RunNote";

const BOX = "rounded-md px-2";

describe("the note of a node's last run", () => {
  it("shows a node's own failure as an error, in its own words", () => {
    render(<RunNote run={{ status: "failed", error: "soften: Radius must be at most 200" }} className={BOX} />);
    const note = screen.getByRole("alert");
    expect(note).toHaveTextContent(/^soften: Radius must be at most 200$/);
    expect(note).toHaveAttribute("data-tone", "error");
  });

  it("shows why a skipped node was not run as a muted sentence, not as its error", () => {
    render(<RunNote run={{ status: "skipped", error: "not run because Crop failed; fix Crop and run again",
      errorCode: "upstream_failed" }} className={BOX} />);
    const note = screen.getByTestId("node-error");
    expect(note).toHaveTextContent(/^Not run because Crop failed; fix Crop and run again$/);
    expect(note).toHaveAttribute("data-tone", "muted");
    expect(note.className).not.toMatch(/red/);
    expect(screen.queryByRole("alert")).toBeNull();
  });

  it("mutes a node that can't run only because a node it needs can't, but not one with a problem of its own", () => {
    const { rerender } = render(<RunNote run={{ status: "blocked", errorCode: "upstream_invalid",
      error: "needs Flux Pro 1.1 Ultra (flux-1), which can't run yet" }} className={BOX} />);
    expect(screen.getByTestId("node-error")).toHaveAttribute("data-tone", "muted");
    expect(screen.getByTestId("node-error")).toHaveTextContent(/^Needs Flux Pro 1.1 Ultra/);
    rerender(<RunNote run={{ status: "blocked", errorCode: "empty_input",
      error: "Write a prompt for Flux Pro 1.1 Ultra: the text from Prompt is empty" }} className={BOX} />);
    expect(screen.getByRole("alert")).toHaveAttribute("data-tone", "error");
  });

  it("says nothing of a node that ran, or that was not run for no reason given", () => {
    const { container, rerender } = render(<RunNote run={{ status: "completed" }} className={BOX} />);
    expect(container).toBeEmptyDOMElement();
    rerender(<RunNote run={{ status: "skipped" }} className={BOX} />);
    expect(container).toBeEmptyDOMElement();
  });
});
