"""Weights of the author scorer (``reader.parsing.author_scorer``): data, not code.

Written by tests/benchmarks/train_authors.py (multinomial logistic regression over each
page's author candidates, trained on Fundus, Readability and trafilatura-eval pages).
Author F1 when written (rule / full / CV by site):
    fundus       rule 1.000  scorer full 1.000  CV by site 0.997  (best candidate 1.000)
    readability  rule 0.804  scorer full 0.822  CV by site 0.804  (best candidate 0.849)
    trafilatura  rule 0.776  scorer full 0.819  CV by site 0.819  (best candidate 0.837)
"""

AUTHOR_WEIGHTS: dict[str, float] = {
    'all_people': -0.2786,
    'confirmed_by_structured': -0.2268,
    'extended_by_other': -0.2475,
    'extends_other': 0.1995,
    'in_title': 0.242,
    'labels': -0.0396,
    'log_names': 0.1438,
    'lower': -0.0221,
    'month_word': -0.0895,
    'names_confirmed': -0.0789,
    'names_site': -0.0396,
    'no_people': 0.2483,
    'one_word': -0.3216,
    'prefix_of_other': -0.2288,
    'several': 0.1012,
    'src_by_first': 0.518,
    'src_by_later': -0.3408,
    'src_ld': 0.309,
    'src_ld_other': 0.0374,
    'src_link_first': -0.2828,
    'src_link_later': -0.5057,
    'src_meta': 0.5675,
    'src_printed_first': 0.7469,
    'src_printed_later': 0.1017,
    'src_rule': 1.9634,
    'src_traf': -0.2218,
    'src_twitter': -0.1196,
    'upper': -0.1126,
    'voices': 0.6556,
    'voices_ge2': 0.4301,
}
