"""What the studio's scheduled agents (karate.services.agent_schedule) work with: the database, the data folder, the
catalog, the team's Slack, and for the agents that look at accounts the studio's settings, its mail and its signing
key (for the marketing emails' unsubscribe links)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from karate.agents.context import PlanContext
from karate.config import Settings
from karate.db import Database
from karate.observability.alerts import SlackAlerts
from karate.services.mail import Mailer
from karate.services.signing import UrlSigner


@dataclass
class AgentTools:
    """What the scheduled agents read and tell: the database, the data folder, the catalog and the providers
    configured now (`context`), the team's Slack when it is set, the studio's `settings` (None, as for a studio in
    local mode: the agents that look at accounts do not run), the `mailer` the marketing agent sends with and the
    `signer` of its emails' unsubscribe links."""

    database: Database
    data_dir: Path
    context: Callable[[], PlanContext]
    slack: SlackAlerts | None = None
    settings: Settings | None = None
    mailer: Mailer | None = None
    signer: UrlSigner | None = None

    @property
    def accounts(self) -> bool:
        """Whether the studio has accounts: in local mode there is one owner, and no one to flag or to mail."""
        return self.settings is not None and bool(self.settings.auth)

    @property
    def marketing(self) -> bool:
        """Whether the marketing agent mails people who have been away (accounts mode, KARATE_MARKETING_EMAILS)."""
        return self.accounts and self.settings is not None and self.settings.marketing_emails
