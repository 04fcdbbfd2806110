"""A run the balance does not cover is refused in words that offer only what this studio allows: buying credits
where it sells them (Stripe is set up), otherwise asking an admin or running fewer model nodes. The hold a model
node takes mid-run says the same."""

from __future__ import annotations

from pathlib import Path

import pytest
from pydantic import SecretStr

from karate.config import Settings
from karate.db import Database
from karate.db.models import User, new_id, utcnow
from karate.services.credits import CreditService
from karate.services.errors import InsufficientCredits
from tests.api.accounts import SignedInUser, user_fixture
from tests.api.credits_helpers import FLUX_CREDITS, flux_document, with_fake_replicate
from tests.providers.fakes import FakeProvider

SELLS = pytest.mark.parametrize("sells", [True, False], ids=["stripe", "no-stripe"])


def stripe(sells: bool) -> SecretStr | None:
    return SecretStr("sk_test_karate") if sells else None


@pytest.fixture(params=[True, False], ids=["stripe", "no-stripe"])
def studio_settings(studio_settings: Settings, replicate: FakeProvider, request: pytest.FixtureRequest) -> Settings:
    return with_fake_replicate(
        studio_settings, replicate, signup_credits=FLUX_CREDITS, stripe_secret_key=stripe(request.param)
    )


alice = user_fixture("alice")


async def test_a_refused_run_offers_buying_credits_only_where_the_studio_sells_them(
    alice: SignedInUser, studio_settings: Settings, replicate: FakeProvider
) -> None:
    answer = await alice.client.post("/api/v1/runs", json={"workflow": flux_document("a fox", "a hare")})
    assert answer.status_code == 402
    detail = answer.json()["detail"]
    sells = studio_settings.stripe_secret_key is not None
    assert (await alice.client.get("/api/v1/credits")).json()["for_sale"] is sells  # what the web app's buttons follow
    if sells:
        assert detail.endswith("6 short; buy credits, ask an admin for more, or run fewer model nodes"), detail
    else:
        assert detail.endswith("6 short; ask an admin for more or run fewer model nodes"), detail
    assert replicate.received() == []


@pytest.fixture
async def database(database_url: str):
    db = Database(database_url)
    await db.migrate()
    yield db
    await db.dispose()


@SELLS
async def test_a_hold_the_balance_does_not_cover_offers_buying_only_where_credits_are_sold(
    database: Database, tmp_path: Path, sells: bool
) -> None:
    credits = CreditService(database, Settings(_env_file=None, data_dir=tmp_path, stripe_secret_key=stripe(sells)))
    user_id = new_id()
    async with database.session() as session:
        session.add(User(id=user_id, email=f"{user_id}@example.com", name="u", credits=0, created_at=utcnow()))
        await session.commit()
    with pytest.raises(InsufficientCredits) as refused:
        await credits.hold(user_id, new_id(), "flux", 4)
    advice = "buy credits or ask an admin for more" if sells else "ask an admin for more"
    assert refused.value.message.endswith(f"4 short; {advice}"), refused.value.message
