// The share dialog lists who has the project with a role each can change: picking "Can edit" for a viewer shares
// again with that role (POST .../shares {email, role}), and the list shows the role the server answered. Typing a
// member's email says what sharing again would do before it does it (a change of role), or that nothing would.
// Removing a member is asked first (it takes the project off their screen at once), then said once done.
import { render, screen, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { resetEditor, useEditor } from "../store/editorStore";
import { ShareDialog } from "./ShareDialog";

const BOB = { user_id: "b".repeat(32), email: "bob@example.com", name: "Bob", role: "viewer",
  created_at: "2025-01-01T00:00:00Z" };
const CAROL = { ...BOB, user_id: "c".repeat(32), email: "carol@example.com", name: "Carol" };
let members: (typeof BOB)[] = [];
let posted: unknown[] = [];
let deleted: string[] = [];

function serve(url: string, init: RequestInit = {}): Response {
  if (url === "/api/v1/workflows/w1/shares" && init.method === "POST") {
    const body = JSON.parse(init.body as string) as { email: string; role: string };
    posted.push(body);
    const member = [BOB, CAROL].find((one) => one.email === body.email.toLowerCase()) ?? BOB;
    return new Response(JSON.stringify({ ...member, role: body.role }), { status: 201 });
  }
  if (url === "/api/v1/workflows/w1/shares") return new Response(JSON.stringify({ items: members }));
  if (url === `/api/v1/workflows/w1/shares/${BOB.user_id}` && init.method === "DELETE") {
    deleted.push(url);
    return deleted.length === 1 ? new Response(null, { status: 204 })
      : new Response(JSON.stringify({ detail: "not shared", code: "not_found" }), { status: 404 });
  }
  return new Response(JSON.stringify({ detail: "not found", code: "not_found" }), { status: 404 });
}

beforeEach(() => {
  posted = [];
  deleted = [];
  members = [BOB];
  resetEditor();
  useEditor.getState().setWorkflowMeta({ id: "w1", title: "Fox", version: 1, access: "owner" });
  vi.stubGlobal("fetch", vi.fn((url: string, init?: RequestInit) => Promise.resolve(serve(url, init))));
});

afterEach(() => vi.unstubAllGlobals());

describe("a member's role in the share dialog", () => {
  it("is a choice that shares again with the new role", async () => {
    render(<ShareDialog onClose={() => undefined} />);
    const list = screen.getByTestId("share-list");
    const role = await within(list).findByLabelText<HTMLSelectElement>("Role of bob@example.com");
    expect(role).toHaveValue("viewer");
    expect(role.selectedOptions[0]).toHaveTextContent("Can view");
    await userEvent.selectOptions(role, "editor");
    expect(posted).toEqual([{ email: "bob@example.com", role: "editor" }]);
    expect(await within(list).findByDisplayValue("Can edit")).toBe(role);
    expect(within(list).getAllByRole("listitem")).toHaveLength(1);
    expect(screen.getByTestId("share-done")).toHaveTextContent("Changed Bob from Can view to Can edit.");
  });
});

describe("sharing again with a member's email", () => {
  const form = () => ({ email: screen.getByLabelText("Email to share with"), role: screen.getByLabelText("Role") });

  it("says the member's role would change, on the button too, and what changed once it did", async () => {
    members = [{ ...BOB, role: "editor" }];
    render(<ShareDialog onClose={() => undefined} />);
    await within(screen.getByTestId("share-list")).findByText(/bob@example.com/);
    await userEvent.type(form().email, "  Bob@Example.COM ");  // any case, spaces around it
    expect(screen.getByTestId("share-intent")).toHaveTextContent("Bob can already edit. Change to view only?");
    const change = screen.getByRole("button", { name: "Change to Can view" });
    expect(change).toHaveAccessibleDescription("Bob can already edit. Change to view only?");
    expect(posted).toEqual([]);
    await userEvent.click(change);
    expect(await screen.findByTestId("share-done")).toHaveTextContent("Changed Bob from Can edit to Can view.");
    expect(posted).toEqual([{ email: "Bob@Example.COM", role: "viewer" }]);
    expect(within(screen.getByTestId("share-list")).getByLabelText("Role of bob@example.com")).toHaveValue("viewer");
    expect(screen.getByTestId("share-intent")).toBeEmptyDOMElement();
    expect(screen.getByRole("button", { name: "Share" })).toBeEnabled();
  });

  it("with the role they have says so, and Share is off, saying why, until the email or the role changes",
    async () => {
      members = [{ ...BOB, role: "editor" }];
      render(<ShareDialog onClose={() => undefined} />);
      await within(screen.getByTestId("share-list")).findByText(/bob@example.com/);
      await userEvent.selectOptions(form().role, "editor");
      await userEvent.type(form().email, "bob@example.com{Enter}");
      expect(screen.getByTestId("share-intent")).toHaveTextContent(/^Bob can already edit\.$/);
      const share = screen.getByRole("button", { name: "Share" });
      expect(share).toBeDisabled();
      expect(share).toHaveAttribute("title", "Bob can already edit.");
      expect(share).toHaveAccessibleDescription("Bob can already edit.");
      await userEvent.click(share);
      expect(posted).toEqual([]);
      await userEvent.selectOptions(form().role, "viewer");
      expect(screen.getByRole("button", { name: "Change to Can view" })).toBeEnabled();
      await userEvent.selectOptions(form().role, "editor");
      await userEvent.type(form().email, "{Backspace}");
      expect(share).toBeEnabled();
      expect(share).not.toHaveAttribute("title");
      expect(screen.getByTestId("share-done")).toBeEmptyDOMElement();
      expect(screen.queryByRole("alert")).toBeNull();
    });

  it("asks nothing of a new account's email", async () => {
    render(<ShareDialog onClose={() => undefined} />);
    await within(screen.getByTestId("share-list")).findByText(/bob@example.com/);
    await userEvent.type(form().email, "carol@example.com");
    expect(screen.getByTestId("share-intent")).toBeEmptyDOMElement();
    expect(screen.getByRole("button", { name: "Share" })).not.toHaveAttribute("aria-describedby");
  });
});

describe("removing a member", () => {
  const question = () => screen.getByRole("alertdialog", { name: "Stop sharing with Bob?" });

  it("asks first, saying what it does to them; Cancel or Escape keep them, and the share dialog", async () => {
    const onClose = vi.fn();
    render(<ShareDialog onClose={onClose} />);
    const remove = await screen.findByRole("button", { name: "Remove bob@example.com from this share" });
    // its name starts with the word it shows: "click Remove" (voice control) finds it
    expect(remove).toHaveTextContent(/^Remove$/);
    await userEvent.click(remove);
    expect(question()).toHaveAccessibleDescription("Bob loses access to this project now, even where it is open on "
      + "their screen. You can share it with them again later.");
    expect(within(question()).getByRole("button", { name: "Cancel" })).toHaveFocus();
    await userEvent.click(within(question()).getByRole("button", { name: "Cancel" }));
    expect(screen.queryByRole("alertdialog")).toBeNull();

    await userEvent.click(remove);
    await userEvent.keyboard("{Escape}");
    expect(screen.queryByRole("alertdialog")).toBeNull();
    expect(onClose).not.toHaveBeenCalled();  // the share dialog stays open
    expect(deleted).toEqual([]);
    expect(within(screen.getByTestId("share-list")).getByText("bob@example.com")).toBeVisible();
    await userEvent.keyboard("{Escape}");  // with no question open, Escape closes the share dialog again
    expect(onClose).toHaveBeenCalledOnce();
  });

  it("once confirmed, asks the studio once however fast it is clicked twice, and says who left", async () => {
    render(<ShareDialog onClose={() => undefined} />);
    await userEvent.dblClick(await screen.findByRole("button", { name: "Remove bob@example.com from this share" }));
    expect(screen.getAllByRole("alertdialog")).toHaveLength(1);
    await userEvent.dblClick(within(question()).getByRole("button", { name: "Remove" }));
    expect(await within(screen.getByTestId("share-list")).findByText("Shared with nobody yet.")).toBeVisible();
    expect(deleted).toHaveLength(1);
    expect(screen.queryByRole("alert")).toBeNull();
    expect(screen.getByTestId("share-done")).toHaveTextContent(
      "Stopped sharing with Bob. Share with their email again to give it back.");
    expect(screen.getByLabelText("Email to share with")).toHaveFocus();
  });

  it("of a public project says they can still view it", async () => {
    useEditor.getState().setWorkflowMeta({ id: "w1", title: "Fox", version: 1, access: "owner", isPublic: true });
    render(<ShareDialog onClose={() => undefined} />);
    await userEvent.click(await screen.findByRole("button", { name: "Remove bob@example.com from this share" }));
    expect(question()).toHaveAccessibleDescription(/They can still view it while it is public\./);
  });
});

describe("the share dialog", () => {
  it("closes on Escape wherever the focus went, and after sharing is ready for the next email", async () => {
    const onClose = vi.fn();
    render(<ShareDialog onClose={onClose} />);
    const email = screen.getByLabelText("Email to share with");
    await within(screen.getByTestId("share-list")).findByText(/bob@example.com/);
    await userEvent.type(email, "carol@example.com{Enter}");
    await within(screen.getByTestId("share-list")).findByText(/carol@example.com/);
    expect(screen.getByTestId("share-done")).toHaveTextContent("Shared with Carol (Can view).");
    expect(email).toHaveFocus();
    expect(email).toHaveValue("");
    (document.activeElement as HTMLElement).blur();  // as when the Share button, disabled while it works, lets go
    await userEvent.keyboard("{Escape}");
    expect(onClose).toHaveBeenCalledOnce();
  });

  it("says in words when what was typed is not an email, and lets the message go once the email is changed",
    async () => {
      render(<ShareDialog onClose={() => undefined} />);
      const email = screen.getByLabelText("Email to share with");
      await userEvent.type(email, "garbage{Enter}");
      expect(screen.getByRole("alert")).toHaveTextContent(
        "“garbage” is not an email address: type the email of the account to share with.");
      expect(posted).toEqual([]);
      await userEvent.type(email, "@example.com");
      expect(screen.queryByRole("alert")).toBeNull();
    });
});
