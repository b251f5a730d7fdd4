"""Weights of the comment-block classifier (``reader.parsing.comment_blocks``): data, not code.

Written by tests/benchmarks/train_comment_blocks.py (logistic regression over the named
features of each text block, trained on Dragnet HTML, L3S-GN1 and trafilatura-eval pages).
Comment text among the blocks outside the main text, word-weighted (full / CV by site):
    dragnet      precision 0.930 / 0.914  recall 0.973 / 0.961
    l3s          precision 1.000 / 0.999  recall 0.894 / 0.883
    trafilatura  precision 0.881 / 0.875  recall 0.981 / 0.980
"""

COMMENT_BLOCK_THRESHOLD = 0.5

COMMENT_BLOCK_WEIGHTS: dict[str, float] = {
    "bias": -5.3115,
    "log_words": 0.3599,
    "short": 0.2384,
    "long": 0.1759,
    "link_density": -1.4986,
    "position": 0.607,
    "in_body": -0.7092,
    "after_body": -0.1885,
    "before_body": 0.3119,
    "no_body_found": -0.937,
    "comment_area": 4.0095,
    "furniture_area": -0.7895,
    "article_area": -1.0724,
    "log_repeat": 0.3944,
    "repeat_ge3": 0.5687,
    "signature": -0.5193,
    "says": 0.9875,
    "signature_near": 1.8461,
    "reply_marker_near": 1.0674,
    "is_marker": -3.8578,
    "conversational": 2.7685,
    "has_url": 1.2089,
    "heading": 0.2977,
    "list_item": -0.4398,
    "comment_area_near": 0.5231,
    "box_multi": -0.8424,
    "boxes_signed": -0.5877,
    "box_marked": 0.929,
    "in_form": -3.2264,
}
