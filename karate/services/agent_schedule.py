"""The scheduled agents (spec 8.2, DESIGN.md section 9), as jobs on the agents' queue (karate.services.agent_jobs):
each server queues every agent's job once per period (the job's `slot` is unique, so several servers sharing the
database queue it once), then claims and runs the jobs of the agents it knows, whichever server queued them. Each
job reads the period that ends at the time it was queued for (its `scheduled_for`), not at the time a server claimed
it: one hour's fraud check ends where the next one begins, with no gap and no overlap, however late either ran.

- `resource_monitor`, every 10 minutes: runs waiting and running, runs that ended in the last 10 minutes and how
  many failed, the data folder's free disk; an alert to the team's Slack (SLACK_WEBHOOK_URL) when the disk is
  nearly full, when half or more of the runs that ended failed, or when runs have waited over 5 minutes.
- `workflow_review`, daily: every workflow edited in the last day, each node that cannot run and why, and each AI
  model whose providers have no key here, as suggestions for the workflow's owner (the job's result; admins read
  them in the admin page).
- with accounts only (in local mode there is one owner, no one to flag or to mail):
  `fraud_check`, hourly: accounts that show signs of abuse, flagged (karate.services.fraud_agent);
  `marketing_digest`, daily, with KARATE_MARKETING_EMAILS: a `marketing_email` of tips queued for each account away
  for a week, and sent (karate.services.marketing_agent).
"""

from __future__ import annotations

import asyncio
import logging
import os
import shutil
import socket
from collections.abc import Awaitable, Callable, Mapping
from datetime import UTC, datetime, timedelta
from typing import Any

from sqlalchemy import func, select

from karate.agents.context import PlanContext
from karate.db.models import Run, Workflow
from karate.engine.graph_check import GraphCheck
from karate.engine.validation import parse_document
from karate.services.agent_jobs import AgentJobQueue, AgentJobType
from karate.services.agent_tools import AgentTools
from karate.services.errors import InvalidRequest, StudioError
from karate.services.fraud_agent import check_fraud
from karate.services.marketing_agent import queue_marketing_emails, send_marketing_email

log = logging.getLogger("karate.agents")

#: How often each scheduled agent's job is queued, in seconds.
PERIODS: Mapping[AgentJobType, int] = {
    AgentJobType.RESOURCE_MONITOR: 600,
    AgentJobType.WORKFLOW_REVIEW: 86_400,
    AgentJobType.FRAUD_CHECK: 3_600,
    AgentJobType.MARKETING_DIGEST: 86_400,
}
#: The agents that read accounts: they run only in accounts mode, marketing only with KARATE_MARKETING_EMAILS.
ACCOUNT_AGENTS = frozenset({AgentJobType.FRAUD_CHECK})
MARKETING_AGENTS = frozenset({AgentJobType.MARKETING_DIGEST, AgentJobType.MARKETING_EMAIL})
#: Seconds a server holds a claimed job before another may take it over.
LEASE_SECONDS = 300
#: Most marketing emails one round sends (a round a minute: 600 an hour, past the digest's 200 a day).
EMAILS_PER_ROUND = 10
#: Alert when the data folder's disk has less free than this fraction, or than this many bytes.
DISK_FREE_FRACTION = 0.10
DISK_FREE_BYTES = 2 * 1024**3
#: Alert when at least this many runs ended in the window and half or more of them failed.
FAILED_RUNS_ALERT = 5
#: Alert when a run has been queued longer than this.
QUEUED_TOO_LONG = timedelta(minutes=5)
#: Most workflows one review reads, newest edits first; most suggestions it keeps per workflow.
REVIEWED_WORKFLOWS = 500
SUGGESTIONS_PER_WORKFLOW = 20


async def monitor_resources(tools: AgentTools, now: datetime) -> dict[str, Any]:
    """The `resource_monitor` job's result: `{runs: {queued, running, queued_over_5_min, ended_last_10_min,
    failed_last_10_min}, disk: {free_bytes, total_bytes}, alerts: [text]}`, the runs that ended counted in the 10
    minutes before `now`; each alert also goes to Slack."""
    window = now - timedelta(seconds=PERIODS[AgentJobType.RESOURCE_MONITOR])
    async with tools.database.session() as session:
        by_status = dict((await session.execute(select(Run.status, func.count()).group_by(Run.status))).all())
        ended = dict(
            (
                await session.execute(
                    select(Run.status, func.count())
                    .where(Run.finished_at >= window, Run.finished_at < now)
                    .group_by(Run.status)
                )
            ).all()
        )
        waiting = await session.scalar(
            select(func.count()).where(Run.status == "queued", Run.created_at < now - QUEUED_TOO_LONG)
        )
    disk = await asyncio.to_thread(shutil.disk_usage, tools.data_dir)
    runs = {
        "queued": by_status.get("queued", 0),
        "running": by_status.get("running", 0),
        "queued_over_5_min": waiting or 0,
        "ended_last_10_min": sum(ended.values()),
        "failed_last_10_min": ended.get("failed", 0),
    }
    alerts: dict[str, str] = {}  # by kind: Slack hears of each kind at most once per KARATE_ALERT_INTERVAL
    if disk.free < DISK_FREE_BYTES or disk.free < disk.total * DISK_FREE_FRACTION:
        alerts["disk"] = (
            f"the data folder's disk has {disk.free / 1024**3:.1f} GiB free of {disk.total / 1024**3:.0f} GiB: "
            "free space, lower KARATE_CACHE_MAX_BYTES or move KARATE_DATA_DIR to a larger disk"
        )
    if runs["ended_last_10_min"] >= FAILED_RUNS_ALERT and runs["failed_last_10_min"] * 2 >= runs["ended_last_10_min"]:
        alerts["failures"] = (
            f"{runs['failed_last_10_min']} of the {runs['ended_last_10_min']} runs that ended in the last 10 minutes "
            "failed: look at their errors in the history, and at the providers' status"
        )
    if runs["queued_over_5_min"]:
        alerts["waiting"] = (
            f"{runs['queued_over_5_min']} runs have waited over 5 minutes to start: add workers (karate worker) "
            "or check that they are running"
        )
    if tools.slack is not None:
        for kind, text in alerts.items():
            tools.slack.alert(f"resources:{kind}", f"Resource agent: {text}")
    return {"runs": runs, "disk": {"free_bytes": disk.free, "total_bytes": disk.total}, "alerts": list(alerts.values())}


async def review_workflows(tools: AgentTools, now: datetime) -> dict[str, Any]:
    """The `workflow_review` job's result: `{reviewed, suggestions: [{workflow_id, title, owner_id, node_id,
    text}]}` for the workflows last edited in the day before `now` (not in the trash; not the templates the studio
    seeds)."""
    since = now - timedelta(seconds=PERIODS[AgentJobType.WORKFLOW_REVIEW])
    async with tools.database.session() as session:
        rows = (
            await session.execute(
                select(Workflow.id, Workflow.title, Workflow.owner_id, Workflow.document)
                .where(
                    Workflow.updated_at >= since,
                    Workflow.updated_at < now,
                    Workflow.deleted_at.is_(None),
                    Workflow.is_template.is_(False),
                )
                .order_by(Workflow.updated_at.desc())
                .limit(REVIEWED_WORKFLOWS)
            )
        ).all()
    context = tools.context()
    suggestions: list[dict[str, Any]] = []
    for workflow_id, title, owner_id, document in rows:
        found = await asyncio.to_thread(_suggestions, document or {}, context)
        suggestions += [
            {"workflow_id": workflow_id, "title": title, "owner_id": owner_id, "node_id": node_id, "text": text}
            for node_id, text in found[:SUGGESTIONS_PER_WORKFLOW]
        ]
    return {"reviewed": len(rows), "suggestions": suggestions}


def _suggestions(document: dict[str, Any], context: PlanContext) -> list[tuple[str | None, str]]:
    """What to improve in one workflow: each node's problem that keeps it from running, then each AI model node
    that cannot run here for want of a provider key."""
    try:
        doc = parse_document(document)
        check = GraphCheck(doc, context.registry, ())
        check.run()
    except Exception:  # a document the studio can no longer read: say so rather than stop the review
        log.warning("a workflow under review could not be read", exc_info=True)
        return [(None, "the workflow could not be read; open it and save it again")]
    found: list[tuple[str | None, str]] = [(problem.node_id, problem.message) for problem in check.all_problems()]
    for node in doc.nodes:
        if context.registry.get(node.type) is not None and not context.offered(node.type):
            found.append(
                (node.id, f"{check.title(node.id)} cannot run here: none of its providers has a key; use another model")
            )
    return found


#: An agent: given the tools, the time and its job's payload, the job's result.
Agent = Callable[[AgentTools, datetime, Mapping[str, Any]], Awaitable[dict[str, Any]]]


def _periodic(agent: Callable[[AgentTools, datetime], Awaitable[dict[str, Any]]]) -> Agent:
    """An agent that reads the period before its job's time: that time is the one the job was queued for (its
    `scheduled_for`), not the one it was claimed at, so each period's window ends where the next one's begins
    however late either job runs. A job queued by hand without it (or with one still to come) reads up to now."""

    async def run(tools: AgentTools, now: datetime, payload: Mapping[str, Any]) -> dict[str, Any]:
        return await agent(tools, min(scheduled_for(payload, now), now))

    return run


def scheduled_for(payload: Mapping[str, Any], now: datetime) -> datetime:
    """The time a job was queued for (`scheduled_for`, ISO 8601; UTC when it names no zone), else `now`.
    StudioError when a payload names a time that is none."""
    named = payload.get("scheduled_for")
    if named is None:
        return now
    try:
        at = datetime.fromisoformat(str(named))
    except ValueError:
        raise InvalidRequest(
            f"the job's scheduled_for, {named!r}, is not an ISO 8601 time such as 2026-12-02T12:00:00+00:00"
        ) from None
    return at if at.tzinfo is not None else at.replace(tzinfo=UTC)


AGENTS: Mapping[AgentJobType, Agent] = {
    AgentJobType.RESOURCE_MONITOR: _periodic(monitor_resources),
    AgentJobType.WORKFLOW_REVIEW: _periodic(review_workflows),
    AgentJobType.FRAUD_CHECK: _periodic(check_fraud),
    AgentJobType.MARKETING_DIGEST: _periodic(queue_marketing_emails),
    AgentJobType.MARKETING_EMAIL: send_marketing_email,
}


def agents_here(tools: AgentTools) -> list[AgentJobType]:
    """The agents this studio runs: the account agents only with accounts, marketing only when it is switched on."""
    return [
        job_type
        for job_type in AGENTS
        if (job_type not in ACCOUNT_AGENTS or tools.accounts) and (job_type not in MARKETING_AGENTS or tools.marketing)
    ]


class AgentScheduler:
    """Queues the scheduled agents' jobs once per period and runs the jobs of `AGENTS` it can claim. `tick()` does
    one round (what the loop started by `start()` does every `interval` seconds, the first an interval after it)."""

    def __init__(self, queue: AgentJobQueue, tools: AgentTools, *, interval: float = 60.0) -> None:
        self.queue = queue
        self.tools = tools
        self.interval = interval
        self.claimer = f"studio:{socket.gethostname()}:{os.getpid()}"
        self._task: asyncio.Task[None] | None = None

    async def tick(self) -> int:
        """Queue what is due, then run every job of an agent this studio runs that can be claimed (the jobs those
        agents queue too); how many ran."""
        now = self.queue.clock()
        here = agents_here(self.tools)
        for job_type in here:
            period = PERIODS.get(job_type)
            if period is None:  # queued by another agent, not by the schedule
                continue
            start = datetime.fromtimestamp(now.timestamp() // period * period, tz=now.tzinfo)
            await self.queue.enqueue(
                job_type, {"scheduled_for": start.isoformat()}, slot=f"{job_type}:{start:%Y-%m-%dT%H:%M}"
            )
        ran = 0
        agents = [job_type for job_type in here if job_type != AgentJobType.MARKETING_EMAIL]
        while job := await self.queue.claim_next(self.claimer, types=agents, lease_seconds=LEASE_SECONDS):
            await self._run(job)
            ran += 1
        # Emails last, a few a round: a slow or absent mail server (30 s a try) never holds up the other agents,
        # and a round stops at the first email the server does not take.
        for _ in range(EMAILS_PER_ROUND if AgentJobType.MARKETING_EMAIL in here else 0):
            job = await self.queue.claim_next(
                self.claimer, types=[AgentJobType.MARKETING_EMAIL], lease_seconds=LEASE_SECONDS
            )
            if job is None:
                break
            ran += 1
            if not await self._run(job):
                break
        return ran

    async def _run(self, job: dict[str, Any]) -> bool:
        """Run one claimed job to its end, recorded as completed or failed; whether it completed."""
        agent = AGENTS[AgentJobType(job["type"])]
        try:
            result = await agent(self.tools, self.queue.clock(), job["payload"])
        except StudioError as error:  # the agent says what stopped it
            log.warning("the %s agent stopped: %s", job["type"], error)
            await self.queue.fail(job["id"], self.claimer, str(error))
            return False
        except Exception as error:
            log.exception("the %s agent failed", job["type"])
            await self.queue.fail(
                job["id"], self.claimer, f"{type(error).__name__}: the agent stopped; see the server log"
            )
            return False
        await self.queue.complete(job["id"], self.claimer, result)
        return True

    def start(self) -> None:
        self._task = asyncio.get_running_loop().create_task(self._forever(), name="agent-scheduler")

    async def stop(self) -> None:
        if self._task is not None:
            self._task.cancel()
            await asyncio.gather(self._task, return_exceptions=True)
            self._task = None

    async def _forever(self) -> None:
        while True:
            await asyncio.sleep(self.interval)  # the first round a while after the start, not competing with it
            try:
                await self.tick()
            except Exception:  # a database hiccup must not end the schedule: the next round tries again
                log.exception("the agents' schedule could not run this round")
