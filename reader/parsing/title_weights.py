"""Weights of the title scorer (``reader.parsing.title_scorer``): data, not code.

Written by tests/benchmarks/train_titles.py (multinomial logistic regression over each
page's title candidates, trained on Fundus, Readability, L3S-GN1 and trafilatura-eval
pages). Title accuracy when written (rule / full / CV by site):
    fundus       rule 0.944  scorer full 0.944  CV by site 0.944  (a candidate is right on 0.972)
    readability  rule 0.780  scorer full 0.780  CV by site 0.744  (a candidate is right on 0.939)
    l3s          rule 0.696  scorer full 0.768  CV by site 0.750  (a candidate is right on 0.830)
    trafilatura  rule 0.698  scorer full 0.721  CV by site 0.721  (a candidate is right on 0.919)
"""

TITLE_WEIGHTS: dict[str, float] = {
    'ellipsis': 0.0922,
    'extended_by_other': 0.4652,
    'extends_other': -0.5006,
    'has_separator': -0.0918,
    'in_doc_title': 0.2624,
    'is_first_para': 0.1324,
    'log_words': 0.9432,
    'long': -0.0194,
    'names_site': 0.0217,
    'one_word': -0.3988,
    'opening_overlap': 0.6751,
    'over_15_words': -0.0744,
    'sentence': -0.0326,
    'share_of_doc_title': 0.3927,
    'short': -0.4534,
    'slug_cover': 0.6864,
    'slug_overlap': 0.5424,
    'src_doc': -0.5277,
    'src_doc_labels_off': -0.046,
    'src_doc_part': 0.007,
    'src_h1': 0.347,
    'src_h1_later': 0.4582,
    'src_ld': 0.1191,
    'src_ld_other': 0.0548,
    'src_meta': 0.0767,
    'src_microdata': -0.3062,
    'src_og': 0.0927,
    'src_rule': 1.4998,
    'src_sub': -0.2611,
    'src_sub_first': 0.1453,
    'src_traf': -0.0825,
    'src_twitter': 0.0465,
    'upper': -0.0348,
    'voices': 0.3962,
    'voices_ge2': 0.4254,
    'voices_ge3': -0.2698,
}
