// One node type's documentation, generated from its registry entry.

import type { NodeSpec, ParamSchema, PortSpec } from "../api/types";
import { portColor } from "../editor/graph/ports";

function rangeOf(schema: ParamSchema): string {
  if (schema.enum) return schema.enum.map(String).join(", ");
  const min = schema.minimum ?? schema.exclusiveMinimum;
  const max = schema.maximum ?? schema.exclusiveMaximum;
  if (min !== undefined && max !== undefined) return `${min} – ${max}`;
  if (min !== undefined) return `≥ ${min}`;
  if (max !== undefined) return `≤ ${max}`;
  return "";
}

function Ports({ title, ports }: { title: string; ports: PortSpec[] }) {
  if (ports.length === 0) return null;
  return (
    <div>
      <h4 className="mb-1 text-xs font-semibold uppercase tracking-wider text-zinc-400">{title}</h4>
      <ul className="space-y-1 text-sm">
        {ports.map((port) => (
          <li key={port.name} className="flex items-center gap-2">
            <span className="h-2.5 w-2.5 rounded-full" style={{ background: portColor(port.type) }} />
            <code className="font-mono text-xs">{port.name}</code>
            <span className="text-xs text-zinc-500">{port.type}{port.list ? " list" : ""}
              {!port.required && " · optional"}</span>
            {port.description && <span className="text-xs text-zinc-500">— {port.description}</span>}
          </li>
        ))}
      </ul>
    </div>
  );
}

export function NodeDoc({ spec }: { spec: NodeSpec }) {
  const params = Object.entries(spec.params_schema?.properties ?? {});
  return (
    <article id={spec.type} data-testid="node-doc" className="scroll-mt-20 border-t border-zinc-200 py-8
      dark:border-zinc-800">
      <h3 className="text-lg font-semibold">{spec.title}</h3>
      <p className="mt-1 font-mono text-xs text-zinc-400">{spec.type} · version {spec.version}</p>
      <p className="mt-3 text-sm leading-relaxed text-zinc-600 dark:text-zinc-300">{spec.description}</p>
      <div className="mt-4 grid gap-4 sm:grid-cols-2">
        <Ports title="Inputs" ports={spec.inputs} />
        <Ports title="Outputs" ports={spec.outputs} />
      </div>
      {params.length > 0 && (
        // a table wider than the screen (many settings, long choices) scrolls in its box; the page never sideways
        <div data-testid="settings-table" tabIndex={0} role="region" aria-label={`${spec.title} settings`}
          className="mt-5 overflow-x-auto">
          <table className="w-full text-left text-sm">
            <thead className="text-xs uppercase tracking-wider text-zinc-400">
              <tr><th className="py-1 pr-3">Setting</th><th className="pr-3">Default</th><th className="pr-3">Range</th>
                <th>What it does</th></tr>
            </thead>
            <tbody>
              {params.map(([name, schema]) => (
                <tr key={name} className="border-t border-zinc-100 align-top dark:border-zinc-800">
                  <td className="py-1.5 pr-3 font-medium">{schema.title ?? name}</td>
                  <td className="pr-3 font-mono text-xs">{schema.default === "" ? "—" : JSON.stringify(schema.default)}</td>
                  <td className="pr-3 text-xs text-zinc-500">{rangeOf(schema)}</td>
                  <td className="text-zinc-600 dark:text-zinc-300">{schema.description}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </article>
  );
}
