"""The operating settings (throttles, cache, budget, logs, moderation) fail start-up clearly."""

import pytest

from genstory.tests.test_settings import start


@pytest.mark.parametrize(
    ("env", "message"),
    [
        ({"THROTTLE_GENERATE": "lots"}, "THROTTLE_GENERATE must look like 30/hour"),
        ({"THROTTLE_BATCH": "5/fortnight"}, "THROTTLE_BATCH must look like 30/hour"),
        ({"CACHE_URL": "nosuchcache://x"}, "CACHE_URL is not valid"),
        ({"DAILY_BUDGET_USD": "-1"}, "DAILY_BUDGET_USD must be 0"),
        ({"DAILY_BUDGET_USD": "five"}, "DAILY_BUDGET_USD is not valid"),
        ({"LOG_FORMAT": "xml"}, "LOG_FORMAT must be plain or json"),
        ({"MODERATION_PROVIDER": "vibes"}, "MODERATION_PROVIDER must be one of"),
    ],
)
def test_bad_operating_settings_stop_start_up_with_one_line(env, message):
    result = start(DEBUG="true", **env)
    assert result.returncode == 2
    assert message in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1


def test_a_redis_cache_url_is_understood():
    assert start(DEBUG="true", CACHE_URL="redis://127.0.0.1:6379/1", THROTTLE_EXPORTS="").returncode == 0
