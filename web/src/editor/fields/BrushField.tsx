// A brush parameter (ui "brush"): paint strokes on the picture in the node, or larger in the paint dialog.
// The strokes are the parameter's value; each finished stroke is one edit (undoable here and with Ctrl+Z).

import { useMemo, useState } from "react";
import { BrushToolbar, StrokeHistory } from "./BrushToolbar";
import { FieldLabel } from "./FieldLabel";
import { PaintDialog } from "./PaintDialog";
import { PaintSurface } from "./PaintSurface";
import { DEFAULT_BRUSH, MAX_BRUSH, strokesOf, type BrushSettings, type Stroke } from "./strokes";
import type { FieldProps } from "./types";
import { usePaintedImage } from "./usePaintedImage";

/** The state one brush field shares between the node and the dialog. */
export interface BrushState {
  strokes: Stroke[];
  brush: BrushSettings;
  setBrush(change: Partial<BrushSettings>): void;
  showMask: boolean;
  setShowMask(show: boolean): void;
  add(stroke: Stroke): void;
  undo(): void;
  redo(): void;
  clear(): void;
  canRedo: boolean;
}

function useBrushState(value: unknown, onChange: (value: unknown) => void): BrushState {
  const strokes = useMemo(() => strokesOf(value), [value]);
  const [brush, setBrushState] = useState(DEFAULT_BRUSH);
  const [showMask, setShowMask] = useState(false);
  const [undone, setUndone] = useState<Stroke[]>([]);
  return {
    strokes, brush, showMask, setShowMask,
    setBrush: (change) => setBrushState((current) => ({ ...current, ...change })),
    add: (stroke) => { onChange([...strokes, stroke]); setUndone([]); },
    undo: () => {
      const last = strokes[strokes.length - 1];
      if (!last) return;
      onChange(strokes.slice(0, -1));
      setUndone([last, ...undone]);
    },
    redo: () => {
      const [next, ...rest] = undone;
      if (!next) return;
      onChange([...strokes, next]);
      setUndone(rest);
    },
    clear: () => { onChange([]); setUndone([]); },
    canRedo: undone.length > 0,
  };
}

/** The picture's size once it has loaded, per URL (a new picture upstream starts unknown again). */
function useNaturalSize(url: string | null) {
  const [known, setKnown] = useState<{ url: string; width: number; height: number } | null>(null);
  const size = url && known?.url === url ? known : null;
  return { size, report: (width: number, height: number) => { if (url) setKnown({ url, width, height }); } };
}

export function BrushField({ field, value, nodeId, inputId, onChange }: FieldProps<"brush">) {
  const state = useBrushState(value, onChange);
  const picture = usePaintedImage(nodeId);
  const natural = useNaturalSize(picture.url);
  const [dialogOpen, setDialogOpen] = useState(false);
  const width = picture.url ? natural.size?.width ?? 4 : picture.width;
  const height = picture.url ? natural.size?.height ?? 3 : picture.height;
  const ready = picture.url ? natural.size !== null : !picture.connected;
  const maxSize = Math.min(MAX_BRUSH, Math.max(64, Math.round(Math.max(width, height) / 4)));

  const toolbar = (expand?: () => void) => (
    <BrushToolbar brush={state.brush} onBrush={state.setBrush} maxSize={maxSize} showMask={state.showMask}
      onShowMask={state.setShowMask} onExpand={expand} />
  );
  const history = (
    <StrokeHistory canUndo={state.strokes.length > 0} canRedo={state.canRedo} onUndo={state.undo}
      onRedo={state.redo} onClear={state.clear} />
  );
  const count = (
    <span className="text-[10px] tabular-nums text-zinc-400">
      {state.strokes.length} stroke{state.strokes.length === 1 ? "" : "s"}
    </span>
  );
  const surface = (resolution: number, testId: string, maxHeight: string) => (
    <PaintSurface imageUrl={picture.url} width={width} height={height} ready={ready} strokes={state.strokes}
      brush={state.brush} showMask={state.showMask} resolution={resolution} onStroke={state.add}
      onImageSize={natural.report} testId={testId} maxHeight={maxHeight} />
  );

  return (
    <div id={inputId} data-testid="brush-field" data-strokes={state.strokes.length}>
      <FieldLabel htmlFor={inputId} label={field.label} hint={field.description}>
        <span className="flex items-center gap-1">{count}{history}</span>
      </FieldLabel>
      <div className="flex flex-col gap-1.5">
        {toolbar(() => setDialogOpen(true))}
        {surface(512, "paint-surface", "16rem")}
        {picture.connected && !picture.url && (
          <p className="text-[11px] text-zinc-500">Run the graph (or upload a picture upstream) to paint on it.</p>
        )}
      </div>
      {dialogOpen && (
        <PaintDialog title={field.label} onClose={() => setDialogOpen(false)} onUndo={state.undo}
          onRedo={state.redo} toolbar={<div className="flex items-end gap-4"><div className="w-96">{toolbar()}</div>
            <span className="flex items-center gap-1 pb-0.5">{count}{history}</span></div>}
          surface={surface(2048, "paint-dialog-surface", "calc(100vh - 11rem)")} />
      )}
    </div>
  );
}
