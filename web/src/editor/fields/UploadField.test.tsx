// An upload field says which file it holds: its name (whole on hover, as its node keeps it) and its size in pixels or
// its length, so four dropped photos make four nodes a designer tells apart; a picture's transparency shows on the
// chequerboard behind its own pixels only, so an opaque photo gets no chequered bars beside it. Of several files
// dropped on it, it uses one and says what became of the others; a refusal goes once a good file is dropped. On a
// phone it asks to tap, not to drop or click.

import { act, fireEvent, render, screen, waitFor } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { ApiError } from "../../api/client";
import { getAsset, uploadAsset } from "../../api/assets";
import type { Asset, NodeSpec } from "../../api/types";
import { spec } from "../../test/specs";
import { noticeRefusal } from "../dropFiles";
import { fieldsOf } from "../graph/schemaForm";
import { resetEditor, useEditor } from "../store/editorStore";
import { CHECKER } from "../viewer/media";
import { UploadField } from "./UploadField";

vi.mock("../../api/assets", async (original) => ({ ...await original<typeof import("../../api/assets")>(),
  getAsset: vi.fn(), uploadAsset: vi.fn() }));

const URL = "/api/v1/assets/aa/content?exp=1&sig=2";

/** Video Upload as the registry has it: Image Upload's shape with its own kind. */
function uploadSpec(media: "video"): NodeSpec {
  const image = spec("input.image");
  return { ...image, type: `input.${media}`, title: "Video Upload",
    outputs: [{ ...image.outputs[0], name: media, type: media }],
    params_schema: { ...image.params_schema, properties: { ...image.params_schema.properties,
      asset_id: { ...image.params_schema.properties.asset_id, ui: `${media}-upload` } } } };
}
const record = (fields: Partial<Asset>) => ({ url: URL, filename: null, width: null, height: null, duration: null,
  ...fields }) as Asset;

function renderField(media: "image" | "video" | "audio") {
  const [field] = fieldsOf(spec("input.image").params_schema);
  if (field.kind !== "upload") throw new Error("Image Upload's asset_id is an upload field");
  render(<UploadField field={{ ...field, accept: media }} value={"a".repeat(64)} nodeId="upload-1" inputId="upload"
    onChange={() => {}} />);
}

/** Image Upload's field as its node shows it: holding `value`, its node keeping `fileName` for it. */
function renderImageField(value: string | undefined, fileName?: string) {
  const [field] = fieldsOf(spec("input.image").params_schema);
  if (field.kind !== "upload") throw new Error("Image Upload's asset_id is an upload field");
  const onChange = vi.fn();
  render(<UploadField field={field} value={value} fileName={fileName} nodeId="upload-1" inputId="upload"
    onChange={onChange} />);
  return onChange;
}

const photo = (name: string, type = "image/jpeg") => new File([new Uint8Array(8)], name, { type });
const stored = (id: string, filename: string) =>
  record({ id: id.repeat(64), mime: "image/jpeg", filename });
const drop = (files: File[]) => fireEvent.drop(screen.getByTestId("upload-drop"), { dataTransfer: { files } });

beforeEach(() => {
  resetEditor();
  vi.mocked(uploadAsset).mockReset();
  vi.mocked(getAsset).mockReset();
});

describe("UploadField", () => {
  it("names the photo and its size in pixels under a picture drawn on the chequerboard only where it is", async () => {
    const name = "IMG_4032 holiday in the mountains with the whole family.jpg";
    vi.mocked(getAsset).mockResolvedValue(record({ filename: name, width: 1200, height: 1600, mime: "image/jpeg" }));
    renderField("image");
    const picture = await screen.findByRole("img", { name: "Uploaded" });
    expect(picture).toHaveAttribute("src", `${URL}&size=256`);
    for (const part of CHECKER.split(/\s+/).filter(Boolean)) expect(picture).toHaveClass(part);
    // sized to the picture, not stretched over the drop zone: the chequerboard covers its own pixels, no bars
    expect(picture).toHaveClass("max-h-40", "max-w-full");
    expect(picture).not.toHaveClass("w-full");
    const line = await screen.findByTestId("upload-file");
    expect(line).toHaveTextContent(`${name}1200 × 1600`);
    expect(screen.getByTitle(name)).toHaveClass("truncate");
  });

  it("gives a video's length as the server read it", async () => {
    vi.mocked(getAsset).mockResolvedValue(record({ filename: "clip.mp4", width: 640, height: 360, duration: 72.4 }));
    renderField("video");
    expect(await screen.findByTestId("upload-file")).toHaveTextContent("clip.mp4");
    expect(screen.getByTestId("upload-facts")).toHaveTextContent("1:12");
  });

  it("gives a sound's length as the browser reads it when the server could not", async () => {
    vi.mocked(getAsset).mockResolvedValue(record({ filename: "voice over.mp3" }));
    renderField("audio");
    const audio = await screen.findByTestId("upload-audio");
    expect(screen.getByTestId("upload-file")).toHaveTextContent("voice over.mp3");
    expect(screen.queryByTestId("upload-facts")).toBeNull();
    Object.defineProperty(audio, "duration", { value: 3725 });
    fireEvent.loadedMetadata(audio);
    expect(screen.getByTestId("upload-facts")).toHaveTextContent("1:02:05");
  });

  it("names the file as its node keeps it, not as the same bytes were uploaded last", async () => {
    vi.mocked(getAsset).mockResolvedValue(record({ filename: "a.png", width: 1200, height: 1600 }));
    renderImageField("a".repeat(64), "board.jpg");
    expect(await screen.findByTestId("upload-file")).toHaveTextContent("board.jpg1200 × 1600");
  });

  it("keeps the uploaded file's name in the node with its id, in one change", async () => {
    vi.mocked(uploadAsset).mockResolvedValue(stored("b", "board.jpg"));
    const onChange = renderImageField(undefined);
    fireEvent.change(screen.getByTestId("upload-input"), { target: { files: [photo("board.jpg")] } });
    await waitFor(() => expect(onChange).toHaveBeenCalledWith("b".repeat(64), { filename: "board.jpg" }));
  });

  it("uses one of several files dropped on it and says in words what it left out", async () => {
    vi.mocked(uploadAsset).mockResolvedValue(stored("b", "board.jpg"));
    const onChange = renderImageField(undefined);
    drop([photo("notes.txt", "text/plain"), photo("board.jpg"), photo("c.png", "image/png")]);
    await waitFor(() => expect(onChange).toHaveBeenCalledTimes(1));
    expect(vi.mocked(uploadAsset).mock.calls.map(([file]) => file.name)).toEqual(["board.jpg"]);
    expect(useEditor.getState().notice).toMatchObject({ tone: "info", message: "Only one file fits here: used "
      + "“board.jpg” and left out 2 others. Drop the pictures, videos and sounds among them on the canvas to make a "
      + "node for each." });  // notes.txt would be refused there too
  });

  it("tries the next file of a drop when the server refuses the first, and says which it took", async () => {
    vi.mocked(uploadAsset).mockRejectedValueOnce(new ApiError(415, "This file is not an image the studio can read"))
      .mockResolvedValueOnce(stored("b", "orange.jpg"));
    const onChange = renderImageField(undefined);
    drop([photo("bad.jpg"), photo("orange.jpg")]);
    await waitFor(() => expect(onChange).toHaveBeenCalledWith("b".repeat(64), { filename: "orange.jpg" }));
    expect(vi.mocked(uploadAsset).mock.calls.map(([file]) => file.name)).toEqual(["bad.jpg", "orange.jpg"]);
    expect(screen.queryByRole("alert")).toBeNull();
    expect(useEditor.getState().notice?.message).toBe("“bad.jpg” could not be used, so “orange.jpg” was taken instead.");
  });

  it("takes a refusal away once a good file is dropped, and an earlier drop's refusal notice too", async () => {
    vi.mocked(uploadAsset).mockResolvedValue(stored("b", "board.jpg"));
    const onChange = renderImageField(undefined);
    act(() => noticeRefusal("“readme.txt” was not added: drop an image, a video or a sound"));
    drop([photo("readme.txt", "text/plain")]);
    expect(screen.getByRole("alert")).toHaveTextContent("This file is not an image the studio can read");
    drop([photo("board.jpg")]);
    await waitFor(() => expect(onChange).toHaveBeenCalled());
    expect(screen.queryByRole("alert")).toBeNull();
    expect(useEditor.getState().notice).toBeNull();
  });

  it("shows no refusal of an earlier file the server answers after a good one", async () => {
    let refuse: (error: Error) => void = () => {};
    vi.mocked(uploadAsset).mockReturnValueOnce(new Promise((_, reject) => { refuse = reject; }))
      .mockResolvedValueOnce(stored("b", "board.jpg"));
    const onChange = renderImageField(undefined);
    drop([photo("broken.jpg")]);
    drop([photo("board.jpg")]);
    await waitFor(() => expect(onChange).toHaveBeenCalledWith("b".repeat(64), { filename: "board.jpg" }));
    await act(() => { refuse(new ApiError(422, "The image is damaged; save it again")); return Promise.resolve(); });
    expect(screen.queryByRole("alert")).toBeNull();
  });

  it("plays a video in the field, muted, and opens it full size from its ⤢ before any run", async () => {
    vi.mocked(getAsset).mockResolvedValue(record({ filename: "clip.webm", mime: "video/webm" }));
    const video = uploadSpec("video");
    const assetId = "a".repeat(64);
    act(() => {
      useEditor.getState().setSpecs([video]);
      useEditor.setState({ nodes: [{ id: "upload-1", type: "studio", position: { x: 0, y: 0 },
        data: { nodeType: "input.video", params: { asset_id: assetId, filename: "clip.webm" } } }] });
    });
    const picker = vi.spyOn(HTMLInputElement.prototype, "click").mockImplementation(() => {});
    renderField("video");
    const player = await screen.findByTestId<HTMLVideoElement>("upload-video");
    expect(player.controls).toBe(true);
    expect(player.muted).toBe(true);
    expect(player).toHaveAttribute("preload", "metadata");
    // playing it, by pointer or key, does not open the file picker; the field around it still does
    fireEvent.click(player);
    fireEvent.keyDown(player, { key: " " });
    expect(picker).not.toHaveBeenCalled();
    fireEvent.click(screen.getByText("Drop or click here to replace"));
    expect(picker).toHaveBeenCalledTimes(1);
    fireEvent.click(screen.getByRole("button", { name: "Open clip.webm full size" }));
    expect(picker).toHaveBeenCalledTimes(1);
    expect(useEditor.getState().viewer).toEqual({ key: "upload-1:asset_id", compareKey: null });
    picker.mockRestore();
  });

  it("opens the picture it holds full size from its ⤢ before any run, without opening the file picker", async () => {
    vi.mocked(getAsset).mockResolvedValue(record({ filename: "IMG_4722.HEIC", mime: "image/heic" }));
    const assetId = "a".repeat(64);
    act(() => {
      useEditor.getState().setSpecs([spec("input.image")]);
      useEditor.setState({ nodes: [{ id: "upload-1", type: "studio", position: { x: 0, y: 0 },
        data: { nodeType: "input.image", params: { asset_id: assetId } } }] });
    });
    const picker = vi.spyOn(HTMLInputElement.prototype, "click").mockImplementation(() => {});
    renderImageField(assetId, "IMG_4722.HEIC");
    fireEvent.click(await screen.findByRole("button", { name: "Open IMG_4722.HEIC full size" }));
    expect(picker).not.toHaveBeenCalled();
    expect(useEditor.getState().viewer).toEqual({ key: "upload-1:asset_id", compareKey: null });
    picker.mockRestore();
  });

  it("says it loads the picture it holds, with its name, until the picture has come, and offers no choosing", async () => {
    let answer: (asset: Asset) => void = () => {};
    vi.mocked(getAsset).mockReturnValue(new Promise((resolve) => { answer = resolve; }));
    renderImageField("b".repeat(64), "beach at dusk.png");
    // before: "Drop an image or click to choose" until the record came, and the picture was chosen again
    expect(screen.getByRole("status")).toHaveTextContent("Loading the picture…");
    expect(screen.getByTestId("upload-drop")).not.toHaveTextContent(/choose/);
    expect(screen.getByTestId("upload-file")).toHaveTextContent("beach at dusk.png");

    await act(() => { answer(stored("b", "beach at dusk.png")); return Promise.resolve(); });
    const picture = screen.getByRole("img", { name: "Uploaded" });
    expect(screen.getByRole("status")).toHaveTextContent("Loading the picture…");  // its thumbnail on its way
    fireEvent.load(picture);
    expect(screen.queryByRole("status")).toBeNull();
  });

  it("offers to choose a file when the one it names cannot be read", async () => {
    vi.mocked(getAsset).mockRejectedValue(new ApiError(404, "Asset not found"));
    renderImageField("b".repeat(64), "beach at dusk.png");
    expect(await screen.findByText("Drop an image or click to choose")).toBeInTheDocument();
    expect(screen.queryByRole("status")).toBeNull();
  });

  it("is one Tab stop, its drop area, where Enter opens the file picker", async () => {
    renderImageField(undefined);
    const picker = vi.spyOn(screen.getByTestId("upload-input"), "click").mockImplementation(() => {});
    await userEvent.tab();
    expect(screen.getByTestId("upload-drop")).toHaveFocus();
    await userEvent.keyboard("{Enter}");
    expect(picker).toHaveBeenCalledOnce();
    await userEvent.tab();
    expect(document.body).toHaveFocus();  // not the hidden file input behind it
  });

  it("has no ⤢ while it holds no picture", () => {
    renderImageField(undefined);
    expect(screen.queryByTestId("upload-open-viewer")).toBeNull();
  });

  it("says what an image field takes, and where a video goes instead, when a video is dropped on it", () => {
    renderImageField(undefined);
    drop([photo("clip.webm", "video/webm")]);
    expect(screen.getByRole("alert")).toHaveTextContent("“clip.webm” was not added: it is a video, and this field "
      + "takes an image (PNG, JPEG, WebP, GIF, BMP, TIFF, HEIC or AVIF). Drop a picture here, or drop the video on "
      + "the canvas to make a Video Upload node for it.");
    expect(uploadAsset).not.toHaveBeenCalled();
  });

  it.each([
    ["still opening", { collab: "connecting" as const },
      "“beach.jpg” was not added: the project is still opening; drop it again in a moment."],
    ["view only", { workflow: { id: "w1", title: "Fox", version: 1, access: "viewer" as const } },
      "“beach.jpg” was not added: this project is view only; make your own copy to add files to it."],
  ])("says why a photo dropped on it is not added while the project is %s, and uploads nothing", (_, state, words) => {
    useEditor.setState(state);
    renderImageField(undefined);
    drop([photo("beach.jpg")]);
    expect(screen.getByRole("alert")).toHaveTextContent(words);
    expect(uploadAsset).not.toHaveBeenCalled();
  });
});

describe("UploadField on a touch screen (a phone), where nothing is dropped or clicked", () => {
  /** A screen whose main pointer is a finger (`coarse`) or a mouse. */
  function pointer(coarse: boolean) {
    vi.spyOn(window, "matchMedia").mockImplementation((query: string) => ({ matches: coarse && query ===
      "(pointer: coarse)", media: query, onchange: null, addEventListener() {}, removeEventListener() {},
      addListener() {}, removeListener() {}, dispatchEvent: () => false }) as MediaQueryList);
  }
  function renderEmpty(media: "image" | "video" | "audio") {
    const [field] = fieldsOf(spec("input.image").params_schema);
    if (field.kind !== "upload") throw new Error("Image Upload's asset_id is an upload field");
    render(<UploadField field={{ ...field, accept: media }} value={undefined} nodeId="upload-1" inputId="upload"
      onChange={() => {}} />);
  }
  afterEach(() => vi.restoreAllMocks());

  it.each([["image", "an image"], ["video", "a video"], ["audio", "an audio file"]] as const)(
    "asks to tap to choose %s", (media, article) => {
      pointer(true);
      renderEmpty(media);
      expect(screen.getByTestId("upload-drop")).toHaveTextContent(`Tap to choose ${article}`);
      expect(screen.getByTestId("upload-drop")).not.toHaveTextContent(/drop|click/i);
    });

  it("says tap, not drop or click, under a video it holds", async () => {
    pointer(true);
    vi.mocked(getAsset).mockResolvedValue(record({ id: "a".repeat(64), mime: "video/mp4", duration: 12 }));
    renderField("video");
    expect(await screen.findByText("Tap here to replace")).toBeInTheDocument();
  });

  it("keeps the words for a mouse on a desktop", () => {
    pointer(false);
    renderEmpty("image");
    expect(screen.getByTestId("upload-drop")).toHaveTextContent("Drop an image or click to choose");
  });
});
