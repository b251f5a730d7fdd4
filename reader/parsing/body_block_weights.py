"""Weights of the body-furniture classifier (``reader.parsing.body_blocks``): data, not code.

Written by tests/benchmarks/train_body_blocks.py (logistic regression over the named
features of each main-text paragraph, trained on Zyte, L3S-GN1, Dragnet HTML and Readability
pages). Body token F1 of the paragraphs: as parsed / pruned (full) / pruned (CV by site):
    zyte         0.968 / 0.968 / 0.968
    l3s          0.908 / 0.916 / 0.917
    dragnet      0.934 / 0.934 / 0.934
    readability  0.920 / 0.920 / 0.920
"""

BODY_BLOCK_THRESHOLD = 0.6

BODY_BLOCK_WEIGHTS: dict[str, float] = {
    "bias": -1.5855,
    "log_words": -0.8001,
    "short": -0.0218,
    "heading_like": -0.1723,
    "sentence_end": -0.6688,
    "long": 0.5146,
    "position": 1.635,
    "before_first_long": 1.9259,
    "after_last_long": 0.6923,
    "no_long": -2.9924,
    "share_of_words": -0.7761,
    "furniture_words": 1.1494,
    "furniture_short": 0.5817,
    "under_furniture_heading": 1.2948,
    "table_cells": 1.597,
    "empty_cells": 4.2937,
    "ellipsis": 1.845,
    "matched_block": 0.8395,
    "link_density": 0.6686,
    "all_link": 0.871,
    "furniture_area": -0.7853,
    "article_area": -1.4975,
    "heading_tag": -1.544,
    "list_item": -1.0563,
}
