import { act, fireEvent, render, screen } from "@testing-library/react";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { SPECS } from "../../test/specs";
import { runGraph } from "../runner";
import { resetEditor, useEditor } from "../store/editorStore";
import { visibleMs } from "./noticeTime";
import { NoticeToast } from "./NoticeToast";

const store = () => useEditor.getState();
const LONG = "Can't run yet: " + Array.from({ length: 40 }, (_, i) => `problem${i}`).join(" ");

beforeEach(() => {
  vi.useFakeTimers();
  resetEditor();
});
afterEach(() => vi.useRealTimers());

function show(message: string, tone: "info" | "error" = "info", sticky = false) {
  render(<NoticeToast />);
  act(() => { store().notify(message, tone, { sticky }); });
}

const advance = (ms: number) => act(() => { vi.advanceTimersByTime(ms); });

describe("NoticeToast", () => {
  it("gives a longer notice, and a problem, more time to be read", () => {
    const short = visibleMs({ message: "Saved", tone: "info" });
    expect(visibleMs({ message: LONG, tone: "info" })).toBeGreaterThan(short + 2000);
    expect(visibleMs({ message: "Saved", tone: "error" })).toBeGreaterThan(short);
  });

  it("goes by itself once its time is up", () => {
    show("Copied 2 nodes");
    advance(visibleMs({ message: "Copied 2 nodes", tone: "info" }) - 10);
    expect(screen.getByTestId("notice")).toHaveTextContent("Copied 2 nodes");
    advance(20);
    expect(screen.queryByTestId("notice")).toBeNull();
  });

  it("stays while the pointer is on it, and gets its whole time again when the pointer leaves", () => {
    show(LONG, "error");
    const time = visibleMs({ message: LONG, tone: "error" });
    fireEvent.pointerEnter(screen.getByTestId("notice"));
    advance(time * 3);
    expect(screen.getByRole("alert")).toHaveTextContent(LONG);
    fireEvent.pointerLeave(screen.getByTestId("notice"));
    advance(time - 10);
    expect(screen.getByTestId("notice")).toBeInTheDocument();
    advance(20);
    expect(screen.queryByTestId("notice")).toBeNull();
  });

  it("stays while it has focus and closes from the keyboard", () => {
    show(LONG);
    const close = screen.getByRole("button", { name: "Close notice" });
    act(() => close.focus());
    advance(visibleMs({ message: LONG, tone: "info" }) * 3);
    expect(screen.getByTestId("notice")).toHaveTextContent(LONG);  // the button adds no text to the message
    fireEvent.click(close);
    expect(screen.queryByTestId("notice")).toBeNull();
  });

  it("stands above the AI dock as tall as the dock measures itself, not at a fixed height", () => {
    show("Upscale failed: open it to see why.", "error");
    expect(screen.getByRole("alert").parentElement!.style.bottom).toMatch(/var\(--ai-dock-cover/);
  });

  it("keeps right of the zoom controls lifted above the dock beside it (a phone's lowest was covered)", () => {
    const controls = document.body.appendChild(document.createElement("div"));
    controls.className = "react-flow__controls";
    controls.getBoundingClientRect = () => DOMRect.fromRect({ x: 15, y: 585, width: 36, height: 180 });
    try {
      show(LONG, "error");
      const leftMargin = screen.getByRole("alert").previousElementSibling as HTMLElement;
      expect(leftMargin.style.minWidth).toBe("max(5vw, 59px)");  // 15 + 36 + 8 px clear of them
    } finally {
      controls.remove();
    }
  });

  it("keeps left of the minimap, measured again when it is shown meanwhile (a phone's Map button)", async () => {
    const canvas = document.body.appendChild(document.createElement("div"));
    canvas.className = "react-flow";
    try {
      show(LONG, "error");
      const rightMargin = () => (screen.getByRole("alert").nextElementSibling as HTMLElement).style.minWidth;
      expect(rightMargin()).toBe("max(5vw, 0px)");  // no map: only the window's margin
      const map = document.createElement("div");
      map.className = "react-flow__minimap";
      map.getBoundingClientRect = () => DOMRect.fromRect({ x: innerWidth - 135, y: 600, width: 120, height: 90 });
      const panel = document.createElement("div");
      panel.appendChild(map);
      await act(async () => { canvas.appendChild(panel); await Promise.resolve(); });  // the observer hears it
      expect(rightMargin()).toBe("max(5vw, 143px)");  // 15 + 120 + 8 px clear of it
    } finally {
      canvas.remove();
    }
  });

  it("stands above the zoom controls and the map, at the window's width, where the room between them is too narrow",
    () => {
      // a phone with its map shown: ~190 px between the panels, a column of words broken mid-word
      const size = { innerWidth, innerHeight };
      Object.assign(window, { innerWidth: 390, innerHeight: 844 });
      const controls = document.body.appendChild(document.createElement("div"));
      controls.className = "react-flow__controls";
      controls.getBoundingClientRect = () => DOMRect.fromRect({ x: 15, y: 560, width: 36, height: 180 });
      const map = document.body.appendChild(document.createElement("div"));
      map.className = "react-flow__minimap";
      map.getBoundingClientRect = () => DOMRect.fromRect({ x: 255, y: 650, width: 120, height: 90 });
      try {
        show(LONG, "error");
        const notice = screen.getByRole("alert");
        expect((notice.previousElementSibling as HTMLElement).style.minWidth).toBe("max(5vw, 0px)");
        expect((notice.nextElementSibling as HTMLElement).style.minWidth).toBe("max(5vw, 0px)");
        // its foot 8 px above the taller panel (the controls' top, 560 px down), or above the dock if that is higher
        expect(notice.parentElement!.getAttribute("style")).toMatch(/bottom: max\(calc\(.*--ai-dock-cover.*\), 292px\)/);
      } finally {
        controls.remove();
        map.remove();
        Object.assign(window, size);
      }
    });

  it("keeps a sticky notice until it is closed", () => {
    show("The studio stopped during the run; run it again", "error", true);
    advance(10 * 60_000);
    expect(screen.getByRole("alert")).toHaveTextContent("The studio stopped during the run");
    fireEvent.click(screen.getByRole("button", { name: "Close notice" }));
    expect(store().notice).toBeNull();
  });

  it("goes at once when what it reports is over: a node added after \"Add a node before running\"", async () => {
    store().setSpecs(SPECS);
    render(<NoticeToast />);
    await act(() => runGraph());
    expect(screen.getByTestId("notice")).toHaveTextContent("Add a node before running");
    act(() => { store().addNode("tool.blur", { x: 0, y: 0 }); });
    expect(screen.queryByTestId("notice")).toBeNull();
  });
});
