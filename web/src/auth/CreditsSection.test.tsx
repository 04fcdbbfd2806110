// The account page's credit history names, on each model node's row, the node (its title and model) and the project
// it ran in, as a link to open it; a project in the Trash is named without a link, a run of a graph never saved says
// so, and rows that name no node (starting credits, an admin's grant with its note, a row whose run is no longer
// kept) read as before.
import { render, screen, within } from "@testing-library/react";
import { MemoryRouter } from "react-router-dom";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import type { CreditEntry } from "../api/credits";
import { CreditsSection } from "./CreditsSection";

const POSTER = "p".repeat(32);
const FLUX = "Flux Pro 1.1 Ultra";

function row(id: number, change: Partial<CreditEntry>): CreditEntry {
  return { id, kind: "hold", amount: -6, balance_after: 100 - id, run_id: null, node_id: null, spent_on: null,
    reference: null, note: null, created_at: new Date().toISOString(), ...change };
}

const ROWS: CreditEntry[] = [
  row(1, { run_id: "r1", node_id: "flux0", spent_on: { node_title: "Hero image", model: FLUX,
    project: { id: POSTER, title: "Poster", in_trash: false } } }),
  row(2, { kind: "refund", amount: 6, run_id: "r1", node_id: "flux1", spent_on: { node_title: FLUX, model: FLUX,
    project: { id: POSTER, title: "Poster", in_trash: false } } }),
  row(3, { run_id: "r2", node_id: "flux0", spent_on: { node_title: FLUX, model: FLUX,
    project: { id: "q".repeat(32), title: "Old flyer", in_trash: true } } }),
  row(4, { run_id: "r3", node_id: "flux0", spent_on: { node_title: "Sketch", model: null, project: null } }),
  row(5, { run_id: "gone", node_id: "flux0" }),  // its run is no longer kept
  row(6, { kind: "grant", amount: 40, note: "conference demo" }),
  row(7, { kind: "signup", amount: 60 }),
];

beforeEach(() => {
  vi.stubGlobal("fetch", vi.fn(() => Promise.resolve(new Response(JSON.stringify({
    balance: 100, spent_this_month: 6, charged: true, for_sale: false, limits: { run: null, monthly: null },
    history: { items: ROWS, total: ROWS.length, limit: 20, offset: 0 },
  })))));
});

afterEach(() => vi.unstubAllGlobals());

describe("the credit history", () => {
  it("says which node and project each model node's row was for, and reads other rows as before", async () => {
    render(<MemoryRouter><CreditsSection balance={100} /></MemoryRouter>);
    const rows = within(await screen.findByTestId("credit-history")).getAllByRole("row").slice(1);
    const what = rows.map((line) => line.querySelectorAll("td")[1]);
    expect(what[0]).toHaveTextContent(/^Hero image \(Flux Pro 1\.1 Ultra\) ranIn Poster$/);
    expect(within(what[0]).getByRole("link", { name: "Poster" })).toHaveAttribute("href", `/editor?id=${POSTER}`);
    expect(what[1]).toHaveTextContent(/^Given back: Flux Pro 1\.1 Ultra failed or was cancelledIn Poster$/);
    expect(what[2]).toHaveTextContent(/^Flux Pro 1\.1 Ultra ranIn Old flyer \(in the Trash\)$/);
    expect(within(what[2]).queryByRole("link")).toBeNull();
    expect(what[3]).toHaveTextContent(/^Sketch ranNot in a saved project$/);
    expect(what[4]).toHaveTextContent(/^A model node ran$/);
    expect(what[5]).toHaveTextContent(/^conference demo$/);
    expect(what[6]).toHaveTextContent(/^Starting credits$/);
    expect(screen.getByTestId("credit-history")).not.toHaveTextContent(/flux0|r1|gone/);
  });
});
