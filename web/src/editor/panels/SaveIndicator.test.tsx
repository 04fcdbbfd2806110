// The toolbar says how the work stands: connecting, saved (alone) or live (with others), offline with the edits
// kept, reconnecting, or closed by the server; `data-state` keeps the save vocabulary for whoever waits on it.
import { act, render, screen } from "@testing-library/react";
import { beforeEach, describe, expect, it } from "vitest";
import { useCollabInfo } from "../collab/presence";
import { resetEditor, useEditor } from "../store/editorStore";
import { SaveIndicator } from "./SaveIndicator";

const grace = { clientId: 2, user: { id: "u2", name: "Grace", color: "#0284c7" }, cursor: null, selection: [] };

beforeEach(() => {
  resetEditor();
  useEditor.getState().setSaveState("saved");
  useCollabInfo.setState({ peers: [], closedReason: null, removed: false, unsynced: false });
});

describe("the save indicator", () => {
  it("follows the live link", () => {
    render(<SaveIndicator />);
    const status = () => screen.getByTestId("connection-status");
    const saved = () => screen.getByTestId("save-state").dataset.state;
    act(() => useEditor.getState().setCollab("connecting"));
    expect(status()).toHaveTextContent("Connecting…");
    expect(saved()).toBe("loading");
    act(() => useEditor.getState().setCollab("live"));
    expect(status()).toHaveTextContent("Saved");
    expect(saved()).toBe("saved");
    act(() => useCollabInfo.setState({ peers: [grace] }));
    expect(status()).toHaveTextContent("Live");
    act(() => useEditor.getState().setCollab("offline"));
    expect(status()).toHaveTextContent("Offline — changes kept");
    expect(saved()).toBe("offline");
    act(() => useEditor.getState().setCollab("reconnecting"));
    expect(status()).toHaveTextContent("Reconnecting…");
    act(() => {
      useCollabInfo.setState({ closedReason: "Your access to this project changed" });
      useEditor.getState().setCollab("closed");
    });
    expect(status()).toHaveAttribute("data-state", "closed");
    expect(screen.getByTestId("save-state")).toHaveAttribute("title", "Your access to this project changed");
  });

  it("shows nothing once this user was taken off the project (no \"Not saving\" to worry about: the banner says)",
    () => {
      render(<SaveIndicator />);
      act(() => {
        useCollabInfo.setState({ closedReason: "You no longer have access to this project", removed: true });
        useEditor.getState().setCollab("closed");
      });
      expect(screen.queryByTestId("save-state")).toBeNull();
      expect(screen.queryByText("Not saving")).toBeNull();
    });

  it("says when the title is being saved or was not", () => {
    render(<SaveIndicator />);
    act(() => useEditor.getState().setSaveState("saving"));
    expect(screen.getByTestId("connection-status")).toHaveTextContent("Saving…");
    act(() => useEditor.getState().setSaveState("error"));
    expect(screen.getByTestId("connection-status")).toHaveTextContent("Title not saved");
  });
});
