// What the Share dialog says of an email that already has the project, before and after sharing again.
import { describe, expect, it } from "vitest";
import type { Share } from "../../api/shares";
import { memberOf, roleChangedText, shareIntent, sharedText } from "./shareWords";

const bob: Share = { user_id: "b1", email: "bob@example.com", name: "Bob", role: "editor",
  created_at: "2025-01-01T00:00:00Z" };
const nameless: Share = { ...bob, user_id: "n1", email: "nn@example.com", name: "", role: "viewer" };

describe("shareIntent", () => {
  it("finds the member whatever the case and the spaces around the email", () => {
    expect(memberOf([bob], "  BOB@example.com ")).toBe(bob);
    expect(memberOf([bob], "bob@example.co")).toBeUndefined();
    expect(memberOf(null, "bob@example.com")).toBeUndefined();  // the list not loaded yet: nothing to say
  });

  it("asks before a member's role changes, and names the change on the button", () => {
    expect(shareIntent([bob], "bob@example.com", "viewer")).toEqual({ kind: "change", member: bob,
      words: "Bob can already edit. Change to view only?", button: "Change to Can view" });
    expect(shareIntent([nameless], "NN@example.com", "editor")).toEqual({ kind: "change", member: nameless,
      words: "nn@example.com can already view. Let them edit too?", button: "Change to Can edit" });
  });

  it("says a member already has the role chosen", () => {
    expect(shareIntent([bob], "bob@example.com", "editor")).toEqual({ kind: "same", member: bob,
      words: "Bob can already edit." });
  });

  it("says nothing of a new account", () => {
    expect(shareIntent([bob], "carol@example.com", "viewer")).toEqual({ kind: "new" });
    expect(shareIntent([bob], "  ", "viewer")).toEqual({ kind: "new" });
  });

  it("says what changed after", () => {
    expect(roleChangedText({ ...bob, role: "viewer" }, "editor")).toBe("Changed Bob from Can edit to Can view.");
    expect(sharedText({ ...bob, role: "viewer" })).toBe("Shared with Bob (Can view).");
    expect(sharedText(nameless)).toBe("Shared with nn@example.com (Can view).");
  });
});
