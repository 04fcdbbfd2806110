// A node's result frames: its picture once it has run; while a run makes it again, the last picture dimmed with what
// the node is doing over it (the card does not empty and jump); a first run's frame says so in words. A file an
// output node saved downloads from its frame, under the viewer's name for it.

import { act, fireEvent, render, screen, within } from "@testing-library/react";
import { afterEach, describe, expect, it, vi } from "vitest";
import { spec, SPECS } from "../../test/specs";
import { resetEditor, useEditor } from "../store/editorStore";
import type { EditorNode, NodeRunState } from "../types";
import { ResultPreview } from "./ResultPreview";

const invert = SPECS.find((spec) => spec.type === "tool.invert")!;
const save = SPECS.find((spec) => spec.type === "output.save")!;
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

  it("says a picture's size under it, in its caption, not over its pixels", () => {
    frame({ status: "completed", outputs: { image: { ...picture, width: 3024, height: 4032 } } });
    const caption = screen.getByTestId("result-caption");
    expect(caption).toContainElement(screen.getByTestId("result-size"));
    expect(caption).not.toContainElement(screen.getByRole("img"));
  });

  it("captions each frame of a node with several outputs with its port then its size, on a line of their own", () => {
    const extractor = spec("tool.mask_extractor");
    const sized = { ...picture, width: 3024, height: 4032 };
    render(<ResultPreview nodeId="mask" spec={extractor}
      run={{ status: "completed", outputs: { mask: sized, image: { ...sized, asset_id: "c".repeat(64) } } }} />);
    const frames = screen.getAllByTestId("result-frame");
    expect(frames.map((each) => within(each).getByTestId("result-caption").textContent))
      .toEqual(["mask3024 × 4032", "image3024 × 4032"]);
    for (const each of frames) {
      const caption = within(each).getByTestId("result-caption");
      expect(caption).not.toContainElement(within(each).getByRole("img"));
      // the port's name gives way (cut short, told in full on hover), never drawn over the size
      expect(caption.firstElementChild).toHaveClass("min-w-0", "truncate");
      expect(within(each).getByTestId("result-size")).toHaveClass("shrink-0");
    }
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
    fireEvent.load(screen.getByRole("img"));
    const before = screen.getByRole("img").getAttribute("src");
    const made = { asset_id: "c".repeat(64), mime: "image/png" };  // from the run's event: no URL yet
    rerender(<ResultPreview nodeId="invert" spec={invert} run={{ status: "completed", outputs: { image: made } }} />);
    expect(screen.getByRole("img").getAttribute("src")).toBe(before);
    vi.unstubAllGlobals();
  });

  it("keeps its last picture in sight until the new one's pixels are in, then swaps them at once", () => {
    const { rerender } = frame({ status: "completed", outputs: { image: picture } });
    const before = screen.getByRole("img");
    fireEvent.load(before);
    const made = { asset_id: "c".repeat(64), mime: "image/png", url: "/api/v1/assets/c/content?exp=1&sig=3" };
    rerender(<ResultPreview nodeId="invert" spec={invert} run={{ status: "completed", outputs: { image: made } }} />);
    expect(screen.getByRole("img")).toBe(before);  // the very picture drawn, not an empty box
    expect(before).not.toHaveClass("opacity-0");
    const box = before.parentElement!;
    expect(box).not.toHaveClass("animate-pulse");
    expect(box).toHaveAttribute("aria-busy", "true");
    const next = screen.getByTestId("preview-image");  // on its way, out of sight
    expect(next).toHaveAttribute("src", "/api/v1/assets/c/content?exp=1&sig=3&size=512");
    expect(next).toHaveClass("opacity-0");
    fireEvent.load(next);
    expect(screen.getByRole("img")).toBe(next);
    expect(next).not.toHaveClass("opacity-0");
    expect(before).not.toBeInTheDocument();
    expect(box).not.toHaveAttribute("aria-busy");
  });

  it("keeps no old picture once the node's result is cleared, nor over a new one that failed to load", () => {
    const { rerender } = frame({ status: "completed", outputs: { image: picture } });
    fireEvent.load(screen.getByRole("img"));
    const made = { asset_id: "c".repeat(64), mime: "image/png", url: "/api/v1/assets/c/content?exp=1&sig=3" };
    rerender(<ResultPreview nodeId="invert" spec={invert} run={{ status: "completed", outputs: { image: made } }} />);
    fireEvent.error(screen.getByTestId("preview-image"));
    expect(screen.getAllByRole("img")).toEqual([screen.getByTestId("preview-image")]);
    rerender(<ResultPreview nodeId="invert" spec={invert} run={undefined} />);
    expect(screen.queryByRole("img")).toBeNull();
    rerender(<ResultPreview nodeId="invert" spec={invert} run={{ status: "completed", outputs: { image: made } }} />);
    expect(screen.getByTestId("preview-image")).toHaveAttribute("src", "/api/v1/assets/c/content?exp=1&sig=3&size=512");
    expect(screen.getByTestId("preview-image").parentElement).toHaveClass("animate-pulse");  // a first result again
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

describe("a saved file's Download", () => {
  const studio = (id: string, nodeType: string, params: Record<string, unknown> = {}): EditorNode =>
    ({ id, type: "studio", position: { x: 0, y: 0 }, data: { nodeType, params } });
  const saved = (status: NodeRunState["status"] = "completed"): NodeRunState =>
    ({ status, outputs: { image: picture } });

  function project(title: string, nodes: EditorNode[]) {
    resetEditor();
    useEditor.setState({ nodes, specsByType: new Map(SPECS.map((spec) => [spec.type, spec])),
      workflow: { id: "w", title, version: 1 } });
  }

  it("saves a Save node's file under its file name, from a link that drags no node", () => {
    project("Poster", [studio("save", "output.save", { filename: "poster" })]);
    render(<ResultPreview nodeId="save" spec={save} run={saved()} />);
    const link = screen.getByRole("link", { name: "Download poster.png" });
    expect(link).toHaveTextContent("Download");
    expect(link).toHaveAttribute("download");
    expect(link).toHaveAttribute("href", "/api/v1/assets/b/content?exp=1&sig=2&download=poster");
    expect(link).toHaveClass("nodrag");  // xyflow starts no drag of the node on it
    // in the frame's caption, under the picture: not over any of its pixels, nor over the full-size button
    const caption = screen.getByTestId("result-caption");
    expect(caption).toContainElement(link);
    expect(caption).not.toContainElement(screen.getByRole("img"));
    expect(caption).not.toContainElement(screen.getByRole("button", { name: "Open image full size" }));
  });

  it("names a Save node without a file name as the viewer does: the project's and the node's names", () => {
    project("Poster", [studio("save", "output.save"), studio("save-2", "output.save")]);
    render(<ResultPreview nodeId="save-2" spec={save} run={saved()} />);
    expect(screen.getByRole("link", { name: "Download Poster - Save Image 2.png" }))
      .toHaveAttribute("href", expect.stringContaining("download=Poster%20-%20Save%20Image%202"));
  });

  it("keeps an earlier run's file downloadable while a run makes it again", () => {
    project("Poster", [studio("save", "output.save", { filename: "poster" })]);
    render(<ResultPreview nodeId="save" spec={save} run={saved("running")} />);
    expect(screen.getByRole("link", { name: "Download poster.png" })).toBeInTheDocument();
  });

  it("is not there for a node that saved no file: one not run yet, a first run under way, a tool's result", () => {
    project("Poster", [studio("save", "output.save", { filename: "poster" }), studio("invert", "tool.invert")]);
    const { rerender } = render(<ResultPreview nodeId="save" spec={save} run={undefined} />);
    expect(screen.queryByRole("link")).toBeNull();
    rerender(<ResultPreview nodeId="save" spec={save} run={{ status: "running" }} />);
    expect(screen.queryByRole("link")).toBeNull();
    rerender(<ResultPreview nodeId="invert" spec={invert} run={{ status: "completed", outputs: { image: picture } }} />);
    expect(screen.getByRole("button", { name: "Open image full size" })).toBeInTheDocument();
    expect(screen.queryByRole("link")).toBeNull();
  });
});

describe("a saved file's frame", () => {
  const studio = (id: string, nodeType: string): EditorNode =>
    ({ id, type: "studio", position: { x: 0, y: 0 }, data: { nodeType, params: {} } });
  const blurred = { asset_id: "b".repeat(64), mime: "image/png", width: 900, height: 600,
    url: "/api/v1/assets/b/content?exp=1&sig=2" };
  // a Save node's file as its run's event tells it: its bytes, not its pixels, and no URL yet
  const file = { asset_id: "f".repeat(64), mime: "image/png", size: 4321 };

  function saveAfterBlur(blur: NodeRunState) {
    resetEditor();
    useEditor.setState({ nodes: [studio("blur", "tool.blur"), studio("save", "output.save")],
      edges: [{ id: "e", source: "blur", sourceHandle: "image", target: "save", targetHandle: "image" }],
      nodeRuns: { blur, save: { status: "completed", outputs: { image: file } } },
      specsByType: new Map(SPECS.map((spec) => [spec.type, spec])), workflow: { id: "w", title: "Poster", version: 1 } });
  }

  afterEach(() => vi.unstubAllGlobals());

  it("shows the picture fed to it until its own preview is in: never a blank box once it is done", async () => {
    let answer: (record: Response) => void = () => undefined;
    vi.stubGlobal("fetch", vi.fn(() => new Promise<Response>((resolve) => { answer = resolve; })));
    saveAfterBlur({ status: "completed", outputs: { image: blurred } });
    render(<ResultPreview nodeId="save" spec={save} run={{ status: "completed", outputs: { image: file } }} />);
    const standIn = screen.getByTestId("preview-stand-in");
    expect(standIn).toHaveAttribute("src", "/api/v1/assets/b/content?exp=1&sig=2&size=512");  // the Blur's own
    fireEvent.load(standIn);
    const box = standIn.parentElement!;
    expect(box).not.toHaveClass("animate-pulse");
    expect(box).toHaveAttribute("aria-busy", "true");  // its own is still on its way
    // its record came: its own preview loads out of sight, and takes the stand-in's place once it is in
    answer(new Response(JSON.stringify({ id: file.asset_id, mime: "image/png", width: 900, height: 600,
      url: "/api/v1/assets/f/content?exp=1&sig=3" })));
    const own = await screen.findByTestId("preview-image");
    expect(own).toHaveAttribute("src", "/api/v1/assets/f/content?exp=1&sig=3&size=512");
    expect(own).toHaveClass("opacity-0");
    fireEvent.load(own);
    expect(screen.queryByTestId("preview-stand-in")).toBeNull();
    expect(own).not.toHaveClass("opacity-0");
    expect(box).not.toHaveAttribute("aria-busy");
  });

  it("keeps its last picture when a run makes it and the picture fed to it again, until either new one is in", () => {
    vi.stubGlobal("fetch", () => new Promise(() => undefined));
    const first = { ...file, url: "/api/v1/assets/f/content?exp=1&sig=3" };
    saveAfterBlur({ status: "completed", outputs: { image: blurred } });
    const { rerender } = render(<ResultPreview nodeId="save" spec={save}
      run={{ status: "completed", outputs: { image: first } }} />);
    fireEvent.load(screen.getByTestId("preview-image"));
    expect(screen.queryByTestId("preview-stand-in")).toBeNull();
    const before = screen.getByRole("img");
    // run again: the Blur's picture and the Save's file are both new, and neither's pixels are in yet
    const reblurred = { ...blurred, asset_id: "7".repeat(64), url: "/api/v1/assets/7/content?exp=1&sig=6" };
    const again = { ...file, asset_id: "6".repeat(64), url: "/api/v1/assets/6/content?exp=1&sig=7" };
    act(() => useEditor.setState({ nodeRuns: { blur: { status: "completed", outputs: { image: reblurred } },
      save: { status: "completed", outputs: { image: again } } } }));
    rerender(<ResultPreview nodeId="save" spec={save} run={{ status: "completed", outputs: { image: again } }} />);
    expect(screen.getByRole("img")).toBe(before);
    expect(before).not.toHaveClass("opacity-0");
    expect(before.parentElement).not.toHaveClass("animate-pulse");
    const standIn = screen.getByTestId("preview-stand-in");
    expect(standIn).toHaveClass("opacity-0");
    fireEvent.load(standIn);  // the Blur's new picture is in first: it takes the last one's place
    expect(screen.getByRole("img")).toBe(standIn);
    expect(before).not.toBeInTheDocument();
    fireEvent.load(screen.getByTestId("preview-image"));
    expect(screen.getByRole("img")).toBe(screen.getByTestId("preview-image"));
    expect(screen.queryByTestId("preview-stand-in")).toBeNull();
  });

  it("tells its size in pixels from its asset's record, as a tool's result tells it", async () => {
    vi.stubGlobal("fetch", vi.fn(() => Promise.resolve(new Response(JSON.stringify({ id: "e".repeat(64),
      mime: "image/png", width: 6048, height: 8064, url: "/api/v1/assets/e/content?exp=1&sig=4" })))));
    saveAfterBlur({ status: "completed", outputs: { image: blurred } });
    render(<ResultPreview nodeId="save" spec={save}
      run={{ status: "completed", outputs: { image: { ...file, asset_id: "e".repeat(64) } } }} />);
    expect(await screen.findByText("6048 × 8064")).toHaveAttribute("data-testid", "result-size");
  });

  it("stands in with the very thumbnail the node above drew, not one signed anew, and tells its size", () => {
    vi.stubGlobal("fetch", () => new Promise(() => undefined));  // records asked for: not come
    const drawnAbove = { ...blurred, asset_id: "9".repeat(64), url: "/api/v1/assets/9/content?exp=1&sig=5" };
    saveAfterBlur({ status: "completed", outputs: { image: drawnAbove } });
    const { unmount } = render(<ResultPreview nodeId="blur" spec={spec("tool.blur")}
      run={{ status: "completed", outputs: { image: drawnAbove } }} />);
    fireEvent.load(screen.getByTestId("preview-image"));
    unmount();
    // the Blur's result again, as a later run's event tells it (no URL: asking for one would sign it anew)
    const again = { asset_id: drawnAbove.asset_id, mime: "image/png", width: 900, height: 600 };
    act(() => useEditor.setState({ nodeRuns: { blur: { status: "completed", cached: true, outputs: { image: again } } } }));
    const asked = { ...file, asset_id: "8".repeat(64) };
    render(<ResultPreview nodeId="save" spec={save} run={{ status: "completed", outputs: { image: asked } }} />);
    expect(screen.getByTestId("preview-stand-in")).toHaveAttribute("src", "/api/v1/assets/9/content?exp=1&sig=5&size=512");
    expect(screen.getByTestId("result-size")).toHaveTextContent("900 × 600");  // the picture fed to it: same pixels
  });

  it("has no stand-in while the node above makes its picture again, or while it is remade itself", () => {
    vi.stubGlobal("fetch", () => new Promise(() => undefined));
    saveAfterBlur({ status: "running", outputs: { image: blurred } });
    const asked = { ...file, asset_id: "d".repeat(64) };  // its record is not come
    const { rerender } = render(<ResultPreview nodeId="save" spec={save}
      run={{ status: "completed", outputs: { image: asked } }} />);
    expect(screen.queryByTestId("preview-stand-in")).toBeNull();
    act(() => useEditor.setState({ nodeRuns: { blur: { status: "completed", outputs: { image: blurred } } } }));
    rerender(<ResultPreview nodeId="save" spec={save} run={{ status: "running", outputs: { image: asked } }} />);
    expect(screen.queryByTestId("preview-stand-in")).toBeNull();
  });
});
