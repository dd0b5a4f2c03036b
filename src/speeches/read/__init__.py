"""The read side: the DuckDB engine, queries, corpus views, claims, report and evaluation."""
