"""Weights of the title scorer (``reader.parsing.title_scorer``): data, not code.

Written by tests/benchmarks/train_titles.py (multinomial logistic regression over each
page's title candidates, trained on Fundus, Readability, L3S-GN1 and trafilatura-eval
pages). Title accuracy when written (rule / full / CV by site):
    fundus       rule 0.944  scorer full 0.944  CV by site 0.944  fitted on the other sets 0.944  (a candidate is right on 0.972)
    readability  rule 0.829  scorer full 0.805  CV by site 0.793  fitted on the other sets 0.598  (a candidate is right on 0.976)
    l3s          rule 0.705  scorer full 0.777  CV by site 0.768  fitted on the other sets 0.759  (a candidate is right on 0.848)
    trafilatura  rule 0.698  scorer full 0.721  CV by site 0.721  fitted on the other sets 0.686  (a candidate is right on 0.919)
"""

TITLE_WEIGHTS: dict[str, float] = {
    'ellipsis': 0.1216,
    'extended_by_other': 0.4627,
    'extends_other': -0.5549,
    'has_separator': -0.0002,
    'in_doc_title': 0.1856,
    'is_first_para': 0.0787,
    'log_words': 1.0653,
    'long': -0.0339,
    'names_site': 0.164,
    'one_word': -0.5143,
    'opening_overlap': 0.7635,
    'over_15_words': -0.1276,
    'sentence': -0.0559,
    'share_of_doc_title': 0.4727,
    'short': -0.4068,
    'slug_cover': 0.8165,
    'slug_overlap': 0.6213,
    'src_dc': 0.3237,
    'src_doc': -0.6816,
    'src_doc_labels_off': -0.0839,
    'src_doc_part': -0.0304,
    'src_h1': 0.3347,
    'src_h1_later': 0.5925,
    'src_ld': 0.3451,
    'src_ld_other': 0.2089,
    'src_meta': -0.0254,
    'src_microdata': -0.4279,
    'src_og': 0.0779,
    'src_rule': 1.725,
    'src_sub': -0.3077,
    'src_sub_first': 0.1544,
    'src_traf': -0.2045,
    'src_twitter': -0.0154,
    'upper': -0.05,
    'voices': 0.4407,
    'voices_ge2': 0.4464,
    'voices_ge3': -0.4056,
}
