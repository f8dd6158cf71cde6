"""Fitting geonews' small learned models on annotated corpora.

``python -m geonews.learn resolver CORPUS.jsonl ...`` fits the resolver's weights
(:mod:`geonews.ranking`) and writes them with their provenance and cross-corpus
validation. Needs scikit-learn (``pip install 'geonews[train]'``); geoparsing does not.
"""
