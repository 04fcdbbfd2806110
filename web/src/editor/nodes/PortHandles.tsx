// Typed, coloured handles: inputs on the left, outputs on the right, each labelled with its port name and its type
// (once, when the name is the type: "image", not "image image"). A node of a type this studio does not know draws
// the ports its wires use, of no known type (UnknownTypePorts), and takes no new wires on them.

import { memo } from "react";
import { Handle, Position } from "@xyflow/react";
import type { PortSpec, PortType } from "../../api/types";
import { portColor } from "../graph/ports";

/** A port as a node draws it: its spec's, or for a node of an unknown type, one its wires use, whose type is the
 * port's at their other end when that node is known, else null. */
export type ShownPort = Omit<PortSpec, "type"> & { type: PortType | null };

/** The colour of a port of no known type. */
const UNKNOWN_COLOR = "#94a3b8";

/** A port row's height and the ports block's vertical padding (px): Tailwind's h-6 and py-1. */
const ROW = 24;
const PAD = 4;

/** The type shown after the port's name ("image[]" for a list), without what the name says already: "" for an
 * image port named image, "[]" for a list of them. */
function typeAfterName(port: ShownPort): string {
  return `${port.name === port.type ? "" : port.type ?? ""}${port.list ? "[]" : ""}`;
}

/** "images (image list, optional)", "image (optional)": the name, then its type unless the name is the type. */
function portLabel(port: ShownPort, isInput: boolean): string {
  const type = port.name === port.type || !port.type ? (port.list ? "list" : "")
    : `${port.type}${port.list ? " list" : ""}`;
  const notes = [type, isInput && !port.required ? "optional" : ""].filter(Boolean);
  return notes.length ? `${port.name} (${notes.join(", ")})` : port.name;
}

function PortHandle({ port, kind, labels, top, connectable }: { port: ShownPort; kind: "source" | "target";
  labels: boolean; top?: number; connectable: boolean }) {
  const isInput = kind === "target";
  return (
    <Handle type={kind} position={isInput ? Position.Left : Position.Right} id={port.name}
      isConnectable={connectable} data-port-type={port.type ?? "unknown"} aria-label={portLabel(port, isInput)}
      title={top === undefined ? undefined : port.description || portLabel(port, isInput)}
      className={`studio-handle !h-3 !w-3 ${labels ? "!border-2 !border-white dark:!border-zinc-900" : "!border-0"}
        ${port.list ? "!rounded-[3px]" : ""}`}
      style={{ background: port.type ? portColor(port.type) : UNKNOWN_COLOR, top }} />
  );
}

function PortRow({ port, kind, connectable }: { port: ShownPort; kind: "source" | "target"; connectable: boolean }) {
  const isInput = kind === "target";
  const type = typeAfterName(port);
  return (
    <div className={`relative flex h-6 items-center text-[11px] text-zinc-500 dark:text-zinc-400 ${
      isInput ? "justify-start pl-3" : "justify-end pr-3"}`} title={port.description || portLabel(port, isInput)}>
      <PortHandle port={port} kind={kind} labels connectable={connectable} />
      <span>{port.name}</span>
      {type && (
        <span data-testid="port-type" className={`${port.name === port.type ? "" : "ml-1"} text-[10px] opacity-60`}>
          {type}
        </span>
      )}
    </div>
  );
}

/** `labels` false (zoomed out, where they cannot be read) draws the handles alone, each where its labelled row
 * would put it (edges end at the same points), in one box of the rows' height: 4 elements for 3 ports, not 9.
 * Memoised: the ports come from the node's spec and never change with its run status, which re-renders the node
 * (200 nodes, 600 handles at a run's start). `connectable` false: wires already there are drawn, no new one starts or
 * ends on these handles. */
export const PortHandles = memo(function PortHandles({ inputs, outputs, labels = true, connectable = true }: {
  inputs: ShownPort[]; outputs: ShownPort[]; labels?: boolean; connectable?: boolean;
}) {
  if (inputs.length === 0 && outputs.length === 0) return null;
  if (!labels) {
    const rowCentre = (index: number) => PAD + index * ROW + ROW / 2;
    return (
      <div className="relative" style={{ height: 2 * PAD + Math.max(inputs.length, outputs.length) * ROW }}>
        {inputs.map((p, i) => <PortHandle key={`in:${p.name}`} port={p} kind="target" labels={false}
          top={rowCentre(i)} connectable={connectable} />)}
        {outputs.map((p, i) => <PortHandle key={`out:${p.name}`} port={p} kind="source" labels={false}
          top={rowCentre(i)} connectable={connectable} />)}
      </div>
    );
  }
  return (
    <div className="grid grid-cols-2 py-1">
      <div>{inputs.map((p) => <PortRow key={p.name} port={p} kind="target" connectable={connectable} />)}</div>
      <div>{outputs.map((p) => <PortRow key={p.name} port={p} kind="source" connectable={connectable} />)}</div>
    </div>
  );
});
