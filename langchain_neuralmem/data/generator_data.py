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
pet_names: Biscuit|Turnip|Kipper|Mochi|Fennel|Radish|Ziggy|Pumpkin|Waffles|Nala|Cooper|Tofu|Rocket|
    Juniper|Pickles|Bruno|Clementine|Maple|Noodle|Ghost|Sprout|Hazel|Taco|Winston|Peanut|Cleo|
    Dumpling|Marble|Chester|Olive|Moss|Pretzel|Bagel|Parsnip|Willow|Sushi|Nugget|Frodo|Poppy|Domino
cities: Denver|Austin|Portland|Spokane|Boston|Halifax|Atlanta|Phoenix|Tucson|Nashville|Minneapolis|
    San Diego|Sacramento|Pittsburgh|Baltimore|Raleigh|Richmond|Omaha|Albuquerque|Boise|Madison|
    Milwaukee|Savannah|Charleston|Salt Lake City|Tulsa|Orlando|Detroit|Cleveland|Toronto|Vancouver|
    Montreal|Dublin|Bergen|Lisbon|Valencia|Vienna|Prague|Copenhagen|Melbourne|Auckland|Kyoto|Seoul|
    Buenos Aires|Cape Town|Reykjavik|Oslo|Munich|Amsterdam|Florence
jobs: nurse|graphic designer|software engineer|high school teacher|accountant|pastry chef|physical
    therapist|librarian|architect|paramedic|data analyst|veterinary technician|social worker|
    electrician|marketing manager|pharmacist|journalist|dental hygienist|carpenter|translator|park
    ranger|photographer|real estate agent|barista|lab technician|flight attendant|landscape
    gardener|speech therapist|UX researcher|sous chef|museum curator|personal trainer|paralegal|
    florist|civil engineer|radio producer|locksmith|tattoo artist|sommelier|pilot
companies: Brightline Labs|Northwind Logistics|Cedar & Pine Studio|Bluefin Health|Larkspur Robotics|
    Harbor Bank|Summit Outdoor Company|Lumen Media|Greenleaf Foods|Atlas Insurance|Copperfield
    Books|Riverstone Clinic|Nimbus Software|Willow Creek School|Redwood Architects|Polaris Airlines|
    Maple Street Bakery|Ironclad Fitness|Sunset Realty|Quartz Analytics|Beacon Hospital|Meadowlark
    Press|Tidewater Energy|Falcon Games|Juniper Design
hobbies: bookbinding|rock climbing|knitting|birdwatching|salsa dancing|sourdough baking|trail
    running|watercolor painting|woodworking|lacemaking|photography|kayaking|gardening|yoga|
    calligraphy|archery|surfing|embroidery|stand-up comedy|skateboarding|origami|fencing|
    beekeeping|scuba diving|journaling|crochet|bouldering|swimming|ice skating|drawing|cycling|
    tennis|improv theatre|candle making|geocaching
books: Pride and Prejudice|Watership Down|The Wind in the Willows|Cold Comfort Farm|Jane Eyre|
    Beloved|The Night Circus|Anne of Green Gables|The Remains of the Day|Circe|Rebecca|The Secret
    Garden|Frankenstein|Middlemarch|The Book Thief|Emma|The Odyssey|Moby-Dick|A Wrinkle in Time|
    Howl's Moving Castle|The Martian|Station Eleven|Wuthering Heights|Persuasion|The Color Purple|
    Never Let Me Go|Educated|Matilda|Piranesi|Anxious People
cars: Subaru Outback|Honda Civic|Toyota Prius|Ford Mustang|Jeep Wrangler|Mazda Miata|Volkswagen
    Beetle|Tesla Model 3|Kia Soul|Volvo XC60|Mini Cooper|Toyota Tacoma|Honda CR-V|Nissan Leaf|
    Hyundai Kona|Chevy Bolt|Ford F-150|Fiat 500|Audi A4|Dodge Caravan
instruments: oboe|cello|ukulele|double bass|saxophone|trumpet|drums|banjo|flute|bagpipes|harp|
    mandolin|bass guitar|accordion|harmonica|trombone
allergens: peanuts|shellfish|cats|pollen|strawberries|gluten|bee stings|latex|penicillin|sesame|
    kiwi|dust mites|eggs|soy|tree nuts|mold
counts: two|three|four|five
foods: mac and cheese|ramen|cottage pie|lasagna|pho|tacos al pastor|pad thai|shakshuka|butter
    chicken|clam chowder|pierogi|banana bread|grilled cheese|paella|dumplings|mushroom risotto|
    biryani|empanadas|gumbo|falafel|pancakes|chili|sushi rolls|lentil soup|bibimbap|spaghetti
    carbonara|rhubarb crumble|cornbread|tamales|moussaka
sports: volleyball|softball|basketball|soccer|ultimate frisbee|pickleball|hockey|rugby|badminton|
    bowling|kickball|water polo|curling|lacrosse
languages: Spanish|Japanese|Italian|Portuguese|Korean|German|French|Mandarin|Arabic|Greek|Dutch|
    Swedish|Hindi|Turkish|Polish|Vietnamese|Russian|Hebrew|Swahili|Irish
bands: Fleetwood Mac|The Beatles|Radiohead|ABBA|Queen|Coldplay|Arctic Monkeys|The Cure|Florence and
    the Machine|Vampire Weekend|Tame Impala|The Strokes|Talking Heads|Bon Iver|Haim|Paramore|The
    Killers|Muse|Daft Punk|Pearl Jam
movies: The Princess Bride|Spirited Away|Jurassic Park|Amelie|Casablanca|Back to the Future|Little
    Miss Sunshine|Up|Moonlight|Paddington 2|The Grand Budapest Hotel|Arrival|Chicken Run|Hidden
    Figures|Mamma Mia|Titanic|Ratatouille|Lady Bird|Whiplash|The Godfather
fields: biology|art history|mechanical engineering|psychology|economics|chemistry|English
    literature|computer science|philosophy|nursing|marine biology|political science|graphic design|
    music theory|anthropology|architecture|statistics|sociology|linguistics|environmental science|
    journalism|physics|education|film studies|public health
drinks: oat milk latte|cold brew|chai latte|flat white|matcha latte|cortado|hot chocolate|americano|
    mocha|iced caramel macchiato|London fog|cappuccino|espresso tonic|golden milk|peppermint tea
plants: tomatoes|foxgloves|lavender|basil|zucchini|roses|peppers|tulips|raspberries|mint|dahlias|
    pumpkins|hydrangeas|kale|marigolds|blueberry bushes|snap peas|rosemary|lilies|cucumbers
shows: The Great British Bake Off|Stranger Things|Parks and Recreation|Ted Lasso|Gilmore Girls|
    Breaking Bad|Schitt's Creek|The Crown|Abbott Elementary|Planet Earth|Brooklyn Nine-Nine|Fleabag|
    The Mandalorian|Queer Eye|Friends|Doctor Who|Severance|The Bear|Jeopardy|Succession
volunteer_places: wildlife hospital|food bank|public library|children's hospital|community garden|
    hospice|senior center|literacy center|tool library|botanical garden|soup kitchen|
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
dog pets pet_names: My aunt's spaniel had a litter and we kept the runt, we named him {v}! =>
    What did {n} name the runt {pr} kept from the litter?|Our new rescue dog is called {v}, and he's
    the biggest goofball. => What is {n}'s rescue dog called?|{v}, my dog, chewed up my running
    shoes again. => What is the name of the dog that chewed up {n}'s running shoes?
Q: What name did {n} give {poss} four-legged companion?|Who is the furry newcomer in {n}'s home?
A: How's the new puppy settling in? What did you call him?|Is the new dog keeping you up at night?
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
    brother who graduated?|I went sailing with my brother {v} and he fell in the harbour. =>
    Which brother went sailing with {n}?
Q: Who is {n}'s male sibling?|What is the name of {n}'s male sibling?
A: How's your brother doing?|Do you still see your brother much?
R: Ha, good old {v}.|Brothers, honestly.
partner family any: My partner {v} surprised me with dinner tonight. => Who surprised {n} with
    dinner?|{v} and I just celebrated eleven years together. => Who did {n} celebrate eleven years
    together with?|{v}, my partner, is completely obsessed with crosswords. => What is the name
    of {n}'s partner who is obsessed with crosswords?
Q: Who is {n} in a relationship with?|Who is {n}'s significant other?
A: How's your partner doing?|How are things with your other half?
R: {v} is a keeper!|That's so sweet of {v}.
kids family counts: Juggling {v} kids and a job is no joke. => How many kids is {n} juggling
    with a job?|Bedtime with {v} little ones is pure chaos. => How many little ones does {n} put
    to bed?|Every one of my {v} kids has the flu, send help. => How many kids with the flu does
    {n} have?
Q: How many children is {n} raising?|How many offspring does {n} have?
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
    for {n}?|Long drives in my {v} are the best. => What car does {n} take on long drives?
Q: What does {n} drive?|What kind of vehicle does {n} own?
A: Are you still driving that old thing?|Did you ever get a new car?
R: A {v}! Nice choice.|Cars are so expensive these days. // {p} just bought a {v}.
U: I traded in my {old} for a {v}! => What did {n} trade in {poss} {old} for?|Goodbye {old}, hello
    {v}, I picked it up from the dealer today. => What did {n} pick up from the dealer to replace
    the {old}?
C: What does {n} drive now?|What is {n}'s current vehicle?
P: What vehicle did {n} own before the {v}?
instrument music instruments: I've been learning to play the {v}. => What has {n} been
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
    find out {pr} is allergic to?|I have to be careful, I'm allergic to {v}. => What does {n}
    have to be careful about because {pr} is allergic?|My {v} allergy flared up again. => Which
    allergy flared up for {n}?
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
R: Go team!|{v}? What a great way to stay fit. // {p} plays in a {v} league.
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
A: Caught any good films recently?|What's your go-to movie night pick?
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
hobby sport: Which pastimes and sports fill {n}'s week?|What does {n} do for fun and exercise?
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
        past: first-person past-tense clause ("went to a sheepdog trial").
        base: base form for questions, may use ``{poss}``.
        gerund: gerund form for ordering questions, may use ``{poss}``.
    """

    topic: str
    past: str
    base: str
    gerund: str


# topic: past; base; gerund
_EVENT_TABLE = """
life: walked in the village lantern procession; walk in the lantern procession; walking in the
    lantern procession
sports: swam the open-water mile at the reservoir; swim the open-water mile; swimming the
    open-water mile
travel: stayed in a lighthouse keeper's cottage; stay in the lighthouse keeper's cottage; staying
    in the lighthouse keeper's cottage
art: took a bookbinding class; take the bookbinding class; taking the bookbinding class
music: went to a barbershop quartet contest; go to the barbershop quartet contest; going to the
    barbershop quartet contest
family: visited my grandparents; visit {poss} grandparents; visiting {poss} grandparents
travel: visited a lavender farm; visit the lavender farm; visiting the lavender farm
food: made fresh pasta with my neighbour; make fresh pasta with {poss} neighbour; making fresh
    pasta with {poss} neighbour
work: had a job interview at a ferry company; interview at the ferry company; interviewing at the
    ferry company
life: went to a sheepdog trial; go to the sheepdog trial; watching the sheepdog trial
sports: signed up for a lifeguard course; sign up for the lifeguard course; signing up for the
    lifeguard course
family: went to my aunt's retirement party; go to {poss} aunt's retirement party; going to {poss}
    aunt's retirement party
work: ran a stall at the farmers market; run the stall at the farmers market; running the farmers
    market stall
books: started a book club; start the book club; starting the book club
home: reupholstered an old armchair; reupholster the old armchair; reupholstering the old armchair
volunteering: volunteered at a blood drive; volunteer at the blood drive; volunteering at the blood
    drive
life: got my first pair of glasses; get {poss} first pair of glasses; getting {poss} first pair of
    glasses
art: went to a puppet-making workshop; go to the puppet-making workshop; attending the
    puppet-making workshop
hobbies: went to a beekeeping open day; go to the beekeeping open day; attending the beekeeping
    open day
family: went crabbing off the pier with my dad; go crabbing with {poss} dad; crabbing with {poss}
    dad
travel: took the night train to the mountains; take the night train to the mountains; the night
    train to the mountains
books: helped sort donations for the library book sale; help sort the library book sale; sorting
    the library book sale
life: went to a silent disco; go to the silent disco; going to the silent disco
food: took a Thai cooking class; take the Thai cooking class; taking the Thai cooking class
sports: went orienteering in the woods; go orienteering in the woods; orienteering in the woods
games: won the table football tournament at work; win the table football tournament; winning the
    table football tournament
art: went to a quilt show; go to the quilt show; going to the quilt show
cars: passed my driving test; pass {poss} driving test; passing {poss} driving test
health: went on a meditation retreat; go on the meditation retreat; the meditation retreat
family: went to a friend's baby shower; go to the baby shower; going to the baby shower
sports: tried archery for the first time; first try archery; trying archery
music: sang at an open mic night; sing at the open mic night; singing at the open mic
pets: rescued a hedgehog from a storm drain; rescue the hedgehog from the storm drain; rescuing the
    hedgehog from the storm drain
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
marine biology: a whale-watching boat trip // I spent the whole low tide poking around the rock
    pools.|The little tank of shrimp and snails on my desk is my favourite thing I own.|I fell
    asleep reading about how octopuses change colour.|I can name nearly every seaweed on our beach
    by now.
environmental science: a guided tour of a wildlife reserve // I spent the morning at a beach
    cleanup, so much plastic.|I watched a documentary on dying coral reefs and it stuck with me for
    days.|I started composting and tracking all our household waste.|Saving the wetlands near
    town has become my little crusade.
nursing or medicine: a hospital volunteering program // I took a first-aid course and loved every
    minute.|When grandma was in the hospital I was fascinated by what the nurses did.|I've been
    restocking the first-aid kits for our swimming club.|Anatomy videos are my weird guilty
    pleasure.
education or teaching: a volunteer spot at an after-school homework club // I help my neighbour's
    twins with their spelling every Thursday, it's the best part of my week.|Explaining fractions
    to my nephew finally clicked for him!|I love planning games for the little ones at the
    after-school club.|Seeing a kid light up when they get something is the best feeling.
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
    break.|I redesigned the flyers for our neighbourhood fair.|Galleries are my happy place, I could
    stay for hours.|I've been playing with colour palettes for fun.
veterinary medicine: a day at a wildlife rehabilitation centre // I bottle-fed three orphaned lambs
    at my uncle's farm.|I nursed an injured bird back to health.|Animals just trust me, it's a
    thing.|I read everything I can about how horses heal after an injury.
meteorology: a tour of a weather station // I check three different forecast models before I hang
    the laundry out.|I built a rain gauge out of an old bottle and log it every morning.|I can
    name every kind of cloud now, my friends find it hilarious.|Watching a thunderstorm roll in
    over the hills is my idea of a great evening.
architecture: a tour of famous buildings // I could spend hours looking at old buildings downtown.|I
    sketched a floor plan for my dream house.|I built a model of a bridge out of popsicle sticks.|
    Walking tours of historic neighbourhoods are my favourite thing.
geology: a fossil-hunting field trip // I came home from the beach with my pockets full of rocks
    again.|I can tell granite from basalt at a glance now.|I split open a slate on the cliff path
    and found a perfect little fern fossil.|Road cuts on the highway fascinate me, all those layers.
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

    Every occurrence names an object ``{x}`` (what was carved, picked ...) and an
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
woodcarving art carv: {Rel} I carved {x} {y}, and it actually looks like what I had in mind.|I
    finished carving {x} {y} {rel}, my fingers are covered in plasters.|So {rel} I spent the whole
    evening carving {x} {y}.
T: {Rel} I carved something new {y}, have a look!|I finished a little carving {y} {rel}, I'm really
    chuffed with it.
K: Ooh, what did you carve?|Wait, what is that supposed to be?
V: It's {x}! The grain fought me the whole way.|{X}, made out of a scrap of cherry wood.
C: a photo of {x} on a workbench covered in wood shavings|a close-up photo of {x} with a chisel
    beside it
X: a wooden spoon|a walking stick handle|a sleeping cat|a letter opener|a little whale|a bread
    board|a pair of salad servers|a honey dipper|a tiny owl|a door wedge shaped like a mouse
Y: for {my} nephew ~ as a present for {my} sibling's son|at {my} evening woodworking class ~ during
    {my} weekly lessons at the workshop|on the back step ~ sitting outside {my} door|for the craft
    fair ~ to sell at a local makers' stall|as a housewarming gift ~ for someone moving into a new
    place|for {my} grandad ~ as a present for {my} grandfather
L: What did {n} carve {y}?|Which carving did {n} make {y}?
Q: What did {n} whittle {yp}?|What little piece did {n} shape by hand {yp}?
A: What did you end up carving {y}?|Did you ever finish that carving {y}?
W: When did {n} carve {x}?
M: What has {n} carved?|What carvings has {n} made?
N: How many carvings has {n} mentioned finishing?
I: Would {n} likely enjoy a weekend at a woodworking school?|Would {n} like a set of chisels as a
    gift?
D: My coworker {p} carved {x} {y}, it's honestly lovely.|{p} from my book club carved {x}.
preserving food batch_of: {Rel} I made a batch of {x} {y}, and the whole kitchen smelled
    amazing.|I cooked up a batch of {x} {y} {rel}, and every jar sealed on the first try.|So {rel}
    I spent hours stirring a batch of {x} {y}.
T: {Rel} I made a new batch of something {y}, look at all these jars!|I put up a fresh batch of
    preserves {y} {rel}, I'm so proud of the labels.
K: Ooh, what's in the jars?|What flavour is it? I need to know.
V: It's {x}! It took three tries to get it to set.|{X}, and I already gave half of it away.
C: a photo of jars of {x} lined up on a windowsill|a photo of {x} in a jar with a handwritten label
X: plum jam|lemon curd|pickled beetroot|apple chutney|bitter orange marmalade|quince jelly|dill
    pickles|fig relish|blackberry jam|spiced pears
Y: for the school fête ~ to sell at a summer fair for pupils|for {my} aunt's birthday ~ as a gift
    for a relative turning a year older|for the winter ~ to stock {my} shelves for the cold
    months|with {my} roommate ~ alongside the person sharing {my} apartment|for the village swap
    shop ~ to trade at a local exchange table|from {my} allotment harvest ~ using fruit grown on
    {my} rented plot
L: What did {n} make a batch of {y}?|Which preserve did {n} make {y}?
Q: Which homemade condiment did {n} produce {yp}?|What kind of homemade spread did {n} turn out
    {yp}?
A: What did you make {y} in the end?|Did you end up making a batch of something {y}?
W: When did {n} make {x}?
M: What preserves has {n} made?|What has {n} made batches of?
N: How many batches of preserves has {n} mentioned making?
I: Would {n} likely enjoy a pickling workshop?|Would {n} be the one to bring homemade jam to a
    brunch?
D: My neighbour {p} made a batch of {x} {y}, and it was amazing.|{p} at work made a batch of {x}
    {y}.
orchard_days garden orchard: {Rel} I picked {x} at the community orchard {y}, and we filled six
    crates.|I spent the afternoon at the community orchard {y} {rel}, picking {x}.|{Rel} I was up
    a ladder at the community orchard {y}, picking {x}.
T: {Rel} I helped out at the community orchard {y}, look what we picked!|I did a shift at the
    community orchard {y} {rel}, my arms are so sore.
K: Ooh, what were you picking?|What's in the crates?
V: {X}! The branches were absolutely loaded.|It was {x}, and we only just beat the birds to them.
C: a photo of a crate of {x} in the long grass|a photo of {x} in a wicker basket
X: Bramley apples|Conference pears|damsons|quinces|greengages|Victoria plums|medlars|sour
    cherries|russet apples|crab apples
Y: with the Saturday volunteers ~ alongside the regular helpers|with {my} niece ~ together with {my}
    sibling's daughter|for the harvest supper ~ to feed the neighbourhood at an autumn meal|in the
    drizzle ~ while it was lightly raining|before work ~ ahead of {my} office hours|for the cider
    press ~ to be squeezed into juice
L: What did {n} pick at the community orchard {y}?|What fruit did {n} pick {y}?
Q: Which crop did {n} gather {yp}?|What did {n} take down from the boughs {yp}?
A: What were you picking at the orchard {y}?|How was the orchard {y}?
W: When did {n} pick {x}?
M: What has {n} picked at the community orchard?|What fruit has {n} picked?
N: How many orchard shifts has {n} mentioned?
I: Would {n} likely enjoy planting a fruit tree?|Would {n} be glad to help at an apple-pressing
    day?
D: My friend {p} picked {x} at the community orchard {y}.|{p} from work keeps talking about picking
    {x} at the orchard.
choir_singing music choir: {Rel} my choir sang {x} {y}, and I got goosebumps.|We performed {x} with
    my choir {y} {rel}, and nobody missed a cue.|{Rel} my choir finally sang {x} {y}, after so many
    rehearsals.
T: {Rel} my choir had a performance {y}, here's the view from the risers!|I sang with my choir {y}
    {rel}, it went so well.
K: What did you sing?|Ooh, which piece was it?
V: {X}! The harmonies were so tricky.|It was {x}, and the altos absolutely nailed it.
C: a photo of a choir singing {x} in a hall|a photo of a printed score of {x} on a stand
X: a Georgian folk song|a sea shanty|a Welsh lullaby|an Elizabethan madrigal|a barbershop medley|a
    Basque work song|a Finnish winter carol|a Zulu hymn|a Motown medley|a round in four parts
Y: at the town hall ~ in the civic building downtown|at a care home ~ for elderly residents|at the
    harbour festival ~ during a seaside celebration|in a cathedral ~ under a huge vaulted
    ceiling|for a friend's anniversary ~ to celebrate a couple's years together|at the train
    station ~ on the concourse among commuters
L: What did {n}'s choir sing {y}?|Which piece did {n} sing with the choir {y}?
Q: Which tune did {n}'s vocal ensemble present {yp}?|What number did {n} and the other vocalists
    deliver {yp}?
A: What did the choir sing {y}?|How did the choir do {y}?
W: When did {n}'s choir sing {x}?
M: What pieces has {n}'s choir sung?|What has {n} sung with the choir?
N: How many choir performances has {n} mentioned?
I: Would {n} likely enjoy a weekend singing workshop?|Would {n} be happy to sing at a friend's
    party?
D: My cousin {p} sang {x} with a choir {y}.|{p} from my gym performed {x} with the choir {y}.
chess_club games chess: {Rel} I won a chess game with {x} {y}, and I'm still replaying it in my
    head.|I played {x} in a chess game {y} {rel}, and it worked perfectly.|So {rel} I tried {x} in
    a chess match {y}.
T: {Rel} I played a really sharp chess game {y}, look at this position!|I won a long chess game {y}
    {rel}, my brain is fried.
K: Ooh, which opening did you use?|What did you play?
V: {X}! My opponent had clearly never seen it.|It was {x}, I've been studying it for ages.
C: a photo of a chessboard set up for {x}|a photo of a scoresheet with {x} written at the top
X: the Sicilian Defence|the London System|the Queen's Gambit|the Caro-Kann|the King's Indian|the
    Ruy Lopez|the Dutch Defence|the Scandinavian|the English Opening|the Vienna Game
Y: at the library tournament ~ at a competition held among the bookshelves|against {my} old maths
    teacher ~ versus the person who once taught {my} algebra|at the café on the corner ~ over
    coffee down the street|online at midnight ~ over the internet very late|at the club
    championship ~ in the final of a members' contest|against a ten-year-old prodigy ~ versus a
    very young rising star
L: Which opening did {n} play in the chess game {y}?|What chess opening did {n} use {y}?
Q: Which line of moves did {n} rely on {yp}?|What strategy did {n} start with {yp}?
A: Which opening did you play {y}?|How did the chess game go {y}?
W: When did {n} play {x}?
M: Which chess openings has {n} played?|What openings has {n} tried at the chess club?
N: How many chess games has {n} mentioned?
I: Would {n} likely enjoy a chess puzzle book?|Would {n} be up for a strategy game tournament?
D: My friend {p} played {x} {y} and won.|{p} from work swears by {x} in chess.
repair_cafe home repair_café: {Rel} I fixed {x} at the repair café {y}, and it hums like new.|I
    brought {x} to the repair café {y} {rel}, and we got it going again.|So {rel} I spent two
    hours at the repair café {y} fixing {x}.
T: {Rel} I rescued something at the repair café {y}, look how shiny it is!|I had a small triumph at
    the repair café {y} {rel}.
K: What did you fix?|Ooh, what was wrong with it?
V: {X}! It just needed a new fuse and some patience.|It was {x}, and the volunteers taught me every
    step.
C: a photo of {x} on a repair bench with screwdrivers|a photo of {x} with a handwritten 'fixed' tag
X: a wobbly desk lamp|a dead toaster|a cuckoo clock|a torn rucksack|a radio from the seventies|a
    kid's bike with a buckled wheel|a sewing machine|a squeaky office chair|a kettle with a loose
    handle|a vacuum cleaner
Y: for {my} neighbour ~ on behalf of the person next door|at the library branch ~ in a room full of
    public bookshelves|with {my} dad ~ alongside {my} father|for the school ~ on behalf of a local
    classroom|on {my} lunch break ~ during {my} midday pause from the office|before a big storm ~
    just ahead of some wild weather
L: What did {n} fix at the repair café {y}?|What did {n} bring to the repair café {y}?
Q: What faulty item did {n} get running again {yp}?|What did {n} mend {yp}?
A: What did you fix at the repair café {y}?|How did the repair café go {y}?
W: When did {n} fix {x}?
M: What has {n} fixed at the repair café?|What items has {n} repaired?
N: How many repair café visits has {n} mentioned?
I: Would {n} likely enjoy a basic electronics course?|Would {n} be the one friends call when
    something breaks?
D: My neighbour {p} fixed {x} at the repair café {y}.|{p} from school brought {x} to the repair
    café.
photography hobbies photograph: {Rel} I photographed {x} {y}, and I think it's my best shot
    yet.|I got up early and photographed {x} {y} {rel}.|{Rel} I photographed {x} {y}, the light
    was perfect.
T: {Rel} I photographed something amazing {y}, here it is!|I photographed the coolest thing {y}
    {rel}, look!
K: What is that?|Ooh, what did you capture?
V: It's {x}! I waited ages for the right moment.|{X}, I couldn't believe my luck.
C: a photograph of {x}|a close-up photograph of {x}
X: a heron by the river|an old barn in the mist|a kingfisher on a branch|the harbour in the fog|a
    street musician|a neon diner sign|a frosty spider web|a sailboat at dusk|an abandoned
    station|a tram in the snow
Y: for the photo contest ~ for a picture competition|on {my} morning walk ~ while strolling early
    in the day|during a thunderstorm ~ in wild weather|at the farmers market ~ where local growers
    sell produce|from {my} kitchen window ~ without leaving {my} house|on a ferry crossing ~ while
    travelling between islands by boat
L: What did {n} photograph {y}?
Q: What was in the picture {n} took {yp}?|What did {n} capture with a camera {yp}?
A: What did you photograph {y}?|Did you get any good shots {y}?
W: When did {n} photograph {x}?
M: What has {n} photographed?|What subjects has {n} photographed?
N: How many times has {n} mentioned photographing something?
I: Would {n} likely enjoy a wildlife safari?|Would {n} like a new camera for {poss} birthday?
D: My friend {p} photographed {x} {y}.|{p} from the camera club photographed {x} {y}.
stargazing hobbies telescope: {Rel} I spotted {x} through my telescope {y}, and I actually
    gasped.|I finally found {x} with my telescope {y} {rel}.|{Rel} I spent hours at the telescope
    {y} and saw {x}.
T: {Rel} I took my telescope out {y}, look what I saw!|I set up the telescope {y} {rel}, and the
    conditions were perfect.
K: What did you see?|Ooh, what is that?
V: It's {x}! I had to wait ages for the clouds to move.|{X}, clearer than I've ever seen it.
C: a photo of {x} through a telescope eyepiece|a long-exposure photo of {x}
X: Saturn's rings|the Orion Nebula|Jupiter's moons|the Andromeda Galaxy|the craters of the
    Moon|a double star in Cygnus|the Pleiades|Mars|a faint comet|the Ring Nebula
Y: from {my} back yard ~ without leaving home|at the dark-sky park ~ at a reserve without light
    pollution|with {my} astronomy club ~ with fellow amateur astronomers|on a freezing night ~ when
    it was bitterly cold|from the roof of {my} building ~ high up on top of where {my} apartment
    is|with {my} little cousin ~ alongside a young relative
L: What did {n} see through the telescope {y}?|What did {n} spot {y}?
Q: What celestial sight did {n} catch {yp}?|What did {n} make out overhead {yp}?
A: What did you see through the telescope {y}?|Was the sky clear {y}?
W: When did {n} spot {x}?
M: What has {n} seen through the telescope?|What has {n} spotted in the night sky?
N: How many stargazing nights has {n} mentioned?
I: Would {n} likely enjoy a trip to an observatory?|Would {n} like a star chart for {poss}
    birthday?
D: My friend {p} spotted {x} through a telescope {y}.|{p} from the camera club saw {x} {y}.
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
music: restoring an old upright organ|books: learning sign language
health: swimming laps before work|life: keeping a gratitude journal
hobbies: learning to sew {my} own clothes
work: working the night shift|home: saving up for a house|health: cutting out sugar
games: playing in a darts league|life: walking to work every day
sports: coaching a junior hockey team|family: calling {my} grandma every Sunday
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
    photo of a dog asleep on a sofa cushion|a photo of a cat curled up on a knitted blanket|a
    photo of a puppy chewing a rope toy
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
    when I can.|Parking downtown is a nightmare, I circled for twenty minutes once.|Long drives are
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
    clears my head like nothing else. // a photo of a muddy pitch after a match|a photo of a water
    bottle and a towel on a bench
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
    work are amazing. // a photo of volunteers planting saplings along a riverbank|a photo of a
    group in matching t-shirts at a community event
garden: How's the garden?|Growing anything this year? // Do you grow from seed?|How's the soil?|Do
    you have a greenhouse? // Gardening teaches patience, nothing grows faster because you stare
    at it.|The squirrels steal everything, it's an ongoing war.|Fresh produce tastes so much better
    when you grew it yourself.|Getting my hands in the dirt is the most relaxing part of my week.
    // a photo of a vegetable garden with raised beds|a photo of a watering can next to flower pots
games: Playing anything lately?|Still gaming at night? // Is it multiplayer?|What level are you
    on?|Do you play with friends online? // Games are my favourite way to unwind after a long
    day.|One more level, famous words, I stayed up way too late.|I really miss couch co-op games
    with friends.|There's something so satisfying about finally beating a hard boss. // a photo of
    a game controller on a couch|a photo of a deck of cards and a scorepad on a table
art: Working on a new piece?|How's the creative stuff going? // What medium do you use?|Where do you
    get inspiration?|Do you ever sell your work? // Art is so therapeutic, it quiets all the noise
    in my head.|I can barely draw a stick figure, so I'm always amazed by creative people.|Creating
    something with your own hands is the best feeling.|Making things just for fun, without worrying
    if they're good, is so freeing. // a photo of a messy art table with brushes and jars|a photo of
    a sketchbook open on a sunny windowsill
travel: Been anywhere fun?|Any trips planned? // How long were you there?|Was it expensive?|Would
    you go back? // Travel is good for the soul, I always come back with fresh eyes.|Airports are
    exhausting, but the first view of a new place makes up for it.|I really need a vacation, even
    just a few days somewhere quiet.|Exploring a new place always makes me feel like a kid again.
    // a photo of a suitcase by a hotel window|a photo of a mountain view from a trail
life: Anything new with you?|What's been going on? // How are you feeling about it?|Did you go
    alone?|What made you decide to do it? // Life has been a whirlwind, but I'm learning to go with
    it.|It's the little things that keep me going these days.|Growth is hard but so worth it, I'm
    proud of myself lately.|I've been trying to be more present and not rush through everything.
    // a photo of a street lit by paper lanterns|a photo of a cup of coffee on a windowsill
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
talk: Did you see the fog rolling over the hills the other evening? I had to pull over.|Yes! It
    looked unreal, like the town was floating, I took a picture but it didn't do it justice.|Those
    are the best evenings, they make me stop and breathe for a second and forget about my
    to-do list.
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
greet: Hey {o}, it's been ages! How have you been? My weeks have been a whirlwind.|Hi {o}!
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
    I need an update, we haven't properly talked in ages.|You mentioned something about this
    before and I've been curious ever since.|I've been meaning to check in with you about this.|
    Tell me everything, I want the full story.
thread_reactions: That sounds amazing, I'd love to see it sometime!|Oh wow, I love that so much!|
    How fun, I'm a little jealous!|That's so lovely, you always make the most of things.|You never
    stop surprising me!|That's wonderful, what a great idea.
excited: Oh wow, I love hearing this!|No way, that's so exciting!|Ooh, now I'm curious.|Wait, I
    need details!|Aw, that sounds delightful!|Okay, you have to tell me everything.
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
inference_questions: Which subject would suit {n} best at university?|What might {n} like to
    study?|Which line of work would {n} probably be drawn to?
enjoy_questions: Would {n} probably like {x}?|Would {n} be keen on {x}?
pets_questions: Which animals share {n}'s home?|What animals live with {n}?
activity_statements: I tried {v} for the first time and I'm hooked.|Spent the whole afternoon on
    {v}, so relaxing.|Honestly, {v} has become my favourite way to unwind.|I signed up for a {v}
    class at the community center.
activity_reactions: {v}? That's so cool!|I'd love to try that sometime.|Ooh, fun!|You're never
    one to sit still.
activity_questions: Which pastimes does {n} enjoy?|What hobbies has {n} mentioned?|How does {n}
    like to spend free time?
trip_statements: I just got back from a trip to {v}!|We spent a long weekend in {v} and the food was
    incredible.|{v} was gorgeous, I took way too many pictures.
trip_reactions: {v}! I'm so jealous.|How was the weather?|That sounds like a dream trip.
trip_questions: Which places has {n} taken trips to?|Where has {n} gone on trips?
common_questions: What hobby do {a} and {b} have in common?|Which activity do both {a} and {b}
    enjoy?
order_questions: Which did {n} do first: {g1} or {g2}?|What happened first for {n}: {g1} or {g2}?
"""
PHRASES: dict[str, tuple[str, ...]] = {k: _split(v) for k, v in _records(_PHRASE_TABLE)}

# Derived views used by the generator.
NEAR_MISS_FACTS: tuple[FactTemplate, ...] = tuple(f for f in FACTS if f.near_miss)
TOPIC_NAMES: tuple[str, ...] = tuple(sorted(TOPICS))
