"""Word banks and sentence templates for the offline storyteller.

Genre packs hold what makes a genre recognisable (places, the quest, the trouble, the climax
deed), each phrase in a full form and a "tiny" form built from one-syllable words for the
youngest readers. Registers hold how a story is told at a reading level: the plot beats of
each scene type, plus plain and ornate colour sentences the writer mixes to steer the
Flesch-Kincaid grade. Template slots: hero, friend, team, home, place, goal, trouble, helper,
hurdle, clue, act, win, sight, sound, trait, idea, friend_desc.
"""

from __future__ import annotations

from dataclasses import dataclass

Phrase = tuple[str, str]
Titled = tuple[str, str, str]


@dataclass(frozen=True)
class GenrePack:
    homes: tuple[Phrase, ...]
    places: tuple[Phrase, ...]
    goals: tuple[Titled, ...]
    troubles: tuple[Titled, ...]
    """Each trouble is overcome by the act at the same index."""
    helpers: tuple[Phrase, ...]
    hurdles: tuple[Phrase, ...]
    clues: tuple[Phrase, ...]
    acts: tuple[Phrase, ...]
    wins: tuple[Phrase, ...]
    sights: tuple[Phrase, ...]
    sounds: tuple[Phrase, ...]
    traits: tuple[str, ...]
    lessons: tuple[str, ...]
    story_titles: tuple[str, ...]
    scene_titles: dict[str, tuple[str, ...]]


@dataclass(frozen=True)
class Register:
    beats: dict[str, tuple[tuple[str, ...], ...]]
    meet: tuple[str, ...]
    plain: dict[str, tuple[str, ...]]
    plain_openers: tuple[str, ...]
    ornate: dict[str, tuple[str, ...]]
    openers: dict[str, tuple[str, ...]]
    tails: dict[str, tuple[str, ...]]
    paragraph_sentences: int
    tiny: bool


GENRES: dict[str, GenrePack] = {
    "adventure": GenrePack(
        homes=(
            ("the village of Pebblebrook", "the town"),
            ("the harbor town of Saltmere", "the port"),
            ("a farm at the edge of Oak Valley", "the farm"),
        ),
        places=(
            ("the Whispering Woods", "the woods"),
            ("the Rushing River", "the stream"),
            ("Thunder Ridge", "the ridge"),
            ("the Cave of Echoes", "the cave"),
            ("the Misty Marsh", "the marsh"),
            ("the Old Stone Bridge", "the bridge"),
            ("the Windy Cliffs", "the cliffs"),
        ),
        goals=(
            (
                "found a torn map with a red cross drawn in one corner, tucked inside an old book",
                "found a map",
                "Torn Map",
            ),
            (
                "dug up a silver key hidden in the roots of a fallen tree",
                "found a key",
                "Silver Key",
            ),
            (
                "heard the old sailors sing about a lost chest of gold",
                "heard of a chest of gold",
                "Lost Treasure",
            ),
        ),
        troubles=(
            ("a storm that came rolling over the hills", "a big storm", "Storm"),
            (
                "a rope bridge with half of its planks missing",
                "a bridge with holes",
                "Broken Bridge",
            ),
            ("a rockslide that blocked the only path", "a wall of rocks", "Rockslide"),
        ),
        helpers=(
            ("an old ranger carrying a lantern", "a man with a lamp"),
            ("a wise grey owl", "an owl"),
            ("a friendly mountain goat", "a goat"),
        ),
        hurdles=(
            ("a river too wide to cross", "a wide stream"),
            ("a trail that split three ways", "three paths"),
            ("thick brambles full of thorns", "sharp thorns"),
            ("a steep slope of loose stones", "a steep hill"),
            ("fog so thick they could barely see their own hands", "thick fog"),
            ("a fallen tree across the trail", "a big log"),
        ),
        clues=(
            ("arrows carved into the bark of the trees", "marks on the trees"),
            ("footprints pressed into the mud", "prints in the mud"),
            ("a note tucked under a stone", "a note on a rock"),
            ("a line of white stones leading north", "a line of stones"),
            ("a faded flag tied to a branch", "a red flag"),
        ),
        acts=(
            (
                "led everyone through the dark tunnel by following the sound of water",
                "led the way in the dark",
            ),
            (
                "tied a rope to a strong tree and climbed down the cliff, one careful step at a time",
                "climbed down the rope",
            ),
            ("found a way across by hopping from stone to stone", "hopped from stone to stone"),
        ),
        wins=(
            (
                "found the treasure at last, glittering in a chest behind the waterfall",
                "found the gold",
            ),
            (
                "reached the top of the ridge and saw the whole valley shining below",
                "got to the top",
            ),
        ),
        sights=(
            ("tall pines swaying in the wind", "tall trees"),
            ("a hawk circling high above", "a bird up high"),
            ("moss growing on every stone", "a long path"),
            ("a trail winding up into the clouds", "big gray rocks"),
            ("sunlight breaking through the leaves", "a pond"),
            ("a waterfall tumbling over grey rocks", "the sun"),
        ),
        sounds=(
            ("the roar of distant water", "the wind"),
            ("the crunch of leaves underfoot", "a splash"),
            ("wind whistling through the rocks", "a crunch"),
            ("the call of a faraway bird", "a bird sing"),
        ),
        traits=("brave", "curious"),
        lessons=(
            "Being brave does not mean you are never scared.",
            "Good friends make any journey easier.",
            "Keep going, even when the path is hard.",
        ),
        story_titles=("{Hero} and the {Goal}", "The Secret of {Place}", "Beyond {Place}"),
        scene_titles={
            "introduction": ("The {Goal}",),
            "rising_action": ("Lost in {Place}", "The Trail to {Place}"),
            "climax": ("The {Trouble} at {Place}",),
            "falling_action": ("The Long Way Home",),
            "conclusion": ("Home to {Home}",),
        },
    ),
    "fantasy": GenrePack(
        homes=(
            ("the hill village of Bramblewick", "the town"),
            ("a cottage at the edge of the Silverwood", "the small house"),
            ("the tower town of Highmoor", "the town"),
        ),
        places=(
            ("the Enchanted Forest", "the dark wood"),
            ("the Crystal Caves", "the caves"),
            ("the Valley of Dragons", "the vale"),
            ("the Moonlit Lake", "the lake"),
            ("the Tower of Stars", "the tower"),
            ("the Fairy Glen", "the glen"),
            ("the Giant's Steps", "the steps"),
        ),
        goals=(
            (
                "found a glowing moonstone that could wake the sleeping trees",
                "found a moon stone",
                "Moonstone",
            ),
            (
                "opened an old spell book whose pages had gone blank",
                "found a book of spells",
                "Blank Spell Book",
            ),
            (
                "caught a golden feather that fell from the firebird",
                "found a gold feather",
                "Golden Feather",
            ),
        ),
        troubles=(
            ("a grumpy dragon guarding the only bridge", "a big green dragon", "Dragon"),
            ("a curse that turned every flower to stone", "a spell of stone", "Stone Curse"),
            ("a shadow witch who stole the colors from the sky", "a dark witch", "Shadow Witch"),
        ),
        helpers=(
            ("a tiny fairy with a lantern of fireflies", "an elf"),
            ("a talking fox in a green coat", "a fox who could talk"),
            ("an old wizard with a crooked staff", "a wise old man"),
        ),
        hurdles=(
            ("a door that only opened for a riddle", "a door with a lock"),
            ("stepping stones that floated in the air", "stones in the air"),
            ("a river of mist that whispered strange words", "a stream of mist"),
            ("trees that moved whenever no one was looking", "trees that moved"),
            ("a gate guarded by two stone lions", "a gate with two lions"),
            ("a maze of thorny roses", "a maze of thorns"),
        ),
        clues=(
            ("silver runes glowing on a rock", "marks that glowed"),
            ("a trail of sparkling dust", "a trail of gold dust"),
            ("a song the wind kept humming", "a song in the wind"),
            ("a map drawn in starlight", "a map made of stars"),
            ("a feather that pointed the way", "a sign that showed the way"),
        ),
        acts=(
            (
                "offered the dragon a song instead of a sword, and the dragon began to listen",
                "sang the dragon a song",
            ),
            (
                "spoke the old words of the spell, and a ring of light burst into the sky",
                "said the magic words",
            ),
            ("held up the glowing light so that it pushed every shadow back", "held up the light"),
        ),
        wins=(
            ("broke the dark magic, and color rushed back into the world", "broke the spell"),
            ("watched the flowers bloom again all across the valley", "saw the flowers bloom"),
        ),
        sights=(
            ("mushrooms that glowed a soft blue", "bright lights"),
            ("trees with silver leaves", "a tall tower"),
            ("tiny lights dancing between the branches", "a pink sky"),
            ("a castle floating among the clouds", "a glow in the trees"),
            ("a rainbow that never faded", "a swan on the lake"),
        ),
        sounds=(
            ("the tinkle of tiny bells", "a ding"),
            ("the rustle of wings", "a flap of wings"),
            ("an old song drifting through the trees", "a soft song"),
            ("a deep voice rumbling from the hills", "a hum"),
        ),
        traits=("kind", "brave"),
        lessons=(
            "Kindness can be a kind of magic.",
            "Even the smallest hero can change the world.",
            "True power comes from a good heart.",
        ),
        story_titles=("{Hero} and the {Goal}", "The Magic of {Place}", "The Spell of {Place}"),
        scene_titles={
            "introduction": ("The {Goal}",),
            "rising_action": ("Through {Place}", "The Riddle of {Place}"),
            "climax": ("The {Trouble}",),
            "falling_action": ("The Colors Return",),
            "conclusion": ("Magic at Home",),
        },
    ),
    "mystery": GenrePack(
        homes=(
            ("the seaside town of Gullcrest", "the town"),
            ("the old apartment building on Maple Street", "the block"),
            ("Larkspur School", "the school"),
        ),
        places=(
            ("the dusty library", "the book room"),
            ("the old lighthouse", "the lighthouse"),
            ("the town museum", "the big hall"),
            ("the busy market", "the shops"),
            ("the attic above the bakery", "the loft"),
            ("the abandoned train station", "the old train stop"),
            ("the greenhouse behind the school", "the glass house"),
        ),
        goals=(
            (
                "discovered that the silver trophy had vanished from its glass case",
                "saw that the cup was gone",
                "Missing Trophy",
            ),
            (
                "learned that the mayor's golden watch had been stolen",
                "heard that the gold watch was gone",
                "Golden Watch",
            ),
            (
                "noticed that Captain Whiskers, the bakery cat, had disappeared",
                "saw that the cat was lost",
                "Missing Cat",
            ),
        ),
        troubles=(
            (
                "a suspect who seemed to be in two places at once",
                "a man in a black hat",
                "Double Suspect",
            ),
            ("a locked room with no way in and no way out", "a locked door", "Locked Room"),
            ("a trail of clues that led in a circle", "a trick", "Clever Trick"),
        ),
        helpers=(
            (
                "a retired detective who still carried a magnifying glass",
                "a wise old man with a lens",
            ),
            ("the librarian, who noticed everything", "the book lady"),
            ("a curious crow that collected shiny things", "a crow"),
        ),
        hurdles=(
            ("a witness who could not remember anything useful", "a man who forgot"),
            ("a clue that turned out to be nothing at all", "a fake clue"),
            ("a door locked from the inside", "a locked door"),
            ("a note written in code", "a note in code"),
            ("muddy footprints that suddenly stopped", "prints that stopped"),
            ("a power cut that plunged the hall into darkness", "a dark hall"),
        ),
        clues=(
            ("a scrap of blue fabric caught on a nail", "a bit of blue cloth"),
            ("a receipt from the bakery dated last Tuesday", "a note from the shop"),
            ("flour dusted across the windowsill", "white dust"),
            ("a tiny key taped under a desk", "a small key"),
            ("a train ticket with one corner torn off", "a torn ticket"),
        ),
        acts=(
            (
                "laid every clue out on the table and suddenly saw how they fit together",
                "put the clues in a row",
            ),
            ("set a clever trap with a bell and a ball of string", "set a trap"),
            (
                "followed the trail of flour all the way to the bakery's back door",
                "followed the white dust",
            ),
        ),
        wins=(
            (
                "revealed the truth, and everything that was missing was returned",
                "found what was lost",
            ),
            ("solved the case, and the whole town cheered", "solved the case"),
        ),
        sights=(
            ("long shadows stretching across the floor", "a big clock"),
            ("a clock with its hands stuck at midnight", "rain on the glass"),
            ("rain streaking down the windows", "a dark hall"),
            ("a row of dusty boxes", "a box"),
            ("a flickering streetlamp", "a lamp"),
        ),
        sounds=(
            ("the creak of an old floorboard", "a creak"),
            ("a clock ticking somewhere in the dark", "a tick tock"),
            ("footsteps that stopped whenever they stopped", "a knock"),
            ("a door closing softly", "a thud"),
        ),
        traits=("clever", "careful"),
        lessons=(
            "Look closely, and the truth will show itself.",
            "Ask questions, and listen to the answers.",
            "Never judge someone before you know the facts.",
        ),
        story_titles=("The Case of the {Goal}", "The Mystery of {Place}", "{Hero} and the {Goal}"),
        scene_titles={
            "introduction": ("The Case Begins",),
            "rising_action": ("A Clue in {Place}", "Questions at {Place}"),
            "climax": ("The Truth at {Place}",),
            "falling_action": ("Putting Things Right",),
            "conclusion": ("Case Closed",),
        },
    ),
    "educational": GenrePack(
        homes=(
            ("the little town of Fernhill", "the town"),
            ("a classroom at Brookside School", "the class"),
            ("a farm near Clover Creek", "the farm"),
        ),
        places=(
            ("the science museum", "the big hall"),
            ("the garden behind the school", "the yard"),
            ("the pond at the bottom of the hill", "the pond"),
            ("the old observatory", "the star tower"),
            ("the rock pools by the sea", "the rock pools"),
            ("the bakery kitchen", "the bake shop"),
            ("the weather station on the hill", "the top of the hill"),
        ),
        goals=(
            (
                "wondered why the moon seems to change its shape each night",
                "asked why the moon grows and shrinks",
                "Changing Moon",
            ),
            (
                "wanted to know how a tiny seed turns into a tall sunflower",
                "asked how a seed grows",
                "Sunflower Seed",
            ),
            (
                "asked where rain comes from and where it goes",
                "asked where rain comes from",
                "Journey of a Raindrop",
            ),
        ),
        troubles=(
            (
                "an experiment that went completely wrong",
                "a test that went wrong",
                "Failed Experiment",
            ),
            ("a puzzle that none of the books could explain", "a hard puzzle", "Big Puzzle"),
            ("a storm that washed away all of their notes", "a storm", "Storm"),
        ),
        helpers=(
            ("a friendly scientist in a white coat", "a kind teacher"),
            ("a wise old gardener", "an old farmer"),
            ("an owl who loved to ask questions", "an owl"),
        ),
        hurdles=(
            ("a chart that made no sense at first", "a hard chart"),
            ("two books that said different things", "two books that did not agree"),
            ("a measurement that kept coming out wrong", "a count that was wrong"),
            ("a question nobody in class could answer", "a hard question"),
            ("a telescope that would not focus", "a blurry lens"),
            ("notes that had been mixed up", "mixed up notes"),
        ),
        clues=(
            ("a diagram showing the sun, the earth, and the moon", "a drawing of the sun and moon"),
            ("a notebook full of careful measurements", "a book of notes"),
            ("a drop of water under a magnifying glass", "a drop of water"),
            ("shadows that moved as the day went on", "shadows that moved"),
            ("a chart of the weather for the whole month", "a chart"),
        ),
        acts=(
            ("checked every step again and found the one small mistake", "found the mistake"),
            (
                "set up an experiment with a lamp, a ball, and a globe, and watched the shadow move",
                "used a lamp and a ball to test the idea",
            ),
            (
                "drew a careful diagram that finally made everything click",
                "drew a plan that made sense",
            ),
        ),
        wins=(
            ("understood the answer and could explain it to everyone", "got the answer"),
            ("proved the idea with a test that worked perfectly", "made the test work"),
        ),
        sights=(
            ("rows of glass jars with labels", "jars"),
            ("a poster of the solar system", "a map of the stars"),
            ("seedlings pushing up through the soil", "small green plants"),
            ("a globe spinning slowly", "a globe"),
            ("clouds piling up over the hills", "white clouds"),
        ),
        sounds=(
            ("the scratch of pencils on paper", "a fizz"),
            ("bubbles fizzing in a jar", "a pop"),
            ("the hum of the projector", "a buzz"),
            ("pages turning", "a drip"),
        ),
        traits=("curious", "patient"),
        lessons=(
            "Asking questions is the first step to learning.",
            "Mistakes help us learn.",
            "Science means testing your ideas.",
        ),
        story_titles=("{Hero} and the {Goal}", "{Hero} Finds Out", "The {Goal} Question"),
        scene_titles={
            "introduction": ("A Big Question",),
            "rising_action": ("Looking for Answers at {Place}", "An Experiment at {Place}"),
            "climax": ("The Big Test",),
            "falling_action": ("Sharing What We Learned",),
            "conclusion": ("Now We Know",),
        },
    ),
    "comedy": GenrePack(
        homes=(
            ("the very noisy town of Puddleton", "the town"),
            ("a crooked house on Giggle Lane", "the house"),
            ("the busy kitchen of the Jolly Bean Cafe", "the shop"),
        ),
        places=(
            ("the town fair", "the fair"),
            ("the bakery", "the cake shop"),
            ("the zoo", "the zoo"),
            ("the school talent show", "the show"),
            ("the park on a windy day", "the park"),
            ("the supermarket", "the big shop"),
            ("the swimming pool", "the pool"),
        ),
        goals=(
            (
                "decided to bake the biggest cake the town had ever seen",
                "wanted to bake a big cake",
                "Giant Cake",
            ),
            (
                "entered the contest for the silliest hat in town",
                "wanted to make the best hat",
                "Silly Hat Contest",
            ),
            ("promised to catch Pickles, the runaway goat", "had to catch a goat", "Runaway Goat"),
        ),
        troubles=(
            ("a flood of frosting pouring out of the oven", "a wave of goo", "Frosting Flood"),
            ("a gust of wind that sent every hat flying", "a gust of wind", "Great Wind"),
            ("a stampede of very confused ducks", "a lot of ducks", "Duck Stampede"),
        ),
        helpers=(
            ("a clown who could juggle anything", "a clown"),
            ("a sleepy dog who woke up at exactly the right moment", "a dog"),
            ("a grandmother with a very loud whistle", "a gran"),
        ),
        hurdles=(
            ("a banana peel in exactly the wrong place", "a slip"),
            ("a sneeze so big it blew the recipe away", "a big sneeze"),
            ("a cat who thought the flour was a bed", "a cat in the flour"),
            ("a bucket that somehow ended up on someone's head", "a pail on a head"),
            ("a ladder that would not stop wobbling", "a shaky step"),
            ("a sign that said push when it meant pull", "a sign that was wrong"),
        ),
        clues=(
            ("a trail of muddy hoofprints leading into the bakery", "prints in the mud"),
            ("a hat stuck on top of the flagpole", "a hat up on a pole"),
            ("sprinkles scattered all over the floor", "bits on the floor"),
            ("a duck that looked very guilty", "a duck that looked sad"),
            ("a note that just said oops", "a note that said oops"),
        ),
        acts=(
            (
                "slid across the floor on a tray and caught the cake just before it hit the ground",
                "slid on a tray and caught the cake",
            ),
            (
                "jumped onto a bouncy castle and bounced high enough to grab the hat",
                "bounced up high to get the hat",
            ),
            (
                "played a tune on a kazoo, and every duck lined up and marched in a row",
                "played a tune, and the ducks lined up",
            ),
        ),
        wins=(
            ("ended up with the silliest, happiest day anyone could remember", "had lots of fun"),
            ("won first prize for the funniest disaster in town history", "won a prize"),
        ),
        sights=(
            ("a dog wearing sunglasses", "a dog in a hat"),
            ("balloons tangled in a tree", "a pie"),
            ("a pie balanced on a stack of books", "a red kite"),
            ("a goat eating someone's umbrella", "a goat"),
            ("a parade of people in silly hats", "a big mess"),
        ),
        sounds=(
            ("a honk from a tiny car", "a honk"),
            ("laughter echoing down the street", "a squeak"),
            ("a very loud hiccup", "a hic"),
            ("the squeak of rubber boots", "a quack"),
        ),
        traits=("funny", "cheerful"),
        lessons=(
            "It is okay to laugh at your own mistakes.",
            "A good laugh can fix a bad day.",
            "Things do not have to be perfect to be fun.",
        ),
        story_titles=(
            "{Hero} and the {Goal}",
            "The Day Everything Went Wrong",
            "The Great {Goal} Disaster",
        ),
        scene_titles={
            "introduction": ("A Perfectly Normal Morning",),
            "rising_action": ("Chaos at {Place}", "A Slippery Situation at {Place}"),
            "climax": ("The {Trouble}",),
            "falling_action": ("Cleaning Up the Mess",),
            "conclusion": ("Laughing It Off",),
        },
    ),
    "drama": GenrePack(
        homes=(
            ("the quiet town of Willow Bend", "the town"),
            ("a small apartment above the flower shop", "the home"),
            ("a farmhouse on the edge of the prairie", "the farm"),
        ),
        places=(
            ("the school hallway", "the hall"),
            ("the old pier", "the pier"),
            ("the hill above town", "the hill"),
            ("the community garden", "the yard"),
            ("the train station", "the train stop"),
            ("the lake at sunset", "the lake"),
            ("the school auditorium", "the stage"),
        ),
        goals=(
            (
                "had one dream above all others: a place in the city orchestra",
                "had one wish: to play in the big band",
                "Audition",
            ),
            (
                "learned that the family bakery might have to close",
                "heard that the shop might close",
                "Family Bakery",
            ),
            (
                "had a terrible argument with a best friend and could not stop thinking about it",
                "had a fight with a friend",
                "Broken Friendship",
            ),
        ),
        troubles=(
            ("a harsh argument that left everyone in tears", "a big fight", "Argument"),
            ("a letter saying the family would have to move away", "bad news", "Letter"),
            (
                "stage fright so strong that every note seemed to disappear",
                "a scared, shaky feeling",
                "Stage Fright",
            ),
        ),
        helpers=(
            ("a grandmother who had seen many hard times", "a gran"),
            ("a music teacher who believed in second chances", "a kind teacher"),
            ("a neighbor who always had time to listen", "a kind friend next door"),
        ),
        hurdles=(
            ("a secret that was too heavy to keep", "a big secret"),
            ("words that came out wrong", "words that came out wrong"),
            ("a phone call that nobody wanted to answer", "a call"),
            ("an empty seat at the dinner table", "an empty chair"),
            ("a promise that had been broken", "a lost trust"),
            ("a rumor spreading through school", "a mean tale"),
        ),
        clues=(
            ("an old photograph of happier days", "an old photo"),
            ("a letter that had never been sent", "a note"),
            ("a song that reminded everyone of home", "a song from home"),
            ("a diary full of hopes and worries", "a book of wishes"),
            ("a drawing taped to the fridge", "a drawing"),
        ),
        acts=(
            (
                "walked across the room and said the words that mattered most: I am sorry",
                "said sorry",
            ),
            ("stepped forward, took a deep breath, and told the whole truth", "told the truth"),
            ("picked up the violin and played as if no one else were watching", "played the song"),
        ),
        wins=(
            ("found that forgiveness made the whole family stronger", "made up"),
            ("saw the people they loved smiling again", "saw them smile"),
        ),
        sights=(
            ("rain sliding down the window", "rain on the glass"),
            ("a cold cup of tea", "a cup of tea"),
            ("golden evening light over the rooftops", "a warm light"),
            ("a row of old family photographs", "old photos"),
            ("leaves drifting across an empty street", "a sad face"),
        ),
        sounds=(
            ("the ticking of the kitchen clock", "a clock"),
            ("a train whistle far away", "a train"),
            ("soft music from the next room", "a soft song"),
            ("the heavy quiet after the argument", "a sigh"),
        ),
        traits=("thoughtful", "determined"),
        lessons=(
            "Saying sorry takes courage, and it is worth it.",
            "Family and friends can get through hard times together.",
            "Honest words can heal what angry words have broken.",
        ),
        story_titles=("{Hero} and the {Goal}", "The Summer at {Place}", "What {Hero} Never Said"),
        scene_titles={
            "introduction": ("Before Everything Changed",),
            "rising_action": ("Hard Words at {Place}", "Silence at {Place}"),
            "climax": ("The Moment of Truth",),
            "falling_action": ("Picking Up the Pieces",),
            "conclusion": ("Together Again",),
        },
    ),
    "scifi": GenrePack(
        homes=(
            ("the space station Aurora", "the base"),
            ("a city under a glass dome on Mars", "the dome"),
            ("the starship Wanderer", "the ship"),
        ),
        places=(
            ("the red deserts of Mars", "the red sand"),
            ("the asteroid belt", "the rocks in space"),
            ("the robot factory", "the bot shop"),
            ("the frozen moon of Kora", "the ice moon"),
            ("the engine room", "the hot room"),
            ("a forest of crystal trees", "the glass trees"),
            ("the control deck", "the deck"),
        ),
        goals=(
            (
                "picked up a signal coming from a planet nobody had ever visited",
                "heard a beep from a far star",
                "Mystery Signal",
            ),
            (
                "discovered a lost robot named Bolt hiding in the cargo bay",
                "found a lost bot",
                "Lost Robot",
            ),
            (
                "learned that only a rare power crystal could save the failing station",
                "had to find a glowing stone",
                "Power Crystal",
            ),
        ),
        troubles=(
            (
                "a meteor shower racing straight toward the station",
                "a rain of space rocks",
                "Meteor Shower",
            ),
            (
                "a computer that refused to open the doors",
                "a bot that went wrong",
                "Rogue Computer",
            ),
            ("an engine about to overheat", "a hot engine", "Failing Engine"),
        ),
        helpers=(
            ("a friendly robot with one squeaky wheel", "a bot"),
            ("an alien who spoke in colors instead of words", "a small green alien"),
            ("an old pilot who had flown every route in the galaxy", "an old pilot"),
        ),
        hurdles=(
            ("an airlock that would not open", "a stuck door"),
            ("a gravity storm that sent everything floating", "a storm that made things float"),
            ("a map of the stars that was years out of date", "an old star map"),
            ("low oxygen warnings flashing red", "a red light"),
            ("a maze of tunnels under the ice", "a maze of ice"),
            ("a broken translator", "a talk box that broke"),
        ),
        clues=(
            ("a pattern hidden in the radio static", "a beep that made a pattern"),
            ("tracks in the red dust", "tracks in the sand"),
            ("a blinking light on an old control panel", "a blinking light"),
            ("a message written in binary", "a code"),
            ("a warm spot on the frozen ground", "a warm spot"),
        ),
        acts=(
            (
                "steered the shuttle through the meteor shower, dodging rock after rock",
                "flew past the rocks",
            ),
            ("typed in the code from the signal, and the heavy doors slid open", "typed the code"),
            (
                "rerouted the power through the backup system with just seconds to spare",
                "fixed the power just in time",
            ),
        ),
        wins=(
            ("saved the station, and the lights came back on everywhere", "saved the ship"),
            ("made contact with a new friend from another world", "made a new friend from space"),
        ),
        sights=(
            ("stars scattered like salt across the dark", "bright stars"),
            ("a blue planet turning slowly below", "a blue world"),
            ("blinking control panels", "a big moon"),
            ("a robot arm sorting crates", "lights that blink"),
            ("two moons rising over the horizon", "a bot"),
        ),
        sounds=(
            ("the hum of the engines", "a beep"),
            ("a beep from the radio", "a hum"),
            ("the hiss of an airlock", "a hiss"),
            ("a computer voice counting down", "a zap"),
        ),
        traits=("inventive", "brave"),
        lessons=(
            "Curiosity can take you farther than any rocket.",
            "Working together solves problems no one can solve alone.",
            "Stay calm and think, even when alarms are ringing.",
        ),
        story_titles=("{Hero} and the {Goal}", "Signals from {Place}", "Beyond the Stars"),
        scene_titles={
            "introduction": ("A Message from the Stars",),
            "rising_action": ("Journey to {Place}", "Danger at {Place}"),
            "climax": ("The {Trouble}",),
            "falling_action": ("Repairs and Relief",),
            "conclusion": ("Home Among the Stars",),
        },
    ),
    "historical": GenrePack(
        homes=(
            ("a fishing village on the coast of Cornwall in 1850", "the town by the sea"),
            ("a town along the Nile in ancient Egypt", "a town by the Nile"),
            ("a busy market town in medieval England", "the old town"),
        ),
        places=(
            ("the harbor", "the dock"),
            ("the castle gates", "the gates"),
            ("the busy marketplace", "the stalls"),
            ("the great library", "the book hall"),
            ("the old lighthouse", "the lighthouse"),
            ("the blacksmith's forge", "the forge"),
            ("the king's court", "the court"),
        ),
        goals=(
            (
                "was handed a sealed message that had to reach the castle before sunset",
                "got a note for the king",
                "Message for the King",
            ),
            (
                "heard the legend of the bell that sank with the old church",
                "heard of a lost bell",
                "Lost Bell",
            ),
            (
                "discovered a map of the old trade roads hidden in a wooden chest",
                "found an old map",
                "Old Trade Map",
            ),
        ),
        troubles=(
            ("soldiers blocking the only road", "a guard at the gate", "Blocked Road"),
            ("a fire that broke out in the market", "a fire", "Great Fire"),
            ("a storm that threatened every boat in the harbor", "a storm at sea", "Storm"),
        ),
        helpers=(
            ("a blacksmith with soot on her hands", "a smith"),
            ("an old monk who could read every language", "a monk"),
            ("a fisherman who knew every current", "a man with a boat"),
        ),
        hurdles=(
            ("a bridge guarded by the king's soldiers", "a guard on the bridge"),
            ("a river swollen by spring rain", "a full stream"),
            ("a gate that closed at sunset", "a shut gate"),
            ("a merchant who demanded three silver coins", "a man who wanted coins"),
            ("a road crowded with carts and horses", "a road full of carts"),
            ("a letter written in Latin", "a note they could not read"),
        ),
        clues=(
            ("a seal pressed in red wax", "a red wax seal"),
            ("a carving on the church door", "a mark on the door"),
            ("an old song the fishermen sang", "an old song"),
            ("a page torn from a ship's log", "a torn page"),
            ("a coin stamped with a crown", "a coin with a crown"),
        ),
        acts=(
            (
                "rode through the night on a borrowed horse and reached the gates just as they closed",
                "rode fast through the night",
            ),
            (
                "formed a bucket line with the whole town and passed water from hand to hand",
                "passed pails of water",
            ),
            ("rowed out into the storm and lit the lamp of the old lighthouse", "lit the lamp"),
        ),
        wins=(
            (
                "saved the town, and people would talk about it for a hundred years",
                "saved the town",
            ),
            ("watched the boats come safely home one by one", "saw the boats come home"),
        ),
        sights=(
            ("cobblestone streets", "stone streets"),
            ("candles flickering in the windows", "a horse and cart"),
            ("horses pulling wooden carts", "boats"),
            ("flags with the royal crest", "flags"),
            ("fishing boats bobbing in the harbor", "a big stone wall"),
        ),
        sounds=(
            ("church bells ringing across the valley", "bells"),
            ("the clang of the blacksmith's hammer", "a clang"),
            ("merchants calling out their prices", "a horse"),
            ("hooves on stone", "the sea"),
        ),
        traits=("loyal", "brave"),
        lessons=(
            "Ordinary people can change history.",
            "Courage and loyalty matter in every age.",
            "The past can teach us how to live today.",
        ),
        story_titles=("{Hero} and the {Goal}", "The Year of the {Trouble}", "Tales of {Place}"),
        scene_titles={
            "introduction": ("Life in {Home}",),
            "rising_action": ("The Road to {Place}", "At {Place}"),
            "climax": ("The {Trouble}",),
            "falling_action": ("After the {Trouble}",),
            "conclusion": ("Remembered for Generations",),
        },
    ),
}

SCENE_TITLES: dict[str, tuple[str, ...]] = {
    "introduction": ("A Morning in {Home}", "Where It All Began", "{Hero} and the {Goal}"),
    "rising_action": (
        "Lost in {Place}",
        "The Road to {Place}",
        "Into {Place}",
        "Trouble in {Place}",
        "Across {Place}",
        "A Clue in {Place}",
        "Strangers at {Place}",
        "Deeper into {Place}",
    ),
    "climax": ("Facing the {Trouble}", "The Moment of Truth"),
    "falling_action": (
        "The Way Back from {Place}",
        "After the {Trouble}",
        "A Quiet Evening at {Place}",
        "Catching Our Breath",
    ),
    "conclusion": ("Home to {Home}", "A New Day in {Home}", "What {Hero} Learned"),
}

PROTAGONIST_NAMES: tuple[str, ...] = (
    "Pip",
    "Max",
    "Lily",
    "Sam",
    "Nia",
    "Finn",
    "Rosa",
    "Theo",
    "Ada",
    "Kit",
    "Mila",
    "Leo",
)

THEME_LESSONS: dict[str, str] = {
    "friendship": "Friends help each other.",
    "family": "Family is always there for you.",
    "colors": "The world is full of color.",
    "animals": "Be gentle with animals.",
    "basic emotions": "It is okay to feel sad or scared sometimes.",
    "kindness": "Being kind makes everyone happier.",
    "sharing": "Sharing makes things more fun.",
    "curiosity": "Asking questions helps you learn.",
    "simple problem solving": "Big problems get smaller when you take them one step at a time.",
    "teamwork": "We can do more when we work together.",
    "courage": "Courage means doing the right thing even when you are scared.",
    "responsibility": "Keeping your promises shows others they can trust you.",
    "discovery": "There is always something new to discover.",
    "perseverance": "Keep trying, even when things are hard.",
    "identity": "Being yourself is your greatest strength.",
    "loyalty": "Loyal friends stand by each other in hard times.",
    "fairness": "Treating others fairly matters, even when no one is watching.",
    "growing independence": "Growing up means learning to trust your own judgment.",
    "consequences": "Every choice has consequences, so choose with care.",
    "self-discovery": "Discovering who you are takes time and courage.",
    "belonging": "Everyone deserves a place where they belong.",
    "ethical choices": "Doing the right thing is not always easy, but it matters.",
    "relationships": "Honest conversations keep relationships strong.",
    "resilience": "Setbacks are not the end of the story.",
    "complex relationships": "People are more complicated than they first appear.",
    "moral ambiguity": "When the right choice is unclear, integrity matters most.",
    "social commentary": "Communities are shaped by the choices of ordinary people.",
}

TINY = Register(
    beats={
        "introduction": (
            ("{hero} lived in {home}.", "{hero} lived near {home}."),
            ("{hero} was {trait}.",),
            ("Here is the tale: {idea}.",),
            ("One day, {hero} {goal}.",),
            ('"Let\'s go," said {hero}.', '"Come on," said {hero}.'),
        ),
        "rising_action": (
            ("{team} went to {place}.", "{team} set off for {place}."),
            ("There was {hurdle}.", "Oh no, there was {hurdle}."),
            ("Then {helper} came by.", "Then they met {helper}."),
            ("They found {clue}.", "{hero} found {clue}."),
            ("They kept on.", "On and on {hero} went."),
        ),
        "climax": (
            ("Then came {trouble}.", "Oh no, it was {trouble}."),
            ("{hero} felt scared.", "{hero} was a bit scared."),
            ("But {hero} was {trait}.",),
            ("{hero} {act}.",),
            ("{friend} helped too.", "{friend} was there to help."),
            ("They {win}.", "At last {hero} {win}."),
        ),
        "falling_action": (
            ("{team} went back.", "{team} walked home."),
            ("The sun came out.", "The sky was clear."),
            ("{friend} sat down to rest.", "{friend} had a snack."),
            ("All was well.", "They were glad."),
        ),
        "conclusion": (
            ("{team} got home at last.", "At last, {team} got home."),
            ("{hero} gave {friend} a hug.",),
            ("They felt warm and glad.", "{hero} felt warm and glad."),
            ("It was a good day.",),
            ("The end.",),
        ),
    },
    meet=("{friend} came too.", "{friend} came along."),
    plain={
        "calm": (
            "The sun was warm.",
            "The sky was blue.",
            "A bird sang a song.",
            "It was so much fun.",
            "They heard {sound}.",
            "{hero} saw {sight}.",
            "All was calm.",
            "The grass was soft.",
            "A bee went buzz.",
            "The day was nice.",
            "They had a snack.",
            "They had a big laugh.",
            "The hills were green.",
            "{hero} sat on a rock.",
            "The ducks swam by.",
            "{friend} had a snack.",
            "It was a fine day.",
            "A frog went hop.",
            "{hero} ate a plum.",
            "The sun shone down.",
            "The trees were tall.",
            "{hero} gave a grin.",
            "The sky was pink.",
            "{friend} sang a tune.",
            "{friend} saw {sight}.",
            "{hero} clapped and clapped.",
            "A cat had a nap.",
            "{friend} gave a wave.",
            "The air was sweet.",
            "They played a game.",
        ),
        "tense": (
            "It was dark.",
            "{hero} held on tight.",
            "What was that?",
            "They heard {sound}.",
            "The wind blew hard.",
            "{hero} did not stop.",
            "Go, go, go!",
            "They had to be quick.",
            "It was so cold.",
            "Step by step they went.",
            "The path was steep.",
            "{hero} felt cold.",
            "Up and up they went.",
            "{hero} was not sure.",
            "It got so dark.",
            "The rain came down.",
            "They must not stop.",
            "{friend} held on tight.",
            "Where was the way?",
            "The trees shook.",
            "{hero} ran fast.",
            "{friend} gave a shout.",
            "{friend} was near.",
            "Was it a bear?",
            "The path got thin.",
            "{hero} shut both eyes.",
            "A big drop fell.",
        ),
    },
    plain_openers=("",),
    ornate={
        "calm": (
            "{hero} looked at {sight} for a long time",
            "{team} sat in the warm sun and had a snack",
            "{hero} and {friend} sang a happy song",
            "the wind was soft and the sky was very blue",
            "{hero} gave a big smile to everyone",
            "{friend} told {hero} a funny joke",
            "{team} played a game of tag on the grass",
            "{hero} found a pretty shell on the ground",
        ),
        "tense": (
            "{hero} took a big breath and looked around",
            "the wind blew and the trees shook all around",
            "{team} held hands and took one more step",
            "{hero} could hear {sound} very close by",
            "{friend} held {hero} by the hand very tight",
            "{hero} did not know which way to go",
            "the sky went dark and the rain came down",
        ),
    },
    openers={"calm": ("", "Then"), "tense": ("", "Just then")},
    tails={"calm": ("",), "tense": ("",)},
    paragraph_sentences=0,
    tiny=True,
)

SIMPLE = Register(
    beats={
        "introduction": (
            ("{hero} lived in {home}.", "In {home}, there lived someone named {hero}."),
            (
                "{hero} was {trait}, and everyone knew it.",
                "Everyone agreed that {hero} was {trait}.",
            ),
            ("This story is about one idea: {idea}.",),
            ("One morning, {hero} {goal}.", "Then, one ordinary morning, {hero} {goal}."),
            (
                '"We have to find out more," said {hero}.',
                "{hero} knew right away that this was the start of something big.",
            ),
        ),
        "rising_action": (
            ("{team} set off for {place}.", "The next day, {team} headed to {place}."),
            ("Soon they could see {sight}.", "{hero} pointed at {sight}."),
            (
                "But then they found {hurdle}.",
                "Before long, {hero} ran into a problem: {hurdle}.",
            ),
            ("Luckily, {helper} came along to help.", "That was when they met {helper}."),
            ("Then {hero} spotted {clue}.", "Together they found {clue}."),
            (
                '"This way!" called {hero}, and they hurried on.',
                "{team} kept going, one step at a time.",
            ),
        ),
        "climax": (
            ("Suddenly, they faced {trouble}.", "Then came the hardest part of all: {trouble}."),
            ("For a moment, {hero} felt afraid.", "{hero}'s heart was pounding."),
            ("But {hero} was {trait}, and that mattered now.",),
            ("{hero} {act}.",),
            ("{friend} was right there to help.", "{friend} cheered as loudly as possible."),
            ("In the end, {team} {win}.",),
        ),
        "falling_action": (
            (
                "When it was over, {team} sat down to rest.",
                "Slowly, everything grew calm again for {team}.",
            ),
            ("{hero} thought about everything that had happened at {place}.",),
            (
                "{friend} laughed, and {hero} laughed too.",
                "{friend} said it was the bravest thing ever.",
            ),
            ("Then {team} started the long walk home.", "It was time to go home to {home}."),
        ),
        "conclusion": (
            (
                "At last, {team} got back to {home}.",
                "Back in {home}, everything looked a little different to {team}.",
            ),
            ("{hero} gave {friend} a big hug.", "{hero} and {friend} shared a happy smile."),
            ("{hero} had learned something important.", "{hero} smiled, feeling proud and happy."),
            ("It had been the best day ever.", "And that was how the adventure ended."),
        ),
    },
    meet=(
        "{friend}, {friend_desc}, was {hero}'s best friend.",
        "{hero} spent most days with {friend}, {friend_desc}.",
        "{friend}, {friend_desc}, lived just down the road.",
        "{hero} also knew {friend}, {friend_desc}.",
    ),
    plain={
        "calm": (
            "The air smelled fresh.",
            "{hero} smiled at that.",
            "Everyone felt happy.",
            "It was a nice day.",
            "{hero} looked around.",
            "They heard {sound}.",
            "{hero} saw {sight}.",
            "The sun was warm.",
            "Nobody was in a hurry.",
            "It felt good to be together.",
            "The wind was soft.",
            "The day felt bright.",
            "Birds sang in the trees.",
            "{friend} waved at {hero}.",
            "They walked side by side.",
            "The grass was soft and green.",
            "{hero} felt calm.",
            "It was a good time to rest.",
            "They ate some bread.",
            "The path was easy here.",
            "Everyone was in a good mood.",
            "{friend} told a joke.",
            "{friend} hummed a little tune.",
            "The clouds drifted by.",
            "{hero} felt very lucky.",
            "Everything looked bright and new.",
            "{hero} counted the birds.",
            "A breeze ruffled the grass.",
            "{friend} pointed at {sight}.",
            "They sat for a while.",
        ),
        "tense": (
            "It was very quiet.",
            "{hero} held still.",
            "They heard {sound}.",
            "Nobody said a word.",
            "The wind blew hard.",
            "{hero} did not give up.",
            "They had to be fast.",
            "It was getting late.",
            "Something did not feel right.",
            "The sky grew dark.",
            "The ground shook a bit.",
            "{hero} felt a chill.",
            "{friend} stayed close.",
            "They could not turn back.",
            "The path was hard.",
            "Rain began to fall.",
            "Every step felt slow.",
            "Their hands were cold.",
            "{hero} looked back once.",
            "{friend} took a deep breath.",
            '"Stay close," said {friend}.',
            '"What was that?" asked {hero}.',
            "The trail got narrow.",
            "{friend} grabbed {hero}'s arm.",
            "Their boots were muddy.",
            "A branch snapped nearby.",
        ),
    },
    plain_openers=("", "Then"),
    ornate={
        "calm": (
            "{hero} stopped to look at {sight}",
            "{team} listened to {sound}",
            "{hero} thought about what might happen next",
            "the light changed slowly across the sky",
            "{hero} talked with {friend} about all the things they had seen",
            "everyone shared a snack and told funny stories",
            "{hero} told {friend} about {home} and all the people there",
            "{team} walked past {sight}",
            "{hero} wrote a few notes in a little notebook",
            "{friend} pointed out {sight} with a happy laugh",
            "{team} shared the last of the sandwiches",
            "{hero} felt proud of how far they had come",
            "everyone laughed at a silly joke that {friend} told",
            "{hero} tried to remember every detail of {place}",
            '"I am glad we came," said {friend} with a smile',
            "{hero} noticed {sight} for the very first time",
        ),
        "tense": (
            "{hero} listened carefully to {sound}",
            "{team} moved forward slowly and carefully",
            "{hero} wondered what was waiting around the next corner",
            "the shadows seemed to grow longer and darker",
            "{friend} whispered that they should be careful",
            "{hero} remembered every warning they had heard",
            "{hero} checked that everyone was still close",
            "{friend} grabbed {hero}'s sleeve and pointed ahead",
            "{team} stayed close together and kept walking",
            '"We can do this," said {hero} in a brave voice',
            "{hero} thought about {home} for a moment",
            "the ground under their feet felt cold and bumpy",
            "{friend} asked if they should turn back, but {hero} said no",
            "{hero} tried hard to stay calm and think clearly",
            "{team} heard {sound} somewhere close by",
            "a cold wind swept across {place}",
            "{hero} counted each step to stay brave",
        ),
    },
    openers={
        "calm": (
            "",
            "For a while,",
            "After a moment,",
            "Later,",
            "Meanwhile,",
            "Every now and then,",
            "Before long,",
            "Along the way,",
        ),
        "tense": (
            "",
            "Just then,",
            "All of a sudden,",
            "For a moment,",
            "Quietly,",
            "Carefully,",
            "Without a sound,",
            "Right then,",
        ),
    },
    tails={
        "calm": (
            "",
            ", and everything felt peaceful",
            ", and it felt like a good sign",
            ", and nobody was worried",
            ", just like in a picture book",
            ", and the day felt full of promise",
        ),
        "tense": (
            "",
            ", and nobody dared to move",
            ", and the air felt heavy",
            ", and time seemed to slow down",
            ", and their hearts beat faster",
            ", but nobody wanted to give up",
        ),
    },
    paragraph_sentences=3,
    tiny=False,
)

RICH = Register(
    beats={
        "introduction": (
            (
                "{hero} had lived in {home} for as long as anyone could remember.",
                "Life in {home} moved at its own gentle pace, and {hero} had always been part of it.",
            ),
            (
                "People often said that {hero} was {trait}, though {hero} rarely thought about it.",
                "{hero} was {trait}, a quality that would soon be tested in ways no one expected.",
            ),
            ("At its heart, this is a story about a single idea: {idea}.",),
            (
                "Then one morning, {hero} {goal}.",
                "It began on an ordinary morning, when {hero} {goal}.",
            ),
            (
                "It was the kind of moment that quietly divides a life into before and after.",
                '"We cannot just ignore this," {hero} said, and nobody argued.',
            ),
        ),
        "rising_action": (
            (
                "The journey led {team} to {place}.",
                "By the following morning, {team} had reached {place}.",
            ),
            (
                "Everywhere they turned there was something new: {sight}.",
                "Everywhere {hero} looked, there was something new: {sight}.",
            ),
            (
                "The trouble began with {hurdle}.",
                "Progress came to a sudden halt when they encountered {hurdle}.",
            ),
            (
                "It was {helper} who finally offered help.",
                "Help arrived in an unexpected form: {helper}.",
            ),
            (
                "Then {hero} noticed {clue}, and things began to make sense.",
                "Among the details that others had overlooked, {hero} discovered {clue}.",
            ),
            (
                "With new determination, {team} pressed on.",
                "There was nothing to do but keep going.",
            ),
        ),
        "climax": (
            (
                "Everything came to a head when they faced {trouble}.",
                "Nothing could have prepared {hero} for {trouble}.",
            ),
            ("For one long moment, fear held {hero} completely still.",),
            ("Yet {hero} was {trait}, and this was exactly the moment that called for it.",),
            ("Gathering every bit of courage, {hero} {act}.",),
            ("{friend} stood firm beside {hero}, refusing to give up.",),
            ("When the dust finally settled, {team} {win}.",),
        ),
        "falling_action": (
            (
                "In the quiet that followed, {team} could finally breathe again.",
                "For {team}, the hours that followed felt strangely peaceful.",
            ),
            ("{hero} kept thinking about everything that had happened at {place}.",),
            (
                "{friend} laughed, a little shakily, and soon {hero} was laughing too.",
                "{friend} admitted to having been terrified, and {hero} confessed the same.",
            ),
            (
                "There was still the long road back to {home}, but it no longer seemed so long.",
                "Slowly, almost reluctantly, they began the journey home.",
            ),
        ),
        "conclusion": (
            ("When {team} returned to {home}, the place looked familiar and new at the same time.",),
            ("{hero} and {friend} shared a look that said more than words could.",),
            ("{hero} understood now that the journey had changed something deep inside.",),
            (
                "It was, in the end, a story worth remembering.",
                "And so the story ended, though in another sense it was only beginning.",
            ),
        ),
    },
    meet=(
        "{friend}, {friend_desc}, was never far away.",
        "At {hero}'s side, as usual, was {friend}, {friend_desc}.",
        "{friend}, {friend_desc}, completed the little group.",
        "Then there was {friend}, {friend_desc}.",
    ),
    plain={
        "calm": (
            "The air was cool and clean.",
            "{hero} took a slow breath.",
            "Nobody said much for a while.",
            "It was quiet at last.",
            "They heard {sound}.",
            "{hero} saw {sight}.",
            "Time passed slowly.",
            "The light was soft.",
            "{team} kept walking.",
            "It felt good to rest.",
            "Nobody was in a hurry now.",
            "The road went on and on.",
            "{hero} said very little.",
            "{friend} stayed close by.",
            "The sky was grey and still.",
            "Their legs were tired.",
            "A cool wind blew.",
            "{friend} hummed a tune.",
            "The day was nearly done.",
            "{hero} felt calm again.",
        ),
        "tense": (
            "{hero} did not move.",
            "The wind grew stronger.",
            "They heard {sound}.",
            "Nobody spoke a word.",
            "{hero} held on tight.",
            "There was no time to waste.",
            "It was getting dark.",
            "The path grew steep.",
            "Something was wrong.",
            "{hero} kept going anyway.",
            "A cold wind blew.",
            "{friend} stayed close.",
            "They could not stop now.",
            "Every step was hard.",
            "{hero} bit back a shout.",
            "The ground was wet.",
            "{friend} looked back once.",
            "Their hearts beat fast.",
        ),
    },
    plain_openers=("", "Then"),
    ornate={
        "calm": (
            "{hero} studied {sight} with unusual attention",
            "{team} listened to {sound} without speaking",
            "{hero} considered how much had changed since leaving {home}",
            "the world seemed larger and more complicated than it had ever seemed before",
            "{hero} wondered whether anyone else had ever stood in this exact place",
            "{friend} offered a quiet observation about {sight}",
            "{hero} reflected on the peculiar way that ordinary days could become extraordinary",
            "{friend} described the memory of an earlier, simpler time",
            "{friend} spoke about {home} as though it were already a distant memory",
            "{team} shared a meal in companionable silence",
            "{hero} traced the outline of {sight} with a thoughtful gaze",
            "{hero} recalled the promise that had started everything",
            "{friend} laughed at something {hero} had said, genuinely delighted",
            "the ordinary rhythms of {place} continued around them",
            "{hero} felt an unfamiliar and surprisingly powerful sense of gratitude",
            "{team} exchanged stories about the people who had shaped them",
            '"I never imagined it would look like this," {friend} admitted quietly',
        ),
        "tense": (
            "{hero} registered {sound} with growing apprehension",
            "{team} advanced cautiously, measuring every movement",
            "{hero} calculated the possibilities with desperate concentration",
            "the atmosphere became increasingly oppressive and uncertain",
            "{friend} murmured a warning that nobody particularly wanted to hear",
            "{hero} recognized that hesitation was a luxury they could no longer afford",
            "every instinct insisted that something terrible was approaching",
            "{friend} gripped {hero}'s arm with surprising strength",
            "{hero} deliberately pushed every doubt aside",
            "{team} negotiated the treacherous ground with painstaking care",
            "{hero} noticed {sound} and immediately understood its significance",
            "the familiar certainties of {home} suddenly seemed impossibly far away",
            "{hero} weighed the danger against every promise already made",
            '"Whatever happens, we stay together," {friend} insisted',
            "{hero} considered, briefly and reluctantly, the possibility of failure",
            "a profound and unnatural stillness settled over {place}",
        ),
    },
    openers={
        "calm": (
            "",
            "For a long moment,",
            "As the afternoon wore on,",
            "Without quite knowing why,",
            "In that unhurried hour,",
            "Almost without noticing,",
            "Somewhere along the way,",
            "Later that day,",
            "In the gentle evening light,",
            "Every so often,",
        ),
        "tense": (
            "",
            "In the suffocating silence,",
            "Without warning,",
            "With every passing second,",
            "Somewhere in the distance,",
            "Despite everything,",
            "At that precise moment,",
            "Against every instinct,",
            "In the gathering darkness,",
        ),
    },
    tails={
        "calm": (
            "",
            ", and the feeling lingered long after the moment itself had passed",
            ", as though the landscape itself were keeping an ancient secret",
            ", while the light shifted slowly across everything around them",
            ", which was both unsettling and strangely beautiful",
            ", remembering conversations that had once seemed unimportant",
            ", grateful for the company",
            ", and for once nothing needed to be decided",
        ),
        "tense": (
            "",
            ", and the consequences of failure became impossible to ignore",
            ", as though the darkness itself were deliberately listening",
            ", while the minutes evaporated with frightening speed",
            ", which made the situation considerably more dangerous",
            ", knowing that everything depended on the next decision",
            ", aware that there would be no second chance",
            ", although nobody dared to say so aloud",
        ),
    },
    paragraph_sentences=4,
    tiny=False,
)

REGISTERS: dict[str, Register] = {"tiny": TINY, "simple": SIMPLE, "rich": RICH}
