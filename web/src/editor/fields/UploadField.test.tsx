// An upload field says which file it holds: its name (whole on hover) and its size in pixels or its length, so
// four dropped photos make four nodes a designer tells apart; a picture's transparency shows on the chequerboard
// behind its own pixels only, so an opaque photo gets no chequered bars beside it.

import { fireEvent, render, screen } from "@testing-library/react";
import { beforeEach, describe, expect, it, vi } from "vitest";
import { getAsset } from "../../api/assets";
import type { Asset } from "../../api/types";
import { spec } from "../../test/specs";
import { fieldsOf } from "../graph/schemaForm";
import { resetEditor } from "../store/editorStore";
import { CHECKER } from "../viewer/media";
import { UploadField } from "./UploadField";

vi.mock("../../api/assets", async (original) => ({ ...await original<typeof import("../../api/assets")>(),
  getAsset: vi.fn() }));

const URL = "/api/v1/assets/aa/content?exp=1&sig=2";
const record = (fields: Partial<Asset>) => ({ url: URL, filename: null, width: null, height: null, duration: null,
  ...fields }) as Asset;

function renderField(media: "image" | "video" | "audio") {
  const [field] = fieldsOf(spec("input.image").params_schema);
  if (field.kind !== "upload") throw new Error("Image Upload's asset_id is an upload field");
  render(<UploadField field={{ ...field, accept: media }} value={"a".repeat(64)} nodeId="upload-1" inputId="upload"
    onChange={() => {}} />);
}

beforeEach(() => resetEditor());

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
});
