"""A network-free moderation provider: a short built-in blocklist.

It is what moderates when no moderation model is configured (the embedded mode, tests,
self-hosted servers without a moderation endpoint). It catches only the plainly unsafe, so
production deployments for children should use a real moderation model; it exists so that
the moderation path is always on and testable offline. It holds no test-only word: tests
use text a user might really write.
"""

from __future__ import annotations

import re

BLOCKED_PATTERNS: tuple[str, ...] = (
    r"porn\w*",
    r"rap(?:e|es|ed|ing|ist|ists)",
    r"molest\w*",
    r"paedophil\w*",
    r"pedophil\w*",
    r"cocaine",
    r"suicid\w*",
    r"behead\w*",
    r"dismember\w*",
    r"fuck\w*",
    r"motherfuck\w*",
    r"cunts?",
)

_BLOCKLIST = re.compile(r"(?<![\w-])(?:" + "|".join(BLOCKED_PATTERNS) + r")(?![\w-])", re.IGNORECASE)


class OfflineModerationProvider:
    name = "offline"

    def moderate(self, text: str) -> bool:
        return _BLOCKLIST.search(text) is not None
