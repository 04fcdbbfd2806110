// A port's label says its name and its type, each once: "image" for an image port named image, not "image image".

import { render, screen } from "@testing-library/react";
import { ReactFlowProvider } from "@xyflow/react";
import { beforeEach, describe, expect, it } from "vitest";
import { MODEL_SPECS, SPECS } from "../../test/specs";
import { resetEditor, useEditor } from "../store/editorStore";
import { NodesCanvas as Canvas } from "../../test/NodesCanvas";

const store = () => useEditor.getState();


beforeEach(() => {
  resetEditor();
  store().setSpecs([...SPECS, ...MODEL_SPECS]);
});

/** Each port row's words, inputs first, e.g. "prompt text". */
const rows = (node: HTMLElement) => [...node.querySelectorAll("[data-port-type]")]
  .map((handle) => handle.parentElement!.textContent);

describe("port labels", () => {
  it("show the type once when the port's name is its type, and after the name when it is not", async () => {
    store().addNode("model.gpt_image_1", { x: 0, y: 0 });
    render(<ReactFlowProvider><Canvas /></ReactFlowProvider>);
    const node = await screen.findByTestId("studio-node");
    expect(rows(node)).toEqual(["prompttext", "imagesimage[]", "image"]);
    expect(node.querySelector("[data-port-type][data-handleid='image']")).toHaveAttribute("aria-label", "image");
    expect(node.querySelector("[data-handleid='images']"))
      .toHaveAttribute("aria-label", "images (image list, optional)");
  });

  it("keep a list's mark when the name is its type", async () => {
    store().setSpecs([{ ...MODEL_SPECS[0], type: "model.test_list", inputs: [
      { name: "image", type: "image", list: true, required: false, description: "" }] }]);
    store().addNode("model.test_list", { x: 0, y: 0 });
    render(<ReactFlowProvider><Canvas /></ReactFlowProvider>);
    const node = await screen.findByTestId("studio-node");
    expect(rows(node)[0]).toBe("image[]");
    expect(node.querySelector("[data-handleid='image'].target"))
      .toHaveAttribute("aria-label", "image (list, optional)");
  });
});
