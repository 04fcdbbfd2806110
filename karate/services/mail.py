"""The studio's outgoing mail (password resets, the marketing agent's tips), sent through the server at KARATE_SMTP_URL
with the standard library's smtplib, in a thread so the event loop never waits on the network."""

from __future__ import annotations

import asyncio
import logging
import smtplib
from collections.abc import Mapping
from email import policy
from email.message import EmailMessage
from urllib.parse import unquote, urlsplit

log = logging.getLogger("karate.mail")

#: Seconds one connection to the mail server may take.
SMTP_TIMEOUT = 30
#: Headers are folded at SMTP's hard limit, not at 78: folded there, a long link without spaces (List-Unsubscribe)
#: would be written as RFC 2047 encoded words, which no mail app reads as a link. The body is encoded as before.
_HEADERS_POLICY = policy.default.clone(max_line_length=998)


class Mailer:
    """Sends plain-text mail through `smtp_url` (smtp://user:password@host:port, smtps:// for TLS from the
    start; smtp:// upgrades with STARTTLS when the server offers it). Without a URL, mail is off: `send`
    says so in the log and returns False."""

    def __init__(self, smtp_url: str | None, sender: str) -> None:
        self.smtp_url = smtp_url
        self.sender = sender

    @property
    def enabled(self) -> bool:
        return bool(self.smtp_url)

    def compose(self, to: str, subject: str, body: str, headers: Mapping[str, str] | None = None) -> EmailMessage:
        """The message `send` sends: from the studio's sender, with `headers` added (a marketing email's
        List-Unsubscribe)."""
        message = EmailMessage()
        message["From"] = self.sender
        message["To"] = to
        message["Subject"] = subject
        for name, value in (headers or {}).items():
            message[name] = value
        message.set_content(body)  # long lines quoted-printable, as the default policy's 78 characters decide
        message.policy = _HEADERS_POLICY  # what sending folds the headers by
        return message

    async def send(self, to: str, subject: str, body: str, headers: Mapping[str, str] | None = None) -> bool:
        """Send one message (`compose`); whether it went out (a failure is logged, never raised: the caller's
        answer must not depend on the mail server)."""
        if not self.smtp_url:
            log.warning("mail is off (KARATE_SMTP_URL is not set): %r was not sent", subject)
            return False
        message = self.compose(to, subject, body, headers)
        try:
            await asyncio.to_thread(_deliver, self.smtp_url, message)
        except (OSError, smtplib.SMTPException) as error:
            log.error("the mail server at KARATE_SMTP_URL refused or failed to send %r: %s", subject, error)
            return False
        return True


def _deliver(smtp_url: str, message: EmailMessage) -> None:
    url = urlsplit(smtp_url)
    if url.scheme not in ("smtp", "smtps"):
        raise smtplib.SMTPException(f"KARATE_SMTP_URL must start with smtp:// or smtps://, not {url.scheme}://")
    secure = url.scheme == "smtps"
    host, port = url.hostname or "localhost", url.port or (465 if secure else 25)
    client = smtplib.SMTP_SSL if secure else smtplib.SMTP
    with client(host, port, timeout=SMTP_TIMEOUT) as smtp:
        smtp.ehlo()
        if not secure and smtp.has_extn("starttls"):
            smtp.starttls()
            smtp.ehlo()
        if url.username:
            smtp.login(unquote(url.username), unquote(url.password or ""))
        smtp.send_message(message)
