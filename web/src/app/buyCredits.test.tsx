// Buying credits: the account menu offers it where the studio sells them, the form asks for at least 100 and sends
// the browser to Stripe's page, and coming back says what happened (paid: the balance is read again; cancelled:
// nothing was charged) on the page the purchase started from. A public project's link opens signed out, read
// only; any other project still sends the visitor to sign in.
import { act, render, screen, waitFor } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { MemoryRouter, Route, Routes, useLocation } from "react-router-dom";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { setCsrfToken } from "../api/client";
import { AccountMenu } from "./AccountMenu";
import { BuyCreditsForm } from "./BuyCreditsForm";
import { CheckoutReturn } from "./CheckoutReturn";
import { RequireSession } from "./RequireSession";
import { purchaseFor, purchaseProblem, useCreditsForSale, withoutCheckout } from "./buyCredits";
import { useSession } from "./session";

const ME = { id: "u".repeat(32), email: "ada@example.com", name: "Ada", role: "user", credits: 40,
  analytics_opt_out: false, mode: "accounts", csrf_token: "csrf-1" } as const;
const PUBLIC_ID = "a".repeat(32);
const PRIVATE_ID = "b".repeat(32);

let calls: { method: string; url: string; body: unknown }[] = [];
let balance = 40;
let forSale = true;
const assign = vi.fn();

function reply(body: unknown, status = 200) {
  return new Response(JSON.stringify(body), { status });
}

function serve(url: string, init: RequestInit = {}): Response {
  const method = init.method ?? "GET";
  calls.push({ method, url, body: typeof init.body === "string" ? JSON.parse(init.body) as unknown : null });
  if (url === "/api/v1/auth/me") {
    return useSession.getState().state.status === "signed-out"
      ? reply({ detail: "sign in to use the studio", code: "unauthorized" }, 401)
      : reply({ ...ME, credits: balance });
  }
  if (url.startsWith("/api/v1/credits?")) {
    return reply({ balance, spent_this_month: 0, charged: true, for_sale: forSale, limits: { run: null, monthly: null },
      history: { items: [], total: 0, limit: 1, offset: 0 } });
  }
  if (url === "/api/v1/credits/checkout") return reply({ id: "cs_1", url: "https://checkout.stripe.test/cs_1" }, 201);
  if (url === `/api/v1/workflows/${PUBLIC_ID}`) {
    return reply({ id: PUBLIC_ID, title: "Fox", version: 1, document: {}, access: "public", is_public: true });
  }
  if (url.startsWith("/api/v1/workflows/")) return reply({ detail: "sign in to see it", code: "unauthorized" }, 401);
  return reply({ detail: "not found", code: "not_found" }, 404);
}

function Where() {
  const location = useLocation();
  return <p data-testid="where">{location.pathname + location.search + location.hash}</p>;
}

beforeEach(() => {
  calls = [];
  balance = 40;
  forSale = true;
  sessionStorage.clear();
  useCreditsForSale.setState({ forSale: null });
  useSession.setState({ state: { status: "signed-in", me: { ...ME } } });
  setCsrfToken("csrf-1");
  vi.stubGlobal("fetch", vi.fn((url: string, init?: RequestInit) => Promise.resolve(serve(url, init))));
  vi.stubGlobal("location", { ...window.location, assign });
  assign.mockClear();
});

afterEach(() => vi.unstubAllGlobals());

describe("buying credits", () => {
  it("is offered in the account menu where the studio sells credits", async () => {
    render(<MemoryRouter><AccountMenu /></MemoryRouter>);
    await userEvent.click(screen.getByTestId("account-menu"));
    expect(await screen.findByRole("menuitem", { name: "Buy credits" })).toHaveAttribute("href", "/account#buy-credits");
  });

  it("is not offered where it is not set up", async () => {
    forSale = false;
    render(<MemoryRouter><AccountMenu /></MemoryRouter>);
    await userEvent.click(screen.getByTestId("account-menu"));
    await waitFor(() => expect(useCreditsForSale.getState().forSale).toBe(false));
    expect(screen.queryByRole("menuitem", { name: "Buy credits" })).toBeNull();
  });

  it("asks for at least 100 credits, then sends the browser to Stripe's page, remembering where it was", async () => {
    render(<MemoryRouter initialEntries={["/editor?id=abc"]}><BuyCreditsForm shortfall={30} /></MemoryRouter>);
    const amount = screen.getByLabelText("Credits to buy");
    expect(amount).toHaveValue(100);  // the shortfall, raised to the smallest purchase
    await userEvent.clear(amount);
    await userEvent.type(amount, "50");
    await userEvent.click(screen.getByRole("button", { name: "Buy credits" }));
    expect(screen.getByRole("alert")).toHaveTextContent("Buy at least 100 credits at a time.");
    expect(calls.filter((c) => c.url.includes("checkout"))).toEqual([]);
    await userEvent.clear(amount);
    await userEvent.type(amount, "250");
    await userEvent.click(screen.getByRole("button", { name: "Buy credits" }));
    await waitFor(() => expect(assign).toHaveBeenCalledWith("https://checkout.stripe.test/cs_1"));
    expect(calls.find((c) => c.url === "/api/v1/credits/checkout")?.body).toEqual({ credits: 250 });
    expect(sessionStorage.getItem("karate.checkoutFrom")).toBe("/editor?id=abc");
  });

  it("coming back paid: says so on the page it started from and reads the balance again", async () => {
    sessionStorage.setItem("karate.checkoutFrom", "/editor?id=abc");
    vi.useFakeTimers({ shouldAdvanceTime: true });
    try {
      render(<MemoryRouter initialEntries={["/?checkout=success"]}><CheckoutReturn /><Where /></MemoryRouter>);
      expect(await screen.findByTestId("checkout-notice"))
        .toHaveTextContent("Payment received — your credits arrive in a moment.");
      expect(screen.getByTestId("where")).toHaveTextContent("/editor?id=abc");
      balance = 540;  // the webhook credited the purchase
      await act(() => vi.advanceTimersByTimeAsync(2000));
      await waitFor(() => expect(useSession.getState().state).toMatchObject({ me: { credits: 540 } }));
    } finally {
      vi.useRealTimers();
    }
  });

  it("coming back cancelled: says nothing was charged, and drops the word from the address", async () => {
    render(<MemoryRouter initialEntries={["/account?checkout=cancelled"]}><CheckoutReturn /><Where /></MemoryRouter>);
    expect(await screen.findByTestId("checkout-notice")).toHaveTextContent("nothing was charged");
    expect(screen.getByTestId("where")).toHaveTextContent(/^\/account$/);
  });

  it("works out amounts and addresses", () => {
    expect(purchaseFor(0)).toBe(100);
    expect(purchaseFor(1234)).toBe(1234);
    expect(purchaseProblem(100.5)).toBe("Enter a whole number of credits.");
    expect(purchaseProblem(100)).toBeNull();
    expect(withoutCheckout("?checkout=success&id=1")).toBe("?id=1");
    expect(withoutCheckout("?checkout=success")).toBe("");
  });
});

describe("a project's link opened signed out", () => {
  function app(start: string) {
    return render(
      <MemoryRouter initialEntries={[start]}>
        <Routes>
          <Route element={<RequireSession allowPublic />}>
            <Route path="/editor" element={<p>Editor</p>} />
          </Route>
          <Route element={<RequireSession />}>
            <Route path="/dashboard" element={<p>Dashboard</p>} />
          </Route>
          <Route path="/signin" element={<p>Sign in</p>} />
        </Routes>
        <Where />
      </MemoryRouter>,
    );
  }

  beforeEach(() => useSession.setState({ state: { status: "signed-out", reason: null } }));

  it("opens a public project in the editor, without the sign-in gate", async () => {
    app(`/editor?id=${PUBLIC_ID}`);
    expect(await screen.findByText("Editor")).toBeInTheDocument();
  });

  it("sends the visitor to sign in for any other project, and for the other pages", async () => {
    app(`/editor?id=${PRIVATE_ID}`);
    expect(await screen.findByText("Sign in")).toBeInTheDocument();
    expect(screen.getByTestId("where")).toHaveTextContent(`/signin?next=${encodeURIComponent(`/editor?id=${PRIVATE_ID}`)}`);
  });

  it("keeps the gate on the dashboard", async () => {
    app("/dashboard");
    expect(await screen.findByText("Sign in")).toBeInTheDocument();
  });
});
