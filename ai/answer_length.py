"""How far past its word target an answer may run before it is a bad answer, not a scene.

A scene over twice its target missed it and is rewritten once; whichever draft is nearer is
kept and the story's `quality` says so. An answer over `RUNAWAY_FACTOR` times its target is
something else: a server that ignored the token limit, or a model that would not stop (a
120,000-word story was once stored for a 10,000-word audience). It is never kept: it is
rewritten once with the miss stated, and a second runaway fails the job with its spend. The
same holds for a refinement's or an adjustment's rewrite of a scene (`refinements.services.checks`).

Why 4: it is twice the rewrite threshold (`stories.services.generation.WORD_MISS_FACTORS`),
so a scene that merely missed its target is still kept and judged by `quality`; and an answer
held to the token limit the openai provider asks for (1.6 tokens per target word plus 200)
stays under it, since prose runs about 1.3 tokens a word and the smallest scene target of any
audience is about 60 words (1.25 * 60 + 150 < 4 * 60). Scene targets add up to
`outline.BUDGET_SHARE` (0.8) of the audience's `max_word_count`, so a stored generation is at
most about 3.2 times that: far over it is never stored as a success.
"""

from __future__ import annotations

RUNAWAY_FACTOR = 4
SHORTEST_TARGET = 60
"""A shorter target is measured as this many words: a few sentences added to a 16-word scene
(a rewrite for older readers, say) are a scene, not a runaway."""


def runaway_miss(content: str, *, target: int) -> str | None:
    """The miss to state when `content` ran far past its `target` words; None if it did not."""
    words = len(content.split())
    if words <= RUNAWAY_FACTOR * max(target, SHORTEST_TARGET):
        return None
    return f"it had {words} words, more than {RUNAWAY_FACTOR} times the {target} asked"
