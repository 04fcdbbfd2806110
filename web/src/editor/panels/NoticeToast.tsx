// Short notices (connection refused, run problems), announced to screen readers.

import { useEffect } from "react";
import { useEditor } from "../store/editorStore";

const VISIBLE_MS = 4500;

export function NoticeToast() {
  const notice = useEditor((s) => s.notice);
  useEffect(() => {
    if (!notice) return;
    const timer = setTimeout(() => useEditor.getState().dismissNotice(), VISIBLE_MS);
    return () => clearTimeout(timer);
  }, [notice]);
  if (!notice) return null;
  return (
    <div role={notice.tone === "error" ? "alert" : "status"} data-testid="notice" key={notice.id}
      className={`animate-fade-in fixed left-1/2 top-16 z-50 -translate-x-1/2 rounded-lg px-4 py-2 text-sm shadow-lg
        ${notice.tone === "error" ? "bg-red-600 text-white" : "bg-zinc-900 text-white dark:bg-zinc-100 dark:text-zinc-900"}`}>
      {notice.message}
    </div>
  );
}
