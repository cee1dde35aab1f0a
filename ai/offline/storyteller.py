"""The offline storyteller plans a story from the brief's premise, then writes each scene.

A scene is its plot beats (the register's data, filled with the premise), with texture at its
pauses (the plan's) up to its word target. Registers read inside their band by construction; the
only steering is a choice among a few candidates (the one nearest the register's aim) and joining
two short sentences while a scene reads too young. One `RunGuard` per story bars repeats, and a frame
or bank word serves a capped number of times, so a long story does not lean on one phrase.
"""

from __future__ import annotations

import re
from collections import Counter
from copy import deepcopy
from dataclasses import replace
from functools import lru_cache

import textstat

from ..outline import (
    PlannedScene,
    PlannedSceneAnswer,
    StoryOutline,
    StoryPlan,
    outline_from_plan,
    scene_types,
)
from ..types import AudienceProfile, StoryBrief
from .premise import PRONOUNS, Person, Premise, premise_of
from .text import RunGuard, clip, data, finish, join_names, paragraphs, rng_for, title_case

MODEL = "offline-storyteller-1"
FRAME_CAP, ITEM_CAP, CHOICES, DIALOGUE_EVERY = 3, 2, 3, 4
_BANKS = {"sight": "sights", "sound": "sounds", "smell": "smells", "thought": "thoughts", "time": "times"}
BANK_SLOTS = {"move", "feeling", "clause", *_BANKS}
GROUP_TALK = re.compile(r"\b(we|us|our|you|each other)\b", re.IGNORECASE)


def register_name(audience: AudienceProfile) -> str:
    """The register within the audience's reader group: the youngest readers get the toddler one."""
    young = "toddler" if audience.grade_band[1] <= 2 else "young"
    return young if audience.reader_group == "young" else audience.reader_group


def genre_of(name: str) -> dict:
    return data("genres").get(name, data("genres")["adventure"])


def premise_for(brief: StoryBrief) -> Premise:
    group = brief.audience.reader_group
    return premise_of(brief.title, brief.description, brief.genre, brief.characters, group)


def present(premise: Premise, kind: str, number: int) -> list[Person]:
    if not (companions := premise.companions) or kind in {"introduction", "climax", "conclusion"}:
        return [premise.hero, *companions[:3]]
    return [premise.hero, companions[(number - 2) % len(companions)]]


def scene_slots(brief: StoryBrief, premise: Premise, number: int, kind: str, cast: list[Person]) -> dict:
    """What a scene's templates are filled with; the climax reuses the last obstacle's way past it."""
    genre, hero, things = genre_of(brief.genre), premise.hero, premise.things
    ends = dict(introduction=things[0], falling_action=things[-1], climax=premise.setting)
    ends["conclusion"] = premise.setting
    obstacle = genre["obstacles"][(number - (kind == "climax") + len(premise.goal)) % len(genre["obstacles"])]
    older = int(brief.audience.reader_group != "young")
    group = PRONOUNS["they"] if len(cast) > 1 else PRONOUNS[hero.pronoun]
    if len(cast) == 1 and hero.pronoun == "they":
        group = (hero.short, hero.short, f"{hero.short}'s")
    lesson = genre["lessons"][0][0].lower() + genre["lessons"][0][1:].rstrip(".")
    slots = {"hero": hero.short, "trait": hero.trait, "setting": premise.setting, "goal": premise.goal}
    slots |= {"team": join_names([person.short for person in cast]), "danger": premise.danger}
    slots |= {"thing": ends.get(kind, things[(number - 2) % len(things)]), "obstacle": obstacle[older]}
    slots |= dict(zip(("them", "their", "themself"), hero.forms()[1:], strict=True), lesson=lesson)
    slots |= {"group": group[0], "group_them": group[1], "group_their": group[2]}
    slots |= {"were": "was" if len(cast) == 1 and hero.pronoun != "they" else "were"}
    forms = ("were", "their", "they") if re.search(r"[^su]s$", premise.danger) else ("was", "its", "it")
    slots |= dict(zip(("danger_was", "danger_its", "danger_it"), forms, strict=True))
    slots |= ({"hero_look": hero.look} if hero.look else {}) | (cast[1].as_friend if len(cast) > 1 else {})
    slots |= {key.capitalize(): title_case(str(value)) for key, value in list(slots.items())}
    slots |= {k: p.format_map(slots) for k, p in zip(("solution", "method"), obstacle[2:], strict=True)}
    return slots | {"Obstacle": title_case(obstacle[0]), "Group": group[0].capitalize()}


def spoken(line: str, speaker: str, tense: str) -> str:
    """A spoken line with its speech verb in the text's tense: '"Hold on!" called Mira.'"""
    verb = data("rewrite")["speech"][tense][{"?": "ask", "!": "call"}.get(line[-1], "say")]
    return f'"{line}{"" if line[-1] in "?!" else ","}" {verb} {speaker}.'


@lru_cache(maxsize=1024)
def fields(template: str) -> frozenset[str]:
    return frozenset(re.findall(r"{(\w+)}", template))


@lru_cache(maxsize=2048)
def _cap(text: str, cap: int = FRAME_CAP) -> int:
    """A frame with little fixed wording reads fresh with new words in it, and a word or two of a
    bank reads fresh in new company, so either may serve more often."""
    return cap * (4 if len(re.sub(r"{\w+}", "", text).split()) <= (4 if "{" in text else 2) else 1)


def _measure(text: str) -> tuple[int, int, int]:
    """Words, sentences and syllables: the Flesch-Kincaid grade's parts, so grades can be summed."""
    return textstat.lexicon_count(text), max(1, textstat.sentence_count(text)), textstat.syllable_count(text)


SUMMARY_LIMIT, VISUAL_LIMIT, BEAT_LIMIT, MAX_BEATS = 200, 200, 150, 4
"""The plan schema's limits (`PlannedSceneAnswer`), which bind the offline planner as they do a model."""


def plan(brief: StoryBrief) -> StoryOutline:
    premise, register = premise_for(brief), data("registers")[register_name(brief.audience)]
    rng = rng_for("plan", brief.title, brief.description, brief.genre, brief.audience.id)
    low, high = brief.audience.scene_count
    used: set[str] = set()
    answers = []
    for number, kind in enumerate(scene_types(rng.randint(low, min(high, low + 1))), start=1):
        cast = present(premise, kind, number)
        slots = scene_slots(brief, premise, number, kind, cast)
        beats = [finish(template.format_map(slots)) for template in data("plan")["beats"][kind]]
        answers.append(
            PlannedSceneAnswer(
                title=title_for(register["titles"][kind], slots, used, rng),
                summary=clip(" ".join(beats), SUMMARY_LIMIT),
                beats=[clip(beat, BEAT_LIMIT) for beat in beats[:MAX_BEATS]],
                characters_present=[person.name for person in cast],
                visual_description=clip(_visual(premise, kind, cast), VISUAL_LIMIT),
            )
        )
    title = clip(brief.title.strip()) or clip(title_case(f"{premise.hero.short} and {premise.setting}"))
    themes = [data("genres")["themes"].get(theme) for theme in brief.audience.themes]
    lessons = [genre_of(brief.genre)["lessons"][0], *[rng.choice([t for t in themes if t] or [""])]]
    story_plan = StoryPlan(title=title, lessons=[x for x in lessons if x], scenes=answers)
    outline = outline_from_plan(story_plan, brief.audience)
    outline.provider, outline.model = "offline", MODEL
    return outline


def title_for(templates: list[str], slots: dict, used: set[str], rng) -> str:
    """A title from the register's templates not yet used in the story (then added to `used`)."""
    options = [template for template in templates if fields(template) <= slots.keys()]
    rng.shuffle(options)
    titles = [clip(title_case(template.format_map(slots))) for template in options]
    fallback = clip(f"{slots['Hero']} and {slots['Thing']}, Part {len(used) + 1}")
    title = next((t for t in titles if t not in used), fallback)
    used.add(title)
    return title


def _visual(premise: Premise, kind: str, cast: list[Person]) -> str:
    described = join_names([f"{p.name} ({p.look})" if p.look else p.name for p in cast])
    action = data("plan")["actions"][kind].format(danger=premise.danger)
    return f"{described} {action} {premise.setting}. {data('plan')['moods'][kind]}"


class Storyteller:
    """Writes the scenes of one story in order, sharing one `RunGuard` and one count of uses."""

    def __init__(self, brief: StoryBrief, guard: RunGuard | None = None) -> None:
        self.brief = brief
        self.premise = premise_for(brief)
        self.register = data("registers")[register_name(brief.audience)]
        self.bank = data("banks")[self.register["bank"]]
        places = [p for w in self.premise.setting.split() for p in data("places").values() if w in p["nouns"]]
        self.place = places[0][self.register["bank"]] if places else {}
        self.guard = guard or RunGuard.telling(brief.description)
        self.seed = (brief.title, brief.description, brief.audience.id)
        self.uses: Counter = Counter()
        self.names = {person.short.split()[0] for person in self.premise.cast} | {"I"}
        low, high = brief.audience.grade_band
        self.aim, self.floor = low + (high - low) * self.register["aim"], low + (high - low) / 4

    def write(self, scene: PlannedScene, word_target: int) -> str:
        rng = rng_for("scene", *self.seed, str(scene.number))
        cast = [p for p in self.premise.cast if p.name in scene.characters_present] or [self.premise.hero]
        slots = scene_slots(self.brief, self.premise, scene.number, scene.type, cast)
        mood = "tense" if scene.type in {"rising_action", "climax"} else "calm"
        self.lines, self.parts, self.open, self.told, self.here = [], [0, 0, 0], -1, 0, set()
        beats = [self._options(step, slots, rng) for step in self.register["beats"][scene.type]]
        if scene.type == "introduction":
            meet = self.register["companion"]
            beats[2:2] = [self._options(meet, slots | p.as_friend, rng) for p in cast[1:]]
        gaps = sorted({gap % len(beats) for gap in data("plan")["pauses"][scene.type]} - {0})
        for index, options in enumerate(beats):
            if index in gaps:
                ahead = sum(len(o[0].split()) for o in beats[index:] if o)
                share = (word_target - ahead) * (gaps.index(index) + 1) / len(gaps)
                while self.parts[0] < share and self._add(self._texture(cast, slots, mood, rng), True):
                    pass
            self._add(next((s for s in map(self._pronoun, options) if self.guard.fits(s)), ""))
        missing = [p.short for p in cast if p.short not in " ".join(self.lines)]
        there = [finish(f"{join_names(missing)} {('was', 'were')[len(missing) > 1]} there")] * bool(missing)
        return paragraphs(there + self.lines, self.register["paragraph"])

    def _options(self, step: list, slots: dict, rng) -> list[str]:
        options = [finish(v.format_map(slots)) for v in step if fields(v) <= slots.keys()]
        rng.shuffle(options)
        return options

    def _add(self, sentence: str, texture: bool = False) -> bool:
        """Add a sentence; while the scene reads below the register's aim, join it to the last texture
        sentence if that has joins left (the register's `joins`, one more below the band's floor)."""
        if not sentence:
            return False
        now = self._grade_with("")
        last = self.lines[-1] if self.open > (now >= self.floor) - 1 else '"'
        lead = sentence if sentence.split()[0] in self.names else sentence[0].lower() + sentence[1:]
        joined = f"and {lead}"
        if (
            texture
            and now < self.aim
            and f"{last[-1]}{sentence[-1]}" == ".."
            and not {'"', ";", ":"} & set(last + sentence)
            and len(f"{last} {joined}".split()) <= self.register["join_limit"]
            and self.guard.fits(joined)
        ):
            self.lines[-1], sentence, self.open = f"{last[:-1]}, {joined}", joined, self.open - 1
            self.parts[1] -= 1
        else:
            self.lines.append(sentence)
            self.open = self.register["joins"] if texture else -1
        self.guard.add(sentence)
        self.parts = [a + b for a, b in zip(self.parts, _measure(sentence), strict=True)]
        self.told += texture
        return True

    def _pronoun(self, sentence: str) -> str:
        """A sentence that follows one opening with the hero's name opens with the pronoun instead."""
        name = f"{self.premise.hero.short} "
        if self.premise.hero.pronoun != "they" and self.lines and self.lines[-1].startswith(name):
            return re.sub(rf"^{name}", f"{self.premise.hero.pronoun.capitalize()} ", sentence)
        return sentence

    def _texture(self, cast: list[Person], slots: dict, mood: str, rng) -> str:
        """The candidate (of up to `CHOICES`) that keeps the scene's grade nearest the register's aim."""
        talk = self.told % DIALOGUE_EVERY == DIALOGUE_EVERY - 1
        if talk and (line := self._dialogue(cast, mood, rng)):
            return line
        own, other = (self.register["texture"][m] for m in (mood, "calm" if mood == "tense" else "tense"))
        frames = [f for f in own + other if fields(f) <= slots.keys() | BANK_SLOTS]
        rng.shuffle(frames)
        frames.sort(key=lambda f: (self.uses[f] >= _cap(f), f not in own, self.uses[f]))
        candidates = []
        for frame in frames:
            if candidates and self.uses[frame] >= _cap(frame):
                break
            rendered = self._render(frame, cast, slots, mood, rng)
            if rendered and self.guard.fits(sentence := self._pronoun(rendered[0])):
                candidates.append((sentence, rendered[1]))
                if len(candidates) == CHOICES:
                    break
        sentence, used = min(candidates or [("", [])], key=lambda c: abs(self._grade_with(c[0]) - self.aim))
        self.uses.update(used)
        self.here.update(used[1:])
        return sentence

    def _grade_with(self, sentence: str) -> float:
        words, count, syllables = (a + b for a, b in zip(self.parts, _measure(sentence), strict=True))
        return 0.39 * words / count + 11.8 * syllables / max(1, words) - 15.59

    def _render(self, frame: str, cast: list[Person], slots: dict, mood: str, rng) -> tuple[str, list] | None:
        friend = rng.choice(cast[1:]) if len(cast) > 2 and "{friend}" in frame else cast[-1]
        local, used = dict(slots) | ({"friend": friend.short} if len(cast) > 1 else {}), [frame]
        for key in sorted(fields(frame) - slots.keys()):
            subject = friend if key == "move" and "{friend} {move}" in frame else cast[0]
            bank = _BANKS.get(key, f"{key}s_{mood}")
            nearby = self.place.get(bank, [])
            bar = set(data("lexicon")["human_only"]) if subject.pronoun == "it" else set()
            items = [item for item in nearby + self.bank.get(bank, []) if item not in self.here]
            fresh = [i for i in items if self.uses[i] < _cap(i, ITEM_CAP) and bar.isdisjoint(i.split())]
            if not fresh and (parts := self.place.get(f"{bank}_parts") or self.bank.get(f"{bank}_parts")):
                fresh = [re.sub(r"\ba ([aeiou])", r"an \1", " ".join(map(rng.choice, parts)))]
            if not fresh:
                return None
            item = rng.choice([item for item in fresh if item in nearby] or fresh)
            used.append(item)
            for word, form in zip(("they", "them", "their", "themself"), subject.forms(), strict=True):
                item = re.sub(rf"\b{word}\b", form, item)
            local[key] = item
        return finish(frame.format_map(local)), used

    def _dialogue(self, cast: list[Person], mood: str, rng) -> str:
        """A spoken line not yet used, unless it would pull the scene's grade below the band's floor."""
        lines = [line.rstrip(".") for line in self.register["lines"][mood] if not self.uses[line.rstrip(".")]]
        lines = [line for line in lines if len(cast) > 1 or not GROUP_TALK.search(line)]
        line = rng.choice(lines) if lines else ""
        said = spoken(line, rng.choice(cast).short, "past") if line else ""
        if not said or not self.guard.fits(said) or self._grade_with(said) < self.floor:
            return ""
        self.uses[line] += 1
        return said


@lru_cache(maxsize=16)
def compose(brief: StoryBrief, scenes: tuple[PlannedScene, ...]) -> tuple[tuple[str, ...], RunGuard]:
    """Every scene's text (deterministic, so cached) and the guard after them; the climax first."""
    teller = Storyteller(brief)
    first = sorted(scenes, key=lambda scene: scene.type != "climax")
    texts = {scene.number: teller.write(scene, scene.word_target) for scene in first}
    return tuple(texts[scene.number] for scene in scenes), teller.guard


def revise(brief: StoryBrief, scenes: tuple[PlannedScene, ...], number: int, word_target: int) -> str:
    """Write scene `number` again to a new word target, against the story's other scenes."""
    others = tuple(scene for scene in scenes if scene.number != number)
    _, guard = compose(brief, others)
    scene = next(scene for scene in scenes if scene.number == number)
    return Storyteller(brief, deepcopy(guard)).write(replace(scene, word_target=word_target), word_target)
