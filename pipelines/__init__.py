"""Ingestion pipeline for district trade-union returns: files -> checked observations -> DuckDB.

Nothing in this package imports streamlit: the CLI and the app share it.
"""
