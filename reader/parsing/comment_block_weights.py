"""Weights of the comment-block classifier (``reader.parsing.comment_blocks``): data, not code.

Written by tests/benchmarks/train_comment_blocks.py (logistic regression over the named
features of each text block, trained on Dragnet HTML, L3S-GN1 and trafilatura-eval pages).
Comment text among the blocks outside the main text, word-weighted (full / CV by site):
    dragnet      precision 0.924 / 0.908  recall 0.971 / 0.952
    l3s          precision 0.986 / 0.986  recall 0.675 / 0.675
    trafilatura  precision 0.913 / 0.889  recall 0.970 / 0.883
"""

COMMENT_BLOCK_THRESHOLD = 0.5

COMMENT_BLOCK_WEIGHTS: dict[str, float] = {
    "bias": -5.4884,
    "log_words": 0.4359,
    "short": 0.1735,
    "long": 0.4587,
    "link_density": -1.5134,
    "position": 0.0785,
    "in_body": -0.5212,
    "after_body": -0.4119,
    "before_body": 0.519,
    "no_body_found": -2.6612,
    "comment_area": 4.0224,
    "furniture_area": -0.8486,
    "article_area": -1.5687,
    "log_repeat": 0.087,
    "repeat_ge3": 0.668,
    "signature": -0.7162,
    "says": 1.2331,
    "signature_near": 2.1915,
    "reply_marker_near": 1.2541,
    "is_marker": -4.5947,
    "conversational": 2.1805,
    "has_url": 1.451,
    "heading": 0.2356,
    "list_item": 0.6902,
    "comment_area_near": 0.2928,
    "box_multi": -0.266,
    "boxes_signed": -0.2565,
    "box_marked": 1.4146,
}
