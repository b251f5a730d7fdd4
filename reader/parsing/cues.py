"""Cue phrases and boilerplate patterns for plain-text dumps, as data.

The text pipeline (``reader.parsing.text``) reads these tables; it holds no
site-specific branches of its own. Patterns are matched against one
normalised line at a time (whitespace collapsed, no leading/trailing space),
case-insensitively unless the table says otherwise. To teach the parser a
new kind of page furniture, add a row here.
"""

from __future__ import annotations

import re

from reader.months import MONTH_PREFIXES, MONTH_WORDS

_I = re.IGNORECASE

_MONTH_PREFIX = "|".join(p.lower() for p in MONTH_PREFIXES)

# ---------------------------------------------------------------------------
# Header: bylines and datelines
# ---------------------------------------------------------------------------

#: A byline: who wrote the article, sometimes followed by when.
#: Group ``names`` holds the author list, ``rest`` what follows (often a date).
BYLINE_PATTERNS: tuple[re.Pattern[str], ...] = tuple(
    re.compile(p, _I)
    for p in (
        r"^(?:posted|written|words|story|reporting|text|post)?\s*by\s*:?\s+(?P<names>.+?)"
        r"(?:\s*(?:\bon\b|\bat\b|\||\u2022|\u00b7|\s-\s|\s\u2013\s|\s\u2014\s|,\s*(?=\w+\.? \d)|\bin\b|\(\d|\bupdated\b|\bposted\b|"
        r"\s(?=(?:mon|tue|tues|wed|thu|thur|thurs|fri|sat|sun)(?:day|nesday|sday|urday)?\.?,?\s)|"
        r"\s(?=(?:" + _MONTH_PREFIX + r")[a-z]*\.?\s+\d))\s*(?P<rest>.*))?$",
        r"^(?:author|authors|written by|posted by|reporter|byline)\s*:\s*(?P<names>.+?)(?:\s*(?:\bon\b|\||\u2022)\s*(?P<rest>.*))?$",
        # WordPress: "Posted on December 5, 2012 by admin in World"
        r"^(?:posted|published|written)\s+(?:on\s+)?(?P<rest>.{6,40}?)\s+by\s+(?P<names>.+?)(?:\s+in\s+.*|\s*\|.*)?$",
    )
)

#: Bylines declared in HTML pages (author meta, JSON-LD, byline elements), read by
#: ``html_meta.split_byline``: the same job as the patterns above, for fields
#: that hold names only.
#: Words in bylines that are roles or filler, not names (compared case-insensitively).
BYLINE_NOISE_WORDS = frozenset(
    (
        "staff", "staff writer", "staff reporter", "correspondent", "contributor", "editor",
        "reporter", "writer", "admin", "administrator", "guest", "guest author", "unknown",
        "anonymous", "none", "null", "undefined", "last updated", "updated", "published", "username",
        # buttons and form labels that land in author fields
        "follow", "name", "author", "autor", "share", "subscribe", "profile",
    )
)
BYLINE_PREFIX = re.compile(
    r"^\s*(?:(?:(?:written|posted|published|story|reporting|words|text|photos?)\s+)?(?:by|von|par|por|di|door)"
    r"|author|autor|autorin|auteur|autore|автор|текст)\s*:?\s+",
    re.IGNORECASE,
)
#: Tail phrases after a name: "Jane Doe For Dailymail.com", "Jane Doe, Staff Writer".
BYLINE_TAIL = re.compile(
    r"\s+(?i:for|in|at|from)\s+(?:(?i:the)\s+)?[A-Z][\w.]*(?:\s+[A-Z][\w.]*)*\s*$"
    r"|\s*,\s*(?:senior\s+|chief\s+|associate\s+)?(?:staff\s+writer|staff\s+reporter|correspondent|"
    r"editor|reporter|contributor|columnist)s?\b.*$",
)
#: A date glued to the end of a byline ("By Joshua Sokol May 5, 2017").
BYLINE_DATE = re.compile(
    r"\s+(?:(?:updated|published|posted|last updated)\s*:?\s*)?(?:" + "|".join(MONTH_PREFIXES) + r")"
    r"[a-z]*\.?\s+\d{1,2}\b.*$",
)
#: A web address after a name: "Frank Bueltge - http://bueltge.de".
BYLINE_URL = re.compile(r"\s*(?:[-\u2013|]\s*)?(?:https?://|www\.)\S+", re.IGNORECASE)
BYLINE_SPLIT = re.compile(r"\s*(?:;|\||,\s*and\s+|\s+and\s+|\s+&\s+|\s+und\s+|\s+et\s+|,)\s*", re.IGNORECASE)

#: "By" alone on a line: the names follow on the next line(s) (full-page dumps).
BYLINE_ALONE = re.compile(r"^(?:posted |written )?by:?$", _I)

#: Words that cannot be part of a person's name in a byline; a candidate name
#: containing one is rejected (so "By the time we arrived..." is not a byline).
NOT_NAME_WORDS: frozenset[str] = frozenset(
    """a an the this that these those it its is are was were be been to of for from with without
    into onto over under far way now then than when while if as at in on not no yes all any some
    most more much many very our your their his her my we you they i he she me us them who which
    what where why how can could would should will may might must do does did done have has had
    way order means contrast comparison default comment comments reply share email print""".split()
)

#: Name-list separators inside a byline ("By A, B and C").
NAME_SEPARATORS = re.compile(r"\s*(?:,|&|\band\b|\bund\b|\bet\b|\by\b|;|\|)\s*", _I)

#: Trailing job titles or affiliations after a name ("Jane Doe, Staff Writer").
NAME_SUFFIXES = re.compile(
    r"\s*(?:,|\||-|\u2013|\u2014)?\s*(?:(?:staff|senior|contributing|special) (?:writer|reporter|editor|correspondent)s?|"
    r"contributors?|correspondents?|editors?|reporters?|columnists?|special to .*|for .*|cnn|reuters|ap|afp|bloomberg)\s*$",
    _I,
)

MONTHS = list(MONTH_WORDS)
WEEKDAYS = (
    "monday tuesday wednesday thursday friday saturday sunday mon tue tues wed thu thur thurs fri sat sun"
).split()

#: Words a dateline may contain besides the date itself; anything else makes
#: the line text, not a dateline.
DATELINE_FILLER: frozenset[str] = frozenset(
    MONTHS
    + WEEKDAYS
    + """am pm a.m p.m at on posted updated published last modified date time et est edt ct cst cdt
    mt mst mdt pt pst pdt gmt utc bst cet cest of the st nd rd th z t""".split()
)

#: A cheap pre-filter: a line can only be a dateline if it has one of these.
DATE_HINT = re.compile(
    r"\b(?:" + "|".join(MONTHS) + r")\b|\b\d{4}-\d{2}-\d{2}(?:\b|T)|\b\d{1,2}[/.]\d{1,2}[/.]\d{2,4}\b",
    _I,
)

#: Separators between the parts of a combined metadata line
#: ("November 1, 2012 2:33 am AEST — By Long Zheng").
META_PART_SEPARATOR = re.compile(r"\s+(?:\u2014|\u2013|\||\u2022|\u00b7|-)\s+")

#: A date at the end of a title line ("Gone Snowboarding. 9 December, 2011").
TITLE_TRAILING_DATE = re.compile(
    r"^(?P<title>.{8,}?)[\s,|\u2013\u2014-]+(?P<date>(?:\d{1,2}(?:st|nd|rd|th)? (?:"
    + "|".join(MONTHS)
    + r")\.?,? \d{4})|(?:(?:"
    + "|".join(MONTHS)
    + r")\.? \d{1,2}(?:st|nd|rd|th)?,? \d{4}))$",
    _I,
)

#: A line that is only a time of day, possibly with a zone ("07:15 PM ET").
TIME_ONLY = re.compile(r"^(?:updated\s*:?\s*)?\d{1,2}[:.]\d{2}(?:\s*[ap]\.?m\.?)?(?:\s+[A-Z]{1,4})?$", _I)

#: Prefixes that introduce a dateline ("Posted on", "Published:", "Updated").
DATELINE_PREFIX = re.compile(
    r"^(?:posted|published|updated|last updated|date|first published|created)\s*(?:on|at)?\s*:?\s*", _I
)

# ---------------------------------------------------------------------------
# Footer: tags, post-by lines, share widgets, related links, legal text
# ---------------------------------------------------------------------------

#: Lines listing the article's tags. Group ``tags`` holds the list.
TAG_PATTERNS: tuple[re.Pattern[str], ...] = tuple(
    re.compile(p, _I)
    for p in (
        r"^(?:filed under|tags|tagged|tagged with|tagged as|topics|keywords|labels|posted in|"
        r"categories|category|more on|subjects?)\s*:\s*(?P<tags>.*)$",
        # WordPress entry footers: "Posted in World, Politics | Tagged Syria, Assad | 3 Comments"
        r"^(?:posted in|filed in|categories)\s+(?P<tags>[^|:]+?)\s*(?:\|.*)?$",
        r"^(?:.*\|\s*)?(?:tagged|tagged with|tags)\s+(?P<tags>[^|:]+?)\s*(?:\|.*)?$",
    )
)

#: A tag line whose tags follow on the next line ("Filed under:" alone).
TAG_LIST_MAX_WORDS = 12

#: Separators between tags in a tag line ("Assad • Syria", "a, b, c").
TAG_SEPARATORS = re.compile(r"\s*(?:\u2022|\u00b7|,|\||;|/|\u2013|\s-\s)\s*")

#: A "Post by:" / "Posted by" footer line naming the author(s).
POSTED_BY = re.compile(r"^(?:post|posted|written|filed|submitted)\s+by\s*:?\s*(?P<names>.*)$", _I)

#: Whole lines that are page furniture wherever they occur (share widgets,
#: navigation, legal and cookie text, subscription prompts). Anchored at the
#: start of the line; only lines shorter than ``FURNITURE_MAX_CHARS`` are tested.
FURNITURE_PATTERNS: tuple[str, ...] = (
    r"print friendly",
    r"pdf\s*&\s*email",
    r"(?:share|tweet|email|e-mail|print|pin|like|follow)(?: (?:this|it|us))?(?: (?:article|story|page|post))?:?$",
    r"(?:share|tweet|email|post|pin) (?:(?:this|it) )?(?:on|via|to|with) (?:facebook|twitter|linkedin|pinterest|reddit|whatsapp|email|e-mail|google|tumblr|messenger)\b.{0,30}$",
    r"share (?:this|the) (?:article|story|post|page)\b.{0,40}$",
    r"(?:facebook|twitter|linkedin|pinterest|reddit|whatsapp|tumblr|google\+?|email|e-mail|print|sms|copy link|flipboard|messenger)(?:\s*[,|/\u2022\u00b7]\s*\w+)*$",
    r"(?:click|tap) (?:here|to) (?:share|print|email|subscribe|comment|read)",
    r"like this:?$",
    r"related(?: (?:posts|articles|stories|links|content|coverage|news|reading|topics|video|videos|items))?:?$",
    r"(?:you (?:may|might) (?:also )?(?:like|enjoy|be interested in)|recommended(?: for you| stories| reading)?|"
    r"more (?:from|stories|on this|in|news|articles|top stories|headlines)|read more|see also|also read|"
    r"most (?:popular|read|viewed|shared|emailed)|trending(?: now| stories)?|popular (?:posts|stories|now)|"
    r"latest (?:news|stories|posts|headlines)|top stories|editor'?s picks|what to read next|around the web|"
    r"from (?:our|the) (?:partners|web)|we recommend|don't miss|next (?:post|article|story)|previous (?:post|article|story)|"
    r"older posts?|newer posts?)\b.{0,60}$",
    r"(?:©|\(c\)|copyright\b).*",
    r".{0,80}\ball rights reserved\b.*",
    r"(?:terms (?:of (?:service|use))?|privacy(?: policy| notice| statement)?|cookie(?:s| policy| settings| preferences)?|"
    r"about us|contact us|contact|careers|site ?map|accessibility|help|faq|rss(?: feeds?)?|newsletters?|"
    r"advertise(?: with us)?|jobs|masthead|about|comments?|corrections|ethics(?: policy)?|disclaimer|feedback|log ?in|"
    r"sign ?in|sign ?up|register|subscribe(?: now| today)?|my account|search|menu|home|skip to (?:main )?content.*|"
    r"back to top|top of page|close|open|toggle navigation|main menu|navigation|sections?)$",
    r"(?:we use cookies|this (?:site|website) uses cookies|by (?:using|continuing to use) (?:this|our) (?:site|website)|"
    r"accept (?:all )?cookies|manage cookies|your privacy|we care about your privacy).*",
    r"(?:sign up|subscribe) (?:for|to) (?:our|the|free|daily|weekly).*",
    r"(?:get|receive) (?:the|our) .{0,40}(?:newsletter|in your inbox).*",
    r"(?:leave a (?:reply|comment)|post a comment|add (?:a|your) comment|comments? (?:are )?closed|"
    r"you must be logged in to post a comment).*",
    r"(?:posted in|filed under|tags?|tagged(?: with)?|categories|category|topics)\s*:.*",
    r"\d+ (?:shares?|views?|likes?|reads?)$",
    r"(?:permalink|trackback|pingback|reply|report|flag|quote|edit)$",
    r"(?:page|part) \d+ of \d+$",
    r"(?:\d+\s+){1,8}(?:next|older)?\s*[›»]?$",
    r"(?:(?:source|via|url|link|permalink|read more)\s*:\s*)?https?://\S+$",
    r"(?:next|previous|prev|older|newer|first|last)\s*(?:page|›|»|‹|«)?$",
    r"(?:report an? (?:error|typo|correction)|submit a correction|suggest a correction|send us a tip).*",
    r"(?:this (?:article|story|post) (?:was|has been|is) (?:originally )?(?:published|updated|corrected|amended)).{0,120}$",
    r"(?:follow|join|find|like) us on .*",
    r"(?:download|get) (?:our|the) (?:free )?app.*",
    r"(?:watch|listen)(?: now| live| video)?:?$",
    r"(?:read|view|see|show) (?:more|less|all|full (?:story|article))(?: comments)?\b.{0,30}$",
    r"(?:previous|next)(?: (?:post|article|story|entry))?:.*",
    r"(?:about the author|author bio)\b.*",
    r"(?:embed|listen to (?:this|the) (?:article|story)|reading time|min read|\d+ min(?:ute)?s? read).*",
)
FURNITURE_MAX_CHARS = 160

#: Furniture that interrupts an article without ending it (ad slots, "story
#: continues" prompts, captions). Dropped from the body, but it does not
#: split the article the way a menu or a share bar does.
INLINE_FURNITURE_PATTERNS: tuple[str, ...] = (
    r"(?:loading|advertisement|advertising|sponsored|promoted|ad|ads by \w+|story continues below|"
    r"continue reading(?: below| the main story)?|scroll to continue.*|article continues below|"
    r"(?:\w+ )?continues? (?:below|after (?:the )?(?:ad|advertisement)))\.*$",
    r"(?:image|photo|picture|video|graphic)(?: \d+ of \d+)?(?: credit)?:.{0,80}$",
    r"(?:photo|image|getty images|reuters|ap photo|afp).{0,40}(?:/|via).{0,40}$",
)
INLINE_FURNITURE = re.compile(r"^(?:" + "|".join(INLINE_FURNITURE_PATTERNS) + r")", _I)

#: Furniture that comes as whole sentences, so it is recognised at any line
#: length: cookie and consent notices, comment rules, legal notices.
BOILERPLATE_SENTENCE_PATTERNS: tuple[str, ...] = (
    r"(?:we|this (?:site|website)|our (?:site|website|partners)) (?:and our partners )?use[sd]? cookies\b",
    r"by (?:choosing|clicking|continuing|using|selecting) .{0,60}(?:you (?:consent|agree|accept))",
    r"(?:we and our partners|we value your privacy|your privacy is important)\b",
    r"[\w.&' -]{1,40} welcomes (?:a )?(?:lively|your|comments|reader)",
    r"comments are (?:not )?(?:pre-screened|moderated|reviewed)\b",
    r"you agree that anything you post\b",
    r"(?:attention|note|aten\u00e7\u00e3o|achtung)?\s*:?\s*(?:comments|coment\u00e1rios) (?:that|with|com) .{0,80}(?:will not|won't|n\u00e3o) ",
    r"this (?:material|article|content) may not be (?:published|reproduced|broadcast)",
    r"(?:all rights reserved)\b",
    r"(?:if you (?:click|buy|purchase) .{0,60}(?:we|may) (?:earn|receive) (?:a )?commission)",
    r"(?:we may earn (?:a )?(?:small )?(?:commission|money))",
)
BOILERPLATE_SENTENCE = re.compile(r"^(?:" + "|".join(BOILERPLATE_SENTENCE_PATTERNS) + r")", _I)

#: Lines that end the article when they follow it: what comes after is
#: footer (tags, share widgets, related links, comments). Tested only on
#: lines after the first body paragraph.
FOOTER_START_PATTERNS: tuple[str, ...] = (
    r"(?:post|posted|written|filed|submitted) by\b:?.{0,60}$",
    r"filed under\s*:",
    r"print friendly",
    r"share this(?: article| story| post)?:?$",
    r"like this:?$",
    r"related(?: posts| articles| stories| links| content| coverage)?:?$",
    r"(?:you (?:may|might) (?:also )?(?:like|enjoy)|recommended (?:for you|stories)|more from|most (?:popular|read))\b.{0,40}$",
    r"(?:about the author)\b.{0,40}$",
    # WordPress entry footers: "Posted in World | Tagged Syria | Leave a comment"
    r"(?:posted in|filed in|tagged with|tagged)\s+[^.!?]{1,120}$",
    # Comment-section headers: whatever follows is the thread, not the article.
    r"[\[(]?\s*(?:[\d,]+|no|one)\s+(?:comments?|responses?|replies|reactions)\s*[\])]?:?$",
    r"(?:top rated|most recent|newest|oldest|latest|all|reader|readers'?|view all|read all|show|see all|load)\s+comments?\b.{0,20}$",
    r"comments?\s*\(\s*[\d,]+\s*\)\s*:?$",
    r"(?:leave a (?:reply|comment)|post a comment|join the (?:discussion|conversation)|add (?:a|your) comment)\b.{0,40}$",
    r"soundoff\s*\(",
)
FOOTER_START = re.compile(r"^(?:" + "|".join(FOOTER_START_PATTERNS) + r")", _I)
FURNITURE = re.compile(r"^(?:" + "|".join(FURNITURE_PATTERNS + FOOTER_START_PATTERNS) + r")", _I)

#: Markers that are not text but a structure note of the archive the dump
#: came from (NYT abstracts in news databases). Dropped from the body.
MARKER_PARAGRAPHS = re.compile(r"^(?:abstract|full text|lead paragraph|letters|top stories)\.?:?$", _I)

# ---------------------------------------------------------------------------
# Comment section (fallback only; reader.parsing.comments owns this)
# ---------------------------------------------------------------------------

#: A line opening a comment section. The comments module finds most threads
#: by their signatures; these headers catch the rest (and stand in for that
#: module when it is absent), so the body stays clean either way.
COMMENT_SECTION_START: tuple[re.Pattern[str], ...] = tuple(
    re.compile(p, _I)
    for p in (
        r"^soundoff\s*\(\s*[\d,]+\s*responses?\s*\)",
        r"^[\[(]?\s*(?:[\d,]+|one|no)\s+(?:comments?|responses?|replies|thoughts? on .*|reactions?)\s*(?:to .*|so far.*|on .*)?[:.]?\s*[\])]?$",
        r"^(?:comments?|responses?|reader comments|discussion|reactions?)\s*(?:\(\s*[\d,]+\s*\))?\s*:?$",
        r"^(?:top rated|most recent|newest|oldest|reader|readers'?|view all|read all|show|see all)\s+comments?\s*(?:\(\s*[\d,]+\s*\))?:?$",
        r"^(?:leave a (?:reply|comment)|post a comment|add (?:a|your) comment|join the discussion|"
        r"what do you think\??|have your say|speak your mind)\b",
        r"^(?:[\d,]+|one)\s+(?:responses?|comments?|thoughts?) (?:to|on) .+$",
        r"^responses? to [\"\u201c\u2018'].+$",
    )
)

#: A claimed count of comments. Group ``n``.
COMMENT_COUNT_PATTERNS: tuple[re.Pattern[str], ...] = tuple(
    re.compile(p, _I)
    for p in (
        r"^soundoff\s*\(\s*(?P<n>[\d,]+)\s*responses?\s*\)",
        r"^(?P<n>[\d,]+)\s+(?:comments?|responses?|replies|thoughts? on)\b",
        r"^(?:comments?|responses?)\s*\(\s*(?P<n>[\d,]+)\s*\)\s*:?$",
    )
)

# ---------------------------------------------------------------------------
# Site: where the text names the outlet it belongs to
# ---------------------------------------------------------------------------

#: Notices in which a site names itself; group ``site``. Tried first, on
#: lines outside the article body.
SITE_NOTICE_PATTERNS: tuple[re.Pattern[str], ...] = tuple(
    re.compile(p, _I)
    for p in (r"^(?P<site>[A-Z][\w.&' -]{0,40}?) welcomes (?:a )?(?:lively|your|comments|reader)",)
)

#: Legal lines and source notes that name the owner; tried after a page-title
#: suffix ("Headline - Site"), since they often give a company's legal name.
SITE_LEGAL_PATTERNS: tuple[re.Pattern[str], ...] = tuple(
    re.compile(p, _I)
    for p in (
        r"^(?:©|\(c\)|copyright)\s*(?:©|\(c\))?\s*(?:\d{4}(?:\s*[-\u2013]\s*\d{4})?)?\s*,?\s*(?P<site>[A-Z][\w.&' -]{1,60}?)"
        r"(?:,?\s*(?:inc|llc|ltd|plc|gmbh|corp|co|pty(?: ltd)?|limited|s\.?a|ag)\b\.?)?\s*(?:\.|,|\||all rights reserved|$)",
        r"^(?:source|originally published (?:at|by|in)|via|read more at|this article (?:first )?appeared (?:in|on))\s*:?\s*"
        r"(?P<site>(?:https?://)?[\w.-]+\.[a-z]{2,}[^\s]*)$",
    )
)

#: Legal names printed in copyright lines -> the name readers know.
SITE_ALIASES: dict[str, str] = {
    "cable news network": "CNN",
    "cnn": "CNN",
    "turner broadcasting system": "CNN",
    "british broadcasting corporation": "BBC",
    "bbc": "BBC",
    "the new york times company": "The New York Times",
    "new york times": "The New York Times",
    "the washington post": "The Washington Post",
    "washington post": "The Washington Post",
    "dow jones & company": "The Wall Street Journal",
    "dow jones": "The Wall Street Journal",
    "guardian news and media limited": "The Guardian",
    "guardian news & media limited": "The Guardian",
    "the associated press": "AP",
    "associated press": "AP",
    "reuters": "Reuters",
    "thomson reuters": "Reuters",
}

#: Known domains -> site names (used for a URL printed in the page text).
DOMAIN_SITES: dict[str, str] = {
    "cnn.com": "CNN",
    "bbc.co.uk": "BBC",
    "bbc.com": "BBC",
    "nytimes.com": "The New York Times",
    "washingtonpost.com": "The Washington Post",
    "wsj.com": "The Wall Street Journal",
    "theguardian.com": "The Guardian",
    "guardian.co.uk": "The Guardian",
    "reuters.com": "Reuters",
    "apnews.com": "AP",
    "huffingtonpost.com": "HuffPost",
    "huffpost.com": "HuffPost",
    "breitbart.com": "Breitbart",
    "politico.com": "Politico",
    "usatoday.com": "USA Today",
    "foxnews.com": "Fox News",
}

#: A page title with the site's name after a separator ("Headline - WSJ").
TITLE_SITE_SUFFIX = re.compile(r"^(?P<title>.{8,}?)\s+(?:[-|\u2013\u2014\u00b7\u2022]|::)\s+(?P<site>[^-|\u2013\u2014]{2,40})$")

#: A line giving the page's own address. A bare URL counts only at the very
#: top or bottom of the file (``URL_EDGE_LINES``); elsewhere it is a link.
URL_LINE = re.compile(r"^(?:url|link|source|permalink|original(?:ly)? (?:at|published at))\s*:?\s*(?P<url>https?://[^\s<>\"]+)$", _I)
BARE_URL_LINE = re.compile(r"^(?P<url>https?://[^\s<>\"]+)$", _I)
URL_EDGE_LINES = 3

# ---------------------------------------------------------------------------
# Prose detection (finding the article inside a full-page dump)
# ---------------------------------------------------------------------------

#: Function words; prose has many, menus and link lists have few. A few
#: common ones from other European languages keep non-English pages working.
STOPWORDS: frozenset[str] = frozenset(
    """a about above after again against all also am an and any are as at be because been before
    being below between both but by can could did do does doing down during each few for from
    further had has have having he her here hers herself him himself his how i if in into is it
    its itself just me more most my myself no nor not now of off on once only or other our ours
    out over own same she should so some such than that the their theirs them then there these
    they this those through to too under until up very was we were what when where which while
    who whom why will with would you your yours said says told
    le la les des du de un une et est en que qui dans pour pas sur au avec ce il elle sont
    der die das und ist nicht ein eine zu den mit von dem sich auf auch es im für
    el los las del y que en un una por con para es se lo al su
    il di che e la per non con una sono della nel
    o os as um uma do da em com não para por que se""".split()
)

#: Sentence-ending punctuation (after closing quotes/brackets are stripped).
SENTENCE_END = re.compile(r"[.!?:;\u2026\u3002\uff01\uff1f\uff1a][\"'\u201d\u2019)\]]*$")
