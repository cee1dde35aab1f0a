"""A deterministic, network-free story provider.

It lets GenStory run end to end (tests, demos, CI, an outage of every model server) with
stories that still obey the contract a real model is held to: the five-part structure, the
audience's scene count, word budget and Flesch-Kincaid grade band.

Why it is built this way:
- Determinism: every choice comes from a `random.Random` seeded with a sha256 of the brief,
  never `hash()`, so the same brief gives the same story in every process.
- Readability is steered, not hoped for: each scene is a fixed sequence of plot beats with
  colour sentences between them. Colour comes in a plain and an ornate flavour, and the
  writer picks whichever keeps the running grade closest to the middle of the audience's
  band. The grade is computed incrementally with textstat's own formula and counters, then
  checked once with `textstat.flesch_kincaid_grade` and corrected if needed.
- Word banks live in `offline_corpus` so this module holds only the writing logic.
"""

from __future__ import annotations

import hashlib
import math
import random
import re
import string
from collections import Counter
from dataclasses import dataclass, field
from functools import lru_cache

import textstat

from .errors import ProviderError
from .offline_corpus import (
    GENRES,
    PROTAGONIST_NAMES,
    REGISTERS,
    SCENE_TITLES,
    THEME_LESSONS,
    GenrePack,
    Register,
)
from .offline_rewrite import rewrite_offline
from .outline import PlannedScene, SceneRequest, StoryOutline, WrittenScene
from .rewriting import RewriteRequest, RewrittenScene
from .schemas import MAX_SCENES, MIN_SCENES, SceneDraft, StoryDraft
from .types import CharacterBrief, GeneratedStory, StoryBrief, Usage

MODEL = "offline-storyteller-1"
BUDGET_SHARE = 0.6
REMINDER_BUDGET_SHARE = 0.42
SCENE_WEIGHTS = {
    "introduction": 1.0,
    "rising_action": 1.0,
    "climax": 1.3,
    "falling_action": 0.9,
    "conclusion": 0.8,
}
TENSE_SCENES = frozenset({"rising_action", "climax"})
MAX_CORRECTIONS = 80
PLAIN_CANDIDATES = 6
ORNATE_CANDIDATES = 4
EMPTY_PART_USE = 0.5
EVERY_CANDIDATE = 10_000
BRIEF_TEXT_GRADE_ALLOWANCE = 5.0

_SENTENCE_PIECE = re.compile(r"\b[^.!?]+[.!?]*")
_GROUP_WORDS = re.compile(
    r"\b(they|their|them|themselves|everyone|together|hands|shared|exchanged|company)\b",
    re.IGNORECASE,
)
_PERSON_TAIL = re.compile(r"^, (grateful|remembering|knowing|aware)\b")
_FIRST_SENTENCE = re.compile(r"(?<=[.!?])\s")
_IDEA_PREFIX = re.compile(r"^(this is )?(a |the )?(story|tale) (about|of) ", re.IGNORECASE)
_HONORIFICS = frozenset(
    {"captain", "dr", "mr", "mrs", "ms", "miss", "sir", "lady", "lord", "king", "queen", "prince"}
    | {"princess", "professor", "aunt", "uncle", "grandma", "grandpa"}
)
_LOWERCASE_LEADS = frozenset(
    {"a", "an", "the", "how", "what", "when", "why", "one", "two", "three", "some", "his", "her"}
    | {"their", "our", "my"}
)
_HERO_ROLES = ("protagonist", "hero", "main", "lead")
_TITLE_SMALL_WORDS = frozenset(
    {"a", "an", "the", "of", "in", "on", "at", "to", "and", "by", "for", "with", "from", "into"}
)
_VISUAL_ACTIONS = {
    "introduction": "at home in",
    "rising_action": "exploring",
    "climax": "facing {trouble} at",
    "falling_action": "resting after the danger at",
    "conclusion": "celebrating back in",
}
_VISUAL_MOODS = {
    "introduction": "The scene is calm and full of morning light.",
    "rising_action": "The mood is curious, with a hint of danger.",
    "climax": "The scene is dramatic and full of tension.",
    "falling_action": "The mood is relieved and gentle.",
    "conclusion": "The scene is warm, joyful and bright.",
}


class OfflineStoryProvider:
    """Writes stories from the brief's structured fields, without any model or network."""

    name = "offline"

    def rewrite_scene(self, request: RewriteRequest) -> RewrittenScene:
        return rewrite_offline(request)

    def plan_story(self, brief: StoryBrief) -> StoryOutline:
        """The whole-story writer's draft, as an outline that keeps each scene's text.

        A small adapter: the word targets are the texts' own lengths, so no scene misses one."""
        generated = self.write_story(brief)
        scenes = [
            PlannedScene(
                number=number,
                type=scene.type,
                title=scene.title,
                summary=_first_sentence(scene.content),
                beats=(_first_sentence(scene.content),),
                characters_present=tuple(scene.characters_present),
                visual_description=scene.visual_description,
                word_target=_word_count(scene.content),
            )
            for number, scene in enumerate(generated.draft.scenes, start=1)
        ]
        return StoryOutline(
            title=generated.draft.title,
            lessons=list(generated.draft.lessons),
            scenes=scenes,
            usage=generated.usage,
            provider=self.name,
            model=MODEL,
            scene_texts={n: scene.content for n, scene in enumerate(generated.draft.scenes, start=1)},
        )

    def write_scene(self, request: SceneRequest) -> WrittenScene:
        content = request.outline.scene_texts[request.scene.number]
        return WrittenScene(content=content, provider=self.name, model=MODEL)

    def write_story(self, brief: StoryBrief, *, budget_reminder: bool = False) -> GeneratedStory:
        draft = _StoryWriter(brief, budget_reminder=budget_reminder).write()
        return GeneratedStory(
            draft=draft, usage=_estimate_usage(brief, draft), provider=self.name, model=MODEL
        )


@dataclass(frozen=True)
class _Stats:
    """Textstat's counters for a run of text. They add up sentence by sentence, so a scene's
    grade can be tried with and without a candidate sentence without re-reading the scene."""

    words: int = 0
    sentences: int = 0
    syllables: int = 0

    def __add__(self, other: _Stats) -> _Stats:
        return _Stats(*(a + b for a, b in zip(self.counts, other.counts, strict=True)))

    @property
    def counts(self) -> tuple[int, int, int]:
        return self.words, self.sentences, self.syllables

    def grade(self) -> float:
        """Textstat's Flesch-Kincaid formula without its rounding, a smooth guide for steering."""
        if not self.words:
            return 0.0
        words_per_sentence = self.words / max(1, self.sentences)
        return 0.39 * words_per_sentence + 11.8 * self.syllables / self.words - 15.59

    def textstat_grade(self) -> float:
        """Exactly what `textstat.flesch_kincaid_grade` reports, rounding included."""
        if not self.words:
            return 0.0
        words_per_sentence = _round(self.words / max(1, self.sentences))
        return _round(0.39 * words_per_sentence + 11.8 * _round(self.syllables / self.words) - 15.59)


@dataclass(frozen=True)
class _Character:
    full: str
    short: str
    brief: CharacterBrief


class _Casting:
    """Who is in each scene: the hero always, companions in turn so that everyone appears.

    Scenes are capped (smaller for young readers) because every extra name in a sentence
    pushes the reading grade and the word count up.
    """

    def __init__(self, cast: list[_Character], tiny: bool) -> None:
        self.hero, self.companions = cast[0], cast[1:]
        self.group_size = 1 if tiny else 3
        self.intro_size = 1 if tiny else 3
        self.appearances = {character.full: 0 for character in self.companions}
        self.turn = 0

    def cast_for(self, kind: str) -> list[_Character]:
        sizes = {
            "introduction": self.intro_size,
            "climax": self.group_size,
            "conclusion": self.group_size,
        }
        return [self.hero, *self._pick(sizes.get(kind, 1))]

    def _pick(self, size: int) -> list[_Character]:
        if not self.companions:
            return []
        count = len(self.companions)
        order = [self.companions[(self.turn + i) % count] for i in range(count)]
        chosen = sorted(order, key=lambda c: self.appearances[c.full])[: min(size, count)]
        for character in chosen:
            self.appearances[character.full] += 1
        self.turn += 1
        return [c for c in self.companions if c in chosen]


@dataclass
class _Line:
    text: str
    stats: _Stats
    is_beat: bool


@dataclass
class _Scene:
    type: str
    place: tuple[str, str]
    cast: list[_Character]
    index: int
    lines: list[_Line] = field(default_factory=list)


class _StoryWriter:
    """Writes one story: plans the scenes, then writes each to its word and grade targets."""

    def __init__(self, brief: StoryBrief, *, budget_reminder: bool) -> None:
        self.brief = brief
        self.rng = random.Random(_seed(brief))
        self.pack: GenrePack = GENRES.get(brief.genre, GENRES["adventure"])
        low, high = brief.audience.grade_band
        self.register: Register = REGISTERS[_register_for(high)]
        self.target = (low + high) / 2
        margin = min(1.0, (high - low) / 4)
        self.window = (low + margin, high - margin)
        share = REMINDER_BUDGET_SHARE if budget_reminder else BUDGET_SHARE
        self.word_target = brief.audience.max_word_count * share
        self.cast = _build_cast(brief.characters, self.rng)
        self.used: set[str] = set()
        self.uses: Counter[str] = Counter()
        self._pick_story_elements(high)

    def _pick_story_elements(self, high: float) -> None:
        pack, rng = self.pack, self.rng
        self.home = rng.choice(pack.homes)
        self.places = rng.sample(pack.places, len(pack.places))
        self.goal = rng.choice(pack.goals)
        trouble = rng.randrange(len(pack.troubles))
        self.trouble = pack.troubles[trouble]
        self.act = pack.acts[trouble % len(pack.acts)]
        self.win = rng.choice(pack.wins)
        self.helpers = rng.sample(pack.helpers, len(pack.helpers))
        self.hurdles = rng.sample(pack.hurdles, len(pack.hurdles))
        self.clues = rng.sample(pack.clues, len(pack.clues))
        self.trait = _trait_phrase(self.cast[0].brief.traits) or " and ".join(pack.traits)
        self.grade_limit = high + BRIEF_TEXT_GRADE_ALLOWANCE
        self.idea = _idea(self.brief.description, self.grade_limit)

    def write(self) -> StoryDraft:
        scenes = self._plan_scenes()
        total_weight = sum(SCENE_WEIGHTS[scene.type] for scene in scenes)
        drafts = []
        for scene in scenes:
            words = self.word_target * SCENE_WEIGHTS[scene.type] / total_weight
            drafts.append(self._write_scene(scene, words))
        return StoryDraft(title=self._story_title(), scenes=drafts, lessons=self._lessons())

    def _plan_scenes(self) -> list[_Scene]:
        low, high = self.brief.audience.scene_count
        count = min(MAX_SCENES, max(MIN_SCENES, self.rng.randint(low, max(low, high))))
        falling = 1 + (count - 5) // 3
        rising = count - 3 - falling
        climax_place = self.places[rising % len(self.places)]
        outward = [self.places[i % len(self.places)] for i in range(rising)]
        way_back = [climax_place, *reversed(outward)]
        plan = [("introduction", self.home, 0)]
        plan += [("rising_action", place, i) for i, place in enumerate(outward)]
        plan += [("climax", climax_place, 0)]
        plan += [("falling_action", way_back[i % len(way_back)], i) for i in range(falling)]
        plan += [("conclusion", self.home, 0)]
        casting = _Casting(self.cast, self.register.tiny)
        return [_Scene(kind, place, casting.cast_for(kind), index) for kind, place, index in plan]

    def _write_scene(self, scene: _Scene, word_target: float) -> SceneDraft:
        slots = self._slots(scene)
        beats = [
            self._line(templates, slots | extra, is_beat=True) for templates, extra in self._beats(scene)
        ]
        beats = [beat for beat in beats if beat is not None]
        mood = "tense" if scene.type in TENSE_SCENES else "calm"
        gap_words = max(0.0, word_target - sum(_word_count(b.text) for b in beats))
        gap_words /= max(1, len(beats) - 1)
        for position, beat in enumerate(beats):
            scene.lines.append(beat)
            if position < len(beats) - 1:
                self._fill(scene, slots, mood, gap_words)
        self._calibrate(scene, slots, mood)
        return SceneDraft(
            type=scene.type,
            title=self._scene_title(scene),
            content=self._paragraphs(scene),
            characters_present=[character.full for character in scene.cast],
            visual_description=self._visual(scene),
        )

    def _beats(self, scene: _Scene) -> list[tuple[tuple[str, ...], dict[str, str]]]:
        beats = [(templates, {}) for templates in self.register.beats[scene.type]]
        if scene.type != "introduction":
            return beats
        meets = [
            (self.register.meet, {"friend": c.short, "friend_desc": self._describe(c.brief)})
            for c in scene.cast[1:]
        ]
        return beats[:2] + meets + beats[2:]

    def _slots(self, scene: _Scene) -> dict[str, str | tuple[str, ...]]:
        form = 1 if self.register.tiny else 0
        names = [character.short for character in scene.cast]
        slots: dict[str, str | tuple[str, ...]] = {
            "hero": names[0],
            "team": _join(names),
            "home": self.home[form],
            "place": scene.place[form],
            "goal": self.goal[form],
            "trouble": self.trouble[form],
            "helper": self.helpers[scene.index % len(self.helpers)][form],
            "hurdle": self.hurdles[scene.index % len(self.hurdles)][form],
            "clue": self.clues[scene.index % len(self.clues)][form],
            "act": self.act[form],
            "win": self.win[form],
            "trait": self.trait,
            "sight": tuple(sight[form] for sight in self.pack.sights),
            "sound": tuple(sound[form] for sound in self.pack.sounds),
        }
        if self.idea:
            slots["idea"] = self.idea
        if len(scene.cast) > 1:
            slots["friend"] = names[1]
            slots["friend_desc"] = self._describe(scene.cast[1].brief)
        return slots

    def _describe(self, character: CharacterBrief) -> str:
        """A short appositive for a companion, from traits, description or role."""
        traits = _trait_phrase(character.traits)
        if traits:
            return f"who was always {traits}"
        description = _first_sentence(character.description)
        words = description.split()
        readable = textstat.flesch_kincaid_grade(description + ".") <= self.grade_limit
        if 1 < len(words) <= 10 and words[0].lower() in {"a", "an", "the"} and readable:
            return description[0].lower() + description[1:]
        if character.role.strip() and len(character.role.split()) <= 3:
            return f"the {character.role.strip().lower()}"
        return "a loyal friend"

    def _line(self, templates: tuple[str, ...], slots: dict, *, is_beat: bool) -> _Line | None:
        usable = self._least_used([t for t in templates if self._fits(t, slots)], len(templates))
        if not usable:
            return None
        rendered = [(self._render(template, slots), template) for template in usable]
        text, template = next((r for r in rendered if r[0] not in self.used), rendered[0])
        self.used.add(text)
        self._record((template,))
        return _Line(text, _measure(text), is_beat)

    def _render(self, template: str, slots: dict) -> str:
        values = {
            name: self.rng.choice(slots[name]) if isinstance(slots[name], tuple) else slots[name]
            for name in _fields(template)
        }
        return _capitalize(template.format_map(values))

    def _fill(self, scene: _Scene, slots: dict, mood: str, words: float) -> None:
        added = 0
        while added < words:
            line = self._best_colour(scene, slots, mood)
            scene.lines.append(line)
            added += _word_count(line.text)

    def _calibrate(self, scene: _Scene, slots: dict, mood: str) -> None:
        low, high = self.window
        for _ in range(MAX_CORRECTIONS):
            grade = sum((line.stats for line in scene.lines), _Stats()).textstat_grade()
            if low <= grade <= high:
                break
            self._correct(scene, slots, mood, direction=1 if grade < low else -1)
        band = self.brief.audience.grade_band
        if not band[0] <= textstat.flesch_kincaid_grade(self._paragraphs(scene)) <= band[1]:
            raise ProviderError("offline story left its reading-grade band", retryable=False)

    def _correct(self, scene: _Scene, slots: dict, mood: str, direction: int) -> None:
        """Drop the colour sentence that pulls hardest the wrong way, else add the one that
        pulls hardest the right way; repeated, this converges even when long names dominate."""
        colour = [line for line in scene.lines if not line.is_beat]
        worst = max(colour, key=lambda line: -direction * line.stats.grade(), default=None)
        if worst is not None and direction * (worst.stats.grade() - self.target) < 0:
            scene.lines.remove(worst)
            return
        candidates = self._candidates(slots, mood, count=EVERY_CANDIDATE)
        line, parts = max(candidates, key=lambda c: direction * c[0].stats.grade())
        self._record(parts)
        scene.lines.insert(len(scene.lines) - 1, line)

    def _best_colour(self, scene: _Scene, slots: dict, mood: str) -> _Line:
        current = sum((line.stats for line in scene.lines), _Stats())
        line, parts = self._pick_colour(current, slots, mood, direction=0)
        self._record(parts)
        return line

    def _pick_colour(
        self, current: _Stats, slots: dict, mood: str, direction: int
    ) -> tuple[_Line, tuple[str, ...]]:
        """The candidate that steers the grade best, drawn from the least used wording."""
        candidates = self._candidates(slots, mood)
        return min(candidates, key=lambda c: self._steer(current + c[0].stats, direction))

    def _candidates(self, slots: dict, mood: str, count: int = 0) -> list[tuple[_Line, tuple[str, ...]]]:
        """Colour sentences from the least used wording (`count` of each kind, if given)."""
        candidates = self._colours(slots, mood, ornate=False, count=count or PLAIN_CANDIDATES)
        return candidates + self._colours(slots, mood, ornate=True, count=count or ORNATE_CANDIDATES)

    def _record(self, parts: tuple[str, ...]) -> None:
        for part in parts:
            self.uses[part] += 1 if part else EMPTY_PART_USE

    def _steer(self, stats: _Stats, direction: int) -> float:
        grade = stats.grade()
        return -direction * grade if direction else abs(grade - self.target)

    def _colours(
        self, slots: dict, mood: str, *, ornate: bool, count: int
    ) -> list[tuple[_Line, tuple[str, ...]]]:
        register = self.register
        pool = register.ornate[mood] if ornate else register.plain[mood]
        cores = self._least_used([t for t in pool if self._fits(t, slots)], count)
        openers = self._least_used(register.openers[mood] if ornate else register.plain_openers, count)
        tails = [t for t in register.tails[mood] if self._fits(t, slots)] if ornate else [""]
        person_tails = self._least_used(tails, count)
        scene_tails = self._least_used([t for t in tails if not _PERSON_TAIL.match(t)], count)
        candidates = []
        for i, core in enumerate(cores):
            opener = "" if core.startswith('"') else openers[i % len(openers)]
            tail_pool = person_tails if core.startswith("{") else scene_tails
            candidates.append(self._colour(slots, core, opener, tail_pool[i % len(tail_pool)]))
        return candidates

    def _fits(self, template: str, slots: dict) -> bool:
        """Whether a template can be written here: its slots exist, and a lone hero is alone."""
        if not _fields(template) <= slots.keys():
            return False
        return "friend" in slots or not _GROUP_WORDS.search(template)

    def _least_used(self, options: tuple[str, ...] | list[str], count: int) -> list[str]:
        return sorted(options, key=lambda option: (self.uses[option], self.rng.random()))[:count]

    def _colour(self, slots: dict, core: str, opener: str, tail: str) -> tuple[_Line, tuple[str, ...]]:
        lead = core[0].lower() + core[1:] if opener else core
        text = f"{opener} {lead}{tail}".strip()
        if text[-1] not in ".!?":
            text += "."
        text = self._render(text, slots)
        return _Line(text, _measure(text), False), (core, opener, tail)

    def _paragraphs(self, scene: _Scene) -> str:
        size = self.register.paragraph_sentences
        paragraphs: list[list[str]] = [[]]
        for line in scene.lines:
            if size and line.is_beat and len(paragraphs[-1]) >= size:
                paragraphs.append([])
            paragraphs[-1].append(line.text)
        return "\n\n".join(" ".join(paragraph) for paragraph in paragraphs if paragraph)

    def _title_slots(self, place: tuple[str, str]) -> dict[str, str]:
        return {
            "Hero": self.cast[0].full,
            "Home": _title_case(self.home[0]),
            "Place": _title_case(place[0]),
            "Goal": self.goal[2],
            "Trouble": self.trouble[2],
        }

    def _scene_title(self, scene: _Scene) -> str:
        own = list(self.pack.scene_titles.get(scene.type, ()))
        generic = list(SCENE_TITLES[scene.type])
        self.rng.shuffle(own)
        self.rng.shuffle(generic)
        slots = self._title_slots(scene.place)
        titles = [_capitalize(t.format_map(slots)) for t in own + generic]
        title = next((t for t in titles if t not in self.used), f"{titles[0]}, Once More")
        self.used.add(title)
        return _clip(title)

    def _story_title(self) -> str:
        if self.brief.title.strip():
            return _clip(self.brief.title.strip())
        pattern = self.rng.choice(self.pack.story_titles)
        return _clip(_capitalize(pattern.format_map(self._title_slots(self.places[0]))))

    def _lessons(self) -> list[str]:
        lessons = [self.rng.choice(self.pack.lessons)]
        themes = [THEME_LESSONS[t] for t in self.brief.audience.themes if t in THEME_LESSONS]
        if themes:
            lessons.append(self.rng.choice(themes))
        return lessons

    def _visual(self, scene: _Scene) -> str:
        people = _join([_with_look(character) for character in scene.cast])
        action = _VISUAL_ACTIONS[scene.type].format(trouble=self.trouble[0])
        sight = self.rng.choice(self.pack.sights)[0]
        return (
            f"{people} {action} {scene.place[0]}, with {sight} in the background. {_VISUAL_MOODS[scene.type]}"
        )


def _seed(brief: StoryBrief) -> int:
    parts = [brief.title, brief.description, brief.genre, brief.audience.id]
    parts += [character.name for character in brief.characters]
    digest = hashlib.sha256("\x1f".join(parts).encode("utf-8")).digest()
    return int.from_bytes(digest[:8], "big")


def _register_for(grade_ceiling: float) -> str:
    if grade_ceiling <= 2:
        return "tiny"
    return "simple" if grade_ceiling <= 6 else "rich"


def _build_cast(characters: tuple[CharacterBrief, ...], rng: random.Random) -> list[_Character]:
    named = [c for c in characters if c.name.strip()]
    if not named:
        named = [CharacterBrief(name=rng.choice(PROTAGONIST_NAMES), role="protagonist")]
    hero = next((c for c in named if any(r in c.role.lower() for r in _HERO_ROLES)), named[0])
    ordered = [hero] + [c for c in named if c is not hero]
    shorts = [_short_name(c.name) for c in ordered]
    if len(set(shorts)) < len(shorts):
        shorts = [" ".join(c.name.replace(".", " ").split()) for c in ordered]
    return [_Character(c.name.strip(), s, c) for c, s in zip(ordered, shorts, strict=True)]


def _short_name(full: str) -> str:
    """How the prose calls a character: the first name, or "Captain Hook"; never with a
    full stop, which would end the sentence for the readability formula."""
    tokens = full.replace(".", " ").split()
    if len(tokens) > 1 and tokens[0].lower() in _HONORIFICS:
        return " ".join(tokens[:2])
    return tokens[0]


def _trait_phrase(traits: tuple[str, ...]) -> str:
    words = [t.strip().lower() for t in traits if re.fullmatch(r"[A-Za-z-]+", t.strip())]
    return " and ".join(words[:2])


def _with_look(character: _Character) -> str:
    look = _first_sentence(character.brief.appearance or character.brief.description)
    words = look.split()
    if not words:
        return character.full
    return f"{character.full} ({' '.join(words[:14])})"


def _idea(description: str, grade_limit: float) -> str:
    """The description's first sentence, if it is not far too hard for the audience."""
    text = _IDEA_PREFIX.sub("", _first_sentence(description))
    words = text.split()[:25]
    if not words or textstat.flesch_kincaid_grade(" ".join(words) + ".") > grade_limit:
        return ""
    if words[0].lower() in _LOWERCASE_LEADS:
        words[0] = words[0].lower()
    return " ".join(words).rstrip(",;:")


def _first_sentence(text: str) -> str:
    first = _FIRST_SENTENCE.split(text.strip(), maxsplit=1)[0]
    return first.strip().rstrip(".!?").strip()


@lru_cache(maxsize=512)
def _fields(template: str) -> frozenset[str]:
    return frozenset(name for _, name, _, _ in string.Formatter().parse(template) if name)


def _measure(sentence: str) -> _Stats:
    pieces = _SENTENCE_PIECE.findall(sentence)
    counted = sum(1 for piece in pieces if textstat.lexicon_count(piece) > 2)
    return _Stats(textstat.lexicon_count(sentence), counted, textstat.syllable_count(sentence))


def _round(number: float) -> float:
    return math.floor(number * 10 + math.copysign(0.5, number)) / 10


def _word_count(text: str) -> int:
    return len(text.split())


def _join(items: list[str]) -> str:
    if len(items) <= 2:
        return " and ".join(items)
    return ", ".join(items[:-1]) + ", and " + items[-1]


def _capitalize(text: str) -> str:
    for i, char in enumerate(text):
        if char.isalpha():
            return text[:i] + char.upper() + text[i + 1 :]
    return text


def _title_case(text: str) -> str:
    words = text.split()
    return " ".join(
        word if word.lower() in _TITLE_SMALL_WORDS else word[:1].upper() + word[1:] for word in words
    )


def _clip(title: str, limit: int = 100) -> str:
    if len(title) <= limit:
        return title
    return title[:limit].rsplit(" ", 1)[0].rstrip(",;:")


def _estimate_usage(brief: StoryBrief, draft: StoryDraft) -> Usage:
    prompt = " ".join([brief.system_prompt, brief.user_prompt]).strip()
    if not prompt:
        prompt = " ".join([brief.title, brief.description, *(c.name for c in brief.characters)])
    answer_words = sum(
        _word_count(s.title) + _word_count(s.content) + _word_count(s.visual_description)
        for s in draft.scenes
    )
    answer_words += _word_count(draft.title) + sum(_word_count(lesson) for lesson in draft.lessons)
    return Usage(
        prompt_tokens=_word_count(prompt) * 4 // 3,
        completion_tokens=answer_words * 4 // 3,
        images=0,
    )
