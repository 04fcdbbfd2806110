// What the Share dialog says of an email typed that already has the project: sharing again changes the member's
// role (the server's rule, README "Sharing and who sees what"), so the dialog says so before it does it, and what
// changed after: a first share as a later change of role is. Taking a member off is asked first, saying what it does
// to them (it takes effect at once, on their open page too).

import type { Share, ShareRole } from "../../api/shares";

/** A role as the dialog's choices name it. */
export const ROLE_TEXT: Record<ShareRole, string> = { viewer: "Can view", editor: "Can edit" };
/** What a member of a role may do, after "can already". */
const MAY: Record<ShareRole, string> = { viewer: "view", editor: "edit" };
/** The question asked before a member's role changes to the key's. */
const CHANGE_QUESTION: Record<ShareRole, string> = { viewer: "Change to view only?", editor: "Let them edit too?" };

/** What sharing `email` as `role` does: shares the project with a new account, changes nothing (the member already
 * has that role: `words` say so), or changes a member's role (`words` ask, `button` is the Share button's words). */
export type ShareIntent =
  | { kind: "new" }
  | { kind: "same"; member: Share; words: string }
  | { kind: "change"; member: Share; words: string; button: string };

/** How the dialog names a member: their name, else their email. */
export const memberName = (member: Share): string => member.name.trim() || member.email;

/** The member whose email is `email` as typed (any case, spaces around it), if any. */
export function memberOf(members: readonly Share[] | null, email: string): Share | undefined {
  const typed = email.trim().toLowerCase();
  return typed ? members?.find((member) => member.email.toLowerCase() === typed) : undefined;
}

/** What sharing `email` as `role` with the project's `members` does, in words. */
export function shareIntent(members: readonly Share[] | null, email: string, role: ShareRole): ShareIntent {
  const member = memberOf(members, email);
  if (!member) return { kind: "new" };
  const already = `${memberName(member)} can already ${MAY[member.role]}.`;
  if (member.role === role) return { kind: "same", member, words: already };
  return { kind: "change", member, words: `${already} ${CHANGE_QUESTION[role]}`, button: `Change to ${ROLE_TEXT[role]}` };
}

/** What the dialog says once a member's role changed from `from`. */
export const roleChangedText = (member: Share, from: ShareRole): string =>
  `Changed ${memberName(member)} from ${ROLE_TEXT[from]} to ${ROLE_TEXT[member.role]}.`;

/** What the dialog says once the project is shared with a new member: "Shared with Grace (Can view).". */
export const sharedText = (member: Share): string =>
  `Shared with ${memberName(member)} (${ROLE_TEXT[member.role]}).`;

/** The question asked before a member is taken off the project: its title and what it does. `isPublic`: the project
 * is public, which they can still view it as. */
export function removeQuestion(member: Share, isPublic: boolean): { title: string; message: string } {
  const name = memberName(member);
  const still = isPublic ? " They can still view it while it is public." : "";
  return {
    title: `Stop sharing with ${name}?`,
    message: `${name} loses access to this project now, even where it is open on their screen.${still} You can `
      + "share it with them again later.",
  };
}

/** What the dialog says once a member is taken off. */
export const removedText = (member: Share): string =>
  `Stopped sharing with ${memberName(member)}. Share with their email again to give it back.`;
