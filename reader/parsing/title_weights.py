"""Weights of the title scorer (``reader.parsing.title_scorer``): data, not code.

Written by tests/benchmarks/train_titles.py (multinomial logistic regression over each
page's title candidates, trained on Fundus, Readability, L3S-GN1 and trafilatura-eval
pages). Title accuracy when written (rule / full / CV by site):
    fundus       rule 0.944  scorer full 0.944  CV by site 0.944  fitted on the other sets 0.944  (a candidate is right on 0.972)
    readability  rule 0.829  scorer full 0.805  CV by site 0.793  fitted on the other sets 0.598  (a candidate is right on 0.976)
    l3s          rule 0.696  scorer full 0.759  CV by site 0.750  fitted on the other sets 0.741  (a candidate is right on 0.830)
    trafilatura  rule 0.698  scorer full 0.721  CV by site 0.721  fitted on the other sets 0.674  (a candidate is right on 0.919)
"""

TITLE_WEIGHTS: dict[str, float] = {
    'ellipsis': 0.1224,
    'extended_by_other': 0.4631,
    'extends_other': -0.556,
    'has_separator': 0.0003,
    'in_doc_title': 0.1865,
    'is_first_para': 0.0767,
    'log_words': 1.067,
    'long': -0.0341,
    'names_site': 0.1643,
    'one_word': -0.5157,
    'opening_overlap': 0.765,
    'over_15_words': -0.1282,
    'sentence': -0.0562,
    'share_of_doc_title': 0.474,
    'short': -0.4073,
    'slug_cover': 0.8196,
    'slug_overlap': 0.6237,
    'src_dc': 0.3257,
    'src_doc': -0.6825,
    'src_doc_labels_off': -0.0859,
    'src_doc_part': -0.0313,
    'src_h1': 0.335,
    'src_h1_later': 0.5952,
    'src_ld': 0.3466,
    'src_ld_other': 0.2101,
    'src_meta': -0.0253,
    'src_microdata': -0.4304,
    'src_og': 0.0786,
    'src_rule': 1.726,
    'src_sub': -0.3087,
    'src_sub_first': 0.1548,
    'src_traf': -0.206,
    'src_twitter': -0.0155,
    'upper': -0.0503,
    'voices': 0.4413,
    'voices_ge2': 0.447,
    'voices_ge3': -0.4087,
}
