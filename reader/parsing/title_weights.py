"""Weights of the title scorer (``reader.parsing.title_scorer``): data, not code.

Written by tests/benchmarks/train_titles.py (multinomial logistic regression over each
page's title candidates, trained on Fundus, Readability, L3S-GN1 and trafilatura-eval
pages). Title accuracy when written (rule / full / CV by site):
    fundus       rule 0.944  scorer full 0.944  CV by site 0.944  fitted on the other sets 0.944  (a candidate is right on 0.972)
    readability  rule 0.829  scorer full 0.829  CV by site 0.829  fitted on the other sets 0.598  (a candidate is right on 1.000)
    l3s          rule 0.705  scorer full 0.795  CV by site 0.786  fitted on the other sets 0.741  (a candidate is right on 0.866)
    trafilatura  rule 0.733  scorer full 0.791  CV by site 0.779  fitted on the other sets 0.721  (a candidate is right on 0.919)
"""

TITLE_WEIGHTS: dict[str, float] = {
    'ellipsis': 0.1969,
    'extended_by_other': 0.4614,
    'extends_other': -0.6214,
    'has_separator': 0.061,
    'in_doc_title': 0.042,
    'is_first_para': 0.2883,
    'log_words': 1.0795,
    'long': -0.0024,
    'names_site': 0.0433,
    'one_word': -0.6084,
    'opening_overlap': 0.8493,
    'over_15_words': -0.2172,
    'sentence': 0.0093,
    'share_of_doc_title': 0.5055,
    'short': -0.4685,
    'slug_cover': 0.8944,
    'slug_overlap': 0.5916,
    'src_dc': 0.3381,
    'src_doc': -0.7942,
    'src_doc_colon': 0.3147,
    'src_doc_labels_off': 0.1212,
    'src_doc_part': 0.073,
    'src_h1': 0.6473,
    'src_h1_later': 0.5886,
    'src_ld': 0.5787,
    'src_ld_other': 0.3357,
    'src_meta': -0.1335,
    'src_microdata': -0.6759,
    'src_og': -0.1345,
    'src_rule': 1.7206,
    'src_rv_doc': 0.665,
    'src_rv_doc_cut': 0.4872,
    'src_rv_meta': 1.2232,
    'src_sub': -0.2629,
    'src_sub_first': 0.2129,
    'src_traf': -0.4935,
    'src_twitter': -0.2057,
    'upper': 0.1293,
    'voices': 0.3804,
    'voices_ge2': 0.6032,
    'voices_ge3': -0.4742,
}
