// A node's parameter form, generated from its JSON schema; read-only on a project the user may only look at.

import { useMemo } from "react";
import type { NodeSpec } from "../../api/types";
import { defaultParams, fieldsOf, isShown } from "../graph/schemaForm";
import { useEditor } from "../store/editorStore";
import { readOnly } from "../store/graphSlice";
import { ParamField } from "./ParamField";

interface ParamFormProps {
  nodeId: string;
  spec: NodeSpec;
  params: Record<string, unknown>;
  /** Inside a node only the everyday fields show; the settings panel shows all. */
  includeAdvanced: boolean;
  idPrefix: string;
}

export function ParamForm({ nodeId, spec, params, includeAdvanced, idPrefix }: ParamFormProps) {
  const updateParams = useEditor((s) => s.updateParams);
  // a view-only project: the fields show their values and take no input (a disabled fieldset disables them all)
  // (or one whose live link ended for good: deleted, access taken away; nothing typed would be kept)
  const locked = useEditor((s) => readOnly(s.workflow) || s.collab === "closed");
  const fields = useMemo(() => fieldsOf(spec.params_schema), [spec]);
  // A parameter the saved graph leaves out runs at its default (templates, files written by hand): show that.
  const defaults = useMemo(() => defaultParams(spec.params_schema), [spec]);
  // only the fields that mean something with these settings (no Quality for a PNG)
  const shown = fields.filter((f) => (includeAdvanced || !f.advanced) && isShown(f, params, defaults));
  if (shown.length === 0) return null;
  return (
    <fieldset disabled={locked} data-testid="param-form" className="m-0 flex min-w-0 flex-col gap-2.5 border-0 p-0">
      {shown.map((field) => (
        <ParamField key={field.name} field={field} value={params[field.name] ?? defaults[field.name]} nodeId={nodeId}
          params={params} inputId={`${idPrefix}-${nodeId}-${field.name}`}
          onChange={(value, also) => updateParams(nodeId, { ...also, [field.name]: value })} />
      ))}
    </fieldset>
  );
}
