// Typed, coloured handles: inputs on the left, outputs on the right, each labelled with its port name.

import { Handle, Position } from "@xyflow/react";
import type { PortSpec } from "../../api/types";
import { portColor } from "../graph/ports";

function PortRow({ port, kind, labels }: { port: PortSpec; kind: "source" | "target"; labels: boolean }) {
  const isInput = kind === "target";
  const label = `${port.name} (${port.type}${port.list ? " list" : ""}${isInput && !port.required ? ", optional" : ""})`;
  return (
    <div className={`relative flex h-6 items-center text-[11px] text-zinc-500 dark:text-zinc-400 ${
      isInput ? "justify-start pl-3" : "justify-end pr-3"}`} title={port.description || label}>
      <Handle type={kind} position={isInput ? Position.Left : Position.Right} id={port.name}
        data-port-type={port.type} aria-label={label}
        className={`!h-3 !w-3 !border-2 !border-white dark:!border-zinc-900 ${port.list ? "!rounded-[3px]" : ""}`}
        style={{ background: portColor(port.type) }} />
      {labels && <span>{port.name}</span>}
      {labels && <span className="ml-1 text-[10px] opacity-60">{port.type}{port.list ? "[]" : ""}</span>}
    </div>
  );
}

/** `labels` false (zoomed out, where they cannot be read) draws the handles alone: the rows keep their height. */
export function PortHandles({ inputs, outputs, labels = true }: { inputs: PortSpec[]; outputs: PortSpec[];
  labels?: boolean }) {
  if (inputs.length === 0 && outputs.length === 0) return null;
  return (
    <div className="grid grid-cols-2 py-1">
      <div>{inputs.map((p) => <PortRow key={p.name} port={p} kind="target" labels={labels} />)}</div>
      <div>{outputs.map((p) => <PortRow key={p.name} port={p} kind="source" labels={labels} />)}</div>
    </div>
  );
}
