// The AI dock against a stubbed planner endpoint: an instruction is previewed as ghosts on the canvas (the graph
// untouched), Enter applies it as one undoable step and the dock says so, Escape discards it; the same instruction
// previewed again while its nodes are on the canvas says so before a second copy; why an applied plan differs from
// what was asked is still said after Apply, until the next instruction; a question offers its close
// matches, or the nodes it could mean, and a refusal is told in words.
import { act, render, screen, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { ReactFlowProvider } from "@xyflow/react";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import type { Plan, PlanRequest } from "../../api/types";
import { SPECS, UPSCALE } from "../../test/specs";
import { Canvas } from "../Canvas";
import { toDocument } from "../graph/document";
import { resetEditor, useEditor } from "../store/editorStore";
import { AiDock } from "./AiDock";
import { forgetPlans, SETTLE_MS } from "./preview";

const store = () => useEditor.getState();
const saved = () => toDocument(store().nodes, store().edges);

const READY: Plan = {
  status: "ready", planner: "offline", summary: "Upload → Blur → Save Image", credits: 0,
  add_nodes: [
    { id: "blur-1", type: "tool.blur", params: { kind: "gaussian", radius: 12, angle: 0 }, position: { x: 300, y: 0 } },
  ],
  add_edges: [
    { id: "e-image-1-image-blur-1-image", source: "image-1", sourceHandle: "image", target: "blur-1",
      targetHandle: "image" },
    { id: "e-blur-1-image-save-1-image", source: "blur-1", sourceHandle: "image", target: "save-1",
      targetHandle: "image" },
  ],
  remove_edges: ["e-image-1-image-save-1-image"],
  change_nodes: [{ id: "save-1", params: { format: "jpg" } }],
  assumptions: ["a blur of radius 12 for 'a strong blur'"],
  not_understood: ["gently"],
};

const QUESTION: Plan = {
  status: "question", planner: "offline", summary: "Nothing planned", credits: 0,
  question: "Which of these did you mean?", suggestions: ["blur the image", "upscale the image 4x"],
};

/** The planner endpoint answering `answers` in turn; what it was asked is in `asked`. */
function stubPlanner(...answers: Array<{ status: number; body: unknown }>) {
  const asked: PlanRequest[] = [];
  vi.stubGlobal("fetch", vi.fn((_url: string, init: RequestInit) => {
    asked.push(JSON.parse(init.body as string) as PlanRequest);
    const { status, body } = answers[Math.min(asked.length - 1, answers.length - 1)];
    return Promise.resolve(new Response(JSON.stringify(body), { status,
      headers: { "content-type": "application/json" } }));
  }));
  return asked;
}

function renderEditor() {
  render(
    <ReactFlowProvider>
      <div style={{ width: 1200, height: 800 }}><Canvas /></div>
      <AiDock />
    </ReactFlowProvider>,
  );
}

async function instruct(text: string) {
  const input = screen.getByLabelText("Instruction for the AI");
  await userEvent.clear(input);
  await userEvent.type(input, `${text}{Enter}`);
}

/** As long as a person takes to look at a preview before applying it. */
const look = () => act(() => new Promise((resolve) => { setTimeout(resolve, SETTLE_MS + 50); }));

beforeEach(() => {
  resetEditor();
  store().setSpecs(SPECS);
  store().addNode("input.image", { x: 0, y: 0 });
  store().addNode("output.save", { x: 600, y: 0 });
  store().connectPorts({ source: "image-1", sourceHandle: "image", target: "save-1", targetHandle: "image" });
});

afterEach(() => {
  act(() => forgetPlans());
  vi.unstubAllGlobals();
  vi.restoreAllMocks();
});

describe("the AI dock", () => {
  it("tells the page how much of the screen's foot it covers, measured again as it grows, for a notice to stand above",
    async () => {
      const measure = Element.prototype.getBoundingClientRect;
      let high = 68;  // the bar alone
      vi.spyOn(Element.prototype, "getBoundingClientRect").mockImplementation(function (this: Element) {
        if (this.getAttribute("data-testid") !== "ai-dock") return measure.call(this);
        const top = window.innerHeight - 16 - high;
        return { top, bottom: top + high, left: 384, right: 1056, width: 672, height: high } as DOMRect;
      });
      const { unmount } = render(<ReactFlowProvider><AiDock /></ReactFlowProvider>);
      const cover = () => document.documentElement.style.getPropertyValue("--ai-dock-cover");
      await act(() => new Promise(requestAnimationFrame));
      expect(cover()).toBe("84px");

      high = 120;  // an "Applied:" line above the bar
      act(() => { window.dispatchEvent(new Event("resize")); });
      expect(cover()).toBe("136px");

      unmount();  // a viewer's page: no dock, the notice goes to the screen's foot
      expect(cover()).toBe("");
    });

  it("sends the instruction with the graph and the selection, and previews the plan without changing the graph",
    async () => {
      const asked = stubPlanner({ status: 200, body: READY });
      store().onNodesChange([{ type: "select", id: "save-1", selected: true }]);
      const before = saved();
      renderEditor();
      await instruct("add a strong blur gently before saving as jpg");

      expect(asked[0]).toMatchObject({ instruction: "add a strong blur gently before saving as jpg",
        selection: ["save-1"], workflow: { nodes: before.nodes, edges: before.edges } });
      expect(Object.keys(asked[0].origin ?? {}).sort()).toEqual(["x", "y"]);
      const panel = await screen.findByTestId("plan-preview");
      expect(within(panel).getByTestId("plan-summary")).toHaveTextContent("Upload → Blur → Save Image");
      expect(within(panel).getByTestId("plan-credits")).toHaveTextContent("Free: runs locally");
      expect(within(panel).getByTestId("plan-assumptions")).toHaveTextContent("a blur of radius 12");
      expect(within(panel).getByTestId("plan-not-understood")).toHaveTextContent("gently");
      expect(within(panel).getByTestId("plan-changes")).toHaveTextContent("Save Image: Format PNG → JPG");

      const ghost = await screen.findByTestId("ghost-node");
      expect(ghost).toHaveAttribute("data-plan-id", "blur-1");
      expect(within(ghost).getByTestId("ghost-params")).toHaveTextContent("Radius12");
      expect(screen.getByTestId("plan-change")).toHaveTextContent("Format: PNG → JPG");
      expect(saved()).toEqual(before);
      expect(store().canUndo).toBe(true);  // only the set-up's own edits
    });

  it("words each planned choice as the node's own menu does, on the ghosts, the changed nodes and the dock's list",
    async () => {
      store().setSpecs([...SPECS, UPSCALE]);
      const choices: Plan = { status: "ready", planner: "offline", credits: 0, summary: "Blur → Upscale → Save Image",
        add_nodes: [
          { id: "blur-1", type: "tool.blur", params: { kind: "box" }, position: { x: 300, y: 0 } },
          { id: "upscale-1", type: "tool.upscale", params: { scale: 4 }, position: { x: 300, y: 200 } },
          { id: "save-2", type: "output.save", params: { format: "webp" }, position: { x: 300, y: 400 } },
        ],
        change_nodes: [{ id: "save-1", params: { format: "jpg" } }] };
      stubPlanner({ status: 200, body: choices });
      renderEditor();
      await instruct("a box blur, upscale 4x and export a webp");

      const ghost = async (type: string) => within(
        (await screen.findAllByTestId("ghost-node")).find((g) => g.dataset.nodeType === type)!).getByTestId("ghost-params");
      expect(await ghost("tool.blur")).toHaveTextContent("KindBox");
      expect(await ghost("tool.upscale")).toHaveTextContent("Scale4×");
      expect(await ghost("output.save")).toHaveTextContent(/^FormatWebP$/);
      expect(screen.getByTestId("plan-change")).toHaveTextContent("Format: PNG → JPG");
      expect(screen.getByTestId("plan-changes")).toHaveTextContent("Save Image: Format PNG → JPG");
    });

  it("applies the plan on Enter as one step that one undo takes back", async () => {
    stubPlanner({ status: 200, body: { ...READY, credits: 12 } });
    renderEditor();
    const before = saved();
    await instruct("add a blur before saving as jpg");
    expect(await screen.findByTestId("plan-credits")).toHaveTextContent("≈ 12 credits");
    expect(screen.getByRole("button", { name: "Apply" })).toBeInTheDocument();

    await look();
    await userEvent.keyboard("{Enter}");
    expect(screen.queryByTestId("ghost-node")).not.toBeInTheDocument();
    expect(screen.getByTestId("plan-applied")).toHaveTextContent("✓ Applied: Upload → Blur → Save Image");
    expect(saved().nodes.map((n) => n.id)).toEqual(["image-1", "save-1", "blur-1"]);
    expect(saved().nodes[1].params).toMatchObject({ format: "jpg" });
    expect(saved().edges.map((e) => e.id)).toEqual(["e-image-1-image-blur-1-image", "e-blur-1-image-save-1-image"]);
    expect(store().nodes.filter((n) => n.selected).map((n) => n.id)).toEqual(["blur-1"]);
    expect(screen.getByLabelText("Instruction for the AI")).toHaveValue("");

    await userEvent.click(screen.getByRole("button", { name: "Take it back" }));  // as Undo: on a phone too
    expect(saved()).toEqual(before);
    expect(screen.getByTestId("plan-applied")).toHaveTextContent("Taken back: “add a blur before saving as jpg”");
  });

  it("keeps saying why the plan differs from what was asked once it is applied, until the next instruction",
    async () => {
      store().setSpecs([...SPECS, UPSCALE]);
      const reason = "Upscale's scale is 2, not 4: a 4000×3000 image upscaled 4× would be 16000×12000 (192 "
        + "megapixels), over this studio's 100-megapixel limit";
      const lowered: Plan = { status: "ready", planner: "offline", credits: 0,
        summary: "Upscale after Image Upload: Scale 2",
        add_nodes: [{ id: "upscale-1", type: "tool.upscale", params: { scale: 2 }, position: { x: 300, y: 0 } }],
        add_edges: [
          { id: "e-image-1-image-upscale-1-image", source: "image-1", sourceHandle: "image", target: "upscale-1",
            targetHandle: "image" },
          { id: "e-upscale-1-image-save-1-image", source: "upscale-1", sourceHandle: "image", target: "save-1",
            targetHandle: "image" },
        ],
        remove_edges: ["e-image-1-image-save-1-image"],
        assumptions: [reason] };
      stubPlanner({ status: 200, body: lowered }, { status: 200, body: QUESTION });
      renderEditor();
      await instruct("upscale it 4x");
      expect(await screen.findByTestId("plan-assumptions")).toHaveTextContent(reason);
      await look();
      await userEvent.click(screen.getByRole("button", { name: "Apply" }));

      expect(screen.getByTestId("plan-applied")).toHaveTextContent("✓ Applied: Upscale after Image Upload: Scale 2");
      expect(screen.getByTestId("applied-assumptions")).toHaveTextContent(reason);
      expect(saved().nodes.find((n) => n.id === "upscale-1")?.params).toMatchObject({ scale: 2 });

      await userEvent.click(screen.getByRole("button", { name: "Take it back" }));  // nothing of it left to explain
      expect(screen.queryByTestId("applied-assumptions")).not.toBeInTheDocument();
      act(() => store().redo());
      expect(screen.getByTestId("applied-assumptions")).toHaveTextContent(reason);

      await instruct("make it pop");  // the next instruction: its own answer, not the last plan's reasons
      await screen.findByTestId("plan-question");
      expect(screen.queryByTestId("applied-assumptions")).not.toBeInTheDocument();
      expect(screen.getByTestId("plan-panel")).not.toHaveTextContent("scale is 2");
    });

  it("never applies the same plan twice unawares: Enter again sends nothing, and the same request again says so",
    async () => {
      const again: Plan = { ...READY, add_nodes: [{ ...READY.add_nodes![0], id: "blur-2" }], add_edges: [],
        remove_edges: [], change_nodes: [] };
      const asked = stubPlanner({ status: 200, body: READY }, { status: 200, body: again });
      renderEditor();
      await instruct("add a blur");
      await screen.findByTestId("ghost-node");
      await look();
      await userEvent.keyboard("{Enter}");
      expect(screen.getByTestId("plan-applied")).toBeInTheDocument();

      const input = screen.getByLabelText("Instruction for the AI");
      await userEvent.type(input, "{Enter}");  // the field is empty once applied: nothing is sent or applied
      await userEvent.keyboard("{Enter}");
      expect(asked).toHaveLength(1);
      expect(saved().nodes.map((n) => n.id)).toEqual(["image-1", "save-1", "blur-1"]);

      await instruct("add a blur");  // the same request again, its Blur still on the canvas
      expect(await screen.findByTestId("plan-again")).toHaveTextContent(
        "You applied “add a blur” a moment ago, and its node is still on the canvas. Applying it again adds a second copy");
      expect(screen.getByRole("button", { name: "Apply again" })).toBeInTheDocument();
      expect(saved().nodes.map((n) => n.id)).toEqual(["image-1", "save-1", "blur-1"]);
      await look();
      await userEvent.click(screen.getByRole("button", { name: "Apply again" }));
      expect(saved().nodes.map((n) => n.id)).toEqual(["image-1", "save-1", "blur-1", "blur-2"]);
    });

  it("previews the same request again without a warning once the plan it repeats was undone", async () => {
    stubPlanner({ status: 200, body: READY });
    renderEditor();
    await instruct("add a blur");
    await screen.findByTestId("ghost-node");
    await look();
    await userEvent.keyboard("{Enter}");
    act(() => store().undo());
    await instruct("add a blur");
    await screen.findByTestId("plan-preview");
    expect(screen.queryByTestId("plan-again")).not.toBeInTheDocument();
    expect(screen.getByRole("button", { name: "Apply" })).toBeInTheDocument();
  });

  it("offers the nodes a question could mean as buttons; a node picked is selected and the change planned on it",
    async () => {
      store().addNode("tool.blur", { x: 300, y: 0 });
      store().addNode("tool.blur", { x: 300, y: 300 });
      store().onNodesChange(store().nodes.map((n) => ({ type: "select", id: n.id, selected: false })));  // none
      const which: Plan = { status: "question", planner: "offline", credits: 0,
        summary: "Nothing changed: 2 Blur nodes and none selected",
        question: "Which one should change: “Blur (1)” or “Blur (2)”? Pick one, or select it on the canvas and ask again.",
        choices: [{ node_id: "blur-1", label: "Blur (1)" }, { node_id: "blur-2", label: "Blur (2)" }] };
      const changed: Plan = { status: "ready", planner: "offline", credits: 0, summary: "Blur (2): Radius 8",
        change_nodes: [{ id: "blur-2", params: { radius: 8 } }] };
      const asked = stubPlanner({ status: 200, body: which }, { status: 200, body: changed });
      renderEditor();
      await instruct("make it stronger");
      const question = await screen.findByTestId("plan-question");
      const choices = within(question).getAllByTestId("plan-choice");
      expect(choices.map((c) => c.textContent)).toEqual(["Blur (1)", "Blur (2)"]);

      expect(screen.queryByTestId("pointed-node")).not.toBeInTheDocument();
      await userEvent.hover(within(question).getByRole("button", { name: "Blur (2)" }));
      expect(screen.getByTestId("pointed-node")).toHaveAttribute("data-node-id", "blur-2");  // outlined on the canvas
      await userEvent.unhover(within(question).getByRole("button", { name: "Blur (2)" }));
      expect(screen.queryByTestId("pointed-node")).not.toBeInTheDocument();

      await userEvent.click(within(question).getByRole("button", { name: "Blur (2)" }));
      expect(await screen.findByTestId("plan-summary")).toHaveTextContent("Blur (2): Radius 8");
      expect(screen.queryByTestId("pointed-node")).not.toBeInTheDocument();  // the question is answered
      expect(screen.getByTestId("plan-changes")).toHaveTextContent("Blur (2): Radius 4 → 8");  // named as the reply
      expect(asked.map((a) => [a.instruction, a.selection])).toEqual([["make it stronger", []],
        ["make it stronger", ["blur-2"]]]);
      expect(store().nodes.filter((n) => n.selected).map((n) => n.id)).toEqual(["blur-2"]);
      await look();
      await userEvent.click(screen.getByRole("button", { name: "Apply" }));
      expect(saved().nodes.find((n) => n.id === "blur-2")?.params).toMatchObject({ radius: 8 });
      expect(saved().nodes.find((n) => n.id === "blur-1")?.params).toMatchObject({ radius: 4 });
    });

  it("applies nothing while the project is not connected, and says so", async () => {
    stubPlanner({ status: 200, body: READY });
    renderEditor();
    const before = saved();
    await instruct("add a blur");
    await screen.findByTestId("ghost-node");
    act(() => store().setCollab("connecting"));
    await look();
    await userEvent.click(screen.getByRole("button", { name: "Apply" }));
    expect(screen.getByTestId("plan-error")).toHaveTextContent("isn't connected right now");
    expect(screen.queryByTestId("ghost-node")).not.toBeInTheDocument();
    expect(saved()).toEqual(before);
  });

  it("does not apply a preview on the second Enter of a double press", async () => {
    stubPlanner({ status: 200, body: READY });
    renderEditor();
    const before = saved();
    await instruct("add a blur");
    await screen.findByTestId("ghost-node");
    await userEvent.keyboard("{Enter}");  // at once: nobody has looked at it yet
    expect(screen.getByTestId("ghost-node")).toBeInTheDocument();
    expect(saved()).toEqual(before);
  });

  it("plans again instead of applying when a node the plan joins was deleted meanwhile", async () => {
    const asked = stubPlanner({ status: 200, body: READY }, { status: 200, body: QUESTION });
    renderEditor();
    await instruct("add a blur");
    await screen.findByTestId("ghost-node");
    act(() => store().onNodesChange([{ type: "remove", id: "image-1" }]));
    const after = saved();
    await look();
    await userEvent.click(screen.getByRole("button", { name: "Apply" }));
    await screen.findByTestId("plan-question");
    expect(asked).toHaveLength(2);
    expect(asked[1]?.workflow?.nodes?.map((n) => n.id)).toEqual(["save-1"]);
    expect(saved()).toEqual(after);
  });

  it("says an instruction is too long without sending it", async () => {
    const asked = stubPlanner({ status: 200, body: READY });
    renderEditor();
    const input = screen.getByLabelText("Instruction for the AI");
    act(() => { input.focus(); });
    await userEvent.paste("blur it ".repeat(300));
    await userEvent.keyboard("{Enter}");
    expect(await screen.findByTestId("plan-error")).toHaveTextContent("2,399 characters long; the AI reads up to 2,000");
    expect(asked).toHaveLength(0);
  });

  it("discards the preview on Escape and leaves the graph and its undo history as they were", async () => {
    stubPlanner({ status: 200, body: READY });
    renderEditor();
    const before = saved();
    await instruct("add a blur");
    await screen.findByTestId("ghost-node");
    await userEvent.keyboard("{Escape}");
    expect(screen.queryByTestId("ghost-node")).not.toBeInTheDocument();
    expect(screen.queryByTestId("plan-panel")).not.toBeInTheDocument();
    expect(saved()).toEqual(before);
    act(() => store().undo());  // takes back the set-up's connection, not a plan
    expect(store().edges).toHaveLength(0);
  });

  it("plans an edited instruction anew instead of applying the old preview", async () => {
    const asked = stubPlanner({ status: 200, body: READY }, { status: 200, body: QUESTION });
    renderEditor();
    await instruct("add a blur");
    await screen.findByTestId("ghost-node");
    await instruct("add something else");
    await screen.findByTestId("plan-question");
    expect(asked.map((a) => a.instruction)).toEqual(["add a blur", "add something else"]);
    expect(screen.queryByTestId("ghost-node")).not.toBeInTheDocument();
  });

  it("asks back with close matches to pick, each planned when picked", async () => {
    const asked = stubPlanner({ status: 200, body: QUESTION }, { status: 200, body: READY });
    renderEditor();
    const before = saved();
    await instruct("make it pop");
    const question = await screen.findByTestId("plan-question");
    expect(question).toHaveTextContent("Which of these did you mean?");
    expect(screen.queryByTestId("ghost-node")).not.toBeInTheDocument();
    expect(saved()).toEqual(before);

    await userEvent.click(within(question).getByRole("button", { name: "blur the image" }));
    await screen.findByTestId("ghost-node");
    expect(asked.map((a) => a.instruction)).toEqual(["make it pop", "blur the image"]);
    expect(screen.getByLabelText("Instruction for the AI")).toHaveValue("blur the image");
  });

  it("gives the request back to reword when a proposal is dismissed, and empties the field once one is applied",
    async () => {
      stubPlanner({ status: 200, body: READY }, { status: 200, body: QUESTION }, { status: 200, body: READY });
      renderEditor();
      const input = screen.getByLabelText("Instruction for the AI");
      await instruct("add a strong blur");
      await screen.findByTestId("ghost-node");
      await userEvent.click(screen.getByRole("button", { name: "Discard" }));
      expect(screen.queryByTestId("plan-panel")).not.toBeInTheDocument();
      expect(input).toHaveValue("add a strong blur");
      expect(input).toHaveFocus();  // to reword it at once

      await instruct("make it pop");
      await screen.findByTestId("plan-question");
      await userEvent.clear(input);  // cleared to start over, then thought better of it
      await userEvent.click(screen.getByRole("button", { name: "Dismiss" }));
      expect(input).toHaveValue("make it pop");
      expect(input).toHaveFocus();

      await userEvent.type(input, " now");  // words typed since are theirs: Escape leaves them
      await userEvent.click(screen.getByRole("button", { name: "Build" }));
      await screen.findByTestId("ghost-node");
      await userEvent.clear(input);
      await userEvent.type(input, "something else");
      await userEvent.keyboard("{Escape}");
      expect(screen.queryByTestId("ghost-node")).not.toBeInTheDocument();
      expect(input).toHaveValue("something else");

      await instruct("add a blur");
      await screen.findByTestId("ghost-node");
      await look();
      await userEvent.click(screen.getByRole("button", { name: "Apply" }));
      expect(input).toHaveValue("");
      await userEvent.click(screen.getByRole("button", { name: "Dismiss" }));
      expect(screen.queryByTestId("plan-panel")).not.toBeInTheDocument();
      expect(input).toHaveValue("");  // an applied request is not offered again
    });

  it("says in words why planning failed, never the raw answer", async () => {
    stubPlanner({ status: 429, body: { code: "rate_limited", detail: "too many plans at once; wait a minute" } },
      { status: 502, body: "<html>Bad gateway</html>" });
    renderEditor();
    await instruct("blur it");
    expect(await screen.findByTestId("plan-error")).toHaveTextContent("Too many plans at once; wait a minute");
    await instruct("blur it");
    const error = await screen.findByTestId("plan-error");
    expect(error).toHaveTextContent(/The planner did not answer .*Try again in a moment/);
    expect(error.textContent).not.toContain("<html>");
  });
});
