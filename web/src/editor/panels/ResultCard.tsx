// One result in the Results panel: its file's name, what tells it apart (node and port, size or length), Open and
// Download, and its picture or player. A card is one stop of the keyboard: Enter opens it full size, as a click on
// its picture or its Open does.

import { memo } from "react";
import { useAssetUrl } from "../hooks/useAssetUrl";
import { OutputPreview } from "../nodes/ResultPreview";
import { useEditor } from "../store/editorStore";
import { downloadUrl } from "../viewer/media";
import { MiddleTruncate } from "../viewer/MiddleTruncate";
import { EARLIER_TEXT, previewSize, REMAKING_TEXT, type ViewerItem } from "../viewer/results";
import { useResultFile } from "../viewer/useResultFile";

/** Every card is this tall whatever it shows (the list draws only the cards in view, each at its place): a line for
 * the name, one for the facts, and the picture's box (h-44) under them. */
export const CARD_HEIGHT = 220;
/** From one card's top to the next one's. */
export const CARD_STEP = CARD_HEIGHT + 16;

function DownloadLink({ item, tabbable }: { item: ViewerItem; tabbable: boolean }) {
  const url = useAssetUrl(item.output.asset_id, item.output.url);
  if (!url) return null;
  return <a href={downloadUrl(url, item.downloadStem, item.fileName)} download tabIndex={tabbable ? 0 : -1}
    className="text-xs text-accent hover:underline">
    Download</a>;
}

/** Pictures open full size on a click; players keep their clicks, so they open from the Open button (or Enter on
 * the card). `index` places the card in the list, `count` says how long the list is to whoever hears it read;
 * `current`: the card the keyboard stops at in the list (its Download too), `onFocus` makes a card that. Drawn
 * again only when one of these changes: a scroll draws the cards coming into view, not those already there. */
export const ResultCard = memo(function ResultCard({ item, index, count, current, onFocus }: {
  item: ViewerItem; index: number; count: number; current: boolean; onFocus(key: string): void;
}) {
  const label = item.title.replace(" · ", " ");
  const file = useResultFile(item);
  const open = () => useEditor.getState().openViewer(item.key);
  const picture = item.kind === "image" || item.kind === "svg";
  // the size the canvas drew it at, which the viewer's stand-in asks for too: one file, fetched once
  const size = previewSize(item);
  const name = file.name ?? item.title;
  const facts = [item.title, file.facts, item.remaking && REMAKING_TEXT, item.earlier && EARLIER_TEXT]
    .filter(Boolean).join(" · ");
  const frame = `h-44 w-full shrink-0 overflow-hidden rounded-md border border-zinc-100 dark:border-zinc-800 ${
    item.remaking || item.earlier ? "opacity-50" : ""}`;
  return (
    <li data-testid="gallery-item" data-index={index} tabIndex={current ? 0 : -1} aria-label={`${name}, ${facts}`}
      aria-posinset={index + 1} aria-setsize={count} aria-keyshortcuts="Enter" onFocus={() => onFocus(item.key)}
      style={{ top: index * CARD_STEP, height: CARD_HEIGHT }}
      className="absolute inset-x-0 flex flex-col gap-1 rounded-md outline-none focus-visible:ring-2
        focus-visible:ring-accent focus-visible:ring-offset-4 dark:ring-offset-zinc-900">
      <div className="flex h-5 shrink-0 items-center justify-between gap-2">
        <MiddleTruncate text={name} className="text-xs font-medium" testId="gallery-name" />
        <span className="flex shrink-0 gap-3">
          {/* the card's Enter opens it from the keyboard: this is for the pointer, and for a player's card */}
          <button type="button" onClick={open} tabIndex={-1} className="text-xs text-accent hover:underline"
            aria-label={`Open ${label} full size`}>Open</button>
          <DownloadLink item={item} tabbable={current} />
        </span>
      </div>
      <p className="h-4 shrink-0 truncate text-[11px] leading-4 text-zinc-500" data-testid="gallery-facts">{facts}</p>
      {picture ? (
        <button type="button" onClick={open} tabIndex={-1} aria-hidden="true" data-testid="gallery-open"
          className={`${frame} cursor-zoom-in`}>
          <OutputPreview output={item.output} label={label} size={size} />
        </button>
      ) : (
        <div className={frame}><OutputPreview output={item.output} label={label} size={size} /></div>
      )}
    </li>
  );
});
