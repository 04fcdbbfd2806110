// A video result with the browser's controls, or, when the browser can't play it (a codec such as MPEG-4 Part 2 it
// has no decoder for), a line saying so and a link that downloads it, instead of an empty frame.

import { useState, type MouseEvent, type SyntheticEvent } from "react";
import { downloadUrl } from "./media";

/** What a video the browser can't play says in its place. */
export const UNPLAYABLE_VIDEO_TEXT = "This video can't be played in the browser; download it to watch it";

// MediaError codes: the file could not be decoded (3) or its format or codec is not supported (4); a network
// error (2) is a failed load, not a file the browser can't play
const UNPLAYABLE = new Set([3, 4]);

/** Whether a player that has read the file's header can't draw its pictures: a file whose sound the browser plays
 * but whose picture it has no decoder for loads with a width of 0 (a file it can't read at all fails instead). */
const noPicture = (video: HTMLVideoElement) => video.videoWidth === 0 && video.videoHeight === 0;

interface VideoPlayerProps {
  url: string;
  /** Goes on the player. */
  className: string;
  /** Names the player; the words are `${testId}-unplayable`, the link `${testId}-download`. */
  testId: string;
  /** The link that saves the file (by default under its own name). */
  download?: string;
  /** A small preview (an upload field's): it plays with its controls, starts muted (a field is no place for a
   * sound to start), and only the file's header is read until it is played. */
  preview?: boolean;
  /** Drawn on the viewer's dark stage, whatever the theme. */
  onDark?: boolean;
  onLoadedMetadata?: (event: SyntheticEvent<HTMLVideoElement>) => void;
}

/** The video, or in its place what to do when the browser can't play it. */
export function VideoPlayer({ url, className, testId, download, preview = false, onDark = false, onLoadedMetadata }:
  VideoPlayerProps) {
  const [unplayable, setUnplayable] = useState<string | null>(null);
  if (unplayable === url) {
    return <UnplayableVideo testId={testId} href={download ?? downloadUrl(url, "")} onDark={onDark} />;
  }
  return (
    <video data-testid={testId} src={url} controls muted={preview} preload={preview ? "metadata" : undefined}
      className={className}
      onLoadedMetadata={(event) => {
        onLoadedMetadata?.(event);
        if (noPicture(event.currentTarget)) setUnplayable(url);
      }}
      onError={(event) => {
        const code = event.currentTarget.error?.code;
        if (code && UNPLAYABLE.has(code)) setUnplayable(url);
      }} />
  );
}

// the link sits in clickable places (an upload field opens the file picker on a click, a node is dragged): it
// keeps its click and its drag to itself
const keep = (event: MouseEvent) => event.stopPropagation();

const LOOKS = {
  page: { words: "text-[11px] text-zinc-500 dark:text-zinc-400", link: `border-zinc-300 text-[11px] text-accent
    hover:bg-zinc-100 dark:border-zinc-700 dark:text-accent-soft dark:hover:bg-zinc-800` },
  dark: { words: "text-sm text-zinc-300", link: "border-white/20 text-sm text-accent-soft hover:bg-white/10" },
};

function UnplayableVideo({ testId, href, onDark }: { testId: string; href: string; onDark: boolean }) {
  const looks = onDark ? LOOKS.dark : LOOKS.page;
  return (
    <div role="status" className="nodrag m-auto flex max-w-md flex-col items-center gap-1.5 px-3 py-2 text-center">
      <p data-testid={`${testId}-unplayable`} className={looks.words}>{UNPLAYABLE_VIDEO_TEXT}</p>
      <a href={href} download data-testid={`${testId}-download`} onClick={keep} onMouseDown={keep}
        className={`rounded-md border px-2 py-0.5 font-medium focus-visible:outline-2 focus-visible:outline-accent
          ${looks.link}`}>
        Download video
      </a>
    </div>
  );
}
