"""Weights of the author scorer (``reader.parsing.author_scorer``): data, not code.

Written by tests/benchmarks/train_authors.py (multinomial logistic regression over each
page's author candidates, trained on Fundus, Readability and trafilatura-eval pages).
Author F1 when written (rule / full / CV by site):
    fundus       rule 1.000  scorer full 1.000  CV by site 0.997  (best candidate 1.000)
    readability  rule 0.804  scorer full 0.822  CV by site 0.812  (best candidate 0.849)
    trafilatura  rule 0.776  scorer full 0.819  CV by site 0.819  (best candidate 0.838)
"""

AUTHOR_WEIGHTS: dict[str, float] = {
    'all_people': -0.2924,
    'confirmed_by_structured': -0.2283,
    'extended_by_other': -0.2521,
    'extends_other': 0.2051,
    'in_title': 0.2497,
    'labels': -0.0403,
    'log_names': 0.1614,
    'lower': -0.0194,
    'month_word': -0.0948,
    'names_confirmed': -0.0696,
    'names_site': -0.0403,
    'no_people': 0.244,
    'one_word': -0.3242,
    'prefix_of_other': -0.5492,
    'several': 0.1163,
    'src_by_first': 0.5037,
    'src_by_later': -0.3445,
    'src_ld': 0.3212,
    'src_ld_other': 0.0348,
    'src_link_first': -0.2511,
    'src_link_later': -0.5162,
    'src_meta': 0.5887,
    'src_printed_first': 0.7541,
    'src_printed_later': 0.0775,
    'src_rule': 1.9614,
    'src_traf': -0.2245,
    'src_twitter': -0.1194,
    'upper': -0.1083,
    'voices': 0.6588,
    'voices_ge2': 0.4096,
}
