// A node's parameter form, generated from its JSON schema; read-only, saying why, while the store would refuse an edit
// (a project the user may only look at, its live document still opening, its live link ended): lockedWords.ts.

import { useMemo } from "react";
import type { NodeSpec } from "../../api/types";
import { defaultParams, fieldsOf, isShown } from "../graph/schemaForm";
import { useCollabInfo } from "../collab/presence";
import { useEditor } from "../store/editorStore";
import { lockedWords, OPENING_TEXT } from "./lockedWords";
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
  // The fields show their values and take no input (a disabled fieldset disables them all) whenever an edit would be
  // refused: set while the editor opens, a slider snapped back, and nothing said why.
  const closedReason = useCollabInfo((s) => s.closedReason);
  const locked = useEditor((s) => lockedWords(s, closedReason));
  const fields = useMemo(() => fieldsOf(spec.params_schema), [spec]);
  // A parameter the saved graph leaves out runs at its default (templates, files written by hand): show that.
  const defaults = useMemo(() => defaultParams(spec.params_schema), [spec]);
  // only the fields that mean something with these settings (no Quality for a PNG)
  const shown = fields.filter((f) => (includeAdvanced || !f.advanced) && isShown(f, params, defaults));
  if (shown.length === 0) return null;
  return (
    // why, as its tooltip, and read out as the group's name on entering it
    <fieldset disabled={locked !== null} title={locked ?? undefined} aria-busy={locked === OPENING_TEXT || undefined}
      data-testid="param-form"
      className="m-0 flex min-w-0 flex-col gap-2.5 border-0 p-0 aria-busy:[&,&_*]:cursor-progress">
      {shown.map((field) => (
        <ParamField key={field.name} field={field} value={params[field.name] ?? defaults[field.name]} nodeId={nodeId}
          params={params} inputId={`${idPrefix}-${nodeId}-${field.name}`}
          onChange={(value, also) => updateParams(nodeId, { ...also, [field.name]: value })} />
      ))}
    </fieldset>
  );
}
