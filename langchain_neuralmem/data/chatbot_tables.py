"""Data tables of the user–assistant chatbot transcript generator (:mod:`.chatbot`).

Everything here is constant text, written for this project (none of it comes from
LoCoMo, LongMemEval, BEAM or any other dataset), and the small frozen types it is
parsed into: task domains (projects, user requests, assistant building blocks,
project milestones, recommendations), personal facts said in passing, timed events,
things mentioned across sessions, preferences and standing instructions,
contradictions, and the stock phrases both speakers are stitched from.

Every template belongs to exactly one partition, ``"train"`` or ``"heldout"``:
different domains, different fact templates, different question phrasings and
different glue, so that held-out dialogues are out of distribution.
:func:`group_templates` lists a partition's user-turn, question and assistant
template strings (a test asserts the two partitions share none). Value pools
(names, devices, cities ...) and relative time expressions are values, not
templates; most are shared.

The tables are compact text blocks: a header line (``domain python train``), then
``field: a|b|c`` lines (indented lines continue the previous line; a field may
repeat). Parsing is deterministic and draws no randomness.

Example:
    >>> {d.group for d in DOMAINS} == {"train", "heldout"}
    True
    >>> not group_templates("train") & group_templates("heldout")
    True
"""

from __future__ import annotations

from dataclasses import dataclass

__all__ = [
    "CODE",
    "COLLECTIONS",
    "CONFLICTS",
    "CONTRADICTIONS",
    "DOMAINS",
    "EVENTS",
    "FACTS",
    "GROUPS",
]
__all__ += [
    "NAMES",
    "NAMES_F",
    "NAMES_M",
    "PHRASES",
    "RELATIVE_DAYS",
    "STANDING",
    "Collection",
    "Contradiction",
]
__all__ += ["Domain", "Fact", "Milestone", "Recommendation", "Standing", "TimedEvent"]
__all__ += ["CODE_FILLS", "group_templates", "in_group"]

GROUPS: tuple[str, ...] = ("train", "heldout")


def in_group(group: str, selection: str) -> bool:
    """Whether an entry of partition ``group`` belongs to ``selection`` (or ``"all"``).

    Example:
        >>> in_group("train", "all"), in_group("heldout", "train")
        (True, False)
    """
    return selection in ("all", group)


@dataclass(frozen=True)
class Milestone:
    """A step of a project the user reports when coming back to it.

    Attributes:
        clause: first-person past clause after "I" ("got the CSV import working").
        label: noun phrase for questions and answers ("the CSV import").
        para: a paraphrase of the label for paraphrased questions.
    """

    clause: str
    label: str
    para: str


@dataclass(frozen=True)
class Recommendation:
    """Something the assistant recommends for a project, asked about later.

    Attributes:
        asks: user requests that prompt it (``{project}``).
        said: assistant sentences that state it (``{v}``, ``{project}``).
        pool: the values the assistant may recommend.
        lexical: recall questions reusing the words of ``said`` (``{project}``).
        paraphrased: recall questions in other words (``{project}``).
    """

    asks: tuple[str, ...]
    said: tuple[str, ...]
    pool: tuple[str, ...]
    lexical: tuple[str, ...]
    paraphrased: tuple[str, ...]


@dataclass(frozen=True)
class Domain:
    """A task domain: its projects, user requests and assistant building blocks.

    Attributes:
        key: short name ("python").
        group: partition, "train" or "heldout".
        projects: project names the user returns to ("the inventory script").
        requests: opening requests about a project (``{project}``, ``{term}``).
        followups: follow-up requests within a session (``{term}``).
        terms: domain nouns used by the assistant's generic sentences.
        actions: imperative advice phrases ("pin your dependency versions").
        tips: complete advice sentences.
        table: a markdown table's header, then one value pool per column.
        milestones: project steps, in a plausible order.
        recs: recommendations the assistant can make.
    """

    key: str
    group: str
    projects: tuple[str, ...]
    requests: tuple[str, ...]
    followups: tuple[str, ...]
    terms: tuple[str, ...]
    actions: tuple[str, ...]
    tips: tuple[str, ...]
    table: tuple[tuple[str, ...], ...]
    milestones: tuple[Milestone, ...]
    recs: tuple[Recommendation, ...]


@dataclass(frozen=True)
class Fact:
    """A personal fact the user says in passing, maybe updated later.

    Attributes:
        key: what the fact is about ("device").
        group: partition.
        pool: possible values.
        statements: user sentences stating it (``{v}``).
        lexical: questions reusing the statements' words.
        paraphrased: questions in other words.
        echoes: assistant sentences restating it (``{v}``).
        others: near-miss sentences about someone else (``{p}``, ``{v}``).
        updates: user sentences changing it (``{old}``, ``{v}``); empty = never updated.
        prior: questions about the value before ``{v}``.
    """

    key: str
    group: str
    pool: tuple[str, ...]
    statements: tuple[str, ...]
    lexical: tuple[str, ...]
    paraphrased: tuple[str, ...]
    echoes: tuple[str, ...]
    others: tuple[str, ...]
    updates: tuple[str, ...]
    prior: tuple[str, ...]


@dataclass(frozen=True)
class TimedEvent:
    """Something that happened, or will happen, on a day given relative to the session.

    Attributes:
        key: short name.
        group: partition.
        tense: "past" or "future".
        statements: user sentences (``{when}``/``{When}``, optional people as in ``others``).
        label: noun phrase for "how many days between" questions.
        para: a paraphrase of the label.
        lexical: "when" questions reusing the statements' words.
        paraphrased: "when" questions in other words.
        others: near-miss sentences about someone else (``{when}``; ``{p}`` is anyone,
            ``{sister}``, ``{brother}`` and ``{aunt}`` the user's relatives).
    """

    key: str
    group: str
    tense: str
    statements: tuple[str, ...]
    label: str
    para: str
    lexical: tuple[str, ...]
    paraphrased: tuple[str, ...]
    others: tuple[str, ...]


@dataclass(frozen=True)
class Collection:
    """A kind of thing the user mentions in several sessions (aggregation questions).

    Attributes:
        key: short name.
        group: partition.
        pool: the things.
        mentions: user sentences mentioning one (``{x}``).
        others: near-miss sentences about someone else's (``{p}``, ``{x}``).
        count_lexical: "how many" questions reusing the mentions' words.
        count_paraphrased: "how many" questions in other words.
        list_lexical: "which" questions reusing the mentions' words.
        list_paraphrased: "which" questions in other words.
    """

    key: str
    group: str
    pool: tuple[str, ...]
    mentions: tuple[str, ...]
    others: tuple[str, ...]
    count_lexical: tuple[str, ...]
    count_paraphrased: tuple[str, ...]
    list_lexical: tuple[str, ...]
    list_paraphrased: tuple[str, ...]


@dataclass(frozen=True)
class Standing:
    """A preference or a standing instruction to the assistant.

    Attributes:
        key: what it is about (at most one entry per key in a dialogue).
        group: partition.
        kind: "preference" or "instruction".
        cue: the words that carry it; they occur in every statement and in the answer.
        statements: user sentences stating it.
        lexical: questions reusing some of the statements' words.
        paraphrased: questions in other words.
        answer: the reference answer.
        echoes: assistant sentences honouring it.
    """

    key: str
    group: str
    kind: str
    cue: str
    statements: tuple[str, ...]
    lexical: tuple[str, ...]
    paraphrased: tuple[str, ...]
    answer: str
    echoes: tuple[str, ...]


@dataclass(frozen=True)
class Contradiction:
    """The user says one thing, later the opposite.

    Attributes:
        key: short name.
        group: partition.
        pool: values of ``{x}`` (a single empty string when unused).
        first: the first claim (``{x}``).
        second: the opposite claim, said later (``{x}``).
        lexical: questions reusing the claims' words (``{x}``).
        paraphrased: questions in other words (``{x}``).
        answer: the reference answer, naming both claims (``{x}``).
        cue: a word that occurs in both claims.
    """

    key: str
    group: str
    pool: tuple[str, ...]
    first: tuple[str, ...]
    second: tuple[str, ...]
    lexical: tuple[str, ...]
    paraphrased: tuple[str, ...]
    answer: str
    cue: str


# ---------------------------------------------------------------------------
# Task domains ("domain KEY GROUP" blocks; "rec KEY" blocks attach to domain KEY)
# milestone: clause ~ label ~ paraphrased label
# ---------------------------------------------------------------------------
_DOMAIN_TABLE = """
domain python train
projects: the inventory script|the expense-tracker CLI|the rental-listing scraper|the photo-renaming tool
requests: I'm working on {project} and it crashes with a KeyError whenever a row is missing a field. How do I handle that cleanly?|
    Can you help me restructure {project}? Everything lives in one long file and it's getting hard to follow.|
    How would you add proper logging to {project} instead of all my print statements?|
    {project} gets really slow on big inputs. Where should I start looking for the bottleneck?|
    What's a sensible way to write tests for {project}? I've never really used pytest.|
    I want {project} to read its settings from a config file. What format would you pick and why?|
    How do I package {project} so a friend can install it with pip?|
    Could you explain how {term} would fit into {project}? I keep getting it wrong.
followups: What does {term} actually do under the hood?|Can you show the same thing without {term}?|
    Would {term} be overkill here?|Okay, that ran. How would I test it?|
    Can you walk me through the second step again, more slowly?|
    Could you put all of that into one complete example I can paste?|
    Is there a more readable way to write that last function?
terms: list comprehensions|generators|dataclasses|type hints|the logging module|virtual environments|
    pathlib|context managers|f-strings|custom exceptions|the csv module|argparse|dictionaries|pytest fixtures
actions: create a fresh virtual environment for the project|pin your dependency versions in a requirements file|
    move the parsing code into its own function|add type hints to the public functions|
    write one small test for every bug you fix|replace bare except clauses with specific exceptions|
    use pathlib instead of building paths from strings|log normal progress at INFO and details at DEBUG|
    profile the slow part with cProfile before changing anything|keep configuration out of the code|
    run a formatter on save so style never comes up again|commit after each change that works
tips: Python rewards small functions with clear names far more than clever one-liners.|
    Most slow scripts spend their time in one loop, so measure before you optimise.|
    A dataclass is usually the simplest way to give a bag of values a proper shape.|
    Reading a file line by line keeps memory flat even when the input grows.|
    Tests that run in under a second get run; slow ones quietly get skipped.|
    Catching a specific exception documents exactly which failure you expect.|
    A virtual environment per project saves you from version clashes later.|
    Type hints pay off the moment someone else, or future you, reads the code.
table: Approach|Good for|Trade-off
col: a plain for loop|a generator pipeline|a list comprehension|pandas|a dictionary lookup|a dataclass
col: small inputs|streaming data|quick transformations|tabular analysis|fast membership tests|structured records
col: easy to read but verbose|lazy, so harder to debug|dense when nested|heavy dependency|uses more memory|a little boilerplate
milestone: got the CSV import working ~ the CSV import ~ loading the spreadsheet rows
milestone: swapped all my print calls for proper logging ~ the switch to logging ~ replacing the debug output with log messages
milestone: wrote the first batch of pytest tests ~ the first pytest tests ~ setting up automated checks
milestone: split the code into three modules ~ splitting the code into modules ~ breaking the single file apart
milestone: set up a nightly cron job to run it ~ the nightly cron job ~ scheduling the automatic overnight run

rec python
asks: Which library would you use for the HTTP calls in {project}?|What should {project} use to talk to the web API?
said: For the HTTP side of {project} I'd reach for {v}; it keeps the request code short and readable.|
    My pick for the HTTP calls would be {v}, mostly because its error handling is predictable.
pool: httpx|requests|aiohttp|urllib3
lexical: Which library did you recommend for the HTTP calls in {project}?|What did you say I should use for HTTP in {project}?
paraphrased: What package did you tell me to use for fetching web data in {project}?|
    Which tool did you advise for talking to the web service in {project}?

rec python
asks: How should I store the data for {project}: plain files or a database?|Where should {project} keep its records?
said: For storage in {project}, my recommendation is {v}; it's plenty for this size of data.|
    I'd store the data for {project} in {v} and only revisit that if it becomes a bottleneck.
pool: SQLite|a single JSON file|one CSV file per month|DuckDB|a Parquet file
lexical: How did you recommend storing the data for {project}?|What storage did you suggest for {project}?
paraphrased: Where did you advise me to keep the records of {project}?|What did you say {project} should save its information in?

domain sql train
projects: the sales dashboard queries|the customer database cleanup|the monthly reporting job|the library catalogue database
requests: I need a query for {project} that shows the top ten customers by total spend last quarter. How would you write it?|
    Some queries in {project} take minutes to run. How do I figure out which index is missing?|
    How should I model tags in {project}? Right now they're a comma-separated text column.|
    There are duplicate rows in {project}. What's the safest way to find and remove them?|
    Can you explain when I'd want a LEFT JOIN instead of an INNER JOIN for {project}?|
    How do I write a running total per month for {project}?|
    Is it a bad idea to store dates as text in {project}?
followups: Can you explain what {term} is doing in that query?|Would {term} make this faster?|
    How would that look with a CTE instead?|What happens if one of the values is NULL?|
    Can you rewrite it so it works in SQLite too?|How do I check the query plan for that?
terms: window functions|common table expressions|composite indexes|foreign keys|transactions|the query planner|
    GROUP BY|LEFT JOIN|NULL handling|constraints|views|normalisation|primary keys|EXPLAIN ANALYZE
actions: run EXPLAIN on the slow query first|add an index that matches the WHERE clause|
    wrap the cleanup in a transaction|back up the table before deleting anything|
    count the rows before and after each change|give every table a primary key|
    store dates in a real date column|move repeated values into their own table|
    test the query on a small copy of the data|name your columns so the next person understands them
tips: Most slow queries are missing an index, not a faster server.|
    A LEFT JOIN keeps rows that have no match, which is exactly what you want for "customers with no orders".|
    NULL never equals anything, not even another NULL, so use IS NULL.|
    Window functions let you keep the detail rows while still computing totals.|
    Deleting inside a transaction means one ROLLBACK undoes a mistake.|
    Comma-separated values in a column almost always turn into a junction table later.|
    A CTE makes a long query readable without changing what it does.
table: Clause|What it does|Typical mistake
col: WHERE|GROUP BY|HAVING|ORDER BY|LEFT JOIN|a window function
col: filters rows before grouping|collapses rows into groups|filters groups after grouping|sorts the output|keeps unmatched rows|computes over a set of rows
col: filtering on an aggregate|selecting a non-grouped column|using it instead of WHERE|sorting a huge result|filtering the right table in WHERE|forgetting PARTITION BY
milestone: added the missing index on the orders table ~ the orders index ~ speeding up the order lookups
milestone: moved the tags into their own table ~ the tags table ~ restructuring how labels are stored
milestone: cleaned out the duplicate rows ~ the duplicate cleanup ~ removing the repeated records
milestone: wrote the running-total view ~ the running-total view ~ the cumulative figures query
milestone: scheduled the report to run every Monday ~ the Monday schedule ~ making the weekly run automatic

rec sql
asks: Which database engine would you use for {project} going forward?|Should {project} stay where it is or move to another engine?
said: For {project} I'd go with {v}; it handles this workload without much tuning.|
    Long term, {v} is what I'd pick for {project}.
pool: PostgreSQL|SQLite|MariaDB|DuckDB
lexical: Which database engine did you suggest for {project}?|What engine did you say I should use for {project}?
paraphrased: What did you advise me to run {project} on going forward?|Which system did you think {project} should move to?

rec sql
asks: What's a good tool for looking at the data in {project} without writing queries all day?|
    Is there a nice GUI I could use to browse {project}?
said: For browsing {project} I'd suggest {v}; it's free and it shows query plans nicely.|
    Try {v} for exploring {project}; it's the least fiddly of the options.
pool: DBeaver|Beekeeper Studio|DB Browser for SQLite|pgAdmin|TablePlus
lexical: What tool did you suggest for browsing {project}?|Which GUI did you recommend for {project}?
paraphrased: What program did you tell me to use to look around in {project}?|Which app did you propose for exploring {project} visually?

domain cooking train
projects: the weekly meal plan|the birthday dinner menu|the batch-cooking plan|the holiday dinner menu
requests: Can you help me put together {project} for next week? Nothing too fancy, mostly quick dinners.|
    I'm struggling with {project}; everything ends up tasting the same. What am I doing wrong?|
    I want {project} to use up what's already in the fridge. How would you approach that?|
    What's a good way to plan {project} so I'm not cooking every single night?|
    How do I scale a recipe for {project} from four servings up to ten?|
    Could you explain {term}? It keeps coming up in recipes for {project}.
followups: What can I use instead of {term}?|How long will that keep in the fridge?|
    Can I freeze any of that?|Could you turn that into a shopping list?|
    What if I only have one oven tray?|Is there a faster way to do the second step?
terms: mise en place|a dutch oven|brining|deglazing|resting the dough|proofing|a bench scraper|
    batch cooking|blanching|tempering spices|a digital scale|stock|umami|caramelisation
actions: weigh your flour instead of using cups|read the whole recipe before you start|
    prep every ingredient before the heat goes on|salt in stages rather than all at the end|
    let meat rest before slicing|cook grains in a big batch on Sunday|
    keep a running list of what's in the freezer|taste and adjust acidity at the very end|
    preheat the oven fully|label every container with the date
tips: A hot pan and dry ingredients are the whole secret to browning.|
    Acid at the end, a squeeze of lemon or a splash of vinegar, wakes up a flat dish.|
    Cooked grains and roasted vegetables are the backbone of quick weeknight meals.|
    Most home bread problems come down to under-proofing.|
    Doubling a recipe rarely means doubling the salt and spices, so season gradually.|
    A good knife and a big cutting board speed up prep more than any gadget.
table: Day|Dinner|Prep time
col: Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday
col: lentil soup|tray-baked vegetables with couscous|stir-fried noodles|bean chilli|frittata with salad|homemade pizza|roast with root vegetables|fried rice|chickpea curry
col: 20 minutes|25 minutes|30 minutes|35 minutes|45 minutes|an hour
milestone: wrote out a full shopping list ~ the shopping list ~ listing everything to buy
milestone: cleared out and reorganised the freezer ~ the freezer clear-out ~ tidying up the frozen food
milestone: bought a proper digital scale ~ buying the digital scale ~ getting a kitchen weighing device
milestone: did a full test run with friends ~ the test run with friends ~ trying everything out on some guests
milestone: cooked everything on the plan in one week ~ the first full week of the plan ~ getting through seven days as planned

rec cooking
asks: Any idea for a main dish that fits {project}?|What would you make as the centrepiece for {project}?
said: For {project}, my suggestion for the main would be {v}; it scales well and holds in a low oven.|
    I'd build {project} around {v}; most of it can be made ahead.
pool: a mushroom and barley risotto|a slow-cooked chickpea stew|a whole roasted cauliflower|a lemon herb traybake|a spinach and ricotta lasagne|a miso-glazed aubergine
lexical: What main dish did you suggest for {project}?|What did you say should be the main for {project}?
paraphrased: Which centrepiece meal did you propose for {project}?|What did you think I should cook as the star of {project}?

rec cooking
asks: What dessert would you add to {project}?|Which pudding would round off {project}?
said: To finish {project}, I'd add {v}; it can be made the day before.|
    For dessert in {project}, go with {v}.
pool: a lemon posset|a pear and ginger crumble|a chocolate olive-oil cake|a rhubarb fool|a baked cheesecake|poached peaches with yoghurt
lexical: Which dessert did you suggest for {project}?|What dessert did you say to add to {project}?
paraphrased: What sweet course did you propose to round off {project}?|Which pudding did you advise finishing {project} with?

domain travel train
projects: the Lisbon trip|the Scotland road trip|the Kyoto trip|the Alps hiking week|the Vienna weekend
requests: I'm planning {project} and I'm overwhelmed. Could you help me sketch a rough itinerary?|
    What's the smartest way to get around during {project}? I'd rather not rent a car if I can avoid it.|
    How far in advance should I book things for {project}?|
    Can you help me work out a budget for {project}? Flights are already booked.|
    What should I pack for {project}? I always overpack.|
    Is {term} worth it for {project}?
followups: How much time should I leave for {term}?|What would you cut if I only had two days?|
    Is that doable with a small backpack?|Could you make that a day-by-day table?|
    What's the rainy-day backup?|Any tips for getting from the airport?
terms: a rail pass|travel insurance|a city museum card|carry-on only|an eSIM|shoulder season|
    a guided walking tour|day trips|local buses|an offline map|early check-in|a packing list
actions: book the long-distance trains as soon as they open|keep one day completely unplanned|
    download offline maps before you leave|photograph your passport and booking confirmations|
    pack one outfit fewer than you think you need|check opening days for museums|
    group sights by neighbourhood|carry a small amount of local cash|
    confirm the last train times back|stay somewhere close to a main transport stop
tips: Grouping sights by area saves hours of back-and-forth.|
    Shoulder season usually means fewer crowds and noticeably cheaper rooms.|
    An unplanned afternoon is often the best part of a trip.|
    Trains almost always beat short flights once you count the airport time.|
    Comfortable shoes matter more than any clever packing cube.|
    Booking the first night properly takes most of the stress out of arrival.
table: Day|Morning|Afternoon
col: Day 1|Day 2|Day 3|Day 4|Day 5
col: old town walk|market visit|museum|viewpoint hike|castle tour|slow breakfast and a stroll
col: river cruise|day trip|free time|food tour|beach or park|cooking class
milestone: booked the flights ~ booking the flights ~ getting the plane tickets sorted
milestone: renewed my passport ~ the passport renewal ~ getting new travel documents
milestone: reserved the accommodation ~ reserving the accommodation ~ sorting out where to sleep
milestone: bought travel insurance ~ buying travel insurance ~ getting cover in case something goes wrong
milestone: made a printed copy of the itinerary ~ printing the itinerary ~ putting the plan on paper

rec travel
asks: Where should I stay during {project}?|Which area would you base me in for {project}?
said: For {project} I'd stay in {v}; you can walk to most things and transport is right there.|
    My recommendation for a base during {project} is {v}.
pool: a guesthouse near the old town|an apartment by the main station|a small hotel by the river|a hostel with private rooms|a family-run inn on the edge of town
lexical: Where did you suggest I stay during {project}?|What place to stay did you recommend for {project}?
paraphrased: What lodging did you propose for {project}?|Where did you think I should sleep on {project}?

rec travel
asks: Is there a good day trip I could add to {project}?|What's worth a day trip during {project}?
said: If you add one day trip to {project}, make it {v}; it's an easy train ride and very different from the city.|
    For a day out during {project}, I'd pick {v}.
pool: the coastal village with the cliff path|the lake town with the boat pier|the hilltop monastery|the wine valley|the old mining town|the island reached by ferry
lexical: What day trip did you suggest for {project}?|Which day trip did you recommend on {project}?
paraphrased: What excursion did you propose for {project}?|Where did you think I should go for an outing away from the city on {project}?

domain fitness train
projects: the half-marathon plan|my home strength routine|the cycling base-building block|the couch-to-5k program
requests: Can you help me put together {project}? I can train four days a week.|
    I keep getting sore knees during {project}. Should I change something?|
    How should I balance {project} with a desk job and a long commute?|
    I've plateaued on {project}. What would you adjust first?|
    How do I fit {term} into {project} without overdoing it?|
    What should a deload week look like for {project}?
followups: How many sets of {term} would you do?|What should I eat before a long session?|
    Is it fine to do that on consecutive days?|Could you lay the week out as a table?|
    What if I miss a session?|How do I know if I'm overtraining?
terms: progressive overload|interval runs|a deload week|mobility work|tempo runs|rest days|
    goblet squats|heart-rate zones|a foam roller|cadence|split squats|warm-up drills
actions: increase weekly volume by no more than about ten percent|keep most runs at an easy conversational pace|
    schedule a rest day after the hardest session|log every workout with sets and weights|
    warm up for at least ten minutes|sleep seven hours before long sessions|
    replace worn-out shoes|add one mobility session a week|
    film a set to check your form|stop a set when form breaks down
tips: Consistency over months beats any single perfect week.|
    Most running injuries come from doing too much too soon.|
    Strength work twice a week makes runners noticeably more durable.|
    Easy days should feel almost too easy.|
    Progress is easier to see in a training log than in the mirror.|
    Sleep is the cheapest recovery tool there is.
table: Day|Session|Duration
col: Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday
col: easy run|intervals|strength circuit|rest|tempo run|long run|mobility and stretching|hill repeats
col: 30 minutes|40 minutes|45 minutes|an hour|75 minutes|20 minutes
milestone: finished the first full week of the plan ~ the first full week ~ seven days of sticking to the schedule
milestone: bought proper training kit ~ buying the kit ~ getting decent gear
milestone: finished the first deload week ~ the first deload week ~ my first lighter recovery week
milestone: set a new personal best ~ the new personal best ~ beating my previous record
milestone: signed up for an event to aim at ~ signing up for an event ~ registering for a target competition

rec fitness
asks: What should my long session look like in {project}?|How would you structure the key workout of {project}?
said: For the key session of {project}, I'd do {v}, building a little each week.|
    The backbone of {project} should be {v}.
pool: a 90-minute easy run on Sundays|five sets of five squats|three rounds of hill repeats|a two-hour steady ride|a 30-minute run-walk|an intervals session of six by three minutes
lexical: What long session did you suggest for {project}?|What did you say the key workout of {project} should be?
paraphrased: Which core training session did you propose for {project}?|What main workout did you think {project} needed?

rec fitness
asks: Which app or tool should I use to track {project}?|How should I keep track of {project}?
said: To track {project}, use {v}; the simpler the log, the more likely you'll keep it up.|
    I'd log {project} in {v}.
pool: a paper notebook|a shared spreadsheet|a free running app|a whiteboard on the fridge|the notes app on your phone
lexical: How did you suggest I track {project}?|What did you recommend for tracking {project}?
paraphrased: What did you advise me to keep my records of {project} in?|Where did you think I should log {project}?

domain finance train
projects: the household budget|the emergency fund|my student-loan payoff plan|the house deposit savings
requests: Can you help me set up {project}? Our spending is all over the place.|
    How much should I be putting into {project} each month, realistically?|
    What's the simplest way to track {project} without spending hours on it?|
    I got a bonus. Should it go into {project} or somewhere else?|
    Could you explain {term} and whether it matters for {project}?|
    How do I stop {project} from falling apart every December?
followups: What's a sensible percentage for {term}?|Could you show that as a table?|
    What if my income changes month to month?|Should I pay off the card first?|
    How do I explain this to my partner without a spreadsheet lecture?|What would you automate?
terms: the 50/30/20 rule|sinking funds|compound interest|an index fund|a high-interest savings account|
    the snowball method|the avalanche method|a spending audit|fixed costs|variable costs|an overdraft|a credit score
actions: automate the savings transfer on payday|list every subscription and cancel two|
    keep three months of costs in an easy-access account|pay the highest-interest debt first|
    review spending once a week for ten minutes|give every spare pound a job|
    set up separate pots for irregular costs|check your credit report once a year|
    round down your budget estimates for income|keep receipts for big purchases
tips: Automating savings works because you never see the money.|
    A budget that's too strict gets abandoned; leave room for fun.|
    Irregular costs, like car repairs and birthdays, are what usually break a budget.|
    Paying the highest interest first saves the most money overall.|
    An emergency fund turns a crisis into an inconvenience.|
    Small, regular reviews beat one big annual spreadsheet session.
table: Category|Monthly amount|Notes
col: Rent|Groceries|Transport|Utilities|Savings|Fun money|Subscriptions|Gifts
col: £900|£350|£120|£150|£400|£100|£45|£60
col: fixed|review weekly|season ticket|average over the year|automated on payday|no questions asked|audit quarterly|sinking fund
milestone: set up the automatic transfer on payday ~ the payday transfer ~ making the savings move by itself
milestone: cancelled three subscriptions ~ cancelling the subscriptions ~ cutting the recurring charges
milestone: paid off the credit card ~ paying off the credit card ~ clearing the card balance
milestone: opened a separate savings account ~ opening the savings account ~ getting a dedicated pot for the money
milestone: did a full spending audit ~ the spending audit ~ going through every transaction

rec finance
asks: Where should I keep the money for {project}?|What kind of account suits {project}?
said: For {project}, I'd keep the money in {v}; it's accessible and the rate is decent.|
    My suggestion for {project} is {v}.
pool: an easy-access savings account|a fixed-term savings bond|a cash ISA|a separate current account|a low-cost index fund
lexical: What account did you suggest for {project}?|Where did you say I should keep the money for {project}?
paraphrased: What place did you advise for holding the funds of {project}?|Which type of saving did you propose for {project}?

rec finance
asks: How should I split my income for {project}?|What split would you use to run {project}?
said: For {project}, try {v}; it's easy to remember and adjust later.|
    I'd start {project} with {v}.
pool: a 50/30/20 split|a 60/20/20 split|a zero-based budget|a pay-yourself-first rule of 15 percent|a three-pot system
lexical: What split did you suggest for {project}?|Which income split did you recommend for {project}?
paraphrased: How did you advise me to divide my pay for {project}?|What allocation scheme did you propose for {project}?

domain gardening train
projects: the vegetable beds|the balcony herb garden|the allotment plot|the new fruit trees
requests: I'm starting {project} and I have no idea what to plant first. Could you help?|
    Something is eating the leaves in {project}. How do I figure out what it is?|
    How often should I water {project} in summer?|
    What should I do with {project} before winter?|
    Could you explain {term}? The garden centre guy mentioned it for {project}.|
    How do I improve the soil for {project}? It's heavy clay.
followups: When is the best time for {term}?|Is that safe around pets?|
    Could you make a planting calendar for that?|How deep should that go?|
    What if it rains for a week straight?|Can I do that in containers?
terms: companion planting|mulching|crop rotation|compost|succession sowing|pruning|
    hardening off|slug traps|a soil test|drip irrigation|green manure|deadheading
actions: water deeply and less often|mulch around the base after rain|
    test the soil before adding anything|rotate crops each year|
    harden seedlings off for a week|prune in late winter|
    check under leaves for pests every few days|start a compost heap|
    plant in the evening when it's cooler|label every row when you sow
tips: Deep, infrequent watering builds stronger roots than a daily sprinkle.|
    Mulch keeps moisture in and weeds down at the same time.|
    Most plants die from too much water, not too little.|
    Clay soil is fertile; it just needs organic matter to drain.|
    A notebook of what you planted where saves a lot of guessing next year.|
    Slugs come out at night, so that's when to look for them.
table: Crop|Sow|Harvest
col: lettuce|carrots|beans|courgettes|tomatoes|spinach|radishes|peas
col: March|April|May|late spring|early summer|every three weeks
col: June|July|August|September|six weeks later|all summer
milestone: cleared the weeds and dug over the soil ~ digging over the soil ~ preparing the ground
milestone: started a compost heap ~ the compost heap ~ making my own soil improver
milestone: planted the first young plants out ~ planting out ~ moving the seedlings into the ground
milestone: put up netting against the birds ~ the bird netting ~ protecting the crops from birds
milestone: picked the first harvest ~ the first harvest ~ gathering the first produce

rec gardening
asks: What should I plant first in {project}?|Which crop would you start {project} with?
said: For {project}, start with {v}; it's forgiving and quick, which keeps you motivated.|
    My first pick for {project} would be {v}.
pool: cut-and-come-again lettuce|dwarf french beans|radishes|rainbow chard|cherry tomatoes|flat-leaf parsley
lexical: What did you suggest I plant first in {project}?|Which first crop did you recommend for {project}?
paraphrased: What did you advise me to grow to begin {project}?|Which plant did you propose as a starter for {project}?

rec gardening
asks: What should I feed {project} with?|Which fertiliser would you use on {project}?
said: For {project} I'd use {v}, applied lightly every couple of weeks.|
    Feed {project} with {v}.
pool: a seaweed feed|well-rotted manure|a slow-release organic pellet|comfrey tea|homemade compost
lexical: What fertiliser did you recommend for {project}?|What did you say I should feed {project} with?
paraphrased: Which plant food did you suggest for {project}?|What nourishment did you advise for {project}?

domain language train
projects: my Portuguese lessons|the Japanese kana practice|my German for work|the Italian conversation club
requests: How should I structure {project} if I only have twenty minutes a day?|
    I keep forgetting vocabulary from {project}. What's a better way to review?|
    Could you explain {term}? It's tripping me up in {project}.|
    I freeze whenever I have to speak in {project}. How do I get past that?|
    What should I do to get more listening practice for {project}?|
    Is it worth paying for a tutor for {project}?
followups: Can you give me five example sentences with {term}?|How do I practise that on my own?|
    What's the most common mistake with {term}?|Could you quiz me on that?|
    How long until that becomes automatic?|Can you make a weekly schedule for that?
terms: spaced repetition|the subjunctive|verb conjugation|grammatical gender|shadowing|a language exchange|
    flashcards|listening practice|pitch accent|separable verbs|false friends|sentence mining
actions: review flashcards every single day|learn words in whole sentences|
    shadow a short audio clip each morning|keep a tiny diary in the language|
    speak out loud even when alone|find a language exchange partner|
    watch one show with subtitles in the language|focus on the most common thousand words|
    record yourself and listen back|write down every word you had to look up
tips: Short daily sessions beat long weekly ones for vocabulary.|
    Words stick far better inside a sentence than on their own.|
    Everyone sounds awkward at first; speaking anyway is the whole trick.|
    Listening to the same clip many times is more useful than many clips once.|
    Mistakes in conversation are information, not failure.|
    A tutor is most useful once you have some basics to practise.
table: Day|Activity|Minutes
col: Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday
col: flashcards|shadowing|tutor session|diary entry|podcast listening|grammar drill|language exchange call
col: 10|15|20|25|30|45
milestone: finished the first textbook unit ~ the first textbook unit ~ completing the opening chapter of the course book
milestone: had my first conversation with a native speaker ~ the first native-speaker conversation ~ chatting with someone who grew up speaking it
milestone: passed a hundred days of flashcards in a row ~ the hundred days of flashcards ~ reviewing cards daily for over three months
milestone: booked a weekly tutor ~ booking the tutor ~ arranging regular paid lessons
milestone: watched a whole film without subtitles ~ the film without subtitles ~ following a movie with no captions

rec language
asks: Which app or resource would you use for {project}?|What should I study from for {project}?
said: For {project}, my suggestion is {v}; it fits into short daily sessions.|
    I'd lean on {v} for {project}.
pool: a graded reader series|a free flashcard app|a beginner podcast|a weekly online tutor|a children's TV show in the language
lexical: Which resource did you suggest for {project}?|What did you recommend I study from for {project}?
paraphrased: What learning material did you propose for {project}?|Which study aid did you advise me to use for {project}?

rec language
asks: How many new words a day should I aim for in {project}?|What's a realistic daily vocabulary goal for {project}?
said: For {project}, aim for {v}; more than that and reviews pile up.|
    A good target for {project} is {v}.
pool: five new words a day|ten new words a day|fifteen new words a day|twenty new words a week
lexical: How many new words a day did you suggest for {project}?|What daily word goal did you recommend for {project}?
paraphrased: What vocabulary target did you advise for {project}?|How much new vocabulary did you think I should learn for {project}?

domain music train
projects: my piano practice|the guitar fingerpicking songs|the choir audition piece|my violin lessons
requests: How should I structure {project} so I actually improve instead of just playing what I know?|
    I keep tensing up during {project}. Any tips?|
    Could you explain {term} in simple terms? It came up in {project}.|
    What's a good warm-up routine for {project}?|
    I only have half an hour a day for {project}. How would you split it?|
    How do I get past a tricky passage in {project}?
followups: How slow should I practise {term}?|Is a metronome really necessary?|
    What should I do on days I'm tired?|Could you lay that out as a weekly table?|
    How do I know when to move on?|What's a good piece to try next?
terms: a metronome|scales|sight-reading|chord inversions|dynamics|ear training|
    fingerpicking patterns|breath support|slow practice|chunking|a practice journal|posture
actions: practise the hard bar slowly before the easy ones|use a metronome and raise it gradually|
    record yourself once a week|warm up for five minutes before anything else|
    split a piece into short chunks|end each session with something you enjoy|
    keep a short practice journal|relax your shoulders between phrases|
    sight-read something new each day|take a short break every twenty minutes
tips: Slow, correct repetitions build speed faster than fast, sloppy ones.|
    Recording yourself is humbling but shows exactly what to fix.|
    Tension usually starts in the shoulders and works its way down to the hands.|
    A practice journal turns vague effort into visible progress.|
    Ending on a piece you enjoy keeps you coming back tomorrow.|
    Short daily practice beats one long weekend session.
table: Block|What to do|Minutes
col: Warm-up|Technique|Repertoire|Sight-reading|Ear training|Cool-down
col: scales and arpeggios|the hard passage at half tempo|run the whole piece|a new short piece|interval recognition|play something fun
col: 5|10|15|5|5|5
milestone: played the whole piece through without stopping ~ playing the whole piece through ~ getting from start to finish in one go
milestone: started using a metronome every day ~ the daily metronome ~ practising with a steady click
milestone: recorded myself for the first time ~ the first recording ~ capturing my playing on audio
milestone: learned all the major scales ~ learning the major scales ~ getting every key's basic scale down
milestone: played for a small group of friends ~ playing for friends ~ my first little audience

rec music
asks: What piece should I work on next in {project}?|Any suggestion for the next piece in {project}?
said: For {project}, try {v} next; it stretches you without being discouraging.|
    The next piece I'd give you for {project} is {v}.
pool: a slow waltz in A minor|a simple folk ballad|a short baroque minuet|a blues in E|a pop ballad arrangement|a gentle nocturne
lexical: What piece did you suggest next for {project}?|Which next piece did you recommend in {project}?
paraphrased: What did you propose I learn after that in {project}?|Which song did you think should come next for {project}?

rec music
asks: What gear would you buy first for {project}?|If I buy one thing for {project}, what should it be?
said: For {project}, the first thing I'd buy is {v}.|
    Spend the money for {project} on {v} before anything else.
pool: a decent pair of closed-back headphones|a USB audio interface|a clip-on tuner|an adjustable bench|a foot stool|a music stand
lexical: What gear did you suggest buying first for {project}?|What did you say I should buy first for {project}?
paraphrased: Which piece of equipment did you advise me to get for {project}?|What purchase did you propose first for {project}?

domain jobs train
projects: the job search|my CV rewrite|the product manager applications|the interview prep for the design agency
requests: Can you help me plan {project}? I've been applying for weeks with no replies.|
    Could you look at how I'm approaching {project}? I think my summary is too vague.|
    How do I tailor {project} for roles that are a small step up from my current one?|
    What's a realistic weekly routine for {project} while I'm still working full time?|
    Could you explain {term} and how it fits into {project}?|
    How should I handle the salary question in {project}?
followups: How long should {term} be?|Could you give me an example answer?|
    What should I leave out?|How do I follow up without being pushy?|
    Could you put that in a checklist?|What do recruiters look at first?
terms: the STAR method|a cover letter|keywords from the job ad|a portfolio|informational interviews|
    references|a LinkedIn headline|salary bands|a take-home task|a thank-you email|a skills section|a referral
actions: tailor the top third of your CV to each job ad|quantify at least one result per role|
    send a short thank-you email within a day|track every application in a spreadsheet|
    ask for a referral before applying cold|prepare three stories using the STAR method|
    research the salary range before any call|cut anything older than ten years|
    practise answers out loud|follow up once after a week
tips: Recruiters often skim a CV in seconds, so put the strongest line first.|
    Numbers make achievements concrete and memorable.|
    A referral gets far more attention than a cold application.|
    Most interview questions are variations of a few core stories.|
    A short, specific cover letter beats a long generic one.|
    Tracking applications keeps the process from feeling endless.
table: Stage|Goal|Time per week
col: Research|Tailoring|Networking|Applications|Interview practice|Follow-ups
col: shortlist ten companies|adapt the CV per role|two coffee chats|five targeted applications|three STAR stories|one polite nudge each
col: 1 hour|2 hours|90 minutes|3 hours|an hour|30 minutes
milestone: rewrote the summary at the top of my CV ~ the new CV summary ~ redoing the opening paragraph of my résumé
milestone: had an informational interview with someone in the field ~ the informational interview ~ a coffee chat with a person already doing the job
milestone: got my first callback ~ the first callback ~ hearing back from an employer
milestone: finished a take-home task ~ the take-home task ~ completing the assignment they sent me
milestone: did a mock interview with a friend ~ the mock interview ~ rehearsing questions with a friend

rec jobs
asks: How should I open my CV for {project}?|What should the first line of my profile say for {project}?
said: For {project}, I'd open with {v}; recruiters see it first.|
    Start the profile for {project} with {v}.
pool: a one-line summary with a number in it|your most relevant job title|a short skills headline|a single standout achievement
lexical: How did you suggest I open my CV for {project}?|What opening did you recommend for {project}?
paraphrased: What did you advise me to put at the very top for {project}?|How did you think my profile should start for {project}?

rec jobs
asks: How many applications a week should I send for {project}?|What's a sensible weekly target for {project}?
said: For {project}, aim for {v}; quality matters more than volume.|
    A sustainable pace for {project} is {v}.
pool: five tailored applications a week|three tailored applications a week|eight applications a week|two applications and two coffee chats a week
lexical: How many applications a week did you suggest for {project}?|What weekly target did you recommend for {project}?
paraphrased: What pace did you advise for sending applications in {project}?|How many job bids per week did you think I should make for {project}?
"""
_DOMAIN_TABLE += """
domain shell heldout
projects: the backup script|the log-rotation setup|my dotfiles repo|the server provisioning script
requests: {project} silently does nothing when a folder name has spaces in it. What's going on?|
    How do I make {project} stop on the first error instead of ploughing on?|
    I'd like {project} to run every night at two. What's the cleanest way to schedule it?|
    Can you review how {project} handles arguments? Right now it's a mess of positional parameters.|
    What's the right way to find and delete old files in {project} without nuking something important?|
    Please explain {term} for me, since {project} uses it everywhere.
followups: Why does {term} behave differently in zsh?|What would that look like as a function?|
    How do I dry-run that first?|Is there a way to log what it did?|
    Does that work on macOS as well?|What happens if the disk is full?
terms: set -euo pipefail|quoting variables|cron|systemd timers|find -exec|xargs|rsync flags|
    exit codes|here documents|getopts|trap|symlinks|file permissions|shellcheck
actions: quote every variable expansion|start the script with strict mode|
    run shellcheck before committing|print what will be deleted before deleting it|
    use absolute paths inside cron jobs|send output to a log file with a timestamp|
    test against a throwaway directory first|keep secrets out of the script itself|
    check the exit code of every critical command|prefer rsync over cp for large copies
tips: Unquoted variables are the number one source of shell surprises.|
    Cron runs with an almost empty environment, so spell out every path.|
    A dry-run flag costs five lines and saves a lot of regret.|
    Strict mode turns silent failures into loud, early ones.|
    Shellcheck catches most of the classic mistakes before they bite.|
    When a script passes a hundred lines, it may want to be Python instead.
table: Command|Purpose|Watch out for
col: rsync -a|find -mtime|xargs -0|tar -czf|chmod 600|ln -s
col: mirror a directory|select old files|pass file names safely|bundle a folder|lock a file down|create a link
col: the trailing slash|off-by-one days|names with newlines|absolute paths|locking yourself out|relative targets
milestone: added strict mode to every script ~ adding strict mode ~ making the scripts fail loudly
milestone: moved the schedule from cron to a systemd timer ~ the systemd timer ~ changing how the nightly run is triggered
milestone: got shellcheck passing with zero warnings ~ the clean shellcheck run ~ silencing the linter complaints
milestone: tested a full restore from the backups ~ the test restore ~ proving the copies actually come back
milestone: put the dotfiles under version control ~ versioning the dotfiles ~ tracking my config files in git

rec shell
asks: What should {project} use to copy the files across?|Which tool would you pick to move data in {project}?
said: In {project} I'd copy with {v}; it resumes cleanly and only sends what changed.|
    For the copying in {project}, {v} is the tool I'd trust.
pool: rsync with archive mode|rclone|tar piped over ssh|borg backup|restic
lexical: Which tool did you pick for copying the files in {project}?|What did you trust for the copying in {project}?
paraphrased: How did you tell me to transfer the data for {project}?|What utility did you advise for moving things around in {project}?

rec shell
asks: How often should {project} run?|What schedule makes sense for {project}?
said: I'd schedule {project} {v}; that balances safety and disk usage.|
    Run {project} {v} and keep two weeks of history.
pool: every night at 2 am|twice a day|every Sunday evening|every six hours|hourly during work hours
lexical: What schedule did you give for {project}?|How often did you say {project} should run?
paraphrased: When did you advise me to trigger {project}?|What timing did you propose for {project}?

domain web heldout
projects: my portfolio site|the bakery's ordering page|the club newsletter signup|the recipe blog redesign
requests: The layout of {project} falls apart on phones. Where would you start fixing it?|
    {project} takes ages to load. How do I find out what's heavy?|
    I want a contact form on {project} without running a server. Is that possible?|
    How should I organise the CSS for {project} so it doesn't turn into spaghetti?|
    What's the simplest way to put {project} online with a custom domain?|
    Could you break down {term} and whether {project} needs it?
followups: Does {term} work in older browsers?|Can you show the markup for that?|
    How would a screen reader handle that?|Is there a no-JavaScript version?|
    What would you test on a real phone?|How do I keep that fast?
terms: flexbox|CSS grid|media queries|lazy loading|alt text|a static site generator|
    semantic HTML|a CDN|form validation|web fonts|image compression|accessibility audits|caching headers|responsive images
actions: compress every image before uploading|start the styles from the smallest screen|
    use semantic elements instead of generic divs|add alt text that describes the purpose|
    run a Lighthouse audit after each big change|limit yourself to two font weights|
    keep all colours in CSS custom properties|test with the keyboard only|
    serve the site from a CDN|set sensible cache headers
tips: Images are usually most of a page's weight.|
    Designing for the small screen first makes the large one easy.|
    Semantic HTML is free accessibility.|
    Every third-party script is a performance cost you pay on every visit.|
    A static site is fast, cheap and hard to break.|
    Real phones on slow networks tell you more than a desktop preview ever will.
table: Technique|Helps with|Effort
col: image compression|lazy loading|a CDN|CSS grid|system fonts|static hosting
col: page weight|initial load|global latency|layout|render speed|cost and uptime
col: low|low|medium|medium|low|low
milestone: made the layout work on phones ~ the phone layout fix ~ getting the pages to look right on small screens
milestone: compressed all the images ~ compressing the images ~ shrinking the picture files
milestone: hooked up the custom domain ~ the custom domain ~ pointing my own web address at the site
milestone: added the contact form ~ the contact form ~ letting visitors send me a message
milestone: ran the first accessibility audit ~ the accessibility audit ~ checking the site for users with disabilities

rec web
asks: Where should I host {project}?|Which hosting would suit {project}?
said: I'd host {project} on {v}; the free tier is plenty and deploys are painless.|
    For {project}, {v} is where I'd put it.
pool: a static host with a free tier|GitHub Pages|a small VPS|Netlify|Cloudflare Pages
lexical: Where did you say I should host {project}?|What hosting did you pick for {project}?
paraphrased: Which provider did you advise for putting {project} online?|Where did you think {project} should live on the internet?

rec web
asks: Which font should {project} use?|Any typeface you'd pick for {project}?
said: For {project}, pair {v} for headings with the system font for body text.|
    My typeface pick for {project} is {v}.
pool: a rounded sans-serif|a classic serif|a geometric sans|a slab serif|a humanist sans
lexical: Which font did you pick for {project}?|What typeface did you pair for {project}?
paraphrased: What lettering style did you advise for {project}?|Which type design did you propose for {project}?

domain home heldout
projects: the garden shed|the bathroom cabinet|the hallway repaint|the kitchen shelves|the drafty back door
requests: I'm about to start on {project} and I'm not sure which tools I actually need. Can you help?|
    {project} turned out worse than I hoped. What did I probably get wrong?|
    What order should I do things in for {project}?|
    How much should I budget for {project} if I do it myself?|
    Is {project} something I can do safely on my own?|
    Can you clarify {term}? The hardware shop mentioned it for {project}.
followups: Which screws go with {term}?|Do I need to turn the water off for that?|
    How long should that dry?|What could go wrong with that step?|
    Can I rent that instead of buying it?|What's the tidy way to finish the edges?
terms: wall plugs|a stud finder|primer|a spirit level|silicone sealant|an isolation valve|
    weatherstripping|a mitre saw|sandpaper grit|masking tape|a washer|pilot holes|a cordless drill|filler
actions: turn off the water at the isolation valve|drill a pilot hole first|
    sand between coats of paint|check for pipes and cables before drilling|
    mask the edges before painting|measure twice and cut once|
    let filler dry completely|wear eye protection for cutting|
    keep the receipts for returns|photograph everything before taking it apart
tips: Preparation is most of a good paint job.|
    A stud finder is cheap insurance against hitting a pipe.|
    Most dripping taps just need a new washer or cartridge.|
    Renting a big tool for a day often beats buying one you'll use once.|
    Photos of the before state make reassembly much easier.|
    Sealant needs a clean, dry surface or it peels within weeks.
table: Step|Tool|Time
col: prepare the surface|measure and mark|drill|fix in place|seal|tidy up
col: sandpaper|tape measure|cordless drill|screwdriver|caulking gun|dust sheet
col: 30 minutes|15 minutes|20 minutes|an hour|10 minutes|25 minutes
milestone: bought all the materials ~ buying the materials ~ getting the supplies in
milestone: cleared and measured the space ~ measuring the space ~ sizing up the area
milestone: finished the first half of the job ~ the first half of the job ~ getting halfway through the work
milestone: fixed the mistake from last time ~ fixing the earlier mistake ~ correcting what went wrong before
milestone: tidied up and put the tools away ~ putting the tools away ~ clearing away the equipment

rec home
asks: What paint would you use for {project}?|Which finish should I buy for {project}?
said: For {project} I'd use {v}; it wipes clean and hides small dents.|
    Go for {v} on {project}.
pool: a satin finish paint|a matt emulsion|an eggshell finish|an exterior wood stain|a one-coat paint
lexical: What paint did you say I should use for {project}?|Which finish did you go for on {project}?
paraphrased: Which coating did you advise for {project}?|What did you propose to cover the surfaces of {project} with?

rec home
asks: Which tool should I buy for {project}?|If I buy one tool for {project}, what should it be?
said: For {project}, the tool worth buying is {v}; you'll use it on every job after this one.|
    Buy {v} for {project} and borrow the rest.
pool: a cordless drill with a hammer setting|a decent spirit level|an oscillating multi-tool|a laser measure|a good stud finder
lexical: Which tool did you say was worth buying for {project}?|What tool did you tell me to buy for {project}?
paraphrased: What piece of equipment did you advise getting for {project}?|Which gadget did you propose I purchase for {project}?

domain writing heldout
projects: my short story for the anthology|the grant application|the newsletter for the climbing club|my thesis introduction
requests: Can you read the way I open {project}? I think the first paragraph drags.|
    I'm stuck halfway through {project}. How do I get unstuck?|
    What's a good structure for {project}? I've written it three different ways already.|
    How do I cut {project} down by a third without losing the point?|
    Could you help me find a better title for {project}?|
    I don't really get {term}. Does {project} need it?
followups: Could you show me an example of {term}?|Is the tone too formal now?|
    What would you cut first?|Should the ending come back to the opening image?|
    Can you suggest three alternative first lines?|How do I make the middle less saggy?
terms: active voice|a hook|show don't tell|an outline|the inverted pyramid|a logline|
    topic sentences|a reverse outline|dialogue tags|pacing|a word budget|a style sheet
actions: read the draft aloud|cut the first paragraph and see if it still works|
    write the ending before you revise the middle|set a daily word budget|
    make a reverse outline of what's already written|replace vague verbs with specific ones|
    let the draft rest for a day before editing|ask one trusted reader for one kind of feedback|
    keep a list of cut lines you love|check every paragraph has one job
tips: Most first paragraphs are throat-clearing that the piece doesn't need.|
    Reading aloud catches clunky rhythm the eye skips over.|
    A reverse outline shows you the real structure of a draft.|
    Specific verbs do more work than adjectives ever will.|
    Distance from a draft makes cutting much less painful.|
    Readers forgive a simple structure; they don't forgive confusion.
table: Section|Purpose|Word budget
col: Opening|Context|Main argument|Counterpoint|Example|Conclusion
col: hook the reader|set the scene|make the case|answer objections|make it concrete|land the point
col: 150|200|600|250|300|150
milestone: finished the first full draft ~ the first full draft ~ getting the whole thing written once
milestone: cut the draft down to the word limit ~ the cut to the word limit ~ trimming the text to size
milestone: sent it to a friend for feedback ~ the feedback round ~ getting another reader's opinion
milestone: rewrote the opening ~ the new opening ~ redoing how the piece begins
milestone: submitted the final version ~ the final version going in ~ sending it off for good

rec writing
asks: What should {project} be called?|Do you have a title idea for {project}?
said: For {project}, my title pick is {v}; it's short and hints at the turn in the middle.|
    I'd call {project} {v}.
pool: "Salt and Static"|"The Quiet Ledger"|"Where the Rope Holds"|"Small Hours"|"A Map of Near Misses"|"Second Light"
lexical: Which title did you pick for {project}?|What did you say to call {project}?
paraphrased: What name did you propose for {project}?|How did you suggest I title {project}?

rec writing
asks: How should {project} be structured?|What shape would you give {project}?
said: I'd structure {project} as {v}; it keeps the reader oriented.|
    The structure for {project} should be {v}.
pool: three sections with a short bridge between each|problem, approach, impact|a frame story|a question-and-answer format|a timeline from past to present
lexical: What structure did you say {project} should have?|How did you say to structure {project}?
paraphrased: What shape did you propose for {project}?|How did you advise organising {project}?

domain events heldout
projects: my parents' anniversary party|the team offsite|the neighbourhood street fair|my cousin's baby shower
requests: I've been put in charge of {project} and I don't know where to begin. What comes first?|
    How many weeks ahead should I lock down the venue for {project}?|
    Can you help me draft a rough budget for {project}?|
    What's a good way to collect RSVPs for {project} without chasing everyone?|
    I need some activity ideas for {project} that work for all ages.|
    Walk me through {term} in the context of {project}.
followups: How early should I send {term}?|What's a good backup if it rains?|
    How much food per person is sensible?|Who should I delegate that to?|
    What usually gets forgotten?|Can you make a countdown checklist?
terms: a run sheet|save-the-dates|a deposit|a headcount|dietary requirements|a rain plan|
    a seating chart|a float for the till|volunteer shifts|a venue walk-through|a shared task board|a contingency budget
actions: confirm the headcount two weeks out|put down the venue deposit early|
    collect dietary requirements with the RSVP|keep ten percent of the budget in reserve|
    write a run sheet with times|give every volunteer one clear job|
    visit the venue in person|have a rain plan ready|
    send a reminder three days before|assign someone to take photos
tips: The venue decides the date, the budget and the headcount, so book it first.|
    People answer an RSVP with a deadline far more reliably than one without.|
    A run sheet lets you hand the event over if you get pulled away.|
    Something always goes wrong; a small reserve keeps it from mattering.|
    Delegating one whole task beats sharing out a dozen little ones.|
    Guests remember the atmosphere far longer than the decorations.
table: Weeks before|Task|Owner
col: 12|8|6|4|2|1
col: book the venue|send save-the-dates|order catering|confirm suppliers|final headcount|print the run sheet
col: me|my sister|the committee|the caterer|everyone|a volunteer
milestone: booked the venue ~ booking the venue ~ securing the location
milestone: sent out the invitations ~ sending the invitations ~ getting the invites to the guests
milestone: confirmed the caterer ~ confirming the caterer ~ locking in the food supplier
milestone: made the seating chart ~ the seating chart ~ deciding who sits where
milestone: did a walk-through at the venue ~ the venue walk-through ~ visiting the location to check the layout

rec events
asks: What should we do for food at {project}?|Any catering idea for {project}?
said: For {project}, I'd go with {v}; it's easy to scale and suits most diets.|
    Food-wise, {v} would work well for {project}.
pool: a taco bar|a picnic buffet|a pizza van|afternoon tea|a potluck with a sign-up sheet|a noodle station
lexical: What food did you say to go with for {project}?|What catering idea did you give for {project}?
paraphrased: Which kind of meal did you propose for {project}?|What did you advise serving guests at {project}?

rec events
asks: Which activity would you plan for {project}?|What's one thing guests could do at {project}?
said: The activity I'd plan for {project} is {v}; it gets people mixing without forcing it.|
    Plan {v} for {project}.
pool: a photo booth with props|a quiz in small teams|a memory jar|a short guided walk|a lawn games corner|a group mural
lexical: Which activity did you plan for {project}?|What activity did you say to plan for {project}?
paraphrased: What did you propose to keep guests busy at {project}?|Which pastime did you advise for {project}?

domain health heldout
projects: the shoulder physio plan|my sleep routine|the yearly check-up plan|my allergy season plan
requests: What should I ask at my next appointment about {project}?|
    I keep forgetting {project}. How do I make it a habit?|
    How do I keep track of everything for {project} without a dozen apps?|
    {project} isn't going great. What's a gentle way to restart?|
    Could you help me prepare a short summary for my doctor about {project}?|
    Tell me plainly what {term} means for {project}.
followups: How long does {term} usually take to help?|Should I write that down before the visit?|
    What counts as a warning sign?|Is it normal for that to ache a bit?|
    How would I phrase that to the receptionist?|Could you make a simple tracker for that?
terms: a symptom diary|a specialist referral|range-of-motion exercises|sleep hygiene|a follow-up appointment|
    a prescription refill|an antihistamine|a pain scale|screen-free wind-down|a medication list|a check-up|a pollen forecast
actions: write your questions down before the appointment|keep a short symptom diary|
    set a reminder on your phone|bring a list of current medications|
    do the exercises at the same time each day|stop and ask if something hurts sharply|
    book the follow-up before leaving|keep screens out of the bedroom|
    check the pollen forecast in the morning|note what makes it better or worse
tips: Doctors can only work with what you tell them, so bring notes.|
    Habits stick best when they're attached to something you already do.|
    A symptom diary turns "it's been bad lately" into something useful.|
    Gentle and regular beats intense and occasional for rehab.|
    A consistent wake-up time does more for sleep than an early bedtime.|
    It's always fine to ask a professional to repeat or explain something.
table: Time|Task|Notes
col: Morning|Lunchtime|Afternoon|Evening|Before bed|Weekly
col: shoulder stretches|pollen check|short walk|symptom diary|wind-down routine|refill check
col: 10 minutes|note any pain|outdoors if possible|two lines is enough|no screens|ask the pharmacy
milestone: booked the follow-up appointment ~ booking the follow-up ~ arranging the next visit
milestone: started a symptom diary ~ the symptom diary ~ writing down how I feel each day
milestone: stuck to the plan every day for a week ~ the first full week on the plan ~ seven straight days of sticking with it
milestone: picked up the new prescription ~ collecting the prescription ~ getting the medicine from the pharmacy
milestone: set up reminders on my phone ~ the phone reminders ~ getting my mobile to nudge me

rec health
asks: How should I remind myself about {project}?|What reminder system would work for {project}?
said: For {project}, I'd use {v}; it's hard to ignore and takes seconds.|
    {v} is the reminder I'd set up for {project}.
pool: a sticky note on the bathroom mirror|a daily phone alarm|a habit tracker on the fridge|a pill organiser by the kettle|a calendar alert with a checklist
lexical: How did you say to remind myself about {project}?|What reminder did you set up for {project}?
paraphrased: Which prompt did you advise so I don't forget {project}?|What nudge did you propose for {project}?

rec health
asks: What should I bring to the appointment about {project}?|What's the one thing to take along for {project}?
said: For the visit about {project}, bring {v}; it makes the conversation much faster.|
    Take {v} along for {project}.
pool: a one-page symptom summary|your medication list|a list of three questions|a week of diary notes|photos of the flare-ups
lexical: What did you say to bring to the appointment about {project}?|What did you say to take along for {project}?
paraphrased: Which item did you advise me to carry to the visit for {project}?|What did you propose I have with me for {project}?

domain pets heldout
projects: the puppy training|the puppy's new diet|the puppy-proofing of the flat|the dog-walking routine
requests: {project} is going slower than I hoped. What should I focus on this week?|
    How do I introduce changes for {project} without stressing the dog out?|
    What's a sensible daily routine around {project}?|
    How much should I expect to spend on {project} each month?|
    What signs should I watch for during {project}?|
    In plain words, what's {term} and does it matter for {project}?
followups: How often should I do {term}?|Is that safe for a young dog?|
    What treats work best for that?|When should I call the vet?|
    How long until it settles in?|Could you write that as a daily schedule?
terms: positive reinforcement|crate training|portion control|enrichment toys|a feeding schedule|
    socialisation|nail trimming|recall training|a chew toy rotation|lead training|a puppy pen|house training
actions: keep training sessions under five minutes|change the food gradually over a week|
    reward the behaviour you want straight away|practise recall somewhere quiet first|
    weigh the food rather than guessing|add one new enrichment toy a week|
    book a vet check after any diet change|keep the routine the same every day|
    give a quiet space to retreat to|wash the bedding on a fixed day
tips: Short, frequent training sessions beat long ones for young dogs.|
    Sudden diet changes upset most stomachs, so go slowly.|
    Puppies need far more sleep than most new owners expect.|
    Boredom causes a lot of what looks like bad behaviour.|
    A consistent routine makes a new dog settle faster.|
    Weighing food is the easiest way to keep a pet at a healthy weight.
table: Time|Task|Minutes
col: 7 am|Noon|5 pm|8 pm|Weekly|Monthly
col: breakfast and a short walk|quick training game|dinner|play session|bedding wash|weigh-in
col: 20|5|10|15|30|5
milestone: got the puppy to sit on command ~ the sit command ~ teaching the dog to sit when asked
milestone: finished switching to the new food ~ the food switch ~ moving the dog onto different meals
milestone: had the first vet check-up ~ the first vet check-up ~ the initial visit to the animal doctor
milestone: went a full week without accidents indoors ~ the accident-free week ~ seven days with no messes inside
milestone: did the first off-lead walk ~ the first off-lead walk ~ letting the dog roam free on a walk

rec pets
asks: Which food would you pick for {project}?|What should I feed during {project}?
said: For {project}, I'd choose {v}; it's gentle and easy to portion.|
    {v} is what I'd feed for {project}.
pool: a grain-free wet food|a vet-recommended dry kibble|a puppy formula kibble|a sensitive-stomach formula|a salmon-based kibble
lexical: Which food did you pick for {project}?|What did you say to feed during {project}?
paraphrased: What diet did you advise for {project}?|Which meals did you propose for {project}?

rec pets
asks: Which toy would help with {project}?|Any toy you'd buy for {project}?
said: For {project}, get {v}; it burns energy and builds focus.|
    I'd buy {v} to help with {project}.
pool: a puzzle feeder|a snuffle mat|a chew rope|a tug toy|a treat ball|a squeaky hedgehog
lexical: Which toy did you say would help with {project}?|What toy did you say to buy for {project}?
paraphrased: What plaything did you advise for {project}?|Which gadget did you propose to keep them busy during {project}?
"""


# ---------------------------------------------------------------------------
# Personal facts ("fact KEY GROUP"), said in passing
# ---------------------------------------------------------------------------
_FACT_TABLE = """
fact device train
pool: Raspberry Pi 4 with 4 GB|ThinkPad T480|2019 MacBook Air|Chromebook|Dell XPS 13|second-hand Mac mini|Surface Pro 7|desktop with a Ryzen 5
statements: I'm running all of this on a {v}, by the way.|Just so you know, my machine is a {v}.|
    Oh, and everything runs on my {v}, so nothing too heavy please.
lexical: What am I running all of this on?|What's my machine?
paraphrased: Which computer do I use for my projects?|What hardware do I do my work on?
echoes: Since you're on a {v}, this should run comfortably.|On a {v} this will take a few seconds at most.
others: My colleague {p} just got a {v} and won't stop talking about it.|{p} at work swears by a {v}.
updates: Small update: I replaced the {old} with a {v}.|I've switched machines, by the way: the {old} is gone and I'm on a {v} now.
prior: What machine did I use before the {v}?|What was I running things on before I got the {v}?

fact dog train
pool: Biscuit|Turnip|Kipper|Mochi|Fennel|Radish|Ziggy|Pumpkin|Waffles|Cooper|Tofu|Rocket|Juniper|Pickles|Bruno|Maple|Noodle|Pretzel|Parsnip|Nugget
statements: My dog {v} just knocked my water glass over, so give me a second.|Sorry, I had to take my dog {v} out for a walk.|
    My dog {v} is snoring next to me while I type this.
lexical: What's the name of my dog?|What is my dog's name?
paraphrased: What is my pup called?|What do I call my four-legged companion?
echoes: Hope {v} didn't get into anything!|Give {v} a pat from me.
others: My neighbour's dog {v} barked all night.|{p} just adopted a dog called {v}.
updates:
prior:

fact job train
pool: nurse|civil engineer|primary school teacher|accountant|physiotherapist|UX designer|pharmacist|electrician|librarian|data analyst
statements: I work as a {v}, so my evenings are the only free time I get.|As a {v}, I don't get much time for this during the week.
lexical: What do I work as?|What's my work?
paraphrased: What is my profession?|What do I do for a living?
echoes: Given your work as a {v}, evenings it is.|Fitting this around your shifts as a {v} is the tricky part.
others: My friend {p} is a {v} and hates the hours.|{p}, my flatmate, just qualified as a {v}.
updates: Big news: I left my job and started a new role as a {v}.|I'm not a {old} anymore; I started working as a {v} this month.
prior: What did I work as before becoming a {v}?|What was my job before I became a {v}?

fact city train
pool: Leeds|Porto|Valencia|Ghent|Bristol|Cork|Utrecht|Aarhus|Brno|Graz|Turin|Malmö
statements: I live in {v}, so it rains a lot here anyway.|Here in {v} everything closes early on Sundays, so I plan ahead.
lexical: Which city do I live in?|Where do I live?
paraphrased: Where's home for me these days?|What town am I based in?
echoes: In {v} you'll have plenty of options nearby.|That should be easy to find in {v}.
others: My cousin {p} lives in {v} and loves it.|{p} just moved to {v} for work.
updates: We finally moved, by the way: we're in {v} now, not {old}.|Quick life update: I've moved from {old} to {v}.
prior: Where did I live before {v}?|Which city was I in before moving to {v}?

fact partner train
pool: Dana|Rafael|Mei|Tobias|Ines|Kofi|Marta|Lukas|Aisha|Jonas|Nell|Teodor
statements: My partner {v} thinks I spend far too long on this.|{v}, my partner, is helping me with it this weekend.
lexical: What's my partner's name?|What is the name of my partner?
paraphrased: Who is my significant other?|Who am I in a relationship with?
echoes: Say hi to {v} for me.|Sounds like {v} is a good sounding board.
others: My sister's partner {v} is a chef, so dinners there are intimidating.|{p} keeps bringing their partner {v} to everything.
updates:
prior:

fact database train
pool: PostgreSQL|MySQL|SQLite|SQL Server|MariaDB|Oracle
statements: The database at work is {v}, if that matters.|For context, our database is {v}.
lexical: What's our database at work?|Which database is ours?
paraphrased: Which data store does my workplace run?|What system holds our company's tables?
echoes: Since you're on {v}, the syntax differs slightly.|This works the same way on {v}.
others: {p}'s team is stuck on {v} and hates it.|My old manager {p} insisted on {v} for everything.
updates: Heads up: we switched from {old} to {v} last week.|Our team moved the database over to {v}, so that changes things.
prior: What database did we use before {v}?|Which database were we on before the move to {v}?

fact car train
pool: 2012 Honda Jazz|Skoda Octavia estate|Toyota Yaris hybrid|Renault Zoe|Ford Fiesta|VW Golf|Kia Ceed|Fiat Panda
statements: I drive a {v}, so boot space is limited.|Everything has to fit in my {v}, for what it's worth.
lexical: What car do I drive?|What do I drive?
paraphrased: What's my vehicle?|Which motor do I own?
echoes: That should all fit in the {v}.|With the {v} you'll want to pack flat.
others: My coworker {p} just bought a {v}.|{p} borrowed a neighbour's {v} for the move.
updates: Traded in the {old} for a {v} on Saturday!|I've got a different car now: a {v}.
prior: What did I drive before the {v}?|Which car did I have before the {v}?

fact daughter train
pool: Lily|Ada|Rosie|Elsie|Maya|Nina|Freya|Hana|Zara|Mila|Clara|Iris
statements: My daughter {v} is six and wants to help with everything.|Sorry, my daughter {v} needed help with her homework.
lexical: What's the name of my daughter?|What is my daughter called?
paraphrased: What's my little girl's name?|What do we call our kid?
echoes: Sounds like {v} will be a great helper.|{v} might enjoy helping with this part.
others: My friend {p}'s daughter {v} just started school.|{p} brought their daughter {v} along to the party.
updates:
prior:

fact longest_run train
pool: 8 km|10 km|12 km|14 km|16 km|18 km|21 km
statements: My longest run so far is {v}.|For reference, the furthest run I've done is {v}.
lexical: What's my longest run so far?|What is the furthest run I've done?
paraphrased: What's the greatest distance I've covered on foot in one go?|How far can I go in a single outing, at most?
echoes: Going beyond {v} is very doable with a gradual build.|Since you've already done {v}, the base is there.
others: {p} ran {v} on Sunday, which is annoying.|My running buddy {p} is up to {v} already.
updates: New longest run: {v}! The old best was {old}.|I pushed my longest run to {v} this week.
prior: What was my longest run before I reached {v}?|What was my furthest run before {v}?

fact groceries train
pool: £250|£300|£320|£350|£400|£450
statements: Our monthly grocery budget is {v}, for context.|We try to keep groceries to {v} a month.
lexical: What's our monthly grocery budget?|How much do we keep groceries to each month?
paraphrased: How much do we allow ourselves for food shopping?|What's our limit on supermarket spending?
echoes: With {v} a month for groceries, that's comfortably covered.|That fits inside your {v} grocery budget.
others: My brother {brother} spends {v} a month on groceries, somehow.|{p} says {v} a month is plenty for food.
updates: We've raised the grocery budget to {v} now.|Groceries went from {old} to {v} a month, prices being what they are.
prior: What was our grocery budget before it became {v}?|What did we spend on groceries before the change to {v}?

fact deadline train
pool: Monday|Tuesday|Wednesday|Thursday|Friday
statements: The report for my manager is due {v}, so I'm a bit stressed.|I have to hand in the quarterly report by {v}.
lexical: When is my report due?|When do I have to hand in the quarterly report?
paraphrased: What day do I need to submit that document for my boss?|By which day is my big write-up expected?
echoes: With the report due {v}, let's keep this quick.|That leaves time before {v}.
others: {p}'s report is due {v} too.|My teammate {p} has a deadline on {v}.
updates: Actually, the deadline moved to {v}.|Good news: the report deadline got pushed from {old} to {v}.
prior: When was my report due before it moved to {v}?|What was the report deadline before it became {v}?

fact phone heldout
pool: Pixel 7|iPhone 12 mini|Galaxy A54|Fairphone 4|iPhone SE|Nokia G22|Moto G54
statements: I'm typing this on my {v}, sorry for any typos.|Everything I do happens on a {v}; I barely use a laptop.
lexical: What am I typing on?|Which phone do I do everything on?
paraphrased: What handset do I own?|What mobile device do I carry?
echoes: On a {v}, that setting is under the system menu.|That app runs fine on a {v}.
others: {p} keeps telling me to get a {v}.|My colleague {p} dropped a brand-new {v} in the bath.
updates: My old {old} died, so I'm on a {v} now.|New phone day: I got a {v}.
prior: Which handset did I have before the {v}?|What phone did I use before switching to the {v}?

fact cat heldout
pool: Mochi|Olive|Pepper|Luna|Sprout|Hazel|Miso|Juniper|Ghost|Clementine|Dumpling|Moss|Poppy|Domino|Sushi|Marble
statements: My cat {v} is sitting on the keyboard again.|{v}, my cat, just walked across my notes.
lexical: What's the name of my cat?|Who's the cat sitting on my keyboard?
paraphrased: What is my feline called?|What name does my kitty have?
echoes: Tell {v} the keyboard isn't a bed.|Sounds like {v} wants a break too.
others: My neighbour's cat {v} keeps visiting us.|{p} got a kitten and named it {v}.
updates:
prior:

fact floor heldout
pool: ground|second|third|fourth|fifth|sixth
statements: My flat's on the {v} floor with no lift, so heavy stuff is a pain.|Carrying things up to the {v} floor is the worst part of any project.
lexical: Which floor is my flat on?|What floor do I carry things up to?
paraphrased: How high up do I live?|At what level of the building is my home?
echoes: Up to the {v} floor without a lift, so keep it light.|Worth getting delivery to the {v} floor.
others: {p} from upstairs lives on the {v} floor and hears everything.|My friend {p} just got a place on the {v} floor.
updates: We moved within the building; we're on the {v} floor now.|Moved flats: the {old} floor is history, we're on the {v} now.
prior: Which floor did I live on before the {v}?|What level was my flat on before I moved to the {v} floor?

fact commute heldout
pool: bike|bus|train|tram|ferry|motorbike
statements: I commute by {v}, so I get about forty minutes to think.|My {v} commute is when I read up on this stuff.
lexical: How do I commute?|What's my commute?
paraphrased: How do I get to the office each day?|What transport takes me to work?
echoes: Your {v} commute is a good time for this.|You could review it on the {v}.
others: {p} takes the {v} in every day.|My manager {p} swears by the {v}.
updates: I've switched my commute from the {old} to the {v}.|No more {old} for me: I take the {v} to work now.
prior: How did I get to work before switching to the {v}?|What did I commute by before the {v}?

fact brother heldout
pool: Arlo|Benedek|Caspar|Dmitri|Ewan|Florian|Gideon|Hamish|Idris|Jasper|Kenji|Lorcan
statements: My brother {v} says I'm overthinking this.|I was on the phone with my brother {v} for an hour about it.
lexical: What's my brother's name?|Who's the brother I was on the phone with?
paraphrased: What is my male sibling called?|Who's my sibling, the boy?
echoes: {v} might have a point.|Maybe {v} can lend a hand.
others: {p}'s brother, {v}, does this for a living.|My friend's brother {v} offered to help.
updates:
prior:

fact editor heldout
pool: VS Code|Vim|Emacs|PyCharm|Sublime Text|Neovim|Helix
statements: I do all my editing in {v}, in case that changes anything.|My editor of choice is {v}.
lexical: What's my editor of choice?|Where do I do all my editing?
paraphrased: Which program do I write code in?|What tool do I type my scripts into?
echoes: In {v} there's a shortcut for that.|{v} can run that for you with a plugin.
others: {p} keeps pushing {v} on me.|The new hire {p} uses {v} and nothing else.
updates: I finally left {old} and moved to {v}.|Editor change: it's {v} from now on.
prior: Which editor did I use before {v}?|What did I edit in before moving to {v}?

fact rent heldout
pool: £750|£820|£900|£950|£1,100|£1,250
statements: My rent is {v} a month, which eats most of my pay.|I pay {v} a month for this flat.
lexical: How much is my rent?|What do I pay a month for the flat?
paraphrased: What does my accommodation cost me?|How much goes to my landlord each month?
echoes: With rent at {v}, that's a big chunk.|After the {v} rent, there isn't much slack.
others: {p} pays {v} for a room, which is wild.|My colleague {p}'s rent just hit {v}.
updates: The landlord raised the rent to {v}.|Rent went up from {old} to {v}, ugh.
prior: What was my rent before it went to {v}?|How much did I pay for the flat before the rise to {v}?

fact team heldout
pool: three|four|five|six|eight|ten
statements: I manage a team of {v}, so my calendar is chaos.|With a team of {v} to look after, I'm short on time.
lexical: How big is the team I manage?|What size is my team?
paraphrased: How many people report to me?|How many staff are under me?
echoes: With a team of {v}, delegating is the way.|A team of {v} can split that easily.
others: {p} runs a team of {v} and makes it look easy.|My old boss {p} had {v} people under them.
updates: My team grew to {v} people this month.|We went from {old} to {v} people on the team.
prior: How many people were on my team before it became {v}?|What was my team size before it changed to {v}?
"""


# ---------------------------------------------------------------------------
# Timed events ("event KEY GROUP TENSE"): {when}/{When} is a relative expression
# ---------------------------------------------------------------------------
_EVENT_TABLE = """
event dentist train past
statements: I had my dentist appointment {when}, so I'm still a bit numb.|{When} I finally went to the dentist, and all was fine.
label: my dentist appointment
para: the check-up on my teeth
lexical: When did I have my dentist appointment?|When did I go to the dentist?
paraphrased: On what date were my teeth checked?|What day was my dental visit?
others: My colleague {p} had a dentist appointment {when} too.|{p} went to the dentist {when} and needs a filling.

event flu_shot train past
statements: I got my flu shot {when} and my arm is still sore.|{When} I got the flu shot at the pharmacy.
label: my flu shot
para: the vaccination
lexical: When did I get my flu shot?|When was I at the pharmacy for the flu shot?
paraphrased: What day was I vaccinated?|On which date did I get jabbed?
others: {p} got a flu shot {when} as well.|My mum had her flu shot {when}.

event car_service train past
statements: The car went in for its service {when}, so I'm on foot for now.|{When} I dropped the car off for its service.
label: the car service
para: the garage visit
lexical: When did the car go in for its service?|When did I drop the car off for the service?
paraphrased: On which date was my vehicle at the mechanic?|What day did my motor get looked over?
others: {p}'s car went in for a service {when}.|My neighbour {p} had the car serviced {when}.

event charity_run train past
statements: I ran the charity 10k {when} and my legs are done.|{When} I did the charity 10k with people from work.
label: the charity 10k
para: the fundraising race
lexical: When did I run the charity 10k?|When did I do the charity 10k?
paraphrased: On what date was my fundraising race?|What day did I race for a good cause?
others: {p} ran a charity 10k {when}.|My cousin {p} did a charity run {when}.

event sister_visit train future
statements: My sister {sister} is coming to stay {when}, so I need this sorted before then.|{When} my sister {sister} arrives for a few days.
label: my sister's visit
para: the arrival of my sibling
lexical: When is my sister coming to stay?|When does my sister arrive?
paraphrased: On what date does my sibling get here?|What day is my family member due to visit?
others: {p}'s sister is visiting {when}.|My friend {p} has family arriving {when}.

event interview train future
statements: The job interview is {when}, wish me luck.|{When} I have the job interview, so I'm prepping.
label: my job interview
para: my meeting with the hiring panel
lexical: When is my job interview?|When do I have the job interview?
paraphrased: What date is my hiring meeting?|On which day do I meet the potential employer?
others: {p} has a job interview {when}.|My flatmate {p} has an interview {when}.

event recital train future
statements: My piano recital is {when} and I'm nervous.|{When} is my piano recital, eek.
label: my piano recital
para: my performance on stage
lexical: When is my piano recital?|When do I have my piano recital?
paraphrased: What date do I perform in public?|On which day is my concert appearance?
others: {p}'s recital is {when}.|My teacher {p} is performing {when}.

event plumber heldout past
statements: The plumber finally came {when} and fixed the boiler.|{When} the plumber turned up and sorted the boiler out.
label: the plumber's visit
para: the heating repair
lexical: When did the plumber come to fix the boiler?|When did the plumber sort out the boiler?
paraphrased: On what date was my heating repaired?|Which day did the tradesperson mend my hot water system?
others: {p}'s plumber came {when} and charged a fortune.|My neighbour {p} had the plumber in {when}.

event eye_test heldout past
statements: I had an eye test {when}; turns out I need glasses.|{When} I went for an eye test at the optician.
label: my eye test
para: the vision check
lexical: When did I have my eye test?|When did I go for the eye test?
paraphrased: What day was my vision examined?|On what date did I visit the optician?
others: {p} had an eye test {when}.|My dad got new glasses {when}.

event bike_stolen heldout past
statements: My bike got stolen {when}, right outside the station.|{When} someone stole my bike from the station.
label: my bike getting stolen
para: the theft of my bicycle
lexical: When did my bike get stolen?|When was my bike stolen from the station?
paraphrased: What day was my bicycle taken?|On which date did I lose my two-wheeler to a thief?
others: {p}'s bike got stolen {when} as well.|A bike was stolen from {p}'s garden {when}.

event parents_arrive heldout future
statements: My parents land {when}, so the flat has to be tidy.|{When} my parents fly in for a week.
label: my parents landing
para: the arrival of my mum and dad
lexical: When do my parents land?|When do my parents fly in?
paraphrased: What date do my mum and dad arrive?|On which day do my folks get here?
others: {p}'s parents arrive {when}.|My friend {p} has guests flying in {when}.

event driving_test heldout future
statements: My driving test is {when} and I'm so nervous.|{When} I take my driving test.
label: my driving test
para: my road exam
lexical: When is my driving test?|When do I take my driving test?
paraphrased: On what date is my road exam?|What day will I be examined behind the wheel?
others: {p}'s driving test is {when}.|My cousin {p} takes a driving test {when}.

event meetup_talk heldout future
statements: I'm giving a talk at the local meetup {when}.|{When} I'm presenting at the meetup, slides aren't done.
label: my meetup talk
para: my presentation to the group
lexical: When am I giving my talk at the meetup?|When am I presenting at the meetup?
paraphrased: What date is my presentation?|On which day do I speak in front of the group?
others: {p} is giving a meetup talk {when}.|My colleague {p} presents {when}.
"""

# ---------------------------------------------------------------------------
# Things mentioned across sessions ("collection KEY GROUP")
# ---------------------------------------------------------------------------
_COLLECTION_TABLE = """
collection books train
pool: The Salt Orchard|Glasshouse Winter|Nine Lanterns for Ada|The Paper Harbour|Moths in the Library|The Long Way to Brindle|Copper and Fern|Thursday's Lighthouse|The Tin Violin|A Field Guide to Leaving
mentions: I just finished reading {x} and couldn't put it down.|Finished reading {x} on the train, loved it.
others: My friend {p} just finished {x} and keeps spoiling it.|{p} lent me a copy of {x}, but I haven't started it.
count_lexical: How many books have I told you I finished reading?|How many books have I finished reading, from what I've said?
count_paraphrased: How many novels have I completed, going by our chats?|What number of titles have I got through, according to our conversations?
list_lexical: Which books have I said I finished reading?|What books did I finish reading, according to me?
list_paraphrased: What novels have I completed, going by our chats?|Which titles have I got through, from what I've mentioned?

collection dishes train
pool: shakshuka|mushroom stroganoff|pad see ew|butternut squash soup|falafel wraps|spanakopita|dal makhani|a potato gratin|gnocchi with sage butter|bibimbap
mentions: I cooked {x} for the first time at the weekend.|I cooked {x} for dinner and it turned out great.
others: {p} cooked {x} for us and it was amazing.|My flatmate {p} keeps cooking {x}.
count_lexical: How many dishes have I told you I cooked?|How many dishes did I cook, from what I told you?
count_paraphrased: How many different recipes have I tried out, going by our chats?|What number of meals have I prepared, according to our conversations?
list_lexical: Which dishes have I told you I cooked?|What dishes did I cook, from what I told you?
list_paraphrased: What meals have I made, based on our chats?|Which recipes have I tried out, going by what I mentioned?

collection concerts train
pool: the Velvet Tides|Marigold Static|the Lantern Choir|Paper Comets|the Quiet Engines|Fox and Harbour|the Saltmarsh Quartet|Neon Orchard
mentions: I went to see {x} live and my ears are still ringing.|I caught {x} live in concert, what a night.
others: {p} saw {x} live and didn't invite me.|My brother {brother} has tickets to see {x} live.
count_lexical: How many bands have I told you I saw live?|How many bands did I see live, from what I told you?
count_paraphrased: How many gigs have I been to, going by our chats?|What number of acts have I watched perform, according to our conversations?
list_lexical: Which bands have I seen live?|What bands did I tell you I saw live?
list_paraphrased: What acts have I watched on stage, from what I've said?|Which groups have I gone to hear perform?

collection films heldout
pool: Harbour Lights at Noon|The Ninth Staircase|Lemon Season|A Door in the Dunes|Static Bloom|The Borrowed Summer|Iron Kites|Midnight Allotment
mentions: Watched {x} last night and I'm still thinking about it.|We finally watched {x} at the cinema.
others: {p} watched {x} and hated it.|My aunt {aunt} recommends {x} to everyone.
count_lexical: How many films have I said I watched?|How many films did I mention watching?
count_paraphrased: How many movies have I seen, going by what I've told you?|What number of pictures have I caught at the cinema or at home, per our talks?
list_lexical: Which films have I said I watched?|What films did I mention watching?
list_paraphrased: What movies have I mentioned seeing?|Which pictures have I told you I saw?

collection plants heldout
pool: monstera|snake plant|pothos|fiddle-leaf fig|calathea|peace lily|string of pearls|spider plant
mentions: I bought a {x} today, because apparently I need more plants.|Picked up a {x} at the market; the flat is becoming a jungle.
others: {p} gave away a {x} and I nearly took it.|My colleague {p} has a giant {x} on the desk next to mine.
count_lexical: How many plants have I said I bought?|How many plants did I tell you I picked up?
count_paraphrased: How many bits of greenery have I added to my home, going by our talks?|What number of leafy things have I brought home, per what I said?
list_lexical: Which plants have I said I bought?|What plants did I tell you I picked up?
list_paraphrased: What greenery have I brought home, going by our talks?|Which leafy things have I added to the flat, per what I said?

collection board_games heldout
pool: Harbourmaster|Copper Crowns|Tiny Orchards|Lighthouse Keepers|Moonlit Market|Barons of Nowhere|Kettle and Quill|Seven Bridges
mentions: We played {x} at games night and I actually won.|Tried {x} with friends on Friday; great fun.
others: {p} bought {x} but never plays it.|My friend {p} is obsessed with {x}.
count_lexical: How many board games have I said we played?|How many games did I say we played or tried?
count_paraphrased: How many tabletop titles have I mentioned trying, going by our talks?|What number of games-night titles have come up when I talked to you?
list_lexical: Which board games have I said we played?|What games did I say we played or tried?
list_paraphrased: What tabletop titles have I mentioned trying?|Which games-night titles have come up when I talked to you?
"""

# ---------------------------------------------------------------------------
# Preferences and standing instructions ("preference|instruction KEY GROUP")
# ---------------------------------------------------------------------------
_STANDING_TABLE = """
preference diet train
cue: vegetarian
statements: I'm vegetarian, so no meat in any dinner ideas, please.|Just so you know, I'm vegetarian and have been for years.
lexical: Any dinner ideas for Saturday?|What dinner would you suggest for tonight?
paraphrased: What should I make for a weeknight meal?|Can you think of something to cook when friends come round?
answer: Something vegetarian with no meat, for example a bean chilli or a vegetable curry.
echoes: Everything here is vegetarian, as you asked.|Keeping it vegetarian, of course.

preference diet train
cue: pork
statements: I don't eat pork, just so you know.|Quick note: no pork for me, ever.
lexical: What could I eat for lunch tomorrow?|What should I eat at the barbecue on Sunday?
paraphrased: Suggest a lunch for tomorrow.|What should I pick up for a picnic?
answer: Something without pork, for example a chicken or chickpea wrap.
echoes: None of this uses pork.|I've left pork out of everything.

preference training_time train
cue: evening
statements: I can only train in the evening; mornings are impossible for me.|Evening workouts only, please; I'm useless before nine.
lexical: When should I schedule my workouts?|Which part of the day should I train?
paraphrased: What time of day suits my exercise sessions?|When would you put my runs in the day?
answer: In the evening, since mornings don't work for you.
echoes: I've put every session in the evening.|All of these slot into your evenings.

preference seat train
cue: aisle seat
statements: I always want an aisle seat on flights; I get restless.|On flights I need an aisle seat, just so you know.
lexical: Which seat should I pick on my flights?|What seat should I book?
paraphrased: Where should I sit on the plane?|What should I choose at online check-in?
answer: An aisle seat, since you get restless.
echoes: Remember to grab an aisle seat when you check in.|Book an aisle seat while you're at it.

preference spice train
cue: spicy
statements: I can't handle spicy food at all.|Nothing spicy for me, please; my stomach hates it.
lexical: What food should I order at the restaurant tonight?|What should I cook for me tonight? Nothing fancy.
paraphrased: What's a good takeaway order for me?|What would you get me from the night market?
answer: Something mild and not spicy, for example a lemon and herb dish.
echoes: None of this is spicy.|I've kept everything mild, not spicy.

preference transport train
cue: train
statements: I'd rather take the train than fly whenever I can.|Given the choice, I'll always take the train over a plane.
lexical: What's the best way for me to get to Amsterdam?|How should I get to the conference in Paris?
paraphrased: How should I travel to my cousin's place in Munich?|What's my best option for reaching Brussels next month?
answer: By train, since you prefer trains to flying.
echoes: I've assumed you'll go by train.|All of this works by train.

instruction units train
cue: metric
statements: Always give me metric units, please.|Use metric units with me; I never remember what a cup is.
lexical: What units should you give me measurements in?|Which units should you use with me?
paraphrased: How should you express quantities for me?|What system of measures do I want in your answers?
answer: Metric units.
echoes: All quantities are metric, as you asked.|Everything is in metric.

instruction format train
cue: bullet points
statements: Keep answers short and use bullet points, please.|From now on, short answers with bullet points, if you can.
lexical: How should you format your answers to me?|What should your answers to me look like?
paraphrased: What style do I want your replies in?|How do I like responses laid out?
answer: Short, in bullet points.
echoes: Bullet points, as you prefer:|In bullet points:

instruction type_hints train
cue: type hints
statements: Whenever you send me Python code, include type hints.|Please always add type hints to any code you send me.
lexical: What should any code you send me include?|What should you always add to code you send me?
paraphrased: Is there anything you must put in programs you write for me?|What do I expect in every snippet from you?
answer: Type hints.
echoes: I've added type hints, as you asked.|Type hints included.

instruction level train
cue: beginner
statements: Explain things like I'm a beginner; I'm new to most of this.|Assume I'm a beginner, please.
lexical: How should you explain things to me?|At what level should you explain things?
paraphrased: What level should your explanations be pitched at?|How much background knowledge should you assume I have?
answer: As if to a beginner.
echoes: Explaining it from the beginner level, as you asked.|Beginner-friendly version:

instruction spelling train
cue: British spelling
statements: Use British spelling in anything you write for me.|Please stick to British spelling; it's for work.
lexical: What spelling should you use in anything you write for me?|Which spelling should you stick to?
paraphrased: Which variety of English should your text follow?|How should words like colour and organise be written for me?
answer: British spelling.
echoes: British spelling throughout.|Written with British spelling.

preference allergy heldout
cue: nuts
statements: I'm allergic to nuts, so please keep them out of any recipe.|Nuts are a no-go for me; allergy.
lexical: Can you suggest a recipe for a dessert?|What recipe should I try this weekend?
paraphrased: What should I bake for the office?|What sweet treat could I make on Sunday?
answer: A dessert without nuts, for example a lemon drizzle cake.
echoes: No nuts anywhere in this.|This is nut-free.

preference software heldout
cue: open-source
statements: I only use free, open-source software where I can.|Open-source tools only for me, please.
lexical: Which software should I use to edit my photos?|What tools should I use for a podcast?
paraphrased: What program would you suggest for making a slideshow?|Which app would you pick for editing a video?
answer: A free, open-source option, for example GIMP for photos.
echoes: Everything listed is open-source.|These are all free and open-source.

preference heights heldout
cue: heights
statements: I'm scared of heights, so no glass lifts or rooftop anything.|Heights terrify me, honestly.
lexical: Can you suggest a place for drinks after work?|Any place to go for the view on Friday?
paraphrased: Where should we go out on Friday?|What's a good spot to celebrate a promotion?
answer: Somewhere at ground level, nothing high up, since heights scare you.
echoes: Nothing high up, given the heights thing.|All at ground level, no heights.

preference early heldout
cue: before 10
statements: I'm a night owl: never book anything before 10 am for me.|Please, nothing before 10 in the morning.
lexical: What time should I book my next appointment?|When should I book the haircut?
paraphrased: When should I schedule the meeting with the bank?|What slot should I grab for the vet?
answer: After 10 am, since you don't want anything before 10.
echoes: Nothing before 10, as usual.|I've kept it after 10, not before 10.

preference quiet heldout
cue: quiet
statements: I prefer quiet places; loud bars wear me out.|Somewhere quiet is always my preference.
lexical: Where should I take a friend for a catch-up?|Which places should I pick for a date?
paraphrased: Any spot for a Thursday evening meet-up?|Where could my book group meet?
answer: A quiet place, for example a small café or a tea room.
echoes: All of these are quiet.|Picked quiet options only.

instruction emoji heldout
cue: emojis
statements: Please never use emojis when you reply to me.|No emojis in your replies; they drive me nuts.
lexical: Should you use emojis when you reply to me?|Are emojis okay in your replies?
paraphrased: Are little pictures fine in your messages to me?|Can you decorate your messages with icons?
answer: No emojis.
echoes: No emojis, as agreed.|(No emojis, promise.)

instruction summary heldout
cue: summary
statements: Put a one-line summary at the top of every answer.|Always start with a one-line summary, then the details.
lexical: What should be at the top of every answer you give me?|How should every answer start?
paraphrased: How should your responses to me begin?|What comes first in your messages to me?
answer: A one-line summary.
echoes: One-line summary first, as you asked:|Summary up top:

instruction clock heldout
cue: 24-hour
statements: Use 24-hour time with me, not am and pm.|Please write times in 24-hour format.
lexical: How should you write times for me?|What format should times be in?
paraphrased: What clock format do I want?|How do I want hours of the day shown?
answer: In 24-hour time.
echoes: Times are in 24-hour format.|24-hour times, as requested.

instruction dates heldout
cue: YYYY-MM-DD
statements: Write dates as YYYY-MM-DD for me, please.|I need all dates in YYYY-MM-DD format.
lexical: How should you write dates for me?|What format should dates be in?
paraphrased: What date style should you use in my replies?|How do I like calendar days written?
answer: As YYYY-MM-DD.
echoes: Dates are in YYYY-MM-DD, as you asked.|YYYY-MM-DD dates throughout.

instruction sources heldout
cue: sources
statements: Please mention your sources when you state facts.|I'd like sources for any facts you give me.
lexical: What should you mention when you state facts?|What should facts you give me come with?
paraphrased: What do I expect alongside factual claims?|What should back up your claims to me?
answer: Sources.
echoes: Sources are noted at the end.|I've listed sources, as you like.
"""

# ---------------------------------------------------------------------------
# Contradictions ("contradiction KEY GROUP"); cue {x} means the value itself
# ---------------------------------------------------------------------------
_CONTRADICTION_TABLE = """
contradiction country train
pool: Japan|Iceland|Mexico|Morocco|Norway|Peru|Vietnam|Canada
cue: {x}
first: I've never been to {x}, believe it or not.|{x} is one place I've never visited.
second: When I was in {x} a few years ago, the trains were spotless.|Back when I visited {x}, I ate incredibly well.
lexical: Have I ever been to {x}?|Have I visited {x}?
paraphrased: Have I travelled to {x} before?|Do I know {x} from a trip?
answer: It's contradictory: you said you had never been to {x}, but later talked about a trip to {x}.

contradiction coffee train
pool: 
cue: coffee
first: I don't drink coffee at all, never liked it.|Coffee's not for me; I never touch it.
second: I'm on my third coffee today, so I'm wired.|Let me grab a coffee first; I'm useless without one.
lexical: Do I drink coffee?|Do I like coffee?
paraphrased: Am I a caffeine person?|Is a morning espresso part of my routine?
answer: Unclear: you said you don't drink coffee, but later mentioned having coffee.

contradiction swim train
pool: 
cue: swim
first: I can't swim; I never learned.|Swimming is one thing I never learned to do.
second: I went for a swim at the lido this morning.|I did a long swim in the lake at the weekend.
lexical: Can I swim?|Did I ever learn to swim?
paraphrased: Am I able to get around in water?|Would I be safe in the deep end of a pool?
answer: Contradictory: you said you can't swim, but later mentioned going for a swim.

contradiction skiing train
pool: 
cue: skiing
first: I've never been skiing in my life.|Skiing is something I've never tried.
second: The last time I went skiing I twisted my knee.|I went skiing every winter as a teenager.
lexical: Have I ever been skiing?|Have I tried skiing?
paraphrased: Do I have experience on the slopes?|Have I been down a mountain on two planks?
answer: It's contradictory: you said you had never been skiing, but later described going skiing.

contradiction abroad heldout
pool: Spain|Poland|Germany|Ireland|Greece|Australia|Chile|Korea
cue: lived abroad
first: I've never lived abroad; I've always been here.|Honestly, I've never lived abroad, not even for a summer.
second: When I lived abroad in {x}, I picked up the language fast.|Back when I lived abroad in {x}, I cooked every night.
lexical: Have I ever lived abroad?|Did I live abroad at some point?
paraphrased: Have I made a home in another country?|Have I spent a stretch residing outside my homeland?
answer: Contradictory: you said you never lived abroad, but later mentioned living in {x}.

contradiction car heldout
pool: 
cue: car
first: I don't own a car; I get around without one.|No car for me, never had one.
second: My car's in the garage again, so I'm stuck.|I'll drive over in my car on Saturday.
lexical: Do I own a car?|Do I have a car?
paraphrased: Is there a vehicle of mine?|Have I got my own wheels?
answer: It's contradictory: you said you don't own a car, but later mentioned your car.

contradiction marathon heldout
pool: 
cue: marathon
first: I've never run a marathon and never will.|A marathon? Never done one.
second: My marathon last spring took me just under four hours.|After my first marathon I couldn't walk for days.
lexical: Have I ever run a marathon?|Have I done a marathon?
paraphrased: Have I completed a 42-kilometre race?|Have I gone the full long-distance race?
answer: Unclear: you said you have never run a marathon, but later talked about your marathon.

contradiction social heldout
pool: 
cue: social media
first: I'm not on social media at all.|I deleted all my social media years ago.
second: I posted the photos on social media and got loads of likes.|I saw it on social media this morning.
lexical: Am I on social media?|Do I use social media?
paraphrased: Do I use online networks like that?|Do I share my life on those apps?
answer: Contradictory: you said you aren't on social media, but later mentioned posting and browsing there.
"""


# ---------------------------------------------------------------------------
# Stock phrases, one block per partition ("phrases GROUP")
# ---------------------------------------------------------------------------
_PHRASE_TABLE = """
phrases train
open_new: Hi!|Hey there.|Hello!|Morning!|Hi, quick one.|Hey, hope you can help.
open_back: Hi again!|Back again.|Hey, me again.|Hello again!|Right, back to it.
milestone: Progress on {project}: I {m}.|Small win with {project}: I {m}.|Update on {project}: I {m}.|
    So, {project}: I {m}.
resume: Anyway, back to {project}.|Okay, returning to {project}.|Where was I? Right, {project}.
switch: Totally unrelated, but I have another question.|Different topic for a second.|
    Before I forget, something else.
acks: Thanks, that worked.|Perfect, that's what I needed.|Okay, got it.|Nice, that makes sense.|
    Great, thank you.|Huh, I didn't know that.
last: Last thing for today.|One more and then I'll stop bugging you.|Final question for now.
details: For context, I'm fairly new to all of this.|I've read a few guides but they all say different things.|
    Nothing urgent, I'm just trying to get organised.|Ideally something I can keep up for more than a week.|
    I'd like to understand the why, not just the steps.|I tried winging it and it didn't go well.|
    My budget for this is pretty small, to be honest.|I only have an hour or so on weekday evenings.
talk: Do you ever get bored of answering the same questions?|
    It's pouring here today, so I'm stuck inside anyway.|
    Sorry I disappeared last time; work got hectic.|
    Do you have a favourite kind of question to answer?|
    Honestly I'm procrastinating a bit right now.|
    I think I've had too much tea today.
asides: It's pouring here again, ugh.|Sorry if this is rambly, long day.|
    I'm on my lunch break, so I might vanish mid-chat.|Ignore any typos, I'm in a rush.|
    The neighbours are drilling again, so bear with me.
a_openers: Happy to help with that.|Good question, let's break it down.|Sure, here's how I'd think about it.|
    That's a common snag, and it's fixable.|Let's get this sorted.|Great, this is a fun one.|
    Okay, there are a few moving parts here.
a_steps: Here's a step-by-step approach:|Here's how I'd tackle it:|Try it in this order:|### Steps
a_bullets: A few things to keep in mind:|Some quick pointers:|### Key points|Worth remembering:
a_table: Here's a side-by-side view:|A quick comparison:|### At a glance|Laid out as a table:
a_code: Here's a minimal example:|Something like this should work:|### Example|A sketch you can adapt:
a_caveats: Watch out for these:|### Common pitfalls|Things that tend to go wrong:|A couple of caveats:
a_sentences: A lot of the trouble with {term} comes from mixing it up with {term2}, so keep them separate in your head.|
    If I had to pick one habit, it would be to {action}.|
    For {project} specifically, I'd start small and {action}.|
    It's worth understanding {term} before you rely on it.|
    Once that's in place, reasoning about {term2} gets much easier.|
    Don't worry about getting {term} perfect on the first pass.|
    A quick sanity check: {action}, then look at what changed.|
    People often skip this, but it pays to {action}.|
    In practice, getting {term} right matters more than most guides admit.|
    The short version is: {action}, and the rest follows.|
    You'll see {term} and {term2} mentioned together a lot, and for good reason.|
    If something feels off later, the first thing to revisit is {term}.|
    There's no single right answer here, but a reasonable default is to {action}.|
    I'd treat {term} as a tool, not a rule.|
    For {project}, the biggest gains will come from {term}.|
    That said, it's easy to overdo {term2}, so keep an eye on it.|
    Most people find that once you {action}, the rest gets easier.|
    The detail that trips people up is usually {term}.|
    Think of {term} as the foundation and {term2} as the finishing touch.|
    If you're short on time, just {action} and leave the rest for later.
a_reasons: That way you catch problems early.|It saves a lot of backtracking later.|
    This keeps each change small and easy to undo.|You'll thank yourself in a month.|
    It sounds fussy, but it pays off quickly.|This is the step most people skip.
a_closers: Want me to turn this into a checklist?|Let me know how it goes, and we can adjust from there.|
    Happy to go deeper on any of these.|If anything doesn't work, paste what you see and we'll debug it.|
    Shall I put together a version for next week too?|Tell me which part you'd like to expand.
a_talk: Not at all; every question comes with its own little twist.|
    Rainy days are great for catching up on projects, to be fair.|
    No need to apologise; we can pick up wherever you left off.|
    I like the ones where a small change makes a big difference.|
    A bit of procrastination is allowed, as long as we get something done.|
    Tea is a perfectly valid productivity strategy.
a_steer: Whenever you're ready, we can get back to {project}.|Meanwhile, one thought on {project} while it's on my mind.|
    In the meantime, here's a small next step for {project}.
a_alternatives: Some people prefer {a}, which is fine too, just less convenient here.|
    You could also consider {a}, but I'd keep it as a fallback.|
    {A} is popular as well, though it's more than you need right now.
a_ack: Good to know.|Noted.|Thanks for mentioning that.|That's useful context.
order_lexical: In what order did I do these for {project}: {items}?|
    Put these in the order I did them for {project}: {items}.
order_paraphrased: Sort these steps of {project} by when they happened: {items}.|
    What was the sequence, for {project}, of {items}?
first_lexical: Which did I do first for {project}: {a} or {b}?|For {project}, did {a} come before {b}?
first_paraphrased: Between {a} and {b}, what happened earlier for {project}?|
    On {project}, which preceded the other: {a} or {b}?
between_lexical: How many days were there between {a} and {b}?|How many days passed between {a} and {b}?
between_paraphrased: How long, in days, separated {a} from {b}?|What was the gap in days from {a} to {b}?

phrases heldout
open_new: Hiya.|Good evening!|Hey, got a minute?|Hi there, new question.|Yo!
open_back: Me again!|Hi, picking this up again.|Hey, it's been a few days.|Okay, round two.
milestone: Quick status on {project}: I {m}.|Good news about {project}, I {m}.|
    For the record, on {project} I {m}.|Checking in on {project}: I {m}.
resume: Right, where were we with {project}?|Back to {project} now.|Okay, {project} again.
switch: Side question while I have you.|Slight detour, if that's okay.|Changing subject briefly.
acks: Cheers, that did it.|Brilliant, exactly what I was after.|Understood.|Ah, that clears it up.|
    Lovely, thanks.|Oh interesting, never thought of that.
last: Okay, final one tonight.|One last thing and I'll let you go.|Just one more, promise.
details: Bit of background: I've never done this properly before.|Every video I watch seems to disagree with the last one.|
    No rush on this, I just want a plan.|I'd rather do it right once than redo it later.|
    Explain the reasoning too, if you can.|My first attempt was a bit of a disaster.|
    I'm trying not to spend much on it.|Weekends are when I have proper time for it.
talk: Random thought: do you like the questions that have no right answer?|
    The sun's finally out here, so this will be quick.|
    Apologies for going quiet; the week got away from me.|
    Is it weird that I say please and thank you to you?|
    I should be doing laundry instead of this.|
    I've been awake since five, so forgive me if I'm slow.
asides: Sorry, the sun's in my eyes on this bench.|Bit distracted, there's a football match on.|
    Typing with one hand, holding a sandwich.|Forgive the late hour.|
    My internet keeps dropping, so bear with me.
a_openers: Sure thing, let's work through it.|Nice one, this is very doable.|Right, here's the plan I'd follow.|
    Lots of people hit exactly this.|Let's untangle it.|Good timing, this is a quick fix.|
    There's a tidy answer to this.
a_steps: Here's the sequence I'd follow:|Do it like this:|### How to do it|In order:
a_bullets: Bear these in mind:|The essentials:|### Notes|Quick reminders:
a_table: Here's the breakdown:|In table form:|### Overview|Summarised below:
a_code: Here's a working snippet:|This should do it:|### Snippet|Adapt this as needed:
a_caveats: Possible gotchas:|### Watch-outs|Where it usually breaks:|Keep an eye on:
a_sentences: The real lever here is {term}; {term2} matters much less.|
    My go-to move would be to {action}.|
    With {project}, I'd keep things modest at first and {action}.|
    Before leaning on {term}, spend five minutes understanding it.|
    After that, {term2} stops being confusing.|
    {Term} can wait until the basics work.|
    Check it like this: {action}, then compare before and after.|
    It's tempting to skip, but {action} anyway.|
    Underrated point: {term} can do most of the heavy lifting.|
    In one line: {action}, and the rest falls into place.|
    {Term} and {term2} tend to come up as a pair.|
    When something breaks later, look at {term} first.|
    Reasonable people disagree, but a solid starting point is to {action}.|
    Use {term} when it helps and drop it when it doesn't.|
    On {project}, most of the time goes into {term}.|
    Be careful not to go overboard with {term2}.|
    The turning point usually comes when you {action}.|
    What catches people out is nearly always {term}.|
    Get {term} right and the rest, {term2} included, is polish.|
    Pressed for time? Just {action} and park everything else.
a_reasons: Problems show up sooner that way.|It avoids redoing work.|Each change stays small and reversible.|
    Future you will be grateful.|A bit of discipline now saves hours later.|Hardly anyone does this, which is why it helps.
a_closers: Shall I make this a checklist for you?|Report back and we'll tweak it.|Ask away if any step is unclear.|
    If it misbehaves, send me the output and we'll dig in.|Want a follow-up plan for later?|Which bit should we zoom in on?
a_talk: I do, actually; they make for good conversations.|
    Enjoy the sunshine; we'll keep it brief.|
    No apology needed; we can carry on from where we stopped.|
    Not weird at all; it's nice.|
    Laundry will still be there in ten minutes.|
    Early starts are rough; let's keep this light.
a_steer: Whenever you fancy, we can pick {project} back up.|While we're here, a quick note on {project}.|
    And a small suggestion for {project} in the meantime.
a_alternatives: {A} would also work, but it's a bit more hassle here.|
    There's also {a}; keep it in your back pocket.|Plenty of people like {a}, though it's overkill for now.
a_ack: Thanks, that helps.|Got it.|Appreciate the context.|Good to have that in mind.
order_lexical: What order did I do these in for {project}: {items}?|
    Order these from first to last for {project}: {items}.
order_paraphrased: Rank these moments of {project} chronologically: {items}.|
    Chronologically, how did these steps of {project} go: {items}?
first_lexical: For {project}, which came first: {a} or {b}?|Did {a} happen before {b} on {project}?
first_paraphrased: Which was earlier on {project}, {a} or {b}?|
    Thinking of {project}, what came sooner: {a} or {b}?
between_lexical: How many days separated {a} and {b}?|How many days lay between {a} and {b}?
between_paraphrased: What was the number of days from {a} until {b}?|Counting days, how far apart were {a} and {b}?
"""

_NAME_TABLE = """
female: Bea|Dina|Farah|Ilse|Kasia|Maren|Orla|Rhiannon|Tamsin|Valentina|Wren|Yasmin|Zofia|Anouk|Cosima|
    Elodie|Greta|Imogen|Keeley|Mireille|Nadia|Petra|Saskia|Ulla|Wilma|Yusra|Agnes|Celine|Esme|Gianna|Ingrid
male: Callum|Emeka|Gustav|Hollis|Joaquin|Lorenzo|Nikhil|Pavel|Quentin|Soren|Ulrich|Xavi|Bram|Dario|Fintan|
    Hamza|Jarek|Lars|Oskar|Rory|Tomas|Vikram|Zeke|Basil|Desmond|Femi|Hector|Jude|Alex|Jonah
"""

# Entries that would contradict each other by accident (only possible with "all"):
# never both in one dialogue.
CONFLICTS: dict[str, tuple[str, ...]] = {"car": ("car_service",), "car_service": ("car",)}

# Relative day expressions: (expression, days from the session date, partition or "all").
# "last <weekday>", "this coming <weekday>" and "on the <Nth>" are built in the generator.
RELATIVE_DAYS: tuple[tuple[str, int, str], ...] = (
    ("this morning", 0, "all"),
    ("earlier today", 0, "all"),
    ("yesterday", -1, "all"),
    ("the day before yesterday", -2, "all"),
    ("three days ago", -3, "all"),
    ("two days ago", -2, "train"),
    ("four days ago", -4, "heldout"),
    ("tomorrow", 1, "all"),
    ("the day after tomorrow", 2, "all"),
    ("in three days", 3, "all"),
    ("a week from today", 7, "all"),
    ("in five days", 5, "train"),
    ("in a fortnight", 14, "heldout"),
)


# ---------------------------------------------------------------------------
# Code blocks per domain: (language, text); @NAME@, @FIELD@ and @N@ are filled in
# ---------------------------------------------------------------------------
CODE: dict[str, tuple[tuple[str, str], ...]] = {
    "python": (
        (
            "python",
            "from pathlib import Path\nimport csv\n\n\ndef load_@NAME@(path: Path) -> list[dict[str, str]]:\n"
            '    """Read the rows that have a @FIELD@ value."""\n'
            '    with path.open(newline="") as handle:\n'
            '        return [row for row in csv.DictReader(handle) if row.get("@FIELD@")]\n',
        ),
        (
            "python",
            "import logging\n\nlog = logging.getLogger(__name__)\n\n\ndef process(@NAME@: list[dict]) -> int:\n"
            "    done = 0\n    for item in @NAME@:\n        try:\n"
            '            handle(item["@FIELD@"])\n        except KeyError:\n'
            '            log.warning("skipping item without @FIELD@: %r", item)\n'
            "            continue\n        done += 1\n"
            '    log.info("processed %d of %d", done, len(@NAME@))\n    return done\n',
        ),
        (
            "python",
            "from dataclasses import dataclass\n\n\n@dataclass(frozen=True)\nclass Record:\n"
            "    @FIELD@: str\n    quantity: int = 0\n\n\n"
            "def parse(line: str) -> Record:\n"
            '    @FIELD@, qty = line.rstrip("\\n").split(",")\n'
            "    return Record(@FIELD@, int(qty))\n",
        ),
        (
            "python",
            "import pytest\n\n\n@pytest.fixture\ndef @NAME@():\n"
            '    return [{"@FIELD@": "a", "quantity": 2}, {"@FIELD@": "b", "quantity": 0}]\n\n\n'
            "def test_process_counts_items(@NAME@):\n    assert process(@NAME@) == 2\n",
        ),
        (
            "python",
            "import argparse\n\n\ndef main() -> None:\n"
            '    parser = argparse.ArgumentParser(description="Process @NAME@.")\n'
            '    parser.add_argument("path")\n'
            '    parser.add_argument("--limit", type=int, default=@N@)\n'
            "    args = parser.parse_args()\n    run(args.path, limit=args.limit)\n",
        ),
    ),
    "sql": (
        (
            "sql",
            "SELECT customer_id, SUM(amount) AS total\nFROM @NAME@\n"
            "WHERE created_at >= DATE '2024-01-01'\nGROUP BY customer_id\n"
            "ORDER BY total DESC\nLIMIT @N@;\n",
        ),
        (
            "sql",
            "CREATE INDEX idx_@NAME@_@FIELD@\n    ON @NAME@ (@FIELD@, created_at);\n\n"
            "EXPLAIN ANALYZE\nSELECT * FROM @NAME@ WHERE @FIELD@ = 42;\n",
        ),
        (
            "sql",
            "WITH ranked AS (\n    SELECT *, ROW_NUMBER() OVER (\n"
            "        PARTITION BY @FIELD@ ORDER BY id\n    ) AS rn\n    FROM @NAME@\n)\n"
            "DELETE FROM @NAME@\nWHERE id IN (SELECT id FROM ranked WHERE rn > 1);\n",
        ),
        (
            "sql",
            "SELECT month,\n       SUM(amount) AS monthly,\n"
            "       SUM(SUM(amount)) OVER (ORDER BY month) AS running_total\n"
            "FROM @NAME@\nGROUP BY month\nORDER BY month;\n",
        ),
    ),
    "finance": (
        (
            "text",
            '=SUMIFS(Amount, Category, "@NAME@", Month, ">="&DATE(2024,1,1))\n'
            "=Amount_total - SUM(Fixed_costs)\n=ROUND(Savings_goal / @N@, 2)\n",
        ),
    ),
    "shell": (
        (
            "bash",
            '#!/usr/bin/env bash\nset -euo pipefail\n\nsrc="${1:?usage: $0 SOURCE DEST}"\n'
            'dest="${2:?usage: $0 SOURCE DEST}"\n\n'
            'rsync -a --delete --info=progress2 "$src/" "$dest/"\n'
            'echo "$(date -Is) copied $src to $dest" >> "$HOME/@NAME@.log"\n',
        ),
        (
            "bash",
            "# list first, delete only when the list looks right\n"
            'find "/var/backups/@NAME@" -type f -name "*.tar.gz" -mtime +@N@ -print\n'
            'find "/var/backups/@NAME@" -type f -name "*.tar.gz" -mtime +@N@ -delete\n',
        ),
        (
            "bash",
            'cleanup() {\n    rm -rf "$tmpdir"\n}\ntmpdir="$(mktemp -d)"\ntrap cleanup EXIT\n\n'
            'tar -czf "$tmpdir/@NAME@.tar.gz" -C "$HOME" @FIELD@\n',
        ),
        (
            "bash",
            "while getopts 'nv' flag; do\n    case \"$flag\" in\n"
            "        n) dry_run=1 ;;\n        v) verbose=1 ;;\n"
            '        *) echo "usage: $0 [-n] [-v]" >&2; exit 2 ;;\n    esac\ndone\n',
        ),
    ),
    "web": (
        (
            "html",
            '<form action="https://formspree.example/@NAME@" method="post">\n'
            '  <label for="@FIELD@">Your @FIELD@</label>\n'
            '  <input id="@FIELD@" name="@FIELD@" required>\n'
            '  <button type="submit">Send</button>\n</form>\n',
        ),
        (
            "css",
            ".@NAME@ {\n  display: grid;\n  grid-template-columns: repeat(auto-fit, minmax(@N@rem, 1fr));\n"
            "  gap: 1rem;\n}\n\n@media (max-width: 40rem) {\n  .@NAME@ { grid-template-columns: 1fr; }\n}\n",
        ),
        (
            "html",
            '<img src="/img/@NAME@-800.webp"\n     srcset="/img/@NAME@-400.webp 400w, /img/@NAME@-800.webp 800w"\n'
            '     sizes="(max-width: 40rem) 100vw, 50vw"\n     alt="@FIELD@" loading="lazy">\n',
        ),
        (
            "javascript",
            "document.querySelector('#@FIELD@').addEventListener('input', (event) => {\n"
            "  const value = event.target.value.trim();\n"
            "  event.target.setCustomValidity(value.length < @N@ ? 'Too short' : '');\n});\n",
        ),
    ),
}
CODE_FILLS: dict[str, tuple[str, ...]] = {
    "@NAME@": ("orders", "items", "records", "entries", "listings", "photos", "backup", "gallery"),
    "@FIELD@": ("sku", "price", "email", "category", "title", "owner", "status", "message"),
    "@N@": ("5", "7", "10", "12", "20", "30"),
}


# ---------------------------------------------------------------------------
# Parsing
# ---------------------------------------------------------------------------
_Fields = dict[str, list[str]]


def _split(text: str, sep: str = "|") -> tuple[str, ...]:
    """Split a cell into a tuple of non-empty stripped strings."""
    return tuple(part.strip() for part in text.split(sep) if part.strip())


def _blocks(text: str) -> list[tuple[list[str], _Fields]]:
    """Parse header lines and their ``field: value`` lines (indented lines continue)."""
    rows: list[tuple[list[str], _Fields]] = []
    last = ""
    for line in text.splitlines():
        if not line.strip():
            continue
        key, colon, value = line.partition(":")
        if line[0].isspace():
            fields = rows[-1][1]
            fields[last][-1] = f"{fields[last][-1]} {line.strip()}"
        elif colon and " " not in key.strip():
            last = key.strip()
            rows[-1][1].setdefault(last, []).append(value.strip())
        else:
            rows.append((line.split(), {}))
    return rows


def _many(fields: _Fields, key: str) -> tuple[str, ...]:
    """All ``|``-separated values of a (possibly repeated) field."""
    return tuple(v for raw in fields.get(key, []) for v in _split(raw))


def _one(fields: _Fields, key: str) -> str:
    """The single value of a field."""
    return " ".join(fields.get(key, [])).strip()


def _parse_domains(text: str) -> tuple[Domain, ...]:
    recs: dict[str, list[Recommendation]] = {}
    heads: list[tuple[str, str, _Fields]] = []
    for head, f in _blocks(text):
        if head[0] == "rec":
            recs.setdefault(head[1], []).append(
                Recommendation(
                    _many(f, "asks"),
                    _many(f, "said"),
                    _many(f, "pool"),
                    _many(f, "lexical"),
                    _many(f, "paraphrased"),
                )
            )
        else:
            heads.append((head[1], head[2], f))
    out = []
    for key, group, f in heads:
        milestones = tuple(Milestone(*_split(raw, "~")) for raw in f.get("milestone", []))
        table = (_many(f, "table"), *(_split(raw) for raw in f.get("col", [])))
        out.append(
            Domain(
                key,
                group,
                _many(f, "projects"),
                _many(f, "requests"),
                _many(f, "followups"),
                _many(f, "terms"),
                _many(f, "actions"),
                _many(f, "tips"),
                table,
                milestones,
                tuple(recs.get(key, ())),
            )
        )
    return tuple(out)


DOMAINS: tuple[Domain, ...] = _parse_domains(_DOMAIN_TABLE)
FACTS: tuple[Fact, ...] = tuple(
    Fact(
        head[1],
        head[2],
        *(
            _many(f, name)
            for name in (
                "pool",
                "statements",
                "lexical",
                "paraphrased",
                "echoes",
                "others",
                "updates",
                "prior",
            )
        ),
    )
    for head, f in _blocks(_FACT_TABLE)
)
EVENTS: tuple[TimedEvent, ...] = tuple(
    TimedEvent(
        head[1],
        head[2],
        head[3],
        _many(f, "statements"),
        _one(f, "label"),
        _one(f, "para"),
        _many(f, "lexical"),
        _many(f, "paraphrased"),
        _many(f, "others"),
    )
    for head, f in _blocks(_EVENT_TABLE)
)
COLLECTIONS: tuple[Collection, ...] = tuple(
    Collection(
        head[1],
        head[2],
        *(
            _many(f, name)
            for name in (
                "pool",
                "mentions",
                "others",
                "count_lexical",
                "count_paraphrased",
                "list_lexical",
                "list_paraphrased",
            )
        ),
    )
    for head, f in _blocks(_COLLECTION_TABLE)
)
STANDING: tuple[Standing, ...] = tuple(
    Standing(
        head[1],
        head[2],
        head[0],
        _one(f, "cue"),
        _many(f, "statements"),
        _many(f, "lexical"),
        _many(f, "paraphrased"),
        _one(f, "answer"),
        _many(f, "echoes"),
    )
    for head, f in _blocks(_STANDING_TABLE)
)
CONTRADICTIONS: tuple[Contradiction, ...] = tuple(
    Contradiction(
        head[1],
        head[2],
        _many(f, "pool") or ("",),
        _many(f, "first"),
        _many(f, "second"),
        _many(f, "lexical"),
        _many(f, "paraphrased"),
        _one(f, "answer"),
        _one(f, "cue"),
    )
    for head, f in _blocks(_CONTRADICTION_TABLE)
)
PHRASES: dict[str, dict[str, tuple[str, ...]]] = {
    head[1]: {name: _many(f, name) for name in f} for head, f in _blocks(_PHRASE_TABLE)
}
_NAME_FIELDS = _blocks("names\n" + _NAME_TABLE)[0][1]
NAMES_F: tuple[str, ...] = _many(_NAME_FIELDS, "female")
NAMES_M: tuple[str, ...] = _many(_NAME_FIELDS, "male")
NAMES: tuple[str, ...] = NAMES_F + NAMES_M

# Phrase keys spoken by the user, asked as questions, or spoken by the assistant.
_USER_PHRASES: tuple[str, ...] = (
    "open_new",
    "open_back",
    "milestone",
    "resume",
    "switch",
    "acks",
    "last",
    "talk",
)
_USER_PHRASES += ("asides", "details")
_QUESTION_PHRASES: tuple[str, ...] = (
    "order_lexical",
    "order_paraphrased",
    "first_lexical",
    "first_paraphrased",
)
_QUESTION_PHRASES += ("between_lexical", "between_paraphrased")


def group_templates(group: str, which: str = "all") -> set[str]:
    """The template strings of one partition.

    Args:
        group: "train" or "heldout".
        which: "user" (user-turn templates and fragments), "question" (question
            templates and the labels they embed), "assistant", or "all".

    Returns:
        The set of strings; values (pools, names, table cells) are not included.

    Example:
        >>> "Any dinner ideas for Saturday?" in group_templates("train", "question")
        True
    """
    user: list[str] = []
    question: list[str] = []
    assistant: list[str] = []
    for d in (d for d in DOMAINS if d.group == group):
        user += [*d.requests, *d.followups, *(m.clause for m in d.milestones)]
        question += [m.label for m in d.milestones] + [m.para for m in d.milestones]
        assistant += [*d.terms, *d.actions, *d.tips]
        for r in d.recs:
            user += r.asks
            question += [*r.lexical, *r.paraphrased]
            assistant += r.said
    for fact in (f for f in FACTS if f.group == group):
        user += [*fact.statements, *fact.others, *fact.updates]
        question += [*fact.lexical, *fact.paraphrased, *fact.prior]
        assistant += fact.echoes
    for e in (e for e in EVENTS if e.group == group):
        user += [*e.statements, *e.others]
        question += [*e.lexical, *e.paraphrased, e.label, e.para]
    for c in (c for c in COLLECTIONS if c.group == group):
        user += [*c.mentions, *c.others]
        question += [*c.count_lexical, *c.count_paraphrased, *c.list_lexical, *c.list_paraphrased]
    for s in (s for s in STANDING if s.group == group):
        user += s.statements
        question += [*s.lexical, *s.paraphrased]
        assistant += s.echoes
    for k in (k for k in CONTRADICTIONS if k.group == group):
        user += [*k.first, *k.second]
        question += [*k.lexical, *k.paraphrased]
    for name, values in PHRASES[group].items():
        if name in _USER_PHRASES:
            user += values
        elif name in _QUESTION_PHRASES:
            question += values
        else:
            assistant += values
    chosen = {"user": user, "question": question, "assistant": assistant}
    if which == "all":
        return {*user, *question, *assistant}
    return set(chosen[which])
