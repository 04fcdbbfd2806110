import { act, render, screen, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { ReactFlowProvider } from "@xyflow/react";
import { beforeEach, describe, expect, it } from "vitest";
import { MODEL_SPECS, SPECS, providersWith } from "../test/specs";
import { runnableDocument } from "./graph/document";
import { Palette } from "./palette/Palette";
import { QuickAdd } from "./palette/QuickAdd";
import { SettingsPanel } from "./panels/SettingsPanel";
import { resetEditor, useEditor } from "./store/editorStore";
import { NodesCanvas as Canvas } from "../test/NodesCanvas";

const store = () => useEditor.getState();


beforeEach(() => {
  resetEditor();
  store().setSpecs(SPECS);
  store().setProviders(null);
  store().setReadyOnly(false);
});

describe("Palette", () => {
  it("lists every registry entry under its category", () => {
    render(<ReactFlowProvider><Palette /></ReactFlowProvider>);
    const headings = screen.getAllByRole("heading", { level: 3 }).map((h) => h.textContent);
    expect(headings).toEqual(["Inputs", "Tools", "Outputs"]);
    expect(screen.getAllByTestId("palette-item")).toHaveLength(SPECS.length);
  });

  it("filters by search and adds a node on click", async () => {
    render(<ReactFlowProvider><Palette /></ReactFlowProvider>);
    await userEvent.type(screen.getByLabelText("Search nodes"), "blur");
    const items = screen.getAllByTestId("palette-item");
    // Title matches first, then entries that only mention the word in their description.
    expect(items[0].dataset.nodeType).toBe("tool.blur");
    expect(items.map((i) => i.dataset.nodeType)).not.toContain("input.prompt");
    await userEvent.click(items[0]);
    expect(store().nodes.map((n) => n.id)).toEqual(["blur-1"]);
  });

  it("puts nodes clicked in one after another side by side, not on one spot", async () => {
    render(<ReactFlowProvider><Palette /></ReactFlowProvider>);
    await userEvent.type(screen.getByLabelText("Search nodes"), "blur");
    const blur = screen.getAllByTestId("palette-item")[0];
    for (let i = 0; i < 3; i += 1) await userEvent.click(blur);
    const spots = store().nodes.map((n) => `${n.position.x},${n.position.y}`);
    expect(store().nodes).toHaveLength(3);
    expect(new Set(spots).size).toBe(3);
  });

  it("says why a node clicked in is not added while the project opens, rather than do nothing", async () => {
    useEditor.setState({ collab: "connecting" });
    render(<ReactFlowProvider><Palette /></ReactFlowProvider>);
    await userEvent.type(screen.getByLabelText("Search nodes"), "blur");
    await userEvent.click(screen.getAllByTestId("palette-item")[0]);
    expect(store().nodes).toHaveLength(0);
    expect(store().notice?.message).toBe("The Blur node was not added: the project is still opening; add it again "
      + "in a moment.");
  });
});

describe("StudioNodeView", () => {
  it("renders a form generated from the schema, and edits reach the store", async () => {
    store().addNode("tool.blur", { x: 0, y: 0 });
    render(<ReactFlowProvider><Canvas /></ReactFlowProvider>);
    const node = await screen.findByTestId("studio-node");
    expect(within(node).getByText("Blur")).toBeInTheDocument();
    const kind = within(node).getByLabelText<HTMLSelectElement>("Kind");
    expect([...kind.options].map((o) => o.text)).toEqual(["Gaussian", "Box", "Motion"]);
    await userEvent.selectOptions(kind, "1");
    expect(store().nodes[0].data).toMatchObject({ params: { kind: "box" } });
    expect(within(node).getByLabelText("Radius")).toHaveAttribute("type", "range");
  });

  it("shows a parameter the saved graph leaves out at its default, not at the slider's minimum", async () => {
    store().addNode("tool.blur", { x: 0, y: 0 });
    store().updateParams(store().nodes[0].id, { radius: undefined });
    render(<ReactFlowProvider><Canvas /></ReactFlowProvider>);
    const node = await screen.findByTestId("studio-node");
    const radius = within(node).getByLabelText<HTMLInputElement>("Radius");
    const declared = SPECS.find((spec) => spec.type === "tool.blur")!.params_schema.properties.radius.default;
    expect(declared).toBeGreaterThan(0);
    expect(Number(radius.value)).toBe(declared);
  });

  it("shows Quality on a Save node only for the formats that use it, and its file name's placeholder in full",
    async () => {
      const save = store().addNode("output.save", { x: 0, y: 0 })!;
      render(<ReactFlowProvider><Canvas /></ReactFlowProvider>);
      const node = await screen.findByTestId("studio-node");
      expect(within(node).queryByLabelText("Quality")).toBeNull();  // PNG is lossless
      expect(within(node).getByLabelText("Filename")).toHaveAttribute("placeholder", "e.g. holiday-photo");
      await userEvent.selectOptions(within(node).getByLabelText("Format"), "JPG");
      expect(within(node).getByLabelText("Quality")).toHaveValue("90");
      await userEvent.selectOptions(within(node).getByLabelText("Format"), "PNG");
      expect(within(node).queryByLabelText("Quality")).toBeNull();
      expect(store().nodes.find((n) => n.id === save)?.data).toMatchObject({ params: { quality: 90 } });
    });

  it("says a type this studio does not know once, in a designer's words, not the run's words again", async () => {
    store().loadDocument({ schema_version: 1, nodes: [{ id: "n1", type: "tool.blurr", params: {},
      position: { x: 0, y: 0 } }], edges: [] });
    useEditor.setState({ nodeRuns: { n1: { status: "blocked", errorCode: "unknown_type",
      error: "unknown node type 'tool.blurr' (did you mean tool.blur?); `karate nodes` lists the available types" } } });
    render(<ReactFlowProvider><Canvas /></ReactFlowProvider>);
    const node = await screen.findByTestId("studio-node");
    expect(within(node).getByTestId("node-unknown-type")).toHaveTextContent("This studio has no “tool.blurr” node: "
      + "did you mean Blur?");
    expect(within(node).queryByTestId("node-error")).toBeNull();
    expect(node).not.toHaveTextContent(/karate nodes|did you mean tool\./);  // the server's words are the CLI's
  });

  it("does not repeat under the node a problem its field shows beside itself, only the others", async () => {
    const save = store().addNode("output.save", { x: 0, y: 0 })!;
    store().updateParams(save, { filename: "a/b" });
    const field = "Use only letters, digits, spaces, dots, dashes and underscores in the file name";
    const other = "Connect an image to Save Image's Image input";
    useEditor.setState({ nodeRuns: { [save]: { status: "blocked", errorCode: "invalid_param",
      error: `${field}; ${other}` } } });
    render(<ReactFlowProvider><Canvas /></ReactFlowProvider>);
    const node = await screen.findByTestId("studio-node");
    expect(within(node).getByTestId("field-problem")).toHaveTextContent(field);
    expect(within(node).getByTestId("node-error")).toHaveTextContent(new RegExp(`^${other}$`));
    act(() => useEditor.setState({ nodeRuns: { [save]: { status: "blocked", errorCode: "invalid_param",
      error: field } } }));
    expect(within(node).queryByTestId("node-error")).toBeNull();  // its field says it
  });

  it("shows typed handles for every port", async () => {
    store().addNode("tool.inpaint", { x: 0, y: 0 });
    render(<ReactFlowProvider><Canvas /></ReactFlowProvider>);
    const node = await screen.findByTestId("studio-node");
    const handles = node.querySelectorAll("[data-port-type]");
    expect([...handles].map((h) => h.getAttribute("data-port-type"))).toEqual(["image", "mask", "image"]);
  });

  it("shows run status, progress and the error text of a failed node", async () => {
    store().addNode("tool.invert", { x: 0, y: 0 });
    render(<ReactFlowProvider><Canvas /></ReactFlowProvider>);
    act(() => {
      store().beginRun(["invert-1"]);
      store().runStarted("r");
      store().applyRunEvent({ seq: 1, ts: 0, type: "node.progress", run_id: "r", node_id: "invert-1",
        fraction: 0.4, message: null });
    });
    expect(await screen.findByTestId("node-status")).toHaveTextContent("Running 40%");
    act(() => store().applyRunEvent({ seq: 2, ts: 0, type: "node.failed", run_id: "r", node_id: "invert-1",
      error: { code: "input_missing", message: "image is required" } }));
    expect(screen.getByTestId("node-status")).toHaveTextContent("Failed");
    expect(screen.getByTestId("node-error")).toHaveTextContent("image is required");
  });

  it("shows a node the server refused a run over as one that can't run yet (not Failed), until it is fixed",
    async () => {
      store().addNode("tool.blur", { x: 0, y: 0 });
      render(<ReactFlowProvider><Canvas /></ReactFlowProvider>);
      const needs = "Connect an image to Blur's Image input";
      act(() => {
        store().beginRun(["blur-1"]);
        store().runRejected(needs, [{ node_id: "blur-1", code: "missing_input", message: needs }],
          `Can't run yet: ${needs}`);
      });
      const badge = await screen.findByTestId("node-status");
      expect(badge).toHaveTextContent("Can't run");
      expect(badge).toHaveAttribute("data-status", "blocked");
      expect(screen.getByTestId("node-error")).toHaveTextContent(needs);
      expect(screen.queryByText("Failed")).toBeNull();
      act(() => store().updateParams("blur-1", { radius: 9 }));
      expect(screen.queryByTestId("node-status")).toBeNull();
      expect(screen.queryByTestId("node-error")).toBeNull();
    });

  it("says on a node the studio stopped before it ran why it did not run and what to do", async () => {
    store().addNode("tool.invert", { x: 0, y: 0 });
    render(<ReactFlowProvider><Canvas /></ReactFlowProvider>);
    act(() => {
      store().beginRun(["invert-1"]);
      store().runStarted("r");
      store().applyRunEvent({ seq: 1, ts: 0, type: "node.started", run_id: "r", node_id: "invert-1",
        node_type: "tool.invert" });
      store().applyRunEvent({ seq: 2, ts: 0, type: "run.failed", run_id: "r", error: "interrupted" });
    });
    expect(await screen.findByTestId("node-status")).toHaveTextContent("Skipped");
    expect(screen.getByTestId("node-error"))
      .toHaveTextContent("Not run: the studio stopped during the run; run it again");
  });

  it("says why a node was skipped in muted words, not as its error, and draws it as not failing", async () => {
    store().addNode("tool.invert", { x: 0, y: 0 });
    render(<ReactFlowProvider><Canvas /></ReactFlowProvider>);
    act(() => {
      store().beginRun(["invert-1"]);
      store().runStarted("r");
      store().applyRunEvent({ seq: 1, ts: 0, type: "node.skipped", run_id: "r", node_id: "invert-1",
        error: { code: "upstream_failed", message: "not run because Crop failed; fix Crop and run again" } });
    });
    expect(await screen.findByTestId("node-status")).toHaveTextContent("Skipped");
    const note = screen.getByTestId("node-error");
    expect(note).toHaveTextContent(/^Not run because Crop failed; fix Crop and run again$/);
    expect(note).toHaveAttribute("data-tone", "muted");
    expect(screen.queryByRole("alert")).toBeNull();
    expect(screen.getByTestId("studio-node").className).not.toMatch(/border-red/);
  });

  it("says 'Changed' on a result once its node, or a node it needs, is edited since the run; the rest stay Done",
    async () => {
      const blur = store().addNode("tool.blur", { x: 0, y: 0 })!;
      const below = store().addNode("tool.invert", { x: 300, y: 0 })!;
      const apart = store().addNode("tool.invert", { x: 0, y: 300 })!;
      store().connectPorts({ source: blur, sourceHandle: "image", target: below, targetHandle: "image" });
      render(<ReactFlowProvider><Canvas /></ReactFlowProvider>);
      const ids = [blur, below, apart];
      act(() => {
        store().beginRun(ids);
        store().runStarted("r", runnableDocument(store().nodes, store().edges));
        ids.forEach((id, index) => store().applyRunEvent({ seq: index + 1, ts: 0, type: "node.completed",
          run_id: "r", node_id: id, outputs: {}, duration_ms: 5 }));
      });
      const badge = (id: string) => within(screen.getAllByTestId("studio-node")[ids.indexOf(id)])
        .getByTestId("node-status");
      await screen.findAllByTestId("node-status");
      expect(ids.map((id) => badge(id).textContent)).toEqual(["Done", "Done", "Done"]);
      act(() => store().updateParams(blur, { radius: 9 }));
      expect(ids.map((id) => badge(id).textContent)).toEqual(["Changed", "Changed", "Done"]);
      expect(badge(blur)).toHaveAttribute("title", expect.stringContaining("run again to update it"));
      act(() => {
        store().beginRun(ids);
        store().runStarted("r2", runnableDocument(store().nodes, store().edges));
        store().applyRunEvent({ seq: 1, ts: 0, type: "node.completed", run_id: "r2", node_id: blur, outputs: {},
          duration_ms: 5 });
      });
      expect(badge(blur).textContent).toBe("Done");  // the new run made it from the graph as it is
    });

  it("says in the settings panel what the node's badge says: 'Changed', not 'completed', once edited since", () => {
    const blur = store().addNode("tool.blur", { x: 0, y: 0 })!;
    render(<SettingsPanel />);
    act(() => {
      store().openSettings(blur);
      store().beginRun([blur]);
      store().runStarted("r", runnableDocument(store().nodes, store().edges));
      store().applyRunEvent({ seq: 1, ts: 0, type: "node.completed", run_id: "r", node_id: blur, outputs: {},
        duration_ms: 5 });
    });
    const panel = screen.getByTestId("settings-panel");
    expect(within(panel).getByTestId("node-status")).toHaveTextContent("Done");
    act(() => store().updateParams(blur, { radius: 9 }));
    expect(within(panel).getByTestId("node-status")).toHaveTextContent("Changed");
  });

  it("heads the settings panel with the node's name and kind in words, its ids only under Details", () => {
    const blur = store().addNode("tool.blur", { x: 0, y: 0 })!;
    act(() => store().openSettings(blur));
    render(<SettingsPanel />);
    const panel = screen.getByTestId("settings-panel");
    expect(within(panel).getByRole("heading", { level: 2 })).toHaveTextContent(/^Blur settings$/);
    expect(within(panel).getByTestId("settings-kind")).toHaveTextContent(/^Tools$/);
    const details = within(panel).getByTestId("settings-details");
    expect(details).not.toHaveAttribute("open");
    expect(details).toHaveTextContent("tool.blur, version 1");
    const outsideDetails = panel.textContent.replace(details.textContent, "");
    expect(outsideDetails).not.toMatch(/tool\.blur|\bv1\b|blur-1/);
  });

  it("heads the settings panel of a renamed node with the name the canvas shows, and says what it is", () => {
    const blur = store().addNode("tool.blur", { x: 0, y: 0 })!;
    act(() => { store().renameNode(blur, "Soften the sky"); store().openSettings(blur); });
    render(<SettingsPanel />);
    const panel = screen.getByTestId("settings-panel");
    expect(within(panel).getByRole("heading", { level: 2 })).toHaveTextContent(/^Soften the sky settings$/);
    expect(within(panel).getByTestId("settings-kind")).toHaveTextContent(/^Blur · Tools$/);
  });

  it("previews a text result in place", async () => {
    store().addNode("tool.describe", { x: 0, y: 0 });
    render(<ReactFlowProvider><Canvas /></ReactFlowProvider>);
    act(() => {
      store().beginRun(["describe-1"]);
      store().runStarted("r");
      store().applyRunEvent({ seq: 1, ts: 0, type: "node.completed", run_id: "r", node_id: "describe-1",
        outputs: { text: { value: "A red square" } }, duration_ms: 5 });
    });
    expect(await screen.findByTestId("preview-text")).toHaveTextContent("A red square");
  });
});

describe("model nodes", () => {
  beforeEach(() => store().setSpecs([...SPECS, ...MODEL_SPECS]));

  it("head their settings panel with the model's title and kind, not its type id", () => {
    const flux = store().addNode("model.flux_pro_1_1_ultra", { x: 0, y: 0 })!;
    act(() => store().openSettings(flux));
    render(<SettingsPanel />);
    const panel = screen.getByTestId("settings-panel");
    expect(within(panel).getByRole("heading", { level: 2 })).toHaveTextContent(/^Flux Pro 1.1 Ultra settings$/);
    expect(within(panel).getByTestId("settings-kind")).toHaveTextContent(/^Models · Image$/);
    const details = within(panel).getByTestId("settings-details");
    expect(panel.textContent.replace(details.textContent, "")).not.toContain("model.flux_pro_1_1_ultra");
  });

  it("show the provider a run would use and the credit cost", async () => {
    store().setProviders(providersWith("fal"));
    store().addNode("model.flux_pro_1_1_ultra", { x: 0, y: 0 });
    render(<ReactFlowProvider><Canvas /></ReactFlowProvider>);
    const node = await screen.findByTestId("studio-node");
    expect(within(node).getByTestId("model-provider")).toHaveTextContent("via fal");
    expect(within(node).getByTestId("model-credits")).toHaveTextContent("6 credits");
    expect(within(node).queryByTestId("model-unconfigured")).toBeNull();
  });

  it("say which variable to set when no provider is configured, and which of their routes are unconfirmed", async () => {
    store().setProviders(providersWith());
    store().addNode("model.runway_gen_4", { x: 0, y: 0 });
    render(<ReactFlowProvider><Canvas /></ReactFlowProvider>);
    const node = await screen.findByTestId("studio-node");
    const unconfigured = within(node).getByTestId("model-unconfigured");
    expect(unconfigured).toHaveTextContent("Not configured — set RUNWAYML_API_SECRET or REPLICATE_API_TOKEN");
    expect(unconfigured.title).toContain("RUNWAYML_API_SECRET runs it on Runway. REPLICATE_API_TOKEN runs it on "
      + "Replicate, a route not yet checked against Replicate's current API");
    expect(within(node).queryByTestId("model-provider")).toBeNull();
  });

  it("say once what to set when a run failed for want of a provider key", async () => {
    store().setProviders(providersWith());
    store().addNode("model.flux_pro_1_1_ultra", { x: 0, y: 0 });
    render(<ReactFlowProvider><Canvas /></ReactFlowProvider>);
    const node = await screen.findByTestId("studio-node");
    expect(within(node).getByTestId("model-unconfigured")).toHaveTextContent("REPLICATE_API_TOKEN or FAL_KEY");
    act(() => {
      store().beginRun(["flux_pro_1_1_ultra-1"]);
      store().runStarted("r");
      store().applyRunEvent({ seq: 1, ts: 0, type: "node.failed", run_id: "r", node_id: "flux_pro_1_1_ultra-1",
        error: { code: "provider_not_configured", message: "Set REPLICATE_API_TOKEN or FAL_KEY to run Flux Pro 1.1 Ultra" } });
    });
    expect(within(node).getAllByText(/REPLICATE_API_TOKEN or FAL_KEY/)).toHaveLength(1);
    expect(within(node).getByTestId("node-error")).toHaveTextContent("Set REPLICATE_API_TOKEN or FAL_KEY to run");
    expect(within(node).queryByTestId("model-unconfigured")).toBeNull();

    act(() => store().applyRunEvent({ seq: 2, ts: 0, type: "node.failed", run_id: "r",
      node_id: "flux_pro_1_1_ultra-1", error: { code: "provider_error", message: "Replicate answered 500" } }));
    expect(within(node).getByTestId("model-unconfigured")).toBeInTheDocument();  // another failure: both say theirs
  });

  it("say once which provider runs them, marked only when that route is not confirmed", async () => {
    store().setProviders(providersWith("runway", "replicate"));
    store().addNode("model.runway_gen_4", { x: 0, y: 0 });
    render(<ReactFlowProvider><Canvas /></ReactFlowProvider>);
    const node = await screen.findByTestId("studio-node");
    const provider = within(node).getByTestId("model-provider");
    expect(provider).toHaveTextContent(/^via Runway$/);
    expect(provider).toHaveAttribute("data-status", "confirmed");
    expect(provider.title).toContain("If Runway keeps failing, the run tries Replicate (unconfirmed).");

    act(() => store().setProviders(providersWith("replicate")));
    expect(provider).toHaveTextContent(/^via Replicate unconfirmed$/);
    expect(provider).toHaveAttribute("data-status", "unconfirmed");
    expect(provider.title).toContain("Set RUNWAYML_API_SECRET on the studio's server to run it on a confirmed route.");
  });

  it("hide from the palette under Ready to run when their providers have no key", async () => {
    store().setProviders(providersWith("replicate"));
    store().setSpecs([...SPECS, ...MODEL_SPECS.filter((m) => m.type !== "model.vectorize")]);
    render(<ReactFlowProvider><Palette /></ReactFlowProvider>);
    const types = () => screen.getAllByTestId("palette-item").map((i) => i.dataset.nodeType);
    expect(types()).toContain("model.gpt_image_1");
    expect(screen.getAllByTestId("palette-group").map((g) => g.dataset.group)).toEqual(["models/image", "models/video"]);
    await userEvent.click(screen.getByTestId("ready-filter"));
    expect(types()).not.toContain("model.gpt_image_1");
    expect(types()).toEqual(expect.arrayContaining(["model.flux_pro_1_1_ultra", "model.runway_gen_4", "tool.blur"]));
    expect(types()).toHaveLength(SPECS.length + 3);
  });

  it("are left out of the quick-add menu too under Ready to run", async () => {
    store().setProviders(providersWith("replicate"));
    store().setSpecs([...SPECS, ...MODEL_SPECS]);
    store().setReadyOnly(true);
    act(() => store().openQuickAdd({ x: 10, y: 10, flow: { x: 0, y: 0 } }));
    render(<QuickAdd />);
    await userEvent.type(screen.getByLabelText("Node name"), "gpt image");
    expect(screen.getByRole("listbox")).toHaveTextContent("No node ready to run matches");
    await userEvent.clear(screen.getByLabelText("Node name"));
    await userEvent.type(screen.getByLabelText("Node name"), "flux");
    await userEvent.keyboard("{Enter}");
    expect(store().nodes.map((n) => (n.data as { nodeType: string }).nodeType)).toEqual(["model.flux_pro_1_1_ultra"]);
  });
});

describe("QuickAdd", () => {
  it("says why a node chosen is not added on a view-only project, and closes", async () => {
    useEditor.setState({ workflow: { id: "w1", title: "Fox", version: 1, access: "viewer" } });
    act(() => store().openQuickAdd({ x: 10, y: 10, flow: { x: 0, y: 0 } }));
    render(<QuickAdd />);
    await userEvent.type(screen.getByLabelText("Node name"), "blur");
    await userEvent.keyboard("{Enter}");
    expect(store().nodes).toHaveLength(0);
    expect(store().quickAdd).toBeNull();
    expect(store().notice?.message).toBe("The Blur node was not added: this project is view only; make your own copy "
      + "to change it.");
  });
});
