import { describe, expect, it } from "vitest";
import {
  FLUX_ULTRA, GPT_IMAGE, IMAGEN_4, MODEL_SPECS, RUNWAY_GEN_4, SPECS, VECTORIZE, providersWith, spec,
} from "../../test/specs";
import {
  chooseRoute, connectedInputsKey, creditLabel, indexProviders, isReady, notConfiguredMessage, readyToRun,
  routeApplies, routeStatement, unconfiguredRoutes,
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
      .toBe("Not configured — set REPLICATE_API_TOKEN or FAL_KEY on the studio's server");
    expect(notConfiguredMessage(["REPLICATE_API_TOKEN", "FAL_KEY"], false))
      .toBe("Not configured — this studio has no key for its provider yet: ask the studio's team");
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

describe("what a model node says of the route that runs it", () => {
  const UNCHECKED = "not yet checked against Replicate's current API: the model name or inputs the studio sends may "
    + "not match it, so a run there may fail";
  // GPT Image 1 as the catalog has it: OpenAI and fal, and an unconfirmed Replicate route for any inputs
  const GPT_IMAGE_ANYWHERE = { ...GPT_IMAGE, routes: [...GPT_IMAGE.routes!,
    { provider: "replicate", model: "openai/gpt-image-1", operation: null, when: null, status: "unconfirmed" as const,
      note: null }] };

  it("names the provider of a confirmed route, and the unconfirmed one the run would fall over to", () => {
    const statement = routeStatement(GPT_IMAGE_ANYWHERE, withKeys("openai", "replicate"));
    expect(statement).toMatchObject({ provider: "OpenAI", route: { provider: "openai", status: "confirmed" } });
    expect(statement!.explanation).toBe("Runs gpt-image-1 on OpenAI, a route confirmed against OpenAI's current API. "
      + "If OpenAI keeps failing, the run tries Replicate (unconfirmed).");
    expect(routeStatement(FLUX_ULTRA, withKeys("replicate"))!.explanation)
      .toBe("Runs black-forest-labs/flux-1.1-pro-ultra on Replicate, a route confirmed against Replicate's current API.");
  });

  it("says what an unconfirmed route in use means, and which key runs the model on a confirmed one", () => {
    const statement = routeStatement(GPT_IMAGE_ANYWHERE, withKeys("replicate"));
    expect(statement).toMatchObject({ provider: "Replicate", route: { status: "unconfirmed" } });
    expect(statement!.explanation).toBe(`Runs openai/gpt-image-1 on Replicate, a route ${UNCHECKED}. `
      + "Set OPENAI_API_KEY on the studio's server to run it on a confirmed route.");
    // with images connected, fal's edit route is the confirmed one
    expect(routeStatement(GPT_IMAGE_ANYWHERE, withKeys("replicate"), new Set(["images"]))!.explanation)
      .toContain("Set FAL_KEY on the studio's server to run it on a confirmed route.");
  });

  it("gives the catalog's note, and says when no confirmed route fits", () => {
    const onlyUnconfirmed = { ...IMAGEN_4, routes: [IMAGEN_4.routes![1]] };
    expect(routeStatement(onlyUnconfirmed, withKeys("fal"))!.explanation).toBe("Runs fal-ai/imagen4/preview on fal, "
      + "a route not yet checked against fal's current API: the model name or inputs the studio sends may not match "
      + "it, so a run there may fail (endpoint last seen in 2026-04). No confirmed route of this model fits here yet: "
      + "if it fails, use another model.");
    expect(routeStatement(IMAGEN_4, withKeys("google"))).toMatchObject(
      { provider: "Google Gemini", route: { status: "deprecated", note: "moving to Vertex AI" } });
    expect(routeStatement(IMAGEN_4, withKeys("google"))!.explanation).toContain("being retired by Google Gemini");
  });

  it("says nothing of a route when none is configured, but which provider each variable would run", () => {
    expect(routeStatement(RUNWAY_GEN_4, withKeys())).toBeNull();
    expect(unconfiguredRoutes(RUNWAY_GEN_4, withKeys())).toBe(
      `RUNWAYML_API_SECRET runs it on Runway. REPLICATE_API_TOKEN runs it on Replicate, a route ${UNCHECKED}.`);
  });
});

describe("credits and connections", () => {
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
