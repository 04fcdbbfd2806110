// What a node's outputs can be connected to, in words, for connecting by keyboard (ConnectChooser): each output of
// the node and each input of another node that a drag between their handles would connect (graph/edit's
// checkConnection, the one rule), nearest nodes first.

import type { Connection } from "@xyflow/react";
import type { NodeSpec, PortSpec } from "../api/types";
import { checkConnection } from "./graph/edit";
import { nodeNames } from "./graph/nodeNames";
import { isStudioNode, type EditorEdge, type EditorNode } from "./types";

export interface ConnectChoice {
  connection: Connection;
  /** The node fed, as the user calls it ("Save Image", "Blur (2)"). */
  to: string;
  /** The output, then the input, in words: "image", "clip (video)", "images (image list)". */
  output: string;
  input: string;
  /** The node whose connection into that input this one replaces (an input that takes one value); null if none. */
  replaces: string | null;
}

/** A port in words: its name, and its type where the name does not say it. */
export function portWords(port: PortSpec): string {
  const type = port.name === port.type ? "" : port.type;
  const kind = [type, port.list ? "list" : ""].filter(Boolean).join(" ");
  return kind ? `${port.name} (${kind})` : port.name;
}

/** The whole choice in a sentence: "Invert's image output to Save Image's image input". */
export function choiceWords(from: string, choice: ConnectChoice): string {
  return `${from}'s ${choice.output} output to ${choice.to}'s ${choice.input} input`;
}

const distance = (a: EditorNode, b: EditorNode) =>
  Math.hypot(a.position.x - b.position.x, a.position.y - b.position.y);

/** Every connection from an output of the node `nodeId` to an input of another node that may be made and is not
 * there yet, nearest nodes first (then in each node's own order of outputs and inputs). */
export function connectChoices(nodeId: string, nodes: EditorNode[], edges: EditorEdge[],
  specs: Map<string, NodeSpec>): ConnectChoice[] {
  const source = nodes.find((node) => node.id === nodeId);
  const outputs = source && isStudioNode(source) ? specs.get(source.data.nodeType)?.outputs ?? [] : [];
  if (!source || !outputs.length) return [];
  const names = nodeNames(nodes, specs);
  const targets = nodes.filter((node) => node.id !== nodeId && isStudioNode(node))
    .sort((a, b) => distance(source, a) - distance(source, b));
  const choices: ConnectChoice[] = [];
  for (const target of targets) {
    const inputs = isStudioNode(target) ? specs.get(target.data.nodeType)?.inputs ?? [] : [];
    for (const output of outputs) {
      for (const input of inputs) {
        const connection = { source: nodeId, sourceHandle: output.name, target: target.id, targetHandle: input.name };
        if ("problem" in checkConnection(connection, nodes, specs)) continue;
        const into = edges.filter((e) => e.target === target.id && e.targetHandle === input.name);
        if (into.some((e) => e.source === nodeId && e.sourceHandle === output.name)) continue;  // there already
        const replaced = input.list ? undefined : into[0];
        choices.push({ connection, to: names.get(target.id) ?? "another node", output: portWords(output),
          input: portWords(input), replaces: replaced ? names.get(replaced.source) ?? null : null });
      }
    }
  }
  return choices;
}

/** The choices whose node and ports match every word typed in `query` (any case). */
export function matchingChoices(choices: readonly ConnectChoice[], query: string): ConnectChoice[] {
  const words = query.toLowerCase().split(/\s+/).filter(Boolean);
  return choices.filter((choice) => {
    const text = `${choice.to} ${choice.output} ${choice.input}`.toLowerCase();
    return words.every((word) => text.includes(word));
  });
}
