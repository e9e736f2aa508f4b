"""Start the dashboard: `python -m ui.serve [streamlit options]` (what `make run` does).

Streamlit still treats a `pages/` folder next to the entry script as legacy auto-discovered pages
until the first session has run st.navigation; on a fresh server a link straight to /coverage
would then bypass dashboard.py (no filters, no navigation). We route pages/ with st.navigation
only, so we say so before the server starts.
"""

from __future__ import annotations

import sys
from pathlib import Path

from streamlit.runtime.pages_manager import PagesManager
from streamlit.web import cli

ENTRY = Path(__file__).resolve().parent.parent / "dashboard.py"


def main(argv: list[str]) -> int:
    PagesManager.uses_pages_directory = False
    return cli.main(args=["run", str(ENTRY), *argv], prog_name="streamlit", standalone_mode=False) or 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
