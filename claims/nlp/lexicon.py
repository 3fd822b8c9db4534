"""Word lists the extractor reasons with: reporting verbs, stance cues, hedges, events, units."""

from __future__ import annotations

# Reporting verbs that say how the speaker sees or stresses something ("underlined that ...",
# "described the vote as a sham", "labelled the claim propaganda"), repeats it ("reiterated
# that ...") or decides it ("a judge ruled that ...", not "ruled the country" or "ruled out"):
# cues, but only with a clause or an object complement (CLAUSE_CUES).
_COMPLEMENT_CUES = (
    "reiterate",
    "rule",
    "underline",
    "underscore",
    "view",
    "regard",
    "characterize",
    "characterise",
    "portray",
    "label",
    "brand",
)
# Verbs that attribute content to a speaker (lemmas).
REPORTING_VERBS = frozenset(
    [
        "say",
        "tell",
        "claim",
        "report",
        "state",
        "announce",
        "confirm",
        "corroborate",
        "verify",
        "deny",
        "reject",
        "dismiss",
        "refute",
        "rebut",
        "debunk",
        "warn",
        "add",
        "note",
        "observe",
        "insist",
        "proclaim",
        "allege",
        "accuse",
        "suggest",
        "indicate",
        "estimate",
        "believe",
        "suspect",
        "argue",
        "assert",
        "acknowledge",
        "admit",
        "reveal",
        "disclose",
        "tweet",
        "write",
        "post",
        "publish",
        "respond",
        "reply",
        "explain",
        "describe",
        "call",
        "predict",
        "vow",
        "pledge",
        "threaten",
        "brief",
        "testify",
        "affirm",
        "maintain",
        "contend",
        "show",
        "find",
        "conclude",
        "decline",
        "refuse",
        "raise",
        "express",
        "assess",
        "judge",
        "emphasize",
        "emphasise",
        "stress",
        "mention",
        "detail",
        "document",
        "quote",
        "purport",
        "surface",
        "dispute",
        "contest",
        "disavow",
        "repudiate",
        "concede",
        "recount",
        "relay",
        "inform",
        "declare",
        "charge",
        "blame",
        "speculate",
        "hint",
        "imply",
        "caution",
        "signal",
        "acknowledge",
        "think",
        "expect",
        "fear",
        "put",
        "forecast",
        "record",
        "comment",
        *_COMPLEMENT_CUES,
        "name",
        "identify",
        "condemn",
    ]
)
# Verbs that report no answer, only negated and with one of these objects: "did not return
# calls", "did not return messages seeking comment" (a claim neither confirmed nor denied).
UNANSWERED_CUES = {
    "return": frozenset({"call", "calls", "message", "messages", "email", "emails", "request"})
    | frozenset({"requests", "text", "texts"}),
}
# What a party "could not be reached for": "for comment", "for a response".
ANSWER_NOUNS = frozenset({"comment", "response", "reaction", "statement", "interview"})
# The words of a non-answer that names no proposition: "(declined) to comment", "(did not
# respond) to repeated requests for comment", "(could not be reached) for comment".
NO_ANSWER_WORDS = frozenset(
    {"to", "for", "a", "an", "the", "our", "its", "their", "his", "her", "by", "on", "or", "and"}
    | {"no"}
    | {"comment", "comments", "request", "requests", "call", "calls", "message", "messages"}
    | {"email", "emails", "question", "questions", "query", "queries", "inquiry", "inquiries"}
    | {"response", "reaction", "statement", "interview", "text", "texts", "phone", "telephone"}
    | {"written", "emailed", "further", "immediate", "immediately", "repeated", "several"}
    | {"multiple", "seeking", "officially", "publicly", "sent", "outside", "business", "hours"}
    | {"press", "time", "weekend", "detailed", "specific", "media", "reporters", "this", "story"}
    | {"monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday", "at"}
    | {"today", "yesterday", "tonight", "night", "morning", "afternoon", "evening", "late"}
)
# "according to a translation by X": X carried the words, it is no source of them.
RELAY_NOUNS = frozenset({"translation", "transcript", "recording", "footage", "video"})
# What a named organisation is called later: "the militant group", "the movement".
GROUP_NOUNS = frozenset({"group", "movement", "militia", "faction", "organisation", "organization"})
# Reporting verbs only as a finite verb: "X condemned the decision", not "..., condemning it".
FINITE_CUES = frozenset({"condemn"})
# "It was not possible to verify ...": the outlet's own caveat, as "could not verify" is.
POSSIBILITY_WORDS = frozenset({"possible", "impossible"})
# Reporting verbs only with a clause or an object complement: "found that ...", "called X a
# rumor" (without one, "declared a state of emergency" is an event, not an attribution).
CLAUSE_CUES = frozenset(
    [
        "think",
        "expect",
        "fear",
        "believe",
        "find",
        "show",
        "call",
        "describe",
        "declare",
        "maintain",
        "document",
        "detail",
        "judge",
        "assess",
        "signal",
        "charge",
        "affirm",
        "record",
        *_COMPLEMENT_CUES,
    ]
)
# Verbs whose "of"/"for"/"with" + gerund says what someone did: "accused by X of killing ...".
ACCUSING_VERBS = frozenset({"accuse", "suspect", "charge", "blame", "criticise", "criticize"})
# Who accuses, when written as a common noun: "accused of rigging the vote by the opposition"
# (not "by air strikes").
ACCUSER_NOUNS = frozenset(
    {"opposition", "group", "groups", "government", "authorities", "investigators", "activists"}
    | {"residents", "witnesses", "critics", "officials", "observers", "monitors", "prosecutors"}
    | {"campaigners", "villagers", "lawmakers", "ministry", "army", "military", "police"}
)
# Verbs of watching: in "it had detected 153 Chinese aircraft" the one watched acts, not "it".
OBSERVING_VERBS = frozenset({"detect", "spot", "observe", "track", "monitor", "sight"})
# "came under fire/attack from X": X acts.
ATTACK_NOUNS = frozenset({"fire", "attack", "shelling", "bombardment", "assault", "gunfire"})
# Reporting verbs that only count with a fitting object: "raised alarm", "expressed concern".
OBJECT_CUES = {
    "raise": frozenset({"alarm", "alarms", "concern", "concerns", "doubt", "doubts", "question"}),
    "express": frozenset({"concern", "concerns", "doubt", "doubts", "support", "belief", "hope"}),
    "publish": frozenset({"report", "screed", "statement", "article", "commentary", "editorial"}),
    "post": frozenset({"video", "statement", "message", "footage"}),
    "surface": frozenset(),
    # "put the death toll at 31": a count given, not a thing placed.
    "put": frozenset({"toll", "figure", "number", "count", "tally", "total", "estimate"}),
}
# Verbs that say what something is with "as": "described the vote as fraudulent".
DESCRIBING_CUES = frozenset(
    {"describe", "view", "regard", "characterize", "characterise", "portray", "label", "brand"}
)
# Reporting verbs that count with "as" + who or what: "named him as X", "identified the body as Y".
IDENTIFYING_CUES = frozenset({"name", "identify"})
# Where a post is published: "the ministry posted on Telegram" reports, "posted on the gate" not.
POSTING_PLACES = frozenset(
    {"telegram", "x", "twitter", "facebook", "instagram", "tiktok", "weibo", "linkedin"}
    | {"website", "site", "channel", "account", "page", "platform", "media", "threads"}
)
# Reporting verbs that count with a counted object: "documented 67 killings", "recorded 12 cases".
COUNTING_CUES = frozenset({"document", "record"})
# Reporting verbs whose object is a figure and whose "at" gives its value: "put the toll at 31".
FIGURE_CUES = frozenset({"put", "estimate"})
# Nouns whose ``by``/``from`` complement names who the claimant relies on.
SOURCE_NOUNS = frozenset(
    [
        "warning",
        "warnings",
        "report",
        "reports",
        "claim",
        "claims",
        "assessment",
        "assessments",
        "intelligence",
        "estimate",
        "estimates",
        "account",
        "accounts",
        "statement",
        "statements",
        "allegation",
        "allegations",
        "finding",
        "findings",
        "data",
        "information",
        "evidence",
        "rumor",
        "rumors",
        "rumour",
        "rumours",
        "analysis",
        "claims",
        "data",
        "figures",
        "statistics",
        "survey",
        "study",
        "poll",
        "census",
        "records",
        "database",
        "website",
        "tally",
        "count",
        "translation",
        "statement",
        "review",
        "investigation",
        "document",
        "documents",
        "memo",
        "result",
        "results",
    ]
)
# "documents seen by X", "a memo obtained by X": X relays them and is who the article cites;
# "figures published by X", "data released by X", "results compiled by X": X is their author.
RELAYING_VERBS = frozenset(
    {
        "see",
        "obtain",
        "review",
        "publish",
        "release",
        "compile",
        "issue",
        "provide",
        "collect",
        "gather",
        "produce",
        "share",
    }
)
# What someone issues that says things: "filed a statement denying ...", "the statement added".
ISSUED_NOUNS = frozenset(
    {"statement", "affidavit", "filing", "communique", "communiqué", "declaration", "release"}
)
# Who speaks for an organisation: "the party's spokesman".
SPOKESPERSON_WORDS = frozenset(
    {"spokesman", "spokeswoman", "spokesperson", "spokespeople", "spokesmen", "representative"}
)
# "raised alarm about", "cautioned" and friends with a clause are reporting, nouns are not.
CONFIRM_VERBS = frozenset(
    [
        "confirm",
        "corroborate",
        "verify",
        "acknowledge",
        "admit",
        "substantiate",
        "validate",
        "concede",
    ]
)
DENY_VERBS = frozenset(
    [
        "deny",
        "reject",
        "dismiss",
        "refute",
        "rebut",
        "debunk",
        "dispute",
        "contest",
        "disavow",
        "repudiate",
    ]
)
# Words that make "called X a ..." a denial: "a groundless rumor", "fake news".
DENY_WORDS = frozenset(
    [
        "groundless",
        "baseless",
        "unfounded",
        "false",
        "fake",
        "fabricated",
        "fabrication",
        "fabrications",
        "lie",
        "lies",
        "nonsense",
        "absurd",
        "disinformation",
        "misinformation",
        "slander",
        "smear",
        "hoax",
        "untrue",
        "rumor",
        "rumour",
        "propaganda",
        "speculation",
        "fiction",
        "fantasy",
        "ridiculous",
        "distortion",
        "distortions",
        "misleading",
        "concocted",
        "slanderous",
        "defamatory",
        "inaccurate",
        "incorrect",
        "invented",
        "unsubstantiated",
        "unproven",
        "bogus",
        "fictitious",
        "fabricate",
        "farce",
        "sham",
        "travesty",
        "charade",
    ]
)
# Verbs that, with a negation or after "declined to", leave a claim neither confirmed nor denied.
NEITHER_AFTER = frozenset(
    ["comment", "confirm", "deny", "say", "discuss", "elaborate", "specify", "verify"]
)
# Verbs of showing after a reporting verb ("purports to show X", "claims to reveal that Y"): what
# is shown is the claim, not the showing.
SHOWING_VERBS = frozenset(["show", "depict", "reveal", "prove", "demonstrate", "indicate"])
# How a content verb says it is not so: "its ships have been falsely accused of ramming".
FALSITY_ADVERBS = frozenset({"falsely", "wrongly", "wrongfully", "mistakenly", "erroneously"})
# What a "claim" takes when it is no reporting: "the attack claimed many lives".
CLAIMED_TOLLS = frozenset({"life", "lives", "victim", "victims", "casualty", "casualties", "toll"})
HEDGE_MODALS = frozenset({"could", "may", "might"})
HEDGE_WORDS = frozenset(
    [
        "possible",
        "possibly",
        "perhaps",
        "probably",
        "probable",
        "likely",
        "unlikely",
        "reportedly",
        "allegedly",
        "alleged",
        "apparently",
        "purportedly",
        "purported",
        "presumably",
        "seemingly",
        "maybe",
        "potentially",
        "suspected",
        "unconfirmed",
        "unverified",
    ]
)
# Events a news report asserts: the claim-like core of an unattributed sentence (lemmas).
EVENT_VERBS = frozenset(
    [
        # "fighting broke out", "clashes erupted", "the blast occurred": that it happened.
        "erupt",
        "occur",
        "happen",
        "break",
        "deploy",
        "send",
        "dispatch",
        "move",
        "transfer",
        "station",
        "arrive",
        "enter",
        "invade",
        "annex",
        "occupy",
        "capture",
        "seize",
        "attack",
        "strike",
        "hit",
        "bomb",
        "shell",
        "fire",
        "launch",
        "kill",
        "wound",
        "injure",
        "destroy",
        "damage",
        "shoot",
        "down",
        "intercept",
        "sign",
        "agree",
        "ratify",
        "reaffirm",
        "expand",
        "withdraw",
        "retreat",
        "advance",
        "recapture",
        "liberate",
        "surrender",
        "clash",
        "fight",
        "kidnap",
        "abduct",
        "detain",
        "arrest",
        "release",
        "free",
        "execute",
        "displace",
        "flee",
        "evacuate",
        "besiege",
        "blockade",
        "sanction",
        "impose",
        "suspend",
        "halt",
        "resume",
        "mediate",
        "broker",
        "negotiate",
        "violate",
        "breach",
        "supply",
        "provide",
        "deliver",
        "ship",
        "export",
        "transport",
        "oust",
        "overthrow",
        "dissolve",
        "depose",
        "topple",
        "seize",
        "mobilize",
        "mobilise",
        "recruit",
        "train",
        "target",
        "raid",
        "storm",
        "overrun",
        "repel",
        "repulse",
        "shoot",
        "announce",
        "declare",
        "close",
        "reopen",
        "open",
        "cut",
        "spend",
        "deploy",
        "execute",
        "die",
        "murder",
        "massacre",
        "loot",
        "burn",
        # beyond war: drills, strikes, votes, rates, ships
        "stage",
        "conduct",
        "hold",
        "raise",
        "lower",
        "hike",
        "ground",
        "resupply",
        "sink",
        "collide",
        "ram",
        "board",
        "intrude",
        "expel",
        "ban",
        "approve",
        "elect",
        "win",
        "resign",
        "appoint",
        "dismiss",
        "suspend",
        "test",
        "encircle",
    ]
)
# Actions whose negation in reported speech is a denial: "neither was requesting assistance".
DENIABLE_VERBS = frozenset(
    {"request", "ask", "seek", "plan", "prepare", "intend", "receive", "join", "involve", "use"}
    | {"offer", "interfere", "rig", "manipulate", "falsify", "tamper", "sack", "fire"}
    | {"participate", "target", "harm", "commit", "carry", "conduct", "order", "approve"}
    | {"spy", "surveil", "wiretap", "eavesdrop", "hack", "arm"}
    | {"influence", "bribe", "pressure", "leak", "steal", "embezzle", "launder", "torture"}
)
# Moves of a figure that the outlet itself reports as events when it gives how much: "shares
# fell 3.2 percent", "inflation rose to 34%" (not "the town fell", "tensions rose").
CHANGE_VERBS = frozenset(
    {"fall", "rise", "drop", "climb", "jump", "slump", "plunge", "surge", "soar", "tumble"}
    | {"slide", "gain", "lose", "decline", "increase", "decrease", "grow", "shrink"}
)
# Deployment-like actions: their summaries read "what → where".
MOVEMENT_VERBS = frozenset(
    [
        "deploy",
        "send",
        "dispatch",
        "move",
        "transfer",
        "station",
        "arrive",
        "enter",
        "redeploy",
        "ship",
        "deliver",
        "transport",
        "relocate",
        "mobilize",
        "mobilise",
        "reinforce",
        "head",
        "travel",
    ]
)
# Collective nouns that name a force by a modifier: "an engineering force", "a naval unit".
COLLECTIVE_NOUNS = frozenset(
    [
        "force",
        "forces",
        "unit",
        "units",
        "contingent",
        "team",
        "corps",
        "battalion",
        "brigade",
        "division",
        "regiment",
    ]
)
# Heads of a named group's members ("M23 rebels", "the ruling X party"): the name acts.
GROUP_HEADS = frozenset(
    {"rebels", "fighters", "militants", "insurgents", "militia", "militiamen", "gunmen"}
    | {"jihadists", "forces", "troops", "soldiers", "party", "group", "movement", "faction"}
)
# Modifiers that describe size or manner, not what a force is.
SIZE_WORDS = frozenset(
    [
        "large",
        "large-scale",
        "scale",
        "small",
        "big",
        "major",
        "sizable",
        "sizeable",
        "additional",
        "more",
        "new",
        "some",
    ]
)
# Topic classes: different words for one kind of event, so a matcher can link rewordings.
TOPICS = {
    "agreement": "treaty alliance pact accord agreement deal partnership",
    "deploy": "deploy deployment send dispatch move movement transfer",
    "attack": "attack strike assault offensive raid bombardment shelling airstrike bomb shell",
    "casualties": "kill death dead casualty casualties die killing",
    "ceasefire": "ceasefire truce armistice",
    "coup": "coup overthrow oust junta putsch",
    "talks": "talk talks negotiation negotiations mediation summit",
    "capture": "capture seize seizure takeover",
    "withdrawal": "withdraw withdrawal retreat pullout",
    "sanctions": "sanction sanctions embargo",
    "hostages": "hostage hostages captive captives abduct kidnap",
    "aid": "aid assistance supply supplies delivery",
}
TOPIC_OF = {word: topic for topic, words in TOPICS.items() for word in words.split()}
# Pronouns and descriptions that point back to a country already named.
COUNTRY_ANAPHORS = frozenset(
    {"nation", "country", "regime", "government", "state", "administration", "kingdom"}
)
# Heads of a subject that speak for a country when a nationality word or owner is given.
GOVERNMENT_ROLES = frozenset(
    [
        "government",
        "officials",
        "authorities",
        "representatives",
        "diplomats",
        "leadership",
        "regime",
        "administration",
        "ministry",
        "delegation",
        "envoys",
        "spokespeople",
    ]
)
OUTLET_WORDS = frozenset(
    [
        "news",
        "tv",
        "television",
        "radio",
        "times",
        "post",
        "journal",
        "agency",
        "pravda",
        "press",
        "network",
        "outlet",
        "newspaper",
        "media",
        "broadcaster",
        "daily",
        "herald",
        "tribune",
        "gazette",
        "reuters",
        "ap",
        "afp",
        "bbc",
        "cnn",
        "tass",
        "xinhua",
        "channel",
        "magazine",
        "wire",
        "paper",
        "tabloid",
        "website",
        "monitor",
    ]
)
STATE_MEDIA_MARKERS = ("state media", "state news", "state outlet", "state television")
GOVERNMENT_WORDS = frozenset(
    [
        "ministry",
        "government",
        "white",
        "house",
        "kremlin",
        "pentagon",
        "department",
        "office",
        "presidency",
        "administration",
        "cabinet",
        "embassy",
        "council",
        "parliament",
        "senate",
        "congress",
        "mission",
        "spokesman",
        "spokeswoman",
        "spokesperson",
        "minister",
        "president",
        "premier",
        "chancellor",
    ]
)
# Think tanks, foundations, research bodies: organisations, though "council" or "center" is in
# their name ("Council on Foreign Relations", "Center for Strategic and International Studies";
# a "Security Council" or "city council" stays a government's).
THINK_TANK_WORDS = frozenset({"institute", "institution", "foundation", "endowment", "think-tank"})
THINK_TANK_PHRASES = (
    " council on ",
    " council for ",
    " center for ",
    " centre for ",
    " center on ",
    " centre on ",
    " think tank ",
)
MILITARY_WORDS = frozenset(
    [
        "army",
        "military",
        "forces",
        "command",
        "navy",
        "air",
        "force",
        "troops",
        "militia",
        "brigade",
        "general",
    ]
)
# The word, and the usual acronyms of national intelligence and security services of many
# countries (as the tokens of a lower-cased name: "the SBU" -> "sbu").
INTELLIGENCE_WORDS = frozenset(
    {
        "intelligence",
        "spy",
        "counterintelligence",
        "cia",
        "nsa",
        "dia",
        "mi5",
        "mi6",
        "gchq",
        "sis",
        "fsb",
        "svr",
        "gru",
        "sbu",
        "hur",
        "gur",
        "mossad",
        "shabak",
        "isi",
        "mss",
        "nis",
        "dgse",
        "dgsi",
        "bnd",
        "asio",
        "asis",
        "csis",
    }
)
ANONYMOUS_WORDS = frozenset({"anonymous", "unnamed", "unidentified"})
ANONYMOUS_HEADS = frozenset({"source", "sources", "official", "officials", "person", "people"})
# Objects of "told" that are an audience, part of the cue: "told the press".
AUDIENCES = frozenset(
    [
        "press",
        "reporters",
        "journalists",
        "media",
        "audience",
        "lawmakers",
        "parliament",
        "crowd",
        "outlet",
    ]
)
# Person pronouns and what they may refer to.
PERSON_PRONOUNS = frozenset({"he", "she", "him", "her"})
THING_PRONOUNS = frozenset({"it", "they"})
# Words after a number that are a distance, a duration or a ratio, never what a claim counts.
MEASURE_UNITS = frozenset(
    [
        "kilometers",
        "kilometres",
        "kilometer",
        "kilometre",
        "km",
        "kms",
        "miles",
        "mile",
        "meters",
        "metres",
        "meter",
        "metre",
        "feet",
        "foot",
        "yards",
        "inches",
        "centimeters",
        "centimetres",
        "cm",
        "mm",
        "hectares",
        "acres",
        "square",
        "sq",
        "degrees",
        "hours",
        "hour",
        "minutes",
        "minute",
        "seconds",
        "days",
        "day",
        "weeks",
        "week",
        "months",
        "month",
        "years",
        "year",
        "decades",
        "times",
        "fold",
        "percent",
        "per",
        "cent",
        "percentage",
        "points",
        "point",
        "tonnes",
        "tons",
        "kilograms",
        "kg",
        "pounds",
        "liters",
        "litres",
        "gallons",
        "barrels",
    ]
)
# Counted people named by an adjective: "25 wounded", "a dozen dead".
CASUALTY_UNITS = frozenset({"wounded", "dead", "injured", "missing", "displaced", "killed"})
CURRENCY_SYMBOLS = {"$": "dollars", "US$": "dollars", "£": "pounds", "€": "euros", "¥": "yen"}
# "That is not true/accurate": negated, these make the speaker's words a denial.
TRUTH_WORDS = frozenset({"true", "accurate", "correct", "right", "factual", "real", "so", "case"})
# "There is no evidence/plan ...": the speaker says the thing does not exist.
ABSENCE_NOUNS = frozenset(
    {"evidence", "proof", "truth", "basis", "foundation", "plan", "plans", "intention", "fraud"}
    | {"truth", "indication", "sign", "question"}
)
# A part in something that a speaker denies having: "had no involvement in", "has no role in".
PART_NOUNS = frozenset({"involvement", "role", "part", "hand", "link", "connection", "knowledge"})
# What a claim is called when it is the subject of a denial: "the claim ... is not supported".
CLAIM_NOUNS = frozenset(
    {"claim", "report", "allegation", "accusation", "account", "assertion", "rumor", "rumour"}
    | {"suggestion", "statement", "story", "charge", "contention"}
)
# What a business is called before or after its name ("carmaker X", "X, the miner") and
# again later on its own ("the company said"). Not "group": "the group" is as often armed.
COMPANY_NOUNS = frozenset(
    {"company", "firm", "carmaker", "automaker", "bank", "lender", "insurer", "miner", "airline"}
    | {"retailer", "manufacturer", "chipmaker", "conglomerate", "supplier", "shipbuilder"}
)
# A country's own organs: "the Turkish Foreign Ministry" is Turkey speaking.
GOVERNMENT_BODIES = frozenset({"ministry", "government", "presidency", "cabinet"})
# A claim named only by what kind of statement it is, with no content of its own: "the
# accusations", "its plans", "such reports", "it". It is a mention of an earlier claim.
ANAPHORIC_NOUNS = CLAIM_NOUNS | frozenset(
    {"claims", "reports", "allegations", "accusations", "accounts", "assertions", "rumors"}
    | {"rumours", "suggestions", "statements", "stories", "charges", "plan", "plans"}
    | {"speculation", "deployment", "deployments", "move", "moves", "intention", "intentions"}
    | {"news", "information", "matter", "issue", "reporting", "thing", "this", "that", "it"}
    | {"them", "these", "those", "idea", "involvement", "presence", "announcement"}
)
ANAPHORIC_DETERMINERS = frozenset(
    {"the", "a", "an", "its", "their", "his", "her", "our", "such", "any", "these", "those"}
    | {"this", "that", "all", "those", "recent", "latest", "earlier", "previous", "reported"}
    | {"alleged", "purported", "at", "so", "far", "as", "yet", "of", "now"}
)
# "has not confirmed at press time": a time phrase leaves the object unsaid.
TIME_FILLERS = frozenset({"press", "time", "moment", "writing", "publication", "present"})
# Reports no one is named for ("past reports", "media reports", "reports"): one anonymous source.
GENERIC_REPORT_HEADS = frozenset({"report", "reports", "reporting", "rumor", "rumors", "rumours"})
GENERIC_REPORT_NAME = "media reports"
# What may come with them and still name no one: "several unconfirmed local media reports".
GENERIC_REPORT_WORDS = frozenset(
    {"the", "some", "several", "many", "multiple", "numerous", "various", "other", "these"}
    | {"those", "such", "past", "recent", "earlier", "initial", "previous", "latest", "new"}
    | {"first", "unconfirmed", "conflicting", "widespread", "local", "media", "news", "press"}
    | {"social", "online"}
)
