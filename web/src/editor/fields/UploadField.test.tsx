// An uploaded picture shows its transparency on the same chequerboard as results do, not on white.

import { render, screen } from "@testing-library/react";
import { describe, expect, it, vi } from "vitest";
import { getAsset } from "../../api/assets";
import type { Asset } from "../../api/types";
import { spec } from "../../test/specs";
import { fieldsOf } from "../graph/schemaForm";
import { CHECKER } from "../viewer/media";
import { UploadField } from "./UploadField";

vi.mock("../../api/assets", async (original) => ({ ...await original<typeof import("../../api/assets")>(),
  getAsset: vi.fn() }));

describe("UploadField", () => {
  it("draws an uploaded picture on the results' chequerboard", async () => {
    vi.mocked(getAsset).mockResolvedValue({ url: "/api/v1/assets/aa/content?exp=1&sig=2" } as Asset);
    const [field] = fieldsOf(spec("input.image").params_schema);
    if (field.kind !== "upload") throw new Error("Image Upload's asset_id is an upload field");
    render(<UploadField field={field} value={"a".repeat(64)} nodeId="image-1" inputId="upload" onChange={() => {}} />);
    const picture = await screen.findByRole("img", { name: "Uploaded" });
    expect(picture).toHaveAttribute("src", "/api/v1/assets/aa/content?exp=1&sig=2&size=256");
    for (const name of CHECKER.split(/\s+/).filter(Boolean)) expect(picture).toHaveClass(name);
  });
});
