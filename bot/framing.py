"""Who may show our pages inside a frame: only the page itself, plus Microsoft Teams when the Teams app is
configured (its static tabs show the widget page and the counsellors' insights, teams/manifest.json).
Teams' hosts are Microsoft's documented tab origins; that Teams frames the pages could not be tried here."""
from __future__ import annotations

import settings

TEAMS_HOSTS = ("https://teams.microsoft.com", "https://*.teams.microsoft.com", "https://*.cloud.microsoft",
               "https://*.office.com")


def frame_ancestors() -> str:
    teams = settings.TEAMS_APP_ID.is_set()  # the Teams app is configured (as bot/stack.py: teams_enabled)
    return "frame-ancestors 'self'" + ("".join(f" {host}" for host in TEAMS_HOSTS) if teams else "")
