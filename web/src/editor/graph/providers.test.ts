import { describe, expect, it } from "vitest";
import {
  FLUX_ULTRA, GPT_IMAGE, IMAGEN_4, MODEL_SPECS, RUNWAY_GEN_4, SPECS, VECTORIZE, providersWith, spec,
} from "../../test/specs";
import {
  chooseRoute, connectedInputsKey, creditLabel, flaggedRoutes, indexProviders, isReady, notConfiguredMessage,
  readyToRun, routeApplies,
} from "./providers";
import { paletteSections } from "./search";

const withKeys = (...names: string[]) => indexProviders(providersWith(...names));

describe("chooseRoute", () => {
  it("uses the first route whose provider is configured, as the server does", () => {
    expect(chooseRoute(FLUX_ULTRA, withKeys("replicate", "fal"))).toMatchObject(
      { kind: "ready", provider: "Replicate", route: { provider: "replicate" } });
    expect(chooseRoute(FLUX_ULTRA, withKeys("fal"))).toMatchObject(
      { kind: "ready", provider: "fal", route: { model: "fal-ai/flux-pro/v1.1-ultra" } });
  });

  it("names every variable that would configure the model when none is set", () => {
    const choice = chooseRoute(FLUX_ULTRA, withKeys("runway"));
    expect(choice).toEqual({ kind: "unconfigured", variables: ["REPLICATE_API_TOKEN", "FAL_KEY"] });
    expect(notConfiguredMessage(["REPLICATE_API_TOKEN", "FAL_KEY"]))
      .toBe("Not configured — set REPLICATE_API_TOKEN or FAL_KEY");
  });

  it("lists a variable once when several routes share a provider", () => {
    const twice = { ...RUNWAY_GEN_4, routes: [...RUNWAY_GEN_4.routes!, ...RUNWAY_GEN_4.routes!] };
    expect(chooseRoute(twice, withKeys())).toEqual(
      { kind: "unconfigured", variables: ["RUNWAYML_API_SECRET", "REPLICATE_API_TOKEN"] });
  });

  it("follows routes that depend on whether an input is connected", () => {
    const providers = withKeys("openai", "fal");
    expect(chooseRoute(GPT_IMAGE, providers, new Set())).toMatchObject({ route: { provider: "openai" } });
    expect(chooseRoute(GPT_IMAGE, providers, new Set(["images"]))).toMatchObject({ route: { provider: "fal" } });
    expect(chooseRoute(GPT_IMAGE, withKeys("openai"), new Set(["images"])))
      .toEqual({ kind: "unconfigured", variables: ["FAL_KEY"] });
    expect(routeApplies({ ...GPT_IMAGE.routes![0], when: null }, new Set(["images"]))).toBe(true);
  });

  it("runs local models without any key, and says nothing about tools", () => {
    expect(chooseRoute(VECTORIZE, withKeys())).toMatchObject({ kind: "ready", provider: "this studio" });
    expect(chooseRoute(spec("tool.blur"), withKeys())).toBeNull();
  });
});

describe("route flags and credits", () => {
  it("flags unconfirmed and deprecated routes with their note, or a plain explanation", () => {
    expect(flaggedRoutes(IMAGEN_4, withKeys())).toEqual([
      { provider: "fal", status: "unconfirmed", note: "endpoint last seen in 2026-04" },
      { provider: "Google Gemini", status: "deprecated", note: "moving to Vertex AI" },
    ]);
    expect(flaggedRoutes(RUNWAY_GEN_4, withKeys())).toEqual([{ provider: "Replicate", status: "unconfirmed",
      note: "Not yet confirmed against the provider's current API" }]);
    expect(flaggedRoutes(FLUX_ULTRA, withKeys())).toEqual([]);
  });

  it("says credits in words", () => {
    expect(creditLabel(1)).toBe("1 credit");
    expect(creditLabel(50)).toBe("50 credits");
  });

  it("keys a node's connected inputs so unrelated edges do not change it", () => {
    const edges = [{ target: "m", targetHandle: "prompt" }, { target: "m", targetHandle: "image" },
      { target: "other", targetHandle: "mask" }, { target: "m", targetHandle: "prompt" }];
    expect(connectedInputsKey(edges, "m")).toBe("image,prompt");
    expect(connectedInputsKey(edges, "none")).toBe("");
  });
});

describe("Ready to run", () => {
  const all = [...SPECS, ...MODEL_SPECS];

  it("hides models without a configured provider and keeps tools, inputs and outputs", () => {
    const shown = readyToRun(all, withKeys("fal")).map((s) => s.type);
    expect(shown).toEqual([...SPECS.map((s) => s.type), "model.flux_pro_1_1_ultra", "model.imagen_4",
      "model.gpt_image_1", "model.vectorize"]);
    expect(isReady(RUNWAY_GEN_4, withKeys("fal"))).toBe(false);
    expect(isReady(RUNWAY_GEN_4, withKeys("replicate"))).toBe(true);
  });

  it("hides nothing while the providers are unknown", () => {
    expect(readyToRun(all, null)).toHaveLength(all.length);
  });
});

describe("palette sections", () => {
  it("puts models in one section, grouped by model kind in a designer's order", () => {
    const sections = paletteSections([...SPECS, ...MODEL_SPECS]);
    expect(sections.map((s) => s.label)).toEqual(["Inputs", "Models", "Tools", "Outputs"]);
    const models = sections[1];
    expect(models.count).toBe(MODEL_SPECS.length);
    expect(models.groups.map((g) => [g.label, g.specs.map((s) => s.type)])).toEqual([
      ["Image", ["model.flux_pro_1_1_ultra", "model.imagen_4", "model.gpt_image_1"]],
      ["Video", ["model.runway_gen_4"]],
      ["Vector", ["model.vectorize"]],
    ]);
    expect(sections[2].groups).toHaveLength(1);
  });
});
