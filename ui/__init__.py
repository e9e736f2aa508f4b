"""Streamlit glue shared by the pages: the cached store, cached queries, common widgets."""
