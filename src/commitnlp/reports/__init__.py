"""Renderers: one scored letter (the ``--format json`` dict) in, text for people or programs out."""
