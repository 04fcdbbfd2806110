// One picture on the viewer's stage at full size, alone or on its side of a comparison. A large picture takes seconds
// to come: meanwhile the small preview the editor drew of it (the browser has it already) stands in for it, enlarged,
// under a word that the full one loads; a picture that cannot be loaded or drawn says what to do instead of leaving
// its part of the stage empty.

import type { CSSProperties } from "react";
import { thumbnailUrl } from "../../api/assets";
import type { OutputValue } from "../../api/types";
import { CHECKER, pictureUrl } from "./media";
import { previewSize, type ViewerItem } from "./results";
import type { Broken, PictureLoading } from "./usePictureLoad";
import type { Size } from "./zoom";

/** An SVG without its own size is drawn as if it were this large. */
const SVG_FALLBACK: Size = { width: 1024, height: 1024 };

/** The small preview of `item` that the editor drew already (on the canvas or in the Results panel), so the browser
 * has it. An SVG has none: its frame draws the file itself, which comes at once. */
function previewUrl(url: string, item: ViewerItem): string {
  return thumbnailUrl(url, previewSize(item));
}

const BROKEN_TEXT: Record<Broken, string> = {
  // a file that did not come, or came in a form the browser could not decode (the browser does not say which)
  unloaded: "The full-size picture could not be loaded or shown: check your connection and open it again, or use "
    + "Download to open the file in another app.",
  undrawable: "This picture can't be shown here. Download it to open the file in another app; if the download fails "
    + "too, run the graph again to make it anew.",
};

/** What a place on the stage says while its full picture loads: the preview under it is blurred, not broken. */
function Loading({ testId }: { testId: string }) {
  return (
    // shown only after a moment: a picture that comes at once does not flash it
    <div role="status" data-testid={testId} style={{ animation: "fade-in 200ms ease-out 300ms both" }}
      className="pointer-events-none absolute left-1/2 top-1/2 flex -translate-x-1/2 -translate-y-1/2 items-center
        gap-2 rounded-full bg-zinc-900/85 px-4 py-2 text-sm text-zinc-100 shadow-lg">
      <span aria-hidden="true"
        className="h-4 w-4 shrink-0 animate-spin rounded-full border-2 border-zinc-500 border-t-zinc-100" />
      Loading the full-size picture…
    </div>
  );
}

export function FullPicture({ item, url, output, load, place, region, testId }: {
  item: ViewerItem;
  /** The picture's content URL and its output as useItemSource gives them; no URL while its record is on its way. */
  url: string | null;
  output: OutputValue;
  load: PictureLoading;
  /** Where the full picture is drawn on the stage; null until the stage has a view to draw it in. */
  place: CSSProperties | null;
  /** The part of the stage that is this picture's (its side of a comparison), where its words are said. */
  region?: CSSProperties;
  /** `viewer` names its parts `viewer-image`, `viewer-preview`, `viewer-loading` and `viewer-unreadable`. */
  testId: string;
}) {
  const { size, broken, previewBroken, update } = load;
  // until the full picture is placed (fitted, as the preview is), the preview stays: its place never goes black
  const loading = !broken && !(size && place);
  return (
    <>
      {url && loading && !previewBroken && item.kind !== "svg" && (
        // drawn where the full picture will be; before the stage has a view, fitted as fitView fits it (24 pixels
        // of room around it), so the two meet in the same place
        <img data-testid={`${testId}-preview`} src={previewUrl(url, item)} alt="" aria-hidden="true"
          draggable={false} style={place ?? undefined} onError={() => update({ previewBroken: true })}
          className={`pointer-events-none object-contain ${place ? "max-w-none"
            : "absolute inset-6 h-[calc(100%-3rem)] w-[calc(100%-3rem)]"}`} />
      )}
      {url && !broken && (
        <img data-testid={`${testId}-image`} src={pictureUrl(url, output)} alt={item.title} draggable={false}
          // drawn once its pixels are in: until then, its chequerboard would hide the preview
          style={size && place ? place : { position: "absolute", visibility: "hidden" }}
          className={`max-w-none object-contain ${item.kind === "svg" ? "bg-white" : CHECKER}`}
          onError={() => update({ broken: "unloaded" })}
          onLoad={(event) => {
            const { naturalWidth: width, naturalHeight: height } = event.currentTarget;
            if (width && height) update({ size: { width, height } });
            else if (item.kind === "svg") update({ size: SVG_FALLBACK });
            else update({ broken: "undrawable" });
          }} />
      )}
      <div className="pointer-events-none absolute inset-y-0 overflow-hidden" style={region ?? { left: 0, right: 0 }}>
        {loading && <Loading testId={`${testId}-loading`} />}
        {broken && (
          <p data-testid={`${testId}-unreadable`} role="alert" className="absolute inset-0 m-auto h-fit max-w-md px-6
            text-center text-sm text-zinc-300">{BROKEN_TEXT[broken]}</p>
        )}
      </div>
    </>
  );
}
