// The editor page (/editor?id=...): palette, canvas, panels, AI dock; loads the workflow and edits it live with
// everyone else on it (collab/session.ts). A project the user may only look at (viewer, public) shows no palette
// and no AI dock: nothing can be added to it.

import { ReactFlowProvider } from "@xyflow/react";
import { Link, useSearchParams } from "react-router-dom";
import { PageFallback } from "../app/PageFallback";
import { Canvas } from "./Canvas";
import { useNodesClearOfNotice } from "./clearOfNotice";
import { OfflineBanner } from "./collab/OfflineBanner";
import { useKeepMovedInView } from "./collab/sameSpot";
import { CollabUi } from "./activity/CollabUi";
import { AiDock } from "./dock/AiDock";
import { useAutosave } from "./hooks/useAutosave";
import { useDocumentTitle } from "./hooks/useDocumentTitle";
import { useKeepDraft, useRecoveredNotice } from "./hooks/useKeepDraft";
import { useRunPricing } from "./hooks/useRunPrice";
import { useRefreshRunOnReconnect } from "./hooks/useRefreshRunOnReconnect";
import { useShortcuts } from "./hooks/useShortcuts";
import { useWorkflowLoader } from "./hooks/useWorkflowLoader";
import { NodeContextMenu } from "./menus/NodeContextMenu";
import { Palette } from "./palette/Palette";
import { QuickAdd } from "./palette/QuickAdd";
import { GalleryPanel } from "./panels/GalleryPanel";
import { HistoryPanel } from "./panels/HistoryPanel";
import { NoticeToast } from "./panels/NoticeToast";
import { PickedRunBanner } from "./panels/PickedRunBanner";
import { SettingsPanel } from "./panels/SettingsPanel";
import { ShortcutsHelp } from "./panels/ShortcutsHelp";
import { ViewOnlyBanner } from "./panels/ViewOnlyBanner";
import { useEditor } from "./store/editorStore";
import { readOnly } from "./store/graphSlice";
import { Toolbar } from "./panels/Toolbar";
import { ResultViewer } from "./viewer/ResultViewer";

function Workspace() {
  useAutosave();
  useDocumentTitle();
  useKeepDraft();
  useRecoveredNotice();
  useRunPricing();
  useRefreshRunOnReconnect();
  useShortcuts();
  useNodesClearOfNotice();  // a notice put up over the nodes it names moves them above it
  useKeepMovedInView();  // a node clicked in here at the same moment as another's, on its spot, moved clear
  const locked = useEditor((s) => readOnly(s.workflow));
  return (
    <div className="flex h-full flex-col" data-testid="editor">
      <Toolbar />
      <div className="relative flex min-h-0 flex-1">
        {!locked && <Palette />}
        <Canvas />
        <OfflineBanner />
        <PickedRunBanner />
        <ViewOnlyBanner />
        <SettingsPanel />
        <GalleryPanel />
        <HistoryPanel />
        <CollabUi />
      </div>
      {!locked && <AiDock />}
      <NodeContextMenu />
      <QuickAdd />
      <ShortcutsHelp />
      <NoticeToast />
      <ResultViewer />
    </div>
  );
}

export default function EditorPage() {
  const [params] = useSearchParams();
  const load = useWorkflowLoader(params.get("id"));
  if (load.status === "loading") return <PageFallback />;
  if (load.status === "error") {
    return (
      <div className="mx-auto max-w-lg px-6 py-24 text-center" role="alert">
        <h1 className="text-xl font-semibold">This project can't be opened</h1>
        <p className="mt-2 text-sm text-zinc-500">{load.message}</p>
        <Link to="/dashboard" className="btn btn-primary mt-6">Back to your projects</Link>
      </div>
    );
  }
  return (
    <ReactFlowProvider>
      <Workspace />
    </ReactFlowProvider>
  );
}
