"""Weights of the author scorer (``reader.parsing.author_scorer``): data, not code.

Written by tests/benchmarks/train_authors.py (multinomial logistic regression over each
page's author candidates, trained on Fundus, Readability and trafilatura-eval pages).
Author F1 when written (rule / full / CV by site):
    fundus       rule 1.000  scorer full 1.000  CV by site 0.997  (best candidate 1.000)  leave-one-set-out 0.997
    readability  rule 0.827  scorer full 0.836  CV by site 0.827  (best candidate 0.863)  leave-one-set-out 0.827
    trafilatura  rule 0.776  scorer full 0.819  CV by site 0.819  (best candidate 0.838)  leave-one-set-out 0.819
"""

AUTHOR_WEIGHTS: dict[str, float] = {
    'all_people': -0.1981,
    'confirmed_by_structured': -0.2026,
    'extended_by_other': -0.2491,
    'extends_other': 0.2289,
    'in_title': 0.2632,
    'labels': -0.0853,
    'log_names': 0.1807,
    'lower': 0.1311,
    'month_word': -0.0884,
    'names_confirmed': -0.0935,
    'names_site': -0.0853,
    'no_people': 0.1444,
    'one_word': -0.3978,
    'prefix_of_other': -0.4715,
    'several': 0.1412,
    'src_by_first': 0.4629,
    'src_by_later': -0.3314,
    'src_ld': 0.2955,
    'src_ld_other': 0.0442,
    'src_link_first': -0.1829,
    'src_link_later': -0.4749,
    'src_meta': 0.5471,
    'src_printed_first': 0.6992,
    'src_printed_later': 0.1317,
    'src_rule': 2.0965,
    'src_traf': -0.1932,
    'src_twitter': -0.1189,
    'upper': -0.166,
    'voices': 0.5082,
    'voices_ge2': 0.4001,
}
