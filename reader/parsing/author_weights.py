"""Weights of the author scorer (``reader.parsing.author_scorer``): data, not code.

Written by tests/benchmarks/train_authors.py (multinomial logistic regression over each
page's author candidates, trained on Fundus, Readability and trafilatura-eval pages).
Author F1 when written (rule / full / CV by site):
    fundus       rule 1.000  scorer full 1.000  CV by site 1.000  (best candidate 1.000)  leave-one-set-out 1.000
    readability  rule 0.838  scorer full 0.838  CV by site 0.838  (best candidate 0.865)  leave-one-set-out 0.838
    trafilatura  rule 0.771  scorer full 0.828  CV by site 0.828  (best candidate 0.847)  leave-one-set-out 0.828
"""

AUTHOR_WEIGHTS: dict[str, float] = {
    'all_people': -0.2829,
    'confirmed_by_structured': -0.1886,
    'extended_by_other': -0.1182,
    'extends_other': 0.0017,
    'in_title': 0.1388,
    'labels': 0.1007,
    'log_names': 0.0525,
    'lower': 0.1421,
    'month_word': -0.3006,
    'names_confirmed': 0.0185,
    'names_site': 0.1007,
    'no_people': 0.2039,
    'one_word': -0.4226,
    'prefix_of_other': -0.6306,
    'several': 0.0969,
    'src_by_first': 0.3114,
    'src_by_later': -0.3324,
    'src_ld': 0.3019,
    'src_ld_other': 0.0402,
    'src_link_first': -0.2874,
    'src_link_later': -0.4955,
    'src_meta': 0.5479,
    'src_printed_first': 0.0551,
    'src_printed_later': 0.0682,
    'src_rule': 2.1774,
    'src_traf': 0.4338,
    'src_twitter': -0.0648,
    'upper': 0.1153,
    'voices': 0.3948,
    'voices_ge2': 0.5103,
}
