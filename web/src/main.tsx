// Entry point: routes, each page loaded on demand so the landing page never pays for the editor. The dashboard,
// the editor and the account page are behind the session gate (in accounts mode, signed-out visitors sign in).

import { StrictMode, Suspense, lazy } from "react";
import { createRoot } from "react-dom/client";
import { BrowserRouter, Route, Routes } from "react-router-dom";
import { AppShell } from "./app/AppShell";
import { CheckoutReturn } from "./app/CheckoutReturn";
import { PageFallback } from "./app/PageFallback";
import { RequireSession } from "./app/RequireSession";
import { loadSession } from "./app/session";
import { prefetchEditorData } from "./editor/prefetch";
import "./index.css";

const LandingPage = lazy(() => import("./landing/LandingPage"));
const DashboardPage = lazy(() => import("./dashboard/DashboardPage"));
const LazyEditorPage = lazy(() => import("./editor/EditorPage"));
const DocsPage = lazy(() => import("./docs/DocsPage"));
const HelpPage = lazy(() => import("./app/HelpPage"));
const NotFoundPage = lazy(() => import("./app/NotFoundPage"));
const SignInPage = lazy(() => import("./auth/SignInPage"));
const SignUpPage = lazy(() => import("./auth/SignUpPage"));
const AccountPage = lazy(() => import("./auth/AccountPage"));
const AdminPage = lazy(() => import("./admin/AdminPage"));
const ForgotPasswordPage = lazy(() => import("./auth/ForgotPasswordPage"));
const ResetPasswordPage = lazy(() => import("./auth/ResetPasswordPage"));
const UnsubscribePage = lazy(() => import("./auth/UnsubscribePage"));

// The editor opened directly (a link, a reload) has its code fetched before the first render, so it shows at
// once: a lazy page would first show the fallback, and React holds back revealing it for up to 300 ms.
let preloadedEditor: typeof import("./editor/EditorPage") | null = null;

function EditorPage() {
  const Page = preloadedEditor?.default ?? LazyEditorPage;
  return <Page />;
}

const render = () => createRoot(document.getElementById("root")!).render(
  <StrictMode>
    <BrowserRouter>
      <CheckoutReturn />
      <Suspense fallback={<PageFallback />}>
        <Routes>
          <Route element={<RequireSession allowPublic />}>
            <Route path="/editor" element={<EditorPage />} />
          </Route>
          <Route element={<AppShell />}>
            <Route path="/" element={<LandingPage />} />
            <Route element={<RequireSession />}>
              <Route path="/dashboard" element={<DashboardPage />} />
              <Route path="/account" element={<AccountPage />} />
              <Route path="/admin" element={<AdminPage />} />
              <Route path="/help" element={<HelpPage />} />
            </Route>
            <Route path="/signin" element={<SignInPage />} />
            <Route path="/signup" element={<SignUpPage />} />
            <Route path="/forgot-password" element={<ForgotPasswordPage />} />
            <Route path="/reset-password" element={<ResetPasswordPage />} />
            <Route path="/unsubscribe" element={<UnsubscribePage />} />
            <Route path="/docs" element={<DocsPage />} />
            <Route path="*" element={<NotFoundPage />} />
          </Route>
        </Routes>
      </Suspense>
    </BrowserRouter>
  </StrictMode>,
);

void loadSession();  // who uses the page (and its CSRF token), asked as it loads
if (window.location.pathname === "/editor") {
  prefetchEditorData(new URLSearchParams(window.location.search).get("id"));  // its data, alongside its code
  import("./editor/EditorPage").then((module) => { preloadedEditor = module; }, () => undefined).finally(render);
} else {
  render();
}
