"""Sentences the offline provider adds when it refines a scene, per reader group and request.

`{a}` and `{b}` are character names. Young sentences are short and one-syllable-heavy, middle
ones plain, mature ones longer, so an insertion keeps a scene near its audience's grade band.
"""

INSERTS: dict[str, dict[str, tuple[str, ...]]] = {
    "young": {
        "simplify_language": ("{a} looks up.", "It is a big day.", "{a} is glad."),
        "add_more_action": ("{a} runs fast.", "{a} jumps up high.", "{b} spins round and round."),
        "increase_dialogue": ('"Look!" says {a}.', '"I see it!" says {b}.', '"Come on!" calls {a}.'),
        "enhance_descriptions": ("The sky is blue.", "The grass is soft and green.", "The sun is warm."),
        "strengthen_moral": ("{a} helps {b}.", "It is good to share.", "Friends help each other."),
        "add_humor": ("{b} trips on a sock. Oops!", "A frog hops on {a}'s hat!", "{a} makes a silly face."),
        "increase_suspense": (
            "What is that noise?",
            "Shh! Something is there.",
            "{a} holds {b}'s hand tight.",
        ),
        "custom": ("{a} smiles.", "{b} nods.", "They try again."),
        "audience_adjustment": ("{a} is here.", "{b} is here too.", "They go on."),
    },
    "middle": {
        "simplify_language": ("{a} took a deep breath and looked around.", "It was time to go."),
        "add_more_action": (
            "{a} sprinted across the path and leaped over a fallen log.",
            "{b} grabbed the rope and pulled with all their strength.",
        ),
        "increase_dialogue": (
            '"We can do this together," {a} said.',
            '"Are you sure?" {b} asked, raising an eyebrow.',
        ),
        "enhance_descriptions": (
            "Golden light spilled through the trees, and the air smelled of pine and rain.",
            "Somewhere nearby, water trickled over smooth grey stones.",
        ),
        "strengthen_moral": (
            "{a} realized that being brave also meant asking for help.",
            "Helping {b} mattered more than winning.",
        ),
        "add_humor": (
            "{b}'s stomach growled so loudly that a squirrel dropped its acorn.",
            "{a} tried to look heroic, but a leaf was stuck to their nose.",
        ),
        "increase_suspense": (
            "Then the footsteps stopped, right behind them.",
            "Nobody noticed the shadow that slipped between the trees.",
        ),
        "custom": ("{a} thought carefully about what to do next.", "{b} kept a careful watch."),
        "audience_adjustment": ("{a} and {b} kept going, side by side.",),
    },
    "mature": {
        "simplify_language": ("{a} stopped, breathed, and decided.", "The choice was simple now."),
        "add_more_action": (
            "{a} vaulted the railing, landed hard, and was running again before the echo faded.",
            "{b} wrenched the door open against the wind and shouldered through.",
        ),
        "increase_dialogue": (
            '"You knew, didn\'t you?" {a} said quietly. "You knew all along."',
            '"Knowing and understanding are different things," {b} replied.',
        ),
        "enhance_descriptions": (
            "The evening light lay thin and copper-coloured across the rooftops, and somewhere a radio "
            "murmured an old, half-remembered song.",
            "Rain had darkened the stone, and the air carried the metallic sweetness of wet iron.",
        ),
        "strengthen_moral": (
            "{a} understood, finally, that loyalty asked for honesty even when honesty was costly.",
            "Whatever came next, {b} would not pretend the cost had been anyone else's to pay.",
        ),
        "add_humor": (
            "{b} observed, with the gravity of a judge, that heroism was considerably easier "
            "on an empty calendar.",
            "{a} had rehearsed a dignified entrance; the doorframe had other plans.",
        ),
        "increase_suspense": (
            "The silence that followed was too complete, as if the building itself were listening.",
            "Only later would {a} remember that the lock had already been broken.",
        ),
        "custom": (
            "{a} weighed the consequences with deliberate, uncomfortable care.",
            "{b} said nothing, which said a great deal.",
        ),
        "audience_adjustment": ("For {a} and {b}, nothing about the night would be simple again.",),
    },
}

SIMPLER_WORDS = {
    "immediately": "now",
    "enormous": "huge",
    "approximately": "about",
    "realized": "saw",
    "discovered": "found",
    "extraordinary": "amazing",
    "beautiful": "pretty",
    "frightened": "scared",
    "carefully": "slowly",
    "suddenly": "then",
    "remember": "think of",
    "together": "as one",
    "adventure": "trip",
    "understood": "knew",
    "decided": "chose",
    "whispered": "said softly",
    "magnificent": "grand",
    "mysterious": "strange",
    "everything": "all",
    "beginning": "start",
}
