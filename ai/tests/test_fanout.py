"""The one concurrent map: bounded, metered, and no thread outlives its block."""

from __future__ import annotations

import threading
import time

import pytest

from ai.fanout import concurrent_map
from ai.types import Usage
from ai.usage import metered, report_usage


def live_threads(prefix: str) -> list[str]:
    return [thread.name for thread in threading.enumerate() if thread.name.startswith(prefix)]


def test_at_most_limit_calls_run_at_once_and_every_outcome_is_yielded():
    running, most = [0], [0]
    lock = threading.Lock()

    def call(item: int) -> int:
        with lock:
            running[0] += 1
            most[0] = max(most[0], running[0])
        time.sleep(0.02)
        with lock:
            running[0] -= 1
        return item * 2

    with concurrent_map(call, range(9), limit=3, name="bounded") as outcomes:
        results = sorted(outcome.result for outcome in outcomes)
    assert results == [item * 2 for item in range(9)]
    assert most[0] == 3


def test_an_error_of_the_caller_cancels_what_has_not_started_and_waits_for_what_runs():
    started = []

    def slow(item: int) -> int:
        started.append(item)
        time.sleep(0.1)
        return item

    with pytest.raises(KeyError), concurrent_map(slow, range(10), limit=2, name="abandoned") as outcomes:
        for _ in outcomes:
            raise KeyError("the caller failed")
    assert live_threads("abandoned") == []
    time.sleep(0.2)
    assert len(started) < 10, "calls not yet started are cancelled, never run later"


def test_fail_fast_stops_new_calls_after_the_first_error_but_yields_those_already_running():
    def call(item: int) -> int:
        if item == 0:
            raise ValueError("first fails")
        time.sleep(0.05)
        return item

    with concurrent_map(call, range(12), limit=3, name="failfast", fail_fast=True) as outcomes:
        seen = list(outcomes)
    errors = [outcome for outcome in seen if outcome.error is not None]
    assert [outcome.item for outcome in errors] == [0] and isinstance(errors[0].error, ValueError)
    assert 1 < len(seen) < 12, "the two calls running with it finish; the rest never start"


def test_each_answer_reaches_the_meter_of_whoever_mapped():
    paid: list[tuple[int, str]] = []

    def call(item: int) -> int:
        report_usage(Usage(completion_tokens=item), "model")
        return item

    meter = metered(lambda usage, model: paid.append((usage.completion_tokens, model)))
    with meter, concurrent_map(call, [1, 2, 3], limit=2, name="metered") as outcomes:
        list(outcomes)
    assert sorted(paid) == [(1, "model"), (2, "model"), (3, "model")]


def test_a_single_item_runs_in_the_calling_thread():
    with concurrent_map(
        lambda item: threading.current_thread().name, ["only"], limit=4, name="x"
    ) as outcomes:
        (outcome,) = list(outcomes)
    assert outcome.result == threading.current_thread().name
