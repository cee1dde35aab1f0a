"""The offline storyteller: the brief's premise told as events (the hero wants, tries, fails,
learns, succeeds, and something changes), from the material in `data/plot.yaml`.

A scene is as long as its beats: the outline's word targets are what the scenes hold, scaled by
the register (young readers get each clause as a sentence and fewer beats, mature readers whole
compound sentences and the reflective clauses), never texture padded to a budget. Which
obstacle, turn and wording a story gets is chosen by a generator seeded from its brief, and no
template serves twice in a story, so two briefs differ and a story does not loop.
"""

from __future__ import annotations

import re
from collections import Counter

from ..types import StoryBrief
from .events import EventsTold, brief_events, place_events, retells
from .goals import beats_left_out, goal_beats, goal_forms
from .nouns import SLOT_KINDS, kind_of, lemma, plain_deed
from .premise import Person
from .roles import ALONE, HELPER, beat_for, fits, role_of, sees
from .slots import (
    FEAR,
    article,
    brief_slots,
    by_name,
    kind_of_deed,
    kind_phrase,
    lesson_of,
    lessons_for,
    plainer,
    premise_for,
    quiet_beats,
    register_name,
    said_of,
)
from .text import (
    capitalize,
    data,
    fit_band,
    grade,
    marks,
    paragraphs,
    rng_for,
    shortened,
    word_count,
    word_runs,
)
from .worlds import brief_lemmas, told_here, world_beats, worlds_of

MODEL = "offline-storyteller-2"
GRADE_MARGIN = 0.6
PASTED = 8
"""A run of this many of the brief's words in a row reads as the brief pasted, not told."""
SLOT = re.compile(r"{(\w+)}")
BRIEF_SLOTS = {"problem": 2, "fear": 3, "soon": 3, "deadline": 2, "trouble": 2, "goal_short": 1}
BRIEF_SLOTS |= {"thing": 1, "sight": 1, "object": 1, "place": 2}
"""Slots the brief fills, by how much of its own world they carry: an obstacle or a turn that
uses them is this story's own (the water it fears, the bridge raised at sunset), so told first."""
WORLD = 2
"""An event of the brief's own world (a wave at sea, a burnt pan in a kitchen) weighs as much as
a slot the brief fills: it is this story's own trouble, not anyone's."""
AGREE = {"was": "were", "has": "have", "is": "are", "does": "do"}
"""A singular "they" takes the plural verb: "they were afraid of water"."""
FRIEND_SAID = ("fkind", "flook", "ftrait")
SPOKEN = {"goal_my", "goal_you"}
NAMED = {"N", "FN", "hself", *FRIEND_SAID}
PEOPLE = {"H": 0, "h": 1, "hs": 2, "F": 0, "f": 1, "fs": 2}
MEANS = {"make", "skill", "gather"}
RUNS_MOST = 3
"""Times a run of five words may be told in a story: more is the report's stock line (limits.yaml)."""
EVENTS = {"opening", "middle", "ending"}
"""Goals that are a means: whoever builds a kite to win the race has the race as the climax."""
REGISTERS = {
    "toddler": (1, 1, False),
    "young": (2, 2, False),
    "middle": (2, 3, True),
    "preteen": (3, 3, True),
    "mature": (3, 4, True),
    "adult": (4, 4, True),
}
"""By register: clauses to a sentence, sentences to a paragraph, and whether the "+" clauses
(reflection, consequence) are told. This is what sets a scene's length: about 20-50 words for
toddlers (a board book's spread), 50-100 for ages 5-7, 150-300 for 8-10 (the seed's middle-grade
scene) and longer, slower scenes for older readers, whose sentences carry more clauses."""

FLOORS = {"toddler": 15, "young": 46, "middle": 110, "preteen": 160, "mature": 210, "adult": 260}
"""Fewest words a scene of each register is told in: a little over the quality report's
per-scene minimum for the audiences it serves (stories/quality/limits.yaml)."""


class Narrator(EventsTold):
    """Tells one story's scenes in order; it knows who was named last, so a pronoun is used
    only where a reader can tell whom it means."""

    def __init__(self, brief: StoryBrief) -> None:
        self.brief, self.premise = brief, premise_for(brief)
        self.register = register_name(brief.audience)
        self.size, self.paragraph, self.rich = REGISTERS[self.register]
        self.rng = rng_for("story", brief.title, brief.description, brief.genre)
        self.genre = data("genres").get(brief.genre, data("genres")["adventure"])
        self.used: set[str] = set()
        self.goal_uses = 0
        self.said: set[str] = set()
        things = dict.fromkeys((*self.premise.things, *FEAR.findall(self.premise.problem)))  # and its fear
        lex = data("lexicon")
        people = {*lex["people_nouns"], *lex["she"], *lex["he"]}  # "Two sisters": no sister to look at
        heads = {t.split()[-1] for t in things if " " in t}  # "the navigation beacon", not "the beacon" too
        vague = {*people, *lex["vague_things"]}  # "retrace his steps": no step to think about
        things = [t for t in things if t not in heads and lemma(t.split()[-1]) not in vague]
        self.kinds = {t: kind_of(t) for t in things if kind_of(t) not in {"person", "time"}}
        self.told = dict.fromkeys(self.kinds or {"way": "idea"}, 0)
        self.kinds = self.kinds or {"way": "idea"}
        heads = [lemma(thing.split()[-1]) for thing in self.kinds]  # "the present": no other present
        self.heads, self.plain = {head for head in heads if heads.count(head) == 1}, False
        self.goals = (self.premise.goal, self.premise.purpose)
        wanted = {lemma(w) for g in self.goals if g.startswith(("find ", "catch ")) for w in g.split()}
        self.sought = {thing for thing in self.kinds if lemma(thing.split()[-1]) in wanted}
        weather = set(data("nouns")["weather"]) & {thing.split()[-1] for thing in self.kinds}
        lessons = [lesson] if (lesson := lesson_of(brief.description)) else lessons_for(brief)
        self.about, self.rationed, self.runs = {c.name: c for c in brief.characters}, Counter(), Counter()
        about = self.about.get(self.premise.hero.name)
        self.slots = brief_slots(self.premise, self.register, lessons, self.rng, brief.description, about)
        self.world, self.props = world_beats(brief), brief_lemmas(brief)
        self.brief_runs = set(word_runs(brief.description, PASTED - 1))
        self.machine = bool(set(self.premise.hero.kind.lower().split()) & set(data("lexicon")["machines"]))
        indoors = any(data("worlds")[name].get("setting") == "indoors" for name in worlds_of(brief)[:1])
        self.skip = ("@" if self.machine else "") + ("~" if weather or indoors else "")  # a body; weather
        looks = {c.name: " ".join([c.description, c.appearance, *c.traits]) for c in brief.characters}
        self.roles = {
            p.short: role_of(p, self.premise, brief.description, looks.get(p.name, ""))
            for p in self.premise.companions
        }
        hero = f"{self.premise.hero.kind} {self.premise.problem}".lower()
        self.unseeing = bool(set(re.findall(r"[a-z]+", hero)) & set(data("lexicon")["unseeing"]))
        means = (
            kind_of_deed(brief) in MEANS or goal_forms(self.premise.purpose).goal_class == "solve"
        ) and self.premise.purpose
        self.climax_deed = self.premise.purpose if means else self.premise.goal
        deeds = (self.premise.goal, self.premise.purpose)
        self.events = brief_events(brief.description, self.premise.cast, deeds, self.premise.problem)
        self.middle_told, self.events_told, self.quiet = 0, set(), quiet_beats(brief.description)
        self.names = {part for person in self.premise.cast for part in person.name.split()}
        self.slots |= {slot: "" for slot in ("method", "trigger") if retells(self.events, self.slots[slot])}

    def _take_up(self, deed: str) -> None:
        """The deed a scene is about: its kind's beats come first and its forms fill the slots."""
        deed = plain_deed(deed, self.heads) if self.plain else deed
        forms, (*_, own, self_) = goal_forms(deed), self.premise.hero.forms()
        brief = self.brief.description
        self.deed_beats, self.left_out = goal_beats(deed, brief), beats_left_out(deed, brief)
        told = {"goal_past": forms.past, "goal_ing": forms.ing, "goal_thing": forms.thing}
        told |= {f"goal_{f}": self.slots[f"choice_{f}"] for f in ("past", "ing") if "choice" in self.slots}
        named = self.premise.companions if self.register == "toddler" else ()
        told = {slot: text.replace("{himself}", self_) for slot, text in told.items()}
        self.slots |= {slot: by_name(text.replace("{his}", own), named) for slot, text in told.items()}
        self.slots["you_did"] = told["goal_past"].replace("{his}", "your")

    def tell(self, kind: str, number: int) -> tuple[str, list[str]]:
        """One scene's text and the names of the cast it names. A scene that reads over its band
        is told again in short sentences with the goal said the short way; one still over it (a
        toddler's "grandfather", "birthday present") again as a board book says it: the plainest
        of each beat's templates, and a thing once named by its short name ("the present")."""
        state = (set(self.used), set(self.said), dict(self.told), self.goal_uses, self.rng.getstate())
        state += (self.middle_told, Counter(self.runs))
        high, slots, size = self.brief.audience.grade_band[1], dict(self.slots), self.size
        told = self._tell(kind, number)
        for self.plain in (False, True):
            if grade(told[0], self.names) <= high - (not self.plain) * GRADE_MARGIN / 2:
                break
            used, said, things, self.goal_uses, rng, self.middle_told, runs = state
            self.runs = Counter(runs)
            self.used, self.said, self.told, self.size = set(used), set(said), dict(things), 1
            self.rng.setstate(rng)
            self.slots |= plainer(slots, self.heads) if self.plain else {"goal": slots["goal_short"]}
            told, self.slots = self._tell(kind, number), dict(slots)
        self.plain, self.size = False, size
        if self.register != "toddler":
            return told
        text = shortened(told[0], high, self.names, FLOORS["toddler"], self.events_told)
        return text, [name for name in told[1] if name.split()[0] in text]  # a dropped page names nobody

    def _tell(self, kind: str, number: int) -> tuple[str, list[str]]:
        self.last, self.named = None, set()
        self.climax_now = kind == "climax"
        self._take_up(self.climax_deed if kind in {"climax", "falling_action"} else self.premise.goal)
        scenes = data("plot")["toddler_scenes" if self.register == "toddler" else "scenes"]
        friends = self.premise.companions
        helpers = [f for f in friends if self.roles[f.short] == HELPER]
        scene_friend = helpers[number % len(helpers) :][:1] if helpers else []
        others = [f for f in friends if self.roles[f.short] != HELPER]
        sentences: list[str] = []
        deeper = list(data("plot")["deeper"][kind]) if self.register in {"preteen", "mature", "adult"} else []
        if self.register == "preteen" and kind not in {"introduction", "climax", "conclusion"}:
            deeper = ["inner"]
        deeper = deeper + (data("plot")["adult"][kind] if self.register == "adult" else [])
        beats = list(scenes[kind])
        at = beats.index("success") if "success" in beats else len(beats)
        beats[at:at] = deeper  # a climax slows down before it is won, not after
        beats = place_events(kind, beats, self.events, self.middle_told)
        beats = [beat for beat in beats if beat not in self.quiet]
        for beat in beats:
            if beat in EVENTS:
                sentences += self._tell_events(beat)
                continue
            people = friends if beat in {"friend_meets", "t_friend"} else [*scene_friend, *others]
            if beat in {"friend_trouble", "t_friend_trouble"}:
                people = [f for f in friends if f.short == self.premise.companion_trouble[0]]
            with_friend = any(word in beat for word in ("friend", "help", "cheer", "hug", "bond"))
            for friend in (people or [None]) if with_friend and beat not in self.left_out else (None,):
                told = beat_for(beat, self.roles[friend.short] if friend else ALONE if with_friend else "")
                sentences += self._tell_beat(told, friend) if told else []
        extra = {"climax": "more_climax", "falling_action": "more_after", "conclusion": "more_after"}
        more = data("plot")["toddler_more" if self.register == "toddler" else extra.get(kind, "more")]
        friend = scene_friend[0] if scene_friend else None
        told = -1
        while word_count(" ".join(sentences)) < FLOORS[self.register] and told < len(sentences):
            told = len(sentences)  # another round of the list, until a round tells nothing new
            for beat in more:
                beat = beat if friend or beat != "bond" else "alone"
                if word_count(" ".join(sentences)) < FLOORS[self.register] and (
                    friend or "friend" not in beat
                ):
                    sentences += self._tell_beat(beat, friend)
        named = [person.name for person in self.premise.cast if person.short in self.named]
        band = (
            self.brief.audience.grade_band[0] + GRADE_MARGIN,
            self.brief.audience.grade_band[1] - GRADE_MARGIN / 2,
        )
        return paragraphs(fit_band(sentences, band, self.names, self.events_told), self.paragraph), named

    def _tell_beat(self, beat: str, friend: Person | None) -> list[str]:
        """The beat told by the first of its templates (in this story's order) that the brief can
        fill and that tells no sentence the story has told."""
        world = told_here(self.world.get(beat, []), self.props)
        deed = told_here(self.deed_beats.get(beat, []), self.props)
        if beat in {"purpose_done", "t_purpose", "purpose"} and self.climax_deed != self.premise.goal:
            return []  # the climax was the purpose itself
        general = data("plot")["beats"][beat] + (self.genre["obstacles"] if beat == "obstacle" else [])
        general = [] if beat in self.left_out else general  # a farewell's own "aftermath", no crowd
        pool = deed + world + told_here(general, self.props)
        options = [
            t for t in dict.fromkeys(pool) if t not in self.used and not set(marks(t)) & set(self.skip)
        ]
        seeable = [t for t in options if not (self.unseeing and sees(t))]
        options = [t for t in seeable if fits(t, friend, self.brief.genre, bool(self.quiet))]
        self.rng.shuffle(options)
        options.sort(key=lambda template: "{fkind}" not in template)
        if beat in {"obstacle", "turn", "t_trouble"}:
            options.sort(
                key=lambda t: (
                    -sum(BRIEF_SLOTS.get(s, 0) for s in set(SLOT.findall(t)))
                    - WORLD * (t in world or t in deed)
                )
            )
        else:
            options.sort(key=lambda template: (template not in deed, template not in world))
        options = [template for template in options if self._fillable(template, friend)]
        if extra := beat in data("plot")["toddler_extras"]:  # each thing in turn, not the clue four times
            options.sort(key=self._least_told)
        if self.plain:  # a template that reads over the band is told only where no plainer one is
            high = {template: self._reads_high(template, friend) for template in options}
            options = [t for t in options if not (extra and high[t] > 0)]
            options.sort(key=lambda template: max(high[template], 0))
        for template in options:
            state = (self.last, set(self.named), dict(self.told), self.goal_uses)
            told = self._render(template.lstrip("@~"), friend)
            said = {" ".join(re.findall(r"[a-z']+", s.lower())) for s in told if len(s.split()) > 4}
            runs = Counter(run for sentence in told for run in word_runs(sentence, 5))
            pasted = (
                set(word_runs(" ".join(told), PASTED - 1)) & self.brief_runs
            )  # the brief's words, not a story's
            if said & self.said or pasted or any(self.runs[run] + n > RUNS_MOST for run, n in runs.items()):
                self.last, self.named, self.told, self.goal_uses = state
                continue
            self.used.add(template)
            self.rationed.update(SLOT.findall(template))
            self.said, self.runs = self.said | said, self.runs + runs
            return told
        return []

    def _fillable(self, template: str, friend: Person | None) -> bool:
        slots = set(SLOT.findall(template))
        spent = any(self.rationed[s] >= most for s, most in data("plot")["rations"].items() if s in slots)
        return (
            not spent
            and not (slots & SPOKEN and self.goal_uses > 1)
            and (friend is not None or not slots & {"F", "f", "fs"})
            and all(self._fill(slot, friend) for slot in slots & set(FRIEND_SAID))
            and ("ftrouble" not in slots or bool(self.slots["trouble"]))
            and all(self.slots.get(slot) for slot in slots - {*PEOPLE, *SLOT_KINDS, *NAMED})
            and all(template.count(f"{{{slot}}}") <= len(self._nouns(slot)) for slot in SLOT_KINDS)
        )

    def _least_told(self, template: str) -> int:
        slots = [slot for slot in SLOT.findall(template) if slot in SLOT_KINDS]
        return min((self.told[noun] for slot in slots for noun in self._nouns(slot)), default=0)

    def _reads_high(self, template: str, friend: Person | None) -> float:
        state = (self.last, set(self.named), dict(self.told), self.goal_uses)
        told = " ".join(self._render(template.lstrip("@~"), friend))
        self.last, self.named, self.told, self.goal_uses = state
        return grade(told) - self.brief.audience.grade_band[1]

    def _render(self, template: str, friend: Person | None) -> list[str]:
        clauses = [c for c in template.split("|") if c and (self.rich or not c.startswith("+"))]
        sentences, current = [], []
        for clause in (c.lstrip("+") for c in clauses):
            lead = clause.split()[0]
            dependent = lead.islower() and lead not in data("lexicon")["sentence_starts"]
            if current and (clause.startswith('"') or (len(current) >= self.size and not dependent)):
                sentences.append(current)
                current = []
            current.append(clause)
        sentences += [current] if current else []
        return [self._sentence(parts, friend) for parts in sentences]

    def _sentence(self, clauses: list[str], friend: Person | None) -> str:
        """The clauses as one sentence; a sentence that would repeat a run of the brief's own words
        (one word shorter than the report's, as the next sentence may lengthen it) says the goal,
        purpose and problem the short way instead ("was terrible at spelling")."""
        state = (self.last, set(self.named), dict(self.told), self.goal_uses)
        sentence = self._joined(clauses, friend)
        if set(word_runs(sentence, PASTED - 1)) & self.brief_runs:
            self.last, self.named, self.told, self.goal_uses = state
            full = dict(self.slots)
            purpose = re.sub(r"\b(?:a|an)\b", "the", self.slots["purpose"])  # "bring the letter to ..."
            if purpose == self.slots["purpose"]:
                purpose = re.split(r" (?:for|to|on|in|at|by|from) (?=the|a|an)", purpose)[0]
            problem = re.split(r" (?:but|and|so|because|for|to|at|in|on) ", self.slots["problem"])[0]
            self.slots |= {"goal": self.slots["goal_short"], "purpose": purpose, "problem": problem}
            sentence, self.slots = self._joined(clauses, friend), full
        return sentence

    def _joined(self, clauses: list[str], friend: Person | None) -> str:
        told = []
        for index, clause in enumerate(clauses):
            text = SLOT.sub(lambda m: self._fill(m[1], friend), clause)
            if index:
                subject = clause.startswith(("{H}", "{F}", '"', "it ", "there ", "everything "))
                text = f", and {text}" if subject else f", {text}"
            told.append(text)
        told = [re.sub(r'" (said|asked|called) (he|she|it|they)\b', r'" \2 \1', "".join(told))]
        told = [re.sub(r"\b([Tt]hey) (was|has|is|does)\b", lambda m: f"{m[1]} {AGREE[m[2]]}", told[0])]
        return capitalize(told[0]).rstrip(",") + ("" if told[-1].endswith(('"', "?", "!", ".")) else ".")

    def _fill(self, slot: str, friend: Person | None) -> str:
        self.goal_uses += slot in SPOKEN
        if slot in SLOT_KINDS:
            fits = {t: sum(kind in kinds for kinds in SLOT_KINDS.values()) for t, kind in self.kinds.items()}
            away = " ".join(self.goals) if slot == "place" else ""  # where the hero sets out for
            thing = min(self._nouns(slot), key=lambda t: (t not in away, self.told[t], fits[t]))
            self.told[thing] += 1
            head = thing.split()[-1]
            return head if self.plain and self.told[thing] > 1 and lemma(head) in self.heads else thing
        if slot == "goal_short":
            self.goal_uses += 1
            verb, *rest = self.slots["goal_short"].split()
            particle = rest and rest[0] in data("lexicon")["particles"] + data("lexicon")["prepositions"]
            it = f"{verb} {rest[0]}" if particle else f"{verb} it"  # "go down", not "go it"
            return self.slots["goal_short"] if self.goal_uses <= 1 or not rest else it
        if slot == "N":
            self.last = self.premise.hero
            return self.premise.hero.short
        if slot == "hself":
            return self.premise.hero.forms()[3]
        if slot == "FN":
            return friend.short if friend else ""
        if slot == "fkind":
            return article(kind_phrase(friend, self.register)) if friend else ""
        if slot in {"flook", "ftrait"}:
            return said_of(self.about.get(friend.name) if friend else None, slot)
        if slot == "ftrouble":
            return self.slots["trouble"].replace(self.premise.hero.forms()[2] + " ", "")
        if slot in {"H", "h", "hs", "F", "f", "fs"}:
            person = self.premise.hero if slot[0] in "Hh" else friend
            return self._refer(person, PEOPLE[slot])
        return self.slots.get(slot, "")

    def _nouns(self, slot: str) -> list[str]:
        """The key things a slot may name; of the least told, the one fewest slots fit goes first
        (a goodbye is only thought about); what the hero sets out to find is no object to drop,
        nor in sight before it is found."""
        sought = self.sought if slot in {"object", "sight"} else set()
        return [t for t, kind in self.kinds.items() if kind in SLOT_KINDS[slot] and t not in sought]

    def _refer(self, person: Person, form: int) -> str:
        """The person's name the first time a scene mentions them, or after someone of the same
        pronoun; their pronoun otherwise (a possessive form is the name's with "'s")."""
        ambiguous = (
            self.last is not None and self.last is not person and self.last.pronoun in {person.pronoun, ""}
        )
        self.last = person
        if person.short not in self.named or ambiguous:
            self.named.add(person.short)
            return f"{person.short}'s" if form == 2 else person.short
        return person.forms()[form]
