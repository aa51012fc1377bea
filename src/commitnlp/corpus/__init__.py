"""The annotated corpus: record format, validation, loading, splits, statistics, imports."""
