// A collaborator's name on the canvas is cut to a label's width, whatever its length (an account's name may be 200
// characters), and is still there whole: in the label's text (read out whole) and its title.
import { act, render, screen } from "@testing-library/react";
import { ReactFlowProvider } from "@xyflow/react";
import { afterEach, describe, expect, it } from "vitest";
import { CollabOverlay } from "./CollabOverlay";
import { LABEL_MAX_WIDTH } from "./labelPlacement";
import { useCollabInfo, type Peer } from "./presence";

const LONG = `Bartholomew Fitzgerald-Montgomery ${"the Third of that Name ".repeat(8)}`.slice(0, 200);
const bob: Peer = { clientId: 7, user: { id: "u-bob", name: LONG, color: "#0284c7" }, cursor: { x: 40, y: 50 },
  selection: [] };

afterEach(() => useCollabInfo.setState({ peers: [] }));

describe("a collaborator's pointer label", () => {
  it("is cut to LABEL_MAX_WIDTH with an ellipsis, the whole name in its text and title", () => {
    render(<ReactFlowProvider><CollabOverlay /></ReactFlowProvider>);
    act(() => useCollabInfo.setState({ peers: [bob] }));
    const label = screen.getByTestId("presence-label");
    expect(label).toHaveTextContent(LONG);
    expect(label).toHaveAttribute("title", LONG);
    expect(label.style.maxWidth).toBe(`${LABEL_MAX_WIDTH}px`);
    expect(label).toHaveClass("truncate");  // one line, overflow hidden, ending in "…"
    expect(screen.getByTestId("remote-cursor")).toHaveAttribute("data-user-name", LONG);
  });

  it("draws a short name the same way, whole", () => {
    render(<ReactFlowProvider><CollabOverlay /></ReactFlowProvider>);
    act(() => useCollabInfo.setState({ peers: [{ ...bob, user: { ...bob.user, name: "Bob" } }] }));
    expect(screen.getByTestId("presence-label")).toHaveTextContent(/^Bob$/);
    expect(screen.getByTestId("presence-label")).toHaveAttribute("title", "Bob");
  });
});
