import { act, renderHook } from "@testing-library/react";
import { beforeEach, describe, expect, it } from "vitest";
import { resetEditor, useEditor } from "../store/editorStore";
import { STUDIO_TITLE, useDocumentTitle } from "./useDocumentTitle";

beforeEach(() => resetEditor());

const meta = (title: string) => ({ id: "a".repeat(32), title, version: 1, owner_id: "o", is_public: false,
  is_template: false, access: "owner" as const, created_at: "", updated_at: "", node_count: 0 });

describe("the browser tab's title", () => {
  it("names the open project, follows a rename and goes back to the studio's when the editor closes", () => {
    const hook = renderHook(() => useDocumentTitle());
    expect(document.title).toBe(STUDIO_TITLE);
    act(() => useEditor.getState().setWorkflowMeta(meta("Poster")));
    expect(document.title).toBe(`Poster – ${STUDIO_TITLE}`);
    act(() => useEditor.getState().setWorkflowMeta(meta(" \u200bPoster v2 ")));
    expect(document.title).toBe(`Poster v2 – ${STUDIO_TITLE}`);
    act(() => useEditor.getState().setWorkflowMeta(meta("")));  // being typed: the field emptied
    expect(document.title).toBe(STUDIO_TITLE);
    act(() => useEditor.getState().setWorkflowMeta(meta("Poster")));
    hook.unmount();
    expect(document.title).toBe(STUDIO_TITLE);
  });
});
