"""A local fake of the part of Stripe the studio uses: creating Checkout Sessions (form-encoded, as the SDK
sends them, with a Bearer secret key) and, standing in for Stripe's servers, delivering a signed
`checkout.session.completed` event to the studio's webhook once the buyer "pays"."""

from __future__ import annotations

import hashlib
import hmac
import itertools
import json
import re
import time
from typing import Any

import httpx
from fastapi import FastAPI, Request
from fastapi.responses import JSONResponse

from tests.local_server import LocalServer

SECRET_KEY = "sk_test_fake0123456789"
WEBHOOK_SECRET = "whsec_fake0123456789"


def _nested(form: dict[str, str]) -> dict[str, Any]:
    """Stripe's form encoding (`line_items[0][price_data][unit_amount]=1`) back into JSON-like values."""
    root: dict[str, Any] = {}
    for key, value in form.items():
        parts = re.findall(r"[^\[\]]+", key)
        node: Any = root
        for part, following in zip(parts, parts[1:], strict=False):
            node = node.setdefault(part, {})
            del following
        node[parts[-1]] = value
    return root


class FakeStripe:
    def __init__(self) -> None:
        self.app = FastAPI()
        self.sessions: dict[str, dict[str, Any]] = {}
        self._ids = itertools.count(1)
        self.app.add_api_route("/v1/checkout/sessions", self._create_session, methods=["POST"])
        self.server = LocalServer(self.app, "the fake Stripe")

    @property
    def url(self) -> str:
        return self.server.url

    async def _create_session(self, request: Request) -> JSONResponse:
        if request.headers.get("authorization") != f"Bearer {SECRET_KEY}":
            return JSONResponse({"error": {"type": "invalid_request_error", "message": "Invalid API Key"}}, 401)
        body = _nested(dict((await request.form()).items()))  # type: ignore[arg-type]
        session_id = f"cs_test_{next(self._ids):04d}"
        session = {
            "id": session_id,
            "object": "checkout.session",
            "mode": body.get("mode"),
            "url": f"{self.url}/pay/{session_id}",
            "payment_status": "unpaid",
            "client_reference_id": body.get("client_reference_id"),
            "customer_email": body.get("customer_email"),
            "metadata": body.get("metadata", {}),
            "line_items": body.get("line_items", {}),
            "success_url": body.get("success_url"),
        }
        self.sessions[session_id] = session
        return JSONResponse(session)

    def completed_event(self, session_id: str, event_id: str = "evt_test_1") -> bytes:
        """The event Stripe sends once the session is paid."""
        session = {**self.sessions[session_id], "payment_status": "paid"}
        event = {
            "id": event_id,
            "object": "event",
            "type": "checkout.session.completed",
            "api_version": "2024-06-20",
            "created": int(time.time()),
            "data": {"object": session},
        }
        return json.dumps(event).encode()


def signature(payload: bytes, secret: str = WEBHOOK_SECRET, at: int | None = None) -> str:
    """A Stripe-Signature header for `payload`, as Stripe computes it (HMAC-SHA256 of "t.payload")."""
    at = at or int(time.time())
    digest = hmac.new(secret.encode(), f"{at}.".encode() + payload, hashlib.sha256).hexdigest()
    return f"t={at},v1={digest}"


async def deliver(client: httpx.AsyncClient, payload: bytes, header: str | None = None) -> httpx.Response:
    """Post an event to the studio's webhook as Stripe does (no cookie, no CSRF token, no Origin)."""
    return await client.post(
        "/api/stripe/webhook",
        content=payload,
        headers={"Stripe-Signature": header or signature(payload), "content-type": "application/json"},
    )
