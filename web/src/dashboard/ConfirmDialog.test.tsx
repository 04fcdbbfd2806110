// The confirmation before deleting every project: an alert dialog a screen reader names and describes, that keeps
// the keyboard inside it and that Escape cancels.

import { render, screen } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { describe, expect, it, vi } from "vitest";
import { ConfirmDialog } from "./ConfirmDialog";

function renderDialog() {
  const onCancel = vi.fn();
  const onConfirm = vi.fn();
  const view = render(
    <>
      <button type="button">Clear all</button>
      <ConfirmDialog title="Delete every project?" message="This moves all 8 projects to the trash."
        confirmLabel="Delete all" onCancel={onCancel} onConfirm={onConfirm} />
    </>,
  );
  return { onCancel, onConfirm, ...view };
}

describe("ConfirmDialog", () => {
  it("is a modal alert dialog named by its title and described by its message", () => {
    renderDialog();
    const dialog = screen.getByRole("alertdialog", { name: "Delete every project?" });
    expect(dialog).toHaveAttribute("aria-modal", "true");
    expect(dialog).toHaveAccessibleDescription("This moves all 8 projects to the trash.");
    expect(screen.getByRole("button", { name: "Cancel" })).toHaveFocus();  // the safe choice first
  });

  it("keeps focus on its own buttons as Tab and Shift+Tab go round", async () => {
    renderDialog();
    await userEvent.tab();
    expect(screen.getByRole("button", { name: "Delete all" })).toHaveFocus();
    await userEvent.tab();
    expect(screen.getByRole("button", { name: "Cancel" })).toHaveFocus();
    await userEvent.tab({ shift: true });
    expect(screen.getByRole("button", { name: "Delete all" })).toHaveFocus();
  });

  it("cancels with Escape, even with focus outside it", async () => {
    const { onCancel, onConfirm } = renderDialog();
    screen.getByRole("button", { name: "Clear all" }).focus();
    await userEvent.keyboard("{Escape}");
    expect(onCancel).toHaveBeenCalledTimes(1);
    expect(onConfirm).not.toHaveBeenCalled();
  });

  it("gives focus back to where it was when it closes", () => {
    const opener = document.createElement("button");
    document.body.append(opener);
    opener.focus();
    const { unmount } = renderDialog();
    expect(opener).not.toHaveFocus();
    unmount();
    expect(opener).toHaveFocus();
    opener.remove();
  });
});
