// Taken off a project while it is open: the banner says what happened, what of the work is kept and what to do,
// with a way to the dashboard, and the toolbar no longer shows a red "Not saving".
import { act, render, screen } from "@testing-library/react";
import { MemoryRouter } from "react-router-dom";
import { beforeEach, describe, expect, it } from "vitest";
import { OfflineBanner } from "../collab/OfflineBanner";
import { useCollabInfo } from "../collab/presence";
import { resetEditor, useEditor } from "../store/editorStore";
import { accessRemovedWords } from "./accessRemovedWords";

beforeEach(() => {
  resetEditor();
  useCollabInfo.setState({ peers: [], closedReason: null, removed: false, unsynced: false, unacked: false });
});

describe("a project this user was taken off", () => {
  it("says what happened, what to do, and offers the dashboard", () => {
    render(<MemoryRouter><OfflineBanner /></MemoryRouter>);
    act(() => {
      useCollabInfo.setState({ closedReason: "You no longer have access to this project", removed: true });
      useEditor.getState().setCollab("closed");
    });
    const banner = screen.getByTestId("offline-banner");
    expect(banner).toHaveTextContent("Its owner stopped sharing this project with you");
    expect(banner).toHaveTextContent("ask its owner to share it with you again");
    expect(screen.getByRole("link", { name: "Go to your projects" })).toHaveAttribute("href", "/dashboard");
    expect(screen.queryByRole("button", { name: "Keep mine as a new project" })).toBeNull();
  });

  it("offers to keep the changes the studio did not store", () => {
    render(<MemoryRouter><OfflineBanner /></MemoryRouter>);
    act(() => {
      useCollabInfo.setState({ closedReason: "You no longer have access to this project", removed: true,
        unacked: true });
      useEditor.getState().setCollab("closed");
    });
    expect(screen.getByTestId("offline-banner")).toHaveTextContent("Your changes are only on this page: keep them as a new project");
    expect(screen.getByRole("button", { name: "Keep mine as a new project" })).toBeInTheDocument();
  });

  it("names the time up to which this page's edits are saved in it, and a public project made private", () => {
    const at = new Date(2026, 11, 5, 14, 5);
    const time = at.toLocaleTimeString([], { hour: "2-digit", minute: "2-digit" });
    expect(accessRemovedWords(false, at, false)).toBe("Its owner stopped sharing this project with you, so you can "
      + `no longer open or change it. Your edits up to ${time} are saved in it. To go on in it, ask its owner to `
      + "share it with you again.");
    expect(accessRemovedWords(true, null, false)).toMatch(/^Its owner made this project private, so you can no longer /);
  });
});
