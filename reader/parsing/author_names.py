"""What a stated author is not: small named steps that clean a name and reject non-names.

A page's author fields and byline elements hold, besides names, what was printed
next to them. On sites never seen these are the usual errors (read from the
pages of the shared sets that carry no author label: Zyte, L3S, Dragnet):

- a role or an affiliation after the name ("JASON STRAZIUSO Associated Press
  Writer", "GREG BEACHAM AP Sports Writer", "Finian Cunningham. Sputnik
  International"), or a role alone ("Deputy Business Editor", "Guest Contributor");
- a day or month of the dateline ("Malcolm Owen Monday", "Jeff FoustMonday", "November");
- a label before "by" ("Analysis by Chris Cillizza", "View all posts by Becky");
- a photo credit ("STAFF PHOTO BY KATHY ANDERSON", "Kevork Djansezian, File");
- a commenter's signature ("Mark says") or a phrase of prose from a link or a
  box classed "author" ("great post", "Jacob in How to Tip").

The steps run in ``clean`` (cut what is not the name) and ``is_not_a_name``
(reject); the word lists are data, nothing names a site.
"""

from __future__ import annotations

import re

from reader.months import MONTH_WORDS

#: Job titles: a name ending in one is a role ("AP Sports Writer", "CNN Editor-at-large").
JOB_WORDS = frozenset(
    (
        "writer", "writers", "editor", "editors", "editor-at-large", "reporter", "reporters",
        "correspondent", "correspondents", "columnist", "columnists", "contributor", "contributors",
        "blogger", "bloggers", "photographer", "photographers", "journalist", "journalists",
        "producer", "analyst", "freelancer", "redakteur", "redakteurin", "journaliste", "rédacteur",
        "rédactrice", "periodista", "redactor", "redactora",
    )
)
#: Words that qualify a role or name a desk ("Deputy Business Editor", "Senior Staff Writer").
ROLE_MODIFIERS = frozenset(
    (
        "senior", "junior", "deputy", "chief", "associate", "assistant", "managing", "executive",
        "contributing", "special", "staff", "guest", "national", "foreign", "political", "business",
        "sports", "sport", "science", "health", "tech", "technology", "entertainment", "city", "metro",
        "investigative", "economics", "finance", "culture", "arts", "music", "film", "travel",
        "food", "legal", "diplomatic", "weather", "digital", "social", "media", "news", "desk", "at", "large",
    )
)
#: Agencies and broadcasters whose name alone may follow a byline's name ("Jane Doe Reuters").
AGENCIES = frozenset(("ap", "upi", "afp", "reuters", "bloomberg", "dpa", "pti", "ians", "ani", "apa", "cnn", "bbc", "nbc", "cbs", "abc"))
#: Organisation words an affiliation after a name may be made of ("Associated Press", "McClatchy Newspapers").
AFFILIATION_WORDS = frozenset(
    (
        "associated", "press", "newspapers", "newspaper", "news", "international", "wire", "wires",
        "services", "service", "agency", "network", "media", "group", "today", "the", "for", "of", "and",
    )
) | AGENCIES
#: Days of the week (a dateline cut after a name); months come from ``reader.months``.
WEEKDAY_WORDS = frozenset(
    "monday tuesday wednesday thursday friday saturday sunday "
    "montag dienstag mittwoch donnerstag freitag samstag sonntag "
    "lundi mardi mercredi jeudi vendredi samedi dimanche "
    "lunes martes miércoles jueves viernes sábado domingo".split()
)
DATE_WORDS = WEEKDAY_WORDS | frozenset(MONTH_WORDS)
#: A day or month glued to the end of a name ("Jeff FoustMonday").
GLUED_DATE = re.compile(
    r"(?<=[a-z])(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday|January|February|March|"
    r"April|June|July|August|September|October|November|December)\b.*$"
)
#: Words that make a line a photo or image credit, not a byline.
PHOTO_WORDS = r"(?:photos?|photographs?|photography|fotos?|pictures?|images?|illustrations?|video|graphic)"
#: A credit line: "STAFF PHOTO BY KATHY ANDERSON", "Photo: …", "Kevork Djansezian, File", "… / AP Photo".
CREDIT_LINE = re.compile(
    r"^(?!.*\b(?:text|words|story|written)\b)(?:[\w.]+\s+){0,2}" + PHOTO_WORDS + r"\s*(?:by\b|:)"
    r"|[,;/]\s*(?:file|ap\s+photo|getty\s+images|file\s+photo)\s*$",
    re.IGNORECASE,
)
#: A label before "by" ("Analysis by …", "View all posts by …"): at most four words, then "by".
LABEL_BEFORE_BY = re.compile(r"^(?:[^\s]+\s+){0,3}?[^\s]+\s+by\s+(?=[^\s])", re.IGNORECASE)
#: A publication after a name and a full stop ("Finian Cunningham. Sputnik International").
DOT_TAIL = re.compile(r"(?<=\w{3})\.\s+(?=[A-Z])")
#: A publication label and what follows it in a printed byline ("… USA TODAY Published 7:07 PM EST Nov 19").
PUBLISHED_TAIL = re.compile(
    r"(?:^Last\s+Updated|(?:\s+|(?<=[a-z)]))(?:Last\s+)?(?:Published|Updated|Posted|Veröffentlicht|Aktualisiert)"
    r"(?!\s+(?:by|von|par|on)\b))\b.*$",
    re.DOTALL,
)
#: Publication labels glued after a name or outlet ("Detroit News wire services Published").
TRAILING_LABELS = frozenset(("published", "updated", "posted", "veröffentlicht", "aktualisiert", "publié", "publicado"))
#: The last word of a web address spelled as a name ("Vnunet Com", "Hanneli Com", "Mdr De"): the site.
DOMAIN_ENDINGS = frozenset(("com", "net", "org", "de", "fr", "co", "uk", "info", "biz", "it", "es", "nl", "ru", "in", "au", "ca"))
#: Texts that credit an image alone ("File" after a photographer's name: "Kevork Djansezian; File").
CREDIT_WORD = re.compile(r"^(?:file|file photo|ap photo|photo|photos|getty images|afp photo|reuters photo)$", re.IGNORECASE)
#: An upper-case name glued to the outlet after it ("JILL LAWLESSAssociated Press").
GLUED_UPPER = re.compile(r"(?<=[A-Z]{2})(?=[A-Z][a-z])")
#: A one-word note or agency in parentheses after a name ("Daniel Horowitz (Diary)", "Richard Lam (AP)") and stray separators at its end.
NOTE_TAIL = re.compile(r"\s*\((?:[A-Z][a-z]+|[A-Z]{2,5})\)\s*$|\s*[/|\\]+\s*$")
#: Verbs of a commenter's signature line ("Mark says", "Jeff Clark Says").
SIGNATURE_WORDS = frozenset(("says", "said", "wrote", "writes", "sagt", "schreibt", "dit", "dice"))
#: Lower-case words that may sit inside a name ("Michiel de Jong", "Ludwig van Beethoven").
NAME_PARTICLES = frozenset(
    ("de", "da", "di", "du", "del", "della", "van", "von", "der", "den", "la", "le", "bin", "al", "y", "e", "dos", "das", "ten", "ter", "zu")
)
#: Words of a sentence in any case ("Raise Your Hand If …"): a name never holds them.
PRONOUNS = frozenset(("your", "my", "our", "we", "if", "aren't", "isn't", "please", "click"))
#: Lower-case words that belong to sentences and link texts, never to a name or an outlet's name.
SENTENCE_WORDS = frozenset(
    (
        "your", "you", "my", "our", "we", "i", "if", "is", "are", "aren't", "isn't", "this", "that",
        "please", "below", "here", "click", "post", "great", "read", "more", "see", "view",
    )
)


def _bare(word: str) -> str:
    return word.casefold().strip(".,:;'’()")


def without_label_before_by(name: str) -> str:
    """'Analysis by Chris Cillizza' -> 'Chris Cillizza' (a photo credit stays whole: it is rejected)."""
    m = LABEL_BEFORE_BY.match(name)
    if m is None or CREDIT_LINE.match(name) or not name[m.end() :][:1].isupper():
        return name
    return name[m.end() :]


def without_date_tail(name: str) -> str:
    """'Malcolm Owen Monday' -> 'Malcolm Owen'; 'Jeff FoustMonday' -> 'Jeff Foust'; 'Theresa May' stays."""
    name = GLUED_DATE.sub("", name)
    words = name.split()
    while len(words) >= 2 and _bare(words[-1]) in TRAILING_LABELS:
        words.pop()  # "… Published"
    while len(words) >= 3 and _bare(words[-1]) in DATE_WORDS:
        words.pop()
    return " ".join(words)


def without_affiliation(name: str) -> str:
    """'JASON STRAZIUSO Associated Press Writer' -> 'JASON STRAZIUSO'; 'Finian Cunningham. Sputnik
    International' -> 'Finian Cunningham'. The name left keeps at least two words."""
    parts = DOT_TAIL.split(name, maxsplit=1)
    if len(parts) == 2 and len(parts[0].split()) >= 2 and len(parts[1].split()) <= 4:
        name = parts[0]
    words = name.split()
    bare = [_bare(w) for w in words]
    known = [w in ROLE_MODIFIERS or w in JOB_WORDS or w in AFFILIATION_WORDS for w in bare]
    for i in range(2, len(words)):
        upper_head = all(w.isupper() for w in words[:i])  # "JILL LAWLESS": no acronyms
        if any(known[:i]) or any((_is_acronym(w) and not upper_head) or _is_brand(w) or len(w) < 2 for w in words[:i]):
            break  # the head is no name either ("MA WebMD Health News", "Guardian staff reporter")
        if bare[-1] not in JOB_WORDS and (bare[-1] not in AFFILIATION_WORDS or bare[-1] in CONNECTORS):
            break
        if all(known[i:]) and bare[i] not in CONNECTORS and (i < len(words) - 1 or bare[i] in JOB_WORDS | AGENCIES):
            return " ".join(words[:i])  # "… Associated Press Writer", "… Staff Writer"
        if all(known[i + 1 :]) and (_is_acronym(words[i]) or _is_brand(words[i]) or _case_switch(words, i)):
            return " ".join(words[:i])  # "… AP Sports Writer", "FRANCES ROBLES McClatchy Newspapers"
    return name


#: Words that join an outlet's name but never end it.
CONNECTORS = frozenset(("the", "for", "of", "and", "at"))


def _is_acronym(word: str) -> bool:
    return 2 <= len(word) <= 4 and word.isalpha() and word.isupper()


def _is_brand(word: str) -> bool:
    """An outlet's spelling no name has: a capital after the third letter ("WebMD", "iHeart")."""
    if word.isupper():
        return False  # an upper-case name ("JASON")
    return any(ch.isupper() for ch in word[3:]) or (word[:1].islower() and any(ch.isupper() for ch in word))


def _case_switch(words: list[str], i: int) -> bool:
    """An upper-case name followed by words that are not ("FRANCES ROBLES McClatchy Newspapers")."""
    return all(w.isupper() for w in words[:i]) and not words[i].isupper()


def is_role(name: str) -> bool:
    """A job title in place of a name: 'Deputy Business Editor', 'AP Sports Writer', 'CNN Editor-at-large'.

    Every word must be a role word (an outlet's acronym may open it); "Guardian staff
    reporter" names the outlet and stays.
    """
    words = name.split()
    bare = [_bare(w) for w in words]
    return bool(bare) and bare[-1] in JOB_WORDS and all(
        w in JOB_WORDS or w in ROLE_MODIFIERS or w in AFFILIATION_WORDS or (i == 0 and _is_acronym(words[0]))
        for i, w in enumerate(bare[:-1])
    )


def is_labelled(name: str) -> bool:
    """A label and its value, not a name: 'RESIZE: AAA', 'Presentation: A'."""
    return ":" in name


def is_date(name: str) -> bool:
    """Only days, months and numbers: 'November', 'Monday 12'."""
    words = [_bare(w) for w in name.split()]
    return bool(words) and all(w in DATE_WORDS or w.isdigit() for w in words)


def is_domain(name: str) -> bool:
    """A web address spelled as a name: 'Vnunet Com', 'MesOpinions com', 'Mdr De': the site, not an author."""
    words = name.split()
    if not 2 <= len(words) <= 4 or words[-1] in NAME_PARTICLES or words[0].casefold() == "www":
        return False  # "Michiel de"; an address printed whole as the author line is what the page says
    return _bare(words[-1]) in DOMAIN_ENDINGS


def is_signature(name: str) -> bool:
    """A commenter's signature line: 'Mark says', 'Jeff Clark Says'."""
    words = name.split()
    return len(words) >= 2 and _bare(words[-1]) in SIGNATURE_WORDS


def is_prose(name: str) -> bool:
    """Words of a sentence, not a name: 'great post', 'nokia software update', 'Raise your hand if …'.

    Prose opens with a lower-case word (three words or more: "danah boyd" is a name),
    has three lower-case words or more and more of them than capitalised ones
    ("Contributors to Wikimedia projects", "Guardian staff reporter" are kept), or
    holds a word of a sentence ("your", "this", "post").
    """
    words = name.split()
    if len(words) < 2 or words[0].casefold() == "www":
        return False  # a handle ("bromano"), a web address spelled out ("www koffergepackt com")
    lower = [w for w in words if w[:1].islower() and w.casefold() not in NAME_PARTICLES]
    if any(_bare(w) in SENTENCE_WORDS for w in lower) or any(_bare(w) in PRONOUNS for w in words):
        return True
    return (len(words) >= 3 and words[0][:1].islower() and len(lower) >= 2) or (len(lower) >= 3 and 2 * len(lower) > len(words))


def without_published_tail(raw: str) -> str:
    """'Kevin Johnson and Kevin McCoy USA TODAY Published 7:07 PM EST' -> 'Kevin Johnson and Kevin McCoy USA TODAY'."""
    return PUBLISHED_TAIL.sub("", raw)


def without_dateline_places(parts: list[str], raw: str) -> list[str]:
    """'Reuters, Washington, Nov 20 2019' -> ['Reuters']: after an agency, a dated line names places."""
    if len(parts) > 1 and any(ch.isdigit() for ch in raw) and _bare(parts[0]) in AGENCIES:
        return parts[:1]
    return parts


def is_credit(raw: str) -> bool:
    """A photo or image credit: its names are photographers', not authors."""
    raw = raw.strip()
    return bool(CREDIT_LINE.search(raw) or CREDIT_WORD.match(raw))


def unglued(name: str) -> str:
    """'JILL LAWLESSAssociated Press' -> 'JILL LAWLESS Associated Press'; 'Daniel Horowitz (Diary)' -> 'Daniel Horowitz'."""
    return NOTE_TAIL.sub("", GLUED_UPPER.sub(" ", name))


def clean(name: str) -> str:
    """The name without a label before "by", a dateline's day or month, or an affiliation after it."""
    return without_affiliation(without_date_tail(without_label_before_by(unglued(name))))


def is_not_a_name(name: str) -> bool:
    """A role, a date, a signature line, prose or a web address: never an author, whatever the source."""
    return is_role(name) or is_date(name) or is_labelled(name) or is_signature(name) or is_prose(name) or is_domain(name)
