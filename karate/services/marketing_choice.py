"""Each person's choice of the marketing emails (karate.services.marketing_agent): on until they turn it off, on their
account page (PATCH /api/v1/me) or with the link at the end of every email. The link works without signing in: it
carries a token naming the account, signed with the studio's key (karate.services.signing), so whoever opens it can
change that one choice of that one account, and nothing else."""

from __future__ import annotations

from typing import Any

from sqlalchemy import update

from karate.db import Database
from karate.db.models import User
from karate.services.errors import InvalidRequest, NotFound
from karate.services.signing import UrlSigner

#: The web app's page an email's unsubscribe link opens (`?token=`): it turns the emails off and offers to undo it. A
#: POST to the link (a mail app's one-click unsubscribe) turns them off at once.
UNSUBSCRIBE_PAGE = "/unsubscribe"
_PURPOSE = "marketing-emails"


class MarketingChoice:
    """Signs each email's unsubscribe link and applies what its page chooses."""

    def __init__(self, database: Database, signer: UrlSigner) -> None:
        self.database = database
        self.signer = signer

    def token(self, user_id: str) -> str:
        """The account's token: its id and their signature. It does not expire: a link in an old email still works."""
        return self.signer.token(_PURPOSE, user_id)

    def unsubscribe_link(self, site_url: str, user_id: str) -> str:
        return f"{site_url.rstrip('/')}{UNSUBSCRIBE_PAGE}?token={self.token(user_id)}"

    def unsubscribe_headers(self, site_url: str, user_id: str) -> dict[str, str]:
        """The email's one-click unsubscribe (RFC 8058): mail apps show an Unsubscribe button that POSTs
        `List-Unsubscribe=One-Click` to the link itself, which stops the emails (karate/api/marketing.py)."""
        return {
            "List-Unsubscribe": f"<{self.unsubscribe_link(site_url, user_id)}>",
            "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
        }

    async def choose(self, token: str, receives: bool) -> dict[str, Any]:
        """Set whether the account `token` names receives the marketing emails: `{email, marketing_emails}`.
        InvalidRequest for a token the studio did not sign (or signed with another key); NotFound when the account
        was deleted since (nothing is mailed to it any more)."""
        user_id = self.signer.token_value(_PURPOSE, token)
        if user_id is None:
            raise InvalidRequest(
                "this unsubscribe link is not valid (cut short, or from another studio): open the whole link from the "
                "email, or sign in and turn the emails off on your account page"
            )
        async with self.database.session() as session:
            email = await session.scalar(
                update(User).where(User.id == user_id).values(marketing_emails=receives).returning(User.email)
            )
            await session.commit()
        if email is None:
            raise NotFound("the account of this link was deleted, so the studio mails it nothing any more")
        return {"email": email, "marketing_emails": receives}
