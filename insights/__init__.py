"""Read side of the product: queries over the store, number formatting, charts and narrative.

No streamlit here either: the briefing CLI uses the same functions as the pages.
"""
