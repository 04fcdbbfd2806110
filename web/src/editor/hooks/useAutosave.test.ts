// The title is saved on its own (the graph lives in the shared document): without a version, so it merges into
// whatever is current; a refused title falls back to the last accepted one; a run's picture goes into the
// document; the page warns before leaving work the server does not hold.
import { act, renderHook } from "@testing-library/react";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { settled } from "../../api/pendingWrites";
import { TITLE_MAX_LENGTH, UNTITLED } from "../../api/workflows";
import { useSession } from "../../app/session";
import { SPECS } from "../../test/specs";
import { useCollabInfo } from "../collab/presence";
import { resetEditor, useEditor } from "../store/editorStore";
import { revertTitle, saveNow, startTitleEdit, tidyTitle, titleFromElsewhere, useAutosave } from "./useAutosave";

const store = () => useEditor.getState();
const ID = "a".repeat(32);
type Sent = { title?: string; document?: unknown; version?: number };

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
    return new Response(JSON.stringify({ id: ID, title, version, document: {} }), { status: 200 });
  };
  return vi.fn((_url: string, init: RequestInit) => Promise.resolve(answer(init)));
}

const ME = { id: "u".repeat(32), email: "ada@example.com", name: "Ada", role: "user", credits: 100,
  analytics_opt_out: false, mode: "accounts", csrf_token: "csrf" } as const;

beforeEach(() => {
  resetEditor();
  store().setSpecs(SPECS);
  store().setWorkflowMeta({ id: ID, title: "Mood board", version: 1 });
  store().setSaveState("saved");
  useCollabInfo.setState({ unsynced: false });
});

afterEach(() => vi.unstubAllGlobals());

describe("saving the title", () => {
  it("sends the title alone, without a version or the graph", async () => {
    const sent: Sent[] = [];
    vi.stubGlobal("fetch", fakeServer(sent));
    const hook = renderHook(() => useAutosave());
    act(() => {
      store().addNode("tool.blur", { x: 0, y: 0 });
      store().renameWorkflow("Skies");
    });
    await act(() => saveNow());
    hook.unmount();
    expect(sent).toEqual([{ title: "Skies" }]);
    expect(store().saveState).toBe("saved");
  });

  it("saves a title typed just before the editor is left, and the dashboard lists projects after it", async () => {
    const sent: Sent[] = [];
    vi.stubGlobal("fetch", fakeServer(sent));
    const hook = renderHook(() => useAutosave());
    act(() => store().renameWorkflow("Leaving at once"));
    expect(sent).toEqual([]);  // its save was not due yet
    hook.unmount();  // the logo, or Back
    await settled();
    expect(sent).toEqual([{ title: "Leaving at once" }]);
    expect(store().saveState).toBe("saved");
  });

  it("keeps the last accepted title when the server refuses the new one, and says so", async () => {
    const sent: Sent[] = [];
    vi.stubGlobal("fetch", fakeServer(sent));
    const hook = renderHook(() => useAutosave());
    act(() => store().renameWorkflow("x".repeat(TITLE_MAX_LENGTH + 1)));
    await act(() => saveNow());
    hook.unmount();
    expect(sent.map((body) => body.title?.length)).toEqual([TITLE_MAX_LENGTH + 1]);
    expect(store().workflow?.title).toBe("Mood board");
    expect(store().saveState).toBe("saved");
    expect(store().notice?.message).toBe(`The title was not changed: Title must be at most ${TITLE_MAX_LENGTH} `
      + `characters. The project keeps the title "Mood board".`);
  });

  it("shows the title the project keeps again when the field is left blank", async () => {
    const sent: Sent[] = [];
    vi.stubGlobal("fetch", fakeServer(sent));
    const hook = renderHook(() => useAutosave());
    for (const blank of ["", "   "]) {
      act(() => startTitleEdit());
      act(() => store().renameWorkflow(blank));
      await act(() => saveNow());
      expect(store().workflow?.title).toBe(blank);  // while typing: nothing sent
      act(() => tidyTitle());  // Enter, or a click elsewhere
      expect(store().workflow?.title).toBe("Mood board");
      expect(store().notice?.message).toBe("The title was not changed: write at least one letter, digit or sign. "
        + 'The project keeps the title "Mood board".');
    }
    await act(() => saveNow());
    hook.unmount();
    expect(sent).toEqual([]);
    expect(store().saveState).toBe("saved");
  });

  it("takes back its notice that a title was not changed once a later title is saved", async () => {
    const sent: Sent[] = [];
    vi.stubGlobal("fetch", fakeServer(sent));
    const hook = renderHook(() => useAutosave());
    act(() => startTitleEdit());
    act(() => store().renameWorkflow(""));
    act(() => tidyTitle());
    await act(() => saveNow());  // the title kept is not sent again, and the notice stays
    expect(store().notice?.message).toMatch(/^The title was not changed/);
    act(() => startTitleEdit());
    act(() => store().renameWorkflow("Beach blur"));
    act(() => tidyTitle());
    await act(() => saveNow());
    hook.unmount();
    expect(sent.map((body) => body.title)).toEqual(["Beach blur"]);
    expect(store().notice).toBeNull();  // it no longer says the project keeps "Mood board"
  });

  it("goes back to the title it had on Escape, even once what was typed was saved", async () => {
    const sent: Sent[] = [];
    vi.stubGlobal("fetch", fakeServer(sent));
    const hook = renderHook(() => useAutosave());
    act(() => startTitleEdit());
    act(() => store().renameWorkflow("Mood board draft"));
    await act(() => saveNow());  // a pause: the typing is saved
    act(() => revertTitle());
    expect(store().workflow?.title).toBe("Mood board");
    act(() => tidyTitle());
    await act(() => saveNow());
    hook.unmount();
    expect(sent).toEqual([{ title: "Mood board draft" }, { title: "Mood board" }]);
  });

  it("saves a title without the zero-width characters around it, as the server keeps it", async () => {
    const sent: Sent[] = [];
    vi.stubGlobal("fetch", fakeServer(sent));
    const hook = renderHook(() => useAutosave());
    act(() => store().renameWorkflow("\u200bPoster\u200d "));
    await act(() => saveNow());
    act(() => tidyTitle());
    expect(store().workflow?.title).toBe("Poster");
    act(() => store().renameWorkflow("\u200b"));  // nothing visible: not sent, the field gets the title back
    await act(() => saveNow());
    act(() => tidyTitle());
    hook.unmount();
    expect(sent).toEqual([{ title: "Poster" }]);
    expect(store().workflow?.title).toBe("Poster");
  });

  it("saves a title without the spaces around it, and shows it so once the field is left", async () => {
    const sent: Sent[] = [];
    vi.stubGlobal("fetch", fakeServer(sent));
    const hook = renderHook(() => useAutosave());
    act(() => store().renameWorkflow("  Skies  "));
    await act(() => saveNow());
    expect(store().saveState).toBe("saved");
    act(() => tidyTitle());
    expect(store().workflow?.title).toBe("Skies");
    act(() => { store().addNode("tool.blur", { x: 0, y: 0 }); });  // a later edit does not save the title again
    await act(() => saveNow());
    hook.unmount();
    expect(sent).toEqual([{ title: "Skies" }]);
  });

  it("shows a title given elsewhere while the field is being edited once it is left, saying who gave it", () => {
    act(() => startTitleEdit());
    act(() => titleFromElsewhere(ID, "Renamed elsewhere", { id: "m".repeat(32), name: "Maria" }));
    expect(store().workflow?.title).toBe("Mood board");  // not swapped under the cursor
    expect(store().notice).toBeNull();
    act(() => tidyTitle());
    expect(store().workflow?.title).toBe("Renamed elsewhere");
    expect(store().notice?.message).toBe('Maria renamed the project "Renamed elsewhere".');
  });

  it("keeps an untitled project's title as its content changes: only a rename changes it", async () => {
    const sent: Sent[] = [];
    vi.stubGlobal("fetch", fakeServer(sent));
    store().setWorkflowMeta({ id: ID, title: UNTITLED, version: 1 });
    const hook = renderHook(() => useAutosave());
    act(() => {
      store().addNode("tool.blur", { x: 0, y: 0 });
      const prompt = store().addNode("input.prompt", { x: 0, y: 200 });
      store().updateParams(prompt!, { text: "a red fox in the snow" });
    });
    await act(() => saveNow());
    expect(store().workflow?.title).toBe(UNTITLED);
    expect(sent).toEqual([]);
    expect(store().saveState).toBe("saved");
    act(() => store().renameWorkflow("Fox campaign"));
    await act(() => saveNow());
    act(() => { store().addNode("tool.invert", { x: 300, y: 0 }); });
    await act(() => saveNow());
    hook.unmount();
    expect(store().workflow?.title).toBe("Fox campaign");
    expect(sent).toEqual([{ title: "Fox campaign" }]);
  });

  it("says a title given elsewhere, whatever the content is", () => {
    act(() => { store().addNode("tool.blur", { x: 0, y: 0 }); });
    act(() => titleFromElsewhere(ID, "Blur", { id: "m".repeat(32), name: "Maria" }));
    expect(store().workflow?.title).toBe("Blur");
    expect(store().notice?.message).toBe('Maria renamed the project "Blur".');
  });

  it("says a title changed by this person in another window, or while the connection was down", () => {
    useSession.setState({ state: { status: "signed-in", me: { ...ME } } });
    act(() => titleFromElsewhere(ID, "From my laptop", { id: ME.id, name: ME.name }));
    expect(store().notice?.message).toBe('You renamed the project "From my laptop" in another window.');
    act(() => titleFromElsewhere(ID, "Read again"));
    expect(store().notice?.message).toBe('The project was renamed "Read again" meanwhile.');
    useSession.setState({ state: { status: "idle" } });
  });

  it("keeps a title typed here while another was given elsewhere, saved over it, and says so", async () => {
    const sent: Sent[] = [];
    vi.stubGlobal("fetch", fakeServer(sent));
    const hook = renderHook(() => useAutosave());
    act(() => startTitleEdit());
    act(() => store().renameWorkflow("Poster from here"));
    await act(() => saveNow());  // a pause: the typing is saved
    act(() => titleFromElsewhere(ID, "Poster from there", { id: "m".repeat(32), name: "Maria" }));
    act(() => tidyTitle());  // Enter: what was typed here is the later edit
    await act(() => saveNow());
    hook.unmount();
    expect(store().workflow?.title).toBe("Poster from here");
    expect(sent).toEqual([{ title: "Poster from here" }, { title: "Poster from here" }]);
    expect(store().notice?.message).toBe('Maria renamed the project "Poster from there" while you were typing '
      + 'here; your title "Poster from here" is kept.');
  });

  it("keeps what was typed here and saved after a title given elsewhere", async () => {
    const sent: Sent[] = [];
    vi.stubGlobal("fetch", fakeServer(sent));
    const hook = renderHook(() => useAutosave());
    act(() => startTitleEdit());
    act(() => titleFromElsewhere(ID, "Renamed elsewhere"));
    act(() => store().renameWorkflow("Typed here"));
    await act(() => saveNow());
    act(() => tidyTitle());
    hook.unmount();
    expect(store().workflow?.title).toBe("Typed here");
    expect(sent).toEqual([{ title: "Typed here" }]);
  });

  it("shows a title given elsewhere, unless one typed here is waiting to be saved", async () => {
    const sent: Sent[] = [];
    vi.stubGlobal("fetch", fakeServer(sent));
    const hook = renderHook(() => useAutosave());
    act(() => titleFromElsewhere(ID, "Renamed in another tab"));
    expect(store().workflow?.title).toBe("Renamed in another tab");
    await act(() => saveNow());
    expect(sent).toEqual([]);  // the server has it already
    act(() => titleFromElsewhere("b".repeat(32), "Another project"));
    expect(store().workflow?.title).toBe("Renamed in another tab");

    act(() => store().renameWorkflow("Typed here"));  // waiting to be saved: the later save wins
    act(() => titleFromElsewhere(ID, "Renamed again elsewhere"));
    expect(store().workflow?.title).toBe("Typed here");
    await act(() => saveNow());
    hook.unmount();
    expect(sent).toEqual([{ title: "Typed here" }]);
  });

  it("saves the title typed on while the one before it was being saved, and is not left unsaved", async () => {
    const sent: Sent[] = [];
    const server = fakeServer(sent);
    let answer = () => {};
    const answered = new Promise<void>((resolve) => { answer = resolve; });
    // the first save is answered once the test says so; the rest at once
    vi.stubGlobal("fetch", vi.fn((url: string, init: RequestInit) => sent.length === 0
      ? answered.then(() => server(url, init)) : server(url, init)));
    const hook = renderHook(() => useAutosave());
    act(() => store().renameWorkflow("Mood board x"));
    let saving!: Promise<void>;
    await act(async () => {  // a pause in the typing: its save is under way
      saving = saveNow();
      await vi.waitFor(() => expect(vi.mocked(fetch)).toHaveBeenCalledOnce());
    });
    act(() => store().renameWorkflow("Mood board"));  // the letter taken back meanwhile
    expect(store().saveState).toBe("saving");
    answer();
    await act(() => saving);
    await act(() => settled());
    hook.unmount();
    expect(sent).toEqual([{ title: "Mood board x" }, { title: "Mood board" }]);
    expect(store().saveState).toBe("saved");
  });
});

describe("leaving the page", () => {
  const leave = (meanwhile = () => {}) => {
    const hook = renderHook(() => useAutosave());
    act(meanwhile);
    const leaving = new Event("beforeunload", { cancelable: true });
    window.dispatchEvent(leaving);
    hook.unmount();
    return leaving.defaultPrevented;
  };

  it.each(["dirty", "saving", "offline", "error"] as const)("asks first while the title's save is %s", (state) => {
    expect(leave(() => {
      store().renameWorkflow("Typed, not saved yet");
      store().setSaveState(state);
    })).toBe(true);
  });

  it("asks first while edits made offline have not reached the server", () => {
    useCollabInfo.setState({ unsynced: true });
    expect(leave()).toBe(true);
  });

  it("lets the page go when everything is saved", () => {
    expect(leave()).toBe(false);
  });
});
