"""The local web application (``commitnlp serve``)."""
