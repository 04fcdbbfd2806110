// Names a project nobody has named yet from its content: the first words of its first prompt (the user's own
// words, not a node type's default text), else the tools and models it uses ("Blur, Invert"), as a designer
// would title the file themselves.

import type { NodeSpec } from "../../api/types";
import { isStudioNode, type EditorNode } from "../types";

const MAX_LENGTH = 48;
const MAX_TOOLS = 3;

/** A text parameter worth a title: a prompt typed into a node. */
function isPromptParam(name: string, spec: NodeSpec | undefined): boolean {
  const schema = spec?.params_schema.properties[name];
  return schema?.ui === "textarea" || name === "prompt" || (name === "text" && spec?.type === "input.prompt");
}

/** Whether `value` is the text the node type comes with (Image Describer's instruction): not the user's own words. */
function isDefault(name: string, value: string, spec: NodeSpec | undefined): boolean {
  const fallback = spec?.params_schema.properties[name]?.default;
  return typeof fallback === "string" && fallback.trim() === value.trim();
}

/** The first words of `text`, at most MAX_LENGTH characters, cut at a word, first letter capitalised. */
export function titleFromText(text: string): string {
  const words = text.replace(/\s+/g, " ").trim();
  let title = words;
  if (words.length > MAX_LENGTH) {
    const cut = words.slice(0, MAX_LENGTH + 1);
    const space = cut.lastIndexOf(" ");
    title = `${(space > MAX_LENGTH / 2 ? cut.slice(0, space) : cut.slice(0, MAX_LENGTH)).replace(/[\s,.;:]+$/, "")}…`;
  }
  return title.charAt(0).toUpperCase() + title.slice(1);
}

/** A title for this content, or null for an empty canvas. */
export function projectTitle(nodes: EditorNode[], specs: Map<string, NodeSpec>): string | null {
  const studio = nodes.filter(isStudioNode);
  for (const node of studio) {
    const spec = specs.get(node.data.nodeType);
    for (const [name, value] of Object.entries(node.data.params)) {
      if (typeof value === "string" && value.trim() && isPromptParam(name, spec) && !isDefault(name, value, spec)) {
        return titleFromText(value);
      }
    }
  }
  const titles = (category: (c: string) => boolean) => [...new Set(studio
    .map((n) => specs.get(n.data.nodeType))
    .filter((s): s is NodeSpec => s !== undefined && category(s.category))
    .map((s) => s.title))];
  const tools = titles((c) => c !== "inputs" && c !== "outputs");
  const named = tools.length > 0 ? tools : titles(() => true);
  if (named.length === 0) return null;
  const more = named.length - MAX_TOOLS;
  return named.slice(0, MAX_TOOLS).join(", ") + (more > 0 ? ` and ${more} more` : "");
}
