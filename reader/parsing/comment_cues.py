"""Cue tables for reader comments in plain-text dumps of web pages.

Everything that recognises a comment layout is data here: the date shapes
comment signatures use, the words around an author's name ("says:",
"Posted by", "| Reply"), section headers ("soundoff (176 Responses)",
"12 Comments", "Leave a Reply"), and the comment-form / pagination lines
that are page furniture, never comments. ``reader.parsing.comments`` only
combines them, so a new layout is usually a new row, not new code.
"""

from __future__ import annotations

import re

from reader.months import month_alternation

# --- Date and time shapes seen in comment signatures -----------------------

MONTH = r"(?:" + month_alternation() + r")\.?"
WEEKDAY = r"(?:mon|tue|wed|thu|fri|sat|sun)[a-z]*\.?,?"
DAY = r"\d{1,2}(?:st|nd|rd|th)?"
YEAR = r"(?:19|20)\d\d"
CLOCK = (
    r"\d{1,2}(?::\d{2}(?::\d{2})?(?:\s*[ap]\.?\s?m\.?)?|\.\d{2}\s*[ap]\.?m\.?|\s*[ap]\.?m\.?(?![a-z]))"
)
ZONE = r"(?:\s*(?:[A-Z]{2,5}T|UTC|GMT)(?:[+-]\d{1,2}(?::?\d{2})?)?)?"
_TIME_PART = r"(?:\s*(?:,|at|@|-|–|—)?\s*" + CLOCK + ZONE + r")?"

#: Each entry matches one printed date (with an optional time after it).
DATE_PATTERNS: tuple[str, ...] = (
    # "Tuesday, November 13, 2012 at 8:26 am", "Nov 2nd, 2009 at 5:48 pm", "November 1 at 2:57 pm"
    r"(?:" + WEEKDAY + r"\s*)?" + MONTH + r"\s+" + DAY + r"(?:,?\s*" + YEAR + r")?" + _TIME_PART,
    # "1 November 2012 9:37PM", "11. Jul, 2012"
    r"(?:" + WEEKDAY + r"\s*)?" + DAY + r"\.?\s+" + MONTH + r",?\s+" + YEAR + _TIME_PART,
    # "10/18/2012 at 2:57 pm", "07.16.12 at 21:35", "17/10/12"
    r"(?<![\d.])\d{1,2}[/.-]\d{1,2}[/.-](?:" + YEAR + r"|\d{2})(?![\d/]|\.\d)" + _TIME_PART,
    # ISO "2012-11-13 08:26"
    r"(?:" + WEEKDAY + r"\s*)?" + YEAR + r"-\d{2}-\d{2}(?:[T ]\d{2}:\d{2}(?::\d{2})?)?",
    # "Tuesday July 24, @09:07AM" (Slashdot)
    WEEKDAY + r"\s+" + MONTH + r"\s+" + DAY + r",?\s*@\s*\d{1,2}:?\s?\d{2}\s*[AP]M",
)

#: Times relative to when the page was saved ("3 years ago"): no absolute date.
RELATIVE_TIME = (
    r"(?:(?:\d+|an?|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve)\s+"
    r"(?:sec(?:ond)?|min(?:ute)?|hour|hr|day|week|month|year|yr)s?\s+ago|just now|yesterday)"
)

#: A line that is only a clock time ("6:46 AM") ends a comment on some blogs.
CLOCK_ONLY = r"^\s*" + CLOCK + ZONE + r"\s*$"

# --- Words around a name in a comment signature -----------------------------

#: Removed from a signature line to leave the author's name.
SIGNATURE_NOISE: tuple[str, ...] = (
    r"\|\s*reply\b.*$",
    r"\breply\s*$",
    r"\b(?:permalink|report(?: abuse)?|homepage|journal|flag|like)\s*$",
    r"\(#?\s*[\d ]+\)",  # Slashdot user ids "(1128057)", "(#40748091)"
    r"\((?:not verified|unverified|guest|visitor|anonymous)\)",
    r"<[^<>\s]+@[^<>\s]+>",  # e-mail in angle brackets
    r"\bhttps?://\S+",
    r"^\s*\d{1,4}[.)]?\s+(?=\D)",  # "1. Name" list numbers
    r"^(?:posted|written|submitted|comment(?:ed)?)\s+by:?\s*",
    r"^by:?\s+",
    r"^(?:originally\s+)?(?:posted|published|updated|last updated|modified|written|created|tracked)"
    r"(?:\s+(?:on|at))?\s*:?(?:\s+|$)",
    r"^on\s+",
    r"\s+(?:says|said|wrote|writes)\s*(?:\.\.\.|…|:|,)?\s*$",
    r"\s+(?:on|at|posted)\s*$",
    r"^\s*(?:on|at)\s+",
)

#: A signature whose name comes first and that opens the comment ("Name says:").
HEAD_SIGNATURES: tuple[str, ...] = (
    r"^(?P<author>[^\n]{1,80}?)\s+(?:says|said|wrote|writes)\s*(?:\.\.\.|…|:|,)\s*$",
    r"^(?:\d{1,4}\.\s+)?(?P<author>[^\n]{1,60}?)\s+[•·]\s+(?P<date>.{1,60})$",  # Disqus
    r"^(?P<author>[^\n]{1,60}?)\s+\d[\d,]*\s+(?:pts|points)$",  # "Montemalone 44 pts"
)

#: The same without punctuation ("C. Wingate says"): only for names written like names
#: (every word capitalised, or one handle), since "as she said" ends sentences too.
HEAD_SIGNATURES_BARE: tuple[str, ...] = (
    r"^(?P<author>[^\n]{1,80}?)\s+(?:says|said|writes|wrote)\s*$",
)

#: Signatures introduced by "by" / "Posted by" ("by james on January 31, 2011 at 9:59 am",
#: "Posted by: Red | October 03, 2012 at 01:12 AM"): at the head of a comment on some
#: sites, at its foot on others; the thread as a whole decides which. ``rest`` holds
#: the name, then (optionally) the date.
BY_SIGNATURE = r"^(?:(?:posted|written|submitted|comment(?:ed)?)\s+)?by:?\s+(?P<rest>\S.*)$"

#: "by NAME (123456)" (Slashdot-style author line without a date).
USER_ID_AUTHOR = r"^by\s+(?P<author>[^()]{1,60}?)\s*(?:\(\s*[\d ]+\))?\s*$"

#: A name never starts with these (a category: "Posted on DATE in iPod Touch").
NOT_NAME_FIRST_WORDS: frozenset[str] = frozenset(
    "in on at by to for from of and with via under into about the a an".split()
)

#: Words that end a clause, not a name: "I totally agree with Catherine who said:" is a
#: sentence introducing a quote (a name of three or more words never ends in them).
NOT_NAME_LAST_WORDS: frozenset[str] = frozenset("who whom whose which that".split())

#: Words that mark a date line as the article's own dateline ("Published Nov 18, 2019
#: at 4:07 PM | Updated ...", "Nov 18, 2019 at 9:24 pm ET • 2 min read"): never a comment mark.
ARTICLE_DATELINE = (
    r"\b(?:published|updated|last (?:updated|modified)|modified|original|air date|first aired"
    r"|min(?:ute)?s? read|read time|reading time|get short url)\b"
)

#: A line that starts a list item is never a signature.
LIST_ITEM = r"^(?:[-–—*•·>]|\d+\))\s"

#: Lower-case words a commenter's name may hold between capitalised ones
#: ("Ron from Eastside"). Not "in"/"of" or particles such as "von": "Most Popular in
#: Technology" and "Varianten von Patientenakten" are headings.
NAME_CONNECTORS = frozenset(("from",))

#: Sentence punctuation of scripts without spaces: a line holding one is a sentence, not a name.
SENTENCE_MARKS = "。、，！？；：「」"

#: How a sentence ends (closing quotes and brackets after the mark included).
SENTENCE_END = ".!?…。！？\"'”’)"

#: Emoticons end many short comments that have no sentence punctuation ("perfect :D").
EMOTICON_RE = re.compile(r"(?:[:;=]-?[()DPp/\\|]|<3|\bx+[Dd]\b)(?=\s|$)")

#: A bare line in capitals with at least this many letters is a heading, not a name ("BOYS SOCCER").
CAPS_HEADING_LETTERS = 4

#: A bare name line may carry the commenter's web address before the name.
NAME_LINE_PREFIX = r"^(?:https?://\S+|www\.\S+)\s+"

#: "12. Name" heads a comment in numbered lists (CNN "soundoff").
NUMBERED_AUTHOR = r"^(?P<num>\d{1,4})\.\s+(?P<author>[^\s.][^\n]{0,70})$"

#: Marks that a comment answers another one.
REPLY_MARKERS: tuple[str, ...] = (
    r"^@\s?(?P<name>[\w.\-']+(?:\s[A-Z][\w.\-']+)?)",
    r"\bin reply to\s+(?P<name>[\w.\-' ]{1,40}?)(?:[:.,]|\s*$)",
    r"^(?:re|reply to|replying to)\s*:?\s*@?(?P<name>[\w.\-']+(?:\s[A-Z][\w.\-']+)?)\s*[:,-]",
)

# --- Section headers and furniture -----------------------------------------

_NUM = r"(?P<count>\d[\d,.]*|no|one|two|three|four|five|six|seven|eight|nine|ten)"

#: Whole-line headers that open a comment section; ``count`` is the announced size.
SECTION_HEADERS: tuple[str, ...] = (
    r"^soundoff\s*\(\s*" + _NUM + r"\s+responses?\s*\)$",
    r"^" + _NUM + r"\s+(?:comments?|responses?|replies|reactions|thoughts|opinions)(?:\s+(?:on|to|for)\b.*)?\s*[:»]?$",
    r"^(?:comments?|responses?|replies|discussion|reader comments)\s*[\(\[]\s*" + _NUM + r"\s*[\)\]]\s*:?$",
    r"^(?:comments?|responses?|discussion|reader comments|reader responses|readers'? comments|your comments|conversation)\s*:?$",
    r"^(?:leave|post|add|write|submit)\s+(?:a|your|new)\s+(?:reply|comment|response)\b.{0,40}$",
    r"^(?:responses|replies|comments|trackbacks)\s+to\s+.{1,120}$",
    r"^(?:join the discussion|what do you think\??|have your say|speak your mind|share your thoughts)$",
    r"^(?:showing|displaying)\s+" + _NUM + r"\s+comments?$",
)

#: Headers that also title ordinary article sections: they open a comment section only
#: when comment signatures follow them.
WEAK_SECTION_HEADERS: tuple[str, ...] = (
    r"^(?:discussion|conversation|responses|replies|your comments)\s*:?$",
    r"^(?:join the discussion|what do you think\??|have your say|speak your mind|share your thoughts)$",
)

#: Announced counts anywhere in a short line ("176 Responses", "· 4 comments").
CLAIMED_COUNT: tuple[str, ...] = (
    r"soundoff\s*\(\s*(?P<count>\d[\d,]*)\s+responses?\s*\)",
    r"(?:^|[·•|(\-–—]\s*)(?P<count>\d[\d,]*)\s+(?:comments?|responses?|replies|thoughts on)\b",
    r"\b(?:comments?|responses?)\s*[\(\[]\s*(?P<count>\d[\d,]*)\s*[\)\]]",
)

#: Page furniture inside a comment section: never a comment, never comment text.
FURNITURE: tuple[str, ...] = (
    r"^(?:\d{1,3}\s+){1,12}\d{1,3}$",  # pagination "1 2 3"
    r"^(?:«|‹|<)?\s*(?:older|newer|previous|next|more|earlier|later)\s+(?:comments?|entries|posts)\s*(?:»|›|>)?$",
    r"^(?:load|show|view|see|read)\s+(?:more|all|older|newer|\d+)\b.{0,30}(?:comments?|replies|responses)\b.{0,10}$",
    r"^(?:page\s+)?\d+\s+of\s+\d+$",
    # a line of comment actions and counters only: "1 ^ | v • Reply • Share ›", "Like · Reply · 3"
    r"^(?:[\d\s•·|›»^↑↓▲▼()+-]|\bv\b)*(?:(?:reply|share|like|likes|flag|report|edit|delete|permalink|quote"
    r"|upvote|downvote|vote|votes|see more|show more|hide replies|view replies)\b(?:[\d\s•·|›»^↑↓▲▼()+-]|\bv\b)*){2,}$",
    r"^(?:reply|replies|reply ↓|reply to this|report|report abuse|flag|like|share|permalink|link|quote|edit|delete|"
    r"cancel reply|log in to reply|login to reply|top|back to top|\[reply\]|\(reply\)|↓|↑|\.\.\.)$",
    r"^(?:leave|post|add|write|submit)\s+(?:a|your|new)\s+(?:reply|comment|response)\b.{0,40}$",
    r"^(?:name|e-?mail|website|url|comment|message)\s*(?:\(required\)|\*|\(will not be published\))?\s*[:*]?\s*$",
    r"your email address will not be published",
    r"required fields are marked",
    r"notify me of (?:follow-?up|new) (?:comments|posts)",
    r"^(?:post|submit|add|send|preview)\s+(?:comment|reply)\b",
    r"you may use these html tags",
    r"^you must be logged in to post a comment",
    r"^subscribe to (?:comments|this thread)",
    r"^(?:the )?comments?(?: (?:to|on|for) this (?:post|entry|article|story))? (?:are|is|have been) (?:now )?closed",
    r"^\d+\s+(?:points?|likes?|votes?)$",
    r"^(?:up|down)vote$",
    r"^sort by\b",
    r"^(?:newest|oldest|best|top) first$",
    r"^trackbacks?\b",
    r"^pingbacks?\b",
    r"^\[(?:\.\.\.|…)\]",  # pingback excerpts "[...] text [...]"
    r"^tracked on\b",
    r"^\d[\d,]*\s+(?:fans|followers|points?|pts|likes?|votes?)$",
    r"^(?:photo|avatar|image|user image)$",
    r"^(?:\.\.\.|…)$",
    # the site's legal line under the thread: "Copyright 2008 Harbour Times", "© 2012 CNN. All rights reserved."
    r"^(?:©|\(c\)|copyright)\s*(?:©|\(c\))?\s*(?:\d{4}\s*[-\u2013]\s*)?\d{4}\b.{0,100}$",
    r"^.{0,80}\ball rights reserved\b.{0,40}$",
)

#: The post's own footer ("Posted on November 13, 2012 by Dana Whitfield"): date first,
#: then "by" the author. A lone one closes the article, not a comment.
POST_FOOTER = r"^(?:posted|published|written|filed)\s+(?:on\s+)?.{4,40}?\s+by\s+\S"

#: Page labels that sit alone on a line of a saved page: share buttons, ad slots, menus.
#: Never a commenter's name, never comment text.
PAGE_LABELS: tuple[str, ...] = (
    r"^(?:advertisement|advertisements|advert|sponsored(?: content)?|promoted|paid content|ad|ads"
    r"|twitter|facebook|linkedin|pinterest|reddit|whatsapp|flipboard|tumblr|e-?mail|print|share|tweet"
    r"|newsletter|subscribe|sign up|sign in|log in|login|menu|search|home|skip to (?:main )?content"
    r"|continue reading|story continues below(?: advertisement)?|scroll to continue(?: with content)?)$",
    # buttons: "Buy Now", "Download Thesis 2.0.1 Now", "Shop today", "Learn more"
    r"^(?:(?:download|buy|order|shop|get|try|join|subscribe)\b.{0,40}\b(?:now|today|here|free)"
    r"|learn more|read more|click here|find out more)$",
)

#: Pingback and trackback lines: notes that another page linked here. A page that ends
#: in them has a comment section made of them alone.
PINGBACK: tuple[str, ...] = (
    r"^\[(?:\.\.\.|…)\]",
    r"^(?:pingback|trackback)s?\b",
)

#: Headers of a list of other stories ("More from Dana Whitfield", "Related Articles"): dated
#: lines under them are links to stories, not comments.
RELATED_HEADERS: tuple[str, ...] = (
    r"^(?:more|recent|latest|other|popular|top|trending|related|similar)\b.{0,40}"
    r"\b(?:from|by|stories|articles|posts|news|reads|videos|headlines|in|on|like this one?)\b.{0,40}$",
    r"^(?:related|you may (?:also )?like|you might (?:also )?like|recommended(?: for you)?|read (?:more|next|also)"
    r"|most (?:read|popular|viewed|shared)|trending(?: now)?|also on .{1,40}|around the web|don't miss)\s*:?$",
)

#: Furniture however long the line (a pingback excerpt runs on).
FURNITURE_ANY_LENGTH: tuple[str, ...] = (
    r"^\[(?:\.\.\.|…)\]",
)

#: Phrases of comment policies and form notes; a paragraph with two of them is furniture
#: ("CNN welcomes a lively and courteous discussion ... Terms of Service ...").
POLICY_PHRASES: tuple[str, ...] = (
    "terms of service",
    "terms of use",
    "privacy policy",
    "rules of conduct",
    "community guidelines",
    "comment policy",
    "pre-screened",
    "courteous discussion",
    "lively and courteous",
    "will not be published",
    "be moderated",
    "moderation",
    "off-topic",
    "html tags",
    "profile picture",
    "gravatar",
    "your name",
    "email address",
)
