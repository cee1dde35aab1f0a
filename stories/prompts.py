"""Audience-aware prompt building for story generation.

The wording follows three reader groups, because what a good story looks like changes more
between them than within them: young children (2-7) want repetition and one clear problem,
middle grade and preteens (8-13) want a quest with setbacks, YA and adults (14+) want interior
conflict and consequences.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import replace

from ai.outline import SceneRequest, StoryOutline
from ai.types import AudienceProfile, CharacterBrief, StoryBrief
from languages.catalogue import DEFAULT_LANGUAGE, get_language

from .metrics import letters_per_word, readability
from .quality import scene_min_words

VOCABULARY = {
    "very_simple": "only very common one- and two-syllable words a toddler hears every day",
    "simple": "simple everyday words; explain any new word through context",
    "moderate": "a moderate vocabulary with some vivid, age-appropriate new words",
    "advanced": "a rich vocabulary, including abstract words where they fit",
    "sophisticated": "a sophisticated, literary vocabulary with precise word choice",
}
VOCABULARY_ANY_LANGUAGE = {
    "very_simple": "only the shortest, most common words a toddler hears at home every day",
    "simple": "simple everyday words; explain any new word through context",
    "moderate": "a moderate vocabulary with some vivid, age-appropriate new words",
    "advanced": "a rich vocabulary, including abstract words where they fit",
    "sophisticated": "a sophisticated, literary vocabulary with precise word choice",
}
"""The vocabulary asked of a story in another language: syllable counts are English's measure
(a common Spanish or German word has more of them than an English one)."""
SENTENCE_WORDS = {"very_short": (3, 6), "short": (5, 10), "medium": (8, 15)}
SENTENCES = {
    "very_short": "very short sentences of 3 to 6 words",
    "short": "short sentences of about 5 to 10 words",
    "medium": "sentences of about 8 to 15 words",
    "varied": "varied sentence lengths, mixing short punchy sentences with longer ones",
}
COMPLEXITY = {
    "minimal": "one simple event with a happy, reassuring ending",
    "low": "one clear problem solved in a few simple steps",
    "moderate": "a clear quest with a couple of setbacks",
    "moderate_high": "a layered plot with a subplot and real stakes",
    "high": "layered plot, subtext and consequences that matter",
}
STRUCTURE_BY_GROUP = {
    "young": (
        "Use repetition and a gentle rhythm. The introduction meets the characters in a familiar "
        "place; the rising action brings one small problem; the climax is the moment it is solved; "
        "the falling action shows everyone feeling better; the conclusion ends warmly, at rest."
    ),
    "middle": (
        "Open with the characters and what they want. Rising action scenes each add a challenge or a "
        "setback; the climax is the hardest test, met with courage and teamwork; falling action "
        "shows the consequences; the conclusion shows what the characters learned."
    ),
    "mature": (
        "Establish voice, setting and the protagonist's inner conflict. Rising action escalates "
        "external and internal stakes; the climax forces a meaningful choice; falling action deals "
        "with its cost; the conclusion resolves the arc without preaching, leaving room for thought."
    ),
}
GENRE_NOTES = {
    "adventure": "a journey with obstacles, discovery and brave choices",
    "fantasy": "a magical world with its own consistent rules and wonder",
    "mystery": "clues planted fairly, a puzzle the reader can follow, a satisfying reveal",
    "educational": "accurate facts woven naturally into the plot, learned through the characters",
    "comedy": "playful situations, funny misunderstandings and a light tone",
    "drama": "emotional stakes, relationships and growth",
    "scifi": "plausible science and technology driving the plot, a sense of wonder",
    "historical": "an authentic historical setting, period details without anachronisms",
}


def reader_group(audience: AudienceProfile) -> str:
    """The audience's reader group, as `stories.audiences` sets it."""
    return audience.reader_group


def audience_lines(
    audience: AudienceProfile, genre: str, *, planning: bool = True, language: str = DEFAULT_LANGUAGE
) -> list[str]:
    """How to write for the audience. Complexity and themes shape the plan; a scene call gets
    the plan's beats instead, so it is told only what each sentence needs (every scene call
    carries its system prompt: what it does not need is paid for once per scene)."""
    plan_only = [
        f"Complexity: {COMPLEXITY[audience.complexity]}.",
        f"Themes that suit this audience: {', '.join(audience.themes)}.",
    ]
    return [
        f"Vocabulary: {vocabulary(audience, language)}.",
        f"Sentences: {sentences(audience, language)}.",
        *(plan_only if planning else []),
        f"Genre: {GENRE_NOTES.get(genre, genre)}.",
        *readability_lines(audience, language),
    ]


def vocabulary(audience: AudienceProfile, language: str = DEFAULT_LANGUAGE) -> str:
    table = VOCABULARY if language == DEFAULT_LANGUAGE else VOCABULARY_ANY_LANGUAGE
    return table[audience.vocabulary_level]


def sentences(audience: AudienceProfile, language: str = DEFAULT_LANGUAGE) -> str:
    """Sentence length in words, which every language counts alike; in a script without spaces,
    in characters too (as many as that many words hold)."""
    per_word = letters_per_word(language)
    words = SENTENCE_WORDS.get(audience.sentence_length)
    if per_word is None or words is None:
        return SENTENCES[audience.sentence_length]
    low, high = (round(count * per_word) for count in words)
    return f"{SENTENCES[audience.sentence_length]} (about {low} to {high} characters)"


def readability_lines(audience: AudienceProfile, language: str = DEFAULT_LANGUAGE) -> list[str]:
    """The readability aimed at, on the formula the story's language is measured with."""
    found = readability(language)
    if found is None:
        return []
    low, high = found.band(audience.id)
    if found.measure == "flesch_kincaid_grade":
        return [f"Aim for a Flesch-Kincaid reading grade between {low:g} and {high:g}."]
    direction = "higher is easier" if found.higher_is_easier else "higher is harder"
    return [f"Aim for a {found.name} readability score between {low:g} and {high:g} ({direction})."]


def language_lines(language: str = DEFAULT_LANGUAGE, *, visuals: bool = True) -> list[str]:
    """Write in the story's language; pictures are described in English for the illustrator.
    Nothing for English, whose prompts were always in it."""
    if language == DEFAULT_LANGUAGE:
        return []
    found = get_language(language)
    named = f"{found.name} ({found.native_name})"
    lines = [
        f"Language: write in {named}. Everything the reader reads (the title, lessons, scene "
        f"titles, summaries, beats and the scene text) is in {named}; keep the characters' names "
        "as given.",
    ]
    if visuals:
        lines.append(
            "Write every visual description for the illustrator in English, which image models read "
            "best, and describe each character's looks the same way in every scene."
        )
    return lines


def plan_system_prompt(audience: AudienceProfile, genre: str, language: str = DEFAULT_LANGUAGE) -> str:
    """The outline call: the plan of every scene, no scene text yet."""
    low_scenes, high_scenes = audience.scene_count
    return "\n".join(
        [
            f"You are an award-winning author planning a {genre} story for {audience.label.lower()}.",
            *language_lines(language),
            *audience_lines(audience, genre, language=language),
            f"The whole story must stay under {audience.max_word_count} words; each scene will be "
            "written later to its share of that budget.",
            f"Plan {low_scenes} to {high_scenes} scenes; the climax comes two or three scenes before the "
            "end, the last scene is the conclusion.",
            STRUCTURE_BY_GROUP[reader_group(audience)],
            "Do not write the scenes yet. Give the story a title, 1 to 3 lessons it teaches, and for each "
            "scene: a short title, a one-sentence summary, 2 to 4 beats (what happens, in order), the "
            "names of the characters present, and a one- or two-sentence visual description of the scene "
            "for an illustrator.",
        ]
    )


def _a(word: str) -> str:
    return "an" if word[:1].lower() in "aeiou" else "a"


def scene_system_prompt(audience: AudienceProfile, genre: str, language: str = DEFAULT_LANGUAGE) -> str:
    """A scene call: the text of one planned scene."""
    return "\n".join(
        [
            f"You are an author writing one scene of {_a(genre)} {genre} story for {audience.label.lower()}.",
            *language_lines(language, visuals=False),
            *audience_lines(audience, genre, planning=False, language=language),
            "Write only this scene: prose in paragraphs, its beats in order.",
        ]
    )


def describe_character(character: CharacterBrief) -> str:
    parts = [character.name + (f" ({character.role})" if character.role else "")]
    if character.description:
        parts.append(character.description)
    if character.traits:
        parts.append("traits: " + ", ".join(character.traits))
    if character.appearance:
        parts.append("looks: " + character.appearance)
    return "- " + "; ".join(parts)


def user_prompt(title: str, description: str, characters: Iterable[CharacterBrief]) -> str:
    lines = [f"Title: {title}" if title else "Title: (choose a fitting title)", f"Brief: {description}"]
    cast = [describe_character(character) for character in characters]
    lines.append("Characters:\n" + "\n".join(cast) if cast else "Characters: invent a fitting cast.")
    return "\n".join(lines)


def build_brief(
    *,
    title: str,
    description: str,
    genre: str,
    audience: AudienceProfile,
    characters: tuple[CharacterBrief, ...],
    language: str = DEFAULT_LANGUAGE,
) -> StoryBrief:
    return StoryBrief(
        title=title,
        description=description,
        genre=genre,
        audience=audience,
        characters=characters,
        system_prompt=plan_system_prompt(audience, genre, language),
        user_prompt=user_prompt(title, description, characters),
        language=language,
    )


def _plan_line(planned, number: int) -> str:
    if planned.number == number:
        return f"{planned.number}. (this scene, below)"
    if planned.number == number - 1:
        return f"{planned.number}. {planned.title} (previous): {planned.summary}"
    if planned.number == number + 1:
        return f"{planned.number}. {planned.title} (next): {planned.summary}"
    if planned.number < number:
        return f"{planned.number}. {planned.title}: {planned.summary}"
    return f"{planned.number}. {planned.title}"


def scene_request(
    *, brief: StoryBrief, outline: StoryOutline, number: int, revision_note: str = ""
) -> SceneRequest:
    """What one scene call needs: the outline, its own beats and its neighbours' summaries."""
    scenes = {scene.number: scene for scene in outline.scenes}
    scene = scenes[number]
    previous = scenes[number - 1].summary if number - 1 in scenes else ""
    following = scenes[number + 1].summary if number + 1 in scenes else ""
    request = SceneRequest(
        brief=brief,
        outline=outline,
        scene=scene,
        previous_summary=previous,
        next_summary=following,
        revision_note=revision_note,
        least_words=scene_min_words(brief.audience.id),
    )
    return replace(
        request,
        system_prompt=scene_system_prompt(brief.audience, brief.genre, brief.language),
        user_prompt=scene_user_prompt(request),
    )


def scene_user_prompt(request: SceneRequest) -> str:
    """One scene's prompt. The plan is told in full up to the scene after this one (what has
    happened, and where this scene leads) and by title beyond it: every scene call carries the
    plan, so what a scene does not need is not sent again with each of them."""
    outline, scene = request.outline, request.scene
    present = set(scene.characters_present)
    cast = [describe_character(c) for c in request.brief.characters if c.name in present]
    lines = [
        f"Story: {outline.title}",
        "The plan:\n" + "\n".join(_plan_line(planned, scene.number) for planned in outline.scenes),
        f"Write scene {scene.number} of {len(outline.scenes)} "
        f"({scene.type.replace('_', ' ')}): {scene.title}",
        "Beats:\n" + "\n".join(f"- {beat}" for beat in scene.beats),
    ]
    described = {c.name for c in request.brief.characters if c.name in present}
    if cast:
        lines.append("Characters present:\n" + "\n".join(cast))
    named_only = [name for name in scene.characters_present if name not in described]
    if named_only or not cast:
        lines.append(
            "Also present: " + ", ".join(named_only)
            if cast
            else "Characters present: " + (", ".join(named_only) or "as the plan says")
        )
    lines.append(f"Length: about {scene.word_target} words.")
    if request.revision_note:
        lines.append(f"Your previous draft missed: {request.revision_note}")
    return "\n\n".join(lines)
