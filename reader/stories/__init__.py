"""Stories: articles from several outlets reporting the same event.

``features`` turns an article into a compact signature (kept in the
library), ``decide`` scores two signatures (same event? same text?) with
parameters that are data (``params``). The library's story tables and the
incremental joining live in ``reader.library.stories``. Qt-free.
"""

from reader.stories.decide import same_event_score, same_text
from reader.stories.features import Signature, signature, signature_of

__all__ = ["Signature", "same_event_score", "same_text", "signature", "signature_of"]
