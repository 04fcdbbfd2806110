// The brush's controls (colour, brush or eraser, size, hardness, the mask view) and the strokes' undo, redo
// and clear.

import type { ReactNode } from "react";
import type { BrushSettings } from "./strokes";

export interface BrushToolbarProps {
  brush: BrushSettings;
  onBrush(change: Partial<BrushSettings>): void;
  /** The largest brush offered, in image pixels. */
  maxSize: number;
  showMask: boolean;
  onShowMask(show: boolean): void;
  /** Present in the node: opens the larger paint dialog. */
  onExpand?(): void;
}

export interface StrokeHistoryProps {
  canUndo: boolean;
  canRedo: boolean;
  onUndo(): void;
  onRedo(): void;
  onClear(): void;
}

function ToolButton({ label, pressed, disabled, onClick, children }: {
  label: string; pressed?: boolean; disabled?: boolean; onClick(): void; children: ReactNode;
}) {
  return (
    <button type="button" aria-label={label} title={label} aria-pressed={pressed} disabled={disabled}
      onClick={onClick}
      className={`nodrag flex h-6 min-w-6 shrink-0 items-center justify-center rounded px-1 text-[11px] transition-colors
        disabled:opacity-40 ${pressed ? "bg-accent text-white"
        : "text-zinc-600 hover:bg-zinc-100 dark:text-zinc-300 dark:hover:bg-zinc-800"}`}>
      {children}
    </button>
  );
}

function Range({ label, value, min, max, step, shown, onChange }: {
  label: string; value: number; min: number; max: number; step: number; shown: string; onChange(v: number): void;
}) {
  return (
    <label className="flex items-center gap-1.5 text-[10px] text-zinc-500">
      <span className="w-12 shrink-0">{label}</span>
      <input type="range" aria-label={`Brush ${label.toLowerCase()}`} min={min} max={max} step={step} value={value}
        onChange={(e) => onChange(e.target.valueAsNumber)} className="nodrag min-w-0 flex-1 accent-indigo-500" />
      <span className="w-9 shrink-0 text-right font-mono tabular-nums">{shown}</span>
    </label>
  );
}

/** Undo, redo and clear of this field's strokes (beside its label, where there is room for them). */
export function StrokeHistory({ canUndo, canRedo, onUndo, onRedo, onClear }: StrokeHistoryProps) {
  return (
    <span className="flex items-center">
      <ToolButton label="Undo stroke" disabled={!canUndo} onClick={onUndo}>↶</ToolButton>
      <ToolButton label="Redo stroke" disabled={!canRedo} onClick={onRedo}>↷</ToolButton>
      <ToolButton label="Clear strokes" disabled={!canUndo} onClick={onClear}>✕</ToolButton>
    </span>
  );
}

export function BrushToolbar(props: BrushToolbarProps) {
  const { brush, onBrush, maxSize, showMask } = props;
  return (
    <div className="flex flex-col gap-1" role="toolbar" aria-label="Brush">
      <div className="flex items-center gap-1">
        <input type="color" aria-label="Brush colour" title="Brush colour" value={brush.color}
          onChange={(e) => onBrush({ color: e.target.value, erase: false })}
          className="nodrag h-6 w-7 cursor-pointer rounded border-0 bg-transparent p-0" />
        <ToolButton label="Brush" pressed={!brush.erase} onClick={() => onBrush({ erase: false })}>Brush</ToolButton>
        <ToolButton label="Eraser" pressed={brush.erase} onClick={() => onBrush({ erase: true })}>Eraser</ToolButton>
        <ToolButton label="Show mask" pressed={showMask} onClick={() => props.onShowMask(!showMask)}>Mask</ToolButton>
        <span className="flex-1" />
        {props.onExpand && <ToolButton label="Paint larger" onClick={props.onExpand}>⤢</ToolButton>}
      </div>
      <Range label="Size" value={Math.min(brush.size, maxSize)} min={1} max={maxSize} step={1}
        shown={`${Math.round(brush.size)}`} onChange={(size) => onBrush({ size })} />
      <Range label="Hardness" value={brush.hardness} min={0} max={1} step={0.05}
        shown={`${Math.round(brush.hardness * 100)}%`} onChange={(hardness) => onBrush({ hardness })} />
    </div>
  );
}
