// Turns the before/after comparison on and off and picks what the picture is compared with: the node's input
// by default (for an original, an upload, what was made from it), or any other picture among the run's results.
// It never starts on the same picture twice: pictures that hold the same pixels (a Crop of the whole picture, the
// Save after it) are passed over for the nearest that differs, and where none does, it says so.

import { useState } from "react";
import type { AssetScope } from "../../api/assets";
import { useEditor } from "../store/editorStore";
import { compareOrder, nothingToCompareText } from "./compare";
import { TOOL } from "./media";
import type { ViewerItem } from "./results";
import { knownSamePixels, samePixels } from "./samePixels";

/** The first of `candidates` that holds pixels other than `item`'s, or null when they all hold the same. */
async function firstDifferent(item: ViewerItem, candidates: readonly ViewerItem[],
  scope: AssetScope | undefined): Promise<ViewerItem | null> {
  for (const candidate of candidates) {
    if (!(await samePixels(item, candidate, scope))) return candidate;
  }
  return null;
}

export function CompareChooser({ item, items, input, result, comparing }: {
  item: ViewerItem;
  items: ViewerItem[];
  /** The nearest picture upstream of this result that is another asset (its node's input, most often), if any. */
  input: ViewerItem | null;
  /** For a picture with no other asset upstream (an original): the nearest other asset made from it. */
  result: ViewerItem | null;
  comparing: ViewerItem | null;
}) {
  // reading the pictures to find one that differs; then, where none does, that is said beside the button (this
  // chooser is the viewer's for one result: a step to another draws a new one)
  const [finding, setFinding] = useState(false);
  const [none, setNone] = useState(false);
  const others = items.filter((other) => other.key !== item.key && other.kind === "image");
  if (others.length === 0) return null;
  const compare = (key: string | null) => useEditor.getState().openViewer(item.key, key);
  const press = async () => {
    if (comparing) return compare(null);
    setFinding(true);
    const { edges, nodes, specsByType, runId } = useEditor.getState();
    const candidates = compareOrder(item, items, edges, nodes, specsByType);
    // the files are asked for as the viewer asks for them (useAssetUrl)
    const found = await firstDifferent(item, candidates, runId ? { runId } : undefined);
    setFinding(false);
    if (useEditor.getState().viewer?.key !== item.key) return;  // the viewer moved on (closed, stepped) meanwhile
    if (found) compare(found.key);
    else setNone(true);
  };
  const optionText = (other: ViewerItem) => {
    const role = other.key === input?.key ? "Input · " : other.key === result?.key ? "Result · " : "";
    return `${role}${other.title}${knownSamePixels(other, item) ? " · same picture" : ""}`;
  };
  return (
    <>
      <span className="mx-1 h-4 w-px bg-white/15" />
      <button type="button" className={`${TOOL} ${comparing ? "bg-white/15" : ""}`} aria-pressed={comparing !== null}
        onClick={() => void press()} disabled={finding} aria-busy={finding || undefined}
        title="Compare with the node's input, what was made from it, or another result">Compare</button>
      {!comparing && none && (
        <span role="status" data-testid="compare-none" className="text-xs text-zinc-300">
          {nothingToCompareText(others)}</span>
      )}
      {comparing && (
        // as wide as its choice's words (up to a third of a laptop's bar; a phone's bar wraps to give it a row), and
        // the words whole on hover where a long name still ends in "…"
        <select aria-label="Compare with" value={comparing.key} onChange={(event) => compare(event.target.value)}
          title={optionText(comparing)}
          className="field-sizing-content min-w-0 max-w-full rounded-full border border-white/15 bg-zinc-900 px-2
            py-1 text-xs text-zinc-100 sm:max-w-96">
          {others.map((other) => <option key={other.key} value={other.key}>{optionText(other)}</option>)}
        </select>
      )}
    </>
  );
}
