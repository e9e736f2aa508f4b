"""Run the app in AppTest as ui.serve serves it: pages/ is routed by st.navigation only.

AppTest re-detects a `pages/` folder before every run and, finding one, runs the current page's file
directly from the second run on, skipping dashboard.py (navigation, filters, sign-in). Tests and the
page benchmark call `route_through_dashboard()` once so every run goes through dashboard.py."""

from __future__ import annotations

from streamlit.runtime.pages_manager import PagesManager


def route_through_dashboard() -> None:
    if getattr(PagesManager.__init__, "_routes_through_dashboard", False):
        return
    original = PagesManager.__init__

    def init(self, *args, **kwargs):  # type: ignore[no-untyped-def]
        original(self, *args, **kwargs)
        PagesManager.uses_pages_directory = False

    init._routes_through_dashboard = True  # type: ignore[attr-defined]
    PagesManager.__init__ = init  # type: ignore[method-assign]
