// Why a file's text holds no workflow, in words a person writing one by hand can act on: where its JSON breaks (line
// and column, as `karate run` says it), or which part of the graph is not as a workflow file has it.

/** Why the text is not a workflow; `near`: it is meant as one (a JSON object, broken or with "nodes"), so the words
 * are worth more than "not a workflow file". */
export interface NotAWorkflowReason {
  reason: string;
  near: boolean;
}

export const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === "object" && value !== null && !Array.isArray(value);
export const hasText = (value: unknown) => typeof value === "string" && value.trim() !== "";

const NODES_AS_LIST = "write “nodes” as a list, one entry a node: "
  + "\"nodes\": [{\"id\": \"photo\", \"type\": \"input.image\", \"params\": {…}}, …]";
const EDGES_AS_LIST = "write “edges” as a list, one entry a connection: \"edges\": [{\"source\": \"photo\", "
  + "\"sourceHandle\": \"image\", \"target\": \"blur\", \"targetHandle\": \"image\"}, …], or leave it out";

/** Line and column (from 1) of the character at `offset` in `text`. */
function lineColumn(text: string, offset: number): { line: number; column: number } {
  const before = text.slice(0, offset).split(/\r\n|\r|\n/);
  return { line: before.length, column: before[before.length - 1].length + 1 };
}

/** The offset in `text` of a line and column (from 1). */
function offsetOf(text: string, line: number, column: number): number {
  const lines = text.split(/(?<=\r\n|\r(?!\n)|\n)/);
  return lines.slice(0, line - 1).reduce((sum, each) => sum + each.length, 0) + column - 1;
}

/** Where JSON.parse stopped in `text`, and whether that is its end (a file cut short): browsers name a position
 * ("at position 24", Chromium), a line and column (Firefox, newer Chromium) or the end; null when the error says
 * none (only the numbers are read, never shown). */
function whereItBreaks(text: string, error: unknown): { line: number; column: number; atEnd: boolean } | null {
  const said = error instanceof Error ? error.message : "";
  const lineAndColumn = /line (\d+) column (\d+)/.exec(said);
  const position = /position (\d+)/.exec(said);
  const last = text.trimEnd().length;
  const offset = lineAndColumn ? offsetOf(text, Number(lineAndColumn[1]), Number(lineAndColumn[2]))
    : position ? Number(position[1]) : /end of (JSON )?(input|data)/i.test(said) ? last : null;
  if (offset === null) return null;
  // a file cut short: just after its last character, not in the blanks after it
  return { ...lineColumn(text, Math.min(offset, last)), atEnd: offset >= last };
}

/** Why `text`, which JSON.parse refused with `error`, is not a workflow. */
export function notJson(text: string, error: unknown): NotAWorkflowReason {
  if (!text.trim()) return { reason: "it is empty", near: false };
  if (!/^\s*\{/.test(text)) return { reason: "it is not JSON", near: false };
  const at = whereItBreaks(text, error);
  if (at === null) return { reason: "it is not valid JSON", near: true };
  const where = `line ${at.line}, column ${at.column}`;
  return { reason: at.atEnd
    ? `it is not valid JSON: it ends at ${where} before the JSON is complete (a bracket, brace or quote is not closed)`
    : `it is not valid JSON at ${where} (look there for a missing or extra comma, or a name or text without double quotes)`,
  near: true };
}

/** Why the parsed JSON `parsed` is not a workflow (a `nodes` list, each with an id and a type, and an `edges` list
 * when it has one); null when it is one. */
export function notAGraph(parsed: unknown): NotAWorkflowReason | null {
  if (!isRecord(parsed) || parsed.nodes === undefined) return { reason: "it holds no list of nodes", near: false };
  const { nodes, edges } = parsed;
  if (!Array.isArray(nodes)) return { reason: `its “nodes” is not a list: ${NODES_AS_LIST}`, near: true };
  if (edges != null && !Array.isArray(edges)) {
    return { reason: `its “edges” is not a list: ${EDGES_AS_LIST}`, near: true };
  }
  for (const [index, node] of nodes.entries()) {
    const which = isRecord(node) && hasText(node.id) ? `its node “${String(node.id)}”` : `node ${index + 1} of its list`;
    if (!isRecord(node)) return { reason: `${which} is not an object with an “id” and a “type”`, near: true };
    const lacks = [hasText(node.id) ? "" : "“id”", hasText(node.type) ? "" : "“type”"].filter(Boolean);
    if (lacks.length) return { reason: `${which} has no ${lacks.join(" and no ")}`, near: true };
  }
  return null;
}
