"""The offline checker files what it flags under OpenAI's category names, one verdict per text."""

import pytest

from ai.offline.moderation import OfflineModerationProvider, flagged_categories
from ai.types import ModerationVerdict


def test_each_text_gets_its_own_verdict_with_the_categories_it_holds():
    verdicts = OfflineModerationProvider().moderate(
        [
            "A fox walks home through the wood.",
            "The hitman beheaded his rival over a bag of cocaine.",
            "A pamphlet on painless ways to die.",
            "Death to all immigrants, the mob shouted.",
            "A man was arrested for child-porn.",
        ]
    )

    assert [verdict.categories for verdict in verdicts] == [
        frozenset(),
        {"violence/graphic", "illicit"},
        {"self-harm/instructions"},
        {"hate/threatening"},
        {"sexual/minors"},
    ]
    assert verdicts[0] == ModerationVerdict(flagged=False)
    assert all(verdict.flagged for verdict in verdicts[1:])


def test_whole_words_only():
    [verdict] = OfflineModerationProvider().moderate(["The drapes and the grapes of Cocainesville."])
    assert verdict == ModerationVerdict(flagged=False)


@pytest.mark.parametrize(
    "disguised",
    [
        "a bag of co\u200bcaine",
        "a bag of co\u00adcaine",
        "a bag of \uff23\uff2f\uff23\uff21\uff29\uff2e\uff25",
        "a bag of c\u043ecaine",
    ],
    ids=["zero-width-space", "soft-hyphen", "full-width", "cyrillic-o"],
)
def test_a_disguised_word_is_read_as_a_reader_reads_it(disguised):
    """Invisible characters, full-width letters and look-alike letters are no way round the list."""
    assert flagged_categories(disguised) == flagged_categories("a bag of cocaine") != frozenset()
