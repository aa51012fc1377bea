"""The scikit-learn side: features, training, export to a safe format, and numpy scoring."""
