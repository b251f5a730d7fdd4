"""Reader comments in plain-text dumps: where they start, and the thread they form.

Saved pages bring their comment threads along in a handful of layouts:
numbered lists ("1. Name / text / December 11, 2012 at 10:21 am | Reply"),
WordPress ("Name says: / November 13, 2012 at 8:26 am / text"), Disqus
("Name • 3 years ago"), Blogger ("Name said... / text / 6:46 AM") and
footer signatures ("text / by Name on January 31, 2011 at 9:59 am").

The parser does not guess the layout by name. It classifies each line
(signature, date line, header, page furniture, text) with the cue tables of
``reader.parsing.comment_cues``, finds the run of signatures that reaches
the end of the page, decides whether the signatures head or close their
comments (the thread as a whole settles it), and nests replies by
indentation, "@name" or "in reply to". Pipeline:

    locate_comments(lines)      -> index of the first line of the section
    comments_from_text(lines)   -> CommentSection(comments, claimed)
    comment_count_claimed(text) -> the count the page announces
"""

from reader.parsing.comment_section import comment_count_claimed, locate_comments
from reader.parsing.comment_thread import CommentSection, comments_from_text

__all__ = ["CommentSection", "comment_count_claimed", "comments_from_text", "locate_comments"]
