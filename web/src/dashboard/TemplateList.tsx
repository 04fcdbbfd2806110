// Templates to start from, served by GET /api/v1/templates.

import type { Template } from "../api/types";

export function TemplateList({ templates, onUse }: { templates: Template[]; onUse(t: Template): void }) {
  if (templates.length === 0) return null;
  return (
    <section aria-labelledby="templates-heading" className="mt-12">
      <h2 id="templates-heading" className="mb-3 text-sm font-semibold text-zinc-500">Start from a template</h2>
      <ul className="grid gap-3 sm:grid-cols-2 lg:grid-cols-3">
        {templates.map((template) => (
          <li key={template.id}>
            <button type="button" onClick={() => onUse(template)} data-testid="template"
              className="h-full w-full rounded-xl border border-zinc-200 bg-white p-4 text-left transition-colors
                hover:border-accent dark:border-zinc-800 dark:bg-zinc-900">
              <span className="block text-sm font-medium">{template.title}</span>
              <span className="mt-2 block text-[11px] text-zinc-400">
                {template.node_count} nodes
              </span>
            </button>
          </li>
        ))}
      </ul>
    </section>
  );
}
