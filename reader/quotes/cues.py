"""Cue words for quote finding and attribution, kept as data.

Everything the attribution step "knows" about English news prose lives
here: which verbs introduce speech, which words are titles rather than
names, which words end a noun phrase. The steps in ``attribution.py`` and
``names.py`` only combine these tables, so tuning means editing a table,
not adding a code branch.
"""

from __future__ import annotations

# --- quotation marks -------------------------------------------------------

#: Double quotation marks: straight, curly, low-9 and guillemets.
OPEN_DOUBLE = "“„«"
CLOSE_DOUBLE = "”»"
STRAIGHT_DOUBLE = '"'
DOUBLE_MARKS = OPEN_DOUBLE + CLOSE_DOUBLE + STRAIGHT_DOUBLE

#: Single marks; used as primary quotes only in bodies without double marks.
OPEN_SINGLE = "‘"
CLOSE_SINGLE = "’"
STRAIGHT_SINGLE = "'"

#: Characters that fold to a straight quote when comparing quote text.
QUOTE_FOLD = {
    ord("“"): '"',
    ord("”"): '"',
    ord("„"): '"',
    ord("«"): '"',
    ord("»"): '"',
    ord("‘"): "'",
    ord("’"): "'",
    ord("‚"): "'",
    ord("`"): "'",
}

# --- speech verbs ------------------------------------------------------------

def _forms(*entries: str) -> tuple[str, ...]:
    """Expand "base|past|third" entries; a bare base gets regular forms."""
    out: list[str] = []
    for entry in entries:
        parts = entry.split("|")
        if len(parts) == 1:
            base = parts[0]
            if base.endswith("e"):
                past, third = base + "d", base + "s"
            elif base.endswith("y") and base[-2:-1] not in "aeiou":
                past, third = base[:-1] + "ied", base[:-1] + "ies"
            elif base.endswith(("sh", "ch", "ss", "x")):
                past, third = base + "ed", base + "es"
            else:
                past, third = base + "ed", base + "s"
            parts = [base, past, third]
        base, past, third = parts
        # A bare base form is a verb only after an auxiliary ("could confirm")
        # and third-person forms of noun-like verbs are usually nouns
        # ("the report", "the notes"): keep only the unambiguous forms.
        if base.split()[0] in _BASE_FORMS:
            out.append(base)
        out.append(past)
        if base.split()[0] not in _NOUN_LIKE:
            out.append(third)
    return tuple(dict.fromkeys(out))


_BASE_FORMS = frozenset(
    "say tell write add ask explain confirm argue insist admit predict warn suggest agree put go point".split()
)
_NOUN_LIKE = frozenset(
    """report post state claim charge answer comment question order object offer reason counter text
    email promise remark press blast plan hope fear thank cite call attack label brand order roar boom
    rant rail protest reveal estimate hint plead vow pledge joke""".split()
)


#: Speech verbs in all finite forms a reporter writes. The subject of such a
#: verb is the speaker ("X said", "said X").
SPEECH_VERBS: tuple[str, ...] = _forms(
    "say|said|says", "tell|told|tells", "write|wrote|writes",
    "swear|swore|swears", "go on|went on|goes on", "put it|put it|puts it", "shoot back|shot back|shoots back",
    "fire back|fired back|fires back", "chime in|chimed in|chimes in", "point out|pointed out|points out",
    "add", "ask", "explain", "note", "argue", "insist", "continue", "state", "declare", "claim",
    "reply", "respond", "recall", "warn", "acknowledge", "admit|admitted|admits", "announce",
    "observe", "remark", "suggest", "joke", "quip|quipped|quips", "tweet", "post", "testify",
    "conclude", "concede", "complain", "counter", "emphasize", "emphasise", "stress", "caution",
    "predict", "promise", "urge", "shout", "yell", "exclaim", "muse", "confirm", "boast", "brag|bragged|brags",
    "charge", "vow", "plead", "proclaim", "report", "answer", "lament", "gripe", "recount",
    "wonder", "assure", "remind", "implore", "demand", "agree", "disagree", "echo|echoed|echoes",
    "repeat", "interject", "retort", "snap|snapped|snaps", "scoff", "deadpan|deadpanned|deadpans",
    "marvel|marveled|marvels", "offer", "opine", "reason", "elaborate", "clarify", "confide",
    "mention", "remember", "reflect", "press", "interrupt", "text|texted|texts", "email", "grumble",
    "mutter", "whisper", "scream", "cry", "beg|begged|begs", "question", "speculate", "estimate",
    "surmise", "theorize", "assert", "contend", "maintain", "reiterate", "underscore", "summarize",
    "relate", "advise", "propose", "hint", "indicate", "disclose", "reveal", "confess", "bemoan",
    "protest", "object", "rail", "rant", "fume", "taunt", "tease", "laugh", "chuckle", "comment",
    "boom", "bellow", "thunder", "roar", "inform", "threaten", "pledge", "rebut|rebutted|rebuts",
    "blast", "sigh", "describe", "allege", "affirm", "instruct", "order", "caution",
) + ("reads",)  # "the statement reads" (not "read": "he read the book")

#: Verbs by which a subject characterises someone in words of their own
#: ("Trump called him a "stiff"", "likened the refugees to a "vicious
#: snake""): a quote in their complement is the subject's. Used only before
#: the quote, in its sentence.
CHARACTERISING_VERBS: tuple[str, ...] = _forms(
    "call", "accuse", "liken", "label|labeled|labels", "label|labelled|labels", "brand", "dub|dubbed|dubs",
    "decry|decried|decries", "denounce", "praise", "slam|slammed|slams", "attack", "mock", "criticize",
    "criticise", "tout", "hail", "dismiss", "refer to|referred to|refers to", "characterize",
    "characterise", "deride", "condemn", "applaud", "thank", "cite", "blame", "vow", "pledge",
    "promise", "want", "hope", "plan", "expect", "believe", "feel|felt|feels",
    "seek|sought|seeks", "hope", "fear", "envision", "celebrate", "label", "tell|told|tells",
) + ("calls", "praises", "vows", "pledges")  # third persons that are rarely nouns

#: Participles that continue a sentence whose subject is already the speaker
#: ("..., Lukyanov said, adding that only an "extremely bold" proposal ...").
PARTICIPLE_CUES: tuple[str, ...] = (
    "likening", "accusing", "branding", "dubbing", "labeling", "labelling", "pledging",
    "promising", "praising", "mocking", "attacking", "blasting", "deriding", "dismissing",
    "adding", "saying", "noting", "calling", "describing", "arguing", "explaining",
    "insisting", "warning", "telling", "writing", "asking", "declaring", "stating",
    "claiming", "suggesting", "speculating", "referring", "continuing", "recalling",
    "acknowledging", "admitting", "stressing", "predicting", "urging", "quipping",
    "joking", "tweeting", "complaining", "vowing",
)

#: Cues whose speaker FOLLOWS them ("according to X").
PREPOSED_CUES: tuple[str, ...] = (
    "according to",
    "in the words of",
    "as put by",
)

#: Nouns for what someone said, by which a sentence after a quote names its
#: speaker ("Those were the words of X", "The remark came from X", "X made
#: the promise ...").
SPEECH_NOUNS: tuple[str, ...] = (
    "words",
    "remark",
    "remarks",
    "comment",
    "comments",
    "statement",
    "promise",
    "pledge",
    "vow",
    "warning",
    "message",
    "quip",
    "line",
    "claim",
    "assessment",
    "verdict",
    "response",
    "reply",
)
#: Verbs whose subject is the speaker of a speech noun they take ("made the remark").
SPEECH_NOUN_VERBS: tuple[str, ...] = ("made", "makes", "offered", "delivered", "gave", "issued", "uttered")

#: Verbs that take a non-speaker object ("X told CNN", "X told reporters"); the
#: speaker is still the subject, never the object.
OBJECT_VERBS: tuple[str, ...] = ("told", "tells", "tell", "asked", "asks", "reminded", "assured", "urged")

#: Words allowed between a speaker and the verb ("Clinton also said").
VERB_ADVERBS: frozenset[str] = frozenset(
    """also later then once previously recently repeatedly again further still
    earlier often frequently simply flatly bluntly quietly angrily publicly privately
    has have had would will could might may did does do is was were are be been
    had reportedly separately jokingly tersely sharply subsequently ultimately
    even just only already first last finally never always allegedly""".split()
)

#: Auxiliaries that may sit between subject and cue ("could confirm").
AUXILIARIES: frozenset[str] = frozenset(
    "has have had would will could might may did does do is was were are be been can shall should".split()
)

# --- noun phrases ------------------------------------------------------------

#: Third-person pronouns a speaker may be referred to by.
PRONOUNS: dict[str, str] = {
    "he": "m", "she": "f", "they": "p", "it": "n", "him": "m", "her": "f",
}

#: Words that say a person's gender where they are named: honorifics and
#: titles in the name ("Mrs. Clinton", "Sir John"), role nouns before it or in
#: its appositive ("congresswoman Jane Doe", "Tom Reyes, the group's
#: chairman"). A "she" does not mean someone named "Mr." (see pronouns.py).
GENDERED_WORDS: dict[str, str] = {
    **dict.fromkeys(
        """mr mr. sir lord king prince duke baron earl viscount congressman spokesman businessman
        chairman councilman assemblyman alderman congressmen father husband son brother uncle
        grandfather nephew boyfriend widower actor waiter monk priest""".split(),
        "m",
    ),
    **dict.fromkeys(
        """mrs mrs. ms ms. miss madam dame lady queen princess duchess baroness countess
        congresswoman spokeswoman businesswoman chairwoman councilwoman assemblywoman
        mother wife daughter sister aunt grandmother niece girlfriend widow actress waitress
        nun""".split(),
        "f",
    ),
}

#: Common English first names by gender (general lists, not taken from any
#: corpus): a "she" does not mean "John Smith" nor a "he" "Mary Smith".
#: Names given to both are in neither list.
FEMALE_FIRST_NAMES: frozenset[str] = frozenset(
    """mary patricia linda barbara elizabeth jennifer maria susan margaret dorothy lisa nancy karen betty
    helen sandra donna carol ruth sharon michelle laura sarah kimberly deborah debra jessica shirley
    cynthia angela melissa brenda amy anna rebecca virginia kathleen pamela martha amanda stephanie
    carolyn christine janet catherine frances ann joyce diane alice julie heather teresa doris gloria
    evelyn cheryl mildred katherine joan judith rose janice nicole judy christina kathy theresa beverly
    denise tammy irene jane lori rachel marilyn andrea kathryn louise sara anne jacqueline wanda bonnie
    julia ruby lois tina phyllis norma paula diana annie lillian emily peggy crystal gladys rita dawn
    connie florence edna tiffany carmen rosa cindy grace wendy victoria edith sherry sylvia josephine
    thelma shannon sheila ethel ellen elaine marjorie carrie charlotte monica esther pauline emma
    juanita anita rhonda hazel amber eva debbie april clara lucille joanne eleanor valerie danielle
    megan alicia suzanne michele gail bertha darlene veronica jill erin geraldine lauren cathy joann
    lorraine sally regina erica beatrice dolores bernice audrey yvonne annette stacy ana renee ida
    vivian roberta holly brittany melanie loretta yolanda jeanette laurie katie kristen vanessa alma
    sue elsie beth jeanne hillary hilary carly olivia sophia isabella ava mia abigail madison chloe
    ella natalie hannah samantha alexis kayla brianna jasmine sophie lucy ellie molly jenny kate katy
    nora claire naomi tamara tanya vera leah janine maxine brooke harriet""".split()
)
MALE_FIRST_NAMES: frozenset[str] = frozenset(
    """james john robert michael william david richard charles joseph thomas christopher daniel paul mark
    donald george kenneth steven edward brian ronald anthony kevin jason matthew gary timothy jose
    larry jeffrey frank scott eric stephen andrew raymond gregory joshua jerry dennis walter patrick
    peter harold douglas henry carl arthur ryan roger joe juan jack albert jonathan justin gerald keith
    samuel ralph lawrence nicholas roy benjamin bruce brandon adam harry fred wayne billy steve louis
    jeremy aaron randy howard eugene carlos russell bobby victor martin ernest phillip todd jesse craig
    alan shawn clarence sean philip chris johnny earl jimmy antonio danny bryan tony luis mike stanley
    leonard nathan dale manuel rodney curtis norman allen marvin vincent glenn jeffery travis jeff chad
    jacob melvin alfred kyle francis bradley jesus herbert frederick ray joel edwin don eddie ricky
    troy randall barry alexander mario leroy francisco marcus micheal theodore clifford miguel oscar
    jay jim tom calvin alex jon ronnie bill lloyd tommy leon derek warren darrell jerome floyd leo
    alvin tim wesley gordon dean greg jorge dustin pedro derrick dan lewis zachary corey herman maurice
    vernon roberto clyde glen hector shane ricardo sam rick lester brent ramon charlie tyler gilbert
    gene marc reginald ruben brett nathaniel rafael edgar milton raul ben chester cecil duane franklin
    andre elmer brad gabriel ron mitchell roland arnold harvey jared adrian karl cory claude erik
    darryl neil christian javier fernando clinton ted mathew tyrone darren lonnie lance cody julio kurt
    allan nelson guy clayton hugh max dwayne dwight armando felix jimmie everett ian wallace ken bob
    jaime alfredo alberto dave ivan johnnie sidney byron julian isaac morris clifton willard daryl ross
    virgil andy marshall salvador perry kirk sergio seth kent terrance eduardo terrence enrique freddie
    wade marco hank elijah noah liam ethan mason logan lucas oliver aiden owen connor evan hunter caleb
    luke gavin""".split()
)

#: Pronouns that are also possessive determiners: "Her agent Barry Brown said"
#: names the agent, not "her".
POSSESSIVE_PRONOUNS: frozenset[str] = frozenset(("her", "his", "their", "its"))

#: First/second person: a quote "I said" inside a quote is not attribution.
NON_SPEAKER_PRONOUNS: frozenset[str] = frozenset("i we you me us".split())

#: Honorifics dropped from names ("Mr. Lukyanov" -> "Lukyanov").
HONORIFICS: frozenset[str] = frozenset(
    "mr mr. mrs mrs. ms ms. miss dr dr. prof prof. sir dame lord lady messrs messrs.".split()
)

#: Peerages: "Lord Falconer" keeps the title as part of the name.
PEERAGE: frozenset[str] = frozenset("lord lady baroness baron viscount earl marquess duke duchess".split())

#: Multi-word roles, matched before single title words.
ROLE_PHRASES: tuple[str, ...] = (
    "Secretary of State",
    "Secretary of Defense",
    "Secretary of Defence",
    "Secretary of the Treasury",
    "Secretary of Homeland Security",
    "Secretary General",
    "Secretary-General",
    "Attorney General",
    "Surgeon General",
    "Speaker of the House",
    "Chancellor of the Exchequer",
    "Home Secretary",
    "Foreign Secretary",
    "Prime Minister",
    "Vice President",
    "Vice-President",
    "Majority Leader",
    "Minority Leader",
    "Press Secretary",
    "Chief of Staff",
    "Chief Executive",
)

#: Capitalised words that are titles or roles, not part of a person's name
#: ("Ohio Gov. John Kasich", "Democrat Bernie Sanders").
TITLE_WORDS: frozenset[str] = frozenset(
    w.lower()
    for w in """
    President Vice Secretary Senator Sen. Sens. Representative Rep. Reps. Congressman
    Congresswoman Congressmember Gov. Governor Lt. Lieutenant Mayor Minister Premier
    Chancellor Ambassador Amb. Judge Justice Chief Deputy Assistant Under Undersecretary
    Director Chairman Chairwoman Chair Chairperson Commissioner Councilman Councilwoman
    Councillor Councilor Spokesman Spokeswoman Spokesperson Leader Speaker Whip Adviser
    Advisor Counsel Attorney General Gen. Col. Lt. Maj. Capt. Sgt. Cpl. Adm. Cmdr.
    Officer Agent Detective Inspector Superintendent Constable Pope Cardinal Bishop
    Archbishop Rev. Reverend Father Rabbi Imam Sheikh King Queen Prince Princess Duke
    Duchess Emir Sultan President-elect Former Acting Interim Incoming Outgoing
    Democrat Democrats Republican Republicans Democratic GOP Independent Libertarian
    Del. Delegate Assemblyman Assemblywoman Alderman Sec. Atty. Gen Supt. Coach
    Manager Professor CEO CFO COO Founder Co-founder Editor Host Anchor Correspondent
    Analyst Economist Strategist Pollster Candidate Nominee Frontrunner Front-runner
    Candidate Hopeful Billionaire Businessman Businesswoman Sir Dame Lord Lady Baroness
    Mr. Mrs. Ms. Dr. Prof. MP MEP MSP AM Chief-Executive Executive Officer
    """.split()
)

#: Capitalised words that make a run an organisation or place, not a person.
ORG_WORDS: frozenset[str] = frozenset(
    w.lower()
    for w in """
    Department Ministry Office Agency Administration Committee Commission Council
    Congress Senate House Parliament Government Party Campaign University College
    Institute Institution Center Centre Foundation Association Society Union Federation
    League Club Group Company Corp. Corporation Inc. Ltd. Co. LLC Bank Fund Trust Times
    Post News Journal Herald Tribune Review Magazine Network Channel Radio Television TV
    Press Media Daily Weekly Street Avenue Square City County State States Republic
    Kingdom Court Board Council Authority Service Services Force Army Navy Police
    Security Affairs Reserve Exchange Market Markets Airlines Airways Motors Group
    Project Coalition Alliance Movement Organization Organisation Network Caucus PAC
    Fed Federal Bureau Watch Forum Report Research Studies Capital Partners Holdings
    Chamber Chambers Commerce Industry Industries Institute Federation Confederation
    Hospital School Church Museum Library Council Convention Conference Summit Week
    Monday Tuesday Wednesday Thursday Friday Saturday Sunday January February March
    April May June July August September October November December
    """.split()
)

#: Capitalised words that start sentences but never names ("However
#: Nintendo said" names Nintendo).
NON_NAME_CAPS: frozenset[str] = frozenset(
    """however but and meanwhile yet still also now then indeed instead overall separately
    earlier later last this that these those there here while when after before if although
    though since because as so in on at for with from by of to despite among according asked
    speaking writing elsewhere nevertheless nonetheless moreover furthermore besides finally
    first second third next today yesterday tonight recently previously currently ultimately
    initially eventually otherwise perhaps maybe surely clearly obviously""".split()
) | frozenset(
    # speech verbs opening a sentence before the name ("Stated Stone:", "Continued Stone:")
    """said says stated states continued continues added adds explained explains noted notes
    wrote writes recalled recalls insisted insists argued argues warned warns replied replies
    declared declares concluded concludes""".split()
)

#: Words that end a backward scan for the subject of a cue verb: clause
#: boundaries and complementisers ("... confirm was that the official ...").
SUBJECT_STOPS: frozenset[str] = frozenset(
    """that which who whom whose when while where because although though if as
    and but or so yet since after before until unless whether than then
    was were is are be been being to""".split()
)

#: Words after which a capitalised word is not a name start (relative words
#: and prepositions that put a name in a modifier: "Joel Pollak of Breitbart").
PREPOSITIONS: frozenset[str] = frozenset(
    """of at from with for in on by to about under over into near like via
    without within across against among between behind beyond during per""".split()
)

#: Words that end a descriptive speaker phrase ("a Russian analyst with
#: contacts at ..." -> "a Russian analyst").
DESCRIPTION_CUTS: frozenset[str] = frozenset("with who whom whose which that".split())

#: Determiners that start a descriptive (non-name) speaker phrase.
DETERMINERS: frozenset[str] = frozenset(
    """a an the one two three four five several some many most other another his her their its
    our this that these those any each both senior top""".split()
)

#: Words before which lower-case words ahead of a name stop being its role
#: ("met with campaign spokesman Brian Fallon": "campaign spokesman").
ROLE_LEAD_STOPS: frozenset[str] = PREPOSITIONS | DETERMINERS | SUBJECT_STOPS

#: Indefinite determiners: a speaker introduced this way is often named in the
#: next paragraph ("A Russian analyst said ... Fyodor Lukyanov, editor ..., said").
INDEFINITES: frozenset[str] = frozenset("a an one".split())

#: Time expressions often found between a speaker and the cue or after it.
TIME_WORDS: frozenset[str] = frozenset(
    """monday tuesday wednesday thursday friday saturday sunday today yesterday tonight
    morning afternoon evening night week month year last earlier recently""".split()
)

# --- non-speech quotes ---------------------------------------------------------

#: Words right before a quote that make it a name/term, not speech
#: ("so-called "free army"", "dubbed "the Donald"").
SCARE_CUES: tuple[str, ...] = (
    "so-called", "so called", "termed", "titled", "entitled", "known as", "nicknamed",
    "the word", "the term", "the phrase", "the words", "the slogan",
)

#: Words before a quoted title that say it is a work or show
#: ("his book "Tough Choices"", "on NBC's "Meet the Press"").
TITLE_CUES: tuple[str, ...] = (
    "book", "memoir", "novel", "film", "movie", "documentary", "show", "series",
    "programme", "program", "album", "song", "single", "play", "musical", "column",
    "article", "essay", "op-ed", "editorial", "report", "podcast", "episode",
    "headline", "magazine", "newspaper", "poem", "opera", "segment", "broadcast",
    "sitcom", "drama", "comedy", "hit", "titled", "entitled", "on", "in",
)

#: Lowercase words allowed in a title-case run ("The Spy Who Shagged Me").
TITLE_SMALL_WORDS: frozenset[str] = frozenset(
    "a an the and or but nor of in on at to for by with from as vs vs. v. de la le du".split()
)

#: Abbreviations that end with a full stop but do not end a sentence.
ABBREVIATIONS: frozenset[str] = frozenset(
    w.lower()
    for w in """
    Mr. Mrs. Ms. Dr. Prof. Sen. Sens. Rep. Reps. Gov. Lt. Gen. Col. Maj. Capt. Sgt. Cpl.
    Adm. Cmdr. Rev. St. Jr. Sr. Inc. Ltd. Co. Corp. No. Nos. vs. v. etc. e.g. i.e. Jan.
    Feb. Mar. Apr. Jun. Jul. Aug. Sep. Sept. Oct. Nov. Dec. U.S. U.K. U.N. E.U. D.C.
    a.m. p.m. Mt. Ft. Del. Atty. Supt. Messrs. approx. Dept. Univ. Ave. Blvd.
    """.split()
)

# --- regexes built from the tables ---------------------------------------------


SPEECH_ONLY = frozenset({"speech"})
SPEECH_OR_PREPOSED = frozenset({"speech", "preposed"})
