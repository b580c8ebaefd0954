"""The domain rules of extraction, as data: who fires, what they fire, where it lands, what is not a launch.

Every other module of the extractor is mechanism; a new actor alias, missile system, class term,
landing phrase or non-event cue is added here and nowhere else. Patterns are regular-expression
fragments matched case-insensitively unless the table says otherwise.
"""

from __future__ import annotations

from bot.core.records import Actor, Landing, MissileClass

# --- who fires -----------------------------------------------------------------------------------

#: Names, demonyms and metonyms of each side. Order matters only for readability; matching takes the
#: longest alternative at each position.
ACTOR_ALIASES: dict[Actor, tuple[str, ...]] = {
    Actor.NORTH_KOREA: (
        r"north\s+korea(?:n)?",
        r"n\.\s?korea(?:n)?",
        r"the\s+north",
        r"pyongyang",
        r"dprk",
        r"democratic\s+people'?s\s+republic\s+of\s+korea",
        r"kim\s+jong[\s-]un(?:'s\s+regime)?",
        r"kim\s+jong[\s-]il",
        r"kim'?s\s+regime",
        r"the\s+kim\s+regime",
        r"the\s+korean\s+people'?s\s+army",
        r"korean\s+people'?s\s+army",
        r"kpa",
        r"the\s+reclusive\s+(?:state|regime|country|nation)",
        r"the\s+hermit\s+(?:state|kingdom)",
        r"the\s+isolated\s+(?:state|regime|country|nation)",
    ),
    Actor.SOUTH_KOREA: (
        r"south\s+korea(?:n)?",
        r"s\.\s?korea(?:n)?",
        r"the\s+south",
        r"seoul",
        r"republic\s+of\s+korea",
        r"rok",
        # The Joint Chiefs of Staff is usually a speaker ("the JCS said"); as a subject of firing it is Seoul.
        r"(?:south\s+korea'?s\s+)?joint\s+chiefs\s+of\s+staff",
        r"jcs",
    ),
    Actor.UNITED_STATES: (
        r"united\s+states",
        r"u\.s\.(?:a\.)?",
        r"us",
        r"usa",
        r"america(?:n)?",
        r"washington",
        r"pentagon",
        r"u\.s\.\s+forces\s+korea",
    ),
    Actor.JAPAN: (r"japan(?:ese)?", r"tokyo"),
    Actor.CHINA: (r"china", r"chinese", r"beijing", r"people'?s\s+liberation\s+army", r"pla"),
    Actor.RUSSIA: (r"russia(?:n)?", r"moscow", r"kremlin"),
    Actor.OTHER: (
        r"iran(?:ian)?",
        r"tehran",
        r"israel(?:i)?",
        r"india(?:n)?",
        r"pakistan(?:i)?",
        r"taiwan(?:ese)?",
        r"taipei",
        r"ukrain(?:e|ian)",
        r"kyiv",
        r"houthis?",
        r"yemen(?:i)?",
        r"syria(?:n)?",
        r"hezbollah",
        r"hamas",
    ),
}

#: Uppercase abbreviations, matched case-sensitively: "us" or "pla" in prose is not an actor.
CASE_SENSITIVE_ALIASES: frozenset[str] = frozenset({r"us", r"usa", r"rok", r"dprk", r"kpa", r"jcs", r"pla"})

#: "North and South Korea both tested...": two sides acting separately, never a joint salvo.
BOTH_KOREAS = (
    r"(?:north\s+and\s+south\s+korea|south\s+and\s+north\s+korea|both\s+koreas|two\s+koreas|the\s+koreas)"
)

#: Words standing for the side currently under discussion ("it fired", "the country launched").
PRONOUNS = r"(?:it|they|the\s+country|the\s+regime|the\s+nation)"

#: Sides that never fire together with North Korea: a sentence naming both reports two launches.
SEPARATE_SIDES: frozenset[Actor] = frozenset({Actor.NORTH_KOREA})

# --- what makes a sentence about a launch -------------------------------------------------------

#: Verbs that assert a firing. A verbal trigger counts only with a weapon word in the same clause.
LAUNCH_VERBS = (
    r"test[\s-]?fir(?:ed|es|e|ing)",
    r"test[\s-]?launch(?:ed|es|ing)?",
    r"flight[\s-]?test(?:ed|s)?",
    r"fir(?:ed|es|e|ing)",
    r"launch(?:ed|es|ing)?",
    r"tested|tests|testing",
    r"lobb(?:ed|ing)|lobs?",
    r"lift(?:ed|s)?\s+off|lifting\s+off",
    r"blast(?:ed|s)?\s+off",
    r"sen[dt]s?\s+up",
)

#: Flight verbs assert a launch when a weapon is their subject ("another Hwasong-17 landed in the sea").
FLIGHT_VERBS = (
    r"landed",
    r"lands",
    r"fell",
    r"falls",
    r"came\s+down",
    r"comes\s+down",
    r"splashed\s+down",
    r"splashes\s+down",
    r"flew",
    r"flies",
    r"crashed",
    r"overflew",
)

#: Nouns naming a firing ("Sunday's launch", "a barrage of 18 missiles", "the nuclear test of Jan. 6").
LAUNCH_NOUNS = (
    r"launch(?:es)?",
    r"firings?",
    r"salvos?",
    r"barrages?",
    r"volleys?",
    r"tests?",
    r"test[\s-]firings?",
    r"test[\s-]launch(?:es)?",
    r"flight",
    r"liftoff",
)

#: Launch nouns that name a thing, not an act.
NOT_LAUNCH_NOUN_FOLLOWERS = (
    r"window",
    r"site",
    r"pad",
    r"vehicles?",
    r"ground",
    r"facilit(?:y|ies)",
    r"platforms?",
    r"station",
    r"area",
    r"ban",
    r"tubes?",
    r"preparations?",
    r"capabilit(?:y|ies)",
    r"notices?",
    r"notifications?",
    r"plans?",
    r"schedule",
    r"range",
    r"data",
)

#: Words before "test" that make it something other than a weapon launch.
NOT_LAUNCH_TEST_MODIFIERS = (
    r"engine",
    r"ground",
    r"static",
    r"combustion",
    r"intercept(?:ion|or)?",
    r"stress",
    r"nuclear",  # handled as its own kind
    r"covid(?:-19)?",
)

#: Weapon words: a verbal trigger needs one in its clause, and counts are read before them.
WEAPON_NOUNS = (
    r"missiles?",
    r"rockets?",
    r"projectiles?",
    r"icbms?",
    r"irbms?",
    r"mrbms?",
    r"srbms?",
    r"slbms?",
    r"slcms?",
    r"atacms",
    r"scuds?",
    r"rodongs?|nodongs?",
    r"musudans?",
    r"taepodongs?",
    r"interceptors?",
    r"satellites?",
    r"warheads?",
    r"weapons?",
)

#: Light verbs that make a launch noun an act of their subject ("Kim ordered the launch").
LIGHT_VERBS = (
    r"conduct(?:ed|s)?",
    r"carri(?:ed|es)\s+out",
    r"carry(?:ing)?\s+out",
    r"staged?",
    r"made",
    r"order(?:ed|s)?",
    r"guided?",
    r"oversaw|oversees",
    r"supervised?",
    r"attempted",
    r"performed",
    r"held",
    r"resumed",
    r"began",
    r"completed",
)

#: Words between a subject and its trigger that show the subject is a speaker or observer, not the firer.
NOT_FIRER_BETWEEN = (
    r"said",
    r"says?",
    r"told",
    r"tells?",
    r"reported",
    r"reports?",
    r"according",
    r"announced",
    r"claimed",
    r"claims?",
    r"confirmed",
    r"detected",
    r"tracked",
    r"spotted",
    r"monitored",
    r"estimated",
    r"believes?",
    r"added",
    r"noted",
    r"warned",
    r"condemned",
    r"call(?:ed|s)",
    r"described",
    r"urged",
    r"regards?",
    r"considers?",
    r"accused",
    r"criticized|criticised",
    r"protested",
    r"denounced",
    r"responded\s+to",
    r"count(?:s|ed)?",
    r"measured",
    r"observed",
    r"if",
    r"whether",
    r"because",
    r"although",
    r"unlike",
    r"than",
)

#: Frames that make a launch hypothetical: plans, warnings, expectations, capabilities.
IRREALIS_BEFORE = (
    r"will",
    r"would",
    r"could",
    r"can",
    r"may",
    r"might",
    r"shall",
    r"should",
    r"plans?\s+to",
    r"planning\s+to",
    r"prepar(?:e|es|ed|ing)\s+to",
    r"preparations?\s+(?:for|to)",
    r"ready\s+to",
    r"readiness\s+to",
    r"threaten(?:s|ed|ing)?\s+to",
    r"vow(?:s|ed)?\s+to",
    r"expected\s+to",
    r"likely\s+to",
    r"intends?\s+to",
    r"set\s+to",
    r"about\s+to",
    r"going\s+to",
    r"decided\s+to",
    r"opportunity\s+to",
    r"warn(?:s|ed|ing)?\s+(?:of|that)",
    r"possib(?:le|ility\s+of)",
    r"potential",
    r"upcoming",
    r"imminent",
    r"forthcoming",
    r"future",
    r"next",
)

#: Verbs before "to <trigger>" that report a real attempt rather than an intention.
REALIS_TO = (r"attempted", r"tried", r"appears?", r"appeared", r"seems?", r"seemed", r"managed", r"went\s+on")

#: A firing that is not a launch event: missile defence, interceptions, simulations.
NOT_EVENT_CUES = (
    r"intercept(?:s|ed|ing|ion|or|ors)?",
    r"missile[\s-]defen[cs]e",
    r"anti[\s-]ballistic",
    r"l-sam",
    r"m-sam",
    r"thaad",
    r"patriot",
    r"pac-3",
    r"sm-[36]",
    r"aegis",
    r"simulat(?:ed|ion)\s+(?:launch|firing)",
    r"computer[\s-]simulat",
)

#: Civilian and commercial space launches are out of scope (corpus convention); these words mark one.
CIVILIAN_SPACE_CUES = (
    r"start[\s-]?up",
    r"compan(?:y|y's|ies)",
    r"commercial",
    r"private(?:ly)?",
    r"spaceport",
    r"space\s+agency",
    r"jaxa",
    r"nasa",
    r"spacex",
    r"falcon\s+9",
    r"rocket\s+lab",
    r"firm",
    r"nuri",
)

# --- what kind of event -----------------------------------------------------------------------

NUCLEAR_TEST = (
    r"nuclear\s+(?:weapons?\s+)?tests?",
    r"nuclear\s+(?:explosions?|detonations?|blasts?)",
    r"detonat(?:ed|ion|ions|ing)",
    r"(?:atomic|hydrogen)\s+bomb\s+test",
)

#: Words saying the rocket carried a satellite (a space launch, class ``slv``).
SATELLITE_CUES = (
    r"satellites?",
    r"into\s+orbit",
    r"in\s+orbit",
    r"orbital",
    r"space\s+launch\s+vehicle",
    r"satellite\s+launch\s+vehicle",
    r"carrier\s+rocket",
    r"space\s+rocket",
    r"kwangmyongsong",
    r"malligyong",
)

#: "Satellite" in these senses says nothing about a launch.
NOT_SATELLITE = (
    r"satellite\s+(?:imagery|images?|photos?|pictures?|analysis|data)",
    r"commercial\s+satellite",
)

# --- what was fired ---------------------------------------------------------------------------

#: Class terms, most severe first within each group. Ties are broken by SEVERITY below.
CLASS_TERMS: tuple[tuple[str, MissileClass], ...] = (
    (
        r"intercontinental[\s-](?:range\s+)?ballistic\s+missiles?|icbms?\b|intercontinental[\s-]range",
        MissileClass.ICBM,
    ),
    (r"long[\s-]range\s+ballistic\s+missiles?", MissileClass.ICBM),
    (r"intermediate[\s-]range\s+(?:ballistic\s+)?missiles?|irbms?\b", MissileClass.IRBM),
    (r"intermediate[\s-]range\s+(?:\w+\s+){0,2}(?:musudans?|rodongs?|hwasong)", MissileClass.IRBM),
    (r"medium[\s-]range\s+(?:ballistic\s+)?missiles?|mrbms?\b", MissileClass.MRBM),
    (r"medium[\s-]range\s+(?:\w+\s+){0,2}(?:rodongs?|nodongs?|scuds?)", MissileClass.MRBM),
    (
        r"short[\s-]range\s+(?:ballistic\s+)?missiles?|srbms?\b|tactical\s+ballistic\s+missiles?",
        MissileClass.SRBM,
    ),
    (
        r"submarine[\s-]launched\s+(?:ballistic\s+)?missiles?|sub[\s-]launched\s+(?:ballistic\s+)?missiles?"
        r"|slbms?\b|underwater[\s-]launched\s+ballistic",
        MissileClass.SLBM,
    ),
    (r"hypersonic\s+(?:missiles?|glide|weapons?|warheads?|vehicles?)", MissileClass.HYPERSONIC),
    (r"ballistic\s+missiles?", MissileClass.BALLISTIC),
    (r"cruise\s+missiles?|slcms?\b", MissileClass.CRUISE),
    (
        r"surface[\s-]to[\s-]air\s+missiles?|anti[\s-]aircraft\s+missiles?|air[\s-]defen[cs]e\s+missiles?",
        MissileClass.SURFACE_TO_AIR,
    ),
    (
        r"(?:multiple\s+)?rocket\s+launchers?|mlrs\b|rocket\s+artillery|artillery\s+rockets?"
        r"|multiple[\s-]launch\s+rocket|rockets?\s+from\s+(?:multiple|several)\s+launchers",
        MissileClass.ROCKET_ARTILLERY,
    ),
)

#: The spec's severity order: a range band beats a descriptive class, any class beats ``unknown``.
SEVERITY: tuple[MissileClass, ...] = (
    MissileClass.ICBM,
    MissileClass.IRBM,
    MissileClass.MRBM,
    MissileClass.SRBM,
    MissileClass.SLBM,
    MissileClass.HYPERSONIC,
    MissileClass.BALLISTIC,
    MissileClass.CRUISE,
    MissileClass.SURFACE_TO_AIR,
    MissileClass.ROCKET_ARTILLERY,
    MissileClass.SLV,
    MissileClass.UNKNOWN,
)

#: Named systems: a pattern and how to spell the match (None keeps the text, with the table's casing
#: fixed by SYSTEM_CASE), and the class the system implies when the text gives no better one.
SYSTEM_PATTERNS: tuple[tuple[str, str | None, MissileClass], ...] = (
    (r"hwasong-\d+[a-z]{0,3}(?:-\d+(?:\.\d+)?)?", None, MissileClass.UNKNOWN),
    (r"kn-\d+", None, MissileClass.UNKNOWN),
    (r"pukguksong-\d+[a-z]?", None, MissileClass.SLBM),
    (r"chollima-\d+", None, MissileClass.SLV),
    (r"unha-\d+", None, MissileClass.SLV),
    (r"taepodong-\d+", None, MissileClass.ICBM),
    (r"pulhwasal-\d+(?:-\d+)*", None, MissileClass.CRUISE),
    (r"hwasal-\d+", None, MissileClass.CRUISE),
    (r"hyunmoo-\d+[a-z]?", None, MissileClass.UNKNOWN),
    (r"haeil(?:-\d+)?", None, MissileClass.UNKNOWN),
    (r"atacms|army\s+tactical\s+missile\s+system", "ATACMS", MissileClass.SRBM),
    (r"musudans?", "Musudan", MissileClass.IRBM),
    (r"rodongs?|nodongs?", "Rodong", MissileClass.MRBM),
    (r"scud(?:-[a-z]+)?s?", "Scud", MissileClass.SRBM),
    (r"iskander(?:-m)?", "Iskander", MissileClass.SRBM),
    (r"tomahawks?", "Tomahawk", MissileClass.CRUISE),
    (r"minuteman(?:\s+iii|\s+3)?", "Minuteman III", MissileClass.ICBM),
    (r"sarmat", "Sarmat", MissileClass.ICBM),
    (r"df-\d+[a-z]?", None, MissileClass.UNKNOWN),
)

#: Classes implied by well-known systems when the text says only "ballistic missile" or nothing.
SYSTEM_CLASS: dict[str, MissileClass] = {
    "hwasong-5": MissileClass.SRBM,
    "hwasong-6": MissileClass.SRBM,
    "hwasong-7": MissileClass.MRBM,
    "hwasong-8": MissileClass.HYPERSONIC,
    "hwasong-9": MissileClass.MRBM,
    "hwasong-10": MissileClass.IRBM,
    "hwasong-11": MissileClass.SRBM,
    "hwasong-12": MissileClass.IRBM,
    "hwasong-13": MissileClass.ICBM,
    "hwasong-14": MissileClass.ICBM,
    "hwasong-15": MissileClass.ICBM,
    "hwasong-16": MissileClass.IRBM,
    "hwasong-17": MissileClass.ICBM,
    "hwasong-18": MissileClass.ICBM,
    "hwasong-19": MissileClass.ICBM,
    "hwasong-20": MissileClass.ICBM,
    "kn-02": MissileClass.SRBM,
    "kn-08": MissileClass.ICBM,
    "kn-11": MissileClass.SLBM,
    "kn-14": MissileClass.ICBM,
    "kn-15": MissileClass.MRBM,
    "kn-17": MissileClass.IRBM,
    "kn-18": MissileClass.SRBM,
    "kn-20": MissileClass.ICBM,
    "kn-22": MissileClass.ICBM,
    "kn-23": MissileClass.SRBM,
    "kn-24": MissileClass.SRBM,
    "kn-25": MissileClass.SRBM,
    "kn-26": MissileClass.SLBM,
    "kn-28": MissileClass.ICBM,
}

#: A system named after these words is a comparison, not an identification (labelling convention 7).
SYSTEM_HEDGES = (
    r"resembl\w*",
    r"similar\s+to",
    r"such\s+as",
    r"like\s+the",
    r"akin\s+to",
    r"compared\s+(?:it\s+)?(?:with|to)",
    r"variant\s+of",
    r"version\s+of",
    r"family\s+of",
    r"unlike",
)

# --- where it went ----------------------------------------------------------------------------

_SEA_VERBS = (
    r"(?:into|toward|towards|in|at|over|across|off|onto|to)\s+(?:the\s+)?(?:waters?\s+(?:of|in)\s+the\s+)?"
)

#: Landing phrases, strongest first within LANDING_PRIORITY below. Each must not be negated.
LANDING_TERMS: tuple[tuple[str, Landing], ...] = (
    (
        r"(?:over|across)\s+(?:northern\s+|southern\s+|central\s+)?(?:japan\b|japanese\s+(?:territory|archipelago|islands?)"
        r"|hokkaido|aomori|okinawa|honshu|tohoku|kyushu|the\s+japanese\s+archipelago)"
        r"|overfl(?:ew|ight\s+of|ying)\s+japan|cross(?:ed|ing|es)?\s+(?:over\s+)?(?:japan\b|japanese\s+territory"
        r"|hokkaido|aomori|okinawa|honshu)",
        Landing.OVERFLEW_JAPAN,
    ),
    (
        r"(?:inside|within|in|into)\s+(?:japan'?s|japanese|its)\s+(?:exclusive\s+)?(?:economic\s+zone|eez)",
        Landing.JAPAN_EEZ,
    ),
    (
        r"south\s+of\s+the\s+(?:nll|northern\s+limit\s+line|(?:de\s+facto\s+)?(?:inter-korean\s+)?(?:maritime|sea)\s+"
        r"(?:border|boundary))|cross(?:ed|ing|es)?\s+the\s+(?:nll|northern\s+limit\s+line|(?:de\s+facto\s+)?"
        r"(?:inter-korean\s+)?(?:maritime|sea)\s+(?:border|boundary))|near\s+(?:south\s+korean|southern|the\s+south'?s)"
        r"\s+(?:territorial\s+)?waters|in(?:to)?\s+south\s+korean\s+(?:territorial\s+)?waters",
        Landing.SOUTH_OF_NLL,
    ),
    (_SEA_VERBS + r"(?:east\s+sea|sea\s+of\s+japan)|east\s+sea\b", Landing.EAST_SEA),
    (_SEA_VERBS + r"(?:yellow\s+sea|west\s+sea)|yellow\s+sea\b", Landing.YELLOW_SEA),
    (_SEA_VERBS + r"pacific(?:\s+ocean)?", Landing.PACIFIC),
    (r"east\s+and\s+yellow\s+seas", Landing.EAST_SEA),
    (
        r"(?:into|toward|towards|off)\s+(?:the\s+sea\s+off\s+)?(?:its|the\s+north'?s|the\s+country'?s|the)\s+"
        r"(?:east(?:ern)?\s+(?:coast|waters)|northeast(?:ern)?\s+coast)|(?:toward|towards|into)\s+(?:its\s+)?eastern\s+waters",
        Landing.EAST_SEA,
    ),
    (
        r"(?:over|into|in)\s+(?:the\s+)?waters\s+(?:east|northeast|southeast)\s+of\s+(?:the\s+)?[A-Z]",
        Landing.EAST_SEA,
    ),
    (
        r"(?:into|toward|towards|off)\s+(?:the\s+sea\s+off\s+)?(?:its|the\s+north'?s|the\s+country'?s|the)\s+"
        r"(?:west(?:ern)?\s+(?:coast|waters))|(?:toward|towards|into)\s+(?:its\s+)?western\s+waters",
        Landing.YELLOW_SEA,
    ),
)

#: When one event has several landing phrases, the most specific wins.
LANDING_PRIORITY: tuple[Landing, ...] = (
    Landing.OVERFLEW_JAPAN,
    Landing.JAPAN_EEZ,
    Landing.SOUTH_OF_NLL,
    Landing.PACIFIC,
    Landing.EAST_SEA,
    Landing.YELLOW_SEA,
    Landing.UNKNOWN,
)

#: Words just before a landing phrase that deny it ("outside Japan's EEZ", "to avoid overflying Japan").
LANDING_NEGATIONS = (
    r"outside",
    r"beyond",
    r"avoid\w*",
    r"from",
    r"without",
    r"not",
    r"never",
    r"n't",
    r"rather\s+than",
    r"instead\s+of",
)

#: Place phrases that name the launch site ("from the Sunan area", "near Kusong").
SITE_INTRO = r"(?:from|near|in|at|around)\s+(?:around\s+|near\s+)?(?:the\s+)?"

#: Known launch sites (and provinces), so an ambiguous capitalised word is only taken when listed.
KNOWN_SITES: tuple[str, ...] = (
    "Sunan",
    "Pyongyang",
    "Sohae",
    "Tongchang-ri",
    "Wonsan",
    "Sinpo",
    "Hamhung",
    "Hamju",
    "Kusong",
    "Jangyon",
    "Tongrim",
    "Sukchon",
    "Taechon",
    "Onchon",
    "Yangdok",
    "Hwangju",
    "Mupyong-ri",
    "Kaechon",
    "Pukchang",
    "Sinuiju",
    "Kangso",
    "Jagang",
    "Ryongrim",
    "Toyang-ri",
    "Punggye-ri",
    "Musudan-ri",
    "Tonghae",
    "Chongjin",
    "Kimchaek",
    "Hamgyong",
    "Pyongsong",
    "Sinpo",
    "Mayang-do",
    "Nampo",
    "Haeju",
    "Kaesong",
    "South Hwanghae",
    "North Hwanghae",
    "South Pyongan",
    "North Pyongan",
    "South Phyongan",
    "North Phyongan",
    "South Hamgyong",
    "North Hamgyong",
    "Gangneung",
    "Taean",
    "Anheung",
)

# --- what happened to it ------------------------------------------------------------------------

FAILURE_CUES = (
    r"fail(?:ed|ure|s)?",
    r"explod(?:ed|es|ing)",
    r"explosion",
    r"blew\s+(?:up|apart)",
    r"blown\s+up",
    r"broke\s+(?:apart|up)",
    r"broken\s+apart",
    r"disintegrat\w+",
    r"crash(?:ed|es)",
    r"fizzled",
    r"unsuccessful",
    r"botched",
    r"abnormal(?:ly)?",
    r"lost\s+from\s+radar",
    r"went\s+wrong|go\s+wrong",
    r"misfire[sd]?",
)

SUCCESS_CUES = (
    r"successful(?:ly)?",
    r"succeeded",
    r"(?:hit|struck|striking|hitting)\s+(?:its\s+|the\s+|an?\s+)?(?:\w+\s+){0,3}(?:target|island)",
    r"planned\s+distance",
    r"into\s+orbit",
    r"a\s+success",
)

#: Words that make a failure cue about part of a salvo ("one of the two blew up") — the outcome is then mixed.
PARTIAL_CUES = (
    r"one\s+of\s+(?:the|two|three|them)",
    r"the\s+(?:first|second|other)\b",
    r"one\s+of\s+which",
    r"including",
    r"among\s+them",
)

# --- numbers ------------------------------------------------------------------------------------

NUMBER_WORDS: dict[str, int] = {
    "one": 1,
    "two": 2,
    "three": 3,
    "four": 4,
    "five": 5,
    "six": 6,
    "seven": 7,
    "eight": 8,
    "nine": 9,
    "ten": 10,
    "eleven": 11,
    "twelve": 12,
    "thirteen": 13,
    "fourteen": 14,
    "fifteen": 15,
    "sixteen": 16,
    "seventeen": 17,
    "eighteen": 18,
    "nineteen": 19,
    "twenty": 20,
    "thirty": 30,
    "forty": 40,
    "fifty": 50,
    "sixty": 60,
    "seventy": 70,
    "eighty": 80,
    "ninety": 90,
    "hundred": 100,
    "a hundred": 100,
    "a dozen": 12,
    "dozen": 12,
    "a pair of": 2,
    "pair of": 2,
    "a couple of": 2,
    "couple of": 2,
    "single": 1,
    "a single": 1,
    "lone": 1,
    "a lone": 1,
    "twin": 2,
}

#: Words before a number that set the count's qualifier.
COUNT_QUALIFIERS: tuple[tuple[str, str], ...] = (
    (r"at\s+least", "at_least"),
    (r"no\s+fewer\s+than", "at_least"),
    (r"a\s+minimum\s+of", "at_least"),
    (r"more\s+than", "approximate"),
    (r"over", "approximate"),
    (r"about", "approximate"),
    (r"around", "approximate"),
    (r"roughly", "approximate"),
    (r"approximately", "approximate"),
    (r"some", "approximate"),
    (r"nearly", "approximate"),
    (r"almost", "approximate"),
    (r"up\s+to", "approximate"),
    (r"an\s+estimated", "approximate"),
    (r"as\s+many\s+as", "approximate"),
    (r"fewer\s+than", "approximate"),
    (r"less\s+than", "approximate"),
    (r"dozens\s+of", "approximate"),
)

#: Words that say how many without a number: the count stays null.
VAGUE_COUNT_WORDS = (
    r"several",
    r"multiple",
    r"a\s+number\s+of",
    r"an\s+unspecified\s+number\s+of",
    r"a\s+series\s+of",
    r"dozens\s+of",
    r"a\s+volley\s+of",
    r"a\s+barrage\s+of",
    r"a\s+salvo\s+of",
    r"more",
)

# --- time -------------------------------------------------------------------------------------

WEEKDAYS: dict[str, int] = {
    "monday": 0,
    "tuesday": 1,
    "wednesday": 2,
    "thursday": 3,
    "friday": 4,
    "saturday": 5,
    "sunday": 6,
}

MONTHS: dict[str, int] = {
    "jan": 1,
    "january": 1,
    "feb": 2,
    "february": 2,
    "mar": 3,
    "march": 3,
    "apr": 4,
    "april": 4,
    "may": 5,
    "jun": 6,
    "june": 6,
    "jul": 7,
    "july": 7,
    "aug": 8,
    "august": 8,
    "sep": 9,
    "sept": 9,
    "september": 9,
    "oct": 10,
    "october": 10,
    "nov": 11,
    "november": 11,
    "dec": 12,
    "december": 12,
}

#: Speech verbs whose date is when something was said, which is only a fallback for when it was fired.
REPORT_VERBS = (
    r"said",
    r"says",
    r"reported",
    r"announced",
    r"told\s+reporters",
    r"told",
    r"confirmed",
    r"stated",
    r"added",
    r"disclosed",
    r"revealed",
    r"claimed",
    r"released",
)

#: Time phrases too vague to date a launch (labelling convention 3): they mark an older, undatable event.
VAGUE_TIMES = (
    r"(?:earlier|later)\s+(?:this|that|last)\s+(?:week|month|year)",
    r"(?:last|this|next|past|previous)\s+(?:week|month|year|weekend|summer|winter|spring|autumn|fall)",
    r"(?:over|during)\s+the\s+(?:weekend|past\s+\w+|last\s+\w+)",
    r"in\s+recent\s+(?:days|weeks|months|years)",
    r"(?:recent|past|previous)\s+(?:days|weeks|months|years)",
    r"(?:weeks|months|years)\s+ago",
    r"since\s+(?:the\s+)?(?:start|beginning)\s+of",
    r"(?:early|mid|late)[\s-](?:january|february|march|april|june|july|august|september|october|november|december|may)",
    r"in\s+the\s+(?:spring|summer|autumn|fall|winter)",
    r"a\s+(?:year|month|decade)\s+(?:ago|earlier|before)",
    r"(?:in|since|during|of|by)\s+(?:\d{4}|the\s+\d{4}s)",
    r"this\s+year'?s?",
    r"(?:the\s+)?last\s+time",
)

#: A day named for one of these dates something else ("the anniversary of the founding on Friday").
OTHER_OCCASIONS = (
    r"anniversary",
    r"summit",
    r"elections?",
    r"speech",
    r"meeting",
    r"talks",
    r"visit",
    r"conference",
    r"ceremony",
    r"parade",
    r"congress",
    r"vote",
    r"trip",
    r"holiday",
    r"festival",
    r"inauguration",
    r"crush",
    r"funeral",
    r"birthday",
)

#: Anaphoric times that point back to the date under discussion ("that afternoon", "the same day").
SAME_DAY_TIMES = (
    r"(?:later\s+)?that\s+(?:same\s+)?(?:day|morning|afternoon|evening|night)",
    r"the\s+same\s+(?:day|morning|afternoon|evening|night)",
    r"hours?\s+(?:later|earlier)",
    r"minutes?\s+(?:later|earlier)",
    r"shortly\s+(?:afterwards?|before|after)\b",
)

# --- discourse --------------------------------------------------------------------------------

#: Words opening a clause about a different (usually earlier) event than the sentence's main one.
OTHER_EVENT_OPENERS = (
    r"(?:(?:a|one|two|three|four|five|six|several|few|\d+)\s+)?(?:days?|hours?|weeks?|months?|years?)\s+(?:after|before|since)",
    r"after",
    r"before",
    r"since",
    r"following",
    r"followed",
    r"in\s+response\s+to",
    r"responding\s+to",
    r"in\s+retaliation\s+for",
    r"on\s+the\s+heels\s+of",
    r"amid",
    r"compared\s+with",
    r"unlike",
)

#: After these, "after"/"before" starts no new clause: "after launch", "before falling", "after 7 a.m.".
NOT_OPENER_FOLLOWERS = (
    r"\w+ing\b",
    r"launch\b",
    r"liftoff",
    r"take-?off",
    r"separation",
    r"\d{1,2}(?::\d\d)?\s*(?:a\.m\.|p\.m\.|am\b|pm\b|o'clock)",
    r"midnight",
    r"noon",
    r"dawn",
    r"it\s+was\s+launched",
)

#: Phrases tying a dated sentence to the undatable one before ("Both launches were part of a Nov. 2 barrage").
ANAPHORA = (
    r"both",
    r"these",
    r"those",
    r"part\s+of",
    r"the\s+(?:launch|launches|missiles?|tests?|firings?|barrage|salvo)\b",
    r"the\s+two",
    r"all\s+(?:of\s+)?(?:them|the)",
)
