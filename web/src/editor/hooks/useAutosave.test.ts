// Autosave keeps the work when the server refuses only the title, and the page warns before leaving unsaved work.
import { act, renderHook } from "@testing-library/react";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { TITLE_MAX_LENGTH } from "../../api/workflows";
import { SPECS } from "../../test/specs";
import { resetEditor, useEditor } from "../store/editorStore";
import { saveNow, useAutosave } from "./useAutosave";

const store = () => useEditor.getState();
const ID = "a".repeat(32);
type Sent = { title?: string; document?: { nodes: unknown[] }; version: number };

/** A server that refuses titles over its limit with the 422 its validation sends, and saves anything else. */
function fakeServer(sent: Sent[]) {
  let version = 1;
  let title = "Mood board";
  const answer = (init: RequestInit): Response => {
    const body = JSON.parse(init.body as string) as Sent;  // the client sends its body as JSON text
    sent.push(body);
    if (body.title !== undefined && body.title.length > TITLE_MAX_LENGTH) {
      const msg = `Title must be at most ${TITLE_MAX_LENGTH} characters`;
      return new Response(JSON.stringify({ detail: msg, code: "invalid_request", errors: [{ loc: ["body", "title"], msg }] }),
        { status: 422 });
    }
    title = body.title ?? title;
    version += 1;
    return new Response(JSON.stringify({ id: ID, title, version, document: body.document }), { status: 200 });
  };
  return vi.fn((_url: string, init: RequestInit) => Promise.resolve(answer(init)));
}

beforeEach(() => {
  resetEditor();
  store().setSpecs(SPECS);
  store().setWorkflowMeta({ id: ID, title: "Mood board", version: 1 });
  store().setSaveState("saved");
});

afterEach(() => vi.unstubAllGlobals());

describe("autosave", () => {
  it("saves the work under the last accepted title when only the title is refused, and says so", async () => {
    const sent: Sent[] = [];
    vi.stubGlobal("fetch", fakeServer(sent));
    const hook = renderHook(() => useAutosave());
    act(() => {
      store().addNode("tool.blur", { x: 0, y: 0 });
      store().renameWorkflow("x".repeat(TITLE_MAX_LENGTH + 1));
    });
    await act(() => saveNow());
    hook.unmount();

    expect(sent.map((body) => body.title?.length)).toEqual([TITLE_MAX_LENGTH + 1, "Mood board".length]);
    expect(sent[1].document?.nodes).toHaveLength(1);
    expect(store().saveState).toBe("saved");
    expect(store().workflow?.title).toBe("Mood board");
    expect(store().notice?.message).toBe(`The title was not changed: Title must be at most ${TITLE_MAX_LENGTH} `
      + `characters. Your work is saved under the title "Mood board".`);
  });

  it.each(["dirty", "saving", "offline", "error", "conflict"] as const)(
    "asks before the page is left while the save state is %s", (state) => {
      const hook = renderHook(() => useAutosave());
      act(() => store().setSaveState(state));
      const leaving = new Event("beforeunload", { cancelable: true });
      window.dispatchEvent(leaving);
      hook.unmount();
      expect(leaving.defaultPrevented).toBe(true);
    });

  it("lets the page go when everything is saved", () => {
    const hook = renderHook(() => useAutosave());
    const leaving = new Event("beforeunload", { cancelable: true });
    window.dispatchEvent(leaving);
    hook.unmount();
    expect(leaving.defaultPrevented).toBe(false);
  });
});
