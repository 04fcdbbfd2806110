// A video result with the browser's controls, or, when the browser can't play it (a codec such as MPEG-4 Part 2 it
// has no decoder for), a line saying so and what to do instead of an empty frame.

import { useState } from "react";

/** What a video the browser can't play says in its place. */
export const UNPLAYABLE_VIDEO_TEXT = "This video can't be played in the browser; download it to watch it";

// MediaError codes: the file could not be decoded (3) or its format or codec is not supported (4); a network
// error (2) is a failed load, not a file the browser can't play
const UNPLAYABLE = new Set([3, 4]);

/** `className` goes on the player; `testId` names the player, the notice is `${testId}-unplayable`. */
export function VideoPlayer({ url, className, testId }: { url: string; className: string; testId: string }) {
  const [unplayable, setUnplayable] = useState<string | null>(null);
  if (unplayable === url) {
    return (
      <p data-testid={`${testId}-unplayable`} role="status"
        className="nodrag m-auto max-w-md px-3 text-center text-[11px] text-zinc-500 sm:text-xs dark:text-zinc-400">
        {UNPLAYABLE_VIDEO_TEXT}
      </p>
    );
  }
  return (
    <video data-testid={testId} src={url} controls className={className}
      onError={(event) => {
        const code = event.currentTarget.error?.code;
        if (code && UNPLAYABLE.has(code)) setUnplayable(url);
      }} />
  );
}
