"""Synthetic long multi-session conversations with evidence-labelled questions.

A pure-standard-library, seed-deterministic generator of LoCoMo-like dialogues:
two friends chat over several dated sessions; facts about both of them are
stated (pets, jobs, cities, family, hobbies ...), sometimes updated later,
events are told with relative time expressions ("yesterday", "last weekend"),
and small talk / near-miss facts act as distractors. Each dialogue carries
questions of kinds ``single``, ``update``, ``temporal``, ``multi`` and
``inference`` whose ``evidence`` lists the indices of the turns holding the answer.

The data tables are compact text blocks (``key: a|b|c``; indented lines
continue the previous value) parsed once at import time.

Example:
    >>> from langchain_neuralmem.training.generator import generate_dialogues
    >>> dialogues = generate_dialogues(2, seed=7)
    >>> len(dialogues)
    2
    >>> d = dialogues[0]
    >>> all(0 <= i < len(d.turns) for q in d.questions for i in q.evidence)
    True
    >>> generate_dialogues(2, seed=7)[0].turns[5].text == d.turns[5].text
    True
"""

from __future__ import annotations

import itertools
import random
import re
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta, timezone

from langchain_neuralmem.training.examples import Dialogue, DialogueTurn, EvidenceQuestion

__all__ = ["GeneratorConfig", "format_session_date", "generate_dialogue", "generate_dialogues"]
__all__ += ["EVENTS", "FACTS", "POOLS", "PROFILES", "QUESTION_KINDS", "RELATIVE_TIMES"]
__all__ += ["EventTemplate", "FactTemplate", "InterestProfile", "resolve_relative_time"]

QUESTION_KINDS: tuple[str, ...] = ("single", "update", "temporal", "multi", "inference")


def _split(text: str, sep: str = "|") -> tuple[str, ...]:
    """Split a table cell into a tuple of non-empty stripped strings."""
    return tuple(part.strip() for part in text.split(sep) if part.strip())


def _records(text: str) -> list[tuple[str, str]]:
    """Parse ``key: value`` lines; indented lines continue the previous value."""
    out: list[tuple[str, str]] = []
    for line in text.splitlines():
        if not line.strip():
            continue
        if line[0].isspace() and out:
            key, value = out[-1]
            out[-1] = (key, f"{value} {line.strip()}")
        else:
            key, _, value = line.partition(":")
            out.append((key.strip(), value.strip()))
    return out


# ---------------------------------------------------------------------------
# Value pools
# ---------------------------------------------------------------------------
_POOL_TABLE = """
female: Ann|Bella|Clara|Diana|Elena|Fiona|Grace|Hannah|Iris|Julia|Kira|Lena|Maya|Nora|Olivia|Priya|
    Quinn|Rosa|Sofia|Tara|Uma|Vera|Wendy|Yara|Zoe|Alice|Beth|Chloe|Daisy|Emma|Freya|Gina|Holly|Ivy|
    Jade|Leah|Mia|Nina|Paige|Ruby
male: Adam|Ben|Carlos|Daniel|Ethan|Felix|George|Henry|Isaac|Jack|Kevin|Liam|Marco|Nathan|Omar|Paul|
    Rafael|Sam|Tom|Victor|Will|Yusuf|Zane|Aaron|Brian|Caleb|Dev|Eli|Frank|Gabe|Hugo|Ivan|Jonah|Leo|
    Miles|Noah|Owen|Ryan|Theo|Wes
pet_names: Biscuit|Luna|Pepper|Mochi|Oliver|Bailey|Ziggy|Pumpkin|Waffles|Nala|Cooper|Tofu|Rocket|
    Juniper|Pickles|Bruno|Clementine|Maple|Noodle|Ghost|Sprout|Hazel|Taco|Winston|Peanut|Cleo|
    Dumpling|Marble|Chester|Olive|Scout|Pretzel|Bagel|Shadow|Willow|Sushi|Nugget|Frodo|Poppy|Domino
cities: Denver|Austin|Portland|Seattle|Boston|Chicago|Atlanta|Phoenix|Tucson|Nashville|Minneapolis|
    San Diego|Sacramento|Pittsburgh|Baltimore|Raleigh|Richmond|Omaha|Albuquerque|Boise|Madison|
    Milwaukee|Savannah|Charleston|Salt Lake City|Tampa|Orlando|Detroit|Cleveland|Toronto|Vancouver|
    Montreal|Dublin|Edinburgh|Lisbon|Barcelona|Vienna|Prague|Copenhagen|Melbourne|Auckland|Kyoto|
    Seoul|Buenos Aires|Cape Town|Reykjavik|Oslo|Munich|Amsterdam|Florence
jobs: nurse|graphic designer|software engineer|high school teacher|accountant|pastry chef|physical
    therapist|librarian|architect|paramedic|data analyst|veterinary technician|social worker|
    electrician|marketing manager|pharmacist|journalist|dental hygienist|carpenter|translator|park
    ranger|photographer|real estate agent|barista|lab technician|flight attendant|landscape
    gardener|speech therapist|UX researcher|sous chef|museum curator|personal trainer|paralegal|
    florist|civil engineer|radio producer|school counselor|tattoo artist|sommelier|pilot
companies: Brightline Labs|Northwind Logistics|Cedar & Pine Studio|Bluefin Health|Orchard Robotics|
    Harbor Bank|Summit Outdoor Company|Lumen Media|Greenleaf Foods|Atlas Insurance|Copperfield
    Books|Riverstone Clinic|Nimbus Software|Willow Creek School|Redwood Architects|Polaris Airlines|
    Maple Street Bakery|Ironclad Fitness|Sunset Realty|Quartz Analytics|Beacon Hospital|Meadowlark
    Press|Tidewater Energy|Falcon Games|Juniper Design
hobbies: pottery|rock climbing|knitting|birdwatching|salsa dancing|sourdough baking|trail running|
    watercolor painting|woodworking|chess|photography|kayaking|gardening|yoga|calligraphy|archery|
    surfing|embroidery|stand-up comedy|skateboarding|origami|fencing|beekeeping|scuba diving|
    journaling|crochet|bouldering|swimming|ice skating|drawing|cycling|tennis|improv theatre|candle
    making|camping
books: Pride and Prejudice|The Hobbit|Little Women|Dune|Jane Eyre|Beloved|The Night Circus|Anne of
    Green Gables|The Alchemist|Circe|Rebecca|The Secret Garden|Frankenstein|Middlemarch|The Book
    Thief|Emma|The Odyssey|Moby-Dick|A Wrinkle in Time|Charlotte's Web|The Martian|Station Eleven|
    Wuthering Heights|Persuasion|The Color Purple|Becoming|Educated|Matilda|Piranesi|Anxious People
cars: Subaru Outback|Honda Civic|Toyota Prius|Ford Mustang|Jeep Wrangler|Mazda Miata|Volkswagen
    Beetle|Tesla Model 3|Kia Soul|Volvo XC60|Mini Cooper|Toyota Tacoma|Honda CR-V|Nissan Leaf|
    Hyundai Kona|Chevy Bolt|Ford F-150|Fiat 500|Audi A4|Dodge Caravan
instruments: violin|cello|ukulele|piano|saxophone|trumpet|drums|banjo|flute|clarinet|harp|mandolin|
    bass guitar|accordion|harmonica|trombone
allergens: peanuts|shellfish|cats|pollen|strawberries|gluten|bee stings|latex|penicillin|sesame|
    kiwi|dust mites|eggs|soy|tree nuts|mold
counts: two|three|four|five
foods: mac and cheese|ramen|chicken pot pie|lasagna|pho|tacos al pastor|pad thai|shakshuka|butter
    chicken|clam chowder|pierogi|banana bread|grilled cheese|paella|dumplings|mushroom risotto|
    biryani|empanadas|gumbo|falafel|pancakes|chili|sushi rolls|lentil soup|bibimbap|spaghetti
    carbonara|apple pie|cornbread|tamales|moussaka
sports: volleyball|softball|basketball|soccer|ultimate frisbee|pickleball|hockey|rugby|badminton|
    bowling|kickball|water polo|curling|lacrosse
languages: Spanish|Japanese|Italian|Portuguese|Korean|German|French|Mandarin|Arabic|Greek|Dutch|
    Swedish|Hindi|Turkish|Polish|Vietnamese|Russian|Hebrew|Swahili|Irish
bands: Fleetwood Mac|The Beatles|Radiohead|ABBA|Queen|Coldplay|Arctic Monkeys|The Cure|Florence and
    the Machine|Vampire Weekend|Tame Impala|The Strokes|Talking Heads|Bon Iver|Haim|Paramore|The
    Killers|Muse|Daft Punk|Pearl Jam
movies: The Princess Bride|Spirited Away|Jurassic Park|Amelie|Casablanca|Back to the Future|Little
    Miss Sunshine|Up|Moonlight|Paddington 2|The Grand Budapest Hotel|Arrival|Inception|Coco|Mamma
    Mia|Titanic|Ratatouille|Lady Bird|Whiplash|The Godfather
fields: biology|art history|mechanical engineering|psychology|economics|chemistry|English
    literature|computer science|philosophy|nursing|marine biology|political science|graphic design|
    music theory|anthropology|architecture|statistics|sociology|linguistics|environmental science|
    journalism|physics|education|film studies|public health
drinks: oat milk latte|cold brew|chai latte|flat white|matcha latte|cortado|hot chocolate|americano|
    mocha|iced caramel macchiato|London fog|cappuccino|espresso tonic|golden milk|peppermint tea
plants: tomatoes|sunflowers|lavender|basil|zucchini|roses|peppers|tulips|raspberries|mint|dahlias|
    pumpkins|hydrangeas|kale|marigolds|blueberry bushes|snap peas|rosemary|lilies|cucumbers
shows: The Great British Bake Off|Stranger Things|Parks and Recreation|Ted Lasso|Gilmore Girls|
    Breaking Bad|Schitt's Creek|The Crown|Abbott Elementary|Planet Earth|Brooklyn Nine-Nine|Fleabag|
    The Mandalorian|Queer Eye|Friends|Doctor Who|Severance|The Bear|Jeopardy|Succession
volunteer_places: animal shelter|food bank|public library|children's hospital|community garden|
    homeless shelter|senior center|literacy center|LGBTQ youth center|botanical garden|soup kitchen|
    nature reserve|refugee center|crisis hotline|thrift store
colours: sage green|navy blue|mustard yellow|lilac|terracotta|teal|coral|burgundy|forest green|sky
    blue|plum|charcoal grey
games: Stardew Valley|Zelda|Minecraft|Animal Crossing|Tetris|Hades|Portal|Celeste|Mario Kart|The
    Sims|Civilization|Overcooked|Skyrim|Fortnite|Among Us
months: January|February|March|April|May|June|July|August|September|October|November|December
countries: Japan|Iceland|Peru|Morocco|New Zealand|Italy|Greece|Vietnam|Norway|Portugal|Kenya|Chile|
    Scotland|Thailand|Egypt|Croatia|Argentina|India|Ireland|Costa Rica|Mexico|Turkey|Finland|Jordan|
    Brazil|Nepal|Spain|Tanzania|Canada|Australia
paint_subjects: a sunset over the lake|a field of sunflowers|an old farmhouse garden|a lighthouse in
    a storm|a bowl of lemons|the city skyline at night|a fox in the snow|a mountain cabin|a stormy
    sea|a vase of peonies|a sleeping golden retriever|a forest path in autumn|a hot air balloon|a
    rainy street in Paris|the northern lights
"""
POOLS: dict[str, tuple[str, ...]] = {k: _split(v) for k, v in _records(_POOL_TABLE)}
POOLS["any"] = POOLS["female"] + POOLS["male"]
MONTHS: tuple[str, ...] = POOLS["months"]


# ---------------------------------------------------------------------------
# Fact templates
# ---------------------------------------------------------------------------
@dataclass(frozen=True)
class FactTemplate:
    """A stateable personal fact with its phrasings and questions.

    Attributes:
        key: fact identifier (one value per speaker and key).
        topic: conversation topic of the segment that states it (see :data:`TOPICS`).
        pool: name of the value pool in :data:`POOLS`.
        statements: first-person phrasings containing ``{v}``.
        questions: third-person questions with ``{n}`` (the speaker's name).
        reactions: the other speaker's replies (may repeat ``{v}``).
        near_miss: third-party distractor lines with ``{p}`` (a person) and ``{v}``.
        updates: change statements containing ``{old}`` and ``{v}`` (new value).
        current_questions: questions about the value after an update.
        prior_questions: questions about the value before ``{v}``.
    """

    key: str
    topic: str
    pool: str
    statements: tuple[str, ...]
    questions: tuple[str, ...]
    reactions: tuple[str, ...]
    near_miss: tuple[str, ...] = ()
    updates: tuple[str, ...] = ()
    current_questions: tuple[str, ...] = ()
    prior_questions: tuple[str, ...] = ()


# "key topic pool: statements" starts a fact; then Q: questions, R: reactions // near misses,
# and for updatable facts U: updates, C: current-value and P: prior-value questions.
_FACT_TABLE = """
dog pets pet_names: I finally adopted a puppy, we named him {v}!|Our new rescue dog is called {v},
    he's a goofball.|Meet {v}, the little pup we brought home from the shelter.|{v} (my dog) chewed
    up my shoes.
Q: What is the name of {n}'s dog?|What did {n} name the puppy?|What is {n}'s dog called?
R: Aww, {v} is such a cute name!|A puppy! I'm so jealous.|Ha, {v} sounds like trouble, the good
    kind. // My coworker {p} just got a puppy named {v}.|Our neighbour's dog {v} barked all night
    again.
cat pets pet_names: We brought home a kitten and named her {v}.|My cat {v} knocked a plant off the
    shelf again.|{v}, our tabby, has claimed my desk chair.
Q: What is the name of {n}'s cat?|What is {n}'s kitten called?
R: {v} sounds adorable!|Cats really do own the house, don't they? // My friend {p} has a cat called
    {v} that sneaks into everyone's yard.
job work jobs: I've been working as a {v} for a while now and I love it.|Being a {v} is exhausting
    some days, but it's rewarding.|Work as a {v} keeps me on my toes.
Q: What does {n} do for a living?|What is {n}'s job?|What is {n}'s profession?
R: That sounds like such meaningful work.|A {v}? I could never, you're amazing. // My friend {p}
    just started working as a {v}.
U: Big news: I quit being a {old} -- I'm starting as a {v} on Monday!|I left my {old} job behind and
    I'm officially a {v} now.|Switching careers from {old} to {v} was scary, but I did it.
C: What is {n}'s current job?|What does {n} work as now?
P: What did {n} work as before becoming a {v}?
employer work companies: I got a position at {v} and my team is great.|Things at {v} are hectic but
    I like my coworkers.|My office at {v} has the best coffee machine.
Q: Which company does {n} work for?|Where is {n} employed?
R: {v}? I've heard good things about them.|Nice, sounds like a good place. // {p} from my book club
    just got hired at {v}.
U: I left {old} and accepted an offer from {v}!|Last day at {old} was emotional; I start at {v}
    soon.
C: Which company does {n} work for now?|Where does {n} currently work?
P: Where did {n} work before joining {v}?
city home cities: I love living in {v}, the neighbourhood is so friendly.|Our apartment in {v} has
    the best view.|Life in {v} is treating me well.
Q: Where does {n} live?|Which city does {n} live in?
R: {v} sounds lovely!|I've always wanted to visit {v}. // My cousin {p} just moved to {v}.
U: Big news, we just relocated from {old} to {v}!|I finally left {old} and I'm living in {v} now.|
    Packing up in {old} was brutal, but we're settled in {v} now.
C: Where does {n} live now?|Which city is {n} living in currently?
P: Where did {n} live before moving to {v}?|Which city did {n} leave for {v}?
hometown home cities: I grew up in {v}, so this weather is nothing to me.|Back in {v}, where I was
    raised, we did this every summer.|Being from {v}, I'm picky about pizza.
Q: Where is {n} originally from?|Which city did {n} grow up in?
R: Ha, {v} kids are tough.|I didn't know you were from {v}! // {p}, my college roommate, grew up in
    {v}.
sister family female: My sister {v} is coming to visit this weekend.|{v}, my little sister, just got
    engaged!|I talked to my sister {v} for two hours on the phone.
Q: What is the name of {n}'s sister?|Who is {n}'s sister?
R: Tell {v} I said congrats!|Sisters are the best.
brother family male: My brother {v} is helping me paint the house.|{v}, my older brother, finally
    graduated!|I went hiking with my brother {v} and he got lost.
Q: What is the name of {n}'s brother?|Who is {n}'s brother?
R: Ha, good old {v}.|Brothers, honestly.
partner family any: My partner {v} surprised me with dinner tonight.|{v} and I just celebrated five
    years together.|{v}, my partner, is obsessed with crosswords.
Q: What is the name of {n}'s partner?|Who is {n} in a relationship with?
R: {v} is a keeper!|That's so sweet of {v}.
kids family counts: Juggling {v} kids and a job is no joke.|Bedtime with {v} little ones is pure
    chaos.|Every one of my {v} kids has the flu, send help.
Q: How many children does {n} have?|How many kids does {n} have?
R: I don't know how you do it!|Parenting is a full-time job on its own. // My friend {p} has {v}
    kids, I don't know how they do it.
hobby hobbies hobbies: I've gotten really into {v} lately.|My new obsession is {v}, I do it every
    weekend.|Honestly, {v} has become my favourite way to relax.
Q: What hobby has {n} picked up?|What is {n} into these days?
R: {v}? That's so cool!|I'd love to try that sometime. // {p} keeps begging me to try {v}.
book books books: I just reread '{v}' and it's still my all-time favourite.|Nothing beats '{v}',
    I've read it five times.|If I could keep one book forever, it'd be '{v}'.
Q: What is {n}'s favourite book?|Which novel does {n} love the most?
R: '{v}' is a classic!|I need to read that one. // {p} keeps telling me to read '{v}'.
car cars cars: I finally bought a {v}, it drives like a dream.|My {v} made a weird noise on the
    highway today.|Road trips in my {v} are the best.
Q: What car does {n} drive?|What kind of vehicle does {n} own?
R: A {v}! Nice choice.|Cars are so expensive these days. // {p} just bought a {v}.
U: I traded in my {old} for a {v}!|Goodbye {old}, hello {v} -- picked it up from the dealer today.
C: What car does {n} drive now?|What is {n}'s current car?
P: What car did {n} have before the {v}?
instrument music instruments: I've been learning to play the {v}.|My {v} lessons are finally paying
    off.|I practiced the {v} for an hour tonight.
Q: What instrument is {n} learning?|Which instrument does {n} play?
R: The {v}? That's awesome!|You'll have to play for me sometime. // {p} is learning the {v} too.
U: I gave up the {old} and switched to the {v}.|Sold my {old}; the {v} suits me way better.
C: Which instrument does {n} play now?
P: What instrument did {n} play before the {v}?
allergy health allergens: Turns out I'm allergic to {v}, found out the hard way.|I have to be
    careful, I'm allergic to {v}.|My {v} allergy flared up again.
Q: What is {n} allergic to?|What allergy does {n} have?
R: Oh no, that sounds awful.|Good to know, I'll remember that. // {p} is allergic to {v}, poor
    thing.
food food foods: Nothing beats {v}, it's my comfort food.|When I'm sad I make {v}.|I could eat {v}
    every day.
Q: What is {n}'s comfort food?|What dish does {n} make when feeling down?
R: Now I'm craving {v}!|Yum, same. // {p} can't stop talking about {v}.
sport sports sports: I joined a local {v} league!|Our {v} team won on Sunday.|Playing {v} with my
    league is the highlight of my week.
Q: What sport does {n} play in a league?|Which team sport does {n} play?
R: Go team!|{v} sounds like so much fun. // {p} plays in a {v} league.
language languages languages: I've started taking {v} lessons.|My {v} is getting better, I ordered
    dinner in it!|Practicing {v} on my commute every day.
Q: What language is {n} learning?|Which language is {n} studying?
R: {v}? Impressive!|Languages are so hard, good for you. // {p} is learning {v} too.
band music bands: {v} is my favourite band, I know every song.|I've had {v} on repeat all week.|
    Nobody will ever top {v} for me.
Q: What is {n}'s favourite band?|Which band does {n} love?
R: {v}! Great taste.|Ooh, which album is your favourite? // {p} is obsessed with {v}.
movie media movies: '{v}' is my comfort movie, I've seen it a hundred times.|I rewatch '{v}' every
    holiday.|My favourite movie of all time is '{v}'.
Q: What is {n}'s favourite movie?|Which film does {n} rewatch all the time?
R: '{v}' is so good!|I haven't seen it in ages. // {p} made me watch '{v}'.
degree school fields: I majored in {v} in college.|My degree in {v} finally came in handy at work.|
    Back when I was studying {v}, I basically lived in the library.
Q: What did {n} study in college?|What was {n}'s major?
R: {v}! That explains a lot.|I always thought that sounded interesting. // {p} is doing a degree in
    {v}.
best_friend family any: My best friend {v} is throwing me a party.|{v} has been my best friend since
    kindergarten.|I called my best friend {v} to vent.
Q: Who is {n}'s best friend?|What is the name of {n}'s best friend?
R: {v} sounds like a great friend.|Everyone needs a friend like that.
drink food drinks: My go-to order is a {v}.|I can't start the day without a {v}.|I treated myself to
    a {v} on the way to work.
Q: What does {n} usually order at the café?|What is {n}'s go-to drink?
R: A {v}, classic.|Ooh, I need one right now. // {p} always orders a {v}.
plant garden plants: I planted {v} in the backyard.|My {v} are finally coming up in the garden!|The
    {v} I planted are thriving.
Q: What did {n} plant in the garden?|What is {n} growing in the backyard?
R: Gardening is so therapeutic.|Send me a picture! // {p} grows {v} on the balcony.
show media shows: I've been binge-watching {v}.|I'm hooked on {v}, no spoilers please!|Rewatching
    {v} for the third time.
Q: Which TV show is {n} watching?|What series is {n} hooked on?
R: {v} is so good!|I keep meaning to start that. // {p} keeps recommending {v}.
volunteer volunteering volunteer_places: I volunteer at the {v} on Saturdays.|Spent my morning
    volunteering at the {v}.|The people at the {v} where I volunteer are wonderful.
Q: Where does {n} volunteer?|Which organization does {n} volunteer at?
R: That's so kind of you.|The world needs more people like you. // {p} volunteers at the {v}.
colour home colours: We painted the living room {v}, my favourite colour.|Everything I own is {v},
    it's my favourite colour.|I bought a {v} coat because {v} is my favourite colour.
Q: What is {n}'s favourite colour?|Which colour does {n} like best?
R: {v} is such a calming colour.|Love that.
game games games: I've been playing {v} every night.|{v} has completely taken over my evenings.|I
    finally beat the hardest level in {v}!
Q: Which video game is {n} hooked on?|What game does {n} play at night?
R: {v} is so addictive!|Ha, I lost months to that game. // {p} plays {v} all the time.
birthday family months: My birthday is in {v}, I'm already planning the party.|Every {v} I celebrate
    my birthday with a picnic.|My birthday is in {v} and I always take the day off.
Q: In which month is {n}'s birthday?|When is {n}'s birthday?
R: I'll put it in my calendar!|Birthday month, nice.
dream_trip travel countries: I've always dreamed of visiting {v}.|One day I'll make it to {v}, it's
    at the top of my list.|I'm saving up for a trip to {v}.
Q: Which country does {n} dream of visiting?|Where does {n} want to travel someday?
R: {v} would be incredible!|Take me with you. // {p} is moving to {v}.
painting art paint_subjects: I just finished a painting of {v}.|My newest painting is {v}, I'm so
    proud of it.|I painted {v} and hung it in the hallway.
Q: What did {n} paint recently?|What is the subject of {n}'s latest painting?
R: I need to see it!|You're so talented. // {p} painted {v} for the local gallery.
"""


def _parse_facts(text: str) -> tuple[FactTemplate, ...]:
    """Parse :data:`_FACT_TABLE` into templates."""
    rows: list[tuple[list[str], dict[str, str]]] = []
    for key, value in _records(text):
        if " " in key:
            rows.append((key.split(), {"S": value}))
        else:
            rows[-1][1][key] = value
    facts = []
    for (key, topic, pool), cells in rows:
        reactions, _, near_miss = cells["R"].partition("//")
        parts = [cells["S"], cells["Q"], reactions, near_miss, *(cells.get(c, "") for c in "UCP")]
        facts.append(FactTemplate(key, topic, pool, *(_split(p) for p in parts)))
    return tuple(facts)


FACTS: tuple[FactTemplate, ...] = _parse_facts(_FACT_TABLE)
FACTS_BY_KEY: dict[str, FactTemplate] = {f.key: f for f in FACTS}
UPDATABLE: tuple[str, ...] = tuple(f.key for f in FACTS if f.updates)


# ---------------------------------------------------------------------------
# Events, relative times and interest profiles
# ---------------------------------------------------------------------------
@dataclass(frozen=True)
class EventTemplate:
    """A one-off event told with a relative time expression.

    Attributes:
        topic: conversation topic.
        past: first-person past-tense clause ("ran a charity 5k").
        base: base form for questions, may use ``{poss}``.
        gerund: gerund form for ordering questions, may use ``{poss}``.
    """

    topic: str
    past: str
    base: str
    gerund: str


# topic: past; base; gerund
_EVENT_TABLE = """
life: went to an LGBTQ support group; go to the LGBTQ support group; going to the support group
sports: ran a charity 5k; run the charity 5k; running the charity 5k
travel: went camping by the lake; go camping by the lake; camping by the lake
art: took a pottery class; take a pottery class; taking the pottery class
music: went to a jazz concert downtown; go to the jazz concert; going to the jazz concert
family: visited my grandparents; visit {poss} grandparents; visiting {poss} grandparents
travel: hiked the Eagle Peak trail; hike the Eagle Peak trail; hiking the Eagle Peak trail
food: baked a huge birthday cake for my neighbour; bake the birthday cake; baking the birthday cake
work: had a job interview at a design studio; interview at the design studio; interviewing at the
    design studio
life: went to the science museum; go to the science museum; visiting the science museum
sports: signed up for a half marathon; sign up for the half marathon; signing up for the half
    marathon
family: went to my cousin's wedding; go to {poss} cousin's wedding; going to {poss} cousin's wedding
work: gave a talk at a conference; give a talk at the conference; giving the conference talk
books: started a book club; start the book club; starting the book club
hobbies: fixed up my old bike; fix up {poss} old bike; fixing up {poss} old bike
volunteering: volunteered at a blood drive; volunteer at the blood drive; volunteering at the blood
    drive
life: marched in the pride parade; march in the pride parade; marching in the pride parade
art: painted a mural at the community center; paint the mural at the community center; painting the
    community center mural
hobbies: went to a photography workshop; go to the photography workshop; attending the photography
    workshop
family: went fishing with my dad; go fishing with {poss} dad; fishing with {poss} dad
travel: took a road trip to the coast; take the road trip to the coast; the road trip to the coast
books: went to a poetry reading; go to the poetry reading; attending the poetry reading
life: got my first tattoo; get {poss} first tattoo; getting {poss} first tattoo
food: took a Thai cooking class; take the Thai cooking class; taking the Thai cooking class
sports: went kayaking on the river; go kayaking on the river; kayaking on the river
games: hosted a board game night; host the board game night; hosting the board game night
art: went to a modern art exhibit; go to the modern art exhibit; seeing the modern art exhibit
cars: passed my driving test; pass {poss} driving test; passing {poss} driving test
health: went on a meditation retreat; go on the meditation retreat; the meditation retreat
family: went to a friend's baby shower; go to the baby shower; going to the baby shower
sports: went rock climbing for the first time; first go rock climbing; trying rock climbing
music: sang at an open mic night; sing at the open mic night; singing at the open mic
pets: fostered a stray kitten; foster the stray kitten; fostering the stray kitten
"""
EVENTS: tuple[EventTemplate, ...] = tuple(
    EventTemplate(topic, *_split(value, ";")) for topic, value in _records(_EVENT_TABLE)
)

# expression: kind N ("day": N days back; "weekday": the latest weekday N, Monday = 0,
# strictly before the session day; weekend/week/month/year: the span before it).
_RELATIVE_TABLE = """
yesterday: day 1|two days ago: day 2|three days ago: day 3|this morning: day 0
last Friday: weekday 4|last Saturday: weekday 5|last Sunday: weekday 6|last Tuesday: weekday 1
last weekend: weekend 0|last week: week 0|last month: month 0|last year: year 0
"""


def _parse_relative(text: str) -> tuple[tuple[str, str, int], ...]:
    """Parse ``expression: kind N`` items separated by ``|`` or newlines."""
    out = []
    for item in _split(text.replace("\n", "|")):
        expr, _, spec = item.partition(":")
        kind, n = spec.split()
        out.append((expr, kind, int(n)))
    return tuple(out)


RELATIVE_TIMES: tuple[tuple[str, str, int], ...] = _parse_relative(_RELATIVE_TABLE)
DAY_PRECISE = tuple(r[0] for r in RELATIVE_TIMES if r[1] in ("day", "weekday"))


@dataclass(frozen=True)
class InterestProfile:
    """A latent interest revealed only through hints (inference questions).

    Attributes:
        field: answer to "what might X study / pursue?".
        enjoy: an activity the person would likely enjoy.
        hints: first-person lines that suggest the interest.
    """

    field: str
    enjoy: str
    hints: tuple[str, ...]


# field: enjoyable activity // hint|hint|...
_PROFILE_TABLE = """
psychology or counseling: a workshop on active listening // Talking people through hard times at the
    crisis line means so much to me.|I keep reading about how therapy helped people like me.|Friends
    always come to me when they need someone to listen.|I'd love to help kids who feel alone the way
    I once did.
environmental science: a guided tour of a wildlife reserve // I spent the morning at a beach
    cleanup, so much plastic.|I watched a documentary on dying coral reefs and can't stop thinking
    about it.|I started composting and tracking all our household waste.|Saving the wetlands near
    town has become my little crusade.
nursing or medicine: a hospital volunteering program // I took a first-aid course and loved every
    minute.|When grandma was in the hospital I was fascinated by what the nurses did.|I've been
    helping out at the clinic front desk.|Anatomy videos are my weird guilty pleasure.
education or teaching: a summer camp counselor job // I tutor kids in reading every Thursday, it's
    the best part of my week.|Explaining fractions to my nephew finally clicked for him!|I love
    planning activities for the Sunday school class.|Seeing a kid light up when they get something
    is the best feeling.
culinary arts: a knife-skills class // I spent all weekend perfecting a croissant recipe.|My friends
    say I should open a restaurant after my dinner party.|I watch cooking competitions and take
    notes.|I've been experimenting with fermenting my own kimchi.
computer science: a weekend hackathon // I built a little app to track my plants' watering.|I stayed
    up till 2 am debugging my website, weirdly fun.|I automated my budget spreadsheet with a
    script.|I'm teaching myself to code in the evenings.
music: a songwriting retreat // I wrote my first song this week!|I sing in the car so loudly people
    stare.|I've been recording covers in my closet studio.|Music is the only thing that calms me
    down after a long day.
visual arts or graphic design: a figure-drawing class // I sketch in my notebook on every lunch
    break.|I redesigned the flyers for our neighbourhood fair.|Museums are my happy place, I could
    stay for hours.|I've been playing with colour palettes for fun.
veterinary medicine: a day volunteering at a wildlife rescue // We're fostering a litter of puppies
    for the shelter.|I nursed an injured bird back to health.|Animals just trust me, it's a thing.|I
    read everything I can about animal behaviour.
journalism or creative writing: a storytelling workshop // I keep a journal and write every single
    night.|My short story got published in a local magazine!|I love interviewing my grandparents
    about their lives.|I started a little newsletter for our street.
architecture: a tour of famous buildings // I could spend hours looking at old buildings downtown.|I
    sketched a floor plan for my dream house.|I built a model of a bridge out of popsicle sticks.|
    Walking tours of historic neighbourhoods are my favourite thing.
physical therapy or sports science: a sports medicine seminar // I helped my teammate rehab her knee
    and loved it.|I read about how muscles recover after training.|I coach the kids' running club on
    weekends.|Stretching routines fascinate me, I design my own.
"""


def _parse_profile(name: str, value: str) -> InterestProfile:
    """Parse one ``field: enjoy // hints`` record."""
    enjoy, _, hints = value.partition("//")
    return InterestProfile(name, enjoy.strip(), _split(hints))


PROFILES: tuple[InterestProfile, ...] = tuple(
    _parse_profile(name, value) for name, value in _records(_PROFILE_TABLE)
)

# ---------------------------------------------------------------------------
# Conversation glue: topics, small talk, greetings, question phrasings
# ---------------------------------------------------------------------------
# topic: prompts by the other speaker // follow-up questions // neutral lines
_TOPIC_TABLE = """
pets: Any news on the pet front?|How are the animals doing? // How is the training going?|Do they
    get along with everyone? // Pets really are family.|The vet bills though, wow.|Nothing beats
    coming home to a happy animal.
work: How's work treating you?|Anything new with your job? // How are your coworkers?|Do you like
    the hours? // Work-life balance is so hard.|Mondays are brutal.|At least the commute isn't bad.
home: How's the place?|How are things at home? // Is the neighbourhood nice?|Did you decorate yet?
    // Rent is ridiculous everywhere.|Home is where the snacks are.|Moving is always more work than
    you expect.
family: How's the family?|How is everyone at home? // Do you see them often?|Are you close? //
    Family can be a lot, but I love them.|Holidays are always chaotic.|We should plan a
    get-together.
hobbies: Done anything fun lately?|Picked up any new hobbies? // Is it hard to learn?|Do you do it
    with friends? // Hobbies keep me sane.|I never have enough free time.|It's good to have
    something just for you.
books: Reading anything good?|Any book recommendations? // Who's the author again?|Paperback or
    e-reader? // My to-read pile is out of control.|Libraries are underrated.|A good book and tea,
    perfect evening.
cars: How's the car situation?|Still driving everywhere? // Is it good on gas?|Manual or automatic?
    // Gas prices are wild.|Parking downtown is a nightmare.|Road trips are the best though.
music: Listening to anything good?|How's the music going? // Do you play by ear?|Any concerts coming
    up? // Music fixes everything.|My playlist needs an update.|Live music just hits different.
health: How are you feeling?|Everything okay health-wise? // Did you see a doctor?|Is it getting
    better? // Health is everything.|I need to drink more water.|Sleep is so important.
food: Cooked anything good?|What have you been eating lately? // Do you have a recipe?|Is it hard to
    make? // I'm always hungry, ha.|Food is my love language.|Leftovers are the best part.
sports: Been active lately?|How's the training going? // How often do you practice?|Are you
    competitive about it? // Exercise is the best stress relief.|My knees are not what they used to
    be.|Team sports are so fun.
languages: Still practicing languages?|How are the lessons going? // Is the grammar hard?|Do you use
    an app? // Languages open so many doors.|I only remember high school French.|Immersion is the
    best way to learn.
school: Do you miss school?|How were your college days? // Would you study it again?|Did you like
    your professors? // College feels like forever ago.|Student loans, ugh.|I learned more from
    friends than classes.
media: Watched anything good?|What are you watching these days? // Is it worth starting?|How many
    seasons are there? // There's too much to watch.|Streaming services add up.|Movie nights are the
    best.
volunteering: Still volunteering?|How's the volunteering going? // How did you get involved?|Is it
    hard emotionally? // Giving back feels so good.|Community matters.|I should volunteer more.
garden: How's the garden?|Growing anything this year? // Do you grow from seed?|How's the soil? //
    Gardening teaches patience.|The squirrels steal everything.|Fresh produce tastes so much better.
games: Playing anything lately?|Still gaming at night? // Is it multiplayer?|What level are you on?
    // Games are my way to unwind.|One more level, famous last words.|I miss couch co-op.
art: Made any art lately?|How's the painting going? // What medium do you use?|Where do you get
    inspiration? // Art is so therapeutic.|I can barely draw a stick figure.|Creating something is
    the best feeling.
travel: Been anywhere fun?|Any trips planned? // How long were you there?|Was it expensive? //
    Travel is good for the soul.|Airports are exhausting.|I need a vacation.
life: Anything new with you?|What's been going on? // How are you feeling about it?|Did you go
    alone? // Life has been a whirlwind.|It's the little things.|Growth is hard but worth it.
"""
TOPICS: dict[str, tuple[tuple[str, ...], ...]] = {
    topic: tuple(_split(cell) for cell in value.split("//"))
    for topic, value in _records(_TOPIC_TABLE)
}

_TALK_TABLE = """
talk: The weather has been wild lately, right?|Tell me about it, it rained all week.|Fingers crossed
    for sunshine this weekend.
talk: How's your week going?|Busy but good, lots going on.|Same here, honestly.
talk: Have you eaten yet? I'm starving.|Just had a sandwich, haha.|Snacks are a lifestyle.
talk: I'm so tired today.|Coffee is not working for me either.|We need a nap day.
talk: Did you see that sunset?|Yes! The sky was unreal.|Those are the best evenings.
talk: Any plans for the weekend?|Not really, just relaxing.|Honestly that sounds perfect.
talk: I can't believe how fast this year is going.|Right? Where did the time go?|A little scary, ha.
talk: My phone screen cracked again.|Oh no! Not again.|I should get a better case.
"""
SMALL_TALK: tuple[tuple[str, ...], ...] = tuple(_split(v) for _, v in _records(_TALK_TABLE))

_PHRASE_TABLE = """
fillers: Haha totally.|Right?|I hear you.|Ha, fair enough.|That's so true.|Love that.|Oh for sure.|
    Same, honestly.|Makes sense.|I know, right?|Ha, yes!|Exactly.
near_reactions: Ha, small world!|Oh nice, good for them.|Funny, I was just thinking about that.|
    Everyone's doing that these days.
greet_first: Hi {o}! So nice to finally catch up properly.|Hey {o}! Thanks for making time to chat.
greet: Hey {o}, long time no see! How have you been?|Hi {o}! How's everything going?|Good to hear
    from you, {o}! What's new?|{o}! It's been a minute. How are you?
greet_reply: Hey {o}! Doing well, thanks. Busy couple of weeks.|Hi {o}! Pretty good overall. You?|
    {o}! So good to chat again.|Hey {o}, I've been looking forward to this.
close: Anyway, I should get going. Talk soon!|I have to run, but this was great.|It's getting late,
    let's catch up again soon.|Okay, dinner's calling. Bye for now!
close_reply: Bye {o}! Take care.|Talk soon, {o}!|Sounds good, have a great night!|Always a pleasure,
    {o}. Bye!
event_statements: {Rel}, I {past}! It was so {adj}.|I {past} {rel} and it was {adj}.|Guess what -- I
    {past} {rel}.|So {rel} I {past}. Still thinking about it, it was {adj}.
event_adjectives: powerful|fun|relaxing|exhausting|amazing|special|chaotic|inspiring|emotional|
    peaceful
hint_reactions: That's really cool.|I love that about you.|You'd be great at that.|Ha, that's so
    you.|Tell me more!
event_reactions: That sounds {adj}! How did it go?|Wow, good for you!|No way! I want to hear
    everything.|I'm so glad you did that.|That must have been {adj}.
temporal_questions: When did {n} {base}?|When did {n} {base}?|On what date did {n} {base}?
inference_questions: What field would {n} likely pursue in {poss} education?|What might {n} like to
    study?|What career path would {n} probably be drawn to?
enjoy_questions: Would {n} likely enjoy {x}?|Would {n} be interested in {x}?
pets_questions: What pets does {n} have?|What animals live with {n}?
activity_statements: I tried {v} for the first time and I'm hooked.|Spent the whole afternoon on
    {v}, so relaxing.|Honestly, {v} has become my favourite way to unwind.|I signed up for a {v}
    class at the community center.
activity_reactions: {v}? That's so cool!|I'd love to try that sometime.|Ooh, fun!|You're always
    trying new things.
activity_questions: What activities does {n} enjoy?|What hobbies has {n} mentioned?|What does {n} do
    to unwind?
trip_statements: I just got back from a trip to {v}!|We spent a long weekend in {v} and the food was
    incredible.|{v} was gorgeous, I took way too many photos.
trip_reactions: {v}! I'm so jealous.|How was the weather?|That sounds like a dream trip.
trip_questions: Which cities has {n} traveled to?|Where has {n} gone on trips?
common_questions: What hobby do {a} and {b} have in common?|Which activity do both {a} and {b}
    enjoy?
order_questions: Which did {n} do first: {g1} or {g2}?|What happened first for {n}: {g1} or {g2}?
"""
PHRASES: dict[str, tuple[str, ...]] = {k: _split(v) for k, v in _records(_PHRASE_TABLE)}


# ---------------------------------------------------------------------------
# Public configuration and date helpers
# ---------------------------------------------------------------------------
@dataclass(frozen=True)
class GeneratorConfig:
    """Knobs of the synthetic dialogue generator.

    Attributes:
        sessions_min: fewest sessions per dialogue.
        sessions_max: most sessions per dialogue.
        turns_per_session_min: fewest turns per session (at least 6 are used).
        turns_per_session_max: most turns per session.
        distractor_rate: share of turns that are small talk / distractors.
        session_gap_days_min: fewest days between session starts.
        session_gap_days_max: most days between session starts.
        turn_gap_seconds_min: fewest seconds between turns in a session.
        turn_gap_seconds_max: most seconds between turns in a session.
        mid_question_rate: share of questions asked mid-dialogue (when possible).
        max_questions: cap on questions per dialogue.
        start_year_min: earliest year of the first session.
        start_year_max: latest year of the first session.
    """

    sessions_min: int = 4
    sessions_max: int = 12
    turns_per_session_min: int = 10
    turns_per_session_max: int = 24
    distractor_rate: float = 0.35
    session_gap_days_min: int = 1
    session_gap_days_max: int = 30
    turn_gap_seconds_min: int = 30
    turn_gap_seconds_max: int = 120
    mid_question_rate: float = 0.2
    max_questions: int = 40
    start_year_min: int = 2019
    start_year_max: int = 2024


def format_session_date(timestamp: float) -> str:
    """Format a UTC timestamp LoCoMo-style, e.g. ``"1:56 pm on 8 May, 2023"``."""
    dt = datetime.fromtimestamp(timestamp, tz=timezone.utc)
    ampm, month = ("am" if dt.hour < 12 else "pm"), MONTHS[dt.month - 1]
    return f"{dt.hour % 12 or 12}:{dt.minute:02d} {ampm} on {dt.day} {month}, {dt.year}"


def _fmt_day(day: date) -> str:
    """Format a date as ``"8 May 2023"``."""
    return f"{day.day} {MONTHS[day.month - 1]} {day.year}"


def _event_day(expression: str, session_day: date) -> date | None:
    """Resolve a day-precise relative expression to a date, else ``None``."""
    for text, kind, n in RELATIVE_TIMES:
        if text == expression and kind == "day":
            return session_day - timedelta(days=n)
        if text == expression and kind == "weekday":
            return session_day - timedelta(days=(session_day.weekday() - n) % 7 or 7)
    return None


def resolve_relative_time(expression: str, session_day: date) -> str:
    """Resolve an expression of :data:`RELATIVE_TIMES` to a LoCoMo-style answer.

    Args:
        expression: e.g. ``"yesterday"`` or ``"last weekend"``.
        session_day: the date of the session in which it was said.

    Returns:
        ``"7 May 2023"``, ``"the weekend before 8 May 2023"``,
        ``"the week before 8 May 2023"``, ``"April 2023"`` or ``"2022"``.

    Raises:
        ValueError: if the expression is unknown.
    """
    exact = _event_day(expression, session_day)
    if exact is not None:
        return _fmt_day(exact)
    if expression in ("last weekend", "last week"):
        return f"the {expression[5:]} before {_fmt_day(session_day)}"
    if expression == "last month":
        prev = session_day.replace(day=1) - timedelta(days=1)
        return f"{MONTHS[prev.month - 1]} {prev.year}"
    if expression == "last year":
        return str(session_day.year - 1)
    raise ValueError(f"unknown relative time expression: {expression!r}")


# ---------------------------------------------------------------------------
# Planning and rendering
# ---------------------------------------------------------------------------
@dataclass
class _Unit:
    """A content segment built around one statement by speaker ``owner``."""

    owner: int
    topic: str
    statement: str
    reaction: str
    session: int
    turn: int = -1  # index of the statement turn, set when rendered


@dataclass
class _Pending:
    """A question waiting for its units' turn indices."""

    question: str
    answer: str
    units: list[_Unit]
    kind: str
    before_session: int | None = None  # asked right before this session starts


@dataclass
class _Session:
    """A planned session: start time, turn budget and content units."""

    start: datetime
    n_turns: int
    n_content: int
    n_distract: int
    units: list[_Unit] = field(default_factory=list)


Line = tuple[int, str, "_Unit | None"]  # (speaker index, text, unit stated in this turn)


def _cap(text: str) -> str:
    """Upper-case the first character."""
    return text[:1].upper() + text[1:]


def _an(text: str) -> str:
    """Fix the article before a vowel: "a oat milk latte" -> "an oat milk latte"."""
    return re.sub(r"\b([Aa]) (?=[aeiouAEIO])", r"\1n ", text)


class _Builder:
    """Plans, renders and questions one dialogue from a private random stream."""

    def __init__(self, rng: random.Random, config: GeneratorConfig) -> None:
        self.rng, self.cfg = rng, config
        self.used: dict[str, list[str]] = {}
        self.keys: list[dict[str, str]] = [{}, {}]  # fact key -> value, per speaker
        self.pending: list[_Pending] = []
        self.events: list[tuple[int, EventTemplate, str, _Unit]] = []
        self.bounds: list[tuple[int, int]] = []  # [first, end) turn index per session
        genders = [rng.choice(("female", "male")) for _ in range(2)]
        self.names = [self.pick(g) for g in genders]
        self.poss = ["her" if g == "female" else "his" for g in genders]
        self.sessions = self._plan_sessions()

    def pick(self, pool: str) -> str:
        """Pick a value not used yet in this dialogue (all names share one namespace)."""
        used = self.used.setdefault("names" if pool in ("female", "male", "any") else pool, [])
        value = self.rng.choice([v for v in POOLS[pool] if v not in used] or POOLS[pool])
        used.append(value)
        return value

    def phrase(self, name: str, **kw: str) -> str:
        """A random phrasing from :data:`PHRASES`, formatted."""
        return self.rng.choice(PHRASES[name]).format(**kw)

    def fill(self, template: str, owner: int, **kw: str) -> str:
        """Format a template with the owner's name ``{n}`` and possessive ``{poss}``."""
        return template.format(n=self.names[owner], poss=self.poss[owner], **kw)

    def free(self) -> list[int]:
        """Sessions with free content capacity."""
        return [i for i, s in enumerate(self.sessions) if len(s.units) < s.n_content]

    def unit(self, owner: int, topic: str, statement: str, reaction: str, s: int) -> _Unit:
        """Create a content unit in session ``s``."""
        made = _Unit(owner, topic, _cap(statement), _cap(reaction), s)
        self.sessions[s].units.append(made)
        return made

    def ask(self, question: str, answer: str, units: list[_Unit], kind: str, **kw: int) -> None:
        """Queue a question (``before_session=s`` asks it just before session ``s``)."""
        self.pending.append(_Pending(question, answer, units, kind, **kw))

    # -- planning --------------------------------------------------------------
    def _plan_sessions(self) -> list[_Session]:
        cfg, rng = self.cfg, self.rng
        year = rng.randint(cfg.start_year_min, cfg.start_year_max)
        day = datetime(year, rng.randint(1, 12), rng.randint(1, 28), tzinfo=timezone.utc)
        lo = max(6, cfg.turns_per_session_min)
        sessions: list[_Session] = []
        for s in range(rng.randint(cfg.sessions_min, cfg.sessions_max)):
            if s:
                day += timedelta(
                    days=rng.randint(cfg.session_gap_days_min, cfg.session_gap_days_max)
                )
            start = day.replace(hour=rng.randint(8, 21), minute=rng.randint(0, 59))
            n_turns = rng.randint(lo, max(lo, cfg.turns_per_session_max))
            distract = round(cfg.distractor_rate * n_turns)  # greeting + closing count too
            n_content = max(1, round((n_turns - max(distract, 4)) / 3))
            n_distract = max(0, round((distract - 4) / 3))
            while 2 * (n_content + n_distract) + 4 > n_turns and n_distract:
                n_distract -= 1
            sessions.append(_Session(start, n_turns, n_content, n_distract))
        return sessions

    def plan(self) -> None:
        """Schedule all content units and queue their questions."""
        rng = self.rng
        for _ in range(rng.randint(1, 2)):
            self._plan_update(rng.randrange(2))
        first = rng.randrange(2)
        for owner in (first, 1 - first)[: 1 if len(self.sessions) < 8 else 2]:
            self._plan_inference(owner)
        if rng.random() < 0.5:
            self._plan_pets(rng.randrange(2))
        if rng.random() < 0.6:
            self._plan_list(rng.randrange(2), "hobby", "hobbies", "activity")
        if rng.random() < 0.5:
            self._plan_list(rng.randrange(2), "trips", "cities", "trip")
        if rng.random() < 0.5:
            self._plan_common_hobby()
        n_events = max(3, round(len(self.sessions) * rng.uniform(0.6, 1.0)))
        for event in rng.sample(EVENTS, min(n_events, len(EVENTS))):
            self._plan_event(rng.randrange(2), event)
        self._plan_orders()
        self._plan_singles()

    def _plan_update(self, owner: int) -> None:
        """A fact stated, then changed in a later session; ask current and prior values."""
        rng = self.rng
        keys = [k for k in UPDATABLE if k not in self.keys[owner]]
        early = [s for s in self.free() if s < len(self.sessions) - 1]
        later = [s for s in self.free() if early and s > min(early)]
        if not keys or not later:
            return
        s2 = rng.choice(later)
        s1 = rng.choice([s for s in early if s < s2])
        tpl = FACTS_BY_KEY[rng.choice(keys)]
        old, new = self.pick(tpl.pool), self.pick(tpl.pool)
        self.keys[owner][tpl.key] = new
        said = rng.choice(tpl.statements).format(v=old)
        orig = self.unit(owner, tpl.topic, said, rng.choice(tpl.reactions).format(v=old), s1)
        said = rng.choice(tpl.updates).format(old=old, v=new)
        upd = self.unit(owner, tpl.topic, said, rng.choice(tpl.reactions).format(v=new), s2)
        self.ask(self.fill(rng.choice(tpl.current_questions), owner), new, [upd], "update")
        prior = self.fill(rng.choice(tpl.prior_questions), owner, v=new)
        self.ask(prior, old, [orig, upd], "update")
        if rng.random() < 0.5:  # asked before the change: the old value is current then
            question = self.fill(rng.choice(tpl.questions), owner)
            self.ask(question, old, [orig], "single", before_session=s2)

    def _plan_inference(self, owner: int) -> None:
        """Two or three hints at a latent interest in different sessions."""
        rng, sessions = self.rng, self.free()
        if len(sessions) < 2:
            return
        profile = rng.choice(PROFILES)
        k = min(len(sessions), rng.randint(2, 3))
        units = []
        for hint, s in zip(
            rng.sample(profile.hints, k), sorted(rng.sample(sessions, k)), strict=True
        ):
            units.append(self.unit(owner, "life", hint, self.phrase("hint_reactions"), s))
        question = self.fill(rng.choice(PHRASES["inference_questions"]), owner)
        self.ask(question, _cap(profile.field), units, "inference")
        if rng.random() < 0.5:
            question = self.fill(rng.choice(PHRASES["enjoy_questions"]), owner, x=profile.enjoy)
            answer = f"Yes, likely; {self.names[owner]} seems drawn to {profile.field}."
            self.ask(question, answer, units, "inference")

    def _single(self, owner: int, tpl: FactTemplate, s: int, value: str = "") -> _Unit:
        """State a fact in session ``s`` and queue its single-hop question."""
        rng, v = self.rng, value or self.pick(tpl.pool)
        self.keys[owner][tpl.key] = v
        said = rng.choice(tpl.statements).format(v=v)
        made = self.unit(owner, tpl.topic, said, rng.choice(tpl.reactions).format(v=v), s)
        self.ask(self.fill(rng.choice(tpl.questions), owner), v, [made], "single")
        return made

    def _plan_pets(self, owner: int) -> None:
        """A dog and a cat in different sessions; ask for all pets."""
        sessions = self.free()
        if len(sessions) < 2 or "dog" in self.keys[owner] or "cat" in self.keys[owner]:
            return
        s1, s2 = self.rng.sample(sessions, 2)
        units = [self._single(owner, FACTS_BY_KEY[k], s) for k, s in (("dog", s1), ("cat", s2))]
        answer = f"a dog named {self.keys[owner]['dog']} and a cat named {self.keys[owner]['cat']}"
        self.ask(
            self.fill(self.rng.choice(PHRASES["pets_questions"]), owner), answer, units, "multi"
        )

    def _plan_list(self, owner: int, key: str, pool: str, name: str) -> None:
        """Two to four items of one list (activities, trips) in different sessions."""
        rng, sessions = self.rng, self.free()
        if len(sessions) < 2 or key in self.keys[owner]:
            return
        k = min(len(sessions), rng.randint(2, 4))
        values = [self.pick(pool) for _ in range(k)]
        self.keys[owner][key] = ", ".join(values)
        topic = "hobbies" if name == "activity" else "travel"
        units = []
        for v, s in zip(values, sorted(rng.sample(sessions, k)), strict=True):
            said, reaction = (
                self.phrase(f"{name}_{part}", v=v) for part in ("statements", "reactions")
            )
            units.append(self.unit(owner, topic, said, reaction, s))
        question = self.fill(rng.choice(PHRASES[f"{name}_questions"]), owner)
        self.ask(question, ", ".join(values), units, "multi")

    def _plan_common_hobby(self) -> None:
        """Both speakers mention the same hobby; ask what they share."""
        sessions, tpl = self.free(), FACTS_BY_KEY["hobby"]
        if len(sessions) < 2 or any("hobby" in keys for keys in self.keys):
            return
        value = self.pick(tpl.pool)
        s1, s2 = self.rng.sample(sessions, 2)
        units = [self._single(0, tpl, s1, value), self._single(1, tpl, s2, value)]
        question = self.phrase("common_questions", a=self.names[0], b=self.names[1])
        self.ask(question, value, units, "multi")

    def _plan_event(self, owner: int, event: EventTemplate) -> None:
        """An event told with a relative time; ask when it happened."""
        rng, sessions = self.rng, self.free()
        if not sessions:
            return
        s, rel = rng.choice(sessions), rng.choice(RELATIVE_TIMES)[0]
        adj = rng.choice(PHRASES["event_adjectives"])
        said = self.phrase("event_statements", Rel=_cap(rel), rel=rel, past=event.past, adj=adj)
        made = self.unit(owner, event.topic, said, self.phrase("event_reactions", adj=adj), s)
        self.events.append((owner, event, rel, made))
        base = self.fill(event.base, owner)
        question = self.fill(rng.choice(PHRASES["temporal_questions"]), owner, base=base)
        answer = resolve_relative_time(rel, self.sessions[s].start.date())
        self.ask(question, answer, [made], "temporal")

    def _plan_orders(self) -> None:
        """Ask which of two day-precise events of one speaker happened first."""
        for owner in (0, 1):
            evs = [e for e in self.events if e[0] == owner and e[2] in DAY_PRECISE]
            for first, second in itertools.pairwise(evs):
                days = [
                    _event_day(e[2], self.sessions[e[3].session].start.date())
                    for e in (first, second)
                ]
                if None in days or days[0] == days[1] or self.rng.random() < 0.3:
                    continue
                g1, g2 = (self.fill(e[1].gerund, owner) for e in (first, second))
                answer = g1 if days[0] < days[1] else g2  # type: ignore[operator]
                if self.rng.random() < 0.5:
                    g1, g2 = g2, g1
                question = self.fill(
                    self.rng.choice(PHRASES["order_questions"]), owner, g1=g1, g2=g2
                )
                self.ask(question, answer, [first[3], second[3]], "multi")

    def _plan_singles(self) -> None:
        """Fill the remaining capacity with single facts of both speakers."""
        candidates = [(owner, tpl) for tpl in FACTS for owner in (0, 1)]
        self.rng.shuffle(candidates)
        for owner, tpl in candidates:
            sessions = self.free()
            if not sessions:
                return
            if tpl.key not in self.keys[owner]:
                self._single(owner, tpl, self.rng.choice(sessions))

    # -- rendering -------------------------------------------------------------
    def render(self) -> list[DialogueTurn]:
        """Turn the session plans into dialogue turns (sets ``_Unit.turn``)."""
        turns: list[DialogueTurn] = []
        segment = -1
        for s, sess in enumerate(self.sessions):
            begin, clock = len(turns), sess.start.timestamp()
            for seg in self._session_segments(s, sess):
                segment += 1
                for speaker, text, unit in seg:
                    if unit is not None:
                        unit.turn = len(turns)
                    text, turn_id = _an(text), f"D{s + 1}:{len(turns) - begin + 1}"
                    role = ("human", "ai")[speaker]
                    turns.append(
                        DialogueTurn(self.names[speaker], role, text, clock, s, segment, turn_id)
                    )
                    clock += self.rng.randint(
                        self.cfg.turn_gap_seconds_min, self.cfg.turn_gap_seconds_max
                    )
            self.bounds.append((begin, len(turns)))
        return turns

    def _session_segments(self, s: int, sess: _Session) -> list[list[Line]]:
        """Greeting, shuffled content / distractor segments of 2-8 turns, closing."""
        rng = self.rng
        a = rng.randrange(2)
        b = 1 - a
        greet = self.phrase("greet_first" if s == 0 else "greet", o=self.names[b])
        head: list[Line] = [
            (a, greet, None),
            (b, self.phrase("greet_reply", o=self.names[a]), None),
        ]
        tail: list[Line] = [(a, self.phrase("close"), None)]
        tail.append((b, self.phrase("close_reply", o=self.names[a]), None))
        bodies: list[_Unit | None] = [*sess.units, *([None] * sess.n_distract)]
        for _ in range(6):  # avoid two adjacent segments on the same topic
            rng.shuffle(bodies)
            topics = [u.topic if u else None for u in bodies]
            if all(t is None or t != u for t, u in itertools.pairwise(topics)):
                break
        lengths = [2] * len(bodies)
        extra = sess.n_turns - 4 - 2 * len(bodies)
        while extra > 0:
            slots = [i for i, n in enumerate(lengths) if n < 8]
            if not slots:  # every segment is full: add another small-talk segment
                bodies.append(None)
                lengths.append(min(8, max(2, extra)))
                extra -= lengths[-1]
                continue
            lengths[rng.choice(slots)] += 1
            extra -= 1
        middle = [
            self._content(u, n) if u is not None else self._distractor(n)
            for u, n in zip(bodies, lengths, strict=True)
        ]
        return [head, *middle, tail]

    def _extras(self, topic: str, n: int, first: int, asker: int | None) -> list[Line]:
        """``n`` on-topic turns, alternating; ``asker`` asks (``None``: anyone, -1: no one)."""
        _, questions, lines = (list(cell) for cell in TOPICS[topic])
        self.rng.shuffle(questions)
        self.rng.shuffle(lines)
        out: list[Line] = []
        for i in range(n):
            speaker = (first + i) % 2
            asks = questions and asker in (None, speaker) and self.rng.random() < 0.6
            pool = questions if asks else lines
            out.append((speaker, pool.pop() if pool else self.phrase("fillers"), None))
        return out

    def _content(self, unit: _Unit, n: int) -> list[Line]:
        """A segment of ``n`` turns around one statement (sometimes prompted by the other)."""
        owner, other = unit.owner, 1 - unit.owner
        seg: list[Line] = []
        if n >= 3 and self.rng.random() < 0.35:
            seg.append((other, self.rng.choice(TOPICS[unit.topic][0]), None))
        seg += [(owner, unit.statement, unit), (other, unit.reaction, None)]
        return seg + self._extras(unit.topic, n - len(seg), owner, other)

    def _distractor(self, n: int) -> list[Line]:
        """A near-miss third-party fact, on-topic chatter or small talk."""
        rng = self.rng
        first, roll = rng.randrange(2), rng.random()
        if roll < 0.35 and n >= 2:
            tpl = rng.choice([f for f in FACTS if f.near_miss])
            p, v = self.pick("any"), self.pick(tpl.pool)
            said = _cap(rng.choice(tpl.near_miss).format(p=p, v=v))
            seg: list[Line] = [
                (first, said, None),
                (1 - first, self.phrase("near_reactions"), None),
            ]
            return seg + self._extras(tpl.topic, n - 2, first, None)
        if roll < 0.65:  # on-topic chatter without any fact: shared vocabulary, no answer
            topic = rng.choice(sorted(TOPICS))
            opener: list[Line] = [(first, rng.choice(TOPICS[topic][0]), None)]
            return opener + self._extras(topic, n - 1, 1 - first, -1)
        thread = rng.choice(SMALL_TALK)
        texts = [thread[i] if i < len(thread) else self.phrase("fillers") for i in range(n)]
        return [((first + i) % 2, text, None) for i, text in enumerate(texts)]

    # -- questions -------------------------------------------------------------
    def questions(self) -> list[EvidenceQuestion]:
        """Resolve queued questions to evidence indices, cap and order them."""
        last = len(self.sessions) - 1
        out: list[EvidenceQuestion] = []
        for p in self._select():
            asked: int | None = None
            top = max(u.session for u in p.units)
            if p.before_session is not None:
                asked = self.bounds[p.before_session][0]
            elif top < last and self.rng.random() < self.cfg.mid_question_rate:
                asked = self.bounds[self.rng.randint(top, last - 1)][1]
            evidence = sorted({u.turn for u in p.units})
            out.append(EvidenceQuestion(p.question, p.answer, evidence, asked, p.kind))
        out.sort(key=lambda q: (q.asked_after is None, q.asked_after or 0, max(q.evidence)))
        return out

    def _select(self) -> list[_Pending]:
        """Keep at most ``max_questions``: two of each kind, other non-single ones, singles."""
        if len(self.pending) <= self.cfg.max_questions:
            return list(self.pending)
        order = list(range(len(self.pending)))
        self.rng.shuffle(order)
        order.sort(key=lambda i: self.pending[i].kind == "single")
        chosen: list[int] = []
        for kind in QUESTION_KINDS:
            chosen += [i for i in order if self.pending[i].kind == kind][:2]
        chosen += [i for i in order if i not in chosen]
        return [self.pending[i] for i in sorted(chosen[: self.cfg.max_questions])]


def _validate(cfg: GeneratorConfig) -> None:
    """Raise ``ValueError`` for inconsistent configuration ranges."""
    for name in (
        "sessions",
        "turns_per_session",
        "session_gap_days",
        "turn_gap_seconds",
        "start_year",
    ):
        lo, hi = getattr(cfg, f"{name}_min"), getattr(cfg, f"{name}_max")
        if not 0 < lo <= hi:
            raise ValueError(f"invalid GeneratorConfig: need 0 < {name}_min <= {name}_max")
    if not 0.0 <= cfg.distractor_rate < 1.0 or cfg.max_questions < 1:
        raise ValueError(
            "invalid GeneratorConfig: need 0 <= distractor_rate < 1, max_questions >= 1"
        )


def generate_dialogue(
    rng: random.Random, index: int, config: GeneratorConfig = GeneratorConfig()
) -> Dialogue:
    """Generate one synthetic multi-session dialogue.

    Args:
        rng: the random stream (the only source of randomness).
        index: used for the dialogue id (``"synth-00042"``).
        config: generator knobs.

    Returns:
        A :class:`Dialogue` with turns and evidence-labelled questions.

    Raises:
        ValueError: if ``config`` is inconsistent.
    """
    _validate(config)
    builder = _Builder(rng, config)
    builder.plan()
    turns = builder.render()
    return Dialogue(f"synth-{index:05d}", turns, builder.questions())


def generate_dialogues(
    n: int, *, seed: int = 0, config: GeneratorConfig = GeneratorConfig()
) -> list[Dialogue]:
    """Generate ``n`` dialogues; identical for the same ``(n, seed, config)``.

    Dialogue ``i`` draws from its own stream seeded with the string ``"...:{seed}:{i}"``
    (string seeds go through SHA-512, independent of ``PYTHONHASHSEED``), so the first
    ``k`` dialogues do not depend on ``n``.

    Args:
        n: number of dialogues.
        seed: base seed.
        config: generator knobs.

    Returns:
        The list of dialogues.
    """
    return [
        generate_dialogue(random.Random(f"neuralmem-generator:{seed}:{i}"), i, config)
        for i in range(n)
    ]
