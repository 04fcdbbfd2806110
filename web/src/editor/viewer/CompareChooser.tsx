// Turns the before/after comparison on and off and picks what the picture is compared with: the node's input
// by default (for an original, an upload, what was made from it), or any other picture among the run's results.

import { useEditor } from "../store/editorStore";
import { TOOL } from "./media";
import type { ViewerItem } from "./results";

export function CompareChooser({ item, items, input, result, comparing }: {
  item: ViewerItem;
  items: ViewerItem[];
  /** The picture that went into this result's node, if it is among the results. */
  input: ViewerItem | null;
  /** For a picture with no input (an original): the nearest picture made from it, if any. */
  result: ViewerItem | null;
  comparing: ViewerItem | null;
}) {
  const others = items.filter((other) => other.key !== item.key && other.kind === "image");
  if (others.length === 0) return null;
  const compare = (key: string | null) => useEditor.getState().openViewer(item.key, key);
  return (
    <>
      <span className="mx-1 h-4 w-px bg-white/15" />
      <button type="button" className={`${TOOL} ${comparing ? "bg-white/15" : ""}`} aria-pressed={comparing !== null}
        onClick={() => compare(comparing ? null : (input ?? result ?? others[0]).key)}
        title="Compare with the node's input, what was made from it, or another result">Compare</button>
      {comparing && (
        <select aria-label="Compare with" value={comparing.key} onChange={(event) => compare(event.target.value)}
          className="max-w-48 rounded-full border border-white/15 bg-zinc-900 px-2 py-1 text-xs text-zinc-100">
          {others.map((other) => (
            <option key={other.key} value={other.key}>
              {other.key === input?.key ? `Input · ${other.title}`
                : other.key === result?.key ? `Result · ${other.title}` : other.title}
            </option>
          ))}
        </select>
      )}
    </>
  );
}
