// /account: who is signed in and their credits, the password, the emails of tips, and API keys for scripts and the
// CLI. A local studio has no accounts: the page says so, and where those things live there (LocalStudioPage).

import { Navigate } from "react-router-dom";
import { isAccount, isLocal, useSession } from "../app/session";
import { ApiKeysSection } from "./ApiKeysSection";
import { ChangePasswordForm } from "./ChangePasswordForm";
import { CreditsSection } from "./CreditsSection";
import { EmailsSection } from "./EmailsSection";
import LocalStudioPage from "./LocalStudioPage";
import { Section } from "./Section";

export default function AccountPage() {
  const state = useSession((s) => s.state);
  if (isLocal(state)) return <LocalStudioPage />;
  if (!isAccount(state)) return <Navigate to="/dashboard" replace />;  // the session gate lets nobody else here
  const { me } = state;
  return (
    <div className="mx-auto flex max-w-3xl flex-col gap-6 px-6 py-10" data-testid="account-page">
      <div>
        <h1 className="text-2xl font-semibold tracking-tight">Your account</h1>
        <p className="mt-1 text-sm text-zinc-500">{me.name ? `${me.name} · ${me.email}` : me.email}</p>
      </div>
      <CreditsSection balance={me.credits} />
      <Section title="Password" intro="Changing it signs out your other browsers and devices.">
        <ChangePasswordForm />
      </Section>
      <EmailsSection receives={me.marketing_emails !== false} />
      <ApiKeysSection />
    </div>
  );
}
