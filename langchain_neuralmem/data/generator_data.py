"""Data tables of the synthetic dialogue generator (:mod:`.generator`).

Everything here is constant text and the small frozen types it parses into:
name and value pools, personal-fact templates with their questions, one-off
events and relative time expressions, latent interest profiles, recurring
activities, long-running habits, per-topic conversation glue, small talk and
the stock phrases (greetings, reactions, question frames) the generator stitches
together. All of it is our own text, written for this project; none of it is
copied from LoCoMo or any other dataset.

The tables are compact text blocks (``key: a|b|c``; indented lines continue the
previous value) parsed once at import time. Parsing is deterministic and draws
no randomness, so the generator's output depends only on the tables' contents
and order. :data:`POOLS` gains one ``<key>_objects`` pool per recurring activity
that lists its own objects.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import NamedTuple

__all__ = ["COMBOS", "COUNT_WORDS", "DAY_PRECISE", "DURATIONS", "EVENTS", "FACTS"]
__all__ += ["FACTS_BY_KEY", "MONTHS", "NEAR_MISS_FACTS", "PHRASES", "POOLS", "PROFILES"]
__all__ += ["QUESTION_KINDS", "QUESTION_SHARES", "RECURRING", "RELATIVE_TIMES", "SMALL_TALK"]
__all__ += ["TOPICS", "TOPIC_NAMES", "UPDATABLE", "EventTemplate", "FactTemplate"]
__all__ += ["InterestProfile", "RecurringTemplate", "Topic"]

QUESTION_KINDS: tuple[str, ...] = ("single", "update", "temporal", "multi", "inference")
# Target share of each kind among the kept questions when a dialogue has more than
# ``max_questions`` candidates (roughly LoCoMo's mix).
_SHARES = (0.36, 0.07, 0.25, 0.22, 0.10)
QUESTION_SHARES: dict[str, float] = dict(zip(QUESTION_KINDS, _SHARES, strict=True))
COUNT_WORDS: tuple[str, ...] = ("zero", "one", "two", "three", "four", "five", "six")


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


def _blocks(text: str) -> list[tuple[list[str], dict[str, str]]]:
    """Group records into blocks: a ``word word ...: value`` header, then ``X: value`` cells."""
    rows: list[tuple[list[str], dict[str, str]]] = []
    for key, value in _records(text):
        if " " in key:
            rows.append((key.split(), {"S": value}))
        else:
            rows[-1][1][key] = value
    return rows


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
durations: two years|three years|six months|four years|about a decade|eight months|five years|a
    year and a half|ten months|seven years
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
        questions: third-person paraphrase questions with ``{n}`` (the speaker's name);
            they avoid the statements' content words.
        reactions: the other speaker's replies (may repeat ``{v}``).
        near_miss: third-party distractor lines with ``{p}`` (a person) and ``{v}``.
        updates: change statements containing ``{old}`` and ``{v}`` (new value).
        current_questions: paraphrase questions about the value after an update.
        prior_questions: questions about the value before ``{v}``.
        lexical: per statement, a question reusing its content words (``""``: none).
        asks: the other speaker's second-person questions that the statement answers.
        update_lexical: per update, a question reusing its content words.
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
    lexical: tuple[str, ...] = ()
    asks: tuple[str, ...] = ()
    update_lexical: tuple[str, ...] = ()


# "key topic pool: statement => lexical question|..." starts a fact; then Q: paraphrase
# questions, A: the other speaker's asks, R: reactions // near misses, and for updatable
# facts U: updates (=> lexical question), C: current-value and P: prior-value questions.
# Questions may use {n} (name), {poss} (his/her) and {pr} (he/she).
_FACT_TABLE = """
dog pets pet_names: I finally adopted a puppy from the shelter and we named him {v}! => What did
    {n} name the puppy {pr} adopted from the shelter?|Our new rescue dog is called {v}, and he's
    the biggest goofball. => What is {n}'s rescue dog called?|{v}, my dog, chewed up my running
    shoes again. => What is the name of the dog that chewed up {n}'s running shoes?
Q: What name did {n} give {poss} four-legged companion?|Who is the furry newcomer in {n}'s home?
A: How's the new puppy settling in? What did you call him?|Did you ever get that dog you wanted?
R: Aww, {v} is such a cute name!|A puppy! I'm so jealous.|Ha, {v} sounds like trouble, the good
    kind. // My coworker {p} just got a puppy named {v}.|Our neighbour's dog {v} barked all night.
cat pets pet_names: We brought home a tiny kitten and named her {v}. => What did {n} name the
    kitten?|My cat {v} knocked a plant off the shelf again. => What is the name of {n}'s cat that
    knocked a plant off the shelf?|{v}, our tabby, has completely claimed my desk chair. => What is
    the name of {n}'s tabby?
Q: What does {n} call {poss} feline?|Which name belongs to the feline living with {n}?
A: How's your little kitty doing?|Do you have any pets at the moment?
R: {v} sounds adorable!|Cats really do own the house, don't they? // My friend {p} has a cat
    called {v} that sneaks into everyone's yard.
job work jobs: I've been working as a {v} for a while now and I honestly love it. => What has {n}
    been working as?|Being a {v} is exhausting some days, but it's so rewarding. => What
    exhausting but rewarding job does {n} have?|Work as a {v} keeps me on my toes every single
    day. => What work keeps {n} on {poss} toes?
Q: What does {n} do for a living?|What is {n}'s profession?
A: What do you do for work these days?|Remind me, what's your job again?
R: That sounds like such meaningful work.|A {v}? I could never, you're amazing. // My friend {p}
    just started working as a {v}.
U: Big news: I quit being a {old} and I'm starting as a {v} on Monday! => What is {n} starting as
    after quitting being a {old}?|I left my {old} job behind and I'm officially a {v} now. => What
    is {n} officially now after leaving {poss} {old} job?|Switching careers from {old} to {v} was
    scary, but I did it. => What career did {n} switch to from {old}?
C: What is {n}'s current profession?|What does {n} do for a living now?
P: What did {n} do for a living before becoming a {v}?
employer work companies: I got a position at {v} and my team there is great. => Where did {n} get
    a position?|Things at {v} are hectic, but I really like my coworkers. => At which company are
    things hectic for {n}?|My office at {v} has the best coffee machine in the city. => Which
    company's office has the best coffee machine, according to {n}?
Q: Which company employs {n}?|Who is {n}'s employer?
A: Where are you working these days?|How's the new company treating you?
R: {v}? I've heard good things about them.|Nice, sounds like a good place. // {p} from my book
    club just got hired at {v}.
U: I left {old} and accepted an offer from {v}! => Whose offer did {n} accept after leaving
    {old}?|My last day at {old} was emotional, and I start at {v} soon. => Where does {n} start
    after {poss} last day at {old}?
C: Which company employs {n} now?|Who is {n}'s current employer?
P: Which company employed {n} before {v}?
city home cities: I love living in {v}, the neighbourhood is so friendly. => Which city does {n}
    love living in?|Our apartment in {v} has the best view of the river. => Where is {n}'s
    apartment with the river view?|Life in {v} is treating me really well so far. => In which
    city is life treating {n} well?
Q: Where does {n} reside?|What city is home for {n}?
A: Remind me, where are you based these days?|How do you like your city?
R: {v} sounds lovely!|I've always wanted to visit {v}. // My cousin {p} just moved to {v}.
U: Big news, we just relocated from {old} to {v}! => Where did {n} relocate to from {old}?|I
    finally left {old} and I'm living in {v} now. => Where is {n} living now after leaving
    {old}?|Packing up in {old} was brutal, but we're settled in {v} now. => Where is {n} settled
    after packing up in {old}?
C: Where does {n} reside now?|What city is home for {n} currently?
P: Where did {n} reside before {v}?|Which city did {n} call home before {v}?
hometown home cities: I grew up in {v}, so this weather is nothing to me. => Which city did {n}
    grow up in?|Back in {v}, where I was raised, we did this every summer. => Where was {n}
    raised?|Being from {v}, I'm very picky about my pizza. => Which city is {n} from, making {pr}
    picky about pizza?
Q: What is {n}'s hometown?|Where did {n} spend {poss} childhood?
A: Where did you grow up, by the way?|Were you always a city kid?
R: Ha, {v} kids are tough.|I didn't know you were from {v}! // {p}, my college roommate, grew up
    in {v}.
sister family female: My sister {v} is coming to visit soon. => Which sister is coming to visit
    {n}?|{v}, my little sister, just got engaged! => What is the name of {n}'s little sister who
    got engaged?|I talked to my sister {v} for two hours on the phone. => Which sister did {n}
    talk to on the phone for two hours?
Q: What is the name of {n}'s female sibling?|Who is {n}'s only female sibling?
A: How's your family doing? Your sister okay?|Have you talked to your sister lately?
R: Tell {v} I said congrats!|Sisters are the best.
brother family male: My brother {v} is helping me fix the roof. => Which brother is helping {n}
    fix the roof?|{v}, my older brother, finally graduated! => What is the name of {n}'s older
    brother who graduated?|I went fishing with my brother {v} and he fell in the lake. => Which
    brother went fishing with {n}?
Q: Who is {n}'s male sibling?|What is the name of {n}'s male sibling?
A: How's your brother doing?|Do you still see your brother much?
R: Ha, good old {v}.|Brothers, honestly.
partner family any: My partner {v} surprised me with dinner tonight. => Who surprised {n} with
    dinner?|{v} and I just celebrated five years together. => Who did {n} celebrate five years
    together with?|{v}, my partner, is completely obsessed with crosswords. => What is the name
    of {n}'s partner who is obsessed with crosswords?
Q: Who is {n} in a relationship with?|Who is {n}'s significant other?
A: How's your partner doing?|How are things with your other half?
R: {v} is a keeper!|That's so sweet of {v}.
kids family counts: Juggling {v} kids and a job is no joke. => How many kids is {n} juggling
    with a job?|Bedtime with {v} little ones is pure chaos. => How many little ones does {n} put
    to bed?|Every one of my {v} kids has the flu, send help. => How many kids with the flu does
    {n} have?
Q: How many children does {n} have?|How many offspring does {n} have?
A: How are the kids holding up?|How's the little crew doing?
R: I don't know how you do it!|Parenting is a full-time job on its own. // My friend {p} has {v}
    kids, I don't know how they do it.
hobby hobbies hobbies: I've gotten really into {v} lately. => What has {n} gotten really into
    lately?|My new obsession is {v}, I do it every weekend. => What is {n}'s new obsession?|
    Honestly, {v} has become my favourite way to relax. => What has become {n}'s favourite way
    to relax?
Q: What pastime has {n} picked up?|What does {n} do for fun these days?
A: Have you picked up any new hobbies?|What do you do to unwind these days?
R: {v}? That's so cool!|I'd love to try that sometime. // {p} keeps begging me to try {v}.
book books books: I just reread '{v}' and it's still my all-time favourite. => What book did {n}
    just reread?|Nothing beats '{v}', I've read it five times. => Which book has {n} read five
    times?|If I could keep one book forever, it'd be '{v}'. => Which book would {n} keep forever?
Q: What is {n}'s top novel?|Which novel does {n} treasure the most?
A: What's your all-time favourite book?|Any book you'd recommend to everyone?
R: '{v}' is a classic!|I need to read that one. // {p} keeps telling me to read '{v}'.
car cars cars: I finally bought a {v}, it drives like a dream. => What car did {n} finally buy?|My
    {v} made a weird noise on the highway today. => Which car made a weird noise on the highway
    for {n}?|Road trips in my {v} are the best. => What car does {n} take on road trips?
Q: What does {n} drive?|What kind of vehicle does {n} own?
A: Are you still driving that old thing?|Did you ever get a new car?
R: A {v}! Nice choice.|Cars are so expensive these days. // {p} just bought a {v}.
U: I traded in my {old} for a {v}! => What did {n} trade in {poss} {old} for?|Goodbye {old}, hello
    {v}, I picked it up from the dealer today. => What did {n} pick up from the dealer to replace
    the {old}?
C: What does {n} drive now?|What is {n}'s current vehicle?
P: What vehicle did {n} own before the {v}?
instrument music instruments: I've been learning to play the {v}. => What instrument is {n}
    learning to play?|My {v} lessons are finally paying off. => What lessons are paying off for
    {n}?|I practiced the {v} for an hour tonight. => What did {n} practice for an hour?
Q: Which instrument does {n} play?|Which instrument is {n} studying?
A: How are the music lessons going?|Are you still playing music?
R: The {v}? That's awesome!|You'll have to play for me sometime. // {p} is learning the {v} too.
U: I gave up the {old} and switched to the {v}. => What did {n} switch to after giving up the
    {old}?|I sold my {old}, the {v} suits me way better. => What suits {n} better than the {old}
    {pr} sold?
C: Which instrument does {n} play now?|Which instrument is {n} studying now?
P: Which instrument did {n} play before the {v}?
allergy health allergens: Turns out I'm allergic to {v}, I found out the hard way. => What did {n}
    find out {pr} is allergic to?|I have to be careful, I'm allergic to {v}. => What is {n}
    allergic to?|My {v} allergy flared up again. => Which allergy flared up for {n}?
Q: What gives {n} a bad reaction?|What substance makes {n} sick?
A: Are you feeling better? What was that reaction about?|Is everything okay with your health?
R: Oh no, that sounds awful.|Good to know, I'll remember that. // {p} is allergic to {v}, poor
    thing.
food food foods: Nothing beats {v}, it's my comfort food. => What is {n}'s comfort food?|When I'm
    sad I make {v}. => What does {n} make when sad?|I could eat {v} every day. => What could {n}
    eat every day?
Q: Which dish cheers {n} up?|What meal does {n} turn to when feeling down?
A: What do you cook when you've had a rough day?|What's your ultimate comfort meal?
R: Now I'm craving {v}!|Yum, same. // {p} can't stop talking about {v}.
sport sports sports: I joined a local {v} league! => What local league did {n} join?|Our {v} team
    won the big game. => In which sport did {n}'s team win the big game?|Playing {v} with my league
    is the highlight of my week. => What does {n} play with {poss} league?
Q: Which team sport does {n} compete in?|What sport does {n} play with a club?
A: Are you still playing on that team?|How's the season going?
R: Go team!|{v} sounds like so much fun. // {p} plays in a {v} league.
language languages languages: I've started taking {v} lessons. => What lessons has {n} started
    taking?|My {v} is getting better, I ordered dinner in it! => What language did {n} order
    dinner in?|I'm practicing {v} on my commute every day. => What language does {n} practice on
    {poss} commute?
Q: Which language is {n} studying?|What foreign tongue is {n} picking up?
A: How are the language lessons going?|Are you still doing that language app?
R: {v}? Impressive!|Languages are so hard, good for you. // {p} is learning {v} too.
band music bands: {v} is my favourite band, I know every song. => Which band does {n} know every
    song of?|I've had {v} on repeat all week. => What has {n} had on repeat all week?|Nobody will
    ever top {v} for me. => Which band will nobody ever top for {n}?
Q: Which musical group does {n} love?|Who is {n}'s top group to listen to?
A: What have you been listening to?|Who's your favourite band these days?
R: {v}! Great taste.|Ooh, which album is your favourite? // {p} is obsessed with {v}.
movie media movies: '{v}' is my comfort movie, I've seen it a hundred times. => What is {n}'s
    comfort movie?|I rewatch '{v}' every holiday. => What does {n} rewatch every holiday?|My
    favourite movie of all time is '{v}'. => What is {n}'s favourite movie of all time?
Q: Which film does {n} never get tired of?|What film is {n}'s top pick?
A: Seen any good movies lately?|What's your go-to movie night pick?
R: '{v}' is so good!|I haven't seen it in ages. // {p} made me watch '{v}'.
degree school fields: I majored in {v} in college. => What did {n} major in in college?|My degree
    in {v} finally came in handy at work. => What degree came in handy for {n} at work?|Back when
    I was studying {v}, I basically lived in the library. => What was {n} studying when {pr}
    basically lived in the library?
Q: What was {n}'s field at university?|What subject did {n} specialise in at university?
A: What did you study at uni, again?|Did you go to college for this?
R: {v}! That explains a lot.|I always thought that sounded interesting. // {p} is doing a
    degree in {v}.
best_friend family any: My best friend {v} is throwing me a party. => Which best friend is
    throwing {n} a party?|{v} has been my best friend since kindergarten. => Who has been {n}'s
    best friend since kindergarten?|I called my best friend {v} to vent. => Who did {n} call to
    vent?
Q: Who is {n}'s closest pal?|Who is {n}'s oldest and dearest pal?
A: Have you seen your best friend lately?|Who do you usually vent to?
R: {v} sounds like a great friend.|Everyone needs a friend like that.
drink food drinks: My go-to order is a {v}. => What is {n}'s go-to order?|I can't start the day
    without a {v}. => What can't {n} start the day without?|I treated myself to a {v} on the way
    to work. => What did {n} get as a treat on the way
    to work?
Q: What does {n} usually order at the café?|Which beverage does {n} prefer?
A: What's your coffee order these days?|What's keeping you caffeinated?
R: A {v}, classic.|Ooh, I need one right now. // {p} always orders a {v}.
plant garden plants: I planted {v} in the backyard. => What did {n} plant in the backyard?|My {v}
    are finally coming up in the garden! => What is finally coming up in {n}'s garden?|The {v} I
    planted are thriving. => What has {n} planted that is thriving?
Q: What is {n} growing?|What crop or flower does {n} cultivate at home?
A: How's the garden coming along?|What are you growing this year?
R: Gardening is so therapeutic.|Send me a picture! // {p} grows {v} on the balcony.
show media shows: I've been binge-watching {v}. => What has {n} been binge-watching?|I'm hooked
    on {v}, no spoilers please! => What show is {n} hooked on?|I'm rewatching {v} for the third
    time. => What is {n} rewatching for the third time?
Q: Which TV series is {n} into?|What series does {n} keep streaming?
A: Watching anything good on TV?|What show are you into right now?
R: {v} is so good!|I keep meaning to start that. // {p} keeps recommending {v}.
volunteer volunteering volunteer_places: I volunteer at the {v} on Saturdays. => Where does {n}
    volunteer on Saturdays?|I spent my morning volunteering at the {v}. => Where did {n} spend
    {poss} morning volunteering?|The people at the {v} where I volunteer are wonderful. => Where
    does {n} volunteer with wonderful people?
Q: Which organization does {n} give {poss} free time to?|Where does {n} help out for free?
A: Are you still helping out somewhere on weekends?|How's the volunteering going?
R: That's so kind of you.|The world needs more people like you. // {p} volunteers at the {v}.
colour home colours: We redid the living room in {v}, my favourite colour. => What colour did {n}
    redo the living room in?|Everything I own is {v}, it's my favourite colour. => What is {n}'s
    favourite colour?|I bought a {v} coat because {v} is my favourite colour. => What colour coat
    did {n} buy?
Q: Which shade does {n} like best?|What hue does {n} prefer?
A: What colour did you go with in the end?|Did you ever pick a colour for the walls?
R: {v} is such a calming colour.|Love that.
game games games: I've been playing {v} every night. => What has {n} been playing every night?|{v}
    has completely taken over my evenings. => What has taken over {n}'s evenings?|I finally beat
    the hardest level in {v}! => In which game did {n} beat the hardest level?
Q: Which video game is {n} obsessed with?|What does {n} do on the console after dark?
A: Playing any good games lately?|What game are you stuck on now?
R: {v} is so addictive!|Ha, I lost months to that game. // {p} plays {v} all the time.
birthday family months: My birthday is in {v}, I'm already planning the party. => In which month
    is {n}'s birthday?|Every {v} I celebrate my birthday with a picnic. => When does {n}
    celebrate {poss} birthday with a picnic?|My birthday is in {v} and I always take the day off.
    => In which month does {n} take the day off for {poss} birthday?
Q: When was {n} born?|In which month does {n} turn a year older?
A: When's your birthday again?|Are you doing anything for your birthday?
R: I'll put it in my calendar!|Birthday month, nice.
dream_trip travel countries: I've always dreamed of visiting {v}. => What country has {n} always
    dreamed of visiting?|One day I'll make it to {v}, it's at the top of my list. => What place is
    at the top of {n}'s list?|I'm saving up for a trip to {v}. => Where is {n} saving up for a
    trip to?
Q: Which country does {n} hope to see someday?|What destination is on {n}'s bucket list?
A: If you could go anywhere, where would it be?|Any dream destinations?
R: {v} would be incredible!|Take me with you. // {p} is moving to {v}.
"""


def _with_lexical(cell: str) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """Split ``statement => question|...`` into statements and aligned questions."""
    items = [part.partition("=>") for part in _split(cell)]
    return tuple(s.strip() for s, _, _ in items), tuple(q.strip() for _, _, q in items)


def _parse_facts(text: str) -> tuple[FactTemplate, ...]:
    """Parse :data:`_FACT_TABLE` into templates."""
    facts = []
    for (key, topic, pool), cells in _blocks(text):
        reactions, _, near_miss = cells["R"].partition("//")
        statements, lexical = _with_lexical(cells["S"])
        updates, update_lexical = _with_lexical(cells.get("U", ""))
        q, current, prior, asks = (_split(cells.get(c, "")) for c in "QCPA")
        parts = (statements, q, _split(reactions), _split(near_miss), updates, current, prior)
        facts.append(FactTemplate(key, topic, pool, *parts, lexical, asks, update_lexical))
    return tuple(facts)


FACTS: tuple[FactTemplate, ...] = _parse_facts(_FACT_TABLE)
FACTS_BY_KEY: dict[str, FactTemplate] = {f.key: f for f in FACTS}
UPDATABLE: tuple[str, ...] = tuple(f.key for f in FACTS if f.updates)

# Two facts of one speaker asked together (multi-hop): "key key: question|question".
_COMBO_TABLE = """
sister brother: What are the names of {n}'s siblings?|Who are {n}'s siblings?
hometown city: Which cities has {n} lived in?|In which cities has {n} lived?
hobby sport: What activities does {n} partake in?|What does {n} do for fun and exercise?
food drink: What does {n} like to eat and drink?|What are {n}'s favourite food and drink?
show game: What does {n} watch and play in the evenings?|How does {n} spend evenings on screens?
partner best_friend: Who are the most important people in {n}'s life?|Who is {n} closest to?
degree job: What did {n} study, and what does {pr} do for a living?
"""
COMBOS: tuple[tuple[tuple[str, ...], tuple[str, ...]], ...] = tuple(
    (tuple(keys.split()), _split(questions)) for keys, questions in _records(_COMBO_TABLE)
)


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
travel: visited a lavender farm; visit the lavender farm; visiting the lavender farm
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
DAY_PRECISE: tuple[str, ...] = tuple(r[0] for r in RELATIVE_TIMES if r[1] in ("day", "weekday"))


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
# Recurring activities and long-running habits
# ---------------------------------------------------------------------------
@dataclass(frozen=True)
class RecurringTemplate:
    """An activity told several times across sessions, each time with other details.

    Every occurrence names an object ``{x}`` (what was painted, baked ...) and an
    occasion ``{y}`` (for whom, where, with whom) that tells it apart from the others;
    ``occasions`` holds ``(phrase, paraphrase)`` pairs. ``stem`` is lower-case text in
    every first-person mention; ``pool`` names the object pool in :data:`POOLS`.
    The other fields are the table cells described at :data:`_RECURRING_TABLE`.
    """

    key: str
    topic: str
    stem: str
    pool: str
    occasions: tuple[tuple[str, ...], ...]
    statements: tuple[str, ...]
    teasers: tuple[str, ...]
    curious: tuple[str, ...]
    reveals: tuple[str, ...]
    captions: tuple[str, ...]
    lexical: tuple[str, ...]
    paraphrased: tuple[str, ...]
    asks: tuple[str, ...]
    when: tuple[str, ...]
    lists: tuple[str, ...]
    counts: tuple[str, ...]
    inferences: tuple[str, ...]
    near_miss: tuple[str, ...]


# "key topic stem: statements" (full lines with {x}, {y} and {rel}/{Rel}; ``_`` in key and
# stem is a space); then T: teasers (no object), K: the other's curious asks after a teaser,
# V: reveals naming {x}/{X}, C: photo captions, X: objects (``@pool`` reuses a pool),
# Y: occasions "phrase ~ paraphrase" ({my}: possessive), L: detail questions reusing {y},
# Q: detail questions with the paraphrase {yp}, A: the other's asks ({y} with "your"),
# W: when, M: list, N: count and I: inference questions, D: third-party near misses.
_RECURRING_TABLE = """
painting art paint: {Rel} I painted {x} {y}, and it turned out better than I expected.|I finally
    finished painting {x} {y} {rel}.|So {rel} I spent hours painting {x} {y}.
T: {Rel} I finished a new painting {y}, take a look!|I did a new painting {y} {rel}, I'm so proud.
K: Ooh, what did you paint?|Wait, what's the painting of?
V: It's {x}! The colours took forever to get right.|I went with {x}, I'd wanted to try it for ages.
C: a painting of {x}|a photo of a canvas showing {x}
X: a sunrise over the lake|a field of sunflowers|a lighthouse in a storm|a bowl of lemons|a fox in
    the snow|a mountain cabin|a vase of peonies|a forest path in autumn|the northern lights
Y: for {my} mom's birthday ~ as a present for {my} mother|for the community art fair ~ for a local
    exhibition|for {my} hallway ~ to hang by {my} front door|in {my} weekend art class ~ during
    {my} Saturday lessons|on {my} balcony ~ outside on {my} terrace|for a charity auction ~ to
    raise money for a good cause
L: What did {n} paint {y}?|Which painting did {n} make {y}?
Q: What was the subject of the artwork {n} created {yp}?|What did {n} put on canvas {yp}?
A: What did you end up painting {y}?|Did you ever finish that painting {y}?
W: When did {n} paint {x}?
M: What has {n} painted?|What subjects has {n} painted?
N: How many paintings has {n} mentioned finishing?
I: Would {n} likely enjoy a visit to an art museum?|Would {n} be glad to help with a mural?
D: My coworker {p} painted {x} {y}, it's actually really good.|{p} from my book club painted {x}.
baking food bak: {Rel} I baked {x} {y}, and it disappeared in minutes.|I tried baking {x} {y}
    {rel}, and nobody could tell it was my first try.|{Rel} I spent the afternoon baking {x} {y}.
T: I baked something special {y} {rel}, look how it turned out!|{Rel} I put my apron on and baked
    something {y}.
K: Oh yum, what did you make?|What did you bake? I'm already hungry.
V: {X}! I finally nailed the recipe.|It was {x}, and there wasn't a crumb left.
C: a photo of {x} on a kitchen counter|a photo of {x} cooling on a wire rack
X: a lemon drizzle cake|cinnamon rolls|a blueberry pie|chocolate chip cookies|a loaf of sourdough|a
    carrot cake|banana muffins|a peach cobbler|a strawberry tart|an apple crumble
Y: for {my} neighbour's party ~ for the get-together next door|for the school fundraiser ~ to
    raise money for a school|for {my} dad's birthday ~ to celebrate {my} father getting older|for
    the office potluck ~ for a shared lunch at work|for game night ~ for an evening of board
    games|for a friend's housewarming ~ for someone who just moved in somewhere
L: What did {n} bake {y}?
Q: What treat did {n} make {yp}?|Which homemade goodie did {n} prepare {yp}?
A: What did you bake {y} in the end?|Did you end up baking something {y}?
W: When did {n} bake {x}?
M: What has {n} baked?|What baked goods has {n} made?
N: How many times has {n} mentioned baking something?
I: Would {n} likely enjoy a pastry-making workshop?|Would {n} be the one to bring dessert to a party?
D: My neighbour {p} baked {x} {y}, and it was amazing.|{p} at work baked {x} {y}.
hiking travel hik: {Rel} I hiked {x} {y}, and the views were unreal.|I hiked {x} {y} {rel}, my
    legs are still sore.|{Rel} I went hiking on {x} {y}.
T: {Rel} I went on a long hike {y}, the view from the top was worth every step!|I did a tough hike
    {y} {rel}, look at this view!
K: Where did you go?|Which trail was it?
V: It was {x}! I'd recommend it to anyone.|We did {x}, it's steep but so worth it.
C: a photo of the view from {x}|a photo of a trail sign for {x}
X: the Eagle Peak trail|the Crystal Lake loop|the Red Rock canyon path|Bear Mountain|the Cedar Falls
    trail|the Hollow Creek gorge|Mount Fairview|the Pine Ridge loop|Misty Hollow|the Old Mill trail
Y: with {my} cousins ~ with some relatives|with {my} coworkers ~ with people from {my} office|on {my}
    own ~ completely solo|at sunrise ~ just as the day was breaking|in the pouring rain ~ during a
    downpour|with {my} college roommate ~ with a friend from {my} university days
L: Which trail did {n} hike {y}?|Where did {n} go hiking {y}?
Q: Which outdoor route did {n} trek {yp}?|Where did {n} go for a long walk in nature {yp}?
A: Where did you hike {y}?|How was the hike {y}?
W: When did {n} hike {x}?
M: Where has {n} hiked?|Which trails has {n} hiked?
N: How many hikes has {n} mentioned?
I: Would {n} likely enjoy a camping trip in a national park?|Would {n} be considered outdoorsy?
D: My friend {p} hiked {x} {y} and loved it.|{p} from work keeps talking about hiking {x}.
live_music music concert: {Rel} I saw {x} play a concert {y}, and I'm still buzzing.|I went to a
    concert by {x} {y} {rel}.|{Rel} I caught {x} in concert {y}, what a night.
T: {Rel} I went to a concert {y}, the energy was incredible!|I went to the best concert {y} {rel}!
K: Who was playing?|Ooh, who did you see?
V: It was {x}! They were even better live.|{X}, and they totally blew me away.
C: a photo of {x} performing on a stage|a photo of {x} under bright stage lights
X: a jazz trio|a string quartet|an indie folk band|a gospel choir|a blues guitarist|a mariachi
    band|a bluegrass group|a brass band|a reggae band|a punk cover band
Y: at the county fair ~ at the regional fairground|at a rooftop bar downtown ~ high above the city
    centre|at {my} cousin's wedding ~ during a family marriage celebration|at the old theatre ~ in
    a historic playhouse|at the summer festival ~ during a warm-weather music event|at {my} church ~
    at {my} place of worship
L: Who did {n} see in concert {y}?|What kind of group played the concert {n} went to {y}?
Q: What act did {n} watch perform {yp}?|Which performers did {n} hear live {yp}?
A: Who played at the concert {y}?|How was the concert {y}?
W: When did {n} go to the concert by {x}?
M: Which performers has {n} seen in concert?|What concerts has {n} been to?
N: How many concerts has {n} mentioned going to?
I: Would {n} likely enjoy a music festival?|Would {n} enjoy tickets to a live show as a gift?
D: My cousin {p} saw {x} in concert {y}.|{p} from my gym went to a concert by {x} {y}.
reading books finished_reading: {Rel} I finished reading '{x}' {y}, and I can't stop thinking
    about it.|I finished reading '{x}' {y} {rel}, what an ending.|So {rel} I finished reading '{x}'
    {y}.
T: {Rel} I finished reading another book {y}, here's my copy!|I finished reading something
    wonderful {y} {rel}.
K: Ooh, which book?|What was it? I need a new read.
V: It was '{x}', and I cried at the end.|'{X}'! I couldn't put it down.
C: a photo of a worn copy of '{x}' on a bedside table|a photo of the cover of '{x}'
X: @books
Y: on the train to work ~ during {my} commute|for {my} book club ~ for {my} monthly reading group|on
    vacation ~ while on holiday|in one sitting ~ without putting it down once|at the beach ~ by the
    sea|during a power outage ~ when the electricity went out
L: What book did {n} finish reading {y}?|Which book did {n} read {y}?
Q: Which title did {n} get through {yp}?|What novel did {n} complete {yp}?
A: What were you reading {y}?|Did you finish that book {y}?
W: When did {n} finish reading '{x}'?
M: What books has {n} finished reading?|Which books has {n} read?
N: How many books has {n} mentioned finishing?
I: Would {n} likely enjoy a trip to a big bookstore?|Would {n} be a good person to ask for novel
    recommendations?
D: My sister's friend {p} finished reading '{x}' {y}.|{p} from my office finished reading '{x}'.
family_outings family took_the_kids: {Rel} I took the kids to {x} {y}, and they loved every
    minute.|I took the kids to {x} {y} {rel}, total chaos but so fun.|{Rel} I took the kids to {x}
    {y}, and they still won't stop talking about it.
T: {Rel} I took the kids on a little adventure {y}, look at them!|I took the kids out {y} {rel},
    they had a blast.
K: Aw, where did you go?|Where did you take them?
V: We went to {x}! They were so excited.|{X}! The little one didn't want to leave.
C: a photo of two kids smiling at {x}|a photo of a family day out at {x}
X: the aquarium|the zoo|a pumpkin patch|the planetarium|a water park|a strawberry farm|the beach|a
    children's museum|an apple orchard|a puppet show
Y: for {my} son's birthday ~ to celebrate {my} boy getting older|on a rainy afternoon ~ when the
    weather was wet|for a school trip ~ as a class outing|after {my} shift ~ once {my} workday was
    done|during spring break ~ in the school holidays|with {my} parents ~ along with {my} mom and dad
L: Where did {n} take the kids {y}?
Q: Which place did {n} bring {poss} children to {yp}?
A: Where did you take the kids {y}?|Did the kids have fun {y}?
W: When did {n} take the kids to {x}?
M: Where has {n} taken the kids?|What outings has {n} taken the kids on?
N: How many outings with the kids has {n} mentioned?
I: Would {n} likely enjoy a family-friendly theme park?|Is {n} likely to be a hands-on parent?
D: My neighbour {p} took the kids to {x} {y}.|{p} from school took the kids to {x}.
photography hobbies photograph: {Rel} I photographed {x} {y}, and I think it's my best shot
    yet.|I got up early and photographed {x} {y} {rel}.|{Rel} I photographed {x} {y}, the light
    was perfect.
T: {Rel} I photographed something amazing {y}, here it is!|I photographed the coolest thing {y}
    {rel}, look!
K: What is that?|Ooh, what did you capture?
V: It's {x}! I waited ages for the right moment.|{X}, I couldn't believe my luck.
C: a photograph of {x}|a close-up photograph of {x}
X: a heron by the river|an old barn at sunset|a hummingbird at a feeder|the harbour in the fog|a
    street musician|a neon diner sign|a rainbow over the bay|a sailboat at dusk|an abandoned station
Y: for the photo contest ~ for a picture competition|on {my} morning walk ~ while strolling early
    in the day|during a thunderstorm ~ in wild weather|at the farmers market ~ where local growers
    sell produce|from {my} kitchen window ~ without leaving {my} house|on a road trip ~ while
    driving across the state
L: What did {n} photograph {y}?
Q: What was in the picture {n} took {yp}?|What did {n} capture with a camera {yp}?
A: What did you photograph {y}?|Did you get any good shots {y}?
W: When did {n} photograph {x}?
M: What has {n} photographed?|What subjects has {n} photographed?
N: How many times has {n} mentioned photographing something?
I: Would {n} likely enjoy a wildlife safari?|Would {n} like a new camera for {poss} birthday?
D: My friend {p} photographed {x} {y}.|{p} from the camera club photographed {x} {y}.
pottery art pottery: {Rel} I made {x} in pottery class {y}, and I'm weirdly proud of it.|At
    pottery {rel} I made {x} {y}.|{Rel} I finished {x} at the pottery studio {y}.
T: {Rel} I finally fired a new piece at the pottery studio {y}, what do you think?|I made
    something at pottery class {y} {rel}!
K: Ooh, what did you make?|What is it? It looks great.
V: It's {x}! It came out of the kiln in one piece.|{X}, my best one so far.
C: a photo of {x} on a wooden shelf|a photo of {x} next to a pottery wheel
X: a blue ceramic bowl|a set of coffee mugs|a vase with leaf patterns|a teapot with a chipped lid|a
    speckled planter|a pair of candle holders|a serving platter|a small clay owl
Y: for {my} sister ~ as a gift for {my} female sibling|for {my} kitchen ~ to use when cooking at
    home|for {my} grandma ~ as a present for {my} grandmother|for the holiday market ~ to sell at a
    seasonal craft stall|as a wedding gift ~ as a present for newlyweds|for {my} teacher ~ to thank
    {my} instructor
L: What did {n} make in pottery class {y}?|What pottery did {n} make {y}?
Q: What ceramic piece did {n} create {yp}?|What did {n} shape out of clay {yp}?
A: What did you make at pottery {y}?|How did your pottery piece {y} turn out?
W: When did {n} make {x}?
M: What has {n} made in pottery class?|What pottery pieces has {n} made?
N: How many pottery pieces has {n} mentioned making?
I: Would {n} likely enjoy a ceramics workshop abroad?|Would {n} like a kiln of {poss} own?
D: My coworker {p} made {x} in pottery class {y}.|{p} from my yoga group made {x} at the pottery
    studio.
"""


def _parse_recurring(text: str) -> tuple[RecurringTemplate, ...]:
    """Parse :data:`_RECURRING_TABLE`; registers each object pool in :data:`POOLS`."""
    out = []
    for (key, topic, stem), cells in _blocks(text):
        objects = cells["X"]
        pool = objects[1:] if objects.startswith("@") else f"{key}_objects"
        if not objects.startswith("@"):
            POOLS[pool] = _split(objects)
        occasions = tuple(_split(y, "~") for y in _split(cells["Y"]))
        parts = (_split(cells[c]) for c in "STKVCLQAWMNID")
        out.append(RecurringTemplate(key, topic, stem.replace("_", " "), pool, occasions, *parts))
    return tuple(out)


RECURRING: tuple[RecurringTemplate, ...] = _parse_recurring(_RECURRING_TABLE)

# topic: a long-running habit ({my}: possessive), asked "How long has X been ...?"
_DURATION_TABLE = """
music: singing in a community choir|books: writing a novel|health: doing yoga before work
life: keeping a gratitude journal|hobbies: learning to sew {my} own clothes
work: working the night shift|home: saving up for a house|health: going to therapy
games: playing on a weekly trivia team|life: walking to work every day
sports: training for marathons|family: calling {my} grandma every Sunday
"""
DURATIONS: tuple[tuple[str, str], ...] = tuple(
    (topic.strip(), habit.strip())
    for item in _split(_DURATION_TABLE.replace("\n", "|"))
    for topic, _, habit in [item.partition(":")]
)

# ---------------------------------------------------------------------------
# Conversation glue: topics, small talk, greetings, padding, question phrasings
# ---------------------------------------------------------------------------
# topic: prompts by the other speaker // follow-up questions // neutral lines // photo captions
_TOPIC_TABLE = """
pets: Any news on the pet front?|How are the animals doing these days? // How is the training
    going?|Do they get along with everyone?|Are they sleeping through the night yet? // Pets really
    are family, I can't imagine coming home to an empty house anymore.|The vet bills are wild, but
    every visit is worth it for those little faces.|Nothing beats coming home to a happy animal
    after a long and tiring day.|I swear animals can tell exactly when you need a cuddle. // a
    photo of a dog sitting on a couch|a photo of a cat curled up on a knitted blanket|a photo of a
    puppy chewing a rope toy
work: How's work treating you?|Anything new with your job lately? // How are your coworkers?|Do
    you like the hours?|Is your boss being reasonable about it? // Work-life balance is so hard,
    I'm still figuring out where to draw the line.|Mondays are brutal, but a good coffee and a
    to-do list help a lot.|At least the commute isn't bad, I get to listen to podcasts the whole
    way.|Some weeks work feels like a marathon, and I'm just trying to keep my pace. // a photo of
    a laptop on a desk next to a mug|a photo of a cluttered office whiteboard
home: How's the place?|How are things at home? // Is the neighbourhood nice?|Did you decorate
    yet?|Do you get along with the neighbours? // Rent is ridiculous everywhere right now, it makes
    me want to live in a van.|Home is where the snacks are, and honestly that's all I need some
    nights.|Moving is always more work than you expect, the boxes never seem to end.|I've been
    trying to make the place feel cozy with plants and soft lighting. // a photo of a cozy living
    room with a plant by the window|a photo of a front porch with potted flowers
family: How's the family?|How is everyone at home? // Do you see them often?|Are you all close?|
    How are your parents doing? // Family can be a lot sometimes, but I love them to pieces.|
    Holidays with everyone are always chaotic, loud and somehow perfect.|We really should plan a
    proper get-together soon, it's been too long.|My family keeps me grounded, even when they drive
    me up the wall. // a photo of a family gathered around a dinner table|a photo of a grandmother
    hugging a child
hobbies: Done anything fun lately?|Picked up any new hobbies? // Is it hard to learn?|Do you do it
    with friends?|How did you get into it? // Hobbies keep me sane, especially when work gets
    overwhelming.|I never have enough free time, but I guard my weekends fiercely now.|It's so good
    to have something that's just for you and nobody else.|Learning something new as an adult is
    humbling but really fun. // a photo of a craft table covered in supplies|a photo of a notebook
    full of sketches
books: Reading anything good?|Any book recommendations for me? // Who's the author again?|
    Paperback or e-reader?|Would you recommend it to me? // My to-read pile is completely out of
    control, I keep buying more.|Libraries are so underrated, I could spend a whole day in one.|A
    good book and a cup of tea is my idea of a perfect evening.|I love getting so lost in a story
    that I forget to check my phone. // a photo of a stack of books on a nightstand|a photo of a
    bookshelf with a reading lamp
cars: How's the car situation?|Still driving everywhere? // Is it good on gas?|Manual or
    automatic?|Did it cost a lot to fix? // Gas prices are wild, I've started walking to the store
    when I can.|Parking downtown is a nightmare, I circled for twenty minutes once.|Road trips are
    the best though, with snacks and a good playlist.|Cars are so expensive to keep running, it's
    always something. // a photo of a car parked on a quiet street|a photo of a dashboard and an
    open road
music: Listening to anything good?|How's the music going? // Do you play by ear?|Any shows coming
    up?|Who got you into that music? // Music fixes everything, I put on my favourite album
    whenever I'm stressed.|My playlist desperately needs an update, I keep hearing the same
    songs.|Live music just hits different, there's nothing like that energy.|I sing along in the
    car way too loudly, no shame at all. // a photo of a guitar leaning against a wall|a photo of a
    crowd in front of a stage with lights
health: How are you feeling?|Everything okay health-wise? // Did you see a doctor?|Is it getting
    better?|Are you resting enough? // Health really is everything, you don't appreciate it until
    it's gone.|I need to drink more water, I keep forgetting during the day.|Sleep is so important,
    I'm trying to get to bed before midnight.|Taking care of my body has become a much bigger
    priority for me. // a photo of a glass of water and some vitamins|a photo of a yoga mat on a
    wooden floor
food: Cooked anything good?|What have you been eating lately? // Do you have a recipe?|Is it hard
    to make?|Where did you learn to cook that? // I'm always hungry, it's honestly a problem at this
    point.|Food is my love language, feeding people makes me so happy.|Leftovers are the best part
    of cooking a big meal.|Trying new recipes is my favourite way to unwind after work. // a photo
    of a plate of pasta on a kitchen table|a photo of a bowl of soup with fresh herbs
sports: Been active lately?|How's the training going? // How often do you practice?|Are you
    competitive about it?|Do you have a coach? // Exercise is the best stress relief, I feel like a
    new person after.|My knees are not what they used to be, but I keep going anyway.|Team sports
    are so fun, I love the feeling of everyone pulling together.|Getting outside and moving my body
    clears my head like nothing else. // a photo of a pair of running shoes on a track|a photo of
    a team posing with a trophy
languages: Still practicing languages?|How are the lessons going? // Is the grammar hard?|Do you
    use an app?|Have you spoken with native speakers yet? // Languages open so many doors, I wish
    I'd started when I was younger.|I only remember a handful of phrases from high school French.|
    Immersion is honestly the best way to learn, the apps only go so far.|Every new word feels like
    a tiny victory, it's so satisfying. // a photo of flashcards spread across a desk|a photo of a
    notebook full of vocabulary lists
school: Do you miss school?|How were your college days? // Would you study it again?|Did you like
    your professors?|Did you live on campus? // College feels like forever ago, but some memories
    are still so vivid.|Student loans are the gift that keeps on taking, ugh.|I learned more from
    my friends than from any of my classes.|I still have dreams about missing exams, isn't that
    funny? // a photo of a university campus with old brick buildings|a photo of a graduation cap
    on a table
media: Watched anything good?|What are you watching these days? // Is it worth starting?|How many
    seasons are there?|Who's your favourite character? // There's way too much to watch, I spend
    half the night scrolling.|Streaming services really add up, I should cancel a few.|Movie
    nights are the best, especially with popcorn and blankets.|I love a good story that makes me
    laugh and cry in the same episode. // a photo of a bowl of popcorn in front of a television|a
    photo of a movie theatre screen
volunteering: Still volunteering?|How's the volunteering going? // How did you get involved?|Is
    it hard emotionally?|Do they need more help? // Giving back feels so good, it puts my own
    worries in perspective.|Community matters so much, especially when times are tough.|I really
    should volunteer more, everyone says it changes you.|The people you meet doing that kind of
    work are amazing. // a photo of volunteers sorting boxes of canned food|a photo of a group in
    matching t-shirts at a community event
garden: How's the garden?|Growing anything this year? // Do you grow from seed?|How's the soil?|Do
    you have a greenhouse? // Gardening teaches patience, nothing grows faster because you stare
    at it.|The squirrels steal everything, it's an ongoing war.|Fresh produce tastes so much better
    when you grew it yourself.|Getting my hands in the dirt is the most relaxing part of my week.
    // a photo of a vegetable garden with raised beds|a photo of a watering can next to flower pots
games: Playing anything lately?|Still gaming at night? // Is it multiplayer?|What level are you
    on?|Do you play with friends online? // Games are my favourite way to unwind after a long
    day.|One more level, famous words, I stayed up way too late.|I really miss couch co-op games
    with friends.|There's something so satisfying about finally beating a hard boss. // a photo of
    a game controller on a couch|a photo of a board game set up on a table
art: Made any art lately?|How's the creative stuff going? // What medium do you use?|Where do you
    get inspiration?|Do you ever sell your work? // Art is so therapeutic, it quiets all the noise
    in my head.|I can barely draw a stick figure, so I'm always amazed by creative people.|Creating
    something with your own hands is the best feeling.|Making things just for fun, without
    worrying if they're good, is so freeing. // a photo of a messy art table with brushes and
    jars|a photo of an easel by a sunny window
travel: Been anywhere fun?|Any trips planned? // How long were you there?|Was it expensive?|Would
    you go back? // Travel is good for the soul, I always come back with fresh eyes.|Airports are
    exhausting, but the first view of a new place makes up for it.|I really need a vacation, even
    just a few days somewhere quiet.|Exploring a new place always makes me feel like a kid again.
    // a photo of a suitcase by a hotel window|a photo of a mountain view from a trail
life: Anything new with you?|What's been going on? // How are you feeling about it?|Did you go
    alone?|What made you decide to do it? // Life has been a whirlwind, but I'm learning to go with
    it.|It's the little things that keep me going these days.|Growth is hard but so worth it, I'm
    proud of myself lately.|I've been trying to be more present and not rush through everything.
    // a photo of a sunset over a city skyline|a photo of a cup of coffee on a windowsill
"""


class Topic(NamedTuple):
    """Conversation glue of one topic."""

    prompts: tuple[str, ...]
    followups: tuple[str, ...]
    lines: tuple[str, ...]
    captions: tuple[str, ...]


TOPICS: dict[str, Topic] = {
    topic: Topic(*(_split(cell) for cell in value.split("//")))
    for topic, value in _records(_TOPIC_TABLE)
}

_TALK_TABLE = """
talk: The weather has been so wild lately, right? Sun one minute, hail the next.|Tell me about it,
    it rained nonstop here and my shoes are still wet from the walk home.|Fingers crossed for some
    proper sunshine soon, I really need a day outside to recharge.
talk: How's your week going so far? Mine has been a complete blur, honestly.|Busy but good, lots
    going on at once, and I keep making lists just to stay on top of it.|Same here, honestly, I
    keep telling myself it'll calm down eventually, but it never really does.
talk: Have you eaten yet? I'm starving over here and there's nothing in my fridge.|Just had a
    sandwich, nothing fancy, haha. I really need to go grocery shopping soon.|Snacks are a whole
    lifestyle at this point, I've basically been living on crackers and cheese.
talk: I'm so tired today, I barely slept because the neighbour's dog kept barking.|Coffee is not
    working for me either, I've had three cups and I still feel half asleep.|We seriously need a
    national nap day, I would support that campaign with my whole heart.
talk: Did you see that sunset the other evening? I had to pull over to look at it.|Yes! The sky was
    unreal, all pink and orange, I took a picture but it didn't do it justice.|Those are the best
    evenings, they make me stop and breathe for a second and forget about my to-do list.
talk: Any plans coming up for the weekend, or are you finally going to rest?|Not really, just
    relaxing at home, catching up on sleep and maybe ordering takeout.|Honestly that sounds
    perfect, I might copy you and switch my phone off for a while.
talk: The neighbours are renovating and the drilling never stops, it starts at seven every day.|
    Ugh, that sounds maddening, I'd go straight to a café with my laptop and hide there.|That's
    exactly what I've been doing, with headphones on and a very large coffee.
talk: I finally cleaned out my closet and found so much stuff I forgot I even had.|Ooh, anything
    good hiding in there? I always find old movie tickets and random receipts.|A jacket I forgot
    I owned, which honestly felt like shopping for free, so I'm calling it a win.
"""
SMALL_TALK: tuple[tuple[str, ...], ...] = tuple(_split(v) for _, v in _records(_TALK_TABLE))

# Padding never contains a relative time expression (the temporal answers rely on it).
_PHRASE_TABLE = """
near_reactions: Ha, small world! Everyone seems to be doing that lately.|Oh nice, good for them,
    that sounds lovely.|Funny, I was just thinking about that the other day.|Everyone's doing that
    these days, maybe I should too.|Oh wow, tell them I said hi!
greet: Hey {o}, long time no see! How have you been? Things have been hectic on my end.|Hi {o}!
    How's everything going? I feel like so much has happened since we talked.|Good to hear from
    you, {o}! What's new with you?|{o}! It's been a minute. How are you holding up?|Hey {o}! I was
    just thinking about you. How's life?
greet_reply: Hey {o}! Doing well, thanks. It's been a busy couple of weeks, but a good kind of
    busy.|Hi {o}! Pretty good overall, just trying to keep up with everything. How about you?|{o}!
    So good to chat again, I've got a few things to tell you.|Hey {o}, I've been looking forward to
    this! Things are good, mostly.|Hi {o}! I'm hanging in there, honestly a little tired but happy.
close: Anyway, I should get going, but this was so nice. Talk soon, and say hi to everyone for me!|I
    have to run, but this was great. Let's not wait so long next time, okay?|It's getting late
    and I have an early start, so let's catch up again soon, okay?|Okay, dinner's calling. Bye for
    now, and take care of yourself, I mean it!|I need to head out, but thanks for listening, it
    really helped to talk all of this through.
close_reply: Bye {o}! Take care, and keep me posted on everything, I want all the updates.|Talk
    soon, {o}! This was exactly what I needed after the week I've had.|Sounds good, have a great
    night, {o}! Let's do this again soon.|Always a pleasure, {o}. Bye, and good luck with
    everything!|Of course, {o}. Let's talk again soon, okay? I'll miss our chats until then.
news_openers: Guess what!|Oh, I have to tell you something.|You won't believe this.|Okay, some news
    from my end.|So, I've been meaning to tell you.|Big news over here!|Quick update on my
    life.|Oh, before I forget!|Something fun happened.|Can I tell you something that made my day?
answer_openers: Oh, yes!|Ha, funny you should ask.|Good question!|Yeah, actually!|Oh, totally.|
    Yes, and I'm so glad you asked.|Ha, I was hoping you'd ask.|Well, let me tell you.|Oh man,
    where do I start.|Sure thing!
feelings: It honestly made me so happy, and I didn't expect it to mean that much to me.|I feel
    like I'm finally making time for the things that matter.|It's been such a good reminder to slow
    down and enjoy the little moments.|I was nervous at first, but now I'm really glad I went for
    it.|It's funny how the small things end up making the biggest difference.|I've been smiling
    about it ever since, to be honest.|It was a lot of work, but it felt so rewarding in the end.|
    Everyone around me has been super supportive, which helps a ton.|It's given me a lot of energy,
    and I really needed that.|It felt like a little reset after a stressful stretch.|I'm trying to
    be more open to new experiences, and this felt like a step.|Honestly, it made me feel less
    alone in everything.|I wish you could have been there, you would have loved it.|It's one of
    those things that just makes life feel fuller.
support: I love how you always make time for the things that make you happy.|You deserve every bit
    of it, seriously.|That's the kind of thing that makes life feel worthwhile.|Thanks for telling
    me, I love hearing what's going on with you.|You always find the best ways to take care of
    yourself.|It sounds like it came at just the right time for you.|Honestly, I'm a little
    inspired now.|I can totally picture you doing that, it suits you.|I'm always here if you want
    to talk more about it.|That's such a lovely thing to hear, thanks for sharing it with me.
addresses: Wow, {o}!|Oh, {o}!|Ha, {o}!|Aw, {o}.|Oh really, {o}?|Hey, {o}!
how_answers: Honestly, it's been a bit of a learning curve, but I'm getting the hang of it.|Pretty
    well, all things considered! Some days are easier than others.|Pretty good, honestly!|Oh, it's
    going well, slowly but surely.|Better than I expected, to be honest.|Not bad at all, thanks for
    asking.|It's been up and down, but mostly good.|Good! Busy, but good.
what_answers: Oh, a bit of everything, honestly.|Good question, it really depends on the day.|Ha,
    it's hard to pick just one.|Honestly, whatever I can get my hands on.|It changes all the time,
    but I have a few favourites.|Let me think, there's so much to say about that.
yes_answers: Ha, it depends on the week, but mostly yes.|I think so! It's still early, but it feels
    right.|A little, at first. It gets easier every time though.|Yes, and that's honestly my
    favourite part of it.|Kind of! I'm figuring it out as I go, which is half the fun.|Not as much
    as I'd like, but I'm working on it.|Definitely, and I'm so glad about it.|Mostly, yeah.
ask_leads: Oh, by the way,|Wait, I meant to ask,|Speaking of which,|Random question, but|So tell
    me,|Actually, I've been wondering,
ask_comments: I was just thinking about you the other day.|I keep forgetting to ask you this.|Okay,
    I need an update, it feels like forever since we caught up.|You mentioned something about this
    before and I've been curious ever since.|I've been meaning to check in with you about this.|
    Tell me everything, I want the full story.
thread_reactions: That sounds amazing, I'd love to see it sometime!|Oh wow, I love that so much!|
    How fun, I'm a little jealous!|That's so lovely, you always make the most of things.|You never
    stop surprising me!|That's wonderful, what a great idea.
excited: Oh wow, I love hearing this!|No way, that's so exciting!|Ooh, now I'm curious.|Wait, I
    need details!|Aw, that sounds like so much fun!|Okay, you have to tell me everything.
photo_reactions: Oh wow, that's beautiful!|Look at that, it's amazing!|I love it, you should be so
    proud.|That's gorgeous, great job!|Wow, it looks incredible!
event_statements: {Rel}, I {past}! It was so {adj}.|I {past} {rel} and it was {adj}.|I {past}
    {rel}, it was {adj}.|So {rel} I {past}. I'm still thinking about it, it was {adj}.|{Rel} I {past},
    and honestly it was so {adj}.|I {past} {rel}, which was more {adj} than I expected.
event_adjectives: powerful|fun|relaxing|exhausting|amazing|special|chaotic|inspiring|emotional|
    peaceful
hint_reactions: That's really cool.|I love that about you.|You'd be great at that.|Ha, that's so
    you.|Tell me more!|That's such a you thing to do, I love it.
event_reactions: That sounds {adj}! How did it go?|Wow, good for you!|No way! I want to hear
    everything.|I'm so glad you did that.|That must have been {adj}.|Oh, that's wonderful, what was
    the best part?
duration_statements: I've been {g} for {d} now, and I can't imagine stopping.|It's been {d} since
    I started {g}, can you believe it?|I realised I've been {g} for {d} already.|Fun fact: I've
    been {g} for {d}.
duration_questions: How long has {n} been {g}?|For how long has {n} been {g}?
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
activity_questions: What activities does {n} enjoy?|What hobbies has {n} mentioned?|What does {n}
    do to unwind?
trip_statements: I just got back from a trip to {v}!|We spent a long weekend in {v} and the food was
    incredible.|{v} was gorgeous, I took way too many pictures.
trip_reactions: {v}! I'm so jealous.|How was the weather?|That sounds like a dream trip.
trip_questions: Which cities has {n} traveled to?|Where has {n} gone on trips?
common_questions: What hobby do {a} and {b} have in common?|Which activity do both {a} and {b}
    enjoy?
order_questions: Which did {n} do first: {g1} or {g2}?|What happened first for {n}: {g1} or {g2}?
"""
PHRASES: dict[str, tuple[str, ...]] = {k: _split(v) for k, v in _records(_PHRASE_TABLE)}

# Derived views used by the generator.
NEAR_MISS_FACTS: tuple[FactTemplate, ...] = tuple(f for f in FACTS if f.near_miss)
TOPIC_NAMES: tuple[str, ...] = tuple(sorted(TOPICS))
