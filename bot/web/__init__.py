"""The web front end for a unit's intranet: `selfreview web` (bot/web/server.py)."""
