// The local planner: turns an instruction such as "upload an image, blur it, invert and save" into a
// chain of nodes from the registry, connected port to port. Used until the server offers a planner.

import type { DocEdge, DocNode, NodeSpec, Plan, PortSpec } from "../../api/types";
import { edgeId, nextNodeId } from "./ids";
import { connectionProblem } from "./ports";
import { defaultParams } from "./schemaForm";

/** Words that name a node type without using its title. */
const SYNONYMS: Record<string, string[]> = {
  "input.prompt": ["prompt", "text", "write", "describe a"],
  "input.image": ["upload", "photo", "picture"],
  "input.video": ["clip", "footage"],
  "output.save": ["save", "export", "download", "store"],
  "tool.upscale": ["enlarge", "bigger", "resolution"],
  "tool.mask_extractor": ["mask", "cut out", "background"],
  "tool.depth": ["depth"],
  "tool.describe": ["caption"],
};

const STOPWORDS = new Set(["the", "and", "from", "with", "into", "node", "tool", "input", "output"]);
const MODEL_WORDS = ["model", "generate", "create an image", "render", "imagine"];

interface Scored { spec: NodeSpec; score: number }

function words(text: string): string[] {
  return text.toLowerCase().split(/[^a-z0-9]+/).filter(Boolean);
}

/** A clause word matches a keyword when it starts with it ("blurred" matches "blur"). */
function mentions(clause: string, keyword: string): boolean {
  if (keyword.includes(" ")) return clause.includes(keyword);
  return words(clause).some((w) => w === keyword || (keyword.length >= 4 && w.startsWith(keyword)));
}

function scoreSpec(clause: string, spec: NodeSpec): number {
  const tail = spec.type.split(".").pop() ?? spec.type;
  let score = 0;
  if (mentions(clause, tail.replace(/_/g, " ")) || mentions(clause, tail)) score += 3;
  for (const word of words(spec.title)) {
    if (word.length >= 3 && !STOPWORDS.has(word) && mentions(clause, word)) score += 2;
  }
  for (const synonym of SYNONYMS[spec.type] ?? []) if (mentions(clause, synonym)) score += 2;
  return score;
}

const isModel = (spec: NodeSpec) => spec.category.split("/")[0] === "models";

export function splitClauses(instruction: string): string[] {
  return instruction
    .toLowerCase()
    .split(/,|;|\.|->|→|\bthen\b|\band\b|\bafter that\b/)
    .map((c) => c.trim())
    .filter(Boolean);
}

function bestMatch(clause: string, specs: NodeSpec[]): NodeSpec | undefined {
  const model = imageModel(specs);
  const asksForModel = MODEL_WORDS.some((w) => mentions(clause, w));
  const ranked: Scored[] = specs
    .map((spec) => ({ spec, score: scoreSpec(clause, spec) + (asksForModel && spec === model ? 2 : 0) }))
    .filter((s) => s.score > 0)
    .sort((a, b) => b.score - a.score);
  return ranked[0]?.spec;
}

/** The default text-to-image model: Stable Diffusion when present, else the first prompt-only one. */
function imageModel(specs: NodeSpec[]): NodeSpec | undefined {
  const candidates = specs.filter((s) => isModel(s) && s.outputs.some((p) => p.type === "image") &&
    s.inputs.some((p) => p.type === "text") && s.inputs.every((p) => p.type === "text" || !p.required));
  return candidates.find((s) => s.type.includes("stable_diffusion")) ?? candidates[0];
}

/** The registry types, in order, that the instruction asks for. */
export function chooseSteps(instruction: string, specs: NodeSpec[]): NodeSpec[] {
  const steps: NodeSpec[] = [];
  for (const clause of splitClauses(instruction)) {
    const spec = bestMatch(clause, specs);
    if (spec) steps.push(spec);
  }
  const prompt = specs.find((s) => s.type === "input.prompt");
  if (steps.length === 0) {
    const model = imageModel(specs);
    return [prompt, model].filter((s): s is NodeSpec => s !== undefined);
  }
  const first = steps[0];
  if (prompt && isModel(first) && first.inputs.some((p) => p.type === "text")) {
    steps.unshift(prompt);
  }
  return steps;
}

/** The nearest earlier step with an output that fits `input`, preferring an exact type match. */
function findSource(chain: Array<{ id: string; spec: NodeSpec }>, index: number, input: PortSpec) {
  for (const exact of [true, false]) {
    for (let back = index - 1; back >= 0; back -= 1) {
      const output = chain[back].spec.outputs.find((o) =>
        connectionProblem(o, input) === null && (!exact || o.type === input.type));
      if (output) return { id: chain[back].id, output };
    }
  }
  return undefined;
}

/** Connect every required input (and the first optional one) to an earlier step. */
function wire(chain: Array<{ id: string; spec: NodeSpec }>): DocEdge[] {
  const edges: DocEdge[] = [];
  chain.forEach((step, index) => {
    const inputs = [...step.spec.inputs].sort((a, b) => Number(b.required) - Number(a.required));
    for (const input of inputs) {
      const found = findSource(chain, index, input);
      // an optional input is fed only its own type: a plan does not assume a conversion (image → mask) it can skip
      const source = found && (input.required || found.output.type === input.type) ? found : undefined;
      if (source) {
        const edge = { source: source.id, sourceHandle: source.output.name, target: step.id,
          targetHandle: input.name };
        edges.push({ id: edgeId(edge), ...edge });
      }
      if (!input.required && source) break;
    }
  });
  return edges;
}

function quotedText(instruction: string): string | undefined {
  return /["“']([^"”']{2,})["”']/.exec(instruction)?.[1];
}

export function planLocally(
  instruction: string,
  specs: NodeSpec[],
  takenIds: string[],
  origin: { x: number; y: number },
): Plan {
  const steps = chooseSteps(instruction, specs);
  const taken = [...takenIds];
  const chain = steps.map((spec) => {
    const id = nextNodeId(spec.type, taken);
    taken.push(id);
    return { id, spec };
  });
  const text = quotedText(instruction);
  const nodes: DocNode[] = chain.map(({ id, spec }, index) => {
    const params = defaultParams(spec.params_schema);
    if (spec.type === "input.prompt" && text) params.text = text;
    return { id, type: spec.type, params, position: { x: origin.x + index * 320, y: origin.y } };
  });
  const titles = steps.map((s) => s.title).join(" → ");
  return { nodes, edges: wire(chain), summary: titles ? `Added ${titles}` : "Nothing to add" };
}
