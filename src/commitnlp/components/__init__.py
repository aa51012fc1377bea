"""spaCy pipeline components: letter structure first, then the commitment classifier.

Importing a component module registers its factory; installed packages also expose them
through the ``spacy_factories`` entry point, so ``spacy.load`` finds them unaided.
"""
