"""Stateful schemathesis: sequences of calls that follow the schema's links (create a story,
generate it, refine it, edit a scene, revert, export, delete, ...) on PostgreSQL, with a real
Celery worker on Redis, so calls meet stories whose jobs are queued, running or finished, as
in production. Every answer passes `fuzzing.CHECKS`: no 5xx, no undocumented status code, no
schema-valid request rejected, bodies as documented.

Like `schemathesis run`, failures are collected as they happen rather than raised, and
scenarios are only generated, never replayed or shrunk: the database and the worker move on
between scenarios, so a replay would not meet the same state (Hypothesis calls that flaky).

CI runs one short, derandomized round. The long run is this same test with a time budget:
rounds of fresh random scenarios repeat until it is spent, then a summary of the calls and
their answers is printed:

    SCHEMATHESIS_STATEFUL_SECONDS=600 CI=true DATABASE_URL=postgres://... \\
        CELERY_BROKER_URL=redis://.../N .venv/bin/python -m pytest \\
        tests/security/test_schema_stateful.py -s
"""

from __future__ import annotations

import os
import time
from collections import Counter

import pytest
from hypothesis import HealthCheck, Phase
from hypothesis import settings as hypothesis_settings
from hypothesis.errors import Flaky
from rest_framework.authtoken.models import Token
from schemathesis.core.failures import FailureGroup

from jobs.models import Job, JobStatus
from jobs.waiting import JobsStillRunning
from tests.waiting import wait_for_jobs

from .fuzzing import CHECKS, load_schema

schema = load_schema()
BUDGET_SECONDS = float(os.environ.get("SCHEMATHESIS_STATEFUL_SECONDS") or 0)


class StatefulRun(schema.as_state_machine()):
    token = ""
    answers: Counter = Counter()
    failures: dict[tuple[str, str], str] = {}

    def before_call(self, case):
        case.headers = {**(case.headers or {}), "Authorization": f"Token {self.token}"}

    def after_call(self, response, case):
        super().after_call(response, case)
        StatefulRun.answers[case.operation.label, response.status_code] += 1

    def validate_response(self, response, case, additional_checks=(), **kwargs):
        try:
            case.validate_response(response, checks=CHECKS)
        except (FailureGroup, AssertionError) as failure:
            for each in getattr(failure, "exceptions", None) or [failure]:
                key = (case.operation.label, getattr(each, "title", type(each).__name__))
                StatefulRun.failures.setdefault(key, str(failure)[:3000])


def summary(answers: Counter, *, rounds: int, cut_short: int, seconds: float) -> str:
    by_class = Counter()
    for (_, status), count in answers.items():
        by_class[f"{status // 100}xx"] += count
    operations = {label for label, _ in answers}
    lines = [
        f"stateful run: {rounds} rounds ({cut_short} ended early as flaky), {sum(answers.values())} calls "
        f"to {len(operations)} operations in {seconds:.0f} s; answers {dict(sorted(by_class.items()))}",
        *(f"  {label}: {status} x{count}" for (label, status), count in sorted(answers.items())),
    ]
    return "\n".join(lines)


@pytest.mark.services
def test_stateful_sequences_get_documented_answers(celery_worker_process, django_user_model, settings):
    settings.THROTTLE_RATES = dict.fromkeys(settings.THROTTLE_RATES)
    user = django_user_model.objects.create_user(username="sequencer", password="long-enough-42")
    StatefulRun.token = Token.objects.create(user=user).key
    StatefulRun.answers.clear()
    StatefulRun.failures.clear()
    started = time.monotonic()
    rounds = cut_short = 0
    while rounds == 0 or time.monotonic() - started < BUDGET_SECONDS:
        rounds += 1
        try:
            StatefulRun.run(
                settings=hypothesis_settings(
                    max_examples=16,
                    stateful_step_count=10,
                    phases=[Phase.generate],
                    deadline=None,
                    derandomize=not BUDGET_SECONDS,
                    database=None,
                    suppress_health_check=list(HealthCheck),
                )
            )
        except Flaky:
            cut_short += 1
    seconds = time.monotonic() - started
    print(summary(StatefulRun.answers, rounds=rounds, cut_short=cut_short, seconds=seconds))
    assert not StatefulRun.failures, "\n\n".join(
        f"{label}: {message}" for (label, _), message in StatefulRun.failures.items()
    )
    started_jobs = sum(count for (_, status), count in StatefulRun.answers.items() if status == 202)
    if not BUDGET_SECONDS:
        # CI's one short round rarely creates a story that a later call goes on to generate (most
        # schema-valid briefs name characters that are not the caller's); only a long run is
        # sure to reach the job paths, so only a long run insists on it.
        return
    assert started_jobs, "no sequence started a job: the links no longer lead from a story to its work"
    try:
        jobs = wait_for_jobs(Job.objects.filter(owner=user).values_list("pk", flat=True), timeout=120)
    except JobsStillRunning as error:
        pytest.fail(f"{error}\n{celery_worker_process.log()[-3000:]}")
    assert any(job.status == JobStatus.SUCCEEDED for job in jobs), "the worker finished no job"
