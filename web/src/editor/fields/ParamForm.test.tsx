// A node's fields as the editor opens: while the project's live document has not synced (the store refuses every
// edit then) they show their values, take no input and say why; once it has, they take input. No edit is lost
// silently (a slider set then snapped back). They are locked in exactly the cases the store refuses edits.
import { act, fireEvent, render, screen } from "@testing-library/react";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { SPECS } from "../../test/specs";
import { useCollabInfo } from "../collab/presence";
import { editable, resetEditor, useEditor, VIEW_ONLY_TEXT } from "../store/editorStore";
import type { WorkflowMeta } from "../store/graphSlice";
import { isStudioNode, type CollabStatus } from "../types";
import { lockedWords, OPENING_TEXT } from "./lockedWords";
import { OPENING_SHOWN_AFTER_MS, ParamForm } from "./ParamForm";

const store = () => useEditor.getState();
const blur = SPECS.find((spec) => spec.type === "tool.blur")!;
const radius = () => store().nodes.find((n) => n.id === "blur-1")?.data;

function BlurForm() {
  const node = useEditor((s) => s.nodes.find((n) => n.id === "blur-1"));
  const params = node && isStudioNode(node) ? node.data.params : {};
  return <ParamForm nodeId="blur-1" spec={blur} params={params} includeAdvanced={false} idPrefix="node" />;
}

afterEach(() => { vi.useRealTimers(); });

beforeEach(() => {
  resetEditor();
  useCollabInfo.setState({ closedReason: null });
  store().setSpecs(SPECS);
  store().addNode("tool.blur", { x: 0, y: 0 });
});

describe("a node's parameter form as the editor opens", () => {
  it("takes no input while the live document syncs, says why, and takes it once synced", () => {
    store().setCollab("connecting");
    render(<BlurForm />);
    const form = screen.getByTestId("param-form");
    expect(form).toBeDisabled();
    expect(form).toHaveAccessibleName(OPENING_TEXT);
    expect(form).toHaveAttribute("title", OPENING_TEXT);
    expect(form).toHaveAttribute("aria-busy", "true");
    expect(screen.getByLabelText("Radius")).toBeDisabled();
    expect(screen.getByLabelText("Kind")).toBeDisabled();

    act(() => store().setCollab("live"));
    expect(form).toBeEnabled();
    expect(form).not.toHaveAttribute("aria-busy");
    expect(form).not.toHaveAttribute("title");
    fireEvent.change(screen.getByLabelText("Radius"), { target: { value: "12" } });
    expect(radius()).toMatchObject({ params: { radius: 12 } });
  });

  it("says on screen, once above its fields, that the project opens when that takes a while", () => {
    vi.useFakeTimers();
    store().setCollab("connecting");
    render(<BlurForm />);
    // a local open, done in a blink: no line that comes and goes, jumping the node's size
    act(() => { vi.advanceTimersByTime(OPENING_SHOWN_AFTER_MS - 1); });
    expect(screen.queryByRole("status")).toBeNull();
    // before: only the tooltip said it, never seen on a phone, and a slider dragged did nothing without a word
    act(() => { vi.advanceTimersByTime(1); });
    expect(screen.getByRole("status")).toHaveTextContent(OPENING_TEXT);
    expect(screen.getByTestId("param-form")).toHaveAccessibleName(OPENING_TEXT);

    act(() => store().setCollab("live"));
    expect(screen.queryByRole("status")).toBeNull();
    act(() => store().setCollab("connecting"));  // opened again (another project): a blink says nothing again
    expect(screen.queryByRole("status")).toBeNull();
  });

  it("says why on a project the user may only look at, and once its live link ended", () => {
    store().setWorkflowMeta({ id: "w1", title: "Fox", version: 1, access: "viewer" });
    render(<BlurForm />);
    const form = screen.getByTestId("param-form");
    expect(form).toHaveAccessibleName(VIEW_ONLY_TEXT);
    act(() => {
      store().setWorkflowMeta({ id: "w1", title: "Fox", version: 1, access: "owner" });
      useCollabInfo.setState({ closedReason: "You no longer have access to this project" });
      store().setCollab("closed");
    });
    expect(form).toBeDisabled();
    expect(form).toHaveAccessibleName("You no longer have access to this project");
  });

  it("is locked in exactly the cases the store refuses an edit", () => {
    const statuses: CollabStatus[] = ["local", "connecting", "live", "offline", "reconnecting", "closed"];
    const accesses: WorkflowMeta["access"][] = [undefined, "owner", "editor", "viewer", "public"];
    for (const collab of statuses) {
      for (const access of accesses) {
        const state = { collab, workflow: { id: "w1", title: "Fox", version: 1, access } };
        expect(lockedWords(state, null) === null, `${collab}, ${access}`).toBe(editable(state));
      }
    }
  });
});
