// A node's parameter form, generated from its JSON schema; read-only, saying why, while the store would refuse an edit
// (a project the user may only look at, its live document still opening, its live link ended): lockedWords.ts. An
// opening that takes a while is said on screen too, once above the fields.

import { useEffect, useMemo, useState } from "react";
import type { NodeSpec } from "../../api/types";
import { defaultParams, fieldsOf, isShown } from "../graph/schemaForm";
import { useCollabInfo } from "../collab/presence";
import { useEditor } from "../store/editorStore";
import { lockedWords, OPENING_TEXT } from "./lockedWords";
import { ParamField } from "./ParamField";

/** How long the project may take to open before its fields say so on screen: a local open is done by then, and a
 * line that came and went in a blink would only jump the node's size. */
export const OPENING_SHOWN_AFTER_MS = 300;

/** Whether `on` has held for OPENING_SHOWN_AFTER_MS. */
function useHeldAWhile(on: boolean): boolean {
  const [held, setHeld] = useState(false);
  useEffect(() => {
    if (!on) return;
    const timer = setTimeout(() => setHeld(true), OPENING_SHOWN_AFTER_MS);
    return () => { clearTimeout(timer); setHeld(false); };
  }, [on]);
  return on && held;
}

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
  // a tooltip is never seen on a phone, nor before a pointer rests: a slow opening is said where the fields are
  const slowOpening = useHeldAWhile(locked === OPENING_TEXT);
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
      {slowOpening && (
        <p role="status" data-testid="param-form-opening" className="m-0 text-[11px] text-zinc-500">{OPENING_TEXT}</p>
      )}
      {shown.map((field) => (
        <ParamField key={field.name} field={field} value={params[field.name] ?? defaults[field.name]} nodeId={nodeId}
          params={params} inputId={`${idPrefix}-${nodeId}-${field.name}`}
          onChange={(value, also) => updateParams(nodeId, { ...also, [field.name]: value })} />
      ))}
    </fieldset>
  );
}
